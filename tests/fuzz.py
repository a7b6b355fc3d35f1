"""Fuzz the front end, the fact reader and the output: generated and mutated inputs, seeded and repeatable.

    python tests/fuzz.py --inputs 100000 --seed 1
    python tests/fuzz.py --generator chains --inputs 20000 --seed 1 --budget 5 --output-check

Every input must either compile (and then score, or fail on its facts) or fail with an
EvalRulesError whose places lie inside the file; whatever comes out must render and turn into
JSON. Inputs generated to be valid must give what they were generated to give. Anything else is
a failure: the script prints it with the generator, seed and input number that reproduce it
(``--show N`` prints input N), and exits 1. ``--budget`` makes an input that takes longer a
failure too, and the summary names the slowest inputs. The test suite runs short runs
(tests/test_fuzz.py); docs/robustness.md records the deep runs.
"""

from __future__ import annotations

import argparse
import functools
import heapq
import io
import json
import random
import re
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import yaml
from rich.console import Console, RenderableType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import evalrules  # noqa: E402
import evalrules.facts  # noqa: E402
from evalrules import render  # noqa: E402
from evalrules.keywords import spellings  # noqa: E402
from evalrules.plan import ValueType  # noqa: E402

CORPUS = sorted((ROOT / "tests" / "cases" / "good").glob("*.rules")) + sorted(
    (ROOT / "rulesets").glob("*/*.rules"))
FACT_FILES = sorted((ROOT / "rulesets").glob("*/*.yaml"))
CRITERIA = sorted(path for path in (ROOT / "tests" / "corpus").glob("*.yaml")
                  if path.name != "known-misreads.yaml")
YAML_PIECES = [*": -[]{},#&*!|>'\"\n\t%@`?", "&a", "*a", "!!python/object:os.system", "!!binary",
               "<<: *a", "\t\t", "- - -", "ー", "：", "1e99999", "0x1F", ".inf", ".nan", "~",
               "null", "2022-02-30", "\ufeff"]

# Pieces mutations insert: punctuation in both widths, keywords, odd Unicode, line endings.
PIECES = [*"（）(){}｛｝：:，,；;。、×*/÷+-=<>≥≤≠%％「」“”\"#\n 0123456789.分次项",
          *sorted(spellings()), "\ufeff", "\r\n", "\r", "\u3000", "\u200b", "𠀀", "ｅ", "é",
          "9" * 80, "1e999999999", "「" * 3, "（" * 50, "甲" * 2000]

# Characters a terminal acts on (C0 and C1 controls, DEL) and the bidi controls that reorder what
# it shows; tab and line feed are plain layout.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
CONTROLS = ["\x1b[2J", "\x1b]0;x\x07", "\x1b]8;;http://x\x1b\\", "\x9b", "\x9b2J", "\x1b[31m", "\x1bc",
            "\x1b", "\x00", "\x07", "\x08", "\r", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\x90",
            "\x9d", "\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u061c",
            "\ud800", "\udfff"]  # the last two, lone surrogates, can come only through the API
# Keyword characters and blanks that hostile files repeat thousands of times.
RUN_PIECES = ["与", "且", "（", "；", "，", "或", "则", "每", "扣", "得", "分", "(", "「", "“", " ", "　",
              "\n", "\t", "、", "%", "-", "="]
# Where a run does most harm: just after a keyword that starts a lookahead or a list.
RUN_AFTER = re.compile("每出现1次|每发现|每相差|与|且|或|；|，|（|得分|评定|扣")
# Letters for names that may not be quoted (评定 and 等级 levels), none a keyword's first letter.
LETTERS = "".join(sorted(set("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土")
                         - {spelling[0] for spelling in spellings()}))


@attrs.frozen
class Sizes:
    """How large the generated inputs are: (fewest, most) of each."""

    chain: tuple[int, int]  # metrics in a chain
    bands: tuple[int, int]  # rows of a band table
    grades: tuple[int, int]  # entries of a 等级 table
    run: tuple[int, int]  # characters in a run of one piece


DEEP = Sizes(chain=(100, 600), bands=(500, 5_000), grades=(100, 3_000), run=(1_000, 100_000))
# Small enough that the suite never meets a slow input, so it can count instead of timing.
SHORT = Sizes(chain=(2, 16), bands=(2, 40), grades=(2, 40), run=(10, 300))


@attrs.frozen
class Case:
    """One input: rule text (or a ruleset already compiled) and facts, and what it must give."""

    rules: str
    facts: Mapping[str, object] | str | None = None  # None: made up to fit the ruleset
    facts_json: bool = False  # facts given as text are YAML, or JSON
    ruleset: evalrules.Ruleset | None = None
    expect: str | None = None  # the outcome the input must reach, e.g. "scored"
    total: Fraction | None = None
    grade: str | None = None

    @property
    def size(self) -> int:
        return len(self.rules) + len(self.facts if isinstance(self.facts, str) else
                                     repr(self.facts))


class Failure(Exception):
    """An input that did not give what it should: what kind of failure, and the details."""

    def __init__(self, kind: str, details: str) -> None:
        super().__init__(f"{kind}: {details}")
        self.kind = kind


class OverBudget(BaseException):  # not an Exception: the engine must not catch it
    """An input took longer than the budget."""


# ---- mutations -----------------------------------------------------------------------------


def mutate(text: str, rng: random.Random) -> str:
    return mutate_with(text, rng, PIECES)


def mutate_with(text: str, rng: random.Random, pieces: list[str]) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 8)):
        if not chars:
            chars = list(rng.choice(pieces))
        kind = rng.random()
        at = rng.randrange(len(chars))
        if kind < 0.3:
            del chars[at:at + rng.randint(1, 12)]
        elif kind < 0.65:
            chars[at:at] = list(rng.choice(pieces))
        elif kind < 0.8:
            other = rng.randrange(len(chars))
            chars[at], chars[other] = chars[other], chars[at]
        elif kind < 0.9:
            start = rng.randrange(len(chars))
            chars[at:at] = chars[start:start + rng.randint(1, 40)]  # a duplicated stretch
        else:
            chars[at:at] = list(rng.choice(pieces) * rng.randint(1, 200))
    return "".join(chars)


FACT_VALUES: dict[ValueType, list[object]] = {
    ValueType.NUMBER: [0, 1, -1, "85%", "0.5", 100, "1e20", "-3%", 7, "七", None, [], True,
                       "9" * 70, Decimal("NaN"), "１２"],
    ValueType.RATE: ["85%", "0%", "100%", "-3%", "１２%", "85", 0, Decimal("0.85"), None, "8 5%"],
    ValueType.QUANTITY: [85, "85", "85%", 0, "0.5", -1, "七", None, "1e20"],
    ValueType.BOOL: ["是", "否", True, False, "也许", 0, None],
    ValueType.TEXT: ["东部", "西部", 3, None],
    ValueType.LIST: [[], ["90%", "80%"], [1, 2, 3], "1,2", [None], [[1]]],
    ValueType.DATE: ["2022-03-01", "2022年3月1日", "2022-02-30", 20220301, "昨天"],
    ValueType.OCCURRENCES: [0, 1, 3, 10**40, ["甲", "乙"], -1, 1.5, "三次", [{"日期": "x"}]],
    ValueType.CHECK: ["是", "否", {"得分": "0.5", "依据": "x"}, {"得分": 99, "依据": "x"},
                      {"得分": 1}, "部分"],
    ValueType.LEVEL: ["充分", "一般", {"等级": "一般", "依据": "x"}, "不存在", {"等级": 1}],
    ValueType.DISCRETION: [0, "否", {"得分": 1, "依据": "x"}, {"扣分": 1, "依据": "x"},
                           {"扣分": 50, "依据": "y"}, {"扣分": 1}],
}


def facts_for(ruleset: evalrules.Ruleset, rng: random.Random,
              values: Mapping[ValueType, list[object]] = FACT_VALUES) -> dict[str, object]:
    facts: dict[str, object] = {}
    for name, spec in ruleset.plan.facts.items():
        if rng.random() < 0.05:
            continue  # a missing fact
        facts[name] = rng.choice(values[spec.type])
    if rng.random() < 0.2:
        facts[rng.choice(list(facts) or ["x"])] = {"值": rng.choice([1, "x"]), "来源": "y"}
    return facts


@functools.cache
@functools.cache
def sources() -> list[str]:
    """Rule files to start from: the good cases, the rulesets, and each sentence of the criteria
    corpus as the whole body of a leaf (the wordings of real tables, read or refused)."""
    files = [path.read_text(encoding="utf-8") for path in CORPUS]
    sentences = [f"满分 {entry['weight']}分\n指标 「被测指标」（{entry['weight']}分）{{ {entry['text']} }}"
                 for path in CRITERIA for entry in yaml.safe_load(path.read_text(encoding="utf-8"))]
    return files + sentences


# ---- generators: each makes one Case from its rng ------------------------------------------


def name(kind: str, number: int) -> str:
    return f"「{kind}{number}」"


def level_name(number: int, width: int = 3) -> str:
    """A name for a level that needs no quotes: ``width`` letters, distinct for each number."""
    letters = []
    for _ in range(width):
        number, digit = divmod(number, len(LETTERS))
        letters.append(LETTERS[digit])
    return "".join(letters)


def long_number(rng: random.Random, digits: int, whole: int) -> str:
    """A decimal of ``digits`` significant digits, ``whole`` of them before the point (0: below 1,
    negative: that many zeros after the point first)."""
    body = [str(rng.randint(1, 9))] + [rng.choice("0123456789" if rng.random() < 0.7 else "09")
                                       for _ in range(digits - 2)] + [str(rng.randint(1, 9))]
    if whole <= 0:
        return "0." + "0" * -whole + "".join(body)
    return "".join(body[:whole]) + ("." + "".join(body[whole:]) if digits > whole else "")


def nines(rng: random.Random, digits: int) -> str:
    """A percentage just under a round one, as tables write it: 89.999…9."""
    return f"{rng.choice([59, 79, 84, 89, 94, 99])}." + "9" * (digits - 2)


def half_up(value: Fraction, places: int) -> Fraction:
    scaled = value * 10**places
    return Fraction(int(scaled + Fraction(1, 2)) if scaled >= 0 else -int(-scaled + Fraction(1, 2)),
                    10**places)


def exact(text: str) -> Fraction:
    return Fraction(text[:-1]) / 100 if text.endswith("%") else Fraction(text)


def digits(rng: random.Random, sizes: Sizes) -> Case:
    """Numbers of 25–60 significant digits (and some just beyond 60) in rules and facts."""
    if rng.random() < 0.3:  # a real file with its numbers made long
        def lengthen(match: re.Match[str]) -> str:
            if rng.random() < 0.5:
                return match.group()
            count = rng.choice([rng.randint(25, 60), 60, 61, 62])
            return long_number(rng, count, rng.randint(-3, min(count, 4)))

        text = re.sub(r"\d+(?:\.\d+)?", lengthen, rng.choice(sources()))
        values = {**FACT_VALUES, ValueType.NUMBER: [
            long_number(rng, rng.randint(25, 61), rng.randint(-2, 3)) for _ in range(4)]}
        return Case(text, facts_for_text(text, rng, values))
    places = rng.choice([None, None, 2, 6, 10])
    leaves, facts = [], {}
    full = total = Fraction(0)
    for number in range(rng.randint(1, 4)):
        weight = long_number(rng, rng.randint(25, 56), rng.randint(1, 2))
        rule, leaf_facts, score = long_leaf(rng, number, weight)
        leaves.append(f"指标 {name('项', number)}（{weight}分）{{ {rule} }}")
        facts.update(leaf_facts)
        full += Fraction(weight)
        total += score if places is None else half_up(score, places)
    header = [f"满分 {decimal_text(full)}分"] if rng.random() < 0.7 else []
    if places is not None:
        header.append(f"舍入：保留{places}位小数，四舍五入")
    draw = rng.random()
    if draw < 0.1:  # one number just beyond the limit, in the rules ...
        over = long_number(rng, 61, 2) if rng.random() < 0.5 else "0." + "0" * 60 + "1"
        leaves.append(f"指标 「过长」（0分）{{ 得分 = {over}×0分 }}")
        return Case("\n".join(header + leaves), facts, expect="rule error E0106")
    expect = "scored"
    if draw < 0.2:  # ... or in the facts (a rate still written with its %)
        key = rng.choice(list(facts))
        over = rng.choice([long_number(rng, 61, 1), "0." + "0" * 60 + "1", Decimal("1e-61"),
                           Decimal("9e61")])
        rate = str(facts[key]).endswith("%")
        facts[key] = f"{format(over, 'f') if isinstance(over, Decimal) else over}%" if rate else over
        expect = "fact error E0305"
    rules = "\n".join(header + leaves)
    if rng.random() < 0.5:  # the facts in a fact file, their numbers written bare
        as_json = rng.random() < 0.5
        return Case(rules, fact_file(facts, as_json), facts_json=as_json, expect=expect,
                    total=total if expect == "scored" else None)
    return Case(rules, facts, expect=expect, total=total if expect == "scored" else None)


def fact_file(facts: Mapping[str, object], as_json: bool) -> str:
    """The text of a fact file giving numbers as they are written, unquoted (a percentage is text
    in JSON)."""
    def bare(value: object) -> str:
        text = format(value, "f") if isinstance(value, Decimal) else str(value)  # no exponent
        return json.dumps(text) if as_json and text.endswith("%") else text

    lines = [f"{json.dumps(key, ensure_ascii=False)}: {bare(value)}" for key, value in facts.items()]
    return "{" + ", ".join(lines) + "}" if as_json else "\n".join(lines) + "\n"


def decimal_text(value: Fraction) -> str:
    """A fraction whose denominator divides a power of ten, written out in full."""
    places = 0
    while (value * 10**places).denominator != 1:
        places += 1
    scaled = int(value * 10**places)
    text = str(scaled).rjust(places + 1, "0")
    return text[:len(text) - places] + ("." + text[len(text) - places:] if places else "")


def long_leaf(rng: random.Random, number: int, weight: str) -> tuple[str, dict[str, object], Fraction]:
    """A leaf's rule with long numbers, its facts, and its exact score."""
    w = Fraction(weight)
    fact = name("值", number)
    key = fact[1:-1]
    kind = rng.choice(["formula", "capped", "band", "bands", "step"])
    if kind == "formula":
        value = long_number(rng, rng.randint(25, 60), 0)
        return f"得分 = {fact}×{weight}分", {key: value}, min(exact(value) * w, w)
    if kind == "capped":
        constant = "1." + "0" * rng.randint(20, 55) + "1"
        value = long_number(rng, rng.randint(25, 58), rng.choice([0, 1]))
        score = max(min(exact(value) * Fraction(constant) * w, w), Fraction(0))
        return (f"得分 = {fact}×{constant}×{weight}分（超过{weight}分按{weight}分计）", {key: value},
                score)
    edge = nines(rng, rng.randint(25, 55)) + "%"  # facts near it stay within 60 digits
    at = exact(edge)
    last = Fraction(1, 10 ** (len(edge) - edge.index(".") - 2) * 100)
    value_at = rng.choice([at, at - last, at + last, at - last / 1000, Fraction(1), Fraction(0)])
    value = decimal_text(value_at * 100) + "%"  # compared with percentages: given as one
    if kind == "band":
        rule = f"{fact}≥{edge}，计{weight}分；低于{edge}不得分"
        return rule, {key: value}, w if value_at >= at else Fraction(0)
    if kind == "bands":
        low = nines(rng, rng.randint(25, 40))
        low_at = exact(low + "%")
        if low_at >= at:
            low, low_at = "0." + "0" * 40 + "1", Fraction(1, 10**41) / 100
        points = long_number(rng, rng.randint(25, 50), 0)
        middle = Fraction(points) * w
        share = decimal_text(Fraction(points) * 100)
        rule = f"{fact}≥{edge}，计{weight}分；{low}%(含)-{edge}，得分值的{share}%；低于{low}%不得分"
        score = w if value_at >= at else middle if value_at >= low_at else Fraction(0)
        return rule, {key: value}, score
    step = "0." + "0" * rng.randint(0, 20) + long_number(rng, rng.randint(25, 35), 1).replace(".", "")
    points = long_number(rng, rng.randint(25, 40), 0)
    rule = f"{fact}≤100%，计{weight}分；每超过{step}个百分点扣{points}分，扣完为止"
    value_at = rng.choice([Fraction(1), 1 + exact(long_number(rng, rng.randint(25, 50), -3))])
    value = decimal_text(value_at * 100) + "%"
    excess = value_at - 1
    score = max(w - excess / (Fraction(step) / 100) * Fraction(points), Fraction(0))
    return rule, {key: value}, score


def facts_for_text(text: str, rng: random.Random,
                   values: Mapping[ValueType, list[object]]) -> dict[str, object] | None:
    """Facts to fit a rule text, or None (made up later) when it does not compile."""
    try:
        return facts_for(evalrules.compile(text, "fuzz.rules"), rng, values)
    except evalrules.EvalRulesError:
        return None


def hostile(rng: random.Random, palette: list[str] = CONTROLS) -> str:
    """Text with control characters in it, drawn from ``palette``."""
    parts = [rng.choice(["甲", "公众知晓率", "x", ""])]
    for _ in range(rng.randint(1, 3)):
        parts += [rng.choice(palette), rng.choice(["乙", "y", ""])]
    return "".join(parts)


def controls(rng: random.Random, sizes: Sizes) -> Case:
    """Control characters (ESC, CSI, OSC, C0, C1, DEL, bidi, lone surrogates) in every place user
    text can reach the output: names, titles, descriptions, strings, levels, evidence, reasons,
    fact names, fact files."""
    draw = rng.random()
    if draw < 0.25:  # anywhere in a real file
        text = mutate_with(rng.choice(sources()), rng, CONTROLS)
        values = {kind: [*options, hostile(rng)] for kind, options in FACT_VALUES.items()}
        return Case(text, facts_for_text(text, rng, values))
    if draw < 0.4:  # in a fact file's text, YAML or JSON
        as_json = rng.random() < 0.5
        names = ["「" + hostile(rng) + "」" for _ in range(3)]
        title = f"指标体系「{hostile(rng)}」\n" if rng.random() < 0.3 else ""
        rules = f"{title}满分 10分\n指标 a（10分）{{ 每出现1次{names[0]}，扣1分 }}"
        records = [{"日期": hostile(rng), "情况": hostile(rng)} for _ in range(rng.randint(1, 3))]
        value: dict[str, object] = {names[rng.randrange(3)][1:-1]: records, hostile(rng): 1}
        text = (json.dumps(value, ensure_ascii=rng.random() < 0.5) if as_json else
                "\n".join(f'"{json.dumps(k)[1:-1]}": {json.dumps(v, ensure_ascii=False)}'
                          for k, v in value.items()))
        return Case(rules, text, facts_json=as_json)
    # A whole file with control characters wherever a policy author's text goes; in half of them
    # the facts and their names are plain, so that a file whose facts are refused for their
    # characters still shows its own. A few kinds of character a file, so that a file is not
    # always refused for the one kind the rules do not take (line breaks in a name, say).
    plain = rng.random() < 0.5
    palette = rng.sample(CONTROLS, rng.randint(1, 3))

    def odd() -> str:
        return hostile(rng, palette)

    def text(plainly: str = "甲") -> str:
        return plainly if plain else odd()

    fact, item, level = text("丁"), text("戊"), text("己")
    low = level_name(rng.randrange(100))
    rules = "\n".join([
        f"指标体系「{odd()}」",
        "满分 40分",
        "等级 { 优：30分（含）以上 差：30分以下 }",
        f"指标 「{odd()}」（10分）{{",
        f"  评价标准：“{odd()}”",
        f"  备注：“{odd()}”",
        f"  得分 = 如果 「{fact}」 == \"{odd()}\" 则 10分 否则 「{fact}乙」×10分",
        "}",
        f"指标 「{odd()}」（10分）{{ 评价要点 {{ 「{item}」（10分）“{odd()}” }} }}",
        f"指标 乙（10分）{{ 评定 「{level}」：好得10分，{low}得0分 }}",
        f"指标 丙（10分）{{ 每出现1次「{text('庚')}」，扣1分 }}",
    ])
    facts: dict[str, object] = {}
    try:
        plan = evalrules.compile(rules, "fuzz.rules").plan
    except evalrules.EvalRulesError:  # a control character the grammar does not take in a name
        return Case(rules, facts)
    for key, spec in plan.facts.items():
        match spec.type:
            case ValueType.TEXT:
                facts[key] = text()
            case ValueType.NUMBER | ValueType.QUANTITY:
                facts[key] = {"值": "0.5", "来源": text()}
            case ValueType.CHECK:
                facts[key] = {"得分": 5, "依据": text()}
            case ValueType.LEVEL:
                facts[key] = {"等级": low, "依据": text()}
            case ValueType.OCCURRENCES:
                facts[key] = [{"情况": text(), "来源": text()}]
    if rng.random() < 0.3:  # a fact given under a near miss of its name, as hints show
        missing = rng.choice(list(facts))
        facts[missing + rng.choice(CONTROLS)] = facts.pop(missing)
    return Case(rules, facts)


def chains(rng: random.Random, sizes: Sizes) -> Case:
    """Metrics defined from metrics, a few hundred deep: squares, sums and shared terms, written
    in order or total first."""
    length = rng.randint(*sizes.chain)
    step = rng.choice(["{a}×{a}", "{a}×{a}×{a}", "{a}+{b}", "{a}×{b}", "{a}+{a}", "({a}+{x})/2",
                       "{a}×1.5", "{a}-{b}", "最大值({a}, {b})", "如果 {a} > {b} 则 {a} 否则 {b}"])
    x = name("原值", 0)
    lines = [f"{name('值', 0)} = {x}", f"{name('值', 1)} = {x}"]
    for number in range(2, length):
        lines.append(f"{name('值', number)} = " + step.format(
            a=name("值", number - 1), b=name("值", number - 2), x=x))
    if rng.random() < 0.5:
        lines.reverse()  # the total first, each metric before what it is made of
    last = name("值", length - 1)
    score = f"得分 = 最小值(最大值({last}, 0), 1)×10分"
    inside = rng.random() < 0.5
    body = "\n  ".join([*lines, score] if inside else [score])
    rules = "\n".join(["满分 10分", *([] if inside else lines), f"指标 a（10分）{{\n  {body}\n}}"])
    value = rng.choice(["1", "2", "0.5", "1.0001", "0.9999", "1.5", "-1", "3", "0",
                        long_number(rng, rng.randint(25, 60), 1)])
    return Case(rules, {x[1:-1]: value}, expect="compiled")


def bands(rng: random.Random, sizes: Sizes) -> Case:
    """A band table of thousands of rows, or a 等级 table of thousands of entries under 定级舍入."""
    if rng.random() < 0.5:
        return grades(rng, sizes)
    rows = rng.randint(*sizes.bands)
    step = rng.choice([Fraction(1), Fraction(1, 100), Fraction(1, 1000), Fraction(7, 1000)])
    edges = [step * number for number in range(rows)]
    points = [Fraction(rng.randint(0, 1000), 100) for _ in range(rows + 1)]
    fact = name("值", 0)
    percent = rng.random() < 0.5
    unit = "%" if percent else ""

    def edge(at: Fraction) -> str:
        return decimal_text(at) + unit

    table = [f"低于{edge(edges[0])}，计{decimal_text(points[0])}分"]
    table += [f"{edge(edges[i])}(含)-{edge(edges[i + 1])}，计{decimal_text(points[i + 1])}分"
              for i in range(rows - 1)]
    table.append(f"≥{edge(edges[-1])}，计{decimal_text(points[-1])}分")
    if rng.random() < 0.5:
        table.reverse()
    value = rng.choice([rng.choice(edges), rng.choice(edges) + step / 2, edges[-1] + 1,
                        edges[0] - 1])
    score = points[0] if value < edges[0] else points[1 + sum(1 for at in edges[1:] if value >= at)]
    rules = f"满分 10分\n指标 a（10分）{{\n  {fact}{'；'.join(table)}\n}}"
    # Banded by percentages, the fact is a rate: given with its %.
    fact_value = (decimal_text(value) if value >= 0 else "-" + decimal_text(-value)) + unit
    return Case(rules, {fact[1:-1]: fact_value}, expect="scored", total=score)


def grades(rng: random.Random, sizes: Sizes) -> Case:
    entries = rng.randint(*sizes.grades)
    places = rng.choice([0, 1, 2])
    step = Fraction(rng.randint(1, 3), 10**places)
    full = step * entries
    starts = [step * number for number in range(entries)]
    names = [level_name(number) for number in range(entries)]
    lines = [f"  {names[i]}：{decimal_text(starts[i])}分（含）-{decimal_text(starts[i] + step)}分"
             for i in range(entries)]
    if rng.random() < 0.5:
        lines.reverse()
    total = Fraction(rng.randint(0, int(full * 10**places * 10)), 10**places * 10)
    graded = min(half_up(total, places), full)
    index = min(int(graded / step), entries - 1)
    rules = "\n".join([f"满分 {decimal_text(full)}分", f"定级舍入：保留{places}位小数，四舍五入",
                       "等级 {", *lines, "}", f"指标 a（{decimal_text(full)}分）{{ 得分 = 「总分」×1分 }}"])
    return Case(rules, {"总分": decimal_text(total)}, expect="scored", total=total,
                grade=names[index])


def runs(rng: random.Random, sizes: Sizes) -> Case:
    """Long runs of one keyword character or blank, anywhere or just after a keyword."""
    text = rng.choice(sources())
    for _ in range(rng.randint(1, 2)):
        found = list(RUN_AFTER.finditer(text))
        at = rng.choice(found).end() if found and rng.random() < 0.7 else rng.randrange(len(text))
        text = text[:at] + rng.choice(RUN_PIECES) * rng.randint(*sizes.run) + text[at:]
    return Case(text)


def mutated(rng: random.Random, sizes: Sizes) -> Case:
    return Case(mutate(rng.choice(sources()), rng))


def fact_files(rng: random.Random, sizes: Sizes) -> Case:
    text = mutate_with(rng.choice(fact_texts()), rng, YAML_PIECES)
    rules = rng.choice([path for path in CORPUS if path.parent.parent.name == "rulesets"])
    return Case(rules.read_text(encoding="utf-8"), text, ruleset=real_ruleset(rules))


@functools.cache
def fact_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in FACT_FILES]


@functools.cache
def real_ruleset(path: Path) -> evalrules.Ruleset:
    return evalrules.load(path)


Generator = Callable[[random.Random, Sizes], Case]
GENERATORS: dict[str, Generator] = {
    "mutate": mutated, "facts": fact_files, "digits": digits, "controls": controls,
    "chains": chains, "bands": bands, "runs": runs,
}


def rng_for(generator: str, seed: int, number: int) -> random.Random:
    # The first two keep the streams of the runs recorded before there were generators.
    prefix = {"mutate": f"{seed}", "facts": f"{seed}:facts"}.get(generator, f"{seed}:{generator}")
    return random.Random(f"{prefix}:{number}")


# ---- checking one input --------------------------------------------------------------------


def check_places(error: evalrules.EvalRulesError, text: str) -> None:
    for diagnostic in error.diagnostics:
        span = diagnostic.span
        if span is not None and span.source.text == text:
            assert 0 <= span.start <= span.end <= len(text), diagnostic
            assert span.line >= 1 and span.column >= 1, diagnostic


def rendered(renderable: RenderableType) -> str:
    """What a terminal is sent, without colours: every control character in it is the input's."""
    console = Console(file=io.StringIO(), force_terminal=True, color_system=None, width=100)
    console.print(renderable)
    output = console.file
    assert isinstance(output, io.StringIO)
    return output.getvalue()


def shown(what: str, renderable: RenderableType, output_check: bool) -> None:
    text = rendered(renderable)
    if output_check and (found := sorted(set(RAW_CONTROL.findall(text)))):
        line = next(line for line in text.split("\n") if RAW_CONTROL.search(line))
        raise Failure(f"raw control characters in the rendered {what}",
                      f"{found!r} in {line!r}")


def refused(error: evalrules.EvalRulesError, text: str, output_check: bool) -> None:
    check_places(error, text)
    json.dumps({"errors": [d.to_dict() for d in error.diagnostics]}, ensure_ascii=False)
    shown("diagnostics", render.diagnostics(error), output_check)


def check(case: Case, rng: random.Random, output_check: bool) -> str:
    """The outcome of one input; raises Failure when it is not what the input must give."""
    outcome = outcome_of(case, rng, output_check)
    if case.expect is not None and not outcome.startswith(case.expect) and not (
            case.expect == "compiled" and not outcome.startswith("rule error")):
        raise Failure(f"expected {case.expect}, got {outcome.split(' (')[0]}", outcome)
    return outcome


def outcome_of(case: Case, rng: random.Random, output_check: bool) -> str:
    ruleset = case.ruleset
    if ruleset is None:
        try:
            ruleset = evalrules.compile(case.rules, "fuzz.rules")
        except evalrules.EvalRulesError as error:
            refused(error, case.rules, output_check)
            return "rule error " + error.codes[0] + f" ({first(error)})"
    facts = case.facts
    try:
        if isinstance(facts, str):
            try:
                facts = evalrules.facts.parse_facts(facts, "fuzz.yaml", as_json=case.facts_json)
            except evalrules.EvalRulesError as error:
                refused(error, case.facts, output_check)
                return "fact file error " + error.codes[0]
        result = ruleset.evaluate(facts_for(ruleset, rng) if facts is None else facts)
    except evalrules.EvalRulesError as error:
        refused(error, case.rules, output_check)
        return "fact error " + error.codes[0] + f" ({first(error)})"
    json.loads(result.to_json())
    shown("explanation", render.explanation(result, every_leaf=True), output_check)
    shown("fact table", render.fact_table(ruleset.plan), output_check)
    if case.total is not None and Fraction(result.total) != case.total:
        raise Failure("wrong total", f"{result.total}, should be {case.total}")
    if case.grade is not None and result.grade != case.grade:
        raise Failure("wrong grade", f"{result.grade}, should be {case.grade}")
    return "scored"


def first(error: evalrules.EvalRulesError) -> str:
    return error.diagnostics[0].message[:60]


# ---- runs ----------------------------------------------------------------------------------


@attrs.frozen
class Report:
    outcomes: Counter[str]
    failures: list[str]  # each with where it came from and what went wrong
    kinds: dict[str, list[int]]  # a short name for each kind of failure: the inputs that had it
    slowest: list[tuple[float, int]]  # (seconds, input number), slowest first
    stopped: bool = False  # early, by Ctrl-C: the report covers the inputs run until then


def budgeted(seconds: float | None) -> None:
    """Interrupts the input under way once ``seconds`` have passed (None: never)."""
    def stop(signum: int, frame: object) -> None:
        raise OverBudget

    if seconds is not None:
        signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds or 0)


# The modules of the pipeline's stages; the helpers they call (numbers, plan) are not places.
STAGES = {f"evalrules.{stage}" for stage in ("parser", "transformer", "compiler", "evaluator",
                                             "facts", "trace", "result", "render", "ruleset")}


def place(error: BaseException) -> str:
    """The innermost stage function an exception came through: one name for one cause."""
    found = "fuzz"
    trace = error.__traceback__
    while trace is not None:
        module = trace.tb_frame.f_globals.get("__name__", "")
        if module in STAGES or (module.startswith("evalrules") and found == "fuzz"):
            found = f"{module}.{trace.tb_frame.f_code.co_qualname}"
        trace = trace.tb_next
    return found


def run(count: int, seed: int, generator: str = "mutate", sizes: Sizes = DEEP,
        budget: float | None = None, output_check: bool = False) -> Report:
    """``count`` inputs of one generator; with a budget, an input that takes longer fails.

    Ctrl-C (SIGINT, or SIGTERM from the command line) ends the run early, with a report of the
    inputs run until then.
    """
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    kinds: dict[str, list[int]] = {}
    slowest: list[tuple[float, int]] = []
    make = GENERATORS[generator]

    def one(number: int) -> None:
        rng = rng_for(generator, seed, number)
        where = f"{generator} seed {seed} input {number}"
        started = time.monotonic()
        kind = None
        try:
            case = make(rng, sizes)
            budgeted(budget)
            outcome = check(case, rng, output_check)
            outcomes[outcome.split(" (")[0]] += 1
        except OverBudget as stopped:
            kind = f"over the budget of {budget} s in {place(stopped)}"
            failures.append(f"{where}: took more than {budget} s (stopped in {place(stopped)}; "
                            f"{case.size} characters)")
        except Failure as failure:
            kind = failure.kind
            failures.append(f"{where}: {failure}")
        except Exception as error:  # anything but EvalRulesError is what this looks for
            kind = f"{type(error).__name__} in {place(error)}"
            failures.append(f"{where}:\n{traceback.format_exc(limit=-6)}")
        finally:
            budgeted(None)
        if kind is not None:
            outcomes["failed"] += 1
            kinds.setdefault(kind, []).append(number)
        heapq.heappush(slowest, (time.monotonic() - started, number))
        if len(slowest) > 5:
            heapq.heappop(slowest)

    stopped = False
    try:
        for number in range(count):
            one(number)
    except KeyboardInterrupt:
        stopped = True
    return Report(outcomes, failures, kinds, sorted(slowest, reverse=True), stopped)


def show(generator: str, seed: int, number: int) -> None:
    """Prints input ``number`` as rule text and facts, to reproduce or shrink it."""
    rng = rng_for(generator, seed, number)
    case = GENERATORS[generator](rng, DEEP)
    print(escaped(case.rules))
    print("---")
    facts = case.facts
    if facts is None:
        try:
            facts = facts_for(case.ruleset or evalrules.compile(case.rules), rng)
        except evalrules.EvalRulesError:
            facts = {}
    print(escaped(facts) if isinstance(facts, str) else ascii(dict(facts)))
    print(f"--- expect {case.expect} total {case.total} grade {case.grade}")


def escaped(text: str) -> str:
    """Text safe to print: control characters and lone surrogates written as Python escapes."""
    return re.sub(RAW_CONTROL.pattern[:-1] + "\ud800-\udfff]", lambda found: ascii(found.group())[1:-1],
                  text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--generator", choices=[*GENERATORS, "all"], action="append",
                        help="what to generate (repeatable); default: mutate and facts")
    parser.add_argument("--budget", type=float, help="seconds an input may take before it fails")
    parser.add_argument("--output-check", action="store_true",
                        help="fail on raw control characters in rendered output")
    parser.add_argument("--show", type=int, metavar="N", help="print input N and stop")
    args = parser.parse_args()
    # Ctrl-C, or a TERM sent to a run in the background (which ignores SIGINT), ends the run early
    # with its summary.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    chosen = args.generator or ["mutate", "facts"]
    if "all" in chosen:
        chosen = list(GENERATORS)
    if args.show is not None:
        for generator in chosen:
            show(generator, args.seed, args.show)
        return 0
    failed = False
    for generator in chosen:
        started = time.monotonic()
        report = run(args.inputs, args.seed, generator, DEEP, args.budget, args.output_check)
        print(f"{generator}: {sum(report.outcomes.values())} inputs"
              f"{' (stopped by Ctrl-C)' if report.stopped else ''}, seed {args.seed}, "
              f"{time.monotonic() - started:.0f} s", flush=True)
        for outcome, count in sorted(report.outcomes.items()):
            print(f"  {outcome}: {count}")
        print("  slowest: " + ", ".join(f"input {number} {seconds:.2f} s"
                                        for seconds, number in report.slowest))
        print(f"  failures: {len(report.failures)}")
        for kind, numbers in sorted(report.kinds.items(), key=lambda item: -len(item[1])):
            print(f"    {len(numbers)} × {kind}: inputs {', '.join(map(str, numbers[:8]))}")
        for failure in report.failures[:5]:
            print(failure)
        failed = failed or bool(report.failures)
        if report.stopped:
            break
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
