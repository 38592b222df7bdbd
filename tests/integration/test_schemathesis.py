"""Schemathesis against the app's own OpenAPI schema: no 5xx, and responses match the schema.

Every documented operation gets a small, bounded batch of generated requests, valid and
invalid. Slack answers generated (unsigned) requests 401 — refused, never a crash — so a
signing secret is configured. (Schemathesis' lazy `from_fixture` loader fails on pytest 9,
so each operation's Hypothesis strategy is driven directly.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from pydantic import SecretStr
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance
from schemathesis.python import asgi

from app.config import Settings
from app.engine import Engine
from app.main import create_app

pytestmark = [pytest.mark.integration, pytest.mark.slow]

MAX_EXAMPLES = 25


def documented_cases() -> list[tuple[str, str, GenerationMode]]:
    """(method, path, mode) for every operation; negative data only where there is input.

    Building an app loads no model (that happens in its lifespan).
    """
    paths = create_app(Settings(_env_file=None)).openapi()["paths"]  # type: ignore[call-arg]
    cases = []
    for path, ops in sorted(paths.items()):
        for method, op in ops.items():
            cases.append((method.upper(), path, GenerationMode.POSITIVE))
            if op.get("parameters") or op.get("requestBody"):
                cases.append((method.upper(), path, GenerationMode.NEGATIVE))
    return cases


@pytest.fixture(scope="module")
def api_schema(settings: Settings, engine: Engine) -> Iterator[schemathesis.BaseSchema]:
    """The schema of a live app; schemathesis runs its lifespan, shut down after the module."""
    configured = settings.model_copy(update={"slack_signing_secret": SecretStr("schema-secret")})
    app = create_app(configured, engine=engine)
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    asgi.shutdown_lifespans()  # flush and close the app's question log


@pytest.mark.parametrize(("method", "path", "mode"), documented_cases())
def test_operation_conforms_to_its_schema(
    api_schema: schemathesis.BaseSchema, method: str, path: str, mode: GenerationMode
) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

    check()
