"""Exact numbers: Decimal where the value is a terminating decimal, Fraction where it is not.

Every operation is exact. Decimal arithmetic runs in a context that traps inexact results; a
division such as 31.84/192 that has no finite decimal form becomes a Fraction, and a result that
becomes a terminating decimal again turns back into a Decimal. Rounding happens only through
``round_to``, with the policy a ruleset declares, and is exact: 31.84/192×6 is 0.995 and rounds
half-up to 1.00 (a 28-digit Decimal quotient would give 0.99).

Every Decimal operation names its context (``EXACT``); none reads the thread's current context,
which belongs to the caller. ``exactly`` also runs the public entry points under ``EXACT``, so
that an operation that forgot to name it would raise rather than round.
"""

from __future__ import annotations

import decimal
import functools
from collections.abc import Callable, Iterable
from decimal import Decimal
from fractions import Fraction
from typing import ParamSpec, TypeAlias, TypeVar

import attrs

Exact: TypeAlias = Decimal | Fraction

# The largest value, and the finest fraction, an exact computation may reach: 10^1000. Facts and
# rule numbers have at most 60 digits, so only a runaway formula (a metric squared again and
# again) comes near it; beyond it, work on the integers would grow without end.
MAX_EXPONENT = 1000
_MAX_BITS = 3322 * MAX_EXPONENT // 1000  # 10^1000 < 2^3322

# The context for exact Decimal arithmetic: wide enough for any sum or product of the numbers a
# rule file or fact file may hold; anything it cannot hold exactly falls back to Fraction.
EXACT = decimal.Context(
    prec=400,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-MAX_EXPONENT,
    Emax=MAX_EXPONENT,
    capitals=1,
    clamp=0,
    traps=[decimal.Inexact, decimal.Rounded, decimal.InvalidOperation, decimal.DivisionByZero,
           decimal.Overflow, decimal.Underflow, decimal.Subnormal, decimal.Clamped],
)
_DECIMAL_FALLBACK = (decimal.Inexact, decimal.Rounded, decimal.Overflow, decimal.Underflow,
                     decimal.Subnormal, decimal.Clamped)


class TooLarge(ArithmeticError):
    """An exact value beyond 10^1000, or finer than 10^-1000: the evaluator names the indicator."""


_P = ParamSpec("_P")
_R = TypeVar("_R")


def exactly(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``function`` with ``EXACT`` as the thread's context, the caller's restored after.

    Whatever context the calling program has set (a low precision, traps) never reaches the
    engine, and the caller's context and its flags are left as they were."""

    @functools.wraps(function)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with decimal.localcontext(EXACT):
            return function(*args, **kwargs)

    return run


# The most digits a number in a rule file or a fact file may have. Real figures have a few dozen
# at most; the limit keeps every exact Decimal operation far inside the context's precision.
MAX_DIGITS = 60

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def too_long(value: Decimal) -> bool:
    """Whether a number given in a rule or fact file has more digits than evalrules accepts."""
    _sign, digits, exponent = value.as_tuple()
    return len(digits) > MAX_DIGITS or not isinstance(exponent, int) or \
        abs(exponent) > MAX_DIGITS


def _fraction(value: Exact) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(value)


def normalize(value: Fraction) -> Exact:
    """The Fraction as a Decimal when it is a terminating decimal, else as it is.

    Raises TooLarge past 10^1000 either way, so no computation works on integers of unbounded
    size."""
    if value.numerator.bit_length() > _MAX_BITS or value.denominator.bit_length() > _MAX_BITS:
        raise TooLarge(value)
    denominator = value.denominator
    twos = (denominator & -denominator).bit_length() - 1
    denominator >>= twos
    fives = 0
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return value
    places = max(twos, fives)
    scaled = value.numerator * (10**places // value.denominator)
    try:
        return Decimal(scaled).scaleb(-places, EXACT)
    except _DECIMAL_FALLBACK:
        return value


def add(left: Exact, right: Exact) -> Exact:
    if type(left) is Decimal and type(right) is Decimal:
        try:
            return _ADD(left, right)
        except _DECIMAL_FALLBACK:
            pass
    return normalize(_fraction(left) + _fraction(right))


def sub(left: Exact, right: Exact) -> Exact:
    if type(left) is Decimal and type(right) is Decimal:
        try:
            return _SUBTRACT(left, right)
        except _DECIMAL_FALLBACK:
            pass
    return normalize(_fraction(left) - _fraction(right))


def mul(left: Exact, right: Exact) -> Exact:
    if type(left) is Decimal and type(right) is Decimal:
        try:
            return _MULTIPLY(left, right)
        except _DECIMAL_FALLBACK:
            pass
    return normalize(_fraction(left) * _fraction(right))


def div(left: Exact, right: Exact) -> Exact:
    """``left / right``; the caller makes sure ``right`` is not zero."""
    if type(left) is Decimal and type(right) is Decimal:
        try:
            return _DIVIDE(left, right)
        except _DECIMAL_FALLBACK:
            pass
    return normalize(_fraction(left) / _fraction(right))


_ADD, _SUBTRACT, _MULTIPLY, _DIVIDE = EXACT.add, EXACT.subtract, EXACT.multiply, EXACT.divide


def neg(value: Exact) -> Exact:
    return -value if isinstance(value, Fraction) else EXACT.minus(value)


def total(values: Iterable[Exact]) -> Exact:
    """The exact sum (``sum()`` would add in the caller's context)."""
    result: Exact = ZERO
    for value in values:
        result = add(result, value)
    return result


def decimal_total(values: Iterable[Decimal]) -> Decimal:
    """The exact sum of numbers written in a rule or fact file, which is always a Decimal."""
    result = ZERO
    for value in values:
        result = EXACT.add(result, value)
    return result


def shift(value: Decimal, places: int) -> Decimal:
    """``value`` × 10^places, exactly, however many digits it has (``scaleb`` rounds to a
    context's precision: by default the caller's)."""
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # not a finite number: nothing to move
        return value
    return Decimal((sign, digits, exponent + places))


def percent_of(value: Decimal) -> Decimal:
    """A number written with % as the value it stands for: 85% is 0.85."""
    return shift(value, -2)


def compare(left: Exact, right: Exact) -> int:
    """-1, 0 or 1 as ``left`` is less than, equal to or greater than ``right``."""
    if type(left) is Decimal and type(right) is Decimal:
        return (left > right) - (left < right)
    # Cross-multiplied as integers: exact, and no Fraction is made.
    (a, b), (c, d) = left.as_integer_ratio(), right.as_integer_ratio()
    return (a * d > c * b) - (a * d < c * b)


def is_zero(value: Exact) -> bool:
    return value == 0


def minimum(left: Exact, right: Exact) -> Exact:
    return right if compare(right, left) < 0 else left


def maximum(left: Exact, right: Exact) -> Exact:
    return right if compare(right, left) > 0 else left


@attrs.frozen
class RoundingPolicy:
    """How a ruleset rounds: to ``places`` decimal places by ``mode`` (a decimal.ROUND_* name)."""

    places: int
    mode: str = decimal.ROUND_HALF_UP

    @property
    def label(self) -> str:
        return f"保留{self.places}位小数，{MODE_LABELS[self.mode]}"


MODE_LABELS = {
    decimal.ROUND_HALF_UP: "四舍五入",
    decimal.ROUND_HALF_EVEN: "四舍六入五成双",
    decimal.ROUND_DOWN: "截尾",
    decimal.ROUND_UP: "进一法",
}


def round_to(value: Exact, policy: RoundingPolicy) -> Decimal:
    """``value`` rounded exactly as the policy says (ties decided on the exact value)."""
    if isinstance(value, Decimal):
        quantum = Decimal((0, (1,), -policy.places))
        return value.quantize(quantum, rounding=policy.mode, context=EXACT_ROUNDING)
    sign = -1 if value < 0 else 1
    magnitude = abs(value) * 10**policy.places
    whole, remainder = divmod(magnitude.numerator, magnitude.denominator)
    twice = 2 * remainder
    denominator = magnitude.denominator
    if policy.mode == decimal.ROUND_HALF_UP:
        whole += twice >= denominator
    elif policy.mode == decimal.ROUND_HALF_EVEN:
        whole += twice > denominator or (twice == denominator and whole % 2 == 1)
    elif policy.mode == decimal.ROUND_UP:
        whole += remainder > 0
    return shift(Decimal(sign * whole), -policy.places)


# Quantize may round (that is its job) but must not lose digits silently otherwise.
# Every digit of a value within 10^±1000, and the places a rounding keeps, fit in its precision.
EXACT_ROUNDING = EXACT.copy()
EXACT_ROUNDING.prec = 2 * MAX_EXPONENT + 100
EXACT_ROUNDING.traps = {signal: signal in (decimal.InvalidOperation, decimal.Overflow)
                        for signal in EXACT.traps}


def to_decimal(value: Exact) -> Decimal | None:
    """The value as a Decimal, or None when it has no finite decimal form."""
    if isinstance(value, Decimal):
        return value
    exact = normalize(value)
    return exact if isinstance(exact, Decimal) else None


def plain(value: Decimal) -> str:
    """A Decimal without exponent and without trailing zeros after the point: 0.80 -> 0.8."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def show(value: Exact, places: int = 6) -> str:
    """A value for people: exact where it terminates, else ``places`` digits and an ellipsis."""
    exact = to_decimal(value)
    if exact is not None:
        return plain(exact)
    shown = round_to(value, RoundingPolicy(places, decimal.ROUND_DOWN))
    return format(shown, "f") + "…"


def show_percent(value: Exact, places: int = 4) -> str:
    return show(mul(value, HUNDRED), places) + "%"


def plain_percent(value: Decimal) -> str:
    """0.85 as 85%."""
    return plain(shift(value, 2)) + "%"


def to_text(value: Exact) -> str:
    """An exact text form for data (JSON): a decimal, or ``n/d`` when there is no finite one."""
    exact = to_decimal(value)
    if exact is not None:
        return plain(exact)
    assert isinstance(value, Fraction)
    return f"{value.numerator}/{value.denominator}"


def to_fraction(value: Exact) -> Fraction:
    return _fraction(value)
