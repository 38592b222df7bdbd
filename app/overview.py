"""Questions that ask what the documents are about ("What is this article about?", "tl;dr").

Such a question names no topic, so retrieval has nothing to match; it is answered with the
opening of the main document, which a writer makes the summary of what follows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from app.text import DOCUMENT_WORDS, content_tokens, tokens
from app.types import Passage

# How a question asks for the gist: "about", "summarise", "tl;dr", "the main points"...
_ASKS = re.compile(
    r"\b(about|summar\w*|overview|gist|tl;? ?dr|recap|rundown|(main|key) (points|takeaways?)|"
    r"highlights|sum (it|this|that|them) up|what happened|"
    r"what(?:['’]?s| is| are) (going on|happening|new|the latest)|latest|brief|outline|"
    r"(should|do|need to) (i|we) know|covers?|in short|story|news|article|document|page|text|"
    r"report|faq|everything)\b"
)
# Words such a question may hold besides stopwords and words for the documents themselves.
_GIST_WORDS = frozenset(
    """
    summary summarise summarize summarised summarized overview gist tldr tl dr recap rundown
    main key points point takeaway takeaways highlights sum happened happening going new news
    cover covers covered topic topics subject short quick quickly brief here site list
    show outline sentence sentences one two three few words latest need everything
    """.split()
)


_REFERRING = frozenset("it its they them their he him his she her those".split())


def asks_for_overview(question: str, history: Sequence[str] = ()) -> bool:
    """Whether the question asks what the documents say as a whole, naming no topic of its own.

    "What is it about?" after another question asks about that question's subject, so a
    question with history counts only when it names the documents ("this article") and
    points back at nothing ("it", "they").
    """
    words = tokens(question)
    if not words or not _ASKS.search(question.lower()):
        return False
    if any(w not in _GIST_WORDS and w not in DOCUMENT_WORDS for w in content_tokens(question)):
        return False
    if not history:
        return True
    # "How does the table in the article describe it?" asks about the earlier question's
    # subject, naming the article only as where to look.
    return bool(set(words) & DOCUMENT_WORDS) and not set(words) & _REFERRING


def lead_passage(passages: Sequence[Passage]) -> Passage | None:
    """The opening prose passage of the main document (the one with the most prose).

    None for a corpus of FAQ entries only: its questions, offered as suggestions, are its
    overview.
    """
    prose = [p for p in passages if p.kind == "text"]
    if not prose:
        return None
    counts = Counter(p.source for p in prose)
    # Ties go to the document that comes first.
    main = max(counts, key=lambda source: counts[source])
    return next(p for p in prose if p.source == main)


def document_titles(passages: Sequence[Passage], lead: Passage | None, most: int = 3) -> list[str]:
    """The documents' titles, the lead's first; "Talks: FAQ" goes with "Talks", not apart."""
    titles = [p.title for p in passages]
    if lead is not None:
        titles.insert(0, lead.title)
    kept: list[str] = []
    for title in dict.fromkeys(titles):
        if not any(title.startswith(k) for k in kept):
            kept.append(title)
    return kept[:most]
