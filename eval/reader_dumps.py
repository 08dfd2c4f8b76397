"""Text-dump dev set: dateline's text reader next to trafilatura and newspaper4k, per field.

Data: every ``eval/dumps/<group>/truth.json`` (format in ``eval/dumps/README.md``): pages
written in real outlets' header styles (``pages/``), pages saved as text from a browser
(``browser/``), multi-article exports (``exports/``) …  Each file is read as a user would
read it — ``dateline.read.read_bytes(data, name=file)`` — in three variants: as written,
with CRLF line ends, and with NBSPs for the spaces of its header lines (every line before
an article's ``body_start``); the truth is the same for all three.

Per article and variant, each field is right or wrong:

  title, published, source, authors     exact (authors as a list)
  body                                  starts with ``body_start``, ends with ``body_end``
                                        (whitespace folded), has ``paragraphs`` paragraphs
                                        and none of the ``without`` strings
  published_local, section, length,     exact, scored only on the articles whose truth
  credit, standfirst, wire              gives them (wire: its place and agency)
  all fields                            every field above that the truth gives

A file's articles are matched to its truth in order; a missing article is wrong on
every field.  The same files (as written) go to trafilatura (``extract`` with metadata,
JSON output) and newspaper4k (``Article.download(input_html=…)`` then ``parse``), with the
raw file text, as a user would try them; their title (exact), publication day and body
(start, end, ``without``; their paragraphs are not comparable) are counted, next to how
many articles they return anything for.

    eval/reader_dumps.py              table
    eval/reader_dumps.py --failures   and every wrong field, with what dateline gave
    eval/reader_dumps.py --no-tools   dateline only
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_ROOT = REPO / "eval" / "dumps"
FIELDS = ("title", "published", "source", "authors", "body")
OPTIONAL = ("published_local", "section", "length", "credit", "standfirst", "wire")
VARIANTS = ("as_written", "crlf", "nbsp")
TOOLS = ("trafilatura", "newspaper4k")
TOOL_FIELDS = ("title", "day", "body")


def squash(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Case:
    group: str
    path: Path
    truth: tuple[dict[str, Any], ...]

    @property
    def name(self) -> str:
        return f"{self.group}/{self.path.name}"


def load(root: Path) -> list[Case]:
    """Every file named by a truth.json under ``root``, with its articles' truth."""
    cases = []
    for truth_file in sorted(root.glob("*/truth.json")):
        files = json.loads(truth_file.read_text("utf-8"))["files"]
        for name, articles in sorted(files.items()):
            cases.append(Case(truth_file.parent.name, truth_file.parent / name, tuple(articles)))
    return cases


# ---- variants -------------------------------------------------------------------------------
def _header_lines(lines: Sequence[str], truth: Sequence[dict[str, Any]]) -> set[int]:
    """Indexes of the lines before each article's body start (after the previous body end)."""
    out: set[int] = set()
    pos = 0
    for art in truth:
        start = squash(art.get("body_start") or "")[:20]
        if not start:
            continue
        hit = next((i for i in range(pos, len(lines)) if start in squash(lines[i])), None)
        if hit is None:
            continue
        out.update(range(pos, hit))
        end = squash(art.get("body_end") or "")[-30:]
        after = next((i for i in range(hit, len(lines)) if end and end in squash(lines[i])), hit)
        pos = after + 1
    return out


def variants(data: bytes, truth: Sequence[dict[str, Any]]) -> dict[str, bytes]:
    """The file as written, with CRLF line ends, and with NBSPs in its header lines."""
    out = {"as_written": data}
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return out  # a file in another encoding is scored as written only
    out["crlf"] = text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
    lines = text.split("\n")
    header = _header_lines(lines, truth)
    out["nbsp"] = "\n".join(
        ln.replace(" ", "\u00a0") if i in header else ln for i, ln in enumerate(lines)
    ).encode("utf-8")
    return out


# ---- scoring --------------------------------------------------------------------------------
def body_right(body: str, want: dict[str, Any], *, paragraphs: bool = True) -> bool:
    flat = squash(body)
    if not flat.startswith(squash(want.get("body_start", ""))):
        return False
    if not flat.endswith(squash(want.get("body_end", ""))):
        return False
    if (
        paragraphs
        and "paragraphs" in want
        and len([p for p in body.split("\n\n") if p.strip()]) != want["paragraphs"]
    ):
        return False
    return not any(squash(w) in flat for w in want.get("without", ()))


def _optional(rec: dict[str, Any], key: str) -> Any:
    """An optional field of a record as the truth writes it (a wire dateline: its place and agency)."""
    value = rec.get(key)
    if key == "wire" and value is not None:
        return {"place": value.get("place"), "agency": value.get("agency")}
    return value


def score_record(rec: dict[str, Any] | None, want: dict[str, Any]) -> dict[str, bool]:
    """Which fields of one article's record (``Record.to_json()``) match its truth."""
    fields = [*FIELDS, *(f for f in OPTIONAL if f in want)]
    if rec is None:
        return dict.fromkeys([*fields, "all"], False)
    got = {
        "title": rec.get("title") == want.get("title"),
        "published": rec.get("published") == want.get("published"),
        "source": rec.get("source") == want.get("source"),
        "authors": list(rec.get("authors") or []) == list(want.get("authors") or []),
        "body": body_right(rec.get("body") or "", want),
    }
    for key in OPTIONAL:
        if key in want:
            got[key] = _optional(rec, key) == want[key]
    got["all"] = all(got.values())
    return got


def score_tool(out: dict[str, Any] | None, want: dict[str, Any]) -> dict[str, bool]:
    """Title, day and body of a tool's output ({"title", "date", "text"} or None)."""
    if not out:
        return {"returned": False, **dict.fromkeys(TOOL_FIELDS, False)}
    day = (want.get("published") or "")[:10]
    return {
        "returned": bool(out.get("text") or out.get("title") or out.get("date")),
        "title": bool(out.get("title")) and squash(out["title"]) == squash(want.get("title") or ""),
        "day": bool(day) and str(out.get("date") or "")[:10] == day,
        "body": body_right(out.get("text") or "", want, paragraphs=False),
    }


# ---- systems --------------------------------------------------------------------------------
def dateline_records(data: bytes, name: str) -> list[dict[str, Any]]:
    from dateline.models import Article, Record
    from dateline.read import read_bytes

    return [Record(a).to_json() for a in read_bytes(data, name=name) if isinstance(a, Article)]


def run_trafilatura(text: str) -> dict[str, Any] | None:
    import trafilatura

    raw = trafilatura.extract(text, output_format="json", with_metadata=True)
    if not raw:
        return None
    got = json.loads(raw)
    return {
        "title": got.get("title"),
        "date": got.get("date"),
        "text": (got.get("text") or "").replace("\n", "\n\n"),
    }


def run_newspaper(text: str) -> dict[str, Any] | None:
    import newspaper

    art = newspaper.Article("http://localhost/article")
    art.download(input_html=text)
    art.parse()
    date = art.publish_date.isoformat() if art.publish_date else None
    if not (art.title or art.text or date):
        return None
    return {"title": art.title, "date": date, "text": art.text}


_TOOL_RUNNERS: dict[str, Callable[[str], dict[str, Any] | None]] = {
    "trafilatura": run_trafilatura,
    "newspaper4k": run_newspaper,
}


@dataclass
class Tally:
    right: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)

    def add(self, marks: dict[str, bool]) -> None:
        for key, ok in marks.items():
            self.total[key] = self.total.get(key, 0) + 1
            self.right[key] = self.right.get(key, 0) + int(ok)

    def fraction(self, key: str) -> float | None:
        n = self.total.get(key, 0)
        return self.right.get(key, 0) / n if n else None


@contextmanager
def _quiet() -> Iterator[None]:
    """Third-party warnings and log lines stay out of the table."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        previous = logging.root.manager.disable
        logging.disable(logging.WARNING)
        try:
            yield
        finally:
            logging.disable(previous)


def evaluate(root: Path = DEFAULT_ROOT, *, tools: bool = True) -> dict[str, Any]:
    """Figures of the dev set under ``root``: fractions ``dateline_<field>`` (over articles ×
    variants), ``dateline_all_fields``, per-group all-fields, the tools' figures (over
    articles as written), counts, and the list of ``failures``."""
    cases = load(root)
    ours = Tally()
    groups: dict[str, Tally] = {}
    theirs = {t: Tally() for t in TOOLS}
    failures: list[dict[str, Any]] = []
    with _quiet():
        for case in cases:
            data = case.path.read_bytes()
            for variant, blob in variants(data, case.truth).items():
                records = dateline_records(blob, case.path.name)
                for i, want in enumerate(case.truth):
                    rec = records[i] if i < len(records) else None
                    marks = score_record(rec, want)
                    ours.add(marks)
                    groups.setdefault(case.group, Tally()).add({"all": marks["all"]})
                    if not marks["all"]:
                        wrong = [k for k, ok in marks.items() if not ok and k != "all"]
                        got = {k: (rec or {}).get(k) for k in wrong if k != "body"}
                        if "body" in wrong and rec is not None:
                            got["body"] = (rec.get("body") or "")[:120]
                        failures.append(
                            {"file": case.name, "article": i, "variant": variant, "wrong": wrong, "got": got}
                        )
            if tools:
                text = data.decode("utf-8", errors="replace")
                for tool in TOOLS:
                    try:
                        out = _TOOL_RUNNERS[tool](text)
                    except Exception:  # noqa: BLE001 - a tool failing is a tool returning nothing
                        out = None
                    for want in case.truth:
                        # a tool reads one article a file: it is scored against the first
                        theirs[tool].add(score_tool(out if want is case.truth[0] else None, want))
    figures: dict[str, Any] = {
        "files": len(cases),
        "articles": sum(len(c.truth) for c in cases),
        "styles": len({a.get("style") for c in cases for a in c.truth if a.get("style")}),
        "dateline_all_fields": ours.fraction("all"),
    }
    for key in (*FIELDS, *OPTIONAL):
        figures[f"dateline_{key}"] = ours.fraction(key)
    for group, tally in sorted(groups.items()):
        figures[f"dateline_all_fields_{group}"] = tally.fraction("all")
    if tools:
        for tool, tally in theirs.items():
            for key in ("returned", *TOOL_FIELDS):
                figures[f"{tool}_{key}"] = tally.fraction(key)
    figures["failures"] = failures
    return figures


def _pct(value: float | None) -> str:
    return "   —  " if value is None else f"{100 * value:5.1f}%"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--failures", action="store_true", help="list every wrong field")
    ap.add_argument("--no-tools", action="store_true", help="dateline only")
    args = ap.parse_args(argv)
    fig = evaluate(args.root, tools=not args.no_tools)
    print(
        f"text dumps: {fig['files']} files, {fig['articles']} articles, {fig['styles']} styles, × {len(VARIANTS)} variants"
    )
    print(f"{'field':<18}{'dateline':>10}")
    for key in ("all_fields", *FIELDS, *OPTIONAL):
        print(f"{key:<18}{_pct(fig[f'dateline_{key}']):>10}")
    for key in sorted(k for k in fig if k.startswith("dateline_all_fields_")):
        print(f"{'all, ' + key.removeprefix('dateline_all_fields_'):<18}{_pct(fig[key]):>10}")
    if not args.no_tools:
        print(f"\n{'as written':<18}" + "".join(f"{t:>14}" for t in TOOLS))
        for key in ("returned", *TOOL_FIELDS):
            print(f"{key:<18}" + "".join(f"{_pct(fig[f'{t}_{key}']):>14}" for t in TOOLS))
    if args.failures:
        for f in fig["failures"]:
            print(
                f"{f['file']} #{f['article']} [{f['variant']}] wrong: {', '.join(f['wrong'])}  got: {f['got']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
