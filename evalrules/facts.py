"""Fact sets: loading YAML, JSON or Python mappings, and reading each fact as the type a rule needs.

Numbers never pass through binary floats: YAML and JSON numbers are read from their text as
Decimal, and a Python float is refused. YAML is composed node by node (no tags are ever
constructed, so no Python object can be made from a fact file), with a cap on the nodes visited
so that an alias bomb is refused rather than expanded.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs
import yaml

from . import numbers
from .errors import Diagnostic, FactError
from .numbers import Exact
from .plan import ValueType
from .source import UnreadableFile, read_at_most

MAX_FILE_CHARS = 10_000_000
MAX_NODES = 1_000_000
MAX_LIST = 100_000
# A fact is a value, a list of records, or a value with its evidence: three levels are enough,
# ten leave room for evidence kept as lists.
MAX_DEPTH = 10
_TOO_MUCH = "大量的记录请改为给出次数或汇总数。"
# libyaml's parser when PyYAML was built with it (eight times faster); the same nodes either way.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_TAGS = frozenset(f"tag:yaml.org,2002:{kind}" for kind in
                       ("map", "seq", "str", "int", "float", "bool", "null", "timestamp"))

_TRUE = {"是", "真", "有", "对", "true", "yes", "y", "√", "✓"}
_FALSE = {"否", "假", "无", "没有", "错", "false", "no", "n", "×", "✗"}
_PERCENT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*[%％]\s*$")
_NUMBER = re.compile(r"^\s*[+-]?\d+(?:\.\d+)?\s*$")
_VALUE_KEYS = ("值", "value")
_SOURCE_KEYS = ("来源", "依据来源", "source")
_SCORE_KEYS = ("得分", "score")
_REASON_KEYS = ("依据", "理由", "reason")
_LEVEL_KEYS = ("等级", "评定", "level")
_DEDUCTION_KEYS = ("扣分", "deduction")


@attrs.frozen
class Fact:
    """One fact as given: its raw value, where it came from, and any evidence given with it."""

    name: str
    raw: object
    origin: str
    evidence: str | None = None


@attrs.frozen
class Award:
    """A 评价要点 judged by the evaluator: full points (passed), none, or a score with reason."""

    passed: bool
    score: Decimal | None
    reason: str | None


@attrs.frozen
class Judged:
    """A level the evaluator chose for a 评定, with the reason given."""

    level: str
    reason: str | None


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

    def __getitem__(self, name: str) -> Fact:
        return self._facts[name]

    def __iter__(self) -> Any:
        return iter(self._facts)

    def __len__(self) -> int:
        return len(self._facts)

    @classmethod
    def from_mapping(cls, values: Mapping[str, object], origin: str = "<facts>",
                     lines: Mapping[str, int] | None = None) -> Facts:
        """Facts from a plain mapping; ``lines`` gives the line each fact stands on in a file."""
        problems: list[Diagnostic] = []
        facts = {}
        for key, value in values.items():
            name = str(key)
            line = (lines or {}).get(name)
            try:
                facts[name] = _fact(name, value, f"{origin}:{line}" if line else origin)
            except FactError as error:
                problems.extend(error.diagnostics)
        if problems:
            raise FactError(problems)
        return cls(facts, origin)

    def close_names(self, name: str) -> list[str]:
        return difflib.get_close_matches(name, list(self._facts), n=3, cutoff=0.5)


def _fact(name: str, value: object, origin: str) -> Fact:
    _inspect(name, value)
    if isinstance(value, Mapping):
        keys = {str(k) for k in value}
        value_key = next((k for k in _VALUE_KEYS if k in keys), None)
        if value_key is not None:
            source = next((str(value[k]) for k in _SOURCE_KEYS if k in keys), None)
            return Fact(name, value[value_key], origin, source)
    return Fact(name, value, origin)


def _inspect(name: str, value: object) -> None:
    """Walks a value given through the API, without recursion and within the limits.

    No binary floats anywhere in it, no list over MAX_LIST items, no more than MAX_DEPTH
    levels and MAX_NODES items in all (a list that contains itself stops at the depth).
    """
    stack: list[tuple[object, int]] = [(value, 1)]
    seen = 0
    while stack:
        item, depth = stack.pop()
        seen += 1
        if isinstance(item, float):
            raise FactError([Diagnostic(
                "E0302", f"事实「{name}」是二进制浮点数 {item!r}，不能精确表示", None,
                (f'请写成文字 "{item!r}" 或 Decimal("{item!r}")。',), fact=name)])
        children: Sequence[object]
        if isinstance(item, Mapping):
            children = list(item.values())
        elif isinstance(item, (list, tuple)):
            children = item
        else:
            continue
        if len(children) > MAX_LIST:
            raise FactError([Diagnostic(
                "E0307", f"事实「{name}」含 {len(children)} 项的列表，至多 {MAX_LIST} 项", None,
                (_TOO_MUCH,), fact=name)])
        if children and depth >= MAX_DEPTH:
            raise FactError([Diagnostic(
                "E0302", f"事实「{name}」嵌套过深（至多 {MAX_DEPTH} 层）", None, fact=name)])
        if seen + len(stack) + len(children) > MAX_NODES:
            raise FactError([Diagnostic(
                "E0307", f"事实「{name}」内容过多（超过 {MAX_NODES} 项）", None,
                (_TOO_MUCH,), fact=name)])
        stack.extend((child, depth + 1) for child in children)


# ---- reading a fact as a type -------------------------------------------------------------


def _wrong(fact: Fact, kind: ValueType, indicator: str | None, detail: str = "") -> FactError:
    given = fact.raw if not isinstance(fact.raw, str) else f"“{fact.raw}”"
    message = f"事实「{fact.name}」应为{kind.value}，但给出的是 {given}{detail}"
    return FactError([Diagnostic("E0302", message, None, (f"见 {fact.origin}",),
                                 indicator, fact.name)])


def number(fact: Fact, raw: object, indicator: str | None) -> Exact:
    value = _number(fact, raw, indicator)
    if numbers.too_long(value):
        raise FactError([Diagnostic(
            "E0305", f"事实「{fact.name}」的数值位数过多（至多 {numbers.MAX_DIGITS} 位有效数字，"
            f"小数点移动不超过 {numbers.MAX_DIGITS} 位）", None, (f"见 {fact.origin}",),
            indicator, fact.name)])
    return value


def _number(fact: Fact, raw: object, indicator: str | None) -> Decimal:
    if isinstance(raw, bool):
        raise _wrong(fact, ValueType.NUMBER, indicator)
    if isinstance(raw, (int, Decimal)):
        value = Decimal(raw)
        if not value.is_finite():
            raise _wrong(fact, ValueType.NUMBER, indicator)
        return value
    if isinstance(raw, str):
        percent = _PERCENT.match(raw)
        if percent:
            return Decimal(percent.group(1)).scaleb(-2)
        if _NUMBER.match(raw):
            return Decimal(raw.strip())
    raise _wrong(fact, ValueType.NUMBER, indicator)


def is_percent_text(raw: object) -> bool:
    return isinstance(raw, str) and _PERCENT.match(raw) is not None


def boolean(fact: Fact, raw: object, indicator: str | None) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
        return raw.strip().lower() in _TRUE
    raise _wrong(fact, ValueType.BOOL, indicator)


def read(fact: Fact, kind: ValueType, indicator: str | None) -> Value:
    """The fact's value as ``kind``, or FactError naming the fact and the indicator."""
    raw = fact.raw
    if kind is ValueType.NUMBER:
        return number(fact, raw, indicator)
    if kind is ValueType.BOOL:
        return boolean(fact, raw, indicator)
    if kind is ValueType.TEXT:
        if isinstance(raw, str):
            return raw
        raise _wrong(fact, kind, indicator)
    if kind is ValueType.DATE:
        return _date(fact, indicator)
    if kind is ValueType.LIST:
        if isinstance(raw, Sequence) and not isinstance(raw, str):
            return tuple(number(fact, item, indicator) for item in raw)
        raise _wrong(fact, kind, indicator)
    if kind is ValueType.OCCURRENCES:
        return _occurrences(fact, indicator)
    if kind is ValueType.LEVEL:
        return _judged(fact, indicator)
    if kind is ValueType.DISCRETION:
        return _discretion(fact, indicator)
    return _award(fact, indicator)


def _keyed(raw: Mapping[Any, Any], keys: tuple[str, ...]) -> object | None:
    found = next((k for k in raw if str(k) in keys), None)
    return raw[found] if found is not None else None


def _judged(fact: Fact, indicator: str | None) -> Judged:
    raw = fact.raw
    if isinstance(raw, str):
        return Judged(raw.strip(), None)
    if isinstance(raw, Mapping):
        level, reason = _keyed(raw, _LEVEL_KEYS), _keyed(raw, _REASON_KEYS)
        if isinstance(level, str):
            return Judged(level.strip(), _text(reason) if reason is not None else None)
    raise _wrong(fact, ValueType.LEVEL, indicator, "（写作 等级名，或 {等级: …, 依据: …}）")


def _discretion(fact: Fact, indicator: str | None) -> Award:
    raw = fact.raw
    if isinstance(raw, Mapping):
        amount = _keyed(raw, _SCORE_KEYS + _DEDUCTION_KEYS)
        reason = _keyed(raw, _REASON_KEYS)
        if amount is None or reason is None:
            raise _wrong(fact, ValueType.DISCRETION, indicator, "（须写明 得分或扣分，及依据）")
        value = number(fact, amount, indicator)
        assert isinstance(value, Decimal)
        return Award(False, value, _text(reason))
    if raw in (0, False) or (isinstance(raw, str) and raw.strip() in _FALSE | {"0"}):
        return Award(True, None, None)  # nothing given or taken: no reason needed
    raise _wrong(fact, ValueType.DISCRETION, indicator, "（写作 {得分: …, 依据: …} 或 {扣分: …, 依据: …}）")


_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def _date(fact: Fact, indicator: str | None) -> datetime.date:
    if isinstance(fact.raw, datetime.date):  # given from Python
        return fact.raw
    match = _DATE.match(fact.raw) if isinstance(fact.raw, str) else None
    if match is not None:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise _wrong(fact, ValueType.DATE, indicator, "（写作 2022-03-01 或 2022年3月1日）")


def _occurrences(fact: Fact, indicator: str | None) -> Occurrences:
    raw = fact.raw
    if isinstance(raw, Sequence) and not isinstance(raw, str):
        records = []
        for item in raw:
            if isinstance(item, Mapping):
                records.append(Record(tuple((str(k), _text(v)) for k, v in item.items())))
            else:
                records.append(Record((("", _text(item)),)))
        return Occurrences(len(records), tuple(records))
    count = numbers.to_fraction(number(fact, raw, indicator))
    if count < 0 or count.denominator != 1:
        raise _wrong(fact, ValueType.OCCURRENCES, indicator, "（次数应为不小于 0 的整数）")
    return Occurrences(int(count), ())


def _award(fact: Fact, indicator: str | None) -> Award:
    raw = fact.raw
    if isinstance(raw, Mapping):
        keys = {str(k): k for k in raw}
        score_key = next((keys[k] for k in _SCORE_KEYS if k in keys), None)
        reason_key = next((keys[k] for k in _REASON_KEYS if k in keys), None)
        reason = _text(raw[reason_key]) if reason_key is not None else None
        if score_key is None:
            raise _wrong(fact, ValueType.CHECK, indicator, "（评价人给分需写明「得分」）")
        if reason is None:
            raise _wrong(fact, ValueType.CHECK, indicator, "（评价人给分需写明「依据」）")
        score = number(fact, raw[score_key], indicator)
        assert isinstance(score, Decimal)
        return Award(False, score, reason)
    return Award(boolean(fact, raw, indicator), None, None)


def _text(value: object) -> str:
    if isinstance(value, Decimal):
        return numbers.plain(value)
    return str(value)


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


def parse_facts(text: str, origin: str = "<facts>", as_json: bool = False) -> Facts:
    """Facts from the text of a YAML (or, with ``as_json``, JSON) fact file."""
    if len(text) > MAX_FILE_CHARS:
        raise FactError([Diagnostic(
            "E0309", f"事实文件 {origin} 过大（超过 {MAX_FILE_CHARS} 个字符）", None,
            (_TOO_MUCH,))])
    lines: dict[str, int] = {}
    data = _load_json(text, origin) if as_json else _load_yaml(text, origin, lines)
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise FactError([Diagnostic("E0304", f"事实文件 {origin} 的顶层应为“名称: 值”的映射")])
    return Facts.from_mapping(data, origin, lines)


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} 不是数")


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"「{key}」出现了两次")
        result[key] = value
    return result


def _load_json(text: str, origin: str) -> object:
    try:
        return json.loads(text, parse_float=Decimal, parse_int=Decimal,
                          parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except (ValueError, RecursionError) as error:
        raise FactError([Diagnostic("E0304", f"事实文件 {origin} 不是有效的 JSON：{error}")]) \
            from None


def _load_yaml(text: str, origin: str, lines: dict[str, int]) -> object:
    try:
        node = yaml.compose(text, Loader=_YAML_LOADER)
    except (yaml.YAMLError, RecursionError) as error:
        raise FactError([Diagnostic("E0304", f"事实文件 {origin} 不是有效的 YAML：{error}")]) \
            from None
    if node is None:
        return None
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                lines[key.value] = key.start_mark.line + 1
    return _YamlReader(origin).value(node, 0)  # the file's own map is level 0


class _YamlReader:
    """Builds plain values from YAML nodes; numbers from their text, never through float."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.visited = 0

    def fail(self, message: str, node: yaml.Node | None = None) -> FactError:
        where = f"{self.origin}:{node.start_mark.line + 1}" if node is not None else self.origin
        return FactError([Diagnostic("E0304", f"事实文件 {where}：{message}")])

    def value(self, node: yaml.Node, depth: int) -> object:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise self.fail(f"内容过多（超过 {MAX_NODES} 项，或含层层展开的别名）")
        if depth > MAX_DEPTH:
            raise self.fail(f"嵌套过深（至多 {MAX_DEPTH} 层）", node)
        if node.tag not in _YAML_TAGS:
            raise self.fail(f"不支持的标记 {node.tag}（事实文件只能含名称、数、文字和列表）", node)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, object] = {}
            for key_node, value_node in node.value:
                key = self.value(key_node, depth + 1)
                if isinstance(key, (dict, list)):
                    raise self.fail("名称不能是列表或映射", key_node)
                name = _text(key)
                if name in result:
                    raise self.fail(f"「{name}」出现了两次", key_node)
                result[name] = self.value(value_node, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, depth + 1) for item in node.value]
        assert isinstance(node, yaml.ScalarNode)
        return self.scalar(node)

    def scalar(self, node: yaml.ScalarNode) -> object:
        tag, text = node.tag, node.value
        if tag.endswith(":int") or tag.endswith(":float"):
            try:
                value = Decimal(text.replace("_", ""))
            except InvalidOperation:
                raise self.fail(f"「{text}」不是有效的数", node) from None
            if not value.is_finite():
                raise self.fail(f"「{text}」不是有限的数", node)
            return value
        if tag.endswith(":bool"):
            return text.lower() in ("true", "yes", "on", "y")
        if tag.endswith(":null"):
            return None
        if tag.endswith(":timestamp"):
            return text  # read as a date where a rule needs one
        return text
