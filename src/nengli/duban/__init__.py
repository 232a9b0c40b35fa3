"""督办: the escalation ladder from 提醒 to 挂牌督办, its numbered notices, and the scores.

The data's path through this package, stage by stage:

- ``settings`` — campaign.yaml's ``holidays:``, ``workdays:``, ``duban:`` and ``scoring:`` read
  into ``model.Rules``, every mistake located;
- ``book``     — data/duban.yaml read into ``model.Item`` records and checked against the
  roster and the phases (the grammar, with the parse package's FileParser);
- ``workdays`` — working days: weekends and holidays skipped, 调休 days counted;
- ``ladder``   — pure: where each unit's task stands on the ladder on a day, and what is due;
- ``numbers``  — the 编号 of an item, unique across the clerks' clones (a series per clerk);
- ``register`` — ``issue``, ``extend`` and ``close``: checked, then written line by line;
- ``merge``    — the record-level three-way merge of duban.yaml (nengli's git merge driver);
- ``scoring``  — pure: each unit's score and every deduction behind it (``rank --why``).

This file imports nothing but layout, so that ``load`` can ask whether a campaign uses 督办 at
all without loading any of it.
"""

from ..layout import DUBAN_FILE as BOOK_FILE

__all__ = ["BOOK_FILE", "SETTING_KEYS"]

#: the settings of campaign.yaml this package reads
SETTING_KEYS = ("holidays", "workdays", "duban", "scoring")
