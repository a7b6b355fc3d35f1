"""The sentences real score tables are written in parse as they stand."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

import evalrules
from evalrules import ast
from evalrules.keywords import KEYWORDS, context_terminals, grammar_terminals
from evalrules.parser import grammar_text, parse
from evalrules.source import Source

# Each criterion sentence of the Qixia report, exactly as written, inside a minimal leaf.
SENTENCES = [
    "得分=(实际到位资金/预算资金)×100%×4分",
    "每出现1次无人在岗扣1分，扣完为止",
    "每出现1次无人在岗，扣1分，扣完为止",
    "得分=公众知晓率/96%×10分（超过10分按10分计）",
    "公众知晓率=(非常了解的人数×100%+比较了解的人数×80%+一般的人数×60%"
    "+不大了解的人数×30%+非常不了解的人数×0%)/问卷调查总人数×100%",
    "满意度=热线服务满意率得分均值/30×100%",
    "得分 = 如果 预算执行率 <= 100% 则 预算执行率×6分 否则 (100% - (预算执行率 - 100%))×6分",
    "评价要点 { 设有绩效目标（1分）“项目是否设有绩效目标” 目标充分（3分）“覆盖主要职责” }",
    "得分=公众知晓率/96%*10分(超过10分按10分计)",
    "得分＝（实际到位资金／预算资金）＊100％＊4分",
]


def leaf(sentence: str) -> str:
    return f"指标 某指标（4分）{{\n  {sentence}\n}}\n"


@pytest.mark.parametrize("sentence", SENTENCES)
def test_report_sentences_parse(sentence: str) -> None:
    tree = parse(Source("case.rules", leaf(sentence)))
    (indicator,) = tree.indicators
    assert indicator.body, "the sentence produced no rule"
    assert indicator.body[-1].span.text.replace(" ", "") in sentence.replace(" ", "")


def test_deduction_reads_name_touching_the_verb() -> None:
    tree = parse(Source("case.rules", leaf("每出现1次无人在岗扣1分，扣完为止")))
    (deduction,) = tree.indicators[0].body
    assert isinstance(deduction, ast.Deduction)
    assert (deduction.fact, deduction.points, deduction.until_zero) == ("无人在岗", 1, True)


def test_keyword_inside_a_name_stays_a_name() -> None:
    tree = parse(Source("case.rules", leaf("满意度=热线服务满意率得分均值/30×100%")))
    (metric,) = tree.indicators[0].body
    assert isinstance(metric, ast.Metric)
    assert isinstance(metric.expr, ast.Binary)
    names = {"热线服务满意率得分均值"}
    assert isinstance(metric.expr.left, ast.Binary)
    assert isinstance(metric.expr.left.left, ast.Reference)
    assert {metric.expr.left.left.name} == names


def test_cap_clause_and_percent_values() -> None:
    tree = parse(Source("case.rules", leaf("得分=公众知晓率/96%×10分（超过10分按10分计）")))
    (rule,) = tree.indicators[0].body
    assert isinstance(rule, ast.ScoreRule)
    (limit,) = rule.limits
    assert (limit.kind, limit.threshold, limit.value) == ("over", 10, 10)
    divide = rule.expr
    assert isinstance(divide, ast.Binary) and isinstance(divide.left, ast.Binary)
    percent = divide.left.right
    assert isinstance(percent, ast.Literal) and percent.value == Decimal("0.96")


def test_spans_point_into_the_source() -> None:
    text = leaf("得分=(实际到位资金/预算资金)×100%×4分")
    tree = parse(Source("case.rules", text))
    indicator = tree.indicators[0]
    assert (indicator.span.line, indicator.span.column) == (1, 1)
    rule = indicator.body[0]
    assert (rule.span.line, rule.span.column) == (2, 3)
    assert indicator.name_span.text == "某指标"


def test_text_may_quote_in_turn() -> None:
    tree = parse(Source("case.rules", leaf("评价标准：“是否符合部门“三定”方案确定的职责”\n  得分 = 4分")))
    field = tree.indicators[0].body[0]
    assert isinstance(field, ast.Field)
    assert field.text == "是否符合部门“三定”方案确定的职责"


def test_comments_are_kept() -> None:
    tree = parse(Source("case.rules", "# 表头说明\n满分 4分\n" + leaf("得分 = 4分  # 满分")))
    assert [c.text for c in tree.comments] == ["表头说明", "满分"]
    assert tree.comments[1].span.line == 4


def test_every_keyword_is_used_by_the_grammar() -> None:
    grammar = grammar_text()
    made = grammar_terminals()
    for terminal in [keyword.terminal for keyword in KEYWORDS] + context_terminals():
        assert re.search(rf"\b{terminal}\b", grammar), f"{terminal} is made but unused"
        assert re.search(rf"^{terminal}(\.\d)?:", made, re.MULTILINE), f"{terminal} is not made"


def test_full_width_and_half_width_punctuation_score_alike() -> None:
    facts = {"实际到位资金": "7.1", "预算资金": "35.5"}
    half = evalrules.compile(leaf("得分=(实际到位资金/预算资金)*100%*4分"))
    full = evalrules.compile(leaf("得分＝（实际到位资金／预算资金）×100％×4分"))
    assert half.evaluate(facts).total == full.evaluate(facts).total == Decimal("0.8")
