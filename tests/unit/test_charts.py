"""The dashboard's chart geometry: axis steps, broken rate lines, donut segments."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.charts import nice_step, questions_chart, surface_slices, votes_chart
from app.store.dashboard import Day, spreadsheet_safe


def days(*counts: tuple[int, int]) -> list[Day]:
    start = date(2025, 3, 1)
    return [Day(start + timedelta(days=i), q, a) for i, (q, a) in enumerate(counts)]


@pytest.mark.parametrize(
    ("top", "step"), [(0, 1), (3, 1), (7, 2), (10, 5), (29, 10), (120, 50), (999, 500)]
)
def test_nice_step(top: int, step: int) -> None:
    assert nice_step(top) == step


def test_questions_chart_bars_and_a_rate_line_broken_by_empty_days() -> None:
    chart = questions_chart(days((4, 2), (2, 2), (0, 0), (5, 5), (1, 0)))
    assert not chart.empty and len(chart.bars) == 4
    assert [t.label for t in chart.y_ticks] == ["0", "2", "4", "6"]
    assert all(b.height > 0 and chart.top <= b.y <= chart.bottom for b in chart.bars)
    assert len(chart.lines) == 2  # the day without questions breaks the line
    assert [p.title.split(": ")[1] for p in chart.points] == [
        "50% answered",
        "100% answered",
        "100% answered",
        "0% answered",
    ]
    full = chart.points[1]
    assert full.y == pytest.approx(chart.top)


def test_empty_charts() -> None:
    chart = questions_chart(days((0, 0), (0, 0)))
    assert chart.empty and chart.bars == [] and chart.lines == []
    assert votes_chart([]).empty


def test_votes_chart_stacks_helpful_under_unhelpful() -> None:
    day = Day(date(2025, 3, 1), votes=4, helpful=1)
    up, down = votes_chart([day]).bars
    assert (up.kind, down.kind) == ("up", "down")
    assert down.y + down.height == pytest.approx(up.y)
    assert down.height == pytest.approx(3 * up.height)


def test_surface_slices_cover_the_circle_in_a_fixed_order() -> None:
    slices = surface_slices({"api": 1, "slack": 1, "widget": 2, "other": 0})
    assert [s.surface for s in slices] == ["widget", "api", "slack", "other"]
    assert sum(s.share for s in slices) == pytest.approx(1.0)
    assert [s.offset for s in slices] == pytest.approx([25, -25, -50, -75])
    assert surface_slices({}) == []


def test_spreadsheet_safe() -> None:
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("What is 1+1?") == "What is 1+1?"
