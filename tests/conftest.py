from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console, RenderableType

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "rulesets" / "qixia-12345"


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
