"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> dict[str, Any]:
    """The index is loaded: a summary of its manifest."""
    service = getattr(request.app.state, "service", None)
    if service is None:
        raise HTTPException(status_code=503, detail="index not loaded yet")
    m = service.engine.loaded.manifest
    qlog = getattr(request.app.state, "question_log", None)
    return {
        "status": "ready",
        "index": {
            "model": m.model,
            "dimension": m.dimension,
            "documents": m.documents,
            "passages": m.passages,
            "faq_entries": m.faq_entries,
            "index_kind": m.index_kind,
            "built_at": m.built_at,
            "corpus_fingerprint": m.corpus_fingerprint,
        },
        "question_log": qlog.stats() if qlog is not None else None,
    }
