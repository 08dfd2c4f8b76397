"""Does ingest scale: 1 → 2 workers, process pool vs Dask, SQLite vs PostgreSQL, flat memory?

The benchmark makes its own corpus: short synthetic news articles (80–150 words: an outlet,
a dated header, a byline, a dateline, people, places, organisations, quotes and numbers),
each with made-up names and figures of its own so the near-duplicate detector keeps them
apart; written as ``.txt`` files (or, with ``--format jsonl``, one JSON Lines file per size)
in a temporary folder.  Each configuration

    engine  pool | dask      (the local process pool; a Dask LocalCluster of that many workers)
            [cluster]        (not in the default set: a separately started `dask scheduler` +
                             `dask worker --nworkers N` pair, .ci/dask.sh, its memory counted apart)
    workers 1 | 2
    store   sqlite | pg      (a fresh SQLite file; a fresh database on a PostgreSQL server)

ingests the first N of them with dateline's real ``ingest()`` in a fresh child process
(this script re-invoked with ``--child``), into an empty store.  Measured per run:
articles per second over the whole ``ingest()`` call (worker start and model loading
included), the store's size on disk per article, and the peak resident memory of the
whole process tree — the client, the pool's or Dask's worker processes, the Dask
scheduler (in the client's process for a LocalCluster) and, for PostgreSQL, the server's
processes — sampled with psutil every 0.2 s (a sum of RSS: pages shared between processes
count once per process, so it is an upper bound).

The anchor is what a user would run instead: spaCy's own ``nlp.pipe`` (the same model,
batch size 32, one process) over the same texts; dateline's ingest is reported relative to
it.  Reported: articles/s per configuration and vs spaCy, the 1 → 2 worker speed-up per
engine and store (target ≥ 1.8 on a quiet 2-core machine), Dask vs the pool at 2 workers
(target within 10 %), and peak memory at each of ``--sizes`` (target: no growth from the
smallest to the largest).

    .venv/bin/python bench/scale.py                      # the issue's run: hours on 2 cores
    .venv/bin/python bench/scale.py --sizes 200 --throughput-articles 200 --configs pool-1-sqlite,pool-2-sqlite
    .venv/bin/python bench/scale.py --pg postgresql://user@host/postgres --configs dask-2-pg

PostgreSQL: ``--pg URL`` (a server where the user may CREATE DATABASE; one database per
run, dropped afterwards), else a throwaway cluster started with ``.ci/pg.sh`` and stopped
at the end.  Ingest runs at a few articles per second per core, so the default run takes
hours; progress goes to stderr.  Results: a table on stdout (``--markdown`` for Markdown)
and JSON in ``--json`` (default bench/results/scale.json, git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "scale.json"
PG_SH = REPO / ".ci" / "pg.sh"
ENGINES = ("pool", "dask", "cluster")  # cluster: a separately started scheduler + worker (.ci/dask.sh)
DASK_SH = REPO / ".ci" / "dask.sh"
STORES = ("sqlite", "pg")
ALL_CONFIGS = [f"{e}-{w}-{s}" for s in STORES for e in ("pool", "dask") for w in (1, 2)]  # the eight
BATCH = 32
SAMPLE_S = 0.2

# --------------------------------------------------------------------------- the corpus

OUTLETS = [
    "The Harbour Courier", "Northern Ledger", "The Valley Gazette", "Metro Daily Post",
    "The Coastal Observer", "Capital Wire Review", "The Midland Chronicle", "Evening Standard Times",
    "The Riverside Herald", "Global Affairs Weekly", "The Plains Record", "Island Morning News",
]  # fmt: skip
CITIES = [
    ("London", "GMT"), ("Manchester", "BST"), ("Brussels", "CET"), ("Paris", "CET"),
    ("Berlin", "CET"), ("Madrid", "CET"), ("Rome", "CET"), ("Vienna", "CET"), ("Warsaw", "CET"),
    ("Moscow", "MSK"), ("New Delhi", "IST"), ("Mumbai", "IST"), ("Tokyo", "JST"), ("Osaka", "JST"),
    ("New York", "EST"), ("Washington", "EST"), ("Boston", "EST"), ("Chicago", "UTC"),
    ("Toronto", "EST"), ("Sydney", "UTC"), ("Nairobi", "UTC"), ("Lagos", "UTC"), ("Cairo", "UTC"),
    ("Johannesburg", "UTC"), ("Lima", "UTC"), ("Bogota", "UTC"), ("Santiago", "UTC"),
    ("Jakarta", "UTC"), ("Manila", "UTC"), ("Seoul", "UTC"), ("Helsinki", "UTC"), ("Oslo", "CET"),
    ("Dublin", "GMT"), ("Lisbon", "GMT"), ("Athens", "UTC"), ("Ankara", "UTC"), ("Kyiv", "UTC"),
    ("Geneva", "CET"), ("Zurich", "CET"), ("Prague", "CET"), ("Budapest", "CET"), ("Stockholm", "CET"),
]  # fmt: skip
FIRST = [
    "Anna", "Daniel", "Maria", "James", "Sofia", "Peter", "Laura", "Ahmed", "Elena", "Tomas",
    "Grace", "Samuel", "Nadia", "Oliver", "Priya", "Lucas", "Hannah", "Mateo", "Chloe", "Ivan",
    "Fatima", "Henrik", "Amara", "Jonas", "Keiko", "Rafael", "Ingrid", "Omar", "Claire", "Viktor",
    "Leila", "Marco", "Yuki", "Diego", "Sara", "Felix", "Aisha", "Paul", "Mina", "Robert",
]  # fmt: skip
LAST = [
    "Hartley", "Novak", "Okafor", "Lindqvist", "Moreau", "Castillo", "Brennan", "Kowalski",
    "Haddad", "Tanaka", "Fischer", "Mensah", "Petrov", "Dubois", "Rossi", "Nakamura", "Schmidt",
    "Adeyemi", "Larsen", "Costa", "Walsh", "Horvat", "Silva", "Becker", "Mahmoud", "Jensen",
    "Romero", "Kaplan", "Duarte", "Sato", "Ferreira", "Keller", "Varga", "Quinn", "Molina", "Ito",
]  # fmt: skip
ROLES = [
    "the finance minister", "a government spokesman", "the city's mayor", "the union's leader",
    "chief executive of {org}", "an economist at {org}", "a senior official at {org}",
    "a researcher at {org}", "the opposition leader", "the health minister", "a police spokeswoman",
    "chair of {org}", "the transport secretary", "a lawyer for {org}", "the trade minister",
]  # fmt: skip
ORG_KIND = ["Holdings", "Group", "Bank", "Institute", "Partners", "Energy", "Logistics", "Council",
            "Foundation", "Industries", "Capital", "Networks", "Authority", "Labs", "Motors"]  # fmt: skip
THINGS = ["exports", "factory orders", "retail sales", "house prices", "passenger numbers",
          "power prices", "wheat harvests", "ticket sales", "steel output", "car registrations",
          "hospital admissions", "rents", "fuel costs", "water levels", "bond yields"]  # fmt: skip
MOVES = ["rose", "fell", "climbed", "dropped", "jumped", "slipped", "grew", "shrank"]
BASE_MOVES = ["rise", "fall", "climb", "drop", "jump", "slip", "grow", "shrink"]
ACTS = ["approved", "rejected", "delayed", "announced", "defended", "criticised", "suspended",
        "signed", "proposed", "challenged", "welcomed", "questioned"]  # fmt: skip
PLANS = ["a new rail link", "a pay deal", "a housing plan", "tax changes", "a port expansion",
         "a flood barrier", "a merger", "new safety rules", "a budget", "a wind farm", "a bridge",
         "a school reform", "a water pipeline", "a trade agreement", "a hospital contract"]  # fmt: skip
WHEN = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "at the weekend",
        "last week", "this month", "overnight", "earlier today"]  # fmt: skip
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]  # fmt: skip
QUOTE_A = ["We", "Our members", "The city", "Families", "Investors", "Our teams", "Farmers", "Residents"]
QUOTE_V = ["cannot wait", "will not accept", "have waited long enough for", "need clarity on",
           "are ready for", "must see", "were promised", "deserve better than"]  # fmt: skip


def word(i: int) -> str:
    """A made-up, pronounceable word; distinct for distinct i."""
    out = ""
    while True:
        out += "bdfgklmnprstvz"[i % 14] + ("a", "e", "i", "o", "u", "ai", "ou")[i // 14 % 7]
        i //= 98
        if i == 0:
            return out.capitalize()


def article(i: int, seed: int) -> dict[str, Any]:
    """Article i of the corpus: the same i and seed give the same article on every run."""
    rng = random.Random(seed * 1_000_003 + i)
    name = word(i * 7919 % 9_000_017 + 1000)  # the article's own made-up proper noun
    org = f"{name} {rng.choice(ORG_KIND)}"
    org2 = f"{word(rng.randrange(50_000, 2_000_000))} {rng.choice(ORG_KIND)}"
    city, tz = rng.choice(CITIES)
    place = f"{word(rng.randrange(3000, 900_000))}ville"

    def person() -> str:
        if rng.random() < 0.3:  # a surname of its own now and then: identities keep growing
            return f"{rng.choice(FIRST)} {word(rng.randrange(10_000, 5_000_000))}"
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"

    def role() -> str:
        return rng.choice(ROLES).format(org=rng.choice([org, org2]))

    def num() -> str:
        return str(rng.randrange(2, 990))

    def pick(*options: str) -> str:
        return rng.choice(options)

    def pct() -> str:
        return f"{rng.randrange(0, 40)}.{rng.randrange(10)}"

    p1, p2, p3 = person(), person(), person()
    thing, plan, month = rng.choice(THINGS), rng.choice(PLANS), rng.choice(MONTHS)
    sentences = [
        f"{org} {rng.choice(ACTS)} {plan} {rng.choice(WHEN)} after {num()}"
        f" {pick('days', 'hours', 'weeks', 'rounds', 'sessions')} of {pick('talks', 'debate', 'hearings', 'meetings')}"
        f" in {place}.",
        f"{thing.capitalize()} {rng.choice(MOVES)} {pct()} percent in {month}, {pick('figures', 'data', 'numbers', 'a survey')}"
        f" from {org2} {pick('showed', 'suggested', 'indicated', 'revealed')}, against {pct()} percent"
        f" {pick('a year ago', 'in 2018', 'last spring', 'the year before', 'in the previous quarter')}.",
        f'"{rng.choice(QUOTE_A)} {rng.choice(QUOTE_V)} {plan}, and {num()}'
        f" {pick('jobs', 'homes', 'farms', 'families', 'shops')}"
        f' {pick("depend on it", "hang on it", "rely on it", "are at stake", "are waiting")},"'
        f" {pick('said', 'says', 'added', 'insisted', 'warned')} {p1}, {role()}.",
        f"{p2}, {role()}, {pick('said', 'noted', 'confirmed', 'stated')} {rng.choice(WHEN)} that {num()}"
        f" {pick('residents', 'workers', 'parents', 'traders', 'students')} of {place} had"
        f" {pick('signed a petition', 'written to ministers', 'joined a protest', 'filed complaints', 'backed the plan')}.",
        f"The {name} {pick('project', 'scheme', 'venture', 'programme')} would cost {num()}"
        f" {pick('million euros', 'million dollars', 'million pounds', 'billion yen')} and take"
        f" {rng.randrange(2, 15)} {pick('years', 'seasons', 'phases')}, {pick('according to', 'said', 'estimated')} {p3}.",
        f'"{pick("This is", "It is", "That was", "It remains", "It looks like")}'
        f" {pick('a good', 'a bad', 'an odd', 'a fair', 'a costly')} {pick('deal', 'plan', 'outcome', 'choice')}"
        f' for {city}," {p2.split()[-1]} {pick("told", "wrote in", "spoke to")} {rng.choice(OUTLETS)},'
        f" {pick('adding', 'noting', 'recalling')} that {num()} {pick('firms', 'bidders', 'groups', 'towns')} had"
        f" {pick('bid', 'applied', 'objected', 'signed up')}.",
        f"Talks between {org2} and {p1.split()[-1]}'s {pick('team', 'negotiators', 'advisers', 'delegation')}"
        f" {pick('are due to resume', 'will resume', 'should restart', 'may reopen', 'are set to continue')}"
        f" in {rng.choice(MONTHS)} {pick('near', 'outside', 'in', 'around')} {place},"
        f" {pick('officials', 'diplomats', 'aides', 'sources', 'organisers')} in {city} {pick('said', 'say', 'added')}.",
        f"{p3} {rng.choice(ACTS)} the {pick('decision', 'move', 'ruling', 'vote', 'proposal')} and"
        f" {pick('said', 'warned', 'argued', 'predicted')} {rng.choice(THINGS)} in {place} could"
        f" {rng.choice(BASE_MOVES)} by {pct()} percent.",
        f"{pick('Last year', 'In 2018', 'A decade ago', 'Before the crisis')} {name}"
        f" {pick('staff', 'employees', 'members', 'volunteers')} numbered {num()}, {pick('up', 'down')}"
        f" from {num()} in {rng.randrange(1990, 2020)}.",
    ]
    rng.shuffle(sentences)
    body_sentences = sentences[: rng.randint(5, 8)]
    paras, k = [], 0
    while k < len(body_sentences):
        step = rng.randint(1, 3)
        paras.append(" ".join(body_sentences[k : k + step]))
        k += step
    paras[0] = f"{city.upper()} – {paras[0]}"
    when = datetime(2019, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(0, 5 * 365 * 24 * 60))
    title = f"{org} {rng.choice(ACTS)} {plan} as {thing} {rng.choice(MOVES)}"
    return {
        "title": title,
        "outlet": rng.choice(OUTLETS),
        "when": when,
        "tz": tz,
        "author": person(),
        "paras": paras,
        "url": f"https://news.example.invalid/{when:%Y/%m/%d}/{name.lower()}-{i}",
    }


def as_text(a: dict[str, Any]) -> str:
    stamp = f"{a['when']:%d.%m.%Y %H:%M} {a['tz']}"
    body = "\n\n".join(a["paras"])
    return f"{a['title']}\n\n{a['outlet']} - {stamp}\n\nBy {a['author']}\n\n{body}\n"


def as_json(a: dict[str, Any]) -> str:
    row = {
        "title": a["title"],
        "text": "\n\n".join(a["paras"]),
        "source": a["outlet"],
        "published": a["when"].strftime("%Y-%m-%dT%H:%M:%SZ"),
        "authors": [a["author"]],
        "url": a["url"],
    }
    return json.dumps(row, ensure_ascii=False)


def generate(folder: Path, n: int, seed: int, fmt: str, sizes: list[int]) -> None:
    """Write the corpus: n .txt files in folders of 1,000, or one .jsonl per size."""
    t0 = time.perf_counter()
    if fmt == "txt":
        for i in range(n):
            path = folder / f"{i // 1000:04d}" / f"{i:06d}.txt"
            if i % 1000 == 0:
                path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(as_text(article(i, seed)), encoding="utf-8")
    else:
        lines = [as_json(article(i, seed)) for i in range(n)]
        for size in sorted(set(sizes)):
            (folder / f"articles-{size}.jsonl").write_text("\n".join(lines[:size]) + "\n", encoding="utf-8")
    words = sum(len(" ".join(article(i, seed)["paras"]).split()) for i in range(min(n, 500)))
    say(
        f"generated {n:,} articles ({fmt}, ~{words / min(n, 500):.0f} words each) in {time.perf_counter() - t0:.1f} s"
    )


def inputs(folder: Path, n: int, fmt: str) -> list[str]:
    if fmt == "jsonl":
        return [str(folder / f"articles-{n}.jsonl")]
    files = sorted(str(p) for p in folder.glob("*/*.txt"))
    return files[:n]


# --------------------------------------------------------------------------- child: one run


def emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def child_run(config: str, folder: Path, n: int, fmt: str, db: str, scheduler: str | None) -> None:
    """One configuration in this fresh process: ingest the first n articles into db."""
    engine, workers, _store = parse_config(config)
    import inspect
    import logging

    from dateline.logs import configure

    configure(0)  # dateline's own messages only; Dask, tornado and psycopg stay quiet
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    from dateline.ingest import ingest
    from dateline.store import open_corpus

    params = inspect.signature(ingest).parameters
    if engine in ("dask", "cluster") and "engine" not in params:
        emit({"error": "this dateline's ingest() has no engine= parameter yet (the Dask engine is not in)"})
        return
    try:
        corpus = open_corpus(db)
    except ImportError as e:
        emit({"error": f"the PostgreSQL store is not available in this dateline yet ({e})"})
        return
    except Exception as e:  # noqa: BLE001 - reported as the run's failure
        emit({"error": f"could not open the store: {type(e).__name__}: {e}"})
        return
    paths = inputs(folder, n, fmt)
    kw: dict[str, Any] = {"workers": workers, "batch_size": BATCH}
    if "engine" in params:
        kw["engine"] = "pool" if engine == "pool" else "dask"
    if engine == "cluster":
        kw["scheduler"] = scheduler
    done = [0]
    marks: list[tuple[float, int]] = []  # (seconds, files stored so far) after each batch

    def progress(k: int) -> None:
        done[0] += k
        marks.append((time.perf_counter() - t0, done[0]))
        emit({"progress": done[0]})

    t0 = time.perf_counter()
    try:
        report = ingest(corpus, paths, **kw, on_total=lambda t: emit({"total": t}), on_progress=progress)
    except Exception as e:  # noqa: BLE001 - reported as the run's failure
        emit({"error": f"ingest failed: {type(e).__name__}: {' '.join(str(e).split())[:300]}"})
        return
    seconds = time.perf_counter() - t0
    stats = corpus.stats()
    corpus.close()
    emit(
        {
            "result": {
                "seconds": round(seconds, 2),
                "first_batch_s": round(marks[0][0], 2) if marks else None,
                "steady_files_per_s": steady_rate(marks) if fmt == "txt" else None,  # jsonl: per range
                "added": report.added,
                "copies": report.copies,
                "failed": sum(report.failed.values()),
                "articles": stats.articles,
                "entities": stats.entities,
            }
        }
    )


def steady_rate(marks: list[tuple[float, int]]) -> float | None:
    """Files per second between 10 % and 90 % of the files stored: workers started and the
    model loaded, the rate a long run approaches.  None with fewer than 5 batches."""
    if len(marks) < 5:
        return None
    total = marks[-1][1]
    lo = next(m for m in marks if m[1] >= 0.1 * total)
    hi = next(m for m in marks if m[1] >= 0.9 * total)
    return round((hi[1] - lo[1]) / (hi[0] - lo[0]), 2) if hi[0] > lo[0] else None


def child_spacy(folder: Path, n: int, fmt: str) -> None:
    """The anchor: spaCy's own nlp.pipe over the same texts, one process."""
    import resource

    import spacy

    from dateline.nlp.pipeline import DEFAULT_MODELS, model_name

    if fmt == "jsonl":
        rows = (json.loads(line) for line in open(inputs(folder, n, fmt)[0], encoding="utf-8"))
        texts = [f"{r['title']}\n\n{r['text']}" for r in rows]
    else:
        texts = [Path(p).read_text(encoding="utf-8") for p in inputs(folder, n, fmt)]
    model = model_name() or next((m for m in DEFAULT_MODELS if spacy.util.is_package(m)), DEFAULT_MODELS[0])
    t0 = time.perf_counter()
    nlp = spacy.load(model)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    tokens = 0
    for k, doc in enumerate(nlp.pipe(texts, batch_size=BATCH), 1):
        tokens += len(doc)
        if k % 200 == 0:
            emit({"progress": k})
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    emit({"result": {"seconds": round(seconds, 2), "load_s": round(load_s, 2), "docs": len(texts),
                     "tokens": tokens, "model": model, "peak_rss_mib": round(peak, 1)}})  # fmt: skip


# --------------------------------------------------------------------------- parent


def say(msg: str) -> None:
    print(f"scale: {msg}", file=sys.stderr, flush=True)


def parse_config(c: str) -> tuple[str, int, str]:
    parts = c.split("-")
    if len(parts) != 3 or parts[0] not in ENGINES or parts[1] not in ("1", "2") or parts[2] not in STORES:
        raise SystemExit(
            f"unknown config {c!r}: use ENGINE-WORKERS-STORE (engine pool, dask or cluster; 1 or 2; sqlite or pg),"
            f" e.g. {', '.join(ALL_CONFIGS)}"
        )
    return parts[0], int(parts[1]), parts[2]


class Sampler(threading.Thread):
    """Peak of the summed RSS of a process tree (and of extra roots' trees) every SAMPLE_S,
    and the CPU seconds each role (client, workers, postgres) spent while it ran."""

    def __init__(self, root: int, extra_roots: list[tuple[str, int]]) -> None:
        super().__init__(daemon=True)
        self.root, self.extra = root, extra_roots  # extra: (role, pid) of trees outside the child
        self.stop = threading.Event()
        self.peak = 0
        self.parts: dict[str, int] = {}  # at the peak: client / workers / scheduler / postgres
        self.largest_worker = 0
        self.started = time.time()
        # pid -> [role, CPU seconds when first seen (0 for a process born after the start), last seen]
        self.cpu: dict[int, list[Any]] = {}

    def cpu_by_role(self) -> dict[str, float]:
        out = {"client": 0.0, "workers": 0.0, "scheduler": 0.0, "postgres": 0.0}
        for role, first, last in self.cpu.values():
            out[role] += last - first
        return {k: round(v, 2) for k, v in out.items()}

    def _tree(self, pid: int) -> list[Any]:
        import psutil

        try:
            p = psutil.Process(pid)
            return [p, *p.children(recursive=True)]
        except psutil.Error:
            return []

    def sample(self) -> None:
        import psutil

        parts = {"client": 0, "workers": 0, "scheduler": 0, "postgres": 0}
        for group, r in [("tree", self.root), *self.extra]:
            for p in self._tree(r):
                try:
                    # PSS: a page shared by several processes (PostgreSQL's shared
                    # buffers, a forked parent's pages) counts once across them, not once
                    # in each, as summed RSS would count it
                    mem = p.memory_full_info()
                    rss = getattr(mem, "pss", None) or mem.rss
                    t = p.cpu_times()
                    born = p.create_time()
                    helper = "resource_tracker" in " ".join(p.cmdline()[-2:])
                except psutil.Error:
                    continue
                role = group if group != "tree" else "client" if p.pid == self.root else "workers"
                parts[role] += rss
                if role == "workers" and not helper:
                    self.largest_worker = max(self.largest_worker, rss)
                cpu = t.user + t.system
                if p.pid not in self.cpu:
                    self.cpu[p.pid] = [role, 0.0 if born >= self.started - 1 else cpu, cpu]
                self.cpu[p.pid][2] = cpu
        total = sum(parts.values())
        if total > self.peak:
            self.peak, self.parts = total, parts

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(SAMPLE_S)


def mib(b: float) -> float:
    return round(b / 2**20, 1)


def spawn(args: list[str], label: str, n: int, roots: list[tuple[str, int]]) -> dict[str, Any]:
    """Run a child; relay its progress to stderr, sample its memory; its result or error."""
    log = tempfile.NamedTemporaryFile("w+", prefix="dateline-scale-", suffix=".log", delete=False)
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, text=True, cwd=REPO)
    sampler = Sampler(proc.pid, roots)
    sampler.start()
    t0 = last = time.perf_counter()
    total, out = n, None
    assert proc.stdout is not None
    for line in proc.stdout:
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if "total" in msg:
            total = msg["total"] or n
        elif "progress" in msg and time.perf_counter() - last > 15:
            last = time.perf_counter()
            k, el = msg["progress"], last - t0
            eta = (total - k) * el / k if k else 0
            say(f"{label}: {k:,}/{total:,} files, {k / el:.1f}/s, ETA {eta / 60:.0f} min")
        elif "result" in msg or "error" in msg:
            out = msg
    rc = proc.wait()
    sampler.stop.set()
    sampler.join()
    log.seek(0)
    tail = [ln for ln in log.read().splitlines() if ln.strip()]
    log.close()
    os.unlink(log.name)
    if out is None:
        why = tail[-1] if tail else "no output"
        return {"error": f"the run exited {rc}: {why}"}
    if "error" in out:
        return out
    res = dict(out["result"])
    res["peak_rss_mib"] = mib(sampler.peak)
    res["peak_parts_mib"] = {k: mib(v) for k, v in sampler.parts.items()}
    res["largest_worker_mib"] = mib(sampler.largest_worker)
    res["cpu_s"] = sampler.cpu_by_role()
    return res


class PgServer:
    """A PostgreSQL server for the pg runs: --pg URL, or a throwaway .ci/pg.sh cluster."""

    def __init__(self, url: str | None) -> None:
        self.url, self.env, self.own = url, dict(os.environ), False
        self.roots: list[tuple[str, int]] = []

    def start(self) -> str:
        if not self.url:
            state = Path(tempfile.mkdtemp(prefix="dateline-scale-pg-")) / "pg.state"
            self.env["DATELINE_PG_STATE"] = str(state)
            proc = subprocess.run(["bash", str(PG_SH), "start"], env=self.env, capture_output=True, text=True)
            self.own = True
            if proc.returncode != 0:
                why = (proc.stderr.strip().splitlines() or ["no message"])[-1]
                raise SystemExit(f"scale: PostgreSQL did not start ({why}); pass --pg URL")
            self.url = proc.stdout.strip().splitlines()[-1]
            say(f"PostgreSQL started by .ci/pg.sh: {self.url}")
        self.roots = self._postmaster()
        return self.url

    def _postmaster(self) -> list[int]:
        """The server's postmaster, when the server runs on this machine (its memory is counted)."""
        import psutil
        import psycopg

        assert self.url
        host = urlsplit(self.url).hostname or ""
        if host not in ("", "127.0.0.1", "localhost", "::1") and not host.startswith("/"):
            say(f"PostgreSQL at {host} is not on this machine: its memory is not counted")
            return []
        with psycopg.connect(self.url, autocommit=True) as conn:
            (pid,) = conn.execute("SELECT pg_backend_pid()").fetchone()
        try:
            return [("postgres", psutil.Process(pid).ppid())]
        except psutil.Error:
            say("could not find the PostgreSQL server's processes: its memory is not counted")
            return []

    def fresh_db(self, hint: str) -> str:
        import psycopg
        from psycopg import sql

        assert self.url
        name = f"dateline_scale_{hint.replace('-', '_')}_{os.getpid()}_{int(time.time())}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return urlunsplit(urlsplit(self.url)._replace(path="/" + name))

    def size(self, db_url: str) -> int:
        import psycopg

        assert self.url
        with psycopg.connect(self.url, autocommit=True) as conn:
            (size,) = conn.execute(
                "SELECT pg_database_size(%s)", (urlsplit(db_url).path.lstrip("/"),)
            ).fetchone()
        return int(size)

    def size_and_drop(self, db_url: str) -> int:
        import psycopg
        from psycopg import sql

        size = self.size(db_url)
        assert self.url
        with psycopg.connect(self.url, autocommit=True) as conn:
            name = urlsplit(db_url).path.lstrip("/")
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        return size

    def stop(self) -> None:
        if self.own:
            subprocess.run(["bash", str(PG_SH), "stop"], env=self.env, capture_output=True, check=False)
            shutil.rmtree(Path(self.env["DATELINE_PG_STATE"]).parent, ignore_errors=True)


class DaskPair:
    """A `dask scheduler` + `dask worker --nworkers N` pair started with .ci/dask.sh for one run."""

    def __init__(self, nworkers: int) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="dateline-scale-dask-"))
        self.state = self.dir / "dask.state"
        self.env = dict(os.environ, DATELINE_DASK_STATE=str(self.state), DATELINE_DASK_NWORKERS=str(nworkers))
        self.roots: list[tuple[str, int]] = []

    def start(self) -> str:
        proc = subprocess.run(["bash", str(DASK_SH), "start"], env=self.env, capture_output=True, text=True)
        if proc.returncode != 0:
            why = (proc.stderr.strip().splitlines() or ["no message"])[-1]
            self.stop()
            raise SystemExit(f"scale: the Dask pair did not start ({why})")
        state = dict(
            line.split("=", 1) for line in self.state.read_text().splitlines() if "=" in line
        )  # DIR=…, ADDR=…, SCHED_PID=…, WORKER_PID=… (printf %q of plain values)
        self.roots = [("scheduler", int(state["SCHED_PID"])), ("workers", int(state["WORKER_PID"]))]
        return proc.stdout.strip().splitlines()[-1]

    def stop(self) -> None:
        subprocess.run(["bash", str(DASK_SH), "stop"], env=self.env, capture_output=True, check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


def empty_store_size(db: str, pg: PgServer | None) -> int:
    """Create the store's schema (as the run's open_corpus would) and measure it empty."""
    from dateline.store import is_postgres_url, open_corpus

    try:
        open_corpus(db).close()
    except Exception:  # noqa: BLE001 - the run itself reports why the store cannot open
        return 0
    if is_postgres_url(db):
        assert pg
        return pg.size(db)
    return sqlite_size(Path(db))


def sqlite_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def fmt(x: float | None, spec: str = ".2f") -> str:
    return "-" if x is None else format(x, spec)


def tables(result: dict[str, Any], markdown: bool) -> str:
    """The report: throughput at --throughput-articles, the ratios, memory by size."""

    def table(head: list[str], rows: list[list[str]]) -> list[str]:
        if markdown:
            return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] + [
                "| " + " | ".join(r) + " |" for r in rows
            ]
        w = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)]
        line = lambda r: "  ".join(c.rjust(w[i]) if i else c.ljust(w[i]) for i, c in enumerate(r))  # noqa: E731
        return [line(head), "-" * (sum(w) + 2 * (len(w) - 1)), *map(line, rows)]

    runs, n_t = result["runs"], result["throughput_articles"]
    spacy_rate = (result.get("spacy") or {}).get("articles_per_s")
    out = [f"command: {result['command']}", f"machine: {result['machine_line']}", ""]
    if result.get("spacy"):
        s = result["spacy"]
        out.append(
            f"anchor: spaCy {s.get('model', '?')} nlp.pipe, 1 process, {s.get('docs', n_t):,} texts: "
            + (f"{s['articles_per_s']:.1f} articles/s, peak RSS {s['peak_rss_mib']:.0f} MiB" if "articles_per_s" in s else f"failed: {s.get('error')}")
        )  # fmt: skip
        out.append("")
    out.append(f"Throughput at {n_t:,} articles")
    rows = []
    by: dict[str, dict[str, Any]] = {r["config"]: r for r in runs if r["articles_in"] == n_t}
    for c in result["configs"]:
        r = by.get(c)
        if r is None:
            continue
        if "error" in r:
            rows.append([c, "failed: " + r["error"], *[""] * 9])
            continue
        cpu = r["cpu_ms_per_article"]
        rows.append([c, f"{r['articles_per_s']:.2f}", fmt(ratio(r.get("steady_files_per_s"), spacy_rate), ".3f"),
                     fmt(r.get("steady_files_per_s")), f"{r['seconds']:.1f}", fmt(r.get("first_batch_s"), ".1f"),
                     f"{r['peak_rss_mib']:.0f}", f"{r['largest_worker_mib']:.0f}",
                     fmt(r.get("disk_bytes_per_article"), ".0f"), "/".join(f"{v:.0f}" for v in cpu.values()),
                     f"{r['articles']:,}/{r['copies']}"])  # fmt: skip
    head = ["config", "articles/s", "steady vs spaCy", "steady/s", "seconds", "1st batch s", "peak MiB",
            "largest worker MiB", "disk B/article", "CPU ms/article client/workers/scheduler/pg", "stored/copies"]  # fmt: skip
    out += table(head, rows)
    out.append("")
    out.append(
        "Ratios (targets: 1→2 workers ≥ 1.80 on a quiet 2-core machine; Dask / pool at 2 workers ≥ 0.90)"
    )
    rows = []
    for key, val in result["ratios"].items():
        rows.append([key, fmt(val, ".3f")])
    out += table(["ratio", "value"], rows)
    out.append("")
    sizes = result["sizes"]
    out.append(
        "Peak memory of the whole process tree, MiB (target: no growth from the smallest size to the largest)"
    )
    rows = []
    for c in result["configs"]:
        cells = []
        for n in sizes:
            r = next((x for x in runs if x["config"] == c and x["articles_in"] == n), None)
            cells.append("-" if r is None else ("failed" if "error" in r else f"{r['peak_rss_mib']:.0f}"))
        g = result["memory_growth"].get(c)
        rows.append([c, *cells, fmt(g, ".3f")])
    out += table(["config", *[f"{n:,}" for n in sizes], f"{sizes[-1]:,} / {sizes[0]:,}"], rows)
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[5_000, 10_000, 20_000],
                    help="corpus sizes for the memory table (default 5000 10000 20000)")  # fmt: skip
    ap.add_argument("--throughput-articles", type=int, default=20_000,
                    help="the size at which throughput and the ratios are taken (default 20000)")  # fmt: skip
    ap.add_argument("--configs", default=",".join(ALL_CONFIGS),
                    help=f"comma-separated ENGINE-WORKERS-STORE (default all: {','.join(ALL_CONFIGS)})")  # fmt: skip
    ap.add_argument(
        "--format",
        choices=["txt", "jsonl"],
        default="txt",
        help="inputs: .txt files (default) or one JSON Lines file",
    )
    ap.add_argument("--pg", metavar="URL", help="a PostgreSQL server (default: start one with .ci/pg.sh)")
    ap.add_argument("--no-spacy", action="store_true", help="skip the spaCy nlp.pipe anchor")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--json", type=Path, default=RESULTS, help=f"results file (default {RESULTS.relative_to(REPO)})"
    )
    ap.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    ap.add_argument(
        "--keep", type=Path, metavar="DIR", help="write the corpus and SQLite stores here and keep them"
    )
    ap.add_argument("--child", help=argparse.SUPPRESS)  # child mode: a config, or "spacy"
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--scheduler", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        if args.child == "spacy":
            child_spacy(args.corpus, args.n, args.format)
        else:
            child_run(args.child, args.corpus, args.n, args.format, args.db, args.scheduler)
        return 0

    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    for c in configs:
        parse_config(c)
    sizes = sorted(set(args.sizes))
    if min(sizes) < 1 or args.throughput_articles < 1:
        raise SystemExit("scale: sizes must be positive")
    plan = sorted({(n, c) for c in configs for n in [*sizes, args.throughput_articles]},
                  key=lambda nc: (nc[0], configs.index(nc[1])))  # fmt: skip
    n_max = max(n for n, _ in plan)
    try:
        import psutil  # noqa: F401
    except ImportError:
        raise SystemExit(
            "scale: psutil is needed (pip install -e '.[bench]', which make install does)"
        ) from None

    import spacy

    from dateline.store import redact

    command = (
        shlex.join([sys.executable, *sys.argv]) if argv is None else shlex.join(["bench/scale.py", *argv])
    )
    if args.pg:
        command = command.replace(args.pg, redact(args.pg))  # a password never reaches the report
    machine = {"cpus": os.cpu_count(), "python": platform.python_version(), "spacy": spacy.__version__,
               "platform": platform.platform()}  # fmt: skip
    try:
        import dask
        import psycopg

        machine |= {"dask": dask.__version__, "psycopg": psycopg.__version__}
    except ImportError:
        pass
    say(
        f"{len(plan)} runs, {sum(n for n, _ in plan):,} articles ingested in all; the corpus: {n_max:,} articles"
    )

    work = Path(tempfile.mkdtemp(prefix="dateline-scale-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    corpus_dir = work / "corpus"
    pg = PgServer(args.pg) if any(parse_config(c)[2] == "pg" for c in configs) else None
    runs: list[dict[str, Any]] = []
    pairs: list[DaskPair] = []
    spacy_row: dict[str, Any] | None = None
    try:
        shutil.rmtree(corpus_dir, ignore_errors=True)
        corpus_dir.mkdir()
        generate(corpus_dir, n_max, args.seed, args.format, [*sizes, args.throughput_articles])
        if pg:
            pg.start()
        base = ["--corpus", str(corpus_dir), "--format", args.format]
        if not args.no_spacy:
            n = args.throughput_articles
            say(f"spaCy nlp.pipe anchor over {n:,} texts")
            spacy_row = spawn(["--child", "spacy", "--n", str(n), *base], "spacy", n, [])
            if "seconds" in spacy_row:
                spacy_row["articles_per_s"] = round(spacy_row["docs"] / spacy_row["seconds"], 2)
        for k, (n, c) in enumerate(plan, 1):
            engine, workers, store = parse_config(c)
            label = f"[{k}/{len(plan)}] {c} at {n:,}"
            say(f"{label}: starting")
            if store == "pg":
                assert pg
                db = pg.fresh_db(c)
                roots = list(pg.roots)
            else:
                dbfile = work / f"{c}-{n}.db"
                for old in work.glob(dbfile.name + "*"):
                    old.unlink()
                db, roots = str(dbfile), []
            extra: list[str] = []
            if engine == "cluster":
                pair = DaskPair(workers)
                pairs.append(pair)
                extra = ["--scheduler", pair.start()]
                roots += pair.roots
            # The empty store (its schema made here, the run migrates nothing): the disk
            # per article is what the articles add to it.
            empty = empty_store_size(db, pg)
            row: dict[str, Any] = {"config": c, "articles_in": n}
            row |= spawn(["--child", c, "--n", str(n), "--db", db, *extra, *base], label, n, roots)
            if engine == "cluster":
                pairs.pop().stop()
            if store == "pg":
                assert pg
                size = pg.size_and_drop(db)
            else:
                size = sqlite_size(Path(db))
                if args.keep is None:
                    for f in work.glob(Path(db).name + "*"):
                        f.unlink()
            if "error" in row:
                say(f"{label}: failed: {row['error']}")
            else:
                row["articles_per_s"] = round(n / row["seconds"], 2)
                row["disk_bytes"] = size
                row["disk_empty_bytes"] = empty
                row["disk_bytes_per_article"] = round((size - empty) / max(1, row["articles"]), 1)
                row["cpu_ms_per_article"] = {k: round(1000 * v / n, 1) for k, v in row["cpu_s"].items()}
                if row["copies"] or row["articles"] != n:
                    say(
                        f"{label}: {row['articles']:,} articles stored of {n:,}, {row['copies']} marked copies"
                    )
                say(f"{label}: {row['articles_per_s']:.2f} articles/s, peak {row['peak_rss_mib']:.0f} MiB")
            runs.append(row)
    finally:
        for pair in pairs:
            pair.stop()
        if pg:
            pg.stop()
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    def rate(c: str) -> float | None:
        r = next((x for x in runs if x["config"] == c and x["articles_in"] == args.throughput_articles), None)
        return r.get("articles_per_s") if r else None

    ratios: dict[str, float | None] = {}
    for s in STORES:
        for e in ENGINES:
            if f"{e}-1-{s}" in configs and f"{e}-2-{s}" in configs:
                ratios[f"speed-up 1→2 workers, {e}, {s}"] = ratio(rate(f"{e}-2-{s}"), rate(f"{e}-1-{s}"))
        for e in ("dask", "cluster"):
            if f"{e}-2-{s}" in configs and f"pool-2-{s}" in configs:
                ratios[f"{e} / pool at 2 workers, {s}"] = ratio(rate(f"{e}-2-{s}"), rate(f"pool-2-{s}"))
    growth = {}
    for c in configs:
        lo = next(
            (x for x in runs if x["config"] == c and x["articles_in"] == sizes[0] and "error" not in x), None
        )
        hi = next(
            (x for x in runs if x["config"] == c and x["articles_in"] == sizes[-1] and "error" not in x), None
        )
        growth[c] = ratio(hi["peak_rss_mib"], lo["peak_rss_mib"]) if lo and hi and len(sizes) > 1 else None
    machine_line = (
        f"{machine['cpus']} CPUs, Python {machine['python']}, spaCy {machine['spacy']}, "
        f"dask {machine.get('dask', '-')}, psycopg {machine.get('psycopg', '-')}, {machine['platform']}"
    )
    result = {
        "date": time.strftime("%Y-%m-%d"),
        "command": command,
        "machine": machine,
        "machine_line": machine_line,
        "format": args.format,
        "seed": args.seed,
        "batch_size": BATCH,
        "sizes": sizes,
        "throughput_articles": args.throughput_articles,
        "configs": configs,
        "spacy": spacy_row,
        "runs": runs,
        "ratios": ratios,
        "memory_growth": growth,
        "pg": redact(args.pg) if args.pg else (".ci/pg.sh" if pg else None),
    }
    print(tables(result, args.markdown))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    say(f"wrote {args.json}")
    return 1 if any("error" in r for r in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
