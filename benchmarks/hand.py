"""The seed ruleset and the peer ruleset written by hand in Python, each twice.

With Decimal, as a typical programmer would write it: Decimal arithmetic in the default context
(28 significant digits), each leaf quantized to 2 places ROUND_HALF_UP. It is fast, and wrong
where a division with no finite decimal form lands on a tie (31.84/192×6 is exactly 0.995 but
comes out 0.99499…98, so 0.99).

With Fraction, exact, half-up on the exact value: the oracle every other version is checked
against (benchmarks/run.py, tests/test_bench.py).

Each function takes a plain fact dict (benchmarks/facts.py) and returns the leaf scores in table
order, then the total.
"""

from __future__ import annotations

import math
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction

Facts = dict[str, object]

CENT = Decimal("0.01")


def with_total(leaves: list[Decimal]) -> tuple[Decimal, ...]:
    return (*leaves, sum(leaves, Decimal(0)))


# ---- Decimal, as usually written

def dec(raw: object) -> Decimal:
    text = str(raw).strip()
    return Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)


def dec_checks(facts: Facts, points: dict[str, Decimal]) -> Decimal:
    total = Decimal(0)
    for name, full in points.items():
        given = facts[name]
        if isinstance(given, dict):
            total += Decimal(str(given["得分"]))
        elif given == "是":
            total += full
    return total


def dec_round(value: Decimal) -> Decimal:
    return max(value, Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP)


D = Decimal


def seed_decimal(facts: Facts) -> tuple[Decimal, ...]:
    f = facts
    rate = dec(f["实际支出资金"]) / dec(f["实际到位资金"])
    leaves = (
        dec_checks(f, {"立项与部门职责相符": D(2), "按规定程序申请设立": D(2)}),
        dec_checks(f, {"按规定程序政府采购": D(2), "备案资料齐全": D(2)}),
        dec_checks(f, {"设有绩效目标": D(1), "目标与工作内容相关": D("1.5"),
                       "目标充分覆盖主要职责": D("1.5")}),
        dec_checks(f, {"目标细化分解为指标": D(1), "指标清晰可衡量": D(3)}),
        dec_checks(f, {"预算编制经科学论证": D("1.5"), "预算内容与项目内容匹配": D("1.5"),
                       "资金量与工作任务匹配": D(1)}),
        min(dec(f["实际到位资金"]) / dec(f["预算资金"]) * 4, D(4)),
        min(rate * 6 if rate <= 1 else (1 - (rate - 1)) * 6, D(6)),
        dec_checks(f, {"拨付审批程序完整": D(1), "符合批复用途": D(1), "无截留挤占挪用": D(2)}),
        dec_checks(f, {"已制定管理制度": D(2), "制度合法合规完整": D(2)}),
        dec_checks(f, {"符合管理制度": D(2)}),
        D(10) - int(str(f["无人在岗"])),
        D(10) - int(str(f["未及时转办情况"])),
        D(10) - int(str(f["未按时回复情况"])),
        min(dec(f["公众知晓率"]) / D("0.96") * 10, D(10)),
        min(dec(f["公众认可率"]) / D("0.95") * 10, D(10)),
        min(dec(f["服务对象满意度"]) / D("0.92") * 10, D(10)),
    )
    return with_total([dec_round(leaf) for leaf in leaves])


def peer_decimal(facts: Facts) -> tuple[Decimal, ...]:
    f = facts
    spent_rate = dec(f["实际支出资金"]) / dec(f["实际到位资金"])
    staff_rate = dec(f["在编人数"]) / dec(f["核定编制数"])
    done_rate = dec(f["实际完成数"]) / dec(f["计划完成数"])
    planned = dec(f["计划值"])
    gap = abs(dec(f["实际完成值"]) - planned) / planned
    surveyed = (dec(f["非常了解的人数"]) + dec(f["比较了解的人数"]) * D("0.8")
                + dec(f["一般的人数"]) * D("0.6") + dec(f["不大了解的人数"]) * D("0.3")
                ) / dec(f["问卷调查总人数"])
    satisfied = dec(f["满意度"])
    cost = dec(f["实际成本"])
    leaves = (
        dec_checks(f, {"立项依据充分": D(2), "立项程序规范": D(2)}),
        dec_checks(f, {"设有绩效目标": D(1), "目标与工作内容相关": D("1.5"), "目标充分": D("1.5")}),
        min(dec(f["实际到位资金"]) / dec(f["预算资金"]) * 4, D(4)),
        D(6) if spent_rate >= D("0.95") else D(4) if spent_rate >= D("0.85") else
        D(2) if spent_rate >= D("0.7") else D(0),
        dec_checks(f, {"拨付审批程序完整": D(1), "符合批复用途": D(1), "无截留挤占挪用": D(2)}),
        D(4) if staff_rate <= 1 else D(4) - (staff_rate - 1) * 100 * D("0.3"),
        D(4) - min(int(str(f["资料缺失"])) * D("0.5"), D(2)),
        dec_checks(f, {"已制定管理制度": D(2), "制度合法合规完整": D(2)}),
        D(10) - int(str(f["无人在岗"])),
        min(dec(f["及时转办工单数"]) / dec(f["转办工单总数"]) / D("0.98") * 10, D(10)),
        D(8) if done_rate >= 1 else D(8) - ((1 - done_rate) / D("0.1")).to_integral_value(ROUND_FLOOR),
        D(8) - min(gap / D("0.05"), D(8)),
        min(surveyed / D("0.96") * 10, D(10)),
        D(8) if satisfied >= D("0.9") else D(6) if satisfied >= D("0.8") else
        D(3) if satisfied >= D("0.6") else D(0),
        D(6) - int(str(f["有效投诉"])) * D("1.5"),
        D(6) if cost == 0 else min(dec(f["目标成本"]) / cost, D(1)) * 6,
    )
    return with_total([dec_round(leaf) for leaf in leaves])


# ---- Fraction, exact: the oracle

def frac(raw: object) -> Fraction:
    text = str(raw).strip()
    return Fraction(text[:-1]) / 100 if text.endswith("%") else Fraction(text)


def frac_checks(facts: Facts, points: dict[str, Fraction]) -> Fraction:
    total = Fraction(0)
    for name, full in points.items():
        given = facts[name]
        if isinstance(given, dict):
            total += Fraction(str(given["得分"]))
        elif given == "是":
            total += full
    return total


def half_up(value: Fraction) -> Decimal:
    """Exact half-up rounding of a non-negative value to 2 places (0 below zero)."""
    scaled = max(value, Fraction(0)) * 100
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    return Decimal(whole + (2 * rest >= scaled.denominator)).scaleb(-2)


F = Fraction


def seed_fraction(facts: Facts) -> tuple[Decimal, ...]:
    f = facts
    rate = frac(f["实际支出资金"]) / frac(f["实际到位资金"])
    leaves = (
        frac_checks(f, {"立项与部门职责相符": F(2), "按规定程序申请设立": F(2)}),
        frac_checks(f, {"按规定程序政府采购": F(2), "备案资料齐全": F(2)}),
        frac_checks(f, {"设有绩效目标": F(1), "目标与工作内容相关": F(3, 2),
                        "目标充分覆盖主要职责": F(3, 2)}),
        frac_checks(f, {"目标细化分解为指标": F(1), "指标清晰可衡量": F(3)}),
        frac_checks(f, {"预算编制经科学论证": F(3, 2), "预算内容与项目内容匹配": F(3, 2),
                        "资金量与工作任务匹配": F(1)}),
        min(frac(f["实际到位资金"]) / frac(f["预算资金"]) * 4, F(4)),
        min(rate * 6 if rate <= 1 else (1 - (rate - 1)) * 6, F(6)),
        frac_checks(f, {"拨付审批程序完整": F(1), "符合批复用途": F(1), "无截留挤占挪用": F(2)}),
        frac_checks(f, {"已制定管理制度": F(2), "制度合法合规完整": F(2)}),
        frac_checks(f, {"符合管理制度": F(2)}),
        F(10) - int(str(f["无人在岗"])),
        F(10) - int(str(f["未及时转办情况"])),
        F(10) - int(str(f["未按时回复情况"])),
        min(frac(f["公众知晓率"]) / F(96, 100) * 10, F(10)),
        min(frac(f["公众认可率"]) / F(95, 100) * 10, F(10)),
        min(frac(f["服务对象满意度"]) / F(92, 100) * 10, F(10)),
    )
    return with_total([half_up(leaf) for leaf in leaves])


def peer_fraction(facts: Facts) -> tuple[Decimal, ...]:
    f = facts
    spent_rate = frac(f["实际支出资金"]) / frac(f["实际到位资金"])
    staff_rate = frac(f["在编人数"]) / frac(f["核定编制数"])
    done_rate = frac(f["实际完成数"]) / frac(f["计划完成数"])
    planned = frac(f["计划值"])
    gap = abs(frac(f["实际完成值"]) - planned) / planned
    surveyed = (frac(f["非常了解的人数"]) + frac(f["比较了解的人数"]) * F(8, 10)
                + frac(f["一般的人数"]) * F(6, 10) + frac(f["不大了解的人数"]) * F(3, 10)
                ) / frac(f["问卷调查总人数"])
    satisfied = frac(f["满意度"])
    cost = frac(f["实际成本"])
    leaves = (
        frac_checks(f, {"立项依据充分": F(2), "立项程序规范": F(2)}),
        frac_checks(f, {"设有绩效目标": F(1), "目标与工作内容相关": F(3, 2), "目标充分": F(3, 2)}),
        min(frac(f["实际到位资金"]) / frac(f["预算资金"]) * 4, F(4)),
        F(6) if spent_rate >= F(95, 100) else F(4) if spent_rate >= F(85, 100) else
        F(2) if spent_rate >= F(70, 100) else F(0),
        frac_checks(f, {"拨付审批程序完整": F(1), "符合批复用途": F(1), "无截留挤占挪用": F(2)}),
        F(4) if staff_rate <= 1 else F(4) - (staff_rate - 1) * 100 * F(3, 10),
        F(4) - min(int(str(f["资料缺失"])) * F(1, 2), F(2)),
        frac_checks(f, {"已制定管理制度": F(2), "制度合法合规完整": F(2)}),
        F(10) - int(str(f["无人在岗"])),
        min(frac(f["及时转办工单数"]) / frac(f["转办工单总数"]) / F(98, 100) * 10, F(10)),
        F(8) if done_rate >= 1 else F(8) - math.floor((1 - done_rate) / F(1, 10)),
        F(8) - min(gap / F(5, 100), F(8)),
        min(surveyed / F(96, 100) * 10, F(10)),
        F(8) if satisfied >= F(9, 10) else F(6) if satisfied >= F(8, 10) else
        F(3) if satisfied >= F(6, 10) else F(0),
        F(6) - int(str(f["有效投诉"])) * F(3, 2),
        F(6) if cost == 0 else min(frac(f["目标成本"]) / cost, F(1)) * 6,
    )
    return with_total([half_up(leaf) for leaf in leaves])
