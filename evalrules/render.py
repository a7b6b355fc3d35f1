"""Rich renderables for results, traces and diagnostics. Nothing here prints; the CLI does.

User text (names, rule text, fact values, evidence, file names, messages quoting them) always goes
in as ``Text``, never as markup, and always through ``visible``, so that no rule or fact file can
write to the terminal anything but characters to be read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from . import numbers, wording
from .display import visible as visible
from .errors import Diagnostic, EvalRulesError
from .plan import Plan
from .result import IndicatorResult, Result
from .trace import (
    ChoiceStep,
    ExemptionStep,
)


def _score(node: IndicatorResult) -> Text:
    lost = numbers.compare(node.lost, numbers.ZERO) > 0
    text = Text(f"{numbers.show(node.score)}/{numbers.show(node.weight)}分",
                style="yellow" if lost else "green")
    if node.bonus:
        text.append("（附加分）", style="green")
    elif lost:
        text.append(f"（失{numbers.show(node.lost)}分）", style="red")
    return text


def _headline(result: Result) -> Text:
    text = Text()
    if result.title:
        text.append(visible(result.title) + "\n", style="bold")
    text.append("总分 ")
    text.append(numbers.show(result.total), style="bold")
    text.append(f" / {numbers.plain(result.full_score)}分")
    if numbers.compare(result.bonus, numbers.ZERO):
        text.append(f"（基础分 {numbers.show(result.base)} + 附加分 {numbers.show(result.bonus)}）")
    if result.rescale is not None:
        rescale = result.rescale
        text.append(f"（适用指标得分 {numbers.show(rescale.raw)}/{numbers.show(rescale.applicable)}"
                    "分，按百分制折算）")
    if result.grade is not None:
        text.append("，等级 ")
        text.append(visible(result.grade), style="bold")
        if result.graded is not None:
            text.append(f"（按 {numbers.show(result.graded)} 分定级）")
    if result.rounding:
        text.append(f"（各末级指标得分{visible(result.rounding)}）", style="dim")
    for veto in result.vetoes:
        if veto.held:
            text.append("\n")
            text.append_text(_text(wording.veto_note(veto, whole=True)))
    return text


def _notes(node: IndicatorResult) -> list[str]:
    return [visible(text) for label, text in node.fields if label == "备注"]


def _names(names: Iterable[str]) -> str:
    return "、".join(visible(name) for name in names)


def score_tree(result: Result) -> Tree:
    """The indicator tree with score/weight on every node."""
    tree = Tree(_headline(result), guide_style="dim")

    def add(branch: Tree, node: IndicatorResult) -> None:
        label = Text(f"{visible(node.name)} ", style="bold" if node.children else "")
        if not node.applies:
            shared = any(isinstance(step, ExemptionStep) for step in node.steps)
            label.append("（不适用）" if shared else "（未采用）", style="dim")
            branch.add(label)
            return
        label.append_text(_score(node))
        for step in node.steps:
            if isinstance(step, ChoiceStep):
                label.append(f"  择一考核：{visible(step.fact)}为「{visible(step.chosen)}」",
                             style="magenta")
        for veto in node.vetoes:
            if veto.held:
                label.append("  ")
                label.append_text(_text(wording.veto_note(veto)))
        for note in _notes(node):
            label.append(f"\n备注：{note}", style="yellow")
        child = branch.add(label)
        for grandchild in node.children:
            add(child, grandchild)

    for indicator in result.indicators:
        add(tree, indicator)
    return tree


def loss_table(result: Result) -> Table:
    """The 失分 list: every leaf that lost points, largest first, adding up to the points lost."""
    table = Table(title="失分", title_justify="left", expand=True)
    table.add_column("指标", no_wrap=True)
    table.add_column("分值", justify="right")
    table.add_column("得分", justify="right")
    table.add_column("失分", justify="right", style="red")
    table.add_column("原因", ratio=1, overflow="fold")
    names = Counter(leaf.name for leaf in result.leaves())
    for loss in result.losses:
        # A name that two leaves share is shown with its path.
        shown = loss.name if names[loss.name] < 2 else "/".join(loss.path)
        table.add_row(Text(visible(shown)), numbers.show(loss.weight),
                      numbers.show(loss.score), numbers.show(loss.lost),
                      Text("\n".join(visible(reason) for reason in loss.reasons)))
    lost = numbers.sub(result.full_score, result.base)
    table.add_row(Text("合计", style="bold"), numbers.plain(result.full_score),
                  numbers.show(result.base), numbers.show(lost),
                  Text("不含附加分" if numbers.compare(result.bonus, numbers.ZERO) else ""))
    return table


# How each role of the trace's wording is shown.
_STYLES = {"value": "bold", "lost": "red", "good": "green", "note": "magenta", "reason": "yellow",
           "quiet": "dim", "alert": "bold red", "name": "cyan"}


def _text(line: wording.Line) -> Text:
    """A line of the trace's wording, text from rule and fact files shown escaped."""
    text = Text(style=_STYLES.get(line.role, ""))
    for phrase in line.phrases:
        text.append(visible(phrase.text) if phrase.quoted else phrase.text,
                    style=_STYLES.get(phrase.role, ""))
    return text


def _title(node: IndicatorResult) -> Text:
    title = Text("/".join(visible(name) for name in node.path) + "  ", style="bold")
    title.append_text(_score(node))
    return title


def leaf_trace(leaf: IndicatorResult) -> RenderableType:
    """How one leaf was scored: criterion, values read, each step, and the score."""
    parts: list[RenderableType] = [_title(leaf)]
    if leaf.criterion:
        parts.append(Text(f"  评价标准：{visible(leaf.criterion)}", style="dim"))
    for note in _notes(leaf):
        parts.append(Text(f"  备注：{note}", style="yellow"))
    parts.extend(_text(wording.read_line(read)) for read in leaf.reads)
    for step in leaf.steps:
        parts.extend(_text(line) for line in wording.step_lines(step))
    parts.extend(_text(wording.veto_line(veto)) for veto in leaf.vetoes)
    return Padding(Group(*parts), (0, 0, 1, 0))


def _parents_with_trace(result: Result) -> list[IndicatorResult]:
    """Parents scored other than by a plain sum: vetoed, or a weighted combination."""
    found, stack = [], list(result.indicators)
    while stack:
        node = stack.pop(0)
        if node.children and (node.vetoed or node.combination in ("weighted", "scaled")):
            found.append(node)
        stack.extend(node.children)
    return found


def _veto_trace(node: IndicatorResult) -> RenderableType:
    lines = [_text(wording.veto_line(veto, parent=True)) for veto in node.vetoes if veto.held]
    return Padding(Group(_title(node), *lines), (0, 0, 1, 0))


def check_summary(plan: Plan) -> Text:
    """check's verdict on a rule file that has no problem: its name, leaves, full score, facts."""
    return Text(f"{visible(plan.source.name)}：没有发现问题。{len(plan.leaves())} 个末级指标，"
                f"满分 {numbers.plain(plan.full_score)} 分，需要 {len(plan.facts)} 项事实。")


def fact_table(plan: Plan) -> Table:
    """The facts a ruleset reads: name, what kind of value, and the indicators that need it."""
    table = Table(title="需要的事实", title_justify="left", expand=True)
    table.add_column("名称", no_wrap=True)
    table.add_column("值", overflow="fold")
    table.add_column("用于", ratio=1, overflow="fold")
    for name, spec in plan.facts.items():
        users = _names(path.rsplit("/", 1)[-1] for path in spec.needed_by)
        table.add_row(Text(visible(name)), Text(spec.type.value), Text(users))
    for name, metric in plan.metrics.items():
        table.add_row(Text(visible(name), style="dim"),
                      Text("可选：给出报告值时不按公式计算", style="dim"),
                      Text(visible((metric.defined_in or "").rsplit("/", 1)[-1]), style="dim"))
    return table


def explanation(result: Result, every_leaf: bool = False) -> Group:
    """The whole explanation: tree, 失分 list, and the trace of each leaf that lost points."""
    leaves = [leaf for leaf in result.leaves()
              if every_leaf or numbers.compare(leaf.lost, numbers.ZERO) > 0]
    traces = [_veto_trace(node) if node.vetoed else leaf_trace(node)
              for node in _parents_with_trace(result)]
    traces += [leaf_trace(leaf) for leaf in leaves]
    heading = Text("得分说明" if every_leaf else "失分说明", style="bold underline")
    return Group(score_tree(result), Text(""), loss_table(result), *failed_checks(result),
                 Text(""), heading, *traces)


def failed_checks(result: Result) -> list[Text]:
    """A line for each 核对 the figures failed (none when all held)."""
    lines = []
    for check in result.checks:
        if check.held:
            continue
        line = Text("核对未通过（不影响得分）：", style="bold red")
        line.append(visible(check.rule))
        line.append(f"，代入为 {visible(check.condition)}")
        if check.difference is not None:
            line.append(f"，两边相差 {numbers.show(check.difference)}")
        line.append(f"（{visible(check.span.location)}）", style="dim")
        lines.append(line)
    return [Text(""), *lines] if lines else []


# ---- diagnostics --------------------------------------------------------------------------


_WINDOW = 70


def diagnostic(item: Diagnostic) -> RenderableType:
    """One problem: code and message, the line with a caret under the place, and hints."""
    head = Text()
    head.append(f"错误[{item.code}]", style="bold red")
    head.append(f"：{visible(item.message)}", style="bold")
    parts: list[RenderableType] = [head]
    if item.indicator:
        parts.append(Text(f"  指标：{visible(item.indicator)}", style="cyan"))
    if item.fact:
        parts.append(Text(f"  事实：{visible(item.fact)}", style="cyan"))
    span = item.span
    if span is not None:
        parts.append(Text(f"  --> {visible(span.location)}", style="blue"))
        line = span.source.line(span.line)
        gutter = str(span.line)
        pad = " " * len(gutter)
        start = span.column - 1
        width = (span.end_column - span.column) if span.end_line == span.line else \
            len(line) - start
        # A very long line is shown as a window around the place, marked with ellipses. The
        # caret is measured in cells of the line as shown, escapes included.
        left = max(0, start - _WINDOW // 2)
        shown = line[left : left + _WINDOW]
        before = ("…" if left else "") + visible(shown[: start - left])
        marked = visible(shown[start - left : start - left + max(min(width, _WINDOW), 1)])
        line = ("…" if left else "") + visible(shown) + ("…" if left + _WINDOW < len(line) else "")
        parts.append(Text(f"  {pad} |", style="blue"))
        parts.append(Text(f"  {gutter} | ", style="blue") + Text(line))
        parts.append(Text(f"  {pad} | ", style="blue")
                     + Text(" " * cell_len(before) + "^" * max(cell_len(marked), 1),
                            style="bold red"))
    for hint in item.hints:
        parts.append(Text(f"  提示：{visible(hint)}", style="green"))
    return Padding(Group(*parts), (0, 0, 1, 0))


def diagnostics(error: EvalRulesError) -> Group:
    return Group(*(diagnostic(item) for item in error.diagnostics))
