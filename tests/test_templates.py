"""The indicator-system templates in rulesets/framework compile and score their test facts as
computed by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import ROOT

import evalrules
from evalrules import numbers

FRAMEWORK = ROOT / "rulesets" / "framework"

# project-facts-weak.yaml, by hand:
#   决策 16.4 = 立项依据 2.4 (one of five 0.6 items missing) + 立项程序 2.5 (0.5 of 1 awarded)
#        + 目标合理性 3 + 指标明确性 3 (0.5 of 1.5) + 预算编制 3 + 资金分配 2.5 (1 of 1.5)
#   过程 16.4 = 到位率 80%×3 = 2.4 + 执行率 70/80 = 87.5%, 7.5 points under 95% × 0.2 = 1.5 → 2.5
#        + 合规性 4.5 (1 of 1.5) + 制度健全 4 + 制度执行 3
#   产出 23.5 = 完成率 90%×10 = 9 + 达标率 40/45 = 88.9% → band 85%-95% = 6
#        + 滞后 2 个月 → 6 − 2 = 4 + 节约率 −3% → 3 points × 0.5 = 1.5 → 4.5
#   效益 20.5 = 社会效益 一般 5 + 可持续 较好 8 + 满意度 85%, 5 points under 90% × 0.5 → 7.5
WEAK = {"决策": "16.4", "过程": "16.4", "产出": "23.5", "效益": "20.5"}
WEAK_LEAVES = {"预算执行率": "2.5", "质量达标率": "6", "完成及时性": "4", "成本节约率": "4.5",
               "服务对象满意度": "7.5", "社会效益": "5"}


@pytest.fixture(scope="module")
def project() -> evalrules.Ruleset:
    return evalrules.load(FRAMEWORK / "project.rules")


def test_project_template_reads_like_the_framework(project: evalrules.Ruleset) -> None:
    plan = project.plan
    assert [i.name for i in plan.indicators] == ["决策", "过程", "产出", "效益"]
    leaves = {leaf.name for leaf in plan.leaves()}
    assert {"立项依据充分性", "立项程序规范性", "绩效目标合理性", "绩效指标明确性", "预算编制科学性",
            "资金分配合理性", "资金到位率", "预算执行率", "资金使用合规性", "管理制度健全性",
            "制度执行有效性", "实际完成率", "质量达标率", "完成及时性", "成本节约率",
            "服务对象满意度"} <= leaves
    assert all(leaf.criterion_text for leaf in plan.leaves())


def test_project_template_full_marks(project: evalrules.Ruleset) -> None:
    result = project.evaluate(FRAMEWORK / "project-facts.yaml")
    assert (result.total, result.grade) == (Decimal(100), "优")
    assert result.losses == ()


def test_project_template_weak_project(project: evalrules.Ruleset) -> None:
    result = project.evaluate(FRAMEWORK / "project-facts-weak.yaml")
    assert {i.name: numbers.to_text(i.score) for i in result.indicators} == WEAK
    for name, score in WEAK_LEAVES.items():
        assert numbers.to_text(result.find(name).score) == score, name
    assert (numbers.to_text(result.total), result.grade) == ("76.8", "中")


def test_project_template_veto_on_misuse(project: evalrules.Ruleset) -> None:
    facts = dict(evalrules.load_facts(FRAMEWORK / "project-facts.yaml"))
    values = {name: fact.raw for name, fact in facts.items()} | {"存在截留挤占挪用虚列支出": "是"}
    result = project.evaluate(values)
    assert result.find("资金使用合规性").score == 0
    assert result.total == Decimal(95)


# department-facts.yaml, by hand:
#   投入 17.3 = 4 + 3.5 + 在职人员 103% → 3 points × 0.4 → 2.8 + 三公 −2% → 4 + 重点支出 70% → 3
#   过程 25.3 = 预算执行 15.2 (3.8 + 调整率 8% → 2.1 + 支付 88% → 1.8 + 结余 5% → 3 + 公用 101% → 1.8
#        + 采购 90% → 2.7) + 预算管理 7 (2 + 2.5 + 2.5) + 资产管理 3.1 (1.6 + 利用率 85% → 1.5)
#   产出 27.92 = 96%×10 + 90%×8 + 94%×8 + 90%×4;  效果 16.5 = 较好 8 + 满意度 87% → 8.5
DEPARTMENT = {"投入": "17.3", "过程": "25.3", "产出": "27.92", "效果": "16.5"}


def test_department_template() -> None:
    ruleset = evalrules.load(FRAMEWORK / "department.rules")
    assert [i.name for i in ruleset.plan.indicators] == ["投入", "过程", "产出", "效果"]
    result = ruleset.evaluate(FRAMEWORK / "department-facts.yaml")
    assert {i.name: numbers.to_text(i.score) for i in result.indicators} == DEPARTMENT
    assert (numbers.to_text(result.total), result.grade) == ("87.02", "良")
