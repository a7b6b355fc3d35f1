"""The HTML report of a result: one self-contained page to read on a phone, share and print.

``html`` turns a Result into the text of one page: the headline (total, grade, and the grade band
the total fell in), a chart of where the points went, the indicator tree with weights and scores,
the 失分 list, and each leaf's working, in the trace's own words (wording.py) as ``explain`` shows
them. The page fetches nothing and runs no script: its style sheet and its charts (SVG drawn
here) are inside it. Nothing here prints or touches a file; the CLI writes the page.

Every text from a rule or fact file is untrusted: characters a viewer would act on or hide are
shown escaped (display.visible), and all of it is HTML-escaped, in text and in attributes alike.
Figures are the engine's exact text (numbers.show); only the length of a chart's bar is computed,
in Fraction, and written with a fixed number of decimals as SVG geometry.
"""

from __future__ import annotations

import html as markup
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from fractions import Fraction

from . import display, numbers, wording
from .numbers import Exact
from .plan import Grade
from .result import IndicatorResult, Result
from .trace import ChoiceStep

# Chart geometry, in SVG user units: the drawing is scaled to the width of the page.
_WIDTH, _ROOM_FOR_FIGURE, _ROW, _BAR = 440, 140, 50, 16
_FONT = 17  # the size of a chart's text: a CJK character is this wide, a digit about half


def _text(text: str) -> str:
    """Text from a rule or fact file, made safe for HTML; its own line breaks kept."""
    return markup.escape(display.visible(text, allowed="\n"), quote=True)


def _lines(text: str) -> str:
    return _text(text).replace("\n", "<br>")


def _figure(value: Exact) -> str:
    return markup.escape(numbers.show(value))


def _lost(node: IndicatorResult) -> bool:
    return numbers.compare(node.lost, numbers.ZERO) > 0


def _nodes(nodes: Sequence[IndicatorResult]) -> Iterator[IndicatorResult]:
    for node in nodes:
        yield node
        yield from _nodes(node.children)


def _has_working(node: IndicatorResult, every_leaf: bool) -> bool:
    """As ``explain`` shows them: leaves that lost points (or every leaf), and parents scored
    other than by a plain sum (vetoed, or weighted)."""
    if node.children:
        return node.vetoed or node.combination in ("weighted", "scaled")
    return every_leaf or _lost(node)


def html(result: Result, grades: Sequence[Grade] = (), every_leaf: bool = False) -> str:
    """The report as the text of one HTML page. ``grades`` are the ruleset's grade bands
    (``ruleset.plan.grades``), by which the headline says why the total has its grade;
    ``every_leaf`` gives the working of every leaf, not only of those that lost points."""
    worked = [node for node in _nodes(result.indicators) if _has_working(node, every_leaf)]
    anchors = {node.path: f"w{index}" for index, node in enumerate(worked, start=1)}
    title = _text(result.title or "绩效评价")
    heading = "得分说明" if every_leaf else "失分说明"
    body = "\n".join((
        _headline(result, grades),
        '<section class="charts" aria-labelledby="charts"><h2 id="charts">分数的去向</h2>',
        _loss_chart(result), _top_chart(result), "</section>",
        _tree(result, anchors),
        _losses(result, anchors),
        f'<section class="working" aria-labelledby="working"><h2 id="working">{heading}</h2>',
        *(_working(node, anchors[node.path]) for node in worked),
        "" if worked else "<p>没有失分。</p>",
        "</section>",
    ))
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title} 评价报告</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
            f"{body}\n</main>\n</body>\n</html>\n")


# ---- the headline ---------------------------------------------------------------------------


def _headline(result: Result, grades: Sequence[Grade]) -> str:
    parts = ['<header class="headline">', '<p class="kind">绩效评价报告</p>',
             f"<h1>{_text(result.title or '绩效评价')}</h1>",
             f'<p class="score"><span class="figure">{_figure(result.total)}</span>'
             f'<span class="of"> / {numbers.plain(result.full_score)}分</span>']
    if result.grade is not None:
        parts.append(f' <span class="grade">{_text(result.grade)}</span>')
    parts.append("</p>")
    parts.append(f'<p class="why">{_why(result, grades)}</p>')
    graded = result.graded if result.graded is not None else result.total
    if grades:
        parts.append('<ol class="bands" aria-label="等级">')
        for grade in grades:
            current = ' class="current" aria-current="true"' if grade.contains(graded) else ""
            parts.append(f"<li{current}><strong>{_text(grade.name)}</strong> "
                         f"{_text(grade.interval.label)}分</li>")
        parts.append("</ol>")
    for veto in result.vetoes:
        if veto.held:
            parts.append(f'<p class="alert">{_said(wording.veto_note(veto, whole=True))}</p>')
    if result.rounding:
        parts.append(f'<p class="quiet">各末级指标得分{_text(result.rounding)}。</p>')
    parts.append("</header>")
    return "\n".join(parts)


def _why(result: Result, grades: Sequence[Grade]) -> str:
    """总分 92.31 分，落在「优」一档（90（含）-100分）: the total and why it has its grade."""
    why = f"总分 {_figure(result.total)} 分"
    if numbers.compare(result.bonus, numbers.ZERO):
        why += f"（基础分 {_figure(result.base)} + 附加分 {_figure(result.bonus)}）"
    if result.rescale is not None:
        why += (f"（适用指标得分 {_figure(result.rescale.raw)}/{_figure(result.rescale.applicable)}"
                f" 分，按百分制折算）")
    graded = result.graded if result.graded is not None else result.total
    if result.graded is not None:
        why += f"，按 {_figure(result.graded)} 分定级"
    band = next((grade for grade in grades if grade.contains(graded)), None)
    if band is not None:
        why += f"，落在「{_text(band.name)}」一档（{_text(band.interval.label)}分）"
        if result.grade is not None and result.grade != band.name:
            why += f"；因一票否优，等级定为「{_text(result.grade)}」"
    elif result.grade is not None:
        why += f"，等级「{_text(result.grade)}」"
    elif grades:
        why += "，不在任何等级区间内"
    return why + "。"


# ---- the charts -----------------------------------------------------------------------------


def _length(part: Exact, whole: Exact, room: int) -> str:
    """A bar's length: part/whole of ``room``, at least 0, to two decimals. Geometry only."""
    whole_fraction = numbers.to_fraction(whole)
    share = numbers.to_fraction(part) / whole_fraction if whole_fraction > 0 else Fraction(0)
    hundredths = round(max(share, Fraction(0)) * room * 100)
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def _fitted(label: str) -> str:
    """A chart's label cut to the chart's width (SVG text does not wrap); the tables have it
    whole. Cut as shown: escapes count."""
    label = display.visible(label)
    room, used = _WIDTH * 2 // _FONT, 0  # in half-widths of a CJK character
    for index, char in enumerate(label):
        # A CJK character is a whole width; so, nearly, are capitals and m, w, @, %.
        wide = unicodedata.east_asian_width(char) in "WF" or char.isupper() or char in "mw@%"
        used += 2 if wide else 1
        if used > room:
            return label[:index - 1] + "…"
    return label


def _svg(name: str, title: str, rows: int, items: list[str]) -> str:
    height = rows * _ROW + 4
    return (f'<figure><svg class="chart {name}" viewBox="0 0 {_WIDTH} {height}" '
            f'width="{_WIDTH}" height="{height}" font-size="{_FONT}" role="img" '
            f'aria-labelledby="{name}-title">'
            f'<title id="{name}-title">{title}</title>{"".join(items)}</svg>'
            f"<figcaption>{title}</figcaption></figure>")


def _shown_names(result: Result) -> dict[tuple[str, ...], str]:
    """Each leaf by its name, or by its path where another leaf has the same name."""
    counts = Counter(leaf.name for leaf in result.leaves())
    return {loss.path: loss.name if counts[loss.name] < 2 else "/".join(loss.path)
            for loss in result.losses}


def _loss_chart(result: Result) -> str:
    """One bar per entry of the 失分 list, longest for the most points lost."""
    losses = result.losses
    if not losses:
        return '<figure><p>没有失分。</p><figcaption>各指标失分</figcaption></figure>'
    most = losses[0].lost
    names = _shown_names(result)
    room = _WIDTH - _ROOM_FOR_FIGURE
    items = []
    for index, loss in enumerate(losses):
        top = index * _ROW
        length = _length(loss.lost, most, room)
        items.append(f'<text x="0" y="{top + 19}">{_text(_fitted(names[loss.path]))}</text>'
                     f'<rect class="bar lost" x="0" y="{top + 26}" width="{length}" '
                     f'height="{_BAR}"/>'
                     f'<text class="figure" x="{length}" dx="6" y="{top + 40}">'
                     f"失 {_figure(loss.lost)} 分</text>")
    return _svg("loss-chart", "各指标失分（分）", len(losses), items)


def _top_chart(result: Result) -> str:
    """Each 一级指标: its score drawn over its weight, on one scale."""
    tops = [node for node in result.indicators if node.applies]
    longest = max((numbers.maximum(node.weight, node.score) for node in tops),
                  key=numbers.to_fraction, default=numbers.ZERO)
    room = _WIDTH - _ROOM_FOR_FIGURE
    items = []
    for index, node in enumerate(tops):
        top = index * _ROW
        bonus = "（附加分）" if node.bonus else ""
        items.append(f'<text x="0" y="{top + 19}">{_text(_fitted(node.name + bonus))}</text>'
                     f'<rect class="bar weight" x="0" y="{top + 26}" '
                     f'width="{_length(node.weight, longest, room)}" height="{_BAR}"/>'
                     f'<rect class="bar score" x="0" y="{top + 26}" '
                     f'width="{_length(node.score, longest, room)}" height="{_BAR}"/>'
                     f'<text class="figure" x="{_length(node.weight, longest, room)}" dx="6" '
                     f'y="{top + 40}">{_figure(node.score)} / {_figure(node.weight)}</text>')
    return _svg("top-chart", "一级指标得分与分值（分）", len(tops), items)


# ---- the tree and the 失分 list --------------------------------------------------------------


def _linked(label: str, path: tuple[str, ...], anchors: dict[tuple[str, ...], str]) -> str:
    """A name, linked to its working where the page has it."""
    name = _text(label)
    return f'<a href="#{anchors[path]}">{name}</a>' if path in anchors else name


def _tree(result: Result, anchors: dict[tuple[str, ...], str]) -> str:
    rows = ['<section class="tree" aria-labelledby="tree"><h2 id="tree">指标得分</h2>',
            '<table class="tree">',
            '<thead><tr><th>指标</th><th class="num">分值</th><th class="num">得分</th>'
            '<th class="num">失分</th></tr></thead><tbody>']

    def add(node: IndicatorResult, depth: int, choice: bool) -> None:
        kind = "parent" if node.children else "leaf"
        name = _linked(node.name, node.path, anchors)
        notes = []
        if node.bonus:
            notes.append("附加分")
        for step in node.steps:
            if isinstance(step, ChoiceStep):
                notes.append(f"择一考核：{_text(step.fact)}为「{_text(step.chosen)}」")
        notes += [_said(wording.veto_note(veto)) for veto in node.vetoes if veto.held]
        shown = "".join(f'<span class="note">{note}</span>' for note in notes)
        if node.applies:
            score, lost = _figure(node.score), _figure(node.lost) if _lost(node) else ""
        else:
            score, lost = ("未选用" if choice else "不适用"), ""
        lost_class = ' lost' if lost and not node.bonus else ""
        rows.append(f'<tr class="{kind} level-{min(depth, 4)}"><td>{name}{shown}</td>'
                    f'<td class="num">{_figure(node.weight)}</td><td class="num">{score}</td>'
                    f'<td class="num{lost_class}">{"" if node.bonus else lost}</td></tr>')
        for child in node.children:
            add(child, depth + 1, node.combination == "choice")

    for node in result.indicators:
        add(node, 0, False)
    rows.append(f'<tr class="sum"><td>合计</td><td class="num">'
                f"{numbers.plain(result.full_score)}</td><td class=\"num\">{_figure(result.total)}"
                f'</td><td class="num lost">'
                f"{_figure(numbers.sub(result.full_score, result.base))}</td></tr>")
    rows.append("</tbody></table></section>")
    return "\n".join(rows)


def _losses(result: Result, anchors: dict[tuple[str, ...], str]) -> str:
    """The 失分 list, as ``explain`` gives it: largest first, adding up to the points lost."""
    rows = ['<section class="losses" aria-labelledby="losses"><h2 id="losses">失分</h2>',
            '<table class="losses">',
            '<thead><tr><th>指标</th><th class="num">分值</th><th class="num">得分</th>'
            '<th class="num">失分</th><th>原因</th></tr></thead><tbody>']
    names = _shown_names(result)
    for loss in result.losses:
        name = _linked(names[loss.path], loss.path, anchors)
        reasons = "<br>".join(_text(reason) for reason in loss.reasons)
        rows.append(f'<tr><td class="name">{name}</td>'
                    f'<td class="num" data-label="分值">{_figure(loss.weight)}</td>'
                    f'<td class="num" data-label="得分">{_figure(loss.score)}</td>'
                    f'<td class="num lost" data-label="失分">{_figure(loss.lost)}</td>'
                    f'<td class="why">{reasons}</td></tr>')
    bonus = "不含附加分" if numbers.compare(result.bonus, numbers.ZERO) else ""
    rows.append(f'<tr class="sum"><td class="name">合计</td>'
                f'<td class="num" data-label="分值">{numbers.plain(result.full_score)}</td>'
                f'<td class="num" data-label="得分">{_figure(result.base)}</td>'
                f'<td class="num lost" data-label="失分">'
                f"{_figure(numbers.sub(result.full_score, result.base))}</td>"
                f'<td class="why">{bonus}</td></tr>')
    rows.append("</tbody></table></section>")
    return "\n".join(rows)


# ---- each leaf's working --------------------------------------------------------------------


def _said(line: wording.Line) -> str:
    """A line of the trace's wording: each phrase escaped, and marked with its role."""
    parts = []
    for phrase in line.phrases:
        text = markup.escape(display.visible(phrase.text) if phrase.quoted else phrase.text)
        parts.append(f'<span class="r-{phrase.role}">{text}</span>' if phrase.role else text)
    return "".join(parts)


def _step_line(line: wording.Line) -> str:
    # The terminal's two-space indent under the title: the page indents with its own margins.
    first = line.phrases[0] if line.phrases else None
    if first is not None and not first.quoted and first.text.startswith("  "):
        line = wording.Line((wording.Phrase(first.text[2:], first.role), *line.phrases[1:]),
                            line.role)
    role = f" r-{line.role}" if line.role else ""
    return f'<div class="line{role}">{_said(line)}</div>'


def _working(node: IndicatorResult, anchor: str) -> str:
    """How one indicator was scored: its fields as written, the values it read, each step."""
    lost = (f'<span class="lost">（失{_figure(node.lost)}分）</span>'
            if _lost(node) and not node.bonus else "")
    parts = [f'<article id="{anchor}">',
             f'<h3><span class="path">{" / ".join(_text(name) for name in node.path)}</span> '
             f'<span class="points">{_figure(node.score)}/{_figure(node.weight)}分{lost}</span>'
             "</h3>"]
    if node.fields:
        parts.append('<dl class="fields">')
        parts += [f"<dt>{_text(label)}</dt><dd>{_lines(text)}</dd>" for label, text in node.fields]
        parts.append("</dl>")
    lines = [wording.read_line(read) for read in node.reads]
    for step in node.steps:
        lines += wording.step_lines(step)
    lines += [wording.veto_line(veto, parent=bool(node.children)) for veto in node.vetoes
              if veto.held or not node.children]
    parts.append('<div class="steps">' + "".join(_step_line(line) for line in lines) + "</div>")
    parts.append("</article>")
    return "\n".join(parts)


_STYLE = """
:root { --ink: #1d2630; --muted: #5c6773; --rule: #d8dde3; --paper: #fff; --wash: #f3f5f8;
  --accent: #1f5fa8; --lost: #c0392b; --good: #1a7f4b; --warn: #9a6700; --note: #7b3fa0; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: #e9edf1; color: var(--ink); line-height: 1.6;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
    sans-serif; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 32px 48px; background: var(--paper); }
h1 { font-size: 1.45rem; line-height: 1.35; margin: 0 0 .6rem; }
h2 { font-size: 1.15rem; margin: 2.2rem 0 .8rem; padding-bottom: .25rem;
  border-bottom: 2px solid var(--accent); }
h3 { font-size: 1rem; margin: 0 0 .4rem; overflow-wrap: anywhere; }
a { color: var(--accent); }
.kind { margin: 0; color: var(--muted); letter-spacing: .1em; }
.score { margin: .2rem 0; }
.score .figure { font-size: 2.8rem; font-weight: 700; line-height: 1.1; }
.of { color: var(--muted); }
.grade { display: inline-block; margin-left: .4rem; padding: .05em .6em; border-radius: .3em;
  background: var(--accent); color: #fff; font-size: 1.5rem; font-weight: 700;
  vertical-align: .35em; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.why { margin: .4rem 0; }
.bands { display: flex; flex-wrap: wrap; gap: .4rem; margin: .4rem 0; padding: 0;
  list-style: none; }
.bands li { padding: .05em .6em; border: 1px solid var(--rule); border-radius: .3em;
  color: var(--muted); }
.bands li.current { border-color: var(--accent); background: #e8f0fa; color: var(--ink); }
.alert, .r-alert { color: var(--lost); font-weight: 700; }
.quiet, .r-quiet { color: var(--muted); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 380px), 1fr));
  gap: 1.2rem 2rem; }
.charts h2 { grid-column: 1 / -1; margin-bottom: 0; }
figure { margin: 0; min-width: 0; }
figcaption { color: var(--muted); font-size: .9rem; text-align: center; }
svg.chart { display: block; width: 100%; height: auto; }
svg text { fill: var(--ink); }
svg text.figure { fill: var(--muted); }
svg .lost { fill: var(--lost); }
svg .weight { fill: #dfe5ec; }
svg .score { fill: var(--accent); }
table { width: 100%; border-collapse: collapse; }
th, td { padding: .35rem .5rem; border-bottom: 1px solid var(--rule); text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--wash); font-weight: 700; }
.num { width: 1%; text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.lost, .lost, .r-lost { color: var(--lost); }
tr.parent td { background: var(--wash); font-weight: 700; }
table.losses td.name { min-width: 7em; }
tr.sum td { border-top: 2px solid var(--ink); font-weight: 700; }
tr.level-1 td:first-child { padding-left: 1.5rem; }
tr.level-2 td:first-child { padding-left: 2.5rem; }
tr.level-3 td:first-child { padding-left: 3.5rem; }
tr.level-4 td:first-child { padding-left: 4.5rem; }
.note { display: block; color: var(--note); font-size: .88rem; font-weight: 400; }
.working article { margin: .8rem 0; padding: .7rem .9rem; border: 1px solid var(--rule);
  border-left: 4px solid var(--accent); border-radius: .3rem; }
.points { color: var(--muted); font-weight: 400; white-space: nowrap; }
.fields { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem;
  margin: .3rem 0 .6rem; font-size: .92rem; }
.fields dt { color: var(--muted); }
.fields dd { margin: 0; overflow-wrap: anywhere; }
.steps { padding: .4rem .6rem; background: var(--wash); border-radius: .25rem; }
.line { white-space: pre-wrap; overflow-wrap: anywhere; }
.r-value { font-weight: 700; }
.r-good { color: var(--good); }
.r-note { color: var(--note); }
.r-reason { color: var(--warn); }
.r-name { color: var(--accent); }
@media (max-width: 640px) {
  main { padding: 14px 14px 32px; }
  .score .figure { font-size: 2.3rem; }
  th, td { padding: .3rem .3rem; }
  tr.level-1 td:first-child { padding-left: .9rem; }
  tr.level-2 td:first-child { padding-left: 1.5rem; }
  tr.level-3 td:first-child { padding-left: 2.1rem; }
  tr.level-4 td:first-child { padding-left: 2.7rem; }
  table.losses, table.losses tbody { display: block; }
  table.losses thead { display: none; }
  table.losses tr { display: block; padding: .45rem 0; border-bottom: 1px solid var(--rule); }
  table.losses td { display: inline; padding: 0; border: 0; }
  table.losses td.name { display: block; font-weight: 700; }
  table.losses td.num { margin-right: .8rem; }
  table.losses td[data-label]::before { content: attr(data-label) " "; color: var(--muted);
    font-weight: 400; }
  table.losses td.why { display: block; }
  .fields { grid-template-columns: 1fr; }
  .fields dd { margin-bottom: .3rem; }
}
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { background: none; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  tr, figure, .working article { break-inside: avoid; }
  .charts { grid-template-columns: 1fr 1fr; }
}
"""
