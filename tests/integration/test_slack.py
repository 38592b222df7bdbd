"""The Slack slash command end to end: Slack's signing scheme, Block Kit replies, refusals."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from slack_sdk.signature import SignatureVerifier

from app.api import slack as slack_api
from app.config import Settings
from app.engine import Engine
from app.main import create_app

pytestmark = pytest.mark.integration

SECRET = "test-secret"
FORM = "application/x-www-form-urlencoded"

Post = Callable[..., Any]  # TestClient.post (its Response class depends on the Starlette version)


def slack_form(text: str, command: str = "/faq") -> str:
    """A form body shaped like the one Slack sends for a slash command."""
    return urlencode(
        {
            "token": "legacy-token",
            "team_id": "T0001",
            "team_domain": "example",
            "channel_id": "C2147483705",
            "channel_name": "general",
            "user_id": "U2147483697",
            "user_name": "steve",
            "command": command,
            "text": text,
            "api_app_id": "A123456",
            "response_url": "https://hooks.slack.com/commands/1234/5678",
            "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        }
    )


def signed_headers(body: str, secret: str = SECRET, age: float = 0.0) -> dict[str, str]:
    """The headers Slack adds: a timestamp and `v0=` HMAC-SHA256 of `v0:{timestamp}:{body}`."""
    timestamp = str(int(time.time() - age))
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    assert signature is not None
    return {
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
        "Content-Type": FORM,
    }


def make_client(settings: Settings, engine: Engine, **changes: Any) -> TestClient:
    configured = settings.model_copy(update={"slack_signing_secret": SecretStr(SECRET), **changes})
    return TestClient(create_app(configured, engine=engine))


@pytest.fixture()
def slack(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """A client for an app with a Slack signing secret configured."""
    with make_client(settings, engine) as c:
        yield c


@pytest.fixture()
def ask(slack: TestClient) -> Post:
    """Send a correctly signed slash command with the given text."""

    def send(text: str, command: str = "/faq") -> Any:
        body = slack_form(text, command)
        return slack.post("/slack/command", content=body, headers=signed_headers(body))

    return send


def faq_question(engine: Engine) -> str:
    return next(p.question for p in engine.loaded.passages if p.question)


def mrkdwn(reply: dict[str, Any]) -> str:
    """All the mrkdwn text in a reply: the fallback and every block."""
    out = [reply["text"]]
    for block in reply["blocks"]:
        if block["type"] == "section":
            out.append(block["text"]["text"])
        elif block["type"] == "context":
            out.extend(e["text"] for e in block["elements"])
    return "\n".join(out)


def test_signed_question_gets_block_kit_answer(ask: Post, engine: Engine) -> None:
    r = ask(faq_question(engine))
    assert r.status_code == 200
    reply = r.json()
    assert reply["response_type"] == "ephemeral"
    assert isinstance(reply["text"], str)
    assert reply["text"].strip()
    kinds = [b["type"] for b in reply["blocks"]]
    assert kinds[0] == "section"
    assert "context" in kinds
    assert "[1]" in reply["blocks"][0]["text"]["text"]
    context = next(b for b in reply["blocks"] if b["type"] == "context")
    assert context["elements"][0]["text"].startswith("[1] ")
    for block in reply["blocks"]:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000


def test_in_channel_setting(settings: Settings, engine: Engine) -> None:
    body = slack_form(faq_question(engine))
    with make_client(settings, engine, slack_in_channel=True) as c:
        r = c.post("/slack/command", content=body, headers=signed_headers(body))
    assert r.status_code == 200
    assert r.json()["response_type"] == "in_channel"


def test_forged_signature_is_refused(slack: TestClient) -> None:
    body = slack_form("What is this about?")
    headers = signed_headers(body, secret="not-the-secret")
    r = slack.post("/slack/command", content=body, headers=headers)
    assert r.status_code == 401
    assert r.json() == {"error": "invalid signature"}


def test_tampered_body_is_refused(slack: TestClient) -> None:
    body = slack_form("What is this about?")
    headers = signed_headers(body)
    r = slack.post("/slack/command", content=slack_form("<!channel>"), headers=headers)
    assert r.status_code == 401
    assert r.json() == {"error": "invalid signature"}


def test_stale_timestamp_is_refused(slack: TestClient) -> None:
    body = slack_form("What is this about?")
    r = slack.post("/slack/command", content=body, headers=signed_headers(body, age=6 * 60))
    assert r.status_code == 401
    assert r.json() == {"error": "request timestamp too old or invalid"}


def test_non_numeric_timestamp_is_refused(slack: TestClient) -> None:
    body = slack_form("What is this about?")
    headers = {**signed_headers(body), "X-Slack-Request-Timestamp": "yesterday"}
    r = slack.post("/slack/command", content=body, headers=headers)
    assert r.status_code == 401
    assert r.json() == {"error": "request timestamp too old or invalid"}


@pytest.mark.parametrize("drop", ["X-Slack-Request-Timestamp", "X-Slack-Signature"])
def test_missing_headers_are_refused(slack: TestClient, drop: str) -> None:
    body = slack_form("What is this about?")
    headers = {k: v for k, v in signed_headers(body).items() if k != drop}
    r = slack.post("/slack/command", content=body, headers=headers)
    assert r.status_code == 401
    assert r.json() == {"error": "missing Slack signature headers"}


def test_without_a_secret_slack_is_not_configured(client: TestClient) -> None:
    body = slack_form("What is this about?")
    r = client.post("/slack/command", content=body, headers=signed_headers(body))
    assert r.status_code == 503
    assert r.json() == {"error": "Slack is not configured: set FAQBOT_SLACK_SIGNING_SECRET"}


@pytest.mark.parametrize("text", ["", "  ", "help", "HELP "])
def test_empty_text_or_help_shows_usage(ask: Post, text: str) -> None:
    r = ask(text, command="/askdocs")
    assert r.status_code == 200
    reply = r.json()
    assert reply["response_type"] == "ephemeral"
    body = mrkdwn(reply)
    assert "/askdocs" in body
    examples = [line for line in body.splitlines() if line.startswith("• `/askdocs ")]
    assert len(examples) == 3


def test_unanswerable_question_is_honest_with_suggestions(ask: Post) -> None:
    r = ask("What's the weather in Paris?")
    assert r.status_code == 200
    reply = r.json()
    kinds = [b["type"] for b in reply["blocks"]]
    assert "context" not in kinds  # nothing to cite
    assert len(kinds) == 2
    suggestions = reply["blocks"][1]["text"]["text"]
    assert "Try asking" in suggestions
    assert suggestions.count("\n• ") >= 1
    assert "Try asking" in reply["text"]


def test_mention_and_html_injection_is_escaped(ask: Post) -> None:
    r = ask("<!channel> <script>alert(1)</script> <@U123|boss> & co")
    assert r.status_code == 200
    reply = r.json()
    body = mrkdwn(reply)
    assert "<!channel>" not in body
    assert "<script>" not in body
    assert "<@U123" not in body
    assert "&lt;!channel&gt;" in body  # the question is echoed, escaped
    assert "&lt;script&gt;" in body
    for block in reply["blocks"]:
        if block["type"] == "section":
            assert block["text"]["verbatim"] is True


def test_question_too_long_is_a_friendly_note(ask: Post, settings: Settings) -> None:
    r = ask("why " * settings.max_question_chars)
    assert r.status_code == 200
    reply = r.json()
    assert reply["response_type"] == "ephemeral"
    assert str(settings.max_question_chars) in reply["text"]


def test_json_body_is_a_bad_request(slack: TestClient) -> None:
    body = json.dumps({"command": "/faq", "text": "hello"})
    headers = {**signed_headers(body), "Content-Type": "application/json"}
    r = slack.post("/slack/command", content=body, headers=headers)
    assert r.status_code == 400
    assert "application/x-www-form-urlencoded" in r.json()["error"]


def test_body_that_is_not_a_form_is_a_bad_request(slack: TestClient) -> None:
    body = json.dumps({"command": "/faq", "text": "hello"})
    r = slack.post("/slack/command", content=body, headers=signed_headers(body))
    assert r.status_code == 400
    assert "error" in r.json()


def test_non_utf8_body_is_refused_not_a_crash(slack: TestClient) -> None:
    headers = signed_headers("")
    r = slack.post("/slack/command", content=b"text=\xff\xfe", headers=headers)
    assert r.status_code == 401


def test_ssl_check_ping_gets_a_200(slack: TestClient) -> None:
    body = urlencode({"ssl_check": "1", "token": "legacy-token"})
    r = slack.post("/slack/command", content=body, headers=signed_headers(body))
    assert r.status_code == 200


def test_slow_answer_replies_still_thinking(
    slack: TestClient, ask: Post, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def slow(question: str, history: Any = ()) -> None:
        await asyncio.sleep(1)

    monkeypatch.setattr(slack_api, "ANSWER_TIMEOUT", 0.05)
    monkeypatch.setattr(slack.app.state.service, "ask", slow)  # type: ignore[attr-defined]
    r = ask("What is this about?")
    assert r.status_code == 200
    assert r.json()["response_type"] == "ephemeral"
    assert "Still thinking" in r.json()["text"]


def test_engine_failure_is_a_polite_note_not_a_500(
    slack: TestClient, ask: Post, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(question: str, history: Any = ()) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(slack.app.state.service, "ask", broken)  # type: ignore[attr-defined]
    r = ask("What is this about?")
    assert r.status_code == 200
    assert r.json()["response_type"] == "ephemeral"
    assert "boom" not in r.json()["text"]
