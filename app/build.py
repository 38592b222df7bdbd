"""Build the index: parse the corpus, chunk it, embed passages/sentences/FAQ questions, write."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.chunk import CHUNKER_VERSION, chunk_documents
from app.config import Settings
from app.embed import Embedder
from app.index import FaissIndex, Manifest, corpus_fingerprint, write_index
from app.lexicon import build_lexicon
from app.parse import SUPPORTED_EXTENSIONS, load_corpus
from app.types import Passage, SkippedFile

Progress = Callable[[int, int], None]  # (done, total) texts encoded
ENCODE_BATCH = 256
LEXICON_CACHE = "lexicon"  # folder in the index dir; word vectors shared by every build


@dataclass(frozen=True)
class BuildReport:
    """What a build indexed."""

    documents: int
    passages: int
    faq_entries: int
    sentences: int
    skipped: tuple[SkippedFile, ...]
    seconds: float
    path: Path
    index_kind: str


def fingerprint_salt(settings: Settings) -> str:
    """Everything besides the corpus bytes that changes what a build produces."""
    return f"chunker={CHUNKER_VERSION};max_chunk_chars={settings.max_chunk_chars}"


def current_fingerprint(settings: Settings) -> str:
    """The corpus fingerprint an index built now would record."""
    return corpus_fingerprint(settings.corpus_dir, SUPPORTED_EXTENSIONS, fingerprint_salt(settings))


def sentence_offsets(passages: list[Passage]) -> np.ndarray:
    """Row i's sentences are rows offsets[i]..offsets[i+1] of the sentence vectors."""
    counts = [len(p.sentences) for p in passages]
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)


def _encode_all(
    embedder: Embedder, texts: list[str], progress: Progress | None, done: int, total: int
) -> np.ndarray:
    parts = []
    for start in range(0, len(texts), ENCODE_BATCH):
        batch = texts[start : start + ENCODE_BATCH]
        parts.append(embedder.encode(batch, batch_size=64))
        if progress:
            progress(done + start + len(batch), total)
    if not parts:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    return np.concatenate(parts)


def build_index(
    settings: Settings, embedder: Embedder, progress: Progress | None = None
) -> BuildReport:
    """Parse, chunk, embed and write a new index atomically; raises CorpusError on no documents."""
    started = time.perf_counter()
    corpus = load_corpus(settings.corpus_dir)  # first: a missing folder is a CorpusError
    fingerprint = current_fingerprint(settings)
    passages = chunk_documents(corpus.documents, settings.max_chunk_chars)
    faq_rows = np.array([i for i, p in enumerate(passages) if p.question], dtype=np.int64)
    sentences = [s for p in passages for s in p.sentences]
    questions = [passages[i].question or "" for i in faq_rows]
    texts = [p.search_text for p in passages]
    total = len(texts) + len(sentences) + len(questions)

    passage_vectors = _encode_all(embedder, texts, progress, 0, total)
    sentence_vectors = _encode_all(embedder, sentences, progress, len(texts), total)
    faq_vectors = _encode_all(embedder, questions, progress, len(texts) + len(sentences), total)

    lexicon = build_lexicon(
        embedder,
        (f"{p.search_text} {p.section}" for p in passages),
        settings.lexicon_cache_dir or settings.index_dir / LEXICON_CACHE,
    )
    index = FaissIndex.build(passage_vectors, hnsw_threshold=settings.hnsw_threshold)
    manifest = Manifest.for_build(
        model=settings.model,
        corpus_fingerprint=fingerprint,
        documents=len(corpus.documents),
        passages=len(passages),
        faq_entries=len(faq_rows),
        skipped=corpus.skipped,
        index=index,
    )
    path = write_index(
        settings.index_dir,
        manifest,
        index,
        passages,
        arrays={
            # float16 halves the size on disk; the precision loss is far below ranking noise.
            "sentence_vectors": sentence_vectors.astype(np.float16),
            "sentence_offsets": sentence_offsets(passages),
            "faq_vectors": faq_vectors,
            "faq_rows": faq_rows,
            "lexicon_words": lexicon.words,
            "lexicon_vectors": lexicon.vectors,
        },
    )
    return BuildReport(
        documents=len(corpus.documents),
        passages=len(passages),
        faq_entries=len(faq_rows),
        sentences=len(sentences),
        skipped=corpus.skipped,
        seconds=time.perf_counter() - started,
        path=path,
        index_kind=index.kind,
    )
