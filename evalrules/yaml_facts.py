"""Fact files in YAML: composed node by node into plain values, none of YAML 1.1's guesses made.

Apart from facts.py so that PyYAML is imported when a YAML file is read, not with evalrules.
"""

from __future__ import annotations

import re
from decimal import Decimal

import yaml

from . import facts
from .display import brief
from .errors import Diagnostic, FactError
from .facts import (
    _FALSE,
    _INTEGER,
    _NUMBER,
    _TRUE,
    _calendar_date,
    _problem,
)
from .source import Source, Span, point

try:
    from yaml import CSafeLoader as _BaseLoader  # libyaml's parser: eight times faster
except ImportError:
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

# What YAML's reader says, in a policy author's words (as facts._problem reads them).
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "此处不能有“冒号加空格”：含“: ”的文字请加引号"),
    ("tab", "缩进用了制表符，请改用空格"),
    ("cannot start any token", "此处的字符不能开始一项内容：缩进请用空格；以 @ 或 ` 开头的文字请加引号"),
    ("',' or ']'", "方括号 [ 没有配对的 ]"),
    ("',' or '}'", "花括号 { 没有配对的 }"),
    ("could not find expected ':'", "缺少“名称: 值”中的冒号，或上一行的引号没有闭合"),
    ("undefined alias", "引用（*名称）之前没有定义锚点（&名称）"),
    ("another document", "含多个文档（---）：一个事实文件只能有一个"),
    ("end of stream", "文件提前结束：引号或括号没有闭合"),
    ("escape", "双引号文字中的反斜杠转义无效：反斜杠写作 \\\\，或改用单引号"),
    ("unknown directive", "以 % 开头的行是 YAML 的指令：这样开头的文字请加引号"),
    ("tag handle", "以 ! 开头的是 YAML 的标记：这样开头的文字请加引号"),
    ("duplicate anchor", "锚点（&名称）定义了两次"),
    ("alphabetic or numeric", "& 或 * 之后应为锚点的名称：以 & 或 * 开头的文字请加引号"),
    ("comment or a line break", "此处之后只能是注释或换行：含引号或 # 的文字请整个加引号"),
    ("chomping or indentation", "多行文字（| 或 >）之后的写法有误"),
    ("node content", "此处缺少值"),
    ("block end", "缩进不一致"),
    ("expected key", "缩进不一致"),
    ("not allowed in this context", "缩进不一致"),
)
# What YAML's reader refuses before parsing: control characters (tab and line breaks aside).
_UNREADABLE = re.compile("[^\\x09\\x0a\\x0d\\x20-\\x7e\\x85\\xa0-\\ud7ff\\ue000-\\ufffd"
                         "\\U00010000-\\U0010ffff]")


_TAG = "tag:yaml.org,2002:"
# An untagged plain scalar, told apart from one tagged !!str: it is nothing when written as YAML
# writes nothing (~, null, or left empty), and otherwise its text.
_PLAIN = "tag:evalrules,2026:plain"
_NOTHING = frozenset({"", "~", "null", "Null", "NULL"})
_SCALAR_TAGS = frozenset({_PLAIN} | {_TAG + kind for kind in
                                     ("str", "int", "float", "bool", "null", "timestamp")})
_AS_TAGGED = {
    "null": "!!null 只能标在空值（~、null 或不填）上。",
    "bool": "!!bool 的值写作 是、否、true 或 false。",
    "int": "!!int 的值只写数字，如 17：不写前导的 0、下划线、小数点或十六进制。",
    "float": "!!float 的值写作 7.1 这样的数：不写 .inf、.nan 或科学记数法。",
    "timestamp": "!!timestamp 的值写作存在的日期，如 2022-03-01，不带时刻。",
}
_UNTAGGED = "不加标记时，值按规则需要的类型读取：7.1、85%、是、2022-03-01 都可直接写。"


class _Loader(_BaseLoader):
    """YAML's parser and composer without YAML 1.1's guessing of types: a scalar without a tag
    is resolved as plain text, a collection as a map or a list."""

    def resolve(self, kind: type[yaml.Node], value: str | None,
                implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _TAG + "str"
        return _TAG + ("seq" if kind is yaml.SequenceNode else "map")


def load_yaml(source: Source, places: dict[str, Span]) -> object:
    try:
        node = yaml.compose(source.text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        # The reader's own words are English: only their meaning is told, at the place.
        said = " ".join(filter(None, (error.context, error.problem)))
        raise FactError([Diagnostic(
            "E0304", f"不是有效的 YAML：{_problem(said, _YAML_PROBLEMS)}",
            _yaml_place(source, error))]) from None
    except yaml.YAMLError:  # the reader's: a character YAML does not allow
        found = _UNREADABLE.search(source.text)
        place = point(source, found.start()) if found is not None else None
        code = f" U+{ord(found[0]):04X}" if found is not None else ""
        raise FactError([Diagnostic("E0304", f"不是有效的 YAML：含不允许的控制字符{code}", place)]) \
            from None
    except RecursionError:
        raise FactError([Diagnostic("E0304", f"事实文件 {source.name} 嵌套过深")]) from None
    if node is None:
        return None
    return _YamlReader(source, places).value(node, 0)  # the file's own map is level 0


def _yaml_place(source: Source, error: yaml.MarkedYAMLError) -> Span | None:
    """Where the problem was found; where the bracket or quote left open began, if the problem
    is only found at the end of the file."""
    mark = error.problem_mark
    if error.context_mark is not None and (mark is None or not source.text[mark.index:].strip()):
        mark = error.context_mark
    return point(source, mark.index) if mark is not None else None


class _YamlReader:
    """Builds plain values from YAML nodes, noting where each fact's name stands."""

    def __init__(self, source: Source, places: dict[str, Span]) -> None:
        self.source = source
        self.places = places
        self.visited = 0

    def fail(self, message: str, node: yaml.Node | None = None,
             hints: tuple[str, ...] = ()) -> FactError:
        if node is None:
            return FactError([Diagnostic("E0304", f"事实文件 {self.source.name} {message}", None,
                                         hints)])
        return FactError([Diagnostic("E0304", message, self.place(node), hints)])

    def place(self, node: yaml.Node) -> Span:
        return point(self.source, node.start_mark.index)

    def value(self, node: yaml.Node, depth: int) -> object:
        self.visited += 1
        # The limits are the fact reader's own, read from there when used.
        if self.visited > facts.MAX_NODES:
            raise self.fail(f"内容过多（超过 {facts.MAX_NODES} 项，或含层层展开的别名）")
        if depth > facts.MAX_DEPTH:
            raise self.fail(f"嵌套过深（至多 {facts.MAX_DEPTH} 层）", node)
        if isinstance(node, yaml.MappingNode):
            self.expect(node, "map", "映射")
            result: dict[str, object] = {}
            for key_node, value_node in node.value:
                name = self.name(key_node)
                if name in result:
                    raise self.fail(f"「{brief(name)}」出现了两次", key_node)
                if depth == 0:
                    self.places[name] = self.place(key_node)
                result[name] = self.value(value_node, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            self.expect(node, "seq", "列表")
            return [self.value(item, depth + 1) for item in node.value]
        assert isinstance(node, yaml.ScalarNode)
        return self.scalar(node)

    def expect(self, node: yaml.Node, kind: str, words: str) -> None:
        if node.tag != _TAG + kind:
            raise self.fail(_unsupported(node.tag, words), node)

    def name(self, node: yaml.Node) -> str:
        """A name is the text written, whatever YAML would make of it (on, 1.0, ~)."""
        self.visited += 1  # a node walked, as its value is
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail("名称不能是列表或映射", node)
        if node.tag not in (_PLAIN, _TAG + "str"):
            raise self.fail(f"名称不能带标记 {_short(node.tag)}：名称总按写出的文字读", node)
        if node.tag == _PLAIN and node.value == "<<":
            raise self.fail("不支持合并键 <<：请把要合并的内容直接写出", node)
        if not node.value.strip():
            raise self.fail("名称为空", node)
        return str(node.value)

    def scalar(self, node: yaml.ScalarNode) -> object:
        """A plain scalar is its text (or nothing); a tag must agree with reading the text."""
        tag, text = node.tag, str(node.value)
        if tag == _PLAIN:
            return None if text in _NOTHING else text
        if tag == _TAG + "str":
            return text
        if tag not in _SCALAR_TAGS:
            raise self.fail(_unsupported(tag, "单个值"), node)
        kind, word = tag.removeprefix(_TAG), text.strip().lower()
        if kind == "null" and text in _NOTHING:
            return None
        if kind == "bool" and word in _TRUE | _FALSE:
            return word in _TRUE
        if (kind == "int" and _INTEGER.match(text)) or (kind == "float" and _NUMBER.match(text)):
            return Decimal(text.strip())
        if kind == "timestamp" and _calendar_date(text) is not None:
            return text  # read as a date where a rule needs one, as any date written
        raise self.fail(f"标记 !!{kind} 与所标的值「{brief(text)}」不符", node,
                        (_AS_TAGGED[kind], _UNTAGGED))


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _unsupported(tag: str, words: str) -> str:
    if tag in _SCALAR_TAGS or tag in (_TAG + "map", _TAG + "seq"):
        return f"标记 {_short(tag)} 不能用于{words}"
    return f"不支持的标记 {brief(tag)}（事实文件只能含名称、数、文字和列表）"
