"""Rule text -> syntax tree. The Lark parser is built once; its failures become diagnostics."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.resources
import io
import os
import pickle
import re
import stat
import sys
from collections.abc import Collection
from contextvars import ContextVar
from decimal import Decimal
from pathlib import Path

import attrs
import lark
from lark import (
    Lark,
    Token,
    Tree,
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
)

from . import ast, display, numbers
from .errors import Diagnostic, RuleSyntaxError
from .keywords import (
    ALL_ABOVE,
    ANY_ONE,
    BELOW_NOTHING,
    BOXES,
    COUNT_COMPARED,
    INSPECTIONS,
    ITEM_MARK,
    KEYWORDS,
    LETTER_MARK,
    ON_TOP,
    TARGET_UNMET,
    VERB_ENDED,
    grammar_terminals,
    keyword_prefix,
    spellings_of,
)
from .source import Source, Span, point
from .transformer import ToAst, date_of, number_of

GRAMMAR_FILE = "evalrules.lark"
# Limits that keep every later stage (all recursive over the tree) far from Python's own.
MAX_SOURCE_CHARS = 2_000_000
MAX_DEPTH = 120
MAX_INDICATORS = 20_000
_LETTERS = re.compile(r"[^\W\d]+")
_OPTION = re.compile(rf"{LETTER_MARK}([^;；。}}｝\n]*)")  # D.不符合要求，项目不可行
# 优□良□中□差□: two levels or more, each a box after it, and no number after the last
# (or □好□较好□一般□差: the box before each)
# (never opening with blanks: searched along a line, a run of them is then scanned once, not at each)
_BOXED_LEVELS = re.compile(rf"(?:[{BOXES}]\s*)?(?:[^\W\d{BOXES}]{{1,8}}\s*[{BOXES}]\s*){{2,}}"
                           rf"(?:[^\W\d{BOXES}]{{1,8}})?(?![\s{BOXES}]*[\d(（〔])")
# 已完成项目、在建项目、未启动项目分值系数分别为1、0.5和0: coefficients with no formula
_COEFFICIENTS = re.compile(r"(?:分值)?系数(?:分别)?为\s*\d[\d.]*(?:\s*[、，,和及]\s*\d[\d.]*)*")
# 选择其中适用的两项，按各自完成比例平均计分: some of the items chosen, then averaged
_CHOSEN_AVERAGE = re.compile(r"选择?其中[^，,。；;]{0,12}项[，,]?[^，,。；;]{0,20}平均(?:计分|得分|计算)")
# 前5名, 11名以后: places in a ranking
_RANKS = re.compile(r"前\s*\d+\s*名|(?<!\d)\d+\s*名(?:以后|之后|以外|及以后)")
_BOXED_EXAMPLE = "优5分，良4分，中3分，差0分，或 □张贴于入口（3分）□未张贴（0分）"

# What each terminal is, in the words of a policy author, for "expected …" messages.
_TERMINAL_WORDS = {
    "NAME": "名称", "QUOTED_NAME": "「名称」", "BAND_NAME": "名称", "NAME_BEFORE_WITH": "名称",
    "NAME_BEFORE_DIFFERENCE": "名称", "LEVEL_NAME": "等级（如 充分得3分）",
    "LEVEL_START": "等级（如 充分得3分）", "LEVEL_SEP": "；", "LEVELS_LEAD": "等级前的说明（如 现场查看：）",
    "LEAD_LABEL": "说明（如 查看报送材料：）", "BRACKET_ITEM": "带分值的一项（如 岗位职责（0.5））",
    "ITEM_JOIN": "及",
    "OPTION_MARK": "选项的字母（如 B.）",
    "STARRED": "满分后的 *（如 3分*）",
    "LETTERED_LEVEL": "字母编号的选项（如 B.基本符合要求，6-8分）",
    "REQUIRED_ITEMS": "要求的物品（如 编织袋300条、救生衣10件）",
    "WEIGHTED_LABEL": "指标名称和分值（如 污水集中处理率（2分）：）",
    "LEVEL_LIST": "分别计分的情形（如 好、中、差）", "LIST_AND": "和",
    "BAND_SEP": "；", "STRING": "“说明文字”",
    "OCCURRENCE_NAME": "出现的情形（如 无人在岗）", "PERCENT": "百分数（如 96%）",
    "POINTS": "分值（如 4分）", "NUMBER": "数字", "INCLUSIVE": "（含）", "EXCLUSIVE": "（不含）",
    "COMPARE_OP": "比较符（≥ ≤ > <）", "EQUALS": "=", "PLUS": "+", "MINUS": "-",
    "TIMES": "×", "DIVIDE": "/", "BAR": "|", "DATE": "日期（如 2023-12-31）", "RANGE_DASH": "-",
    "LIMIT_OPEN": "（超过…按…计）", "CONDITION": "条件（如 因政策调整未完成的，不扣分）",
    "UNIT": "单位（如 个、万元）", "TARGET_MET": "「达到的」", "TARGET_UNMET": "「未达到的」",
    "SCORED_NAME": "名称", "REQUIREMENT": "要求（如 田间道路平整畅通）",
    "BANDS_LEAD": "说明（如 群众满意度调查，）", "OVERSPENT_CASE": "超支（如 超支不得分）",
    "CASE_PHRASE": "情形（如 不符合要求的）", "UNMET_SEP": "；", "OCCURRENCE_LEAD": "出现的情形（如 未落实）",
    "COMPARED_LEAD": "带比较的情形（如 浏览量超过500人次的）", "EARN_EACH": "「得」",
    "LAPSE": "扣分的情形（如 未召开年度工作会议）", "MARKED_LEVEL": "编号的等级（如 (2)未公示0分）",
    "ITEM_NUMBER": "编号（如 1、 (2)）", "FORMULA_QUOTE": "“", "QUOTE_CLOSE": "”",
    "ITEMS_SCORED": "「每完成1项取得该项分数」", "AS_FOUND_NOTE": "「按实际情况评分」",
    "PER_UNIT": "/例", "FIRST_COUNT": "次数（如 一处）", "LAPSE_SEP": "，",
    "SOURCE_NOTE": "依据（如 以会议记录为准）", "SUBJECT_BY": "名称", "PER_COUNT_UNIT": "名称",
    "PENALTY_CAP": "「在基础分上减分最高」", "RESPECTIVE_CASES": "情形", "AND_POINTS": "和",
    "RESPECTIVE_COUNTED": "情形",
    "BONUS_SEP": "，", "BONUS_CAP_SEP": "，", "BONUS_CASE": "情形（如 组织专题调研的）",
    "WEIGHT_SAID": "「该项指标总计分为」", "FORMULA_LEAD": "说明（如 资金拨付到位的比例）",
    "NAME_BEFORE_LEVEL": "名称", "NAME_LEVEL_OF": "名称",
    "CAP_SAID": "「此项最高计」", "COUNTING_NOTE": "计分的说明（如 同篇信息不重复计分）",
    "CHOICE_OPTIONS": "可选的考核项（如 甲与乙）", "TIER_NAMES": "各档名称（如 分为达成、未达成两档，分别）",
    "VALUE_CAP_OPEN": "（超过100%以100%计算）",
    "NAME_BEFORE_COMPARED": "名称", "NAME_BEFORE_PROPORTION": "名称", "NAME_BEFORE_SHORT": "名称",
    "NAME_SHORT_OF": "名称", "VERSUS_LEAD": "说明（如 项目实施后，）", "VERSUS_SUBJECT": "名称",
    "VERSUS_WORD": "比较（如 达到、未超过、≤）", "VERSUS_OTHER": "比较的值（如 计划数）",
    "VERSUS_SEP": "；", "VERSUS_AGAIN": "名称", "DELAY_LEAD": "滞后的事项（如 资金到位滞后）",
    "DELAYED": "名称",
    "TASK_DONE": "完成的任务（如 完成年度培训任务）",
    "STEP_NOTE": "要求（如 提供正式发票）", "OVERRUN_LEAD": "说明（如 超过计划时间的，按超出比例扣分。）",
    "PREREQUISITE": "条件（如 完成全年任务且）", "MONTH_DAY": "日期（如 5月31日）",
    "DEADLINE_TASK": "期限前完成的事项（如 完成清淤任务）", "ELEMENT_HAVE": "「具备」",
    "ELEMENT_EACH": "「具备一个」", "ELEMENT_NAME": "要素（如 要素1）", "ELEMENT_REST": "其余要素",
    "UNANCHORED_SUBJECT": "名称", "SHARE_OF": "「得分为分值的」",
    "DIRECTION_CASE": "指标的类别（如 若为正向指标，则）", "STOP_SAID": "此项",
    "SHARE_WORD": "比较词（如 超过）", "SHARE_BASE": "另一个值（如 年初预算的5%）",
    "SOME_OF": "「有」（如 有欠款，但不超过年初预算的5%）", "NONE_OF": "「无」（如 无欠款，4分）",
    "STANDARD_LEAD": "要求（如 有工作简报，年≥六期，）",
    "COMPARED_LAPSE": "比较一个数的扣分情形（如 专职人员少于2人）",
    "COUNTED_LEVEL": "含人数、次数的情形（如 年内新增10名以上注册志愿者）",
    "RATIO_ALL": "「全部达标」", "RATIO_PART": "「部分达标」", "RATIO_BY": "「按达标比例计算得分」",
    "RATIO_NONE": "「全部未达标」", "RATIO_NONE_SEP": "；", "EACH_LEAD": "所数的事物（如 有效投诉）",
    "SEPARATOR": "；", "COLON": "：", "COMMA": "，", "LPAR": "（", "RPAR": "）", "LSQB": "[", "RSQB": "]",
    "LHOOK": "〔", "RHOOK": "〕",
    "LBRACE": "{", "RBRACE": "}", "$END": "文件结束",
} | {keyword.terminal: f"「{keyword.spellings[0]}」" for keyword in KEYWORDS}



@attrs.define
class _Reading:
    """What the lexer's callbacks gather while one rule file is read."""

    comments: list[Token] = attrs.Factory(list)
    indicators: int = 0


class _TooManyIndicators(Exception):
    def __init__(self, token: Token) -> None:
        self.token = token


_reading: ContextVar[_Reading] = ContextVar("reading")


def grammar_text() -> str:
    """The grammar file: from the installed package, or from the checkout's grammar/ folder."""
    packaged = importlib.resources.files("evalrules").joinpath("grammar").joinpath(GRAMMAR_FILE)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parent.parent / "grammar" / GRAMMAR_FILE
    return checkout.read_text(encoding="utf-8")


def _keep_comment(token: Token) -> Token:
    _reading.get().comments.append(token)
    return token


def _count_indicator(token: Token) -> Token:
    """Counts indicator heads as they are read, so that a file of too many stops right there."""
    reading = _reading.get()
    reading.indicators += 1
    if reading.indicators > MAX_INDICATORS:
        raise _TooManyIndicators(token)
    return token


# What decides the parser's tables; the lexer callbacks are functions, given again on loading.
_OPTIONS = {"parser": "lalr", "lexer": "contextual", "propagate_positions": True,
            "maybe_placeholders": True}
_CALLBACKS = {"COMMENT": _keep_comment, "KW_LEVEL": _count_indicator}
_CACHE_FORMAT = b"evalrules parser cache 1"
_CACHE_DIR_VARIABLE = "EVALRULES_CACHE_DIR"


@functools.cache
def lark_parser() -> Lark:
    """The parser, made once per process: loaded from the user's cache folder, or built."""
    return cached_parser(grammar_text() + grammar_terminals(), cache_dir())


def cache_dir() -> Path | None:
    """Where the built parser is kept: $EVALRULES_CACHE_DIR, else the user's cache folder."""
    chosen = os.environ.get(_CACHE_DIR_VARIABLE)
    if chosen:
        return Path(chosen)
    shared = os.environ.get("XDG_CACHE_HOME")
    if shared and os.path.isabs(shared):
        return Path(shared) / "evalrules"
    try:
        return Path.home() / ".cache" / "evalrules"
    except RuntimeError:  # no home folder to be found
        return None


def grammar_digest(grammar: str) -> str:
    """What the built tables depend on: the grammar with its keyword terminals, the options,
    and the versions of Lark and Python that built them."""
    key = "\n".join((grammar, repr(sorted(_OPTIONS.items())), lark.__version__,
                     f"{sys.version_info.major}.{sys.version_info.minor}"))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def cached_parser(grammar: str, folder: Path | None) -> Lark:
    """The parser for ``grammar``: loaded from ``folder`` if a parser built from the same grammar
    is kept there, else built and kept there for the next process.

    Building the LALR tables takes most of a cold start; loading them a tenth of it. The cache
    is used only in a folder that none but the user can write to, as a file the user owns that
    nobody else can write, and its pickle may name no class or function (_PlainUnpickler), so
    nothing in it can run code. Anything amiss, and the parser is built as if there were none.
    """
    digest = grammar_digest(grammar)
    name = f"parser-{digest[:32]}.pickle"
    header = _CACHE_FORMAT + b" " + digest.encode("ascii") + b"\n"
    directory = _private_directory(folder) if folder is not None else None
    try:
        if directory is not None:
            loaded = _load(directory, name, header)
            if loaded is not None:
                return loaded
        built = Lark(grammar, **_OPTIONS, lexer_callbacks=_CALLBACKS)
        if directory is not None:
            _keep(directory, name, header, built)
        return built
    finally:
        if directory is not None:
            os.close(directory)


def _private_directory(folder: Path) -> int | None:
    """The cache folder, open, if only this user can write to it; made (0700) if missing.

    Files are then opened relative to the open folder, so the folder checked is the one used."""
    if not hasattr(os, "getuid") or os.open not in os.supports_dir_fd:
        return None  # no owner to check, or no opening relative to a folder: no cache
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        directory = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    if _private(os.fstat(directory)):
        return directory
    os.close(directory)
    return None


def _private(info: os.stat_result) -> bool:
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class _PlainUnpickler(pickle.Unpickler):
    """Lark's saved tables are plain data (dicts, lists, strings, numbers): a pickle naming any
    class or function is not one it wrote, and is refused before anything is made."""

    def find_class(self, module: str, name: str) -> type:
        raise pickle.UnpicklingError(f"{module}.{name}")


def _load(directory: int, name: str, header: bytes) -> Lark | None:
    try:
        opened = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=directory)
    except OSError:  # none kept yet, or not a plain file
        return None
    with open(opened, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or not _private(info) or file.readline() != header:
            return None
        try:
            saved = _PlainUnpickler(file).load()
            # Lark.load takes no options: the callbacks, functions and so not saved, go in here.
            loaded: Lark = Lark._load_from_dict(  # type: ignore[no-untyped-call]
                saved["data"], saved["memo"], lexer_callbacks=_CALLBACKS)
            return loaded
        except Exception:  # a damaged cache, whatever the damage, is rebuilt
            return None


def _keep(directory: int, name: str, header: bytes, parser: Lark) -> None:
    """Writes the parser to a file of its own and renames it into place, so that a process
    reading the cache never sees half a file; drops parsers kept for other grammars."""
    saved = io.BytesIO()
    parser.save(saved, exclude_options=("lexer_callbacks",))
    partial = f".{name}.{os.urandom(8).hex()}"
    try:
        opened = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600,
                         dir_fd=directory)
        with open(opened, "wb") as file:
            file.write(header + saved.getvalue())
        os.replace(partial, name, src_dir_fd=directory, dst_dir_fd=directory)
        for other in os.listdir(directory):
            if other.startswith("parser-") and other != name:
                os.unlink(other, dir_fd=directory)
    except OSError:  # a cache that cannot be written is only a slower next start
        with contextlib.suppress(OSError):
            os.unlink(partial, dir_fd=directory)



def parse(source: Source) -> ast.Ruleset:
    """Parse a rule file into its syntax tree, or raise RuleSyntaxError."""
    if len(source.text) > MAX_SOURCE_CHARS:
        raise RuleSyntaxError([Diagnostic(
            "E0105", f"规则文件过大（超过 {MAX_SOURCE_CHARS} 个字符）",
            point(source, 0))])
    # Other hidden characters in rule text, such as escape sequences, are shown escaped.
    surrogate = display.lone_surrogate(source.text)
    if surrogate is not None:
        raise RuleSyntaxError([Diagnostic(
            "E0102", f"无法识别的字符 {display.visible(source.text[surrogate])}：孤立的代理码位不是文字",
            point(source, surrogate), ("规则文本可能在转换编码时损坏；请删去这个字符。",))])
    reading = _Reading()
    reset = _reading.set(reading)
    try:
        tree = lark_parser().parse(source.text)
    except UnexpectedInput as error:
        raise RuleSyntaxError([_unscored_boxes(source, error) or _diagnose(source, error)]) from None
    except _TooManyIndicators as error:
        raise RuleSyntaxError([Diagnostic(
            "E0221", f"指标过多（至多 {MAX_INDICATORS} 个）：这是第 {MAX_INDICATORS + 1} 个",
            _token_span(source, error.token), ("把指标体系拆成几个规则文件。",))]) from None
    finally:
        _reading.reset(reset)
    problems = _limits(source, tree)
    if problems:
        raise RuleSyntaxError(problems)
    return ToAst(source, reading.comments).transform(tree)


def _limits(source: Source, tree: Tree[Token]) -> list[Diagnostic]:
    """Nesting too deep, numbers too long: checked without recursion, before the transformer."""
    problems = []
    stack: list[tuple[Tree[Token], int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            problems.append(Diagnostic(
                "E0104", f"嵌套过深（超过 {MAX_DEPTH} 层）：指标层级或公式过于复杂",
                _token_span(source, _first_token(node)),
                ("把很长的公式拆成几个指标值（名称 = 公式）。",)))
            break
        for child in node.children:
            if isinstance(child, Tree):
                stack.append((child, depth + 1))
            elif isinstance(child, Token) and child.type in ("NUMBER", "PERCENT", "POINTS") \
                    and numbers.too_long(number_of(child)):
                problems.append(Diagnostic(
                    "E0106", f"数字「{str(child)[:20]}…」位数过多（至多 {numbers.MAX_DIGITS} 位）",
                    _token_span(source, child)))
            elif isinstance(child, Token) and child.type == "DATE" and not _is_date(child):
                problems.append(Diagnostic("E0107", f"日期「{child}」不存在", _token_span(source, child)))
    return problems


def _is_date(token: Token) -> bool:
    try:
        date_of(token)
    except ValueError:
        return False
    return True


def _first_token(node: Tree[Token]) -> Token:
    while True:
        for child in node.children:
            if isinstance(child, Token):
                return child
        node = next(c for c in node.children if isinstance(c, Tree))


_OPERAND = {"NUMBER", "PERCENT", "POINTS", "NAME", "QUOTED_NAME", "STRING", "LPAR", "LSQB",
            "MINUS", "KW_TRUE", "KW_FALSE"}


# Terminals of a few wordings, expected where any band may start: naming them there would crowd
# out the words an author most likely meant (a comparison, a number).
_UNSAID = {"SOME_OF", "NONE_OF", "SHARE_WORD", "SHARE_BASE", "STANDARD_LEAD"}


def _words(terminals: Collection[str]) -> str:
    terminals = {t.lstrip("_") for t in terminals if t != "WHITESPACE"} - _UNSAID
    names = []
    if {"NUMBER", "NAME", "PERCENT"} <= terminals:
        terminals -= _OPERAND
        names.append("数值或名称（如 7.1、96%、4分、实际到位资金、( … )）")
    names += sorted({_TERMINAL_WORDS.get(t, t) for t in terminals})
    shown = "、".join(names[:10])
    return shown + ("等" if len(names) > 10 else "")


def _token_span(source: Source, token: Token) -> Span:
    if token.start_pos is None or token.end_pos is None:
        return point(source, len(source.text))
    return _span(source, token.start_pos, token.end_pos)


def _span(source: Source, start_pos: int, end_pos: int) -> Span:
    start = point(source, start_pos)
    end = point(source, end_pos) if end_pos < len(source.text) else None
    return Span(source, start.line, start.column,
                end.line if end else start.line,
                end.column if end else start.column + end_pos - start_pos, start_pos, end_pos)


def _diagnose(source: Source, error: UnexpectedInput) -> Diagnostic:
    if isinstance(error, UnexpectedToken) and error.token.type == "$END":
        return Diagnostic("E0103", f"文件在这里结束了，但还缺少：{_words(error.expected)}",
                          point(source, len(source.text)),
                          ("检查括号 { } 和（ ）是否成对。",))
    if isinstance(error, UnexpectedEOF):
        return Diagnostic("E0103", f"文件在这里结束了，但还缺少：{_words(set(error.expected))}",
                          point(source, len(source.text)), ("检查括号 { } 和（ ）是否成对。",))
    beyond = _beyond_weight(source, error.pos_in_stream or 0)
    if beyond is not None:
        return beyond
    if isinstance(error, UnexpectedToken):
        token = error.token
        told = (_verb_points(source, token) or _respective_values(source, token)
                 or _lead_before_band(source, token) or _unread_any_one(source, token)
                 or _labelled_subject(source, token) or _either_count(source, token)
                 or _named_cause(source, token, error.expected))
        if told is not None:
            return told
        return _unread(source, token, error.expected)
    assert isinstance(error, UnexpectedCharacters)
    position = error.pos_in_stream or 0
    char = source.text[position]
    allowed = _words(error.allowed) if error.allowed else ""
    message = f"无法识别的字符「{char}」" + (f"；此处应为：{allowed}" if allowed else "")
    return Diagnostic("E0102", message, point(source, position),
                      _hints(char, "") + _unscored_option(source, position))


_POINTS_SAID = r"\s*(\d+(?:\.\d+)?)\s*分"
_DEDUCT = "|".join(sorted(spellings_of("KW_DEDUCT"), key=len, reverse=True))
_ON_TOP = re.compile(rf"(?:{'|'.join(ON_TOP)}){_POINTS_SAID}")
_BELOW_NOTHING = re.compile(rf"(?:{'|'.join(BELOW_NOTHING)})[^;；。,，{{}}]*?的?[,，]?\s*扣{_POINTS_SAID}")
_FULL_SAID = re.compile(rf"[计得记]{_POINTS_SAID}")
_WEIGHT_SAID = re.compile(rf"[(（]{_POINTS_SAID}[)）]\s*[{{｛]\s*$")


def _beyond_weight(source: Source, position: int) -> Diagnostic | None:
    """A leaf that could not be read, whose criterion scores its whole weight and then adds
    points on top (…计10分。…以上的奖10分), or takes points off below nothing (…未达到5万元的，
    扣3分): its score leaves 0 to the weight, which no rule of a leaf can score. Told so, with
    where such points belong, rather than as the syntax error found on the way."""
    text = source.text
    opening = max(text.rfind("{", 0, position), text.rfind("｛", 0, position))
    closing = min((found for found in (text.find("}", position), text.find("｝", position))
                   if found >= 0), default=len(text))
    head = _WEIGHT_SAID.search(text, max(0, opening - 40), opening + 1) if opening >= 0 else None
    if head is None:
        return None
    weight = Decimal(head.group(1))
    body = text[opening + 1:closing]
    on_top = _ON_TOP.search(body)
    if on_top is None or not any(Decimal(full.group(1)) == weight for full in _FULL_SAID.finditer(body)):
        return None
    below = _BELOW_NOTHING.search(body)
    start = opening + 1 + on_top.start()
    span = _span(source, start, start + len(on_top.group()))
    said = f"「{on_top.group()}」加在本项全部分值 {numbers.plain(weight)} 分之上，得分可能超过分值"
    if below is not None:
        said += f"；「{below.group()}」从不得分再往下扣，得分可能低于 0"
    return Diagnostic(
        "E0236", f"{said}：一个指标的得分在 0 到分值之间，这条评分标准写不进一个指标", span,
        ("超出分值的加分写成顶层的附加分（如“附加分 招商奖励（5分）{ 每增加1项加1分，加分不超过5分 }”），"
         "从本项扣到 0 以下的分写在上级指标的扣分中；本项只写 0 到分值之间的部分。",))


def _unscored_boxes(source: Source, error: UnexpectedInput) -> Diagnostic | None:
    """Levels printed with a box to tick and no points (优□良□中□差□) on the line that could not
    be read: what each level is worth is not said, whatever else went wrong before it."""
    position = error.pos_in_stream or 0
    start = source.text.rfind("\n", 0, position) + 1
    end = source.text.find("\n", position)
    boxes = _BOXED_LEVELS.search(source.text, start, len(source.text) if end < 0 else end)
    if boxes is None:
        return None
    run = boxes.group().strip()
    levels = "、".join(f"「{level}」" for level in re.split(f"[{BOXES}\\s]+", run) if level)
    span = Span(source, *_line_column(source, boxes.start()), *_line_column(source, boxes.end()),
                boxes.start(), boxes.end())
    return Diagnostic("E0240", f"「{run}」只列出了等级和供勾选的方框，没有写分值：读不出{levels}各得几分",
                      span, (f"每个选项要写明分值，如 {_BOXED_EXAMPLE}。",))


def _line_column(source: Source, offset: int) -> tuple[int, int]:
    place = point(source, offset)
    return place.line, place.column


def _unscored_option(source: Source, position: int) -> tuple[str, ...]:
    """A hint when a lettered option could not be read as one: it gives no points
    (D.不符合科技应用要求，项目不可行), so what it scores is not said."""
    clause = _clause_start(source, position)
    # The option opens its clause (A.…；B.…；D.…，项目不可行): a letter inside one (A、B两项) is none.
    before = source.text[clause:position]
    option = _OPTION.match(source.text, clause + len(before) - len(before.lstrip()))
    if option is None or option.start() > position or not option.group(1).strip() \
            or re.search(r"\d\s*分", option.group(1)):
        return ()
    return (f"选项「{option.group().strip()}」没有写分值，读不出它得几分：写明分值（如“…，0分”）；"
            "若它说的是整个项目不通过，另写一条一票否决。",)


def _glued_keyword(source: Source, token: Token) -> tuple[str, ...]:
    """A hint when the word before the error begins with a keyword run into a name (如果达标)."""
    start = token.start_pos or 0
    line_start = source.text.rfind("\n", 0, start) + 1
    words = _LETTERS.findall(source.text[line_start:start])
    keyword = keyword_prefix(words[-1]) if words else None
    # A case that ends in 的 (未达到指标值的，…) opens with the word of its comparison: no space helps.
    if keyword is None or words[-1].endswith("的"):
        return ()
    return (f"「{words[-1]}」被当成了一个名称：如果「{keyword}」是关键字，请在它后面加空格。",)


def _compared_count(source: Source, token: Token) -> tuple[str, ...]:
    """A hint when a lapse compares a number (专职人员少于2人扣2分) where the error is found: it
    is not a count deducted for every 2, and is not read."""
    words = (*spellings_of("KW_UNDER", "KW_OVER", "KW_NOT_OVER", "KW_NOT_UNDER"), *COUNT_COMPARED)
    start, end = token.start_pos or 0, token.end_pos or 0
    window = source.text[max(0, start - 30):end + 20]
    compared = re.search(rf"([^\W\d]+?)(?<!每)({'|'.join(sorted(words, key=len, reverse=True))})"
                         rf"\s*(\d+(?:\.\d+)?|一)\s*[^\W\d]{{0,3}}?[,，]?\s*(?:{_DEDUCT})", window)
    if compared is None:
        return ()
    name, word, number = compared.groups()
    return (f"「{name}{word}{number}」比较的是「{name}」这个数，不是每{number}个扣一次，在这里读不出："
            f"单写一条扣分（“{name}{word}{number}…扣N分”），或写成分档、条件（如果 … 则 …）。",)


# How far before and after an error the diagnoses below look: its clause, never the rest of a
# long file (a search from every place of a long run would take its length squared).
_NEAR = 120
# What ends a clause, and what parts it within one.
_MAJOR_STOPS = ";；。{｛}｝\n"
_MINOR_STOPS = ",，:："
_VERB_POINTS = re.compile(rf"({'|'.join(VERB_ENDED)})\s*(\d+(?:\.\d+)?\s*分)")
_CASE_BEFORE = re.compile(r"[^\W\d][^\W]*$")  # the words (and 近3年) just before, back to a stop


def _clause_start(source: Source, position: int) -> int:
    """Where the clause holding ``position`` begins, at most _NEAR characters before it."""
    stops = max(source.text.rfind(stop, max(0, position - _NEAR), position) for stop in _MAJOR_STOPS)
    return max(stops + 1, position - _NEAR, 0)


def _verb_points(source: Source, token: Token) -> Diagnostic | None:
    """The error, where the clause it is in has a case ending in a word whose last character is a
    verb of points, then bare points (近3年会员数量增加12分): two readings, told by name."""
    start, end = token.start_pos or 0, token.end_pos or 0
    clause = _clause_start(source, start)
    window = source.text[clause:end + _NEAR]
    found = _VERB_POINTS.search(window)
    before = _CASE_BEFORE.search(window, 0, found.start()) if found is not None else None
    if found is None or before is None or clause + found.start() > end:
        return None
    word, points = found.groups()
    mark = re.match(ITEM_MARK, before.group())
    case = before.group()[mark.end() if mark else 0:] + word
    first, last = clause + before.start() + (mark.end() if mark else 0), clause + found.end()
    span = Span(source, *_place(source, first), *_place(source, last), first, last)
    verb = word[-1]
    return Diagnostic(
        "E0229", f"「{case}{points}」有两种读法：「{case}」这一情形得{points}；或“{verb}{points}”"
        f"是{verb}分，「{case.removesuffix(verb)}」是{verb}分的条件", span,
        (f"是这一情形的得分时，在分值前写“，得”（“{case}，得{points}”）；是{verb}分时，"
         f"写明{verb}分的条件（如“…的，{verb}{points}”）。",))


_COMPARING = "|".join(sorted(spellings_of("KW_REACH", "KW_OVER", "KW_UNDER", "KW_NOT_OVER", "KW_NOT_UNDER"),
                            key=len, reverse=True))
_LEAD_THEN_BAND = re.compile(rf"\s*([^\W\d]+?)\s*(?:[≥≤>＞<＜]|{_COMPARING}|\d+(?:\.\d+)?\s*[%％])")


def _lead_before_band(source: Source, token: Token) -> Diagnostic | None:
    """The error at a comma closing words (项目完成，) before a band that names its subject
    (到位率≥95%，得满分): a lead-in that is not a survey's name (read as text) may be a condition
    of the points too, told as such."""
    if str(token) not in ("，", ",") or token.start_pos is None:
        return None
    start = token.start_pos
    clause = _clause_start(source, start)
    lead = source.text[clause:start].strip()
    band = _LEAD_THEN_BAND.match(source.text, token.end_pos or start + 1)
    # (not a case closed by 的, nor the weight's share: 达成年度指标的，得分为分值的80%（含）-100%)
    if not lead or not re.fullmatch(r"[^\W\d]+", lead) or band is None \
            or lead.endswith(tuple(spellings_of("KW_OF"))) \
            or any(word in band.group(1) for word in spellings_of("KW_OWN_WEIGHT", "KW_SCORE")):
        return None
    first = clause + (len(source.text[clause:start]) - len(source.text[clause:start].lstrip()))
    span = Span(source, *_place(source, first), *_place(source, start + 1), first, start + 1)
    name = band.group(1)
    return Diagnostic(
        "E0252", f"「{lead}，」之后是按「{name}」分档的规则：逗号前的「{lead}」是说明"
        "（如“群众满意度调查，”），还是得分还须满足的条件，读不出来", span,
        (f"是说明时改用冒号（“{lead}：”）；是得分的条件时，把不满足条件时的得分另写一句"
         "（如“项目未完成的，本项不得分”）。",))


_ANY_ONE_TAIL = re.compile(rf"(?:{'|'.join(ALL_ABOVE)})?(?:{'|'.join(ANY_ONE)})[^;；。{{}}｛｝\n]*")


def _unread_any_one(source: Source, token: Token) -> Diagnostic | None:
    """The error in a list of requirements (①…；②…) whose closing sentence about any one of them
    (以上任一项不符合的，扣2分; 全部符合得满分，任一项不符合不得分) is not the one read (以上任一项
    不符合的，该项不得分): told by that sentence, not by the separator where reading stopped."""
    if str(token) not in ("；", ";", "。") or token.start_pos is None:
        return None
    start = token.start_pos
    if not re.match(ITEM_MARK, source.text[_clause_start(source, start):start].lstrip()):
        return None
    closing = min((found for found in (source.text.find("}", start), source.text.find("｝", start))
                   if found >= 0), default=len(source.text))
    tail = _ANY_ONE_TAIL.search(source.text, start, closing)
    # (the sentence read, stopped short by something else: 手续完整.以上…, a full stop mid-line)
    if tail is None or any(zero in tail.group() for zero in spellings_of("KW_THIS_ZERO")):
        return None
    said = tail.group().rstrip()
    end = tail.start() + len(said)
    span = Span(source, *_place(source, tail.start()), *_place(source, end), tail.start(), end)
    return Diagnostic(
        "E0252", f"列出的要求（①…；②…）之后，「{said}」这样的计分句目前不读：只读“以上任一项不符合的，"
        "该项不得分”（有一项不符合即 0 分）", span,
        ("有一项不符合即不得分时写成“以上任一项不符合的，该项不得分”；逐项扣分时写成“全部符合得4分，"
         "每有一项不符合扣1分”。",))


def _respective_values(source: Source, token: Token) -> Diagnostic | None:
    """The error, where it is a value listed with others and scored 分别 (超过90%、80%和70%，…，
    分别得6分、4分和2分): bands whose ends are not written, told as such."""
    if token.type not in ("PERCENT", "NUMBER", "POINTS") or token.start_pos is None:
        return None
    start = token.start_pos
    before = source.text[max(0, start - 40):start]
    ends = "|".join(spellings_of("KW_ABOVE", "KW_BELOW"))
    listed = re.search(rf"(\d+(?:\.\d+)?\s*[%％分]?\s*(?:{ends})?\s*)[、,，]\s*$", before)
    respectively = "|".join(spellings_of("KW_RESPECTIVELY"))
    scored = "|".join(spellings_of("KW_EARN", "KW_DEDUCT"))
    clause = r"[^;；。{}｛｝\n]"
    after = re.match(rf"{clause}*?(?:{respectively})\s*(?:{scored}){clause}*?(?=\s*(?:[;；。{{}}｛｝\n]|$))",
                     source.text[start:start + _NEAR])
    if listed is None or after is None:
        return None
    first = start - len(before) + listed.start()
    end = start + after.end()
    said = source.text[first:end]
    span = Span(source, *_place(source, first), *_place(source, end), first, end)
    return Diagnostic(
        "E0232", f"「{display.brief(said)}」用“分别”给几个数值计分：这几个数是分档的端点，"
        "但各档从哪里到哪里、端点属于哪一档没有写出，目前不读", span,
        ("逐档写出首尾相接的区间，如“超过90%，得6分；80%（不含）-90%（含），得4分；70%（不含）-80%（含），得2分”。",))


def _place(source: Source, offset: int) -> tuple[int, int]:
    """The line and column of ``offset``."""
    where = point(source, offset)
    return where.line, where.column


def _line_of(source: Source, token: Token) -> str:
    """The line the token is on."""
    start = token.start_pos or 0
    end = source.text.find("\n", start)
    return source.text[source.text.rfind("\n", 0, start) + 1:None if end < 0 else end]


def _ranked(source: Source, token: Token) -> tuple[str, ...]:
    """A hint when the line ranks (排名前5名的得满分，6-10名的扣0.5分，11名以后扣1分): bands of
    places, which are whole numbers, are not read yet."""
    ranks = _RANKS.findall(_line_of(source, token))
    if not ranks:
        return ()
    return (f"{'、'.join(f'「{rank}」' for rank in ranks)}是按名次分档，目前不读：请写成条件，"
            "如 得分 = 如果 排名 <= 5 则 分值 否则 如果 排名 <= 10 则 分值 - 0.5分 否则 分值 - 1分。",)


def _coefficients(source: Source, token: Token) -> tuple[str, ...]:
    """A hint when the line gives coefficients of kinds (已完成项目、在建项目、未启动项目分值系数分别为
    1、0.5和0) and not how they make the score (weighted by how many of each? of the weight?)."""
    line = _line_of(source, token)
    said = _COEFFICIENTS.search(line)
    if said is None:
        return ()
    return (f"「{said.group()}」只给出了各类的系数，没有写明怎样合成得分，目前不读：请写出得分公式，"
            "如 得分 = (已完成项目×1 + 在建项目×0.5 + 未启动项目×0)"
            "/(已完成项目 + 在建项目 + 未启动项目)×分值。",)


def _chosen_average(source: Source, token: Token) -> tuple[str, ...]:
    """A hint when the line lets the evaluated choose some of the items listed and averages them
    (…为可选项，选择其中适用的两项，按各自完成比例平均计分): which items, under which names, is the
    evaluated's choice, so the formula is theirs to write."""
    line = _line_of(source, token)
    said = _CHOSEN_AVERAGE.search(line)
    if said is None:
        return ()
    return (f"「{said.group()}」由被评价单位选定其中几项再平均，选哪几项、各以什么为名规则中没有，目前不读："
            "请写出得分公式，如 得分 = (第一项完成比例 + 第二项完成比例)/2×分值。",)


def _named_cause(source: Source, token: Token, expected: Collection[str]) -> Diagnostic | None:
    """The error, where the clause it is in uses a construct that is not read (places in a
    ranking, a fraction, a rate, a formula told in words …): the message names the construct,
    why it is not read and how to write it, not the token the parser stopped at."""
    causes = (_unscored_option(source, token.start_pos or 0) + _ranked(source, token)
              + _coefficients(source, token) + _chosen_average(source, token)
              + _compared_count(source, token) + _fraction(source, token) + _rate(source, token)
              + _prose_formula(source, token, expected) + _quoted_case(source, token)
              + _scale_points(source, token) + _case_formula(source, token))
    if not causes:
        return None
    return Diagnostic("E0241", causes[0], _token_span(source, token),
                      (*causes[1:], f"读到「{display.brief(str(token))}」时，此处应为：{_words(expected)}"))


def _unread(source: Source, token: Token, expected: Collection[str]) -> Diagnostic:
    """The error no cause is known for: the clause that could not be read, quoted whole, where
    reading stopped and what could have come there; a word close to a keyword is named with the
    keyword's spelling."""
    found, words, span = display.brief(str(token)), _words(expected), _token_span(source, token)
    # A name longer than any keyword is no misspelling of one (and comparing it costs its
    # length times theirs).
    close = _misspelt(str(token), expected) \
        if token.type == "NAME" and len(token) <= display.SHOWN_CHARS else None
    if close is not None:
        return Diagnostic("E0101", f"「{found}」不是已知的写法，与之最接近的是「{close}」；此处应为：{words}",
                          span, (f"是否想写「{close}」？",))
    hints = _hints(str(token), token.type, expected) + _glued_keyword(source, token)
    clause = _clause_around(source, token)
    if clause in ("", str(token).strip()):
        return Diagnostic("E0101", f"这里不应出现「{found}」；此处应为：{words}", span, hints)
    return Diagnostic("E0101", f"「{display.brief(clause)}」不是已知的写法：读到「{found}」时读不下去，"
                      f"此处应为：{words}", span, hints)


def _clause_around(source: Source, token: Token) -> str:
    """The clause the token is in, between two of ；。{ } or line ends; when that is too long to
    show, the parts between commas just before and after the token."""
    text = source.text
    start_pos, end_pos = token.start_pos or 0, token.end_pos or 0
    start = _clause_start(source, start_pos)
    # Reading stopped at a stop (；, }): the clause is the one before it.
    end = start_pos if end_pos > start_pos and text[start_pos] in _MAJOR_STOPS \
        else _clause_end(source, end_pos)
    if len(text[start:end].strip()) > display.SHOWN_CHARS:
        start = max(start, *(text.rfind(stop, start, start_pos) + 1 for stop in _MINOR_STOPS))
        end = min((found for stop in _MINOR_STOPS
                   if (found := text.find(stop, end_pos, end)) >= 0), default=end)
    return text[start:end].strip()


def _clause_end(source: Source, position: int) -> int:
    """Where the clause holding ``position`` ends, at most _NEAR characters after it."""
    return min((found for stop in _MAJOR_STOPS
                if (found := source.text.find(stop, position, position + _NEAR)) >= 0),
               default=min(len(source.text), position + _NEAR))


# 污水集中处理率（2分）：未完成年度目标任务的，…: a case whose subject is only in the label before it
_CASE_WORDS = "|".join(sorted({*TARGET_UNMET, *BELOW_NOTHING, *spellings_of("KW_UNDER", "KW_OVER"),
                               "完成", "达到"}, key=len, reverse=True))
# (its points may be left out: 污水集中处理率：…; a way of checking, 查看报送材料：, names nothing)
_LABELLED_CASE = re.compile(
    rf"(?<![^\W\d])(?!{'|'.join(INSPECTIONS)})([^\W\d][^\s(（)）:：,，]*?)\s*(?:[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）])?\s*[:：]\s*"
    rf"(({_CASE_WORDS})[^,，;；。:：]*?的)\s*$")


def _labelled_subject(source: Source, token: Token) -> Diagnostic | None:
    """The error, right after a case that compares nothing named (未完成年度目标任务的) after a
    label naming the indicator and its points (污水集中处理率（2分）：): the label is kept as a note,
    so what did not reach the target is not said in the sentence."""
    start = token.start_pos or 0
    found = _LABELLED_CASE.search(source.text, _clause_start(source, start), start)
    if found is None:
        return None
    subject, case, word = found.groups()
    label = found.group()[:found.start(2) - found.start()].strip()
    span = _span(source, found.start(2), found.end(2))
    return Diagnostic(
        "E0242", f"「{case}」没有写出是哪个值{word}：「{subject}」只写在标签「{label}」中，标签照抄作为说明，"
        f"不是这句话的主语；请把它写进句子：“{subject}{case}，…”", span,
        ("标签中的名称不参与计分：所比较的值要在规则的句子中写出名称，事实以这个名称给出。",))


# 每缺1项或未达标准扣1分: a count and a case joined by 或 before one deduction
_COUNT_BEFORE = re.compile(r"([^\W\d]*?)(每[^\W\d]{1,3}?)\s*(\d+|一)\s*([^\W\d])\s*$")
_OR_CASE = re.compile(rf"或([^\W\d][^,，;；。\d]*?)(?:{_DEDUCT})\s*(\d+(?:\.\d+)?)\s*分")


def _either_count(source: Source, token: Token) -> Diagnostic | None:
    """The error at 或, after a count (每缺1项) and before a case and what it deducts (或未达标准扣
    1分): is the case counted as the items are, or deducted once? Both readings told."""
    start = token.start_pos or 0
    count = _COUNT_BEFORE.search(source.text, _clause_start(source, start), start)
    case = _OR_CASE.match(source.text, start, start + _NEAR)
    if count is None or case is None:
        return None
    subject, each, number, unit = count.groups()
    lapse, points = case.groups()
    said = source.text[count.start(2):case.end()]
    span = _span(source, count.start(2), case.end())
    counted = f"{each}{number}{unit}{subject}扣{points}分"  # 每缺1项专项工作经费扣1分, as it is read
    return Diagnostic(
        "E0229", f"「{said}」有两种读法：「{lapse}」的也按{unit}计，{each.removeprefix('每')}的和{lapse}的"
        f"{unit}数合起来，每{unit}扣{points}分；或{each}{number}{unit}扣{points}分，{lapse}时另扣一次{points}分",
        span,
        (f"按{unit}计时写“{counted}，每1{unit}{subject}{lapse}扣{points}分”；"
         f"只扣一次时写“{counted}；{subject}{lapse}的，扣{points}分”。",))


def _fraction(source: Source, token: Token) -> tuple[str, ...]:
    """A cause when reading stopped at the slash of a fraction written as a share (全体会员2/3以上
    选举产生): a fraction is a formula, which a sentence does not hold."""
    said = _around_slash(source, token,
                         r"(?<![\d.])(\d+)\s*[/／]\s*(\d+)(?![\d.])\s*(以上|及以上|以下|及以下|以内)")
    if said is None:
        return ()
    over, under, side = said.groups()
    compare = ">=" if side in spellings_of("KW_ABOVE") else "<="
    return (f"「{said.group()}」用分数写了比例，句子中的分数目前不读（分数只能写在公式里）："
            "请写出这个比例的名称，"
            f"写成公式中的条件，如 得分 = 如果 比例 {compare} {over}/{under} 则 分值 否则 0分"
            "（「比例」换成事实的名称）。",)


def _rate(source: Source, token: Token) -> tuple[str, ...]:
    """A cause when reading stopped at the slash of a rate (按1个/2000人设置): a standard of so many
    for so many, which no sentence compares."""
    said = _around_slash(source, token,
                         r"(\d+(?:\.\d+)?)\s*([^\W\d]{1,2})\s*[/／]\s*(\d+(?:\.\d+)?)\s*([^\W\d])")
    if said is None:
        return ()
    amount, unit, per, per_unit = said.groups()
    return (f"「{said.group()}」是按比例写的标准（每{per}{per_unit}{amount}{unit}），句子中目前不读："
            "请写成是否达到"
            "标准的情形（如“按标准设置的，得10分”，事实给出是否达到），或写成公式（如 得分 = 如果 数量 >= "
            f"人数/{per}×{amount} 则 分值 否则 0分）。",)


def _around_slash(source: Source, token: Token, pattern: str) -> re.Match[str] | None:
    """Where reading stopped at a slash, the match of ``pattern`` around it."""
    if str(token) not in ("/", "／") or token.start_pos is None:
        return None
    start = token.start_pos
    for found in re.finditer(pattern, source.text[max(0, start - 12):start + 16]):
        if found.start() <= start - max(0, start - 12) < found.end():
            return found
    return None


# 根据项目实际到位资金占计划的比重计算得分: what the score is computed from, with no formula
_PROSE_FORMULA = re.compile(r"(?:根据|按照|依据)([^\W\d][^,，;；。(（]*?)(?:计算得分|计算|计分|得分)")
_SHARE_OF = re.compile(r"(.+?)占(.+?)的?(?:比重|比例|比率)$")


def _prose_formula(source: Source, token: Token, expected: Collection[str]) -> tuple[str, ...]:
    """A cause when a clause says what the score is computed from and reading then stopped where
    the way to compute it (计算方法为…) could have come."""
    if "KW_COMPUTED_AS" not in expected:
        return ()
    start = token.start_pos or 0
    said = _PROSE_FORMULA.search(source.text, _clause_start(source, start), start)
    if said is None:
        return ()
    share = _SHARE_OF.match(said.group(1))
    formula = f"{share.group(1)}/{share.group(2)}×分值" if share else "实际值/目标值×分值"
    return (f"「{said.group()}」只说了按什么计分，没有写出算式，目前不读：请写出公式，如 得分 = {formula}"
            "（名称照事实的名称写）。",)


def _quoted_case(source: Source, token: Token) -> tuple[str, ...]:
    """A cause when reading stopped at a quoted word run on into a case (“五个一”有一个完成不了):
    the quote is read as a note, and what follows it as nothing."""
    if token.type != "STRING" or token.start_pos is None or token.end_pos is None:
        return ()
    before = source.text[_clause_start(source, token.start_pos):token.start_pos].strip()
    if before and before[-1] not in _MINOR_STOPS:  # a quote that opens its clause, not 30日“甲”以内
        return ()
    rest = re.match(r"[^\W\d]{2,}(?=\s*[,，;；。])", source.text[token.end_pos:token.end_pos + _NEAR])
    if rest is None:
        return ()
    inner = str(token)[1:-1]
    deducted = re.search(rf"(?:{_DEDUCT})\s*(\d+(?:\.\d+)?)\s*分",
                         source.text[token.end_pos:_clause_end(source, token.end_pos)])
    scored = f"分值 - {deducted.group(1)}分" if deducted else "0分"
    case = f"{inner}{rest.group()}"
    return (f"「{token}{rest.group()}」：引号里的「{inner}」读作说明文字，紧接着的「{rest.group()}」读不出是"
            f"什么情形，目前不读：请去掉引号，把整个情形写成一个是/否的名称，"
            f"如 得分 = 如果 {case} 则 {scored} 否则 分值。",)


def _scale_points(source: Source, token: Token) -> tuple[str, ...]:
    """A cause when reading stopped at points with 以上 or 以下 opening a clause after one that
    scores (…得满分，85分以下扣2分 / …扣1分；80分以下扣5分): a score on a scale (满意度80分)
    compared, band after band, which reads as the points the indicator gives."""
    if token.type != "POINTS" or token.end_pos is None:
        return ()
    ends = "|".join(sorted(spellings_of("KW_ABOVE", "KW_BELOW"), key=len, reverse=True))
    side = re.match(rf"\s*(?:{ends})", source.text[token.end_pos:token.end_pos + 4])
    before = re.search(r"分\s*[;；,，]\s*$", source.text[max(0, (token.start_pos or 0) - 8):token.start_pos])
    if side is None or before is None:
        return ()
    said = f"{token}{side.group().strip()}"
    return (f"「{said}」比较的是一个分数（如满意度的分数）：计分之后又写一档“{said}”，"
            "这里的“分”读不出是比较的分数还是得分，目前不读："
            "比较的分数不带“分”，逐档写出首尾相接的区间和各档得分，如“满意度≥90，得10分；80（含）-90，得9分；<80，得5分”。",)


def _case_formula(source: Source, token: Token) -> tuple[str, ...]:
    """A cause when reading stopped at the 分 of 得分= after a case (实际完成率<100%，得分=实际完成率×5分):
    the case's score written as a formula of its own, which a case does not hold."""
    start, end = token.start_pos or 0, token.end_pos or 0
    if str(token) == "分" and source.text[start - 1:start] == "得":
        start -= 1  # 得 was read as scoring, and reading stopped at 分
    elif str(token) != "得分":
        return ()
    if not re.match(r"\s*[=＝]", source.text[end:end + 2]):
        return ()
    clause, clause_end = _clause_start(source, start), _clause_end(source, end)
    case = source.text[clause:start].strip().rstrip(",，").strip().removesuffix("的")
    formula = re.sub(r"^\s*[=＝]\s*", "", source.text[end:clause_end]).strip()
    if not case or not formula:
        return ()
    said = source.text[clause:clause_end].strip()
    return (f"「{display.brief(said)}」在情形之后用“得分=…”写了这一情形的得分公式，目前不读："
            f"请写成一条得分公式，如 得分 = 如果 {case} 则 {formula} 否则 …（其余情形的得分）。",)


def _misspelt(text: str, expected: Collection[str]) -> str | None:
    """The keyword spelling one slip away from what was found (扣玩为止: 扣完为止, 不得份: 不得分):
    one character changed, left out or added, among the keywords that could come there, else
    among them all. Spellings of two characters are too near too many words to name one."""
    for pool in ([s for keyword in KEYWORDS if keyword.terminal in expected for s in keyword.spellings],
                 _SPELLINGS):
        close = sorted((s for s in pool if len(s) >= 3 and _one_slip(text, s)),
                       key=lambda s: (len(s) != len(text), s))
        if close:
            return close[0]
    return None


def _one_slip(found: str, spelling: str) -> bool:
    """Whether ``found`` is ``spelling`` with one character changed, left out or added; not when
    it holds the spelling whole (个百分点扣 is the keyword run into more, not a slip)."""
    if spelling in found or abs(len(found) - len(spelling)) > 1:
        return False
    if len(found) == len(spelling):
        return sum(a != b for a, b in zip(found, spelling, strict=True)) == 1
    shorter, longer = sorted((found, spelling), key=len)
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


_SPELLINGS = sorted({s for keyword in KEYWORDS for s in keyword.spellings})



def _hints(text: str, kind: str, expected: Collection[str] = ()) -> tuple[str, ...]:
    hints = []
    if kind == "NAME":
        keyword = keyword_prefix(text)
        if keyword is not None:
            hints.append(f"「{display.brief(text)}」被当成了一个名称：如果「{keyword}」是关键字，请在它后面加空格。")
    if kind in ("NUMBER", "ITEM_NUMBER") and "POINTS" in expected and re.search(r"\d", text):
        # 决策（20）: a weight without 分, whose brackets read as the number of a sentence
        number = re.sub(r"[^\d.]", "", text)
        hints.append(f"分值要带“分”：写作「{number}分」。")
    elif kind in ("NUMBER", "POINTS", "PERCENT"):
        hints.append("名称不能含数字；含数字的名称请写成「名称」。")
    if text in ("“", "”", '"'):
        hints.append("说明文字请用成对的引号 “…” 或 \"…\"。")
    if text and text[0] in BOXES:  # 优□良□中□差□: boxes to tick, with no points to read
        hints.append(f"「{text[0]}」是选项前的方框：每个选项要写明分值，"
                     "如 □张贴于入口（3分）□未张贴（0分）。")
    return tuple(hints)


