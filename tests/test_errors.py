"""Each kind of error names its place, in words a policy author understands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import render_text

import evalrules
from evalrules import render

LEAF = "满分 10分\n指标 资金到位率（10分）{\n  得分 = 实际到位资金/预算资金×10分\n}\n"


def errors_of(text: str) -> evalrules.EvalRulesError:
    with pytest.raises(evalrules.EvalRulesError) as caught:
        evalrules.compile(text, "case.rules")
    return caught.value


def test_syntax_error_has_place_line_caret_and_expectation() -> None:
    error = errors_of("满分 10分\n指标 资金到位率（10分）{\n  得分 = 实际到位资金/ × 10分\n}\n")
    assert isinstance(error, evalrules.RuleSyntaxError)
    (problem,) = error.diagnostics
    assert problem.code == "E0101"
    assert problem.location == "case.rules:3:16"  # columns count characters, as editors do
    assert "数值或名称" in problem.message
    shown = render_text(render.diagnostics(error))
    # The caret sits under the ×, counted in terminal cells (each Chinese character is two).
    assert "  3 |   得分 = 实际到位资金/ × 10分\n" in shown
    assert "    | " + " " * 23 + "^\n" in shown


def test_unclosed_brace_is_reported_at_the_end() -> None:
    error = errors_of("满分 10分\n指标 a（10分）{\n  得分 = 10分\n")
    assert error.codes == ("E0103",)
    assert "}" in error.diagnostics[0].message


@pytest.mark.parametrize(("text", "hint"), [
    ("指标 档案（5分）{ 每发现1处资料缺失扣0.5分，扣玩为止 }", "是否想写「扣完为止」？"),
    ("指标 决策（20）{ 得分 = 完成率×分值 }", "分值要带“分”：写作「20分」。"),
])
def test_near_misses_get_the_fix_as_a_hint(text: str, hint: str) -> None:
    assert errors_of(text).diagnostics[0].hints == (hint,)


def test_keyword_run_into_a_name_gets_a_hint() -> None:
    error = errors_of("满分 1分\n指标 a（1分）{ 得分 = 如果达标 则 1分 否则 0分 }\n")
    assert any("如果" in hint for hint in error.diagnostics[0].hints)


def test_compile_errors_are_all_collected_in_order() -> None:
    error = errors_of(
        "满分 10分\n"
        "指标 a（8分）{ 得分 = 最小(x, y) }\n"
        "指标 b（3分）{ 得分 = 如果 达标 则 1分 否则 达标 }\n"
    )
    assert isinstance(error, evalrules.RuleCompileError)
    assert error.codes == ("E0202", "E0203", "E0205")
    assert error.diagnostics[1].hints[0] == "是否想写：最小值、最大值？"


def test_weights_must_add_up_at_every_level() -> None:
    error = errors_of("指标 a（10分）{ 指标 b（4分）{ 得分 = 4分 } 指标 c（5分）{ 得分 = 5分 } }")
    assert error.codes == ("E0202",)
    assert "9 分" in error.diagnostics[0].message and "10 分" in error.diagnostics[0].message


def test_missing_fact_names_fact_indicator_and_close_names() -> None:
    ruleset = evalrules.compile(LEAF, "case.rules")
    with pytest.raises(evalrules.FactError) as caught:
        ruleset.evaluate({"实际到位资金": "7.1", "预算": "35.5"})
    (problem,) = caught.value.diagnostics
    assert (problem.code, problem.fact, problem.indicator) == ("E0301", "预算资金", "资金到位率")
    assert problem.location == "case.rules:3:15"
    assert "预算" in problem.hints[0]


def test_wrong_type_names_fact_and_indicator() -> None:
    ruleset = evalrules.compile(LEAF)
    with pytest.raises(evalrules.FactError) as caught:
        ruleset.evaluate({"实际到位资金": "七点一", "预算资金": "35.5"})
    (problem,) = caught.value.diagnostics
    assert (problem.code, problem.fact, problem.indicator) == ("E0302", "实际到位资金", "资金到位率")
    assert "数值" in problem.message and "七点一" in problem.message


def test_zero_divisor_names_formula_and_operand() -> None:
    ruleset = evalrules.compile(LEAF, "case.rules")
    with pytest.raises(evalrules.EvaluationError) as caught:
        ruleset.evaluate({"实际到位资金": "7.1", "预算资金": 0})
    (problem,) = caught.value.diagnostics
    assert problem.code == "E0401"
    assert "「实际到位资金/预算资金」" in problem.message and "「预算资金」" in problem.message
    assert problem.indicator == "资金到位率"
    assert any("7.1/0" in hint for hint in problem.hints)


def test_problems_of_all_leaves_come_together() -> None:
    ruleset = evalrules.compile(
        "指标 a（1分）{ 得分 = x×1分 } 指标 b（1分）{ 得分 = 1分/y } 指标 c（1分）{ 得分 = z×1分 }")
    with pytest.raises(evalrules.EvalRulesError) as caught:
        ruleset.evaluate({"y": 0, "z": "是"})
    assert caught.value.codes == ("E0301", "E0401", "E0302")


def test_every_wrong_fact_is_reported_at_once() -> None:
    ruleset = evalrules.compile(
        "指标 a（4分）{ 得分 = 甲/乙×丙×4分 } 指标 b（2分）{ 每出现1次差错扣1分 }", "case.rules")
    with pytest.raises(evalrules.FactError) as caught:
        ruleset.evaluate({"甲": "七", "乙": "0.5", "丙": [1], "差错": -2})
    assert {(d.code, d.fact) for d in caught.value.diagnostics} == {
        ("E0302", "甲"), ("E0302", "丙"), ("E0302", "差错")}
    assert all(d.span is not None and d.indicator for d in caught.value.diagnostics)


def test_float_facts_are_refused() -> None:
    with pytest.raises(evalrules.FactError) as caught:
        evalrules.compile(LEAF).evaluate({"实际到位资金": 7.1, "预算资金": 35.5})
    assert "浮点" in caught.value.diagnostics[0].message


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "evalrules.cli", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    ("rules", "facts", "code", "exit_code"),
    [
        ("满分 10分\n指标 a（10分）{ 得分 = x / }\n", None, "E0101", 1),
        (LEAF, "实际到位资金: 7.1\n", "E0301", 2),
        (LEAF, "实际到位资金: 7.1\n预算资金: 0\n", "E0401", 2),
        (LEAF, "实际到位资金: 7.1\n预算资金: [1, 2]\n", "E0302", 2),
    ],
)
def test_cli_prints_errors_without_traceback(tmp_path: Path, rules: str, facts: str | None,
                                             code: str, exit_code: int) -> None:
    (tmp_path / "case.rules").write_text(rules, encoding="utf-8")
    if facts is None:
        args = ["check", "case.rules"]
    else:
        (tmp_path / "facts.yaml").write_text(facts, encoding="utf-8")
        args = ["eval", "case.rules", "--facts", "facts.yaml"]
    done = run_cli(*args, cwd=tmp_path)
    assert done.returncode == exit_code
    assert "Traceback" not in done.stderr + done.stdout
    assert f"[{code}]" in done.stderr
    as_json = run_cli(*args, "--format", "json", cwd=tmp_path)
    assert as_json.returncode == exit_code
    assert json.loads(as_json.stdout)["errors"][0]["code"] == code
    if args[0] == "eval":
        explained = run_cli("explain", *args[1:], "--format", "json", cwd=tmp_path)
        assert explained.returncode == exit_code
        assert json.loads(explained.stdout)["errors"][0]["code"] == code


def test_cli_check_lists_the_facts_needed(tmp_path: Path) -> None:
    (tmp_path / "case.rules").write_text(LEAF, encoding="utf-8")
    done = run_cli("check", "case.rules", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0
    facts = json.loads(done.stdout)["facts"]
    assert facts == {"实际到位资金": {"type": "数值", "needed_by": ["资金到位率"]},
                     "预算资金": {"type": "数值", "needed_by": ["资金到位率"]}}
    shown = run_cli("check", "case.rules", cwd=tmp_path)
    assert "实际到位资金" in shown.stdout and "预算资金" in shown.stdout


def test_cli_missing_file_is_an_input_error(tmp_path: Path) -> None:
    done = run_cli("check", "nowhere.rules", cwd=tmp_path)
    assert done.returncode == 2
    assert "E0001" in done.stderr and "Traceback" not in done.stderr


def test_cli_output_in_an_encoding_without_every_character(tmp_path: Path) -> None:
    seed = Path(__file__).resolve().parent.parent / "rulesets" / "qixia-12345"
    done = subprocess.run(
        [sys.executable, "-m", "evalrules.cli", "explain", "--all",
         str(seed / "qixia-12345.rules"), "--facts", str(seed / "facts.yaml")],
        capture_output=True, env={**os.environ, "PYTHONIOENCODING": "gbk"}, check=False)
    assert done.returncode == 0, done.stderr.decode("gbk")
    shown = done.stdout.decode("gbk")
    assert "总分 92.31" in shown and "?" in shown  # ✓ is not in GBK: it shows as ?


def test_cli_stops_quietly_when_its_reader_does() -> None:
    seed = Path(__file__).resolve().parent.parent / "rulesets" / "qixia-12345"
    reading, writing = os.pipe()
    os.close(reading)  # the reader has gone before a byte is written
    try:
        done = subprocess.run(
            [sys.executable, "-m", "evalrules.cli", "eval", str(seed / "qixia-12345.rules"),
             "--facts", str(seed / "facts.yaml"), "--format", "json"],
            stdout=writing, stderr=subprocess.PIPE, text=True, check=False)
    finally:
        os.close(writing)
    assert done.returncode == 141
    assert done.stderr == ""


def test_every_terminal_has_words_for_messages() -> None:
    from evalrules.parser import _TERMINAL_WORDS, lark_parser

    unnamed = [t.name for t in lark_parser().terminals
               if t.name.lstrip("_") not in _TERMINAL_WORDS and t.name not in ("COMMENT", "WHITESPACE")]
    assert unnamed == []


def test_a_missing_fact_with_a_long_name_is_named_briefly() -> None:
    name = "甲" * 10_000
    with pytest.raises(evalrules.FactError) as caught:
        evalrules.compile(f"指标 a（1分）{{ 得分 = 「{name}」×1分 }}").evaluate({name[:-1]: 1})
    assert len(str(caught.value)) < 600
    assert caught.value.diagnostics[0].fact == name  # the data keeps it whole


@pytest.mark.parametrize(("criterion", "facts", "says"), [
    # Nothing named after the count: the indicator itself is counted, and the message says so.
    ("1.开展中医药适宜技术，每开展一项加1分，最高不超过2分", {"开展中医药适宜技术": 3},
     "「每开展一项加1分」没有写出数的是什么，读作数指标「考勤」本身"),
    # The words before a comma run into the name counted: the message names them.
    ("周例会和月度总结会，无故缺席扣1分/次", {"无故缺席": 2},
     "所数的事实名称连着逗号前的「周例会和月度总结会」"),
])
def test_a_missing_count_says_why_its_name_is_what_it_is(criterion: str, facts: dict[str, int],
                                                         says: str) -> None:
    ruleset = evalrules.compile(f"满分 2分\n指标 考勤（2分）{{ {criterion} }}")
    with pytest.raises(evalrules.FactError) as caught:
        ruleset.evaluate(facts)
    (problem,) = caught.value.diagnostics
    assert problem.code == "E0301" and says in problem.message


@pytest.mark.parametrize(("criterion", "code", "says"), [
    # The subject only in the label, with its points or without, in full or half width.
    ("污水集中处理率（2分）：未完成年度目标任务的，每差1个百分点扣0.25分，扣完为止。", "E0242",
     "「污水集中处理率」只写在标签「污水集中处理率（2分）：」中"),
    ("垃圾清运率(2分):低于年度目标的,每低1个百分点扣0.5分", "E0242", "「垃圾清运率」只写在标签"),
    ("污水集中处理率：未达到年度目标任务的，每差1个百分点扣0.25分", "E0242",
     "「未达到年度目标任务的」没有写出是哪个值未达到"),
    # A way of checking is no subject: the clause is quoted instead.
    ("查看报送材料：未完成年度目标任务的，每差1个百分点扣0.25分", "E0101",
     "「查看报送材料：未完成年度目标任务的，"),
    # Fractions, rates, formulas told in words, quotes run into a case, scores compared band after band.
    ("经全体成员3/4以上同意的得2分，否则不得分。", "E0241", "「3/4以上」用分数写了比例"),
    ("赞成票达到全体会员的2／3以上的，得2分", "E0241", "「2／3以上」用分数写了比例"),
    ("按每1名/50人配备保洁员，得2分；未按标准配备不得分", "E0241",
     "「1名/50人」是按比例写的标准（每50人1名）"),
    ("按照实际完成数占计划数的比例计算得分（2分）", "E0241", "如 得分 = 实际完成数/计划数×分值"),
    ("“三到位”有一项未落实，扣2分。", "E0241", "如 得分 = 如果 三到位有一项未落实 则 分值 - 2分 否则 分值"),
    ("满意度85分以上得满分，85分以下扣1分；70分以下扣2分", "E0241", "「85分以下」比较的是一个分数"),
    # A case's own score as a formula after it.
    ("完成率达到100%的，得满分；未达到的，得分＝完成率×分值", "E0241",
     "「未达到的，得分＝完成率×分值」在情形之后用“得分=…”写了这一情形的得分公式"),
    # A count and a case joined by 或: both readings.
    ("台账资料每少1份或不规范扣0.5分。", "E0229", "「每少1份或不规范扣0.5分」有两种读法"),
    # A slip in a keyword: the keyword named.
    ("执行率≥95%，得满分；低于95%不得份", "E0101", "「不得份」不是已知的写法，与之最接近的是「不得分」"),
])
def test_a_refusal_names_its_cause(criterion: str, code: str, says: str) -> None:
    error = errors_of(f"满分 2分\n指标 考评（2分）{{ {criterion} }}")
    assert error.codes[0] == code, error
    assert says in error.diagnostics[0].message, error.diagnostics[0].message
