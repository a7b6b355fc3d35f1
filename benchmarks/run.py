"""Benchmarks of evalrules: exactness against an oracle first, then speed and memory as ratios.

    python benchmarks/run.py            # about 1½ minutes (with --sets 100000, the run recorded in
                                        # docs/performance.md, about five)
    python benchmarks/run.py --quick    # about 15 seconds
    python benchmarks/run.py --dry-run  # every part on tiny sizes, a few seconds (tests/test_bench.py)

Before anything is timed, every contestant scores the same generated fact sets and each result
is compared with the exact Fraction version (benchmarks/hand.py): the engine must be off on none
and the run stops if it is; the others' misses are counted and shown. Timings are one
interleaved run (contestants take turns, the median of the repeats is kept), so the ratios
between them hold on a loaded machine where absolute times do not.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import facts
import hand
import others
import yaml

import evalrules

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "rulesets" / "qixia-12345" / "qixia-12345.rules"
PEER = Path(__file__).resolve().parent / "peer.rules"

Scorer = Callable[[facts.Facts], tuple[Decimal, ...]]


class Settings(NamedTuple):
    check: int  # varied fact sets per ruleset checked against the oracle
    ties: int  # constructed ties per ruleset
    batch: int  # fact sets scored a turn
    repeats: int  # turns
    cold: int  # fresh processes per kind
    sizes: Sequence[int]  # leaves of the generated rulesets


FULL = Settings(check=3000, ties=1000, batch=200, repeats=9, cold=10, sizes=(200, 2000, 20000))
QUICK = Settings(check=500, ties=200, batch=100, repeats=5, cold=3, sizes=(200, 2000))
DRY = Settings(check=5, ties=5, batch=2, repeats=1, cold=1, sizes=(8, 16))


ENGINE, FAST = "evalrules", "evalrules, trace off"


def engine_scorer(path: Path, trace: bool) -> Scorer:
    """The leaf scores in table order, then the total, as benchmarks/hand.py gives them."""
    ruleset = evalrules.load(path)

    def score(given: facts.Facts) -> tuple[Decimal, ...]:
        result = ruleset.evaluate(given, trace=trace)
        return (*(leaf.score for leaf in result.leaves()), result.total)
    return score


def contestants(path: Path, decimal: Scorer, fraction: Scorer,
                extra: dict[str, Scorer | None]) -> tuple[dict[str, Scorer], list[str]]:
    """The contestants that can run, and a note for each that cannot."""
    found: dict[str, Scorer] = {ENGINE: engine_scorer(path, True), FAST: engine_scorer(path, False),
                                "hand Decimal": decimal, "hand Fraction": fraction}
    notes = []
    for name, scorer in extra.items():
        if scorer is None:
            notes.append(f"{name}: not installed (pip install -e '.[bench]'), skipped")
        else:
            found[name] = scorer
    return found, notes


def check(title: str, scorers: dict[str, Scorer], oracle: Scorer,
          kinds: dict[str, Iterable[facts.Facts]]) -> bool:
    """Counts, per contestant and kind of fact set, the results off the oracle (any leaf). The
    fact sets stream past once, so 100,000 of them take no more memory than ten."""
    missed = {name: dict.fromkeys(kinds, 0) for name, scorer in scorers.items() if scorer is not oracle}
    seen = dict.fromkeys(kinds, 0)
    for kind, sets in kinds.items():
        for given in sets:
            seen[kind] += 1
            exact = oracle(given)
            for name, counts in missed.items():
                counts[kind] += scorers[name](given) != exact
    print(f"\n### Exactness: {title}\n")
    print("| contestant | " + " | ".join(f"off the oracle, {kind} ({seen[kind]:,})" for kind in kinds) + " |")
    print("|---|" + "---:|" * len(kinds))
    for name in scorers:
        counts = missed.get(name)
        print(f"| {name} | " + " | ".join(f"{counts[kind]:,}" if counts else "(the oracle)"
                                         for kind in kinds) + " |")
    return not any(missed[ENGINE].values()) and not any(missed[FAST].values())


def interleaved(work: dict[str, Callable[[], object]], repeats: int,
                clock: Callable[[], float] = time.process_time) -> dict[str, float]:
    """The median time of each piece of work, the pieces taking turns repeat after repeat.

    In-process work is timed in this process's CPU time, which other processes on a shared
    machine do not add to; work in child processes needs the wall clock."""
    times: dict[str, list[float]] = {name: [] for name in work}
    for _ in range(repeats):
        for name, action in work.items():
            started = clock()
            action()
            times[name].append(clock() - started)
    return {name: statistics.median(spent) for name, spent in times.items()}


def speed(title: str, scorers: dict[str, Scorer], batch: list[facts.Facts], repeats: int) -> None:
    medians = interleaved({name: lambda s=scorer: [s(given) for given in batch]
                           for name, scorer in scorers.items()}, repeats)
    fast, full = medians[FAST], medians[ENGINE]
    print(f"\n### Speed: {title} ({len(batch)} fact sets a turn, median of {repeats} turns, "
          "CPU time)\n")
    print("| contestant | per fact set | fact sets/s | evalrules' speed as a multiple of it: "
          "trace off | full trace |")
    print("|---|---:|---:|---:|---:|")
    for name, spent in medians.items():
        each = spent / len(batch)
        print(f"| {name} | {each * 1e6:,.0f} µs | {1 / each:,.0f} | {spent / fast:.3f}× "
              f"| {spent / full:.3f}× |")


def cold_start(repeats: int) -> None:
    """A fresh interpreter importing evalrules and loading the seed, less a bare interpreter."""
    python = [sys.executable, "-c"]
    runs = {"bare interpreter": "pass", "import evalrules": "import evalrules",
            "import + load seed": f"import evalrules; evalrules.load({str(SEED)!r})",
            "import + load peer": f"import evalrules; evalrules.load({str(PEER)!r})"}
    medians = interleaved({name: lambda code=code: subprocess.run([*python, code], check=True)
                           for name, code in runs.items()}, repeats, time.perf_counter)
    bare = medians.pop("bare interpreter")
    print(f"\n### Cold start (fresh process, median of {repeats}, less a bare interpreter: "
          f"{bare * 1e3:.0f} ms)\n")
    print("| | time |\n|---|---:|")
    for name, spent in medians.items():
        print(f"| {name} | {(spent - bare) * 1e3:.0f} ms |")


def warm(repeats: int) -> None:
    evalrules.load(SEED)  # the parser is built once per process
    medians = interleaved({"seed": lambda: evalrules.load(SEED), "peer": lambda: evalrules.load(PEER)},
                          repeats * 5)
    print(f"\n### Warm parse + compile (in process, median of {repeats * 5})\n")
    print("| ruleset | time |\n|---|---:|")
    for name, spent in medians.items():
        print(f"| {name} | {spent * 1e3:.1f} ms |")


def generated(leaves: int, seed: int = 7) -> tuple[str, facts.Facts]:
    """A flat ruleset of ``leaves`` 2-point leaves cycling through four kinds, and its facts."""
    rng = random.Random(seed)
    lines = [f"满分 {2 * leaves}分", "舍入：保留2位小数，四舍五入"]
    given: facts.Facts = {}
    for i in range(leaves):
        kind = i % 4
        if kind == 0:
            body = f"得分 = 「实际{i}」/「计划{i}」×分值（超过2分按2分计）"
            given[f"实际{i}"], given[f"计划{i}"] = str(rng.randint(1, 120)), str(rng.randint(90, 110))
        elif kind == 1:
            body = f"「完成率{i}」≥95%，计2分；80%(含)-95%，计1分；低于80%不得分"
            given[f"完成率{i}"] = facts.percent(rng, 60, 100)
        elif kind == 2:
            body = f"每出现1次「问题{i}」，扣0.5分，扣完为止"
            given[f"问题{i}"] = facts.count(rng)
        else:
            body = f"评价要点 {{ 「要点{i}甲」（1分） 「要点{i}乙」（1分） }}"
            given[f"要点{i}甲"], given[f"要点{i}乙"] = facts.check(rng), facts.check(rng)
        lines.append(f"指标 「指标{i}」（2分）{{ {body} }}")
    return "\n".join(lines), given


def scaling(sizes: Sequence[int], repeats: int) -> None:
    """Compile once and evaluate a few times per size (the largest take seconds each)."""
    print(f"\n### Generated rulesets (flat, four kinds of leaf; one compile, median of {repeats} "
          "evaluations each way, CPU time)\n")
    print("| leaves | compile | per leaf | evaluate, trace off | per leaf | full trace | per leaf |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for leaves in sizes:
        text, given = generated(leaves)
        started = time.process_time()
        ruleset = evalrules.compile(text, f"generated-{leaves}.rules")
        compiled = time.process_time() - started
        for trace in (False, True):  # each way's program is built on its first use: not timed
            ruleset.evaluate(given, trace=trace)
        # As batch scoring does (evalrules.batch.settle): the plan lives as long as the process,
        # and rescanned at every full collection it would make time grow with the square of size.
        gc.collect()
        gc.freeze()
        evaluated = interleaved({trace: lambda r=ruleset, g=given, t=trace: r.evaluate(g, trace=t == "on")
                                 for trace in ("off", "on")}, repeats)
        gc.unfreeze()
        cells = " | ".join(f"{evaluated[t]:.3f} s | {evaluated[t] / leaves * 1e6:,.1f} µs"
                           for t in ("off", "on"))
        print(f"| {leaves:,} | {compiled:.3f} s | {compiled / leaves * 1e6:,.0f} µs | {cells} |")


def as_printed(leaves: int) -> str:
    """A flat ruleset of ``leaves`` leaves, each the criterion of a corpus entry read as printed
    (tests/corpus/, in turn), under a name of its own."""
    sentences = []
    for path in sorted((ROOT / "tests" / "corpus").glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if not isinstance(entry, dict):
                continue
            weight, text = str(entry["weight"]), entry["text"]
            twice = "\n".join(f"指标 「{name}」（{weight}分）{{ {text} }}" for name in "甲乙")
            try:
                evalrules.compile(f"满分 {Decimal(weight) * 2}分\n{twice}")
            except evalrules.EvalRulesError:
                continue  # refused, or it defines a metric (each file defines it once)
            sentences.append((Decimal(weight), text))
    chosen = [sentences[i % len(sentences)] for i in range(leaves)]
    lines = [f"满分 {sum(weight for weight, _ in chosen)}分"]
    lines += [f"指标 「指标{i}」（{weight}分）{{ {text} }}" for i, (weight, text) in enumerate(chosen)]
    return "\n".join(lines)


def wordings(sizes: Sequence[int], repeats: int) -> None:
    """Parse + compile of whole files written in the wordings of real tables (issue 8)."""
    print(f"\n### Whole files in the wordings of real tables (parse + compile, CPU time, median "
          f"of {repeats})\n")
    print("| indicators | parse + compile | per indicator |\n|---:|---:|---:|")
    for leaves in sizes:
        text = as_printed(leaves)
        spent = statistics.median(timed_once(lambda t=text: evalrules.compile(t))
                                  for _ in range(repeats))
        print(f"| {leaves:,} | {spent:.3f} s | {spent / leaves * 1e6:,.0f} µs |")


def timed_once(action: Callable[[], object]) -> float:
    started = time.process_time()
    action()
    return time.process_time() - started


def allocated(make: Callable[[], object]) -> int:
    """Bytes still held by what ``make`` returns (tracemalloc), caches warmed first."""
    make()
    gc.collect()
    tracemalloc.start()
    try:
        held = make()
        gc.collect()
        size = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del held
    return size


def compiled(text: str) -> evalrules.Ruleset:
    """A ruleset with its program built, as it is once it has scored a fact set."""
    ruleset = evalrules.compile(text, "benchmark.rules")
    assert ruleset.program(trace=True) is not None
    return ruleset


def memory(leaves: int) -> None:
    text, given = generated(leaves)
    rows = [("seed", evalrules.load(SEED), facts.seed(random.Random(1))),
            ("peer", evalrules.load(PEER), facts.peer(random.Random(1))),
            (f"generated, {leaves:,} leaves", evalrules.compile(text), given)]
    print("\n### Memory (tracemalloc: bytes held by the object)\n")
    print("| ruleset | compiled plan | result with trace | result, trace off |\n|---|---:|---:|---:|")
    for name, ruleset, fact_set in rows:
        plan = allocated(lambda r=ruleset: compiled(r.plan.source.text))
        result = allocated(lambda r=ruleset, f=fact_set: r.evaluate(f))
        fast = allocated(lambda r=ruleset, f=fact_set: r.evaluate(f, trace=False))
        print(f"| {name} | {plan / 1024:,.0f} KiB | {result / 1024:,.0f} KiB | {fast / 1024:,.0f} KiB |")


def profile(batch: list[facts.Facts]) -> None:
    """Where evalrules spends its time on the seed with the trace off: own time (cProfile)
    summed by module."""
    ruleset = evalrules.load(SEED)
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [ruleset.evaluate(given, trace=False) for given in batch])
    shares: Counter[str] = Counter()
    for (file, _, _), (_, _, own, _, _) in pstats.Stats(profiler).stats.items():
        shares["C functions" if file == "~" else Path(file).name] += own
    total = sum(shares.values())
    print(f"\n### Profile: seed, trace off, {len(batch)} fact sets, own time by module (cProfile)\n")
    print("| module | share |\n|---|---:|")
    for module, own in shares.most_common(8):
        print(f"| {module} | {own / total:.0%} |")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="fewer fact sets and repeats, up to 2,000 leaves")
    mode.add_argument("--dry-run", action="store_true", help="every part on tiny sizes: does it run?")
    parser.add_argument("--sets", type=int, metavar="N",
                        help="varied fact sets per ruleset checked (default 3,000; quick 500)")
    parser.add_argument("--profile", action="store_true", help="also profile evalrules on the seed")
    args = parser.parse_args(argv)
    settings = DRY if args.dry_run else QUICK if args.quick else FULL
    print(f"evalrules benchmarks, {'dry run' if args.dry_run else 'quick' if args.quick else 'full'}; "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; Python {sys.version.split()[0]}; "
          f"load average {os.getloadavg()[0]:.2f}")

    others_seed = {"rule-engine": others.rule_engine_seed(), "zen-engine": others.zen_seed()}
    rulesets = (("seed (qixia-12345, 16 leaves)", SEED, facts.seed, facts.seed_tie, hand.seed_decimal,
                 hand.seed_fraction, others_seed),
                ("peer (benchmarks/peer.rules, 16 leaves)", PEER, facts.peer, facts.peer_tie,
                 hand.peer_decimal, hand.peer_fraction, {}))
    timed = []
    for title, path, make, make_tie, decimal, fraction, extra in rulesets:
        scorers, notes = contestants(path, decimal, fraction, extra)
        sets = {"varied": facts.fact_sets(make, args.sets or settings.check, 1),
                "ties": facts.fact_sets(make_tie, settings.ties, 2)}
        if not check(title, scorers, fraction, sets):
            print("\nevalrules is off the exact oracle: nothing is timed.")
            return 1
        for note in notes:
            print(f"\n{note}")
        timed.append((title, scorers, list(facts.fact_sets(make, settings.batch, 3))))
    for title, scorers, batch in timed:
        speed(title, scorers, batch, settings.repeats)
    if args.profile:
        profile(timed[0][2])
    cold_start(settings.cold)
    warm(settings.repeats)
    scaling(settings.sizes, min(settings.repeats, 3))
    wordings(settings.sizes, min(settings.repeats, 3))
    memory(settings.sizes[-1] if len(settings.sizes) < 3 else settings.sizes[1])
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
