"""nengli doctor's answer: one line per check — ✓ passed, ✗ failed and the fix, － not checked —
and a closing count; or the same as JSON for scripts."""

from __future__ import annotations

import json

from ..doctor import Check, healthy
from ..messages import DOCTOR_NOTES

#: the marks, and the ones used where the output's encoding lacks them (GBK has √ ×, not ✓ ✗)
MARKS = ({"ok": "✓", "fail": "✗", "skip": "－"},
         {"ok": "√", "fail": "×", "skip": "-"},
         {"ok": "OK", "fail": "XX", "skip": "--"})


def marks(encoding: str) -> dict[str, str]:
    for chosen in MARKS:
        try:
            "".join(chosen.values()).encode(encoding)
        except (UnicodeEncodeError, LookupError):
            continue
        return chosen
    return MARKS[-1]


def doctor_text(checks: list[Check], encoding: str = "utf-8") -> str:
    mark = marks(encoding)
    lines = []
    for c in checks:
        fix = DOCTOR_NOTES["fix"].format(fix=c.fix) if c.status == "fail" and c.fix else ""
        lines.append(f"{mark[c.status]} {c.label}：{c.text}{fix}")
    failures = sum(c.status == "fail" for c in checks)
    lines.append(DOCTOR_NOTES["all-passed"].format(count=len(checks)) if healthy(checks)
                 else DOCTOR_NOTES["some-failed"].format(count=failures, mark=mark["fail"]))
    return "\n".join(lines) + "\n"


def doctor_json(checks: list[Check]) -> str:
    return json.dumps({"ok": healthy(checks),
                       "checks": [{"key": c.key, "label": c.label, "status": c.status, "text": c.text,
                                   "fix": c.fix} for c in checks]},
                      ensure_ascii=False, indent=2) + "\n"
