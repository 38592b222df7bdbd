"""Per-client rate limits (the `limits` library) and a request-body size cap."""

from __future__ import annotations

import asyncio
import json
import math
import time
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

OFF = ("", "off", "none", "0")


def parse_rate(spec: str) -> RateLimitItem | None:
    """`60/minute` → a limit; `off` → None. Raises ValueError with the reason otherwise."""
    if spec.strip().lower() in OFF:
        return None
    try:
        return parse(spec)
    except ValueError as exc:
        raise ValueError(f"rate limit {spec!r} is not like '60/minute' or 'off' ({exc})") from None


class RateLimiter:
    """A moving-window limit per key, in process memory (each worker counts its own)."""

    def __init__(self, spec: str) -> None:
        self.item = parse_rate(spec)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def retry_after(self, key: str) -> int | None:
        """Seconds to wait if `key` is over its limit (counting this hit), else None."""
        if self.item is None or self._limiter.hit(self.item, key):
            return None
        reset = self._limiter.get_window_stats(self.item, key).reset_time
        return max(1, math.ceil(reset - time.time()))


def check(request: Request, key: str) -> None:
    """Raise 429 with Retry-After when the client identified by `key` is over the limit."""
    limiter: RateLimiter = request.app.state.rate_limiter
    wait = limiter.retry_after(key)
    if wait is not None:
        raise HTTPException(
            status_code=429,
            detail=f"too many requests: try again in {wait} s",
            headers={"Retry-After": str(wait)},
        )


def client_ip(request: Request) -> str:
    """The client's address (behind a proxy, run uvicorn with --proxy-headers)."""
    return request.client.host if request.client else "unknown"


async def limit_by_ip(request: Request) -> None:
    """Dependency: the API, widget and help page are limited per client address.

    Async on purpose: a sync dependency costs a threadpool round trip on every request.
    """
    check(request, f"ip:{client_ip(request)}")


RateLimitedByIP = Annotated[None, Depends(limit_by_ip)]


class BodySizeLimit:
    """ASGI middleware: refuse bodies over `max_bytes` with 413, before they are read whole,
    and bodies that trickle in slower than `read_timeout` seconds a chunk with 408."""

    def __init__(self, app: ASGIApp, max_bytes: int, read_timeout: float = 10.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.read_timeout = read_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send, 413, self._too_large_message)
            return
        seen = 0
        started = refused = False

        async def counted_receive() -> Message:
            nonlocal seen, refused
            try:
                message = await asyncio.wait_for(receive(), self.read_timeout)
            except TimeoutError:
                # A stalled upload must not hold a connection (and a worker) forever.
                if not started and not refused:
                    refused = True
                    await self._refuse(send, 408, "request body not received in time")
                return {"type": "http.disconnect"}
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # Answer now and tell the app the client left, so it stops reading.
                    if not started and not refused:
                        refused = True
                        await self._refuse(send, 413, self._too_large_message)
                    return {"type": "http.disconnect"}
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 is already out
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted_receive, tracked_send)

    @property
    def _too_large_message(self) -> str:
        return f"request body is larger than {self.max_bytes} bytes"

    async def _refuse(self, send: Send, status: int, message: str) -> None:
        body = json.dumps({"detail": message}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
