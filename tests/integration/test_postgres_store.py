"""The question log on a real PostgreSQL server: a throwaway cluster made with initdb + pg_ctl.

Stands in for "several server processes share one store": two app instances on one database.
Skipped only when the PostgreSQL binaries are absent (`make postgres-deps` installs Debian's).
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, select, text

from app.cli import main
from app.config import Settings
from app.engine import Engine
from app.main import create_app
from app.store import QuestionRecord, Store, db
from app.store.dashboard import daily, export_rows
from app.store.schema import feedback, questions

pytestmark = pytest.mark.integration

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed: pip install -e '.[dev]'")

QUESTION = "What is Mythos?"
USER = "faqbot"
ROOT = Path(__file__).resolve().parents[2]


def pg_bin() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian layout), or None."""
    found = sorted(
        (Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    return found[-1] if found else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    """A running throwaway cluster; `database()` makes a fresh, empty database per test."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.count = 0

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{name}"

    def database(self) -> str:
        self.count += 1
        name = f"faqbot_{self.count}"
        conninfo = f"host=127.0.0.1 port={self.port} user={USER} dbname=postgres"
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """initdb + pg_ctl in a temp dir (as the postgres user when run as root), on 127.0.0.1."""
    bindir = pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL binaries not found under /usr/lib/postgresql/*/bin (make test)")
    as_user: list[str] = []
    # Under /tmp itself, not pytest's tmp_path: that is 0700 and the postgres user must enter it.
    base = Path(tempfile.mkdtemp(prefix="faqbot-pg-"))
    if os.geteuid() == 0:  # initdb refuses to run as root
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(base, "postgres", "postgres")
    data, log = base / "data", base / "server.log"
    port = free_port()

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], check=True, capture_output=True, timeout=120)

    try:
        run(str(bindir / "initdb"), "-D", str(data), "-U", USER, "-A", "trust", "-E", "UTF8")
        options = f"-h 127.0.0.1 -p {port} -k {base} -F"  # -F: no fsync, a throwaway cluster
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(base, ignore_errors=True)
        server_log = log.read_text() if log.exists() else ""
        pytest.fail(f"could not start PostgreSQL: {exc.stderr!r}\n{server_log}")
    try:
        yield Cluster(port)
    finally:
        subprocess.run(
            [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture()
def pg_url(cluster: Cluster) -> str:
    """A fresh, empty database on the cluster."""
    return cluster.database()


def pg_settings(settings: Settings, url: str, **changes: Any) -> Settings:
    return settings.model_copy(update={"database_url": url, **changes})


def fetch(url: str, sql: str) -> list[Any]:
    engine = db.connect(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql)).all())
    finally:
        engine.dispose()


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_server_version(cluster: Cluster) -> None:
    version = fetch(cluster.url("postgres"), "SHOW server_version")[0][0]
    assert int(version.split(".")[0]) >= 13, version


def test_migrates_an_empty_database_to_head_and_again_is_a_no_op(pg_url: str) -> None:
    engine = db.connect(pg_url)
    try:
        db.upgrade(engine)
        found = inspect(engine)
        assert set(found.get_table_names()) == {"alembic_version", "meta", "questions", "feedback"}
        assert {i["name"] for i in found.get_indexes("questions")} >= {"ix_questions_asked_at"}
        with engine.connect() as conn:
            head = conn.scalar(text("SELECT version_num FROM alembic_version"))
        assert head == "0001"
        db.upgrade(engine)  # a no-op: same revision, nothing recreated
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).all() == [(head,)]
        store = Store(engine)
        salt = store.hash_salt()
        assert len(salt) == 64 and store.hash_salt() == salt
    finally:
        engine.dispose()
    again = Store.open(pg_url)  # what each server process does at startup
    try:
        assert again.hash_salt() == salt and again.count_questions() == 0
    finally:
        again.close()


def test_processes_starting_together_all_open_the_store(pg_url: str) -> None:
    """Several processes opening one fresh database at once: one migrates, the rest wait."""
    # Store.open's two steps, with the connection made before the common start moment.
    script = (
        "import sys, time\n"
        "from app.store import Store, db\n"
        "engine = db.connect(sys.argv[1]); engine.connect().close()\n"
        "time.sleep(max(0.0, float(sys.argv[2]) - time.time()))\n"
        "db.upgrade(engine); print(Store(engine).hash_salt()); engine.dispose()\n"
    )
    at = str(time.time() + 3.0)  # all start migrating at the same moment
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, pg_url, at],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(4)
    ]
    outcomes = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [err for _, err in outcomes]
    assert len({out.strip() for out, _ in outcomes}) == 1  # one salt, shared by all
    assert fetch(pg_url, "SELECT version_num FROM alembic_version") == [("0001",)]


def test_app_records_questions_and_feedback(
    settings: Settings,
    engine: Engine,
    pg_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with TestClient(create_app(pg_settings(settings, pg_url), engine=engine)) as client:
        asked = client.post("/api/ask", json={"question": QUESTION})
        assert asked.status_code == 200
        answer_id = asked.json()["answer_id"]
        unanswered = client.post("/api/ask", json={"question": "What's the capital of France?"})
        assert unanswered.status_code == 200
        first = client.post("/api/feedback", json={"answer_id": answer_id, "helpful": True})
        assert first.status_code == 200 and first.json() == {"ok": True}
        again = client.post(
            "/api/feedback", json={"answer_id": answer_id, "helpful": False, "comment": " vague "}
        )
        assert again.status_code == 200
        unknown = client.post("/api/feedback", json={"answer_id": "0" * 32, "helpful": True})
        assert unknown.status_code == 404
        assert client.get("/readyz").json()["question_log"]["available"] is True
    found = fetch(
        pg_url, "SELECT answer_id, surface, question, answered FROM questions ORDER BY id"
    )
    assert [tuple(r) for r in found] == [
        (answer_id, "api", QUESTION, True),
        (unanswered.json()["answer_id"], "api", "What's the capital of France?", False),
    ]
    votes = fetch(pg_url, "SELECT answer_id, helpful, comment FROM feedback")
    assert [tuple(v) for v in votes] == [(answer_id, False, "vague")]  # replaced, not added

    monkeypatch.setenv("FAQBOT_DATABASE_URL", pg_url)
    assert main(["report", "--since", "1d", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["questions"] == 2 and report["answered"] == 1
    assert report["votes"] == 1 and report["helpful"] == 0
    assert report["by_surface"] == {"api": 2}
    assert [g["question"] for g in report["unanswered"]] == ["What's the capital of France?"]
    assert report["unhelpful"][0]["comments"] == ["vague"]


def test_two_instances_share_one_store(settings: Settings, engine: Engine, pg_url: str) -> None:
    configured = pg_settings(settings, pg_url)
    store = Store.open(pg_url)
    try:
        with (
            TestClient(create_app(configured, engine=engine)) as one,
            TestClient(create_app(configured, engine=engine)) as two,
        ):
            salts = {c.app.state.question_log.salt for c in (one, two)}  # type: ignore[attr-defined]
            assert len(salts) == 1  # the same hashed client ids from every process
            from_one = one.post("/api/ask", json={"question": QUESTION}).json()["answer_id"]
            from_two = two.post("/api/ask", json={"question": "Who made it?"}).json()["answer_id"]
            # The other process only sees a record once its recorder has written it.
            wait_for(lambda: store.has_question(from_one) and store.has_question(from_two))
            cross = two.post("/api/feedback", json={"answer_id": from_one, "helpful": True})
            assert cross.status_code == 200 and cross.json() == {"ok": True}
            back = one.post("/api/feedback", json={"answer_id": from_two, "helpful": False})
            assert back.status_code == 200
            # The same client voting again through the other process replaces its vote.
            flip = one.post("/api/feedback", json={"answer_id": from_one, "helpful": False})
            assert flip.status_code == 200
        assert store.count_questions() == 2
    finally:
        store.close()
    votes = fetch(pg_url, "SELECT answer_id, helpful FROM feedback ORDER BY answer_id")
    assert sorted(tuple(v) for v in votes) == sorted([(from_one, False), (from_two, False)])


def test_retention_pruning(settings: Settings, engine: Engine, pg_url: str) -> None:
    store = Store.open(pg_url)
    now = datetime.now(UTC)
    try:
        store.add_questions(
            [
                QuestionRecord(
                    "a" * 32, "api", "old?", True, 0.9, asked_at=now - timedelta(days=31)
                ),
                QuestionRecord(
                    "b" * 32, "help", "new?", True, 0.9, asked_at=now - timedelta(days=2)
                ),
                QuestionRecord("c" * 32, "slack", "kept?", False, 0.1, asked_at=now),
            ]
        )
        assert store.add_feedback("a" * 32, "k", True)
        assert store.add_feedback("b" * 32, "k", False, now=now - timedelta(days=20))
        assert store.add_feedback("c" * 32, "k", True)
        pruned = store.prune(retention_days=10, now=now + timedelta(days=1))
        assert (pruned.questions, pruned.feedback) == (1, 2)  # "old?"; its vote and b's old one
        assert [r.question for r in _questions(store)] == ["new?", "kept?"]
        store.add_questions(
            [
                QuestionRecord(
                    "d" * 32, "api", "older?", True, 0.9, asked_at=now - timedelta(days=40)
                )
            ]
        )
    finally:
        store.close()
    configured = pg_settings(settings, pg_url, retention_days=30)
    with TestClient(create_app(configured, engine=engine)):
        pass  # startup prunes
    assert fetch(pg_url, "SELECT question FROM questions ORDER BY id") == [("new?",), ("kept?",)]
    assert [tuple(r) for r in fetch(pg_url, "SELECT answer_id FROM feedback")] == [("c" * 32,)]


def _questions(store: Store) -> list[Any]:
    with store.engine.connect() as conn:
        return list(conn.execute(select(questions.c.question).order_by(questions.c.id)).all())


def test_dashboard_reads(pg_url: str) -> None:
    store = Store.open(pg_url)
    now = datetime.now(UTC)
    try:
        store.add_questions(
            [
                QuestionRecord("e" * 32, "api", "=1+1", True, 0.5, ("p1", "p2"), 12.5, None, now),
                QuestionRecord("f" * 32, "widget", "hi", False, 0.1, asked_at=now),
            ]
        )
        store.add_feedback("e" * 32, "k1", True)
        store.add_feedback("e" * 32, "k2", False)
        days = daily(store.engine, days=7, now=now + timedelta(seconds=5))
        assert days[-1].questions == 2 and days[-1].answered == 1 and days[-1].votes == 2
        rows = list(export_rows(store.engine, page=1))
        assert rows[0][2:] == ("'=1+1", "true", "0.5000", "p1 p2", "12.5", 1, 1)
        assert len(rows) == 2 and rows[1][-2:] == (0, 0)
        with store.engine.connect() as conn:
            assert conn.scalar(select(feedback.c.helpful).limit(1)) in (True, False)
    finally:
        store.close()
