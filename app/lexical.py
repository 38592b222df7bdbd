"""The BM25 index over passages' content stems: built with the vectors, saved in the build.

Indexing every passage's stems at each start cost about 7 seconds at 100,000 passages, and
again at every reload; the build writes the index beside the vectors instead (bm25s's own
format, in a `bm25/` folder), and loading reads it back. A build without one (older builds)
or with a damaged one is indexed again from its passages, with a warning naming the folder.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np

from app.text import content_stems
from app.types import Passage

log = logging.getLogger(__name__)

FOLDER = "bm25"
_EMPTY = "\x00"  # a passage with no content word still needs a token


class LexicalIndex:
    """BM25 scores of passages (row i is passage i) for a question's content stems."""

    def __init__(self, bm25: bm25s.BM25, passages: int) -> None:
        self._bm25 = bm25
        self.passages = passages
        self._vocabulary: frozenset[str] | None = None

    @classmethod
    def build(cls, passages: Sequence[Passage]) -> LexicalIndex:
        """Index the passages' searchable text."""
        bm25 = bm25s.BM25()
        bm25.index(
            [content_stems(p.search_text) or [_EMPTY] for p in passages], show_progress=False
        )
        return cls(bm25, len(passages))

    @classmethod
    def open(cls, build: Path, passages: Sequence[Passage]) -> LexicalIndex:
        """The index saved in a build folder, or a fresh one if it is missing or unusable."""
        folder = build / FOLDER
        if not folder.is_dir():
            return cls.build(passages)
        try:
            bm25 = bm25s.BM25.load(str(folder), show_progress=False)
            loaded = cls(bm25, _document_count(bm25))
        except Exception as exc:  # a derived file, rebuilt from the passages whatever broke it
            log.warning("%s: unreadable BM25 index (%s); indexing the passages again", folder, exc)
            return cls.build(passages)
        if loaded.passages != len(passages):
            log.warning(
                "%s: BM25 index of %d passages, but the build has %d; indexing them again",
                folder,
                loaded.passages,
                len(passages),
            )
            return cls.build(passages)
        return loaded

    def save(self, build: Path) -> None:
        """Write the index into a build folder (before the build is made active)."""
        self._bm25.save(str(build / FOLDER), show_progress=False)

    def vocabulary(self) -> frozenset[str]:
        """Every content stem the passages hold (worked out once)."""
        if self._vocabulary is None:
            self._vocabulary = frozenset(s for s in self._bm25.vocab_dict if s and s != _EMPTY)
        return self._vocabulary

    def scores(self, stems: Sequence[str]) -> np.ndarray:
        """One BM25 score per passage (0 where no stem occurs)."""
        return np.asarray(self._bm25.get_scores(list(stems)), dtype=np.float32)


def _document_count(bm25: bm25s.BM25) -> int:
    """Passages a loaded bm25s index covers."""
    return int(bm25.scores["num_docs"])
