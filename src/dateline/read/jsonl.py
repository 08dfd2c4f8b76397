"""JSON Lines (and JSON) exports → Articles, tolerant of the common key names.

Each line is one article.  A line that is not valid JSON, or holds no text, becomes an
:class:`~dateline.errors.InputError` naming the line; the other lines are still read.
A ``.json`` file may also hold a single object or a list of objects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from ..errors import EmptyInput, InputError, ParseError
from ..models import Article
from .datelines import parse_dateline, published_from
from .decode import normalize_text
from .text import split_authors

TITLE_KEYS = ("title", "headline", "name")
BODY_KEYS = ("text", "body", "content", "article", "maintext", "description")
DATE_KEYS = (
    "published",
    "date",
    "publishedAt",
    "published_at",
    "datePublished",
    "pubDate",
    "date_publish",
    "publish_date",
    "time",
    "created_at",
)
SOURCE_KEYS = ("source", "site", "site_name", "sitename", "outlet", "publisher", "source_name")
URL_KEYS = ("url", "link", "href", "canonical_url")
AUTHOR_KEYS = ("authors", "author", "byline", "creator")
LANG_KEYS = ("language", "lang", "locale")
SECTION_KEYS = ("section", "section_name", "sectionName", "category", "desk")
LENGTH_KEYS = ("length", "word_count", "wordcount", "wordCount", "words")
CREDIT_KEYS = ("credit", "agency", "wire")

# One JSON line is one article: deeper nesting than this, or a longer line, is not an
# article record (real exports nest 3–5 levels; the limit on a line is the file limit).
MAX_DEPTH = 64
# Characters that cannot be stored as UTF-8: lone surrogates ("\ud83d" in JSON escapes).
_SURROGATES = re.compile(r"[\ud800-\udfff]")

_HTMLISH = re.compile(r"^\s*<(?:!doctype|html|body|article|div|p)\b", re.IGNORECASE)


def _first(obj: dict[str, Any], keys: tuple[str, ...]) -> Any:
    lowered = {k.lower(): v for k, v in obj.items()} if isinstance(obj, dict) else {}
    for k in keys:
        v = lowered.get(k.lower())
        if v not in (None, "", [], {}):
            return v
    return None


def _name(value: Any) -> str | None:
    """A source or author given as a string or as {"name": …}."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or value.get("id")
    return " ".join(str(value).split()) if value not in (None, "") else None


def _authors(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        name = _name(item)
        if name:
            out.extend(split_authors(re.sub(r"^by\s+", "", name, flags=re.IGNORECASE)))
    return tuple(dict.fromkeys(out))


def _label(value: Any) -> str | None:
    """A section or credit: a string, {"name": …}, or the first of a list of them."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | dict)), None)
    if not isinstance(value, str | dict):
        return None
    return _name(value)


def _length(value: Any) -> int | None:
    """A stated length in words: 966, "966", "966 words", "1,204 words"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if value >= 0 else None
    m = re.match(r"^\s*(\d[\d,]*)(?:\s+words?)?\s*$", str(value), re.IGNORECASE)
    return int(m[1].replace(",", "")) if m else None


def parse_time(value: Any) -> tuple[datetime | None, datetime | None, str | None]:
    """(published UTC, published_local, evidence) from a JSON date value."""
    if value is None:
        return None, None, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value  # epoch millis vs seconds
        try:
            return datetime.fromtimestamp(seconds, UTC), None, "json: epoch timestamp"
        except (OverflowError, OSError, ValueError):
            return None, None, None
    text = str(value).strip()
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        dt = None
    if dt is not None:
        if dt.tzinfo is None:
            if len(text) <= 10:  # a bare date
                return dt.replace(tzinfo=UTC), None, "json: date only"
            return dt.replace(tzinfo=UTC), None, "json: time without zone, assumed UTC"
        return dt.astimezone(UTC), dt, "json: ISO 8601 timestamp"
    line = parse_dateline(text)
    if line is not None and line.stamps:
        utc, local, evidence = published_from(line)
        return utc, local, f"json: {evidence}"
    return None, None, None


def _paragraphs(text: str) -> str:
    text = normalize_text(text)
    blocks = re.split(r"\n\s*\n", text) if "\n\n" in text else text.split("\n")
    paras = [" ".join(b.split()) for b in blocks]
    return "\n\n".join(p for p in paras if p)


def _depth_ok(text: str) -> bool:
    """Nesting of a JSON text at most MAX_DEPTH, counted outside strings in one pass
    (json.loads would raise RecursionError deep down, losing the line's number)."""
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def _loads(text: str, where: str) -> Any:
    """One JSON value, or ParseError naming ``where`` (never RecursionError/ValueError)."""
    if not _depth_ok(text):
        raise ParseError(f"invalid JSON: nested deeper than {MAX_DEPTH} levels", path=where)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ParseError(f"invalid JSON: {e.msg} (line {e.lineno}, column {e.colno})", path=where) from None
    except (ValueError, RecursionError) as e:  # a 5,000-digit number exceeds int's digit limit
        raise ParseError(f"invalid JSON: {' '.join(str(e).split())[:120]}", path=where) from None


def _repaired(value: Any, notes: list[str]) -> Any:
    """The parsed object with lone surrogates ("\\ud83d", which cannot be stored as UTF-8)
    replaced by U+FFFD in every string, keys included, and a note when there were any."""
    if isinstance(value, str):
        if _SURROGATES.search(value) is None:
            return value
        if not notes:
            notes.append("lone surrogate escapes in the JSON replaced by U+FFFD")
        return _SURROGATES.sub("\ufffd", value)
    if isinstance(value, list):
        return [_repaired(v, notes) for v in value]
    if isinstance(value, dict):
        return {_repaired(k, notes): _repaired(v, notes) for k, v in value.items()}
    return value


def _string(value: Any, key: str, origin: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ParseError(
        f"the {key} is a JSON {type(value).__name__}, not a string; give the article text as a string",
        path=origin,
    )


def article_from_obj(obj: Any, *, origin: str) -> Article:
    if not isinstance(obj, dict):
        raise ParseError(f"expected a JSON object, got {type(obj).__name__}", path=origin)
    notes: list[str] = []
    obj = _repaired(obj, notes)
    raw_body = _string(_first(obj, BODY_KEYS), "text", origin)
    raw_title = _first(obj, TITLE_KEYS)
    if raw_title is not None and not isinstance(raw_title, str | dict):
        raise ParseError(f"the title is a JSON {type(raw_title).__name__}, not a string", path=origin)
    title = _name(raw_title)
    url = _name(_first(obj, URL_KEYS))
    if isinstance(raw_body, str) and _HTMLISH.match(raw_body):
        from .html import parse_html

        page = parse_html(raw_body, url=url)
        body, title = page.body, title or page.title
    else:
        body = _paragraphs(raw_body) if raw_body is not None else ""
    if not body:
        raise EmptyInput(f"no text under any of the keys {', '.join(BODY_KEYS)}", path=origin)
    published, local, evidence = parse_time(_first(obj, DATE_KEYS))
    lang = _first(obj, LANG_KEYS)
    return Article(
        title=normalize_text(title).strip() if title else None,
        body=body,
        published=published,
        published_local=local,
        published_evidence=evidence,
        source=_name(_first(obj, SOURCE_KEYS)),
        authors=_authors(_first(obj, AUTHOR_KEYS)),
        url=url,
        language=str(lang)[:2].lower() if isinstance(lang, str) else None,
        origin=origin,
        format="jsonl",
        section=_label(_first(obj, SECTION_KEYS)),
        length=_length(_first(obj, LENGTH_KEYS)),
        credit=_label(_first(obj, CREDIT_KEYS)),
        notes=tuple(dict.fromkeys(notes)),
    )


def read_jsonl(text: str, *, origin: str) -> Iterator[Article | InputError]:
    """One Article (or the InputError of its line) per non-blank line or JSON element.
    Each line is parsed on its own, with bounded depth: a bad line is one failure naming
    its line number, and every other line is still read."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = _loads(stripped, origin)
        except InputError as err:
            yield err
            return
        for n, obj in enumerate(items if isinstance(items, list) else [items], 1):
            yield from _article(obj, f"{origin}#{n}")
        return
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{origin}:{lineno}"
        try:
            obj = _loads(line, where)
        except InputError as err:
            if lineno == 1 and stripped.startswith("{") and "\n" in stripped.strip():
                # Maybe one pretty-printed object spanning many lines.
                try:
                    whole = _loads(text, origin)
                except InputError:
                    yield err
                    continue
                yield from _article(whole, origin)
                return
            yield err
            continue
        yield from _article(obj, where)


def _article(obj: Any, where: str) -> Iterator[Article | InputError]:
    try:
        yield article_from_obj(obj, origin=where)
    except InputError as err:
        yield err
