"""Cold start: the parser kept between processes, and what `import evalrules` leaves out.

Building the LALR tables is most of a cold start, so the built parser is kept in the user's cache
folder (evalrules.parser.cached_parser). What is shown here: a kept parser parses exactly as a
freshly built one, its lexer callbacks included; one kept for another grammar, or damaged, or in
a place someone else could have written to, is never loaded; and loading one is a small part of
the work of building one (counted as tests/test_limits.py counts, not timed). Every test keeps
its parser in its own tmp_path, never in the user's cache folder.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from lark import Lark
from test_limits import counted

import evalrules
from evalrules import keywords, parser
from evalrules.source import Source

ROOT = Path(__file__).resolve().parent.parent
RULESETS = sorted((ROOT / "rulesets").glob("*/*.rules"))


@pytest.fixture
def grammar() -> str:
    return parser.grammar_text() + keywords.grammar_terminals()


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The grammars a parser was built from (rather than loaded) while the test ran."""
    grammars: list[str] = []

    class Counting(Lark):
        def __init__(self, grammar: str, **options: object) -> None:
            grammars.append(grammar)
            super().__init__(grammar, **options)

    monkeypatch.setattr(parser, "Lark", Counting)
    yield grammars


def kept(folder: Path) -> list[Path]:
    return sorted(folder.iterdir())


def syntax_tree(lark: Lark, path: Path, monkeypatch: pytest.MonkeyPatch) -> evalrules.ast.Ruleset:
    """The syntax tree of a rule file, read with the given parser."""
    with monkeypatch.context() as patched:
        patched.setattr(parser, "lark_parser", lambda: lark)
        return parser.parse(Source(path.name, path.read_text(encoding="utf-8")))


def test_a_kept_parser_reads_every_ruleset_as_a_fresh_one(
        grammar: str, tmp_path: Path, built: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = parser.cached_parser(grammar, None)
    parser.cached_parser(grammar, tmp_path)  # built and kept
    loaded = parser.cached_parser(grammar, tmp_path)
    assert len(built) == 2, "the second parser should have been loaded, not built"
    assert [file.name for file in kept(tmp_path)] == [f"parser-{parser.grammar_digest(grammar)[:32]}.pickle"]
    assert RULESETS
    for path in RULESETS:
        # Spans, comments (a lexer callback keeps them) and every node alike.
        expected = syntax_tree(fresh, path, monkeypatch)
        assert expected.comments
        assert syntax_tree(loaded, path, monkeypatch) == expected, path


def test_the_indicator_limit_stops_a_kept_parser(
        grammar: str, tmp_path: Path, built: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    parser.cached_parser(grammar, tmp_path)
    loaded = parser.cached_parser(grammar, tmp_path)
    assert len(built) == 1
    monkeypatch.setattr(parser, "MAX_INDICATORS", 3)
    monkeypatch.setattr(parser, "lark_parser", lambda: loaded)
    leaves = "".join(f"指标 「甲{n}」（1分）{{ 得分 = 1分 }}\n" for n in range(5))
    with pytest.raises(evalrules.RuleSyntaxError) as caught:
        evalrules.compile(leaves)
    assert caught.value.codes == ("E0221",)
    assert caught.value.diagnostics[0].span.line == 4


def test_loading_is_a_small_part_of_building(grammar: str, tmp_path: Path) -> None:
    building = counted(lambda: parser.cached_parser(grammar, tmp_path))
    loading = counted(lambda: parser.cached_parser(grammar, tmp_path))
    assert loading.calls * 10 < building.calls, (loading, building)


def test_a_parser_kept_for_another_grammar_is_not_used(
        grammar: str, tmp_path: Path, built: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    parser.cached_parser(grammar, tmp_path)
    # A spelling added to the keyword table: the tables kept for the old one would not know it.
    level = next(k for k in keywords.KEYWORDS if k.terminal == "KW_LEVEL")
    widened = attrs.evolve(level, spellings=(*level.spellings, "考核指标"))
    monkeypatch.setattr(keywords, "KEYWORDS",
                        tuple(widened if k is level else k for k in keywords.KEYWORDS))
    monkeypatch.setenv("EVALRULES_CACHE_DIR", str(tmp_path))
    lark = parser.lark_parser.__wrapped__()
    assert len(built) == 2 and built[1] != grammar
    monkeypatch.setattr(parser, "lark_parser", lambda: lark)
    assert evalrules.compile("考核指标 甲（1分）{ 得分 = 1分 }").plan is not None
    # The old grammar's parser is dropped, the new one kept in its place.
    assert kept(tmp_path) == [tmp_path / f"parser-{parser.grammar_digest(built[1])[:32]}.pickle"]


def test_a_file_named_for_this_grammar_but_written_for_another_is_not_used(
        grammar: str, tmp_path: Path, built: list[str]) -> None:
    other = grammar + "\n// another grammar\n"
    parser.cached_parser(other, tmp_path)
    [other_file] = kept(tmp_path)
    other_file.rename(tmp_path / f"parser-{parser.grammar_digest(grammar)[:32]}.pickle")
    parser.cached_parser(grammar, tmp_path)
    assert built == [other, grammar]


class _Planted:
    """A pickle that, were it loaded as pickles usually are, would make a folder."""

    def __init__(self, where: Path) -> None:
        self.where = where

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.where),)


@pytest.mark.parametrize("damage", ["truncated", "empty", "no header", "garbage", "planted"])
def test_a_damaged_parser_is_rebuilt_and_replaced(
        damage: str, grammar: str, tmp_path: Path, built: list[str]) -> None:
    parser.cached_parser(grammar, tmp_path)
    [file] = kept(tmp_path)
    good = file.read_bytes()
    header = good[:good.index(b"\n") + 1]
    planted = tmp_path.parent / f"{tmp_path.name}-planted"
    file.write_bytes({
        "truncated": good[:len(good) // 2],
        "empty": b"",
        "no header": good[len(header):],
        "garbage": header + b"\x80\x05not a pickle",
        "planted": header + pickle.dumps(_Planted(planted)),
    }[damage])
    parser.cached_parser(grammar, tmp_path)
    assert len(built) == 2
    assert not planted.exists()
    assert [path.name for path in kept(tmp_path)] == [file.name]  # no partial file left
    parser.cached_parser(grammar, tmp_path)  # the rebuilt parser replaced the damaged one
    assert len(built) == 2


def test_a_parser_others_could_have_written_is_not_loaded(
        grammar: str, tmp_path: Path, built: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    parser.cached_parser(grammar, tmp_path)
    [file] = kept(tmp_path)
    file.chmod(0o666)
    parser.cached_parser(grammar, tmp_path)
    assert len(built) == 2
    # Another user's file (as seen by a process of another user id).
    file.chmod(0o600)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(file).st_uid + 1)
    parser.cached_parser(grammar, tmp_path)
    assert len(built) == 3


def test_a_link_in_the_cache_folder_is_not_followed(
        grammar: str, tmp_path: Path, built: list[str]) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    parser.cached_parser(grammar, elsewhere)
    [original] = kept(elsewhere)
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    (folder / original.name).symlink_to(original)
    parser.cached_parser(grammar, folder)
    assert len(built) == 2


def test_a_folder_others_can_write_to_is_not_used(
        grammar: str, tmp_path: Path, built: list[str]) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    parser.cached_parser(grammar, shared)
    parser.cached_parser(grammar, shared)
    assert len(built) == 2
    assert kept(shared) == []


def test_a_missing_folder_is_made_private(grammar: str, tmp_path: Path, built: list[str]) -> None:
    folder = tmp_path / "new" / "evalrules"
    parser.cached_parser(grammar, folder)
    assert folder.stat().st_mode & 0o777 == 0o700
    parser.cached_parser(grammar, folder)
    assert len(built) == 1


def test_a_cache_that_cannot_be_written_leaves_nothing_behind(
        grammar: str, tmp_path: Path, built: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    assert parser.cached_parser(grammar, tmp_path).parse("满分 1分\n") is not None
    assert kept(tmp_path) == []


def test_the_cache_folder_is_chosen_by_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVALRULES_CACHE_DIR", str(tmp_path / "chosen"))
    assert parser.cache_dir() == tmp_path / "chosen"
    monkeypatch.delenv("EVALRULES_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert parser.cache_dir() == tmp_path / "xdg" / "evalrules"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # not a place the specification allows
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert parser.cache_dir() == tmp_path / "home" / ".cache" / "evalrules"



def test_import_leaves_out_what_loading_rules_does_not_need(tmp_path: Path) -> None:
    probe = ("import sys, evalrules\n"
             "print(sorted({'yaml', 'rich'} & {name.split('.')[0] for name in sys.modules}))")
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           check=True, cwd=tmp_path)
    assert shown.stdout.strip() == "[]"
