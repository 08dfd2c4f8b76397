"""Paragraphs however a file marks them: blank lines, one a line, hard-wrapped, mixed."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from dateline.models import Article
from dateline.read import read_path
from dateline.read.paragraphs import ends_sentence, split_paragraphs, wrap_width

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"

PARAS = [
    "The city council voted on Monday to extend the night bus service to the "
    "eastern suburbs, a move officials said would cost about 2 million a year.",
    "Residents of the outlying districts have campaigned for the change since the "
    "last timetable review, arguing that shift workers were left without a way home.",
    '"This is a good day for everyone who works late," said council member Ana '
    "Ruiz, who chaired the transport committee when the plan was first proposed.",
    "The new routes start next month. Fares will stay the same for at least a year.",
]


def _wrap(paras: list[str], width: int, blank: bool) -> list[str]:
    out: list[str] = []
    for p in paras:
        out.extend(textwrap.wrap(p, width, break_long_words=False))
        if blank:
            out.append("")
    return out


def _corpus_bodies() -> list[list[str]]:
    bodies = []
    for path in sorted(CORPUS.iterdir()):
        if path.suffix == ".md":
            continue
        for art in read_path(path):
            if isinstance(art, Article) and "\n\n" in art.body:
                bodies.append(art.body.split("\n\n"))
    return bodies


def test_paragraphs_blank_lines() -> None:
    lines = [ln for p in PARAS for ln in (p, "")]
    assert split_paragraphs(["", *lines, "", ""]) == PARAS


def test_paragraphs_one_a_line() -> None:
    assert split_paragraphs(PARAS) == PARAS


@pytest.mark.parametrize("width", [60, 72, 80])
def test_paragraphs_wrapped_with_blank_lines(width: int) -> None:
    assert split_paragraphs(_wrap(PARAS, width, blank=True)) == PARAS


def test_paragraphs_wrapped_without_blank_lines_breaks_where_the_next_word_would_fit() -> None:
    lines = _wrap(PARAS, 72, blank=False)
    assert split_paragraphs(lines) == PARAS


def test_paragraphs_mixed_blank_blocks_of_one_line_paragraphs() -> None:
    lines = [PARAS[0], PARAS[1], "", PARAS[2], PARAS[3]]
    assert split_paragraphs(lines) == PARAS


def test_paragraphs_mixed_wrapped_and_single_line_blocks() -> None:
    lines = [*textwrap.wrap(PARAS[0], 70), "", PARAS[3], "", *textwrap.wrap(PARAS[1], 70)]
    assert split_paragraphs(lines) == [PARAS[0], PARAS[3], PARAS[1]]


def test_paragraphs_long_lines_are_never_joined() -> None:
    long = [p + " " + p + " " + p for p in PARAS]  # wider than any wrap width
    assert split_paragraphs(long) == long


def test_paragraphs_hyphen_break_and_whitespace_folded() -> None:
    lines = [
        "The bridge, one of the best-",
        "known    landmarks, will close for repairs on Monday while engineers look",
        "at the cables, officials said on Friday in a brief statement to reporters.",
    ]
    assert split_paragraphs(lines) == [
        "The bridge, one of the best-known landmarks, will close for repairs on Monday "
        "while engineers look at the cables, officials said on Friday in a brief "
        "statement to reporters."
    ]


CJK = [
    "6月28日上午，杭州地铁新线正式开通运营。新线全长约二十八公里，共设车站十九座，连接城西与主城区。",
    "有关负责人表示，新线采用全自动运行系统，高峰时段行车间隔约为四分钟。",
    "“不用再担心堵车和停车的问题了。”她说。",
]


def test_paragraphs_cjk_one_a_line_kept() -> None:
    assert split_paragraphs(CJK) == CJK


def test_paragraphs_cjk_wrapped_by_character_count_join_without_spaces() -> None:
    lines = [p[i : i + 20] for p in CJK for i in range(0, len(p), 20)]
    assert split_paragraphs(lines) == CJK


def test_paragraphs_cjk_sentence_ends() -> None:
    assert ends_sentence("她说。")
    assert ends_sentence("“不用了。”")
    assert ends_sentence("真的吗？")
    assert not ends_sentence("连接城西与")


def test_paragraphs_wrap_width_ignores_an_outlier_line() -> None:
    lines = [*textwrap.wrap(" ".join(PARAS), 72), "https://example.com/" + "x" * 120]
    assert 66 <= wrap_width(lines) <= 72


def test_paragraphs_empty() -> None:
    assert split_paragraphs([]) == []
    assert split_paragraphs(["", "  ", ""]) == []


def _layouts(paras: list[str]):
    yield "blank", [ln for p in paras for ln in (p, "")], True
    yield "one-a-line", list(paras), True
    for width in (50, 60, 72, 80, 100, 120):
        yield f"wrap{width}-blank", _wrap(paras, width, blank=True), True
        yield f"wrap{width}", _wrap(paras, width, blank=False), False


def test_paragraphs_calibration_on_the_corpus_in_every_layout() -> None:
    """The calibration set: every corpus body in every layout.  Layouts that mark
    paragraphs (blank lines, one a line) must come back exactly; wrapped text without
    blank lines may merge a paragraph whose last line happens to be full (nothing marks
    that break), but must never split one, and most bodies come back exact."""
    bodies = _corpus_bodies()
    assert len(bodies) >= 20
    exact = total = 0
    for paras in bodies:
        for name, lines, must_be_exact in _layouts(paras):
            got = split_paragraphs(lines)
            if must_be_exact:
                assert got == paras, name
                continue
            total += 1
            exact += got == paras
            # never split: every paragraph found is a run of whole paragraphs
            it = iter(paras)
            for para in got:
                joined = next(it)
                while len(joined) < len(para):
                    joined = f"{joined} {next(it)}"
                assert para.replace(" ", "") == joined.replace(" ", ""), name
    assert exact / total >= 0.65


def test_paragraphs_join_lines() -> None:
    from dateline.read.paragraphs import join_lines

    assert join_lines(["The  bridge will", "", "close on Monday."]) == "The bridge will close on Monday."
    assert join_lines(["新线全长约二十八", "公里。"]) == "新线全长约二十八公里。"
    assert join_lines([]) == ""
