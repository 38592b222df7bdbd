"""Recording questions off the critical path: a bounded queue drained in batches by one task.

`record()` never blocks and never raises; a full queue drops the record (counted and logged).
The drain task writes each batch in a worker thread and retries a failing write a few times;
a write that keeps failing is logged and counted, never seen by the request that asked.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence

from app.store.store import QuestionRecord

log = logging.getLogger(__name__)

Writer = Callable[[Sequence[QuestionRecord]], None]

MAX_QUEUE = 10_000
BATCH_SIZE = 500
RETRIES = 3
RETRY_DELAY = 0.2  # seconds, doubled after each failed attempt
CLOSE_TIMEOUT = 10.0
SETTLE_TIMEOUT = 5.0


class Recorder:
    """Queues question records and writes them with `writer` (blocking, run in a thread)."""

    def __init__(
        self,
        writer: Writer | None,
        max_queue: int = MAX_QUEUE,
        batch_size: int = BATCH_SIZE,
        retries: int = RETRIES,
        retry_delay: float = RETRY_DELAY,
    ) -> None:
        self.writer = writer  # None: recording is off, record() does nothing
        self.batch_size = batch_size
        self.retries = retries
        self.retry_delay = retry_delay
        self.written = 0  # records stored
        self.dropped = 0  # records refused because the queue was full
        self.failed = 0  # records lost because every write attempt failed
        self._queue: asyncio.Queue[QuestionRecord] = asyncio.Queue(maxsize=max_queue)
        self._pending: set[str] = set()  # answer ids queued or being written
        self._settled = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None

    @property
    def enabled(self) -> bool:
        """Whether records are kept at all."""
        return self.writer is not None

    def stats(self) -> dict[str, int | bool]:
        """Counters for the readiness probe and the logs."""
        return {
            "recording": self.enabled,
            "queued": self._queue.qsize(),
            "written": self.written,
            "dropped": self.dropped,
            "failed": self.failed,
        }

    def start(self) -> None:
        """Start the drain task (on the running event loop)."""
        if self.enabled and self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._drain(), name="recorder")

    def record(self, record: QuestionRecord) -> None:
        """Queue one record; never blocks, never raises."""
        if not self.enabled:
            return
        try:
            self._queue.put_nowait(record)
            self._pending.add(record.answer_id)
        except asyncio.QueueFull:
            self.dropped += 1
            if self.dropped == 1 or self.dropped % 1000 == 0:
                log.warning("question log queue full: %d records dropped so far", self.dropped)
        except Exception:
            self.dropped += 1
            log.exception("question log: could not queue a record")

    def is_pending(self, answer_id: str) -> bool:
        """Whether this answer's record is still queued or being written."""
        return answer_id in self._pending

    async def settle(self, answer_id: str, timeout: float = SETTLE_TIMEOUT) -> None:
        """Wait until this answer's record (if queued) has been written or given up on."""
        if answer_id not in self._pending:
            return
        async with self._settled:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._settled.wait_for(lambda: answer_id not in self._pending), timeout
                )

    async def close(self, timeout: float = CLOSE_TIMEOUT) -> None:
        """Write what is queued (within `timeout`), then stop the drain task."""
        if self._task is None:
            return
        try:
            await asyncio.wait_for(self._queue.join(), timeout)
        except TimeoutError:
            lost = self._queue.qsize()
            log.error("question log: shutdown timed out, %d queued records not written", lost)
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def _drain(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self.batch_size and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                await self._write(batch)
            finally:
                for record in batch:
                    self._pending.discard(record.answer_id)
                    self._queue.task_done()
                async with self._settled:
                    self._settled.notify_all()

    async def _write(self, batch: list[QuestionRecord]) -> None:
        writer = self.writer
        assert writer is not None
        for attempt in range(1, self.retries + 1):
            try:
                await asyncio.to_thread(writer, batch)
            except Exception as exc:
                if attempt == self.retries:
                    self.failed += len(batch)
                    log.error(
                        "question log: %d records lost after %d failed writes: %s",
                        len(batch),
                        attempt,
                        exc,
                    )
                    return
                log.warning("question log: write failed (attempt %d): %s", attempt, exc)
                await asyncio.sleep(self.retry_delay * 2 ** (attempt - 1))
            else:
                self.written += len(batch)
                return
