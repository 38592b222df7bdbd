"""Placeholder router (filled in by its surface's work)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
