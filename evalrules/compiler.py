"""Syntax tree -> plan: resolve names, infer and check types, check weights, grades, rounding.

All problems of a ruleset are collected and raised together as one RuleCompileError.
"""

from __future__ import annotations

import datetime
import difflib
import itertools
from collections.abc import Iterator, Sequence
from decimal import Decimal

import attrs

from . import ast
from .errors import Diagnostic, RuleCompileError
from .functions import BY_NAME
from .numbers import EXACT, RoundingPolicy, plain
from .plan import (
    BONUS_LEVELS,
    WEIGHT_NAMES,
    Band,
    BandTable,
    Beyond,
    DeviationRule,
    FactSpec,
    Grade,
    IndicatorPlan,
    Interval,
    LeafRule,
    MetricSpec,
    Plan,
    ValueType,
)
from .source import Span

_LEVEL_DEPTH = {"一级指标": 1, "二级指标": 2, "三级指标": 3, "四级指标": 4, "五级指标": 5}
_MAX_PLACES = 10


def _sum(values: Iterator[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def subexpressions(expr: ast.Expr) -> Iterator[ast.Expr]:
    """The expression and every expression inside it, outermost first."""
    yield expr
    for operand in ast.operands(expr):
        yield from subexpressions(operand)


def _band_points(band: ast.ValueBand, weight: Decimal) -> Decimal:
    """计N分; 计满分 is the weight; 得分值的80% a share of it."""
    if band.full_marks:
        return weight
    if band.share is not None:
        return EXACT.multiply(weight, band.share)
    return band.points


def references(expr: ast.Expr) -> tuple[str, ...]:
    """The names an expression reads, once each, in the order they are written."""
    return tuple(dict.fromkeys(e.name for e in subexpressions(expr) if isinstance(e, ast.Reference)))


def _below(items: list[tuple[str, Interval, Span]], value: Decimal) -> Span:
    """The range that ends just below ``value`` (where a gap begins), else the first."""
    below = [(i.high, span) for _, i, span in items if i.high is not None and i.high <= value]
    return max(below, key=lambda end: end[0])[1] if below else items[0][2]


def counted(deduction: ast.Deduction, indicator: str) -> str:
    """The fact a 每…扣/加 rule counts: the one it names, else the indicator itself."""
    return deduction.fact if deduction.fact is not None else indicator


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


class _Compiler:
    def __init__(self, tree: ast.Ruleset) -> None:
        self.tree = tree
        self.problems: list[Diagnostic] = []
        self.metric_defs: dict[str, tuple[ast.Metric, str | None]] = {}
        self.metric_types: dict[str, ValueType] = {}
        self.facts: dict[str, tuple[ValueType, Span]] = {}
        self.needed_by: dict[str, list[str]] = {}
        self.checking: list[str] = []

    def problem(self, code: str, message: str, span: Span | None,
                *hints: str, indicator: str | None = None, fact: str | None = None) -> None:
        self.problems.append(Diagnostic(code, message, span, hints, indicator, fact))

    # ---- the whole ruleset
    def compile(self) -> Plan:
        headers = self._headers()
        self._collect_metrics(self.tree.metrics, None)
        for indicator in self.tree.indicators:
            self._collect_metrics_in(indicator, (indicator.name,))
        for name in self.metric_defs:
            self._metric_type(name)
        indicators = tuple(self._indicator(i, (), 1, self.tree.indicators)
                           for i in self.tree.indicators)
        for first in self.tree.indicators:
            if first.share is not None:
                self.problem("E0202", f"一级指标「{first.name}」写了权重：按权重汇总目前只用于"
                             "上级指标之下", first.name_span,
                             "把各一级指标放进一个总的指标里，如“综合得分（100分）”。")
        if not indicators:
            self.problem("E0201", "规则文件中没有任何指标", None)
        top = _sum(i.weight for i in indicators if not i.bonus)
        full_score = headers.get("full_score")
        full_span = headers.get("full_score_span")
        if isinstance(full_score, Decimal):
            if indicators and top != full_score:
                self.problem("E0202", f"一级指标分值合计 {top} 分，与满分 {full_score} 分不符",
                             full_span if isinstance(full_span, Span) else None)
        else:
            full_score = top
        grade_step = headers.get("grade_rounding")
        grades = self._grades(headers.get("grades"), full_score,
                              grade_step if isinstance(grade_step, RoundingPolicy) else None)
        for veto in self.tree.vetoes:
            self._infer(veto.condition, ValueType.BOOL, None)
            if veto.best and not grades:
                self.problem("E0219", "一票否优需要先声明等级", veto.span)
        allowed = self._ranges()
        if self.problems:
            raise RuleCompileError(self.problems)
        title = headers.get("title")
        rounding = headers.get("rounding")
        grade_rounding = headers.get("grade_rounding")
        return Plan(
            source=self.tree.source,
            title=title if isinstance(title, str) else None,
            full_score=full_score,
            rounding=rounding if isinstance(rounding, RoundingPolicy) else None,
            grades=grades,
            indicators=indicators,
            metrics={name: attrs.evolve(spec, allowed=allowed.get(name))
                     for name, spec in self._metric_specs().items()},
            facts={name: FactSpec(name, kind, span, tuple(self.needed_by.get(name, ())),
                                  allowed.get(name))
                   for name, (kind, span) in self.facts.items()},
            vetoes=self.tree.vetoes,
            grade_rounding=grade_rounding if isinstance(grade_rounding, RoundingPolicy) else None,
        )

    def _headers(self) -> dict[str, object]:
        seen: dict[str, object] = {}
        for header in self.tree.headers:
            if header.kind in seen:
                self.problem("E0213", "表头声明重复：同一项只能声明一次", header.span)
                continue
            seen[header.kind] = header.value
            seen[header.kind + "_span"] = header.span
            if isinstance(header.value, RoundingPolicy) and header.value.places > _MAX_PLACES:
                self.problem("E0214", f"舍入位数 {header.value.places} 太大（至多 {_MAX_PLACES} 位）",
                             header.span)
        return seen

    def _ranges(self) -> dict[str, Interval]:
        allowed = {}
        for declared in self.tree.ranges:
            kind = self.metric_types.get(declared.name) or self.facts.get(
                declared.name, (None, None))[0]
            if kind is not ValueType.NUMBER:
                self.problem("E0222", f"「{declared.name}」不是规则中用到的数值事实，不能声明取值范围",
                             declared.span, "取值范围只用于规则读取的数值事实（或可给出报告值的指标值）。")
            elif declared.name in allowed:
                self.problem("E0206", f"「{declared.name}」的取值范围声明了两次", declared.span)
            allowed[declared.name] = interval(declared.low, declared.high)
        return allowed

    # ---- grades
    def _grades(self, value: object, full_score: Decimal,
                rounding: RoundingPolicy | None) -> tuple[Grade, ...]:
        if not isinstance(value, tuple):
            return ()
        grades = []
        for band in value:
            # An end at 0 or at the full score belongs to its band: no score lies beyond it.
            closed: tuple[Decimal, ...] = (Decimal(0), full_score)
            if rounding is not None and band.low and band.high and not (
                    band.low.inclusive or band.high.inclusive):
                # Graded on a rounded total, 良(80-89分) means both ends, as tables mean it.
                closed += (band.low.value, band.high.value)
            grades.append(Grade(band.name, interval(band.low, band.high, closed), band.span))
        ranges = [(g.name, g.interval, g.span) for g in grades]
        if rounding is None:
            self._coverage(ranges, Decimal(0), full_score, "E0209", "总分 {} 分", "等级")
        else:
            self._grid_coverage(ranges, full_score, rounding.places)
        return tuple(grades)

    def _grid_coverage(self, items: list[tuple[str, Interval, Span]], full_score: Decimal,
                       places: int) -> None:
        """With 定级舍入, only totals on its grid are graded: each in exactly one band."""
        step = Decimal(1).scaleb(-places)
        count = int(full_score / step)
        if count > 100_000:
            self._coverage(items, Decimal(0), full_score, "E0209", "总分 {} 分", "等级")
            return
        for index in range(count + 1):
            probe = step * index
            hits = [(name, span) for name, i, span in items if i.contains(probe)]
            if len(hits) != 1:
                where = hits[1][1] if hits else _below(items, probe)
                what = f"同时落在等级 {'、'.join(n for n, _ in hits)} 中" if hits else "不属于任何等级"
                self.problem("E0209", f"定级时的总分 {plain(probe)} 分{what}", where,
                             "检查各等级区间是否首尾相接，端点是否用（含）标明。")
                return

    def _coverage(self, items: list[tuple[str, Interval, Span]], low: Decimal | None,
                  high: Decimal | None, code: str, value: str, what: str) -> None:
        """Every value from ``low`` to ``high`` (unbounded where None) in exactly one range."""
        ends = sorted({e for _, i, _ in items for e in (i.low, i.high) if e is not None}
                      | {e for e in (low, high) if e is not None})
        ends = [e for e in ends if (low is None or e >= low) and (high is None or e <= high)]
        probes = ends + [(a + b) / 2 for a, b in itertools.pairwise(ends)]
        if ends and low is None:
            probes.append(ends[0] - 1)
        if ends and high is None:
            probes.append(ends[-1] + 1)
        percent = any(i.percent for _, i, _ in items)
        for probe in sorted(probes):
            shown = value.format(plain(probe.scaleb(2)) + "%" if percent else plain(probe))
            hits = [(name, span) for name, i, span in items if i.contains(probe)]
            if len(hits) > 1:
                self.problem(code, f"{shown}同时落在{what} {'、'.join(n for n, _ in hits)} 中",
                             hits[1][1], "区间端点只能属于一档：用（含）标明端点归属。")
                return
            if not hits:
                self.problem(code, f"{shown}不属于任何{what}", _below(items, probe),
                             "检查各区间是否首尾相接，端点是否用（含）标明。")
                return

    # ---- metrics
    def _collect_metrics(self, metrics: tuple[ast.Metric, ...], where: str | None) -> None:
        for metric in metrics:
            if metric.name in self.metric_defs:
                first = self.metric_defs[metric.name][0]
                self.problem("E0206", f"指标值「{metric.name}」重复定义（先前定义于 "
                             f"{first.span.location}）", metric.span)
                continue
            if metric.name in BY_NAME:
                self.problem("E0215", f"「{metric.name}」是内置函数名，不能用作指标值名称",
                             metric.span)
            if metric.name in WEIGHT_NAMES:
                self.problem("E0215", f"「{metric.name}」指末级指标自身的分值，不能用作指标值名称",
                             metric.span)
            self.metric_defs[metric.name] = (metric, where)

    def _collect_metrics_in(self, indicator: ast.Indicator, path: tuple[str, ...]) -> None:
        own = tuple(item for item in indicator.body if isinstance(item, ast.Metric))
        self._collect_metrics(own, "/".join(path))
        for child in indicator.children:
            self._collect_metrics_in(child, (*path, child.name))

    def _metric_type(self, name: str) -> ValueType:
        if name in self.metric_types:
            return self.metric_types[name]
        metric, where = self.metric_defs[name]
        if name in self.checking:
            cycle = " → ".join([*self.checking[self.checking.index(name):], name])
            self.problem("E0212", f"指标值的定义循环引用：{cycle}", metric.span)
            self.metric_types[name] = ValueType.NUMBER
            return ValueType.NUMBER
        self.checking.append(name)
        kind = self._infer(metric.expr, None, where)
        self.checking.pop()
        self.metric_types[name] = kind
        return kind

    def _metric_specs(self) -> dict[str, MetricSpec]:
        specs = {}
        for name, (metric, where) in self.metric_defs.items():
            specs[name] = MetricSpec(name, metric.expr, self.metric_types[name],
                                     is_percent(metric.expr), metric.span, where,
                                     references(metric.expr))
        return specs

    # ---- types
    def _use_fact(self, name: str, kind: ValueType, span: Span, where: str | None) -> None:
        if name in self.facts:
            known, first = self.facts[name]
            if known is not kind:
                self.problem("E0205", f"「{name}」在此处当作{kind.value}使用，但在 "
                             f"{first.location} 处当作{known.value}使用", span, indicator=where,
                             fact=name)
        else:
            self.facts[name] = (kind, span)
        if where is not None and where not in self.needed_by.setdefault(name, []):
            self.needed_by[name].append(where)

    def _expect(self, got: ValueType, expected: ValueType | None, expr: ast.Expr,
                where: str | None) -> ValueType:
        if expected is not None and got is not expected:
            self.problem("E0205", f"「{expr.span.text}」是{got.value}，此处需要{expected.value}",
                         expr.span, indicator=where)
        return got

    def _infer(self, expr: ast.Expr, expected: ValueType | None, where: str | None) -> ValueType:
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
                if self.checking:
                    self.problem("E0215", f"「{name}」指所在末级指标的分值，只能用在得分公式和评价要点"
                                 "条件中，不能用在指标值的定义里", expr.span, indicator=where)
                return self._expect(number, expected, expr, where)
            case ast.Reference(name=name):
                if name in self.metric_defs:
                    return self._expect(self._metric_type(name), expected, expr, where)
                self._use_fact(name, expected or number, expr.span, where)
                return expected or number
            case ast.Binary() | ast.Negate() | ast.Logical() | ast.Not():
                # Arithmetic takes and gives numbers; 且, 或, 非 take and give yes/no.
                kind = number if isinstance(expr, (ast.Binary, ast.Negate)) else boolean
                for operand in ast.operands(expr):
                    self._infer(operand, kind, where)
                return self._expect(kind, expected, expr, where)
            case ast.Compare(op=op, left=left, right=right):
                side = self._comparison_type(op, left, right)
                self._infer(left, side, where)
                self._infer(right, side, where)
                return self._expect(boolean, expected, expr, where)
            case ast.Conditional(condition=condition, then=then, otherwise=otherwise):
                self._infer(condition, boolean, where)
                kind = self._infer(then, expected, where)
                self._infer(otherwise, kind, where)
                return kind
            case ast.Call():
                return self._call(expr, expected, where)
            case ast.Group(inner=inner):
                return self._infer(inner, expected, where)
        raise AssertionError(expr)

    def _comparison_type(self, op: str, left: ast.Expr, right: ast.Expr) -> ValueType:
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

    def _call(self, call: ast.Call, expected: ValueType | None, where: str | None) -> ValueType:
        function = BY_NAME.get(call.function)
        if function is None:
            close = difflib.get_close_matches(call.function, list(BY_NAME), n=3, cutoff=0.3)
            hints = (f"是否想写：{'、'.join(close)}？",) if close else ()
            self.problem("E0203", f"没有名为「{call.function}」的函数", call.name_span,
                         *hints, f"可用的函数：{'、'.join(BY_NAME)}", indicator=where)
            return expected or ValueType.NUMBER
        count = len(call.args)
        if count < function.min_args or (function.max_args is not None
                                         and count > function.max_args):
            wanted = (f"{function.min_args} 个" if function.max_args == function.min_args
                      else f"至少 {function.min_args} 个")
            self.problem("E0204", f"函数「{call.function}」需要{wanted}参数，这里给了 {count} 个",
                         call.span, indicator=where)
        for arg in call.args:
            self._infer(arg, function.argument_type, where)
        return self._expect(ValueType.NUMBER, expected, call, where)

    # ---- indicators
    def _indicator(self, node: ast.Indicator, parent: tuple[str, ...], depth: int,
                   siblings_of: tuple[ast.Indicator, ...] = ()) -> IndicatorPlan:
        path = (*parent, node.name)
        where = "/".join(path)
        if node.level in BONUS_LEVELS and depth != 1:
            self.problem("E0211", f"「{node.name}」写作{node.level}，附加分只能是顶层指标",
                         node.name_span, "把附加分写在文件顶层，不放在其他指标之内。")
        wanted_depth = _LEVEL_DEPTH.get(node.level)
        if wanted_depth is not None and wanted_depth != depth:
            self.problem("E0211", f"「{node.name}」写作{node.level}，但它位于第 {depth} 级",
                         node.name_span, "改用与层级相符的关键字，或统一写作「指标」。")
        names: set[str] = set()
        for child in node.children:
            if child.name in names:
                self.problem("E0206", f"同一上级指标下有两个「{child.name}」", child.name_span)
            names.add(child.name)
        children = tuple(self._indicator(c, path, depth + 1, node.children)
                         for c in node.children)
        fields = tuple(item for item in node.body if isinstance(item, ast.Field))
        vetoes = tuple(item for item in node.body if isinstance(item, ast.Veto))
        for veto in vetoes:
            self._infer(veto.condition, ValueType.BOOL, where)
            if veto.best:
                self.problem("E0219", "一票否优作用于评价等级，只能写在文件顶层（指标之外）",
                             veto.span, indicator=where)
        exemptions = tuple(item for item in node.body if isinstance(item, ast.Exemption))
        choices = [item for item in node.body if isinstance(item, ast.Choice)]
        choice = choices[0] if choices else None
        if choice is not None and not node.children:
            self.problem("E0208", "择一考核写在含下级指标的指标中，下级指标就是可选的考核项",
                         choice.span, indicator=where)
        for exemption in exemptions:
            self._infer(exemption.condition, ValueType.BOOL, where)
            siblings = {sibling.name for sibling in siblings_of}
            for target in exemption.to:
                if target not in siblings or target == node.name:
                    self.problem("E0220", f"「{target}」不是「{node.name}」的同级指标，分值无法均摊过去",
                                 exemption.span, indicator=where)
            if node.children:
                self.problem("E0220", "“不扣分”“不适用”目前只能写在末级指标中", exemption.span,
                             "写在各个末级指标里。", indicator=where)
        rules = [item for item in node.body
                 if not isinstance(item, (ast.Field, ast.Metric, ast.Indicator, ast.Veto,
                                          ast.Exemption, ast.Choice))]
        rule = None
        if children:
            for item in rules:
                self.problem("E0208", f"「{node.name}」含下级指标，其得分是下级指标得分之和，"
                             "不能再写评分规则", item.span, "把评分规则移到末级指标中。")
            shares = [c.share for c in node.children]
            total = _sum(c.weight for c in children)
            if choice is not None:
                self._choice(node, choice, where)
            elif any(share is not None for share in shares):
                self._shares(node, shares)
            elif total != node.weight:
                self.problem("E0202", f"「{node.name}」的下级指标分值合计 {total} 分，"
                             f"与其分值 {node.weight} 分不符", node.name_span)
        else:
            rule = self._leaf_rule(node, rules, where)
        return IndicatorPlan(node.name, node.level, path, node.weight, fields, rule, children,
                             node.span, vetoes, exemptions, node.share, choice)

    def _choice(self, node: ast.Indicator, choice: ast.Choice, where: str) -> None:
        for child in node.children:
            if child.weight != node.weight:
                self.problem("E0202", f"择一考核的「{child.name}」分值 {plain(child.weight)} 分，"
                             f"应与「{node.name}」的分值 {plain(node.weight)} 分相同",
                             child.name_span, indicator=where)
        self._use_fact(choice.fact, ValueType.TEXT, choice.fact_span, where)

    def _shares(self, node: ast.Indicator, shares: list[Decimal | None]) -> None:
        if any(share is None for share in shares):
            self.problem("E0202", f"「{node.name}」的下级指标有的写了权重、有的没写：按权重汇总时"
                         "每个下级指标都要写权重", node.name_span)
            return
        total = _sum(share for share in shares if share is not None)
        if total != 1:
            self.problem("E0202", f"「{node.name}」的下级指标权重合计 {plain(total.scaleb(2))}%，"
                         "应为 100%", node.name_span)

    def _leaf_rule(self, node: ast.Indicator, rules: Sequence[ast.Rule], where: str) -> LeafRule:
        bases = [r for r in rules if not isinstance(r, ast.Deduction)]
        deductions = tuple(r for r in rules if isinstance(r, ast.Deduction))
        if not bases and not deductions:
            self.problem("E0207", f"末级指标「{node.name}」没有评分规则", node.name_span,
                         "写一条「得分 = …」、一组「评价要点」或一条「每出现1次…扣1分」。")
        for extra in bases[1:]:
            self.problem("E0207", f"末级指标「{node.name}」有不止一条得分规则（得分公式、评价要点、"
                         "分档、评定等）", extra.span)
        base = bases[0] if bases else None
        formula = base if isinstance(base, ast.ScoreRule) else None
        checklist = base if isinstance(base, ast.Checklist) else None
        bands = self._bands(node, base, where) if isinstance(base, ast.BandRule) else None
        deviation = self._deviation(base, where) if isinstance(base, ast.Deviation) else None
        judgement = base if isinstance(base, ast.Judgement) else None
        discretion = base if isinstance(base, ast.Discretion) else None
        if judgement is not None:
            self._judgement(node, judgement, where)
        if discretion is not None:
            self._discretion(node, discretion, where)
        if formula is not None:
            self._infer(formula.expr, ValueType.NUMBER, where)
        if checklist is not None:
            self._checklist(node, checklist, where)
        for deduction in deductions:
            if deduction.per != deduction.per.to_integral_value() or deduction.per < 1 \
                    or deduction.points <= 0:
                self.problem("E0216", "扣分规则须写成“每出现N次…扣M分”，N 为正整数，M 大于 0",
                             deduction.span, indicator=where)
            self._use_fact(counted(deduction, node.name), ValueType.OCCURRENCES,
                           deduction.fact_span or deduction.span, where)
        return LeafRule(formula, checklist, deductions, bands, deviation, judgement, discretion)

    def _judgement(self, node: ast.Indicator, rule: ast.Judgement, where: str) -> None:
        seen: set[str] = set()
        for level in rule.levels:
            if level.name in seen:
                self.problem("E0206", f"评定等级「{level.name}」写了两次", level.span,
                             indicator=where)
            seen.add(level.name)
            if level.points is not None and level.points > node.weight:
                self.problem("E0217", f"评定为「{level.name}」计 {plain(level.points)} 分，超过指标"
                             f"「{node.name}」的分值 {plain(node.weight)} 分", level.span,
                             indicator=where)
        self._use_fact(rule.fact, ValueType.LEVEL, rule.fact_span, where)

    def _discretion(self, node: ast.Indicator, rule: ast.Discretion, where: str) -> None:
        if not 0 <= rule.low <= rule.high <= node.weight:
            self.problem("E0217", f"酌情{'扣' if rule.deduct else '给'}分的范围 "
                         f"{plain(rule.low)}-{plain(rule.high)} 分须在 0 到指标分值 "
                         f"{plain(node.weight)} 分之间，且下限不大于上限", rule.span,
                         indicator=where)
        self._use_fact(rule.fact, ValueType.DISCRETION, rule.fact_span, where)

    def _bands(self, node: ast.Indicator, rule: ast.BandRule, where: str) -> BandTable:
        subject = ast.Reference(rule.subject, rule.subject_span)
        self._infer(subject, ValueType.NUMBER, where)
        for written in rule.bands:
            if written.named is not None and written.named != rule.subject:
                self.problem("E0223", f"这一档写的是「{written.named}」，但这条规则按"
                             f"「{rule.subject}」分档", written.named_span,
                             "一条分档规则只按一个值分档。", indicator=where)
            if not written.consistent:
                self.problem("E0223", "这一档的两个不等号应一个定下限、一个定上限"
                             "（如 90%≤X<95%、95%>X≥90%、≥90%且<95%）", written.span,
                             indicator=where)
        bands = tuple(Band(interval(b.low, b.high), _band_points(b, node.weight), b.span,
                           b.share) for b in rule.bands)
        for band in bands:
            if band.points > node.weight:
                self.problem("E0217", f"这一档计 {plain(band.points)} 分，超过指标「{node.name}」"
                             f"的分值 {plain(node.weight)} 分", band.span, indicator=where)
        beyond = self._beyond(rule, bands, where) if rule.step is not None else None
        ranges = [(b.interval.label, b.interval, b.span) for b in bands]
        if beyond is not None:
            ranges.append((beyond.region.label, beyond.region, beyond.rule.span))
        self._coverage(ranges, None, None, "E0217", f"「{rule.subject}」为 {{}} 时", "档")
        self._step_rule(rule.step, where)
        return BandTable(subject, bands, rule.span, beyond)

    def _beyond(self, rule: ast.BandRule, bands: tuple[Band, ...], where: str) -> Beyond | None:
        step = rule.step
        assert step is not None
        percent = any(b.interval.percent for b in bands)
        over = step.direction == "over"
        # Steps count from the end of the last band on the side the step rule goes.
        ends = [(b.interval.high if over else b.interval.low, b) for b in bands]
        if any(end is None for end, _ in ends):
            self.problem("E0218", f"“{'每超过' if over else '每低于'}…扣…分”接在分档之后，须有一档是"
                         f"{'上限（如 ≤100%）' if over else '下限（如 ≥100%）'}", step.span,
                         indicator=where)
            return None
        anchor, last = (max if over else min)(ends, key=lambda end: end[0] or 0)
        assert anchor is not None
        if over:
            region = Interval(anchor, not last.interval.high_inclusive, None, False, percent)
        else:
            region = Interval(None, False, anchor, not last.interval.low_inclusive, percent)
        return Beyond(step, region, anchor, last.points)

    def _step_rule(self, step: ast.StepRule | None, where: str) -> None:
        if step is not None and (step.amount <= 0 or step.points <= 0):
            self.problem("E0218", "每一档的幅度和扣分都须大于 0", step.span, indicator=where)

    def _deviation(self, rule: ast.Deviation, where: str) -> DeviationRule:
        actual = ast.Reference(rule.actual, rule.actual_span)
        planned = ast.Reference(rule.planned, rule.planned_span)
        for name in (actual, planned):
            self._infer(name, ValueType.NUMBER, where)
        self._step_rule(rule.step, where)
        return DeviationRule(actual, planned, rule.step, rule.span)

    def _checklist(self, node: ast.Indicator, checklist: ast.Checklist, where: str) -> None:
        total = _sum(item.points for item in checklist.items)
        if total != node.weight:
            self.problem("E0210", f"评价要点分值合计 {total} 分，与指标「{node.name}」的分值 "
                         f"{node.weight} 分不符", checklist.span)
        for item in checklist.items:
            if item.condition is not None:
                self._infer(item.condition, ValueType.BOOL, where)
            else:
                self._use_fact(item.name, ValueType.CHECK, item.span, where)


def compile_tree(tree: ast.Ruleset) -> Plan:
    """Check a syntax tree and build its plan, or raise RuleCompileError with every problem."""
    return _Compiler(tree).compile()
