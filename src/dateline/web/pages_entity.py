"""The entity page: one corpus identity across the articles (store/identities.py), with
its articles per month as an SVG bar chart computed here and drawn by the template."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from . import browse
from .pages_common import not_found, render

router = APIRouter()

CHART_W, CHART_H, PAD_L, PAD_B, PAD_T = 640, 160, 28, 22, 10
BAR_MAX = 36  # px: one month alone is a bar, not a wall


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    month: str
    count: int
    label: bool  # print the month under it


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last and len(out) < 600:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def chart(per_month: list[tuple[str, int]]) -> dict:
    """Bars for every month from the first to the last (empty months included)."""
    good = [(m, n) for m, n in per_month if len(m) == 7 and m[:4].isdigit() and m[5:].isdigit()]
    if not good:
        return {"bars": [], "max": 0, "width": CHART_W, "height": CHART_H}
    counts = dict(good)
    months = _months(good[0][0], good[-1][0])
    top = max(counts.values())
    inner_w, inner_h = CHART_W - PAD_L - 4, CHART_H - PAD_B - PAD_T
    step = inner_w / len(months)
    every = max(1, len(months) // 8)
    w = round(min(max(step * 0.8, 1), BAR_MAX), 1)
    bars = []
    for i, m in enumerate(months):
        n = counts.get(m, 0)
        h = inner_h * n / top if top else 0
        bars.append(
            Bar(
                round(PAD_L + i * step + (step - w) / 2, 1),
                round(PAD_T + inner_h - h, 1),
                w,
                round(h, 1),
                m,
                n,
                i % every == 0,
            )
        )
    return {
        "bars": bars,
        "max": top,
        "width": CHART_W,
        "height": CHART_H,
        "base": PAD_T + inner_h,
        "left": PAD_L,
        "top": PAD_T,
    }


@router.get("/entity/{identity_id}", response_class=HTMLResponse)
def entity_page(request: Request, identity_id: int) -> HTMLResponse:
    db = request.app.state.corpus.db
    view = browse.identity(db, identity_id)
    if view is None:
        return not_found(request, f"no entity {identity_id}")
    group = view.group
    return render(
        request,
        "entity.html",
        ent=view,
        chart=chart(browse.articles_by_month(db, group)),
        articles=browse.entity_articles(db, group),
        quotes=browse.entity_quotes(db, group),
        as_actor=browse.entity_events(db, group, "actor"),
        as_target=browse.entity_events(db, group, "target"),
        related=browse.cooccurring(db, group),
        places=browse.cooccurring(db, group, places=True),
        title=view.name,
    )
