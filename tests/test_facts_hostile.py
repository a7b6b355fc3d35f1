"""Facts from the unit being evaluated: whatever a fact file, a rule file's path or a mapping
given through the API holds, it is read exactly as written or refused with a clear error.
"""

from __future__ import annotations

import datetime
import errno
import json
import os
import threading
from collections import UserString, deque
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from enum import IntEnum
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import render_text
from test_limits import work

import evalrules
from evalrules import render
from evalrules.facts import Award, Facts, Judged, Occurrences, load_facts, parse_facts, read
from evalrules.plan import ValueType

LEAF = "指标 a（1分）{ 得分 = 最小值(x, 1)×1分 }\n"


def message(error: evalrules.EvalRulesError) -> str:
    return "\n".join(str(d) for d in error.diagnostics)


# ---- reading files ---------------------------------------------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A named pipe with a writer waiting to hand it a valid fact file.

    Opening the pipe for reading would let the writer in (and a reader that reads on would get
    the file), so a reader that refuses it without opening it leaves the writer waiting; the
    writer is let go at the end by opening the pipe without waiting.
    """
    path = tmp_path / "facts.yaml"
    os.mkfifo(path)

    def write() -> None:
        with path.open("w", encoding="utf-8") as pipe:
            pipe.write("x: 1\n")

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    yield path
    release = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    writer.join()
    os.close(release)


def test_a_named_pipe_is_refused_without_being_opened(fifo: Path) -> None:
    with pytest.raises(evalrules.FactError, match="命名管道") as caught:
        load_facts(fifo)
    assert caught.value.codes == ("E0304",)
    with pytest.raises(evalrules.EvalRulesError, match="命名管道") as rules:
        evalrules.load(fifo)
    assert rules.value.codes == ("E0001",)


@pytest.mark.parametrize(("path", "words"), [("/dev/zero", "设备"), ("/dev/null", "设备"),
                                             (".", "文件夹"), ("none.yaml", "不存在")])
def test_what_is_not_a_regular_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             path: str, words: str) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(evalrules.FactError) as caught:
        load_facts(path)
    assert caught.value.codes == ("E0304",)
    assert words in message(caught.value) and "Errno" not in message(caught.value)
    with pytest.raises(evalrules.EvalRulesError) as rules:
        evalrules.load(path)
    assert rules.value.codes == ("E0001",)
    assert words in message(rules.value)


def test_a_file_that_may_not_be_read_is_named(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("x: 1\n", encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> int:  # as the system does for other users
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(evalrules.FactError, match="没有读取权限"):
        load_facts(path)


@pytest.mark.parametrize("path", ["facts\0.yaml", "\ud800.yaml"])
def test_a_path_no_file_can_have_is_refused(path: str) -> None:
    with pytest.raises(evalrules.FactError, match="不能用于文件名的字符"):
        load_facts(path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_files_with_a_utf16_or_utf32_bom_are_read(tmp_path: Path, encoding: str) -> None:
    # Windows Notepad's "Unicode" is UTF-16 with a BOM: the BOM says which it is, so there is
    # nothing to guess. utf-16-be has no BOM of its own: one is written first.
    bom = "\ufeff" if encoding == "utf-16-be" else ""
    rules, facts = tmp_path / "a.rules", tmp_path / "f.yaml"
    rules.write_bytes((bom + LEAF).encode(encoding))
    facts.write_bytes((bom + "x: 0.5\r\n").encode(encoding))
    assert evalrules.load(rules).evaluate(facts).total == 0.5


def test_an_unreadable_encoding_says_which_are_read(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes("x: 1\n".encode("utf-16-le"))  # no BOM: NULs between the letters
    with pytest.raises(evalrules.FactError, match="UTF-16") as caught:
        load_facts(path)
    assert "另存为 UTF-8" in message(caught.value)
    path.write_bytes(b"x: \xff\xff\n")  # neither UTF-8 nor GB18030
    with pytest.raises(evalrules.FactError) as caught:
        load_facts(path)
    assert "UTF-8" in message(caught.value) and "GBK" in message(caught.value)
    assert "codec" not in message(caught.value)
    path.write_bytes(b"\xef\xbb\xbfx: \xc4\xe3\n")  # a UTF-8 BOM, then GBK: not guessed
    with pytest.raises(evalrules.FactError, match="UTF-8"):
        load_facts(path)


def test_lines_are_the_lines_spans_count() -> None:
    # A line separator (U+2028) is no line break to the parser: the line shown is the one meant.
    with pytest.raises(evalrules.RuleSyntaxError) as caught:
        evalrules.compile("# 注释\u2028续\n指标 a（1分）{ 得分 = x / }\n")
    span = caught.value.diagnostics[0].span
    assert span is not None and span.source.line(span.line) == "指标 a（1分）{ 得分 = x / }"


# ---- YAML: tags, names, and text kept as written -------------------------------------------


def read_x(text: str, kind: ValueType) -> object:
    return read(parse_facts(text)["x"], kind, None)


@pytest.mark.parametrize(("tagged", "kind", "value"), [
    ("!!bool 是", ValueType.BOOL, True), ("!!bool 否", ValueType.BOOL, False),
    ("!!bool true", ValueType.BOOL, True), ("!!bool No", ValueType.BOOL, False),
    ("!!int 17", ValueType.NUMBER, Decimal(17)), ("!!int -3", ValueType.NUMBER, Decimal(-3)),
    ("!!float 7.10", ValueType.NUMBER, Decimal("7.10")), ("!!float 5", ValueType.NUMBER, 5),
    ("!!str 7.1", ValueType.NUMBER, Decimal("7.1")), ("!!str 是", ValueType.TEXT, "是"),
    ("!!str 8:30", ValueType.TEXT, "8:30"),
    ("!!timestamp 2022-03-01", ValueType.DATE, datetime.date(2022, 3, 1)),
    ("!!str [1, 2]", None, None),
])
def test_a_tag_is_read_with_the_meaning_it_has(tagged: str, kind: ValueType | None,
                                              value: object) -> None:
    if kind is None:  # a tag on the wrong kind of value
        with pytest.raises(evalrules.FactError):
            parse_facts(f"x: {tagged}\n")
    else:
        assert read_x(f"x: {tagged}\n", kind) == value


@pytest.mark.parametrize("tagged", [
    "!!bool 1", "!!bool 0", "!!bool on", "!!bool 8:30", "!!bool [是]",
    "!!int 017", "!!int 0x1A", "!!int 0o17", "!!int 1_000", "!!int 1.5", "!!int 85%", "!!int 1:30",
    "!!int 是", "!!int {a: 1}", "!!float .inf", "!!float .nan", "!!float 1e3", "!!float 1,000",
    "!!null 5", "!!null 否", "!!null [1]", "!!timestamp 5", "!!timestamp 2022-02-30",
    "!!timestamp 2022-03-01 08:30:00", "!!str {a: 1}", "!!map 1", "!!seq 1", "!!map [1]",
    "!!seq {a: 1}",
])
def test_a_tag_that_would_change_a_value_is_refused_at_its_line(tagged: str) -> None:
    with pytest.raises(evalrules.FactError) as caught:
        parse_facts(f"y: 1\nx: {tagged}\n", "f.yaml")
    (problem,) = caught.value.diagnostics
    assert problem.code == "E0304"
    assert problem.location == "f.yaml:2:4"
    assert tagged.split()[0] in problem.message


def test_names_are_kept_as_written() -> None:
    names = ["on", "off", "yes", "no", "null", "~", "1.0", "1", "2022-01-01", "True", "0x1A",
             "8:30", "1_000", ".inf", "是"]
    facts = parse_facts("".join(f"{name}: {n}\n" for n, name in enumerate(names)))
    assert list(facts) == names
    assert list(parse_facts('{"1": 1, "1.0": 2, "true": 3, "null": 4}', as_json=True)) == [
        "1", "1.0", "true", "null"]


@pytest.mark.parametrize("text", ["1: a\n'1': b\n", "'on': a\non: b\n", "!!str 1: a\n1: b\n"])
def test_names_written_alike_are_one_name_given_twice(text: str) -> None:
    with pytest.raises(evalrules.FactError, match="出现了两次") as caught:
        parse_facts(text, "f.yaml")
    assert caught.value.diagnostics[0].location == "f.yaml:2:1"


@pytest.mark.parametrize(("text", "words"), [
    ("!!int 1: a\n", "标记"), ("!!null ~: a\n", "标记"), ("a: {!!bool yes: 1}\n", "标记"),
    ("'': a\n", "名称为空"), ("a: &a {值: 1}\nb:\n  <<: *a\n", "<<"),
])
def test_names_that_are_not_plain_text_are_refused(text: str, words: str) -> None:
    with pytest.raises(evalrules.FactError, match=words) as caught:
        parse_facts(text)
    assert caught.value.codes == ("E0304",)


@pytest.mark.parametrize("written", ["8:30", "1:30", "2023-01-01", "0o17", "017", "1_000",
                                     ".inf", ".nan", "0x1A", "yes", "on", "No", "1.50", "+1"])
def test_text_fields_keep_the_text_as_written(written: str) -> None:
    facts = parse_facts(f"x: {{值: 1, 来源: {written}}}\n"
                        f"y:\n  - {{时间: {written}, 情况: 空岗}}\n  - {written}\n"
                        f"z: {{等级: 一般, 依据: {written}}}\n")
    assert facts["x"].evidence == written
    records = read(facts["y"], ValueType.OCCURRENCES, None)
    assert isinstance(records, Occurrences)
    assert [r.summary for r in records.records] == [f"时间：{written}；情况：空岗", written]
    assert read(facts["z"], ValueType.LEVEL, None) == Judged("一般", written)
    assert read(facts["x"], ValueType.TEXT, None) == "1"


@pytest.mark.parametrize(("written", "value"), [
    ("017", Decimal(17)), ("+1", Decimal(1)), ("1.50", Decimal("1.50")), ("８５%", Decimal("0.85")),
    ("8:30", None), ("0o17", None), ("0x1A", None), ("1_000", None), ("1,000", None), (".inf", None),
    ("-.inf", None), (".nan", None), ("1e3", None), ("1.0e+3", None), ("٣", None),
])
def test_numbers_are_read_as_written_or_refused(written: str, value: Decimal | None) -> None:
    """017 is seventeen, as YAML 1.2 and any author read it; a number written in a way an
    author may mean otherwise (a time, a thousands separator, hexadecimal) is refused."""
    ruleset = evalrules.compile(LEAF)
    if value is not None:
        assert read_x(f"x: {written}\n", ValueType.NUMBER) == value
        return
    with pytest.raises(evalrules.FactError) as caught:
        ruleset.evaluate(parse_facts(f"x: {written}\n"))
    (problem,) = caught.value.diagnostics
    assert (problem.code, problem.fact) == ("E0302", "x")
    assert f"“{written}”" in problem.message


@pytest.mark.parametrize(("text", "place"), [
    ("a: 1\nb: [1, 2\n", "f.yaml:2:4"),
    ("a: 1\nb: 情况: 空岗\n", "f.yaml:2:6"),
    ("a: 1\n\tb: 2\n", "f.yaml:2:1"),
    ("a: 1\nb: *missing\n", "f.yaml:2:4"),
    ("a: 1\nb: 2\n---\nc: 3\n", "f.yaml:3:1"),
])
def test_yaml_errors_are_placed_in_the_fact_file(text: str, place: str) -> None:
    with pytest.raises(evalrules.FactError) as caught:
        parse_facts(text, "f.yaml")
    (problem,) = caught.value.diagnostics
    assert problem.code == "E0304" and problem.location == place
    assert "line" not in problem.message and "column" not in problem.message
    assert problem.span is not None
    line = text.splitlines()[problem.span.line - 1].strip()
    shown = render_text(render.diagnostics(caught.value))
    assert f"--> {place}" in shown and f"{problem.span.line} | " in shown and line in shown


@pytest.mark.parametrize(("text", "place"), [('{"a": 1,\n "b": [1, 2}', "f.json:2:12"),
                                             ('{"a": 1,\n "b" 2}', "f.json:2:6"),
                                             ('{"a": 1,\n "b": 2,}', "f.json:2:9")])
def test_json_errors_are_placed_in_the_fact_file(text: str, place: str) -> None:
    with pytest.raises(evalrules.FactError) as caught:
        parse_facts(text, "f.json", as_json=True)
    (problem,) = caught.value.diagnostics
    assert problem.code == "E0304" and problem.location == place
    assert "line" not in problem.message and "Expecting" not in problem.message


# ---- values given through the API ----------------------------------------------------------


class Int64:
    """What numpy gives for an integer: no int, but an exact __index__."""

    def __index__(self) -> int:
        return 5

    def __repr__(self) -> str:
        return "int64(5)"


class NumpyBool:
    """numpy's bool_: __index__ refuses, and it is not a bool."""

    def __index__(self) -> int:
        raise TypeError("not an integer")


class Quantity(IntEnum):
    FIVE = 5


class Loud(str):
    def __str__(self) -> str:
        return "not what was given"


class Distinct(str):
    """Text a dict keeps apart from the same text."""

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)


class Day(datetime.date):
    pass


class Names(Mapping[str, object]):
    def __init__(self, values: dict[str, object]) -> None:
        self.values = values

    def __getitem__(self, key: str) -> object:
        return self.values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)


@pytest.mark.parametrize(("given", "kind", "value"), [
    (Int64(), ValueType.NUMBER, Decimal(5)),
    (Quantity.FIVE, ValueType.NUMBER, Decimal(5)),
    (Fraction(1, 4), ValueType.NUMBER, Decimal("0.25")),
    (Loud("7.1"), ValueType.NUMBER, Decimal("7.1")),
    ((Int64(), "2"), ValueType.LIST, (Decimal(5), Decimal(2))),
    (deque(["1", Fraction(3, 2)]), ValueType.LIST, (Decimal(1), Decimal("1.5"))),
    (datetime.datetime(2023, 12, 31), ValueType.DATE, datetime.date(2023, 12, 31)),
    (datetime.datetime(2023, 12, 31, tzinfo=datetime.UTC), ValueType.DATE,
     datetime.date(2023, 12, 31)),
    (Day(2023, 12, 31), ValueType.DATE, datetime.date(2023, 12, 31)),
    (Names({"得分": Int64(), "依据": Loud("缺两份合同")}), ValueType.CHECK,
     Award(False, Decimal(5), "缺两份合同")),
])
def test_values_that_are_exact_are_read_exactly(given: object, kind: ValueType,
                                                value: object) -> None:
    read_ = read(Facts.from_mapping({"x": given})["x"], kind, None)
    assert read_ == value and type(read_) is type(value)


def test_dates_at_midnight_are_dates_in_a_rule() -> None:
    ruleset = evalrules.compile("指标 a（1分）{ 得分 = 相差天数(x, y)/10×1分 }")
    moment = datetime.datetime(2023, 1, 6)
    assert ruleset.evaluate({"x": moment, "y": datetime.date(2023, 1, 1)}).total == 0.5


DISCRETION = "指标 a（2分）{ 酌情扣分 x：0.5-2分 }\n"


@pytest.mark.parametrize(("given", "code", "words"), [
    ("\ud800", "E0310", "U+D800"),
    ("报告\x1b[2J", "E0310", "U+001B"),
    ("\u202e否", "E0310", "U+202E"),
    (Decimal("sNaN"), "E0302", "不是有限的数"),
    (Decimal("NaN"), "E0302", "不是有限的数"),
    (Decimal("-Infinity"), "E0302", "不是有限的数"),
    ([Decimal(1), Decimal("NaN")], "E0302", "不是有限的数"),
    (b"12", "E0302", "字节串"),
    (bytearray(b"12"), "E0302", "字节串"),
    (memoryview(b"12"), "E0302", "字节串"),
    (UserString("是"), "E0302", "UserString"),
    ({"值": b"1", "来源": "凭证"}, "E0302", "字节串"),
    ({1, 2}, "E0302", "集合"),
    (Fraction(1, 3), "E0302", "不能写成有限小数"),
    (datetime.datetime(2023, 12, 30, 16, 0), "E0302", "带时刻"),
    (datetime.time(8, 30), "E0302", "datetime.time"),
    (complex(1, 2), "E0302", "complex"),
    (NumpyBool(), "E0302", "NumpyBool"),
    (object(), "E0302", "object"),
    (10 ** 100, "E0305", "位数过多"),
    ({1: "a"}, "E0304", "名称应为文字"),
    ({"值": 1, "value": 2}, "E0302", "同时写了「值」和「value」"),
])
def test_odd_values_are_refused_naming_the_fact(given: object, code: str, words: str) -> None:
    with pytest.raises(evalrules.FactError) as caught:
        evalrules.compile(DISCRETION).evaluate({"x": given})
    (problem,) = caught.value.diagnostics
    assert (problem.code, problem.fact) == (code, "x")
    assert words in problem.message and " at 0x" not in problem.message
    str(caught.value).encode("utf-8")  # printable as it is


@pytest.mark.parametrize("name", ["\ud800", "a\x1b[2J", "\u202e甲"])
def test_names_that_cannot_be_shown_are_refused(name: str) -> None:
    with pytest.raises(evalrules.FactError) as caught:
        Facts.from_mapping({name: "1"})
    assert caught.value.codes == ("E0310",)
    str(caught.value).encode("utf-8")
    json.dumps([d.to_dict() for d in caught.value.diagnostics], ensure_ascii=False).encode()


def test_names_that_are_one_text_are_refused_not_merged() -> None:
    with pytest.raises(evalrules.FactError, match="出现了两次"):
        Facts.from_mapping({"x": "1", Distinct("x"): "2"})
    with pytest.raises(evalrules.FactError, match="出现了两次"):
        Facts.from_mapping({"x": {"a": 1, Distinct("a"): 2}})


def test_a_fact_set_that_is_not_a_mapping_is_refused() -> None:
    ruleset = evalrules.compile(LEAF)
    for given in ([("x", "1")], None, "x: 1"):
        with pytest.raises(evalrules.FactError) as caught:
            ruleset.evaluate(Facts.from_mapping(given))
        assert caught.value.codes == ("E0304",)


# ---- messages show values as written -------------------------------------------------------


@pytest.mark.parametrize(("given", "shown"), [
    ([Decimal(1), Decimal("2.50")], "[1, 2.50]"), ({"甲": Decimal(5)}, "{甲: 5}"),
    (None, "空"), (True, "是"), ([None, False], "[空, 否]"), (datetime.date(2023, 1, 1), "2023-01-01"),
])
def test_messages_show_values_as_written(given: object, shown: str) -> None:
    with pytest.raises(evalrules.FactError) as caught:
        evalrules.compile(LEAF).evaluate({"x": given})
    (problem,) = caught.value.diagnostics
    assert f"给出的是 {shown}" in problem.message
    assert not any(word in problem.message for word in ("Decimal", "None", "True", "datetime"))


@pytest.mark.parametrize("given", ["7" * 1_000_000 + "x", ["是"] * 100_000,
                                   {"值": "一" * 1_000_000}])
def test_messages_never_repeat_a_long_value(given: object) -> None:
    with pytest.raises(evalrules.FactError) as caught:
        evalrules.compile(LEAF).evaluate({"x": given})
    assert len(str(caught.value)) < 300
    assert "个字符）" in str(caught.value)


def test_messages_never_repeat_a_long_name() -> None:
    name = "名" * 1_000_000
    with pytest.raises(evalrules.FactError) as caught:
        Facts.from_mapping({name: b"1"})
    (problem,) = caught.value.diagnostics
    assert len(str(caught.value)) < 300 and problem.fact is not None and len(problem.fact) < 100


# ---- reasons say something -------------------------------------------------------------------


EMPTY_REASONS = ['""', "'  '", "。。。", "——", "~", "'\u3000'", "…", "'?!'"]


@pytest.mark.parametrize("reason", EMPTY_REASONS)
def test_an_empty_reason_is_no_reason(reason: str) -> None:
    ruleset = evalrules.compile(
        "指标 a（4分）{ 评价要点 { 甲（1分） 乙（3分） } }\n"
        "指标 b（2分）{ 酌情扣分 丙：0.5-2分 }\n"
        "指标 c（3分）{ 评定 丁：充分得3分，一般得1分 }\n")
    with pytest.raises(evalrules.FactError) as caught:
        ruleset.evaluate(parse_facts(f"甲: 是\n乙: {{得分: 2, 依据: {reason}}}\n"
                                     f"丙: {{扣分: 1, 依据: {reason}}}\n"
                                     f"丁: {{等级: 一般, 依据: {reason}}}\n"))
    assert {(d.code, d.fact) for d in caught.value.diagnostics} == {
        ("E0302", "乙"), ("E0302", "丙"), ("E0306", "丁")}
    assert all("依据" in d.message for d in caught.value.diagnostics)


@pytest.mark.parametrize("record", ["~", "''", "{情况: ''}", "{情况: ~, 时间: '。'}"])
def test_an_empty_record_is_not_an_occurrence(record: str) -> None:
    ruleset = evalrules.compile("指标 a（5分）{ 每出现1次无人在岗，扣1分，扣完为止 }")
    with pytest.raises(evalrules.FactError, match="第 2 条记录是空的") as caught:
        ruleset.evaluate(parse_facts(f"无人在岗:\n  - 夜班无人接听\n  - {record}\n"))
    assert caught.value.codes == ("E0302",)


@pytest.mark.parametrize(("given", "both"), [
    ("{值: 1, value: 2}", "「值」和「value」"),
    ("{值: 1, 来源: 凭证, source: 日志}", "「来源」和「source」"),
    ("{得分: 1, 扣分: 1, 依据: 缺合同}", "「得分」和「扣分」"),
    ("{扣分: 1, 依据: 缺合同, 理由: 未归档}", "「依据」和「理由」"),
])
def test_one_thing_said_two_ways_is_refused_not_chosen(given: str, both: str) -> None:
    ruleset = evalrules.compile(DISCRETION)
    with pytest.raises(evalrules.FactError) as caught:
        ruleset.evaluate(parse_facts(f"x: {given}\n"))
    (problem,) = caught.value.diagnostics
    assert problem.code == "E0302" and both in problem.message


# ---- the hint of similar names ---------------------------------------------------------------


def test_similar_names_cost_no_more_however_many_names_a_file_gives() -> None:
    missing = [f"预算执行率{stem}" for stem in "甲乙丙丁戊己庚辛壬癸"]
    ruleset = evalrules.compile("".join(f"指标 「{name}指标」（1分）{{ 得分 = 最小值({name}, 1)×1分 }}\n"
                                        for name in missing))

    def scoring(count: int) -> Callable[[], object]:
        # Every name given shares five characters with every name missing.
        facts = Facts.from_mapping({f"预算执行率{n}": "1" for n in range(count)})
        with pytest.raises(evalrules.FactError):
            ruleset.evaluate(facts)  # the names are indexed once, on first use
        return lambda: ruleset.evaluate(facts)

    near, far = scoring(2_000), scoring(10_000)
    work(near)
    small, large = work(near), work(far)
    assert small.codes == large.codes == ("E0301",) * len(missing)
    assert large.calls <= small.calls * 1.05 + 50, (small, large)
    with pytest.raises(evalrules.FactError) as caught:
        far()
    assert all(len(d.hints) == 2 and "预算执行率" in d.hints[0] for d in caught.value.diagnostics)


@pytest.mark.parametrize(("rule", "given"), [
    ("酌情扣分", {"得分": "1.5", "依据": "资料不全"}),
    ("酌情给分", {"扣分": "1", "依据": "做法突出"}),
])
def test_a_discretion_written_the_other_way_is_refused_not_taken(rule: str, given: object) -> None:
    # 酌情扣分 given {得分: 1.5} once deducted 1.5; 酌情给分 given {扣分: 1} scored 1.
    ruleset = evalrules.compile(f"指标 a（2分）{{ {rule} x：0.5-2分 }}")
    with pytest.raises(evalrules.FactError) as caught:
        ruleset.evaluate({"x": given})
    assert caught.value.codes == ("E0303",)
    assert rule in str(caught.value)


@pytest.mark.parametrize("rules", [
    "指标 a（2分）{ 评定 x：好得2分，差得0分 }",
    "指标 a（2分）{ 择一考核：x\n  指标 甲（2分）{ 得分 = 2分 }\n  指标 乙（2分）{ 得分 = 2分 } }",
])
def test_a_level_or_choice_not_offered_is_not_repeated_at_length(rules: str) -> None:
    given = "甲" * 1_000_000
    with pytest.raises(evalrules.FactError) as caught:
        evalrules.compile(rules).evaluate({"x": {"等级": given, "依据": "见底稿"}}
                                          if "评定" in rules else {"x": given})
    assert len(str(caught.value)) < 500


@pytest.mark.parametrize("text", ["x: 甲\ud800", "\ud800: 1", '{"x": "\ud800"}'])
def test_fact_text_with_a_lone_surrogate_is_refused_at_its_place(text: str) -> None:
    with pytest.raises(evalrules.FactError) as caught:
        parse_facts(text, as_json=text.startswith("{"))
    assert caught.value.codes == ("E0310",)
    assert caught.value.diagnostics[0].span is not None
