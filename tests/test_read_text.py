"""The text-dump reader: structure, furniture at the edges only, bylines, properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.errors import InputError, ParseError
from dateline.models import Article, Record
from dateline.read import read_bytes
from dateline.read.decode import normalize_text
from dateline.read.text import is_known_furniture, parse_byline, read_text

BODY = (
    "The council voted on Monday to extend the night bus service, officials said.\n\n"
    "The change takes effect next month and costs about 2 million a year."
)


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Add Comment", True),
        ("Share", True),
        ("Print", True),
        ("Related:", True),
        ("Related: Storm closes schools", True),
        ("Advertisement", True),
        ("© 2020 Some Outlet. All rights reserved.", True),
        ("Copyright 2019 The Daily Bugle", True),
        ("Comments (3)", True),
        ("The council voted on Monday.", False),
        ("Pompeo pops over to see Putin", False),
    ],
)
def test_text_known_furniture(line: str, furniture: bool) -> None:
    assert is_known_furniture(line) is furniture


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By Jane Doe", ("Jane Doe",)),
        ("By Jane Doe and John Roe", ("Jane Doe", "John Roe")),
        ("By Jane Doe, Reuters", ("Jane Doe",)),
        ("BY JANE DOE & JOHN ROE", ("JANE DOE", "JOHN ROE")),
        ("Editor: Li Wei", ("Li Wei",)),
        ("By the time the polls closed, turnout had reached a record.", None),
        ("Byron Bay braces for storms", None),
    ],
)
def test_text_byline(line: str, authors: tuple[str, ...] | None) -> None:
    assert parse_byline(line) == authors


def test_text_furniture_removed_only_at_edges() -> None:
    text = f"Share\nPrint\n\nNight buses extended\n\n2020-02-03 10:00 UTC | City Post\n\n{BODY}\n\nShare\n\nMore text after share.\n\nAdd Comment\n\nBack to top\n"
    art = read_text(normalize_text(text))
    assert art.title == "Night buses extended"
    assert art.source == "City Post"
    assert art.body.split("\n\n") == [*BODY.split("\n\n"), "Share", "More text after share."]


def test_text_no_dateline_keeps_headline_and_body() -> None:
    art = read_text(f"Night buses extended\n\n{BODY}\n")
    assert art.title == "Night buses extended" and art.published is None
    assert art.body == BODY


def test_text_crlf_nbsp_and_wrapped_lines_normalized() -> None:
    raw = (
        "Night buses extended\r\n\r\n2020-02-03 10:00\u00a0UTC\u00a0| City Post\r\n\r\n"
        "The council voted on Monday\r\nto extend the service.\r\n\r\nIt costs\u00a0money.\r\n"
    )
    (art,) = list(read_bytes(raw.encode("utf-8"), name="x.txt"))
    assert isinstance(art, Article)
    assert art.body == "The council voted on Monday to extend the service.\n\nIt costs money."
    assert Record(art).to_json()["published"] == "2020-02-03T10:00:00Z"


def test_text_only_furniture_is_parse_error() -> None:
    with pytest.raises(ParseError):
        read_text("Share\n\nPrint\n\nAdd Comment\n")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600))
def test_text_reader_never_raises_on_arbitrary_text(text: str) -> None:
    for item in read_bytes(text.encode("utf-8"), name="fuzz.txt"):
        if isinstance(item, InputError):
            assert "\n" not in str(item)
            continue
        rec = Record(item).to_json()
        assert "\n\n\n" not in rec["body"]
        if item.wire is not None:
            s, e = item.wire.span
            assert item.body[s:e].startswith(item.wire.place.split(",")[0])


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80),
        min_size=1,
        max_size=6,
    )
)
def test_text_body_paragraphs_are_clean(paragraphs: list[str]) -> None:
    text = "Headline here\n\n" + "\n\n".join(paragraphs) + "\n"
    for item in read_bytes(text.encode("utf-8"), name="p.txt"):
        if isinstance(item, Article):
            for p in item.body.split("\n\n"):
                assert p and p == " ".join(p.split())


# ---- the header grammar on whole pages ----------------------------------------------------
BODY3 = (
    "The port handled a record number of containers in February, officials said on Tuesday.\n\n"
    "Exports of machinery and electronics rose fastest, the customs office said.\n\n"
    "Officials expect the growth to continue through the spring."
)


def _read(text: str) -> Article:
    (art,) = list(read_bytes(text.encode("utf-8"), name="page.txt"))
    assert isinstance(art, Article), art
    return art


def test_text_outlet_line_and_byline_after_the_stamp() -> None:
    art = _read(f"Port sets record\n\n2021-03-02 06:22:58 GMT\n\nHarbour Daily News\n\nChen Lu\n\n{BODY3}\n")
    assert (art.title, art.source, art.authors) == ("Port sets record", "Harbour Daily News", ("Chen Lu",))
    assert art.body == BODY3


def test_text_pipe_meta_line_and_outlet_zone_for_a_zoneless_stamp() -> None:
    art = _read(f"Port sets record\n\nSource: Xinhua| 2019-10-26 18:55:22|Editor: Li Wei\n\n{BODY3}\n")
    rec = Record(art).to_json()
    assert (art.source, art.authors) == ("Xinhua", ("Li Wei",))
    assert rec["published"] == "2019-10-26T10:55:22Z"  # Xinhua prints Beijing time
    assert rec["published_local"] == "2019-10-26T18:55:22+08:00"
    assert "Asia/Shanghai" in rec["published_evidence"]


def test_text_agency_byline_is_a_credit_not_an_author() -> None:
    art = _read(
        f"Port sets record\n\nBy ERIC TUCKER Associated Press\n\nMarch 2, 2021 6:05 PM EST\n\n{BODY3}\n"
    )
    assert art.authors == ("ERIC TUCKER",)
    assert art.credit == "Associated Press" and art.source == "Associated Press"
    art = _read(f"Port sets record\n\nBy Reuters | Staff Reporter\n\nMarch 2, 2021 6:05 PM EST\n\n{BODY3}\n")
    assert art.authors == () and art.credit == "Reuters"


def test_text_browser_chrome_is_not_the_headline() -> None:
    chrome = "Skip to content\nSign in\nSubscribe\nHome | World | Business | Sport\nWe use cookies to improve your experience. Accept cookies\nWorld\n"
    tail = "\nRelated\nStorm closes schools in the north\nMost read\nMarkets rally as oil eases\nShare this article\n© 2021 Harbour Media"
    art = _read(f"{chrome}Port sets record as exports climb\nBy Jane Doe\n2 March 2021\n{BODY3}\n{tail}\n")
    assert art.title == "Port sets record as exports climb"
    assert art.authors == ("Jane Doe",)
    assert art.body == BODY3


def test_text_standfirst_without_full_stop_is_the_standfirst() -> None:
    art = _read(
        "Port sets record\n\nExports of machinery led a rise in container traffic at the harbour\n\n"
        f"Claire Dubois in Paris\n\nTue 2 Mar 2021 14.45 GMT\n\n{BODY3}\n"
    )
    assert art.title == "Port sets record"
    assert art.standfirst == "Exports of machinery led a rise in container traffic at the harbour"
    assert art.body == BODY3
    assert art.authors == ("Claire Dubois",)
    assert Record(art).to_json()["standfirst"] == art.standfirst


def test_text_stamp_printed_above_the_headline() -> None:
    art = _read(f"2021.03.02 18:33 GMT+8\n\nPort sets record\n\nUpdated 2021.03.02 20:49 GMT+8\n\n{BODY3}\n")
    assert art.title == "Port sets record"
    assert Record(art).to_json()["published"] == "2021-03-02T10:33:00Z"


def test_text_chinese_and_japanese_short_paragraphs_are_body() -> None:
    zh = "港口货运量创新高\n\n2021-03-02 09:30:12 来源：新华网\n\n港口货运量创新高。\n\n出口增长较快。\n\n预计将继续增长。\n\n记者：王晓雨\n"
    art = _read(zh)
    assert art.body.split("\n\n") == ["港口货运量创新高。", "出口增长较快。", "预计将继续增长。"]
    assert art.source == "新华网" and art.authors == ("王晓雨",)
    ja = "港の取扱量が過去最高に\n\n2021年3月2日 14:45\n\n取扱量が増えた。\n\n輸出が伸びた。\n"
    art = _read(ja)
    assert art.body.split("\n\n") == ["取扱量が増えた。", "輸出が伸びた。"]


# ---- property: the same header pieces in any order, on one line or several -----------------
_STAMPS = [
    ("2021-03-02 14:45 GMT", "2021-03-02T14:45:00Z"),
    ("March 2, 2021 9:45 AM EST", "2021-03-02T14:45:00Z"),
    ("Updated: Mar 2, 2021, 20:15 IST", "2021-03-02T14:45:00Z"),
    ("02.03.2021 15:45 CET", "2021-03-02T14:45:00Z"),
]
_OUTLETS = ["Harbour Daily News", "The Riverside Gazette", "Reuters", "Xinhua", "Sina English"]
_BYLINES = [
    ("By Jane Doe", ("Jane Doe",)),
    ("By Anna Kowalski and Rafael Santos", ("Anna Kowalski", "Rafael Santos")),
    ("Editor: Li Wei", ("Li Wei",)),
    ("Chen Lu", ("Chen Lu",)),
    (None, ()),
]


@settings(max_examples=150, deadline=None)
@given(
    stamp=st.sampled_from(_STAMPS),
    outlet=st.sampled_from(_OUTLETS),
    labelled=st.booleans(),
    byline=st.sampled_from(_BYLINES),
    joined=st.sampled_from([None, " | ", " - ", " · ", "  "]),
    order=st.permutations([0, 1, 2]),
    blank=st.booleans(),
    furniture=st.booleans(),
)
def test_text_header_pieces_in_any_order(
    stamp, outlet, labelled, byline, joined, order, blank, furniture
) -> None:
    stamp_text, instant = stamp
    byline_text, people = byline
    outlet_text = f"Source: {outlet}" if labelled else outlet
    if joined is not None:  # stamp and outlet on one line; a bare name always on its own line
        pieces = [joined.join([outlet_text, stamp_text] if order[0] == 0 else [stamp_text, outlet_text])]
    else:
        pieces = [outlet_text, stamp_text]
        pieces = [pieces[i] for i in sorted(range(2), key=lambda i: order[i])]
    if byline_text:
        at = order[2] % (len(pieces) + 1)
        pieces.insert(at, byline_text)
    sep = "\n\n" if blank else "\n"
    top = "Share\nPrint\n" if furniture else ""
    bottom = "\n\nShare this article\nAdd Comment\n" if furniture else "\n"
    art = _read(f"{top}Port sets record as exports climb{sep}{sep.join(pieces)}{sep}{BODY3}{bottom}")
    assert art.title == "Port sets record as exports climb"
    assert Record(art).to_json()["published"] == instant
    assert art.source == outlet
    assert art.authors == people
    assert art.body == BODY3


# ---- standfirst, stamps without a year, wire agencies, closing lines, desks -----------------
@pytest.mark.parametrize(
    "standfirst",
    [
        "Exports of machinery led the rise, the customs office said.",
        "Exports of machinery led the rise. Officials expect more in spring.",  # two sentences
    ],
)
@pytest.mark.parametrize("header", ["By Jane Doe\n\nMarch 2, 2021 6:05 AM UTC", "By Jane Doe"])
def test_text_standfirst_between_headline_and_header(standfirst: str, header: str) -> None:
    art = _read(f"Port sets record\n\n{standfirst}\n\n{header}\n\n{BODY3}\n")
    assert art.title == "Port sets record"
    assert art.standfirst == standfirst
    assert art.body == BODY3
    assert art.authors == ("Jane Doe",)


def test_text_sentence_after_the_header_is_body_not_standfirst() -> None:
    art = _read(f"Port sets record\n\nBy Jane Doe\n\nMarch 2, 2021 6:05 AM UTC\n\n{BODY3}\n")
    assert art.standfirst is None and art.body == BODY3


@pytest.mark.parametrize(
    "stamp", ["21 NOV, 18:55", "Nov 21, 18:55", "11月21日 18:55", "Updated Nov 21, 0622 GMT"]
)
def test_text_stamp_without_a_year_is_a_header_line(stamp: str) -> None:
    art = _read(f"Port sets record\n\n{stamp}\n\n{BODY3}\n")
    assert art.title == "Port sets record" and art.body == BODY3
    assert art.published is None
    assert art.published_evidence is not None and "no year printed" in art.published_evidence


def test_text_stamp_without_a_year_is_never_the_headline() -> None:
    art = _read(f"Nov 21, 18:55\n\nPort sets record\n\n{BODY3}\n")
    assert art.title == "Port sets record" and art.body == BODY3


def test_text_stamp_without_a_year_takes_the_year_of_the_header() -> None:
    art = _read(f"Tuesday, 21 November 2023\n\nPort sets record\n\nNov 21, 18:55 GMT\n\n{BODY3}\n")
    assert Record(art).to_json()["published"] == "2023-11-21T18:55:00Z"


@pytest.mark.parametrize(
    ("opening", "place", "agency"),
    [
        ("MOSCOW, November 21. /TASS/. ", "MOSCOW", "TASS"),
        ("SEOUL, Nov. 21 (Yonhap) -- ", "SEOUL", "Yonhap"),
        ("TOKYO (Kyodo) -- ", "TOKYO", "Kyodo"),
        ("PUNE: ", "PUNE", None),
    ],
)
def test_text_wire_agency_is_the_source_when_no_outlet_is_named(
    opening: str, place: str, agency: str | None
) -> None:
    art = _read(f"Port sets record\n\nNov 21, 2023 18:55 GMT\n\n{opening}{BODY3}\n")
    assert art.wire is not None and (art.wire.place, art.wire.agency) == (place, agency)
    assert art.source == agency
    assert art.body.startswith(opening.strip())


@pytest.mark.parametrize(
    "first_line",
    [
        "BRUSSELS (AP) — Top-seeded Americans Andy Roddick and Andre Agassi",
        "SEOUL, Nov. 21 (Yonhap) -- South Korea and Japan",
        "LONDON (Reuters) - Britain's top court",
    ],
)
def test_a_hard_wrapped_body_opening_with_a_wire_dateline_is_body(first_line: str) -> None:
    """A syndicated copy whose lines were wrapped again: the first line (an agency in
    brackets and names after it) is the body's, not an outlet and a byline."""
    rest = "reached the quarter-finals of the indoor tournament on Thursday, both\nwinning in straight sets."
    art = _read(
        f"Agassi and Roddick lead US charge\n\nCity Tribune | 2005-02-10 14:00 GMT\n\n{first_line}\n{rest}\n"
    )
    assert art.source == "City Tribune" and art.wire is not None
    assert art.body.startswith(first_line + " reached")


@pytest.mark.parametrize(
    "closing",
    [
        "___\n\nAssociated Press writer Jim Hill contributed from Denver.",
        "Jane Roe in Boston contributed to this report.",
        "---\n\nAdditional reporting by Reuters",
        "* * *\n\nThis story has been corrected to show the port's name.",
        "- - - - -",
    ],
)
def test_text_rules_and_taglines_close_the_article(closing: str) -> None:
    art = _read(f"Port sets record\n\nBy Jane Doe\n\nMarch 2, 2021 6:05 AM UTC\n\n{BODY3}\n\n{closing}\n")
    assert art.body == BODY3
    assert art.source is None and art.authors == ("Jane Doe",)  # a contributor is no author, no outlet


def test_text_last_paragraph_about_contributing_stays() -> None:
    last = "Officials said the cold weather contributed to the delays."
    art = _read(f"Port sets record\n\nBy Jane Doe\n\nMarch 2, 2021 6:05 AM UTC\n\n{BODY3}\n\n{last}\n")
    assert art.body.endswith(last)


@pytest.mark.parametrize(
    ("meta", "source", "credit"),
    [
        ("TIMESOFINDIA.COM | TOI City Desk", "TIMESOFINDIA.COM", "TOI City Desk"),
        ("ECONOMICTIMES.COM | ET Bureau", "ECONOMICTIMES.COM", "ET Bureau"),
        ("Sina.com | Sina English Desk", "Sina.com", "Sina English Desk"),
        (
            "Global Sports Desk",
            "Global Sports Desk",
            None,
        ),  # a desk the outlets table does not know: the outlet
    ],
)
def test_text_domain_outlet_and_desk_credit(meta: str, source: str, credit: str | None) -> None:
    art = _read(f"Port sets record\n\n{meta} | 2023-11-21 18:55:00\n\n{BODY3}\n")
    assert (art.source, art.credit) == (source, credit)
    assert art.body == BODY3


def test_text_cjk_subtitle_is_the_standfirst() -> None:
    art = _read(
        "港口货运量创新高\n\n一季度外贸集装箱吞吐量同比增长两成以上\n\n2021-03-02 09:30:12 来源：新华网\n\n"
        "港口货运量创新高。\n\n出口增长较快。\n"
    )
    assert art.title == "港口货运量创新高"
    assert art.standfirst == "一季度外贸集装箱吞吐量同比增长两成以上"
    assert art.body.split("\n\n") == ["港口货运量创新高。", "出口增长较快。"]


# ---- allow_empty: a page without article text is an Article with body "" ----------------
@pytest.mark.parametrize(
    "text",
    [
        "Harbour strike talks collapse\nBy Jane Marlow\nNovember 21, 2023 6:40 PM GMT\n",
        "Harbour strike talks collapse\nThe Guardian | November 21, 2023\n\nAdvertisement\n",
        "November 21, 2023 6:40 PM GMT\nHarbour strike talks collapse\n",
    ],
)
def test_allow_empty_gives_the_headline_and_an_empty_body(text: str) -> None:
    art = read_text(text, allow_empty=True)
    assert art.body == ""
    assert art.title == "Harbour strike talks collapse"
    assert art.published is not None


@pytest.mark.parametrize("text", ["Advertisement\nShare\n", "Add Comment\n"])
def test_allow_empty_page_of_only_furniture(text: str) -> None:
    with pytest.raises(ParseError, match="only page furniture"):
        read_text(text)
    art = read_text(text, allow_empty=True)
    assert art.body == "" and art.title is None


@pytest.mark.parametrize(
    "head",
    [
        "Harbour strike talks collapse\nBy Jane Marlow\nNovember 21, 2023 6:40 PM GMT\n",
        "Harbour strike talks collapse as the union rejects the port's latest offer\n"
        "By Jane Marlow | November 21, 2023 6:40 PM GMT\n",
    ],
)
def test_allow_empty_never_makes_a_lone_headline_the_body(head: str) -> None:
    try:
        default = read_text(head)  # unchanged: refused, or the headline taken for the body
        assert default.title is None and default.body == head.split("\n")[0]
    except ParseError as err:
        assert "only page furniture" in str(err) or "no body text" in str(err)
    art = read_text(head, allow_empty=True)
    assert art.body == "" and art.title and art.title.startswith("Harbour strike")
    assert art.authors == ("Jane Marlow",)
    assert read_text(head + "\n" + BODY, allow_empty=True) == read_text(head + "\n" + BODY)


# ---- newspaper-export header lines: unknown labels, outlets with their city -------------
NEXIS_HEAD = "{outlet}\nNovember 21, 2023 Tuesday 6:40 PM GMT\nFinal Edition\n\nHarbour strike talks collapse\n\n{meta}\n\n"


@pytest.mark.parametrize(
    ("outlet", "source"),
    [
        ("The Guardian (London)", "The Guardian"),
        ("The Times (London)", "The Times"),
        ("Daily Mail (London)", "Daily Mail"),
    ],
)
@pytest.mark.parametrize(
    "meta",
    [
        "Byline: Jane Marlow\nEdition: Final\nPage: A12",
        "BYLINE: Jane Marlow\nJob Number: 212345678\nDateline: LONDON",
        "Section: NEWS; Pg. 12\nByline: Jane Marlow\nPublication-Type: Newspaper",
    ],
)
def test_nexis_header_label_lines_and_outlet_city(outlet: str, source: str, meta: str) -> None:
    art = read_text(NEXIS_HEAD.format(outlet=outlet, meta=meta) + BODY)
    assert art.title == "Harbour strike talks collapse"
    assert art.source == source
    assert art.authors == ("Jane Marlow",)
    assert art.body == BODY
    assert art.published is not None and art.published.hour == 18


@pytest.mark.parametrize(
    ("header", "source", "authors"),
    [
        ("Lloyd's List\n20 November 2023\nBy Jane Marlow", "Lloyd's List", ("Jane Marlow",)),
        (
            "By Daniel Ortiz, Stars and Stripes\nPublished: November 20, 2023",
            "Stars and Stripes",
            ("Daniel Ortiz",),
        ),
        ("Hürriyet Daily News\n20 November 2023\nDateline: ISTANBUL", "Hürriyet Daily News", ()),
    ],
)
def test_name_shaped_outlet_is_the_source_not_an_author(
    header: str, source: str, authors: tuple[str, ...]
) -> None:
    art = read_text(f"Container rates slip for a third week\n{header}\n\n{BODY}")
    assert art.source == source
    assert art.authors == authors
    assert art.body == BODY


@pytest.mark.parametrize(
    "line",
    [
        "Related Subjects Germany, European Union",
        "Related topics: Energy, Climate",
        "Related coverage: Storm hits coast",
    ],
)
def test_related_topic_lines_are_furniture_not_outlets(line: str) -> None:
    text = f"Rail freight rules agreed\n\nDate 21.11.2023\nAuthor Anna Schmidt\n{line}\n\n{BODY}\n"
    art = read_text(normalize_text(text))
    assert art.source is None and art.authors == ("Anna Schmidt",)
    assert "Related" not in art.body and art.body.startswith("The council voted")
