"""load_nlp(stages=...): a pipeline with only the dateline stages a job needs.

The point of the timex-only pipeline is speed without a change in results: it must tag
exactly the timexes the full pipeline tags.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dateline.errors import ModelError
from dateline.models import Article
from dateline.nlp.pipeline import (
    STAGES,
    analyze_batch,
    excluded_components,
    load_nlp,
    pipeline_stages,
)

TIMEX_ONLY = ("timex",)

# Written for this test: news paragraphs with past and future weekdays, month-day dates,
# anchored and bare years, "a year ago", durations with "less than", times of day.
PARAGRAPHS = [
    (
        datetime(2019, 5, 8, 14, 30, tzinfo=UTC),  # a Wednesday
        "The finance minister resigned on Monday after a week of protests, and her successor "
        "will be sworn in on Friday. Parliament last met on May 3, when the budget was rejected "
        "by 212 votes to 190. A year ago the same coalition had passed it easily.",
    ),
    (
        datetime(2015, 3, 12, 9, 0, tzinfo=UTC),
        "Shares in the carmaker fell 4% on Tuesday. The company, which was founded in 1962, "
        "said it expects to return to profit in 2016, less than two months after it warned of "
        "a loss. Sales peaked in 2014 and have fallen every quarter since.",
    ),
    (
        datetime(2021, 11, 19, 18, 45, tzinfo=UTC),  # a Friday
        "Talks will resume on Tuesday at 10 a.m. in Geneva, the mediators said on Thursday. "
        "The two sides have been negotiating for three years. The 2000 delegates who attended "
        "the last round in March left without a deal, and a final text is due by December 15.",
    ),
    (
        datetime(2008, 9, 16, 7, 0, tzinfo=UTC),
        "Lehman Brothers filed for bankruptcy early on Monday, 158 years after it was founded. "
        "Investors who bought the bank's shares a year ago have lost nearly everything, and "
        "analysts expect more failures in the coming weeks. The Fed meets again next month.",
    ),
]


def _articles() -> list[Article]:
    return [
        Article(title=f"Paragraph {i}", body=text, published=anchor, language="en")
        for i, (anchor, text) in enumerate(PARAGRAPHS)
    ]


@pytest.mark.slow
def test_timex_only_pipeline_tags_exactly_what_the_full_pipeline_tags(nlp) -> None:
    lean = load_nlp("", stages=TIMEX_ONLY)
    full_records = analyze_batch(_articles(), nlp=nlp)
    lean_records = analyze_batch(_articles(), nlp=lean)
    full = [r.analysis.timexes for r in full_records]
    got = [r.analysis.timexes for r in lean_records]
    assert all(r.analysis.analysed for r in full_records + lean_records)
    assert all(full), "every paragraph has timexes (else the comparison proves nothing)"
    assert got == full
    # and the tagger called directly, as eval/timex.py calls it, on Docs from each pipeline
    from dateline.nlp import timex

    for anchor, text in PARAGRAPHS:
        assert timex.tag(lean(text), anchor=anchor) == timex.tag(nlp(text), anchor=anchor)


@pytest.mark.slow
def test_timex_only_pipeline_leaves_out_what_no_timex_needs(nlp) -> None:
    lean = load_nlp("", stages=TIMEX_ONLY)
    for name in ("lemmatizer", "attribute_ruler", "ner"):
        assert name not in lean.pipe_names and name not in lean.component_names  # not loaded
    assert [n for n in lean.pipe_names if n.startswith("dateline_")] == ["dateline_timex"]
    assert {"tok2vec", "tagger", "parser"} <= set(lean.pipe_names)
    record = analyze_batch(_articles()[:1], nlp=lean)[0]
    assert record.analysis.entities == () and record.analysis.quotes == () and record.analysis.timexes
    # the default is every stage, as before
    assert nlp is load_nlp("") is load_nlp("", stages=STAGES)
    assert nlp.pipe_names[-6:] == [
        "dateline_entities",
        "dateline_quotes",
        "dateline_timex",
        "dateline_events",
        "dateline_topics",
        "dateline_summary",
    ]
    assert "lemmatizer" in nlp.pipe_names
    assert load_nlp("", stages=TIMEX_ONLY) is lean  # cached


def test_stage_choice_is_validated_and_brings_in_what_a_stage_reads() -> None:
    assert pipeline_stages() == STAGES == ("entities", "quotes", "timex", "events", "topics", "summary")
    # events read entities, quotes and timexes; topics and the summary read the events
    assert pipeline_stages(("events",)) == ("entities", "quotes", "timex", "events")
    assert pipeline_stages(("summary",)) == ("entities", "quotes", "timex", "events", "summary")
    assert pipeline_stages(("timex",)) == ("timex",)
    assert pipeline_stages(("quotes",)) == ("entities", "quotes")  # quotes read the entities
    assert pipeline_stages(("timex", "entities")) == ("entities", "timex")  # pipeline order
    assert excluded_components(("timex",)) == ("attribute_ruler", "lemmatizer", "ner")
    assert (
        excluded_components() == excluded_components(("entities",)) == excluded_components(("quotes",)) == ()
    )
    assert excluded_components(("timex", "entities")) == ()
    for bad in [(), ("dates",), ["timex"], "timex"]:
        with pytest.raises(ValueError):
            pipeline_stages(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown stage"):
        load_nlp("", stages=("dates",))


def test_model_errors_keep_their_messages() -> None:
    with pytest.raises(ModelError, match="cannot load spaCy model 'no_such_model_xyz'"):
        load_nlp("no_such_model_xyz", stages=TIMEX_ONLY)
