"""docs/errors.md, the code catalogue and the codes the package raises agree."""

from __future__ import annotations

import re

from conftest import ROOT

from evalrules.errors import CODES

_CODE = re.compile(r'"(E\d{4})"')


def test_docs_list_exactly_the_catalogue() -> None:
    documented = set(re.findall(r"^\| (E\d{4}) \|", (ROOT / "docs" / "errors.md").read_text(
        encoding="utf-8"), re.MULTILINE))
    assert documented == set(CODES)


def test_every_catalogued_code_is_raised_somewhere() -> None:
    raised = set()
    for path in (ROOT / "evalrules").glob("*.py"):
        if path.name != "errors.py":
            raised |= set(_CODE.findall(path.read_text(encoding="utf-8")))
    assert raised == set(CODES)
