"""The ``dateline_events`` stage (being built: issue 11).  Sets ``doc._.dateline_events``."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("dateline_events"):
    Doc.set_extension("dateline_events", default=None)


def _data(name: str) -> Any:
    return json.loads(resources.files("dateline.nlp").joinpath("data", name).read_text("utf-8"))


@lru_cache(maxsize=1)
def cameo_codes() -> dict[str, dict[str, Any]]:
    """CAMEO code → {name, goldstein, plover: {type, mode, context}} (``data/cameo.json``)."""
    return _data("cameo.json")["codes"]


@lru_cache(maxsize=1)
def triggers() -> dict[str, Any]:
    """The trigger lexicon (``data/event_triggers.json``)."""
    return _data("event_triggers.json")


@lru_cache(maxsize=1)
def trigger_lexicon() -> dict[str, str]:
    """Single-word verb lemma → PLOVER type, for verbs that are triggers on their own
    (not only under a condition): what a one-lookup keyword baseline can use."""
    codes = cameo_codes()
    out: dict[str, str] = {}
    for lemma, entry in triggers()["verbs"].items():
        code = entry.get("cameo")
        plover = codes.get(code, {}).get("plover") if code else None
        if plover and " " not in lemma and not entry.get("only_when"):
            out[lemma] = plover["type"]
    return out


@Language.component("dateline_events", assigns=["doc._.dateline_events"])
def dateline_events(doc: Doc) -> Doc:
    doc._.dateline_events = ()
    return doc
