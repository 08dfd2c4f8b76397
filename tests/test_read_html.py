"""Tests for dateline.read.html: body, metadata and the publication-time cascade.

Every page here is a small hand-written HTML string; no network, no dataset.
"""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.errors import DatelineError, EmptyInput, ParseError
from dateline.read.html import HtmlPage, parse_html

UTC = UTC
P1 = "A powerful storm hit the northern coast on Tuesday, forcing thousands to leave home."
P2 = "Officials said the damage was extensive and that recovery could take several weeks."
P3 = "Emergency crews worked through the night to restore power to the affected districts."
ARTICLE = f"<article><h1>Storm hits coast</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p></article>"


def page(head: str = "", body: str = ARTICLE, lang: str = "en") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>Storm hits coast</title>{head}</head>"
        f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>{body}"
        "<footer><p>Copyright 2021 Example Media Group</p></footer></body></html>"
    )


def jsonld(text: str) -> str:
    return f'<script type="application/ld+json">{text}</script>'


def meta(key: str, value: str, attr: str = "property") -> str:
    return f'<meta {attr}="{key}" content="{value}">'


def offset(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


# ---- publication time: JSON-LD ------------------------------------------------------------
@pytest.mark.parametrize(
    "head",
    [
        pytest.param(
            jsonld(
                '{"@context": "https://schema.org", "@type": "NewsArticle",'
                ' "headline": "Storm hits coast",'
                ' "datePublished": "2021-03-04T10:15:00+02:00"}'
            ),
            id="object",
        ),
        pytest.param(
            jsonld(
                '{"@context": "https://schema.org", "@graph": ['
                '{"@type": "WebSite", "name": "Daily Planet"},'
                '{"@type": "WebPage", "datePublished": "2020-01-01T00:00:00+00:00"},'
                '{"@type": "NewsArticle", "datePublished": "2021-03-04T10:15:00+02:00"}'
                "]}"
            ),
            id="graph-article-beats-webpage",
        ),
        pytest.param(
            jsonld(
                '[{"@type": "BreadcrumbList", "itemListElement": []},'
                ' {"@type": "ReportageNewsArticle",'
                ' "datePublished": "2021-03-04T10:15:00+0200"}]'
            ),
            id="list",
        ),
        pytest.param(
            jsonld(
                '{"@type": "WebPage", "mainEntity": {"@type": "Article",'
                ' "datePublished": "2021-03-04T08:15:00Z"}}'
            )
            + meta("article:published_time", "2021-03-05T09:00:00+02:00"),
            id="nested-beats-meta",
        ),
    ],
)
def test_html_jsonld_date_published_with_offset(head):
    result = parse_html(page(head))
    assert result.published == datetime(2021, 3, 4, 8, 15, tzinfo=UTC)
    assert result.published.tzinfo is UTC
    assert result.published_evidence == "json-ld datePublished"
    if "08:15:00Z" not in head:
        assert result.published_local == datetime(2021, 3, 4, 10, 15, tzinfo=offset(2))
        assert result.published_local.utcoffset() == timedelta(hours=2)


def test_html_jsonld_date_created_then_date_modified_as_last_resort():
    created = parse_html(
        page(
            jsonld(
                '{"@type": "Article", "dateCreated": "2021-03-04T10:15Z",'
                ' "dateModified": "2021-03-09T10:15Z"}'
            )
        )
    )
    assert created.published == datetime(2021, 3, 4, 10, 15, tzinfo=UTC)
    assert created.published_evidence == "json-ld dateCreated"
    modified = parse_html(page(jsonld('{"@type": "Article", "dateModified": "2021-03-09T10:15:00+01:00"}')))
    assert modified.published == datetime(2021, 3, 9, 9, 15, tzinfo=UTC)
    assert "dateModified" in modified.published_evidence
    assert "last resort" in modified.published_evidence


# ---- publication time: meta tags ----------------------------------------------------------
@pytest.mark.parametrize(
    ("head", "body", "utc", "hours", "evidence"),
    [
        (
            meta("article:published_time", "2021-03-04T10:15:00Z"),
            ARTICLE,
            datetime(2021, 3, 4, 10, 15, tzinfo=UTC),
            0,
            "meta article:published_time",
        ),
        (
            meta("article:published_time", "2021-03-04T10:15:00+08:00"),
            ARTICLE,
            datetime(2021, 3, 4, 2, 15, tzinfo=UTC),
            8,
            "meta article:published_time",
        ),
        (
            meta("og:published_time", "2021-03-04T10:15:00.000-05:00"),
            ARTICLE,
            datetime(2021, 3, 4, 15, 15, tzinfo=UTC),
            -5,
            "meta og:published_time",
        ),
        (
            meta("datePublished", "2021-03-04T10:15:00+05:30", "itemprop"),
            ARTICLE,
            datetime(2021, 3, 4, 4, 45, tzinfo=UTC),
            5.5,
            "meta datepublished",
        ),
        (
            meta("sailthru.date", "2021-03-04 10:15:00 -0500", "name"),
            ARTICLE,
            datetime(2021, 3, 4, 15, 15, tzinfo=UTC),
            -5,
            "meta sailthru.date",
        ),
        (
            meta("parsely-pub-date", "2021-03-04T10:15:00Z", "name"),
            ARTICLE,
            datetime(2021, 3, 4, 10, 15, tzinfo=UTC),
            0,
            "meta parsely-pub-date",
        ),
        (
            meta("DC.date.issued", "Thu, 04 Mar 2021 10:15:00 +0100", "name"),
            ARTICLE,
            datetime(2021, 3, 4, 9, 15, tzinfo=UTC),
            1,
            "meta dc.date.issued",
        ),
        (
            "",
            ARTICLE.replace("<h1>", '<time datetime="2021-03-04T10:15+01:00" pubdate>4 March</time><h1>'),
            datetime(2021, 3, 4, 9, 15, tzinfo=UTC),
            1,
            "<time pubdate>",
        ),
        (
            "",
            ARTICLE.replace("<h1>", '<time datetime="2021-03-04T10:15:00+01:00">4 March</time><h1>'),
            datetime(2021, 3, 4, 9, 15, tzinfo=UTC),
            1,
            "the article's first <time datetime>",
        ),
    ],
    ids=[
        "Z",
        "+08:00",
        "og",
        "itemprop",
        "sailthru",
        "parsely",
        "dc-rfc2822",
        "time-pubdate",
        "article-time",
    ],
)
def test_html_meta_published_time(head, body, utc, hours, evidence):
    result = parse_html(page(head, body))
    assert result.published == utc
    assert result.published.tzinfo is UTC
    assert result.published_local.utcoffset() == timedelta(hours=hours)
    assert result.published_local == utc
    assert result.published_evidence == evidence


@pytest.mark.parametrize(
    ("url", "head"),
    [
        ("https://news.example/2019/05/13/storm-hits-coast", ""),
        (None, '<link rel="canonical" href="https://news.example/2019/05/13/storm-hits-coast">'),
        (None, meta("og:url", "https://news.example/2019-05-13/storm-hits-coast")),
    ],
    ids=["url-argument", "canonical", "og-url"],
)
def test_html_url_date_never_overrides_metadata_timestamp(url, head):
    head += meta("article:published_time", "2021-03-04T10:15:00+08:00")
    result = parse_html(page(head), url=url)
    assert result.published == datetime(2021, 3, 4, 2, 15, tzinfo=UTC)
    assert result.published_local == datetime(2021, 3, 4, 10, 15, tzinfo=offset(8))
    assert result.published_evidence == "meta article:published_time"


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/2019/05/13/storm-hits-coast",
        "https://news.example/world/2019-05-13/storm-hits-coast.html",
    ],
)
def test_html_url_only_date(url):
    result = parse_html(page(), url=url)
    assert result.published == datetime(2019, 5, 13, tzinfo=UTC)
    assert result.published_local is None
    assert result.published_evidence.startswith("url")
    assert result.published_evidence.endswith("(date only)")


@pytest.mark.parametrize("line", ["Published on 4 March 2021", "Veröffentlicht am 04.03.2021"])
def test_html_htmldate_only_date_in_visible_text(line):
    body = ARTICLE.replace("<h1>", f'<p class="byline">{line}</p><h1>')
    result = parse_html(page(body=body))
    assert result.published == datetime(2021, 3, 4, tzinfo=UTC)
    assert result.published_local is None
    # the printed dateline above the headline, or htmldate when the grammar does not read it
    assert result.published_evidence.endswith("(date only)")
    assert result.published_evidence.startswith(("printed dateline", "htmldate"))


@pytest.mark.parametrize("url", [None, "https://news.example/world/storm-hits-coast"])
def test_html_no_date_at_all(url):
    result = parse_html(page(), url=url)
    assert result.published is None
    assert result.published_local is None
    assert result.published_evidence is None


@pytest.mark.parametrize(
    ("head", "expected", "evidence"),
    [
        (meta("pubdate", "2021-03-04", "name"), datetime(2021, 3, 4, tzinfo=UTC), "meta pubdate (date only)"),
        (
            meta("publishdate", "2021-03-04T00:00:00", "name"),
            datetime(2021, 3, 4, tzinfo=UTC),
            "meta publishdate (date only)",
        ),
    ],
    ids=["date-only", "zoneless-midnight"],
)
def test_html_time_without_zone_or_date_only(head, expected, evidence):
    result = parse_html(page(head))
    assert result.published == expected
    assert result.published.tzinfo is UTC
    assert result.published_local is None
    assert result.published_evidence == evidence


def test_html_time_without_zone_is_kept_as_printed_never_as_utc_fact():
    result = parse_html(page(meta("pubdate", "2021-03-04T10:15:00", "name")))
    assert result.published_local == datetime(2021, 3, 4, 10, 15)  # naive: as printed
    assert result.published_local.tzinfo is None
    assert result.published_evidence.startswith("meta pubdate; zone unknown: 10:15 kept as printed")
    assert "reads it as UTC" in result.published_evidence


def test_html_later_stage_refines_same_day_but_never_contradicts():
    date_only = jsonld('{"@type": "NewsArticle", "datePublished": "2021-03-04"}')
    precise = meta("article:published_time", "2021-03-04T10:15+01:00")
    same_day = parse_html(page(date_only + precise))
    assert same_day.published == datetime(2021, 3, 4, 9, 15, tzinfo=UTC)
    assert same_day.published_evidence.startswith("meta article:published_time")
    assert "json-ld datePublished" in same_day.published_evidence
    other_day = parse_html(page(date_only + meta("article:published_time", "2021-03-06T10:15Z")))
    assert other_day.published == datetime(2021, 3, 4, tzinfo=UTC)
    assert other_day.published_evidence == "json-ld datePublished (date only)"


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01T00:00:00Z",
        "2999-01-01T10:00:00Z",
        "soon",
        "2021-13-45T10:00:00Z",
        "2021-03-04T10:15:00+23:00",
    ],
)
def test_html_implausible_timestamps_are_ignored(value):
    head = meta("article:published_time", value) + meta("og:published_time", "2021-03-04T10:15Z")
    result = parse_html(page(head))
    assert result.published == datetime(2021, 3, 4, 10, 15, tzinfo=UTC)
    assert result.published_evidence == "meta og:published_time"


# ---- other metadata -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (meta("author", "By Jane Doe and John Roe", "name"), ("Jane Doe", "John Roe")),
        (meta("author", "Jane Doe, John Roe and Ann Poe", "name"), ("Jane Doe", "John Roe", "Ann Poe")),
        (meta("author", "Jane Doe; John Roe", "name"), ("Jane Doe", "John Roe")),
        (
            meta("article:author", "https://www.facebook.com/janedoe")
            + meta("author", "BY Jane Doe", "name"),
            ("Jane Doe",),
        ),
        (
            jsonld(
                '{"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Jane Doe"},'
                ' {"@type": "Person", "name": "John Roe"}]}'
            ),
            ("Jane Doe", "John Roe"),
        ),
        (
            jsonld(
                '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "By Jane Doe & John Roe"}}'
            )
            + meta("author", "Someone Else", "name"),
            ("Jane Doe", "John Roe"),
        ),
    ],
    ids=[
        "meta-by-and",
        "meta-commas",
        "meta-semicolon",
        "skip-profile-url",
        "jsonld-list",
        "jsonld-beats-meta",
    ],
)
def test_html_authors(head, expected):
    assert parse_html(page(head)).authors == expected


@pytest.mark.parametrize(
    "head",
    [
        meta("og:site_name", "Daily Planet"),
        jsonld('{"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "Daily Planet"}}'),
        meta("og:site_name", "Daily Planet")
        + jsonld('{"@type": "NewsArticle", "publisher": {"name": "Planet Media Holdings"}}'),
    ],
    ids=["og", "jsonld-publisher", "og-first"],
)
def test_html_site_name(head):
    assert parse_html(page(head)).source == "Daily Planet"


@pytest.mark.parametrize(
    ("title", "head", "expected"),
    [
        ("Storm hits coast | Daily Planet", meta("og:site_name", "Daily Planet"), "Storm hits coast"),
        ("Storm hits coast - Daily Planet", meta("og:site_name", "Daily Planet"), "Storm hits coast"),
        ("Storm hits coast – DAILY PLANET", meta("og:site_name", "Daily Planet"), "Storm hits coast"),
        ("Daily Planet | Storm hits coast", meta("og:site_name", "Daily Planet"), "Storm hits coast"),
        ("Storm - live updates", meta("og:site_name", "Daily Planet"), "Storm - live updates"),
        (
            "Ignored",
            meta("og:title", "Storm hits coast | Daily Planet") + meta("og:site_name", "Daily Planet"),
            "Storm hits coast",
        ),
        ("Ignored too", jsonld('{"@type": "NewsArticle", "headline": "Storm &amp; rain"}'), "Storm & rain"),
    ],
    ids=["pipe", "hyphen", "en-dash-case", "prefix", "other-suffix-kept", "og-title", "jsonld-headline"],
)
def test_html_title_suffix_stripping(title, head, expected):
    html = page(head).replace("<title>Storm hits coast</title>", f"<title>{title}</title>")
    assert parse_html(html).title == expected


def test_html_title_suffix_matching_the_host_is_stripped():
    html = page().replace(
        "<title>Storm hits coast</title>", "<title>Storm hits coast | daily-planet.com</title>"
    )
    assert parse_html(html, url="https://www.daily-planet.com/x").title == "Storm hits coast"


@pytest.mark.parametrize(
    ("html_lang", "head", "expected"),
    [
        ("en-GB", "", "en"),
        ("", meta("og:locale", "de_DE"), "de"),
        ("", meta("content-language", "fr-CA", "http-equiv"), "fr"),
        ("", "", None),
    ],
)
def test_html_language(html_lang, head, expected):
    html = page(head, lang=html_lang).replace(' lang=""', "")
    assert parse_html(html).language == expected


@pytest.mark.parametrize(
    ("head", "url", "expected"),
    [
        (
            '<link rel="canonical" href="/world/storm">',
            "https://n.example/world/storm?amp=1",
            "https://n.example/world/storm",
        ),
        (meta("og:url", "https://n.example/world/storm"), None, "https://n.example/world/storm"),
        ("", "https://n.example/a", "https://n.example/a"),
        ("", None, None),
    ],
)
def test_html_url(head, url, expected):
    assert parse_html(page(head), url=url).url == expected


# ---- body ---------------------------------------------------------------------------------
def test_html_paragraphs_separated_by_exactly_one_blank_line():
    body = (
        f"<article><h1>Storm hits coast</h1><p>  {P1[:40]}\n   {P1[40:]}  </p>"
        f"<p></p><p>   </p><p>{P2}</p>\n\n\n<p>{P3.replace(' ', '&nbsp; ', 2)}</p></article>"
    )
    result = parse_html(page(body=body))
    assert result.body == "\n\n".join([" ".join(P1.split()), P2, " ".join(P3.split())])
    assert "\n\n\n" not in result.body
    assert result.body == result.body.strip()


def test_html_headline_is_not_repeated_in_body():
    result = parse_html(page())
    assert result.title == "Storm hits coast"
    assert result.body.split("\n\n") == [P1, P2, P3]


@pytest.mark.parametrize(
    "cut",
    [
        "<p>Emergency crews worked through the ni",
        "<p>Emergency crews worked through the night<",
        '<p class="le',
    ],
    ids=["mid-text", "mid-tag", "mid-attribute"],
)
def test_html_truncated_html_still_gives_body(cut):
    html = (
        f'<!DOCTYPE html><html lang="en"><head><title>Storm</title>'
        f"{meta('article:published_time', '2021-03-04T10:15:00Z')}</head><body><article>"
        f"<p>{P1}</p><p>{P2}</p>{cut}"
    )
    result = parse_html(html)
    assert result.body.startswith(f"{P1}\n\n{P2}")
    assert result.published == datetime(2021, 3, 4, 10, 15, tzinfo=UTC)


def test_html_fragment_without_html_element():
    assert parse_html(f"<p>{P1}</p>").body == P1


@pytest.mark.parametrize("text", ["", " ", "\n\t \r\n"])
def test_html_empty_input_raises_empty_input(text):
    with pytest.raises(EmptyInput):
        parse_html(text)


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><script>window.app = {};</script></head><body>"
        "<script src='/bundle.js'></script><div id='root'></div></body></html>",
        "<html><head><title>Just a title</title></head><body></body></html>",
        "<html><body><style>p { color: red }</style><!-- nothing --></body></html>",
        "Plain text with no markup at all.",
        "https://news.example/2019/05/13/storm",
    ],
    ids=["script-only", "title-only", "style-and-comment", "plain-text", "bare-url"],
)
def test_html_page_without_text_raises_parse_error(html):
    with pytest.raises(ParseError) as info:
        parse_html(html)
    assert info.value.reason == "parse"
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "script",
    [
        '{"@type": "NewsArticle", "headline": "Storm hits coast", '
        '"datePublished": "2021-03-04T10:15:00+02:00",}',  # trailing comma
        '{"@type": "NewsArticle", "description": "line one\nline two", '
        '"datePublished": "2021-03-04T10:15:00+02:00"}',  # raw newline in a string
        '<!--{"@type": "NewsArticle", "datePublished": "2021-03-04T10:15:00+02:00"}-->',
        '//<![CDATA[\n{"@type": "NewsArticle", "datePublished": "2021-03-04T10:15:00+02:00"}\n//]]>',
        '{"@type": "NewsArticle", "datePublished": "2021-03-04T10:15:00+02:00", "author": {',
        "",
    ],
    ids=["trailing-comma", "raw-newline", "html-comment", "cdata", "truncated", "empty"],
)
def test_html_broken_jsonld_tolerated(script):
    head = jsonld(script) + jsonld("{ not json at all")
    result = parse_html(page(head))
    assert result.body.split("\n\n") == [P1, P2, P3]
    if script:
        assert result.published == datetime(2021, 3, 4, 8, 15, tzinfo=UTC)
        assert result.published_evidence == "json-ld datePublished"


def test_html_full_page_record():
    head = (
        meta("og:site_name", "Daily Planet")
        + meta("author", "By Jane Doe", "name")
        + jsonld('{"@type": "NewsArticle", "datePublished": "2021-03-04T10:15:00-05:00"}')
        + '<link rel="canonical" href="https://dailyplanet.example/2021/03/04/storm">'
    )
    assert parse_html(page(head)) == HtmlPage(
        title="Storm hits coast",
        body=f"{P1}\n\n{P2}\n\n{P3}",
        authors=("Jane Doe",),
        source="Daily Planet",
        url="https://dailyplanet.example/2021/03/04/storm",
        published=datetime(2021, 3, 4, 15, 15, tzinfo=UTC),
        published_local=datetime(2021, 3, 4, 10, 15, tzinfo=offset(-5)),
        published_evidence="json-ld datePublished",
        language="en",
    )


# ---- body: page furniture -----------------------------------------------------------------
@pytest.mark.parametrize(
    "top",
    [
        "<p>World</p><h1>Storm hits coast</h1>",
        "<p>World</p><p>Weather</p><h2>Storm  HITS coast</h2>",
        "<h1>Storm hits coast</h1>",
    ],
    ids=["kicker-then-headline", "two-kickers-case-and-space", "headline-only"],
)
def test_html_body_drops_unmarked_kicker_and_headline_at_the_top(top):
    result = parse_html(page(body=f"<article>{top}<p>{P1}</p><p>{P2}</p><p>{P3}</p></article>"))
    assert result.body.split("\n\n") == [P1, P2, P3]


def test_html_body_keeps_a_title_like_paragraph_far_from_the_top():
    late = "".join(f"<p>{p}</p>" for p in (P1, P2, P3, P2.upper()))
    body = f"<article>{late}<p>Storm hits coast</p><p>It weakens by Friday.</p></article>"
    result = parse_html(page(body=body))
    assert "Storm hits coast" in result.body.split("\n\n")


STANDFIRST = "Thousands left their homes as winds reached record speeds along the shore."


@pytest.mark.parametrize(
    "furniture",
    [
        f'<header><p class="kicker">Weather</p><h1>Storm hits coast</h1><p>{STANDFIRST}</p></header>',
        f'<h1>Storm hits coast</h1><p class="article-standfirst">{STANDFIRST}</p>',
        f'<h1>Storm hits coast</h1><div class="c-dek"><p>{STANDFIRST}</p></div>',
        f'<h1>Storm hits coast</h1><p class="story_summary">{STANDFIRST}</p>',
        f'<h1>Storm hits coast</h1><h2 class="subtitle">{STANDFIRST}</h2>',
        f'<figure><img src="a.jpg" alt=""><figcaption>{STANDFIRST}</figcaption></figure>',
    ],
    ids=["header", "standfirst", "dek", "summary", "subtitle", "figcaption"],
)
def test_html_body_excludes_marked_standfirst_kicker_and_caption(furniture):
    body = (
        f"<article>{furniture}<p>{P1}</p><p>{P2}</p><aside><p>{STANDFIRST}</p></aside><p>{P3}</p></article>"
    )
    result = parse_html(page(body=body))
    assert result.body.split("\n\n") == [P1, P2, P3]


def test_html_body_keeps_a_furniture_classed_wrapper_holding_the_article():
    body = f'<div class="summary"><h1>Storm hits coast</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>'
    assert parse_html(page(body=body)).body.split("\n\n") == [P1, P2, P3]


ZH = [
    "6月28日上午，某市新建的跨江大桥正式通车，全长约三公里，双向六车道，预计每日通行车辆将超过五万辆次。",
    "市交通部门有关负责人表示，大桥通车后，两岸之间的通行时间将由原来的四十分钟缩短到十分钟左右。",
    "据了解，该市今年还将有两座桥梁陆续开工建设，预计将在三年内全部建成通车。",
]


@pytest.mark.parametrize(
    ("info", "note"),
    [
        ("2021-06-28 09:30\u3000来源：某市日报网\u3000记者：张三", "（责任编辑：李四）"),
        ("2021年06月28日 09:30 来源：某市日报", "(编辑：李四 校对：王五)"),
        ("发布时间：2021-06-28 作者：张三", "【责编：李四】"),
    ],
)
def test_html_body_drops_info_line_and_editor_note(info, note):
    paras = "".join(f"<p>{p}</p>" for p in ZH)
    body = (
        f'<article><h1>大桥通车</h1><div class="info">{info}</div>{paras}'
        f'<p class="editor">{note}</p></article>'
    )
    html = page(body=body, lang="zh").replace("<title>Storm hits coast", "<title>大桥通车")
    assert parse_html(html).body.split("\n\n") == ZH


@pytest.mark.parametrize(
    "info",
    [
        "March 4, 2021 10:15 | Source: Coastal Herald | By Jane Doe",
        "By Jane Doe · Published 4 March 2021, 10:15",
        "2021-03-04 10:15 UTC | Coastal Herald",
    ],
)
def test_html_body_drops_an_english_metadata_line(info):
    body = f"<article><h1>Storm hits coast</h1><p>{info}</p><p>{P1}</p><p>{P2}</p><p>{P3}</p></article>"
    assert parse_html(page(body=body)).body.split("\n\n") == [P1, P2, P3]


def test_html_body_keeps_a_first_sentence_with_a_date_and_a_label():
    first = "Published by the council on March 4, 2021 at 10:15, the report was short."
    body = f"<article><h1>Storm hits coast</h1><p>{first}</p><p>{P1}</p><p>{P2}</p></article>"
    assert parse_html(page(body=body)).body.split("\n\n") == [first, P1, P2]


LAYOUT = (
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN"><HTML><HEAD>'
    '<TITLE>Storm hits coast</TITLE></HEAD><BODY><TABLE WIDTH="100%">'
    '<TR><TD COLSPAN="2"><FONT SIZE="5"><B>The Coastal Herald</B></FONT></TD></TR>'
    '<TR><TD WIDTH="160"><A HREF="/">Home</A><BR><A HREF="/news/">News</A><BR>'
    '<A HREF="/sport/">Sport</A></TD><TD><FONT SIZE="5"><B>Storm hits coast</B></FONT><BR>'
    "By Jane Doe<BR>{story}</TD></TR>"
    '<TR><TD COLSPAN="2"><FONT SIZE="1">Copyright 2018 The Coastal Herald.</FONT></TD></TR>'
    "</TABLE></BODY></HTML>"
)


def test_html_body_of_a_table_layout_page_is_not_a_table_dump():
    story = f'<DIV CLASS="storytext"><P>{P1}</P><P>{P2}</P><P>{P3}</P></DIV>'
    result = parse_html(LAYOUT.format(story=story))
    assert result.body.split("\n\n") == [P1, P2, P3]
    assert "|" not in result.body


def test_html_body_falls_back_to_the_main_paragraph_block(monkeypatch):
    import dateline.read.html_body as html_body

    class Doc:  # the extractor picked the wrong block: the footer only
        text = "Copyright 2021 Example Media Group"

    monkeypatch.setattr(html_body.trafilatura, "bare_extraction", lambda *a, **k: Doc())
    assert parse_html(page()).body.split("\n\n") == [P1, P2, P3]


# ---- robustness ---------------------------------------------------------------------------
@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("parse_html tried to use the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize(
    ("html", "url"),
    [
        (
            page('<link rel="canonical" href="https://news.example/2019/05/13/storm">'),
            "https://news.example/2019/05/13/storm",
        ),
        (page(), "https://news.example/storm"),
        ("<html><body><p>https://news.example/2019/05/13/storm</p></body></html>", None),
    ],
)
def test_html_never_touches_the_network(no_network, html, url):
    assert parse_html(html, url=url).body


_TAGS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<html>",
        "<article>",
        "<script>",
        "</script>",
        '<script type="application/ld+json">',
        '{"datePublished": "',
        '<meta property="article:published_time" content="',
        '">',
        '<time datetime="',
        "2021-03-04T10:15:00+08:00",
        "9999-12-31T23:59-05:00",
        "<title>",
        " | ",
        "<!--",
        "<![CDATA[",
        "\x00",
        "&nbsp;",
        '<?xml encoding="latin-1"?>',
        "\ud800",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(st.text(max_size=40), _TAGS), max_size=25).map("".join),
    st.one_of(st.none(), st.text(max_size=30), st.just("https://n.example/2021/02/30/x")),
)
def test_html_arbitrary_text_raises_only_dateline_errors(text, url):
    try:
        result = parse_html(text, url=url)
    except DatelineError:
        return
    if result.skip_reason:  # no article text: a record only with a title and a date
        assert result.body == "" and result.title and result.published is not None
    else:
        assert result.body and result.body == result.body.strip()
    assert "\n\n\n" not in result.body
    assert result.published is None or result.published.tzinfo is UTC
    if result.published_local is not None and result.published_local.tzinfo is None:
        assert "zone unknown" in result.published_evidence
