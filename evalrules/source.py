"""Source texts and spans: where in which file a piece of a rule file stands."""

from __future__ import annotations

from pathlib import Path

import attrs


@attrs.frozen
class Source:
    """A rule file's text with the name it is known by (a path, or ``<string>``)."""

    name: str
    text: str

    def line(self, number: int) -> str:
        """The text of line ``number`` (1-based), without its line break."""
        lines = self.text.splitlines()
        return lines[number - 1] if 0 < number <= len(lines) else ""


@attrs.frozen
class Span:
    """A stretch of a source: 1-based lines and columns, end exclusive; offsets into the text."""

    source: Source = attrs.field(repr=False, eq=False)
    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.source.text[self.start : self.end]

    @property
    def location(self) -> str:
        return f"{self.source.name}:{self.line}:{self.column}"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.source.name,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }


def point(source: Source, offset: int) -> Span:
    """A span of one character at ``offset`` (or an empty one at the end of the text)."""
    before = source.text[:offset]
    line = before.count("\n") + 1
    column = offset - (before.rfind("\n") + 1) + 1
    end = min(offset + 1, len(source.text))
    return Span(source, line, column, line, column + (end - offset), offset, end)


# UTF-8 first; files saved by Chinese editions of Windows tools are often GBK, which GB18030 reads.
ENCODINGS = ("utf-8-sig", "gb18030")


def read_at_most(path: Path, limit: int) -> str:
    """The text of a UTF-8 (or else GB18030) file, a BOM dropped, but no more than ``limit`` + 1
    characters.

    A longer file is cut there, so that the caller's size check refuses it without the whole
    file ever being read into memory. Raises OSError, or UnicodeDecodeError when neither
    encoding reads it.
    """
    for encoding in ENCODINGS[:-1]:
        try:
            with path.open(encoding=encoding) as file:
                return file.read(limit + 1)
        except UnicodeDecodeError:
            continue
    with path.open(encoding=ENCODINGS[-1]) as file:
        return file.read(limit + 1)
