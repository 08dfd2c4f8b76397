"""Screenshots of the search, article, entity and map pages for the README.

    .venv/bin/dateline ingest examples/corpus --db dateline.db     # or: make demo
    .venv/bin/python docs/screenshots/take.py [--db dateline.db]

Serves the corpus on a free loopback port (uvicorn in a thread) and drives Debian's
chromium through Playwright (no browser download).  Writes docs/screenshots/*.png.
"""

from __future__ import annotations

import argparse
import socket
import sqlite3
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from dateline.web.app import create_app

OUT = Path(__file__).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pick(db: str) -> tuple[str, int]:
    """The article with the most events and the most-named entity (then most quoted/acting)."""
    con = sqlite3.connect(f"file:{Path(db).resolve()}?mode=ro", uri=True)
    article = con.execute(
        "SELECT a.id FROM articles a JOIN events e ON e.article_rowid = a.rowid"
        " GROUP BY a.rowid ORDER BY count(*) DESC, a.id LIMIT 1"
    ).fetchone()[0]
    person = con.execute(
        "SELECT i.id FROM identities i ORDER BY i.articles DESC,"
        " (SELECT count(*) FROM quotes q WHERE q.speaker_identity_id = i.id)"
        " + (SELECT count(*) FROM event_args g WHERE g.identity_id = i.id) DESC, i.id LIMIT 1"
    ).fetchone()
    con.close()
    return article, person[0]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="dateline.db")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(args.db), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    article, person = pick(args.db)
    shots = {
        "search": "/search?q=minist%2A",
        "article": f"/article/{article}",
        "entity": f"/entity/{person}",
        "map": "/map",
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"], headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name, path in shots.items():
            page.goto(base + path)
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=name in ("search", "entity"))
            print(f"{name}: {base}{path} -> {OUT / (name + '.png')}")
        browser.close()
    server.should_exit = True


if __name__ == "__main__":
    main()
