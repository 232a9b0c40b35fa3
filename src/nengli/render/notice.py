"""The 督导通报: the facts of a phase as plain data, rendered through a Jinja template.

The wording lives in templates/notice.md.j2; this module only gathers facts and runs the
template in Jinja's sandbox with undefined variables as errors, so a template that came
through a shared repository can neither run code nor leave a silent blank in a notice.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from .. import zh
from ..model import Campaign, Problem, Source
from ..problems import problem
from ..progress import PhaseProgress, pools

TEMPLATE_NAME = "notice.md.j2"


def notice_facts(campaign: Campaign, progress: PhaseProgress, issued: dt.date,
                 provenance: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything a notice states, as plain data (also the JSON form of the report).

    ``provenance`` (from ``data_provenance``) says which version of the data this is.
    """
    phase = progress.phase
    tasks = []
    for tp in progress.tasks:
        c = tp.counts
        tasks.append({
            "id": tp.task.id,
            "title": tp.task.title,
            "due": tp.task.due,
            "due_passed": progress.as_of > tp.task.due,
            "applicable": tp.applicable,
            "on_time": c["on_time"], "late": c["late"], "missing": c["missing"],
            "pending": c["pending"], "exempt": c["exempt"],
            "done": c["on_time"] + c["late"],
            "laggards": [u.id for u in tp.laggards],
            "late_units": [u.id for u in tp.units("late")],
            "missing_units": [u.id for u in tp.units("missing")],
            "exempt_units": [{"id": r.unit.id, "reason": r.record.exempt if r.record else ""}
                             for r in tp.rows if r.status == "exempt"],
            "categories": [{
                "key": cp.category.key, "name": cp.category.name, "label": cp.category.label,
                "separate": cp.category.separate, "applicable": cp.applicable,
                "laggards": [u.id for u in cp.laggards], "pending": cp.pending,
                "exempt": cp.exempt,
            } for cp in tp.by_category],
            # who the summary speaks of in which clause (progress.pools), in order
            "clauses": [{
                "separate": pool.separate,
                "label": pool.parts[0].category.label if pool.separate else "",
                # the categories with units that owe the task: “各学校、二级机构均全部完成”
                "names": [cp.category.name for cp in pool.parts if cp.applicable > cp.exempt],
                # and as the notice calls them, by label where they have one (各学校（单位）…)
                "labels": [cp.category.label or cp.category.name
                           for cp in pool.parts if cp.applicable > cp.exempt],
                "applicable": pool.applicable, "owing": pool.owing, "on_time": pool.on_time,
                "late": pool.late, "pending": pool.pending, "exempt": pool.exempt,
                "laggards": [u.id for u in pool.laggards],
            } for pool in pools(tp)],
        })
    return {
        "phase": {"number": phase.number, "title": phase.title, "theme": phase.theme,
                  "start": phase.start, "end": phase.end},
        "as_of": progress.as_of,
        "date": issued,
        "scope": [{"key": c.key, "name": c.name, "counter": c.counter, "count": n}
                  for c, n in progress.scope],
        "tasks": tasks,
        "notice": dict(phase.notice),
        "campaign": dict(campaign.settings),
        "provenance": provenance,
        # the 督办 notices sent for the phase's tasks by the statistics day (nengli duban)
        "duban": _duban_counts(campaign, phase.number, progress.as_of),
        # campaign.yaml ``scoring:`` (None without), appended as an attachment with ``attach: true``
        "scoring": _scoring(campaign),
    }


def _scoring(campaign: Campaign) -> dict[str, Any] | None:
    if campaign.rules.scoring is None:
        return None
    from ..duban.scoring import rules_facts

    return rules_facts(campaign.rules.scoring)


def _duban_counts(campaign: Campaign, phase: int, as_of: dt.date) -> dict[str, Any]:
    from ..duban.ladder import counts_facts

    return counts_facts(campaign.items, phase, as_of)


def data_provenance(data_dir: Path) -> dict[str, Any]:
    """The data's commit, its date and whether it has uncommitted changes (runs git)."""
    from ..gitio import GitError, Provenance, provenance

    try:
        return provenance(data_dir).facts()
    except GitError as exc:  # git missing or failing: the notice says which
        return Provenance(in_git=False, git_missing=exc.code == "git-missing").facts()


def find_template(campaign_root: Path | None, explicit: Path | None = None) -> Path | None:
    """--template, else the campaign's templates/notice.md.j2, else the packaged default."""
    if explicit is not None:
        return explicit
    if campaign_root is not None:
        local = campaign_root / "templates" / TEMPLATE_NAME
        if local.is_file():
            return local
    return default_template()


def default_template(name: str = TEMPLATE_NAME) -> Path:
    # the wheel puts templates/ inside the package (pyproject.toml), as plain files: found
    # beside this module, without importlib.resources (~1 ms of start-up)
    packaged = Path(__file__).resolve().parents[1] / "templates" / name
    if packaged.is_file():
        return packaged
    # running from a source checkout (editable install): the repository's own templates/
    return Path(__file__).resolve().parents[3] / "templates" / name


_ENV_OPTIONS = {"keep_trailing_newline": True, "trim_blocks": True, "lstrip_blocks": True,
                "autoescape": False}


def _bytecode_cache(options: dict[str, Any]) -> Any:
    """Jinja's cache of compiled templates in its per-user folder (in the temporary directory),
    under names of nengli's own that change with the options templates are compiled with; a
    cache that cannot be created, read or written is simply not used."""
    import hashlib

    from jinja2 import FileSystemBytecodeCache

    class QuietCache(FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Any) -> None:
            try:
                super().load_bytecode(bucket)
            except (OSError, ValueError, EOFError):
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    key = hashlib.sha1(repr(sorted(options.items())).encode()).hexdigest()[:8]
    try:
        return QuietCache(pattern=f"nengli-sandbox-{key}-%s.cache")
    except (OSError, RuntimeError):
        return None


def render_template(path: Path, facts: dict[str, Any], display: str | None = None
                    ) -> tuple[str | None, list[Problem]]:
    """The template filled with ``facts``, or the located problems that stopped it.

    A ``.html.j2`` template escapes every value it prints (a unit named ``<script>`` is shown,
    not run) and is returned as written; any other is Markdown, tidied.
    """
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

    from ..messages import jinja_in_chinese
    from ..read import read_template

    name = display or str(path)
    html = path.name.endswith((".html.j2", ".xml.j2"))  # markup: every value escaped
    source, found = read_template(path, name)  # encoding, folder, permission: located problems
    if source is None:
        return None, found
    # the template is compiled once and its byte code kept (compiling is most of its cost)
    options = {**_ENV_OPTIONS, "autoescape": html}
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FunctionLoader(lambda _: (source, name, lambda: True)),
        bytecode_cache=_bytecode_cache(options), undefined=jinja2.StrictUndefined, **options)
    env.filters.update(cn_number=zh.cn_number, cn_date=zh.cn_date, cn_month_day=zh.cn_month_day,
                       join_names=zh.join_names, spread=zh.spread, heading=zh.heading_number,
                       inner_quotes=zh.inner_quotes)
    lines = source.splitlines()

    def located(code: str, line: int | None, what: str) -> Problem:
        line = line or 0
        excerpt = lines[line - 1] if 0 < line <= len(lines) else ""
        return problem(code, Source(name, line, 1 if line else 0), excerpt=excerpt,
                       what=jinja_in_chinese(what, facts, env.filters))

    try:
        text = env.get_template(name).render(**facts)
    except jinja2.TemplateSyntaxError as exc:
        return None, [located("template-syntax", exc.lineno, exc.message or "")]
    except jinja2.UndefinedError as exc:
        return None, [located("template-undefined", _template_line(exc, name), str(exc.message))]
    except SecurityError as exc:
        return None, [located("template-unsafe", _template_line(exc, name), str(exc))]
    except Exception as exc:  # a template is user data: any failure in it is a located problem
        return None, [located("template-error", _template_line(exc, name), f"{type(exc).__name__}: {exc}")]
    return (text if html else tidy_markdown(text)), []


def _template_line(exc: BaseException, name: str) -> int | None:
    """The template line an exception was raised from, read off Jinja's rewritten traceback."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == name:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


_BLANKS = re.compile(r"\n{3,}")


def tidy_markdown(text: str) -> str:
    """No trailing spaces, one blank line between blocks, one newline at the end."""
    text = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return _BLANKS.sub("\n\n", text) + "\n"


def render_notice(campaign: Campaign, progress: PhaseProgress, issued: dt.date,
                  template: Path | None = None, provenance: dict[str, Any] | None = None,
                  attached: bool = False) -> tuple[str | None, list[Problem]]:
    """The notice; its provenance is read from git unless given. ``attached``: as the 附件 of
    a 简报, which it ends without a signature (the template's ``attached``)."""
    path = find_template(campaign.root.parent, template)
    assert path is not None
    if provenance is None:
        provenance = data_provenance(campaign.root)
    facts = notice_facts(campaign, progress, issued, provenance)
    return render_template(path, {**facts, "attached": attached}, display=_display(path))


def _display(path: Path) -> str:
    from ..read import display_name

    return display_name(path)


def find_named_template(campaign_root: Path | None, name: str) -> Path:
    """The campaign's templates/<name> if it has one, else nengli's default of that name."""
    if campaign_root is not None:
        local = campaign_root / "templates" / name
        if local.is_file():
            return local
    return default_template(name)


def render_named(campaign: Campaign, name: str, facts: dict[str, Any]
                 ) -> tuple[str | None, list[Problem]]:
    """Another document's template (bulletin, 版记) filled with ``facts``."""
    path = find_named_template(campaign.root.parent, name)
    return render_template(path, facts, display=_display(path))
