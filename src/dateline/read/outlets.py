"""Known news outlets: their names as printed, their web domains, the zone they print
times in, and whether they are a wire agency (``data/outlets.json``).

The table is *help*, never the only evidence: a text-dump header line is an outlet line by
its place and shape first (short, name-like, no sentence); the table confirms it, names the
outlet canonically, and says which zone a zone-less stamp of that outlet is in (Xinhua,
Global Times and China Daily print Beijing time).  On HTML it turns a domain into a name
when a page carries no usable ``og:site_name`` / JSON-LD publisher.

    lookup("Xinhua News Agency")  -> Outlet(name="Xinhua", kind="agency", zone="Asia/Shanghai")
    by_host("english.news.cn")    -> the same Outlet
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

__all__ = ["Outlet", "by_host", "is_agency", "lookup", "outlets"]


@dataclass(frozen=True)
class Outlet:
    name: str  # canonical name, as the outlet writes it in English
    aliases: tuple[str, ...]  # other printed forms (own-script names, abbreviations)
    domains: tuple[str, ...]  # registrable domains and sub-sites, no "www."
    zone: str | None  # IANA zone of the times it prints, when known; None when it varies
    kind: str  # "agency" (wire service) | "outlet"
    country: str | None  # ISO 3166-1 alpha-2

    @property
    def tz(self) -> ZoneInfo | None:
        return ZoneInfo(self.zone) if self.zone else None


def fold(text: str) -> str:
    """Compare names loosely: case, accents, punctuation, a leading "The" and spacing."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"^the\s+", "", text.strip())
    return "".join(ch for ch in text if ch.isalnum())


@cache
def outlets() -> tuple[Outlet, ...]:
    path = resources.files(__package__ or "dateline.read").joinpath("data").joinpath("outlets.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for item in raw["outlets"]:
        outlet = Outlet(
            name=item["name"],
            aliases=tuple(item.get("aliases", ())),
            domains=tuple(d.lower().removeprefix("www.") for d in item.get("domains", ())),
            zone=item.get("zone"),
            kind=item.get("kind", "outlet"),
            country=item.get("country"),
        )
        if outlet.zone:
            ZoneInfo(outlet.zone)  # fail on a typo when the table loads, not on an article
        out.append(outlet)
    return tuple(out)


@cache
def _by_name() -> dict[str, Outlet]:
    table: dict[str, Outlet] = {}
    for outlet in outlets():
        for form in (outlet.name, *outlet.aliases):
            key = fold(form)
            if key:
                table.setdefault(key, outlet)
    return table


@cache
def _by_domain() -> dict[str, Outlet]:
    return {d: o for o in outlets() for d in o.domains}


def lookup(text: str | None) -> Outlet | None:
    """The outlet a printed name stands for ("Xinhua News Agency", "新华网"), or None."""
    if not text:
        return None
    return _by_name().get(fold(text))


def by_host(host: str | None) -> Outlet | None:
    """The outlet of a host name, by its longest known domain suffix, or None."""
    if not host:
        return None
    labels = host.lower().strip(".").removeprefix("www.").split(".")
    table = _by_domain()
    for i in range(len(labels) - 1):
        hit = table.get(".".join(labels[i:]))
        if hit is not None:
            return hit
    return None


def is_agency(text: str | None) -> bool:
    outlet = lookup(text)
    return outlet is not None and outlet.kind == "agency"
