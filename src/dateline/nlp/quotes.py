"""The ``dateline_quotes`` stage: who said what — direct, partial and reported speech.

    text ─► quotation marks paired per paragraph (a paragraph that opens a quote and
            does not close it continues into the next one that reopens it: news style)
         ─► each quotation: a clause with a verb is *direct*; a fragment is *partial* and
            counts only when a cue governs it (otherwise it is a scare quote or a title)
    parse ─► cue verbs with a clausal complement, and "according to X": *indirect*
    cue ─► speaker: subject of the cue (inverted "said Katz" too), a pronoun resolved to
           the nearest preceding compatible subject, an anonymous source ("a State
           Department official", and "the official" later on), or for a cue-less quote the
           speaker of the quote just before; entities through their mentions, capitals
           through ``refers_to``.

Cue verbs, anonymous-source nouns and pronouns are data (``data/speech.json``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..models import Cue, Entity, Quote
from ..read.datelines import find_wire_dateline
from . import lexicon

_OPEN_CLOSE = {"“": "”", '"': '"', "«": "»", "„": "“"}
# A direct quotation is a clause: at least this many tokens, one of them a verb.
_MIN_DIRECT_TOKENS = 3
# Reported speech shorter than this (in tokens) is too thin to be a statement.
_MIN_INDIRECT_TOKENS = 3
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_DASHES = frozenset({"-", "--", "–", "—"})
_PRONOUN_TYPE_PREFERENCE = ("PERSON", "ORG", "GPE", "NORP")
_EDGE_JUNK = " \n\t,;:.-–—\"'“”‘’«»"
# Bounds that keep the stage linear on run-on text (one "sentence" of 40,000 characters
# with a speech cue every few words made nested complements O(n²) in time and output).
# Reported speech longer than this is not a statement but a parse gone wrong: 99.9% of
# PolNeAR's train+dev contents are under 840 characters, the longest real one 2,033.
MAX_INDIRECT_CHARS = 2_000
# A cue stands within this many tokens of the quotation it introduces; further away in the
# same "sentence" is another statement's cue (no PolNeAR dev quote has its cue further).
MAX_CUE_TOKENS = 150
# The cue that governs a quotation is a near ancestor of its root in the parse.
MAX_CUE_DEPTH = 12
# A speaker description ("a State Department official who spoke on condition …") is a
# noun phrase; a longer subject subtree is a run-on parse, cut to its head word.
MAX_SPEAKER_CHARS = 200
# A pronoun's antecedent is among the mentions just before it.
MAX_ANTECEDENT_MENTIONS = 40

if not Doc.has_extension("dateline_quotes"):
    Doc.set_extension("dateline_quotes", default=None)


@dataclass(frozen=True)
class _Speaker:
    entity: str | None
    text: str | None
    span: tuple[int, int] | None


def find_quotations(text: str) -> list[tuple[int, int]]:
    """Content spans inside paired quotation marks, merged across continued paragraphs."""
    out: list[tuple[int, int]] = []
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", text)]
    open_at: int | None = None
    closer = ""
    for n, (ps, pe) in enumerate(paragraphs):
        i = ps
        if open_at is not None:  # continued from the previous paragraph: skip the reopening mark
            i = ps + len(text[ps:pe]) - len(text[ps:pe].lstrip())
            i += 1
        while i < pe:
            ch = text[i]
            if open_at is None and ch in _OPEN_CLOSE:
                open_at, closer = i + 1, _OPEN_CLOSE[ch]
            elif open_at is not None and ch == closer:
                out.append((open_at, i))
                open_at = None
            i += 1
        if open_at is not None:
            nxt = (
                text[paragraphs[n + 1][0] : paragraphs[n + 1][1]].lstrip() if n + 1 < len(paragraphs) else ""
            )
            if not nxt or nxt[0] not in _OPEN_CLOSE:
                out.append((open_at, pe))  # never closed: the quote ends with its paragraph
                open_at = None
    return [_trim(text, s, e) for s, e in out if any(c.isalpha() for c in text[s:e])]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _EDGE_JUNK:
        s += 1
    while e > s and text[e - 1] in _EDGE_JUNK:
        e -= 1
    return s, e


class _Sentences:
    """Token → sentence in O(log n): spaCy's ``Token.sent`` walks the sentence each time,
    which is quadratic over the quotes of one long sentence."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.bounds = [(s.start, s.end) for s in doc.sents]
        self.starts = [b[0] for b in self.bounds]

    def of(self, i: int) -> Span:
        k = bisect.bisect_right(self.starts, i) - 1
        start, end = self.bounds[max(k, 0)]
        return self.doc[start:end]


class _Resolver:
    """Maps token positions to entities and remembers the discourse so far."""

    def __init__(
        self, doc: Doc, entities: tuple[Entity, ...], quoted: list[tuple[int, int]], sents: _Sentences
    ) -> None:
        self.doc = doc
        self.text = doc.text  # spaCy rebuilds doc.text on every access: read it once
        self.quoted = quoted
        self.sents = sents
        self.by_id = {e.id: e for e in entities}
        self.mentions = sorted((s, e, ent.id) for ent in entities for s, e in ent.mentions)
        self.mention_starts = [m[0] for m in self.mentions]
        self.anonymous: dict[str, str] = {}  # head noun → first description ("a State Department official")
        self.speech = lexicon.speech()

    def entity_in(self, start: int, end: int, head: Token) -> tuple[str, tuple[int, int]] | None:
        found = [(s, e, i) for s, e, i in self.mentions if s < end and start < e]
        if not found:
            return None

        def rank(m: tuple[int, int, str]) -> tuple[int, int]:
            contains_head = m[0] <= head.idx < m[1]
            typ = self.by_id[m[2]].type
            order = _PRONOUN_TYPE_PREFERENCE.index(typ) if typ in _PRONOUN_TYPE_PREFERENCE else 9
            return (0 if contains_head else 1, order)

        s, e, ent_id = min(found, key=rank)
        ent = self.by_id[ent_id]
        if ent.refers_to and ent.refers_to.get("entity"):
            ent_id = ent.refers_to["entity"]  # "Moscow said" → Russia
        return ent_id, (s, e)

    def antecedent(self, pronoun: Token) -> tuple[str, tuple[int, int]] | None:
        """The nearest preceding compatible entity, subjects first (salience)."""
        types = self.speech.pronouns.get(pronoun.lower_, ())
        # mentions are sorted by start; those ending before the pronoun, nearest last
        upto = bisect.bisect_left(self.mention_starts, pronoun.idx)
        window = self.mentions[max(0, upto - 4 * MAX_ANTECEDENT_MENTIONS) : upto]
        before = [m for m in window if m[1] <= pronoun.idx and self.by_id[m[2]].type in types]
        before = before[-MAX_ANTECEDENT_MENTIONS:]
        if not before:
            return None
        own = self.sents.of(pronoun.i).start
        subjects = []
        for s, e, ent_id in reversed(before):
            span = self.doc.char_span(s, e, alignment_mode="expand")
            if span is not None and span.root.dep_ in _SUBJECT_DEPS:
                subjects.append((s, e, ent_id, self.sents.of(span.root.i).start == own))
        for s, e, ent_id, same in subjects:
            if same:
                return ent_id, (s, e)
        for s, e, ent_id, _same in subjects:
            return ent_id, (s, e)
        s, e, ent_id = before[-1]
        return ent_id, (s, e)

    def _subject(self, verb: Token) -> Token | None:
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS and not _inside(c.idx, self.quoted)]
        return subjects[-1] if subjects else None  # '"…" the release …, said Katz': the outer one

    def speaker(self, cue: Token) -> _Speaker | None:
        if cue.lower_ == "according":
            to = next((c for c in cue.children if c.lower_ == "to"), None)
            subj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        else:
            verb = cue
            subj = self._subject(verb)
            while subj is None and verb.dep_ in ("xcomp", "conj", "advcl") and verb.head is not verb:
                verb = verb.head
                subj = self._subject(verb)
            if subj is not None and subj.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                subj = verb.head  # "officials who have demanded": the officials
        if subj is None:
            return None
        if subj.pos_ == "PRON" and subj.lower_ in self.speech.pronouns:
            found = self.antecedent(subj)
            if found:  # the speaker is the antecedent; the span is where the cue names it
                return _Speaker(found[0], self.by_id[found[0]].name, (subj.idx, subj.idx + len(subj)))
            return _Speaker(None, subj.text, (subj.idx, subj.idx + len(subj)))
        start, end = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge)
        if end - start > MAX_SPEAKER_CHARS:
            start, end = subj.idx, subj.idx + len(subj)
        found = self.entity_in(start, end, subj)
        named = any(c.dep_ == "appos" for c in subj.children)  # "a spokesman, Kenji Morita,"
        if found and (found[1][0] <= subj.idx < found[1][1] or named):
            return _Speaker(found[0], self.text[found[1][0] : found[1][1]], found[1])
        head = subj.lower_
        description = " ".join(self.text[start:end].split())
        if head in self.speech.anonymous:
            first = self.anonymous.get(subj.lemma_.lower()) or self.anonymous.get(head)
            if first and subj.left_edge.lower_ in ("the", "that", "this", "those", "these"):
                description = first  # "the official" refers back to "a State Department official"
            else:
                self.anonymous.setdefault(subj.lemma_.lower(), description)
            return _Speaker(None, description, (start, end))
        if found:
            return _Speaker(found[0], self.text[found[1][0] : found[1][1]], found[1])
        return _Speaker(None, description, (start, end))


def _is_cue(tok: Token, speech: lexicon.Speech, *, beliefs: bool) -> bool:
    if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
        return True
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    lemma = tok.lemma_.lower()
    return lemma in speech.verbs or (beliefs and lemma in speech.cognition)


def _inside(i: int, spans: list[tuple[int, int]]) -> bool:
    """Whether offset ``i`` is inside one of ``spans`` (sorted, not overlapping)."""
    k = bisect.bisect_right(spans, (i, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= i < spans[k][1]


def _governing_cue(
    qspan: Span,
    sents: list[Span],
    quoted: list[tuple[int, int]],
    speech: Any,
    *,
    ancestors_only: bool = False,
    taken: frozenset[int] = frozenset(),
) -> Token | None:
    """The cue that governs a quotation: an ancestor first, else the nearest in ``sents``."""
    for depth, anc in enumerate(qspan.root.ancestors):
        if depth >= MAX_CUE_DEPTH:
            break
        if _is_cue(anc, speech, beliefs=False) and not _inside(anc.idx, quoted):
            return anc
    if ancestors_only:
        return None
    doc = qspan.doc
    lo, hi = qspan.start - MAX_CUE_TOKENS, qspan.end + MAX_CUE_TOKENS
    cands = [
        t
        for s in sents
        for t in doc[max(s.start, lo) : min(s.end, hi)]
        if _is_cue(t, speech, beliefs=False) and not _inside(t.idx, quoted) and t.i not in taken
    ]
    if not cands:
        return None
    mid = (qspan.start_char + qspan.end_char) // 2
    return min(cands, key=lambda t: abs(t.idx - mid))


def _stands_alone(doc: Doc, qspan: Span, speech: lexicon.Speech, sent_start: int) -> bool:
    """A quotation opens its sentence, follows punctuation (", : —") or its cue verb
    ('said "…"'); one that continues a clause ('said he would "introduce …"') is partial."""
    k = qspan.start - 1
    while k >= sent_start and (doc[k].text in _OPEN_CLOSE or doc[k].is_quote or doc[k].is_space):
        k -= 1
    if k < sent_start:
        return True
    prev = doc[k]
    return prev.is_punct or _is_cue(prev, speech, beliefs=False)


def _candidates(
    doc: Doc, quoted: list[tuple[int, int]], index: _Sentences
) -> list[tuple[tuple[int, int], str, Token | None, bool]]:
    """(content span, kind, cue, cue in its own sentence) of every quotation and reported
    statement, no speakers yet."""
    text, speech = doc.text, lexicon.speech()
    wire = find_wire_dateline(text[: text.find("\n") if "\n" in text else len(text)])
    wire_end = wire.end if wire else 0
    found: list[tuple[tuple[int, int], str, Token | None, bool]] = []
    used_cues: set[int] = set()
    for s, e in quoted:
        qspan = doc.char_span(s, e, alignment_mode="expand")
        if qspan is None or not len(qspan):
            continue
        sents = sorted({index.of(qspan.start), index.of(qspan.end - 1)}, key=lambda x: x.start)
        direct = (
            len(qspan) >= _MIN_DIRECT_TOKENS
            and any(t.pos_ in ("VERB", "AUX") for t in qspan)
            and _stands_alone(doc, qspan, speech, sents[0].start)
        )
        # A fragment is speech only when a cue governs it ("hailed as a 'very positive' call").
        cue = _governing_cue(qspan, sents, quoted, speech, ancestors_only=not direct)
        own = cue is not None
        if cue is None and direct:
            # 'He said: "…"' / '"…" He said.' — a cue in the sentence before or after,
            # unless that cue already introduced another quotation.
            near = [index.of(sents[0].start - 1)] if sents[0].start > 0 else []
            near += [index.of(sents[-1].end)] if sents[-1].end < len(doc) else []
            cue = _governing_cue(qspan, near, quoted, speech, taken=frozenset(used_cues)) if near else None
        if cue is None and not direct:
            continue  # scare quotes, titles: no speech governs them
        if cue is not None:
            used_cues.add(cue.i)
        found.append(((s, e), "direct" if direct else "partial", cue, own))

    for sent in doc.sents:
        for tok in sent:
            if tok.i in used_cues or _inside(tok.idx, quoted) or not _is_cue(tok, speech, beliefs=True):
                continue
            if tok.lower_ == "according":
                if sent.end_char - sent.start_char > MAX_INDIRECT_CHARS:
                    continue
                phrase = range(tok.left_edge.i, tok.right_edge.i + 1)
                words = [t for t in sent if t.i not in phrase and not t.is_punct and t.idx >= wire_end]
                if len(words) < _MIN_INDIRECT_TOKENS:
                    continue
                cs, ce = words[0].idx, words[-1].idx + len(words[-1])
            else:
                comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
                if comp is None:
                    continue
                right = comp.right_edge
                if right.idx + len(right) - comp.left_edge.idx > MAX_INDIRECT_CHARS:
                    continue  # no statement is this long: a run-on parse
                toks = [t for t in comp.subtree if t.idx >= wire_end]  # never the wire dateline
                while toks and (toks[0].dep_ == "mark" or toks[0].is_punct):
                    toks = toks[1:]
                # "… Venezuela - directly contradicting Pompeo": a dash after the clause's
                # verb ends the statement; one before it ("SOCHI, Russia (AP) — …") opens it.
                cut = next((k for k, t in enumerate(toks) if t.text in _DASHES), None)
                if cut is not None:
                    toks = toks[:cut] if toks[cut].i > comp.i else toks[cut + 1 :]
                while toks and (toks[-1].is_punct or toks[-1].pos_ == "CCONJ"):
                    toks = toks[:-1]  # "No deaths were reported, but"
                if len(toks) < _MIN_INDIRECT_TOKENS:
                    continue
                cs, ce = toks[0].idx, toks[-1].idx + len(toks[-1])
            cs, ce = _trim(text, cs, ce)
            if ce <= cs or any(s <= cs and ce <= e for s, e in quoted):
                continue  # the complement is itself a direct quotation
            found.append(((cs, ce), "indirect", tok, True))
    return sorted(found, key=lambda f: f[0])


def collect(doc: Doc, entities: tuple[Entity, ...]) -> tuple[Quote, ...]:
    text = doc.text
    quoted = sorted(find_quotations(text))
    index = _Sentences(doc)
    resolver = _Resolver(doc, entities, quoted, index)
    found: list[tuple[tuple[int, int], str, _Speaker | None, Token | None]] = []
    last: tuple[int, _Speaker] | None = None  # (paragraph start, speaker) of the previous quote
    # In text order, so "the official" can refer back to "a State Department official".
    for (s, e), kind, cue, own in _candidates(doc, quoted, index):
        para = text.rfind("\n\n", 0, s)
        if kind == "direct" and not own and last is not None and last[0] >= text.rfind("\n\n", 0, para):
            # '"…," he said. "…"' and quote paragraphs that go on: the speaker just before
            # outranks a cue borrowed from a neighbouring sentence.
            cue, speaker = None, last[1]
        else:
            speaker = resolver.speaker(cue) if cue is not None else None
        if cue is None and speaker is None:
            continue  # an unattributed quotation is not evidence of who said it
        if speaker is not None and kind != "indirect":
            last = (para, speaker)
        found.append(((s, e), kind, speaker, cue))

    found.sort(key=lambda f: f[0])
    out = []
    for n, ((s, e), kind, speaker, cue) in enumerate(found, 1):
        cue_obj = None
        if cue is not None:
            ce = cue.idx + len(cue)
            to = (
                next((c for c in cue.children if c.lower_ == "to"), None)
                if cue.lower_ == "according"
                else None
            )
            if to is not None:
                ce = to.idx + len(to)
            cue_obj = Cue(text[cue.idx : ce], (cue.idx, ce))
        out.append(
            Quote(
                id=f"q{n}",
                text=text[s:e],
                kind=kind,
                span=(s, e),
                speaker=speaker.entity if speaker else None,
                speaker_text=speaker.text if speaker else None,
                speaker_span=speaker.span if speaker else None,
                cue=cue_obj,
            )
        )
    return tuple(out)


@Language.component(
    "dateline_quotes", requires=["doc._.dateline_entities"], assigns=["doc._.dateline_quotes"]
)
def dateline_quotes(doc: Doc) -> Doc:
    doc._.dateline_quotes = collect(doc, doc._.dateline_entities or ())
    return doc
