"""The API docs in headless Chromium: Swagger UI draws with nothing fetched from a CDN."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, expect

from app.config import Settings
from app.engine import Engine
from app.main import create_app

if TYPE_CHECKING:
    from tests.conftest import LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server_url(settings: Settings, engine: Engine, live_server: LiveServer) -> Iterator[str]:
    with live_server(create_app(settings, engine)) as url:
        yield url


def test_swagger_ui_draws_the_api_from_local_files_only(browser: Browser, server_url: str) -> None:
    page = browser.new_page()
    hosts: set[str] = set()
    page.on(
        "request", lambda r: hosts.add(urlparse(r.url).netloc) if r.url.startswith("http") else None
    )
    page.goto(f"{server_url}/docs")
    # Swagger UI lists the operations once its script (served from /docs/static) has run.
    expect(page.locator(".opblock-summary-path", has_text="/api/ask").first).to_be_visible(
        timeout=15_000
    )
    assert hosts == {urlparse(server_url).netloc}
    page.close()
