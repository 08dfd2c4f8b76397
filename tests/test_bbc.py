"""End-to-end on public data: ../shared/data/bbc_news_fulltext (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.errors import InputError
from dateline.ingest import ingest
from dateline.models import Article
from dateline.read import iter_paths, read_path
from dateline.store import SQLiteCorpus

from .conftest import BBC, needs

pytestmark = needs(BBC)


def test_bbc_every_file_reads_without_failure() -> None:
    files = [p for p in iter_paths([str(BBC)]) if p.name != "README.TXT"]
    assert len(files) == 2225
    failures = [i for p in files for i in read_path(p) if isinstance(i, InputError)]
    assert failures == []


def test_bbc_latin1_file_decoded() -> None:
    (art,) = list(read_path(BBC / "sport" / "199.txt"))
    assert isinstance(art, Article) and "£" in art.body and "\ufffd" not in art.body


@pytest.mark.slow
def test_bbc_search_finds_time_warner(tmp_path: Path) -> None:
    files = sorted(str(p) for p in (BBC / "business").glob("*.txt"))[:40]
    with SQLiteCorpus(tmp_path / "bbc.db") as corpus:
        report = ingest(corpus, files, workers=2, batch_size=8)
        assert report.added == 40 and not report.failures
        hits = corpus.search("Time Warner")
        assert hits[0].title == "Ad sales boost Time Warner profit"
        assert ingest(corpus, files, workers=2).added == 0
