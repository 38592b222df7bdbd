"""The build's encoder: each distinct text once, longest first, results in input order."""

from __future__ import annotations

import numpy as np

from app.build import ENCODE_CHUNK, encode_texts


class CountingEmbedder:
    """Vectors that identify their text; records what it was asked to encode."""

    dimension = 4

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.array([[len(t), sum(map(ord, t)), 1.0, 0.0] for t in texts], dtype=np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def expected(texts: list[str]) -> np.ndarray:
    return CountingEmbedder().encode(texts)


def test_repeats_are_encoded_once_and_order_is_kept() -> None:
    embedder = CountingEmbedder()
    texts = ["a b", "longest text here", "a b", "mid text", "longest text here"]
    done: list[tuple[int, int]] = []
    vectors = encode_texts(embedder, texts, lambda d, t: done.append((d, t)))  # type: ignore[arg-type]
    np.testing.assert_allclose(vectors, expected(texts))
    asked = [t for call in embedder.calls for t in call]
    assert asked == ["longest text here", "mid text", "a b"]  # distinct, longest first
    assert done == [(3, 3)]


def test_progress_per_chunk_and_empty_input() -> None:
    embedder = CountingEmbedder()
    texts = [f"text {i}" for i in range(ENCODE_CHUNK + 5)]
    done: list[tuple[int, int]] = []
    vectors = encode_texts(embedder, texts, lambda d, t: done.append((d, t)))  # type: ignore[arg-type]
    np.testing.assert_allclose(vectors, expected(texts))
    assert done == [(ENCODE_CHUNK, len(texts)), (len(texts), len(texts))]
    assert encode_texts(embedder, []).shape == (0, 4)  # type: ignore[arg-type]
