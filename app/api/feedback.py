"""Feedback on an answer: `POST /api/feedback` marks it helpful or not, durably."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field, field_validator

from app.api.deps import QuestionLogDep, SettingsDep
from app.api.limits import limit_by_ip
from app.api.validation import CleanStr
from app.config import Settings
from app.store import QuestionLog, StoreUnavailable

router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(limit_by_ip)])

MAX_COMMENT = 1000
MAX_ANSWER_ID = 64


class FeedbackRequest(BaseModel):
    """A vote on one answer; a client's repeated vote on the same answer replaces the earlier."""

    answer_id: CleanStr = Field(
        min_length=1, max_length=MAX_ANSWER_ID, description="The `answer_id` the answer came with."
    )
    helpful: bool = Field(description="Whether the answer helped.")
    comment: CleanStr | None = Field(
        default=None, max_length=MAX_COMMENT, description="An optional remark."
    )
    client_id: CleanStr | None = Field(
        default=None,
        max_length=200,
        description="A stable id for the voter (default: derived from IP and User-Agent).",
    )

    @field_validator("answer_id")
    @classmethod
    def _strip_id(cls, value: str) -> str:
        return value.strip()

    @field_validator("comment")
    @classmethod
    def _blank_comment(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None


class FeedbackResponse(BaseModel):
    """The vote is stored."""

    ok: bool = True


def client_identity(request: Request, client_id: str | None) -> str:
    """Who is voting, before hashing: the explicit client id, else IP and User-Agent."""
    if client_id and client_id.strip():
        return f"id:{client_id.strip()}"
    host = request.client.host if request.client else ""
    return f"ip:{host}\x00ua:{request.headers.get('user-agent', '')}"


class UnknownAnswer(Exception):
    """No answer with this id was recorded (or recording is off), so there is nothing to vote on."""

    def __init__(self, answer_id: str, reason: str) -> None:
        super().__init__(f"unknown answer_id {answer_id!r}: {reason}")


async def record_vote(
    qlog: QuestionLog,
    settings: Settings,
    answer_id: str,
    client_key: str,
    helpful: bool,
    comment: str | None = None,
) -> None:
    """Store one vote durably; every surface votes through here, so a repeat vote replaces.

    Raises UnknownAnswer (no such answer, or recording is off) or StoreUnavailable.
    """
    if not settings.record_questions:
        raise UnknownAnswer(answer_id, "question recording is switched off")
    if not await qlog.add_feedback(answer_id, client_key, helpful, comment):
        raise UnknownAnswer(answer_id, "no answer with this id was recorded")


@router.post(
    "/feedback",
    response_model=FeedbackResponse,
    responses={404: {"description": "No answer with this id."}, 503: {"description": "No log."}},
)
async def give_feedback(
    body: FeedbackRequest, request: Request, qlog: QuestionLogDep, settings: SettingsDep
) -> FeedbackResponse:
    """Mark an answer helpful or unhelpful (stored before the reply)."""
    client_key = qlog.client_hash(client_identity(request, body.client_id))
    try:
        await record_vote(qlog, settings, body.answer_id, client_key, body.helpful, body.comment)
    except UnknownAnswer as exc:
        raise HTTPException(404, str(exc)) from None
    except StoreUnavailable as exc:
        raise HTTPException(503, f"{exc}; please try again later") from None
    return FeedbackResponse()
