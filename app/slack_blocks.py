"""Slack Block Kit replies for the slash command: answers, usage help and short notices."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from jinja2 import Environment

from app.render import make_environment
from app.types import Answer

SECTION_LIMIT = 3000  # Slack: a section block's text
CONTEXT_LIMIT = 2000  # Slack: one context block element
TEXT_LIMIT = 3000  # the plain `text` fallback (Slack truncates far beyond this; keep it short)
ELLIPSIS = "…"
HELPFUL_ACTION = "faqbot_helpful"  # the feedback buttons' action_ids; their value is the answer_id
UNHELPFUL_ACTION = "faqbot_unhelpful"

Reply = dict[str, Any]


def slack_escape(text: str) -> str:
    """Escape the three characters Slack treats as markup (&, <, >) so text shows literally."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """Shorten escaped mrkdwn to at most `limit` characters, ending in "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]  # never leave half an entity such as "&am"
    return cut.rstrip() + ELLIPSIS


@lru_cache(maxsize=8)
def slack_environment(base: Environment | None = None) -> Environment:
    """An overlay of the app's template environment with autoescape off and `slack_escape`."""
    env = (base or make_environment()).overlay(autoescape=False, cache_size=50)
    env.filters = {**env.filters, "slack_escape": slack_escape}  # don't touch the base's filters
    return env


def _mrkdwn(text: str, limit: int) -> dict[str, Any]:
    # verbatim: Slack must not auto-link or auto-mention anything in corpus or user text.
    return {"type": "mrkdwn", "text": clip(text, limit), "verbatim": True}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": _mrkdwn(text, SECTION_LIMIT)}


def _response_type(in_channel: bool) -> str:
    return "in_channel" if in_channel else "ephemeral"


def _button(text: str, action_id: str, value: str) -> dict[str, Any]:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": text, "emoji": False},
        "action_id": action_id,
        "value": value,
    }


def feedback_block(answer_id: str) -> dict[str, Any]:
    """Helpful / Not helpful buttons for an answer (handled by `POST /slack/interact`)."""
    return {
        "type": "actions",
        "block_id": "faqbot_feedback",
        "elements": [
            _button("Helpful", HELPFUL_ACTION, answer_id),
            _button("Not helpful", UNHELPFUL_ACTION, answer_id),
        ],
    }


def answer_blocks(
    answer: Answer,
    in_channel: bool = False,
    env: Environment | None = None,
    answer_id: str | None = None,
) -> Reply:
    """The Block Kit reply for an answer: text with [n] markers, sources, and suggestions.

    With an `answer_id`, an answered reply ends with Helpful / Not helpful buttons.
    """
    env = env or slack_environment()
    macros = env.get_template("slack/answer.mrkdwn.j2").module
    body = str(macros.body(answer)).strip()  # type: ignore[attr-defined]
    blocks = [_section(body)]
    fallback = slack_escape(answer.answer)
    if answer.sources:
        sources = env.get_template("slack/sources.mrkdwn.j2").render(a=answer).strip()
        blocks.append({"type": "context", "elements": [_mrkdwn(sources, CONTEXT_LIMIT)]})
    if answer.suggestions and not answer.answered:
        blocks.append(_section(str(macros.suggestions(answer)).strip()))  # type: ignore[attr-defined]
        fallback += "\nTry asking: " + "; ".join(slack_escape(q) for q in answer.suggestions)
    if answer_id and answer.answered:
        blocks.append(feedback_block(answer_id))
    return {
        "response_type": _response_type(in_channel),
        "text": clip(fallback, TEXT_LIMIT),
        "blocks": blocks,
    }


def help_blocks(command: str, examples: Sequence[str]) -> Reply:
    """The ephemeral usage reply: how to call the command, with example questions."""
    cmd = slack_escape(command.strip() or "/faq")
    lines = [f"• `{cmd} {slack_escape(q)}`" for q in examples]
    usage = (
        f"*How to use {cmd}*\n"
        f"Type `{cmd}` followed by your question, e.g. `{cmd} What is ...?`\n"
        "I answer only from my documents and cite them as [1], [2], …"
    )
    blocks = [_section(usage)]
    if lines:
        blocks.append(_section("*Try asking:*\n" + "\n".join(lines)))
    fallback = f"Usage: {cmd} followed by your question."
    if examples:
        fallback += "\nExamples: " + "; ".join(slack_escape(q) for q in examples)
    return {"response_type": "ephemeral", "text": clip(fallback, TEXT_LIMIT), "blocks": blocks}


def notice(message: str) -> Reply:
    """A short ephemeral message (question too long, still thinking, something went wrong)."""
    text = slack_escape(message)
    return {"response_type": "ephemeral", "text": text, "blocks": [_section(text)]}


def interaction_reply(message: str) -> Reply:
    """The reply to a button click: an ephemeral note that leaves the original message alone."""
    return {"response_type": "ephemeral", "replace_original": False, "text": slack_escape(message)}
