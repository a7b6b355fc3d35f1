"""Property tests: random valid rulesets and fact sets, checked against an exact oracle.

Each example is generated as plain data: a tree of indicators whose parents add up their
children, combine them by weight (权重) or take the one chosen (择一考核), and whose leaves use one
scoring form (formula with cap, band table, band with a step rule, a band whose points are a
formula of the value, deviation from plan, date difference, occurrence deduction counted with
or without 每, checklist, graded judgement, 酌情给分/扣分, a ladder of thresholds one inside
another, full marks then lapses each costing its points once), each written in one of the
equivalent wordings tables print, perhaps with a 不扣分 or 不适用 (full marks, left out and
rescaled, or shared out to siblings) and a 一票否决; at the top perhaps a 一票否决 for the whole
and a 附加分. The data is written out as rule text and scored twice: by evalrules, and by the
oracle below, which works on the data with fractions.Fraction and knows nothing of the engine.
The default run is small enough for every test run; HYPOTHESIS_PROFILE=deep runs many more
(docs/robustness.md).
"""

from __future__ import annotations

import calendar
import datetime
import json
import math
import os
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import evalrules
from evalrules import numbers

settings.register_profile("default", max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("deep", max_examples=20_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def half_up(value: Fraction) -> Fraction:
    """Rounds to 2 places, ties away from zero, on the exact value."""
    scaled = abs(value) * 100
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole if value >= 0 else -whole, 100)


def text(value: Fraction) -> str:
    """A terminating fraction as the decimal text a rule or fact file holds."""
    exact = numbers.to_decimal(numbers.normalize(value))
    assert exact is not None
    return numbers.plain(exact)


@dataclass
class Leaf:
    name: str
    weight: Fraction
    kind: str
    rule: str
    facts: dict[str, object]
    expected: Fraction  # the leaf's own score, rounded; 0 when it does not apply
    out: str | None = None  # "rescale" or "share" when a 不适用 held and it is left out
    share_to: tuple[str, ...] = ()
    exempted: bool = False  # carries a 不扣分 or 不适用 line
    share: Fraction | None = None  # its 权重 under a weighted parent


@dataclass
class Node:
    name: str
    weight: Fraction
    children: list[Node | Leaf] = field(default_factory=list)
    combination: str = "sum"  # or "weighted", "choice"
    choice: tuple[str, str] | None = None  # the 择一考核 fact and the alternative chosen
    veto: tuple[str, bool] | None = None  # a 一票否决 fact and whether it holds
    share: Fraction | None = None
    facts: dict[str, object] = field(default_factory=dict)  # the veto's


# Sixteen letters no keyword is spelled with: generated names never run into a keyword.
LETTERS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳"


def fresh(draw: st.DrawFn, prefix: str) -> str:
    """A name no other in the example shares: letters spelled from a random UUID."""
    return prefix + "".join(LETTERS[int(digit, 16)] for digit in draw(st.uuids()).hex[:10])


STEP_UNITS = [("一个百分点", Fraction(1, 100)), ("1个百分点", Fraction(1, 100)),
              ("5%", Fraction(5, 100)), ("10%", Fraction(10, 100))]

amounts = st.integers(min_value=0, max_value=100_000).map(lambda n: Fraction(n, 100))


@st.composite
def formula_leaf(draw: st.DrawFn, name: str, weight: Fraction) -> Leaf:
    a, b = fresh(draw, "实"), fresh(draw, "计")
    actual = draw(amounts)
    planned = draw(st.integers(min_value=1, max_value=100_000).map(lambda n: Fraction(n, 100)))
    if draw(st.booleans()):
        # An exact half-cent tie whose quotient has no finite decimal: a/b×w = k + 0.005.
        planned = Fraction(3 * draw(st.integers(min_value=1, max_value=300)))
        target = Fraction(draw(st.integers(min_value=0, max_value=int(weight) * 100)) * 10 + 5,
                          1000)
        actual = target * planned / weight
        if not numbers.to_decimal(numbers.normalize(actual)):
            actual = Fraction(draw(st.integers(min_value=0, max_value=10_000)), 100)
    cap = draw(st.booleans())
    raw = actual / planned * weight
    value = min(raw, weight)  # the cap, declared or the indicator's own bound
    written = draw(st.sampled_from([f"{a}/{b}", f"({a}/{b})", f"({a}/{b})×100%", f"（{a}÷{b}）"]))
    rule = f"得分 = {written}×{text(weight)}分" + (
        f"（超过{text(weight)}分按{text(weight)}分计）" if cap else "")
    return Leaf(name, weight, "formula", rule, {a: text(actual), b: text(planned)},
                half_up(max(value, Fraction(0))))


def band_points(draw: st.DrawFn, points: Fraction, weight: Fraction) -> str:
    """The points of a band, in one of the ways score tables write them."""
    forms = [f"，计{text(points)}分", f"，得{text(points)}分", f"：{text(points)}分",
             f"，{text(points)}分", f"的得{text(points)}分"]
    if points == weight:
        forms += ["，得满分", "，记满分"]
    if points == 0:
        forms += ["，不得分", "的不得分"]
    share = points / weight * 100 if weight else None
    if share is not None and numbers.to_decimal(numbers.normalize(share)) is not None:
        forms += [f"，得分值的{text(share)}%", f"，得{text(share)}%分值", f"，得{text(share)}%"]
    return draw(st.sampled_from(forms))


@st.composite
def band_leaf(draw: st.DrawFn, name: str, weight: Fraction) -> Leaf:
    """A band table, each band written in one of the equivalent ways score tables use; the
    subject may be left to the indicator's name, as a 评分标准 column leaves it (≥90%，计5分；…)."""
    unnamed = draw(st.booleans())
    subject = name if unnamed else fresh(draw, "率")
    cuts = sorted(set(draw(st.lists(st.integers(min_value=1, max_value=199), min_size=1,
                                    max_size=4))))
    points = [Fraction(draw(st.integers(min_value=0, max_value=int(weight * 10))), 10)
              for _ in range(len(cuts) + 1)]
    s = subject
    # Bands from the top: ≥ highest cut, then [cut_i, cut_i+1), then below the lowest. The
    # first follows the subject, so it cannot name it again.
    parts = [f"≥{cuts[-1]}%" + band_points(draw, points[-1], weight)]
    for i in range(len(cuts) - 1, 0, -1):
        low, high = cuts[i - 1], cuts[i]
        ranges = [f"{low}%(含)-{high}%", f"{low}%（含本数）-{high}%（不含）",
                  f"{low}%≤{s}<{high}%", f"{high}%>{s}≥{low}%",
                  f"≥{low}%且<{high}%", f"{s}≥{low}%且{s}<{high}%", f"<{high}%且≥{low}%",
                  f"在{low}%(含)-{high}%之间", f"{s}达到{low}%(含)-{high}%",
                  f"在{low}%(含)至{high}%之间", f"介于{low}%(含)和{high}%之间",
                  f"{s}介于{low}%（含）与{high}%（不含）之间"]
        parts.append(draw(st.sampled_from(ranges)) + band_points(draw, points[i], weight))
    bottom = draw(st.sampled_from([f"低于{cuts[0]}%", f"{s}<{cuts[0]}%", f"未达到{cuts[0]}%",
                                   f"{s}低于{cuts[0]}%", f"{cuts[0]}%（不含）以下"]))
    parts.append(bottom + band_points(draw, points[0], weight))
    value = Fraction(draw(st.integers(min_value=0, max_value=20_000)), 10_000)
    band = sum(1 for cut in cuts if value >= Fraction(cut, 100))
    rule = ("" if unnamed else subject) + "".join(
        part if i == 0 else draw(st.sampled_from(["；", "，"])) + part for i, part in enumerate(parts))
    return Leaf(name, weight, "bands", rule, {subject: f"{text(value * 100)}%"},
                half_up(points[band]))


@st.composite
def formula_band_leaf(draw: st.DrawFn, name: str, weight: Fraction) -> Leaf:
    """Full marks from a cut on, a formula of the value below it (实际完成率<100%，得分=实际完成率
    ×5分；满意度<80%，按满意度×分值计分). (全部达标…按达标比例计算得分 names its fact by its words,
    which two leaves would share: tests/cases/good/ratio-cases.rules reads it.)"""
    subject = fresh(draw, "率")
    short = subject[-3:] if draw(st.booleans()) else subject  # 满意度 for 受益对象满意度
    cut = draw(st.integers(min_value=1, max_value=100))
    formulas = [(f"得分={short}×{text(weight)}分", lambda v: v * weight),
                (f"按{short}×分值计分", lambda v: v * weight),
                (f"得分={short}/{cut}%×{text(weight)}分", lambda v: v / Fraction(cut, 100) * weight)]
    formula, score = draw(st.sampled_from(formulas))
    top = draw(st.sampled_from([f"≥{cut}%", f"达到{cut}%（含）以上", f"{cut}%（含）以上"]))
    bottoms = [f"{short}<{cut}%", f"低于{cut}%的"]
    if "含" in top or score(Fraction(cut, 100)) == weight:
        bottoms.append(f"{cut}%以下")  # 以下 holds the cut too: yielded to （含）, or scoring alike
    bottom = draw(st.sampled_from(bottoms))
    value = Fraction(draw(st.integers(min_value=0, max_value=20_000)), 10_000)
    expected = weight if value >= Fraction(cut, 100) else score(value)
    sep = draw(st.sampled_from(["；", "，"]))
    rule = f"{subject}{top}{band_points(draw, weight, weight)}{sep}{bottom}，{formula}"
    return Leaf(name, weight, "formula-bands", rule, {subject: f"{text(value * 100)}%"},
                half_up(expected))


@st.composite
def ladder_leaf(draw: st.DrawFn, name: str, weight: Fraction) -> Leaf:
    """Rungs written one inside another (甲率90%以上得10分，80%以上得8分): the highest reached
    scores; below every rung, the band written for the rest, or nothing."""
    subject = fresh(draw, "率")
    cuts = sorted(set(draw(st.lists(st.integers(min_value=1, max_value=199), min_size=1,
                                    max_size=4))), reverse=True)
    points = [Fraction(draw(st.integers(min_value=0, max_value=int(weight * 10))), 10)
              for _ in cuts]
    parts = []
    for cut, got in zip(cuts, points, strict=True):
        held = draw(st.sampled_from([f"{cut}%以上", f"{cut}%及以上", f"≥{cut}%", f"达到{cut}%以上",
                                     f"{cut}%以上（含{cut}%）", f"高于{cut}%（包括{cut}%）",
                                     f"{cut}%（含）以上", f"不低于{cut}%"]))
        parts.append(held + band_points(draw, got, weight))
    rest = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=int(weight * 10))))
    if rest is not None:
        parts.append(draw(st.sampled_from([f"低于{cuts[-1]}%", f"不足{cuts[-1]}%"]))
                     + band_points(draw, Fraction(rest, 10), weight))
    value = Fraction(draw(st.integers(min_value=0, max_value=20_000)), 10_000)
    reached = [got for cut, got in zip(cuts, points, strict=True) if value >= Fraction(cut, 100)]
    expected = reached[0] if reached else Fraction(rest or 0, 10)
    rule = subject + "；".join(parts)
    return Leaf(name, weight, "ladder", rule, {subject: f"{text(value * 100)}%"},
                half_up(expected))


@st.composite
def lapses_leaf(draw: st.DrawFn, name: str, weight: Fraction) -> Leaf:
    """What earns full marks, then lapses each costing its points once (…得满分，未甲扣2分，未乙扣1分),
    or a lapse and a count (…，一处丙扣0.5分)."""
    full = fresh(draw, "做到")
    lapses = [(fresh(draw, "未"), Fraction(draw(st.integers(min_value=1, max_value=40)), 10))
              for _ in range(draw(st.integers(min_value=2, max_value=3)))]
    facts: dict[str, object] = {}
    lost = Fraction(0)
    parts = []
    for lapse, cost in lapses:
        happened = draw(st.booleans())
        facts[lapse] = "是" if happened else "否"
        lost += cost if happened else 0
        parts.append(f"{lapse}{draw(st.sampled_from(['', '的']))}扣{text(cost)}分")
    opening = draw(st.sampled_from([f"{full}得{text(weight)}分", f"{full}的，得满分",
                                    f"{full}计{text(weight)}分"]))
    rule = opening + "，" + "，".join(parts)
    return Leaf(name, weight, "lapses", rule, facts, half_up(max(weight - lost, Fraction(0))))


@st.composite
def deduction_leaf(draw: st.DrawFn, name: str, weight: Fraction) -> Leaf:
    thing = fresh(draw, "差错")
    per = draw(st.integers(min_value=1, max_value=3))
    points = Fraction(draw(st.integers(min_value=1, max_value=40)), 10)
    count = draw(st.integers(min_value=0, max_value=30))
    # The count with 每 or without it, as tables write it (每出现2次…, 发现一处…, 一处…).
    counts = [f"每出现{per}次{thing}", f"每发现{per}处{thing}"]
    if per == 1:
        counts += [f"每发现一处{thing}", f"发现一处{thing}", f"一处{thing}", f"每出现一次{thing}"]
    rule = f"{draw(st.sampled_from(counts))}扣{text(points)}分，扣完为止"
    value = max(weight - (count // per) * points, Fraction(0))
    return Leaf(name, weight, "deduction", rule, {thing: count}, half_up(value))


@st.composite
def checklist_leaf(draw: st.DrawFn, name: str, weight: Fraction) -> Leaf:
    cents = int(weight * 100)
    count = draw(st.integers(min_value=1, max_value=4))
    cuts = sorted(draw(st.lists(st.integers(min_value=0, max_value=cents), min_size=count - 1,
                                max_size=count - 1)))
    shares = [Fraction(b - a, 100) for a, b in zip([0, *cuts], [*cuts, cents], strict=True)]
    items, facts, total = [], {}, Fraction(0)
    for share in shares:
        item = fresh(draw, "要点")
        items.append(f"{item}（{text(share)}分）")
        kind = draw(st.sampled_from(["yes", "no", "award"]))
        if kind == "award":
            got = Fraction(draw(st.integers(min_value=0, max_value=int(share * 100))), 100)
            facts[item] = {"得分": text(got), "依据": "评价组判断"}
            total += got
        else:
            facts[item] = "是" if kind == "yes" else "否"
            total += share if kind == "yes" else 0
    return Leaf(name, weight, "checklist", "评价要点 { " + " ".join(items) + " }", facts,
                half_up(total))


@st.composite
def step_leaf(draw: st.DrawFn, name: str, weight: Fraction) -> Leaf:
    """率≤c%，计满分；每超过<一步>扣p分[，按整档扣分]，扣完为止."""
    subject = fresh(draw, "率")
    cut = draw(st.integers(min_value=0, max_value=150))
    unit, step = draw(st.sampled_from(STEP_UNITS))
    points = Fraction(draw(st.integers(min_value=1, max_value=30)), 10)
    whole = draw(st.booleans())
    value = Fraction(draw(st.integers(min_value=0, max_value=30_000)), 10_000)
    excess = max(value - Fraction(cut, 100), Fraction(0))
    steps = excess / step
    if whole:
        steps = Fraction(steps.numerator // steps.denominator)
    rule = (f"{subject}≤{cut}%，计满分；每超过{unit}扣{text(points)}分"
            + ("，按整档扣分" if whole else "") + "，扣完为止")
    return Leaf(name, weight, "steps", rule, {subject: f"{text(value * 100)}%"},
                half_up(max(weight - steps * points, Fraction(0))))


@st.composite
def judgement_leaf(draw: st.DrawFn, name: str, weight: Fraction) -> Leaf:
    """评定 X：A得满分，B得p分，C得q分 — the evaluator's choice, with a reason below the top."""
    fact = fresh(draw, "程度")
    levels = [(fresh(draw, "级"), weight)] + [
        (fresh(draw, "级"), Fraction(draw(st.integers(min_value=0, max_value=int(weight * 10))),
                                     10)) for _ in range(draw(st.integers(min_value=1, max_value=3)))]
    chosen, points = draw(st.sampled_from(levels))
    given: object = chosen if points == weight else {"等级": chosen, "依据": "评价组判断"}
    rule = f"评定 {fact}：" + "，".join(f"{level}得{text(p)}分" for level, p in levels)
    return Leaf(name, weight, "judgement", rule, {fact: given}, half_up(points))


def tenths(draw: st.DrawFn, low: int, high: int) -> Fraction:
    return Fraction(draw(st.integers(min_value=low, max_value=max(high, low))), 10)


@st.composite
def deviation_leaf(draw: st.DrawFn, name: str, weight: Fraction) -> Leaf:
    """实际与计划每相差<一步>，扣p分[，按整档扣分]，扣满K分为止 / 扣完为止: |A−B|/B in steps."""
    a, b = fresh(draw, "实"), fresh(draw, "计")
    planned = Fraction(draw(st.integers(min_value=1, max_value=100_000)), 100)
    actual = Fraction(draw(st.integers(min_value=0, max_value=200_000)), 100)
    unit, step = draw(st.sampled_from(STEP_UNITS))
    points = tenths(draw, 1, 30)
    whole = draw(st.booleans())
    most = draw(st.one_of(st.none(), st.just(tenths(draw, 1, int(weight * 10)))))
    steps = abs(actual - planned) / planned / step
    if whole:
        steps = Fraction(math.floor(steps))
    deduction = steps * points if most is None else min(steps * points, most)
    rule = (f"{a}与{b}每相差{unit}，扣{text(points)}分" + ("，按整档扣分" if whole else "")
            + (f"，扣满{text(most)}分为止" if most is not None else "，扣完为止"))
    return Leaf(name, weight, "deviation", rule, {a: text(actual), b: text(planned)},
                half_up(max(weight - deduction, Fraction(0))))


def months_between(later: datetime.date, earlier: datetime.date) -> int:
    """The fewest months that, added to ``earlier``, reach ``later``: a begun month counts."""
    if later < earlier:
        return -months_between(earlier, later)
    months = 0
    while True:
        year, month = divmod(earlier.month - 1 + months, 12)
        year, month = earlier.year + year, month + 1
        day = min(earlier.day, calendar.monthrange(year, month)[1])
        if datetime.date(year, month, day) >= later:
            return months
        months += 1


def date_text(draw: st.DrawFn, day: datetime.date) -> str:
    return draw(st.sampled_from([day.isoformat(), f"{day.year}/{day.month}/{day.day}",
                                 f"{day.year}年{day.month}月{day.day}日"]))


@st.composite
def date_leaf(draw: st.DrawFn, name: str, weight: Fraction) -> Leaf:
    """滞后 = 相差月数(实际, 计划)（或相差天数）; 滞后≤c，计满分；每超过u扣p分，扣完为止."""
    actual, planned, late = fresh(draw, "实"), fresh(draw, "计"), fresh(draw, "滞后")
    days = st.dates(min_value=datetime.date(2019, 1, 1), max_value=datetime.date(2024, 12, 31))
    done, due = draw(days), draw(days)
    by_month = draw(st.booleans())
    value = months_between(done, due) if by_month else done.toordinal() - due.toordinal()
    cut = draw(st.integers(min_value=0, max_value=3 if by_month else 60))
    unit = draw(st.integers(min_value=1, max_value=3 if by_month else 30))
    points = tenths(draw, 1, 30)
    whole = draw(st.booleans())
    steps = Fraction(max(value - cut, 0), unit)
    if whole:
        steps = Fraction(math.floor(steps))
    rule = (f"{late} = 相差{'月' if by_month else '天'}数({actual}, {planned})\n  "
            f"{late}≤{cut}，计满分；每超过{unit}扣{text(points)}分"
            + ("，按整档扣分" if whole else "") + "，扣完为止")
    return Leaf(name, weight, "dates", rule,
                {actual: date_text(draw, done), planned: date_text(draw, due)},
                half_up(max(weight - steps * points, Fraction(0))))


@st.composite
def discretion_leaf(draw: st.DrawFn, name: str, weight: Fraction) -> Leaf:
    """酌情扣分 X：a-b分 (from full marks; 0 or 否 for none) / 酌情给分 X：a-b分."""
    fact = fresh(draw, "酌情")
    cents = int(weight * 100)
    low = draw(st.integers(min_value=0, max_value=cents))
    high = draw(st.integers(min_value=low, max_value=cents))
    amount = Fraction(draw(st.integers(min_value=low, max_value=high)), 100)
    deduct = draw(st.booleans())
    given: object
    if deduct:
        if draw(st.booleans()):
            amount = Fraction(0)
        given = "否" if amount == 0 and draw(st.booleans()) else {
            "扣分": text(amount), "依据": "评价组判断"}
    else:
        given = {"得分": text(amount), "依据": "评价组判断"}
    rule = (f"酌情{'扣分' if deduct else '给分'} {fact}："
            f"{text(Fraction(low, 100))}-{text(Fraction(high, 100))}分")
    return Leaf(name, weight, "discretion", rule, {fact: given},
                half_up(weight - amount if deduct else amount))


LEAVES = [formula_leaf, band_leaf, deduction_leaf, checklist_leaf, step_leaf, judgement_leaf,
          deviation_leaf, date_leaf, discretion_leaf, ladder_leaf, lapses_leaf, formula_band_leaf]


def condition(draw: st.DrawFn, prefix: str, facts: dict[str, object]) -> tuple[str, bool]:
    """A yes/no fact, added to ``facts``: its name and whether it holds."""
    name, held = fresh(draw, prefix), draw(st.booleans())
    facts[name] = draw(st.sampled_from(["是", "有", True] if held else ["否", "无", False]))
    return name, held


@st.composite
def decorated(draw: st.DrawFn, leaf: Leaf) -> Leaf:
    """Perhaps a 不扣分 / 不适用 and a 一票否决 on the leaf.

    A 不扣分 or 不适用…按满分计 that holds gives full marks, then a veto may still take them; a
    left-out leaf scores nothing, and its veto is not read.
    """
    facts = dict(leaf.facts)
    lines = [leaf.rule]
    expected, out = leaf.expected, None
    form = draw(st.sampled_from(["none", "none", "exempt", "full", "rescale"]))
    if form != "none":
        fact, held = condition(draw, "情形", facts)
        lines.append({"exempt": f"不扣分 当 {fact}", "full": f"不适用 当 {fact}，按满分计",
                      "rescale": f"不适用：{fact}，不计入总分"}[form])
        if held:
            expected, out = (Fraction(0), "rescale") if form == "rescale" else (leaf.weight, None)
    if draw(st.booleans()):
        fact, held = condition(draw, "否决", facts)
        lines.append(f"一票否决：{fact}")
        if held and out is None:
            expected = Fraction(0)
    return replace(leaf, kind=f"{leaf.kind}+{form}", rule="\n  ".join(lines), facts=facts,
                   expected=expected, out=out, exempted=form != "none")


def has_rescale(node: Node | Leaf) -> bool:
    return any("不计入总分" in leaf.rule for leaf in leaves(node))


@st.composite
def shared_out(draw: st.DrawFn, children: list[Node | Leaf]) -> list[Node | Leaf]:
    """Perhaps one leaf's points shared out to siblings when it does not apply (分值均摊到)."""
    sharers = [i for i, c in enumerate(children) if isinstance(c, Leaf) and not c.exempted]
    if not sharers or not draw(st.booleans()):
        return children
    index = draw(st.sampled_from(sharers))
    targets = [c.name for i, c in enumerate(children)
               if i != index and not (isinstance(c, Leaf) and c.out) and not has_rescale(c)]
    if not targets:
        return children
    chosen = draw(st.lists(st.sampled_from(targets), min_size=1, unique=True))
    leaf = children[index]
    assert isinstance(leaf, Leaf)
    facts = dict(leaf.facts)
    fact, held = condition(draw, "无此项", facts)
    line = f"不适用 当 {fact}，分值均摊到 {'、'.join(f'「{t}」' for t in chosen)}"
    shared = replace(leaf, kind=leaf.kind + "+share", rule=f"{leaf.rule}\n  {line}", facts=facts,
                     exempted=True, share_to=tuple(chosen),
                     out="share" if held else None, expected=Fraction(0) if held else leaf.expected)
    return [shared if i == index else c for i, c in enumerate(children)]


def split(draw: st.DrawFn, total: int, count: int) -> list[int]:
    """``total`` in ``count`` positive whole parts (fewer when it is too small to split)."""
    cuts = sorted(set(draw(st.lists(st.integers(min_value=1, max_value=max(total - 1, 1)),
                                    min_size=count - 1, max_size=count - 1))))
    cuts = [c for c in cuts if 0 < c < total]
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


@st.composite
def indicator(draw: st.DrawFn, weight: Fraction, depth: int) -> Node | Leaf:
    name = fresh(draw, "指标")
    if depth >= 3 or draw(st.integers(min_value=0, max_value=2)) == 0:
        leaf = draw(draw(st.sampled_from(LEAVES))(name, weight))
        return draw(decorated(leaf))
    combination = draw(st.sampled_from(["sum", "sum", "weighted", "choice"]))
    node = Node(name, weight, combination=combination)
    count = draw(st.integers(min_value=1, max_value=3))
    if combination == "sum":
        node.children = [draw(indicator(Fraction(cents, 100), depth + 1))
                         for cents in split(draw, int(weight * 100), count)]
        node.children = draw(shared_out(node.children))
    elif combination == "weighted":
        # Each child on a scale of its own (1-100 points), weighed by a share of 100%.
        for percent in split(draw, 100, count):
            own = Fraction(draw(st.integers(min_value=1, max_value=100)))
            child = draw(indicator(own, depth + 1))
            node.children.append(replace(child, share=Fraction(percent, 100)))
    else:
        node.children = [draw(indicator(weight, depth + 1)) for _ in range(count + 1)]
        node.choice = (fresh(draw, "方式"), draw(st.sampled_from(node.children)).name)
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        node.veto = condition(draw, "否决", node.facts)
    return node


def write(node: Node | Leaf) -> str:
    share = f"，权重{text(node.share * 100)}%" if node.share is not None else ""
    head = f"指标 「{node.name}」（{text(node.weight)}分{share}）{{"
    if isinstance(node, Leaf):
        return f"{head}\n  {node.rule}\n}}"
    lines = [f"  择一考核：{node.choice[0]}"] if node.choice else []
    lines += [f"  一票否决 {node.veto[0]}"] if node.veto else []
    return "\n".join([head, *lines, *(write(child) for child in node.children), "}"])


def leaves(node: Node | Leaf) -> list[Leaf]:
    return [node] if isinstance(node, Leaf) else [x for c in node.children for x in leaves(c)]


def all_facts(node: Node | Leaf) -> dict[str, object]:
    if isinstance(node, Leaf):
        return dict(node.facts)
    facts = dict(node.facts)
    if node.choice:
        facts[node.choice[0]] = node.choice[1]
    for child in node.children:
        facts.update(all_facts(child))
    return facts


@dataclass
class Bonus:
    name: str
    weight: Fraction
    rule: str
    count: int
    expected: Fraction


@st.composite
def bonuses(draw: st.DrawFn) -> Bonus:
    """附加分 X（N分）{ 每增加n项加p分[，加分不超过K分] }: outside the 100, added to the total."""
    name = fresh(draw, "附加")
    weight = Fraction(draw(st.integers(min_value=1, max_value=5)))
    per = draw(st.integers(min_value=1, max_value=3))
    points = tenths(draw, 1, 10)
    most = draw(st.one_of(st.none(), st.just(tenths(draw, 1, int(weight * 10)))))
    count = draw(st.integers(min_value=0, max_value=40))
    earned = min((count // per) * points, weight, most if most is not None else weight)
    rule = f"每增加{per}项加{text(points)}分" + (f"，加分不超过{text(most)}分" if most else "")
    return Bonus(name, weight, rule, count, half_up(earned))


@dataclass
class Example:
    rules: str
    tops: list[Node | Leaf]
    facts: dict[str, object]
    veto: tuple[str, bool] | None
    bonus: Bonus | None


class Oracle:
    """Scores the generated data with Fraction, as docs/language.md describes the rules.

    Each indicator gives its score and the part of its weight that applies (less what is left
    out as not applicable beneath it). ``leaves`` ends up with every leaf that is scored (not
    those of alternatives not chosen): its score, its weight after shares, whether it applies.
    """

    def __init__(self) -> None:
        self.leaves: dict[str, tuple[Fraction, Fraction, bool]] = {}

    def score(self, node: Node | Leaf) -> tuple[Fraction, Fraction]:
        if isinstance(node, Leaf):
            self.leaves[node.name] = (node.expected, node.weight, node.out is None)
            return node.expected, node.weight if node.out is None else Fraction(0)
        if node.combination == "choice":
            assert node.choice is not None
            score, applies = self.score(next(c for c in node.children
                                             if c.name == node.choice[1]))
        elif node.combination == "weighted":
            parts = [(c.share, *self.score(c), c.weight) for c in node.children
                     if c.share is not None]
            score = half_up(sum((share * s / w for share, s, _, w in parts), Fraction(0))
                            * node.weight)
            applies = half_up(sum((share * a / w for share, _, a, w in parts), Fraction(0))
                              * node.weight)
        else:
            settled = self.settle(node.children)
            score = sum((s for s, _ in settled), Fraction(0))
            applies = sum((a for _, a in settled), Fraction(0))
        return (Fraction(0) if node.veto and node.veto[1] else score), applies

    def settle(self, children: list[Node | Leaf]) -> list[tuple[Fraction, Fraction]]:
        """Siblings that add up, after shared-out points are handed on: score, weight applying."""
        scored = [self.score(child) for child in children]
        gains: dict[str, Fraction] = defaultdict(Fraction)
        for child in children:
            if isinstance(child, Leaf) and child.out == "share":
                # In hundredths, the first targets taking the cents that do not divide evenly.
                whole, left = divmod(int(child.weight * 100), len(child.share_to))
                for index, target in enumerate(child.share_to):
                    gains[target] += Fraction(whole + (index < left), 100)
        settled = []
        for child, (score, applies) in zip(children, scored, strict=True):
            if child.name in gains:
                weight = child.weight + gains[child.name]
                score, applies = half_up(score * weight / child.weight), weight
                if isinstance(child, Leaf):
                    self.leaves[child.name] = (score, weight, True)
            settled.append((score, applies))
        return settled

    def total(self, example: Example) -> tuple[Fraction, Fraction, Fraction]:
        """The total, the bonus points in it, and the weight that applies."""
        settled = self.settle(example.tops)
        base = sum((s for s, _ in settled), Fraction(0))
        applies = sum((a for _, a in settled), Fraction(0))
        bonus = example.bonus.expected if example.bonus else Fraction(0)
        if example.veto and example.veto[1]:
            base = bonus = Fraction(0)
        if applies and applies != 100:
            base = half_up(base * 100 / applies)
        return base + bonus, bonus, applies


@st.composite
def rulesets(draw: st.DrawFn) -> Example:
    weights = split(draw, 100, draw(st.integers(min_value=1, max_value=4)))
    tops = draw(shared_out([draw(indicator(Fraction(w), 1)) for w in weights]))
    facts: dict[str, object] = {}
    for top in tops:
        facts.update(all_facts(top))
    head = ["满分 100分", "舍入：保留2位小数，四舍五入"]
    veto = condition(draw, "否决", facts) if draw(st.integers(0, 4)) == 0 else None
    if veto:
        head.append(f"一票否决：{veto[0]}")
    bonus = draw(bonuses()) if draw(st.booleans()) else None
    tail = []
    if bonus:
        tail.append(f"附加分 「{bonus.name}」（{text(bonus.weight)}分）{{\n  {bonus.rule}\n}}")
        facts[bonus.name] = draw(st.sampled_from([bonus.count, [f"做法{n}" for n in
                                                                range(bonus.count)]]))
    example = Example("", tops, facts, veto, bonus)
    assume(Oracle().total(example)[2] > 0)  # something must apply for the total to be rescaled
    rules = "\n".join([*head, *(write(top) for top in tops), *tail])
    return Example(rules, tops, facts, veto, bonus)


@given(rulesets())
def test_scores_equal_the_exact_oracle(example: Example) -> None:
    """With the trace and without it (the fast path), every score is the oracle's."""
    ruleset = evalrules.compile(example.rules, "generated.rules")
    oracle = Oracle()
    total, bonus, _ = oracle.total(example)
    for trace in (True, False):
        result = ruleset.evaluate(example.facts, trace=trace)
        for name, (score, weight, applies) in oracle.leaves.items():
            got = result.find(name)
            assert (numbers.to_fraction(got.score), numbers.to_fraction(got.weight),
                    got.applies) == (score, weight, applies), (name, trace)
            assert 0 <= score <= weight
        assert numbers.to_fraction(result.bonus) == bonus
        assert numbers.to_fraction(result.total) == total


@given(rulesets())
def test_parents_combine_losses_add_up_and_json_is_stable(example: Example) -> None:
    ruleset = evalrules.compile(example.rules, "generated.rules")
    result = ruleset.evaluate(example.facts)

    def check(node: evalrules.IndicatorResult) -> None:
        score = numbers.to_fraction(node.score)
        assert 0 <= score <= numbers.to_fraction(node.weight)
        if not node.children:
            return
        if node.vetoed:
            assert score == 0
        elif node.combination == "sum":
            assert score == sum((numbers.to_fraction(c.score) for c in node.children), Fraction(0))
        elif node.combination == "choice":
            chosen = next(s.chosen for s in node.steps if isinstance(s, evalrules.trace.ChoiceStep))
            assert [score] == [numbers.to_fraction(c.score) for c in node.children
                               if c.name == chosen]
        for child in node.children:
            check(child)

    for top in result.indicators:
        check(top)
    losses = [numbers.to_fraction(loss.lost) for loss in result.losses]
    base = numbers.to_fraction(result.total) - numbers.to_fraction(result.bonus)
    assert sum(losses, Fraction(0)) == 100 - base
    assert all(lost > 0 for loss, lost in zip(result.losses, losses, strict=True)
               if loss.path != ("折算舍入",))
    assert losses == sorted(losses, reverse=True)
    first = result.to_json()
    assert ruleset.evaluate(example.facts).to_json() == first
    assert json.loads(first)["total"] == numbers.to_text(result.total)


@given(rulesets(), st.data())
def test_broken_facts_fail_only_as_evalrules_errors(example: Example, data: st.DataObject
                                                    ) -> None:
    broken = dict(example.facts)
    for name in data.draw(st.lists(st.sampled_from(sorted(broken)), max_size=3)):
        broken[name] = data.draw(st.sampled_from(
            [None, "七", -1, "是", [], {"得分": 99, "依据": "x"}, "1e999", Decimal("NaN"),
             "2022-02-30", {"等级": "不存在"}]))
    nothing_given = any(broken[name] is None for name in broken)
    try:
        evalrules.compile(example.rules).evaluate(broken)
    except evalrules.EvalRulesError as error:
        assert error.codes and set(error.codes) <= set(evalrules.errors.CODES)
        assert all(d.fact in broken for d in error.diagnostics if d.fact is not None)
    else:
        assert not nothing_given, "a fact given as nothing (null) was accepted"
