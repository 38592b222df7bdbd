"""Slack: the slash command (signed requests in, Block Kit answers out, within Slack's 3 seconds)
and the interactivity endpoint that records the answers' Helpful / Not helpful votes."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient
from starlette.background import BackgroundTask

from app.api.deps import EngineDep, QuestionLogDep, ServiceDep, SettingsDep
from app.api.feedback import MAX_ANSWER_ID, UnknownAnswer, record_vote
from app.api.limits import check
from app.api.recording import ask_and_record
from app.config import Settings
from app.engine import Engine
from app.service import AnswerService
from app.slack_blocks import (
    HELPFUL_ACTION,
    UNHELPFUL_ACTION,
    Reply,
    answer_blocks,
    help_blocks,
    interaction_reply,
    notice,
    slack_environment,
)
from app.store import QuestionLog, StoreUnavailable

log = logging.getLogger(__name__)
router = APIRouter(tags=["slack"])

ANSWER_TIMEOUT = 2.5  # seconds; Slack gives up on a slash command after 3
MAX_SKEW = 5 * 60  # Slack's replay window, as SignatureVerifier enforces it
FORM_TYPE = "application/x-www-form-urlencoded"
VOTES = {HELPFUL_ACTION: True, UNHELPFUL_ACTION: False}  # action_id -> helpful
THANKS = "Thanks for the feedback!"
GONE = "I couldn't find that answer any more, so your feedback wasn't saved."
NOT_SAVED = "Sorry, I couldn't save your feedback just now. Please try again later."
REPLY_TIMEOUT = 5  # seconds for posting a click's reply to Slack


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
    # Limited per Slack workspace: one busy team must not starve the others.
    check(request, f"slack:{form.get('team_id', '')}")
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
    except (ValueError, OverflowError):  # not a number, or one too large for a float
        fresh = False
    if not fresh:
        raise SlackError(401, "request timestamp too old or invalid")
    try:
        valid = SignatureVerifier(secret).is_valid(body, timestamp, signature)
    except UnicodeDecodeError:
        valid = False  # Slack signs UTF-8 form bodies; anything else cannot be genuine
    if not valid:
        raise SlackError(401, "invalid signature")


def decode_form(body: bytes, content_type: str, what: str) -> dict[str, str]:
    """A Slack form body's fields (first value of each), parsed from the raw verified bytes."""
    if content_type.split(";")[0].strip().lower() != FORM_TYPE:
        raise SlackError(400, f"expected {FORM_TYPE} (a {what}), got {content_type!r}")
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True)
    except (UnicodeDecodeError, ValueError):
        raise SlackError(400, f"request body is not a form-encoded {what}") from None
    return {key: values[0] for key, values in fields.items()}


def parse_form(body: bytes, content_type: str) -> dict[str, str]:
    """The slash command's fields, parsed from the raw (already verified) form body."""
    form = decode_form(body, content_type, "Slack slash command")
    if "command" not in form and "ssl_check" not in form:
        raise SlackError(400, "not a slash command: the form has no 'command' field")
    return form


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

    With a question log, the answered question is recorded (surface "slack", hashed user), and
    while recording is on an answered reply carries Helpful / Not helpful buttons.
    """
    answer_id: str | None = None
    try:
        if qlog is None:
            answer = await asyncio.wait_for(service.ask(text), timeout=ANSWER_TIMEOUT)
        else:
            asking = ask_and_record(qlog, service, text, (), "slack", client_hash)
            answer, answer_id = await asyncio.wait_for(asking, timeout=ANSWER_TIMEOUT)
            if not qlog.recording:
                answer_id = None  # nothing was recorded, so there is nothing to vote on
    except TimeoutError:
        return notice("Still thinking — please ask again in a moment.")
    except Exception:
        log.exception("slack: answering %r failed", text)
        return notice("Sorry, something went wrong while answering. Please try again.")
    env = slack_environment(service.engine.renderer.env)
    return answer_blocks(answer, in_channel, env, answer_id=answer_id)


@dataclass(frozen=True)
class Vote:
    """A click on an answer's Helpful / Not helpful button."""

    answer_id: str
    helpful: bool
    voter: str  # "team:user", hashed before it is stored


@router.post("/slack/interact", response_model=None)
async def slack_interact(
    request: Request, settings: SettingsDep, qlog: QuestionLogDep
) -> JSONResponse:
    """Record a Helpful / Not helpful click (a signed Slack `block_actions` payload)."""
    try:
        body = await request.body()
        verify(settings, body, request.headers)
        payload = parse_interaction(body, request.headers.get("content-type", ""))
        vote = parse_vote(payload)
    except SlackError as e:
        return JSONResponse({"error": e.reason}, status_code=e.status)
    if vote is None:
        return JSONResponse({})  # another kind of interaction: acknowledged, nothing to do
    client_key = qlog.client_hash(vote.voter)
    try:
        await record_vote(qlog, settings, vote.answer_id, client_key, vote.helpful)
        message = THANKS
    except UnknownAnswer:
        message = GONE  # Slack wants a 200 whatever happened
    except StoreUnavailable:
        message = NOT_SAVED
    reply = interaction_reply(message)
    # Slack ignores the body of a block_actions acknowledgement: the user sees the reply only
    # once it is posted to the payload's response_url, after this 200 has gone back.
    url = payload.get("response_url")
    if isinstance(url, str) and url.startswith(settings.slack_response_url_prefix):
        return JSONResponse(reply, background=BackgroundTask(post_reply, url, reply))
    if url is not None:
        log.warning("slack: not posting a reply to a response_url outside the allowed prefix")
    return JSONResponse(reply)


async def post_reply(url: str, reply: Reply) -> None:
    """POST a reply to a Slack response_url; failures are logged, never raised."""
    try:
        response = await asyncio.to_thread(
            WebhookClient(url, timeout=REPLY_TIMEOUT).send_dict, dict(reply)
        )
    except Exception as exc:  # network errors of every kind: the vote is already stored
        log.warning("slack: could not post the reply to response_url: %s", exc)
        return
    if response.status_code != 200:
        log.warning("slack: response_url answered %s: %s", response.status_code, response.body)


def parse_interaction(body: bytes, content_type: str) -> dict[str, Any]:
    """The interaction payload: the JSON object in the form's `payload` field."""
    form = decode_form(body, content_type, "Slack interaction")
    if "payload" not in form:
        raise SlackError(400, "not a Slack interaction: the form has no 'payload' field")
    try:
        payload = json.loads(form["payload"])
    except ValueError:
        raise SlackError(400, "the interaction payload is not JSON") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("type"), str):
        raise SlackError(400, "the interaction payload is not an object with a 'type'")
    return payload


def parse_vote(payload: dict[str, Any]) -> Vote | None:
    """The vote in a `block_actions` payload; None for other interaction types."""
    if payload["type"] != "block_actions":
        return None
    actions = payload.get("actions")
    action = actions[0] if isinstance(actions, list) and actions else None
    if not isinstance(action, dict) or action.get("action_id") not in VOTES:
        raise SlackError(400, "block_actions payload without a faqbot feedback action")
    answer_id = action.get("value")
    if not isinstance(answer_id, str) or not 0 < len(answer_id.strip()) <= MAX_ANSWER_ID:
        raise SlackError(400, "the feedback action has no valid answer id")
    user = payload.get("user")
    team = payload.get("team")
    user_id = user.get("id") if isinstance(user, dict) else None
    team_id = team.get("id") if isinstance(team, dict) else None
    if team_id is None and isinstance(user, dict):
        team_id = user.get("team_id")  # org-wide apps may send no team
    if not isinstance(user_id, str) or not user_id or not isinstance(team_id, str | None):
        raise SlackError(400, "the interaction payload has no user id")
    return Vote(answer_id.strip(), VOTES[action["action_id"]], f"{team_id or ''}:{user_id}")
