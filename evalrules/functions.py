"""The built-in functions a formula may call, with their Chinese and English names."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from . import numbers
from .numbers import Exact
from .plan import ValueType


@attrs.frozen
class Function:
    names: tuple[str, ...]
    description: str
    # What each argument is; a LIST function takes one list (求和(月度完成率)).
    argument_type: ValueType
    implementation: Callable[[Sequence[Any]], Exact]
    min_args: int = 1
    max_args: int | None = 1
    # The arguments after the first, where they are of another type (晚于当年月日天数(日期, 5, 31)).
    later_type: ValueType | None = None

    @property
    def key(self) -> str:
        """The name a plan calls it by (its English one)."""
        return self.names[-1]

    @property
    def takes_list(self) -> bool:
        return self.argument_type is ValueType.LIST


def _mean(values: Sequence[Exact]) -> Exact:
    return numbers.div(numbers.total(values), Decimal(len(values)))


def _months(dates: Sequence[datetime.date]) -> Decimal:
    """Months from the second date to the first; a month begun counts whole (不足一个月按一个月计)."""
    later, earlier = dates
    if later < earlier:
        return -_months((earlier, later))
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return Decimal(months + (later.day > earlier.day))


def _days_after_month_day(values: Sequence[Any]) -> Decimal:
    """Days from the month and day given (a day every year has: the compiler sees to it) in the
    date's own year to the date: 5月31日前 said of a date in 2008 is 2008-05-31."""
    date, month, day = values
    return Decimal((date - datetime.date(date.year, int(month), int(day))).days)


NUMBER, LIST, DATE = ValueType.NUMBER, ValueType.LIST, ValueType.DATE
# The function a deadline without a year is read by (5月31日前完成…): its month and day must be
# written as numbers, so that they are checked before any fact is read.
DAYS_AFTER_MONTH_DAY = "晚于当年月日天数"
DAYS_BETWEEN = "相差天数"

FUNCTIONS: tuple[Function, ...] = (
    Function(("最小值", "min"), "最小值", NUMBER,
             lambda v: functools.reduce(numbers.minimum, v), 2, None),
    Function(("最大值", "max"), "最大值", NUMBER,
             lambda v: functools.reduce(numbers.maximum, v), 2, None),
    Function(("绝对值", "abs"), "绝对值", NUMBER, lambda v: numbers.maximum(v[0], numbers.neg(v[0]))),
    Function(("求和", "合计", "sum"), "求和", LIST, numbers.total),
    Function(("平均值", "均值", "mean"), "平均值", LIST, _mean),
    Function(("计数", "个数", "count"), "计数", LIST, lambda v: Decimal(len(v))),
    Function((DAYS_BETWEEN, "days_between"), DAYS_BETWEEN, DATE,
             lambda v: Decimal((v[0] - v[1]).days), 2, 2),
    Function(("相差月数", "months_between"), "相差月数", DATE, _months, 2, 2),
    Function((DAYS_AFTER_MONTH_DAY, "days_after_month_day"), DAYS_AFTER_MONTH_DAY, DATE,
             _days_after_month_day, 3, 3, later_type=NUMBER),
)

BY_NAME: dict[str, Function] = {name: f for f in FUNCTIONS for name in f.names}
BY_KEY: dict[str, Function] = {f.key: f for f in FUNCTIONS}
