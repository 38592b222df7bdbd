"""The question log on real SQLite files: schema, migrations, feedback, retention, recorder."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from app.store import QuestionRecord, Recorder, Store
from app.store import db as store_db
from app.store.schema import questions

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'sub' / 'log.db'}"


def rec(answer_id: str, question: str = "What is Mythos?", **kw: object) -> QuestionRecord:
    values: dict[str, object] = {
        "surface": "api",
        "answered": True,
        "confidence": 0.8,
        "source_ids": ("p-1",),
        "latency_ms": 3.0,
        "asked_at": NOW,
        **kw,
    }
    return QuestionRecord(answer_id=answer_id, question=question, **values)  # type: ignore[arg-type]


def test_open_creates_folder_wal_and_schema(tmp_path: Path) -> None:
    store = Store.open(url(tmp_path))
    store.close()
    conn = sqlite3.connect(tmp_path / "sub" / "log.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"questions", "feedback", "meta", "alembic_version"} <= tables


def test_upgrade_of_an_existing_database_keeps_rows(tmp_path: Path) -> None:
    engine = store_db.connect(url(tmp_path))
    store_db.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(insert(questions), [rec("a" * 32).row(), rec("b" * 32).row()])
    engine.dispose()
    for _ in range(2):  # upgrading to head, then again, never drops what is there
        store = Store.open(url(tmp_path))
        assert store.count_questions() == 2
        store.close()


def test_salt_is_made_once_and_kept(tmp_path: Path) -> None:
    store = Store.open(url(tmp_path))
    salt = store.hash_salt()
    store.close()
    again = Store.open(url(tmp_path))
    assert again.hash_salt() == salt and len(salt) == 64
    again.close()


def test_feedback_replaces_a_repeated_vote_and_refuses_unknown_answers(tmp_path: Path) -> None:
    store = Store.open(url(tmp_path))
    store.add_questions([rec("a" * 32)])
    assert store.add_feedback("a" * 32, "client-1", True, "nice")
    assert store.add_feedback("a" * 32, "client-1", False, None)
    assert store.add_feedback("a" * 32, "client-2", True)
    assert not store.add_feedback("f" * 32, "client-1", True)
    store.close()
    rows = sqlite3.connect(tmp_path / "sub" / "log.db").execute(
        "SELECT client_key, helpful, comment FROM feedback ORDER BY client_key"
    )
    assert rows.fetchall() == [("client-1", 0, None), ("client-2", 1, None)]


def test_prune_removes_old_questions_and_their_feedback(tmp_path: Path) -> None:
    store = Store.open(url(tmp_path))
    old, new = NOW - timedelta(days=91), NOW - timedelta(days=89)
    store.add_questions([rec("a" * 32, asked_at=old), rec("b" * 32, asked_at=new)])
    store.add_feedback("a" * 32, "c", False, now=new)  # recent vote on an old question
    store.add_feedback("b" * 32, "c", True, now=new)
    pruned = store.prune(90, now=NOW)
    assert (pruned.questions, pruned.feedback) == (1, 1)
    assert store.count_questions() == 1
    assert store.has_question("b" * 32) and not store.has_question("a" * 32)
    store.close()


def run(coro: object) -> None:
    asyncio.run(coro)  # type: ignore[arg-type]


def test_recorder_close_flushes_everything_queued() -> None:
    written: list[str] = []

    def slow_writer(batch: Sequence[QuestionRecord]) -> None:
        time.sleep(0.02)
        written.extend(r.answer_id for r in batch)

    async def scenario() -> None:
        recorder = Recorder(slow_writer, batch_size=7)
        recorder.start()
        for i in range(50):
            recorder.record(rec(f"{i:032d}"))
        await recorder.close()
        assert recorder.written == 50 and recorder.stats()["queued"] == 0

    run(scenario())
    assert sorted(written) == [f"{i:032d}" for i in range(50)]


def test_recorder_drops_when_full_and_survives_failing_writes() -> None:
    attempts: list[int] = []

    def broken(batch: Sequence[QuestionRecord]) -> None:
        attempts.append(len(batch))
        raise RuntimeError("database is locked")

    async def scenario() -> None:
        recorder = Recorder(broken, max_queue=3, retries=2, retry_delay=0.001)
        recorder.start()
        for i in range(5):  # no await in between: the drain task cannot run yet
            recorder.record(rec(f"{i:032d}"))
        assert recorder.dropped == 2
        await recorder.settle(f"{0:032d}")
        await recorder.close()
        assert recorder.failed == 3 and recorder.written == 0

    run(scenario())
    assert sum(attempts) == 3 * 2  # each record tried twice (in one batch)


def test_recorder_without_writer_records_nothing() -> None:
    async def scenario() -> None:
        recorder = Recorder(None)
        recorder.start()
        recorder.record(rec("a" * 32))
        assert not recorder.is_pending("a" * 32)
        await recorder.close()
        assert recorder.stats() == {
            "recording": False,
            "queued": 0,
            "written": 0,
            "dropped": 0,
            "failed": 0,
        }

    run(scenario())
