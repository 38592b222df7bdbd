"""Load test: a real `faqbot serve` under many concurrent clients, with its health and memory.

python -m bench.load [--questions 5000] [--clients 32] [--json PATH]

Starts `faqbot serve` on 127.0.0.1 (a free port, a temporary copy of the corpus and index, a
temporary question log, rate limit off), warms it up, then sends N questions from C concurrent
clients: the labelled questions of tests/data/questions.yaml (repeats: answer-cache hits) mixed
with generated variants such as "What is Mythos? (17)" (distinct: each runs the model). A
separate process polls /healthz every 100 ms meanwhile and samples the server's RSS. At the
end the server gets SIGTERM and must exit 0, having written every answered question to its log.

Exit status 1 when any check fails: an error (non-200 or exception), a failed health check,
healthz p99 over --max-healthz-p99-ms (default 500), RSS growth over the warmed-up RSS above
--max-rss-growth-mib (default 300), a non-zero exit on SIGTERM, or a question not recorded.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx
import yaml

from bench.server import Server, launch, stop, wait_ready

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
INDEX = ROOT / "index"
LEXICON = ROOT / "index" / "lexicon"
QUESTIONS = ROOT / "tests" / "data" / "questions.yaml"
RESULTS = ROOT / "bench" / "results" / "load.json"

READY_TIMEOUT = 180.0  # seconds: a build (stale or missing index) on a busy machine is slow
EXIT_TIMEOUT = 20.0  # seconds after SIGTERM (uvicorn's graceful timeout is 10 s)
REQUEST_TIMEOUT = 60.0
HEALTH_INTERVAL = 0.1  # seconds between /healthz polls
HEALTH_TIMEOUT = 5.0  # a poll slower than this counts as a failed health check
RSS_INTERVAL = 0.5  # seconds between RSS samples
MAX_RSS_GROWTH_MIB = 300.0  # over the warmed-up RSS, after the load
MAX_HEALTHZ_P99_MS = 500.0
MIB = 1024.0


# -- small helpers -------------------------------------------------------------------------


def say(message: str) -> None:
    print(f"[load] {message}", file=sys.stderr, flush=True)


def rss_mib(pid: int) -> float | None:
    """VmRSS of a process in MiB, or None if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / MIB, 1)
    except (OSError, ValueError):
        return None
    return None


def percentile(values: Sequence[float], point: float) -> float | None:
    """Nearest-rank percentile (point in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-point * len(ordered) // 100))))
    return ordered[rank - 1]


def ms_summary(seconds: Sequence[float]) -> dict[str, float | None]:
    """p50/p95/p99/max/mean of durations, in milliseconds."""

    def ms(v: float | None) -> float | None:
        return None if v is None else round(v * 1000.0, 2)

    mean = sum(seconds) / len(seconds) if seconds else None
    return {
        "p50_ms": ms(percentile(seconds, 50)),
        "p95_ms": ms(percentile(seconds, 95)),
        "p99_ms": ms(percentile(seconds, 99)),
        "max_ms": ms(max(seconds) if seconds else None),
        "mean_ms": ms(mean),
    }


# -- the questions -------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    question: str
    history: tuple[str, ...] = ()
    distinct: bool = False

    def body(self) -> dict[str, Any]:
        return {"question": self.question, "history": list(self.history)}


def load_base_questions(path: Path) -> list[Question]:
    """The labelled questions (with their conversation history, if any)."""
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out = []
    for item in items:
        text = str(item.get("question") or "").strip()
        if text:
            out.append(Question(text, tuple(str(h) for h in item.get("history") or ())))
    if not out:
        raise SystemExit(f"no questions in {path}")
    return out


def make_workload(
    base: Sequence[Question], n: int, distinct_share: float, seed: int
) -> list[Question]:
    """n questions: a share of distinct variants ("<question> (k)"), the rest repeats of base."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        q = rng.choice(base)
        if rng.random() < distinct_share:
            out.append(Question(f"{q.question} ({k})", q.history, distinct=True))
        else:
            out.append(q)
    return out


# -- the server ----------------------------------------------------------------------------


def copy_index(source: Path, target: Path) -> bool:
    """Copy the active build of `source` (CURRENT and its folder) to `target`; False if none."""
    target.mkdir(parents=True, exist_ok=True)
    pointer = source / "CURRENT"
    if not pointer.is_file():
        return False
    name = pointer.read_text().strip()
    build = source / "builds" / name
    if not name or not build.is_dir():
        return False
    shutil.copytree(build, target / "builds" / name)
    shutil.copy2(pointer, target / "CURRENT")
    return True


def start_server(workdir: Path, corpus: Path, index: Path, lexicon: Path) -> Server:
    """`faqbot serve` on a free port, from a scratch folder (so no stray .env applies)."""
    shutil.copytree(corpus, workdir / "corpus")
    if not copy_index(index, workdir / "index"):
        say(f"no built index in {index}: the server builds one first (slow)")
    return launch(
        workdir,
        {
            "FAQBOT_CORPUS_DIR": str(workdir / "corpus"),
            "FAQBOT_INDEX_DIR": str(workdir / "index"),
            "FAQBOT_LEXICON_CACHE_DIR": str(lexicon),
            "FAQBOT_RATE_LIMIT": "off",
        },
        database=workdir / "questions.db",
    )


def count_recorded(database: Path) -> int | None:
    """Rows in the question log's `questions` table (None if unreadable)."""
    try:
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error:
        return None
    try:
        return int(conn.execute("SELECT COUNT(*) FROM questions").fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        conn.close()


# -- the health poller (a separate process, so the load generator's own event loop and GIL
# -- do not show up as server latency) -----------------------------------------------------


def poll_health(base: str, pid: int, stop: Any, conn: Connection) -> None:
    """Poll /healthz every HEALTH_INTERVAL and sample RSS until `stop` is set; send results."""
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    rss: list[tuple[float, float]] = []
    started = time.monotonic()
    next_rss = 0.0
    with httpx.Client(timeout=HEALTH_TIMEOUT) as client:
        while not stop.is_set():
            tick = time.monotonic()
            if tick >= next_rss:
                value = rss_mib(pid)
                if value is not None:
                    rss.append((round(tick - started, 2), value))
                next_rss = tick + RSS_INTERVAL
            t0 = time.perf_counter()
            try:
                response = client.get(f"{base}/healthz")
                elapsed = time.perf_counter() - t0
                if response.status_code == 200:
                    latencies.append(elapsed)
                else:
                    errors[f"HTTP {response.status_code}"] += 1
            except httpx.HTTPError as exc:
                errors[type(exc).__name__] += 1
            time.sleep(max(0.0, HEALTH_INTERVAL - (time.monotonic() - tick)))
    conn.send({"latencies": latencies, "errors": dict(errors), "rss": rss})
    conn.close()


class HealthPoller:
    """Runs poll_health in a spawned process."""

    def __init__(self, base: str, pid: int) -> None:
        ctx = mp.get_context("spawn")
        self._stop = ctx.Event()
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(
            target=poll_health, args=(base, pid, self._stop, send), name="healthz-poller"
        )
        self._proc.start()
        send.close()

    def stop(self) -> dict[str, Any]:
        self._stop.set()
        try:
            if not self._recv.poll(30):
                raise RuntimeError("the health poller sent no results")
            result: dict[str, Any] = self._recv.recv()
            return result
        finally:
            self._proc.join(10)
            if self._proc.is_alive():
                self._proc.kill()
                self._proc.join(5)


# -- the load ------------------------------------------------------------------------------


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)  # successful requests, seconds
    errors: Counter[str] = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)
    sent: int = 0
    ok: int = 0
    ok_distinct: int = 0
    answered: int = 0
    wall: float = 0.0
    stopped_by: str = "count"

    def fail(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.error_samples) < 10:
            self.error_samples.append(f"{kind}: {detail[:300]}")


async def run_load(
    base: str, questions: Sequence[Question], clients: int, time_limit: float
) -> LoadResult:
    """Send every question (or until the time limit) from `clients` concurrent workers."""
    result = LoadResult()
    todo = iter(questions)
    deadline = time.monotonic() + time_limit
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def worker(client: httpx.AsyncClient) -> None:
        for q in todo:  # a shared iterator: each question goes to exactly one worker
            if time.monotonic() >= deadline:
                result.stopped_by = "time"
                return
            result.sent += 1
            t0 = time.perf_counter()
            try:
                response = await client.post("/api/ask", json=q.body())
            except httpx.HTTPError as exc:
                result.fail(type(exc).__name__, str(exc) or repr(exc))
                continue
            elapsed = time.perf_counter() - t0
            if response.status_code != 200:
                result.fail(f"HTTP {response.status_code}", response.text)
                continue
            try:
                data = response.json()
                answer_id = data["answer_id"]
            except (ValueError, KeyError) as exc:
                result.fail("bad body", f"{exc}: {response.text}")
                continue
            if not answer_id:
                result.fail("bad body", "empty answer_id")
                continue
            result.ok += 1
            result.ok_distinct += q.distinct
            result.answered += bool(data.get("answered"))
            result.latencies.append(elapsed)

    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT, limits=limits) as client:
        await asyncio.gather(*(worker(client) for _ in range(clients)))
    result.wall = time.perf_counter() - started
    return result


# -- the run -------------------------------------------------------------------------------


def measure(args: argparse.Namespace) -> dict[str, Any]:
    base_questions = load_base_questions(args.question_file)
    workload = make_workload(base_questions, args.questions, args.distinct, args.seed)
    warmup = base_questions if args.warmup is None else base_questions[: max(0, args.warmup)]
    results: dict[str, Any] = {
        "config": {
            "questions": args.questions,
            "clients": args.clients,
            "distinct_share": args.distinct,
            "time_limit_s": args.time_limit,
            "seed": args.seed,
            "warmup": len(warmup),
            "base_questions": len(base_questions),
            "workload_distinct": sum(q.distinct for q in workload),
        },
        "bounds": {
            "errors": 0,
            "healthz_errors": 0,
            "healthz_p99_ms": args.max_healthz_p99_ms,
            "rss_growth_mib": args.max_rss_growth_mib,
            "rss_growth_over": "warmed-up RSS (after the warm-up pass, before the load)",
            "exit_code_on_sigterm": 0,
        },
        "machine": {"cpus": os.cpu_count(), "loadavg_before": list(os.getloadavg())},
    }
    with tempfile.TemporaryDirectory(prefix="faqbot-load-") as tmp:
        workdir = Path(tmp)
        server = start_server(workdir, args.corpus, args.index, args.lexicon)
        code: int | None = None
        try:
            say(f"starting faqbot serve (pid {server.proc.pid}) at {server.base} ...")
            ready_s = wait_ready(server, READY_TIMEOUT)
            pid = server.proc.pid
            rss_ready = rss_mib(pid)
            say(f"ready in {ready_s:.1f}s; warming up ({len(warmup)} questions) ...")
            warm = asyncio.run(run_load(server.base, warmup, args.clients, args.time_limit))
            time.sleep(0.5)
            rss_warm = rss_mib(pid)
            say(f"load: {len(workload)} questions, {args.clients} clients ...")
            poller = HealthPoller(server.base, pid)
            try:
                load = asyncio.run(run_load(server.base, workload, args.clients, args.time_limit))
            finally:
                health = poller.stop()
            time.sleep(1.0)  # let transient buffers go before the "after" sample
            rss_after = rss_mib(pid)
            with httpx.Client(timeout=10.0) as client:
                ready = client.get(f"{server.base}/readyz").json()
            say("stopping the server (SIGTERM) ...")
            code, exit_s = stop(server, EXIT_TIMEOUT)
        finally:
            if server.proc.poll() is None:
                server.proc.kill()
                server.proc.wait(timeout=10)
        recorded = count_recorded(server.database) if server.database else None
        server_tail = server.tail(2000)

    results["machine"]["loadavg_after"] = list(os.getloadavg())
    during = [v for _, v in health["rss"]]
    growth = None if rss_after is None or rss_warm is None else round(rss_after - rss_warm, 1)
    peak_growth = round(max(during) - rss_warm, 1) if during and rss_warm is not None else None
    hz = ms_summary(health["latencies"])
    results["server"] = {
        "ready_s": round(ready_s, 2),
        "exit_code": code,
        "exit_s": round(exit_s, 2),
        "log_tail": server_tail if code != 0 else "",
    }
    results["warmup"] = {
        "sent": warm.sent,
        "ok": warm.ok,
        "errors": sum(warm.errors.values()),
        "error_kinds": dict(warm.errors),
    }
    results["load"] = {
        "sent": load.sent,
        "ok": load.ok,
        "ok_distinct": load.ok_distinct,
        "answered": load.answered,
        "errors": sum(load.errors.values()),
        "error_kinds": dict(load.errors),
        "error_samples": load.error_samples,
        "wall_s": round(load.wall, 2),
        "answers_per_s": round(load.ok / load.wall, 1) if load.wall else None,
        "stopped_by": load.stopped_by,
    }
    results["latency"] = ms_summary(load.latencies)
    results["healthz"] = {
        "polls": len(health["latencies"]) + sum(health["errors"].values()),
        "errors": sum(health["errors"].values()),
        "error_kinds": health["errors"],
        **hz,
    }
    results["rss_mib"] = {
        "ready": rss_ready,
        "warm": rss_warm,
        "during_min": min(during) if during else None,
        "during_max": max(during) if during else None,
        "during_samples": health["rss"],
        "after": rss_after,
        "growth": growth,
        "peak_growth": peak_growth,
    }
    expected = warm.ok + load.ok
    results["question_log"] = {
        "expected": expected,
        "recorded": recorded,
        "recorder": (ready.get("question_log") or {}),
    }
    errors = sum(warm.errors.values()) + sum(load.errors.values())
    results["checks"] = {
        "no_errors": errors == 0,
        "healthz_ok": results["healthz"]["errors"] == 0,
        "healthz_p99": hz["p99_ms"] is not None and hz["p99_ms"] <= args.max_healthz_p99_ms,
        "rss_growth": growth is not None and growth <= args.max_rss_growth_mib,
        "exit_0_on_sigterm": code == 0,
        "every_answer_recorded": recorded == expected,
    }
    results["passed"] = all(results["checks"].values())
    return results


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.1f}{unit}"
    return f"{value}{unit}"


def table(r: dict[str, Any]) -> str:
    """The results as a plain-text table."""
    c, ld, lat, hz, rss = r["config"], r["load"], r["latency"], r["healthz"], r["rss_mib"]
    b, qlog = r["bounds"], r["question_log"]
    rows = [
        ("questions sent / ok", f"{ld['sent']} / {ld['ok']} ({ld['ok_distinct']} distinct)"),
        ("clients", str(c["clients"])),
        ("errors", f"{ld['errors']} {ld['error_kinds'] or ''}".rstrip()),
        ("wall time", _fmt(ld["wall_s"], " s") + f" (stopped by {ld['stopped_by']})"),
        ("answers/s", _fmt(ld["answers_per_s"])),
        (
            "latency p50 / p95 / p99",
            " / ".join(_fmt(lat[k], " ms") for k in ("p50_ms", "p95_ms", "p99_ms")),
        ),
        ("latency max", _fmt(lat["max_ms"], " ms")),
        (
            "/healthz p50 / p99 / max",
            " / ".join(_fmt(hz[k], " ms") for k in ("p50_ms", "p99_ms", "max_ms"))
            + f" ({hz['polls']} polls, {hz['errors']} failed; bound p99 <= "
            f"{b['healthz_p99_ms']:.0f} ms)",
        ),
        ("RSS ready / warm", f"{_fmt(rss['ready'], ' MiB')} / {_fmt(rss['warm'], ' MiB')}"),
        (
            "RSS during (min-max)",
            f"{_fmt(rss['during_min'], ' MiB')} - {_fmt(rss['during_max'], ' MiB')}",
        ),
        ("RSS after", _fmt(rss["after"], " MiB")),
        (
            "RSS growth (after - warm)",
            _fmt(rss["growth"], " MiB") + f" (peak {_fmt(rss['peak_growth'], ' MiB')}; "
            f"bound <= {b['rss_growth_mib']:.0f} MiB)",
        ),
        ("questions recorded", f"{qlog['recorded']} of {qlog['expected']}"),
        (
            "SIGTERM",
            f"exit {r['server']['exit_code']} after {_fmt(r['server']['exit_s'], ' s')}",
        ),
        (
            "machine",
            f"{r['machine']['cpus']} cpus, load avg "
            f"{r['machine']['loadavg_before'][0]:.2f} -> {r['machine']['loadavg_after'][0]:.2f}",
        ),
    ]
    width = max(len(k) for k, _ in rows)
    lines = [f"{k:<{width}}  {v}" for k, v in rows]
    failed = [name for name, ok in r["checks"].items() if not ok]
    lines.append(
        f"{'result':<{width}}  " + ("PASS" if not failed else "FAIL: " + ", ".join(failed))
    )
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    p.add_argument("--questions", type=int, default=5000, help="questions to send (default 5000)")
    p.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32)")
    p.add_argument("--json", type=Path, default=RESULTS, help=f"results file (default {RESULTS})")
    p.add_argument(
        "--time-limit", type=float, default=600.0, help="stop sending after this many seconds"
    )
    p.add_argument(
        "--distinct", type=float, default=0.3, help="share of distinct questions (default 0.3)"
    )
    p.add_argument(
        "--warmup",
        type=int,
        default=None,
        help="labelled questions sent before the load (default: all of them)",
    )
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--max-rss-growth-mib", type=float, default=MAX_RSS_GROWTH_MIB)
    p.add_argument("--max-healthz-p99-ms", type=float, default=MAX_HEALTHZ_P99_MS)
    p.add_argument("--corpus", type=Path, default=CORPUS, help="corpus to copy")
    p.add_argument("--index", type=Path, default=INDEX, help="built index to copy")
    p.add_argument("--lexicon", type=Path, default=LEXICON, help="lexicon cache folder")
    p.add_argument("--question-file", type=Path, default=QUESTIONS)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.questions < 1 or args.clients < 1 or not 0.0 <= args.distinct <= 1.0:
        parser().error("--questions and --clients must be >= 1, --distinct within 0..1")
    try:
        results = measure(args)
    except RuntimeError as exc:
        say(f"failed: {exc}")
        return 1
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    say(f"results written to {args.json}")
    return 0 if results["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
