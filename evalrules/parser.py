"""Rule text -> syntax tree. The Lark parser is built once; its failures become diagnostics."""

from __future__ import annotations

import difflib
import functools
import importlib.resources
import re
from collections.abc import Collection
from contextvars import ContextVar
from pathlib import Path

import attrs
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
from .keywords import KEYWORDS, grammar_terminals, keyword_prefix
from .source import Source, Span, point
from .transformer import ToAst, date_of, number_of

GRAMMAR_FILE = "evalrules.lark"
# Limits that keep every later stage (all recursive over the tree) far from Python's own.
MAX_SOURCE_CHARS = 2_000_000
MAX_DEPTH = 120
MAX_INDICATORS = 20_000
_LETTERS = re.compile(r"[^\W\d]+")

# What each terminal is, in the words of a policy author, for "expected …" messages.
_TERMINAL_WORDS = {
    "NAME": "名称", "QUOTED_NAME": "「名称」", "BAND_NAME": "名称", "NAME_BEFORE_WITH": "名称",
    "NAME_BEFORE_DIFFERENCE": "名称", "LEVEL_NAME": "等级（如 充分得3分）",
    "LEVEL_START": "等级（如 充分得3分）", "LEVEL_SEP": "；",
    "BAND_SEP": "；", "STRING": "“说明文字”",
    "OCCURRENCE_NAME": "出现的情形（如 无人在岗）", "PERCENT": "百分数（如 96%）",
    "POINTS": "分值（如 4分）", "NUMBER": "数字", "INCLUSIVE": "（含）", "EXCLUSIVE": "（不含）",
    "COMPARE_OP": "比较符（≥ ≤ > <）", "EQUALS": "=", "PLUS": "+", "MINUS": "-",
    "TIMES": "×", "DIVIDE": "/", "BAR": "|", "DATE": "日期（如 2023-12-31）", "RANGE_DASH": "-",
    "LIMIT_OPEN": "（超过…按…计）", "CONDITION": "条件（如 因政策调整未完成的，不扣分）",
    "SEPARATOR": "；", "COLON": "：", "COMMA": "，", "LPAR": "（", "RPAR": "）",
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


@functools.cache
def lark_parser() -> Lark:
    return Lark(
        grammar_text() + grammar_terminals(),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=True,
        lexer_callbacks={"COMMENT": _keep_comment, "KW_LEVEL": _count_indicator},
    )




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
        raise RuleSyntaxError([_diagnose(source, error)]) from None
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


_OPERAND = {"NUMBER", "PERCENT", "POINTS", "NAME", "QUOTED_NAME", "STRING", "LPAR", "MINUS",
            "KW_TRUE", "KW_FALSE"}


def _words(terminals: set[str]) -> str:
    terminals = {t.lstrip("_") for t in terminals if t != "WHITESPACE"}
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
    start = point(source, token.start_pos)
    end = point(source, token.end_pos) if token.end_pos < len(source.text) else None
    return Span(source, start.line, start.column,
                end.line if end else start.line,
                end.column if end else start.column + len(token), token.start_pos, token.end_pos)


def _diagnose(source: Source, error: UnexpectedInput) -> Diagnostic:
    if isinstance(error, UnexpectedToken) and error.token.type == "$END":
        return Diagnostic("E0103", f"文件在这里结束了，但还缺少：{_words(error.expected)}",
                          point(source, len(source.text)),
                          ("检查括号 { } 和（ ）是否成对。",))
    if isinstance(error, UnexpectedEOF):
        return Diagnostic("E0103", f"文件在这里结束了，但还缺少：{_words(set(error.expected))}",
                          point(source, len(source.text)), ("检查括号 { } 和（ ）是否成对。",))
    if isinstance(error, UnexpectedToken):
        token = error.token
        misspelt = _misspelt(str(token), error.expected) if token.type == "NAME" else ()
        hints = misspelt or (_hints(str(token), token.type, error.expected)
                             + _glued_keyword(source, token))
        return Diagnostic("E0101", f"这里不应出现「{token}」；此处应为：{_words(error.expected)}",
                          _token_span(source, token), hints)
    assert isinstance(error, UnexpectedCharacters)
    position = error.pos_in_stream or 0
    char = source.text[position]
    allowed = _words(error.allowed) if error.allowed else ""
    message = f"无法识别的字符「{char}」" + (f"；此处应为：{allowed}" if allowed else "")
    return Diagnostic("E0102", message, point(source, position), _hints(char, ""))


def _glued_keyword(source: Source, token: Token) -> tuple[str, ...]:
    """A hint when the word before the error begins with a keyword run into a name (如果达标)."""
    start = token.start_pos or 0
    line_start = source.text.rfind("\n", 0, start) + 1
    words = _LETTERS.findall(source.text[line_start:start])
    keyword = keyword_prefix(words[-1]) if words else None
    if keyword is None:
        return ()
    return (f"「{words[-1]}」被当成了一个名称：如果「{keyword}」是关键字，请在它后面加空格。",)


def _misspelt(text: str, expected: Collection[str]) -> tuple[str, ...]:
    """A hint when what was found is close to a keyword that was expected (扣玩为止)."""
    wanted = [s for keyword in KEYWORDS if keyword.terminal in expected for s in keyword.spellings]
    close = difflib.get_close_matches(text, wanted, n=1, cutoff=0.6)
    return (f"是否想写「{close[0]}」？",) if close else ()


def _hints(text: str, kind: str, expected: Collection[str] = ()) -> tuple[str, ...]:
    hints = []
    if kind == "NAME":
        keyword = keyword_prefix(text)
        if keyword is not None:
            hints.append(f"「{text}」被当成了一个名称：如果「{keyword}」是关键字，请在它后面加空格。")
    if kind == "NUMBER" and "POINTS" in expected:
        hints.append(f"分值要带“分”：写作「{text}分」。")
    elif kind in ("NUMBER", "POINTS", "PERCENT"):
        hints.append("名称不能含数字；含数字的名称请写成「名称」。")
    if text in ("“", "”", '"'):
        hints.append("说明文字请用成对的引号 “…” 或 \"…\"。")
    return tuple(hints)


