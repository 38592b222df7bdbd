"""FAQ loaders for YAML and JSON: a list of {question, answer} entries, optionally titled."""

from __future__ import annotations

import json
import logging
from typing import Any

import yaml

from app.parse.common import humanise_stem, normalise
from app.parse.errors import ParseError
from app.types import Block, Document

log = logging.getLogger(__name__)

DEFAULT_SECTION = "Frequently Asked Questions"
_LIST_KEYS = ("entries", "faq", "questions")
_SHAPE = (
    "expected a list of {question, answer} entries, "
    "or a mapping with an 'entries', 'faq' or 'questions' list"
)


def parse_yaml(text: str, source: str) -> Document:
    """Parse an FAQ YAML file into a document."""
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        where = ""
        if exc.problem_mark is not None:
            where = f" (line {exc.problem_mark.line + 1}, column {exc.problem_mark.column + 1})"
        raise ParseError(f"invalid YAML: {exc.problem or exc.context}{where}") from exc
    except yaml.YAMLError as exc:
        raise ParseError(f"invalid YAML: {normalise(str(exc))}") from exc
    return _document(data, source)


def parse_json(text: str, source: str) -> Document:
    """Parse an FAQ JSON file into a document."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from exc
    return _document(data, source)


def _document(data: Any, source: str) -> Document:
    """Turn loaded YAML/JSON data of an accepted shape into a document."""
    title = ""
    entries: Any = data
    if isinstance(data, dict):
        key = next((k for k in _LIST_KEYS if k in data), None)
        if key is None:
            raise ParseError(_SHAPE)
        entries = data[key]
        if isinstance(data.get("title"), str):
            title = normalise(data["title"])
    if not isinstance(entries, list):
        raise ParseError(_SHAPE)

    blocks: list[Block] = []
    for number, entry in enumerate(entries, start=1):
        problem = _entry_problem(entry)
        if problem:
            log.warning("%s: skipping entry %d: %s", source, number, problem)
            continue
        section = entry.get("section")
        section = normalise(section) if isinstance(section, str) else ""
        question, answer = normalise(entry["question"]), normalise(entry["answer"])
        blocks.append(Block("faq", section or DEFAULT_SECTION, answer, question))
    if not blocks:
        raise ParseError(f"no valid {{question, answer}} entries ({len(entries)} skipped)")
    return Document(source=source, title=title or humanise_stem(source), blocks=tuple(blocks))


def _entry_problem(entry: Any) -> str:
    """Why an entry cannot be used, or "" if it can."""
    if not isinstance(entry, dict):
        return "not a mapping with question and answer"
    for key in ("question", "answer"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            return f"missing or empty '{key}'"
    return ""
