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
