"""Parse tree -> syntax tree. Shape only: each rule of the grammar becomes one node with its span."""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
from lark import Token, Transformer, v_args
from lark.tree import Meta

from . import ast
from .functions import BY_NAME
from .keywords import (
    ALL_ABOVE,
    AND_WORDS,
    ANY_ONE,
    COMPARED_WORDS,
    CONFIRMED,
    COUNT_COMPARED,
    DATE_WORD,
    DEADLINE_VERBS,
    DIRECTIONS,
    EACH,
    EACH_OF,
    EARLIER,
    FINDING_VERBS,
    IF_FOUND,
    IF_WORDS,
    ITEM_MARK,
    LETTER_MARK,
    LIST_INTRO,
    NOT_WHOLLY,
    OCCURRENCE_VERBS,
    PERCENT_POINT_WORDS,
    PRIOR_PERIOD,
    RATIO_SCORED,
    RATIO_WORDS,
    RISE_WORDS,
    SHARE_OF_WORD,
    SHARE_WORD,
    SHARED_VERBS,
    THIS_ITEM,
    TIER_COUNTS,
    TIER_WORD,
    TIERS_SAID,
    WEIGHT_NAME,
    spellings_of,
)
from .numbers import ZERO, percent_of
from .source import Source, Span, point

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# The one letter a table puts after a value to label it: 实际完成值(B)
_LETTER_LABEL = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")

_ROUNDING_MODES = {
    "KW_HALF_UP": decimal.ROUND_HALF_UP,
    "KW_HALF_EVEN": decimal.ROUND_HALF_EVEN,
    "KW_DOWN": decimal.ROUND_DOWN,
    "KW_UP": decimal.ROUND_UP,
}

_OPERATORS = {
    "PLUS": "+", "MINUS": "-", "TIMES": "×", "DIVIDE": "/",
    "≥": ">=", "≧": ">=", "＞＝": ">=", "≤": "<=", "≦": "<=", "＜＝": "<=", "＞": ">", "＜": "<",
    "≠": "!=", "=": "==", "＝": "==", "═": "==",
}


_BRACKETED = re.compile(r"(.+?)[(（]\s*(\d+(?:\.\d+)?)\s*[)）]")  # 岗位职责（0.5）
# 以上任一项不符合的，该项不得分: what is not met, of any one of the requirements listed
_ANY_ONE = re.compile(rf"(?:{'|'.join(ALL_ABOVE)})?(?:{'|'.join(ANY_ONE)})(?=[^\W\d])")
_THIS_ITEM_AFTER = re.compile(rf"\s*[,，]?\s*(?:{'|'.join(THIS_ITEM)})$")


def number_of(token: Token) -> Decimal:
    """The number in a NUMBER, PERCENT or POINTS token (96% -> 0.96, 4分 -> 4)."""
    match = _NUMBER.search(str(token))
    assert match is not None, token
    value = Decimal(match.group())
    return percent_of(value) if token.type == "PERCENT" else value


def date_of(token: Token) -> datetime.date:
    """The date in a DATE token; the parser has already refused one that does not exist."""
    year, month, day = (int(part) for part in re.findall(r"\d+", str(token)))
    return datetime.date(year, month, day)


def name_of(token: Token) -> str:
    text = str(token)
    if token.type == "QUOTED_NAME":
        return text[1:-1]
    # “三公经费”变动率: the quotation marks set a word off; the name is 三公经费变动率.
    return text.replace("“", "").replace("”", "") \
        if token.type in ("BAND_NAME", "OCCURRENCE_LEAD", "VERSUS_SUBJECT") \
        else text


def string_of(token: Token) -> str:
    return str(token)[1:-1]


_TIERS = re.compile(rf"^(?:.*?(?:{'|'.join(TIERS_SAID)})[:：]?)?\s*(.+?)\s*"
                    rf"([{''.join(TIER_COUNTS)}]){TIER_WORD}", re.DOTALL)


def _tiers(text: str) -> tuple[list[str], int]:
    """分为达成、部分达成、未达成三档，分别: the tiers named, and how many there are said to be."""
    found = _TIERS.match(text)
    assert found is not None, text  # the lexer matched TIER_NAMES
    return re.split(r"\s*[、，,]\s*", found.group(1)), TIER_COUNTS[found.group(2)]
def _through(first: Span, last: Span) -> Span:
    """From the start of one span to the end of another."""
    return attrs.evolve(first, end=last.end, end_line=last.end_line, end_column=last.end_column)


def compared_op(word: str) -> str:
    """The comparison a word makes with another value (未超过: <=)."""
    return next(op for op, words in COMPARED_WORDS.items() if word in words)


def _tokens(children: Sequence[Any], kind: str) -> list[Token]:
    return [c for c in children if isinstance(c, Token) and c.type == kind]


def _token(children: Sequence[Any], *kinds: str) -> Token | None:
    for child in children:
        if isinstance(child, Token) and child.type in kinds:
            return child
    return None


def _points(children: Sequence[Any]) -> Decimal:
    """The points the rule writes (its one POINTS token), as a number."""
    points = _token(children, "POINTS")
    assert points is not None
    return number_of(points)


def _unmarked(name: str) -> str:
    """The name without the mark that numbers its sentence (①, 1、, (1), A.)."""
    mark = re.match(ITEM_MARK, name)
    return name[mark.end():].lstrip() if mark and mark.end() < len(name) else name


# The subject of bands written without one, until the indicator they are in names it.
UNNAMED = ""


def _one(children: Sequence[Any], cls: type[Any]) -> Any:
    found = [c for c in children if isinstance(c, cls)]
    return found[0] if found else None


@attrs.frozen
class _Share:
    """超过年初预算的5%: a range of the subject's share of another value (the base)."""

    low: ast.Bound | None
    high: ast.Bound | None
    base: Token
    word: str
    rise: bool  # 高于上年决算数5%以内: said without 的, a rise over the base


# The comparison words before a share of another value (超过年初预算的5%), by the band word they are.
_SHARE_WORDS = {terminal: spellings_of(terminal)
                for terminal in ("KW_OVER", "KW_UNDER", "KW_NOT_OVER", "KW_NOT_UNDER")}
# 专职人员少于2人 / 专职人员不足2人: the comparison that costs a compared lapse its points.
_COMPARED_OPS = {word: op for op, words in (
    ("<", {*_SHARE_WORDS["KW_UNDER"], COUNT_COMPARED[0]}),
    (">", {*_SHARE_WORDS["KW_OVER"], COUNT_COMPARED[1]}),
    ("<=", _SHARE_WORDS["KW_NOT_OVER"]), (">=", _SHARE_WORDS["KW_NOT_UNDER"])) for word in words}
_COMPARED = re.compile(rf"(?P<name>.+?)(?P<word>{'|'.join(sorted(_COMPARED_OPS, key=len, reverse=True))})"
                       r"\s*(?P<number>\d+(?:\.\d+)?|一)\s*(?P<unit>\S*)$")
# 年内新增10名以上注册志愿者: the count's words, its number, measure word, 以上/以下 and the rest.
_ABOVE_WORDS = spellings_of("KW_ABOVE")
_ENDS = "|".join(sorted(spellings_of("KW_ABOVE", "KW_BELOW"), key=len, reverse=True))
_COUNTED = re.compile(r"(?:.*[,，]\s*)?(?P<before>[^\W\d]+?)(?P<number>\d+)\s*[^\W\d]+?\s*"
                      rf"(?P<word>{_ENDS})(?P<after>[^\W\d]+)$")
# 计划面积（新增绿地面积）: an aside after the base says what it is; the value is named before it.
_ASIDE = re.compile(r"[(（][^()（）]*[)）]$")


def _base_name(token: Token) -> str:
    return _ASIDE.sub("", name_of(token)) or name_of(token)


def _head(span: Span, length: int) -> Span:
    """The first ``length`` characters of a span on one line (the name in 专职人员少于2人)."""
    return attrs.evolve(span, end=span.start + length, end_line=span.line,
                        end_column=span.column + length)


def _either(share: _Share) -> bool:
    """高于上年专项资金决算数的30%: above 30% of it, or more than 30% above it? 高于/低于 say both,
    and so does any comparison against the same figure of a year before (超过上年的10%)."""
    compared = share.word not in _AT_LEAST and share.word != "等于"
    return share.word in RISE_WORDS or (compared and _base_name(share.base).startswith(PRIOR_PERIOD))


@attrs.frozen
class _Formula:
    """得分=实际完成率×5分 / 按满意度×10分计分: a band's points as a formula."""

    expr: ast.Expr


@attrs.frozen
class _Chain:
    low: ast.Bound | None
    high: ast.Bound | None
    subject: Token | None
    consistent: bool  # one comparison bounds the band from below, the other from above
    unequal: bool = False  # written ≠: all values but one, which the compiler refuses


def _between(bounds: list[ast.Bound], ops: list[str], subject: Token | None) -> _Chain:
    """A band from two comparisons of the subject (X ≥ 80%, X < 90%), in either order."""
    low = high = None
    for op, bound in zip(ops, bounds, strict=True):
        if op in (">", ">=") and low is None:
            low = attrs.evolve(bound, inclusive=op == ">=")
        elif op in ("<", "<=") and high is None:
            high = attrs.evolve(bound, inclusive=op == "<=")
    return _Chain(low, high, subject, low is not None and high is not None)


# 达到 before a single number means that number or more (完成率达到100%); 在 (在85%至95%之间)
# only introduces the range.
_AT_LEAST = frozenset({"达到", "达", "达到目标值", "达到预计值", "达到指标值", "达到年度指标值"})
# The terminals a name may come as (a band's subject is run up to its comparison).
_NAMES = ("NAME", "QUOTED_NAME", "BAND_NAME")

_EXPR_TYPES = (ast.Literal, ast.Reference, ast.Binary, ast.Negate, ast.Compare, ast.Logical,
               ast.Not, ast.Conditional, ast.Call, ast.Group)


def _exprs(children: Sequence[Any]) -> list[ast.Expr]:
    return [c for c in children if isinstance(c, _EXPR_TYPES)]


def _counted(token: Token) -> str:
    """The name of what a 每…扣 rule counts: 的 closes the phrase (每发现一项质量未达到设计要求的，
    扣1分), and a finding verb before it (发现违规使用资金的，每起减2分) is not part of it."""
    name = name_of(token).removesuffix("的") or name_of(token)
    if token.type == "OCCURRENCE_LEAD":
        name = name.removeprefix(EACH)  # 每缺席一次 counts 缺席
        name = next((name.removesuffix(w) for w in CONFIRMED if name.endswith(w) and name != w), name)
        name = name.replace("的、", "、")  # 未按要求参加的、未达到规定课时的，每次…
        verb = next((v for v in FINDING_VERBS if name.startswith(v) and len(name) > len(v)), None)
        name = name.removeprefix(verb) if verb else name
    return name


def _each(rule: ast.Deduction) -> tuple[ast.Deduction, ...]:
    """监督不到位、不及时、记录不全各扣1分: each lapse listed costs the points."""
    if rule.fact is None or not rule.fact.endswith(EACH_OF) or "、" not in rule.fact:
        return (rule,)
    return tuple(attrs.evolve(rule, fact=part) for part in
                 rule.fact.removesuffix(EACH_OF).split("、") if part)


def _held(bound: ast.Bound) -> ast.Bound:
    return bound if bound.marked else attrs.evolve(bound, inclusive=True, by_default=True)


def _not_held(bound: ast.Bound) -> ast.Bound:
    """超过/低于 exclude their number, unless a mark says otherwise (高于30%（包括30%）)."""
    return bound if bound.marked else attrs.evolve(bound, inclusive=False)


def _marked(bound: ast.Bound, children: Sequence[Any]) -> ast.Bound:
    """The bound with its mark, written after it (90%（含）) or after its word (90%以上（含90%）)."""
    mark = _token(children, "INCLUSIVE", "EXCLUSIVE")
    if mark is None:
        return bound
    said = _NUMBER.search(str(mark))
    restated = None
    if said is not None:
        restated = Decimal(said.group())
        restated = percent_of(restated) if re.search("[%％]", str(mark)) else restated
    return attrs.evolve(bound, inclusive=mark.type == "INCLUSIVE", marked=True, restated=restated,
                        mark=str(mark))


@attrs.frozen
class _Lapses:
    """Lapses (or bonuses) written in one clause, each a rule of the indicator's body."""

    rules: tuple[ast.Deduction | ast.Judgement | ast.CaseDiscretion | ast.LapsesInTurn
                 | ast.ComparedLapse | ast.Veto, ...]


@attrs.frozen
class _Then:
    """Levels, or a task's steps, and the deduction written after them in one clause
    (…，1分，每少一项扣1分 / …每少完成10个百分点扣2分，每超额完成一例…奖一分), or the case that
    earns the points and those points, said to be the weight (…。3分*…)."""

    rules: tuple[ast.Judgement | ast.BandRule, ast.Deduction | ast.CaseDeduction | ast.WeightNote]


@attrs.frozen
class _PointRange:
    low: Decimal
    high: Decimal
    share: bool = False  # of the weight (分值的60%（含）-80%), not points
    said: bool = False  # … and said to be so (得分为分值的…), not a bare 60%-80%


@attrs.frozen
class _Amount:
    """One step: its value, and whether it was said in % or 百分点 (每低于1个百分点), not as a
    bare number or with another unit (每低于1, 每少1项)."""

    value: Decimal
    in_percent: bool
    unit: str = ""


@attrs.frozen
class _Defined:
    """Bands on a value defined where they name it (the metric, then the band rule), or with what
    their points also need said first (完成…任务且…60%以上计3分: a veto when it is not so), or
    with lapses after them in the same clause (…为0得4分，每发生1次有效投诉扣1分)."""

    rules: tuple[ast.BodyItem, ...]


def _shared(rule: ast.BandRule) -> ast.BandRule | _Defined:
    """欠款超过年初预算的5%，不得分；…: bands of the subject's share of another value, read as
    bands of the quotient 欠款占年初预算的比例 = 欠款/年初预算, when every band says the same base
    (or none of the subject: 无欠款) and one reading. Anything else keeps its bases, and the
    compiler refuses it naming why (two readings, a rise, a mix, steps after it)."""
    bases = {band.base for band in rule.bands if band.base is not None}
    agreed = len(bases) == 1 and rule.step is None and not rule.interpolated and all(
        band.share_word and not band.rise and not band.either
        and band.named in (None, rule.subject) for band in rule.bands)
    if not agreed:
        return rule
    base = bases.pop()
    first = next(band for band in rule.bands if band.base_span is not None)
    assert first.base_span is not None
    name = f"{rule.subject}占{base}的比例"
    # 欠款/年初预算×100%: a percentage, as the bands are (shown 3%, not 0.03); said from the
    # subject to the first band that names the base, so both names are in what is quoted
    span = attrs.evolve(rule.span, end=first.span.end, end_line=first.span.end_line,
                        end_column=first.span.end_column)
    ratio = ast.Binary("/", ast.Reference(rule.subject, rule.subject_span),
                       ast.Reference(base, first.base_span), span)
    hundred = ast.Literal(Decimal(1), ast.Unit.PERCENT, span)
    bands = tuple(attrs.evolve(band, named=None, named_span=None, base=None, base_span=None)
                  for band in rule.bands)
    return _Defined((ast.Metric(name, ast.Binary("×", ratio, hundred, span), span),
                     attrs.evolve(rule, subject=name, bands=bands)))


@attrs.frozen
class _Region:
    low: ast.Bound | None
    high: ast.Bound | None
    named: Token | None = None  # 比例不足90%时，每减少5%…: the subject said again


@attrs.frozen
class _WeightShare:
    """权重分的1/4: a share of the weight, deducted for each step."""

    share: Fraction


@attrs.frozen
class _Floor:
    """The band written after a band rule's steps (…，低于70%不得分), kept apart from the bands
    the steps count from."""

    band: ast.ValueBand


class ToAst(Transformer[Token, ast.Ruleset]):
    def __init__(self, source: Source, comments: Sequence[Token]) -> None:
        super().__init__()
        self.source = source
        self.comments = comments

    # spans
    def span(self, meta: Meta) -> Span:
        return Span(self.source, meta.line, meta.column, meta.end_line, meta.end_column,
                    meta.start_pos, meta.end_pos)

    def token_span(self, token: Token) -> Span:
        assert token.line is not None and token.column is not None
        assert token.end_line is not None and token.end_column is not None
        assert token.start_pos is not None and token.end_pos is not None
        return Span(self.source, token.line, token.column, token.end_line, token.end_column,
                    token.start_pos, token.end_pos)

    def cut(self, span: Span, offset: int) -> Span:
        """``span`` from ``offset`` on: the words left once a mark or a case before them is cut."""
        start = point(self.source, offset)
        return attrs.evolve(span, line=start.line, column=start.column, start=start.start)

    def _name(self, children: Sequence[Any]) -> Token:
        token = _token(children, *_NAMES)
        assert token is not None
        return token

    # ---- ruleset and header
    @v_args(meta=True)
    def start(self, meta: Meta, children: list[Any]) -> ast.Ruleset:
        return ast.Ruleset(
            source=self.source,
            headers=tuple(c for c in children if isinstance(c, ast.Header)),
            metrics=tuple(c for c in children if isinstance(c, ast.Metric)),
            indicators=tuple(c for c in children if isinstance(c, ast.Indicator)),
            comments=tuple(ast.Comment(str(t)[1:].strip(), self.token_span(t))
                           for t in self.comments),
            vetoes=tuple(c for c in children if isinstance(c, ast.Veto)),
            ranges=tuple(c for c in children if isinstance(c, ast.ValueRange)),
            checks=tuple(c for c in children if isinstance(c, ast.Check)),
        )

    @v_args(meta=True)
    def value_range(self, meta: Meta, children: list[Any]) -> ast.ValueRange:
        low, high = _one(children, tuple)
        return ast.ValueRange(name_of(self._name(children)), low, high, self.span(meta))

    @v_args(meta=True)
    def choice(self, meta: Meta, children: list[Any]) -> ast.Choice:
        fact = self._name(children)
        return ast.Choice(name_of(fact), self.span(meta), self.token_span(fact))

    @v_args(meta=True)
    def exemption(self, meta: Meta, children: list[Any]) -> ast.Exemption:
        not_applicable = _token(children, "KW_NOT_APPLICABLE") is not None
        to = _one(children, list) or []
        mode = "rescale" if _token(children, "KW_RESCALE") else "share" if to else "full"
        return ast.Exemption(not_applicable, self._condition(children), self.span(meta), mode,
                             tuple(to))

    def _condition(self, children: list[Any]) -> ast.Expr:
        """The condition written, or stated first as a phrase: a yes/no fact of that name."""
        phrase = _token(children, "CONDITION")
        if phrase is None:
            return _exprs(children)[0]
        text, span = str(phrase), self.token_span(phrase)
        mark = re.match(ITEM_MARK, text)  # C.存在…的内容，此项不得分: the option's letter
        if mark is not None:
            text, span = text[mark.end():], self.cut(span, span.start + mark.end())
        # 若没有该项任务的，不扣分: 若 is not part of the condition's name
        said = next((word for word in IF_WORDS if text.startswith(word) and text != word), "")
        if said:
            text, span = text[len(said):], self.cut(span, span.start + len(said))
        # 以上任一项不符合的，该项不得分: the fact is what is not met (不符合), as 每有一项不符合 counts
        any_one = _ANY_ONE.match(text)
        if any_one is not None:
            text, span = text[any_one.end():], self.cut(span, span.start + any_one.end())
        return ast.Reference(text, span)

    def share_to(self, children: list[Token]) -> list[str]:
        return [name_of(t) for t in children if t.type in ("NAME", "QUOTED_NAME")]

    @v_args(meta=True)
    def check(self, meta: Meta, children: list[Any]) -> ast.Check:
        return ast.Check(_exprs(children)[0], self.span(meta))

    @v_args(meta=True)
    def veto(self, meta: Meta, children: list[Any]) -> ast.Veto:
        best = _token(children, "KW_VETO_BEST") is not None
        return ast.Veto(best, self._condition(children), self.span(meta))

    @v_args(meta=True)
    def title(self, meta: Meta, children: list[Any]) -> ast.Header:
        token = _token(children, "STRING", "QUOTED_NAME")
        assert token is not None
        return ast.Header("title", str(token)[1:-1], self.span(meta))

    @v_args(meta=True)
    def full_score(self, meta: Meta, children: list[Any]) -> ast.Header:
        return ast.Header("full_score", _points(children), self.span(meta))

    @v_args(meta=True)
    def rounding(self, meta: Meta, children: list[Any]) -> ast.Header:  # also 定级舍入
        places = _token(children, "NUMBER")
        modes = [c for c in children if isinstance(c, str) and not isinstance(c, Token)]
        assert places is not None
        mode = modes[0]
        return ast.Header("rounding", ast.Rounding(number_of(places), mode),
                          self.span(meta))

    @v_args(meta=True)
    def grade_rounding(self, meta: Meta, children: list[Any]) -> ast.Header:
        header: ast.Header = self.rounding(meta, children)
        return attrs.evolve(header, kind="grade_rounding")

    def rounding_mode(self, children: list[Token]) -> str:
        return _ROUNDING_MODES[children[0].type]

    @v_args(meta=True)
    def grades(self, meta: Meta, children: list[Any]) -> ast.Header:
        bands = tuple(c for c in children if isinstance(c, ast.GradeBand))
        return ast.Header("grades", bands, self.span(meta))

    @v_args(meta=True)
    def grade_band(self, meta: Meta, children: list[Any]) -> ast.GradeBand:
        low, high = _one(children, tuple)
        return ast.GradeBand(name_of(self._name(children)), low, high, self.span(meta))

    @v_args(meta=True)
    def bound(self, meta: Meta, children: list[Token]) -> ast.Bound:
        value = _token(children, "POINTS", "NUMBER", "PERCENT")
        assert value is not None
        unit = _token(children, "UNIT")
        bound = ast.Bound(number_of(value), False, self.span(meta), value.type == "PERCENT",
                          points=value.type == "POINTS", unit=str(unit) if unit is not None else "")
        return _marked(bound, children)

    def band_between(self, children: list[Any]) -> tuple[ast.Bound, ast.Bound]:
        """80%-90%: a bare range holds its lower end (an end two bare ranges share belongs to
        the upper one); its upper end only if it is the top one (the compiler sees to that)."""
        low, high = (c for c in children if isinstance(c, ast.Bound))
        if high.percent and not low.percent:  # 10-20%: the lower end is 10% too
            low = attrs.evolve(low, value=percent_of(low.value), percent=True)
        if high.restated not in (None, high.value) and high.restated == low.value and \
                not low.marked:  # 80-90分（含80分）: the mark names the lower end
            low = attrs.evolve(low, inclusive=high.inclusive, marked=True, restated=high.restated,
                               mark=high.mark)
            high = attrs.evolve(high, inclusive=False, marked=False, restated=None, mark="")
        if ast.bare(low, high):
            low = attrs.evolve(low, inclusive=True, by_default=True)
        return (low, high)

    # 以上、以下、以内 hold the number, as 《民法典》第一千二百五十九条 reads them; a written
    # （含）/（不含） wins, and so does another band's written （含） at the same number.
    def band_below(self, children: list[Any]) -> tuple[None, ast.Bound]:
        return (None, _held(_marked(_one(children, ast.Bound), children)))

    def band_above(self, children: list[Any]) -> tuple[ast.Bound, None]:
        return (_held(_marked(_one(children, ast.Bound), children)), None)

    def band_under(self, children: list[Any]) -> tuple[None, ast.Bound]:
        return (None, _not_held(_one(children, ast.Bound)))

    def band_over(self, children: list[Any]) -> tuple[ast.Bound, None]:
        return (_not_held(_one(children, ast.Bound)), None)

    def band_equal(self, children: list[Any]) -> tuple[ast.Bound, ast.Bound]:
        bound: ast.Bound = _one(children, ast.Bound)
        exact = attrs.evolve(bound, inclusive=True, bare=_token(children, "KW_EQUAL") is None)
        return (exact, exact)

    def band_at_most(self, children: list[Any]) -> tuple[None, ast.Bound]:
        return (None, attrs.evolve(_one(children, ast.Bound), inclusive=True))

    def band_at_least(self, children: list[Any]) -> tuple[ast.Bound, None]:
        return (attrs.evolve(_one(children, ast.Bound), inclusive=True), None)

    def of_another(self, children: list[Any]) -> _Share:
        word, base = children[0], _token(children, "SHARE_BASE")
        bound: ast.Bound = _one(children, ast.Bound)
        assert base is not None
        low: ast.Bound | None = None
        high: ast.Bound | None = None
        if _token(children, "KW_ABOVE") is not None:  # 达到市级投入的20%以上
            low = _held(bound)
        elif _token(children, "KW_BELOW") is not None:  # 高于上年决算数5%以内
            high = _held(bound)
        elif word in _SHARE_WORDS["KW_OVER"]:
            low = _not_held(bound)
        elif word in _SHARE_WORDS["KW_UNDER"]:
            high = _not_held(bound)
        elif word in _SHARE_WORDS["KW_NOT_OVER"]:
            high = attrs.evolve(bound, inclusive=True)
        elif word in _AT_LEAST or word in _SHARE_WORDS["KW_NOT_UNDER"]:
            low = attrs.evolve(bound, inclusive=True)
        else:  # 等于, 在: that share only
            low = high = attrs.evolve(bound, inclusive=True)
        return _Share(low, high, base, str(word), _token(children, "KW_OF") is None)

    def _base_span(self, base: Token) -> Span:
        """Where the base is named, its aside left out: 计划面积（新增绿地面积） → 计划面积."""
        return _head(self.token_span(base), len(_base_name(base)))

    @v_args(meta=True)
    def none_band(self, meta: Meta, children: list[Any]) -> ast.ValueBand:
        """无欠款，4分: none of the subject, which is none of any share of another value."""
        none = _token(children, "NONE_OF")
        assert none is not None
        zero = ast.Bound(Decimal(0), True, self.token_span(self._name(children)), percent=True)
        band: ast.ValueBand = self.value_band(meta, [*children, (zero, zero)])
        return attrs.evolve(band, share_word=str(none))

    @v_args(meta=True)
    def value_band(self, meta: Meta, children: list[Any]) -> ast.ValueBand:
        chain: _Chain | None = _one(children, _Chain)
        share: _Share | None = _one(children, _Share)
        if chain:
            low, high = chain.low, chain.high
        elif share:
            low, high = share.low, share.high
            if _token(children, "SOME_OF") is not None and low is None:  # 有欠款，但不超过…
                low = ast.Bound(Decimal(0), False, self.span(meta), percent=True)
        else:
            low, high = _one(children, tuple)
        reach = _token(children, "KW_REACH")
        if reach is not None and reach in _AT_LEAST and low is not None and low is high:
            high = None  # 完成率达到100%的得满分: 100% or more
        if _token(children, "KW_IS") is not None and isinstance(low, ast.Bound) and low is high:
            low = high = attrs.evolve(low, bare=False)  # 投诉次数为0: said to be exactly 0
        named = _token(children, *_NAMES)
        if chain is not None and chain.subject is not None:
            named = chain.subject
        points = _token(children, "POINTS")
        full = _token(children, "KW_FULL_MARKS") is not None
        # the ends are bounds (a share of another value's too): a percent here is a share
        points_share = _token(children, "PERCENT")
        formula: _Formula | None = _one(children, _Formula)
        return ast.ValueBand(low, high, number_of(points) if points is not None else Decimal(0),
                             self.span(meta), full,
                             _unmarked(name_of(named)) if named is not None else None,
                             self.token_span(named) if named is not None else None,
                             chain.consistent if chain else True,
                             number_of(points_share) if points_share is not None else None,
                             unequal=chain is not None and chain.unequal,
                             base=_base_name(share.base) if share else None,
                             base_span=self._base_span(share.base) if share else None,
                             share_word=share.word if share else "",
                             rise=share is not None and share.rise,
                             either=share is not None and _either(share),
                             formula=formula.expr if formula is not None else None)

    def band_formula(self, children: list[Any]) -> _Formula:
        return _Formula(_exprs(children)[0])

    def band_and(self, children: list[Any]) -> _Chain:
        """≥80%且<90%: the band between two comparisons, the subject perhaps named again."""
        ops = [_OPERATORS.get(str(c), str(c)) for c in _tokens(children, "COMPARE_OP")]
        return _between([c for c in children if isinstance(c, ast.Bound)], ops,
                        _token(children, *_NAMES))

    def band_chain(self, children: list[Any]) -> _Chain:
        """90%≤预算执行率<95% (or 95%>预算执行率≥90%): the subject between the band's ends."""
        ops = [_OPERATORS.get(str(c), str(c)) for c in _tokens(children, "COMPARE_OP")]
        turned = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
        # a ≤ X reads as X ≥ a: the first comparison turned round to face the subject.
        return _between([c for c in children if isinstance(c, ast.Bound)],
                        [turned.get(ops[0], ops[0]), ops[1]], self._name(children))

    @v_args(meta=True)
    def target(self, meta: Meta, children: list[Any]) -> ast.Target:
        subject = self._name(children)
        low, high = _one(children, tuple)
        reach = _token(children, "KW_REACH")
        if reach is not None and reach in _AT_LEAST and low is not None and low is high:
            high = None  # 达到目标值100%的: 100% or more
        points = _token(children, "POINTS")
        unmet = _token(children, "TARGET_UNMET")
        return ast.Target(name_of(subject), self.token_span(subject), low, high,
                          number_of(points) if points is not None else None,
                          next(iter(_exprs(children)), None), self.span(meta),
                          wholly=unmet is not None and unmet.startswith(NOT_WHOLLY))

    @v_args(meta=True)
    def ratio_cases(self, meta: Meta, children: list[Any]) -> ast.BandRule:
        """全部达标的得满分；部分达标的，按达标比例计算得分；全部未达标的不得分: bands of the share
        met (the fact 达标比例, named by 按…计算得分): 100% scores the first case's points, 0% the
        last's, and any share between them the share of the weight. The part band holds both ends,
        so that the compiler checks the three cases agree there (one fact, not three judgements);
        with no case of none, 0% is the formula's."""
        by, none = _token(children, "RATIO_BY"), _token(children, "RATIO_NONE")
        part = _token(children, "RATIO_PART")
        assert by is not None and part is not None
        scored = next(word for word in sorted(RATIO_SCORED, key=len, reverse=True)
                      if str(by).endswith(word))
        fact, fact_span = str(by)[1:-len(scored)], self.token_span(by)
        at = children.index(part)
        points = [_token(children[:at], "POINTS"), _token(children[at:], "POINTS")]
        full = _token(children[:at], "KW_FULL_MARKS") is not None

        def share(value: int, span: Span) -> ast.Bound:
            return ast.Bound(Decimal(value), True, span, percent=True, marked=True)

        all_span = self.token_span(_token(children, "RATIO_ALL") or part)
        bands = [ast.ValueBand(share(1, all_span), share(1, all_span),
                               number_of(points[0]) if points[0] is not None else Decimal(0),
                               all_span, full_marks=full),
                 ast.ValueBand(share(0, fact_span), share(1, fact_span), Decimal(0),
                               self.token_span(part),
                               formula=ast.Binary("×", ast.Reference(fact, fact_span),
                                                  ast.Reference(WEIGHT_NAME, fact_span), fact_span))]
        if none is not None:
            none_span = self.token_span(none)
            bands.append(ast.ValueBand(share(0, none_span), share(0, none_span),
                                       number_of(points[1]) if points[1] is not None else Decimal(0),
                                       none_span))
        return ast.BandRule(fact, tuple(bands), self.span(meta), fact_span)

    @v_args(meta=True)
    def task_steps(self, meta: Meta, children: list[Any]) -> ast.BandRule | _Then:
        """完成…任务得12分，每减少10%扣2分: the share done ≥ 100% (or the share said before it)
        scores the points; below, steps."""
        task, per = _token(children, "TASK_DONE"), _token(children, "KW_PER_UNDER")
        assert task is not None and per is not None
        steps = children.index(per)  # the step and what it costs; before it, the task's points
        points = _token(children[:steps], "POINTS")
        share = _token(children[:steps], "PERCENT")
        span = self.token_span(task)
        done = ast.Bound(number_of(share) if share is not None else Decimal(1), True, span,
                         percent=True)
        band = ast.ValueBand(done, None, number_of(points) if points is not None else Decimal(0),
                             span, full_marks=points is None)
        then = _one(children, ast.Deduction)
        rest = [c for c in children[steps:] if not isinstance(c, ast.Deduction)]
        rule = ast.BandRule(str(task), (band,), self.span(meta), span, self.step_clause(meta, rest))
        return rule if then is None else _Then((rule, then))

    @v_args(meta=True)
    def count_target(self, meta: Meta, children: list[Any]) -> ast.Target:
        """至少3种公示方式，否则不得分: at least that many of the thing named, else nothing."""
        subject = self._name(children)
        least: ast.Bound = _one(children, ast.Bound)
        points = _token(children, "POINTS")
        return ast.Target(name_of(subject), self.token_span(subject),
                          attrs.evolve(least, inclusive=True), None,
                          number_of(points) if points is not None else None, None, self.span(meta))

    @v_args(meta=True)
    def band_rule(self, meta: Meta, children: list[Any]) -> ast.BandRule | _Defined:
        defined: tuple[ast.Metric, Token] | None = _one(children, tuple)
        bands = tuple(c for c in children if isinstance(c, ast.ValueBand))
        floor: _Floor | None = _one(children, _Floor)
        subject = _token(children, *_NAMES) if defined is None else defined[1]
        if subject is not None:
            # ①持证社工人数占比75%以上的得5分: the mark numbers the sentence, it is not the name
            name, subject_span = _unmarked(name_of(subject)), self.token_span(subject)
            if SHARE_WORD in name:  # 设施蔬菜面积占蔬菜种植面积的60%以上: 的 is not in the name
                name = name.removesuffix(SHARE_OF_WORD)
        elif bands[0].named is not None and bands[0].named_span is not None:
            name, subject_span = bands[0].named, bands[0].named_span  # 无欠款，4分；…
        else:
            # Without a subject (≥98%，得满分；…) the bands are of the indicator's own value: the
            # indicator names it (UNNAMED until the indicator is read).
            name, subject_span = UNNAMED, bands[0].span
        below: _Region | None = _one(children, _Region)
        if below is not None and below.named is not None \
                and not name.endswith(name_of(below.named)):
            below = _Region(None, None)  # of another value: not read (E0230)
        lapses: _Lapses | None = _one(children, _Lapses)
        rule = ast.BandRule(name, bands, self.span(meta), subject_span,
                            _one(children, ast.StepRule),
                            _token(children, "KW_INTERPOLATE") is not None,
                            floor.band if floor is not None else None,
                            None if below is None else (below.low, below.high))
        if any(band.share_word for band in bands):
            return _shared(rule)
        needed = _token(children, "PREREQUISITE")
        if needed is not None:
            said = next(str(needed).removesuffix(w) for w in AND_WORDS if str(needed).endswith(w))
            cut = len(str(needed)) - len(said)  # 且 is not part of what is needed (one line)
            whole = self.token_span(needed)
            span = attrs.evolve(whole, end=whole.end - cut, end_column=whole.end_column - cut)
            fact = ast.Reference(said, span)
            return _Defined((ast.Veto(False, ast.Not(fact, span), span), rule))
        rules = (rule,) if defined is None else (defined[0], rule)
        if lapses is not None:
            return _Defined((*rules, *lapses.rules))
        return rule if defined is None else _Defined(rules)

    def band_lapses(self, children: list[Any]) -> _Lapses:
        """…为0得4分，每发生1次有效投诉扣1分，…: the lapses after a band, each a rule of its own."""
        overspent = _token(children, "OVERSPENT_CASE")
        if overspent is not None:  # 超支不得分: a case scoring nothing, as after a semicolon
            span = self.token_span(overspent)
            return _Lapses((ast.Judgement(None, (ast.Level(str(overspent), ZERO, span),), span, span),))
        vetoes = tuple(c for c in children if isinstance(c, ast.Veto))
        return _Lapses((*vetoes, *self.lapses([c for c in children if not isinstance(c, ast.Veto)]).rules))

    def floor(self, children: list[Any]) -> _Floor:
        band = _one(children, ast.ValueBand)
        assert band is not None
        return _Floor(band)

    @v_args(meta=True)
    def inline_metric(self, meta: Meta, children: list[Any]) -> tuple[ast.Metric, Token]:
        name = self._name(children)
        return ast.Metric(name_of(name), _exprs(children)[-1], self.span(meta)), name

    @v_args(meta=True)
    def region_steps(self, meta: Meta, children: list[Any]) -> ast.BandRule:
        subject = self._name(children)
        low, high = _one(children, tuple)
        step = self.step_clause(meta, [*children, _Region(low, high)])
        floor: _Floor | None = _one(children, _Floor)
        return ast.BandRule(name_of(subject), (), self.span(meta), self.token_span(subject), step,
                            floor=floor.band if floor is not None else None)

    def step_amount(self, children: list[Token]) -> _Amount:
        if _token(children, "KW_ONE_PERCENT_POINT") is not None:
            return _Amount(Decimal("0.01"), True)
        amount = _token(children, "PERCENT", "NUMBER")
        assert amount is not None
        value = number_of(amount)
        if _token(children, "KW_PERCENT_POINT") is not None:
            return _Amount(percent_of(value), True)
        unit = _token(children, "UNIT")
        return _Amount(value, amount.type == "PERCENT", str(unit) if unit is not None else "")

    def step_option(self, children: list[Token]) -> tuple[str, Decimal | None]:
        most = _token(children, "POINTS")
        kind = children[0].type
        # 以3分为限 caps the deduction as 扣满3分为止 does.
        return ("KW_DEDUCT_UP_TO" if kind == "KW_TAKING" else kind,
                number_of(most) if most is not None else None)

    def weight_share(self, children: list[Token]) -> _WeightShare:
        share = _token(children, "PERCENT")
        if share is not None:
            return _WeightShare(Fraction(number_of(share)))
        over, under = _tokens(children, "NUMBER")
        return _WeightShare(Fraction(number_of(over)) / Fraction(number_of(under)))

    def _step(self, direction: str, meta: Meta, children: list[Any]) -> ast.StepRule:
        options: dict[str, Decimal | None] = dict(c for c in children if isinstance(c, tuple))
        share: _WeightShare | None = _one(children, _WeightShare)
        region = _one(children, _Region)
        amount: _Amount = _one(children, _Amount)
        named = region.named if region is not None else _token(children, "UNANCHORED_SUBJECT")
        return ast.StepRule(
            restated=(region.low, region.high) if region is not None else None,
            named=name_of(named) if named is not None else None,
            named_span=self.token_span(named) if named is not None else None,
            in_percent=amount.in_percent,
            unit=amount.unit,
            direction=direction,
            amount=amount.value,
            points=Decimal(0) if share is not None else number_of(_tokens(children, "POINTS")[-1]),
            of_weight=share.share if share is not None else None,
            until_zero="KW_UNTIL_ZERO" in options,
            most=options.get("KW_DEDUCT_UP_TO"),
            whole="KW_WHOLE_STEPS" in options,
            span=self.span(meta),
        )

    def below_in_proportion(self, children: list[Any]) -> _Region:
        low, high = _one(children, tuple)
        return _Region(low, high, _token(children, *_NAMES))

    def step_region(self, children: list[Any]) -> _Region:
        low, high = _one(children, tuple)
        return _Region(low, high, _token(children, *_NAMES))

    @v_args(meta=True)
    def step_clause(self, meta: Meta, children: list[Any]) -> ast.StepRule:
        over = _token(children, "KW_PER_OVER") is not None
        return self._step("over" if over else "under", meta, children)

    def level_range(self, children: list[Token]) -> _PointRange:
        low, high = (number_of(t) for t in children if t.type in ("NUMBER", "POINTS"))
        return _PointRange(low, high)

    def level_share(self, children: list[Token]) -> _PointRange:
        """分值的80%（含）-100% / 60%以下 (from nothing) / 0-60% / 100-80%: which level holds a
        shared end is the evaluator's to say, as a level's range holds both its ends."""
        said = _token(children, "SHARE_OF") is not None
        if _token(children, "KW_BELOW") is not None:
            return _PointRange(Decimal(0), number_of(_tokens(children, "PERCENT")[0]), True, said)
        low, high = self.share_range(children)
        return _PointRange(low, high, True, said)

    @v_args(meta=True)
    def level_score(self, meta: Meta, children: list[Any]) -> ast.Level:
        name = _token(children, "LEVEL_NAME", "LEVEL_START", "MARKED_LEVEL", "LETTERED_LEVEL",
                      "COUNTED_LEVEL")
        points = _token(children, "POINTS")
        ranged = _one(children, _PointRange)
        assert name is not None
        full = _token(children, "KW_FULL_MARKS") is not None
        value = None if full else number_of(points) if points is not None else Decimal(0)
        deducted = _token(children, "KW_DEDUCT") is not None
        # 违规的，此项不得分: 此项 says what scores nothing, it is not part of the case
        text = re.sub(_THIS_ITEM_AFTER, "", str(name).strip()).removesuffix("的")
        mark = re.match(ITEM_MARK, text)  # ①, 1、, (1): the numbering, not the case
        text = text[mark.end():].strip() if mark else text
        letter = re.match(LETTER_MARK, mark.group()) if mark else None  # B. may name the option
        option = letter.group()[0] if letter else ""
        if ranged is not None:
            return ast.Level(text, ranged.high, self.span(meta), deducted, low=ranged.low,
                             share=ranged.share, said=ranged.said, letter=option)
        share = _token(children, "PERCENT")  # 部分达标的得50%: that share of the weight
        if share is not None:
            return ast.Level(text, number_of(share), self.span(meta), share=True, said=True,
                             letter=option)
        return ast.Level(text, value, self.span(meta), deducted, letter=option,
                         condition=self._counted_case(name) if name.type == "COUNTED_LEVEL" else None)

    def _counted_case(self, token: Token) -> ast.Expr:
        """年内新增10名以上注册志愿者: 年内新增注册志愿者 ≥ 10 (以下: ≤), the words around the count
        naming what is counted (the lead before a comma, 能积极做好志愿者招募工作，, left out)."""
        said = _COUNTED.match(str(token))
        assert said is not None  # the terminal is made of these parts
        span = self.token_span(token)
        counted = ast.Reference(said["before"] + said["after"], span)
        op = ">=" if said["word"] in _ABOVE_WORDS else "<="
        return ast.Compare(op, counted, ast.Literal(Decimal(said["number"]), ast.Unit.NUMBER, span), span)

    @v_args(meta=True)
    def lead_in(self, meta: Meta, children: list[Any]) -> ast.Field:
        """以100%为标准 / 田间道路平整畅通，(每发现…): kept with the indicator's descriptive text."""
        required = _token(children, "REQUIREMENT", "SOURCE_NOTE", "STANDARD_LEAD", "COUNTING_NOTE",
                          "BANDS_LEAD")
        text = str(required).strip(",， ") if required is not None else self.span(meta).text
        return ast.note(self.span(meta), text)

    @v_args(meta=True)
    def as_found(self, meta: Meta, children: list[Token]) -> ast.Field:
        return ast.note(self.span(meta), str(children[0]).lstrip(",，;；。 "))

    @v_args(meta=True)
    def numbered_lead(self, meta: Meta, children: list[Token]) -> ast.Field:
        return ast.note(self.token_span(children[0]), str(children[0]))

    @v_args(meta=True)
    def item_number(self, meta: Meta, children: list[Token]) -> ast.ItemNumber:
        return ast.ItemNumber(str(children[0]).strip(), self.span(meta))

    @v_args(meta=True)
    def levels_lead(self, meta: Meta, children: list[Token]) -> ast.Field:
        """现场查看： / 项目立项依据是否充分。 / 编织袋300条、救生衣10件、: kept with the
        indicator's text, the mark after it dropped."""
        return ast.note(self.span(meta), str(children[0]).strip().rstrip(":：。、，,").strip())

    @v_args(meta=True)
    def item_points(self, meta: Meta, children: list[Token]) -> _Then:
        """明确分管内控工作的领导（0.5）及岗位职责（0.5）。1分: the items with their points, and the
        total, which is the weight said again. Items after the first share its verb where they
        open with none (岗位职责: 明确岗位职责)."""
        items = [t for t in children if t.type == "BRACKET_ITEM"]
        total = _token(children, "POINTS")
        assert total is not None
        levels = []
        for item in items:
            written = str(item).strip()
            mark = re.match(ITEM_MARK, written)
            said = _BRACKETED.fullmatch(written[mark.end():].strip() if mark else written)
            assert said is not None  # as BRACKET_ITEM reads it
            levels.append(ast.Level(said[1], Decimal(said[2]), self.token_span(item)))
        verb = next((v for v in SHARED_VERBS if levels[0].name.startswith(v)), "")
        if verb:
            levels[1:] = [level if level.name.startswith(SHARED_VERBS) else
                          attrs.evolve(level, name=verb + level.name) for level in levels[1:]]
        span = self.span(meta)
        return _Then((ast.Judgement(None, tuple(levels), span, span, itemised=True),
                      ast.WeightNote(number_of(total), self.token_span(total))))

    @v_args(meta=True)
    def starred(self, meta: Meta, children: list[Any]) -> ast.Judgement | _Then:
        """内审人员参加了…活动。1分*: the case and its points, which are the weight said again
        (full marks say nothing more)."""
        level, star = _one(children, ast.Level), _token(children, "STARRED")
        assert level is not None and star is not None
        judgement = ast.Judgement(None, (level,), level.span, level.span)
        points = re.search(r"(\d+(?:\.\d+)?)\s*分$", level.span.text)
        if points is None:
            return judgement
        # The note is the points and the star (1分*): the case is kept as text already.
        said = self.cut(self.token_span(star), level.span.end - len(points.group()))
        return _Then((judgement, ast.WeightNote(Decimal(points.group(1)), said)))

    @v_args(meta=True)
    def judgement(self, meta: Meta, children: list[Any]) -> ast.Judgement | _Then:
        fact = _token(children, *_NAMES)
        levels = tuple(c for c in children if isinstance(c, ast.Level))
        case = _one(children, ast.CaseDeduction)  # …，未开展相关工作的视情况扣分
        then = _one(children, ast.Deduction) or (attrs.evolve(case, of_cases=True) if case else None)
        last = levels[-1].span  # the levels end where the deduction after them begins
        span = self.span(meta) if then is None else attrs.evolve(
            self.span(meta), end_line=last.end_line, end_column=last.end_column, end=last.end)
        after = isinstance(then, ast.Deduction)
        said = _token(children, "ITEMS_SCORED")
        itemized = None if said is None else self.token_span(said)
        if fact is None:  # the levels alone: the indicator itself is judged
            judgement = ast.Judgement(None, levels, span, levels[0].span, deduction_after=after,
                                      itemized=itemized)
        else:
            judgement = ast.Judgement(name_of(fact), levels, span, self.token_span(fact),
                                      labelled=_token(children, "KW_JUDGE") is None,
                                      deduction_after=after, itemized=itemized)
        return judgement if then is None else _Then((judgement, then))

    @v_args(meta=True)
    def respective(self, meta: Meta, children: list[Token]) -> ast.Judgement | _Lapses:
        """好、中、差，分别扣0、2、4分: levels (扣0 says one of them is full marks); 未建立制度、
        未公示，分别扣2分、1分: lapses, each costing its points once; 分别得…: cases with points."""
        listed = _token(children, "LEVEL_LIST")
        assert listed is not None
        names = [name.removesuffix("的") for name in re.split("[、，,]", str(listed))]
        intro = max((names[0].rfind(word) + len(word) for word in LIST_INTRO if word in names[0]),
                    default=0)
        names[0] = names[0][intro:] or names[0]
        amounts = [number_of(t) for t in children if t.type in ("NUMBER", "POINTS")]
        span = self.span(meta)
        if len(names) != len(amounts):
            return ast.Judgement(None, (), span, span, unpaired=(len(names), len(amounts)))
        deduct = _token(children, "KW_DEDUCT") is not None
        if deduct and all(amounts):
            return _Lapses(tuple(ast.Deduction(Decimal(1), name, cost, True, span, span, most=cost)
                                 for name, cost in zip(names, amounts, strict=True)))
        return ast.Judgement(None, tuple(ast.Level(name, cost, span, deduct)
                                         for name, cost in zip(names, amounts, strict=True)),
                             span, span)

    @v_args(meta=True)
    def case_deduction(self, meta: Meta, children: list[Token]) -> ast.CaseDeduction:
        case, most = _token(children, "CASE_PHRASE"), _token(children, "POINTS")
        assert case is not None
        return ast.CaseDeduction(str(case).strip().removesuffix("的"),
                                 number_of(most) if most is not None else None, self.span(meta),
                                 self.token_span(case))

    @v_args(meta=True)
    def discretion(self, meta: Meta, children: list[Any]) -> ast.Discretion:
        fact = self._name(children)
        low, high = (number_of(t) for t in children
                     if isinstance(t, Token) and t.type in ("NUMBER", "POINTS"))
        deduct = _token(children, "KW_DISCRETION_DEDUCT") is not None
        return ast.Discretion(name_of(fact), deduct, low, high, self.span(meta),
                              self.token_span(fact))

    @v_args(meta=True)
    def case_discretion(self, meta: Meta, children: list[Any]) -> ast.CaseDiscretion:
        most = _token(children, "POINTS")
        return ast.CaseDiscretion(_one(children, ast.Level),  # None: no case written first
                                  number_of(most) if most is not None else None, self.span(meta))

    @v_args(meta=True)
    def deviation(self, meta: Meta, children: list[Any]) -> ast.Deviation:
        actual = _token(children, "NAME_BEFORE_WITH", "QUOTED_NAME")
        names = [c for c in children if isinstance(c, Token)
                 and c.type in ("NAME_BEFORE_WITH", "NAME_BEFORE_DIFFERENCE", "QUOTED_NAME")]
        assert actual is not None and len(names) == 2
        planned = names[1]
        overrun = _token(children, "KW_PER_OVER", "OVERRUN_LEAD") is not None
        direction = "over" if overrun else \
            "under" if _token(children, "KW_PER_UNDER") else "both"
        return ast.Deviation(name_of(actual), name_of(planned), self._step(direction, meta, children),
                             self.span(meta), self.token_span(actual), self.token_span(planned))

    @v_args(meta=True)
    def level_steps(self, meta: Meta, children: list[Any]) -> ast.ScoreRule:
        """出生人口性别比与去年持平扣0.1分，每高0.1个比点加扣0.1分, as the formula it is:
        分值 − (如果 甲 < 乙 则 0分 否则 0.1分 + (甲 − 乙)/0.1×0.1分). 与去年 compares with the
        same value a year before (去年出生人口性别比)."""
        first, other = _token(children, "NAME_BEFORE_LEVEL"), _token(children, "NAME_LEVEL_OF")
        assert first is not None and other is not None
        level, more = (number_of(t) for t in _tokens(children, "POINTS"))
        step: _Amount = _one(children, _Amount)
        span = self.span(meta)
        actual = ast.Reference(name_of(first), self.token_span(first))
        named = f"{other}{first}" if str(other) in EARLIER else name_of(other)
        base = ast.Reference(named, self.token_span(other))

        def points(value: Decimal) -> ast.Literal:
            return ast.Literal(value, ast.Unit.POINTS, span)

        # 甲/1% − 乙/1%: each value beside the step, so that a step in 百分点 makes both rates
        # (a fact given as 3 rather than 3% is refused, not read as 300%)
        size = ast.Literal(step.value, ast.Unit.PERCENT if step.in_percent else ast.Unit.NUMBER, span)
        beyond = ast.Group(ast.Binary("-", ast.Binary("/", actual, size, span),
                                      ast.Binary("/", base, size, span), span), span)
        lost = ast.Conditional(ast.Compare("<", actual, base, span), points(Decimal(0)),
                               ast.Binary("+", points(level), ast.Binary("×", beyond, points(more), span),
                                          span), span)
        weight = ast.Reference(WEIGHT_NAME, span)
        return ast.ScoreRule(ast.Binary("-", weight, ast.Group(lost, span), span), (), span)

    @v_args(meta=True)
    def compared_steps(self, meta: Meta, children: list[Any]) -> ast.ComparedSteps:
        actual, planned = _token(children, "NAME_BEFORE_SHORT"), _token(children, "NAME_SHORT_OF")
        assert actual is not None and planned is not None
        # The step is read to a number already: whether it was said in 百分点 is in the text.
        apart = any(word in self.span(meta).text for word in PERCENT_POINT_WORDS)
        return ast.ComparedSteps(str(actual), str(planned), self._step("under", meta, children),
                                 apart,
                                 self.span(meta), self.token_span(actual), self.token_span(planned))

    @v_args(meta=True)
    def compared_target(self, meta: Meta, children: list[Any]) -> ast.Compared:
        """受益人口达到计划数的得3分，未达到的按…计算: the first clause up to the stop, the case
        left after it (its comparison, the values it names again, what it scores)."""
        stop = next(at for at, c in enumerate(children)
                    if isinstance(c, Token) and c.type == "VERSUS_SEP")
        first, rest = children[:stop], children[stop + 1:]
        subject, other = _token(first, "VERSUS_SUBJECT"), _token(first, "VERSUS_OTHER")
        word, again = _token(first, "VERSUS_WORD"), _token(rest, "VERSUS_WORD")
        assert subject is not None and other is not None and word is not None and again is not None
        met, per = _token(first, "POINTS"), _token(rest, "KW_PER_OVER", "KW_PER_UNDER")
        # 得2分 / 不得分 after the second comparison (a step's 扣0.1分 is the step's)
        earned = _token(rest, "POINTS") if per is None else None
        unmet = number_of(earned) if earned is not None else \
            Decimal(0) if _token(rest, "KW_NO_SCORE", "KW_THIS_ZERO") is not None else None
        said_subject, said_other = _token(rest, "VERSUS_AGAIN"), _token(rest, "VERSUS_OTHER")
        said = [t for t in (said_subject, again, said_other) if t is not None]
        again_span = _through(self.token_span(said[0]), self.token_span(said[-1]))
        step = None if per is None else attrs.evolve(
            self.step_clause(meta, rest), span=_through(self.token_span(per), self.span(meta)))
        formulas = _exprs(rest)
        return ast.Compared(
            name_of(subject), self.token_span(subject), compared_op(str(word)), str(other),
            self.token_span(other), number_of(met) if met is not None else None,
            compared_op(str(again)), str(said_subject) if said_subject is not None else None,
            str(said_other) if said_other is not None else None, again_span, self.span(meta),
            unmet=unmet,
            formula=formulas[0] if formulas else None, step=step,
            proportional=_token(rest, "KW_PROPORTIONAL", "KW_PROPORTIONAL_LOSS",
                                "KW_BY_COMPLETION") is not None,
            points_apart=step is not None and any(word in step.span.text
                                                  for word in PERCENT_POINT_WORDS))

    @v_args(meta=True)
    def proportion(self, meta: Meta, children: list[Any]) -> ast.Proportion:
        subject = _token(children, "NAME_BEFORE_COMPARED")
        base, again = _tokens(children, "NAME_BEFORE_PROPORTION")
        assert subject is not None
        return ast.Proportion(str(subject), str(base), str(again), self.span(meta),
                              self.token_span(subject), self.token_span(base))

    def band_compare(self, children: list[Any]) -> tuple[ast.Bound | None, ast.Bound | None] | _Chain:
        op = _OPERATORS.get(str(children[0]), str(children[0]))
        bound: ast.Bound = _one(children, ast.Bound)
        if op == "==":
            return self.band_equal(children)
        if op == "!=":
            return _Chain(None, None, None, True, unequal=True)
        # A written （含）/（不含） wins over the sign's own: ≤90%（不含） stops short of 90%.
        inclusive = bound.inclusive if bound.marked else op in (">=", "<=")
        if op in (">", ">="):
            return (attrs.evolve(bound, inclusive=inclusive), None)
        assert op in ("<", "<="), op  # every sign the grammar lets through is spelled above
        return (None, attrs.evolve(bound, inclusive=inclusive))

    # ---- indicators
    @v_args(meta=True)
    def indicator(self, meta: Meta, children: list[Any]) -> ast.Indicator:
        level = _token(children, "KW_LEVEL")
        name = self._name(children)
        assert level is not None
        children = [rule for c in children
                    for rule in (c.rules if isinstance(c, (_Lapses, _Then, _Defined)) else (c,))]
        body = tuple(c for c in children if isinstance(
            c, (ast.Field, ast.ItemNumber, ast.Metric, ast.ScoreRule, ast.Deduction, ast.Checklist,
                ast.BandRule, ast.Deviation, ast.Judgement, ast.Discretion, ast.Target, ast.CaseDiscretion,
                ast.ByCompletion, ast.ChoiceNote, ast.WeightNote, ast.PenaltyCap, ast.ScoredBy,
                ast.BonusDiscretion, ast.Respectively, ast.CaseDeduction, ast.Proportion, ast.Compared,
                ast.ComparedSteps, ast.BonusCap, ast.LapsesInTurn, ast.UnanchoredSteps, ast.ShareRanges,
                ast.Directed, ast.ComparedLapse, ast.Veto, ast.Exemption, ast.Elements, ast.Deadline,
                ast.Choice, ast.Check, ast.Indicator)))
        body = tuple(attrs.evolve(item, subject=name_of(name))
                     if isinstance(item, ast.BandRule) and item.subject == UNNAMED else item
                     for item in body)
        points, share = _one(children, tuple)
        return ast.Indicator(str(level), name_of(name), points, body, self.span(meta),
                             self.token_span(name), share)

    def weight(self, children: list[Token]) -> tuple[Decimal, Decimal | None]:
        points, share = _token(children, "POINTS"), _token(children, "PERCENT")
        assert points is not None
        return (number_of(points), number_of(share) if share is not None else None)

    @v_args(meta=True)
    def field(self, meta: Meta, children: list[Token]) -> ast.Field:
        label, text = _token(children, "NAME"), _token(children, "STRING")
        assert label is not None and text is not None
        return ast.Field(str(label), string_of(text), self.span(meta))

    @v_args(meta=True)
    def metric(self, meta: Meta, children: list[Any]) -> ast.Metric:
        return ast.Metric(name_of(self._name(children)), _exprs(children)[-1], self.span(meta))

    @v_args(meta=True)
    def score_rule(self, meta: Meta, children: list[Any]) -> ast.ScoreRule:
        limits = tuple(c for c in children if isinstance(c, ast.Limit))
        return ast.ScoreRule(_exprs(children)[0], limits, self.span(meta),
                             bracketed=_token(children, "EQUALS", "KW_BY_FORMULA") is None,
                             value_cap=_one(children, ast.ValueCap))

    @v_args(meta=True)
    def directed(self, meta: Meta, children: list[Any]) -> ast.Directed:
        case = _token(children, "DIRECTION_CASE")
        assert case is not None
        said = str(case).strip().rstrip("，,则").strip()
        # The kind is the word the case ends with, before the sign of its target in brackets.
        kind = re.sub(r"[(（][^()（）]*[)）]$", "", said)
        limits = tuple(c for c in children if isinstance(c, ast.Limit))
        rule = ast.ScoreRule(_exprs(children)[0], limits, self.span(meta))
        return ast.Directed(kind.endswith(DIRECTIONS[0]), rule, said, self.span(meta))

    @v_args(meta=True)
    def limit(self, meta: Meta, children: list[Any]) -> ast.Limit:
        kind, threshold, value = _one(children, tuple)
        return ast.Limit(kind, threshold, value, self.span(meta))

    @v_args(meta=True)
    def value_cap(self, meta: Meta, children: list[Token]) -> ast.ValueCap:
        """超过100%的按100%计算: the value read above the first number is the second."""
        beyond, taken = (ast.Literal(number_of(t), ast.Unit.PERCENT if t.type == "PERCENT"
                                     else ast.Unit.NUMBER, self.token_span(t))
                         for t in children if t.type in ("PERCENT", "NUMBER"))
        return ast.ValueCap(beyond, taken, self.span(meta))

    def limit_over(self, children: list[Token]) -> tuple[str, Decimal, Decimal]:
        threshold, value = (number_of(t) for t in _tokens(children, "POINTS"))
        return ("over", threshold, value)

    def limit_under(self, children: list[Token]) -> tuple[str, Decimal, Decimal]:
        threshold, value = (number_of(t) for t in _tokens(children, "POINTS"))
        return ("under", threshold, value)

    def limit_most(self, children: list[Token]) -> tuple[str, Decimal | None, Decimal | None]:
        points = _token(children, "POINTS")
        most = number_of(points) if points is not None else None  # None: the weight itself
        return ("over", most, most)

    @v_args(meta=True)
    def deduction(self, meta: Meta, children: list[Any]) -> ast.Deduction:
        per = _token(children, "NUMBER")
        first = _token(children, "FIRST_COUNT")
        if first is not None and first.isdigit():
            per = first  # 2处杂物扣1分; 一处 is one
        fact = _token(children, "OCCURRENCE_NAME", "QUOTED_NAME")
        lead = _token(children, "OCCURRENCE_LEAD", "COMPARED_LEAD", "EACH_LEAD")
        # 每少开展一次活动: the lead says what of the thing named after the count (少开展活动);
        # a counting verb alone, or after words of time or place (发现1户农户未签字, 少1个小组照片,
        # 年内新增1个内设机构), says nothing of it.
        verbs, words = tuple(OCCURRENCE_VERBS), str(lead or "").removeprefix(EACH)
        said = words.startswith(verbs) or not words.endswith(verbs)
        # 安全检查每发现一处隐患扣1分: before 每, with a name after the count, it is only where
        # (the count is of 隐患)
        before = _counted(lead) if lead is not None and said and words not in verbs \
            and lead.type != "EACH_LEAD" else ""
        closed = lead is not None and _token(children, "KW_OF") is not None
        if (fact is None or closed) and lead is not None and str(lead) not in OCCURRENCE_VERBS:
            # 未落实的，每次扣1分: what is counted is said before the count; 存在不符合标准的，
            # 1个项目扣1分: the case closed by 的 is counted, the name after the count says
            # what each one is.
            fact, before = lead, ""
        options: dict[str, Decimal | None] = dict(c for c in children if isinstance(c, tuple))
        whole = _token(children, "KW_NO_SCORE") is not None  # 每缺一项不计分: the weight, later
        return ast.Deduction(
            number_of(per) if per is not None else Decimal(1),  # 每发现一处: one
            before + _counted(fact) if fact is not None else None,
            Decimal(0) if whole else _one(children, Decimal),
            "KW_UNTIL_ZERO" in options, self.span(meta),
            self.token_span(fact) if fact is not None else None,
            add=_token(children, "KW_ADD", "EARN_EACH") is not None,  # 每篇得0.5分: as 加
            most=options.get("KW_DEDUCT_UP_TO") or options.get("KW_ADD_UP_TO"), whole=whole)

    @v_args(meta=True)
    def formula_lead(self, meta: Meta, children: list[Any]) -> ast.Field:
        return ast.note(self.span(meta))

    @v_args(meta=True)
    def weight_note(self, meta: Meta, children: list[Any]) -> ast.WeightNote:
        return ast.WeightNote(_points(children), self.span(meta))

    @v_args(meta=True)
    def weighted_label(self, meta: Meta, children: list[Token]) -> ast.WeightNote:
        """污水集中处理率（2分）：: the points are the weight said again."""
        points = re.search(r"\d+(?:\.\d+)?(?=\s*分)", str(children[0]))
        assert points is not None
        return ast.WeightNote(Decimal(points.group()), self.span(meta))

    @v_args(meta=True)
    def stop_note(self, meta: Meta, children: list[Any]) -> ast.WeightNote | ast.Field:
        points = _token(children, "POINTS")
        if points is None:
            return ast.note(self.span(meta))
        return ast.WeightNote(number_of(points), self.span(meta))

    @v_args(meta=True)
    def scored_by(self, meta: Meta, children: list[Any]) -> ast.ScoredBy:
        subject = _token(children, "SUBJECT_BY")
        assert subject is not None
        limits = tuple(c for c in children if isinstance(c, ast.Limit))
        return ast.ScoredBy(name_of(subject), self.token_span(subject), _exprs(children)[0], limits,
                            self.span(meta))

    @v_args(meta=True)
    def bonus_case(self, meta: Meta, children: list[Any]) -> ast.Field:
        case = _token(children, "BONUS_CASE")
        assert case is not None
        return ast.note(self.span(meta), str(case))

    @v_args(meta=True)
    def bonus_discretion(self, meta: Meta, children: list[Any]) -> ast.BonusDiscretion:
        most = _token(children, "POINTS")
        return ast.BonusDiscretion(number_of(most) if most is not None else None, self.span(meta))

    @v_args(meta=True)
    def elements(self, meta: Meta, children: list[ast.Element]) -> ast.Elements:
        return ast.Elements(tuple(children), self.span(meta))

    @v_args(meta=True)
    def element(self, meta: Meta, children: list[Token]) -> ast.Element:
        named = _token(children, "ELEMENT_NAME", "ELEMENT_REST")
        worth = _token(children, "PERCENT", "NUMBER")
        assert named is not None and worth is not None
        unit = ast.Unit.PERCENT if worth.type == "PERCENT" else ast.Unit.NUMBER
        return ast.Element(str(named), ast.Literal(number_of(worth), unit, self.token_span(worth)),
                           _token(children, "ELEMENT_HAVE") is None, self.span(meta))

    @v_args(meta=True)
    def unanchored_steps(self, meta: Meta, children: list[Any]) -> ast.UnanchoredSteps:
        subject = _token(children, "UNANCHORED_SUBJECT")
        assert subject is not None
        return ast.UnanchoredSteps(str(subject).replace("“", "").replace("”", ""), self.span(meta))

    @v_args(meta=True)
    def share_ranges(self, meta: Meta, children: list[Any]) -> ast.ShareRanges | ast.Judgement:
        ranges = tuple(c for c in children if isinstance(c, tuple))
        tiers = _token(children, "TIER_NAMES")
        written = ast.ShareRanges(ranges, self.span(meta))
        if tiers is None or not written.whole:  # a gap or an overlap is refused as without names
            return written
        # 分为甲、乙、丙三档，分别按照…分值区间: levels, each scored in its range of the weight.
        names, said = _tiers(str(tiers))
        span = written.span
        levels = tuple(ast.Level(name, high, span, low=low, share=True, said=True)
                       for name, (low, high) in zip(names, ranges, strict=False))
        return ast.Judgement(
            None, levels, span, span,
            unpaired=(len(names), len(ranges)) if len(names) != len(ranges) else None,
            miscounted=(said, len(names)) if said != len(names) else None)

    def share_range(self, children: list[Token]) -> tuple[Decimal, Decimal]:
        """100-80%（含80%）: the ends either way round; a bare end is a percent as the other is."""
        ends = [number_of(t) if t.type == "PERCENT" else Decimal(str(t)) / 100
                for t in children if t.type in ("NUMBER", "PERCENT")]
        return min(ends), max(ends)

    @v_args(meta=True)
    def weight_cap_note(self, meta: Meta, children: list[Token]) -> ast.Field:
        return ast.note(self.span(meta), self.span(meta).text.rstrip(",，、 "))

    @v_args(meta=True)
    def respectively(self, meta: Meta, children: list[Any]) -> ast.Respectively:
        return ast.Respectively(self.span(meta))

    @v_args(meta=True)
    def bonus_cap_all(self, meta: Meta, children: list[Any]) -> ast.BonusCap:
        return ast.BonusCap(_points(children), self.span(meta))

    @v_args(meta=True)
    def penalty_cap(self, meta: Meta, children: list[Any]) -> ast.PenaltyCap:
        return ast.PenaltyCap(_points(children), self.span(meta))

    @v_args(meta=True)
    def choice_note(self, meta: Meta, children: list[Any]) -> ast.ChoiceNote:
        return ast.ChoiceNote(self.span(meta))

    def bonus_cap(self, children: list[Token]) -> tuple[str, Decimal]:
        return ("KW_ADD_UP_TO", _points(children))

    @v_args(meta=True)
    def delay(self, meta: Meta, children: list[Any]) -> ast.Deduction:
        """每延迟拨付1天扣1分: every day 拨付 is late costs a point; the fact counts the days."""
        per, points = _token(children, "NUMBER"), _token(children, "POINTS")
        verb, delayed = _token(children, "KW_PER_DELAY"), _token(children, "DELAYED")
        lead = _token(children, "DELAY_LEAD")
        assert verb is not None and points is not None
        fact = (str(verb).removeprefix("每") + str(delayed) if delayed is not None
                else str(lead) if lead is not None else None)
        named = delayed or lead
        options: dict[str, Decimal | None] = dict(c for c in children if isinstance(c, tuple))
        return ast.Deduction(number_of(per) if per is not None else Decimal(1), fact,
                             number_of(points), "KW_UNTIL_ZERO" in options, self.span(meta),
                             self.token_span(named) if named is not None else None,
                             most=options.get("KW_DEDUCT_UP_TO"))

    @v_args(meta=True)
    def deadline(self, meta: Meta, children: list[Any]) -> ast.Deadline:
        """5月31日前完成…得10分，每提前或推迟1天加扣1分: the date 完成 was done (完成日期)."""
        date, task = _token(children, "MONTH_DAY", "DATE"), _token(children, "DEADLINE_TASK")
        unit, per = _token(children, "KW_TIME_UNIT"), _token(children, "NUMBER")
        assert date is not None and task is not None and unit is not None
        *_, month, day = (int(part) for part in re.findall(r"\d+", str(date)))
        written = date_of(date) if date.type == "DATE" else None
        earned, cost = (number_of(t) for t in _tokens(children, "POINTS")[:2])
        verb = next(v for v in DEADLINE_VERBS if str(task).startswith(v))
        options: dict[str, Decimal | None] = dict(c for c in children if isinstance(c, tuple))
        return ast.Deadline(month, day, written, verb + DATE_WORD, self.token_span(task), earned,
                            number_of(per) if per is not None else Decimal(1), str(unit), cost,
                            _token(children, "KW_PER_EARLY_OR_LATE") is not None,
                            options.get("KW_DEDUCT_UP_TO"), self.span(meta))

    @v_args(meta=True)
    def by_completion(self, meta: Meta, children: list[Any]) -> ast.ByCompletion:
        return ast.ByCompletion(self.span(meta))

    def cost(self, children: list[Token]) -> Decimal:
        return Decimal(1) if children[0].type == "KW_ONE_POINT" else number_of(children[0])

    def bonuses(self, children: list[Any]) -> _Lapses:
        return _Lapses(tuple(c for c in children if isinstance(c, ast.Deduction)))

    def lapses(self, children: list[Any]) -> _Lapses:
        # 资料齐全得12分，一处杂物扣1分: the first case says what full marks look like; as a level
        # of its own, the wording pass keeps it as text (or refuses it short of the weight).
        first = [ast.Judgement(None, (level,), level.span, level.span)
                 for level in children if isinstance(level, ast.Level)]
        return _Lapses((*first, *(rule for c in children
                                  if isinstance(c, ast.Deduction | ast.Judgement | ast.CaseDiscretion
                                                   | ast.LapsesInTurn | ast.ComparedLapse)
                                  for rule in (_each(c) if isinstance(c, ast.Deduction) else (c,)))))

    @v_args(meta=True)
    def compared_lapse(self, meta: Meta, children: list[Any]) -> ast.ComparedLapse:
        """专职人员少于2人扣2分: the number named, the comparison and the points it costs."""
        token = _token(children, "COMPARED_LAPSE")
        assert token is not None
        said = _COMPARED.match(str(token))
        assert said is not None  # the terminal is made of these words
        span = self.token_span(token)
        number = Decimal(1) if said["number"] == "一" else Decimal(said["number"])
        subject_span = _head(span, len(said["name"]))
        return ast.ComparedLapse(said["name"], _COMPARED_OPS[said["word"]],
                                 ast.Bound(number, True, span, unit=said["unit"]),
                                 _one(children, Decimal), self.span(meta), subject_span)

    @v_args(meta=True)
    def zeroing_lapse(self, meta: Meta, children: list[Any]) -> ast.Judgement:
        """发生火灾事故，全部扣完: a case scoring nothing, which the wording pass reads as a lapse
        costing the whole weight (as 超龄的不得分)."""
        lapse = _token(children, "LAPSE")
        assert lapse is not None
        level = ast.Level(_counted(lapse), Decimal(0), self.span(meta))
        return ast.Judgement(None, (level,), level.span, self.token_span(lapse))

    @v_args(meta=True)
    def counted_range(self, meta: Meta, children: list[Any]) -> ast.CaseDiscretion:
        """每出现一次险情将扣除4-10分: the evaluator's deduction in all, from the whole weight: none,
        or at least the lower end (one occurrence) and at most the weight."""
        low = [t for t in children if isinstance(t, Token) and t.type in ("NUMBER", "POINTS")][-2]
        return ast.CaseDiscretion(None, None, self.span(meta), least=number_of(low))

    @v_args(meta=True)
    def lapses_in_turn(self, meta: Meta, children: list[Any]) -> ast.LapsesInTurn:
        """如发现渠道未除杂草，涵闸堵塞将依次扣除4分、2分: the clauses of the lapse, each a lapse."""
        lapse = _token(children, "LAPSE")
        assert lapse is not None
        text = str(lapse)
        text = next((text.removeprefix(w) for w in IF_FOUND if text.startswith(w)), text)
        names = tuple(part.strip() for part in re.split("[,，、]", text) if part.strip())
        return ast.LapsesInTurn(names, tuple(number_of(t) for t in _tokens(children, "POINTS")),
                                _token(children, "KW_ADD") is not None, self.span(meta),
                                self.token_span(lapse))

    @v_args(meta=True)
    def ranged_lapse(self, meta: Meta, children: list[Any]) -> ast.CaseDiscretion:
        """记录不详将扣除1-10分: the evaluator deducts 1 to 10 points, or none where the lapse is
        not found; the indicator is the fact, as with 否则酌情扣分."""
        low, high = (number_of(t) for t in children
                     if isinstance(t, Token) and t.type in ("NUMBER", "POINTS"))
        return ast.CaseDiscretion(None, high, self.span(meta), least=low)

    @v_args(meta=True)
    def lapse(self, meta: Meta, children: list[Any]) -> ast.Deduction:
        """未召开年度工作会议扣2分: 每出现一次 that lapse, 2 points, at most once (加2分: a merit)."""
        lapse = _token(children, "LAPSE")
        assert lapse is not None
        cost = _one(children, Decimal)
        each = _token(children, "PER_UNIT") is not None  # 扣0.5分/例: for every one
        return ast.Deduction(Decimal(1), _counted(lapse), cost, True, self.span(meta),
                             self.token_span(lapse), add=_token(children, "KW_ADD") is not None,
                             most=None if each else cost)

    @v_args(meta=True)
    def checklist(self, meta: Meta, children: list[Any]) -> ast.Checklist:
        items = tuple(c for c in children if isinstance(c, ast.CheckItem))
        return ast.Checklist(items, self.span(meta))

    @v_args(meta=True)
    def check_item(self, meta: Meta, children: list[Any]) -> ast.CheckItem:
        description = _token(children, "STRING")
        conditions = _exprs(children)
        points, _ = _one(children, tuple)
        return ast.CheckItem(
            name=name_of(self._name(children)),
            points=points,
            description=string_of(description) if description is not None else None,
            condition=conditions[0] if conditions else None,
            span=self.span(meta),
        )

    # ---- expressions
    @v_args(meta=True)
    def if_expr(self, meta: Meta, children: list[Any]) -> ast.Conditional:
        condition, then, otherwise = _exprs(children)
        return ast.Conditional(condition, then, otherwise, self.span(meta))

    @v_args(meta=True)
    def or_op(self, meta: Meta, children: list[Any]) -> ast.Logical:
        left, right = _exprs(children)
        return ast.Logical("或", left, right, self.span(meta))

    @v_args(meta=True)
    def and_op(self, meta: Meta, children: list[Any]) -> ast.Logical:
        left, right = _exprs(children)
        return ast.Logical("且", left, right, self.span(meta))

    @v_args(meta=True)
    def not_op(self, meta: Meta, children: list[Any]) -> ast.Not:
        return ast.Not(_exprs(children)[0], self.span(meta))

    @v_args(meta=True)
    def compare(self, meta: Meta, children: list[Any]) -> ast.Compare:
        left, right = _exprs(children)
        op = _token(children, "COMPARE_OP", "EQUALS")
        assert op is not None
        return ast.Compare(_OPERATORS.get(str(op), str(op)), left, right, self.span(meta))

    @v_args(meta=True)
    def binary(self, meta: Meta, children: list[Any]) -> ast.Binary:
        left, right = _exprs(children)
        op = _token(children, "PLUS", "MINUS", "TIMES", "DIVIDE")
        assert op is not None
        if op.type == "DIVIDE" and isinstance(right, ast.Reference):
            # 实际完成量/目标任务的比值: the ratio of the two, the divisor named without the words
            ratio = next((word for word in RATIO_WORDS
                          if right.name.endswith(word) and right.name != word), "")
            right = attrs.evolve(right, name=right.name.removesuffix(ratio))
        return ast.Binary(_OPERATORS[op.type], left, right, self.span(meta))

    @v_args(meta=True)
    def negate(self, meta: Meta, children: list[Any]) -> ast.Negate:
        return ast.Negate(_exprs(children)[0], self.span(meta))

    @v_args(meta=True)
    def number(self, meta: Meta, children: list[Token]) -> ast.Literal:
        return ast.Literal(number_of(children[0]), ast.Unit.NUMBER, self.span(meta))

    @v_args(meta=True)
    def date(self, meta: Meta, children: list[Token]) -> ast.Literal:
        return ast.Literal(date_of(children[0]), None, self.span(meta))

    @v_args(meta=True)
    def percent(self, meta: Meta, children: list[Token]) -> ast.Literal:
        return ast.Literal(number_of(children[0]), ast.Unit.PERCENT, self.span(meta))

    @v_args(meta=True)
    def points(self, meta: Meta, children: list[Token]) -> ast.Literal:
        return ast.Literal(number_of(children[0]), ast.Unit.POINTS, self.span(meta))

    @v_args(meta=True)
    def string(self, meta: Meta, children: list[Token]) -> ast.Literal:
        return ast.Literal(string_of(children[0]), None, self.span(meta))

    @v_args(meta=True)
    def true(self, meta: Meta, children: list[Token]) -> ast.Literal:
        return ast.Literal(True, None, self.span(meta))

    @v_args(meta=True)
    def false(self, meta: Meta, children: list[Token]) -> ast.Literal:
        return ast.Literal(False, None, self.span(meta))

    @v_args(meta=True)
    def reference(self, meta: Meta, children: list[Token]) -> ast.Reference:
        return ast.Reference(name_of(children[0]), self.span(meta))

    @v_args(meta=True)
    def capped(self, meta: Meta, children: list[Any]) -> ast.Conditional:
        """完成率（超过100%以100%计算）: 如果 完成率 > 100% 则 100% 否则 完成率."""
        name = self._name(children)
        value = ast.Reference(name_of(name), self.token_span(name))
        beyond, taken = (ast.Literal(number_of(t), ast.Unit.PERCENT if t.type == "PERCENT"
                                     else ast.Unit.NUMBER, self.token_span(t))
                         for t in _tokens(children, "PERCENT") + _tokens(children, "NUMBER"))
        op = ">" if _token(children, "KW_OVER") is not None else "<"
        span = self.span(meta)
        return ast.Conditional(ast.Compare(op, value, beyond, span), taken, value, span)

    @v_args(meta=True)
    def group(self, meta: Meta, children: list[Any]) -> ast.Group:
        return ast.Group(_exprs(children)[0], self.span(meta))

    @v_args(meta=True)
    def absolute(self, meta: Meta, children: list[Any]) -> ast.Call:
        """|实际值-目标值| is 绝对值(实际值-目标值)."""
        bar = _token(children, "BAR")
        assert bar is not None
        return ast.Call("绝对值", tuple(_exprs(children)), self.span(meta), self.token_span(bar))

    @v_args(meta=True)
    def call(self, meta: Meta, children: list[Any]) -> ast.Call | ast.Reference:
        name = _token(children, "NAME")
        assert name is not None
        args = _exprs(children)
        if str(name) not in BY_NAME and len(args) == 1 and isinstance(args[0], ast.Reference) \
                and _LETTER_LABEL.fullmatch(args[0].name):
            # 实际完成值(B)/年初目标值(A): the letter labels the value, as tables print them
            return ast.Reference(str(name), self.token_span(name))
        return ast.Call(str(name), tuple(_exprs(children)), self.span(meta),
                        self.token_span(name))
