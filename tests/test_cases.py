"""Data-driven cases: tests/cases/good/X.rules with X.yaml (fact sets and what they must give),
and tests/cases/bad/X.rules whose first line names the error code (and place) they must raise."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import evalrules
from evalrules import numbers

CASES = Path(__file__).parent / "cases"
GOOD = sorted((CASES / "good").glob("*.rules"))
BAD = sorted((CASES / "bad").glob("*.rules"))


def good_cases() -> list[Any]:
    params = []
    for rules in GOOD:
        spec = yaml.safe_load(rules.with_suffix(".yaml").read_text(encoding="utf-8"))
        for index, case in enumerate(spec["cases"]):
            params.append(pytest.param(rules, case, id=f"{rules.stem}-{index}"))
    return params


def facts_of(case: dict[str, Any]) -> dict[str, object]:
    # Case files are read with plain YAML: turn its floats back into the text they were.
    def exact(value: object) -> object:
        if isinstance(value, float):
            return str(value)
        if isinstance(value, list):
            return [exact(v) for v in value]
        if isinstance(value, dict):
            return {str(k): exact(v) for k, v in value.items()}
        return value
    return {str(k): exact(v) for k, v in case["facts"].items()}


@pytest.mark.parametrize(("rules", "case"), good_cases())
def test_good_case(rules: Path, case: dict[str, Any]) -> None:
    ruleset = evalrules.load(rules)
    if "error" in case:
        with pytest.raises(evalrules.EvalRulesError) as caught:
            ruleset.evaluate(facts_of(case))
        assert case["error"] in caught.value.codes
        return
    result = ruleset.evaluate(facts_of(case))
    if "total" in case:
        assert numbers.to_text(result.total) == case["total"]
    for name, score in case.get("scores", {}).items():
        assert numbers.to_text(result.find(name).score) == score, name
    if "grade" in case:
        assert result.grade == case["grade"]
    if "losses" in case:
        assert {loss.path[-1]: numbers.to_text(loss.lost) for loss in result.losses} == case["losses"]
    lost = sum((numbers.to_fraction(loss.lost) for loss in result.losses), start=0)
    assert lost == numbers.to_fraction(numbers.sub(result.full_score, result.base))
    assert all(numbers.compare(loss.lost, numbers.ZERO) > 0 for loss in result.losses
               if loss.path != ("折算舍入",))


_EXPECTED = re.compile(r"#\s*(E\d{4})(?:\s+(\d+):(\d+))?")
# An optional second line, what the message must say: # 说：「2/3以上」用分数写了比例
_SAYS = re.compile(r"#\s*说[:：]\s*(.+)")


@pytest.mark.parametrize("rules", BAD, ids=[p.stem for p in BAD])
def test_bad_case(rules: Path) -> None:
    first, second = [*rules.read_text(encoding="utf-8").splitlines(), ""][:2]
    expected = _EXPECTED.match(first)
    assert expected, f"{rules.name}: first line must name the expected code"
    code, line, column = expected.groups()
    with pytest.raises(evalrules.EvalRulesError) as caught:
        evalrules.load(rules)
    problems = [d for d in caught.value.diagnostics if d.code == code]
    assert problems, f"expected {code}, got {caught.value.codes}"
    if line is not None:
        span = problems[0].span
        assert span is not None
        assert (span.line, span.column) == (int(line), int(column))
    says = _SAYS.match(second)
    if says is not None:
        assert says.group(1).strip() in problems[0].message, problems[0].message


def test_every_compile_and_syntax_code_has_a_bad_case() -> None:
    covered = {_EXPECTED.match(p.read_text(encoding="utf-8"))[1] for p in BAD}  # type: ignore[index]
    # E0105 and E0221 (a file over a limit) are made on the fly in test_limits.py.
    wanted = {code for code in evalrules.errors.CODES if code.startswith(("E01", "E02"))}
    wanted -= {"E0105", "E0221"}
    assert wanted <= covered, sorted(wanted - covered)


def test_a_leaf_lists_only_what_a_shared_metric_read_on_the_branch_it_took() -> None:
    ruleset = evalrules.compile("""满分 2分
指标 一（1分）{
  甲率 = 如果 启用 则 甲 否则 乙
  得分 = 甲率×分值
}
指标 二（1分）{ 得分 = 甲率×分值 }
指标 三（0分）{ 得分 = 乙×0分 }
""")
    result = ruleset.evaluate({"启用": True, "甲": 1, "乙": 1})
    for leaf in ("一", "二"):
        assert [read.name for read in result.find(leaf).reads] == ["启用", "甲", "甲率", "分值"]
