"""Fact sets for the benchmarks: varied ones from a seeded RNG, and constructed half-up ties.

Every value is written as a policy author would give it (a decimal string, a percentage, a
count, 是/否 or a partial score with its 依据), so the engine and the hand-written versions read
the same text. A tie is a leaf whose exact score ends in a 5 at the third decimal place, reached
through a division with no finite decimal form (31.84/192×6 = 0.995): binary floats and Decimal's
28 digits both land just below it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from decimal import Decimal

Facts = dict[str, object]

SEED_CHECKS = (
    "立项与部门职责相符", "按规定程序申请设立", "按规定程序政府采购", "备案资料齐全", "设有绩效目标",
    "目标与工作内容相关", "目标充分覆盖主要职责", "目标细化分解为指标", "指标清晰可衡量",
    "预算编制经科学论证", "预算内容与项目内容匹配", "资金量与工作任务匹配", "拨付审批程序完整",
    "符合批复用途", "无截留挤占挪用", "已制定管理制度", "制度合法合规完整", "符合管理制度",
)
PEER_CHECKS = (
    "立项依据充分", "立项程序规范", "设有绩效目标", "目标与工作内容相关", "目标充分", "拨付审批程序完整",
    "符合批复用途", "无截留挤占挪用", "已制定管理制度", "制度合法合规完整",
)
SURVEY = ("非常了解的人数", "比较了解的人数", "一般的人数", "不大了解的人数", "非常不了解的人数")


def money(rng: random.Random, low: float, high: float) -> Decimal:
    """An amount in 万元 with two decimals."""
    return Decimal(rng.randint(round(low * 100), round(high * 100))).scaleb(-2)


def percent(rng: random.Random, low: int, high: int) -> str:
    return f"{Decimal(rng.randint(low * 100, high * 100)).scaleb(-2)}%"


def check(rng: random.Random) -> object:
    """是 mostly; sometimes 否, or a partial score in halves (a checklist item is 1 to 3 points)."""
    roll = rng.random()
    if roll < 0.7:
        return "是"
    if roll < 0.85:
        return "否"
    return {"得分": str(rng.choice((0, 0.5, 1))), "依据": "部分符合"}


def count(rng: random.Random) -> int:
    """Occurrences: mostly none or a few, sometimes enough that 扣完为止 acts."""
    return rng.choice((0, 0, 0, 1, 2, 3)) if rng.random() < 0.9 else rng.randint(4, 15)


def seed(rng: random.Random) -> Facts:
    """A fact set for rulesets/qixia-12345."""
    budget = money(rng, 1, 500)
    arrived = budget * Decimal(rng.choice(("1", "1", "0.8", "0.5"))) if rng.random() < 0.5 else money(
        rng, 0.5, float(budget) * 1.1)
    spent = money(rng, 0, float(arrived) * rng.choice((1, 1, 1.3, 2.2)))
    facts: Facts = {name: check(rng) for name in SEED_CHECKS}
    facts.update({
        "预算资金": str(budget), "实际到位资金": str(arrived), "实际支出资金": str(spent),
        "无人在岗": count(rng), "未及时转办情况": count(rng), "未按时回复情况": count(rng),
        "公众知晓率": percent(rng, 50, 100), "公众认可率": percent(rng, 50, 100),
        "服务对象满意度": percent(rng, 50, 100),
    })
    return facts


def peer(rng: random.Random) -> Facts:
    """A fact set for benchmarks/peer.rules."""
    budget = money(rng, 1, 500)
    arrived = budget if rng.random() < 0.4 else money(rng, 0.5, float(budget) * 1.1)
    spent = money(rng, 0, float(arrived) * rng.choice((1, 1, 1.2)))
    staff = rng.randint(10, 200)
    planned = rng.randint(10, 1000)
    plan_value = money(rng, 1, 1000)
    forwarded = rng.randint(1, 5000)
    surveyed = [rng.randint(0, 300) for _ in SURVEY]
    surveyed[0] += 1  # at least one answer
    target_cost = money(rng, 1, 100)
    facts: Facts = {name: check(rng) for name in PEER_CHECKS}
    facts.update({
        "预算资金": str(budget), "实际到位资金": str(arrived), "实际支出资金": str(spent),
        "核定编制数": staff, "在编人数": staff + rng.choice((0, 0, -3, 1, 2, 5, 20)),
        "资料缺失": count(rng), "无人在岗": count(rng), "有效投诉": count(rng),
        "转办工单总数": forwarded, "及时转办工单数": rng.randint(forwarded * 8 // 10, forwarded),
        "计划完成数": planned, "实际完成数": rng.randint(planned // 2, planned * 11 // 10),
        "计划值": str(plan_value), "实际完成值": str(money(rng, 0.5, float(plan_value) * 1.5)),
        "问卷调查总人数": sum(surveyed), "满意度": percent(rng, 40, 100),
        "目标成本": str(target_cost),
        "实际成本": "0" if rng.random() < 0.02 else str(money(rng, 0.5, float(target_cost) * 1.6)),
    })
    facts.update(zip(SURVEY, surveyed, strict=True))
    return facts


def tie(rng: random.Random) -> Decimal:
    """A score of the form n.nn5, strictly between 0 and 6."""
    return Decimal(rng.randint(1, 599) * 10 + 5).scaleb(-3)


def seed_tie(rng: random.Random) -> Facts:
    """预算执行率 = 实际支出资金/实际到位资金 scores rate×6: with 到位 = 3m and 支出 = t×m/2 the
    exact score is t, while the rate itself has no finite decimal form."""
    facts = seed(rng)
    m = Decimal(rng.randint(1, 300))
    while (score := tie(rng)).scaleb(3) % 3 == 0:  # t/6 would end: no engine could miss it
        pass
    facts["实际到位资金"] = str(3 * m)
    facts["实际支出资金"] = str(score * m / 2)
    return facts


def peer_tie(rng: random.Random) -> Facts:
    """成本控制 scores 目标成本/实际成本×6 (at most 6): the same construction as seed_tie."""
    facts = peer(rng)
    m = Decimal(rng.randint(1, 300))
    while (score := tie(rng)).scaleb(3) % 3 == 0:
        pass
    facts["实际成本"] = str(3 * m)
    facts["目标成本"] = str(score * m / 2)
    return facts


def fact_sets(make: Callable[[random.Random], Facts], count: int, seed_value: int) -> Iterator[Facts]:
    rng = random.Random(seed_value)
    return (make(rng) for _ in range(count))
