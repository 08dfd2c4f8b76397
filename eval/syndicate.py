"""Syndicated copies for the near-duplicate evaluation: the same article as other outlets
print it, generated (seeded, deterministic) from source texts by the transformations wire
copies undergo, with a manifest of what each copy is a copy of and what was done to it.

A source is read with the real reader (``dateline.read.read_path``): its title and body
paragraphs.  Every copy is a text dump in the shape the reader understands (headline, an
outlet stamp line, body, bottom furniture) and gets several transformations, chosen at
random among those that apply, at least one of them changing the title or body (the store
keys articles by title and body, so a copy differing only in layout is the same article):

  furniture       extra page furniture: "Advertisement" above the headline or between
                  paragraphs, a byline, "Share this article", a "Related" list of
                  headlines, "Add Comment", a copyright line
  headline        the headline rewritten (a desk prefix or suffix, a word swapped)
  trim            the last paragraph (two of a long article) cut, at most a quarter of the words
  local           a local paragraph added (the outlet's own angle)
  wire            a wire dateline put in front: "LONDON (Reuters) - ", "PARIS (AFP) – " …
  rewrap          every paragraph hard-wrapped at about 70 columns
  edits           a few words substituted, a sentence dropped or two sentences swapped
  first_appeared  "This article first appeared in <outlet>." after the body

``publisher`` in the manifest is the original publisher a reader of the copy can tell:
the agency of the wire dateline (added, or the source's own), else the outlet of "first
appeared in", else none.

Negatives (distinct articles that must not be flagged): for each original, the other
sources of the same section sharing the most content words with it (``negatives``).
Sources with a near-twin among the sources are left out of both roles (``twins``), so
that "the copy points at its original" has one right answer: the BBC set holds about a
hundred articles twice, and some in two versions, one extending the other (politics/111
and 293).

    eval/syndicate.py --from bbc --out /tmp/copies --originals 150 --copies 2
    eval/syndicate.py --from sample --out /tmp/copies --copies 3
    eval/syndicate.py --from DIR --out /tmp/copies     any folder of text dumps
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import textwrap
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "examples" / "corpus"
BBC = REPO.parent / "shared" / "data" / "bbc_news_fulltext" / "bbc"
SEED = 13
WRAP = 70
#: Two sources whose 5-word shingle sets have this Jaccard or more are twins, and so are
#: two of which the smaller lies this much inside the larger (an update that extended it).
TWIN_JACCARD = 0.5
TWIN_CONTAINMENT = 0.5
SHINGLE = 5
#: A shingle found in more sources than this is boilerplate, not evidence of a twin.
COMMON_SHINGLE = 20
TRIM_MAX_SHARE = 0.25
CONTENT = ("headline", "trim", "local", "wire", "edits", "first_appeared")
TRANSFORMATIONS = ("furniture", "rewrap", *CONTENT)

OUTLETS = (
    "The Northern Echo", "Evening Courier", "Daily Ledger", "The Coastal Times",
    "Valley Herald", "Midland Post", "The Harbour Gazette", "City Tribune",
    "Westside Chronicle", "The Morning Record", "Lakeland Observer", "Capital Wire Review",
)  # fmt: skip
AGENCIES = (("Reuters", " - "), ("AP", " — "), ("AFP", " – "))
PLACES = ("LONDON", "NEW YORK", "WASHINGTON", "PARIS", "BRUSSELS", "MANCHESTER", "DUBLIN")
BYLINES = ("By Staff Reporter", "By Helen Carver", "By Tom Ashdown", "By Priya Nair", "From wire reports")
HEADLINE_PREFIXES = ("UPDATE 1-", "UPDATE 2-", "Exclusive: ", "Breaking: ", "Analysis: ")
HEADLINE_SUFFIXES = (" - report", ", officials say", " (updated)", ": what we know")
STAMPS = ("{outlet} | {date}", "{date} | {outlet}", "{outlet} - {date}", "Published: {date} | {outlet}")
MONTHS = ("January February March April May June July August September October November December").split()
#: Word substitutions a desk makes (first word → second), tried in a random order.
SUBSTITUTIONS = (
    ("said", "says"), ("company", "firm"), ("about", "around"), ("more than", "over"),
    ("however", "but"), ("people", "residents"), ("government", "administration"),
    ("also", "additionally"), ("announced", "revealed"), ("big", "large"), ("expected", "likely"),
    ("show", "indicate"), ("told", "informed"), ("because", "as"), ("new", "fresh"),
    ("per cent", "%"), ("percent", "%"), ("million", "m"), ("Monday", "earlier this week"),
)  # fmt: skip
LOCAL = (
    "In {town}, where the issue has been discussed for months, {name}, a local {role}, said "
    'residents would be watching closely. "People here want to know what it means for them," {first} said.',
    "The {outlet} asked {town} council for comment. A spokesperson said the council was "
    '"studying the details" and would set out its position at the next meeting.',
    "Readers in {town} can follow the story on the {outlet} website, where a live page will carry "
    "updates through the day. {name}, a {role} in the area, said the news had been expected.",
    "{name}, who runs a business in {town}, told the {outlet} the announcement had come as no "
    'surprise. "We have been preparing for this for some time," {first} said.',
)
TOWNS = ("Kettering", "Ashford", "Harrogate", "Barnstaple", "Wrexham", "Falkirk", "Truro", "Carlisle")
NAMES = ("Margaret Dunne", "Colin Pryce", "Aisha Rahman", "Gareth Lowe", "Fiona Blake", "Dev Patel")
ROLES = ("councillor", "shopkeeper", "teacher", "union official", "resident", "business owner")
RELATED = (
    "Council to review parking charges", "Weather warning issued for the weekend",
    "Schools prepare for new term", "Local team reaches cup final", "Bus routes to change next month",
    "Hospital appeal passes target", "Roadworks to close bridge", "Market traders welcome plan",
)  # fmt: skip
_SENTENCE = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘]?[A-Z0-9])")
_WORD = re.compile(r"[a-z]{4,}")


@dataclass(frozen=True)
class Source:
    """An article a copy is made from: its file, section (folder), title and paragraphs."""

    path: str
    section: str
    title: str
    paragraphs: tuple[str, ...]
    wire_agency: str | None = None
    outlet: str | None = None

    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)

    def key(self) -> tuple[str, str]:
        return _key(self.title, self.paragraphs)


@dataclass(frozen=True)
class Copy:
    """A copy being made: what is printed, top to bottom, and what was done."""

    title: str
    paragraphs: tuple[str, ...]
    outlet: str
    top: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    bottom: tuple[str, ...] = ()
    wrap: bool = False
    publisher: str | None = None
    done: tuple[str, ...] = field(default=())

    def key(self) -> tuple[str, str]:
        return _key(self.title, self.paragraphs)

    def text(self) -> str:
        paras = [textwrap.fill(p, WRAP) if self.wrap else p for p in self.paragraphs]
        blocks = [*self.top, self.title, *self.header, *paras, *self.bottom]
        return "\n\n".join(blocks) + "\n"


def _key(title: str, paragraphs: Sequence[str]) -> tuple[str, str]:
    """What the store's content id is over: the title and the body, whitespace folded."""
    return " ".join(title.split()), " ".join(" ".join(paragraphs).split())


# --------------------------------------------------------------------------- sources


def read_sources(paths: Iterable[Path], root: Path) -> list[Source]:
    """The readable articles of ``paths`` (one per file; files that fail are skipped)."""
    from dateline.read import read_path

    out = []
    for p in paths:
        arts = [a for a in read_path(p) if not isinstance(a, Exception)]
        if len(arts) != 1 or not arts[0].body.strip():
            continue
        a = arts[0]
        paras = tuple(x.strip() for x in a.body.split("\n\n") if x.strip())
        rel = p.relative_to(root)
        section = rel.parts[0] if len(rel.parts) > 1 else ""
        agency = a.wire.agency if a.wire else None
        out.append(Source(str(p), section, (a.title or paras[0][:80]).strip(), paras, agency, a.source))
    return out


def source_files(kind: str) -> tuple[list[Path], Path]:
    """The files of a named source set (``bbc``, ``sample``) or of a folder, and its root."""
    if kind == "sample":
        return sorted(SAMPLE.glob("*.txt")), SAMPLE
    root = BBC if kind == "bbc" else Path(kind)
    if not root.is_dir():
        raise SystemExit(f"error: no folder {root} (for the BBC texts, lay out ../shared)")
    return sorted(p for p in root.rglob("*.txt") if p.name.lower() != "readme.txt"), root


def _shingles(s: Source) -> set[int]:
    words = " ".join(s.paragraphs).lower().split()
    return {
        zlib.crc32(" ".join(words[i : i + SHINGLE]).encode()) for i in range(max(1, len(words) - SHINGLE + 1))
    }


def twins(sources: Sequence[Source]) -> dict[str, str]:
    """Sources with a near-twin among ``sources``: path → the twin's path (both ways).
    Shared shingles counted through an inverted index (linear in the text)."""
    sets = [_shingles(s) for s in sources]
    index: dict[int, list[int]] = defaultdict(list)
    for i, sh in enumerate(sets):
        for h in sh:
            index[h].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for docs in index.values():
        if 1 < len(docs) <= COMMON_SHINGLE:
            for a in range(len(docs)):
                for b in range(a + 1, len(docs)):
                    shared[docs[a], docs[b]] += 1
    out: dict[str, str] = {}
    for (a, b), n in shared.items():
        small = min(len(sets[a]), len(sets[b]))
        if n / (len(sets[a]) + len(sets[b]) - n) >= TWIN_JACCARD or n / small >= TWIN_CONTAINMENT:
            out[sources[a].path] = sources[b].path
            out[sources[b].path] = sources[a].path
    return out


def _content_words(s: Source) -> set[str]:
    return set(_WORD.findall((s.title + " " + " ".join(s.paragraphs)).lower()))


def negatives(originals: Sequence[Source], pool: Sequence[Source], per: int = 1) -> list[dict[str, Any]]:
    """For each original, the ``per`` sources of ``pool`` in its section (not originals
    themselves) sharing the most content words with it: same topic, another article."""
    taken = {s.path for s in originals}
    words = {s.path: _content_words(s) for s in pool}
    by_section: dict[str, list[Source]] = defaultdict(list)
    for s in pool:
        by_section[s.section].append(s)
    out: list[dict[str, Any]] = []
    for o in originals:
        mine = _content_words(o)
        scored = sorted(
            (len(mine & words[c.path]) / (len(mine | words[c.path]) or 1), c.path)
            for c in by_section[o.section]
            if c.path not in taken
        )
        for overlap, path in reversed(scored[-per:]):
            taken.add(path)
            out.append({"file": path, "near": o.path, "overlap": round(overlap, 3)})
    return out


# --------------------------------------------------------------------------- transformations


def _sentences(p: str) -> list[str]:
    return [s for s in _SENTENCE.split(p) if s]


def t_furniture(c: Copy, rng: random.Random, src: Source) -> Copy:
    top = ("Advertisement",) if rng.random() < 0.5 else ()
    header = (*c.header, rng.choice(BYLINES)) if rng.random() < 0.5 else c.header
    paras = list(c.paragraphs)
    if len(paras) > 3 and rng.random() < 0.5:
        paras.insert(rng.randrange(2, len(paras) - 1), "Advertisement")
    bottom = ["Share this article"]
    if rng.random() < 0.6:
        bottom += ["Related", *rng.sample(RELATED, 3)]
    bottom += rng.sample(["Add Comment", f"© 2005 {c.outlet}. All rights reserved."], rng.choice((1, 2)))
    return replace(c, top=top, header=header, paragraphs=tuple(paras), bottom=(*c.bottom, *bottom))


def t_headline(c: Copy, rng: random.Random, src: Source) -> Copy:
    title = c.title
    for word, other in rng.sample(SUBSTITUTIONS, len(SUBSTITUTIONS)):
        if re.search(rf"\b{re.escape(word)}\b", title):
            title = re.sub(rf"\b{re.escape(word)}\b", other, title, count=1)
            break
    if title == c.title or rng.random() < 0.5:
        title = (
            rng.choice(HEADLINE_PREFIXES) + title
            if rng.random() < 0.5
            else title + rng.choice(HEADLINE_SUFFIXES)
        )
    return replace(c, title=title)


def t_trim(c: Copy, rng: random.Random, src: Source) -> Copy:
    body = [p for p in c.paragraphs if p != "Advertisement"]
    total = sum(len(p.split()) for p in body)
    paras = list(c.paragraphs)
    for _ in range(2 if len(body) >= 8 else 1):
        cut = len(paras[-1].split())
        if len(paras) < 4 or total - cut < (1 - TRIM_MAX_SHARE) * src.words():
            break
        total -= cut
        paras.pop()
    return replace(c, paragraphs=tuple(paras))


def t_local(c: Copy, rng: random.Random, src: Source) -> Copy:
    name = rng.choice(NAMES)
    para = rng.choice(LOCAL).format(
        town=rng.choice(TOWNS), name=name, first=name.split()[0], role=rng.choice(ROLES), outlet=c.outlet
    )
    paras = list(c.paragraphs)
    paras.insert(rng.choice((len(paras), min(2, len(paras)))), para)
    return replace(c, paragraphs=tuple(paras))


def t_wire(c: Copy, rng: random.Random, src: Source) -> Copy:
    agency, dash = rng.choice(AGENCIES)
    first = f"{rng.choice(PLACES)} ({agency}){dash}{c.paragraphs[0]}"
    return replace(c, paragraphs=(first, *c.paragraphs[1:]), publisher=agency)


def t_rewrap(c: Copy, rng: random.Random, src: Source) -> Copy:
    return replace(c, wrap=True)


def t_edits(c: Copy, rng: random.Random, src: Source) -> Copy:
    paras = list(c.paragraphs)
    subs = 0
    for word, other in rng.sample(SUBSTITUTIONS, len(SUBSTITUTIONS)):
        hits = [i for i, p in enumerate(paras) if re.search(rf"\b{re.escape(word)}\b", p)]
        if hits and subs < rng.choice((2, 3, 4)):
            i = rng.choice(hits)
            paras[i] = re.sub(rf"\b{re.escape(word)}\b", other, paras[i], count=1)
            subs += 1
    long = [i for i, p in enumerate(paras) if len(_sentences(p)) >= 3]
    if long:
        i = rng.choice(long)
        sents = _sentences(paras[i])
        j = rng.randrange(1, len(sents) - 1)
        if rng.random() < 0.5:
            del sents[j]
        else:
            sents[j], sents[j + 1] = sents[j + 1], sents[j]
        paras[i] = " ".join(sents)
    return replace(c, paragraphs=tuple(paras))


def t_first_appeared(c: Copy, rng: random.Random, src: Source) -> Copy:
    outlet = src.outlet or ("BBC News" if src.section else rng.choice([o for o in OUTLETS if o != c.outlet]))
    return replace(
        c,
        paragraphs=(*c.paragraphs, f"This article first appeared in {outlet}."),
        publisher=c.publisher or outlet,
    )


APPLY = {
    "furniture": t_furniture, "headline": t_headline, "trim": t_trim, "local": t_local, "wire": t_wire,
    "rewrap": t_rewrap, "edits": t_edits, "first_appeared": t_first_appeared,
}  # fmt: skip
#: The order the text passes through them: trim before local, so the local paragraph stays.
ORDER = ("trim", "edits", "local", "headline", "wire", "first_appeared", "furniture", "rewrap")


def applicable(src: Source) -> list[str]:
    """The transformations that make sense for ``src`` (no second wire dateline; no trim
    of a short article)."""
    out = list(TRANSFORMATIONS)
    if src.wire_agency:
        out.remove("wire")
    if len(src.paragraphs) < 5:
        out.remove("trim")
    return out


def choose(src: Source, rng: random.Random) -> list[str]:
    """Two to four transformations, at least one changing the text; never both a wire
    dateline and "first appeared in" (two publishers)."""
    pool = applicable(src)
    while True:
        picked = rng.sample(pool, rng.choice((2, 3, 3, 4)))
        if any(t in CONTENT for t in picked) and not {"wire", "first_appeared"} <= set(picked):
            return [t for t in TRANSFORMATIONS if t in picked]  # a fixed order


def make_copy(src: Source, rng: random.Random, transformations: Sequence[str] | None = None) -> Copy:
    outlet = rng.choice([o for o in OUTLETS if o != src.outlet])
    day = (
        f"{rng.randint(1, 28)} {rng.choice(MONTHS)} 2005 {rng.randint(6, 22):02d}:{rng.randrange(60):02d} GMT"
    )
    stamp = rng.choice(STAMPS).format(outlet=outlet, date=day)
    c = Copy(src.title, src.paragraphs, outlet, header=(stamp,), publisher=src.wire_agency)
    done = list(transformations if transformations is not None else choose(src, rng))
    for t in sorted(done, key=ORDER.index):
        c = APPLY[t](c, rng, src)
    return replace(c, done=tuple(done))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def manifest_path(out: Path) -> Path:
    """Where the manifest of the copies in ``out`` is written: ``<out>.manifest.json``."""
    return out.with_name(out.name + ".manifest.json")


def generate(
    sources: Sequence[Source],
    out: Path,
    *,
    originals: int | None = None,
    copies: int = 2,
    seed: int = SEED,
    negatives_per: int = 1,
) -> dict[str, Any]:
    """Write ``copies`` copies of each of ``originals`` sources (a seeded sample; all when
    None) under ``out``, and the manifest beside it (:func:`manifest_path`, outside the
    folder, which holds nothing but copies); returns the manifest."""
    rng = random.Random(seed)
    twin = twins(sources)
    pool = [s for s in sources if s.path not in twin]
    chosen = sorted(
        rng.sample(pool, originals) if originals and originals < len(pool) else pool, key=lambda s: s.path
    )
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for src in chosen:
        seen = {src.key()}
        for k in range(1, copies + 1):
            c = make_copy(src, rng)
            while c.key() in seen:  # the same title and body is the same article to the store
                c = make_copy(src, rng)
            seen.add(c.key())
            name = f"{slug(src.section + '_' + Path(src.path).stem)}__{slug(c.outlet)}_{k}.txt"
            (out / name).write_text(c.text(), encoding="utf-8")
            row = {"file": name, "original": src.path, "transformations": list(c.done)}
            rows.append({**row, "publisher": c.publisher})
    manifest = {
        "seed": seed,
        "copies": rows,
        "originals": [s.path for s in chosen],
        "negatives": negatives(chosen, pool, negatives_per) if negatives_per else [],
        "twins": dict(sorted(twin.items())),
    }
    manifest_path(out).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--from", dest="src", default="bbc", help="bbc, sample, or a folder of text dumps")
    ap.add_argument("--out", type=Path, required=True, help="folder for the copies and manifest.json")
    ap.add_argument("--originals", type=int, help="how many sources to copy (default: all)")
    ap.add_argument("--copies", type=int, default=2, help="copies of each (default 2)")
    ap.add_argument("--negatives", type=int, default=1, help="same-topic negatives per original (default 1)")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    files, root = source_files(args.src)
    m = generate(
        read_sources(files, root), args.out, originals=args.originals, copies=args.copies, seed=args.seed,
        negatives_per=args.negatives,
    )  # fmt: skip
    used = Counter(t for r in m["copies"] for t in r["transformations"])
    print(f"wrote {len(m['copies'])} copies of {len(m['originals'])} originals to {args.out}/")
    print(f"  manifest {manifest_path(args.out)}")
    print(f"  {len(m['negatives'])} negatives; {len(m['twins'])} sources with a twin left out")
    print("  " + ", ".join(f"{t} {n}" for t, n in sorted(used.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
