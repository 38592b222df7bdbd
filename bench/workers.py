"""One versus two server processes (`faqbot serve --workers N`) on this machine.

Both servers run side by side from the same index (the read-only artifact replicas share);
the runs alternate between them in blocks, so noise from other jobs hits both alike.
Reports answers per second at 1 and at `--clients` concurrent clients, latency, and the
memory of each server's whole process tree. Run: python -m bench.workers
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import loadgen
from bench.run import (
    QUESTIONS,
    ROOT,
    cpu_seconds,
    cycle,
    load_questions,
    percentiles,
    publish,
)
from bench.server import Server, launch, stop, wait_ready

RESULTS = ROOT / "bench" / "results" / "workers.json"


def tree(pid: int) -> list[int]:
    """A process and its descendants (uvicorn's supervisor and its workers)."""
    pids = [pid]
    for p in pids:
        for task in Path(f"/proc/{p}/task").iterdir():
            children = (task / "children").read_text().split()
            pids.extend(int(c) for c in children)
    return pids


def tree_rss_mib(pid: int) -> float:
    """Resident memory of a process tree, in MiB (shared pages counted in each process)."""
    total = 0
    for p in tree(pid):
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return round(total / 1024, 1)


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process tree's live processes."""
    return sum(cpu_seconds(p) for p in tree(pid))


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Start both servers, alternate the runs between them, summarise each."""
    questions = load_questions(QUESTIONS, 0)
    with tempfile.TemporaryDirectory(prefix="faqbot-workers-") as tmp:
        base = Path(tmp)
        shutil.copytree(ROOT / "corpus", base / "corpus")
        settings = {
            "FAQBOT_CORPUS_DIR": str(base / "corpus"),
            "FAQBOT_INDEX_DIR": str(base / "index"),
            "FAQBOT_LEXICON_CACHE_DIR": str(ROOT / "index" / "lexicon"),
            "FAQBOT_CACHE_SIZE": "0",  # every request runs the model
            "FAQBOT_RATE_LIMIT": "off",
        }
        servers: dict[int, Server] = {}
        try:
            for workers in (1, 2):  # one at a time: the first builds the index
                servers[workers] = launch(
                    base,
                    {**settings, "FAQBOT_WORKERS": str(workers)},
                    database=base / f"questions-{workers}.db",
                )
                wait_ready(servers[workers], 300)
            return run_blocks(servers, questions, args)
        finally:
            for server in servers.values():
                stop(server, 20)


def run_blocks(
    servers: dict[int, Server], questions: list[str], args: argparse.Namespace
) -> dict[str, Any]:
    """Warm up, then alternate 1-client and many-client runs between the servers."""
    data: dict[int, dict[str, Any]] = {
        w: {"seq": [], "seq_wall": 0.0, "crowd": [], "crowd_wall": 0.0, "cpu": 0.0} for w in servers
    }
    for server in servers.values():
        # Enough to reach every worker: uvicorn's workers share one listening socket.
        asyncio.run(loadgen.crowd(f"{server.base}/api/ask", cycle(questions, 64), 8))
    for block in range(args.blocks):
        shift = block * 11 % len(questions)
        chunk = questions[shift:] + questions[:shift]
        for workers in sorted(servers, key=lambda w: (w + block) % 2):
            server, d = servers[workers], data[workers]
            url = f"{server.base}/api/ask"
            lat, wall = asyncio.run(loadgen.crowd(url, cycle(chunk, args.sequential), 1))
            d["seq"] += lat
            d["seq_wall"] += wall
            cpu = tree_cpu(server.proc.pid)
            lat, wall = asyncio.run(loadgen.crowd(url, cycle(chunk, args.requests), args.clients))
            d["cpu"] += tree_cpu(server.proc.pid) - cpu
            d["crowd"] += lat
            d["crowd_wall"] += wall
            time.sleep(0.2)
    out: dict[str, Any] = {}
    for workers, d in data.items():
        out[f"workers_{workers}"] = {
            "processes": len(tree(servers[workers].proc.pid)),
            "rss_mib": tree_rss_mib(servers[workers].proc.pid),
            "one_client": {
                **percentiles(d["seq"], 50, 95),
                "answers_per_s": round(len(d["seq"]) / d["seq_wall"], 1),
            },
            "concurrent": {
                **percentiles(d["crowd"], 50, 95, 99),
                "clients": args.clients,
                "answers_per_s": round(len(d["crowd"]) / d["crowd_wall"], 1),
                "server_cpu_ms_per_answer": round(d["cpu"] / len(d["crowd"]) * 1000, 2),
            },
        }
    one, two = out["workers_1"], out["workers_2"]
    out["two_vs_one"] = {
        "throughput": round(
            two["concurrent"]["answers_per_s"] / one["concurrent"]["answers_per_s"], 2
        ),
        "one_client_p50": round(two["one_client"]["p50"] / one["one_client"]["p50"], 2),
        "memory": round(two["rss_mib"] / one["rss_mib"], 2),
    }
    return out


def table(r: dict[str, Any]) -> str:
    """The figures side by side."""
    one, two = r["workers_1"], r["workers_2"]
    rows = [
        ("", "1 worker", "2 workers", "2 vs 1"),
        ("processes", str(one["processes"]), str(two["processes"]), ""),
        (
            "memory (RSS, whole tree)",
            f"{one['rss_mib']:.0f} MiB",
            f"{two['rss_mib']:.0f} MiB",
            f"{r['two_vs_one']['memory']:.2f}x",
        ),
        (
            "1 client p50",
            f"{one['one_client']['p50']:.1f} ms",
            f"{two['one_client']['p50']:.1f} ms",
            f"{r['two_vs_one']['one_client_p50']:.2f}x",
        ),
    ]
    clients = one["concurrent"]["clients"]
    for p in ("p50", "p95", "p99"):
        rows.append(
            (
                f"{clients} clients {p}",
                f"{one['concurrent'][p]:.0f} ms",
                f"{two['concurrent'][p]:.0f} ms",
                "",
            )
        )
    rows.append(
        (
            f"{clients} clients throughput",
            f"{one['concurrent']['answers_per_s']:.1f}/s",
            f"{two['concurrent']['answers_per_s']:.1f}/s",
            f"{r['two_vs_one']['throughput']:.2f}x",
        )
    )
    rows.append(
        (
            "server CPU per answer",
            f"{one['concurrent']['server_cpu_ms_per_answer']:.1f} ms",
            f"{two['concurrent']['server_cpu_ms_per_answer']:.1f} ms",
            "",
        )
    )
    width = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, width, strict=True))
        )
        for row in rows
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the table, write the JSON."""
    p = argparse.ArgumentParser(prog="python -m bench.workers", description=__doc__.splitlines()[0])
    p.add_argument("--requests", type=int, default=256, help="per block, at --clients")
    p.add_argument("--sequential", type=int, default=40, help="per block, one client")
    p.add_argument("--clients", type=int, default=32)
    p.add_argument("--blocks", type=int, default=4)
    p.add_argument("--json", type=Path, default=RESULTS)
    args = p.parse_args(argv)
    started = time.perf_counter()
    results = measure(args)
    results["seconds"] = round(time.perf_counter() - started, 1)
    publish(results, table(results), args.json, results["seconds"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
