"""Exact past the 28th digit, whatever decimal context the calling program has set.

Python's default context keeps 28 digits; each case below was once decided by it. The engine
now names its own context in every operation, and runs its entry points under it.
"""

from __future__ import annotations

import contextlib
import decimal
import gc
import json
import threading
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from test_properties import Example, Oracle, rulesets

import evalrules
from evalrules import numbers

BAND = """满分 10分
指标 a（10分）{ 达标率≥90%，计10分；低于90%不得分 }"""


@pytest.mark.parametrize("given_as", ["89.9999999999999999999999999999%",
                                      "89.99999999999999999999999999999999999999999999999%"])
def test_a_rate_just_below_a_band_edge_stays_below_it(given_as: object) -> None:
    result = evalrules.compile(BAND).evaluate({"达标率": given_as})
    assert result.total == 0


def test_weights_that_miss_one_hundred_percent_in_the_31st_digit_are_refused() -> None:
    rules = """满分 10分
指标 p（10分）{
  指标 a（10分，权重50.00000000000000000000000000001%）{ 得分=x×分值 }
  指标 b（10分，权重50%）{ 得分=x×分值 }
}"""
    with pytest.raises(evalrules.RuleCompileError) as error:
        evalrules.compile(rules)
    assert error.value.codes == ("E0202",)


def test_rounding_keeps_every_digit_of_a_large_weight() -> None:
    weight = "1" + "0" * 40
    rules = f"满分 {weight}分\n舍入：保留2位小数，四舍五入\n指标 a（{weight}分）{{ 得分=分值/3 }}"
    assert evalrules.compile(rules).evaluate({}).total == Decimal("3" * 40 + ".33")


def test_deductions_add_up_exactly() -> None:
    rules = "满分 10分\n指标 a（10分）{ 每出现1次错误扣0.1000000000000000000000000000001分，扣完为止 }"
    result = evalrules.compile(rules).evaluate({"错误": 3})
    assert result.total == Decimal("9.6999999999999999999999999999997")


def test_a_gap_between_two_long_band_edges_is_found_when_compiling() -> None:
    # The middle of the gap was once computed in 28 digits: it landed on an edge, the check
    # passed, and a value in the gap ended in StopIteration.
    rules = """满分 10分
指标 a（10分）{
  达标率≥90.00000000000000000000000000002%，计10分；
  90%（含）-90.00000000000000000000000000001%（含），计5分；低于90%不得分
}"""
    with pytest.raises(evalrules.RuleCompileError) as error:
        evalrules.compile(rules)
    assert error.value.codes == ("E0217",)
    assert "90.000000000000000000000000000015%" in str(error.value)


HOSTILE = [
    decimal.Context(prec=6),
    decimal.Context(prec=3, rounding=decimal.ROUND_FLOOR),
    decimal.Context(prec=28, traps=[decimal.Inexact, decimal.Rounded, decimal.FloatOperation]),
    decimal.Context(prec=1, Emax=3, Emin=-3, capitals=0, traps=list(decimal.Context().flags)),
]


def _score_in_threads(example: Example) -> list[object]:
    """The example scored in one thread per hostile context; what each got (or raised)."""
    results: list[object] = [None] * len(HOSTILE)

    def score(index: int) -> None:
        decimal.setcontext(HOSTILE[index].copy())
        before = decimal.getcontext()
        try:
            result = evalrules.compile(example.rules).evaluate(example.facts)
            results[index] = (result.total, result.to_json())
        except Exception as error:  # the test reports it
            results[index] = error
        assert decimal.getcontext() is before
        assert not any(before.flags.values()), "the caller's flags were touched"

    threads = [threading.Thread(target=score, args=(i,)) for i in range(len(HOSTILE))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@given(rulesets())
def test_the_callers_context_never_reaches_the_engine(example: Example) -> None:
    total, _, _ = Oracle().total(example)
    expected = evalrules.compile(example.rules).evaluate(example.facts).to_json()
    for got in _score_in_threads(example):
        assert isinstance(got, tuple), got
        assert numbers.to_fraction(got[0]) == total  # type: ignore[arg-type]
        assert got[1] == expected


def test_the_callers_context_is_left_as_it_was() -> None:
    rules = "满分 10分\n指标 a（10分）{ 每出现1次错误扣0.1234567分，扣完为止 }"
    with decimal.localcontext(decimal.Context(prec=5)) as mine:
        result = evalrules.compile(rules).evaluate({"错误": 3})
        assert decimal.getcontext() is mine
        assert mine.prec == 5
        assert not any(mine.flags.values())
    assert result.total == Decimal("9.6296299")


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize("rules", ["满分 10分\n指标 a（10分）{ 得分 = 分值 }",
                                   "满分 10分\n指标 a（10分）{ 得分 = }"])
def test_the_cycle_collector_is_left_as_it_was(enabled: bool, rules: str) -> None:
    # Compiling pauses it (docs/performance.md), and leaves it on or off as the caller had it,
    # also when the rules are refused.
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with contextlib.suppress(evalrules.EvalRulesError):
            evalrules.compile(rules)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_values_past_the_exact_range_are_refused_naming_the_indicator() -> None:
    # 21 metrics, each the square of the one before: 1.5^(2^21) has 369,000 digits.
    lines = ["  ma = x×x"] + [f"  m{chr(97 + i)} = m{chr(96 + i)}×m{chr(96 + i)}"
                               for i in range(1, 21)]
    rules = "满分 10分\n指标 a（10分）{\n" + "\n".join(lines) + \
        "\n  得分 = 如果 mu > 1 则 分值 否则 0分\n}"
    with pytest.raises(evalrules.EvaluationError) as error:
        evalrules.compile(rules).evaluate({"x": "1.5"})
    assert error.value.codes == ("E0402",)
    assert error.value.diagnostics[0].indicator == "a"


def test_the_exact_range_reaches_far_past_any_real_figure() -> None:
    big = Fraction(10**999 - 1, 7)
    assert numbers.normalize(big) == big
    with pytest.raises(numbers.TooLarge):
        numbers.normalize(Fraction(10**1001, 7))
    assert numbers.mul(Decimal("1e60"), Decimal("1e60")) == Decimal("1e120")


def test_the_largest_values_allowed_are_written_out_whole() -> None:
    # Once, a value of more than 4,300 digits ended --format json on Python's integer-string
    # limit; values now stop at 10^1000, and those below are written in full.
    rules = """满分 10分
指标 a（10分）{
  甲 = x×x
  乙 = 甲×甲
  丙 = 乙×乙
  丁 = 丙×丙/3
  得分 = 如果 丁 > 1 则 分值 否则 0分
}"""
    result = evalrules.compile(rules).evaluate({"x": Decimal("1e60")})
    written = json.loads(result.to_json())
    shown = {read["name"]: read["value"] for read in written["indicators"][0]["reads"]}
    assert shown["丙"] == "1" + "0" * 480
    assert shown["丁"] == "3" * 960 + ".333333…"
