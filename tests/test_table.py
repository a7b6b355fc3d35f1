"""The 绩效评价得分表 as a file: 附件2's structure, merges and figures read back from the workbook,
every depth and kind of indicator laid out, exact figures, and hostile text written safely."""

from __future__ import annotations

import csv
import errno
import io
import os
import sys
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from conftest import SEED
from test_cases import facts_of

import evalrules
from evalrules import cli, numbers, table
from evalrules.cli import main
from evalrules.result import Result

SEED_RULES, SEED_FACTS = str(SEED / "qixia-12345.rules"), str(SEED / "facts.yaml")
GOOD = Path(__file__).parent / "cases" / "good"
TOPS = ("决策（20分）", "过程（20分）", "产出（30分）", "效益（30分）")

# Four levels, a leaf at level two beside deeper ones, and text no writer may act on.
HOSTILE = """满分 10分
等级 {
  优：9分（含）-10分
  差：9分以下
}
一级指标 甲（10分）{
  二级指标 乙（6分）{
    三级指标 丙（6分）{
      四级指标 丁（4分）{
        指标解释："=cmd|' /C calc'!A0"
        评价标准："<script>alert(1)</script> a|b *x* \x1b[2J"
        依据来源："+1 @SUM(A1) -2"
        得分 = x×4分
      }
      四级指标 戊（2分）{ 得分 = x×2分 }
    }
  }
  二级指标 己（4分）{ 得分 = x×4分 }
}
"""


def _seed() -> Result:
    return evalrules.load(SEED_RULES).evaluate(SEED_FACTS)


def _hostile(explanation: str = "") -> Result:
    rules = HOSTILE if not explanation else HOSTILE.replace(
        "指标解释：\"=cmd|' /C calc'!A0\"", f"指标解释：\"{explanation}\"")
    return evalrules.compile(rules).evaluate({"x": "0.5"})


def _workbook(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_the_seed_workbook_reads_back_as_the_reports_table(tmp_path: Path) -> None:
    out = tmp_path / "得分表.xlsx"
    assert main(["table", SEED_RULES, "--facts", SEED_FACTS, "-o", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value == "栖霞市民生服务中心12345政务服务热线政府购买服务绩效评价得分表"
    assert [cell.value for cell in sheet[2]] == [
        "一级指标", "二级指标", "三级指标", "指标解释", "评价标准", "得分", "扣分原因", "依据来源",
        "证据收集方式", "备注"]
    merged = {str(cells) for cells in sheet.merged_cells.ranges}
    # 决策 spans its five leaves and its 小计; 项目立项 its two leaves; the 小计 its own columns.
    assert {"A1:J1", "A3:A8", "B3:B4", "B5:B6", "B8:C8", "A9:A14", "B9:B11", "A23:C23",
            "A24:C24"} <= merged
    result = _seed()
    leaves = iter(result.leaves())
    subtotals: list[Decimal] = []
    leaf_sum = Decimal(0)
    for row in sheet.iter_rows(min_row=3):
        name, score = row[2].value, row[5]
        if row[1].value == "小计":
            assert Decimal(str(score.value)) == leaf_sum
            subtotals.append(leaf_sum)
            leaf_sum = Decimal(0)
        elif name is not None:
            leaf = next(leaves)
            assert name == f"{leaf.name}（{numbers.show(leaf.weight)}分）"
            figure = Decimal(str(score.value))
            assert figure == leaf.score
            # Shown with exactly the engine's places: 0.8 as 0.8, 8.85 as 8.85, 4 as 4.
            places = len(numbers.plain(figure).partition(".")[2])
            assert score.number_format == ("0." + "0" * places if places else "0")
            leaf_sum += figure
            assert row[3].alignment.wrap_text and row[3].alignment.vertical == "top"
    assert next(leaves, None) is None
    assert [sheet.cell(row=r, column=1).value for r in (3, 9, 15, 19)] == list(TOPS)
    assert subtotals == [Decimal("17.5"), Decimal("16.8"), Decimal(30), Decimal("28.01")]
    assert sheet["A23"].value == "合计（100分）" and Decimal(str(sheet["F23"].value)) == sum(subtotals)
    assert sheet["F23"].value == 92.31 and sheet["F23"].number_format == "0.00"
    assert (sheet["A24"].value, sheet["F24"].value) == ("等级", "优")
    assert sheet["G9"].value == "得分 = (7.1/35.5)×100%×4分 = 0.8"
    assert sheet["G3"].value is None  # full marks: no reason
    assert sheet["J14"].value.startswith("报告正文三（五）称")  # 过程's own 备注, in its 小计
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows == "$2:$2"
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == \
        ("landscape", 9, 1, 0)  # 9: A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJ"}
    # CJK counts two: 「立项依据充分性与流程规范性（4分）」 is 33 wide; long texts wrap at the cap.
    assert widths["C"] == 35 and widths["D"] == widths["E"] == 40 and widths["F"] == 7


def _every_position_covered_once(built: table.Table) -> None:
    covered: set[tuple[int, int]] = set()
    for index, row in enumerate(built.rows):
        for column, span in enumerate(row.spans):
            if span is None:
                continue
            for r in range(index, index + span.rows):
                for c in range(column, column + span.columns):
                    assert (r, c) not in covered
                    covered.add((r, c))
    assert covered == {(r, c) for r in range(len(built.rows)) for c in range(built.depth)}


def _case(name: str, index: int) -> Result:
    case = yaml.safe_load((GOOD / f"{name}.yaml").read_text(encoding="utf-8"))["cases"][index]
    return evalrules.load(GOOD / f"{name}.rules").evaluate(facts_of(case))


# What each layout must show beside the figures, for a case of tests/cases/good: (the row's
# last hierarchy cell, its 得分 text, the start of its 扣分原因).
LAYOUTS = {
    ("choice", 0): [("抽检合格率（10分）", "未选用", "择一考核，未选用")],
    ("not-applicable-top", 0): [
        ("政府采购（20分）", "不适用", "不适用，不计入总分"),
        ("合计（100分）", "92.5", "适用指标得分74，分值80，按百分制折算：74×100/80 = 92.5")],
    ("share-uneven", 0): [("政府采购（2分）", "不适用", "不适用，分值分给资金到位率、预算执行率"),
                          ("资金使用合规性（6.66分）", "6.66", "")],
    ("bonus", 0): [("创新做法（附加分，2分）", "1", ""), ("合计（10分）", "9.5", "含附加分1分")],
    ("weighted", 0): [("效益（100分）", "80", "得分 = 80×1分 = 80"),
                      ("小计", "80", "得分 = (20%×90/100 + 10%×40/50")],
    ("not-applicable-weighted", 0): [
        ("甲二（50分）", "不适用", "不适用，不计入总分"),
        ("小计", "42", "得分 = (40%×40/100 + 60%×9/10)×60分 = 42；失分按百分制折算"),
        ("合计（100分）", "93.18", "适用指标得分82，分值88，按百分制折算：82×100/88 = 93.181818…\n"
                                  "按百分制折算后 93.181818… 舍入为 93.18")],
    ("exact", 0): [("a（10分）", "3.333333…", "得分 = 1/3×10分")],
    ("veto", 1): [("等级", "良", "一票否优 当 违规使用资金 > 0（3 > 0）")],
    ("veto", 3): [("小计", "0", "一票否决 存在虚假资料（是）"), ("资金到位（10分）", "10", "")],
    ("veto", 4): [("合计（30分）", "0", "一票否决：发生重大安全责任事故（是）"),
                  ("产出（10分）", "9", "得分 = 90%×10分 = 9")],
}


@pytest.mark.parametrize(("name", "index"), sorted(LAYOUTS))
def test_every_depth_and_kind_of_indicator_lays_out(name: str, index: int) -> None:
    result = _case(name, index)
    built = table.build(result)
    _every_position_covered_once(built)
    indicator_rows = [row for row in built.rows if row.kind == "indicator"]
    assert len(indicator_rows) == len(result.leaves())
    total = next(row for row in built.rows if row.kind == "total")
    assert total.score == result.total
    score, why = built.score_column, built.score_column + 1
    for label, shown, reason in LAYOUTS[name, index]:
        row = next(row for row in built.rows if row.labels[-1] == label)
        texts = built.texts(row, repeat=True)
        assert texts[score] == shown and texts[why].startswith(reason), texts
    for writer in table.FORMATS.values():
        assert writer(built)


def test_four_levels_and_a_shallow_leaf_merge_across() -> None:
    built = table.build(_hostile())
    assert built.columns[:4] == ("一级指标", "二级指标", "三级指标", "四级指标")
    _every_position_covered_once(built)
    sheet = _workbook(table.to_xlsx(built))
    merged = {str(cells) for cells in sheet.merged_cells.ranges}
    # 甲 over its three leaves and 小计; 己, a leaf at level two, across levels two to four.
    assert {"A3:A6", "B3:B4", "C3:C4", "B5:D5", "B6:D6"} <= merged
    assert sheet["B5"].value == "己（4分）"


def test_figures_show_exactly_what_the_engine_gives() -> None:
    cases = {Decimal("8.85"): (8.85, "0.00"), Decimal("8.00"): (8, "0"),
             Decimal("0.125"): (0.125, "0.000"),
             Decimal("1.23456789012345678"): ("1.23456789012345678", "@"),
             Decimal("1E-31"): ("0." + "0" * 30 + "1", "@"),  # a float would show 1E-31
             Decimal("1E+20"): ("1" + "0" * 20, "@")}
    for value, (shown, style) in cases.items():
        built = table.build(evalrules.compile(
            "满分 1000000000000000000000分\n指标 a（1000000000000000000000分）{ 得分 = x×1分 }"
        ).evaluate({"x": format(value, "f")}))
        cell = _workbook(table.to_xlsx(built))["D3"]
        assert (cell.value, cell.number_format) == (shown, style), value
    # No finite decimal form: the engine's own text, as text.
    cell = _workbook(table.to_xlsx(table.build(_case("exact", 0))))["D3"]
    assert (cell.value, cell.data_type) == ("3.333333…", "s")


def test_hostile_text_is_written_as_text_in_every_format() -> None:
    built = table.build(_hostile("=cmd|' /C calc'!A0\u202e\x07" + "长" * 40000))
    sheet = _workbook(table.to_xlsx(built))
    explanation = sheet["E3"]
    assert explanation.data_type == "s" and explanation.value.startswith("=cmd|' /C calc'!A0")
    assert "\\u202e\\x07" in explanation.value  # shown, not acted on
    assert len(explanation.value) <= 32767 and explanation.value.endswith("见规则文件）")
    assert sheet.row_dimensions[3].height == 409  # the tallest row a spreadsheet allows
    assert sheet["I3"].value == "+1 @SUM(A1) -2" and sheet["I3"].data_type == "s"
    assert "\\x1b[2J" in sheet["F3"].value
    rows = list(csv.reader(io.StringIO(table.to_csv(built))))
    assert rows[1][4].startswith("'=cmd|") and rows[1][8] == "'+1 @SUM(A1) -2"
    assert rows[1][6] == "2"  # a figure is left as it is
    page = table.to_html(built)
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\x1b" not in page and "\u202e" not in page
    markdown = table.to_markdown(built)
    assert "\\<script\\>" in markdown and "a\\|b \\*x\\*" in markdown
    assert all(line.count("|") - line.count("\\|") == len(built.columns) + 1
               for line in markdown.splitlines()[2:])


class _Grid(HTMLParser):
    """Which columns of each row the page's cells cover, rowspans and colspans counted."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.pending: dict[tuple[int, int], str] = {}  # covered from above
        self.fetches: list[str] = []
        self.text: str | None = None  # of the cell being read
        self.span = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        self.fetches += [value or "" for key, value in attrs if key in ("src", "href")]
        if tag in ("script", "link", "img", "iframe"):
            self.fetches.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self.text = ""
            self.span = (int(named.get("rowspan") or 1), int(named.get("colspan") or 1))

    def handle_data(self, data: str) -> None:
        if self.text is not None:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag != "td" or self.text is None:
            return
        row, cells = len(self.rows) - 1, self.rows[-1]
        while (row, len(cells)) in self.pending:
            cells.append(self.pending.pop((row, len(cells))))
        rows, columns = self.span
        column = len(cells)
        for r in range(row, row + rows):
            for c in range(column, column + columns):
                if r == row:
                    cells.append(self.text)
                else:
                    self.pending[r, c] = self.text
        self.text = None


def test_the_page_is_self_contained_and_its_rowspans_make_the_grid() -> None:
    built = table.build(_seed())
    grid = _Grid()
    grid.feed(table.to_html(built))
    assert grid.fetches == []  # nothing fetched, nothing run
    body = grid.rows[1:]
    assert len(body) == len(built.rows)
    assert all(len(cells) == len(built.columns) for cells in body)
    assert [cells[0] for cells in body[:6]] == ["决策（20分）"] * 6
    assert body[5][1:3] == ["小计", "小计"] and body[-2][5] == "92.31"


def test_csv_carries_a_bom_and_repeats_merged_cells() -> None:
    built = table.build(_seed())
    data = table.FORMATS["csv"](built)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["一级指标", "二级指标", "三级指标"]
    assert [row[0] for row in rows[1:7]] == ["决策（20分）"] * 6
    assert rows[6][:3] == ["决策（20分）", "小计", "小计"]
    assert not table.FORMATS["md"](built).startswith(b"\xef\xbb\xbf")


def test_the_command_line_picks_the_format_and_says_what_it_cannot(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["table", SEED_RULES, "--facts", SEED_FACTS]
    assert main(args) == 0
    said = capsys.readouterr()
    assert said.out.startswith("# 栖霞市") and "| **合计（100分）** |" in said.out
    for name in ("t.md", "t.html", "t.csv"):
        assert main([*args, "-o", str(tmp_path / name)]) == 0
    assert (tmp_path / "t.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main([*args, "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("一级指标,二级指标,三级指标,")
    assert main([*args, "-o", str(tmp_path / "t.docx")]) == 2
    assert "扩展名应为 .xlsx、.md、.html、.csv" in capsys.readouterr().err
    assert main([*args, "--format", "xlsx"]) == 2
    assert "请用 -o 指定文件" in capsys.readouterr().err
    assert main([*args, "-o", str(tmp_path / "no" / "t.xlsx")]) == 3
    said = capsys.readouterr()
    assert said.err.count("\n") == 1 and "无法写入（所在的文件夹不存在），得分表未生成" in said.err
    assert main(["table", SEED_RULES, "--facts", str(tmp_path / "t.md")]) == 2  # not facts
    assert "E0" in capsys.readouterr().err


def test_a_closed_output_is_said_in_one_line_and_exit_3(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    assert main(["table", SEED_RULES, "--facts", SEED_FACTS]) == 3
    assert capsys.readouterr().err == "evalrules：标准输出无法写入（已关闭），输出不完整。\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_full_disk_leaves_no_half_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    args = ["table", SEED_RULES, "--facts", SEED_FACTS, "--format", "xlsx", "-o"]
    assert main([*args, "/dev/full"]) == 3
    assert capsys.readouterr().err == \
        "evalrules：文件 /dev/full 无法写入（磁盘已满），得分表未生成。\n"
    assert os.path.exists("/dev/full")
    out = tmp_path / "得分表.xlsx"

    class Full(io.FileIO):
        """A file on a disk that fills up after it is opened."""

        def write(self, data: Any) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(cli, "open", lambda path, mode: Full(path, "w"), raising=False)
    assert main([*args, str(out)]) == 3
    assert not out.exists()
