"""The load test runs end to end on a tiny configuration: no errors, every figure in its JSON.

No timing is asserted here beyond the script's own (generous) bounds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.config import Settings
from app.engine import Engine
from bench import load

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_tiny_load_run(settings: Settings, engine: Engine, tmp_path: Path) -> None:
    assert engine.loaded.passages  # the session's index is built: the server copies it
    out = tmp_path / "load.json"
    code = load.main(
        [
            *("--questions", "200", "--clients", "8", "--warmup", "20"),
            *("--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)),
            *("--lexicon", str(settings.lexicon_cache_dir), "--json", str(out)),
        ]
    )
    results = json.loads(out.read_text())
    assert {
        "config",
        "bounds",
        "machine",
        "server",
        "warmup",
        "load",
        "latency",
        "healthz",
        "rss_mib",
        "question_log",
        "checks",
        "passed",
    } <= results.keys()
    assert {"p50_ms", "p95_ms", "p99_ms", "max_ms"} <= results["latency"].keys()
    assert {"p50_ms", "p99_ms", "max_ms", "polls", "errors"} <= results["healthz"].keys()
    assert {"ready", "warm", "during_max", "after", "growth"} <= results["rss_mib"].keys()
    assert results["load"]["sent"] == 200
    assert results["load"]["errors"] == 0, results["load"]["error_samples"]
    assert results["warmup"]["errors"] == 0
    assert results["healthz"]["polls"] > 0 and results["healthz"]["errors"] == 0
    assert results["load"]["answers_per_s"] > 0
    assert results["server"]["exit_code"] == 0, results["server"]["log_tail"]
    assert results["question_log"]["recorded"] == results["question_log"]["expected"] == 220
    assert results["checks"] == dict.fromkeys(results["checks"], True)
    assert code == 0
