"""The HTML report: its structure read back with html.parser, exact figures, charts with a bar
for each thing they count, hostile text shown as text, the command line, and the page rendered
in a real headless browser at phone and desktop width."""

from __future__ import annotations

import base64
import fcntl
import json
import os
import re
import selectors
import shutil
import struct
import subprocess
import time
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import SEED
from test_cases import facts_of, good_cases

import evalrules
from evalrules import numbers, report
from evalrules.cli import main
from evalrules.result import Result

SEED_RULES, SEED_FACTS = str(SEED / "qixia-12345.rules"), str(SEED / "facts.yaml")
_VOID = frozenset({"meta", "br", "img", "input", "link", "hr", "wbr"})


@attrs.define
class Element:
    tag: str
    attrs: dict[str, str | None]
    above: tuple[Element, ...]
    text: str = ""

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


class Page(HTMLParser):
    """The elements of a page in document order, each with its text and what it stands in."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attributes), tuple(self._open))
        self.elements.append(element)
        if tag not in _VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, dict(attributes), tuple(self._open)))

    def handle_endtag(self, tag: str) -> None:
        assert self._open and self._open[-1].tag == tag, (tag, [e.tag for e in self._open])
        self._open.pop()

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data

    def all(self, tag: str, cls: str | None = None, within: str | None = None) -> list[Element]:
        """Elements ``tag`` (with class ``cls``) inside an element of class ``within``."""
        return [element for element in self.elements if element.tag == tag
                and (cls is None or cls in element.classes)
                and (within is None or any(within in above.classes for above in element.above))]

    def one(self, tag: str, cls: str | None = None, within: str | None = None) -> Element:
        found = self.all(tag, cls, within)
        assert len(found) == 1, (tag, cls, within, found)
        return found[0]


def _seed() -> tuple[evalrules.Ruleset, Result]:
    ruleset = evalrules.load(SEED_RULES)
    return ruleset, ruleset.evaluate(SEED_FACTS)


def _page(result: Result, ruleset: evalrules.Ruleset | None = None, **options: Any) -> Page:
    text = report.html(result, ruleset.plan.grades if ruleset else (), **options)
    page = Page(text)
    assert not page._open, "every element is closed"
    return page


def _cells(row: Element, page: Page) -> list[str]:
    return [cell.text for cell in page.elements if cell.tag == "td" and cell.above[-1] is row]


def _nodes(result: Result) -> Iterator[evalrules.IndicatorResult]:
    stack = list(reversed(result.indicators))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


# ---- structure and figures ------------------------------------------------------------------


def test_the_seed_report_has_the_headline_tree_losses_and_working() -> None:
    ruleset, result = _seed()
    page = _page(result, ruleset)
    assert page.all("title")[0].text == "栖霞市民生服务中心12345政务服务热线政府购买服务绩效评价 评价报告"
    assert [meta.attrs for meta in page.all("meta")] == [
        {"charset": "utf-8"}, {"name": "viewport", "content": "width=device-width, initial-scale=1"}]
    headline = page.one("header", "headline")
    assert page.one("span", "figure", within="score").text == "92.31"
    assert page.one("span", "grade").text == "优"
    assert page.one("p", "why").text == "总分 92.31 分，落在「优」一档（90（含）-100（含）分）。"
    bands = page.all("li", within="bands")
    assert [band.text for band in bands] == [
        "优 90（含）-100（含）分", "良 80（含）-90分", "中 60（含）-80分", "差 <60分"]
    assert [band.attrs.get("aria-current") for band in bands] == ["true", None, None, None]
    assert "保留2位小数" in headline.text

    # The tree: every indicator, in table order, with its weight, score and points lost; then 合计.
    rows = page.all("tr", within="tree")[1:]  # after the header row
    nodes = list(_nodes(result))
    assert len(rows) == len(nodes) + 1
    for row, node in zip(rows, nodes, strict=False):
        lost = numbers.show(node.lost) if numbers.compare(node.lost, numbers.ZERO) > 0 else ""
        assert _cells(row, page) == [node.name, numbers.show(node.weight),
                                     numbers.show(node.score), lost]
    assert _cells(rows[-1], page) == ["合计", "100", "92.31", "7.69"]

    # The 失分 list: the reasons explain gives, most lost first, adding up to the points lost.
    rows = page.all("tr", within="losses")[1:]
    assert len(rows) == len(result.losses) + 1
    for row, loss in zip(rows, result.losses, strict=False):
        assert _cells(row, page) == [loss.name, numbers.show(loss.weight), numbers.show(loss.score),
                                     numbers.show(loss.lost), "".join(loss.reasons)]
    assert _cells(rows[0], page)[4] == "得分 = (7.1/35.5)×100%×4分 = 0.8"
    assert _cells(rows[-1], page)[:4] == ["合计", "100", "92.31", "7.69"]

    # The working of each leaf that lost points, linked from the tree and the 失分 list.
    articles = page.all("article")
    lost = [leaf for leaf in result.leaves() if numbers.compare(leaf.lost, numbers.ZERO) > 0]
    paths = [path.text for path in page.all("span", "path", within=None)]
    assert paths == [" / ".join(leaf.path) for leaf in lost]
    assert len(articles) == len(lost) == 5
    ids = {article.attrs["id"] for article in articles}
    links = {a.attrs["href"] for a in page.all("a")}
    assert links == {f"#{anchor}" for anchor in ids}
    funds = next(a for a in articles if "资金到位率" in a.text)
    steps = [line.text for line in page.all("div", "line") if funds in line.above]
    assert steps[0].startswith("实际到位资金 = 7.1（来源：座谈记录（附件8）")
    assert steps[1].startswith("预算资金 = 35.5（来源：")
    assert any(step.startswith("得分 = (实际到位资金/预算资金)×100%×4分") and
               step.endswith("= 0.8") for step in steps)
    assert "评价标准" in [dt.text for dt in page.all("dt") if funds in dt.above]


def test_every_kind_of_indicator_gives_a_whole_page() -> None:
    """Each fact set of tests/cases/good (bands, steps, checklists, bonus points, 择一考核, 不适用
    in each of its forms, weights, vetoes, graded rounding…): every element closed, a row per
    indicator, a bar per loss and a working per leaf."""
    pages = 0
    for case in good_cases():
        rules, facts = case.values
        if "error" in facts:  # a fact set that must be refused
            continue
        ruleset = evalrules.load(rules)
        result = ruleset.evaluate(facts_of(facts))
        page = _page(result, ruleset, every_leaf=True)
        assert len(page.all("tr", within="tree")) == len(list(_nodes(result))) + 2, case.id
        assert len(page.all("rect", "lost", within="loss-chart")) == len(result.losses), case.id
        assert len(page.all("rect", "score", within="top-chart")) == \
            sum(node.applies for node in result.indicators), case.id
        assert len(page.all("article")) >= len(result.leaves()), case.id
        pages += 1
    assert pages >= 100


def test_every_leaf_has_its_working_when_asked() -> None:
    ruleset, result = _seed()
    page = _page(result, ruleset, every_leaf=True)
    assert len(page.all("article")) == len(result.leaves()) == 16
    assert page.one("h2", within="working").text == "得分说明"


def test_the_charts_have_a_bar_for_each_loss_and_each_top_indicator() -> None:
    ruleset, result = _seed()
    page = _page(result, ruleset)
    lost = page.all("rect", "lost", within="loss-chart")
    assert len(lost) == len(result.losses) == 5
    # The most lost fills the room left of the figures (300 units); the others in proportion,
    # worked in Fraction and written to two decimals.
    assert [bar.attrs["width"] for bar in lost] == ["300.00", "187.50", "107.81", "78.75", "46.88"]
    labels = [text.text for text in page.all("text", within="loss-chart")]
    assert labels[:2] == ["资金到位率", "失 3.2 分"]
    weights = page.all("rect", "weight", within="top-chart")
    scores = page.all("rect", "score", within="top-chart")
    assert len(weights) == len(scores) == len(result.indicators) == 4
    # 决策 20 and 17.5 against the longest, 30: 200 and 175 of 300.
    assert [bar.attrs["width"] for bar in weights] == ["200.00", "200.00", "300.00", "300.00"]
    assert [bar.attrs["width"] for bar in scores] == ["175.00", "168.00", "300.00", "280.10"]
    figures = [t.text for t in page.all("text", "figure", within="top-chart")]
    assert figures == ["17.5 / 20", "16.8 / 20", "30 / 30", "28.01 / 30"]


def test_a_long_name_is_cut_in_a_chart_and_whole_in_the_tables() -> None:
    name = "很长的指标名称" * 6 + "\x1b"
    rules = f"满分 10分\n指标 「{name}」（10分）{{ 得分 = x×10分 }}\n"
    page = Page(report.html(evalrules.compile(rules).evaluate({"x": "0.5"})))
    label = page.all("text", within="loss-chart")[0].text
    assert label == name[:24] + "…"  # what fits in the chart's 440 units at 17 a character
    assert _cells(page.all("tr", within="tree")[1], page)[0] == name.replace("\x1b", "\\x1b")
    assert _cells(page.all("tr", within="losses")[1], page)[0] == name.replace("\x1b", "\\x1b")


def test_figures_are_the_engines_exact_text_never_a_float() -> None:
    rules = """满分 10分
指标 甲（4分）{ 得分 = x/3×4分 }
指标 乙（6分）{ 得分 = y×6分 }
"""
    result = evalrules.compile(rules).evaluate({"x": "1", "y": "0.1"})
    text = report.html(result)
    page = Page(text)
    rows = page.all("tr", within="tree")[1:]
    assert _cells(rows[0], page) == ["甲", "4", "1.333333…", "2.666666…"]
    assert _cells(rows[1], page) == ["乙", "6", "0.6", "5.4"]
    assert "0.6000000000000001" not in text and "1.3333333333333333" not in text
    # Nothing in the page reads like a float's repr: at most the engine's own digits.
    assert not re.search(r"\d\.\d{10,}", text)
    assert page.one("span", "figure", within="score").text == numbers.show(result.total)


def test_an_ungraded_total_and_a_grade_lowered_by_a_veto_say_why() -> None:
    rules = """满分 100分
等级 {
  优：90分（含）-100分
  良：80分（含）-90分
  差：80分以下
}
一票否优 当 违规 > 0
指标 甲（100分）{ 得分 = x×100分 }
"""
    ruleset = evalrules.compile(rules)
    result = ruleset.evaluate({"x": "0.95", "违规": 1})
    page = _page(result, ruleset)
    assert page.one("p", "why").text == ("总分 95 分，落在「优」一档（90（含）-100（含）分）；"
                                         "因一票否优，等级定为「良」。")
    assert "一票否优" in page.one("p", "alert").text
    assert page.one("span", "grade").text == "良"
    plain = report.html(evalrules.compile("满分 10分\n指标 甲（10分）{ 得分 = x×10分 }\n")
                        .evaluate({"x": "1"}))
    assert Page(plain).one("p", "why").text == "总分 10 分。"
    assert "<ol" not in plain and "没有失分。" in plain


# ---- untrusted text -------------------------------------------------------------------------


HOSTILE = """指标体系「<script>alert(1)</script>"'」
满分 10分
等级 {
  「<b>优</b>」：9分（含）-10分
  差：9分以下
}
指标 「甲<img src=x onerror=alert(1)>"' onmouseover='x」（6分）{
  指标解释：“<script>alert(2)</script>" onclick="x \x1b[2J”
  评定 「<i>判断</i>」：好得6分，差得0分
}
指标 「乙</td></tr></table>」（4分）{ 得分 = x×4分 }
"""


def test_rule_and_fact_text_is_shown_as_text_never_as_markup() -> None:
    ruleset = evalrules.compile(HOSTILE)
    result = ruleset.evaluate({"<i>判断</i>": {"等级": "差", "依据": "<a href='x'>见</a>"},
                               "x": "0.5"})
    text = report.html(result, ruleset.plan.grades, every_leaf=True)
    page = Page(text)
    tags = {element.tag for element in page.elements}
    assert not tags & {"script", "img", "b", "i"}
    # No attribute but the page's own: the quotes of a name could not open one.
    for element in page.elements:
        assert set(element.attrs) <= {"charset", "name", "content", "lang", "class", "id", "href",
                                      "viewBox", "viewbox", "width", "height", "role",
                                      "aria-labelledby", "aria-label", "aria-current", "x", "y",
                                      "dx", "data-label", "font-size"}, element
    assert page.all("title")[0].text == "<script>alert(1)</script>\"' 评价报告"
    assert page.one("h1").text == "<script>alert(1)</script>\"'"
    names = [_cells(row, page)[0] for row in page.all("tr", within="tree")[1:]]
    assert names == ["甲<img src=x onerror=alert(1)>\"' onmouseover='x", "乙</td></tr></table>",
                     "合计"]
    assert page.all("li", within="bands")[0].text == "<b>优</b> 9（含）-10（含）分"
    # A control character is shown escaped, as on the terminal.
    explained = [dd.text for dd in page.all("dd")]
    assert "<script>alert(2)</script>\" onclick=\"x \\x1b[2J" in explained
    assert "\x1b" not in text
    lines = [line.text for line in page.all("div", "line")]
    assert any("<i>判断</i>" in line and "<a href='x'>见</a>" in line for line in lines)


def test_the_page_fetches_nothing_and_runs_nothing() -> None:
    ruleset, result = _seed()
    text = report.html(result, ruleset.plan.grades, every_leaf=True)
    page = Page(text)
    assert not {e.tag for e in page.elements} & {"script", "link", "img", "iframe", "object"}
    assert not re.search(r"https?:|url\(|@import|src=|\bon\w+=", text)
    style = page.one("style").text
    assert "@page { size: A4;" in style and "@media print" in style and "@media (max-width" in style
    assert all(a.attrs["href"].startswith("#") for a in page.all("a"))


# ---- the command line -----------------------------------------------------------------------


def test_explain_writes_the_report_with_format_html(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    ruleset, result = _seed()
    out = tmp_path / "报告.html"
    assert main(["explain", SEED_RULES, "--facts", SEED_FACTS, "--format", "html", "-o",
                 str(out)]) == 0
    assert out.read_text(encoding="utf-8") == report.html(result, ruleset.plan.grades)
    assert capsys.readouterr().out == ""
    assert main(["explain", SEED_RULES, "--facts", SEED_FACTS, "--format", "html", "--all"]) == 0
    assert capsys.readouterr().out == report.html(result, ruleset.plan.grades, every_leaf=True)


def test_explain_writes_its_other_formats_to_a_file_too(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "说明.json"
    assert main(["explain", SEED_RULES, "--facts", SEED_FACTS, "--format", "json", "-o",
                 str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["total"] == "92.31"
    out = tmp_path / "说明.txt"
    assert main(["explain", SEED_RULES, "--facts", SEED_FACTS, "-o", str(out)]) == 0
    written = out.read_text(encoding="utf-8")
    assert written.startswith("栖霞市") and "失分说明" in written and "\x1b" not in written
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(("where", "reason"), [("missing/报告.html", "所在的文件夹不存在"),
                                               ("", "这是一个文件夹")])
def test_a_report_that_cannot_be_written_leaves_no_file(
        where: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / where if where else tmp_path
    assert main(["explain", SEED_RULES, "--facts", SEED_FACTS, "--format", "html", "-o",
                 str(target)]) == 3
    said = capsys.readouterr()
    assert said.out == ""
    assert said.err == f"evalrules：文件 {target} 无法写入（{reason}），报告未生成。\n"
    assert not (tmp_path / "missing").exists()


def test_a_report_cut_short_by_a_full_disk_is_removed(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "报告.html"

    class Full:
        def __init__(self, path: str, mode: str) -> None:
            self.file = Path(path).open(mode)  # noqa: SIM115 - closed by __exit__

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exception: object) -> None:
            self.file.close()

        def write(self, data: bytes) -> int:
            self.file.write(data[:100])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr("builtins.open", Full)
    assert main(["explain", SEED_RULES, "--facts", SEED_FACTS, "--format", "html", "-o",
                 str(out)]) == 3
    assert "磁盘已满" in capsys.readouterr().err
    assert not out.exists()


# ---- in a real browser ----------------------------------------------------------------------

_BROWSERS = ("chromium", "chromium-browser", "google-chrome")
_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--remote-debugging-pipe")
# What the test asks of the page once it has loaded (the report itself carries no script):
# how wide the page lays out against the viewport, what sticks out, and what it drew.
_MEASURE = """(() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 0.5)
    .map(e => e.tagName.toLowerCase() + '.' + (e.getAttribute('class') || ''));
  const drawn = s => [...document.querySelectorAll(s)].map(e => e.getBoundingClientRect().width);
  return {width, scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 10),
          total: document.querySelector('.score .figure').innerText,
          lost: drawn('svg.loss-chart rect.lost'), scores: drawn('svg.top-chart rect.score'),
          rows: document.querySelectorAll('table.tree tbody tr').length,
          scripts: document.scripts.length + document.querySelectorAll('img, iframe').length,
          font: getComputedStyle(document.body).fontSize};
})()"""


class Browser:
    """Chromium driven over the DevTools protocol on a pipe (file descriptors 3 and 4, each
    message JSON ended by a NUL). Headless Chromium keeps a window at least 500 pixels wide, so
    a phone's width is set by device emulation, as the browser's own device mode does."""

    def __init__(self, program: str, profile: Path) -> None:
        commands, self._commands = os.pipe()
        self._replies, replies = os.pipe()

        def plumb() -> None:  # in the child: the pipes at 3 and 4, whatever numbers they had
            low = fcntl.fcntl(commands, fcntl.F_DUPFD, 10)
            high = fcntl.fcntl(replies, fcntl.F_DUPFD, 10)
            os.dup2(low, 3)
            os.dup2(high, 4)

        self.process = subprocess.Popen(
            [program, *_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=plumb, pass_fds=(3, 4))
        os.close(commands)
        os.close(replies)
        self._buffer = b""
        self._sent = 0
        self._events: list[dict[str, Any]] = []

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._sent += 1
        message: dict[str, Any] = {"id": self._sent, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._sent:
                assert "error" not in reply, (method, reply["error"])
                result: dict[str, Any] = reply["result"]
                return result
            self._events.append(reply)

    def wait(self, event: str) -> None:
        while not any(message.get("method") == event for message in self._events):
            self._events.append(self._read())
        self._events.clear()

    def _read(self, seconds: float = 60) -> dict[str, Any]:
        # A bound on a hung browser, not a measure of speed: the test never asserts a time.
        deadline = time.monotonic() + seconds
        with selectors.DefaultSelector() as waiting:
            waiting.register(self._replies, selectors.EVENT_READ)
            while b"\0" not in self._buffer:
                assert waiting.select(max(0.0, deadline - time.monotonic())), "browser silent"
                chunk = os.read(self._replies, 1 << 16)
                assert chunk, "browser exited"
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        reply: dict[str, Any] = json.loads(message)
        return reply

    def show(self, page: Path, width: int, screenshot: Path) -> dict[str, Any]:
        """Loads the page at ``width`` CSS pixels (a phone's below 600), measures it, and takes
        a screenshot of the whole page."""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Emulation.setDeviceMetricsOverride", session, width=width, height=844,
                  deviceScaleFactor=1, mobile=width < 600)
        self.call("Page.enable", session)
        self.call("Page.navigate", session, url=page.as_uri())
        self.wait("Page.loadEventFired")
        measured = self.call("Runtime.evaluate", session, expression=_MEASURE,
                             returnByValue=True)["result"]["value"]
        height = self.call("Page.getLayoutMetrics", session)["cssContentSize"]["height"]
        shot = self.call("Page.captureScreenshot", session, format="png",
                         captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})
        screenshot.write_bytes(base64.b64decode(shot["data"]))
        self.call("Target.closeTarget", targetId=target)
        result: dict[str, Any] = measured
        return result

    def close(self) -> None:
        try:
            self.call("Browser.close")
        finally:
            os.close(self._commands)
            os.close(self._replies)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _browser() -> str | None:
    return next((found for name in _BROWSERS if (found := shutil.which(name))), None)


def _png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


@pytest.mark.skipif(_browser() is None,
                    reason="no headless browser installed (apt-get install chromium, as in README)")
def test_the_report_in_a_browser_at_phone_and_desktop_width(tmp_path: Path) -> None:
    program = _browser()
    assert program is not None
    page = tmp_path / "报告.html"
    assert main(["explain", SEED_RULES, "--facts", SEED_FACTS, "--format", "html", "--all", "-o",
                 str(page)]) == 0
    _, result = _seed()
    browser = Browser(program, tmp_path / "profile")
    try:
        shown = {width: browser.show(page, width, tmp_path / f"{width}.png")
                 for width in (390, 1280)}
    finally:
        browser.close()
    for width, measured in shown.items():
        # No horizontal scrolling: nothing is wider than the screen, the phone's included.
        assert measured["scroll"] <= measured["width"], (width, measured["wide"])
        assert measured["wide"] == [], width
        assert measured["total"] == "92.31"
        assert measured["rows"] == len(list(_nodes(result))) + 1
        # Every bar drawn, longest for the most lost; the phone's page is laid out at its own
        # width (the viewport meta), with text at a readable size.
        lost = measured["lost"]
        assert len(lost) == len(result.losses) and all(bar > 0 for bar in lost), lost
        assert lost == sorted(lost, reverse=True)
        assert len(measured["scores"]) == 4 and all(bar > 0 for bar in measured["scores"])
        assert measured["font"] == "16px"
        screen_width, height = _png_size(tmp_path / f"{width}.png")
        assert screen_width == width and height > 1000
    assert shown[390]["width"] == 390
    assert max(shown[390]["lost"]) < 390 < max(shown[1280]["lost"]) * 3
    assert shown[390]["scripts"] == shown[1280]["scripts"] == 0


@pytest.mark.skipif(_browser() is None,
                    reason="no headless browser installed (apt-get install chromium, as in README)")
def test_hostile_text_in_a_browser_stays_text_and_in_the_screen(tmp_path: Path) -> None:
    program = _browser()
    assert program is not None
    # Markup in every name, and a name of 80 letters that no line can break between words.
    rules = HOSTILE.replace("乙</td></tr></table>", "乙</td></tr></table>" + "W" * 80)
    ruleset = evalrules.compile(rules)
    result = ruleset.evaluate({"<i>判断</i>": {"等级": "差", "依据": "<script>alert(3)</script>"},
                               "x": "0.5"})
    page = tmp_path / "报告.html"
    page.write_text(report.html(result, ruleset.plan.grades, every_leaf=True), encoding="utf-8")
    browser = Browser(program, tmp_path / "profile")
    try:
        measured = browser.show(page, 390, tmp_path / "390.png")
    finally:
        browser.close()
    assert measured["scripts"] == 0
    assert measured["scroll"] <= measured["width"] == 390, measured["wide"]
    assert measured["wide"] == []  # the long name wraps in the tables and is cut in the charts
    assert measured["rows"] == 3 and measured["total"] == "2"


def test_decimal_is_what_the_report_reads() -> None:
    # A total the engine keeps as a Decimal is shown digit for digit, trailing zeros dropped.
    result = evalrules.compile("满分 10分\n指标 甲（10分）{ 得分 = x×10分 }\n").evaluate(
        {"x": "0.925"})
    assert result.total == Decimal("9.250")
    assert Page(report.html(result)).one("span", "figure", within="score").text == "9.25"
