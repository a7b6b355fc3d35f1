"""Rich renderables for what-if: the facts set by --set, the points each fact could win back,
and the ways to a grade or total. Nothing here prints; the CLI does."""

from __future__ import annotations

import shlex
from collections import Counter

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from . import numbers
from .display import brief, visible
from .facts import written
from .result import Result
from .whatif import Change, Gains, Option, Routes
from .wording import assumption


def assumptions(result: Result) -> Text:
    """The facts a what-if set, each with the value it stands in for."""
    text = Text("假设（--set）：", style="bold magenta")
    for fact in result.assumed:
        line = assumption(fact.name, brief(written(fact.raw)),
                          brief(fact.was) if fact.was is not None else None)
        text.append("\n  " + visible(line), style="magenta")
    return text


def _change(change: Change) -> Text:
    was = brief(change.was) if change.was is not None else "未给出"
    text = Text(visible(change.fact), style="cyan")
    text.append(f" {visible(was)} → ")
    text.append(visible(brief(change.value)), style="bold")
    if change.judged:
        text.append("（评价人的判断）", style="yellow")
    return text


def _option(option: Option) -> Text:
    text = _change(option.change)
    for path, delta in option.elsewhere:
        sign = "+" if numbers.compare(delta, numbers.ZERO) > 0 else ""
        text.append(f"\n同时 {visible(path[-1])} {sign}{numbers.show(delta)}分",
                    style="green" if sign else "red")
    return text


def _won(option: Option) -> Text:
    return Text(numbers.show(option.recovered) + ("" if option.full else "（部分）"),
                style="green" if option.full else "yellow")


def gains(found: Gains) -> RenderableType:
    """Each leaf that lost points, the changes to one fact that win them back (best first), and
    the facts for which no change is proposed, with why."""
    head = Text(f"总分 {numbers.show(found.total)}"
                + (f"，等级 {visible(found.grade)}" if found.grade is not None else "")
                + ("。每项改变只改一个事实，已按改后的事实重新评分：" if found.leaves
                   else "。没有失分的指标。"), style="bold")
    if not found.leaves:
        return head
    table = Table(expand=True, show_lines=True)
    table.add_column("指标", ratio=2, overflow="fold")
    table.add_column("失分", justify="right")
    table.add_column("改变一个事实", ratio=3, overflow="fold")
    table.add_column("挽回", justify="right")
    table.add_column("改后总分", justify="right")
    table.add_column("等级")
    shared = Counter(leaf.path[-1] for leaf in found.leaves)
    for leaf in found.leaves:
        # A name that two leaves share is shown with its path.
        name = Text(visible(leaf.path[-1] if shared[leaf.path[-1]] < 2 else "/".join(leaf.path)))
        lost = Text(numbers.show(leaf.lost), style="red")
        unsolved = Text("\n".join(visible(f"{item.fact}：{item.reason}")
                                  for item in leaf.unsolved), style="dim")
        if not leaf.options:
            table.add_row(name, lost, unsolved or Text("没有能多得分的改变", style="dim"), "", "", "")
        for index, option in enumerate(leaf.options):
            change = _option(option)
            if index == len(leaf.options) - 1 and leaf.unsolved:
                change.append("\n").append_text(unsolved)
            table.add_row(name if index == 0 else "", lost if index == 0 else "", change,
                          _won(option), numbers.show(option.total),
                          visible(option.grade or ""))
    return Group(head, table)


def routes(found: Routes) -> RenderableType:
    """The ways to the target, cheapest first, each with the --set that applies it."""
    target = found.target
    now = f"现为 {numbers.show(found.total)}" + \
        (f"，等级 {visible(found.grade)}" if found.grade is not None else "")
    wanted = visible(target.grade) if target.grade is not None else \
        f"总分 {numbers.plain(target.low)}"
    if found.reached:
        return Text(f"目标 {wanted}：已达到（{now}）。", style="bold")
    head = Text(f"目标 {wanted}（{now}）：", style="bold")
    if not found.routes:
        head.append("没有找到能达到目标的改变（每项改变都已按改后的事实重新评分）。", style="yellow")
        return head
    lines: list[RenderableType] = [head]
    for number, route in enumerate(found.routes, 1):
        line = Text(f"{number}. ")
        for index, change in enumerate(route.changes):
            line.append("；" if index else "")
            line.append_text(_change(change))
        line.append(f"  → 总分 {numbers.show(route.total)}"
                    + (f"，等级 {visible(route.grade)}" if route.grade is not None else ""))
        settings = " ".join(f"--set {visible(shlex.quote(change.setting))}" for change in route.changes)
        line.append(f"\n   {settings}", style="dim")
        lines.append(line)
    return Group(*lines)
