"""The benchmarks (benchmarks/) stay runnable and their hand-written rules stay right.

Nothing here is timed: the hand-written versions must give the engine's scores, leaf by leaf, on
generated fact sets and constructed half-up ties (the Decimal version only where its 28 digits
do not decide a tie), and the whole harness must run through on tiny sizes.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

import evalrules

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import facts  # noqa: E402
import hand  # noqa: E402
import others  # noqa: E402
import run  # noqa: E402

Scorer = Callable[[facts.Facts], tuple[Decimal, ...]]
RULESETS = {
    "seed": (run.SEED, facts.seed, facts.seed_tie, hand.seed_decimal, hand.seed_fraction),
    "peer": (run.PEER, facts.peer, facts.peer_tie, hand.peer_decimal, hand.peer_fraction),
}


@pytest.mark.parametrize("trace", [True, False], ids=["trace", "trace-off"])
@pytest.mark.parametrize("name", RULESETS)
def test_hand_written_rules_give_the_engines_scores(name: str, trace: bool) -> None:
    path, make, make_tie, decimal, fraction = RULESETS[name]
    engine = run.engine_scorer(path, trace)
    decimal_missed = 0
    for given in [*facts.fact_sets(make, 40, 11), *facts.fact_sets(make_tie, 40, 12)]:
        exact = engine(given)
        assert fraction(given) == exact, given
        decimal_missed += decimal(given) != exact
    assert decimal_missed < 40  # the ties it misses, not a misreading of the rules


def test_a_constructed_tie_is_one_the_decimal_version_misses() -> None:
    given = facts.seed(random.Random(0))
    given["实际到位资金"], given["实际支出资金"] = "192", "31.84"  # 31.84/192×6 = 0.995 exactly
    assert hand.seed_fraction(given)[6] == Decimal("1.00")
    assert hand.seed_decimal(given)[6] == Decimal("0.99")
    assert run.engine_scorer(run.SEED, True)(given)[6] == Decimal("1.00")
    assert run.engine_scorer(run.SEED, False)(given)[6] == Decimal("1.00")


@pytest.mark.parametrize("scorer", [others.rule_engine_seed, others.zen_seed])
def test_other_engines_read_the_seed_as_written(scorer: Callable[[], Scorer | None]) -> None:
    score = scorer()
    if score is None:
        pytest.skip("an optional benchmark dependency (the bench extra) is not installed")
    for given in facts.fact_sets(facts.seed, 20, 13):
        assert score(given) == hand.seed_fraction(given)


def test_the_seed_scores_as_the_report_says() -> None:
    given = {name: fact.raw for name, fact in evalrules.load_facts(
        run.SEED.parent / "facts.yaml").items()}
    plain = {name: value["值"] if isinstance(value, dict) and "值" in value else value
             for name, value in given.items()}
    assert hand.seed_fraction(plain)[-1] == hand.seed_decimal(plain)[-1] == Decimal("92.31")


def test_the_harness_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert run.main(["--dry-run", "--profile"]) == 0
    shown = capsys.readouterr().out
    assert "| evalrules | 0 | 0 |" in shown
    assert "### Memory" in shown
    assert "### Profile" in shown
