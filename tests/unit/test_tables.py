"""Table rows: a question naming another row's value is not answered by this row."""

from __future__ import annotations

from app.tables import row_contrasts
from app.text import content_tokens, root
from app.types import Passage


def row(pid: str, text: str, section: str = "Collection days") -> Passage:
    return Passage(pid, "guide.md", "Guide", section, "row", text, (text,))


def asked(question: str) -> frozenset[str]:
    return frozenset(root(t) for t in content_tokens(question))


ROWS = [
    row("r1", "North Quay — Bin: Recycling; Day: Thursday"),
    row("r2", "North Quay — Bin: General waste; Day: Monday"),
    row("r3", "Old Town — Bin: Garden waste; Day: Friday"),
]


def test_a_row_does_not_answer_for_another_rows_value() -> None:
    contrasts = row_contrasts(ROWS)
    question = asked("When is garden waste collected in North Quay?")
    assert contrasts["r1"].names_another(question)
    assert contrasts["r2"].names_another(question)  # "garden" is Old Town's row's
    assert not contrasts["r3"].names_another(question)  # names this row's own value
    assert not contrasts["r1"].names_another(asked("When is recycling collected in North Quay?"))


def test_a_question_naming_two_rows_values_leaves_both_rows_in() -> None:
    contrasts = row_contrasts(ROWS)
    question = asked("Is recycling or garden waste collected on Thursday?")
    assert not contrasts["r1"].names_another(question)
    assert not contrasts["r3"].names_another(question)


def test_rows_of_another_table_and_prose_are_not_compared() -> None:
    other = row("t1", "Bulky items — Price: $30", section="Bulky items")
    prose = Passage("p1", "guide.md", "Guide", "Intro", "text", "Garden waste.", ("Garden waste.",))
    contrasts = row_contrasts([*ROWS, other, prose])
    assert "p1" not in contrasts
    assert contrasts["t1"].others == frozenset()  # alone in its table


def test_the_units_of_an_amount_name_no_alternative() -> None:
    plans = [
        row("d", "Day Pass — Price: $12.00 for 24 hours; Extra time: $2.00 per 30 minutes"),
        row("c", "Concession — Price: $60.00 per year; Extra time: $1.00 per 30 minutes"),
    ]
    contrasts = row_contrasts(plans)
    # "hour" is only in the Day Pass's price: no reason to keep the Concession row out.
    assert not contrasts["c"].names_another(asked("How much is extra time per half hour?"))
    assert contrasts["c"].names_another(asked("How much is extra time on a day pass?"))
