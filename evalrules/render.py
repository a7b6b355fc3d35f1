"""Rich renderables for results, traces and diagnostics. Nothing here prints; the CLI does.

User text (names, rule text, fact values, evidence, file names, messages quoting them) always goes
in as ``Text``, never as markup, and always through ``visible``, so that no rule or fact file can
write to the terminal anything but characters to be read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

import attrs
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from . import display, numbers, wording
from .display import visible as visible
from .errors import Diagnostic, EvalRulesError
from .numbers import Exact
from .plan import Interval, Plan
from .result import RESCALE_ROUNDING, IndicatorResult, Loss, Result
from .trace import (
    ChoiceStep,
    ExemptionStep,
)


class Wrapped:
    """Text whose lines wrap where display.wrap says: never inside a number with its unit, nor
    between a name and its value; each line's continuations indented two cells past it."""

    def __init__(self, text: Text | str) -> None:
        self.text = Text(text) if isinstance(text, str) else text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for line in self.text.split("\n", allow_blank=True):
            plain = line.plain
            indent = min(len(plain) - len(plain.lstrip(" ")) + 2, width // 2)
            spans = display.wrap(plain, width, indent)
            # Cut in one pass: a slice of a Text copies the whole of it, which for a long line
            # (a name of 40,000 characters in a message) made wrapping quadratic.
            offsets = sorted({offset for span in spans for offset in span})
            pieces = dict(zip(offsets, line.divide(offsets)[1:], strict=False))
            for index, (start, _) in enumerate(spans):
                yield Text(" " * indent) + pieces[start] if index else pieces[start]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lines = self.text.plain.split("\n")
        piece = max(cell_len(line[start:end]) for line in lines
                    for start, end in display.breaks(line) or [(0, 0)])
        return Measurement(piece, max(cell_len(line) for line in lines))


def _spaced(*parts: RenderableType) -> Group:
    """Parts followed by a blank line (one without trailing spaces, as Padding would leave)."""
    return Group(*parts, Text())


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
    if result.grade is not None and result.band is not None:
        # Why this grade: the band the total fell in (under 一票否优, the one it was kept from).
        name, interval = result.band
        graded = numbers.show(result.total if result.graded is None else result.graded)
        text.append(f"\n{visible(name)}：{_band(interval)}，{graded} 在此区间")
        if name != result.grade:
            text.append(f"；一票否优，评为{visible(result.grade)}")
    for veto in result.vetoes:
        if veto.held:
            text.append("\n")
            text.append_text(_text(wording.veto_note(veto, whole=True)))
    return text


def _band(interval: Interval) -> str:
    """A grade band in the words of a 评分标准: 90分（含）至100分（含）, 60分以下."""
    def end(value: Decimal, inclusive: bool) -> str:
        return f"{interval.end_text(value)}分{'（含）' if inclusive else ''}"

    if interval.low is not None and interval.high is not None:
        return f"{end(interval.low, interval.low_inclusive)}至{end(interval.high, interval.high_inclusive)}"
    if interval.low is not None:
        return f"{end(interval.low, interval.low_inclusive)}以上"
    if interval.high is not None:
        return f"{end(interval.high, interval.high_inclusive)}以下"
    return "任意分数"


def _notes(node: IndicatorResult) -> list[str]:
    return [visible(text) for label, text in node.fields if label == "备注"]


def _names(names: Iterable[str]) -> str:
    return "、".join(visible(name) for name in names)


def score_tree(result: Result) -> Tree:
    """The indicator tree with score/weight on every node."""
    tree = Tree(Wrapped(_headline(result)), guide_style="dim")

    def add(branch: Tree, node: IndicatorResult) -> None:
        label = Text(f"{visible(node.name)} ", style="bold" if node.children else "")
        if not node.applies:
            shared = any(isinstance(step, ExemptionStep) for step in node.steps)
            label.append("（不适用）" if shared else "（未采用）", style="dim")
            branch.add(Wrapped(label))
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
        child = branch.add(Wrapped(label))
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
    lost = numbers.sub(result.full_score, result.base)
    for loss, figure in _loss_rows(result, lost):
        # A name that two leaves share is shown with its path.
        shown = loss.name if names[loss.name] < 2 else "/".join(loss.path)
        table.add_row(Text(visible(shown)), numbers.show(loss.weight),
                      numbers.show(loss.score), numbers.show(figure),
                      Wrapped("\n".join(visible(reason) for reason in loss.reasons)))
    table.add_row(Text("合计", style="bold"), numbers.plain(result.full_score),
                  numbers.show(result.base), numbers.show(lost),
                  Text("不含附加分" if numbers.compare(result.bonus, numbers.ZERO) else ""))
    return table


def _loss_rows(result: Result, lost: Exact) -> list[tuple[Loss, Exact]]:
    """Each loss with the figure the 失分 list shows. Brought to the full score, a loss has
    seldom a finite decimal form (3×100/70): it is shown rounded as the ruleset rounds (the exact
    figure is in the JSON), and the rounding's row (折算舍入) takes up what the rows' rounding
    left over, so that the column adds up to the points lost as shown."""
    policy = result.rescale.policy if result.rescale is not None else None
    if policy is None:
        return [(loss, loss.lost) for loss in result.losses]
    kept = [loss for loss in result.losses if loss.path != (RESCALE_ROUNDING,)]
    figures = [numbers.round_to(loss.lost, policy) for loss in kept]
    rows: list[tuple[Loss, Exact]] = list(zip(kept, figures, strict=True))
    left = numbers.sub(lost, numbers.decimal_total(figures))
    rounding = next((loss for loss in result.losses if loss.path == (RESCALE_ROUNDING,)),
                    Loss((RESCALE_ROUNDING,), numbers.ZERO, numbers.ZERO, numbers.ZERO, ()))
    if numbers.compare(left, rounding.lost):
        rounding = attrs.evolve(rounding, reasons=(
            *rounding.reasons, f"各项失分{policy.label}后列出，差额计入此行"))
    if numbers.compare(left, numbers.ZERO):
        rows.append((rounding, left))
    return rows


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
    parts = [_title(leaf)]
    for label, text in leaf.fields:  # 指标解释, 评价标准, 年度指标值, 备注…: all the leaf says
        parts.append(Text(f"  {visible(label)}：{visible(text)}",
                          style="yellow" if label == "备注" else "dim"))
    parts.extend(_text(wording.read_line(read)) for read in leaf.reads)
    for step in leaf.steps:
        parts.extend(_text(line) for line in wording.step_lines(step))
    parts.extend(_text(wording.veto_line(veto)) for veto in leaf.vetoes)
    return _spaced(*map(Wrapped, parts))


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
    return _spaced(*map(Wrapped, (_title(node), *lines)))


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
        table.add_row(Text(visible(name)), Wrapped(spec.type.value), Wrapped(users))
    for name, metric in plan.metrics.items():
        table.add_row(Text(visible(name), style="dim"),
                      Wrapped(Text("可选：给出报告值时不按公式计算", style="dim")),
                      Wrapped(Text(visible((metric.defined_in or "").rsplit("/", 1)[-1]),
                                   style="dim")))
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


def diagnostic(item: Diagnostic) -> RenderableType:
    """One problem: code and message, the line with a caret under the place, and hints."""
    head = Text()
    head.append(f"错误[{item.code}]", style="bold red")
    head.append(f"：{visible(item.message)}", style="bold")
    parts: list[RenderableType] = [Wrapped(head)]
    if item.indicator:
        parts.append(Wrapped(Text(f"  指标：{visible(item.indicator)}", style="cyan")))
    if item.fact:
        parts.append(Wrapped(Text(f"  事实：{visible(item.fact)}", style="cyan")))
    span = item.span
    if span is not None:
        parts.append(Wrapped(Text(f"  --> {visible(span.location)}", style="blue")))
        line = span.source.line(span.line)
        start = span.column - 1
        end = span.end_column - 1 if span.end_line == span.line else len(line)
        parts.append(_Snippet(str(span.line), line, start, max(end, start + 1)))
    for hint in item.hints:
        parts.append(Wrapped(Text(f"  提示：{visible(hint)}", style="green")))
    return _spaced(*parts)


class _Snippet:
    """A line of a file with a caret under the place, cut to the width as a window around it,
    measured in terminal cells (a Chinese character is two; an escape is as wide as it is shown),
    so that the caret stands under its character."""

    def __init__(self, number: str, line: str, start: int, end: int) -> None:
        self.number, self.line, self.start, self.end = number, line, start, end

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        shown = [visible(char) for char in self.line]  # each character as it is shown
        cells = [cell_len(char) for char in shown]
        room = max(options.max_width - len(self.number) - 5 - 2, 8)  # "  N | ", two ellipses
        start = min(self.start, len(shown))
        # A third of the room before the place, the rest after; what the line lacks on one
        # side is given to the other.
        left = start
        while left > 0 and sum(cells[left - 1:start]) <= room // 3:
            left -= 1
        right = left
        while right < len(shown) and sum(cells[left:right + 1]) <= room:
            right += 1
        while left > 0 and sum(cells[left - 1:right]) <= room:
            left -= 1
        before = ("…" if left else "") + "".join(shown[left:start])
        marked = sum(cells[start:min(self.end, right)])
        text = before + "".join(shown[start:right]) + ("…" if right < len(shown) else "")
        pad = " " * len(self.number)
        yield Text(f"  {pad} |", style="blue")
        yield Text(f"  {self.number} | ", style="blue") + Text(text)
        yield Text(f"  {pad} | ", style="blue") + Text(" " * cell_len(before) + "^" * max(marked, 1),
                                                      style="bold red")


def diagnostics(error: EvalRulesError) -> Group:
    return Group(*(diagnostic(item) for item in error.diagnostics))
