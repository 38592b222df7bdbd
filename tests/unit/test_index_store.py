"""Index stage: faiss backends, manifest, fingerprint and crash-safe on-disk store."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from app.index import (
    FaissIndex,
    IndexCorruptError,
    IndexMismatchError,
    IndexMissingError,
    IndexStaleError,
    Manifest,
    check_compatible,
    corpus_fingerprint,
    faiss_index,
    read_index,
    write_index,
)
from app.index import store as store_module
from app.index.faiss_index import EF_SEARCH_CHOICES
from app.types import Passage, SkippedFile

DIM = 32


def unit_vectors(n: int, seed: int = 0, dim: int = DIM) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def make_passages(n: int) -> list[Passage]:
    passages = []
    for i in range(n):
        if i % 3 == 0:
            passages.append(
                Passage(
                    id=f"p{i}",
                    source="faq.md",
                    title="FAQ",
                    section="Billing",
                    kind="faq",
                    text=f"Answer {i}. Second sentence.",
                    sentences=(f"Answer {i}.", "Second sentence."),
                    question=f"Question {i}?",
                )
            )
        else:
            passages.append(
                Passage(
                    id=f"p{i}",
                    source=f"docs/guide-{i}.md",
                    title="Guide — ünïcode",
                    section="",
                    kind="text" if i % 2 else "row",
                    # U+2028 must not split a JSONL line.
                    text=f"Text {i}\u2028with a line separator\nand a newline.",
                    sentences=(f"Text {i}\u2028with a line separator", "and a newline."),
                )
            )
    return passages


def make_build(
    n: int = 20, seed: int = 0, **build_kwargs: int
) -> tuple[Manifest, FaissIndex, list[Passage]]:
    index = FaissIndex.build(unit_vectors(n, seed), **build_kwargs)
    passages = make_passages(n)
    manifest = Manifest.for_build(
        model="test-model",
        corpus_fingerprint=f"fp-{seed}",
        documents=3,
        passages=n,
        faq_entries=sum(p.kind == "faq" for p in passages),
        skipped=[
            SkippedFile("broken.pdf", "unreadable"),
            {"source": "x.doc", "reason": "unsupported"},
        ],
        index=index,
    )
    return manifest, index, passages


def builds(index_dir: Path) -> list[str]:
    return sorted(p.name for p in (index_dir / "builds").iterdir())


# --- FaissIndex ----------------------------------------------------------------------------


def test_flat_search_returns_the_nearest_neighbour() -> None:
    vectors = unit_vectors(100)
    index = FaissIndex.build(vectors)
    assert index.kind == "flat" and len(index) == 100 and index.dimension == DIM
    noisy = vectors[[7, 42]] + 0.01 * unit_vectors(2, seed=9)
    scores, ids = index.search(noisy / np.linalg.norm(noisy, axis=1, keepdims=True), 3)
    assert scores.shape == ids.shape == (2, 3)
    assert ids[:, 0].tolist() == [7, 42]
    assert scores[0, 0] == pytest.approx(1.0, abs=1e-3)
    assert np.all(scores[:, 0] >= scores[:, 1])


def test_missing_neighbours_are_minus_one() -> None:
    index = FaissIndex.build(unit_vectors(2))
    scores, ids = index.search(unit_vectors(1, seed=3), 4)
    assert ids[0, 2:].tolist() == [-1, -1]
    assert np.all(np.isneginf(scores[0, 2:]))


def test_build_rejects_unnormalised_vectors() -> None:
    with pytest.raises(ValueError, match="normalised"):
        FaissIndex.build(unit_vectors(5) * 2)


def test_hnsw_at_threshold_with_good_recall() -> None:
    below = FaissIndex.build(unit_vectors(499), hnsw_threshold=500)
    assert below.kind == "flat"
    index = FaissIndex.build(unit_vectors(2000), hnsw_threshold=500, hnsw_m=16, ef_search=64)
    assert index.kind == "hnsw"
    assert index.params == {
        "metric": "inner_product",
        "M": 16,
        "ef_construction": 200,
        "ef_search": 64,
    }
    assert index.recall_at_k(unit_vectors(100, seed=1), 10) >= 0.9
    assert FaissIndex.build(unit_vectors(500), hnsw_threshold=500).kind == "hnsw"


@pytest.fixture()
def hnsw_is_faster(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Search timings the calibration sees, (HNSW, exact) in microseconds: HNSW wins.

    Timing is the machine's business; these tests are about what the build does with it.
    """
    timings = [50.0, 400.0]
    calls = iter(range(10**6))
    monkeypatch.setattr(faiss_index, "_per_query_us", lambda search, q: timings[next(calls) % 2])
    return timings


def calibrated(m: int, ef_construction: int) -> tuple[FaissIndex, dict[int, float]]:
    """An index of random 64-d vectors (hard for HNSW) calibrated on 200 queries."""
    vectors, queries = unit_vectors(3000, dim=64), unit_vectors(200, dim=64, seed=9)
    index = FaissIndex.build(
        vectors, hnsw_threshold=500, hnsw_m=m, ef_construction=ef_construction, calibrate=queries
    )
    measured = index.params["hnsw_calibration"]["recall_at_ef"]
    return index, {int(ef): r for ef, r in measured.items()}


def test_hnsw_search_breadth_is_calibrated_on_sample_queries(
    tmp_path: Path, hnsw_is_faster: list[float]
) -> None:
    """With sample queries the build keeps the smallest efSearch reaching the target recall."""
    index, measured = calibrated(m=8, ef_construction=40)
    assert index.kind == "hnsw"
    chosen = index.params["ef_search"]
    assert chosen == max(measured)  # the search stopped at the first breadth that reached it
    assert measured[chosen] >= 0.99
    assert min(measured) < chosen and all(r < 0.99 for ef, r in measured.items() if ef < chosen)
    assert index.params["hnsw_calibration"]["search_us"] == {"hnsw": 50.0, "exact": 400.0}
    queries = unit_vectors(200, dim=64, seed=9)
    assert index.recall_at_k(queries, 10) == pytest.approx(measured[chosen])
    # The chosen breadth is what the index file keeps.
    index.save(tmp_path / "v.faiss")
    assert FaissIndex.load(tmp_path / "v.faiss").params["ef_search"] == chosen


def test_unreachable_recall_takes_the_widest_breadth(hnsw_is_faster: list[float]) -> None:
    index, measured = calibrated(m=4, ef_construction=16)
    assert index.params["ef_search"] == max(EF_SEARCH_CHOICES) == max(measured)
    assert measured[max(measured)] < 0.99  # recorded as measured, not claimed


def test_hnsw_no_faster_than_exact_search_gives_way_to_it(hnsw_is_faster: list[float]) -> None:
    """Above the threshold, an HNSW search as slow as exact search is not worth its misses."""
    hnsw_is_faster[:] = [400.0, 400.0]
    index, measured = calibrated(m=8, ef_construction=40)
    assert index.kind == "flat"
    calibration = index.params["hnsw_calibration"]
    assert calibration["chose"] == "flat" and max(measured) == 512
    queries = unit_vectors(20, dim=64, seed=3)
    assert index.recall_at_k(queries, 10) == 1.0


def test_calibration_times_real_searches() -> None:
    """Unpatched, both timings are measured and the choice follows them."""
    index, _ = calibrated(m=8, ef_construction=40)
    calibration = index.params["hnsw_calibration"]
    timings = calibration["search_us"]
    assert timings["hnsw"] > 0 and timings["exact"] > 0
    assert calibration["chose"] == ("hnsw" if timings["hnsw"] < timings["exact"] else "flat")
    assert index.kind == calibration["chose"]


def test_exact_index_needs_no_calibration() -> None:
    index = FaissIndex.build(unit_vectors(50), calibrate=unit_vectors(5, seed=2))
    assert index.kind == "flat" and "hnsw_calibration" not in index.params


# --- store: round trip, atomicity, pruning --------------------------------------------------


def test_write_read_round_trip(tmp_path: Path) -> None:
    manifest, index, passages = make_build(30)
    path = write_index(tmp_path, manifest, index, passages)
    assert (tmp_path / "CURRENT").read_text().strip() == path.name
    assert {p.name for p in path.iterdir()} == {"manifest.json", "vectors.faiss", "passages.jsonl"}

    loaded = read_index(tmp_path)
    assert loaded.path == path
    assert loaded.manifest == manifest
    # What shaped the build: the model's stack, and the synonyms' WordNet package.
    assert {"faiss", "numpy", "sentence_transformers", "wordnet"} <= set(manifest.versions)
    assert loaded.passages == tuple(passages)
    queries = unit_vectors(5, seed=4)
    for got, want in zip(loaded.index.search(queries, 5), index.search(queries, 5), strict=True):
        np.testing.assert_array_equal(got, want)


def test_hnsw_round_trip_keeps_params(tmp_path: Path) -> None:
    manifest, index, passages = make_build(600, hnsw_threshold=500, hnsw_m=8, ef_search=40)
    write_index(tmp_path, manifest, index, passages)
    loaded = read_index(tmp_path)
    assert loaded.index.kind == "hnsw"
    assert loaded.index.params == index.params == loaded.manifest.index_params


def test_crash_before_pointer_switch_keeps_previous_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write_index(tmp_path, *make_build(10, seed=1))

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("simulated crash")

    with monkeypatch.context() as m:
        m.setattr(store_module.os, "replace", boom)
        with pytest.raises(OSError, match="simulated crash"):
            write_index(tmp_path, *make_build(12, seed=2))
    loaded = read_index(tmp_path)
    assert loaded.path == first and loaded.manifest.passages == 10

    with monkeypatch.context() as m:
        m.setattr(FaissIndex, "save", boom)
        with pytest.raises(OSError, match="simulated crash"):
            write_index(tmp_path, *make_build(12, seed=2))
    assert read_index(tmp_path).path == first
    assert not [p for p in (tmp_path / "builds").iterdir() if p.name.startswith(".tmp-")]


def test_leftover_temp_folders_are_cleaned(tmp_path: Path) -> None:
    write_index(tmp_path, *make_build(5, seed=1))
    stale = tmp_path / "builds" / ".tmp-crashed"
    stale.mkdir()
    (stale / "vectors.faiss").write_bytes(b"half")
    (tmp_path / "CURRENT.tmp-crashed").write_text("x")
    write_index(tmp_path, *make_build(5, seed=2))
    assert not stale.exists()
    assert not (tmp_path / "CURRENT.tmp-crashed").exists()


def test_prune_keeps_active_and_previous(tmp_path: Path) -> None:
    written = [write_index(tmp_path, *make_build(5, seed=s)) for s in range(4)]
    assert builds(tmp_path) == sorted(p.name for p in written[-2:])
    assert read_index(tmp_path).path == written[-1]


def test_write_rejects_inconsistent_counts(tmp_path: Path) -> None:
    manifest, index, passages = make_build(5)
    with pytest.raises(ValueError, match="counts disagree"):
        write_index(tmp_path, manifest, index, passages[:4])


# --- store: errors -------------------------------------------------------------------------


def test_missing_index(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match=r"no index at .*faqbot build"):
        read_index(tmp_path / "nowhere")
    path = write_index(tmp_path, *make_build(5))
    for f in path.iterdir():
        f.unlink()
    path.rmdir()
    with pytest.raises(IndexMissingError, match="no index at"):
        read_index(tmp_path)


def test_corrupt_manifest_json(tmp_path: Path) -> None:
    path = write_index(tmp_path, *make_build(5))
    (path / "manifest.json").write_text("{not json")
    with pytest.raises(IndexCorruptError, match=r"manifest\.json: invalid JSON"):
        read_index(tmp_path)


@pytest.mark.parametrize(
    ("field", "value"),
    [("dimension", "32"), ("passages", True), ("skipped", [{"source": "x"}]), ("model", None)],
)
def test_manifest_wrong_type(tmp_path: Path, field: str, value: object) -> None:
    path = write_index(tmp_path, *make_build(5))
    data = json.loads((path / "manifest.json").read_text())
    data[field] = value
    (path / "manifest.json").write_text(json.dumps(data))
    with pytest.raises(IndexCorruptError, match=rf"manifest\.json: field '{field}'"):
        read_index(tmp_path)


def test_manifest_missing_field(tmp_path: Path) -> None:
    path = write_index(tmp_path, *make_build(5))
    data = json.loads((path / "manifest.json").read_text())
    del data["corpus_fingerprint"]
    (path / "manifest.json").write_text(json.dumps(data))
    with pytest.raises(IndexCorruptError, match="missing field 'corpus_fingerprint'"):
        read_index(tmp_path)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_corrupt_vectors_file(tmp_path: Path, damage: str) -> None:
    path = write_index(tmp_path, *make_build(50))
    vectors = path / "vectors.faiss"
    data = vectors.read_bytes()
    replacement = {
        "truncate": data[: len(data) // 2],
        "garbage": os.urandom(len(data)),
        "empty": b"",
    }[damage]
    vectors.write_bytes(replacement)
    with pytest.raises(IndexCorruptError, match=r"vectors\.faiss") as info:
        read_index(tmp_path)
    assert "\n" not in str(info.value)


def test_bad_passage_line(tmp_path: Path) -> None:
    path = write_index(tmp_path, *make_build(5))
    lines = (path / "passages.jsonl").read_bytes().split(b"\n")
    lines[2] = b'{"id": "broken"'
    (path / "passages.jsonl").write_bytes(b"\n".join(lines))
    with pytest.raises(IndexCorruptError, match=r"passages\.jsonl: bad line 3"):
        read_index(tmp_path)


def test_passage_count_mismatch(tmp_path: Path) -> None:
    path = write_index(tmp_path, *make_build(5))
    lines = (path / "passages.jsonl").read_bytes().split(b"\n")
    (path / "passages.jsonl").write_bytes(b"\n".join(lines[:3]) + b"\n")
    with pytest.raises(IndexCorruptError, match=r"counts disagree.*passages\.jsonl has 3"):
        read_index(tmp_path)


def test_dimension_mismatch_between_manifest_and_vectors(tmp_path: Path) -> None:
    path = write_index(tmp_path, *make_build(5))
    data = json.loads((path / "manifest.json").read_text())
    data["dimension"] = DIM + 1
    (path / "manifest.json").write_text(json.dumps(data))
    with pytest.raises(IndexCorruptError, match=r"vectors\.faiss: dimension"):
        read_index(tmp_path)


# --- check_compatible ----------------------------------------------------------------------


def test_check_compatible() -> None:
    manifest, _, _ = make_build(5, seed=7)
    model = "test-model"
    check_compatible(manifest, model=model, dimension=DIM, fingerprint="fp-7")
    check_compatible(manifest, model=model, dimension=None, fingerprint=None)
    with pytest.raises(IndexStaleError, match="corpus changed"):
        check_compatible(manifest, model=model, dimension=DIM, fingerprint="other")
    with pytest.raises(IndexMismatchError, match=r"/idx was built with model test-model, but"):
        check_compatible(
            manifest, model="other-model", dimension=DIM, fingerprint="fp-7", path=Path("/idx")
        )
    with pytest.raises(IndexMismatchError, match="32-dimensional"):
        check_compatible(manifest, model=model, dimension=768, fingerprint="fp-7")
    # The caller rebuilds on stale but refuses on mismatch: they must stay distinct.
    assert not issubclass(IndexStaleError, IndexMismatchError)
    assert not issubclass(IndexMismatchError, IndexStaleError)


# --- fingerprint ---------------------------------------------------------------------------


def test_fingerprint_tracks_supported_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.md").write_text("alpha")
    (tmp_path / "sub" / "b.HTML").write_text("<p>beta</p>")
    exts = [".md", "html"]

    def fp(salt: str = "chunk=400") -> str:
        return corpus_fingerprint(tmp_path, exts, salt)

    base = fp()
    assert fp() == base and len(base) == 64

    (tmp_path / "notes.bin").write_bytes(b"\x00")
    (tmp_path / ".hidden.md").write_text("secret")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.md").write_text("ignored")
    assert fp() == base

    assert fp("chunk=500") != base

    (tmp_path / "a.md").write_text("alphb")
    changed = fp()
    assert changed != base

    (tmp_path / "sub" / "c.md").write_text("gamma")
    assert fp() != changed

    (tmp_path / "sub" / "c.md").rename(tmp_path / "c.md")
    assert fp() not in {base, changed}
