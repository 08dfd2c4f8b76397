"""The ``dateline_topics`` stage: what an article is about — theme labels and keyphrases.

    taxonomy (data/topics.json) ─► PhraseMatcher on LEMMA and on LOWER (built once per
                                   pipeline: "interest rates" meets "interest rate",
                                   "Premier League" its lowercase form)
    doc ─► term hits per label (a token counts once per label: its heaviest, longest
           term), each weighted by its term weight and its position (a hit
           in the lead counts ``lead_weight`` times), repeated terms saturating
           (``w · log2(1 + Σ position weights)``)
        ─► events: each event whose PLOVER type or CAMEO code the label lists votes
           (``event_weight · log2(1 + votes)``)
        ─► raw evidence → score ``raw / (raw + saturation)``; labels at or above
           ``threshold`` and ``relative`` × the best, best first, at most ``max_topics``,
           each with the terms and event codes that voted for it
    doc ─► keyphrases: noun chunks and multi-word entity names, stripped of determiners,
           pronouns and stopwords at their edges; multi-word, with a noun or name in them;
           grouped by lowercase form and ranked by frequency × position × length
           (``(1 + ln tf) / log2(2 + first sentence) · (1 + 0.25 · (words − 2))``), a phrase
           inside a better one dropped; the top ``MAX_KEYPHRASES`` with every span where
           the phrase is printed

Every pass is one walk over the matches, the chunks or the events: linear in the document.
The taxonomy is data (``data/topics.json``); the code that reads it is here.
"""

from __future__ import annotations

import bisect
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..models import Keyphrase, Topic

for _name in ("dateline_topics", "dateline_keyphrases"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

MAX_KEYPHRASES = 10
# A keyphrase is a phrase, not a clause: longer "noun chunks" are parses gone wrong.
MAX_KEYPHRASE_WORDS = 6
# Edge tokens stripped from a phrase: determiners, pronouns, numbers, adverbs, punctuation …
_EDGE_POS = frozenset(
    {"DET", "PRON", "PUNCT", "CCONJ", "ADP", "PART", "SYM", "SPACE", "AUX", "SCONJ", "NUM", "ADV"}
)
_CONTENT_POS = frozenset({"NOUN", "PROPN"})
_INNER_PUNCT = frozenset({"-", "'", "’", ".", "&", "/"})


@dataclass(frozen=True)
class Label:
    name: str
    terms: dict[str, float]
    plover: frozenset[str]
    cameo: tuple[str, ...]  # CAMEO code prefixes


@dataclass(frozen=True)
class Taxonomy:
    labels: tuple[Label, ...]
    settings: dict[str, float]


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    raw = json.loads(resources.files(__package__).joinpath("data", "topics.json").read_text("utf-8"))
    labels = tuple(
        Label(
            name,
            {t.lower(): float(w) for t, w in spec["terms"].items() if float(w) > 0},
            frozenset(spec.get("plover", ())),
            tuple(spec.get("cameo", ())),
        )
        for name, spec in raw["labels"].items()
    )
    return Taxonomy(labels, {k: float(v) for k, v in raw["settings"].items()})


class TopicStage:
    """The pipeline component: matchers built once, then :func:`topics_of` and
    :func:`keyphrases_of` per Doc."""

    def __init__(self, nlp: Language) -> None:
        self.tax = taxonomy()
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        # Match ids are "label\x1fterm": one string per (label, term) pair.
        for label in self.tax.labels:
            for term in label.terms:
                key = f"{label.name}\x1f{term}"
                toks = nlp.make_doc(term)
                words = [t.text for t in toks]
                self.lower.add(key, [toks])
                self.lemma.add(key, [Doc(nlp.vocab, words=words, lemmas=[w.lower() for w in words])])

    def __call__(self, doc: Doc) -> Doc:
        doc._.dateline_topics = topics_of(doc, self)
        doc._.dateline_keyphrases = keyphrases_of(doc)
        return doc


@Language.factory(
    "dateline_topics",
    assigns=["doc._.dateline_topics", "doc._.dateline_keyphrases"],
)
def make_topic_stage(nlp: Language, name: str) -> TopicStage:
    return TopicStage(nlp)


def _hits(doc: Doc, stage: TopicStage) -> dict[tuple[str, str], list[int]]:
    """(label, term) → the character offsets it is found at.  A token counts for at most
    one term of a label: the heaviest, then the longest ("sanctions" is not "sanction"
    again, "prime minister" not also "minister"); its other labels may count it too."""
    weights = {lab.name: lab.terms for lab in stage.tax.labels}
    found: dict[str, set[tuple[int, int, str]]] = defaultdict(set)
    lemma_ok = doc.has_annotation("LEMMA")
    for matcher in (stage.lemma, stage.lower) if lemma_ok else (stage.lower,):
        for key, start, end in matcher(doc):
            label, _, term = doc.vocab.strings[key].partition("\x1f")
            found[label].add((start, end, term))
    out: dict[tuple[str, str], list[int]] = defaultdict(list)
    for label, matches in found.items():
        taken: set[int] = set()
        for start, end, term in sorted(matches, key=lambda m: (-weights[label][m[2]], m[0] - m[1], m)):
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                out[(label, term)].append(doc[start].idx)
    return out


def _event_codes(ev: Any) -> tuple[str | None, str | None]:
    plover = getattr(getattr(ev, "plover", None), "type", None)
    return plover, getattr(ev, "cameo", None)


def topics_of(doc: Doc, stage: TopicStage) -> tuple[Topic, ...]:
    """The theme labels the document's terms and events vote for, best first."""
    tax = stage.tax
    st = tax.settings
    lead_chars, lead_w = st["lead_chars"], st["lead_weight"]
    evidence: dict[str, float] = defaultdict(float)
    terms: dict[str, list[tuple[float, str]]] = defaultdict(list)
    weights = {lab.name: lab.terms for lab in tax.labels}
    for (label, term), offsets in _hits(doc, stage).items():
        pos = sum(lead_w if o < lead_chars else 1.0 for o in offsets)
        contrib = weights[label][term] * math.log2(1.0 + pos)
        evidence[label] += contrib
        terms[label].append((contrib, term))
    votes: dict[str, list[str]] = defaultdict(list)
    for ev in doc._.dateline_events or ():
        plover, cameo = _event_codes(ev)
        for lab in tax.labels:
            if plover and plover in lab.plover:
                votes[lab.name].append(plover)
            elif cameo and any(cameo.startswith(p) for p in lab.cameo):
                votes[lab.name].append(cameo)
    for label, vs in votes.items():
        evidence[label] += st["event_weight"] * math.log2(1.0 + len(vs))
    if not evidence:
        return ()
    best = max(evidence.values())
    k = st["saturation"]
    out = []
    for label, raw in evidence.items():
        score = raw / (raw + k)
        if score < st["threshold"] or raw < st["relative"] * best:
            continue
        ranked = tuple(t for _, t in sorted(terms[label], key=lambda x: (-x[0], x[1])))
        out.append(Topic(label, round(score, 4), ranked, tuple(dict.fromkeys(votes[label]))))
    out.sort(key=lambda t: (-t.score, t.label))
    return tuple(out[: int(st["max_topics"])])


# --------------------------------------------------------------------------- keyphrases


def _strip(span: Any) -> Any:
    """The span without determiners, pronouns, stopwords and punctuation at its edges."""
    s, e = span.start, span.end
    doc = span.doc
    while s < e and (doc[s].pos_ in _EDGE_POS or doc[s].is_stop or not doc[s].text.strip()):
        s += 1
    while e > s and (doc[e - 1].pos_ in _EDGE_POS or doc[e - 1].is_stop or not doc[e - 1].text.strip()):
        e -= 1
    return doc[s:e]


def _candidates(doc: Doc) -> list[Any]:
    spans = []
    if doc.has_annotation("DEP"):
        spans.extend(doc.noun_chunks)
    spans.extend(doc.ents)
    return spans


def _good(span: Any) -> bool:
    words = [t for t in span if not t.is_punct]
    # Words as printed: "e-mail" and "highest-level" are one word each.
    if len(span.text.split()) < 2 or len(words) > MAX_KEYPHRASE_WORDS:
        return False
    last = words[-1] if words else None
    # A noun phrase ends in its head: a noun or a name ("new study shows" is a clause, and
    # "infected e" the front of "infected e-mail" cut by the tokenizer).
    if last is None or not (last.pos_ in _CONTENT_POS or last.ent_type_) or len(last.text) < 2:
        return False
    if all(t.is_stop or t.like_num for t in words):
        return False
    if any(t.pos_ == "PRON" for t in words) or "\n" in span.text:
        return False
    # Punctuation inside is a hyphen or an apostrophe within words ("highest-level",
    # "Mueller's"), never a spaced dash, a colon or a bracket (two phrases run together).
    return not any(t.is_punct and (t.text not in _INNER_PUNCT or t.whitespace_) for t in span[:-1])


def keyphrases_of(doc: Doc, limit: int = MAX_KEYPHRASES) -> tuple[Keyphrase, ...]:
    """Ranked multi-word noun phrases of the document (see the module docstring)."""
    sent_starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
    groups: dict[str, dict[str, Any]] = {}
    for cand in _candidates(doc):
        span = _strip(cand)
        if not len(span) or not _good(span):
            continue
        key = " ".join(span.text.lower().split())
        g = groups.get(key)
        if g is None:
            g = groups[key] = {"text": span.text, "spans": {}, "first": span.start_char, "n": len(span)}
        g["spans"][(span.start_char, span.end_char)] = None  # a chunk that is also an entity: once
        g["first"] = min(g["first"], span.start_char)
    scored = []
    for key, g in groups.items():
        tf = len(g["spans"])
        sent = bisect.bisect_right(sent_starts, g["first"]) - 1
        words = len(key.split())
        score = (1 + math.log(tf)) / math.log2(2 + sent) * (1 + 0.25 * (min(words, 4) - 2))
        scored.append((score, g["first"], key, g))
    scored.sort(key=lambda x: (-x[0], x[1]))
    chosen: list[tuple[float, str, dict[str, Any]]] = []
    for score, _, key, g in scored:
        padded = f" {key} "
        if any(padded in f" {k} " or f" {k} " in padded for _, k, _ in chosen):
            continue
        chosen.append((score, key, g))
        if len(chosen) == limit:
            break
    if not chosen:
        return ()
    top = chosen[0][0]
    return tuple(
        Keyphrase(g["text"], round(score / top, 4), tuple(sorted(g["spans"]))) for score, _, g in chosen
    )
