"""The trace: what happened in scoring each leaf, as data. Renderers and to_dict read it.

A leaf's trace is a sequence of steps in the order they acted: the values read (facts, metrics,
reported values), the formula with those values put in, each checklist item, each deduction with
its evidence, each cap or floor that bit, and the rounding.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import attrs

from . import ast, numbers
from .numbers import Exact


@attrs.frozen
class Shown:
    """A value as it took part in scoring, with the text shown for it (86.5%, 7.1, 是)."""

    value: object
    text: str


@attrs.frozen
class ValueRead:
    """A name a formula read: a fact, a metric computed here, or a metric's reported value."""

    name: str
    kind: str  # "fact", "metric", "reported"
    shown: Shown
    formula: str | None = None  # a metric's definition as written
    substituted: str | None = None  # the definition with values put in
    evidence: str | None = None

    def to_dict(self) -> dict[str, object]:
        return _drop_none({
            "name": self.name, "kind": self.kind, "value": self.shown.text,
            "formula": self.formula, "substituted": self.substituted, "evidence": self.evidence,
        })


@attrs.frozen
class FormulaStep:
    """得分 = formula: as written, with values put in, and its exact value."""

    label: str
    formula: str
    substituted: str
    value: Exact

    def to_dict(self) -> dict[str, object]:
        return {"step": "formula", "label": self.label, "formula": self.formula,
                "substituted": self.substituted, "value": numbers.to_text(self.value)}


@attrs.frozen
class BaseStep:
    """A leaf scored by deductions alone starts from its full weight."""

    value: Decimal

    def to_dict(self) -> dict[str, object]:
        return {"step": "base", "value": numbers.plain(self.value)}


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

    @property
    def total(self) -> Decimal:
        return sum((e.points for e in self.entries), Decimal(0))

    def to_dict(self) -> dict[str, object]:
        return {"step": "deduction", "rule": self.rule, "fact": self.fact, "count": self.count,
                "total": numbers.plain(self.total),
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


Step = FormulaStep | BaseStep | CheckStep | DeductionStep | LimitStep | RoundStep


def _drop_none(values: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in values.items() if v is not None}


# ---- formulas with values put in ----------------------------------------------------------

_PRECEDENCE = {"或": 1, "且": 2, "not": 3, "compare": 4, "+": 5, "-": 5, "×": 6, "/": 6, "neg": 7}
_COMPARE_SIGNS = {">=": "≥", "<=": "≤", "==": "=", "!=": "≠", ">": ">", "<": "<"}


def literal_text(literal: ast.Literal) -> str:
    value = literal.value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return f"“{value}”"
    if literal.unit is ast.Unit.PERCENT:
        return numbers.plain(value.scaleb(2)) + "%"
    if literal.unit is ast.Unit.POINTS:
        return numbers.plain(value) + "分"
    return numbers.plain(value)


def substitute(expr: ast.Expr, values: Mapping[str, Shown]) -> str:
    """The expression written out with each name replaced by the value it had."""
    return _write(expr, values, 0)


def _write(expr: ast.Expr, values: Mapping[str, Shown], outer: int) -> str:
    match expr:
        case ast.Literal():
            return literal_text(expr)
        case ast.Reference(name=name):
            shown = values.get(name)
            return shown.text if shown is not None else name
        case ast.Binary(op=op, left=left, right=right):
            level = _PRECEDENCE[op]
            text = f"{_write(left, values, level)}{op}{_write(right, values, level + 1)}"
        case ast.Negate(operand=operand):
            level = _PRECEDENCE["neg"]
            text = "-" + _write(operand, values, level)
        case ast.Compare(op=op, left=left, right=right):
            level = _PRECEDENCE["compare"]
            text = (f"{_write(left, values, level + 1)} {_COMPARE_SIGNS[op]} "
                    f"{_write(right, values, level + 1)}")
        case ast.Logical(op=op, left=left, right=right):
            level = _PRECEDENCE[op]
            text = f"{_write(left, values, level)} {op} {_write(right, values, level + 1)}"
        case ast.Not(operand=operand):
            level = _PRECEDENCE["not"]
            text = "非 " + _write(operand, values, level)
        case ast.Conditional(condition=condition, then=then, otherwise=otherwise):
            level = 0
            text = (f"如果 {_write(condition, values, 0)} 则 {_write(then, values, 0)} "
                    f"否则 {_write(otherwise, values, 0)}")
        case ast.Call(function=function, args=args):
            return f"{function}({', '.join(_write(a, values, 0) for a in args)})"
    return f"({text})" if level < outer else text
