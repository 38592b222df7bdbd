"""Chart geometry for the curator's dashboard, drawn as inline SVG by `admin.html` (no JS).

Everything here is plain numbers and labels; the template only places them, and jinja2
escapes every label.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from app.store.dashboard import Day

WIDTH = 760.0
VOTES_WIDTH = 500.0  # drawn in a narrower column: a smaller canvas keeps the labels legible
HEIGHT = 240.0
LEFT, RIGHT, TOP, BOTTOM = 44.0, 48.0, 14.0, 30.0
BAR_GAP = 0.28  # share of each day's slot left empty between bars
SURFACE_ORDER = ("widget", "help", "api", "slack")


@dataclass(frozen=True)
class Tick:
    """An axis label at `y` (or `x`)."""

    at: float
    label: str


@dataclass(frozen=True)
class Bar:
    """One rectangle, with the tooltip shown on hover."""

    x: float
    y: float
    width: float
    height: float
    title: str
    kind: str = ""


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    title: str


@dataclass
class DailyChart:
    """Bars per day (and optionally a rate line on a 0-100 % right axis)."""

    width: float = WIDTH
    height: float = HEIGHT
    left: float = LEFT
    right: float = WIDTH - RIGHT
    top: float = TOP
    bottom: float = HEIGHT - BOTTOM
    bars: list[Bar] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    rate_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # SVG polyline "points" (one per run of days)
    points: list[Point] = field(default_factory=list)
    empty: bool = True


@dataclass(frozen=True)
class Slice:
    """One surface's share of the questions, as a donut segment (circumference = 100)."""

    surface: str
    count: int
    share: float  # 0..1
    dash: str
    offset: float


def nice_step(top: float, ticks: int = 4) -> int:
    """A round step (1, 2, 5 × 10^k) giving about `ticks` ticks up to `top`."""
    if top <= ticks:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return int(multiple * power)
    return int(10 * power)  # pragma: no cover


def _frame(
    days: Sequence[Day], peak: int, width: float = WIDTH, right: float = RIGHT
) -> tuple[DailyChart, int, float]:
    chart = DailyChart(width=width, right=width - right, empty=peak == 0)
    step = nice_step(max(peak, 1))
    ceiling = step * max(1, math.ceil(max(peak, 1) / step))
    chart.y_ticks = [
        Tick(chart.bottom - (chart.bottom - chart.top) * v / ceiling, str(v))
        for v in range(0, ceiling + 1, step)
    ]
    slot = (chart.right - chart.left) / max(len(days), 1)
    for i, day in enumerate(days):
        if i % 7 == (len(days) - 1) % 7:  # a label every week, ending on today
            chart.x_ticks.append(Tick(chart.left + slot * (i + 0.5), _day_label(day)))
    return chart, ceiling, slot


def _day_label(day: Day) -> str:
    return f"{day.day:%b} {day.day.day}"


def _y(chart: DailyChart, value: float, ceiling: float) -> float:
    return chart.bottom - (chart.bottom - chart.top) * value / ceiling


def questions_chart(days: Sequence[Day]) -> DailyChart:
    """Questions per day as bars, the answer rate per day as a line (right axis, 0-100 %)."""
    chart, ceiling, slot = _frame(days, max((d.questions for d in days), default=0))
    chart.rate_ticks = [
        Tick(chart.bottom - (chart.bottom - chart.top) * p / 100, f"{p}%") for p in (0, 50, 100)
    ]
    run: list[str] = []
    for i, day in enumerate(days):
        x = chart.left + slot * i
        label = _day_label(day)
        if day.questions:
            top = _y(chart, day.questions, ceiling)
            chart.bars.append(
                Bar(
                    x + slot * BAR_GAP / 2,
                    top,
                    slot * (1 - BAR_GAP),
                    chart.bottom - top,
                    f"{label}: {day.questions} questions, {day.answered} answered",
                )
            )
        rate = day.answer_rate
        if rate is None:
            if len(run) > 1:
                chart.lines.append(" ".join(run))
            run = []
            continue
        cx, cy = x + slot / 2, _y(chart, rate, 1.0)
        run.append(f"{cx:.1f},{cy:.1f}")
        chart.points.append(Point(cx, cy, f"{label}: {rate:.0%} answered"))
    if len(run) > 1:
        chart.lines.append(" ".join(run))
    return chart


def votes_chart(days: Sequence[Day], width: float = VOTES_WIDTH) -> DailyChart:
    """Votes per day as stacked bars: helpful below, unhelpful on top (no right axis)."""
    chart, ceiling, slot = _frame(days, max((d.votes for d in days), default=0), width, 12.0)
    for i, day in enumerate(days):
        if not day.votes:
            continue
        x = chart.left + slot * i + slot * BAR_GAP / 2
        width = slot * (1 - BAR_GAP)
        label = _day_label(day)
        up_top = _y(chart, day.helpful, ceiling)
        down = day.votes - day.helpful
        if day.helpful:
            title = f"{label}: {day.helpful} helpful of {day.votes}"
            chart.bars.append(Bar(x, up_top, width, chart.bottom - up_top, title, "up"))
        if down:
            top = _y(chart, day.votes, ceiling)
            title = f"{label}: {down} not helpful of {day.votes}"
            chart.bars.append(Bar(x, top, width, up_top - top, title, "down"))
    return chart


def surface_slices(by_surface: Mapping[str, int]) -> list[Slice]:
    """The surfaces' shares as donut segments, in a fixed order (so colours stay put)."""
    total = sum(by_surface.values())
    order = [s for s in SURFACE_ORDER if s in by_surface]
    order += sorted(s for s in by_surface if s not in SURFACE_ORDER)
    slices = []
    done = 0.0
    for surface in order:
        count = by_surface[surface]
        share = count / total if total else 0.0
        length = share * 100
        # Segments start at 12 o'clock (offset 25) and run clockwise.
        slices.append(Slice(surface, count, share, f"{length:.3f} {100 - length:.3f}", 25 - done))
        done += length
    return slices
