"""What a table row is not: the cell words of the other rows of its table.

A table lists alternatives ("North Quay — Bin type: Recycling", "… Garden waste"). A question
that names one alternative ("When is garden waste collected in North Quay?") is not answered by
a row for another, however many of its other words that row shares.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from app.parse.common import row_cells
from app.text import content_tokens, root
from app.types import Passage


@dataclass(frozen=True)
class RowContrast:
    """A table row's word roots that no other row of its table holds, and the reverse."""

    own: frozenset[str]
    others: frozenset[str]

    def names_another(self, asked: frozenset[str]) -> bool:
        """Whether a question's word roots name another row's value and none of this row's.

        "Which is cheaper, Free or Team?" names both rows' values: either row may answer.
        """
        return bool(asked & self.others) and not asked & self.own


def _naming_roots(row: str) -> set[str]:
    """Word roots of the cells that name an alternative: not amounts ("$12.00 for 24 hours").

    The units of an amount are no alternative: "per half hour" asks about extra time, not
    about the plan whose price covers 24 hours.
    """
    return {
        root(w)
        for cell in row_cells(row)
        if not any(c.isdigit() for c in cell)
        for w in content_tokens(cell)
    }


def row_contrasts(passages: Sequence[Passage]) -> dict[str, RowContrast]:
    """For each table row, by passage id, what sets it apart from the other rows."""
    tables: dict[tuple[str, str], list[Passage]] = defaultdict(list)
    for p in passages:
        if p.kind == "row":
            tables[(p.source, p.section)].append(p)
    out: dict[str, RowContrast] = {}
    for rows in tables.values():
        words = {p.id: _naming_roots(p.text) for p in rows}
        for p in rows:
            others: set[str] = set().union(*(w for i, w in words.items() if i != p.id))
            out[p.id] = RowContrast(
                frozenset(words[p.id] - others), frozenset(others - words[p.id])
            )
    return out
