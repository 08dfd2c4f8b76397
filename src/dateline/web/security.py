"""Security for ``dateline serve``: headers on every response, request size and time
limits, and errors as JSON ``{"error": message}`` — never a stack trace.

:func:`install` adds one pure ASGI middleware (:class:`Guard`) and the exception
handlers.  The middleware sits inside Starlette's ServerErrorMiddleware and outside the
routes, so it sees every response — pages, ``/api``, static files, 404s and errors:

- **Headers**: a Content-Security-Policy with no inline script (:data:`CSP`), ``nosniff``,
  ``X-Frame-Options: DENY``, ``Referrer-Policy: no-referrer``.  FastAPI's ``/docs`` and
  ``/redoc`` pages load Swagger UI / ReDoc from a CDN with an inline start-up script, so
  those two paths (and only they) get :data:`DOCS_CSP`; they show the OpenAPI
  description, never article text.
- **Body size**: a ``Content-Length`` over the limit is answered 413 before the app runs;
  a chunked body is counted as it is read and stopped at the limit (413).
- **Time**: a request whose response has not started within the limit is answered 503
  with a JSON message (the work is cancelled; a sync route's thread finishes on its own
  and its result is dropped).  A streaming response that has started (``/api/export``)
  is not cut: its generator is memory-flat and the client may stop it.
- **Errors**: an exception no handler took becomes ``500 {"error": "internal error"}``
  (the traceback goes to the log only).
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import StoreError, UsageError

log = logging.getLogger("dateline.web")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# /docs and /redoc only (module docstring): FastAPI's pages pull their UI from jsDelivr.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
DOCS_PATHS = ("/docs", "/docs/oauth2-redirect", "/redoc")
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}

MAX_BODY = 64 * 1024  # bytes; the API and pages only read query strings
TIME_LIMIT_S = 10.0


class BodyTooLarge(StarletteHTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over {limit} bytes")


def _json(status: int, message: str) -> tuple[Message, Message]:
    body = json.dumps({"error": message}).encode()
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
    }
    return start, {"type": "http.response.body", "body": body}


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    csp = DOCS_CSP if path in DOCS_PATHS else CSP
    return [(b"content-security-policy", csp.encode())] + [
        (k.encode(), v.encode()) for k, v in HEADERS.items()
    ]


class Guard:
    """The ASGI middleware of this module (headers, size, time, last-resort errors)."""

    def __init__(self, app: ASGIApp, *, max_body: int = MAX_BODY, time_limit: float = TIME_LIMIT_S) -> None:
        self.app = app
        self.max_body = max_body
        self.time_limit = time_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers(scope.get("path", ""))
        started = asyncio.Event()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                ours = {k for k, _ in extra}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in ours]
                message = {**message, "headers": kept + extra}
                started.set()
            await send(message)

        async def reply(status: int, text: str) -> None:
            start, body = _json(status, text)
            await send_with_headers(start)
            await send(body)

        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.strip().isdigit() or int(length) > self.max_body):
            await reply(413, f"request body over {self.max_body} bytes")
            return

        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        task = asyncio.ensure_future(self.app(scope, limited_receive, send_with_headers))
        waiter = asyncio.ensure_future(started.wait())
        try:
            done, _ = await asyncio.wait(
                {task, waiter}, timeout=self.time_limit, return_when="FIRST_COMPLETED"
            )
            if not done:
                task.cancel()
                log.warning("request over %.1f s: %s", self.time_limit, scope.get("path"))
                await reply(503, f"the request took longer than {self.time_limit:g} s; narrow it down")
                return
            await task
        except BodyTooLarge as e:
            if not started.is_set():
                await reply(413, str(e.detail))
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("unhandled error on %s", scope.get("path"))
            if not started.is_set():
                await reply(500, "internal error")
        finally:
            waiter.cancel()


def _message(exc: StarletteHTTPException) -> str:
    detail = exc.detail
    return detail if isinstance(detail, str) else json.dumps(detail)


def _reason(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{loc}: {err.get('msg', 'invalid')}" if loc else str(err.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return JSONResponse({"error": _message(exc)}, status_code=exc.status_code, headers=exc.headers)


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return JSONResponse({"error": _reason(exc)}, status_code=422)


async def store_error(request: Request, exc: Exception) -> JSONResponse:
    # The store raises StoreError, the query language and export UsageError (a
    # QueryError) for what the request asked badly (a date it cannot read, a query it
    # cannot parse or FTS5 refused): the caller's to fix.
    return JSONResponse({"error": str(exc)}, status_code=422)


def install(app: Any, *, max_body: int = MAX_BODY, time_limit: float = TIME_LIMIT_S) -> None:
    """Add the security headers, the size and time limits and the JSON error handlers."""
    assert isinstance(app, FastAPI)
    app.add_middleware(Guard, max_body=max_body, time_limit=time_limit)
    # A handler the app registered first (an HTML error page, say) is kept; FastAPI's
    # own defaults (``{"detail": …}``) are replaced.
    from fastapi import exception_handlers as defaults

    builtin = (defaults.http_exception_handler, defaults.request_validation_exception_handler, None)
    for exc, handler in (
        (StarletteHTTPException, http_error),
        (RequestValidationError, validation_error),
        (StoreError, store_error),
        (UsageError, store_error),
    ):
        if app.exception_handlers.get(exc) in builtin:
            app.add_exception_handler(exc, handler)
