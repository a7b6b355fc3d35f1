"""The trace: what happened in scoring each leaf, as data. Renderers and to_dict read it.

A leaf's trace is a sequence of steps in the order they acted: the values read (facts, metrics,
reported values), the formula with those values put in, each checklist item, each deduction with
its evidence, each cap or floor that bit, and the rounding.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import attrs

from . import numbers
from .numbers import Exact
from .plan import (
    Arithmetic,
    Call,
    Compare,
    Conditional,
    Const,
    Expr,
    FactRead,
    Group,
    Logical,
    MetricRead,
    Negate,
    Not,
    WeightRead,
    operands,
)


@attrs.frozen
class Shown:
    """A value as it took part in scoring, with the text shown for it (86.5%, 7.1, 是)."""

    value: object
    text: str


@attrs.frozen
class ValueRead:
    """A name a formula read: a fact, a metric computed here, or a metric's reported value."""

    name: str
    kind: str  # "fact", "metric", "reported", "weight"
    shown: Shown
    formula: str | None = None  # a metric's definition as written
    working: tuple[str, ...] = ()  # the definition with values put in, reduced stage by stage
    evidence: str | None = None
    assumed: bool = False  # set by a what-if (--set), standing in for ``was``
    was: str | None = None

    def to_dict(self) -> dict[str, object]:
        return _drop_none({
            "name": self.name, "kind": self.kind, "value": self.shown.text,
            "formula": self.formula, "working": list(self.working) or None,
            "evidence": self.evidence, "assumed": self.assumed or None,
            "was": self.was if self.assumed else None,
        })


@attrs.frozen
class FormulaStep:
    """得分 = formula: as written, with values put in and reduced stage by stage, and its value."""

    label: str
    formula: str
    working: tuple[str, ...]
    value: Exact

    def to_dict(self) -> dict[str, object]:
        return {"step": "formula", "label": self.label, "formula": self.formula,
                "working": list(self.working), "value": numbers.to_text(self.value)}


@attrs.frozen
class BaseStep:
    """Where deductions start from: the full weight, or the band a step rule counts from."""

    value: Decimal
    source: str = "满分"

    def to_dict(self) -> dict[str, object]:
        return {"step": "base", "value": numbers.plain(self.value), "source": self.source}


@attrs.frozen
class BandStep:
    """A band table: the subject's value, the band it fell in, and the points of that band."""

    rule: str
    subject: str
    value: str
    band: str
    points: Decimal
    share: Decimal | None = None  # 得分值的80%
    formula: str | None = None  # 按满意度×10分计分: the points are the formula's, told next

    @property
    def points_text(self) -> str:
        """计4分, or for 得分值的80%: 分值的80%，即 8分; for a formula, the formula."""
        if self.formula is not None:
            return self.formula
        points = f"{numbers.plain(self.points)}分"
        if self.share is None:
            return points
        return f"分值的{numbers.plain_percent(self.share)}，即 {points}"

    def to_dict(self) -> dict[str, object]:
        told: dict[str, object] = {
            "step": "band", "rule": self.rule, "subject": self.subject, "value": self.value,
            "band": self.band, "points": numbers.plain(self.points),
            "share": numbers.plain(self.share) if self.share is not None else None}
        if self.formula is not None:  # the points are the formula's, in the formula step next
            told |= {"points": None, "formula": self.formula}
        return told


@attrs.frozen
class StepDeductionStep:
    """Deduction by steps: how far the value is past its mark, how many steps, how many points."""

    rule: str
    measure: str  # what was measured, with its value: 人员控制率 = 103.5%
    excess: str  # how far past the mark: 超过 100% 达 3.5%
    step: str  # one step: 1%
    steps: Exact
    whole: bool
    points: Decimal  # per step
    deduction: Exact
    most: Decimal | None  # the cap on the deduction, when it acted

    def to_dict(self) -> dict[str, object]:
        return _drop_none({
            "step": "steps", "rule": self.rule, "measure": self.measure, "excess": self.excess,
            "unit": self.step, "steps": numbers.to_text(self.steps), "whole": self.whole,
            "points": numbers.plain(self.points), "deduction": numbers.to_text(self.deduction),
            "capped_at": numbers.plain(self.most) if self.most is not None else None,
        })


@attrs.frozen
class JudgementStep:
    """评定: the level the evaluator chose among the rule's levels, its points and reason."""

    fact: str
    level: str
    points: Decimal
    levels: tuple[tuple[str, Decimal], ...]
    reason: str | None

    def to_dict(self) -> dict[str, object]:
        return _drop_none({
            "step": "judgement", "fact": self.fact, "level": self.level,
            "points": numbers.plain(self.points), "reason": self.reason,
            "levels": {name: numbers.plain(points) for name, points in self.levels},
        })


@attrs.frozen
class DiscretionStep:
    """酌情给分/扣分: the score or deduction the evaluator chose within the range, and why."""

    fact: str
    deduct: bool
    low: Decimal
    high: Decimal
    amount: Decimal
    reason: str | None

    def to_dict(self) -> dict[str, object]:
        return _drop_none({
            "step": "discretion", "fact": self.fact, "kind": "deduct" if self.deduct else "give",
            "range": [numbers.plain(self.low), numbers.plain(self.high)],
            "amount": numbers.plain(self.amount), "reason": self.reason,
        })


@attrs.frozen
class ExemptionStep:
    """不扣分 / 不适用: the condition that held, and that the leaf's own scoring was set aside."""

    rule: str
    condition: str
    not_applicable: bool
    weight: Decimal
    mode: str = "full"  # full marks; "rescale": left out of the total; "share": points shared out
    to: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"step": "not_applicable" if self.not_applicable else "exempt", "rule": self.rule,
                "condition": self.condition, "mode": self.mode, "to": list(self.to),
                "score": numbers.plain(self.weight) if self.mode == "full" else None}


@attrs.frozen
class ShareStep:
    """Points of indicators that do not apply, shared out to this one: weight and score scale."""

    sources: tuple[str, ...]
    weight_before: Exact
    weight_after: Exact
    score_before: Exact
    score_after: Exact

    def to_dict(self) -> dict[str, object]:
        return {"step": "share", "from": list(self.sources),
                "weight_before": numbers.to_text(self.weight_before),
                "weight_after": numbers.to_text(self.weight_after),
                "score_before": numbers.to_text(self.score_before),
                "score_after": numbers.to_text(self.score_after)}


@attrs.frozen
class ChoiceStep:
    """择一考核: which alternative the facts said applies."""

    fact: str
    chosen: str
    options: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"step": "choice", "fact": self.fact, "chosen": self.chosen,
                "options": list(self.options)}


@attrs.frozen
class VetoStep:
    """一票否决 / 一票否优: the condition with values put in, and whether it held."""

    rule: str
    condition: str
    held: bool
    best: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"step": "veto_best" if self.best else "veto", "rule": self.rule,
                "condition": self.condition, "held": self.held}


@attrs.frozen
class CheckStep:
    """One 评价要点: its points, what it earned, and why (condition, judgement or award)."""

    name: str
    description: str | None
    points: Decimal
    earned: Decimal
    how: str  # "condition", "judged", "awarded"
    reason: str | None = None
    condition: str | None = None

    def to_dict(self) -> dict[str, object]:
        return _drop_none({
            "step": "checkpoint", "name": self.name, "description": self.description,
            "points": numbers.plain(self.points), "earned": numbers.plain(self.earned),
            "how": self.how, "reason": self.reason, "condition": self.condition,
        })


@attrs.frozen
class DeductionEntry:
    """One deduction: its points, and the occurrence records it is for (its evidence)."""

    points: Decimal
    reason: str
    evidence: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"points": numbers.plain(self.points), "reason": self.reason,
                "evidence": list(self.evidence)}


@attrs.frozen
class DeductionStep:
    """每出现N次X扣M分: how many occurrences, and each deduction made for them."""

    rule: str
    fact: str
    count: int
    entries: tuple[DeductionEntry, ...]
    beyond: int = 0  # deductions not made because the score was already used up
    add: bool = False  # 每增加…加M分: the entries add points

    @property
    def total(self) -> Decimal:
        return numbers.decimal_total(e.points for e in self.entries)

    def to_dict(self) -> dict[str, object]:
        return {"step": "addition" if self.add else "deduction", "rule": self.rule,
                "fact": self.fact, "count": self.count,
                "total": numbers.plain(self.total), "beyond": self.beyond,
                "deductions": [e.to_dict() for e in self.entries]}


@attrs.frozen
class LimitStep:
    """A cap or floor that changed the score: declared in the rule, or the indicator's bounds."""

    kind: str  # "cap", "floor"
    rule: str
    before: Exact
    after: Exact
    declared: bool

    def to_dict(self) -> dict[str, object]:
        return {"step": self.kind, "rule": self.rule, "declared": self.declared,
                "before": numbers.to_text(self.before), "after": numbers.to_text(self.after)}


@attrs.frozen
class RoundStep:
    policy: str
    before: Exact
    after: Decimal

    def to_dict(self) -> dict[str, object]:
        return {"step": "round", "policy": self.policy, "before": numbers.to_text(self.before),
                "after": numbers.plain(self.after)}


Step = (FormulaStep | BaseStep | BandStep | StepDeductionStep | JudgementStep | DiscretionStep
        | CheckStep | DeductionStep | LimitStep | RoundStep | VetoStep | ExemptionStep | ChoiceStep
        | ShareStep)


def _drop_none(values: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in values.items() if v is not None}


# ---- formulas with values put in ----------------------------------------------------------

_PRECEDENCE = {"or": 1, "and": 2, "not": 3, "compare": 4, "+": 5, "-": 5, "×": 6, "/": 6, "neg": 7}
_COMPARE_SIGNS = {">=": "≥", "<=": "≤", "==": "=", "!=": "≠", ">": ">", "<": "<"}


def literal_text(literal: Const) -> str:
    value = literal.value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if literal.unit == "%":
        return numbers.plain_percent(value)
    if literal.unit == "分":
        return numbers.plain(value) + "分"
    return numbers.plain(value)


def value_text(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (Decimal, Fraction)):
        return numbers.show(value)
    return str(value)


def substitute(expr: Expr, names: Mapping[str, Shown]) -> str:
    """The expression written out with each name replaced by the value it had."""
    return _Writer(names, {}).write(expr, 0)


def reductions(expr: Expr, names: Mapping[str, Shown],
               recorded: Mapping[int, object]) -> tuple[str, ...]:
    """The formula with values put in, then reduced stage by stage (the value itself not included).

    Each stage replaces every innermost operation whose operands are all values by the value it
    had (``recorded``, by node id), a run of + or of ×/ at once, and a conditional by the branch
    taken: ``(10×100%+8×80%)/20×100%`` → ``(10+6.4)/20×100%`` → ``16.4/20×100%``.
    """
    reducer = _Reducer(names, recorded)
    writer = _Writer(names, reducer.replaced)
    stages = [writer.write(expr, 0)]
    while reducer.reduce(expr) and not reducer.atomic(expr):
        stages.append(writer.write(expr, 0))
    return tuple(stages)


class _Writer:
    def __init__(self, names: Mapping[str, Shown], replaced: Mapping[int, Expr | str]):
        self.names = names
        self.replaced = replaced

    def write(self, expr: Expr, outer: int) -> str:
        replacement = self.replaced.get(id(expr))
        if isinstance(replacement, str):
            return replacement
        if replacement is not None:
            return self.write(replacement, outer)
        write = self.write
        match expr:
            case Const():
                return literal_text(expr)
            case FactRead(name=name) | MetricRead(name=name) | WeightRead(name=name):
                shown = self.names.get(name)
                return shown.text if shown is not None else name
            case Arithmetic(op=op, left=left, right=right):
                level = _PRECEDENCE[op]
                text = f"{write(left, level)}{op}{write(right, level + 1)}"
            case Negate(operand=operand):
                level = _PRECEDENCE["neg"]
                text = "-" + write(operand, level)
            case Compare(op=op, left=left, right=right):
                level = _PRECEDENCE["compare"]
                text = f"{write(left, level + 1)} {_COMPARE_SIGNS[op]} {write(right, level + 1)}"
            case Logical(both=both, left=left, right=right):
                level = _PRECEDENCE["and" if both else "or"]
                text = f"{write(left, level)} {'且' if both else '或'} {write(right, level + 1)}"
            case Not(operand=operand):
                level = _PRECEDENCE["not"]
                text = "非 " + write(operand, level)
            case Conditional(condition=condition, then=then, otherwise=otherwise):
                level = 0
                text = (f"如果 {write(condition, 0)} 则 {write(then, 0)} "
                        f"否则 {write(otherwise, 0)}")
            case Call(args=args, name_span=name_span):
                return f"{name_span.text}({', '.join(write(a, 0) for a in args)})"
            case Group(inner=inner):
                # As written, until what is inside has become one value.
                inside = write(inner, 0)
                return inside if self.single(inner) else f"({inside})"
        return f"({text})" if level < outer else text

    def single(self, expr: Expr) -> bool:
        """Whether ``expr`` is now shown as one value or name."""
        replacement = self.replaced.get(id(expr))
        if isinstance(replacement, str):
            return True
        if replacement is not None:
            return self.single(replacement)
        if isinstance(expr, Group):
            return self.single(expr.inner)
        return isinstance(expr, _ATOMS)


_ATOMS = (Const, FactRead, MetricRead, WeightRead)


def _children(expr: Expr) -> tuple[Expr, ...]:
    """What must be reduced before ``expr`` can be: a conditional waits on its condition only."""
    if isinstance(expr, Conditional):
        return (expr.condition,)
    return operands(expr)


class _Reducer:
    def __init__(self, names: Mapping[str, Shown], recorded: Mapping[int, object]) -> None:
        self.names = names
        self.recorded = recorded
        self.replaced: dict[int, Expr | str] = {}

    def resolve(self, expr: Expr) -> Expr | str:
        replacement = self.replaced.get(id(expr))
        if replacement is None:
            return expr
        return replacement if isinstance(replacement, str) else self.resolve(replacement)

    def atomic(self, expr: Expr) -> bool:
        node = self.resolve(expr)
        if isinstance(node, Group):
            return self.atomic(node.inner)
        return isinstance(node, (str, *_ATOMS))

    def ready(self, node: Expr) -> bool:
        if isinstance(node, Arithmetic):
            left = self.resolve(node.left)
            same_run = (isinstance(left, Arithmetic)
                        and _PRECEDENCE[left.op] == _PRECEDENCE[node.op] and self.ready(left))
            return self.atomic(node.right) and (self.atomic(node.left) or same_run)
        return all(self.atomic(child) for child in _children(node))

    def value_of(self, expr: Expr) -> object:
        if isinstance(expr, Group):
            return self.value_of(expr.inner)
        if isinstance(expr, Const):
            return expr.value
        if isinstance(expr, (FactRead, MetricRead, WeightRead)):
            shown = self.names.get(expr.name)
            return shown.value if shown is not None else None
        return self.recorded.get(id(expr))

    def reduce(self, expr: Expr) -> bool:
        node = self.resolve(expr)
        if isinstance(node, str) or self.atomic(node):
            return False
        if self.ready(node):
            if isinstance(node, Conditional):
                taken = self.value_of(node.condition)
                if taken is None:
                    return False
                self.replaced[id(node)] = node.then if taken else node.otherwise
                return True
            if id(node) not in self.recorded:
                return False
            self.replaced[id(node)] = value_text(self.recorded[id(node)])
            return True
        changed = [self.reduce(child) for child in _children(node)]
        return any(changed)
