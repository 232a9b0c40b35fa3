"""The notice as a Word file, and the 简报 (bulletin) that carries it, from their templates.

Each document is first rendered as Markdown (templates/notice.md.j2, imprint.md.j2,
bulletin.md.j2) and only then mapped onto the Word layout by render/docx.py, so every format
says the same words in the same order. The one difference: a printed document does not carry
the data version (commit) in its text; the Word file keeps it in its document properties
(provenance.md.j2), and prints it as a 附注 only where campaign.yaml says
``data_version_note: true``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .. import zh
from ..model import Campaign, Problem
from ..progress import PhaseProgress
from .notice import data_provenance, notice_facts, render_named, render_notice

IMPRINT_TEMPLATE = "imprint.md.j2"
BULLETIN_TEMPLATE = "bulletin.md.j2"
PROVENANCE_TEMPLATE = "provenance.md.j2"
#: campaign.yaml: ``data_version_note: true`` prints the data version as a 附注 in the Word notice
DATA_VERSION_NOTE = "data_version_note"


def _data_version(campaign: Campaign, facts: dict[str, Any]
                  ) -> tuple[dict[str, Any], list[Problem]]:
    """``facts`` with ``data_version``: the one-line data version (provenance.md.j2), or ''."""
    provenance = data_provenance(campaign.root)
    text, problems = render_named(campaign, PROVENANCE_TEMPLATE, {**facts, "provenance": provenance})
    version = provenance.get("commit") or "" if isinstance(provenance, dict) else ""
    settings = campaign.settings if isinstance(campaign.settings, dict) else {}
    asked = str(settings.get(DATA_VERSION_NOTE, "")).strip().lower() in ("true", "yes", "是")
    return {**facts, "provenance": provenance, "data_version": (text or "").strip(),
            "data_version_id": version, "data_version_note": asked}, problems


def _docx_options(campaign: Campaign, facts: dict[str, Any], issued: dt.date) -> dict[str, Any]:
    from .docx import Fonts, Signature

    notice = facts.get("notice") or {}
    issuer = notice.get("issuer") if isinstance(notice, dict) else None
    settings = campaign.settings if isinstance(campaign.settings, dict) else {}
    office = settings.get("office")
    return {
        "fonts": Fonts.from_settings(settings),
        "signature": Signature(zh.cn_date(issued), issuer if isinstance(issuer, str) else None),
        "issued": issued,
        "author": office if isinstance(office, str) else (issuer if isinstance(issuer, str) else ""),
        "comments": facts.get("data_version", ""),
        "version": facts.get("data_version_id", ""),
    }


def _letterhead(campaign: Campaign) -> Any:
    """campaign.yaml's 版头 (letterhead:) for a notice sent alone, or None."""
    from ..letterhead import letterhead_of
    from .docx import Letterhead

    found = letterhead_of(campaign.settings if isinstance(campaign.settings, dict) else None)
    return Letterhead(*found) if found else None


def notice_docx(campaign: Campaign, progress: PhaseProgress, issued: dt.date,
                template: Path | None = None) -> tuple[bytes | None, list[Problem]]:
    """The notice as a .docx: its Markdown, then the 版记 (imprint.md.j2), in GB/T 9704 layout."""
    from .docx import to_docx

    # no data version in the printed text (an empty provenance leaves it out of the template)
    text, problems = render_notice(campaign, progress, issued, template, provenance={})
    if text is None:
        return None, problems
    facts, found = _data_version(campaign, notice_facts(campaign, progress, issued))
    imprint, more = render_named(campaign, IMPRINT_TEMPLATE, facts)
    found += more
    if imprint is None:
        return None, problems + found
    data = to_docx(text + "\n" + imprint, kind="notice", letterhead=_letterhead(campaign),
                   **_docx_options(campaign, facts, issued))
    return data, problems + found


def bulletin_markdown(campaign: Campaign, progress: PhaseProgress, issued: dt.date, issue: int,
                      body: str = "", template: Path | None = None,
                      provenance: dict[str, Any] | None = None
                      ) -> tuple[str | None, list[Problem]]:
    """The 简报 number ``issue``: masthead, ``body``, the phase's notice as 附件, 版记; the
    notice's data version comes from git unless ``provenance`` is given ({}: none)."""
    attachment, problems = render_notice(campaign, progress, issued, template, provenance,
                                         attached=True)
    if attachment is None:
        return None, problems
    facts = notice_facts(campaign, progress, issued)
    facts.update(issue=issue, body=body.strip(), attachment=attachment.strip())
    text, found = render_named(campaign, BULLETIN_TEMPLATE, facts)
    return text, problems + found


def bulletin_docx(campaign: Campaign, progress: PhaseProgress, issued: dt.date, issue: int,
                  body: str = "", template: Path | None = None
                  ) -> tuple[bytes | None, list[Problem]]:
    from .docx import to_docx

    text, problems = bulletin_markdown(campaign, progress, issued, issue, body, template,
                                       provenance={})
    if text is None:
        return None, problems
    facts, found = _data_version(campaign, notice_facts(campaign, progress, issued))
    name = campaign.settings.get("name") if isinstance(campaign.settings, dict) else None
    return (to_docx(text, kind="bulletin", name=name if isinstance(name, str) else None,
                    **_docx_options(campaign, facts, issued)),
            problems + found)
