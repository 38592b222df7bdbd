"""The question log's tables (SQLAlchemy Core); Alembic migrations create and change them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal, get_args

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

Surface = Literal["api", "widget", "slack", "help"]
SURFACES: tuple[str, ...] = get_args(Surface)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime, stored naive (in UTC) so every backend compares it alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware (UTC) datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

questions = Table(
    "questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("answer_id", String(32), nullable=False),
    Column("asked_at", UTCDateTime(), nullable=False, index=True),
    Column("surface", String(16), nullable=False),
    Column("question", Text, nullable=False),
    Column("answered", Boolean, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("source_ids", Text, nullable=False, default="[]"),  # a JSON list of passage ids
    Column("latency_ms", Float, nullable=False),
    Column("client_hash", String(64), nullable=True),
    UniqueConstraint("answer_id", name="uq_questions_answer_id"),
    CheckConstraint("surface IN ('api', 'widget', 'slack', 'help')", name="ck_questions_surface"),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "answer_id",
        String(32),
        ForeignKey("questions.answer_id", name="fk_feedback_answer_id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("client_key", String(64), nullable=False),
    Column("helpful", Boolean, nullable=False),
    Column("comment", Text, nullable=True),
    Column("created_at", UTCDateTime(), nullable=False, index=True),
    UniqueConstraint("answer_id", "client_key", name="uq_feedback_answer_client"),
)
