"""The command line: load, evaluate, print, exit.

Exit codes: 0 ok, 1 findings, 2 input error; 130 interrupted, 141 output cut off by its reader.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Sequence

from rich.console import Console

from . import render
from .errors import EvalRulesError, RuleCompileError, RuleSyntaxError
from .result import Result
from .ruleset import Ruleset, load

OK, FINDINGS, INPUT_ERROR = 0, 1, 2
INTERRUPTED, CUT_OFF = 130, 141  # as a shell reports SIGINT and SIGPIPE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evalrules", description="预算绩效评价指标体系：评分、说明与检查。")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, helptext in (("eval", "按事实数据评分"), ("explain", "评分并说明每一分的来去")):
        command = commands.add_parser(name, help=helptext)
        command.add_argument("rules", help="规则文件（.rules）")
        command.add_argument("--facts", required=True, help="事实文件（.yaml / .yml / .json）")
        if name == "eval":
            command.add_argument("--format", choices=("table", "json"), default="table",
                                 help="输出格式（默认 table）")
        else:
            command.add_argument("--format", choices=("text", "json"), default="text",
                                 help="输出格式（默认 text；json 与 eval 的相同，含每一步说明）")
            command.add_argument("--all", action="store_true", help="说明每个末级指标，而不只是失分的")
    check = commands.add_parser("check", help="检查规则文件：语法、名称、类型、分值合计、等级区间")
    check.add_argument("rules", help="规则文件（.rules）")
    check.add_argument("--format", choices=("text", "json"), default="text")
    return parser


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
        # The reader (head, less) stopped reading: stop quietly, as other command-line tools do,
        # and leave nothing unflushed to fail again at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return CUT_OFF


def _run(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    out = Console(highlight=False)
    err = Console(stderr=True, highlight=False)
    as_json = getattr(args, "format", None) == "json"
    try:
        ruleset = load(args.rules)
        if args.command == "check":
            return _check(ruleset, as_json, out)
        result = ruleset.evaluate(args.facts)
    except EvalRulesError as error:
        if as_json:
            print(_json({"errors": [d.to_dict() for d in error.diagnostics]}))
        else:
            err.print(render.diagnostics(error))
        findings = args.command == "check" and isinstance(error, (RuleSyntaxError,
                                                                   RuleCompileError))
        return FINDINGS if findings else INPUT_ERROR
    _show(args, result, out)
    return OK


def _check(ruleset: Ruleset, as_json: bool, out: Console) -> int:
    plan = ruleset.plan
    if as_json:
        facts = {name: {"type": spec.type.value, "needed_by": list(spec.needed_by)}
                 for name, spec in plan.facts.items()}
        print(_json({"ok": True, "indicators": len(plan.leaves()), "facts": facts}))
    else:
        out.print(render.check_summary(plan))
        out.print(render.fact_table(plan))
    return OK


def _show(args: argparse.Namespace, result: Result, out: Console) -> None:
    if args.format == "json":
        print(_json(result.to_dict()))
    elif args.command == "explain":
        out.print(render.explanation(result, every_leaf=args.all))
    else:
        out.print(render.score_tree(result))
        out.print(render.loss_table(result))


def _json(data: object) -> str:
    """JSON is data and stays exact; but json escapes only C0 itself, so every other character
    a terminal would act on is escaped too (\\u202e). They can only stand inside strings."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return "\n".join(line if line.isprintable() else
                     "".join(json.dumps(char)[1:-1] if render.hidden(char) else char
                             for char in line)
                     for line in text.split("\n"))


if __name__ == "__main__":
    sys.exit(main())
