"""Roles and titles of people, from the text around a name mention.

    prenominal   "US Secretary of State Mike Pompeo"          → "Secretary of State"
                 "leftist leader Nicolas Maduro"              → "leader"
    appositive   "Jonathan Katz, a former US official …"      → "former US official"
                 "Katz, now a senior fellow at …"             → "senior fellow"
                 "Sergey Lavrov, the foreign minister of …"   → "foreign minister"

Titles come from ``data/titles.txt``; a role is returned as the text printed it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon

# An appositive names its role within a few words: "a former US official".
_MAX_ROLE_PREMODIFIERS = 4
_APPOSITIVE_WINDOW = 160  # characters after the name that are looked at


@lru_cache(maxsize=1)
def _appositive() -> re.Pattern[str]:
    alternation = lexicon.titles().alternation
    return re.compile(
        r",\s+(?:(?:now|then|currently|also|formerly|himself|herself)\s+)?(?:a|an|the)\s+"
        rf"(?P<role>(?:[\w.'’-]+\s+){{0,{_MAX_ROLE_PREMODIFIERS}}}?(?:{alternation}))(?![\w-])",
        re.IGNORECASE,
    )


def prenominal_role(text: str, start: int) -> str | None:
    """The title printed right before a name starting at ``start``, if any."""
    before = text[max(0, start - 80) : start]
    if not before.endswith((" ", "\n")) or before.endswith("\n\n"):
        return None
    t = lexicon.titles()
    head = before.rstrip()
    best = None
    for m in t.pattern.finditer(head):
        if m.end() == len(head):
            best = m
    if best is None or best.group(0).lower() not in t.prenominal:
        return None
    return best.group(0)


def appositive_role(text: str, end: int) -> str | None:
    """The role an appositive gives right after a name ending at ``end``, if any."""
    m = _appositive().match(text, end, min(len(text), end + _APPOSITIVE_WINDOW))
    return " ".join(m["role"].split()) if m else None
