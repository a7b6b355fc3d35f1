"""The command line as a shell sees it: the same bytes for the same input, whatever the hash seed;
output that cannot be written said so, and a reader that stops early stopping it quietly."""

from __future__ import annotations

import fcntl
import json
import os
import shlex
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import SEED

from evalrules.cli import main

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
# Errors whose words come from sets: what a parser expected, names close to a misspelt one.
WRONG_NAMES = ("满分 10分\n指标 a（8分）{ 得分 = 最小(x, y) }\n"
               "指标 b（3分）{ 得分 = 如果 达标 则 1分 否则 达标 }\n")
WRONG_SYNTAX = "满分 10分\n指标 资金到位率（10分）{\n  得分 = 实际到位资金/ × 10分\n"

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
    (tmp_path / "names.rules").write_text(WRONG_NAMES, encoding="utf-8")
    (tmp_path / "syntax.rules").write_text(WRONG_SYNTAX, encoding="utf-8")
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
    for rules in ("names.rules", "syntax.rules"):
        commands += [["check", rules], ["check", rules, "--format", "json"]]
    runs = [subprocess.Popen([sys.executable, "-c", _DRIVER, json.dumps(commands)], cwd=tmp_path,
                             stdout=subprocess.PIPE, env={**os.environ, "PYTHONHASHSEED": str(seed)})
            for seed in range(5)]
    outputs = [run.communicate()[0] for run in runs]
    assert all(run.returncode == 0 for run in runs)
    first = json.loads(outputs[0])
    assert [code for code, _, _ in first] == [0, 0, 0, 0, 2, 2] * 2 + [1] * 4
    # Both leaves list the metric's reads as its formula is written.
    leaves = json.loads(first[6][1])["indicators"]
    assert [[read["name"] for read in leaf["reads"]] for leaf in leaves] == \
        [["资金到位", "资金", "到位", "资金到", "资金到位率"]] * 2
    assert all(output == outputs[0] for output in outputs), "output differs between hash seeds"


# ---- output that cannot be written ----------------------------------------------------------

SEED_RULES, SEED_FACTS = str(SEED / "qixia-12345.rules"), str(SEED / "facts.yaml")
NO_FACTS = str(Path(__file__).parent / "no-facts.yaml")  # every fact missing: a long error
# Every command and format, and errors as JSON (standard output) and as text (standard error).
EVERY_OUTPUT = [
    ["eval", SEED_RULES, "--facts", SEED_FACTS],
    ["eval", SEED_RULES, "--facts", SEED_FACTS, "--format", "json"],
    ["explain", SEED_RULES, "--facts", SEED_FACTS],
    ["explain", SEED_RULES, "--facts", SEED_FACTS, "--format", "json"],
    ["table", SEED_RULES, "--facts", SEED_FACTS],
    ["table", SEED_RULES, "--facts", SEED_FACTS, "--format", "text"],
    ["check", SEED_RULES],
    ["check", SEED_RULES, "--format", "json"],
    ["eval", SEED_RULES, "--facts", NO_FACTS, "--format", "json"],
    ["eval", SEED_RULES, "--facts", NO_FACTS],
]
ERRORS_AS_TEXT = EVERY_OUTPUT[-1]
FULL = "/dev/full"  # every write to it fails: no space left on device
needs_full = pytest.mark.skipif(not os.path.exists(FULL), reason="no /dev/full here")


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "evalrules.cli", *args]


@needs_full
@pytest.mark.parametrize("args", EVERY_OUTPUT, ids=" ".join)
def test_a_full_disk_is_said_in_one_line_and_exit_3(args: list[str], monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    with open(FULL, "w", encoding="utf-8") as full:
        monkeypatch.setattr(sys, "stderr" if args == ERRORS_AS_TEXT else "stdout", full)
        assert main(args) == 3
    said = capsys.readouterr()
    if args == ERRORS_AS_TEXT:  # nowhere left to say it
        assert said.err == ""
    else:
        assert said.err == "evalrules：标准输出无法写入（磁盘已满），输出不完整。\n"


@pytest.mark.parametrize("args", EVERY_OUTPUT, ids=" ".join)
def test_a_closed_output_is_said_in_one_line_and_exit_3(
        args: list[str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stderr" if args == ERRORS_AS_TEXT else "stdout", None)
    assert main(args) == 3
    if args != ERRORS_AS_TEXT:
        assert capsys.readouterr().err == "evalrules：标准输出无法写入（已关闭），输出不完整。\n"


@needs_full
def test_a_shell_sees_exit_3_and_one_line_when_output_cannot_be_written() -> None:
    explain = ["explain", SEED_RULES, "--facts", SEED_FACTS]
    with open(FULL, "wb") as full:
        to_full = subprocess.run(_cli(*explain), stdout=full, stderr=subprocess.PIPE, text=True,
                                 check=False)
    closed = subprocess.run(_cli(*explain), stderr=subprocess.PIPE, text=True, check=False,
                            preexec_fn=lambda: os.close(1))  # as `>&-` does
    help_to_full = subprocess.run(f"{shlex.join(_cli('--help'))} > {FULL}", shell=True,
                                  stderr=subprocess.PIPE, text=True, check=False)
    for done in (to_full, closed, help_to_full):
        assert done.returncode == 3
        assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1, done.stderr


needs_pipe_size = pytest.mark.skipif(not hasattr(fcntl, "F_SETPIPE_SZ"),
                                     reason="pipe size not settable here")


def _small_pipe() -> tuple[int, int]:
    reading, writing = os.pipe()
    fcntl.fcntl(writing, fcntl.F_SETPIPE_SZ, 4096)  # less than any output here
    return reading, writing


def _read_a_line_and_go(reading: int) -> None:
    """As `| head -1` does."""
    assert os.read(reading, 100)
    os.close(reading)


@needs_pipe_size
def test_every_output_stops_quietly_with_141_when_its_reader_does(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for args in EVERY_OUTPUT:
        reading, writing = _small_pipe()
        with open(writing, "w", encoding="utf-8") as piped, monkeypatch.context() as patched:
            patched.setattr(sys, "stderr" if args == ERRORS_AS_TEXT else "stdout", piped)
            reader = threading.Thread(target=_read_a_line_and_go, args=(reading,))
            reader.start()
            assert main(args) == 141, args
            reader.join()
        said = capsys.readouterr()
        assert said.out == said.err == ""


@needs_pipe_size
def test_a_shell_sees_141_when_the_reader_goes() -> None:
    runs = []
    for args in (["explain", SEED_RULES, "--facts", SEED_FACTS], EVERY_OUTPUT[1], ERRORS_AS_TEXT):
        reading, writing = _small_pipe()
        to_stderr = args == ERRORS_AS_TEXT
        run = subprocess.Popen(_cli(*args), env={**os.environ, "COLUMNS": "80"},
                               stdout=subprocess.DEVNULL if to_stderr else writing,
                               stderr=writing if to_stderr else subprocess.PIPE)
        os.close(writing)
        runs.append((run, reading, to_stderr))
    for run, reading, to_stderr in runs:
        _read_a_line_and_go(reading)
        _, said = run.communicate()
        assert run.returncode == 141, run.args
        assert to_stderr or said == b""


def _evalrules(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "evalrules", *args], input=stdin,
                          capture_output=True, check=False, timeout=120)


@pytest.mark.parametrize("given", ["实际到位资金: 7.1\n预算资金: 35.5\n",
                                   '{"实际到位资金": "7.1", "预算资金": "35.5"}'])
def test_facts_from_standard_input_as_yaml_or_json(tmp_path: Path, given: str) -> None:
    rules = tmp_path / "a.rules"
    rules.write_text("满分 4分\n指标 资金到位率（4分）{ 得分 = 实际到位资金/预算资金×4分 }\n",
                     encoding="utf-8")
    done = _evalrules("eval", str(rules), "--facts", "-", "--format", "json",
                      stdin=given.encode("utf-8"))
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["total"] == "0.8"


def test_a_version_and_python_dash_m() -> None:
    done = _evalrules("--version")
    assert done.returncode == 0 and done.stdout.decode().startswith("evalrules ")
    checked = _evalrules("check", str(SEED / "qixia-12345.rules"))
    assert checked.returncode == 0 and "没有发现问题" in checked.stdout.decode()
