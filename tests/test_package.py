"""The wheel carries the grammar, and the package loads it from there."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT

PROBE = """
import pathlib, evalrules
from evalrules import parser
here = pathlib.Path(evalrules.__file__).parent
assert (here / "grammar" / "evalrules.lark").is_file(), "grammar missing from the package"
assert not (here.parent / "grammar").exists(), "the probe must not see a checkout"
ruleset = evalrules.compile("指标 a（4分）{ 得分 = x×4分 }")
print(ruleset.evaluate({"x": "50%"}).total)
"""


def test_wheel_contains_and_loads_the_grammar(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path),
         str(ROOT)], capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("evalrules-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "evalrules/grammar/evalrules.lark" in names
        assert "evalrules/py.typed" in names
        archive.extractall(tmp_path / "installed")
    probe = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path,
                           env={"PYTHONPATH": str(tmp_path / "installed"),
                                "EVALRULES_CACHE_DIR": str(tmp_path / "cache")},
                           capture_output=True, text=True, check=False)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == "2.00"
