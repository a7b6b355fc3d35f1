"""Syntax tree -> plan: resolve names, infer and check types, check weights, grades, rounding.

All problems of a ruleset are collected and raised together as one RuleCompileError.
"""

from __future__ import annotations

import datetime
import decimal
import difflib
import itertools
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TypeVar

import attrs

from . import ast, numbers, reading
from .display import brief
from .errors import Diagnostic, RuleCompileError
from .functions import BY_NAME
from .keywords import (
    BONUS_LEVELS,
    BOTH,
    CHECK_SPELLINGS,
    CRITERION_LABEL,
    LEVEL_DEPTH,
    RATIO_MET,
    RATIO_SHARE,
    TARGET_ACTUAL,
    TARGET_STATED,
    UP_MARKS,
    WEIGHT_NAMES,
)
from .numbers import (
    EXACT,
    EXACT_ROUNDING,
    ZERO,
    Exact,
    RoundingPolicy,
    decimal_total,
    plain,
    plain_percent,
    shift,
)
from .plan import (
    Arithmetic,
    Band,
    Bands,
    Beyond,
    Bound,
    Call,
    CheckItem,
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
    FactSpec,
    Floor,
    Formula,
    Grade,
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
    Operation,
    PerOccurrence,
    Plan,
    Read,
    Round,
    Start,
    StatedCheck,
    Steps,
    ValueType,
    Veto,
    WeightRead,
    affine,
    line_at,
)
from .source import Span

_T = TypeVar("_T")
_MAX_PLACES = 10


def fact_of(rule: ast.Deduction | ast.Judgement, indicator: str) -> str:
    """The fact a 每…扣/加 rule counts, or a judgement judges: the one it names, else the
    indicator itself."""
    return rule.fact if rule.fact is not None else indicator


def interval(low: ast.Bound | None, high: ast.Bound | None,
             closed: tuple[Decimal, ...] = ()) -> Interval:
    """The interval between two written bounds; an end at one of ``closed`` is always included."""
    return Interval(
        low=low.value if low else None,
        low_inclusive=bool(low and (low.inclusive or low.value in closed)),
        high=high.value if high else None,
        high_inclusive=bool(high and (high.inclusive or high.value in closed)),
        percent=bool((low and low.percent) or (high and high.percent)),
    )


def is_percent(expr: ast.Expr) -> bool:
    """Whether a metric reads as a percentage: its formula ends in ×100%, or it is a percent."""
    match expr:
        case ast.Binary(op="×", right=ast.Literal(unit=ast.Unit.PERCENT)):
            return True
        case ast.Group(inner=inner):
            return is_percent(inner)
        case ast.Literal(unit=ast.Unit.PERCENT):
            return True
    return False


# A place on the line: (-1, None) lies below every value and (1, None) above every value;
# (0, (v, side)) is just below v (side 0), v itself (1) or just above v (2). Places compare in
# the line's order, so open and closed ends compare exactly.
_Place = tuple[int, tuple[Decimal, int] | None]
_BELOW_ALL: _Place = (-1, None)
_ABOVE_ALL: _Place = (1, None)


def _ends(held: Interval) -> tuple[_Place, _Place]:
    """The first and last places an interval holds."""
    first: _Place = _BELOW_ALL if held.low is None else \
        (0, (held.low, 1 if held.low_inclusive else 2))
    final: _Place = _ABOVE_ALL if held.high is None else \
        (0, (held.high, 1 if held.high_inclusive else 0))
    return first, final


def _value(place: _Place) -> Decimal | None:
    return None if place[1] is None else place[1][0]


def _between(low: Decimal | None, high: Decimal | None) -> Decimal:
    """A value strictly between two ends (None: unbounded that way), computed exactly."""
    if low is None:
        return ZERO if high is None else EXACT.subtract(high, 1)
    if high is None:
        return EXACT.add(low, 1)
    return EXACT.divide(EXACT.add(low, high), 2)


def _unheld(reach: _Place, next_first: _Place) -> Decimal:
    """A value past ``reach`` (the last place held so far) and before ``next_first``."""
    value = _value(reach)
    if value is not None and reach[1] is not None and reach[1][1] == 0:
        return value  # the range stopped just below this value
    if next_first == _ABOVE_ALL or next_first[1] is None:
        return _between(value, None)
    upper, side = next_first[1]
    if value is None and side == 2:
        return upper
    return _between(value, upper)


def _twice_held(first: _Place, final_a: _Place, final_b: _Place) -> Decimal:
    """A value held by two ranges that both hold the place ``first``."""
    if first[1] is not None and first[1][1] == 1:
        return first[1][0]
    ends = [v for v in (_value(final_a), _value(final_b)) if v is not None]
    return _between(_value(first), min(ends) if ends else None)


def _sweep(items: list[tuple[str, Interval, Span]],
           domain: Interval) -> tuple[Decimal, tuple[str, ...], Span] | None:
    """The first value of ``domain`` that no range holds, or two do: with the ranges' names and
    the span to point at; None when every value is held exactly once.

    Ranges are sorted by where they start and swept once (n log n): a range must start exactly
    where the ranges before it reach."""
    low, high = _ends(domain)
    runs = []
    for index, (name, held, span) in enumerate(items):
        first, final = _ends(held)
        first, final = max(first, low), min(final, high)
        if first <= final:
            runs.append((first, index, final, name, span))
    runs.sort(key=lambda run: (run[0], run[1]))
    if not runs:  # no range holds any value of the domain
        start = _value(low)
        return (_between(None, _value(high)) if start is None else start), \
            (items[0][0],), items[0][2]
    reach: _Place | None = None
    owner = runs[0]
    for run in runs:
        first, index, final, name, span = run
        if reach is None:
            if first > low:
                start = _value(low)
                return _unheld(_BELOW_ALL, first) if start is None else start, (name,), span
        elif first <= reach:
            # Told in the order written, at the one written later.
            earlier, later = sorted((owner, run), key=lambda r: r[1])
            return _twice_held(first, reach, final), (earlier[3], later[3]), later[4]
        elif first != _next(reach):
            return _unheld(reach, first), (owner[3],), owner[4]
        if reach is None or final > reach:
            reach, owner = final, run
    if reach is not None and reach < high:
        return _unheld(reach, high), (owner[3],), owner[4]
    return None


def _next(place: _Place) -> _Place | None:
    """The place right after a range's last place, where the next range must start."""
    if place[1] is None:
        return None
    value, side = place[1]
    return (0, (value, side + 1))


def _grid_run(held: Interval, step: Decimal, last: int) -> Interval:
    """The grid points k×step (0 ≤ k ≤ last) that an interval holds, as the interval
    [first k, last k + 1) on the line of k."""
    first = 0 if held.low is None else _grid_index(held.low, step, up=True)
    if held.low is not None and not held.low_inclusive and \
            EXACT.multiply(step, first) == held.low:
        first += 1
    final = last if held.high is None else _grid_index(held.high, step, up=False)
    if held.high is not None and not held.high_inclusive and \
            EXACT.multiply(step, final) == held.high:
        final -= 1
    first, final = max(first, 0), min(final, last)
    return Interval(Decimal(first), True, Decimal(final + 1), False)


def _grid_index(value: Decimal, step: Decimal, up: bool) -> int:
    """value / step rounded up or down to a whole number, exactly."""
    whole = EXACT.divide_int(value, step)
    exact = EXACT.multiply(whole, step) == value
    if exact:
        return int(whole)
    return int(whole) + (1 if up and value > 0 else 0) - (1 if not up and value < 0 else 0)


@attrs.define
class _Context:
    """What the passes learn about a ruleset, and every problem they find."""

    tree: ast.Ruleset
    problems: list[Diagnostic] = attrs.Factory(list)
    headers: dict[str, object] = attrs.Factory(dict)
    full_score: Decimal = ZERO
    grades: tuple[Grade, ...] = ()
    allowed: dict[str, Interval] = attrs.Factory(dict)
    metric_defs: dict[str, tuple[ast.Metric, str | None]] = attrs.Factory(dict)
    metric_order: list[str] = attrs.Factory(list)  # each after the metrics it reads
    cyclic: set[str] = attrs.Factory(set)
    metric_types: dict[str, ValueType] = attrs.Factory(dict)
    facts: dict[str, tuple[ValueType, Span]] = attrs.Factory(dict)
    needed_by: dict[str, list[str]] = attrs.Factory(dict)
    # Names the rules compare with percentages (满意度≥90%, 满意度/96%): given with their %.
    rates: set[str] = attrs.Factory(set)
    # Names compared with a plain number or points other than 0 (满意度80分以上): given without %.
    quantities: set[str] = attrs.Factory(set)
    # A band rule's checked bands and the region past them, for the lowering.
    band_tables: dict[int, tuple[tuple[Band, ...], Beyond | None]] = attrs.Factory(dict)

    def problem(self, code: str, message: str, span: Span | None,
                *hints: str, indicator: str | None = None, fact: str | None = None) -> None:
        self.problems.append(Diagnostic(code, message, span, hints, indicator, fact))

    def header(self, kind: str) -> object:
        return self.headers.get(kind)

    def rounding(self, kind: str = "rounding") -> RoundingPolicy | None:
        policy = self.headers.get(kind)
        return policy if isinstance(policy, RoundingPolicy) else None


_Visit = tuple[ast.Indicator, tuple[str, ...], int, tuple[ast.Indicator, ...]]


def _walk(tree: ast.Ruleset) -> Iterator[_Visit]:
    """Every indicator, parents first, with its path, depth and siblings (itself included)."""
    pending: list[_Visit] = [(indicator, (indicator.name,), 1, tree.indicators)
                             for indicator in reversed(tree.indicators)]
    while pending:
        node, path, depth, siblings = pending.pop()
        yield node, path, depth, siblings
        pending.extend((child, (*path, child.name), depth + 1, node.children)
                       for child in reversed(node.children))


def _children_first(tree: ast.Ruleset) -> Iterator[_Visit]:
    """Every indicator after its children: the order in which facts are first met, which
    orders the plan's facts."""
    pending = [(visit, False) for visit in reversed(list(_walk_top(tree)))]
    while pending:
        visit, expanded = pending.pop()
        if expanded or not visit[0].children:
            yield visit
            continue
        node, path, depth, _ = visit
        pending.append((visit, True))
        pending.extend(((child, (*path, child.name), depth + 1, node.children), False)
                       for child in reversed(node.children))


def _walk_top(tree: ast.Ruleset) -> Iterator[_Visit]:
    return ((indicator, (indicator.name,), 1, tree.indicators) for indicator in tree.indicators)


def _rules(node: ast.Indicator) -> list[ast.Rule]:
    """The scoring rules written in an indicator's body."""
    return [item for item in node.body if not isinstance(item, ast.NOT_RULES)]


def _bases(rules: list[ast.Rule]) -> list[ast.Rule]:
    """The rules that give a leaf its score; the rest take from it: a deduction, and an
    evaluator's deduction after another rule (…相符的得10分，…。存在…的，酌情扣分)."""
    bases: list[ast.Rule] = [r for r in rules if not isinstance(r, ast.Deduction)]
    if bases and isinstance(bases[0], ast.Discretion):
        return bases  # 资料不全扣1-2分，台账不全扣1-2分: two ranges for one deduction
    return bases[:1] + [r for r in bases[1:] if not (isinstance(r, ast.Discretion) and r.deduct)]


def _items(node: ast.Indicator, kind: type[_T]) -> tuple[_T, ...]:
    return tuple(item for item in node.body if isinstance(item, kind))


# ---- pass 1: resolve ---------------------------------------------------------------------------


class _Resolve:
    """Headers read once; metrics collected, and ordered so each comes after what it reads;
    cycles told once."""

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx

    def run(self) -> None:
        self._headers()
        self._collect(self.ctx.tree.metrics, None)
        for node, path, _, _ in _walk(self.ctx.tree):
            self._collect(_items(node, ast.Metric), "/".join(path))
        self._order()

    def _headers(self) -> None:
        seen = self.ctx.headers
        for header in self.ctx.tree.headers:
            if header.kind in seen:
                self.ctx.problem("E0213", "表头声明重复：同一项只能声明一次", header.span)
                continue
            seen[header.kind] = header.value
            seen[header.kind + "_span"] = header.span
            if isinstance(header.value, ast.Rounding):
                seen[header.kind] = self._rounding(header.value, header.span)

    def _rounding(self, written: ast.Rounding, span: Span) -> RoundingPolicy | None:
        places = written.places
        if places != places.to_integral_value(context=EXACT_ROUNDING):
            self.ctx.problem("E0214", f"舍入位数应为整数，这里写的是 {plain(places)} 位", span,
                             "写作“保留2位小数”或“保留0位小数”（取整）。")
            return None
        if places > _MAX_PLACES:
            self.ctx.problem("E0214", f"舍入位数 {plain(places)} 太大（至多 {_MAX_PLACES} 位）", span)
            return None
        return RoundingPolicy(int(places), written.mode)

    def _collect(self, metrics: tuple[ast.Metric, ...], where: str | None) -> None:
        defs = self.ctx.metric_defs
        for metric in metrics:
            if metric.name in defs:
                first = defs[metric.name][0]
                self.ctx.problem("E0206", f"指标值「{metric.name}」重复定义（先前定义于 "
                                 f"{first.span.location}）", metric.span)
                continue
            if metric.name in BY_NAME:
                self.ctx.problem("E0215", f"「{metric.name}」是内置函数名，不能用作指标值名称",
                                 metric.span)
            if metric.name in WEIGHT_NAMES:
                self.ctx.problem("E0215", f"「{metric.name}」指末级指标自身的分值，不能用作指标值名称",
                                 metric.span)
            check = next((s for s in CHECK_SPELLINGS if metric.name.startswith(s)), None)
            if check is not None and not metric.span.text.startswith("「"):
                # 核对年度资金总额 = … would otherwise define a metric no one reads, silently.
                self.ctx.problem("E0215", f"「{metric.name}」以「{check}」开头，读作指标值的定义",
                                 metric.span, f"若要核对，在「{check}」之后空一格："
                                 f"{check} {metric.name[len(check):]} = …；若确是指标值，名称写作"
                                 f"「{metric.name}」。")
            defs[metric.name] = (metric, where)

    def _order(self) -> None:
        """Each metric after the metrics it reads, from a walk with its own stack, so a chain of
        any length is ordered without recursion; a metric that closes a cycle is told once."""
        defs, order = self.ctx.metric_defs, self.ctx.metric_order
        done: set[str] = set()
        for root in defs:
            if root in done:
                continue
            path, pending = [root], [iter(ast.references(defs[root][0].expr))]
            on_path = {root}
            while pending:
                name = next(pending[-1], None)
                if name is None:
                    pending.pop()
                    done.add(path[-1])
                    on_path.discard(path[-1])
                    order.append(path.pop())
                elif name in on_path:
                    cycle = " → ".join([*path[path.index(name):], name])
                    self.ctx.problem("E0212", f"指标值的定义循环引用：{cycle}", defs[name][0].span)
                    self.ctx.cyclic.add(name)
                elif name in defs and name not in done:
                    path.append(name)
                    on_path.add(name)
                    pending.append(iter(ast.references(defs[name][0].expr)))


# ---- pass 2: types -----------------------------------------------------------------------------


class _Types:
    """The type of every metric, in order, and of every expression; each fact's type from
    its uses, all uses agreeing."""

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.checking: str | None = None  # the metric whose definition is being typed

    def run(self) -> None:
        ctx = self.ctx
        for name in ctx.metric_order:
            metric, where = ctx.metric_defs[name]
            self.checking = name
            ctx.metric_types[name] = self.infer(metric.expr, None, where)
        self.checking = None
        for node, path, _, _ in _children_first(ctx.tree):
            self._indicator(node, "/".join(path))
        for veto in ctx.tree.vetoes:
            self.infer(veto.condition, ValueType.BOOL, None)
        for check in ctx.tree.checks:
            self.infer(check.condition, ValueType.BOOL, None)
        for declared in ctx.tree.ranges:
            if any(end is not None and end.percent for end in (declared.low, declared.high)):
                ctx.rates.add(declared.name)
        self._generic_words_shared()

    def _generic_words_shared(self) -> None:
        """实际完成值, 目标值 … are each indicator's own: two indicators that write the same word
        would silently read one figure for both."""
        # 达标比例 of 全部达标的得满分；部分达标的，按达标比例计算得分 is as generic.
        shares = {met + RATIO_SHARE[0] for met in RATIO_MET}
        for name, users in self.ctx.needed_by.items():
            if name not in TARGET_ACTUAL | TARGET_STATED | shares or len(users) < 2:
                continue
            named = "、".join(f"「{user.rsplit('/', 1)[-1]}」" for user in users)
            first = users[0].rsplit("/", 1)[-1]
            hint = (f"在各指标中写出全名，如“按{first}{name}计算得分”。" if name in shares else
                    f"在各指标中写出全名（如「{first}{name}」），或写成“{first}按实际完成值/目标值×分值"
                    "计分”：按之前的名称是计分的对象，各指标各用各的事实。")
            self.ctx.problem(
                "E0243", f"指标{named}都写了「{name}」：它是每个指标自己的值，不能读成一个共用的事实",
                self.ctx.facts[name][1], hint, fact=name)

    def _indicator(self, node: ast.Indicator, where: str) -> None:
        conditions: tuple[ast.Veto | ast.Exemption | ast.Check, ...] = (
            *_items(node, ast.Veto), *_items(node, ast.Exemption), *_items(node, ast.Check))
        for conditional in conditions:
            self.infer(conditional.condition, ValueType.BOOL, where)
        if node.children:
            for choice in _items(node, ast.Choice)[:1]:
                self.use_fact(choice.fact, ValueType.TEXT, choice.fact_span, where)
            return
        rules = _rules(node)
        # The scoring rule first, then the deductions, wherever they are written.
        for rule in sorted(rules, key=lambda r: isinstance(r, ast.Deduction)):
            match rule:
                case ast.ScoreRule():
                    self.infer(rule.expr, ValueType.NUMBER, where)
                case ast.BandRule():
                    self.infer(ast.Reference(rule.subject, rule.subject_span), ValueType.NUMBER,
                               where)
                    for band in rule.bands:
                        if band.formula is not None:
                            self.infer(band.formula, ValueType.NUMBER, where)
                    ends = [end for band in rule.written for end in (band.low, band.high)
                            if end is not None]
                    if any(end.percent for end in ends):
                        self._rate(rule.subject)
                    elif any(end.value for end in ends):
                        self.ctx.quantities.add(rule.subject)
                case ast.Deviation():
                    for name, span in ((rule.actual, rule.actual_span),
                                       (rule.planned, rule.planned_span)):
                        self.infer(ast.Reference(name, span), ValueType.NUMBER, where)
                case ast.Judgement():
                    self.use_fact(fact_of(rule, node.name), ValueType.LEVEL, rule.fact_span, where)
                case ast.Discretion():
                    self.use_fact(rule.fact, ValueType.DISCRETION, rule.fact_span, where)
                case ast.Checklist():
                    for item in rule.items:
                        if item.condition is not None:
                            self.infer(item.condition, ValueType.BOOL, where)
                        else:
                            self.use_fact(item.name, ValueType.CHECK, item.span, where)
                case ast.Deduction():
                    self.use_fact(fact_of(rule, node.name), ValueType.OCCURRENCES,
                                  rule.fact_span or rule.span, where)

    def use_fact(self, name: str, kind: ValueType, span: Span, where: str | None) -> None:
        facts = self.ctx.facts
        if name in facts:
            known, first = facts[name]
            if known is not kind:
                self.ctx.problem("E0205", f"「{name}」在此处当作{kind.value}使用，但在 "
                                 f"{first.location} 处当作{known.value}使用", span,
                                 indicator=where, fact=name)
        else:
            facts[name] = (kind, span)
        needed = self.ctx.needed_by.setdefault(name, [])
        if where is not None and where not in needed:
            needed.append(where)

    def _expect(self, got: ValueType, expected: ValueType | None, expr: ast.Expr,
                where: str | None) -> ValueType:
        if expected is not None and got is not expected:
            self.ctx.problem("E0205", f"「{expr.span.text}」是{got.value}，此处需要{expected.value}",
                             expr.span, indicator=where)
        return got

    def infer(self, expr: ast.Expr, expected: ValueType | None, where: str | None) -> ValueType:
        number, boolean = ValueType.NUMBER, ValueType.BOOL
        match expr:
            case ast.Literal(value=bool()):
                return self._expect(boolean, expected, expr, where)
            case ast.Literal(value=str()):
                return self._expect(ValueType.TEXT, expected, expr, where)
            case ast.Literal(value=datetime.date()):
                return self._expect(ValueType.DATE, expected, expr, where)
            case ast.Literal():
                return self._expect(number, expected, expr, where)
            case ast.Reference(name=name) if name in WEIGHT_NAMES:
                if self.checking is not None:
                    self.ctx.problem("E0215", f"「{name}」指所在末级指标的分值，只能用在得分公式和评价"
                                     "要点条件中，不能用在指标值的定义里", expr.span, indicator=where)
                return self._expect(number, expected, expr, where)
            case ast.Reference(name=name):
                if name in self.ctx.metric_defs:
                    # A metric closing a cycle was told; it is taken as a number meanwhile.
                    kind = self.ctx.metric_types.get(name, number)
                    return self._expect(kind, expected, expr, where)
                self.use_fact(name, expected or number, expr.span, where)
                return expected or number
            case ast.Binary(op=op, left=left, right=right) if op in ("+", "-", "/"):
                # 完成率-100%, 满意度/96%: what is added to, taken from or divided by a
                # percentage is one itself.
                self._rates_beside(left, right, both=op != "/")
                for operand in (left, right):
                    self.infer(operand, number, where)
                return self._expect(number, expected, expr, where)
            case ast.Binary() | ast.Negate() | ast.Logical() | ast.Not():
                # Arithmetic takes and gives numbers; 且, 或, 非 take and give yes/no.
                kind = number if isinstance(expr, (ast.Binary, ast.Negate)) else boolean
                for operand in ast.operands(expr):
                    self.infer(operand, kind, where)
                return self._expect(kind, expected, expr, where)
            case ast.Compare(op=op, left=left, right=right):
                self._rates_beside(left, right, both=True)
                self._quantity_beside(left, right)
                side = _comparison_type(op, left, right)
                self.infer(left, side, where)
                self.infer(right, side, where)
                return self._expect(boolean, expected, expr, where)
            case ast.Conditional(condition=condition, then=then, otherwise=otherwise):
                self.infer(condition, boolean, where)
                kind = self.infer(then, expected, where)
                self.infer(otherwise, kind, where)
                return kind
            case ast.Call():
                return self._call(expr, expected, where)
            case ast.Group(inner=inner):
                return self.infer(inner, expected, where)
        raise AssertionError(expr)

    def _rate(self, name: str) -> None:
        """A rate, and so are the two values a metric adds or takes one from the other
        (支出进度与序时进度之差 = 支出进度 − 序时进度 in percentage points)."""
        self.ctx.rates.add(name)
        if name in self.ctx.metric_defs:
            match ast.ungrouped(self.ctx.metric_defs[name][0].expr):
                case ast.Binary(op="+" | "-", left=ast.Reference() as left,
                                right=ast.Reference() as right):
                    self.ctx.rates.update({left.name, right.name} - WEIGHT_NAMES)

    def _rates_beside(self, left: ast.Expr, right: ast.Expr, both: bool) -> None:
        """A name next to a percentage is a rate: the left one, or with ``both`` either."""
        left, right = ast.ungrouped(left), ast.ungrouped(right)
        pairs = ((left, right), (right, left)) if both else ((left, right),)
        for name, other in pairs:
            if isinstance(name, ast.Reference) and isinstance(other, ast.Literal) \
                    and other.unit is ast.Unit.PERCENT and name.name not in WEIGHT_NAMES:
                self.ctx.rates.add(name.name)

    def _quantity_beside(self, left: ast.Expr, right: ast.Expr) -> None:
        """A name compared with a plain number or points other than 0 is a quantity."""
        left, right = ast.ungrouped(left), ast.ungrouped(right)
        for name, other in ((left, right), (right, left)):
            if isinstance(name, ast.Reference) and isinstance(other, ast.Literal) \
                    and other.unit in (ast.Unit.NUMBER, ast.Unit.POINTS) and other.value:
                self.ctx.quantities.add(name.name)

    def _call(self, call: ast.Call, expected: ValueType | None, where: str | None) -> ValueType:
        function = BY_NAME.get(call.function)
        if function is None:
            close = difflib.get_close_matches(call.function, list(BY_NAME), n=3, cutoff=0.3)
            hints = (f"是否想写：{'、'.join(close)}？",) if close else ()
            self.ctx.problem("E0203", f"没有名为「{call.function}」的函数", call.name_span,
                             *hints, f"可用的函数：{'、'.join(BY_NAME)}", indicator=where)
            return expected or ValueType.NUMBER
        count = len(call.args)
        if count < function.min_args or (function.max_args is not None
                                         and count > function.max_args):
            wanted = (f"{function.min_args} 个" if function.max_args == function.min_args
                      else f"至少 {function.min_args} 个")
            self.ctx.problem("E0204", f"函数「{call.function}」需要{wanted}参数，这里给了 {count} 个",
                             call.span, indicator=where)
        if function.later_type is not None:
            self._month_day(call, where)
        for index, arg in enumerate(call.args):
            self.infer(arg, function.later_type if index and function.later_type else
                       function.argument_type, where)
            for other in call.args:  # 最小值(完成率, 100%): the percentage makes the others rates
                if other is not arg and not function.takes_list:
                    self._rates_beside(arg, other, both=False)
        return self._expect(ValueType.NUMBER, expected, call, where)


    def _month_day(self, call: ast.Call, where: str | None) -> None:
        """晚于当年月日天数(日期, 5, 31): the month and day written as numbers, a day every year has
        (not 2月29日)."""
        numbers_said = [arg.value for arg in call.args[1:]
                        if isinstance(arg, ast.Literal) and isinstance(arg.value, Decimal)
                        and arg.value == arg.value.to_integral_value()]
        try:
            if len(numbers_said) != 2:
                raise ValueError
            datetime.date(2001, int(numbers_said[0]), int(numbers_said[1]))  # not a leap year
        except ValueError:
            self.ctx.problem("E0107", f"「{call.span.text}」中的月、日不是每年都有的日期"
                             "（须写成整数，如 5, 31）", call.span, indicator=where)


def _comparison_type(op: str, left: ast.Expr, right: ast.Expr) -> ValueType:
    left, right = ast.ungrouped(left), ast.ungrouped(right)
    if any(isinstance(side, ast.Literal) and isinstance(side.value, datetime.date)
           for side in (left, right)):
        return ValueType.DATE
    if op in ("==", "!="):
        for side in (left, right):
            if isinstance(side, ast.Literal) and isinstance(side.value, str):
                return ValueType.TEXT
            if isinstance(side, ast.Literal) and isinstance(side.value, bool):
                return ValueType.BOOL
    return ValueType.NUMBER


# ---- pass 3: structure -------------------------------------------------------------------------


class _Structure:
    """The indicator tree as a whole: levels, weights adding up, shares, alternatives, rules
    one per leaf; bands, grades and value ranges each covering what they must, once."""

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx

    def run(self) -> None:
        ctx, tree = self.ctx, self.ctx.tree
        ctx.allowed = self._ranges()  # bands cover the values their subject may take
        for node, path, depth, siblings in _walk(tree):
            self._indicator(node, path, depth, siblings)
        for first in tree.indicators:
            if first.share is not None:
                ctx.problem("E0202", f"一级指标「{first.name}」写了权重：按权重汇总目前只用于"
                            "上级指标之下", first.name_span,
                            "把各一级指标放进一个总的指标里，如“综合得分（100分）”。")
        if not tree.indicators:
            ctx.problem("E0201", "规则文件中没有任何指标", None)
        top = decimal_total(i.weight for i in tree.indicators if i.level not in BONUS_LEVELS)
        full_score = ctx.header("full_score")
        if isinstance(full_score, Decimal):
            if tree.indicators and top != full_score:
                span = ctx.header("full_score_span")
                ctx.problem("E0202", f"一级指标分值合计 {plain(top)} 分，与满分 "
                            f"{plain(full_score)} 分不符", span if isinstance(span, Span) else None)
            ctx.full_score = full_score
        else:
            ctx.full_score = top
        ctx.grades = self._grades(ctx.header("grades"), ctx.full_score,
                                  ctx.rounding("grade_rounding"))
        for veto in tree.vetoes:
            if veto.best and not ctx.grades:
                ctx.problem("E0219", "一票否优需要先声明等级", veto.span)

    def _indicator(self, node: ast.Indicator, path: tuple[str, ...], depth: int,
                   siblings: tuple[ast.Indicator, ...]) -> None:
        ctx, where = self.ctx, "/".join(path)
        if node.level in BONUS_LEVELS and depth != 1:
            ctx.problem("E0211", f"「{node.name}」写作{node.level}，附加分只能是顶层指标",
                        node.name_span, "把附加分写在文件顶层，不放在其他指标之内。")
        wanted_depth = LEVEL_DEPTH.get(node.level)
        if wanted_depth is not None and wanted_depth != depth:
            ctx.problem("E0211", f"「{node.name}」写作{node.level}，但它位于第 {depth} 级",
                        node.name_span, "改用与层级相符的关键字，或统一写作「指标」。")
        names: set[str] = set()
        for child in node.children:
            if child.name in names:
                ctx.problem("E0206", f"同一上级指标下有两个「{child.name}」", child.name_span)
            names.add(child.name)
        for note in _items(node, ast.WeightNote):
            if note.points != node.weight:
                ctx.problem("E0202", f"「{note.span.text}」与指标「{node.name}」的分值 "
                            f"{plain(node.weight)} 分不符", note.span, indicator=where)
        for total in [cap for cap in _items(node, ast.BonusCap) if not cap.whole][:1]:
            said = total.span.text.lstrip("，,;；。")
            if any(isinstance(rule, ast.Deduction) and not rule.add for rule in _rules(node)):
                ctx.problem("E0229", f"扣分之后的「{said}」既可能是最多扣这些分，也可能是得分最高这些分",
                            total.span, "写「最多扣N分」或「扣分不超过N分」。", indicator=where)
                continue
            ctx.problem("E0216", f"「{said}」限定的是前面几项加分的合计，须跟在指标仅有的几条加分"
                        "规则之后（从 0 分加起）", total.span,
                        "与得分公式、分档或扣分同写时，在每条加分规则后写「最多加N分」。", indicator=where)
        for cap in _items(node, ast.PenaltyCap):  # left by the wording pass: no one deduction
            ctx.problem("E0216", f"「{cap.span.text}」之后须恰有一条扣分规则（每…扣N分），它限定的是这条"
                        "规则最多扣多少", cap.span,
                        "写在末级指标中，紧接一条扣分规则；几条扣分规则各写各的上限。", indicator=where)
        for veto in _items(node, ast.Veto):
            if veto.best:
                ctx.problem("E0219", "一票否优作用于评价等级，只能写在文件顶层（指标之外）",
                            veto.span, indicator=where)
        choices = _items(node, ast.Choice)
        if choices and not node.children:
            ctx.problem("E0208", "择一考核写在含下级指标的指标中，下级指标就是可选的考核项",
                        choices[0].span, indicator=where)
        for exemption in _items(node, ast.Exemption):
            for target in exemption.to:
                if target == node.name or not any(s.name == target for s in siblings):
                    ctx.problem("E0220", f"「{target}」不是「{node.name}」的同级指标，分值无法均摊过去",
                                exemption.span, indicator=where)
            if node.children:
                ctx.problem("E0220", "“不扣分”“不适用”目前只能写在末级指标中", exemption.span,
                            "写在各个末级指标里。", indicator=where)
        if node.children:
            self._parent(node, choices[0] if choices else None, where)
        else:
            self._leaf(node, where)

    def _parent(self, node: ast.Indicator, choice: ast.Choice | None, where: str) -> None:
        for item in _rules(node):
            if isinstance(item, ast.ChoiceNote):
                self.ctx.problem("E0208", f"「{item.span.text}」没有写明以哪个事实选定考核项",
                                 item.span, "写作「择一考核：考核方式」，事实中给出采用的下级指标。")
                continue
            self.ctx.problem("E0208", f"「{node.name}」含下级指标，其得分是下级指标得分之和，"
                             "不能再写评分规则", item.span, "把评分规则移到末级指标中。")
        shares = [c.share for c in node.children]
        if choice is not None:
            for child in node.children:
                if child.weight != node.weight:
                    self.ctx.problem("E0202", f"择一考核的「{child.name}」分值 "
                                     f"{plain(child.weight)} 分，应与「{node.name}」的分值 "
                                     f"{plain(node.weight)} 分相同", child.name_span,
                                     indicator=where)
        elif any(share is not None for share in shares):
            self._shares(node, shares)
        else:
            total = decimal_total(c.weight for c in node.children)
            if total != node.weight:
                self.ctx.problem("E0202", f"「{node.name}」的下级指标分值合计 {plain(total)} 分，"
                                 f"与其分值 {plain(node.weight)} 分不符", node.name_span)

    def _shares(self, node: ast.Indicator, shares: list[Decimal | None]) -> None:
        if any(share is None for share in shares):
            self.ctx.problem("E0202", f"「{node.name}」的下级指标有的写了权重、有的没写：按权重汇总"
                             "时每个下级指标都要写权重", node.name_span)
            return
        total = decimal_total(share for share in shares if share is not None)
        if total != 1:
            self.ctx.problem("E0202", f"「{node.name}」的下级指标权重合计 {plain_percent(total)}，"
                             "应为 100%", node.name_span)

    def _leaf(self, node: ast.Indicator, where: str) -> None:
        ctx, rules = self.ctx, _rules(node)
        bases = _bases(rules)
        if not rules:
            ctx.problem("E0207", f"末级指标「{node.name}」没有评分规则", node.name_span,
                        "写一条「得分 = …」、一组「评价要点」或一条「每出现1次…扣1分」。")
        for extra in bases[1:]:
            if isinstance(extra, ast.Discretion) and isinstance(bases[0], ast.Discretion):
                # 资料不全扣1-2分，台账不全扣1-2分: the evaluator gives one deduction for the
                # indicator, which cannot be checked against two ranges.
                ctx.problem("E0207", f"末级指标「{node.name}」有两处由评价人在范围内扣分"
                            f"（「{bases[0].span.text}」「{extra.span.text}」）：评价人给出的一个扣分"
                            "无法分别对照两个范围", extra.span,
                            "合成一处（如“资料或台账不全的扣1-4分”），或把其中一处写成固定扣分。")
                continue
            first, other = brief(bases[0].span.text), brief(extra.span.text)
            ctx.problem("E0207", f"末级指标「{node.name}」有不止一条得分规则：「{first}」与「{other}」"
                        "各自给出得分（得分公式、评价要点、分档、评定等），"
                        "读不出两者怎样合成得分", extra.span,
                        "各项分别计分时写成评价要点（每项写明分值）；择其一时只留一条；"
                        "两条合成一个得分时写成得分公式。")
        self._counted_once(node, where)
        for made in _items(node, ast.Elements):  # left by the wording pass: no one value to make
            ctx.problem("E0238", f"「{made.span.text}」列出了各要素的分值，但不知道它们合起来是哪个值："
                        "本指标中须恰好有一条按这个值分档的规则（如“业绩值为100%得满分，每降低1%扣权重分的1%”）",
                        made.span, "把各要素写在一处，并只写一条分档规则；或写成指标值的定义（业绩值 = …）。",
                        indicator=where)
        for rule in rules:
            match rule:
                # With several scoring rules that is the problem told: each read alone (明确得3分。
                # 基本明确得2分。) would only blame what the others hold.
                case ast.Judgement() if len(bases) < 2:
                    self._judgement(node, rule, where)
                case ast.Discretion():
                    self._discretion(node, rule, where)
                case ast.LapsesInTurn():  # left unpaired by reading._as_lapses: the counts differ
                    ctx.problem("E0216", f"列出了 {len(rule.names)} 个情形（{'、'.join(rule.names)}），"
                                f"依次写的分值却有 {len(rule.costs)} 个：无法一一对应", rule.span,
                                "每个情形写一个分值，用逗号或顿号隔开（如“甲，乙将依次扣除4分、2分”），"
                                "或分别写出“甲扣4分，乙扣2分”。", indicator=where)
                case ast.CaseDiscretion():
                    # Only a first case short of the weight is left unread (reading._at_discretion).
                    assert rule.first is not None and rule.first.points is not None
                    ctx.problem("E0217", f"「{rule.first.name}」得 {plain(rule.first.points)} 分，不是指标"
                                f"「{node.name}」的分值 {plain(node.weight)} 分：酌情扣分须从满分扣起",
                                rule.first.span, indicator=where)
                case ast.BandRule():
                    self._bands(node, rule, where)
                case ast.Deviation():
                    self._step_rule(rule.step, where)
                    self._relative_step(rule.step, rule.planned, where)
                case ast.ComparedSteps() if not rule.step.in_percent:
                    self._relative_step(rule.step, rule.planned, where)
                case ast.ComparedSteps():  # left as written: its step is in doubt
                    ctx.problem("E0218", f"“{rule.actual}低于{rule.planned}的，每…”的幅度有两种读法："
                                "两个百分数之差（如 95.6% 比 96% 低 0.4 个百分点），或相差占"
                                f"「{rule.planned}」的百分比（低 0.4÷96 = 0.42%）", rule.step.span,
                                f"写明算法，如“差额 = {rule.actual} - {rule.planned}”再按差额分档扣分，或"
                                f"“{rule.actual}与{rule.planned}每低于1%，扣…分”（相差的百分比）。",
                                indicator=where)
                case ast.Compared():  # left by the wording pass: it does not read one way
                    problem = reading.versus_problem(rule, node.weight)
                    assert problem is not None
                    code, message, span, hint = problem
                    ctx.problem(code, message, span, hint, indicator=where)
                case ast.Proportion():  # left as written: the base said again is another name
                    ctx.problem("E0230", f"“低于{rule.again}的按比例减分”中的「{rule.again}」不是前面的"
                                f"「{rule.base}」：不知道按哪个值的比例计分", rule.span,
                                f"两处写同一个值（「{rule.base}」），或写它的简称（末尾几个字）。",
                                indicator=where)
                case ast.Deadline():  # left by the wording pass: not one day a step
                    ctx.problem("E0239", "按日期扣分目前只读“每1天”（这里是“每"
                                f"{plain(rule.per)}{rule.unit}”）：整档怎样计、月与年有多少天都不确定",
                                rule.span, "写成每1天扣几分；或先定义 滞后天数 = 相差天数(完成日期, "
                                "计划日期)，再按它分档扣分。", indicator=where)
                case ast.ComparedLapse():  # left unread by reading._as_read: a lapse of none of it
                    self._compared_lapse(node, rule, where)
                case ast.UnanchoredSteps():
                    ctx.problem("E0229", f"「{rule.subject}」按幅度扣分，却没有写从哪个值算起：可以是与 "
                                "100%（或目标值）相差的幅度（80% 比 100% 少 20 个百分点），也可以是比上年"
                                "变化的幅度", rule.span,
                                f"写明得满分的一档，如“{rule.subject}100%得满分，每下降10%扣1分”；比上年"
                                "下降的，先定义 下降幅度 = 上年值 - 本年值，再按它分档扣分。",
                                indicator=where)
                case ast.ShareRanges():  # left unread by the wording pass
                    ctx.problem("E0217", f"「{rule.span.text}」的分值区间没有首尾相接地连成 0%-100%：有的得分"
                                "不在任何区间，或在两个区间里", rule.span,
                                "按从高到低写出相接的区间，如“100-80%（含80%）、80-60%（含60%）、60-0%”。",
                                indicator=where)
                case ast.Respectively():
                    ctx.problem("E0229", f"「{rule.span.text}」：“分别”之前列出的情形，每一项从哪里起止、"
                                "共用的词归谁，有不止一种拆法，各情形以什么为名给出事实说不准", rule.span,
                                "逐项写出各情形和分数，如“获国家级表彰加2分，获省级表彰加1分”。",
                                indicator=where)
                case ast.Target():  # left unread by the wording pass: 未全面覆盖 of a part
                    ctx.problem("E0229", f"「{rule.span.text}」中“未全…的”指未达到 100%，而目标不是"
                                "（或不只是）100%：在目标与 100% 之间的值，既可读作达到目标，也可读作"
                                "未全面完成", rule.span, "写明目标之下的情形，如“未达到的不得分”。",
                                indicator=where)
                case ast.ScoreRule(value_cap=ast.ValueCap() as cap):  # left by the wording pass
                    values = [n for n in ast.references(rule.expr) if n not in WEIGHT_NAMES]
                    ctx.problem("E0254", f"「{cap.span.text.lstrip(',， ')}」没有说限的是公式里哪一个值："
                                + (f"公式读了 {'、'.join(values)}" if values else "公式里没有要限定的值"),
                                cap.span,
                                "把上限写在那个值后面的括号里，如“完成率（超过100%以100%计算）×4分”；"
                                "限的是得分的，写“最高不超过4分”。", indicator=where)
                case ast.ScoreRule(bracketed=True, expr=ast.Literal(unit=ast.Unit.POINTS)):
                    ctx.problem("E0229", f"「{rule.span.text}」可以读作本项分值，也可以读作得分为"
                                "括号中的分数", rule.span, "得分公式写作“得分=…”；分值写在指标名称后。",
                                indicator=where)
                case ast.Checklist():
                    self._checklist(node, rule)
                    self._counted_twice(node, rule, rules, where)
                case ast.Deduction():
                    if rule.per != rule.per.to_integral_value() or rule.per < 1 \
                            or rule.points <= 0:
                        ctx.problem("E0216", "扣分规则须写成“每出现N次…扣M分”，N 为正整数，M 大于 0",
                                    rule.span, indicator=where)

    def _graded(self, mild: ast.Level, severe: ast.Level, where: str) -> None:
        self.ctx.problem("E0225", f"「{mild.name}」与「{severe.name}」像是同一件事的轻重两档："
                         "按等级读只扣其中一档，按各自扣分读两项会同时成立、扣两遍", severe.span,
                         "是等级时写明各档的得分（如“资料严重不全得5分”）；是各自扣分的情形时，"
                         "换一种不相互包含的说法。", indicator=where)

    def _counted_once(self, node: ast.Indicator, where: str) -> None:
        """Two rules counting one fact (未实现巡查全覆盖，缺一段扣0.5分；未及时更新，发现一条扣0.5分:
        both count the indicator itself) would each deduct for the one number given."""
        # 资料不全扣2分，资料严重不全扣5分: lapses that each cost once, graded as one scale.
        once = tuple(ast.Level(rule.fact, rule.points, rule.fact_span or rule.span, True)
                     for rule in _rules(node) if isinstance(rule, ast.Deduction)
                     and rule.fact is not None and rule.most == rule.points and not rule.add)
        graded = reading.graded(once)
        if graded is not None:
            self._graded(*graded, where)
        counted: dict[str, ast.Deduction] = {}
        for rule in _rules(node):
            if not isinstance(rule, ast.Deduction):
                continue
            fact = fact_of(rule, node.name)
            first = counted.setdefault(fact, rule)
            if first is not rule:
                itself = "指标本身" if rule.fact is None else ""
                self.ctx.problem("E0206", f"「{first.span.text}」与「{rule.span.text}」数的都是"
                                 f"{itself}「{fact}」：一个次数会被两条规则各算一遍", rule.span,
                                 "在计数之后写明数的是什么（如“缺一段巡查记录扣0.5分”），"
                                 "或在计数之前写出带“的”的情形（如“未及时更新的，每发现一条扣0.5分”）。",
                                 indicator=where)

    def _judgement(self, node: ast.Indicator, rule: ast.Judgement, where: str) -> None:
        counted = next((level for level in rule.levels if level.condition is not None), None)
        if counted is not None:  # left a level by reading._checklist_of: not an item judged by itself
            self.ctx.problem(
                "E0237", f"「{counted.name}」比较的是一个数，只能作为逐项计分的一项（各项分值之和等于"
                f"指标分值 {plain(node.weight)} 分）；这里的几个情形读作评价人选定的等级", counted.span,
                "逐项写出各项及分值，使分值之和等于指标分值；或写成分档（“年内新增注册志愿者≥10，计2分；"
                "<10，不得分”）。", indicator=where)
        if rule.itemized is not None:
            # Still levels after the wording pass: the points do not make a checklist.
            listed = decimal_total(node.weight if level.points is None else level.points
                                   for level in rule.levels)
            self.ctx.problem(
                "E0231", f"「{rule.itemized.text.lstrip(',，;； ')}」说各项逐项计分，但列出的 "
                f"{len(rule.levels)} 项分值相加是 {plain(listed)} 分，指标「{node.name}」的分值是 "
                f"{plain(node.weight)} 分，且每项须大于 0 分、小于指标分值", rule.itemized,
                "改正各项分值，使之相加等于指标分值；若是评价人从中选定一个等级，删去这句说明。",
                indicator=where)
            return
        if rule.deduction_after:
            # 沟渠4分，泵站4分，有一处未设置标志扣1分: a deduction from the level picked, or the
            # points of items that the deduction counts? Only the second, when each item is worth
            # what its lack costs, is read (as the deduction).
            self.ctx.problem(
                "E0227", f"列出的情形（「{rule.levels[0].name}」……）之后，同一句接着写了扣分：是评价人"
                "选定一种情形后再扣分，还是各情形分别计分、扣分数的是其中少了的，读不出来", rule.span,
                "从选定的情形中再扣分时，用“。”把扣分另写一句；各项分别计分时，把每项的分值写成"
                "每少一项所扣的分数（如“①…，1分；②…，1分，每少一项扣1分”）。", indicator=where)
            return
        if rule.itemised:  # its points add up to another number than the weight
            written = "+".join(plain(level.points or node.weight) for level in rule.levels)
            total = decimal_total(level.points or node.weight for level in rule.levels)
            self.ctx.problem("E0233", f"各项括号里的分值 {written} 合计 {plain(total)} 分，"
                             f"与指标「{node.name}」的分值 {plain(node.weight)} 分不符", rule.span,
                             "括号里写每一项的分值，合计等于写在后面的总分和指标分值。", indicator=where)
            return
        if rule.miscounted:
            said, named = rule.miscounted
            self.ctx.problem("E0234", f"说分为 {said} 档，却列出了 {named} 档：" + "、".join(
                level.name for level in rule.levels), rule.span,
                "档数与列出的等级一致，如“分为达成、部分达成、未达成三档”。", indicator=where)
            return
        if rule.unpaired:
            cases, amounts = rule.unpaired
            self.ctx.problem("E0228", f"列出了 {cases} 个情形，“分别”之后却写了 {amounts} 个分值",
                             rule.span, "情形与分值一一对应，按同样的次序写。", indicator=where)
            return
        bare = next((level for level in rule.levels if level.share), None)
        if bare is not None:
            self.ctx.problem("E0229", f"「{bare.span.text}」的百分数有两种读法：得分占分值的比例（评价人在"
                             "其中给分），或评为这一等级所需的某个比率的区间", bare.span,
                             "是得分占分值的比例时写明，如“得分为分值的90%-100%”；是比率的档时，写出比率的"
                             "名称和每一档的分值。", indicator=where)
            return
        deductions = [level for level in rule.levels if level.deducted]
        # A case that costs nothing (好、中、差，分别扣0、2、4分) makes the list a scale of levels.
        free = any(level.deducted and level.points == 0 for level in rule.levels)
        if rule.fact is None and len(deductions) > 1 and not free:
            # 资料齐全得15分，未完成验收扣5分，资料不全扣5分: read as levels, two lapses would
            # cost 5 where the table means 10.
            # Lapses they would be (reading._as_lapses) but for a later case that earns points.
            graded = reading.graded(tuple(deductions))
            if graded is not None:
                self._graded(*graded, where)
                return
            first = rule.levels[0]
            full = not first.deducted and first.points in (None, node.weight)
            earning = next((level for level in rule.levels[1 if full else 0:]
                            if not level.deducted), first)
            self.ctx.problem("E0225", f"列出了 {len(deductions)} 个扣分的情形："
                             f"「{deductions[0].name}」「{deductions[1].name}」……，又有按等级计分的情形"
                             f"「{earning.name}」：按等级读，几种情形同时出现也只扣一次", deductions[1].span,
                             "每种情形各自扣分时，写作“每出现一次…扣N分”，或去掉得分的情形；只能是其中一种时，"
                             "写明每个等级的得分（如“基本齐全得10分”）。", indicator=where)
            return
        best = max(node.weight if level.points is None else
                   node.weight - level.points if level.deducted else level.points
                   for level in rule.levels)
        if rule.fact is None and best < node.weight:
            # 超龄的不得分 alone, or 无…的不得分；…的扣1分: the case that earns full marks is
            # left unwritten, and reading the rest as levels would make them unreachable.
            self.ctx.problem("E0226", f"列出的情形最多得 {plain(best)} 分，指标「{node.name}」的分值是 "
                             f"{plain(node.weight)} 分：得满分的情形没有写出", rule.span,
                             "写出得满分的情形（如“设置合理的得5分”）；若这些是各自扣分的情形，"
                             "写作“…扣N分”。", indicator=where)
            return
        seen: set[str] = set()
        for level in rule.levels:
            if level.name in seen:
                self.ctx.problem("E0206", f"评定等级「{level.name}」写了两次", level.span,
                                 indicator=where)
            seen.add(level.name)
            if level.low is not None and level.points is not None and level.low > level.points:
                self.ctx.problem("E0224", f"评定为「{level.name}」的得分范围 {plain(level.low)}-"
                                 f"{plain(level.points)} 分两端写反", level.span,
                                 "小的数写在前面。", indicator=where)
            if level.points is not None and level.points > node.weight:
                verb = "扣" if level.deducted else "计"
                self.ctx.problem("E0217", f"评定为「{level.name}」{verb} {plain(level.points)} 分，超过"
                                 f"指标「{node.name}」的分值 {plain(node.weight)} 分", level.span,
                                 indicator=where)

    def _counted_twice(self, node: ast.Indicator, checklist: ast.Checklist, rules: list[ast.Rule],
                       where: str) -> None:
        """①…，1分；②…，1.5分，每少一项扣1分: the items' points and the deduction for each one
        missing disagree (equal, they are one rule said twice, read as the deduction)."""
        for deduction in rules:
            if isinstance(deduction, ast.Deduction) and reading.counts_items(deduction):
                item = next((i for i in checklist.items if i.points != deduction.points), None)
                self.ctx.problem(
                    "E0227", f"评价要点已逐项计分，“{deduction.span.text}”又按少的项扣分：少了一项"
                    "会扣两次" if item is None else
                    f"「{item.name}」计 {plain(item.points)} 分，而“{deduction.span.text}”"
                    f"每少一项扣 {plain(deduction.points)} 分：少了这一项时，逐项计分扣 "
                    f"{plain(item.points)} 分，按每少一项扣分扣 {plain(deduction.points)} 分",
                    deduction.span, "各项分值与每项所扣写成一致，或只留其中一种写法。",
                    indicator=where)

    def _discretion(self, node: ast.Indicator, rule: ast.Discretion, where: str) -> None:
        if not 0 <= rule.low <= rule.high <= node.weight:
            self.ctx.problem("E0217", f"酌情{'扣' if rule.deduct else '给'}分的范围 "
                             f"{plain(rule.low)}-{plain(rule.high)} 分须在 0 到指标分值 "
                             f"{plain(node.weight)} 分之间，且下限不大于上限", rule.span,
                             indicator=where)

    def _bands(self, node: ast.Indicator, rule: ast.BandRule, where: str) -> None:
        ctx = self.ctx
        if rule.other_lapse is not None:  # left by reading._none_then_lapses: another thing counted
            ctx.problem("E0250", f"「{rule.span.text}」之后接着写了「{rule.other_lapse.text}」：为0得满分的"
                        f"一档数的是「{rule.subject}」，其后的扣分数的却是另一件事，两者是不是同一个次数"
                        "读不出来", rule.span,
                        f"是同一件事时，扣分照写「{rule.subject}」所数的东西（如“有效投诉次数为0得4分，"
                        "每发生1次有效投诉扣1分”）；是两件事时，写出不为0时的得分（如“有效投诉次数≥1，不得分”），"
                        "或分成两个指标。",
                        indicator=where)
            return
        if rule.overspent is not None:  # left by reading._overspent: not a rate of savings
            ctx.problem("E0251", f"「{rule.overspent.text}」接在「{rule.subject}」的分档之后：只有节约率"
                        f"（计划减实际）低于0才是超支，「{rule.subject}」不是节约率，超支与它的哪个值"
                        "相当读不出来", rule.overspent,
                        f"写成「{rule.subject}」的一档（如“成本控制率>100%，不得分”），或把超支写成一句"
                        "单独的扣分（“发生超支的，本项不得分”）。", indicator=where)
            return
        if rule.below is not None:  # left by the wording pass: not the one band it can follow
            ctx.problem("E0230", "“低于…的按比例扣分”须接在恰好一档之后：这一档只有下限、得满分"
                        "（≥90%得满分），所写的范围恰是这一档以下的值（低于90%的）", rule.span,
                        "写成“预算执行率≥90%得满分，低于90%的按比例扣分”；多档时逐档写出分值。",
                        indicator=where)
            return
        if not rule.bands:  # a region that reading._beside_region could not read one side of
            ctx.problem("E0218", "按幅度扣分前写的范围须只有一端（如“未达100%的”“超过5%的”）：范围"
                        "之外的值得满分，扣分从这一端算起", rule.span,
                        "写明得满分的一档，如“清运率100%，得满分；每低1个百分点扣1分”。", indicator=where)
            return
        if rule.interpolated:  # a shape that reading._interpolated could not read as a line
            ctx.problem("E0230", "“在上述比例之间的按比例计分”须接在恰好两档之后：一档只有上限"
                        "（如“10%以下不得分”），一档只有下限（如“达到30%的得满分”），且上限小于下限",
                        rule.span, "照写两端的两档，如“比例达到30%的得满分，10%以下不得分，在上述比例"
                        "之间的按比例计分”；其他分法请逐档写出。", indicator=where)
            return
        said = rule.step.named if rule.step is not None else None
        # “三公经费”变动率≦0，计5分；“三公经费”>0，每超过…: the subject shortened to its start
        # (or its end) is still the subject.
        if said is not None and not rule.subject.startswith(said) and not rule.subject.endswith(said):
            ctx.problem("E0223", f"按幅度扣分前写的是「{said}」，但这条规则按「{rule.subject}」分档",
                        rule.step.named_span if rule.step is not None else None,
                        "一条分档规则只按一个值分档：扣分前照写分档的名称（或它的开头、末尾几个字）。",
                        indicator=where)
        for written in rule.written:
            # (named again in full, or by its last words: ②大专以上学历 after 护理人员大专以上学历)
            if written.named is not None and not rule.subject.endswith(written.named):
                ctx.problem("E0223", f"这一档写的是「{written.named}」，但这条规则按"
                            f"「{rule.subject}」分档", written.named_span,
                            "一条分档规则只按一个值分档。", indicator=where)
            if written.unequal:
                ctx.problem("E0223", "“≠”不能单独划出一档：一档是一段连续的取值", written.span,
                            "写成两档，如“<0，计0分；>0，计0分”，或把等于的一档写在前面（“=0，计10分；"
                            "其他情况…”写作“=0，计10分；<0，计0分；>0，计0分”）。", indicator=where)
                continue
            if written.low is not None and written.low.bare and written.low.points:
                ctx.problem("E0223", f"「{rule.subject}」后直接写了 {plain(written.low.value)}分，"
                            "没有比较词：这不像一档的范围", written.span,
                            "分档写作“≥90%，计5分”“80分以上，计4分”；若是几项分别加分，请逐项写出条件。",
                            indicator=where)
                continue
            if not written.consistent:
                ctx.problem("E0223", "这一档的两个不等号应一个定下限、一个定上限"
                            "（如 90%≤X<95%、95%>X≥90%、≥90%且<95%）", written.span,
                            indicator=where)
        if any(band.base is not None for band in rule.written):
            self._unshared(rule, where)
            return
        refused = len(ctx.problems)
        ends = _marks_win([(b.low, b.high) for b in rule.bands])
        bands = tuple(Band(self._interval(low, high, b.span), reading.band_points(b, node.weight),
                           b.span, b.share,
                           formula=None if b.formula is None else _Lower(ctx).expr(b.formula))
                      for b, (low, high) in zip(rule.bands, ends, strict=True))
        bands = _top_closed(bands, [ast.bare(b.low, b.high) for b in rule.bands])
        bands = _ladder(bands, rule.span, stepped=rule.step is not None)
        bands = self._shared_ends(bands, rule.subject, node.weight, where)
        beyond = self._beyond(rule, bands, where) if rule.step is not None else None
        if beyond is not None and rule.floor is not None:
            bands, beyond = self._floor(rule.floor, node.weight, bands, beyond, where)
        for band in bands:
            if band.points > node.weight:
                ctx.problem("E0217", f"这一档计 {plain(band.points)} 分，超过指标「{node.name}」"
                            f"的分值 {plain(node.weight)} 分", band.span, indicator=where)
        self._formula_bands(node, rule, bands, where)
        ranges = [(b.interval.label, b.interval, b.span) for b in bands]
        if beyond is not None:
            ranges.append((beyond.region.label, beyond.region, beyond.steps.span))
        # A band refused for how it is written is told on its own, not again as a gap or overlap.
        if not any(p.code == "E0224" for p in ctx.problems[refused:]) and \
                not any(b.unequal for b in rule.bands):
            # Over the values the subject may take: its 取值范围 where declared, else the values
            # from the table's lowest end to its highest. Tables leave out what they take to be
            # impossible (=100%，得满分；低于100%不得分 says nothing of 101%); such a value is
            # refused when it comes, never given a band the table did not write.
            over = ctx.allowed.get(rule.subject) or _hull([held for _, held, _ in ranges])
            self._coverage(ranges, over, "E0217", f"「{rule.subject}」为 {{}} 时", "档")
        self._step_rule(rule.step, where)
        ctx.band_tables[id(rule)] = (bands, beyond)

    def _shared_ends(self, bands: tuple[Band, ...], subject: str, weight: Decimal,
                     where: str) -> tuple[Band, ...]:
        """达到95%及以上的，得6分；95%以下的，得分=培训覆盖率/95%×6分: 以上 and 以下 both hold 95%,
        where the formula gives the 6 points the other band does, so either reading scores the
        same: the end is left to the other band. Where they score differently, which band the
        value belongs to decides its score: told (E0249), naming both scores."""
        def at(band: Band, value: Decimal) -> Exact | None:
            if band.formula is None:
                return band.points
            line = affine(band.formula, subject, weight)
            return None if line is None else line_at(line, value)

        def shared(band: Band, end: Decimal | None) -> bool:
            mine = None if end is None else at(band, end)
            if mine is None or end is None:
                return False
            for other in bands:
                theirs = at(other, end) if other is not band and other.interval.contains(end) \
                    else None
                if theirs is not None and numbers.compare(mine, theirs) != 0:
                    assert band.formula is not None
                    self.ctx.problem(
                        "E0249", f"「{subject}」为 {band.interval.end_text(end)} 时，按公式的一档（「"
                        f"{band.formula.span.text}」）得 {numbers.show(mine)} 分，而「{other.span.text}」"
                        f"得 {numbers.show(theirs)} 分：两档都含这个值，得分不同", band.span,
                        "用（含）标明端点属于哪一档；公式在端点上的得分与相邻一档相同时，两种读法一样。",
                        indicator=where)
                if theirs is not None:
                    return True
            return False

        held = list(bands)
        for index, band in enumerate(bands):
            if band.formula is not None:
                interval = band.interval
                held[index] = attrs.evolve(band, interval=attrs.evolve(
                    interval, low_inclusive=interval.low_inclusive and not shared(band, interval.low),
                    high_inclusive=interval.high_inclusive and not shared(band, interval.high)))
        return tuple(held)

    def _formula_bands(self, node: ast.Indicator, rule: ast.BandRule, bands: tuple[Band, ...],
                       where: str) -> None:
        """满意度<80%，按满意度×10分计分: a band's formula must read the subject alone (with the
        weight and numbers) and stay within 0 to the weight over its band, the subject taken as
        ≥0 where neither the band nor its 取值范围 bounds it below; and no steps count from it."""
        ctx, subject = self.ctx, rule.subject
        if rule.step is not None:
            for said in rule.written:
                if said.formula is not None:
                    ctx.problem("E0249", f"按公式「{said.formula.span.text}」计分的一档与按幅度扣分"
                                "写在同一条分档规则中：扣分从哪一档、多少分算起，哪些值按公式计分，"
                                "读不出来", rule.step.span,
                                "按幅度扣分接在得固定分值的一档之后；或把扣分写进公式。",
                                indicator=where)
            return
        allowed = ctx.allowed.get(subject)
        for band in bands:
            if band.formula is None:
                continue
            written = band.formula.span.text
            line = affine(band.formula, subject, node.weight)
            if line is None:
                ctx.problem("E0248", f"这一档按「{written}」计分，公式中除「{subject}」、分值和数以外"
                            f"还有别的值、函数或条件（或「{subject}」自乘、作除数）：读不出它在这一档"
                            "中是否在 0 到分值之间", band.formula.span,
                            f"公式只用「{subject}」（或它的末尾几个字）、分值和数写成，如“按{subject}×"
                            f"{plain(node.weight)}分计分”；公式另有所指时，写成得分公式（得分 = 如果 … "
                            "则 … 否则 …）。", indicator=where)
                continue
            held = band.interval if allowed is None else _within(band.interval, allowed)
            slope, intercept = line
            ends = [held.low if held.low is not None else ZERO, held.high]
            values = [None if end is None else line_at(line, end) for end in ends]
            if values[1] is None and not numbers.is_zero(slope):
                far = "无上限" if numbers.compare(slope, ZERO) > 0 else "低于 0"
                ctx.problem("E0247", f"这一档（{held.label}）按「{written}」计分，「{subject}」越大"
                            f"得分{'越高' if far == '无上限' else '越低'}，可能超出 0 到指标分值 "
                            f"{plain(node.weight)} 分的范围", band.formula.span,
                            f"写出这一档的上限；或声明取值范围（取值范围 {subject}：0%-100%）。",
                            indicator=where)
                continue
            finite = [value for value in values if value is not None] or [intercept]
            worst = next((v for v in finite if numbers.compare(v, ZERO) < 0
                          or numbers.compare(v, node.weight) > 0), None)
            if worst is not None:
                ctx.problem("E0247", f"这一档（{held.label}）按「{written}」计分，得分可达 "
                            f"{numbers.show(worst)} 分，超出 0 到指标分值 {plain(node.weight)} 分的范围",
                            band.formula.span,
                            f"核对公式中的分值（{plain(node.weight)}分的指标写“×{plain(node.weight)}分”"
                            "或“×分值”）；确要封顶时，另写一档得满分。", indicator=where)

    def _compared_lapse(self, node: ast.Indicator, rule: ast.ComparedLapse, where: str) -> None:
        absent = reading.absent(rule, _items(node, ast.Deduction))
        assert absent is not None and absent.fact is not None
        subject, number = rule.subject, plain(rule.bound.value)

        def left(*costs: Decimal) -> str:
            return plain(max(node.weight - sum(costs), ZERO))

        self.ctx.problem(
            "E0229", f"「{subject}」为 0 时，「{absent.fact}」与「{rule.bound.span.text}」都成立：是两条都扣"
            f"（共扣 {plain(absent.points + rule.cost)} 分），还是只扣「{absent.fact}」的 "
            f"{plain(absent.points)} 分（后一条说的是有但不足），读不出来", rule.span,
            f"照所指的意思写成分档：只扣一条的，“{subject}=0，计{left(absent.points)}分；"
            f"0<{subject}<{number}，计{left(rule.cost)}分；{subject}≥{number}，得满分”；"
            f"两条都扣的，{subject}=0 一档计{left(absent.points, rule.cost)}分。",
            indicator=where)

    def _unshared(self, rule: ast.BandRule, where: str) -> None:
        """Bands of a share of another value that the transformer could not read as bands of
        the quotient (transformer._shared): told by the first band that shows why."""
        subject = rule.subject
        shared = [band for band in rule.written if band.base is not None]
        either = next((band for band in shared if band.either and not band.rise), None)
        rise = next((band for band in shared if band.rise), None)
        if either is not None:
            base = either.base
            # 有欠款，但超过…: the share's end, not the 0 that 有 sets
            bound = either.low if either.high is None else either.high
            assert bound is not None
            share = plain_percent(bound.value)
            up = any(mark in either.share_word for mark in UP_MARKS)
            moved = plain_percent(1 + bound.value if up else 1 - bound.value)
            self.ctx.problem(
                "E0229", f"「{either.span.text}」有两种读法：「{subject}」与「{base}」的 {share}"
                f"（{base}×{share}）相比，或与比「{base}」{'高' if up else '低'} {share} 的值"
                f"（{base}×{moved}）相比", either.span,
                f"照所指的意思改写：比的是{base}的{share}，先写出比值（“比值 = {subject}/{base}”），"
                f"再按比值分档（“比值{either.share_word}{share}”）；比的是变化的幅度，先写出幅度"
                f"（“增幅 = ({subject}-{base})/{base}”），再按幅度分档。", indicator=where)
        elif rise is not None:
            self.ctx.problem(
                "E0235", f"「{rise.span.text}」按比「{rise.base}」高出的幅度分档，而这个幅度"
                "规则中没有写出", rise.span,
                f"先写出幅度（“增幅 = ({subject}-{rise.base})/{rise.base}”），再按幅度分档"
                "（“增幅≤5%，得1分”）。", indicator=where)
        else:
            bases = sorted({band.base for band in shared if band.base is not None})
            said = "、".join(f"「{base}」" for base in bases)
            self.ctx.problem(
                "E0235", f"这条分档规则按{said}的百分比分档，但各档说法不一：有的档不按同一个值的"
                "百分比写，或其后接着按幅度、按比例计分，读不出每一档比的是什么", rule.span,
                f"每一档都写成同一个值的百分比（“超过{bases[0]}的5%”）；或先写出比值"
                f"（“{subject}占{bases[0]}的比例 = {subject}/{bases[0]}”），再按比值分档。",
                indicator=where)

    def _beyond(self, rule: ast.BandRule, bands: tuple[Band, ...], where: str) -> Beyond | None:
        step = rule.step
        assert step is not None
        percent = any(b.interval.percent for b in bands)
        over = step.direction == "over"
        # Steps count from the end of the last band on the side the step rule goes.
        ends = [(b.interval.high if over else b.interval.low, b) for b in bands]
        if any(end is None for end, _ in ends):
            self.ctx.problem("E0218", f"“{'每超过' if over else '每低于'}…扣…分”接在分档之后，须有"
                             f"一档是{'上限（如 ≤100%）' if over else '下限（如 ≥100%）'}",
                             step.span, indicator=where)
            return None
        if percent and not step.in_percent:
            size = plain(step.amount)
            self.ctx.problem("E0218", f"分档是百分数，每一档的幅度却没有写成百分数：“每…{size}”是 {size} 个"
                             f"百分点、{size}%，还是 {size} 项、{size} 次？", step.span,
                             "写作“每低于1个百分点”或“每低于1%”；数的是项数、次数时，写“每出现1项…扣N分”。",
                             indicator=where)
            return None
        units = {end.unit for b in rule.bands for end in (b.low, b.high) if end is not None and end.unit}
        if step.unit and units and step.unit not in units:
            # 0.5吨以上…每少于50公斤: 50 would be read in 吨
            self.ctx.problem("E0218", f"分档以「{'、'.join(sorted(units))}」计，每一档的幅度却以"
                             f"「{step.unit}」计", step.span,
                             "幅度与分档用同一单位，如“500公斤以上得25分，每少于50公斤扣5分”。",
                             indicator=where)
            return None
        anchor, last = (max if over else min)(ends, key=lambda end: end[0] or 0)
        assert anchor is not None
        if over:
            region = Interval(anchor, not last.interval.high_inclusive, None, False, percent)
        else:
            region = Interval(None, False, anchor, not last.interval.low_inclusive, percent)
        if step.restated is not None:
            said = self._interval(*step.restated, step.span)
            if (said.low, said.low_inclusive, said.high, said.high_inclusive) != \
                    (region.low, region.low_inclusive, region.high, region.high_inclusive):
                self.ctx.problem("E0218", f"按幅度扣分前写的范围是 {said.label}，但分档之外的范围是 "
                                 f"{region.label}", step.span, indicator=where)
        return Beyond(_steps(step), region, anchor, last.points)

    def _floor(self, written: ast.ValueBand, weight: Decimal, bands: tuple[Band, ...],
               beyond: Beyond, where: str) -> tuple[tuple[Band, ...], Beyond]:
        """…每少10个百分点扣1分，低于70%不得分: a band further out than the steps reach; they
        count only up to it. It must lie on their side, past the band they count from, with no
        other end (低于70%, not 60%-70%), or the two would claim the same values."""
        held = self._interval(written.low, written.high, written.span)
        region = beyond.region
        under = beyond.steps.direction == "under"
        end, inclusive, other = (held.high, held.high_inclusive, held.low) if under else \
            (held.low, held.low_inclusive, held.high)
        example = "低于70%" if under else "超过130%"
        if held.percent != region.percent:
            self.ctx.problem("E0218", f"按幅度扣分之后的一档（{held.label}）与扣分的范围（{region.label}）"
                             "一个是百分数、一个不是", written.span,
                             f"两处都写 %，如“{example}不得分”。", indicator=where)
            return bands, beyond
        if other is not None or end is None or not region.contains(end):
            self.ctx.problem("E0218", f"按幅度扣分之后的一档（{held.label}）须落在扣分的范围"
                             f"（{region.label}）之内且只有一端：否则它与扣分争同一些值",
                             written.span, f"写作“{example}不得分”这样只有一端的一档。",
                             indicator=where)
            return bands, beyond
        if under:
            region = attrs.evolve(region, low=end, low_inclusive=not inclusive)
        else:
            region = attrs.evolve(region, high=end, high_inclusive=not inclusive)
        floor = Band(held, reading.band_points(written, weight), written.span, written.share)
        return (*bands, floor), attrs.evolve(beyond, region=region)

    def _relative_step(self, step: ast.StepRule, planned: str, where: str) -> None:
        """The steps of a deviation are shares of the planned value: 每相差5 or 每减少100平方米 is
        not one (read as a share, 100 would be 10000%)."""
        if not step.in_percent:
            self.ctx.problem("E0218", f"相差的幅度按占「{planned}」的百分比计算，这里的幅度（“每…"
                             f"{plain(step.amount)}”）却不是百分数", step.span,
                             "写作“每相差5%”；按数量扣分时，先定义差额（如“差额 = 计划值 - 实际值”），"
                             "再写“差额≤0，计满分；每超过100扣1分”。", indicator=where)

    def _step_rule(self, step: ast.StepRule | None, where: str) -> None:
        if step is not None and step.of_weight is not None:
            self.ctx.problem("E0216", f"每一档扣权重分的 {step.of_weight}，得出的扣分没有有限小数形式",
                             step.span, "写成分值，如“扣0.5分”，或写成权重分的百分数（如“扣权重分的25%”）。",
                             indicator=where)
            return
        if step is not None and (step.amount <= 0 or step.points <= 0):
            self.ctx.problem("E0218", "每一档的幅度和扣分都须大于 0", step.span, indicator=where)

    def _checklist(self, node: ast.Indicator, checklist: ast.Checklist) -> None:
        total = decimal_total(item.points for item in checklist.items)
        if total != node.weight:
            self.ctx.problem("E0210", f"评价要点分值合计 {plain(total)} 分，与指标「{node.name}」的"
                             f"分值 {plain(node.weight)} 分不符", checklist.span)

    def _ranges(self) -> dict[str, Interval]:
        ctx, allowed = self.ctx, {}
        for declared in ctx.tree.ranges:
            kind = ctx.metric_types.get(declared.name) or ctx.facts.get(
                declared.name, (None, None))[0]
            if kind is not ValueType.NUMBER:
                ctx.problem("E0222", f"「{declared.name}」不是规则中用到的数值事实，不能声明取值范围",
                            declared.span, "取值范围只用于规则读取的数值事实（或可给出报告值的指标值）。")
            elif declared.name in allowed:
                ctx.problem("E0206", f"「{declared.name}」的取值范围声明了两次", declared.span)
            # A bare range of allowed values (0%-100%) holds both its ends.
            closed = (declared.high.value,) if ast.bare(declared.low, declared.high) and \
                declared.high is not None else ()
            allowed[declared.name] = self._interval(declared.low, declared.high, declared.span,
                                                    closed)
        return allowed

    def _interval(self, low: ast.Bound | None, high: ast.Bound | None, span: Span,
                  closed: tuple[Decimal, ...] = ()) -> Interval:
        """A range as written; one written high to low (95%-85%), or holding no value, is
        refused rather than read as empty."""
        for end in (low, high):
            if end is not None and end.restated is not None and end.restated != end.value:
                self.ctx.problem("E0224", f"括号里写的是{end.mark}，但这一端是 "
                                 f"{plain_percent(end.value) if end.percent else plain(end.value)}",
                                 end.span, "括号里的数应与它标明的那一端相同（百分数带 %）。")
        made = interval(low, high, closed)
        if low is not None and high is not None and _ends(made)[0] > _ends(made)[1]:
            shown = f"{made.end_text(low.value)}-{made.end_text(high.value)}"
            if low.value > high.value:
                self.ctx.problem("E0224", f"区间 {shown} 的两端写反了：前面的数应小于后面的数",
                                 span, f"写作 {made.end_text(high.value)}-"
                                 f"{made.end_text(low.value)}，端点的（含）写在所属的一端。")
            else:
                self.ctx.problem("E0224", f"区间 {shown} 不含任何数值（两端相同而未都标明（含））",
                                 span, "只含一个数值时两端都写（含），或改用“=”。")
        return made

    def _grades(self, value: object, full_score: Decimal,
                rounding: RoundingPolicy | None) -> tuple[Grade, ...]:
        if not isinstance(value, tuple):
            return ()
        grades = []
        refused = len(self.ctx.problems)
        ends = _marks_win([(band.low, band.high) for band in value])
        for band, (low, high) in zip(value, ends, strict=True):
            if any(end is not None and end.percent for end in (band.low, band.high)):
                self.ctx.problem("E0209", f"等级「{band.name}」的区间写成了百分数：等级按总分的分数"
                                 "划分", band.span, "写作分数，如“优：90分（含）以上”。")
                continue
            # An end at 0 or at the full score belongs to its band: no score lies beyond it.
            closed: tuple[Decimal, ...] = (Decimal(0), full_score)
            if rounding is not None and ast.bare(band.low, band.high):
                # Graded on a rounded total, 良(80-89分) means both ends, as tables mean it.
                closed += (band.low.value, band.high.value)
            grades.append(Grade(band.name, self._interval(low, high, band.span, closed),
                                band.span))
        ranges = [(g.name, g.interval, g.span) for g in grades]
        # A grade written wrongly is told on its own, not again as a gap.
        if len(self.ctx.problems) == refused and rounding is None:
            whole = all(end is None or end == end.to_integral_value()
                        for _, held, _ in ranges for end in (held.low, held.high))
            self._coverage(ranges, Interval(ZERO, True, full_score, True), "E0209", "总分 {} 分",
                           "等级", *(("等级写成 80-89分 这样的整数区间时，通常是先把总分取整再定级：声明"
                                     "“定级舍入：保留0位小数，四舍五入”。",) if whole else ()))
        elif len(self.ctx.problems) == refused and rounding is not None:
            self._grid_coverage(ranges, full_score, rounding.places)
        return tuple(grades)

    def _grid_coverage(self, items: list[tuple[str, Interval, Span]], full_score: Decimal,
                       places: int) -> None:
        """With 定级舍入, only totals on its grid are graded: each in exactly one band.

        Each grade becomes the run of grid points it holds, and the runs are swept as ranges
        are; the points themselves are never listed."""
        step = shift(Decimal(1), -places)
        last = int(EXACT.divide_int(full_score, step))
        runs = [(name, _grid_run(held, step, last), span) for name, held, span in items]
        found = _sweep(runs, Interval(ZERO, True, Decimal(last + 1), False))
        if found is not None:
            index, names, span = found
            point = EXACT.multiply(step, index.to_integral_value(decimal.ROUND_FLOOR, EXACT))
            what = f"同时落在等级 {'、'.join(names)} 中" if len(names) > 1 else "不属于任何等级"
            self.ctx.problem("E0209", f"定级时的总分 {plain(point)} 分{what}", span,
                             "检查各等级区间是否首尾相接，端点是否用（含）标明。")

    def _coverage(self, items: list[tuple[str, Interval, Span]], over: Interval, code: str,
                  value: str, what: str, *hints: str) -> None:
        """Every value ``over`` holds in exactly one range."""
        found = _sweep(items, over)
        if found is None:
            return
        probe, names, span = found
        percent = any(i.percent for _, i, _ in items)
        shown = value.format(plain_percent(probe) if percent else plain(probe))
        if len(names) > 1:
            self.ctx.problem(code, f"{shown}同时落在{what} {'、'.join(names)} 中", span,
                             "区间端点只能属于一档：用（含）标明端点归属。")
        else:
            self.ctx.problem(code, f"{shown}不属于任何{what}", span,
                             "检查各区间是否首尾相接，端点是否用（含）标明。", *hints)


_Ends = tuple[ast.Bound | None, ast.Bound | None]


def _marks_win(ranges: list[_Ends]) -> list[_Ends]:
    """An end held by default (60分以下, the lower end of a bare 80-90分) gives the number up to
    a range that writes （含） at it (中：60（含）-80分): a written mark always wins. A sign
    (≥95%) holds its number as written, and never gives it up."""
    marked = {end.value for pair in ranges for end in pair
              if end is not None and end.marked and end.inclusive}

    def end(bound: ast.Bound | None) -> ast.Bound | None:
        if bound is None or not bound.by_default or bound.value not in marked:
            return bound
        return attrs.evolve(bound, inclusive=False)

    return [(end(low), end(high)) for low, high in ranges]


def _hull(ranges: list[Interval]) -> Interval:
    """The smallest interval holding every one of ``ranges``."""
    first = min(ranges, key=lambda held: _ends(held)[0])
    last = max(ranges, key=lambda held: _ends(held)[1])
    return Interval(first.low, first.low_inclusive, last.high, last.high_inclusive)


def _within(held: Interval, allowed: Interval) -> Interval:
    """The part of ``held`` inside the declared range ``allowed`` (they overlap: the bands were
    checked to cover it)."""
    low, low_inclusive = max([(held.low, held.low_inclusive), (allowed.low, allowed.low_inclusive)],
                             key=lambda end: (end[0] is not None, end[0] or ZERO, not end[1]))
    high, high_inclusive = min([(held.high, held.high_inclusive),
                                (allowed.high, allowed.high_inclusive)],
                               key=lambda end: (end[0] is None, end[0] or ZERO, end[1]))
    return attrs.evolve(held, low=low, low_inclusive=low_inclusive, high=high,
                        high_inclusive=high_inclusive)


def _top_closed(bands: tuple[Band, ...], bare: list[bool]) -> tuple[Band, ...]:
    """The top band holds its top when written bare (90%-100%), if no band lies above it."""
    ends = [band.interval.high for band in bands]
    if not bands or any(end is None for end in ends):
        return bands
    top = max(range(len(bands)), key=lambda index: ends[index] or 0)
    if not bare[top]:
        return bands
    closed = attrs.evolve(bands[top].interval, high_inclusive=True)
    return (*bands[:top], attrs.evolve(bands[top], interval=closed), *bands[top + 1:])


def _ladder(bands: tuple[Band, ...], span: Span, stepped: bool) -> tuple[Band, ...]:
    """Thresholds written one inside another read as a ladder (90%以上得10分，80%以上得8分):
    a value takes the highest rung it reaches, so each rung runs up to the next. Where every band
    is such a rung and no step rule follows, a value that reaches none scores nothing, as a
    table's unstated case does (项目完成率达到80%以上。25分: 79% scores 0).

    Only one-sided bands nest so: a rung inside a two-sided band, or two rungs at one number,
    are still told as an overlap."""
    up = sorted((i for i, b in enumerate(bands) if b.interval.high is None
                 and b.interval.low is not None), key=lambda i: bands[i].interval.low or ZERO)
    down = sorted((i for i, b in enumerate(bands) if b.interval.low is None
                   and b.interval.high is not None), key=lambda i: -(bands[i].interval.high or ZERO))
    held = list(bands)
    for rungs, below in ((up, True), (down, False)):
        for here, there in itertools.pairwise(rungs):
            this, next_ = held[here].interval, bands[there].interval
            if below and this.low != next_.low:
                assert next_.low is not None
                held[here] = attrs.evolve(held[here], interval=attrs.evolve(
                    this, high=next_.low, high_inclusive=not next_.low_inclusive))
            elif not below and this.high != next_.high:
                assert next_.high is not None
                held[here] = attrs.evolve(held[here], interval=attrs.evolve(
                    this, low=next_.high, low_inclusive=not next_.high_inclusive))
    if stepped or not bands or (len(up) != len(bands) and len(down) != len(bands)):
        return tuple(held)
    first = bands[up[0]].interval if up else bands[down[0]].interval
    if up:
        assert first.low is not None
        none = Interval(None, False, first.low, not first.low_inclusive, first.percent)
    else:
        assert first.high is not None
        none = Interval(first.high, not first.high_inclusive, None, False, first.percent)
    return (*held, Band(none, ZERO, span, unstated=True))


def _steps(rule: ast.StepRule) -> Steps:
    return Steps(rule.direction, rule.amount, rule.points, rule.whole, rule.most, rule.span)


# ---- pass 4: lower -----------------------------------------------------------------------------


class _Lower:
    """The checked tree as a plan: names resolved, each leaf a tuple of operations."""

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx

    def plan(self) -> Plan:
        ctx, tree = self.ctx, self.ctx.tree
        title = ctx.header("title")
        metrics = {}
        for name, (metric, where) in ctx.metric_defs.items():
            metrics[name] = MetricSpec(
                name, self.expr(metric.expr), self._type(name, ctx.metric_types[name]),
                is_percent(metric.expr),
                metric.span, where,
                tuple(n for n in ast.references(metric.expr) if n in ctx.metric_defs),
                ctx.allowed.get(name))
        facts = {name: FactSpec(name, self._type(name, kind), span,
                                tuple(ctx.needed_by.get(name, ())), ctx.allowed.get(name))
                 for name, (kind, span) in ctx.facts.items()}
        return Plan(
            source=tree.source,
            title=title if isinstance(title, str) else None,
            full_score=ctx.full_score,
            rounding=ctx.rounding(),
            grades=ctx.grades,
            indicators=tuple(self._indicator(i, ()) for i in tree.indicators),
            metrics=metrics,
            facts=facts,
            vetoes=tuple(self._veto(v) for v in tree.vetoes),
            grade_rounding=ctx.rounding("grade_rounding"),
            checks=self._checks(),
        )

    def _indicator(self, node: ast.Indicator, parent: tuple[str, ...]) -> IndicatorPlan:
        path = (*parent, node.name)
        fields = tuple((field.label, field.text) for field in _items(node, ast.Field))
        children = tuple(self._indicator(child, path) for child in node.children)
        vetoes = tuple(self._veto(v) for v in _items(node, ast.Veto))
        if children:
            ops: tuple[Operation, ...] = (*self._combine(node, children), *vetoes)
        else:
            ops = (*self._leaf(node), *vetoes)
        return IndicatorPlan(
            node.name, node.level, path, node.weight, fields, ops, children, node.span,
            bonus=node.level in BONUS_LEVELS, criterion_text=dict(fields).get(CRITERION_LABEL),
            share=node.share)

    def _combine(self, node: ast.Indicator,
                 children: tuple[IndicatorPlan, ...]) -> tuple[Operation, ...]:
        choices = _items(node, ast.Choice)
        if choices:
            return (Combine("choice", choices[0].fact, choices[0].fact_span),)
        if any(child.share is not None for child in children):
            rounding = self.ctx.rounding()
            return (Combine("weighted"), *((Round(rounding),) if rounding else ()))
        return (Combine("sum"),)

    def _leaf(self, node: ast.Indicator) -> list[Operation]:
        weight = node.weight
        ops: list[Operation] = [
            Exempt(self.expr(e.condition), e.not_applicable, e.mode, e.to, e.span)
            for e in _items(node, ast.Exemption)]
        rules = _rules(node)
        deductions = [r for r in rules if isinstance(r, ast.Deduction)]
        bases = _bases(rules)
        base = bases[0] if bases else None
        # 存在…的，酌情扣分 after the base: the evaluator takes from what it scored
        taken = [r for r in rules if isinstance(r, ast.Discretion) and not any(r is b for b in bases)]
        limits: tuple[ast.Limit, ...] = ()
        match base:
            case ast.ScoreRule():
                ops.append(Formula(self.expr(base.expr), base.expr.span))
                limits = base.limits
            case ast.BandRule():
                bands, beyond = self.ctx.band_tables[id(base)]
                subject = self.read(base.subject, base.subject_span)
                ops.append(Bands(subject, bands, base.span, beyond))
                if base.step is not None and base.step.until_zero:
                    ops.append(Floor(base.step.span))
            case ast.Deviation():
                ops.append(Start(weight))
                ops.append(Deviation(self.read(base.actual, base.actual_span),
                                     self.read(base.planned, base.planned_span),
                                     _steps(base.step), base.span))
                if base.step.until_zero:
                    ops.append(Floor(base.step.span))
            case ast.Judgement():
                levels = tuple((level.name, weight if level.points is None else
                                EXACT.subtract(weight, level.points) if level.deducted else
                                level.points) for level in base.levels)
                lows = tuple(level.low for level in base.levels)
                letters = tuple((level.letter, level.name) for level in base.levels if level.letter)
                ops.append(Judge(fact_of(base, node.name), levels, base.fact_span,
                                 lows if any(low is not None for low in lows) else (), letters))
            case ast.Discretion():
                if base.deduct:
                    ops.append(Start(weight))
                ops.append(Discretion(base.fact, base.deduct, base.low, base.high, base.fact_span))
            case ast.Checklist():
                ops.append(Checklist(tuple(
                    CheckItem(item.name, item.description, item.points,
                              self.expr(item.condition) if item.condition is not None else None,
                              item.span)
                    for item in base.items), base.span))
            case None if deductions and all(d.add for d in deductions):
                ops.append(Start(ZERO, additive=True))  # points are only added
            case None:
                ops.append(Start(weight))
        for rule in taken:
            ops.append(Discretion(rule.fact, True, rule.low, rule.high, rule.fact_span))
        for deduction in deductions:
            ops.append(PerOccurrence(fact_of(deduction, node.name), int(deduction.per),
                                     deduction.points, deduction.add, deduction.most,
                                     deduction.span, deduction.fact_span or deduction.span))
            if deduction.until_zero:
                ops.append(Floor(deduction.span))
        for limit in limits:
            ops.append(Limit(limit.kind == "over",
                             weight if limit.threshold is None else limit.threshold,
                             weight if limit.value is None else limit.value, limit.span))
        # 最高加5分 after bonuses alone (from nothing): the score is their sum, so capping it caps them.
        ops += [Limit(True, cap.points, cap.points, cap.span) for cap in _items(node, ast.BonusCap)
                if cap.whole]
        ops.append(Bound(weight))
        rounding = self.ctx.rounding()
        if rounding is not None:
            ops.append(Round(rounding))
        return ops

    def _checks(self) -> tuple[StatedCheck, ...]:
        """Every 核对, top-level or in an indicator, in the order written."""
        tree = self.ctx.tree
        written: list[tuple[ast.Check, str | None]] = [(check, None) for check in tree.checks]
        written += [(check, "/".join(path)) for node, path, _, _ in _walk(tree)
                    for check in _items(node, ast.Check)]
        return tuple(StatedCheck(self.expr(check.condition), check.span, where)
                     for check, where in sorted(written, key=lambda item: item[0].span.start))

    def _veto(self, veto: ast.Veto) -> Veto:
        return Veto(self.expr(veto.condition), veto.best, veto.span)

    def _type(self, name: str, kind: ValueType) -> ValueType:
        """What a name is read as: a number compared with percentages is read as a rate, one
        compared only with plain numbers or points as a quantity."""
        if kind is not ValueType.NUMBER:
            return kind
        if name in self.ctx.rates:
            return ValueType.RATE
        return ValueType.QUANTITY if name in self.ctx.quantities else kind

    def read(self, name: str, span: Span) -> Read:
        if name in WEIGHT_NAMES:
            return WeightRead(name, span)
        if name in self.ctx.metric_defs:
            return MetricRead(name, span)
        return FactRead(name, self._type(name, self.ctx.facts[name][0]), span)

    def expr(self, node: ast.Expr) -> Expr:
        lower = self.expr
        match node:
            case ast.Literal(value=value, unit=unit, span=span):
                return Const(value, _UNITS.get(unit) if unit else None, span)
            case ast.Reference(name=name, span=span):
                return self.read(name, span)
            case ast.Binary(op=op, left=left, right=right, span=span):
                return Arithmetic(op, lower(left), lower(right), span)
            case ast.Negate(operand=operand, span=span):
                return Negate(lower(operand), span)
            case ast.Compare(op=op, left=left, right=right, span=span):
                return Compare(op, lower(left), lower(right), span)
            case ast.Logical(op=op, left=left, right=right, span=span):
                return Logical(op == BOTH, lower(left), lower(right), span)
            case ast.Not(operand=operand, span=span):
                return Not(lower(operand), span)
            case ast.Conditional(condition=condition, then=then, otherwise=otherwise, span=span):
                return Conditional(lower(condition), lower(then), lower(otherwise), span)
            case ast.Call(function=function, args=args, span=span, name_span=name_span):
                return Call(BY_NAME[function].key, tuple(lower(a) for a in args), span, name_span)
            case ast.Group(inner=inner, span=span):
                return Group(lower(inner), span)
        raise AssertionError(node)


_UNITS = {ast.Unit.PERCENT: "%", ast.Unit.POINTS: "分"}

def resolve(ctx: _Context) -> None:
    _Resolve(ctx).run()


def types(ctx: _Context) -> None:
    _Types(ctx).run()


def structure(ctx: _Context) -> None:
    _Structure(ctx).run()


PASSES: tuple[Callable[[_Context], None], ...] = (resolve, types, structure)


def compile_tree(tree: ast.Ruleset) -> Plan:
    """Check a syntax tree and lower it to a plan, or raise RuleCompileError with every problem.

    The passes run in order (resolve, types, structure), each reading what the ones before
    learned; the plan is lowered only from a tree with no problem."""
    ctx = _Context(attrs.evolve(tree, indicators=tuple(reading.read_indicator(i) for i in tree.indicators)))
    for run in PASSES:
        run(ctx)
    if ctx.problems:
        raise RuleCompileError(ctx.problems)
    return _Lower(ctx).plan()
