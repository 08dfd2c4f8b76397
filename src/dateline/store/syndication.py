"""Syndicated copies: an article that is a copy of one stored before it.

A wire story arrives many times: another outlet's furniture, a new headline, the last
paragraph trimmed or a local one added, a wire dateline in front, lines wrapped again, a
few words edited.  The content id (a hash of title and body) sees each as new; this
module sees the same text.

* **Fingerprint.**  The body is folded (NFKC, casefold, words only: wrapping and
  punctuation do not matter) and cut into shingles of ``shingle_words`` consecutive
  words (CJK text, which has no spaces: ``shingle_chars`` characters).  A MinHash
  signature (datasketch, ``num_perm`` values) estimates the Jaccard similarity of two
  shingle sets.
* **Candidates.**  The signature's first ``bands x rows`` values are cut into bands;
  each band's values hash to one integer, kept in ``lsh_bands`` for every original.  An
  article sharing any band with an original is a candidate: with 42 bands of 3 a pair at
  Jaccard 0.5 is found with probability 0.996, one at 0.25 about half the time.  The
  index is rows in the store, so it grows with the corpus, survives a kill (it is written
  in the article's own transaction) and never has to be rebuilt.
* **Decision.**  The candidate is the original when the estimated Jaccard is at least
  ``jaccard``, or when the smaller shingle set lies at least ``containment`` inside the
  larger (estimated from the Jaccard and the two set sizes) with a Jaccard of at least
  ``containment_jaccard``: a copy with its last paragraphs trimmed, or one with a local
  paragraph added — but not a text more than ``max_growth`` times the stored one's size,
  which is an expanded later version with news of its own.  The best candidate wins; ties go to the earliest stored.
* **First seen is the original.**  Rowid order is the order articles were stored, which
  ingest keeps equal to the order of its input (store results in submission order), so a
  killed and resumed run makes the same decisions as an uninterrupted one.  A copy of a
  copy points at the original: copies have no band rows.

``publisher`` reads the original publisher a text names: the agency of a wire dateline
(``LONDON (Reuters) -``), the record's ``wire`` field, or a credit line near the end
("This article first appeared in The Conversation").  Patterns are data
(data/syndication.json).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from datasketch import MinHash

from ..read.datelines import find_wire_dateline


@dataclass(frozen=True)
class Settings:
    num_perm: int
    seed: int
    shingle_words: int
    shingle_chars: int
    min_words: int
    bands: int
    rows: int
    jaccard: float
    containment: float
    containment_jaccard: float
    max_growth: float
    max_candidates: int
    tail_chars: int
    publisher: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Signature:
    shingles: int  # distinct shingles
    values: np.ndarray  # uint32, num_perm values

    def blob(self) -> bytes:
        return self.values.astype("<u4").tobytes()


@dataclass(frozen=True)
class Match:
    original: int  # rowid
    similarity: float  # estimated Jaccard
    containment: float  # how much of the smaller text lies in the larger


@cache
def settings() -> Settings:
    raw = json.loads(resources.files(__package__).joinpath("data/syndication.json").read_text("utf-8"))
    pats = tuple(re.compile(p, re.I | re.M) for p in raw["publisher"].values())
    keys = Settings.__dataclass_fields__.keys() - {"publisher"}
    s = Settings(**{k: raw[k] for k in keys}, publisher=pats)
    if s.bands * s.rows > s.num_perm:
        raise ValueError("syndication.json: bands x rows exceeds num_perm")
    return s


@cache
def _permutations() -> Any:
    s = settings()
    return MinHash(num_perm=s.num_perm, seed=s.seed, scheme="affine32").permutations


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORD = re.compile(r"\w+")


def shingles(body: str) -> set[bytes] | None:
    """The body's shingles, or None when it is too short to tell a copy by."""
    s = settings()
    text = unicodedata.normalize("NFKC", body).casefold()
    words = _WORD.findall(text)
    if len(_CJK.findall(text)) > len(text) / 4:  # CJK: runs of characters, no spaces
        chars = "".join(words)
        if len(chars) < s.min_words * 2:
            return None
        k = s.shingle_chars
        return {chars[i : i + k].encode() for i in range(max(1, len(chars) - k + 1))}
    if len(words) < s.min_words:
        return None
    k = s.shingle_words
    return {" ".join(words[i : i + k]).encode() for i in range(max(1, len(words) - k + 1))}


def fingerprint(body: str) -> Signature | None:
    grams = shingles(body)
    if not grams:
        return None
    s = settings()
    m = MinHash(num_perm=s.num_perm, seed=s.seed, permutations=_permutations(), scheme="affine32")
    m.update_batch(sorted(grams))
    return Signature(len(grams), np.asarray(m.hashvalues, dtype=np.uint32))


def _unblob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4")


def band_hashes(sig: Signature) -> list[tuple[int, int]]:
    """(band, hash) of each LSH band: its rows' values hashed to a signed 64-bit integer."""
    s = settings()
    raw = sig.values.astype("<u4")
    out = []
    for b in range(s.bands):
        digest = hashlib.blake2b(raw[b * s.rows : (b + 1) * s.rows].tobytes(), digest_size=8).digest()
        out.append((b, int.from_bytes(digest, "little", signed=True)))
    return out


def estimate(a: Signature, b: Signature) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set in the larger), from the signatures."""
    j = float(np.mean(a.values == b.values))
    small, large = sorted((a.shingles, b.shingles))
    inter = j * (small + large) / (1 + j)
    return j, min(1.0, inter / small) if small else 0.0


def is_copy(jaccard: float, containment: float, growth: float = 1.0) -> bool:
    """``growth``: the new text's shingles over the stored one's.  A text that holds the
    stored one and much more besides (an expanded, later version) is not a copy of it."""
    s = settings()
    if jaccard >= s.jaccard:
        return True
    return containment >= s.containment and jaccard >= s.containment_jaccard and growth <= s.max_growth


def find_original(db: sqlite3.Connection, sig: Signature) -> Match | None:
    """The stored original this signature copies, or None."""
    s = settings()
    bands = band_hashes(sig)
    rows = db.execute(
        "SELECT article_rowid, count(*) AS n FROM lsh_bands WHERE (band, hash) IN"
        " (SELECT value ->> 0, value ->> 1 FROM json_each(?))"
        " GROUP BY article_rowid ORDER BY n DESC, article_rowid LIMIT ?",
        (json.dumps(bands), s.max_candidates),
    ).fetchall()
    stored = db.execute(
        "SELECT article_rowid, shingles, sig FROM minhashes WHERE article_rowid IN (SELECT CAST(value AS INTEGER) FROM json_each(?))",
        (json.dumps([r[0] for r in rows]),),
    ).fetchall()
    best: Match | None = None
    for rowid, shingles, blob in stored:
        j, c = estimate(sig, Signature(shingles, _unblob(blob)))
        if not is_copy(j, c, sig.shingles / max(1, shingles)):
            continue
        if best is None or (j, -rowid) > (best.similarity, -best.original):
            best = Match(rowid, round(j, 4), round(c, 4))
    return best


def index(db: sqlite3.Connection, rowid: int, sig: Signature) -> None:
    """Make a stored original findable by later copies."""
    db.execute(
        "INSERT OR REPLACE INTO minhashes(article_rowid, shingles, sig) VALUES (?,?,?)",
        (rowid, sig.shingles, sig.blob()),
    )
    db.executemany(
        "INSERT OR IGNORE INTO lsh_bands(band, hash, article_rowid) VALUES (?,?,?)",
        [(b, h, rowid) for b, h in band_hashes(sig)],
    )


def _clean_name(name: str) -> str | None:
    name = re.sub(r"\s+", " ", name).strip(" '\"“”‘’")
    return name if 1 < len(name) <= 60 else None


def publisher(rec: dict[str, Any]) -> str | None:
    """The original publisher the record names: a wire agency or a credit line."""
    wire = rec.get("wire")
    if isinstance(wire, dict) and isinstance(wire.get("agency"), str) and wire["agency"].strip():
        return wire["agency"].strip()
    body = rec.get("body") or ""
    first = body.lstrip()[:300]
    w = find_wire_dateline(first)
    if w is not None and w.agency:
        return w.agency.strip()
    tail = body[-settings().tail_chars :]
    for rx in settings().publisher:
        found = list(rx.finditer(tail))  # the last credit line wins
        if found and (name := _clean_name(found[-1]["name"])):
            return name
    return None
