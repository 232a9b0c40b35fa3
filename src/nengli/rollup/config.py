"""rollup.yaml (which districts a city combines) and rollup.lock (at which commits), as records.

Both live in the city's data folder and are read like every data file: each value with its
line and column, every mistake a located Problem. rollup.lock is written by ``nengli rollup
fetch`` only, in one fixed layout, so that the same commits always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import NamedTuple

from ..gitio import SHORT
from ..model import Problem, Source
from ..parse import FileParser
from ..parse.nodes import MappingNode, SequenceNode, is_null
from ..problems import problem
from ..read import Text

ROLLUP_FILE = "rollup.yaml"
LOCK_FILE = "rollup.lock"
#: the version of what levels exchange (rollup.lock, and the data folder a district sends, as
#: ``data_format`` in its campaign.yaml): raised by one when a change cannot be read by an
#: older nengli, which then says so instead of misreading the data
FORMAT = 1
#: the ``data_format`` key of campaign.yaml (absent: format 1)
FORMAT_SETTING = "data_format"
#: a district whose source is this very repository (the city's own units)
OWN = "."
#: a district that sends bundles (nengli rollup export) rather than being fetched directly
BUNDLE = "bundle"
DEFAULT_STALE_DAYS = 7
DEFAULT_TERM = "区县"
#: the folder, next to data/, where the bundles received are put (rollup.yaml ``bundles:``)
DEFAULT_BUNDLES = "数据包"
#: between a district's name and a unit's id in every combined list: 鼓楼区·24中
SEP = "·"

_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,39}")
#: characters a name cannot hold: a Windows file name's (bundles are named after it), the
#: separator of combined names, and the @ of the names of files read at a commit
_NAME_BAD = re.compile(r'[\\/:*?"<>|@\s' + SEP + r"]")
_COMMIT = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


class District(NamedTuple):
    """One district (or the city's own units) as rollup.yaml lists it."""

    code: str
    name: str
    #: a path or URL of its campaign repository, ``bundle``, or ``.`` (this repository)
    source: str
    #: where the district's entry starts in rollup.yaml
    where: Source
    #: the branch to read; "" is the source's HEAD (the branch its clerks work on)
    branch: str = ""
    #: the data folder inside that repository
    path: str = "data"
    contact: str = ""
    phone: str = ""

    @property
    def own(self) -> bool:
        return self.source == OWN

    @property
    def bundled(self) -> bool:
        return self.source == BUNDLE

    @property
    def reach(self) -> str:
        return " ".join(x for x in (self.contact, self.phone) if x)


class Rollup(NamedTuple):
    """rollup.yaml: the districts in their official order, and the rules of the round."""

    districts: tuple[District, ...]
    file: str
    #: data older than this many days (before the statistics date) are stale
    stale_days: int = DEFAULT_STALE_DAYS
    #: the folder the bundles are put in, relative to the campaign folder
    bundles: str = DEFAULT_BUNDLES
    #: what the documents call the districts: 区县 (a city), 市 or 省辖市 (a province)
    term: str = DEFAULT_TERM

    def district(self, code: str) -> District | None:
        return next((d for d in self.districts if d.code == code), None)


class Pin(NamedTuple):
    """One district's pinned commit, as rollup.lock records it."""

    code: str
    name: str
    commit: str
    #: the commit's time, in the committer's own time zone
    time: dt.datetime
    #: the data folder inside the commit
    path: str
    #: where the commit came from: a bundle's file name, a repository's address, or "."
    origin: str
    where: Source

    @property
    def short(self) -> str:
        return self.commit[:SHORT]

    @property
    def own(self) -> bool:
        return self.origin == OWN


class Lock(NamedTuple):
    format: int
    pins: tuple[Pin, ...]

    def pin(self, code: str) -> Pin | None:
        return next((p for p in self.pins if p.code == code), None)


ROLLUP_FIELDS = {"districts": True, "stale_days": False, "bundles": False, "term": False}
DISTRICT_FIELDS = {"code": True, "name": True, "source": True, "branch": False, "path": False,
                   "contact": False, "phone": False}
LOCK_FIELDS = {"format": True, "districts": True}
PIN_FIELDS = {"code": True, "name": True, "commit": True, "time": True, "data": True, "from": True}

_DISTRICT_EXAMPLE = {"code": '"410102"', "name": "鼓楼区", "source": "bundle"}


def _items(p: FileParser, node, what: str, example: str) -> list:
    """The items of a list, or [] with the problem said."""
    if isinstance(node, SequenceNode):
        return list(node.value)
    if is_null(node):
        return []
    p.report("want-list", node, what=what, got="映射" if isinstance(node, MappingNode) else
             f"“{getattr(node, 'value', '')}”", example=example)
    return []


def parse_rollup(text: Text) -> tuple[Rollup | None, list[Problem]]:
    """rollup.yaml: the districts in file order; None when nothing usable is there."""
    p = FileParser(text)
    root = p.compose()
    if root is None:
        return None, p.problems
    top = p.fields(root, "rollup.yaml", ROLLUP_FIELDS, {"districts": "（区县列表）"})
    if top is None:
        return None, p.problems
    stale_days = DEFAULT_STALE_DAYS
    if "stale_days" in top:
        got = p.integer(top["stale_days"][1], "过期天数 stale_days", "7")
        stale_days = got if got is not None else stale_days
    bundles = DEFAULT_BUNDLES
    if "bundles" in top:
        bundles = p.text_value(top["bundles"][1], "数据包文件夹 bundles", "数据包") or bundles
    term = DEFAULT_TERM
    if "term" in top:
        term = (p.text_value(top["term"][1], "称谓 term", "区县") or term).strip() or term
    districts: list[District] = []
    codes: dict[str, int] = {}
    names: dict[str, int] = {}
    if "districts" in top:
        items = _items(p, top["districts"][1], "districts",
                       '- {code: "410102", name: 鼓楼区, source: bundle}')
        if not items:
            p.report("rollup-no-districts", top["districts"][0])
        for item in items:
            district = _district(p, item, codes, names)
            if district is not None:
                districts.append(district)
    if not districts:
        return None, p.problems
    return Rollup(tuple(districts), text.display, stale_days, bundles, term), p.problems


def _district(p: FileParser, node, codes: dict[str, int], names: dict[str, int]
              ) -> District | None:
    f = p.fields(node, "区县", DISTRICT_FIELDS, _DISTRICT_EXAMPLE, item=True)
    if f is None or not all(k in f for k in ("code", "name", "source")):
        return None
    values = {}
    for key in ("code", "name", "source", "branch", "path", "contact", "phone"):
        if key in f:
            values[key] = p.text_value(f[key][1], _WHAT[key], _EXAMPLE[key],
                                       optional=key not in ("code", "name", "source"))
    if any(values.get(k) is None for k in ("code", "name", "source")) or None in values.values():
        return None
    code, name, source = (values[k].strip() for k in ("code", "name", "source"))
    ok = True
    if not _CODE.fullmatch(code):
        p.report("rollup-bad-code", f["code"][1], value=code)
        ok = False
    elif code in codes:
        p.report("rollup-dup", f["code"][1], what="区县代码", value=code, first=codes[code])
        ok = False
    bad = _NAME_BAD.search(name)
    if bad:
        p.report("rollup-bad-name", f["name"][1], value=name,
                 char="空格" if bad.group().isspace() else bad.group())
        ok = False
    elif name in names:
        p.report("rollup-dup", f["name"][1], what="区县名称", value=name, first=names[name])
        ok = False
    branch = (values.get("branch") or "").strip()
    for key, value in (("source", source), ("branch", branch)):
        if value.startswith("-") or any(ch.isspace() for ch in value if key == "branch"):
            p.report("rollup-bad-source", f[key][1], what=_WHAT[key], value=value)
            ok = False
    path = (values.get("path") or "data").strip().replace("\\", "/").strip("/") or "."
    if path.startswith("-") or ".." in path.split("/") or re.match(r"[A-Za-z]:", path):
        p.report("rollup-bad-path", f["path"][1], value=path)
        ok = False
    codes.setdefault(code, f["code"][1].start_mark.line + 1)
    names.setdefault(name, f["name"][1].start_mark.line + 1)
    if not ok:
        return None
    return District(code=code, name=name, source=source, where=p.src(f["code"][1]),
                    branch=branch, path=path, contact=(values.get("contact") or "").strip(),
                    phone=(values.get("phone") or "").strip())


_WHAT = {"code": "区县代码 code", "name": "区县名称 name", "source": "数据来源 source",
         "branch": "分支 branch", "path": "数据文件夹 path", "contact": "联系人 contact",
         "phone": "电话 phone"}
_EXAMPLE = {"code": '"410102"', "name": "鼓楼区", "source": "bundle", "branch": "main",
            "path": "data", "contact": "张老师", "phone": "0371-00000000"}


def parse_lock(text: Text) -> tuple[Lock | None, list[Problem]]:
    """rollup.lock, as nengli rollup fetch wrote it."""
    p = FileParser(text)
    root = p.compose()
    if root is None:
        return None, p.problems
    top = p.fields(root, "rollup.lock", LOCK_FIELDS, {"format": "1", "districts": ""})
    if top is None or "format" not in top:
        return None, p.problems
    number = p.integer(top["format"][1], "格式版本 format", "1")
    if number is None:
        return None, p.problems
    pins: list[Pin] = []
    if number > FORMAT:  # a newer layout: its fields are not this nengli's to guess
        return Lock(number, ()), p.problems
    for item in _items(p, top.get("districts", (None, None))[1], "districts", "- code: …") \
            if "districts" in top else []:
        f = p.fields(item, "rollup.lock 中的区县", PIN_FIELDS, {}, item=True)
        if f is None or len(f) < len(PIN_FIELDS):
            continue
        values = {k: p.text_value(f[k][1], k, "", optional=k == "from") for k in PIN_FIELDS}
        if None in values.values():
            continue
        commit = values["commit"].strip()
        if not _COMMIT.fullmatch(commit):
            p.report("rollup-lock-value", f["commit"][1], what="提交编号 commit", value=commit)
            continue
        try:
            when = dt.datetime.fromisoformat(values["time"].strip())
        except ValueError:
            when = None
        if when is None or when.tzinfo is None:
            p.report("rollup-lock-value", f["time"][1], what="提交时间 time", value=values["time"])
            continue
        pins.append(Pin(code=values["code"].strip(), name=values["name"].strip(), commit=commit,
                        time=when, path=values["data"].strip() or "data",
                        origin=values["from"].strip(), where=p.src(item)))
    return Lock(number, tuple(pins)), p.problems


LOCK_HEADER = ("# 由 nengli rollup fetch 写入，请不要手工修改。\n"
               "# 每个区县汇总时所用数据的提交编号和提交时间：提交这个文件后，全市的每个数字都可以原样复现。\n")


def lock_text(pins: list[Pin] | tuple[Pin, ...]) -> str:
    """rollup.lock's text: one fixed layout, every text quoted, so the same pins give the
    same bytes (and a diff of one line per changed value)."""

    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [LOCK_HEADER.rstrip("\n"), f"format: {FORMAT}", "districts:" if pins else "districts: []"]
    for pin in pins:
        lines += [f"  - code: {q(pin.code)}",
                  f"    name: {q(pin.name)}",
                  f"    commit: {q(pin.commit)}",
                  f"    time: {q(pin.time.isoformat())}",
                  f"    data: {q(pin.path)}",
                  f"    from: {q(pin.origin)}"]
    return "\n".join(lines) + "\n"


def read_config(data_dir) -> tuple[Rollup | None, Lock | None, list[Problem], dict[str, Text]]:
    """rollup.yaml and rollup.lock of the data folder ``data_dir`` (a lock may not exist yet),
    their problems, and their texts by the name shown (for the lines problems quote)."""
    from ..read import display_name, read_text

    path = data_dir / ROLLUP_FILE
    if not path.exists():
        return None, None, [problem("rollup-none", Source(display_name(path)),
                                    path=display_name(path))], {}
    texts: dict[str, Text] = {}
    text, problems = read_text(path)
    rollup = lock = None
    if text is not None and not any(p.is_error for p in problems):
        texts[text.display] = text
        rollup, found = parse_rollup(text)
        problems += found
    lock_path = data_dir / LOCK_FILE
    if lock_path.exists():
        text, found = read_text(lock_path)
        problems += found
        if text is not None and not any(p.is_error for p in found):
            texts[text.display] = text
            lock, found = parse_lock(text)
            problems += found
    return rollup, lock, problems, texts
