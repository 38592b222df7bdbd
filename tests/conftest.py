"""Shared fixtures: the real bundled model and a real index built once per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import Settings
from app.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


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
