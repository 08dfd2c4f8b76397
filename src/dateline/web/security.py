"""Security middleware for dateline serve (being built: issue 12)."""

from __future__ import annotations

from typing import Any


def install(app: Any) -> None:
    """Add the security headers and limits to ``app`` (filled in by issue 12)."""
    return None
