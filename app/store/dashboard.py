"""What the curator's dashboard reads from the question log: daily series and the CSV export.

Days are UTC calendar days. Rows are bucketed in Python (reading two columns), so the same
code runs on every backend without dialect-specific date functions.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Engine, case, func, select

from app.store.report import Rates
from app.store.schema import feedback, questions

DAYS = 30
EXPORT_PAGE = 1000
EXPORT_COLUMNS = (
    "asked_at",
    "surface",
    "question",
    "answered",
    "confidence",
    "source_ids",
    "latency_ms",
    "helpful_up",
    "helpful_down",
)
# A spreadsheet runs a cell starting with one of these as a formula: such cells get a "'".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Day(Rates):
    """One UTC day of the question log."""

    day: date
    questions: int = 0
    answered: int = 0
    votes: int = 0
    helpful: int = 0


def first_day(days: int, now: datetime | None = None) -> datetime:
    """Midnight UTC at the start of the first of the last `days` days (today included)."""
    today = (now or datetime.now(UTC)).astimezone(UTC).date()
    return datetime.combine(today - timedelta(days=days - 1), time(), tzinfo=UTC)


def daily(engine: Engine, days: int = DAYS, now: datetime | None = None) -> list[Day]:
    """Questions, answers and votes per UTC day for the last `days` days, oldest first."""
    until = (now or datetime.now(UTC)).astimezone(UTC)
    start = first_day(days, until)
    q = questions.c
    with engine.connect() as conn:
        asked = conn.execute(
            select(q.asked_at, q.answered).where(q.asked_at >= start, q.asked_at <= until)
        ).all()
        votes = conn.execute(
            select(feedback.c.created_at, feedback.c.helpful).where(
                feedback.c.created_at >= start, feedback.c.created_at <= until
            )
        ).all()
    counts = {start.date() + timedelta(days=i): [0, 0, 0, 0] for i in range(days)}
    for asked_at, answered in asked:
        bucket = counts.get(asked_at.astimezone(UTC).date())
        if bucket is not None:
            bucket[0] += 1
            bucket[1] += bool(answered)
    for created_at, helpful in votes:
        bucket = counts.get(created_at.astimezone(UTC).date())
        if bucket is not None:
            bucket[2] += 1
            bucket[3] += bool(helpful)
    return [Day(day, *values) for day, values in counts.items()]


def spreadsheet_safe(text: str) -> str:
    """Text that a spreadsheet shows as text, never evaluates as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def export_rows(engine: Engine, page: int = EXPORT_PAGE) -> Iterator[tuple[object, ...]]:
    """Every question in the log, oldest first, with its votes (read `page` rows at a time).

    Each page is read on its own short connection, so a slow download never holds one open.
    """
    q = questions.c
    votes = (
        select(
            feedback.c.answer_id,
            func.sum(case((feedback.c.helpful, 1), else_=0)).label("up"),
            func.sum(case((feedback.c.helpful, 0), else_=1)).label("down"),
        )
        .group_by(feedback.c.answer_id)
        .subquery()
    )
    after = 0
    while True:
        with engine.connect() as conn:
            found = conn.execute(
                select(
                    q.id,
                    q.asked_at,
                    q.surface,
                    q.question,
                    q.answered,
                    q.confidence,
                    q.source_ids,
                    q.latency_ms,
                    votes.c.up,
                    votes.c.down,
                )
                .outerjoin(votes, votes.c.answer_id == q.answer_id)
                .where(q.id > after)
                .order_by(q.id)
                .limit(page)
            ).all()
        for row in found:
            yield (
                row.asked_at.astimezone(UTC).isoformat(timespec="seconds"),
                row.surface,
                spreadsheet_safe(row.question),
                "true" if row.answered else "false",
                f"{row.confidence:.4f}",
                " ".join(json.loads(row.source_ids or "[]")),
                f"{row.latency_ms:.1f}",
                int(row.up or 0),
                int(row.down or 0),
            )
        if len(found) < page:
            return
        after = found[-1].id
