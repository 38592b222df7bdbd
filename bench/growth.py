"""Growth benchmark: build throughput, index size, ANN recall and query latency at N passages."""

# python -m bench.growth [--passages N] [--out FILE]
#
# One run: write a synthetic corpus of about N passages (the shipped corpus plus generated
# Markdown and FAQ YAML, deterministic seed) to a temp folder; build it with the app's real
# build pipeline; time the bare model's batch encode over a sample of the same texts; read
# the index kind the build chose from its manifest; measure the approximate index's recall
# against exact inner-product search; then ask the labelled questions of the shipped corpus
# to two engines, one on the shipped corpus and one on the N passages, interleaved so that
# machine noise hits both alike, and report their latency ratio.
#
# --stand-in-vectors builds with pseudo-embeddings (hashed bags of words) instead of the
# model, so that query latency at sizes the model would need hours to encode can still be
# measured; its build and recall figures then describe the stand-in, not the model.

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.run import (
    CORPUS,
    MIB,
    NOISY,
    QUESTIONS,
    ROOT,
    NoiseMeter,
    bare_model,
    bench_stages,
    cycle,
    folder_bytes,
    load_questions,
    meta,
    percentiles,
    publish,
)
from bench.synthetic import write_corpus

RESULTS = ROOT / "bench" / "results" / "growth.json"
TARGET_RATIO = 1.5  # query p50 at N passages over p50 at the shipped corpus
EF_SWEEP = (16, 32, 64, 128, 256)
Say = Callable[[str], None]


class StandInEmbedder:
    """The real embedder for questions and the tokenizer, pseudo-vectors for build texts.

    A text's vector is the normalised sum of fixed random vectors of its words, so texts
    sharing words are close, as with a real model; costs nothing like a model call.
    """

    def __init__(self, embedder: Any) -> None:
        self._real = embedder
        self.name = embedder.name
        self.dimension = embedder.dimension
        self.model = embedder.model
        self._words: dict[str, np.ndarray] = {}

    def _word(self, word: str) -> np.ndarray:
        vector = self._words.get(word)
        if vector is None:
            seed = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")
            vector = np.random.default_rng(seed).standard_normal(self.dimension)
            self._words[word] = vector = vector.astype(np.float32)
        return vector

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        from app.text import tokens

        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            words = tokens(text) or ["\x00"]
            out[i] = np.sum([self._word(w) for w in words], axis=0)
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out


def make_corpus(folder: Path, passages: int, seed: int) -> dict[str, Any]:
    """The shipped corpus plus generated files, about `passages` passages in all."""
    shutil.copytree(CORPUS, folder)
    shipped = _shipped_passages()
    info = write_corpus(folder / "synthetic", max(0, passages - shipped), seed=seed)
    return {"target_passages": passages, "seed": seed, **info}


def _shipped_passages() -> int:
    from app.chunk import chunk_documents
    from app.parse import load_corpus

    return len(chunk_documents(load_corpus(CORPUS).documents))


def build(settings: Any, embedder: Any, say: Say) -> dict[str, Any]:
    """Build with the app's pipeline; time, throughput, stages and size on disk."""
    from app.build import build_index
    from app.index.store import VECTORS

    last = [0.0]
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= 10 or done == total:
            last[0] = now
            rate = done / max(now - started, 1e-9)
            say(f"  encoded {done:,}/{total:,} texts ({rate:.0f}/s)")

    meter = NoiseMeter()
    report = build_index(settings, embedder, progress)
    return {
        "seconds": round(report.seconds, 2),
        "documents": report.documents,
        "passages": report.passages,
        "sentences": report.sentences,
        "faq_entries": report.faq_entries,
        "texts_encoded": report.texts_encoded,
        "passages_per_s": round(report.passages / report.seconds, 1),
        "stages_s": {k: round(v, 2) for k, v in report.stages.items()},
        "index_bytes": folder_bytes(report.path),
        "vectors_bytes": (report.path / VECTORS).stat().st_size,
        "index_kind": report.index_kind,
        "noise": meter.share(),
    }


def encode_rate(model: Any, loaded: Any, sample: int, batch_size: int, seed: int) -> dict[str, Any]:
    """The bare model's batch encode rate over a sample of the build's passages and sentences."""
    rnd = random.Random(seed)
    passages = list(loaded.passages)
    chosen = rnd.sample(passages, min(sample, len(passages)))
    texts = [p.search_text for p in chosen]
    sentences = [s for p in passages for s in p.sentences]
    sentence_sample = rnd.sample(sentences, min(sample, len(sentences)))
    model.encode(texts[:batch_size], batch_size=batch_size, show_progress_bar=False)
    meter = NoiseMeter()
    out: dict[str, Any] = {"batch_size": batch_size}
    for name, items in (("passages", texts), ("sentences", sentence_sample)):
        t = time.perf_counter()
        model.encode(items, batch_size=batch_size, show_progress_bar=False)
        out[f"{name}_per_s"] = round(len(items) / (time.perf_counter() - t), 1)
        out[f"{name}_sampled"] = len(items)
    out["noise"] = meter.share()
    return out


def recall(loaded: Any, queries: np.ndarray, k: int, depth: int) -> dict[str, Any]:
    """Recall of the index against exact inner-product search on the same vectors."""
    import faiss

    index = loaded.index
    vectors = np.stack([index.reconstruct(i) for i in range(len(index))]).astype(np.float32)
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    deepest = max(k, depth)
    _, truth = exact.search(queries, deepest)

    def measure() -> dict[str, float]:
        t = time.perf_counter()
        _, found = index.search(queries, deepest)
        per_query = (time.perf_counter() - t) / len(queries)
        out = {"search_us": round(per_query * 1e6, 1)}
        for cut, name in ((k, "recall_at_k"), (depth, "recall_at_depth")):
            hits = sum(
                len(set(want[:cut].tolist()) & set(got[:cut].tolist()))
                for want, got in zip(truth, found, strict=True)
            )
            out[name] = round(hits / (cut * len(queries)), 4)
        return out

    t = time.perf_counter()
    exact.search(queries, deepest)
    exact_us = (time.perf_counter() - t) / len(queries) * 1e6
    result: dict[str, Any] = {
        "k": k,
        "depth": depth,
        "queries": len(queries),
        "exact_search_us": round(exact_us, 1),
        "index_kind": index.kind,
        **measure(),
    }
    if index.kind == "hnsw":
        configured = int(index.params["ef_search"])
        result["ef_search"] = configured
        sweep = {}
        for ef in EF_SWEEP:
            index.set_ef_search(ef)
            sweep[str(ef)] = measure()
        index.set_ef_search(configured)
        result["ef_sweep"] = sweep
    return result


def recall_queries(embedder: Any, loaded: Any, n: int, seed: int) -> np.ndarray:
    """Query vectors: the labelled questions, then stored FAQ-question and sentence vectors."""
    queries = embedder.encode(load_questions(QUESTIONS, n))
    rnd = random.Random(seed)
    for name in ("faq_vectors", "sentence_vectors"):
        stored = np.asarray(loaded.arrays[name], dtype=np.float32)
        extra = max(0, n - len(queries))
        pick = sorted(rnd.sample(range(len(stored)), min(extra, len(stored))))
        queries = np.concatenate([queries, stored[pick]])
    # float16-stored vectors are a hair off unit length; inner products need unit vectors
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    return np.ascontiguousarray(queries[:n], dtype=np.float32)


def latency(
    engines: dict[str, Any], floor: Callable[[str], Any], questions: list[str], warmup: int
) -> dict[str, Any]:
    """Every engine (cache off) and the bare model on each question, in rotating order."""
    from app.cache import AnswerCache

    calls: dict[str, Callable[[str], Any]] = {"floor": floor}
    for name, engine in engines.items():
        engine.cache = AnswerCache(0)
        calls[name] = engine.ask
    names = list(calls)
    for q in cycle(questions, warmup):
        for name in names:
            calls[name](q)
    times: dict[str, list[float]] = {name: [] for name in names}
    for i, q in enumerate(questions):
        for j in range(len(names)):
            name = names[(i + j) % len(names)]
            t = time.perf_counter()
            calls[name](q)
            times[name].append(time.perf_counter() - t)
    return {name: {**percentiles(v, 50, 95, 99), "n": len(v)} for name, v in times.items()}


def run(args: argparse.Namespace, say: Say) -> dict[str, Any]:
    """Every measurement, in one run, in a temp folder."""
    from app.build import ENCODE_BATCH_SIZE
    from app.cli import prepare_libraries

    prepare_libraries()
    from app.config import Settings
    from app.embed import Embedder
    from app.engine import Engine, open_index

    questions = load_questions(QUESTIONS, args.questions)
    results: dict[str, Any] = {}
    say("loading the model ...")
    embedder = Embedder(Settings.model_fields["model"].default)
    embedder.encode(questions[:8])  # one-off setup stays out of the timings
    builder = StandInEmbedder(embedder) if args.stand_in_vectors else embedder
    with tempfile.TemporaryDirectory(prefix="faqbot-growth-") as tmp:
        base = Path(tmp)

        def settings(name: str) -> Any:
            return Settings(
                corpus_dir=base / name / "corpus",
                index_dir=base / name / "index",
                lexicon_cache_dir=ROOT / "index" / "lexicon",
                hnsw_threshold=args.hnsw_threshold,
                _env_file=None,  # type: ignore[call-arg]
            )

        small, large = settings("shipped"), settings("large")
        shutil.copytree(CORPUS, small.corpus_dir)
        say(f"writing a synthetic corpus of about {args.passages:,} passages ...")
        t = time.perf_counter()
        results["corpus"] = make_corpus(large.corpus_dir, args.passages, args.seed)
        results["corpus"]["bytes"] = folder_bytes(large.corpus_dir)
        results["corpus"]["write_s"] = round(time.perf_counter() - t, 2)
        say("building the shipped corpus ...")
        results["build_shipped"] = build(small, embedder, say)
        say(f"building {args.passages:,} passages (this is the long part) ...")
        results["build"] = build(large, builder, say)
        say(
            f"  {results['build']['passages']:,} passages in {results['build']['seconds']:.0f}s"
            f" [{results['build']['index_kind']}]"
        )

        t = time.perf_counter()
        engines = {
            "shipped": Engine(small, embedder, open_index(small, embedder)),
            "large": Engine(large, embedder, open_index(large, embedder)),
        }
        results["engine_start_s"] = round(time.perf_counter() - t, 2)
        loaded = engines["large"].loaded
        manifest = loaded.manifest
        results["manifest"] = {
            "index_kind": manifest.index_kind,
            "index_params": manifest.index_params,
            "passages": manifest.passages,
            "hnsw_threshold": args.hnsw_threshold,
        }

        say("bare model encode rate on a sample of the same texts ...")
        floor_model = bare_model(embedder.name)
        results["encode"] = encode_rate(
            floor_model, loaded, args.sample, ENCODE_BATCH_SIZE, args.seed
        )
        encode = results["encode"]
        b = results["build"]
        # Seconds the bare model alone would need for every text the build encoded.
        bare = (
            b["passages"] / encode["passages_per_s"]
            + (b["texts_encoded"] - b["passages"]) / (encode["sentences_per_s"])
        )
        b["bare_encode_s"] = round(bare, 1)
        b["vs_bare_encode"] = round(bare / b["seconds"], 3)
        b["vs_passage_encode_rate"] = round(b["passages_per_s"] / encode["passages_per_s"], 3)

        say("recall against exact search ...")
        top_k = large.top_k
        depth = max(4 * top_k, 20)  # what the retriever asks the vector index for
        results["recall"] = recall(
            loaded, recall_queries(embedder, loaded, args.recall_queries, args.seed), top_k, depth
        )

        say(f"engine latency, shipped corpus vs {b['passages']:,} passages ...")
        meter = NoiseMeter()
        results["latency"] = latency(
            engines,
            lambda q: floor_model.encode([q], show_progress_bar=False),
            questions,
            args.warmup,
        )
        results["stages"] = {name: bench_stages(e, questions) for name, e in engines.items()}
        results["latency_noise"] = meter.share()
    lat = results["latency"]
    ratio = lat["large"]["p50"] / lat["shipped"]["p50"]
    results["ratio"] = {
        "p50": round(ratio, 3),
        "p95": round(lat["large"]["p95"] / lat["shipped"]["p95"], 3),
        "target_p50": TARGET_RATIO,
        "met": bool(ratio <= TARGET_RATIO),
    }
    results["meta"] = meta_info(args, len(questions))
    return results


def meta_info(args: argparse.Namespace, questions: int) -> dict[str, Any]:
    """What the figures were measured on."""
    from bench.run import QUICK

    info = meta(QUICK, questions)
    info.pop("plan")
    info["args"] = {k: v for k, v in vars(args).items() if k != "out"}
    info["vectors"] = "stand-in (hashed words)" if args.stand_in_vectors else "model"
    return info


def table(r: dict[str, Any]) -> str:
    """The figures as a plain-text table."""
    b, s, e, rc, lat = r["build"], r["build_shipped"], r["encode"], r["recall"], r["latency"]
    n = f"{b['passages']:,}"
    rows: list[tuple[str, str]] = [
        ("passages (shipped corpus / synthetic)", f"{s['passages']:,} / {n}"),
        ("index kind chosen (manifest)", f"{s['index_kind']} / {b['index_kind']}"),
    ]
    params = r["manifest"]["index_params"]
    if "M" in params:
        rows.append(
            (
                "  HNSW M / efConstruction / efSearch",
                f"{params['M']} / {params['ef_construction']} / {params['ef_search']}",
            )
        )
    calibration = params.get("hnsw_calibration")
    if calibration:
        recalls = ", ".join(f"{ef}: {v:.3f}" for ef, v in calibration["recall_at_ef"].items())
        timings = calibration["search_us"]
        rows += [
            (f"  build's HNSW recall@{calibration['k']} by efSearch (own texts)", recalls),
            (
                "  build's search time, HNSW / exact; kept",
                f"{timings['hnsw']:.0f} / {timings['exact']:.0f} us; {calibration['chose']}",
            ),
        ]
    rows += [
        (f"build {n} passages", f"{b['seconds']:,.1f} s"),
        ("  build throughput", f"{b['passages_per_s']:,.1f} passages/s"),
        (
            f"  bare model encode, batch {e['batch_size']} (passages / sentences)",
            f"{e['passages_per_s']:,.1f} / {e['sentences_per_s']:,.1f} texts/s",
        ),
        ("  build throughput vs bare passage encode rate", f"{b['vs_passage_encode_rate']:.2f}x"),
        (
            f"  bare encode of all {b['texts_encoded']:,} texts vs whole build",
            f"{b['bare_encode_s']:,.0f} s / {b['seconds']:,.0f} s = {b['vs_bare_encode']:.2f}",
        ),
    ]
    for stage, secs in b["stages_s"].items():
        rows.append((f"    stage {stage}", f"{secs:,.1f} s"))
    rows += [
        (
            "index size on disk (shipped / synthetic)",
            f"{s['index_bytes'] / MIB:.1f} / {b['index_bytes'] / MIB:.1f} MiB",
        ),
        ("  of which vectors.faiss (synthetic)", f"{b['vectors_bytes'] / MIB:.1f} MiB"),
        (
            f"recall@{rc['k']} / @{rc['depth']} vs exact ({rc['queries']} queries)",
            f"{rc['recall_at_k']:.3f} / {rc['recall_at_depth']:.3f}",
        ),
        (
            "  vector search per query (index / exact)",
            f"{rc['search_us']:.0f} / {rc['exact_search_us']:.0f} us",
        ),
    ]
    for ef, m in rc.get("ef_sweep", {}).items():
        rows.append(
            (
                f"    efSearch {ef}: recall@{rc['k']} / @{rc['depth']}, search",
                f"{m['recall_at_k']:.3f} / {m['recall_at_depth']:.3f}, {m['search_us']:.0f} us",
            )
        )
    rows += [
        (
            "floor: model.encode([q]) p50 / p95",
            f"{lat['floor']['p50']:.2f} / {lat['floor']['p95']:.2f} ms",
        ),
        (
            "engine.ask, shipped corpus, p50 / p95",
            f"{lat['shipped']['p50']:.2f} / {lat['shipped']['p95']:.2f} ms",
        ),
        (
            f"engine.ask, {n} passages, p50 / p95",
            f"{lat['large']['p50']:.2f} / {lat['large']['p95']:.2f} ms",
        ),
        (
            f"  ratio p50 (target <= {TARGET_RATIO}) / p95",
            f"{r['ratio']['p50']:.2f}x / {r['ratio']['p95']:.2f}x",
        ),
    ]
    for name, stages in r["stages"].items():
        for stage in ("query_text", "encode", "retrieve_answer"):
            rows.append((f"  {name}: stage {stage} p50", f"{stages[stage]['p50']:.2f} ms"))
    rows.append(("engine start (both engines)", f"{r['engine_start_s']:.1f} s"))
    noise = {
        "build": b["noise"],
        "encode-rate": e["noise"],
        "latency": r["latency_noise"],
    }
    for phase, share in noise.items():
        rows.append((f"CPU used by others, {phase} phase", f"{share:.0%}"))

    header = ("figure", "value")
    width = [max(len(row[i]) for row in [header, *rows]) for i in range(2)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, width, strict=True))]
    lines.append("  ".join("-" * w for w in width))
    lines += [f"{name.ljust(width[0])}  {value.rjust(width[1])}" for name, value in rows]
    if r["meta"]["vectors"] != "model":
        lines.append("NOTE: stand-in vectors; build and recall figures do not describe the model")
    for phase, share in noise.items():
        if share > NOISY:
            lines.append(f"WARNING: a busy machine in the {phase} phase; its figures mislead")
    mark = "ok  " if r["ratio"]["met"] else "MISS"
    lines.append(
        f"\n[{mark}] p50 at {n} passages / p50 at the shipped corpus: "
        f"{r['ratio']['p50']} (target <= {TARGET_RATIO})"
    )
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    from app.config import Settings

    p = argparse.ArgumentParser(prog="python -m bench.growth", description=__doc__.splitlines()[0])
    p.add_argument("--passages", type=int, default=100_000, help="about this many (default 100000)")
    p.add_argument("--out", type=Path, default=RESULTS, help=f"JSON results (default {RESULTS})")
    p.add_argument("--seed", type=int, default=20240601)
    p.add_argument("--sample", type=int, default=512, help="texts timed for the bare encode rate")
    p.add_argument("--recall-queries", type=int, default=400)
    p.add_argument("--questions", type=int, default=0, help="labelled questions to ask (0: all)")
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument(
        "--hnsw-threshold",
        type=int,
        default=Settings.model_fields["hnsw_threshold"].default,
        help="passages from which the build picks HNSW (default: the app's default)",
    )
    p.add_argument(
        "--stand-in-vectors",
        action="store_true",
        help="build with hashed-word pseudo-vectors instead of the model (latency only)",
    )
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the table and write the JSON."""
    args = parse_args(argv)
    started = time.perf_counter()
    results = run(args, say=lambda m: print(m, file=sys.stderr, flush=True))
    results["meta"]["seconds"] = round(time.perf_counter() - started, 1)
    publish(results, table(results), args.out, results["meta"]["seconds"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
