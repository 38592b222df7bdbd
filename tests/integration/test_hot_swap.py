"""Index hot swap: `faqbot build` writes a new index, the running server takes it up on
`POST /admin/reload` or SIGHUP, refuses a bad one, and fails no request meanwhile."""

from __future__ import annotations

import shutil
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from app.build import build_index
from app.config import Settings
from app.engine import Engine
from app.index import read_index
from app.main import create_app
from bench import server as live

pytestmark = pytest.mark.integration

TOKEN = "hot-swap-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
QUESTION = "What is the capital of Freedonia?"
NEW_DOC = "# Freedonia\n\nThe capital of Freedonia is Fredville, on the river Fred.\n"


@pytest.fixture()
def swap_settings(tmp_path: Path, settings: Settings) -> Settings:
    """A private corpus and index (a copy of the session's), with an admin token."""
    shutil.copytree(settings.corpus_dir, tmp_path / "corpus")
    return settings.model_copy(
        update={
            "corpus_dir": tmp_path / "corpus",
            "index_dir": tmp_path / "index",
            "admin_token": SecretStr(TOKEN),
        }
    )


@pytest.fixture()
def swap(swap_settings: Settings, engine: Engine) -> Iterator[tuple[Any, Settings, Engine]]:
    """A running app on the private index, and an engine to build with (same model)."""
    build_index(swap_settings, engine.embedder)
    first = Engine(swap_settings, engine.embedder, read_index(swap_settings.index_dir))
    with TestClient(create_app(swap_settings, engine=first)) as client:
        yield client, swap_settings, engine


def ask(client: Any) -> dict[str, Any]:
    response = client.post("/api/ask", json={"question": QUESTION})
    assert response.status_code == 200
    return dict(response.json())


def add_document_and_build(settings: Settings, engine: Engine) -> None:
    (settings.corpus_dir / "freedonia.md").write_text(NEW_DOC)
    build_index(settings, engine.embedder)


def test_reload_takes_up_a_new_build(swap: tuple[Any, Settings, Engine]) -> None:
    client, settings, engine = swap
    assert ask(client)["answered"] is False
    add_document_and_build(settings, engine)
    assert ask(client)["answered"] is False  # still the old index until told
    response = client.post("/admin/reload", headers=AUTH)
    assert response.status_code == 200 and response.json()["reloaded"] is True
    answer = ask(client)  # the old "not answered" must not come back from the cache
    assert answer["answered"] is True and "Fredville" in answer["answer"]


def test_a_bad_new_index_is_refused_and_the_old_one_serves_on(
    swap: tuple[Any, Settings, Engine],
) -> None:
    client, settings, engine = swap
    add_document_and_build(settings, engine)
    assert client.post("/admin/reload", headers=AUTH).status_code == 200
    (settings.corpus_dir / "freedonia.md").write_text(NEW_DOC + "\nMore text.\n")
    build_index(settings, engine.embedder)
    active = (settings.index_dir / "CURRENT").read_text().strip()
    (settings.index_dir / "builds" / active / "manifest.json").write_text("{broken")
    response = client.post("/admin/reload", headers=AUTH)
    assert response.status_code == 409
    assert "manifest.json" in response.json()["error"]
    assert "Fredville" in ask(client)["answer"]


def test_reload_needs_the_admin_token(swap: tuple[Any, Settings, Engine]) -> None:
    client, _, _ = swap
    assert client.post("/admin/reload").status_code == 401
    assert client.post("/admin/reload", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_no_request_fails_while_the_index_is_swapped(swap: tuple[Any, Settings, Engine]) -> None:
    client, settings, engine = swap
    add_document_and_build(settings, engine)
    questions = [f"What is Mythos? ({i})" for i in range(60)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(client.post, "/api/ask", json={"question": q}) for q in questions]
        reloads = [client.post("/admin/reload", headers=AUTH) for _ in range(3)]
        statuses = [f.result().status_code for f in futures]
    assert all(r.status_code == 200 for r in reloads)
    assert statuses == [200] * len(questions)


@pytest.mark.slow
def test_sighup_reloads_a_running_server(swap_settings: Settings, engine: Engine) -> None:
    build_index(swap_settings, engine.embedder)
    workdir = swap_settings.index_dir.parent
    server = live.launch(
        workdir,
        {
            "FAQBOT_CORPUS_DIR": str(swap_settings.corpus_dir),
            "FAQBOT_INDEX_DIR": str(swap_settings.index_dir),
            "FAQBOT_LEXICON_CACHE_DIR": str(swap_settings.lexicon_cache_dir),
            "FAQBOT_RATE_LIMIT": "off",
        },
        database=workdir / "faqbot.db",
    )
    proc, base = server.proc, server.base
    try:
        live.wait_ready(server, 90)
        before = httpx.post(f"{base}/api/ask", json={"question": QUESTION}, timeout=30).json()
        assert before["answered"] is False
        # The corpus changes while the server runs; it keeps its index until told.
        add_document_and_build(swap_settings, engine)
        proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            after = httpx.post(f"{base}/api/ask", json={"question": QUESTION}, timeout=30).json()
            if after["answered"]:
                break
            time.sleep(0.5)
        assert after["answered"] and "Fredville" in after["answer"]
        assert proc.poll() is None  # SIGHUP reloads; it does not stop the server
    finally:
        live.stop(server, 20)
