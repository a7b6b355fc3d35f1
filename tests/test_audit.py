"""The stated check (核对): reported beside the scores, never changing one."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SEED

import evalrules
from evalrules.cli import main

FUNDS = """满分 10分
核对 年度资金总额 = 本年财政拨款 + 上年结转资金 + 其他资金
指标 到位率（10分）{
  得分 = 到位/预算×10分
  核对 到位 <= 预算
}
"""
FUNDED = {"年度资金总额": "100", "本年财政拨款": "60", "上年结转资金": "30", "其他资金": "5",
          "到位": "3", "预算": "4"}


@pytest.fixture(scope="module")
def seed() -> evalrules.Ruleset:
    return evalrules.load(SEED / "qixia-12345.rules")


# ---- the stated check ---------------------------------------------------------------------------


@pytest.mark.parametrize("trace", [True, False])
def test_a_check_is_reported_with_both_sides_and_never_scores(trace: bool) -> None:
    rules = evalrules.compile(FUNDS, "funds.rules")
    result = rules.evaluate(FUNDED, trace=trace)
    assert result.total == Decimal("7.50")
    total, within = result.checks
    assert (total.held, total.left, total.right, total.difference) == (False, 100, 95, 5)
    assert total.indicator is None and total.span.line == 2
    assert total.rule == "核对 年度资金总额 = 本年财政拨款 + 上年结转资金 + 其他资金"
    assert (within.held, within.indicator) == (True, "到位率")
    assert result.to_dict()["checks"][0]["difference"] == "5"
    # The same facts with the total right: the score is the same.
    assert rules.evaluate({**FUNDED, "年度资金总额": "95"}, trace=trace).total == result.total


def test_a_check_must_say_yes_or_no() -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        evalrules.compile("满分 10分\n核对 甲 + 乙\n指标 丙（10分）{ 得分 = 10分 }")
    assert caught.value.codes == ("E0205",)


def test_a_result_without_checks_keeps_its_shape(seed: evalrules.Ruleset) -> None:
    assert "checks" not in seed.evaluate(SEED / "facts.yaml").to_dict()


def test_explain_says_a_failed_check_in_a_line(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "funds.rules"
    rules.write_text(FUNDS, encoding="utf-8")
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(FUNDED), encoding="utf-8")
    assert main(["explain", str(rules), "--facts", str(facts)]) == 0
    shown = capsys.readouterr().out
    assert "核对未通过（不影响得分）：核对 年度资金总额" in shown
    assert "代入为 100 = 60+30+5" in shown and "核对 到位" not in shown
