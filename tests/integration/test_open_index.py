"""open_index with the real model: build when missing, rebuild when stale, refuse when broken.

Each test gets its own corpus copy and index folder. Tests that start from a built index copy
one built once per module, so only the tests about building actually build.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from app.config import Settings
from app.context_words import word_vectors
from app.engine import Engine, open_index, stored_words
from app.index import (
    FaissIndex,
    IndexCorruptError,
    IndexMismatchError,
    LoadedIndex,
    read_index,
)
from app.index.store import BUILDS, CURRENT, MANIFEST
from app.names import corpus_names

pytestmark = [pytest.mark.integration, pytest.mark.slow]

MD_FILE = "us-china-ai-safety-talks.md"


def make_settings(base: Path, session: Settings) -> Settings:
    """Settings for a corpus and index under base, sharing the session's lexicon cache."""
    return Settings(
        corpus_dir=base / "corpus",
        index_dir=base / "index",
        lexicon_cache_dir=session.lexicon_cache_dir,
        _env_file=None,  # type: ignore[call-arg]
    )


def pointer(settings: Settings) -> str:
    """The build the CURRENT pointer names."""
    return (settings.index_dir / CURRENT).read_text(encoding="utf-8").strip()


def active_build(settings: Settings) -> Path:
    return settings.index_dir / BUILDS / pointer(settings)


def append_to_corpus(settings: Settings) -> None:
    path = settings.corpus_dir / MD_FILE
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n\nThe delegations agreed to meet again in Geneva next spring.\n")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, settings: Settings, engine: Engine) -> Path:
    """A corpus copy with an index built from it, to copy into each test."""
    base = tmp_path_factory.mktemp("open-index-template")
    shutil.copytree(settings.corpus_dir, base / "corpus")
    open_index(make_settings(base, settings), engine.embedder)
    return base


@pytest.fixture()
def built(template: Path, tmp_path: Path, settings: Settings) -> Settings:
    """Fresh settings whose corpus and up-to-date index are private copies of the template."""
    shutil.copytree(template / "corpus", tmp_path / "corpus")
    shutil.copytree(template / "index", tmp_path / "index")
    return make_settings(tmp_path, settings)


def test_missing_index_is_built_and_reported(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    shutil.copytree(settings.corpus_dir, tmp_path / "corpus")
    fresh = make_settings(tmp_path, settings)
    messages: list[str] = []

    loaded = open_index(fresh, engine.embedder, messages.append)

    assert (fresh.index_dir / CURRENT).is_file()
    assert loaded.path == active_build(fresh)
    assert loaded.passages
    assert loaded.manifest.model == fresh.model
    assert any("no index" in m and "building" in m for m in messages), messages
    assert any(m.startswith("indexed ") for m in messages), messages
    assert (loaded.path / "bm25").is_dir()  # the lexical index is saved with the vectors


def test_above_the_threshold_the_build_measures_hnsw_and_records_its_choice(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    """Above the threshold the build tries HNSW on the corpus's own texts and says so.

    With 16 passages exact search is the faster one, so the build keeps it: the manifest
    holds the measured recall and timings that decided.
    """
    shutil.copytree(settings.corpus_dir, tmp_path / "corpus")
    fresh = make_settings(tmp_path, settings).model_copy(update={"hnsw_threshold": 2})

    loaded = open_index(fresh, engine.embedder)

    calibration = loaded.manifest.index_params["hnsw_calibration"]
    # The FAQ questions and sentences of the corpus stood in for questions.
    assert calibration["queries"] >= loaded.manifest.faq_entries + 16
    assert calibration["recall_at_ef"]["128"] >= calibration["target"]
    assert loaded.manifest.index_kind == calibration["chose"] == loaded.index.kind
    timings = calibration["search_us"]
    assert calibration["chose"] == ("hnsw" if timings["hnsw"] < timings["exact"] else "flat")
    assert Engine(fresh, engine.embedder, loaded).ask("What is Mythos?").answered


def test_second_open_does_not_rebuild(built: Settings, engine: Engine) -> None:
    before = pointer(built)
    messages: list[str] = []

    loaded = open_index(built, engine.embedder, messages.append)

    assert pointer(built) == before
    assert loaded.path.name == before
    assert messages == []


def test_changed_corpus_is_rebuilt(built: Settings, engine: Engine) -> None:
    before = pointer(built)
    append_to_corpus(built)
    messages: list[str] = []

    loaded = open_index(built, engine.embedder, messages.append)

    assert pointer(built) != before
    assert loaded.path.name == pointer(built)
    assert any("changed" in m and "rebuilding" in m for m in messages), messages
    assert any("Geneva" in p.text for p in loaded.passages)
    # Opening again now finds the rebuilt index current.
    again: list[str] = []
    assert open_index(built, engine.embedder, again.append).path == loaded.path
    assert again == []


def test_corrupt_manifest_is_refused_naming_the_file(built: Settings, engine: Engine) -> None:
    before = pointer(built)
    (active_build(built) / MANIFEST).write_text('{"model": "trunc', encoding="utf-8")

    with pytest.raises(IndexCorruptError) as info:
        open_index(built, engine.embedder)

    assert "manifest.json" in str(info.value)
    assert "\n" not in str(info.value)
    assert pointer(built) == before  # refused, not silently rebuilt over


def test_index_built_with_another_model_is_refused_naming_both(
    built: Settings, engine: Engine
) -> None:
    before = pointer(built)
    manifest_path = active_build(built) / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["model"] = "some-other-model"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")

    with pytest.raises(IndexMismatchError) as info:
        open_index(built, engine.embedder)

    message = str(info.value)
    assert "some-other-model" in message
    assert built.model in message
    assert pointer(built) == before


def test_missing_sentence_vectors_is_refused_naming_the_file(
    built: Settings, engine: Engine
) -> None:
    before = pointer(built)
    (active_build(built) / "sentence_vectors.npy").unlink()

    with pytest.raises(IndexCorruptError) as info:
        open_index(built, engine.embedder)

    assert "sentence_vectors.npy" in str(info.value)
    assert pointer(built) == before


def test_the_build_stores_the_corpus_names_and_an_older_index_still_loads(
    built: Settings, engine: Engine
) -> None:
    loaded = read_index(built.index_dir)
    stored = {str(n) for n in loaded.arrays["corpus_names"].tolist()}
    # Words the documents only ever capitalise, found once at build time, not at each start.
    assert {"mythos", "nvidia", "bessent"} <= stored
    assert stored == corpus_names(loaded.passages)
    names = Engine(built, engine.embedder, loaded).answerer.names
    # Everyday words that the documents only capitalise ("President Trump", "Key Points") are
    # not names when typed in lower case; words the model has never seen whole are.
    assert {"mythos", "nvidia", "bessent"} <= names
    assert "president" in stored and "president" not in names

    # An index built before the names were stored lacks the file: found at load instead.
    (active_build(built) / "corpus_names.npy").unlink()
    older = open_index(built, engine.embedder)
    assert "corpus_names" not in older.arrays
    assert Engine(built, engine.embedder, older).answerer.names == names


def test_the_build_stores_passage_words_as_the_model_read_them(
    built: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stored int8 word vectors match reading the passage now; no passage costs a model call."""
    loaded = open_index(built, engine.embedder)
    served = Engine(built, engine.embedder, loaded)
    stored = stored_words(loaded)
    assert stored is not None and served.context is not None
    texts = [p.search_text for p in loaded.passages]
    for text, states in zip(texts, engine.embedder.encode_tokens(texts), strict=True):
        now, kept = word_vectors(text, states), stored.get(text)
        assert kept is not None
        assert kept.words == now.words and kept.words  # every passage has content words
        np.testing.assert_array_equal(kept.starts, now.starts)
        cosines = np.sum(kept.vectors.astype(np.float32) * now.vectors.astype(np.float32), 1)
        assert cosines.min() > 0.998  # int8: a match's cosine moves by about 0.002
    read: list[str] = []
    monkeypatch.setattr(served.context, "_encode", lambda t: read.extend(t) or [])
    assert served.ask("What does the Mythos model do?").answered
    # An FAQ reply weighed without its "Yes," is read where it stands in its passage.
    assert served.ask("What does Taiwan have to do with the talks?").answered
    assert read == []


def test_an_index_without_stored_words_reads_passages_on_demand(
    built: Settings, engine: Engine
) -> None:
    build = active_build(built)
    for name in ("context_offsets", "context_starts", "context_vectors"):
        (build / f"{name}.npy").unlink()
    older = open_index(built, engine.embedder)
    assert stored_words(older) is None
    served = Engine(built, engine.embedder, older)
    assert served.ask("What does the Mythos model do?").answered


def test_stored_words_that_disagree_with_the_passages_are_refused(
    built: Settings, engine: Engine
) -> None:
    offsets = active_build(built) / "context_offsets.npy"
    np.save(offsets, np.load(offsets)[:-1])
    with pytest.raises(IndexCorruptError) as info:
        open_index(built, engine.embedder)
    assert "context_offsets.npy" in str(info.value)


def test_crash_during_rebuild_keeps_the_previous_index(
    built: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = pointer(built)
    append_to_corpus(built)  # stale: open_index will try to rebuild

    def crash(self: FaissIndex, path: Path) -> None:
        raise OSError("simulated crash while writing vectors.faiss")

    with monkeypatch.context() as patch:
        patch.setattr(FaissIndex, "save", crash)
        with pytest.raises(OSError, match="simulated crash"):
            open_index(built, engine.embedder)

    assert pointer(built) == before
    builds = built.index_dir / BUILDS
    assert [p.name for p in builds.iterdir() if p.name.startswith(".tmp-")] == []

    loaded: LoadedIndex = read_index(built.index_dir)
    assert loaded.path.name == before
    assert not any("Geneva" in p.text for p in loaded.passages)
    answer = Engine(built, engine.embedder, loaded).ask("What is Mythos?")
    assert answer.answered
    assert "Mythos" in answer.answer
    assert answer.sources
