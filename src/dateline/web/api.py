"""The JSON API under /api/ (being built: issue 12)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api")
