"""Exact arithmetic: every result equals exact rational arithmetic, rounded only where declared."""

from __future__ import annotations

import decimal
import random
from decimal import Decimal
from fractions import Fraction

import pytest

import evalrules
from evalrules import numbers
from evalrules.numbers import RoundingPolicy

HALF_UP = RoundingPolicy(2, decimal.ROUND_HALF_UP)


def oracle_round(value: Fraction, places: int) -> Fraction:
    """Half-up rounding of an exact rational, written independently of the engine."""
    scaled = abs(value) * 10**places
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole if value >= 0 else -whole, 10**places)


def test_the_tie_a_28_digit_quotient_gets_wrong() -> None:
    naive = (Decimal("31.84") / Decimal(192) * 6).quantize(Decimal("0.01"), decimal.ROUND_HALF_UP)
    assert naive == Decimal("0.99")  # why plain Decimal division is not enough
    exact = numbers.mul(numbers.div(Decimal("31.84"), Decimal(192)), Decimal(6))
    assert exact == Decimal("0.995")
    assert numbers.round_to(exact, HALF_UP) == Decimal("1.00")


def test_the_tie_through_a_rule_file() -> None:
    ruleset = evalrules.compile(
        "满分 6分\n舍入：保留2位小数，四舍五入\n指标 a（6分）{ 得分 = 实际/计划×6分 }")
    assert ruleset.evaluate({"实际": "31.84", "计划": 192}).total == Decimal("1.00")


def test_non_terminating_values_stay_exact() -> None:
    third = numbers.div(Decimal(1), Decimal(3))
    assert isinstance(third, Fraction)
    assert numbers.mul(third, Decimal(3)) == Decimal(1)
    assert isinstance(numbers.mul(third, Decimal(3)), Decimal)
    assert numbers.to_text(third) == "1/3"
    assert numbers.show(third) == "0.333333…"


@pytest.mark.parametrize("mode", [decimal.ROUND_HALF_UP, decimal.ROUND_HALF_EVEN,
                                  decimal.ROUND_DOWN, decimal.ROUND_UP])
def test_rounding_a_fraction_agrees_with_decimal_quantize(mode: str) -> None:
    rng = random.Random(20261128)
    policy = RoundingPolicy(2, mode)
    for _ in range(2000):
        value = Fraction(rng.randint(-10**6, 10**6), rng.choice([8, 16, 40, 125, 1000, 80]))
        exact = Decimal(value.numerator) / Decimal(value.denominator)  # terminates: exact
        expected = exact.quantize(Decimal("0.01"), rounding=mode)
        assert numbers.round_to(value, policy) == expected


def test_random_formulas_agree_with_a_fraction_oracle() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        a = Decimal(rng.randint(0, 10**6)).scaleb(-2)
        b = Decimal(rng.randint(1, 10**5)).scaleb(-rng.randint(0, 3))
        weight = Decimal(rng.randint(1, 20))
        engine = numbers.round_to(numbers.mul(numbers.div(a, b), weight), HALF_UP)
        expected = oracle_round(Fraction(a) / Fraction(b) * Fraction(weight), 2)
        assert Fraction(engine) == expected, (a, b, weight)


def test_generated_exact_ties_round_up() -> None:
    rng = random.Random(11)
    for _ in range(500):
        # a/b×w = k + 0.005 exactly, with a/b not a terminating decimal.
        target = Fraction(rng.randint(0, 999) * 10 + 5, 1000)
        weight, divisor = 6, 3 * rng.randint(1, 300)
        a = target * divisor / weight
        if a.denominator not in (1, 2, 4, 5, 8, 10, 20, 25, 40, 50, 100, 125, 200, 250, 500,
                                 1000):
            continue
        dividend = Decimal(a.numerator) / Decimal(a.denominator)
        value = numbers.mul(numbers.div(dividend, Decimal(divisor)), Decimal(weight))
        assert value == Decimal(target.numerator) / Decimal(target.denominator)
        assert Fraction(numbers.round_to(value, HALF_UP)) == oracle_round(target, 2)
