"""Chunk parsed documents into passages: section-aware, bounded, split at sentence boundaries."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import pysbd

from app.types import Block, Document, Passage, PassageKind

# Bumped whenever parsing or chunking changes what passages look like, so old indexes are
# seen as stale (3: a plain-text heading written right above its paragraph; 4: a subsection's
# section names the headings it sits under).
CHUNKER_VERSION = "4"

_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences with pysbd (handles abbreviations like "U.S." and decimals)."""
    text = _SPACE.sub(" ", text).strip()
    if not text:
        return []
    return [s.strip() for s in _segmenter().segment(text) if s.strip()]


def passage_id(source: str, section: str, text: str) -> str:
    """A stable id from the passage's place and content: unchanged text keeps its id."""
    digest = hashlib.sha1(f"{source}\x1f{section}\x1f{text}".encode()).hexdigest()
    return f"p-{digest[:12]}"


def _pack(sentences: Sequence[str], max_chars: int) -> Iterator[list[str]]:
    """Group whole sentences into runs of at most max_chars (a long sentence stands alone)."""
    run: list[str] = []
    size = 0
    for sentence in sentences:
        extra = len(sentence) + (1 if run else 0)
        if run and size + extra > max_chars:
            yield run
            run, size = [], 0
            extra = len(sentence)
        run.append(sentence)
        size += extra
    if run:
        yield run


def _make(doc: Document, block: Block, sentences: Sequence[str]) -> Passage:
    text = " ".join(sentences)
    kind: PassageKind = "faq" if block.kind == "faq" else "row" if block.kind == "row" else "text"
    key = f"{block.question}\n{text}" if block.question else text
    return Passage(
        id=passage_id(doc.source, block.section, key),
        source=doc.source,
        title=doc.title,
        section=block.section,
        kind=kind,
        text=text,
        sentences=tuple(sentences),
        question=block.question,
    )


def chunk_document(doc: Document, max_chars: int = 600) -> list[Passage]:
    """Turn one document's blocks into passages.

    FAQ entries and table rows are one passage each. Paragraphs and list items of the same
    section are packed together up to max_chars, never across a section or kind boundary.
    """
    passages: list[Passage] = []
    pending: list[str] = []
    pending_block: Block | None = None

    def flush() -> None:
        nonlocal pending, pending_block
        if pending_block is not None and pending:
            for run in _pack(pending, max_chars):
                passages.append(_make(doc, pending_block, run))
        pending, pending_block = [], None

    seen: set[tuple[str, str, str | None, str]] = set()
    for block in doc.blocks:
        key = (block.kind, block.section, block.question, block.text)
        sentences = split_sentences(block.text)
        if not sentences or key in seen:
            continue  # a repeated block (scraped pages often repeat) adds nothing
        seen.add(key)
        if block.kind in ("faq", "row"):
            flush()
            passages.append(_make(doc, block, sentences))
            continue
        same_group = (
            pending_block is not None
            and pending_block.section == block.section
            and pending_block.kind == block.kind
            # An item stands alone: bullets are usually separate points.
            and block.kind == "paragraph"
        )
        joined = sum(len(s) for s in pending + sentences) + len(pending) + len(sentences) - 1
        if not same_group or joined > max_chars:
            flush()
            pending_block = block
        pending.extend(sentences)
    flush()
    return _dedupe(passages)


def _dedupe(passages: Iterable[Passage]) -> list[Passage]:
    seen: set[str] = set()
    out = []
    for p in passages:
        if p.id not in seen:
            seen.add(p.id)
            out.append(p)
    return out


def chunk_documents(docs: Iterable[Document], max_chars: int = 600) -> list[Passage]:
    """Chunk every document, in order; ids are unique across the corpus."""
    out: list[Passage] = []
    for doc in docs:
        out.extend(chunk_document(doc, max_chars))
    return _dedupe(out)
