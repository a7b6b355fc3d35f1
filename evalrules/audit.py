"""Reconciliation: what a report states, against what the rules give from the facts.

A reported file lists the figures a report writes (weights, rates, indicator scores, subtotals,
the total and grade, counts of indicators, totals of 其中 rows), each with where the report says
it. ``audit`` scores the facts, compares every figure, and groups the disagreements: a figure
that disagrees only because another one upstream does (a score computed from a rate the report
got wrong, the subtotal and total above it) is listed under that one, with the effect of the slip
on the total and the grade. Beside them: every value given in place of its formula (a reported
value) with what the formula gives from the facts at hand, every 核对 that failed, and numbers
written in a criterion's 评价标准 that the compiled rule does not know (``×4分`` on a 6-point
indicator). ``render`` turns the audit into rich renderables; nothing here prints.
"""

from __future__ import annotations

import decimal
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from . import numbers
from .display import brief, visible
from .errors import Diagnostic, EvalRulesError
from .evaluator import Env, Program, evaluate
from .facts import Fact, Facts, _plain, is_percent_text, number
from .keywords import LEVEL_DEPTH
from .numbers import Exact, RoundingPolicy
from .plan import (
    Bands,
    Checklist,
    Const,
    Deviation,
    Discretion,
    Expr,
    FactRead,
    Formula,
    IndicatorPlan,
    Judge,
    Limit,
    MetricRead,
    PerOccurrence,
    Plan,
    Start,
    operands,
)
from .result import CheckResult, Result
from .ruleset import FactsGiven, facts_of
from .source import Source, read_at_most

if TYPE_CHECKING:
    from .ruleset import Ruleset

MAX_FILE_CHARS = 1_000_000
MAX_RESCORED = 100  # slips whose consequences and effect are worked out by scoring again

# The reported file's sections, and the fields a statement may hold.
_PLACE = "出处"
_VALUE = "值"
_WEIGHT, _SCORE = "分值", "得分"
_ROWS = "其中"
_LEAVES = "末级指标"
_SECTIONS = ("满分", "总分", "等级", "指标个数", "指标", "数值", "分项")
_FIELDS = {"满分": (_VALUE,), "总分": (_VALUE,), "等级": (_VALUE,), "指标": (_WEIGHT, _SCORE),
           "数值": (_VALUE,), "分项": (_VALUE, _ROWS)}
# What each kind of figure is called, in the report's words.
KIND_WORDS = {"value": "数值", "weight": "分值", "score": "得分", "total": "总分", "grade": "等级",
              "full_score": "满分", "count": "个数", "sum": "合计"}
_UNITS = {"weight": "分", "score": "分", "total": "分", "full_score": "分", "count": "个"}
# Upstream first: a figure can only be a consequence of one before it.
_ORDER = ("value", "score", "total", "grade")


# ---- data -----------------------------------------------------------------------------------


@attrs.frozen
class Figure:
    """A figure a report states, where it says it, and what the rules give for it."""

    kind: str  # a key of KIND_WORDS
    subject: str  # a fact or metric, an indicator's path, 一级指标 …, or a total of rows
    stated: Exact | str
    computed: Exact | str | None  # None: the rules cannot give it from these facts
    places: tuple[str, ...] = ()
    percent: bool = False  # written with %, and shown so

    @property
    def agrees(self) -> bool:
        return _same(self.kind, self.stated, self.computed)

    @property
    def checkable(self) -> bool:
        """False for a fact the facts do not give, or a rate they cannot give: not a slip,
        only a figure these facts cannot check."""
        return self.computed is not None

    @property
    def difference(self) -> Exact | None:
        """Stated less computed, for numbers."""
        if isinstance(self.stated, str) or self.computed is None or \
                isinstance(self.computed, str):
            return None
        return numbers.sub(self.stated, self.computed)

    def shown(self, value: Exact | str | None) -> str:
        if value is None:
            return "无法计算"
        if isinstance(value, str):
            return value
        if self.percent:
            return numbers.show_percent(value)
        return numbers.show(value) + _UNITS.get(self.kind, "")

    @property
    def what(self) -> str:
        """What the figure is, in words: 公众知晓率, 过程的分值, 总分."""
        if self.kind in ("value", "sum"):
            return self.subject
        if self.kind in ("weight", "score", "count"):
            return f"{self.subject}的{KIND_WORDS[self.kind]}"
        return KIND_WORDS[self.kind]

    @property
    def said(self) -> str:
        """报告写 X（where），复核为 Y: the figure against the recomputed one."""
        places = f"（{'、'.join(self.places)}）" if self.places else ""
        against = "其中各项之和为" if self.kind == "sum" else "复核为"
        return f"{self.what}：报告写 {self.shown(self.stated)}{places}，{against} " \
            f"{self.shown(self.computed)}"

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "subject": self.subject, "stated": _data(self.stated),
                "computed": _data(self.computed), "difference": _data(self.difference),
                "percent": self.percent, "places": list(self.places), "agrees": self.agrees}


def _data(value: Exact | str | None) -> str | None:
    """A figure as data: numbers exact (0.85 for 85%), as in a result's JSON."""
    return value if value is None or isinstance(value, str) else numbers.to_text(value)


@attrs.frozen
class Effect:
    """The total and grade if a finding's figure were right, beside the recomputed ones."""

    total: Exact
    grade: str | None
    recomputed_total: Exact
    recomputed_grade: str | None

    def to_dict(self) -> dict[str, object]:
        return {"total": numbers.to_text(self.total), "grade": self.grade,
                "recomputed_total": numbers.to_text(self.recomputed_total),
                "recomputed_grade": self.recomputed_grade}


@attrs.frozen
class Finding:
    """One slip: a figure that disagrees (with what follows from it grouped under it), a value
    reported in place of a formula that the formula contradicts, a 核对 that failed, or a number
    in a criterion's text that the rule does not have."""

    kind: str  # "figure", "reported", "check", "criterion"
    subject: str
    message: str  # in words, one line
    details: tuple[str, ...] = ()  # further lines: what follows for the rest, where to look
    figure: Figure | None = None
    consequences: tuple[Figure, ...] = ()
    effect: Effect | None = None
    location: str | None = None  # in the rule file

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "subject": self.subject, "message": self.message,
                "details": list(self.details),
                "figure": self.figure.to_dict() if self.figure is not None else None,
                "consequences": [figure.to_dict() for figure in self.consequences],
                "effect": self.effect.to_dict() if self.effect is not None else None,
                "location": self.location}


@attrs.frozen
class ReportedValue:
    """A value given in the facts in place of its formula, and what the formula gives from the
    facts at hand (or the facts it would need)."""

    name: str
    value: Exact
    formula: str
    formula_value: Exact | None
    missing: tuple[str, ...]
    percent: bool

    def shown(self, value: Exact) -> str:
        return numbers.show_percent(value) if self.percent else numbers.show(value)

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "value": _data(self.value), "formula": self.formula,
                "formula_value": _data(self.formula_value), "percent": self.percent,
                "missing": list(self.missing)}


@attrs.frozen
class Audit:
    """The recomputed result, the slips found, and what was compared."""

    result: Result
    findings: tuple[Finding, ...]
    figures: tuple[Figure, ...]  # every stated figure, agreeing or not
    reported_values: tuple[ReportedValue, ...]

    def to_dict(self) -> dict[str, object]:
        return {"total": numbers.to_text(self.result.total), "grade": self.result.grade,
                "findings": [finding.to_dict() for finding in self.findings],
                "figures": [figure.to_dict() for figure in self.figures],
                "reported_values": [value.to_dict() for value in self.reported_values],
                "checks": [check.to_dict() for check in self.result.checks]}


# ---- the audit --------------------------------------------------------------------------------


def audit(ruleset: Ruleset, facts: FactsGiven,
          reported: str | Path | Mapping[str, object] | None = None) -> Audit:
    """Score ``facts`` and reconcile: the figures of ``reported`` (a reported file, or its
    content as a mapping), the reported values, the 核对 and the criteria's own numbers."""
    given = facts_of(facts)
    result = ruleset.evaluate(given)
    statements = _statements(ruleset.plan, reported) if reported is not None else []
    model = _Model(ruleset, given, result)
    figures = tuple(_figure(model, statement) for statement in _merged(statements))
    values = tuple(_reported_values(ruleset, given))
    findings = [*_reported_findings(model, values), *_figure_findings(model, figures),
                *_check_findings(result.checks), *criterion_findings(ruleset.plan)]
    return Audit(result, tuple(findings), figures, values)


@attrs.frozen
class _Statement:
    """One figure as one place of the report states it; a total of rows holds the rows."""

    kind: str
    subject: str
    value: Exact | str | tuple[Exact, ...]
    place: str | None
    percent: bool
    total: Exact = numbers.ZERO  # of a total of 其中 rows: the total stated


class _Model:
    """A fact set scored: what it gives for each kind of figure."""

    def __init__(self, ruleset: Ruleset, facts: Facts, result: Result,
                 plan: Plan | None = None) -> None:
        self.ruleset, self.facts, self.result = ruleset, facts, result
        self.plan = plan or ruleset.plan

    @functools.cached_property
    def scores(self) -> dict[str, Exact]:
        """Each indicator's score by its path, found once: a figure is looked up, not searched."""
        found, pending = {}, list(self.result.indicators)
        while pending:
            node = pending.pop()
            found["/".join(node.path)] = node.score
            pending.extend(node.children)
        return found

    @functools.cached_property
    def tree(self) -> _Tree:
        return _Tree(self.ruleset.plan)

    def figure(self, kind: str, subject: str,
               statement: Exact | str | tuple[Exact, ...]) -> Exact | str | None:
        plan, result = self.plan, self.result
        match kind:
            case "value":
                return _value(self.ruleset, self.facts, subject)
            case "weight":
                return self.tree.at[subject].weight
            case "score":
                return self.scores.get(subject)
            case "total":
                return result.total
            case "grade":
                return result.grade
            case "full_score":
                return plan.full_score
            case "count":
                return Decimal(self.tree.count(subject))
        assert kind == "sum" and isinstance(statement, tuple)
        return numbers.total(statement)

    def grade_of(self, total: Exact) -> str | None:
        return next((grade.name for grade in self.plan.grades if grade.contains(total)), None)


def _value(ruleset: Ruleset, facts: Facts, name: str) -> Exact | None:
    """A fact or metric as the rules read it from these facts; None where it cannot be."""
    plan = ruleset.plan
    env = Env(ruleset.program(False), facts)
    try:
        if name in plan.metrics:
            value = env.metric(plan.metrics[name])
        elif name in facts:
            spec = plan.facts[name]
            value = env.fact(name, spec.type, spec.span)
        else:
            return None
    except (EvalRulesError, numbers.TooLarge):
        return None
    return value if isinstance(value, (Decimal, Fraction)) else None


def _same(kind: str, stated: Exact | str | tuple[Exact, ...], computed: object) -> bool:
    if computed is None or isinstance(stated, str) or isinstance(computed, str):
        return stated == computed
    assert not isinstance(stated, tuple) and isinstance(computed, (Decimal, Fraction))
    if kind == "value" and isinstance(stated, Decimal):
        # A rate or amount is compared as precisely as the report writes it: 95.53% is what
        # 95.5333…% is, written to two places.
        places = max(0, -int(stated.as_tuple().exponent))
        computed = numbers.round_to(computed, RoundingPolicy(places, decimal.ROUND_HALF_UP))
    return numbers.compare(stated, computed) == 0


def _figure(model: _Model, statement: _Merged) -> Figure:
    stated = statement.value
    computed = model.figure(statement.kind, statement.subject, stated)
    if isinstance(stated, tuple):  # a total and its 其中 rows: the rows' total is what it is
        stated = statement.total
    places = tuple(place for place in statement.places if place is not None)
    return Figure(statement.kind, statement.subject, stated, computed, places, statement.percent)


def _figure_findings(model: _Model, figures: tuple[Figure, ...]) -> Iterator[Finding]:
    """Each disagreement once, upstream first; those a slip before them explains, under it.

    Each slip is scored again as the report has it, at most MAX_RESCORED of them: a file of
    thousands of wrong figures is listed in time proportional to its length, the rest told
    without their effect."""
    wrong = [figure for figure in figures if figure.checkable and not figure.agrees]
    rank = {kind: index for index, kind in enumerate(_ORDER)}
    wrong.sort(key=lambda f: (rank.get(f.kind, -1), -_depth(f)))
    explained: set[int] = set()
    rescored = 0
    for index, figure in enumerate(wrong):
        if index in explained:
            continue
        other = _as_stated(model, figure) if rescored < MAX_RESCORED else None
        rescored += other is not None
        consequences = []
        if other is not None:
            for later in range(index + 1, len(wrong)):
                after = wrong[later]
                if later not in explained and after.kind in rank and _same(
                        after.kind, after.stated, other.figure(after.kind, after.subject,
                                                               after.stated)):
                    explained.add(later)
                    consequences.append(after)
        effect = None if other is None else Effect(
            other.result.total, other.result.grade, model.result.total, model.result.grade)
        details: tuple[str, ...] = ()
        if figure.kind == "weight" and not isinstance(figure.stated, str):
            details = (_weights_said(model.tree, figure.subject, figure.stated),)
        message = figure.said
        if figure.difference is not None:
            message += f"，差 {figure.shown(figure.difference)}"
        yield Finding("figure", figure.subject, message, details, figure, tuple(consequences),
                      effect)


def _depth(figure: Figure) -> int:
    return figure.subject.count("/") if figure.kind == "score" else 0  # a whole path


def _as_stated(model: _Model, figure: Figure) -> _Model | None:
    """The facts scored as if the figure were right: a fact or rate as stated, an indicator's
    score pinned there, or the total (and so the grade); None where that cannot change the
    rest."""
    ruleset, plan = model.ruleset, model.plan
    if figure.kind == "total" and not isinstance(figure.stated, str):
        graded = attrs.evolve(model.result, total=figure.stated,
                              grade=model.grade_of(figure.stated))
        return _Model(ruleset, model.facts, graded)
    if figure.kind == "value" and not isinstance(figure.stated, str):
        raw = numbers.show_percent(figure.stated) if figure.percent else \
            numbers.to_text(figure.stated)
        changed = {name: model.facts[name] for name in model.facts}
        changed[figure.subject] = Fact(figure.subject, raw, "报告")
        facts = Facts(changed, model.facts.origin)
        try:
            return _Model(ruleset, facts, ruleset.evaluate(facts, trace=False))
        except EvalRulesError:
            return None
    if figure.kind == "score" and not isinstance(figure.stated, str):
        pinned = _pinned(plan, model.tree.node(figure.subject).path, figure.stated)
        try:
            scored = evaluate(Program(pinned, traced=False), model.facts)
        except EvalRulesError:
            return None
        return _Model(ruleset, model.facts, scored, pinned)
    return None


def _pinned(plan: Plan, path: tuple[str, ...], score: Exact) -> Plan:
    """The plan with the indicator at ``path`` scoring ``score``, whatever its rules say."""

    def pin(nodes: tuple[IndicatorPlan, ...]) -> tuple[IndicatorPlan, ...]:
        return tuple(
            attrs.evolve(node, ops=(Start(Decimal(numbers.to_text(score))),), children=())
            if node.path == path else
            attrs.evolve(node, children=pin(node.children)) if path[:len(node.path)] == node.path
            else node for node in nodes)

    return attrs.evolve(plan, indicators=pin(plan.indicators))


def _weights_said(tree: _Tree, subject: str, stated: Exact) -> str:
    plan = tree.plan
    node = tree.node(subject)
    parent = tree.at.get("/".join(node.path[:-1]))
    siblings = parent.children if parent is not None else plan.indicators
    total = numbers.total(stated if other is node else other.weight for other in siblings
                          if not other.bonus)
    whole = parent.weight if parent is not None else plan.full_score
    over = f"「{parent.name}」的分值" if parent is not None else "满分"
    return (f"不影响得分；照报告所写，同级指标分值合计 {numbers.show(total)}分，而{over}为 "
            f"{numbers.show(whole)}分")


def _reported_values(ruleset: Ruleset, facts: Facts) -> Iterator[ReportedValue]:
    """Each metric whose value the facts give, with what its formula gives without it."""
    plan = ruleset.plan
    for name, spec in plan.metrics.items():
        given = _value(ruleset, facts, name) if name in facts else None
        if given is None:
            continue
        without = _without(facts, name)
        formula = _value(ruleset, without, name)
        missing: tuple[str, ...] = ()
        if formula is None:
            missing = tuple(dict.fromkeys(
                read.name for read in _fact_reads(plan, spec.expr) if read.name not in without))
        yield ReportedValue(name, given, spec.expr.span.text, formula, missing, spec.percent)


def _without(facts: Facts, name: str) -> Facts:
    return Facts({given: fact for given, fact in facts.items() if given != name}, facts.origin)


def _fact_reads(plan: Plan, expr: Expr) -> Iterator[FactRead]:
    """The facts an expression reads, through the metrics it reads, in the order written."""
    pending, seen = [expr], set()
    while pending:
        node = pending.pop(0)
        if isinstance(node, FactRead):
            yield node
        elif isinstance(node, MetricRead):
            if node.name not in seen:
                seen.add(node.name)
                pending.append(plan.metrics[node.name].expr)
        else:
            pending[:0] = operands(node)


def _reported_findings(model: _Model, values: tuple[ReportedValue, ...]) -> Iterator[Finding]:
    """A reported value that its formula, from the facts at hand, contradicts."""
    for value in values:
        if value.formula_value is None or not numbers.compare(value.value, value.formula_value):
            continue
        try:
            scored = model.ruleset.evaluate(_without(model.facts, value.name), trace=False)
        except EvalRulesError:  # the formula's value is known; the rest cannot be scored
            scored = None
        yield Finding(
            "reported", value.name,
            f"{value.name}：采用报告值 {value.shown(value.value)}，按公式由现有事实算得 "
            f"{value.shown(value.formula_value)}", (f"公式：{value.formula}",),
            effect=None if scored is None else
            Effect(scored.total, scored.grade, model.result.total, model.result.grade))


def _check_findings(checks: tuple[CheckResult, ...]) -> Iterator[Finding]:
    for check in checks:
        if check.held:
            continue
        sides = ""
        if check.left is not None and check.right is not None:
            sides = (f"，左边 {numbers.show(check.left)}、右边 {numbers.show(check.right)}，相差 "
                     f"{numbers.show(numbers.sub(check.left, check.right))}")
        yield Finding("check", check.indicator or check.rule,
                      f"核对未通过：{check.rule}", (f"代入为 {check.condition}{sides}",),
                      location=check.span.location)


# ---- numbers written in a criterion ------------------------------------------------------------

# Points a criterion states as scored: ×4分 / *10分 (a formula's multiplier), 计6分, 得10分, 扣1分.
_WRITTEN_POINTS = re.compile(r"(?:[×*＊]|计|得|扣)\s*(\d+(?:\.\d+)?)\s*分")


def criterion_findings(plan: Plan) -> Iterator[Finding]:
    """Points written in a leaf's 评价标准 that its compiled rule neither scores, deducts nor
    caps at: the text and the rule disagree. Only points after ×, 计, 得 or 扣 are read, which
    say what is scored; a number elsewhere in the text may be about anything."""
    for leaf in plan.leaves():
        text = leaf.criterion_text
        if not text:
            continue
        known = _known_points(leaf)
        for match in _WRITTEN_POINTS.finditer(text):
            written = Decimal(match[1])
            if written in known:
                continue
            shown = _phrase(text, match.start(), match.end())
            yield Finding(
                "criterion", "/".join(leaf.path),
                f"{leaf.name}的评价标准：写「{shown}」，而该指标分值为 "
                f"{numbers.plain(leaf.weight)}分，规则中没有 {numbers.plain(written)}分",
                location=leaf.span.location)


def _phrase(text: str, start: int, end: int) -> str:
    """The words around a match: from the start of its sentence or band (at most 30 characters
    back)."""
    clause = max(text.rfind(mark, 0, start) for mark in "。；：;:")
    return text[max(clause + 1, start - 30):end]


def _known_points(leaf: IndicatorPlan) -> set[Decimal]:
    """Every number of points the leaf's rule holds: its weight, the points of its bands,
    levels, items, deductions, caps, and those written in its formulas."""
    known = {leaf.weight, Decimal(0)}
    exprs: list[Expr] = []
    for op in leaf.ops:
        match op:
            case Formula():
                exprs.append(op.expr)
            case Bands():
                known |= {band.points for band in op.bands if band.formula is None}
                exprs += [band.formula for band in op.bands if band.formula is not None]
                if op.beyond is not None:
                    known |= {op.beyond.points, op.beyond.steps.points}
            case Deviation():
                known.add(op.steps.points)
            case Judge():
                known |= {points for _, points in op.levels}
                known |= {leaf.weight - points for _, points in op.levels}
            case Discretion():
                known |= {op.low, op.high}
            case Checklist():
                known |= {item.points for item in op.items}
            case PerOccurrence():
                known.add(op.points)
            case Limit():
                known |= {op.threshold, op.value}
            case Start():
                known.add(op.points)
    while exprs:
        node = exprs.pop()
        if isinstance(node, Const) and node.unit == "分" and isinstance(node.value, Decimal):
            known.add(node.value)
        exprs.extend(operands(node))
    return {Decimal(numbers.plain(points)) for points in known}


# ---- the reported file --------------------------------------------------------------------------


def _statements(plan: Plan, reported: str | Path | Mapping[str, object]) -> list[_Statement]:
    if isinstance(reported, Mapping):
        data: object = reported
        origin = "<报告数字>"
    else:
        origin = str(reported)
        data = _read(Path(reported))
    reader = _Reader(plan, origin)
    if not isinstance(data, Mapping):
        raise reader.wrong("顶层应为“栏目: 内容”的映射", None)
    found: list[_Statement] = []
    for section, content in data.items():
        found += reader.section(str(section), content)
    if reader.problems:
        raise EvalRulesError(reader.problems)
    return found


def _read(path: Path) -> object:
    from .yaml_facts import load_yaml

    try:
        text = read_at_most(path, MAX_FILE_CHARS)
    except (OSError, UnicodeDecodeError) as error:
        raise EvalRulesError([Diagnostic("E0501", f"无法读取报告数字文件 {path}：{error}")]) \
            from None
    if len(text) > MAX_FILE_CHARS:
        raise EvalRulesError([Diagnostic(
            "E0501", f"报告数字文件 {path} 过大（超过 {MAX_FILE_CHARS} 个字符）", None,
            ("报告数字文件只录入报告写明的数。",))])
    try:
        return load_yaml(Source(str(path), text.removeprefix("\ufeff")), {})
    except EvalRulesError as error:  # told as the reported file's, where the reader found it
        raise EvalRulesError([attrs.evolve(d, code="E0501", message="报告数字文件" + d.message)
                              for d in error.diagnostics]) from None


class _Reader:
    """Statements from a reported file's sections; every problem collected."""

    def __init__(self, plan: Plan, origin: str) -> None:
        self.plan = plan
        self.tree = _Tree(plan)
        self.origin = origin
        self.problems: list[Diagnostic] = []

    def wrong(self, message: str, hint: str | None, code: str = "E0501") -> EvalRulesError:
        return EvalRulesError([Diagnostic(code, f"报告数字文件 {self.origin}：{message}", None,
                                          (hint,) if hint else ())])

    def section(self, section: str, content: object) -> list[_Statement]:
        if section in ("指标", "数值", "分项"):
            if not isinstance(content, Mapping):
                return self._told(self.wrong(f"「{section}」之下应为“名称: 所写的数”的映射", None))
            return [s for subject, said in content.items()
                    for s in self._kept(functools.partial(self._said, section, str(subject), said))]
        if section == "指标个数":
            return self._kept(lambda: self._counts(content))
        if section in _FIELDS:
            return self._kept(lambda: self._said(section, section, content))
        return self._told(self.wrong(f"不认识的栏目「{brief(section)}」",
                                     f"可写的栏目：{'、'.join(_SECTIONS)}"))

    def _kept(self, read: Callable[[], list[_Statement]]) -> list[_Statement]:
        """What ``read`` finds; or nothing, its problems kept, so that all are told at once."""
        try:
            return read()
        except EvalRulesError as error:
            return self._told(error)

    def _told(self, error: EvalRulesError) -> list[_Statement]:
        self.problems.extend(error.diagnostics)
        return []

    def _said(self, section: str, subject: str, said: object) -> list[_Statement]:
        """One subject's statements: a value, a map of fields with 出处, or a list of maps."""
        statements = said if isinstance(said, list) else [said]
        found = []
        for statement in statements:
            fields = dict(statement) if isinstance(statement, Mapping) else {_VALUE: statement} \
                if section != "指标" else None
            if fields is None:
                raise self.wrong(f"「{brief(subject)}」应写明 分值 或 得分，如 "
                                 f"{{{_SCORE}: 8.85, {_PLACE}: 附件2}}", None)
            place = fields.pop(_PLACE, None)
            unknown = [key for key in fields if key not in _FIELDS[section]]
            if unknown or not fields:
                problem = f"写了不认识的 {'、'.join(map(str, unknown))}" if unknown else "没有写数"
                raise self.wrong(f"「{brief(subject)}」{problem}",
                                 f"可写：{'、'.join((*_FIELDS[section], _PLACE))}")
            where = _place(place)
            for field, value in fields.items():
                found.append(self._statement(section, subject, str(field), value, where, fields))
        return [s for s in found if s is not None]

    def _statement(self, section: str, subject: str, field: str, value: object,
                   place: str | None, fields: Mapping[object, object]) -> _Statement | None:
        if section == "指标":
            # Known by its whole path, however it was written; refused here if unknown.
            path = "/".join(self.tree.node(subject).path)
            return _Statement("weight" if field == _WEIGHT else "score", path,
                              self._number(subject, value), place, False)
        if section == "分项":
            if field == _ROWS:
                return None
            rows = fields.get(_ROWS)
            if not isinstance(rows, Mapping) or not rows:
                raise self.wrong(f"「{brief(subject)}」应在 {_ROWS} 中列出各项，如 "
                                 "{值: 71.6, 其中: {人员工资: 59.47, 其他费用: 12.13}}", None)
            parts = tuple(self._number(f"{subject}/{row}", amount) for row, amount in rows.items())
            return _Statement("sum", subject, parts, place, is_percent_text(value),
                              self._number(subject, value))
        if section == "数值":
            if subject not in self.plan.metrics and subject not in self.plan.facts:
                raise EvalRulesError([Diagnostic(
                    "E0502", f"报告数字文件 {self.origin}：「{brief(subject)}」不是规则中的事实或指标值",
                    None, ("数值 一栏只写规则读取的事实和规则定义的指标值（如 公众知晓率）；"
                           "指标的分值、得分写在 指标 一栏。",), fact=subject)])
            return _Statement("value", subject, self._number(subject, value), place,
                              is_percent_text(value))
        kind = {"满分": "full_score", "总分": "total", "等级": "grade"}[section]
        if kind == "grade":
            return _Statement(kind, section, str(value), place, False)
        return _Statement(kind, section, self._number(section, value), place, False)

    def _counts(self, content: object) -> list[_Statement]:
        if not isinstance(content, Mapping):
            raise self.wrong("「指标个数」之下应为“一级指标: 4”这样的映射", None)
        fields = dict(content)
        place = fields.pop(_PLACE, None)
        found = []
        for level, value in fields.items():
            if level not in LEVEL_DEPTH and level != _LEAVES:
                raise self.wrong(f"「指标个数」中不认识的「{brief(str(level))}」",
                                 f"可写：{'、'.join((*LEVEL_DEPTH, _LEAVES))}")
            found.append(_Statement("count", str(level), self._number(str(level), value),
                                    _place(place), False))
        return found

    def _number(self, subject: str, value: object) -> Exact:
        try:
            value = _plain(subject, value)  # as a fact given from Python is: 9, Decimal, "85%"
            return number(Fact(subject, value, self.origin), value, None)
        except EvalRulesError as error:
            raise EvalRulesError([attrs.evolve(d, code="E0501", message="报告数字文件中" + d.message)
                                  for d in error.diagnostics]) from None


def _place(place: object) -> str | None:
    """出处 as written: one place, or several in a list."""
    if isinstance(place, list):
        return "、".join(str(item) for item in place)
    return None if place is None else str(place)


@attrs.frozen
class _Merged:
    kind: str
    subject: str
    value: Exact | str | tuple[Exact, ...]
    places: tuple[str | None, ...]
    percent: bool
    total: Exact = numbers.ZERO


def _merged(statements: list[_Statement]) -> list[_Merged]:
    """A figure stated alike in several places is one figure, with each place."""
    merged: dict[tuple[str, str, object], _Merged] = {}
    for statement in statements:
        value = statement.value
        key = (statement.kind, statement.subject,
               numbers.to_fraction(value) if not isinstance(value, (str, tuple)) else value)
        if key in merged:
            known = merged[key]
            merged[key] = attrs.evolve(known, places=(*known.places, statement.place))
        else:
            merged[key] = _Merged(statement.kind, statement.subject, value, (statement.place,),
                                  statement.percent, statement.total)
    return list(merged.values())


def _nodes(plan: Plan) -> Iterator[IndicatorPlan]:
    pending = list(plan.indicators)
    while pending:
        node = pending.pop()
        yield node
        pending.extend(node.children)


class _Tree:
    """A plan's indicators by their paths and every ending of them, found once: an indicator a
    figure names is looked up, not searched for."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.at: dict[str, IndicatorPlan] = {}  # by the whole path, written a/b/c
        self.ends: dict[tuple[str, ...], list[IndicatorPlan]] = {}
        self.depths: Counter[int] = Counter()
        for node in _nodes(plan):
            self.at["/".join(node.path)] = node
            for start in range(len(node.path)):
                self.ends.setdefault(node.path[start:], []).append(node)
            self.depths[len(node.path)] += 1

    def node(self, subject: str) -> IndicatorPlan:
        """The indicator at that path (its end is enough where it tells one indicator)."""
        if subject in self.at:
            return self.at[subject]
        found = self.ends.get(tuple(subject.split("/")), [])
        if len(found) == 1:
            return found[0]
        paths = "、".join(sorted("/".join(node.path) for node in found))
        raise EvalRulesError([Diagnostic(
            "E0502", f"报告数字中的指标「{brief(subject)}」" +
            (f"不止一个：{paths}" if found else "在规则中找不到"), None,
            ("写出指标的路径，如 效益/社会效益/公众知晓率。",), subject)])

    def count(self, level: str) -> int:
        if level == _LEAVES:
            return sum(node.is_leaf for node in self.at.values())
        return self.depths[LEVEL_DEPTH[level]]


# ---- rendering ----------------------------------------------------------------------------------


def render(report: Audit) -> Group:
    """The audit for a terminal: each slip with what follows from it and its effect on the
    total and grade, the reported values beside their formulas, and a count of what was
    compared."""
    result = report.result
    head = Text("复核：按事实重算，总分 ", style="bold")
    head.append(numbers.show(result.total))
    if result.grade is not None:
        head.append(f"，等级 {visible(result.grade)}")
    parts: list[RenderableType] = [head, Text("")]
    if report.findings:
        parts.append(Text(f"发现 {len(report.findings)} 处问题", style="bold red"))
    for index, finding in enumerate(report.findings, 1):
        lines = list(finding.details)
        if finding.consequences:
            lines.append("由此而来：")
            lines += [f"  {after.said}" for after in finding.consequences]
        if finding.effect is not None:
            lines.append(_effect_said(finding.effect))
        if finding.location:
            lines.append(f"见 {finding.location}")
        number = f"{index}. "
        parts.append(_Hanging(number, Text(visible(finding.message)), len(number)))
        parts += [_Hanging(" " * len(number), Text(visible(line)), len(number))
                  for line in lines]
    if report.reported_values:
        parts += [Text(""), Text("采用报告值（不按公式计算）", style="bold")]
        for value in report.reported_values:
            computed = f"由现有事实算得 {value.shown(value.formula_value)}" \
                if value.formula_value is not None else \
                f"无法由现有事实计算，缺少 {'、'.join(value.missing)}" if value.missing else \
                "无法由现有事实计算（如除数为零）"
            parts.append(_Hanging("  ", Text(visible(f"{value.name} {value.shown(value.value)}：公式 "
                                                    f"{value.formula} {computed}")), 2))
    closing = []
    if result.checks:
        held = sum(check.held for check in result.checks)
        closing.append(f"核对 {len(result.checks)} 项，通过 {held} 项")
    if report.figures:
        agreed = sum(figure.agrees for figure in report.figures)
        unchecked = sum(not figure.checkable for figure in report.figures)
        closing.append(f"报告所写的数字 {len(report.figures)} 个，与复核一致 {agreed} 个" +
                       (f"，这些事实无法复核的 {unchecked} 个" if unchecked else ""))
    if not report.findings:
        closing.append("未发现问题")
    if closing:
        parts += [Text(""), *(Text(line) for line in closing)]
    return Group(*parts)


@attrs.frozen
class _Hanging:
    """Text whose wrapped lines all start ``indent`` cells in, the first after ``lead``; no
    padding after a line, so that what is copied from a terminal has no trailing spaces."""

    lead: str
    text: Text
    indent: int

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width - self.indent, 10)
        for index, line in enumerate(self.text.wrap(console, width, overflow="fold")):
            yield Segment(self.lead if index == 0 else " " * self.indent)
            line.rstrip()
            yield from line.render(console)
            yield Segment.line()


def _effect_said(effect: Effect) -> str:
    if not numbers.compare(effect.total, effect.recomputed_total) and \
            effect.grade == effect.recomputed_grade:
        return "不影响总分和等级"
    said = (f"对总分的影响：照报告的数总分为 {numbers.show(effect.total)}，复核为 "
            f"{numbers.show(effect.recomputed_total)}，差 "
            f"{numbers.show(numbers.sub(effect.total, effect.recomputed_total))}")
    if effect.grade == effect.recomputed_grade:
        return said + f"；等级不变（{effect.grade or '无'}）"
    return said + f"；等级由{effect.recomputed_grade or '无'}变为{effect.grade or '无'}"
