"""The benchmark runs end to end (tiny counts) and writes its JSON; no timing is asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import run as bench

pytestmark = [pytest.mark.integration, pytest.mark.slow]

TINY = [
    "--quick",
    *("--questions", "6", "--rounds", "1", "--warmup", "2", "--repeated", "20"),
    *("--service", "8", "--sequential", "4", "--concurrent", "8", "--clients", "4"),
]


def test_quick_run_writes_every_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results.json"
    assert bench.main([*TINY, "--json", str(out)]) == 0
    results = json.loads(out.read_text())
    assert {
        "build",
        "floor",
        "engine",
        "stages",
        "repeated",
        "service",
        "cold_start",
        "memory",
        "floor_alongside_http",
        "http_round_trip",
        "http_sequential",
        "http_concurrent",
        "targets",
        "meta",
    } <= set(results)
    assert {"p50", "p95"} <= set(results["floor"])
    assert {"p50", "p95", "p99"} <= set(results["engine"])
    for key in ("http_sequential", "http_concurrent"):
        assert {"p50", "p95", "p99", "answers_per_s"} <= set(results[key])
    assert results["http_concurrent"]["n"] == 8
    assert results["cold_start"]["seconds"] > 0
    assert results["memory"]["rss_after_load_mib"] > 0
    assert {"passages_per_s", "index_bytes"} <= set(results["build"])
    assert set(results["targets"]) == {
        "engine_p50_vs_floor",
        "http_1_client_p50_vs_floor",
        "repeated_p50_ms",
        "concurrent_vs_sequential_throughput",
        "cold_start_s",
    }
    assert set(results["meta"]["noise"]) == {"in_process", "http"}
    table = capsys.readouterr().out
    assert "floor: model.encode([q]) p50" in table
    assert "HTTP 4 clients" in table


def test_workers_comparison_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bench import workers

    out = tmp_path / "workers.json"
    tiny = ["--requests", "8", "--sequential", "2", "--clients", "4", "--blocks", "1"]
    assert workers.main([*tiny, "--json", str(out)]) == 0
    results = json.loads(out.read_text())
    assert results["workers_2"]["processes"] > results["workers_1"]["processes"] == 1
    for key in ("workers_1", "workers_2"):
        assert results[key]["concurrent"]["answers_per_s"] > 0
        assert {"p50", "p95"} <= set(results[key]["one_client"])
    assert set(results["two_vs_one"]) == {"throughput", "one_client_p50", "memory"}
    assert "4 clients throughput" in capsys.readouterr().out


def test_load_generator_reports_a_non_200(tmp_path: Path) -> None:
    import asyncio

    from bench import loadgen

    async def serve_once() -> None:
        async def reply(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            while (await reader.readline()) not in (b"\r\n", b""):
                pass
            await reader.readexactly(len(b'{"question": "q"}'))
            writer.write(b"HTTP/1.1 429 Too Many Requests\r\nContent-Length: 4\r\n\r\nslow")
            await writer.drain()

        server = await asyncio.start_server(reply, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            with pytest.raises(loadgen.LoadError, match="429"):
                await loadgen.crowd(f"http://127.0.0.1:{port}/api/ask", ["q"], 1)

    asyncio.run(serve_once())


def test_growth_runs_on_a_tiny_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.index import faiss_index
    from bench import growth

    # At 300 passages exact search beats HNSW and the build would keep it; the bench's HNSW
    # figures are what this test is about, so HNSW is made to look faster.
    timings = iter([10.0, 100.0] * 4)
    monkeypatch.setattr(faiss_index, "_per_query_us", lambda search, q: next(timings))

    out = tmp_path / "growth.json"
    tiny = ["--passages", "300", "--hnsw-threshold", "100", "--questions", "6", "--warmup", "1"]
    tiny += ["--sample", "16", "--recall-queries", "40", "--out", str(out)]
    assert growth.main(tiny) == 0
    results = json.loads(out.read_text())
    build = results["build"]
    assert 250 <= build["passages"] <= 350
    assert build["passages_per_s"] > 0 and build["index_bytes"] > 0
    assert build["vs_bare_encode"] > 0 and build["stages_s"]["encode"] > 0
    assert results["encode"]["passages_per_s"] > 0
    assert results["manifest"]["index_kind"] == "hnsw"  # 300 passages, threshold 100
    assert results["manifest"]["index_params"]["ef_search"] >= 1
    assert results["manifest"]["index_params"]["hnsw_calibration"]["chose"] == "hnsw"
    assert results["build_shipped"]["index_kind"] == "flat"
    recall = results["recall"]
    assert recall["queries"] == 40 and 0 < recall["recall_at_k"] <= 1
    assert set(recall["ef_sweep"]) == {str(ef) for ef in growth.EF_SWEEP}
    for name in ("floor", "shipped", "large"):
        assert {"p50", "p95"} <= set(results["latency"][name])
        assert results["latency"][name]["n"] == 6
    assert results["ratio"]["p50"] > 0 and "met" in results["ratio"]
    assert "engine.ask, shipped corpus" in capsys.readouterr().out
