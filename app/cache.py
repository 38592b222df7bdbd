"""A bounded, thread-safe LRU cache of answers, keyed on the normalised question and history."""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from app.text import normalize
from app.types import Answer

CacheKey = tuple[str, tuple[str, ...]]


def cache_key(question: str, history: Sequence[str] = ()) -> CacheKey:
    """The key two requests share when they must get the same answer."""
    return normalize(question), tuple(normalize(h) for h in history)


def copy_answer(answer: Answer, question: str | None = None) -> Answer:
    """A copy whose lists can be changed without touching the original."""
    # Shallow list copies suffice (their items are frozen dataclasses and tuples) and cost
    # a fraction of deepcopy, which matters on the hit path that aims for well under 1 ms.
    changes: dict[str, Any] = {
        f.name: type(value)(value)
        for f in dataclasses.fields(answer)
        if isinstance(value := getattr(answer, f.name), list | dict | set)
    }
    if question is not None:
        changes["question"] = question
    return dataclasses.replace(answer, **changes)


class AnswerCache:
    """Least-recently-used answers; `size` 0 disables it (every lookup misses)."""

    def __init__(self, size: int) -> None:
        self.size = max(0, size)
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[CacheKey, Answer] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    @property
    def enabled(self) -> bool:
        """Whether answers are kept at all."""
        return self.size > 0

    def get(self, question: str, history: Sequence[str] = ()) -> Answer | None:
        """A copy of the cached answer (echoing this caller's question), or None."""
        if not self.size:
            return None
        key = cache_key(question, history)
        with self._lock:
            answer = self._items.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
        return copy_answer(answer, question)

    def put(self, question: str, history: Sequence[str], answer: Answer) -> None:
        """Keep a copy of the answer, evicting the least recently used beyond the bound."""
        if not self.size:
            return
        key = cache_key(question, history)
        stored = copy_answer(answer)
        with self._lock:
            self._items[key] = stored
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget every answer (after the index changes)."""
        with self._lock:
            self._items.clear()
