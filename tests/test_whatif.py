"""What-if: --set on eval, explain and table; `evalrules gain`, and `gain --to`.

Every change gain proposes is one the engine confirmed; the tests check that again from outside,
by applying it with --set as a user would."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import SEED, render_text

import evalrules
from evalrules import whatif, whatif_render
from evalrules.cli import main
from evalrules.facts import load_facts, parse_facts

RULES = str(SEED / "qixia-12345.rules")
FACTS = str(SEED / "facts.yaml")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    said = capsys.readouterr()
    return code, said.out, said.err


def options(found: whatif.Gains) -> dict[tuple[str, str], whatif.Option]:
    return {(option.change.fact, option.change.value): option
            for leaf in found.leaves for option in leaf.options}


# ---- gain on the seed -------------------------------------------------------------------------


def test_gain_on_the_seed_finds_the_two_recoveries_of_the_issue() -> None:
    found = options(whatif.gains(evalrules.load(RULES), FACTS))
    funds = found[("实际到位资金", "35.5")]
    assert funds.recovered == Decimal("3.2") and funds.full
    # It wins back 资金到位率's 3.2 but takes 4.8 from 预算执行率 (7.1 spent of 35.5 is 20%).
    assert funds.elsewhere == ((("过程", "资金管理", "预算执行率"), Decimal("-4.8")),)
    assert funds.total == Decimal("90.71")
    awareness = found[("公众知晓率", "96%")]
    assert awareness.recovered == Decimal("1.15") and awareness.full
    assert (awareness.total, awareness.grade) == (Decimal("93.46"), "优")


def test_gain_text_and_json_through_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "gain", RULES, "--facts", FACTS, "--format", "json")
    assert code == 0
    data = json.loads(out)
    listed = {(o["fact"], o["value"]): o for leaf in data["leaves"] for o in leaf["options"]}
    assert listed[("实际到位资金", "35.5")]["recovered"] == "3.2"
    assert listed[("公众知晓率", "96%")]["recovered"] == "1.15"
    assert listed[("目标充分覆盖主要职责", "是")]["judged"] is True
    code, out, _ = run(capsys, "gain", RULES, "--facts", FACTS)
    assert code == 0
    assert "实际到位资金 7.1 → 35.5" in out and "公众知晓率 85% → 96%" in out
    assert "同时 预算执行率 -4.8分" in out and "（评价人的判断）" in out


def test_every_change_proposed_does_what_it_says_when_set() -> None:
    ruleset = evalrules.load(RULES)
    facts = load_facts(FACTS)
    before = ruleset.evaluate(facts)
    found = whatif.gains(ruleset, facts)
    assert found.leaves
    for leaf in found.leaves:
        for option in leaf.options:
            after = whatif.evaluate(ruleset, facts, [(option.change.fact, option.change.value)])
            assert after.total == option.total and after.grade == option.grade
            gained = after.find("/".join(leaf.path)).score - before.find("/".join(leaf.path)).score
            assert gained == option.recovered


# ---- --set ------------------------------------------------------------------------------------


def test_set_is_marked_in_explain_json_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    setting = ("--set", "实际到位资金=28.4", "--set", "公众知晓率=90%")
    code, out, _ = run(capsys, "explain", RULES, "--facts", FACTS, *setting)
    assert code == 0
    assert "实际到位资金 28.4（假设，原为 7.1）" in out  # the headline
    assert "实际到位资金 = 28.4（假设，原为 7.1）" in out  # the trace
    assert "公众知晓率 = 90%（采用报告值，不按公式计算）（假设，原为 85%）" in out
    code, out, _ = run(capsys, "eval", RULES, "--facts", FACTS, *setting, "--format", "json")
    data = json.loads(out)
    assert data["total"] == "90.74"
    assert data["assumed"] == [{"name": "实际到位资金", "value": "28.4", "was": "7.1"},
                               {"name": "公众知晓率", "value": "90%", "was": "85%"}]
    reads = [read for node in _leaves(data["indicators"]) for read in node.get("reads", [])
             if read.get("assumed")]
    assert {(read["name"], read["was"]) for read in reads} == {("实际到位资金", "7.1"),
                                                               ("公众知晓率", "85%")}
    code, out, _ = run(capsys, "table", RULES, "--facts", FACTS, *setting, "--format", "csv")
    rows = {row[2]: row for row in csv.reader(io.StringIO(out)) if len(row) > 3}
    why = rows["三级指标"].index("扣分原因")
    assert rows["资金到位率（4分）"][why] == ("实际到位资金 28.4（假设，原为 7.1）\n"
                                         "得分 = (28.4/35.5)×100%×4分 = 3.2")
    assert rows["合计（100分）"][why] == ("实际到位资金 28.4（假设，原为 7.1）\n"
                                        "公众知晓率 90%（假设，原为 85%）")


def test_without_set_nothing_is_marked(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "eval", RULES, "--facts", FACTS, "--format", "json")
    assert code == 0 and "assumed" not in out


def _leaves(nodes: list[dict[str, object]]) -> list[dict[str, object]]:
    found = []
    for node in nodes:
        children = node["children"]
        assert isinstance(children, list)
        found += _leaves(children) if children else [node]
    return found


@pytest.mark.parametrize(("setting", "code", "words"), [
    ("实际到位资金=abc", "E0302", "事实「实际到位资金」应为数值，但给出的是 “abc”"),
    ("公众知晓率=96", "E0311", "事实「公众知晓率」是百分数，给出的 96 没有写 %"),
    ("实际到位资金=", "E0302", "事实「实际到位资金」应为数值"),
    ("到位资金=35.5", "E0312", "--set 的「到位资金」不是本指标体系的事实"),
])
def test_a_bad_setting_is_told_like_a_bad_fact(capsys: pytest.CaptureFixture[str], setting: str,
                                               code: str, words: str) -> None:
    status, out, err = run(capsys, "eval", RULES, "--facts", FACTS, "--set", setting)
    assert status == 2 and not out
    assert f"错误[{code}]" in err and words in err
    status, out, _ = run(capsys, "explain", RULES, "--facts", FACTS, "--set", setting,
                         "--format", "json")
    assert status == 2 and json.loads(out)["errors"][0]["code"] == code


def test_an_unknown_name_lists_the_names_near_it(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run(capsys, "eval", RULES, "--facts", FACTS, "--set", "到位资金=35.5")
    assert "相近的名称：实际到位资金" in err


def test_a_name_set_twice_or_without_a_value_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "eval", RULES, "--facts", FACTS, "--set", "预算资金=1",
                         "--set", "预算资金=2")
    assert status == 2 and "给了「预算资金」两次" in err
    status, _, err = run(capsys, "table", RULES, "--facts", FACTS, "--set", "预算资金")
    assert status == 2 and "应写作 名称=值" in err


# ---- what the solver does with each kind of rule ------------------------------------------


def _gain(rules: str, facts: str) -> whatif.Gains:
    return whatif.gains(evalrules.compile(rules), parse_facts(facts))


def test_a_rule_not_monotone_in_the_fact_is_said_so() -> None:
    found = _gain("满分 10分\n指标 偏离（10分）{ 得分 = (甲-5)×(甲-5)/25×10分 }\n", "甲: 3\n")
    (leaf,) = found.leaves
    assert not leaf.options
    (unsolved,) = leaf.unsolved
    assert unsolved.fact == "甲" and "不一定单调" in unsolved.reason
    text = render_text(whatif_render.gains(found))
    assert "不一定单调" in text


def test_a_solution_without_a_finite_decimal_is_exact_and_verified() -> None:
    # 甲×3/7×10 = 10 at 甲 = 7/3: the value proposed is the nearest at two places that gives it.
    found = _gain("满分 10分\n舍入：保留2位小数，四舍五入\n指标 甲项（10分）{ 得分 = 甲×3/7×10分 }\n",
                  "甲: 1\n")
    (option,) = found.leaves[0].options
    assert option.change.value == "2.34" and option.full
    assert option.recovered == Decimal("10") - Decimal("4.29")
    assert isinstance(option.change.cost, Fraction) and option.change.cost == Fraction(134, 100)
    _no_floats(found.to_dict())


def test_a_declared_range_bounds_the_change() -> None:
    # 100% at most: 知晓率 can win back only up to 100%/120%×10 = 8.33.
    rules = ("满分 10分\n舍入：保留2位小数，四舍五入\n取值范围 知晓率：0%（含）-100%（含）\n"
             "指标 知晓（10分）{ 得分 = 知晓率/120%×10分 }\n")
    (option,) = _gain(rules, "知晓率: 60%\n").leaves[0].options
    assert option.change.value == "100%" and not option.full
    assert option.recovered == Decimal("8.33") - Decimal("5")


def test_bands_occurrences_levels_and_discretion() -> None:
    rules = """满分 40分
指标 完成率（10分）{ 完成率≥95%，计10分；85%(含)-95%，计6分；85%以下，计0分 }
指标 在岗（10分）{ 每出现1次无人在岗，扣2分，扣完为止 }
指标 依据（10分）{ 评定 立项依据：充分得10分，一般得5分，没有得0分 }
指标 管理（10分）{ 酌情扣分 管理问题：1-4分 }
"""
    facts = ("完成率: 86%\n无人在岗: 3\n立项依据: {等级: 一般, 依据: 缺少论证}\n"
             "管理问题: {扣分: 3, 依据: 台账不全}\n")
    found = options(_gain(rules, facts))
    assert found[("完成率", "95%")].recovered == Decimal("4")
    assert found[("无人在岗", "0")].recovered == Decimal("6")
    assert found[("立项依据", "充分")].change.judged
    assert found[("管理问题", "否")].recovered == Decimal("3")


def test_a_level_given_a_range_is_proposed_with_its_top_score() -> None:
    rules = "满分 10分\n指标 甲（10分）{ 优（9-10分）、良（7-8分）、差（0-6分） }\n"
    found = options(_gain(rules, "甲: {等级: 良, 得分: 7, 依据: 个别目标未细化}\n"))
    assert found[("甲", "{等级: 优, 得分: 10, 依据: 假设}")].recovered == Decimal("3")


def test_functions_conditions_and_facts_that_are_not_numbers() -> None:
    rules = """满分 20分
指标 封顶（10分）{ 得分 = 最小值(甲/80%×10分, 10分) }
指标 合规（6分）{
  评价要点 {
    资金全部到位（2分）“到位率100%” 当 实际到位资金 >= 预算资金
    无挪用（4分）“没有挪用” 当 挪用金额 == 0
  }
}
指标 完工（4分）{ 得分 = 如果 完工日期 <= 2022-12-31 则 4分 否则 0分 }
"""
    facts = "甲: 60%\n实际到位资金: 90\n预算资金: 100\n挪用金额: 2.5\n完工日期: 2023-01-05\n"
    found = _gain(rules, facts)
    changes = options(found)
    assert changes[("甲", "80%")].full
    assert changes[("实际到位资金", "100")].recovered == Decimal("2")
    assert changes[("预算资金", "90")].recovered == Decimal("2")
    assert changes[("挪用金额", "0")].recovered == Decimal("4")
    (late,) = [leaf for leaf in found.leaves if leaf.path == ("完工",)]
    assert not late.options and "不是数值（文字、日期、列表等）" in late.unsolved[0].reason


def _chain(levels: int, step: str) -> str:
    """Metrics defined from metrics, ``levels`` deep: 值1 = 甲, 值k = ``step`` of 值k-1."""
    lines = ["满分 10分", "「值1」 = 如果 甲 > 0 则 甲 否则 0"]
    lines += [f"「值{k}」 = {step.format(f'「值{k - 1}」')}" for k in range(2, levels + 1)]
    return "\n".join([*lines, f"指标 链（10分）{{ 得分 = 「值{levels}」×10分 }}", ""])


def test_metrics_sharing_terms_are_solved_once_each(monkeypatch: pytest.MonkeyPatch) -> None:
    # 值k = (值k-1 + 值k-1)/2 reads its metric twice: expanded as a tree, 2^levels pieces.
    calls = 0
    solve = whatif._Forms._of

    def counted(self: whatif._Forms, expr: object) -> object:
        nonlocal calls
        calls += 1
        return solve(self, expr)  # type: ignore[arg-type]

    monkeypatch.setattr(whatif._Forms, "_of", counted)
    found = _gain(_chain(24, "({0}+{0})/2"), "甲: 0.5\n")
    (option,) = found.leaves[0].options
    assert option.change.value == "1" and option.full
    assert calls < 24 * 30


def test_metrics_hundreds_deep_are_said_too_deep() -> None:
    (leaf,) = _gain(_chain(3000, "{0}"), "甲: 0.5\n").leaves
    assert not leaf.options
    assert "层层引用过深" in leaf.unsolved[0].reason


def _no_floats(data: object) -> None:
    assert not isinstance(data, float)
    if isinstance(data, dict):
        for value in data.values():
            _no_floats(value)
    elif isinstance(data, list):
        for value in data:
            _no_floats(value)


# ---- --to ---------------------------------------------------------------------------------


def _liang(tmp_path: Path) -> str:
    """The seed with five times no one on duty: 87.31, 良."""
    text = (SEED / "facts.yaml").read_text(encoding="utf-8").replace("无人在岗: 0", "无人在岗: 5")
    path = tmp_path / "liang.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_to_a_grade_on_a_liang_project_gives_a_path_that_reaches_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = _liang(tmp_path)
    _, out, _ = run(capsys, "eval", RULES, "--facts", facts, "--format", "json")
    assert json.loads(out)["grade"] == "良"
    code, out, _ = run(capsys, "gain", RULES, "--facts", facts, "--to", "优", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["reached"] is False and data["routes"]
    counts = [len(route["changes"]) for route in data["routes"]]
    assert counts == sorted(counts)  # fewest facts changed first
    for route in data["routes"]:
        settings = [arg for setting in route["set"] for arg in ("--set", setting)]
        code, out, _ = run(capsys, "eval", RULES, "--facts", facts, *settings, "--format", "json")
        assert code == 0
        scored = json.loads(out)
        assert scored["grade"] == "优" and scored["total"] == route["total"]
    code, out, _ = run(capsys, "gain", RULES, "--facts", facts, "--to", "优")
    assert "1. 无人在岗 5 → 2  → 总分 90.31，等级 优" in out


def test_to_a_total_needing_several_facts(tmp_path: Path) -> None:
    ruleset = evalrules.load(RULES)
    found = whatif.routes(ruleset, _liang(tmp_path), whatif.target(ruleset.plan, "97"))
    assert found.routes and all(len(route.changes) > 1 for route in found.routes)
    assert all(route.total >= 97 for route in found.routes)


def test_gain_with_nothing_lost(capsys: pytest.CaptureFixture[str]) -> None:
    framework = SEED.parent / "framework"
    code, out, _ = run(capsys, "gain", str(framework / "project.rules"), "--facts",
                       str(framework / "project-facts.yaml"))
    assert code == 0 and out == "总分 100，等级 优。没有失分的指标。\n"


def test_to_already_reached_and_to_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "gain", RULES, "--facts", FACTS, "--to", "优")
    assert code == 0 and "已达到" in out
    code, out, err = run(capsys, "gain", RULES, "--facts", FACTS, "--to", "甲等")
    assert code == 2 and not out and "--to 应为等级（优、良、中、差）" in err
