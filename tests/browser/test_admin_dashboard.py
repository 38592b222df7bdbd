"""The curator's dashboard in headless Chromium: a real server, a seeded log, drawn charts.

(Named test_admin_dashboard.py: tests/integration/test_admin.py already holds the basename.)
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Page, expect
from pydantic import SecretStr

from app.config import Settings
from app.engine import Engine
from app.main import create_app
from app.store import QuestionRecord, Store

if TYPE_CHECKING:
    from tests.conftest import LiveServer

pytestmark = pytest.mark.browser

TOKEN = "browser-admin-token"
UNANSWERED = [
    ("How do I reset my password?", 9),
    ("Is there a mobile app?", 6),
    ("When is the next summit?", 4),
    ("Can I download the transcript?", 3),
    ("Who pays for the talks?", 2),
]
SURFACES = ("widget",) * 5 + ("help",) * 3 + ("api",) * 2 + ("slack",) * 2


def seed(url: str, engine: Engine) -> None:
    """30 days of questions (more on weekdays, growing) and votes, deterministically."""
    rng = random.Random(7)
    faq = [p for p in engine.loaded.passages if p.question]
    now = datetime.now(UTC)
    records: list[QuestionRecord] = []
    votes: list[tuple[str, bool, str | None, datetime]] = []
    n = 0

    def add(
        day: int, question: str, answered: bool, sources: tuple[str, ...]
    ) -> tuple[str, datetime]:
        nonlocal n
        n += 1
        # Within that UTC day and before now: a run just after midnight still has questions
        # today (ten hours back from 00:05 would land them all on yesterday's bar).
        midnight = (now - timedelta(days=day)).replace(hour=0, minute=0, second=0, microsecond=0)
        room = min(now - midnight, timedelta(days=1)).total_seconds()
        when = midnight + timedelta(seconds=room * rng.uniform(0.0, 0.99))
        records.append(
            QuestionRecord(
                answer_id=f"{n:032x}",
                surface=rng.choice(SURFACES),  # type: ignore[arg-type]
                question=question,
                answered=answered,
                confidence=rng.uniform(0.5, 0.9) if answered else rng.uniform(0.1, 0.4),
                source_ids=sources,
                latency_ms=rng.uniform(8, 40),
                asked_at=when,
            )
        )
        return f"{n:032x}", when

    for day in range(29, -1, -1):
        weekday = (now - timedelta(days=day)).weekday() < 5
        count = rng.randint(6, 10) + (29 - day) // 3 + (6 if weekday else 0)
        for _ in range(count):
            passage = rng.choice(faq)
            answer_id, when = add(day, passage.question or "", True, (passage.id,))
            if rng.random() < 0.35:
                helpful = passage is not faq[1] and rng.random() < 0.8
                comment = None if helpful else "missing details"
                voted = min(when + timedelta(minutes=1), now)
                votes.append((answer_id, helpful, comment, voted))
        for _ in range(rng.randint(0, 4)):
            question = rng.choices(UNANSWERED, weights=[w for _, w in UNANSWERED])[0][0]
            add(day, question, False, ())
    store = Store.open(url)
    try:
        store.add_questions(records)
        for i, (answer_id, helpful, comment, when) in enumerate(votes):
            store.add_feedback(answer_id, f"client-{i}", helpful, comment, now=when)
    finally:
        store.close()


@pytest.fixture(scope="module")
def server_url(
    settings: Settings,
    engine: Engine,
    tmp_path_factory: pytest.TempPathFactory,
    live_server: LiveServer,
) -> Iterator[str]:
    """A real uvicorn server on a free local port, with the admin token and a seeded log."""
    url = f"sqlite:///{tmp_path_factory.mktemp('admin') / 'faqbot.db'}"
    seed(url, engine)
    configured = settings.model_copy(update={"database_url": url, "admin_token": SecretStr(TOKEN)})
    with live_server(create_app(configured, engine=engine)) as url:
        yield url


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    context.close()
    # Console errors (CSP violations among them) and page errors; a 401 is logged as a failed
    # load, and the sign-in tests provoke it on purpose.
    assert [e for e in errors if "status of 401" not in e] == [], errors


def box_area(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return float(box["width"] * box["height"])


def test_dashboard_renders_its_charts(page: Page, server_url: str, screenshot_dir: Path) -> None:
    response = page.goto(f"{server_url}/admin?token={TOKEN}")
    assert response is not None and response.status == 200
    assert page.url == f"{server_url}/admin"  # the token left the address bar
    expect(page.get_by_role("heading", name="Curator's dashboard")).to_be_visible()

    cookies = {c["name"]: c for c in page.context.cookies()}
    cookie = cookies["faqbot_admin"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/admin"
    assert cookie["value"] != TOKEN
    assert "faqbot_admin" not in page.evaluate("document.cookie")

    bars = page.locator("#questions-chart rect.bar")
    assert bars.count() == 30
    heights = [float(h) for h in bars.evaluate_all("(rs) => rs.map((r) => r.getBBox().height)")]
    assert min(heights) > 0 and max(heights) > 100
    assert page.locator("#questions-chart polyline.rate").count() >= 1
    line = page.locator("#questions-chart polyline.rate").first
    assert line.evaluate("(l) => l.getTotalLength()") > 500
    assert box_area(page, "#questions-chart") > 500 * 150
    assert page.locator("#votes-chart rect.up").count() > 10
    assert page.locator("#votes-chart rect.down").count() > 0
    slices = page.locator("#surfaces-chart circle.slice")
    assert slices.count() == 4
    lengths = slices.evaluate_all(
        "(cs) => cs.map((c) => parseFloat(getComputedStyle(c).strokeDasharray))"
    )
    assert sum(lengths) == pytest.approx(100, abs=0.1)
    # Series colours come from the page's CSS (the style sheet was not blocked by the CSP).
    fill = page.locator("#questions-chart rect.bar").first.evaluate(
        "(r) => getComputedStyle(r).fill"
    )
    assert fill not in ("", "none", "rgb(0, 0, 0)")

    top = page.locator("#unanswered tbody tr").first
    expect(top).to_contain_text(UNANSWERED[0][0])
    expect(page.locator("#unhelpful tbody tr").first).to_contain_text("missing details")

    shot = screenshot_dir / "admin.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_export_downloads_with_the_cookie(page: Page, server_url: str) -> None:
    page.goto(f"{server_url}/admin?token={TOKEN}")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the question log (CSV)").click()
    download = info.value
    assert download.suggested_filename == "faqbot-questions.csv"
    lines = Path(download.path()).read_text().splitlines()
    assert lines[0].startswith("asked_at,surface,question,answered")
    assert len(lines) > 300


def test_sign_in_link_followed_from_another_site(page: Page, server_url: str) -> None:
    """A SameSite=Strict cookie set on a cross-site navigation still signs the curator in."""
    other = server_url.replace("127.0.0.1", "localhost")  # another site, same server
    html = f'<!doctype html><title>mail</title><a href="{server_url}/admin?token={TOKEN}">open</a>'
    page.route(
        f"{other}/mail",
        lambda route: route.fulfill(status=200, content_type="text/html", body=html),
    )
    page.goto(f"{other}/mail")
    statuses: list[tuple[str, int]] = []
    page.on("response", lambda r: statuses.append((r.url, r.status)))
    page.get_by_role("link", name="open").click()
    expect(page.get_by_role("heading", name="Curator's dashboard")).to_be_visible()
    expect(page.locator("#questions-chart")).to_be_visible()
    assert page.url == f"{server_url}/admin"
    # Chromium withholds the Strict cookie on the redirect of a cross-site navigation: the
    # 401 page reloads itself (a same-site navigation), and then the cookie is sent.
    assert [status for _, status in statuses] == [303, 401, 200]


def test_without_the_token_the_browser_sees_401(page: Page, server_url: str) -> None:
    response = page.goto(f"{server_url}/admin")
    assert response is not None and response.status == 401
    expect(page.get_by_text("A valid admin token is needed")).to_be_visible()
    assert "faqbot_admin" not in {c["name"] for c in page.context.cookies()}
