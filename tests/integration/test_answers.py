"""Answers from the shipped corpus for questions whose wording needs the engine's help."""

from __future__ import annotations

from app.engine import Engine


def test_a_misspelt_speaker_is_still_the_speaker(engine: Engine) -> None:
    """The kind of fact asked for is read after typo correction: 'bessant' asks about Bessent."""
    answer = engine.ask("what did bessant say the talks wer for")
    assert answer.answered
    assert "Bessent" in answer.answer
    assert answer.question == "what did bessant say the talks wer for"  # shown as asked


def test_a_speaker_the_documents_never_quote_is_refused(engine: Engine) -> None:
    """The speaker check still holds after correction: nobody quotes this name."""
    assert not engine.ask("what did macron say the talks were for").answered
