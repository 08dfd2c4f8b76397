"""stderr carries dateline's own messages only; -v shows the libraries' too."""

from __future__ import annotations

import logging
import subprocess
import sys
import warnings

import pytest

from dateline.logs import configure


@pytest.fixture(autouse=True)
def _restore_logging():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.captureWarnings(False)


def _emit() -> None:
    logging.getLogger("trafilatura.core").warning("discarding data: None")
    logging.getLogger("dateline.nlp.pipeline").warning("analysis failed on x.txt: boom")
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("tzname BST identified but not understood", UserWarning, stacklevel=1)


def test_normal_run_shows_only_dateline_messages(capsys) -> None:
    configure(0)
    _emit()
    err = capsys.readouterr().err
    assert "analysis failed on x.txt" in err
    assert "trafilatura" not in err and "tzname" not in err


def test_verbose_shows_library_logs_and_warnings(capsys) -> None:
    configure(1)
    _emit()
    err = capsys.readouterr().err
    assert "trafilatura.core: discarding data" in err and "tzname BST" in err


def test_configure_is_idempotent(capsys) -> None:
    configure(0)
    configure(0)
    logging.getLogger("dateline").warning("once")
    assert capsys.readouterr().err.count("once") == 1


@pytest.mark.slow
def test_cli_stderr_has_no_library_noise(tmp_path) -> None:
    """A page that makes libraries talk (an unknown tz name, a tiny body) prints no library line."""
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><title>Port reopens</title>"
        '<meta name="date" content="Tue, 21 Nov 2023 18:55:00 XYZT"></head>'
        "<body><article><h1>Port reopens</h1><p>The port reopened on Tuesday after the storm, "
        "officials said, and ferries resumed their usual timetable.</p></article></body></html>",
        encoding="utf-8",
    )
    code = (
        "import sys\nfrom dateline.cli import main\nsys.argv = ['dateline', 'analyze', sys.argv[1]]\nmain()\n"
    )
    run = subprocess.run([sys.executable, "-c", code, str(page)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stderr.strip() == "", run.stderr
