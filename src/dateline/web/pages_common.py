"""What every page module shares: rendering, the 404 page, paging and parameter checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

PER_PAGE = 20
MAX_PAGE = 500


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("title", "dateline")
    context.setdefault("nav", template.split(".")[0])
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status_code)


def not_found(request: Request, message: str) -> HTMLResponse:
    return render(request, "message.html", status_code=404, title="Not found", message=message)


def clean(value: str | None, limit: int = 200) -> str | None:
    """A query parameter as text: stripped, bounded, None when empty."""
    if value is None:
        return None
    value = "".join(ch for ch in value if ch.isprintable()).strip()[:limit]
    return value or None


@dataclass(frozen=True)
class Pager:
    page: int
    per_page: int
    total: int | None  # None: unknown (more may follow)
    has_next: bool
    base: dict[str, str]

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def url(self, page: int) -> str:
        return "?" + urlencode({**self.base, "page": str(page)})

    @property
    def pages(self) -> int | None:
        return None if self.total is None else max(1, -(-self.total // self.per_page))


def page_number(value: int | None) -> int:
    return min(max(1, value or 1), MAX_PAGE)


def query_string(params: dict[str, str | None], **change: str | None) -> str:
    """``?…`` for ``params`` with ``change`` applied (a None value removes the key)."""
    merged = {**params, **change}
    return "?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})
