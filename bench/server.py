"""A real `faqbot serve` subprocess on loopback, shared by the benchmarks and the tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running server: its process, base URL, output log and question-log database."""

    proc: subprocess.Popen[bytes]
    base: str
    log: Path
    database: Path | None = None

    def tail(self, chars: int = 3000) -> str:
        """The end of the server's output, for error messages."""
        return self.log.read_text(errors="replace")[-chars:]


def launch(workdir: Path, settings: Mapping[str, str], database: Path | None = None) -> Server:
    """`python -m app.cli serve` on a free port with these FAQBOT_* settings.

    Run from `workdir` with every other FAQBOT_* variable removed, so neither a stray .env
    nor the caller's environment changes what is measured or tested.
    """
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAQBOT_")}
    env.update(
        FAQBOT_HOST="127.0.0.1",
        FAQBOT_PORT=str(port),
        FAQBOT_LOG_LEVEL="warning",  # no access log: its cost is not part of answering
    )
    if database is not None:
        env["FAQBOT_DATABASE_URL"] = f"sqlite:///{database}"
    env.update(settings)
    log = workdir / f"server-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve"],
            env=env,
            cwd=workdir,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return Server(proc, f"http://127.0.0.1:{port}", log, database)


def wait_ready(server: Server, timeout: float) -> float:
    """Poll /readyz until 200; seconds waited. Raises RuntimeError if the server dies."""
    started = time.monotonic()
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() - started < timeout:
            if server.proc.poll() is not None:
                raise RuntimeError(f"server exited with {server.proc.returncode}:\n{server.tail()}")
            try:
                if client.get(f"{server.base}/readyz").status_code == 200:
                    return time.monotonic() - started
            except httpx.TransportError:
                pass
            time.sleep(0.2)
    raise RuntimeError(f"server not ready after {timeout:.0f}s:\n{server.tail()}")


def stop(server: Server, timeout: float) -> tuple[int | None, float]:
    """SIGTERM, wait; (exit code, or None if it had to be killed; seconds to exit)."""
    started = time.monotonic()
    if server.proc.poll() is None:
        server.proc.send_signal(signal.SIGTERM)
    try:
        code: int | None = server.proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait(timeout=10)
        code = None
    return code, time.monotonic() - started
