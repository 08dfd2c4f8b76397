"""The map page: places with counts over a world outline drawn on the server, offline.

The outline is Natural Earth 110m as TopoJSON from the npm package world-atlas 2.0.2
(static/vendor/countries-110m.json, see static/vendor/README.md).  :func:`world` decodes
it (quantized arcs: delta-decoded, then the transform) and projects it equirectangularly
to SVG path strings, once per process.  Places come from the entities' ``geo``
(browse.places); each circle's area grows with its article count and links to the
place's entity page.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from . import browse
from .app import STATIC
from .pages_common import render

router = APIRouter()

WIDTH = 960
SCALE = WIDTH / 360  # px per degree
NORTH, SOUTH = 84.0, -58.0  # the visible band (Antarctica cut)
HEIGHT = round((NORTH - SOUTH) * SCALE)
WORLD = STATIC / "vendor" / "countries-110m.json"


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon + 180.0) * SCALE, (NORTH - lat) * SCALE


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Every arc as (lon, lat) points: quantized positions are deltas from the previous
    point of the arc; the transform scales and translates them back to degrees."""
    tf = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        pts = []
        if tf:
            (sx, sy), (tx, ty) = tf["scale"], tf["translate"]
            x = y = 0
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
        else:
            pts = [(p[0], p[1]) for p in arc]
        arcs.append(pts)
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A ring from arc indexes; ~i (negative) is arc i reversed; shared ends kept once."""
    out: list[tuple[float, float]] = []
    for i in indexes:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(pts[1:] if out else pts)
    return out


def _unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Longitudes made continuous: a ring crossing the antimeridian runs past ±180
    instead of drawing a line across the whole map."""
    out = [ring[0]]
    for lon, lat in ring[1:]:
        prev = out[-1][0]
        while lon - prev > 180:
            lon -= 360
        while lon - prev < -180:
            lon += 360
        out.append((lon, lat))
    return out


def _path(rings: list[list[tuple[float, float]]]) -> str:
    """SVG path data; a ring that runs past ±180 is drawn again one world over, so both
    of its halves show (the view box clips the rest)."""
    parts = []
    for ring in rings:
        if len(ring) < 3:
            continue
        ring = _unwrap(ring)
        lons = [lon for lon, _ in ring]
        shifts = [0.0]
        if max(lons) > 180:
            shifts.append(-360.0)
        if min(lons) < -180:
            shifts.append(360.0)
        for shift in shifts:
            xy = [project(lon + shift, lat) for lon, lat in ring]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
    return "".join(parts)


@lru_cache(maxsize=1)
def world() -> tuple[tuple[str, str], ...]:
    """(country name, SVG path) for every country of the outline."""
    topo = json.loads(WORLD.read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    out = []
    for geom in topo["objects"]["countries"]["geometries"]:
        kind, gar = geom.get("type"), geom.get("arcs") or []
        polygons = [gar] if kind == "Polygon" else gar if kind == "MultiPolygon" else []
        rings = [_ring(r, arcs) for poly in polygons for r in poly]
        d = _path(rings)
        if d:
            out.append(((geom.get("properties") or {}).get("name", ""), d))
    return tuple(out)


def circles(places: list[browse.Place]) -> list[dict]:
    top = max((p.articles for p in places), default=1)
    out = []
    for p in sorted(places, key=lambda p: -p.articles):  # big first, small on top
        if not (-90 <= p.lat <= 90 and -180 <= p.lon <= 180):
            continue
        x, y = project(p.lon, p.lat)
        out.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "r": round(3 + 11 * math.sqrt(p.articles / top), 1),
                "place": p,
            }
        )
    return out


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    places = browse.places(request.app.state.corpus.db)
    return render(
        request,
        "map.html",
        countries=world(),
        circles=circles(places),
        places=sorted(places, key=lambda p: (-p.articles, p.name)),
        width=WIDTH,
        height=HEIGHT,
        title="Map",
    )
