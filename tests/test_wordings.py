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


@pytest.mark.parametrize(("sentence", "value"), [
    ("执行率≥90%，计10分；执行率<80%，计0分", "80%"),
    # 60-79% holds 60% but not 79% (an end is held by the upper of two bare ranges, and 80-99%
    # starts at 80%): 79% is in no band, said at compile time rather than guessed.
    ("技术培训人次完成率100%，计4分；80-99%，计3分；60-79%，计2分；<60%，计1分", "79%"),
])
def test_a_gap_between_bands_is_still_refused(sentence: str, value: str) -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        rules(sentence)
    assert caught.value.codes == ("E0217",)
    assert f"为 {value} 时不属于任何档" in caught.value.diagnostics[0].message


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


@pytest.mark.parametrize(("sentence", "weight", "facts", "expected"), [
    # What a table requires, then what each lapse costs: the requirement is kept as text.
    ("田间道路平整畅通，每发现一处管理不到位扣1分", "10", {"管理不到位": 2}, "8"),
    ("①采购事项按规定编制采购预算；②采购方式符合规定；③采购合同按时备案。以上情况每出现一例不符合要求的扣2分，"
     "扣完为止。", "5", {"不符合要求": 2}, "1"),
    ("一季度末下达全部补助资金的40%；9月底前所有补助资金全部下达完。每出现一个项目未按进度下达资金扣0.5分，扣完为止。",
     "3", {"项目未按进度下达资金": 2}, "2"),
    # 每少一项 counts the indicator itself; the 的 that closes an occurrence is not its name.
    ("每少一项扣0.5分，扣完为止。", "2", {"被测指标": 1}, "1.5"),
    ("每发现一项质量未达到设计要求的，扣1分，最多扣6分。", "6", {"质量未达到设计要求": 4}, "2"),
    # A case, a full stop, its points.
    ("严格按项目批复内容建设的。15分", "15", {"严格按项目批复内容建设": "是"}, "15"),
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
    # A name then points and no comparison is not a band on a fact of that name.
    ("获县级以上先进集体和个人分别加2分、1分", "E0101"),
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
    # A count inside a case (有一处) is a deduction per lapse, never a level.
    ("沟渠、泵站有管护标志、责任人得8分；沟渠4分，泵站4分，有一处未设置标志扣1分。", "E0101"),
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
