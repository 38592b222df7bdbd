"""Slack feedback buttons: answers carry them, `POST /slack/interact` records the clicks."""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from slack_sdk.signature import SignatureVerifier

from app.config import Settings
from app.engine import Engine
from app.main import create_app
from app.store import StoreUnavailable

pytestmark = pytest.mark.integration

SECRET = "interact-secret"
FORM = "application/x-www-form-urlencoded"
QUESTION = "What is Mythos?"
TEAM, USER = "T0001", "U2147483697"
THANKS = "Thanks for the feedback!"
GONE = "I couldn't find that answer any more, so your feedback wasn't saved."


def app_settings(settings: Settings, tmp_path: Path, **changes: Any) -> Settings:
    return settings.model_copy(
        update={
            "database_url": f"sqlite:///{tmp_path / 'faqbot.db'}",
            "slack_signing_secret": SecretStr(SECRET),
            **changes,
        }
    )


def votes(tmp_path: Path) -> list[sqlite3.Row]:
    conn = sqlite3.connect(tmp_path / "faqbot.db")
    conn.row_factory = sqlite3.Row
    try:
        sql = "SELECT answer_id, client_key, helpful, comment FROM feedback ORDER BY id"
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def signed(body: str | bytes, secret: str = SECRET, age: float = 0.0) -> dict[str, str]:
    timestamp = str(int(time.time() - age))
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=text)
    assert signature is not None
    return {
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
        "Content-Type": FORM,
    }


def command(client: TestClient, text: str) -> dict[str, Any]:
    """A signed `/faq text` slash command; the Block Kit reply."""
    body = urlencode({"team_id": TEAM, "user_id": USER, "command": "/faq", "text": text})
    r = client.post("/slack/command", content=body, headers=signed(body))
    assert r.status_code == 200
    reply: dict[str, Any] = r.json()
    return reply


def actions(reply: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in reply["blocks"] if b["type"] == "actions"]


def block_actions(
    action_id: str,
    value: str,
    user: str = USER,
    team: str | None = TEAM,
    response_url: str = "https://hooks.slack.com/actions/T0001/1234/5678",
) -> dict[str, Any]:
    """A payload shaped like Slack's for a button click in a slash command's reply.

    With team=None the payload has no `team` (as for an org-wide app); the user's team_id stays.
    """
    return {
        "type": "block_actions",
        "user": {"id": user, "username": "steve", "name": "steve", "team_id": TEAM},
        "api_app_id": "A123456",
        "token": "legacy-token",
        "container": {"type": "message", "message_ts": "1548261231.000200", "is_ephemeral": True},
        "trigger_id": "12345.98765.abcd2358fdea",
        "team": {"id": team, "domain": "example"} if team else None,
        "channel": {"id": "C2147483705", "name": "general"},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "faqbot_feedback",
                "text": {"type": "plain_text", "text": "Helpful", "emoji": False},
                "value": value,
                "type": "button",
                "action_ts": "1548426417.840180",
            }
        ],
    }


def interact_body(payload: Any) -> str:
    raw = payload if isinstance(payload, str) else json.dumps(payload)
    return urlencode({"payload": raw})


def click(client: TestClient, payload: Any) -> Any:
    body = interact_body(payload)
    return client.post("/slack/interact", content=body, headers=signed(body))


class Hooks:
    """A real HTTP server on loopback standing in for Slack's response_url endpoint."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, dict[str, Any]]] = []
        self.status = 200
        hooks = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                size = int(self.headers.get("Content-Length", 0))
                hooks.posts.append((self.path, json.loads(self.rfile.read(size))))
                self.send_response(hooks.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()


@pytest.fixture()
def hooks() -> Iterator[Hooks]:
    server = Hooks()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture()
def slack(settings: Settings, engine: Engine, tmp_path: Path, hooks: Hooks) -> Iterator[TestClient]:
    configured = app_settings(settings, tmp_path, slack_response_url_prefix=hooks.base)
    with TestClient(create_app(configured, engine=engine)) as c:
        yield c


@pytest.fixture()
def answer_id(slack: TestClient) -> str:
    """The answer id on the feedback buttons of an answered slash command."""
    found = actions(command(slack, QUESTION))
    assert len(found) == 1
    value: str = found[0]["elements"][0]["value"]
    return value


def test_answered_reply_has_feedback_buttons(slack: TestClient) -> None:
    reply = command(slack, QUESTION)
    assert reply["blocks"][-1]["type"] == "actions"
    (block,) = actions(reply)
    buttons = block["elements"]
    assert [(b["type"], b["text"]["type"], b["text"]["text"]) for b in buttons] == [
        ("button", "plain_text", "Helpful"),
        ("button", "plain_text", "Not helpful"),
    ]
    assert [b["action_id"] for b in buttons] == ["faqbot_helpful", "faqbot_unhelpful"]
    assert buttons[0]["value"] == buttons[1]["value"]
    assert len(buttons[0]["value"]) == 32


def test_unanswered_reply_has_no_buttons(slack: TestClient) -> None:
    assert actions(command(slack, "What's the weather in Paris?")) == []


def test_recording_off_means_no_buttons(settings: Settings, engine: Engine, tmp_path: Path) -> None:
    off = app_settings(settings, tmp_path, record_questions=False)
    with TestClient(create_app(off, engine=engine)) as client:
        assert actions(command(client, QUESTION)) == []


def test_click_records_the_vote_and_a_repeat_replaces(
    slack: TestClient, answer_id: str, tmp_path: Path
) -> None:
    r = click(slack, block_actions("faqbot_helpful", answer_id))
    assert r.status_code == 200
    assert r.json() == {"response_type": "ephemeral", "replace_original": False, "text": THANKS}
    salt = slack.app.state.question_log.salt  # type: ignore[attr-defined]
    key = hashlib.sha256(f"{salt}\x00{TEAM}:{USER}".encode()).hexdigest()
    assert [tuple(v) for v in votes(tmp_path)] == [(answer_id, key, 1, None)]

    again = click(slack, block_actions("faqbot_unhelpful", answer_id))
    assert again.status_code == 200 and again.json()["text"] == THANKS
    assert [tuple(v) for v in votes(tmp_path)] == [(answer_id, key, 0, None)]
    assert USER not in str([tuple(v) for v in votes(tmp_path)])


def test_the_reply_is_posted_to_the_response_url(
    slack: TestClient, answer_id: str, hooks: Hooks
) -> None:
    """Slack shows nothing from a click's own response: the reply goes to response_url."""
    url = f"{hooks.base}actions/T0001/1234/5678"
    assert click(slack, block_actions("faqbot_helpful", answer_id, response_url=url)).is_success
    assert click(slack, block_actions("faqbot_helpful", "0" * 32, response_url=url)).is_success
    ephemeral = {"response_type": "ephemeral", "replace_original": False}
    assert hooks.posts == [
        ("/actions/T0001/1234/5678", {**ephemeral, "text": THANKS}),
        ("/actions/T0001/1234/5678", {**ephemeral, "text": GONE}),
    ]


def test_a_response_url_outside_the_prefix_is_never_contacted(
    slack: TestClient, answer_id: str, hooks: Hooks, caplog: pytest.LogCaptureFixture
) -> None:
    elsewhere = hooks.base.replace("127.0.0.1", "localhost") + "steal"
    with caplog.at_level(logging.WARNING, logger="app.api.slack"):
        r = click(slack, block_actions("faqbot_helpful", answer_id, response_url=elsewhere))
    assert r.status_code == 200 and r.json()["text"] == THANKS  # the vote still counts
    assert hooks.posts == []
    assert "outside the allowed prefix" in caplog.text


def test_a_failing_response_url_loses_nothing(
    slack: TestClient,
    answer_id: str,
    hooks: Hooks,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    hooks.status = 404  # Slack's answer to an expired response_url
    url = f"{hooks.base}actions/expired"
    with caplog.at_level(logging.WARNING, logger="app.api.slack"):
        r = click(slack, block_actions("faqbot_unhelpful", answer_id, response_url=url))
    assert r.status_code == 200
    assert len(votes(tmp_path)) == 1
    assert "response_url answered 404" in caplog.text


def test_another_user_votes_separately(slack: TestClient, answer_id: str, tmp_path: Path) -> None:
    assert click(slack, block_actions("faqbot_helpful", answer_id)).status_code == 200
    assert click(slack, block_actions("faqbot_unhelpful", answer_id, user="U9")).status_code == 200
    # With no team (an org-wide install), the user's team_id is used.
    assert click(slack, block_actions("faqbot_helpful", answer_id, team=None)).status_code == 200
    assert sorted(v["helpful"] for v in votes(tmp_path)) == [0, 1]


def test_the_same_vote_from_the_api_is_a_different_voter(
    slack: TestClient, answer_id: str, tmp_path: Path
) -> None:
    click(slack, block_actions("faqbot_helpful", answer_id))
    api = slack.post(
        "/api/feedback",
        json={"answer_id": answer_id, "helpful": False, "client_id": f"{TEAM}:{USER}"},
    )
    assert api.status_code == 200
    assert len(votes(tmp_path)) == 2


def test_unknown_answer_is_a_200_ephemeral_note(slack: TestClient, tmp_path: Path) -> None:
    r = click(slack, block_actions("faqbot_helpful", "0" * 32))
    assert r.status_code == 200
    reply = r.json()
    assert reply["response_type"] == "ephemeral"
    assert reply["replace_original"] is False
    assert "couldn't find that answer any more" in reply["text"]
    assert votes(tmp_path) == []


def test_store_down_is_a_200_ephemeral_note(
    slack: TestClient, answer_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def down(*args: Any) -> bool:
        raise StoreUnavailable("the question log is not available")

    monkeypatch.setattr(slack.app.state.question_log, "add_feedback", down)  # type: ignore[attr-defined]
    r = click(slack, block_actions("faqbot_helpful", answer_id))
    assert r.status_code == 200
    assert r.json()["response_type"] == "ephemeral"
    assert "try again" in r.json()["text"]


def test_other_interaction_types_are_acknowledged(slack: TestClient) -> None:
    r = click(slack, {"type": "view_closed", "user": {"id": USER}})
    assert r.status_code == 200
    assert r.json() == {}


def test_forged_signature_is_refused(slack: TestClient, answer_id: str, tmp_path: Path) -> None:
    body = interact_body(block_actions("faqbot_helpful", answer_id))
    r = slack.post("/slack/interact", content=body, headers=signed(body, secret="not-it"))
    assert r.status_code == 401
    assert r.json() == {"error": "invalid signature"}
    assert votes(tmp_path) == []


def test_tampered_body_is_refused(slack: TestClient, answer_id: str, tmp_path: Path) -> None:
    body = interact_body(block_actions("faqbot_helpful", answer_id))
    forged = interact_body(block_actions("faqbot_unhelpful", answer_id))
    r = slack.post("/slack/interact", content=forged, headers=signed(body))
    assert r.status_code == 401
    assert votes(tmp_path) == []


def test_stale_timestamp_is_refused(slack: TestClient, answer_id: str) -> None:
    body = interact_body(block_actions("faqbot_helpful", answer_id))
    r = slack.post("/slack/interact", content=body, headers=signed(body, age=6 * 60))
    assert r.status_code == 401
    assert r.json() == {"error": "request timestamp too old or invalid"}


@pytest.mark.parametrize("drop", ["X-Slack-Request-Timestamp", "X-Slack-Signature"])
def test_missing_signature_headers_are_refused(slack: TestClient, drop: str) -> None:
    body = interact_body(block_actions("faqbot_helpful", "0" * 32))
    headers = {k: v for k, v in signed(body).items() if k != drop}
    r = slack.post("/slack/interact", content=body, headers=headers)
    assert r.status_code == 401
    assert r.json() == {"error": "missing Slack signature headers"}


def test_without_a_secret_slack_is_not_configured(settings: Settings, engine: Engine) -> None:
    with TestClient(create_app(settings, engine=engine)) as client:
        body = interact_body(block_actions("faqbot_helpful", "0" * 32))
        r = client.post("/slack/interact", content=body, headers=signed(body))
    assert r.status_code == 503
    assert r.json() == {"error": "Slack is not configured: set FAQBOT_SLACK_SIGNING_SECRET"}


def _without(payload: dict[str, Any], *path: str) -> dict[str, Any]:
    node: Any = payload
    for key in path[:-1]:
        node = node[key]
    if isinstance(node, list):
        node = node[0]
    del node[path[-1]]
    return payload


MALFORMED: list[tuple[str, Any]] = [
    ("not json", "{nope"),
    ("a list", "[1, 2]"),
    ("no type", {"actions": []}),
    ("no actions", _without(block_actions("faqbot_helpful", "a" * 32), "actions")),
    ("empty actions", {**block_actions("faqbot_helpful", "a" * 32), "actions": []}),
    ("foreign action", block_actions("someone_elses_button", "a" * 32)),
    ("no value", _without(block_actions("faqbot_helpful", "a" * 32), "actions", "value")),
    ("blank value", block_actions("faqbot_helpful", "  ")),
    ("long value", block_actions("faqbot_helpful", "a" * 65)),
    ("value not text", block_actions("faqbot_helpful", 7)),  # type: ignore[arg-type]
    ("no user", _without(block_actions("faqbot_helpful", "a" * 32), "user")),
    ("user not an object", {**block_actions("faqbot_helpful", "a" * 32), "user": "U1"}),
]


@pytest.mark.parametrize(("name", "payload"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_payload_is_a_bad_request(slack: TestClient, name: str, payload: Any) -> None:
    r = click(slack, payload)
    assert r.status_code == 400, name
    assert "error" in r.json()


def test_form_without_payload_is_a_bad_request(slack: TestClient) -> None:
    body = urlencode({"text": "hello"})
    r = slack.post("/slack/interact", content=body, headers=signed(body))
    assert r.status_code == 400
    assert "payload" in r.json()["error"]


def test_json_body_is_a_bad_request(slack: TestClient) -> None:
    body = json.dumps(block_actions("faqbot_helpful", "a" * 32))
    headers = {**signed(body), "Content-Type": "application/json"}
    r = slack.post("/slack/interact", content=body, headers=headers)
    assert r.status_code == 400
    assert FORM in r.json()["error"]


def test_non_utf8_body_is_refused_not_a_crash(slack: TestClient) -> None:
    r = slack.post("/slack/interact", content=b"payload=\xff\xfe", headers=signed(""))
    assert r.status_code == 401
