"""The BM25 index is saved with a build and read back; a bad one is rebuilt, not trusted."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from app.lexical import FOLDER, LexicalIndex
from app.types import Passage

TEXTS = [
    "Nvidia's H200 chips were cleared for sale to ten Chinese firms.",
    "Treasury Secretary Scott Bessent spoke in Beijing about AI guardrails.",
    "The Strait of Hormuz shipping routes were on the summit's agenda.",
    "",  # no content words at all
]


def passages(texts: list[str] = TEXTS) -> list[Passage]:
    return [
        Passage(f"p{i}", "doc.md", "Doc", "Intro", "text", t, (t,)) for i, t in enumerate(texts)
    ]


def test_scores_rank_the_passage_that_holds_the_words() -> None:
    index = LexicalIndex.build(passages())
    scores = index.scores(["nvidia", "chip"])
    assert scores.shape == (len(TEXTS),)
    assert int(np.argmax(scores)) == 0 and scores[1] == scores[2] == scores[3] == 0
    assert not index.scores(["unheardof"]).any()


def test_saved_index_reads_back_with_the_same_scores(tmp_path: Path) -> None:
    built = LexicalIndex.build(passages())
    built.save(tmp_path)
    assert (tmp_path / FOLDER).is_dir()
    opened = LexicalIndex.open(tmp_path, passages())
    for stems in (["nvidia"], ["bessent", "beijing"], ["strait", "hormuz", "ship"]):
        np.testing.assert_array_equal(opened.scores(stems), built.scores(stems))


def test_a_build_without_one_is_indexed_at_load(tmp_path: Path) -> None:
    opened = LexicalIndex.open(tmp_path, passages())
    assert int(np.argmax(opened.scores(["hormuz"]))) == 2


@pytest.mark.parametrize("damage", ["json", "truncated"])
def test_a_damaged_index_is_rebuilt_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    LexicalIndex.build(passages()).save(tmp_path)
    for path in (tmp_path / FOLDER).iterdir():
        if damage == "json" and path.suffix == ".json":
            path.write_text("{not json")
        if damage == "truncated" and path.suffix == ".npy":
            path.write_bytes(path.read_bytes()[:60])
    with caplog.at_level(logging.WARNING, logger="app.lexical"):
        opened = LexicalIndex.open(tmp_path, passages())
    assert str(tmp_path / FOLDER) in caplog.text and "again" in caplog.text
    assert int(np.argmax(opened.scores(["hormuz"]))) == 2


def test_an_index_of_other_passages_is_not_trusted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    LexicalIndex.build(passages(TEXTS[:2])).save(tmp_path)
    with caplog.at_level(logging.WARNING, logger="app.lexical"):
        opened = LexicalIndex.open(tmp_path, passages())
    assert "2 passages, but the build has 4" in caplog.text
    assert opened.passages == 4 and int(np.argmax(opened.scores(["hormuz"]))) == 2


def test_the_vocabulary_is_every_content_stem_and_survives_saving(tmp_path: Path) -> None:
    built = LexicalIndex.build(passages())
    vocabulary = built.vocabulary()
    assert {"nvidia", "chip", "bessent", "hormuz"} <= vocabulary
    assert "the" not in vocabulary and "" not in vocabulary and "\x00" not in vocabulary
    built.save(tmp_path)
    assert LexicalIndex.open(tmp_path, passages()).vocabulary() == vocabulary
