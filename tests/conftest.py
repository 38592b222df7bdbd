"""Shared fixtures: the real bundled model and a real index built once per test session."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI

from app.config import Settings
from app.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screenshots",
        type=Path,
        default=None,
        help="write the README's screenshots (widget.png, admin.png) to this folder; "
        "without it they are taken into a temporary folder, and tracked files stay as they are",
    )


@pytest.fixture()
def screenshot_dir(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """Where the browser tests save their screenshots (`make screenshots`: docs/screenshots)."""
    chosen: Path | None = request.config.getoption("--screenshots")
    folder = chosen if chosen is not None else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def session_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the shipped corpus and a fresh index folder for the whole session."""
    base = tmp_path_factory.mktemp("faqbot")
    shutil.copytree(CORPUS, base / "corpus")
    (base / "index").mkdir()
    return base


@pytest.fixture(scope="session", autouse=True)
def session_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A question log database for the session: tests (and servers they start) never use ./data."""
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'faqbot.db'}"
    before = os.environ.get("FAQBOT_DATABASE_URL")
    os.environ["FAQBOT_DATABASE_URL"] = url
    yield url
    if before is None:
        os.environ.pop("FAQBOT_DATABASE_URL", None)
    else:
        os.environ["FAQBOT_DATABASE_URL"] = before


@pytest.fixture(scope="session")
def settings(session_dir: Path, session_database: str) -> Settings:
    """Settings pointing at the session's corpus copy, index and question log."""
    return Settings(
        corpus_dir=session_dir / "corpus",
        index_dir=session_dir / "index",
        rate_limit="off",  # the suites send hundreds of requests; test_limits turns it on
        database_url=session_database,
        # Shared across sessions: the model's word vectors take a while to compute once.
        lexicon_cache_dir=ROOT / "index" / "lexicon",
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture(scope="session")
def engine(settings: Settings) -> Engine:
    """The real engine with the bundled model, built once."""
    return Engine.open(settings)


@pytest.fixture()
def client(settings: Settings, engine: Engine) -> Iterator[object]:
    """A TestClient with the lifespan running, reusing the session's engine."""
    from fastapi.testclient import TestClient

    from app.main import create_app

    with TestClient(create_app(settings, engine=engine)) as c:
        yield c


LiveServer = Callable[[FastAPI], AbstractContextManager[str]]


@contextmanager
def _live_server(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn on a free local port in a background thread; yields its URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def live_server() -> LiveServer:
    """A context manager factory: `with live_server(app) as url: ...`."""
    return _live_server
