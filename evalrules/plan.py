"""The compiled form of a ruleset: resolved, lowered, analysable, and picklable.

The compiler resolves every name once (a fact and the type it is read as, a metric, the leaf's
own weight) and lowers each leaf to an ordered tuple of scoring operations, each carrying its
span: where scoring starts, how the base score is found (a formula, bands, steps, a checklist, a
judgement), the deductions, the caps and floors, the rounding, the vetoes. A parent is one
combine operation over its children. The evaluator runs the operations, one runner per kind.

The plan holds data only: no syntax-tree node, no keyword spelling, no code. Expressions are
the plan's own nodes below, resolved; an analysis (range analysis, an exporter) walks them as
the evaluator does.
"""

from __future__ import annotations

import datetime
from collections.abc import Container, Iterator, Mapping
from decimal import Decimal
from enum import Enum

import attrs

from . import numbers
from .numbers import ZERO, Exact, RoundingPolicy, compare, plain, plain_percent
from .source import Source, Span


class ValueType(Enum):
    """What a fact or metric holds, with the words used for it in messages."""

    NUMBER = "数值"
    RATE = "百分数（如 85%）"  # a number the rules compare with percentages: given with its %
    # A number the rules compare with plain numbers or points (满意度80分以上): given without %
    QUANTITY = "数值（如 85，不带 %）"
    BOOL = "是/否"
    TEXT = "文字"
    LIST = "数值列表"
    DATE = "日期（如 2022-03-01）"
    OCCURRENCES = "出现次数或记录列表"
    CHECK = "是/否，或评价人给分（得分与依据）"
    LEVEL = "评定等级（等级与依据）"
    DISCRETION = "评价人酌情给出的分数（得分或扣分，与依据）"


# ---- expressions, resolved ------------------------------------------------------------------


@attrs.frozen
class Const:
    """A number, text, yes/no or date written in the rule; ``unit`` is "%" or "分" or None."""

    value: Decimal | str | bool | datetime.date
    unit: str | None
    span: Span


@attrs.frozen
class FactRead:
    """A fact, read as ``type``."""

    name: str
    type: ValueType
    span: Span


@attrs.frozen
class MetricRead:
    """A metric (its definition is ``Plan.metrics[name]``), or its reported value."""

    name: str
    span: Span


@attrs.frozen
class WeightRead:
    """The weight of the leaf being scored (得分 = 完成率×分值), under the name written."""

    name: str
    span: Span


@attrs.frozen
class Arithmetic:
    op: str  # "+", "-", "×", "/"
    left: Expr
    right: Expr
    span: Span


@attrs.frozen
class Negate:
    operand: Expr
    span: Span


@attrs.frozen
class Compare:
    op: str  # ">=", "<=", ">", "<", "==", "!="
    left: Expr
    right: Expr
    span: Span


@attrs.frozen
class Logical:
    both: bool  # True: both must hold; False: either
    left: Expr
    right: Expr
    span: Span


@attrs.frozen
class Not:
    operand: Expr
    span: Span


@attrs.frozen
class Conditional:
    condition: Expr
    then: Expr
    otherwise: Expr
    span: Span


@attrs.frozen
class Call:
    function: str  # the function's key in functions.BY_KEY
    args: tuple[Expr, ...]
    span: Span
    name_span: Span  # the name as written, for the trace


@attrs.frozen
class Group:
    """Parentheses as written: kept so that the trace writes the formula as its author did."""

    inner: Expr
    span: Span


Expr = (Const | FactRead | MetricRead | WeightRead | Arithmetic | Negate | Compare | Logical | Not
        | Conditional | Call | Group)
Read = FactRead | MetricRead | WeightRead


def operands(expr: Expr) -> tuple[Expr, ...]:
    """The expressions directly inside ``expr``."""
    match expr:
        case Arithmetic() | Compare() | Logical():
            return (expr.left, expr.right)
        case Negate() | Not():
            return (expr.operand,)
        case Conditional():
            return (expr.condition, expr.then, expr.otherwise)
        case Call():
            return expr.args
        case Group():
            return (expr.inner,)
    return ()


def certain_reads(expr: Expr) -> Iterator[Read]:
    """The names ``expr`` reads whatever the values: not those in a branch of 如果 … 则 … 否则,
    nor on the right of 且 / 或, which may not be reached."""
    pending = [expr]
    while pending:
        node = pending.pop()
        if isinstance(node, (FactRead, MetricRead, WeightRead)):
            yield node
        elif isinstance(node, Conditional):
            pending.append(node.condition)
        elif isinstance(node, Logical):
            pending.append(node.left)
        else:
            pending.extend(reversed(operands(node)))


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
    expr: Expr
    type: ValueType
    percent: bool
    span: Span
    defined_in: str | None
    reads: tuple[str, ...]  # the metrics it reads, each once, in the order written
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
    unstated: bool = False  # the values that reach no rung of a ladder: the table wrote no band
    # 满意度<80%，按满意度×10分计分: the points are this formula's value (``points`` is unused);
    # it reads the subject, the weight and numbers only, as slope × subject + intercept
    formula: Expr | None = None

    @property
    def label(self) -> str:
        return f"{self.interval.label}，各档均未达到" if self.unstated else self.interval.label


def affine(expr: Expr, subject: str, weight: Decimal) -> tuple[Exact, Exact] | None:
    """``expr`` as (slope, intercept) in the value named ``subject`` when it is one: numbers,
    the subject and the leaf's weight added, subtracted, multiplied where one side is a number,
    divided by a number other than 0. Anything else (another name, a function, a condition, the
    subject times itself) is None: its range over a band is not a matter of the band's ends."""
    match expr:
        case Const(value=Decimal() as value):
            return ZERO, value
        case WeightRead():
            return ZERO, weight
        case FactRead(name=name) | MetricRead(name=name) if name == subject:
            return Decimal(1), ZERO
        case Group(inner=inner):
            return affine(inner, subject, weight)
        case Negate(operand=operand):
            line = affine(operand, subject, weight)
            return None if line is None else (numbers.neg(line[0]), numbers.neg(line[1]))
        case Arithmetic(op=op, left=left, right=right):
            lhs, rhs = affine(left, subject, weight), affine(right, subject, weight)
            if lhs is None or rhs is None:
                return None
            if op in ("+", "-"):
                join = numbers.add if op == "+" else numbers.sub
                return join(lhs[0], rhs[0]), join(lhs[1], rhs[1])
            if op == "×" and numbers.is_zero(lhs[0]):
                lhs, rhs = rhs, lhs
            if not numbers.is_zero(rhs[0]) or (op == "/" and numbers.is_zero(rhs[1])):
                return None
            scale = numbers.mul if op == "×" else numbers.div
            return scale(lhs[0], rhs[1]), scale(lhs[1], rhs[1])
    return None


def line_at(line: tuple[Exact, Exact], value: Exact) -> Exact:
    """slope × value + intercept, for a line ``affine`` found."""
    return numbers.add(numbers.mul(line[0], value), line[1])


# ---- scoring operations ---------------------------------------------------------------------


@attrs.frozen
class Steps:
    """Points per step of a measured excess (每超过一个百分点扣0.3分): whole steps only, or in
    proportion; the deduction at most ``most``."""

    direction: str  # "over", "under", or "both" (a difference either way)
    amount: Decimal  # one step: 0.01 for 一个百分点
    points: Decimal
    whole: bool
    most: Decimal | None
    span: Span


@attrs.frozen
class Beyond:
    """The values past a band table's last band, scored by steps from that band's points."""

    steps: Steps
    region: Interval
    anchor: Decimal  # the end of the last band, where steps are counted from
    points: Decimal  # the points of that band


@attrs.frozen
class Exempt:
    """不扣分 / 不适用 when ``condition`` holds: full marks (mode "full"), left out of the total
    ("rescale"), or the weight shared out to the siblings ``to`` ("share"); scoring stops."""

    condition: Expr
    not_applicable: bool
    mode: str
    to: tuple[str, ...]
    span: Span


@attrs.frozen
class Start:
    """The score deductions start from: the leaf's weight, or nothing when points are only
    added."""

    points: Decimal
    additive: bool = False


@attrs.frozen
class Formula:
    expr: Expr
    span: Span


@attrs.frozen
class Bands:
    """The points of the band the subject's value falls in; past the last band, ``beyond``."""

    subject: Read
    bands: tuple[Band, ...]
    span: Span
    beyond: Beyond | None = None


@attrs.frozen
class Deviation:
    """Steps of |actual − planned| / planned, deducted from the score."""

    actual: Read
    planned: Read
    steps: Steps
    span: Span


@attrs.frozen
class Judge:
    """评定: the points of the level the evaluator chose, a reason required below the best."""

    fact: str
    levels: tuple[tuple[str, Decimal], ...]
    span: Span
    # 其他（0-1分）: for each level, the lowest score the evaluator may give (None: its points only)
    lows: tuple[Decimal | None, ...] = ()
    # B.基本符合要求，6-8分: the letter of each lettered option, which names it as its words do
    letters: tuple[tuple[str, str], ...] = ()

    def ranged(self) -> dict[str, Decimal]:
        """The levels given a range of scores, each with the lowest it may be given."""
        lows = self.lows or (None,) * len(self.levels)
        return {name: low for (name, _), low in zip(self.levels, lows, strict=True)
                if low is not None}


@attrs.frozen
class Discretion:
    """酌情给分 (the score) or 酌情扣分 (taken from the score), within low..high."""

    fact: str
    deduct: bool
    low: Decimal
    high: Decimal
    span: Span


@attrs.frozen
class CheckItem:
    """One 评价要点: earned when ``condition`` holds, or as the evaluator judged it."""

    name: str
    description: str | None
    points: Decimal
    condition: Expr | None
    span: Span


@attrs.frozen
class Checklist:
    items: tuple[CheckItem, ...]
    span: Span


@attrs.frozen
class PerOccurrence:
    """每出现N次…扣M分 (or 加M分): one entry per N occurrences, the total at most ``most``."""

    fact: str
    per: int
    points: Decimal
    add: bool
    most: Decimal | None
    span: Span
    fact_span: Span


@attrs.frozen
class Floor:
    """扣完为止: a score below zero is zero."""

    span: Span


@attrs.frozen
class Limit:
    """A declared cap (``over``) or floor: past ``threshold`` the score is ``value``."""

    over: bool
    threshold: Decimal
    value: Decimal
    span: Span


@attrs.frozen
class Bound:
    """The score kept between zero and the leaf's weight."""

    weight: Decimal


@attrs.frozen
class Round:
    policy: RoundingPolicy


@attrs.frozen
class Veto:
    """一票否决 (the indicator, or the whole evaluation, scores zero) or, with ``best``, 一票否优
    (the best grade is not given)."""

    condition: Expr
    best: bool
    span: Span


@attrs.frozen
class StatedCheck:
    """核对 …: a condition the figures should meet, evaluated beside the scores and never
    changing one; ``indicator`` is the path of the indicator it is written in, if any."""

    condition: Expr
    span: Span
    indicator: str | None


@attrs.frozen
class Combine:
    """How a parent's score comes from its children: their sum, Σ share × (score / weight) ×
    the weight ("weighted"), or the one alternative a fact names ("choice")."""

    kind: str
    choice_fact: str | None = None
    choice_span: Span | None = None


Operation = (Exempt | Start | Formula | Bands | Deviation | Judge | Discretion | Checklist
             | PerOccurrence | Floor | Limit | Bound | Round | Veto | Combine)


@attrs.frozen
class IndicatorPlan:
    """An indicator: a leaf's operations in the order they act, or a parent's combine and
    vetoes over its children."""

    name: str
    level: str  # as written: 一级指标, 指标, 附加分 …
    path: tuple[str, ...]
    weight: Decimal
    fields: tuple[tuple[str, str], ...]  # 指标解释, 评价标准 … as written
    ops: tuple[Operation, ...]
    children: tuple[IndicatorPlan, ...]
    span: Span
    bonus: bool = False  # outside the full score: its points add to the total
    criterion_text: str | None = None  # the 评价标准 as written
    share: Decimal | None = None  # 权重: this indicator's share in a weighted parent

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def leaves(self) -> list[IndicatorPlan]:
        found, pending = [], [self]
        while pending:
            node = pending.pop()
            if node.is_leaf:
                found.append(node)
            pending.extend(reversed(node.children))
        return found


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
    vetoes: tuple[Veto, ...] = ()
    grade_rounding: RoundingPolicy | None = None
    checks: tuple[StatedCheck, ...] = ()

    def leaves(self) -> list[IndicatorPlan]:
        return [leaf for indicator in self.indicators for leaf in indicator.leaves()]


def needed(plan: Plan, leaf: IndicatorPlan,
           given: Container[str] = ()) -> tuple[tuple[str, ValueType, Span], ...]:
    """The facts scoring ``leaf`` reads whatever their values (through the metrics it reads, but
    those ``given`` as reported values), each once, with the type it reads them as and where:
    what a fact file must give for the leaf."""
    found: dict[str, tuple[str, ValueType, Span]] = {}
    exprs: list[Expr] = []
    for op in leaf.ops:
        match op:
            case Exempt() | Veto():
                exprs.append(op.condition)
            case Formula():
                exprs.append(op.expr)
            case Bands():
                exprs.append(op.subject)
            case Deviation():
                exprs += [op.actual, op.planned]
            case Judge() | Discretion() | PerOccurrence():
                kind = {Judge: ValueType.LEVEL, Discretion: ValueType.DISCRETION,
                        PerOccurrence: ValueType.OCCURRENCES}[type(op)]
                found.setdefault(op.fact, (op.fact, kind, op.span))
            case Checklist():
                for item in op.items:
                    if item.condition is not None:
                        exprs.append(item.condition)
                    else:
                        found.setdefault(item.name, (item.name, ValueType.CHECK, item.span))
    seen: set[str] = set()
    while exprs:
        for read in certain_reads(exprs.pop(0)):
            if isinstance(read, FactRead):
                found.setdefault(read.name, (read.name, read.type, read.span))
            elif isinstance(read, MetricRead) and read.name not in seen \
                    and read.name not in given:
                seen.add(read.name)
                exprs.append(plan.metrics[read.name].expr)
    return tuple(found.values())
