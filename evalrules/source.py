"""Source texts and spans: where in which file a piece of a rule or fact file stands; and the
one way every file is read."""

from __future__ import annotations

import bisect
import codecs
import errno
import functools
import io
import os
import stat
from pathlib import Path
from typing import BinaryIO

import attrs


@attrs.frozen
class Source:
    """A rule file's text with the name it is known by (a path, or ``<string>``)."""

    name: str
    text: str

    def line(self, number: int) -> str:
        """The text of line ``number`` (1-based), without its line break.

        Lines end at ``\n`` only, as spans count them (files are read with their line breaks
        made ``\n``)."""
        starts = self._line_starts
        if not 0 < number <= len(starts):
            return ""
        end = starts[number] - 1 if number < len(starts) else len(self.text)
        return self.text[starts[number - 1] : end]

    @functools.cached_property
    def _line_starts(self) -> tuple[int, ...]:
        # Found once: a fact file of ten million characters may have a diagnostic on every line.
        starts = [0]
        found = self.text.find("\n")
        while found != -1:
            starts.append(found + 1)
            found = self.text.find("\n", found + 1)
        return tuple(starts)


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
    offset = max(0, min(offset, len(source.text)))
    line = bisect.bisect_right(source._line_starts, offset)
    column = offset - source._line_starts[line - 1] + 1
    end = min(offset + 1, len(source.text))
    return Span(source, line, column, line, column + (end - offset), offset, end)


# UTF-8 first; files saved by Chinese editions of Windows tools are often GBK, which GB18030 reads.
ENCODINGS = ("utf-8-sig", "gb18030")
# A BOM says which encoding a file is in, so nothing is guessed: Windows Notepad's "Unicode" is
# UTF-16 with a BOM. UTF-32's little-endian BOM begins with UTF-16's, so it is looked for first.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_ENCODING_NAMES = {"utf-32": "UTF-32", "utf-16": "UTF-16", "utf-8-sig": "UTF-8"}
_SAVE_AS = "请在编辑器中另存为 UTF-8 编码"
_OPEN_ERRORS = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中的某一级不是文件夹",
    errno.ELOOP: "路径中的符号链接形成了循环",
    errno.ENAMETOOLONG: "路径过长",
}


class UnreadableFile(OSError):
    """A file that is not read, with the reason in a policy author's words."""


def read_at_most(path: Path, limit: int) -> str:
    """The text of a rule or fact file, but no more than ``limit`` + 1 characters.

    UTF-8, or else GB18030 (which reads GBK); UTF-8, UTF-16 or UTF-32 when a BOM says so, the
    BOM dropped. Line breaks become ``\n``. A longer file is cut at ``limit`` + 1, so that the
    caller's size check refuses it without the whole file ever being read into memory. Only a
    regular file is read: a named pipe or a device could make the reading wait forever or never
    end. Raises UnreadableFile.
    """
    try:
        with _open_regular(path) as file:
            return _decoded(file, limit)
    except UnreadableFile:
        raise
    except ValueError:  # a NUL in the path, or a lone surrogate no file name can hold
        raise UnreadableFile("路径中含不能用于文件名的字符（如空字符）") from None
    except OSError as error:
        reason = _OPEN_ERRORS.get(error.errno or 0, f"无法读取（{error.strerror or error}）")
        raise UnreadableFile(reason) from None


def read_stream_at_most(stream: BinaryIO, limit: int) -> str:
    """The text of a stream (standard input), decoded as a file is, but no more than ``limit``
    + 1 characters. Raises UnreadableFile."""
    try:
        # A pipe cannot seek back to try the next encoding: what may be read is kept first, up to
        # four bytes a character (so a longer stream is still cut, and refused by the caller).
        return _decoded(io.BytesIO(stream.read(4 * (limit + 1) + 4)), limit)
    except OSError as error:
        raise UnreadableFile(f"无法读取（{error.strerror or error}）") from None


def _open_regular(path: Path) -> BinaryIO:
    """The file opened for reading, if it is a regular file; a named pipe is never opened.

    It is looked at before it is opened, and again once open in case it was swapped in between;
    opening without waiting keeps a pipe swapped in from blocking the open itself."""
    _check_regular(os.stat(path).st_mode)
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                         | getattr(os, "O_BINARY", 0))
    file = os.fdopen(descriptor, "rb")
    try:
        _check_regular(os.fstat(descriptor).st_mode)
    except UnreadableFile:
        file.close()
        raise
    return file


def _check_regular(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise UnreadableFile(_OPEN_ERRORS[errno.EISDIR])
    kind = ("命名管道" if stat.S_ISFIFO(mode) else "设备" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "套接字" if stat.S_ISSOCK(mode) else "特殊文件")
    raise UnreadableFile(f"这是一个{kind}，不是普通文件，不从中读取")


def _decoded(file: BinaryIO, limit: int) -> str:
    start = file.read(4)
    by_bom = next((encoding for bom, encoding in _BOMS if start.startswith(bom)), None)
    for encoding in (by_bom,) if by_bom else ENCODINGS:
        file.seek(0)
        reader = io.TextIOWrapper(file, encoding=encoding)
        try:
            text = reader.read(limit + 1)
        except UnicodeDecodeError:
            continue
        finally:
            reader.detach()
        if "\0" in text:
            raise UnreadableFile("含空字符，可能是不带 BOM 的 UTF-16 编码；" + _SAVE_AS)
        return text
    if by_bom is None:
        raise UnreadableFile(f"既不是 UTF-8 编码，也不是 GBK（GB18030）编码；{_SAVE_AS}")
    name = _ENCODING_NAMES[by_bom]
    raise UnreadableFile(f"以 {name} 的 BOM 开头，内容却不是有效的 {name}；{_SAVE_AS}")
