"""Dynamic micro-batching: concurrent requests share one model call, run off the event loop."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


class BatcherClosedError(RuntimeError):
    """The batcher is shutting down and takes no new requests."""


class MicroBatcher(Generic[T, R]):
    """Queues items; one worker task runs them through `run_batch`, in batches, in a thread."""

    # The worker takes the first waiting item, then gathers more for up to `max_wait_ms` or
    # until `max_size`, and calls `run_batch` once for the lot. With `adaptive`, the wait is
    # skipped while the previous batch held a single item: with no concurrency to gather, a
    # lone client would pay the wait on every request for nothing, and a burst still batches,
    # since requests arriving during a model call queue up for the next one.

    def __init__(
        self,
        run_batch: Callable[[list[T]], Sequence[R]],
        max_size: int = 32,
        max_wait_ms: float = 2.0,
        adaptive: bool = True,
    ) -> None:
        self.run_batch = run_batch
        self.max_size = max(1, max_size)
        self.max_wait = max(0.0, max_wait_ms) / 1000.0
        self.adaptive = adaptive
        self.batches = 0  # how many times run_batch was called
        self._pending: deque[tuple[T, asyncio.Future[R]]] = deque()
        self._wakeup: asyncio.Event | None = None
        self._worker: asyncio.Task[None] | None = None
        # One thread: batches run one at a time, so the model gets every core for each.
        self._executor: ThreadPoolExecutor | None = None
        self._closing = False
        self._last_size = 1

    async def submit(self, item: T) -> R:
        """Queue one item and wait for its result (or the exception its batch raised)."""
        if self._closing:
            raise BatcherClosedError("the batcher is closed")
        wakeup = self._start()
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        wakeup.set()
        return await future

    async def close(self) -> None:
        """Take no new items, finish the queued ones, then stop the worker."""
        self._closing = True
        if self._wakeup is not None:
            self._wakeup.set()
        if self._worker is not None:
            await self._worker
        if self._executor is not None:
            self._executor.shutdown(wait=False)

    def _start(self) -> asyncio.Event:
        # Started lazily, so the batcher binds to the loop that actually serves requests;
        # and started again should the worker ever have died, so no caller waits forever.
        if self._wakeup is None or self._worker is None or self._worker.done():
            self._wakeup = asyncio.Event()
            if self._executor is None:
                self._executor = ThreadPoolExecutor(1, thread_name_prefix="faqbot-batch")
            self._worker = asyncio.get_running_loop().create_task(
                self._work(self._wakeup), name="faqbot-batcher"
            )
        return self._wakeup

    async def _work(self, wakeup: asyncio.Event) -> None:
        try:
            while True:
                while not self._pending:
                    if self._closing:
                        return
                    wakeup.clear()
                    await wakeup.wait()
                await self._gather(wakeup)
                batch = [
                    self._pending.popleft() for _ in range(min(self.max_size, len(self._pending)))
                ]
                await self._run([(i, f) for i, f in batch if not f.done()])
        finally:
            # Only reached early if the worker itself is cancelled: no caller waits forever.
            while self._pending:
                _, future = self._pending.popleft()
                if not future.done():
                    future.set_exception(BatcherClosedError("the batcher stopped"))

    async def _gather(self, wakeup: asyncio.Event) -> None:
        """Wait (bounded) for more items to join the first one."""
        if self.max_wait <= 0 or (self.adaptive and self._last_size <= 1):
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.max_wait
        while len(self._pending) < self.max_size and not self._closing:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            wakeup.clear()
            try:
                async with asyncio.timeout(remaining):
                    await wakeup.wait()
            except TimeoutError:
                return

    async def _run(self, batch: list[tuple[T, asyncio.Future[R]]]) -> None:
        """Run one batch in the worker thread and hand each caller its result."""
        if not batch:
            return  # every caller in it gave up (cancelled) while it waited
        items = [item for item, _ in batch]
        self._last_size = len(items)
        self.batches += 1
        try:
            loop = asyncio.get_running_loop()
            results = await loop.run_in_executor(self._executor, self.run_batch, items)
            if len(results) != len(items):
                raise RuntimeError(f"batch of {len(items)} returned {len(results)} results")
        except asyncio.CancelledError:
            for _, future in batch:
                future.cancel()
            raise
        except Exception as exc:  # delivered to this batch's callers; the worker goes on
            log.exception("a batch of %d failed", len(items))
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():  # a caller may have stopped waiting (timeout)
                future.set_result(result)
