"""Shared fixtures: paths to the bundled corpus and to ../shared (skipped when absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
EXPECTED = ROOT / "examples" / "corpus-expected.json"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_4d53d0dbb0968a05.txt"
BBC = SHARED / "data" / "bbc_news_fulltext" / "bbc"


def needs(path: Path) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is absent (../shared not laid out)")


@pytest.fixture(scope="session")
def expected() -> dict:
    return json.loads(EXPECTED.read_text("utf-8"))["files"]


@pytest.fixture(scope="session")
def nlp():
    from dateline.nlp.pipeline import load_nlp

    return load_nlp("")


@pytest.fixture(autouse=True)
def _restore_logging():
    """A test that runs the CLI in-process configures logging (logs.configure): put the
    root logger back afterwards so one test's handlers and level never reach the next."""
    import logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
