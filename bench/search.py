"""Search latency over a generated corpus: the store API and the HTTP API on loopback.

The corpus is made here, seeded, never committed: ``--n`` articles (100,000 by default)
of 400–800 words drawn from word lists with a Zipf-like spread (so some words are in
most articles and some in few), titles, 20 sources, publication times over 2015–2024,
and 3 % of the articles in Chinese, Japanese or Korean (runs of characters without
spaces, as those scripts are written).  It is *not* analysed by spaCy: each record is
precomputed — 2 to 5 entities from a pool of 2,000 names, written into the body with
their mention spans, and 0 to 2 events between them (PLOVER type, CAMEO code) — so the
facets (entity, source, date) have something to filter.  The records go in through the
store's own write path (``SQLiteCorpus.add_batch``, batches of 500, then
``link_identities``), exactly as ``dateline ingest`` stores analysed articles.

Then each typical query (plain words, a phrase, a prefix, an exclusion, an entity facet,
a date range, a deep page, sort by date, CJK terms of 5 and 2 characters) runs
``--repeat`` times, cycling through a few variants of each so the page cache is not
answering one query over and over, and p50/p95/p99 are reported:

* ``store``: ``SQLiteCorpus(db, readonly=True).search(...)``, 20 hits with snippets;
* ``http``: ``GET /api/search`` (limit 20; the deep page follows ``next_cursor`` to item
  1,000 once, untimed, then times that request) and ``GET /article/{id}``, through
  uvicorn serving ``dateline.web.app.create_app`` in a thread on 127.0.0.1 — only when
  that module exists and imports (otherwise the table says so).

Prints a table and writes ``bench/results/search.json`` (git ignores bench/results/).
The corpus file is kept (``--db``) and reused when it already holds ``--n`` articles of
this generator (``--fresh`` rebuilds it).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import shlex
import socket
import sqlite3
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from dateline.models import Analysis, Argument, Article, Cue, Entity, Event, Plover, Record  # noqa: E402
from dateline.store import SQLiteCorpus  # noqa: E402

RESULTS = REPO / "bench" / "results" / "search.json"
GENERATOR = "bench/search.py v2"  # stored in the corpus's meta: reuse only what this made
TARGET_MS = 100.0  # p95 target for search
ARTICLE_TARGET_MS = 50.0
BATCH = 500

# -- word lists ------------------------------------------------------------------------
COMMON = """the of and to in a is that for on was with said as by at it from his be have an are has
but were not this which or they their had been who will would its after more also year
than one two over about people new other last first can there all into government could
when up out time we he she after before against between under during while says told""".split()
NEWS = """minister ministry ministers ministerial election elections vote voters poll campaign
party parliament president prime economy economic growth market markets bank banks
inflation interest rates budget tax taxes spending deficit trade tariffs exports imports
deal talks summit agreement treaty ceasefire war conflict troops military army police
protest protesters strike union workers jobs unemployment company companies shares profit
profits investors oil gas energy climate emissions court judge trial law rights reform
health hospital hospitals doctors patients vaccine school schools students university
football sport team match season league cup coach player players film music festival
storm flood drought earthquake fire rescue border migrants refugees security attack
bomb killed injured officials spokesman statement report reports data figures survey
minister secretary governor mayor council committee inquiry investigation scandal
technology internet software phone data privacy cyber hackers satellite space rocket
housing prices rent mortgage pension pensions welfare benefits farmers food water""".split()
RARE = """ombudsman referendum filibuster gerrymander sanctions embargo quarantine stimulus
austerity devaluation subsidy cartel monopoly merger acquisition bankruptcy insolvency
extradition asylum amnesty coalition impeachment manifesto turnout incumbent landslide
regulator watchdog whistleblower espionage blockade armistice insurgency militia""".split()
_SYL = "ka lo mi ra ten vor sel dan bri tu pho gre stan mel quin dor lex vi nar zu".split()
# A long tail of made-up words (kalo, tenvorsel …) after the real ones, the rare real words
# placed deep in it: a Zipf distribution (s = 1) over ~8,800 words gives a word of rank
# 100 in about 40 % of the articles, rank 1,000 in about 5 %, rank 5,000 in about 1 %.
_TAIL = sorted({a + b for a in _SYL for b in _SYL} | {a + b + c for a in _SYL for b in _SYL for c in _SYL})
random.Random(0).shuffle(_TAIL)
VOCAB = COMMON + NEWS + _TAIL[:3000] + RARE + _TAIL[3000:]
CUM_WEIGHTS = list(itertools.accumulate(1.0 / (i + 2) for i in range(len(VOCAB))))
PHRASES = ["prime minister", "interest rates", "central bank", "trade deal", "climate change",
           "health service", "peace talks", "stock market", "general election", "human rights",
           "foreign minister", "supreme court", "world cup", "oil prices", "public health",
           "white house", "prime time", "free trade", "civil war", "election campaign"]  # fmt: skip
FIRST = """John Mary Ahmed Li Wei Olga Carlos Fatima Hiroshi Anna Pierre Ingrid Kwame Sofia Raj
Elena Tomas Aisha Jonas Mei Ivan Lucia Omar Nadia Peter Chen Maria David Sara Yusuf""".split()
LAST = """Smith Garcia Chen Novak Okafor Tanaka Müller Rossi Kowalski Haddad Silva Johansson
Nguyen Petrov Khan Dubois Kim Mensah Ferreira Larsen Costa Ibrahim Weber Yamamoto
Schmidt Moreau Jensen Ortiz Popescu Andersen""".split()
ORGS = """Ministry of Finance|Central Bank|United Nations|European Commission|World Bank|
National Union|Red Cross|Supreme Court|Energy Agency|Health Council|Football Association|
Trade Federation|Reform Party|Labour Party|Green Alliance|Civic Forum|Oil Company|Tech Group|
Press Council|Farmers Union""".replace("\n", "").split("|")
PLACES = """Geneva Nairobi Lima Oslo Jakarta Lagos Seoul Madrid Ankara Dhaka Quito Riga Accra
Hanoi Tunis Kyiv Manila Bogota Warsaw Cairo Lisbon Delhi Santiago Athens Vienna""".split()
SOURCES = [f"Wire {c}" for c in "ABCDEFGHIJ"] + [f"The {p} Times" for p in PLACES[:10]]
ZH = """国家统计局 发布 经济 增长 数据 政府 北京 上海 市场 银行 利率 通货膨胀 出口 进口 贸易 企业
投资 就业 工人 农民 能源 石油 气候 排放 法院 改革 医院 学校 学生 大学 足球 比赛 选举 总统
总理 部长 会议 谈判 协议 安全 边境 警察 军队 新闻 报道 表示 今天 昨天 去年 今年 百分之""".split()
JA = """東京都 政府 経済 成長 発表 計画 市場 銀行 金利 輸出 企業 投資 雇用 選挙 首相 大臣 会議
協議 安全 警察 報道 今日 昨日 去年 今年 新しい 大阪 京都 学校 病院 研究 技術""".split()
KO = """서울에서 정부는 경제 성장 발표 계획 시장 은행 금리 수출 기업 투자 고용 선거 대통령 장관
회의 협상 안전 경찰 보도 오늘 어제 작년 올해 새로운 부산 학교 병원 연구 기술""".split()


def _names(rng: random.Random) -> list[tuple[str, str]]:
    people = {f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(3000)}
    pool = [(p, "PERSON") for p in sorted(people)][:1400]
    pool += [(o, "ORG") for o in ORGS] + [(f"{o} of {p}", "ORG") for o in ORGS[:10] for p in PLACES[:25]]
    pool += [(p, "GPE") for p in PLACES]
    return pool[:2000]


def _sentence(rng: random.Random) -> str:
    words = rng.choices(VOCAB, cum_weights=CUM_WEIGHTS, k=rng.randint(8, 24))
    if rng.random() < 0.08:
        words.insert(rng.randrange(len(words)), rng.choice(PHRASES))
    s = " ".join(words)
    return s[0].upper() + s[1:] + "."


def _cjk_sentence(rng: random.Random, words: list[str], sep: str) -> str:
    return sep.join(rng.choices(words, k=rng.randint(6, 16))) + ("。" if sep == "" else ".")


def make_record(i: int, rng: random.Random, names: list[tuple[str, str]], start: datetime) -> dict[str, Any]:
    """One generated article as the dateline.article/1 record ``analyze`` would print."""
    ents = rng.sample(names, rng.randint(2, 5))
    lang = "en"
    if i % 33 == 7:  # 3 %: CJK
        lang, words, sep = rng.choice([("zh", ZH, ""), ("ja", JA, ""), ("ko", KO, " ")])
        sentences = [_cjk_sentence(rng, words, sep) for _ in range(rng.randint(25, 50))]
        title = _cjk_sentence(rng, words, sep)[:-1]
    else:
        n_words = rng.randint(400, 800)
        sentences, count = [], 0
        while count < n_words:
            s = _sentence(rng)
            sentences.append(s)
            count += s.count(" ") + 1
        title = " ".join(rng.choices(NEWS, k=rng.randint(4, 9))).capitalize()
    # entities: each named in 1–3 sentences (the first at the start of the article)
    for k, (name, _) in enumerate(ents):
        for m in range(rng.randint(1, 3)):
            j = 0 if k == m == 0 else rng.randrange(len(sentences))
            sentences[j] = f"{name} {sentences[j]}"
    body = "\n\n".join(" ".join(sentences[j : j + 4]) for j in range(0, len(sentences), 4))
    mentions: dict[int, list[tuple[int, int]]] = {k: [] for k in range(len(ents))}
    for k, (name, _) in enumerate(ents):
        at = body.find(name)
        while at >= 0:
            mentions[k].append((at, at + len(name)))
            at = body.find(name, at + len(name))
    entities = tuple(
        Entity(id=f"e{k + 1}", name=name, type=typ, mentions=tuple(mentions[k]) or ((0, 0),))
        for k, (name, typ) in enumerate(ents)
        if mentions[k]
    )
    events = []
    for v in range(rng.randint(0, 2) if len(entities) >= 2 else 0):
        a, t = rng.sample(entities, 2)
        s, e = a.mentions[0]
        kind, cameo, plover = rng.choice(
            [("meeting", "036", "CONSULT"), ("criticism", "111", "DISAPPROVE"), ("agreement", "057", "AGREE"),
             ("attack", "190", "ASSAULT"), ("demand", "100", "DEMAND")]
        )  # fmt: skip
        events.append(
            Event(
                id=f"v{v + 1}",
                type=kind,
                trigger=Cue(kind, (s, e)),
                span=(s, min(len(body), e + 80)),
                cameo=cameo,
                actors=(a.id,),
                targets=(t.id,),
                plover=Plover(type=plover),
                modality="asserted",
                actor_spans=(Argument(a.name, a.mentions[0], a.id),),
                target_spans=(Argument(t.name, t.mentions[0], t.id),),
                date_source="publication",
            )
        )
    published = start + timedelta(seconds=rng.randrange(10 * 365 * 86400))
    art = Article(
        title=title,
        body=body,
        published=published,
        source=rng.choice(SOURCES),
        language=lang,
        url=f"https://example.org/news/{i}",
        origin=f"bench:{i}",
        format="text",
    )
    return Record(art, Analysis(entities=entities, events=tuple(events), model="bench")).to_json()


def records(n: int, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    names = _names(rng)
    start = datetime(2015, 1, 1, tzinfo=UTC)
    for i in range(n):
        yield make_record(i, rng, names, start)


def build(db: Path, n: int, seed: int, fresh: bool) -> dict[str, Any]:
    """Generate and ingest (or reuse) the corpus; returns its timings and size."""
    stamp = f"{GENERATOR} n={n} seed={seed}"
    if db.exists() and not fresh:
        con = sqlite3.connect(db)
        try:
            row = con.execute("SELECT value FROM meta WHERE key='bench'").fetchone()
        except sqlite3.Error:
            row = None
        con.close()
        if row and row[0].startswith(stamp):
            SQLiteCorpus(db).close()  # a writable open brings the schema up to date, as ingest does
            info = json.loads(row[0][len(stamp) + 1 :])
            return {**info, "reused": True}
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    gen_s = ingest_s = 0.0
    t_all = time.perf_counter()
    with SQLiteCorpus(db) as corpus:
        batch: list[dict[str, Any]] = []
        it = records(n, seed)
        done = 0
        while True:
            t0 = time.perf_counter()
            batch = [r for _, r in zip(range(BATCH), it, strict=False)]
            gen_s += time.perf_counter() - t0
            if not batch:
                break
            t0 = time.perf_counter()
            corpus.add_batch(batch)
            ingest_s += time.perf_counter() - t0
            done += len(batch)
            if done % 10000 == 0:
                print(f"  {done:,} articles  gen {gen_s:.0f}s  ingest {ingest_s:.0f}s", file=sys.stderr)
        t0 = time.perf_counter()
        corpus.link_identities()
        corpus.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        link_s = time.perf_counter() - t0
        info = {
            "articles": corpus.stats().articles,
            "generate_s": round(gen_s, 1),
            "ingest_s": round(ingest_s + link_s, 1),
            "total_s": round(time.perf_counter() - t_all, 1),
        }
        info["db_bytes"] = db.stat().st_size
        info["trigram_articles"] = corpus.db.execute("SELECT count(*) FROM articles_tri_docsize").fetchone()[
            0
        ]
        corpus.db.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('bench', ?)", (stamp + " " + json.dumps(info),)
        )
    return {**info, "reused": False}


# -- the queries -------------------------------------------------------------------------


def queries(corpus: SQLiteCorpus) -> dict[str, list[dict[str, Any]]]:
    """Each kind with a few variants (cycled), as keyword arguments of search() plus the
    same as /api/search parameters."""
    top = corpus.entities("PERSON", top=5)
    people = [e.name for e in top] or ["John Smith"]
    mid = NEWS[40:60]
    return {
        "word (common)": [{"q": w} for w in ("government", "said", "people", "year")],
        "word (mid)": [{"q": w} for w in mid[::4]],
        "two words": [{"q": f"{a} {b}"} for a, b in zip(mid[::3], NEWS[::7], strict=False)][:5],
        "word (rare)": [{"q": w} for w in RARE[:6]],
        "phrase": [{"q": f'"{p}"'} for p in PHRASES[:5]],
        "prefix": [{"q": p} for p in ("minist*", "elect*", "hospit*", "invest*")],
        "exclusion": [{"q": "election -football"}, {"q": "bank -inflation"}, {"q": "-sport court"}],
        "OR + group": [{"q": "(strike OR protest) -police"}, {"q": "oil OR gas"}],
        "entity facet": [{"q": "talks", "entity": p} for p in people[:3]],
        "entity only": [{"entity": p} for p in people[:3]],
        "date range": [
            {"q": "market", "since": f"{y}-01-01", "until": f"{y}-03-31"} for y in (2016, 2019, 2022)
        ],
        "sort by date": [{"q": w, "sort": "date"} for w in ("market", "election", "court")],
        "deep page (1000)": [{"q": w, "offset": 1000} for w in ("government", "market", "people")],
        "CJK 5 chars": [{"q": "国家统计局"}, {"q": "東京都"}, {"q": "서울에서"}],
        "CJK 2 chars": [{"q": "经济"}, {"q": "政府"}, {"q": "市場"}],
        "CJK OR": [{"q": "国家统计局 OR 東京都"}, {"q": "서울에서 OR 经济"}],
    }


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    fn()  # warm
    out, last = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        last = fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out, last


def bench_store(db: Path, kinds: dict[str, list[dict[str, Any]]], repeat: int) -> dict[str, Any]:
    rows = {}
    with SQLiteCorpus(db, readonly=True) as corpus:
        for kind, variants in kinds.items():
            ms: list[float] = []
            hits = 0
            for v in variants:
                args = dict(v)
                q = args.pop("q", None)
                xs, res = timed(
                    lambda q=q, args=args: corpus.search(q, limit=20, **args), max(1, repeat // len(variants))
                )
                ms += xs
                hits += len(res)
            rows[kind] = _row(ms, hits / len(variants))
    return rows


def _row(ms: list[float], hits: float) -> dict[str, Any]:
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 2),
        "p95_ms": round(pct(ms, 95), 2),
        "p99_ms": round(pct(ms, 99), 2),
        "max_ms": round(max(ms), 2),
        "hits": round(hits, 1),
    }


def bench_http(db: Path, kinds: dict[str, list[dict[str, Any]]], repeat: int) -> dict[str, Any] | str:
    try:
        import httpx
        import uvicorn

        from dateline.web.app import create_app
    except Exception as e:  # the web app is built in parallel: say why it is not measured
        return f"not measured: {type(e).__name__}: {e}"
    try:
        app = create_app(db)
    except Exception as e:
        return f"not measured: create_app failed: {type(e).__name__}: {e}"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        rows: dict[str, Any] = {}
        with httpx.Client(base_url=base, timeout=60) as client:
            for kind, variants in kinds.items():
                ms: list[float] = []
                hits = 0
                errors = 0
                for v in variants:
                    params = {k: str(x) for k, x in v.items() if k != "offset"}
                    params["limit"] = "20"
                    if "offset" in v:
                        params["cursor"] = _cursor_at(client, params, v["offset"])
                        if params["cursor"] is None:
                            errors += 1
                            continue

                    def get(params: dict[str, str] = params) -> Any:
                        r = client.get("/api/search", params=params)
                        return r

                    xs, res = timed(get, max(1, repeat // len(variants)))
                    ms += xs
                    errors += int(res.status_code != 200)
                    hits += len(res.json().get("items", [])) if res.status_code == 200 else 0
                if ms:
                    rows[kind] = {**_row(ms, hits / len(variants)), "errors": errors}
                else:
                    rows[kind] = {"errors": errors}
            ids = [
                r[0]
                for r in sqlite3.connect(db).execute(
                    "SELECT id FROM articles ORDER BY rowid LIMIT 20 OFFSET 5000"
                )
            ]
            ms, errors = [], 0
            for i in ids:
                xs, res = timed(lambda i=i: client.get(f"/article/{i}"), max(1, repeat // len(ids)))
                ms += xs
                errors += int(res.status_code != 200)
            rows["article page"] = {**_row(ms, 1), "errors": errors}
        return rows
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _cursor_at(client: Any, params: dict[str, str], offset: int) -> str | None:
    """The next_cursor that starts a page at ``offset`` (pages of 100, untimed)."""
    p = dict(params, limit="100")
    cursor = None
    for _ in range(offset // 100):
        if cursor:
            p["cursor"] = cursor
        r = client.get("/api/search", params=p)
        if r.status_code != 200:
            return None
        cursor = r.json().get("next_cursor")
        if cursor is None:
            return None
    return cursor


def _table(title: str, rows: dict[str, Any], target: float) -> str:
    lines = [f"{title}", f"{'query':<18} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'hits':>6}  ok"]
    for kind, r in rows.items():
        if "p50_ms" not in r:
            lines.append(f"{kind:<18} errors {r.get('errors')}")
            continue
        t = ARTICLE_TARGET_MS if kind == "article page" else target
        ok = "yes" if r["p95_ms"] < t and not r.get("errors") else "NO"
        lines.append(
            f"{kind:<18} {r['n']:>4} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['hits']:>6}  {ok}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="articles to generate (default 100,000)")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument(
        "--repeat", type=int, default=60, help="timed runs per query kind (split over its variants)"
    )
    ap.add_argument("--db", type=Path, default=Path("/tmp/dateline-bench-search.db"))
    ap.add_argument("--fresh", action="store_true", help="rebuild the corpus even if --db holds it")
    ap.add_argument("--no-http", action="store_true", help="only the store API")
    args = ap.parse_args(argv)
    command = "bench/search.py " + " ".join(
        shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:])
    )
    print(f"$ {command}", file=sys.stderr)
    corpus_info = build(args.db, args.n, args.seed, args.fresh)
    size_mb = args.db.stat().st_size / 1e6
    print(
        f"corpus: {corpus_info['articles']:,} articles ({corpus_info['trigram_articles']:,} in the trigram index), "
        f"{size_mb:,.0f} MB; generate {corpus_info['generate_s']:.0f} s, ingest {corpus_info['ingest_s']:.0f} s"
        + (" (reused)" if corpus_info["reused"] else "")
    )
    with SQLiteCorpus(args.db, readonly=True) as c:
        kinds = queries(c)
    store = bench_store(args.db, kinds, args.repeat)
    print(_table("store API: SQLiteCorpus.search(limit=20)", store, TARGET_MS))
    http: dict[str, Any] | str = "skipped (--no-http)"
    if not args.no_http:
        http = bench_http(args.db, kinds, args.repeat)
        print(_table("HTTP API on loopback: GET /api/search?limit=20, GET /article/{id}", http, TARGET_MS)
              if isinstance(http, dict) else f"HTTP API: {http}")  # fmt: skip
    result = {
        "command": command,
        "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
        },
        "corpus": {**corpus_info, "db_mb": round(size_mb, 1), "n": args.n, "seed": args.seed},
        "target_p95_ms": TARGET_MS,
        "store": store,
        "http": http,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
