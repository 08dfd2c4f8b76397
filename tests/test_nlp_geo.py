"""dateline.nlp.geo: countries, demonyms, bodies and place points, all offline.

Expected coordinates are public facts (city centres, representative points of seas and
regions), compared with a tolerance of ``TOLERANCE`` degrees."""

from __future__ import annotations

import json
import socket
import time
from importlib import resources

import pytest

from dateline.nlp import geo
from dateline.nlp.geo import (
    canonical_body,
    country_code,
    country_name,
    demonym_country,
    fold,
    resolve_place,
)

TOLERANCE = 0.5  # degrees
MAX_LOOKUP_SECONDS = 50e-6  # per resolve_place call once the index is built


@pytest.fixture(scope="module", autouse=True)
def _index() -> None:
    geo.preload()


def _near(got: dict | None, lat: float, lon: float) -> bool:
    assert got is not None
    return abs(got["lat"] - lat) <= TOLERANCE and abs(got["lon"] - lon) <= TOLERANCE


def _data(name: str) -> dict:
    return json.loads(resources.files("dateline.nlp").joinpath("data", name).read_text("utf-8"))


# ---- countries ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("US", "US"),
        ("U.S.", "US"),
        ("the U.S.", "US"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("United States", "US"),
        ("the United States", "US"),
        ("the United States of America", "US"),
        ("America", "US"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("Britain", "GB"),
        ("Great Britain", "GB"),
        ("United Kingdom", "GB"),
        ("South Korea", "KR"),
        ("Republic of Korea", "KR"),
        ("North Korea", "KP"),
        ("DPRK", "KP"),
        ("Iran", "IR"),
        ("Syria", "SY"),
        ("Venezuela", "VE"),
        ("Taiwan", "TW"),
        ("Vietnam", "VN"),
        ("Viet Nam", "VN"),
        ("Czech Republic", "CZ"),
        ("Czechia", "CZ"),
        ("Ivory Coast", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"),
        ("DR Congo", "CD"),
        ("Republic of the Congo", "CG"),
        ("Burma", "MM"),
        ("Holland", "NL"),
        ("the Netherlands", "NL"),
        ("Türkiye", "TR"),
        ("UAE", "AE"),
        ("Palestine", "PS"),
        ("Kosovo", "XK"),
        ("GERMANY", "DE"),
    ],
)
def test_geo_country_code_variants(name: str, code: str) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize(
    "name",
    ["Congo", "Korea", "us", "Us", "Russian", "Americans", "Atlantis", "Soviet Union", "Moscow", "", "   "],
)
def test_geo_country_code_none_for_non_countries(name: str) -> None:
    assert country_code(name) is None


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("US", "United States"),
        ("RU", "Russia"),
        ("GB", "United Kingdom"),
        ("KR", "South Korea"),
        ("KP", "North Korea"),
        ("IR", "Iran"),
        ("SY", "Syria"),
        ("VN", "Vietnam"),
        ("NL", "Netherlands"),
        ("us", "United States"),
    ],
)
def test_geo_country_name_is_the_usual_short_name(code: str, name: str) -> None:
    assert country_name(code) == name


def test_geo_country_name_round_trips_for_every_country() -> None:
    codes = geo._names().display
    assert len(codes) >= 245
    assert {c: country_code(country_name(c)) for c in codes} == {c: c for c in codes}


@pytest.mark.parametrize("code", ["XX", "USA", ""])
def test_geo_country_name_unknown_code_says_what_to_pass(code: str) -> None:
    with pytest.raises(ValueError, match="ISO 3166 alpha-2"):
        country_name(code)


# ---- demonyms and bodies ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Russian", "RU"),
        ("Russians", "RU"),
        ("American", "US"),
        ("Americans", "US"),
        ("Chinese", "CN"),
        ("British", "GB"),
        ("Briton", "GB"),
        ("Scottish", "GB"),
        ("Syrian", "SY"),
        ("Ukrainian", "UA"),
        ("Israeli", "IL"),
        ("Palestinian", "PS"),
        ("Dutch", "NL"),
        ("Filipinos", "PH"),
        ("South Korean", "KR"),
        ("North Korean", "KP"),
        ("Ivorian", "CI"),
        ("french", "FR"),
        ("Korean", None),
        ("Congolese", None),
        ("European", None),
        ("Russia", None),
        ("Martian", None),
    ],
)
def test_geo_demonyms(word: str, code: str | None) -> None:
    assert demonym_country(word) == code


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("UN", "United Nations"),
        ("U.N.", "United Nations"),
        ("the U.N.", "United Nations"),
        ("United Nations", "United Nations"),
        ("the United Nations", "United Nations"),
        ("EU", "European Union"),
        ("E.U.", "European Union"),
        ("European Union", "European Union"),
        ("NATO", "NATO"),
        ("Nato", "NATO"),
        ("North Atlantic Treaty Organization", "NATO"),
        ("WHO", "World Health Organization"),
        ("World Health Organisation", "World Health Organization"),
        ("IMF", "International Monetary Fund"),
        ("OPEC", "OPEC"),
        ("Opec", "OPEC"),
        ("ASEAN", "ASEAN"),
        ("Association of Southeast Asian Nations", "ASEAN"),
        ("African Union", "African Union"),
        ("AU", "African Union"),
        ("UN Security Council", "UN Security Council"),
        ("U.N. Security Council", "UN Security Council"),
        ("G-7", "G7"),
        ("IAEA", "International Atomic Energy Agency"),
    ],
)
def test_geo_bodies_have_one_name(name: str, body: str) -> None:
    assert canonical_body(name) == body


@pytest.mark.parametrize("name", ["who", "un", "eu", "Google", "Security Council of Elrond", "ICC", ""])
def test_geo_bodies_unknown_or_lowercase_acronym_is_none(name: str) -> None:
    assert canonical_body(name) is None


# ---- places -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "countries", "lat", "lon", "country"),
    [
        ("Sochi", ["RU", "US"], 43.60, 39.73, "RU"),
        ("Helsinki", [], 60.17, 24.94, "FI"),
        ("Moscow", [], 55.75, 37.62, "RU"),
        ("Moscow", ["US"], 55.75, 37.62, "RU"),  # Moscow, Idaho (25k) is dwarfed
        ("Washington", ["US"], 38.90, -77.04, "US"),  # the capital, not the state
        ("Washington", [], 38.90, -77.04, "US"),
        ("Washington, D.C.", [], 38.90, -77.04, "US"),
        ("D.C.", [], 38.90, -77.04, "US"),
        ("New York", [], 40.71, -74.01, "US"),  # the city, not the state
        ("Kiev", [], 50.45, 30.52, "UA"),  # alternate name
        ("Bombay", [], 19.07, 72.88, "IN"),
        ("St. Petersburg", [], 59.94, 30.31, "RU"),
        ("São Paulo", [], -23.55, -46.63, "BR"),
        ("Sao Paulo", [], -23.55, -46.63, "BR"),
        ("Beijing", ["CN"], 39.90, 116.40, "CN"),
    ],
)
def test_geo_cities(name: str, countries: list[str], lat: float, lon: float, country: str) -> None:
    got = resolve_place(name, countries=countries)
    assert _near(got, lat, lon), got
    assert got is not None and got["country"] == country and got["kind"] == "city"


@pytest.mark.parametrize(
    ("name", "countries", "lat", "lon", "country"),
    [
        ("Birmingham", [], 52.48, -1.90, "GB"),
        ("Birmingham", ["US"], 33.52, -86.80, "US"),
        ("London", [], 51.51, -0.13, "GB"),
        ("London", ["CA"], 42.98, -81.23, "CA"),
        ("Valencia", ["ES"], 39.47, -0.38, "ES"),
        ("Valencia", ["VE"], 10.16, -68.00, "VE"),
        ("Paris", [], 48.86, 2.35, "FR"),
        ("Paris", ["US"], 48.86, 2.35, "FR"),  # Paris, Texas: 1% of Paris, under 50k
    ],
)
def test_geo_namesake_cities_resolved_by_context(
    name: str, countries: list[str], lat: float, lon: float, country: str
) -> None:
    got = resolve_place(name, countries=countries)
    assert _near(got, lat, lon), got
    assert got is not None and got["country"] == country


@pytest.mark.parametrize(
    ("countries", "kind", "country", "lat", "lon"),
    [
        (["US"], "admin", "US", 32.65, -83.44),  # the state: the article is about the US
        ([], "country", "GE", 42.32, 43.36),
        (["US", "GE"], "country", "GE", 42.32, 43.36),  # the country is named too
        (["RU"], "country", "GE", 42.32, 43.36),
    ],
)
def test_geo_georgia_follows_the_articles_countries(
    countries: list[str], kind: str, country: str, lat: float, lon: float
) -> None:
    got = resolve_place("Georgia", countries=countries)
    assert got is not None and (got["kind"], got["country"]) == (kind, country)
    assert _near(got, lat, lon), got


@pytest.mark.parametrize(
    ("name", "kind", "country", "lat", "lon"),
    [
        ("Crimea", "region", "UA", 45.3, 34.4),
        ("the Crimean Peninsula", "region", "UA", 45.3, 34.4),
        ("Black Sea", "water", None, 43.4, 34.0),
        ("the Black Sea", "water", None, 43.4, 34.0),
        ("Central and Eastern Europe", "region", None, 50.0, 20.0),
        ("Baltic Sea", "water", None, 58.5, 19.5),
        ("the Mediterranean", "water", None, 35.0, 18.0),
        ("South China Sea", "water", None, 12.0, 113.0),
        ("Persian Gulf", "water", None, 26.5, 52.0),
        ("Strait of Hormuz", "water", None, 26.6, 56.4),
        ("Taiwan Strait", "water", None, 24.5, 119.5),
        ("Red Sea", "water", None, 20.0, 38.5),
        ("Gaza Strip", "region", "PS", 31.42, 34.37),
        ("West Bank", "region", "PS", 31.95, 35.25),
        ("Golan Heights", "region", "SY", 33.0, 35.75),
        ("Donbas", "region", "UA", 48.0, 38.5),
        ("Korean Peninsula", "region", None, 38.0, 127.5),
        ("Europe", "region", None, 48.69, 9.14),
        ("Scotland", "admin", "GB", 56.8, -4.2),
        ("Texas", "admin", "US", 31.1, -99.3),
        ("California", "admin", "US", 37.2, -119.4),
        ("New York state", "admin", "US", 42.9, -75.5),
        ("Victoria", "admin", "AU", -37.0, 144.3),
    ],
)
def test_geo_regions_seas_and_divisions(
    name: str, kind: str, country: str | None, lat: float, lon: float
) -> None:
    got = resolve_place(name, label="LOC")
    assert got is not None and (got["kind"], got["country"]) == (kind, country), got
    assert _near(got, lat, lon), got


@pytest.mark.parametrize("label", ["GPE", "LOC"])
@pytest.mark.parametrize(
    ("name", "code", "geonames_id"),
    [("Russia", "RU", 2017370), ("the United States", "US", 6252001), ("Britain", "GB", 2635167)],
)
def test_geo_country_names_are_the_country(label: str, name: str, code: str, geonames_id: int) -> None:
    got = resolve_place(name, label=label)
    assert got is not None
    assert (got["kind"], got["country"], got["geonames_id"]) == ("country", code, geonames_id)


def test_geo_country_point_is_not_its_capital() -> None:
    russia, moscow = resolve_place("Russia"), resolve_place("Moscow")
    assert russia is not None and moscow is not None
    assert abs(russia["lon"] - moscow["lon"]) > 30  # a centroid in Siberia, not Moscow
    assert 50 < russia["lat"] < 70 and 60 < russia["lon"] < 140


@pytest.mark.parametrize(
    ("name", "countries"),
    [
        ("Xyzzyville", []),
        ("Narnia", []),
        ("Middle-earth", []),
        ("", []),
        ("   ", []),
        ("Springfield", []),  # Missouri 169k vs Massachusetts 155k: ambiguous
        ("Springfield", ["US"]),
        ("Valencia", []),  # Venezuela 1.6M vs Spain 0.8M: ambiguous without context
        ("Punjab", []),  # a division of two countries, no point known
        ("Russian", []),  # a bare demonym is not a place
        ("Russians", []),
        ("Congo", []),  # CD or CG
        ("White House", []),  # an alternate name of Casablanca
        ("Hamas", []),
        ("Soviet Union", []),
    ],
)
def test_geo_unknown_or_ambiguous_names_are_none(name: str, countries: list[str]) -> None:
    assert resolve_place(name, countries=countries) is None


@pytest.mark.parametrize(
    ("name", "label"), [("Paris", "PERSON"), ("Russia", "NORP"), ("Moscow", "ORG"), ("Sochi", "")]
)
def test_geo_only_gpe_and_loc_are_places(name: str, label: str) -> None:
    assert resolve_place(name, label=label) is None


def test_geo_result_shape_and_a_fresh_dict_each_call() -> None:
    got = resolve_place("Helsinki")
    assert got is not None
    assert set(got) == {"name", "lat", "lon", "country", "geonames_id", "kind"}
    assert got["geonames_id"] == 658225 and got["name"] == "Helsinki"
    got["lat"] = 0.0
    assert resolve_place("Helsinki")["lat"] != 0.0  # type: ignore[index]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("the U.S.", "us"),
        ("Côte d’Ivoire", "cote d'ivoire"),
        ("St. Petersburg", "saint petersburg"),
        ("Guinea-Bissau", "guinea bissau"),
        ("  São   Paulo ", "sao paulo"),
        ("Tromsø", "tromso"),
        ("The", "the"),
    ],
)
def test_geo_fold(name: str, key: str) -> None:
    assert fold(name) == key


# ---- data files, speed, no network --------------------------------------------------------
def test_geo_places_data_is_well_formed() -> None:
    raw = _data("places.json")
    kinds = {"region", "water", "admin"}
    seen: dict[str, str] = {}
    for entry in raw["places"]:
        assert entry["kind"] in kinds, entry
        assert -90 <= entry["lat"] <= 90 and -180 <= entry["lon"] <= 180, entry
        assert entry["country"] is None or country_name(entry["country"]), entry
        for n in [entry["name"], *entry["aliases"]]:
            assert seen.setdefault(fold(n), entry["name"]) == entry["name"], f"{n!r} names two places"
    points = raw["countries"]
    assert set(geo._names().display) <= set(points)
    assert sum(p is not None for p in points.values()) >= 245


def test_geo_every_country_alias_and_demonym_names_a_known_country() -> None:
    raw = _data("country_aliases.json")
    codes = set(geo._names().display)
    for section in ("aliases", "acronyms", "demonyms"):
        assert {c for c in raw[section].values() if c is not None} <= codes, section


def test_geo_lookup_is_fast_once_built() -> None:
    names = ["Sochi", "Black Sea", "Xyzzyville", "Georgia", "the United States", "Birmingham", "Kiev"]
    n = 2000
    start = time.perf_counter()
    for _ in range(n):
        for name in names:
            resolve_place(name, countries=("RU", "US"))
    per_call = (time.perf_counter() - start) / (n * len(names))
    assert per_call < MAX_LOOKUP_SECONDS, f"{per_call * 1e6:.1f} µs per call"


def test_geo_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("dateline.nlp.geo opened a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    geo._names.cache_clear()
    geo._gazetteer.cache_clear()
    try:
        assert resolve_place("Sochi", countries=["RU"])["country"] == "RU"  # type: ignore[index]
        assert country_code("U.S.") == "US"
    finally:
        geo.preload()
