"""The ``dateline_summary`` stage: an extractive summary of up to three body sentences.

    doc.sents ─► cut at paragraph breaks (a blank line ends a sentence)
              ─► candidates: sentences of MIN_WORDS..MAX_WORDS words, except a line of its
                 own without a full stop (a header, a stamp), furniture ("Scroll down for
                 video", bylines, copyright lines), a wire dateline alone, and a direct
                 quotation (MAX_QUOTED of it inside quotation marks, or opening with one);
                 a photo caption (``(left)``, ``pictured``) pays CAPTION_PENALTY
              ─► features, each in [0, 1]:
                   position    1 / (1 + k)^POSITION_DECAY, k the candidate's rank in the body
                   entities    Σ log(1 + mentions) of the entities the sentence names,
                               over the best sentence's
                   events      events in the sentence (dateline_events), capped at 2
                   centrality  cosine of the sentence's content lemmas with the document's
              ─► score = Σ weight · feature  (WEIGHTS; the lead is strong in news, so
                 position carries most: a later sentence must earn its place)
              ─► MMR: pick the best of score − REDUNDANCY · max similarity to what is
                 already picked; a sentence as similar as MAX_SIMILARITY to a picked one is
                 dropped (a photo caption restating the lead, a repeated paragraph)
              ─► up to three spans, in body order (``doc._.dateline_summary``)

Each sentence is read once (its tokens, then its entity mentions and events by binary
search); selection compares each candidate with at most two picked sentences: linear in
the document.  The summary text is those sentences joined by a space (pipeline.to_analysis).
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..read.datelines import find_wire_dateline

if not Doc.has_extension("dateline_summary"):
    Doc.set_extension("dateline_summary", default=None)

MAX_SENTENCES = 3
MIN_WORDS = 6
MAX_WORDS = 60  # longer "sentences" are captions glued to text or lists run together
# The weights, the decay, the penalties and the similarity bounds were chosen by a small grid
# on eval/summary.py's CNN/DM dev sample (see eval/README.md: there is no held-out split).
POSITION_DECAY = 1.0
WEIGHTS = {"position": 1.0, "entities": 0.2, "events": 0.15, "centrality": 0.4}
REDUNDANCY = 0.5
MAX_SIMILARITY = 0.6
# A sentence whose characters are this much inside direct quotations is a quote, not news.
MAX_QUOTED = 0.5
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
# Furniture that ends up inside "sentences" of scraped bodies: never a summary sentence.
_FURNITURE = re.compile(
    r"scroll down for (?:video|more)|click here|\b(?:published|updated|last updated):|^\s*by \.|"
    r"^\s*(?:photo|picture|image|video|watch|read more|related|see also)s?\s*:|\bfollow @|"
    r"\bcopyright\b|all rights reserved|\bgetty images\b|\bafp/getty\b",
    re.IGNORECASE,
)
# Photo-caption marks: a sentence with one is (or is glued to) a caption and pays CAPTION_PENALTY.
_CAPTION = re.compile(
    r"\((?:left|right|centre|center|above|below|top|bottom|inset|file photo|pictured|stock image)\)|"
    r"\bpictured\b|,\s*(?:left|right|centre|center|above|below)\s*,",
    re.IGNORECASE,
)
CAPTION_PENALTY = 0.3
_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_LINE_END = re.compile(r"[ \t\r\f\v]*(?:\n[ \t\r\f\v]*\n|\s*\Z)")
_TERMINAL = frozenset(".!?\"”’'…)")
_QUOTE_OPEN = frozenset("\"“‘'«„")
_QUOTE_CLOSE = ('"', "”", "’", "'", "»", "“")


@dataclass
class _Sent:
    index: int
    start: int
    end: int
    words: int
    lemmas: Counter[str]
    caption: bool = False
    position: float = 0.0
    entities: float = 0.0
    events: float = 0.0
    centrality: float = 0.0
    score: float = 0.0


def _cosine(a: Counter[str], b: Counter[str], nb: float | None = None) -> float:
    if not a or not b:
        return 0.0
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(v * big.get(k, 0) for k, v in small.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = nb if nb is not None else math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _covered(start: int, end: int, spans: list[tuple[int, int]], starts: list[int]) -> int:
    """Characters of [start, end) inside the sorted, disjoint ``spans``."""
    k = max(bisect.bisect_right(starts, start) - 1, 0)
    n = 0
    while k < len(spans) and spans[k][0] < end:
        s, e = spans[k]
        n += max(0, min(e, end) - max(s, start))
        k += 1
    return n


def _words(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def _pieces(sent: Any, text: str) -> list[list[Any]]:
    """The sentence's tokens, whitespace left out, cut at paragraph breaks: a blank line
    always ends a sentence (a header line or a caption above the lead is not part of it)."""
    out: list[list[Any]] = [[]]
    for t in sent:
        if t.is_space:
            continue
        if out[-1]:
            prev = out[-1][-1]
            if _BREAK.search(text, prev.idx + len(prev), t.idx):
                out.append([])
        out[-1].append(t)
    return [p for p in out if p]


def _quoted(raw: str) -> bool:
    """The sentence opens with a quotation mark that closes late or never: a quote (single
    marks too, which the quote stage does not pair: ‘I'd be over the moon,’ said Locke)."""
    if raw[0] not in _QUOTE_OPEN:
        return False
    close = max(raw.rfind(c) for c in _QUOTE_CLOSE)
    return close <= 0 or close >= MAX_QUOTED * len(raw)


def _candidates(doc: Doc, text: str) -> list[_Sent]:
    quotes = sorted(
        tuple(q.span) for q in doc._.dateline_quotes or () if getattr(q, "kind", "direct") == "direct"
    )
    merged: list[tuple[int, int]] = []
    for s, e in quotes:  # nested or overlapping quotes: merge so coverage never double counts
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    q_starts = [s for s, _ in merged]
    out = []
    for sent in doc.sents:
        for toks in _pieces(sent, text):
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
            words = sum(1 for t in toks if not t.is_punct)
            if not MIN_WORDS <= words <= MAX_WORDS:
                continue
            raw = text[start:end]
            if raw[-1] not in _TERMINAL and _LINE_END.match(text, end):
                continue  # a line of its own without a full stop: a header, stamp or caption
            if _FURNITURE.search(raw):
                continue
            opens = start == 0 or text[start - 1] == "\n"  # a wire dateline opens a paragraph
            wire = find_wire_dateline(raw) if opens else None
            if wire is not None and _words(raw[wire.end :]) < MIN_WORDS:
                continue  # the dateline alone
            if _quoted(raw) or _covered(start, end, merged, q_starts) > MAX_QUOTED * (end - start):
                continue
            lemmas = Counter(
                t.lemma_.lower() for t in toks if t.pos_ in _CONTENT_POS and not t.is_stop and t.is_alpha
            )
            out.append(_Sent(len(out), start, end, words, lemmas, bool(_CAPTION.search(raw))))
    return out


def _score(doc: Doc, cands: list[_Sent]) -> None:
    starts = [c.start for c in cands]

    def which(offset: int) -> int | None:
        k = bisect.bisect_right(starts, offset) - 1
        return k if k >= 0 and offset < cands[k].end else None

    # entity salience: how often the document mentions each entity
    ent_sal = [0.0] * len(cands)
    for ent in doc._.dateline_entities or ():
        weight = math.log1p(len(ent.mentions))
        hit: set[int] = set()
        for s, _e in ent.mentions:
            k = which(s)
            if k is not None and k not in hit:
                hit.add(k)
                ent_sal[k] += weight
    top = max(ent_sal, default=0.0)
    ev_n = [0] * len(cands)
    for ev in doc._.dateline_events or ():
        k = which(ev.span[0])
        if k is not None:
            ev_n[k] += 1
    centroid: Counter[str] = Counter()
    for c in cands:
        centroid.update(c.lemmas)
    norm = math.sqrt(sum(v * v for v in centroid.values()))
    for rank, c in enumerate(cands):
        c.position = 1.0 / (1.0 + rank) ** POSITION_DECAY
        c.entities = ent_sal[rank] / top if top else 0.0
        c.events = min(ev_n[rank], 2) / 2
        c.centrality = _cosine(c.lemmas, centroid, norm)
        c.score = sum(w * getattr(c, f) for f, w in WEIGHTS.items()) - CAPTION_PENALTY * c.caption


def select(cands: list[_Sent], limit: int = MAX_SENTENCES) -> list[_Sent]:
    """MMR: the best remaining sentence, less its similarity to those already picked."""
    picked: list[_Sent] = []
    left = list(cands)
    while left and len(picked) < limit:
        best, best_val = None, -math.inf
        keep = []
        for c in left:
            sim = max((_cosine(c.lemmas, p.lemmas) for p in picked), default=0.0)
            if sim >= MAX_SIMILARITY:
                continue  # redundant with a picked sentence: dropped for good
            keep.append(c)
            val = c.score - REDUNDANCY * sim
            if val > best_val:
                best, best_val = c, val
        if best is None:
            break
        picked.append(best)
        left = [c for c in keep if c is not best]
    return sorted(picked, key=lambda c: c.start)


def summarize(doc: Doc, limit: int = MAX_SENTENCES) -> tuple[tuple[int, int], ...]:
    """The (start, end) spans of the summary's sentences, in body order."""
    if not len(doc) or not doc.has_annotation("SENT_START"):
        return ()
    cands = _candidates(doc, doc.text)
    if not cands:
        return ()
    _score(doc, cands)
    return tuple((c.start, c.end) for c in select(cands, limit))


@Language.component("dateline_summary", assigns=["doc._.dateline_summary"])
def dateline_summary(doc: Doc) -> Doc:
    doc._.dateline_summary = summarize(doc)
    return doc
