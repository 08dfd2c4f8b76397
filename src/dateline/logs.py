"""What reaches the user's terminal: dateline's own one-line messages, nothing else.

Libraries log and warn freely (``WARNING trafilatura.core: discarding data: None``,
dateutil's ``UnknownTimezoneWarning``, htmldate's guesses).  In a normal run those are
captured and dropped, so stderr carries only dateline's messages; ``-v`` shows every
logger at INFO and Python warnings too, ``-vv`` at DEBUG.  Worker processes read the same
setting from ``DATELINE_VERBOSE``, so a pool logs exactly like the parent.
"""

from __future__ import annotations

import logging
import os
import sys

__all__ = ["configure", "configure_from_env"]

_ENV = "DATELINE_VERBOSE"
_FORMAT = "%(levelname)s %(name)s: %(message)s"


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a record is emitted, not when the handler
    was made: a caller that swaps stderr (a test runner, a notebook, ``CliRunner``) and
    closes its stream never leaves logging writing to a closed file."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self):  # noqa: ANN201 - the stream logging writes to
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:  # noqa: ANN001 - set by StreamHandler.__init__; ignored
        pass


class _OwnOnly(logging.Filter):
    """Pass dateline's own records; drop the libraries' and captured warnings."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.name == "dateline" or record.name.startswith("dateline.")


def configure(verbose: int = 0) -> None:
    """Route all logging and warnings through one stderr handler (idempotent)."""
    os.environ[_ENV] = str(verbose)
    logging.captureWarnings(True)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_dateline", False):
            root.removeHandler(handler)
    handler = _StderrHandler()
    handler._dateline = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(_FORMAT))
    if verbose <= 0:
        handler.addFilter(_OwnOnly())
        root.setLevel(logging.WARNING)
    else:
        root.setLevel(logging.INFO if verbose == 1 else logging.DEBUG)
    root.addHandler(handler)


def configure_from_env() -> None:
    """In a worker process: the parent's setting (see :func:`configure`)."""
    try:
        level = int(os.environ.get(_ENV, "0"))
    except ValueError:
        level = 0
    configure(level)
