"""Wordings real score tables print that were once silently read as something else (issue 8).

Each was scored, without a word, as a different rule: now it is read as printed, or refused with
an error that names its cause."""

from __future__ import annotations

from decimal import Decimal

import pytest

import evalrules

RULES = "满分 10分\n指标 a（10分）{{ {} }}"


def score(rule: str, **facts: object) -> Decimal:
    result = evalrules.compile(RULES.format(rule)).evaluate(facts)
    return result.total


def test_a_band_written_equal_is_that_value_only() -> None:
    # Once read as 差额<5: 3 scored 10 and 5 scored 5.
    rule = "差额==5，计10分；差额<5，计5分；差额>5，计0分"
    assert (score(rule, 差额="5"), score(rule, 差额="3"), score(rule, 差额="7")) == (10, 5, 0)
    assert score("差额=0，计10分；差额<0，计5分；差额>0，计0分", 差额="0") == 10


def test_a_band_written_unequal_is_refused_for_what_it_is() -> None:
    # Once read as 差额<0.
    with pytest.raises(evalrules.RuleCompileError) as caught:
        evalrules.compile(RULES.format("差额≠0，计0分；差额=0，计10分"))
    assert caught.value.codes == ("E0223",)
    assert "≠" in caught.value.diagnostics[0].message


@pytest.mark.parametrize(("rule", "given", "expected"), [
    ("执行率不超过100%，计10分；执行率超过100%，计0分", "100%", 10),
    ("执行率不超过100%，计10分；执行率超过100%，计0分", "100.5%", 0),
    ("占比不低于20%，计10分；占比低于20%，计0分", "20%", 10),
    ("占比不低于20%，计10分；占比低于20%，计0分", "19%", 0),
])
def test_not_over_and_not_under_keep_the_number_and_their_name(rule: str, given: str,
                                                                expected: int) -> None:
    # Once 不 went into the name (执行率不) and the comparison was 超过 / 低于.
    subject = rule[:rule.index("不")]
    result = evalrules.compile(RULES.format(rule)).evaluate({subject: given})
    assert result.total == expected
    assert result.leaves()[0].reads[0].name == subject


@pytest.mark.parametrize("given", ["86.4", "85", Decimal("0.864"), 86])
def test_a_rate_given_without_its_percent_sign_is_refused(given: object) -> None:
    # Once 86.4 was read as 8640% and scored full marks, and "85" scored 10.00 where "85%" scores 8.85.
    rules = evalrules.compile(RULES.format("得分 = 满意度/96%×10分（超过10分按10分计）"))
    with pytest.raises(evalrules.FactError) as caught:
        rules.evaluate({"满意度": given})
    assert caught.value.codes == ("E0311",)
    assert caught.value.diagnostics[0].fact == "满意度"
    assert rules.evaluate({"满意度": "86.4%"}).total == 9


@pytest.mark.parametrize("rule", [
    "满意度≥90%，计10分；满意度<90%，计0分",
    "得分 = 如果 满意度 >= 90% 则 10分 否则 0分",
    "得分 = 最小值(满意度, 100%)×10分",
    "得分 = (满意度 - 80%)×50分",
])
def test_every_way_of_comparing_with_a_percentage_makes_a_rate(rule: str) -> None:
    with pytest.raises(evalrules.FactError) as caught:
        evalrules.compile(RULES.format(rule)).evaluate({"满意度": "95"})
    assert caught.value.codes == ("E0311",)


def test_a_number_never_compared_with_a_percentage_is_not_a_rate() -> None:
    assert score("得分 = 完成数/计划数×10分", 完成数="9", 计划数="10") == 9


@pytest.mark.parametrize("rule", [
    "满意度≥80，计10分；满意度<80，计0分",
    "满意度80（含）-100，计10分；满意度<80，计0分",
    "得分 = 如果 满意度 >= 80分 则 10分 否则 0分",
])
def test_a_percentage_given_for_a_number_compared_with_plain_numbers_is_refused(rule: str) -> None:
    # Once 85% was read as 0.85, fell below 80 and scored 0 without a word.
    rules = evalrules.compile(RULES.format(rule))
    with pytest.raises(evalrules.FactError) as caught:
        rules.evaluate({"满意度": "85%"})
    assert caught.value.codes == ("E0313",)
    assert caught.value.diagnostics[0].fact == "满意度"
    assert rules.evaluate({"满意度": "85"}).total == 10


def test_a_number_compared_only_with_zero_takes_either_spelling() -> None:
    # 0 is 0 and 0%: nothing says which the author meant, so nothing is refused.
    assert score("差额=0，计10分；差额>0，计0分", 差额="0%") == 10
    assert score("得分 = 如果 差额 > 0 则 0分 否则 10分", 差额="0") == 10


def test_reached_means_at_least() -> None:
    rule = "完成率达到100%的得满分；完成率低于100%的不得分"
    assert score(rule, 完成率="104%") == 10


@pytest.mark.parametrize(("actual", "expected"), [("90", 10), ("110", "7.5")])
def test_a_deviation_written_one_way_counts_that_way_only(actual: str, expected: object) -> None:
    # 每相差 is either way; 每超出 penalises only an overrun: finishing early costs nothing.
    rule = "实际用时与计划用时每超出4%，扣1分，扣完为止"
    assert score(rule, 实际用时=actual, 计划用时="100") == Decimal(expected)
    assert score("实际完成值与计划值每低于5%，扣1分", 实际完成值="110", 计划值="100") == 10
    assert score("实际完成值与计划值每相差5%，扣1分", 实际完成值="110", 计划值="100") == 8


def test_signs_as_tables_type_them_and_a_written_end_wins() -> None:
    # ≧ and ≦ were unknown characters; ≤90%（不含） took the sign's end over the written one.
    rule = "满意度≧90%，计10分；满意度≦90%（不含），计0分"
    assert (score(rule, 满意度="90%"), score(rule, 满意度="89.9%")) == (10, 0)
    assert score("每发现一笔以拨代支扣1分，扣完为止", 以拨代支=3) == 7


@pytest.mark.parametrize("rule", ["得分值=完成率×该指标分值", "本项得分=完成率×该项指标分值",
                                  "评价指标得分=完成率×分值", "得分=完成率×本指标分值"])
def test_the_score_and_the_weight_by_any_of_their_names(rule: str) -> None:
    # 得分值=… defined a metric named 得分值 and the leaf had no rule (E0207); 该指标分值 was a
    # fact that had to be given.
    assert score(rule, 完成率="80%") == 8


@pytest.mark.parametrize(("rule", "expected"), [
    ("得分=完成率×分值；每发现一处扣1分", 6),
    ("得分=完成率/计划完成率×分值。每发现一处扣1分", 6),
])
def test_a_formula_before_a_deduction_keeps_its_operators(rule: str, expected: int) -> None:
    # 「×分值」 was taken as a requirement stated before 每发现…: the formula scored 完成率 alone
    # (0.7 points where 7 were meant).
    assert score(rule, 完成率="70%", 计划完成率="100%", a=1) == expected


@pytest.mark.parametrize(("rule", "name", "short", "enough"), [
    ("专职人员少于2人扣2分", "专职人员", 1, 3), ("人员多于5人扣1分", "人员", 6, 5),
    ("驻村干部不足2人扣1分", "驻村干部", 1, 2)])
def test_a_count_compared_is_not_a_count_deducted_for(rule: str, name: str, short: int,
                                                      enough: int) -> None:
    # Once read as 每出现2人「专职人员少于」扣2分: 3 of them cost 2 points, 1 cost nothing. The
    # number is compared: the points are lost once, on the side the comparison says.
    cost = int(rule[rule.index("扣") + 1])
    assert score(rule, **{name: short}) == 10 - cost
    assert score(rule, **{name: enough}) == 10


def test_a_count_compared_beside_none_of_it_is_refused() -> None:
    # At 0 both hold: 5 points off, or only the 3 of 未配备?
    with pytest.raises(evalrules.RuleCompileError) as caught:
        evalrules.compile(RULES.format("未配备专职人员扣3分，专职人员少于2人扣2分"))
    assert caught.value.codes == ("E0229",)
