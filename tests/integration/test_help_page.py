"""The help page: a script-free HTML page for an iframe or a help panel."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient

from app.config import Settings
from app.engine import Engine
from app.main import create_app

pytestmark = pytest.mark.integration

CONTRACT_KEYS = {"question", "answered", "answer", "confidence", "sources", "suggestions"}
INJECTION = "<script>alert(1)</script>"


def page(response: Any) -> BeautifulSoup:
    """The parsed HTML of a help page response."""
    assert response.headers["content-type"].startswith("text/html")
    return BeautifulSoup(response.text, "html.parser")


def help_links(soup: BeautifulSoup | Tag) -> list[str]:
    """The questions that the page's /help?q= links ask."""
    found = []
    for a in soup.find_all("a", href=True):
        url = urlsplit(str(a["href"]))
        if url.path == "/help" and "q" in parse_qs(url.query):
            found.append(parse_qs(url.query)["q"][0])
    return found


def assert_form(soup: BeautifulSoup) -> None:
    """The no-JS question form: GET to /help, a labelled input named q, a submit button."""
    form = soup.find("form")
    assert isinstance(form, Tag)
    assert str(form.get("method", "")).lower() == "get"
    assert form.get("action") == "/help"
    field = form.find("input", attrs={"name": "q"})
    assert isinstance(field, Tag)
    label = form.find("label", attrs={"for": str(field.get("id"))})
    assert isinstance(label, Tag) and label.get_text(strip=True)
    assert form.find("button", attrs={"type": "submit"}) is not None


def test_without_q_shows_form_and_suggested_questions(client: TestClient, engine: Engine) -> None:
    response = client.get("/help")
    assert response.status_code == 200
    soup = page(response)
    assert_form(soup)
    html = soup.find("html")
    assert isinstance(html, Tag) and html.get("lang")
    assert soup.find("main") is not None
    assert soup.find("script") is None
    faq_questions = {p.question for p in engine.loaded.passages if p.question}
    suggested = help_links(soup)
    assert 1 <= len(suggested) <= 5
    assert set(suggested) <= faq_questions
    assert len(set(suggested)) == len(suggested)


def test_with_q_shows_answer_sources_and_suggestion_links(client: TestClient) -> None:
    response = client.get("/help", params={"q": "What is Mythos?"})
    assert response.status_code == 200
    soup = page(response)
    assert_form(soup)
    field = soup.find("input", attrs={"name": "q"})
    assert isinstance(field, Tag) and field.get("value") == "What is Mythos?"
    # The rendered answer is real markup (not escaped twice), sources included.
    answer = soup.find(class_="faqbot-answer")
    assert isinstance(answer, Tag)
    sources = answer.find(class_="faqbot-sources")
    assert isinstance(sources, Tag)
    items = sources.find_all("li")
    assert items and any("Mythos" in li.get_text() for li in items)
    assert "&lt;div" not in response.text
    # Suggestions are links that ask them, matching the JSON answer's suggestions.
    expected = client.get("/help", params={"q": "What is Mythos?", "format": "json"}).json()
    assert help_links(soup) == expected["suggestions"]
    assert expected["suggestions"]


def test_unanswered_question_offers_suggestion_links(client: TestClient) -> None:
    response = client.get("/help", params={"q": "What's the capital of France?"})
    assert response.status_code == 200
    soup = page(response)
    assert soup.find(class_="faqbot-unanswered") is not None
    assert help_links(soup)


@pytest.mark.parametrize("q", ["", "   "])
def test_empty_q_shows_form_with_note(client: TestClient, q: str) -> None:
    response = client.get("/help", params={"q": q})
    assert response.status_code == 200
    soup = page(response)
    assert_form(soup)
    note = soup.find(class_="note")
    assert isinstance(note, Tag) and "question" in note.get_text().lower()
    assert soup.find(class_="faqbot-answer") is None


def test_too_long_q_is_a_422_html_page(client: TestClient) -> None:
    response = client.get("/help", params={"q": "x" * 501})
    assert response.status_code == 422
    soup = page(response)
    assert_form(soup)
    error = soup.find(class_="error")
    assert isinstance(error, Tag)
    assert "longer than 500 characters" in error.get_text()
    assert "Content-Security-Policy" in response.headers


def test_format_json_returns_the_answer_json(client: TestClient) -> None:
    response = client.get("/help", params={"q": "What is Mythos?", "format": "json"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    data = response.json()
    assert set(data) == CONTRACT_KEYS | {"answer_id"}
    assert data["answered"] is True
    assert data["sources"]
    api = client.post("/api/ask", json={"question": "What is Mythos?"}).json()
    assert {k: api[k] for k in CONTRACT_KEYS} == {k: data[k] for k in CONTRACT_KEYS}
    assert api["answer_id"] != data["answer_id"]  # every answer gets its own id


@pytest.mark.parametrize(("q", "expected"), [("", "must not be empty"), ("x" * 501, "longer")])
def test_format_json_errors_are_422_json(client: TestClient, q: str, expected: str) -> None:
    response = client.get("/help", params={"q": q, "format": "json"})
    assert response.status_code == 422
    assert any(expected in item["msg"] for item in response.json()["detail"])


def test_html_injection_in_q_is_escaped(client: TestClient) -> None:
    response = client.get("/help", params={"q": INJECTION})
    assert response.status_code == 200
    assert INJECTION not in response.text
    assert "&lt;script&gt;" in response.text
    assert page(response).find("script") is None


def test_html_injection_in_history_is_escaped(client: TestClient) -> None:
    evil = f'"><{INJECTION[1:]}'
    response = client.get("/help", params={"q": "What is Mythos?", "h": [evil]})
    assert response.status_code == 200
    assert INJECTION not in response.text
    assert page(response).find("script") is None


def test_history_is_passed_and_carried_by_the_form(client: TestClient) -> None:
    params = {"q": "Who made it?", "h": ["What is Mythos?"]}
    response = client.get("/help", params=params)
    assert response.status_code == 200
    soup = page(response)
    hidden = [str(i.get("value")) for i in soup.find_all("input", attrs={"name": "h"})]
    assert hidden == ["What is Mythos?", "Who made it?"]
    too_long = client.get("/help", params={"q": "Who made it?", "h": ["x" * 501]})
    assert too_long.status_code == 422


def test_security_headers(client: TestClient, settings: Settings) -> None:
    response = client.get("/help")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "form-action 'self'" in csp
    assert "base-uri 'none'" in csp
    assert f"frame-ancestors {settings.frame_ancestors}" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.fixture()
def framed_client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """An app that lets one outside site frame the help page."""
    framed = Settings(
        frame_ancestors="https://help.example.com",
        corpus_dir=settings.corpus_dir,
        index_dir=settings.index_dir,
        _env_file=None,  # type: ignore[call-arg]
    )
    with TestClient(create_app(framed, engine=engine)) as c:
        yield c


def test_csp_frame_ancestors_comes_from_settings(framed_client: TestClient) -> None:
    response = framed_client.get("/help", params={"q": "What is Mythos?"})
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert csp.rstrip(";").endswith("frame-ancestors https://help.example.com")
    assert "'self'" not in csp.split("frame-ancestors", 1)[1]
