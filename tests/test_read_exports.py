"""Many articles in one file: export layouts detected by evidence, split, metadata read."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from dateline.errors import InputError
from dateline.models import Article, iso_local, iso_utc
from dateline.read import read_bytes
from dateline.read.decode import normalize_text
from dateline.read.exports import detect, parse_byline_credit, read_export
from dateline.read.headlines import NO_TEXT

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "eval" / "dumps" / "exports"
CORPUS = ROOT / "examples" / "corpus"

PARA = (
    "The council voted on Monday to extend the night bus service to the eastern suburbs, "
    "officials said, after a campaign by shift workers that lasted more than a year."
)


def _nexis(title: str, *, body: str = PARA, byline: str = "Byline: Jane Doe") -> str:
    return (
        f"{title}\n\nThe Daily Example\nMay 13, 2019 Monday 6:22 AM GMT\n\n"
        f"Copyright 2019 Example Ltd\n\nSection: NEWS; Pg. 4\nLength: 412 words\n{byline}\n\n"
        f"Body\n\n{body}\n\nClassification\n\nLanguage: ENGLISH\n\nLoad-Date: May 14, 2019\n\n"
        "End of Document\n\n"
    )


def _articles(text: str, origin: str = "f.txt") -> list[Article | InputError]:
    return list(read_export(normalize_text(text), origin=origin))


def test_exports_nexis_split_and_metadata_out_of_the_body() -> None:
    text = _nexis("Night buses extended") + _nexis("Second story", byline="Byline: John Roe, Reuters")
    assert detect(text) == "nexis"
    first, second = _articles(text)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.origin == "f.txt#1" and second.origin == "f.txt#2"
    assert first.title == "Night buses extended"
    assert first.source == "The Daily Example"
    assert iso_utc(first.published) == "2019-05-13T06:22:00Z"
    assert first.section == "NEWS" and first.length == 412 and first.authors == ("Jane Doe",)
    assert first.body == PARA
    assert second.authors == ("John Roe",) and second.credit == "Reuters"
    for word in ("Load-Date", "Length:", "Classification", "End of Document", "Copyright"):
        assert word not in first.body


def test_exports_one_bad_article_is_an_error_value_naming_its_position() -> None:
    broken = "Section: NEWS\nLength: 0 words\n\nBody\n\nEnd of Document\n\n"  # no headline, no date, no text
    text = _nexis("First") + broken + _nexis("Third")
    got = _articles(text)
    assert [type(g).__name__ for g in got] == ["Article", "ParseError", "Article"]
    assert isinstance(got[1], InputError) and got[1].path == "f.txt#2"
    assert isinstance(got[2], Article) and got[2].title == "Third"


def test_exports_article_with_metadata_and_no_text_is_a_record_not_analysed() -> None:
    text = _nexis("First") + _nexis("Tide tables for the week", body="") + _nexis("Third")
    first, empty, third = _articles(text)
    assert isinstance(empty, Article) and empty.origin == "f.txt#2"
    assert empty.body == "" and empty.skip_reason == "no article text (headline and metadata only)"
    assert empty.title == "Tide tables for the week" and empty.source == "The Daily Example"
    assert iso_utc(empty.published) == "2019-05-13T06:22:00Z" and empty.authors == ("Jane Doe",)
    assert isinstance(first, Article) and first.skip_reason is None and first.body == PARA
    assert isinstance(third, Article) and third.title == "Third"


CLASSIC = """
                               1 of 2 DOCUMENTS

                              The Example Herald

                            January 11, 2010 Monday
                                  Final Edition

Council freezes tax for a second
year

BYLINE: Peter Hollis, Local Government Correspondent

SECTION: NEWS; Pg. 12

LENGTH: 131 words


The borough council has frozen its share of the council tax for a second
year running, but its finance chief warned that reserves would run out.

Councillors voted by 34 to 20 to approve the budget, which includes cuts
to libraries, parks and road maintenance.

LOAD-DATE: January 12, 2010

LANGUAGE: ENGLISH

                 Copyright 2010 Example Herald Ltd
                              All Rights Reserved

                               2 of 2 DOCUMENTS

                              The Example Herald

                            January 12, 2010 Tuesday

Libraries to close on Mondays

LENGTH: 44 words

Public libraries across the county will close on Mondays from April under a
savings plan approved by councillors last night, the council said.

LOAD-DATE: January 13, 2010
"""


def test_exports_nexis_classic_hard_wrapped() -> None:
    assert detect(CLASSIC) == "nexis-classic"
    first, second = _articles(CLASSIC)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.title == "Council freezes tax for a second year"
    assert first.source == "The Example Herald"
    assert first.authors == ("Peter Hollis",)
    assert first.body.split("\n\n")[0].endswith("reserves would run out.")
    assert first.body.count("\n\n") == 1
    assert "Final Edition" not in first.body and "LOAD-DATE" not in first.body
    assert second.title == "Libraries to close on Mondays" and second.length == 44
    assert iso_utc(second.published) == "2010-01-12T00:00:00Z"


FACTIVA = """HD    Utility raises power prices
BY    By Anna Kowalski
WC    142 words
PD    21 November 2023
ET    05:42
SN    The Example Journal
SC    EXJ
LA    English
CY    Copyright 2023 Example Co.
LP    The largest electricity supplier will raise household prices by 7% from
      January, its second increase this year.
TD    IN THE NORTH of the country, consumer groups said the rise would push
      more families into arrears.
CO    xpower : Example Power Co
IN    i1610109 : Electric Power Generation
RE    pol : Poland
PUB   Example Co.
AN    Document EXJ0000020231121ejbl0000a

HD    Second story
WC    12 words
PD    22 November 2023
SN    The Example Journal
LP    Short lead paragraph of the second story.
AN    Document EXJ0000020231122ejbl0000b
"""


def test_exports_factiva_codes_and_a_body_line_that_looks_like_a_code() -> None:
    assert detect(FACTIVA) == "factiva"
    first, second = _articles(FACTIVA)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.title == "Utility raises power prices"
    assert first.authors == ("Anna Kowalski",) and first.length == 142
    assert iso_utc(first.published) == "2023-11-21T05:42:00Z"
    assert first.body.split("\n\n")[1].startswith("IN THE NORTH of the country")
    assert "i1610109" not in first.body and "Document" not in first.body
    assert second.title == "Second story" and second.body == "Short lead paragraph of the second story."


def test_exports_doc_records_and_trec() -> None:
    docs = (
        '<doc id="1" url="https://www.chinanews.com.cn/a.shtml" title="标题一" time="2023-11-21 13:42:00">\n'
        "第一段。\n第二段。\n</doc>\n"
        '<doc id="2" url="https://example.org/b" title="Title two">\nTitle two\n\n'
        f"{PARA}\n</doc>\n"
    )
    assert detect(docs) == "doc-records"
    one, two = _articles(docs)
    assert isinstance(one, Article) and isinstance(two, Article)
    assert one.title == "标题一" and one.body == "第一段。\n\n第二段。"
    assert one.source == "China News Service"  # by the URL's domain
    assert iso_local(one.published_local) == "2023-11-21T13:42:00+08:00"  # the outlet's zone
    assert two.body == PARA and two.url == "https://example.org/b"
    trec = (
        '<DOC id="APW_ENG_20231123.0315" type="story" >\n<HEADLINE>\nLake ice\n</HEADLINE>\n'
        "<TEXT>\n<P>\nEarly ice on the lake has\nforced the ferry to stop.\n</P>\n<P>\nMail goes by air.\n"
        "</P>\n</TEXT>\n</DOC>\n"
    )
    assert detect(trec) == "trec"
    (art,) = _articles(trec)
    assert isinstance(art, Article)
    assert art.title == "Lake ice" and art.source == "Associated Press"
    assert art.body == "Early ice on the lake has forced the ferry to stop.\n\nMail goes by air."
    assert iso_utc(art.published) == "2023-11-23T00:00:00Z"


def test_exports_wire_dash_runs() -> None:
    story = "-- {t}\n-- By Jane Doe\n-- Published: 2023-11-2{d}T05:42Z\n-- https://wire.example.com/{d}\n\n{p}\n\n"
    text = "".join(story.format(t=f"Story {d}", d=d, p=PARA) for d in (1, 2))
    assert detect(text) == "wire-dash"
    got = _articles(text)
    assert [a.url for a in got if isinstance(a, Article)] == [
        "https://wire.example.com/1",
        "https://wire.example.com/2",
    ]
    assert all(isinstance(a, Article) and a.body == PARA for a in got)


def test_exports_rule_separated_articles() -> None:
    article = "Headline {n}\n\n2024-02-1{n} 08:30 GMT\n\n{p}\n\n{p}\n"
    text = "\n==========\n\n".join(article.format(n=n, p=PARA) for n in (1, 2, 3))
    assert detect(text) == "wire-rules"
    got = _articles(text)
    assert [a.title for a in got if isinstance(a, Article)] == ["Headline 1", "Headline 2", "Headline 3"]


@pytest.mark.parametrize(
    "text",
    [
        # one article, a rule line before its footer
        f"Headline\n\n2024-02-10 08:30 GMT\n\n{PARA}\n\n----------\n\nRelated: another story\n",
        # one article with section breaks inside it
        f"Headline\n\n2024-02-10 08:30 GMT\n\n{PARA}\n\n* * *\n\n{PARA}\n\n* * *\n\n{PARA}\n",
        # one wire story with its '-- ' header run
        f"-- Headline\n-- By Jane Doe\n-- Published: 2023-11-21T05:42Z\n\n{PARA}\n",
        # prose mentioning export words
        f"Headline\n\n{PARA} The End of Document was signed. Length: 12 words. Section: A.\n",
        # a rule before a box of related stories with their dates
        f"Headline\n\n2024-02-10 08:30 GMT\n\n{PARA}\n\n----------\n\nRelated stories\n"
        f"Buses return to rural routes\n2024-02-09 10:00 GMT\n{PARA}\n",
        # a rule between an article and a second block that is not an article
        f"Headline\n\n2024-02-10 08:30 GMT\n\n{PARA}\n\n=====\n\nBy the way, {PARA}\n",
    ],
)
def test_exports_single_articles_are_never_split(text: str) -> None:
    assert detect(normalize_text(text)) is None


def test_exports_corpus_text_dumps_are_not_exports() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_bytes().decode("utf-8", "replace")
        assert detect(normalize_text(text)) is None, path.name


@pytest.mark.parametrize(
    ("value", "people", "credit"),
    [
        ("By Jane Doe in Lisbon", ("Jane Doe",), None),
        ("Jane Doe, Reuters", ("Jane Doe",), "Reuters"),
        ("Associated Press", (), "Associated Press"),
        ("Peter Hollis, Local Government Correspondent", ("Peter Hollis",), None),
        ("By Sarah Wells and David Kemp", ("Sarah Wells", "David Kemp"), None),
        ("Our Foreign Staff", (), "Our Foreign Staff"),
        ("JANE DOE; AFP", ("JANE DOE",), "Agence France-Presse"),
        ("By ERIC TUCKER Associated Press", ("ERIC TUCKER",), "Associated Press"),
        ("Jane Doe Reuters", ("Jane Doe",), "Reuters"),
        ("By Jonathan Hill", ("Jonathan Hill",), None),
        ("By JANE DOE and JOHN ROE; Staff Writers", ("JANE DOE", "JOHN ROE"), None),
        ("By JANE DOE Financial Correspondent", ("JANE DOE",), None),
        ("Mary Ann Smith", ("Mary Ann Smith",), None),
    ],
)
def test_exports_byline_people_and_credit(value: str, people: tuple[str, ...], credit: str | None) -> None:
    assert parse_byline_credit(value) == (people, credit)


def test_exports_read_bytes_yields_each_article_and_plain_dumps_stay_one() -> None:
    text = _nexis("One") + _nexis("Two")
    got = list(read_bytes(text.replace("\n", "\r\n").encode(), name="x.txt"))
    assert [a.origin for a in got if isinstance(a, Article)] == ["x.txt#1", "x.txt#2"]
    plain = f"Headline\n\n2024-02-10 08:30 GMT\n\n{PARA}\n".encode()
    (one,) = list(read_bytes(plain, name="p.txt"))
    assert isinstance(one, Article) and one.origin == "p.txt"


def test_exports_large_file_is_linear() -> None:
    """A multi-megabyte export is split in seconds (parsers scan lines once)."""
    one = _nexis("Story", body="\n\n".join([PARA] * 20))
    small, big = normalize_text(one * 50), normalize_text(one * 500)
    start = time.perf_counter()
    assert len(list(read_export(small, origin="s"))) == 50
    t_small = time.perf_counter() - start
    start = time.perf_counter()
    assert len(list(read_export(big, origin="b"))) == 500
    t_big = time.perf_counter() - start
    assert len(big) > 1_500_000
    assert t_big < 25 * max(t_small, 0.05)  # 10× the input, far from 100× the time


def _truth() -> dict[str, list[dict]]:
    return json.loads((DEV / "truth.json").read_text(encoding="utf-8"))["files"]


# The layouts whose metadata exports.py reads itself; the others hand their header to
# read_text (its header grammar is tested with the text-dump dev set).
OWN_HEADER = {"nexis", "nexis-classic", "nexis-list", "factiva", "factiva-article", "trec", "proquest"}


@pytest.mark.parametrize("name", sorted(_truth()))
def test_exports_dev_set(name: str) -> None:
    expected = _truth()[name]
    raw = (DEV / name).read_bytes()
    for data in (raw, raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")):
        got = list(read_bytes(data, name=name))
        assert len(got) == len(expected)
        for n, (want, art) in enumerate(zip(expected, got, strict=True), 1):
            assert isinstance(art, Article), art
            # one headline with metadata and no text is the file's only record: no "#n"
            assert art.origin == (name if want["style"] == "headline-only" else f"{name}#{n}")
            assert art.title == want["title"]
            assert art.body.startswith(want["body_start"]) and art.body.endswith(want["body_end"])
            assert (art.body.count("\n\n") + 1 if art.body else 0) == want["paragraphs"]
            # no text: stored with the reason, not analysed
            assert (art.skip_reason == NO_TEXT) == (want["paragraphs"] == 0)
            assert not [w for w in want.get("without", []) if w in art.body]
            if want["style"] in OWN_HEADER:
                assert iso_utc(art.published) == want["published"]
                if "published_local" in want:
                    assert iso_local(art.published_local) == want["published_local"]
                assert art.source == want["source"]
                assert list(art.authors) == want["authors"]
                for key in ("section", "length", "credit"):
                    if key in want:
                        assert getattr(art, key) == want[key], key


def test_exports_dev_set_size() -> None:
    truth = _truth()
    assert len({a["style"] for arts in truth.values() for a in arts}) >= 3
    assert len(truth) >= 4 and sum(len(a) for a in truth.values()) >= 15


def test_exports_one_nexis_article_saved_alone() -> None:
    text = _nexis("Alone").replace("End of Document\n", "")
    assert detect(text) == "nexis"
    (art,) = _articles(text)
    assert isinstance(art, Article) and art.title == "Alone" and art.body == PARA


def test_exports_label_words_inside_a_body_are_prose() -> None:
    uni = _nexis("Interview", body=f"{PARA}\n\nSubject: the new timetable, she said.\n\n{PARA}")
    (art,) = _articles(uni + _nexis("Other"))[:1]
    assert isinstance(art, Article) and art.body.count("\n\n") == 2
    classic = CLASSIC.replace(
        "to libraries, parks and road maintenance.",
        "to libraries, parks and road maintenance.\n\nSubject: the budget, she said.",
    )
    first = _articles(classic)[0]
    assert isinstance(first, Article) and first.body.endswith("Subject: the budget, she said.")


def test_exports_page_footers_are_not_text() -> None:
    text = FACTIVA.replace(
        "TD    IN THE NORTH", "Page 1 of 2 © 2023 Factiva, Inc. All rights reserved.\nTD    IN THE NORTH"
    )
    first = _articles(text)[0]
    assert isinstance(first, Article) and "Factiva, Inc." not in first.body


@pytest.mark.parametrize(
    ("head", "title", "authors", "credit", "section"),
    [
        ("Dairy farmers cut herds\nClaire Dubois", "Dairy farmers cut herds", ("Claire Dubois",), None, None),
        ("Farm Economy\nDairy farmers cut herds", "Dairy farmers cut herds", (), None, "Farm Economy"),
        ("World News\nFed Holds Rates", "Fed Holds Rates", (), None, "World News"),
        ("Dairy farmers cut herds\nReuters", "Dairy farmers cut herds", (), "Reuters", None),
        ("Opinion\nWhy we must act\nBy Jane Roe", "Why we must act", ("Jane Roe",), None, "Opinion"),
    ],
)
def test_exports_factiva_article_header_lines(
    head: str, title: str, authors: tuple[str, ...], credit: str | None, section: str | None
) -> None:
    one = f"{head}\n120 words\n14 March 2024\nThe Example Times\nEXT\nEnglish\nCopyright 2024 Example.\n\n{PARA}\n\n"
    text = (one + "Document EXT0000020240314ek3e0000b\n\n") * 2
    assert detect(text) == "factiva-article"
    art = _articles(text)[0]
    assert isinstance(art, Article)
    assert (art.title, art.authors, art.credit, art.section) == (title, authors, credit, section)
    assert art.source == "The Example Times" and art.body == PARA and art.language == "en"


def test_exports_old_classic_headline_and_body_labels() -> None:
    text = (
        "1 of 2 DOCUMENTS\n\nThe Example Herald\n\nJune 3, 2004, Thursday\n\n"
        f"HEADLINE: Council freezes tax\n\nBYLINE: PETER HOLLIS\n\nLENGTH: 131 words\n\nBODY:\n\n{PARA}\n\n"
        "LOAD-DATE: June 4, 2004\n\n2 of 2 DOCUMENTS\n\nThe Example Herald\n\nJune 4, 2004, Friday\n\n"
        f"HEADLINE: Libraries to close\n\nLENGTH: 44 words\n\nBODY:\n\n{PARA}\n\nLOAD-DATE: June 5, 2004\n"
    )
    assert detect(text) == "nexis-classic"
    first, second = _articles(text)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.title, first.authors, first.body) == ("Council freezes tax", ("PETER HOLLIS",), PARA)
    assert second.title == "Libraries to close" and second.body == PARA


def test_exports_trec_indented_paragraphs_and_doc_html() -> None:
    trec = (
        "<DOC>\n<DOCNO> AP880212-0001 </DOCNO>\n<HEAD>Officials released</HEAD>\n<BYLINE>By CHRIS BAKER</BYLINE>\n"
        "<TEXT>\n   More than 150 former officers were\nreleased from camps, state radio said.\n"
        "   The radio said the men would return\nhome this week.\n</TEXT>\n</DOC>\n"
    )
    (art,) = _articles(trec)
    assert isinstance(art, Article)
    assert art.body == (
        "More than 150 former officers were released from camps, state radio said.\n\n"
        "The radio said the men would return home this week."
    )
    assert art.source == "Associated Press" and iso_utc(art.published) == "1988-02-12T00:00:00Z"
    assert art.authors == ("CHRIS BAKER",)
    doc = '<doc id="9" url="https://example.org/x" title="T">\n<p>First para.</p><p>Second para here.</p>\n</doc>\n'
    (rec,) = _articles(doc)
    assert isinstance(rec, Article) and rec.body == "First para.\n\nSecond para here."


def test_exports_jsonl_section_length_credit_keys() -> None:
    lines = [
        {"title": "A", "text": PARA, "section": "World", "word_count": "1,204 words", "credit": "AP"},
        {"title": "B", "text": PARA, "category": ["Business", "Markets"], "length": 412},
        {"title": "C", "text": PARA, "wire": True, "length": "n/a"},
    ]
    data = "\n".join(json.dumps(x) for x in lines).encode()
    a, b, c = list(read_bytes(data, name="f.jsonl"))
    assert isinstance(a, Article) and (a.section, a.length, a.credit) == ("World", 1204, "AP")
    assert isinstance(b, Article) and (b.section, b.length, b.credit) == ("Business", 412, None)
    assert isinstance(c, Article) and (c.section, c.length, c.credit) == (None, None, None)


def test_exports_xml_declaration_before_records() -> None:
    text = f'<?xml version="1.0" encoding="utf-8"?>\n<doc id="1" title="T">\n{PARA}\n</doc>\n'
    assert detect(text) == "doc-records"


@pytest.mark.parametrize(
    ("printed", "source"),
    [
        ("The Times (London)", "The Times"),
        ("Financial Times (London, England)", "Financial Times"),
        ("NYTimes.com", "The New York Times"),
        ("The Example Herald", "The Example Herald"),
    ],
)
def test_exports_publication_names(printed: str, source: str) -> None:
    from dateline.read.exports import _source

    assert _source(printed) == source


def test_exports_nexis_header_order_read_from_the_lines() -> None:
    """A Nexis article that prints the publication first (classic order) without the
    'N of M DOCUMENTS' separator still gets its title from below the date line."""
    text = (
        "The Example Herald\n\nJanuary 12, 2010 Tuesday\n\nLibraries to close on Mondays\n\n"
        f"Length: 44 words\nByline: Jane Doe\n\nBody\n\n{PARA}\n\nLoad-Date: January 13, 2010\n\nEnd of Document\n"
    )
    assert detect(text) == "nexis"
    (art,) = _articles(text)
    assert isinstance(art, Article)
    assert (art.title, art.source, art.body) == ("Libraries to close on Mondays", "The Example Herald", PARA)


def test_exports_zoneless_record_time_is_never_a_silent_utc() -> None:
    text = (
        '<doc id="1" url="https://unknown.example/a" title="A" time="2023-11-21 13:42:00">\n'
        f"{PARA}\n</doc>\n"
        '<doc id="2" url="https://unknown.example/b" title="B" time="2023-11-21 13:42:00" source="新华网">\n'
        f"{PARA}\n</doc>\n"
    )
    a, b = _articles(text)
    assert isinstance(a, Article) and isinstance(b, Article)
    assert iso_local(a.published_local) == "2023-11-21T13:42:00"  # naive: the zone is unknown
    assert a.published_evidence is not None and "zone unknown" in a.published_evidence
    assert b.source == "Xinhua" and iso_utc(b.published) == "2023-11-21T05:42:00Z"
    assert b.published_evidence is not None and "Asia/Shanghai" in b.published_evidence


def test_exports_wire_dateline_reported_and_kept_in_the_body() -> None:
    body = f"LISBON, Nov 21 (Reuters) - {PARA}"
    (art,) = _articles(_nexis("Wire story", body=body))[:1]
    assert isinstance(art, Article) and art.body == body
    assert art.wire is not None and (art.wire.place, art.wire.agency) == ("LISBON", "Reuters")


def test_exports_articles_one_a_page_split_at_form_feeds() -> None:
    import gzip

    article = "Headline {n}\n\n2024-02-1{n} 08:30 GMT\n\n{p}\n\n{p}\n"
    text = "\f".join(article.format(n=n, p=PARA) for n in (1, 2, 3))
    for data in (text.encode(), gzip.compress(text.encode())):
        got = list(read_bytes(data, name="paged.txt"))
        assert [a.title for a in got if isinstance(a, Article)] == ["Headline 1", "Headline 2", "Headline 3"]
        assert all(isinstance(a, Article) and "----" not in a.body for a in got)
    # one article with page breaks inside it stays one article, without the breaks
    one = f"Headline\n\n2024-02-10 08:30 GMT\n\n{PARA}\f{PARA}\n"
    (art,) = list(read_bytes(one.encode(), name="one.txt"))
    assert isinstance(art, Article) and "----" not in art.body


def _rtf(paragraphs: list[str]) -> str:
    body = "".join(f"{{\\pard\\plain\\f0\\fs24 {p}\\par}}\n" for p in paragraphs)
    return (
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman Times New Roman;}}"
        "{\\colortbl;\\red0\\green0\\blue0;}{\\info{\\title Export}{\\author Nexis}}"
        "{\\header \\pard Page \\chpgn  of 4\\par}{\\*\\generator Example RTF 1.0;}\n" + body + "}"
    )


def test_exports_rtf_export_read_as_its_text() -> None:
    from dateline.read.rtf import rtf_to_text

    article = [
        "Caf\\'e9 owners win rates relief",
        "",
        "The Daily Example",
        "May 13, 2019 Monday 6:22 AM GMT",
        "Length: 412 words",
        "Byline: Jane Doe",
        "Body",
        "Owners of the town\\u8217?s caf\\'e9s won a cut in business rates on Monday, the "
        'council said, after a campaign {\\field{\\*\\fldinst HYPERLINK "https://x.example"}'
        "{\\fldrslt led by traders}} that lasted more than a year.",
        "Load-Date: May 14, 2019",
        "End of Document",
    ]
    rtf = _rtf(article * 2)
    text = rtf_to_text(rtf)
    assert "Times New Roman" not in text and "Page" not in text and "Example RTF" not in text
    assert "town’s cafés" in text and "led by traders" in text and "HYPERLINK" not in text
    got = list(read_bytes(rtf.encode("ascii"), name="nexis.rtf"))
    assert [a.origin for a in got if isinstance(a, Article)] == ["nexis.rtf#1", "nexis.rtf#2"]
    first = got[0]
    assert isinstance(first, Article) and first.title == "Café owners win rates relief"
    assert first.body.startswith("Owners of the town’s cafés won a cut") and first.length == 412


def test_exports_rtf_is_linear() -> None:
    from dateline.read.rtf import rtf_to_text

    small, big = _rtf([PARA] * 500), _rtf([PARA] * 5000)
    start = time.perf_counter()
    rtf_to_text(small)
    t_small = time.perf_counter() - start
    start = time.perf_counter()
    assert rtf_to_text(big).count(PARA) == 5000
    assert time.perf_counter() - start < 25 * max(t_small, 0.02)


def _docx(paragraphs: list[str], header: str = "Page 1 of 4") -> bytes:
    import io
    import zipfile
    from xml.sax.saxutils import escape

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = "".join(
        f'<w:p><w:pPr><w:spacing w:after="160"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>'
        if p
        else "<w:p/>"
        for p in paragraphs
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "word/document.xml", f"<?xml version='1.0'?><w:document {ns}><w:body>{body}</w:body></w:document>"
        )
        z.writestr("word/header1.xml", f"<w:hdr {ns}><w:p><w:r><w:t>{header}</w:t></w:r></w:p></w:hdr>")
    return buf.getvalue()


def test_exports_docx_export_read_as_its_text() -> None:
    article = [
        "Café owners win rates relief",
        "The Daily Example",
        "May 13, 2019 Monday 6:22 AM GMT",
        "Length: 412 words",
        "Byline: Jane Doe & John Roe",
        "Body",
        PARA,
        "Second paragraph of the story, with <angle> & ampersand.",
        "Load-Date: May 14, 2019",
        "End of Document",
    ]
    got = list(read_bytes(_docx(article * 2), name="nexis.docx"))
    assert [a.origin for a in got if isinstance(a, Article)] == ["nexis.docx#1", "nexis.docx#2"]
    first = got[0]
    assert isinstance(first, Article)
    assert first.title == "Café owners win rates relief" and first.authors == ("Jane Doe", "John Roe")
    assert first.body == f"{PARA}\n\nSecond paragraph of the story, with <angle> & ampersand."
    assert "Page 1" not in first.body


def test_exports_docx_that_is_not_word_or_too_large() -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/other.xml", "<x/>")
    (err,) = list(read_bytes(buf.getvalue(), name="odd.docx"))
    assert isinstance(err, InputError) and err.path == "odd.docx"
    (big,) = list(read_bytes(_docx([PARA] * 2000), name="big.docx", max_bytes=50_000))
    assert isinstance(big, InputError) and big.reason == "too-large"


def test_exports_factiva_articles_without_indexing_run_into_each_other() -> None:
    one = "HD\n{t}\nWC\n40 words\nPD\n5 February 2024\nSN\nThe Example Journal\nLP\n{p}\nTD\n{p}\n"
    text = "".join(one.format(t=f"Story {n}", p=PARA) for n in (1, 2, 3))
    assert detect(text) == "factiva"
    got = _articles(text)
    assert [a.title for a in got if isinstance(a, Article)] == ["Story 1", "Story 2", "Story 3"]
    assert all(isinstance(a, Article) and a.body == f"{PARA}\n\n{PARA}" for a in got)


# --- headlines without text ------------------------------------------------------------


def _read(text: str, name: str = "h.txt") -> list[Article | InputError]:
    return list(read_bytes(text.encode("utf-8"), name=name))


def test_headline_only_dump_is_one_record_without_body() -> None:
    (art,) = _read("Copper climbs to five-month high\nBy Jane Doe\nNovember 21, 2023 5:42 AM GMT | Reuters\n")
    assert isinstance(art, Article) and art.origin == "h.txt"
    assert art.title == "Copper climbs to five-month high" and art.body == ""
    assert art.skip_reason == NO_TEXT and art.source == "Reuters" and art.authors == ("Jane Doe",)
    assert iso_utc(art.published) == "2023-11-21T05:42:00Z"


def test_headline_only_with_page_furniture_is_still_a_record() -> None:
    text = (
        "Home | World | Business\n\nCopper climbs to five-month high\n"
        "November 21, 2023 5:42 AM GMT | Reuters\nBy Jane Doe\n\nShare this article\nSign up for our newsletter\n"
    )
    (art,) = _read(text)
    assert isinstance(art, Article) and art.body == "" and art.skip_reason == NO_TEXT
    assert art.title == "Copper climbs to five-month high" and art.authors == ("Jane Doe",)


def test_headline_list_needs_every_headline_dated() -> None:
    listed = "Harbour strike talks collapse\nNov 21, 2023 06:55 PM | The Guardian\n\n"
    undated = "Ferry operator adds winter sailings\nThe Irish Times\n\n"
    assert detect(normalize_text(listed * 2)) == "headline-list"
    assert detect(normalize_text(listed + undated + listed)) is None


def test_short_article_is_never_a_headline_list() -> None:
    text = (
        "Port sets record\nMarch 2, 2021 6:05 AM UTC\n\nThe port handled more ships.\n\n"
        "It was busy.\n\nOfficials were pleased.\n"
    )
    assert detect(normalize_text(text)) is None
    (art,) = _read(text)
    assert isinstance(art, Article) and art.skip_reason is None and art.body.startswith("The port handled")


def test_headline_list_outlet_slot_decided_by_the_other_entries() -> None:
    text = (
        "Harbour strike talks collapse\nNov 21, 2023 06:55 PM | The Guardian\n\n"
        "Port authority names new chief\nNov 20, 2023 11:32 AM | Lloyd's List\n\n"
        "Container rates slip again\nNov 20, 2023 08:05 AM | Reuters\n"
    )
    got = _read(text)
    assert [a.origin for a in got if isinstance(a, Article)] == ["h.txt#1", "h.txt#2", "h.txt#3"]
    assert [a.source for a in got if isinstance(a, Article)] == ["The Guardian", "Lloyd's List", "Reuters"]
    assert all(isinstance(a, Article) and not a.authors for a in got)


PROQUEST = """____________________________________________________________

Document 1 of 1

Harbour pilots warn of staff shortage

Author: {author}

Publication info: The Example Herald ; Portsmouth [Portsmouth]. 21 Nov 2023: A.3.

ProQuest document link

Full text: Harbour pilots at the port say there are too few of them to guide ships in safely at night.

The port employs 14 pilots.

Subject: Ports; Employment

Publication title: The Example Herald; Portsmouth

Publication date: Nov 21, 2023

Section: News

ProQuest document ID: 2891234567

Document URL: https://www.proquest.com/docview/2891234567

Database: Global Newsstream
____________________________________________________________
"""


@pytest.mark.parametrize(
    ("author", "people", "credit"),
    [
        ("Marlow, Jane; Chen, Maria", ("Jane Marlow", "Maria Chen"), None),
        ("By Laura Finch Staff Writer", ("Laura Finch",), None),
        ("Jane Doe, Reuters", ("Jane Doe",), "Reuters"),
        ("Anonymous", (), None),
    ],
)
def test_proquest_fields_and_authors(author: str, people: tuple[str, ...], credit: str | None) -> None:
    text = normalize_text(PROQUEST.format(author=author))
    assert detect(text) == "proquest"
    (art,) = _articles(text)
    assert isinstance(art, Article) and art.origin == "f.txt#1"
    assert art.title == "Harbour pilots warn of staff shortage" and art.source == "The Example Herald"
    assert art.authors == people and art.credit == credit and art.section == "News"
    assert iso_utc(art.published) == "2023-11-21T00:00:00Z"
    assert art.body.startswith("Harbour pilots at the port") and art.body.endswith(
        "The port employs 14 pilots."
    )
    assert art.url == "https://www.proquest.com/docview/2891234567"


def test_wire_story_without_text_is_a_record_not_analysed() -> None:
    story = (
        "-- Copper climbs to five-month high\n-- By Jane Doe\n-- Published: November 21, 2023 5:42 AM GMT\n"
        "-- https://wire.example.com/copper\n\n{body}\n\n"
    )
    text = story.format(body=PARA) + story.format(body="") + story.format(body=PARA)
    assert detect(normalize_text(text)) == "wire-dash"
    first, empty, third = _articles(text)
    assert isinstance(first, Article) and first.body == PARA and first.skip_reason is None
    assert isinstance(empty, Article) and empty.origin == "f.txt#2" and empty.body == ""
    assert empty.skip_reason == NO_TEXT and empty.title == "Copper climbs to five-month high"
    assert empty.authors == ("Jane Doe",) and empty.url == "https://wire.example.com/copper"
    assert iso_utc(empty.published) == "2023-11-21T05:42:00Z"
    assert isinstance(third, Article) and third.body == PARA


@pytest.mark.parametrize(
    "tail",
    [
        "This article is for subscribers only.",
        "Subscribe to continue reading.\nAlready a subscriber? Sign in",
        "We use cookies to improve your experience. By continuing to use this site you agree.",
    ],
)
def test_headline_whose_only_text_is_chrome_is_a_record_without_body(tail: str) -> None:
    (art,) = _read(f"Harbour strike talks collapse\nBy Jane Marlow\nNov 21, 2023 06:55 PM GMT\n\n{tail}\n")
    assert isinstance(art, Article) and art.title == "Harbour strike talks collapse"
    assert art.body == "" and art.skip_reason == NO_TEXT and art.authors == ("Jane Marlow",)


def test_short_article_is_not_chrome() -> None:
    (art,) = _read(
        "Harbour strike talks collapse\nBy Jane Marlow\nNov 21, 2023 06:55 PM GMT\n\nUnions rejected the offer.\n"
    )
    assert isinstance(art, Article) and art.body == "Unions rejected the offer." and art.skip_reason is None
