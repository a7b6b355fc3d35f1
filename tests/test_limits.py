"""Limits and safety: each is refused with its code, and refused after bounded work.

"Fast" is shown without a clock, which on a shared machine proves nothing either way. What is
counted is the work done before the error: the function calls the interpreter reports (Python
and C alike), the same count on every machine, and the peak memory allocated. For each limit the
work is compared between an input just beyond it and one far beyond it: it is the same where
the limit is checked before the input is read on, and it grows no faster than the input where the
whole input has to be read first (a file's nesting is known only once it is parsed, and a file
is at most MAX_SOURCE_CHARS long).
"""

from __future__ import annotations

import builtins
import gc
import io
import os
import pathlib
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import evalrules
from evalrules import facts, parser
from evalrules.facts import load_facts, parse_facts

# Memory that may differ between two refusals: the far input's own text or list, held once.
MEMORY_SLACK = 16_000_000


@attrs.frozen
class Work:
    codes: tuple[str, ...]
    calls: int
    peak: int  # bytes


def counted(action: Callable[[], object]) -> Work:
    """Runs an action; the function calls and peak memory it took, and the codes of the
    EvalRulesError it ended in (none if it did not)."""
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    codes: tuple[str, ...] = ()
    gc.disable()  # the collector's callbacks (other libraries register some) are not the work
    tracemalloc.start()
    sys.setprofile(count)
    try:
        action()
    except evalrules.EvalRulesError as error:
        codes = error.codes
    finally:
        sys.setprofile(None)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        gc.enable()
    return Work(codes, calls, peak)


def work(action: Callable[[], object]) -> Work:
    """Runs an action that must fail with an EvalRulesError; what it did before failing."""
    done = counted(action)
    assert done.codes, "no EvalRulesError was raised"
    return done


def same_work(near: Callable[[], object], far: Callable[[], object], code: str) -> None:
    """``far`` is refused with ``code`` after no more work than ``near``."""
    work(near)  # warms caches (the parser, compiled patterns) before counting
    small, large = work(near), work(far)
    assert small.codes == large.codes == (code,)
    assert large.calls <= small.calls * 1.05 + 50, (small, large)
    assert large.peak <= small.peak * 1.1 + MEMORY_SLACK, (small, large)


def linear_work(make: Callable[[int], Callable[[], object]], size: int, code: str) -> None:
    """An input four times as large is refused with ``code`` after at most four times the work."""
    work(make(size))
    small, large = work(make(size)), work(make(size * 4))
    assert small.codes == large.codes == (code,)
    assert large.calls <= small.calls * 4 * 1.1, (small, large)
    assert large.peak <= small.peak * 4 * 1.1 + MEMORY_SLACK, (small, large)


def compiling(text: str) -> Callable[[], object]:
    return lambda: evalrules.compile(text, "case.rules")


def scoring(value: object, formula: str = "最小值(求和(x), 1)") -> Callable[[], object]:
    ruleset = evalrules.compile(f"指标 a（1分）{{ 得分 = {formula}×1分 }}")
    return lambda: ruleset.evaluate({"x": value})


# ---- rule files ------------------------------------------------------------------------------


def test_file_size_is_checked_before_the_file_is_read_on(tmp_path: Path) -> None:
    limit = parser.MAX_SOURCE_CHARS
    near, far = tmp_path / "near.rules", tmp_path / "far.rules"
    near.write_text("#" * (limit + 1), encoding="utf-8")
    far.write_text("#" * (limit * 20), encoding="utf-8")
    same_work(lambda: evalrules.load(near), lambda: evalrules.load(far), "E0105")


def test_nesting_depth_costs_no_more_than_reading_the_file() -> None:
    def formula(depth: int) -> Callable[[], object]:
        return compiling("指标 a（1分）{ 得分 = " + "(-" * depth + "1" + ")" * depth + "×1分 }")

    def chain(terms: int) -> Callable[[], object]:
        return compiling("指标 a（1分）{ 得分 = " + "+".join(["1"] * terms) + " }")

    def indicators(depth: int) -> Callable[[], object]:
        return compiling("指标 a（1分）{ " * depth + "得分 = 1分" + " }" * depth)

    for make in (formula, chain, indicators):
        linear_work(make, parser.MAX_DEPTH + 1, "E0104")


def test_number_of_indicators_is_counted_while_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    leaf = "指标 「甲{}」（1分）{{ 得分 = 1分 }}\n"

    def file_of(count: int) -> Callable[[], object]:
        return compiling("".join(leaf.format(n) for n in range(count)))

    with pytest.raises(evalrules.EvalRulesError) as error:
        file_of(parser.MAX_INDICATORS + 1)()
    assert error.value.codes == ("E0221",)
    assert error.value.diagnostics[0].span.line == parser.MAX_INDICATORS + 1
    # The reading stops at the first indicator too many (counted at a lower limit, for speed).
    monkeypatch.setattr(parser, "MAX_INDICATORS", 200)
    same_work(file_of(parser.MAX_INDICATORS + 1), file_of(parser.MAX_INDICATORS * 10), "E0221")


@pytest.mark.parametrize("far", ["9" * 100_000, "0." + "0" * 100_000 + "1"])
def test_long_numbers_in_rules_are_refused(far: str) -> None:
    near = "9" * 61
    rule = "指标 a（1分）{{ 得分 = {}×1分 }}"
    same_work(compiling(rule.format(near)), compiling(rule.format(far)), "E0106")


# ---- facts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("near", "far"), [
    ("9" * 61, "9" * 100_000),
    ("0." + "0" * 61 + "1", "0." + "0" * 100_000 + "1"),
    (Decimal("1e61"), Decimal("1e999999999")),
    (Decimal("1e-61"), Decimal("1e-999999999")),
    (10 ** 61, 10 ** 4_000),
], ids=["digits", "places", "exponent", "negative-exponent", "int"])
def test_long_numbers_in_facts_are_refused(near: object, far: object) -> None:
    same_work(scoring(near, "最小值(x, 1)"), scoring(far, "最小值(x, 1)"), "E0305")


def test_long_lists_are_refused_before_they_are_read() -> None:
    same_work(scoring(["1"] * (facts.MAX_LIST + 1)), scoring(["1"] * facts.MAX_LIST * 10),
              "E0307")


def test_facts_given_through_the_api_are_walked_within_bounds(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def nested(depth: int) -> list[object]:
        value: list[object] = []
        for _ in range(depth):
            value = [value]
        return value

    looped: list[object] = []
    looped.append(looped)
    same_work(scoring(nested(facts.MAX_DEPTH + 1)), scoring(nested(100_000)), "E0302")
    same_work(scoring(nested(facts.MAX_DEPTH + 1)), scoring(looped), "E0302")
    wide = [["1"] * 1_000] * 1_000  # a million items, each list within MAX_LIST
    with pytest.raises(evalrules.FactError, match="内容过多") as caught:
        scoring([*wide, ["1"]])()
    assert caught.value.codes == ("E0307",)
    # The walk stops at the limit (counted at a lower limit, for speed).
    monkeypatch.setattr(facts, "MAX_NODES", 10_000)
    wide = [["1"] * 100] * 100
    same_work(scoring([*wide, ["1"]]), scoring(wide * 100), "E0307")


def test_fact_file_size_is_checked_before_the_file_is_read_on(tmp_path: Path) -> None:
    near, far = tmp_path / "near.yaml", tmp_path / "far.yaml"
    near.write_text("#" * (facts.MAX_FILE_CHARS + 1), encoding="utf-8")
    far.write_text("#" * (facts.MAX_FILE_CHARS * 5), encoding="utf-8")
    same_work(lambda: load_facts(near), lambda: load_facts(far), "E0309")


def alias_bomb(levels: int) -> str:
    """Lists of ten items, each an alias of the list a level below: 10^(levels + 1) expanded."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 10)}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_after_a_bounded_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(evalrules.FactError, match="内容过多") as caught:
        parse_facts(alias_bomb(8))  # 10^9 nodes once expanded, still within the depth limit
    assert caught.value.codes == ("E0304",)
    # The walk stops at the limit, however far the aliases would expand (counted at a lower
    # limit, for speed: 10^5 nodes just beyond it, 10^9 far beyond).
    monkeypatch.setattr(facts, "MAX_NODES", 10_000)
    same_work(lambda: parse_facts(alias_bomb(4)), lambda: parse_facts(alias_bomb(8)), "E0304")


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_deeply_nested_fact_files_are_refused(opening: str) -> None:
    def nested(depth: int) -> Callable[[], object]:
        closing = "]" if opening == "[" else "}"
        return lambda: parse_facts("x: " + opening * depth + "1" + closing * depth)

    linear_work(nested, facts.MAX_DEPTH + 1, "E0304")  # the file is read, then walked
    # Deeper still, the YAML reader itself stops (at 1,000 levels) before reading on.
    same_work(nested(2_000), nested(100_000), "E0304")


def test_deeply_nested_json_is_refused() -> None:
    def nested(depth: int) -> Callable[[], object]:
        return lambda: parse_facts('{"x": ' + "[" * depth + "]" * depth + "}", as_json=True)

    linear_work(nested, facts.MAX_DEPTH + 1, "E0302")  # the file is read, then walked
    same_work(nested(10_000), nested(100_000), "E0304")  # JSON's reader stops by itself


# ---- safety ----------------------------------------------------------------------------------


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['touch owned']",
                                 "!!python/name:os.system", "!!python/module:os",
                                 "!!binary aGVsbG8=", "!!set {a: 1}", "!custom {a: 1}"])
def test_tags_are_refused_and_never_constructed(tag: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError(f"something was run: {args}")

    monkeypatch.setattr(os, "system", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    with pytest.raises(evalrules.FactError) as caught:
        parse_facts(f"a: 1\nb: {tag}\n")
    assert caught.value.codes == ("E0304",)
    assert "不支持的标记" in caught.value.diagnostics[0].message
    # Refused once the file is read, before anything is built from it: no more work than reading.
    linear_work(lambda size: lambda: parse_facts(f"b: {tag}\nc: [{', '.join(['1'] * size)}]\n"),
                1_000, "E0304")


def test_a_rule_file_never_reads_another_file(monkeypatch: pytest.MonkeyPatch) -> None:
    evalrules.compile("指标 a（1分）{ 得分 = 1分 }")  # the parser itself is built and cached

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError(f"a file was opened: {args}")

    for owner, name in ((builtins, "open"), (io, "open"), (pathlib.Path, "open"),
                        (pathlib.Path, "read_text"), (pathlib.Path, "read_bytes")):
        monkeypatch.setattr(owner, name, refuse)
    hostile = ('%import common.WORD\n%include "/etc/passwd"\n'
               '指标体系「../../etc/passwd」\n指标 a（1分）{\n'
               '  依据来源：“/etc/passwd”\n  得分 = 「__import__('"'"'os'"'"')」×1分\n}\n')
    with pytest.raises(evalrules.RuleSyntaxError):
        evalrules.compile(hostile)
    ruleset = evalrules.compile(hostile.split("\n", 2)[2])
    result = ruleset.evaluate({"__import__('os')": "1"})
    assert result.total == 1
