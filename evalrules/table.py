"""The 绩效评价得分表 as data, and written as a file: XLSX, Markdown, HTML or CSV.

``build`` turns a Result into a Table in the columns of a report's 附件2: the hierarchy (each
indicator with its 分值, as 附件2 writes 「决策（20分）」), 指标解释, 评价标准, 得分, 扣分原因,
依据来源, 证据收集方式, and 备注 where any indicator has notes. One row per leaf; a 小计 row closes
each 一级指标 that has children (附件2 shows a 一级's weight but not its score, and a signer
checks the score); then 合计 and 等级. Each writer takes the Table and returns text or bytes;
``FORMATS`` maps a file's extension to its writer. Nothing here prints or touches a file.

Text from rule and fact files is untrusted: characters a terminal or viewer would act on are
shown escaped (display.visible) when the table is built, HTML and Markdown escape their markup,
and a text cell that a spreadsheet would read as a formula is kept text.
"""

from __future__ import annotations

import csv
import html
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Literal

import attrs

from . import display, numbers
from .facts import written
from .keywords import CRITERION_LABEL
from .numbers import Exact
from .result import IndicatorResult, Result
from .wording import assumption, loss_reasons

EXPLANATION, SOURCE, EVIDENCE, NOTES = "指标解释", "依据来源", "证据收集方式", "备注"
SCORE, LOST_WHY = "得分", "扣分原因"
# The columns after the hierarchy, in 附件2's order (its 依据 is what the engine gives as 扣分原因).
COLUMNS = (EXPLANATION, CRITERION_LABEL, SCORE, LOST_WHY, SOURCE, EVIDENCE)
_OWN_COLUMNS = frozenset({EXPLANATION, CRITERION_LABEL, SOURCE, EVIDENCE})
_NUMERALS = "一二三四五六七八九十"

RowKind = Literal["indicator", "subtotal", "total", "grade"]


@attrs.frozen
class Span:
    """A hierarchy cell: its text and how many rows (down) and hierarchy columns (right) it covers."""

    text: str
    rows: int = 1
    columns: int = 1


@attrs.frozen
class Row:
    kind: RowKind
    # Per hierarchy column: the cell that starts here, or None where a cell above or to the left
    # covers it; ``labels`` gives the covering cell's text in every position.
    spans: tuple[Span | None, ...]
    labels: tuple[str, ...]
    values: tuple[str, ...]  # the columns after the hierarchy, as text
    score: Exact | None = None  # the figure behind the 得分 text, where there is one


@attrs.frozen
class Table:
    title: str
    columns: tuple[str, ...]
    depth: int  # how many of the columns are the hierarchy
    rows: tuple[Row, ...]

    @property
    def score_column(self) -> int:
        return self.columns.index(SCORE)

    def texts(self, row: Row, repeat: bool) -> list[str]:
        """The row as one text per column; a merged cell's text in each row it covers when
        ``repeat``, else only in its first."""
        hierarchy = [label if repeat or span is not None else ""
                     for label, span in zip(row.labels, row.spans, strict=True)]
        return [*hierarchy, *row.values]


def _safe(text: str) -> str:
    return display.visible(text, allowed="\n")


def _level_names(depth: int) -> tuple[str, ...]:
    if depth == 1:
        return ("指标",)
    return tuple(f"{_NUMERALS[i] if i < len(_NUMERALS) else i + 1}级指标" for i in range(depth))


def _label(node: IndicatorResult) -> str:
    kind = "附加分，" if node.bonus else ""
    return _safe(f"{node.name}（{kind}{numbers.show(node.weight)}分）")


def _depth(node: IndicatorResult) -> int:
    return 1 + max((_depth(child) for child in node.children), default=0)


@attrs.define
class _Builder:
    depth: int
    notes: bool
    losses: dict[tuple[str, ...], tuple[str, ...]]
    leaf_paths: frozenset[tuple[str, ...]]
    rows: list[Row] = attrs.Factory(list)

    def values(self, fields: dict[str, str], score: str, why: str) -> tuple[str, ...]:
        own = (fields.get(EXPLANATION, ""), fields.get(CRITERION_LABEL, ""), score, why,
               fields.get(SOURCE, ""), fields.get(EVIDENCE, ""))
        if not self.notes:
            return tuple(_safe(text) for text in own)
        other = "\n".join(text if label == NOTES else f"{label}：{text}"
                          for label, text in fields.items() if label not in _OWN_COLUMNS)
        return tuple(_safe(text) for text in (*own, other))

    def top(self, node: IndicatorResult) -> None:
        first = len(self.rows)
        self.walk(node, (), None)
        if node.children:
            # Losses the leaves do not carry: a weighted or vetoed parent loses as a whole. Each
            # is named by its path below the 一级, whose own row this is.
            why = "\n".join(("/".join(path[1:]) + "：" if len(path) > 1 else "") + "；".join(lines)
                            for path, lines in self.losses.items()
                            if path[0] == node.name and path not in self.leaf_paths)
            fields = dict(node.fields)
            self.rows.append(Row("subtotal", (None, Span("小计", 1, self.depth - 1),
                                             *[None] * (self.depth - 2)),
                                 (_label(node), *["小计"] * (self.depth - 1)),
                                 self.values({NOTES: fields[NOTES]} if NOTES in fields else {},
                                             numbers.show(node.score) if node.applies
                                             else "不适用", why),
                                 node.score if node.applies else None))
            self._cover(first, len(self.rows) - first)

    def walk(self, node: IndicatorResult, above: tuple[IndicatorResult, ...],
             out: tuple[str, str] | None) -> None:
        """Rows for ``node``'s leaves; ``out`` is what stands for a score that does not count,
        and why, where it does not."""
        if out is None and not node.applies:
            if above and above[-1].combination == "choice":
                out = ("未选用", "择一考核，未选用")
            elif node.shared_to:
                out = ("不适用", "不适用，分值分给" + "、".join(node.shared_to))
            else:
                out = ("不适用", "不适用，不计入总分")
        path = (*above, node)
        if node.children:
            first = len(self.rows)
            for child in node.children:
                self.walk(child, path, out)
            self._cover_level(len(above), first, len(self.rows) - first, _label(node))
            return
        level = len(above)
        spans: list[Span | None] = [None] * self.depth
        labels = [_label(n) for n in path] + [_label(node)] * (self.depth - len(path))
        spans[level] = Span(_label(node), 1, self.depth - level)
        if out is not None:
            shown, why = out
        else:
            assumed = [assumption(read.name, read.shown.text, read.was)
                       for read in node.reads if read.assumed]
            shown, why = numbers.show(node.score), "\n".join((*assumed, *self.why(node)))
        self.rows.append(Row("indicator", tuple(spans), tuple(labels),
                             self.values(dict(node.fields), shown, why),
                             None if out is not None else node.score))

    def why(self, leaf: IndicatorResult) -> tuple[str, ...]:
        if leaf.path in self.losses:
            return self.losses[leaf.path]
        if leaf.bonus or numbers.compare(leaf.lost, numbers.ZERO) <= 0:
            return ()
        # A weighted or vetoed parent, or the whole ruleset, lost these points as a whole (its
        # 小计 or the 合计 says how); here, the leaf's own.
        return loss_reasons(leaf.steps)

    def _cover_level(self, level: int, first: int, count: int, text: str) -> None:
        row = self.rows[first]
        spans = list(row.spans)
        spans[level] = Span(text, count)
        self.rows[first] = attrs.evolve(row, spans=tuple(spans))

    def _cover(self, first: int, count: int) -> None:
        """The 一级 cell spans its leaves and its 小计 row."""
        row = self.rows[first]
        top = row.spans[0]
        assert top is not None
        self.rows[first] = attrs.evolve(row, spans=(attrs.evolve(top, rows=count), *row.spans[1:]))


def build(result: Result) -> Table:
    """The score table of a result, as data."""
    depth = max((_depth(node) for node in result.indicators), default=1)
    notes = any(label not in _OWN_COLUMNS for node in result.indicators
                for n in _nodes(node) for label, _ in n.fields)
    losses = {loss.path: loss.reasons for loss in result.losses}
    leaf_paths = frozenset(leaf.path for leaf in result.leaves())
    builder = _Builder(depth, notes, losses, leaf_paths)
    for node in result.indicators:
        builder.top(node)
    columns = (*_level_names(depth), *COLUMNS, *((NOTES,) if notes else ()))
    rows = [*builder.rows, _total_row(result, builder, depth)]
    if result.grade is not None:
        rows.append(_grade_row(result, builder, depth))
    title = _safe(_title(result.title))
    return Table(title, columns, depth, tuple(rows))


def _title(name: str | None) -> str:
    if not name:
        return "绩效评价得分表"
    return name + ("得分表" if name.endswith("绩效评价") else "绩效评价得分表")


def _nodes(node: IndicatorResult) -> Iterator[IndicatorResult]:
    yield node
    for child in node.children:
        yield from _nodes(child)


def _total_row(result: Result, builder: _Builder, depth: int) -> Row:
    # The ruleset's own 一票否决, and what rounding the rescaled total took: their reasons say so.
    notes = [line for path, lines in builder.losses.items()
             if path in (("一票否决",), ("折算舍入",)) for line in lines]
    if result.rescale is not None:
        rescale = result.rescale
        notes.insert(0, f"适用指标得分{numbers.show(rescale.raw)}，分值"
                        f"{numbers.show(rescale.applicable)}，按百分制折算："
                        f"{numbers.show(rescale.raw)}×{numbers.plain(result.full_score)}/"
                        f"{numbers.show(rescale.applicable)} = {numbers.show(rescale.exact)}")
    if numbers.compare(result.bonus, numbers.ZERO):
        notes.append(f"含附加分{numbers.show(result.bonus)}分")
    notes += [assumption(fact.name, written(fact.raw), fact.was) for fact in result.assumed]
    label = f"合计（{numbers.plain(result.full_score)}分）"
    return Row("total", (Span(label, 1, depth), *[None] * (depth - 1)), (label,) * depth,
               builder.values({}, numbers.show(result.total), "\n".join(notes)), result.total)


def _grade_row(result: Result, builder: _Builder, depth: int) -> Row:
    notes = [f"{veto.rule}（{veto.condition}）" for veto in result.vetoes if veto.held and veto.best]
    if result.graded is not None:
        notes.insert(0, f"按{numbers.show(result.graded)}分定级")
    assert result.grade is not None
    return Row("grade", (Span("等级", 1, depth), *[None] * (depth - 1)), ("等级",) * depth,
               builder.values({}, _safe(result.grade), "\n".join(notes)))


# The writers.

_FORMULA_START = ("=", "+", "-", "@")  # a spreadsheet reads a cell beginning so as a formula
_EXCEL_DIGITS = 15  # a spreadsheet keeps this many significant digits of a number
_EXCEL_CELL_CHARS = 32767  # the most a spreadsheet cell holds
_WIDEST, _NARROWEST = 40, 6  # column widths, in units of one Latin character
_LINE, _TALLEST = 15, 409  # row heights in points: one line, and the most a spreadsheet allows


def to_markdown(table: Table) -> str:
    """A Markdown table; a merged cell's text stands in its first row only, as a printed table
    shows it, and each row keeps its place in the hierarchy."""
    def cell(text: str) -> str:
        escaped = re.sub(r"([\\`*_\[\]<>|~&])", r"\\\1", text)
        return escaped.replace("\n", "<br>")

    lines = [f"# {cell(table.title)}", "", "| " + " | ".join(table.columns) + " |",
             "|" + "|".join("---:" if name == SCORE else "---" for name in table.columns) + "|"]
    for row in table.rows:
        texts = table.texts(row, repeat=False)
        if row.kind != "indicator":  # 小计, 合计, 等级 stand out
            texts = [f"**{cell(text)}**" if text else "" for text in texts]
        else:
            texts = [cell(text) for text in texts]
        lines.append("| " + " | ".join(texts) + " |")
    return "\n".join(lines) + "\n"


def to_csv(table: Table) -> str:
    """CSV for a spreadsheet: the header first (no title row: CSV is data), a merged cell's text
    repeated in each row it covers, so that every row stands alone when sorted or filtered; a
    text cell beginning like a formula gets a ' in front, so that the spreadsheet shows it
    rather than runs it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.columns)
    score = table.score_column
    for row in table.rows:
        texts = table.texts(row, repeat=True)
        writer.writerow([text if index == score and row.score is not None else _defused(text)
                         for index, text in enumerate(texts)])
    return out.getvalue()


def _defused(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


_STYLE = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 1em; }
table { border-collapse: collapse; font-size: 10.5pt; }
th, td { border: 1px solid #444; padding: 4px 6px; vertical-align: top; }
th { background: #e8e8e8; }
td.score { text-align: right; white-space: nowrap; }
tr.subtotal td, tr.total td, tr.grade td { font-weight: bold; background: #f4f4f4; }
@page { size: A4 landscape; }
thead { display: table-header-group; }
"""


def to_html(table: Table) -> str:
    """One self-contained page (no scripts, nothing fetched), the hierarchy as rowspans."""
    def text(value: str) -> str:
        return html.escape(value).replace("\n", "<br>")

    title = text(table.title)
    head = "".join(f"<th>{text(name)}</th>" for name in table.columns)
    body = []
    for row in table.rows:
        cells = []
        for span in row.spans:
            if span is not None:
                rows = f' rowspan="{span.rows}"' if span.rows > 1 else ""
                columns = f' colspan="{span.columns}"' if span.columns > 1 else ""
                cells.append(f"<td{rows}{columns}>{text(span.text)}</td>")
        for name, value in zip(table.columns[table.depth:], row.values, strict=True):
            kind = ' class="score"' if name == SCORE else ""
            cells.append(f"<td{kind}>{text(value)}</td>")
        body.append(f'<tr class="{row.kind}">{"".join(cells)}</tr>')
    rows = "\n".join(body)
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
            f"<h1>{title}</h1>\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n"
            f"</tbody>\n</table>\n</body>\n</html>\n")


def _cells(text: str) -> int:
    """How wide a line is, in units of one Latin character: a CJK character counts two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _figure(value: Exact) -> tuple[Decimal, str] | None:
    """The number and its format that show the engine's figure exactly, or None where a
    spreadsheet number cannot (no finite decimal form, or more digits than it keeps)."""
    exact = numbers.to_decimal(value)
    if exact is None:
        return None
    shown = Decimal(numbers.plain(exact))
    _sign, digits, exponent = shown.as_tuple()
    assert isinstance(exponent, int)
    places = max(0, -exponent)
    # Within these bounds the spreadsheet's double holds the figure and shows it back exactly.
    if len(digits) > _EXCEL_DIGITS or places > _EXCEL_DIGITS or shown.adjusted() >= _EXCEL_DIGITS:
        return None
    return shown, "0." + "0" * places if places else "0"


def _across(row: Row, column: int) -> int:
    """How many columns the cell at ``column`` covers (a hierarchy cell may cover several)."""
    span = row.spans[column] if column < len(row.spans) else None
    return span.columns if span is not None else 1


def _clipped(text: str) -> str:
    if len(text) <= _EXCEL_CELL_CHARS:
        return text
    note = f"…（以下{len(text)}字中的其余部分超出单元格容量，见规则文件）"
    return text[:_EXCEL_CELL_CHARS - len(note)] + note


def to_xlsx(table: Table) -> bytes:
    """A workbook as 附件2 looks printed: a title row, a frozen header repeated on every page,
    the hierarchy as merged cells, wrapped text at the top of each cell, A4 landscape."""
    # Imported here: slow to import, and only this writer needs it.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "得分表"
    width = len(table.columns)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)

    def put(row: int, column: int, value: str | Decimal, style: str | None = None) -> None:
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, Decimal):
            cell.value = value
            cell.number_format = style or "General"
            cell.alignment = Alignment(vertical="top", horizontal="right")
        else:
            cell.value = _clipped(value)
            cell.data_type = "s"  # text, even where it begins with "=": never a formula
            cell.number_format = "@"
            cell.alignment = wrap
        cell.border = border

    put(1, 1, table.title)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    sheet.row_dimensions[1].height = 24
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    for column, name in enumerate(table.columns, start=1):
        put(2, column, name)
        sheet.cell(row=2, column=column).font = bold
        sheet.cell(row=2, column=column).fill = PatternFill("solid", fgColor="E8E8E8")
        sheet.cell(row=2, column=column).alignment = Alignment(
            wrap_text=True, vertical="center", horizontal="center")
    widths = [_cells(name) for name in table.columns]
    score = table.score_column
    for index, row in enumerate(table.rows, start=3):
        for column, span in enumerate(row.spans, start=1):
            if span is None:
                continue
            put(index, column, span.text)
            if span.rows > 1 or span.columns > 1:
                sheet.merge_cells(start_row=index, start_column=column,
                                  end_row=index + span.rows - 1,
                                  end_column=column + span.columns - 1)
        for column, text in enumerate(row.values, start=table.depth + 1):
            figure = _figure(row.score) if column - 1 == score and row.score is not None \
                else None
            if figure is None:
                put(index, column, text)
            else:
                put(index, column, *figure)
        if row.kind != "indicator":
            for column in range(1, width + 1):
                sheet.cell(row=index, column=column).font = bold
        for column, text in enumerate(table.texts(row, repeat=False)):
            if _across(row, column) == 1:  # a cell merged across has the columns' widths
                widths[column] = max(widths[column], *(_cells(line) for line in text.split("\n")))
    fitted = [min(_WIDEST, max(_NARROWEST, found + 2)) for found in widths]
    for column, found in enumerate(fitted, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = found
    for index, row in enumerate(table.rows, start=3):
        # Spreadsheets do not grow a row to its wrapped text on their own where cells merge.
        lines = 1
        for column, text in enumerate(table.texts(row, repeat=False)):
            span = row.spans[column] if column < table.depth else None
            if span is not None and span.rows > 1:  # its text spreads over its rows
                continue
            room = max(1, sum(fitted[column:column + _across(row, column)]) - 1)
            lines = max(lines, sum(max(1, -(-_cells(line) // room)) for line in text.split("\n")))
        sheet.row_dimensions[index].height = min(_TALLEST, _LINE * lines)
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv_bytes(table: Table) -> bytes:
    """CSV in UTF-8 with a byte-order mark, by which Excel knows the encoding."""
    return to_csv(table).encode("utf-8-sig")


def _utf8(writer: Callable[[Table], str]) -> Callable[[Table], bytes]:
    return lambda table: writer(table).encode("utf-8")


# A file's extension → its writer. Markdown, HTML and CSV are text; CSV carries a BOM.
FORMATS: dict[str, Callable[[Table], bytes]] = {
    "xlsx": to_xlsx,
    "md": _utf8(to_markdown),
    "html": _utf8(to_html),
    "csv": to_csv_bytes,
}
