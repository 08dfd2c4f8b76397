"""The ``dateline_events`` stage (being built: issue 11).  Sets ``doc._.dateline_events``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("dateline_events"):
    Doc.set_extension("dateline_events", default=None)


@Language.component("dateline_events", assigns=["doc._.dateline_events"])
def dateline_events(doc: Doc) -> Doc:
    doc._.dateline_events = ()
    return doc
