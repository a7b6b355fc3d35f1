"""The words of the trace: how each step, each value read and each reason for lost points is said.

All of it is here, made when something reads the trace, never while scoring. The explanation
(render.py) shows these lines with a style for each role, and the 失分 list (``Loss.reasons``)
takes the one-line reasons. A phrase marks whether its text came from a rule or fact file, so
that the renderer shows that text escaped and the layout (line breaks, indents) as it is.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from . import numbers
from .trace import (
    BandStep,
    BaseStep,
    CheckStep,
    DeductionStep,
    DiscretionStep,
    ExemptionStep,
    FormulaStep,
    JudgementStep,
    LimitStep,
    RoundStep,
    ShareStep,
    Step,
    StepDeductionStep,
    ValueRead,
    VetoStep,
)


@attrs.frozen
class Phrase:
    text: str
    role: str = ""  # how it reads: value, lost, gained, good, note, reason, alert, quiet, name
    quoted: bool = False  # written in a rule or fact file: shown escaped


@attrs.frozen
class Line:
    phrases: tuple[Phrase, ...]
    role: str = ""  # the role of the whole line


def _said(*parts: str | Phrase, role: str = "") -> Line:
    return Line(tuple(part if isinstance(part, Phrase) else Phrase(part) for part in parts), role)


def _q(text: str, role: str = "") -> Phrase:
    """Text from a rule or fact file."""
    return Phrase(text, role, quoted=True)


def _working(stages: Iterable[str]) -> list[str | Phrase]:
    parts: list[str | Phrase] = []
    for stage in stages:
        parts += ["\n     = ", _q(stage)]
    return parts


def _reason(reason: str | None) -> list[Phrase]:
    return [Phrase("\n      依据：", "reason"), _q(reason, "reason")] if reason else []


def _names(names: Iterable[str]) -> list[str | Phrase]:
    parts: list[str | Phrase] = []
    for index, name in enumerate(names):
        parts += ["、"] if index else []
        parts.append(_q(name))
    return parts


def read_line(read: ValueRead) -> Line:
    """A value a leaf read: a fact, a metric with its formula worked out, a reported value."""
    parts: list[str | Phrase] = ["  ", _q(read.name, "name")]
    if read.kind == "metric":
        formula = (read.formula or "").split("=", 1)[-1].strip()
        parts += [" = ", _q(formula), *_working(read.working), "\n     = "]
    else:
        parts.append(" = ")
    parts.append(_q(read.shown.text, "value"))
    if read.kind == "reported":
        parts.append(Phrase("（采用报告值，不按公式计算）", "note"))
    if read.assumed:
        parts += [Phrase("（假设，原为 " if read.was is not None else "（假设，原未给出", "note"),
                  *([_q(read.was, "note")] if read.was is not None else []), Phrase("）", "note")]
    if read.evidence:
        parts += [Phrase("（来源：", "quiet"), _q(read.evidence, "quiet"), Phrase("）", "quiet")]
    return _said(*parts)


def assumption(name: str, value: str, was: str | None) -> str:
    """A fact set by a what-if (--set), in a line of its own: 实际到位资金 35.5（假设，原为 7.1）."""
    return f"{name} {value}（假设，{'原为 ' + was if was is not None else '原未给出'}）"


def veto_line(veto: VetoStep, parent: bool = False) -> Line:
    """一票否决 on an indicator: whether its condition held, and what that did."""
    if veto.held:
        effect = "成立，本项计0分（下级指标得分不计入）" if parent else "成立，本项计0分"
    else:
        effect = "不成立"
    return _said("  ", _q(veto.rule), "：", _q(veto.condition), f"，{effect}",
                 role="alert" if veto.held else "quiet")


def veto_note(veto: VetoStep, whole: bool = False) -> Line:
    """A veto that held, in the headline (``whole``: the ruleset's own) or a tree label."""
    effect = ("：等级不能评为最高一档" if veto.best else "：总分计0分") if whole else ""
    return _said(_q(veto.rule), "（", _q(veto.condition), f"）{effect}", role="alert")


def step_lines(step: Step) -> list[Line]:
    """How a step is told in the explanation, line by line."""
    match step:
        case FormulaStep():
            return [_said("  ", _q(step.label), " = ", _q(step.formula), *_working(step.working),
                          "\n     = ", Phrase(numbers.show(step.value), "value"))]
        case BandStep():
            return [_said("  ", _q(step.subject), " = ", _q(step.value), "，落在「", _q(step.band),
                          "」一档，计 ", Phrase(step.points_text, "value",
                                                quoted=step.formula is not None))]
        case StepDeductionStep():
            how = "按整档计" if step.whole else "按比例计"
            cap = f"，扣满{numbers.plain(step.most)}分为止" if step.most is not None else ""
            return [_said("  ", _q(step.measure), "，", _q(step.excess), "；每 ", _q(step.step),
                          f" 扣 {numbers.plain(step.points)}分（{how}）：{numbers.show(step.steps)} 档，扣 ",
                          Phrase(f"{numbers.show(step.deduction)}分{cap}", "lost"))]
        case ShareStep():
            return [_said("  因「", *_names(step.sources), f"」不适用，分值由 "
                          f"{numbers.show(step.weight_before)}分 增至 {numbers.show(step.weight_after)}分，"
                          f"得分按比例折算：{numbers.show(step.score_before)}×"
                          f"{numbers.show(step.weight_after)}/{numbers.show(step.weight_before)} = "
                          f"{numbers.show(step.score_after)}", role="note")]
        case ExemptionStep():
            if step.mode == "rescale":
                what: list[str | Phrase] = ["不适用，不计入总分（总分按百分制折算）"]
            elif step.mode == "share":
                what = ["不适用，分值均摊到", *_names(step.to)]
            else:
                what = ["不适用，按满分计" if step.not_applicable else "不扣分，按满分计",
                        "（本项评分规则不再计算）"]
            return [_said("  ", _q(step.rule), "：", _q(step.condition), " 成立，", *what,
                          role="note")]
        case JudgementStep():
            options: list[str | Phrase] = []
            for index, (name, points) in enumerate(step.levels):
                options += [*(["、"] if index else []), _q(name), f"{numbers.plain(points)}分"]
            return [_said("  评定「", _q(step.fact), "」：", _q(step.level, "value"),
                          f"，计 {numbers.plain(step.points)}分（可选：", *options, "）",
                          *_reason(step.reason))]
        case DiscretionStep():
            verb = "扣" if step.deduct else "给"
            return [_said("  酌情", f"{verb}分「", _q(step.fact), f"」（{numbers.plain(step.low)}-"
                          f"{numbers.plain(step.high)}分）：{verb} ",
                          Phrase(f"{numbers.plain(step.amount)}分", "lost" if step.deduct else "value"),
                          *_reason(step.reason))]
        case BaseStep():
            return [_said("  起始分：", _q(step.source), f" {numbers.plain(step.value)}分")]
        case CheckStep():
            full = step.earned == step.points
            mark = "✓" if full else ("✗" if step.earned == 0 else "◐")
            parts: list[str | Phrase] = [
                f"  {mark} ", _q(step.name), f"（{numbers.plain(step.points)}分）得 ",
                Phrase(f"{numbers.plain(step.earned)}分", "good" if full else "lost")]
            if step.description:
                parts += [Phrase("  ", "quiet"), _q(step.description, "quiet")]
            if step.condition:
                parts += ["\n      条件：", _q(step.condition)]
            return [_said(*parts, *_reason(step.reason))]
        case DeductionStep():
            verb = "加" if step.add else "扣"
            total = f"{verb} {numbers.plain(step.total)} 分" if step.entries else f"不{verb}分"
            lines = [_said("  ", _q(step.rule), f"：出现 {step.count} 次，",
                           Phrase(total, "good" if step.add or not step.entries else "lost"))]
            for entry in step.entries:
                evidence = [part for item in entry.evidence
                            for part in (Phrase("\n        ", "quiet"), _q(item, "quiet"))]
                lines.append(_said("    - ", _q(entry.reason),
                                   f"：{verb} {numbers.plain(entry.points)} 分", *evidence))
            if step.beyond:
                lines.append(_said(f"    其余 {step.beyond} 笔不再{verb}分（已到分值界限）",
                                   role="quiet"))
            return lines
        case LimitStep():
            origin = "" if step.declared else "（指标分值界限）"
            return [_said("  ", _q(step.rule), f"{origin}：{numbers.show(step.before)} → "
                          f"{numbers.show(step.after)}", role="note")]
        case RoundStep():
            return [_said("  ", _q(step.policy), f"：{numbers.show(step.before)} → "
                          f"{numbers.plain(step.after)}", role="quiet")]
    return []  # a parent's choice is told in the tree, a veto by veto_line


def loss_reasons(steps: Iterable[Step]) -> tuple[str, ...]:
    """Why a leaf lost points, one line per step that cost something."""
    lines = []
    for step in steps:
        match step:
            case FormulaStep():
                lines.append(f"{step.label} = {step.working[0]} = {numbers.show(step.value)}")
            case StepDeductionStep():
                lines.append(f"{step.excess}，{numbers.show(step.steps)} 档，"
                             f"扣{numbers.show(step.deduction)}分")
            case JudgementStep():
                why = f"，{step.reason}" if step.reason else ""
                lines.append(f"评定为「{step.level}」，计{numbers.plain(step.points)}分{why}")
            case DiscretionStep() if step.amount or not step.deduct:
                why = f"，{step.reason}" if step.reason else ""
                verb = "扣" if step.deduct else "给"
                lines.append(f"酌情{verb}{numbers.plain(step.amount)}分{why}")
            case BandStep():
                lines.append(f"{step.subject} = {step.value}，落在「{step.band}」一档，"
                             f"计{step.points_text}")
            case CheckStep() if step.earned < step.points:
                why = step.reason or "未满足"
                lines.append(f"{step.name}：{numbers.plain(step.earned)}/"
                             f"{numbers.plain(step.points)}分，{why}")
            case DeductionStep() if step.entries:
                verb = "加" if step.add else "扣"
                lines.append(f"{step.fact} {step.count} 次，{verb} {numbers.plain(step.total)} 分")
            case LimitStep():
                lines.append(f"{step.rule}：{numbers.show(step.before)} → "
                             f"{numbers.show(step.after)}")
            case RoundStep():
                lines.append(f"{step.policy}：{numbers.show(step.before)} → "
                             f"{numbers.plain(step.after)}")
    return tuple(lines)
