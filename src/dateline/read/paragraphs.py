"""A body's lines → paragraphs, however the file marks them.

Text dumps and exports mark paragraphs in one of three ways, and often mix them:

    blank lines          paragraphs separated by an empty line (lines may be wrapped)
    one a line           each line is a paragraph, no blank lines between them
    hard-wrapped         lines cut at a fixed width (60–80 columns), to be joined again

The way is decided from the file's own line-length statistics, per block of lines
between blank lines, not from any single line:

* the file's **wrap width** ``W`` is its fullest line (outliers above the 90th
  percentile left out); a file can only be hard-wrapped when ``W`` is at most
  :data:`WRAP_MAX_WIDTH`;
* a block is **wrapped** when many of its line ends are *cuts* — full lines (at least
  :data:`FULL_RATIO` × ``W`` long) that do not end a sentence — or when many of its
  lines continue a sentence (start in lower case);
* otherwise each line of the block is a paragraph of its own.

Blocks too small to judge alone (fewer than :data:`MIN_BLOCK_EVIDENCE` line ends) take
the decision made over the whole file; when the whole file has too few line ends to
judge, a file with blank lines is taken to mark its paragraphs by them.  Inside a
wrapped block a line ends a paragraph when the next line's first word would have fit on
it (the wrapper would have put it there, so the break is deliberate) — how
single-newline wrapped files mark paragraphs.

Lines are joined with a space, except around CJK characters (Chinese and Japanese are
written without spaces) and after a word broken at a hyphen (``well-`` + ``known``).

Calibration: the thresholds were set on the bodies of ``examples/corpus`` re-laid out
every way (blank-line paragraphs, one paragraph a line, ``textwrap`` at widths 50–120
with and without blank lines, CJK wrapped by character count) — see
``tests/test_read_paragraphs.py``, which re-checks every layout — and then left with a
margin on each side: wrapped English has 47–87% of its lines start in lower case, 12–32%
of its line ends end a sentence and 68–88% are cuts; one paragraph a line has 0%, 100%
and 0%.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Widest wrap width taken for hard wrapping.  Wrapping tools and exports cut at 65–80
# columns (mail 72, Nexis/Factiva text 75–80, fmt 75), some at 100–120; 132 (the line
# printer's width) is the widest in use.  Wider "lines" are paragraphs.  Calibration: the
# corpus bodies wrapped at 110 and 120 are only recognized with a limit above 120, and
# raising it from 100 changed no one-a-line or blank-line result (the evidence tests
# decide those, not the width).
WRAP_MAX_WIDTH = 132
# The wrap width is the longest line not longer than this ratio × the 90th percentile
# of line lengths: the width the wrapper cut at (its fullest lines), robust to a few
# long lines (a URL, an unwrapped header) that would make every line look short.
WIDTH_PERCENTILE = 0.90
WIDTH_OUTLIER_RATIO = 1.10
# A line at least this share of the wrap width is "full".  Word wrapping leaves a line
# short by at most the next word (≤ 15 characters at width 60 → 0.75); 0.70 leaves room.
FULL_RATIO = 0.70
# A wrapped block: at least this share of its line ends are *cuts* — full lines that do
# not end a sentence.  Measured on the English corpus bodies: wrapped at 50 or 72
# columns 68–88%; one paragraph a line 0%.  0.40 leaves room for short paragraphs, whose
# last lines are short, and for CJK text (no case, so cuts are its only evidence).
WRAPPED_MIN_CUTS = 0.40
# Or: at least this share of its lines after the first continue a sentence (start in
# lower case).  Measured: wrapped 47–87%, one paragraph a line 0%.
WRAPPED_MIN_CONTINUATIONS = 0.30
# Blocks with fewer line ends than this follow the whole file's decision: one or two
# line ends cannot tell a wrapped paragraph from two short one-line paragraphs (a 2-line
# paragraph whose first line ends a sentence), four make the shares above meaningful.
MIN_BLOCK_EVIDENCE = 4
# The "next word would fit" test allows this much slack under the estimated width
# (0: the estimate is the fullest line, which the wrapper filled to the column).
FIT_SLACK = 0

_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]」』）】]*$|[」』]$")
_CJK = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    r"\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
_HYPHEN_BREAK = re.compile(r"[^\W\d_]-$")

__all__ = ["ends_sentence", "join_lines", "split_paragraphs", "wrap_width"]


def ends_sentence(line: str) -> bool:
    """True when the line ends a sentence (Latin or CJK punctuation, closing quotes)."""
    return _SENTENCE_END.search(line.rstrip()) is not None


def _is_cjk(ch: str) -> bool:
    return _CJK.match(ch) is not None


def wrap_width(lines: Sequence[str]) -> int:
    """The file's wrap width estimate: its fullest line, outliers left out."""
    lengths = sorted(len(ln) for ln in lines if ln)
    if not lengths:
        return 0
    p90 = lengths[int(WIDTH_PERCENTILE * (len(lengths) - 1))]
    return max(n for n in lengths if n <= p90 * WIDTH_OUTLIER_RATIO)


def _continues(line: str) -> bool:
    """The line starts in the middle of a sentence (a lower-case word)."""
    for ch in line:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False


def _wrapped_evidence(blocks: Sequence[Sequence[str]], width: int) -> bool | None:
    """Whether these blocks read as hard-wrapped; None when they give no line ends."""
    ends = [ln for block in blocks for ln in block[:-1]]
    if not ends:
        return None
    if width > WRAP_MAX_WIDTH:
        return False
    followers = [ln for block in blocks for ln in block[1:]]
    cuts = sum(len(ln) >= FULL_RATIO * width and not ends_sentence(ln) for ln in ends)
    continuations = sum(_continues(ln) for ln in followers) / len(followers)
    return continuations >= WRAPPED_MIN_CONTINUATIONS or cuts / len(ends) >= WRAPPED_MIN_CUTS


def _join(left: str, right: str) -> str:
    if not left:
        return right
    if _is_cjk(left[-1]) or _is_cjk(right[0]):
        return left + right
    if _HYPHEN_BREAK.search(left) and right[0].isalpha():
        return left + right
    return f"{left} {right}"


def join_lines(lines: Sequence[str]) -> str:
    """The lines of one paragraph as one line: a space between them, none around CJK
    characters or after a word broken at a hyphen; whitespace folded."""
    out = ""
    for line in lines:
        line = " ".join(line.split())
        if line:
            out = _join(out, line)
    return out


def _first_word(line: str) -> str:
    """What a wrapper must move as one piece: a word, or up to the first CJK character
    (CJK text breaks between any two characters)."""
    word = line.split(None, 1)[0]
    for i, ch in enumerate(word):
        if _is_cjk(ch):
            return word[: i + 1]
    return word


def _deliberate_break(line: str, nxt: str, width: int) -> bool:
    """The next line's first word would have fit: the wrapper did not cut here."""
    if _continues(nxt):
        return False
    sep = 0 if _is_cjk(line[-1]) or _is_cjk(nxt[0]) else 1
    return len(line) + sep + len(_first_word(nxt)) <= width - FIT_SLACK


def _wrapped_paragraphs(block: Sequence[str], width: int) -> list[str]:
    out: list[str] = []
    current = ""
    for i, line in enumerate(block):
        current = _join(current, line)
        if i + 1 < len(block) and _deliberate_break(line, block[i + 1], width):
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def split_paragraphs(lines: Sequence[str]) -> list[str]:
    """The body's lines (stripped, ``""`` for blank ones) as paragraphs, in order.

    Whitespace inside a line is folded to single spaces; no paragraph is empty."""
    cleaned = [" ".join(ln.split()) for ln in lines]
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in cleaned:
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    width = wrap_width(cleaned)
    file_wrapped = bool(_wrapped_evidence(blocks, width))
    if sum(len(block) - 1 for block in blocks) < MIN_BLOCK_EVIDENCE and width <= WRAP_MAX_WIDTH:
        # too few line ends to judge: where blank lines mark paragraphs, trust them
        file_wrapped = file_wrapped or len(blocks) > 1
    paragraphs: list[str] = []
    for block in blocks:
        if len(block) == 1:
            paragraphs.append(block[0])
            continue
        wrapped = file_wrapped
        if len(block) - 1 >= MIN_BLOCK_EVIDENCE:
            wrapped = bool(_wrapped_evidence([block], width))
        if wrapped:
            paragraphs.extend(_wrapped_paragraphs(block, width))
        else:
            paragraphs.extend(block)
    return paragraphs
