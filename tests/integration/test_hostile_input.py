"""Hostile and broken input on every endpoint: always a clear 4xx (or a sane 200), never a 500.

The clients here are built with `raise_server_exceptions=False`, so an unhandled exception in
the app shows up as a 500 status (and fails the assertion) instead of being raised in the test.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from slack_sdk.signature import SignatureVerifier

from app.config import Settings
from app.engine import Engine
from app.main import create_app

pytestmark = pytest.mark.integration

SECRET = "hostile-test-secret"
FORM = "application/x-www-form-urlencoded"
SCRIPT = "<script>alert(1)</script>"
ONE_MB = 1024 * 1024
MARKER = re.compile(r"\[(\d+)\]")

# Valid but odd questions: each must get a 200 and a well-formed answer.
ODD_QUESTIONS = [
    "🤖🚀 What is Mythos? 🙂",
    "🙂",
    "ما هو ميثوس؟",  # Arabic (right-to-left)
    "מה זה Mythos?",  # Hebrew (right-to-left)
    "\u202eWhat is Mythos?\u202c",  # right-to-left override
    "What is Mythos?\u200b\u200d\ufeff",  # zero-width characters
    "'; DROP TABLE questions; --",
    "1 OR 1=1; SELECT * FROM question_log WHERE '1'='1",
    "Robert'); DELETE FROM feedback;--",
    "What is\x00 Mythos?",  # NUL
    "What\x07 is\x1b[31m Mythos?\x7f",  # bell, ANSI escape, DEL
    "What is\r\nMythos?\t",
    "𝕎𝕙𝕒𝕥 𝕚𝕤 𝕄𝕪𝕥𝕙𝕠𝕤?",  # mathematical alphanumerics
    "Z̷̢͉̈a̴̛͎l̶̰̓g̷̱̅o̵̧͝ what is Mythos?",  # combining marks
    "%s %d {0} {question} ${HOME} $(id) `id`",
    "../../../../etc/passwd",
    "{{ 7*7 }} {% raw %}",  # template injection
    "a",
    "?",
]

INJECTIONS = [
    SCRIPT,
    f"What is Mythos? {SCRIPT}",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)> What is Mythos?",
    "</textarea><script>alert(1)</script>",
]


# ---------------------------------------------------------------------------- fixtures & helpers


@pytest.fixture(scope="module")
def raw(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """A client on an app with a Slack secret, that turns server errors into 500 responses."""
    configured = settings.model_copy(update={"slack_signing_secret": SecretStr(SECRET)})
    app = create_app(configured, engine=engine)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def slack_form(text: str, command: str = "/faq") -> str:
    return urlencode(
        {
            "token": "legacy-token",
            "team_id": "T0001",
            "user_id": "U0001",
            "command": command,
            "text": text,
            "response_url": "https://hooks.slack.com/commands/1/2",
        }
    )


def signed(body: str | bytes, secret: str = SECRET, age: float = 0.0) -> dict[str, str]:
    """Slack's headers; `v0=` HMAC-SHA256 of `v0:{timestamp}:{body}` (any bytes, even non-UTF-8)."""
    timestamp = str(int(time.time() - age))
    raw_body = body.encode() if isinstance(body, str) else body
    mac = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + raw_body, hashlib.sha256)
    signature = f"v0={mac.hexdigest()}"
    if isinstance(body, str):  # the same as Slack's own SDK computes
        assert signature == SignatureVerifier(secret).generate_signature(
            timestamp=timestamp, body=body
        )
    return {
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
        "Content-Type": FORM,
    }


def has_path(raw: TestClient, path: str) -> bool:
    return path in raw.get("/openapi.json").json()["paths"]


def no_5xx(r: Any) -> None:
    assert r.status_code < 500, f"{r.request.method} {r.request.url} -> {r.status_code}: {r.text}"


def readable_error(r: Any) -> str:
    """Assert a 4xx with a human-readable message in its body; return the message text."""
    no_5xx(r)
    assert 400 <= r.status_code < 500, f"expected a 4xx, got {r.status_code}: {r.text[:300]}"
    ctype = r.headers.get("content-type", "")
    if ctype.startswith("text/html"):
        text = r.text
        assert 'class="error"' in text or 'role="alert"' in text, text[:500]
        return text
    assert ctype.startswith("application/json"), f"4xx with content-type {ctype!r}"
    body = r.json()
    assert isinstance(body, dict), body
    if "error" in body:
        message = body["error"]
    else:
        detail = body["detail"]
        if isinstance(detail, list):
            assert detail
            msgs = [item["msg"] for item in detail]
            assert all(isinstance(m, str) and m.strip() for m in msgs), detail
            message = "; ".join(msgs)
        else:
            message = detail
    assert isinstance(message, str) and len(message.strip()) >= 5, body
    return message


def well_formed(data: dict[str, Any], engine: Engine) -> None:
    """The answer contract, as the API returns it."""
    assert isinstance(data["question"], str)
    assert isinstance(data["answered"], bool)
    assert isinstance(data["answer"], str)
    assert 0.0 <= data["confidence"] <= 1.0
    assert len(data["suggestions"]) <= 3
    assert all(isinstance(s, str) and s for s in data["suggestions"])
    ids = {p.id for p in engine.loaded.passages}
    assert all(s["id"] in ids for s in data["sources"])
    if data["answered"]:
        assert data["sources"]
        assert data["answer"].strip()
        for n in MARKER.findall(data["answer"]):
            assert 1 <= int(n) <= len(data["sources"]), data["answer"]
    else:
        assert data["sources"] == []
        assert data["answer"].strip()  # the honest "couldn't find" line


# ---------------------------------------------------------------------------- POST /api/ask


@pytest.mark.parametrize("question", ["", " ", "   \t\n  ", "\u3000", "\n"])
def test_api_empty_or_blank_question(raw: TestClient, question: str) -> None:
    r = raw.post("/api/ask", json={"question": question})
    assert r.status_code == 422
    assert "empty" in readable_error(r)


def test_api_over_long_question(raw: TestClient, settings: Settings) -> None:
    r = raw.post("/api/ask", json={"question": "why " * settings.max_question_chars})
    assert r.status_code == 422
    assert str(settings.max_question_chars) in readable_error(r)


def test_api_over_long_history_item(raw: TestClient, settings: Settings) -> None:
    body = {"question": "What is Mythos?", "history": ["x" * (settings.max_question_chars + 1)]}
    r = raw.post("/api/ask", json=body)
    assert r.status_code == 422
    assert "history[0]" in readable_error(r)


def test_api_too_many_history_items(raw: TestClient) -> None:
    r = raw.post("/api/ask", json={"question": "What is Mythos?", "history": ["a"] * 1000})
    assert r.status_code == 422
    assert "at most" in readable_error(r)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(json.dumps({"question": "a" * ONE_MB}).encode(), id="1MB-question"),
        pytest.param(
            json.dumps({"question": "What?", "history": ["b" * 1000] * 20 * 50}).encode(),
            id="1MB-history",
        ),
        pytest.param(b"{" * ONE_MB, id="1MB-invalid-json"),
        pytest.param(b"[" * ONE_MB, id="1MB-nested-arrays"),
        pytest.param(b'{"question": "' + b"\xff" * ONE_MB + b'"}', id="1MB-non-utf8"),
    ],
)
def test_api_one_megabyte_bodies(raw: TestClient, body: bytes) -> None:
    r = raw.post("/api/ask", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code in (400, 413, 422)
    readable_error(r)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b"not json",
        b'{"question": "What is Mythos?",}',
        b"{'question': 'What is Mythos?'}",
        b'{"question": "What is Mythos?"} trailing',
        b"\x00\x01\x02",
        # Python's json accepts these non-standard literals; FastAPI's 422 handler then echoes
        # the float back as `input`, which JSONResponse (allow_nan=False) cannot serialise.
        b"NaN",
        b"Infinity",
        b'{"question": NaN}',
        b'{"question": "What is Mythos?", "history": [-Infinity]}',
        b'{"question": "What is Mythos?", "format": Infinity}',
    ],
)
def test_api_invalid_json(raw: TestClient, body: bytes) -> None:
    r = raw.post("/api/ask", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code in (400, 422)
    readable_error(r)


@pytest.mark.parametrize(
    "body",
    [
        b'{"question": "\xff\xfe What?"}',
        b'{"question": "caf\xe9"}',  # latin-1, not UTF-8
        b"\xfe\xff\x00{",  # BOM-ish garbage
        '{"question": "What is Mythos?"}'.encode("utf-16"),
    ],
)
def test_api_non_utf8_bytes(raw: TestClient, body: bytes) -> None:
    r = raw.post("/api/ask", content=body, headers={"Content-Type": "application/json"})
    no_5xx(r)
    if r.status_code != 200:
        readable_error(r)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"question": "\\ud800 What is Mythos?"}', id="lone-high-surrogate"),
        pytest.param(b'{"question": "What is \\udfff?"}', id="lone-low-surrogate"),
        pytest.param(
            b'{"question": "What is Mythos?", "history": ["\\ud83d"]}', id="surrogate-history"
        ),
    ],
)
def test_api_lone_surrogates_escaped_in_json(raw: TestClient, body: bytes) -> None:
    """Valid JSON (escaped `\\uD800`) that decodes to a string UTF-8 cannot encode."""
    r = raw.post("/api/ask", content=body, headers={"Content-Type": "application/json"})
    no_5xx(r)
    if r.status_code != 200:
        readable_error(r)


@pytest.mark.parametrize(
    "body",
    [
        {"question": 42},
        {"question": 4.2},
        {"question": True},
        {"question": None},
        {"question": ["What is Mythos?"]},
        {"question": {"text": "What is Mythos?"}},
        {"question": "What is Mythos?", "history": "not a list"},
        {"question": "What is Mythos?", "history": [1, 2]},
        {"question": "What is Mythos?", "history": [None]},
        {"question": "What is Mythos?", "history": [["nested"]]},
        {"question": "What is Mythos?", "history": {"a": 1}},
        {"question": "What is Mythos?", "format": "pdf"},
        {"question": "What is Mythos?", "format": 1},
        {"question": "What is Mythos?", "format": None},
        {"question": "What is Mythos?", "format": "HTML"},
    ],
)
def test_api_wrong_types(raw: TestClient, body: dict[str, Any]) -> None:
    r = raw.post("/api/ask", json=body)
    assert r.status_code == 422
    readable_error(r)


@pytest.mark.parametrize(
    "body",
    [{}, {"history": []}, {"q": "What is Mythos?"}, {"Question": "What is Mythos?"}],
)
def test_api_missing_fields(raw: TestClient, body: dict[str, Any]) -> None:
    r = raw.post("/api/ask", json=body)
    assert r.status_code == 422
    assert "question is required" in readable_error(r)


@pytest.mark.parametrize("body", [[], ["What is Mythos?"], "What is Mythos?", 42, None, True])
def test_api_body_not_an_object(raw: TestClient, body: Any) -> None:
    r = raw.post("/api/ask", json=body)
    assert r.status_code == 422
    readable_error(r)


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        FORM,
        "multipart/form-data; boundary=x",
        "application/xml",
        "application/json; charset=latin-1",
        "application/x-www-form-urlencoded; charset=utf-8",
        "",
        "garbage",
    ],
)
def test_api_wrong_content_type(raw: TestClient, content_type: str) -> None:
    body = json.dumps({"question": "What is Mythos?"})
    r = raw.post("/api/ask", content=body, headers={"Content-Type": content_type})
    no_5xx(r)
    if r.status_code != 200:
        readable_error(r)


def test_api_form_body_is_a_clear_error(raw: TestClient) -> None:
    r = raw.post("/api/ask", content="question=What+is+Mythos%3F", headers={"Content-Type": FORM})
    assert 400 <= r.status_code < 500
    readable_error(r)


@pytest.mark.parametrize("question", ODD_QUESTIONS)
def test_api_odd_but_valid_questions_get_answers(
    raw: TestClient, engine: Engine, question: str
) -> None:
    r = raw.post("/api/ask", json={"question": question, "history": [question]})
    assert r.status_code == 200, r.text
    data = r.json()
    well_formed(data, engine)
    assert data["question"] == question.strip()


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
@pytest.mark.parametrize("question", INJECTIONS)
def test_api_injection_is_never_rendered_raw(
    raw: TestClient, engine: Engine, question: str, fmt: str
) -> None:
    r = raw.post("/api/ask", json={"question": question, "history": [SCRIPT], "format": fmt})
    assert r.status_code == 200, r.text
    data = r.json()
    well_formed(data, engine)
    if fmt in ("html", "markdown"):
        rendered = data["rendered"].lower()
        assert "<script" not in rendered
        assert "<img" not in rendered


# ---------------------------------------------------------------------------- GET /help


@pytest.mark.parametrize("question", INJECTIONS)
def test_help_page_escapes_injection(raw: TestClient, question: str) -> None:
    r = raw.get("/help", params={"q": question, "h": [SCRIPT, question]})
    assert r.status_code == 200, r.text
    page = r.text.lower()
    assert "<script" not in page
    assert "<img" not in page
    assert "&lt;script&gt;" in page or "&lt;img" in page


def test_help_page_escapes_injection_in_error(raw: TestClient, settings: Settings) -> None:
    question = SCRIPT * (settings.max_question_chars // len(SCRIPT) + 1)
    r = raw.get("/help", params={"q": question})
    assert r.status_code == 422
    readable_error(r)
    assert "<script" not in r.text.lower()


@pytest.mark.parametrize("q", ["", " ", "\t\n"])
def test_help_page_blank_question_is_a_note(raw: TestClient, q: str) -> None:
    r = raw.get("/help", params={"q": q})
    assert r.status_code == 200
    assert "Please type a question first." in r.text


@pytest.mark.parametrize("q", ["", " "])
def test_help_json_blank_question(raw: TestClient, q: str) -> None:
    r = raw.get("/help", params={"q": q, "format": "json"})
    assert r.status_code == 422
    assert "empty" in readable_error(r)


def test_help_json_without_question(raw: TestClient) -> None:
    r = raw.get("/help", params={"format": "json"})
    assert r.status_code == 422
    readable_error(r)


@pytest.mark.parametrize("fmt", ["html", "json"])
def test_help_over_long_question(raw: TestClient, settings: Settings, fmt: str) -> None:
    r = raw.get("/help", params={"q": "why " * settings.max_question_chars, "format": fmt})
    assert r.status_code == 422
    assert str(settings.max_question_chars) in readable_error(r)


@pytest.mark.parametrize("fmt", ["html", "json"])
def test_help_over_long_history(raw: TestClient, settings: Settings, fmt: str) -> None:
    long = "x" * (settings.max_question_chars + 1)
    r = raw.get("/help", params={"q": "What is Mythos?", "h": [long], "format": fmt})
    assert r.status_code == 422
    readable_error(r)


@pytest.mark.parametrize("fmt", ["html", "json"])
def test_help_huge_query_string(raw: TestClient, fmt: str) -> None:
    r = raw.get("/help", params={"q": "a" * 50_000, "format": fmt})
    assert r.status_code in (414, 422, 431)
    readable_error(r)


def test_help_many_history_params(raw: TestClient) -> None:
    r = raw.get("/help", params={"q": "What is Mythos?", "h": ["x"] * 500})
    assert r.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "q=%ff%fe",  # percent-encoded non-UTF-8
        "q=%ED%A0%80",  # UTF-8 encoded surrogate
        "q=%00%01%1b",
        "q=%",
        "q=%zz",
        "q=What%20is%20Mythos%3F&format=%ff",
        "q=a&q=b&format=json",
        "h=%ff&q=What+is+Mythos%3F",
        "format=xml&q=What+is+Mythos%3F",
        "q[]=1&q[x]=2",
        "&&&==&=",
    ],
)
def test_help_broken_query_strings(raw: TestClient, query: str) -> None:
    r = raw.get(f"/help?{query}")
    no_5xx(r)
    if r.status_code != 200:
        readable_error(r)


@pytest.mark.parametrize("question", ODD_QUESTIONS)
def test_help_odd_but_valid_questions(raw: TestClient, engine: Engine, question: str) -> None:
    r = raw.get("/help", params={"q": question, "format": "json"})
    assert r.status_code == 200, r.text
    well_formed(r.json(), engine)
    page = raw.get("/help", params={"q": question})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")


# ---------------------------------------------------------------------------- POST /slack/command


def test_slack_forged_signature(raw: TestClient) -> None:
    body = slack_form("What is Mythos?")
    r = raw.post("/slack/command", content=body, headers=signed(body, secret="forged"))
    assert r.status_code == 401
    assert readable_error(r) == "invalid signature"


@pytest.mark.parametrize(
    "signature",
    ["", "v0=", "v0=" + "0" * 64, "v1=abc", "garbage", "v0=" + "z" * 64, "v0=" + "a" * 10_000],
)
def test_slack_malformed_signatures(raw: TestClient, signature: str) -> None:
    body = slack_form("What is Mythos?")
    headers = {**signed(body), "X-Slack-Signature": signature}
    r = raw.post("/slack/command", content=body, headers=headers)
    assert r.status_code == 401
    readable_error(r)


@pytest.mark.parametrize("age", [6 * 60, 60 * 60, 10**9, -6 * 60])
def test_slack_replayed_or_future_timestamp(raw: TestClient, age: float) -> None:
    body = slack_form("What is Mythos?")
    r = raw.post("/slack/command", content=body, headers=signed(body, age=age))
    assert r.status_code == 401
    assert "timestamp" in readable_error(r)


@pytest.mark.parametrize(
    "timestamp",
    [
        pytest.param("", id="empty"),
        pytest.param("yesterday", id="word"),
        pytest.param("1e9", id="exponent"),
        pytest.param("-1", id="negative"),
        pytest.param("9" * 400, id="huge-int"),  # int() fine, float(time) - int overflows
        pytest.param("1.5", id="fraction"),
        pytest.param(" 0x10", id="hex"),
        pytest.param("NaN", id="nan"),
        pytest.param("١٢".encode(), id="arabic-indic-digits"),  # int() accepts them
        pytest.param(b"\xff\xfe", id="non-utf8"),
    ],
)
def test_slack_bad_timestamps(raw: TestClient, timestamp: str | bytes) -> None:
    body = slack_form("What is Mythos?")
    headers: dict[str, Any] = {**signed(body), "X-Slack-Request-Timestamp": timestamp}
    r = raw.post("/slack/command", content=body, headers=headers)
    assert r.status_code == 401
    readable_error(r)


@pytest.mark.parametrize(
    "drop",
    [
        ("X-Slack-Request-Timestamp",),
        ("X-Slack-Signature",),
        ("X-Slack-Request-Timestamp", "X-Slack-Signature"),
    ],
)
def test_slack_missing_headers(raw: TestClient, drop: tuple[str, ...]) -> None:
    body = slack_form("What is Mythos?")
    headers = {k: v for k, v in signed(body).items() if k not in drop}
    r = raw.post("/slack/command", content=body, headers=headers)
    assert r.status_code == 401
    assert "missing" in readable_error(r)


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "text/plain", "multipart/form-data; boundary=x", "", "garbage"],
)
def test_slack_wrong_content_type(raw: TestClient, content_type: str) -> None:
    body = slack_form("What is Mythos?")
    headers = {**signed(body), "Content-Type": content_type}
    r = raw.post("/slack/command", content=body, headers=headers)
    assert r.status_code == 400
    assert FORM in readable_error(r)


def test_slack_missing_content_type(raw: TestClient) -> None:
    body = slack_form("What is Mythos?")
    headers = {k: v for k, v in signed(body).items() if k != "Content-Type"}
    r = raw.post("/slack/command", content=body.encode(), headers=headers)
    assert 400 <= r.status_code < 500
    readable_error(r)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"text=hello", id="no-command"),
        pytest.param(b"&&&", id="ampersands"),
        pytest.param(b"command", id="no-equals"),
        pytest.param(b'{"command": "/faq"}', id="json"),
        pytest.param(b"command=/faq&text=\xff\xfe", id="non-utf8"),
        pytest.param(b"command=%2Ffaq&text=%ff%fe", id="percent-non-utf8"),
        pytest.param(b"\x00\x01\x02", id="binary"),
    ],
)
def test_slack_broken_forms_correctly_signed(raw: TestClient, body: bytes) -> None:
    r = raw.post("/slack/command", content=body, headers=signed(body))
    no_5xx(r)
    if r.status_code != 200:
        readable_error(r)


def test_slack_one_megabyte_body(raw: TestClient, settings: Settings) -> None:
    # Slack never sends this much; the body cap refuses it before it is read or verified.
    body = slack_form("a" * ONE_MB)
    r = raw.post("/slack/command", content=body, headers=signed(body))
    assert r.status_code == 413
    readable_error(r)


def test_slack_over_long_text_gets_a_friendly_note(raw: TestClient, settings: Settings) -> None:
    body = slack_form("a" * (settings.max_question_chars + 100))
    r = raw.post("/slack/command", content=body, headers=signed(body))
    assert r.status_code == 200  # Slack always gets a message: a friendly "too long" note
    assert str(settings.max_question_chars) in r.json()["text"]


def mrkdwn(reply: dict[str, Any]) -> str:
    out = [reply["text"]]
    for block in reply.get("blocks", []):
        if block["type"] == "section":
            out.append(block["text"]["text"])
        elif block["type"] == "context":
            out.extend(e["text"] for e in block["elements"])
    return "\n".join(out)


@pytest.mark.parametrize("question", [*INJECTIONS, "<!channel> <@U123|boss> <!here> & co"])
def test_slack_injection_is_escaped(raw: TestClient, question: str) -> None:
    body = slack_form(question)
    r = raw.post("/slack/command", content=body, headers=signed(body))
    assert r.status_code == 200, r.text
    text = mrkdwn(r.json())
    assert "<script" not in text.lower()
    assert "<img" not in text.lower()
    assert "<!channel>" not in text
    assert "<!here>" not in text
    assert "<@U123" not in text


@pytest.mark.parametrize("question", ODD_QUESTIONS)
def test_slack_odd_but_valid_questions(raw: TestClient, question: str) -> None:
    body = slack_form(question)
    r = raw.post("/slack/command", content=body, headers=signed(body))
    assert r.status_code == 200, r.text
    reply = r.json()
    assert reply["response_type"] in ("ephemeral", "in_channel")
    assert isinstance(reply["text"], str) and reply["text"].strip()


# ---------------------------------------------------------------------------- POST /api/feedback


def feedback_routes(raw: TestClient) -> bool:
    return has_path(raw, "/api/feedback")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"answer_id": "x"},
        {"helpful": True},
        {"answer_id": "", "helpful": True},
        {"answer_id": "x" * 65, "helpful": True},
        {"answer_id": 123, "helpful": True},
        {"answer_id": None, "helpful": True},
        {"answer_id": "x", "helpful": "maybe"},
        {"answer_id": "x", "helpful": None},
        {"answer_id": "x", "helpful": [True]},
        {"answer_id": "x", "helpful": True, "comment": "c" * 1001},
        {"answer_id": "x", "helpful": True, "comment": 5},
        {"answer_id": "x", "helpful": True, "client_id": "c" * 201},
        [],
        "yes",
    ],
)
def test_feedback_invalid_bodies(raw: TestClient, body: Any) -> None:
    if not feedback_routes(raw):
        pytest.skip("no /api/feedback route")
    r = raw.post("/api/feedback", json=body)
    assert r.status_code == 422
    readable_error(r)


@pytest.mark.parametrize(
    "answer_id",
    ["no-such-answer", "   ", "' OR 1=1 --", SCRIPT, "🙂", "\x00", "a" * 64, "%", "_"],
)
def test_feedback_unknown_answer_id(raw: TestClient, answer_id: str) -> None:
    if not feedback_routes(raw):
        pytest.skip("no /api/feedback route")
    r = raw.post("/api/feedback", json={"answer_id": answer_id, "helpful": False})
    assert r.status_code in (404, 422)
    readable_error(r)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b"\xff\xfe",
        b'{"answer_id": "\\ud800", "helpful": true}',
        b'{"answer_id": NaN, "helpful": true}',
        b"[" * ONE_MB,
    ],
)
def test_feedback_broken_bytes(raw: TestClient, body: bytes) -> None:
    if not feedback_routes(raw):
        pytest.skip("no /api/feedback route")
    r = raw.post("/api/feedback", content=body, headers={"Content-Type": "application/json"})
    assert 400 <= r.status_code < 500
    readable_error(r)


@pytest.mark.parametrize(
    "comment", [SCRIPT, "'; DROP TABLE feedback; --", "🙂 ما هو", "\x00\x1b[31m", "  "]
)
def test_feedback_odd_comment_on_a_real_answer(raw: TestClient, comment: str) -> None:
    if not feedback_routes(raw):
        pytest.skip("no /api/feedback route")
    answer_id = raw.post("/api/ask", json={"question": "What is Mythos?"}).json()["answer_id"]
    body = {"answer_id": answer_id, "helpful": True, "comment": comment, "client_id": comment}
    deadline = time.monotonic() + 5
    while True:  # the answer's record is written in the background: retry a 404 briefly
        r = raw.post("/api/feedback", json=body)
        if r.status_code != 404 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    no_5xx(r)
    assert r.status_code == 200, r.text
    assert r.json() == {"ok": True}


# ---------------------------------------------------------------------------- feedback surfaces
# POST /slack/interact (Slack's Helpful / Not helpful buttons) and POST /help/feedback (the help
# page's form), when the app has them.


def interaction(payload: Any) -> str:
    text = payload if isinstance(payload, str) else json.dumps(payload)
    return urlencode({"payload": text})


def vote_action() -> str:
    from app.api import slack as slack_api

    return next(iter(getattr(slack_api, "VOTES", {"faqbot_helpful": True})))


def block_actions(value: Any, user: Any = None, action_id: str | None = None) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "user": {"id": "U1", "team_id": "T1"} if user is None else user,
        "team": {"id": "T1"},
        "actions": [{"action_id": action_id or vote_action(), "value": value}],
    }


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(None, id="no-payload"),
        pytest.param("not json", id="not-json"),
        pytest.param("NaN", id="nan"),
        pytest.param([], id="list"),
        pytest.param({}, id="no-type"),
        pytest.param({"type": 5}, id="type-int"),
        pytest.param({"type": "block_actions"}, id="no-actions"),
        pytest.param({"type": "block_actions", "actions": "x"}, id="actions-str"),
        pytest.param({"type": "block_actions", "actions": [None]}, id="action-none"),
        pytest.param(block_actions("a1", action_id="nope"), id="unknown-action"),
        pytest.param(block_actions(5), id="value-int"),
        pytest.param(block_actions(""), id="value-empty"),
        pytest.param(block_actions("x" * 1000), id="value-long"),
        pytest.param(block_actions(None), id="value-none"),
        pytest.param(block_actions("a1", user="U1"), id="user-str"),
        pytest.param(block_actions("a1", user={"id": 5}), id="user-id-int"),
        pytest.param(block_actions("a1", user={"id": "U1", "team_id": 7}), id="team-int"),
        pytest.param(block_actions("no-such-answer"), id="unknown-answer"),
        pytest.param(block_actions(SCRIPT), id="value-script"),
        pytest.param(block_actions("' OR 1=1 --"), id="value-sql"),
        pytest.param(block_actions("\ud800"), id="value-surrogate"),  # sent as "\\ud800"
        pytest.param('{"type": "block_actions", "actions": [{"value": NaN}]}', id="nan-value"),
        pytest.param({"type": "view_submission"}, id="other-type"),
    ],
)
def test_slack_interact_hostile_payloads(raw: TestClient, payload: Any) -> None:
    if not has_path(raw, "/slack/interact"):
        pytest.skip("no /slack/interact route")
    body = urlencode({"token": "t"}) if payload is None else interaction(payload)
    r = raw.post("/slack/interact", content=body, headers=signed(body))
    no_5xx(r)
    if r.status_code != 200:
        readable_error(r)


@pytest.mark.parametrize(
    "case", ["forged", "stale", "no-headers", "json-type", "non-utf8", "empty", "one-mb"]
)
def test_slack_interact_refuses_unsigned_and_broken(raw: TestClient, case: str) -> None:
    if not has_path(raw, "/slack/interact"):
        pytest.skip("no /slack/interact route")
    body: str | bytes = interaction(block_actions("a1"))
    headers = signed(body)
    if case == "forged":
        headers = signed(body, secret="forged")
    elif case == "stale":
        headers = signed(body, age=10 * 60)
    elif case == "no-headers":
        headers = {"Content-Type": FORM}
    elif case == "json-type":
        headers["Content-Type"] = "application/json"
    elif case == "non-utf8":
        body = b"payload=\xff\xfe"
        headers = signed(body)
    elif case == "empty":
        body = b""
        headers = signed(body)
    elif case == "one-mb":
        body = interaction(block_actions("a" * ONE_MB))
        headers = signed(body)
    r = raw.post("/slack/interact", content=body, headers=headers)
    assert 400 <= r.status_code < 500
    readable_error(r)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param("answer_id=x&helpful=yes", "application/json", id="json-type"),
        pytest.param("", FORM, id="empty"),
        pytest.param("helpful=yes", FORM, id="no-answer-id"),
        pytest.param("answer_id=x", FORM, id="no-helpful"),
        pytest.param("answer_id=x&helpful=maybe", FORM, id="helpful-maybe"),
        pytest.param("answer_id=" + "x" * 65 + "&helpful=yes", FORM, id="long-id"),
        pytest.param("answer_id=x&helpful=yes&comment=" + "c" * 1001, FORM, id="long-comment"),
        pytest.param("answer_id=x&helpful=yes&q=" + "q" * 600, FORM, id="long-question"),
        pytest.param("answer_id=no-such&helpful=no", FORM, id="unknown-answer"),
        pytest.param("answer_id=%ff%fe&helpful=no", FORM, id="percent-non-utf8"),
        pytest.param("answer_id=x&helpful=yes&" + "a=1&" * 5000, FORM, id="many-fields"),
        pytest.param("%", FORM, id="percent"),
        pytest.param("c=" + "x" * ONE_MB, FORM, id="one-mb"),
    ],
)
def test_help_feedback_hostile_forms(raw: TestClient, body: str, content_type: str) -> None:
    if not has_path(raw, "/help/feedback"):
        pytest.skip("no /help/feedback route")
    r = raw.post(
        "/help/feedback",
        content=body,
        headers={"Content-Type": content_type},
        follow_redirects=False,
    )
    assert 400 <= r.status_code < 500, f"{r.status_code}: {r.text[:300]}"
    readable_error(r)


@pytest.mark.parametrize("comment", [SCRIPT, "\x00", "🙂 ما هو"])
def test_help_feedback_escapes_injection(raw: TestClient, comment: str) -> None:
    if not has_path(raw, "/help/feedback"):
        pytest.skip("no /help/feedback route")
    form = urlencode({"answer_id": SCRIPT, "helpful": "yes", "comment": comment, "q": SCRIPT})
    r = raw.post("/help/feedback", content=form, headers={"Content-Type": FORM})
    no_5xx(r)
    assert "<script" not in r.text.lower()


def test_help_feedback_non_utf8_bytes(raw: TestClient) -> None:
    if not has_path(raw, "/help/feedback"):
        pytest.skip("no /help/feedback route")
    r = raw.post(
        "/help/feedback", content=b"answer_id=\xff&helpful=yes", headers={"Content-Type": FORM}
    )
    assert r.status_code == 400
    readable_error(r)


# ---------------------------------------------------------------------------- wrong methods


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/ask"),
        ("PUT", "/api/ask"),
        ("DELETE", "/api/ask"),
        ("PATCH", "/api/ask"),
        ("GET", "/api/feedback"),
        ("POST", "/help"),
        ("PUT", "/help"),
        ("GET", "/slack/command"),
        ("PUT", "/slack/command"),
        ("POST", "/widget.js"),
        ("DELETE", "/widget.js"),
        ("POST", "/"),
        ("GET", "/slack/interact"),
        ("GET", "/help/feedback"),
        ("POST", "/healthz"),
        ("POST", "/readyz"),
        ("DELETE", "/readyz"),
    ],
)
def test_wrong_method_is_405(raw: TestClient, method: str, path: str) -> None:
    if not has_path(raw, path) and path not in ("/", "/widget.js"):
        pytest.skip(f"no {path} route")
    r = raw.request(method, path, content=b"{}", headers={"Content-Type": "application/json"})
    assert r.status_code == 405
    readable_error(r)
    assert "allow" in {k.lower() for k in r.headers}


@pytest.mark.parametrize(
    "path", ["/api", "/api/", "/api/ask/", "/nope", "/help/x", "/%ff", "/.env"]
)
def test_unknown_paths_are_404(raw: TestClient, path: str) -> None:
    r = raw.get(path)
    assert r.status_code in (404, 405, 307), r.text
    if r.status_code != 307:
        readable_error(r)


@pytest.mark.parametrize("path", ["/", "/widget.js", "/healthz", "/readyz", "/help"])
def test_get_endpoints_ignore_junk(raw: TestClient, path: str) -> None:
    r = raw.get(
        path,
        params={"x": SCRIPT, "q": "\x00\u202e🙂"},
        headers={"Content-Type": "application/json", "X-Faqbot-Surface": "\x7f" * 10},
    )
    assert r.status_code == 200, r.text
    if path in ("/", "/help"):
        assert SCRIPT not in r.text


def test_head_requests(raw: TestClient) -> None:
    for path in ("/", "/widget.js", "/healthz", "/help"):
        r = raw.head(path)
        no_5xx(r)
