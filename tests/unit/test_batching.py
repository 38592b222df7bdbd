"""The micro-batcher behind AnswerService, driven by a fake engine that counts its batches."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Sequence
from typing import Any, cast

import pytest

from app.batching import BatcherClosedError, MicroBatcher
from app.cache import AnswerCache
from app.config import Settings
from app.engine import Engine, Request
from app.service import AnswerService
from app.types import Answer


def reply(question: str) -> Answer:
    return Answer(question=question, answered=True, answer=f"answer to {question}", confidence=1.0)


class FakeEngine:
    """Stands in for the model: records each ask_many batch, optionally slow or failing."""

    def __init__(self, delay: float = 0.0, cache_size: int = 0, **settings: Any) -> None:
        self.settings = Settings(_env_file=None, **settings)  # type: ignore[call-arg]
        self.cache = AnswerCache(cache_size)
        self.delay = delay
        self.batches: list[list[str]] = []
        self.threads: set[str] = set()

    def ask_many(self, requests: Sequence[Request]) -> list[Answer]:
        self.batches.append([r.question for r in requests])
        self.threads.add(threading.current_thread().name)
        if self.delay:
            time.sleep(self.delay)
        if any(r.question.startswith("boom") for r in requests):
            raise ValueError("model failed")
        return [reply(r.question) for r in requests]


def service(engine: FakeEngine) -> AnswerService:
    return AnswerService(cast(Engine, engine))


def test_concurrent_asks_share_few_batches_and_each_gets_its_own_answer() -> None:
    engine = FakeEngine(delay=0.02)

    async def main() -> list[Answer]:
        svc = service(engine)
        try:
            return await asyncio.gather(*(svc.ask(f"q{i}") for i in range(20)))
        finally:
            await svc.close()

    answers = asyncio.run(main())
    assert [a.answer for a in answers] == [f"answer to q{i}" for i in range(20)]
    assert len(engine.batches) <= 3
    assert sorted(q for b in engine.batches for q in b) == sorted(f"q{i}" for i in range(20))
    assert engine.threads and threading.main_thread().name not in engine.threads


def test_batches_never_exceed_max_size() -> None:
    engine = FakeEngine(delay=0.005, batch_max_size=4)

    async def main() -> list[Answer]:
        svc = service(engine)
        try:
            return await asyncio.gather(*(svc.ask(f"q{i}") for i in range(10)))
        finally:
            await svc.close()

    answers = asyncio.run(main())
    assert [a.question for a in answers] == [f"q{i}" for i in range(10)]
    assert max(len(b) for b in engine.batches) == 4
    assert sum(len(b) for b in engine.batches) == 10


def test_waits_at_most_max_wait_for_company() -> None:
    sizes: list[int] = []

    def run(items: list[int]) -> list[int]:
        sizes.append(len(items))
        return [i * 10 for i in items]

    async def main() -> tuple[float, list[int]]:
        batcher: MicroBatcher[int, int] = MicroBatcher(
            run, max_size=8, max_wait_ms=100, adaptive=False
        )
        started = time.perf_counter()
        alone = await batcher.submit(1)
        waited = time.perf_counter() - started
        assert alone == 10

        async def late(item: int, after: float) -> int:
            await asyncio.sleep(after)
            return await batcher.submit(item)

        # The second arrives well inside the first one's wait: both go in one batch.
        together = await asyncio.gather(batcher.submit(2), late(3, 0.01))
        await batcher.close()
        return waited, together

    waited, together = asyncio.run(main())
    assert 0.08 <= waited < 1.0  # it waited for company, but not much beyond the bound
    assert together == [20, 30]
    assert sizes == [1, 2]


def test_adaptive_wait_spares_a_lone_client() -> None:
    async def main() -> float:
        batcher: MicroBatcher[int, int] = MicroBatcher(lambda xs: xs, max_wait_ms=100)
        await batcher.submit(1)
        started = time.perf_counter()
        for i in range(5):
            await batcher.submit(i)
        await batcher.close()
        return time.perf_counter() - started

    assert asyncio.run(main()) < 0.25  # five sequential asks, none paying the 100 ms wait


def test_a_failing_batch_reaches_only_its_callers_and_the_worker_survives() -> None:
    engine = FakeEngine(delay=0.01, batch_max_size=2)

    async def main() -> tuple[list[Any], Answer]:
        svc = service(engine)
        try:
            results = await asyncio.gather(
                *(svc.ask(q) for q in ("ok1", "boom", "ok2", "ok3")), return_exceptions=True
            )
            after = await svc.ask("later")
        finally:
            await svc.close()
        return results, after

    results, after = asyncio.run(main())
    assert engine.batches[:2] == [["ok1", "boom"], ["ok2", "ok3"]]
    assert isinstance(results[0], ValueError) and isinstance(results[1], ValueError)
    assert [r.answer for r in results[2:]] == ["answer to ok2", "answer to ok3"]
    assert after.answer == "answer to later"


def test_close_drains_queued_work_then_refuses_new_asks() -> None:
    engine = FakeEngine(delay=0.01, batch_max_size=3)

    async def main() -> list[Answer]:
        svc = service(engine)
        tasks = [asyncio.create_task(svc.ask(f"q{i}")) for i in range(10)]
        await asyncio.sleep(0)  # the asks are queued, not yet answered
        await svc.close()
        assert all(t.done() for t in tasks)
        with pytest.raises(BatcherClosedError):
            await svc.ask("too late")
        worker = svc.batcher._worker
        assert worker is not None and worker.done()
        return [t.result() for t in tasks]

    answers = asyncio.run(main())
    assert [a.question for a in answers] == [f"q{i}" for i in range(10)]


def test_cache_hits_bypass_the_batcher() -> None:
    engine = FakeEngine(delay=0.3, cache_size=8)
    engine.cache.put("What is Mythos?", (), reply("What is Mythos?"))

    async def main() -> tuple[Answer, float]:
        svc = service(engine)
        slow = asyncio.create_task(svc.ask("uncached"))  # occupies the worker for 0.3 s
        await asyncio.sleep(0.05)
        started = time.perf_counter()
        hit = await svc.ask("what is   MYTHOS?")
        elapsed = time.perf_counter() - started
        await slow
        await svc.close()
        return hit, elapsed

    hit, elapsed = asyncio.run(main())
    assert hit.answer == "answer to What is Mythos?"
    assert hit.question == "what is   MYTHOS?"
    assert elapsed < 0.1
    assert engine.batches == [["uncached"]]


def test_the_event_loop_keeps_running_during_a_batch() -> None:
    engine = FakeEngine(delay=0.3)

    async def main() -> int:
        svc = service(engine)
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        tick = asyncio.create_task(ticker())
        await svc.ask("slow")
        tick.cancel()
        await svc.close()
        return ticks

    assert asyncio.run(main()) >= 10


def test_a_caller_that_gives_up_does_not_break_the_worker() -> None:
    engine = FakeEngine(delay=0.2)

    async def main() -> Answer:
        svc = service(engine)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(svc.ask("slow"), timeout=0.05)
        answer = await svc.ask("next")
        await svc.close()
        return answer

    assert asyncio.run(main()).answer == "answer to next"
