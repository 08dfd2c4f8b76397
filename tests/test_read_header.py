"""The header grammar of text dumps: parts of a line, people, outlets, line shapes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.read.header import (
    classify_line,
    is_place,
    looks_menu,
    looks_rule,
    looks_tagline,
    looks_title,
    outlet_of,
    parse_names,
)


def kinds(line: str) -> list[str]:
    return [p.kind for p in classify_line(line).parts]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Source: Xinhua| 2019-10-26 18:55:22|Editor: Li Wei", ["source", "stamp", "byline"]),
        (
            "2019-05-13 06:22:58 GMT2019-05-13 14:22:58(Beijing Time)  Sina English",
            ["stamp", "stamp", "outlet"],
        ),
        ("Source:Global Times Published: 2020/4/8 11:31:47", ["source", "stamp"]),
        ("By: Global Times | Published: Jun 03, 2021 10:32 AM", ["byline", "stamp"]),
        ("TNN | Updated: Mar 2, 2020, 14:45 IST", ["credit", "stamp"]),
        ("KYODO NEWS - Mar 2, 2021 - 14:45 | All, Japan", ["outlet", "stamp", "furniture"]),
        (
            "Reported by Aarti Menon, Edited by Rahul Gupta | Updated: March 02, 2021 2:45 pm IST",
            ["byline", "editor", "stamp"],
        ),
        ("2021-03-02 09:30:12　来源：新华网　作者：张三 李四", ["stamp", "source", "byline"]),
        ("Special Correspondent", ["role"]),
        ("Transport Correspondent", ["role"]),
        ("NEW DELHI", ["place"]),
        ("Ewood Park", ["place"]),
        ("Business & Tech", ["kicker"]),
        ("Chen Lu", ["name"]),
        ("【环球网报道 记者 张三】", ["outlet", "byline"]),
        ("新浪财经", ["outlet"]),
        ("The Riverside Gazette", ["outlet"]),
        ("4 MIN READ", ["furniture"]),
    ],
)
def test_header_line_parts(line: str, expected: list[str]) -> None:
    assert kinds(line) == expected
    assert classify_line(line).is_header


@pytest.mark.parametrize(
    "line",
    [
        "Trump met Putin on May 13, 2019 in Helsinki.",
        "By the time the polls closed, turnout had reached a record.",
        "The council voted on Monday to extend the night bus service, officials said.",
        "新华社北京3月2日电 记者从农业农村部获悉，我国春季农业生产已全面展开。",
    ],
)
def test_prose_is_not_a_header_line(line: str) -> None:
    assert not classify_line(line).is_header


def test_labelled_source_value_and_stamp_of_one_line() -> None:
    h = classify_line("Source: Xinhua| 2019-10-26 18:55:22|Editor: Li Wei")
    assert [p.value for p in h.of("source")] == ["Xinhua"]
    assert h.stamps[0].local.hour == 18 and h.stamps[0].zone is None
    assert h.of("byline")[0].authors == ("Li Wei",)


def test_updated_label_before_a_stamp_marks_it_updated() -> None:
    (stamp,) = classify_line("Updated - March 03, 2020 08:12 IST").stamps
    assert stamp.updated


@pytest.mark.parametrize(
    ("value", "people", "credit"),
    [
        ("ERIC TUCKER Associated Press", ("ERIC TUCKER",), "Associated Press"),
        ("Jane Doe, Reuters", ("Jane Doe",), "Reuters"),
        ("Reuters", (), "Reuters"),
        ("Staff Reporter", (), None),
        ("Ritu Sharma, Hindustan Times, New Delhi", ("Ritu Sharma",), "Hindustan Times"),
        ("Claire Dubois in Paris", ("Claire Dubois",), None),
        ("Tom Harding, Senior Political Correspondent", ("Tom Harding",), None),
        ("Jane Doe Staff Writer", ("Jane Doe",), None),
        ("JANE CARTER FOR MAILONLINE", ("JANE CARTER",), "MAILONLINE"),
        ("Dewi Santoso (The Jakarta Post)", ("Dewi Santoso",), "The Jakarta Post"),
        ("Kim Soo-yeon", ("Kim Soo-yeon",), None),
        ("Anna Kowalski and Rafael Santos", ("Anna Kowalski", "Rafael Santos"), None),
        ("Lena Hartmann & Euronews with AP", ("Lena Hartmann",), "Euronews"),
        ("王五、李四", ("王五", "李四"), None),
        ("huaxia", (), None),
        ("HELEN PARK", ("HELEN PARK",), None),
        ("By Jane Doe, CNN", ("Jane Doe",), "CNN"),
        ("Jane Doe and agencies", ("Jane Doe",), "agencies"),
        ("Zhao Lin (People's Daily Online)", ("Zhao Lin",), "People's Daily Online"),
        ("Howard Webb (South Yorkshire)", ("Howard Webb",), None),
    ],
)
def test_byline_values_name_people_only(value: str, people: tuple[str, ...], credit: str | None) -> None:
    got_people, got_credit, ok = parse_names(value)
    assert ok
    assert got_people == people
    assert got_credit == credit


@pytest.mark.parametrize(
    "value", ["the time the polls closed", "Transit Agency Warns of Deep Service Cuts Without Federal Aid"]
)
def test_prose_is_not_a_byline_value(value: str) -> None:
    assert parse_names(value)[0] == ()


@pytest.mark.parametrize(
    "text",
    ["Northern Echo", "ABC Rural", "The Moscow Times", "Mainichi Japan", "新浪财经", "Japan Coastal News"],
)
def test_bare_text_that_is_not_a_person(text: str) -> None:
    assert parse_names(text, bare=True)[0] == ()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("TIMESOFINDIA.COM | TOI City Desk", ["outlet", "credit"]),
        (
            "ECONOMICTIMES.COM | ET Bureau",
            ["outlet", "credit"],
        ),  # ET is a known outlet: its bureau is a credit
        ("Sina.com | Sina English Desk", ["outlet", "credit"]),
        ("Xinhua Bureau", ["credit"]),
        ("Global Sports Desk", ["outlet"]),  # a desk of no known outlet names the outlet itself
    ],
)
def test_desk_credits_and_domain_outlets(line: str, expected: list[str]) -> None:
    assert kinds(line) == expected


def test_outlet_of_domains() -> None:
    assert outlet_of("chinadaily.com.cn").name == "China Daily"
    assert outlet_of("Sina.com").name == "Sina English"  # by host
    assert outlet_of("TIMESOFINDIA.COM").name == "The Times of India"  # by the name the labels spell
    assert outlet_of("hindustantimes.com").name == "Hindustan Times"
    assert outlet_of("example.com") is None


@pytest.mark.parametrize(
    ("line", "tagline"),
    [
        ("Associated Press writer James Hill contributed from Salt Lake City.", True),
        ("Associated Press writers Dana Fox and Omar Said contributed to this report.", True),
        ("Jane Doe in Boston contributed to this report.", True),
        ("Additional reporting by Reuters", True),
        ("(Additional reporting by Ana Li; Editing by Tom Day)", True),
        ("This story has been corrected to show the ferry starts in May.", True),
        ("Correction: An earlier version misspelled a name.", True),
        ("The weather contributed to the delays.", False),  # an article's last sentence
        ("The reporters said rain contributed to the delays.", False),
        ("The report was changed last year.", False),
        (
            "(Reporting by Anna Kowalski; Editing by Peter Marsh)",
            False,
        ),  # a trailing byline: its fields count
    ],
)
def test_taglines(line: str, tagline: bool) -> None:
    assert looks_tagline(line) is tagline


@pytest.mark.parametrize(
    ("line", "rule"), [("___", True), ("* * *", True), ("- - - - -", True), ("...", False)]
)
def test_rules(line: str, rule: bool) -> None:
    assert looks_rule(line) is rule


def test_outlet_of_compounds_and_places() -> None:
    assert outlet_of("人民网-人民日报").name == "People's Daily"
    assert outlet_of("Mainichi Japan").name == "The Mainichi"
    assert outlet_of("The Guardian - Back to home").name == "The Guardian"
    assert outlet_of("Riverside Gazette") is None
    assert is_place("New Delhi") and is_place("UK") and not is_place("Jane Doe")


@pytest.mark.parametrize(
    ("line", "menu", "title"),
    [
        ("Home | World | Business", True, False),
        ("HOME >> CHINA >> SOCIETY", True, False),
        ("Skip to content", True, False),
        ("By Jack Morrison | Fox News", False, False),
        ("Source:Global Times Published: 2020/4/8 11:31:47", False, False),
        ("Pompeo pops over to see Putin", False, True),
        ("我国春季农业生产全面展开", False, True),
        ("Barges are carrying a third of their usual loads after a dry winter.", False, False),
        ("The Moscow Times", False, False),
        ("Choose hope over fear - Kennedy", False, True),
        ("O'Driscoll/Gregan lead Aid stars", False, True),
        ("Job cuts 'false economy'  - TUC", False, True),
        ("Skip next section Navigation", True, False),
        ("字号：大 中 小", False, False),
        ("铁路春运客流平稳有序", False, True),
        ("DAWN.COM | Dawn Web Desk", False, False),  # an outlet beside its desk: a header line
        ("TIMESOFINDIA.COM | TOI City Desk", False, False),
        ("News | Sport", True, False),
    ],
)
def test_menu_and_title_shapes(line: str, menu: bool, title: bool) -> None:
    assert looks_menu(line) is menu
    assert looks_title(line) is title


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_classify_never_raises(line: str) -> None:
    h = classify_line(line)
    for part in h.parts:
        assert part.kind
        assert all(a.strip() == a and a for a in part.authors)


# ---- labels the vocabulary does not hold; outlets with their city; name-shaped outlets ----
@pytest.mark.parametrize(
    ("line", "kind", "authors"),
    [
        ("Byline: Jane Marlow", "byline", ("Jane Marlow",)),
        ("BYLINE: By Sarah Quill", "byline", ("Sarah Quill",)),
        ("Staff Writer: Tom Hale", "byline", ("Tom Hale",)),
        ("Job Number: 212345678", "furniture", ()),
        ("Edition: Final", "furniture", ()),
        ("Edition: Late Edition", "furniture", ()),
        ("Page: A12", "furniture", ()),
        ("Publication-Type: Newspaper", "furniture", ()),
        ("Document Type: News", "furniture", ()),
        ("Dateline: LONDON", "place", ()),
        ("Desk: Foreign Desk", "section", ()),
        ("News Desk: Metro", "section", ()),
        ("Main Category: Shipping", "section", ()),
    ],
)
def test_label_value_part_is_meta_never_an_outlet(line: str, kind: str, authors: tuple[str, ...]) -> None:
    parts = classify_line(line).parts
    assert [p.kind for p in parts] == [kind]
    assert parts[0].authors == authors


@pytest.mark.parametrize(
    "line",
    [
        "Brexit: What happens to the deal now",
        "Exclusive: Tesla recalls two million cars",
        "Analysis: Why markets fell",
    ],
)
def test_a_kicker_and_colon_headline_stays_a_headline(line: str) -> None:
    assert looks_title(line)
    assert "outlet" not in kinds(line)


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("The Guardian (London)", "The Guardian"),
        ("The Times (London)", "The Times"),
        ("The Hindu (Chennai)", "The Hindu"),
        ("Daily Mail (London)", "Daily Mail"),
        ("The Riverside Gazette (Ohio)", "The Riverside Gazette"),
        ("The Star (Kuala Lumpur, Malaysia)", "The Star"),
    ],
)
def test_outlet_with_its_city_in_brackets_is_an_outlet_line(line: str, outlet: str) -> None:
    parts = classify_line(line).parts
    assert [(p.kind, p.value) for p in parts] == [("outlet", outlet)]
    assert not looks_title(line)


def test_a_person_with_an_outlet_in_brackets_stays_a_byline() -> None:
    parts = classify_line("Dewi Santoso (The Jakarta Post)").parts
    assert [(p.kind, p.authors) for p in parts] == [("name", ("Dewi Santoso",))]


@pytest.mark.parametrize(
    "line",
    ["Lloyd's List", "Hürriyet Daily News", "Stars and Stripes", "Marks & Spencer", "Ship's Chronicle"],
)
def test_name_shaped_outlets_are_outlets_not_people(line: str) -> None:
    assert kinds(line) == ["outlet"]


@pytest.mark.parametrize("line", ["Jane Marlow", "Maria de la Cruz", "Tom O'Neill"])
def test_given_and_family_names_stay_people(line: str) -> None:
    assert kinds(line) == ["name"]


@pytest.mark.parametrize(
    ("value", "people", "credit"),
    [
        ("Daniel Ortiz, Stars and Stripes", ("Daniel Ortiz",), "Stars and Stripes"),
        ("Jane Marlow, Lloyd's List", ("Jane Marlow",), "Lloyd's List"),
        ("Jane Doe and John Smith", ("Jane Doe", "John Smith"), None),
    ],
)
def test_byline_with_a_name_shaped_outlet(value: str, people: tuple[str, ...], credit: str | None) -> None:
    assert parse_names(value)[:2] == (people, credit)
