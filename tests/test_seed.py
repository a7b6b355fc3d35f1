"""The Qixia 12345 hotline evaluation: the report's 附件2, figure by figure."""

from __future__ import annotations

import json
import pickle
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SEED, render_text

import evalrules
from evalrules import numbers, render

# 附件2 绩效评价得分表: each 三级 score as the report gives it.
REPORT_LEAVES = {
    "立项依据充分性与流程规范性": "4", "政府采购程序规范性": "4", "绩效目标合理性": "3.5",
    "绩效指标明确性": "2", "预算编制科学性": "4", "资金到位率": "0.8", "预算执行率": "6",
    "资金使用合规性": "4", "管理制度健全性": "4", "制度执行有效性": "2", "服务时间": "10",
    "工单及时转办率": "10", "工单按时回复率": "10", "公众知晓率": "8.85", "公众认可率": "9.16",
    "服务对象满意度": "10",
}
REPORT_TOP = {"决策": "17.5", "过程": "16.8", "产出": "30", "效益": "28.01"}


@pytest.fixture(scope="module")
def ruleset(seed_rules: Path) -> evalrules.Ruleset:
    return evalrules.load(seed_rules)


@pytest.fixture(scope="module")
def result(ruleset: evalrules.Ruleset) -> evalrules.Result:
    return ruleset.evaluate(SEED / "facts.yaml")


def test_structure_is_the_reports(ruleset: evalrules.Ruleset) -> None:
    plan = ruleset.plan
    assert len(plan.indicators) == 4
    assert sum(len(top.children) for top in plan.indicators) == 9
    assert len(plan.leaves()) == 16
    assert plan.full_score == 100
    assert [g.name for g in plan.grades] == ["优", "良", "中", "差"]


def test_every_leaf_score_is_the_reports(result: evalrules.Result) -> None:
    scores = {leaf.name: numbers.to_text(leaf.score) for leaf in result.leaves()}
    assert scores == REPORT_LEAVES


def test_top_scores_total_and_grade(result: evalrules.Result) -> None:
    assert {i.name: numbers.to_text(i.score) for i in result.indicators} == REPORT_TOP
    assert result.total == Decimal("92.31")
    assert result.grade == "优"


def test_losses_add_up_to_what_was_lost(result: evalrules.Result) -> None:
    losses = [(loss.name, numbers.to_text(loss.lost)) for loss in result.losses]
    assert losses == [("资金到位率", "3.2"), ("绩效指标明确性", "2"), ("公众知晓率", "1.15"),
                      ("公众认可率", "0.84"), ("绩效目标合理性", "0.5")]
    lost = sum((numbers.to_fraction(loss.lost) for loss in result.losses), start=0)
    assert lost == numbers.to_fraction(result.full_score - result.total) == Decimal("7.69")


def test_reported_rate_is_used_and_said_so(result: evalrules.Result) -> None:
    (read,) = [r for r in result.find("公众知晓率").reads if r.name == "公众知晓率"]
    assert (read.kind, read.shown.text) == ("reported", "85%")


def test_raw_survey_counts_give_86_5_percent(ruleset: evalrules.Ruleset) -> None:
    result = ruleset.evaluate(SEED / "survey-facts.yaml")
    leaf = result.find("公众知晓率")
    (rate,) = [r for r in leaf.reads if r.name == "公众知晓率"]
    assert (rate.kind, rate.shown.text) == ("metric", "86.5%")
    assert rate.working == ("(10×100%+8×80%+1×60%+1×30%+0×0%)/20×100%",
                            "(10+6.4+0.6+0.3+0)/20×100%", "17.3/20×100%")
    assert leaf.score == Decimal("9.01")
    assert result.find("公众认可率").score == Decimal("9.16")
    assert result.total == Decimal("92.47")


def test_json_result(result: evalrules.Result, data_regression: object) -> None:
    data = json.loads(result.to_json())
    assert data["total"] == "92.31"
    data_regression.check(data)  # type: ignore[attr-defined]


def test_rendered_explanation(result: evalrules.Result, file_regression: object) -> None:
    text = render_text(render.explanation(result))
    assert "92.31" in text
    file_regression.check(text, extension=".txt")  # type: ignore[attr-defined]


def test_same_input_same_json(ruleset: evalrules.Ruleset) -> None:
    first = ruleset.evaluate(SEED / "facts.yaml").to_json()
    assert ruleset.evaluate(SEED / "facts.yaml").to_json() == first


def test_plan_pickles(ruleset: evalrules.Ruleset) -> None:
    copy = pickle.loads(pickle.dumps(ruleset))
    assert copy.evaluate(SEED / "facts.yaml").to_json() == \
        ruleset.evaluate(SEED / "facts.yaml").to_json()
