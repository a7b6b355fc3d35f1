"""Batch scoring: many projects' facts in, one row of scores per project out.

rows (CSV, XLSX, JSON Lines, or a folder of fact files) → Row → scored in this process or in
worker processes, input order kept → Outcome → written (CSV, XLSX, JSON Lines) as it comes, and
counted into a Summary. Nothing is held for the whole input, so memory does not grow with it.

A row's facts are read by the same rules as a fact file's: an empty cell is a fact not given, a
cell's text is read as a number, yes/no or date only where a rule needs one, and a cell beginning
with ``[`` or ``{`` holds a YAML flow value (a list of records, {等级: 良, 依据: …}) read exactly
as a fact file reads it. A spreadsheet's numbers are taken from the digits it keeps, never
through binary float arithmetic.
"""

from __future__ import annotations

import codecs
import csv
import gc
import json
import multiprocessing
import os
import re
import unicodedata
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from itertools import islice
from pathlib import Path
from typing import IO, Any, Protocol

import attrs

from . import display, numbers
from .errors import Diagnostic, EvalRulesError, FactError
from .facts import Fact, Facts, load_facts, parse_facts, written
from .numbers import Exact, RoundingPolicy
from .result import IndicatorResult, Result
from .ruleset import Ruleset
from .source import ENCODINGS

# The columns a project's key is taken from when --key is not given, the first present.
KEY_COLUMNS = ("项目名称", "项目编号", "key", "id")
FACT_FILES = (".yaml", ".yml", ".json")
INPUTS = (".csv", ".xlsx", ".jsonl")
OUTPUTS = (".csv", ".xlsx", ".jsonl")
# Rows sent to a worker at once, and chunks in flight per worker: enough to keep every worker
# busy, few enough that what waits to be scored or written stays small.
CHUNK = 64
IN_FLIGHT = 4
_READ_BYTES = 1 << 16  # read a piece at a time: memory stays small, however long the file
_FLOW = ("[", "{")


@attrs.frozen
class Row:
    """One project as read: where it stands, its key, and what its facts are read from.

    The facts are read where the row is scored, in a worker when there are workers: reading them
    costs a fifth of scoring, too much for the one process that reads and writes every row."""

    # The line in a CSV or JSON Lines file, the sheet row, the file's place in a folder; None in
    # a Dask bag, whose items have no place known to the task scoring them.
    number: int | None
    key: str
    origin: str  # where the row is, as messages say it: projects.csv:12
    source: Mapping[str, object] | str | Path  # the row's cells, a line of JSON, or a fact file
    problems: tuple[Diagnostic, ...] = ()  # found while reading, before the facts are

    def facts(self) -> Facts:
        """The row's facts, or FactError with every problem found."""
        if self.problems:
            raise FactError(self.problems)
        if isinstance(self.source, Path):
            return load_facts(self.source)
        if isinstance(self.source, str):
            return parse_facts(self.source, self.origin, as_json=True)
        return cell_facts(self.source, self.origin)


@attrs.frozen
class Outcome:
    """A row scored: its total, grade and every indicator's score (path → exact text), or the
    problems that kept it from being scored; and, when asked for, the explanation as JSON."""

    number: int | None
    key: str
    total: Exact | None
    grade: str | None
    scores: Mapping[str, str]
    problems: tuple[Diagnostic, ...] = ()
    explanation: str | None = None

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    def record(self) -> dict[str, object]:
        """The row as data, as JSON Lines output and the Dask functions give it."""
        return {
            "row": self.number,
            "key": self.key,
            "total": numbers.to_text(self.total) if self.total is not None else None,
            "grade": self.grade,
            "indicators": dict(self.scores),
            "errors": [problem.to_dict() for problem in self.problems],
        }


def indicator_paths(ruleset: Ruleset) -> list[str]:
    """Every indicator at every level, parents before their children, as output columns name it."""
    paths: list[str] = []
    stack = list(reversed(ruleset.plan.indicators))
    while stack:
        indicator = stack.pop()
        paths.append("/".join(indicator.path))
        stack.extend(reversed(indicator.children))
    return paths


# ---- reading --------------------------------------------------------------------------------


class Rows(Iterable[Row]):
    """The rows of an input, read as they are iterated; ``expected`` is how many there are
    likely to be (for a progress bar), if known without reading them."""

    def __init__(self, rows: Iterator[Row], expected: int | None) -> None:
        self._rows = rows
        self.expected = expected

    def __iter__(self) -> Iterator[Row]:
        return self._rows


def read_rows(path: str | Path, key: str | None = None, sheet: str | None = None) -> Rows:
    """The projects in a CSV, XLSX or JSON Lines file, or in a folder of fact files.

    The file is opened and its header read here, so that an input that cannot be read at all is
    refused (FactError) before anything is scored; a problem found later in the file is raised
    when the reading comes to it."""
    path = Path(path)
    if path.is_dir():
        return _folder(path)
    suffix = path.suffix.lower()
    if suffix not in INPUTS:
        raise _unreadable(path, f"不是 CSV、XLSX 或 JSON Lines 文件（扩展名应为 {'、'.join(INPUTS)}），"
                                "也不是文件夹")
    if not path.is_file():
        raise _unreadable(path, "文件不存在" if not path.exists() else "不是普通文件")
    if suffix == ".xlsx":
        return _workbook(path, key, sheet)
    encoding, lines = _encoding(path)
    if suffix == ".csv":
        return _table(path, encoding, key, lines)
    return Rows(_json_lines(path, encoding, key), lines)


def _unreadable(path: Path, reason: str) -> FactError:
    return FactError([Diagnostic("E0304", f"无法读取事实文件 {display.visible(str(path))}：{reason}")])


def _encoding(path: Path) -> tuple[str, int]:
    """The file's encoding, as fact files are read (UTF-8 with or without BOM, else GB18030,
    which reads GBK), decided by reading the whole file once in pieces; and its line count."""
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        lines = 0
        try:
            with path.open("rb") as file:
                while piece := file.read(_READ_BYTES):
                    decoder.decode(piece)
                    lines += piece.count(b"\n")
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        except OSError as error:
            raise _unreadable(path, error.strerror or str(error)) from None
        return encoding, lines
    raise _unreadable(path, "既不是 UTF-8 编码，也不是 GBK（GB18030）编码；请另存为 UTF-8 编码")


def _names(path: Path, header: list[object], key: str | None) -> tuple[list[str | None], str | None]:
    """The header's fact names (None for a column without one) and the key column's name."""
    names: list[str | None] = []
    for cell in header:
        text = cell if isinstance(cell, str) else written(cell) if cell is not None else ""
        names.append(text.strip() or None)
    named = [name for name in names if name is not None]
    twice = sorted({name for name in named if named.count(name) > 1})
    if twice:
        raise _unreadable(path, f"表头中「{display.visible('」「'.join(twice))}」出现了不止一次")
    if key is not None and key not in named:
        raise _unreadable(path, f"表头中没有 --key 所指的列「{display.visible(key)}」")
    return names, key if key is not None else next((k for k in KEY_COLUMNS if k in named), None)


def _table(path: Path, encoding: str, key: str | None, lines: int) -> Rows:
    file = path.open(encoding=encoding, newline="")
    try:
        reader = csv.reader(file)
        header = next(reader, [])
        names, key_name = _names(path, list(header), key)
    except (csv.Error, OSError) as error:
        file.close()
        raise _unreadable(path, f"第 1 行：{error}") from None

    def rows() -> Iterator[Row]:
        with file:
            end = reader.line_num
            try:
                for cells in reader:
                    start, end = end + 1, reader.line_num  # a quoted cell may span lines
                    if any(cell.strip() for cell in cells):
                        yield _row(f"{path}:{start}", start, names, cells, key_name)
            except (csv.Error, OSError) as error:
                raise _unreadable(path, f"第 {end + 1} 行：{error}") from None

    return Rows(rows(), max(lines - 1, 0))


def _workbook(path: Path, key: str | None, sheet: str | None) -> Rows:
    from openpyxl import load_workbook  # only where a workbook is read: it takes a while to import

    try:
        # data_only: a formula's value as the spreadsheet last computed it, not its text.
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise _unreadable(path, f"不是可读取的 XLSX 工作簿（{type(error).__name__}）") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise _unreadable(path, f"没有名为「{display.visible(sheet)}」的工作表；"
                                    f"有：{display.visible('、'.join(book.sheetnames))}")
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        cells = worksheet.iter_rows()
        header = next(cells, ())
        names, key_name = _names(path, [cell_value(cell) for cell in header], key)
    except BaseException:
        book.close()
        raise

    def rows() -> Iterator[Row]:
        try:
            for number, line in enumerate(cells, 2):
                values = [cell_value(cell) for cell in line]
                if any(value is not None for value in values):
                    yield _row(f"{path}:{number}", number, names, values, key_name)
        finally:
            book.close()

    size = getattr(worksheet, "max_row", None)
    return Rows(rows(), size - 1 if isinstance(size, int) and size > 1 else None)


def _json_lines(path: Path, encoding: str, key: str | None) -> Iterator[Row]:
    with path.open(encoding=encoding) as file:
        for number, line in enumerate(file, 1):
            if not line.strip():
                continue
            try:  # only for the key: the facts are read, and a broken line reported, when scored
                given = json.loads(line, parse_float=Decimal, parse_int=Decimal)
            except ValueError:
                given = None
            found = given.get(_key_name(given, key) or "") if isinstance(given, dict) else None
            yield Row(number, _key(found, number), f"{path}:{number}", line)


def _key_name(names: Iterable[str], key: str | None) -> str | None:
    return key if key is not None else next((k for k in KEY_COLUMNS if k in names), None)


def _folder(path: Path) -> Rows:
    files = sorted(entry for entry in path.iterdir()
                   if entry.suffix.lower() in FACT_FILES and entry.is_file())

    def rows() -> Iterator[Row]:
        for number, file in enumerate(files, 1):
            yield Row(number, file.stem, str(file), file)

    return Rows(rows(), len(files))


def _key(value: object, number: int | None) -> str:
    """A project's key as text: its key cell as written, else its row number (else nothing)."""
    if isinstance(value, str):
        return value
    if value is not None:
        return written(value)
    return str(number) if number is not None else ""


def _row(origin: str, number: int, names: list[str | None], cells: Sequence[object],
         key_name: str | None) -> Row:
    if len(cells) > len(names) and any(_given(cell) for cell in cells[len(names):]):
        problem = Diagnostic("E0304", f"第 {number} 行有 {len(cells)} 个值，多于表头的 {len(names)} 列")
        return Row(number, str(number), origin, {}, (problem,))
    return row_of(number, {name: cell for name, cell in zip(names, cells, strict=False)
                           if name is not None}, origin, key_name)


def row_of(number: int | None, cells: Mapping[str, object], origin: str,
           key: str | None = None) -> Row:
    """A project from one row's cells (fact name → text or plain value); its key from the
    column ``key``, or the first of KEY_COLUMNS present. Cells that give nothing are dropped."""
    given = {name: cell for name, cell in cells.items() if _given(cell)}
    return Row(number, _key(given.get(_key_name(given, key) or ""), number), origin, given)


def _given(cell: object) -> bool:
    """Whether a cell gives a fact: an empty cell, or one of blanks only, gives none; nor does
    NaN, which is how data frames (pandas, Dask) mark an empty cell."""
    if isinstance(cell, float):
        return cell == cell  # float-ok: only NaN differs from itself; any other float is refused
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def cell_facts(cells: Mapping[str, object], origin: str) -> Facts:
    """Facts from one row's cells (name → plain value or text), every problem collected.

    A text beginning with ``[`` or ``{`` is a YAML flow value. It is read as the one entry of a
    fact file, so that it means, and is refused, exactly as it would be there."""
    plain = {name: cell for name, cell in cells.items() if not _flow(cell)}
    problems: list[Diagnostic] = []
    found: dict[str, Fact] = {}
    try:
        found.update(Facts.from_mapping(plain, origin))
    except FactError as error:
        problems.extend(error.diagnostics)
    for name, cell in cells.items():
        if name in plain:
            continue
        # A JSON string is a YAML double-quoted name; the value's further lines are indented
        # under it so that they stay inside the entry.
        entry = f"{json.dumps(name, ensure_ascii=False)}: {str(cell).strip()}".replace("\n", "\n ")
        try:
            fact = parse_facts(entry, origin)[name]
        except FactError as error:
            problems.extend(error.diagnostics)
        else:
            found[name] = attrs.evolve(fact, origin=origin)
    if problems:
        raise FactError(problems)
    return Facts({name: found[name] for name in cells if name in found}, origin)


def _flow(cell: object) -> bool:
    return isinstance(cell, str) and cell.lstrip().startswith(_FLOW)


# A number format shows a percentage where it has a % outside quotes and escapes ("0.00%").
_QUOTED = re.compile(r'"[^"]*"|\\.')


def cell_value(cell: Any) -> object:
    """A spreadsheet cell's value as a fact value, exactly as the spreadsheet keeps it.

    A float is taken at the 15 significant digits Excel keeps and shows (0.1+0.2 is 0.3); a
    cell formatted as a percentage is that number's text with %, the point moved exactly (a cell
    showing 85% is 85%). Dates at midnight are dates; a time of day is left for the facts to
    refuse, as they refuse it anywhere."""
    value = cell.value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        value = Decimal(value)
    elif isinstance(value, float):
        value = Decimal(format(value, ".15g"))  # float-ok: the float is only read as its digits
    else:
        return value
    if "%" in _QUOTED.sub("", getattr(cell, "number_format", None) or ""):
        return numbers.plain(numbers.shift(value, 2)) + "%"
    return value


# ---- scoring --------------------------------------------------------------------------------


def _score(ruleset: Ruleset, facts: Facts, explain: bool) -> Result:
    """The one call that scores a fact set: with the trace only when it is written out."""
    return ruleset.evaluate(facts, trace=explain)


def outcome(ruleset: Ruleset, row: Row, explain: bool = False) -> Outcome:
    """A row scored, or its problems: every one of them, never an exception."""
    try:
        result = _score(ruleset, row.facts(), explain)
    except EvalRulesError as error:
        return Outcome(row.number, row.key, None, None, {}, error.diagnostics)
    return Outcome(row.number, row.key, result.total, result.grade, scores(result),
                   explanation=result.to_json() if explain else None)


def scores(result: Result) -> dict[str, str]:
    """Every indicator's score as exact text, by its path, parents before their children."""
    found: dict[str, str] = {}
    stack: list[IndicatorResult] = list(reversed(result.indicators))
    while stack:
        indicator = stack.pop()
        found["/".join(indicator.path)] = numbers.to_text(indicator.score)
        stack.extend(reversed(indicator.children))
    return found


def score(ruleset: Ruleset, rows: Iterable[Row], jobs: int = 1,
          explain: bool = False) -> Iterator[Outcome]:
    """Scores rows in input order: in this process when ``jobs`` is 1, else in ``jobs`` worker
    processes that each receive the ruleset once, as it pickles (its plan)."""
    if jobs <= 1:
        return (outcome(ruleset, row, explain) for row in rows)
    return _in_workers(ruleset, rows, jobs, explain)


def _in_workers(ruleset: Ruleset, rows: Iterable[Row], jobs: int,
                explain: bool) -> Iterator[Outcome]:
    """Raises BrokenProcessPool if a worker dies (killed, out of memory), rather than waiting
    for it forever as multiprocessing.Pool would."""
    # Spawned, not forked: the parent may run threads (the progress bar's), which a fork copies
    # mid-step. Executor.map would keep order too, but submits the whole input at once; here at
    # most IN_FLIGHT chunks per worker are out at any time, in both directions.
    pool = ProcessPoolExecutor(jobs, multiprocessing.get_context("spawn"), initializer=_receive,
                               initargs=(ruleset, explain))
    try:
        pending: deque[Future[list[Outcome]]] = deque()
        remaining = iter(rows)
        for chunk in iter(lambda: list(islice(remaining, CHUNK)), []):
            pending.append(pool.submit(_score_chunk, chunk))
            if len(pending) >= jobs * IN_FLIGHT:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:  # also when interrupted, or when the reader stops: what is queued is dropped
        pool.shutdown(cancel_futures=True)


_worker: tuple[Ruleset, bool] | None = None


def _receive(ruleset: Ruleset, explain: bool) -> None:
    """A worker's start: keeps the ruleset it was sent once, its program built."""
    global _worker
    ruleset.program(explain)
    settle()
    _worker = (ruleset, explain)


def settle() -> None:
    """Leave what is loaded so far (the ruleset and its program) out of every later garbage
    collection. They live as long as the process; scanned again at each full collection, a large
    plan (20,000 leaves) made scoring time grow with the square of its size. Only for processes
    that batch scoring owns: the worker processes, and the command line's."""
    gc.collect()
    gc.freeze()


def _score_chunk(rows: list[Row]) -> list[Outcome]:
    assert _worker is not None, "a worker scores only after _receive"
    ruleset, explain = _worker
    return [outcome(ruleset, row, explain) for row in rows]


# ---- writing --------------------------------------------------------------------------------


class Writer(Protocol):
    def write(self, outcome: Outcome) -> None: ...

    def close(self) -> None: ...


def open_output(path: str | Path, paths: list[str]) -> Writer:
    """A writer for ``path`` by its extension (.csv, .xlsx, .jsonl), its header written.
    Raises OSError when it cannot be written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _CsvWriter(path, paths)
    if suffix == ".xlsx":
        return _XlsxWriter(path, paths)
    if suffix == ".jsonl":
        return _JsonLinesWriter(path)
    raise ValueError(f"unknown output kind {suffix}")


def _columns(paths: list[str]) -> list[str]:
    return ["row", "key", "total", "grade", *paths, "errors"]


def _cells(outcome: Outcome, paths: list[str]) -> list[str | None]:
    """The row's cells as text: exact scores, the key shown as messages show it."""
    total = numbers.to_text(outcome.total) if outcome.total is not None else None
    errors = "；".join(str(problem) for problem in outcome.problems) or None
    return [str(outcome.number) if outcome.number is not None else None,
            display.visible(outcome.key), total, outcome.grade,
            *(outcome.scores.get(path) for path in paths), errors]


class _CsvWriter:
    """UTF-8 with a BOM: Excel opens such a file with its Chinese intact (without the BOM it
    reads it in the system's code page)."""

    def __init__(self, path: Path, paths: list[str]) -> None:
        self.paths = paths
        self.file: IO[str] = path.open("w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.file)
        self.writer.writerow(_columns(paths))

    def write(self, outcome: Outcome) -> None:
        self.writer.writerow(_cells(outcome, self.paths))

    def close(self) -> None:
        self.file.close()


class _JsonLinesWriter:
    def __init__(self, path: Path) -> None:
        self.file: IO[str] = path.open("w", encoding="utf-8")

    def write(self, outcome: Outcome) -> None:
        self.file.write(json.dumps(outcome.record(), ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.file.close()


class _XlsxWriter:
    """A write-only workbook: rows go to a temporary file as they come and are packed on close.

    Scores are numbers where the spreadsheet keeps them as the engine gave them: a decimal of at
    most 15 significant digits, written as its own digits (never through a float). Others (a
    fraction with no finite decimal, more digits) are text, so that no digit is silently lost.
    Every text is written as text: a key beginning with = is not a formula."""

    def __init__(self, path: Path, paths: list[str]) -> None:
        from openpyxl import Workbook

        self.path = path
        self.paths = paths
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet("评分结果")
        self.sheet.append([self._text(name) for name in _columns(paths)])
        with path.open("wb"):  # fails here, before any row is scored, if it cannot be written
            pass

    def _text(self, text: str | None) -> Any:
        from openpyxl.cell import WriteOnlyCell

        if text is None:
            return None
        cell = WriteOnlyCell(self.sheet, value=display.visible(text))
        cell.data_type = "s"
        return cell

    def _number(self, text: str | None) -> Any:
        if text is None or "/" in text or len(Decimal(text).as_tuple().digits) > 15:
            return self._text(text)
        return Decimal(text)

    def write(self, outcome: Outcome) -> None:
        row, key, total, grade, *rest = _cells(outcome, self.paths)
        *scored, errors = rest
        self.sheet.append([int(row) if row is not None else None, self._text(key),
                           self._number(total), self._text(grade),
                           *(self._number(value) for value in scored), self._text(errors)])

    def close(self) -> None:
        self.book.save(self.path)


# ---- explanations ---------------------------------------------------------------------------

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
_NAME_BYTES = 120  # well under the 255 bytes most file systems allow, leaving room for ~row.json


class TraceNames:
    """File names for explanations, from projects' keys: safe on every common file system (no
    separators, no .. or reserved device names, bounded length) and unique, also where names
    differ only in case or Unicode form (macOS and Windows would take them for one file)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def name(self, outcome: Outcome) -> str:
        base = _UNSAFE.sub("_", display.visible(outcome.key)).strip(" .")
        while len(base.encode("utf-8")) > _NAME_BYTES:
            base = base[:-1]
        if not base or _RESERVED.match(base):
            base = f"_{base}"
        candidate, extra = base, 1
        while self._folded(candidate) in self.used:
            extra += 1
            candidate = f"{base}~{outcome.number if extra == 2 else f'{outcome.number}-{extra}'}"
        self.used.add(self._folded(candidate))
        return f"{candidate}.json"

    @staticmethod
    def _folded(name: str) -> str:
        return unicodedata.normalize("NFC", name).casefold()


def explanation_text(outcome: Outcome) -> str:
    """What an explanation file holds: the result as JSON, or the row's errors as eval gives them."""
    if outcome.explanation is not None:
        return outcome.explanation
    return json.dumps({"errors": [problem.to_dict() for problem in outcome.problems]},
                      ensure_ascii=False, indent=2)


# ---- the summary ----------------------------------------------------------------------------


@attrs.define
class Summary:
    """Counts and totals over the rows, kept exactly and in constant space."""

    rounding: RoundingPolicy
    rows: int = 0
    failed: int = 0
    grades: Counter[str | None] = attrs.field(factory=Counter)
    sum: Fraction = Fraction(0)
    lowest: Exact | None = None
    highest: Exact | None = None

    @classmethod
    def of(cls, ruleset: Ruleset) -> Summary:
        """The mean is rounded as the ruleset rounds its total; to 2 places half up if it does not."""
        return cls(ruleset.plan.rounding or RoundingPolicy(2, ROUND_HALF_UP))

    def add(self, outcome: Outcome) -> None:
        self.rows += 1
        if outcome.total is None:
            self.failed += 1
            return
        total = outcome.total
        self.grades[outcome.grade] += 1
        self.sum += numbers.to_fraction(total)
        if self.lowest is None or numbers.compare(total, self.lowest) < 0:
            self.lowest = total
        if self.highest is None or numbers.compare(total, self.highest) > 0:
            self.highest = total

    @property
    def scored(self) -> int:
        return self.rows - self.failed

    @property
    def mean(self) -> Decimal | None:
        if not self.scored:
            return None
        return numbers.round_to(self.sum / self.scored, self.rounding)


def useful_jobs(jobs: int, expected: int | None) -> int:
    """No more workers than there are chunks to score: starting one costs more than a chunk."""
    if expected is None:
        return jobs
    return max(1, min(jobs, -(-expected // CHUNK)))


def output_kind_known(path: str | Path) -> bool:
    return Path(path).suffix.lower() in OUTPUTS


def same_file(one: str | Path, other: str | Path) -> bool:
    """Whether two paths name one file (the output would overwrite the input as it is read)."""
    try:
        return Path(one).resolve() == Path(other).resolve() or os.path.samefile(one, other)
    except OSError:
        return False

