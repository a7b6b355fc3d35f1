"""Whatever a rule or fact file holds, what reaches a terminal is characters to be read.

Escape sequences, other controls, bidirectional overrides and newlines in user text are shown
as escapes (\\x1b, \\u202e, \\n); user text is never read as rich markup.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import typing
from decimal import Decimal
from pathlib import Path

import attrs
import hypothesis
import hypothesis.strategies as st
import pytest
from conftest import render_text
from rich.cells import cell_len
from rich.console import Console, RenderableType

import evalrules
from evalrules import display, render, trace
from evalrules.cli import main
from evalrules.result import IndicatorResult, Result

# Clears the screen, retitles the window, moves the cursor up, reverses and isolates text, and
# the rest of C0, DEL and C1; no 」 nor line end, so it fits in a quoted name.
PAYLOAD = "\x1b[2J\x1b]0;伪\x07\x1b[1A\u202e\u2067\u200f\x9b\x7f\t\b\x00"
# What a terminal acts on rather than shows: C0 but the line end, DEL, C1, the bidirectional
# marks, overrides and isolates, the line and paragraph separators.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]")
RICH_STYLE = re.compile(r"\x1b\[[0-9;]*m")  # rich's own colours


def terminal(renderable: RenderableType, width: int = 100) -> str:
    console = Console(file=io.StringIO(), force_terminal=True, color_system="standard",
                      width=width, legacy_windows=False)
    console.print(renderable)
    output = console.file
    assert isinstance(output, io.StringIO)
    return output.getvalue()


def assert_safe(shown: str) -> None:
    """No raw control of user origin, and the payload's parts shown as escapes."""
    assert RAW_CONTROL.findall(RICH_STYLE.sub("", shown)) == []
    assert r"\x1b[2J\x1b]0;伪\x07\x1b[1A\u202e\u2067\u200f\x9b\x7f\t\x08\x00" in shown


RULES = f"""指标体系「{PAYLOAD}体系」
满分 30分
等级 {{ 「好{PAYLOAD}」：15分（含）-30分 差：15分以下 }}
一票否决：事故
指标 「资金{PAYLOAD}到位」（10分）{{
  评价标准：“第一行
总分 100 / 100分{PAYLOAD}”
  备注：“{PAYLOAD}”
  「到位{PAYLOAD}率」 = 实际到位/预算资金
  得分 = 「到位{PAYLOAD}率」×10分
}}
指标 服务时间（10分）{{
  每出现1次无人在岗扣1分，扣完为止
}}
指标 合规（10分）{{
  评价要点 {{
    审批（4分）“{PAYLOAD}”
    到位（6分） 当 实际到位 >= 预算资金
  }}
}}
"""
# A fact file holding controls is refused (tests/test_facts_hostile.py); the line ends it may
# hold, to lay out evidence written over several lines, are shown escaped all the same.
FACTS = {
    "实际到位": {"值": "5", "来源": "\r总分 100 / 100分"},
    "预算资金": "10",
    "无人在岗": [{"日期": "\n总分 100"}, "\r\n总分 100"],
    "审批": {"得分": "1", "依据": "\n总分 100"},
    "事故": "否",
}


@pytest.fixture(scope="module")
def hostile() -> Result:
    return evalrules.compile(RULES, f"规则{PAYLOAD}.rules").evaluate(FACTS)


def test_the_tree_loss_table_and_explanation_show_controls_as_escapes(hostile: Result) -> None:
    for renderable in (render.score_tree(hostile), render.loss_table(hostile),
                       render.explanation(hostile, every_leaf=True)):
        assert_safe(terminal(renderable))


def test_newlines_in_user_text_cannot_forge_a_line(hostile: Result) -> None:
    shown = RICH_STYLE.sub("", terminal(render.explanation(hostile, every_leaf=True), width=200))
    assert re.findall(r"(?<!\\[nr])总分 100", shown) == []
    assert r"第一行\n总分 100 / 100分" in shown and r"（来源：\r总分 100 / 100分" in shown
    assert shown.splitlines()[0].startswith(r"\x1b[2J")  # the title, escaped, then the total
    assert shown.splitlines()[1].startswith("总分 14 / 30分")


def test_the_check_summary_and_fact_table_show_controls_as_escapes() -> None:
    plan = evalrules.compile(RULES, f"规则{PAYLOAD}.rules").plan
    summary = terminal(render.check_summary(plan))
    assert_safe(summary)
    assert r"规则\x1b[2J" in summary
    assert_safe(terminal(render.fact_table(plan)))


def test_json_stays_exact_and_escapes_what_a_terminal_acts_on(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A NUL makes a file unreadable as text (tests/test_facts_hostile.py): the rest stays.
    (tmp_path / "hostile.rules").write_text(RULES.replace("\x00", ""), encoding="utf-8")
    (tmp_path / "facts.json").write_text(json.dumps(FACTS), encoding="utf-8")
    assert main(["eval", str(tmp_path / "hostile.rules"), "--facts",
                 str(tmp_path / "facts.json"), "--format", "json"]) == 0
    written = capsys.readouterr().out
    assert RAW_CONTROL.findall(written) == []
    shown = json.loads(written)
    assert shown["ruleset"] == f"{PAYLOAD}体系".replace("\x00", "")
    assert shown["indicators"][0]["reads"][0]["evidence"] == "\r总分 100 / 100分"


# ---- every field of every step ------------------------------------------------------------


def _hostile_value(kind: object) -> object:
    """A value of an attrs field's type, with PAYLOAD in every piece of text."""
    if kind is str:
        return PAYLOAD
    if kind in (Decimal, trace.Exact):
        return Decimal(1)
    if kind is bool:
        return True
    if kind is int:
        return 1
    if kind is object:
        return Decimal(1)
    args = typing.get_args(kind)
    if typing.get_origin(kind) is tuple:
        if args[-1] is Ellipsis:
            return (_hostile_value(args[0]),)
        return tuple(_hostile_value(arg) for arg in args)
    if args:  # a union: the first kind that is not None
        return _hostile_value(next(arg for arg in args if arg is not type(None)))
    return _hostile(typing.cast(type, kind))


def _hostile(cls: type) -> object:
    attrs.resolve_types(cls, globalns=vars(trace))
    return cls(**{field.name: _hostile_value(field.type) for field in attrs.fields(cls)})


def _every_step() -> list[object]:
    # Vetoes are shown after a leaf's steps; a choice is a parent's, shown in the tree.
    steps = [_hostile(cls) for cls in typing.get_args(trace.Step)
             if cls not in (trace.VetoStep, trace.ChoiceStep)]
    exemption = _hostile(trace.ExemptionStep)
    steps += [attrs.evolve(exemption, mode=mode) for mode in ("rescale", "share")]
    return steps


def test_every_field_of_every_step_is_shown_escaped() -> None:
    read = _hostile(trace.ValueRead)
    reads = tuple(attrs.evolve(read, kind=kind) for kind in ("fact", "metric", "reported"))
    steps = _every_step()
    leaf = IndicatorResult(PAYLOAD, PAYLOAD, (PAYLOAD, PAYLOAD), Decimal(10), Decimal(5), (),
                           (("评价标准", PAYLOAD), ("备注", PAYLOAD)), reads,
                           tuple(steps), (trace.VetoStep(PAYLOAD, PAYLOAD, True),))
    vetoed = attrs.evolve(leaf, children=(attrs.evolve(leaf, vetoes=()),),
                          steps=(_hostile(trace.ChoiceStep),))
    result = Result(PAYLOAD, Decimal(20), Decimal(5), PAYLOAD, PAYLOAD, (leaf, vetoed),
                    (trace.VetoStep(PAYLOAD, PAYLOAD, True, best=True),))
    for renderable in (render.leaf_trace(leaf), render.explanation(result, every_leaf=True)):
        shown = terminal(renderable)
        assert_safe(shown)
        assert RICH_STYLE.sub("", shown).count(r"\x1b[2J") >= len(steps)


# ---- diagnostics ----------------------------------------------------------------------------


def _diagnosed(text: str, name: str = "case.rules") -> str:
    with pytest.raises(evalrules.EvalRulesError) as caught:
        evalrules.compile(text, name)
    return terminal(render.diagnostics(caught.value))


def test_a_control_in_a_rule_file_is_shown_escaped_with_the_caret_under_it() -> None:
    shown = _diagnosed("满分 1分\n\t指标 a（1分）{ 得分 = 甲\x1b乙 }\n", f"规则{PAYLOAD}.rules")
    assert_safe(shown)
    lines = RICH_STYLE.sub("", shown).splitlines()
    assert "无法识别的字符「\\x1b」" in lines[0]
    snippet, caret = next((a, b) for a, b in itertools.pairwise(lines) if "^" in b)
    assert snippet.rstrip().endswith(r"  2 | \t指标 a（1分）{ 得分 = 甲\x1b乙 }")
    # The caret spans the escape, counted in terminal cells (each Chinese character is two).
    assert caret.rstrip().endswith(" ^^^^")
    assert cell_len(caret[:caret.index("^")]) == cell_len(snippet[:snippet.index("\\x1b")])


def test_a_missing_fact_with_controls_in_its_name_is_shown_escaped() -> None:
    ruleset = evalrules.compile(f"指标 a（1分）{{ 得分 = 「实际{PAYLOAD}到位」×1分 }}", "case.rules")
    with pytest.raises(evalrules.EvalRulesError) as caught:
        ruleset.evaluate({})
    shown = terminal(render.diagnostics(caught.value))
    assert_safe(shown)
    assert "事实：实际\\x1b[2J" in RICH_STYLE.sub("", shown)


# ---- markup -----------------------------------------------------------------------------------


def test_user_text_is_never_read_as_markup(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # the path on one line
    folder = tmp_path / "[bold]规则["  # with the file's name, the path holds [/]
    folder.mkdir()
    rules = folder / "]case[red].rules"
    rules.write_text("满分 1分\n指标 「[bold]a[/]」（1分）{ 得分 = 「[/]x」×1分 }\n", encoding="utf-8")
    facts = folder / "facts.yaml"
    facts.write_text("'[/]x': 1\n", encoding="utf-8")
    assert main(["check", str(rules)]) == 0
    assert main(["explain", str(rules), "--facts", str(facts), "--all"]) == 0
    (folder / "bad.yaml").write_text("'[/]y': 1\n", encoding="utf-8")
    assert main(["eval", str(rules), "--facts", str(folder / "bad.yaml")]) == 2
    shown = capsys.readouterr()
    assert f"{rules}：没有发现问题" in shown.out
    assert "[bold]a[/]" in shown.out and "[/]x" in shown.out
    assert "[/]x" in shown.err and "[bold]规则[/]case[red].rules" in shown.err


def test_arguments_quoted_in_a_usage_error_are_shown_escaped(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "case.rules", f"多余{PAYLOAD}"]) == 2
    said = capsys.readouterr().err
    assert RAW_CONTROL.findall(said) == []
    assert r"多余\x1b[2J" in said


def test_an_error_printed_by_a_program_shows_controls_as_escapes() -> None:
    with pytest.raises(evalrules.EvalRulesError) as caught:
        evalrules.compile(f"指标 a（1分）{{ 得分 = 「实际{PAYLOAD}到位」×1分 }}").evaluate({})
    said = str(caught.value)
    assert RAW_CONTROL.findall(said) == []
    assert r"实际\x1b[2J" in said
    said.encode("utf-8")  # printable anywhere


def test_a_lone_surrogate_in_rule_text_is_refused_at_its_place() -> None:
    with pytest.raises(evalrules.RuleSyntaxError) as caught:
        evalrules.compile("指标 「甲\ud800」（1分）{ 得分 = 1分 }")
    assert caught.value.codes == ("E0102",)
    assert caught.value.diagnostics[0].location == "<string>:1:6"
    str(caught.value).encode("utf-8")


# ---- the explanation at 80, 100 and 140 columns -----------------------------------------------

SEED = Path(__file__).resolve().parent.parent / "rulesets" / "qixia-12345"
_GUIDES = "│├└─ "
# A line may not end inside a number, nor part a number from its unit.
_ENDS_IN_NUMBER = re.compile(r"[0-9.]$")
_STARTS_WITH_NUMBER_OR_UNIT = re.compile(r"^(?:[0-9%.…]|万元|亿元|元|分|万|亿)")


def _explain(facts: str, columns: int, monkeypatch: pytest.MonkeyPatch,
             capsys: pytest.CaptureFixture[str]) -> list[str]:
    """``evalrules explain --all`` on the seed, written to a pipe as wide as ``columns``."""
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(["explain", str(SEED / "qixia-12345.rules"), "--facts", str(SEED / facts),
                 "--all"]) == 0
    return capsys.readouterr().out.splitlines()


def _parts(lines: list[str]) -> tuple[list[str], list[list[str]]]:
    """The lines outside the 失分 table, and the table's rows (each a list of its cells' lines)."""
    top = next(i for i, line in enumerate(lines) if line.startswith("┏"))
    bottom = next(i for i, line in enumerate(lines) if line.startswith("└") and "┴" in line)
    rows: list[list[str]] = []
    for line in lines[top + 3:bottom]:
        cells = [cell[1:] for cell in line.strip("│").split("│")]
        if cells[0].strip() or not rows:
            rows.append([])
        rows[-1].append(cells[-1])  # the reasons
    return lines[:top] + lines[bottom + 1:], rows


def _indent(line: str) -> int:
    return cell_len(line) - cell_len(line.lstrip(_GUIDES))


def _continued(wide: list[str], narrow: list[str]) -> list[tuple[str, str]]:
    """Each line wrapped at the narrow width paired with each of its continuation lines, found
    by laying the narrow lines against the same text unwrapped."""
    pairs, at = [], 0
    for line in wide:
        whole = re.sub(r"\s", "", line.lstrip(_GUIDES))
        first, got = narrow[at], ""
        while True:
            got += re.sub(r"\s", "", narrow[at].lstrip(_GUIDES))
            if narrow[at] is not first:
                pairs.append((first, narrow[at]))
            at += 1
            if len(got) >= len(whole):
                break
        assert got == whole
    return pairs


@pytest.mark.parametrize("columns", [80, 100, 140])
@pytest.mark.parametrize("facts", ["facts.yaml", "survey-facts.yaml"])
def test_the_explanation_breaks_no_number_unit_or_name_and_indents_what_it_wraps(
        facts: str, columns: int, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    lines = _explain(facts, columns, monkeypatch, capsys)
    assert max(cell_len(line) for line in lines) <= columns
    outside, rows = _parts(lines)
    for block in [outside, *rows]:
        for before, after in itertools.pairwise(block):
            end, start = before.rstrip(), after.lstrip(_GUIDES)
            assert not (_ENDS_IN_NUMBER.search(end) and _STARTS_WITH_NUMBER_OR_UNIT.match(start)), \
                (before, after)
            assert not end.endswith(("=", "→")), (before, after)  # a name apart from its value
    wide_outside, wide_rows = _parts(_explain(facts, 1000, monkeypatch, capsys))
    pairs = _continued([line for line in wide_outside if line.strip()],
                       [line for line in outside if line.strip()])
    for wide_row, row in zip(wide_rows, rows, strict=True):
        pairs += _continued([line for line in wide_row if line.strip()],
                            [line for line in row if line.strip()])
    assert pairs  # at these widths, some lines do wrap
    for first, continuation in pairs:
        assert _indent(continuation) > _indent(first), (first, continuation)


@pytest.mark.parametrize("facts", ["facts.yaml", "survey-facts.yaml"])
def test_the_seed_explained_at_80_columns(facts: str, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str],
                                          file_regression: typing.Any) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["explain", str(SEED / "qixia-12345.rules"), "--facts", str(SEED / facts)]) == 0
    file_regression.check(capsys.readouterr().out, basename=f"explain-80-{facts[:-5]}",
                          extension=".txt")


# ---- the explanation says everything, in the ruleset's own figures -----------------------------


def test_the_headline_says_which_band_the_total_fell_in(seed_rules: Path) -> None:
    result = evalrules.load(seed_rules).evaluate(SEED / "facts.yaml")
    shown = render_text(render.explanation(result), width=80).splitlines()
    assert shown[2] == "优：90分（含）至100分（含），92.31 在此区间"
    graded = evalrules.compile("满分 10分\n等级 { 好：6分（含）以上 差：6分以下 }\n"
                               "一票否优：出错\n指标 a（10分）{ 得分 = 实得×1分 }").evaluate(
        {"实得": "7", "出错": "是"})
    assert "好：6分（含）以上，7 在此区间；一票否优，评为差" in render_text(render.score_tree(graded))


def test_every_field_of_a_leaf_is_shown() -> None:
    result = evalrules.compile("""满分 10分
指标 完成率（10分）{
  指标解释：“反映完成程度”
  年度指标值：“≥95%”
  实际完成值：“90%”
  备注：“按季度统计”
  得分 = 完成数/计划数×分值
}""").evaluate({"完成数": "9", "计划数": "10"})
    shown = render_text(render.explanation(result))
    for line in ("  指标解释：反映完成程度", "  年度指标值：≥95%", "  实际完成值：90%",
                 "  备注：按季度统计"):
        assert line in shown.splitlines()


def test_a_weighted_parent_shows_each_childs_contribution_in_its_points() -> None:
    result = evalrules.compile("""满分 100分
指标 综合得分（100分）{
  指标 决策（100分，权重20%）{ 得分 = 决策得分×1分 }
  指标 效益（50分，权重80%）{ 得分 = 效益得分×1分 }
}""").evaluate({"决策得分": "90", "效益得分": "40"})
    assert "     = 18（决策） + 64（效益）" in render_text(render.explanation(result)).splitlines()


def test_a_caret_in_a_long_chinese_line_stands_under_its_character() -> None:
    text = "满分 1分\n指标 a（1分）{ 得分 = " + "甲" * 60 + "乙\x01丙" + "丁" * 60 + " }\n"
    for width in (60, 80, 140):
        shown = RICH_STYLE.sub("", terminal(_diagnosed_error(text), width=width)).splitlines()
        snippet, caret = next((a, b) for a, b in itertools.pairwise(shown) if b.endswith("^^^^"))
        assert cell_len(snippet) <= width
        column = cell_len(caret) - 4
        assert snippet.startswith("  2 | …")
        assert cell_len(snippet[:snippet.index("\\x01")]) == column


def _diagnosed_error(text: str) -> RenderableType:
    with pytest.raises(evalrules.EvalRulesError) as caught:
        evalrules.compile(text, "case.rules")
    return render.diagnostics(caught.value)


# ---- a command line in Chinese ------------------------------------------------------------------

_ENGLISH = re.compile(r"usage|error|argument|required|invalid|choose|options|positional|show "
                      r"this|while|found|expected|Expecting|Extra", re.IGNORECASE)


@pytest.mark.parametrize(("args", "said"), [
    ([], "evalrules：错误：缺少必需的参数：命令"),
    (["eval"], "evalrules eval：错误：缺少必需的参数：规则文件、--facts"),
    (["eval", "a.rules", "--facts", "b.yaml", "--format", "table"],
     "evalrules eval：错误：参数 --format：无效的选择 'table'（可选：'text'、'json'）"),
    (["explain", "a.rules", "--facts"], "evalrules explain：错误：参数 --facts：需要一个值"),
    (["frob"], "evalrules：错误：参数 命令：无效的选择 'frob'"),
])
def test_argument_errors_are_said_in_chinese(args: list[str], said: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：evalrules") and said in err
    assert _ENGLISH.findall(err) == []


@pytest.mark.parametrize("args", [["--help"], ["eval", "--help"], ["table", "-h"]])
def test_help_is_in_chinese(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：evalrules") and "选项：" in out and "显示帮助并退出" in out
    assert _ENGLISH.findall(out) == []


def test_text_is_the_format_of_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    rules, facts = str(SEED / "qixia-12345.rules"), str(SEED / "facts.yaml")
    assert main(["eval", rules, "--facts", facts, "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert main(["table", rules, "--facts", facts, "--format", "text"]) == 0
    assert capsys.readouterr().out == text
    assert main(["table", rules, "--facts", facts, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == "92.31"
    assert main(["table", rules, "--facts", facts, "--format", "json", "-o", "x.json"]) == 2
    assert "json 格式输出到标准输出" in capsys.readouterr().err


@pytest.mark.parametrize(("name", "text", "said", "place"), [
    ("bad.yaml", "a: [1, 2\nb: 3\n", "方括号 [ 没有配对的 ]", ":2:2"),
    ("bad.yaml", "a: 1\n%weird\n", "以 % 开头的行是 YAML 的指令", ":2:1"),
    ("bad.yaml", "a: !foo!x 1\n", "以 ! 开头的是 YAML 的标记", ":1:4"),
    ("bad.json", '{"a": 1,}', "名称须用双引号括起", ":1:9"),
    ("bad.json", '{"a": 1} 2', "内容结束之后还有内容", ":1:10"),
])
def test_a_broken_fact_file_is_said_in_chinese_at_its_place(
        tmp_path: Path, name: str, text: str, said: str, place: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert main(["eval", str(SEED / "qixia-12345.rules"), "--facts", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert said in err and f"{tmp_path / name}{place}" in err
    assert _ENGLISH.findall(err) == []


def test_a_rescaled_loss_is_shown_rounded_as_the_ruleset_rounds_and_exact_in_json() -> None:
    result = evalrules.compile("""满分 100分
舍入：保留2位小数，四舍五入
指标 过程（30分）{ 指标 资金到位率（30分）{ 得分 = 到位率×分值 } }
指标 产出（70分）{
  指标 产出数量（40分）{ 得分 = 完成率×分值 }
  指标 产出质量（30分）{ 得分 = 达标率×分值  不适用 当 无质量标准，不计入总分 }
}""").evaluate({"到位率": "80%", "完成率": "90%", "无质量标准": "是"})
    rows = [line.split("│")[1:5] for line in render_text(render.loss_table(result)).splitlines()
            if line.startswith("│") and line.split("│")[4].strip()]
    assert [(name.strip(), lost.strip()) for name, _, _, lost in rows] == [
        ("资金到位率", "8.57"), ("产出数量", "5.71"), ("折算舍入", "0.01"), ("合计", "14.29")]
    losses = json.loads(result.to_json())["losses"]
    assert [loss["lost"] for loss in losses] == ["60/7", "40/7", "3/700"]


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(text=st.text(st.sampled_from("甲乙，。（）「」 =→%分元万.0123456789abc/×…"),
                               max_size=120),
                  width=st.integers(4, 60), indent=st.integers(0, 8))
def test_wrapped_lines_fit_and_lose_only_the_spaces_broken_at(text: str, width: int,
                                                              indent: int) -> None:
    indent = min(indent, width // 2)
    lines = display.wrap(text, width, indent)
    assert "".join(text[a:b] for a, b in lines).replace(" ", "") == text.replace(" ", "")
    for index, (a, b) in enumerate(lines):
        room = width - (indent if index else 0)
        assert cell_len(text[a:b]) <= room or b - a == 1, (text[a:b], room)
        assert index == 0 or not text[a:b].startswith(" ")
