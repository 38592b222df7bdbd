"""Rate limits (429 + Retry-After) and the request-body cap (413), on a real app."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.config import Settings
from app.engine import Engine
from app.main import create_app
from tests.conftest import LiveServer

pytestmark = pytest.mark.integration


@pytest.fixture()
def limited(settings: Settings, engine: Engine) -> Iterator[Any]:
    """An app allowing three questions a minute per client, and 2 KiB bodies."""
    capped = settings.model_copy(update={"rate_limit": "3/minute", "max_body_bytes": 2048})
    with TestClient(create_app(capped, engine=engine)) as client:
        yield client


def test_fourth_question_in_a_minute_is_refused_with_retry_after(limited: Any) -> None:
    for _ in range(3):
        assert limited.post("/api/ask", json={"question": "What is Mythos?"}).status_code == 200
    response = limited.post("/api/ask", json={"question": "What is Mythos?"})
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert "too many requests" in response.json()["detail"]


def test_health_checks_are_never_limited(limited: Any) -> None:
    for _ in range(3):
        limited.post("/api/ask", json={"question": "What is Mythos?"})
    for _ in range(20):
        assert limited.get("/healthz").status_code == 200
        assert limited.get("/readyz").status_code == 200


def test_feedback_shares_the_clients_limit(limited: Any) -> None:
    for _ in range(3):
        limited.post("/api/ask", json={"question": "What is Mythos?"})
    response = limited.post("/api/feedback", json={"answer_id": "x", "helpful": True})
    assert response.status_code == 429


def test_rate_limit_off_lets_everything_through(settings: Settings, engine: Engine) -> None:
    with TestClient(create_app(settings, engine=engine)) as client:  # session settings: off
        for _ in range(70):
            assert client.post("/api/ask", json={"question": "Who made Mythos?"}).status_code == 200


def test_body_over_the_cap_is_refused_before_it_is_read(limited: Any) -> None:
    big = '{"question": "' + "x" * 5000 + '"}'
    response = limited.post("/api/ask", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "larger than 2048 bytes" in response.json()["detail"]


def test_streamed_body_without_length_is_cut_off(limited: Any) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(10):
            yield b"x" * 1000
        yield b'"}'

    response = limited.post(
        "/api/ask", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_a_bad_rate_limit_setting_is_a_clear_error() -> None:
    with pytest.raises(ValidationError, match="not like '60/minute' or 'off'"):
        Settings(rate_limit="lots", _env_file=None)  # type: ignore[call-arg]


def test_help_page_is_limited_per_client(limited: Any) -> None:
    for _ in range(3):
        assert limited.get("/help", params={"q": "What is Mythos?"}).status_code == 200
    assert limited.get("/help", params={"q": "What is Mythos?"}).status_code == 429


def test_slack_is_limited_per_workspace(settings: Settings, engine: Engine) -> None:
    import time
    from urllib.parse import urlencode

    from pydantic import SecretStr
    from slack_sdk.signature import SignatureVerifier

    capped = settings.model_copy(
        update={"rate_limit": "2/minute", "slack_signing_secret": SecretStr("s3cret")}
    )

    def post(client: Any, team: str) -> Any:
        body = urlencode({"command": "/faq", "text": "What is Mythos?", "team_id": team})
        stamp = str(int(time.time()))
        signature = SignatureVerifier("s3cret").generate_signature(timestamp=stamp, body=body)
        headers = {
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        return client.post("/slack/command", content=body, headers=headers)

    with TestClient(create_app(capped, engine=engine)) as client:
        assert [post(client, "T1").status_code for _ in range(3)] == [200, 200, 429]
        assert post(client, "T2").status_code == 200  # another workspace has its own budget


def test_a_stalled_upload_is_cut_off_with_408(
    settings: Settings, engine: Engine, live_server: LiveServer
) -> None:
    import socket
    from urllib.parse import urlsplit

    slow = settings.model_copy(update={"body_read_timeout_s": 1.0})
    with live_server(create_app(slow, engine=engine)) as url:
        parts = urlsplit(url)
        with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
            head = (
                "POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Content-Length: 200\r\n\r\n"
            )
            sock.sendall(head.encode() + b'{"question": "What')  # ...and then nothing more
            started = time.monotonic()
            reply = sock.recv(4096).decode()
            waited = time.monotonic() - started
    assert reply.startswith("HTTP/1.1 408")
    assert "not received in time" in reply
    assert 0.5 < waited < 8
