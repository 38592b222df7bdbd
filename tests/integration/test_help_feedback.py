"""The help page's no-JS "Was this helpful?" form and `POST /help/feedback`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient

from app.config import Settings
from app.engine import Engine
from app.main import create_app

pytestmark = pytest.mark.integration

QUESTION = "What is Mythos?"
UNANSWERABLE = "What's the capital of France?"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def app_settings(settings: Settings, tmp_path: Path, **changes: Any) -> Settings:
    url = f"sqlite:///{tmp_path / 'faqbot.db'}"
    return settings.model_copy(update={"database_url": url, **changes})


def rows(tmp_path: Path, sql: str, *args: Any) -> list[Any]:
    conn = sqlite3.connect(tmp_path / "faqbot.db")
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def votes(tmp_path: Path) -> list[tuple[str, int, str | None]]:
    found = rows(tmp_path, "SELECT answer_id, helpful, comment FROM feedback ORDER BY id")
    return [(r["answer_id"], r["helpful"], r["comment"]) for r in found]


@pytest.fixture()
def logged(settings: Settings, engine: Engine, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(app_settings(settings, tmp_path), engine=engine)
    with TestClient(app, follow_redirects=False) as c:
        yield c


def soup_of(response: Any) -> BeautifulSoup:
    assert response.headers["content-type"].startswith("text/html")
    return BeautifulSoup(response.text, "html.parser")


def feedback_form(soup: BeautifulSoup) -> Tag | None:
    form = soup.find("form", class_="feedback")
    assert form is None or isinstance(form, Tag)
    return form


def hidden(form: Tag, name: str) -> list[str]:
    return [str(i.get("value")) for i in form.find_all("input", attrs={"name": name})]


def ask_page(client: TestClient, q: str, h: list[str] | None = None) -> tuple[Any, Tag]:
    response = client.get("/help", params={"q": q, "h": h or []})
    assert response.status_code == 200
    form = feedback_form(soup_of(response))
    assert form is not None, "an answered question gets a feedback form"
    return response, form


def vote(client: TestClient, form: Tag, helpful: str, comment: str = "") -> Any:
    """Submit the page's feedback form as a browser would."""
    data: dict[str, Any] = {
        "answer_id": hidden(form, "answer_id")[0],
        "q": hidden(form, "q")[0],
        "earlier": hidden(form, "earlier"),
        "comment": comment,
        "helpful": helpful,
    }
    return client.post(str(form.get("action")), data=data)


def test_answered_question_has_a_feedback_form(logged: TestClient) -> None:
    response, form = ask_page(logged, QUESTION)
    assert str(form.get("method")).lower() == "post"
    assert form.get("action") == "/help/feedback"
    assert hidden(form, "answer_id") == [response.headers["X-Faqbot-Answer-Id"]]
    assert hidden(form, "q") == [QUESTION]
    legend = form.find("legend")
    assert isinstance(legend, Tag) and legend.get_text(strip=True) == "Was this helpful?"
    buttons = form.find_all("button", attrs={"type": "submit", "name": "helpful"})
    assert [(b.get("value"), b.get_text(strip=True)) for b in buttons] == [
        ("yes", "Yes"),
        ("no", "No"),
    ]
    comment = form.find("textarea", attrs={"name": "comment"})
    assert isinstance(comment, Tag) and comment.get("maxlength") == "1000"
    label = form.find("label", attrs={"for": str(comment.get("id"))})
    assert isinstance(label, Tag) and label.get_text(strip=True)
    assert soup_of(response).find("script") is None
    assert "form-action 'self'" in response.headers["Content-Security-Policy"]


def test_unanswered_question_has_no_feedback_form(logged: TestClient) -> None:
    response = logged.get("/help", params={"q": UNANSWERABLE})
    assert response.status_code == 200
    assert feedback_form(soup_of(response)) is None


def test_vote_redirects_back_with_thanks_and_a_repeat_replaces(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    app = create_app(app_settings(settings, tmp_path), engine=engine)
    with TestClient(app, follow_redirects=False) as client:
        response, form = ask_page(client, QUESTION)
        answer_id = response.headers["X-Faqbot-Answer-Id"]

        first = vote(client, form, "yes")
        assert first.status_code == 303
        location = urlsplit(first.headers["location"])
        assert location.path == "/help"
        assert parse_qs(location.query) == {"q": [QUESTION], "thanks": ["1"]}
        assert votes(tmp_path) == [(answer_id, 1, None)]

        back = client.get(first.headers["location"])
        assert back.status_code == 200
        soup = soup_of(back)
        note = soup.find(class_="note")
        assert isinstance(note, Tag) and note.get("role") == "status"
        assert note.get_text(strip=True) == "Thanks for your feedback"
        assert soup.find(class_="faqbot-answer") is not None  # the answer is shown again
        assert feedback_form(soup) is None  # ... without asking for another vote
        assert "X-Faqbot-Answer-Id" not in back.headers

        again = vote(client, form, "no", comment="  Too vague.\r\nMore detail, please. ")
        assert again.status_code == 303
        assert votes(tmp_path) == [(answer_id, 0, "Too vague.\nMore detail, please.")]
    # The page shown after the vote did not log the question a second time.
    assert len(rows(tmp_path, "SELECT id FROM questions")) == 1


def test_earlier_questions_are_carried_through_the_vote(logged: TestClient) -> None:
    _, form = ask_page(logged, "Who made it?", h=[QUESTION])
    assert hidden(form, "earlier") == [QUESTION]
    r = vote(logged, form, "yes")
    assert r.status_code == 303
    query = parse_qs(urlsplit(r.headers["location"]).query)
    assert query == {"q": ["Who made it?"], "h": [QUESTION], "thanks": ["1"]}


def test_vote_without_a_question_goes_back_to_the_start(logged: TestClient, tmp_path: Path) -> None:
    _, form = ask_page(logged, QUESTION)
    data = {"answer_id": hidden(form, "answer_id")[0], "helpful": "no"}
    r = logged.post("/help/feedback", data=data)
    assert r.status_code == 303
    assert r.headers["location"] == "/help?thanks=1"
    page = logged.get(r.headers["location"])
    note = soup_of(page).find(class_="note")
    assert isinstance(note, Tag) and "Thanks for your feedback" in note.get_text()
    assert len(votes(tmp_path)) == 1


def test_unknown_answer_is_a_404_page(logged: TestClient, tmp_path: Path) -> None:
    data = {"answer_id": "0" * 32, "helpful": "yes", "q": QUESTION}
    r = logged.post("/help/feedback", data=data)
    assert r.status_code == 404
    error = soup_of(r).find(class_="error")
    assert isinstance(error, Tag) and "could not be found" in error.get_text()
    assert "Content-Security-Policy" in r.headers
    assert votes(tmp_path) == []


def _bad(form: Tag, **changes: Any) -> dict[str, Any]:
    data = {"answer_id": hidden(form, "answer_id")[0], "helpful": "yes", "q": QUESTION}
    return {k: v for k, v in {**data, **changes}.items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"answer_id": None}, "which answer"),
        ({"answer_id": "   "}, "which answer"),
        ({"answer_id": "x" * 65}, "which answer"),
        ({"helpful": None}, "Yes or No"),
        ({"helpful": "maybe"}, "Yes or No"),
        ({"comment": "x" * 1001}, "1000 characters"),
        ({"q": "why " * 200}, "longer than"),
        ({"earlier": ["x" * 501]}, "longer than"),
    ],
)
def test_bad_form_is_a_400_page(
    logged: TestClient, tmp_path: Path, changes: dict[str, Any], expected: str
) -> None:
    _, form = ask_page(logged, QUESTION)
    r = logged.post("/help/feedback", data=_bad(form, **changes))
    assert r.status_code == 400
    error = soup_of(r).find(class_="error")
    assert isinstance(error, Tag) and expected in error.get_text()
    assert error.get("role") == "alert"
    assert votes(tmp_path) == []


def test_comment_of_exactly_the_limit_with_crlf_newlines_is_accepted(
    logged: TestClient, tmp_path: Path
) -> None:
    _, form = ask_page(logged, QUESTION)
    comment = "\r\n".join(["x" * 99] * 10) + "x"  # 1009 sent, 1000 once newlines are LF
    r = logged.post("/help/feedback", data=_bad(form, comment=comment))
    assert r.status_code == 303
    assert len(votes(tmp_path)[0][2] or "") == 1000


@pytest.mark.parametrize(
    ("content", "headers", "status"),
    [
        ('{"answer_id": "x", "helpful": "yes"}', {"Content-Type": "application/json"}, 400),
        (b"answer_id=\xff\xfe&helpful=yes", FORM, 400),
        ("&".join(f"earlier={i}" for i in range(200)), FORM, 400),
        ("comment=" + "x" * 70_000, FORM, 413),
    ],
)
def test_unreadable_form_is_refused_not_a_crash(
    logged: TestClient, content: str | bytes, headers: dict[str, str], status: int
) -> None:
    r = logged.post("/help/feedback", content=content, headers=headers)
    assert r.status_code == status
    if status == 413 and not r.headers["content-type"].startswith("text/html"):
        return  # the app-wide body size cap answered before the page could
    assert soup_of(r).find(class_="error") is not None


def test_markup_in_the_carried_question_is_escaped(logged: TestClient) -> None:
    evil = '"><script>alert(1)</script>'
    r = logged.post("/help/feedback", data={"answer_id": "0" * 32, "helpful": "yes", "q": evil})
    assert r.status_code == 404
    assert "<script>alert(1)" not in r.text
    assert soup_of(r).find("script") is None


def test_recording_off_has_no_form_and_votes_are_404(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    off = app_settings(settings, tmp_path, record_questions=False)
    with TestClient(create_app(off, engine=engine), follow_redirects=False) as client:
        page = client.get("/help", params={"q": QUESTION})
        assert page.status_code == 200
        assert feedback_form(soup_of(page)) is None
        data = {"answer_id": page.headers["X-Faqbot-Answer-Id"], "helpful": "yes"}
        assert client.post("/help/feedback", data=data).status_code == 404
