"""The word-vector table: lookups, and a word without a vector found by its stem."""

from __future__ import annotations

import numpy as np

from app.lexicon import Lexicon


def table() -> Lexicon:
    words = np.array(["companies", "firms", "weather"])
    vectors = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], dtype=np.float16)
    return Lexicon(words, vectors)


def test_a_misspelt_plural_takes_the_vector_of_its_stem() -> None:
    lexicon = table()
    firms = lexicon.rows(["firms"])
    assert lexicon.row_of("companys") == lexicon.row_of("companies") == 0
    assert abs(lexicon.similarity("companys", firms) - 0.8) < 1e-3
    assert lexicon.row_of("zzzq") is None
    assert lexicon.similarity("zzzq", firms) == 0.0
