"""Dependencies handed to route handlers: settings, answer service, templates, question log."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from app.config import Settings
from app.engine import Engine
from app.service import AnswerService
from app.store import QuestionLog


async def get_settings(request: Request) -> Settings:
    """The app's settings (set by create_app)."""
    return cast(Settings, request.app.state.settings)


async def get_service(request: Request) -> AnswerService:
    """The answer service loaded in the lifespan."""
    return cast(AnswerService, request.app.state.service)


async def get_engine(request: Request) -> Engine:
    """The loaded engine (for its manifest and renderer)."""
    return cast(AnswerService, request.app.state.service).engine


async def get_templates(request: Request) -> Jinja2Templates:
    """Page templates (help page, demo page)."""
    return cast(Jinja2Templates, request.app.state.templates)


async def get_question_log(request: Request) -> QuestionLog:
    """The question log opened in the lifespan."""
    return cast(QuestionLog, request.app.state.question_log)


SettingsDep = Annotated[Settings, Depends(get_settings)]
ServiceDep = Annotated[AnswerService, Depends(get_service)]
EngineDep = Annotated[Engine, Depends(get_engine)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]
QuestionLogDep = Annotated[QuestionLog, Depends(get_question_log)]
