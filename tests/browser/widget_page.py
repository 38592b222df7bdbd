"""The chat widget on the demo page, as the browser tests drive it (shared page object)."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

ANSWER_TIMEOUT = 20_000  # ms: the first answers may wait for the model to warm up
LAUNCHER = "Ask about this article"
REPLY = ".msg.bot:not(.greeting):not(.typing)"


class WidgetPage:
    """One page with the demo article loaded; console and page errors are collected."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []  # console errors (CSP violations among them) and page errors
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    @property
    def log(self) -> Locator:
        return self.page.get_by_role("log")

    @property
    def replies(self) -> Locator:
        return self.log.locator(REPLY)

    def wait_ready(self) -> None:
        self.page.wait_for_function(
            "() => customElements.get('faqbot-widget') && "
            "document.querySelector('faqbot-widget')?.shadowRoot?.querySelector('.launcher')"
        )

    def ask(self, question: str) -> Locator:
        """Type a question, press Enter and wait for the reply to it."""
        before = self.replies.count()
        self.page.keyboard.type(question)
        self.page.keyboard.press("Enter")
        return self.wait_reply(before)

    def wait_reply(self, before: int) -> Locator:
        expect(self.replies).to_have_count(before + 1, timeout=ANSWER_TIMEOUT)
        return self.replies.nth(before)
