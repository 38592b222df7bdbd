"""The index stage: vectors, passages and manifest on disk, with crash-safe builds."""

from app.index.base import VectorIndex
from app.index.errors import (
    IndexCorruptError,
    IndexLoadError,
    IndexMismatchError,
    IndexMissingError,
    IndexStaleError,
)
from app.index.faiss_index import FaissIndex
from app.index.fingerprint import corpus_fingerprint
from app.index.manifest import FORMAT_VERSION, Manifest, package_versions
from app.index.store import LoadedIndex, check_compatible, read_index, write_index

__all__ = [
    "FORMAT_VERSION",
    "FaissIndex",
    "IndexCorruptError",
    "IndexLoadError",
    "IndexMismatchError",
    "IndexMissingError",
    "IndexStaleError",
    "LoadedIndex",
    "Manifest",
    "VectorIndex",
    "check_compatible",
    "corpus_fingerprint",
    "package_versions",
    "read_index",
    "write_index",
]
