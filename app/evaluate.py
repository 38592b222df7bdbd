"""Measure answer quality on a labelled question set, per split (dev / held-out)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from app.engine import Engine, Request, Trace
from app.text import normalize


class QuestionSetError(Exception):
    """The labelled question file is missing or malformed."""


@dataclass(frozen=True)
class Labelled:
    """One labelled question."""

    id: str
    question: str
    history: tuple[str, ...]
    in_scope: bool
    expect: tuple[str, ...]
    passage: str
    split: str
    category: str


@dataclass
class SplitReport:
    """Quality figures for one split."""

    name: str
    in_scope: int = 0
    out_of_scope: int = 0
    correct: int = 0  # answered, with an expected phrase in the answer
    false_refusals: int = 0
    refused_oos: int = 0
    reciprocal_ranks: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    # In-scope misses whose labelled passage was among the hits: the answerer, not retrieval,
    # missed them (counts only, so held-out questions stay unread).
    misses_retrieved: int = 0

    @property
    def accuracy(self) -> float:
        """Share of in-scope questions answered with an expected phrase."""
        return self.correct / self.in_scope if self.in_scope else 0.0

    @property
    def refusal_rate(self) -> float:
        """Share of out-of-scope questions refused."""
        return self.refused_oos / self.out_of_scope if self.out_of_scope else 0.0

    @property
    def false_refusal_rate(self) -> float:
        """Share of in-scope questions refused."""
        return self.false_refusals / self.in_scope if self.in_scope else 0.0

    @property
    def mrr(self) -> float:
        """Mean reciprocal rank of the right passage among the retrieved ones."""
        rr = self.reciprocal_ranks
        return sum(rr) / len(rr) if rr else 0.0

    def to_json(self) -> dict[str, Any]:
        """Figures as JSON."""
        return {
            "split": self.name,
            "in_scope": self.in_scope,
            "out_of_scope": self.out_of_scope,
            "answer_accuracy": round(self.accuracy, 4),
            "mrr": round(self.mrr, 4),
            "oos_refusal_rate": round(self.refusal_rate, 4),
            "false_refusal_rate": round(self.false_refusal_rate, 4),
            "misses": self.in_scope - self.correct,
            "misses_with_passage_retrieved": self.misses_retrieved,
        }


def load_questions(path: Path) -> list[Labelled]:
    """Read and validate the labelled question set."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise QuestionSetError(f"cannot read question set {path}: {exc}") from exc
    if not isinstance(raw, list):
        raise QuestionSetError(f"{path}: expected a list of questions")
    out = []
    for n, item in enumerate(raw):
        try:
            out.append(
                Labelled(
                    id=str(item["id"]),
                    question=str(item["question"]),
                    history=tuple(item.get("history") or ()),
                    in_scope=bool(item["in_scope"]),
                    expect=tuple(item.get("expect") or ()),
                    passage=str(item.get("passage") or ""),
                    split=str(item.get("split", "dev")),
                    category=str(item.get("category", "")),
                )
            )
        except (KeyError, TypeError) as exc:
            raise QuestionSetError(f"{path}: entry {n} is missing {exc}") from exc
    return out


def _contains(haystack: str, needle: str) -> bool:
    return normalize(needle) in normalize(haystack)


def score(item: Labelled, trace: Trace, report: SplitReport) -> None:
    """Add one question's outcome to a split report."""
    answer = trace.answer
    if item.in_scope:
        report.in_scope += 1
        ok = answer.answered and any(_contains(answer.answer, e) for e in item.expect)
        report.correct += ok
        report.false_refusals += not answer.answered
        rank = next(
            (
                r
                for r, h in enumerate(trace.hits, 1)
                if _contains(f"{h.passage.question or ''} {h.passage.text}", item.passage)
            ),
            None,
        )
        report.reciprocal_ranks.append(1.0 / rank if rank else 0.0)
        if not ok:
            report.misses_retrieved += rank is not None
            state = "answered" if answer.answered else "refused"
            report.failures.append(
                f"{item.id} [{item.category}] {item.question!r}: {state} "
                f"(conf {answer.confidence:.2f}) {answer.answer[:160]!r}"
            )
    else:
        report.out_of_scope += 1
        report.refused_oos += not answer.answered
        if answer.answered:
            report.failures.append(
                f"{item.id} [{item.category}] {item.question!r}: answered OOS "
                f"(conf {answer.confidence:.2f}) {answer.answer[:160]!r}"
            )


def evaluate(engine: Engine, questions: Sequence[Labelled]) -> dict[str, SplitReport]:
    """Run every question through the engine; one report per split, plus 'all'."""
    # Fixed order for the table: dev, heldout, then any other split, then all.
    names = sorted({q.split for q in questions}, key=lambda s: (s != "dev", s != "heldout", s))
    reports = {name: SplitReport(name) for name in [*names, "all"]}
    for item in questions:
        trace = engine.explain(Request(item.question, item.history))
        for name in (item.split, "all"):
            score(item, trace, reports[name])
    return reports


def format_table(reports: dict[str, SplitReport]) -> str:
    """A Markdown table of the figures, one row per split."""
    lines = [
        "| split | in-scope | out-of-scope | answer accuracy | MRR | OOS refused "
        "| false refusals |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in reports.values():
        lines.append(
            f"| {r.name} | {r.in_scope} | {r.out_of_scope} | {r.accuracy:.1%} | {r.mrr:.3f} "
            f"| {r.refusal_rate:.1%} | {r.false_refusal_rate:.1%} |"
        )
    misses = ", ".join(
        f"{r.name} {r.misses_retrieved} of {r.in_scope - r.correct}" for r in reports.values()
    )
    lines.append(f"\nIn-scope misses whose labelled passage was retrieved: {misses}.")
    return "\n".join(lines)
