"""Answer quality on the labelled question set, measured with the real model.

The floors below guard against regressions: they sit under what the engine measures today
(see the README's eval table), not at the targets. The targets themselves (≥ 95% answer
accuracy and ≥ 95% out-of-scope refusals on the held-out split) are not met yet; the strict
xfail test says so and will fail loudly, asking to be turned into a plain test, once they are.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine import Engine
from app.evaluate import SplitReport, evaluate, load_questions

QUESTIONS = Path(__file__).resolve().parent.parent / "data" / "questions.yaml"
# 120 more questions, written blind by a helper that saw only the two corpus files; odd ids
# are for development, even ids held out (README: Quality).
BLIND = Path(__file__).resolve().parent.parent / "data" / "blind-2.yaml"

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def reports(engine: Engine) -> dict[str, SplitReport]:
    """Every labelled question through the engine once."""
    return evaluate(engine, load_questions(QUESTIONS))


def test_question_set_is_split_and_large_enough() -> None:
    questions = load_questions(QUESTIONS)
    assert len(questions) >= 80
    for split in ("dev", "heldout"):
        part = [q for q in questions if q.split == split]
        assert sum(q.in_scope for q in part) >= 30
        assert sum(not q.in_scope for q in part) >= 15
    assert len({q.id for q in questions}) == len(questions)


# Floors a few points under the figures measured when they were set (README: Quality).
FLOORS = {
    "dev": {"accuracy": 0.84, "refusal": 0.88, "false_refusal": 0.10, "mrr": 0.72},
    "heldout": {"accuracy": 0.85, "refusal": 0.78, "false_refusal": 0.10, "mrr": 0.77},
}


BLIND_FLOORS = {
    "dev": {"accuracy": 0.78, "refusal": 0.73, "false_refusal": 0.12, "mrr": 0.62},
    "heldout": {"accuracy": 0.66, "refusal": 0.78, "false_refusal": 0.15, "mrr": 0.70},
}


def check(report: SplitReport, floor: dict[str, float]) -> None:
    # Held-out failures are named only when a floor breaks: they are not read otherwise.
    assert report.accuracy >= floor["accuracy"], report.failures
    assert report.refusal_rate >= floor["refusal"], report.failures
    assert report.false_refusal_rate <= floor["false_refusal"], report.failures
    assert report.mrr >= floor["mrr"]


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_quality_does_not_regress(reports: dict[str, SplitReport], split: str) -> None:
    check(reports[split], FLOORS[split])


@pytest.fixture(scope="module")
def blind_reports(engine: Engine) -> dict[str, SplitReport]:
    """The blind set through the engine once."""
    return evaluate(engine, load_questions(BLIND))


@pytest.mark.parametrize("split", sorted(BLIND_FLOORS))
def test_blind_set_does_not_regress(blind_reports: dict[str, SplitReport], split: str) -> None:
    check(blind_reports[split], BLIND_FLOORS[split])


@pytest.mark.xfail(strict=True, reason="held-out targets not met yet (README: Quality)")
def test_heldout_meets_targets(reports: dict[str, SplitReport]) -> None:
    report = reports["heldout"]
    assert report.accuracy >= 0.95
    assert report.refusal_rate >= 0.95
