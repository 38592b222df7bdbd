"""Helpers shared by the format loaders: titles, whitespace, table rows and FAQ grouping."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from app.types import Block, BlockKind

# After a bold label: a colon, or a dash used as a separator ("**Label** — text").
_LABEL_SEPARATOR = re.compile(r"\s*(?::|[-–—](?=\s))\s*")


def normalise(text: str) -> str:
    """Collapse every run of whitespace (newlines, tabs, no-break spaces) to one space."""
    return " ".join(text.split())


def humanise_stem(source: str) -> str:
    """Turn a file name into a readable title: "us-china-talks.md" → "Us china talks"."""
    words = normalise(re.sub(r"[-_]+", " ", PurePosixPath(source).stem))
    return words[:1].upper() + words[1:]


def is_question(text: str) -> bool:
    """Whether a heading or term reads as a question."""
    return text.rstrip().endswith("?")


def join_label(label: str | None, text: str) -> str:
    """Render an item whose text starts with a bold label as "Label: rest".

    The bold counts as a label only when it ends with a colon or is followed by a colon
    or a dash; otherwise it is plain emphasis ("**Never** share it") and is left as is.
    """
    text = normalise(text)
    label = normalise(label or "")
    if not label or not text.startswith(label):
        return text
    rest = text[len(label) :]
    separator = _LABEL_SEPARATOR.match(rest)
    if not label.endswith(":") and not separator:
        return text
    rest = rest[separator.end() :] if separator else rest.strip()
    name = label.rstrip(":").rstrip()
    return f"{name}: {rest}" if rest else name


SECTION_JOIN = " / "  # between a heading and the subheading under it
ROW_LEAD = " — "  # between a row's first cell and the rest
ROW_CELLS = "; "  # between the rest's "Col: value" cells


def row_cells(row: str) -> list[str]:
    """The cells of a row that `format_row` wrote: its first cell, then each "Col: value"."""
    first, lead, rest = row.partition(ROW_LEAD)
    return [first, *rest.split(ROW_CELLS)] if lead else row.split(ROW_CELLS)


def format_row(headers: list[str], cells: list[str]) -> str:
    """Render a table body row with its column names: "First — Col: value; Col: value"."""
    cells = [normalise(c) for c in cells]
    headers = [normalise(h) for h in headers]
    parts = []
    for i, value in enumerate(cells[1:], start=1):
        if not value:
            continue
        name = headers[i] if i < len(headers) else ""
        parts.append(f"{name}: {value}" if name else value)
    first = cells[0] if cells else ""
    if not first:
        return ROW_CELLS.join(parts)
    if not parts:
        return first
    return f"{first}{ROW_LEAD}{ROW_CELLS.join(parts)}"


@dataclass
class _PendingFaq:
    question: str
    section: str
    position: int  # where the entry goes in reading order, before anything nested under it
    parts: list[str] = field(default_factory=list)


class BlockCollector:
    """Collects blocks in reading order, tracking sections and heading-question FAQ entries.

    Headings form a stack, so a section is the most recent heading and a question
    heading's FAQ entry belongs to the heading that encloses it, not to a sibling.
    """

    def __init__(self) -> None:
        self._blocks: list[Block] = []
        self._headings: list[tuple[int, str]] = []
        self._faq: _PendingFaq | None = None

    @property
    def section(self) -> str:
        """The most recent heading, after the headings it sits under ("Kingsbridge Central /
        Facilities": a subsection's facilities are its station's), or "" before any. A question
        heading above is an FAQ entry's, not a topic's, and is left out."""
        *above, last = self._headings or [(0, "")]
        return SECTION_JOIN.join([t for _, t in above if not is_question(t)] + [last[1]])

    def heading(self, level: int, text: str, *, is_section: bool = True) -> None:
        """Start a new section; a heading ending in "?" also opens an FAQ entry."""
        self._close_faq()
        text = normalise(text)
        while self._headings and self._headings[-1][0] >= level:
            self._headings.pop()
        if not is_section or not text:
            return
        if is_question(text):
            self._faq = _PendingFaq(text, self.section, len(self._blocks))
        self._headings.append((level, text))

    def paragraph(self, text: str) -> None:
        """Add a paragraph (or, under a question heading, a piece of its answer)."""
        self._prose("paragraph", text)

    def item(self, text: str) -> None:
        """Add a list item (or, under a question heading, a piece of its answer)."""
        self._prose("item", text)

    def row(self, text: str) -> None:
        """Add a formatted table row; rows stay separate blocks even under a question."""
        text = normalise(text)
        if text:
            self._blocks.append(Block("row", self.section, text))

    def faq(self, question: str, answer: str) -> None:
        """Add an explicit FAQ entry (e.g. from a definition list)."""
        question, answer = normalise(question), normalise(answer)
        if question and answer:
            self._blocks.append(Block("faq", self.section, answer, question))

    def finish(self) -> tuple[Block, ...]:
        """Close any open FAQ entry and return the blocks."""
        self._close_faq()
        return tuple(self._blocks)

    def _prose(self, kind: BlockKind, text: str) -> None:
        text = normalise(text)
        if not text:
            return
        if self._faq is not None:
            self._faq.parts.append(text)
        else:
            self._blocks.append(Block(kind, self.section, text))

    def _close_faq(self) -> None:
        faq, self._faq = self._faq, None
        # A question heading with no prose under it is only a heading.
        if faq is not None and faq.parts:
            block = Block("faq", faq.section, " ".join(faq.parts), faq.question)
            self._blocks.insert(faq.position, block)
