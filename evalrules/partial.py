"""Scoring with facts still missing: each indicator's score as a range, the total's range, the
grades still possible, and the facts that would settle it, largest effect first.

An interval evaluation over the lowered plan, walked as the evaluator walks it. A missing fact
stands for every value it may take: its declared 取值范围, or else its natural range (a number,
a rate, a count: any value ≥ 0; yes/no: both; a 评定: any of its levels; 酌情给分: low..high; an
evaluator's mark on a 评价要点: 0..its points). An expression whose facts are all given is
computed by the evaluator's own closures, so what is known scores exactly as it would in a full
run, errors included. An expression that reads a missing fact gives an interval (numbers, with
open ends where no bound exists) or the set of truth values it may take; every operation maps
intervals to intervals that hold every value it could give: arithmetic end by end (a division
by an interval that holds 0 leaves out 0 itself, which no completion may divide by, and the
quotient is unbounded on that side), bands the lowest and highest band reachable, caps, floors
and rounding applied to both ends. The ranges are never narrower than the truth. They are
exact (both ends reached by some completion) unless a missing fact is read twice, a divisor may
be zero, or a declared range has an open end, in which case a range is a bound and says so.

A leaf whose 不适用 may or may not hold is scored both ways, and the total over each
combination of such leaves. A fact's effect is the width of the total's range when only the
indicators that read it vary, the others counted at their lowest.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs
from rich.console import Group as Stack
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from . import numbers
from .display import visible
from .errors import Diagnostic, EvalRulesError, EvaluationError
from .evaluator import RUNNERS, Env, LeafState, Program, evaluate, split_weight
from .facts import Facts, Occurrences
from .functions import BY_KEY
from .numbers import Exact
from .plan import (
    Arithmetic,
    Band,
    Bands,
    Bound,
    Call,
    Checklist,
    Combine,
    Compare,
    Conditional,
    Deviation,
    Discretion,
    Exempt,
    Expr,
    FactRead,
    Floor,
    Formula,
    Group,
    IndicatorPlan,
    Interval,
    Judge,
    Limit,
    Logical,
    MetricRead,
    Negate,
    Not,
    Operation,
    PerOccurrence,
    Plan,
    Round,
    Start,
    Steps,
    ValueType,
    Veto,
    affine,
    operands,
)

if TYPE_CHECKING:
    from .ruleset import FactsGiven, Ruleset
    from .table import Table as ScoreTable

ZERO: Exact = numbers.ZERO
BOTH = frozenset((True, False))
# Leaves whose 不适用 may or may not hold are tried both ways, each combination; past this many
# combinations the total is bounded by what any scoring could give.
MAX_SCENARIOS = 256


class _Any:
    """A text, date or list whose value is not known."""


ANY = _Any()


@attrs.frozen
class Num:
    """The numbers a value may be: from ``low`` to ``high``; None is no end on that side."""

    low: Exact | None
    high: Exact | None

    @classmethod
    def point(cls, value: Exact) -> Num:
        return cls(value, value)

    @property
    def is_point(self) -> bool:
        return self.low is not None and self.high is not None and \
            numbers.compare(self.low, self.high) == 0

    def plus(self, other: Num) -> Num:
        return Num(None if self.low is None or other.low is None else numbers.add(self.low, other.low),
                   None if self.high is None or other.high is None else
                   numbers.add(self.high, other.high))

    def negated(self) -> Num:
        return Num(None if self.high is None else numbers.neg(self.high),
                   None if self.low is None else numbers.neg(self.low))

    def minus(self, other: Num) -> Num:
        return self.plus(other.negated())

    def times(self, other: Num) -> Num:
        products = [_product(a, b) for a in self._ends() for b in other._ends()]
        low, high = min(products, key=_order), max(products, key=_order)
        return Num(low if not isinstance(low, int) else None, high if not isinstance(high, int) else None)

    def _ends(self) -> tuple[Exact | int, Exact | int]:
        """The ends with infinity as the ints -1 and 1 (its sign): an exact value is never an
        int here, numbers are Decimal or Fraction."""
        return (-1 if self.low is None else self.low, 1 if self.high is None else self.high)

    def holds_zero(self) -> bool:
        return (self.low is None or numbers.compare(self.low, ZERO) <= 0) and \
            (self.high is None or numbers.compare(self.high, ZERO) >= 0)

    def map(self, function: Any) -> Num:
        """A non-decreasing ``function`` of the value, applied to both (finite) ends."""
        assert self.low is not None and self.high is not None
        return Num(function(self.low), function(self.high))

    def clamped(self, low: Exact, high: Exact | None = None) -> Num:
        def clamp(value: Exact | None, default: Exact | None) -> Exact | None:
            if value is None:
                return default
            value = numbers.maximum(value, low)
            return value if high is None else numbers.minimum(value, high)

        return Num(clamp(self.low, low), clamp(self.high, high))

    @property
    def width(self) -> Exact | None:
        return None if self.low is None or self.high is None else numbers.sub(self.high, self.low)


def _product(a: Exact | int, b: Exact | int) -> Exact | int:
    """A product of interval ends, infinity being ±1 as an int; 0 × ∞ is 0 (the ends are
    bounds of finite values)."""
    if not isinstance(a, int) and not isinstance(b, int):
        return numbers.mul(a, b)
    if (not isinstance(a, int) and numbers.is_zero(a)) or (not isinstance(b, int) and numbers.is_zero(b)):
        return ZERO
    return _sign(a) * _sign(b)


def _sign(value: Exact | int) -> int:
    return value if isinstance(value, int) else numbers.compare(value, ZERO)


def _order(value: Exact | int) -> tuple[int, Exact]:
    return (value, ZERO) if isinstance(value, int) else (0, value)


def _inside(value: Num, region: Interval) -> Num:
    """The part of ``value`` within ``region`` (they meet), its open ends taken as closed."""
    return Num(value.low if region.low is None or (value.low is not None and
               numbers.compare(value.low, region.low) > 0) else region.low,
               value.high if region.high is None or (value.high is not None and
               numbers.compare(value.high, region.high) < 0) else region.high)


def _band_points(band: Band, inside: Num, subject: str, weight: Decimal) -> Num:
    """A band's points; for 按满意度×10分计分, the formula over the values of the band the
    subject may take (a line: its ends give its range)."""
    if band.formula is None:
        return Num.point(band.points)
    line = affine(band.formula, subject, weight)
    assert line is not None  # the compiler reads no other formula in a band
    slope, intercept = line
    return Num.point(slope).times(inside).plus(Num.point(intercept))


def hull(values: Iterable[Any]) -> Any:
    """The least value holding all of ``values``: an interval, a set of truths, or ANY."""
    values = list(values)
    if all(isinstance(v, Num) for v in values):
        lows, highs = [v.low for v in values], [v.high for v in values]
        return Num(_reduce(numbers.minimum, lows, None), _reduce(numbers.maximum, highs, None))
    if all(isinstance(v, frozenset) for v in values):
        return frozenset().union(*values)
    return values[0] if all(v == values[0] for v in values) else ANY


def span(values: Iterable[Num]) -> Num:
    """The least interval holding every one of ``values``."""
    found = hull(values)
    assert isinstance(found, Num)
    return found


def _lift(value: Any) -> Any:
    if isinstance(value, (Decimal, Fraction)):
        return Num.point(value)
    if isinstance(value, bool):
        return frozenset((value,))
    return value


# ---- the analysis as data ---------------------------------------------------------------------


@attrs.frozen
class Range:
    """A score that is known to lie from ``low`` to ``high``; ``exact`` when both are reached."""

    low: Exact
    high: Exact
    exact: bool = True

    @property
    def settled(self) -> bool:
        return numbers.compare(self.low, self.high) == 0

    @property
    def width(self) -> Exact:
        return numbers.sub(self.high, self.low)

    def to_dict(self) -> dict[str, object]:
        return {"low": numbers.to_text(self.low), "high": numbers.to_text(self.high),
                "exact": self.exact}


@attrs.frozen
class IndicatorRange:
    name: str
    level: str
    path: tuple[str, ...]
    weight: Exact
    score: Range
    missing: tuple[str, ...]  # the missing facts it reads itself (a leaf's, a parent's choice)
    children: tuple[IndicatorRange, ...] = ()
    may_not_apply: bool = False  # a 不适用 that may hold, depending on a missing fact
    bonus: bool = False
    fields: tuple[tuple[str, str], ...] = ()  # 指标解释, 评价标准 … as written

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def nodes(self) -> Iterator[IndicatorRange]:
        pending = [self]
        while pending:
            node = pending.pop()
            yield node
            pending.extend(reversed(node.children))

    def to_dict(self) -> dict[str, object]:
        node: dict[str, object] = {"name": self.name, "level": self.level, "path": list(self.path),
                                   "weight": numbers.to_text(self.weight), **self.score.to_dict(),
                                   "missing": list(self.missing)}
        if self.may_not_apply:
            node["may_not_apply"] = True
        node["children"] = [child.to_dict() for child in self.children]
        return node


@attrs.frozen
class MissingFact:
    """A fact not given: what it is read as, the values assumed for it, the indicators that read
    it, and its effect on the total (the width of the total's range it accounts for)."""

    name: str
    type: ValueType
    assumed: str
    indicators: tuple[str, ...]
    effect: Exact

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "type": self.type.value, "assumed": self.assumed,
                "indicators": list(self.indicators), "effect": numbers.to_text(self.effect)}


@attrs.frozen
class PartialResult:
    title: str | None
    full_score: Decimal
    total: Range
    grades: tuple[str, ...]  # the grades the total may still get, best first
    indicators: tuple[IndicatorRange, ...]
    missing: tuple[MissingFact, ...]  # largest effect first

    @property
    def settled(self) -> bool:
        return not self.missing

    def find(self, name: str) -> IndicatorRange:
        for top in self.indicators:
            for node in top.nodes():
                if node.name == name or "/".join(node.path) == name:
                    return node
        raise KeyError(name)

    def to_dict(self) -> dict[str, object]:
        return {"partial": True, "title": self.title, "full_score": numbers.to_text(self.full_score),
                "total": self.total.to_dict(), "grades": list(self.grades),
                "missing": [fact.to_dict() for fact in self.missing],
                "indicators": [node.to_dict() for node in self.indicators]}


def missing_by_indicator(error: EvalRulesError,
                         plan: Plan | None = None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The facts an error says are missing, grouped by the indicator that needs them. A fact
    that several indicators read is told once; with the plan at hand it is listed under each of
    them, and the indicators are in the plan's order."""
    groups: dict[str, list[str]] = {}
    for item in error.diagnostics:
        if item.code == "E0301" and item.fact is not None:
            spec = plan.facts.get(item.fact) if plan is not None else None
            for indicator in spec.needed_by if spec and spec.needed_by else (item.indicator or "",):
                facts = groups.setdefault(indicator, [])
                if item.fact not in facts:
                    facts.append(item.fact)
    if plan is not None:
        place = {"/".join(node.path): index for index, node in
                 enumerate(node for top in plan.indicators for node in _nodes(top))}
        groups = dict(sorted(groups.items(), key=lambda group: place.get(group[0], len(place))))
    return tuple((indicator, tuple(facts)) for indicator, facts in groups.items())


# ---- the analysis -----------------------------------------------------------------------------


def analyse(program: Program, facts: Facts) -> PartialResult:
    """Score ``facts`` with facts still missing. Any problem other than a missing fact (a
    value of the wrong type, out of range, a zero divisor among the facts given) is raised, as
    a full run would raise it."""
    try:
        evaluate(program, facts)
    except EvalRulesError as error:
        if any(item.code != "E0301" for item in error.diagnostics):
            raise
    return _Analysis(program, facts).run()


@attrs.define
class _Outcome:
    """One way a leaf may end: its score, whether it applies, the siblings its points go to."""

    score: Num
    applies: bool = True
    shared_to: tuple[str, ...] = ()


@attrs.define
class _Scored:
    score: Num
    weight: Exact
    applies: bool
    shared_to: tuple[str, ...] = ()


class _Analysis:
    def __init__(self, program: Program, facts: Facts) -> None:
        self.program = program
        self.plan: Plan = program.plan
        self.facts = facts
        self.env = Env(program, facts)
        self.known_memo: dict[int, bool] = {}
        self.known_metrics: dict[str, bool] = {}
        for name, spec in self.plan.metrics.items():  # each after the metrics it reads
            self.known_metrics[name] = name in facts or self._known(spec.expr)
        self.metric_values: dict[str, tuple[Any, Counter[str], bool]] = {}
        self.reads: Counter[str] = Counter()  # the missing facts read for the node in hand
        self.wide = False  # whether the node's range may be wider than the truth
        self.problems: list[Diagnostic] = []
        self.types: dict[str, ValueType] = {}
        self.assumed: dict[str, str] = {}
        # Per node, by id: a leaf's outcomes; a node's own missing facts, and those beneath it.
        self.outcomes: dict[int, list[_Outcome]] = {}
        self.own: dict[int, Counter[str]] = {}
        self.beneath: dict[int, frozenset[str]] = {}
        self.wide_nodes: set[int] = set()
        self.choices: dict[int, str | None] = {}
        self.readers: dict[str, list[IndicatorPlan]] = {}  # the nodes that read a missing fact
        self.recording = False  # whether _node keeps what it scores as the pinned scores
        self.pinned: dict[int, _Scored] = {}  # each node with the missing facts at their lowest
        self.vetoes: dict[int, list[tuple[frozenset[bool], frozenset[str]]]] = {}

    # ---- expressions
    def _known(self, expr: Expr) -> bool:
        hit = self.known_memo.get(id(expr))
        if hit is None:
            match expr:
                case FactRead(name=name):
                    hit = name in self.facts
                case MetricRead(name=name):
                    hit = self.known_metrics[name]
                case _:
                    hit = all(self._known(operand) for operand in operands(expr))
            self.known_memo[id(expr)] = hit
        return hit

    def value(self, expr: Expr) -> Any:
        if self._known(expr):
            try:
                return _lift(self.program.expr(expr)(self.env))
            except numbers.TooLarge as error:
                raise self.env.failure(error, expr.span) from None
        match expr:
            case Group(inner=inner):
                return self.value(inner)
            case FactRead(name=name, type=kind):
                self.reads[name] += 1
                return self._assume(name, kind)
            case MetricRead(name=name):
                return self._metric(name)
            case Arithmetic(op="/"):
                return self._divide(expr, self.number(expr.left), self.number(expr.right))
            case Arithmetic(op=op, left=left, right=right):
                lhs, rhs = self.number(left), self.number(right)
                return lhs.plus(rhs) if op == "+" else lhs.minus(rhs) if op == "-" else lhs.times(rhs)
            case Negate(operand=operand):
                return self.number(operand).negated()
            case Compare(op=op, left=left, right=right):
                return _compare(op, self.value(left), self.value(right))
            case Logical(both=both, left=left, right=right):
                first = self.truth(left)
                if first == frozenset((not both,)):  # settled by the left, as the evaluator does
                    return first
                second = self.truth(right)
                return frozenset((a and b) if both else (a or b) for a in first for b in second)
            case Not(operand=operand):
                return frozenset(not value for value in self.truth(operand))
            case Conditional(condition=condition, then=then, otherwise=otherwise):
                held = self.truth(condition)
                return self._branches([then] if held == {True} else [otherwise] if held == {False}
                                      else [then, otherwise])
            case Call():
                return self._call(expr)
        raise AssertionError(expr)

    def number(self, expr: Expr) -> Num:
        value = self.value(expr)
        assert isinstance(value, Num), value
        return value

    def truth(self, expr: Expr) -> frozenset[bool]:
        value = self.value(expr)
        assert isinstance(value, frozenset), value
        return value

    def _assume(self, name: str, kind: ValueType) -> Any:
        """The values a missing fact may take: its declared range, or its natural one."""
        spec = self.plan.facts.get(name)
        allowed = spec.allowed if spec is not None else None
        self.types.setdefault(name, kind)
        if allowed is not None:
            self.assumed.setdefault(name, allowed.label)
            if (allowed.low is not None and not allowed.low_inclusive) or \
                    (allowed.high is not None and not allowed.high_inclusive):
                self.wide = True  # an open end is never reached: a bound, not the range
            return Num(allowed.low, allowed.high)
        if kind in (ValueType.NUMBER, ValueType.RATE, ValueType.QUANTITY):
            self.assumed.setdefault(name, "≥0")
            return Num(ZERO, None)
        if kind is ValueType.BOOL:
            self.assumed.setdefault(name, "是或否")
            return BOTH
        self.assumed.setdefault(name, "任意值")
        return ANY

    def _metric(self, name: str) -> Any:
        if name not in self.metric_values:
            reads, wide = self.reads, self.wide
            self.reads, self.wide = Counter(), False
            try:
                self.metric_values[name] = (self.value(self.plan.metrics[name].expr), self.reads,
                                            self.wide)
            finally:
                self.reads, self.wide = reads, wide
        value, reads, wide = self.metric_values[name]
        self.reads.update(reads)
        self.wide |= wide
        return value

    def _divide(self, expr: Arithmetic, dividend: Num, divisor: Num) -> Num:
        if divisor.is_point and numbers.is_zero(divisor.low):  # type: ignore[arg-type]
            raise self.env.problem("E0401", f"除数为零：「{expr.span.text}」中的除数"
                                   f"「{expr.right.span.text}」无论缺少的事实取何值都等于 0", expr.span)
        if divisor.holds_zero():
            self.wide = True  # no completion divides by zero itself: it cannot be scored
        return dividend.times(_reciprocal(divisor))

    def _branches(self, branches: list[Expr]) -> Any:
        """The values of the branches that may be taken; one that fails is no value."""
        values, failure = [], None
        for branch in branches:
            try:
                values.append(self.value(branch))
            except EvalRulesError as error:
                failure = error
        if not values:
            assert failure is not None
            raise failure
        if len(values) < len(branches):
            self.wide = True
        return hull(values)

    def _call(self, expr: Call) -> Any:
        args = [self.value(arg) for arg in expr.args]
        function = BY_KEY[expr.function]
        if all(isinstance(arg, Num) for arg in args):
            if function.key == "min":
                return Num(_reduce(numbers.minimum, [a.low for a in args], None),
                           _reduce(numbers.minimum, [a.high for a in args], "skip"))
            if function.key == "max":
                return Num(_reduce(numbers.maximum, [a.low for a in args], "skip"),
                           _reduce(numbers.maximum, [a.high for a in args], None))
            if function.key == "abs":
                return _absolute(args[0])
        self.wide = True  # a list or dates not known: any number
        return Num(None, None)

    # ---- a leaf's operations
    def leaf(self, node: IndicatorPlan) -> list[_Outcome]:
        weight = node.weight
        outcomes: list[_Outcome] = []
        score = Num.point(ZERO)
        ops = [op for op in node.ops if not isinstance(op, Veto)]
        scored = True
        for op, run in zip(ops, self.program.runners[id(node)], strict=True):
            if isinstance(op, Exempt):
                held = self.truth(op.condition)
                if True not in held:
                    continue
                outcomes.append(_Outcome(Num.point(weight)) if op.mode == "full" else
                                _Outcome(Num.point(ZERO), False, op.to if op.mode == "share" else ()))
                if False not in held:
                    scored = False
                    break
                continue
            score = self._operation(op, node, score, run)
        if scored:
            outcomes.append(_Outcome(score))
        vetoes = [self.truth(op.condition) for op in node.ops if isinstance(op, Veto)]
        merged = hull(o.score for o in outcomes if o.applies) if any(o.applies for o in outcomes) \
            else None
        for held in vetoes:
            if merged is not None and True in held:
                merged = Num.point(ZERO) if False not in held else hull([merged, Num.point(ZERO)])
        result = [_Outcome(merged)] if merged is not None else []
        for outcome in outcomes:
            if not outcome.applies and outcome not in result:
                result.append(outcome)
        return result

    def _operation(self, op: Operation, node: IndicatorPlan, score: Num, run: Any) -> Num:
        match op:
            case Start(points=points):
                return Num.point(points)
            case Formula(expr=expr):
                return self.number(expr)
            case Bands() if self._known(op.subject):
                return Num.point(self._run(run))
            case Bands():
                return self._bands(op, node.weight)
            case Deviation() if self._known(op.actual) and self._known(op.planned):
                return score.plus(Num.point(self._run(run)))
            case Deviation():
                return score.minus(self._deviation(op))
            case Judge() if op.fact in self.facts:
                return Num.point(self._run(run))
            case Judge():
                self._missing(op.fact, ValueType.LEVEL, "、".join(name for name, _ in op.levels))
                lows = op.ranged()
                return span(Num(lows.get(name, points), points) for name, points in op.levels)
            case Discretion() if op.fact in self.facts:
                amount = self._run(run)
                return score.plus(Num.point(amount)) if op.deduct else Num.point(amount)
            case Discretion():
                self._missing(op.fact, ValueType.DISCRETION,
                              f"{numbers.plain(op.low)}-{numbers.plain(op.high)}分")
                if op.deduct:
                    return score.minus(Num(numbers.minimum(ZERO, op.low), op.high))
                return Num(op.low, op.high)
            case Checklist():
                return self._checklist(op, node)
            case PerOccurrence():
                return self._occurrences(op, node, score)
            case Floor():
                return score.clamped(ZERO)
            case Limit():
                return _limit(score, op)
            case Bound(weight=weight):
                return score.clamped(ZERO, weight)
            case Round(policy=policy):
                return score.map(lambda value: numbers.round_to(value, policy))
        raise AssertionError(op)

    def _run(self, run: Any) -> Exact:
        """A runner of the evaluator on a scratch leaf scoring from zero: its score, or the
        change it makes to a score."""
        scratch = LeafState(None)
        run(self.env, scratch)
        return scratch.score

    def _missing(self, name: str, kind: ValueType, assumed: str) -> None:
        self.reads[name] += 1
        self.types.setdefault(name, kind)
        self.assumed.setdefault(name, assumed)

    def _bands(self, op: Bands, weight: Decimal) -> Num:
        value = self.number(op.subject)
        reached = [_band_points(band, _inside(value, band.interval), op.subject.name, weight)
                   for band in op.bands if _meets(value, band.interval)]
        beyond = op.beyond
        if beyond is not None and _meets(value, beyond.region):
            inside = _inside(value, beyond.region)
            anchor = Num.point(beyond.anchor)
            excess = inside.minus(anchor) if beyond.steps.direction == "over" else anchor.minus(inside)
            reached.append(Num.point(beyond.points).minus(_deduction(beyond.steps, excess)))
        return span(reached)

    def _deviation(self, op: Deviation) -> Num:
        actual, planned = self.number(op.actual), self.number(op.planned)
        difference = actual.minus(planned)
        if op.steps.direction == "under":
            difference = difference.negated()
        elif op.steps.direction == "both":
            difference = _absolute(difference)
        if planned.holds_zero():
            self.wide = True
        return _deduction(op.steps, difference.times(_reciprocal(planned)))

    def _checklist(self, op: Checklist, node: IndicatorPlan) -> Num:
        total = Num.point(ZERO)
        for item in op.items:
            if (item.condition is not None and self._known(item.condition)) or item.name in self.facts:
                single = Checklist((item,), op.span)
                earned = Num.point(self._run(self._runner(single, node)))
            elif item.condition is not None:
                held = self.truth(item.condition)
                earned = hull(Num.point(item.points if h else ZERO) for h in held)
            else:
                self._missing(item.name, ValueType.CHECK, f"是或否，或给分 0-{numbers.plain(item.points)}分")
                earned = Num(ZERO, item.points)
            total = total.plus(earned)
        return total

    def _runner(self, op: Operation, node: IndicatorPlan) -> Any:
        return RUNNERS[type(op)](self.program, op, node)

    def _occurrences(self, op: PerOccurrence, node: IndicatorPlan, score: Num) -> Num:
        if op.fact in self.facts:
            occurrences = self.env.judged(op.fact, ValueType.OCCURRENCES, op.fact_span)
            assert isinstance(occurrences, Occurrences)
            fewest: int | None = occurrences.count // op.per
            most = fewest
        else:
            self._missing(op.fact, ValueType.OCCURRENCES, "≥0次")
            fewest, most = 0, None

        def amount(at: Exact | None, upper: bool, times: int | None) -> Exact | None:
            """The points added or taken at score ``at`` (None: no end on the ``upper`` side or
            the lower) with ``times`` entries (None: any number); None when without end."""
            if at is None:  # room without end where taking from +∞ or adding to −∞
                useful = None if upper != op.add else 0
            else:
                room = numbers.sub(node.weight, at) if op.add else at
                useful = math.ceil(numbers.to_fraction(numbers.maximum(room, ZERO))
                                   / numbers.to_fraction(op.points))
            listed = useful if times is None else times if useful is None else min(times, useful)
            if listed is None:
                return op.most
            points = numbers.mul(Decimal(listed), op.points)
            return points if op.most is None else numbers.minimum(points, op.most)

        # Each end is paired with the other's amount: a sound bound; exact for a known score.
        self.wide |= not score.is_point
        if op.add:  # adding: less room the higher the score
            low_gain, high_gain = amount(score.high, True, fewest), amount(score.low, False, most)
            return Num(None if score.low is None or low_gain is None else numbers.add(score.low, low_gain),
                       None if score.high is None or high_gain is None else
                       numbers.add(score.high, high_gain))
        high_loss, low_loss = amount(score.high, True, most), amount(score.low, False, fewest)
        return Num(None if score.low is None or high_loss is None else numbers.sub(score.low, high_loss),
                   None if score.high is None or low_loss is None else numbers.sub(score.high, low_loss))

    # ---- the tree
    def run(self) -> PartialResult:
        for top in self.plan.indicators:
            self._analyse(top)
        self.env.indicator = None
        top_vetoes = []
        for veto in self.plan.vetoes:
            self.reads, self.wide = Counter(), False
            try:
                top_vetoes.append((self.truth(veto.condition), frozenset(self.reads), veto.best))
            except (EvalRulesError, numbers.TooLarge) as error:
                self.problems.extend(self.env.failure(error, veto.span).diagnostics)
        if self.problems:
            raise EvaluationError(self.problems)
        self.top_vetoes = top_vetoes
        counts: Counter[str] = Counter()
        for own in self.own.values():
            counts.update(own)
        for _, reads, _ in top_vetoes:
            counts.update(reads)
        shared = {name for name, count in counts.items() if count > 1}

        self.ways: list[tuple[IndicatorPlan, Sequence[object]]] = []
        for top in self.plan.indicators:
            for node in _nodes(top):
                if node.is_leaf and len(self.outcomes[id(node)]) > 1:
                    self.ways.append((node, self.outcomes[id(node)]))
                elif id(node) in self.choices and self.choices[id(node)] is None:
                    self.ways.append((node, [child.name for child in node.children]))
        overall = self._total(None)
        exact = not shared and not self.wide_nodes and overall.exact
        total = Range(*_ends(overall.total), exact)
        indicators = tuple(self._ranges(top, overall.nodes, shared, overall.exact)[0]
                           for top in self.plan.indicators)
        where: dict[str, list[str]] = {}
        for top in self.plan.indicators:
            for node in _nodes(top):
                for name in self.own[id(node)]:
                    where.setdefault(name, []).append("/".join(node.path))
        missing = []
        try:
            self._pin()
        except EvaluationError:  # with every missing fact at its lowest, nothing can be scored
            self.pinned = {}
        for name in counts:
            effect = total.width  # where no completion scores with the others at their lowest
            if self.pinned:
                try:
                    low, high = _ends(self._total(frozenset((name,)), self._focus(name)).total)
                    effect = numbers.sub(high, low)
                except EvaluationError:
                    pass
            missing.append(MissingFact(name, self.types[name], self.assumed[name],
                                       tuple(where.get(name, ())), effect))
        missing.sort(key=lambda fact: -numbers.to_fraction(fact.effect))
        return PartialResult(self.plan.title, self.plan.full_score, total, overall.grades,
                             indicators, tuple(missing))

    def _ranges(self, node: IndicatorPlan, nodes: dict[int, Num], shared: set[str],
                exact: bool) -> tuple[IndicatorRange, Counter[str]]:
        """The node's range as data, and the missing facts read beneath it, with how often."""
        reads = Counter(self.own[id(node)])
        children = []
        for child in node.children:
            found, beneath = self._ranges(child, nodes, shared, exact)
            children.append(found)
            reads.update(beneath)
        exact = exact and id(node) not in self.wide_nodes and all(c.score.exact for c in children) \
            and all(count == 1 for count in reads.values())
        low, high = _ends(nodes.get(id(node), Num.point(ZERO)))  # an alternative not chosen: 0
        outcomes = self.outcomes.get(id(node), [])
        may_not_apply = len(outcomes) > 1  # the others do not apply
        return IndicatorRange(node.name, node.level, node.path, node.weight, Range(low, high, exact),
                              tuple(self.own[id(node)]), tuple(children), may_not_apply,
                              node.bonus, node.fields), reads

    def _analyse(self, node: IndicatorPlan) -> None:
        self.env.indicator = self.program.where[id(node)]
        self.reads, self.wide = Counter(), False
        try:
            if node.is_leaf:
                self.env.leaf_weight = node.weight  # 分值 in a formula, as the evaluator reads it
                self.outcomes[id(node)] = self.leaf(node)
            else:
                combine = node.ops[0]
                assert isinstance(combine, Combine)
                if combine.kind == "choice":
                    assert combine.choice_fact is not None
                    if combine.choice_fact in self.facts:
                        chosen = self.env.fact(combine.choice_fact, ValueType.TEXT, combine.choice_span)
                        self.choices[id(node)] = chosen
                    else:
                        self._missing(combine.choice_fact, ValueType.TEXT,
                                      "、".join(child.name for child in node.children))
                        self.choices[id(node)] = None
                self.vetoes[id(node)] = []
                for op in node.ops:
                    if isinstance(op, Veto):
                        before = Counter(self.reads)
                        held = self.truth(op.condition)
                        self.vetoes[id(node)].append((held, frozenset(self.reads - before)))
        except (EvalRulesError, numbers.TooLarge) as error:
            self.problems.extend(self.env.failure(error, node.span).diagnostics)
            self.outcomes[id(node)] = [_Outcome(Num.point(ZERO))]
        self.own[id(node)] = self.reads
        for name in self.reads:
            self.readers.setdefault(name, []).append(node)
        if self.wide or any(count > 1 for count in self.reads.values()):
            self.wide_nodes.add(id(node))
        beneath = set(self.reads)
        for child in node.children:
            self._analyse(child)
            beneath |= self.beneath[id(child)]
        self.beneath[id(node)] = frozenset(beneath)

    def _total(self, free: frozenset[str] | None, focus: _Focus | None = None) -> _Total:
        """The total's range, each node's, and the grades possible, over every combination of
        the ways the leaves may end and the alternatives a 择一考核 not known may take; with
        ``free`` (and the ``focus`` on what reads them), only what those facts touch varies,
        every other indicator counted at its lowest, every other 择一考核 at its first
        alternative."""
        ways = self.ways if focus is None else focus.ways
        if math.prod(len(options) for _, options in ways) > MAX_SCENARIOS:
            return self._unbounded()
        found, failure = _Total(None, {}, (), True), None
        for picks in itertools.product(*(options for _, options in ways)):
            chosen = {id(node): pick for (node, _), pick in zip(ways, picks, strict=True)}
            nodes: dict[int, Num] = {}
            try:
                found = found.merge(self._combined(self._tops(chosen, free, nodes, focus), free),
                                    nodes)
            except EvaluationError as error:  # no completion scores this way (nothing applies)
                failure = error
        if found.total is None:
            assert failure is not None
            raise failure
        return found

    def _tops(self, chosen: dict[int, Any], free: frozenset[str] | None, nodes: dict[int, Num],
              focus: _Focus | None) -> _Sums:
        plan = self.plan
        if focus is not None and self.summable[_TOP]:
            sums = self.raw_tops
            for top in focus.way[_TOP]:
                sums = sums.replaced(top, self.pinned[id(top)], self._node(top, chosen, free, nodes, focus))
            return sums
        tops = _shared_out(plan, [self._node(top, chosen, free, nodes, focus)
                                  for top in plan.indicators], plan.indicators, nodes)
        sums = _Sums(Num.point(ZERO), Num.point(ZERO), ZERO)
        for top, scored in zip(plan.indicators, tops, strict=True):
            sums = sums.replaced(top, None, scored)
        return sums

    def _pin(self) -> None:
        """Every indicator scored with each missing fact at what gives it its lowest score, and
        each 择一考核 not known at its first alternative: what a fact's effect is measured
        against. Kept per node, with the sums of the parents that add up, so that measuring a
        fact's effect scores again only the indicators on its way up."""
        self.pinned = {}
        self.raw: dict[int, tuple[Num, Exact]] = {}
        self.summable: dict[int, bool] = {_TOP: not any(self._shares(top) for top in self.plan.indicators)}
        for top in self.plan.indicators:
            for node in _nodes(top):
                self.summable[id(node)] = not any(self._shares(child) for child in node.children)
        self.recording = True
        self.raw_tops = self._tops({}, frozenset(), {}, None)
        for top in self.plan.indicators:  # and the alternatives not taken
            for node in _nodes(top):
                if id(node) not in self.pinned:
                    self._node(node, {}, frozenset(), {})
        self.recording = False
        self.parents = {id(child): node for top in self.plan.indicators for node in _nodes(top)
                        for child in node.children}

    def _shares(self, node: IndicatorPlan) -> bool:
        return node.is_leaf and any(outcome.shared_to for outcome in self.outcomes[id(node)])

    def _focus(self, name: str) -> _Focus:
        """The indicators that read ``name`` and those above them, each with its children on
        that way up; and the ways of scoring that ``name`` decides."""
        way: dict[int, list[IndicatorPlan]] = {_TOP: []}
        for reader in self.readers.get(name, ()):
            way.setdefault(id(reader), [])
            node = reader
            while True:
                parent = self.parents.get(id(node))
                key = _TOP if parent is None else id(parent)
                if node in way.setdefault(key, []):
                    break
                way[key].append(node)
                if parent is None:
                    break
                node = parent
        ways = [(node, options) for node, options in self.ways if name in self.own[id(node)]]
        return _Focus(way, ways)

    def _varies(self, node: IndicatorPlan, free: frozenset[str] | None) -> bool:
        return free is None or not free.isdisjoint(self.beneath[id(node)])

    def _unbounded(self) -> _Total:
        """What any scoring could give: zero to the full score and every bonus point."""
        bonus = numbers.total(top.weight for top in self.plan.indicators if top.bonus)
        nodes = {id(node): Num(ZERO, node.weight) for top in self.plan.indicators
                 for node in _nodes(top)}
        high = numbers.add(self.plan.full_score, bonus)
        grades = tuple(g.name for g in self.plan.grades
                       if _meets(Num(ZERO, self.plan.full_score), g.interval))
        return _Total(Num(ZERO, high), nodes, grades, False)

    def _node(self, node: IndicatorPlan, chosen: dict[int, Any], free: frozenset[str] | None,
              nodes: dict[int, Num], focus: _Focus | None = None) -> _Scored:
        if focus is not None and id(node) not in focus.way:
            return self.pinned[id(node)]
        scored = self._scored(node, chosen, free, nodes, focus)
        if self.recording:
            self.pinned[id(node)] = scored
        return scored

    def _scored(self, node: IndicatorPlan, chosen: dict[int, Any], free: frozenset[str] | None,
                nodes: dict[int, Num], focus: _Focus | None) -> _Scored:
        if node.is_leaf:
            outcome: _Outcome = chosen.get(id(node), self.outcomes[id(node)][0])
            score = outcome.score
            if not self._varies(node, free):
                score = Num.point(_ends(score)[0])
            nodes[id(node)] = score
            return _Scored(score, node.weight, outcome.applies, outcome.shared_to)
        combine = node.ops[0]
        assert isinstance(combine, Combine)
        weight: Exact
        if combine.kind == "choice":
            picked = self.choices[id(node)] or chosen.get(id(node), node.children[0].name)
            alternative = next(child for child in node.children if child.name == picked)
            scored = self._node(alternative, chosen, free, nodes, focus)
            score = scored.score
            weight = scored.weight if scored.applies else ZERO
        elif combine.kind == "sum" and focus is not None and self.summable[id(node)]:
            score, weight = self.raw[id(node)]
            for child in focus.way[id(node)]:
                before, after = self.pinned[id(child)], self._node(child, chosen, free, nodes, focus)
                score = score.minus(before.score).plus(after.score)
                weight = numbers.add(numbers.sub(weight, _applying(before)), _applying(after))
        else:
            children = _shared_out(self.plan, [self._node(c, chosen, free, nodes, focus)
                                               for c in node.children], node.children, nodes)
            if combine.kind == "weighted":
                rate, applies = Num.point(ZERO), ZERO
                for child_node, result in zip(node.children, children, strict=True):
                    assert child_node.share is not None
                    if numbers.is_zero(child_node.weight):
                        continue
                    share = numbers.div(child_node.share, child_node.weight)
                    rate = rate.plus(result.score.map(lambda v: numbers.mul(share, v)))  # noqa: B023
                    if result.applies:
                        applies = numbers.add(applies, numbers.mul(share, result.weight))
                score = rate.map(lambda v: numbers.mul(v, node.weight))
                weight = numbers.mul(applies, node.weight)
            else:
                score, weight = Num.point(ZERO), ZERO
                for result in children:
                    score = score.plus(result.score)
                    weight = numbers.add(weight, _applying(result))
                if self.recording:
                    self.raw[id(node)] = (score, weight)
        for op in node.ops:
            if isinstance(op, Round):
                score = score.map(lambda v: numbers.round_to(v, op.policy))  # noqa: B023
                weight = numbers.round_to(weight, op.policy)
        for held, reads in self.vetoes[id(node)]:
            score = _vetoed(score, held, free is None or not free.isdisjoint(reads))
        nodes[id(node)] = score
        return _Scored(score, weight, True)

    def _combined(self, sums: _Sums, free: frozenset[str] | None) -> _Total:
        plan = self.plan
        base, bonus, applicable = sums.base, sums.bonus, sums.applicable
        not_best = frozenset((False,))  # whether a 一票否优 holds
        for held, reads, best in self.top_vetoes:
            counted = free is None or not free.isdisjoint(reads)
            if best:
                effective = held if counted or held != BOTH else frozenset((False,))
                not_best = frozenset(a or b for a in not_best for b in effective)
            else:
                base, bonus = _vetoed(base, held, counted), _vetoed(bonus, held, counted)
        full = plan.full_score
        if numbers.compare(applicable, full):
            if not numbers.compare(applicable, ZERO) > 0:
                raise EvaluationError([Diagnostic("E0401", "所有指标都不适用，无法按百分制折算", None,
                                                  ("至少要有一个适用的指标。",))])
            policy = plan.rounding
            base = base.map(lambda v: numbers.div(numbers.mul(v, full), applicable))
            if policy is not None:
                base = base.map(lambda v: numbers.round_to(v, policy))
        total = base.plus(bonus)
        graded = total.map(lambda v: numbers.minimum(v, full))
        grading = plan.grade_rounding
        if grading is not None:
            graded = graded.map(lambda v: numbers.round_to(v, grading))
        grades = _grades(plan, graded, not_best)
        return _Total(total, {}, grades, True)


_TOP = -1  # the key of the top level, where a node's id would be


@attrs.frozen
class _Focus:
    way: dict[int, list[IndicatorPlan]]  # node id (or _TOP) -> its children on the way up
    ways: list[tuple[IndicatorPlan, Sequence[object]]]


@attrs.frozen
class _Sums:
    """The top-level indicators added up: the base, the bonus, the weight that applies."""

    base: Num
    bonus: Num
    applicable: Exact

    def replaced(self, top: IndicatorPlan, before: _Scored | None, after: _Scored) -> _Sums:
        """With ``top`` scored ``after`` in place of ``before`` (None: not counted yet)."""
        score = after.score if before is None else after.score.minus(before.score)
        if top.bonus:
            return _Sums(self.base, self.bonus.plus(score), self.applicable)
        applicable = numbers.add(self.applicable, _applying(after))
        if before is not None:
            applicable = numbers.sub(applicable, _applying(before))
        return _Sums(self.base.plus(score), self.bonus, applicable)


def _applying(scored: _Scored) -> Exact:
    return scored.weight if scored.applies else ZERO


@attrs.frozen
class _Total:
    total: Num | None
    nodes: dict[int, Num]
    grades: tuple[str, ...]
    exact: bool

    def merge(self, other: _Total, nodes: dict[int, Num]) -> _Total:
        assert other.total is not None
        merged = dict(self.nodes)
        for key, value in nodes.items():
            merged[key] = hull([merged[key], value]) if key in merged else value
        grades = tuple(dict.fromkeys((*self.grades, *other.grades)))
        total = other.total if self.total is None else hull([self.total, other.total])
        return _Total(total, merged, grades, self.exact and other.exact)


def _grades(plan: Plan, graded: Num, not_best: frozenset[bool]) -> tuple[str, ...]:
    """The grades whose band the graded total may fall in; under a 一票否优 that may hold, the
    best grade may become the one below it."""
    ranked = sorted(plan.grades, key=lambda g: numbers.to_fraction(g.interval.low)
                    if g.interval.low is not None else -math.inf, reverse=True)
    found = []
    for grade in ranked:
        if _meets(graded, grade.interval):
            if grade is not ranked[0] or False in not_best or len(ranked) == 1:  # given as is
                found.append(grade.name)
            if grade is ranked[0] and True in not_best and len(ranked) > 1:
                found.append(ranked[1].name)
    return tuple(sorted(dict.fromkeys(found), key=[g.name for g in ranked].index))


def _shared_out(plan: Plan, children: list[_Scored], siblings: Iterable[IndicatorPlan],
                nodes: dict[int, Num]) -> list[_Scored]:
    """不适用…分值均摊到: as the evaluator shares points out, on both ends of each range; the
    ranges of the siblings that take points are kept in ``nodes`` as grown."""
    siblings = list(siblings)
    names = [node.name for node in siblings]
    extra: dict[str, list[Exact]] = {}
    for child in children:
        if child.shared_to:
            for target, share in zip(child.shared_to,
                                     split_weight(child.weight, len(child.shared_to), plan.rounding),
                                     strict=True):
                extra.setdefault(target, []).append(share)
    if not extra:
        return children
    result = []
    for name, child in zip(names, children, strict=True):
        gains = extra.get(name)
        if not gains:
            result.append(child)
            continue
        if not child.applies:
            raise EvaluationError([Diagnostic(
                "E0306", f"分值均摊到「{name}」，但它本身也不适用", None,
                ("检查不适用的条件，或改为“不计入总分”。",))])
        weight = numbers.total([child.weight, *gains])

        def scaled(value: Exact, old: Exact = child.weight, new: Exact = weight) -> Exact:
            grown = numbers.div(numbers.mul(value, new), old)
            return numbers.round_to(grown, plan.rounding) if plan.rounding is not None else grown

        result.append(_Scored(child.score.map(scaled), weight, True))
    for sibling, scored in zip(siblings, result, strict=True):
        nodes[id(sibling)] = scored.score
    return result


def _vetoed(score: Num, held: frozenset[bool], counted: bool) -> Num:
    if True not in held or (held == BOTH and not counted):
        return score
    return Num.point(ZERO) if False not in held else hull([score, Num.point(ZERO)])


def _nodes(node: IndicatorPlan) -> Iterator[IndicatorPlan]:
    pending = [node]
    while pending:
        current = pending.pop()
        yield current
        pending.extend(reversed(current.children))


def _ends(value: Num | None) -> tuple[Exact, Exact]:
    assert value is not None and value.low is not None and value.high is not None
    return value.low, value.high


def _reduce(function: Any, values: list[Exact | None], none: str | None) -> Exact | None:
    """min/max over interval ends: None (no end) wins unless ``none`` says to skip it."""
    finite = [v for v in values if v is not None]
    if len(finite) < len(values) and none is None:
        return None
    return functools.reduce(function, finite) if finite else None


def _absolute(value: Num) -> Num:
    if value.low is not None and numbers.compare(value.low, ZERO) >= 0:
        return value
    if value.high is not None and numbers.compare(value.high, ZERO) <= 0:
        return value.negated()
    return Num(ZERO, None if value.low is None or value.high is None else
               numbers.maximum(numbers.neg(value.low), value.high))


def _reciprocal(divisor: Num) -> Num:
    """1 / the divisor's values other than 0."""
    low, high = divisor.low, divisor.high
    positive = low is not None and numbers.compare(low, ZERO) > 0
    negative = high is not None and numbers.compare(high, ZERO) < 0
    one = Decimal(1)
    if positive or negative:
        return Num(ZERO if high is None else numbers.div(one, high),
                   ZERO if low is None else numbers.div(one, low))
    if low is not None and numbers.is_zero(low):  # (0, high]
        return Num(ZERO if high is None else numbers.div(one, high), None)
    if high is not None and numbers.is_zero(high):  # [low, 0)
        return Num(None, ZERO if low is None else numbers.div(one, low))
    return Num(None, None)


def _meets(value: Num, interval: Interval) -> bool:
    """Whether some value from ``value`` may fall in ``interval`` (its open ends taken as closed:
    a band only reachable at an end it leaves out counts as reachable, which is wider, never
    narrower)."""
    return (interval.high is None or value.low is None or numbers.compare(value.low, interval.high) <= 0) \
        and (interval.low is None or value.high is None or numbers.compare(value.high, interval.low) >= 0)


def _compare(op: str, left: Any, right: Any) -> frozenset[bool]:
    if not (isinstance(left, Num) and isinstance(right, Num)):
        return BOTH
    difference = left.minus(right)  # the comparison is the sign of left − right
    low = -2 if difference.low is None else numbers.compare(difference.low, ZERO)
    high = 2 if difference.high is None else numbers.compare(difference.high, ZERO)
    can = {">": (high > 0, low <= 0), ">=": (high >= 0, low < 0), "<": (low < 0, high >= 0),
           "<=": (low <= 0, high > 0), "==": (low <= 0 <= high, not low == high == 0),
           "!=": (not low == high == 0, low <= 0 <= high)}[op]
    return frozenset(value for value, possible in zip((True, False), can, strict=True) if possible)


def _limit(score: Num, op: Limit) -> Num:
    """A declared cap (past ``threshold`` the score is ``value``) or floor, on a range."""
    past, inside = (score.high, score.low) if op.over else (score.low, score.high)
    sign = 1 if op.over else -1

    def beyond(value: Exact | None) -> bool:
        return value is None or sign * numbers.compare(value, op.threshold) > 0

    if not beyond(past):
        return score
    if beyond(inside):
        return Num.point(op.value)
    kept = Num(score.low, op.threshold) if op.over else Num(op.threshold, score.high)
    return span([kept, Num.point(op.value)])


def _deduction(steps: Steps, excess: Num) -> Num:
    """The points a measured excess costs, over the range of the excess (non-decreasing in it)."""
    def cost(value: Exact | None) -> Exact | None:
        if value is None:
            return steps.most
        count = numbers.div(numbers.maximum(value, ZERO), steps.amount)
        if steps.whole:
            count = Decimal(math.floor(numbers.to_fraction(count)))
        deduction = numbers.mul(count, steps.points)
        return deduction if steps.most is None else numbers.minimum(deduction, steps.most)

    low = ZERO if excess.low is None else cost(excess.low)
    return Num(low, cost(excess.high))


# ---- entry point and rendering ----------------------------------------------------------------


@numbers.exactly
def evaluate_partial(ruleset: Ruleset, facts: FactsGiven) -> PartialResult:
    """Score a fact set that may lack facts: ranges where a fact is missing (see the module)."""
    from .ruleset import facts_of

    return analyse(ruleset.program(trace=False), facts_of(facts))


def _span(score: Range) -> str:
    if score.settled:
        return numbers.show(score.low)
    return f"{numbers.show(score.low)} 至 {numbers.show(score.high)}" + ("" if score.exact else "（界）")


def _label(node: IndicatorRange) -> Text:
    text = Text(visible(node.name) + "  ")
    text.append(f"{_span(node.score)}/{numbers.show(node.weight)}分",
                style="green" if node.score.settled else "yellow")
    if node.may_not_apply:
        text.append("（可能不适用）", style="magenta")
    if node.missing:
        text.append(f"  缺少：{'、'.join(visible(name) for name in node.missing)}", style="dim")
    return text


def render(result: PartialResult, detailed: bool = False) -> Stack:
    """The ranges as a tree under the total's range and the grades possible, then the facts
    that would settle it; ``detailed`` adds what each missing fact was taken to be."""
    head = Text()
    if result.title:
        head.append(visible(result.title) + "\n", style="bold")
    head.append("证据不全：总分 " if result.missing else "总分 ")
    head.append(_span(result.total), style="bold")
    head.append(f" / {numbers.plain(result.full_score)}分")
    if result.grades:
        head.append("，可能的等级：" if len(result.grades) > 1 else "，等级 ")
        head.append("、".join(visible(grade) for grade in result.grades), style="bold")
    tree = Tree(head, guide_style="dim")

    def add(branch: Tree, node: IndicatorRange) -> None:
        child = branch.add(_label(node))
        for grandchild in node.children:
            add(child, grandchild)

    for node in result.indicators:
        add(tree, node)
    parts: list[RenderableType] = [tree]
    if result.missing:
        table = Table(title="补齐这些事实即可定分（影响大的在前）", title_justify="left")
        table.add_column("缺少的事实")
        table.add_column("影响（分）", justify="right")
        table.add_column("所属指标")
        if detailed:
            table.add_column("按此取值范围估算")
        for fact in result.missing:
            row = [visible(fact.name), numbers.show(fact.effect),
                   "；".join(visible(indicator) for indicator in fact.indicators)]
            table.add_row(*row, *((visible(fact.assumed),) if detailed else ()))
        parts += [Text(""), table]
        note = "影响：只让读这项事实的指标取遍其范围（其余指标按最低分计）时，总分范围的宽度。"
        if not result.total.exact:
            note += "标“（界）”的范围含真实的最低、最高分，但端点未必取得到。"
        parts.append(Text(note, style="dim"))
    return Stack(*parts)


def missing_summary(error: EvalRulesError, plan: Plan | None = None) -> Text | None:
    """The missing facts of an error, grouped by indicator, with the way to score meanwhile."""
    groups = missing_by_indicator(error, plan)
    if not groups:
        return None
    count = len({fact for _, facts in groups for fact in facts})
    text = Text(f"共缺少 {count} 项事实，分属 {len(groups)} 个指标：\n", style="bold")
    for indicator, facts in groups:
        text.append(f"  {visible(indicator) or '（整个指标体系）'}：", style="cyan")
        text.append("、".join(visible(fact) for fact in facts) + "\n")
    text.append("补齐后再评分；或加 --partial，先按缺少事实的取值范围算出得分范围。", style="green")
    return text


def missing_to_dict(error: EvalRulesError, plan: Plan | None = None) -> list[dict[str, object]]:
    return [{"indicator": indicator, "facts": list(facts)}
            for indicator, facts in missing_by_indicator(error, plan)]


def score_table(found: PartialResult) -> ScoreTable:
    """The 得分表 (table.build) with a range in the 得分 column where facts are missing, and in
    扣分原因 the facts missing; the 合计 is the total's range, the 等级 the grades possible."""
    from . import table
    from .result import IndicatorResult, Result

    def outline(node: IndicatorRange) -> IndicatorResult:
        return IndicatorResult(node.name, node.level, node.path, node.weight, node.score.low,
                               tuple(outline(child) for child in node.children), node.fields,
                               bonus=node.bonus)

    grade = "或".join(found.grades) or None
    built = table.build(Result(found.title, found.full_score, found.total.low, grade, None,
                               tuple(outline(node) for node in found.indicators)))
    # The rows in the order table.build writes them: each leaf, a 小计 after each 一级 with
    # children, the 合计; the 等级 keeps its text.
    ranges: list[tuple[Range, tuple[str, ...]]] = []
    for top in found.indicators:
        ranges += [(node.score, node.missing) for node in top.nodes() if node.is_leaf]
        if top.children:
            ranges.append((top.score, ()))
    ranges.append((found.total, tuple(fact.name for fact in found.missing)))
    score = built.score_column - built.depth
    rows = list(built.rows)
    for index, (row, (span, missing)) in enumerate(zip(rows, ranges, strict=False)):
        if span.settled:
            continue
        values = list(row.values)
        values[score] = _span(span)
        values[score + 1] = f"缺少：{'、'.join(visible(name) for name in missing)}" if missing else ""
        rows[index] = attrs.evolve(row, values=tuple(values), score=None)
    return attrs.evolve(built, rows=tuple(rows))
