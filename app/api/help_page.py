"""The help page: a server-rendered, script-free page for an iframe or a help panel."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response

from app.api.api import MAX_HISTORY, length_errors
from app.api.deps import EngineDep, QuestionLogDep, ServiceDep, SettingsDep, TemplatesDep
from app.api.recording import ANSWER_ID_HEADER, ask_and_record
from app.config import Settings
from app.engine import Engine
from app.service import AnswerService
from app.store import QuestionLog
from app.types import Answer

router = APIRouter(tags=["help"])

INTRO_QUESTIONS = 5
CARRIED_HISTORY = 4  # earlier questions the form carries along, for follow-ups without JS
HELP_LOC = ("query", "q", "h")


def security_headers(settings: Settings) -> dict[str, str]:
    """Headers for the HTML page: a strict CSP (framing limited by settings) and friends."""
    csp = (
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        f"form-action 'self'; base-uri 'none'; frame-ancestors {settings.frame_ancestors}"
    )
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }


def intro_questions(engine: Engine, limit: int = INTRO_QUESTIONS) -> list[str]:
    """Up to `limit` distinct FAQ questions from the index, in corpus order."""
    found: dict[str, None] = {}
    for passage in engine.loaded.passages:
        if passage.question and len(found) < limit:
            found.setdefault(passage.question, None)
    return list(found)


@router.get("/help", response_class=HTMLResponse)
async def help_page(
    request: Request,
    service: ServiceDep,
    engine: EngineDep,
    settings: SettingsDep,
    templates: TemplatesDep,
    qlog: QuestionLogDep,
    q: Annotated[str | None, Query(description="The question.")] = None,
    h: Annotated[list[str] | None, Query(description="Earlier questions (repeatable).")] = None,
    format: Annotated[str, Query(description='"json" for the answer JSON.')] = "html",
) -> Response:
    """Ask a question with a plain GET form; `format=json` returns the answer JSON instead."""
    question = (q or "").strip()
    history = [x.strip() for x in h or [] if x.strip()][-MAX_HISTORY:]
    errors = length_errors(question, history, settings.max_question_chars, HELP_LOC)
    if format == "json":
        return await _json_answer(qlog, service, question, history, errors)
    help_path = request.url_for("help_page").path
    context: dict[str, Any] = {
        "question": question,
        "help_path": help_path,
        "max_chars": settings.max_question_chars,
    }
    status = 200
    headers = security_headers(settings)
    if errors:
        message = "; ".join(e["msg"] for e in errors)
        status, context["error"] = 422, f"{message[0].upper()}{message[1:]}."
    elif q is not None and not question:
        context["note"] = "Please type a question first."
    elif question:
        answer, answer_id = await ask_and_record(qlog, service, question, history, "help")
        headers[ANSWER_ID_HEADER] = answer_id
        context.update(_answer_context(service, answer, help_path))
        context["history"] = [*history, question][-CARRIED_HISTORY:]
    if "answer_html" not in context:
        context["intro"] = [(t, _help_link(help_path, t)) for t in intro_questions(engine)]
    return templates.TemplateResponse(
        request, "help.html", context, status_code=status, headers=headers
    )


async def _json_answer(
    qlog: QuestionLog,
    service: AnswerService,
    question: str,
    history: list[str],
    errors: list[dict[str, Any]],
) -> Response:
    if not question:
        errors = [
            {"type": "empty_question", "loc": ("query", "q"), "msg": "question must not be empty"}
        ]
    if errors:
        raise RequestValidationError(errors)
    answer, answer_id = await ask_and_record(qlog, service, question, history, "help")
    return JSONResponse(
        {**answer.to_json(), "answer_id": answer_id},
        headers={"X-Content-Type-Options": "nosniff", ANSWER_ID_HEADER: answer_id},
    )


def _answer_context(service: AnswerService, answer: Answer, help_path: str) -> dict[str, Any]:
    # The rendered answer carries its sources; suggestions become links, so they are left out.
    bare = dataclasses.replace(answer, suggestions=[])
    return {
        "answer": answer,
        "answer_html": service.render(bare, "html"),
        "suggestions": [(s, _help_link(help_path, s)) for s in answer.suggestions],
    }


def _help_link(help_path: str, question: str) -> str:
    return f"{help_path}?{urlencode({'q': question})}"
