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
