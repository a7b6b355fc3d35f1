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
from .numbers import Exact, RoundingPolicy, compare, plain, plain_percent
from .source import Source, Span

# Level keywords of bonus indicators: outside the full score, their points add to the total.
BONUS_LEVELS = frozenset({"附加分", "加分项"})

# Names that stand for the weight of the leaf being scored: 得分 = 完成率×分值.
WEIGHT_NAMES = frozenset({"分值", "指标分值", "本项分值"})


class ValueType(Enum):
    """What a fact or metric holds, with the words used for it in messages."""

    NUMBER = "数值"
    BOOL = "是/否"
    TEXT = "文字"
    LIST = "数值列表"
    DATE = "日期（如 2022-03-01）"
    OCCURRENCES = "出现次数或记录列表"
    CHECK = "是/否，或评价人给分（得分与依据）"
    LEVEL = "评定等级（等级与依据）"
    DISCRETION = "评价人酌情给出的分数（得分或扣分，与依据）"


@attrs.frozen
class FactSpec:
    """A fact the ruleset reads: its type, where it is first used, and who needs it."""

    name: str
    type: ValueType
    span: Span
    needed_by: tuple[str, ...]
    allowed: Interval | None = None  # 取值范围


@attrs.frozen
class MetricSpec:
    """A derived metric: its definition, its type, and whether it reads as a percentage."""

    name: str
    expr: ast.Expr
    type: ValueType
    percent: bool
    span: Span
    defined_in: str | None
    reads: tuple[str, ...]  # in the order written
    allowed: Interval | None = None  # 取值范围, for a reported value


@attrs.frozen
class Interval:
    """A range of values with open or closed ends; a missing end is unbounded."""

    low: Decimal | None
    low_inclusive: bool
    high: Decimal | None
    high_inclusive: bool
    percent: bool = False  # written with %, and shown so

    def contains(self, value: Exact) -> bool:
        low = 1 if self.low is None else compare(value, self.low)
        high = -1 if self.high is None else compare(value, self.high)
        return (low > 0 or (low == 0 and self.low_inclusive)) and \
            (high < 0 or (high == 0 and self.high_inclusive))

    def end_text(self, value: Decimal) -> str:
        return plain_percent(value) if self.percent else plain(value)

    @property
    def label(self) -> str:
        low, high = self.low, self.high
        if low is None and high is None:
            return "任意值"
        if low is None:
            assert high is not None
            return ("≤" if self.high_inclusive else "<") + self.end_text(high)
        if high is None:
            return ("≥" if self.low_inclusive else ">") + self.end_text(low)
        if low == high:
            return self.end_text(low)
        return (f"{self.end_text(low)}{'（含）' if self.low_inclusive else ''}-"
                f"{self.end_text(high)}{'（含）' if self.high_inclusive else ''}")


@attrs.frozen
class Grade:
    name: str
    interval: Interval
    span: Span

    def contains(self, total: Exact) -> bool:
        return self.interval.contains(total)


@attrs.frozen
class Band:
    """One band of a band table: where the subject's value falls, and the points it scores."""

    interval: Interval
    points: Decimal
    span: Span
    share: Decimal | None = None  # 得分值的80%: the points are this share of the weight


@attrs.frozen
class Beyond:
    """The values past a band table's last band, scored by a step rule from that band's points."""

    rule: ast.StepRule
    region: Interval
    anchor: Decimal  # the end of the last band, where steps are counted from
    points: Decimal  # the points of that band


@attrs.frozen
class BandTable:
    subject: ast.Reference
    bands: tuple[Band, ...]
    span: Span
    beyond: Beyond | None = None


@attrs.frozen
class DeviationRule:
    """Steps of |actual − planned| / planned, deducted from the indicator's weight."""

    actual: ast.Reference
    planned: ast.Reference
    rule: ast.StepRule
    span: Span


@attrs.frozen
class LeafRule:
    """How a leaf is scored: a formula, a checklist or a band table (or full marks), then
    deductions."""

    formula: ast.ScoreRule | None
    checklist: ast.Checklist | None
    deductions: tuple[ast.Deduction, ...]
    bands: BandTable | None = None
    deviation: DeviationRule | None = None
    judgement: ast.Judgement | None = None
    discretion: ast.Discretion | None = None


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
    vetoes: tuple[ast.Veto, ...] = ()
    exemptions: tuple[ast.Exemption, ...] = ()
    share: Decimal | None = None  # 权重: this indicator's share in a weighted parent
    choice: ast.Choice | None = None  # 择一考核: the children are alternatives

    @property
    def weighted(self) -> bool:
        """Whether this parent combines its children's percentages by their shares."""
        return any(child.share is not None for child in self.children)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def bonus(self) -> bool:
        return self.level in BONUS_LEVELS

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
    vetoes: tuple[ast.Veto, ...] = ()
    grade_rounding: RoundingPolicy | None = None

    def leaves(self) -> list[IndicatorPlan]:
        return [leaf for indicator in self.indicators for leaf in indicator.leaves()]
