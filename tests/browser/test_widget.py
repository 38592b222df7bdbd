"""The chat widget in headless Chromium against a real uvicorn server and the real model."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Browser, Locator, Page, Request, Route, expect

from app.config import Settings
from app.engine import Engine
from app.main import create_app
from tests.browser.widget_page import LAUNCHER, WidgetPage

if TYPE_CHECKING:
    from tests.conftest import LiveServer

pytestmark = pytest.mark.browser

UNREACHABLE = "Sorry — I couldn't reach the help service."


@pytest.fixture(scope="module")
def server_url(settings: Settings, engine: Engine, live_server: LiveServer) -> Iterator[str]:
    """A real uvicorn server on a free local port, running in a background thread."""
    with live_server(create_app(settings, engine=engine)) as url:
        yield url


class Tab(WidgetPage):
    """The demo page, plus what it sent and any dialogs it opened."""

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.asked: list[dict[str, Any]] = []
        self.surfaces: list[str | None] = []  # the X-Faqbot-Surface header of each ask
        self.dialogs: list[str] = []
        page.on("request", self._on_request)
        page.on("dialog", self._on_dialog)

    def _on_request(self, request: Request) -> None:
        if request.method == "POST" and request.url.endswith("/api/ask"):
            self.asked.append(json.loads(request.post_data or "{}"))
            self.surfaces.append(request.headers.get("x-faqbot-surface"))

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    @property
    def launcher(self) -> Locator:
        return self.page.get_by_role("button", name=LAUNCHER)

    @property
    def panel(self) -> Locator:
        return self.page.locator("faqbot-widget .panel")

    @property
    def input(self) -> Locator:
        return self.page.get_by_label("Your question")

    def launcher_focused(self) -> bool:
        return bool(
            self.page.evaluate(
                "() => { const host = document.querySelector('faqbot-widget');"
                " return document.activeElement === host &&"
                " host.shadowRoot.activeElement?.classList.contains('launcher') }"
            )
        )

    def open_with_keyboard(self) -> None:
        for _ in range(40):
            if self.launcher_focused():
                break
            self.page.keyboard.press("Tab")
        assert self.launcher_focused(), "Tab never reached the launcher"
        self.page.keyboard.press("Enter")
        expect(self.panel).to_be_visible()
        expect(self.launcher).to_have_attribute("aria-expanded", "true")
        expect(self.input).to_be_focused()

    def settle(self) -> None:
        """Wait until the log has stopped (smooth) scrolling."""
        self.page.wait_for_function(
            """() => new Promise((done) => {
                const log = document.querySelector('faqbot-widget').shadowRoot
                    .querySelector('.log');
                const top = log.scrollTop;
                setTimeout(() => done(log.scrollTop === top), 150);
            })"""
        )

    def shadow_count(self, selector: str) -> int:
        return int(
            self.page.evaluate(
                "(s) => document.querySelector('faqbot-widget').shadowRoot.querySelectorAll(s)"
                ".length",
                selector,
            )
        )


@pytest.fixture()
def tab(browser: Browser, server_url: str) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    t = Tab(page)
    page.goto(f"{server_url}/")
    t.wait_ready()
    yield t
    context.close()


def test_keyboard_conversation_with_sources_and_follow_up(tab: Tab, screenshot_dir: Path) -> None:
    tab.open_with_keyboard()
    expect(tab.log.locator(".msg.greeting")).to_contain_text("Ask me anything")

    reply = tab.ask("What is Mythos?")
    expect(reply).to_have_class("msg bot answered")
    assert reply.locator(".answer-text").inner_text().strip()
    expect(reply.locator(".cite").first).to_have_text("1")
    sources = reply.locator(".source")
    assert sources.count() >= 1
    expect(sources.first.locator(".source-num")).to_have_text("1")
    assert sources.first.locator(".source-title").inner_text().strip()
    assert sources.first.locator(".source-text").inner_text().strip()
    assert tab.asked[-1] == {"question": "What is Mythos?", "history": []}
    expect(tab.input).to_be_focused()

    follow_up = tab.ask("Who made it?")
    assert tab.asked[-1] == {"question": "Who made it?", "history": ["What is Mythos?"]}
    assert tab.surfaces == ["widget", "widget"]  # the question log records the surface
    assert follow_up.locator(".answer-text").inner_text().strip()
    expect(tab.log.locator(".msg.user")).to_have_count(2)

    tab.settle()
    shot = screenshot_dir / "widget.png"
    tab.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000

    # A citation marker points at its source.
    reply.locator(".cite").first.click()
    expect(sources.first).to_be_focused()

    tab.page.keyboard.press("Escape")
    expect(tab.panel).to_be_hidden()
    expect(tab.launcher).to_have_attribute("aria-expanded", "false")
    assert tab.launcher_focused()
    assert tab.errors == []  # in particular, the demo page's CSP allowed everything the widget does


def test_unanswerable_question_offers_suggestion_chips(tab: Tab) -> None:
    tab.open_with_keyboard()
    reply = tab.ask("How do I bake sourdough bread?")
    expect(reply).to_have_class("msg bot unanswered")
    expect(reply.locator(".source")).to_have_count(0)
    chips = reply.locator(".chip")
    count = chips.count()
    assert 1 <= count <= 3
    suggestion = chips.first.inner_text().strip()
    assert suggestion

    before = tab.replies.count()
    chips.first.click()
    expect(tab.log.locator(".msg.user .bubble").last).to_have_text(suggestion)
    tab.wait_reply(before)
    assert tab.asked[-1]["question"] == suggestion
    # Unanswered questions are still part of the conversation's history.
    assert tab.asked[-1]["history"] == ["How do I bake sourdough bread?"]


def test_page_css_does_not_leak_into_the_widget(tab: Tab) -> None:
    tab.open_with_keyboard()
    tab.ask("What is Mythos?")
    probe = """async () => {
        const root = document.querySelector('faqbot-widget').shadowRoot;
        // Measure at rest: the panel's opening transition may still be running.
        await Promise.all(root.getAnimations().map((a) => a.finished));
        const out = {};
        for (const s of ['.title', '.answer-text', '.source-title', '.chip', '.input',
                         '.launcher', '.msg.user .bubble', '.cite']) {
            const cs = getComputedStyle(root.querySelector(s));
            out[s] = [cs.color, cs.fontSize, cs.fontFamily, cs.lineHeight, cs.letterSpacing];
        }
        const box = root.querySelector('.panel').getBoundingClientRect();
        out.panel = [Math.round(box.width), Math.round(box.height)];
        return out;
    }"""
    before = tab.page.evaluate(probe)
    assert before[".answer-text"][0] != "rgb(255, 0, 0)"
    tab.page.add_style_tag(
        content="* { color: red !important; font-size: 40px !important;"
        " font-family: 'Comic Sans MS', cursive !important; line-height: 3 !important;"
        " letter-spacing: 4px !important; } p, div, button { padding: 30px !important; }"
    )
    # The page itself is affected ...
    assert tab.page.evaluate("getComputedStyle(document.querySelector('h1')).fontSize") == "40px"
    # ... the widget is not.
    assert tab.page.evaluate(probe) == before
    expect(tab.panel).to_be_visible()


def test_widget_css_does_not_leak_into_the_page(tab: Tab) -> None:
    # The widget has its own h2 and .title rules; the article's h2 keeps the page's styling.
    size = tab.page.evaluate("getComputedStyle(document.querySelector('article h2')).fontSize")
    assert size == "22px"
    # The widget adds no stylesheet to the page: its <style> lives inside the shadow root.
    assert tab.page.evaluate("document.querySelectorAll('style, link[rel=stylesheet]').length") == 1
    assert tab.shadow_count("style") == 1


def test_markup_in_a_question_is_shown_as_text(tab: Tab) -> None:
    payload = "<img src=x onerror=alert(1)>"
    tab.open_with_keyboard()
    tab.ask(payload)
    expect(tab.log.locator(".msg.user .bubble").last).to_have_text(payload)
    assert tab.shadow_count("img") == 0
    assert tab.page.locator("img").count() == 0
    assert tab.dialogs == []


def test_markup_in_an_answer_is_shown_as_text(tab: Tab) -> None:
    evil = '<img src=x onerror=alert("a")>'
    fake = {
        "question": "q",
        "answered": True,
        "answer": f"First {evil} [1] second [2] not a citation [7].",
        "confidence": 0.9,
        "sources": [
            {"id": "a", "title": f"T {evil}", "section": "S", "text": evil, "score": 1.0},
            {"id": "b", "title": "Two", "section": "", "text": "x " * 200, "score": 0.5},
        ],
        "suggestions": [evil, "two", "three", "four"],
    }
    tab.page.route(
        "**/api/ask",
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps(fake)
        ),
    )
    tab.open_with_keyboard()
    reply = tab.ask("anything")
    text = f"First {evil} 1 second 2 not a citation [7]."
    expect(reply.locator(".answer-text")).to_have_text(text)
    expect(reply.locator(".cite")).to_have_count(2)
    expect(reply.locator(".source")).to_have_count(2)
    expect(reply.locator(".source-title").first).to_have_text(f"T {evil} › S")
    assert len(reply.locator(".source-text").nth(1).inner_text()) <= 201
    expect(reply.locator(".chip")).to_have_count(3)
    expect(reply.locator(".chip").first).to_have_text(evil)
    assert tab.shadow_count("img") == 0
    assert tab.dialogs == []


def test_network_failure_shows_retry_and_retry_resends(tab: Tab) -> None:
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)  # answered below, after the typing indicator was checked

    tab.page.route("**/api/ask", hold)
    tab.open_with_keyboard()
    tab.page.keyboard.type("What is Mythos?")
    tab.page.keyboard.press("Enter")
    typing = tab.log.locator(".msg.typing")
    expect(typing).to_have_count(1)
    expect(typing).to_contain_text("Answering…")
    deadline = time.monotonic() + 5
    while not held and time.monotonic() < deadline:
        tab.page.wait_for_timeout(20)
    assert held, "the request never reached the route"
    held[0].abort()

    error = tab.wait_reply(0)
    expect(error.locator(".answer-text")).to_have_text(UNREACHABLE)
    expect(typing).to_have_count(0)

    tab.page.unroute("**/api/ask")
    error.get_by_role("button", name="Retry").click()
    reply = tab.wait_reply(0)
    expect(reply).to_have_class("msg bot answered")
    expect(tab.log.get_by_text(UNREACHABLE)).to_have_count(0)
    expect(tab.log.locator(".msg.user")).to_have_count(1)
    assert tab.asked[-1] == {"question": "What is Mythos?", "history": []}


def test_server_error_status_offers_retry(tab: Tab) -> None:
    tab.page.route("**/api/ask", lambda route: route.fulfill(status=503, body="down"))
    tab.open_with_keyboard()
    reply = tab.ask("What is Mythos?")
    expect(reply.locator(".answer-text")).to_have_text(UNREACHABLE)
    expect(reply.get_by_role("button", name="Retry")).to_be_visible()


def test_422_shows_the_servers_message(tab: Tab) -> None:
    tab.open_with_keyboard()
    too_long = "why " * 200
    with tab.page.expect_response("**/api/ask") as info:
        tab.input.fill(too_long)
        tab.input.press("Enter")
    response = info.value
    assert response.status == 422
    message = response.json()["detail"][0]["msg"]
    reply = tab.wait_reply(0)
    expect(reply.locator(".answer-text")).to_have_text(message)
    expect(reply.get_by_role("button", name="Retry")).to_have_count(0)

    # A question that failed validation is not part of the history.
    tab.ask("What is Mythos?")
    assert tab.asked[-1]["history"] == []


def test_history_is_capped_at_the_last_ten_questions(tab: Tab) -> None:
    def fulfil(route: Route) -> None:
        question = json.loads(route.request.post_data or "{}")["question"]
        body = {
            "question": question,
            "answered": False,
            "answer": "No.",
            "confidence": 0.0,
            "sources": [],
            "suggestions": [],
        }
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    tab.page.route("**/api/ask", fulfil)
    tab.open_with_keyboard()
    for i in range(12):
        tab.ask(f"question {i}")
    assert tab.asked[-1]["history"] == [f"question {i}" for i in range(1, 11)]


def test_data_attributes_configure_the_widget(tab: Tab, server_url: str) -> None:
    html = (
        "<!doctype html><title>x</title><p>Custom page</p>"
        '<script src="/widget.js" data-title="Help desk" data-accent="#e11d48"'
        ' data-position="left" data-greeting="Hello there." async></script>'
    )
    tab.page.route(
        f"{server_url}/custom",
        lambda route: route.fulfill(status=200, content_type="text/html", body=html),
    )
    tab.page.goto(f"{server_url}/custom")
    tab.wait_ready()
    launcher = tab.page.get_by_role("button", name="Help desk")
    expect(launcher).to_have_css("background-color", "rgb(225, 29, 72)")
    box = launcher.bounding_box()
    assert box is not None and box["x"] < 100
    launcher.click()
    expect(tab.page.get_by_role("dialog", name="Help desk")).to_be_visible()
    expect(tab.log.locator(".msg.greeting .bubble")).to_have_text("Hello there.")


def test_invalid_accent_falls_back_to_the_default(tab: Tab, server_url: str) -> None:
    html = (
        '<!doctype html><title>x</title><script src="/widget.js"'
        ' data-accent="url(javascript:alert(1))" async></script>'
    )
    tab.page.route(
        f"{server_url}/custom",
        lambda route: route.fulfill(status=200, content_type="text/html", body=html),
    )
    tab.page.goto(f"{server_url}/custom")
    tab.wait_ready()
    launcher = tab.page.get_by_role("button", name="Ask a question")
    expect(launcher).to_have_css("background-color", "rgb(37, 99, 235)")
    box = launcher.bounding_box()
    assert box is not None and box["x"] > 1000  # right is the default position


def test_phone_layout_and_reduced_motion(browser: Browser, server_url: str) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, reduced_motion="reduce", has_touch=True
    )
    page = context.new_page()
    tab = Tab(page)
    page.goto(f"{server_url}/")
    tab.wait_ready()
    tab.launcher.click()
    expect(tab.panel).to_be_visible()
    box = tab.panel.bounding_box()
    assert box is not None and box["width"] == 375 and box["x"] == 0
    assert tab.panel.evaluate("(e) => getComputedStyle(e).transitionDuration").startswith("0s")
    tab.page.keyboard.press("Escape")
    expect(tab.panel).to_be_hidden()
    context.close()


def test_widget_script_and_demo_page_headers(tab: Tab, server_url: str) -> None:
    script = tab.page.request.get(f"{server_url}/widget.js")
    assert script.ok
    assert script.headers["content-type"] == "application/javascript; charset=utf-8"
    assert script.headers["cache-control"] == "public, max-age=300"
    assert "access-control-allow-origin" not in script.headers

    page = tab.page.request.get(f"{server_url}/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "connect-src 'self'" in csp
    assert "style-src 'self' 'unsafe-inline'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "Ask about this article" in page.text()
