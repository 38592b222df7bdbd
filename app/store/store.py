"""The question log's database: synchronous writes and reads, run in worker threads by callers."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, exists, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from app.store import db
from app.store.schema import Surface, feedback, meta, questions

SALT_KEY = "hash_salt"


@dataclass(frozen=True)
class QuestionRecord:
    """One question asked on one surface, and what the bot answered."""

    answer_id: str
    surface: Surface
    question: str
    answered: bool
    confidence: float
    source_ids: tuple[str, ...] = ()
    latency_ms: float = 0.0
    client_hash: str | None = None
    asked_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def row(self) -> dict[str, object]:
        """The `questions` row for this record."""
        return {
            "answer_id": self.answer_id,
            "asked_at": self.asked_at,
            "surface": self.surface,
            "question": self.question,
            "answered": self.answered,
            "confidence": float(self.confidence),
            "source_ids": json.dumps(list(self.source_ids)),
            "latency_ms": float(self.latency_ms),
            "client_hash": self.client_hash,
        }


@dataclass(frozen=True)
class Pruned:
    """How many rows one retention pass removed."""

    questions: int
    feedback: int


class Store:
    """The question log in one database (SQLite by default); every method is blocking."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect to `url` and migrate its schema to the newest revision (never dropping data)."""
        engine = db.connect(url)
        try:
            db.upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    def close(self) -> None:
        """Close the connection pool."""
        self.engine.dispose()

    def hash_salt(self) -> str:
        """The salt for hashed client ids: made once at random, then kept in the meta table."""
        with self.engine.begin() as conn:
            found = conn.scalar(select(meta.c.value).where(meta.c.key == SALT_KEY))
            if found is not None:
                return str(found)
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(meta).values(key=SALT_KEY, value=secrets.token_hex(32)))
        except IntegrityError:
            pass  # another process made it first: use theirs
        with self.engine.begin() as conn:
            return str(conn.scalar(select(meta.c.value).where(meta.c.key == SALT_KEY)))

    def add_questions(self, records: Sequence[QuestionRecord]) -> None:
        """Insert a batch of questions in one transaction."""
        if records:
            with self.engine.begin() as conn:
                conn.execute(insert(questions), [r.row() for r in records])

    def has_question(self, answer_id: str) -> bool:
        """Whether an answer with this id was recorded."""
        with self.engine.connect() as conn:
            return bool(conn.scalar(select(exists().where(questions.c.answer_id == answer_id))))

    def add_feedback(
        self,
        answer_id: str,
        client_key: str,
        helpful: bool,
        comment: str | None = None,
        now: datetime | None = None,
    ) -> bool:
        """Record a vote on an answer, replacing this client's earlier vote; False if unknown."""
        values = {
            "answer_id": answer_id,
            "client_key": client_key,
            "helpful": helpful,
            "comment": comment,
            "created_at": now or datetime.now(UTC),
        }
        changes = {k: values[k] for k in ("helpful", "comment", "created_at")}
        with self.engine.begin() as conn:
            known = conn.scalar(select(exists().where(questions.c.answer_id == answer_id)))
            if not known:
                return False
            name = conn.dialect.name
            if name in ("sqlite", "postgresql"):
                dialect_insert = sqlite.insert if name == "sqlite" else postgresql.insert
                stmt = dialect_insert(feedback).values(**values)
                conn.execute(
                    stmt.on_conflict_do_update(
                        index_elements=[feedback.c.answer_id, feedback.c.client_key],
                        set_=changes,
                    )
                )
            else:  # any other backend: update, else insert
                done = conn.execute(
                    update(feedback)
                    .where(feedback.c.answer_id == answer_id, feedback.c.client_key == client_key)
                    .values(**changes)
                )
                if not done.rowcount:
                    conn.execute(insert(feedback).values(**values))
        return True

    def prune(self, retention_days: int, now: datetime | None = None) -> Pruned:
        """Delete questions (and their feedback) and feedback older than `retention_days`."""
        cutoff = (now or datetime.now(UTC)) - timedelta(days=retention_days)
        old = select(questions.c.answer_id).where(questions.c.asked_at < cutoff)
        with self.engine.begin() as conn:
            removed_feedback = conn.execute(
                delete(feedback).where(
                    (feedback.c.created_at < cutoff) | feedback.c.answer_id.in_(old)
                )
            ).rowcount
            removed_questions = conn.execute(
                delete(questions).where(questions.c.asked_at < cutoff)
            ).rowcount
        return Pruned(questions=int(removed_questions or 0), feedback=int(removed_feedback or 0))

    def count_questions(self) -> int:
        """How many questions the log holds."""
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(questions)) or 0)
