"""Slack Block Kit assembly: escaping, block structure, Slack's length limits, usage help."""

from __future__ import annotations

import re
from typing import Any

import pytest

from app.render import make_environment
from app.slack_blocks import (
    CONTEXT_LIMIT,
    SECTION_LIMIT,
    answer_blocks,
    clip,
    help_blocks,
    notice,
    slack_environment,
    slack_escape,
)
from app.types import Answer, Source


def answered(**changes: Any) -> Answer:
    fields: dict[str, Any] = {
        "question": "How do I reset my password?",
        "answered": True,
        "answer": "Open settings. [1] Click reset. [2]",
        "confidence": 0.9,
        "sources": [
            Source("a", "Account FAQ", "Passwords", "Open settings.", 0.9),
            Source("b", "Guide", "", "Click reset.", 0.8),
        ],
        "suggestions": ["How do I change my email?"],
        "parts": [("Open settings.", 1), ("Click reset.", 2)],
    }
    fields.update(changes)
    return Answer(**fields)


def unanswered(**changes: Any) -> Answer:
    fields: dict[str, Any] = {
        "question": "What's the weather in Paris?",
        "answered": False,
        "answer": "I couldn't find an answer to that in the documents I have.",
        "confidence": 0.1,
        "suggestions": ["How do I reset my password?", "Where are invoices?"],
    }
    fields.update(changes)
    return Answer(**fields)


def texts(reply: dict[str, Any]) -> list[str]:
    """Every mrkdwn string in a reply's blocks."""
    out = []
    for block in reply["blocks"]:
        if block["type"] == "section":
            out.append(block["text"]["text"])
        else:
            out.extend(e["text"] for e in block["elements"])
    return out


def all_text(reply: dict[str, Any]) -> str:
    return "\n".join([reply["text"], *texts(reply)])


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("Q&A", "Q&amp;A"),
        ("&amp;", "&amp;amp;"),
        ("<!channel> hi", "&lt;!channel&gt; hi"),
        ("<@U123|x>", "&lt;@U123|x&gt;"),
        ("<https://evil.example|click me>", "&lt;https://evil.example|click me&gt;"),
        ("plain *bold* text", "plain *bold* text"),
    ],
)
def test_slack_escape(raw: str, escaped: str) -> None:
    assert slack_escape(raw) == escaped


def test_clip_keeps_short_text_and_marks_cuts() -> None:
    assert clip("short", 10) == "short"
    cut = clip("x" * 50, 10)
    assert len(cut) <= 10
    assert cut.endswith("…")


def test_clip_never_splits_an_entity() -> None:
    cut = clip("abcdef&amp;ghij", 10)  # a naive cut would end in "&am"
    assert cut == "abcdef…"


def test_answer_blocks_structure() -> None:
    reply = answer_blocks(answered())
    assert reply["response_type"] == "ephemeral"
    assert isinstance(reply["text"], str)
    assert reply["text"]
    kinds = [b["type"] for b in reply["blocks"]]
    assert kinds == ["section", "context"]
    section = reply["blocks"][0]["text"]
    assert section["type"] == "mrkdwn"
    assert section["verbatim"] is True
    assert "[1]" in section["text"]
    assert "[2]" in section["text"]
    sources = reply["blocks"][1]["elements"][0]["text"].splitlines()
    assert sources == ["[1] Account FAQ › Passwords", "[2] Guide"]


def test_answer_blocks_in_channel() -> None:
    assert answer_blocks(answered(), in_channel=True)["response_type"] == "in_channel"


def test_unanswered_lists_suggestions() -> None:
    reply = answer_blocks(unanswered())
    kinds = [b["type"] for b in reply["blocks"]]
    assert kinds == ["section", "section"]  # no sources to list
    suggestions = reply["blocks"][1]["text"]["text"]
    assert "Try asking" in suggestions
    assert "• How do I reset my password?" in suggestions
    assert "• Where are invoices?" in suggestions
    assert "Where are invoices?" in reply["text"]


def test_corpus_and_user_text_is_escaped_everywhere() -> None:
    evil = "<!channel> <script>x</script> & <@U123|x>"
    reply = answer_blocks(
        answered(
            question=evil,
            answer=evil,
            parts=[(evil, 1)],
            sources=[Source("a", evil, evil, evil, 0.9)],
        )
    )
    for text in [reply["text"], *texts(reply)]:
        unquoted = re.sub(r"^>", "", text, flags=re.MULTILINE)  # the question's quote marker
        assert "<" not in unquoted
        assert ">" not in unquoted
        assert "&lt;!channel&gt;" in text
    refused = answer_blocks(unanswered(question=evil, suggestions=[evil]))
    assert "<" not in all_text(refused)
    assert "&lt;@U123|x&gt;" in refused["blocks"][1]["text"]["text"]


def test_long_texts_stay_within_slack_limits() -> None:
    long = "word & " * 2000
    reply = answer_blocks(
        answered(
            answer=long,
            parts=[(long, 1)],
            sources=[Source(str(i), long[:300], "S", "t", 0.5) for i in range(20)],
        )
    )
    section, context = reply["blocks"]
    assert len(section["text"]["text"]) <= SECTION_LIMIT
    assert section["text"]["text"].endswith("…")
    assert len(context["elements"][0]["text"]) <= CONTEXT_LIMIT
    assert context["elements"][0]["text"].endswith("…")
    assert len(reply["text"]) <= 3000


def test_help_blocks() -> None:
    reply = help_blocks("/ask", ["What is A?", "Is <b> & c ok?", "Why?"])
    assert reply["response_type"] == "ephemeral"
    body = all_text(reply)
    assert "/ask" in body
    assert "`/ask What is A?`" in body
    assert "Is &lt;b&gt; &amp; c ok?" in body
    assert "<b>" not in body
    assert "Examples" in reply["text"]


def test_help_blocks_without_examples_or_command() -> None:
    reply = help_blocks("", [])
    assert [b["type"] for b in reply["blocks"]] == ["section"]
    assert "/faq" in reply["text"]


def test_notice_is_ephemeral_and_escaped() -> None:
    reply = notice("too long <here>")
    assert reply["response_type"] == "ephemeral"
    assert reply["text"] == "too long &lt;here&gt;"


def test_slack_environment_leaves_the_base_untouched() -> None:
    base = make_environment()
    env = slack_environment(base)
    assert "slack_escape" in env.filters
    assert "slack_escape" not in base.filters
    assert env.autoescape is False
    assert slack_environment(base) is env
