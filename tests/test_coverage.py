"""The sweep that checks bands and grades cover their range once, against probing every value.

The compiler sweeps ranges sorted by where they start (n log n). Here each answer is checked
against the slow way it replaced: probing every end, every midpoint and a value beyond each side.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from evalrules.compiler import _grid_run, _sweep
from evalrules.plan import Interval
from evalrules.source import Source, point

SPAN = point(Source("case.rules", "x"), 0)
ends = st.one_of(st.none(), st.integers(0, 6).map(Decimal))


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    low, high = draw(ends), draw(ends)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Interval(low, draw(st.booleans()), high, draw(st.booleans()))


def holders(items: list[tuple[str, Interval, object]], value: Decimal) -> list[str]:
    return [name for name, held, _ in items if held.contains(value)]


def probes(items: list[tuple[str, Interval, object]], domain: Interval) -> list[Decimal]:
    points = sorted({e for _, i, _ in items for e in (i.low, i.high) if e is not None}
                    | {e for e in (domain.low, domain.high) if e is not None})
    values = points + [(a + b) / 2 for a, b in itertools.pairwise(points)]
    if points:
        values += [points[0] - 1, points[-1] + 1]
    return [v for v in values or [Decimal(0)] if domain.contains(v)]


@given(st.lists(intervals(), min_size=1, max_size=6), ends, ends)
def test_the_sweep_finds_a_gap_or_overlap_exactly_when_probing_does(
        ranges: list[Interval], low: Decimal | None, high: Decimal | None) -> None:
    if low is not None and high is not None and low > high:
        low, high = high, low
    items = [(f"第{n}档", held, SPAN) for n, held in enumerate(ranges)]
    domain = Interval(low, True, high, True)
    wrong = [v for v in probes(items, domain) if len(holders(items, v)) != 1]
    found = _sweep(items, domain)
    assert (found is not None) == bool(wrong), (found, wrong)
    if found is not None:
        value, names, _ = found
        assert domain.contains(value)
        held = holders(items, value)
        assert len(held) != 1, (value, held)
        if len(names) > 1:
            assert set(names) <= set(held)


@given(st.lists(intervals(), min_size=1, max_size=6), st.integers(0, 6), st.sampled_from([0, 1]))
def test_the_grid_sweep_finds_a_total_in_no_grade_or_two_exactly_when_listing_does(
        grades: list[Interval], full: int, places: int) -> None:
    step = Decimal(1).scaleb(-places)
    last = full * 10**places
    items = [(f"第{n}等", held, SPAN) for n, held in enumerate(grades)]
    runs = [(name, _grid_run(held, step, last), span) for name, held, span in items]
    found = _sweep(runs, Interval(Decimal(0), True, Decimal(last + 1), False))
    wrong = [k for k in range(last + 1) if len(holders(items, step * k)) != 1]
    assert (found is not None) == bool(wrong), (found, wrong)
    if found is not None:
        assert int(found[0]) in wrong
