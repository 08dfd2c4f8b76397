"""Full-text search on PostgreSQL: ``PostgresCorpus.search`` and the other full-text
clauses (quotes ``about=``, export ``--query``, the search page) over the ``tsvector``
columns that stand in for SQLite's FTS5 tables.

The query language is store/query.py's, parsed by :func:`~dateline.store.query.parse`
exactly as on SQLite, then planned the way :func:`~dateline.store.query.plan` plans it
(the same split into the word part that drives, the CJK terms, the rest as conditions)
and rendered to PostgreSQL, every user term a parameter:

* a word or a "phrase": ``websearch_to_tsquery(config, '"…"')`` — quoted, so nothing
  in it (``OR``, ``-``, ``&``, ``!``, ``:*``, backslashes) is syntax; words in a row
  (a phrase, ``covid-19``) are ``a <-> b`` within the title (weight A) or within the
  body (B), never across the two;
* a prefix ``minist*``: ``to_tsquery(config, '''minist'':*')`` (the lexeme quoted and
  escaped here, a tsquery prefix the GIN index answers directly, so nothing needs
  expanding: :func:`expand` returns None);
* OR / AND / NOT: the tsquery operators ``||``, ``&&``, ``!!``, every operand
  parenthesized;
* a term with a CJK character (no word boundaries, so no token to look up):
  a substring of ``lower(title)`` or ``lower(body)`` (``strpos``), as SQLite's trigram
  index and ``instr`` find it.

Matching rows come from ``articles.tsv @@ q`` (GIN index ``articles_tsv``; title weight A,
body B).  Relevance is ``ts_rank_cd`` with weights A = 1.0, B = 0.2: a title hit counts
five body hits, as SQLite's ``bm25(articles_fts, 5.0, 1.0)`` weighs them (``ts_rank``
cannot: its contributions shrink with each further hit, so any title hit outweighs any
number of body hits), divided by the document's length (normalization 2) as bm25
favours short documents — of the variants tried on the sample corpus the closest to
bm25 (single words: the same top hit for 87% of 914 words, 96% of pairs ordered
alike); ties oldest stored first, as on SQLite.  A query matching more than
:data:`~dateline.store.search.RANK_WINDOW` articles ranks the most recently stored that
many, like SQLite.  Queries driven by CJK terms alone rank by their occurrences (a title
occurrence five body ones).  Snippets are :func:`search.computed_snippet`'s, so both
backends' snippets look alike; when it finds no term in the body as written, it is
tried on the body as the index reads it (diacritics and glue), then ``ts_headline``.

Words: ``config`` is the corpus's text search configuration (``meta.text_search_config``:
``dateline_words``, which removes diacritics through unaccent as SQLite's ``unicode61
remove_diacritics 2`` does, or ``simple``).  PostgreSQL's parser also keeps host names,
e-mail addresses, URLs, file names and decimals whole where FTS5 breaks at every
punctuation character (``bbc`` does not find ``bbc.co.uk``, ``5`` not ``3.5``,
``floods`` not ``ap_wire_sochi_floods.txt``) and indexes ``covid-19`` as ``covid`` and
``-19``.  A ``tsv`` column built over :func:`index_text` (:data:`GLUE` made spaces;
diacritics removed too, for ``simple``) holds FTS5's words; :func:`reading` sees how a
column reads text in its definition, and query terms are read the same way
(:func:`index_words`), so both backends find the same articles.  Either way a phrase
never reaches past the 16,383 word positions a ``tsvector`` keeps, and ranking has no
corpus statistics (no IDF), so multi-word queries may order differently from bm25.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import StoreError, UsageError
from . import identities
from .base import SearchHit
from .query import And, Node, Not, Or, QueryError, Term, has_cjk_term, parse
from .search import (
    CLOSE,
    ELLIPSIS,
    OPEN,
    RANK_WINDOW,
    SNIPPET_CHARS,
    SNIPPET_TOKENS,
    SORTS,
    _highlighter,
    computed_snippet,
)

MIN_TRIGRAM = 3  # as store/query.py: CJK terms this long drive a search on SQLite
WEIGHTS = "'{0, 0, 0.2, 1.0}'"  # ts_rank weights {D, C, B, A}: title (A) = 5 body (B) hits
NORMALIZATION = 2  # ts_rank_cd: divide by the document's length (in words)

# The words FTS5's ``unicode61 remove_diacritics 2`` sees, on PostgreSQL: a ``tsv`` column
# over :func:`index_text` (text with diacritics removed from Latin and Greek letters, and
# GLUE — the characters PostgreSQL's parser keeps inside one token: host names, e-mail
# addresses, URLs and file paths, decimals, hyphenated words, XML tags and entities —
# made spaces) holds the words FTS5 holds.  :func:`reading` reads a database's column
# definition, and query terms are read the same way (:func:`index_words`) when it does.
GLUE = "._-/@:+~&<>%?=#\\"
_GLUE_TABLE = str.maketrans(GLUE, " " * len(GLUE))
_BASES = "A-Za-z\u0391-\u03a9\u03b1-\u03c9"  # letters whose diacritics FTS5 removes
_MARKS = "\u0300-\u036f"  # combining diacritical marks
_FOLD = re.compile(f"([{_BASES}])[{_MARKS}]+")


def index_words(text: str, *, glue: bool = True, fold: bool = True) -> str:
    """Python's :func:`index_text`: the text as such an index reads it."""
    if fold:
        text = unicodedata.normalize("NFC", _FOLD.sub(r"\1", unicodedata.normalize("NFD", text)))
    return text.translate(_GLUE_TABLE) if glue else text


@dataclass(frozen=True)
class Reading:
    """How a ``tsv`` column reads its text, so that query terms are read alike: its text
    search configuration (``meta.text_search_config``: PostgresCorpus's ``dateline_words``
    over unaccent, or ``simple``), and whether it reads the text through
    :func:`index_text` with GLUE made spaces (``glue``) and diacritics removed (``fold``)."""

    config: str = "simple"
    glue: bool = False
    fold: bool = False

    def words(self, text: str) -> str:
        return index_words(text, glue=self.glue, fold=self.fold)


class _SameLength(dict):
    """A str.translate table folding each character by itself (a letter with diacritics
    to its letter, GLUE to a space): the text keeps its length, so offsets hold."""

    def __missing__(self, cp: int) -> int:
        ch = chr(cp)
        out = ch
        if ch in GLUE:
            out = " "
        else:
            d = unicodedata.normalize("NFD", ch)
            if len(d) > 1 and _FOLD.fullmatch(d):
                out = d[0]
        self[cp] = ord(out)
        return self[cp]


_SNIPPET_TABLE = _SameLength()
_HEADLINE = (
    f"StartSel={OPEN}, StopSel={CLOSE}, MaxWords={SNIPPET_TOKENS}, MinWords={SNIPPET_TOKENS // 2},"
    " MaxFragments=1, FragmentDelimiter=…"
)
_BY_DATE = "a.published DESC NULLS LAST, a.rowid DESC"


@dataclass(frozen=True)
class Sql:
    """An SQL fragment and its parameters (``?`` placeholders)."""

    text: str
    params: tuple[Any, ...] = ()

    def over(self, alias: str) -> Sql:
        """The fragment over another alias of ``articles`` than ``a``."""
        return Sql(re.sub(r"\ba\.", f"{alias}.", self.text), self.params)


def index_text(column: str, *, fold: bool = True) -> str:
    """SQL for a text column as a word index should read it to hold FTS5's words: GLUE
    made spaces and (``fold``; not needed under a configuration that unaccents)
    diacritics removed from Latin and Greek letters.  Immutable, so a generated column
    may use it; :func:`reading` recognizes it in the column's definition."""
    if fold:
        column = (
            f"normalize(regexp_replace(normalize({column}, NFD), '([{_BASES}])[{_MARKS}]+', '\\1', 'g'), NFC)"
        )
    return f"translate({column}, '{GLUE}', '{' ' * len(GLUE)}')"


_probed: weakref.WeakKeyDictionary[Any, dict[str, Reading]] = weakref.WeakKeyDictionary()


def reading(db: Any, table: str = "articles") -> Reading:
    """How ``table.tsv`` of this database reads text (read once per connection)."""
    seen = _probed.setdefault(db, {})
    if table not in seen:
        row = db.execute(
            "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute c"
            " ON c.attrelid = d.adrelid AND c.attnum = d.adnum"
            " WHERE d.adrelid = to_regclass(?) AND c.attname = 'tsv'",
            (table,),
        ).fetchone()
        expr = ((row[0] if row else None) or "").lower()
        meta = db.execute("SELECT value FROM meta WHERE key = 'text_search_config'").fetchone()
        config = meta[0] if meta else "simple"
        seen[table] = Reading(config, "translate(" in expr, "normalize(" in expr)
    return seen[table]


def _join(parts: Sequence[Sql], op: str) -> Sql:
    return Sql("(" + op.join(p.text for p in parts) + ")", tuple(x for p in parts for x in p.params))


# -- rendering the AST --------------------------------------------------------------
def _tsquery_string(text: str) -> str:
    """A term's text as one quoted tsquery lexeme (backslash and quote escaped), for a
    suffix (``:*``, ``:A``) to follow; the configuration's parser still splits it into
    words (``'a' <-> 'b'``), each taking the suffix."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


_WORD = re.compile(r"[^\W_]+")


def tsquery(node: Node, how: Reading = Reading(), columns: bool = True) -> Sql:
    """A node without CJK terms as a tsquery expression (``websearch_to_tsquery`` for
    words and phrases, quoted; ``to_tsquery`` for prefixes; ``|| && !!`` between);
    ``how``: the index's :class:`Reading`, which the terms are read with too;
    ``columns``: the vector is title (A) || body (B)."""
    if isinstance(node, Term):
        text = how.words(node.text)
        if columns and len(_WORD.findall(text)) > 1:  # words in a row: all in the title or all in the body
            # (tsv is title || body, whose positions run on from the one into the other)
            q = _tsquery_string(text) + (":*" if node.prefix else ":")
            return Sql(
                "(to_tsquery(CAST(? AS regconfig), ?) || to_tsquery(CAST(? AS regconfig), ?))",
                (how.config, q + "A", how.config, q + "B"),
            )
        if node.prefix:
            return Sql("to_tsquery(CAST(? AS regconfig), ?)", (how.config, _tsquery_string(text) + ":*"))
        return Sql(
            "websearch_to_tsquery(CAST(? AS regconfig), ?)", (how.config, '"' + text.replace('"', " ") + '"')
        )
    if isinstance(node, Not):
        inner = tsquery(node.child, how, columns)
        return Sql(f"(!! {inner.text})", inner.params)
    parts = [tsquery(c, how, columns) for c in node.children]
    return _join(parts, " || " if isinstance(node, Or) else " && ")


def _contains(term: Term, alias: str = "a") -> Sql:
    low = term.text.lower()
    return Sql(
        f"(strpos(lower(coalesce({alias}.title, '')), ?) > 0 OR strpos(lower({alias}.body), ?) > 0)",
        (low, low),
    )


def _predicate(node: Node, how: Reading) -> Sql:
    """A node as a condition over the article ``a`` (store/query.py's ``_predicate``)."""
    if isinstance(node, Not):
        inner = _predicate(node.child, how)
        return Sql(f"NOT {inner.text}", inner.params)
    if not has_cjk_term(node):
        q = tsquery(node, how)
        return Sql(f"a.tsv @@ {q.text}", q.params)
    if isinstance(node, Term):
        return _contains(node)
    return _join([_predicate(c, how) for c in node.children], " OR " if isinstance(node, Or) else " AND ")


def _occurrences(term: Term) -> Sql:
    """How often a CJK term occurs, a title occurrence counting five body ones."""
    low = term.text.lower()
    n = len(low)
    return Sql(
        f"(5 * (length(lower(coalesce(a.title, ''))) - length(replace(lower(coalesce(a.title, '')), ?, ''))) / {n}"
        f" + (length(lower(a.body)) - length(replace(lower(a.body), ?, ''))) / {n})",
        (low, low),
    )


@dataclass(frozen=True)
class PgPlan:
    """store/query.py's :class:`~dateline.store.query.Plan` for PostgreSQL: ``match``
    (a tsquery expression: the word terms, which drive through the GIN index), else
    ``substr`` (the long CJK terms as substring conditions, which drive a scan) with
    ``rank`` (their occurrences); ``where`` the rest as conditions over ``a``.  ``terms``
    (every positive term) and ``highlight`` as on the SQLite plan, for snippets."""

    match: Sql | None
    substr: Sql | None
    rank: Sql | None
    where: tuple[Sql, ...]
    terms: tuple[Term, ...]
    highlight: tuple[str, ...]
    uses_trigram: bool
    config: str = "simple"


def _positive_terms(node: Node) -> list[Term]:
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return []
    return [t for c in node.children for t in _positive_terms(c)]


def plan(node: Node, how: Reading = Reading()) -> PgPlan:
    """Plan the AST as :func:`store.query.plan` does (the same parts drive); ``how`` the
    word index's :class:`Reading`."""
    conj = list(node.children) if isinstance(node, And) else [node]
    word_pos = [c for c in conj if not isinstance(c, Not) and not has_cjk_term(c)]
    word_neg = [c for c in conj if isinstance(c, Not) and not has_cjk_term(c)]
    rest = [c for c in conj if has_cjk_term(c)]
    match = substr = rank = None
    if word_pos:
        words = word_pos + word_neg
        match = tsquery(And(tuple(words)) if len(words) > 1 else words[0], how)
        word_neg = []
    else:
        tri_pos = [c for c in rest if isinstance(c, Term) and len(c.text) >= MIN_TRIGRAM]
        if tri_pos:
            tri_neg = [
                c
                for c in rest
                if isinstance(c, Not) and isinstance(c.child, Term) and len(c.child.text) >= MIN_TRIGRAM
            ]
            conds = [_contains(t) for t in tri_pos]
            if tri_neg:
                neg = _join([_contains(t.child) for t in tri_neg], " OR ")  # type: ignore[union-attr]
                conds.append(Sql(f"NOT {neg.text}", neg.params))
            substr = _join(conds, " AND ")
            rank = _join([_occurrences(t) for t in tri_pos], " + ")
            rest = [c for c in rest if c not in tri_pos and c not in tri_neg]
    terms = _positive_terms(node)
    return PgPlan(
        match=match,
        substr=substr,
        rank=rank,
        where=tuple(_predicate(c, how) for c in [*word_neg, *rest]),
        terms=tuple(dict.fromkeys(terms)),
        highlight=tuple(dict.fromkeys(t.text for t in terms if t.cjk)),
        uses_trigram=has_cjk_term(node),
        config=how.config,
    )


def compile_query(text: str, db: Any = None) -> PgPlan:
    """Parse and plan for the database ``db`` (raises :class:`QueryError` with the same
    messages as on SQLite)."""
    node = parse(text)
    return plan(node, reading(db) if db is not None else Reading())


def driver(p: PgPlan) -> Sql | None:
    """The condition over ``a`` that finds the candidates (word part, else long CJK terms)."""
    if p.match is not None:
        return Sql(f"a.tsv @@ {p.match.text}", p.match.params)
    return p.substr


def conditions(p: PgPlan) -> tuple[list[str], list[Any]]:
    """Every condition of the plan over ``articles a`` (export's ``--query``)."""
    parts = [s for s in (driver(p), *p.where) if s is not None]
    return [s.text for s in parts], [x for s in parts for x in s.params]


def collapse(p: PgPlan) -> Sql | None:
    """SQLite's ``_COLLAPSE``: hide a copy whose original matches the driving part too."""
    d = driver(p)
    if d is None:
        return None
    o = d.over("o")
    return Sql(
        "(a.duplicate_of IS NULL OR NOT EXISTS (SELECT 1 FROM articles o"
        f" WHERE o.rowid = a.duplicate_of AND {o.text}))",
        o.params,
    )


# -- the page -------------------------------------------------------------------------
def _conds(conds: Sequence[str]) -> str:
    return "".join(f" AND {c}" for c in conds)


def page(
    db: Any,
    p: PgPlan,
    where: Sequence[str],
    params: Sequence[Any],
    sort: str,
    limit: int,
    offset: int,
) -> list[tuple[int, float]]:
    """(rowid, score) of the page, in store/search.py ``_page``'s order."""
    conds = [*where, *(s.text for s in p.where)]
    args: list[Any] = [*params, *(x for s in p.where for x in s.params)]
    drive = driver(p)
    if sort == "date" or drive is None:
        if drive is not None:
            conds.insert(0, drive.text)
            args[0:0] = drive.params
        sql = f"SELECT a.rowid, 0.0 FROM articles a WHERE TRUE{_conds(conds)} ORDER BY {_BY_DATE} LIMIT ? OFFSET ?"
        return [(r[0], r[1]) for r in db.execute(sql, (*args, limit, offset))]
    if p.match is not None:
        score = Sql(f"ts_rank_cd({WEIGHTS}, a.tsv, {p.match.text}, {NORMALIZATION})", p.match.params)
    else:
        assert p.rank is not None
        score = p.rank
    conds = [drive.text, *where]
    args = [*drive.params, *params]
    if p.where:  # conditions that read the article (CJK text): ranked exactly, as on SQLite
        conds += [s.text for s in p.where]
        args += [x for s in p.where for x in s.params]
        rows = f"SELECT a.rowid, a.tsv, a.title, a.body FROM articles a WHERE {' AND '.join(conds)}"
    else:  # as on SQLite: at most RANK_WINDOW matches ranked, the most recently stored
        rows = (
            f"SELECT a.rowid, a.tsv, a.title, a.body FROM articles a WHERE {' AND '.join(conds)}"
            f" ORDER BY a.rowid DESC LIMIT {RANK_WINDOW}"
        )
    sql = (
        f"SELECT a.rowid, {score.text} AS score FROM ({rows}) a ORDER BY score DESC, a.rowid LIMIT ? OFFSET ?"
    )
    return [(r[0], float(r[1])) for r in db.execute(sql, (*score.params, *args, limit, offset))]


class _Shown(str):
    """The body as the index reads it (what regular expressions search), whose slices are
    the body itself (what a snippet shows): both have the same length."""

    body: str = ""

    def __getitem__(self, key: Any) -> str:
        return self.body[key]


def _glued_snippet(body: str, rx: Any) -> str | None:
    """The computed snippet of a hit the index sees and ``\\w`` does not: inside a glued
    token (``ap_wire_sochi_floods.txt``) or without its diacritics (``zurich``)."""
    text = _Shown(body.translate(_SNIPPET_TABLE))
    text.body = body
    return computed_snippet(text, rx)


def _headline(db: Any, p: PgPlan, body: str) -> str | None:
    """``ts_headline`` around the index's hit, in the snippet's format, or None."""
    if p.match is None:
        return None
    row = db.execute(
        f"SELECT ts_headline(CAST(? AS regconfig), ?, {p.match.text}, ?)",
        (p.config, body, *p.match.params, _HEADLINE),
    ).fetchone()
    frag = row[0] if row else None
    if not frag or OPEN not in frag:
        return None
    plain = frag.replace(OPEN, "").replace(CLOSE, "")
    return ("" if body.startswith(plain) else ELLIPSIS) + frag + ("" if body.endswith(plain) else ELLIPSIS)


def find(
    db: Any,
    p: PgPlan,
    *,
    where: Sequence[str],
    params: Sequence[Any],
    sort: str,
    limit: int,
    offset: int,
) -> list[SearchHit]:
    """The page of hits with snippets (store/search.py ``find``'s rules)."""
    got = page(db, p, where, params, sort, limit, offset)
    rows = {
        r[0]: r[1:]
        for r in db.execute(
            "SELECT rowid, id, title, published, source, body FROM articles WHERE rowid = ANY(?)",
            ([g[0] for g in got],),
        )
    }
    rx = _highlighter(p.terms)
    hits = []
    for rowid, score in got:
        a = rows[rowid]
        snip = computed_snippet(a[4], rx)
        in_title = snip is None and computed_snippet(a[1] or "", rx) is not None
        if snip is None and not in_title:  # a form only the index sees
            snip = _glued_snippet(a[4], rx) or _headline(db, p, a[4])
        if snip is None:  # a title-only hit: the body's opening
            snip = a[4][: SNIPPET_CHARS * 2] + (ELLIPSIS if len(a[4]) > SNIPPET_CHARS * 2 else "")
        hits.append(SearchHit(a[0], a[1], a[2], a[3], snip, score))
    return hits


# -- the Corpus methods ---------------------------------------------------------------
def search(
    corpus: Any,
    query: str | None = None,
    *,
    entity: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 20,
    offset: int = 0,
    sort: str = "relevance",
) -> list[SearchHit]:
    """``SQLiteCorpus.search`` on PostgreSQL: the same arguments, checks, messages,
    filters, collapsed copies and order (see the module doc for relevance)."""
    from .sqlite import article_filters

    if query is None and entity is None:
        raise StoreError("search needs words to find, an entity name, or both")
    if sort not in SORTS:
        raise UsageError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    if offset < 0 or limit < 0:
        raise UsageError("limit and offset must be 0 or more")
    db = corpus.db
    p = compile_query(query, db) if query is not None else None  # a bad query fails first
    group: list[int] = []
    if entity is not None:
        group = identities.group(db, entity)
        if not group:
            return []
    where, params = article_filters(source=source, since=since, until=until)
    if p is None:
        return corpus._entity_hits(group, ["1", *where], params, limit, offset, sort)
    if group:
        marks = ",".join("?" * len(group))
        where.append(f"a.rowid IN (SELECT article_rowid FROM entities WHERE identity_id IN ({marks}))")
        params.extend(group)
    if corpus._has_copies():
        # A copy is collapsed under its original when the original matches too; a copy
        # matching alone (its added paragraph) is shown.
        c = collapse(p)
        if c is not None:
            where.append(c.text)
            params.extend(c.params)
    try:
        hits = find(db, p, where=where, params=params, sort=sort, limit=limit, offset=offset)
    except sqlite3.OperationalError as e:
        raise StoreError(f"search failed: {e}") from None
    return corpus._with_copies(hits)


def expand(db: Any, prefix: str) -> list[str] | None:
    """What ``SQLiteCorpus._expand`` gives FTS5 (the indexed words a prefix covers):
    nothing here, ever — a tsquery prefix (``'x':*``) is answered by the GIN index
    itself, so PostgreSQL plans never expand (None: keep it a prefix query)."""
    return None


# -- quotes about= ------------------------------------------------------------------------
_FTS_TOKEN = re.compile(r'\s*(?:"((?:[^"]|"")*)"|(\()|(\))|(\*)|(AND|OR|NOT)(?![^\s()"*]))')


def from_fts(expr: str) -> Node:
    """The AST of an FTS5 expression as ``sqlite.fts_query`` writes one (quoted strings,
    ``*`` after a prefix, ``AND``/``OR``/binary ``NOT``, parentheses), so a caller that
    holds such a string (``quotes.find``'s ``match``) searches the same words here.
    Raises QueryError on anything else."""
    toks: list[tuple[str, str]] = []
    i = 0
    while i < len(expr):
        if expr[i:].strip() == "":
            break
        m = _FTS_TOKEN.match(expr, i)
        if m is None:
            raise QueryError(f"not a full-text expression this store writes: {expr!r}")
        if m[1] is not None:
            toks.append(("s", m[1].replace('""', '"')))
        elif m[2]:
            toks.append(("(", ""))
        elif m[3]:
            toks.append((")", ""))
        elif m[4]:
            if not toks or toks[-1][0] != "s":
                raise QueryError(f"a '*' follows no string in {expr!r}")
            toks[-1] = ("p", toks[-1][1])
        else:
            toks.append(("op", m[5]))
        i = m.end()
    pos = 0

    def peek() -> tuple[str, str] | None:
        return toks[pos] if pos < len(toks) else None

    def primary() -> Node:
        nonlocal pos
        tok = peek()
        if tok is None:
            raise QueryError(f"incomplete full-text expression {expr!r}")
        pos += 1
        if tok[0] == "(":
            node = or_()
            if peek() != (")", ""):
                raise QueryError(f"unbalanced parenthesis in {expr!r}")
            pos += 1
            return node
        if tok[0] in ("s", "p"):
            return Term(tok[1], phrase=" " in tok[1], prefix=tok[0] == "p")
        raise QueryError(f"unexpected {tok[1] or tok[0]!r} in {expr!r}")

    def not_() -> Node:  # FTS5: NOT binds tightest, binary, left to right
        nonlocal pos
        node = primary()
        while peek() == ("op", "NOT"):
            pos += 1
            node = And((node, Not(primary())))
        return node

    def and_() -> Node:
        nonlocal pos
        items = [not_()]
        while (tok := peek()) is not None and tok[0] != ")" and tok != ("op", "OR"):
            if tok == ("op", "AND"):
                pos += 1
            items.append(not_())
        return items[0] if len(items) == 1 else And(tuple(items))

    def or_() -> Node:
        nonlocal pos
        sides = [and_()]
        while peek() == ("op", "OR"):
            pos += 1
            sides.append(and_())
        return sides[0] if len(sides) == 1 else Or(tuple(sides))

    node = or_()
    if pos != len(toks):
        raise QueryError(f"unbalanced parenthesis in {expr!r}")
    return node


def fts_tsquery(db: Any, match: str | Node) -> Sql:
    """``quotes.find``'s ``match`` (an FTS5 expression from ``sqlite.fts_query``, or an
    already parsed query) as a tsquery expression over ``quotes.tsv``.  CJK terms are
    words to the quote index on both backends (it has no substring index)."""
    node = from_fts(match) if isinstance(match, str) else match
    return tsquery(node, reading(db, "quotes"), columns=False)
