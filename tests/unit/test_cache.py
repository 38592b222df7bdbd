"""The answer cache: LRU bound, key normalisation, history in the key, copies, size 0."""

from __future__ import annotations

import threading

from app.cache import AnswerCache, cache_key
from app.types import Answer, Source


def answer(text: str = "Mythos is a model.") -> Answer:
    return Answer(
        question="What is Mythos?",
        answered=True,
        answer=text,
        confidence=0.9,
        sources=[Source(id="p1", title="T", section="S", text=text, score=0.8)],
        suggestions=["Who made Mythos?"],
        parts=[(text, 1)],
        via="extract",
    )


def test_lru_keeps_at_most_size_and_evicts_least_recently_used() -> None:
    cache = AnswerCache(2)
    cache.put("a", (), answer("A"))
    cache.put("b", (), answer("B"))
    assert cache.get("a") is not None  # "a" is now the most recently used
    cache.put("c", (), answer("C"))
    assert len(cache) == 2
    assert cache.get("b") is None
    assert cache.get("a") is not None
    assert cache.get("c") is not None


def test_key_ignores_case_and_spacing() -> None:
    cache = AnswerCache(8)
    cache.put("What is  Mythos?", (), answer())
    hit = cache.get("  what is mythos? ")
    assert hit is not None and hit.answer == "Mythos is a model."
    assert cache_key("A  b", [" C "]) == cache_key("a b", ["c"])


def test_hit_echoes_the_callers_question() -> None:
    cache = AnswerCache(8)
    cache.put("What is Mythos?", (), answer())
    hit = cache.get("WHAT IS MYTHOS?")
    assert hit is not None and hit.question == "WHAT IS MYTHOS?"


def test_history_is_part_of_the_key() -> None:
    cache = AnswerCache(8)
    cache.put("who made it?", ("What is Mythos?",), answer("Anthropic."))
    assert cache.get("who made it?") is None
    assert cache.get("who made it?", ("What is Glasswing?",)) is None
    hit = cache.get("Who made it?", ("what is mythos?",))
    assert hit is not None and hit.answer == "Anthropic."


def test_returns_copies_so_callers_cannot_change_the_cached_answer() -> None:
    cache = AnswerCache(8)
    original = answer()
    cache.put("q", (), original)
    original.sources.clear()  # the caller keeps using its own answer after storing it
    first = cache.get("q")
    assert first is not None and len(first.sources) == 1
    first.sources.append(first.sources[0])
    first.suggestions.clear()
    first.parts.clear()
    first.answer = "changed"
    second = cache.get("q")
    assert second is not None
    assert len(second.sources) == 1
    assert second.suggestions == ["Who made Mythos?"]
    assert second.parts == [("Mythos is a model.", 1)]
    assert second.answer == "Mythos is a model."


def test_size_zero_disables() -> None:
    cache = AnswerCache(0)
    assert not cache.enabled
    cache.put("q", (), answer())
    assert len(cache) == 0
    assert cache.get("q") is None


def test_clear_forgets_everything() -> None:
    cache = AnswerCache(8)
    cache.put("q", (), answer())
    cache.clear()
    assert cache.get("q") is None


def test_concurrent_use_stays_within_the_bound() -> None:
    cache = AnswerCache(16)

    def churn(offset: int) -> None:
        for i in range(500):
            cache.put(f"q{offset + i % 40}", (), answer())
            cache.get(f"q{offset + (i * 7) % 40}")

    threads = [threading.Thread(target=churn, args=(n * 10,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(cache) == 16
