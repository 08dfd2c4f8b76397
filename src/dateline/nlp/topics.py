"""The ``dateline_topics`` stage (being built: issue 11).  Sets ``doc._.dateline_topics``
(Topic, best first) and ``doc._.dateline_keyphrases`` (Keyphrase, best first)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

for _name in ("dateline_topics", "dateline_keyphrases"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.component("dateline_topics", assigns=["doc._.dateline_topics", "doc._.dateline_keyphrases"])
def dateline_topics(doc: Doc) -> Doc:
    doc._.dateline_topics = ()
    doc._.dateline_keyphrases = ()
    return doc
