"""Fuzz the front end and the fact reader: mutated rule files and fact sets, seeded and repeatable.

    python tests/fuzz.py --inputs 100000 --seed 1

Every input must either compile (and then score, or fail on its facts) or fail with an
EvalRulesError whose places lie inside the file. Anything else is a failure: the script prints it
with the seed and input number that reproduce it, and exits 1. The test suite runs a few hundred
inputs (tests/test_fuzz.py); docs/robustness.md records the deep runs.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import evalrules  # noqa: E402
import evalrules.facts  # noqa: E402
from evalrules.keywords import spellings  # noqa: E402
from evalrules.plan import ValueType  # noqa: E402

CORPUS = sorted((ROOT / "tests" / "cases" / "good").glob("*.rules")) + sorted(
    (ROOT / "rulesets").glob("*/*.rules"))
FACT_FILES = sorted((ROOT / "rulesets").glob("*/*.yaml"))
YAML_PIECES = [*": -[]{},#&*!|>'\"\n\t%@`?", "&a", "*a", "!!python/object:os.system", "!!binary",
               "<<: *a", "\t\t", "- - -", "ー", "：", "1e99999", "0x1F", ".inf", ".nan", "~",
               "null", "2022-02-30", "\ufeff"]

# Pieces mutations insert: punctuation in both widths, keywords, odd Unicode, line endings.
PIECES = [*"（）(){}｛｝：:，,；;。、×*/÷+-=<>≥≤≠%％「」“”\"#\n 0123456789.分次项",
          *sorted(spellings()), "\ufeff", "\r\n", "\r", "\u3000", "\u200b", "𠀀", "ｅ", "é",
          "9" * 80, "1e999999999", "「" * 3, "（" * 50, "甲" * 2000]


def mutate(text: str, rng: random.Random) -> str:
    return mutate_with(text, rng, PIECES)


def mutate_with(text: str, rng: random.Random, pieces: list[str]) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 8)):
        if not chars:
            chars = list(rng.choice(pieces))
        kind = rng.random()
        at = rng.randrange(len(chars))
        if kind < 0.3:
            del chars[at:at + rng.randint(1, 12)]
        elif kind < 0.65:
            chars[at:at] = list(rng.choice(pieces))
        elif kind < 0.8:
            other = rng.randrange(len(chars))
            chars[at], chars[other] = chars[other], chars[at]
        elif kind < 0.9:
            start = rng.randrange(len(chars))
            chars[at:at] = chars[start:start + rng.randint(1, 40)]  # a duplicated stretch
        else:
            chars[at:at] = list(rng.choice(pieces) * rng.randint(1, 200))
    return "".join(chars)


FACT_VALUES: dict[ValueType, list[object]] = {
    ValueType.NUMBER: [0, 1, -1, "85%", "0.5", 100, "1e20", "-3%", 7, "七", None, [], True,
                       "9" * 70, Decimal("NaN"), "１２"],
    ValueType.BOOL: ["是", "否", True, False, "也许", 0, None],
    ValueType.TEXT: ["东部", "西部", 3, None],
    ValueType.LIST: [[], ["90%", "80%"], [1, 2, 3], "1,2", [None], [[1]]],
    ValueType.DATE: ["2022-03-01", "2022年3月1日", "2022-02-30", 20220301, "昨天"],
    ValueType.OCCURRENCES: [0, 1, 3, 10**40, ["甲", "乙"], -1, 1.5, "三次", [{"日期": "x"}]],
    ValueType.CHECK: ["是", "否", {"得分": "0.5", "依据": "x"}, {"得分": 99, "依据": "x"},
                      {"得分": 1}, "部分"],
    ValueType.LEVEL: ["充分", "一般", {"等级": "一般", "依据": "x"}, "不存在", {"等级": 1}],
    ValueType.DISCRETION: [0, "否", {"得分": 1, "依据": "x"}, {"扣分": 1, "依据": "x"},
                           {"扣分": 50, "依据": "y"}, {"扣分": 1}],
}


def facts_for(ruleset: evalrules.Ruleset, rng: random.Random) -> dict[str, object]:
    facts: dict[str, object] = {}
    for name, spec in ruleset.plan.facts.items():
        if rng.random() < 0.05:
            continue  # a missing fact
        facts[name] = rng.choice(FACT_VALUES[spec.type])
    if rng.random() < 0.2:
        facts[rng.choice(list(facts) or ["x"])] = {"值": rng.choice([1, "x"]), "来源": "y"}
    return facts


def check_places(error: evalrules.EvalRulesError, text: str) -> None:
    for diagnostic in error.diagnostics:
        span = diagnostic.span
        if span is not None and span.source.text == text:
            assert 0 <= span.start <= span.end <= len(text), diagnostic
            assert span.line >= 1 and span.column >= 1, diagnostic


def one(text: str, rng: random.Random, outcomes: Counter[str]) -> None:
    try:
        ruleset = evalrules.compile(text, "fuzz.rules")
    except evalrules.EvalRulesError as error:
        check_places(error, text)
        outcomes["rule error " + error.codes[0]] += 1
        return
    outcomes["compiled"] += 1
    try:
        result = ruleset.evaluate(facts_for(ruleset, rng))
    except evalrules.EvalRulesError as error:
        outcomes["fact error " + error.codes[0]] += 1
        return
    json.loads(result.to_json())
    outcomes["scored"] += 1


def inputs(count: int, seed: int) -> Iterator[tuple[int, str, random.Random]]:
    sources = [path.read_text(encoding="utf-8") for path in CORPUS]
    for number in range(count):
        rng = random.Random(f"{seed}:{number}")
        yield number, mutate(rng.choice(sources), rng), rng


def one_fact_file(text: str, rulesets: list[evalrules.Ruleset], rng: random.Random,
                  outcomes: Counter[str]) -> None:
    try:
        facts = evalrules.facts.parse_facts(text, "fuzz.yaml")
    except evalrules.EvalRulesError as error:
        outcomes["fact file error " + error.codes[0]] += 1
        return
    try:
        rng.choice(rulesets).evaluate(facts)
    except evalrules.EvalRulesError as error:
        outcomes["fact file scored with errors " + error.codes[0]] += 1
        return
    outcomes["fact file scored"] += 1


def run(count: int, seed: int) -> tuple[Counter[str], list[str]]:
    """``count`` mutated rule files, and as many mutated fact files."""
    outcomes: Counter[str] = Counter()
    failures = []
    for number, text, rng in inputs(count, seed):
        try:
            one(text, rng, outcomes)
        except Exception:  # anything but EvalRulesError is what this looks for
            failures.append(f"seed {seed} rule input {number}:\n{traceback.format_exc()}")
    fact_texts = [path.read_text(encoding="utf-8") for path in FACT_FILES]
    rulesets = [evalrules.load(path) for path in CORPUS if path.parent.parent.name == "rulesets"]
    for number in range(count):
        rng = random.Random(f"{seed}:facts:{number}")
        text = mutate_with(rng.choice(fact_texts), rng, YAML_PIECES)
        try:
            one_fact_file(text, rulesets, rng, outcomes)
        except Exception:
            failures.append(f"seed {seed} fact input {number}:\n{traceback.format_exc()}")
    return outcomes, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.monotonic()
    outcomes, failures = run(args.inputs, args.seed)
    print(f"{args.inputs} inputs, seed {args.seed}, {time.monotonic() - started:.0f} s")
    for outcome, count in sorted(outcomes.items()):
        print(f"  {outcome}: {count}")
    print(f"  failures: {len(failures)}")
    for failure in failures[:5]:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
