"""Narrow data types passed between the stages: parse → chunk → index → retrieve → answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["paragraph", "item", "row", "faq"]
PassageKind = Literal["text", "row", "faq"]


@dataclass(frozen=True)
class Block:
    """One structural unit a loader found: a paragraph, list item, table row or FAQ entry."""

    kind: BlockKind
    section: str  # heading of the enclosing section ("" before the first heading)
    text: str  # prose; for a FAQ entry, its answer
    question: str | None = None  # FAQ entries only


@dataclass(frozen=True)
class Document:
    """A parsed source file: its title and its blocks in reading order."""

    source: str  # path relative to the corpus folder, with forward slashes
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class SkippedFile:
    """A corpus file that could not be read or parsed, and why."""

    source: str
    reason: str


@dataclass(frozen=True)
class Passage:
    """A retrievable chunk: bounded, section-aware, with its sentences kept for quoting."""

    id: str  # stable: derived from source, section and content
    source: str
    title: str
    section: str
    kind: PassageKind
    text: str  # for FAQ passages: the answer
    sentences: tuple[str, ...]
    question: str | None = None  # FAQ passages only

    @property
    def search_text(self) -> str:
        """The text that is embedded and matched: question and answer for an FAQ entry."""
        if self.question:
            return f"{self.question}\n{self.text}"
        return self.text


@dataclass(frozen=True)
class Hit:
    """A passage found for a question, with the signals that ranked it."""

    passage: Passage
    score: float  # fused score used for ranking
    dense: float = 0.0  # cosine similarity of question and passage (or FAQ question)
    fuzzy: float = 0.0  # rapidfuzz similarity, 0..1
    lexical: float = 0.0  # BM25 score, normalised to 0..1 within the query


@dataclass(frozen=True)
class Source:
    """A citation as the answer JSON shows it."""

    id: str
    title: str
    section: str
    text: str
    score: float


@dataclass
class Answer:
    """A grounded answer: the contract for the CLI and the HTTP API."""

    question: str
    answered: bool
    answer: str
    confidence: float
    sources: list[Source] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    # (sentence, citation number) pairs the answer text was built from, for the renderers.
    parts: list[tuple[str, int]] = field(default_factory=list)
    via: Literal["faq", "extract", "chat", "none"] = "none"
    # Parts of a compound question the documents do not answer ("…, and who won?").
    missed: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The public JSON shape (internal rendering parts left out)."""
        return {
            "question": self.question,
            "answered": self.answered,
            "answer": self.answer,
            "confidence": round(self.confidence, 4),
            "sources": [
                {
                    "id": s.id,
                    "title": s.title,
                    "section": s.section,
                    "text": s.text,
                    "score": round(s.score, 4),
                }
                for s in self.sources
            ],
            "suggestions": list(self.suggestions),
        }
