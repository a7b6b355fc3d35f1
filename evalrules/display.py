"""User text made safe to show: the one place that decides which characters a terminal would act
on, or hide, rather than show (render.py shows them escaped; facts.py refuses them in fact files).
"""

from __future__ import annotations

import re
import unicodedata

# Controls (C0, DEL, C1), format characters (bidirectional overrides and isolates, marks, zero
# widths, the BOM), surrogates and the line and paragraph separators. A terminal acts on them or
# hides them; shown as they are, they could move the cursor, rewrite a line already printed (a
# total that is not the real one), reorder the text that follows, or break the layout.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Zero-width (non-)joiners only shape the letters they stand between (emoji, some scripts).
_JOINERS = frozenset({"\u200c", "\u200d"})
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str, allowed: str = "") -> str:
    r"""User text as it may go to a terminal: every character a terminal would act on or hide is
    written as an escape, as Python writes it, but those in ``allowed``; the rest is left alone.

    >>> visible("资金\x1b[2J到位\u202e率\n总分\t100")
    '资金\\x1b[2J到位\\u202e率\\n总分\\t100'
    """
    if text.isprintable():
        return text
    return "".join(_escape(char) if hidden(char) and char not in allowed else char
                   for char in text)


# The most of a name or value a message quotes; the caret under the line shows where the rest is.
SHOWN_CHARS = 40


def brief(text: str) -> str:
    """Text as a message shows it: cut short when long, hidden characters escaped."""
    if len(text) > SHOWN_CHARS:
        text = f"{text[:SHOWN_CHARS]}…（共 {len(text)} 个字符）"
    return visible(text)


def lone_surrogate(text: str) -> int | None:
    """Where ``text`` holds half of a UTF-16 pair alone, or None. No encoding can write such a
    character, so text that holds one can be neither read by a YAML reader nor shown."""
    found = _SURROGATE.search(text)
    return None if found is None else found.start()


def first_hidden(text: str, allowed: str = "") -> str | None:
    """The first character of ``text`` that is hidden and not one of ``allowed``, or None."""
    if text.isprintable() or text.translate({ord(c): None for c in allowed}).isprintable():
        return None
    return next((char for char in text if char not in allowed and hidden(char)), None)


def hidden(char: str) -> bool:
    """Whether a terminal would act on the character, or not show it, rather than show it."""
    return char not in _JOINERS and unicodedata.category(char) in _HIDDEN


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    point = ord(char)
    return f"\\x{point:02x}" if point < 0x100 else \
        f"\\u{point:04x}" if point < 0x10000 else f"\\U{point:08x}"


# ---- line breaking ----------------------------------------------------------------------------
# Rich breaks lines at spaces, and folds a run without spaces (all of a Chinese sentence) at
# whatever cell the width ends on: 100% became 1 / 00%. Here a line may break between Chinese
# characters and at spaces, but never inside a number with its unit, before closing punctuation,
# after opening punctuation, nor between a name, its = and its value.

_UNITS = "万元|亿元|元|万|亿|分|个|次|人|户|件|项|条|天|日|月|年|小时|位|名|家|台|份|倍|档|笔|期|周|秒"
# A run of ASCII (a number, 100%, (7.1/35.5), a file name, an escape) with the unit after it.
_TOKEN = re.compile(rf"\s+|[!-~…]+(?<=[0-9%…])(?:{_UNITS})|[!-~…]+|.", re.DOTALL)
_CLOSING = frozenset("，。、；：！？）」』”’》〉】%…·")
_OPENING = frozenset("（「『“‘《〈【")
# 实际到位资金 = 7.1, = 0.8 and 8.854166… → 8.85 hold together: the word before the sign (if a
# space parts them), the sign and the word after. A word ends at a space, a punctuation mark or
# another sign, so that finding each is linear in the line (a regular expression asking for the
# optional word before would try every start of a long word again).
_NOT_WORD = frozenset("，。、；：！？（）「」『』“”‘’《》×÷/*+=→")
_JOIN = re.compile("[=→] ")
_WORD = re.compile("[^\\s，。、；：！？（）「」『』“”‘’《》×÷/*+=→]+")


def _joined(text: str) -> set[int]:
    """Where a name and its value, or the two sides of an arrow, hold together: the indexes a
    piece may not start at."""
    kept: set[int] = set()
    for found in _JOIN.finditer(text):
        first = found.start()
        if first >= 2 and text[first - 1] == " " and _is_word(text[first - 2]):
            first -= 2
            while first > 0 and _is_word(text[first - 1]):
                first -= 1
        after = _WORD.match(text, found.end())
        if after is not None:
            kept.update(range(first + 1, after.end()))
    return kept


def _is_word(char: str) -> bool:
    return not char.isspace() and char not in _NOT_WORD


def breaks(text: str) -> list[tuple[int, int]]:
    """``text`` (one line) cut into the pieces a line may not break inside: (start, end)."""
    tokens = [(found.start(), found.end()) for found in _TOKEN.finditer(text)]
    kept = _joined(text)
    pieces: list[tuple[int, int]] = []
    for start, end in tokens:
        if pieces and (start in kept or text[start - 1] in _OPENING or (
                text[start] in _CLOSING and not text[slice(*pieces[-1])].isspace())):
            pieces[-1] = (pieces[-1][0], end)
        else:
            pieces.append((start, end))
    return pieces


def wrap(text: str, width: int, indent: int) -> list[tuple[int, int]]:
    """Where to cut ``text`` (one line) into lines of at most ``width`` cells, each after the
    first to be shown after ``indent`` cells: (start, end) of each, without the spaces broken at.
    A piece longer than a whole line is cut at its tokens, and a token at its characters."""
    from rich.cells import cell_len  # here: facts.py imports this module, and evalrules no rich

    lines: list[tuple[int, int]] = []
    start = end = used = 0  # the line being filled, and its cells

    def place(first: int, last: int) -> None:
        nonlocal start, end, used
        room = width - indent if lines else width
        size = cell_len(text[first:last])
        if text[first:last].isspace():
            if lines and end == start:  # a continuation line does not start with spaces
                start = end = last
            else:  # kept, or at the end of the line dropped
                end, used = last, used + size
        elif used + size <= room:
            end, used = last, used + size
        elif text[start:end].strip() and size <= width - indent:
            lines.append((start, end))
            start, end, used = first, last, size
        elif last - first > 1:  # longer than any line: its tokens, or its characters, fill lines
            tokens = [(found.start(), found.end()) for found in _TOKEN.finditer(text, first, last)]
            if len(tokens) == 1:
                tokens = [(index, index + 1) for index in range(first, last)]
            for a, b in tokens:
                place(a, b)
        else:  # one character wider than what is left of the line
            if text[start:end].strip():
                lines.append((start, end))
                start = first
            end, used = last, cell_len(text[start:last])

    for first, last in breaks(text):
        place(first, last)
    lines.append((start, end))
    return [(a, a + len(text[a:b].rstrip())) for a, b in lines]
