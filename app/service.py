"""The async face of the engine for the web app: answers off the event loop."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.concurrency import run_in_threadpool

from app.engine import Engine
from app.render import Format
from app.types import Answer


class AnswerService:
    """What every HTTP surface calls to answer a question; never blocks the event loop."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        """Answer one question (model inference runs in a worker thread)."""
        return await run_in_threadpool(self.engine.ask, question, tuple(history))

    def render(self, answer: Answer, fmt: Format) -> str:
        """The answer rendered in one of the engine's formats."""
        return self.engine.renderer.render(answer, fmt)

    async def close(self) -> None:
        """Release resources (nothing yet; the batcher will stop its worker here)."""
