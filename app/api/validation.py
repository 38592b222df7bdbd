"""Request-validation helpers shared by the routers: clean text fields, safe 422 bodies."""

from __future__ import annotations

import json
import math
from typing import Annotated, Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError


def _encodable(value: str) -> str:
    """Refuse text that cannot be UTF-8 (a lone surrogate such as "\\ud800" sent as JSON)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError(
            "invalid_unicode", "text contains invalid Unicode (an unpaired surrogate)"
        ) from None
    return value


CleanStr = Annotated[str, AfterValidator(_encodable)]


def _json_safe(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=False, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError, UnicodeEncodeError):
        return False
    return True


def _clean_error(error: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {k: error[k] for k in ("type", "loc", "msg") if k in error}
    # Echo the offending input only when it can be written back as JSON: NaN, Infinity and
    # lone surrogates parse in Python but cannot be serialised, and must not turn a 422 into a 500.
    if "input" in error and _json_safe(error["input"]):
        value = error["input"]
        if not (isinstance(value, float) and not math.isfinite(value)):
            out["input"] = value
    if not _json_safe(out.get("msg")):
        out["msg"] = "invalid value"
    out["loc"] = [part if _json_safe(part) else "?" for part in out.get("loc", [])]
    return out


async def validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's 422 body, made safe to serialise whatever the client sent."""
    assert isinstance(exc, RequestValidationError)
    return JSONResponse(
        status_code=422, content={"detail": [_clean_error(e) for e in exc.errors()]}
    )
