"""On-disk layout of the index and crash-safe writes.

index_dir/
  CURRENT                  name of the active build (replaced atomically)
  builds/<build-id>/       manifest.json, vectors.faiss, passages.jsonl, <name>.npy arrays,
                           and what the build adds (bm25/, the lexical index)
  builds/.tmp-*            a build being written (removed by the next write if left over)
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from app.index.base import VectorIndex
from app.index.errors import (
    IndexCorruptError,
    IndexMismatchError,
    IndexMissingError,
    IndexStaleError,
)
from app.index.faiss_index import FaissIndex
from app.index.manifest import Manifest
from app.types import Passage

CURRENT = "CURRENT"
BUILDS = "builds"
MANIFEST = "manifest.json"
VECTORS = "vectors.faiss"
PASSAGES = "passages.jsonl"
_TMP_PREFIX = ".tmp-"
_LOCK = ".lock"
_NPY = ".npy"
_ARRAY_NAME = re.compile(r"[a-z][a-z0-9_]*")

# Backend per manifest index_kind (like txtai's ANN factory); both kinds are faiss today.
_BACKENDS: dict[str, type[VectorIndex]] = {"flat": FaissIndex, "hnsw": FaissIndex}
_PASSAGE_KINDS = ("text", "row", "faq")
_PASSAGE_FIELDS = {f.name: f for f in fields(Passage)}


@dataclass(frozen=True)
class LoadedIndex:
    """An index read from disk: its manifest, vectors and passages (row i ↔ passage i)."""

    manifest: Manifest
    index: VectorIndex
    passages: tuple[Passage, ...]
    path: Path  # the build folder
    # Side arrays the engine keeps beside the vectors (e.g. sentence embeddings), by name.
    arrays: Mapping[str, np.ndarray] = field(default_factory=dict)


def write_index(
    index_dir: Path,
    manifest: Manifest,
    index: VectorIndex,
    passages: Sequence[Passage],
    arrays: Mapping[str, np.ndarray] | None = None,
    extra: Callable[[Path], None] | None = None,
) -> Path:
    """Write a new build, then make it active atomically; returns the build folder.

    `extra` writes further files into the build folder (e.g. a lexical index) before it is
    made active; it must not use the names of the files above.
    """
    arrays = dict(arrays or {})
    for name in arrays:
        if not _ARRAY_NAME.fullmatch(name):
            raise ValueError(f"bad array name {name!r}")
    if not manifest.passages == len(index) == len(passages):
        raise ValueError(
            f"counts disagree: manifest {manifest.passages}, index {len(index)}, "
            f"passages {len(passages)}"
        )
    if manifest.dimension != index.dimension:
        raise ValueError(f"manifest dimension {manifest.dimension} != index {index.dimension}")
    builds = index_dir / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    with _exclusive(index_dir):
        _remove_leftovers(index_dir)
        previous = _pointer_or_none(index_dir)
        tmp = Path(tempfile.mkdtemp(prefix=_TMP_PREFIX, dir=builds))
        try:
            _write_bytes(tmp / MANIFEST, _dump_json(manifest.to_json()))
            index.save(tmp / VECTORS)
            _fsync_path(tmp / VECTORS)
            _write_bytes(
                tmp / PASSAGES, b"".join(_dump_json(_passage_to_json(p)) for p in passages)
            )
            for name, array in arrays.items():
                with open(tmp / f"{name}{_NPY}", "wb") as fh:
                    np.save(fh, np.ascontiguousarray(array), allow_pickle=False)
                    fh.flush()
                    os.fsync(fh.fileno())
            if extra is not None:
                extra(tmp)
                for path in tmp.rglob("*"):
                    _fsync_path(path)
            _fsync_path(tmp)
            final = builds / _new_build_id()
            os.rename(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _fsync_path(builds)
        # The only step that changes what readers see; a crash before it keeps the old build.
        _write_pointer(index_dir, final.name)
        _prune(builds, active=final.name, previous=previous)
    return final


def read_index(index_dir: Path) -> LoadedIndex:
    """Load the active build; raises an IndexLoadError subclass with a one-line message."""
    build = _active_build(index_dir)
    manifest = _read_manifest(build / MANIFEST)
    backend = _BACKENDS.get(manifest.index_kind)
    if backend is None:
        raise IndexCorruptError(f"{build / MANIFEST}: unknown index_kind {manifest.index_kind!r}")
    index = backend.load(build / VECTORS)
    passages = _read_passages(build / PASSAGES)
    if index.kind != manifest.index_kind:
        raise IndexCorruptError(
            f"{build / VECTORS}: holds a {index.kind!r} index, "
            f"but manifest.json says {manifest.index_kind!r}"
        )
    if index.dimension != manifest.dimension:
        raise IndexCorruptError(
            f"{build / VECTORS}: dimension {index.dimension}, "
            f"but manifest.json says {manifest.dimension}"
        )
    if not manifest.passages == len(index) == len(passages):
        raise IndexCorruptError(
            f"{build}: counts disagree: manifest.json says {manifest.passages} passages, "
            f"vectors.faiss holds {len(index)} vectors, passages.jsonl has {len(passages)}"
        )
    arrays = {f.name[: -len(_NPY)]: _read_array(f) for f in sorted(build.glob(f"*{_NPY}"))}
    return LoadedIndex(manifest=manifest, index=index, passages=passages, path=build, arrays=arrays)


def _read_array(path: Path) -> np.ndarray:
    try:
        # Mapped, not read: pages come in as they are used (the stored word vectors of a
        # large corpus run to hundreds of MB, most of them seldom touched).
        return np.load(path, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(f"{path}: unreadable array ({exc})") from exc


def check_compatible(
    manifest: Manifest,
    *,
    model: str,
    dimension: int | None,
    fingerprint: str | None,
    path: Path | None = None,
) -> None:
    """Raise IndexMismatchError (wrong model/dimension) or IndexStaleError (corpus changed)."""
    where = f"index at {path}" if path is not None else "the index"
    if manifest.model != model:
        raise IndexMismatchError(
            f"{where} was built with model {manifest.model}, but the configured model is "
            f"{model}; rebuild with `faqbot build`"
        )
    if dimension is not None and manifest.dimension != dimension:
        raise IndexMismatchError(
            f"{where} holds {manifest.dimension}-dimensional vectors, but the model produces "
            f"{dimension}; rebuild with `faqbot build`"
        )
    if fingerprint is not None and manifest.corpus_fingerprint != fingerprint:
        raise IndexStaleError(
            f"corpus changed since the {where} was built ({manifest.built_at}); "
            "rebuild with `faqbot build`"
        )


# --- reading -------------------------------------------------------------------------------


def _active_build(index_dir: Path) -> Path:
    """The build folder CURRENT names; missing pointer or folder is IndexMissingError."""
    pointer = index_dir / CURRENT
    try:
        raw = pointer.read_bytes()
    except FileNotFoundError:
        raise IndexMissingError(f"no index at {index_dir}; run `faqbot build`") from None
    except OSError as exc:
        raise IndexCorruptError(f"{pointer}: cannot read ({exc.strerror})") from None
    name = _parse_pointer(raw)
    if name is None:
        raise IndexCorruptError(f"{pointer}: does not name a build folder")
    build = index_dir / BUILDS / name
    if not build.is_dir():
        raise IndexMissingError(
            f"no index at {index_dir} (CURRENT names {name}, which is gone); run `faqbot build`"
        )
    return build


def _read_manifest(path: Path) -> Manifest:
    """Parse and validate manifest.json."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise IndexCorruptError(f"{path}: file is missing") from None
    except OSError as exc:
        raise IndexCorruptError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise IndexCorruptError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise IndexCorruptError(
            f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}"
        ) from None
    return Manifest.from_json(data, origin=str(path))


def _read_passages(path: Path) -> tuple[Passage, ...]:
    """Parse passages.jsonl, one Passage per line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise IndexCorruptError(f"{path}: file is missing") from None
    except OSError as exc:
        raise IndexCorruptError(f"{path}: cannot read ({exc.strerror})") from None
    lines = raw.split(b"\n")  # not splitlines(): U+2028 etc. may appear inside JSON strings
    if lines and lines[-1] == b"":
        lines.pop()
    passages: list[Passage] = []
    for number, line in enumerate(lines, start=1):
        try:
            data = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise IndexCorruptError(f"{path}: bad line {number}: invalid JSON") from None
        try:
            passages.append(_passage_from_json(data))
        except ValueError as exc:
            raise IndexCorruptError(f"{path}: bad line {number}: {exc}") from None
    return tuple(passages)


def _passage_to_json(passage: Passage) -> dict[str, Any]:
    """Passage as a JSON object (tuples become lists)."""
    data = asdict(passage)
    data["sentences"] = list(passage.sentences)
    return data


def _passage_from_json(data: object) -> Passage:
    """Validate a JSON object and build a Passage; raises ValueError saying what is wrong."""
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    unknown = sorted(set(data) - _PASSAGE_FIELDS.keys())
    if unknown:
        raise ValueError(f"unknown field {unknown[0]!r}")
    missing = [
        name
        for name, f in _PASSAGE_FIELDS.items()
        if name not in data and f.default is f.default_factory  # both MISSING: required
    ]
    if missing:
        raise ValueError(f"missing field {missing[0]!r}")
    for name in ("id", "source", "title", "section", "text"):
        if not isinstance(data[name], str):
            raise ValueError(f"field {name!r} must be a string")
    if data["kind"] not in _PASSAGE_KINDS:
        raise ValueError(f"field 'kind' must be one of {', '.join(_PASSAGE_KINDS)}")
    sentences = data["sentences"]
    if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
        raise ValueError("field 'sentences' must be a list of strings")
    question = data.get("question")
    if question is not None and not isinstance(question, str):
        raise ValueError("field 'question' must be a string or null")
    return Passage(**{**data, "sentences": tuple(sentences)})


# --- writing -------------------------------------------------------------------------------


def _dump_json(data: dict[str, Any]) -> bytes:
    """One compact JSON line; ensure_ascii=False keeps the file readable."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _write_bytes(path: Path, data: bytes) -> None:
    """Write and fsync a file, so a completed build survives a power cut."""
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_path(path: Path) -> None:
    """fsync a file or folder (a folder fsync persists renames inside it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # folders cannot be opened on some platforms; best effort
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_pointer(index_dir: Path, name: str) -> None:
    """Atomically replace CURRENT: temp file, fsync, os.replace, fsync the folder."""
    fd, tmp = tempfile.mkstemp(prefix=f"{CURRENT}{_TMP_PREFIX}", dir=index_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(f"{name}\n".encode())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, index_dir / CURRENT)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_path(index_dir)


def _parse_pointer(raw: bytes) -> str | None:
    """The build name in CURRENT, or None if it is not a plain folder name."""
    try:
        name = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return None
    if not name or name.startswith(".") or "/" in name or "\\" in name or "\0" in name:
        return None
    return name


def _pointer_or_none(index_dir: Path) -> str | None:
    """The currently active build name, or None if there is none (or it is unreadable)."""
    try:
        return _parse_pointer((index_dir / CURRENT).read_bytes())
    except OSError:
        return None


def _new_build_id() -> str:
    """Sortable by time, unique by a random suffix."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S}Z-{secrets.token_hex(4)}"


def _remove_leftovers(index_dir: Path) -> None:
    """Delete temp folders/files from crashed writes (safe: we hold the write lock)."""
    for entry in (index_dir / BUILDS).glob(f"{_TMP_PREFIX}*"):
        shutil.rmtree(entry, ignore_errors=True)
    for entry in index_dir.glob(f"{CURRENT}{_TMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            entry.unlink()


def _prune(builds: Path, *, active: str, previous: str | None) -> None:
    """Keep the active build and one previous (for rollback); delete the rest, ignoring errors."""
    others = sorted(
        (p.name for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".")),
        reverse=True,
    )
    others = [name for name in others if name != active]
    keep = previous if previous in others else (others[0] if others else None)
    for name in others:
        if name != keep:
            shutil.rmtree(builds / name, ignore_errors=True)


@contextlib.contextmanager
def _exclusive(index_dir: Path) -> Iterator[None]:
    """Serialise writers, so one build never deletes another's temp folder."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, writers must not overlap
        yield
        return
    with (index_dir / _LOCK).open("a") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
