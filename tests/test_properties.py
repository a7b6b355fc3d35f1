"""Property tests: random valid rulesets and fact sets, checked against an exact oracle.

Each example is generated as plain data (a tree of indicators whose leaves use one scoring form:
formula with cap, band table, band with a step rule, occurrence deduction, checklist, graded
judgement; any of them perhaps with a 一票否决),
written out as rule text, and scored twice: by evalrules, and by the oracle below, which works on
the data with fractions.Fraction and knows nothing of the engine. The default run is small enough
for every test run; HYPOTHESIS_PROFILE=deep runs many more (docs/robustness.md).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
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
    expected: Fraction  # the oracle's score, rounded


@dataclass
class Node:
    name: str
    weight: Fraction
    children: list[Node | Leaf] = field(default_factory=list)


def fresh(draw: st.DrawFn, prefix: str) -> str:
    """A name no other in the example shares: letters spelled from a random UUID."""
    return prefix + "".join(chr(0x4E00 + int(digit, 16)) for digit in draw(st.uuids()).hex[:10])


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
    rule = f"得分 = {a}/{b}×{text(weight)}分" + (
        f"（超过{text(weight)}分按{text(weight)}分计）" if cap else "")
    return Leaf(name, weight, "formula", rule, {a: text(actual), b: text(planned)},
                half_up(max(value, Fraction(0))))


@st.composite
def band_leaf(draw: st.DrawFn, name: str, weight: Fraction) -> Leaf:
    subject = fresh(draw, "率")
    cuts = sorted(set(draw(st.lists(st.integers(min_value=1, max_value=199), min_size=1,
                                    max_size=4))))
    points = [Fraction(draw(st.integers(min_value=0, max_value=int(weight * 10))), 10)
              for _ in range(len(cuts) + 1)]
    # Bands from the top: ≥ highest cut, then [cut_i, cut_i+1), then below the lowest.
    parts = [f"≥{cuts[-1]}%，计{text(points[-1])}分"]
    for i in range(len(cuts) - 1, 0, -1):
        parts.append(f"{cuts[i - 1]}%(含)-{cuts[i]}%，计{text(points[i])}分")
    parts.append(f"低于{cuts[0]}%，计{text(points[0])}分")
    value = Fraction(draw(st.integers(min_value=0, max_value=20_000)), 10_000)
    band = sum(1 for cut in cuts if value >= Fraction(cut, 100))
    rule = subject + "；".join(parts)
    return Leaf(name, weight, "bands", rule, {subject: f"{text(value * 100)}%"},
                half_up(points[band]))


@st.composite
def deduction_leaf(draw: st.DrawFn, name: str, weight: Fraction) -> Leaf:
    thing = fresh(draw, "差错")
    per = draw(st.integers(min_value=1, max_value=3))
    points = Fraction(draw(st.integers(min_value=1, max_value=40)), 10)
    count = draw(st.integers(min_value=0, max_value=30))
    rule = f"每出现{per}次{thing}扣{text(points)}分，扣完为止"
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
    unit, step = draw(st.sampled_from([("一个百分点", Fraction(1, 100)), ("1个百分点", Fraction(1, 100)),
                                       ("5%", Fraction(5, 100)), ("10%", Fraction(10, 100))]))
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


LEAVES = [formula_leaf, band_leaf, deduction_leaf, checklist_leaf, step_leaf, judgement_leaf]


@st.composite
def vetoed(draw: st.DrawFn, leaf: Leaf) -> Leaf:
    """Perhaps a 一票否决 on the leaf: when its fact holds, the leaf scores 0."""
    if not draw(st.booleans()):
        return leaf
    fact = fresh(draw, "否决")
    held = draw(st.booleans())
    return Leaf(leaf.name, leaf.weight, leaf.kind + "+veto", f"{leaf.rule}\n  一票否决：{fact}",
                {**leaf.facts, fact: "是" if held else "否"}, Fraction(0) if held else leaf.expected)


@st.composite
def indicator(draw: st.DrawFn, weight: Fraction, depth: int) -> Node | Leaf:
    name = fresh(draw, "指标")
    if depth >= 3 or draw(st.integers(min_value=0, max_value=2)) == 0:
        return draw(vetoed(draw(draw(st.sampled_from(LEAVES))(name, weight))))
    cents = int(weight * 100)
    count = draw(st.integers(min_value=1, max_value=3))
    cuts = sorted(set(draw(st.lists(st.integers(min_value=1, max_value=max(cents - 1, 1)),
                                    min_size=count - 1, max_size=count - 1))))
    cuts = [c for c in cuts if 0 < c < cents]
    weights = [Fraction(b - a, 100) for a, b in zip([0, *cuts], [*cuts, cents], strict=True)]
    return Node(name, weight, [draw(indicator(w, depth + 1)) for w in weights])


def write(node: Node | Leaf) -> str:
    head = f"指标 「{node.name}」（{text(node.weight)}分）{{"
    if isinstance(node, Leaf):
        return f"{head}\n  {node.rule}\n}}"
    return head + "\n" + "\n".join(write(child) for child in node.children) + "\n}"


def leaves(node: Node | Leaf) -> list[Leaf]:
    return [node] if isinstance(node, Leaf) else [x for c in node.children for x in leaves(c)]


def oracle(node: Node | Leaf) -> Fraction:
    return node.expected if isinstance(node, Leaf) else sum(
        (oracle(child) for child in node.children), Fraction(0))


@st.composite
def rulesets(draw: st.DrawFn) -> tuple[str, list[Node | Leaf], dict[str, object]]:
    count = draw(st.integers(min_value=1, max_value=4))
    cuts = sorted(set(draw(st.lists(st.integers(min_value=1, max_value=99), min_size=count - 1,
                                    max_size=count - 1))))
    weights = [Fraction(b - a) for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    tops = [draw(indicator(w, 1)) for w in weights]
    text_ = "满分 100分\n舍入：保留2位小数，四舍五入\n" + "\n".join(write(t) for t in tops)
    facts: dict[str, object] = {}
    for top in tops:
        for leaf in leaves(top):
            facts.update(leaf.facts)
    return text_, tops, facts


@given(rulesets())
def test_scores_equal_the_exact_oracle(example: tuple[str, list[Node | Leaf], dict[str, object]]
                                       ) -> None:
    rules, tops, facts = example
    result = evalrules.compile(rules, "generated.rules").evaluate(facts)
    for top in tops:
        for leaf in leaves(top):
            got = result.find(leaf.name)
            assert numbers.to_fraction(got.score) == leaf.expected, (leaf.kind, leaf.rule,
                                                                    leaf.facts)
            assert 0 <= numbers.to_fraction(got.score) <= leaf.weight
    assert numbers.to_fraction(result.total) == sum((oracle(t) for t in tops), Fraction(0))


@given(rulesets())
def test_parents_sum_losses_add_up_and_json_is_stable(
        example: tuple[str, list[Node | Leaf], dict[str, object]]) -> None:
    rules, _, facts = example
    ruleset = evalrules.compile(rules, "generated.rules")
    result = ruleset.evaluate(facts)

    def check(node: evalrules.IndicatorResult) -> None:
        if node.children:
            assert numbers.to_fraction(node.score) == sum(
                (numbers.to_fraction(c.score) for c in node.children), Fraction(0))
            for child in node.children:
                check(child)

    for top in result.indicators:
        check(top)
    lost = sum((numbers.to_fraction(loss.lost) for loss in result.losses), Fraction(0))
    assert lost == 100 - numbers.to_fraction(result.total)
    assert all(numbers.compare(loss.lost, numbers.ZERO) > 0 for loss in result.losses)
    assert [numbers.to_fraction(loss.lost) for loss in result.losses] == sorted(
        (numbers.to_fraction(loss.lost) for loss in result.losses), reverse=True)
    first = result.to_json()
    assert ruleset.evaluate(facts).to_json() == first
    assert json.loads(first)["total"] == numbers.to_text(result.total)


@given(rulesets(), st.data())
def test_broken_facts_fail_only_as_evalrules_errors(
        example: tuple[str, list[Node | Leaf], dict[str, object]], data: st.DataObject) -> None:
    rules, _, facts = example
    broken = dict(facts)
    for name in data.draw(st.lists(st.sampled_from(sorted(facts)), max_size=3)):
        broken[name] = data.draw(st.sampled_from(
            [None, "七", -1, "是", [], {"得分": 99, "依据": "x"}, "1e999", Decimal("NaN")]))
    nothing_given = any(broken[name] is None for name in broken)
    try:
        evalrules.compile(rules).evaluate(broken)
    except evalrules.EvalRulesError as error:
        assert error.codes and set(error.codes) <= set(evalrules.errors.CODES)
        assert all(d.fact in broken for d in error.diagnostics if d.fact is not None)
    else:
        assert not nothing_given, "a fact given as nothing (null) was accepted"
