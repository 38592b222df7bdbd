"""CORS: the widget on an allowed news site may call the API; other origins may not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.engine import Engine
from app.main import create_app

pytestmark = pytest.mark.integration

ALLOWED = "https://news.example.com"
EVIL = "https://evil.example.com"


@pytest.fixture()
def cors_client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """An app that allows one embedding origin."""
    app = create_app(settings.model_copy(update={"cors_origins": [ALLOWED]}), engine=engine)
    with TestClient(app) as c:
        yield c


def preflight(client: TestClient, origin: str) -> dict[str, str]:
    response = client.options(
        "/api/ask",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    return {
        "status": str(response.status_code),
        **{k.lower(): v for k, v in response.headers.items()},
    }


def test_preflight_from_an_allowed_origin_is_allowed(cors_client: TestClient) -> None:
    headers = preflight(cors_client, ALLOWED)
    assert headers["status"] == "200"
    assert headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in headers["access-control-allow-methods"]
    assert "content-type" in headers["access-control-allow-headers"].lower()


def test_preflight_from_another_origin_is_refused(cors_client: TestClient) -> None:
    headers = preflight(cors_client, EVIL)
    assert headers["status"] == "400"
    assert "access-control-allow-origin" not in headers


def test_post_from_an_allowed_origin_carries_the_header(cors_client: TestClient) -> None:
    response = cors_client.post(
        "/api/ask", json={"question": "What is Mythos?", "history": []}, headers={"Origin": ALLOWED}
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED


def test_post_from_another_origin_gets_no_cors_header(cors_client: TestClient) -> None:
    response = cors_client.post(
        "/api/ask", json={"question": "What is Mythos?", "history": []}, headers={"Origin": EVIL}
    )
    assert "access-control-allow-origin" not in response.headers


def test_no_cors_by_default(client: TestClient) -> None:
    headers = preflight(client, ALLOWED)
    assert "access-control-allow-origin" not in headers
