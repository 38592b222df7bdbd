"""Chunk stage: sentence splitting and section-aware, bounded passages with stable ids."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.chunk import chunk_document, chunk_documents, passage_id, split_sentences
from app.parse import markdown
from app.types import Block, BlockKind, Document, Passage

ROOT = Path(__file__).resolve().parents[2]


def doc(*blocks: Block, source: str = "guide.md", title: str = "Guide") -> Document:
    return Document(source=source, title=title, blocks=tuple(blocks))


def para(text: str, section: str = "Intro") -> Block:
    return Block("paragraph", section, text)


def numbered_sentences(n: int, words: int = 5) -> list[str]:
    """n distinct sentences of roughly words*6 characters each."""
    return [f"Sentence number {i} says " + " ".join(["something"] * words) + "." for i in range(n)]


def assert_well_formed(passages: list[Passage]) -> None:
    for p in passages:
        assert p.sentences, p
        assert " ".join(p.sentences) == p.text
        assert p.id == passage_id(
            p.source, p.section, f"{p.question}\n{p.text}" if p.question else p.text
        )


# --- sentence splitting --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. team met in Beijing. China sent its own delegation.",
            ["The U.S. team met in Beijing.", "China sent its own delegation."],
        ),
        (
            "Growth was 3.5 percent this year. Prices rose by 0.25 points.",
            ["Growth was 3.5 percent this year.", "Prices rose by 0.25 points."],
        ),
        (
            "Mr. Lee paid $4.99 at 10 a.m. today. Then he left! Really?",
            ["Mr. Lee paid $4.99 at 10 a.m. today.", "Then he left!", "Really?"],
        ),
    ],
)
def test_split_sentences_keeps_abbreviations_and_decimals(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_split_sentences_normalises_whitespace_and_drops_empty() -> None:
    text = "  One  line\nwraps here.\n\n Two.  "
    assert split_sentences(text) == ["One line wraps here.", "Two."]
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []


# --- boundaries ----------------------------------------------------------------------------


def test_short_paragraphs_of_one_section_are_packed_together() -> None:
    passages = chunk_document(doc(para("First point."), para("Second point.")))
    assert [p.text for p in passages] == ["First point. Second point."]
    assert passages[0].kind == "text"
    assert passages[0].section == "Intro"
    assert passages[0].title == "Guide"
    assert passages[0].source == "guide.md"


def test_passages_never_cross_a_section_boundary() -> None:
    passages = chunk_document(
        doc(para("Alpha one.", "A"), para("Alpha two.", "A"), para("Beta one.", "B"))
    )
    assert [(p.section, p.text) for p in passages] == [
        ("A", "Alpha one. Alpha two."),
        ("B", "Beta one."),
    ]


@pytest.mark.parametrize(
    "kinds",
    [("paragraph", "item"), ("item", "paragraph"), ("paragraph", "row"), ("paragraph", "faq")],
)
def test_passages_never_cross_a_kind_boundary(kinds: tuple[BlockKind, BlockKind]) -> None:
    first, second = kinds
    blocks = [
        Block(kind, "S", f"Text of a {kind}.", "A question?" if kind == "faq" else None)
        for kind in (first, second)
    ]
    passages = chunk_document(doc(*blocks))
    assert [p.text for p in passages] == [f"Text of a {first}.", f"Text of a {second}."]
    assert_well_formed(passages)


def test_list_items_are_not_merged_with_each_other() -> None:
    items = [Block("item", "Steps", f"Step {i} is short.") for i in range(4)]
    passages = chunk_document(doc(*items))
    assert [p.text for p in passages] == [f"Step {i} is short." for i in range(4)]
    assert all(p.kind == "text" and p.section == "Steps" for p in passages)


# --- bounded length ------------------------------------------------------------------------


@pytest.mark.parametrize("max_chars", [100, 250, 600])
def test_long_paragraph_splits_at_sentence_boundaries_within_max_chars(max_chars: int) -> None:
    sentences = numbered_sentences(30)
    passages = chunk_document(doc(para(" ".join(sentences))), max_chars=max_chars)
    assert len(passages) > 1
    assert all(len(p.text) <= max_chars for p in passages)
    # Every sentence exactly once, in order: nothing lost, nothing duplicated, none cut.
    assert [s for p in passages for s in p.sentences] == sentences
    assert all(p.section == "Intro" and p.kind == "text" for p in passages)
    assert len({p.id for p in passages}) == len(passages)
    assert_well_formed(passages)


def test_paragraphs_that_do_not_fit_together_are_split_between_them() -> None:
    sentences = numbered_sentences(6)
    blocks = [para(" ".join(sentences[:3])), para(" ".join(sentences[3:]))]
    passages = chunk_document(doc(*blocks), max_chars=250)
    assert all(len(p.text) <= 250 for p in passages)
    assert [s for p in passages for s in p.sentences] == sentences
    assert_well_formed(passages)


def test_an_over_long_sentence_stands_alone() -> None:
    long_sentence = "This sentence goes on " + "and on " * 40 + "until it ends."
    assert len(long_sentence) > 150
    text = f"A short opener. {long_sentence} A short closer."
    passages = chunk_document(doc(para(text)), max_chars=150)
    assert [p.sentences for p in passages] == [
        ("A short opener.",),
        (long_sentence,),
        ("A short closer.",),
    ]
    assert_well_formed(passages)


# --- FAQ entries and table rows ------------------------------------------------------------


def test_faq_block_is_one_passage_with_its_question() -> None:
    answer = " ".join(numbered_sentences(12))  # longer than max_chars: still one passage
    passages = chunk_document(doc(Block("faq", "FAQ", answer, "How long is it?")), max_chars=200)
    assert len(passages) == 1
    (p,) = passages
    assert p.kind == "faq"
    assert p.question == "How long is it?"
    assert p.text == answer
    assert p.search_text == f"How long is it?\n{answer}"
    assert_well_formed(passages)


def test_faq_entries_with_the_same_answer_but_different_questions_stay_apart() -> None:
    passages = chunk_document(
        doc(Block("faq", "FAQ", "Yes.", "Is it free?"), Block("faq", "FAQ", "Yes.", "Is it open?"))
    )
    assert [p.question for p in passages] == ["Is it free?", "Is it open?"]
    assert passages[0].id != passages[1].id


def test_table_rows_are_one_passage_each_of_kind_row() -> None:
    rows = [Block("row", "Prices", f"Plan {i} — Price: {i}.99 USD") for i in range(3)]
    passages = chunk_document(doc(*rows))
    assert [p.kind for p in passages] == ["row", "row", "row"]
    assert [p.text for p in passages] == [f"Plan {i} — Price: {i}.99 USD" for i in range(3)]
    assert all(p.question is None for p in passages)


def test_markdown_document_end_to_end() -> None:
    text = (
        "# Handbook\n\n"
        "Welcome to the U.S. office. It opened in 2019.\n\n"
        "## Steps\n\n"
        "- Bring your badge.\n"
        "- Sign the register.\n\n"
        "## Prices\n\n"
        "| Plan | Price |\n|---|---|\n| Basic | 3.50 |\n| Pro | 9.99 |\n\n"
        "## Can I park on site?\n\n"
        "Yes, parking is free for staff.\n"
    )
    passages = chunk_document(markdown.parse(text, "handbook.md"))
    by_kind = {k: [p for p in passages if p.kind == k] for k in ("text", "row", "faq")}
    assert [p.text for p in by_kind["row"]] == ["Basic — Price: 3.50", "Pro — Price: 9.99"]
    assert [p.question for p in by_kind["faq"]] == ["Can I park on site?"]
    assert by_kind["faq"][0].text == "Yes, parking is free for staff."
    texts = [p.text for p in by_kind["text"]]
    assert "Welcome to the U.S. office. It opened in 2019." in texts
    assert "Bring your badge." in texts and "Sign the register." in texts
    assert all(p.title == "Handbook" for p in passages)
    assert_well_formed(passages)


# --- ids and deduplication -----------------------------------------------------------------


def sample_document() -> Document:
    return doc(
        para("The U.S. and China met. Growth was 3.5 percent.", "Talks"),
        Block("item", "Talks", "A list item."),
        Block("row", "Table", "Row one — Value: 1"),
        Block("faq", "FAQ", "Because it matters.", "Why talk?"),
    )


def test_ids_are_stable_across_calls() -> None:
    first = [p.id for p in chunk_document(sample_document())]
    second = [p.id for p in chunk_document(sample_document())]
    assert first == second
    assert all(i.startswith("p-") for i in first)


def test_ids_are_stable_across_processes() -> None:
    """Ids must not depend on per-process state such as str hash randomisation."""
    here = [p.id for p in chunk_document(sample_document())]
    script = (
        "import json, sys\n"
        "sys.path.insert(0, 'tests/unit')\n"
        "from test_chunk import sample_document\n"
        "from app.chunk import chunk_document\n"
        "print(json.dumps([p.id for p in chunk_document(sample_document())]))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, check=True
    )
    assert json.loads(out.stdout) == here


def test_ids_change_when_text_section_or_source_changes() -> None:
    base = chunk_document(doc(para("Original text.")))[0].id
    assert chunk_document(doc(para("Original text, edited.")))[0].id != base
    assert chunk_document(doc(para("Original text.", "Other")))[0].id != base
    assert chunk_document(doc(para("Original text."), source="other.md"))[0].id != base
    # The title is not part of the id: renaming a document keeps its passages' ids.
    assert chunk_document(doc(para("Original text."), title="Renamed"))[0].id == base


def test_faq_id_changes_when_the_question_changes() -> None:
    a = chunk_document(doc(Block("faq", "FAQ", "Yes.", "Is it free?")))[0].id
    b = chunk_document(doc(Block("faq", "FAQ", "Yes.", "Is it really free?")))[0].id
    assert a != b


def test_duplicate_identical_blocks_are_deduplicated() -> None:
    faq = Block("faq", "FAQ", "Because it matters.", "Why talk?")
    row = Block("row", "Table", "Row one — Value: 1")
    item = Block("item", "Steps", "Bring your badge.")
    passages = chunk_document(doc(faq, row, item, faq, row, item))
    assert [p.text for p in passages] == [
        "Because it matters.",
        "Row one — Value: 1",
        "Bring your badge.",
    ]


def test_identical_paragraph_repeated_later_in_its_section_is_deduplicated() -> None:
    repeated = para("Read the policy first.", "Rules")
    passages = chunk_document(doc(repeated, Block("item", "Rules", "An item."), repeated))
    assert [p.text for p in passages] == ["Read the policy first.", "An item."]


def test_chunk_documents_keeps_order_and_unique_ids_across_documents() -> None:
    a = doc(para("Shared text."), source="a.md")
    b = doc(para("Shared text."), source="b.md")
    passages = chunk_documents([a, b, a])
    # Same text in two files: two passages (ids include the source); a repeated file: none new.
    assert [p.source for p in passages] == ["a.md", "b.md"]
    assert len({p.id for p in passages}) == len(passages)


def test_empty_blocks_produce_no_passages() -> None:
    assert chunk_document(doc(para("   "), Block("item", "S", "\n"))) == []


def test_shipped_corpus_passages_are_well_formed() -> None:
    from app.parse import load_corpus

    corpus = load_corpus(ROOT / "corpus")
    passages = chunk_documents(corpus.documents)
    assert passages
    assert len({p.id for p in passages}) == len(passages)
    assert all(len(p.text) <= 600 or len(p.sentences) == 1 or p.kind != "text" for p in passages)
    assert_well_formed(passages)
