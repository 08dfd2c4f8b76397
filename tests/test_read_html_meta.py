"""Names on HTML pages (dateline.read.html_meta): people-only authors with a credit, the
outlet's name, titles without the site suffix in any script — and the publication time's
printed dateline and zones (dateline.read.html_time), on small hand-written pages."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta, timezone

import pytest

from dateline.errors import ParseError
from dateline.read import read_bytes
from dateline.read.html import parse_html, read_html
from dateline.read.html_meta import people_in, strip_site

P1 = "A powerful storm hit the northern coast on Tuesday, forcing thousands to leave home."
P2 = "Officials said the damage was extensive and that recovery could take several weeks."
P3 = "Emergency crews worked through the night to restore power to the affected districts."


def page(
    head: str = "", top: str = "", *, title: str = "Storm hits coast", h1: str = "Storm hits coast"
) -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
        "<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{h1}</h1>{top}<p>{P1}</p><p>{P2}</p><p>{P3}</p></article>"
        "<footer><p>Copyright 2021 Example Media Group</p></footer></body></html>"
    )


def meta(key: str, value: str, attr: str = "property") -> str:
    return f'<meta {attr}="{key}" content="{value}">'


def jsonld(text: str) -> str:
    return f'<script type="application/ld+json">{text}</script>'


def canonical(url: str) -> str:
    return f'<link rel="canonical" href="{url}">'


# ---- authors ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "people", "credit"),
    [
        ("ERIC TUCKER Associated Press", ["Eric Tucker"], "Associated Press"),
        ("Detroit News wire services Published", [], "Detroit News wire services"),
        ("Mac & i", [], None),
        ("Username", [], None),
        ("admin", [], None),
        ("Staff", [], None),
        ("Editorial Team", [], None),
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"], None),
        ("Jane Doe, Reuters", ["Jane Doe"], "Reuters"),
        ("Jane Doe for The Guardian", ["Jane Doe"], "The Guardian"),
        ("Jane Doe Staff Writer", ["Jane Doe"], None),
        ("Jane Doe Published Nov. 8, 2023", ["Jane Doe"], None),
        ("Perry Bacon Jr.", ["Perry Bacon Jr."], None),
        ("Jan Kupitz", ["Jan Kupitz"], None),  # a first name that is also a month
        ("María del Carmen Ruiz", ["María del Carmen Ruiz"], None),
        ("Eine realistische Interpretation des Multiplikators", [], None),
        ("https://www.facebook.com/janedoe", [], None),
        ("记者 王小明", ["王小明"], None),
    ],
)
def test_byline_values_give_people_and_a_credit(value, people, credit):
    assert people_in(value) == (people, credit)


def test_html_agency_byline_is_a_credit_and_the_source_only_without_another_outlet():
    head = meta("author", "ERIC TUCKER Associated Press", "name")
    named = parse_html(page(head + meta("og:site_name", "Daily Planet")))
    assert named.authors == ("Eric Tucker",)
    assert named.credit == "Associated Press"
    assert named.source == "Daily Planet"
    unnamed = parse_html(page(head))
    assert unnamed.source == "Associated Press"
    article = read_html(page(head), origin="p.html")
    assert article.credit == "Associated Press"


def test_html_jsonld_organization_author_is_a_credit_not_a_person():
    head = jsonld(
        '{"@type": "NewsArticle", "author": [{"@type": "Organization", "name": "Reuters"},'
        ' {"@type": "Person", "name": "Jane Doe"}]}'
    )
    result = parse_html(page(head))
    assert result.authors == ("Jane Doe",)
    assert result.credit == "Reuters"


def test_html_printed_byline_near_the_headline_when_the_metadata_has_none():
    result = parse_html(page(top="<p class='meta'>By Jane Doe | March 4, 2021</p>"))
    assert result.authors == ("Jane Doe",)


def test_html_site_named_next_to_its_author_is_not_an_author():
    head = meta("og:site_name", "Jungle World") + meta("author", "Ernst Lohoff, Jungle World", "name")
    assert parse_html(page(head)).authors == ("Ernst Lohoff",)


# ---- source -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (meta("og:site_name", "U.S.") + canonical("https://apnews.com/article/x"), "Associated Press"),
        (meta("og:site_name", "Hosted"), None),
        (meta("og:site_name", "新华网版权所有") + canonical("http://www.xinhuanet.com/a.htm"), "Xinhua"),
        (meta("og:site_name", "https://www.daily-planet.com"), None),
        (meta("og:site_name", "World") + meta("article:section", "World"), None),
        (
            meta("og:site_name", "U.S.")
            + jsonld(
                '{"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "Daily Planet"}}'
            ),
            "Daily Planet",
        ),
        (canonical("https://www.modabot.com/story"), "modabot.com"),
        (meta("og:site_name", "Xinhuanet") + canonical("http://www.xinhuanet.com/a.htm"), "Xinhua"),
        (meta("og:site_name", "Observer") + canonical("https://observer.com/2023/11/x/"), "Observer"),
    ],
    ids=[
        "section-word",
        "template-word",
        "copyright-text",
        "url",
        "the-section",
        "publisher",
        "host",
        "canonical-form",
        "same-name-other-host",
    ],
)
def test_html_source_is_the_outlets_name(head, expected):
    assert parse_html(page(head)).source == expected


# ---- titles -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "keys", "expected"),
    [
        (
            "武汉的声音：有英勇的你，才有英雄的城！-新华网",
            {"新华网"},
            "武汉的声音：有英勇的你，才有英雄的城！",
        ),
        ("人工智能的新突破_科技_腾讯网", {"腾讯网"}, "人工智能的新突破"),
        ("人工智能的新突破_科技_某某网", set(), "人工智能的新突破"),  # the shape of a "_" chain
        ("Storm hits coast | Reuters", {"reuters"}, "Storm hits coast"),
        ("Storm hits coast - BBC News", {"bbc"}, "Storm hits coast"),
        ("Storm hits coast｜Daily Planet", {"dailyplanet"}, "Storm hits coast"),
        ("Storm-hit coast counts the cost", {"coast"}, "Storm-hit coast counts the cost"),
        ("Storm - live updates", {"dailyplanet"}, "Storm - live updates"),
    ],
)
def test_title_loses_the_site_suffix_in_any_script(title, keys, expected):
    assert strip_site(title, frozenset(keys)) == expected


def test_html_title_is_cut_to_the_headline_it_holds():
    html = page(title="Storm hits coast - News - Example Regional Gazette Online", h1="Storm hits coast")
    assert parse_html(html).title == "Storm hits coast"


def test_html_title_that_only_names_the_site_gives_way_to_the_headline():
    head = meta("og:site_name", "Four Years Remaining") + meta("og:title", "Four Years Remaining")
    html = page(head, title="Four Years Remaining", h1="Interning of small integers in Python")
    assert parse_html(html).title == "Interning of small integers in Python"


def test_html_chinese_title_loses_the_outlet_suffix_through_the_outlets_table():
    html = page(canonical("https://news.qq.com/a/1.htm"), title="人工智能的新突破_科技_腾讯网", h1="头条")
    assert parse_html(html).title == "人工智能的新突破"


# ---- publication time: the printed dateline and zones -------------------------------------
def test_html_utc_metadata_is_shown_at_the_printed_wall_clock_offset():
    head = meta("article:published_time", "2023-11-09T01:49:00+00:00")
    result = parse_html(page(head, top="<p>PUBLISHED: November 8, 2023 at 5:49 p.m.</p>"))
    assert result.published == datetime(2023, 11, 9, 1, 49, tzinfo=UTC)
    assert result.published_local == datetime(2023, 11, 8, 17, 49, tzinfo=timezone(timedelta(hours=-8)))
    assert result.published_evidence.startswith("meta article:published_time, same as printed dateline")


def test_html_utc_metadata_takes_the_offset_of_a_time_element_of_the_same_instant():
    head = meta("article:published_time", "2023-11-09T06:35:29+00:00")
    top = '<p><time datetime="2023-11-08T22:35:29-08:00">Nov 8, 2023</time></p>'
    result = parse_html(page(head, top=top))
    assert result.published_local.utcoffset() == timedelta(hours=-8)
    assert result.published_local.date().isoformat() == "2023-11-08"
    assert "printed at -08:00" in result.published_evidence


def test_html_explicit_utc_printed_stays_utc():
    head = meta("article:published_time", "2023-11-09T04:59:00Z") + canonical("https://www.nbcnews.com/x")
    result = parse_html(page(head, top="<p>Nov. 9, 2023, 4:59 AM UTC</p>"))
    assert result.published_local.utcoffset() == timedelta(0)


def test_html_printed_dateline_wins_over_machine_stamps_of_another_day_with_a_note():
    head = jsonld('{"@type": "NewsArticle", "datePublished": "2020-01-10T16:50:00+00:00"}')
    result = parse_html(page(head, top="<p>January 14, 2020</p>"))
    assert result.published.date().isoformat() == "2020-01-14"
    assert result.published_evidence.startswith("printed dateline 'January 14, 2020'")
    assert any("json-ld datePublished says 2020-01-10" in note for note in result.notes)


def test_html_printed_day_of_the_modification_time_is_said_so():
    head = jsonld(
        '{"@type": "NewsArticle", "datePublished": "2020-01-03T09:48:24Z", "dateModified": "2020-01-06T09:22:36Z"}'
    )
    result = parse_html(page(head, top="<p>Monday, 6 January 2020</p>"))
    assert result.published.date().isoformat() == "2020-01-06"
    assert "the printed day is the day of the page's modification time" in result.notes


def test_html_bare_day_above_the_headline_does_not_override_the_metadata():
    head = jsonld('{"@type": "NewsArticle", "datePublished": "2023-11-08T15:00:00-05:00"}')
    html = page(head).replace("<article>", "<article><p>Thursday, November 9, 2023</p>")
    result = parse_html(html)
    assert result.published == datetime(2023, 11, 8, 20, 0, tzinfo=UTC)
    assert any("above the headline" in note for note in result.notes)


def test_html_printed_dateline_agreeing_with_another_machine_stamp_picks_that_stamp():
    head = jsonld('{"@type": "NewsArticle", "datePublished": "2023-11-03T10:25:56+00:00"}') + meta(
        "article:published_time", "2023-11-06T14:25:00+00:00"
    )
    result = parse_html(page(head, top="<p>November 6, 2023</p>"))
    assert result.published == datetime(2023, 11, 6, 14, 25, tzinfo=UTC)
    assert result.published_evidence.startswith("meta article:published_time")


@pytest.mark.parametrize(
    "line", ["Updated: March 9, 2021", "page revision: 8, last edited: 9 Mar 2021 15:15"]
)
def test_html_updated_line_is_not_the_publication(line):
    head = meta("article:published_time", "2021-03-04T10:15:00+01:00")
    result = parse_html(page(head, top=f"<p>{line}</p>"))
    assert result.published == datetime(2021, 3, 4, 9, 15, tzinfo=UTC)
    assert not result.published_evidence.startswith("printed dateline")


def test_html_numeric_printed_date_read_both_ways_agrees_with_the_metadata():
    head = meta("article:published_time", "2023-11-08T21:19:00Z")
    result = parse_html(page(head, top="<p>11/08/23</p>"))
    assert result.published == datetime(2023, 11, 8, 21, 19, tzinfo=UTC)


def test_html_url_date_never_wins_over_a_printed_full_timestamp():
    html = page(canonical("https://n.example/2021/03/01/storm"), top="<p>March 4, 2021 10:15 GMT</p>")
    result = parse_html(html)
    assert result.published == datetime(2021, 3, 4, 10, 15, tzinfo=UTC)
    assert result.published_evidence.startswith("printed dateline")


def test_html_bare_day_of_the_url_takes_the_time_the_page_prints_elsewhere():
    body = "<p>Posted March 1, 2021 10:15 GMT</p>"
    html = page(canonical("https://n.example/2021/03/01/storm"), h1="Storm", top="").replace(
        "</article>", f"</article><aside>{body}</aside>"
    )
    result = parse_html(html)
    assert result.published == datetime(2021, 3, 1, 10, 15, tzinfo=UTC)
    assert result.published_evidence != "url (date only)"


def test_html_modification_time_element_is_not_the_article_time():
    top = '<p><time class="entry-date updated" datetime="2021-03-09T10:15:00+01:00">9 March</time></p>'
    result = parse_html(page(meta("og:published_time", "2021-03-04T10:15Z"), top=top))
    assert result.published == datetime(2021, 3, 4, 10, 15, tzinfo=UTC)
    only_updated = parse_html(page(top=top))
    assert only_updated.published is None or "<time" not in (only_updated.published_evidence or "")


def test_html_zoneless_time_takes_the_outlets_zone():
    head = meta("pubdate", "2019-10-26T18:55:22", "name") + canonical("http://www.xinhuanet.com/a.htm")
    result = parse_html(page(head))
    assert result.published_local == datetime(2019, 10, 26, 18, 55, 22, tzinfo=result.published_local.tzinfo)
    assert result.published_local.utcoffset() == timedelta(hours=8)
    assert result.published == datetime(2019, 10, 26, 10, 55, 22, tzinfo=UTC)
    assert "Asia/Shanghai" in result.published_evidence


def test_html_zoneless_printed_time_of_an_unknown_outlet_stays_naive():
    result = parse_html(page(top="<p>March 4, 2021 10:15</p>"))
    assert result.published_local == datetime(2021, 3, 4, 10, 15)
    assert result.published_local.tzinfo is None
    assert "zone unknown" in result.published_evidence


def test_html_modified_date_passes_only_as_a_labelled_last_resort():
    result = parse_html(page(meta("article:modified_time", "2021-03-09T10:15:00Z")))
    assert result.published == datetime(2021, 3, 9, 10, 15, tzinfo=UTC)
    assert "last resort" in result.published_evidence
    dated = parse_html(
        page(
            meta("article:modified_time", "2021-03-09T10:15:00Z")
            + meta("og:published_time", "2021-03-04T10:15Z")
        )
    )
    assert dated.published == datetime(2021, 3, 4, 10, 15, tzinfo=UTC)


# ---- a page with a date but no article text -----------------------------------------------
NO_TEXT = (
    "<html><head><title>Storm hits coast | Daily Planet</title>"
    + meta("og:site_name", "Daily Planet")
    + meta("article:published_time", "2021-03-04T10:15:00+01:00")
    + "</head><body><div id='root'></div><script>window.app = {};</script></body></html>"
)


def test_html_dated_page_without_text_is_a_record_with_a_skip_reason():
    article = read_html(NO_TEXT, origin="x.html")
    assert article.body == ""
    assert article.skip_reason.startswith("no article text found in the HTML (")
    assert article.title == "Storm hits coast"
    assert article.source == "Daily Planet"
    assert article.published == datetime(2021, 3, 4, 9, 15, tzinfo=UTC)
    (item,) = read_bytes(NO_TEXT.encode(), name="x.html")
    assert item.skip_reason == article.skip_reason


def test_html_page_without_text_or_date_is_still_an_error():
    with pytest.raises(ParseError):
        parse_html(NO_TEXT.replace(meta("article:published_time", "2021-03-04T10:15:00+01:00"), ""))


def test_html_reading_raises_no_library_warning():
    html = page(meta("article:published_time", "Tuesday 4 March 2021 10:15 XYZT"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning a library lets through fails the test
        parse_html(html)


def test_read_html_keeps_the_standfirst_out_of_the_body_in_its_field() -> None:
    from dateline.read.html import read_html

    page = (
        "<html><head><title>Port reopens after storm</title></head><body><article>"
        "<h1>Port reopens after storm</h1>"
        '<p class="standfirst">Ferries resume after three days as crews clear the harbour entrance.</p>'
        "<p>The port of Dover reopened on Monday after the storm, officials said, and ferries resumed "
        "their usual timetable in the afternoon.</p><p>Crews had worked through the night to clear debris "
        "from the harbour entrance, the port authority said in a statement.</p></article></body></html>"
    )
    art = read_html(page, origin="p.html")
    assert art.standfirst == "Ferries resume after three days as crews clear the harbour entrance."
    assert "Ferries resume after three days" not in art.body
    assert art.body.startswith("The port of Dover reopened")
