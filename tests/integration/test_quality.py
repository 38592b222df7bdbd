"""Answer quality on the labelled question set, measured with the real model.

The floors below guard against regressions: they sit under what the engine measures today
(see the README's eval table). The issue's targets (≥ 95% answer accuracy and ≥ 95%
out-of-scope refusals on the held-out split) are asserted by test_heldout_meets_targets; they
were first met on 2026-12-03 (95.7% and 95.0%, 38 of 40 refused), so one more wrong answer to
an out-of-scope question fails it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine import Engine
from app.evaluate import SplitReport, evaluate, load_questions

QUESTIONS = Path(__file__).resolve().parent.parent / "data" / "questions.yaml"
# Five sets of 120 more questions, each written blind by a helper that saw only the two
# corpus files; odd ids are for development, even ids held out (README: Quality).
BLIND = {
    name: Path(__file__).resolve().parent.parent / "data" / f"{name}.yaml"
    for name in ("blind-2", "blind-3", "blind-4", "blind-5", "blind-6")
}

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
    "dev": {"accuracy": 0.84, "refusal": 0.95, "false_refusal": 0.10, "mrr": 0.72},
    "heldout": {"accuracy": 0.88, "refusal": 0.78, "false_refusal": 0.10, "mrr": 0.77},
}


BLIND_FLOORS = {
    "blind-2": {
        "dev": {"accuracy": 0.78, "refusal": 0.73, "false_refusal": 0.12, "mrr": 0.62},
        "heldout": {"accuracy": 0.75, "refusal": 0.78, "false_refusal": 0.15, "mrr": 0.70},
    },
    # First run 73.9 / 85.7 dev, 88.6 / 80.0 held out; now 82.6 / 92.9 and 88.6 / 84.0.
    "blind-3": {
        "dev": {"accuracy": 0.78, "refusal": 0.85, "false_refusal": 0.08, "mrr": 0.66},
        "heldout": {"accuracy": 0.85, "refusal": 0.8, "false_refusal": 0.12, "mrr": 0.69},
    },
    # First run 78.0 / 73.7 dev, 92.5 / 80.0 held out; dev now 87.8 / 89.5.
    "blind-4": {
        "dev": {"accuracy": 0.84, "refusal": 0.84, "false_refusal": 0.08, "mrr": 0.72},
        "heldout": {"accuracy": 0.88, "refusal": 0.75, "false_refusal": 0.1, "mrr": 0.69},
    },
    # First run 82.9 / 80.0 dev, 80.0 / 92.0 held out (false refusals 8.6% in each).
    "blind-5": {
        "dev": {"accuracy": 0.78, "refusal": 0.75, "false_refusal": 0.12, "mrr": 0.6},
        "heldout": {"accuracy": 0.75, "refusal": 0.86, "false_refusal": 0.12, "mrr": 0.66},
    },
    # First run 79.4 / 84.6 dev (91.2 / 84.6 once four dev labels took the FAQ's wording of
    # their fact), 86.1 / 91.7 held out.
    "blind-6": {
        "dev": {"accuracy": 0.85, "refusal": 0.8, "false_refusal": 0.08, "mrr": 0.63},
        "heldout": {"accuracy": 0.8, "refusal": 0.87, "false_refusal": 0.08, "mrr": 0.65},
    },
}


def check(report: SplitReport, floor: dict[str, float]) -> None:
    # A broken dev floor names its failures; a held-out one only its figures, so that a
    # regression does not show the held-out questions to whoever goes on to fix it.
    shown = report.failures if report.name != "heldout" else f"{report.name}: figures only"
    assert report.accuracy >= floor["accuracy"], shown
    assert report.refusal_rate >= floor["refusal"], shown
    assert report.false_refusal_rate <= floor["false_refusal"], shown
    assert report.mrr >= floor["mrr"]


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_quality_does_not_regress(reports: dict[str, SplitReport], split: str) -> None:
    check(reports[split], FLOORS[split])


@pytest.fixture(scope="module")
def blind_reports(engine: Engine) -> dict[str, dict[str, SplitReport]]:
    """Each blind set through the engine once."""
    return {name: evaluate(engine, load_questions(path)) for name, path in BLIND.items()}


@pytest.mark.parametrize(
    ("name", "split"), [(name, split) for name in sorted(BLIND) for split in ("dev", "heldout")]
)
def test_blind_sets_do_not_regress(
    blind_reports: dict[str, dict[str, SplitReport]], name: str, split: str
) -> None:
    check(blind_reports[name][split], BLIND_FLOORS[name][split])


@pytest.mark.parametrize("name", sorted(BLIND))
def test_blind_sets_are_split_by_id(name: str) -> None:
    questions = load_questions(BLIND[name])
    assert len(questions) == 120 and len({q.id for q in questions}) == 120
    for q in questions:
        assert q.split == ("dev" if int(q.id[1:]) % 2 else "heldout"), q.id


def test_heldout_meets_targets(reports: dict[str, SplitReport]) -> None:
    """The issue's targets on the held-out split (figures only, so that a failure does not
    show the held-out questions to whoever goes on to fix it)."""
    report = reports["heldout"]
    figures = f"answered {report.accuracy:.1%}, refused {report.refusal_rate:.1%}"
    assert report.accuracy >= 0.95, figures
    assert report.refusal_rate >= 0.95, figures
