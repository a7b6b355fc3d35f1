"""What-if: facts set by hand (``--set``), the points each fact could win back (``gain``), and
changes that reach a grade or total (``gain --to``). Data only; the CLI prints.

The solver proposes and the engine judges. For each leaf that lost points, the solver reads the
leaf's lowered operations and proposes, per fact the leaf reads, the value nearest the one given
that wins back the points: a formula in the fact is solved exactly (with Fraction) wherever it
is a ratio of two expressions of the first degree in the fact, piece by piece across 如果 … 则 …
否则; a band table gives the nearest edge of a better band; an occurrence count the count that
loses nothing; a yes/no its other value; a 评定, a 酌情 or a 评价要点 the evaluator's better
judgement. Every proposal is then scored by the engine with the fact set as ``--set`` would set
it, and only what the engine confirms is reported, with the points it really won back.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from os import PathLike
from typing import TYPE_CHECKING

import attrs

from . import numbers
from .display import brief
from .errors import Diagnostic, EvalRulesError, FactError
from .facts import Award, Fact, Facts, Judged, Occurrences, is_percent_text, read, written
from .functions import BY_KEY
from .numbers import Exact
from .plan import (
    Arithmetic,
    Band,
    Bands,
    Call,
    Checklist,
    Compare,
    Conditional,
    Const,
    Deviation,
    Discretion,
    Exempt,
    Expr,
    FactRead,
    Formula,
    Group,
    IndicatorPlan,
    Interval,
    Judge,
    Logical,
    MetricRead,
    Negate,
    Not,
    PerOccurrence,
    Plan,
    ValueType,
    Veto,
    WeightRead,
    affine,
    operands,
)
from .ruleset import facts_of
from .source import Source

if TYPE_CHECKING:
    from .result import IndicatorResult, Result
    from .ruleset import Ruleset

_SETTING = "--set"
_MOST_PIECES = 32  # pieces of a formula tried (each 如果 doubles them)
_MOST_ROUTES = 5
_NOT_A_NUMBER = "不是数值（文字、日期、列表等），或规则不以算式、分档或比较使用它，未作推算"


# ---- --set --------------------------------------------------------------------------------


def setting(text: str) -> tuple[str, str]:
    """``NAME=VALUE`` as given to --set; ValueError in words when there is no ``=``."""
    name, equals, value = text.partition("=")
    if not equals or not name.strip():
        raise ValueError(f"应写作 名称=值（如 实际到位资金=35.5），给出的是 {text}")
    return name.strip(), value


def apply_overrides(plan: Plan, facts: Facts,
                    settings: Sequence[tuple[str, str]]) -> tuple[Facts, tuple[Fact, ...]]:
    """The facts with each (name, value) of ``settings`` set, and the facts so set, in order.

    A value is read as a fact file's would be (YAML: ``35.5``, ``96%``, ``是``,
    ``{等级: 一般, 依据: …}``), and checked when scored, so a wrong one is told as in a fact
    file, naming the fact. A name that is not a fact of the ruleset (nor a metric given as a
    reported value) is refused with the names like it."""
    from .yaml_facts import load_yaml

    known = [*plan.facts, *plan.metrics]
    problems: list[Diagnostic] = []
    changed: dict[str, Fact] = {}
    for name, value in settings:
        origin = f"{_SETTING} {name}={value}"
        if name not in plan.facts and name not in plan.metrics:
            close = difflib.get_close_matches(name, known, n=3, cutoff=0.4)
            hints = (f"相近的名称：{'、'.join(close)}" if close else
                     "evalrules check 规则文件 列出全部事实。",)
            problems.append(Diagnostic("E0312", f"{_SETTING} 的「{brief(name)}」不是本指标体系的事实",
                                       None, hints, None, name))
            continue
        if name in changed:
            problems.append(Diagnostic("E0312", f"{_SETTING} 给了「{brief(name)}」两次", None,
                                       ("同一事实只能假设一个值。",), None, name))
            continue
        try:
            raw = load_yaml(Source(origin, value), {})
            fact = Facts.from_mapping({name: raw}, origin)[name]
        except FactError as error:
            problems.extend(error.diagnostics)
            continue
        given = facts.get(name)
        changed[name] = attrs.evolve(fact, assumed=True,
                                     was=written(given.raw) if given is not None else None)
    if problems:
        raise FactError(problems)
    merged = Facts({**facts, **changed}, facts.origin)
    return merged, tuple(changed.values())


def supposed(ruleset: Ruleset, facts: Facts | str | PathLike[str],
             settings: Sequence[tuple[str, str]]) -> tuple[Facts, tuple[Fact, ...]]:
    """The facts (a fact set, or a fact file) with ``settings`` applied, and the facts so set."""
    return apply_overrides(ruleset.plan, facts_of(facts), settings)


def evaluate(ruleset: Ruleset, facts: Facts | str | PathLike[str],
             settings: Sequence[tuple[str, str]], trace: bool = True) -> Result:
    """The facts scored with ``settings`` applied; the result lists the facts so set."""
    merged, assumed = supposed(ruleset, facts, settings)
    return attrs.evolve(ruleset.evaluate(merged, trace=trace), assumed=assumed)


# ---- the changes proposed -----------------------------------------------------------------


@attrs.frozen
class Change:
    """One fact set to another value: ``value`` as --set takes it, ``was`` as given (None when
    not given); ``judged``: the evaluator's judgement (a level, a 要点, a 酌情 amount) rather
    than a figure."""

    fact: str
    value: str
    was: str | None
    judged: bool
    cost: Fraction  # |new − old| / |old|; 1 for a judgement, a yes/no, or a fact not given

    @property
    def setting(self) -> str:
        return f"{self.fact}={self.value}"

    def to_dict(self) -> dict[str, object]:
        return {"fact": self.fact, "value": self.value, "was": self.was, "judged": self.judged,
                "relative_change": numbers.to_text(numbers.normalize(self.cost))}


@attrs.frozen
class Option:
    """A change, scored by the engine: the points it won back for the leaf, what it did to
    other leaves that read the same fact, the total and grade."""

    change: Change
    recovered: Exact
    full: bool
    total: Exact
    grade: str | None
    elsewhere: tuple[tuple[tuple[str, ...], Exact], ...] = ()  # (path, points gained or lost)

    def to_dict(self) -> dict[str, object]:
        return {**self.change.to_dict(), "recovered": numbers.to_text(self.recovered),
                "all_recovered": self.full, "total": numbers.to_text(self.total),
                "grade": self.grade,
                "elsewhere": [{"path": list(path), "change": numbers.to_text(delta)}
                              for path, delta in self.elsewhere]}


@attrs.frozen
class Unsolved:
    """A fact the leaf reads for which no change is proposed, and why, in words."""

    fact: str
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {"fact": self.fact, "reason": self.reason}


@attrs.frozen
class LeafGain:
    path: tuple[str, ...]
    weight: Exact
    score: Exact
    options: tuple[Option, ...]  # best first: all points won back, most points, least change
    unsolved: tuple[Unsolved, ...]

    @property
    def lost(self) -> Exact:
        return numbers.sub(self.weight, self.score)

    def to_dict(self) -> dict[str, object]:
        return {"path": list(self.path), "weight": numbers.to_text(self.weight),
                "score": numbers.to_text(self.score), "lost": numbers.to_text(self.lost),
                "options": [option.to_dict() for option in self.options],
                "unsolved": [item.to_dict() for item in self.unsolved]}


@attrs.frozen
class Gains:
    total: Exact
    grade: str | None
    leaves: tuple[LeafGain, ...]

    def to_dict(self) -> dict[str, object]:
        return {"total": numbers.to_text(self.total), "grade": self.grade,
                "leaves": [leaf.to_dict() for leaf in self.leaves]}


@attrs.frozen
class Route:
    changes: tuple[Change, ...]
    total: Exact
    grade: str | None

    @property
    def cost(self) -> Fraction:
        return sum((change.cost for change in self.changes), Fraction(0))

    def to_dict(self) -> dict[str, object]:
        return {"changes": [change.to_dict() for change in self.changes],
                "set": [change.setting for change in self.changes],
                "total": numbers.to_text(self.total), "grade": self.grade}


@attrs.frozen
class Target:
    """A grade to reach, or a total: reached when the total is at least ``low`` (more than it,
    where the grade's lower end is open) and, for a grade, the grade is the one named."""

    text: str
    low: Decimal
    inclusive: bool
    grade: str | None

    def reached(self, total: Exact, grade: str | None) -> bool:
        side = numbers.compare(total, self.low)
        return (side > 0 or (side == 0 and self.inclusive)) and \
            (self.grade is None or grade == self.grade)


@attrs.frozen
class Routes:
    target: Target
    total: Exact
    grade: str | None
    routes: tuple[Route, ...]  # cheapest first

    @property
    def reached(self) -> bool:
        return self.target.reached(self.total, self.grade)

    def to_dict(self) -> dict[str, object]:
        return {"target": self.target.text, "total": numbers.to_text(self.total),
                "grade": self.grade, "reached": self.reached,
                "routes": [route.to_dict() for route in self.routes]}


def target(plan: Plan, text: str) -> Target:
    """A grade of the ruleset (优) or a total (95, 95分); ValueError in words otherwise."""
    for grade in plan.grades:
        if grade.name == text.strip():
            low = grade.interval.low
            return Target(text.strip(), low if low is not None else Decimal(0),
                          grade.interval.low_inclusive or low is None, grade.name)
    figure = text.strip().removesuffix("分").strip()
    try:
        value = Decimal(figure)
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite() or not 0 < value <= plan.full_score:
        grades = "、".join(grade.name for grade in plan.grades)
        raise ValueError(f"--to 应为等级（{grades}）或 0 至 {numbers.plain(plan.full_score)} 之间的"
                         f"总分（如 95），给出的是 {text}")
    return Target(text.strip(), value, True, None)


# ---- gain ---------------------------------------------------------------------------------


def gains(ruleset: Ruleset, facts: Facts | str | PathLike[str]) -> Gains:
    """For each leaf that lost points, the changes to one fact that win points back, each
    scored by the engine; and the facts it reads for which none is proposed, with why."""
    solver = _Solver(ruleset, facts)
    found = []
    for leaf in solver.losing():
        options, unsolved = solver.options(leaf, leaf.weight)
        found.append(LeafGain(leaf.path, leaf.weight, leaf.score, options, unsolved))
    return Gains(solver.result.total, solver.result.grade, tuple(found))


def routes(ruleset: Ruleset, facts: Facts | str | PathLike[str], goal: Target) -> Routes:
    """A few sets of changes that reach ``goal``, each scored by the engine, cheapest first:
    fewest facts changed, then the smallest sum of relative changes."""
    solver = _Solver(ruleset, facts)
    result = solver.result
    found: dict[tuple[str, ...], Route] = {}
    if not goal.reached(result.total, result.grade):
        gap = numbers.sub(goal.low, result.total)
        if not goal.inclusive:  # more than the grade's open lower end: a cent more
            gap = numbers.add(gap, Decimal("0.01"))
        best: list[tuple[IndicatorResult, Option]] = []
        for leaf in solver.losing():
            # One fact, changed only as far as the target needs.
            wanted = numbers.minimum(leaf.weight, numbers.add(leaf.score, gap))
            for option in solver.options(leaf, wanted)[0]:
                solver.try_route(found, goal, (option.change,))
            full = [option for option in solver.options(leaf, leaf.weight)[0] if option.full]
            best += [(leaf, option) for option in full[:1]]
        # Several facts: whole recoveries, cheapest per point first, the last only as far as
        # still needed; then again leaving out each of them in turn.
        best.sort(key=lambda item: item[1].change.cost / numbers.to_fraction(item[1].recovered))
        for leave_out in [None, *best]:
            solver.greedy(found, goal, [item for item in best if item is not leave_out], gap)
    ordered = sorted(found.values(), key=lambda route: (len(route.changes), route.cost))
    return Routes(goal, result.total, result.grade, tuple(ordered[:_MOST_ROUTES]))


class _Solver:
    def __init__(self, ruleset: Ruleset, facts: Facts | str | PathLike[str]) -> None:
        self.ruleset = ruleset
        self.plan = ruleset.plan
        self.facts = facts_of(facts)
        self.result = ruleset.evaluate(self.facts)
        self.values = self._values()
        self.nodes = {leaf.path: leaf for leaf in self.plan.leaves()}
        self.scored: dict[tuple[tuple[str, str], ...], Result | None] = {}

    def _values(self) -> dict[str, object]:
        """Every fact given, and every metric given as a reported value, as the rules read it."""
        values: dict[str, object] = {}
        for name, fact in self.facts.items():
            spec = self.plan.facts.get(name)
            kind = spec.type if spec is not None else \
                self.plan.metrics[name].type if name in self.plan.metrics else None
            if kind is not None:
                values[name] = read(fact, kind, None)
        return values

    def losing(self) -> list[IndicatorResult]:
        return [leaf for leaf in self.result.leaves() if leaf.applies and not leaf.bonus
                and numbers.compare(leaf.lost, numbers.ZERO) > 0 and leaf.path in self.nodes]

    # -- scoring with changes: the engine decides

    def score(self, changes: Sequence[Change]) -> Result | None:
        key = tuple(sorted((change.fact, change.value) for change in changes))
        if key not in self.scored:
            try:
                merged, _ = apply_overrides(self.plan, self.facts,
                                            [(c.fact, c.value) for c in changes])
                self.scored[key] = self.ruleset.evaluate(merged, trace=False)
            except EvalRulesError:  # a value the rules refuse (out of range, a division by 0)
                self.scored[key] = None
        return self.scored[key]

    def options(self, leaf: IndicatorResult,
                wanted: Exact) -> tuple[tuple[Option, ...], tuple[Unsolved, ...]]:
        node = self.nodes[leaf.path]
        options: dict[str, Option] = {}
        unsolved: list[Unsolved] = []
        for name, proposals in self._proposals(node, leaf, wanted):
            if isinstance(proposals, str):
                unsolved.append(Unsolved(name, proposals))
                continue
            verified = [option for change in proposals
                        if (option := self._verify(leaf, change, wanted)) is not None]
            if verified:
                options[name] = min(verified, key=_preferred)
            elif not isinstance(self.values.get(name), bool):  # a yes/no that would not help: as is
                unsolved.append(Unsolved(name, f"改变「{name}」不能使本项多得分"
                                         "（在允许的取值内，得分已是它能给的最高分）"))
        return tuple(sorted(options.values(), key=_preferred)), tuple(unsolved)

    def _verify(self, leaf: IndicatorResult, change: Change, wanted: Exact) -> Option | None:
        result = self.score([change])
        if result is None:
            return None
        after = _find(result, leaf.path).score
        recovered = numbers.sub(after, leaf.score)
        if numbers.compare(recovered, numbers.ZERO) <= 0:
            return None
        elsewhere = tuple((before.path, numbers.sub(now.score, before.score))
                          for before, now in zip(self.result.leaves(), result.leaves(), strict=True)
                          if before.path != leaf.path and numbers.compare(now.score, before.score))
        return Option(change, recovered, numbers.compare(after, wanted) >= 0, result.total,
                      result.grade, elsewhere)

    def try_route(self, found: dict[tuple[str, ...], Route], goal: Target,
                  changes: tuple[Change, ...]) -> bool:
        """Scores ``changes`` together; kept in ``found`` if the result reaches ``goal``."""
        facts = tuple(sorted(change.fact for change in changes))
        if len(set(facts)) < len(facts):
            return False
        result = self.score(changes)
        if result is None or not goal.reached(result.total, result.grade):
            return False
        found.setdefault(tuple(sorted(change.setting for change in changes)),
                         Route(changes, result.total, result.grade))
        return True

    def greedy(self, found: dict[tuple[str, ...], Route], goal: Target,
               chosen: list[tuple[IndicatorResult, Option]], gap: Exact) -> None:
        taken: list[Change] = []
        for leaf, option in chosen:
            if numbers.compare(option.recovered, gap) >= 0:
                # The last change: only as far as what is still missing needs.
                wanted = numbers.add(leaf.score, gap)
                for partial in self.options(leaf, wanted)[0]:
                    if self.try_route(found, goal, (*taken, partial.change)):
                        return
                self.try_route(found, goal, (*taken, option.change))
                return
            taken.append(option.change)
            gap = numbers.sub(gap, option.recovered)
        self.try_route(found, goal, tuple(taken))

    # -- proposals, per fact the leaf reads

    def _proposals(self, node: IndicatorPlan, leaf: IndicatorResult,
                   wanted: Exact) -> Iterator[tuple[str, list[Change] | str]]:
        seen: set[str] = set()
        for op in node.ops:
            match op:
                case Formula():
                    for name in _inputs(self.plan, op.expr, self.facts):
                        if name not in seen:
                            seen.add(name)
                            yield name, self._solve(name, [op.expr], node, wanted)
                case Bands():
                    for name in _inputs(self.plan, op.subject, self.facts):
                        if name not in seen:
                            seen.add(name)
                            yield name, self._bands(name, op, node, leaf, wanted)
                case Deviation():
                    # The difference is gone where the one equals the other.
                    for side, against in ((op.actual, op.planned), (op.planned, op.actual)):
                        fact = _direct(side)
                        if fact is not None and fact not in seen and \
                                (level := self._value_of(against)) is not None:
                            seen.add(fact)
                            yield fact, [self._number_change(fact, level)]
                case PerOccurrence(fact=name) if name not in seen:
                    seen.add(name)
                    yield name, self._occurrences(op, leaf, wanted)
                case Judge(fact=name) if name not in seen:
                    seen.add(name)
                    yield name, self._judge(op, leaf, wanted)
                case Discretion(fact=name) if name not in seen:
                    seen.add(name)
                    yield name, self._discretion(op, leaf, wanted)
                case Checklist():
                    for item in op.items:
                        given = self.values.get(item.name)
                        earned = isinstance(given, Award) and given.passed and given.score is None
                        if item.condition is None and item.name not in seen and not earned:
                            seen.add(item.name)
                            yield item.name, [self._judged(item.name, "是")]
        # Yes/no facts anywhere in the leaf (a 要点's condition, a 不扣分, a 一票否决): the other.
        for value_read in leaf.reads:
            name = value_read.name
            if value_read.kind == "fact" and name not in seen and \
                    isinstance(self.values.get(name), bool):
                seen.add(name)
                flipped = "否" if self.values[name] else "是"
                yield name, [Change(name, flipped, self._was(name), False, Fraction(1))]
        # Numbers compared in a condition (a 要点's 挪用金额 = 0, a 不扣分's 达标率 ≥ 90%): the
        # values where a comparison turns, and a step either side.
        conditions = [expr for op in node.ops for expr in _conditions(op)]
        for value_read in leaf.reads:
            name = value_read.name
            if value_read.kind in ("fact", "reported") and name not in seen:
                seen.add(name)
                forms = _Forms(self, name, node)
                edges = [x for expr in conditions for x in forms.edges(expr)]
                step = Fraction(1, 10_000 if self._percent(name) else 100)
                yield name, (self._candidates(name, [x + d for x in edges for d in (0, step, -step)])
                             if edges else _NOT_A_NUMBER)

    def _was(self, name: str) -> str | None:
        """The value given, as written; a score the evaluator gave, as that score."""
        given, value = self.facts.get(name), self.values.get(name)
        if isinstance(value, Award) and value.score is not None:
            return f"{'扣分' if value.deducted else '得分'} {numbers.plain(value.score)}"
        if isinstance(value, Judged):
            return value.level
        return written(given.raw) if given is not None else None

    def _judged(self, name: str, value: str) -> Change:
        return Change(name, value, self._was(name), True, Fraction(1))

    def _value_of(self, expr: Expr) -> Fraction | None:
        name = _direct(expr)
        value = self.values.get(name) if name is not None else None
        return numbers.to_fraction(value) if isinstance(value, (Decimal, Fraction)) else None

    def _percent(self, name: str) -> bool:
        spec = self.plan.facts.get(name)
        if spec is not None:
            given = self.facts.get(name)
            return spec.type is ValueType.RATE or (given is not None
                                                   and is_percent_text(given.raw))
        return self.plan.metrics[name].percent

    def _allowed(self, name: str) -> Interval | None:
        spec = self.plan.facts.get(name)
        return spec.allowed if spec is not None else self.plan.metrics[name].allowed

    def _number_change(self, name: str, value: Fraction) -> Change:
        """``value`` written as the fact would be (85%, 35.5)."""
        exact = numbers.to_decimal(numbers.normalize(value))
        assert exact is not None
        text = numbers.plain_percent(exact) if self._percent(name) else numbers.plain(exact)
        old = self.values.get(name)
        if isinstance(old, (Decimal, Fraction)) and old != 0:
            cost = abs(value - numbers.to_fraction(old)) / abs(numbers.to_fraction(old))
        else:
            cost = Fraction(1)
        return Change(name, text, self._was(name), False, cost)

    def _candidates(self, name: str, solutions: list[Fraction]) -> list[Change] | str:
        """Values near each exact solution that the fact may take, as changes to try: the
        solution itself where it has a finite decimal form, else the nearest values either side
        at the fact's precision and a finer one. Outside a declared 取值范围, its nearest end."""
        current = self.values.get(name)
        if not isinstance(current, (Decimal, Fraction)):
            return _NOT_A_NUMBER
        old = numbers.to_fraction(current)
        allowed = self._allowed(name)
        # As many decimals as the value given has, at least two, as written: 7.10, 85.25%.
        shift = 2 if self._percent(name) else 0
        places = max(_places(current) - shift, 2) + shift
        values: list[Fraction] = []
        for solution in solutions:
            if allowed is not None and not allowed.contains(numbers.normalize(solution)):
                solution = _clamp(solution, allowed)
            if old >= 0 > solution:  # an amount or rate given as ≥ 0 stays so
                solution = Fraction(0)
            if numbers.to_decimal(numbers.normalize(solution)) is not None:
                values.append(solution)
            else:
                for extra in (0, 2):
                    scale = 10 ** (places + extra)
                    values += [Fraction(math.ceil(solution * scale), scale),
                               Fraction(math.floor(solution * scale), scale)]
        values = sorted(set(values) - {old}, key=lambda value: abs(value - old))
        return [self._number_change(name, value) for value in values]

    def _solve(self, name: str, exprs: list[Expr], node: IndicatorPlan,
               wanted: Exact) -> list[Change] | str:
        if not isinstance(self.values.get(name), (Decimal, Fraction)):
            return _NOT_A_NUMBER
        try:
            pieces = [piece for expr in exprs for piece in _Forms(self, name, node).of(expr)]
        except _NotSolvable as why:
            return str(why)
        target = numbers.to_fraction(wanted)
        solutions = [x for piece in pieces if (x := piece.solve(target)) is not None]
        # Where a piece ends (如果 X ≤ 100%), the score may jump: its edges are tried as well.
        solutions += [x for piece in pieces for x in piece.edges]
        if not solutions:
            return f"得分不随「{name}」变化，或任何取值都达不到所需的分数"
        return self._candidates(name, solutions)

    def _bands(self, name: str, op: Bands, node: IndicatorPlan, leaf: IndicatorResult,
               wanted: Exact) -> list[Change] | str:
        """The nearest value of the subject in each better band, taken back to the fact."""
        if not isinstance(self.values.get(name), (Decimal, Fraction)):
            return _NOT_A_NUMBER
        try:
            pieces = _Forms(self, name, node).of(op.subject)
        except _NotSolvable as why:
            return str(why)
        subject_values: list[Fraction] = []
        for band in op.bands:
            if band.formula is not None:
                subject_values += _formula_values(band, op.subject.name, node.weight, wanted)
            elif numbers.compare(band.points, leaf.score) > 0:
                subject_values += _inside_ends(band.interval)
        if not subject_values:
            return "没有得分更高的一档"
        solutions = [x for piece in pieces for value in subject_values
                     if (x := piece.solve(value)) is not None]
        return self._candidates(name, solutions) if solutions else \
            f"分档的依据不随「{name}」变化"

    def _occurrences(self, op: PerOccurrence, leaf: IndicatorResult,
                     wanted: Exact) -> list[Change] | str:
        given = self.values.get(op.fact)
        if not isinstance(given, Occurrences):
            return "没有给出次数，未作推算"
        if op.add:
            return "次数越多得分越高，减少次数不能多得分"
        times = given.count // op.per
        short = numbers.to_fraction(numbers.sub(wanted, leaf.score))
        fewer = min(times, math.ceil(short / numbers.to_fraction(op.points)))
        count = (times - fewer) * op.per + op.per - 1  # the most that loses that much less
        cost = Fraction(given.count - count, given.count) if given.count else Fraction(1)
        return [Change(op.fact, str(count), self._was(op.fact), False, cost)]

    def _judge(self, op: Judge, leaf: IndicatorResult, wanted: Exact) -> list[Change] | str:
        best = max(points for _, points in op.levels)
        better = sorted(((points, level) for level, points in op.levels
                         if numbers.compare(points, leaf.score) > 0), key=lambda item: item[0])
        enough = [item for item in better if numbers.compare(item[0], wanted) >= 0] or better[-1:]
        ranged = op.ranged()
        return [self._judged(op.fact, f"{{等级: {level}, 得分: {numbers.plain(points)}, 依据: 假设}}"
                             if level in ranged else level if points == best else
                             f"{{等级: {level}, 依据: 假设}}") for points, level in enough[:1]]

    def _discretion(self, op: Discretion, leaf: IndicatorResult,
                    wanted: Exact) -> list[Change] | str:
        given = self.values.get(op.fact)
        if op.deduct:
            taken = given.score if isinstance(given, Award) and given.score is not None else 0
            rest = numbers.sub(Decimal(taken), numbers.sub(wanted, leaf.score))
            if numbers.compare(rest, op.low) < 0:
                return [self._judged(op.fact, "否")]
            return [self._judged(op.fact, f"{{扣分: {numbers.show(rest)}, 依据: 假设}}")]
        amount = numbers.minimum(op.high, wanted)
        exact = numbers.to_decimal(amount)
        if exact is None:
            return "所需的分数没有有限小数形式，未作推算"
        return [self._judged(op.fact, f"{{得分: {numbers.plain(exact)}, 依据: 假设}}")]


def _inside_ends(interval: Interval) -> list[Fraction]:
    """The values of ``interval`` nearest its ends (an open end less a small step)."""
    step = Fraction(1, 10 ** (4 if interval.percent else 2))
    return [numbers.to_fraction(end) + (0 if inclusive else inward)
            for end, inclusive, inward in ((interval.low, interval.low_inclusive, step),
                                           (interval.high, interval.high_inclusive, -step))
            if end is not None]


def _formula_values(band: Band, subject: str, weight: Decimal, wanted: Exact) -> list[Fraction]:
    """满意度<80%，按满意度×10分计分: the value at which the band's formula gives ``wanted``, if
    the band holds it; else the band's ends (each is scored again before it is proposed)."""
    assert band.formula is not None
    line = affine(band.formula, subject, weight)
    if line is None or numbers.is_zero(line[0]):
        return []
    slope, intercept = map(numbers.to_fraction, line)
    value = (numbers.to_fraction(wanted) - intercept) / slope
    return [value] if band.interval.contains(value) else _inside_ends(band.interval)


def _preferred(option: Option) -> tuple[bool, Fraction, Fraction, int, Fraction]:
    """All points won back first; then most points, the best total, the fewest decimal places
    (96% rather than 95.952%, which reaches the points only by rounding), the least change."""
    places = len(option.change.value.rstrip("%").partition(".")[2])
    return (not option.full, -numbers.to_fraction(option.recovered),
            -numbers.to_fraction(option.total), places, option.change.cost)


def _find(result: Result, path: tuple[str, ...]) -> IndicatorResult:
    nodes = result.indicators
    for name in path:
        node = next(child for child in nodes if child.name == name)
        nodes = node.children
    return node


def _direct(expr: Expr) -> str | None:
    while isinstance(expr, Group):
        expr = expr.inner
    return expr.name if isinstance(expr, (FactRead, MetricRead)) else None


def _inputs(plan: Plan, expr: Expr, facts: Mapping[str, Fact]) -> list[str]:
    """The facts ``expr`` reads, and the metrics it reads that are given as reported values, in
    the order written; through the metrics it computes."""
    found: list[str] = []
    expanded: set[str] = set()  # each metric once: metrics sharing terms are a graph, not a tree
    pending = [expr]
    while pending:
        node = pending.pop()
        if isinstance(node, FactRead) and node.name not in found:
            found.append(node.name)
        elif isinstance(node, MetricRead):
            if node.name in facts:
                if node.name not in found:
                    found.append(node.name)
            elif node.name not in expanded:
                expanded.add(node.name)
                pending.append(plan.metrics[node.name].expr)
        pending.extend(reversed(operands(node)))
    return found


def _places(value: object) -> int:
    if isinstance(value, Decimal):
        exponent = value.normalize(numbers.EXACT).as_tuple().exponent
        return max(-exponent, 0) if isinstance(exponent, int) else 0
    return 0


def _clamp(value: Fraction, allowed: Interval) -> Fraction:
    if allowed.low is not None and value < numbers.to_fraction(allowed.low):
        return numbers.to_fraction(allowed.low)
    if allowed.high is not None and value > numbers.to_fraction(allowed.high):
        return numbers.to_fraction(allowed.high)
    return value


# ---- formulas as ratios of first-degree expressions in one fact ----------------------------


class _NotSolvable(Exception):
    """Why a formula is not solved for the fact, in words."""


# A polynomial of degree at most 1 in the fact: (constant, coefficient).
_Linear = tuple[Fraction, Fraction]


@attrs.frozen
class _Piece:
    """(a·x + b) / (c·x + d): one piece of a formula, and where its conditions change."""

    top: _Linear
    bottom: _Linear
    edges: tuple[Fraction, ...] = ()
    # The branch taken at each 如果 (by the condition's node), so that a condition read twice
    # (through a metric used twice) is taken the same way in both.
    branches: frozenset[tuple[int, bool]] = frozenset()

    def solve(self, target: Fraction) -> Fraction | None:
        """The x at which the piece equals ``target``, if there is one."""
        (b, a), (d, c) = self.top, self.bottom
        slope = a - target * c
        if slope == 0:
            return None
        return (target * d - b) / slope


def _conditions(op: object) -> list[Expr]:
    """The conditions an operation tests: a 要点's, a 不扣分's or 不适用's, a 一票否决's."""
    if isinstance(op, (Exempt, Veto)):
        return [op.condition]
    if isinstance(op, Checklist):
        return [item.condition for item in op.items if item.condition is not None]
    return []


def _negated(piece: _Piece) -> _Piece:
    return attrs.evolve(piece, top=(-piece.top[0], -piece.top[1]))


def _consistent(a: _Piece, b: _Piece) -> bool:
    """Whether two pieces take every 如果 they share the same way."""
    return not any((condition, not taken) in b.branches for condition, taken in a.branches)


def _times(left: _Linear, right: _Linear, name: str) -> _Linear:
    if left[1] and right[1]:
        raise _NotSolvable(f"「{name}」在公式中与自身相乘（不是一次关系），得分随它的变化"
                           "不一定单调，不作推测")
    return (left[0] * right[0], left[0] * right[1] + left[1] * right[0])


def _plus(left: _Linear, right: _Linear) -> _Linear:
    return (left[0] + right[0], left[1] + right[1])


class _Forms:
    """An expression as the pieces it is in the fact ``name``, other values as given."""

    def __init__(self, solver: _Solver, name: str, node: IndicatorPlan) -> None:
        self.solver = solver
        self.name = name
        self.node = node
        # Each metric's pieces, made once: metrics that share terms (值 = 值+值) would otherwise
        # be expanded once per path to them, twice as often at each level.
        self.metrics: dict[str, list[_Piece]] = {}

    def of(self, expr: Expr) -> list[_Piece]:
        try:
            return self._of(expr)
        except RecursionError:  # metrics defined from metrics, hundreds deep
            raise _NotSolvable(f"「{self.name}」经过的指标值层层引用过深，未作推算") from None

    def _bounded(self, pieces: list[_Piece]) -> list[_Piece]:
        if len(pieces) > _MOST_PIECES:
            raise _NotSolvable("公式的条件分支过多，未作推算")
        return pieces

    def _const(self, value: object) -> list[_Piece]:
        if not isinstance(value, (Decimal, Fraction)) or isinstance(value, bool):
            raise _NotSolvable(f"公式中「{self.name}」与非数值一起计算，未作推算")
        return [_Piece((numbers.to_fraction(value), Fraction(0)), (Fraction(1), Fraction(0)))]

    def _of(self, expr: Expr) -> list[_Piece]:
        match expr:
            case Group(inner=inner):
                return self._of(inner)
            case Const(value=value):
                return self._const(value)
            case WeightRead():
                return self._const(self.node.weight)
            case FactRead(name=name) | MetricRead(name=name) if name == self.name:
                return [_Piece((Fraction(0), Fraction(1)), (Fraction(1), Fraction(0)))]
            case FactRead(name=name):
                return self._const(self.solver.values.get(name))
            case MetricRead(name=name):
                if name in self.solver.facts:
                    return self._const(self.solver.values.get(name))
                if name not in self.metrics:
                    self.metrics[name] = self._of(self.solver.plan.metrics[name].expr)
                return self.metrics[name]
            case Negate(operand=operand):
                return [_negated(piece) for piece in self._of(operand)]
            case Arithmetic(op=op, left=left, right=right):
                return self._bounded([self._combine(op, a, b) for a in self._of(left)
                                      for b in self._of(right) if _consistent(a, b)])
            case Conditional(condition=condition, then=then, otherwise=otherwise):
                edges = tuple(self.edges(condition))
                return self._bounded([
                    attrs.evolve(piece, edges=tuple(dict.fromkeys((*piece.edges, *edges))),
                                 branches=piece.branches | {(id(condition), taken)})
                    for taken, branch in ((True, then), (False, otherwise))
                    for piece in self._of(branch) if (id(condition), not taken) not in piece.branches])
            case Call(function="min" | "max" | "abs", args=args):
                # The value is one of the arguments' (or, for 绝对值, it or its negation) on
                # each side of where they cross: each is a piece, their crossings its edges.
                pieces = [piece for arg in args for piece in self._of(arg)]
                if expr.function == "abs":
                    pieces += [_negated(piece) for piece in pieces]
                edges = tuple(dict.fromkeys(
                    x for a in pieces for b in pieces if a is not b and _consistent(a, b)
                    and (x := self._combine("-", a, b).solve(Fraction(0))) is not None))
                return self._bounded([attrs.evolve(piece, edges=(*piece.edges, *edges))
                                      for piece in pieces])
            case Call(function=function):
                spelled = BY_KEY[function].names[0]
                raise _NotSolvable(f"「{self.name}」经函数 {spelled} 计算，未作推算")
        raise _NotSolvable(f"「{self.name}」所在的公式不是算式，未作推算")

    def edges(self, condition: Expr) -> Iterator[Fraction]:
        """Where a comparison in ``condition`` turns, as values of the fact."""
        pending = [condition]
        while pending:
            node = pending.pop()
            if isinstance(node, (Logical, Not, Group)):
                pending.extend(operands(node))
            elif isinstance(node, Compare):
                try:
                    sides = [(a, b) for a in self._of(node.left) for b in self._of(node.right)]
                except _NotSolvable:
                    continue
                for a, b in filter(lambda pair: _consistent(*pair), sides):
                    if (x := self._combine("-", a, b).solve(Fraction(0))) is not None:
                        yield x

    def _combine(self, op: str, a: _Piece, b: _Piece) -> _Piece:
        edges = tuple(dict.fromkeys((*a.edges, *b.edges)))  # a shared term's edges once
        branches = a.branches | b.branches
        if op in ("+", "-"):
            sign = Fraction(1 if op == "+" else -1)
            top = _plus(_times(a.top, b.bottom, self.name),
                        _times((sign * b.top[0], sign * b.top[1]), a.bottom, self.name))
            return _Piece(top, _times(a.bottom, b.bottom, self.name), edges, branches)
        if op == "×":
            return _Piece(_times(a.top, b.top, self.name), _times(a.bottom, b.bottom, self.name),
                          edges, branches)
        return _Piece(_times(a.top, b.bottom, self.name), _times(a.bottom, b.top, self.name), edges,
                      branches)
