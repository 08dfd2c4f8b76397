"""Quote-stage evaluation on PolNeAR dev: dateline next to textacy's direct quotations.

Gold: ``<repo>/../shared/data/polnear/data/dev/{text,attributions}`` (``--data`` to override;
it is never copied into the repo), 84 US-election news articles in brat standoff.  Each E
line (``Attribution:Tn Content:Tm Cue:Tk Source:Tj``, Source optional) is one gold
attribution; its T spans may be discontinuous (``Content 10 20;25 40``), and a ``Content2``
role is merged into the content.  Articles annotated by several annotators count ONCE: the
first ``.ann`` file in sorted order (its annotator id is the file name's last part).

One spaCy pass (``load_nlp("")``, ``nlp.pipe``, batch size 16) feeds both systems:

  dateline  ``Record(Article(title=None, body=text, language="en"), to_analysis(doc)).to_json()``
            — exactly what ``analyze_batch`` builds (checked on the first article) — its
            ``quotes`` (direct | partial | indirect) and ``entities``
  textacy   ``textacy.extract.triples.direct_quotations(doc)`` on the same Docs (it reads
            the parse only); it raises on a document with an odd number of quotation-mark
            tokens, which then has no textacy quotes (counted)

Measures (both systems, twice: DIRECT quotes and ALL attributions):

* Content matching by word overlap.  Words are ``\\w+`` matches of the article text; a span's
  words are those that overlap it by a character (quotation marks and punctuation never
  count).  A prediction matches a gold content when the Jaccard index of their word sets,
  |P∩G| / |P∪G|, is at least ``MIN_JACCARD`` = 0.5.  Jaccard rather than the overlap
  coefficient (|P∩G| / min): it is symmetric, so a three-word fragment inside a 60-word
  paraphrase, or a whole paragraph around a one-clause content, does not match; and at
  ≥ 0.5 a gold content can have at most one clearly matching prediction (two disjoint
  predictions reach 0.5 together only in the degenerate case where each is exactly half of
  it).  Matching is greedy, best Jaccard first, one gold per prediction and one prediction
  per gold.  P = matched predictions / predictions, R = matched gold / gold, F1 their
  harmonic mean.  For comparison only (no gate) the JSON and the table also give F1 with the
  lenient overlap coefficient ≥ 0.5 ("F1 ovl"), and word-level P/R/F1 ("F1 words": the
  words of all predictions against the words of all gold contents, which no splitting
  convention affects).
* Speaker accuracy, on matched pairs whose gold attribution has a Source (the others are
  left out).  dateline's speaker is right when a character of its ``speaker_span``, or of a
  mention of its ``speaker`` entity, or of a mention of the entity that one ``refers_to``
  (metonymy: "Moscow" for Russia), or of an entity that ``refers_to`` it, overlaps the gold
  Source; a quote without a speaker is wrong.  textacy's speaker is right when one of its
  speaker tokens overlaps the gold Source.  A gold Source that is only a pronoun ("he
  said") cannot be checked against a speaker resolved to its antecedent (PolNeAR has no
  coreference, and entity mentions hold no pronouns): such a pair is right only if the
  speaker span is the pronoun itself, as textacy's always is.  The accuracy is therefore
  also given without those pairs (``acc_excl_pronouns``), which is the fair comparison.
* DIRECT: gold contents in double quotation marks (straight " or curly “ ” „): the content's
  first fragment starts with one or is immediately preceded by one, AND its last fragment
  ends with one or is followed by one after at most two characters of . , ! ? ; :
  (``"I am," he said``).  Predictions: dateline's quotes of kind ``direct`` (``partial``
  quotes are quoted fragments inside reported speech, the gold's mixed contents, and are
  left out), all of textacy's.  ALL: every gold content against all dateline quotes of any
  kind; textacy only ever finds direct quotations, so its ALL recall is bounded by that.
  Both systems are also scored on the documents textacy accepted (``on_docs_textacy_accepted``).

    eval/quotes.py                       table + eval/results/quotes.json
    eval/quotes.py --check               exit 1 if a floor in eval/baseline.json is not met
    eval/quotes.py --write-baseline      pin today's figures as floors (never lowers one
                                         unless --allow-lower is given)
    eval/quotes.py --errors 3            error analysis of dateline, 3 examples a category
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import platform
import re
import shlex
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is a folder of scripts
import gate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "polnear" / "data" / "dev"
RESULTS = REPO / "eval" / "results" / "quotes.json"
BASELINE = REPO / "eval" / "baseline.json"
GOLD_SET = "polnear-dev"
BATCH = 16

MIN_JACCARD = 0.5  # a prediction matches a gold content at this word-set Jaccard or above
TARGET_SPEAKER_ACC = 0.90  # the target for dateline on direct quotes
SYSTEMS = ("dateline", "textacy")
SCOPES = ("direct", "all")
KINDS = ("direct", "partial", "indirect")
DOUBLE_QUOTES = frozenset('"“”„')
_CLOSING_PUNCT = frozenset(".,!?;:")
_WORD = re.compile(r"\w+")
# A gold Source made only of these words is a pronoun: which entity it stands for is not in
# the gold (PolNeAR has no coreference), so a speaker resolved to an antecedent cannot be
# checked against it (see "speaker accuracy" in the module docstring).
PRONOUNS = frozenset(
    "i me we us you he him she her it they them who whom one myself yourself himself herself "
    "itself ourselves themselves".split()
)
# The figures eval/baseline.json pins floors for.
FIGURES = (
    "dateline_direct_f1",
    "dateline_all_f1",
    "dateline_direct_speaker_acc",
    "dateline_direct_speaker_acc_excl_pronouns",
)

Span = tuple[int, int]  # character offsets [start, end)
Frags = tuple[Span, ...]  # a possibly discontinuous span, fragments sorted by start


class EvalError(Exception):
    """A problem the command reports in one line and exits non-zero for."""


# --------------------------------------------------------------------------- gold data


@dataclass(frozen=True)
class Attribution:
    """One gold attribution (an E line): content, cue and source spans, each possibly
    discontinuous; ``source`` is empty when the annotator marked none."""

    id: str
    content: Frags
    cue: Frags = ()
    source: Frags = ()


def parse_offsets(field_: str) -> Frags:
    """``"10 20;25 40"`` → ((10, 20), (25, 40)), sorted by start."""
    frags = []
    for part in field_.split(";"):
        bits = part.split()
        if len(bits) != 2:
            raise ValueError(f"not a brat offset pair: {part!r}")
        s, e = int(bits[0]), int(bits[1])
        if not 0 <= s <= e:
            raise ValueError(f"bad brat offsets: {part!r}")
        frags.append((s, e))
    return tuple(sorted(frags))


def parse_ann(lines: Iterable[str]) -> tuple[list[Attribution], Counter[str]]:
    """Attributions of one brat ``.ann`` file, in E-line order, and what was skipped.

    T lines are ``Tn<TAB>Label START END[;START END…]<TAB>text``; E lines are
    ``En<TAB>Attribution:Tn Content:Tm Cue:Tk Source:Tj`` in any order (the trigger may be
    ``Attribution-no-source``).  ``Content2`` (and further ``ContentN``) are merged into the
    content.  An E line without a content is skipped and counted."""
    spans: dict[str, Frags] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    skipped: Counter[str] = Counter()
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            _label, _, offsets = cols[1].partition(" ")
            spans[cols[0]] = parse_offsets(offsets)
        elif line.startswith("E") and len(cols) >= 2:
            args = [tuple(a.split(":", 1)) for a in cols[1].split() if ":" in a]
            events.append((cols[0], [(r, t) for r, t in args]))
        else:
            skipped[f"line {line[:1]!r}"] += 1
    out: list[Attribution] = []
    for eid, args in events:
        roles: dict[str, list[Span]] = defaultdict(list)
        for role, tid in args[1:]:  # args[0] is the trigger
            if tid not in spans:
                skipped["E line refers to a missing T"] += 1
                continue
            key = "Content" if re.fullmatch(r"Content\d*", role) else role
            roles[key].extend(spans[tid])
        if not roles.get("Content"):
            skipped["E line without Content"] += 1
            continue
        out.append(
            Attribution(
                eid,
                tuple(sorted(roles["Content"])),
                tuple(sorted(roles.get("Cue", ()))),
                tuple(sorted(roles.get("Source", ()))),
            )
        )
    return out, skipped


def is_direct(text: str, content: Frags) -> bool:
    """The content is wrapped in double quotation marks (see the module docstring)."""
    if not content:
        return False
    s, e = content[0][0], content[-1][1]
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e <= s:
        return False
    opens = text[s] in DOUBLE_QUOTES or (s > 0 and text[s - 1] in DOUBLE_QUOTES)
    if not opens:
        return False
    if e - s > 1 and text[e - 1] in DOUBLE_QUOTES:
        return True
    k = e
    while k < len(text) and k - e < 2 and text[k] in _CLOSING_PUNCT:
        k += 1
    return k < len(text) and text[k] in DOUBLE_QUOTES


@dataclass
class GoldDoc:
    """One PolNeAR article with the attributions of one annotator."""

    index: int
    name: str
    text: str
    annotator: str
    annotators: list[str]  # every annotator who annotated it (the first is used)
    attributions: list[Attribution]
    direct: list[bool] = field(default_factory=list)  # per attribution: is_direct
    skipped: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        if not self.direct:
            self.direct = [is_direct(self.text, a.content) for a in self.attributions]


def file_digest(files: Sequence[Path], root: Path) -> str:
    """sha256 over the used files, sorted by their path under ``root``: for each file its
    POSIX relative path, a NUL, its size in decimal, a NUL, then its bytes."""
    h = hashlib.sha256()
    for rel, path in sorted((p.relative_to(root).as_posix(), p) for p in files):
        data = path.read_bytes()
        h.update(f"{rel}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


@dataclass
class Corpus:
    docs: list[GoldDoc]
    files: list[Path]  # the .txt and .ann files used
    root: Path

    @property
    def digest(self) -> str:
        return file_digest(self.files, self.root)


def load_corpus(data: Path) -> Corpus:
    """``data/text/NAME.txt`` with ``data/attributions/NAME_ANNOTATOR.ann``; the first
    .ann in sorted order when there are several."""
    text_dir, ann_dir = data / "text", data / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise EvalError(f"gold data not found: {data} needs text/ and attributions/ (pass --data DIR)")
    anns: dict[str, list[Path]] = defaultdict(list)
    for p in sorted(ann_dir.glob("*.ann")):
        name, _, _annotator = p.stem.rpartition("_")
        anns[name].append(p)
    docs: list[GoldDoc] = []
    files: list[Path] = []
    for txt in sorted(text_dir.glob("*.txt")):
        found = anns.get(txt.stem)
        if not found:
            raise EvalError(f"{txt.name} has no .ann file in {ann_dir}")
        ann = found[0]
        text = txt.read_bytes().decode("utf-8")
        attributions, skipped = parse_ann(ann.read_text("utf-8").splitlines())
        for a in attributions:
            for s, e in (*a.content, *a.cue, *a.source):
                if e > len(text):
                    raise EvalError(f"{ann.name} {a.id}: span {s}-{e} is past the end of the text")
        docs.append(
            GoldDoc(
                index=len(docs),
                name=txt.stem,
                text=text,
                annotator=ann.stem.rpartition("_")[2],
                annotators=[p.stem.rpartition("_")[2] for p in found],
                attributions=attributions,
                skipped=skipped,
            )
        )
        files += [txt, ann]
    if not docs:
        raise EvalError(f"no articles in {text_dir}")
    return Corpus(docs, files, data)


# --------------------------------------------------------------------------- words


class Words:
    """The ``\\w+`` words of a text, to turn character spans into word sets."""

    def __init__(self, text: str) -> None:
        ms = list(_WORD.finditer(text))
        self.starts = [m.start() for m in ms]
        self.ends = [m.end() for m in ms]

    def of(self, frags: Iterable[Span]) -> frozenset[int]:
        """Indices of the words that share at least one character with a fragment."""
        out: set[int] = set()
        for s, e in frags:
            if e <= s:
                continue
            i0 = bisect.bisect_right(self.ends, s)  # first word ending after s
            i1 = bisect.bisect_left(self.starts, e)  # first word starting at or after e
            out.update(range(i0, i1))
        return frozenset(out)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def overlap_coefficient(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def pronoun_only(text: str, frags: Frags) -> bool:
    """The span's words are all personal/relative pronouns ("he", "She", "they")."""
    words = [m.group().lower() for s, e in frags for m in _WORD.finditer(text[s:e])]
    return bool(words) and all(w in PRONOUNS for w in words)


def overlaps(a: Iterable[Span], b: Iterable[Span]) -> bool:
    """Two character spans share at least one character."""
    bs = list(b)
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in bs)


def match(
    gold: Sequence[frozenset[int]],
    pred: Sequence[frozenset[int]],
    *,
    measure: Callable[[frozenset[int], frozenset[int]], float] = jaccard,
    threshold: float = MIN_JACCARD,
) -> list[tuple[int, int, float]]:
    """Greedy one-to-one matching: the (gold, prediction) pairs scoring at least
    ``threshold``, best first (ties: earlier gold, then earlier prediction)."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if g & p:
                sc = measure(g, p)
                if sc >= threshold - 1e-12:
                    pairs.append((-sc, i, j))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for neg, i, j in pairs:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        out.append((i, j, -neg))
    return sorted(out)


# --------------------------------------------------------------------------- predictions


@dataclass(frozen=True)
class Pred:
    """A predicted quotation: content fragments, kind, and the character spans that count
    as its speaker (any of them overlapping the gold Source makes the speaker right)."""

    span: Frags
    kind: str
    speaker: Frags = ()
    speaker_text: str | None = None
    cue: Span | None = None
    has_speaker: bool = False  # an entity or a speaker text was given
    speaker_entity: bool = False  # the speaker is an entity


def dateline_preds(record: dict[str, Any]) -> list[Pred]:
    """Quotes of a dateline JSON record (``Record.to_json()``)."""
    ents = {e["id"]: e for e in record.get("entities", [])}
    out = []
    for q in record.get("quotes", []):
        spans: list[Span] = []
        if q.get("speaker_span"):
            s, e = q["speaker_span"]
            spans.append((s, e))
        ent_id = q.get("speaker")
        if ent_id in ents:
            ids = {ent_id}
            ref = (ents[ent_id].get("refers_to") or {}).get("entity")
            if ref in ents:
                ids.add(ref)
            ids |= {k for k, e in ents.items() if (e.get("refers_to") or {}).get("entity") == ent_id}
            spans += [(m[0], m[1]) for k in sorted(ids) for m in ents[k].get("mentions", [])]
        cue = q.get("cue") or None
        s, e = q["span"]
        out.append(
            Pred(
                span=((s, e),),
                kind=q.get("kind", "direct"),
                speaker=tuple(sorted(set(spans))),
                speaker_text=q.get("speaker_text"),
                cue=(cue["span"][0], cue["span"][1]) if cue else None,
                has_speaker=bool(ent_id or q.get("speaker_text") or q.get("speaker_span")),
                speaker_entity=ent_id in ents,
            )
        )
    return out


def textacy_preds(
    doc: Any, direct_quotations: Callable[[Any], Iterable[Any]]
) -> tuple[list[Pred], str | None]:
    """textacy's (speaker, cue, content) triples as Preds; ([], reason) when it bails out."""
    try:
        triples = list(direct_quotations(doc))
    except ValueError as e:  # odd number of quotation marks: textacy refuses the document
        return [], str(e).split(";")[0]
    out = []
    for t in triples:
        speaker = tuple((tok.idx, tok.idx + len(tok)) for tok in t.speaker)
        cue = (t.cue[0].idx, t.cue[-1].idx + len(t.cue[-1])) if t.cue else None
        out.append(
            Pred(
                span=((t.content.start_char, t.content.end_char),),
                kind="direct",
                speaker=speaker,
                speaker_text=" ".join(tok.text for tok in t.speaker),
                cue=cue,
                has_speaker=bool(speaker),
                speaker_entity=False,
            )
        )
    return out, None


# --------------------------------------------------------------------------- scoring


def in_scope(scope: str, doc: GoldDoc, preds: Sequence[Pred]) -> tuple[list[int], list[int]]:
    """Indices of the gold attributions and predictions a scope compares."""
    if scope == "direct":
        return [i for i, d in enumerate(doc.direct) if d], [
            j for j, p in enumerate(preds) if p.kind == "direct"
        ]
    if scope == "all":
        return list(range(len(doc.attributions))), list(range(len(preds)))
    raise ValueError(f"unknown scope {scope!r}")


@dataclass
class DocMatch:
    """One document under one scope: what was compared and what matched."""

    gold: list[int]  # attribution indices in scope
    pred: list[int]  # prediction indices in scope
    pairs: list[tuple[int, int, float]]  # (attribution index, prediction index, Jaccard)
    lenient: int  # matches with the overlap coefficient ≥ 0.5 instead
    words: tuple[int, int, int]  # word level: (gold words, predicted words, both), each counted once
    speaker: dict[tuple[int, int], bool]  # pair → speaker right (pairs with a gold Source)
    pronoun: set[tuple[int, int]] = field(default_factory=set)  # pairs whose gold Source is a pronoun


def match_doc(doc: GoldDoc, preds: Sequence[Pred], scope: str, words: Words | None = None) -> DocMatch:
    words = words or Words(doc.text)
    gi, pj = in_scope(scope, doc, preds)
    gsets = [words.of(doc.attributions[i].content) for i in gi]
    psets = [words.of(preds[j].span) for j in pj]
    pairs = [(gi[a], pj[b], sc) for a, b, sc in match(gsets, psets)]
    lenient = len(match(gsets, psets, measure=overlap_coefficient))
    gw = frozenset().union(*gsets)
    pw = frozenset().union(*psets)
    speaker = {}
    pronoun = set()
    for i, j, _ in pairs:
        src = doc.attributions[i].source
        if src:
            speaker[(i, j)] = overlaps(preds[j].speaker, src)
            if pronoun_only(doc.text, src):
                pronoun.add((i, j))
    return DocMatch(gi, pj, pairs, lenient, (len(gw), len(pw), len(gw & pw)), speaker, pronoun)


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f, "tp": tp, "pred": n_pred, "gold": n_gold}


def score_system(docs: Sequence[GoldDoc], preds: Sequence[Sequence[Pred]], scope: str) -> dict[str, Any]:
    tp = n_pred = n_gold = lenient = sp_n = sp_ok = no_source = pr_n = pr_ok = 0
    w_gold = w_pred = w_both = 0
    by_kind: dict[str, Counter[str]] = {k: Counter() for k in KINDS}
    for doc, ps in zip(docs, preds, strict=True):
        m = match_doc(doc, ps, scope)
        tp += len(m.pairs)
        n_pred += len(m.pred)
        n_gold += len(m.gold)
        lenient += m.lenient
        w_gold, w_pred, w_both = w_gold + m.words[0], w_pred + m.words[1], w_both + m.words[2]
        sp_n += len(m.speaker)
        sp_ok += sum(m.speaker.values())
        pr_n += len(m.pronoun)
        pr_ok += sum(m.speaker[k] for k in m.pronoun)
        no_source += len(m.pairs) - len(m.speaker)
        matched = {j for _, j, _ in m.pairs}
        for j in m.pred:
            c = by_kind.setdefault(ps[j].kind, Counter())
            c["pred"] += 1
            c["matched"] += j in matched
    out = prf(tp, n_pred, n_gold)
    out["lenient_f1"] = prf(lenient, n_pred, n_gold)["f1"]
    wp = prf(w_both, w_pred, w_gold)
    out["words"] = {
        "p": wp["p"],
        "r": wp["r"],
        "f1": wp["f1"],
        "gold": w_gold,
        "pred": w_pred,
        "both": w_both,
    }
    out["speaker"] = {
        "scored": sp_n,
        "correct": sp_ok,
        "acc": sp_ok / sp_n if sp_n else 0.0,
        "matched_without_gold_source": no_source,
        "pronoun_sources": pr_n,
        "pronoun_sources_correct": pr_ok,
        "acc_excl_pronouns": (sp_ok - pr_ok) / (sp_n - pr_n) if sp_n - pr_n else 0.0,
    }
    out["pred_by_kind"] = {k: dict(v) for k, v in by_kind.items() if v}
    return out


def score(run: Run) -> dict[str, Any]:
    systems: dict[str, Any] = {}
    for system in SYSTEMS:
        if run.preds.get(system) is None:
            continue
        systems[system] = {scope: score_system(run.docs, run.preds[system], scope) for scope in SCOPES}
    delta = None
    if "textacy" in systems:
        delta = {
            scope: {
                "f1": systems["dateline"][scope]["f1"] - systems["textacy"][scope]["f1"],
                "speaker_acc": systems["dateline"][scope]["speaker"]["acc"]
                - systems["textacy"][scope]["speaker"]["acc"],
            }
            for scope in SCOPES
        }
    # textacy refuses documents with an odd number of quotation marks: both systems again
    # on the documents it accepted, so its recall is not judged on documents it never read.
    accepted = None
    if "textacy" in systems and run.textacy_refused:
        keep = [k for k in range(len(run.docs)) if k not in set(run.textacy_refused)]
        accepted = {
            "docs": len(keep),
            **{
                system: {
                    scope: _brief(
                        score_system([run.docs[k] for k in keep], [run.preds[system][k] for k in keep], scope)
                    )
                    for scope in SCOPES
                }
                for system in systems
            },
        }
    return {"systems": systems, "delta": delta, "on_docs_textacy_accepted": accepted}


def _brief(r: dict[str, Any]) -> dict[str, Any]:
    return {k: r[k] for k in ("p", "r", "f1", "tp", "pred", "gold")} | {"speaker_acc": r["speaker"]["acc"]}


def figures(scores: dict[str, Any]) -> dict[str, float]:
    out = {}
    for system, by_scope in scores["systems"].items():
        for scope in SCOPES:
            out[f"{system}_{scope}_f1"] = by_scope[scope]["f1"]
            out[f"{system}_{scope}_speaker_acc"] = by_scope[scope]["speaker"]["acc"]
            out[f"{system}_{scope}_speaker_acc_excl_pronouns"] = by_scope[scope]["speaker"][
                "acc_excl_pronouns"
            ]
    if scores.get("delta"):
        for scope in SCOPES:
            out[f"delta_{scope}_f1"] = scores["delta"][scope]["f1"]
    return out


def targets(figs: dict[str, float]) -> dict[str, bool | None]:
    """The issue's targets: speaker accuracy on direct quotes ≥ 90 %, both F1s ahead of
    textacy (None when textacy did not run)."""
    has_t = "textacy_direct_f1" in figs
    return {
        "direct_speaker_acc_ge_0.90": figs["dateline_direct_speaker_acc"] >= TARGET_SPEAKER_ACC,
        "direct_speaker_acc_excl_pronouns_ge_0.90": figs["dateline_direct_speaker_acc_excl_pronouns"]
        >= TARGET_SPEAKER_ACC,
        "direct_f1_ahead_of_textacy": figs["dateline_direct_f1"] > figs["textacy_direct_f1"]
        if has_t
        else None,
        "all_f1_ahead_of_textacy": figs["dateline_all_f1"] > figs["textacy_all_f1"] if has_t else None,
    }


# --------------------------------------------------------------------------- running


def model_id(nlp: Any) -> str:
    """``en_core_web_sm-3.8.0``: the model as dateline records it."""
    meta = nlp.meta
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"


def load_textacy() -> tuple[Callable[[Any], Iterable[Any]] | None, str]:
    """textacy's direct_quotations and its version, or (None, why it is unavailable)."""
    try:
        import textacy
        from textacy.extract.triples import direct_quotations
    except Exception as e:  # noqa: BLE001 - any import failure means: report dateline alone
        return None, f"textacy unavailable ({type(e).__name__}: {str(e).splitlines()[0][:160]})"
    return direct_quotations, f"textacy {textacy.__version__}"


@dataclass
class Run:
    docs: list[GoldDoc]
    preds: dict[str, list[list[Pred]] | None]
    model: str
    quote_stage: bool  # dateline_quotes is in the pipeline
    textacy: str  # "textacy 0.13.0" or why it did not run
    textacy_refused: list[int]  # documents textacy raised on (odd number of quotation marks)
    timing: dict[str, float]
    sdocs: list[Any] = field(default_factory=list)  # the spaCy Docs, for the error analysis


def run_pipeline(docs: Sequence[GoldDoc], nlp: Any = None, *, use_textacy: bool = True) -> Run:
    """One spaCy pass; dateline's records and textacy's quotations from the same Docs."""
    from dateline.models import Article, Record
    from dateline.nlp.pipeline import analyze_batch, load_nlp, to_analysis

    t0 = time.perf_counter()
    if nlp is None:
        nlp = load_nlp("")
    load_s = time.perf_counter() - t0
    model = model_id(nlp)
    dq, textacy_note = load_textacy() if use_textacy else (None, "textacy not run (--no-textacy)")

    names = list(nlp.pipe_names)
    ours = [n for n in names if str(nlp.get_pipe_meta(n).factory).startswith("dateline")]
    head = names[: names.index(ours[0])] if ours else names
    tail = [nlp.get_pipe(n) for n in names[len(head) :]]

    # The model's components, then dateline's stages in pipeline order: the same computation
    # as one nlp.pipe over the whole pipeline, timed apart.
    t1 = time.perf_counter()
    with nlp.select_pipes(enable=head):
        done = list(nlp.pipe([(d.text, d.index) for d in docs], batch_size=BATCH, as_tuples=True))
    if [i for _, i in done] != [d.index for d in docs]:
        raise EvalError("spaCy dropped documents (see the log): the scores would be wrong")
    sdocs = [s for s, _ in done]
    t_model = time.perf_counter()
    for proc in tail:
        sdocs = (
            list(proc.pipe(sdocs, batch_size=BATCH)) if hasattr(proc, "pipe") else [proc(d) for d in sdocs]
        )
    t2 = time.perf_counter()
    records = []
    for d, sdoc in zip(docs, sdocs, strict=True):
        if sdoc.text != d.text:
            raise EvalError(f"{d.name}: doc.text is not the text given")
        article = Article(title=None, body=d.text, language="en")
        records.append(Record(article, to_analysis(sdoc, model=model)).to_json())
    t3 = time.perf_counter()
    # The same records analyze_batch makes (it runs nlp.pipe and to_analysis): checked on one.
    first = analyze_batch([Article(title=None, body=docs[0].text, language="en")], nlp=nlp)[0].to_json()
    if (first["quotes"], first["entities"]) != (records[0]["quotes"], records[0]["entities"]):
        raise EvalError("analyze_batch and nlp.pipe + to_analysis disagree on the first article")
    preds: dict[str, list[list[Pred]] | None] = {"dateline": [dateline_preds(r) for r in records]}

    refused: list[int] = []
    t4 = time.perf_counter()
    if dq is not None:
        tx = []
        for k, sdoc in enumerate(sdocs):
            ps, why = textacy_preds(sdoc, dq)
            if why is not None:
                refused.append(k)
            tx.append(ps)
        preds["textacy"] = tx
    else:
        preds["textacy"] = None
    t5 = time.perf_counter()
    timing = {
        "load_s": load_s,
        "model_s": t_model - t1,
        "dateline_stages_s": t2 - t_model,
        "records_s": t3 - t2,
        "dateline_s": t3 - t1,
        "textacy_s": t5 - t4,
    }
    return Run(
        list(docs), preds, model, "dateline_quotes" in nlp.pipe_names, textacy_note, refused, timing, sdocs
    )


# --------------------------------------------------------------------------- error analysis


def _doc_tokens(sdoc: Any, frags: Frags) -> list[Any]:
    return [t for t in sdoc if not t.is_space and overlaps(((t.idx, t.idx + len(t)),), frags)]


def cue_class(sdoc: Any, text: str, cue: Frags, verbs: frozenset[str] | None) -> tuple[str, str]:
    """(class, lemma) of a gold cue: "according to", a verb (in dateline's cue lists or
    not), a noun, a preposition, or punctuation only."""
    if not cue:
        return "no cue annotated", ""
    if "according to" in " ".join(text[s:e] for s, e in cue).lower():
        return "cue: according to", "according to"
    toks = [t for t in _doc_tokens(sdoc, cue) if not t.is_punct]
    if not toks:
        return "cue: punctuation only (colon, dash)", ""
    vs = [t for t in toks if t.pos_ in ("VERB", "AUX")]
    if vs:
        listed = [t for t in vs if verbs is not None and t.lemma_.lower() in verbs]
        tok = listed[0] if listed else vs[-1]
        if verbs is None:
            return "cue: verb", tok.lemma_.lower()
        return (
            "cue: verb in dateline's lists" if listed else "cue: verb NOT in dateline's lists"
        ), tok.lemma_.lower()
    ns = [t for t in toks if t.pos_ in ("NOUN", "PROPN")]
    if ns:
        return "cue: noun (statement, interview, report…)", ns[-1].lemma_.lower()
    if any(t.pos_ == "ADP" for t in toks):
        return "cue: preposition (in, to, from…)", toks[0].lower_
    return f"cue: other ({toks[0].pos_})", toks[0].lower_


def quotedness(text: str, content: Frags) -> str:
    if is_direct(text, content):
        return "quoted"
    lo, hi = content[0][0], content[-1][1]
    if any(c in DOUBLE_QUOTES for c in text[max(0, lo - 1) : hi + 1]):
        return "partly quoted"
    return "unquoted"


def source_class(sdoc: Any, text: str, source: Frags) -> str:
    if not source:
        return "no gold source"
    if pronoun_only(text, source):
        return "pronoun"
    toks = [t for t in _doc_tokens(sdoc, source) if not t.is_punct]
    if toks and all(t.pos_ in ("VERB", "AUX") for t in toks):
        return "a verb (Source and Cue swapped in the gold)"
    if any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in toks):
        return "named"
    return "unnamed (nominal: officials, the campaign…)"


@dataclass
class Error:
    kind: str  # missed | spurious | speaker
    scope: str
    category: str
    doc: int
    gold: int | None  # attribution index
    pred: int | None  # prediction index
    detail: str = ""  # cue lemma for missed ones


def _spurious_category(
    doc: GoldDoc, p: Pred, j: int, m: DocMatch, words: Words, other: DocMatch | None
) -> str:
    """Why an unmatched prediction matched nothing (``other``: the ALL-scope match, for
    the DIRECT scope)."""
    if other is not None and (i := next((i for i, jj, _ in other.pairs if jj == j), None)) is not None:
        return f"{p.kind}: matches a gold content that is {quotedness(doc.text, doc.attributions[i].content)}"
    pw = words.of(p.span)
    best = None
    for i in m.gold:
        g = words.of(doc.attributions[i].content)
        if pw & g and (best is None or len(pw & g) > len(pw & best[1])):
            best = (i, g)
    if best is None:
        if other is not None and any(pw & words.of(doc.attributions[i].content) for i in other.gold):
            return f"{p.kind}: overlaps only gold contents that are not direct (Jaccard < 0.5)"
        return f"{p.kind}: no gold content there"
    i, g = best
    taken = any(ii == i for ii, _, _ in m.pairs)
    if len(pw & g) * 2 >= len(pw):
        return f"{p.kind}: part of a gold content " + (
            "matched by another prediction (split)" if taken else "(too short, Jaccard < 0.5)"
        )
    return f"{p.kind}: longer than / straddles gold content(s)"


def analyse(run: Run, system: str = "dateline") -> list[Error]:
    """dateline's errors in each scope: missed gold contents, spurious quotes and wrong
    speakers, each in one category."""
    verbs: frozenset[str] | None
    try:
        from dateline.nlp import lexicon

        sp = lexicon.speech()
        verbs = frozenset(sp.verbs | sp.cognition)
    except Exception:  # noqa: BLE001 - the lists are optional for the analysis
        verbs = None
    preds_all = run.preds[system]
    if preds_all is None:
        return []
    errors: list[Error] = []
    for doc, preds, sdoc in zip(run.docs, preds_all, run.sdocs, strict=True):
        words = Words(doc.text)
        m_all = match_doc(doc, preds, "all", words)
        for scope in SCOPES:
            m = m_all if scope == "all" else match_doc(doc, preds, scope, words)
            other = m_all if scope != "all" else None
            for (i, j), ok in m.speaker.items():
                if ok:
                    continue
                p = preds[j]
                sc = source_class(sdoc, doc.text, doc.attributions[i].source)
                if not p.has_speaker:
                    got = "no speaker found"
                elif not p.speaker:
                    got = "speaker text, no span"
                elif sc == "pronoun" and p.speaker_entity:
                    got = "an entity (resolved; not checkable)"
                else:
                    got = "another entity" if p.speaker_entity else "an unlinked phrase"
                errors.append(Error("speaker", scope, f"gold {sc} → {got}", doc.index, i, j))
            matched_g = {i for i, _, _ in m.pairs}
            matched_p = {j for _, j, _ in m.pairs}
            for i in m.gold:
                if i in matched_g:
                    continue
                a = doc.attributions[i]
                g = words.of(a.content)
                lemma = ""
                found_as = next((preds[j].kind for ii, j, _ in m_all.pairs if ii == i), None)
                if other is not None and found_as is not None:
                    cat = f"found, but as kind {found_as}"
                elif any(g & words.of(preds[j].span) for j in m.pred):
                    cat = "boundary: a prediction overlaps (Jaccard < 0.5, or split)"
                else:
                    cat, lemma = cue_class(sdoc, doc.text, a.cue, verbs)
                    cat = f"{cat}; {quotedness(doc.text, a.content)}"
                errors.append(Error("missed", scope, cat, doc.index, i, None, lemma))
            for j in m.pred:
                if j not in matched_p:
                    cat = _spurious_category(doc, preds[j], j, m, words, other)
                    errors.append(Error("spurious", scope, cat, doc.index, None, j))
    return errors


def summarise(errors: Sequence[Error]) -> list[dict[str, Any]]:
    by = Counter((e.kind, e.scope, e.category) for e in errors)
    rows = [{"kind": k, "scope": s, "category": c, "count": n} for (k, s, c), n in by.items()]
    rows.sort(key=lambda r: (r["kind"], r["scope"], -r["count"], r["category"]))
    return rows


def missed_cue_lemmas(errors: Sequence[Error], top: int = 25) -> dict[str, list[tuple[str, int]]]:
    """The commonest cue lemmas of missed attributions, per cue class."""
    by: dict[str, Counter[str]] = defaultdict(Counter)
    for e in errors:
        if e.kind == "missed" and e.scope == "all" and e.detail:
            by[e.category.split(";")[0]][e.detail] += 1
    return {k: v.most_common(top) for k, v in sorted(by.items())}


def _short(text: str, n: int = 10) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def print_errors(run: Run, errors: Sequence[Error], examples: int, system: str = "dateline") -> None:
    preds_all = run.preds[system] or []
    rows = summarise(errors)
    by: dict[tuple[str, str, str], list[Error]] = defaultdict(list)
    for e in errors:
        by[(e.kind, e.scope, e.category)].append(e)
    print(f"{'error':<9}{'scope':<8}{'category':<78}{'count':>6}")
    print("-" * 101)
    for r in rows:
        print(f"{r['kind']:<9}{r['scope']:<8}{r['category']:<78}{r['count']:>6}")
        for e in by[(r["kind"], r["scope"], r["category"])][:examples]:
            doc = run.docs[e.doc]
            parts = []
            if e.gold is not None:
                a = doc.attributions[e.gold]
                src = " ".join(doc.text[s:e_] for s, e_ in a.source) or "-"
                cue = " ".join(doc.text[s:e_] for s, e_ in a.cue) or "-"
                content = " … ".join(doc.text[s:e_] for s, e_ in a.content)
                parts.append(f"gold [{_short(src, 6)}] [{_short(cue, 4)}] «{_short(content)}»")
            if e.pred is not None:
                p = preds_all[e.doc][e.pred]
                s, e_ = p.span[0]
                parts.append(f"pred {p.kind} [{_short(p.speaker_text or '-', 6)}] «{_short(doc.text[s:e_])}»")
            print(f"      {doc.name[:40]}: " + "  ⟶  ".join(parts))
    lemmas = missed_cue_lemmas(errors)
    if lemmas:
        print("\ncue lemmas of the missed attributions:")
        for k, v in lemmas.items():
            print(f"  {k}: " + ", ".join(f"{w} {n}" for w, n in v))


# --------------------------------------------------------------------------- gate


floor3 = gate.floor3
load_baseline = gate.load_baseline
# This gold set's gate (eval/gate.py): check_floors(entry, figs, digest, model) and
# updated_baseline(current, figs, digest, model, allow_lower=...).
check_floors = partial(gate.check_floors, gold_set=GOLD_SET)
updated_baseline = partial(gate.updated_baseline, gold_set=GOLD_SET, figures=FIGURES, error=EvalError)


# --------------------------------------------------------------------------- output


def evaluate(
    data: Path = DEFAULT_DATA, nlp: Any = None, *, use_textacy: bool = True
) -> tuple[Corpus, Run, dict]:
    """Read the gold data, run the pipeline once, score both systems."""
    corpus = load_corpus(data)
    run = run_pipeline(corpus.docs, nlp, use_textacy=use_textacy)
    return corpus, run, score(run)


def report(corpus: Corpus, run: Run, scores: dict[str, Any], command: str) -> dict[str, Any]:
    import spacy

    docs = corpus.docs
    t = run.timing
    n_words = sum(len(_WORD.findall(d.text)) for d in docs)
    skipped: Counter[str] = Counter()
    for d in docs:
        skipped.update(d.skipped)
    figs = figures(scores)
    return {
        "date": time.strftime("%Y-%m-%d"),
        "command": command,
        "gold_set": GOLD_SET,
        "data": str(corpus.root),
        "sha256": corpus.digest,
        "files": len(corpus.files),
        "model": run.model,
        "spacy": spacy.__version__,
        "python": platform.python_version(),
        "textacy": run.textacy,
        "dateline_quote_stage": run.quote_stage,
        "docs": len(docs),
        "words": n_words,
        "multi_annotated_docs": sum(len(d.annotators) > 1 for d in docs),
        "annotators_used": dict(Counter(d.annotator for d in docs).most_common()),
        "gold": {
            "attributions": sum(len(d.attributions) for d in docs),
            "direct": sum(sum(d.direct) for d in docs),
            "with_source": sum(bool(a.source) for d in docs for a in d.attributions),
            "direct_with_source": sum(
                bool(a.source) for d in docs for a, dr in zip(d.attributions, d.direct, strict=True) if dr
            ),
            "discontinuous_contents": sum(len(a.content) > 1 for d in docs for a in d.attributions),
            "skipped_lines": dict(skipped),
        },
        "min_jaccard": MIN_JACCARD,
        "batch_size": BATCH,
        "textacy_refused_docs": len(run.textacy_refused),
        "timing": {
            **{k: round(v, 3) for k, v in t.items()},
            "docs_per_s": round(len(docs) / t["dateline_s"], 2) if t["dateline_s"] else None,
            "words_per_s": round(n_words / t["dateline_s"], 1) if t["dateline_s"] else None,
        },
        **scores,
        "figures": figs,
        "targets": targets(figs),
    }


def print_table(res: dict[str, Any]) -> None:
    head = (
        f"{'system':<10}{'scope':<8}{'gold':>6}{'pred':>6}{'match':>6}{'P':>8}{'R':>8}{'F1':>8}"
        f"{'spk n':>7}{'spk acc':>9}{'pron':>6}{'acc¬pron':>10}{'F1 ovl':>8}{'F1 words':>10}"
    )
    print(head)
    print("-" * len(head))
    for system, by_scope in res["systems"].items():
        for scope in SCOPES:
            r = by_scope[scope]
            sp = r["speaker"]
            print(
                f"{system:<10}{scope:<8}{r['gold']:>6}{r['pred']:>6}{r['tp']:>6}"
                f"{100 * r['p']:>8.2f}{100 * r['r']:>8.2f}{100 * r['f1']:>8.2f}"
                f"{sp['scored']:>7}{100 * sp['acc']:>9.2f}{sp['pronoun_sources']:>6}"
                f"{100 * sp['acc_excl_pronouns']:>10.2f}{100 * r['lenient_f1']:>8.2f}{100 * r['words']['f1']:>10.2f}"
            )
    if res.get("delta"):
        d = res["delta"]
        print(
            "delta dateline − textacy (points): "
            + ";  ".join(
                f"{scope} F1 {100 * d[scope]['f1']:+.2f}, speaker acc {100 * d[scope]['speaker_acc']:+.2f}"
                for scope in SCOPES
            )
        )
    if acc := res.get("on_docs_textacy_accepted"):
        print(
            f"on the {acc['docs']} documents textacy accepted, F1 direct / all: "
            + ";  ".join(
                f"{s} {100 * acc[s]['direct']['f1']:.2f} / {100 * acc[s]['all']['f1']:.2f}"
                for s in res["systems"]
            )
        )
    kinds = res["systems"]["dateline"]["all"]["pred_by_kind"]
    if kinds:
        print(
            "dateline quotes by kind (matched / predicted, ALL scope): "
            + ", ".join(f"{k} {v.get('matched', 0)}/{v.get('pred', 0)}" for k, v in kinds.items())
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="PolNeAR dev dir (text/, attributions/)")
    ap.add_argument("--out", type=Path, default=RESULTS, help="JSON results (default eval/results/)")
    ap.add_argument("--baseline", type=Path, default=BASELINE, help=argparse.SUPPRESS)
    ap.add_argument("--check", action="store_true", help="exit 1 unless the floors are met")
    ap.add_argument("--write-baseline", action="store_true", help="pin today's figures as floors")
    ap.add_argument("--allow-lower", action="store_true", help="let --write-baseline lower or re-pin")
    ap.add_argument("--errors", type=int, metavar="N", help="print dateline's errors, N examples each")
    ap.add_argument("--no-textacy", action="store_true", help="score dateline only")
    args = ap.parse_args(argv)

    command = shlex.join([sys.executable, *sys.argv] if argv is None else [sys.executable, __file__, *argv])
    try:
        t0 = time.perf_counter()
        corpus, run, scores = evaluate(args.data, use_textacy=not args.no_textacy)
        digest = corpus.digest
        res = report(corpus, run, scores, command)
        errors = analyse(run)
        res["errors"] = {"dateline": summarise(errors), "missed_cue_lemmas": missed_cue_lemmas(errors)}
        res["timing"]["total_s"] = round(time.perf_counter() - t0, 3)

        t = res["timing"]
        g = res["gold"]
        print(f"command: {command}")
        print(f"data: {args.data} ({res['files']} files, sha256 {digest})")
        print(
            f"{res['docs']} articles, {res['words']} words; {res['multi_annotated_docs']} annotated by several "
            "annotators: the first .ann in sorted order is used"
        )
        print(
            f"gold: {g['attributions']} attributions ({g['with_source']} with a source, "
            f"{g['discontinuous_contents']} discontinuous), {g['direct']} direct "
            f"({g['direct_with_source']} with a source)"
        )
        print(f"model: {run.model}, spaCy {res['spacy']}, Python {res['python']}; {run.textacy}")
        print(
            f"time: dateline {t['dateline_s']:.2f} s (spaCy model {t['model_s']:.2f} s + dateline stages "
            f"{t['dateline_stages_s']:.2f} s + records {t['records_s']:.2f} s) = {t['docs_per_s']:.1f} docs/s, "
            f"{t['words_per_s']:.0f} words/s; "
            f"textacy {t['textacy_s']:.2f} s on the same Docs; load {t['load_s']:.2f} s; total {t['total_s']:.2f} s"
        )
        if not run.quote_stage:
            print("note: the pipeline has no dateline_quotes stage: dateline predicts no quotes")
        if run.preds.get("textacy") is None:
            print(f"note: {run.textacy}: dateline is reported alone")
        elif run.textacy_refused:
            print(
                f"note: textacy refused {len(run.textacy_refused)} of {res['docs']} documents (odd number of "
                "quotation marks): they count with no textacy quotes"
            )
        print()
        print_table(res)
        tg = res["targets"]
        print(
            "targets: "
            + "; ".join(f"{k} {'met' if v else 'NOT met' if v is not None else 'n/a'}" for k, v in tg.items())
        )
        if args.errors is not None:
            print()
            print_errors(run, errors, args.errors)

        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwrote {args.out}")

        figs = res["figures"]
        status = gate.apply(
            args, figs, digest, run.model, gold_set=GOLD_SET, figures=FIGURES, error=EvalError
        )
        return status
    except EvalError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
