"""Build the index: parse the corpus, chunk it, embed passages/sentences/FAQ questions, write."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from app.chunk import CHUNKER_VERSION, chunk_documents
from app.config import Settings
from app.context_words import StoredWords, word_vectors
from app.embed import Embedder
from app.index import FaissIndex, Manifest, corpus_fingerprint, write_index
from app.lexical import LexicalIndex
from app.lexicon import build_lexicon
from app.names import corpus_names
from app.parse import SUPPORTED_EXTENSIONS, load_corpus
from app.synonyms import SYNONYMS_VERSION, build_synonyms
from app.text import TOKENS_VERSION
from app.types import Passage, SkippedFile

Progress = Callable[[int, int], None]  # (done, total) texts encoded
ENCODE_BATCH_SIZE = 64  # texts per forward pass of the model
ENCODE_CHUNK = 1024  # texts per encode call: progress is reported after each
LEXICON_CACHE = "lexicon"  # folder in the index dir; word vectors shared by every build
CALIBRATION_QUERIES = 400  # sample queries for tuning an approximate index's search breadth


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
    texts_encoded: int = 0  # distinct texts given to the model (repeats are encoded once)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per build stage


def fingerprint_salt(settings: Settings) -> str:
    """Everything besides the corpus bytes that changes what a build produces."""
    return (
        f"chunker={CHUNKER_VERSION};tokens={TOKENS_VERSION};synonyms={SYNONYMS_VERSION};"
        f"max_chunk_chars={settings.max_chunk_chars}"
    )


def current_fingerprint(settings: Settings) -> str:
    """The corpus fingerprint an index built now would record."""
    return corpus_fingerprint(settings.corpus_dir, SUPPORTED_EXTENSIONS, fingerprint_salt(settings))


def sentence_offsets(passages: list[Passage]) -> np.ndarray:
    """Row i's sentences are rows offsets[i]..offsets[i+1] of the sentence vectors."""
    counts = [len(p.sentences) for p in passages]
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)


def encode_texts(
    embedder: Embedder, texts: list[str], progress: Progress | None = None
) -> np.ndarray:
    """Vectors of the texts, in order: each distinct text is encoded once, longest first.

    Sorting by length over the whole set keeps padding in each model batch small (the model
    sorts only within one encode call); passages of one sentence repeat that sentence, and
    FAQ questions recur, so repeats are common.
    """
    return encode_and_read(embedder, texts, frozenset(), progress)[0]


def encode_and_read(
    embedder: Embedder,
    texts: list[str],
    read: Collection[str],
    progress: Progress | None = None,
) -> tuple[np.ndarray, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """`encode_texts`, and the words of the texts in `read` as the model read them there.

    A text in `read` is encoded with its word-piece states, in the same forward pass; its
    words are kept packed as stored (`StoredWords.pack`: int8, half of float16's memory).
    """
    row_of: dict[str, int] = {}
    rows = np.array([row_of.setdefault(t, len(row_of)) for t in texts], dtype=np.int64)
    unique = list(row_of)
    order = sorted(range(len(unique)), key=lambda i: -len(unique[i]))
    vectors = np.zeros((len(unique), embedder.dimension), dtype=np.float32)
    words: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for start in range(0, len(order), ENCODE_CHUNK):
        chunk = order[start : start + ENCODE_CHUNK]
        plain = [i for i in chunk if unique[i] not in read]
        reading = [i for i in chunk if unique[i] in read]
        if plain:
            vectors[plain] = embedder.encode(
                [unique[i] for i in plain], batch_size=ENCODE_BATCH_SIZE
            )
        if reading:
            chunk_texts = [unique[i] for i in reading]
            vectors[reading], states = embedder.encode_with_tokens(chunk_texts)
            for text, state in zip(chunk_texts, states, strict=True):
                words[text] = StoredWords.pack(word_vectors(text, state))
        if progress:
            progress(start + len(chunk), len(unique))
    return vectors[rows], words


def calibration_queries(
    sentence_vectors: np.ndarray, faq_vectors: np.ndarray, n: int = CALIBRATION_QUERIES
) -> np.ndarray:
    """Stand-ins for questions, to measure an approximate index's recall while building.

    The FAQ questions, then sentences drawn evenly through the corpus (a question is usually
    closer to a sentence than to a whole passage). Stored texts are easier queries than real
    questions, which is why the index's recall target is strict. Fixed, so rebuilds agree.
    """
    picks = np.linspace(0, len(sentence_vectors) - 1, num=min(n, len(sentence_vectors)))
    sample = sentence_vectors[picks.astype(np.int64)] if len(sentence_vectors) else sentence_vectors
    return np.vstack([faq_vectors[:n], sample])[:n].astype(np.float32)


def build_index(
    settings: Settings, embedder: Embedder, progress: Progress | None = None
) -> BuildReport:
    """Parse, chunk, embed and write a new index atomically; raises CorpusError on no documents."""
    started = time.perf_counter()
    stages: dict[str, float] = {}
    clock = [started]

    def lap(stage: str) -> None:
        now = time.perf_counter()
        stages[stage] = now - clock[0]
        clock[0] = now

    corpus = load_corpus(settings.corpus_dir)  # first: a missing folder is a CorpusError
    fingerprint = current_fingerprint(settings)
    lap("parse")
    passages = chunk_documents(corpus.documents, settings.max_chunk_chars)
    lap("chunk")
    faq_rows = np.array([i for i, p in enumerate(passages) if p.question], dtype=np.int64)
    sentences = [s for p in passages for s in p.sentences]
    questions = [passages[i].question or "" for i in faq_rows]
    texts = [p.search_text for p in passages]
    # One pass over every text, so the length sort and the repeats span all three kinds. The
    # passages' words are kept as the model read them (the same forward pass), so a question
    # meeting a passage for the first time costs no model call.
    everything = texts + sentences + questions
    vectors, read = encode_and_read(embedder, everything, set(texts), progress)
    texts_encoded = len(set(everything))
    passage_vectors = vectors[: len(texts)]
    sentence_vectors = vectors[len(texts) : len(texts) + len(sentences)]
    faq_vectors = vectors[len(texts) + len(sentences) :]
    lap("encode")

    lexicon = build_lexicon(
        embedder,
        (f"{p.search_text} {p.section}" for p in passages),
        settings.lexicon_cache_dir or settings.index_dir / LEXICON_CACHE,
    )
    lap("lexicon")
    index = FaissIndex.build(
        passage_vectors,
        hnsw_threshold=settings.hnsw_threshold,
        calibrate=calibration_queries(sentence_vectors, faq_vectors),
    )
    lap("vector_index")
    manifest = Manifest.for_build(
        model=settings.model,
        corpus_fingerprint=fingerprint,
        documents=len(corpus.documents),
        passages=len(passages),
        faq_entries=len(faq_rows),
        skipped=corpus.skipped,
        index=index,
    )
    lexical = LexicalIndex.build(passages)
    lap("lexical_index")
    synonyms = build_synonyms(lexical.vocabulary())
    lap("synonyms")
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
            # Read at every start: scanning every sentence then costs seconds on a big corpus.
            "corpus_names": np.array(sorted(corpus_names(passages)), dtype=str),
            **StoredWords.arrays([read[t] for t in texts]),
            **synonyms.arrays(),
        },
        extra=lexical.save,
    )
    lap("write")
    return BuildReport(
        documents=len(corpus.documents),
        passages=len(passages),
        faq_entries=len(faq_rows),
        sentences=len(sentences),
        skipped=corpus.skipped,
        seconds=time.perf_counter() - started,
        path=path,
        index_kind=index.kind,
        texts_encoded=texts_encoded,
        stages=stages,
    )
