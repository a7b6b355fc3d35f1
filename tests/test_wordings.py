"""Wordings of real score tables read as printed (issue 8): each sentence is the whole body of a
leaf, exactly as a table prints it, scored against hand-computed facts.

tests/corpus/ measures how much of the published wording is read; these tests pin down each
wording family the language learnt, so that a change to the grammar cannot quietly lose one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import evalrules


def rules(sentence: str, weight: str = "10") -> evalrules.Ruleset:
    return evalrules.compile(f"满分 {weight}分\n指标 「被测指标」（{weight}分）{{ {sentence} }}")


def total(sentence: str, facts: dict[str, Any], weight: str = "10") -> Decimal:
    return rules(sentence, weight).evaluate(facts).total


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # A bare lower end takes the unit of the upper one: 0-10%(含) is 0%–10%.
    ("预算调整率=0，计3分；0-10%(含)，计2分；10-20%(含)，计1分；大于20%不得分。", "3",
     {"预算调整率": "0%"}, "3"),
    ("预算调整率=0，计3分；0-10%(含)，计2分；10-20%(含)，计1分；大于20%不得分。", "3",
     {"预算调整率": "10%"}, "2"),
    ("预算调整率=0，计3分；0-10%(含)，计2分；10-20%(含)，计1分；大于20%不得分。", "3",
     {"预算调整率": "10.5%"}, "1"),
    # ═ is an equals sign as some tables print it.
    ("生均补助标准达标率═100%，计10分；低于100%不得分", "10", {"生均补助标准达标率": "100%"}, "10"),
    # 至 between the ends of a range (在85%至95%之间), and 介于…和/与…之间: bare ranges, holding
    # their lower end; 至 in a name (截至年底) stays a letter.
    ("覆盖率在85%至95%之间，得3分；95%及以上，得5分；低于85%不得分", "5", {"覆盖率": "85%"}, "3"),
    ("覆盖率在85%至95%之间，得3分；95%及以上，得5分；低于85%不得分", "5", {"覆盖率": "95%"}, "5"),
    ("覆盖率介于85%和95%之间的，得3分；95%及以上，得5分；低于85%不得分", "5", {"覆盖率": "90%"}, "3"),
    ("覆盖率介于85%（含）与95%之间的，得3分；95%及以上，得5分；低于85%不得分", "5",
     {"覆盖率": "84.9%"}, "0"),
    ("截至年底完成率90%至100%，得5分；低于90%不得分", "5", {"截至年底完成率": "90%"}, "5"),
])
def test_band_wordings(sentence: str, weight: str, facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_a_table_need_not_cover_values_it_takes_to_be_impossible() -> None:
    # =100% and below 100% say nothing of 101%: the table is read, and 101% is refused when it
    # comes (never given a band the table did not write).
    sentence = "足额保障率=100%，得满分；低于100%不得分"
    assert total(sentence, {"足额保障率": "100%"}) == 10
    assert total(sentence, {"足额保障率": "99.9%"}) == 0
    with pytest.raises(evalrules.FactError) as caught:
        total(sentence, {"足额保障率": "101%"})
    assert caught.value.codes == ("E0308",)
    assert "不属于评分表的任何一档" in caught.value.diagnostics[0].message


@pytest.mark.parametrize(("sentence", "value", "expected"), [
    # A mark may follow the word and say its number again; 包括 is 含; a mark always wins.
    ("满意度90%以上（含90%）得10分，低于90%不得分", "90%", "10"),
    ("满意度90%以上（含）得10分，低于90%不得分", "90%", "10"),
    ("满意度高于90%（包括90%）得10分，低于90%不得分", "90%", "10"),
    ("满意度超过90%（含本数）得10分，低于90%不得分", "90%", "10"),
    ("满意度90%（不含）以上得10分，90%以下不得分", "90%", "0"),
    ("满意度90%以上（不包括90%）得10分，90%以下不得分", "90%", "0"),
    # 80-90（含80）: the number says which end the mark is for.
    ("满意度80-90（包括80）得10分，90以上得5分，80以下不得分", "80", "10"),
    ("满意度80-90（包括80）得10分，90以上得5分，80以下不得分", "90", "5"),
])
def test_a_mark_may_say_its_number(sentence: str, value: str, expected: str) -> None:
    assert total(sentence, {"满意度": value}) == Decimal(expected)


@pytest.mark.parametrize(("sentence", "mark"), [
    ("满意度90%以上（含95%）得10分，低于90%不得分", "（含95%）"),
    ("满意度90%以上（含90）得10分，低于90%不得分", "（含90）"),
])
def test_a_mark_that_says_another_number_is_refused(sentence: str, mark: str) -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules(sentence)
    assert caught.value.codes == ("E0224",)
    assert f"括号里写的是{mark}，但这一端是 90%" in caught.value.diagnostics[0].message


@pytest.mark.parametrize(("sentence", "value", "expected"), [
    # Rungs one inside another: a value takes the highest it reaches; reaching none scores 0.
    ("满意度90%以上得10分，80%以上得8分", "95%", "10"),
    ("满意度90%以上得10分，80%以上得8分", "90%", "10"),
    ("满意度90%以上得10分，80%以上得8分", "89.9%", "8"),
    ("满意度90%以上得10分，80%以上得8分", "79.9%", "0"),
    ("满意度超过90%得10分，超过80%得8分", "90%", "8"),
    # One rung with the whole weight is a yes/no point: 以上 holds its number.
    ("满意度达到80%以上。10分", "80%", "10"),
    ("满意度达到80%以上。10分", "79%", "0"),
    # Rungs going down: at most 5%, else at most 10%, else nothing.
    ("满意度≤5%，得满分；≤10%，得6分", "5%", "10"),
    ("满意度≤5%，得满分；≤10%，得6分", "10%", "6"),
    ("满意度≤5%，得满分；≤10%，得6分", "10.1%", "0"),
    # With a band for the rest, the rungs still nest and the rest is that band's.
    ("满意度90%以上得10分，80%以上得8分，低于80%得2分", "70%", "2"),
])
def test_thresholds_written_one_inside_another_are_a_ladder(sentence: str, value: str,
                                                            expected: str) -> None:
    assert total(sentence, {"满意度": value}) == Decimal(expected)


def test_a_value_that_reaches_no_rung_says_so() -> None:
    result = rules("满意度90%以上得10分，80%以上得8分").evaluate({"满意度": "79%"})
    (leaf,) = result.leaves()
    (step,) = [step for step in leaf.steps if isinstance(step, evalrules.trace.BandStep)]
    assert (step.band, step.points) == ("<80%，各档均未达到", 0)


@pytest.mark.parametrize(("sentence", "value"), [
    # Two rungs at one number, and a rung inside a two-sided band, are still overlaps.
    ("满意度90%以上得10分，90%以上得8分", "90%"),
    ("满意度80%-95%得10分，90%以上得8分", "90%"),
    ("执行率≥90%，计10分；执行率<80%，计0分", "80%"),
    # 60-79% holds 60% but not 79% (an end is held by the upper of two bare ranges, and 80-99%
    # starts at 80%): 79% is in no band, said at compile time rather than guessed.
    ("技术培训人次完成率100%，计4分；80-99%，计3分；60-79%，计2分；<60%，计1分", "79%"),
])
def test_a_gap_or_an_overlap_between_bands_is_still_refused(sentence: str, value: str) -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules(sentence)
    assert caught.value.codes == ("E0217",)
    assert f"为 {value} 时" in caught.value.diagnostics[0].message


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # One case with the whole weight: a yes/no point named by its phrase, 、 and ， included.
    ("成立管护工作领导小组、明确管护人员、建立管护台账的，得10分", "10",
     {"成立管护工作领导小组、明确管护人员、建立管护台账": "否"}, "0"),
    ("评审程序公正的，得5分；否则不得分", "5", {"评审程序公正": "是"}, "5"),
    ("做到专款专用，不存在挪用、移用、滞留专项资金现象的15分", "15",
     {"做到专款专用，不存在挪用、移用、滞留专项资金现象": "是"}, "15"),
    # Points that add up to the weight, or numbered ①②: a checklist, each point judged alone.
    ("印制宣传手册，得1分；举办就业政策培训班，得1分；经验材料被推广、转发或刊载，得1分。", "3",
     {"印制宣传手册": "是", "举办就业政策培训班": "是", "经验材料被推广、转发或刊载": "否"}, "2"),
    ("①已建立资产管理制度，1分；②资产账实相符，1.5分；③资产处置按规定报批，1.5分。", "4",
     {"已建立资产管理制度": "是", "资产账实相符": {"得分": "1", "依据": "两台设备未入账"},
      "资产处置按规定报批": "是"}, "3.5"),
    ("目标明确（1分），目标细化（1.5分），目标量化（1.5分）", "4",
     {"目标明确": "是", "目标细化": "是", "目标量化": "否"}, "2.5"),
    # Any other list is levels the evaluator picks, the points bare or touching the level.
    ("无结余，3分；有结余，但不超过上年结转，2分；结余超过上年结转，不得分。", "3",
     {"被测指标": {"等级": "有结余，但不超过上年结转", "依据": "结余12万元"}}, "2"),
    ("项目实施目的明确：优5分，良4分，中3分，差0分", "5",
     {"项目实施目的明确": {"等级": "良", "依据": "个别目标未细化"}}, "4"),
    # A label does not make points that add up to the weight a choice of one.
    ("项目效益：增收效果明显（2分）、受益群众满意度高（2分）", "4",
     {"增收效果明显": "是", "受益群众满意度高": "否"}, "2"),
])
def test_case_lists(sentence: str, weight: str, facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


@pytest.mark.parametrize("sentence", [
    # 得5分 on a 10-point indicator: full marks can never be reached, so it is not read as levels.
    "评审程序公正的，得5分；否则不得分",
    "按时报送的得5分，逾期报送的得2分",
])
def test_cases_that_never_reach_the_weight_are_refused(sentence: str) -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules(sentence)
    assert caught.value.codes == ("E0226",)


def test_a_deduction_is_not_read_as_a_level() -> None:
    # 扣0.5分 touching its phrase is a deduction, never a level scoring 0.5.
    assert total("每发现一处资料缺失扣0.5分，扣完为止", {"资料缺失": 3}, "5") == Decimal("3.5")


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # A 自评表's target with its unit: met scores the points; not met, what the formula gives,
    # 实际完成值 and 年度指标值 standing for this subject and the number stated.
    ("委托业务项目数量≥50个，达成预期指标的得满分，未达成的按实际完成值/年度指标值×该指标分值计分", "8",
     {"委托业务项目数量": 40}, "6.4"),
    ("委托业务项目数量≥50个，达成预期指标的得满分，未达成的按实际完成值/年度指标值×该指标分值计分", "8",
     {"委托业务项目数量": 55}, "8"),
    ("单位服务成本≤2万元，达成预期指标的得满分，超出的按年度指标值/实际完成值×该指标分值计分", "6",
     {"单位服务成本": "2.5"}, "4.8"),
    ("扶贫临时救助标准≤5300元/户，未超出的得满分，超出的不得分", "10", {"扶贫临时救助标准": 5830}, "0"),
    ("高龄补贴发放完成率>=75%（百分比），完成的得满分，未完成的按实际完成值/预期指标值×分值计分", "30",
     {"高龄补贴发放完成率": "60%"}, "24"),
    # A unit on a band and on a step.
    ("科目调整次数≤10次，得满分；每超出1次扣2分，扣完为止", "22.5", {"科目调整次数": 12}, "18.5"),
])
def test_targets_and_units(sentence: str, weight: str, facts: dict[str, Any],
                           expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_the_words_of_a_target_are_its_own_not_shared_facts() -> None:
    # 实际完成值 and 年度指标值 under two indicators never become one fact.
    rest = "达成预期指标的得满分，未达成的按实际完成值/年度指标值×该指标分值计分"
    ruleset = evalrules.compile(f"满分 20分\n指标 甲（10分）{{ 培训人次≥300人次，{rest} }}\n"
                                f"指标 乙（10分）{{ 受益农户≥200户，{rest} }}")
    assert set(ruleset.plan.facts) == {"培训人次", "受益农户"}
    assert ruleset.evaluate({"培训人次": 240, "受益农户": 180}).total == Decimal(17)


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # A name may quote a word (the quotation marks are not part of the fact's name) or hold a
    # parenthesis (which is); the region beyond the bands may be said again before the steps.
    ("“三公经费”变动率≤0，计3分；“三公经费”变动率>0，每超过一个百分点扣0.3分，扣完为止。", "3",
     {"三公经费变动率": "5%"}, "1.5"),
    ("因公出国（境）费变动率≤0，计2分；因公出国（境）费变动率>0，每超过一个百分点扣0.5分，扣完为止。", "2",
     {"因公出国（境）费变动率": "2%"}, "1"),
    # 及以下 holds the number; 每高/每低/每降 are steps.
    ("出生人口性别比在107及以下的，计满分；每高1扣0.5分，扣完为止", "3", {"出生人口性别比": "107"}, "3"),
    ("群众满意率90%以上得10分，每降5%扣1分，扣完为止。", "10", {"群众满意率": "80%"}, "8"),
    # =100% before 达到的: a stated target, not a definition of the name as 100%.
    ("生均补助标准达标率═100%，达到的得满分，未达到的不得分", "10", {"生均补助标准达标率": "99%"}, "0"),
])
def test_names_and_steps(sentence: str, weight: str, facts: dict[str, Any],
                         expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_a_restated_region_must_be_the_one_beyond_the_bands() -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("变动率≤0，计2分；变动率>1%，每超过一个百分点扣0.5分，扣完为止。", "2")
    assert caught.value.codes == ("E0218",)


@pytest.mark.parametrize(("sentence", "facts", "expected"), [
    # 超过100%的按100%计算 after a formula caps the value it reads: the one value, or the quotient
    # the points are multiplied by; below the cap the formula is as written.
    ("预算完成率=预算完成数/预算数×100%，得分=预算完成率×4分，超过100%的按100%计算",
     {"预算完成数": 120, "预算数": 100}, "4"),
    ("预算完成率=预算完成数/预算数×100%，得分=预算完成率×4分，超过100%的按100%计算",
     {"预算完成数": 90, "预算数": 100}, "3.6"),
    ("得分=实际完成数/计划数×分值，超过100%的按100%计算", {"实际完成数": 130, "计划数": 100}, "4"),
    ("得分=实际完成数/计划数×分值，超过100%的按100%计算", {"实际完成数": 75, "计划数": 100}, "3"),
    # The value, not the score: 90% is taken as 80%, 3.2 points where the formula gives 3.6.
    ("得分=完成率×分值，超过80%的按80%计算", {"完成率": "90%"}, "3.2"),
    ("得分=完成率×分值，超过80%的按80%计算", {"完成率": "70%"}, "2.8"),
])
def test_a_cap_after_a_formula_is_on_its_value(sentence: str, facts: dict[str, Any],
                                               expected: str) -> None:
    assert total(sentence, facts, "4") == Decimal(expected)


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # What a table requires, then what each lapse costs: the requirement is kept as text.
    ("田间道路平整畅通，每发现一处管理不到位扣1分", "10", {"管理不到位": 2}, "8"),
    ("①采购事项按规定编制采购预算；②采购方式符合规定；③采购合同按时备案。以上情况每出现一例不符合要求的扣2分，"
     "扣完为止。", "5", {"不符合要求": 2}, "1"),
    ("一季度末下达全部补助资金的40%；9月底前所有补助资金全部下达完。每出现一个项目未按进度下达资金扣0.5分，扣完为止。",
     "3", {"项目未按进度下达资金": 2}, "2"),
    # The list, then what full marks look like and each lapse (项目支出绩效目标合理性).
    ("①项目有绩效目标；②绩效目标与实际工作内容具有相关性；③与预算确定的投资额相匹配。全部符合得3分，"
     "每有一项不符合扣1分。", "3", {"不符合": 2}, "1"),
    # 每少一项 counts the indicator itself; the 的 that closes an occurrence is not its name.
    ("每少一项扣0.5分，扣完为止。", "2", {"被测指标": 1}, "1.5"),
    ("每发现一项质量未达到设计要求的，扣1分，最多扣6分。", "6", {"质量未达到设计要求": 4}, "2"),
    # A case, a full stop, its points.
    ("严格按项目批复内容建设的。15分", "15", {"严格按项目批复内容建设": "是"}, "15"),
    # What full marks look like, then 否则 each problem: a label before it is the title of both,
    # not the name of a level the evaluator picks.
    ("基础信息完善性：基础数据信息和会计信息资料真实、完整、准确，得4分；否则，每发现一处问题扣1分，扣完为止。",
     "4", {"问题": 3}, "1"),
    # What is counted run into 每 and its count, no 的; a name after the count is what is counted.
    ("有效投诉每发生1次扣1分，扣完为止。", "4", {"有效投诉": 3}, "1"),
    ("有效投诉次数为0得4分，有效投诉每发生1次扣1分，扣完为止。", "4", {"有效投诉": 2}, "2"),
    ("安全检查每发现一处隐患扣1分。", "4", {"隐患": 1}, "3"),
    # 否则 run into the count, with no comma.
    ("年度工作计划制定及时、内容完整，得2分；否则每发现一项问题扣0.5分。", "2", {"问题": 3}, "0.5"),
])
def test_requirements_and_deductions(sentence: str, weight: str, facts: dict[str, Any],
                                     expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_a_requirement_is_kept_as_the_indicators_text() -> None:
    leaf = rules("田间道路平整畅通，每发现一处管理不到位扣1分").plan.leaves()[0]
    assert ("说明", "田间道路平整畅通") in leaf.fields


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # Full marks in one case, the evaluator's deduction otherwise (at most what is stated).
    ("实施方案编制符合要求的得5分，不符合要求的视具体情况扣分，扣完5分为止。", "5",
     {"被测指标": {"扣分": 2, "依据": "缺少分年度资金安排"}}, "3"),
    ("项目预算编制符合国家政策要求，依据充分，标准明确，与年度工作匹配的，得满分；否则酌情扣分", "5",
     {"被测指标": 0}, "5"),
    # A full-marks case beside a deduction says what full marks look like: deduct from the weight.
    ("报送的基础数据资料完整真实准确的，得2分；基础数据资料不完整或不准确的，每认定1项扣0.5分，"
     "最多扣2分。", "2", {"基础数据资料不完整或不准确": 3}, "0.5"),
    # 达到目标值 N 的 is N or more; 未达到的 is the rest.
    ("资金支出率达到目标值95%的，得10分", "10", {"资金支出率": "97%"}, "10"),
    ("及时发放率达到目标值100%的，得20分；未达到的不得分", "20", {"及时发放率": "99%"}, "0"),
    ("资金拨付及时率98%以上，得满分；未达到的按实际值/指标值×该指标分值计分", "10",
     {"资金拨付及时率": "49%"}, "5"),
    # The actual value by the last words of the subject's name; 计算 for 计分.
    ("资金到位率100%得满分，未达到的按到位率×分值计算。", "5", {"资金到位率": "90%"}, "4.5"),
    ("受益人口≥1000人，得3分；未达到的按受益人口/1000×3分计算。", "3", {"受益人口": 800}, "2.4"),
])
def test_discretion_and_targets_written_short(sentence: str, weight: str, facts: dict[str, Any],
                                              expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_a_deduction_at_discretion_starts_from_full_marks() -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("符合要求的得4分，不符合要求的酌情扣分", "5")
    assert caught.value.codes == ("E0217",)


@pytest.mark.parametrize(("sentence", "value", "expected"), [
    # 以上、以下、以内 hold their number (《民法典》第一千二百五十九条).
    ("资金下达用时在30日以内的，得满分；超过30日的，不得分", 30, "10"),
    ("资金下达用时在30日以内的，得满分；超过30日的，不得分", 31, "0"),
    ("满意度90%以上，计10分；80%-90%，计6分；低于80%不得分", "90%", "10"),
    # … unless another band writes （含） at it: the written mark wins.
    ("满意度90%（含）-100%，计10分；90%以下，计0分", "90%", "10"),
    ("满意度90%（含）-100%，计10分；90%以下，计0分", "89.9%", "0"),
])
def test_above_and_below_hold_their_number(sentence: str, value: object, expected: str) -> None:
    subject = "资金下达用时" if "用时" in sentence else "满意度"
    assert total(sentence, {subject: value}) == Decimal(expected)


def test_two_bands_holding_one_number_by_their_words_are_refused() -> None:
    # ≥ holds 60% as written and 以下 holds it by its reading: neither gives way.
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("满意度≥60%，计10分；60%以下，计0分")
    assert caught.value.codes == ("E0217",)
    assert "60% 时同时落在档" in caught.value.diagnostics[0].message


@pytest.mark.parametrize(("sentence", "code"), [
    # 分别 after cases that cannot be cut into items for sure: refused by name.
    ("获县级以上先进集体和个人分别加2分、1分", "E0229"),
    ("获奖集体2分", "E0226"),
])
def test_wordings_refused_rather_than_misread(sentence: str, code: str) -> None:
    with pytest.raises(evalrules.EvalRulesError) as caught:
        rules(sentence, "12")
    assert caught.value.codes[0] == code


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # What is counted, said before the count without 每 (a finding verb is not part of it).
    ("发现一处错误扣1分，扣完10分为止。", "5", {"错误": 2}, "3"),
    ("未完成1次扣1分，扣完为止。", "4", {"未完成": 3}, "1"),
    ("未落实的，每次扣1分，扣完为止。", "4", {"未落实": 5}, "0"),
    ("违反《安全生产管理制度》每起扣5分", "10", {"违反《安全生产管理制度》": 1}, "5"),
    ("发现违规使用资金的，每起减2分，最高减5分。", "10", {"违规使用资金": 4}, "5"),
    # 大于等于、小于或等于、至少 hold their number.
    ("危房存量占比小于2%得10分，大于等于2%得0分。", "10", {"危房存量占比": "2%"}, "0"),
])
def test_counts_without_each_and_compound_comparisons(sentence: str, weight: str,
                                                      facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


@pytest.mark.parametrize(("sentence", "code"), [
    # Several lapses beside a level that earns points: read as levels, they would cost one
    # deduction where the table means each; read as lapses, the level would be lost.
    ("资料齐全得15分，基本齐全得10分，未完成镇级验收扣5分，资料不全扣5分。", "E0225"),
    # A count after levels in the same clause: from the level picked, or per item?
    ("沟渠、泵站有管护标志、责任人得8分；沟渠4分，泵站4分，有一处未设置标志扣1分。", "E0227"),
])
def test_lapses_are_never_read_as_one_level(sentence: str, code: str) -> None:
    with pytest.raises(evalrules.EvalRulesError) as caught:
        rules(sentence, "15")
    assert caught.value.codes[0] == code


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # The subject, a comma, then its bands with colons.
    ("项目投资计划完成率，100%：5分；90%（含）-100%：3分；70%（含）-90%：1分；70%以下：0分", "5",
     {"项目投资计划完成率": "95%"}, "3"),
    # Points in brackets, the points of a checklist separated by semicolons.
    ("确定的项目有部门联审意见（0.5分）；有村民代表大会决议和公示照片（0.5分）。", "1",
     {"确定的项目有部门联审意见": "是", "有村民代表大会决议和公示照片": "否"}, "0.5"),
])
def test_a_subject_before_its_bands_and_bracketed_points(sentence: str, weight: str,
                                                         facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


@pytest.mark.parametrize(("facts", "expected"), [
    ({"未组织召开部署会议": "是", "无业务培训": "否", "没有开展督查": "是"}, "1"),
    ({"未组织召开部署会议": "否", "无业务培训": 0, "没有开展督查": "否"}, "3"),
    # A lapse costs its points once, however often it is counted.
    ({"未组织召开部署会议": 3, "无业务培训": "是", "没有开展督查": "是"}, "0"),
])
def test_lapses_each_cost_their_points_once(facts: dict[str, Any], expected: str) -> None:
    sentence = "未组织召开部署会议扣1分，无业务培训扣1分。没有开展督查扣1分。"
    assert total(sentence, facts, "3") == Decimal(expected)


def test_lapses_listed_then_each_cost_their_points() -> None:
    sentence = ("村务监督委员会履职到位、监督有力、无缺位计4分。"
                "监督不到位、不及时、记录不全、公开不规范各扣1分。")
    facts = {"监督不到位": "是", "不及时": "否", "记录不全": "是", "公开不规范": "否"}
    assert total(sentence, facts, "4") == Decimal(2)


@pytest.mark.parametrize("sentence", [
    # 或未达标准 is not what 每缺1项 counts.
    "专项工作经费每缺1项或未达标准扣1分。",
])
def test_a_count_inside_a_lapse_is_refused(sentence: str) -> None:
    with pytest.raises(evalrules.RuleSyntaxError):
        rules(sentence, "2")


def test_a_count_is_never_a_lapse_costing_once() -> None:
    # 缺一段 counts the segments missing (the indicator itself, nothing named after the count),
    # never one lapse 「…缺一段」 costing 0.5 once.
    assert total("未实现巡查全覆盖，缺一段扣0.5分", {"被测指标": 3}, "2") == Decimal("0.5")
    # Two such counts would both count the indicator: one number deducted twice. Refused, naming
    # both rules.
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("未实现巡查全覆盖，缺一段扣0.5分；未及时更新，发现一条扣0.5分。", "2")
    assert caught.value.codes == ("E0206",)
    assert "「缺一段扣0.5分」与「发现一条扣0.5分」数的都是指标本身" in caught.value.diagnostics[0].message


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # Numbered 1、2、3、 levels stay levels (their points do not add up to the weight).
    ("1、按时报送，得 3分；2、未按时报送，得 2分；3、未报送，得0分。", "3",
     {"被测指标": {"等级": "未按时报送", "依据": "晚报五天"}}, "2"),
    # 按完成比例: the leaf's own 完成率, else a fact 完成比例; at most the weight.
    ("按完成比例计算得分，满分为止。", "20", {"完成比例": "85%"}, "17"),
    ("基本支出完成率=本年基本支出完成数*100%/本年基本支出年初预算数。按完成比例计算得分，满分为止。", "10",
     {"本年基本支出完成数": 104, "本年基本支出年初预算数": 100}, "10"),
])
def test_numbered_levels_and_completion_ratios(sentence: str, weight: str,
                                               facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_a_count_before_percentage_points_is_a_step_not_an_occurrence() -> None:
    # 每相差一个百分点: 一个 here is a step of the deviation, not a count of 百分点.
    sentence = "实际完成值与计划值每相差一个百分点，扣0.1分，扣完为止"
    assert total(sentence, {"实际完成值": "0", "计划值": "0.01"}, "100") == Decimal(90)


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # Numbered levels need no separator between them.
    ("(1)能满足或基本满足服务需要10分(2)不能完全满足服务需要6分(3)无相应的服务设施0分", "10",
     {"被测指标": {"等级": "不能完全满足服务需要", "依据": "缺少无障碍设施"}}, "6"),
    # A requirement, a full stop, then what each lapse of it costs.
    ("上报反馈报告。未上报每件扣10分", "20", {"未上报": 1}, "10"),
    ("存在占用消防通道行为的，每处扣5分，扣完为止。", "10", {"存在占用消防通道行为": 3}, "0"),
])
def test_numbered_levels_and_lapses_counted_each(sentence: str, weight: str,
                                                 facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_a_lapse_per_each_one_counts_every_one() -> None:
    # 扣0.5分/例: for every one, not once.
    sentence = "年度内受口头提醒的扣0.5分/例，受到书面警示的扣1分/例，受书面通报以上处理的扣2分/例"
    facts = {"年度内受口头提醒": 2, "受到书面警示": 1, "受书面通报以上处理": 0}
    assert total(sentence, facts) == Decimal(8)


# ---- lapses: the case that earns full marks, then what each lapse costs ------------------------

@pytest.mark.parametrize(("facts", "expected"), [
    ({"未完成镇级验收": "否", "资料不全": "是", "规定时间未上报验收资料": "否"}, "10"),
    # Each lapse costs its points once, and together they cost them all.
    ({"未完成镇级验收": "是", "资料不全": "是", "规定时间未上报验收资料": "是"}, "0"),
    ({"未完成镇级验收": 0, "资料不全": 3, "规定时间未上报验收资料": "否"}, "10"),
])
def test_full_marks_then_lapses_each_cost_their_points(facts: dict[str, Any], expected: str) -> None:
    sentence = ("按时完成验收手续，资料齐全，上报及时得15分，未完成镇级验收扣5分，资料不全扣5分，"
                "规定时间未上报验收资料扣5分。")
    assert total(sentence, facts, "15") == Decimal(expected)


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # Only losing cases, no full one written: lapses from the whole weight (不得分 costs it all).
    ("无信息化管理部门的不得分；信息化管理部门设置不适应单位业务工作需要的扣1分。", "2",
     {"无信息化管理部门": "否", "信息化管理部门设置不适应单位业务工作需要": "是"}, "1"),
    ("无信息化管理部门的不得分；信息化管理部门设置不适应单位业务工作需要的扣1分。", "2",
     {"无信息化管理部门": "是", "信息化管理部门设置不适应单位业务工作需要": "否"}, "0"),
    ("未组建的不得分", "2", {"未组建": "否"}, "2"),
    # 扣1 without 分 at the end of its clause.
    ("未召开年度工作会议扣2分，资料不全扣1", "2", {"未召开年度工作会议": "否", "资料不全": "是"}, "1"),
    # 扣完为止 after once-only lapses says what they do already.
    ("未按时报送扣1分，报送内容不完整扣0.5分/次，扣完为止", "2", {"未按时报送": "是", "报送内容不完整": 3},
     "0"),
])
def test_losing_cases_alone_are_lapses(sentence: str, weight: str, facts: dict[str, Any],
                                       expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # A bonus counts the work done (每开展, 每举办 …), after what the table asks for; 最高不超过
    # after 加 caps what is added. Without a name it counts the indicator itself.
    ("开展家庭医生签约特色服务，每开展一项加1分，最高不超过3分", "3", {"被测指标": 2}, "2"),
    ("开展家庭医生签约特色服务，每开展一项加1分，最高不超过3分", "3", {"被测指标": 5}, "3"),
    ("每举办1次培训班加0.5分，最多不超过2分", "2", {"培训班": 3}, "1.5"),
    # What is counted, said before the count, may list with 、 (it is one thing counted).
    ("承担省、市观摩任务一次加1分，最多不超过2分", "2", {"承担省、市观摩任务": 3}, "2"),
    ("承担省、市观摩任务一次加1分，最多不超过2分", "2", {"承担省、市观摩任务": 1}, "1"),
])
def test_bonuses_per_piece_of_work(sentence: str, weight: str, facts: dict[str, Any],
                                   expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_at_most_after_a_deduction_is_not_read() -> None:
    # 扣1分，最高不超过3分 may cap the deduction or the score: not guessed.
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("每发现一处扣1分，最高不超过3分", "5")
    assert caught.value.codes == ("E0229",)


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # The formula in brackets after 得分.
    ("得分（20分*执行率）", "20", {"执行率": "95%"}, "19"),
    # A letter after a value labels it (实际完成值(B)); a function keeps its argument.
    ("得分=实际完成值(B)/年初目标值(A)×10分", "10", {"实际完成值": 270, "年初目标值": 300}, "9"),
    ("得分=最小值(实际完成值(B)/年初目标值(A), 100%)×分值", "10",
     {"实际完成值": 330, "年初目标值": 300}, "10"),
    # A value capped where the formula reads it; the score's own cap stays （超过N分按N分计）.
    ("得分值=年度建设任务完成率（超过100%以100%计算）×20", "20", {"年度建设任务完成率": "85%"}, "17"),
    ("得分值=年度建设任务完成率（超过100%以100%计算）×20", "20", {"年度建设任务完成率": "110%"}, "20"),
    ("得分=完成率（超过120%的按100%计）×分值", "20", {"完成率": "110%"}, "20"),
    ("得分=完成率（低于60%按0计算）×分值", "20", {"完成率": "50%"}, "0"),
    ("得分=完成率（低于60%按0计算）×分值", "20", {"完成率": "60%"}, "12"),
])
def test_formulas_as_tables_print_them(sentence: str, weight: str, facts: dict[str, Any],
                                       expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_one_losing_case_after_full_marks_stays_a_level() -> None:
    # 齐全的得2分，不齐全的扣2分: the evaluator picks one of two levels, as before.
    ruleset = rules("项目档案资料齐全的得2分，不齐全的扣2分。", "2")
    assert set(ruleset.plan.facts) == {"被测指标"}
    assert ruleset.evaluate({"被测指标": {"等级": "不齐全", "依据": "缺验收单"}}).total == 0


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # Counted lapses after the full case, with commas: each counted, from the whole weight.
    ("网格员按时参加例会报送台账计2分，每缺席一次扣0.5分，每错漏报台账一例扣0.5分。", "2",
     {"缺席": 1, "错漏报台账": 2}, "0.5"),
    ("岸边无杂物得12分，一处杂物扣1分，一处漂浮物扣1分。", "12", {"杂物": 2, "漂浮物": 1}, "9"),
    ("无超标准接待和公款宴请现象的记15分，发现一起扣10分。", "15", {"被测指标": 1}, "5"),
    ("品行端正，形象良好的记10分，否则每发现一次扣10分。", "10", {"被测指标": 0}, "10"),
    # Counts without 每: the count first, or after a verb (少, 缺, 发现), what follows it counted.
    # (2处 as 每出现2处: one point for every two)
    ("一处杂物扣1分，2处漂浮物扣1分", "10", {"杂物": 3, "漂浮物": 4}, "5"),
    ("以各村民小组公示照片为依据，少1个小组照片扣0.2分，扣完为止。", "2", {"小组照片": 3}, "1.4"),
    ("申请资料完整，缺1个扣0.5分；发现1户农户未签字或按手印的扣0.5分。", "5",
     {"被测指标": 2, "农户未签字或按手印": 1}, "3.5"),
    # 每个/每处 after a comma count the clause before it, 的 or not.
    ("管护公示牌设立不规范，每个扣0.5分；不干净整洁，每个扣0.5分；联系方式不通的每处扣0.5分。", "3",
     {"管护公示牌设立不规范": 2, "不干净整洁": 1, "联系方式不通": 1}, "1"),
    ("院坝内杂物乱堆乱放的每处扣1；公共区域杂草未清理的，每处扣1分", "10",
     {"院坝内杂物乱堆乱放": 2, "公共区域杂草未清理": 1}, "7"),
    # A case closed by 的 before a count with nothing named after it is what is counted; the
    # quotation marks set a word off and are not part of the name.
    ("未制定“一渠一策”的，少1条扣1分，最高扣3分；未制定年度计划的，每少1条扣1分，最高扣3分。", "6",
     {"未制定一渠一策": 4, "未制定年度计划": 1}, "2"),
])
def test_counted_lapses(sentence: str, weight: str, facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


@pytest.mark.parametrize(("sentence", "facts"), [
    # A requirement (no 的) before 每缺1项 stays text: the indicator itself is counted.
    ("管理制度不健全，每缺1项扣3分", {"被测指标"}),
    ("田间道路平整畅通，每发现一处管理不到位扣1分", {"管理不到位"}),
    # 一季度末… and 一般… are words, not counts.
    ("一季度末下达全部补助资金的40%。每出现一个项目未按进度下达资金扣0.5分", {"项目未按进度下达资金"}),
])
def test_what_a_count_counts(sentence: str, facts: set[str]) -> None:
    assert set(rules(sentence).plan.facts) == facts


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # A lapse that zeroes the indicator, beside counted ones: as 不得分, the whole weight.
    ("未开展邻里纠纷排查，每次扣0.5分；未开展消防巡查每次扣0.5分；发生火灾事故，全部扣完。", "10",
     {"未开展邻里纠纷排查": 2, "未开展消防巡查": 1, "发生火灾事故": "否"}, "8.5"),
    ("未开展邻里纠纷排查，每次扣0.5分；未开展消防巡查每次扣0.5分；发生火灾事故，全部扣完。", "10",
     {"未开展邻里纠纷排查": 0, "未开展消防巡查": 0, "发生火灾事故": "是"}, "0"),
    ("未经选举的扣该小类分", "3", {"未经选举": "是"}, "0"),
    # A requirement, a full stop, then the lapse (once) or what each one costs.
    ("上报年度重点工作实施方案。未报扣10分", "10", {"未报": "是"}, "0"),
    ("未按要求参加有关会议和调研活动。每次扣5分", "10", {"未按要求参加有关会议和调研活动": 1}, "5"),
    # Where the evidence comes from, before or after the rule, is kept as text.
    ("未组建的不得分，以会议记录为准。", "2", {"未组建": "否"}, "2"),
    ("根据档案检查结果，资料不全扣1分", "2", {"资料不全": "是"}, "1"),
    # 每少开展一次活动: the lead is part of what is counted.
    ("每季度召开网格员（楼栋长）工作例会，每少开展一次活动的扣5分。", "10", {"少开展活动": 1}, "5"),
    # Cases joined by 、 before 每次 are counted together; 一经查实 says it was confirmed.
    ("年内业务培训未按要求参加的、网上学习未达到规定课时的，每次扣1分", "10",
     {"年内业务培训未按要求参加、网上学习未达到规定课时": 2}, "8"),
    ("工程量合理得10分，瞒报多报一经查实每一处扣2分。", "10", {"瞒报多报": 2}, "6"),
])
def test_zeroing_lapses_requirements_and_sources(sentence: str, weight: str, facts: dict[str, Any],
                                                 expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_requirements_and_sources_are_kept_as_text() -> None:
    leaf = rules("未组建的不得分，以会议记录为准。").plan.leaves()[0]
    assert ("说明", "以会议记录为准") in leaf.fields
    leaf = rules("上报年度重点工作实施方案。未报扣10分").plan.leaves()[0]
    assert ("说明", "上报年度重点工作实施方案") in leaf.fields


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # A range the evaluator deducts within, from the whole weight; the indicator is the fact,
    # as with 否则酌情扣分; 0 where the lapse is not found.
    ("村务、财务、服务事项未按要求落实并及时公开的扣0.5-1分。", "2",
     {"被测指标": {"扣分": "0.5", "依据": "三季度财务未公开"}}, "1.5"),
    ("如发现巡查记录不到位，记录不详将扣除1-10分。", "10",
     {"被测指标": {"扣分": 3, "依据": "汛期两周无巡查记录"}}, "7"),
    ("如发现巡查记录不到位，记录不详将扣除1-10分。", "10", {"被测指标": 0}, "10"),
    ("各季度报告不能反映工作实施情况和成果。扣5-10分", "10",
     {"被测指标": {"扣分": 5, "依据": "二季度报告只列活动未写成果"}}, "5"),
    # A once-only lapse beside it costs its own points.
    ("资料不全扣1分，台账不规范扣1-2分", "5",
     {"资料不全": "是", "被测指标": {"扣分": 2, "依据": "台账缺页"}}, "2"),
    # A range for each one: the evaluator's deduction in all, at least the lower end, at most the
    # weight (a total cannot be checked against each one's range).
    ("每出现一次险情将扣除4-10分", "10", {"被测指标": {"扣分": 8, "依据": "两次管涌险情"}}, "2"),
    ("每出现一次险情将扣除4分", "10", {"险情": 2}, "2"),
    # 视…情况酌情扣分 / 据实扣分 with no range and no full case written: 0 to the weight.
    ("档案不全、不规范的，视档案规范情况酌情扣分。", "8", {"被测指标": {"扣分": 3, "依据": "两册日志缺页"}},
     "5"),
    ("不足的据实扣分", "10", {"被测指标": {"扣分": 4, "依据": "全年仅编印三期"}}, "6"),
])
def test_deduction_ranges(sentence: str, weight: str, facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


@pytest.mark.parametrize(("sentence", "facts", "code"), [
    # A deduction outside its range (0 means the lapse was not found).
    ("记录不详扣1-10分", {"被测指标": {"扣分": "0.5", "依据": "少记一次"}}, "E0303"),
    ("每出现一次险情扣4-10分", {"被测指标": {"扣分": 3, "依据": "一次险情"}}, "E0303"),
])
def test_a_deduction_outside_its_range_is_refused(sentence: str, facts: dict[str, Any],
                                                  code: str) -> None:
    with pytest.raises(evalrules.FactError) as caught:
        total(sentence, facts)
    assert caught.value.codes == (code,)


@pytest.mark.parametrize(("sentence", "code", "words"), [
    # A range beyond the weight.
    ("记录不详扣5-15分", "E0217", "5-15 分须在 0 到指标分值 10 分之间"),
    # Two ranges in one indicator: the evaluator's one deduction cannot be checked against both.
    ("资料不全扣1-2分，台账不全扣1-2分", "E0207", "两处由评价人在范围内扣分"),
])
def test_deduction_ranges_refused(sentence: str, code: str, words: str) -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules(sentence)
    assert caught.value.codes == (code,)
    assert words in caught.value.diagnostics[0].message


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # A lead-in before the levels is kept as text and the indicator is judged: a label that is
    # more than a name (commas, 、), a sentence closed by 。, an inspection (现场查看：).
    ("项目实施目的明确，内容具体：优5分，良4分，中3分，差0分", "5",
     {"被测指标": {"等级": "中", "依据": "目标表述笼统"}}, "3"),
    ("事前经过必要的可行性研究、专家论证、风险评估、集体决策等：优5分，良4分，中3分，差0分", "5",
     {"被测指标": "优"}, "5"),
    ("项目立项依据是否充分。有立项批复文件：2分；没有立项批复文件：0分。", "2",
     {"被测指标": {"等级": "没有立项批复文件", "依据": "仅有会议纪要"}}, "0"),
    # … and a bare name before the levels still names what is judged, after a lead-in too.
    ("现场查看：公示栏：醒目、设置于服务大厅入口得5分；设置于服务大厅内得3分；其他不得分。", "5",
     {"公示栏": {"等级": "设置于服务大厅内", "依据": "设在大厅后侧"}}, "3"),
    # A box printed before each option; a bracketed word may hold 、.
    ("□服务指南张贴于服务大厅入口或咨询台处（3分）□服务指南张贴于服务大厅内（1分）□未张贴服务指南（0分）",
     "3", {"被测指标": {"等级": "服务指南张贴于服务大厅内", "依据": "张贴在大厅侧墙"}}, "1"),
    ("□设立专门工作机构（专设、合设、挂靠），得2分□未设立专门工作机构，得0分", "2",
     {"被测指标": "设立专门工作机构（专设、合设、挂靠）"}, "2"),
])
def test_levels_after_a_lead_in_or_boxes(sentence: str, weight: str, facts: dict[str, Any],
                                         expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # Between a band at full marks and one at nothing, the points in proportion: a straight line
    # from one band's end to the other's.
    ("比例达到30%的得满分，10%以下不得分，得分在上述比例之间的按比例计分。", "10", {"比例": "20%"}, "5"),
    ("比例达到30%的得满分，10%以下不得分，得分在上述比例之间的按比例计分。", "10", {"比例": "35%"}, "10"),
    ("比例达到30%的得满分，10%以下不得分，得分在上述比例之间的按比例计分。", "10", {"比例": "10%"}, "0"),
    ("资金整合比例达到50%的得满分，20%以下不得分，在上述比例之间的按比例计分。", "8",
     {"资金整合比例": "35%"}, "4"),
    # The band below may score something: the line runs from its points to the top band's.
    ("比例达到30%的得满分，10%以下得2分，在上述比例之间的按比例计分。", "10", {"比例": "20%"}, "6"),
    # Lower is better: the full band below, nothing above.
    ("结转率5%以下的得满分，15%以上不得分，在上述比例之间的按比例计分。", "10", {"结转率": "12.5%"},
     "2.5"),
])
def test_in_proportion_between_two_bands(sentence: str, weight: str, facts: dict[str, Any],
                                         expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_a_lead_in_is_kept_as_the_indicators_text() -> None:
    leaf = rules("现场查看：公示栏：醒目得5分；其他不得分。", "5").plan.leaves()[0]
    assert ("说明", "现场查看") in leaf.fields


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # Numbered sentences closed by 。 are one list: here points that add up to the weight.
    ("1、制定了区级河道管护方案，得2分。2、区级河道管护方案经本区人民政府批准，得2分。"
     "3、建立了部门协调和督查考核机制，得2分。", "6",
     {"制定了区级河道管护方案": "是", "区级河道管护方案经本区人民政府批准": "否",
      "建立了部门协调和督查考核机制": "是"}, "4"),
    ("1.公务卡必须按规定的使用范围使用，不得套取现金〔0.5分〕；2.非税收入必须全额缴入财政专户〔1分〕；"
     "3.大额资金支出必须集体研究决定〔0.5分〕", "2",
     {"公务卡必须按规定的使用范围使用，不得套取现金": "是", "非税收入必须全额缴入财政专户":
      {"得分": "0.5", "依据": "两笔收入次日入账"}, "大额资金支出必须集体研究决定": "是"}, "1.5"),
    # 否则不得分 after each point, or a last case that all of the above fail, adds no case.
    ("申报贴息的项目符合林产业规划要求，得0.5分，否则不得分；申报资料符合要求，得0.5分，否则不得分。", "1",
     {"申报贴息的项目符合林产业规划要求": "是", "申报资料符合要求": "否"}, "0.5"),
    ("(1)会计人员持证上岗符合财务制度规定5分(2)会计与出纳分设符合财务制度规定5分"
     "(3)上述两项均不符合财务制度规定0分", "10",
     {"会计人员持证上岗符合财务制度规定": "否", "会计与出纳分设符合财务制度规定": "是"}, "5"),
    # Points listed, then 每少一项 costing each its points: one rule said twice; the indicator
    # counts the items missing.
    ("①明确接待标准和接待人数，1分；②车辆维修、加油实行政府定点，1分；③制定“三公经费”管理办法，1分，"
     "每少一项扣1分，扣完为止。", "3", {"被测指标": 1}, "2"),
])
def test_numbered_sentences_and_checklists_said_twice(sentence: str, weight: str,
                                                      facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


@pytest.mark.parametrize(("sentence", "weight", "code"), [
    # An item's points and the deduction for it missing disagree: both readings are told.
    ("①制定管理办法，1分；②审批手续完备，1.5分；③按标准报销，0.5分，每少一项扣1分，扣完为止。", "3", "E0227"),
    ("评价要点 { 制定管理办法（1分） 按标准报销（1分） } 每缺一项扣1分", "2", "E0227"),
    # Unnumbered sentences stay statements of their own: never one list by a guess.
    ("明确得3分。基本明确得2分。不明确不得分", "3", "E0207"),
    # A lead-in holds no scoring words: a case scoring full marks is not one.
    ("评审程序公正的，得满分。否则不得分", "5", "E0101"),
    # As many points as cases after 分别; numbers are not cases (超过90%、80%和70%…分别得 is
    # a band table, not levels named by them, whose ranges are not written: E0232 says so).
    ("好、中、差，分别扣0、2分", "4", "E0228"),
    ("已建村级管水组织的行政村超过90%、80%和70%，分别得6分、4分和2分", "6", "E0232"),
    ("整合资金规模占年度总投资的40%以上、25%以上和10%以上，分别得6分、4分和2分。", "6", "E0232"),
])
def test_numbered_and_listed_wordings_refused(sentence: str, weight: str, code: str) -> None:
    with pytest.raises(evalrules.EvalRulesError) as caught:
        rules(sentence, weight)
    assert caught.value.codes[0] == code


def test_a_checklist_and_a_deduction_disagreeing_name_both_readings() -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("①制定管理办法，1分；②审批手续完备，1.5分；③按标准报销，0.5分，每少一项扣1分。", "3")
    message = caught.value.diagnostics[0].message
    assert "「审批手续完备」计 1.5 分" in message and "逐项计分扣 1.5 分，按每少一项扣分扣 1 分" in message


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # Cases listed with 、, then 分别 and their points in the same order: a case costing nothing
    # makes them levels (what stands before the first, 在本县属, is not part of it) …
    ("环境卫生在本县属好、中、差，分别扣0、2、4分", "4",
     {"被测指标": {"等级": "中", "依据": "部分区域堆放杂物"}}, "2"),
    ("评为优、良、中、差的，分别得5分、4分、3分和0分", "5",
     {"被测指标": {"等级": "良", "依据": "个别目标未细化"}}, "4"),
    # … points adding up to the weight make a checklist; deductions that all cost, lapses.
    ("印制宣传手册、举办培训班，分别得1分和1分", "2", {"印制宣传手册": "是", "举办培训班": "否"}, "1"),
    ("未建立制度、未公示，分别扣2分、1分", "4", {"未建立制度": "是", "未公示": "是"}, "1"),
    # Points a blank apart from their case.
    ("(1)公示于服务窗口显著位置5分(2)公示于某一间办公室 3分(3)未公示收费标准0分", "5",
     {"被测指标": {"等级": "公示于某一间办公室", "依据": "贴在财务室内"}}, "3"),
])
def test_cases_scored_respectively(sentence: str, weight: str, facts: dict[str, Any],
                                   expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)

def test_a_capped_value_differs_from_a_capped_score() -> None:
    # （超过120%按100%计算） takes 130% as 100%, but leaves 110% as it is.
    sentence = "得分=完成率（超过120%按100%计算）×分值"
    assert total(sentence, {"完成率": "130%"}, "20") == Decimal(20)
    assert total(sentence, {"完成率": "90%"}, "20") == Decimal(18)


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # Only the case not met: met, the target scores the weight.
    ("政策知晓率═100%，未达到的按实际完成值/指标值×分值计分", "10", {"政策知晓率": "98%"}, "9.8"),
    ("政策知晓率═100%，未达到的按实际完成值/指标值×分值计分", "10", {"政策知晓率": "100%"}, "10"),
    # 未全面覆盖的 is the case not met of a target of 100%.
    ("建档立卡学生覆盖率达到100%的，得10分；未全面覆盖的不得分", "10", {"建档立卡学生覆盖率": "100%"}, "10"),
    ("建档立卡学生覆盖率达到100%的，得10分；未全面覆盖的不得分", "10", {"建档立卡学生覆盖率": "99%"}, "0"),
])
def test_a_target_with_only_its_case_not_met(sentence: str, weight: str, facts: dict[str, Any],
                                             expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


@pytest.mark.parametrize(("sentence", "said"), [
    # 95% has reached 90% and is not wholly done: both readings, named.
    ("完成率达到90%的，得10分；未全部完成的不得分", "未全…的"),
    # The weight, or a score of 3: never guessed.
    ("得分（3分）", "本项分值"),
])
def test_a_wording_with_two_readings_is_refused(sentence: str, said: str) -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules(sentence)
    assert caught.value.codes == ("E0229",)
    assert said in caught.value.diagnostics[0].message


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # 二者择其一 in a leaf: the leaf's figures are of the measure chosen; the sentence is text.
    ("应付账款率与应付账款变动率二者择其一进行考核，按完成比例计算得分，满分为止。", "10",
     {"完成比例": "60%"}, "6"),
    ("应收账款率与应收账款变动率二者择其一进行考核，按完成比例计算得分，满分为止。", "10",
     {"完成比例": "110%"}, "10"),
    # What is scored, then the formula in brackets.
    ("省级补助、县级配套等资金拨付到位占经批准的实施方案确定的资金比例（评价指标得分=资金到位率*该项指标分值）。",
     "5", {"资金到位率": "90%"}, "4.5"),
    # The weight said again, then the formula after a label.
    ("该项指标总计分为20分。计分公式：综合达标率×20", "20", {"综合达标率": "85%"}, "17"),
    ("计分公式：得分=综合达标率×分值", "20", {"综合达标率": "85%"}, "17"),
])
def test_choice_notes_labels_and_bracketed_formulas(sentence: str, weight: str,
                                                   facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_a_described_formula_keeps_its_description() -> None:
    leaf = rules("资金拨付到位的比例（评价指标得分=资金到位率*该项指标分值）", "5").plan.leaves()[0]
    assert ("说明", "资金拨付到位的比例") in leaf.fields


def test_a_weight_said_again_must_be_the_weight() -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("该项指标总计分为10分。计分公式：综合达标率×20", "20")
    assert caught.value.codes == ("E0202",)


def test_a_choice_with_no_fact_named_is_refused_in_a_parent() -> None:
    # Over children, 二者择其一 must say which fact names the one chosen: summing both is wrong.
    with pytest.raises(evalrules.RuleCompileError) as caught:
        evalrules.compile("满分 10分\n指标 甲（10分）{ 乙与丙二者择其一进行考核\n"
                          "指标 乙（10分）{ 得分=甲率×分值 }\n指标 丙（10分）{ 得分=乙率×分值 } }")
    assert "E0208" in caught.value.codes
    assert any("没有写明以哪个事实选定" in d.message for d in caught.value.diagnostics)


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # A cap over the deduction that follows; what each one is may follow 每个.
    ("在基础分上减分最高3分：审计发现问题未整改的，每个问题减1分。", "10", {"审计发现问题未整改": 2}, "8"),
    ("在基础分上减分最高3分：审计发现问题未整改的，每个问题减1分。", "10", {"审计发现问题未整改": 5}, "7"),
    # … from the score the indicator earns otherwise.
    ("得分=完成率×分值。在基础分上减分最高3分：审计发现问题未整改的，每个问题减1分", "10",
     {"完成率": "90%", "审计发现问题未整改": 5}, "6"),
])
def test_a_penalty_capped_before_it(sentence: str, weight: str, facts: dict[str, Any],
                                    expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_a_penalty_cap_needs_one_deduction_after_it() -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("在基础分上减分最高3分：得分=完成率×分值")
    assert caught.value.codes == ("E0216",)


@pytest.mark.parametrize(("sentence", "facts", "expected"), [
    # The formula alone after 按, and the cap after 计分 in points (not a cap on bonuses).
    ("按预算执行率×该指标分值计分", {"预算执行率": "85%"}, "8.5"),
    ("按预算执行率×该指标分值计分，最高不超过10分", {"预算执行率": "120%"}, "10"),
    ("按实际支出/年度预算×分值计算", {"实际支出": 45, "年度预算": 50}, "9"),
    ("国家助学金人数按实际完成值/年初目标值×分值计分，最高不超过10分",
     {"国家助学金人数": 800, "国家助学金人数年初目标值": 1000}, "8"),
])
def test_a_formula_after_by(sentence: str, facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts) == Decimal(expected)


@pytest.mark.parametrize(("facts", "expected"), [
    ({"国家助学金人数": 800, "国家助学金人数年初目标值": 1000}, "8"),
    ({"国家助学金人数": 1200, "国家助学金人数年初目标值": 1000}, "10"),
])
def test_a_subject_before_its_formula(facts: dict[str, Any], expected: str) -> None:
    # 实际完成值 is the subject; 年初目标值 a fact of the subject's own.
    sentence = "国家助学金人数按实际完成值/年初目标值×分值计分，最高不超过分值"
    assert total(sentence, facts) == Decimal(expected)


def test_a_share_met_is_each_indicators_own() -> None:
    # 达标比例, named by the wording, written by two indicators: refused as a shared generic word
    # (E0243), and read as two facts once each names its own (按甲达标比例计算得分).
    cases = "全部达标的得满分；部分达标的，按{}达标比例计算得分；全部未达标的不得分"
    with pytest.raises(evalrules.RuleCompileError) as caught:
        evalrules.compile(f"满分 8分\n指标 甲（4分）{{ {cases.format('')} }}\n"
                          f"指标 乙（4分）{{ {cases.format('')} }}")
    assert caught.value.codes == ("E0243",)
    ruleset = evalrules.compile(f"满分 8分\n指标 甲（4分）{{ {cases.format('质量')} }}\n"
                                f"指标 乙（4分）{{ {cases.format('进度')} }}")
    assert ruleset.evaluate({"质量达标比例": "50%", "进度达标比例": "100%"}).total == 6


def test_the_targets_of_two_subjects_are_two_facts() -> None:
    rest = "按实际完成值/年初目标值×分值计分，最高不超过分值"
    ruleset = evalrules.compile(f"满分 20分\n指标 甲（10分）{{ 受助学生人数{rest} }}\n"
                                f"指标 乙（10分）{{ 培训人次{rest} }}")
    assert set(ruleset.plan.facts) == {"受助学生人数", "受助学生人数年初目标值", "培训人次",
                                       "培训人次年初目标值"}


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # The evaluator's bonus: from nothing up to the cap (or the weight), on the indicator itself.
    ("组织专题调研、专题培训的，分别酌情给予加分。最多加20分。", "20",
     {"被测指标": {"得分": 8, "依据": "组织专题培训两次"}}, "8"),
    ("视情况酌情加分，最多加5分", "10", {"被测指标": 0}, "0"),
    # Bonuses listed with commas, each counted by itself.
    ("年内新增1个内设机构加15分，新增1名正式人员编制加10分。", "20",
     {"内设机构": 1, "正式人员编制": 0}, "15"),
    ("年内新增1个内设机构加15分，新增1名正式人员编制加10分。", "20",
     {"内设机构": 1, "正式人员编制": 1}, "20"),
])
def test_bonuses_at_discretion_and_listed(sentence: str, weight: str, facts: dict[str, Any],
                                          expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_a_bonus_at_discretion_stays_within_its_cap() -> None:
    with pytest.raises(evalrules.FactError) as caught:
        total("视情况酌情加分，最多加5分", {"被测指标": {"得分": 6, "依据": "三项创新"}})
    assert caught.value.codes == ("E0303",)


def test_a_bonus_at_discretion_is_not_read_as_a_merit() -> None:
    # 视情况酌情加分，最多加5分 is never a merit named 视情况酌情加分，最多 that adds 5 points.
    assert set(rules("视情况酌情加分，最多加5分").plan.facts) == {"被测指标"}


@pytest.mark.parametrize("sentence", [
    "提供省级、市级观摩现场并通过验收分别加5分、3分",
    # One points value for several cases: each would earn it, never once for all.
    "获国家级、省级表彰分别加5分",
    "获国家级表彰的，分别加2分和1分",
])
def test_cases_with_their_points_respectively_are_refused(sentence: str) -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules(sentence)
    assert caught.value.codes == ("E0229",)
    assert "分别" in caught.value.diagnostics[0].message


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # A level given a range of scores: the evaluator picks the level and gives the score in it.
    ("服务对象是农业、农村、农民（2分），其他（0-1分）", "2",
     {"被测指标": {"等级": "其他", "得分": "0.5", "依据": "服务对象为加工企业"}}, "0.5"),
    ("服务对象是农业、农村、农民（2分），其他（0-1分）", "2",
     {"被测指标": "服务对象是农业、农村、农民"}, "2"),
    ("优（9-10分）、良（7-8分）、中（5-6分）、差（0-4分）", "10",
     {"被测指标": {"等级": "良", "得分": "7.5", "依据": "个别目标未细化"}}, "7.5"),
    ("符合要求，科技应用紧密，9-10分；基本符合要求，6-8分；科技应用情况一般，1-5分；不符合要求，0分", "10",
     {"被测指标": {"等级": "基本符合要求", "得分": 8, "依据": "推广面积略小"}}, "8"),
])
def test_levels_with_a_range_of_scores(sentence: str, weight: str, facts: dict[str, Any],
                                       expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


@pytest.mark.parametrize(("given", "told"), [
    ({"等级": "其他", "得分": "1.5", "依据": "加工企业"}, "得分应在 0-1 分之间，得分 1.5 分不在其中"),
    ({"等级": "其他", "依据": "加工企业"}, "得分应在 0-1 分之间，没有写得分"),
    # A level of fixed points takes no score of the evaluator's.
    ({"等级": "服务对象是农业、农村、农民", "得分": 1}, "不能另给得分 1 分"),
])
def test_a_score_outside_its_levels_range_is_refused(given: dict[str, Any], told: str) -> None:
    with pytest.raises(evalrules.FactError) as caught:
        total("服务对象是农业、农村、农民（2分），其他（0-1分）", {"被测指标": given}, "2")
    assert caught.value.codes == ("E0306",)
    assert told in caught.value.diagnostics[0].message


def test_a_levels_range_written_backwards_is_refused() -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("优（9-10分）、良（8-7分）、差（0-6分）")
    assert caught.value.codes == ("E0224",)


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # The evaluator's deduction for a case, after levels: taken from the level picked.
    ("项目的实际支出与批复计划相符的得10分，基本相符的得6分，调整较大的扣10分。"
     "存在支出不符合专项资金管理办法的，酌情扣分。", "10",
     {"被测指标": {"等级": "基本相符", "依据": "调整两项"},
      "存在支出不符合专项资金管理办法": {"扣分": 2, "依据": "列支招待费"}}, "4"),
    # … never below nothing; alone, from full marks, at most what is stated.
    ("明确得4分，基本明确得2分。目标与预算不匹配的，酌情扣分", "4",
     {"被测指标": {"等级": "基本明确", "依据": "部分目标未细化"},
      "目标与预算不匹配": {"扣分": 3, "依据": "偏大"}}, "0"),
    # Alone, the deduction is the indicator's own, as 视情况扣分 is.
    ("存在账实不符的，酌情扣分，最多扣3分", "5",
     {"被测指标": {"扣分": 3, "依据": "两台设备未入账"}}, "2"),
])
def test_a_deduction_at_discretion_after_other_rules(sentence: str, weight: str,
                                                      facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_a_deduction_at_discretion_stays_within_what_is_stated() -> None:
    with pytest.raises(evalrules.FactError) as caught:
        total("存在账实不符的，酌情扣分，最多扣3分", {"被测指标": {"扣分": 4, "依据": "多"}}, "5")
    assert caught.value.codes == ("E0303",)


def test_boxes_without_points_are_refused_with_what_they_lack() -> None:
    with pytest.raises(evalrules.RuleSyntaxError) as caught:
        rules("□好□较好□一般□差")
    assert any("每个选项要写明分值" in hint for hint in caught.value.diagnostics[0].hints)


@pytest.mark.parametrize("sentence", ["预算测算依据充分，符合定额等支出标准。优□良□中□差□",
                                      "□好□较好□一般□差", "优 □ 良 □ 中 □ 差 □"])
def test_boxes_without_points_name_the_levels(sentence: str) -> None:
    with pytest.raises(evalrules.RuleSyntaxError) as caught:
        rules(sentence, "5")
    (problem,) = caught.value.diagnostics
    assert problem.code == "E0240"
    assert "「良」" in problem.message or "「较好」" in problem.message


def test_ranked_places_are_refused_with_the_condition_to_write() -> None:
    with pytest.raises(evalrules.RuleSyntaxError) as caught:
        rules("占比排名前5名的得满分，6-10名的扣0.5分，11名以后扣1分，占比为0的不得分。", "5")
    (problem,) = caught.value.diagnostics
    assert problem.code == "E0241" and "「前5名」、「11名以后」是按名次分档" in problem.message


def test_coefficients_with_no_formula_are_refused_with_the_formula_to_write() -> None:
    with pytest.raises(evalrules.RuleSyntaxError) as caught:
        rules("记分10分，已完成项目、在建项目、未启动项目分值系数分别为1、0.5和0。")
    (problem,) = caught.value.diagnostics
    assert problem.code == "E0241" and "「分值系数分别为1、0.5和0」只给出了各类的系数" in problem.message


def test_items_chosen_and_averaged_are_refused_with_the_formula_to_write() -> None:
    with pytest.raises(evalrules.RuleSyntaxError) as caught:
        rules("经济效益、社会效益、生态效益、可持续效益为可选项，"
              "选择其中适用的两项，按各自完成比例平均计分", "40")
    (problem,) = caught.value.diagnostics
    assert problem.code == "E0241"
    assert "「选择其中适用的两项，按各自完成比例平均计分」由被评价单位选定" in problem.message


@pytest.mark.parametrize(("sentence", "facts", "score"), [
    # 每缺一项不计分: one counted, nothing scored
    ("达到要求的记5分，每缺一项不计分；", {"被测指标": 1}, "0"),
    ("达到要求的记5分，每缺一项不计分；", {"被测指标": 0}, "5"),
    # 按账扣2分 counts as 每本账 does; 未按项目进度 is a case, not a count
    ("建账和资料不完整的按账扣2分。", {"建账和资料不完整": 2}, "1"),
    ("未按项目进度拨付的扣1分", {"未按项目进度拨付": "是"}, "4"),
    # 每篇得0.5分 adds, from nothing
    ("在单位公众号刊登业务信息的，每篇得0.5分", {"在单位公众号刊登业务信息": 3}, "1.5"),
    # a name that opens with 得 after a count is still the thing counted
    ("每发现一次得分不实扣1分", {"得分不实": 2}, "3"),
])
def test_misc_wordings(sentence: str, facts: dict[str, Any], score: str) -> None:
    assert total(sentence, facts, "5") == Decimal(score)
@pytest.mark.parametrize("sentence", [
    # Three bands, or two that are not one end each: no one line between them.
    "比例达到30%的得满分，10%-20%得5分，10%以下不得分，在上述比例之间的按比例计分。",
    "比例10%-30%的得满分，10%以下不得分，在上述比例之间的按比例计分。",
    # The ends the wrong way round: the bands overlap, there is nothing between them.
    "比例达到10%的得满分，30%以下不得分，在上述比例之间的按比例计分。",
])
def test_in_proportion_needs_one_end_each_side(sentence: str) -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules(sentence)
    assert caught.value.codes == ("E0230",)


def test_in_proportion_reads_a_rate() -> None:
    # The ends are percentages: a bare 0.2 is refused, never read as 20 (or 2000%).
    with pytest.raises(evalrules.FactError) as caught:
        total("比例达到30%的得满分，10%以下不得分，在上述比例之间的按比例计分。", {"比例": "0.2"})
    assert caught.value.codes == ("E0311",)


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # At or above the other value full marks; below it, the weight times the ratio. The second
    # time the table may shorten the other value to its end (增幅).
    ("年度增幅高于中央安排本省的专项资金增幅的得满分，低于增幅的按比例减分。", "10",
     {"年度增幅": "8%", "中央安排本省的专项资金增幅": "10%"}, "8"),
    ("年度增幅高于中央安排本省的专项资金增幅的得满分，低于增幅的按比例减分。", "10",
     {"年度增幅": "12%", "中央安排本省的专项资金增幅": "10%"}, "10"),
    ("省级配套资金增幅高于中央资金增幅的得满分，低于增幅的按比例减分。", "6",
     {"省级配套资金增幅": "6%", "中央资金增幅": "6%"}, "6"),
    ("实际招生人数达到计划招生人数的，得满分；低于计划招生人数的，按比例扣分", "5",
     {"实际招生人数": 45, "计划招生人数": 50}, "4.5"),
])
def test_in_proportion_to_another_value(sentence: str, weight: str, facts: dict[str, Any],
                                        expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_in_proportion_to_another_value_names_it_again() -> None:
    # 低于支出的 is not 上年增幅 said again: which value the ratio is taken of is not known.
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("资金拨付增幅高于上年增幅的得满分，低于支出的按比例减分。")
    assert caught.value.codes == ("E0230",)
    assert "「支出」不是前面的「上年增幅」" in caught.value.diagnostics[0].message


@pytest.mark.parametrize(("facts", "expected"), [
    ({"结余数": 8, "预算数": 100}, "16.5"),
    ({"结余数": 5, "预算数": 100}, "22.5"),
    # A reported value of the metric is taken as it is.
    ({"结余率": "6%"}, "20.5"),
])
def test_a_subject_defined_where_the_bands_name_it(facts: dict[str, Any], expected: str) -> None:
    sentence = "结余率（计算方法为：结余数/预算数）≤5%，得满分；超过5%的，每超过1个百分点扣2分，扣完为止"
    assert total(sentence, facts, "22.5") == Decimal(expected)


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # Only the values the steps count in are written; the others score the weight, and the
    # steps count from the end of the region.
    ("清运率未达100%的，每低1个百分点扣1分，扣完为止。", "10", {"清运率": "96%"}, "6"),
    ("清运率未达100%的，每低1个百分点扣1分，扣完为止。", "10", {"清运率": "100%"}, "10"),
    ("结余率超过5%的，每超过1个百分点扣2分，扣完为止", "10", {"结余率": "8%"}, "4"),
    ("结余率超过5%的，每超过1个百分点扣2分，扣完为止", "10", {"结余率": "5%"}, "10"),
    # The subject said again before the steps, and 每增加 as a step up (of a percentage).
    ("满意度≥90%得5分，满意度每降低1个百分点扣0.5分，扣完为止", "5", {"满意度": "88%"}, "4"),
    ("偏差率≤5%得5分，每增加1%扣1分", "5", {"偏差率": "7%"}, "3"),
    ("偏差率≤5%得5分，偏差率每增加1个百分点扣1分", "5", {"偏差率": "5%"}, "5"),
])
def test_steps_after_the_region_they_count_in(sentence: str, weight: str, facts: dict[str, Any],
                                              expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


@pytest.mark.parametrize(("sentence", "code"), [
    # Below 100% the value cannot go over it: which way the steps count is not known.
    ("清运率未达100%的，每超过1个百分点扣1分，扣完为止。", "E0218"),
    # A region with two ends leaves two sides at full marks, or one: not said.
    ("清运率在90%-100%之间的，每低1个百分点扣1分，扣完为止。", "E0101"),
    # Steps of another value than the one the bands are of.
    ("满意度≥90%得5分，完成率每降低1%扣1分", "E0223"),
])
def test_steps_after_a_region_that_does_not_say_where_they_start(sentence: str, code: str) -> None:
    with pytest.raises(evalrules.EvalRulesError) as caught:
        rules(sentence)
    assert caught.value.codes[0] == code


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # The time units of a delay are counted: what is late is named after 每延迟 (the fact is
    # 延迟下达), or before it, or is the indicator itself.
    ("按规定时限下达资金的，得2分；每延迟下达1天扣0.5分，最多扣2分。", "2", {"延迟下达": 3}, "0.5"),
    ("按规定时限下达资金的，得2分；每延迟下达1天扣0.5分，最多扣2分。", "2", {"延迟下达": 0}, "2"),
    ("按规定时限下达资金的，得2分；每延迟下达1天扣0.5分，最多扣2分。", "2", {"延迟下达": 9}, "0"),
    ("项目开工前，资金一次性到位的，或根据项目年度投资计划分期到位的，得满分；资金到位滞后年度投资计划，"
     "每滞后一年扣2分，扣完为止。", "10", {"资金到位滞后年度投资计划": 2}, "6"),
    ("每滞后一个月扣1分，扣完为止", "5", {"被测指标": 2}, "3"),
    # What is late closed by 的, with or without a comma before 每延迟.
    ("按时拨付的得3分，未按时拨付的每延迟一个月扣1分。", "3", {"未按时拨付": 2}, "1"),
    ("按时拨付的得3分；未按时拨付的，每延迟一个月扣1分。", "3", {"未按时拨付": 1}, "2"),
    # Every 2 days: a day short of the next two costs nothing.
    ("每逾期2个工作日扣1分，扣完为止", "5", {"被测指标": 5}, "3"),
])
def test_time_steps(sentence: str, weight: str, facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_a_delay_is_counted_not_a_lapse_costing_once() -> None:
    # 每滞后一年 inside what looked like a lapse: three years late costs three times.
    sentence = "资金到位滞后年度投资计划，每滞后一年扣2分"
    assert set(rules(sentence).plan.facts) == {"资金到位滞后年度投资计划"}
    assert total(sentence, {"资金到位滞后年度投资计划": 3}) == Decimal(4)


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # Steps of how far one value falls short of another, as a share of the other (8% short of
    # the task: 8 steps); above it nothing is lost. The full-marks case says what full marks are.
    ("建成面积完成年度任务的，得15分；建成面积低于年度任务的，每减少1%，扣1分。", "15",
     {"建成面积": 9200, "年度任务": 10000}, "7"),
    ("建成面积完成年度任务的，得15分；建成面积低于年度任务的，每减少1%，扣1分。", "15",
     {"建成面积": 10200, "年度任务": 10000}, "15"),
    ("培训人数未达到计划人数的，每减少10%扣1分，扣完为止", "5", {"培训人数": 70, "计划人数": 100}, "2"),
])
def test_steps_of_a_shortfall_from_another_value(sentence: str, weight: str,
                                                facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


@pytest.mark.parametrize("sentence", [
    # 0.1个百分点 below another rate: the rates' difference, or a share of the other? Both
    # readings are named, none is chosen.
    "符合政策生育率未完成省下达责任指标的，每低0.1个百分点扣0.3分，扣完为止。",
    # 1% of a rate: a point or a share, the same doubt.
    "完成率低于目标完成率的，每低1%扣1分",
])
def test_a_shortfall_step_in_doubt_is_refused(sentence: str) -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules(sentence)
    assert caught.value.codes == ("E0218",)
    assert "两种读法" in caught.value.diagnostics[0].message


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # A count stated first: at least that many of the thing named, else nothing.
    ("至少3种公示方式，否则不得分。", "5", {"公示方式": 2}, "0"),
    ("至少3种公示方式，否则不得分。", "5", {"公示方式": 3}, "5"),
    ("不少于2个宣传渠道，得3分，否则不得分", "5", {"宣传渠道": 4}, "3"),
    # Only the unmet case written: met scores the weight.
    ("会员单位覆盖本区域同类机构≥40%，低于要求的不得分", "5", {"会员单位覆盖本区域同类机构": "35%"}, "0"),
    ("会员单位覆盖本区域同类机构≥40%，低于要求的不得分", "5", {"会员单位覆盖本区域同类机构": "40%"}, "5"),
    # 个比点: a step in the ratio's own units.
    ("出生人口性别比在107及以下的，计满分；高于107的，每高0.1个比点扣0.1分，扣完为止。", "3",
     {"出生人口性别比": "107.5"}, "2.5"),
])
def test_counts_and_targets_stated_short(sentence: str, weight: str, facts: dict[str, Any],
                                         expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # 完成…任务 scores the points done in full; the phrase names the share done, and each step
    # short of all of it costs.
    ("完成村庄沟渠疏浚计划任务（条数）得12分，每减少10%扣2分。", "12",
     {"完成村庄沟渠疏浚计划任务（条数）": "80%"}, "8"),
    ("完成村庄沟渠疏浚计划任务（条数）得12分，每减少10%扣2分。", "12",
     {"完成村庄沟渠疏浚计划任务（条数）": "105%"}, "12"),
    ("完成年度培训任务得满分，每少10%扣1分，按整档扣分", "5", {"完成年度培训任务": "75%"}, "3"),
])
def test_a_task_done_in_full_then_steps_short_of_it(sentence: str, weight: str,
                                                    facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_a_task_done_is_a_share() -> None:
    # The share done is a percentage: 0.8 is refused, never read as 80 (or 8000%).
    with pytest.raises(evalrules.FactError) as caught:
        total("完成年度培训任务得满分，每少10%扣1分", {"完成年度培训任务": "0.8"})
    assert caught.value.codes == ("E0311",)


@pytest.mark.parametrize("sentence", [
    # Against percentage bands a bare step (每低于1) or one in items (每减少1项) is not 100
    # percentage points: refused, naming the readings.
    "完成率≥100%，计10分；每低于1扣1分",
    "完成率未达100%的，每低1项扣1分",
    "完成年度任务得10分，每减少1项扣2分",
])
def test_a_step_without_percent_against_percent_bands_is_refused(sentence: str) -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules(sentence)
    assert caught.value.codes == ("E0218",)
    assert "个百分点、1%，还是 1 项" in caught.value.diagnostics[0].message


@pytest.mark.parametrize("sentence", [
    # A deviation is a share of the planned value: a step of 5 or of 100平方米 is not one (as a
    # share, 100 would be 10000% and nothing would ever be lost).
    "实际完成值与计划值每相差5，扣1分",
    "建成面积低于年度任务的，每减少100平方米，扣1分",
])
def test_a_deviation_step_must_be_a_share(sentence: str) -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules(sentence)
    assert caught.value.codes == ("E0218",)
    assert "却不是百分数" in caught.value.diagnostics[0].message


@pytest.mark.parametrize(("sentence", "facts", "expected"), [
    # Bonuses alone, then a cap on all of them together.
    ("获得市级表彰的加2分，获得省级表彰的加3分，最高加5分",
     {"获得市级表彰": "是", "获得省级表彰": "是"}, "5"),
    ("获得市级表彰的加2分，获得省级表彰的加3分，加分不超过4分",
     {"获得市级表彰": "是", "获得省级表彰": "是"}, "4"),
    ("获得市级表彰的加2分，获得省级表彰的加3分，加分不超过4分",
     {"获得市级表彰": "否", "获得省级表彰": "是"}, "3"),
    # One bonus after a formula: the cap is that bonus's own.
    ("得分=完成率×分值；每开展一项加1分，最高不超过2分", {"完成率": "50%", "被测指标": 3}, "7"),
])
def test_a_cap_on_the_bonuses_listed(sentence: str, facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts) == Decimal(expected)


def test_a_cap_on_several_bonuses_beside_a_formula_is_refused() -> None:
    # It caps the bonuses' sum, which is not the score once a formula scores too.
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("得分=完成率×分值；获得市级表彰的加2分，获得省级表彰的加3分，最高加5分")
    assert caught.value.codes == ("E0216",)


def test_a_cap_closes_only_the_clause_before_it() -> None:
    # Each 最多不超过2分 caps its own bonus: 2 + 1, never the sum capped at 2.
    sentence = "每开展一项培训加1分，最高不超过2分；每承担一次检查任务加1分，最多不超过2分。"
    assert total(sentence, {"培训": 3, "检查任务": 1}, "4") == Decimal(3)
    # A shared cap over some of the bonuses only is not the leaf's cap: refused.
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("获得市级表彰的加2分，获得省级表彰的加3分，最高加4分；每开展一项加1分")
    assert caught.value.codes == ("E0216",)


def test_two_counts_without_a_name_are_refused() -> None:
    # Both would count the indicator itself, one fact for two different things.
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("每开展一项加1分，最高不超过2分；每承担一次加1分，最多不超过2分。", "4")
    assert caught.value.codes == ("E0206",)


@pytest.mark.parametrize(("facts", "expected"), [
    ({"渠道未除杂草": "是", "渠内有漂浮物及垃圾未清理": "否", "涵闸堵塞": "是",
      "启闭器不灵活不能运转": "否"}, "4"),
    ({"渠道未除杂草": "否", "渠内有漂浮物及垃圾未清理": "是", "涵闸堵塞": "否",
      "启闭器不灵活不能运转": "否"}, "8"),
])
def test_lapses_each_cost_their_points_in_turn(facts: dict[str, Any], expected: str) -> None:
    # 如发现 says the lapses are looked for; each clause is a lapse costing its points in turn.
    sentence = ("如发现渠道未除杂草，渠内有漂浮物及垃圾未清理，涵闸堵塞，启闭器不灵活不能运转"
                "将依次扣除4分、2分、2分、2分。")
    assert total(sentence, facts) == Decimal(expected)
    assert total("甲项未落实、乙项未落实依次扣1分、2分", {"甲项未落实": "是", "乙项未落实": "是"}) == 7


def test_lapses_in_turn_must_pair() -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("甲项未落实、乙项未落实依次扣1分、2分、3分")
    assert caught.value.codes == ("E0216",)
    assert "列出了 2 个情形（甲项未落实、乙项未落实），依次写的分值却有 3 个" in \
        caught.value.diagnostics[0].message


def test_a_graded_scale_is_levels_or_refused() -> None:
    # One case holding another's words is a graded scale, not two lapses: both would hold and
    # cost twice. With one deduction in it, it is levels; with two, refused naming both readings.
    ruleset = rules("资料齐全得10分，资料不全扣2分，资料严重不全不得分")
    assert ruleset.evaluate({"被测指标": {"等级": "资料不全", "依据": "缺两份"}}).total == 8
    for sentence in ("资料齐全得10分，资料不全扣2分，资料严重不全扣5分", "资料不全扣2分，资料严重不全扣5分"):
        with pytest.raises(evalrules.RuleCompileError) as caught:
            rules(sentence)
        assert caught.value.codes == ("E0225",)
        assert "「资料不全」与「资料严重不全」像是同一件事的轻重两档" in caught.value.diagnostics[0].message


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # Steps, then a floor further out: the steps count only up to it (70% is 2.5 steps, 1.5 left);
    # below it the floor's points, not what the steps would leave.
    ("到位率95%以上计4分，每少10个百分点扣1分，低于70%不得分。", "4", {"到位率": "85%"}, "3"),
    ("到位率95%以上计4分，每少10个百分点扣1分，低于70%不得分。", "4", {"到位率": "70%"}, "1.5"),
    ("到位率95%以上计4分，每少10个百分点扣1分；低于70%不得分。", "4", {"到位率": "69.9%"}, "0"),
    ("到位率95%以上计4分，每少10个百分点扣1分，扣完为止，70%以下得1分。", "4", {"到位率": "70%"}, "1"),
    # 以下 holds its number: 70% is the floor's (written points win over the steps' 1.5)
    ("到位率95%以上计4分，每少10个百分点扣1分，70%以下得1分。", "4", {"到位率": "60%"}, "1"),
    # the other way: above a cap, then a ceiling band
    ("人员控制率≤100%，计6分；每超过一个百分点扣0.3分，超过110%不得分", "6", {"人员控制率": "110%"}, "3"),
    ("人员控制率≤100%，计6分；每超过一个百分点扣0.3分，超过110%不得分", "6",
     {"人员控制率": "110.1%"}, "0"),
    # after the region the steps count in, too
    ("清运率未达100%的，每低1个百分点扣1分，低于90%不得分。", "20", {"清运率": "95%"}, "15"),
    ("清运率未达100%的，每低1个百分点扣1分，低于90%不得分。", "20", {"清运率": "89%"}, "0"),
    # A subject opening with a quoted word runs into its number as 满意度90%以上 does; the
    # quotation marks are not in the fact's name.
    ("“双签”到位率95%以上计2分，每少10个百分点扣1分。", "2", {"双签到位率": "85%"}, "1"),
    ("“双签”到位率95%以上计2分，每少10个百分点扣1分，低于80%不得分。", "2", {"双签到位率": "79%"}, "0"),
    # 每少于 / 每多于 as 每少 / 每多, a step in the band's unit (公斤, 千克 as 吨)
    ("年亩施用生物有机肥500公斤以上得25分，每少于50公斤扣5分。", "25", {"年亩施用生物有机肥": 400}, "15"),
    ("年亩施用生物有机肥500公斤以上得25分，每少于50公斤扣5分。", "25", {"年亩施用生物有机肥": 520}, "25"),
    ("参会人数≤50人，得5分，每多于5人扣1分，按整档扣分。", "5", {"参会人数": 61}, "3"),
])
def test_steps_then_a_floor(sentence: str, weight: str, facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


@pytest.mark.parametrize(("sentence", "says"), [
    # A floor where the steps start, inside the bands, or bounded on both sides would claim
    # values the steps (or a band) claim as well.
    ("到位率95%以上计4分，每少10个百分点扣1分，低于95%不得分。", "须落在扣分的范围（<95%）之内"),
    ("到位率95%以上计4分，每少10个百分点扣1分，60%-70%不得分。", "且只有一端"),
    ("到位率95%以上计4分，每少10个百分点扣1分，高于110%不得分。", "须落在扣分的范围"),
    # 70 against 95%: one is a percentage, the other not
    ("到位率95%以上计4分，每少10个百分点扣1分，低于70不得分。", "一个是百分数、一个不是"),
])
def test_a_floor_that_claims_the_steps_values_is_refused(sentence: str, says: str) -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules(sentence, "4")
    assert caught.value.codes == ("E0218",)
    assert says in caught.value.diagnostics[0].message


@pytest.mark.parametrize(("sentence", "subject"), [
    # Steps of a rate with no band to count them from: from 100% (80% is 20 points short), or a
    # fall from last year's rate? Refused naming both, never read as either.
    ("“美丽庭院”中改厨到位率每下降10%扣1分，低于70%不得分。", "美丽庭院中改厨到位率"),
    ("新建房屋污水接管率每下降10%，扣1分；低于70%不得分。", "新建房屋污水接管率"),
    ("空气优良率每降低1个百分点扣1分，扣完为止", "空气优良率"),
    ("支出增长率每上升一个百分点扣0.5分", "支出增长率"),
])
def test_steps_with_no_start_are_refused_naming_both_readings(sentence: str, subject: str) -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules(sentence, "4")
    assert caught.value.codes == ("E0229",)
    message = caught.value.diagnostics[0].message
    assert f"「{subject}」按幅度扣分，却没有写从哪个值算起" in message
    assert "与 100%（或目标值）相差的幅度" in message and "比上年变化的幅度" in message


@pytest.mark.parametrize(("sentence", "facts", "expected"), [
    # Near misses that stay as they were: the start written (a band), or a count, not a rate.
    ("改厨到位率100%得4分，每下降10%扣1分，低于70%不得分。", {"改厨到位率": "80%"}, "2"),
    ("未制定年度计划的，每少1条扣1分", {"未制定年度计划": 1}, "3"),
])
def test_steps_with_their_start_still_read(sentence: str, facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts, "4") == Decimal(expected)


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # The separator after a level's points lost, as a cell copied from a PDF runs its lines on.
    ("熟练运用个案管理方法且落实到位，得4分对个案管理方法的运用能力一般，得2分；运用能力差，得0分。", "4",
     {"被测指标": {"等级": "对个案管理方法的运用能力一般", "依据": "计划落实不全"}}, "2"),
    ("熟练运用个案管理方法且落实到位，得4分对个案管理方法的运用能力一般，得2分；运用能力差，得0分。", "4",
     {"被测指标": "熟练运用个案管理方法且落实到位"}, "4"),
    ("明确得4分基本明确得2分不明确不得分", "4", {"被测指标": {"等级": "不明确", "依据": "无目标"}}, "0"),
    # … and the items of a checklist so run together are still its items.
    ("印制宣传手册得1分举办培训班得1分", "2", {"印制宣传手册": "是", "举办培训班": "否"}, "1"),
])
def test_levels_run_together(sentence: str, weight: str, facts: dict[str, Any],
                             expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_levels_written_apart_stay_several_rules() -> None:
    # A full stop between them says the table meant them apart (E0207), as before.
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("明确得4分。基本明确得2分。", "4")
    assert caught.value.codes == ("E0207",)


SHARES = "达成年度指标的，得分为分值的80%（含）-100%；部分达成的，60%（含）-80%；未达成的，60%以下"


@pytest.mark.parametrize(("sentence", "weight", "given", "expected"), [
    (SHARES, "10", {"等级": "部分达成", "得分": 7, "依据": "两项子目标未完成"}, "7"),
    (SHARES, "5", {"等级": "部分达成", "得分": "3.5", "依据": "两项子目标未完成"}, "3.5"),
    (SHARES, "5", {"等级": "未达成", "得分": "1", "依据": "主要目标未完成"}, "1"),
    (SHARES, "10", {"等级": "达成年度指标", "得分": 10}, "10"),
    # 分值的 said once, with a colon, the later ranges bare.
    ("好的：分值的90%-100%；一般的：60%-90%；差的：60%以下。", "10",
     {"等级": "一般", "得分": "7", "依据": "个别指标未达到"}, "7"),
    # The last range from a bare 0 (0-60% is 0%-60%), and the ends highest first (100-80%).
    ("达成年度指标的，得分为分值的80%（含）-100%；部分达成年度指标的，60%（含）-80%；"
     "未达成年度指标且效果较差的，0-60%", "10", {"等级": "未达成年度指标且效果较差", "得分": "5.5",
                                         "依据": "主要目标未完成"}, "5.5"),
    ("达成年度指标的，得分为分值的100-80%；部分达成的，80-60%；未达成的，60-0%", "5",
     {"等级": "部分达成", "得分": "3", "依据": "两项子目标未完成"}, "3"),
])
def test_levels_with_a_share_of_the_weight(sentence: str, weight: str, given: dict[str, Any],
                                           expected: str) -> None:
    assert total(sentence, {"被测指标": given}, weight) == Decimal(expected)


@pytest.mark.parametrize(("given", "told"), [
    ({"等级": "部分达成", "得分": 9, "依据": "多"}, "得分应在 6-8 分之间，得分 9 分不在其中"),
    ({"等级": "未达成", "依据": "未完成"}, "得分应在 0-6 分之间，没有写得分"),
])
def test_a_score_outside_its_share_of_the_weight_is_refused(given: dict[str, Any],
                                                             told: str) -> None:
    with pytest.raises(evalrules.FactError) as caught:
        total(SHARES, {"被测指标": given})
    assert caught.value.codes == ("E0306",)
    assert told in caught.value.diagnostics[0].message


def test_a_share_of_the_weight_must_be_said_once() -> None:
    # 优，90%-100%: the score's share of the weight, or the band of a rate that makes it 优?
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("优，90%-100%；良，60%-90%；差，60%以下")
    assert caught.value.codes == ("E0229",)
    # A share beyond the whole weight is more than the weight (E0217).
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("达成的，得分为分值的80%-120%；未达成的，60%以下")
    assert caught.value.codes == ("E0217",)


def test_a_band_ending_in_a_range_is_still_a_band() -> None:
    # A range followed by its points is a band's, not a level's share of the weight.
    assert total("完成率80%-100%，得10分；低于80%不得分", {"完成率": "90%"}) == 10


RANGES = "按照该指标对应分值区间100-80%（含80%）、80-60%（含60%）、60-0%合理确定得分"


@pytest.mark.parametrize(("sentence", "weight", "given", "expected"), [
    # Ranges that hold the whole weight between them: the evaluator's score, 0 to the weight.
    (RANGES, "20", {"得分": 13, "依据": "验收合格率未达目标"}, "13"),
    (f"得分最高不能超过该指标分值上限，{RANGES}", "10", {"得分": "8.5", "依据": "个别渠段未完工"}, "8.5"),
    (f"{RANGES}，得分最高不能超过该指标分值上限", "10", {"得分": 0, "依据": "未开工"}, "0"),
    ("按照该指标对应分值区间80%-100%、60%-80%、0-60%合理确定得分", "10",
     {"得分": 10, "依据": "全部完成"}, "10"),
])
def test_a_score_within_ranges_of_the_weight(sentence: str, weight: str, given: dict[str, Any],
                                             expected: str) -> None:
    assert total(sentence, {"被测指标": given}, weight) == Decimal(expected)


TIERS = ("定性指标根据指标完成情况分为：达成年度指标、部分达成年度指标并具有一定效果、"
         "未达成年度指标且效果较差三档，分别按照该指标对应分值区间100%-80%（含）、80%-60%（含）、60%-0%"
         "合理确定分值")


@pytest.mark.parametrize(("sentence", "given", "expected"), [
    # The tiers named, then their ranges in turn: the evaluator picks a tier and scores within it.
    (TIERS, {"等级": "部分达成年度指标并具有一定效果", "得分": 7, "依据": "两项子目标未完成"}, "7"),
    (TIERS, {"等级": "未达成年度指标且效果较差", "得分": "4.5", "依据": "主要目标未完成"}, "4.5"),
    (TIERS, {"等级": "达成年度指标", "得分": 10}, "10"),
    ("分为达成、未达成两档，按照该指标对应分值区间100-60%、60-0%合理确定得分",
     {"等级": "达成", "得分": 6, "依据": "一项未完成"}, "6"),
])
def test_tiers_named_before_their_ranges_of_the_weight(sentence: str, given: dict[str, Any],
                                                       expected: str) -> None:
    assert total(sentence, {"被测指标": given}) == Decimal(expected)


@pytest.mark.parametrize(("given", "told"), [
    ({"等级": "未达成年度指标且效果较差", "得分": 7, "依据": "多"}, "得分应在 0-6 分之间"),
    ({"得分": 7, "依据": "多"}, "应为评定等级"),
])
def test_a_score_outside_its_named_tier_is_refused(given: dict[str, Any], told: str) -> None:
    with pytest.raises(evalrules.FactError) as caught:
        total(TIERS, {"被测指标": given})
    assert told in caught.value.diagnostics[0].message


def test_named_tiers_with_a_gap_between_their_ranges_are_refused() -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("分为达成、部分达成、未达成三档，分别按照该指标对应分值区间100-80%、70-60%、60-0%合理确定得分")
    assert caught.value.codes == ("E0217",)


def test_a_score_beyond_the_ranges_of_the_weight_is_refused() -> None:
    with pytest.raises(evalrules.FactError) as caught:
        total(RANGES, {"被测指标": {"得分": 21, "依据": "超额"}}, "20")
    assert caught.value.codes == ("E0303",)


@pytest.mark.parametrize("sentence", [
    # A gap (70%-80%), an overlap, or short of the whole weight: not the evaluator's 0 to the weight.
    "按照该指标对应分值区间100-80%（含80%）、70-60%（含60%）、60-0%合理确定得分",
    "按照该指标对应分值区间100-70%、80-60%、60-0%合理确定得分",
    "按照该指标对应分值区间90-80%、80-60%、60-0%合理确定得分",
])
def test_ranges_of_the_weight_must_run_end_to_end(sentence: str) -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules(sentence)
    assert caught.value.codes == ("E0217",)


DIRECTED = ("定量指标若为正向指标（即指标值为≥*），则得分=全年实际值/年度指标值×该指标分值；"
            "若为反向指标（即指标值≤*），则得分=年度指标值/全年实际值×该指标分值。")


@pytest.mark.parametrize(("sentence", "facts", "expected"), [
    # One formula for each kind of indicator: the yes/no fact 正向指标 chooses (否 is 反向).
    (DIRECTED, {"全年实际值": 30, "年度指标值": 40, "正向指标": "是"}, "7.5"),
    (DIRECTED, {"全年实际值": 50, "年度指标值": 40, "正向指标": "否"}, "8"),
    ("正向指标得分=实际值/目标值×分值；反向指标得分=目标值/实际值×分值",
     {"实际值": 5, "目标值": 4, "正向指标": "否"}, "8"),
    # One kind alone is the leaf's formula; the words before 得分 are kept as text.
    ("定量指标若为正向指标（即指标值为≥*），则得分=全年实际值/年度指标值×该指标分值",
     {"全年实际值": 45, "年度指标值": 60}, "7.5"),
    ("定量指标计分原则：正向指标得分=实际完成值/年初目标值×该指标分值，最高不超过该指标分值。",
     {"实际完成值": 3, "年初目标值": 4}, "7.5"),
    ("若为反向指标（即指标值≤*），则得分=年度指标值/全年实际值×分值", {"全年实际值": 50, "年度指标值": 40},
     "8"),
])
def test_a_formula_for_each_kind_of_indicator(sentence: str, facts: dict[str, Any],
                                              expected: str) -> None:
    assert total(sentence, facts) == Decimal(expected)


def test_the_kind_of_indicator_is_yes_or_no() -> None:
    # 正向指标: 反向 is not taken for 否: the fact must say 是 or 否.
    with pytest.raises(evalrules.FactError) as caught:
        total(DIRECTED, {"全年实际值": 50, "年度指标值": 40, "正向指标": "反向"})
    assert caught.value.codes == ("E0302",)
    # Two formulas for one kind are two rules: which one scores is not guessed.
    with pytest.raises(evalrules.RuleCompileError) as refused:
        rules("若为正向指标，则得分=实际值/目标值×分值；若为正向指标，则得分=目标值/实际值×分值")
    assert refused.value.codes == ("E0207",)


def test_a_half_width_full_stop_ends_a_statement() -> None:
    # …满分为止. as a PDF copies it; elsewhere . stays a decimal point (0.5) or a mark (1.).
    assert total("二者择其一进行考核，按完成比例计算得分，满分为止.", {"完成比例": "75%"}, "20") == 15
    assert total("得分=完成率×0.5分×20.", {"完成率": "80%"}) == 8


@pytest.mark.parametrize(("sentence", "says"), [
    # A step in another unit than the bands' would be counted in theirs (50公斤 as 50吨).
    ("有机肥≥0.5吨，得25分，每少于50公斤扣5分。", "分档以「吨」计，每一档的幅度却以「公斤」计"),
    ("有机肥≥500公斤，得25分，每少于5个扣5分。", "分档以「公斤」计，每一档的幅度却以「个」计"),
])
def test_a_step_in_another_unit_than_the_bands_is_refused(sentence: str, says: str) -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules(sentence, "25")
    assert caught.value.codes == ("E0218",)
    assert says in caught.value.diagnostics[0].message


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # Lettered options are numbered as ① or (1) are: the level is named by its words.
    ("A.符合要求，科技应用紧密，9-10分；B.基本符合要求，科技应用情况较好，6-8分；C.科技应用情况一般，1-5分；"
     "D.不符合科技应用要求，0分。", "10",
     {"被测指标": {"等级": "科技应用情况一般", "得分": 4, "依据": "新品种推广面积小"}}, "4"),
    ("A.资料齐全，得2分。B.资料不全，得1分。C.无资料，不得分。", "2",
     {"被测指标": {"等级": "资料不全", "依据": "缺验收单"}}, "1"),
    ("A、印制宣传手册，1分；B、举办培训班，1分", "2", {"印制宣传手册": "是", "举办培训班": "否"}, "1"),
    # A capital run on from a letter is no mark: GDP、CPI stays the case it is.
    ("GDP、CPI均达标的，得10分；否则不得分", "10", {"GDP、CPI均达标": "是"}, "10"),
])
def test_lettered_options(sentence: str, weight: str, facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_a_lettered_option_without_points_is_refused_by_name() -> None:
    # D.…，项目不可行: a verdict on the project, not points of this indicator.
    with pytest.raises(evalrules.RuleSyntaxError) as caught:
        rules("A.符合要求，9-10分；B.基本符合要求，6-8分；D.不符合要求，项目不可行。")
    (problem,) = caught.value.diagnostics
    assert problem.code == "E0241" and "选项「D.不符合要求，项目不可行」没有写分值" in problem.message


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # 扣完为止 as a sentence of its own after the deductions: the score stops at zero already.
    ("没有领导小组或调整不及时扣1分；工作未纳入年度计划扣1分。扣完为止。", "6",
     {"没有领导小组或调整不及时": "是", "工作未纳入年度计划": "是"}, "4"),
    ("每发现1次资料缺失扣1分。扣完为止", "5", {"资料缺失": 7}, "0"),
    # … with the weight said again (此项5分扣完为止), and 以上每发现 counting the cases before it
    # together (the fact named by them, as 未按要求参加、未达到规定课时 is).
    ("不按时上下班或迟到早退的、不按规定参加会议及相关活动的、不遵守请销假制度的，以上每发现1次扣1分。"
     "根据服务对象反馈情况，文明服务不到位的，每发现1次扣2分。此项5分扣完为止。", "5",
     {"不按时上下班或迟到早退、不按规定参加会议及相关活动、不遵守请销假制度": 2, "文明服务不到位": 1}, "1"),
    # A case closed by 的, then the count and what each one is: the case is counted.
    ("及时将目标任务分解到具体项目，所报项目符合界定标准得2分，存在不符合标准的，1个项目扣1分，直至扣完。",
     "2", {"存在不符合标准": 1}, "1"),
    ("审核资料不全的，发现1份材料扣0.5分", "2", {"审核资料不全": 3}, "0.5"),
])
def test_deductions_closed_by_a_sentence_of_their_own(sentence: str, weight: str,
                                                      facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


def test_the_weight_said_before_until_zero_must_be_the_weight() -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("每发现1次资料缺失扣1分。此项6分扣完为止。", "5")
    assert caught.value.codes == ("E0202",)
    assert "「此项6分扣完为止」与指标「被测指标」的分值 5 分不符" in caught.value.diagnostics[0].message


@pytest.mark.parametrize(("sentence", "facts", "expected"), [
    # No subject written: the bands are of the indicator's own value, given by its name.
    ("≥98%，得满分；95%（含）-98%，得8分；90%（含）-95%，得6分；90%以下不得分。", {"被测指标": "96%"}, "8"),
    ("100%得满分，每降低1%扣0.1分。", {"被测指标": "97%"}, "9.7"),
    ("达到100%得满分，每降低1%扣0.1分。", {"被测指标": "97%"}, "9.7"),
    # A share of the weight written before 分值, or alone.
    ("完成率≥98%，得满分；95%（含）-98%，得80%分值；90%以下不得分；90%（含）-95%，得60%。",
     {"完成率": "91%"}, "6"),
])
def test_bands_as_the_score_column_prints_them(sentence: str, facts: dict[str, Any],
                                               expected: str) -> None:
    assert total(sentence, facts) == Decimal(expected)


def test_a_comparison_word_never_becomes_the_subject() -> None:
    assert list(rules("达到100%得满分，每降低1%扣0.1分。").plan.facts) == ["被测指标"]


@pytest.mark.parametrize(("sentence", "facts", "expected"), [
    # A cap right after a formula is the formula's, however it is spelt.
    ("得分=完成率×分值，最高不超过8分。", {"完成率": "120%"}, "8"),
    ("得分=完成率×分值，最高为8分。", {"完成率": "50%"}, "5"),
    ("年度目标完成率=实际完成值/目标值×100%，得分=年度目标完成率×分值，最高为分值。",
     {"实际完成值": 12, "目标值": 10}, "10"),
    ("得分=完成率×分值，满分为止。", {"完成率": "120%"}, "10"),
])
def test_caps_after_a_formula(sentence: str, facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts) == Decimal(expected)


@pytest.mark.parametrize("sentence", [
    "有健全的资产管理制度并严格执行的，得3分；制度不健全或执行不到位的，扣1-2分；没有制度的，不得分。",
    "有健全的资产管理制度并严格执行的，得3分；制度不健全或执行不到位的，酌情扣1-2分；没有制度的，不得分。",
])
def test_a_level_may_deduct_within_a_range(sentence: str) -> None:
    chosen = rules(sentence, "3")
    judged = {"被测指标": {"等级": "制度不健全或执行不到位", "得分": "1.5", "依据": "缺少资产盘点制度"}}
    assert chosen.evaluate(judged).total == Decimal("1.5")
    judged["被测指标"]["得分"] = "2.5"  # 扣 0.5: less than the range's least
    with pytest.raises(evalrules.FactError) as caught:
        chosen.evaluate(judged)
    assert caught.value.codes == ("E0306",)


@pytest.mark.parametrize(("sentence", "facts", "expected"), [
    ("人均培训时长≥40学时，得6分；30（含）-40学时，得4分；30学时以下，得2分。", {"人均培训时长": 35}, "4"),
    ("办结时间≤5个工作日，得6分；每超过1个工作日扣0.5分。", {"办结时间": 8}, "4.5"),
])
def test_measure_words_of_time(sentence: str, facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts, "6") == Decimal(expected)


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # A label before the rules is kept as text, whatever its colon; the rules name the facts.
    ("例会考勤:无故缺席扣1分/次，无故迟到、早退扣0.5分/次。", "10",
     {"无故缺席": 2, "无故迟到、早退": 3}, "6.5"),
    ("查看台账、记录：每发现一处错漏扣1分", "5", {"错漏": 2}, "3"),
    # An inspection is never the name levels judge, one label after another.
    ("查看报送材料：查阅会议记录：记录完整得5分，不完整不得分", "5", {"被测指标": "记录完整"}, "5"),
    # The name and points as a label: the points are the weight said again.
    ("污水集中处理率(2分):每发现一处未达标扣0.5分", "2", {"未达标": 1}, "1.5"),
    # The items required, numbers and all, then what each one missing costs.
    ("配齐灭火器3个、应急灯2盏，每少一项扣1.5分", "3", {"被测指标": 1}, "1.5"),
    # The full points, then the exceptions after *.
    ("按时报送材料。2分＊逾期报送不得分", "2", {"逾期报送": "是"}, "0"),
    ("按时报送材料。2分*逾期报送不得分", "2", {"逾期报送": "否"}, "2"),
    # Lettered options that are rules of their own: the letter is only a number.
    ("A.实施方案符合要求，6分。B.缺失主要内容的，每项扣1分，扣完为止。C.存在违规内容，此项不得分。", "6",
     {"缺失主要内容": 2, "存在违规内容": "否"}, "4"),
    ("A.实施方案符合要求，6分。B.资料缺失扣2分。C.违规的，此项不得分", "6",
     {"资料缺失": "是", "违规": "否"}, "4"),
    ("A.实施方案符合要求，6分。B.资料缺失扣2分。C.违规的，此项不得分", "6",
     {"资料缺失": "否", "违规": "是"}, "0"),
    # Each item's points in brackets, then the total: a checklist; later items share a verb.
    ("建立内控制度（1）、岗位责任制（1）和考核办法（1），3分", "3",
     {"建立内控制度": "是", "建立岗位责任制": "是", "建立考核办法": "否"}, "2"),
    # Lettered options with numbers in their words, judged by their letter.
    ("A、符合要求，9-10分；B、带动农户数超过计划户数60%，6-8分；C、未带动农户，0分。", "10",
     {"被测指标": {"等级": "B", "得分": 6, "依据": "带动70%"}}, "6"),
    ("评定 农户带动：A．符合要求，9-10分；B．带动农户数超过计划户数60%，6-8分；C．未带动农户，0分。", "10",
     {"农户带动": {"等级": "C", "依据": "未带动"}}, "0"),
])
def test_labels_weights_said_and_starred_exceptions(sentence: str, weight: str, facts: dict[str, Any],
                                                    expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


@pytest.mark.parametrize(("sentence", "weight", "says"), [
    ("污水集中处理率（2分）：每发现一处未达标扣0.5分", "3",
     "「污水集中处理率（2分）：」与指标「被测指标」的分值 3 分不符"),
    ("按时报送材料。2分*逾期报送不得分", "3", "「2分*」与指标「被测指标」的分值 3 分不符"),
    ("明确分管领导（0.5）及岗位职责（0.5）。2分", "1", "「2分」与指标「被测指标」的分值 1 分不符"),
])
def test_a_weight_said_in_a_label_or_before_a_star_must_be_the_weight(sentence: str, weight: str,
                                                                      says: str) -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules(sentence, weight)
    assert caught.value.diagnostics[0].code == "E0202"
    assert says in caught.value.diagnostics[0].message


def test_items_points_in_brackets_must_add_up_to_the_weight() -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("明确分管领导（0.6）及岗位职责（0.5）。1分", "1")
    assert caught.value.codes == ("E0233",)
    says = "各项括号里的分值 0.6+0.5 合计 1.1 分，与指标「被测指标」的分值 1 分不符"
    assert says in caught.value.diagnostics[0].message


@pytest.mark.parametrize(("sentence", "facts", "expected"), [
    # The number of a sentence separates it from the next, at the start of the leaf, after 。 or
    # ；, or glued to the points before it; it is never part of a name.
    ("1、得分=完成率×10分。2、若没有该项任务的，不扣分。", {"完成率": "50%", "没有该项任务": "否"}, "5"),
    ("(1)得分=完成率×10分(2)若没有该项任务的，不扣分", {"完成率": "50%", "没有该项任务": "是"}, "10"),
    ("（1）得分=完成率×10分；（2）每发现一处资料缺失扣1分", {"完成率": "50%", "资料缺失": 2}, "3"),
    ("①得分=完成率×10分。②每发现一处资料缺失扣1分", {"完成率": "80%", "资料缺失": 1}, "7"),
    ("1.得分=完成率×10分 2.每发现一处资料缺失扣1分", {"完成率": "80%", "资料缺失": 1}, "7"),
    # A label before the first number is kept as text (加分项目：1.…；2.…).
    ("评分要求：1.得分=完成率×10分；2.每发现一处资料缺失扣1分", {"完成率": "80%", "资料缺失": 1}, "7"),
])
def test_numbered_sentences_are_read_apart(sentence: str, facts: dict[str, Any], expected: str) -> None:
    assert total(sentence, facts) == Decimal(expected)


@pytest.mark.parametrize("sentence", [
    "按实现程度赋分，即“评价指标得分=实际完成量/目标任务的比值*该项指标分值”",
    "按实现程度赋分,即:\"得分=实际完成量/目标任务之比×分值\"",
    "“得分=实际完成量/目标任务×分值”",
])
def test_a_formula_in_quotes_after_what_it_scores(sentence: str) -> None:
    # The quotient is named by its divisor: 目标任务的比值 is the ratio to 目标任务.
    ruleset = rules(sentence, "2")
    assert set(ruleset.plan.facts) == {"实际完成量", "目标任务"}
    assert ruleset.evaluate({"实际完成量": 18, "目标任务": 20}).total == Decimal("1.8")


def test_a_period_or_rank_is_part_of_a_case_a_threshold_is_not() -> None:
    levels = "(1)近3年会员数量上升12分(2)近3年会员数量持平8分(3)近3年会员数量一年减少5分，两年都减少0分"
    judged = {"被测指标": {"等级": "近3年会员数量持平", "依据": "人数不变"}}
    assert total(levels, judged, "12") == Decimal(8)
    assert total("第1名得10分，第2名得8分，其他得0分", {"被测指标": {"等级": "第2名", "依据": "排名"}}) == 8
    # A measure inside a case that goes on past it is part of the case (nothing is compared with
    # it); one that ends its clause, or comes before 的 or points, is still a band's value.
    checked = "有供水管理机构，得10分；镇区主管网实行16小时以上供水，得10分，按实际情况评分"
    assert set(rules(checked, "20").plan.facts) == {"有供水管理机构", "镇区主管网实行16小时以上供水"}
    for band in ("供水时间16小时以上的，得10分；8小时以上的，得5分；低于8小时的不得分",
                 "供水时间16小时以上得10分，8小时以上得5分，低于8小时不得分",
                 "供水时间≥16小时，得10分；8小时（含）-16小时，得5分；低于8小时不得分"):
        ruleset = rules(band)
        assert set(ruleset.plan.facts) == {"供水时间"}, band
        assert ruleset.evaluate({"供水时间": 12}).total == Decimal(5), band


def test_a_list_said_to_score_item_by_item() -> None:
    sentence = ("河道水面率提高2分、河道水质达标2分、轮疏河道长度完成2分，"
                "每完成1项取得该项分数，未完成项不得分。")
    facts = {"河道水面率提高": "是", "河道水质达标": "否", "轮疏河道长度完成": "是"}
    assert total(sentence, facts, "6") == Decimal(4)
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules("明确得4分、基本明确得2分，每完成一项得该项分值", "4")
    assert caught.value.codes == ("E0231",)


def test_a_number_is_no_quantity_and_no_name() -> None:
    # 1、 before a band is the sentence's number; 90%、80% after it are the band's values.
    ruleset = rules("1、预算执行率≥90%，得10分；80%(含)-90%，得6分；低于80%不得分。")
    assert set(ruleset.plan.facts) == {"预算执行率"}
    assert ruleset.evaluate({"预算执行率": "85%"}).total == Decimal(6)
    # 分别扣0、2、4分: the numbers after 扣 are points, not the numbers of sentences.
    judged = {"被测指标": {"等级": "中", "依据": "有杂物"}}
    assert total("环境卫生在本县属好、中、差，分别扣0、2、4分", judged, "4") == Decimal(2)
    # Numbered cases that are levels of one list stay one list (1、…得2分。2、…得0分。).
    assert total("1、资料齐全，得2分。2、资料不全，得0分。", {"被测指标": "资料齐全"}, "2") == Decimal(2)


@pytest.mark.parametrize(("sentence", "level", "expected"), [
    # A level's points as a share of the weight: 得50%, 得60%分值.
    ("按期完成得满分；未按期完成但在年内完成的得50%；年内未完成的不得分。", "未按期完成但在年内完成", "3"),
    ("社会效益明显得满分，较明显得60%分值，不明显不得分。", "较明显", "3.6"),
])
def test_a_level_may_score_a_share_of_the_weight(sentence: str, level: str, expected: str) -> None:
    judged = {"被测指标": {"等级": level, "依据": "项目年底完工"}}
    assert total(sentence, judged, "6") == Decimal(expected)


@pytest.mark.parametrize("sentence", [
    # The range before the steps may run straight into them, with no comma.
    "利用率≥95%得4分，低于95%的每降低1个百分点扣0.5分。",
    "利用率≥95%得4分，低于95%的，每降低1个百分点扣0.5分。",
])
def test_the_range_before_steps_needs_no_comma(sentence: str) -> None:
    assert total(sentence, {"利用率": "93%"}, "4") == Decimal("3")


@pytest.mark.parametrize("sentence", [
    # Full marks, then each day late, after a comma or a semicolon: the days are the fact.
    "按时报送决算报表得3分，每延迟1天扣0.5分。",
    "按时报送决算报表得3分；每延迟1天扣0.5分。",
    "按时报送决算报表的，得3分；每延迟一天扣0.5分，扣完为止。",
])
def test_full_marks_then_days_late(sentence: str) -> None:
    assert total(sentence, {"被测指标": 2}, "3") == Decimal("2")


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # A band whose points are a formula of the value (得分=…, 按…计分, 按…计算), the name shortened
    ("实际完成率≥100%得5分；实际完成率<100%，得分=实际完成率×5分。", "5", {"实际完成率": "90%"}, "4.5"),
    ("受益对象满意度≥90%，得10分；80%≤满意度<90%，得8分；满意度<80%，按满意度×10分计分。", "10",
     {"受益对象满意度": "70%"}, "7"),
    ("满意度90%（含）以上得满分，90%以下按满意度×分值计算。", "8", {"满意度": "80%"}, "6.4"),
    ("资金到位率>=100%,得4分;资金到位率<100%,得分=实际完成值×4分", "4", {"资金到位率": "75%"}, "3"),
    # 以上 and 以下 both hold 95%, where both score 6: read alike
    ("培训覆盖率达到95%及以上的，得6分；95%以下的，得分=培训覆盖率/95%×6分。", "6",
     {"培训覆盖率": "95%"}, "6"),
    # all, part (the share met × the weight), none: one fact, named after 按
    ("项目完成质量全部达标的得满分；部分达标的，按达标比例计算得分；全部未达标的不得分。", "4",
     {"达标比例": "75%"}, "3"),
    ("全部完成得4分，部分完成按完成比例计分，均未完成不得分", "4", {"完成比例": "0%"}, "0"),
    # done as planned, or short of it in proportion (no case of none)
    ("项目按计划完成得满分，未完成的按完成比例得分。", "5", {"完成比例": "80%"}, "4"),
    ("按期完成的得5分；未按期完成的，按完成比例计分。", "5", {"完成比例": "100%"}, "5"),
])
def test_bands_scored_by_a_formula(sentence: str, weight: str, facts: dict[str, Any],
                                   expected: str) -> None:
    assert total(sentence, facts, weight) == Decimal(expected)


@pytest.mark.parametrize(("sentence", "code"), [
    ("满意度≥90%，得10分；满意度<90%，按满意度×12分计分。", "E0247"),  # 89% would score 10.68
    ("满意度≥90%，得10分；满意度<90%，按满意度×目标值计分。", "E0248"),  # another value
    ("培训覆盖率达到95%及以上的，得10分；95%以下的，得分=培训覆盖率×10分。", "E0249"),  # 10 or 9.5 at 95%
    ("全部达标的得8分；部分达标的，按达标比例计算得分；全部未达标的不得分。", "E0249"),  # 100% × 10 ≠ 8
])
def test_a_formula_band_that_cannot_be_read_one_way_is_refused(sentence: str, code: str) -> None:
    with pytest.raises(evalrules.EvalRulesError) as caught:
        rules(sentence)
    assert code in caught.value.codes


def test_all_and_part_read_as_before_where_part_is_not_scored_by_the_share() -> None:
    # 部分完成得3分 is a level, 部分完成的酌情扣分 the evaluator's: not the share met
    assert total("全部完成得5分，部分完成得3分，未完成不得分",
                 {"被测指标": {"等级": "部分完成", "依据": "验收记录"}}, "5") == 3
    ops = rules("全部完成的得满分，部分完成的酌情扣分", "5").plan.leaves()[0].ops
    assert not any(type(op).__name__ == "Bands" for op in ops)
