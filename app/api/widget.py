"""The embeddable chat widget (`GET /widget.js`) and a demo article page embedding it (`GET /`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from app.api.deps import EngineDep, SettingsDep, TemplatesDep
from app.types import Passage

router = APIRouter(tags=["widget"])

WIDGET_JS = Path(__file__).resolve().parent.parent / "static" / "widget.js"
DEFAULT_TOPIC = "the story so far"


def demo_headers(frame_ancestors: str) -> dict[str, str]:
    """Security headers for the demo page; the widget styles itself with a shadow-root <style>."""
    csp = "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "connect-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        )
    )
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }


def topic_of(passages: Sequence[Passage]) -> str:
    """The demo article's topic: the first prose document's title (else the first title)."""
    prose = next((p.title for p in passages if p.kind != "faq" and p.title.strip()), None)
    first = next((p.title for p in passages if p.title.strip()), None)
    return (prose or first or DEFAULT_TOPIC).strip()


@router.get("/widget.js", include_in_schema=False)
async def widget_js() -> FileResponse:
    """The widget script, for `<script src=".../widget.js" async></script>` on any page."""
    return FileResponse(
        WIDGET_JS,
        media_type="application/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"},
    )


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def demo_page(
    request: Request, templates: TemplatesDep, engine: EngineDep, settings: SettingsDep
) -> HTMLResponse:
    """A sample news article with the widget embedded."""
    return templates.TemplateResponse(
        request,
        "demo.html",
        {"topic": topic_of(engine.loaded.passages), "today": date.today()},
        headers=demo_headers(settings.frame_ancestors),
    )
