"""Plan + facts -> result. Prints nothing, and knows nothing of the syntax tree.

``Program`` turns a plan into closures once: each expression one closure, each operation one
runner, chosen by the operation's kind. Evaluating a fact set reads every fact once with the
reader its type chose, runs each leaf's operations in order, combines the parents, and tells
the recorder what happened: the full recorder writes the trace, the null one nothing. Problems
met on the way (a missing fact, a zero divisor) are collected over all leaves and raised
together.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from . import numbers
from .display import brief
from .errors import Diagnostic, EvalRulesError, EvaluationError, FactError
from .facts import READERS, Award, Fact, Facts, Judged, Occurrences
from .functions import BY_KEY
from .numbers import Exact, RoundingPolicy
from .plan import (
    Arithmetic,
    Bands,
    Bound,
    Call,
    Checklist,
    Combine,
    Compare,
    Conditional,
    Const,
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
    MetricSpec,
    Negate,
    Not,
    PerOccurrence,
    Plan,
    Round,
    Start,
    Steps,
    ValueType,
    Veto,
    WeightRead,
    certain_reads,
    needed,
)
from .record import LimitCause, NullRecorder, Recorder, show_fact, show_value
from .result import CheckResult, IndicatorResult, Rescale, Result
from .trace import ShareStep, Step, VetoStep, substitute

Closure = Callable[["Env"], Any]


class Env:
    """The state of one evaluation: the facts, the values read or computed, the leaf in hand."""

    def __init__(self, program: Program, facts: Facts) -> None:
        self.program = program
        self.facts = facts
        self.trace: Recorder | None = Recorder() if program.traced else None
        self.rec: NullRecorder = self.trace or _NULL
        self.values: dict[str, Any] = {}
        # A metric that could not be computed, with its error: raised again wherever it is read.
        self.failed: dict[str, EvalRulesError] = {}
        self.indicator: str | None = None
        self.leaf_weight = Decimal(0)

    def fact(self, name: str, kind: ValueType, span: Any) -> Any:
        if name in self.values:
            self.rec.again(name)
            return self.values[name]
        fact = self.facts.get(name)
        if fact is None:
            raise FactError([self.missing(name, kind, span)])
        value = self._read(fact, kind, span)
        self.values[name] = value
        self.rec.fact(name, value, fact)
        return value

    def missing(self, name: str, kind: ValueType, span: Any) -> Diagnostic:
        close = self.facts.close_names(name)
        hints = [f"事实文件中有相近的名称：{'、'.join(brief(c) for c in close)}"] if close else []
        hints.append(f"在事实文件 {self.facts.origin} 中加上「{brief(name)}」（{kind.value}）。")
        message = f"缺少事实「{brief(name)}」"
        lead, comma, counted = name.rpartition("，" if "，" in name else ",")
        if kind is ValueType.OCCURRENCES and name == self.indicator and span is not None:
            # 1.开展中医药适宜技术，每开展一项加1分: what is counted is not named, so the indicator is
            message += (f"：「{brief(span.text)}」没有写出数的是什么，读作数指标「{brief(name)}」本身，"
                        "次数以指标名称给出；数的是另一件事时，在计数之后写出它的名称")
        elif kind is ValueType.OCCURRENCES and comma and lead and counted:
            # 周例会和月度总结会，无故缺席扣1分/次: the words before the comma are part of the name
            message += (f"：所数的事实名称连着逗号前的「{brief(lead)}」；逗号前是说明时写成标签"
                        f"（“{brief(lead)}：{brief(counted)}…”），事实名即为「{brief(counted)}」")
        return Diagnostic("E0301", message, span, tuple(hints), self.indicator, name)

    def judged(self, name: str, kind: ValueType, span: Any) -> Any:
        """A fact that a step shows itself (a judgement, occurrences): not listed as a read."""
        value = self.fact(name, kind, span)
        self.rec.forget(name)
        return value

    def weight(self, name: str) -> Decimal:
        """分值: the weight of the leaf being scored."""
        self.rec.weight(name, self.leaf_weight)
        return self.leaf_weight

    def metric(self, spec: MetricSpec) -> Any:
        name = spec.name
        if name not in self.values and name not in self.failed:
            self._prepare(spec)
            self._compute(spec)
        if name in self.failed:
            raise self.failed[name]
        self.rec.again(name)
        return self.values[name]

    def _prepare(self, spec: MetricSpec) -> None:
        """Compute first the metrics that ``spec`` reads, those they read, and so on, deepest
        first and with a stack of their own: however long a chain of metrics, computing one
        never nests the computation of another. A metric that fails here keeps its error, told
        only if a rule reads it."""
        metrics = self.program.plan.metrics
        path, pending = [spec.name], [iter(spec.reads)]
        while pending:
            name = next(pending[-1], None)
            if name is None:
                pending.pop()
                if len(path) > 1:
                    self._compute(metrics[path[-1]])
                path.pop()
            elif name not in self.values and name not in self.failed:
                path.append(name)  # no cycles: the compiler refused them
                pending.append(iter(metrics[name].reads))

    def _compute(self, spec: MetricSpec) -> None:
        """Compute a metric, or take its reported value; or keep its error."""
        name = spec.name
        outer = self.rec.metric_begin()
        try:
            reported = self.facts.get(name)
            if reported is not None:
                value = self._read(reported, spec.type, spec.span)
            else:
                value = self.program.metrics[name](self)
            self.rec.metric(spec, value, reported)
        except (EvalRulesError, numbers.TooLarge) as error:
            self.failed[name] = self.failure(error, spec.span)
        else:
            self.values[name] = value
        finally:
            self.rec.metric_end(name, outer)

    def _read(self, fact: Fact, kind: ValueType, span: Any) -> Any:
        try:
            return READERS[kind](fact, self.indicator)
        except FactError as error:
            raise FactError([attrs.evolve(d, span=span) for d in error.diagnostics]) from None

    def failure(self, error: EvalRulesError | numbers.TooLarge, span: Any) -> EvalRulesError:
        """What went wrong in computing something at ``span``, as an error to tell."""
        if isinstance(error, EvalRulesError):
            return error
        return self.problem(
            "E0402", f"计算结果超出可精确计算的范围：大于 10^{numbers.MAX_EXPONENT}，或精确值的"
            f"分子、分母超过约 {numbers.MAX_EXPONENT} 位（小数位数过多）", span,
            "检查公式是否把一个数反复相乘（如逐级平方），或事实数据的单位是否有误。")

    def problem(self, code: str, message: str, span: Any, *hints: str) -> EvaluationError:
        return EvaluationError([Diagnostic(code, message, span, hints, self.indicator)])


_NULL = NullRecorder()


class LeafState:
    """An indicator being scored: its score so far, its steps (kept only when ``trace`` is the
    recorder), and whether its operations are done."""

    __slots__ = ("applies", "done", "score", "shared_to", "steps", "trace", "vetoes")

    def __init__(self, trace: Recorder | None) -> None:
        self.trace = trace
        self.score: Exact = numbers.ZERO
        self.steps: list[Step] = []
        self.done = False
        self.applies = True
        self.shared_to: tuple[str, ...] = ()  # 分值均摊到: the siblings its weight goes to
        self.vetoes: list[VetoStep] = []


Runner = Callable[[Env, LeafState], None]


# ---- expressions ------------------------------------------------------------------------------

_ARITHMETIC = {"+": numbers.add, "-": numbers.sub, "×": numbers.mul}
_COMPARISONS: dict[str, Callable[[int], bool]] = {
    ">": lambda c: c > 0, ">=": lambda c: c >= 0, "<": lambda c: c < 0,
    "<=": lambda c: c <= 0, "==": lambda c: c == 0, "!=": lambda c: c != 0,
}


class Program:
    """A plan as closures, built once per ruleset and trace setting: each expression a closure
    (recording its value for the trace's working when ``traced``), each operation a runner."""

    def __init__(self, plan: Plan, traced: bool = True) -> None:
        self.plan = plan
        self.traced = traced
        self.metrics: dict[str, Closure] = {
            name: self.expr(spec.expr) for name, spec in plan.metrics.items()}
        # Per indicator, by id: the runners of its scoring operations, and of its vetoes.
        self.runners: dict[int, tuple[Runner, ...]] = {}
        self.veto_runners: dict[int, tuple[tuple[Veto, Runner], ...]] = {}
        self.where: dict[int, str] = {}  # the indicator's path, as errors name it
        pending = list(plan.indicators)
        while pending:
            node = pending.pop()
            self.where[id(node)] = "/".join(node.path)
            self.runners[id(node)] = tuple(
                RUNNERS[type(op)](self, op, node) for op in node.ops
                if not isinstance(op, (Veto, Combine)) and (node.is_leaf or not isinstance(op, Round)))
            self.veto_runners[id(node)] = tuple(
                (op, _veto(self, op, node)) for op in node.ops if isinstance(op, Veto))
            pending.extend(node.children)
        self.vetoes = tuple((veto, self.expr(veto.condition)) for veto in plan.vetoes)
        # 核对: the condition, and the two sides of a comparison, whose values are reported.
        self.checks = tuple(
            (check, self.expr(check.condition),
             tuple(self.expr(side) for side in _sides(check.condition)))
            for check in plan.checks)

    # ---- expressions
    def expr(self, node: Expr) -> Closure:
        if isinstance(node, Group):
            return self.expr(node.inner)
        closure = self._expr(node)
        if not self.traced or isinstance(node, (Const, FactRead, MetricRead, WeightRead)):
            return closure

        def recorded(env: Env) -> Any:
            value = closure(env)
            env.rec.value(node, value)
            return value

        return recorded

    def _expr(self, node: Expr) -> Closure:
        match node:
            case Const(value=value):
                return lambda env: value
            case WeightRead(name=name):
                return lambda env: env.weight(name)
            case MetricRead(name=name):
                spec = self.plan.metrics[name]
                return lambda env: env.metric(spec)
            case FactRead(name=name, type=kind, span=span) if self.traced:
                return lambda env: env.fact(name, kind, span)
            case FactRead(name=name, type=kind, span=span):
                def read(env: Env) -> Any:  # read once up front; with no trace, nothing to note
                    try:
                        return env.values[name]
                    except KeyError:
                        return env.fact(name, kind, span)

                return read
            case Arithmetic(op="/"):
                return self._divide(node)
            case Arithmetic(op=op, left=left, right=right):
                operate, lhs, rhs = _ARITHMETIC[op], self.expr(left), self.expr(right)
                return lambda env: operate(lhs(env), rhs(env))
            case Negate(operand=operand):
                inner = self.expr(operand)
                return lambda env: numbers.neg(inner(env))
            case Compare(op=op, left=left, right=right):
                return self._compare(op, self.expr(left), self.expr(right))
            case Logical(both=True, left=left, right=right):
                lhs, rhs = self.expr(left), self.expr(right)
                return lambda env: lhs(env) and rhs(env)
            case Logical(left=left, right=right):
                lhs, rhs = self.expr(left), self.expr(right)
                return lambda env: lhs(env) or rhs(env)
            case Not(operand=operand):
                inner = self.expr(operand)
                return lambda env: not inner(env)
            case Conditional(condition=condition, then=then, otherwise=otherwise):
                test, yes, no = self.expr(condition), self.expr(then), self.expr(otherwise)
                return lambda env: yes(env) if test(env) else no(env)
            case Call():
                return self._call(node)
        raise AssertionError(node)

    def _divide(self, node: Arithmetic) -> Closure:
        lhs, rhs = self.expr(node.left), self.expr(node.right)

        def divide(env: Env) -> Exact:
            dividend, divisor = lhs(env), rhs(env)
            if numbers.is_zero(divisor):
                raise env.problem(
                    "E0401", f"除数为零：「{node.span.text}」中的除数「{node.right.span.text}」"
                    "等于 0", node.span,
                    f"代入数值后为：{substitute(node, env.rec.shown(env.values))}",
                    "检查事实数据；若该情形合理，用「如果 … 则 … 否则 …」写明除数为零时如何计分。")
            return numbers.div(dividend, divisor)

        return divide

    @staticmethod
    def _compare(op: str, lhs: Closure, rhs: Closure) -> Closure:
        test = _COMPARISONS[op]

        def compare(env: Env) -> bool:
            left, right = lhs(env), rhs(env)
            if isinstance(left, (Decimal, Fraction)):
                return test(numbers.compare(left, right))
            if isinstance(left, datetime.date):
                return test((left > right) - (left < right))
            return test(0 if left == right else 1)

        return compare

    def _call(self, node: Call) -> Closure:
        function = BY_KEY[node.function]
        args = [self.expr(arg) for arg in node.args]

        def call(env: Env) -> Exact:
            values = args[0](env) if function.takes_list else [arg(env) for arg in args]
            if function.takes_list and not values:
                raise env.problem("E0401", f"「{node.span.text}」的列表为空，无法计算"
                                  f"{function.description}", node.span)
            return function.implementation(values)

        return call


def _limited(leaf: LeafState, value: Exact, over: bool, threshold: Exact, replacement: Exact,
             cause: LimitCause) -> Exact:
    """The one place caps and floors act: past ``threshold`` (above it for a cap, below it for a
    floor) the value is ``replacement``, and the trace says which rule bit."""
    beyond = numbers.compare(value, threshold)
    if (beyond > 0) if over else (beyond < 0):
        if leaf.trace:
            leaf.steps.append(leaf.trace.limit(cause, over, value, replacement))
        return replacement
    return value


def _exempt(program: Program, op: Exempt, node: IndicatorPlan) -> Runner:
    condition = program.expr(op.condition)

    def run(env: Env, leaf: LeafState) -> None:
        if not condition(env):
            return
        if leaf.trace:
            leaf.steps.append(leaf.trace.exempt(op, node.weight))
        leaf.done = True
        if op.mode == "full":
            leaf.score = node.weight
        else:  # left out (rescaled) or shared out: the parent or the total takes care of it
            leaf.applies = False
            leaf.score = numbers.ZERO
            leaf.shared_to = op.to if op.mode == "share" else ()

    return run


def _start(program: Program, op: Start, node: IndicatorPlan) -> Runner:
    def run(env: Env, leaf: LeafState) -> None:
        leaf.score = op.points
        if leaf.trace:
            leaf.steps.append(leaf.trace.start(op))

    return run


def _formula(program: Program, op: Formula, node: IndicatorPlan) -> Runner:
    formula = program.expr(op.expr)

    def run(env: Env, leaf: LeafState) -> None:
        leaf.score = score = formula(env)
        if leaf.trace:
            leaf.steps.append(leaf.trace.formula(op.expr, score))

    return run


def _count(steps: Steps, excess: Exact) -> tuple[Exact, Exact, bool]:
    """Steps of ``steps.amount`` in ``excess``, whole or in proportion; the points they cost,
    at most ``steps.most``; and whether that cap acted."""
    count = numbers.div(numbers.maximum(excess, numbers.ZERO), steps.amount)
    if steps.whole:
        count = Decimal(math.floor(numbers.to_fraction(count)))
    deduction = numbers.mul(count, steps.points)
    if steps.most is not None and numbers.compare(deduction, steps.most) > 0:
        return count, steps.most, True
    return count, deduction, False


def _bands(program: Program, op: Bands, node: IndicatorPlan) -> Runner:
    subject = program.expr(op.subject)
    beyond = op.beyond
    formulas = [None if band.formula is None else program.expr(band.formula) for band in op.bands]

    def run(env: Env, leaf: LeafState) -> None:
        value = subject(env)
        if beyond is not None and beyond.region.contains(value):
            anchor = beyond.anchor
            excess = numbers.sub(value, anchor) if beyond.steps.direction == "over" else \
                numbers.sub(anchor, value)
            count, deduction, capped = _count(beyond.steps, excess)
            if leaf.trace:
                leaf.steps.extend(leaf.trace.beyond(op, beyond, excess, count, deduction, capped))
            leaf.score = numbers.sub(beyond.points, deduction)
            return
        # The compiler made sure every value between the table's lowest and highest ends (or in
        # the declared 取值范围) falls in exactly one band; one beyond them falls in none.
        index = next((i for i, band in enumerate(op.bands) if band.interval.contains(value)), None)
        if index is None:
            name = op.subject.name
            raise FactError([Diagnostic(
                "E0308", f"「{name}」为 {show_value(value)}，不属于评分表的任何一档（在各档写到的范围之外）",
                op.subject.span, (), env.indicator, name)])
        formula = formulas[index]
        if formula is None:
            leaf.score = op.bands[index].points
            if leaf.trace:
                leaf.steps.append(leaf.trace.band(op, index))
            return
        leaf.score = score = formula(env)
        if numbers.compare(score, numbers.ZERO) < 0 or numbers.compare(score, node.weight) > 0:
            # The compiler checked the formula over the band, taking the value as ≥0 where
            # nothing bounds it below: only a value below 0 (完成率 -5%) gets here.
            name = op.subject.name
            raise FactError([Diagnostic(
                "E0308", f"「{name}」为 {show_value(value)}，按这一档的公式得 {numbers.show(score)} 分，"
                f"在 0 到分值 {numbers.plain(node.weight)} 分之外：评分表的公式没有料到这个值",
                op.subject.span, (), env.indicator, name)])
        if leaf.trace:
            leaf.steps.extend(leaf.trace.formula_band(op, index, score))

    return run


def _deviation(program: Program, op: Deviation, node: IndicatorPlan) -> Runner:
    actual, planned = program.expr(op.actual), program.expr(op.planned)

    def run(env: Env, leaf: LeafState) -> None:
        a, p = actual(env), planned(env)
        if numbers.is_zero(p):
            raise env.problem(
                "E0401", f"除数为零：计算「{op.actual.name}」与「{op.planned.name}」的相差幅度时，"
                f"「{op.planned.name}」等于 0", op.planned.span,
                "计划值为 0 时无法计算相差的百分比；请用得分公式写明此时如何计分。")
        difference = numbers.sub(a, p)
        if op.steps.direction == "under":
            difference = numbers.neg(difference)
        elif op.steps.direction == "both":
            difference = numbers.maximum(difference, numbers.neg(difference))
        relative = numbers.div(difference, p)
        # Only the side the rule names counts: finishing early is no overrun (_count takes the
        # steps of what is above zero).
        count, deduction, capped = _count(op.steps, relative)
        if leaf.trace:
            leaf.steps.append(leaf.trace.deviation(op, relative, count, deduction, capped))
        leaf.score = numbers.sub(leaf.score, deduction)

    return run


def _judge(program: Program, op: Judge, node: IndicatorPlan) -> Runner:
    points_of = dict(op.levels)
    lettered = dict(op.letters)
    letter_of = {name: letter for letter, name in op.letters}
    low_of = op.ranged()
    best = max(points for _, points in op.levels)
    names = "、".join(f"{letter_of[name]}.{name}" if name in letter_of else name for name, _ in op.levels)

    def problem(message: str, hint: str, env: Env) -> FactError:
        return FactError([Diagnostic("E0306", message, op.span, (hint,), env.indicator, op.fact)])

    def run(env: Env, leaf: LeafState) -> None:
        judged = env.judged(op.fact, ValueType.LEVEL, op.span)
        assert isinstance(judged, Judged)
        if judged.level in lettered:  # {等级: B}: the option so lettered
            judged = attrs.evolve(judged, level=lettered[judged.level])
        points = points_of.get(judged.level)
        if points is None:
            raise FactError([Diagnostic(
                "E0306", f"「{op.fact}」评定为「{brief(judged.level)}」，不是可选的等级（{names}）之一",
                op.span, (), env.indicator, op.fact)])
        low = low_of.get(judged.level)
        if low is None and judged.score is not None and judged.score != points:
            raise problem(f"「{op.fact}」评定为「{judged.level}」计 {numbers.plain(points)} 分，"
                          f"不能另给得分 {numbers.plain(judged.score)} 分", "去掉得分，或改选等级。", env)
        if low is not None:
            if judged.score is None or not low <= judged.score <= points:
                given = "没有写得分" if judged.score is None else \
                    f"得分 {numbers.plain(judged.score)} 分不在其中"
                raise problem(f"「{op.fact}」评定为「{judged.level}」，得分应在 {numbers.plain(low)}-"
                              f"{numbers.plain(points)} 分之间，{given}",
                              f"写作 {{等级: {judged.level}, 得分: …, 依据: …}}。", env)
            points = judged.score
        if judged.reason is None and points < best:
            raise FactError([Diagnostic(
                "E0306", f"「{op.fact}」评定为「{judged.level}」（未得最高分），须写明依据",
                op.span, (f"写作 {{等级: {judged.level}, 依据: …}}。",), env.indicator, op.fact)])
        leaf.score = points
        if leaf.trace:
            leaf.steps.append(leaf.trace.judgement(op, judged, points))

    return run


def _discretion(program: Program, op: Discretion, node: IndicatorPlan) -> Runner:
    verb, kind = ("扣", "酌情扣分") if op.deduct else ("给", "酌情给分")

    def run(env: Env, leaf: LeafState) -> None:
        award = env.judged(op.fact, ValueType.DISCRETION, op.span)
        assert isinstance(award, Award)
        amount = award.score if award.score is not None else numbers.ZERO
        if award.deducted is not None and award.deducted != op.deduct:
            written, meant = ("扣分", "得分") if award.deducted else ("得分", "扣分")
            raise FactError([Diagnostic(
                "E0303", f"「{op.fact}」是{kind}，事实中写的却是“{written}”", op.span,
                (f"写作 {{{meant}: …, 依据: …}}。",), env.indicator, op.fact)])
        if not (op.low <= amount <= op.high or (op.deduct and amount == 0)):
            raise FactError([Diagnostic(
                "E0303", f"「{op.fact}」酌情{verb} {numbers.plain(amount)} 分，超出规则允许的 "
                f"{numbers.plain(op.low)}-{numbers.plain(op.high)} 分", op.span, (),
                env.indicator, op.fact)])
        leaf.score = numbers.sub(leaf.score, amount) if op.deduct else amount
        if leaf.trace:
            leaf.steps.append(leaf.trace.discretion(op, amount, award))

    return run


def _checklist(program: Program, op: Checklist, node: IndicatorPlan) -> Runner:
    conditions = [program.expr(item.condition) if item.condition is not None else None
                  for item in op.items]

    def run(env: Env, leaf: LeafState) -> None:
        score: Exact = numbers.ZERO
        for item, condition in zip(op.items, conditions, strict=True):
            award: Award | None = None
            if condition is not None:
                earned = item.points if condition(env) else numbers.ZERO
            else:
                award = env.judged(item.name, ValueType.CHECK, item.span)
                assert isinstance(award, Award)
                if award.score is None:
                    earned = item.points if award.passed else numbers.ZERO
                elif numbers.ZERO <= award.score <= item.points:
                    earned = award.score
                else:
                    raise FactError([Diagnostic(
                        "E0303", f"评价要点「{item.name}」的评价人给分 {numbers.plain(award.score)} "
                        f"分超出范围（0 至 {numbers.plain(item.points)} 分）", item.span, (),
                        env.indicator, item.name)])
            score = numbers.add(score, earned)
            if leaf.trace:
                leaf.steps.append(leaf.trace.check(item, earned, award))
        leaf.score = score

    return run


def _per_occurrence(program: Program, op: PerOccurrence, node: IndicatorPlan) -> Runner:
    points = numbers.to_fraction(op.points)

    def run(env: Env, leaf: LeafState) -> None:
        occurrences = env.judged(op.fact, ValueType.OCCURRENCES, op.fact_span)
        assert isinstance(occurrences, Occurrences)
        times = occurrences.count // op.per
        room = numbers.sub(node.weight, leaf.score) if op.add else leaf.score
        # Entries past the point where nothing is left to take are counted, not listed.
        useful = math.ceil(numbers.to_fraction(numbers.maximum(room, numbers.ZERO)) / points)
        listed = min(times, useful)
        if leaf.trace:
            leaf.steps.append(leaf.trace.occurrences(op, occurrences, times, listed))
        amount: Exact = numbers.mul(Decimal(listed), op.points)
        if op.most is not None:
            amount = _limited(leaf, amount, True, op.most, op.most, op)
        leaf.score = numbers.add(leaf.score, amount) if op.add else \
            numbers.sub(leaf.score, amount)

    return run


def _floor(program: Program, op: Floor, node: IndicatorPlan) -> Runner:
    def run(env: Env, leaf: LeafState) -> None:
        leaf.score = _limited(leaf, leaf.score, False, numbers.ZERO, numbers.ZERO, op)

    return run


def _limit(program: Program, op: Limit, node: IndicatorPlan) -> Runner:
    def run(env: Env, leaf: LeafState) -> None:
        leaf.score = _limited(leaf, leaf.score, op.over, op.threshold, op.value, op)

    return run


def _bound(program: Program, op: Bound, node: IndicatorPlan) -> Runner:
    def run(env: Env, leaf: LeafState) -> None:
        score = _limited(leaf, leaf.score, True, op.weight, op.weight, op.weight)
        leaf.score = _limited(leaf, score, False, numbers.ZERO, numbers.ZERO, None)

    return run


def _round(program: Program, op: Round, node: IndicatorPlan) -> Runner:
    def run(env: Env, leaf: LeafState) -> None:
        leaf.score = _rounded(leaf.trace, leaf.score, op.policy, leaf.steps)

    return run


def _veto(program: Program, op: Veto, node: IndicatorPlan) -> Runner:
    condition = program.expr(op.condition)

    def run(env: Env, leaf: LeafState) -> None:
        held = bool(condition(env))
        leaf.vetoes.append(env.rec.veto(op, held))
        if held:
            leaf.score = numbers.ZERO

    return run


# One runner per kind of operation. A parent's Combine is run by _parent, with its children's
# results, and its Round there too; vetoes run once the score is known, in _run_vetoes.
RUNNERS: dict[type, Callable[[Program, Any, IndicatorPlan], Runner]] = {
    Exempt: _exempt, Start: _start, Formula: _formula, Bands: _bands, Deviation: _deviation,
    Judge: _judge, Discretion: _discretion, Checklist: _checklist,
    PerOccurrence: _per_occurrence, Floor: _floor, Limit: _limit, Bound: _bound, Round: _round,
}


def _rounded(trace: Recorder | None, score: Exact, policy: RoundingPolicy,
             steps: list[Step]) -> Exact:
    """The score rounded as the ruleset declares, the rounding recorded when it changed it."""
    rounded = numbers.round_to(score, policy)
    if trace and rounded != score:
        steps.append(trace.round(policy, score, rounded))
    return rounded


# ---- scoring ----------------------------------------------------------------------------------


def evaluate(program: Program, facts: Facts) -> Result:
    plan = program.plan
    env = Env(program, facts)
    problems = _validate(env)
    indicators = _shared_out(env, tuple(_indicator(env, i, problems) for i in plan.indicators))
    env.indicator = None
    vetoes = []
    for veto, condition in program.vetoes:
        try:
            vetoes.append(env.rec.veto(veto, bool(condition(env))))
        except (EvalRulesError, numbers.TooLarge) as error:
            problems.extend(env.failure(error, veto.span).diagnostics)
    checks = _checks(env, problems)
    if problems:
        # A fact read wrongly is told once, with the place and indicator of its first use.
        told: dict[tuple[str, str, str | None], Diagnostic] = {}
        for p in problems:
            told.setdefault((p.code, p.fact or p.message, p.indicator if p.fact is None else None), p)
        unique = list(told.values())
        if all(p.code.startswith("E03") for p in unique):
            raise FactError(unique)
        raise EvaluationError(unique)
    base: Exact = Decimal(0)
    bonus: Exact = Decimal(0)
    for indicator in indicators:
        if indicator.bonus:
            bonus = numbers.add(bonus, indicator.score)
        else:
            base = numbers.add(base, indicator.score)
    if any(veto.held and not veto.best for veto in vetoes):
        base = bonus = Decimal(0)
    rescale = _rescale(plan, indicators, base)
    if rescale is not None:
        base = rescale.total
    total = numbers.add(base, bonus)
    # Bonus points can take the total past the full score; the grade is read at most there,
    # on the total rounded as 定级舍入 says.
    graded = numbers.minimum(total, plan.full_score)
    if plan.grade_rounding is not None:
        graded = numbers.round_to(graded, plan.grade_rounding)
    grade = _grade(plan, graded, any(veto.held and veto.best for veto in vetoes))
    band = next(((g.name, g.interval) for g in plan.grades if g.contains(graded)), None)
    return Result(plan.title, plan.full_score, total, grade,
                  plan.rounding.label if plan.rounding else None, indicators, tuple(vetoes), bonus,
                  graded if numbers.compare(graded, total) else None, rescale, band, checks=checks)


def _sides(condition: Expr) -> tuple[Expr, ...]:
    """The two sides of a check that compares (parentheses aside), else none."""
    while isinstance(condition, Group):
        condition = condition.inner
    return (condition.left, condition.right) if isinstance(condition, Compare) else ()


def _checks(env: Env, problems: list[Diagnostic]) -> tuple[CheckResult, ...]:
    """Every 核对 with whether it held; sides that are numbers keep their values."""
    found = []
    for check, condition, sides in env.program.checks:
        env.indicator = check.indicator
        try:
            held = bool(condition(env))
            values = [side(env) for side in sides]
        except (EvalRulesError, numbers.TooLarge) as error:
            problems.extend(env.failure(error, check.span).diagnostics)
            # The other facts it reads that are missing too, so that they are given in one go.
            problems.extend(env.missing(read.name, read.type, read.span)
                            for read in certain_reads(check.condition)
                            if isinstance(read, FactRead) and read.name not in env.facts)
            continue
        left, right = values if len(values) == 2 and all(
            isinstance(value, (Decimal, Fraction)) for value in values) else (None, None)
        said = env.trace.substitute(check.condition) if env.trace else check.condition.span.text
        found.append(CheckResult(check.span.text, said, held, check.indicator, check.span,
                                 left, right))
    env.indicator = None
    return tuple(found)


def _validate(env: Env) -> list[Diagnostic]:
    """Every fact given, read as the type the rules need: all wrong ones at once, up front.

    The values read are kept in ``env``, so the leaves find them there."""
    problems: list[Diagnostic] = []
    plan = env.program.plan
    for name, spec in plan.facts.items():
        if name in env.facts:
            env.indicator = spec.needed_by[0] if spec.needed_by else None
            try:
                value = env.fact(name, spec.type, spec.span)
            except FactError as error:
                problems.extend(error.diagnostics)
                continue
            problems.extend(_out_of_range(env, name, value, spec.allowed, spec.span))
    for name, metric in plan.metrics.items():
        if name in env.facts:  # a reported value
            env.indicator = metric.defined_in
            try:
                value = env.metric(metric)
            except FactError as error:
                problems.extend(error.diagnostics)
                continue
            problems.extend(_out_of_range(env, name, value, metric.allowed, metric.span))
    env.indicator = None
    return problems


def _out_of_range(env: Env, name: str, value: Any, allowed: Interval | None,
                  span: Any) -> list[Diagnostic]:
    if allowed is None or allowed.contains(value):
        return []
    shown = show_fact(value, env.facts[name].raw)
    return [Diagnostic("E0308", f"事实「{name}」为 {shown}，超出声明的取值范围 {allowed.label}", span,
                       (f"见 {env.facts[name].origin}",), env.indicator, name)]


def _rescale(plan: Plan, indicators: tuple[IndicatorResult, ...], base: Exact) -> Rescale | None:
    """不适用…不计入总分: the applicable indicators' total, brought to the full score.

    What applies is what the top-level indicators' weights have become: each parent's weight
    has lost the points left out beneath it."""
    full = plan.full_score
    applicable: Exact = Decimal(0)
    for indicator in indicators:
        if not indicator.bonus and indicator.applies:
            applicable = numbers.add(applicable, indicator.weight)
    if not numbers.compare(applicable, full):
        return None
    if not numbers.compare(applicable, numbers.ZERO) > 0:
        raise EvaluationError([Diagnostic(
            "E0401", "所有指标都不适用，无法按百分制折算", None,
            ("至少要有一个适用的指标。",))])
    exact = numbers.div(numbers.mul(base, full), applicable)
    policy = plan.rounding
    total = numbers.round_to(exact, policy) if policy is not None else exact
    return Rescale(base, applicable, exact, total, policy)


def _grade(plan: Plan, total: Exact, not_best: bool) -> str | None:
    """The grade band the total falls in; under 一票否优, the band below the best one."""
    grade = next((g for g in plan.grades if g.contains(total)), None)
    if grade is None or not not_best:
        return grade.name if grade else None
    ranked = sorted(plan.grades, key=lambda g: g.interval.low if g.interval.low is not None
                    else Decimal("-Infinity"), reverse=True)
    if grade is ranked[0] and len(ranked) > 1:
        return ranked[1].name
    return grade.name


def _indicator(env: Env, node: IndicatorPlan, problems: list[Diagnostic]) -> IndicatorResult:
    env.indicator = env.program.where[id(node)]
    if node.children:
        return _parent(env, node, problems)
    env.leaf_weight = node.weight
    env.rec.leaf()
    leaf = LeafState(env.trace)
    try:
        for run in env.program.runners[id(node)]:
            run(env, leaf)
            if leaf.done:
                break
    except (EvalRulesError, numbers.TooLarge) as error:
        problems.extend(env.failure(error, node.span).diagnostics)
        # Scoring stopped at the first problem: the other facts it would have read that are
        # missing too are told now, so that a partial fact file is completed in one go.
        problems.extend(env.missing(name, kind, span) for name, kind, span
                        in needed(env.program.plan, node, env.facts) if name not in env.facts)
        return _result(node, node.weight, numbers.ZERO)
    if not leaf.applies:
        return _result(node, node.weight, numbers.ZERO, steps=tuple(leaf.steps),
                       applies=False, shared_to=leaf.shared_to)
    _run_vetoes(env, node, leaf, problems)
    return _result(node, node.weight, leaf.score, reads=env.rec.leaf_reads(),
                   steps=tuple(leaf.steps), vetoes=tuple(leaf.vetoes))


def _run_vetoes(env: Env, node: IndicatorPlan, leaf: LeafState, problems: list[Diagnostic]) -> None:
    """A node's vetoes, once its score is known; problems met are kept, not raised."""
    for op, run in env.program.veto_runners[id(node)]:
        try:
            run(env, leaf)
        except (EvalRulesError, numbers.TooLarge) as error:
            problems.extend(env.failure(error, op.span).diagnostics)


def _result(node: IndicatorPlan, weight: Exact, score: Exact,
            children: tuple[IndicatorResult, ...] = (), **extra: Any) -> IndicatorResult:
    return IndicatorResult(node.name, node.level, node.path, weight, score, children,
                           node.fields, bonus=node.bonus, **extra)


def _parent(env: Env, node: IndicatorPlan, problems: list[Diagnostic]) -> IndicatorResult:
    combine = node.ops[0]
    assert isinstance(combine, Combine)
    leaf = LeafState(env.trace)
    effective: Exact = node.weight
    if combine.kind == "choice":
        children, picked = _choose(env, node, combine, leaf, problems)
        chosen = next((child for child in children if child.name == picked), None)
        if chosen is not None:  # it may itself be left out as not applicable
            leaf.score = chosen.score
            effective = chosen.weight if chosen.applies else numbers.ZERO
    else:
        children = _shared_out(env, tuple(_indicator(env, c, problems) for c in node.children))
        if combine.kind == "weighted":
            effective = _weighted(env, node, children, leaf)
        else:
            # Points left out as not applicable, here or further down, leave this one's weight
            # too; points shared out stay, with the siblings that took them.
            effective = Decimal(0)
            for child in children:
                leaf.score = numbers.add(leaf.score, child.score)
                if child.applies:
                    effective = numbers.add(effective, child.weight)
    env.indicator = env.program.where[id(node)]
    for op in node.ops:
        if isinstance(op, Round):
            leaf.score = _rounded(leaf.trace, leaf.score, op.policy, leaf.steps)
            effective = numbers.round_to(effective, op.policy)
    _run_vetoes(env, node, leaf, problems)
    return _result(node, effective, leaf.score, children, steps=tuple(leaf.steps),
                   vetoes=tuple(leaf.vetoes), combination=combine.kind)


def _choose(env: Env, node: IndicatorPlan, combine: Combine, leaf: LeafState,
            problems: list[Diagnostic]) -> tuple[tuple[IndicatorResult, ...], str | None]:
    """择一考核: score only the alternative the facts name; the others are listed, not scored."""
    options = tuple(child.name for child in node.children)
    fact = combine.choice_fact
    assert fact is not None
    try:
        chosen = env.fact(fact, ValueType.TEXT, combine.choice_span)
    except EvalRulesError as error:
        problems.extend(error.diagnostics)
        chosen = None
    if chosen is not None and chosen not in options:
        problems.append(Diagnostic(
            "E0306", f"「{fact}」为「{brief(chosen)}」，不是可选的考核项（{'、'.join(options)}）之一",
            combine.choice_span, (), env.indicator, fact))
    if chosen is not None and leaf.trace:
        leaf.steps.append(leaf.trace.choice(fact, chosen, options))
    return tuple(
        _indicator(env, child, problems) if child.name == chosen else
        _result(child, child.weight, numbers.ZERO, applies=False)
        for child in node.children), chosen


def _weighted(env: Env, node: IndicatorPlan, children: tuple[IndicatorResult, ...],
              leaf: LeafState) -> Exact:
    """Σ share × (score / weight) of the children, times this indicator's weight; and the
    weight that applies, Σ share × (weight that applies / weight) of them, times it likewise.
    Both are rounded as the ruleset declares (a Round operation after the combine), so that a
    full score never exceeds the weight (2/3 of 10 points: 6.67 of 6.67, not of 6.666…)."""
    rate: Exact = numbers.ZERO
    applies: Exact = numbers.ZERO
    terms = []
    for child_node, child in zip(node.children, children, strict=True):
        assert child_node.share is not None
        if numbers.is_zero(child_node.weight):
            continue
        rate = numbers.add(rate, numbers.mul(child_node.share,
                                             numbers.div(child.score, child_node.weight)))
        applying = child.weight if child.applies else numbers.ZERO
        applies = numbers.add(applies, numbers.mul(child_node.share,
                                                   numbers.div(applying, child_node.weight)))
        terms.append((child.name, child_node.share, child.score, child_node.weight))
    leaf.score = numbers.mul(rate, node.weight)
    if leaf.trace:
        leaf.steps.append(leaf.trace.weighted(terms, node.weight, leaf.score))
    return numbers.mul(applies, node.weight)


def split_weight(weight: Exact, count: int, policy: RoundingPolicy | None) -> list[Exact]:
    """``weight`` in ``count`` equal shares; at the declared precision where it has one, the
    first ones a unit larger where it does not divide (2分 in three: 0.67, 0.67, 0.66), so that
    every share can be scored in full and they still add up to the weight."""
    if policy is not None and isinstance(weight, Decimal):
        units = numbers.shift(weight, policy.places)
        if units == units.to_integral_value():
            whole, left = divmod(int(units), count)
            return [numbers.shift(Decimal(whole + (index < left)), -policy.places)
                    for index in range(count)]
    return [numbers.div(weight, Decimal(count))] * count


def _shared_out(env: Env, children: tuple[IndicatorResult, ...]) -> tuple[IndicatorResult, ...]:
    """不适用…分值均摊到 甲、乙: each named sibling's weight grows by its share, and its score with
    it in proportion (rounded as the ruleset declares)."""
    policy = env.program.plan.rounding
    extra: dict[str, list[tuple[str, Exact]]] = {}
    for child in children:
        if child.shared_to:
            shares = split_weight(child.weight, len(child.shared_to), policy)
            for target, share in zip(child.shared_to, shares, strict=True):
                extra.setdefault(target, []).append((child.name, share))
    if not extra:
        return children
    result = []
    for child in children:
        gains = extra.get(child.name)
        if gains and not child.applies:
            raise EvaluationError([Diagnostic(
                "E0306", f"「{'、'.join(n for n, _ in gains)}」不适用，分值均摊到「{child.name}」，"
                "但它本身也不适用", None, ("检查不适用的条件，或改为“不计入总分”。",),
                "/".join(child.path))])
        if not gains:
            result.append(child)
            continue
        weight: Exact = child.weight
        for _, share in gains:
            weight = numbers.add(weight, share)
        scaled = numbers.div(numbers.mul(child.score, weight), child.weight)
        steps: list[Step] = [ShareStep(tuple(name for name, _ in gains), child.weight,
                                       weight, child.score, scaled)]
        if policy is not None:
            scaled = _rounded(env.trace, scaled, policy, steps)
        result.append(attrs.evolve(child, weight=weight, score=scaled,
                                   steps=child.steps + tuple(steps) if env.trace else (),
                                   combination="scaled" if child.children else child.combination))
    return tuple(result)

