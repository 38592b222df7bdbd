"""Chat that is not a question: "hi", "thanks", "what can you do?".

A chat widget's users greet it and thank it. Answering "hello" with "I couldn't find an
answer to that in the documents" is true but unhelpful; these get a short templated reply
that says what the bot can answer. They state nothing about the documents but their titles.
"""

from __future__ import annotations

import re
from typing import Literal

from app.text import normalize

Chat = Literal["greeting", "thanks", "help"]

_BOT = r"(?: there| bot| faqbot| again| all| everyone)?"
_PATTERNS: list[tuple[Chat, re.Pattern[str]]] = [
    (
        "greeting",
        re.compile(
            rf"^(?:hi|hello|hey|hiya|howdy|greetings|yo|good (?:morning|afternoon|evening)){_BOT}$"
        ),
    ),
    (
        "thanks",
        re.compile(
            r"^(?:thanks|thank you|thx|ty|cheers|many thanks)(?: (?:so much|a lot|very much))?"
            rf"{_BOT}$|^(?:great|ok|okay|cool|nice|perfect|got it|awesome)(?:,? thanks)?$"
        ),
    ),
    (
        "help",
        re.compile(
            r"^(?:help|what can you do|what can i ask(?: you)?|what do you know|who are you|"
            r"what are you|how does this work|how do you work|what is this bot)$"
        ),
    ),
]
_TRAILING = re.compile(r"[\s!.?,:;)(]+$")


def chat_kind(text: str) -> Chat | None:
    """Which kind of chat the text is, or None for anything that may be a question."""
    plain = _TRAILING.sub("", normalize(text))
    for kind, pattern in _PATTERNS:
        if pattern.match(plain):
            return kind
    return None


# "Hi, what is X?" and "what is X? thanks": the question without the chat around it.
_OPENING = re.compile(
    r"^\s*(?:(?:hi|hello|hey|hiya|ok|okay|so|um|please)(?: there| bot)?\s*[,!.:;-]*\s+)+",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"(?<=[?.!,])\s*(?:,\s*)?(?:thanks|thank you|thx|cheers|please|pls)(?: (?:so much|a lot))?"
    r"\s*[!.]*\s*$",
    re.IGNORECASE,
)


def strip_chat(text: str) -> str:
    """The question without a greeting before it or thanks after it; unchanged if all chat."""
    stripped = _CLOSING.sub("", _OPENING.sub("", text)).strip()
    return stripped or text
