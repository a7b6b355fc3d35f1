"""Short runs of the fuzzer in every test run; the deep runs are in docs/robustness.md.

The runs here use the short sizes (fuzz.SHORT): no input is slow, so nothing is timed. The deep
runs use the large ones, with a time budget per input. Every run here checks the output for raw
control characters.
"""

from __future__ import annotations

import re

import fuzz
import pytest
from rich.text import Text

SEED = 20261128


def test_mutated_rule_files_and_facts_fail_only_as_evalrules_errors() -> None:
    rules = fuzz.run(300, SEED, "mutate", output_check=True)
    files = fuzz.run(300, SEED, "facts", output_check=True)
    assert rules.failures == files.failures == []
    assert rules.outcomes["scored"] > 0  # the run reached the evaluator
    assert files.outcomes["scored"] + sum(n for outcome, n in files.outcomes.items()
                                          if outcome.startswith("fact error")) > 0
    assert sum(rules.outcomes.values()) == sum(files.outcomes.values()) == 300
    assert len(rules.slowest) == 5


@pytest.mark.parametrize("generator", ["digits", "controls", "chains", "bands", "runs"])
def test_generated_inputs_give_what_they_were_made_to_give(generator: str) -> None:
    report = fuzz.run(60, SEED, generator, fuzz.SHORT, output_check=True)
    assert report.failures == []
    assert report.outcomes["scored"] > 0


def test_the_output_check_sees_a_raw_escape() -> None:
    with pytest.raises(fuzz.Failure, match="raw control characters in the rendered test"):
        fuzz.shown("test", Text("总分 \x1b[2J"), output_check=True)
    fuzz.shown("test", Text("总分 \\x1b[2J␛"), output_check=True)


def test_generated_valid_files_are_checked_against_what_they_must_give() -> None:
    """The generators that know the answer say it: most of their inputs carry a total or an
    expected outcome."""
    for generator in ("digits", "bands", "chains"):
        cases = [fuzz.GENERATORS[generator](fuzz.rng_for(generator, SEED, n), fuzz.SHORT)
                 for n in range(50)]
        assert sum(case.expect is not None for case in cases) >= 25, generator
    bands = [fuzz.bands(fuzz.rng_for("bands", SEED, n), fuzz.SHORT) for n in range(50)]
    assert sum(case.total is not None for case in bands) == 50
    assert sum(case.grade is not None for case in bands) >= 10


def test_deep_inputs_are_as_large_as_the_classes_they_look_for() -> None:
    """Made, not run (running them is what the deep runs do, with a time budget)."""
    def cases(generator: str) -> list[fuzz.Case]:
        return [fuzz.GENERATORS[generator](fuzz.rng_for(generator, SEED, n), fuzz.DEEP)
                for n in range(20)]

    chains = [case.rules.count(" = ") for case in cases("chains")]
    assert min(chains) >= 100 and max(chains) >= 300
    rows = [case.rules.count("；") + case.rules.count("分（含）") for case in cases("bands")]
    assert min(rows) >= 100 and max(rows) >= 1_000
    runs = [max(len(found.group()) for found in re.finditer(r"(.)\1*", case.rules, re.S))
            for case in cases("runs")]
    assert min(runs) >= 1_000
    numbers = [len(found.group().replace(".", "").lstrip("0"))
               for case in cases("digits") for found in re.finditer(r"\d[\d.]*", case.rules)]
    assert max(numbers) > 60 and sum(25 <= n <= 60 for n in numbers) >= 40


def test_an_input_over_the_budget_fails_and_the_run_goes_on(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(case: fuzz.Case, rng: object, output_check: bool) -> str:
        if case.rules.startswith("满分 10分\n指标 a"):
            raise fuzz.OverBudget  # what the timer raises once the budget has passed
        return "scored"

    monkeypatch.setattr(fuzz, "check", slow)
    report = fuzz.run(20, SEED, "chains", fuzz.SHORT, budget=5)
    assert set(report.kinds) == {"over the budget of 5 s in fuzz"}
    assert sum(report.outcomes.values()) == 20


def test_the_same_seed_gives_the_same_inputs() -> None:
    def made(generator: str, seed: int) -> list[fuzz.Case]:
        return [fuzz.GENERATORS[generator](fuzz.rng_for(generator, seed, n), fuzz.SHORT)
                for n in range(10)]

    for generator in fuzz.GENERATORS:
        assert made(generator, 5) == made(generator, 5), generator
        assert made(generator, 5) != made(generator, 6), generator
