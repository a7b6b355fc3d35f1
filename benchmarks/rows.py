"""A fact table of generated projects for `evalrules batch`, one per row, as a person types it.

    python benchmarks/rows.py 100000 rows.csv     # the seed ruleset's facts, seeded 1

then, for the figures in docs/performance.md:

    /usr/bin/time -v evalrules batch rulesets/qixia-12345/qixia-12345.rules \\
        --facts rows.csv -o out.csv --jobs N --quiet
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable
from pathlib import Path

import facts


def cell_text(value: object) -> str:
    """A generated fact as a person would type it in a cell: a score with its 依据 as a record."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{name}: {item}" for name, item in value.items()) + "}"
    return str(value)


def write(path: Path, rows: Iterable[facts.Facts]) -> None:
    """The rows as a CSV with a 项目编号 column, written as they come."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        names: list[str] | None = None
        for index, row in enumerate(rows):
            if names is None:
                names = list(row)
                writer.writerow(["项目编号", *names])
            writer.writerow([f"P{index:06d}", *(cell_text(row[name]) for name in names)])


if __name__ == "__main__":
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    write(target, facts.fact_sets(facts.seed, count, 1))
