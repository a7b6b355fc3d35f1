from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from rich.console import Console, RenderableType

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "rulesets" / "qixia-12345"

_CACHE = pytest.StashKey[tuple[str, str | None]]()


def pytest_configure(config: pytest.Config) -> None:
    """The parser is cached in a folder of this run's own, never in the user's cache folder
    (evalrules.parser.cache_dir); processes the tests start inherit it."""
    folder = tempfile.mkdtemp(prefix="evalrules-cache-")
    config.stash[_CACHE] = (folder, os.environ.get("EVALRULES_CACHE_DIR"))
    os.environ["EVALRULES_CACHE_DIR"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder, before = config.stash[_CACHE]
    shutil.rmtree(folder, ignore_errors=True)
    if before is None:
        os.environ.pop("EVALRULES_CACHE_DIR", None)
    else:
        os.environ["EVALRULES_CACHE_DIR"] = before


def render_text(renderable: RenderableType, width: int = 100) -> str:
    """What a terminal of ``width`` cells would show, without colour."""
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False,
                      legacy_windows=False)
    console.print(renderable)
    output = console.file
    assert isinstance(output, io.StringIO)
    return "\n".join(line.rstrip() for line in output.getvalue().splitlines()) + "\n"


@pytest.fixture(scope="session")
def seed_rules() -> Path:
    return SEED / "qixia-12345.rules"
