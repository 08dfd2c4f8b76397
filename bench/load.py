"""A bounded loopback load run of ``dateline serve``: uvicorn in a thread on 127.0.0.1
(a free port), a few concurrent httpx clients requesting a mix of API routes and pages
for a fixed time; prints requests, errors, requests/s and latency p50/p95/p99/max.

    .venv/bin/python bench/load.py                     # 30 s, 4 clients, a generated corpus
    .venv/bin/python bench/load.py --seconds 3         # the smoke tests/test_web_security.py runs
    .venv/bin/python bench/load.py --db dateline.db    # an existing corpus (opened read-only)

Without ``--db`` the corpus is the hand-built one of tests/test_web_api.py (28 articles,
no NLP model).  An error is a transport failure or any status other than 200; the run
exits 1 when there was one.  Nothing leaves the machine: the server binds 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parents[1]


def _paths(db: Path) -> list[str]:
    """The request mix: searches (words, facets, date sort, a second page), an article as
    JSON and as a page, entities, an entity, quotes, events, stats, the search page."""
    from dateline.store import SQLiteCorpus

    with SQLiteCorpus(db, readonly=True) as c:
        ids = [r[0] for r in c.db.execute("SELECT id FROM articles ORDER BY rowid LIMIT 5")]
        ent = c.db.execute("SELECT id, name FROM identities ORDER BY articles DESC LIMIT 1").fetchone()
        word = "tram" if c.db.execute("SELECT 1 FROM articles WHERE body LIKE '%tram%'").fetchone() else "the"
    paths = [
        f"/api/search?q={word}",
        f"/api/search?q={word}&sort=date&limit=5",
        "/api/search?limit=10",
        "/api/entities?limit=20",
        "/api/quotes?limit=20",
        "/api/events?limit=20",
        "/api/stats",
        f"/search?q={word}",
    ]
    for i in ids[:3]:
        paths += [f"/api/articles/{i}", f"/article/{i}"]
    if ent:
        paths += [f"/api/entities/{ent[0]}", f"/api/search?entity={ent[1]}"]
    return paths


class Server:
    """uvicorn serving ``app`` on 127.0.0.1 in a daemon thread, on a free port."""

    def __init__(self, app: Any) -> None:
        self.config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(self.config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        sock = self.server.servers[0].sockets[0]
        self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _client(base: str, paths: list[str], deadline: float, start: int, out: dict[str, list]) -> None:
    lat, errors = [], []
    with httpx.Client(base_url=base, timeout=10) as http:
        i = start
        while time.monotonic() < deadline:
            path = paths[i % len(paths)]
            i += 1
            t = time.perf_counter()
            try:
                r = http.get(path)
                ok = r.status_code == 200
                _ = r.content
            except httpx.HTTPError as e:
                ok, r = False, e
            lat.append(time.perf_counter() - t)
            if not ok:
                errors.append(f"{path}: {getattr(r, 'status_code', r)!s}")
    out["lat"].extend(lat)
    out["errors"].extend(errors)


def _pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    qs = statistics.quantiles(values, n=1000, method="inclusive") if len(values) > 1 else values * 999
    return qs[min(998, max(0, round(p * 10) - 1))]


def run(db: Path | None = None, *, seconds: float = 30.0, clients: int = 4) -> dict[str, Any]:
    """One run; returns the figures (latencies in ms)."""
    sys.path.insert(0, str(ROOT))
    from dateline.web.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        if db is None:
            from tests.test_web_api import build_corpus

            db = build_corpus(Path(tmp) / "load.db")
        paths = _paths(db)
        app = create_app(db)
        out: dict[str, list] = {"lat": [], "errors": []}
        with Server(app) as srv:
            deadline = time.monotonic() + seconds
            threads = [
                threading.Thread(target=_client, args=(srv.url, paths, deadline, k * 3, out))
                for k in range(clients)
            ]
            t0 = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            took = time.monotonic() - t0
    lat = [x * 1000 for x in out["lat"]]
    return {
        "seconds": round(took, 2),
        "clients": clients,
        "requests": len(lat),
        "errors": len(out["errors"]),
        "error_sample": sorted(set(out["errors"]))[:5],
        "rps": round(len(lat) / took, 1) if took else 0.0,
        "p50_ms": round(_pct(lat, 50), 2),
        "p95_ms": round(_pct(lat, 95), 2),
        "p99_ms": round(_pct(lat, 99), 2),
        "max_ms": round(max(lat), 2) if lat else 0.0,
        "paths": len(paths),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="an existing corpus (default: a generated one)")
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    a = ap.parse_args(argv)
    res = run(a.db, seconds=a.seconds, clients=a.clients)
    if a.json:
        print(json.dumps(res))
    else:
        print(
            f"{res['requests']} requests in {res['seconds']} s from {res['clients']} clients "
            f"({res['rps']}/s) over {res['paths']} paths; errors {res['errors']}; "
            f"p50 {res['p50_ms']} ms, p95 {res['p95_ms']} ms, p99 {res['p99_ms']} ms, max {res['max_ms']} ms"
        )
        for e in res["error_sample"]:
            print("  error:", e)
    return 1 if res["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
