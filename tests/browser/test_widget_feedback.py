"""The chat widget's Helpful / Not helpful buttons in headless Chromium, down to the database."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Locator, Page, Request, Response, expect

from app.config import Settings
from app.engine import Engine
from app.main import create_app
from tests.browser.widget_page import LAUNCHER, WidgetPage

if TYPE_CHECKING:
    from tests.conftest import LiveServer

pytestmark = pytest.mark.browser

QUESTION = "What is Mythos?"
CLIENT_ID_KEY = "faqbot-widget:client-id"
THANKS = "Thanks for the feedback"
FAILED = "Couldn't send feedback — try again"
BLOCK_STORAGE = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() { throw new DOMException("storage is blocked", "SecurityError"); },
});
"""


class Server:
    """A real uvicorn server (background thread) with its own question log database."""

    def __init__(self, app: FastAPI, url: str, database: Path) -> None:
        self.app = app
        self.url = url
        self.database = database

    def votes(self, answer_id: str) -> list[tuple[str, int, str | None]]:
        conn = sqlite3.connect(self.database)
        try:
            sql = "SELECT client_key, helpful, comment FROM feedback WHERE answer_id = ?"
            return [tuple(r) for r in conn.execute(sql, (answer_id,)).fetchall()]
        finally:
            conn.close()

    def client_key(self, client_id: str) -> str:
        """The stored key for a widget's client id: the salted hash the API computes."""
        salt = self.app.state.question_log.salt
        return hashlib.sha256(f"{salt}\x00id:{client_id}".encode()).hexdigest()


@pytest.fixture(scope="module")
def server(
    settings: Settings,
    engine: Engine,
    tmp_path_factory: pytest.TempPathFactory,
    live_server: LiveServer,
) -> Iterator[Server]:
    database = tmp_path_factory.mktemp("feedback-db") / "faqbot.db"
    app = create_app(
        settings.model_copy(update={"database_url": f"sqlite:///{database}"}), engine=engine
    )
    with live_server(app) as url:
        yield Server(app, url, database)


class Tab(WidgetPage):
    """The demo page, plus the answer ids it received and the votes it sent."""

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.answer_ids: list[str] = []
        self.votes: list[dict[str, Any]] = []
        page.on("request", self._on_request)
        page.on("response", self._on_response)

    def _on_request(self, request: Request) -> None:
        if request.method == "POST" and request.url.endswith("/api/feedback"):
            self.votes.append(json.loads(request.post_data or "{}"))

    def _on_response(self, response: Response) -> None:
        if response.request.method == "POST" and response.url.endswith("/api/ask"):
            try:
                self.answer_ids.append(response.json().get("answer_id", ""))
            except Exception:
                self.answer_ids.append("")

    def open(self) -> None:
        self.page.get_by_role("button", name=LAUNCHER).click()
        expect(self.page.get_by_label("Your question")).to_be_focused()

    def focused_label(self) -> str | None:
        return self.page.evaluate(
            "() => document.querySelector('faqbot-widget').shadowRoot.activeElement"
            "?.getAttribute('aria-label') ?? null"
        )

    def tab_to(self, label: str, key: str = "Shift+Tab") -> None:
        """Move focus with the keyboard until the button with this accessible name has it."""
        for _ in range(40):
            if self.focused_label() == label:
                return
            self.page.keyboard.press(key)
        pytest.fail(f"the keyboard never reached {label!r}")

    def stored_client_id(self) -> str | None:
        return self.page.evaluate("(k) => localStorage.getItem(k)", CLIENT_ID_KEY)


def new_tab(browser: Browser, server: Server, init_script: str | None = None) -> Tab:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    if init_script:
        context.add_init_script(init_script)
    tab = Tab(context.new_page())
    tab.page.goto(f"{server.url}/")
    tab.wait_ready()
    return tab


@pytest.fixture()
def tab(browser: Browser, server: Server) -> Iterator[Tab]:
    t = new_tab(browser, server)
    yield t
    t.page.context.close()


def buttons(reply: Locator) -> tuple[Locator, Locator]:
    return (
        reply.get_by_role("button", name="Helpful", exact=True),
        reply.get_by_role("button", name="Not helpful", exact=True),
    )


def test_keyboard_vote_lands_in_the_database_and_a_change_replaces_it(
    tab: Tab, server: Server
) -> None:
    tab.open()
    reply = tab.ask(QUESTION)
    expect(reply).to_have_class("msg bot answered")
    answer_id = tab.answer_ids[-1]
    assert len(answer_id) == 32
    up, down = buttons(reply)
    expect(reply.get_by_role("group", name="Was this answer helpful?")).to_be_visible()
    expect(up).to_have_attribute("aria-pressed", "false")
    expect(down).to_have_attribute("aria-pressed", "false")
    status = reply.get_by_role("status")
    expect(status).to_have_text("")

    # Thumbs up, by keyboard: back from the question box to the button, then Enter.
    tab.tab_to("Helpful")
    with tab.page.expect_response("**/api/feedback") as first:
        tab.page.keyboard.press("Enter")
    assert first.value.status == 200
    client_id = tab.stored_client_id()
    assert client_id and len(client_id) >= 32
    assert tab.votes == [{"answer_id": answer_id, "helpful": True, "client_id": client_id}]
    expect(status).to_have_text(THANKS)
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(down).to_have_attribute("aria-pressed", "false")
    assert server.votes(answer_id) == [(server.client_key(client_id), 1, None)]

    # Changing one's mind: Tab to thumbs down, Space. The server replaces the vote.
    tab.tab_to("Not helpful", key="Tab")
    with tab.page.expect_response("**/api/feedback") as second:
        tab.page.keyboard.press("Space")
    assert second.value.status == 200
    assert tab.votes[-1] == {"answer_id": answer_id, "helpful": False, "client_id": client_id}
    expect(down).to_have_attribute("aria-pressed", "true")
    expect(up).to_have_attribute("aria-pressed", "false")
    expect(status).to_have_text(THANKS)
    assert server.votes(answer_id) == [(server.client_key(client_id), 0, None)]

    # Pressing the chosen button again sends nothing new.
    down.click()
    tab.page.wait_for_timeout(200)
    assert len(tab.votes) == 2
    assert tab.errors == []


def test_the_client_id_is_stable_across_answers_and_page_loads(tab: Tab, server: Server) -> None:
    tab.open()
    first = tab.ask(QUESTION)
    buttons(first)[0].click()
    expect(first.get_by_role("status")).to_have_text(THANKS)
    tab.page.reload()
    tab.wait_ready()
    tab.open()
    second = tab.ask(QUESTION)  # the same question again: a new answer with its own id
    buttons(second)[1].click()
    expect(second.get_by_role("status")).to_have_text(THANKS)
    assert len(set(tab.answer_ids)) == 2
    assert [v["answer_id"] for v in tab.votes] == tab.answer_ids
    assert {v["client_id"] for v in tab.votes} == {tab.stored_client_id()}


def test_failed_feedback_is_a_quiet_note_and_can_be_retried(tab: Tab, server: Server) -> None:
    tab.page.route("**/api/feedback", lambda route: route.fulfill(status=503, body="down"))
    tab.open()
    reply = tab.ask(QUESTION)
    up, _ = buttons(reply)
    up.click()
    status = reply.get_by_role("status")
    expect(status).to_have_text(FAILED)
    expect(up).to_have_attribute("aria-pressed", "false")
    assert server.votes(tab.answer_ids[-1]) == []

    tab.page.unroute("**/api/feedback")
    up.click()
    expect(status).to_have_text(THANKS)
    expect(up).to_have_attribute("aria-pressed", "true")
    assert len(server.votes(tab.answer_ids[-1])) == 1


def test_network_failure_is_the_same_quiet_note(tab: Tab) -> None:
    tab.page.route("**/api/feedback", lambda route: route.abort())
    tab.open()
    reply = tab.ask(QUESTION)
    buttons(reply)[1].click()
    expect(reply.get_by_role("status")).to_have_text(FAILED)
    expect(buttons(reply)[1]).to_have_attribute("aria-pressed", "false")


def test_blocked_storage_falls_back_to_an_in_memory_id(browser: Browser, server: Server) -> None:
    tab = new_tab(browser, server, init_script=BLOCK_STORAGE)
    try:
        tab.open()
        reply = tab.ask(QUESTION)
        up, down = buttons(reply)
        up.click()
        expect(reply.get_by_role("status")).to_have_text(THANKS)
        down.click()
        expect(down).to_have_attribute("aria-pressed", "true")
        assert len(tab.votes) == 2
        client_id = tab.votes[0]["client_id"]
        assert client_id and tab.votes[1]["client_id"] == client_id
        assert server.votes(tab.answer_ids[-1]) == [(server.client_key(client_id), 0, None)]
        assert [e for e in tab.errors if "storage" in e.lower()] == []
    finally:
        tab.page.context.close()


def test_no_buttons_without_an_answer_or_an_answer_id(tab: Tab) -> None:
    tab.open()
    unanswered = tab.ask("How do I bake sourdough bread?")
    expect(unanswered).to_have_class("msg bot unanswered")
    expect(unanswered.locator(".vote")).to_have_count(0)

    fake = {
        "question": "q",
        "answered": True,
        "answer": "An answer [1].",
        "confidence": 0.9,
        "sources": [{"id": "a", "title": "T", "section": "", "text": "x", "score": 1.0}],
        "suggestions": [],
    }
    tab.page.route(
        "**/api/ask",
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps(fake)
        ),
    )
    no_id = tab.ask("anything")
    expect(no_id).to_have_class("msg bot answered")
    expect(no_id.locator(".vote")).to_have_count(0)
