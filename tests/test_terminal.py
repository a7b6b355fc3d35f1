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
import pytest
from rich.cells import cell_len
from rich.console import Console, RenderableType

import evalrules
from evalrules import render, trace
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
