"""Fact files: exact numbers, Chinese booleans, records, and no way to run anything."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import evalrules
from evalrules.facts import Award, Occurrences, load_facts, read
from evalrules.plan import ValueType


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_numbers_are_decimals_from_their_text(tmp_path: Path) -> None:
    facts = load_facts(write(tmp_path, "f.yaml", "a: 7.1\nb: 35\nc: 85%\nd: '0.1'\n"))
    assert read(facts["a"], ValueType.NUMBER, None) == Decimal("7.1")
    assert read(facts["b"], ValueType.NUMBER, None) == Decimal(35)
    assert read(facts["c"], ValueType.NUMBER, None) == Decimal("0.85")
    assert read(facts["d"], ValueType.NUMBER, None) == Decimal("0.1")


def test_json_numbers_are_decimals(tmp_path: Path) -> None:
    facts = load_facts(write(tmp_path, "f.json", '{"a": 7.1, "b": "96%", "c": true}'))
    assert read(facts["a"], ValueType.NUMBER, None) == Decimal("7.1")
    assert read(facts["b"], ValueType.NUMBER, None) == Decimal("0.96")
    assert read(facts["c"], ValueType.BOOL, None) is True


@pytest.mark.parametrize(("name", "text"), [
    ("f.yaml", "甲: 1\n乙: 2\n甲: 3\n"),
    ("f.json", '{"甲": 1, "乙": 2, "甲": 3}'),
    ("f.json", '{"乙": [{"日期": "2022-01-01", "日期": "2022-02-01"}]}'),
])
def test_a_name_given_twice_is_refused_not_overwritten(tmp_path: Path, name: str,
                                                        text: str) -> None:
    with pytest.raises(evalrules.FactError, match="出现了两次") as caught:
        load_facts(write(tmp_path, name, text))
    assert caught.value.codes == ("E0304",)


@pytest.mark.parametrize(("text", "value"), [("是", True), ("否", False), ("true", True),
                                             ("无", False), ("有", True)])
def test_booleans_in_chinese_and_english(tmp_path: Path, text: str, value: bool) -> None:
    facts = load_facts(write(tmp_path, "f.yaml", f"a: {text}\n"))
    assert read(facts["a"], ValueType.BOOL, None) is value


def test_occurrences_as_count_or_records(tmp_path: Path) -> None:
    facts = load_facts(write(tmp_path, "f.yaml", (
        "a: 2\n"
        "b:\n  - {日期: 2022-03-01, 情况: 夜班无人接听, 来源: 系统日志}\n  - 2022-05-02 午间空岗\n")))
    count = read(facts["a"], ValueType.OCCURRENCES, None)
    assert isinstance(count, Occurrences) and (count.count, count.records) == (2, ())
    records = read(facts["b"], ValueType.OCCURRENCES, None)
    assert isinstance(records, Occurrences) and records.count == 2
    assert records.records[0].summary == "日期：2022-03-01；情况：夜班无人接听；来源：系统日志"


def test_impossible_dates_are_a_fact_error(tmp_path: Path) -> None:
    ruleset = evalrules.compile("指标 a（1分）{ 得分 = 相差天数(甲, 乙)/1000×1分 }")
    path = write(tmp_path, "f.yaml", "甲: 2022-02-30\n乙: 2022-01-01\n")
    with pytest.raises(evalrules.FactError) as caught:
        ruleset.evaluate(path)
    assert caught.value.codes == ("E0302",)
    assert caught.value.diagnostics[0].fact == "甲"


def test_award_needs_a_score_and_a_reason(tmp_path: Path) -> None:
    facts = load_facts(write(tmp_path, "f.yaml", "a: {得分: 1, 依据: 缺少量化指标}\nb: {得分: 1}\n"))
    assert read(facts["a"], ValueType.CHECK, None) == Award(False, Decimal(1), "缺少量化指标")
    with pytest.raises(evalrules.FactError, match="依据"):
        read(facts["b"], ValueType.CHECK, None)


def test_award_out_of_range_is_refused() -> None:
    ruleset = evalrules.compile("指标 a（4分）{ 评价要点 { 甲（1分） 乙（3分） } }")
    with pytest.raises(evalrules.FactError) as caught:
        ruleset.evaluate({"甲": "是", "乙": {"得分": 4, "依据": "多给了"}})
    assert caught.value.codes == ("E0303",)


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(evalrules.FactError) as missing:
        load_facts(tmp_path / "none.yaml")
    with pytest.raises(evalrules.FactError) as broken:
        load_facts(write(tmp_path, "f.yaml", "a: [1, 2\n"))
    with pytest.raises(evalrules.FactError) as not_mapping:
        load_facts(write(tmp_path, "g.yaml", "- 1\n- 2\n"))
    assert missing.value.codes == broken.value.codes == not_mapping.value.codes == ("E0304",)


def test_evidence_travels_with_a_value(tmp_path: Path) -> None:
    ruleset = evalrules.compile("指标 a（4分）{ 得分 = x×4分 }")
    facts = load_facts(write(tmp_path, "f.yaml", "x: {值: 50%, 来源: 会计凭证第12号}\n"))
    (read_,) = ruleset.evaluate(facts).find("a").reads
    assert (read_.shown.text, read_.evidence) == ("50%", "会计凭证第12号")


def test_files_saved_as_gbk_are_read(tmp_path: Path) -> None:
    rules = tmp_path / "gbk.rules"
    rules.write_bytes("满分 10分\n指标 资金到位率（10分）{ 得分 = 实际到位资金/预算资金×10分 }\n"
                      .encode("gbk"))
    facts = tmp_path / "gbk.yaml"
    facts.write_bytes("实际到位资金: 7.1\n预算资金: 35.5\n".encode("gbk"))
    assert evalrules.load(rules).evaluate(facts).total == 2
