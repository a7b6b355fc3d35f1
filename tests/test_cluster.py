"""Scoring on Dask: two worker processes of a LocalCluster give exactly the serial results."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED

import evalrules
from evalrules import Facts, batch
from evalrules.cluster import score_bag
from evalrules.numbers import to_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import facts as generated

db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("dask.distributed")

ROWS = 20_000


def test_a_local_cluster_of_two_processes_scores_as_one_process_does() -> None:
    ruleset = evalrules.load(SEED / "qixia-12345.rules")
    rows = [{"项目编号": f"P{i:05d}", **given}
            for i, given in enumerate(generated.fact_sets(generated.seed, ROWS, 7))]
    rows[5]["预算资金"] = "0"  # a zero divisor: this row's record holds the problem instead
    del rows[9]["无人在岗"]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        # The workers score while this process scores the same rows itself.
        scoring = client.compute(score_bag(ruleset, db.from_sequence(rows, npartitions=16)))
        serial = [_serial(ruleset, given) for given in rows]
        records = scoring.result()
    assert len(records) == ROWS
    for given, record, expected in zip(rows, records, serial, strict=True):
        assert record["key"] == given["项目编号"] and record["row"] is None
        assert record == expected
    assert [record["errors"][0]["code"] for record in (records[5], records[9])] == ["E0401", "E0301"]


def _serial(ruleset: evalrules.Ruleset, given: dict[str, object]) -> dict[str, object]:
    """The record, by Ruleset.evaluate alone."""
    try:
        result = ruleset.evaluate(Facts.from_mapping(given, "<dask>"))
    except evalrules.EvalRulesError as error:
        return {"row": None, "key": given["项目编号"], "total": None, "grade": None, "indicators": {},
                "errors": [problem.to_dict() for problem in error.diagnostics]}
    return {"row": None, "key": given["项目编号"], "total": to_text(result.total), "grade": result.grade,
            "indicators": batch.scores(result), "errors": []}


def test_the_package_imports_without_dask() -> None:
    blocked = ("import sys; sys.modules['dask'] = None; import evalrules, evalrules.cluster, "
               "evalrules.batch, evalrules.cli; print('ok')")
    done = subprocess.run([sys.executable, "-c", blocked], capture_output=True, text=True, check=False)
    assert done.stdout == "ok\n", done.stderr
