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
