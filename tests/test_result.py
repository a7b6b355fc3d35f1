"""Finding indicators in a result, and telling apart leaves whose names repeat."""

from __future__ import annotations

import pytest
from conftest import render_text

import evalrules
from evalrules import render

RULES = """满分 20分
指标 产出（10分）{ 指标 完成率（10分）{ 得分 = 产出完成率×分值 } }
指标 效益（10分）{ 指标 完成率（10分）{ 得分 = 效益完成率×分值 } }
"""
FACTS = {"产出完成率": "50%", "效益完成率": "80%"}


def test_a_path_finds_the_leaf_and_a_shared_name_alone_is_refused() -> None:
    result = evalrules.compile(RULES).evaluate(FACTS)
    assert str(result.find("产出/完成率").score) == "5.00"
    assert str(result.find("效益/完成率").score) == "8.00"
    assert result.find("效益").name == "效益"
    with pytest.raises(KeyError, match="产出/完成率、效益/完成率"):
        result.find("完成率")
    with pytest.raises(KeyError):
        result.find("不存在")


def test_the_loss_list_shows_the_path_of_a_name_two_leaves_share() -> None:
    result = evalrules.compile(RULES).evaluate(FACTS)
    text = render_text(render.loss_table(result), width=120)
    assert "产出/完成率" in text and "效益/完成率" in text


def test_every_missing_fact_is_told_in_one_run() -> None:
    """A leaf stops at its first missing fact; the others it reads whatever their values are
    told with it, and those of every other leaf, each once, at its place."""
    rules = evalrules.compile("""满分 30分
到位率 = 到位资金/预算资金
指标 a（10分）{ 得分 = 到位率×分值 }
指标 b（10分）{ 得分 = 如果 有采购 则 采购得分 否则 10分 }
指标 c（10分）{ 得分 = 完成数/计划数×分值 }
""")
    with pytest.raises(evalrules.FactError) as caught:
        rules.evaluate({"计划数": "4"})
    told = [(d.fact, d.indicator) for d in caught.value.diagnostics]
    # 采购得分 is read only when 有采购 holds: not asked for until 有采购 is known.
    assert told == [("到位资金", "a"), ("预算资金", "a"), ("有采购", "b"), ("完成数", "c")]
    assert {d.code for d in caught.value.diagnostics} == {"E0301"}


def test_a_reported_value_stands_for_the_facts_its_formula_reads() -> None:
    rules = evalrules.compile("""满分 20分
到位率 = 到位资金/预算资金
指标 a（10分）{ 得分 = 到位率×分值 }
指标 b（10分）{ 得分 = 完成数×1分 }
""")
    with pytest.raises(evalrules.FactError) as caught:
        rules.evaluate({"到位率": "80%"})
    assert [d.fact for d in caught.value.diagnostics] == ["完成数"]
