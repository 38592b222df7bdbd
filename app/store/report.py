"""The question log summarised: answer and helpful rates, busiest, unanswered, unhelpful answers.

Near-duplicate questions are grouped with rapidfuzz (token_sort_ratio after normalising), so
"What is Mythos?" and "what's mythos" count as one question.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import Engine, select

from app.store.schema import feedback, questions

GROUP_THRESHOLD = 90.0
TOP = 10
SINCE = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str) -> timedelta:
    """A look-back period like "30m", "24h", "7d" or "2w"."""
    found = SINCE.match(text.lower())
    if not found:
        raise ValueError(f"bad period {text!r}: use a number and m, h, d or w, e.g. 7d")
    return timedelta(**{UNITS[found.group(2)]: int(found.group(1))})


CONTRACTIONS = (
    (re.compile(r"\b(what|who|where|when|how|why|which|it|that|there|here)'s\b"), r"\1 is"),
    (re.compile(r"\bcan't\b"), "cannot"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'d\b"), " would"),
)


def normalise(question: str) -> str:
    """Lower case, accents folded, contractions expanded, punctuation dropped, spaces collapsed."""
    text = question.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    for pattern, replacement in CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = re.sub(r"[^\w\s]", " ", text.replace("'", ""))
    return " ".join(text.split())


@dataclass(frozen=True)
class QuestionGroup:
    """Near-duplicate questions counted as one; `question` is the most asked wording."""

    question: str
    count: int
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnhelpfulAnswer:
    """An answer (identified by the passages it cited) that people marked unhelpful."""

    source_ids: tuple[str, ...]
    unhelpful: int
    helpful: int
    questions: tuple[str, ...]
    comments: tuple[str, ...] = ()


class Rates:
    """Answer and helpful rates from the four counts (shared by the report and each day)."""

    questions: int
    answered: int
    votes: int
    helpful: int

    @property
    def answer_rate(self) -> float | None:
        """Share of questions answered (None without questions)."""
        return self.answered / self.questions if self.questions else None

    @property
    def helpful_rate(self) -> float | None:
        """Share of votes that were "helpful" (None without votes)."""
        return self.helpful / self.votes if self.votes else None


@dataclass(frozen=True)
class Report(Rates):
    """What the question log shows for one period."""

    since: datetime
    until: datetime
    questions: int
    answered: int
    votes: int
    helpful: int
    by_surface: dict[str, int] = field(default_factory=dict)
    busiest: list[QuestionGroup] = field(default_factory=list)
    unanswered: list[QuestionGroup] = field(default_factory=list)
    unhelpful: list[UnhelpfulAnswer] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict (datetimes as ISO 8601, rates rounded)."""
        data = asdict(self)
        data["since"] = self.since.isoformat()
        data["until"] = self.until.isoformat()
        rate = self.answer_rate
        data["answer_rate"] = None if rate is None else round(rate, 4)
        rate = self.helpful_rate
        data["helpful_rate"] = None if rate is None else round(rate, 4)
        return data


def group_questions(
    asked: Iterable[str], threshold: float = GROUP_THRESHOLD, top: int | None = None
) -> list[QuestionGroup]:
    """Count questions with near-duplicates merged; most asked first (ties: alphabetical)."""
    wordings: dict[str, Counter[str]] = {}
    for question in asked:
        key = normalise(question)
        wordings.setdefault(key, Counter())[question.strip()] += 1
    keys = sorted(wordings, key=lambda k: (-sum(wordings[k].values()), k))
    representatives: list[str] = []
    members: list[list[str]] = []
    for key in keys:
        match = (
            process.extractOne(
                key, representatives, scorer=fuzz.token_sort_ratio, score_cutoff=threshold
            )
            if key
            else None
        )
        if match is None:
            representatives.append(key)
            members.append([key])
        else:
            members[match[2]].append(key)
    groups = []
    for group in members:
        counts: Counter[str] = Counter()
        for key in group:
            counts.update(wordings[key])
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        groups.append(
            QuestionGroup(
                question=ranked[0][0],
                count=sum(counts.values()),
                variants=tuple(w for w, _ in ranked[1:]),
            )
        )
    groups.sort(key=lambda g: (-g.count, g.question))
    return groups[:top] if top is not None else groups


def build_report(
    engine: Engine,
    since: timedelta,
    now: datetime | None = None,
    top: int = TOP,
    threshold: float = GROUP_THRESHOLD,
) -> Report:
    """Read the questions and votes of the last `since` and summarise them."""
    until = now or datetime.now(UTC)
    start = until - since
    q = questions.c
    with engine.connect() as conn:
        asked = conn.execute(
            select(q.question, q.answered, q.surface).where(
                q.asked_at >= start, q.asked_at <= until
            )
        ).all()
        votes = conn.execute(
            select(feedback.c.helpful, feedback.c.comment, q.question, q.source_ids, q.answered)
            .join(questions, questions.c.answer_id == feedback.c.answer_id)
            .where(feedback.c.created_at >= start, feedback.c.created_at <= until)
        ).all()
    return Report(
        since=start,
        until=until,
        questions=len(asked),
        answered=sum(1 for row in asked if row.answered),
        votes=len(votes),
        helpful=sum(1 for row in votes if row.helpful),
        by_surface=dict(Counter(row.surface for row in asked).most_common()),
        busiest=group_questions((row.question for row in asked), threshold, top),
        unanswered=group_questions(
            (row.question for row in asked if not row.answered), threshold, top
        ),
        unhelpful=_unhelpful(votes, top),
    )


@dataclass
class _Tally:
    up: int = 0
    down: int = 0
    asked: Counter[str] = field(default_factory=Counter)
    comments: list[str] = field(default_factory=list)


def _unhelpful(votes: Sequence[Sequence[Any]], top: int) -> list[UnhelpfulAnswer]:
    """Votes (helpful, comment, question, source_ids, answered) tallied per cited sources."""
    tally: dict[tuple[str, ...], _Tally] = {}
    for helpful, comment, question, source_ids, _answered in votes:
        entry = tally.setdefault(tuple(json.loads(source_ids or "[]")), _Tally())
        if helpful:
            entry.up += 1
            continue
        entry.down += 1
        entry.asked[question] += 1
        if comment:
            entry.comments.append(comment)
    found = [
        UnhelpfulAnswer(
            source_ids=sources,
            unhelpful=entry.down,
            helpful=entry.up,
            questions=tuple(w for w, _ in entry.asked.most_common(3)),
            comments=tuple(entry.comments[:3]),
        )
        for sources, entry in tally.items()
        if entry.down
    ]
    found.sort(key=lambda a: (-a.unhelpful, a.helpful, a.source_ids))
    return found[:top]
