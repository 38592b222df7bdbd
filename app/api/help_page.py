"""The help page: a server-rendered, script-free page for an iframe or a help panel.

Under an answer, a "Was this helpful?" form posts to `POST /help/feedback`, which records the
vote and redirects back to the answer with a thank-you note.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from app.api.api import MAX_HISTORY, length_errors
from app.api.deps import EngineDep, QuestionLogDep, ServiceDep, SettingsDep, TemplatesDep
from app.api.feedback import (
    MAX_ANSWER_ID,
    MAX_COMMENT,
    UnknownAnswer,
    client_identity,
    record_vote,
)
from app.api.limits import limit_by_ip
from app.api.recording import ANSWER_ID_HEADER, ask_and_record
from app.config import Settings
from app.engine import Engine
from app.service import AnswerService
from app.store import QuestionLog, StoreUnavailable
from app.types import Answer

router = APIRouter(tags=["help"], dependencies=[Depends(limit_by_ip)])

INTRO_QUESTIONS = 5
CARRIED_HISTORY = 4  # earlier questions the form carries along, for follow-ups without JS
HELP_LOC = ("query", "q", "h")
FORM_TYPE = "application/x-www-form-urlencoded"
MAX_FORM_BYTES = 64 * 1024  # a vote, a 1000-character comment and a few questions fit easily
MAX_FORM_FIELDS = 2 * MAX_HISTORY + 10
HELPFUL = {"yes": True, "no": False}
THANKS = "Thanks for your feedback"


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
    thanks: Annotated[
        str | None, Query(description='"1" after a vote: thank the reader, ask no new vote.')
    ] = None,
) -> Response:
    """Ask a question with a plain GET form; `format=json` returns the answer JSON instead."""
    question = (q or "").strip()
    history = [x.strip() for x in h or [] if x.strip()][-MAX_HISTORY:]
    errors = length_errors(question, history, settings.max_question_chars, HELP_LOC)
    if format == "json":
        return await _json_answer(qlog, service, question, history, errors)
    help_path = request.url_for("help_page").path
    thanked = thanks == "1"
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
    elif thanked:
        context["note"] = THANKS
    elif q is not None and not question:
        context["note"] = "Please type a question first."
    if question and not errors:
        if thanked:
            # Back from a vote: show the answer again without logging the question twice.
            answer = await service.ask(question, history)
        else:
            answer, answer_id = await ask_and_record(qlog, service, question, history, "help")
            headers[ANSWER_ID_HEADER] = answer_id
            if answer.answered and qlog.recording:
                context["feedback"] = {
                    "path": request.url_for("help_feedback").path,
                    "answer_id": answer_id,
                    "earlier": history[-CARRIED_HISTORY:],
                    "max_comment": MAX_COMMENT,
                }
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


@router.post("/help/feedback", response_class=HTMLResponse)
async def help_feedback(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    templates: TemplatesDep,
    qlog: QuestionLogDep,
) -> Response:
    """Record a vote from the help page's form, then go back to the answer (303) with thanks.

    Form fields: answer_id, helpful ("yes" or "no"), comment (optional), q and earlier (the
    question and the earlier questions to show again). Bad input is a 400 page, an unknown
    answer a 404 page.
    """
    question = ""
    try:
        form = await _read_form(request)
        question = _field(form, "q").strip()
        answer_id, helpful, comment, earlier = _parse_vote(form, settings.max_question_chars)
        client_key = qlog.client_hash(client_identity(request, None))
        await record_vote(qlog, settings, answer_id, client_key, helpful, comment)
    except BadForm as e:
        return _error_page(request, templates, engine, settings, e.status, str(e), question)
    except UnknownAnswer:
        message = "That answer could not be found any more, so the feedback was not saved."
        return _error_page(request, templates, engine, settings, 404, message, question)
    except StoreUnavailable:
        message = "The feedback could not be saved just now. Please try again later."
        return _error_page(request, templates, engine, settings, 503, message, question)
    params = [("q", question), *(("h", x) for x in earlier)] if question else []
    params.append(("thanks", "1"))
    help_path = request.url_for("help_page").path
    return RedirectResponse(f"{help_path}?{urlencode(params)}", status_code=303)


class BadForm(Exception):
    """A feedback form that cannot be used: an HTTP status and a message for the page."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


async def _read_form(request: Request) -> dict[str, list[str]]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != FORM_TYPE:
        raise BadForm(400, "The feedback form could not be read (it was not a form).")
    size, chunks = 0, []
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            raise BadForm(413, "The feedback form was too large; please keep the comment short.")
        chunks.append(chunk)
    try:
        text = b"".join(chunks).decode("utf-8")
        return parse_qs(text, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise BadForm(400, "The feedback form could not be read.") from None


def _field(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name)
    return values[0] if values else ""


def _parse_vote(
    form: dict[str, list[str]], max_chars: int
) -> tuple[str, bool, str | None, list[str]]:
    """answer_id, helpful, comment and the earlier questions; BadForm when one is unusable."""
    answer_id = _field(form, "answer_id").strip()
    if not answer_id or len(answer_id) > MAX_ANSWER_ID:
        raise BadForm(400, "The feedback form did not say which answer it was about.")
    helpful = HELPFUL.get(_field(form, "helpful").strip().lower())
    if helpful is None:
        raise BadForm(400, "Please choose Yes or No.")
    comment = _field(form, "comment").replace("\r\n", "\n").strip() or None  # forms send CRLF
    if comment is not None and len(comment) > MAX_COMMENT:
        raise BadForm(400, f"Please keep the comment to {MAX_COMMENT} characters or fewer.")
    question = _field(form, "q").strip()
    earlier = [x.strip() for x in form.get("earlier", []) if x.strip()][-CARRIED_HISTORY:]
    if length_errors(question, earlier, max_chars, HELP_LOC):
        raise BadForm(400, f"The question is longer than {max_chars} characters.")
    return answer_id, helpful, comment, earlier


def _error_page(
    request: Request,
    templates: Jinja2Templates,
    engine: Engine,
    settings: Settings,
    status: int,
    message: str,
    question: str,
) -> Response:
    help_path = request.url_for("help_page").path
    context: dict[str, Any] = {
        "question": question[: settings.max_question_chars],
        "help_path": help_path,
        "max_chars": settings.max_question_chars,
        "error": message,
        "intro": [(t, _help_link(help_path, t)) for t in intro_questions(engine)],
    }
    return templates.TemplateResponse(
        request, "help.html", context, status_code=status, headers=security_headers(settings)
    )
