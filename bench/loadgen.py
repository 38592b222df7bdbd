"""A lean HTTP/1.1 load generator for the benchmarks: keep-alive sockets, no client library.

The load runs on the same two cores as the server. httpx's async client spends about 2.5 ms
of CPU per request, a quarter of what the server spends answering, so with it the benchmark
measured the client as much as the server. This one writes a prepared request and reads the
status line, the headers and a Content-Length body, like wrk: well under 0.5 ms a request.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit


class LoadError(RuntimeError):
    """The server answered something other than 200, or broke the connection."""


class Connection:
    """One keep-alive connection that POSTs JSON and GETs paths."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, payload: object = None) -> bytes:
        """Send one request and return the body of its 200 response."""
        if self._reader is None or self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        body = b"" if payload is None else json.dumps(payload).encode()
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self._writer.write(head.encode("ascii") + body)
        status = await self._reader.readline()
        length = 0
        while (line := await self._reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        data = await self._reader.readexactly(length)
        if not status.startswith(b"HTTP/1.1 200"):
            line = status.decode(errors="replace").strip()
            raise LoadError(f"{method} {path}: {line}: {data[:300]!r}")
        return data

    async def close(self) -> None:
        """Close the socket."""
        if self._writer is not None:
            self._writer.close()
            await self._writer.wait_closed()
            self._reader = self._writer = None


async def crowd(url: str, questions: Iterable[str], clients: int) -> tuple[list[float], float]:
    """POST each question as `{"question": q}` from `clients` connections at once.

    Each client takes the next question when its previous answer arrives. Returns every
    request's latency and the wall time of the whole run, in seconds.
    """
    path = urlsplit(url).path or "/"
    todo: Iterator[str] = iter(questions)
    latencies: list[float] = []

    async def client() -> None:
        connection = Connection(url)
        try:
            for question in todo:
                started = time.perf_counter()
                await connection.request("POST", path, {"question": question})
                latencies.append(time.perf_counter() - started)
        finally:
            await connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, time.perf_counter() - started
