"""The result of scoring a fact set: total, grade, the indicator tree with traces, the 失分 list.

``Result.to_dict()`` gives the stable plain shape documented in docs/api.md; numbers there are
decimal strings (exact; a value with no finite decimal form is written ``n/d``).
"""

from __future__ import annotations

import json
from decimal import Decimal

import attrs

from . import numbers
from .facts import Fact, written
from .keywords import CRITERION_LABEL
from .numbers import Exact
from .plan import Interval
from .source import Span
from .trace import (
    Step,
    ValueRead,
    VetoStep,
)
from .wording import loss_reasons


@attrs.frozen
class IndicatorResult:
    name: str
    level: str
    path: tuple[str, ...]
    weight: Exact  # as declared, or grown by points shared out from indicators that do not apply
    score: Exact
    children: tuple[IndicatorResult, ...]
    fields: tuple[tuple[str, str], ...] = ()
    reads: tuple[ValueRead, ...] = ()
    steps: tuple[Step, ...] = ()
    vetoes: tuple[VetoStep, ...] = ()
    combination: str = "sum"  # how a parent's score comes from its children: sum, weighted, choice
    applies: bool = True  # False for an alternative of 择一考核 that was not chosen
    bonus: bool = False  # 附加分: outside the full score, added to the total
    shared_to: tuple[str, ...] = ()  # not applicable, its weight shared out to these siblings

    @property
    def vetoed(self) -> bool:
        return any(veto.held for veto in self.vetoes)

    @property
    def lost(self) -> Exact:
        return numbers.sub(self.weight, self.score)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def criterion(self) -> str | None:
        return dict(self.fields).get(CRITERION_LABEL)

    def leaves(self) -> list[IndicatorResult]:
        if self.is_leaf:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves()]

    def to_dict(self) -> dict[str, object]:
        node: dict[str, object] = {
            "name": self.name,
            "level": self.level,
            "path": list(self.path),
            "weight": numbers.to_text(self.weight),
            "score": numbers.to_text(self.score),
            "lost": numbers.to_text(self.lost),
        }
        if not self.applies:
            node["applies"] = False
        node["fields"] = dict(self.fields)
        if self.is_leaf:
            node["reads"] = [read.to_dict() for read in self.reads]
        if self.is_leaf or self.steps:
            node["steps"] = [step.to_dict() for step in self.steps]
        if self.vetoes:
            node["vetoes"] = [veto.to_dict() for veto in self.vetoes]
        node["children"] = [child.to_dict() for child in self.children]
        return node


@attrs.frozen
class Loss:
    """Points a leaf lost, with the reasons its trace gives."""

    path: tuple[str, ...]
    weight: Exact
    score: Exact
    lost: Exact
    reasons: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.path[-1]

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "path": list(self.path), "weight": numbers.to_text(self.weight),
                "score": numbers.to_text(self.score), "lost": numbers.to_text(self.lost),
                "reasons": list(self.reasons)}


RESCALE_ROUNDING = "折算舍入"  # the 失分 list's row for what rounding the rescaled total took


@attrs.frozen
class CheckResult:
    """核对: a condition stated in the rules, whether the figures met it, and for a comparison of
    numbers the value of each side. It never changes a score."""

    rule: str  # as written: 核对 年度资金总额 = 本年财政拨款 + …
    condition: str  # with the values put in (as written, with the trace off)
    held: bool
    indicator: str | None  # the path of the indicator it is written in
    span: Span
    left: Exact | None = None
    right: Exact | None = None

    @property
    def difference(self) -> Exact | None:
        """Left side less right side, where both are numbers."""
        if self.left is None or self.right is None:
            return None
        return numbers.sub(self.left, self.right)

    def to_dict(self) -> dict[str, object]:
        sides = {key: numbers.to_text(value) for key, value in
                 (("left", self.left), ("right", self.right), ("difference", self.difference))
                 if value is not None}
        return {"rule": self.rule, "condition": self.condition, "held": self.held,
                "indicator": self.indicator, "location": self.span.to_dict(), **sides}


@attrs.frozen
class Rescale:
    """不适用…不计入总分: the applicable indicators' points brought to the full score."""

    raw: Exact  # the applicable indicators' total
    applicable: Exact  # their weights
    exact: Exact  # raw × full / applicable
    total: Exact  # as rounded
    policy: numbers.RoundingPolicy | None = None  # how the ruleset rounds: 失分 are shown so

    def to_dict(self) -> dict[str, object]:
        return {"raw": numbers.to_text(self.raw), "applicable": numbers.to_text(self.applicable),
                "exact": numbers.to_text(self.exact), "total": numbers.to_text(self.total)}


@attrs.frozen
class Result:
    title: str | None
    full_score: Decimal
    total: Exact
    grade: str | None
    rounding: str | None
    indicators: tuple[IndicatorResult, ...]
    vetoes: tuple[VetoStep, ...] = ()  # the ruleset's own 一票否决 / 一票否优
    bonus: Exact = numbers.ZERO  # points of 附加分 indicators, included in the total
    graded: Exact | None = None  # the total as graded, where 定级舍入 or the full score changed it
    rescale: Rescale | None = None
    band: tuple[str, Interval] | None = None  # the grade band the graded total fell in
    assumed: tuple[Fact, ...] = ()  # facts a what-if (--set) set, in the order set
    checks: tuple[CheckResult, ...] = ()  # 核对: stated checks, each with whether it held

    @property
    def base(self) -> Exact:
        """The total without bonus points: full score − base is what the 失分 list adds up to."""
        return numbers.sub(self.total, self.bonus)

    def leaves(self) -> list[IndicatorResult]:
        return [leaf for indicator in self.indicators for leaf in indicator.leaves()]

    @property
    def losses(self) -> tuple[Loss, ...]:
        """Where the points went, most lost first (ties in table order): every leaf that lost
        points, or a vetoed indicator as a whole; they add up to full score − total."""
        held = [veto for veto in self.vetoes if veto.held and not veto.best]
        if held:
            return (Loss(("一票否决",), self.full_score, numbers.ZERO, self.full_score,
                         tuple(f"{v.rule}（{v.condition}）" for v in held)),)
        lost: list[Loss] = []
        stack = [node for node in reversed(self.indicators)
                 if not node.bonus and node.applies]
        while stack:
            node = stack.pop()
            if node.vetoed:
                if numbers.compare(node.lost, numbers.ZERO) > 0:  # not when all was left out
                    lost.append(Loss(node.path, node.weight, node.score, node.lost,
                                     tuple(f"{v.rule}（{v.condition}）" for v in node.vetoes
                                           if v.held)))
            elif node.combination in ("weighted", "scaled"):
                # A weighted combination loses its points as a whole.
                if numbers.compare(node.lost, numbers.ZERO) > 0:
                    lost.append(Loss(node.path, node.weight, node.score, node.lost,
                                     loss_reasons(node.steps)))
            elif node.children:
                stack.extend(reversed([child for child in node.children if child.applies]))
            elif numbers.compare(node.lost, numbers.ZERO) > 0:
                lost.append(Loss(node.path, node.weight, node.score, node.lost, loss_reasons(node.steps)))
        if self.rescale is not None:
            lost = self._rescaled(lost, self.rescale)
        return tuple(sorted(lost, key=lambda loss: -numbers.to_fraction(loss.lost)))

    def _rescaled(self, lost: list[Loss], rescale: Rescale) -> list[Loss]:
        """Losses brought to the full score with the total, and the rounding's share."""
        factor = numbers.div(self.full_score, rescale.applicable)
        note = (f"失分按百分制折算：×{numbers.plain(self.full_score)}/"
                f"{numbers.show(rescale.applicable)}")
        scaled = [attrs.evolve(loss, lost=numbers.mul(loss.lost, factor),
                               reasons=(*loss.reasons, note)) for loss in lost]
        residue = numbers.sub(rescale.exact, rescale.total)
        if numbers.compare(residue, numbers.ZERO):
            scaled.append(Loss((RESCALE_ROUNDING,), numbers.ZERO, numbers.ZERO, residue,
                               (f"按百分制折算后 {numbers.show(rescale.exact)} 舍入为 "
                                f"{numbers.show(rescale.total)}",)))
        return scaled

    def find(self, name: str) -> IndicatorResult:
        """The indicator of that name, or at that path (``"效益/完成率"``; the end of a path is
        enough). A name two indicators share must be given with enough of its path to tell them
        apart: the KeyError lists their paths."""
        parts = tuple(name.split("/"))
        found, stack = [], list(self.indicators)
        while stack:
            node = stack.pop(0)
            if node.name == name or node.path[-len(parts):] == parts:
                found.append(node)
            stack.extend(node.children)
        if len(found) == 1:
            return found[0]
        if not found:
            raise KeyError(name)
        paths = "、".join("/".join(node.path) for node in found)
        raise KeyError(f"「{name}」不止一个：{paths}；请写出路径")

    def to_dict(self) -> dict[str, object]:
        assumed = {"assumed": [{"name": fact.name, "value": written(fact.raw), "was": fact.was}
                               for fact in self.assumed]} if self.assumed else {}
        data: dict[str, object] = {
            "ruleset": self.title,
            "full_score": numbers.plain(self.full_score),
            "total": numbers.to_text(self.total),
            "grade": self.grade,
            "rounding": self.rounding,
            "bonus": numbers.to_text(self.bonus),
            "graded_total": numbers.to_text(self.graded) if self.graded is not None else None,
            "rescale": self.rescale.to_dict() if self.rescale is not None else None,
            "lost": numbers.to_text(numbers.sub(self.full_score, self.base)),
            "vetoes": [veto.to_dict() for veto in self.vetoes],
            "indicators": [indicator.to_dict() for indicator in self.indicators],
            "losses": [loss.to_dict() for loss in self.losses],
            **assumed,
        }
        if self.checks:  # only where the rules state 核对: other results keep their shape
            data["checks"] = [check.to_dict() for check in self.checks]
        return data

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
