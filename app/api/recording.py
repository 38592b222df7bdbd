"""Answering with a record: every surface asks through here, so every question is logged."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import Request

from app.service import AnswerService
from app.store import QuestionLog, Timer, new_answer_id
from app.store.schema import Surface
from app.types import Answer

SURFACE_HEADER = "X-Faqbot-Surface"
ANSWER_ID_HEADER = "X-Faqbot-Answer-Id"


def api_surface(request: Request) -> Surface:
    """ "widget" when the chat widget says so in its header, else "api"."""
    return "widget" if request.headers.get(SURFACE_HEADER, "").lower() == "widget" else "api"


async def ask_and_record(
    qlog: QuestionLog,
    service: AnswerService,
    question: str,
    history: Sequence[str],
    surface: Surface,
    client_hash: str | None = None,
) -> tuple[Answer, str]:
    """Answer, then queue the question's record (never delaying or failing the answer).

    Returns the answer and its new answer id.
    """
    timer = Timer()
    answer = await service.ask(question, history)
    answer_id = new_answer_id()
    qlog.record(answer_id, surface, question, answer, timer.ms(), client_hash)
    return answer, answer_id
