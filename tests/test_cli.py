"""The command line as a shell sees it: the same bytes for the same input, whatever the hash seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import SEED

# A metric reading several facts whose names begin alike, used by two leaves: the second leaf
# lists the metric's reads from the plan, not from the order the facts were first read.
SHARED_METRIC = """满分 20分
资金到位率 = 资金到位 / (资金 + 到位 + 资金到)
指标 甲（10分）{
  得分 = 资金到位率×10分
}
指标 乙（10分）{
  得分 = 资金到位率×10分
}
"""
SHARED_FACTS = "资金到位: 5\n资金: 4\n到位: 6\n资金到: 0\n"

# Runs each command through the CLI's main in one process (building the parser once per seed)
# and prints what each wrote and returned.
_DRIVER = """
import io, json, sys
from evalrules.cli import main
shown = []
for argv in json.loads(sys.argv[1]):
    real = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (io.TextIOWrapper(io.BytesIO(), encoding="utf-8") for _ in "oe")
    code = main(argv)
    written = []
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
        written.append(stream.buffer.getvalue().decode("utf-8"))
    sys.stdout, sys.stderr = real
    shown.append([code, *written])
print(json.dumps(shown, ensure_ascii=False))
"""


def test_same_input_gives_the_same_bytes_under_every_hash_seed(tmp_path: Path) -> None:
    (tmp_path / "shared.rules").write_text(SHARED_METRIC, encoding="utf-8")
    (tmp_path / "shared.yaml").write_text(SHARED_FACTS, encoding="utf-8")
    (tmp_path / "none.yaml").write_text("其他: 1\n", encoding="utf-8")
    seed_rules, seed_facts = str(SEED / "qixia-12345.rules"), str(SEED / "facts.yaml")
    commands = []
    for rules, facts in ((seed_rules, seed_facts), ("shared.rules", "shared.yaml")):
        commands += [
            ["eval", rules, "--facts", facts, "--format", "json"],
            ["explain", rules, "--facts", facts, "--all"],
            ["check", rules, "--format", "json"],
            ["check", rules],
            ["eval", rules, "--facts", "none.yaml"],
            ["eval", rules, "--facts", "none.yaml", "--format", "json"],
        ]
    runs = [subprocess.Popen([sys.executable, "-c", _DRIVER, json.dumps(commands)], cwd=tmp_path,
                             stdout=subprocess.PIPE, env={**os.environ, "PYTHONHASHSEED": str(seed)})
            for seed in range(5)]
    outputs = [run.communicate()[0] for run in runs]
    assert all(run.returncode == 0 for run in runs)
    first = json.loads(outputs[0])
    assert [code for code, _, _ in first] == [0, 0, 0, 0, 2, 2] * 2
    # Both leaves list the metric's reads as its formula is written.
    leaves = json.loads(first[6][1])["indicators"]
    assert [[read["name"] for read in leaf["reads"]] for leaf in leaves] == \
        [["资金到位", "资金", "到位", "资金到", "资金到位率"]] * 2
    assert all(output == outputs[0] for output in outputs), "output differs between hash seeds"
