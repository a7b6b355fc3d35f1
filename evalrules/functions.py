"""The built-in functions a formula may call, with their Chinese and English names."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs

from . import numbers
from .numbers import Exact
from .plan import ValueType


@attrs.frozen
class Function:
    names: tuple[str, ...]
    description: str
    takes_list: bool  # one list argument (求和(得分列表)) rather than numbers (最小值(a, b))
    implementation: Callable[[Sequence[Exact]], Exact]
    min_args: int = 1
    max_args: int | None = 1

    @property
    def argument_type(self) -> ValueType:
        return ValueType.LIST if self.takes_list else ValueType.NUMBER


def _sum(values: Sequence[Exact]) -> Exact:
    total: Exact = numbers.ZERO
    for value in values:
        total = numbers.add(total, value)
    return total


def _mean(values: Sequence[Exact]) -> Exact:
    return numbers.div(_sum(values), Decimal(len(values)))


FUNCTIONS: tuple[Function, ...] = (
    Function(("最小值", "min"), "最小值", False,
             lambda v: functools.reduce(numbers.minimum, v), 2, None),
    Function(("最大值", "max"), "最大值", False,
             lambda v: functools.reduce(numbers.maximum, v), 2, None),
    Function(("绝对值", "abs"), "绝对值", False, lambda v: numbers.maximum(v[0], numbers.neg(v[0]))),
    Function(("求和", "合计", "sum"), "求和", True, _sum),
    Function(("平均值", "均值", "mean"), "平均值", True, _mean),
    Function(("计数", "个数", "count"), "计数", True, lambda v: Decimal(len(v))),
)

BY_NAME: dict[str, Function] = {name: f for f in FUNCTIONS for name in f.names}
