"""Every surface records its question; feedback round trip; recording off; store down; shutdown."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from slack_sdk.signature import SignatureVerifier

from app.config import Settings
from app.engine import Engine
from app.main import create_app
from app.store import QuestionRecord, Store

pytestmark = pytest.mark.integration

SECRET = "log-secret"
QUESTION = "What is Mythos?"


def app_settings(settings: Settings, tmp_path: Path, **changes: Any) -> Settings:
    return settings.model_copy(
        update={
            "database_url": f"sqlite:///{tmp_path / 'data' / 'faqbot.db'}",
            "slack_signing_secret": SecretStr(SECRET),
            **changes,
        }
    )


def rows(tmp_path: Path, sql: str = "SELECT * FROM questions ORDER BY id") -> list[Any]:
    conn = sqlite3.connect(tmp_path / "data" / "faqbot.db")
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture()
def logged(settings: Settings, engine: Engine, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(app_settings(settings, tmp_path), engine=engine)) as c:
        yield c


def slack_post(client: TestClient, text: str) -> Any:
    body = urlencode({"team_id": "T1", "user_id": "U42", "command": "/faq", "text": text})
    timestamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=timestamp, body=body)
    headers = {
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": str(signature),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return client.post("/slack/command", content=body, headers=headers)


def test_every_surface_records_its_question(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    with TestClient(create_app(app_settings(settings, tmp_path), engine=engine)) as client:
        api = client.post("/api/ask", json={"question": QUESTION})
        widget = client.post(
            "/api/ask", json={"question": "Who made it?"}, headers={"X-Faqbot-Surface": "widget"}
        )
        page = client.get("/help", params={"q": "Where were the talks?"})
        page_json = client.get("/help", params={"q": QUESTION, "format": "json"})
        slack = slack_post(client, "What's the capital of France?")
        salt = client.app.state.question_log.salt  # type: ignore[attr-defined]
        assert all(r.status_code == 200 for r in (api, widget, page, page_json, slack))
    found = rows(tmp_path)  # the lifespan has ended: the queue was flushed
    by_surface = {r["surface"]: r for r in found}
    assert [r["surface"] for r in found] == ["api", "widget", "help", "help", "slack"]
    assert by_surface["api"]["answer_id"] == api.json()["answer_id"]
    assert len(api.json()["answer_id"]) == 32
    assert found[2]["answer_id"] == page.headers["X-Faqbot-Answer-Id"]
    assert found[3]["answer_id"] == page_json.json()["answer_id"]
    assert found[0]["question"] == QUESTION and found[0]["answered"] == 1
    assert found[0]["source_ids"].startswith('["') and found[0]["latency_ms"] > 0
    assert found[4]["question"] == "What's the capital of France?"
    expected = hashlib.sha256(f"{salt}\x00T1:U42".encode()).hexdigest()
    assert found[4]["client_hash"] == expected
    assert all(r["client_hash"] is None for r in found[:4])
    assert "U42" not in str([dict(r) for r in found])


def test_chat_is_not_logged_as_an_unanswered_question(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    with TestClient(create_app(app_settings(settings, tmp_path), engine=engine)) as client:
        hello = client.post("/api/ask", json={"question": "Hello!"})
        assert hello.status_code == 200 and not hello.json()["answered"]
        client.post("/api/ask", json={"question": QUESTION})
        client.post("/api/ask", json={"question": "thanks"})
    assert [r["question"] for r in rows(tmp_path)] == [QUESTION]  # flushed at shutdown


def test_feedback_round_trip(logged: TestClient, tmp_path: Path) -> None:
    answer_id = logged.post("/api/ask", json={"question": QUESTION}).json()["answer_id"]
    first = logged.post("/api/feedback", json={"answer_id": answer_id, "helpful": True})
    assert first.status_code == 200 and first.json() == {"ok": True}
    again = logged.post(
        "/api/feedback", json={"answer_id": answer_id, "helpful": False, "comment": " vague "}
    )
    assert again.status_code == 200
    other = logged.post(
        "/api/feedback", json={"answer_id": answer_id, "helpful": True, "client_id": "tab-7"}
    )
    assert other.status_code == 200
    votes = rows(tmp_path, "SELECT helpful, comment FROM feedback ORDER BY id")
    assert sorted(tuple(v) for v in votes) == [(0, "vague"), (1, None)]

    unknown = logged.post("/api/feedback", json={"answer_id": "0" * 32, "helpful": True})
    assert unknown.status_code == 404
    assert "unknown answer_id" in unknown.json()["detail"]
    too_long = {"answer_id": answer_id, "helpful": False, "comment": "x" * 1001}
    assert logged.post("/api/feedback", json=too_long).status_code == 422
    assert logged.post("/api/feedback", json={"answer_id": answer_id}).status_code == 422


def test_recording_off_records_nothing(settings: Settings, engine: Engine, tmp_path: Path) -> None:
    off = app_settings(settings, tmp_path, record_questions=False)
    with TestClient(create_app(off, engine=engine)) as client:
        response = client.post("/api/ask", json={"question": QUESTION})
        assert response.status_code == 200 and response.json()["answer_id"]
        assert client.get("/help", params={"q": QUESTION}).status_code == 200
        vote = {"answer_id": response.json()["answer_id"], "helpful": True}
        assert client.post("/api/feedback", json=vote).status_code == 404
        assert client.get("/readyz").json()["question_log"]["recording"] is False
    assert not (tmp_path / "data").exists()


def test_unavailable_store_leaves_answers_flowing(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    broken = settings.model_copy(
        update={"database_url": f"sqlite:///{blocker / 'sub' / 'faqbot.db'}"}
    )
    with TestClient(create_app(broken, engine=engine)) as client:
        response = client.post("/api/ask", json={"question": QUESTION})
        assert response.status_code == 200 and response.json()["answered"] is True
        vote = {"answer_id": response.json()["answer_id"], "helpful": True}
        assert client.post("/api/feedback", json=vote).status_code == 503
        assert client.get("/readyz").json()["question_log"]["available"] is False


def test_failing_writes_never_reach_the_answer(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    def locked(batch: Sequence[QuestionRecord]) -> None:
        raise RuntimeError("database is locked")

    with TestClient(create_app(app_settings(settings, tmp_path), engine=engine)) as client:
        recorder = client.app.state.question_log.recorder  # type: ignore[attr-defined]
        recorder.writer, recorder.retry_delay = locked, 0.001
        for _ in range(3):
            assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200
        assert slack_post(client, QUESTION).status_code == 200
    assert recorder.failed == 4 and recorder.written == 0
    assert rows(tmp_path) == []


def test_startup_prunes_rows_past_retention(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    configured = app_settings(settings, tmp_path, retention_days=30)
    store = Store.open(configured.database_url)
    now = datetime.now(UTC)
    store.add_questions(
        [
            QuestionRecord("a" * 32, "api", "old?", True, 0.9, asked_at=now - timedelta(days=31)),
            QuestionRecord("b" * 32, "api", "new?", True, 0.9, asked_at=now - timedelta(days=29)),
        ]
    )
    store.add_feedback("a" * 32, "k", True)
    store.close()
    with TestClient(create_app(configured, engine=engine)):
        pass
    assert [r["question"] for r in rows(tmp_path)] == ["new?"]
    assert rows(tmp_path, "SELECT * FROM feedback") == []


def test_shutdown_flushes_queued_records(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    with TestClient(create_app(app_settings(settings, tmp_path), engine=engine)) as client:
        recorder = client.app.state.question_log.recorder  # type: ignore[attr-defined]
        store_write = recorder.writer

        def slow(batch: Sequence[QuestionRecord]) -> None:
            time.sleep(0.5)
            store_write(batch)

        recorder.writer = slow
        ids = [
            client.post("/api/ask", json={"question": QUESTION}).json()["answer_id"]
            for _ in range(5)
        ]
        assert recorder.stats()["written"] < 5  # still queued or being written
    assert [r["answer_id"] for r in rows(tmp_path)] == ids
