"""The recorder: how an evaluation writes its trace, or does not.

The evaluator tells the recorder what happened (a fact read, a formula's value, the band a value
fell in, a cap that bit) in raw values; the full recorder turns that into the trace's steps, the
null recorder does nothing, so scoring with the trace off builds no text and keeps no reads.
Every step of the trace is made here, from the operation that acted and its values.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from . import numbers
from .facts import Award, Fact, Judged, Occurrences, is_percent_text
from .numbers import Exact, RoundingPolicy
from .plan import (
    Bands,
    Beyond,
    CheckItem,
    Deviation,
    Discretion,
    Exempt,
    Expr,
    Floor,
    Judge,
    Limit,
    MetricSpec,
    PerOccurrence,
    Start,
    Steps,
    Veto,
)
from .trace import (
    BandStep,
    BaseStep,
    CheckStep,
    ChoiceStep,
    DeductionEntry,
    DeductionStep,
    DiscretionStep,
    ExemptionStep,
    FormulaStep,
    JudgementStep,
    LimitStep,
    RoundStep,
    Shown,
    Step,
    StepDeductionStep,
    ValueRead,
    VetoStep,
    reductions,
    substitute,
)

# What a cap or floor was, for the trace: a declared limit, 扣完为止, a deduction's cap, the bounds.
LimitCause = Limit | Floor | PerOccurrence | Decimal | None


class NullRecorder:
    """The trace off: every method does nothing, and a leaf's steps are not kept."""

    on = False

    def leaf(self) -> None:
        """A leaf's scoring begins."""

    def leaf_reads(self) -> tuple[ValueRead, ...]:
        return ()

    def fact(self, name: str, value: object, fact: Fact) -> None:
        pass

    def again(self, name: str) -> None:
        pass

    def forget(self, name: str) -> None:
        pass

    def weight(self, name: str, weight: Decimal) -> None:
        pass

    def metric_begin(self) -> object:
        return None

    def metric_end(self, name: str, outer: object) -> None:
        pass

    def metric(self, spec: MetricSpec, value: object, reported: Fact | None) -> None:
        pass

    def value(self, node: Expr, value: object) -> None:
        pass

    def shown(self, values: Mapping[str, object]) -> Mapping[str, Shown]:
        """The values read so far as a formula's working shows them (for an error's hint)."""
        return {name: Shown(value, show_value(value)) for name, value in values.items()}

    def veto(self, op: Veto, held: bool) -> VetoStep:
        # With the trace off, a veto keeps whether it held and its condition as written.
        return VetoStep(op.span.text, op.condition.span.text, held, op.best)


class Recorder(NullRecorder):
    """The full trace: each name read with the text its value is shown as, each leaf's reads in
    the order read (a metric after what it was computed from), and each step."""

    on = True

    def __init__(self) -> None:
        self.reads: dict[str, ValueRead] = {}
        self.values: dict[str, Shown] = {}  # the same, as a formula's working reads it
        self.metric_reads: dict[str, tuple[str, ...]] = {}
        self.computing = False  # within a metric: its reads are noted as they are, unexpanded
        self.current: dict[str, ValueRead] = {}
        # The value each compound expression had, by node id, for the trace's working.
        self.recorded: dict[int, object] = {}

    def leaf(self) -> None:
        self.current = {}

    def leaf_reads(self) -> tuple[ValueRead, ...]:
        return tuple(self.current.values())

    def _show(self, read: ValueRead) -> None:
        self.reads[read.name] = read
        self.values[read.name] = read.shown

    def fact(self, name: str, value: object, fact: Fact) -> None:
        self._show(ValueRead(name, "fact", Shown(value, show_fact(value, fact.raw)),
                             evidence=fact.evidence, assumed=fact.assumed, was=fact.was))
        self.again(name)

    def again(self, name: str) -> None:
        """Count ``name`` as read by the leaf, after what it was computed from (in the order
        read), walking the metrics with a stack of its own."""
        if self.computing:
            self.current.setdefault(name, self.reads[name])
            return
        pending = [(name, False)]
        while pending:
            now, expanded = pending.pop()
            if now in self.current or now not in self.reads:
                continue
            read = self.reads[now]
            if expanded or read.kind != "metric":
                self.current[now] = read
                continue
            pending.append((now, True))
            pending.extend((inner, False) for inner in reversed(self.metric_reads[now]))

    def forget(self, name: str) -> None:
        self.current.pop(name, None)

    def weight(self, name: str, weight: Decimal) -> None:
        self._show(ValueRead(name, "weight", Shown(weight, numbers.plain(weight) + "分")))
        self.current[name] = self.reads[name]

    def metric_begin(self) -> object:
        """A metric's reads are kept as its own, to be counted as a leaf's when it reads it."""
        outer = (self.current, self.computing)
        self.current, self.computing = {}, True
        return outer

    def metric_end(self, name: str, outer: object) -> None:
        self.metric_reads[name] = tuple(self.current)
        self.current, self.computing = outer  # type: ignore[misc]

    def metric(self, spec: MetricSpec, value: object, reported: Fact | None) -> None:
        if reported is not None:
            self._show(ValueRead(spec.name, "reported", Shown(value, show_fact(value, reported.raw)),
                                 spec.span.text, evidence=reported.evidence,
                                 assumed=reported.assumed, was=reported.was))
        else:
            self._show(ValueRead(spec.name, "metric", Shown(value, show_metric(value, spec.percent)),
                                 spec.span.text, self.working(spec.expr)))

    def value(self, node: Expr, value: object) -> None:
        self.recorded[id(node)] = value

    def shown(self, values: Mapping[str, object]) -> Mapping[str, Shown]:
        return self.values

    def working(self, expr: Expr) -> tuple[str, ...]:
        return reductions(expr, self.values, self.recorded)

    def substitute(self, expr: Expr) -> str:
        return substitute(expr, self.values)

    # ---- steps
    def start(self, op: Start) -> Step:
        if op.additive:
            return BaseStep(numbers.ZERO, "零分，逐项加分")
        return BaseStep(op.points)

    def exempt(self, op: Exempt, weight: Decimal) -> Step:
        return ExemptionStep(op.span.text, self.substitute(op.condition), op.not_applicable,
                             weight, op.mode, op.to)

    def formula(self, expr: Expr, value: Exact) -> Step:
        return FormulaStep("得分", expr.span.text, self.working(expr), value)

    def band(self, op: Bands, index: int) -> Step:
        band = op.bands[index]
        return BandStep(op.span.text, op.subject.name, self.values[op.subject.name].text,
                        band.label, band.points, band.share)

    def formula_band(self, op: Bands, index: int, score: Exact) -> list[Step]:
        """The band the value fell in, then its formula with the values put in."""
        band = op.bands[index]
        assert band.formula is not None
        return [BandStep(op.span.text, op.subject.name, self.values[op.subject.name].text,
                         band.label, numbers.ZERO, formula=band.formula.span.text),
                self.formula(band.formula, score)]

    def beyond(self, op: Bands, beyond: Beyond, excess: Exact, count: Exact,
               deduction: Exact, capped: bool) -> list[Step]:
        mark = beyond.region.end_text(beyond.anchor)
        word = "超过" if beyond.steps.direction == "over" else "低于"
        percent = beyond.region.percent
        subject = op.subject.name
        measured = f"{subject} = {self.values[subject].text}"
        return [BaseStep(beyond.points, f"{word}{mark}时，从{mark}一档的"),
                self._steps(beyond.steps, measured, f"{word} {mark} 达 {_as(excess, percent)}",
                            percent, count, deduction, capped)]

    def deviation(self, op: Deviation, relative: Exact, count: Exact, deduction: Exact,
                  capped: bool) -> Step:
        actual, planned = op.actual.name, op.planned.name
        a, p = self.values[actual].text, self.values[planned].text
        shown = numbers.show_percent(relative)
        if op.steps.direction == "both":
            word, formula, values = "相差", f"|{actual}-{planned}|", f"|{a}-{p}|"
        elif op.steps.direction == "over":
            word, formula, values = "超出", f"({actual}-{planned})", f"({a}-{p})"
        else:
            word, formula, values = "低于", f"({planned}-{actual})", f"({p}-{a})"
        measured = f"{word}幅度 = {formula}/{planned} = {values}/{p} = {shown}"
        excess = f"{word} {shown}" if numbers.compare(relative, numbers.ZERO) > 0 else f"未{word}"
        return self._steps(op.steps, measured, excess, True, count, deduction, capped)

    @staticmethod
    def _steps(steps: Steps, measured: str, excess: str, percent: bool, count: Exact,
               deduction: Exact, capped: bool) -> StepDeductionStep:
        return StepDeductionStep(steps.span.text, measured, excess, _as(steps.amount, percent),
                                 count, steps.whole, steps.points, deduction,
                                 steps.most if capped else None)

    def judgement(self, op: Judge, judged: Judged, points: Decimal) -> Step:
        return JudgementStep(op.fact, judged.level, points, op.levels, judged.reason)

    def discretion(self, op: Discretion, amount: Decimal, award: Award) -> Step:
        return DiscretionStep(op.fact, op.deduct, op.low, op.high, amount, award.reason)

    def check(self, item: CheckItem, earned: Decimal, award: Award | None) -> Step:
        if item.condition is not None:
            return CheckStep(item.name, item.description, item.points, earned, "condition",
                             condition=self.substitute(item.condition))
        assert award is not None
        if award.score is None:
            return CheckStep(item.name, item.description, item.points, earned, "judged")
        return CheckStep(item.name, item.description, item.points, earned, "awarded",
                         award.reason)

    def occurrences(self, op: PerOccurrence, occurrences: Occurrences, times: int,
                    listed: int) -> Step:
        """One entry per ``op.per`` occurrences, the first ``listed`` of ``times`` one by one."""
        entries = []
        for index in range(listed):
            group = occurrences.records[index * op.per:(index + 1) * op.per]
            first = index * op.per + 1
            label = f"第{first}次" if op.per == 1 else f"第{first}-{first + op.per - 1}次"
            entries.append(DeductionEntry(op.points, f"{op.fact}（{label}）",
                                          tuple(record.summary for record in group)))
        return DeductionStep(op.span.text, op.fact, occurrences.count, tuple(entries),
                             times - listed, op.add)

    def limit(self, cause: LimitCause, over: bool, before: Exact, after: Exact) -> Step:
        kind = "cap" if over else "floor"
        match cause:
            case Limit():
                return LimitStep(kind, cause.span.text.strip("（）()，,"), before, after, True)
            case Floor():
                return LimitStep(kind, "扣完为止", before, after, True)
            case PerOccurrence(add=add, most=most):
                assert most is not None
                return LimitStep(kind, f"{'加' if add else '扣'}分不超过{numbers.plain(most)}分",
                                 before, after, True)
            case Decimal():
                return LimitStep(kind, f"不超过指标分值{numbers.plain(cause)}分", before, after,
                                 False)
        return LimitStep(kind, "不低于0分", before, after, False)

    def weighted(self, terms: list[tuple[str, Decimal, Exact, Decimal]], weight: Decimal,
                 score: Exact) -> Step:
        """Σ share × (score / weight) × weight, for a parent combining by 权重; then what each
        child contributes, in this indicator's points."""
        written = " + ".join(f"{numbers.show_percent(share)}×{numbers.show(child)}/"
                             f"{numbers.plain(full)}" for _, share, child, full in terms)
        parts = " + ".join(
            f"{numbers.show(numbers.mul(numbers.mul(share, numbers.div(child, full)), weight))}"
            f"（{name}）" for name, share, child, full in terms)
        return FormulaStep("得分", "Σ 权重×(下级得分/下级分值)×分值",
                           (f"({written})×{numbers.plain(weight)}分", parts), score)

    def round(self, policy: RoundingPolicy, before: Exact, after: Decimal) -> Step:
        return RoundStep(policy.label, before, after)

    def choice(self, fact: str, chosen: str, options: tuple[str, ...]) -> Step:
        return ChoiceStep(fact, chosen, options)

    def veto(self, op: Veto, held: bool) -> VetoStep:
        return VetoStep(op.span.text, self.substitute(op.condition), held, op.best)


def _as(value: Exact, percent: bool) -> str:
    return numbers.show_percent(value) if percent else numbers.show(value)


def show_fact(value: object, raw: object) -> str:
    if isinstance(value, Decimal) and is_percent_text(raw):
        return str(raw).strip().replace("％", "%")
    return show_value(value)


def show_metric(value: object, percent: bool) -> str:
    if percent and isinstance(value, (Decimal, Fraction)):
        return numbers.show_percent(value)
    return show_value(value)


def show_value(value: object) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (Decimal, Fraction)):
        return numbers.show(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    if isinstance(value, Occurrences):
        return f"{value.count}次"
    return str(value)
