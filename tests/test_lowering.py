"""The lowered plan and the fast path: the plan is data of its own (no syntax-tree node, no
keyword table), and scoring with the trace off gives what scoring with it gives, lazily for
many fact sets, building no trace text."""

from __future__ import annotations

import ast as python_ast
import itertools
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from test_cases import facts_of, good_cases

import evalrules
from evalrules import ast, plan, record
from evalrules.keywords import KEYWORDS

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "evalrules"
RULESETS = sorted(ROOT.glob("rulesets/*/*.rules")) + sorted((ROOT / "tests/cases/good").glob("*.rules"))


def _imports(module: str) -> set[str]:
    tree = python_ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in python_ast.walk(tree):
        if isinstance(node, python_ast.ImportFrom):
            found.add(node.module or "")
            found.update(alias.name for alias in node.names if not node.module)
    return found


@pytest.mark.parametrize("module", ["plan", "evaluator", "record", "trace"])
def test_the_plan_and_evaluator_know_nothing_of_the_syntax_tree_or_the_keywords(module: str) -> None:
    assert not {"ast", "keywords", "compiler", "parser", "transformer"} & _imports(module)


def _objects(value: object) -> Iterator[object]:
    """Every object reachable from a plan through attrs fields, tuples and mappings."""
    pending, seen = [value], set()
    while pending:
        item = pending.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if attrs.has(type(item)):
            pending.extend(getattr(item, field.name) for field in attrs.fields(type(item)))
        elif isinstance(item, (tuple, list)):
            pending.extend(item)
        elif isinstance(item, dict):
            pending.extend(item.values())


@pytest.mark.parametrize("path", RULESETS, ids=[p.stem for p in RULESETS])
def test_a_compiled_plan_holds_only_plan_nodes(path: Path) -> None:
    compiled = evalrules.load(path).plan
    kinds = {type(item).__module__ for item in _objects(compiled) if attrs.has(type(item))}
    assert kinds <= {"evalrules.plan", "evalrules.source", "evalrules.numbers"}, kinds
    # Operators are symbols and functions keys: no keyword spelling decides anything there.
    spellings = {s for keyword in KEYWORDS for s in keyword.spellings}
    for item in _objects(compiled):
        if isinstance(item, (plan.Arithmetic, plan.Compare)):
            assert item.op not in spellings
        if isinstance(item, plan.Call):
            assert item.function.isascii()


def test_every_leaf_ends_in_its_bounds_and_the_plan_names_its_operations() -> None:
    ruleset = evalrules.load(next(ROOT.glob("rulesets/qixia-12345/*.rules")))
    for leaf in ruleset.plan.leaves():
        kinds = [type(op) for op in leaf.ops]
        assert plan.Bound in kinds and kinds.index(plan.Bound) > 0
        assert kinds[-1] is plan.Round  # the seed rounds each leaf to 2 places
    # 知晓率: the formula, its declared cap (超过10分按10分计), the bounds, the rounding.
    leaf = next(leaf for leaf in ruleset.plan.leaves() if leaf.name == "公众知晓率")
    assert [type(op) for op in leaf.ops] == [plan.Formula, plan.Limit, plan.Bound, plan.Round]
    assert not any(isinstance(item, ast.Literal) for item in _objects(leaf))


def _scores(result: evalrules.Result) -> list[tuple[tuple[str, ...], object, object, bool]]:
    found, pending = [], list(result.indicators)
    while pending:
        node = pending.pop()
        found.append((node.path, node.score, node.weight, node.applies))
        pending.extend(node.children)
    return found


@pytest.mark.parametrize(("rules", "case"), good_cases())
def test_the_trace_off_gives_the_same_total_grade_and_scores(rules: Path, case: Any) -> None:
    ruleset = evalrules.load(rules)
    facts = facts_of(case)
    try:
        traced = ruleset.evaluate(facts)
    except evalrules.EvalRulesError as error:
        with pytest.raises(evalrules.EvalRulesError) as caught:
            ruleset.evaluate(facts, trace=False)
        assert caught.value.codes == error.codes
        return
    fast = ruleset.evaluate(facts, trace=False)
    assert (fast.total, fast.grade, fast.bonus, fast.graded) == \
        (traced.total, traced.grade, traced.bonus, traced.graded)
    assert _scores(fast) == _scores(traced)
    assert [veto.held for veto in fast.vetoes] == [veto.held for veto in traced.vetoes]
    assert all(not leaf.reads and not leaf.steps for leaf in fast.leaves())
    assert [loss.lost for loss in fast.losses] == [loss.lost for loss in traced.losses]


def test_the_null_recorder_writes_no_trace_text(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> str:
        raise AssertionError("trace text written with the trace off")

    monkeypatch.setattr(record, "reductions", refuse)
    monkeypatch.setattr(record, "substitute", refuse)
    seed = next(ROOT.glob("rulesets/qixia-12345/*.rules"))
    ruleset = evalrules.load(seed)
    result = ruleset.evaluate(seed.parent / "facts.yaml", trace=False)
    assert str(result.total) == "92.31"
    with pytest.raises(AssertionError, match="trace off"):
        ruleset.evaluate(seed.parent / "facts.yaml")


RULES = """
满分 10分
指标 资金到位率（10分）{ 得分 = 实际到位资金/预算资金×10分 }
"""


def test_evaluate_many_is_lazy_and_says_which_rows_failed() -> None:
    ruleset = evalrules.compile(RULES)
    pulled = []

    def rows() -> Iterator[dict[str, str]]:
        for index in itertools.count():
            pulled.append(index)
            yield {"实际到位资金": str(index), "预算资金": "0" if index == 2 else "10"}

    results = ruleset.evaluate_many(rows(), errors="return")
    first = [next(results) for _ in range(4)]
    assert pulled == [0, 1, 2, 3]  # one row read per result: nothing read ahead
    assert [r.total for r in first if isinstance(r, evalrules.Result)] == \
        [Decimal(0), Decimal(1), Decimal(3)]
    assert isinstance(first[2], evalrules.EvaluationError) and first[2].codes == ("E0401",)
    assert not first[0].leaves()[0].steps  # the trace is off unless asked for
    with pytest.raises(evalrules.EvaluationError):
        list(ruleset.evaluate_many([{"实际到位资金": "1", "预算资金": "0"}]))
    traced = next(ruleset.evaluate_many([{"实际到位资金": "1", "预算资金": "10"}], trace=True))
    assert traced.leaves()[0].steps
    with pytest.raises(ValueError, match="errors"):
        next(ruleset.evaluate_many([], errors="ignore"))  # type: ignore[call-overload]


def test_a_ruleset_pickles_as_its_plan_and_scores_alike_after() -> None:
    import pickle

    ruleset = evalrules.compile(RULES)
    ruleset.evaluate({"实际到位资金": "1", "预算资金": "3"}, trace=False)
    copy = pickle.loads(pickle.dumps(ruleset))
    facts = {"实际到位资金": "1", "预算资金": "3"}
    assert copy.evaluate(facts, trace=False).total == ruleset.evaluate(facts).total


def test_a_plan_pickles_to_an_equal_plan() -> None:
    import pickle

    compiled = evalrules.load(next(ROOT.glob("rulesets/qixia-12345/*.rules"))).plan
    assert pickle.loads(pickle.dumps(compiled)) == compiled
