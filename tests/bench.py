"""Speed of scoring the Qixia seed: evalrules against the same rules written by hand in Python.

    python tests/bench.py --rounds 2000

Both sides score the same facts to the same exact result (checked before timing). The ratio
between them, measured in one run, is what to quote; absolute times depend on the machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import evalrules  # noqa: E402

SEED = ROOT / "rulesets" / "qixia-12345"


def half_up(value: Fraction) -> Decimal:
    """Exact half-up rounding to 2 places (a plain Decimal division would miss exact ties)."""
    scaled = value * 100
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    return Decimal(whole + (2 * rest >= scaled.denominator)).scaleb(-2)


def by_hand(facts: dict[str, object]) -> Decimal:
    """The Qixia 附件2 rules, written directly."""
    def number(name: str) -> Fraction:
        raw = str(facts[name]).strip()
        return Fraction(raw[:-1]) / 100 if raw.endswith("%") else Fraction(raw)

    def checks(*names: str, points: tuple[Fraction, ...]) -> Fraction:
        total = Fraction(0)
        for name, full in zip(names, points, strict=True):
            given = facts[name]
            total += Fraction(str(given["得分"])) if isinstance(given, dict) else (
                full if given == "是" else 0)
        return total

    f = Fraction
    leaves = [
        checks("立项与部门职责相符", "按规定程序申请设立", points=(f(2), f(2))),
        checks("按规定程序政府采购", "备案资料齐全", points=(f(2), f(2))),
        checks("设有绩效目标", "目标与工作内容相关", "目标充分覆盖主要职责",
               points=(f(1), f(3, 2), f(3, 2))),
        checks("目标细化分解为指标", "指标清晰可衡量", points=(f(1), f(3))),
        checks("预算编制经科学论证", "预算内容与项目内容匹配", "资金量与工作任务匹配",
               points=(f(3, 2), f(3, 2), f(1))),
        min(number("实际到位资金") / number("预算资金") * 4, f(4)),
    ]
    rate = number("实际支出资金") / number("实际到位资金")
    leaves.append(min(rate * 6 if rate <= 1 else (1 - (rate - 1)) * 6, f(6)))
    leaves += [
        checks("拨付审批程序完整", "符合批复用途", "无截留挤占挪用", points=(f(1), f(1), f(2))),
        checks("已制定管理制度", "制度合法合规完整", points=(f(2), f(2))),
        checks("符合管理制度", points=(f(2),)),
    ]
    for name in ("无人在岗", "未及时转办情况", "未按时回复情况"):
        leaves.append(max(10 - int(str(facts[name])), f(0)))
    leaves.append(min(number("公众知晓率") / f(96, 100) * 10, f(10)))
    leaves.append(min(number("公众认可率") / f(95, 100) * 10, f(10)))
    leaves.append(min(number("服务对象满意度") / f(92, 100) * 10, f(10)))
    return sum((half_up(max(leaf, f(0))) for leaf in leaves), Decimal(0))


def best_of(rounds: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(rounds):
            work()
        times.append(time.perf_counter() - started)
    return min(times) / rounds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1000)
    args = parser.parse_args()
    ruleset = evalrules.load(SEED / "qixia-12345.rules")
    loaded = evalrules.load_facts(SEED / "facts.yaml")
    facts = {name: fact.raw for name, fact in loaded.items()}
    plain = {name: (fact.raw if not isinstance(fact.raw, dict) or "值" not in
                    {str(k) for k in fact.raw} else fact.raw["值"]) for name, fact in loaded.items()}
    engine_total = ruleset.evaluate(loaded).total
    hand_total = by_hand(plain)
    assert engine_total == hand_total == Decimal("92.31"), (engine_total, hand_total)
    assert half_up(Fraction("31.84") / 192 * 6) == Decimal("1.00")

    engine = best_of(args.rounds, lambda: ruleset.evaluate(loaded))
    engine_dict = best_of(args.rounds, lambda: ruleset.evaluate(facts))
    hand = best_of(args.rounds, lambda: by_hand(plain))
    print(f"Qixia seed, {args.rounds} rounds, best of 5, per evaluation:")
    print(f"  hand-written Python (Fraction):   {hand * 1e6:8.1f} µs   1.0×")
    print(f"  evalrules, Facts given:           {engine * 1e6:8.1f} µs  {engine / hand:5.1f}×")
    print(f"  evalrules, plain dict of facts:   {engine_dict * 1e6:8.1f} µs  {engine_dict / hand:5.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
