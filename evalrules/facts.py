"""Fact sets: loading YAML, JSON or Python mappings, and reading each fact as the type a rule needs.

A fact file comes from the unit being evaluated, so nothing in it is guessed at:

- Every fact is made plain first, whichever way it came: text, Decimal, yes/no, nothing (None),
  a date, a list, or a map whose names are text. Anything else is refused, naming the fact, and
  so is text that would not be shown as it is read (control characters, lone surrogates).
- A YAML value without a tag is its text: YAML 1.1's guesses (``8:30`` a number in base 60,
  ``on`` true, ``0x1A`` hexadecimal, ``1_000`` a thousand) are never made. Text is read as a
  number, yes/no or a date only where a rule needs one, by the same rules whatever its source.
  A tag is accepted only where that reading gives what the tag says; a name is always its text.
- Numbers never pass through binary floats. YAML is composed node by node (no constructor runs,
  so no Python object can be made from a fact file), with a cap on the nodes visited, so that an
  alias bomb is refused rather than expanded.
"""

from __future__ import annotations

import datetime
import difflib
import json
import operator
import re
from collections import Counter, UserString
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, SupportsIndex, cast

import attrs

from . import display, numbers
from .display import brief
from .errors import Diagnostic, FactError
from .numbers import Exact
from .plan import ValueType
from .source import Source, Span, UnreadableFile, point, read_at_most, read_stream_at_most

MAX_FILE_CHARS = 10_000_000
MAX_NODES = 1_000_000
MAX_LIST = 100_000
# A fact is a value, a list of records, or a value with its evidence: three levels are enough,
# ten leave room for evidence kept as lists.
MAX_DEPTH = 10
_TOO_MUCH = "大量的记录请改为给出次数或汇总数。"
_TOO_LONG = f"（至多 {numbers.MAX_DIGITS} 位有效数字，小数点移动不超过 {numbers.MAX_DIGITS} 位）"

_TRUE = {"是", "真", "有", "对", "true", "yes", "y", "√", "✓"}
_FALSE = {"否", "假", "无", "没有", "错", "false", "no", "n", "×", "✗"}
# ASCII digits, and the full-width ones Chinese input methods type; no other script's digits.
_DIGIT = "[0-9０-９]"
_PERCENT = re.compile(rf"^\s*([+-]?{_DIGIT}+(?:\.{_DIGIT}+)?)\s*[%％]\s*$")
_NUMBER = re.compile(rf"^\s*[+-]?{_DIGIT}+(?:\.{_DIGIT}+)?\s*$")
_INTEGER = re.compile(rf"^\s*[+-]?(?:[0０]|[1-9１-９]{_DIGIT}*)\s*$")  # no leading zero
_DATE = re.compile(rf"^\s*({_DIGIT}{{4}})\s*[-/.年]\s*({_DIGIT}{{1,2}})\s*[-/.月]\s*"
                   rf"({_DIGIT}{{1,2}})\s*日?\s*$")
_VALUE_KEYS = ("值", "value")
_SOURCE_KEYS = ("来源", "依据来源", "source")
_SCORE_KEYS = ("得分", "score")
_REASON_KEYS = ("依据", "理由", "reason")
_LEVEL_KEYS = ("等级", "评定", "level")
_DEDUCTION_KEYS = ("扣分", "deduction")

# Refused in fact text: a lone surrogate cannot be written out at all; control characters (an
# escape sequence rewrites a terminal's screen) and direction overrides make what is shown
# differ from what is read. Tabs and line breaks are text.
# Line breaks and tabs lay out text written over several lines (evidence, reasons).
_LAYOUT = "\t\n\r"
_NUMBER_HINT = "数值写作 7.1、-3 或 85%：不加千分位的逗号或下划线，不用科学记数法；8:30 这样的时刻不是数。"
# The hint of similar names for a missing fact: how many names given are looked at, and compared.
_HINT_LOOKS = 2_000
_HINT_COMPARED = 20
_API_VALUES = "可给出 str、int、Decimal、bool、date，或由它们组成的 list 和以 str 为名称的 dict。"


@attrs.frozen
class Fact:
    """One fact as given: its raw value, where it came from, and any evidence given with it."""

    name: str
    raw: object
    origin: str
    evidence: str | None = None
    # Set by a what-if (--set) rather than given: and the value it stands in for, as written
    # (None when none was given).
    assumed: bool = False
    was: str | None = None


@attrs.frozen
class Award:
    """A 评价要点 judged by the evaluator: full points (passed), none, or a score with reason."""

    passed: bool
    score: Decimal | None
    reason: str | None
    # For 酌情: whether the amount was written as 扣分 (True) or 得分 (False), so that a rule
    # that deducts never takes a score given as points earned, nor the other way round.
    deducted: bool | None = None


@attrs.frozen
class Judged:
    """A level the evaluator chose for a 评定, with the reason given."""

    level: str
    reason: str | None
    score: Decimal | None = None  # for a level given a range of scores (其他（0-1分）)


@attrs.frozen
class Record:
    """One occurrence, from a list of records: what happened, with its fields as evidence."""

    fields: tuple[tuple[str, str], ...]

    @property
    def summary(self) -> str:
        return "；".join(f"{k}：{v}" if k else v for k, v in self.fields)


@attrs.frozen
class Occurrences:
    count: int
    records: tuple[Record, ...]


Value = Exact | bool | str | tuple[Exact, ...] | Occurrences | Award | Judged | datetime.date


class Facts(Mapping[str, Fact]):
    """A fact set: fact name -> Fact. Build it with ``load_facts`` or ``Facts.from_mapping``."""

    def __init__(self, facts: Mapping[str, Fact], origin: str) -> None:
        self._facts = dict(facts)
        self.origin = origin
        self._by_character: dict[str, list[str]] | None = None

    def __getitem__(self, name: str) -> Fact:
        return self._facts[name]

    def __iter__(self) -> Any:
        return iter(self._facts)

    def __len__(self) -> int:
        return len(self._facts)

    @classmethod
    def from_mapping(cls, values: Mapping[str, object], origin: str = "<facts>",
                     places: Mapping[str, Span] | None = None) -> Facts:
        """Facts from names and values (plain Python values; see the module's docstring);
        ``places`` gives where each name stands in a fact file."""
        if not isinstance(values, Mapping):
            raise FactError([Diagnostic("E0304", f"事实应为“名称: 值”的映射，给出的是 {_kind(values)}")])
        problems: list[Diagnostic] = []
        facts: dict[str, Fact] = {}
        for key, value in values.items():
            place = (places or {}).get(key)
            try:
                name = _name(key, None)
                if name in facts:
                    raise FactError([Diagnostic("E0304", f"「{brief(name)}」出现了两次",
                                                fact=brief(name))])
                where = f"{origin}:{place.line}" if place is not None else origin
                facts[name] = _fact(name, _plain(name, value), where)
            except FactError as error:
                problems.extend(attrs.evolve(d, span=place) for d in error.diagnostics)
        if problems:
            raise FactError(problems)
        return cls(facts, origin)

    def close_names(self, name: str) -> list[str]:
        """Up to three names given that are like ``name``, for a hint, at a bounded cost.

        Comparing ``name`` with every name given costs as much as the file is long, for every
        name missing. Only names sharing a character with it can be alike: they are found in an
        index made once, those sharing its rarest characters first, at most _HINT_LOOKS of them;
        the _HINT_COMPARED sharing the most characters are compared."""
        if self._by_character is None:
            self._by_character = {}
            for given in self._facts:
                for character in dict.fromkeys(given):
                    self._by_character.setdefault(character, []).append(given)
        index = self._by_character
        shared: Counter[str] = Counter()
        looks = _HINT_LOOKS
        for character in sorted(dict.fromkeys(name), key=lambda c: len(index.get(c, ()))):
            found = index.get(character, [])[:looks]
            shared.update(found)
            looks -= len(found)
            if not looks:
                break
        compared = sorted(shared, key=lambda given: (-shared[given], abs(len(given) - len(name))))
        return difflib.get_close_matches(name, compared[:_HINT_COMPARED], n=3, cutoff=0.5)


def _fact(name: str, value: object, origin: str) -> Fact:
    if isinstance(value, dict):
        value_key = _role(value, _VALUE_KEYS, name)
        if value_key is not None:
            source_key = _role(value, _SOURCE_KEYS, name)
            evidence = _content(value[source_key]) if source_key is not None else None
            return Fact(name, value[value_key], origin, evidence)
    return Fact(name, value, origin)


# ---- making a value plain -------------------------------------------------------------------


def _plain(name: str, value: object) -> object:
    """The value made plain: text, Decimal, bool, None, date, and lists and dicts of them.

    Walked without recursion and within the limits: no list over MAX_LIST items, no more than
    MAX_DEPTH levels and MAX_NODES items in all (a list that contains itself stops at the depth).
    """
    if type(value) in _PLAIN_SCALARS:  # most facts: no walk needed
        return _scalar(name, value)
    root: list[object] = [None]
    stack: list[tuple[object, Any, Any, int]] = [(value, root, 0, 1)]
    seen = 0
    while stack:
        item, parent, slot, depth = stack.pop()
        seen += 1
        entries = _entries(name, item)
        if entries is None:
            parent[slot] = _scalar(name, item)
            continue
        if entries and depth >= MAX_DEPTH:
            raise FactError([Diagnostic(
                "E0302", f"事实「{brief(name)}」嵌套过深（至多 {MAX_DEPTH} 层）", None,
                fact=brief(name))])
        if seen + len(stack) + len(entries) > MAX_NODES:
            raise FactError([Diagnostic(
                "E0307", f"事实「{brief(name)}」内容过多（超过 {MAX_NODES} 项）", None,
                (_TOO_MUCH,), fact=brief(name))])
        copy: Any = dict.fromkeys(key for key, _ in entries) if isinstance(item, Mapping) \
            else [None] * len(entries)  # slots filled as the walk comes to them, order kept
        stack.extend((child, copy, key, depth + 1) for key, child in entries)
        parent[slot] = copy
    return root[0]


_PLAIN_SCALARS = frozenset({str, int, bool, Decimal, type(None)})
# Sequences that are not lists of facts: text, bytes, and text that is not a str.
_NOT_LISTS = (str, bytes, bytearray, memoryview, UserString)


def _entries(name: str, item: object) -> list[tuple[Any, object]] | None:
    """A map's names (checked) and values, or a list's indexes and items; None for a value.

    No more than MAX_LIST + 1 are taken, so a length that lies does not make the walk read on."""
    if isinstance(item, Mapping):
        entries = list(islice(item.items(), MAX_LIST + 1))
    elif isinstance(item, Sequence) and not isinstance(item, _NOT_LISTS):
        entries = list(enumerate(islice(item, MAX_LIST + 1)))
    else:
        return None
    if len(entries) > MAX_LIST:
        count = f" {len(item)} 项" if isinstance(item, (list, tuple, dict)) else f"超过 {MAX_LIST} 项"
        raise FactError([Diagnostic(
            "E0307", f"事实「{brief(name)}」含{count}的列表，至多 {MAX_LIST} 项", None,
            (_TOO_MUCH,), fact=brief(name))])
    if not isinstance(item, Mapping):
        return entries
    named: dict[str, object] = {}
    for key, child in entries:
        text = _name(key, name)
        if text in named:
            raise FactError([Diagnostic(
                "E0302", f"事实「{brief(name)}」中「{brief(text)}」出现了两次", None,
                fact=brief(name))])
        named[text] = child
    return list(named.items())


def _name(key: object, fact: str | None) -> str:
    """A name in a fact set (``fact`` is the fact it is inside): text with something in it."""
    owner = f"事实「{brief(fact)}」中的" if fact is not None else ""
    if not isinstance(key, str):
        raise FactError([Diagnostic("E0304", f"{owner}名称应为文字，给出的是 {_kind(key)}",
                                    fact=brief(fact) if fact is not None else None)])
    text = _text(fact if fact is not None else key, str.__str__(key))
    if not text.strip():
        raise FactError([Diagnostic("E0304", f"{owner}名称为空",
                                    fact=brief(fact) if fact is not None else None)])
    return text


def _text(name: str, text: str) -> str:
    hidden = display.first_hidden(text, _LAYOUT)
    if hidden is not None:
        raise FactError([Diagnostic(
            "E0310", f"事实「{brief(name)}」含不可显示的字符 U+{ord(hidden):04X}", None,
            ("控制字符、改变文字方向的字符和孤立的代理码位会使显示的内容与读到的不同，请删去。",),
            fact=brief(name))])
    return text


def _scalar(name: str, item: object) -> object:
    """A value that is not a list or a map, made plain, or FactError naming the fact."""
    if item is None or isinstance(item, bool):
        return item
    if isinstance(item, str):
        return _text(name, str.__str__(item))
    shown = brief(name)
    if isinstance(item, Decimal):
        if not item.is_finite():
            raise FactError([Diagnostic("E0302", f"事实「{shown}」为 {item}，不是有限的数", None,
                                        fact=shown)])
        return Decimal(item)
    if isinstance(item, float):
        text = repr(float(item))  # float-ok: only to show what was given, in the refusal
        raise FactError([Diagnostic(
            "E0302", f"事实「{shown}」是二进制浮点数 {text}，不能精确表示", None,
            (f'请写成文字 "{text}" 或 Decimal("{text}")。',), fact=shown)])
    if isinstance(item, Fraction):
        return _fraction(name, item)
    if isinstance(item, datetime.datetime):
        return _day(name, item)
    if isinstance(item, datetime.date):
        return datetime.date(item.year, item.month, item.day)
    try:  # an int, or what says it is one without loss (numpy's int64)
        whole = operator.index(cast(SupportsIndex, item))
    except TypeError:
        raise FactError([Diagnostic("E0302", f"事实「{shown}」的值是 {_kind(item)}，无法读取", None,
                                    (_API_VALUES,), fact=shown)]) from None
    if not -(10 ** numbers.MAX_DIGITS) < whole < 10 ** numbers.MAX_DIGITS:  # before converting
        raise FactError([Diagnostic("E0305", f"事实「{shown}」的数值位数过多{_TOO_LONG}", None,
                                    fact=shown)])
    return Decimal(whole)


def _fraction(name: str, value: Fraction) -> Decimal:
    shown = brief(name)
    if max(abs(value.numerator), value.denominator) >= 10 ** (2 * numbers.MAX_DIGITS):
        raise FactError([Diagnostic("E0305", f"事实「{shown}」的数值位数过多{_TOO_LONG}", None,
                                    fact=shown)])
    exact = numbers.normalize(value)
    if not isinstance(exact, Decimal):
        raise FactError([Diagnostic(
            "E0302", f"事实「{shown}」为 {value}，不能写成有限小数", None,
            ("请给出按规定位数舍入后的 Decimal。",), fact=shown)])
    return exact


def _day(name: str, moment: datetime.datetime) -> datetime.date:
    """A date and time of 00:00 is the date; another time is refused, not cut off.

    Spreadsheets and data frames give dates as midnight. A time of day more often comes of a
    date moved between time zones (2023-12-31 in Beijing is 2023-12-30 16:00 in UTC), where
    taking the date would silently move a deadline by a day."""
    if moment.time() != datetime.time(0):
        raise FactError([Diagnostic(
            "E0302", f"事实「{brief(name)}」是带时刻的日期时间 {moment.isoformat(' ')}，"
            "规则只读日期", None,
            ("请只给出日期（datetime.date）；带时刻的值常是时区换算的结果，取其日期可能差一天。",),
            fact=brief(name))])
    return datetime.date(moment.year, moment.month, moment.day)


def _kind(item: object) -> str:
    """What a value that cannot be read is, in the words of the Python that gave it."""
    if isinstance(item, (bytes, bytearray, memoryview)):
        return "字节串（bytes），不是文字：请先解码为 str"
    if isinstance(item, (set, frozenset)):
        return "集合（set），没有先后次序：请给出 list"
    kind = type(item)
    module = "" if kind.__module__ == "builtins" else f"{kind.__module__}."
    return brief(f"{module}{kind.__qualname__} 类型的对象")


# ---- showing a value as written -------------------------------------------------------------


def written(value: object) -> str:
    """A plain value as an author writes it: 7.10, 85%, 是, 空, 2022-03-01, [1, 2], {值: 5}."""
    if value is None:
        return "空"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return str(value) if numbers.too_long(value) else format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key}: {written(item)}" for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(written(item) for item in value) + "]"
    return str(value)


def _content(value: object) -> str | None:
    """A reason or evidence as text, or None when it says nothing (empty, blanks, punctuation)."""
    text = written(value) if value is not None else ""
    return text if any(char.isalnum() for char in text) else None


# ---- reading a fact as a type -------------------------------------------------------------


def _wrong(fact: Fact, kind: ValueType, indicator: str | None, detail: str = "",
           hints: tuple[str, ...] = ()) -> FactError:
    raw = fact.raw
    given = f"“{brief(raw)}”" if isinstance(raw, str) else brief(written(raw))
    message = f"事实「{brief(fact.name)}」应为{kind.value}，但给出的是 {given}{detail}"
    return FactError([Diagnostic("E0302", message, None, (*hints, f"见 {fact.origin}"),
                                 indicator, fact.name)])


def _role(raw: Mapping[str, object], keys: tuple[str, ...], name: str,
          indicator: str | None = None) -> str | None:
    """Which of ``keys`` (one role's spellings: 依据, 理由, reason) is given; two are refused."""
    given = [key for key in keys if key in raw]
    if len(given) > 1:
        both = "和".join(f"「{key}」" for key in given)
        raise FactError([Diagnostic("E0302", f"事实「{brief(name)}」同时写了{both}，只能写其中一个",
                                    None, (), indicator, name)])
    return given[0] if given else None


def number(fact: Fact, raw: object, indicator: str | None) -> Exact:
    value = _number(fact, raw, indicator)
    if numbers.too_long(value):
        raise FactError([Diagnostic(
            "E0305", f"事实「{brief(fact.name)}」的数值位数过多{_TOO_LONG}", None,
            (f"见 {fact.origin}",), indicator, fact.name)])
    return value


def _number(fact: Fact, raw: object, indicator: str | None) -> Decimal:
    if isinstance(raw, Decimal) and raw.is_finite():
        return raw
    if isinstance(raw, str):
        value = _number_text(raw)
        if value is None:
            raise _wrong(fact, ValueType.NUMBER, indicator, hints=(_NUMBER_HINT,))
        return value
    raise _wrong(fact, ValueType.NUMBER, indicator)


def _number_text(text: str) -> Decimal | None:
    """The number a text writes (7.1, -3, 85%), or None."""
    percent = _PERCENT.match(text)
    if percent:
        return numbers.percent_of(Decimal(percent.group(1)))
    return Decimal(text.strip()) if _NUMBER.match(text) else None


def is_percent_text(raw: object) -> bool:
    return isinstance(raw, str) and _PERCENT.match(raw) is not None


def boolean(fact: Fact, raw: object, indicator: str | None) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
        return raw.strip().lower() in _TRUE
    raise _wrong(fact, ValueType.BOOL, indicator, "（写作 是 或 否）")


def read(fact: Fact, kind: ValueType, indicator: str | None) -> Value:
    """The fact's value as ``kind``, or FactError naming the fact and the indicator."""
    return READERS[kind](fact, indicator)


def rate(fact: Fact, indicator: str | None) -> Exact:
    """A number the rules compare with percentages (满意度/96%, 执行率≥90%): given as one, 86.4%.
    A bare 86.4 would be 8640%, and 0.864 is a guess at what was meant: both are refused."""
    if is_percent_text(fact.raw):
        return number(fact, fact.raw, indicator)
    value = _number(fact, fact.raw, indicator)  # not a number at all: told as such
    shown = numbers.plain(value)
    raise FactError([Diagnostic(
        "E0311", f"事实「{brief(fact.name)}」是百分数，给出的 {shown} 没有写 %", None,
        (f"规则把它与百分数比较或相除；请写作 “{shown}%”（若 {shown} 是百分数）"
         f"或 “{numbers.plain_percent(value)}”（若 {shown} 是小数）。", f"见 {fact.origin}"),
        indicator, fact.name)])


def quantity(fact: Fact, indicator: str | None) -> Exact:
    """A number the rules compare with plain numbers or points (满意度80分以上, 公示方式≥3): a
    value given with % (85%) would be 0.85 and fall below every band, so it is refused."""
    if not is_percent_text(fact.raw):
        return number(fact, fact.raw, indicator)
    raise FactError([Diagnostic(
        "E0313", f"事实「{brief(fact.name)}」与不带 % 的数比较，给出的 {fact.raw} 却是百分数", None,
        (f"规则把它与不带 % 的数或分数比较；{fact.raw} 会被读成 "
         f"{numbers.show(number(fact, fact.raw, indicator))}。请写不带 % 的数（如 "
         f"{str(fact.raw).strip().rstrip('%％').strip()}）。", f"见 {fact.origin}"),
        indicator, fact.name)])


def _text_value(fact: Fact, indicator: str | None) -> str:
    if isinstance(fact.raw, str):
        return fact.raw
    raise _wrong(fact, ValueType.TEXT, indicator)


def _list(fact: Fact, indicator: str | None) -> tuple[Exact, ...]:
    if isinstance(fact.raw, list):
        return tuple(number(fact, item, indicator) for item in fact.raw)
    raise _wrong(fact, ValueType.LIST, indicator)


def _given(fact: Fact, raw: Mapping[str, object], keys: tuple[str, ...],
           indicator: str | None) -> object | None:
    key = _role(raw, keys, fact.name, indicator)
    return raw[key] if key is not None else None


def _judged(fact: Fact, indicator: str | None) -> Judged:
    raw = fact.raw
    if isinstance(raw, str) and raw.strip():
        return Judged(raw.strip(), None)
    if isinstance(raw, Mapping):
        level = _given(fact, raw, _LEVEL_KEYS, indicator)
        if isinstance(level, str) and level.strip():
            score = _given(fact, raw, _SCORE_KEYS, indicator)
            value = number(fact, score, indicator) if score is not None else None
            assert value is None or isinstance(value, Decimal)
            return Judged(level.strip(), _content(_given(fact, raw, _REASON_KEYS, indicator)), value)
    raise _wrong(fact, ValueType.LEVEL, indicator, "（写作 等级名，或 {等级: …, 依据: …}）")


def _discretion(fact: Fact, indicator: str | None) -> Award:
    raw = fact.raw
    if isinstance(raw, Mapping):
        amount = _given(fact, raw, _SCORE_KEYS + _DEDUCTION_KEYS, indicator)
        reason = _content(_given(fact, raw, _REASON_KEYS, indicator))
        if amount is None or reason is None:
            raise _wrong(fact, ValueType.DISCRETION, indicator,
                         "（须写明 得分或扣分，及依据；依据不能为空或只有标点）")
        value = number(fact, amount, indicator)
        assert isinstance(value, Decimal)
        return Award(False, value, reason, any(key in raw for key in _DEDUCTION_KEYS))
    if isinstance(raw, str):
        nought = raw.strip().lower() in _FALSE or _number_text(raw) == 0
    else:
        nought = raw is False or (isinstance(raw, Decimal) and raw.is_zero())
    if nought:
        return Award(True, None, None)  # nothing given or taken: no reason needed
    raise _wrong(fact, ValueType.DISCRETION, indicator, "（写作 {得分: …, 依据: …} 或 {扣分: …, 依据: …}）")


def _calendar_date(text: str) -> datetime.date | None:
    """The date a text writes (2022-03-01, 2022/3/1, 2022年3月1日), if there is such a day."""
    match = _DATE.match(text)
    if match is None:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _date(fact: Fact, indicator: str | None) -> datetime.date:
    raw = fact.raw
    if isinstance(raw, datetime.date) and not isinstance(raw, datetime.datetime):
        return raw
    day = _calendar_date(raw) if isinstance(raw, str) else None
    if day is None:
        raise _wrong(fact, ValueType.DATE, indicator, "（写作 2022-03-01 或 2022年3月1日）")
    return day


def _occurrences(fact: Fact, indicator: str | None) -> Occurrences:
    raw = fact.raw
    if isinstance(raw, list):
        records = []
        for place, item in enumerate(raw, 1):
            fields = dict(item) if isinstance(item, Mapping) else {"": item}
            if not any(_content(value) for value in fields.values()):
                raise _wrong(fact, ValueType.OCCURRENCES, indicator, f"（第 {place} 条记录是空的）")
            records.append(Record(tuple((key, written(value)) for key, value in fields.items())))
        return Occurrences(len(records), tuple(records))
    if isinstance(raw, bool) or (isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE):
        # 未召开年度工作会议：是 — it happened (once), or not at all
        return Occurrences(int(boolean(fact, raw, indicator)), ())
    count = numbers.to_fraction(number(fact, raw, indicator))
    if count < 0 or count.denominator != 1:
        raise _wrong(fact, ValueType.OCCURRENCES, indicator, "（次数应为不小于 0 的整数）")
    return Occurrences(int(count), ())


def _award(fact: Fact, indicator: str | None) -> Award:
    raw = fact.raw
    if isinstance(raw, Mapping):
        score = _given(fact, raw, _SCORE_KEYS, indicator)
        reason = _content(_given(fact, raw, _REASON_KEYS, indicator))
        if score is None:
            raise _wrong(fact, ValueType.CHECK, indicator, "（评价人给分需写明「得分」）")
        if reason is None:
            raise _wrong(fact, ValueType.CHECK, indicator,
                         "（评价人给分需写明「依据」，依据不能为空或只有标点）")
        value = number(fact, score, indicator)
        assert isinstance(value, Decimal)
        return Award(False, value, reason)
    return Award(boolean(fact, raw, indicator), None, None)


# ---- files --------------------------------------------------------------------------------


def load_facts(path: str | Path) -> Facts:
    """Read a YAML (.yaml/.yml) or JSON (.json) fact file."""
    path = Path(path)
    origin = str(path)
    try:
        text = read_at_most(path, MAX_FILE_CHARS)
    except UnreadableFile as error:
        raise FactError([Diagnostic("E0304", f"无法读取事实文件 {origin}：{error}")]) from None
    return parse_facts(text, origin, as_json=path.suffix.lower() == ".json")


def read_facts(stream: BinaryIO, origin: str = "<标准输入>") -> Facts:
    """Facts from a stream such as standard input: JSON when it opens with ``{``, else YAML."""
    try:
        text = read_stream_at_most(stream, MAX_FILE_CHARS)
    except UnreadableFile as error:
        raise FactError([Diagnostic("E0304", f"无法读取事实（{origin}）：{error}")]) from None
    return parse_facts(text, origin, as_json=text.lstrip("\ufeff \t\r\n").startswith("{"))


def parse_facts(text: str, origin: str = "<facts>", as_json: bool = False) -> Facts:
    """Facts from the text of a YAML (or, with ``as_json``, JSON) fact file."""
    if len(text) > MAX_FILE_CHARS:
        raise FactError([Diagnostic(
            "E0309", f"事实文件 {origin} 过大（超过 {MAX_FILE_CHARS} 个字符）", None,
            (_TOO_MUCH,))])
    source = Source(origin, text.removeprefix("\ufeff"))
    surrogate = display.lone_surrogate(source.text)
    if surrogate is not None:
        raise FactError([Diagnostic(
            "E0310", f"事实文件含孤立的代理码位 {display.visible(source.text[surrogate])}，不是文字",
            point(source, surrogate), ("文本可能在转换编码时损坏；请删去这个字符。",))])
    places: dict[str, Span] = {}
    if as_json:
        data = _load_json(source)
    else:  # PyYAML is imported only when a YAML file is read, not with evalrules
        from .yaml_facts import load_yaml
        data = load_yaml(source, places)
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise FactError([Diagnostic("E0304", f"事实文件 {origin} 的顶层应为“名称: 值”的映射")])
    return Facts.from_mapping(data, origin, places)


# ---- JSON -----------------------------------------------------------------------------------


class _Refused(ValueError):
    """A JSON file is refused for what it holds, not for its syntax."""


def _reject_constant(name: str) -> object:
    raise _Refused(f"{name} 不是数")


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f"「{brief(key)}」出现了两次")
        result[key] = value
    return result


def _load_json(source: Source) -> object:
    try:
        return json.loads(source.text, parse_float=Decimal, parse_int=Decimal,
                          parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        # The reader's own words are English: only their meaning is told, at the place.
        raise FactError([Diagnostic("E0304", f"不是有效的 JSON：{_problem(error.msg, _JSON_PROBLEMS)}",
                                    point(source, error.pos))]) from None
    except _Refused as error:  # the reader does not say where
        raise FactError([Diagnostic("E0304", f"事实文件 {source.name} 中{error}")]) from None
    except RecursionError:
        raise FactError([Diagnostic("E0304", f"事实文件 {source.name} 嵌套过深")]) from None


# What the readers say, in a policy author's words: the first phrase found in their message.
_JSON_PROBLEMS = (
    ("Expecting value", "此处缺少值"),
    ("Expecting ',' delimiter", "此处缺少逗号，或括号没有配对"),
    ("Expecting ':' delimiter", "名称后缺少冒号"),
    ("Expecting property name", "名称须用双引号括起，最后一项之后不能有逗号"),
    ("Unterminated string", "引号没有闭合"),
    ("Invalid control character", "文字中含控制字符（换行写作 \\n）"),
    ("Extra data", "内容结束之后还有内容"),
    ("Invalid \\", "反斜杠转义无效"),
)


def _problem(said: str, problems: tuple[tuple[str, str], ...]) -> str:
    return next((words for phrase, words in problems if phrase in said),
                "格式有误：请检查此处的缩进、冒号、逗号、括号和引号")


Reader = Callable[[Fact, "str | None"], Value]

# How a fact is read as each type: the evaluator picks the reader once per fact, by its type.
READERS: dict[ValueType, Reader] = {
    ValueType.NUMBER: lambda fact, indicator: number(fact, fact.raw, indicator),
    ValueType.RATE: rate,
    ValueType.QUANTITY: quantity,
    ValueType.BOOL: lambda fact, indicator: boolean(fact, fact.raw, indicator),
    ValueType.TEXT: _text_value,
    ValueType.DATE: _date,
    ValueType.LIST: _list,
    ValueType.OCCURRENCES: _occurrences,
    ValueType.LEVEL: _judged,
    ValueType.DISCRETION: _discretion,
    ValueType.CHECK: _award,
}
