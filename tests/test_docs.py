"""The examples in the docs and the README run: they cannot rot.

In a Markdown file, each ```evalrules block must compile. The ```yaml blocks after it are fact
sets for it; a ```text block after a fact set states the total (and grade) it must give. Each
command of a ```console block runs, and must write what the block shows after it.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import evalrules
from evalrules import numbers
from evalrules.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", ROOT / "docs" / "language.md", ROOT / "docs" / "auditing.md"]
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
_EXPECT = re.compile(r"总分\s+(\S+)(?:\s+等级\s+(\S+))?")


def examples(path: Path) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Each rules block with its (facts, expected) pairs, in the order the file gives them."""
    found: list[tuple[str, list[tuple[str, str | None]]]] = []
    for kind, body in _BLOCK.findall(path.read_text(encoding="utf-8")):
        if kind == "evalrules":
            found.append((body, []))
        elif kind == "yaml" and found:
            found[-1][1].append((body, None))
        elif kind == "text" and found and found[-1][1]:
            facts, _ = found[-1][1][-1]
            found[-1][1][-1] = (facts, body)
    return found


CASES = [pytest.param(rules, checks, id=f"{path.name}-{index}")
         for path in DOCS for index, (rules, checks) in enumerate(examples(path))]


def test_the_docs_have_examples() -> None:
    assert len(CASES) >= 8


@pytest.mark.parametrize(("rules", "checks"), CASES)
def test_doc_example(rules: str, checks: list[tuple[str, str | None]], tmp_path: Path) -> None:
    ruleset = evalrules.compile(rules, "example.rules")
    for index, (facts, expected) in enumerate(checks):
        path = tmp_path / f"facts{index}.yaml"
        path.write_text(facts, encoding="utf-8")
        result = ruleset.evaluate(path)
        if expected is None:
            continue
        match = _EXPECT.search(expected)
        assert match, f"cannot read the expected result {expected!r}"
        assert numbers.to_text(result.total) == match[1]
        if match[2]:
            assert result.grade == match[2]


# ```console blocks: each `$ evalrules …` line runs in a folder that has the repository's
# rulesets/, and what it writes must be the lines after it; a line "…" stands for any lines, and
# "…" ending a line for the rest of that line. It must exit 0, or as a `$ echo $?` after it says.
# NAME=value before evalrules sets the environment.
_CONSOLE_DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def commands(path: Path) -> list[tuple[str, str, int]]:
    found: list[tuple[str, str, int]] = []
    for kind, body in _BLOCK.findall(path.read_text(encoding="utf-8")):
        if kind != "console":
            continue
        for command in re.split(r"^\$ ", body, flags=re.MULTILINE)[1:]:
            line, _, output = command.partition("\n")
            if line == "echo $?" and found:
                found[-1] = (*found[-1][:2], int(output))
            else:
                found.append((line, output, 0))
    return found


COMMANDS = [pytest.param(line, output, code, id=f"{path.name}-{index}")
            for path in _CONSOLE_DOCS
            for index, (line, output, code) in enumerate(commands(path))]


def _shown(expected: str) -> re.Pattern[str]:
    lines = [".*?" if line == "…" else re.escape(line.removesuffix("…")) +
             (".*?" if line.endswith("…") else "") for line in expected.split("\n")]
    return re.compile("\n".join(lines), re.DOTALL)


@pytest.mark.parametrize(("line", "expected", "code"), COMMANDS)
def test_doc_command(line: str, expected: str, code: int, tmp_path: Path,
                     monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "rulesets").symlink_to(ROOT / "rulesets")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")  # the width the examples were written at
    program, *args = shlex.split(line)
    while "=" in program:  # COLUMNS=80 evalrules …: the width the output is laid out for
        monkeypatch.setenv(*program.split("=", 1))
        program, *args = args
    assert program == "evalrules"
    assert main(args) == code
    said = capsys.readouterr()
    shown = (said.out + said.err).replace("\r\n", "\n")  # CSV's line ends, which a page cannot show
    assert _shown(expected).fullmatch(shown), shown
