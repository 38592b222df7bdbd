"""The engine on a second corpus unlike the news article: a made-up app's help pages and FAQ.

Its labelled questions (tests/data/acme/questions.yaml) were written before the engine was run
on them; nothing was tuned on them. The floors sit a little under today's figures (README:
Quality), so a rule that only suits the article shows up here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import Settings
from app.engine import Engine
from app.evaluate import evaluate, load_questions

ACME = Path(__file__).resolve().parent.parent / "data" / "acme"

pytestmark = pytest.mark.integration


def test_answers_and_refusals_carry_over_to_another_corpus(
    tmp_path: Path, settings: Settings
) -> None:
    acme = settings.model_copy(
        update={"corpus_dir": ACME / "corpus", "index_dir": tmp_path / "index"}
    )
    report = evaluate(Engine.open(acme), load_questions(ACME / "questions.yaml"))["other"]
    assert report.in_scope >= 15 and report.out_of_scope >= 8
    assert report.accuracy >= 0.75, report.failures
    assert report.refusal_rate >= 0.875, report.failures
