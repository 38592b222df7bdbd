"""The async face of the engine for the web app: answers off the event loop, in micro-batches."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from app.batching import MicroBatcher
from app.engine import Engine, Request
from app.index import Manifest
from app.render import Format
from app.types import Answer


class AnswerService:
    """What every HTTP surface calls to answer a question; never blocks the event loop."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        settings = engine.settings
        # The batch function looks the engine up at each batch, so a reload takes effect for
        # the next batch while the batch in flight finishes on the engine it started with.
        self.batcher: MicroBatcher[Request, Answer] = MicroBatcher(
            lambda batch: self.engine.ask_many(batch),
            settings.batch_max_size,
            settings.batch_max_wait_ms,
        )
        self._reload_lock = asyncio.Lock()

    async def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        """Answer one question: from the cache at once, else in the next model batch."""
        history = tuple(history)
        # A dict lookup, cheap enough for the event loop; a hit never waits behind the model.
        cached = self.engine.cache.get(question, history)
        if cached is not None:
            return cached
        return await self.batcher.submit(Request(question, history))

    async def reload(self) -> Manifest:
        """Swap in the index now on disk (after `faqbot build`); returns its manifest.

        A bad index raises IndexLoadError and the current one keeps serving. The new engine
        starts with an empty answer cache, so no answer from the old index is served again.
        """
        async with self._reload_lock:
            fresh = await asyncio.to_thread(self.engine.reloaded)
            self.engine = fresh
            return fresh.loaded.manifest

    def render(self, answer: Answer, fmt: Format) -> str:
        """The answer rendered in one of the engine's formats."""
        return self.engine.renderer.render(answer, fmt)

    async def close(self) -> None:
        """Finish the queued questions and stop the batch worker."""
        await self.batcher.close()
