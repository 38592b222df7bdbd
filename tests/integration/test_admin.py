"""The curator's dashboard and CSV export: off without a token, token checks, seeded content."""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from app.api.admin import COOKIE, CSP, REDACT_TOKENS, cookie_value
from app.config import Settings
from app.engine import Engine
from app.main import create_app
from app.store import QuestionRecord, Store

pytestmark = pytest.mark.integration

TOKEN = "s3cret-admin-token-for-tests"
UNANSWERED = "How do I reset my password?"
NOW = datetime.now(UTC)


def admin_settings(settings: Settings, tmp_path: Path, **changes: Any) -> Settings:
    return settings.model_copy(
        update={
            "database_url": f"sqlite:///{tmp_path / 'data' / 'faqbot.db'}",
            "admin_token": SecretStr(TOKEN),
            **changes,
        }
    )


def seed(settings: Settings) -> None:
    """Six recent questions (3 unanswered, 2 of them the same) and three votes."""
    asked = [
        ("What is Mythos?", True, ("p-mythos",), "api"),
        ("what is mythos", True, ("p-mythos",), "widget"),
        (UNANSWERED, False, (), "widget"),
        ("how do i reset my password", False, (), "slack"),
        ("<script>alert(1)</script>", False, (), "help"),
        ('=HYPERLINK("http://evil.example")', True, ("p-x",), "api"),
    ]
    store = Store.open(settings.database_url)
    try:
        store.add_questions(
            [
                QuestionRecord(
                    answer_id=f"{i:032x}",
                    surface=surface,  # type: ignore[arg-type]
                    question=q,
                    answered=answered,
                    confidence=0.8 if answered else 0.1,
                    source_ids=sources,
                    latency_ms=12.5,
                    asked_at=NOW - timedelta(days=i, minutes=5),
                )
                for i, (q, answered, sources, surface) in enumerate(asked)
            ]
        )
        store.add_feedback(f"{0:032x}", "u1", True)
        store.add_feedback(f"{1:032x}", "u1", False, "too vague")
        store.add_feedback(f"{1:032x}", "u2", False)
    finally:
        store.close()


@pytest.fixture()
def admin(settings: Settings, engine: Engine, tmp_path: Path) -> Iterator[TestClient]:
    configured = admin_settings(settings, tmp_path)
    seed(configured)
    with TestClient(create_app(configured, engine=engine)) as client:
        yield client


def with_cookie(client: TestClient, value: str) -> Any:
    client.cookies.set(COOKIE, value)
    try:
        return client.get("/admin")
    finally:
        client.cookies.clear()


def bearer(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_admin_is_off_without_a_token(settings: Settings, engine: Engine, tmp_path: Path) -> None:
    for token in (None, SecretStr(""), SecretStr("  ")):
        off = admin_settings(settings, tmp_path, admin_token=token)
        with TestClient(create_app(off, engine=engine)) as client:
            for path in ("/admin", "/admin/export.csv", f"/admin?token={TOKEN}"):
                response = client.get(path, headers=bearer())
                assert response.status_code == 404, path
                assert "set-cookie" not in response.headers


def test_missing_token_is_401(admin: TestClient) -> None:
    for path in ("/admin", "/admin/export.csv"):
        response = admin.get(path)
        assert response.status_code == 401
        assert response.json()["detail"].startswith("A valid admin token is needed")
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.headers["cache-control"] == "no-store"
    page = admin.get("/admin", headers={"Accept": "text/html"})
    assert page.status_code == 401 and page.headers["content-type"].startswith("text/html")
    assert "Curator&#39;s dashboard" in page.text or "Curator's dashboard" in page.text
    assert "refresh" not in page.text


def test_wrong_token_is_401_and_never_echoed(admin: TestClient) -> None:
    wrong = "wrong-token-value"
    attempts = [
        admin.get("/admin", headers=bearer(wrong)),
        admin.get("/admin", headers=bearer(TOKEN + "x")),
        admin.get("/admin/export.csv", headers=bearer(wrong)),
        admin.get("/admin", params={"token": wrong}, follow_redirects=False),
        admin.get("/admin", params={"token": ""}, follow_redirects=False),
        admin.get("/admin", headers={"Authorization": f"Basic {TOKEN}"}),
        with_cookie(admin, TOKEN),
        with_cookie(admin, "0" * 64),
    ]
    for response in attempts:
        assert response.status_code == 401
        assert "set-cookie" not in response.headers
        assert wrong not in response.text and TOKEN not in response.text


def test_right_token_in_the_header(admin: TestClient) -> None:
    response = admin.get("/admin", headers=bearer())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CSP
    assert CSP.startswith(
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; frame-ancestors 'none'"
    )
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-store"
    assert "set-cookie" not in response.headers
    assert TOKEN not in response.text


def test_token_in_the_query_sets_the_cookie_and_redirects(admin: TestClient) -> None:
    response = admin.get("/admin", params={"token": TOKEN, "x": "1"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin?x=1"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}={cookie_value(TOKEN)};")
    assert TOKEN not in cookie
    for part in ("HttpOnly", "SameSite=strict", "Path=/admin", "Max-Age="):
        assert part.lower() in cookie.lower()
    assert "secure" not in cookie.lower()  # plain http in tests

    # The client kept the cookie: the dashboard and the export now open without the token.
    page = admin.get("/admin")
    assert page.status_code == 200 and "Top unanswered questions" in page.text
    assert admin.get("/admin/export.csv").status_code == 200

    admin.cookies.clear()
    assert admin.get("/admin").status_code == 401


def test_cookie_is_bound_to_the_token(settings: Settings, engine: Engine, tmp_path: Path) -> None:
    changed = admin_settings(settings, tmp_path, admin_token=SecretStr("another-token"))
    with TestClient(create_app(changed, engine=engine)) as client:
        assert with_cookie(client, cookie_value(TOKEN)).status_code == 401
        assert with_cookie(client, cookie_value("another-token")).status_code == 200


def test_cross_site_navigation_without_cookie_bounces_once(admin: TestClient) -> None:
    navigate = {"Accept": "text/html", "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}
    bounce = admin.get("/admin", headers=navigate)
    assert bounce.status_code == 401
    assert '<meta http-equiv="refresh" content="0">' in bounce.text
    again = admin.get("/admin", headers={**navigate, "Sec-Fetch-Site": "same-origin"})
    assert again.status_code == 401 and "refresh" not in again.text


def test_dashboard_shows_the_seeded_log(admin: TestClient) -> None:
    page = admin.get("/admin", headers=bearer()).text
    unanswered = page.split('id="unanswered"')[1].split("</table>")[0]
    first = unanswered.split("<tr>")[2]  # after the header row
    assert UNANSWERED in first and '<span class="count">2</span>' in first
    assert "how do i reset my password" in first  # the grouped variant
    assert "<script>alert(1)</script>" not in page  # autoescaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in unanswered
    assert "<script" not in page
    # Totals: 6 questions, 3 answered; 1 helpful of 3 votes.
    assert ">6<" in page and "50%" in page and "33%" in page
    assert "1 helpful of 3 votes" in page
    # Charts: a bar per day with questions, the answer-rate line, four surfaces.
    chart = page.split('id="questions-chart"')[1].split("</svg>")[0]
    assert chart.count('<rect class="bar"') == 6
    assert '<polyline class="rate"' in chart
    donut = page.split('id="surfaces-chart"')[1].split("</svg>")[0]
    assert donut.count('class="slice') == 4
    votes = page.split('id="votes-chart"')[1].split("</svg>")[0]
    assert votes.count('class="up"') == 1 and votes.count('class="down"') == 1
    # The unhelpful answer with its cited source and comment.
    unhelpful = page.split('id="unhelpful"')[1].split("</table>")[0]
    assert "p-mythos" in unhelpful and "too vague" in unhelpful
    assert '<span class="down-count">2</span>' in unhelpful


def test_dashboard_without_data(settings: Settings, engine: Engine, tmp_path: Path) -> None:
    with TestClient(create_app(admin_settings(settings, tmp_path), engine=engine)) as client:
        page = client.get("/admin", headers=bearer())
        assert page.status_code == 200
        assert "No questions in the last 30 days" in page.text
        assert "Every question was answered" in page.text
        export = client.get("/admin/export.csv", headers=bearer())
        assert export.text.splitlines() == [
            "asked_at,surface,question,answered,confidence,source_ids,latency_ms,"
            "helpful_up,helpful_down"
        ]


def test_dashboard_with_recording_off(settings: Settings, engine: Engine, tmp_path: Path) -> None:
    off = admin_settings(settings, tmp_path, record_questions=False)
    with TestClient(create_app(off, engine=engine)) as client:
        page = client.get("/admin", headers=bearer())
        assert page.status_code == 200 and "recording is off" in page.text
        assert client.get("/admin/export.csv", headers=bearer()).status_code == 503


def test_export_csv_of_questions_asked_through_the_api(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    configured = admin_settings(settings, tmp_path)
    with TestClient(create_app(configured, engine=engine)) as client:
        answered = client.post("/api/ask", json={"question": "What is Mythos?"}).json()
        declined = client.post(
            "/api/ask",
            json={"question": "What's the capital of France?"},
            headers={"X-Faqbot-Surface": "widget"},
        ).json()
        vote = {"answer_id": answered["answer_id"], "helpful": True}
        assert client.post("/api/feedback", json=vote).status_code == 200
        down = {**vote, "helpful": False, "client_id": "tab-2"}
        assert client.post("/api/feedback", json=down).status_code == 200
        up = {**vote, "client_id": "tab-3"}
        assert client.post("/api/feedback", json=up).status_code == 200
        response = client.get("/admin/export.csv", headers=bearer())
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="faqbot-questions.csv"'
    )
    assert response.headers["cache-control"] == "no-store"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["question"] for r in rows] == ["What is Mythos?", "What's the capital of France?"]
    first, second = rows
    assert first["surface"] == "api" and first["answered"] == "true"
    assert first["source_ids"].split() == [s["id"] for s in answered["sources"]]
    assert float(first["confidence"]) == pytest.approx(answered["confidence"], abs=1e-4)
    assert float(first["latency_ms"]) > 0
    assert (first["helpful_up"], first["helpful_down"]) == ("2", "1")
    assert second["surface"] == "widget" and second["answered"] == "false"
    assert second["source_ids"] == "" and declined["answered"] is False
    assert (second["helpful_up"], second["helpful_down"]) == ("0", "0")
    asked_at = datetime.fromisoformat(first["asked_at"])
    assert asked_at.tzinfo is not None and abs(asked_at - datetime.now(UTC)) < timedelta(minutes=5)


def test_export_csv_of_a_seeded_log(admin: TestClient) -> None:
    response = admin.get("/admin/export.csv", headers=bearer())
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 6
    by_question = {r["question"]: r for r in rows}
    assert by_question["what is mythos"]["helpful_down"] == "2"
    assert by_question["What is Mythos?"]["helpful_up"] == "1"
    # A question that a spreadsheet would run as a formula is exported as text.
    assert '\'=HYPERLINK("http://evil.example")' in by_question


def test_export_pages_through_a_large_log(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    from app.store.dashboard import export_rows

    configured = admin_settings(settings, tmp_path)
    store = Store.open(configured.database_url)
    try:
        store.add_questions(
            [QuestionRecord(f"{i:032x}", "api", f"question {i}", True, 0.5) for i in range(25)]
        )
        found = list(export_rows(store.engine, page=10))
    finally:
        store.close()
    assert [row[2] for row in found] == [f"question {i}" for i in range(25)]


def test_access_log_never_shows_the_token() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/admin?x=1&token={TOKEN}", "1.1", 303),
        None,
    )
    assert REDACT_TOKENS.filter(record)
    assert TOKEN not in record.getMessage()
    assert "/admin?x=1&token=[redacted]" in record.getMessage()
    assert REDACT_TOKENS in logging.getLogger("uvicorn.access").filters
