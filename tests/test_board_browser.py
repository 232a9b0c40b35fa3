"""nengli board in a real browser: headless Chromium (Debian's ``chromium``) at phone and desktop
widths, driven through the DevTools protocol over a pipe (``--remote-debugging-pipe``: JSON
messages ending in a NUL byte on file descriptors 3 and 4), so no extra package is needed.

The page is loaded with the viewport set exactly (a phone 390 px wide, a desktop 1280 px), then
measured in the page: it must be no wider than the window, its text at least 14 px, and its
matrix must scroll inside its own box with the unit column frozen. Screenshots go to the test's
temporary folder, or to ``NENGLI_SCREENSHOTS`` when set; the pictures in docs/ are made with

    NENGLI_SCREENSHOTS=docs .venv/bin/python -m pytest tests/test_board_browser.py
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SHIPPED

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.slow,  # headless Chromium: left out of the quick run (pytest -m "not slow")
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium 未安装（Debian：apt-get install chromium），跳过浏览器测试"),
    pytest.mark.skipif(sys.platform == "win32", reason="--remote-debugging-pipe needs POSIX file descriptors 3 and 4"),
]
PHONE, DESKTOP = 390, 1280


class Browser:
    """One headless Chromium, one tab, driven by DevTools protocol commands over the pipe."""

    def __init__(self, profile: Path) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def fds() -> None:  # in the child: the pipe's ends on 3 (commands) and 4 (answers)
            import fcntl

            # copies above 4 first: an end may itself be 3 or 4, and dup2 onto itself would
            # leave it close-on-exec
            ends = [fcntl.fcntl(fd, fcntl.F_DUPFD, 5) for fd in (to_chrome_r, from_chrome_w)]
            os.dup2(ends[0], 3)
            os.dup2(ends[1], 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}",
             "--remote-debugging-pipe", "about:blank"],
            preexec_fn=fds, close_fds=False, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._id = 0
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.enable", session=self.session)

    def _message(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, session: str | None = None, **params) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._message()
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]

    def wait_for(self, event: str) -> None:
        while self._message().get("method") != event:
            pass

    def open(self, page: Path, width: int, height: int = 900) -> None:
        self.send("Emulation.setDeviceMetricsOverride", session=self.session, width=width,
                  height=height, deviceScaleFactor=1, mobile=width < 600)
        self.send("Page.navigate", session=self.session, url=page.resolve().as_uri())
        self.wait_for("Page.loadEventFired")

    def eval(self, expression: str):
        result = self.send("Runtime.evaluate", session=self.session, expression=expression,
                           returnByValue=True)
        return result["result"].get("value")

    def screenshot(self, path: Path, width: int, height: int) -> None:
        shot = self.send("Page.captureScreenshot", session=self.session, format="png",
                         captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)


@pytest.fixture
def browser(tmp_path):
    b = Browser(tmp_path / "profile")
    yield b
    b.close()


MEASURE = """JSON.stringify({
  page: document.documentElement.scrollWidth, window: window.innerWidth,
  smallest: Math.min.apply(null, Array.prototype.map.call(
    document.querySelectorAll("body *:not(script):not(style)"), function (e) {
      var own = Array.prototype.some.call(e.childNodes, function (n) {
        return n.nodeType === 3 && n.textContent.trim(); });
      return own && e.getClientRects().length ? parseFloat(getComputedStyle(e).fontSize) : 99; })),
  box: (function () { var b = document.querySelector(".box");
    return {scroll: b.scrollWidth, client: b.clientWidth}; })()
})"""


def board_page(cli, folder: Path, data: Path, *args: str) -> Path:
    out = folder / "看板.html"
    result = cli("board", "--data", str(data), "--as-of", "2022-01-24", "--out", str(out), *args)
    assert result.exit_code == 0, result.output
    return out


def test_shipped_board_fits_phone_and_desktop(cli, browser, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1643000400")  # 2022-01-24 13:00 +08:00
    page = board_page(cli, tmp_path, SHIPPED, "--phase", "1")
    shots = Path(os.environ.get("NENGLI_SCREENSHOTS") or tmp_path)
    for width, name, height in ((PHONE, "board-phone.png", 2400), (DESKTOP, "board-desktop.png", 1400)):
        browser.open(page, width)
        m = json.loads(browser.eval(MEASURE))
        assert m["window"] == width
        assert m["page"] <= width, f"the page scrolls sideways at {width} px: {m}"
        assert m["smallest"] >= 14, f"text smaller than 14 px at {width} px: {m}"
        browser.screenshot(shots / name, width, height)
        assert (shots / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


WIDE_PHASE = """\
phase: 1
title: 第一阶段
start: 2022-01-01
end: 2022-01-31
tasks:
""" + "".join(f"""\
  - id: t{i}
    title: 第{i}项任务：报送一份名称很长的工作材料
    due: 2022-01-{10 + i}
""" for i in range(1, 11)) + """\
records:
  t1:
    一中: 2022-01-09
"""


def test_wide_matrix_scrolls_in_its_box_with_the_unit_column_frozen(make_data, cli, browser, tmp_path):
    data = make_data({"phases/phase1.yaml": WIDE_PHASE})
    page = board_page(cli, tmp_path, data)
    browser.open(page, PHONE)
    m = json.loads(browser.eval(MEASURE))
    assert m["page"] <= PHONE, m
    assert m["box"]["scroll"] > m["box"]["client"], "ten tasks are wider than a phone: the box scrolls"
    frozen = json.loads(browser.eval("""(function () {
      var box = document.querySelector(".box"), unit = box.querySelector("tbody th.unit"),
          cell = box.querySelector("tbody td");
      var before = [unit.getBoundingClientRect().left, cell.getBoundingClientRect().left];
      box.scrollLeft = 300;
      return JSON.stringify({box: box.getBoundingClientRect().left, scrolled: box.scrollLeft,
        before: before, unit: unit.getBoundingClientRect().left, cell: cell.getBoundingClientRect().left});
    })()"""))
    assert frozen["scrolled"] > 0
    assert frozen["unit"] == frozen["before"][0], f"the unit column moved: {frozen}"
    assert frozen["cell"] < frozen["before"][1], f"the task cells did not scroll: {frozen}"


# ---- a leader's first question, on the first screen of a phone (issue 21, item 4) ------------

SCREEN = 844  # a phone's first screen: 390 × 844 CSS pixels
LEADER_UNITS = """\
categories:
  school: {name: 学校, counter: 所}
  office: {name: 局机关处室, counter: 个, label: 局机关各处室, separate: true}
units:
""" + "".join(f"""\
  - id: {n}中
    category: school
    group: {1 + i % 2}
    contact: 联系人{n}
    phone: 0371-6000000{i}
""" for i, n in enumerate((11, 12, 13, 14, 15, 16))) + """\
  - id: 办公室
    category: office
    group: 3
    contact: 王主任
    phone: 0371-67000000
"""
LEADER_PHASE1 = """\
phase: 1
title: 第一阶段
start: 2022-01-01
end: 2022-01-31
tasks:
  - id: meet
    title: 动员部署会
    due: 2022-01-10
records:
  meet:
    11中: 2022-01-09
    12中: 2022-01-09
    13中: 2022-01-12
    办公室: 2022-01-09
"""
LEADER_PHASE2 = """\
phase: 2
title: 第二阶段
start: 2022-02-01
end: 2022-02-28
tasks:
  - id: list
    title: 问题清单
    due: 2022-02-10
  - id: plan
    title: 整改方案
    due: 2022-02-25
records:
  list:
    11中: 2022-02-07
    12中: 2022-02-08
    办公室: 2022-02-08
"""


@pytest.fixture
def leader_page(make_data, cli, tmp_path, monkeypatch):
    """``leader_page(*args)``: the board of a two-phase campaign on 9 February 2022, the day before
    the list is due: phase 1 has laggards, phase 2 none yet but four schools due tomorrow."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1644382800")
    data = make_data({"units.yaml": LEADER_UNITS, "phases/phase1.yaml": LEADER_PHASE1,
                      "phases/phase2.yaml": LEADER_PHASE2})

    def make(*args: str) -> Path:
        out = tmp_path / "看板.html"
        result = cli("board", "--data", str(data), "--as-of", "2022-02-09", "--out", str(out), *args)
        assert result.exit_code == 0, result.output
        return out

    return make


#: what is visible on the first screen: every element with its own text, with its rectangle
FIRST_SCREEN = """JSON.stringify(Array.prototype.filter.call(
  document.querySelectorAll("h1, h2, h3, .card, .scope, ol li, nav a"), function (e) {
    var r = e.getBoundingClientRect(); return r.height > 0 && r.top < %d; }).map(function (e) {
    var r = e.getBoundingClientRect();
    return {tag: e.tagName.toLowerCase(), cls: e.className, text: e.textContent.replace(/\\s+/g, ""),
            top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left),
            right: Math.round(r.right)}; }))""" % SCREEN


def first_screen(browser, page: Path, scripts: bool = True) -> list[dict]:
    browser.send("Emulation.setScriptExecutionDisabled", session=browser.session, value=not scripts)
    browser.open(page, PHONE, SCREEN)
    return json.loads(browser.eval(FIRST_SCREEN))


def test_first_screen_current_phase_near_deadline_beside_laggards(leader_page, browser):
    shown = first_screen(browser, leader_page())
    headings = [e["text"] for e in shown if e["tag"] == "h2"]
    assert headings[0] == "第二阶段（2月1日—2月28日）当前阶段", "the current phase comes first"
    cards = [e for e in shown if e["cls"].startswith("card")]
    assert [(c["cls"], c["text"]) for c in cards] == [
        ("card ok", "0未按时报送单位（个）"), ("card soon", "4临近截止未报单位（个）")]
    assert cards[0]["top"] == cards[1]["top"] and cards[0]["right"] <= cards[1]["left"], \
        "临近截止 stands beside 未按时报送"
    near = [e["text"] for e in shown if e["tag"] == "li"]
    assert near[0] == "13中：问题清单（2月10日截止，还有1天）联系人：联系人13电话：0371-60000002", near
    assert all(e["bottom"] <= SCREEN for e in cards)


def test_first_screen_laggards_with_contact_and_phone(leader_page, browser):
    shown = first_screen(browser, leader_page("--phase", "1"))
    items = [e for e in shown if e["tag"] == "li"]
    assert items and items[0]["bottom"] <= SCREEN, "the first laggard is on the first screen"
    assert items[0]["text"] == "13中：逾期补报动员部署会（2天）联系人：联系人13电话：0371-60000002"
    assert "14中：逾期未报动员部署会（30天）联系人：联系人14电话：0371-60000003" in [i["text"] for i in items]


def test_group_board_has_no_category_the_group_lacks(leader_page, browser):
    shown = first_screen(browser, leader_page("--group", "1"))
    scope = [e["text"] for e in shown if e["cls"] == "scope"]
    assert scope == ["督查学校3所，阶段任务2项。"]
    assert not any("局机关处室" in e["text"] for e in shown)


def test_first_screen_is_the_same_with_javascript_off(leader_page, browser, tmp_path):
    page = leader_page()
    with_js = first_screen(browser, page, scripts=True)
    browser.screenshot(tmp_path / "on.png", PHONE, SCREEN)
    without = first_screen(browser, page, scripts=False)
    browser.screenshot(tmp_path / "off.png", PHONE, SCREEN)
    assert without == with_js
    assert (tmp_path / "off.png").read_bytes() == (tmp_path / "on.png").read_bytes()
    # the switch is real: the page's script (it opens the unit a link points at) did not run
    for scripts in (False, True):
        browser.send("Emulation.setScriptExecutionDisabled", session=browser.session, value=not scripts)
        for url in ("about:blank", page.resolve().as_uri() + "#u3"):  # a new load, not a jump
            browser.send("Page.navigate", session=browser.session, url=url)
            browser.wait_for("Page.loadEventFired")
        assert browser.eval("document.getElementById('u3').open") is scripts
