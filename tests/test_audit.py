"""Reconciliation (`evalrules audit`) and the stated check (核对).

On the seed, the report's three slips are found, each once, with what follows from them; a
自评表 whose total row contradicts its 其中 rows is caught by a stated check.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, SEED, render_text

import evalrules
from evalrules import audit
from evalrules.cli import main

RULES = str(SEED / "qixia-12345.rules")
SURVEY = str(SEED / "survey-facts.yaml")
REPORTED = str(SEED / "reported.yaml")
SELF = ROOT / "rulesets" / "self-assessment"

FUNDS = """满分 10分
核对 年度资金总额 = 本年财政拨款 + 上年结转资金 + 其他资金
指标 到位率（10分）{
  得分 = 到位/预算×10分
  核对 到位 <= 预算
}
"""
FUNDED = {"年度资金总额": "100", "本年财政拨款": "60", "上年结转资金": "30", "其他资金": "5",
          "到位": "3", "预算": "4"}


@pytest.fixture(scope="module")
def seed() -> evalrules.Ruleset:
    return evalrules.load(RULES)


# ---- the stated check ---------------------------------------------------------------------------


@pytest.mark.parametrize("trace", [True, False])
def test_a_check_is_reported_with_both_sides_and_never_scores(trace: bool) -> None:
    rules = evalrules.compile(FUNDS, "funds.rules")
    result = rules.evaluate(FUNDED, trace=trace)
    assert result.total == Decimal("7.50")
    total, within = result.checks
    assert (total.held, total.left, total.right, total.difference) == (False, 100, 95, 5)
    assert total.indicator is None and total.span.line == 2
    assert total.rule == "核对 年度资金总额 = 本年财政拨款 + 上年结转资金 + 其他资金"
    assert (within.held, within.indicator) == (True, "到位率")
    assert result.to_dict()["checks"][0]["difference"] == "5"
    # The same facts with the total right: the score is the same.
    assert rules.evaluate({**FUNDED, "年度资金总额": "95"}, trace=trace).total == result.total


def test_every_missing_fact_of_a_check_is_told_at_once() -> None:
    rules = evalrules.compile(FUNDS)
    with pytest.raises(evalrules.FactError) as caught:
        rules.evaluate({"到位": "3", "预算": "4", "本年财政拨款": "60"})
    assert [d.fact for d in caught.value.diagnostics] == ["年度资金总额", "上年结转资金", "其他资金"]


def test_a_check_must_say_yes_or_no() -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        evalrules.compile("满分 10分\n核对 甲 + 乙\n指标 丙（10分）{ 得分 = 10分 }")
    assert caught.value.codes == ("E0205",)


def test_a_check_run_into_its_name_is_not_silently_a_metric() -> None:
    with pytest.raises(evalrules.RuleCompileError) as caught:
        evalrules.compile("满分 10分\n核对年度资金总额 = 甲 + 乙\n指标 丙（10分）{ 得分 = 10分 }")
    assert caught.value.codes == ("E0215",)
    assert "核对 年度资金总额 = …" in caught.value.diagnostics[0].hints[0]
    quoted = evalrules.compile("满分 10分\n「核对数」 = 甲 + 乙\n指标 丙（10分）{ 得分 = 「核对数」×1分 }")
    assert list(quoted.plan.metrics) == ["核对数"]


def test_a_result_without_checks_keeps_its_shape(seed: evalrules.Ruleset) -> None:
    assert "checks" not in seed.evaluate(SEED / "facts.yaml").to_dict()


def test_explain_says_a_failed_check_in_a_line(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "funds.rules"
    rules.write_text(FUNDS, encoding="utf-8")
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(FUNDED), encoding="utf-8")
    assert main(["explain", str(rules), "--facts", str(facts)]) == 0
    shown = capsys.readouterr().out
    assert "核对未通过（不影响得分）：核对 年度资金总额" in shown
    assert "代入为 100 = 60+30+5" in shown and "核对 到位" not in shown


def test_a_self_assessment_whose_total_row_contradicts_its_rows_is_caught() -> None:
    rules = evalrules.load(SELF / "self-assessment.rules")
    found = audit.audit(rules, SELF / "self-assessment.yaml")
    assert [finding.kind for finding in found.findings] == ["check"]
    assert "年度资金总额全年执行数 = 财政拨款全年执行数" in found.findings[0].message
    assert found.findings[0].details == ("代入为 95 = 75+15+4，左边 95、右边 94，相差 1",)
    assert [check.held for check in found.result.checks] == [True, False, True]
    assert found.result.total == Decimal("98.50")  # the check changes no score


# ---- the seed -----------------------------------------------------------------------------------


def test_the_seed_report_has_exactly_its_three_slips(seed: evalrules.Ruleset) -> None:
    found = audit.audit(seed, SURVEY, REPORTED)
    assert (found.result.total, found.result.grade) == (Decimal("92.47"), "优")
    weight, awareness, criterion = found.findings
    assert (weight.kind, weight.subject, weight.figure and weight.figure.stated) == \
        ("figure", "过程", Decimal(23))
    assert weight.figure is not None and weight.figure.places == ("三（五）",)
    assert weight.details == ("不影响得分；照报告所写，同级指标分值合计 103分，而满分为 100分",)
    assert awareness.figure is not None
    assert (awareness.subject, awareness.figure.stated, awareness.figure.computed) == \
        ("公众知晓率", Decimal("0.85"), Decimal("0.865"))
    assert [(c.kind, c.subject, c.stated, c.computed) for c in awareness.consequences] == [
        ("score", "效益/社会效益/公众知晓率", Decimal("8.85"), Decimal("9.01")),
        ("score", "效益", Decimal("28.01"), Decimal("28.17")),
        ("total", "总分", Decimal("92.31"), Decimal("92.47"))]
    assert awareness.effect == audit.Effect(Decimal("92.31"), "优", Decimal("92.47"), "优")
    assert (criterion.kind, criterion.subject) == ("criterion", "过程/资金管理/预算执行率")
    assert "×4分" in criterion.message and "分值为 6分" in criterion.message
    # Every other figure the report states agrees with the recomputation.
    grouped = {id(f) for finding in found.findings for f in
               (finding.figure, *finding.consequences) if f is not None}
    assert all(figure.agrees for figure in found.figures if id(figure) not in grouped)


def test_the_seed_in_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["audit", RULES, "--facts", SURVEY, "--reported", REPORTED]
    assert main(args) == 1
    text = capsys.readouterr().out
    assert text.count("\n1. ") == text.count("\n2. ") == text.count("\n3. ") == 1
    assert "\n4. " not in text and "对总分的影响：照报告的数总分为 92.31，复核为 92.47" in text
    assert main([*args, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [finding["kind"] for finding in data["findings"]] == ["figure", "figure", "criterion"]
    assert data["findings"][1]["figure"] == {
        "kind": "value", "subject": "公众知晓率", "stated": "0.85", "computed": "0.865",
        "difference": "-0.015", "percent": True, "places": ["五（四）", "附件1", "表4、表5"],
        "agrees": False}
    assert data["findings"][1]["effect"] == {"total": "92.31", "grade": "优",
                                             "recomputed_total": "92.47", "recomputed_grade": "优"}


def test_a_ruleset_without_slips_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    framework = ROOT / "rulesets" / "framework"
    for rules in ("project", "department"):
        args = ["audit", str(framework / f"{rules}.rules"), "--facts",
                str(framework / f"{rules}-facts.yaml")]
        assert main(args) == 0
        assert capsys.readouterr().out.rstrip().endswith("未发现问题")


def test_criteria_are_read_conservatively() -> None:
    """No false alarm on any ruleset shipped or tested; a 计 or ×N分 the rule lacks is told."""
    for path in (*ROOT.glob("rulesets/*/*.rules"), *ROOT.glob("tests/cases/good/*.rules")):
        rules = evalrules.load(path)
        told = [f.subject for f in audit.criterion_findings(rules.plan)]
        assert told == (["过程/资金管理/预算执行率"] if path.name == "qixia-12345.rules" else []), path
    rules = evalrules.compile("""满分 10分
指标 满意度（10分）{
  评价标准：“≥90%，计10分；80%(含)-90%，计6分；低于80%不得分”
  满意度≥90%，计10分；80%(含)-90%，计8分；低于80%不得分
}""")
    [finding] = audit.criterion_findings(rules.plan)
    assert "「80%(含)-90%，计6分」" in finding.message


# ---- reported values, beside their formulas ------------------------------------------------------


def test_a_reported_value_is_shown_beside_its_formula(seed: evalrules.Ruleset) -> None:
    found = audit.audit(seed, SEED / "facts.yaml")
    values = {value.name: value for value in found.reported_values}
    assert set(values) == {"公众知晓率", "公众认可率", "服务对象满意度"}
    assert values["公众知晓率"].formula_value is None
    assert values["公众知晓率"].missing[0] == "非常了解的人数"
    assert [f.kind for f in found.findings] == ["criterion"]


def test_a_reported_value_its_formula_contradicts_is_a_finding(tmp_path: Path,
                                                               seed: evalrules.Ruleset) -> None:
    both = tmp_path / "both.yaml"
    both.write_text(Path(SURVEY).read_text(encoding="utf-8") + "公众知晓率: 85%\n",
                    encoding="utf-8")
    found = audit.audit(seed, both)
    [reported] = [f for f in found.findings if f.kind == "reported"]
    assert reported.message == "公众知晓率：采用报告值 85%，按公式由现有事实算得 86.5%"
    assert reported.effect == audit.Effect(Decimal("92.47"), "优", Decimal("92.31"), "优")


# ---- other figures --------------------------------------------------------------------------------


def test_counts_sums_and_grades(seed: evalrules.Ruleset) -> None:
    found = audit.audit(seed, SURVEY, {
        "指标个数": {"二级指标": 9, "三级指标": 15, "出处": ["三（五）", "附件2"]},
        "分项": {"项目预算": {"值": "71.6", "其中": {"人员工资": "59.47", "其他费用": "12.03"}}},
        "总分": {"值": "88.5", "出处": "摘要"},
        "等级": "良"})
    said = [finding.message for finding in found.findings if finding.kind == "figure"]
    assert said == [
        "三级指标的个数：报告写 15个（三（五）、附件2），复核为 16个，差 -1个",
        "项目预算：报告写 71.6，其中各项之和为 71.5，差 0.1",
        "总分：报告写 88.5分（摘要），复核为 92.47分，差 -3.97分"]
    total = found.findings[2]
    assert [c.kind for c in total.consequences] == ["grade"]  # 良 follows from 88.5
    assert total.effect == audit.Effect(Decimal("88.5"), "良", Decimal("92.47"), "优")


def test_a_rate_is_compared_as_precisely_as_the_report_writes_it(seed: evalrules.Ruleset) -> None:
    found = audit.audit(seed, SURVEY, {"数值": {"公众知晓率": "86.5%", "公众认可率": "87.0%"}})
    assert all(figure.agrees for figure in found.figures)
    found = audit.audit(seed, SURVEY, {"数值": {"公众知晓率": "86%"}})
    assert not found.figures[0].agrees


# ---- the reported file as input ------------------------------------------------------------------


@pytest.mark.parametrize(("content", "codes"), [
    ("总得分: 92.31\n", ("E0501",)),
    ("指标:\n  知晓率: {得分: 8.85}\n  公众知晓率: {得份: 8.85}\n", ("E0502", "E0501")),
    ("指标:\n  公众知晓率: 8.85\n", ("E0501",)),
    ("总分: 九十二\n", ("E0501",)),
    ("数值:\n  知晓率: 85%\n", ("E0502",)),
    ("分项:\n  项目预算: {值: 71.6}\n", ("E0501",)),
    ("总分: [unclosed\n", ("E0501",)),
    ("- 92.31\n", ("E0501",)),
])
def test_a_wrong_reported_file_is_told_with_every_problem(
        content: str, codes: tuple[str, ...], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    reported = tmp_path / "reported.yaml"
    reported.write_text(content, encoding="utf-8")
    with pytest.raises(evalrules.EvalRulesError) as caught:
        audit.audit(evalrules.load(RULES), SURVEY, reported)
    assert caught.value.codes == codes
    assert main(["audit", RULES, "--facts", SURVEY, "--reported", str(reported)]) == 2
    said = capsys.readouterr()
    assert "Traceback" not in said.err and f"错误[{codes[0]}]" in said.err


def test_a_reported_file_that_cannot_be_read(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    for path in (tmp_path / "missing.yaml", tmp_path):
        assert main(["audit", RULES, "--facts", SURVEY, "--reported", str(path)]) == 2
        assert "错误[E0501]" in capsys.readouterr().err


def test_a_closed_output_is_exit_3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    assert main(["audit", RULES, "--facts", SURVEY, "--reported", REPORTED]) == 3


def test_the_audit_renders_without_trailing_spaces_at_any_width(seed: evalrules.Ruleset) -> None:
    found = audit.audit(seed, SURVEY, REPORTED)
    for width in (60, 80, 140):
        text = render_text(audit.render(found), width)
        assert all(line == line.rstrip() for line in text.splitlines())
        assert "发现 3 处问题" in text


# ---- a reported file is input like any other --------------------------------------------------------


def test_a_reported_file_too_large_or_a_bomb_is_refused(tmp_path: Path) -> None:
    rules = evalrules.load(RULES)
    large = tmp_path / "large.yaml"
    large.write_text("#" * (audit.MAX_FILE_CHARS + 1), encoding="utf-8")
    bomb = tmp_path / "bomb.yaml"
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
              f"*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 9)]
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for path in (large, bomb):
        with pytest.raises(evalrules.EvalRulesError) as caught:
            audit.audit(rules, SURVEY, path)
        assert caught.value.codes == ("E0501",)


def test_names_in_a_reported_file_reach_the_terminal_as_escapes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reported = tmp_path / "reported.yaml"
    reported.write_text('指标:\n  "\\e[2J知晓率": {得分: 8.85}\n', encoding="utf-8")
    assert main(["audit", RULES, "--facts", SURVEY, "--reported", str(reported)]) == 2
    said = capsys.readouterr().err
    assert "\x1b" not in said and "\\x1b[2J知晓率" in said


def test_many_wrong_figures_are_each_listed_after_bounded_rescoring(
        monkeypatch: pytest.MonkeyPatch) -> None:
    count = audit.MAX_RESCORED + 50
    rules = evalrules.compile(f"满分 {count}分\n" + "".join(
        f"指标 「指标{n}」（1分）{{ 得分 = 「完成{n}」×1分 }}\n" for n in range(count)))
    facts = {f"完成{n}": "1" for n in range(count)}
    scored = []
    real = audit.evaluate
    monkeypatch.setattr(audit, "evaluate", lambda *args: scored.append(1) or real(*args))
    found = audit.audit(rules, facts, {"指标": {f"指标{n}": {"得分": "0.5"} for n in range(count)}})
    assert len(found.findings) == count
    assert len(scored) == audit.MAX_RESCORED
    assert sum(finding.effect is not None for finding in found.findings) == audit.MAX_RESCORED
