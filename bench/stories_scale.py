"""Does story clustering stay under a minute per 10,000 new articles as the store grows?

Generated articles go straight into a temporary store (the schema from SQLiteCorpus; rows
inserted into articles, identities, entities and events, no NLP): ``--happenings``
underlying happenings spread over ``--days`` (two years for 100,000: ~140 a day), each reported 1–10 times (a tenth of them
once: noise) by reports sharing the happening's topic words, its entities and an event
type, in their own mix of the common vocabulary.  The articles arrive in publication
order, ``--step`` at a time; each step is assigned as the store's queue assigns it
(stories.assign in chunks of 256, one transaction each) and timed.

    .venv/bin/python bench/stories_scale.py                     # 100,000 articles, steps of 10,000
    .venv/bin/python bench/stories_scale.py --articles 20000

Prints a table (articles stored, seconds for the step, articles per second, stories) and
the B-cubed F1 of the stories against the generated happenings.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dateline.store import SQLiteCorpus, stories

CHUNK = 256
PLOVER = ["ASSAULT", "PROTEST", "AGREE", "CONSULT", "ACCUSE", "COERCE", "AID", "SANCTION"]
TYPES = ["PERSON", "ORG", "GPE"]


def word(i: int) -> str:
    """A made-up word of letters only (the term tokenizer skips digits)."""
    letters = "bcdfghjklmnpqrstvwxz"
    out = "qu"
    while True:
        out += letters[i % 20] + "aeiou"[i // 20 % 5]
        i //= 100
        if i == 0:
            return out


def happenings(n: int, days: int, rng: random.Random) -> list[dict]:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    out = []
    for h in range(n):
        reports = 1 if rng.random() < 0.1 else rng.randint(2, 10)
        out.append(
            {
                "when": start + timedelta(minutes=rng.randint(0, days * 24 * 60)),
                "topic": [word(rng.randint(2000, 40000)) for _ in range(10)],
                "entities": [rng.randint(1, 30000) for _ in range(4)],
                "plover": rng.choice(PLOVER),
                "reports": reports,
                "id": h,
            }
        )
    return out


def articles(events: list[dict], rng: random.Random) -> list[dict]:
    out = []
    for h in events:
        for r in range(h["reports"]):
            when = h["when"] + timedelta(minutes=rng.randint(0, 3 * 24 * 60))
            topic = rng.sample(h["topic"], 7)
            common = [word(int(rng.paretovariate(1.1)) % 2000) for _ in range(90)]
            body = " ".join(rng.sample(topic * 3 + common, 111))
            names = rng.sample(h["entities"], 3) + [rng.randint(1, 30000)]
            out.append(
                {
                    "title": " ".join(topic[:4] + common[:2]),
                    "body": body,
                    "published": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "source": f"Outlet {rng.randint(1, 200)}",
                    "names": names,
                    "plover": h["plover"] if rng.random() < 0.7 else rng.choice(PLOVER),
                    "key": f"{h['id']}-{r}",
                }
            )
    out.sort(key=lambda a: a["published"])
    return out


def insert(db: sqlite3.Connection, batch: list[dict]) -> list[int]:
    rowids = []
    db.execute("BEGIN")
    for a in batch:
        record = json.dumps({"entities": []})
        rowid = db.execute(
            "INSERT INTO articles (id, title, published, source, body, record, added_at, analysed)"
            " VALUES (?,?,?,?,?,?,?,1)",
            (a["key"], a["title"], a["published"], a["source"], a["body"], record, a["published"]),
        ).lastrowid
        for i, ident in enumerate(a["names"], 1):
            db.execute(
                "INSERT OR IGNORE INTO identities (id, key, type, name, tokens) VALUES (?,?,?,?,2)",
                (ident, f"name {ident}", TYPES[ident % 3], f"Name {ident}"),
            )
            db.execute(
                "INSERT INTO entities (article_rowid, entity_id, name, type, mentions, identity_id)"
                " VALUES (?,?,?,?,?,?)",
                (rowid, f"e{i}", f"Name {ident}", TYPES[ident % 3], 1 + ident % 3, ident),
            )
        db.execute(
            "INSERT INTO events (article_rowid, event_id, type, plover_type) VALUES (?, 'v1', 'event', ?)",
            (rowid, a["plover"]),
        )
        rowids.append(rowid)
    db.execute("COMMIT")
    return rowids


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--step", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument(
        "--days", type=int, help="the span the happenings fall in (default: 100,000 articles per two years)"
    )
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    days = args.days or max(1, round(730 * args.articles / 100_000))
    events = happenings(max(1, args.articles // 5), days, rng)
    arts = articles(events, rng)[: args.articles]
    print(f"{len(arts)} articles from {len(events)} happenings", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = SQLiteCorpus(Path(tmp) / "scale.db")
        db = corpus.db
        for trig in (
            "articles_tri_insert",
            "articles_tri_delete",
            "articles_tri_update_old",
            "articles_tri_update_new",
        ):
            db.execute(f"DROP TRIGGER IF EXISTS {trig}")  # the trigram index is not what is measured
        print(f"{'articles':>9} {'step s':>8} {'art/s':>8} {'stories':>8}")
        for start in range(0, len(arts), args.step):
            rowids = insert(db, arts[start : start + args.step])
            t0 = time.perf_counter()
            for i in range(0, len(rowids), CHUNK):
                db.execute("BEGIN IMMEDIATE")
                stories.assign(db, rowids[i : i + CHUNK])
                db.execute("COMMIT")
            dt = time.perf_counter() - t0
            n = db.execute("SELECT count(*) FROM stories").fetchone()[0]
            print(f"{start + len(rowids):>9} {dt:>8.1f} {len(rowids) / dt:>8.0f} {n:>8}", flush=True)
        print(f"B-cubed F1 against the generated happenings: {bcubed_f1(db):.4f}")
        corpus.close()
    return 0


def bcubed_f1(db: sqlite3.Connection) -> float:
    """How well the stories found the generated happenings (article id "<happening>-<n>")."""
    rows = [(aid.split("-")[0], sid) for aid, sid in db.execute("SELECT id, story_id FROM articles")]
    both = Counter(rows)
    gold = Counter(h for h, _ in rows)
    pred = Counter(s for _, s in rows)
    p = sum(n * n / pred[s] for (_, s), n in both.items()) / len(rows)
    r = sum(n * n / gold[h] for (h, _), n in both.items()) / len(rows)
    return 2 * p * r / (p + r)


if __name__ == "__main__":
    raise SystemExit(main())
