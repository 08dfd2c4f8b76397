"""The exceptions dateline raises, and what to do about each.

    DatelineError                 everything dateline raises on purpose
    ├── InputError                one input cannot be turned into an article (exit code 3)
    │   ├── EmptyInput            the file or record holds no text at all
    │   ├── BinaryInput           the bytes are not text (image, archive, executable …)
    │   ├── DecodeError           text whose encoding could not be determined
    │   ├── ParseError            text, but no article could be found in it
    │   └── TooLarge              larger than ``DATELINE_MAX_BYTES``
    ├── ModelError                the spaCy model named by DATELINE_SPACY_MODEL cannot be loaded
    ├── StoreError                the corpus database cannot be opened or written
    └── UsageError                a setting or argument out of its range (exit code 2)

Each error carries a ``reason`` — a short, stable slug (``empty``, ``binary`` …) that
``dateline ingest`` counts and stores in the ``failures`` table — and a message that
says what to do next.  ``str(error)`` is always a single line.
"""

from __future__ import annotations


class DatelineError(Exception):
    """Base class of every error dateline raises on purpose."""

    reason = "error"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        message = " ".join(str(message).split())  # always one line
        super().__init__(f"{path}: {message}" if path else message)


class InputError(DatelineError):
    """One input could not be read as an article; the run goes on without it."""

    reason = "input"


class EmptyInput(InputError):
    reason = "empty"


class BinaryInput(InputError):
    reason = "binary"


class DecodeError(InputError):
    reason = "decode"


class ParseError(InputError):
    reason = "parse"


class TooLarge(InputError):
    reason = "too-large"


class ModelError(DatelineError):
    reason = "model"


class StoreError(DatelineError):
    reason = "store"


class UsageError(DatelineError):
    """A setting or argument that cannot be used as given; nothing was done."""

    reason = "usage"
