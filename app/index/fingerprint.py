"""A content hash of the corpus, to tell at start-up whether the index is stale."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

_CHUNK = 1 << 20


def corpus_fingerprint(corpus_dir: Path, extensions: Iterable[str], salt: str) -> str:
    """sha256 over the salt and the relative path and bytes of each non-hidden corpus file."""
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus_dir}")
    suffixes = tuple(_normalise(e) for e in extensions)
    digest = hashlib.sha256()
    digest.update(_frame(b"faqbot-corpus-v1"))
    digest.update(_frame(salt.encode("utf-8")))
    for rel, path in _corpus_files(corpus_dir, suffixes):
        digest.update(_frame(rel.encode("utf-8")))
        try:
            with path.open("rb") as fh:
                content = hashlib.sha256()
                while chunk := fh.read(_CHUNK):
                    content.update(chunk)
            digest.update(_frame(content.digest()))
        except OSError:
            # The loader will skip it too; a file becoming readable must still change the hash.
            digest.update(_frame(b"<unreadable>"))
    return digest.hexdigest()


def _corpus_files(root: Path, suffixes: tuple[str, ...]) -> list[tuple[str, Path]]:
    """(relative posix path, path) of matching files, sorted; hidden files and folders skipped."""
    found: list[tuple[str, Path]] = []
    # os.walk prunes hidden folders (.git, .venv) without descending; dir symlinks not followed.
    for current, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or not name.lower().endswith(suffixes):
                continue
            path = Path(current, name)
            if path.is_file():
                found.append((path.relative_to(root).as_posix(), path))
    found.sort(key=lambda item: item[0])
    return found


def _normalise(extension: str) -> str:
    """ ".MD", "md" → ".md"."""
    ext = extension.strip().lower()
    return ext if ext.startswith(".") else f".{ext}"


def _frame(data: bytes) -> bytes:
    """Length-prefix a field so that no two different inputs hash the same byte stream."""
    return len(data).to_bytes(8, "big") + data
