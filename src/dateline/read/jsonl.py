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


def article_from_obj(obj: Any, *, origin: str) -> Article:
    if not isinstance(obj, dict):
        raise ParseError(f"expected a JSON object, got {type(obj).__name__}", path=origin)
    raw_body = _first(obj, BODY_KEYS)
    title = _name(_first(obj, TITLE_KEYS))
    url = _name(_first(obj, URL_KEYS))
    if isinstance(raw_body, str) and _HTMLISH.match(raw_body):
        from .html import parse_html

        page = parse_html(raw_body, url=url)
        body, title = page.body, title or page.title
    else:
        body = _paragraphs(str(raw_body)) if raw_body is not None else ""
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
    )


def read_jsonl(text: str, *, origin: str) -> Iterator[Article | InputError]:
    """One Article (or the InputError of its line) per non-blank line or JSON element."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as e:
            yield ParseError(f"invalid JSON: {e.msg} at line {e.lineno}", path=origin)
            return
        for n, obj in enumerate(items if isinstance(items, list) else [items], 1):
            try:
                yield article_from_obj(obj, origin=f"{origin}#{n}")
            except InputError as err:
                yield err
        return
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{origin}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            if lineno == 1 and stripped.startswith("{"):
                # Maybe one pretty-printed object spanning many lines.
                try:
                    obj = json.loads(text)
                except json.JSONDecodeError:
                    yield ParseError(f"invalid JSON: {e.msg}", path=where)
                    continue
                try:
                    yield article_from_obj(obj, origin=origin)
                except InputError as err:
                    yield err
                return
            yield ParseError(f"invalid JSON: {e.msg} (column {e.colno})", path=where)
            continue
        try:
            yield article_from_obj(obj, origin=where)
        except InputError as err:
            yield err
