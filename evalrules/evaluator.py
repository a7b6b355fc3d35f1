"""Plan + facts -> result with trace. Prints nothing.

``Program`` turns a plan's expressions into closures once; evaluating a fact set then runs the
closures, reads facts as the types the compiler inferred, and records each leaf's trace.
Problems met on the way (a missing fact, a zero divisor) are collected over all leaves and
raised together.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from . import ast, numbers
from .compiler import counted
from .errors import Diagnostic, EvalRulesError, EvaluationError, FactError
from .facts import Award, Fact, Facts, Judged, Occurrences, brief, is_percent_text, read
from .functions import BY_NAME
from .numbers import Exact, RoundingPolicy
from .plan import (
    WEIGHT_NAMES,
    BandTable,
    DeviationRule,
    IndicatorPlan,
    Interval,
    LeafRule,
    MetricSpec,
    Plan,
    ValueType,
)
from .result import IndicatorResult, Rescale, Result
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
    ShareStep,
    Shown,
    Step,
    StepDeductionStep,
    ValueRead,
    VetoStep,
    reductions,
    substitute,
)

Closure = Callable[["Env"], Any]


class Env:
    """The state of one evaluation: the facts, metric values, and the current leaf's reads."""

    def __init__(self, program: Program, facts: Facts) -> None:
        self.program = program
        self.facts = facts
        self.values: dict[str, Any] = {}
        # A metric that could not be computed, with its error: raised again wherever it is read.
        self.failed: dict[str, EvalRulesError] = {}
        # What each metric computed so far read, in the order read: only the branch taken.
        self.metric_reads: dict[str, tuple[str, ...]] = {}
        self.computing = False  # within a metric: its reads are noted as they are, unexpanded
        self.shown: dict[str, ValueRead] = {}
        self.shown_values: dict[str, Shown] = {}  # the same, as the trace's working reads it
        self.indicator: str | None = None
        self.leaf_weight = Decimal(0)
        self.leaf_reads: dict[str, ValueRead] = {}
        # The value each compound expression had, by node id, for the trace's working.
        self.recorded: dict[int, object] = {}

    def fact(self, name: str, kind: ValueType, span: Any) -> Any:
        if name in self.values:
            self._note(name)
            return self.values[name]
        fact = self.facts.get(name)
        if fact is None:
            close = self.facts.close_names(name)
            hints = [f"事实文件中有相近的名称：{'、'.join(brief(c) for c in close)}"] if close else []
            hints.append(f"在事实文件 {self.facts.origin} 中加上「{brief(name)}」（{kind.value}）。")
            raise FactError([Diagnostic("E0301", f"缺少事实「{brief(name)}」", span, tuple(hints),
                                        self.indicator, name)])
        value = self._read(fact, kind, span)
        self.values[name] = value
        self._show(ValueRead(name, "fact", Shown(value, show_fact(value, fact.raw)),
                             evidence=fact.evidence))
        self._note(name)
        return value

    def weight(self, name: str) -> Decimal:
        """分值: the weight of the leaf being scored."""
        weight = self.leaf_weight
        self._show(ValueRead(name, "weight", Shown(weight, numbers.plain(weight) + "分")))
        self.leaf_reads[name] = self.shown[name]
        return weight

    def judgement(self, name: str, kind: ValueType, span: Any) -> Any:
        """A fact that a step shows itself (a checklist judgement, occurrences): not a read."""
        value = self.fact(name, kind, span)
        self.leaf_reads.pop(name, None)
        return value

    def metric(self, spec: MetricSpec) -> Any:
        name = spec.name
        if name not in self.values and name not in self.failed:
            self._prepare(spec)
            self._compute(spec)
        if name in self.failed:
            raise self.failed[name]
        self._note(name)
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
            elif name in metrics and name not in self.values and name not in self.failed:
                path.append(name)  # no cycles: the compiler refused them
                pending.append(iter(metrics[name].reads))

    def _compute(self, spec: MetricSpec) -> None:
        """Compute a metric, or keep its error; what it reads is kept as its own reads, to be
        counted as the leaf's when the leaf reads the metric."""
        name = spec.name
        outer, self.leaf_reads = self.leaf_reads, {}
        was, self.computing = self.computing, True
        try:
            reported = self.facts.get(name)
            if reported is not None:
                value = self._read(reported, spec.type, spec.span)
                shown = Shown(value, show_fact(value, reported.raw))
                self._show(ValueRead(name, "reported", shown, spec.span.text,
                                     evidence=reported.evidence))
            else:
                value = self.program.metrics[name](self)
                text = show_metric(value, spec.percent)
                self._show(ValueRead(name, "metric", Shown(value, text), spec.span.text,
                                     self.working(spec.expr)))
        except (EvalRulesError, numbers.TooLarge) as error:
            self.failed[name] = self.failure(error, spec.span)
        else:
            self.values[name] = value
        finally:
            self.metric_reads[name] = tuple(self.leaf_reads)
            self.leaf_reads, self.computing = outer, was

    def failure(self, error: EvalRulesError | numbers.TooLarge, span: Any) -> EvalRulesError:
        """What went wrong in computing something at ``span``, as an error to tell."""
        if isinstance(error, EvalRulesError):
            return error
        return self.problem(
            "E0402", f"计算结果超出可精确计算的范围：大于 10^{numbers.MAX_EXPONENT}，或精确值的"
            f"分子、分母超过约 {numbers.MAX_EXPONENT} 位（小数位数过多）", span,
            "检查公式是否把一个数反复相乘（如逐级平方），或事实数据的单位是否有误。")

    def _show(self, read_: ValueRead) -> None:
        self.shown[read_.name] = read_
        self.shown_values[read_.name] = read_.shown

    def _read(self, fact: Fact, kind: ValueType, span: Any) -> Any:
        try:
            return read(fact, kind, self.indicator)
        except FactError as error:
            raise FactError([attrs.evolve(d, span=span) for d in error.diagnostics]) from None

    def _note(self, name: str) -> None:
        """Count ``name`` as read by the leaf, after what it was computed from (in the order
        read), walking the metrics with a stack of its own."""
        if self.computing:
            self.leaf_reads.setdefault(name, self.shown[name])
            return
        pending = [(name, False)]
        while pending:
            current, expanded = pending.pop()
            if current in self.leaf_reads or current not in self.shown:
                continue
            read_ = self.shown[current]
            if expanded or read_.kind != "metric":
                self.leaf_reads[current] = read_
                continue
            pending.append((current, True))
            pending.extend((inner, False) for inner in reversed(self.metric_reads[current]))

    def values_shown(self) -> Mapping[str, Shown]:
        """Every name read so far, with the text its value is shown as."""
        return self.shown_values

    def working(self, expr: ast.Expr) -> tuple[str, ...]:
        return reductions(expr, self.shown_values, self.recorded)

    def problem(self, code: str, message: str, span: Any, *hints: str) -> EvaluationError:
        return EvaluationError([Diagnostic(code, message, span, hints, self.indicator)])


def show_fact(value: object, raw: object) -> str:
    if isinstance(value, (Decimal,)) and is_percent_text(raw):
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


# ---- compiling expressions to closures ----------------------------------------------------

_ARITHMETIC = {"+": numbers.add, "-": numbers.sub, "×": numbers.mul}
_COMPARISONS: dict[str, Callable[[int], bool]] = {
    ">": lambda c: c > 0, ">=": lambda c: c >= 0, "<": lambda c: c < 0,
    "<=": lambda c: c <= 0, "==": lambda c: c == 0, "!=": lambda c: c != 0,
}


def _all_vetoes(plan: Plan) -> list[ast.Veto]:
    found = list(plan.vetoes)
    stack = list(plan.indicators)
    while stack:
        node = stack.pop()
        found.extend(node.vetoes)
        stack.extend(node.children)
    return found


class Program:
    """A plan's expressions as closures, built once per ruleset."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.fact_types = {name: spec.type for name, spec in plan.facts.items()}
        self.metrics: dict[str, Closure] = {
            name: self.expr(spec.expr) for name, spec in plan.metrics.items()}
        self.formulas: dict[int, Closure] = {}
        for veto in _all_vetoes(plan):
            self.formulas[id(veto)] = self.expr(veto.condition)
        for leaf in plan.leaves():
            for exemption in leaf.exemptions:
                self.formulas[id(exemption)] = self.expr(exemption.condition)
        for leaf in plan.leaves():
            assert leaf.rule is not None
            if leaf.rule.formula is not None:
                self.formulas[id(leaf.rule.formula)] = self.expr(leaf.rule.formula.expr)
            if leaf.rule.bands is not None:
                self.formulas[id(leaf.rule.bands)] = self.expr(leaf.rule.bands.subject)
            if leaf.rule.deviation is not None:
                deviation = leaf.rule.deviation
                self.formulas[id(deviation.actual)] = self.expr(deviation.actual)
                self.formulas[id(deviation.planned)] = self.expr(deviation.planned)
            if leaf.rule.checklist is not None:
                for item in leaf.rule.checklist.items:
                    if item.condition is not None:
                        self.formulas[id(item)] = self.expr(item.condition)

    def expr(self, node: ast.Expr) -> Closure:
        if isinstance(node, ast.Group):
            return self.expr(node.inner)
        closure = self._expr(node)
        if isinstance(node, (ast.Literal, ast.Reference)):
            return closure
        key = id(node)

        def recorded(env: Env) -> Any:
            value = env.recorded[key] = closure(env)
            return value

        return recorded

    def _expr(self, node: ast.Expr) -> Closure:
        match node:
            case ast.Literal(value=value):
                return lambda env: value
            case ast.Reference(name=name) if name in WEIGHT_NAMES:
                return lambda env: env.weight(name)
            case ast.Reference(name=name, span=span):
                spec = self.plan.metrics.get(name)
                if spec is not None:
                    return lambda env: env.metric(spec)
                kind = self.fact_types[name]
                return lambda env: env.fact(name, kind, span)
            case ast.Binary(op="/"):
                return self._divide(node)
            case ast.Binary(op=op, left=left, right=right):
                operate, lhs, rhs = _ARITHMETIC[op], self.expr(left), self.expr(right)
                return lambda env: operate(lhs(env), rhs(env))
            case ast.Negate(operand=operand):
                inner = self.expr(operand)
                return lambda env: numbers.neg(inner(env))
            case ast.Compare(op=op, left=left, right=right):
                return self._compare(op, self.expr(left), self.expr(right))
            case ast.Logical(op="且", left=left, right=right):
                lhs, rhs = self.expr(left), self.expr(right)
                return lambda env: lhs(env) and rhs(env)
            case ast.Logical(left=left, right=right):
                lhs, rhs = self.expr(left), self.expr(right)
                return lambda env: lhs(env) or rhs(env)
            case ast.Not(operand=operand):
                inner = self.expr(operand)
                return lambda env: not inner(env)
            case ast.Conditional(condition=condition, then=then, otherwise=otherwise):
                test, yes, no = self.expr(condition), self.expr(then), self.expr(otherwise)
                return lambda env: yes(env) if test(env) else no(env)
            case ast.Call():
                return self._call(node)
        raise AssertionError(node)

    def _divide(self, node: ast.Binary) -> Closure:
        lhs, rhs = self.expr(node.left), self.expr(node.right)

        def divide(env: Env) -> Exact:
            dividend, divisor = lhs(env), rhs(env)
            if numbers.is_zero(divisor):
                raise env.problem(
                    "E0401", f"除数为零：「{node.span.text}」中的除数「{node.right.span.text}」"
                    "等于 0", node.span,
                    f"代入数值后为：{substitute(node, env.values_shown())}",
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

    def _call(self, node: ast.Call) -> Closure:
        function = BY_NAME[node.function]
        args = [self.expr(arg) for arg in node.args]

        def call(env: Env) -> Exact:
            values = args[0](env) if function.takes_list else [arg(env) for arg in args]
            if function.takes_list and not values:
                raise env.problem("E0401", f"「{node.span.text}」的列表为空，无法计算"
                                  f"{function.description}", node.span)
            return function.implementation(values)

        return call


# ---- scoring --------------------------------------------------------------------------------


def evaluate(program: Program, facts: Facts) -> Result:
    plan = program.plan
    env = Env(program, facts)
    problems = _validate(env)
    indicators = _shared_out(program, tuple(_indicator(program, env, i, problems)
                                            for i in plan.indicators))
    env.indicator = None
    vetoes = _vetoes(program, env, plan.vetoes, problems)
    if problems:
        # A fact read wrongly is told once, with the place and indicator of its first use.
        unique = list({(p.code, p.fact or p.message, p.indicator if p.fact is None else None): p
                       for p in problems}.values())
        if all(p.code.startswith("E03") for p in unique):
            raise FactError(unique)
        raise EvaluationError(unique)
    base: Exact = Decimal(0)
    bonus: Exact = Decimal(0)
    for indicator, node in zip(indicators, plan.indicators, strict=True):
        if node.bonus:
            bonus = numbers.add(bonus, indicator.score)
        else:
            base = numbers.add(base, indicator.score)
    if any(veto.held and not veto.best for veto in vetoes):
        base = bonus = Decimal(0)
    rescale = _rescale(program, indicators, base)
    if rescale is not None:
        base = rescale.total
    total = numbers.add(base, bonus)
    # Bonus points can take the total past the full score; the grade is read at most there,
    # on the total rounded as 定级舍入 says.
    graded = numbers.minimum(total, plan.full_score)
    if plan.grade_rounding is not None:
        graded = numbers.round_to(graded, plan.grade_rounding)
    grade = _grade(plan, graded, any(veto.held and veto.best for veto in vetoes))
    return Result(plan.title, plan.full_score, total, grade,
                  plan.rounding.label if plan.rounding else None, indicators, vetoes, bonus,
                  graded if numbers.compare(graded, total) else None, rescale)


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
    return [Diagnostic("E0308", f"事实「{name}」为 {env.shown[name].shown.text}，超出声明的取值范围 "
                       f"{allowed.label}", span, (f"见 {env.facts[name].origin}",), env.indicator,
                       name)]


def _rescale(program: Program, indicators: tuple[IndicatorResult, ...],
             base: Exact) -> Rescale | None:
    """不适用…不计入总分: the applicable indicators' total, brought to the full score.

    What applies is what the top-level indicators' weights have become: each parent's weight
    has lost the points left out beneath it."""
    full = program.plan.full_score
    applicable: Exact = Decimal(0)
    for indicator, node in zip(indicators, program.plan.indicators, strict=True):
        if not node.bonus and indicator.applies:
            applicable = numbers.add(applicable, indicator.weight)
    if not numbers.compare(applicable, full):
        return None
    if not numbers.compare(applicable, numbers.ZERO) > 0:
        raise EvaluationError([Diagnostic(
            "E0401", "所有指标都不适用，无法按百分制折算", None,
            ("至少要有一个适用的指标。",))])
    exact = numbers.div(numbers.mul(base, full), applicable)
    policy = program.plan.rounding
    total = numbers.round_to(exact, policy) if policy is not None else exact
    return Rescale(base, applicable, exact, total)


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


def _vetoes(program: Program, env: Env, vetoes: tuple[ast.Veto, ...],
            problems: list[Diagnostic]) -> tuple[VetoStep, ...]:
    """Each veto with whether it held; problems met on the way are kept, not raised."""
    steps = []
    for veto in vetoes:
        try:
            held = bool(program.formulas[id(veto)](env))
        except (EvalRulesError, numbers.TooLarge) as error:
            problems.extend(env.failure(error, veto.span).diagnostics)
            continue
        condition = substitute(veto.condition, env.values_shown())
        steps.append(VetoStep(veto.span.text, condition, held, veto.best))
    return tuple(steps)


def _indicator(program: Program, env: Env, plan: IndicatorPlan,
               problems: list[Diagnostic]) -> IndicatorResult:
    fields = tuple((f.label, f.text) for f in plan.fields)
    if plan.children:
        steps: list[Step] = []
        score: Exact = Decimal(0)
        effective: Exact = plan.weight
        if plan.choice is not None:
            env.indicator = "/".join(plan.path)
            children = _choose(program, env, plan, plan.choice, steps, problems)
            picked = next((step.chosen for step in steps if isinstance(step, ChoiceStep)), None)
            chosen = next((child for child in children if child.name == picked), None)
            if chosen is not None:  # it may itself be left out as not applicable
                score = chosen.score
                effective = chosen.weight if chosen.applies else numbers.ZERO
            combination = "choice"
        else:
            children = _shared_out(program, tuple(_indicator(program, env, c, problems)
                                                  for c in plan.children))
            combination = "weighted" if plan.weighted else "sum"
        if plan.weighted and plan.choice is None:
            score, effective = _weighted(program, plan, children, steps)
        elif plan.choice is None:
            # Points left out as not applicable, here or further down, leave this one's weight
            # too; points shared out stay, with the siblings that took them.
            effective = Decimal(0)
            for child in children:
                score = numbers.add(score, child.score)
                if child.applies:
                    effective = numbers.add(effective, child.weight)
        env.indicator = "/".join(plan.path)
        held = _vetoes(program, env, plan.vetoes, problems)
        if any(veto.held for veto in held):
            score = Decimal(0)
        return IndicatorResult(plan.name, plan.level, plan.path, effective, score, children,
                               fields, steps=tuple(steps), vetoes=held, combination=combination)
    env.indicator = "/".join(plan.path)
    env.leaf_weight = plan.weight
    env.leaf_reads = {}
    try:
        assert plan.rule is not None
        exempt = _exemption(program, env, plan)
        if exempt is not None and exempt.mode != "full":
            # Left out (rescaled) or shared out: the parent or the total takes care of it.
            return IndicatorResult(plan.name, plan.level, plan.path, plan.weight, Decimal(0), (),
                                   fields, steps=(exempt,), applies=False)
        if exempt is not None:
            score, steps = plan.weight, [exempt]
        else:
            score, steps = _leaf(program, env, plan, plan.rule)
    except (EvalRulesError, numbers.TooLarge) as error:
        problems.extend(env.failure(error, plan.span).diagnostics)
        return IndicatorResult(plan.name, plan.level, plan.path, plan.weight, Decimal(0), (),
                               fields)
    vetoes = _vetoes(program, env, plan.vetoes, problems)
    if any(veto.held for veto in vetoes):
        score = Decimal(0)
    return IndicatorResult(plan.name, plan.level, plan.path, plan.weight, score, (), fields,
                           tuple(env.leaf_reads.values()), tuple(steps), vetoes)


def _rounded(program: Program, score: Exact, steps: list[Step]) -> Exact:
    """The score rounded as the ruleset declares, the rounding recorded when it changed it."""
    policy = program.plan.rounding
    if policy is None:
        return score
    rounded = numbers.round_to(score, policy)
    if rounded != score:
        steps.append(RoundStep(policy.label, score, rounded))
    return rounded


def _split(weight: Exact, count: int, policy: RoundingPolicy | None) -> list[Exact]:
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


def _shared_out(program: Program,
                children: tuple[IndicatorResult, ...]) -> tuple[IndicatorResult, ...]:
    """不适用…分值均摊到 甲、乙: each named sibling's weight grows by its share, and its score with
    it in proportion (rounded as the ruleset declares)."""
    extra: dict[str, list[tuple[str, Exact]]] = {}
    for child in children:
        for step in child.steps if not child.applies else ():
            if isinstance(step, ExemptionStep) and step.mode == "share":
                shares = _split(child.weight, len(step.to), program.plan.rounding)
                for target, share in zip(step.to, shares, strict=True):
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
        scaled = _rounded(program, scaled, steps)
        result.append(attrs.evolve(child, weight=weight, score=scaled,
                                   steps=child.steps + tuple(steps),
                                   combination="scaled" if child.children else child.combination))
    return tuple(result)


def _choose(program: Program, env: Env, plan: IndicatorPlan, choice: ast.Choice,
            steps: list[Step], problems: list[Diagnostic]) -> tuple[IndicatorResult, ...]:
    """择一考核: score only the alternative the facts name; the others are listed, not scored."""
    options = tuple(child.name for child in plan.children)
    try:
        chosen = env.fact(choice.fact, ValueType.TEXT, choice.fact_span)
    except EvalRulesError as error:
        problems.extend(error.diagnostics)
        chosen = None
    if chosen is not None and chosen not in options:
        problems.append(Diagnostic(
            "E0306", f"「{choice.fact}」为「{brief(chosen)}」，不是可选的考核项（{'、'.join(options)}）之一",
            choice.fact_span, (), env.indicator, choice.fact))
    if chosen is not None:
        steps.append(ChoiceStep(choice.fact, chosen, options))
    return tuple(
        _indicator(program, env, child, problems) if child.name == chosen else
        IndicatorResult(child.name, child.level, child.path, child.weight, Decimal(0), (),
                        applies=False)
        for child in plan.children)


def _weighted(program: Program, plan: IndicatorPlan, children: tuple[IndicatorResult, ...],
              steps: list[Step]) -> tuple[Exact, Exact]:
    """Σ share × (score / weight) of the children, times this indicator's weight; and the
    weight that applies, Σ share × (weight that applies / weight) of them, times it likewise."""
    rate: Exact = numbers.ZERO
    applies: Exact = numbers.ZERO
    terms = []
    for node, child in zip(plan.children, children, strict=True):
        assert node.share is not None
        if numbers.is_zero(node.weight):
            continue
        rate = numbers.add(rate, numbers.mul(node.share, numbers.div(child.score, node.weight)))
        applying = child.weight if child.applies else numbers.ZERO
        applies = numbers.add(applies, numbers.mul(node.share,
                                                   numbers.div(applying, node.weight)))
        terms.append(f"{numbers.show_percent(node.share)}×{numbers.show(child.score)}/"
                     f"{numbers.plain(node.weight)}")
    score = numbers.mul(rate, plan.weight)
    working = (f"({' + '.join(terms)})×{numbers.plain(plan.weight)}分",)
    steps.append(FormulaStep("得分", "Σ 权重×(下级得分/下级分值)×分值", working, score))
    score = _rounded(program, score, steps)
    # The weight that applies is rounded as the score is, so that a full score never exceeds it
    # (2/3 of 10 points: 6.67 of 6.67, not 6.67 of 6.666…).
    weight = numbers.mul(applies, plan.weight)
    policy = program.plan.rounding
    return score, numbers.round_to(weight, policy) if policy is not None else weight


def _exemption(program: Program, env: Env, plan: IndicatorPlan) -> ExemptionStep | None:
    """The first 不扣分 / 不适用 whose condition holds: the leaf then scores its full weight."""
    for exemption in plan.exemptions:
        if program.formulas[id(exemption)](env):
            condition = substitute(exemption.condition, env.values_shown())
            return ExemptionStep(exemption.span.text, condition, exemption.not_applicable,
                                 plan.weight, exemption.mode, exemption.to)
    return None


def _leaf(program: Program, env: Env, plan: IndicatorPlan,
          rule: LeafRule) -> tuple[Exact, list[Step]]:
    steps: list[Step] = []
    score: Exact
    if rule.formula is not None:
        score = program.formulas[id(rule.formula)](env)
        steps.append(FormulaStep("得分", rule.formula.expr.span.text,
                                 env.working(rule.formula.expr), score))
    elif rule.bands is not None:
        score = _band(program, env, rule.bands, steps)
    elif rule.deviation is not None:
        steps.append(BaseStep(plan.weight))
        deviation = _deviation(program, env, rule.deviation)
        steps.append(deviation)
        score = numbers.sub(plan.weight, deviation.deduction)
        if rule.deviation.rule.until_zero and numbers.compare(score, numbers.ZERO) < 0:
            steps.append(LimitStep("floor", "扣完为止", score, numbers.ZERO, True))
            score = numbers.ZERO
    elif rule.judgement is not None:
        judged = _judgement(env, rule.judgement, plan.weight)
        steps.append(judged)
        score = judged.points
    elif rule.discretion is not None:
        chosen = _discretion(env, rule.discretion)
        if chosen.deduct:
            steps.append(BaseStep(plan.weight))
        steps.append(chosen)
        score = numbers.sub(plan.weight, chosen.amount) if chosen.deduct else chosen.amount
    elif rule.checklist is not None:
        score = Decimal(0)
        for item in rule.checklist.items:
            check = _check_item(program, env, item)
            steps.append(check)
            score = numbers.add(score, check.earned)
    elif all(deduction.add for deduction in rule.deductions):
        score = numbers.ZERO  # points are only added: start from nothing
        steps.append(BaseStep(numbers.ZERO, "零分，逐项加分"))
    else:
        score = plan.weight
        steps.append(BaseStep(plan.weight))
    for deduction in rule.deductions:
        room = numbers.sub(plan.weight, score) if deduction.add else score
        step = _deduction(env, deduction, room, counted(deduction, plan.name))
        steps.append(step)
        amount: Exact = step.total
        if deduction.most is not None and numbers.compare(amount, deduction.most) > 0:
            verb = "加" if deduction.add else "扣"
            steps.append(LimitStep("cap", f"{verb}分不超过{numbers.plain(deduction.most)}分",
                                   amount, deduction.most, True))
            amount = deduction.most
        score = numbers.add(score, amount) if deduction.add else numbers.sub(score, amount)
        if deduction.until_zero and numbers.compare(score, numbers.ZERO) < 0:
            steps.append(LimitStep("floor", "扣完为止", score, numbers.ZERO, True))
            score = numbers.ZERO
    if rule.formula is not None:
        for limit in rule.formula.limits:
            score = _limit(limit, score, steps, plan.weight)
    score = _bounds(plan, score, steps)
    score = _rounded(program, score, steps)
    return score, steps


def _band(program: Program, env: Env, table: BandTable, steps: list[Step]) -> Exact:
    value = program.formulas[id(table)](env)
    shown = env.shown[table.subject.name].shown.text
    beyond = table.beyond
    if beyond is not None and beyond.region.contains(value):
        excess = numbers.sub(value, beyond.anchor) if beyond.rule.direction == "over" else \
            numbers.sub(beyond.anchor, value)
        mark = beyond.region.end_text(beyond.anchor)
        word = "超过" if beyond.rule.direction == "over" else "低于"
        excess_text = f"{word} {mark} 达 {_as(excess, beyond.region.percent)}"
        step = _steps(beyond.rule, f"{table.subject.name} = {shown}", excess_text, excess,
                      beyond.region.percent)
        steps.append(BaseStep(beyond.points, f"{word}{mark}时，从{mark}一档的"))
        steps.append(step)
        score = numbers.sub(beyond.points, step.deduction)
        if beyond.rule.until_zero and numbers.compare(score, numbers.ZERO) < 0:
            steps.append(LimitStep("floor", "扣完为止", score, numbers.ZERO, True))
            score = numbers.ZERO
        return score
    band = next(b for b in table.bands if b.interval.contains(value))  # the compiler made sure
    steps.append(BandStep(table.span.text, table.subject.name, shown, band.interval.label,
                          band.points, band.share))
    return band.points


def _as(value: Exact, percent: bool) -> str:
    return numbers.show_percent(value) if percent else numbers.show(value)


def _steps(rule: ast.StepRule, measured: str, excess_text: str, excess: Exact,
           percent: bool) -> StepDeductionStep:
    """Steps of ``rule.amount`` in ``excess``, whole or in proportion, and the points they cost."""
    count = numbers.div(numbers.maximum(excess, numbers.ZERO), rule.amount)
    if rule.whole:
        count = Decimal(math.floor(numbers.to_fraction(count)))
    deduction = numbers.mul(count, rule.points)
    most = None
    if rule.most is not None and numbers.compare(deduction, rule.most) > 0:
        deduction, most = rule.most, rule.most
    return StepDeductionStep(rule.span.text, measured, excess_text, _as(rule.amount, percent),
                             count, rule.whole, rule.points, deduction, most)


def _deviation(program: Program, env: Env, rule: DeviationRule) -> StepDeductionStep:
    actual = program.formulas[id(rule.actual)](env)
    planned = program.formulas[id(rule.planned)](env)
    if numbers.is_zero(planned):
        raise env.problem("E0401", f"除数为零：计算「{rule.actual.name}」与「{rule.planned.name}」"
                          f"的相差幅度时，「{rule.planned.name}」等于 0", rule.planned.span,
                          "计划值为 0 时无法计算相差的百分比；请用得分公式写明此时如何计分。")
    difference = numbers.sub(actual, planned)
    relative = numbers.div(numbers.maximum(difference, numbers.neg(difference)), planned)
    a = env.shown[rule.actual.name].shown.text
    p = env.shown[rule.planned.name].shown.text
    measured = (f"相差幅度 = |{rule.actual.name}-{rule.planned.name}|/{rule.planned.name} = "
                f"|{a}-{p}|/{p} = {numbers.show_percent(relative)}")
    return _steps(rule.rule, measured, f"相差 {numbers.show_percent(relative)}", relative, True)


def _judgement(env: Env, rule: ast.Judgement, weight: Decimal) -> JudgementStep:
    judged = env.judgement(rule.fact, ValueType.LEVEL, rule.fact_span)
    assert isinstance(judged, Judged)
    levels = tuple((level.name, weight if level.points is None else level.points)
                   for level in rule.levels)
    points = dict(levels).get(judged.level)
    names = "、".join(name for name, _ in levels)
    if points is None:
        raise FactError([Diagnostic(
            "E0306", f"「{rule.fact}」评定为「{brief(judged.level)}」，不是可选的等级（{names}）之一",
            rule.fact_span, (), env.indicator, rule.fact)])
    if judged.reason is None and points < max(p for _, p in levels):
        raise FactError([Diagnostic(
            "E0306", f"「{rule.fact}」评定为「{judged.level}」（未得最高分），须写明依据",
            rule.fact_span, (f"写作 {{等级: {judged.level}, 依据: …}}。",), env.indicator,
            rule.fact)])
    return JudgementStep(rule.fact, judged.level, points, levels, judged.reason)


def _discretion(env: Env, rule: ast.Discretion) -> DiscretionStep:
    award = env.judgement(rule.fact, ValueType.DISCRETION, rule.fact_span)
    assert isinstance(award, Award)
    amount = award.score if award.score is not None else numbers.ZERO
    if award.deducted is not None and award.deducted != rule.deduct:
        written, meant = ("扣分", "得分") if award.deducted else ("得分", "扣分")
        kind = "酌情扣分" if rule.deduct else "酌情给分"
        raise FactError([Diagnostic(
            "E0303", f"「{rule.fact}」是{kind}，事实中写的却是“{written}”", rule.fact_span,
            (f"写作 {{{meant}: …, 依据: …}}。",), env.indicator, rule.fact)])
    allowed = rule.low <= amount <= rule.high or (rule.deduct and amount == 0)
    if not allowed:
        verb = "扣" if rule.deduct else "给"
        raise FactError([Diagnostic(
            "E0303", f"「{rule.fact}」酌情{verb} {numbers.plain(amount)} 分，超出规则允许的 "
            f"{numbers.plain(rule.low)}-{numbers.plain(rule.high)} 分", rule.fact_span, (),
            env.indicator, rule.fact)])
    return DiscretionStep(rule.fact, rule.deduct, rule.low, rule.high, amount, award.reason)


def _check_item(program: Program, env: Env, item: ast.CheckItem) -> CheckStep:
    if item.condition is not None:
        passed = program.formulas[id(item)](env)
        shown = env.values_shown()
        return CheckStep(item.name, item.description, item.points,
                         item.points if passed else numbers.ZERO, "condition",
                         condition=substitute(item.condition, shown))
    award = env.judgement(item.name, ValueType.CHECK, item.span)
    assert isinstance(award, Award)
    if award.score is None:
        return CheckStep(item.name, item.description, item.points,
                         item.points if award.passed else numbers.ZERO, "judged")
    if not numbers.ZERO <= award.score <= item.points:
        raise FactError([Diagnostic(
            "E0303", f"评价要点「{item.name}」的评价人给分 {numbers.plain(award.score)} 分超出范围"
            f"（0 至 {numbers.plain(item.points)} 分）", item.span, (), env.indicator, item.name)])
    return CheckStep(item.name, item.description, item.points, award.score, "awarded",
                     award.reason)


def _deduction(env: Env, deduction: ast.Deduction, room: Exact, fact: str) -> DeductionStep:
    """One entry per N occurrences; ``room`` is how much can still be taken (or added)."""
    occurrences = env.judgement(fact, ValueType.OCCURRENCES,
                                deduction.fact_span or deduction.span)
    assert isinstance(occurrences, Occurrences)
    per = int(deduction.per)
    times = occurrences.count // per
    # Entries past the point where nothing is left to take are counted, not listed one by one.
    left = numbers.to_fraction(numbers.maximum(room, numbers.ZERO))
    useful = math.ceil(left / numbers.to_fraction(deduction.points))
    entries = []
    for index in range(min(times, useful)):
        group = occurrences.records[index * per:(index + 1) * per]
        first = index * per + 1
        label = f"第{first}次" if per == 1 else f"第{first}-{first + per - 1}次"
        entries.append(DeductionEntry(deduction.points, f"{fact}（{label}）",
                                      tuple(record.summary for record in group)))
    return DeductionStep(deduction.span.text, fact, occurrences.count, tuple(entries),
                         times - len(entries), deduction.add)


def _limit(limit: ast.Limit, score: Exact, steps: list[Step], weight: Decimal) -> Exact:
    """A declared cap or floor; one without a number (最高不超过分值) is the weight."""
    over = limit.kind == "over"
    threshold = weight if limit.threshold is None else limit.threshold
    value = weight if limit.value is None else limit.value
    beyond = numbers.compare(score, threshold)
    if (over and beyond > 0) or (not over and beyond < 0):
        steps.append(LimitStep("cap" if over else "floor", limit.span.text.strip("（）()，,"),
                               score, value, True))
        return value
    return score


def _bounds(plan: IndicatorPlan, score: Exact, steps: list[Step]) -> Exact:
    if numbers.compare(score, plan.weight) > 0:
        steps.append(LimitStep("cap", f"不超过指标分值{numbers.plain(plan.weight)}分", score,
                               plan.weight, False))
        return plan.weight
    if numbers.compare(score, numbers.ZERO) < 0:
        steps.append(LimitStep("floor", "不低于0分", score, numbers.ZERO, False))
        return numbers.ZERO
    return score


