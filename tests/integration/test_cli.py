"""The `faqbot` command as a real process: ask, build and eval, exit codes and messages.

Each test runs `python -m app.cli` in a subprocess against the session's corpus and index
(already built by the `engine` fixture, so no subprocess rebuilds it), from an empty working
folder so no .env file applies. Model loading costs a few seconds per process, so the number
of processes is kept small.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import Settings
from app.engine import Engine
from app.index import read_index

pytestmark = [pytest.mark.integration, pytest.mark.slow]

TIMEOUT = 180.0
ANSWER_KEYS = {"question", "answered", "answer", "confidence", "sources", "suggestions"}
SOURCE_KEYS = {"id", "title", "section", "text", "score"}


def cli_env(settings: Settings, **dirs: Path) -> dict[str, str]:
    """The process environment: no inherited FAQBOT_* settings, the session's folders."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAQBOT_")}
    paths = {
        "corpus_dir": settings.corpus_dir,
        "index_dir": settings.index_dir,
        "lexicon_cache_dir": settings.lexicon_cache_dir,
        **dirs,
    }
    for name, value in paths.items():
        if value is not None:
            env[f"FAQBOT_{name.upper()}"] = str(value)
    return env


def run_cli(
    args: list[str], env: dict[str, str], cwd: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m app.cli ARGS` and return its exit code and output."""
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        input=stdin,
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    """The single `faqbot: ...` line a failing command prints on stderr."""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("faqbot: "), proc.stderr
    return lines[0]


def check_answer_json(data: object, engine: Engine) -> dict[str, object]:
    """Check the answer JSON contract; sources must be passages of the index."""
    assert isinstance(data, dict)
    assert set(data) == ANSWER_KEYS
    assert isinstance(data["question"], str)
    assert isinstance(data["answered"], bool)
    assert isinstance(data["answer"], str)
    assert isinstance(data["confidence"], int | float)
    assert 0.0 <= data["confidence"] <= 1.0
    assert isinstance(data["suggestions"], list)
    assert all(isinstance(s, str) for s in data["suggestions"])
    assert isinstance(data["sources"], list)
    ids = {p.id for p in engine.loaded.passages}
    for source in data["sources"]:
        assert isinstance(source, dict)
        assert set(source) == SOURCE_KEYS
        assert source["id"] in ids
        assert isinstance(source["score"], int | float)
    return data


@pytest.fixture()
def workdir(tmp_path: Path) -> Path:
    """An empty working folder: no .env, no ./corpus or ./index to fall back on."""
    path = tmp_path / "cwd"
    path.mkdir()
    return path


@pytest.fixture()
def env(settings: Settings, engine: Engine) -> dict[str, str]:
    """The environment for a process using the session's (already built) index."""
    return cli_env(settings)


# --- ask -----------------------------------------------------------------------------------


def test_ask_prints_answer_and_sources(env: dict[str, str], workdir: Path) -> None:
    proc = run_cli(["ask", "What is Mythos?"], env, workdir)
    assert proc.returncode == 0, proc.stderr
    assert "Mythos" in proc.stdout
    assert "Sources:" in proc.stdout
    assert "[1]" in proc.stdout
    assert "building" not in proc.stderr  # the session's index was reused


def test_ask_json_prints_one_answer_object(
    env: dict[str, str], workdir: Path, engine: Engine
) -> None:
    proc = run_cli(["ask", "--json", "What is Mythos?"], env, workdir)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1, proc.stdout
    data = check_answer_json(json.loads(lines[0]), engine)
    assert data["question"] == "What is Mythos?"
    assert data["answered"] is True
    assert "Mythos" in str(data["answer"])
    assert data["sources"]


def test_ask_json_stdin_answers_good_lines_and_reports_bad_ones(
    env: dict[str, str], workdir: Path, engine: Engine
) -> None:
    stdin = "\n".join(
        [
            "What is Mythos?",
            json.dumps(
                {
                    "question": "What did he say about the talks?",
                    "history": ["Who is Scott Bessent?"],
                }
            ),
            '{"question": oops',
        ]
    )
    proc = run_cli(["ask", "--json", "-"], env, workdir, stdin=stdin + "\n")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 3, proc.stdout
    first, second, third = (json.loads(line) for line in lines)

    check_answer_json(first, engine)
    assert first["question"] == "What is Mythos?"
    assert first["answered"] is True

    check_answer_json(second, engine)
    assert second["question"] == "What did he say about the talks?"
    assert second["answered"] is True
    assert "Bessent" in second["answer"]  # the follow-up was resolved against the history

    assert set(third) == {"line", "error"}
    assert third["line"] == 3
    assert "invalid JSON" in third["error"]
    assert "line 3" in proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", ""], "empty"),
        (["ask", "x" * 600], "longer than 500"),
        (["ask", "-"], "--json"),
    ],
    ids=["empty", "too-long", "stdin-without-json"],
)
def test_ask_bad_input_exits_2_with_one_line(
    args: list[str], message: str, env: dict[str, str], workdir: Path
) -> None:
    proc = run_cli(args, env, workdir, stdin="What is Mythos?\n")
    assert proc.returncode == 2, proc.stderr
    assert message in one_line_error(proc)
    assert proc.stdout == ""


# --- build ---------------------------------------------------------------------------------


def test_build_fresh_index_skips_a_broken_file_and_prints_counts(
    settings: Settings, engine: Engine, tmp_path: Path, workdir: Path
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(settings.corpus_dir, corpus)
    (corpus / "broken.yaml").write_text("entries:\n  - question: [unclosed\n", encoding="utf-8")
    index_dir = tmp_path / "index"
    env = cli_env(settings, corpus_dir=corpus, index_dir=index_dir)

    proc = run_cli(["build"], env, workdir)
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"skipped broken\.yaml: invalid YAML", proc.stderr), proc.stderr

    shipped = engine.loaded.manifest
    match = re.search(
        r"indexed (\d+) document\(s\): (\d+) passages \((\d+) FAQ entries", proc.stdout
    )
    assert match, proc.stdout
    counts = tuple(int(g) for g in match.groups())
    assert counts == (shipped.documents, shipped.passages, shipped.faq_entries)
    assert counts[0] >= 2 and counts[2] > 0

    built = read_index(index_dir)
    assert built.manifest.passages == shipped.passages
    assert [s["source"] for s in built.manifest.skipped] == ["broken.yaml"]


def test_build_empty_corpus_fails_with_one_line(
    settings: Settings, tmp_path: Path, workdir: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    index_dir = tmp_path / "index"
    proc = run_cli(["build"], cli_env(settings, corpus_dir=corpus, index_dir=index_dir), workdir)
    assert proc.returncode == 1
    line = one_line_error(proc)
    assert "no readable documents" in line
    assert str(corpus) in line
    assert not (index_dir / "CURRENT").exists()


# --- eval ----------------------------------------------------------------------------------

QUESTIONS = """\
- id: t1
  question: "What is Mythos?"
  in_scope: true
  expect: ["Mythos"]
  passage: "Mythos"
  split: dev
- id: t2
  question: "In which city are the AI safety talks taking place?"
  in_scope: true
  expect: ["Beijing"]
  passage: "Beijing"
  split: heldout
- id: t3
  question: "How do I bake sourdough bread at home?"
  in_scope: false
  split: heldout
"""


def test_eval_json_reports_each_split(env: dict[str, str], workdir: Path, tmp_path: Path) -> None:
    questions = tmp_path / "questions.yaml"
    questions.write_text(QUESTIONS, encoding="utf-8")
    proc = run_cli(["eval", "--json", "--questions", str(questions)], env, workdir)
    assert proc.returncode == 0, proc.stderr
    reports = json.loads(proc.stdout)
    assert set(reports) == {"dev", "heldout", "all"}
    counts = {name: (r["in_scope"], r["out_of_scope"]) for name, r in reports.items()}
    assert counts == {"dev": (1, 0), "heldout": (1, 1), "all": (2, 1)}
    for name, report in reports.items():
        assert report["split"] == name
        for figure in ("answer_accuracy", "mrr", "oos_refusal_rate", "false_refusal_rate"):
            assert 0.0 <= report[figure] <= 1.0, (name, figure)
    assert reports["dev"]["answer_accuracy"] == 1.0
    assert reports["dev"]["mrr"] > 0.0
    assert reports["dev"]["misses"] == reports["dev"]["misses_with_passage_retrieved"] == 0


def test_eval_verbose_keeps_heldout_failures_hidden(
    env: dict[str, str], workdir: Path, tmp_path: Path
) -> None:
    questions = tmp_path / "questions.yaml"
    # Both wrong on purpose: an expected phrase the article never says.
    questions.write_text(
        QUESTIONS.replace('expect: ["Mythos"]', 'expect: ["zzz-dev"]').replace(
            'expect: ["Beijing"]', 'expect: ["zzz-heldout"]'
        ),
        encoding="utf-8",
    )
    proc = run_cli(["eval", "-v", "--questions", str(questions)], env, workdir)
    assert proc.returncode == 0, proc.stderr
    assert "t1" in proc.stdout  # the dev failure is listed
    assert "t2" not in proc.stdout
    assert "heldout: 1 failure(s) not listed" in proc.stdout
    shown = run_cli(["eval", "-v", "--show-heldout", "--questions", str(questions)], env, workdir)
    assert "t2" in shown.stdout


def test_eval_split_runs_and_shows_only_that_split(
    env: dict[str, str], workdir: Path, tmp_path: Path
) -> None:
    questions = tmp_path / "questions.yaml"
    questions.write_text(QUESTIONS, encoding="utf-8")
    asked = ["eval", "--json", "--split", "dev", "--questions", str(questions)]
    proc = run_cli(asked, env, workdir)
    assert proc.returncode == 0, proc.stderr
    reports = json.loads(proc.stdout)
    assert set(reports) == {"dev", "all"}
    assert (reports["all"]["in_scope"], reports["all"]["out_of_scope"]) == (1, 0)

    table = run_cli(["eval", "--split", "dev", "--questions", str(questions)], env, workdir)
    assert "| dev |" in table.stdout
    assert "heldout" not in table.stdout

    wrong = run_cli(["eval", "--split", "test", "--questions", str(questions)], env, workdir)
    assert wrong.returncode == 1
    line = one_line_error(wrong)
    assert "no split named test" in line
    assert "dev, heldout" in line
    assert wrong.stdout == ""


def test_eval_missing_questions_file_fails_with_one_line(
    env: dict[str, str], workdir: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-questions.yaml"
    proc = run_cli(["eval", "--json", "--questions", str(missing)], env, workdir)
    assert proc.returncode == 1
    line = one_line_error(proc)
    assert "cannot read question set" in line
    assert str(missing) in line
    assert proc.stdout == ""
