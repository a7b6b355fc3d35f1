"""Missing evidence: every missing fact told in one run, grouped by indicator; ``--partial``
scores with facts still missing, as ranges that hold every completion's score."""

from __future__ import annotations

import json
import random
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SEED, render_text
from hypothesis import given
from hypothesis import strategies as st
from test_properties import Example, rulesets

import evalrules
from evalrules import numbers
from evalrules.cli import main
from evalrules.partial import PartialResult, evaluate_partial, render

RULES = str(SEED / "qixia-12345.rules")
SURVEY = SEED / "survey-facts.yaml"
RECOGNITION = ("非常认可的人数", "比较认可的人数", "认可一般的人数", "不大认可的人数", "非常不认可的人数")


def without(tmp_path: Path, *names: str) -> str:
    """The seed's survey facts with the lines of ``names`` removed, as a file."""
    lines = [line for line in SURVEY.read_text(encoding="utf-8").splitlines()
             if not any(line.startswith(f"{name}:") for name in names)]
    path = tmp_path / "facts.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    said = capsys.readouterr()
    return code, said.out, said.err


def partial(rules: str, facts: dict[str, object]) -> PartialResult:
    return evaluate_partial(evalrules.compile(rules), facts)


# ---- every missing fact in one run --------------------------------------------------------

ACROSS = ("备案资料齐全", "实际支出资金", "无人在岗", *RECOGNITION)
GROUPS = [
    ("决策/项目立项/政府采购程序规范性", ["备案资料齐全"]),
    ("过程/资金管理/预算执行率", ["实际支出资金"]),
    ("产出/产出数量/服务时间", ["无人在岗"]),
    ("效益/社会效益/公众认可率", list(RECOGNITION)),
]


def test_every_missing_fact_is_told_in_one_run_grouped_by_indicator(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = without(tmp_path, *ACROSS)
    code, out, err = run(capsys, "eval", RULES, "--facts", facts)
    assert code == 2 and out == ""
    assert sorted(set(re.findall(r"缺少事实「(.+?)」", err))) == sorted(ACROSS)
    summary = err[err.index("共缺少 8 项事实，分属 4 个指标："):]
    compact = re.sub(r"\s+", "", summary)  # as wrapped at the terminal's width
    told = "".join(f"{indicator}：{'、'.join(names)}" for indicator, names in GROUPS)
    assert compact.startswith(f"共缺少8项事实，分属4个指标：{told}")
    assert "--partial" in summary


def test_missing_facts_grouped_in_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", RULES, "--facts", without(tmp_path, *ACROSS),
                       "--format", "json")
    data = json.loads(out)
    assert code == 2
    assert [(group["indicator"], group["facts"]) for group in data["missing"]] == GROUPS
    assert sorted(error["fact"] for error in data["errors"]) == sorted(ACROSS)


def test_a_fact_two_indicators_read_is_listed_under_both(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """问卷调查总人数 is told once (where it is first read), and listed under each indicator that
    cannot be scored without it."""
    facts = without(tmp_path, "问卷调查总人数", *RECOGNITION)
    code, out, err = run(capsys, "eval", RULES, "--facts", facts)
    assert code == 2 and err.count("缺少事实「问卷调查总人数」") == 1
    compact = re.sub(r"\s+", "", err[err.index("共缺少"):])
    assert compact.startswith("共缺少6项事实，分属2个指标：效益/社会效益/公众知晓率：问卷调查总人数"
                              "效益/社会效益/公众认可率：问卷调查总人数、" + "、".join(RECOGNITION))
    code, out, _ = run(capsys, "eval", RULES, "--facts", facts, "--format", "json")
    assert [group["facts"][0] for group in json.loads(out)["missing"]] == ["问卷调查总人数"] * 2


def test_other_errors_have_no_missing_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(SURVEY.read_text(encoding="utf-8").replace("预算资金: 35.5", "预算资金: 七"),
                    encoding="utf-8")
    code, out, _ = run(capsys, "eval", RULES, "--facts", str(path), "--format", "json")
    assert code == 2 and "missing" not in json.loads(out)


# ---- --partial on the seed (issue 10's "Done when") -------------------------------------------


def test_partial_without_the_recognition_answers(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    facts = without(tmp_path, *RECOGNITION)
    code, out, err = run(capsys, "eval", RULES, "--facts", facts, "--partial")
    assert (code, err) == (0, "")
    assert "证据不全：总分 83.31 至 93.31 / 100分，可能的等级：优、良" in out
    assert "公众认可率  0 至 10/10分" in out
    for name in RECOGNITION:
        assert re.search(rf"{name}\s+│\s+10 │ 效益/社会效益/公众认可率", out), name

    code, out, _ = run(capsys, "eval", RULES, "--facts", facts, "--partial", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["partial"] is True
    assert data["total"] == {"low": "83.31", "high": "93.31", "exact": True}
    assert data["grades"] == ["优", "良"]
    assert [(m["name"], m["effect"], m["indicators"]) for m in data["missing"]] == \
        [(name, "10", ["效益/社会效益/公众认可率"]) for name in RECOGNITION]


def test_without_partial_missing_facts_stay_an_error(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "eval", RULES, "--facts", without(tmp_path, *RECOGNITION))
    assert (code, out) == (2, "")
    assert err.count("错误[E0301]") == len(RECOGNITION)


def test_partial_explain_and_largest_effect_first(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", RULES, "--facts", without(tmp_path, *ACROSS), "--partial")
    assert code == 0
    assert "证据不全：总分 65.31 至 93.31（界） / 100分，可能的等级：优、良、中" in out
    order = [name for name in re.findall(r"^│ (\S+)", out, re.MULTILINE) if name in ACROSS]
    assert order == ["无人在岗", *RECOGNITION, "实际支出资金", "备案资料齐全"]
    assert "是或否，或给分 0-2分" in out  # what a missing 评价要点 was taken to be


def test_partial_with_every_fact_given_is_the_score(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "eval", RULES, "--facts", str(SURVEY), "--partial", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["missing"] == []
    assert data["total"] == {"low": "92.47", "high": "92.47", "exact": True} and data["grades"] == ["优"]


def test_partial_still_refuses_wrong_facts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(without(tmp_path, *RECOGNITION))
    path.write_text(path.read_text(encoding="utf-8").replace("预算资金: 35.5", "预算资金: 七"),
                    encoding="utf-8")
    code, _, err = run(capsys, "eval", RULES, "--facts", str(path), "--partial")
    assert code == 2 and "E0302" in err


# ---- the interval evaluation, form by form ----------------------------------------------------

HEAD = "满分 10分\n舍入：保留2位小数，四舍五入\n等级 {\n  好：6分（含）-10分\n  差：6分以下\n}\n"


def ends(found: PartialResult) -> tuple[str, str, bool]:
    return numbers.to_text(found.total.low), numbers.to_text(found.total.high), found.total.exact


def test_a_level_not_yet_picked_spans_the_lowest_score_it_may_be_given() -> None:
    rules = HEAD + "指标 甲（10分）{ 优（9-10分）、良（7-8分）、中（5-6分）、差（3-4分） }\n"
    assert ends(partial(rules, {})) == ("3", "10", True)


def test_division_by_a_range_holding_zero_is_unbounded_then_capped() -> None:
    rules = HEAD + "指标 甲（10分）{\n  得分 = 完成数/计划数×10分\n}\n"
    assert ends(partial(rules, {"计划数": "4"})) == ("0", "10", True)
    # 计划数 ≥ 0: 0 itself divides nothing, and near 0 the quotient grows without end; the
    # range is a bound, and says so.
    assert ends(partial(rules, {"完成数": "5"})) == ("0", "10", False)
    for facts in ({"计划数": "0"}, {"计划数": "3"}):  # a divisor 0 whatever is missing
        with pytest.raises(evalrules.EvalRulesError) as error:
            partial(rules.replace("/计划数", "/(计划数-计划数)"), facts)
        assert error.value.codes == ("E0401",)


def test_the_weight_in_a_formula_is_the_leafs() -> None:
    # 分值 is read as the evaluator reads it (it was 0 here): with every fact given, the score;
    # with one missing, the range of what it may give (a bound: the condition and the formula
    # both read 完成值).
    rules = HEAD + ("指标 甲（10分）{ 完成值达到指标值的，记满分；"
                    "未达到指标值的，按完成值/指标值×该指标分值计分。 }\n")
    assert ends(partial(rules, {"完成值": "80", "指标值": "100"})) == ("8", "8", True)
    assert ends(partial(rules, {"指标值": "100"})) == ("0", "10", False)


def test_a_declared_range_is_used() -> None:
    rules = HEAD + ("取值范围 完成率：80%（含）-90%（含）\n"
                    "指标 甲（10分）{\n  得分 = 完成率×10分\n}\n")
    found = partial(rules, {})
    assert ends(found) == ("8", "9", True) and found.grades == ("好",)
    assert found.missing[0].assumed == "80%（含）-90%（含）"


def test_bands_give_the_bands_reachable() -> None:
    rules = HEAD + ("取值范围 执行率：0%（含）-92%（含）\n指标 甲（10分）{\n"
                    "  执行率≥95%，计10分；90%（含）-95%，计8分；80%（含）-90%，计5分；80%以下，计0分\n}\n")
    assert ends(partial(rules, {})) == ("0", "8", True)


def test_deductions_checklists_judgements_and_discretion() -> None:
    rules = HEAD.replace("满分 10分", "满分 40分").replace("10分\n  差", "40分\n  差") + """
指标 甲（10分）{
  每出现1次投诉，扣2分，扣完为止
}
指标 乙（10分）{
  评价要点 {
    有制度（4分）“有制度”
    有台账（6分）“有台账”
  }
}
指标 丙（10分）{
  评定 执行情况：好得10分，一般得6分，差得2分
}
指标 丁（10分）{
  酌情扣分 问题：0-4分
}
"""
    found = partial(rules, {"有制度": "是"})
    assert [numbers.to_text(found.find(name).score.low) + "-" + numbers.to_text(found.find(name).score.high)
            for name in "甲乙丙丁"] == ["0-10", "4-10", "2-10", "6-10"]
    assert ends(found) == ("12", "40", True)


def test_conditions_not_known_take_both_ways() -> None:
    rules = HEAD + ("指标 甲（10分）{\n  不适用 当 未开展，不计入总分\n  得分 = 完成率×10分\n}\n"
                    "指标 乙（0分）{\n  得分 = 0分\n}\n")
    # Were 甲 left out, nothing would apply: no completion scores so; those that do, apply it.
    assert ends(partial(rules, {})) == ("0", "10", True)
    assert partial(rules, {}).find("甲").may_not_apply
    rules = HEAD + ("一票否决：发生安全事故\n"
                    "指标 甲（10分）{\n  得分 = 完成率×10分\n}\n")
    found = partial(rules, {"完成率": "70%"})
    assert ends(found) == ("0", "7", True) and found.grades == ("好", "差")
    assert [fact.name for fact in found.missing] == ["发生安全事故"]


def test_an_unknown_choice_is_tried_alternative_by_alternative() -> None:
    """Which alternative is taken decides whether anything applies; the effect of 完成率, with
    the choice at its first alternative (nothing applies), is measured on the whole range."""
    rules = HEAD + ("指标 甲（10分）{\n  择一考核：方式\n"
                    "  指标 乙（10分）{\n    不适用 当 未开展，不计入总分\n    得分 = 完成率×10分\n  }\n"
                    "  指标 丙（10分）{\n    得分 = 完成率×10分\n  }\n}\n")
    found = partial(rules, {"未开展": "是"})
    assert ends(found) == ("0", "10", True)
    assert [(fact.name, fact.effect) for fact in found.missing] == [("完成率", 10), ("方式", 0)]


def test_a_fact_read_twice_makes_the_range_a_bound() -> None:
    rules = HEAD + "指标 甲（10分）{\n  得分 = (完成率 - 完成率 + 50%)×10分\n}\n"
    found = partial(rules, {})
    assert ends(found) == ("0", "10", False)  # the truth is 5 to 5; the bound holds it
    assert "（界）" in render_text(render(found))


def test_nothing_missing_renders_the_settled_total() -> None:
    found = partial(HEAD + "指标 甲（10分）{\n  得分 = 完成率×10分\n}\n", {"完成率": "70%"})
    assert found.settled and ends(found) == ("7", "7", True)
    assert "总分 7 / 10分，等级 好" in render_text(render(found))


# ---- every completion scores inside the ranges ------------------------------------------------


def _another(value: object, chance: random.Random) -> object:
    """Another value of the same kind, within the natural ranges, for a fact left out."""
    if isinstance(value, bool):
        return chance.random() < 0.5
    if isinstance(value, int):
        return chance.randrange(0, 60)
    if isinstance(value, str) and re.fullmatch(r"\d+(\.\d+)?%?", value):
        number = Decimal(chance.randrange(0, 40_000)) / 100
        return f"{number}%" if value.endswith("%") else str(number)
    return value


def _inside(value: numbers.Exact, found: evalrules.partial.Range) -> bool:
    return numbers.compare(found.low, value) <= 0 <= numbers.compare(found.high, value)


def _walk(node: evalrules.IndicatorResult) -> list[evalrules.IndicatorResult]:
    return [node, *(found for child in node.children for found in _walk(child))]


@given(rulesets(), st.data())
def test_every_completion_scores_inside_the_ranges(example: Example, data: st.DataObject) -> None:
    ruleset = evalrules.compile(example.rules, "generated.rules")
    left_out = data.draw(st.lists(st.sampled_from(sorted(example.facts)), unique=True, max_size=4))
    given_facts = {name: value for name, value in example.facts.items() if name not in left_out}
    found = evaluate_partial(ruleset, given_facts)
    assert {fact.name for fact in found.missing} <= set(left_out)
    chance = random.Random(data.draw(st.integers(0, 2**32)))
    completions = [example.facts] + [
        {**example.facts, **{name: _another(example.facts[name], chance) for name in left_out}}
        for _ in range(5)]
    for index, completion in enumerate(completions):
        try:
            result = ruleset.evaluate(completion, trace=False)
        except evalrules.EvalRulesError:
            assert index > 0, "the facts as generated score"
            continue  # a value no scoring accepts (a zero divisor, a band it falls outside)
        assert _inside(result.total, found.total), (completion, found.total)
        assert result.grade is None or result.grade in found.grades
        scored = {node.path: node for top in result.indicators for node in _walk(top)}
        for top in found.indicators:
            for node in top.nodes():
                got = scored.get(node.path)  # not there: beneath an alternative not chosen
                if got is not None and got.applies:
                    assert _inside(got.score, node.score), (node.path, got.score, node.score)
    assert numbers.to_fraction(found.total.low) >= 0
    assert all(numbers.to_fraction(fact.effect) >= 0 for fact in found.missing)


def test_the_docs_example_is_the_survey_without_the_recognition_answers() -> None:
    import yaml

    def facts(name: str) -> dict[str, object]:
        loaded = yaml.safe_load((SEED / name).read_text(encoding="utf-8"))
        assert isinstance(loaded, dict)
        return loaded

    survey, missing = facts("survey-facts.yaml"), facts("missing-facts.yaml")
    assert missing == {name: value for name, value in survey.items() if name not in RECOGNITION}


def test_partial_score_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = str(SEED / "missing-facts.yaml")
    code, out, _ = run(capsys, "table", RULES, "--facts", facts, "--partial", "--format", "csv")
    rows = {row.split(",")[2]: row.split(",") for row in out.splitlines()[1:]}
    assert code == 0
    assert rows["公众认可率（10分）"][5:7] == ["0 至 10", "缺少：" + "、".join(RECOGNITION)]
    assert rows["公众知晓率（10分）"][5] == "9.01"
    assert rows["合计（100分）"][5] == "83.31 至 93.31" and rows["等级"][5] == "优或良"
    target = tmp_path / "得分表.xlsx"
    assert run(capsys, "table", RULES, "--facts", facts, "--partial", "-o", str(target))[0] == 0
    import openpyxl

    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    cells = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "83.31 至 93.31" in cells and 9.01 in cells


# ---- bounded work -----------------------------------------------------------------------------

_DIGITS = "甲乙丙丁戊己庚辛壬癸"


def _named(number: int) -> str:
    """A name for ``number`` (names hold no digits)."""
    return "".join(_DIGITS[int(digit)] for digit in str(number))


def _flat(size: int, exemption: bool = False) -> evalrules.Ruleset:
    """``size`` indicators of 1 point side by side, each reading facts of its own."""
    indicators = "".join(
        f"指标 「项{_named(n)}」（1分）{{\n"
        + (f"  不适用 当 未开展{_named(n)}，不计入总分\n" if exemption else "")
        + f"  得分 = 完成率{_named(n)}×1分\n}}\n" for n in range(size))
    return evalrules.compile(f"满分 {size}分\n舍入：保留2位小数，四舍五入\n{indicators}")


def _partial_work(ruleset: evalrules.Ruleset) -> int:
    from test_limits import counted

    action = lambda: evaluate_partial(ruleset, {})  # noqa: E731
    action()  # builds the ruleset's closures before counting
    done = counted(action)
    assert not done.codes
    return done.calls


@pytest.mark.parametrize("exemption", [False, True])
def test_the_work_grows_with_the_ruleset_not_its_square(exemption: bool) -> None:
    """Each missing fact's effect is measured by scoring again only the indicators on its way
    up; and leaves whose 不适用 may hold are not tried in every combination past a bound."""
    small, large = _partial_work(_flat(40, exemption)), _partial_work(_flat(160, exemption))
    assert large <= small * 4 * 1.2, (small, large)


def test_past_the_bound_on_combinations_the_total_is_bounded_by_any_scoring() -> None:
    found = evaluate_partial(_flat(12, exemption=True), {})  # 2^12 ways to apply or not
    assert ends(found) == ("0", "12", False)
    assert [fact.effect for fact in found.missing[:1]] == [Decimal("1")]
