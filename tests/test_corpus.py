"""The criteria corpus (issue 8): 评价标准 sentences written in the wording of published score
tables, each wrapped verbatim as the only content of a leaf and scored against hand-computed cases.

Every entry is classified:
- accepted: it compiles and every case gives its hand score exactly;
- refused: compiling or reading a case's facts ends in an EvalRulesError (its code and message
  are recorded);
- misread: it compiles but some case gives another score, or something other than an
  EvalRulesError is raised.

No entry may be misread unless tests/corpus/known-misreads.yaml lists it with its reason; a listed
entry that is no longer misread must leave the list. A refused entry carries
`refused: {code: E…, says: "…"}`: the code it is refused with and words its message must hold, which
quote the sentence's own words (「…」 with two letters or more found in the text), so that every
refusal names its cause (a word, a clause, a construct) and none only the token where reading
stopped (「，」); an entry no longer refused must drop the field. `pytest -s tests/test_corpus.py` prints the
counts; with EVALRULES_CORPUS_REPORT=1 the run also writes tests/corpus/REPORT.md with every
refusal and its message (off by default, so the suite leaves the tree clean).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

import evalrules

CORPUS = Path(__file__).parent / "corpus"
KNOWN = CORPUS / "known-misreads.yaml"
REPORT = CORPUS / "REPORT.md"
SOURCES = sorted(path for path in CORPUS.glob("*.yaml") if path != KNOWN)

SPENDING = {"project", "department", "transfer"}
# The wording families of issue 8 point 2 (and the plain ones the engine already reads).
FAMILIES = {
    "bands": "分档：比较词、符号与区间",
    "equality": "等于、为0、达到",
    "condition": "条件在前：…的，得N分 / 不扣分 / 不得分",
    "levels": "评价人选定的等级：充分/一般/不充分",
    "checklist": "评价要点逐项计分：①…1分；②…1分",
    "deduction": "扣分与扣分上限：每发现一处扣N分、扣完为止",
    "steps": "按幅度或时间扣分：每降低1个百分点、每滞后一天",
    "preamble": "前导语：以100%为标准。以上情况每出现一次…",
    "formula": "得分公式与分值的叫法：实际值/目标值×该指标分值",
    "deviation": "偏离计划：每相差、每超出",
    "level-range": "等级决定得分范围：得分值的80%-100%",
    "penalty": "基础分之外的减分、加分",
    "grades": "等级表：优(90-100分)、良…",
    "choose-one": "择一考核",
    "units": "带单位与比较的目标值：≥50个、≤90万元",
    "compared": "与另一个值比较：达到年度目标值、小于或等于年度目标值",
}


class ExactLoader(yaml.SafeLoader):
    """Reads YAML numbers with a fraction part as the text they are written as (never a float:
    evalrules refuses floats), so `0.5` in a fact or a weight stays exact."""


ExactLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:float"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=ExactLoader)  # a SafeLoader: no tags run code


def entries() -> list[dict[str, Any]]:
    return [entry for path in SOURCES for entry in load(path)]


def known_misreads() -> dict[str, str]:
    listed = load(KNOWN)["known_misreads"] or []
    return {str(item["id"]): str(item["reason"]) for item in listed}


def wrapped(entry: dict[str, Any]) -> str:
    """The entry's sentence as the only content of a leaf, nothing stripped or reworded."""
    weight = entry["weight"]
    return f"满分 {weight}分\n指标 「被测指标」（{weight}分）{{ {entry['text']} }}"


@attrs.frozen
class Outcome:
    id: str
    kind: str  # accepted, refused or misread
    detail: str = ""  # refused: "E0101 message"; misread: what was given instead


def refusal(entry_id: str, error: evalrules.EvalRulesError) -> Outcome:
    first = error.diagnostics[0]
    return Outcome(entry_id, "refused", f"{first.code} {first.message}")


def classify(entry: dict[str, Any]) -> Outcome:
    entry_id = str(entry["id"])
    try:
        rules = evalrules.compile(wrapped(entry))
    except evalrules.EvalRulesError as error:
        return refusal(entry_id, error)
    except Exception as error:  # anything else is a crash, which is worse than a refusal
        return Outcome(entry_id, "misread", f"编译时 {type(error).__name__}: {error}")
    for number, case in enumerate(entry["cases"], 1):
        try:
            total = rules.evaluate(case["facts"]).total
        except evalrules.EvalRulesError as error:
            return refusal(entry_id, error)
        except Exception as error:
            return Outcome(entry_id, "misread", f"第{number}组 {type(error).__name__}: {error}")
        if Fraction(total) != Fraction(str(case["score"])):
            return Outcome(entry_id, "misread",
                           f"第{number}组得 {total} 分，应得 {case['score']} 分")
    return Outcome(entry_id, "accepted")


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    found = {str(entry["id"]): classify(entry) for entry in entries()}
    if os.environ.get("EVALRULES_CORPUS_REPORT") == "1":
        REPORT.write_text(report(found), encoding="utf-8")
    return found


def counts(found: dict[str, Outcome]) -> Counter[str]:
    return Counter(outcome.kind for outcome in found.values())


def report(found: dict[str, Outcome]) -> str:
    by_id = {str(entry["id"]): entry for entry in entries()}
    tally = counts(found)
    lines = [
        "# 评分表原文语料：运行结果", "",
        "由 `EVALRULES_CORPUS_REPORT=1 .venv/bin/pytest -q tests/test_corpus.py` 生成。", "",
        f"共 {len(found)} 条：照原文接受 {tally['accepted']}，拒绝 {tally['refused']}，"
        f"误读 {tally['misread']}。", "",
        "| 条目 | 写法 | 结果 | 错误 | 原文 |", "|---|---|---|---|---|",
    ]
    for entry_id, outcome in found.items():
        if outcome.kind == "accepted":
            continue
        entry = by_id[entry_id]
        text = str(entry["text"]).replace("|", "\\|").replace("\n", " ")
        detail = outcome.detail.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {entry_id} | {entry['family']} | {outcome.kind} | {detail} | {text} |")
    return "\n".join(lines) + "\n"


def test_entries_are_well_formed() -> None:
    seen: set[str] = set()
    for entry in entries():
        entry_id = str(entry["id"])
        assert entry_id not in seen, f"{entry_id} 重复"
        seen.add(entry_id)
        source = entry["source"]
        for field in ("title", "issuer", "year", "address", "province", "spending"):
            assert source.get(field), f"{entry_id} 的来源缺少 {field}"
        assert str(source["address"]).startswith("http"), entry_id
        assert source["spending"] in SPENDING, entry_id
        assert entry["family"] in FAMILIES, f"{entry_id} 的写法 {entry['family']} 不在 FAMILIES 中"
        assert Fraction(str(entry["weight"])) > 0, entry_id
        assert entry["text"].strip(), entry_id
        assert entry["cases"], f"{entry_id} 没有事实数据"
        for case in entry["cases"]:
            assert re.fullmatch(r"-?\d+(\.\d+)?(/\d+)?", str(case["score"])), entry_id
            assert Fraction(str(case["score"])) <= Fraction(str(entry["weight"])), entry_id


_QUOTED = re.compile(r"「([^「」]+)」")


def _plain(text: str) -> str:
    return re.sub(r"[“”\"\s]", "", text)


def quotes_the_sentence(says: str, text: str) -> bool:
    """Whether ``says`` quotes words of the sentence (「…」 of two letters or more, found in it
    with its quotation marks and blanks left out): a cause named, not a comma."""
    return any(len(re.findall(r"[^\W\d_]", quoted)) >= 2 and _plain(quoted) in _plain(text)
               for quoted in _QUOTED.findall(says))


def test_every_refusal_names_its_cause(outcomes: dict[str, Outcome]) -> None:
    wrong = []
    for entry in entries():
        entry_id, expected = str(entry["id"]), entry.get("refused")
        outcome = outcomes[entry_id]
        if outcome.kind != "refused":
            if expected is not None:
                wrong.append(f"{entry_id} 已不再被拒绝，请删去它的 refused")
            continue
        if expected is None:
            wrong.append(f"{entry_id} 被拒绝，请写明 refused: {{code, says}}：{outcome.detail}")
            continue
        assert set(expected) == {"code", "says"}, entry_id
        code, message = outcome.detail.split(" ", 1)
        if code != expected["code"] or expected["says"] not in message:
            wrong.append(f"{entry_id} 应为 {expected['code']}「{expected['says']}」，实为 {outcome.detail}")
        elif not quotes_the_sentence(expected["says"], entry["text"]):
            wrong.append(f"{entry_id} 的 says 没有引出原句中的字词：{expected['says']}")
    assert not wrong, "\n".join(wrong)


def test_known_misreads_name_entries() -> None:
    ids = {str(entry["id"]) for entry in entries()}
    for entry_id, reason in known_misreads().items():
        assert entry_id in ids, f"known-misreads.yaml 列出了不存在的条目 {entry_id}"
        assert reason.strip(), f"{entry_id} 没有写原因"


def test_no_entry_is_misread(outcomes: dict[str, Outcome]) -> None:
    tally = counts(outcomes)
    print(f"\n评分表原文语料 {len(outcomes)} 条：接受 {tally['accepted']}，"
          f"拒绝 {tally['refused']}，误读 {tally['misread']}")
    known = known_misreads()
    unexpected = [f"{o.id}: {o.detail}" for o in outcomes.values()
                  if o.kind == "misread" and o.id not in known]
    assert not unexpected, "误读（得分与手算不同）：\n" + "\n".join(unexpected)
    # A fixed misread leaves the to-do list, so the list stays what is still wrong.
    fixed = [entry_id for entry_id in known if outcomes[entry_id].kind != "misread"]
    assert not fixed, f"已不再误读，请从 known-misreads.yaml 删去：{fixed}"
