"""Facts from the unit being evaluated: whatever a fact file, a rule file's path or a mapping
given through the API holds, it is read exactly as written or refused with a clear error.
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import evalrules
from evalrules.facts import load_facts

LEAF = "指标 a（1分）{ 得分 = 最小值(x, 1)×1分 }\n"


def message(error: evalrules.EvalRulesError) -> str:
    return "\n".join(str(d) for d in error.diagnostics)


# ---- reading files ---------------------------------------------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A named pipe with a writer waiting to hand it a valid fact file.

    Opening the pipe for reading would let the writer in (and a reader that reads on would get
    the file), so a reader that refuses it without opening it leaves the writer waiting; the
    writer is let go at the end by opening the pipe without waiting.
    """
    path = tmp_path / "facts.yaml"
    os.mkfifo(path)

    def write() -> None:
        with path.open("w", encoding="utf-8") as pipe:
            pipe.write("x: 1\n")

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    yield path
    release = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    writer.join()
    os.close(release)


def test_a_named_pipe_is_refused_without_being_opened(fifo: Path) -> None:
    with pytest.raises(evalrules.FactError, match="命名管道") as caught:
        load_facts(fifo)
    assert caught.value.codes == ("E0304",)
    with pytest.raises(evalrules.EvalRulesError, match="命名管道") as rules:
        evalrules.load(fifo)
    assert rules.value.codes == ("E0001",)


@pytest.mark.parametrize(("path", "words"), [("/dev/zero", "设备"), ("/dev/null", "设备"),
                                             (".", "文件夹"), ("none.yaml", "不存在")])
def test_what_is_not_a_regular_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             path: str, words: str) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(evalrules.FactError) as caught:
        load_facts(path)
    assert caught.value.codes == ("E0304",)
    assert words in message(caught.value) and "Errno" not in message(caught.value)
    with pytest.raises(evalrules.EvalRulesError) as rules:
        evalrules.load(path)
    assert rules.value.codes == ("E0001",)
    assert words in message(rules.value)


def test_a_file_that_may_not_be_read_is_named(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("x: 1\n", encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> int:  # as the system does for other users
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(evalrules.FactError, match="没有读取权限"):
        load_facts(path)


def test_a_path_with_a_nul_is_refused() -> None:
    with pytest.raises(evalrules.FactError, match="空字符"):
        load_facts("facts\0.yaml")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_files_with_a_utf16_or_utf32_bom_are_read(tmp_path: Path, encoding: str) -> None:
    # Windows Notepad's "Unicode" is UTF-16 with a BOM: the BOM says which it is, so there is
    # nothing to guess. utf-16-be has no BOM of its own: one is written first.
    bom = "\ufeff" if encoding == "utf-16-be" else ""
    rules, facts = tmp_path / "a.rules", tmp_path / "f.yaml"
    rules.write_bytes((bom + LEAF).encode(encoding))
    facts.write_bytes((bom + "x: 0.5\r\n").encode(encoding))
    assert evalrules.load(rules).evaluate(facts).total == 0.5


def test_an_unreadable_encoding_says_which_are_read(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes("x: 1\n".encode("utf-16-le"))  # no BOM: NULs between the letters
    with pytest.raises(evalrules.FactError, match="UTF-16") as caught:
        load_facts(path)
    assert "另存为 UTF-8" in message(caught.value)
    path.write_bytes(b"x: \xff\xff\n")  # neither UTF-8 nor GB18030
    with pytest.raises(evalrules.FactError) as caught:
        load_facts(path)
    assert "UTF-8" in message(caught.value) and "GBK" in message(caught.value)
    assert "codec" not in message(caught.value)
    path.write_bytes(b"\xef\xbb\xbfx: \xc4\xe3\n")  # a UTF-8 BOM, then GBK: not guessed
    with pytest.raises(evalrules.FactError, match="UTF-8"):
        load_facts(path)
