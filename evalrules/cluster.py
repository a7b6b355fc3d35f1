"""Scoring on a Dask cluster, where one machine is not enough.

Dask is an optional extra (``pip install 'evalrules[dask]'``), imported only when a function
here is called, so that evalrules imports without it. Each item of a bag is one project: a
mapping of fact name to value, as a row of a fact table gives it (text, or plain values as
``Facts.from_mapping`` takes them; a text beginning with ``[`` or ``{`` is read as in
``evalrules batch``). Each becomes the record ``evalrules batch`` writes to JSON Lines: key,
total, grade, every indicator's score as exact text, or every problem of the row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .batch import outcome, row_of
from .ruleset import Ruleset

if TYPE_CHECKING:
    from dask.bag import Bag


def score_bag(ruleset: Ruleset, bag: Bag, key: str | None = None) -> Bag:
    """A bag of records, one for each project in ``bag``, scored partition by partition.

    The ruleset is one object in the task graph, not an argument copied into every task: each
    worker receives it once, as it pickles (its plan), and keeps it for every partition it
    scores. ``key`` names the key column (default: the first of 项目名称, 项目编号, key, id)."""
    from dask.delayed import delayed

    shipped = delayed(ruleset, pure=True)
    scored: Bag = bag.map_partitions(_score_partition, shipped, key)  # type: ignore[no-untyped-call]
    return scored


def _score_partition(items: Iterable[Mapping[str, object]], ruleset: Ruleset,
                     key: str | None) -> list[dict[str, object]]:
    return [outcome(ruleset, row_of(None, item, "<dask>", key)).record() for item in items]
