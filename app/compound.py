"""Questions that ask two or three things at once ("Who is Bessent, and what did he say?").

Each part is answered on its own, the later ones as follow-ups of the earlier ("what did he
say?" after "Who is Bessent?"), and the answers are merged: one list of sources, and a plain
note for a part the documents do not answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.text import WH_WORDS, tokens
from app.types import Answer, Source

MAX_PARTS = 3
_ASKING = rf"(?:{WH_WORDS}|is|are|was|were|do|does|did|can|could|will|would|has|have|should)\b"
# Where a second question starts: after a question mark or a semicolon, or at ", and what…".
_BREAK = re.compile(
    rf"(?<=\?)\s+|;\s*|,?\s+and\s+(?={_ASKING})|,\s+(?={_ASKING})",
    re.IGNORECASE,
)
_STARTS_ASKING = re.compile(rf"^\s*{_ASKING}", re.IGNORECASE)


def split_question(question: str) -> list[str]:
    """The questions a text asks, or the text alone when it asks one.

    Every part must open with a question word and hold two words or more: "Besides AI, what
    else…" and "Which critics warned? Give their names." are one question each.
    """
    parts = [p.strip(" ,;") for p in _BREAK.split(question.strip())]
    parts = [p for p in parts if p]
    if not 2 <= len(parts) <= MAX_PARTS:
        return [question]
    if any(not _STARTS_ASKING.match(p) or len(tokens(p)) < 2 for p in parts):
        return [question]
    return parts


def merge_answers(question: str, answers: Sequence[Answer]) -> Answer:
    """One answer from the answers to a question's parts, citations renumbered.

    Confidence is the weakest answered part's: the whole is no surer than its parts.
    """
    suggestions = list(dict.fromkeys(s for a in answers for s in a.suggestions))[:3]
    answered = [a for a in answers if a.answered]
    if not answered:
        top = max(a.confidence for a in answers)
        return Answer(question, False, "", top, suggestions=suggestions)
    sources: list[Source] = []
    numbers: dict[str, int] = {}
    parts: list[tuple[str, int]] = []
    for a in answered:
        for source in a.sources:
            if source.id not in numbers:
                sources.append(source)
                numbers[source.id] = len(sources)
        for sentence, n in a.parts:
            part = (sentence, numbers[a.sources[n - 1].id])
            if part not in parts:  # two parts may quote the same sentence
                parts.append(part)
    return Answer(
        question,
        True,
        "",
        min(a.confidence for a in answered),
        sources,
        suggestions,
        parts,
        via="extract",
        missed=[a.question for a in answers if not a.answered],
    )
