"""The command line: load, evaluate, print, exit.

Exit codes: 0 ok, 1 findings (check: problems in the rule file; batch: rows not scored; audit:
slips in the report), 2 input error, 3 output not written (a full disk, a closed standard
output; said in one line on standard error); 130 interrupted, 141 output cut off by its reader.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib.metadata
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from . import display, numbers, render, report, table
from .errors import EvalRulesError, RuleCompileError, RuleSyntaxError
from .facts import Facts, read_facts
from .result import Result
from .ruleset import Ruleset, load

if TYPE_CHECKING:  # batch and the progress bar are imported only where a batch is scored
    from rich.progress import Progress, Task

    from .batch import Outcome, Summary

OK, FINDINGS, INPUT_ERROR, UNWRITTEN = 0, 1, 2, 3
INTERRUPTED, CUT_OFF = 130, 141  # as a shell reports SIGINT and SIGPIPE

# Why a stream could not be written, in words for the person at the terminal.
_REASONS = {errno.ENOSPC: "磁盘已满", errno.EBADF: "已关闭", errno.EFBIG: "文件过大",
            errno.EIO: "读写出错", errno.EACCES: "没有写入权限",
            errno.ENOENT: "所在的文件夹不存在", errno.EISDIR: "这是一个文件夹"}


def _version() -> str:
    try:
        return importlib.metadata.version("evalrules")
    except importlib.metadata.PackageNotFoundError:  # run from a checkout not installed
        return "（未安装）"


# One vocabulary of --format across commands: text and json everywhere; table adds its files'.
FORMATS = ("text", "json")

# argparse's own words, as its messages and help put them (Python 3.11 to 3.13), in Chinese: an
# argument's name, then what is wrong with it.
_ARGPARSE_WORDS = (
    (r"argument (.+?): (.*)", "参数 {0}：{1}"),
    (r"the following arguments are required: (.*)", "缺少必需的参数：{0}"),
    (r"unrecognized arguments: (.*)", "无法识别的参数：{0}"),
    (r"invalid choice: (.*?) \(choose from (.*)\)", "无效的选择 {0}（可选：{1}）"),
    (r"expected one argument", "需要一个值"),
    (r"expected at most one argument", "至多需要一个值"),
    (r"expected at least one argument", "至少需要一个值"),
    (r"expected (\d+) arguments?", "需要 {0} 个值"),
    (r"invalid \S+ value: (.*)", "无效的值：{0}"),
    (r"ambiguous option: (\S+) could match (.*)", "选项 {0} 有歧义，可能是：{1}"),
    (r"not allowed with argument (.*)", "不能与参数 {0} 同用"),
    (r"ignored explicit argument (.*)", "此选项不取值：{0}"),
    (r"one of the arguments (.*) is required", "须给出参数 {0} 之一"),
)
# What an argument stands for, shown in usage and messages in place of its English name.
_METAVARS = {"rules": "规则文件", "facts": "事实文件", "output": "文件", "key": "列名",
             "sheet": "工作表", "jobs": "进程数", "trace_dir": "文件夹", "set": "名称=值",
             "reported": "报告文件", "to": "目标"}


def _in_chinese(message: str) -> str:
    for pattern, words in _ARGPARSE_WORDS:
        found = re.fullmatch(pattern, message, re.DOTALL)
        if found:
            return words.format(*(_in_chinese(part) if pattern.startswith("argument") and
                                  index else part.replace(", ", "、")
                                  for index, part in enumerate(found.groups())))
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup],
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def format_help(self) -> str:  # a section's heading ends with a Chinese colon
        return re.sub(r"^(\S[^\n]*):$", r"\1：", super().format_help(), flags=re.MULTILINE)


class _Parser(argparse.ArgumentParser):
    """argparse speaking Chinese, as the rest of evalrules does: usage, help and errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "add_help": False, "formatter_class": _Formatter})
        self._positionals.title, self._optionals.title = "位置参数", "选项"
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def add_argument(self, *names: Any, **kwargs: Any) -> argparse.Action:
        if "choices" not in kwargs and kwargs.get("action", "store") in ("store", "append"):
            dest = kwargs.get("dest") or next((name for name in names if name.startswith("--")),
                                              names[0]).lstrip("-").replace("-", "_")
            if dest in _METAVARS:
                kwargs.setdefault("metavar", _METAVARS[dest])
        return super().add_argument(*names, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(INPUT_ERROR, f"{self.prog}：错误：{_in_chinese(message)}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="evalrules", description="预算绩效评价指标体系：评分、说明与检查。")
    parser.add_argument("--version", action="version", version=f"evalrules {_version()}",
                        help="显示版本并退出")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")
    for name, helptext in (("eval", "按事实数据评分"), ("explain", "评分并说明每一分的来去")):
        command = commands.add_parser(name, help=helptext)
        _add_inputs(command)
        formats = FORMATS if name == "eval" else (*FORMATS, "html")
        command.add_argument("--format", choices=formats, default="text",
                             help="输出格式（默认 text；json 含每一步说明，eval 与 explain 相同"
                                  + ("）" if name == "eval" else "；html 为网页报告，附图表）"))
        if name == "explain":
            command.add_argument("-o", "--output", help="写入的文件；不写时输出到标准输出")
            command.add_argument("--all", action="store_true", help="说明每个末级指标，而不只是失分的")
        _add_set(command)
        command.add_argument("--partial", action="store_true", help=_PARTIAL_HELP)
    scores = commands.add_parser("table", help="生成绩效评价得分表：xlsx、md、html 或 csv")
    _add_inputs(scores)
    scores.add_argument("-o", "--output", help="写入的文件，格式按扩展名；不写时 Markdown 输出到标准输出")
    scores.add_argument("--format", choices=(*FORMATS, *table.FORMATS),
                        help="输出格式（默认按 -o 文件的扩展名；text、json 与 eval 的相同）")
    _add_set(scores)
    scores.add_argument("--partial", action="store_true", help=_PARTIAL_HELP)
    gain = commands.add_parser("gain", help="假如：改哪一个事实能挽回失分；--to 达到某等级或总分的改法")
    _add_inputs(gain)
    gain.add_argument("--to", help="目标等级（如 优）或总分（如 95）：列出达到它的改法，改动最少的在前")
    gain.add_argument("--format", choices=FORMATS, default="text", help="输出格式（默认 text）")
    _audit_parser(commands)
    check = commands.add_parser("check", help="检查规则文件：语法、名称、类型、分值合计、等级区间")
    check.add_argument("rules", help="规则文件（.rules）")
    check.add_argument("--format", choices=FORMATS, default="text", help="输出格式（默认 text）")
    many = commands.add_parser("batch", help="批量评分：每行（或每个文件）一个项目，结果写入一个文件")
    many.add_argument("rules", help="规则文件（.rules）")
    many.add_argument("--facts", required=True,
                      help="事实表（.csv / .xlsx / .jsonl，每行一个项目，表头为事实名称），"
                           "或事实文件（.yaml / .yml / .json）所在的文件夹")
    many.add_argument("-o", "--output", required=True, help="结果文件（.csv / .xlsx / .jsonl）")
    many.add_argument("--key", help="项目名称所在的列"
                                    "（默认：项目名称、项目编号、key 或 id 列，都没有则用行号）")
    many.add_argument("--sheet", help="XLSX 中读取的工作表（默认第一个）")
    many.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1,
                      help="并行评分的进程数（默认：处理器核数；1 为不另开进程）")
    many.add_argument("--trace-dir", help="每个项目的评分说明（JSON）写入此文件夹")
    many.add_argument("--quiet", action="store_true", help="不显示进度条和汇总")
    return parser


def _setting(text: str) -> tuple[str, str]:
    from .whatif import setting

    try:
        return setting(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _add_inputs(command: argparse.ArgumentParser) -> None:
    """The rules and the facts, as every command that scores one project takes them."""
    command.add_argument("rules", help="规则文件（.rules）")
    command.add_argument("--facts", required=True,
                         help="事实文件（.yaml / .yml / .json）；- 表示从标准输入读取")


def _add_set(command: argparse.ArgumentParser) -> None:
    """--set on eval, explain and table: a fact supposed otherwise, as a fact file gives it."""
    command.add_argument("--set", action="append", default=[], type=_setting, metavar="名称=值",
                         help="假设某事实为此值（可重复；值的写法与事实文件相同，"
                              "如 96%%、是、{等级: 一般, 依据: …}）")


_PARTIAL_HELP = "证据不全时也评分：缺少的事实按其取值范围计，给出得分范围、可能的等级和待补的事实"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数：{text}")
    return value


class _Unwritten(Exception):
    """A stream could not be written: which one, and why."""

    def __init__(self, stderr: bool, reason: str) -> None:
        super().__init__(f"evalrules：{'标准错误' if stderr else '标准输出'}无法写入（{reason}），"
                         "输出不完整。")
        self.stderr = stderr


def main(argv: Sequence[str] | None = None) -> int:
    # A terminal or file whose encoding lacks a character (GBK has no ✓) shows "?" for it.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    try:
        return _run(argv)
    except KeyboardInterrupt:
        return INTERRUPTED
    except BrokenPipeError:
        # The reader (head, less) stopped reading: stop quietly, as other command-line tools do.
        return CUT_OFF
    except _Unwritten as failure:
        if not failure.stderr:
            with contextlib.suppress(_Unwritten, BrokenPipeError):
                _write(f"{failure}\n", stderr=True)
        return UNWRITTEN


def _run(argv: Sequence[str] | None) -> int:
    said = io.StringIO()  # argparse's help or usage, to be written where a failure is seen
    try:
        with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
            args = _parser().parse_args(argv)
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else INPUT_ERROR
        # A usage error quotes the arguments as given, which may hold controls too.
        lines = said.getvalue().split("\n")
        _write("\n".join(display.visible(line) for line in lines), stderr=code != OK)
        return code
    if args.command == "batch":
        return _batch(args)
    as_json = getattr(args, "format", None) == "json"
    if args.command == "table" and (refused := _table_format(args)):
        _write(f"evalrules：{refused}\n", stderr=True)
        return INPUT_ERROR
    ruleset: Ruleset | None = None
    try:
        ruleset = load(args.rules)
        if args.command == "check":
            return _check(ruleset, as_json)
        # --facts - : the facts from standard input (YAML, or JSON when it opens with {).
        facts = read_facts(sys.stdin.buffer) if args.facts == "-" else args.facts
        if args.command == "gain":
            return _gain(args, ruleset, facts)
        if args.command == "audit":
            return _audit(args, ruleset, facts)
        if args.partial:
            return _partial(args, ruleset, facts)
        result = _scored(ruleset, facts, args.set)
    except EvalRulesError as error:
        from .partial import missing_summary, missing_to_dict

        plan = ruleset.plan if ruleset is not None else None
        if as_json:
            missing = missing_to_dict(error, plan)
            _write(_json({"errors": [d.to_dict() for d in error.diagnostics],
                          **({"missing": missing} if missing else {})}))
        else:
            _print(render.diagnostics(error), *filter(None, [missing_summary(error, plan)]),
                   stderr=True)
        findings = args.command == "check" and isinstance(error, (RuleSyntaxError,
                                                                   RuleCompileError))
        return FINDINGS if findings else INPUT_ERROR
    if args.command == "table" and args.format not in FORMATS:
        return _table(args, result)
    if args.command == "explain" and (args.format == "html" or args.output is not None):
        return _explained(args, ruleset, result)
    _show(args, result)
    return OK


def _scored(ruleset: Ruleset, facts: Facts | str, settings: list[tuple[str, str]]) -> Result:
    if not settings:
        return ruleset.evaluate(facts)
    from . import whatif

    return whatif.evaluate(ruleset, facts, settings)


def _gain(args: argparse.Namespace, ruleset: Ruleset, facts: Facts | str) -> int:
    """The points each fact could win back, or the ways to --to; EvalRulesError to be told."""
    from . import whatif, whatif_render

    if args.to is not None:
        try:
            goal = whatif.target(ruleset.plan, args.to)
        except ValueError as error:
            _write(f"evalrules：{display.visible(str(error))}\n", stderr=True)
            return INPUT_ERROR
        found: whatif.Routes | whatif.Gains = whatif.routes(ruleset, facts, goal)
    else:
        found = whatif.gains(ruleset, facts)
    if args.format == "json":
        _write(_json(found.to_dict()))
    elif isinstance(found, whatif.Routes):
        _print(whatif_render.routes(found))
    else:
        _print(whatif_render.gains(found))
    return OK


def _audit_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    command = commands.add_parser("audit", help="复核报告：报告所写的数字与按事实重算的逐一核对")
    _add_inputs(command)
    command.add_argument("--reported", help="报告数字文件（.yaml）：报告写明的分值、得分、比率、总分等"
                                            "及其出处；不写时只核对规则本身（核对、评价标准中的分数）")
    command.add_argument("--format", choices=FORMATS, default="text", help="输出格式（默认 text）")
    _add_set(command)


def _audit(args: argparse.Namespace, ruleset: Ruleset, facts: Facts | str) -> int:
    """Reconciles; 1 when the report has slips. Errors propagate to the caller's handler."""
    from . import audit

    if args.set:
        from . import whatif

        facts = whatif.supposed(ruleset, facts, args.set)[0]
    report = audit.audit(ruleset, facts, args.reported)
    if args.format == "json":
        _write(_json(report.to_dict()))
    else:
        _print(audit.render(report))
    return FINDINGS if report.findings else OK


def _partial(args: argparse.Namespace, ruleset: Ruleset, facts: Facts | str) -> int:
    """--partial: ranges where facts are missing (partial.py)."""
    from .partial import evaluate_partial, score_table
    from .partial import render as render_partial

    if args.set:
        from . import whatif

        facts = whatif.supposed(ruleset, facts, args.set)[0]
    found = evaluate_partial(ruleset, facts)
    if args.command == "table":
        return _write_table(args, score_table(found))
    if args.format == "json":
        _write(_json(found.to_dict()))
    else:
        _print(render_partial(found, detailed=args.command == "explain"))
    return OK


def _check(ruleset: Ruleset, as_json: bool) -> int:
    plan = ruleset.plan
    if as_json:
        facts = {name: {"type": spec.type.value, "needed_by": list(spec.needed_by)}
                 for name, spec in plan.facts.items()}
        _write(_json({"ok": True, "indicators": len(plan.leaves()), "facts": facts}))
    else:
        _print(render.check_summary(plan), render.fact_table(plan))
    return OK


def _table_format(args: argparse.Namespace) -> str | None:
    """Settles ``args.format`` from the file's extension where not given; or says what is wrong."""
    if args.format is None:
        if args.output is None:
            args.format = "md"
        else:
            args.format = os.path.splitext(args.output)[1].lstrip(".").lower()
            if args.format not in table.FORMATS:
                return (f"不知道把得分表写成哪种格式：文件 {display.visible(args.output)} 的扩展名应为 "
                        f"{'、'.join('.' + name for name in table.FORMATS)}，或用 --format 指定。")
    if args.output is not None and args.format in FORMATS:
        return f"{args.format} 格式输出到标准输出，与 eval 的相同；写入文件请用 xlsx、md、html 或 csv。"
    if args.output is None and args.format == "xlsx":
        return "xlsx 是二进制文件，不能输出到标准输出：请用 -o 指定文件。"
    return None


def _table(args: argparse.Namespace, result: Result) -> int:
    return _write_table(args, table.build(result))


def _write_table(args: argparse.Namespace, built: table.Table) -> int:
    data = table.FORMATS[args.format](built)
    if args.output is None:
        _write(data.decode("utf-8-sig"))
        return OK
    return _write_file(args.output, data, "得分表")


def _explained(args: argparse.Namespace, ruleset: Ruleset, result: Result) -> int:
    """explain as a web page (the report), or written to a file in any of its formats."""
    if args.format == "html":
        text = report.html(result, ruleset.plan.grades, every_leaf=args.all)
    elif args.format == "json":
        text = _json(result.to_dict())
    else:  # as it reads through a pipe: no colours, the width of the COLUMNS variable or 80
        text = _rendered(render.explanation(result, every_leaf=args.all), stream=None)
    if args.output is None:
        _write(text)
        return OK
    return _write_file(args.output, text.encode("utf-8"), "说明" if args.format != "html" else "报告")


def _write_file(path: str, data: bytes, what: str) -> int:
    """Writes the whole file, or leaves none: a failure is said in one line, exit code 3."""
    try:
        out = open(path, "wb")  # noqa: SIM115 - a failure to open leaves the file as it was
    except OSError as error:
        return _file_unwritten(path, error, what)
    try:
        with out:
            out.write(data)
    except OSError as error:
        if os.path.isfile(path):  # rather than half a file; never a device (/dev/full)
            with contextlib.suppress(OSError):
                os.remove(path)
        return _file_unwritten(path, error, what)
    return OK


def _file_unwritten(path: str, error: OSError, what: str) -> int:
    reason = _REASONS.get(error.errno or 0, error.strerror or str(error))
    _write(f"evalrules：文件 {display.visible(path)} 无法写入（{reason}），{what}未生成。\n",
           stderr=True)
    return UNWRITTEN


def _show(args: argparse.Namespace, result: Result) -> None:
    if result.assumed and args.format != "json":
        from . import whatif_render

        _print(whatif_render.assumptions(result))
    if args.format == "json":
        _write(_json(result.to_dict()))
    elif args.command == "explain":
        _print(render.explanation(result, every_leaf=args.all))
    else:
        _print(render.score_tree(result), render.loss_table(result))


def _batch(args: argparse.Namespace) -> int:
    """Scores every row, writing each as it comes; 1 when some row could not be scored."""
    from . import batch

    if not batch.output_kind_known(args.output):
        kinds = "、".join(batch.OUTPUTS)
        _write(f"evalrules：结果文件的扩展名应为 {kinds}：{display.visible(args.output)}\n", stderr=True)
        return INPUT_ERROR
    if batch.same_file(args.facts, args.output):
        _write("evalrules：结果文件与事实表是同一个文件，写入会覆盖尚未读取的事实。\n", stderr=True)
        return INPUT_ERROR
    if args.trace_dir and batch.same_file(args.facts, args.trace_dir):
        _write("evalrules：--trace-dir 与事实文件夹是同一个文件夹，说明文件会覆盖同名的事实文件。\n",
               stderr=True)
        return INPUT_ERROR
    try:
        ruleset = load(args.rules)
        ruleset.program(args.trace_dir is not None)
        batch.settle()
        rows = batch.read_rows(args.facts, args.key, args.sheet)
    except EvalRulesError as error:
        _print(render.diagnostics(error), stderr=True)
        return INPUT_ERROR
    trace_dir = Path(args.trace_dir) if args.trace_dir else None
    try:
        if trace_dir is not None:
            trace_dir.mkdir(parents=True, exist_ok=True)
        writer = batch.open_output(args.output, batch.indicator_paths(ruleset))
    except OSError as error:
        return _unwritable(args.trace_dir if trace_dir and not trace_dir.is_dir() else args.output,
                           error)
    summary = batch.Summary.of(ruleset)
    names = batch.TraceNames()
    shown = _Shown(not args.quiet and sys.stderr is not None and sys.stderr.isatty(), rows.expected)
    place = "文件" if Path(args.facts).is_dir() else "行"
    try:
        with shown:
            jobs = batch.useful_jobs(args.jobs, rows.expected)
            for outcome in batch.score(ruleset, rows, jobs, explain=trace_dir is not None):
                where = args.output
                try:
                    writer.write(outcome)
                    if trace_dir is not None:
                        where = str(trace_dir / names.name(outcome))
                        Path(where).write_text(batch.explanation_text(outcome), encoding="utf-8")
                except OSError as error:
                    return _unwritable(where, error)
                summary.add(outcome)
                if outcome.failed:
                    shown.print(_failure(outcome, place))
                shown.advance()
    except EvalRulesError as error:  # the input became unreadable part way through
        _print(render.diagnostics(error), stderr=True)
        return INPUT_ERROR
    except BrokenProcessPool:
        _write("evalrules：评分进程意外退出（可能是内存不足或被终止），结果不完整。\n", stderr=True)
        return UNWRITTEN
    finally:
        with contextlib.suppress(OSError):
            writer.close()
    if not args.quiet:
        _print(_summary(summary))
    return FINDINGS if summary.failed else OK


def _unwritable(path: str, error: OSError) -> int:
    reason = _REASONS.get(error.errno or 0, error.strerror or str(error))
    _write(f"evalrules：{display.visible(path)} 无法写入（{reason}），输出不完整。\n", stderr=True)
    return UNWRITTEN


def _failure(outcome: Outcome, place: str) -> RenderableType:
    head = Text(f"第 {outcome.number} 个{place}" if place == "文件" else f"第 {outcome.number} 行",
                style="bold")
    head.append(f"（{display.visible(outcome.key)}）未能评分，共 {len(outcome.problems)} 个问题：")
    return Group(head, *(render.diagnostic(problem) for problem in outcome.problems))


def _summary(summary: Summary) -> Table:
    table = Table(title="批量评分汇总", show_header=False)
    table.add_column(justify="right")
    table.add_column(justify="right")
    table.add_row("项目数", str(summary.rows))
    table.add_row("已评分", str(summary.scored))
    table.add_row("未能评分", str(summary.failed))
    for grade, count in sorted(summary.grades.items(), key=lambda item: -item[1]):
        table.add_row(f"等级 {display.visible(grade)}" if grade is not None else "无等级", str(count))
    if summary.mean is not None and summary.lowest is not None and summary.highest is not None:
        table.add_row(f"平均分（{summary.rounding.label}）", numbers.plain(summary.mean))
        table.add_row("最低分", numbers.show(summary.lowest))
        table.add_row("最高分", numbers.show(summary.highest))
    return table


class _Shown:
    """A progress bar with rate and time left on standard error, when it is a terminal that a
    person watches; what is reported meanwhile is printed above the bar."""

    def __init__(self, live: bool, expected: int | None) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        class Rate(ProgressColumn):
            def render(self, task: Task) -> Text:
                return Text(f"{task.speed:.0f} 个/秒" if task.speed else "", style="cyan")

        self.progress: Progress | None = None
        if live:
            self.progress = Progress(
                TextColumn("评分"), BarColumn(), MofNCompleteColumn(), Rate(),
                TimeRemainingColumn(), console=Console(stderr=True, highlight=False))
            self.task = self.progress.add_task("", total=expected)

    def __enter__(self) -> _Shown:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exception: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def advance(self) -> None:
        if self.progress is not None:
            self.progress.advance(self.task)

    def print(self, renderable: RenderableType) -> None:
        if self.progress is not None:
            self.progress.console.print(renderable)
        else:
            _print(renderable, stderr=True)


def _json(data: object) -> str:
    """JSON is data and stays exact; but json escapes only C0 itself, so every other character
    a terminal would act on is escaped too (\\u202e). They can only stand inside strings."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return "\n".join(line if line.isprintable() else
                     "".join(json.dumps(char)[1:-1] if display.hidden(char) else char
                             for char in line)
                     for line in text.split("\n")) + "\n"


class _Held(io.StringIO):
    """What rich writes for a stream, held to be written at once where a failure is caught;
    rich's questions about the stream (a terminal? which encoding?) the stream answers itself."""

    def __init__(self, stream: TextIO | None) -> None:
        super().__init__()
        self.stream = stream

    def isatty(self) -> bool:
        return self.stream is not None and self.stream.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"


def _print(*renderables: RenderableType, stderr: bool = False) -> None:
    """Renders as the terminal (or pipe, or file) wants, then writes it all at once."""
    _write(_rendered(*renderables, stream=sys.stderr if stderr else sys.stdout), stderr=stderr)


def _rendered(*renderables: RenderableType, stream: TextIO | None) -> str:
    held = _Held(stream)
    console = Console(file=held, highlight=False)
    for renderable in renderables:
        console.print(renderable)
    return held.getvalue()


def _write(text: str, stderr: bool = False) -> None:
    """Writes and flushes, so that a failure to write is seen here: not lost, and not left for
    the interpreter to meet again, with a traceback, when it flushes at exit."""
    stream = sys.stderr if stderr else sys.stdout
    if stream is None:  # closed before Python started (>&-)
        raise _Unwritten(stderr, _REASONS[errno.EBADF])
    try:
        binary = getattr(stream, "buffer", None)
        if binary is None:
            stream.write(text)
        else:
            # Through the bytes beneath: unbuffered (python -u, PYTHONUNBUFFERED), the text
            # layer would drop what a full disk or a departing reader did not take.
            stream.flush()
            data = memoryview(text.encode(stream.encoding, stream.errors or "strict"))
            while data:
                written = binary.write(data)
                if written is None:  # non-blocking, and full
                    raise BlockingIOError(errno.EAGAIN, os.strerror(errno.EAGAIN))
                data = data[written:]
        stream.flush()
    except OSError as error:
        # What is left in the buffer goes nowhere, so the flush at exit cannot fail.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        if isinstance(error, BrokenPipeError):
            raise
        reason = _REASONS.get(error.errno or 0, error.strerror or str(error))
        raise _Unwritten(stderr, reason) from None


if __name__ == "__main__":
    sys.exit(main())
