"""The Slack slash command: signed requests in, Block Kit answers out, within Slack's 3 seconds."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from itertools import islice
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from slack_sdk.signature import SignatureVerifier

from app.api.deps import EngineDep, QuestionLogDep, ServiceDep, SettingsDep
from app.api.recording import ask_and_record
from app.config import Settings
from app.engine import Engine
from app.service import AnswerService
from app.slack_blocks import Reply, answer_blocks, help_blocks, notice, slack_environment
from app.store import QuestionLog

log = logging.getLogger(__name__)
router = APIRouter(tags=["slack"])

ANSWER_TIMEOUT = 2.5  # seconds; Slack gives up on a slash command after 3
MAX_SKEW = 5 * 60  # Slack's replay window, as SignatureVerifier enforces it
FORM_TYPE = "application/x-www-form-urlencoded"


class SlackError(Exception):
    """A request refused before answering: an HTTP status and a reason for the JSON body."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@router.post("/slack/command", response_model=None)
async def slack_command(
    request: Request,
    settings: SettingsDep,
    service: ServiceDep,
    engine: EngineDep,
    qlog: QuestionLogDep,
) -> JSONResponse:
    """Answer a `/faq question` slash command (signed by Slack) with a Block Kit message."""
    try:
        body = await request.body()
        verify(settings, body, request.headers)
        form = parse_form(body, request.headers.get("content-type", ""))
    except SlackError as e:
        return JSONResponse({"error": e.reason}, status_code=e.status)
    if "command" not in form:
        return JSONResponse({})  # Slack's periodic ssl_check ping: a 200 is all it needs
    command = form["command"]
    text = form.get("text", "").strip()
    if text.lower() in ("", "help"):
        return JSONResponse(help_blocks(command, examples(engine)))
    if len(text) > settings.max_question_chars:
        return JSONResponse(
            notice(
                f"That question is {len(text)} characters long; please keep it under "
                f"{settings.max_question_chars} and ask again."
            )
        )
    user = f"{form.get('team_id', '')}:{form.get('user_id', '')}"
    client_hash = qlog.client_hash(user) if user != ":" else None
    return JSONResponse(
        await reply(service, text, settings.slack_in_channel, qlog=qlog, client_hash=client_hash)
    )


def verify(settings: Settings, body: bytes, headers: Mapping[str, str]) -> None:
    """Refuse the request unless Slack signed it with our secret in the last five minutes."""
    configured = settings.slack_signing_secret
    secret = configured.get_secret_value().strip() if configured else ""
    if not secret:
        raise SlackError(503, "Slack is not configured: set FAQBOT_SLACK_SIGNING_SECRET")
    timestamp = headers.get("x-slack-request-timestamp")
    signature = headers.get("x-slack-signature")
    if not timestamp or not signature:
        raise SlackError(401, "missing Slack signature headers")
    try:
        fresh = abs(time.time() - int(timestamp)) <= MAX_SKEW
    except ValueError:
        fresh = False
    if not fresh:
        raise SlackError(401, "request timestamp too old or invalid")
    try:
        valid = SignatureVerifier(secret).is_valid(body, timestamp, signature)
    except UnicodeDecodeError:
        valid = False  # Slack signs UTF-8 form bodies; anything else cannot be genuine
    if not valid:
        raise SlackError(401, "invalid signature")


def parse_form(body: bytes, content_type: str) -> dict[str, str]:
    """The slash command's fields, parsed from the raw (already verified) form body."""
    if content_type.split(";")[0].strip().lower() != FORM_TYPE:
        raise SlackError(400, f"expected {FORM_TYPE} (a Slack slash command), got {content_type!r}")
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True)
    except (UnicodeDecodeError, ValueError):
        raise SlackError(400, "request body is not a form-encoded slash command") from None
    if "command" not in fields and "ssl_check" not in fields:
        raise SlackError(400, "not a slash command: the form has no 'command' field")
    return {key: values[0] for key, values in fields.items()}


def examples(engine: Engine, count: int = 3) -> list[str]:
    """The first few FAQ questions in the corpus, to show in the usage reply."""
    return list(islice((p.question for p in engine.loaded.passages if p.question), count))


async def reply(
    service: AnswerService,
    text: str,
    in_channel: bool,
    qlog: QuestionLog | None = None,
    client_hash: str | None = None,
) -> Reply:
    """Answer within Slack's budget; a slow or failed answer becomes a polite ephemeral note.

    With a question log, the answered question is recorded (surface "slack", hashed user).
    """
    try:
        if qlog is None:
            answer = await asyncio.wait_for(service.ask(text), timeout=ANSWER_TIMEOUT)
        else:
            asking = ask_and_record(qlog, service, text, (), "slack", client_hash)
            answer, _ = await asyncio.wait_for(asking, timeout=ANSWER_TIMEOUT)
    except TimeoutError:
        return notice("Still thinking — please ask again in a moment.")
    except Exception:
        log.exception("slack: answering %r failed", text)
        return notice("Sorry, something went wrong while answering. Please try again.")
    return answer_blocks(answer, in_channel, slack_environment(service.engine.renderer.env))
