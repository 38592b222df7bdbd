"""Content words: what a question is about, less function words and chat shorthand."""

from __future__ import annotations

from app.text import content_tokens


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
