"""`faqbot serve` refuses to start on a broken setup with one line and a non-zero exit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import Settings
from app.engine import Engine

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def serve(tmp_path: Path, settings: Settings, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `faqbot serve` with the given FAQBOT_* overrides; it must exit by itself."""
    full = {
        **os.environ,
        "FAQBOT_LEXICON_CACHE_DIR": str(settings.lexicon_cache_dir),
        "FAQBOT_PORT": "1",  # never reached: startup fails first
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "serve"],
        cwd=tmp_path,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_line_failure(result: subprocess.CompletedProcess[str], expected: str) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("faqbot: ") and expected in last


def test_missing_corpus(tmp_path: Path, settings: Settings) -> None:
    result = serve(
        tmp_path,
        settings,
        FAQBOT_CORPUS_DIR=str(tmp_path / "nowhere"),
        FAQBOT_INDEX_DIR=str(tmp_path / "index"),
    )
    assert_one_line_failure(result, "does not exist")


def test_corrupt_index(tmp_path: Path, settings: Settings, engine: Engine) -> None:
    index = tmp_path / "index"
    shutil.copytree(settings.index_dir, index, ignore=shutil.ignore_patterns("lexicon"))
    active = (index / "CURRENT").read_text().strip()
    (index / "builds" / active / "manifest.json").write_text("{not json")
    result = serve(
        tmp_path, settings, FAQBOT_CORPUS_DIR=str(settings.corpus_dir), FAQBOT_INDEX_DIR=str(index)
    )
    assert_one_line_failure(result, "manifest.json")
