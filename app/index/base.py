"""The small interface every vector index backend implements (after txtai's `ann/base.py`)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, Self

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
IdArray = npt.NDArray[np.int64]


class VectorIndex(ABC):
    """Nearest-neighbour search over L2-normalised vectors; ids are row numbers 0..len-1."""

    kind: str  # "flat", "hnsw", ...
    dimension: int

    @property
    @abstractmethod
    def params(self) -> dict[str, Any]:
        """Backend parameters, JSON-friendly, recorded in the manifest."""

    @abstractmethod
    def __len__(self) -> int:
        """Number of vectors in the index."""

    @abstractmethod
    def search(self, queries: FloatArray, k: int) -> tuple[FloatArray, IdArray]:
        """Top-k (scores, ids), each shaped (n, k); missing slots have id -1 and score -inf."""

    @abstractmethod
    def reconstruct(self, row: int) -> FloatArray:
        """The stored vector of one row."""

    @abstractmethod
    def save(self, path: Path) -> None:
        """Write the index to one file at `path`."""

    @classmethod
    @abstractmethod
    def load(cls, path: Path) -> Self:
        """Read an index written by `save`; raises IndexCorruptError naming the file."""
