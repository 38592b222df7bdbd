"""Chat that is not a question, and chat around a question."""

from __future__ import annotations

import pytest

from app.smalltalk import chat_kind, strip_chat

CHAT = [
    ("hello", "greeting"),
    ("Hi!", "greeting"),
    ("Good morning bot", "greeting"),
    ("thanks!", "thanks"),
    ("Thank you so much.", "thanks"),
    ("ok", "thanks"),
    ("What can you do?", "help"),
    ("help", "help"),
]
NOT_CHAT = ["Hi, what is Mythos?", "hello world program in Python", "Thanks to whom?", "", "?"]


@pytest.mark.parametrize(("text", "kind"), CHAT)
def test_chat_is_recognised(text: str, kind: str) -> None:
    assert chat_kind(text) == kind


@pytest.mark.parametrize("text", NOT_CHAT)
def test_anything_that_may_be_a_question_is_not_chat(text: str) -> None:
    assert chat_kind(text) is None


def test_chat_around_a_question_is_stripped() -> None:
    assert strip_chat("Hi, what is Mythos?") == "what is Mythos?"
    assert strip_chat("hey there, who is Ada? thanks!") == "who is Ada?"
    assert strip_chat("What is the fee? Thank you") == "What is the fee?"
    assert strip_chat("Thanks to whom?") == "Thanks to whom?"  # a question, not thanks
    assert strip_chat("hello") == "hello"  # all chat: left for chat_kind
