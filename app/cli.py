"""The `faqbot` command: build, ask, eval, serve."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.config import Settings

EXIT_USAGE = 2
EXIT_FAILED = 1
DEFAULT_QUESTIONS = Path("tests/data/questions.yaml")


def _err(message: str) -> None:
    print(f"faqbot: {message}", file=sys.stderr)


def prepare_libraries() -> None:
    """Runtime defaults for the model libraries; must run before torch is imported."""
    # Progress bars and hub chatter from the model libraries would clutter the terminal.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    logging.getLogger("bm25s").setLevel(logging.ERROR)


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    for name in ("corpus", "index", "host", "port", "workers"):
        value = getattr(args, name, None)
        if value is not None:
            overrides[{"corpus": "corpus_dir", "index": "index_dir"}.get(name, name)] = value
    return Settings(**overrides)


def _export_for_workers(settings: Settings) -> None:
    """Hand the command line's settings to worker processes, which read FAQBOT_* themselves."""
    for name in ("corpus_dir", "index_dir", "host", "port", "workers"):
        os.environ[f"FAQBOT_{name.upper()}"] = str(getattr(settings, name))


def cmd_build(args: argparse.Namespace, settings: Settings) -> int:
    """Build the index and say what it holds."""
    from app.build import build_index
    from app.embed import Embedder
    from app.engine import describe_build

    embedder = Embedder(settings.model)
    progress = _progress_bar() if sys.stderr.isatty() else None
    report = build_index(settings, embedder, progress)
    for skipped in report.skipped:
        print(f"skipped {skipped.source}: {skipped.reason}", file=sys.stderr)
    print(describe_build(report))
    return 0


def _progress_bar() -> Any:
    from tqdm import tqdm

    bar: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in bar:
            bar["bar"] = tqdm(total=total, unit="text", desc="embedding", file=sys.stderr)
        bar["bar"].n = done
        bar["bar"].refresh()
        if done >= total:
            bar["bar"].close()

    return update


def _parse_line(line: str) -> tuple[str, tuple[str, ...]]:
    """One stdin line: plain text, or {"question": ..., "history": [...]}."""
    text = line.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"invalid JSON: {exc.msg} (column {exc.colno})") from exc
        if not isinstance(data, dict) or not isinstance(data.get("question"), str):
            raise ValueError('a JSON line needs {"question": "...", "history": [...]}')
        history = data.get("history") or []
        if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
            raise ValueError('"history" must be a list of strings')
        return data["question"], tuple(history)
    return text, ()


def _check_question(question: str, settings: Settings) -> str | None:
    if not question.strip():
        return "the question is empty"
    if len(question) > settings.max_question_chars:
        return f"the question is longer than {settings.max_question_chars} characters"
    return None


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question, or one per stdin line with --json -."""
    from app.engine import Engine

    if args.question == "-":
        if not args.json:
            _err("reading questions from stdin needs --json")
            return EXIT_USAGE
        engine = Engine.open(settings, notify=lambda m: print(m, file=sys.stderr))
        return _ask_stream(engine, settings)
    problem = _check_question(args.question, settings)
    if problem:
        _err(problem)
        return EXIT_USAGE
    engine = Engine.open(settings, notify=lambda m: print(m, file=sys.stderr))
    answer = engine.ask(args.question, args.history or ())
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False))
    else:
        print(engine.renderer.render(answer, "text"))
    return 0


def _ask_stream(engine: Any, settings: Settings) -> int:
    status = 0
    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            question, history = _parse_line(line)
            problem = _check_question(question, settings)
            if problem:
                raise ValueError(problem)
        except ValueError as exc:
            # One bad line does not lose the others: report it in place and go on.
            print(json.dumps({"line": n, "error": str(exc)}), flush=True)
            _err(f"line {n}: {exc}")
            status = EXIT_USAGE
            continue
        answer = engine.ask(question, history)
        print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
    return status


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Print answer quality per split of the labelled question set."""
    from app.engine import Engine
    from app.evaluate import QuestionSetError, evaluate, format_table, load_questions

    questions = load_questions(args.questions)
    if args.split:
        # Only the splits asked for are run and shown: tuning on dev need not print held-out.
        known = sorted({q.split for q in questions})
        unknown = sorted(set(args.split) - set(known))
        if unknown:
            raise QuestionSetError(
                f"{args.questions}: no split named {', '.join(unknown)} "
                f"(it has: {', '.join(known)})"
            )
        questions = [q for q in questions if q.split in args.split]
    engine = Engine.open(settings, notify=lambda m: print(m, file=sys.stderr))
    reports = evaluate(engine, questions)
    if args.json:
        print(json.dumps({k: r.to_json() for k, r in reports.items()}, indent=2))
    else:
        print(format_table(reports))
        if args.verbose:
            for name, report in reports.items():
                if name == "all":
                    continue
                if name == "heldout" and not args.show_heldout:
                    # Reading held-out failures while tuning turns them into dev questions.
                    n = len(report.failures)
                    print(f"  heldout: {n} failure(s) not listed (--show-heldout lists them)")
                    continue
                for failure in report.failures:
                    print(f"  {name}: {failure}")
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Run the web app with uvicorn."""
    import uvicorn

    from app.engine import Engine, index_is_current
    from app.main import create_app

    # Load (or build) the index before the server starts: a missing corpus or a corrupt index
    # is then a one-line error and a non-zero exit, not a traceback from the lifespan.
    notify = lambda m: print(f"faqbot: {m}", file=sys.stderr)  # noqa: E731
    common: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_level": settings.log_level,
        "timeout_graceful_shutdown": 10,
    }
    if settings.workers == 1:
        engine = Engine.open(settings, notify=notify)
        # uvicorn re-raises SIGTERM after its graceful shutdown; a clean stop should exit 0.
        signal.signal(signal.SIGTERM, lambda signum, frame: None)
        uvicorn.run(create_app(settings, engine=engine), **common)
        return 0
    # Several processes: each worker imports the app factory and loads the model and index
    # itself. This supervisor checks the index first (so a broken one is still one line and
    # exit 1) and loads the model only when the index must be built: it would hold a copy
    # of it for nothing.
    if not index_is_current(settings):
        Engine.open(settings, notify=notify)
    _export_for_workers(settings)
    # Each worker's OpenMP threads would spin between model calls on cores the other worker
    # needs: measured on 2 cores, 2 workers served 80 answers/s spinning, 216 passive.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    signal.signal(signal.SIGTERM, lambda signum, frame: None)
    uvicorn.run("app.main:create_app", factory=True, workers=settings.workers, **common)
    return 0


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    """Summarise the question log: answer and helpful rates, busiest and unanswered questions."""
    from app.store import Store
    from app.store.question_log import safe_url
    from app.store.report import build_report, parse_since

    try:
        since = parse_since(args.since)
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    try:
        store = Store.open(settings.database_url)
    except Exception as exc:
        _err(f"cannot open the question log at {safe_url(settings.database_url)}: {exc}")
        return EXIT_FAILED
    try:
        report = build_report(store.engine, since, top=args.top)
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    elif args.format == "csv":
        _report_csv(report)
    else:
        print(_report_text(report, args.since))
    return 0


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _report_text(report: Any, since: str) -> str:
    surfaces = ", ".join(f"{k} {v}" for k, v in report.by_surface.items())
    lines = [
        f"Question log, last {since} "
        f"({report.since:%Y-%m-%d %H:%M} to {report.until:%Y-%m-%d %H:%M} UTC)",
        f"  questions: {report.questions}" + (f" ({surfaces})" if surfaces else ""),
        f"  answer rate: {_rate(report.answer_rate)} ({report.answered} answered)",
        f"  helpful rate: {_rate(report.helpful_rate)} ({report.helpful} of {report.votes} votes)",
    ]
    for title, groups in (
        ("Busiest questions", report.busiest),
        ("Top unanswered", report.unanswered),
    ):
        lines += ["", f"{title}:"]
        for g in groups:
            similar = f"  (+{len(g.variants)} similar)" if g.variants else ""
            lines.append(f"  {g.count:>5}  {g.question}{similar}")
        if not groups:
            lines.append("  (none)")
    lines += ["", "Answers most often marked unhelpful:"]
    for a in report.unhelpful:
        sources = ", ".join(a.source_ids) or "(none)"
        lines.append(f"  {a.unhelpful:>5} unhelpful, {a.helpful} helpful; sources: {sources}")
        lines += [f"         asked: {q}" for q in a.questions]
        lines += [f"         comment: {c}" for c in a.comments]
    if not report.unhelpful:
        lines.append("  (none)")
    return "\n".join(lines)


def _report_csv(report: Any) -> None:
    import csv

    out = csv.writer(sys.stdout)
    out.writerow(["section", "rank", "text", "count", "detail"])
    out.writerow(["summary", "", "questions", report.questions, ""])
    out.writerow(["summary", "", "answered", report.answered, _rate(report.answer_rate)])
    out.writerow(["summary", "", "votes", report.votes, ""])
    out.writerow(["summary", "", "helpful", report.helpful, _rate(report.helpful_rate)])
    for surface, count in report.by_surface.items():
        out.writerow(["surface", "", surface, count, ""])
    for section, groups in (("busiest", report.busiest), ("unanswered", report.unanswered)):
        for rank, g in enumerate(groups, 1):
            out.writerow([section, rank, g.question, g.count, " | ".join(g.variants)])
    for rank, a in enumerate(report.unhelpful, 1):
        detail = f"helpful {a.helpful}; asked: {' | '.join(a.questions)}"
        out.writerow(["unhelpful", rank, " ".join(a.source_ids), a.unhelpful, detail])


def parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    p = argparse.ArgumentParser(prog="faqbot", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    def paths(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--corpus", type=Path, help="corpus folder (FAQBOT_CORPUS_DIR)")
        sp.add_argument("--index", type=Path, help="index folder (FAQBOT_INDEX_DIR)")

    b = sub.add_parser("build", help="parse, chunk, embed and index the corpus")
    paths(b)
    b.set_defaults(func=cmd_build)

    a = sub.add_parser("ask", help="answer a question from the documents")
    paths(a)
    a.add_argument("question", help='the question, or "-" to read one per line from stdin')
    a.add_argument("--json", action="store_true", help="print the answer as one JSON object")
    a.add_argument("--history", action="append", help="an earlier question (repeatable)")
    a.set_defaults(func=cmd_ask)

    e = sub.add_parser("eval", help="measure answer quality on the labelled questions")
    paths(e)
    e.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    e.add_argument("--json", action="store_true")
    e.add_argument(
        "--split",
        action="append",
        metavar="NAME",
        help="run only this split of the questions, e.g. dev (repeatable; default: all)",
    )
    e.add_argument("-v", "--verbose", action="store_true", help="list the dev failures")
    e.add_argument(
        "--show-heldout",
        action="store_true",
        help="with -v, list the held-out failures too (they are then no longer held out)",
    )
    e.set_defaults(func=cmd_eval)

    s = sub.add_parser("serve", help="run the web app (API, Slack, widget, help page)")
    paths(s)
    s.add_argument("--host")
    s.add_argument("--port", type=int)
    s.add_argument("--workers", type=int, help="server processes (FAQBOT_WORKERS, default 1)")
    s.set_defaults(func=cmd_serve)

    r = sub.add_parser("report", help="summarise the question log (FAQBOT_DATABASE_URL)")
    r.add_argument("--since", default="7d", help="look-back period: 30m, 24h, 7d, 2w (default 7d)")
    r.add_argument("--format", choices=("text", "json", "csv"), default="text")
    r.add_argument("--top", type=int, default=10, help="rows per list (default 10)")
    r.set_defaults(func=cmd_report)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run one subcommand; errors become a one-line message and a non-zero exit."""
    from app.embed import ModelLoadError
    from app.evaluate import QuestionSetError
    from app.index import IndexLoadError
    from app.parse import CorpusError

    prepare_libraries()
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="faqbot: %(message)s", stream=sys.stderr)
    try:
        settings = _settings(args)
    except ValidationError as exc:
        first = exc.errors()[0]
        _err(f"bad setting {'.'.join(map(str, first['loc']))}: {first['msg']}")
        return EXIT_USAGE
    try:
        return int(args.func(args, settings))
    except (CorpusError, IndexLoadError, ModelLoadError, QuestionSetError) as exc:
        _err(str(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
