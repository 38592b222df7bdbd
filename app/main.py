"""The FastAPI application factory: every surface shares one app and one loaded engine."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.templating import Jinja2Templates
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool

from app.api import admin, api, feedback, health, help_page, slack, widget
from app.api.limits import BodySizeLimit, RateLimiter
from app.api.recording import SURFACE_HEADER
from app.api.validation import validation_error_handler
from app.config import Settings
from app.engine import Engine
from app.index import IndexLoadError
from app.service import AnswerService
from app.store import QuestionLog

log = logging.getLogger("app")
TEMPLATES = Path(__file__).parent / "templates"


def _on_sighup(service: AnswerService) -> Callable[[], None]:
    """Reload the index on SIGHUP (as daemons do); returns the function that stops listening."""
    loop = asyncio.get_running_loop()
    tasks: set[asyncio.Task[None]] = set()

    async def reload() -> None:
        try:
            manifest = await service.reload()
            log.info("SIGHUP: reloaded the index built at %s", manifest.built_at)
        except IndexLoadError as exc:
            log.error("SIGHUP: reload refused, still serving the previous index: %s", exc)

    def handler() -> None:
        task = loop.create_task(reload())
        tasks.add(task)  # keep a reference until done
        task.add_done_callback(tasks.discard)

    try:
        loop.add_signal_handler(signal.SIGHUP, handler)
    except (NotImplementedError, RuntimeError, ValueError):
        return lambda: None  # not the main thread (e.g. a test client) or no SIGHUP here

    def stop() -> None:
        loop.remove_signal_handler(signal.SIGHUP)

    return stop


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """Build the app; the model and index load once, in the lifespan (or `engine` is reused)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        loaded = engine
        if loaded is None:
            loaded = await run_in_threadpool(Engine.open, settings, log.info)
        app.state.service = AnswerService(loaded)
        # After the engine: the question log never delays or fails an answer (see app/store).
        question_log = await QuestionLog.open(settings)
        question_log.start()
        app.state.question_log = question_log
        log.info("ready: %d passages from %s", len(loaded.loaded.passages), settings.index_dir)
        hangup = _on_sighup(app.state.service)
        try:
            yield
        finally:
            hangup()
            try:
                await question_log.close()  # flush the queued records first
            finally:
                await app.state.service.close()

    # /docs with Swagger UI's files served from here: FastAPI's default page loads them from a
    # CDN and is blank behind a firewall. No /redoc: ReDoc still fetches from cdn.redoc.ly.
    app = FastAPIOffline(
        title="faqbot",
        summary="Answers questions only from its documents, with citations.",
        lifespan=lifespan,
        static_url="/docs/static",
        redoc_url=None,
    )
    app.state.settings = settings
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.state.rate_limiter = RateLimiter(settings.rate_limit)
    app.add_middleware(
        BodySizeLimit,
        max_bytes=settings.max_body_bytes,
        read_timeout=settings.body_read_timeout_s,
    )
    app.state.templates = Jinja2Templates(directory=str(TEMPLATES))
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", SURFACE_HEADER],
        )
    for module in (health, api, feedback, slack, widget, help_page, admin):
        app.include_router(module.router)
    return app
