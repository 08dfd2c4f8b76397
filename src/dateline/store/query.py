"""The search query language, shared by the CLI, the pages and the API.

    economy growth          both words (AND is implied between terms)
    "time warner"           a phrase: these words next to each other, in this order
    brexit OR "no deal"     either side; OR binds looser than AND: ``a b OR c`` = ``(a b) OR c``
    election NOT sport      NOT / -word: leave out articles with the term
    election -sport         (needs something to leave them out of: ``-sport`` alone is an error)
    (talks OR summit) -"trade war"    parentheses group; ``-`` also excludes a phrase or a group
    minist*                 prefix: ministry, minister, ministerial …
    国家统计局               Chinese, Japanese or Korean: found inside a run of characters

``AND``, ``OR`` and ``NOT`` are operators only in capitals; in lower case they are words.
Everything else is text: ``title:x``, ``NEAR``, ``^``, ``+`` and quotes inside words never
reach FTS5 as syntax — every term is compiled to a quoted FTS5 string.  A term with no
letter or digit (``*``, ``--``, ``'``) is punctuation and is dropped.

:func:`parse` turns the user's string into an AST (:class:`Term`, :class:`Not`,
:class:`And`, :class:`Or`) or raises :class:`QueryError` with a message that says how to
fix it; :func:`plan` compiles the AST for :mod:`dateline.store.search`: the word terms
into one FTS5 MATCH expression over ``articles_fts`` (bm25, ``snippet()``), terms with CJK
characters into MATCH expressions over the trigram index ``articles_tri`` (3 characters
or more) or ``instr`` over the candidate articles (1–2 characters, which no trigram can
find), combined in SQL with parameters only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..errors import StoreError, UsageError

# Han (CJK unified ideographs, extensions, compatibility), kana, Hangul.  A term with one
# of these is matched as a substring through the trigram index: these scripts do not put
# spaces between words, so the word tokenizer sees a whole run of characters as one token.
_CJK_RANGES = (
    ("\u1100", "\u11ff"),  # Hangul Jamo
    ("\u3040", "\u30ff"),  # Hiragana, Katakana
    ("\u3130", "\u318f"),  # Hangul compatibility Jamo
    ("\u31f0", "\u31ff"),  # Katakana phonetic extensions
    ("\u3400", "\u9fff"),  # CJK extension A, unified ideographs
    ("\uac00", "\ud7af"),  # Hangul syllables
    ("\uf900", "\ufaff"),  # CJK compatibility ideographs
    ("\uff66", "\uff9f"),  # half-width Katakana
    ("\U00020000", "\U0003ffff"),  # CJK extensions B …
)
_CJK = re.compile("[" + "".join(f"{a}-{b}" for a, b in _CJK_RANGES) + "]")
# The same set as an SQLite GLOB pattern (schema.sql's trigram triggers use it literally).
CJK_GLOB = "*[" + "".join(f"{a}-{b}" for a, b in _CJK_RANGES) + "]*"

OPERATORS = ("AND", "OR", "NOT")
MIN_TRIGRAM = 3  # characters: a shorter CJK term is found with instr, not the index
WORD_RANK = "bm25(articles_fts, 5.0, 1.0)"  # a title hit weighs five body hits
TRIGRAM_RANK = "bm25(articles_tri, 5.0, 1.0)"
_IN_WORDS = "a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
_IN_TRIGRAMS = "a.rowid IN (SELECT rowid FROM articles_tri WHERE articles_tri MATCH ?)"
_HAS_TEXT = "(instr(lower(coalesce(a.title, '')), ?) > 0 OR instr(lower(a.body), ?) > 0)"


class QueryError(UsageError, StoreError):
    """A search query that cannot be understood; the message says how to fix it.  A
    UsageError (the CLI exits 2, the API answers 422) and, for callers that catch what
    ``search()`` raises as StoreError, one of those too."""

    reason = "query"


# -- the AST ----------------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False
    prefix: bool = False

    @property
    def cjk(self) -> bool:
        return has_cjk(self.text)


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Term | Not | And | Or


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def _wordy(text: str) -> bool:
    """Does the text hold anything the tokenizers index (a letter, digit or mark)?"""
    return any(unicodedata.category(ch)[0] in "LNM" or unicodedata.category(ch) == "Co" for ch in text)


# -- lexing -----------------------------------------------------------------------
@dataclass(frozen=True)
class _Tok:
    kind: str  # word | phrase | op | ( | ) | -
    text: str = ""
    prefix: bool = False


_BREAK = frozenset(' \t"()')


def _lex(text: str) -> list[_Tok]:
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    out: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == '"':
            j = text.find('"', i + 1)
            if j < 0:
                raise QueryError(
                    f'unbalanced double quote in {text.strip()!r}: close the phrase with " or remove the quote'
                )
            out.append(_Tok("phrase", " ".join(text[i + 1 : j].split())))
            i = j + 1
        elif ch in "()":
            out.append(_Tok(ch))
            i += 1
        elif ch == "-" and i + 1 < n and text[i + 1] in '"(':
            out.append(_Tok("-"))  # -"a phrase", -(a group)
            i += 1
        else:
            j = i
            while j < n and text[j] not in _BREAK and not text[j].isspace():
                j += 1
            word = text[i:j]
            i = j
            if word in OPERATORS:
                out.append(_Tok("op", word))
                continue
            neg = word.startswith("-")
            word = word.lstrip("-")
            prefix = word.endswith("*")
            word = word.rstrip("*")
            if not _wordy(word):
                continue  # punctuation only ("*", "--", "'"): nothing to find
            if neg:
                out.append(_Tok("-"))
            out.append(_Tok("word", word, prefix))
    return out


# -- parsing ----------------------------------------------------------------------
class _Parser:
    def __init__(self, toks: list[_Tok], text: str) -> None:
        self.toks, self.i, self.text, self.depth = toks, 0, text, 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def fail(self, message: str) -> QueryError:
        return QueryError(f"{message} (query: {self.text.strip()!r})")

    def parse(self) -> Node:
        node = self.or_()
        tok = self.peek()
        if tok is not None:  # only a stray ")" stops or_() early
            raise self.fail("unbalanced parenthesis: a ')' has no '(' — add one or remove it")
        return node

    def or_(self) -> Node:
        sides = [self.and_(first=True)]
        while (tok := self.peek()) is not None and tok.kind == "op" and tok.text == "OR":
            self.take()
            sides.append(self.and_(first=False))
        return sides[0] if len(sides) == 1 else Or(tuple(sides))

    def and_(self, *, first: bool) -> Node:
        items: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind != ")":
            if tok.kind == "op" and tok.text == "OR":
                break
            if tok.kind == "op" and tok.text == "AND":
                self.take()
                if not items:
                    raise self.fail(_needs("AND", "before"))
                nxt = self.peek()
                if nxt is None or nxt.kind == ")" or (nxt.kind == "op" and nxt.text != "NOT"):
                    raise self.fail(_needs("AND", "after"))
                continue
            items.append(self.unary())
        if not items:
            tok = self.peek()
            if not first:
                raise self.fail(_needs("OR", "after"))
            if tok is not None and tok.kind == "op":
                raise self.fail(_needs("OR", "before"))
            if tok is None and self.depth > 0:
                raise self.fail("unbalanced parenthesis: a '(' is never closed — add ')' or remove it")
            if tok is not None and tok.kind == ")" and self.depth > 0:
                raise self.fail("empty parentheses: put words inside or remove them")
            if tok is not None and tok.kind == ")":
                raise self.fail("unbalanced parenthesis: a ')' has no '(' — add one or remove it")
            raise self.fail("nothing to search for: give at least one word")
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self) -> Node:
        tok = self.take()
        if tok.kind == "op":  # NOT (AND and OR are handled by the callers)
            nxt = self.peek()
            if nxt is None or nxt.kind == ")" or (nxt.kind == "op" and nxt.text != "NOT"):
                raise self.fail(_needs("NOT", "after"))
            return Not(self.unary())
        if tok.kind == "-":
            nxt = self.peek()
            if nxt is None or nxt.kind not in ("word", "phrase", "("):
                raise self.fail("'-' must be followed by a word, a \"phrase\" or a (group)")
            return Not(self.primary(self.take()))
        return self.primary(tok)

    def primary(self, tok: _Tok) -> Node:
        if tok.kind == "(":
            self.depth += 1
            node = self.or_()
            close = self.peek()
            if close is None or close.kind != ")":
                raise self.fail("unbalanced parenthesis: a '(' is never closed — add ')' or remove it")
            self.take()
            self.depth -= 1
            return node
        if tok.kind == ")":
            raise self.fail("unbalanced parenthesis: a ')' has no '(' — add one or remove it")
        if tok.kind == "phrase":
            if not _wordy(tok.text):
                raise self.fail('empty phrase "": put words between the quotes or remove them')
            return Term(tok.text, phrase=True)
        return Term(tok.text, prefix=tok.prefix)


def _needs(op: str, side: str) -> str:
    return (
        f"{op} needs a term {side} it; to search for the word itself write it in lower case "
        f'or in quotes ("{op.lower()}")'
    )


def _simplify(node: Node) -> Node:
    if isinstance(node, Not):
        child = _simplify(node.child)
        return child.child if isinstance(child, Not) else Not(child)
    if isinstance(node, (And, Or)):
        kind = type(node)
        flat: list[Node] = []
        for c in (_simplify(c) for c in node.children):
            flat.extend(c.children if isinstance(c, kind) else (c,))
        return flat[0] if len(flat) == 1 else kind(tuple(flat))
    return node


def _check(node: Node, text: str) -> None:
    """Every side of an OR and every group must find something by itself: NOT only
    removes articles from what the other terms of its group find."""
    if isinstance(node, Not):
        raise QueryError(
            f"only excluded terms in {text.strip()!r}: -word and NOT leave articles out of what "
            "other words find — add a word to search for, e.g. 'election -sport'"
        )
    if isinstance(node, And):
        if all(isinstance(c, Not) for c in node.children):
            _check(node.children[0], text)
        for c in node.children:
            _check(c.child if isinstance(c, Not) else c, text)
    elif isinstance(node, Or):
        for c in node.children:
            if isinstance(c, Not):
                raise QueryError(
                    f"an excluded term cannot be a side of OR in {text.strip()!r}: group it with "
                    "the words it excludes from, e.g. '(talks -sport) OR summit'"
                )
            _check(c, text)


def parse(text: str) -> Node:
    """The AST of a query, or :class:`QueryError` saying how to fix it."""
    node = _simplify(_Parser(_lex(text or ""), text or "").parse())
    _check(node, text or "")
    return node


# -- compiling ----------------------------------------------------------------------
def fts_string(text: str) -> str:
    """``text`` as an FTS5 string: double-quoted, inner quotes doubled, so nothing in it is
    FTS5 syntax."""
    return '"' + text.replace('"', '""') + '"'


def has_cjk_term(node: Node) -> bool:
    if isinstance(node, Term):
        return node.cjk
    if isinstance(node, Not):
        return has_cjk_term(node.child)
    return any(has_cjk_term(c) for c in node.children)


Expand = Callable[[str], "Sequence[str] | None"]  # a prefix → the indexed terms it covers, or None


def to_fts(node: Node, *, top: bool = True, expand: Expand | None = None) -> str:
    """A node as one FTS5 MATCH expression over a word index (a CJK term is then one
    token's text, as the word tokenizer sees it: use :func:`plan` for articles).  Every
    term is a quoted string; compound children are parenthesized, so FTS5's own
    precedence never matters."""
    if isinstance(node, Term):
        terms = expand(node.text) if node.prefix and expand is not None else None
        if terms:  # the words the prefix covers, ORed: much cheaper for FTS5 than "x" *
            return (
                fts_string(terms[0]) if len(terms) == 1 else "(" + " OR ".join(map(fts_string, terms)) + ")"
            )
        return fts_string(node.text) + (" *" if node.prefix else "")
    if isinstance(node, Not):  # only inside an And (parse() guarantees it)
        return to_fts(node.child, top=False, expand=expand)
    if isinstance(node, Or):
        out = " OR ".join(to_fts(c, top=False, expand=expand) for c in node.children)
    else:
        pos = [to_fts(c, top=False, expand=expand) for c in node.children if not isinstance(c, Not)]
        neg = [to_fts(c.child, top=False, expand=expand) for c in node.children if isinstance(c, Not)]
        # FTS5 takes an implied AND only between phrases: spell it out next to a group
        out = (" AND " if any(p.startswith("(") for p in pos) else " ").join(pos)
        if len(pos) > 1 and neg:
            out = f"({out})"
        if neg:
            out += " NOT " + (neg[0] if len(neg) == 1 else "(" + " OR ".join(neg) + ")")
    return out if top else f"({out})"


def _trigram_match(term: Term) -> str:
    return fts_string(term.text)


def _long(term: Term) -> bool:
    return len(term.text) >= MIN_TRIGRAM


def _predicate(node: Node, expand: Expand | None) -> tuple[str, list[str]]:
    """A node as an SQL condition over the article ``a`` (parameters only)."""
    if isinstance(node, Not):
        sql, params = _predicate(node.child, expand)
        return f"NOT {sql}", params
    if not has_cjk_term(node):
        return _IN_WORDS, [to_fts(node, expand=expand)]
    if isinstance(node, Term):
        if _long(node):
            return _IN_TRIGRAMS, [_trigram_match(node)]
        low = node.text.lower()
        return _HAS_TEXT, [low, low]
    parts = [_predicate(c, expand) for c in node.children]
    joiner = " OR " if isinstance(node, Or) else " AND "
    return "(" + joiner.join(p[0] for p in parts) + ")", [x for p in parts for x in p[1]]


@dataclass(frozen=True)
class Plan:
    """How to run a query: drive from the word index (``match``: bm25 and ``snippet()``),
    else from the trigram index (``trigram``: bm25 over it, a computed snippet), else scan
    the articles; ``where``/``params`` hold the rest as SQL over ``a``.  ``highlight``
    lists the positive CJK terms' texts, ``terms`` every positive term (computed
    snippets)."""

    match: str | None
    trigram: str | None
    where: tuple[str, ...]
    params: tuple[str, ...]
    highlight: tuple[str, ...]
    uses_trigram: bool
    terms: tuple[Term, ...] = field(default=())  # the positive terms, for computed snippets


def _positive_terms(node: Node) -> list[Term]:
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return []
    return [t for c in node.children for t in _positive_terms(c)]


def plan(node: Node, expand: Expand | None = None) -> Plan:
    """Compile the AST; ``expand`` (optional) turns a prefix into the indexed words it
    covers (the store looks them up in the index's vocabulary)."""
    conj = list(node.children) if isinstance(node, And) else [node]
    word_pos = [c for c in conj if not isinstance(c, Not) and not has_cjk_term(c)]
    word_neg = [c for c in conj if isinstance(c, Not) and not has_cjk_term(c)]
    rest = [c for c in conj if has_cjk_term(c)]
    match = trigram = None
    if word_pos:
        match = to_fts(
            And(tuple(word_pos + word_neg)) if len(word_pos + word_neg) > 1 else word_pos[0], expand=expand
        )
        word_neg = []
    else:
        tri_pos = [c for c in rest if isinstance(c, Term) and _long(c)]
        if tri_pos:
            tri_neg = [c for c in rest if isinstance(c, Not) and isinstance(c.child, Term) and _long(c.child)]
            trigram = " ".join(_trigram_match(t) for t in tri_pos)
            if tri_neg:
                trigram = f"({trigram}) NOT (" + " OR ".join(_trigram_match(t.child) for t in tri_neg) + ")"
            rest = [c for c in rest if c not in tri_pos and c not in tri_neg]
    where: list[str] = []
    params: list[str] = []
    for c in [*word_neg, *rest]:
        sql, ps = _predicate(c, expand)
        where.append(sql)
        params.extend(ps)
    terms = _positive_terms(node)
    return Plan(
        match=match,
        trigram=trigram,
        where=tuple(where),
        params=tuple(params),
        highlight=tuple(dict.fromkeys(t.text for t in terms if t.cjk)),
        uses_trigram=has_cjk_term(node),
        terms=tuple(dict.fromkeys(terms)),
    )


def compile_query(text: str, expand: Expand | None = None) -> Plan:
    """Parse and plan in one step (raises :class:`QueryError`)."""
    return plan(parse(text), expand)


MAX_EXPANSION = 64  # a prefix covering more indexed words stays an FTS5 prefix query


def index_key(text: str) -> str | None:
    """A prefix as the word index stores its terms (unicode61 remove_diacritics 2: case
    folded, diacritics removed), or None when it is not a single token."""
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch)
    )
    return folded if re.fullmatch(r"\w+", folded) and "_" not in folded else None


HELP = (
    'Words (all must match); "a phrase"; OR between alternatives; NOT word or -word to '
    "leave out; (parentheses) to group; minist* for a prefix; Chinese, Japanese or Korean "
    "words are found inside a run of characters.  AND/OR/NOT only in capitals."
)
