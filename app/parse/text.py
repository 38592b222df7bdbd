"""Plain-text loader: blank-line paragraphs, heading-like lines, bullets and Q:/A: entries."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from app.parse.common import BlockCollector, format_row, humanise_stem, normalise
from app.types import Document

log = logging.getLogger(__name__)

_QUESTION = re.compile(r"(?:q|question)\s*\d*\s*:\s*(?P<rest>\S.*)", re.IGNORECASE)
_ANSWER = re.compile(r"(?:a|answer)\s*\d*\s*:\s*(?P<rest>.*)", re.IGNORECASE)
_BULLET = re.compile(r"[•◦▪‣·]\s*|[-*–]\s+|\d{1,3}[.)]\s+")
_MAX_TITLE = 120
_MAX_HEADING = 80


@dataclass
class _Run:
    """The block being read: a paragraph, an item, or an FAQ entry and its answer lines."""

    kind: str = ""  # "" (nothing yet), "paragraph", "item" or "faq"
    question: str = ""
    parts: list[str] = field(default_factory=list)


def parse(text: str, source: str) -> Document:
    """Parse a plain-text file into a document."""
    lines = [line.strip() for line in text.splitlines()]
    first = next((i for i, line in enumerate(lines) if line), None)
    title = humanise_stem(source)
    if first is not None and _is_title(lines[first]):
        title = normalise(lines[first])
        lines = lines[first + 1 :]

    chunks = _chunks(lines)
    out = BlockCollector()
    pending = ""  # a question whose "A:" line comes after a blank line
    for n, chunk in enumerate(chunks):
        run = _Run()
        if pending:
            if _ANSWER.fullmatch(chunk[0]):
                run = _Run("faq", pending)
            else:
                log.debug("%s: question without an answer dropped: %s", source, pending)
            pending = ""
        if run.kind == "" and len(chunk) == 1 and n + 1 < len(chunks) and _is_heading(chunk[0]):
            out.heading(2, chunk[0])
            continue
        if run.kind == "" and _heads(chunk):
            # "Winter schedule (posted 2 October)" on the line above its paragraph.
            out.heading(2, chunk[0])
            chunk = chunk[1:]
        if run.kind == "" and _is_table(chunk):
            headers = chunk[0].split("\t")
            for line in chunk[1:]:
                out.row(format_row(headers, line.split("\t")))
            continue
        for line in chunk:
            run = _read_line(out, run, line)
        if run.kind == "faq" and not run.parts:
            pending = run.question
        else:
            _flush(out, run)
    return Document(source=source, title=title, blocks=out.finish())


def _read_line(out: BlockCollector, run: _Run, line: str) -> _Run:
    """Feed one line to the current block, flushing it and starting another when needed."""
    question = _QUESTION.fullmatch(line)
    if question:
        _flush(out, run)
        return _Run("faq", normalise(question["rest"]))
    if run.kind == "faq":
        answer = _ANSWER.fullmatch(line)
        # The answer is an "A:" line, or else the lines up to the next "Q:" or blank line.
        run.parts.append(answer["rest"] if answer and not run.parts else line)
        return run
    bullet = _BULLET.match(line)
    if bullet and line[bullet.end() :]:
        _flush(out, run)
        return _Run("item", parts=[line[bullet.end() :]])
    if not run.kind:
        run.kind = "paragraph"
    run.parts.append(line)  # a wrapped line continues the paragraph or item
    return run


def _flush(out: BlockCollector, run: _Run) -> None:
    """Add the finished block to the collector."""
    text = " ".join(run.parts)
    if run.kind == "faq":
        out.faq(run.question, text)
    elif run.kind == "item":
        out.item(text)
    elif run.kind == "paragraph":
        out.paragraph(text)


def _chunks(lines: list[str]) -> list[list[str]]:
    """Group lines into runs of non-blank lines."""
    chunks: list[list[str]] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line:
            current.append(line)
        elif current:
            chunks.append(current)
            current = []
    return chunks


def _is_title(line: str) -> bool:
    """A short first line that is not a sentence, a question entry or a bullet."""
    return (
        len(line) <= _MAX_TITLE
        and not line.endswith((".", ":", ";", ","))
        and not _QUESTION.fullmatch(line)
        and not _BULLET.match(line)
    )


def _is_heading(line: str) -> bool:
    """A short standalone line without terminal punctuation.

    "Label: text" lines (e.g. "Read More: ...", "Note: ...") are labelled content, not headings.
    """
    return (
        len(line) <= _MAX_HEADING
        and not line.rstrip("\"'”’)]").endswith((".", "!", "?", ":", ";", ","))
        and ": " not in line
        and not _BULLET.match(line)
        and any(c.isalpha() for c in line)
    )


# A line ending in one of these runs on into the next: "Call us on" / "1-888-555-0142".
_RUNS_ON = frozenset("a an the and or but of to on in at by for with from as than that".split())


def _heads(chunk: list[str]) -> bool:
    """Whether the chunk's first line is a heading written right above its text.

    A hard-wrapped paragraph's first line also lacks a full stop, but it is about as long as
    the lines after it, and the next line goes on with the sentence; a heading is shorter and
    the text under it starts a sentence of its own.
    """
    if len(chunk) < 2 or not _is_heading(chunk[0]) or _QUESTION.fullmatch(chunk[0]):
        return False
    first, following = chunk[0], chunk[1:]
    last_word = first.split()[-1].lower()
    return (
        following[0][:1].isupper()
        and last_word not in _RUNS_ON
        and len(first) < 0.75 * max(len(line) for line in following)
    )


def _is_table(chunk: list[str]) -> bool:
    """Tab-separated lines (e.g. pasted from a spreadsheet) read as a table with a header."""
    return len(chunk) >= 2 and all("\t" in line for line in chunk)
