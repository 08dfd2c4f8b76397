"""The ``dateline_summary`` stage (being built: issue 11).  Sets ``doc._.dateline_summary``:
the (start, end) character spans of up to three body sentences, in body order."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("dateline_summary"):
    Doc.set_extension("dateline_summary", default=None)


@Language.component("dateline_summary", assigns=["doc._.dateline_summary"])
def dateline_summary(doc: Doc) -> Doc:
    doc._.dateline_summary = ()
    return doc
