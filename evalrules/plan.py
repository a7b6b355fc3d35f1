"""The compiled form of a ruleset: checked, resolved and analysable, and picklable.

The plan keeps the syntax tree's expressions (frozen, with spans) and adds what the compiler
learned: which names are facts and which are metrics, the type each fact must have, which facts
each indicator needs, and the checked weights, grades and rounding. The evaluator turns a plan
into closures once (evaluator.Program); the plan itself holds no code.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from enum import Enum

import attrs

from . import ast
from .numbers import Exact, RoundingPolicy, compare
from .source import Source, Span

# Names that stand for the weight of the leaf being scored: 得分 = 完成率×分值.
WEIGHT_NAMES = frozenset({"分值", "指标分值", "本项分值"})


class ValueType(Enum):
    """What a fact or metric holds, with the words used for it in messages."""

    NUMBER = "数值"
    BOOL = "是/否"
    TEXT = "文字"
    LIST = "数值列表"
    OCCURRENCES = "出现次数或记录列表"
    CHECK = "是/否，或评价人给分（得分与依据）"


@attrs.frozen
class FactSpec:
    """A fact the ruleset reads: its type, where it is first used, and who needs it."""

    name: str
    type: ValueType
    span: Span
    needed_by: tuple[str, ...]


@attrs.frozen
class MetricSpec:
    """A derived metric: its definition, its type, and whether it reads as a percentage."""

    name: str
    expr: ast.Expr
    type: ValueType
    percent: bool
    span: Span
    defined_in: str | None
    reads: frozenset[str]


@attrs.frozen
class Grade:
    name: str
    low: Decimal | None
    low_inclusive: bool
    high: Decimal | None
    high_inclusive: bool
    span: Span

    def contains(self, total: Exact) -> bool:
        low = 1 if self.low is None else compare(total, self.low)
        high = -1 if self.high is None else compare(total, self.high)
        return (low > 0 or (low == 0 and self.low_inclusive)) and \
            (high < 0 or (high == 0 and self.high_inclusive))

    @property
    def label(self) -> str:
        low = "" if self.low is None else f"{self.low}{'（含）' if self.low_inclusive else ''}"
        high = "" if self.high is None else f"{self.high}{'（含）' if self.high_inclusive else ''}"
        if self.low is None:
            return f"{high}以下"
        if self.high is None:
            return f"{low}以上"
        return f"{low}-{high}"


@attrs.frozen
class LeafRule:
    """How a leaf is scored: a formula or a checklist (or full marks), then deductions."""

    formula: ast.ScoreRule | None
    checklist: ast.Checklist | None
    deductions: tuple[ast.Deduction, ...]


@attrs.frozen
class IndicatorPlan:
    name: str
    level: str
    path: tuple[str, ...]
    weight: Decimal
    fields: tuple[ast.Field, ...]
    rule: LeafRule | None
    children: tuple[IndicatorPlan, ...]
    span: Span

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def criterion_text(self) -> str | None:
        for field in self.fields:
            if field.label == "评价标准":
                return field.text
        return None

    def leaves(self) -> list[IndicatorPlan]:
        if self.is_leaf:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves()]


@attrs.frozen
class Plan:
    source: Source
    title: str | None
    full_score: Decimal
    rounding: RoundingPolicy | None
    grades: tuple[Grade, ...]
    indicators: tuple[IndicatorPlan, ...]
    metrics: Mapping[str, MetricSpec]
    facts: Mapping[str, FactSpec]

    def leaves(self) -> list[IndicatorPlan]:
        return [leaf for indicator in self.indicators for leaf in indicator.leaves()]
