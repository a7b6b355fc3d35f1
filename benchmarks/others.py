"""The seed ruleset in two other rule engines, when installed (`pip install -e '.[bench]'`).

rule-engine (zeroSteiner/rule-engine, pure Python, Decimal numbers) and zen-engine
(gorules/zen, Rust, expressions through its Python binding). Each leaf is one expression,
compiled once; names are ASCII because neither accepts Chinese identifiers. Reading the facts
(numbers, 是/否 and partial scores into points) is plain Python and timed with the rest; each leaf
is then clamped at 0 and rounded half-up to 2 places in Python, as the rule file says, and the
leaves added up.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from facts import SEED_CHECKS
from hand import dec, with_total

Facts = dict[str, object]
Scorer = Callable[[Facts], tuple[Decimal, ...]]

CENT = Decimal("0.01")
POINTS = dict(zip(SEED_CHECKS, (2, 2, 2, 2, 1, 1.5, 1.5, 1, 3, 1.5, 1.5, 1, 1, 1, 2, 2, 2, 2), strict=True))
NUMBERS = {"budget": "预算资金", "arrived": "实际到位资金", "spent": "实际支出资金", "absent": "无人在岗",
           "late": "未及时转办情况", "unanswered": "未按时回复情况", "known": "公众知晓率",
           "approved": "公众认可率", "satisfied": "服务对象满意度"}
CHECK = [f"c{index}" for index in range(len(SEED_CHECKS))]


def capped(expression: str, cap: int) -> str:
    return f"({expression} < {cap} ? {expression} : {cap})"


# One expression per leaf of rulesets/qixia-12345, in table order; both engines read this syntax.
SEED_LEAVES = (
    f"{CHECK[0]} + {CHECK[1]}", f"{CHECK[2]} + {CHECK[3]}", f"{CHECK[4]} + {CHECK[5]} + {CHECK[6]}",
    f"{CHECK[7]} + {CHECK[8]}", f"{CHECK[9]} + {CHECK[10]} + {CHECK[11]}",
    capped("arrived / budget * 4", 4),
    "(spent / arrived <= 1 ? spent / arrived * 6 : (1 - (spent / arrived - 1)) * 6)",
    f"{CHECK[12]} + {CHECK[13]} + {CHECK[14]}", f"{CHECK[15]} + {CHECK[16]}", CHECK[17],
    "10 - absent", "10 - late", "10 - unanswered",
    capped("known / 0.96 * 10", 10), capped("approved / 0.95 * 10", 10),
    capped("satisfied / 0.92 * 10", 10),
)


def context(facts: Facts, number: Callable[[object], object]) -> dict[str, object]:
    values = {short: number(facts[name]) for short, name in NUMBERS.items()}
    for short, name in zip(CHECK, SEED_CHECKS, strict=True):
        given = facts[name]
        points = given["得分"] if isinstance(given, dict) else POINTS[name] if given == "是" else 0
        values[short] = number(points)
    return values


def leaf(value: object) -> Decimal:
    return max(Decimal(str(value)), Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP)


def rule_engine_seed() -> Scorer | None:
    try:
        import rule_engine
    except ImportError:
        return None
    rules = [rule_engine.Rule(expression) for expression in SEED_LEAVES]

    def score(facts: Facts) -> tuple[Decimal, ...]:
        values = context(facts, dec)
        return with_total([leaf(rule.evaluate(values)) for rule in rules])
    return score


def zen_seed() -> Scorer | None:
    try:
        import zen
    except ImportError:
        return None
    expressions = [zen.compile_expression(expression) for expression in SEED_LEAVES]

    def score(facts: Facts) -> tuple[Decimal, ...]:
        # JSON numbers, as a zen decision is usually fed: the shown value read as a float.
        values = context(facts, lambda raw: float(dec(raw)))
        return with_total([leaf(expression.evaluate(values)) for expression in expressions])
    return score
