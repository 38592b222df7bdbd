"""What the web app holds: the store (if reachable), the recorder, the salt and the daily prune."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import secrets
import time
import uuid
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url

from app.store.recorder import Recorder
from app.store.schema import Surface
from app.store.store import QuestionRecord, Store

if TYPE_CHECKING:
    from app.config import Settings
    from app.types import Answer

log = logging.getLogger(__name__)

PRUNE_EVERY = 24 * 60 * 60.0  # seconds


class StoreUnavailable(Exception):
    """The question log's database could not be opened or written."""


def new_answer_id() -> str:
    """A fresh answer id: a uuid4 as 32 hex digits."""
    return uuid.uuid4().hex


def salted_hash(salt: str, value: str) -> str:
    """sha256 of the salt and a client identifier, as hex: the only form client ids are kept in."""
    return hashlib.sha256(f"{salt}\x00{value}".encode()).hexdigest()


def safe_url(url: str) -> str:
    """The database URL with any password masked, for logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparseable database url>"


class QuestionLog:
    """The question log as the app sees it; every method is safe to call when it is switched off."""

    def __init__(
        self,
        store: Store | None,
        salt: str,
        retention_days: int,
        recording: bool = True,
        prune_every: float = PRUNE_EVERY,
    ) -> None:
        self.store = store
        self.salt = salt
        self.retention_days = retention_days
        self.prune_every = prune_every
        writer = store.add_questions if (store is not None and recording) else None
        self.recorder = Recorder(writer)
        self._pruner: asyncio.Task[None] | None = None

    @classmethod
    async def open(cls, settings: Settings) -> QuestionLog:
        """Open (and migrate, and prune) the store in a thread; never raises.

        With recording off nothing is opened; an unreachable store is logged and the app runs
        on without a question log.
        """
        configured = settings.hash_salt.get_secret_value() if settings.hash_salt else ""
        if not settings.record_questions:
            log.info("question log: recording is off (FAQBOT_RECORD_QUESTIONS=false)")
            return cls(None, configured or secrets.token_hex(32), settings.retention_days, False)
        try:
            store, salt = await asyncio.to_thread(_open_store, settings.database_url)
        except Exception as exc:
            log.error(
                "question log unavailable (%s): %s; answering without recording",
                safe_url(settings.database_url),
                exc,
            )
            return cls(None, configured or secrets.token_hex(32), settings.retention_days, False)
        qlog = cls(store, configured or salt, settings.retention_days)
        await qlog.prune()
        return qlog

    @property
    def recording(self) -> bool:
        """Whether questions are being recorded."""
        return self.recorder.enabled

    def start(self) -> None:
        """Start writing queued records, and pruning once a day."""
        self.recorder.start()
        if self.store is not None and self._pruner is None:
            self._pruner = asyncio.get_running_loop().create_task(self._prune_daily())

    async def close(self) -> None:
        """Flush the queued records, stop the tasks, close the store."""
        if self._pruner is not None:
            self._pruner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pruner
            self._pruner = None
        await self.recorder.close()
        if self.store is not None:
            await asyncio.to_thread(self.store.close)

    def client_hash(self, value: str) -> str:
        """The salted hash of a client identifier."""
        return salted_hash(self.salt, value)

    def record(
        self,
        answer_id: str,
        surface: Surface,
        question: str,
        answer: Answer,
        latency_ms: float,
        client_hash: str | None = None,
    ) -> None:
        """Queue the record of one answered question; never blocks or raises.

        Chat ("hi", "thanks") is no question: logged, it would crowd the curator's list of
        unanswered ones.
        """
        if not self.recording or answer.via == "chat":
            return
        try:
            record = QuestionRecord(
                answer_id=answer_id,
                surface=surface,
                question=question,
                answered=answer.answered,
                confidence=answer.confidence,
                source_ids=tuple(s.id for s in answer.sources),
                latency_ms=latency_ms,
                client_hash=client_hash,
            )
        except Exception:
            log.exception("question log: could not build a record")
            return
        self.recorder.record(record)

    async def add_feedback(
        self, answer_id: str, client_key: str, helpful: bool, comment: str | None
    ) -> bool:
        """Store a vote durably (waiting for the answer's own record first); False if unknown.

        Raises StoreUnavailable when the store is down.
        """
        if self.store is None:
            raise StoreUnavailable("the question log is not available")
        await self.recorder.settle(answer_id)
        try:
            return await asyncio.to_thread(
                self.store.add_feedback, answer_id, client_key, helpful, comment
            )
        except Exception as exc:
            log.error("question log: storing feedback failed: %s", exc)
            raise StoreUnavailable("the question log could not store the feedback") from exc

    async def prune(self) -> None:
        """Delete rows older than the retention period (errors are logged)."""
        if self.store is None:
            return
        try:
            pruned = await asyncio.to_thread(self.store.prune, self.retention_days)
        except Exception as exc:
            log.error("question log: pruning failed: %s", exc)
            return
        if pruned.questions or pruned.feedback:
            log.info(
                "question log: pruned %d questions and %d feedback rows older than %d days",
                pruned.questions,
                pruned.feedback,
                self.retention_days,
            )

    async def _prune_daily(self) -> None:
        while True:
            await asyncio.sleep(self.prune_every)
            await self.prune()

    def stats(self) -> dict[str, object]:
        """A summary for the readiness probe."""
        return {"available": self.store is not None, **self.recorder.stats()}


def _open_store(url: str) -> tuple[Store, str]:
    store = Store.open(url)
    try:
        return store, store.hash_salt()
    except BaseException:
        store.close()
        raise


class Timer:
    """Milliseconds since creation (for answer latency)."""

    def __init__(self) -> None:
        self.start = time.perf_counter()

    def ms(self) -> float:
        """Elapsed milliseconds."""
        return (time.perf_counter() - self.start) * 1000.0
