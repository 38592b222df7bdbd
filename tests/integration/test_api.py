"""The JSON API and the service endpoints, through the real app and the real model."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from app.api.api import AskResponse

pytestmark = pytest.mark.integration

CONTRACT_KEYS = {"question", "answered", "answer", "confidence", "sources", "suggestions"}
SOURCE_KEYS = {"id", "title", "section", "text", "score"}


def ask(client: TestClient, **body: Any) -> Any:
    """POST /api/ask and return the response."""
    return client.post("/api/ask", json=body)


def messages(response: Any) -> list[str]:
    """The `msg`s of a standard FastAPI 422 body."""
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail
    return [item["msg"] for item in detail]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_ask_round_trip(client: TestClient, fmt: str) -> None:
    response = ask(client, question="What is Mythos?", format=fmt)
    assert response.status_code == 200, response.text
    data = response.json()
    assert set(data) == CONTRACT_KEYS | {"format", "rendered", "answer_id"}
    assert data["question"] == "What is Mythos?"
    assert data["answered"] is True
    assert data["answer"]
    assert 0.0 <= data["confidence"] <= 1.0
    assert data["sources"]
    assert all(set(s) == SOURCE_KEYS for s in data["sources"])
    assert any("Mythos" in s["text"] for s in data["sources"])
    assert all(isinstance(s, str) for s in data["suggestions"])
    assert data["format"] == fmt
    assert data["rendered"].strip()
    # The handler writes the body directly; it must still be exactly the documented schema.
    assert set(data) == set(AskResponse.model_fields)
    assert AskResponse.model_validate(data).model_dump(mode="json") == data


def test_default_format_is_text(client: TestClient) -> None:
    data = ask(client, question="What is Mythos?").json()
    assert data["format"] == "text"
    assert data["answer"] in data["rendered"]
    assert not data["rendered"].lstrip().startswith("<")


def test_rendered_html_escapes_source_text(client: TestClient) -> None:
    data = ask(client, question="What is Mythos?", format="html").json()
    rendered = data["rendered"]
    assert rendered.lstrip().startswith("<")
    for source in data["sources"]:
        assert str(escape(source["text"])) in rendered
        assert str(escape(source["title"])) in rendered
    risky = [s["text"] for s in data["sources"] if any(c in s["text"] for c in "<>&\"'")]
    assert all(text not in rendered for text in risky)


def test_rendered_markdown_has_citations(client: TestClient) -> None:
    data = ask(client, question="What is Mythos?", format="markdown").json()
    assert "[1]" in data["rendered"]


def test_out_of_scope_question_is_not_answered(client: TestClient) -> None:
    response = ask(client, question="What's the capital of France?")
    assert response.status_code == 200
    data = response.json()
    assert data["answered"] is False
    assert data["rendered"].strip()


def test_history_follow_up_is_accepted(client: TestClient) -> None:
    response = ask(client, question="Who made it?", history=["What is Mythos?"])
    assert response.status_code == 200, response.text
    assert response.json()["question"] == "Who made it?"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"question": ""}, "question must not be empty"),
        ({"question": "   \n\t"}, "question must not be empty"),
        ({"question": "x" * 501}, "question is longer than 500 characters"),
        ({"question": 42}, "question must be a string"),
        ({"question": None}, "question must be a string"),
        ({}, "question is required"),
        ({"history": ["What is Mythos?"]}, "question is required"),
        ({"question": "What is Mythos?", "format": "pdf"}, "format must be"),
        ({"question": "What is Mythos?", "format": 1}, "format must be"),
        ({"question": "What is Mythos?", "history": "What is Mythos?"}, "history must be a list"),
        ({"question": "What is Mythos?", "history": [1]}, "history[0] must be a string"),
        ({"question": "What is Mythos?", "history": ["q"] * 21}, "at most 20 items"),
        (
            {"question": "What is Mythos?", "history": ["ok", "x" * 501]},
            "history[1] is longer than 500 characters",
        ),
    ],
)
def test_invalid_bodies_are_422_with_clear_messages(
    client: TestClient, body: dict[str, Any], expected: str
) -> None:
    found = messages(client.post("/api/ask", json=body))
    assert any(expected in m for m in found), found


def test_question_at_the_limit_is_accepted(client: TestClient) -> None:
    question = "What is Mythos? " + "x" * 484
    assert len(question) == 500
    assert ask(client, question=question).status_code == 200


def test_twenty_history_items_are_accepted(client: TestClient) -> None:
    response = ask(client, question="Who made it?", history=["What is Mythos?"] * 20)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"question": "What is Mythos?",}', "not valid JSON"),
        (b'["What is Mythos?"]', "must be a JSON object"),
        (b'"What is Mythos?"', "must be a JSON object"),
        (b"", "JSON body is required"),
    ],
)
def test_malformed_json_is_422_not_500(client: TestClient, content: bytes, expected: str) -> None:
    response = client.post(
        "/api/ask", content=content, headers={"Content-Type": "application/json"}
    )
    found = messages(response)
    assert any(expected in m for m in found), found


def test_get_is_not_allowed(client: TestClient) -> None:
    assert client.get("/api/ask").status_code == 405


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_summarises_the_manifest(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ready"
    index = data["index"]
    for key in ("model", "dimension", "documents", "passages", "faq_entries", "index_kind"):
        assert key in index
    assert index["passages"] > 0
    assert index["documents"] > 0
    assert index["dimension"] > 0


def test_docs_page(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]


def test_openapi_documents_ask(client: TestClient) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    operation = spec["paths"]["/api/ask"]["post"]
    body_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body_ref.endswith("/AskRequest")
    ok_ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ok_ref.endswith("/AskResponse")
    assert "422" in operation["responses"]
    schemas = spec["components"]["schemas"]
    assert {"AskRequest", "AskResponse", "SourceOut"} <= set(schemas)
    assert CONTRACT_KEYS | {"format", "rendered"} <= set(schemas["AskResponse"]["properties"])
    assert set(schemas["SourceOut"]["properties"]) >= SOURCE_KEYS
    assert schemas["AskRequest"]["required"] == ["question"]
