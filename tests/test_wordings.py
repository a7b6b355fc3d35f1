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
    "理事年龄符合章程规定的要求，超龄的不得分",
    "无信息化管理部门的不得分；设置不适应工作需要的扣1分",
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
     "最多扣2分。", "2", {"被测指标": 3}, "0.5"),
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
    # 一处杂物扣1分 deducts per 杂物: never read as a level scoring the weight less 1.
    ("岸边无杂物得12分，一处杂物扣1分，一处漂浮物扣1分。", "E0101"),
    # 分别 after cases that cannot be cut into items for sure: refused by name.
    ("获县级以上先进集体和个人分别加2分、1分", "E0227"),
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
    # Several lapses listed as cases would cost one deduction where the table means each.
    ("按时完成验收手续，资料齐全，上报及时得15分，未完成镇级验收扣5分，资料不全扣5分。", "E0225"),
    # A count inside a case (每一处, 有一处) is a deduction per lapse, never a level.
    ("沟渠工程竣工结算，工程量合理得10分，瞒报多报一经查实每一处扣2分。", "E0101"),
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
    # 缺一段 counts the segments missing: never one lapse costing 0.5 once.
    "未实现巡查全覆盖，缺一段扣0.5分；未及时更新，发现一条扣0.5分。",
    # 或未达标准 is not what 每缺1项 counts.
    "专项工作经费每缺1项或未达标准扣1分。",
])
def test_a_count_inside_a_lapse_is_refused(sentence: str) -> None:
    with pytest.raises(evalrules.RuleSyntaxError):
        rules(sentence, "2")


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
    assert caught.value.codes == ("E0227",)


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
    assert caught.value.codes == ("E0227",)
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


@pytest.mark.parametrize(("facts", "expected"), [
    ({"国家助学金人数": 800, "国家助学金人数年初目标值": 1000}, "8"),
    ({"国家助学金人数": 1200, "国家助学金人数年初目标值": 1000}, "10"),
])
def test_a_subject_before_its_formula(facts: dict[str, Any], expected: str) -> None:
    # 实际完成值 is the subject; 年初目标值 a fact of the subject's own.
    sentence = "国家助学金人数按实际完成值/年初目标值×分值计分，最高不超过分值"
    assert total(sentence, facts) == Decimal(expected)


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
    assert caught.value.codes == ("E0227",)
    assert "分别" in caught.value.diagnostics[0].message


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
    assert caught.value.codes == ("E0216",)
