"""Picking the top BM25 scores without partitioning a mostly-zero array."""

from __future__ import annotations

import numpy as np

from app.retrieve import top_positive


def test_top_positive_orders_highest_first_and_skips_zeros() -> None:
    scores = np.array([0.0, 2.0, 0.0, 5.0, 1.0, 2.0, 0.0], dtype=np.float32)
    assert top_positive(scores, 3).tolist() == [3, 1, 5]  # tie: lower index first
    assert top_positive(scores, 10).tolist() == [3, 1, 5, 4]
    assert top_positive(np.zeros(5, dtype=np.float32), 3).tolist() == []


def test_top_positive_matches_a_full_sort_on_a_large_sparse_array() -> None:
    rng = np.random.default_rng(3)
    scores = np.zeros(100_000, dtype=np.float32)
    scores[rng.choice(len(scores), 3000, replace=False)] = rng.random(3000) + 0.01
    want = np.argsort(-scores, kind="stable")[:20]
    assert top_positive(scores, 20).tolist() == want.tolist()
