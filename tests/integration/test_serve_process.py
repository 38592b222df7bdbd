"""`faqbot serve` as a real process: it starts, answers over HTTP and stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.config import Settings
from app.engine import Engine
from bench import server as live

pytestmark = [pytest.mark.integration, pytest.mark.slow]

READY_TIMEOUT = 60.0
EXIT_TIMEOUT = 15.0


def faqbot_command() -> str:
    """The installed `faqbot` console script (the venv's, when not on PATH)."""
    return shutil.which("faqbot") or str(Path(sys.executable).parent / "faqbot")


def server_env(settings: Settings) -> dict[str, str]:
    """The environment for the server: the session's corpus and (already built) index."""
    env = dict(os.environ)
    for name in ("corpus_dir", "index_dir", "lexicon_cache_dir"):
        value = getattr(settings, name, None)
        if value is not None:
            env[f"FAQBOT_{name.upper()}"] = str(value)
    env["FAQBOT_HOST"] = "127.0.0.1"
    env["FAQBOT_LOG_LEVEL"] = "warning"
    return env


def test_serve_answers_and_stops_on_sigterm(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    assert engine.loaded.passages  # the index is built before the server starts
    port = live.free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        # Run from an empty folder so no stray .env changes the settings.
        proc = subprocess.Popen(
            [faqbot_command(), "serve", "--port", str(port)],
            env=server_env(settings),
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        live.wait_ready(live.Server(proc, base, log), READY_TIMEOUT)
        response = httpx.post(f"{base}/api/ask", json={"question": "What is Mythos?"}, timeout=30.0)
        assert response.status_code == 200, response.text
        data = response.json()
        assert data["answered"] is True
        assert any("Mythos" in s["text"] for s in data["sources"])
        assert data["rendered"]

        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"server still running {EXIT_TIMEOUT:.0f}s after SIGTERM")
        assert code == 0, log.read_text()[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def _running(pid: int) -> bool:
    """Whether a process exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_two_workers_share_the_index_and_stop_on_sigterm(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    assert engine.loaded.passages  # built: the supervisor only checks it, workers load it
    env = {
        name: value
        for name, value in server_env(settings).items()
        if name.startswith("FAQBOT_") and name not in ("FAQBOT_HOST", "FAQBOT_LOG_LEVEL")
    }
    server = live.launch(tmp_path, {**env, "FAQBOT_WORKERS": "2"}, tmp_path / "questions.db")
    try:
        live.wait_ready(server, READY_TIMEOUT * 2)
        workers = [
            int(p)
            for p in Path(f"/proc/{server.proc.pid}/task/{server.proc.pid}/children")
            .read_text()
            .split()
        ]
        assert len(workers) >= 2  # the two workers (and multiprocessing's resource tracker)
        with httpx.Client(timeout=30.0) as client:
            for _ in range(6):
                response = client.post(
                    f"{server.base}/api/ask", json={"question": "Who is Bessent?"}
                )
                assert response.status_code == 200, response.text
                assert response.json()["answered"] is True
        code, _ = live.stop(server, EXIT_TIMEOUT)
        assert code == 0, server.tail()
        deadline = time.monotonic() + 5
        while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if _running(pid)]
    finally:
        live.stop(server, 5)
