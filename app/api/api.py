"""The JSON API: `POST /api/ask` answers one question, with its sources and a rendering."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field, field_validator
from pydantic_core import PydanticCustomError

from app.api.deps import QuestionLogDep, ServiceDep, SettingsDep
from app.api.limits import limit_by_ip
from app.api.recording import api_surface, ask_and_record
from app.api.validation import CleanStr

MAX_HISTORY = 20
Loc = tuple[str, str, str]
BODY_SHAPE = '{"question": "...", "history": [...], "format": "text"}'


def readable(error: dict[str, Any]) -> dict[str, Any]:
    """One validation error with its `msg` rewritten for people (type and loc unchanged)."""
    kind, loc, ctx = error.get("type"), tuple(error.get("loc", ())), error.get("ctx") or {}
    name = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc[1:]).lstrip(".")
    messages = {
        "missing": f"{name} is required" if name else f"a JSON body is required: {BODY_SHAPE}",
        "json_invalid": f"the body is not valid JSON ({ctx.get('error', 'decode error')})",
        "model_attributes_type": f"the body must be a JSON object: {BODY_SHAPE}",
        "string_type": f"{name} must be a string",
        "list_type": f"{name} must be a list of strings",
        "too_long": f"{name} may have at most {ctx.get('max_length')} items",
        "literal_error": f"{name} must be {ctx.get('expected')}",
    }
    return {**error, "msg": messages.get(str(kind), error.get("msg", "invalid value"))}


class ReadableErrorsRoute(APIRoute):
    """A route whose request validation errors carry readable messages."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap FastAPI's handler to rewrite validation messages."""
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                errors = [readable(e) for e in exc.errors()]
                raise RequestValidationError(errors, body=exc.body) from None

        return handle


router = APIRouter(
    prefix="/api",
    tags=["api"],
    route_class=ReadableErrorsRoute,
    dependencies=[Depends(limit_by_ip)],
)


class AskRequest(BaseModel):
    """A question, the user's earlier questions (oldest first) and the rendering wanted."""

    question: CleanStr = Field(description="The question.", examples=["What is Mythos?"])
    history: list[CleanStr] = Field(
        default_factory=list,
        max_length=MAX_HISTORY,
        description="Earlier questions in the conversation, oldest first (for follow-ups).",
        examples=[[]],
    )
    format: Literal["text", "markdown", "html"] = Field(
        default="text", description="How `rendered` is formatted."
    )

    @field_validator("question")
    @classmethod
    def _not_empty(cls, value: str) -> str:
        if not value.strip():
            raise PydanticCustomError("empty_question", "question must not be empty")
        return value.strip()


class SourceOut(BaseModel):
    """A passage the answer cites (numbered by its position, from 1)."""

    id: str
    title: str
    section: str
    text: str
    score: float


class AnswerOut(BaseModel):
    """The answer contract shared by every surface."""

    question: str
    answered: bool = Field(description="False when the documents do not answer the question.")
    answer: str
    confidence: float
    sources: list[SourceOut]
    suggestions: list[str] = Field(description="Related questions the documents can answer.")


class AskResponse(AnswerOut):
    """The answer, plus the whole answer rendered in the requested format."""

    format: Literal["text", "markdown", "html"]
    rendered: str
    answer_id: str = Field(description="This answer's id, for `POST /api/feedback`.")


def length_errors(
    question: str, history: Sequence[str], limit: int, where: Loc = ("body", "question", "history")
) -> list[dict[str, Any]]:
    """FastAPI-shaped validation errors for a question or history item longer than `limit`.

    `where` names the location, the question field and the history field (for error `loc`s).
    """
    errors: list[dict[str, Any]] = []
    if len(question) > limit:
        msg = f"question is longer than {limit} characters"
        errors.append({"type": "string_too_long", "loc": (where[0], where[1]), "msg": msg})
    for i, item in enumerate(history):
        if len(item) > limit:
            msg = f"{where[2]}[{i}] is longer than {limit} characters"
            errors.append({"type": "string_too_long", "loc": (where[0], where[2], i), "msg": msg})
    return errors


@router.post("/ask", response_model=AskResponse)
async def ask(
    body: AskRequest,
    request: Request,
    service: ServiceDep,
    settings: SettingsDep,
    qlog: QuestionLogDep,
) -> Response:
    """Answer a question from the documents, with citations."""
    errors = length_errors(body.question, body.history, settings.max_question_chars)
    if errors:
        raise RequestValidationError(errors)
    history = [h for h in body.history if h.strip()]
    answer, answer_id = await ask_and_record(
        qlog, service, body.question, history, api_surface(request)
    )
    # Answer.to_json already has AskResponse's shape (tests hold it to the schema), so the
    # body is written directly: validating and re-serialising it cost more than the rest of
    # the web layer.
    content = {
        **answer.to_json(),
        "format": body.format,
        "rendered": service.render(answer, body.format),
        "answer_id": answer_id,
    }
    return JSONResponse(content)
