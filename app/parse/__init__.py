"""Parse stage: load every supported file in the corpus folder into a Document."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.parse import faq, html, markdown, text
from app.parse.errors import ParseError
from app.types import Document, SkippedFile

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "CorpusError",
    "CorpusLoad",
    "ParseError",
    "load_corpus",
    "load_file",
]

log = logging.getLogger(__name__)

Loader = Callable[[str, str], Document]

_LOADERS: dict[str, Loader] = {
    ".md": markdown.parse,
    ".markdown": markdown.parse,
    ".txt": text.parse,
    ".yaml": faq.parse_yaml,
    ".yml": faq.parse_yaml,
    ".json": faq.parse_json,
    ".html": html.parse,
    ".htm": html.parse,
}

# Sorted so that anything hashing it (the index fingerprint) is stable.
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(sorted(_LOADERS))

_BOM = b"\xef\xbb\xbf"


class CorpusError(Exception):
    """The corpus folder is missing, not a folder, or holds no readable document."""


@dataclass(frozen=True)
class CorpusLoad:
    """The documents loaded from a corpus folder and the files that were skipped."""

    documents: tuple[Document, ...]
    skipped: tuple[SkippedFile, ...]


def load_corpus(corpus_dir: Path) -> CorpusLoad:
    """Load every supported file under corpus_dir, skipping (and logging) unusable ones."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.exists():
        raise CorpusError(f"corpus folder {corpus_dir} does not exist")
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder {corpus_dir} is not a directory")

    documents: list[Document] = []
    skipped: list[SkippedFile] = []
    for path in _walk(corpus_dir):
        source = path.relative_to(corpus_dir).as_posix()
        result = load_file(path, source)
        if isinstance(result, SkippedFile):
            log.warning("skipping %s: %s", source, result.reason)
            skipped.append(result)
        else:
            documents.append(result)
    if not documents:
        raise CorpusError(
            f"no readable documents in corpus folder {corpus_dir} ({len(skipped)} files skipped)"
        )
    return CorpusLoad(documents=tuple(documents), skipped=tuple(skipped))


def load_file(path: Path, source: str) -> Document | SkippedFile:
    """Load one file as a Document, or say why it was skipped."""
    suffix = path.suffix.lower()
    loader = _LOADERS.get(suffix)
    if loader is None:
        kind = f"'{suffix}'" if suffix else "(no extension)"
        return SkippedFile(source, f"unsupported file type {kind}")
    if not path.is_file():
        return SkippedFile(source, "not a regular file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        return SkippedFile(source, f"could not read file: {exc.strerror or exc}")
    decoded = _decode(data)
    if isinstance(decoded, SkippedFile):
        return SkippedFile(source, decoded.reason)
    if not decoded.strip():
        return SkippedFile(source, "empty file")
    try:
        document = loader(decoded, source)
    except ParseError as exc:
        return SkippedFile(source, exc.reason)
    except (ValueError, RecursionError) as exc:
        # A pathological file must not stop the build; the reason still names the problem.
        log.debug("parser failure on %s", source, exc_info=True)
        return SkippedFile(source, f"could not parse: {type(exc).__name__}: {exc}")
    if not document.blocks:
        return SkippedFile(source, "no text found")
    return document


def _decode(data: bytes) -> str | SkippedFile:
    """Decode UTF-8 (with or without a BOM) and normalise line endings."""
    offset = len(_BOM) if data.startswith(_BOM) else 0
    try:
        decoded = data[offset:].decode("utf-8")
    except UnicodeDecodeError as exc:
        position = offset + exc.start
        return SkippedFile(
            "", f"not valid UTF-8 text (byte 0x{data[position]:02x} at position {position})"
        )
    if "\x00" in decoded:
        return SkippedFile("", "binary file (contains NUL bytes)")
    return decoded.replace("\r\n", "\n").replace("\r", "\n")


def _walk(folder: Path) -> list[Path]:
    """Every non-hidden file under folder (recursively), in sorted path order."""
    found: list[Path] = []
    seen: set[Path] = set()

    def visit(directory: Path) -> None:
        real = directory.resolve()
        if real in seen:  # a symlink loop
            return
        seen.add(real)
        for entry in sorted(directory.iterdir(), key=lambda p: p.name):
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                visit(entry)
            else:
                found.append(entry)

    visit(folder)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())
