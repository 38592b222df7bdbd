"""Content words: what a question is about, less function words and chat shorthand."""

from __future__ import annotations

from app.text import content_tokens, normalize, token_spans, tokens


def test_chat_shorthand_carries_no_topic() -> None:
    # "wat r" must not count as two question words that no passage backs.
    assert content_tokens("wat r the gardrails 4") == ["gardrails", "4"]
    assert content_tokens("whats the fine if i dont return it") == ["fine", "return"]
    assert content_tokens("Is it OK to recycle glass?") == ["recycle", "glass"]


def test_topic_words_are_kept() -> None:
    assert content_tokens("Why did Nvidia's chips worry critics?") == [
        "nvidia",
        "chips",
        "worry",
        "critics",
    ]


def test_token_spans_spell_tokens_as_tokens_does_and_point_into_the_text() -> None:
    text = "Nvidia's H200 chips AREN'T cleared, says Lorien."
    spans = list(token_spans(text))
    assert [t for t, _, _ in spans] == tokens(text)
    assert [text[a:b].lower() for _, a, b in spans][:3] == ["nvidia's", "h200", "chips"]


def test_accents_are_folded_so_a_plain_spelling_matches() -> None:
    """ "Café" was "caf", which "cafe" never matched; offsets still point into the text."""
    text = "The Orrery Café, naïve façade"
    assert tokens(text) == ["the", "orrery", "cafe", "naive", "facade"]
    assert [(w, text[a:b]) for w, a, b in token_spans(text)][2:] == [
        ("cafe", "Café"),
        ("naive", "naïve"),
        ("facade", "façade"),
    ]
    assert normalize("CAFÉ") == "cafe"


def test_contracted_function_words_carry_no_topic() -> None:
    # "they're" was a content word that no passage could back.
    question = "what's the point of the rules they're negotiating? isn't it late? we've won't I'll"
    assert content_tokens(question) == ["point", "rules", "negotiating", "late"]
    assert content_tokens("O'Neill's rock'n'roll") == ["o'neill", "rock'n'roll"]


def test_else_and_along_carry_no_topic() -> None:
    assert content_tokens("what else is there?") == []
    # "Bring it along": a particle, which "found along the coastline" would back by accident.
    assert content_tokens("can I bring my dog along?") == ["bring", "dog"]
