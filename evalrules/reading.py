"""Syntax tree -> syntax tree: the wording of real tables read as the rules it means.

A table prints its criteria as sentences, and the parser keeps them as written: cases with
points, lapses, bands, targets, steps against another value, a rule given once for a block.
This pass reads each indicator's sentences together, as a reader of the table does, and
rewrites them into the rules the compiler checks (score rules, bands, judgements, checklists,
deductions); anything it cannot read one way is left as written, marked, for the structure
pass to refuse with its cause. It adds no meaning of its own: every rewrite says in its
docstring which wording it reads and what the table means by it.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import attrs

from . import ast
from .functions import DAYS_AFTER_MONTH_DAY, DAYS_BETWEEN
from .keywords import (
    ABSENT_WORDS,
    ACTUAL_WORDS,
    ALL_ABOVE,
    AT_DISCRETION,
    BLOCK_SUBJECTS,
    BOTH,
    COMPLETION_FACT,
    COMPLETION_SUFFIX,
    COUNT_ENDS,
    DAY_UNITS,
    DIRECTIONS,
    FIGURE_WORDS,
    FINDING_VERBS,
    OTHERWISE,
    OVERSPENT,
    PROPORTION_WORD,
    RATE_SUFFIX,
    REACHES,
    REST_WORDS,
    SAVINGS,
    SHARE_OF_WORD,
    SHARE_WORD,
    TARGET_ACTUAL,
    TARGET_STATED,
    WEIGHT_NAME,
    WEIGHT_NAMES,
    WORK_LISTED,
)
from .numbers import EXACT, ZERO, normalize, plain, to_decimal
from .source import Span

__all__ = ["absent", "band_points", "counts_items", "graded", "read_indicator", "versus_problem"]


def band_points(band: ast.ValueBand, weight: Decimal) -> Decimal:
    """计N分; 计满分 is the weight; 得分值的80% a share of it."""
    if band.full_marks:
        return weight
    if band.share is not None:
        return EXACT.multiply(weight, band.share)
    return band.points


def read_indicator(node: ast.Indicator) -> ast.Indicator:
    """Lists of cases written without 评定, read as what their points say they are.

    A table lists cases with their points and leaves the reader to see how they combine:
    - one case with the whole weight (…的，得10分；否则不得分) is a yes/no point: the
      phrase is a fact, judged 是 or 否 (or partly, with a reason);
    - two or more cases whose points add up to the weight, none of them nothing or everything
      (印制宣传手册，得1分；举办培训班，得1分；…), are the points of a checklist, each judged by
      itself (numbered ①②③ or 1、2、, or not);
    - any other list (明确得4分，基本明确得2分，不明确不得分) is levels: the evaluator picks one.
    """
    if node.children:
        node = _block_rule(node)
        return attrs.evolve(node, body=tuple(read_indicator(item) if isinstance(item, ast.Indicator)
                                             else item for item in node.body))
    node = attrs.evolve(node, body=_exceptions(tuple(
        _in_points(item, node.weight)
        for item in _apart_items(_run_together(_bands_apart(_short_names(_alone_zeroing(
            _overspent(_none_then_lapses(node.body, node.weight)))))), node.weight)), node.weight))
    node = attrs.evolve(node, body=tuple(
        attrs.evolve(item, points=node.weight, whole=False)  # 每缺一项不计分: the whole weight
        if isinstance(item, ast.Deduction) and item.whole else item for item in node.body))
    # Statements that earn part of the weight (明确得3分。基本明确得2分。不明确不得分) are degrees
    # written apart, not a full case and its lapses: they are told as several rules.
    judged = [item for item in node.body if isinstance(item, ast.Judgement) and item.fact is None]
    degrees = len(judged) > 1 and any(not level.deducted and level.points is not None
                                      and 0 < level.points < node.weight
                                      for item in judged for level in item.levels)
    body = node.body if degrees else tuple(
        read for item in node.body for read in _as_lapses(item, node.weight))
    body = _bonus_capped(_penalty_capped(_of_cases(_falling_short(body, node.weight), node.weight)))
    body = _directed(_made_of(_versus(body, node.weight)))
    deductions = tuple(item for item in body if isinstance(item, ast.Deduction))
    # Steps of a shortfall say what falls short of full marks as deductions do.
    short = any(isinstance(item, ast.ComparedSteps) for item in body)
    return attrs.evolve(node, body=tuple(_as_read(item, node, deductions, short) for item in body))


def _of_cases(body: tuple[ast.BodyItem, ...], weight: Decimal) -> tuple[ast.BodyItem, ...]:
    """…的得2分、…的得2分，未开展相关工作的视情况扣分: a deduction for the work listed (相关, 上述 …),
    said in the clause of cases whose points add up to the weight, says that an item not done
    loses its points as the evaluator sees fit: what the items of a checklist do (是, 否, or
    {得分: 1, 依据: …}); it is kept as text. After levels, or of a case not among them, it is a
    deduction from the level picked or of its own, as after other levels in one clause: marked
    for the structure pass to refuse (E0227)."""
    items = list(body)
    for index, item in enumerate(body):
        if not (isinstance(item, ast.CaseDeduction) and item.of_cases):
            continue
        cases = items[index - 1]  # the levels it was written after, in the same clause
        assert isinstance(cases, ast.Judgement)
        if _adds_up(cases, weight) and any(word in item.fact for word in (*ALL_ABOVE, WORK_LISTED)):
            items[index] = ast.note(item.span)
        else:
            items[index - 1] = attrs.evolve(cases, deduction_after=True)
    return tuple(items)


def _adds_up(cases: ast.Judgement, weight: Decimal) -> bool:
    """Cases with points of their own, each part of the weight, all of it together: items
    (not degrees of one thing, as 明确 and 基本明确 are)."""
    points = [weight if case.points is None else case.points for case in cases.levels]
    return not any(case.deducted or case.low is not None for case in cases.levels) \
        and sum(points) == weight and all(0 < p < weight for p in points) \
        and graded(cases.levels) is None


def _falling_short(body: tuple[ast.BodyItem, ...], weight: Decimal) -> tuple[ast.BodyItem, ...]:
    """成立…领导小组，…，得3分；落实办事机构、人员、经费，得2分。由区分管领导担任组长，或…不足，
    酌情给0~5分: after items whose points add up to the weight, a case the evaluator scores
    anywhere from nothing to the weight says how the items are scored where they fall short,
    which is what a checklist's part scores are (each item 是, 否 or {得分: 2, 依据: …}, so any
    total from 0 to the weight); it is kept as text."""
    items = list(body)
    for index in range(1, len(body)):
        before, item = body[index - 1], body[index]
        if isinstance(item, ast.Judgement) and item.fact is None and len(item.levels) == 1 \
                and item.levels[0].low == 0 and item.levels[0].points == weight \
                and item.levels[0].name.endswith(AT_DISCRETION) \
                and isinstance(before, ast.Judgement) and _adds_up(before, weight):
            items[index] = ast.note(item.span)
    return tuple(items)


def _block_rule(node: ast.Indicator) -> ast.Indicator:
    """以下各项均按实际完成值/目标值×该项分值计分 above the indicators it scores: each indicator
    below with no rule of its own is scored by the formula as if it wrote 培训人数按…计分, so
    each reads its own facts (培训人数, 培训人数目标值), never one shared. The sentence stays as
    the parent's text."""
    blocks = [item for item in node.body
              if isinstance(item, ast.ScoredBy) and item.subject in BLOCK_SUBJECTS]
    if not blocks:
        return node
    block = blocks[-1]

    def scored(child: ast.Indicator) -> ast.Indicator:
        if child.children:
            return attrs.evolve(child, body=tuple(scored(item) if isinstance(item, ast.Indicator)
                                                  else item for item in child.body))
        if any(not isinstance(item, ast.NOT_RULES) for item in child.body):
            return child
        rule = ast.ScoredBy(child.name, child.name_span, block.expr, block.limits, block.span)
        return attrs.evolve(child, body=(*child.body, rule))

    return attrs.evolve(node, body=tuple(
        ast.note(item.span) if item in blocks else scored(item) if isinstance(item, ast.Indicator)
        else item for item in node.body))


def _none_then_lapses(body: tuple[ast.BodyItem, ...], weight: Decimal) -> tuple[ast.BodyItem, ...]:
    """有效投诉次数为0得4分，每发生1次有效投诉扣1分 / 安全事故发生次数为0得3分，发生安全事故本项不得分:
    the band of none of a count, scoring the weight, says what the lapses after it say already of
    none happening; the count is the one the lapses count (one fact, not a band of a count and a
    count of occurrences that a fact file could give apart). It stays as text; a lapse counting
    nothing named counts the band's subject (每发生1次扣1分). A lapse of another thing is marked
    for the structure pass to refuse (E0250): which count the band reads cannot be told."""
    items = list(body)
    for index, (item, after) in enumerate(itertools.pairwise(body)):
        if not _none_band(item, weight):
            continue
        assert isinstance(item, ast.BandRule)
        match after:
            case ast.Deduction(add=False, fact=None):
                items[index + 1] = attrs.evolve(after, fact=item.subject, fact_span=item.subject_span)
            case ast.Deduction(add=False, fact=str() as lapsed) \
                    | ast.Veto(best=False, condition=ast.Reference(name=lapsed)):
                if _counted_thing(item.subject) != _lapsed_thing(lapsed):
                    items[index] = attrs.evolve(item, other_lapse=after.span)
                    continue
            case _:
                continue
        items[index] = ast.note(item.span)
    return tuple(items)


def _overspent(body: tuple[ast.BodyItem, ...]) -> tuple[ast.BodyItem, ...]:
    """成本节约率≥0得满分，超支不得分: spending over the plan is a rate of savings below 0, which the
    band of 0 and above leaves: read as the band below it, scoring nothing (one fact, the rate).
    After bands of another value (成本控制率≤100%…) 超支 is not told by that value: marked for
    the structure pass to refuse (E0251)."""
    items = list(body)
    for index, (item, after) in enumerate(itertools.pairwise(body)):
        if not (isinstance(item, ast.BandRule) and isinstance(after, ast.Judgement) and after.fact is None
                and len(after.levels) == 1 and after.levels[0].name in OVERSPENT
                and after.levels[0].points == ZERO and not after.levels[0].deducted):
            continue
        # (the bands leave only the values below 0: each has a lower end, the least 0 held)
        lows = [band.low for band in item.bands if band.low is not None]
        low = min(lows, key=lambda bound: bound.value) if len(lows) == len(item.bands) else None
        if not (item.subject.endswith(SAVINGS) and low is not None and low.value == ZERO and low.inclusive):
            items[index] = attrs.evolve(item, overspent=after.span)
            continue
        below = ast.ValueBand(None, attrs.evolve(low, inclusive=False, marked=False), ZERO, after.span)
        items[index] = attrs.evolve(item, bands=(*item.bands, below))
        items[index + 1] = ast.note(after.span)
    return tuple(items)


def _none_band(item: ast.BodyItem, weight: Decimal) -> bool:
    """为0得4分 alone: one band, of 0 only, scoring the weight, nothing beyond it."""
    if not isinstance(item, ast.BandRule) or len(item.bands) != 1 or item.step is not None \
            or item.floor is not None or item.interpolated or item.below is not None:
        return False
    band = item.bands[0]
    return (band.low is not None and band.high is not None and band.low.value == band.high.value == ZERO
            and band.low.inclusive and band.high.inclusive and not band.low.percent
            and band.base is None and band_points(band, weight) == weight)


def _counted_thing(subject: str) -> str:
    """安全事故发生次数 → 安全事故, 有效投诉次数 → 有效投诉: what a count's name counts."""
    thing = next((subject.removesuffix(end) for end in COUNT_ENDS
                  if subject.endswith(end) and subject != end), subject)
    return next((thing.removesuffix(verb) for verb in FINDING_VERBS if thing.endswith(verb)), thing)


def _lapsed_thing(lapsed: str) -> str:
    """发生安全事故 → 安全事故: what a lapse's name says happened."""
    return next((lapsed.removeprefix(verb) for verb in FINDING_VERBS if lapsed.startswith(verb)), lapsed)


def _alone_zeroing(body: tuple[ast.BodyItem, ...]) -> tuple[ast.BodyItem, ...]:
    """发生安全事故的，本项不得分 with no other rule in the leaf says what 发生安全事故的，不得分 says:
    the weight unless it happened. Beside another rule it stays the condition that zeroes it."""
    if any(isinstance(item, _SCORING) for item in body):
        return body
    return tuple(ast.Judgement(None, (ast.Level(item.condition.name, ZERO, item.span),), item.span,
                               item.condition.span)
                 if isinstance(item, ast.Veto) and not item.best
                 and isinstance(item.condition, ast.Reference) else item for item in body)


def _bands_apart(body: tuple[ast.BodyItem, ...]) -> tuple[ast.BodyItem, ...]:
    """①持证社工人数占比75%以上的得5分；②持证社工人数占比60%以上的得2分；其他不得分: bands of one
    subject written as sentences of their own are one band rule (a later one may shorten the
    name: ②大专以上学历 after ①护理人员大专以上学历); a last 其他不得分 says what the bands say
    already of the values none of them holds, and stays as text."""
    items: list[ast.BodyItem] = []
    for item in body:
        # (the number of a sentence between them, ②, is no rule)
        at = next((at for at in range(len(items) - 1, -1, -1)
                   if not isinstance(items[at], ast.ItemNumber)), None)
        before = None if at is None else items[at]
        if isinstance(item, ast.BandRule) and isinstance(before, ast.BandRule) \
                and before.step is None and before.floor is None and not before.interpolated \
                and before.subject.endswith(item.subject):
            assert at is not None
            items[at] = attrs.evolve(before, bands=(*before.bands, *item.bands), step=item.step,
                                     floor=item.floor, interpolated=item.interpolated)
        elif isinstance(item, ast.Judgement) and isinstance(before, ast.BandRule) \
                and item.fact is None and len(item.levels) == 1 \
                and item.levels[0].name in REST_WORDS and item.levels[0].points == 0 \
                and not item.levels[0].deducted:
            items.append(ast.note(item.span))
        else:
            items.append(item)
    return tuple(items)


def _short_names(body: tuple[ast.BodyItem, ...]) -> tuple[ast.BodyItem, ...]:
    """A subject said by the last words of a value the leaf defines (固定资产利用率=…。利用率≥95%
    得4分) is that value: the table shortens a name it has just given, it does not ask for a
    second figure. Only a leaf's own values count, and only one that ends so; a name defined
    itself, or the end of two values, is left as written."""
    defined = [item.name for item in body if isinstance(item, ast.Metric)]

    def full(name: str) -> str:
        longer = [d for d in defined if d.endswith(name) and d != name]
        return longer[0] if len(longer) == 1 and name not in defined else name

    def named(band: ast.ValueBand) -> ast.ValueBand:
        return band if band.named is None else attrs.evolve(band, named=full(band.named))

    return tuple(attrs.evolve(item, subject=full(item.subject), bands=tuple(map(named, item.bands)))
                 if isinstance(item, ast.BandRule) and defined else item for item in body)


def _made_of(body: tuple[ast.BodyItem, ...]) -> tuple[ast.BodyItem, ...]:
    """具备要素1得20%，具备要素2得40%…。业绩值为100%得满分，…: the elements make up the value the
    one band rule of the leaf reads, a metric of that name: the sum of each element's worth, a
    yes/no element's if it holds, a counted one's for each one. An element's name may end with
    that value's (具备一个得分要素业绩值加0.5 counts 得分要素); the list may go on after a semicolon.
    With no band rule, or more than one, the elements are left for the structure pass to refuse."""
    lists = [item for item in body if isinstance(item, ast.Elements)]
    bands = [item for item in body if isinstance(item, ast.BandRule)]
    if not lists or len(bands) != 1:
        return body
    made, value, last = lists[0], bands[0].subject, lists[-1].span
    # The metric's words are all the lists, from the first to the last.
    said = attrs.evolve(made.span, end=last.end, end_line=last.end_line, end_column=last.end_column)
    terms: list[ast.Expr] = []
    for element in (element for listed in lists for element in listed.elements):
        span = element.span
        fact = ast.Reference(element.name.removesuffix(value) or element.name, span)
        nothing = ast.Literal(ZERO, element.worth.unit, span)
        terms.append(ast.Binary("×", fact, element.worth, span) if element.counted
                     else ast.Conditional(fact, element.worth, nothing, span))
    total = functools.reduce(lambda left, right: ast.Binary("+", left, right, said), terms)
    return tuple(ast.Metric(value, total, said) if item is made else item for item in body
                 if item is made or item not in lists)


def _exceptions(body: tuple[ast.BodyItem, ...], weight: Decimal) -> tuple[ast.BodyItem, ...]:
    """…实行了集中管理。3分*分散采购不得分，未完全实行集中管理，酌情扣分: after the case that
    earns the weight, a case scoring nothing and one the evaluator deducts for are two exceptions
    to it: the first costs the whole weight, the second is deducted from the full marks of the
    case before (as 符合要求的得3分，否则酌情扣分 is). Other lists are left as they are."""
    items = list(body)
    for index, rule in enumerate(body):
        if not isinstance(rule, ast.CaseDiscretion) or rule.first is None \
                or rule.first.deducted or rule.first.points != 0:
            continue
        before = [at for at in range(index) if not isinstance(body[at], (ast.Field, ast.WeightNote))]
        full = body[before[-1]] if before else None
        if isinstance(full, ast.Judgement) and full.fact is None and len(full.levels) == 1 \
                and full.levels[0].points in (None, weight) and not full.levels[0].deducted:
            items[before[-1]] = attrs.evolve(rule, first=full.levels[0])
            items[index] = ast.Judgement(None, (rule.first,), rule.first.span, rule.first.span)
    return tuple(items)


def _bonus_capped(body: tuple[ast.BodyItem, ...]) -> tuple[ast.BodyItem, ...]:
    """最高加N分 closes the clause of bonuses just before it (back to a ； or 。); right after a
    formula, 最高N分 is the formula's cap. One bonus (or 酌情加分) takes it as its own cap;
    several (…加2分，…加3分，最高加5分) share it, which is the leaf's cap only when they are all
    its rules (marked ``whole``, lowered as a Limit); otherwise the cap is left unmarked for the
    structure pass to refuse."""
    items: list[ast.BodyItem | None] = list(body)
    for index, cap in enumerate(body):
        if not isinstance(cap, ast.BonusCap):
            continue
        formula = items[index - 1] if index else None
        if isinstance(formula, ast.ScoreRule):
            # 得分=完成率×分值，最高不超过10分: the formula's own cap, as 最高不超过分值 is.
            limit = ast.Limit("over", cap.points, cap.points, cap.span)
            items[index - 1] = attrs.evolve(formula, limits=(*formula.limits, limit))
            items[index] = None
            continue
        run: list[int] = []
        after = cap.span.start
        for before in range(index - 1, -1, -1):
            item = items[before]
            if not ((isinstance(item, ast.Deduction) and item.add)
                    or isinstance(item, ast.BonusDiscretion)) \
                    or re.search("[;；。]", cap.span.source.text[item.span.end:after]):
                break
            run.append(before)
            after = item.span.start
        rules = [item for item in body if not isinstance(item, ast.NOT_RULES)]
        if len(run) == 1:
            rule = items[run[0]]
            assert isinstance(rule, ast.Deduction | ast.BonusDiscretion)
            most = cap.points if rule.most is None else min(cap.points, rule.most)
            items[run[0]] = attrs.evolve(rule, most=most)
            items[index] = ast.note(cap.span, cap.span.text.lstrip("，,;；。"))
        elif run and len(run) == len(rules):
            items[index] = attrs.evolve(cap, whole=True)
    return tuple(item for item in items if item is not None)


def _run_together(body: tuple[ast.BodyItem, ...]) -> tuple[ast.BodyItem, ...]:
    """Levels with nothing between one's points and the next case (…落实到位，得4分对…一般，得2分；…)
    are one list whose separator the table lost, as a cell copied from a PDF runs its lines on.
    Written apart (明确得3分。基本明确得2分。) they stay several rules, as the separator says."""
    merged: list[ast.BodyItem] = []
    for item in body:
        before = merged[-1] if merged else None
        if _plain_levels(item) and _plain_levels(before):
            assert isinstance(item, ast.Judgement) and isinstance(before, ast.Judgement)
            if not item.span.source.text[before.span.end:item.span.start].strip():
                span = attrs.evolve(before.span, end_line=item.span.end_line,
                                    end_column=item.span.end_column, end=item.span.end)
                merged[-1] = attrs.evolve(before, levels=before.levels + item.levels, span=span)
                continue
        merged.append(item)
    return tuple(merged)


def _apart_items(body: tuple[ast.BodyItem, ...], weight: Decimal) -> tuple[ast.BodyItem, ...]:
    """Sentences of one case each (…招募工作计2分。按时按标准开展志愿服务计2分), every one earning
    part of the weight and all of them the weight together, none a degree of another: the items
    of one list, each judged by itself. As degrees (one picked) none would reach full marks."""
    judged = [item for item in body if isinstance(item, ast.Judgement)]
    rules = [item for item in body if not isinstance(item, ast.NOT_RULES)]
    if len(judged) < 2 or len(rules) != len(judged) or not all(
            _plain_levels(item) and len(item.levels) == 1 for item in judged):
        return body
    levels = tuple(item.levels[0] for item in judged)
    if sum(level.points or weight for level in levels) != weight or graded(levels) is not None \
            or any(level.deducted or level.low is not None or not 0 < (level.points or weight) < weight
                   for level in levels):
        return body
    first, last = judged[0], judged[-1]
    span = attrs.evolve(first.span, end_line=last.span.end_line, end_column=last.span.end_column,
                        end=last.span.end)
    merged = attrs.evolve(first, levels=levels, span=span)
    rest = {id(item) for item in judged[1:]}
    return tuple(merged if item is first else item for item in body if id(item) not in rest)


def _in_points(item: ast.BodyItem, weight: Decimal) -> ast.BodyItem:
    """Levels whose ranges are deductions (制度不健全的，扣1-3分: the weight less 3 to the weight
    less 1) or shares of the weight (得分为分值的80%（含）-100%), in points. The first share
    must say so; the later ones may go on bare (部分达成的，60%（含）-80%). Bare from the first
    (优，90%-100%), the list is left for the structure pass to refuse. So is a step's share of the
    weight (每降低0.5扣除权重分的1/4)."""
    if isinstance(item, ast.BandRule) and item.step is not None and item.step.of_weight is not None:
        points = to_decimal(normalize(item.step.of_weight * Fraction(weight)))
        if points is not None:  # else the structure pass refuses it
            return attrs.evolve(item, step=attrs.evolve(item.step, points=points, of_weight=None))
    if not isinstance(item, ast.Judgement):
        return item
    item = attrs.evolve(item, levels=tuple(
        attrs.evolve(level, points=EXACT.subtract(weight, level.low),
                     low=EXACT.subtract(weight, level.points), deducted=False)
        if level.deducted and level.low is not None and level.points is not None else level
        for level in item.levels))
    shares = [level for level in item.levels if level.share]
    if not shares or not shares[0].said:
        return item
    return attrs.evolve(item, levels=tuple(
        attrs.evolve(level, points=EXACT.multiply(level.points, weight),
                     low=None if level.low is None else EXACT.multiply(level.low, weight),
                     share=False)
        if level.share and level.points is not None else level
        for level in item.levels))


def _plain_levels(item: ast.BodyItem | None) -> bool:
    """Levels alone, judging the indicator, with nothing after them in their clause."""
    return isinstance(item, ast.Judgement) and item.fact is None and not item.labelled \
        and not item.deduction_after and item.unpaired is None


def _directed(body: tuple[ast.BodyItem, ...]) -> tuple[ast.BodyItem, ...]:
    """定量指标若为正向指标（即指标值为≥*），则得分=A；若为反向指标（即指标值≤*），则得分=B: one
    formula alone is the leaf's; one for each kind, with the same caps, is chosen by a yes/no fact
    named by the positive kind (正向指标: 是; 否 is the other kind, the only other the table
    names). Any other set (two for one kind) stays as several formulas, which the structure pass
    refuses. The words before each 得分 are kept as text, where the first formula stood."""
    directed = [item for item in body if isinstance(item, ast.Directed)]
    if not directed:
        return body
    rules: tuple[ast.BodyItem, ...] = tuple(item.rule for item in directed)
    kinds = [item.positive for item in directed]
    caps = [tuple((c.kind, c.threshold, c.value) for c in item.rule.limits) for item in directed]
    if len(directed) == 2 and set(kinds) == {True, False} and caps[0] == caps[1]:
        positive, negative = directed if kinds[0] else directed[::-1]
        span = directed[0].span
        chosen = ast.Conditional(ast.Reference(DIRECTIONS[0], span), positive.rule.expr,
                                 negative.rule.expr, span)
        rules = (ast.ScoreRule(chosen, positive.rule.limits, span),)
    notes = tuple(ast.note(item.span, item.said) for item in directed)
    first = body.index(directed[0])
    rest = tuple(item for item in body if not isinstance(item, ast.Directed))
    return rest[:first] + notes + rules + rest[first:]


def _penalty_capped(body: tuple[ast.BodyItem, ...]) -> tuple[ast.BodyItem, ...]:
    """在基础分上减分最高3分：…每个问题减1分: the one deduction takes at most the points stated
    (its own 扣满 too, whichever is less); the words are kept as text. With no deduction, or
    several (one cap over all, or one each?), the cap is left for the structure pass to refuse."""
    caps = [item for item in body if isinstance(item, ast.PenaltyCap)]
    deductions = [item for item in body if isinstance(item, ast.Deduction) and not item.add]
    if len(caps) != 1 or len(deductions) != 1:
        return body
    cap, deduction = caps[0], deductions[0]
    most = cap.points if deduction.most is None else min(cap.points, deduction.most)
    return tuple(ast.note(cap.span, cap.span.text.lstrip("，,;；。")) if item is cap
                 else attrs.evolve(deduction, most=most) if item is deduction else item
                 for item in body)


def _as_lapses(item: ast.BodyItem, weight: Decimal) -> tuple[ast.BodyItem, ...]:
    """Cases that only lose points, after at most one that earns the whole weight, as lapses
    that each cost their points once (资料齐全得15分，未完成验收扣5分，资料不全扣5分 / 超龄的不得分).

    Read as levels, two lapses found together would cost one deduction; read as lapses, cases
    that are really degrees of one thing (基本完成扣5分，未完成不得分) still score as written,
    as only one of them holds. One losing case after a full one stays a level (齐全的得2分，
    不齐全的扣2分), as does any list where a later case earns points or says 否则, or where one
    case holds another's words (资料不全扣2分，资料严重不全扣5分): a graded scale, where both
    would hold and cost twice."""
    if isinstance(item, ast.LapsesInTurn) and len(item.names) == len(item.costs):
        return tuple(ast.Deduction(Decimal(1), name, cost, True, item.span, item.fact_span,
                                   add=item.add, most=cost)
                     for name, cost in zip(item.names, item.costs, strict=True))
    if isinstance(item, ast.CaseDiscretion) and item.first is not None and item.first.points == 0 \
            and not item.first.deducted:
        # 没有的不得分，不足的据实扣分: that case costs the whole weight; short of it, the
        # evaluator deducts from the weight
        first = item.first
        return (ast.Deduction(Decimal(1), first.name, weight, True, first.span, first.span,
                              most=weight), attrs.evolve(item, first=None))
    if not isinstance(item, ast.Judgement) or item.fact is not None or not item.levels:
        return (item,)
    if any(case.deducted and case.points == 0 for case in item.levels):
        return (item,)  # 好、中、差，分别扣0、2、4分: a case that costs nothing makes them degrees
    first = item.levels[0]
    full = not first.deducted and first.points in (None, weight)
    losing = item.levels[1:] if full else item.levels
    if not losing or (full and len(losing) < 2) or graded(losing) is not None or any(
            case.name in OTHERWISE or not (case.deducted or case.points == 0) for case in losing):
        return (item,)
    lapses = tuple(ast.Deduction(Decimal(1), case.name, _cost(case, weight), True, case.span,
                                 case.span, most=_cost(case, weight)) for case in losing)
    return ((ast.note(first.span),) if full else ()) + lapses


def graded(cases: tuple[ast.Level, ...]) -> tuple[ast.Level, ast.Level] | None:
    """Two cases of which one holds the other's words in order (资料不全 / 资料严重不全), if any."""
    def within(mild: str, severe: str) -> bool:
        rest = iter(severe)
        return mild != severe and all(char in rest for char in mild)
    return next(((mild, severe) for mild in cases for severe in cases
                 if within(mild.name, severe.name)), None)


def _cost(case: ast.Level, weight: Decimal) -> Decimal:
    """What a losing case costs: its deduction (扣5分), or the whole weight (不得分)."""
    return case.points if case.deducted and case.points is not None else weight


# What scores a leaf besides an evaluator's deduction for a case.
_SCORING = (ast.ScoreRule, ast.BandRule, ast.Judgement, ast.Checklist, ast.Target, ast.Discretion,
            ast.Deviation, ast.ByCompletion, ast.ScoredBy, ast.CaseDiscretion, ast.Deduction,
            ast.Compared)


def _as_read(item: ast.BodyItem, node: ast.Indicator,
             deductions: tuple[ast.Deduction, ...], short: bool) -> ast.BodyItem:
    match item:
        case ast.BandRule() if any(band.formula is not None for band in item.bands):
            return _formula_bands(item)
        case ast.Judgement(fact=None) | ast.Judgement(labelled=True):
            return _checklist_of(item, node.weight, deductions, short)
        case ast.Target() if not item.wholly or _is_whole(item):
            return _target_rule(item)
        case ast.ScoreRule(value_cap=ast.ValueCap()):
            return _value_capped(item)
        case ast.CaseDiscretion():
            return _at_discretion(item, node)
        case ast.CaseDeduction():
            # Alone, the evaluator's deduction is the indicator's own (档案不全的，酌情扣分); after
            # another rule, a fact named by its case (…相符的得10分。存在…的，酌情扣分).
            alone = not any(isinstance(other, _SCORING) for other in node.body)
            return ast.Discretion(node.name if alone else item.fact, True, Decimal(0),
                                  node.weight if item.most is None else item.most, item.span,
                                  item.fact_span)
        case ast.ByCompletion():
            return _by_completion(item, node)
        case ast.ScoredBy():
            return _scored_by(item)
        case ast.BonusDiscretion():  # as 酌情给分 on the indicator itself, from nothing
            most = node.weight if item.most is None else item.most
            return ast.Discretion(node.name, False, Decimal(0), most, item.span, item.span)
        case ast.ShareRanges() if item.whole:
            # Ranges that hold the whole weight between them leave the score to the evaluator,
            # from nothing to the weight, as 酌情给分 does.
            return ast.Discretion(node.name, False, Decimal(0), node.weight, item.span, item.span)
        case ast.ChoiceNote():  # the leaf's figures are of the measure chosen
            return ast.note(item.span)
        case ast.WeightNote() if item.points == node.weight:  # else the structure pass refuses it
            return ast.note(item.span)
        case ast.BandRule(below=(None, ast.Bound())) if _below_reads(item, node.weight):
            return _below_in_proportion(item)
        case ast.BandRule(interpolated=True):
            return _interpolated(item, node.weight)
        case ast.Proportion() if item.base.endswith(item.again):
            return _in_proportion(item)
        case ast.BandRule(bands=()):
            return _beside_region(item)
        case ast.Deadline(per=1) if item.unit in DAY_UNITS:
            return _by_deadline(item)
        case ast.BandRule(step=ast.StepRule(named=str(named), named_span=Span() as span)) \
                if REACHES in item.subject[1:] and named != item.subject:
            # 开工建设面积达到年度任务90%及以上的，得4分；比例不足90%时，每减少5%…: the ratio the
            # first band describes is named where the steps say it again; reached, a number alone
            # is the least of it (达到计划面积100%的: 100% or more), as after 达到 itself.
            first = item.bands[0]
            if first.low is not None and first.low is first.high and first.low.bare:
                first = attrs.evolve(first, high=None)
            return attrs.evolve(item, subject=named, subject_span=span, bands=(first, *item.bands[1:]))
        case ast.ComparedLapse() if absent(item, deductions) is None:
            return _compared_bands(item, node.weight)
        case ast.ComparedSteps(points_apart=False) if not _rate_named(item):
            return ast.Deviation(item.actual, item.planned, item.step, item.span,
                                 item.actual_span, item.planned_span)
    return item


def _formula_bands(rule: ast.BandRule) -> ast.BandRule:
    """受益对象满意度<80%，按满意度×10分计分: in a band's formula the last words of the subject's
    name (满意度) and the words of the actual value (实际完成值 …) are the subject; other names
    stay as written, for the structure pass to refuse."""
    subject = ast.Reference(rule.subject, rule.subject_span)

    def stated(word: str) -> ast.Expr:
        return ast.Reference(word, rule.span)  # (_put_in gives it the word's own span)

    return attrs.evolve(rule, bands=tuple(
        band if band.formula is None else attrs.evolve(
            band, formula=_put_in(band.formula, subject, stated))
        for band in rule.bands))


def _by_deadline(rule: ast.Deadline) -> ast.ScoreRule:
    """5月31日前完成…得10分，每提前或推迟1天加扣1分: 得分 = 10分 − 天数×1分, the days after 5月31日 of
    the year the task was done (before it, fewer than none: added); late only (每推迟1天扣1分),
    the days early count nothing. A cap on the deduction (最多扣3分) holds it."""
    span = rule.span

    def number(value: Decimal | int, unit: ast.Unit = ast.Unit.NUMBER) -> ast.Literal:
        return ast.Literal(Decimal(value), unit, span)

    done = ast.Reference(rule.fact, rule.fact_span)
    deadline = (number(rule.month), number(rule.day)) if rule.date is None else \
        (ast.Literal(rule.date, None, span),)
    days: ast.Expr = ast.Call(DAYS_AFTER_MONTH_DAY if rule.date is None else DAYS_BETWEEN,
                              (done, *deadline), span, span)
    if not rule.both_ways:
        days = ast.Call("最大值", (days, number(0)), span, span)
    lost: ast.Expr = ast.Binary("×", days, number(rule.cost, ast.Unit.POINTS), span)
    if rule.most is not None:
        lost = ast.Call("最小值", (lost, number(rule.most, ast.Unit.POINTS)), span, span)
    return ast.ScoreRule(ast.Binary("-", number(rule.points, ast.Unit.POINTS), lost, span), (), span)


def absent(lapse: ast.ComparedLapse, deductions: tuple[ast.Deduction, ...]) -> ast.Deduction | None:
    """未配备专职人员扣3分, beside 专职人员少于2人扣2分: a lapse of none of the number compared,
    which holds at 0 as the comparison does."""
    absent = {f"{word}{lapse.subject}" for word in ABSENT_WORDS}
    return next((deduction for deduction in deductions if deduction.fact in absent), None)


def _compared_bands(lapse: ast.ComparedLapse, weight: Decimal) -> ast.BandRule:
    """专职人员少于2人扣2分 as bands of 专职人员: below 2, the weight less 2 (not below 0); the
    rest, the weight."""
    below = lapse.op.startswith("<")
    held = attrs.evolve(lapse.bound, inclusive=lapse.op in ("<=", ">="), marked=True)
    rest = attrs.evolve(held, inclusive=not held.inclusive)
    costing = ast.ValueBand(None if below else held, held if below else None,
                            max(weight - lapse.cost, ZERO), lapse.span)
    full = ast.ValueBand(rest if below else None, None if below else rest, ZERO, lapse.span,
                         full_marks=True)
    return ast.BandRule(lapse.subject, (costing, full), lapse.span, lapse.subject_span)


def _rate_named(rule: ast.ComparedSteps) -> bool:
    """A name ending in 率 (完成率低于目标完成率的，每低1%…) is a rate, where 1% may be a point of
    the two rates' difference or a share of the other value."""
    return any(name.endswith(RATE_SUFFIX) for name in (rule.actual, rule.planned))


def _beside_region(rule: ast.BandRule) -> ast.BandRule:
    """清运率未达100%的，每低1个百分点扣1分: the values beside the region the steps count in score
    the weight, a band the table leaves unwritten. A region bounded on both sides (or none) has
    no one side beside it; the structure pass refuses the rule with no band."""
    assert rule.step is not None and rule.step.restated is not None
    low, high = rule.step.restated
    if (low is None) == (high is None):
        return rule
    end = low if low is not None else high
    assert end is not None
    if end.inclusive and (low is not None) == (rule.step.direction == "under"):
        # 500公斤以上，每少于50公斤扣5分: a range that holds its end, on the side away from the
        # steps, is the band that scores the weight (its points unsaid); the steps count from it.
        band = ast.ValueBand(low, high, Decimal(0), rule.step.span, full_marks=True)
        return attrs.evolve(rule, bands=(band,), step=attrs.evolve(rule.step, restated=None))
    # The end the region does not hold is the band's, and the other way round.
    beside = attrs.evolve(end, inclusive=not end.inclusive, marked=True, by_default=False)
    band = ast.ValueBand(beside if high is not None else None, beside if low is not None else None,
                         Decimal(0), rule.step.span, full_marks=True)
    return attrs.evolve(rule, bands=(band,))


def _in_proportion(rule: ast.Proportion) -> ast.ScoreRule:
    """高于乙的得满分，低于乙的按比例减分: 如果 甲 >= 乙 则 分值 否则 甲/乙×分值. The second
    time the table may shorten 乙 to its end (中央资金增幅 → 增幅)."""
    return _up_to(ast.Reference(rule.subject, rule.subject_span),
                  ast.Reference(rule.base, rule.base_span), ">=", rule.span)


# The comparison that holds where another does not (达到 / 未达到, 未超过 / 超过).
_COMPLEMENT = {">=": "<", ">": "<=", "<=": ">", "<": ">="}
_UPWARD = (">=", ">")


def versus_problem(rule: ast.Compared, weight: Decimal) -> tuple[str, str, Span, str] | None:
    """Why 受益人口达到计划数的得3分，未达到的… cannot be read one way, as (code, message, where,
    hint); None when it can: the second clause holds exactly where the first does not, names
    the same two values (or the ends of their names), and what it scores says one thing."""
    subject, other = rule.subject, rule.other
    rule = _said_in_proportion(rule)
    same_way = (rule.op in _UPWARD) == (rule.again_op in _UPWARD)
    # 高于乙的得满分，低于乙的按比例减分: at 乙 itself 甲/乙×分值 is the weight, as full marks are,
    # so the tie neither clause (or both) holds scores one way.
    tie_alike = rule.proportional and not same_way and rule.met in (None, weight)
    if rule.again_op != _COMPLEMENT[rule.op] and not tie_alike:
        level = "两句都适用" if rule.op.endswith("=") and rule.again_op.endswith("=") else "两句都不适用"
        why = "两句说的是同一侧，另一侧的值没有写得几分" if same_way else \
            f"「{subject}」等于「{other}」时{level}"
        return ("E0244", f"“{rule.span.text}”的后一句不是前一句之外的情形：{why}", rule.again_span,
                "后一句写前一句的反面：达到—未达到（低于），未超过（不超过）—超过。")
    for said, named in ((rule.again_subject, subject), (rule.again_other, other)):
        if said is not None and not named.endswith(said):
            return ("E0244", f"后一句比较的「{said}」不是前一句的「{named}」：不知道比较的是哪个值",
                    rule.again_span, f"两句写同一个值（「{named}」），或写它的末尾几个字。")
    if rule.formula is not None:
        strange = sorted({name for name in _names(rule.formula)
                          if _pair_name(name, subject, other) is None})
        if strange:
            listed = "、".join(f"「{name}」" for name in strange)
            return ("E0245", f"公式中的{listed}不是前一句比较的「{subject}」或「{other}」：不知道是"
                    "不是同一个值，不替评分表认定", rule.formula.span,
                    f"公式中写「{subject}」「{other}」（或它们名称的末尾几个字、完成值、指标值），"
                    "或先定义这个值（甲 = …）。")
    points = [p for p in (rule.met, rule.unmet) if p is not None]
    if any(p > weight for p in points):
        return ("E0217", f"“{rule.span.text}”写的 {plain(max(points))} 分超过指标分值 {plain(weight)} 分",
                rule.span, "改正分值，或写“得满分”。")
    if rule.met is not None and rule.formula is None and rule.step is None \
            and not rule.proportional and max(points) < weight:
        return ("E0226", f"“{rule.span.text}”两句都得不到指标分值 {plain(weight)} 分", rule.span,
                "写出得满分的一句（如“达到…的，得满分”）。")
    upward = rule.op in _UPWARD
    full = rule.met is None or rule.met == weight
    step = rule.step
    if step is not None and step.direction != ("under" if upward else "over"):
        return ("E0246", f"前一句{'达到' if upward else '不超过'}「{other}」得分，后一句却按"
                f"{'超过' if upward else '低于'}的幅度扣分：扣分的一侧与得分的一侧相同", step.span,
                f"写成“{'每低于' if upward else '每超过'}…扣…分”。")
    if (step is not None or rule.proportional) and rule.met is not None and not full:
        return ("E0246", f"前一句只得 {plain(rule.met)} 分、不是满分，后一句却从满分扣分或按比例计分",
                rule.span, "前一句写“得满分”，或后一句写得几分。")
    if step is not None and step.in_percent and not rule.points_apart \
            and (subject.endswith(RATE_SUFFIX) or other.endswith(RATE_SUFFIX)):
        return ("E0246", f"“{subject}”与“{other}”是比率，幅度写成 % 有两种读法：两个百分数之差"
                f"（95.6% 比 96% 低 0.4 个百分点），或相差占「{other}」的百分比（0.4÷96 = 0.42%）",
                step.span, "两个百分数之差写“每低1个百分点”；相差的百分比写“与…每低于1%”。")
    if rule.proportional and not upward:
        return ("E0246", f"超过「{other}」时“按比例”有两种读法：{other}/{subject}，或按超出的比例扣分",
                rule.span, f"写出公式，如“按{other}/{subject}×分值计分”。")
    return None


def _said_in_proportion(rule: ast.Compared) -> ast.Compared:
    """未达到的，按实际完成值占年度指标值的比例计分: the share of the one value in the other, as
    按比例计分 says it (the pair's names as the formula's are read)."""
    match rule.formula:
        case ast.Reference(name=name) if name.endswith(SHARE_OF_WORD + PROPORTION_WORD):
            whole, _, part = name.removesuffix(SHARE_OF_WORD + PROPORTION_WORD).partition(SHARE_WORD)
            if _pair_name(whole, rule.subject, rule.other) == rule.subject \
                    and _pair_name(part, rule.subject, rule.other) == rule.other:
                return attrs.evolve(rule, formula=None, proportional=True)
    return rule


def _names(node: ast.Expr) -> list[str]:
    """Every name the formula reads."""
    found: list[str] = []

    def seen(name: ast.Reference) -> ast.Expr:
        found.append(name.name)
        return name
    _swapped(node, seen)
    return found


def _pair_name(name: str, subject: str, other: str) -> str | None:
    """Which of the two values compared ``name`` is in the formula of the case not met: itself
    or the end of its name, 实际受益人口 for 受益人口 (and 完成值, 实际值 …), 计划受益人口 for
    计划数 (and 指标值, 目标值 …); the weight by its names. None: neither, or both."""
    if name in (subject, other) or name in WEIGHT_NAMES:
        return name
    stem = other[:-1] if len(other) > 1 and other[-1] in FIGURE_WORDS else None
    found = {value for value, said in (
        (subject, name in TARGET_ACTUAL or name in {word + subject for word in ACTUAL_WORDS}),
        (other, name in TARGET_STATED or (stem is not None and name == stem + subject)))
        if said}
    found |= {value for value in (subject, other) if value.endswith(name) and len(name) > 1}
    return found.pop() if len(found) == 1 else None


def _versus(body: tuple[ast.BodyItem, ...], weight: Decimal) -> tuple[ast.BodyItem, ...]:
    """受益人口达到计划数的得3分，未达到的…, read as the rule it means where it reads one way
    (versus_problem); otherwise left for the structure pass to refuse."""
    return tuple(read for item in body for read in (
        _versus_read(item) if isinstance(item, ast.Compared)
        and versus_problem(item, weight) is None else (item,)))


def _versus_read(rule: ast.Compared) -> tuple[ast.BodyItem, ...]:
    """如果 甲 (op) 乙 则 (what it scores) 否则 (the rest: points, the formula with the pair's
    names, 甲/乙×分值); steps of a share of 乙 (每超过10%) as a one-sided deviation; steps of a
    difference (每低1个百分点, 每超过1天) as a band of 甲 − 乙 from 0 and steps beyond it."""
    span, rule = rule.span, _said_in_proportion(rule)
    subject = ast.Reference(rule.subject, rule.subject_span)
    other = ast.Reference(rule.other, rule.other_span)
    step = rule.step
    if step is not None and step.in_percent and not rule.points_apart:
        return (ast.Deviation(rule.subject, rule.other, step, span, rule.subject_span,
                              rule.other_span),)
    if step is not None:
        name = f"{rule.subject}与{rule.other}之差"
        end = ast.Bound(Decimal(0), rule.op.endswith("="), span, percent=step.in_percent,
                        marked=True, unit=step.unit)
        upward = rule.op in _UPWARD
        band = ast.ValueBand(end if upward else None, None if upward else end, Decimal(0), span,
                             full_marks=True)
        return (ast.Metric(name, ast.Binary("-", subject, other, span), span),
                ast.BandRule(name, (band,), span, rule.subject_span, step))
    if rule.proportional:
        return (_up_to(subject, other, ">=", span),)
    met: ast.Expr = ast.Reference(WEIGHT_NAME, span) if rule.met is None \
        else ast.Literal(rule.met, ast.Unit.POINTS, span)
    pair = {rule.subject: subject, rule.other: other}

    def paired(name: ast.Reference) -> ast.Expr:
        value = _pair_name(name.name, rule.subject, rule.other)
        return attrs.evolve(pair[value], span=name.span) if value in pair else name

    unmet = _swapped(rule.formula, paired) if rule.formula is not None \
        else ast.Literal(rule.unmet or ZERO, ast.Unit.POINTS, span)
    return (ast.ScoreRule(ast.Conditional(ast.Compare(rule.op, subject, other, span), met, unmet,
                                          span), (), span),)


def _up_to(subject: ast.Expr, end: ast.Expr, reached: str, span: Span) -> ast.ScoreRule:
    """如果 甲 (reached) 乙 则 分值 否则 甲/乙×分值: full marks from the end on, in proportion below."""
    weight = ast.Reference(WEIGHT_NAME, span)
    return ast.ScoreRule(ast.Conditional(
        ast.Compare(reached, subject, end, span), weight,
        ast.Binary("×", ast.Binary("/", subject, end, span), weight, span), span), (), span)


def _below_reads(rule: ast.BandRule, weight: Decimal) -> bool:
    """The one band has only a lower end and full marks, and 低于…的 is the values below it."""
    if len(rule.bands) != 1 or rule.step is not None or rule.floor is not None \
            or rule.below is None:
        return False
    band, (_, end) = rule.bands[0], rule.below
    return band.low is not None and band.high is None and end is not None \
        and (band.full_marks or band.points == weight) and end.value == band.low.value \
        and end.percent == band.low.percent and end.inclusive != band.low.inclusive


def _below_in_proportion(rule: ast.BandRule) -> ast.ScoreRule:
    """预算执行率≥90%得满分，低于90%的按比例扣分: 如果 执行率 >= 90% 则 分值 否则 执行率/90%×分值."""
    end = rule.bands[0].low
    assert end is not None
    return _up_to(ast.Reference(rule.subject, rule.subject_span), _literal(end),
                  ">=" if end.inclusive else ">", rule.span)


def _interpolated(rule: ast.BandRule, weight: Decimal) -> ast.BandRule | ast.ScoreRule:
    """达到30%的得满分，10%以下不得分，在上述比例之间的按比例计分, as the formula it means: the band
    below and the band above keep their points; between them the points go in a straight line
    from one band's end to the other's. Any other shape is left for the structure pass to refuse."""
    below = [band for band in rule.bands if band.low is None and band.high is not None]
    above = [band for band in rule.bands if band.high is None and band.low is not None]
    if len(rule.bands) != 2 or len(below) != 1 or len(above) != 1:
        return rule
    low, high = below[0].high, above[0].low
    assert low is not None and high is not None
    if low.value >= high.value or low.percent != high.percent:
        return rule
    span = rule.span
    subject = ast.Reference(rule.subject, rule.subject_span)
    low_points, high_points = band_points(below[0], weight), band_points(above[0], weight)

    def points(value: Decimal) -> ast.Literal:
        return ast.Literal(value, ast.Unit.POINTS, span)

    along = ast.Binary("/", ast.Group(ast.Binary("-", subject, _literal(low), span), span),
                       attrs.evolve(_literal(high), value=high.value - low.value), span)
    between: ast.Expr = ast.Binary("×", along, points(high_points - low_points), span)
    if low_points:
        between = ast.Binary("+", points(low_points), between, span)
    at_least = ast.Compare(">=" if high.inclusive else ">", subject, _literal(high), span)
    at_most = ast.Compare("<=" if low.inclusive else "<", subject, _literal(low), span)
    formula = ast.Conditional(at_least, points(high_points),
                              ast.Conditional(at_most, points(low_points), between, span), span)
    return ast.ScoreRule(formula, (), span)


def _by_completion(rule: ast.ByCompletion, node: ast.Indicator) -> ast.ScoreRule:
    """The weight times the leaf's own 完成率 (一般公共预算支出实际完成率=…。按完成比例计算得分),
    or a fact 完成比例 where the leaf defines none or several; the weight caps it."""
    own = [item for item in node.body if isinstance(item, ast.Metric)
           and item.name.endswith(COMPLETION_SUFFIX)]
    ratio = ast.Reference(own[0].name if len(own) == 1 else COMPLETION_FACT, rule.span)
    weight = ast.Reference(WEIGHT_NAME, rule.span)
    return ast.ScoreRule(ast.Binary("×", ratio, weight, rule.span), (), rule.span)


def _at_discretion(rule: ast.CaseDiscretion,
                   node: ast.Indicator) -> ast.Discretion | ast.CaseDiscretion:
    """The evaluator deducts from the full marks of the first case, at most what is stated
    (else the weight), as 酌情扣分 does; the indicator itself is the fact. A first case scoring
    less than the weight is left for the structure pass to refuse."""
    if rule.first is not None and rule.first.points not in (None, node.weight):
        return rule
    most = node.weight if rule.most is None else rule.most
    return ast.Discretion(node.name, True, rule.least, most, rule.span,
                          (rule.first or rule).span)


def _target_rule(target: ast.Target) -> ast.ScoreRule:
    """A stated target as the formula it means: 如果 (met) 则 (points) 否则 (nothing, or the
    formula with this subject and the stated number put in for 实际完成值 and 年度指标值)."""
    subject = ast.Reference(target.subject, target.subject_span)
    tests = [ast.Compare(op, subject, _literal(bound), bound.span)
             for bound, op in ((target.low, ">=" if target.low and target.low.inclusive else ">"),
                               (target.high, "<=" if target.high and target.high.inclusive
                                else "<"))
             if bound is not None]
    met: ast.Expr = tests[0] if len(tests) == 1 else \
        ast.Logical(BOTH, tests[0], tests[1], target.span)
    stated = target.low if target.low is not None else target.high
    assert stated is not None
    zero = ast.Literal(Decimal(0), ast.Unit.POINTS, target.span)
    points = ast.Reference(WEIGHT_NAME, target.span) \
        if target.met is None else ast.Literal(target.met, ast.Unit.POINTS, target.span)
    otherwise = zero if target.unmet is None \
        else _put_in(target.unmet, subject, lambda _: _literal(stated))
    return ast.ScoreRule(ast.Conditional(met, points, otherwise, target.span), (), target.span)


def _put_in(node: ast.Expr, actual: ast.Expr, stated: Callable[[str], ast.Expr]) -> ast.Expr:
    """The formula with ``actual`` for the words of the actual value (实际完成值 …, or the last
    words of the subject's name: 到位率 for 资金到位率) and ``stated(word)`` for the words of the
    target (年度指标值 …), however deep in the formula (最小值(实际完成值/目标值, 100%))."""
    def put(name: ast.Reference) -> ast.Expr:
        if name.name in TARGET_ACTUAL or _shortens(name.name, actual):
            return attrs.evolve(actual, span=name.span)
        if name.name in TARGET_STATED:
            return attrs.evolve(stated(name.name), span=name.span)
        return name

    return _swapped(node, put)


def _value_capped(rule: ast.ScoreRule) -> ast.ScoreRule:
    """得分=预算完成率×4分，超过100%的按100%计算: the cap is on the one value the formula reads,
    as 预算完成率（超过100%以100%计算）×4分 writes it. A formula of more than one value is left
    with its cap, for the structure pass to refuse: which value is meant cannot be told."""
    cap = rule.value_cap
    assert cap is not None

    def capped(value: ast.Expr) -> ast.Expr:
        return ast.Conditional(ast.Compare(">", value, cap.beyond, cap.span), cap.taken, value,
                               cap.span)

    read = set(ast.references(rule.expr)) - WEIGHT_NAMES
    if len(read) == 1:
        return attrs.evolve(rule, value_cap=None, expr=_swapped(
            rule.expr, lambda name: capped(name) if name.name in read else name))
    # 实际完成数/计划数×4分: the value is the quotient the points are multiplied by.
    match rule.expr:
        case ast.Binary(op="×", left=ast.Binary(op="/") as quotient, right=points) \
                if _points(points):
            value = capped(ast.Group(quotient, quotient.span))
            return attrs.evolve(rule, value_cap=None, expr=attrs.evolve(rule.expr, left=value))
    return rule


def _points(expr: ast.Expr) -> bool:
    """4分, or the weight by any of its names."""
    return (isinstance(expr, ast.Literal) and expr.unit is ast.Unit.POINTS) \
        or (isinstance(expr, ast.Reference) and expr.name in WEIGHT_NAMES)


def _swapped(node: ast.Expr, swap: Callable[[ast.Reference], ast.Expr]) -> ast.Expr:
    """The expression with ``swap(name)`` for each name it reads, however deep."""
    def again(inner: ast.Expr) -> ast.Expr:
        return _swapped(inner, swap)

    match node:
        case ast.Reference():
            return swap(node)
        case ast.Binary() | ast.Compare() | ast.Logical():
            return attrs.evolve(node, left=again(node.left), right=again(node.right))
        case ast.Negate() | ast.Not():
            return attrs.evolve(node, operand=again(node.operand))
        case ast.Conditional():
            return attrs.evolve(node, condition=again(node.condition), then=again(node.then),
                                otherwise=again(node.otherwise))
        case ast.Call():
            return attrs.evolve(node, args=tuple(map(again, node.args)))
        case ast.Group(inner=inner):
            return attrs.evolve(node, inner=again(inner))
    return node


def _shortens(name: str, actual: ast.Expr) -> bool:
    """``name`` is the last words of the subject's name, as a table says it again (到位率)."""
    return isinstance(actual, ast.Reference) and actual.name.endswith(name) \
        and len(actual.name) > len(name) > 1


def _scored_by(rule: ast.ScoredBy) -> ast.ScoreRule:
    """国家助学金人数按实际完成值/年初目标值×分值计分: the subject for 实际完成值, a fact of its
    own (国家助学金人数年初目标值) for 年初目标值."""
    subject = ast.Reference(rule.subject, rule.subject_span)
    return ast.ScoreRule(_put_in(rule.expr, subject,
                                 lambda word: ast.Reference(rule.subject + word, rule.subject_span)),
                         rule.limits, rule.span)


def _is_whole(target: ast.Target) -> bool:
    """The target is 100% or more: only then is 未全面覆盖的 the case of a target not met."""
    low = target.low
    return low is not None and low.percent and low.value == 1 and low.inclusive \
        and target.high in (None, low)


def _literal(bound: ast.Bound) -> ast.Literal:
    return ast.Literal(bound.value, ast.Unit.PERCENT if bound.percent else ast.Unit.NUMBER,
                       bound.span)


def _checklist_of(rule: ast.Judgement, weight: Decimal,
                  deductions: tuple[ast.Deduction, ...],
                  short: bool) -> ast.Judgement | ast.Checklist | ast.Field | ast.Deduction:
    if rule.unpaired or any(case.deducted or case.low is not None for case in rule.levels):
        return rule  # a case given a range (其他（0-1分）) is a level the evaluator picks
    # 否则不得分 after a case, and a last case that all of the above fail, only say that the
    # points of the cases before are lost: …，得0.5分，否则不得分；…，得0.5分，否则不得分.
    last = len(rule.levels) - 1
    listed = [(case, weight if case.points is None else case.points)
              for index, case in enumerate(rule.levels)
              if not (index and case.points == 0 and not case.deducted
                      and (case.name in OTHERWISE
                           or (index == last > 1 and case.name.startswith(ALL_ABOVE))))]
    cases, points = tuple(case for case, _ in listed), [p for _, p in listed]
    alone = len(cases) == 1
    if alone and points[0] == weight and (deductions or short):
        # 资料完整的，得2分；每认定1项不完整扣0.5分: the case says what full marks look like;
        # the deductions, from the whole weight, say what falls short. A label before it
        # (基础信息完善性：…，得4分；否则，每发现一处问题扣1分) is the title of both.
        return ast.note(rule.span)
    if rule.fact is not None and alone:  # 立项依据：充分得3分 names what is judged
        return rule
    if alone and points[0] < weight and deductions and all(d.add for d in deductions) \
            and rule.fact is None:
        # 按时撰写上报…的得2分；…的，每篇得0.5分: beside bonuses only, a case adds its points
        # once, as 有…的，加2分 does (from nothing, at most the weight)
        case = cases[0]
        return ast.Deduction(Decimal(1), case.name, points[0], True, case.span, case.span,
                             add=True, most=points[0])
    points_of_a_checklist = points[0] == weight if alone else \
        sum(points) == weight and all(0 < p < weight for p in points)
    if not points_of_a_checklist:
        return rule
    if not alone and any(_per_item(d, points) for d in deductions):
        # ①…，1分；②…，1分，每少一项扣1分: the points listed and the deduction for each one
        # missing are one rule said twice; the items are what is counted, from full marks.
        return ast.note(rule.span)
    if rule.deduction_after and not any(counts_items(d) for d in deductions):
        return rule  # a deduction from the level picked, or per item? Refused as a guess.
    return ast.Checklist(tuple(ast.CheckItem(case.name, p, None, case.condition, case.span)
                               for case, p in zip(cases, points, strict=True)), rule.span)


def counts_items(deduction: ast.Deduction) -> bool:
    """每少一项扣M分: the indicator's own items counted, for what each one missing costs."""
    return deduction.fact is None and not deduction.add


def _per_item(deduction: ast.Deduction, points: list[Decimal]) -> bool:
    """Whether 每少一项扣M分 costs each item its points: the items and it say one thing."""
    return counts_items(deduction) and deduction.per == 1 \
        and all(p == deduction.points for p in points)
