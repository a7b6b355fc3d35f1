"""The public entry points: load or compile a rule file into a Ruleset, and score facts with it."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator, Mapping
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, overload

from .compiler import compile_tree
from .errors import Diagnostic, EvalRulesError
from .numbers import exactly
from .parser import MAX_SOURCE_CHARS, parse
from .plan import Plan
from .source import Source, read_at_most

# Scoring is imported when a ruleset first scores, so that loading rules (a command's first
# step, and all of `check`) does not pay for it.
if TYPE_CHECKING:
    from .evaluator import Program
    from .facts import Facts
    from .result import Result


class Ruleset:
    """A compiled indicator system. Build it with ``evalrules.load`` or ``evalrules.compile``.

    It pickles as its plan; the closures are rebuilt on first use in the receiving process.
    """

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._programs: dict[bool, Program] = {}

    def program(self, trace: bool = True) -> Program:
        """The plan as closures, with the trace recorded or not; built once each."""
        from .evaluator import Program

        program = self._programs.get(trace)
        if program is None:
            program = self._programs[trace] = Program(self.plan, traced=trace)
        return program

    @property
    def title(self) -> str | None:
        return self.plan.title

    @exactly
    def evaluate(self, facts: FactsGiven, trace: bool = True) -> Result:
        """Score a fact set: a Facts, a plain mapping, or the path of a YAML or JSON file.

        With ``trace=False`` the result has the same total, grade and scores, and no trace:
        no reads, no steps (a veto keeps whether it held, with its condition as written)."""
        from .evaluator import evaluate

        return evaluate(self.program(trace), facts_of(facts))

    @overload
    def evaluate_many(self, rows: Iterable[FactsGiven], *, trace: bool = ...,
                      errors: Literal["raise"] = ...) -> Iterator[Result]: ...

    @overload
    def evaluate_many(self, rows: Iterable[FactsGiven], *, trace: bool = ...,
                      errors: Literal["return"]) -> Iterator[Result | EvalRulesError]: ...

    def evaluate_many(self, rows: Iterable[FactsGiven], *, trace: bool = False,
                      errors: str = "raise") -> Iterator[Result | EvalRulesError]:
        """Score fact sets as they come, lazily, with the trace off unless asked for.

        A fact set that cannot be scored raises its error (``errors="raise"``), or, with
        ``errors="return"``, its error takes its place and the rest are still scored."""
        from .evaluator import evaluate

        if errors not in ("raise", "return"):
            raise ValueError(f"errors must be 'raise' or 'return', not {errors!r}")
        program = self.program(trace)
        for row in rows:
            try:
                yield exactly(evaluate)(program, facts_of(row))
            except EvalRulesError as error:
                if errors != "return":
                    raise
                yield error

    def __getstate__(self) -> dict[str, Any]:
        return {"plan": self.plan}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.plan = state["plan"]
        self._programs = {}

    def __repr__(self) -> str:
        return f"<Ruleset {self.title or self.plan.source.name}>"


FactsGiven: TypeAlias = "Facts | Mapping[str, object] | str | PathLike[str]"


def facts_of(given: FactsGiven) -> Facts:
    """Facts as given to evaluate: a Facts, a mapping, or a fact file's path."""
    from .facts import Facts, load_facts

    if isinstance(given, (str, PathLike)):
        return load_facts(Path(given))
    if isinstance(given, Facts):
        return given
    return Facts.from_mapping(given)


@exactly
def compile(text: str, name: str = "<string>") -> Ruleset:
    """Parse and compile rule text; raise RuleSyntaxError or RuleCompileError on problems."""
    with _cycle_collection_paused():
        return Ruleset(compile_tree(parse(Source(name, text))))


@contextlib.contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a rule file is read, as it was before after.

    Parsing and compiling build trees that hold no reference cycles, freed by reference counting
    alone; but they build them fast enough that the collector runs again and again over what is
    already built, a tenth of the time for 2,000 indicators (docs/performance.md)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def load(path: str | Path) -> Ruleset:
    """Read, parse and compile a rule file."""
    path = Path(path)
    try:
        text = read_at_most(path, MAX_SOURCE_CHARS)
    except (OSError, UnicodeDecodeError) as error:
        raise EvalRulesError([Diagnostic("E0001", f"无法读取规则文件 {path}：{error}")]) \
            from None
    return compile(text, str(path))
