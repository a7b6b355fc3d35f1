"""evalrules batch: many projects in, one row of exact scores each out, whatever the input kind,
whatever the number of worker processes; bad rows reported in full while the others score."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import random
import re
import sys
import tracemalloc
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SEED
from openpyxl import Workbook, load_workbook

import evalrules
from evalrules import batch
from evalrules.cli import main
from evalrules.facts import parse_facts

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import facts as generated
from rows import cell_text

SEED_RULES = str(SEED / "qixia-12345.rules")

# Every kind of fact a cell can hold: a number, a percentage, a count, a list of records, a
# judged level with its reason, a checklist item scored by the evaluator.
RULES = """满分 20分
舍入：保留2位小数，四舍五入
指标 资金到位率（4分）{ 得分 = 实际到位资金/预算资金×4分 }
指标 服务时间（4分）{ 每出现1次无人在岗，扣1分，扣完为止 }
指标 知晓率（4分）{ 得分 = 公众知晓率/96%×4分（超过4分按4分计） }
指标 内容相符性（4分）{ 评定 内容相符程度：相符的得4分；基本相符的得2分；不相符的不得分 }
指标 管理（4分）{
  评价要点 {
    已制定管理制度（2分）
    制度执行有效（2分）
  }
}
"""
YAML_FACTS = """实际到位资金: 7.1
预算资金: 35.5
无人在岗: [{日期: 2022-03-01, 情况: 夜班无人接听}, {日期: 2022-03-09, 情况: 午间无人}]
公众知晓率: 85%
内容相符程度: {等级: 基本相符, 依据: 部分建设内容未在申报书中体现}
已制定管理制度: 是
制度执行有效: {得分: 1.5, 依据: 抽查两项未执行}
"""
HEADER = ["项目名称", "实际到位资金", "预算资金", "无人在岗", "公众知晓率", "内容相符程度", "已制定管理制度",
          "制度执行有效"]
GOOD = ["甲", "7.1", "35.5", "[{日期: 2022-03-01, 情况: 夜班无人接听}, {日期: 2022-03-09, 情况: 午间无人}]",
        "85%", "{等级: 基本相符, 依据: 部分建设内容未在申报书中体现}", "是",
        "{得分: 1.5, 依据: 抽查两项未执行}"]


@pytest.fixture
def rules(tmp_path: Path) -> str:
    path = tmp_path / "small.rules"
    path.write_text(RULES, encoding="utf-8")
    return str(path)


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as file:
        csv.writer(file).writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def seed_rows(count: int, seed: int = 1) -> Iterator[dict[str, object]]:
    return generated.fact_sets(generated.seed, count, seed)


def seed_csv(path: Path, count: int) -> list[dict[str, object]]:
    rows = list(seed_rows(count))
    names = list(rows[0])
    write_csv(path, [["项目编号", *names],
                     *([f"P{i:05d}", *(cell_text(row[name]) for name in names)]
                       for i, row in enumerate(rows))])
    return rows


def test_a_csv_of_generated_projects_scores_as_evaluate_does(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    rows = seed_csv(tmp_path / "projects.csv", 60)
    code = main(["batch", SEED_RULES, "--facts", str(tmp_path / "projects.csv"),
                 "-o", str(tmp_path / "out.csv"), "--jobs", "1"])
    assert code == 0
    ruleset = evalrules.load(SEED_RULES)
    written = read_csv(tmp_path / "out.csv")
    assert [line["key"] for line in written] == [f"P{i:05d}" for i in range(60)]
    assert [line["row"] for line in written] == [str(i) for i in range(2, 62)]
    for given, line in zip(rows, written, strict=True):
        result = ruleset.evaluate(given)
        assert Decimal(line["total"]) == result.total
        assert line["grade"] == result.grade
        for leaf in result.leaves():
            assert Decimal(line["/".join(leaf.path)]) == leaf.score
        assert line["errors"] == ""
    summary = capsys.readouterr().out
    assert "项目数" in summary and "60" in summary


def test_cells_hold_lists_records_levels_and_scores_as_a_fact_file_does(
        rules: str, tmp_path: Path) -> None:
    expected = evalrules.load(rules).evaluate(parse_facts(YAML_FACTS))
    assert expected.total == Decimal("11.84")  # every leaf took its fact: 0.8+2+3.54+2+3.5
    write_csv(tmp_path / "in.csv", [HEADER, GOOD])
    assert main(["batch", rules, "--facts", str(tmp_path / "in.csv"), "-o",
                 str(tmp_path / "out.jsonl"), "--quiet", "--jobs", "1"]) == 0
    record = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert record["key"] == "甲" and record["row"] == 2
    assert record["total"] == "11.84" and record["errors"] == []
    assert record["indicators"] == batch.scores(expected)


def test_json_lines_in_and_a_folder_of_fact_files_in(rules: str, tmp_path: Path) -> None:
    mapping = {name: value for name, value in zip(HEADER, GOOD, strict=True)}
    data = {**mapping, "无人在岗": [{"日期": "2022-03-01"}, {"日期": "2022-03-09"}],
            "内容相符程度": {"等级": "基本相符", "依据": "部分建设内容未在申报书中体现"},
            "制度执行有效": {"得分": "1.5", "依据": "抽查两项未执行"}}
    lines = [json.dumps(data, ensure_ascii=False), "", json.dumps({**data, "项目名称": "乙"},
                                                                  ensure_ascii=False),
             '{"项目名称": "丙", "预算资金": 1,}']
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["batch", rules, "--facts", str(tmp_path / "in.jsonl"), "-o",
                 str(tmp_path / "out.csv"), "--quiet", "--jobs", "1"]) == 1
    assert [(r["row"], r["key"], r["total"], "E0304" in r["errors"])
            for r in read_csv(tmp_path / "out.csv")] == [
        ("1", "甲", "11.84", False), ("3", "乙", "11.84", False), ("4", "4", "", True)]

    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "b-project.yaml").write_text(YAML_FACTS, encoding="utf-8")
    (folder / "a-project.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (folder / "notes.txt").write_text("不是事实文件", encoding="utf-8")
    (folder / "c-broken.yml").write_text("预算资金: [1,\n", encoding="utf-8")
    assert main(["batch", rules, "--facts", str(folder), "-o", str(tmp_path / "dir.csv"),
                 "--quiet", "--jobs", "1"]) == 1
    assert [(r["row"], r["key"], r["total"]) for r in read_csv(tmp_path / "dir.csv")] == [
        ("1", "a-project", "11.84"), ("2", "b-project", "11.84"), ("3", "c-broken", "")]
    assert "E0304" in read_csv(tmp_path / "dir.csv")[2]["errors"]


def test_bad_rows_are_reported_with_their_line_key_and_every_problem(
        rules: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    two_problems = ["乙", "七点一", "0", *GOOD[3:5], "{等级: 极好}", *GOOD[6:]]
    missing = ["丙", "7.1", "35.5", *GOOD[3:7]]  # 制度执行有效 not given
    zero = ["丁", "7.1", "0", *GOOD[3:]]
    quoted = ["戊\n（跨两行的名称）", *GOOD[1:]]
    bad_flow = ["己", *GOOD[1:3], "[{日期: 2022-03-01", *GOOD[4:]]
    too_many = [*GOOD, "", "多出的值"]
    write_csv(tmp_path / "in.csv", [HEADER, GOOD, two_problems, missing, quoted, zero, bad_flow,
                                    too_many])
    code = main(["batch", rules, "--facts", str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv"),
                 "--jobs", "1"])
    assert code == 1
    said = capsys.readouterr()
    err = said.err
    assert "第 3 行（乙）未能评分，共 2 个问题" in err
    assert "E0302" in err and "E0306" in err
    assert "第 4 行（丙）未能评分，共 1 个问题" in err and "E0301" in err
    assert "第 7 行（丁）未能评分" in err and "E0401" in err  # the quoted cell took lines 5 and 6
    assert "第 8 行（己）未能评分" in err and "E0304" in err
    assert re.search(r"未能评分 │ +5 │", said.out)
    written = read_csv(tmp_path / "out.csv")
    assert "第 9 行（9）未能评分" in err and "第 9 行有 10 个值，多于表头的 8 列" in err
    assert [(r["row"], r["total"]) for r in written] == [
        ("2", "11.84"), ("3", ""), ("4", ""), ("5", "11.84"), ("7", ""), ("8", ""), ("9", "")]
    assert written[1]["errors"].count("E030") == 2
    assert written[3]["key"] == "戊\\n（跨两行的名称）"


def test_exit_codes(rules: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write_csv(tmp_path / "in.csv", [HEADER, GOOD])
    out = str(tmp_path / "out.csv")
    (tmp_path / "broken.rules").write_text("满分 10分\n指标 甲（10分）{ 得分 = \n", encoding="utf-8")
    (tmp_path / "latin.csv").write_bytes(b"\xff\xfe\xfa,\x81\n")
    assert main(["batch", rules, "--facts", str(good), "-o", out, "--quiet"]) == 0
    assert main(["batch", str(tmp_path / "broken.rules"), "--facts", str(good), "-o", out]) == 2
    assert main(["batch", rules, "--facts", str(tmp_path / "none.csv"), "-o", out]) == 2
    assert main(["batch", rules, "--facts", str(tmp_path / "latin.csv"), "-o", out]) == 2
    assert main(["batch", rules, "--facts", str(good), "-o", str(tmp_path / "out.txt")]) == 2
    assert main(["batch", rules, "--facts", str(good), "-o", str(good)]) == 2
    assert main(["batch", rules, "--facts", str(tmp_path), "-o", out, "--trace-dir", str(tmp_path)]) == 2
    assert main(["batch", rules, "--facts", str(good), "-o", out, "--key", "编号"]) == 2
    assert main(["batch", rules, "--facts", str(good), "-o", out, "--jobs", "0"]) == 2
    assert main(["batch", rules, "--facts", str(good), "-o", str(tmp_path / "no" / "out.csv")]) == 3
    err = "".join(capsys.readouterr().err.split())  # as said, whatever the lines were cut at
    assert "错误[E0103]" in err
    assert "既不是UTF-8编码" in err
    assert "没有--key所指的列「编号」" in err
    assert "no/out.csv无法写入（所在的文件夹不存在）" in err
    assert "Traceback" not in err


def test_a_csv_saved_as_gbk_is_read(rules: str, tmp_path: Path) -> None:
    write_csv(tmp_path / "gbk.csv", [HEADER, GOOD], encoding="gbk")
    assert main(["batch", rules, "--facts", str(tmp_path / "gbk.csv"), "-o",
                 str(tmp_path / "out.csv"), "--quiet", "--jobs", "1"]) == 0
    assert read_csv(tmp_path / "out.csv")[0]["total"] == "11.84"


def test_two_workers_write_the_same_bytes_as_one(tmp_path: Path) -> None:
    seed_csv(tmp_path / "projects.csv", 300)
    outputs = {}
    for jobs in ("1", "2"):
        for kind in ("csv", "jsonl"):
            out = tmp_path / f"out-{jobs}.{kind}"
            trace = tmp_path / f"trace-{jobs}"
            assert main(["batch", SEED_RULES, "--facts", str(tmp_path / "projects.csv"), "-o", str(out),
                         "--jobs", jobs, "--quiet", "--trace-dir", str(trace)]) == 0
            outputs[jobs, kind] = out.read_bytes()
        outputs[jobs, "trace"] = b"".join(path.read_bytes() for path in sorted(trace.iterdir()))
    for kind in ("csv", "jsonl", "trace"):
        assert outputs["1", kind] == outputs["2", kind]


def make_workbook(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["项目名称", "实际到位资金", "预算资金", "无人在岗", "公众知晓率", "内容相符程度",
                  "已制定管理制度", "制度执行有效", "开工日期"])
    sheet.append(["甲", 0.1 + 0.2, 35.5, 2, 0.85, "相符", True, "{得分: 1.5, 依据: 抽查两项未执行}",
                  datetime.datetime(2022, 3, 1)])
    sheet.append([12345, 7.1, 35.5, 0, 0.1 * 8.5, "相符", False, "是", datetime.datetime(2022, 3, 1, 8)])
    for row in (2, 3):
        sheet.cell(row, 5).number_format = "0%"
    book.save(path)


def test_spreadsheet_values_are_read_exactly_as_it_shows_them(tmp_path: Path) -> None:
    make_workbook(tmp_path / "in.xlsx")
    assert 0.1 + 0.2 != 0.3 and 0.1 * 8.5 != 0.85  # what the cells hold, as binary floats
    first, second = batch.read_rows(tmp_path / "in.xlsx")
    raw = {name: fact.raw for name, fact in first.facts().items()}
    assert raw == {"项目名称": "甲", "实际到位资金": Decimal("0.3"), "预算资金": Decimal("35.5"),
                   "无人在岗": Decimal(2), "公众知晓率": "85%", "内容相符程度": "相符",
                   "已制定管理制度": True, "制度执行有效": {"得分": "1.5", "依据": "抽查两项未执行"},
                   "开工日期": datetime.date(2022, 3, 1)}
    # A date with a time of day is refused, as the facts refuse it anywhere.
    assert second.key == "12345"
    with pytest.raises(evalrules.FactError) as refused:
        second.facts()
    assert [(p.code, p.fact) for p in refused.value.diagnostics] == [("E0302", "开工日期")]


def test_a_workbook_scores_and_writes_a_workbook(rules: str, tmp_path: Path) -> None:
    make_workbook(tmp_path / "in.xlsx")
    assert main(["batch", rules, "--facts", str(tmp_path / "in.xlsx"), "-o", str(tmp_path / "out.xlsx"),
                 "--quiet", "--jobs", "1"]) == 1
    sheet = load_workbook(tmp_path / "out.xlsx", read_only=True).worksheets[0]
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert header[:4] == ["row", "key", "total", "grade"]
    assert rows[0][:3] == [2, "甲", 13.07]  # 0.03+2+3.54+4+3.5
    assert rows[1][:3] == [3, "12345", None] and "E0302" in rows[1][-1]


def test_a_key_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    write_csv(tmp_path / "in.csv", [HEADER, ["=1+1", *GOOD[1:]]])
    (tmp_path / "small.rules").write_text(RULES, encoding="utf-8")
    assert main(["batch", str(tmp_path / "small.rules"), "--facts", str(tmp_path / "in.csv"),
                 "-o", str(tmp_path / "out.xlsx"), "--quiet", "--jobs", "1"]) == 0
    sheet = load_workbook(tmp_path / "out.xlsx").worksheets[0]
    assert sheet.cell(2, 2).value == "=1+1" and sheet.cell(2, 2).data_type == "s"


def test_explanation_file_names_are_safe_and_unique(tmp_path: Path) -> None:
    keys = ["../../etc/passwd", "a/b\\c", "..", "", "CON", "con.txt", "Ab", "ab", "ab", "é", "é",
            "项" * 200, "\x1b[31m", "a:b*?"]
    names = batch.TraceNames()
    made = [names.name(batch.Outcome(number, key, None, None, {})) for number, key in
            enumerate(keys, 2)]
    assert len({name.casefold() for name in made}) == len(made)
    for name in made:
        assert "/" not in name and "\\" not in name and name not in (".json", "..json")
        assert not name.startswith(".") and len(name.encode("utf-8")) <= 150
        assert name.isprintable() and not set(name) & set('<>:"|?*')
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert len(list(tmp_path.iterdir())) == len(keys)
    assert made[2:5] == ["_.json", "_~5.json", "_CON.json"] and made[5].startswith("_con")


@pytest.mark.parametrize("jobs", [1, 2])
def test_memory_does_not_grow_with_the_rows(tmp_path: Path, jobs: int) -> None:
    """Reading, scoring and writing 8,000 rows takes no more memory at its peak than 2,000:
    nothing is held for the whole input, neither rows read ahead nor outcomes waiting to be written."""
    ruleset = evalrules.compile("满分 10分\n指标 甲（10分）{ 得分 = 实际/计划×10分（超过10分按10分计） }\n")
    peaks = []
    for count in (2000, 8000):
        write_csv(tmp_path / "in.csv", [["实际", "计划"], *([str(i), "8000"] for i in range(count))])
        tracemalloc.start()
        writer = batch.open_output(tmp_path / "out.csv", batch.indicator_paths(ruleset))
        for outcome in batch.score(ruleset, batch.read_rows(tmp_path / "in.csv"), jobs):
            writer.write(outcome)
        writer.close()
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] - peaks[0] < 200_000, peaks


def test_the_mean_is_rounded_as_the_ruleset_rounds() -> None:
    summary = batch.Summary.of(evalrules.load(SEED_RULES))
    for total in ("90", "90", "91"):
        summary.add(batch.Outcome(1, "x", Decimal(total), "优", {}))
    summary.add(batch.Outcome(4, "y", None, None, {}, ()))
    assert (summary.rows, summary.scored, summary.failed) == (4, 3, 1)
    assert summary.mean == Decimal("90.33") and summary.grades == {"优": 3}
    assert (summary.lowest, summary.highest) == (Decimal(90), Decimal(91))


def test_a_random_sample_of_a_larger_file_matches_eval(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    rows = seed_csv(tmp_path / "projects.csv", 1000)
    assert main(["batch", SEED_RULES, "--facts", str(tmp_path / "projects.csv"), "-o",
                 str(tmp_path / "out.jsonl"), "--quiet", "--jobs", "2"]) == 0
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    for index in random.Random(3).sample(range(1000), 5):
        (tmp_path / "one.yaml").write_text(json.dumps(rows[index], ensure_ascii=False), encoding="utf-8")
        capsys.readouterr()
        assert main(["eval", SEED_RULES, "--facts", str(tmp_path / "one.yaml"), "--format", "json"]) == 0
        shown = json.loads(capsys.readouterr().out)
        assert (records[index]["total"], records[index]["grade"]) == (shown["total"], shown["grade"])


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("quiet", [False, True])
def test_a_progress_bar_only_on_a_terminal_and_not_when_quiet(
        rules: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quiet: bool) -> None:
    write_csv(tmp_path / "in.csv", [HEADER, GOOD, GOOD])
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["batch", rules, "--facts", str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv"),
                 "--jobs", "1", *(["--quiet"] if quiet else [])]) == 0
    shown = terminal.getvalue()
    assert ("评分" in shown and "2/2" in shown) != quiet


def test_a_file_that_breaks_off_part_way_exits_2_after_the_rows_before(
        rules: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    huge = ["乙", "7" * (csv.field_size_limit() + 1), *GOOD[2:]]
    write_csv(tmp_path / "in.csv", [HEADER, GOOD, huge, GOOD])
    assert main(["batch", rules, "--facts", str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv"),
                 "--quiet", "--jobs", "1"]) == 2
    assert "第3行" in "".join(capsys.readouterr().err.split())
    assert [r["row"] for r in read_csv(tmp_path / "out.csv")] == ["2"]


def test_a_sheet_is_chosen_by_name(rules: str, tmp_path: Path) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.append(["说明"])
    second = book.create_sheet("项目")
    for row in (HEADER, GOOD):
        second.append(row)
    book.save(tmp_path / "in.xlsx")
    arguments = ["batch", rules, "--facts", str(tmp_path / "in.xlsx"), "-o", str(tmp_path / "out.jsonl"),
                 "--quiet", "--jobs", "1"]
    assert main([*arguments, "--sheet", "项目"]) == 0
    assert json.loads((tmp_path / "out.jsonl").read_text("utf-8"))["total"] == "11.84"
    assert main([*arguments, "--sheet", "没有这张表"]) == 2


class Dying(batch.Row):
    """A row whose reading ends the process reading it, as the out-of-memory killer would."""

    def facts(self) -> evalrules.Facts:
        os._exit(9)


def test_a_worker_that_dies_is_an_error_not_a_wait(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    ruleset = evalrules.compile(RULES)
    rows = [Dying(2, "甲", "in.csv:2", {})]
    with pytest.raises(BrokenProcessPool):
        list(batch.score(ruleset, rows, jobs=2))

    def broken(*args: object, **kwargs: object) -> Iterator[batch.Outcome]:
        raise BrokenProcessPool("gone")

    monkeypatch.setattr(batch, "score", broken)
    write_csv(tmp_path / "in.csv", [HEADER, GOOD])
    (tmp_path / "small.rules").write_text(RULES, encoding="utf-8")
    assert main(["batch", str(tmp_path / "small.rules"), "--facts", str(tmp_path / "in.csv"),
                 "-o", str(tmp_path / "out.csv"), "--quiet"]) == 3
    assert capsys.readouterr().err == "evalrules：评分进程意外退出（可能是内存不足或被终止），结果不完整。\n"
