"""Where, when and how certainly an event happens (nlp/event_context.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dateline.models import Article
from dateline.nlp.event_context import Situator, period_bounds
from dateline.nlp.pipeline import _make_doc

PUB = datetime(2019, 5, 13, 6, 22, 58, tzinfo=UTC)


def _situate(nlp, body: str, trigger: str, *, published: datetime | None = PUB, nth: int = 0):
    doc = nlp(_make_doc(nlp, Article(title=None, body=body, published=published)))
    toks = [t for t in doc if t.text == trigger]
    assert toks, f"{trigger!r} not in {[t.text for t in doc]}"
    ctx = Situator(doc).situate(toks[nth])
    names = {e.id: e.name for e in doc._.dateline_entities}
    return ctx, names


def test_seed_sentence_date_place_and_plan(nlp) -> None:
    ctx, names = _situate(
        nlp,
        "Pompeo will meet Tuesday with Putin in the Black Sea resort of Sochi, in the highest-level "
        "US engagement with the Russian leader since a July summit in Helsinki.",
        "meet",
    )
    assert (ctx.date, ctx.date_source, ctx.modality) == ("2019-05-14", "text", "planned")
    assert names[ctx.location] == "Sochi" and ctx.location_text == "Sochi"  # not the Black Sea, not the US
    ctx, names = _situate(nlp, "It is their first meeting since a July summit in Helsinki.", "summit")
    assert ctx.date == "2018-07" and names[ctx.location] == "Helsinki" and not ctx.historical


def test_no_date_in_the_text_is_never_the_publication_date(nlp) -> None:
    ctx, names = _situate(nlp, "The foreign ministers of France and Germany met in Paris.", "met")
    assert ctx.date is None and ctx.date_timex is None
    assert (ctx.date_source, ctx.publication_date) == ("publication", "2019-05-13")
    assert names[ctx.location] == "Paris"
    ctx, _ = _situate(nlp, "The foreign ministers of France and Germany met in Paris.", "met", published=None)
    assert (ctx.date, ctx.date_source, ctx.publication_date) == (None, "none", None)


def test_a_date_of_another_clause_is_not_the_events(nlp) -> None:
    ctx, _ = _situate(nlp, "Obama met Angela Merkel, who had visited Paris on Monday.", "met")
    assert ctx.date is None and ctx.location is None
    ctx, _ = _situate(nlp, "Obama met Angela Merkel, who had visited Paris on Monday.", "visited")
    assert ctx.date == "2019-05-13"


def test_a_place_that_names_an_actor_or_a_modifier_is_not_where(nlp) -> None:
    ctx, _ = _situate(nlp, "Trump met Kim Jong Un in the first US engagement with North Korea.", "met")
    assert ctx.location is None
    ctx, _ = _situate(nlp, "Mike Pompeo visited Moscow last week.", "visited")
    assert ctx.location is None  # the visited country or capital is the target, not the place


@pytest.mark.parametrize(
    ("body", "trigger", "modality"),
    [
        ("Police did not arrest the protesters in Cairo on Friday.", "arrest", "negated"),
        ("The two leaders never met in Geneva.", "met", "negated"),
        ("Moscow refused to withdraw its troops from Crimea.", "withdraw", "negated"),
        ("If Iran attacks the tanker, Israel could strike back.", "strike", "hypothetical"),
        ("If Iran attacks the tanker, Israel could strike back.", "attacks", "hypothetical"),
        ("The president plans to visit Kenya in June.", "visit", "planned"),
        ("The European Union will impose sanctions on Belarus.", "impose", "planned"),
        ("Rebels attacked a convoy near Aleppo on Sunday.", "attacked", "asserted"),
    ],
)
def test_modality(nlp, body: str, trigger: str, modality: str) -> None:
    ctx, _ = _situate(nlp, body, trigger)
    assert ctx.modality == modality


def test_a_text_date_after_publication_is_planned(nlp) -> None:
    ctx, _ = _situate(nlp, "The leaders meet in Brussels on May 20.", "meet")
    assert (ctx.date, ctx.modality) == ("2019-05-20", "planned")


def test_inside_a_quote_the_speaker_said_it(nlp) -> None:
    body = 'Senator Anna Novak spoke on Monday. "Russia attacked our elections," Novak said.'
    ctx, names = _situate(nlp, body, "attacked")
    assert ctx.modality == "reported" and names[ctx.said_by] == "Anna Novak" and ctx.quote


def test_historical_is_more_than_a_year_before_publication(nlp) -> None:
    ctx, _ = _situate(nlp, "Russia annexed Crimea in 2014.", "annexed")
    assert ctx.date == "2014" and ctx.historical
    ctx, _ = _situate(nlp, "Russia annexed Crimea in 2014.", "annexed", published=None)
    assert not ctx.historical


def test_period_bounds() -> None:
    assert period_bounds("2018-07") == (date(2018, 7, 1), date(2018, 7, 31))
    assert period_bounds("2018-12") == (date(2018, 12, 1), date(2018, 12, 31))
    assert period_bounds("2014") == (date(2014, 1, 1), date(2014, 12, 31))
    assert period_bounds("2019-05-14T10:00") == (date(2019, 5, 14), date(2019, 5, 14))
    for v in ("PRESENT_REF", "XXXX-05", "2019-W20", "2019-13", "P5Y"):
        assert period_bounds(v) is None
