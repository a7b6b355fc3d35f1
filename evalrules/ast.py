"""The syntax tree of a rule file: frozen nodes, each with the span it was written at.

Shape only: names are not resolved and weights not checked here; that is the compiler's work.
Comments are kept (``Ruleset.comments``) so that tools can write a rule file back.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Union

import attrs

from .source import Source, Span


class Unit(Enum):
    """What a number literal was written as: 96% is 0.96, 4分 is 4 points."""

    NUMBER = "number"
    PERCENT = "percent"
    POINTS = "points"


# ---- expressions --------------------------------------------------------------------------


@attrs.frozen
class Literal:
    value: Decimal | str | bool | datetime.date
    unit: Unit | None
    span: Span


@attrs.frozen
class Reference:
    name: str
    span: Span


@attrs.frozen
class Binary:
    op: str  # "+", "-", "×", "/"
    left: Expr
    right: Expr
    span: Span


@attrs.frozen
class Negate:
    operand: Expr
    span: Span


@attrs.frozen
class Compare:
    op: str  # ">=", "<=", ">", "<", "==", "!="
    left: Expr
    right: Expr
    span: Span


@attrs.frozen
class Logical:
    op: str  # "且" (and), "或" (or)
    left: Expr
    right: Expr
    span: Span


@attrs.frozen
class Not:
    operand: Expr
    span: Span


@attrs.frozen
class Conditional:
    condition: Expr
    then: Expr
    otherwise: Expr
    span: Span


@attrs.frozen
class Call:
    function: str
    args: tuple[Expr, ...]
    span: Span
    name_span: Span


@attrs.frozen
class Group:
    """( … ) as written: no meaning of its own, kept so that a formula is shown as its author
    wrote it (得分=(实际到位资金/预算资金)×100%×4分)."""

    inner: Expr
    span: Span


Expr = Literal | Reference | Binary | Negate | Compare | Logical | Not | Conditional | Call | Group


def ungrouped(expr: Expr) -> Expr:
    """The expression inside any parentheses around it."""
    while isinstance(expr, Group):
        expr = expr.inner
    return expr


def subexpressions(expr: Expr) -> Iterator[Expr]:
    """The expression and every expression inside it, outermost first."""
    yield expr
    for operand in operands(expr):
        yield from subexpressions(operand)


def references(expr: Expr) -> tuple[str, ...]:
    """The names an expression reads, each once, in the order they are written."""
    return tuple(dict.fromkeys(e.name for e in subexpressions(expr) if isinstance(e, Reference)))


def operands(expr: Expr) -> tuple[Expr, ...]:
    """The expressions directly inside ``expr``, in source order."""
    match expr:
        case Binary(left=left, right=right) | Compare(left=left, right=right) | \
                Logical(left=left, right=right):
            return (left, right)
        case Negate(operand=operand) | Not(operand=operand):
            return (operand,)
        case Conditional(condition=condition, then=then, otherwise=otherwise):
            return (condition, then, otherwise)
        case Call(args=args):
            return args
        case Group(inner=inner):
            return (inner,)
    return ()

# ---- criteria and fields ------------------------------------------------------------------


@attrs.frozen
class Field:
    """A descriptive column of the score table: 指标解释, 评价标准, 依据来源, 证据收集方式 …"""

    label: str
    text: str
    span: Span


# The field that words of a criterion kept as text go to (a lead-in, a requirement, a cap said
# in words, the case that earns full marks before its lapses).
NOTE = "说明"


def note(span: Span, text: str | None = None) -> Field:
    """Words of a criterion kept as text: those of ``span``, or ``text`` cut from them."""
    return Field(NOTE, span.text if text is None else text, span)


@attrs.frozen
class ItemNumber:
    """1、 / (2) / ②: the number a table gives a sentence of its criterion. It separates the
    sentences and is kept as written; it is never part of a name or a quantity."""

    mark: str
    span: Span


@attrs.frozen
class Metric:
    """A named derived value: 公众知晓率 = …"""

    name: str
    expr: Expr
    span: Span


@attrs.frozen
class Limit:
    """超过X分按Y分计 (kind "over") or 低于X分按Y分计 (kind "under"); 最高X分 is 超过X分按X分计.

    A threshold and value of None stand for the indicator's own weight (最高不超过分值)."""

    kind: str
    threshold: Decimal | None
    value: Decimal | None
    span: Span


@attrs.frozen
class ScoreRule:
    """得分 = expr, with its caps and floors."""

    expr: Expr
    limits: tuple[Limit, ...]
    span: Span
    bracketed: bool = False  # 得分（20分*执行率）: the formula in brackets after 得分
    # …，超过100%的按100%计算: a cap on the value the formula reads, until the wording pass puts
    # it on that value (the formula's one value; with more than one, refused)
    value_cap: ValueCap | None = None


@attrs.frozen
class ValueCap:
    """超过100%的按100%计算 after a formula: a value above ``beyond`` is taken as ``taken``."""

    beyond: Literal
    taken: Literal
    span: Span


@attrs.frozen
class Deduction:
    """每出现N次X扣M分[，扣完为止][，扣分不超过K分], or 每增加N项X加M分[，加分不超过K分].

    Without X the thing counted is the indicator itself (每增加1项加0.5分)."""

    per: Decimal
    fact: str | None
    points: Decimal
    until_zero: bool
    span: Span
    fact_span: Span | None
    add: bool = False
    most: Decimal | None = None
    # 每缺一项不计分: each one costs the whole weight, which the wording pass puts in ``points``.
    whole: bool = False


@attrs.frozen
class ValueBand:
    """One band of a band rule: a range of the subject's value and the points it scores."""

    low: Bound | None
    high: Bound | None
    points: Decimal
    span: Span
    full_marks: bool = False  # 计满分: the indicator's weight
    # The subject as the band names it again (预算执行率<70%, 90%≤预算执行率<95%), if it does;
    # the compiler checks it is the rule's subject.
    named: str | None = None
    named_span: Span | None = None
    # False when the two comparisons of 90%≤预算执行率<95% or ≥80%且<90% do not bound the band
    # from both sides (90%≤预算执行率>95%); the compiler reports it.
    consistent: bool = True
    share: Decimal | None = None  # 得分值的80%: the points are this share of the weight
    # A band written ≠5: all values but one, which one range cannot hold; the compiler refuses it.
    unequal: bool = False
    # 欠款超过年初预算的5%: the range is of the subject's share of this other value. The
    # transformer reads a rule whose bands agree as bands of the quotient; bands left with a base
    # are refused by the compiler (a mix, or a rise: 高于上年决算数5%以内, written without 的).
    base: str | None = None
    base_span: Span | None = None
    share_word: str = ""  # the word before the base (超过, 达到), or 无 for none of the subject
    rise: bool = False  # 高于上年决算数5%以内: a rise over the base, not a share of it
    # 高于上年决算数的15%: 15% of it, or 15% above it (the word, or a base of a year before)
    either: bool = False
    # 满意度<80%，按满意度×10分计分 / 得分=实际完成率×5分: the points are this formula's value
    formula: Expr | None = None


@attrs.frozen
class StepRule:
    """每超过一个百分点扣0.3分 / 每低于10%扣1分 / 每相差5%扣1分, with how steps are counted."""

    direction: str  # "over", "under", or "both" (a difference either way)
    amount: Decimal  # one step: 0.01 for 一个百分点, 0.1 for 10%
    points: Decimal
    until_zero: bool
    most: Decimal | None  # 扣满10分为止, 最多扣10分
    whole: bool  # only whole steps count (按整档扣分); otherwise in proportion
    span: Span
    # 变动率>0，每超过…: the region beyond the bands as the table restates it, to be checked
    restated: tuple[Bound | None, Bound | None] | None = None
    # Said in % or 百分点: a bare 每低于1 against percentage bands is refused, not read as 100%.
    in_percent: bool = True
    unit: str = ""  # as written after the step (每少于50公斤): checked against the bands' unit
    # 每降低1%扣权重分的1%: the points are this share of the weight (the wording pass makes them
    # points, where they have a finite decimal form)
    of_weight: Fraction | None = None
    # 比例不足90%时，每减少5%…: the name the restated region gives the subject, and where
    named: str | None = None
    named_span: Span | None = None


@attrs.frozen
class BandRule:
    """预算执行率≥95%，计6分；85%(含)-95%，计4分；…: the subject's value picks one band.

    A step rule after the bands scores the values beyond the last band."""

    subject: str
    bands: tuple[ValueBand, ...]
    span: Span
    subject_span: Span
    step: StepRule | None = None
    # …10%以下不得分，在上述比例之间的按比例计分: the values between the two bands score in
    # proportion (the compiler reads the rule as the formula it means)
    interpolated: bool = False
    # …每少10个百分点扣1分，低于70%不得分: past the steps, the values of this band score its points
    floor: ValueBand | None = None
    # …≥90%得满分，低于90%的按比例扣分: below the one band, the points in proportion to the value
    # over the band's lower end (the range written for it, to be checked against that end)
    below: tuple[Bound | None, Bound | None] | None = None
    # 有效投诉次数为0得4分，每发生1次安全事故扣1分: a band of none of the subject, then in the same
    # clause a lapse of another thing (left by the wording pass, which reads one of the same thing:
    # the name that lapse counts, for the compiler to refuse)
    other_lapse: Span | None = None
    # 成本控制率≤100%得满分，超支不得分: 超支 after bands of a value that is no rate of savings
    # (left by reading._overspent, which reads it after one: the rate below 0)
    overspent: Span | None = None

    @property
    def written(self) -> tuple[ValueBand, ...]:
        """Every band as written, the floor too."""
        return self.bands if self.floor is None else (*self.bands, self.floor)


@attrs.frozen
class Deviation:
    """实际完成值与计划值每相差5%，扣1分: steps of the relative difference, either way."""

    actual: str
    planned: str
    step: StepRule
    span: Span
    actual_span: Span
    planned_span: Span


@attrs.frozen
class ComparedSteps:
    """建成面积低于年度任务的，每减少1%，扣1分: steps of how far ``actual`` falls short of ``planned``.
    ``points_apart``: the step is written in 个百分点, which may mean the two rates' difference
    or a share of ``planned``; the compiler reads only what is not in doubt."""

    actual: str
    planned: str
    step: StepRule
    points_apart: bool
    span: Span
    actual_span: Span
    planned_span: Span


@attrs.frozen
class Proportion:
    """年度增幅高于中央资金增幅的得满分，低于增幅的按比例减分: at or above ``base`` the weight;
    below it, the weight times subject/base. ``again`` is how the base is said the second time."""

    subject: str
    base: str
    again: str
    span: Span
    subject_span: Span
    base_span: Span


@attrs.frozen
class Compared:
    """完成值达到指标值的，记满分；未达到指标值的，按完成值/指标值×该指标分值计分: ``subject``
    compared (``op``: >=, >, <=, <) with ``other``, a value the unit reports, scores ``met``
    (None: the weight); the second clause, comparing again (``again_op``, the values it names
    again if it does), scores the rest: ``unmet`` points (不得分: 0), a formula, steps, or in
    proportion. The wording pass reads it as the rule it means once the two clauses cover every
    value once and name one pair; otherwise the structure pass refuses it naming why."""

    subject: str
    subject_span: Span
    op: str
    other: str
    other_span: Span
    met: Decimal | None
    again_op: str
    again_subject: str | None
    again_other: str | None
    again_span: Span
    span: Span
    unmet: Decimal | None = None
    formula: Expr | None = None
    step: StepRule | None = None
    proportional: bool = False
    # the step written in 个百分点: a difference of two percentages, not a share of the other value
    points_apart: bool = False


@attrs.frozen
class Level:
    name: str
    points: Decimal | None  # None: 得满分, the indicator's weight
    span: Span
    deducted: bool = False  # 不齐全的扣2分: the weight less the points
    # 其他（0-1分）: the evaluator gives a score from ``low`` to ``points`` for this level
    low: Decimal | None = None
    # 部分达成的，60%（含）-80%: ``low`` and ``points`` are shares of the weight, until the
    # wording pass (which knows the weight) makes them points; ``said``: written 分值的80%-100%
    share: bool = False
    said: bool = False
    letter: str = ""  # B.基本符合要求，6-8分: the option's letter, which may name it too
    # 年内新增10名以上注册志愿者计2分: the case holds when a number compares so (年内新增注册志愿者
    # ≥ 10); read only as an item of a list judged item by item
    condition: Expr | None = None


@attrs.frozen
class Judgement:
    """评定 X：充分得3分，一般得1.5分，没有得0分: the evaluator picks a level (fact X). Written
    without 评定 (明确得4分，基本明确得2分，不明确不得分), the fact is the indicator itself (None)."""

    fact: str | None
    levels: tuple[Level, ...]
    span: Span
    fact_span: Span
    labelled: bool = False  # 项目效益：… (a label and a colon, no 评定): read as the list says
    # …，1分，每少一项扣1分: a deduction follows in the same clause (read only as restating them)
    deduction_after: bool = False
    # 好、中、差，分别扣0、2分: the number of cases and of points written, where they differ
    unpaired: tuple[int, int] | None = None
    # 分为达成、部分达成两档: the number of tiers said and of tiers named, where they differ
    miscounted: tuple[int, int] | None = None
    # 明确…领导（0.5）及岗位职责（0.5）。1分: items, each with its points in brackets
    itemised: bool = False
    # …，每完成1项取得该项分数: said to be scored item by item (the words that say so)
    itemized: Span | None = None


@attrs.frozen
class CaseDeduction:
    """存在…的，酌情扣分: the evaluator deducts for the case (a fact named by it), at most ``most``
    (None: the whole weight), from what the rule before scored, or from full marks."""

    fact: str
    most: Decimal | None
    span: Span
    fact_span: Span
    # …的得2分、…的得2分，未开展相关工作的视情况扣分: said in the clause of the cases before it
    of_cases: bool = False


@attrs.frozen
class CaseDiscretion:
    """符合要求的得7分，不符合要求的视具体情况扣分，扣完7分为止: full marks in the case written
    first; otherwise the evaluator deducts, at most ``most`` (None: the whole weight).

    Without the first case (档案不全的，视情况酌情扣分 / …未落实的扣0.5-1分), the evaluator deducts
    from the whole weight: nothing, or at least ``least``."""

    first: Level | None
    most: Decimal | None
    span: Span
    least: Decimal = Decimal(0)


@attrs.frozen
class LapsesInTurn:
    """渠道未除杂草，涵闸堵塞将依次扣除4分、2分: each lapse its cost, in the order written. The
    wording pass pairs them; a list whose counts differ is left for the structure pass to refuse."""

    names: tuple[str, ...]
    costs: tuple[Decimal, ...]
    add: bool
    span: Span
    fact_span: Span


@attrs.frozen
class WeightNote:
    """该项指标总计分为20分: the weight said again in the criterion; it must be the weight."""

    points: Decimal
    span: Span


@attrs.frozen
class ScoredBy:
    """国家助学金人数按实际完成值/年初目标值×分值计分: a formula for what the subject names; in it
    the words for the actual value stand for the subject, those for the target for a fact of the
    subject's own (国家助学金人数年初目标值), never one shared with other indicators."""

    subject: str
    subject_span: Span
    expr: Expr
    limits: tuple[Limit, ...]
    span: Span


@attrs.frozen
class BonusDiscretion:
    """酌情给予加分，最多加20分: the evaluator gives the indicator a bonus from 0 up to the cap (None:
    the weight)."""

    most: Decimal | None
    span: Span


@attrs.frozen
class Deadline:
    """5月31日前完成…得10分，每提前或推迟1天加扣1分: the points, less ``cost`` for each ``per`` ``unit``
    the dated fact is after the month and day of its own year, or after ``date`` where the year is
    written (more for each before, ``both_ways``)."""

    month: int
    day: int
    date: datetime.date | None
    fact: str
    fact_span: Span
    points: Decimal
    per: Decimal
    unit: str
    cost: Decimal
    both_ways: bool
    most: Decimal | None
    span: Span


@attrs.frozen
class Element:
    """具备要素1得20% (a yes/no fact worth its share) / 具备一个得分要素加0.5, 其余要素每符合一项增加10%
    (``counted``: a count, each one worth it)."""

    name: str
    worth: Literal
    counted: bool
    span: Span


@attrs.frozen
class Elements:
    """The elements the value of the leaf's band rule is made of (the wording pass makes them a
    metric of that name; left, they are refused)."""

    elements: tuple[Element, ...]
    span: Span


@attrs.frozen
class ComparedLapse:
    """专职人员少于2人扣2分: points off when a number (a count) compares so with the number stated.
    Read as bands of it (the weight less the points, or the weight); where a lapse of none of it
    (未配备专职人员扣3分) also holds at 0, refused naming both readings."""

    subject: str
    op: str  # the comparison that costs the points: <, <=, >, >=
    bound: Bound
    cost: Decimal
    span: Span
    subject_span: Span


@attrs.frozen
class UnanchoredSteps:
    """改厨到位率每下降10%扣1分: steps of a rate, from a start the sentence does not give (100%,
    or last year's rate when 下降 is a fall over time): refused, naming both readings."""

    subject: str
    span: Span


@attrs.frozen
class ShareRanges:
    """按照该指标对应分值区间100-80%（含80%）、80-60%（含60%）、60-0%合理确定得分: the evaluator gives a
    score in one of the ranges, shares of the weight (low, high)."""

    ranges: tuple[tuple[Decimal, Decimal], ...]
    span: Span

    @property
    def whole(self) -> bool:
        """The ranges run on, end to end, from 0% to 100% of the weight."""
        ends = sorted(self.ranges)
        return ends[0][0] == 0 and ends[-1][1] == 1 and all(
            high == low for (_, high), (low, _) in itertools.pairwise(ends))


@attrs.frozen
class Respectively:
    """提供省级、市级观摩现场并通过验收分别加5分、3分: cases listed with their points in turn. Where
    one item ends and the words shared by all begin cannot be told (省级, or 提供省级…验收?), so
    it is refused, naming that."""

    span: Span


@attrs.frozen
class BonusCap:
    """…加2分，…加3分，最高加5分: the bonuses before it add at most so many points together."""

    points: Decimal
    span: Span
    whole: bool = False  # the bonuses it closes are all the leaf's rules: it caps the score


@attrs.frozen
class PenaltyCap:
    """在基础分上减分最高3分：… — the deduction that follows takes at most so many points."""

    points: Decimal
    span: Span


@attrs.frozen
class Directed:
    """定量指标若为正向指标（即指标值为≥*），则得分=…: a formula for one kind of quantitative
    indicator (``positive``: a higher value is better). Read before the passes: one alone is the
    leaf's formula; one of each kind, a formula chosen by a yes/no fact."""

    positive: bool
    rule: ScoreRule
    said: str  # the words before 得分, kept as the indicator's text
    span: Span


@attrs.frozen
class ChoiceNote:
    """应付账款率与应付账款变动率二者择其一进行考核: a choice with no fact named. In a leaf it says which
    measure the leaf's figures are of, and is kept as text; a parent needs 择一考核：X."""

    span: Span


@attrs.frozen
class ByCompletion:
    """按完成比例计算得分，满分为止: the weight times the completion ratio, at most the weight."""

    span: Span


@attrs.frozen
class Target:
    """委托业务项目数量≥50个，达成预期指标的得满分，未达成的按实际完成值/年度指标值×该指标分值计分:
    a stated target, the points when it is met (None: the weight), and when it is not: nothing
    (None) or a formula, in which the words for the actual value and for the target
    (实际完成值, 年度指标值 …) stand for this subject and the number stated."""

    subject: str
    subject_span: Span
    low: Bound | None
    high: Bound | None
    met: Decimal | None
    unmet: Expr | None
    span: Span
    wholly: bool = False  # the case not met is said as not wholly done: 未全面覆盖的


@attrs.frozen
class Discretion:
    """酌情给分 X：0-4分 / 酌情扣分 X：0.5-2分: the evaluator picks a score in the range."""

    fact: str
    deduct: bool
    low: Decimal
    high: Decimal
    span: Span
    fact_span: Span


@attrs.frozen
class CheckItem:
    """One 评价要点: its name (also the fact it is judged by), points, wording, and condition."""

    name: str
    points: Decimal
    description: str | None
    condition: Expr | None
    span: Span


@attrs.frozen
class Checklist:
    items: tuple[CheckItem, ...]
    span: Span




@attrs.frozen
class Choice:
    """择一考核：X — the children are alternatives; fact X names the one that applies."""

    fact: str
    span: Span
    fact_span: Span


@attrs.frozen
class Check:
    """核对 …: a condition stated to hold (a total against its rows), reported, never scored."""

    condition: Expr
    span: Span


@attrs.frozen
class Veto:
    """一票否决 (best=False): scores 0 when the condition holds; 一票否优 (best=True): the grade
    cannot be the best one."""

    best: bool
    condition: Expr
    span: Span


@attrs.frozen
class Exemption:
    """不扣分 当 … (not_applicable=False) or 不适用 当 …，按满分计 / 不计入总分 / 分值均摊到 甲、乙.

    ``mode``: "full" (full marks), "rescale" (left out, total rescaled to the full score) or
    "share" (the points go evenly to the siblings named in ``to``)."""

    not_applicable: bool
    condition: Expr
    span: Span
    mode: str = "full"
    to: tuple[str, ...] = ()


# What a leaf may be scored by.
Rule = (ScoreRule | Checklist | Deduction | BandRule | Deviation | Judgement | Discretion | Target
        | CaseDiscretion | ByCompletion | ChoiceNote | ScoredBy | BonusDiscretion | Respectively
        | CaseDeduction | Proportion | Compared | ComparedSteps | LapsesInTurn | UnanchoredSteps
        | ComparedLapse | ShareRanges | Directed | Deadline)


BodyItem = Union["Field", "ItemNumber", "Metric", "ScoreRule", "Deduction", "Checklist", "BandRule",
                 "Deviation",
                 "Judgement", "Discretion", "Target", "CaseDiscretion", "ByCompletion", "ChoiceNote",
                 "WeightNote", "PenaltyCap", "ScoredBy", "BonusDiscretion", "Respectively", "CaseDeduction",
                 "Proportion", "Compared", "ComparedSteps", "BonusCap", "LapsesInTurn", "UnanchoredSteps",
                 "ComparedLapse", "ShareRanges", "Veto", "Elements", "Deadline",
                 "Exemption", "Choice", "Directed",
                 "Check", "Indicator"]


@attrs.frozen
class Indicator:
    level: str  # the keyword it was written with: 指标, 一级指标 …
    name: str
    weight: Decimal
    body: tuple[BodyItem, ...]
    span: Span
    name_span: Span
    share: Decimal | None = None  # 权重20%: the parent combines its children's percentages

    @property
    def children(self) -> tuple[Indicator, ...]:
        return tuple(item for item in self.body if isinstance(item, Indicator))


# ---- the ruleset --------------------------------------------------------------------------


@attrs.frozen
class Bound:
    value: Decimal
    inclusive: bool
    span: Span
    percent: bool = False
    marked: bool = False  # written with （含） or （不含）, which always wins
    by_default: bool = False  # held by the word's reading (60分以下, the low end of 80-90分) only
    points: bool = False  # written in points (80分)
    bare: bool = False  # a value alone, no comparison before it (完成率100%，计4分)
    # The number a mark says again (90%以上（含90%）) and the mark as written: the compiler checks
    # that the number is this end's.
    restated: Decimal | None = None
    mark: str = ""
    unit: str = ""  # as written after the number (500公斤以上)


def bare(low: Bound | None, high: Bound | None) -> bool:
    """A range written with both ends and neither marked: 80%-90%, 80-89分."""
    return low is not None and high is not None and not (low.marked or high.marked)


@attrs.frozen
class GradeBand:
    """A grade and its range of total scores; a missing end is open."""

    name: str
    low: Bound | None
    high: Bound | None
    span: Span


@attrs.frozen
class Header:
    """One header line: 指标体系, 满分, 舍入 or 等级; ``value`` depends on ``kind``."""

    kind: str  # "title", "full_score", "rounding", "grades"
    value: str | Decimal | Rounding | tuple[GradeBand, ...]
    span: Span


@attrs.frozen
class Rounding:
    """舍入：保留N位小数，… as written; the compiler checks N and makes the policy."""

    places: Decimal
    mode: str  # a decimal.ROUND_* name


@attrs.frozen
class Comment:
    text: str
    span: Span


@attrs.frozen
class ValueRange:
    """取值范围 X：… — the values fact X may take."""

    name: str
    low: Bound | None
    high: Bound | None
    span: Span


@attrs.frozen
class Ruleset:
    source: Source
    headers: tuple[Header, ...]
    metrics: tuple[Metric, ...]
    indicators: tuple[Indicator, ...]
    comments: tuple[Comment, ...]
    vetoes: tuple[Veto, ...] = ()
    ranges: tuple[ValueRange, ...] = ()
    checks: tuple[Check, ...] = ()


# What an indicator's body holds besides its scoring rules.
NOT_RULES = (Field, ItemNumber, Metric, Indicator, Veto, Exemption, Choice,
             Check, WeightNote, PenaltyCap, BonusCap, Elements)
