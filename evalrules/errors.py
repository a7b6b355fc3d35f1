"""Errors as data: every problem is a Diagnostic with a stable code; EvalRulesError carries them.

Rendering (carets, colours) is done elsewhere (render.py); ``str()`` gives a plain form.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from .display import visible
from .source import Span

# The catalogue of codes: code -> what it means. docs/errors.md lists the same codes.
CODES: dict[str, str] = {
    "E0001": "规则文件无法读取",
    "E0101": "语法错误：此处不应出现该内容",
    "E0102": "语法错误：无法识别的字符",
    "E0103": "语法错误：文件提前结束",
    "E0104": "嵌套过深",
    "E0105": "规则文件过大",
    "E0106": "数字位数过多",
    "E0107": "日期不存在",
    "E0201": "规则文件中没有任何指标",
    "E0202": "分值之和与上级指标（或满分）不符",
    "E0203": "未知的函数",
    "E0204": "函数参数个数不对",
    "E0205": "类型不符",
    "E0206": "重复定义",
    "E0207": "末级指标缺少评分规则，或评分规则重复",
    "E0208": "含下级指标的指标不能有评分规则",
    "E0209": "等级区间有重叠或空缺",
    "E0210": "评价要点分值之和与指标分值不符",
    "E0211": "指标层级与关键字不符",
    "E0212": "指标值的定义循环引用",
    "E0213": "表头声明重复",
    "E0214": "舍入位数不合理",
    "E0215": "名称不可用",
    "E0216": "扣分规则的次数或分值不合理",
    "E0217": "分档有重叠或空缺，或某档分值超过指标分值",
    "E0218": "按幅度扣分的规则不完整",
    "E0219": "一票否优写错了位置",
    "E0220": "不扣分、不适用写错了位置",
    "E0221": "指标过多",
    "E0222": "取值范围声明不当",
    "E0223": "分档中写的名称或不等号与分档规则不符",
    "E0224": "区间两端写反，或区间不含任何数值",
    "E0225": "几个扣分的情形列成了等级",
    "E0226": "列出的情形都得不到满分",
    "E0227": "列出的情形或评价要点与其后的扣分规则读法不一",
    "E0228": "“分别”前后的情形与分值个数不同",
    "E0229": "一句话有两种读法",
    "E0230": "按比例计分的规则写得不完整或前后不一",
    "E0231": "说明逐项计分，列出的情形却不能逐项计分",
    "E0232": "用“分别”给几个数值计分，各档的范围没有写出",
    "E0233": "逐项写在括号里的分值之和与指标分值不符",
    "E0234": "说分为几档，列出的等级却不是这么多",
    "E0235": "按另一个值的百分比分档，各档说法不一，或按高出的幅度分档",
    "E0236": "得分可能超出 0 到分值的范围",
    "E0237": "比较一个数的情形不在逐项计分的评价要点中",
    "E0238": "列出了各要素的分值，却不知道合起来是哪个值",
    "E0239": "按日期扣分的步长不是每1天",
    "E0240": "列出的等级没有写分值",
    "E0241": "句子用了目前不读的写法（名次、系数、分数、比例标准、文字叙述的算式……）",
    "E0242": "比较的值只写在标签中，句子没有写出名称",
    "E0243": "几个指标写了同一个泛称的值（实际完成值、目标值……），会被读成一个共用的事实",
    "E0244": "与另一个值比较的两句不是互为反面，或后一句比较的是另一个值",
    "E0245": "与另一个值比较后，公式中的名称不是比较的两个值",
    "E0246": "与另一个值比较后，按幅度扣分或按比例计分读不出一种意思",
    "E0247": "分档中按公式计分的一档，得分可能超出 0 到分值的范围",
    "E0248": "分档中按公式计分的一档，公式不只用分档的值、分值和数写成",
    "E0249": "按公式计分的一档与同一条分档规则的其他部分读法不一",
    "E0250": "“为0得满分”之后的扣分数的是另一件事",
    "E0251": "“超支”接在不是节约率的分档之后",
    "E0252": "前导语或列出的要求之后的计分写法读不出来",
    "E0254": "公式之后的上限（超过100%的按100%计算）没有说限的是哪一个值",
    "E0301": "缺少事实数据",
    "E0302": "事实数据类型不符",
    "E0303": "评价人给分超出范围",
    "E0304": "事实文件无法读取或格式错误",
    "E0305": "事实数值位数过多",
    "E0306": "评定等级不在可选等级之中，或缺少依据",
    "E0307": "事实中的列表过长，或内容过多",
    "E0308": "事实超出声明的取值范围或评分表各档的范围",
    "E0309": "事实文件过大",
    "E0310": "事实中含不可显示的字符",
    "E0311": "百分数事实没有写 %",
    "E0312": "假设（--set）的名称不是本指标体系的事实，或写了两次",
    "E0313": "与数值比较的事实写成了百分数",
    "E0401": "除数为零",
    "E0402": "计算结果超出可计算的范围",
    "E0501": "报告数字文件无法读取或格式有误",
    "E0502": "报告数字中的指标或名称在规则中找不到",
}


@attrs.frozen
class Diagnostic:
    """One problem: its code, a message for the policy author, where it is, and hints."""

    code: str = attrs.field(validator=attrs.validators.in_(CODES))
    message: str
    span: Span | None = None
    hints: tuple[str, ...] = ()
    indicator: str | None = None
    fact: str | None = None

    @property
    def location(self) -> str | None:
        return self.span.location if self.span is not None else None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.span is not None else ""
        about = f"（指标：{self.indicator}）" if self.indicator else ""
        hints = "".join(f"\n  提示：{hint}" for hint in self.hints)
        # Printed by a program, it may reach a terminal: shown as render.py shows it.
        return visible(f"{where}{self.code} {self.message}{about}") + visible(hints, "\n")

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "location": self.span.to_dict() if self.span is not None else None,
            "hints": list(self.hints),
            "indicator": self.indicator,
            "fact": self.fact,
        }


def _place(diagnostic: Diagnostic) -> tuple[str, int, int]:
    span = diagnostic.span
    return ("", 0, 0) if span is None else (span.source.name, span.start, span.end)


class EvalRulesError(Exception):
    """The one error evalrules raises: one or more diagnostics, sorted by place."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(sorted(diagnostics, key=_place))
        if not self.diagnostics:
            raise ValueError("EvalRulesError needs at least one diagnostic")
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(d.code for d in self.diagnostics)


class RuleSyntaxError(EvalRulesError):
    """The rule file does not follow the grammar."""


class RuleCompileError(EvalRulesError):
    """The rule file parses but does not make sense (weights, names, types)."""


class FactError(EvalRulesError):
    """The facts are missing, unreadable or of the wrong kind."""


class EvaluationError(EvalRulesError):
    """The facts are well-formed but a rule cannot be applied to them (a zero divisor)."""
