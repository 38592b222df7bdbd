"""`faqbot report`'s figures on a seeded question log with known answers."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.store import QuestionRecord, Store
from app.store.report import build_report, group_questions, normalise, parse_since

NOW = datetime.now(UTC)


def seed(store: Store) -> None:
    """10 recent questions (7 answered), 1 old one; 4 votes (1 helpful)."""
    asked = [
        ("What is Mythos?", True, ("p-mythos",)),
        ("what is mythos", True, ("p-mythos",)),
        ("What's Mythos??", True, ("p-mythos",)),
        ("Mythos, what is it?", True, ("p-mythos",)),  # token_sort groups the reordering
        ("Who attended the talks?", True, ("p-people",)),
        ("who attended the talks", True, ("p-people",)),
        ("When were the talks?", True, ("p-date",)),
        ("What's the capital of France?", False, ()),
        ("what is the capital of france", False, ()),
        ("How do I reset my password?", False, ()),
    ]
    records = [
        QuestionRecord(
            answer_id=f"{i:032x}",
            surface="slack" if i % 2 else "api",
            question=q,
            answered=answered,
            confidence=0.7 if answered else 0.2,
            source_ids=sources,
            latency_ms=5.0,
            asked_at=NOW - timedelta(hours=i + 1),
        )
        for i, (q, answered, sources) in enumerate(asked)
    ]
    old = QuestionRecord(
        answer_id="f" * 32,
        surface="api",
        question="What is Mythos?",
        answered=False,
        confidence=0.1,
        asked_at=NOW - timedelta(days=30),
    )
    store.add_questions([*records, old])
    store.add_feedback(f"{0:032x}", "u1", True)
    store.add_feedback(f"{4:032x}", "u1", False, "wrong people")
    store.add_feedback(f"{5:032x}", "u2", False)
    store.add_feedback(f"{6:032x}", "u1", False)


@pytest.fixture()
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'log.db'}"
    store = Store.open(url)
    seed(store)
    store.close()
    return url


def test_normalise_and_grouping() -> None:
    assert normalise("  What\u2019s   MYTHOS?? ") == "what is mythos"
    assert normalise("Can't I don't") == "cannot i do not"
    groups = group_questions(
        ["What is Mythos?", "what is mythos", "Who made it?", "What is Mythos?"]
    )
    assert [(g.question, g.count) for g in groups] == [("What is Mythos?", 3), ("Who made it?", 1)]
    assert groups[0].variants == ("what is mythos",)


def test_parse_since() -> None:
    assert parse_since("7d") == timedelta(days=7)
    assert parse_since("24h") == timedelta(hours=24)
    assert parse_since("2w") == timedelta(weeks=2)
    with pytest.raises(ValueError, match="bad period"):
        parse_since("seven days")


def test_report_figures(database: str) -> None:
    store = Store.open(database)
    report = build_report(store.engine, timedelta(days=7))
    store.close()
    assert report.questions == 10  # the 30-day-old question is outside the window
    assert report.answered == 7 and report.answer_rate == pytest.approx(0.7)
    assert report.votes == 4 and report.helpful_rate == pytest.approx(0.25)
    assert report.by_surface == {"api": 5, "slack": 5}
    busiest = [(g.question, g.count) for g in report.busiest]
    assert busiest[0][1] == 4 and "mythos" in busiest[0][0].lower()
    assert {(normalise(q), c) for q, c in busiest[1:3]} == {
        ("who attended the talks", 2),
        ("what is the capital of france", 2),
    }
    assert len(report.busiest) == 5  # mythos, attended, when, capital, password
    unanswered = [(normalise(g.question), g.count) for g in report.unanswered]
    assert unanswered == [("what is the capital of france", 2), ("how do i reset my password", 1)]
    top = report.unhelpful[0]
    assert top.source_ids == ("p-people",) and (top.unhelpful, top.helpful) == (2, 0)
    assert top.comments == ("wrong people",)
    assert report.unhelpful[1].source_ids == ("p-date",)
    assert all(a.source_ids != ("p-mythos",) for a in report.unhelpful)  # only helpful votes


def test_cli_report_json_csv_text(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FAQBOT_DATABASE_URL", database)
    assert main(["report", "--since", "7d", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answer_rate"] == 0.7 and data["helpful_rate"] == 0.25
    assert data["questions"] == 10
    assert main(["report", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    summary = {r["text"]: r for r in rows if r["section"] == "summary"}
    assert summary["answered"]["count"] == "7" and summary["answered"]["detail"] == "70.0%"
    assert [r["count"] for r in rows if r["section"] == "unanswered"] == ["2", "1"]
    assert main(["report", "--since", "60d"]) == 0
    text = capsys.readouterr().out
    assert "questions: 11" in text and "answer rate: 63.6%" in text
    assert "Top unanswered" in text and "p-people" in text
    assert main(["report", "--since", "soon"]) == 2
