"""Tests for dateline.read.html_body: the body cascade and its guard against page chrome.

Every page here is a small hand-written HTML string (texts written for these tests); no
network, no dataset.  The body is read through ``body_paragraphs`` + ``trim_edges``, the
interface html.py calls.
"""

from __future__ import annotations

import logging

import lxml.html
import pytest

from dateline.errors import ParseError
from dateline.read import html_body
from dateline.read.html_body import Candidate, body_paragraphs, chrome_kind, trim_edges

ARTICLE_EN = [
    "The harbour authority said on Monday that the northern pier would close for repairs "
    "after inspectors found cracks in three of its concrete supports.",
    "Ferries that normally dock at the pier will use the southern terminal until the work is "
    "finished, which officials expect to take about six weeks.",
    "Local fishermen said the closure would lengthen their trips to the fish market, but most "
    "agreed that the repairs were overdue after years of heavy storms.",
    "The city council approved an emergency budget of two million euros for the work last "
    "week, and a contractor has already moved equipment onto the site.",
    "A spokeswoman for the authority said the pier would reopen before the summer season, "
    "when the number of passengers usually doubles.",
]
ARTICLE_DE = [
    "Der Gemeinderat hat am Dienstagabend beschlossen, die alte Stadtbibliothek zu sanieren "
    "und im kommenden Frühjahr wieder für Besucherinnen und Besucher zu öffnen.",
    "Die Kosten für die Arbeiten an Dach, Heizung und Fenstern werden auf rund 1,8 Millionen "
    "Euro geschätzt, ein Drittel davon soll aus Fördermitteln des Landes kommen.",
    "Bürgermeisterin Anna Berger sagte, die Bibliothek sei für viele Familien ein wichtiger "
    "Treffpunkt, und man wolle das Haus nicht länger leer stehen lassen.",
    "Während der Bauzeit bleibt die Ausleihe in einem Ersatzquartier im Rathaus geöffnet, "
    "allerdings mit kürzeren Öffnungszeiten als bisher.",
]
CONSENT_DE = (
    "Wir verwenden Cookies und ähnliche Technologien, um Inhalte zu personalisieren und "
    "Zugriffe zu analysieren. Mit „Alle akzeptieren“ stimmen Sie der Verwendung von Cookies zu. "
    "Ihre Einwilligung können Sie jederzeit in den Cookie-Einstellungen widerrufen."
)
CONSENT_EN = (
    "We use cookies to improve your experience on our site and to show you relevant "
    "advertising. By clicking “Accept all cookies”, you agree to the storing of cookies on "
    "your device. You can change your settings at any time in Cookie settings."
)
NEWSLETTER_EN = (
    "Sign up for our newsletter and get the latest news delivered to your inbox every morning. "
    "Enter your email address below. You can unsubscribe at any time."
)
PAYWALL_EN = "Subscribe to continue reading. Already a subscriber? Log in to read the full story."


def tree(body: str, head: str = "", lang: str = "en"):
    html = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Pier closes</title>'
        f"{head}</head><body>{body}</body></html>"
    )
    return lxml.html.document_fromstring(html)


def paras(items: list[str], tag: str = "p") -> str:
    return "".join(f"<{tag}>{p}</{tag}>" for p in items)


NAV = (
    "<nav><ul>"
    + "".join(
        f'<li><a href="/{w.lower()}">{w}</a></li>'
        for w in ("Home", "News", "Sport", "Business", "Culture", "Contact")
    )
    + "</ul></nav>"
)


def body_of(t, title: str | None = "Pier closes") -> list[str]:
    return trim_edges(body_paragraphs(t, None), title)


# ---- the article comes through ------------------------------------------------------------
def test_a_plain_article_is_read_whole():
    t = tree(f"{NAV}<article><h1>Pier closes</h1>{paras(ARTICLE_EN)}</article>")
    assert body_of(t) == ARTICLE_EN


def test_a_consent_banner_next_to_the_article_is_not_in_the_body():
    banner = f'<div id="cookie-banner" class="consent"><p>{CONSENT_EN}</p><button>Accept all</button></div>'
    t = tree(f"{banner}{NAV}<article><h1>Pier closes</h1>{paras(ARTICLE_EN)}</article>")
    body = body_of(t)
    assert body == ARTICLE_EN
    assert not any("cookies" in p for p in body)


def test_a_german_consent_dialog_with_article_markup_is_not_the_body():
    """The consent dialog is marked up like an article (an <article> of <p>s); the real
    article sits in divs: the guard rejects the dialog and the cascade finds the text."""
    dialog = (
        f'<div class="cmp-dialog"><article><p>{CONSENT_DE}</p><p>Alle akzeptieren</p>'
        "<p>Einstellungen anpassen</p></article></div>"
    )
    story = "".join(f'<div class="text">{p}</div>' for p in ARTICLE_DE)
    t = tree(f"{dialog}<div class='content'><h1>Bibliothek wird saniert</h1>{story}</div>", lang="de")
    body = body_paragraphs(t, None)
    assert chrome_kind(body) is None
    assert "Cookies" not in " ".join(body)
    assert ARTICLE_DE[1] in body


def test_a_newsletter_box_inside_the_article_is_pruned():
    box = (
        f'<div class="newsletter-signup"><h3>Our morning briefing</h3><p>{NEWSLETTER_EN}</p>'
        '<form><input type="email" placeholder="Your email address"><button>Sign up</button></form></div>'
    )
    t = tree(f"<article><h1>Pier closes</h1>{paras(ARTICLE_EN[:3])}{box}{paras(ARTICLE_EN[3:])}</article>")
    assert body_of(t) == ARTICLE_EN


def test_a_paywall_teaser_keeps_the_teaser_and_drops_the_wall():
    wall = f'<div class="paywall-box"><p>{PAYWALL_EN}</p><p><a href="/subscribe">Subscribe now</a></p></div>'
    t = tree(f"<article><h1>Pier closes</h1>{paras(ARTICLE_EN[:2])}{wall}</article>")
    body = body_of(t)
    assert body == ARTICLE_EN[:2]


def test_a_nav_heavy_page_gives_the_article_not_the_menus():
    menus = "".join(
        "<ul class='menu'>"
        + "".join(f"<li><a href='/{i}/{j}'>Section {i} page {j}</a></li>" for j in range(12))
        + "</ul>"
        for i in range(8)
    )
    t = tree(f"{NAV}{menus}<div class='story'><h1>Pier closes</h1>{paras(ARTICLE_EN)}</div>{menus}")
    assert body_of(t) == ARTICLE_EN


# ---- nothing but chrome -------------------------------------------------------------------
@pytest.mark.parametrize(
    "wall",
    [
        f"<div class='overlay'><p>{CONSENT_EN}</p><p><a href='#'>Accept all cookies</a></p>"
        "<p><a href='#'>Manage preferences</a></p></div>",
        f"<div><p>{CONSENT_DE}</p><p><a href='#'>Alle akzeptieren</a> <a href='#'>Alle ablehnen</a></p></div>",
    ],
    ids=["en", "de"],
)
def test_a_page_that_is_only_a_consent_wall_has_no_body(wall):
    with pytest.raises(ParseError, match="consent"):
        body_paragraphs(tree(wall), None)


def test_a_page_that_is_only_a_newsletter_box_has_no_body():
    box = (
        f"<div class='box'><h2>Stay informed</h2><p>{NEWSLETTER_EN}</p><p><a href='/s'>Sign up</a></p></div>"
    )
    with pytest.raises(ParseError, match="newsletter"):
        body_paragraphs(tree(f"{NAV}{box}"), None)


# ---- the cascade is lazy ------------------------------------------------------------------
def test_second_opinions_are_not_computed_for_a_good_first_candidate(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a second opinion was computed for a good first candidate")

    monkeypatch.setattr(html_body, "readability_paragraphs", refuse)
    monkeypatch.setattr(html_body, "_justext_paragraphs", refuse)
    considered: list[Candidate] = []
    t = tree(f"{NAV}<article><h1>Pier closes</h1>{paras(ARTICLE_EN * 2)}</article>")
    body_paragraphs(t, None, explain=considered)
    assert [c.source for c in considered] == ["trafilatura"]
    assert considered[0].chosen


def test_a_short_first_candidate_gets_second_opinions_and_a_longer_one_wins(monkeypatch):
    class Doc:  # the extractor picked the wrong block: a one-line teaser
        text = "Read more about the harbour"

    original = html_body.trafilatura.bare_extraction

    def first_call_wrong(*args, **kwargs):
        return Doc() if not kwargs.get("favor_recall") else original(*args, **kwargs)

    monkeypatch.setattr(html_body.trafilatura, "bare_extraction", first_call_wrong)
    considered: list[Candidate] = []
    t = tree(f"<div class='story'><h1>Pier closes</h1>{paras(ARTICLE_EN)}</div>")
    body = body_paragraphs(t, None, explain=considered)
    assert len(considered) > 1
    assert considered[0].source == "trafilatura" and not considered[0].chosen
    assert ARTICLE_EN[2] in body


# ---- the detector -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ([CONSENT_EN, "Accept all", "Reject all"], "consent"),
        ([CONSENT_DE, "Alle akzeptieren"], "consent"),
        (
            [
                "Nous utilisons des cookies pour améliorer votre expérience. "
                "En poursuivant votre navigation, vous acceptez leur utilisation.",
                "Tout accepter",
            ],
            "consent",
        ),
        ([NEWSLETTER_EN], "newsletter"),
        (
            [
                "Melden Sie sich für unseren Newsletter an und erhalten Sie die wichtigsten "
                "Nachrichten direkt in Ihr Postfach. Abmeldung jederzeit möglich."
            ],
            "newsletter",
        ),
        ([PAYWALL_EN], "paywall"),
        (
            ["Dieser Artikel ist nur für Abonnenten verfügbar.", "Jetzt weiterlesen mit dem Digital-Abo"],
            "paywall",
        ),
        (["Home | News | Sport | Contact", "Impressum Datenschutz AGB", "Skip to content"], "navigation"),
    ],
    ids=[
        "consent-en",
        "consent-de",
        "consent-fr",
        "newsletter-en",
        "newsletter-de",
        "paywall-en",
        "paywall-de",
        "nav",
    ],
)
def test_chrome_kind_names_the_kind_of_chrome(text, kind):
    assert chrome_kind(text) == kind


def test_chrome_kind_leaves_an_article_that_mentions_cookies_alone():
    article = [
        *ARTICLE_EN,
        "The regulator also said that websites which use cookies to track visitors must ask "
        "for consent first, and that a banner with only an 'accept all' button is not enough.",
        *ARTICLE_EN,
    ]
    assert chrome_kind(article) is None
    assert chrome_kind(ARTICLE_DE) is None


def test_chrome_kind_of_nothing_is_none():
    assert chrome_kind([]) is None
    assert chrome_kind(["", "  "]) is None


def test_every_section_of_the_phrase_file_is_loaded():
    patterns = html_body._chrome_patterns()
    assert set(patterns) == set(html_body.CHROME_KINDS)
    assert patterns["consent"].search("Diese Website verwendet   Cookies.".casefold())
    assert not patterns["consent"].search("the cookie jar was empty.")


# ---- quiet libraries ----------------------------------------------------------------------
def test_library_warnings_become_debug_records_and_the_loggers_are_restored(monkeypatch, caplog, capsys):
    def noisy(*args, **kwargs):
        logging.getLogger("trafilatura.core").warning("discarding data: %s", None)
        return None

    monkeypatch.setattr(html_body.trafilatura, "bare_extraction", noisy)
    lib = logging.getLogger("trafilatura")
    before = (lib.propagate, list(lib.handlers))
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(ParseError):
            body_paragraphs(tree("<div></div>"), None)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("discarding data" in r.getMessage() for r in caplog.records if r.name == html_body.log.name)
    assert capsys.readouterr().err == ""
    assert (lib.propagate, list(lib.handlers)) == before


# ---- edges (unchanged behaviour) ----------------------------------------------------------
def test_trim_edges_drops_the_headline_run_and_edge_furniture():
    out = trim_edges(["World", "Pier closes", *ARTICLE_EN[:2], "Share this article"], "Pier closes")
    assert out == ARTICLE_EN[:2]


def test_trim_edges_keeps_at_least_one_paragraph():
    assert trim_edges(["Share"], None) == ["Share"]


# ---- chrome inside a candidate ------------------------------------------------------------
def test_strip_chrome_drops_a_closing_consent_block_and_keeps_the_article():
    purposes = [
        "Zweck: Statistik. Ihre Einwilligung umfasst die Speicherung von Daten auf Ihrem Gerät.",
        "Switch zum Einwilligen bzw. Ablehnen des Dienstes Videoplayer",
        "Zweck: Wiedergabe von Videos. Ihre Einwilligung können Sie jederzeit widerrufen.",
        "Anbieter: Beispiel GmbH",
        "Zweck: Karten. Ihre Einwilligung gilt für zwölf Monate.",
    ]
    kept, removed = html_body.strip_chrome([*ARTICLE_DE, *purposes])
    assert kept == ARTICLE_DE
    assert removed["consent"] > 0


def test_strip_chrome_keeps_one_sentence_about_cookies_inside_an_article():
    mention = "Die Behörde erinnerte daran, dass eine Website, die Cookies verwendet, vorher fragen muss."
    text = [*ARTICLE_DE[:2], mention, *ARTICLE_DE[2:]]
    assert html_body.strip_chrome(text)[0] == text


def test_strip_chrome_drops_a_run_of_menu_lines_inside_the_text():
    menu = ["Home | News | Sport", "Impressum", "Datenschutz", "Kontakt"]
    kept, _ = html_body.strip_chrome([*ARTICLE_EN[:2], *menu, *ARTICLE_EN[2:]])
    assert kept == ARTICLE_EN


def test_readability_paragraphs_splits_blocks():
    t = tree(f"{NAV}<div id='content'><h1>Pier closes</h1>{paras(ARTICLE_EN)}</div>")
    out = html_body.readability_paragraphs(t)
    assert ARTICLE_EN[0] in out and ARTICLE_EN[-1] in out


def test_trim_edges_keeps_text_above_a_headline_echoed_by_a_share_widget():
    echoed = [*ARTICLE_EN[:2], "Pier closes", "https://news.example/pier-closes"]
    assert trim_edges(echoed, "Pier closes") == ARTICLE_EN[:2]


def test_a_nav_list_as_first_candidate_is_rejected_by_its_links(monkeypatch):
    class Doc:  # the extractor returned the site's menu, one link a line
        text = "\n".join(f"Section {i} page {j}" for i in range(8) for j in range(12))

    original = html_body.trafilatura.bare_extraction
    calls: list[dict] = []

    def menu_first(*args, **kwargs):
        calls.append(kwargs)
        return Doc() if len(calls) == 1 else original(*args, **kwargs)

    monkeypatch.setattr(html_body.trafilatura, "bare_extraction", menu_first)
    menus = "".join(
        "<ul>" + "".join(f"<li><a href='/{i}/{j}'>Section {i} page {j}</a></li>" for j in range(12)) + "</ul>"
        for i in range(8)
    )
    considered: list[Candidate] = []
    t = tree(f"{menus}<div class='story'><h1>Pier closes</h1>{paras(ARTICLE_EN)}</div>")
    body = body_paragraphs(t, None, explain=considered)
    assert considered[0].chrome == "navigation"
    assert ARTICLE_EN[1] in body and not any("Section" in p for p in body)


def test_strip_chrome_never_swallows_the_article_before_a_long_consent_block():
    purposes = [
        f"Zweck: Dienst {i}. Ihre Einwilligung umfasst die Speicherung und Auswertung von Daten über "
        "die aufgerufenen Inhalte, die Platzierung von Cookies und die Übermittlung an den Anbieter." * 3
        for i in range(6)
    ]
    kept, _ = html_body.strip_chrome([*ARTICLE_DE, *purposes])
    assert kept == ARTICLE_DE


def test_chrome_paragraphs_apart_inside_an_article_stay():
    a = "Die Aufsicht zitierte den Satz „Wir verwenden Cookies“, der auf vielen Seiten ohne Erklärung stehe."
    b = "Der Hinweis „Diese Website verwendet Cookies“ allein reiche künftig nicht mehr aus, hieß es."
    assert html_body._paragraph_chrome(a) == html_body._paragraph_chrome(b) == "consent"
    text = [ARTICLE_DE[0], a, ARTICLE_DE[1], b, ARTICLE_DE[2], a, ARTICLE_DE[3]]
    assert html_body.strip_chrome(text)[0] == text


def test_parse_html_never_takes_a_newsletter_paragraph_block_for_the_body():
    """The page's largest <p> block is a newsletter box; the article is in <div>s (the
    layout that made the old "main <p> block" fallback return the box)."""
    from dateline.read.html import parse_html

    box = f"<div class='signup'><p>{NEWSLETTER_EN}</p><p>{NEWSLETTER_EN} Thanks for signing up!</p></div>"
    story = "".join(f"<div class='para'>{p}</div>" for p in ARTICLE_EN)
    html = (
        "<!DOCTYPE html><html lang='en'><head><title>Pier closes</title></head><body>"
        f"{NAV}<main><h1>Pier closes</h1>{story}</main>{box}</body></html>"
    )
    body = parse_html(html).body
    assert chrome_kind(body.split("\n\n")) is None
    assert ARTICLE_EN[3] in body and "inbox" not in body


def test_a_button_label_phrase_counts_only_as_a_label():
    assert html_body._paragraph_chrome("Accept all") == "consent"
    assert html_body._paragraph_chrome("Alle akzeptieren  Alle ablehnen  Einstellungen") == "consent"
    closing = "The union said it could not accept all of the terms and would vote again next week."
    assert html_body._paragraph_chrome(closing) is None
    assert html_body.strip_chrome([*ARTICLE_EN, closing])[0] == [*ARTICLE_EN, closing]


def test_table_rows_are_not_menu_lines():
    rows = [
        "| file | parser A | parser B |",
        "|---|---|---|",
        "| small | 2.3 GB/s | 0.1 GB/s |",
        "| large | 2.5 GB/s | 0.2 GB/s |",
    ]
    text = [*ARTICLE_EN[:2], *rows, *ARTICLE_EN[2:]]
    assert html_body.strip_chrome(text)[0] == text


# ---- linear on huge pages (deterministic proxies, not wall time) --------------------------
def _numbered(n: int) -> list[str]:
    return [f"{ARTICLE_EN[i % len(ARTICLE_EN)]} ({i})" for i in range(n)]


def _synthetic_page(n: int) -> str:
    body = "".join(f"<p>{p}</p>" for p in _numbered(n))
    return f"<html><body><nav><a href='/'>Home</a></nav><article><h1>Pier closes</h1>{body}</article></body></html>"


def test_each_paragraph_is_scanned_for_chrome_phrases_once_however_many_there_are(monkeypatch):
    # past the 4096 entries of _paragraph_chrome's cache the guard used to scan every
    # paragraph twice (strip_chrome, then _chrome_of): 2× the work at 5000 paragraphs
    calls = []
    real = html_body._text_chrome
    monkeypatch.setattr(html_body, "_text_chrome", lambda p: calls.append(len(p)) or real(p))
    page = html_body._Page(lxml.html.fromstring(_synthetic_page(3)), None)
    for n in (1000, 5000):
        html_body._paragraph_chrome.cache_clear()
        calls.clear()
        page.candidate("test", _numbered(n))
        assert len(calls) == n


def _folded_chars(monkeypatch, run) -> int:
    scanned = [0]
    real = html_body._fold
    monkeypatch.setattr(html_body, "_fold", lambda t: scanned.__setitem__(0, scanned[0] + len(t)) or real(t))
    run()
    monkeypatch.setattr(html_body, "_fold", real)
    return scanned[0]


def test_structural_pruning_reads_nested_furniture_classes_in_linear_work(monkeypatch):
    # summary-classed wrappers nested 40 and 80 deep, each over standfirst length (kept):
    # measuring each one's text apart was quadratic in the depth
    def page(depth: int) -> str:
        para = f"<p>{ARTICLE_EN[0]} {ARTICLE_EN[1]} {ARTICLE_EN[2]} {ARTICLE_EN[3]}</p>"
        return (
            "<html><body>"
            + f"<div class='entry-summary'>{para}" * depth
            + "</div>" * depth
            + "</body></html>"
        )

    work = [
        _folded_chars(monkeypatch, lambda d=d: html_body._without_furniture(lxml.html.fromstring(page(d))))
        for d in (40, 80)
    ]
    assert work[1] <= 2.2 * work[0]


def test_the_body_cascade_does_linear_work_on_a_page_of_repeated_paragraphs(monkeypatch):
    pages = [lxml.html.fromstring(_synthetic_page(n)) for n in (300, 600)]
    work = []
    for tree in pages:
        html_body._paragraph_chrome.cache_clear()
        got: list = []
        work.append(
            _folded_chars(monkeypatch, lambda tree=tree, got=got: got.extend(body_paragraphs(tree, None)))
        )
        assert len(got) >= 290
    assert work[1] <= 2.2 * work[0]


def test_trim_edges_drops_a_long_run_of_furniture_lines():
    lines = ["2021-06-28 09:30 Source: Xinhua Reporter: Li Wei"] * 3 + ARTICLE_EN
    assert trim_edges(lines, None) == ARTICLE_EN


# ---- standfirst ---------------------------------------------------------------------------
DEK = "Inspectors found cracks in three concrete supports; ferries move to the south terminal."


def _article(header: str, *, before: str = "", after: str = "") -> lxml.html.HtmlElement:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE_EN)
    return lxml.html.fromstring(
        f"<html><body>{before}<article><header><h1>Northern pier to close</h1>{header}</header>"
        f"{body}</article>{after}</body></html>"
    )


@pytest.mark.parametrize(
    "header",
    [
        f'<p class="article-standfirst">{DEK}</p>',
        f'<div class="c-dek">  {DEK}\n </div>',
        f'<h2 class="subtitle">{DEK}</h2>',
        f'<div class="post_summary"><p>{DEK}</p></div>',
        f'<p class="strapline">{DEK}</p>',
        f'<p class="lead-text">{DEK}</p>',
    ],
)
def test_standfirst_text_is_the_dek_under_the_headline(header):
    assert html_body.standfirst_text(_article(header)) == DEK


def test_standfirst_text_is_pruned_from_the_body_but_kept_apart():
    tree = _article(f'<p class="standfirst">{DEK}</p>')
    assert DEK not in body_paragraphs(tree, None)
    assert html_body.standfirst_text(tree, body_paragraphs(tree, None)) == DEK


def test_standfirst_text_folds_whitespace_and_takes_the_first_one():
    tree = _article(
        f'<p class="dek">Inspectors   found\n cracks <b>in three</b> supports.</p><p class="summary">{DEK}</p>'
    )
    assert html_body.standfirst_text(tree) == "Inspectors found cracks in three supports."


def test_standfirst_text_is_none_without_a_dek():
    assert html_body.standfirst_text(_article("")) is None
    assert html_body.standfirst_text(_article('<p class="byline">By Jane Doe</p>')) is None


def test_standfirst_text_is_never_the_body_text_itself():
    long = " ".join(ARTICLE_EN)  # an "entry-summary" holding the text: over standfirst length
    assert html_body.standfirst_text(_article(f'<div class="entry-summary">{long}</div>')) is None
    # a lead <p> that the body kept as its first paragraph is not repeated
    tree = lxml.html.fromstring(
        "<html><body><article><h1>Northern pier to close</h1>"
        + "".join(f"<p{' class=lead' if i == 0 else ''}>{p}</p>" for i, p in enumerate(ARTICLE_EN))
        + "</article></body></html>"
    )
    assert html_body.standfirst_text(tree) == ARTICLE_EN[0]  # without the body: a dek
    assert html_body.standfirst_text(tree, body_paragraphs(tree, None)) is None


def test_standfirst_text_is_never_chrome_nor_far_from_the_top():
    consent = (
        '<p class="summary">We use cookies to improve your experience. Accept all cookies to continue.</p>'
    )
    assert html_body.standfirst_text(_article(consent)) is None
    teasers = f'<aside><p class="summary">{DEK}</p></aside>'
    assert html_body.standfirst_text(_article("", after=teasers)) is None
    nav = f'<nav><p class="summary">{DEK}</p></nav>'
    assert html_body.standfirst_text(_article("", before=nav)) is None
    related = f'<div class="related"><p class="summary">{DEK}</p></div>'
    assert html_body.standfirst_text(_article("", after=related)) is None
    linked = f'<p class="summary"><a href="/other">{DEK}</a></p>'
    assert html_body.standfirst_text(_article(linked)) is None
    assert html_body.standfirst_text(_article(f'<p class="subtitle">{"Northern pier to close"}</p>')) is None
    assert html_body.standfirst_text(_article(f'<p class="subtitle">{DEK * 8}</p>')) is None


def test_standfirst_text_is_never_part_of_the_headline():
    tree = lxml.html.fromstring(
        '<html><body><article><h1><span class="subtitle">Harbour works in the north</span> '
        "Northern pier to close</h1>"
        + "".join(f"<p>{p}</p>" for p in ARTICLE_EN)
        + "</article></body></html>"
    )
    assert html_body.standfirst_text(tree) is None
