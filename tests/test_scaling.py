"""Work that grows with the input no faster than it should, counted as tests/test_limits.py counts.

Each case was once quadratic or worse (a tester measured 43 s for 4,000 band rows, 64 s for 1,000
grades under 定级舍入, 16 s for 10,000 leaves each reading its own fact, and a RecursionError for a
few hundred chained metrics). An input four times as large must take at most about four times
the function calls (a little more where a sort is n log n).
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from rich.console import Console
from test_limits import counted

import evalrules
from evalrules import render
from evalrules.keywords import context_patterns

SORTED = 4 * 1.25  # four times the input, n log n at these sizes


def grows_linearly(make: Callable[[int], Callable[[], object]], size: int,
                   factor: float = 4 * 1.1) -> None:
    make(size)()  # warms caches (the parser, compiled patterns) before counting
    small, large = counted(make(size)), counted(make(size * 4))
    assert small.codes == large.codes == (), (small, large)
    assert large.calls <= small.calls * factor, (small, large)


def test_band_tables_compile_in_n_log_n() -> None:
    def rules(rows: int) -> Callable[[], object]:
        bands = "；".join(f"{i}（含）-{i + 1}，计1分" for i in range(rows))
        return lambda: evalrules.compile(f"指标 a（1分）{{ x≥{rows}，计1分；{bands}；低于0不得分 }}")

    grows_linearly(rules, 250, SORTED)


def test_grades_under_grade_rounding_compile_in_n_log_n() -> None:
    def rules(count: int) -> Callable[[], object]:
        grades = "\n".join(f"「第{i}等」：{i}分（含）-{i + 1}分" for i in range(count))
        return lambda: evalrules.compile(
            f"满分 {count}分\n定级舍入：保留2位小数，四舍五入\n等级 {{\n{grades}\n}}\n"
            f"指标 a（{count}分）{{ 得分 = x×分值 }}")

    grows_linearly(rules, 100, SORTED)


def test_leaves_reading_their_own_facts_score_in_linear_time() -> None:
    def scoring(leaves: int) -> Callable[[], object]:
        ruleset = evalrules.compile("\n".join(
            f"指标 「甲{i}」（1分）{{ 得分 = 「乙{i}」×分值 }}" for i in range(leaves)))
        facts = {f"乙{i}": "1" for i in range(leaves)}
        return lambda: ruleset.evaluate(facts)

    grows_linearly(scoring, 200)


def _chain(length: int, reverse: bool) -> str:
    lines = [f"  「值{i}」 = 「值{i - 1}」 + 1" if i else "  「值0」 = x" for i in range(length)]
    body = "\n".join(reversed(lines) if reverse else lines)
    return f"指标 a（1分）{{\n{body}\n  得分 = 如果 「值{length - 1}」 > 0 则 分值 否则 0分\n}}"


def test_a_long_chain_of_metrics_compiles_and_scores_in_either_order() -> None:
    for reverse in (False, True):
        ruleset = evalrules.compile(_chain(5_000, reverse))
        assert ruleset.evaluate({"x": 1}).total == 1

    def chain(length: int) -> Callable[[], object]:
        return lambda: evalrules.compile(_chain(length, True)).evaluate({"x": 1})

    grows_linearly(chain, 100)


def test_a_failing_chain_of_metrics_is_told_once() -> None:
    ruleset = evalrules.compile(_chain(5_000, False))
    try:
        ruleset.evaluate({})
    except evalrules.FactError as error:
        assert error.codes == ("E0301",)
        assert error.diagnostics[0].fact == "x"
    else:
        raise AssertionError("a missing fact was not told")


RUN = 200_000  # a tenth of the largest rule file; a quadratic lexer takes hours here


@pytest.mark.parametrize("text", [
    "指标 a（1分）{ 甲" + "与" * RUN + "乙 }",
    "指标 a（1分）{ 甲" + "与" * RUN + "乙每相差5%，扣1分 }",
    "指标 a（1分）{ 每出现1次无人在岗" + " " * RUN + "x }",
    "指标 a（1分）{ 每出现1次无人在岗，" + " " * RUN + "x }",
    "指标 a（1分）{ 充分" + " " * RUN + "x }",
    "指标 a（1分）{ 得分 = 1；" + "甲" * RUN + " }",
    "指标 a（1分）{ x≥90%，计1分，" + "甲" * RUN + " }",
], ids=["与", "与…每相差", "blanks after 每出现", "blanks after a comma", "blanks after a level",
        "a long name after ；", "a long name after a band"])
def test_long_runs_of_one_character_are_read_in_one_pass(text: str) -> None:
    """Finishing is the assertion: each of these once backtracked over the run once for every
    character of it (16,000 characters took seconds)."""
    with pytest.raises(evalrules.RuleSyntaxError):
        evalrules.compile(text)


@pytest.mark.parametrize("clause", ["甲的，", "甲高于乙的得满分，", "每发现一处问题扣1分，", "扣1，", "甲、"])
def test_long_lines_of_short_clauses_are_read_in_one_pass(clause: str) -> None:
    """Finishing is the assertion: a terminal that looks ahead for its keywords once scanned the
    rest of the line at every clause (1,000 clauses of 甲高于乙的得满分， took 49 s)."""
    with pytest.raises(evalrules.EvalRulesError):
        evalrules.compile("指标 a（1分）{ " + clause * (RUN // len(clause)) + " }")


def test_an_error_about_a_long_word_is_told_in_one_pass() -> None:
    """Finishing is the assertion: the message quoted the whole word (a fuzzed file of 86,000
    characters took minutes to render), and each wrapped line copied the whole message."""
    with pytest.raises(evalrules.RuleSyntaxError) as caught:
        evalrules.compile("指标 a（1分）{ 每处扣" + "甲" * (RUN // 4) + " }")
    (told,) = caught.value.diagnostics
    assert len(told.message) < 200
    console = Console(width=80, file=io.StringIO())
    console.print(render.diagnostics(caught.value))
    console.print(render.Wrapped("缺少事实「" + "甲" * (RUN // 4) + "」"))
    assert console.file.getvalue().count("\n") > RUN // 160


def test_terminals_that_look_ahead_scan_a_bounded_phrase() -> None:
    # Each was tried at every clause of a line and scanned the rest of it: 1,000 clauses of
    # “甲高于乙的得满分，” took 49 s, 66,666 of “甲的，” 267 s. Regex work is not counted as calls,
    # so the bound itself is what is checked: no lazy repetition runs past PHRASE_LIMIT.
    for name, pattern in context_patterns():
        assert "*?" not in pattern and "+?" not in pattern, name
