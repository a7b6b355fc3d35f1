"""The public entry points: load or compile a rule file into a Ruleset, and score facts with it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .compiler import compile_tree
from .errors import Diagnostic, EvalRulesError
from .evaluator import Program, evaluate
from .facts import Facts, load_facts
from .numbers import exactly
from .parser import MAX_SOURCE_CHARS, parse
from .plan import Plan
from .result import Result
from .source import Source, read_at_most


class Ruleset:
    """A compiled indicator system. Build it with ``evalrules.load`` or ``evalrules.compile``.

    It pickles as its plan; the closures are rebuilt on first use in the receiving process.
    """

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._program: Program | None = None

    @property
    def program(self) -> Program:
        if self._program is None:
            self._program = Program(self.plan)
        return self._program

    @property
    def title(self) -> str | None:
        return self.plan.title

    @exactly
    def evaluate(self, facts: Facts | Mapping[str, object] | str | Path) -> Result:
        """Score a fact set: a Facts, a plain mapping, or the path of a YAML or JSON file."""
        if isinstance(facts, (str, Path)):
            facts = load_facts(facts)
        elif not isinstance(facts, Facts):
            facts = Facts.from_mapping(facts)
        return evaluate(self.program, facts)

    def __getstate__(self) -> dict[str, Any]:
        return {"plan": self.plan}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.plan = state["plan"]
        self._program = None

    def __repr__(self) -> str:
        return f"<Ruleset {self.title or self.plan.source.name}>"


@exactly
def compile(text: str, name: str = "<string>") -> Ruleset:
    """Parse and compile rule text; raise RuleSyntaxError or RuleCompileError on problems."""
    return Ruleset(compile_tree(parse(Source(name, text))))


def load(path: str | Path) -> Ruleset:
    """Read, parse and compile a rule file."""
    path = Path(path)
    try:
        text = read_at_most(path, MAX_SOURCE_CHARS)
    except (OSError, UnicodeDecodeError) as error:
        raise EvalRulesError([Diagnostic("E0001", f"无法读取规则文件 {path}：{error}")]) \
            from None
    return compile(text, str(path))
