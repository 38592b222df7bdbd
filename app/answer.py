"""Compose a grounded answer from retrieved passages: an FAQ answer, or 1–3 extracted sentences."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from app.answer_types import question_need, satisfies
from app.text import content_tokens, stem, tokens
from app.types import Answer, Hit, Passage, Source

SNIPPET_CHARS = 300


@dataclass(frozen=True)
class AnswerPolicy:
    """The answerer's knobs; defaults chosen on the dev split (see `faqbot eval --sweep`)."""

    min_confidence: float = 0.5
    faq_threshold: float = 0.8  # question-to-FAQ-question similarity that takes the FAQ answer
    max_sentences: int = 3
    extra_sentence_margin: float = 0.06  # a further sentence must score within this of the best
    candidate_passages: int = 3


@dataclass(frozen=True)
class Candidate:
    """A sentence that may answer the question, with how well it matches."""

    hit_rank: int
    passage: Passage
    position: int  # index of the sentence in its passage
    text: str
    score: float


def term_support(question: str, context: str) -> float:
    """Share of the question's content words found in the context (stem or typo-tolerant match)."""
    q_terms = set(content_tokens(question))
    if not q_terms:
        return 1.0
    ctx_tokens = set(tokens(context))
    ctx_stems = {stem(t) for t in ctx_tokens}
    found = 0
    for term in q_terms:
        if stem(term) in ctx_stems or (
            len(term) >= 4 and any(len(c) >= 4 and fuzz.ratio(term, c) >= 85 for c in ctx_tokens)
        ):
            found += 1
    return found / len(q_terms)


SentenceVectors = Callable[[Passage], np.ndarray]


class Answerer:
    """Turns hits into an Answer; never states what the passages do not say."""

    def __init__(self, policy: AnswerPolicy, sentence_vectors: SentenceVectors) -> None:
        self.policy = policy
        self._sentence_vectors = sentence_vectors

    def compose(
        self,
        question: str,
        query_text: str,
        query_vector: np.ndarray,
        hits: Sequence[Hit],
        faq: tuple[Passage, float] | None,
        suggestions: list[str],
    ) -> Answer:
        """Build the answer for a question from its hits and its best FAQ match."""
        need = question_need(query_text)
        policy = self.policy
        if faq is not None:
            passage, similarity = faq
            fuzzy = fuzz.token_sort_ratio(query_text.lower(), (passage.question or "").lower())
            faq_score = max(similarity, fuzzy / 100.0)
            if faq_score >= policy.faq_threshold and satisfies(need, passage.text):
                return self._answer(
                    question,
                    [(passage, list(passage.sentences))],
                    faq_score,
                    "faq",
                    [s for s in suggestions if s != passage.question],
                    hits,
                )

        candidates = self._candidates(query_vector, hits)
        if not candidates:
            return self._refusal(question, suggestions)
        best = candidates[0]
        chosen = [
            c
            for c in candidates
            if c.score >= best.score - policy.extra_sentence_margin and satisfies(need, c.text)
        ][: policy.max_sentences]
        if not chosen:
            return self._refusal(question, suggestions, confidence=best.score * 0.3)
        context = " ".join(
            [
                chosen[0].passage.text,
                chosen[0].passage.section,
                chosen[0].passage.title,
                chosen[0].passage.question or "",
            ]
        )
        support = term_support(query_text, context)
        confidence = float(np.clip(chosen[0].score * (0.5 + 0.5 * support), 0.0, 1.0))
        if confidence < policy.min_confidence:
            return self._refusal(question, suggestions, confidence)
        # Keep reading order: by passage rank, then position in the passage.
        chosen.sort(key=lambda c: (c.hit_rank, c.position))
        groups: list[tuple[Passage, list[str]]] = []
        for c in chosen:
            if groups and groups[-1][0].id == c.passage.id:
                groups[-1][1].append(c.text)
            else:
                groups.append((c.passage, [c.text]))
        return self._answer(question, groups, confidence, "extract", suggestions, hits)

    def _candidates(self, query_vector: np.ndarray, hits: Sequence[Hit]) -> list[Candidate]:
        out = []
        for rank, hit in enumerate(hits[: self.policy.candidate_passages]):
            vectors = self._sentence_vectors(hit.passage)
            sims = vectors @ query_vector
            for pos, (text, sim) in enumerate(zip(hit.passage.sentences, sims, strict=True)):
                score = 0.6 * float(sim) + 0.4 * hit.dense
                out.append(Candidate(rank, hit.passage, pos, text, score))
        out.sort(key=lambda c: -c.score)
        return out

    def _answer(
        self,
        question: str,
        groups: list[tuple[Passage, list[str]]],
        confidence: float,
        via: str,
        suggestions: list[str],
        hits: Sequence[Hit],
    ) -> Answer:
        scores = {h.passage.id: h.score for h in hits}
        sources: list[Source] = []
        parts: list[tuple[str, int]] = []
        for passage, sentences in groups:
            sources.append(_source(passage, scores.get(passage.id, 0.0)))
            parts.extend((s, len(sources)) for s in sentences)
        text = " ".join(f"{s} [{n}]" for s, n in _cite_last(parts))
        return Answer(
            question=question,
            answered=True,
            answer=text,
            confidence=confidence,
            sources=sources,
            suggestions=suggestions[:3],
            parts=parts,
            via="faq" if via == "faq" else "extract",
        )

    def _refusal(self, question: str, suggestions: list[str], confidence: float = 0.0) -> Answer:
        return Answer(
            question=question,
            answered=False,
            answer="",
            confidence=max(0.0, min(1.0, confidence)),
            suggestions=suggestions[:3],
        )


def _cite_last(parts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Citation marker after each sentence (kept simple: every sentence cites its source)."""
    return parts


def _source(passage: Passage, score: float) -> Source:
    text = passage.text
    if passage.question:
        text = f"{passage.question} {text}"
    if len(text) > SNIPPET_CHARS:
        text = text[: SNIPPET_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return Source(passage.id, passage.title, passage.section, text, score)
