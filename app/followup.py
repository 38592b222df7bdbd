"""Resolve conversational follow-ups ("Who made it?") against the user's earlier questions."""

from __future__ import annotations

from collections.abc import Sequence

from app.text import ANAPHORA, content_tokens, tokens

_OPENERS = ("and ", "what about", "how about", "and what", "also ", "what else", "why is that")


def is_follow_up(question: str) -> bool:
    """A question that leans on what came before: it refers back, or is too short to stand alone."""
    words = tokens(question)
    if not words:
        return False
    lowered = question.strip().lower()
    if any(w in ANAPHORA for w in words) or lowered.startswith(_OPENERS):
        return True
    return len(content_tokens(question)) <= 1 and len(words) <= 4 and lowered.endswith("?")


def resolve(question: str, history: Sequence[str]) -> str:
    """The text to search with: the question, preceded by the earlier questions it depends on.

    Walks back through history while each question is itself a follow-up, so a chain
    ("Who is Bessent?" → "What did he say?" → "And why?") keeps its subject.
    """
    if not history or not is_follow_up(question):
        return question
    context: list[str] = []
    for earlier in reversed([h for h in history if h.strip()]):
        context.insert(0, earlier.strip())
        if not is_follow_up(earlier):
            break
    return " ".join([*context, question.strip()])
