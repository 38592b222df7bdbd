"""The curator's dashboard (`GET /admin`) and the question log as CSV (`GET /admin/export.csv`).

Off (404) unless FAQBOT_ADMIN_TOKEN is set. The token is accepted as `Authorization: Bearer
<token>`, or once as `?token=` which sets an HttpOnly, SameSite=Strict cookie and redirects
to the same page without it. The cookie holds an HMAC of the token, never the token itself.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import hmac
import io
import logging
import re
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.responses import StreamingResponse

from app.api.deps import EngineDep, QuestionLogDep, ServiceDep, SettingsDep, TemplatesDep
from app.charts import questions_chart, surface_slices, votes_chart
from app.config import Settings
from app.engine import Engine
from app.index import IndexLoadError
from app.store.dashboard import DAYS, EXPORT_COLUMNS, daily, export_rows, first_day
from app.store.report import TOP, build_report

log = logging.getLogger(__name__)
router = APIRouter(prefix="/admin", tags=["admin"], include_in_schema=False)

COOKIE = "faqbot_admin"
COOKIE_MAX_AGE = 12 * 60 * 60  # seconds: sign in again each working day
COOKIE_CONTEXT = b"faqbot admin cookie v1"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
DENIED = "A valid admin token is needed: send it as 'Authorization: Bearer <token>'."
# The bounce page: a same-site reload, so a SameSite=Strict cookie set by a cross-site
# navigation (a sign-in link clicked in a mail or chat) is sent on the next request.
BOUNCE = (
    '<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0">'
    '<link rel="icon" href="data:,">'
    "<title>Curator's dashboard</title><p>Signing in…</p>"
)
EXPORT_NAME = "faqbot-questions.csv"
TOKEN_IN_QUERY = re.compile(r"([?&]token=)[^&\s\"]*")


class _RedactTokens(logging.Filter):
    """Masks `?token=` in uvicorn's access log lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                TOKEN_IN_QUERY.sub(r"\1[redacted]", a) if isinstance(a, str) else a
                for a in record.args
            )
        return True


REDACT_TOKENS = _RedactTokens()
logging.getLogger("uvicorn.access").addFilter(REDACT_TOKENS)  # idempotent


def headers() -> dict[str, str]:
    """Security headers for every admin response: strict CSP, never cached or framed."""
    return {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cache-Control": "no-store",
    }


def configured_token(settings: Settings) -> str:
    """The admin token; without one the admin pages do not exist (404)."""
    token = settings.admin_token.get_secret_value().strip() if settings.admin_token else ""
    if not token:
        raise HTTPException(status_code=404)
    return token


def cookie_value(token: str) -> str:
    """What the cookie holds: an HMAC of the token (changing the token signs everyone out)."""
    return hmac.new(token.encode(), COOKIE_CONTEXT, hashlib.sha256).hexdigest()


def _same(given: str, expected: str) -> bool:
    return secrets.compare_digest(given.encode(), expected.encode())


def authorized(request: Request, token: str) -> bool:
    """Whether the request carries the token (bearer header) or the admin cookie."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and given.strip():
        return _same(given.strip(), token)
    cookie = request.cookies.get(COOKIE)
    return bool(cookie) and _same(cookie or "", cookie_value(token))


def denied(request: Request) -> Response:
    """401: a small HTML page for browsers, JSON for everything else; never echoes a token."""
    extra = {**headers(), "WWW-Authenticate": 'Bearer realm="faqbot admin"'}
    if "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"detail": DENIED}, status_code=401, headers=extra)
    fetch = request.headers
    if (
        fetch.get("sec-fetch-site") == "cross-site"
        and fetch.get("sec-fetch-mode") == "navigate"
        and "token" not in request.query_params
    ):
        return HTMLResponse(BOUNCE, status_code=401, headers=extra)
    page = (
        '<!doctype html><html lang="en"><meta charset="utf-8"><link rel="icon" href="data:,">'
        "<title>Sign in · Curator's dashboard</title>"
        '<main style="font:1rem/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;'
        'padding:0 1rem"><h1 style="font-size:1.25rem">Curator\'s dashboard</h1>'
        "<p>A valid admin token is needed. Open <code>/admin?token=…</code> with the token "
        "from <code>FAQBOT_ADMIN_TOKEN</code>, or send it as "
        "<code>Authorization: Bearer …</code>.</p></main></html>"
    )
    return HTMLResponse(page, status_code=401, headers=extra)


def gate(request: Request, settings: Settings) -> Response | None:
    """None when the request may see the admin pages, else the response to send instead.

    A valid `?token=` sets the cookie and redirects to the same URL without the token.
    """
    token = configured_token(settings)
    given = request.query_params.get("token")
    if given is not None:
        if not _same(given, token):
            return denied(request)
        rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
        target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
        response = RedirectResponse(target, status_code=303, headers=headers())
        response.set_cookie(
            COOKIE,
            cookie_value(token),
            max_age=COOKIE_MAX_AGE,
            path="/admin",
            secure=request.url.scheme == "https",
            httponly=True,
            samesite="strict",
        )
        return response
    return None if authorized(request, token) else denied(request)


def source_titles(engine: Engine) -> dict[str, str]:
    """Passage id → "Title › Section" of the loaded index, for naming cited sources."""
    titles: dict[str, str] = {}
    for passage in engine.loaded.passages:
        name = passage.title.strip() or passage.source
        section = passage.section.strip()
        if passage.question:
            section = passage.question.strip()
        titles[passage.id] = f"{name} › {section}" if section and section != name else name
    return titles


def dashboard_context(store_engine: Any, engine: Engine) -> dict[str, Any]:
    """Everything the dashboard shows (blocking: run it in a thread)."""
    now = datetime.now(UTC)
    days = daily(store_engine, DAYS, now)
    report = build_report(store_engine, now - first_day(DAYS, now), now=now, top=TOP)
    titles = source_titles(engine)
    unhelpful = [
        {
            "answer": answer,
            "sources": [(sid, titles.get(sid)) for sid in answer.source_ids],
        }
        for answer in report.unhelpful
    ]
    return {
        "report": report,
        "days": days,
        "questions_chart": questions_chart(days),
        "votes_chart": votes_chart(days),
        "slices": surface_slices(report.by_surface),
        "unhelpful": unhelpful,
        "generated": now,
        "top": TOP,
    }


@router.get("", response_class=HTMLResponse)
async def dashboard(
    request: Request,
    settings: SettingsDep,
    templates: TemplatesDep,
    qlog: QuestionLogDep,
    engine: EngineDep,
) -> Response:
    """The curator's dashboard: the last 30 days of the question log, in charts and tables."""
    refused = gate(request, settings)
    if refused is not None:
        return refused
    context: dict[str, Any] = {"days_shown": DAYS, "export_path": "/admin/export.csv"}
    if qlog.store is None:
        context["unavailable"] = (
            "recording is off (FAQBOT_RECORD_QUESTIONS=false)"
            if not settings.record_questions
            else "the question log's database could not be opened"
        )
    else:
        context.update(await asyncio.to_thread(dashboard_context, qlog.store.engine, engine))
    return templates.TemplateResponse(request, "admin.html", context, headers=headers())


@router.get("/export.csv")
async def export_csv(request: Request, settings: SettingsDep, qlog: QuestionLogDep) -> Response:
    """The whole question log as CSV, one row per question with its helpful votes."""
    refused = gate(request, settings)
    if refused is not None:
        return refused
    if qlog.store is None:
        return JSONResponse(
            {"detail": "the question log is not available"}, status_code=503, headers=headers()
        )
    disposition = {"Content-Disposition": f'attachment; filename="{EXPORT_NAME}"'}
    return StreamingResponse(
        csv_lines(qlog.store.engine),
        media_type="text/csv; charset=utf-8",
        headers={**headers(), **disposition},
    )


def csv_lines(store_engine: Any) -> Iterator[str]:
    """The export, a few rows per chunk (a sync iterator: Starlette runs it in a thread)."""
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(EXPORT_COLUMNS)
    for n, row in enumerate(export_rows(store_engine), 1):
        out.writerow(row)
        if n % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


@router.post("/reload")
async def reload_index(request: Request, settings: SettingsDep, service: ServiceDep) -> Response:
    """Take up the index `faqbot build` wrote; a bad one is refused and the old one serves on."""
    if not authorized(request, configured_token(settings)):
        return denied(request)
    try:
        manifest = await service.reload()
    except IndexLoadError as exc:
        log.warning("reload refused: %s", exc)
        return JSONResponse(
            {"reloaded": False, "error": str(exc)}, status_code=409, headers=headers()
        )
    log.info("reloaded the index built at %s", manifest.built_at)
    return JSONResponse(
        {"reloaded": True, "built_at": manifest.built_at, "passages": manifest.passages},
        headers=headers(),
    )
