"""A short run of the fuzzer in every test run; the deep runs are in docs/robustness.md."""

from __future__ import annotations

import fuzz


def test_mutated_rule_files_and_facts_fail_only_as_evalrules_errors() -> None:
    outcomes, failures = fuzz.run(300, seed=20261128)
    assert failures == []
    assert outcomes["compiled"] > 0 and outcomes["scored"] > 0  # the run reached the evaluator
    # Mutated fact files reached the evaluator too.
    assert sum(n for outcome, n in outcomes.items() if outcome.startswith("fact file scored")) > 0
    rules = sum(n for outcome, n in outcomes.items() if outcome.startswith(("rule ", "fact error",
                                                                          "scored")))
    files = sum(n for outcome, n in outcomes.items() if outcome.startswith("fact file"))
    assert rules == files == 300


def test_the_same_seed_gives_the_same_inputs() -> None:
    first = [text for _, text, _ in fuzz.inputs(20, seed=5)]
    assert first == [text for _, text, _ in fuzz.inputs(20, seed=5)]
    assert first != [text for _, text, _ in fuzz.inputs(20, seed=6)]
