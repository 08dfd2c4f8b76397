"""The ``dateline_entities`` stage: spaCy's named-entity spans → Entities with mentions.

First stage only: mentions with the same name and type are one entity.  It also keeps
out what must never be an entity: numeric types (dates and times belong to timexes),
timestamps glued to words (``GMT2019-05-13``), page furniture (``Add Comment``).
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..models import Entity
from ..read.text import is_known_furniture

# OntoNotes labels that name things; DATE, TIME, MONEY, PERCENT, QUANTITY, ORDINAL and
# CARDINAL are values, not entities.
ENTITY_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
_TIMESTAMPISH = re.compile(r"\d{1,4}[-/:.]\d{1,2}|\d{1,2}:\d{2}|\b(?:GMT|UTC)\d", re.IGNORECASE)
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_TRAILING = re.compile(r"(?:'s|’s|'|’)$")

if not Doc.has_extension("dateline_entities"):
    Doc.set_extension("dateline_entities", default=None)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Character span without a leading article or a trailing possessive.

    ``text`` is ``doc.text`` read once by the caller: spaCy rebuilds it from the tokens
    on every access, which made this stage cost entities × tokens."""
    if m := _LEADING.match(text[start:end]):
        start += m.end()
    if m := _TRAILING.search(text[start:end]):
        end -= len(m.group(0))
    return start, end


def keep(text: str, label: str) -> bool:
    if label not in ENTITY_LABELS or not any(c.isalpha() for c in text):
        return False
    return not (_TIMESTAMPISH.search(text) or is_known_furniture(text))


def collect(doc: Doc) -> tuple[Entity, ...]:
    groups: dict[tuple[str, str], list[tuple[int, int]]] = {}
    text = doc.text
    for ent in doc.ents:
        if not keep(text[ent.start_char : ent.end_char], ent.label_):
            continue
        start, end = _trim(text, ent.start_char, ent.end_char)
        name = " ".join(text[start:end].split())
        if not name:
            continue
        groups.setdefault((name, ent.label_), []).append((start, end))
    return tuple(
        Entity(id=f"e{n}", name=name, type=label, mentions=tuple(spans))
        for n, ((name, label), spans) in enumerate(groups.items(), 1)
    )


@Language.component("dateline_entities", requires=["doc.ents"], assigns=["doc._.dateline_entities"])
def dateline_entities(doc: Doc) -> Doc:
    doc._.dateline_entities = collect(doc)
    return doc


__all__: list[Any] = ["ENTITY_LABELS", "collect", "dateline_entities", "keep"]
