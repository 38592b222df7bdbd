"""Unit tests for the parse stage: each format loader and the corpus walk."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from app.parse import (
    SUPPORTED_EXTENSIONS,
    CorpusError,
    ParseError,
    faq,
    html,
    load_corpus,
    markdown,
    text,
)
from app.parse.common import format_row, humanise_stem, join_label, row_cells
from app.types import Block

SEED = Path("/work/shared/seed/000_229224dcac3fa582.txt")


def kinds(blocks: tuple[Block, ...]) -> list[str]:
    return [b.kind for b in blocks]


# --- shared helpers -------------------------------------------------------------------------


def test_humanise_stem() -> None:
    assert humanise_stem("news/us-china-talks.md") == "Us china talks"
    assert humanise_stem("refund_policy.html") == "Refund policy"


@pytest.mark.parametrize(
    ("label", "text", "expected"),
    [
        (
            "Hardware Controls:",
            "Hardware Controls: The U.S. ...",
            "Hardware Controls: The U.S. ...",
        ),
        ("Hardware Controls", "Hardware Controls: The U.S. ...", "Hardware Controls: The U.S. ..."),
        ("Refunds", "Refunds — within 30 days", "Refunds: within 30 days"),
        ("Never", "Never share your password", "Never share your password"),
        ("Why?", "Why? Because.", "Why? Because."),
        (None, "plain item", "plain item"),
    ],
)
def test_join_label(label: str | None, text: str, expected: str) -> None:
    assert join_label(label, text) == expected


def test_format_row_keeps_column_names_and_skips_empty_cells() -> None:
    headers = ["Topic", "Primary Focus", "Notes"]
    assert format_row(headers, ["Safety", "Misuse", ""]) == "Safety — Primary Focus: Misuse"
    assert format_row(headers, ["Safety", "Misuse", "Urgent"]) == (
        "Safety — Primary Focus: Misuse; Notes: Urgent"
    )
    assert format_row([], ["a", "b"]) == "a — b"
    assert format_row(headers, ["only"]) == "only"


def test_row_cells_reads_back_what_format_row_wrote() -> None:
    headers = ["Plan", "Price", "Extra time"]
    row = format_row(headers, ["Day Pass", "$12.00", "$2.00 per 30 minutes"])
    assert row_cells(row) == ["Day Pass", "Price: $12.00", "Extra time: $2.00 per 30 minutes"]
    assert row_cells(format_row(headers, ["", "$3", "none"])) == ["Price: $3", "Extra time: none"]


# --- Markdown -------------------------------------------------------------------------------

MARKDOWN = """\
# US and China start AI safety talks

The US and China are talking about *AI safety* rules, says [Reuters](https://x.test)
for the first time. Run `faqbot build` to index it.

## Key Points

- **Hardware Controls:** The U.S. government has cleared roughly 10 Chinese firms.
- **Strategic Oversight**: Taiwan is the most sensitive issue.
- **Never** share credentials.
- Parent item
  - Nested item

| Topic | Primary Focus |
|-------|---------------|
| Semiconductors | Balancing restricted Nvidia H200 sales against domestic security. |
| Safety Protocol | Preventing non-state actors from accessing high-capability AI. |

```python
print("dropped")
```

<div class="ad">dropped too</div>

## Frequently Asked Questions

### Why are the talks happening now?

Because of new models.

They can find software vulnerabilities.

### Who leads the talks?

- Scott Bessent, for the US.

## Background

Plain text again.
"""


def test_markdown_title_sections_and_blocks() -> None:
    doc = markdown.parse(MARKDOWN, "news/us-china.md")
    assert doc.source == "news/us-china.md"
    assert doc.title == "US and China start AI safety talks"
    got = [(b.kind, b.section, b.question, b.text) for b in doc.blocks]
    assert got == [
        (
            "paragraph",
            "",
            None,
            "The US and China are talking about AI safety rules, says Reuters for the first "
            "time. Run faqbot build to index it.",
        ),
        (
            "item",
            "Key Points",
            None,
            "Hardware Controls: The U.S. government has cleared roughly 10 Chinese firms.",
        ),
        ("item", "Key Points", None, "Strategic Oversight: Taiwan is the most sensitive issue."),
        ("item", "Key Points", None, "Never share credentials."),
        ("item", "Key Points", None, "Parent item"),
        ("item", "Key Points", None, "Nested item"),
        (
            "row",
            "Key Points",
            None,
            "Semiconductors — Primary Focus: Balancing restricted Nvidia H200 sales against "
            "domestic security.",
        ),
        (
            "row",
            "Key Points",
            None,
            "Safety Protocol — Primary Focus: Preventing non-state actors from accessing "
            "high-capability AI.",
        ),
        (
            "faq",
            "Frequently Asked Questions",
            "Why are the talks happening now?",
            "Because of new models. They can find software vulnerabilities.",
        ),
        (
            "faq",
            "Frequently Asked Questions",
            "Who leads the talks?",
            "Scott Bessent, for the US.",
        ),
        ("paragraph", "Background", None, "Plain text again."),
    ]


def test_markdown_without_h1_uses_stem_and_drops_front_matter() -> None:
    doc = markdown.parse("Just a paragraph.\n\n## Setup\n\nStep one.\n", "guides/us-china-talks.md")
    assert doc.title == "Us china talks"
    assert [(b.section, b.text) for b in doc.blocks] == [
        ("", "Just a paragraph."),
        ("Setup", "Step one."),
    ]
    fm = markdown.parse("---\ntitle: From Front Matter\n---\nBody text.\n", "x.md")
    assert fm.title == "From Front Matter"
    assert [b.text for b in fm.blocks] == ["Body text."]


def test_markdown_question_heading_without_answer_is_a_section() -> None:
    doc = markdown.parse("# T\n\n## Why?\n\n### Costs\n\nMoney.\n", "t.md")
    assert [(b.kind, b.section, b.text) for b in doc.blocks] == [("paragraph", "Costs", "Money.")]


# --- plain text -----------------------------------------------------------------------------

TEXT = """\
Refund Policy

We refund most orders
within 30 days of delivery.

Eligibility

  • Unused items: must be in original packaging.
  - Sale items are final.
    Gift cards too.

Read More: Our shipping policy

Frequently Asked Questions

Q: How do I request a refund?
A: Email support@example.com with your order number.
Q: How long does it take?
Usually five days,
sometimes ten.
Question: Do you refund shipping?

Answer: Only for damaged items.
"""


def test_text_title_sections_items_and_faq() -> None:
    doc = text.parse(TEXT, "policies/refunds.txt")
    assert doc.title == "Refund Policy"
    got = [(b.kind, b.section, b.question, b.text) for b in doc.blocks]
    assert got == [
        ("paragraph", "", None, "We refund most orders within 30 days of delivery."),
        ("item", "Eligibility", None, "Unused items: must be in original packaging."),
        ("item", "Eligibility", None, "Sale items are final. Gift cards too."),
        # "Label: text" lines are content, not headings.
        ("paragraph", "Eligibility", None, "Read More: Our shipping policy"),
        (
            "faq",
            "Frequently Asked Questions",
            "How do I request a refund?",
            "Email support@example.com with your order number.",
        ),
        (
            "faq",
            "Frequently Asked Questions",
            "How long does it take?",
            "Usually five days, sometimes ten.",
        ),
        (
            "faq",
            "Frequently Asked Questions",
            "Do you refund shipping?",
            "Only for damaged items.",
        ),
    ]


def test_text_sentence_first_line_is_not_a_title() -> None:
    doc = text.parse("This file starts with a sentence.\n\nAnother one.\n", "notes/my_notes.txt")
    assert doc.title == "My notes"
    assert [b.text for b in doc.blocks] == ["This file starts with a sentence.", "Another one."]


def test_text_heading_right_above_its_paragraph_is_a_heading() -> None:
    notices = (
        "Service notices\n\n"
        "Winter schedule (posted 2 October)\n"
        "From 16 November, e-bikes are available only between 6:00 a.m. and 10:00 p.m.\n\n"
        "Station works\n"
        "The Market Square station is closed until 24 April while the water main is replaced.\n"
    )
    doc = text.parse(notices, "notices.txt")
    assert [(b.section, b.text[:24]) for b in doc.blocks] == [
        ("Winter schedule (posted 2 October)", "From 16 November, e-bike"),
        ("Station works", "The Market Square statio"),
    ]


def test_text_hard_wrapped_paragraph_keeps_its_first_line() -> None:
    wrapped = (
        "Intro\n\n"
        # As long as the line after it: a wrapped line, not a heading.
        "Returns are accepted at the Central branch desk\n"
        "Monday to Friday, and at the Harbor branch on Saturdays.\n\n"
        # Ends in a word that runs on into the next line.
        "Bikes are parked at the\n"
        "Harbour station, which opens daily at 6 am and closes at 11 pm.\n"
    )
    doc = text.parse(wrapped, "wrapped.txt")
    assert [(b.section, b.text[:30]) for b in doc.blocks] == [
        ("", "Returns are accepted at the Ce"),
        ("", "Bikes are parked at the Harbou"),
    ]


def test_text_tab_separated_table_becomes_rows() -> None:
    doc = text.parse("Plans\n\nPlan\tPrice\tSeats\nBasic\t$5\t1\nTeam\t$20\t10\n", "p.txt")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("row", "Basic — Price: $5; Seats: 1"),
        ("row", "Team — Price: $20; Seats: 10"),
    ]


def test_seed_scrape_yields_five_faq_entries(tmp_path: Path) -> None:
    if not SEED.exists():
        pytest.skip("seed scrape not available")
    shutil.copy(SEED, tmp_path / "scrape.txt")
    (doc,) = load_corpus(tmp_path).documents
    assert doc.title == "US and China start AI safety talks in Beijing"
    faqs = [b for b in doc.blocks if b.kind == "faq"]
    assert [b.question for b in faqs] == [
        "Why are the US and China starting AI safety talks in Beijing?",
        "What did US Treasury Secretary Scott Bessent say about the AI talks?",
        "Are there other topics being discussed between the US and China?",
        "What is the goal of these new AI safety rules?",
        "Is this the first time the US and China have discussed AI safety?",
    ]
    assert all(b.section == "Frequently Asked Questions" and b.text for b in faqs)
    assert faqs[3].text.startswith("The main goal is to prevent non-state actors")
    items = [b.text for b in doc.blocks if b.kind == "item"]
    assert items[1].startswith("Hardware Controls: The U.S. government has reportedly cleared")


# --- HTML -----------------------------------------------------------------------------------

HTML = """\
<!doctype html>
<html><head><title>Shop | Refunds</title><style>p { color: red }</style></head>
<body>
<header><h1>Shop</h1><nav><a href="/">Home</a></nav></header>
<main>
  <h1>Refund   Policy</h1>
  <!-- a comment -->
  <p>We refund <b>most</b> orders<br>within 30 days.</p>
  <h2>Details</h2>
  <ul>
    <li><strong>Hardware Controls:</strong> The U.S. cleared firms.
      <ul><li>Nested item</li></ul></li>
    <li><p><b>Sale items</b>: final.</p></li>
  </ul>
  <table>
    <thead><tr><th>Topic</th><th>Primary Focus</th></tr></thead>
    <tbody><tr><td>Semiconductors</td><td>Balancing H200 sales.</td></tr></tbody>
  </table>
  <h3>How long do refunds take?</h3>
  <p>Five days.</p>
  <p>Sometimes ten.</p>
  <h2>More</h2>
  <dl><dt>Can I cancel?</dt><dd>Yes, any time.</dd><dt>RMA</dt><dd>Return number.</dd></dl>
  <pre>code is dropped</pre>
  <script>alert("dropped")</script>
</main>
<aside>Related links</aside>
<footer>Copyright</footer>
</body></html>
"""


def test_html_title_sections_and_blocks() -> None:
    doc = html.parse(HTML, "site/refunds.html")
    assert doc.title == "Refund Policy"
    got = [(b.kind, b.section, b.question, b.text) for b in doc.blocks]
    assert got == [
        ("paragraph", "", None, "We refund most orders within 30 days."),
        ("item", "Details", None, "Hardware Controls: The U.S. cleared firms."),
        ("item", "Details", None, "Nested item"),
        ("item", "Details", None, "Sale items: final."),
        ("row", "Details", None, "Semiconductors — Primary Focus: Balancing H200 sales."),
        ("faq", "Details", "How long do refunds take?", "Five days. Sometimes ten."),
        ("faq", "More", "Can I cancel?", "Yes, any time."),
        ("item", "More", None, "RMA: Return number."),
    ]


def test_html_title_falls_back_to_title_tag_then_stem() -> None:
    page = "<html><head><title>Only  Title</title></head><body><p>x</p></body></html>"
    assert html.parse(page, "a.htm").title == "Only Title"
    assert html.parse("<p>x</p>", "shipping_info.htm").title == "Shipping info"


# --- FAQ YAML / JSON ------------------------------------------------------------------------


def test_yaml_mapping_with_title_and_sections(caplog: pytest.LogCaptureFixture) -> None:
    src = """\
title: Billing FAQ
entries:
  - question: How do I pay?
    answer: |
      By card
      or invoice.
    section: Payments
  - question: Can I get a receipt?
    answer: Yes.
  - question: ""
    answer: orphan
"""
    with caplog.at_level(logging.WARNING):
        doc = faq.parse_yaml(src, "billing.yaml")
    assert doc.title == "Billing FAQ"
    assert doc.blocks == (
        Block("faq", "Payments", "By card or invoice.", "How do I pay?"),
        Block("faq", "Frequently Asked Questions", "Yes.", "Can I get a receipt?"),
    )
    assert "billing.yaml: skipping entry 3: missing or empty 'question'" in caplog.text


def test_json_top_level_list_uses_stem_title() -> None:
    src = json.dumps([{"question": "Is it free?", "answer": "Yes."}])
    doc = faq.parse_json(src, "faqs/product_faq.json")
    assert doc.title == "Product faq"
    assert doc.blocks == (Block("faq", "Frequently Asked Questions", "Yes.", "Is it free?"),)


@pytest.mark.parametrize("key", ["faq", "questions"])
def test_json_mapping_alternative_keys(key: str) -> None:
    doc = faq.parse_json(json.dumps({key: [{"question": "Q?", "answer": "A."}]}), "f.json")
    assert [b.question for b in doc.blocks] == ["Q?"]


def test_faq_with_no_valid_entry_raises() -> None:
    with pytest.raises(ParseError, match=r"no valid \{question, answer\} entries \(2 skipped\)"):
        faq.parse_yaml("- question: Q?\n- answer: A.\n", "f.yaml")


# --- corpus walk ----------------------------------------------------------------------------


def write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def test_load_corpus_skips_bad_files_and_loads_the_rest(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path / "guide.md", "# Guide\n\nHello.\n")
    write(tmp_path / "sub" / "deep" / "notes.txt", "\ufeffNotes\r\n\r\nWindows text.\r\n")
    write(tmp_path / "faq.yml", "- question: Q?\n  answer: A.\n")
    write(tmp_path / "README.md", "# Read me\n\nREADMEs are content too.\n")
    write(tmp_path / "bad-utf8.txt", b"caf\xe9 au lait")
    write(tmp_path / "broken.yaml", "- question: What: is this\n  answer: x\n")
    write(tmp_path / "broken.json", '[{"question": "a", }]')
    write(tmp_path / "shape.json", '{"items": []}')
    write(tmp_path / "empty.md", "  \n\n")
    write(tmp_path / "only-code.md", "```\ncode\n```\n")
    write(tmp_path / "image.png", b"\x89PNG")
    write(tmp_path / ".hidden.md", "# Hidden\n\nSecret.\n")
    write(tmp_path / ".git" / "config.txt", "Not content.\n")

    with caplog.at_level(logging.WARNING, logger="app.parse"):
        load = load_corpus(tmp_path)

    assert [d.source for d in load.documents] == [
        "README.md",
        "faq.yml",
        "guide.md",
        "sub/deep/notes.txt",
    ]
    notes = load.documents[-1]
    assert notes.title == "Notes"  # BOM stripped, CRLF handled
    assert [b.text for b in notes.blocks] == ["Windows text."]
    assert {s.source: s.reason for s in load.skipped} == {
        "bad-utf8.txt": "not valid UTF-8 text (byte 0xe9 at position 3)",
        "broken.json": "invalid JSON: Expecting property name enclosed in double quotes "
        "(line 1, column 20)",
        "broken.yaml": "invalid YAML: mapping values are not allowed here (line 1, column 17)",
        "empty.md": "empty file",
        "image.png": "unsupported file type '.png'",
        "only-code.md": "no text found",
        "shape.json": "expected a list of {question, answer} entries, "
        "or a mapping with an 'entries', 'faq' or 'questions' list",
    }
    assert "skipping broken.yaml: invalid YAML: mapping values" in caplog.text
    assert "hidden" not in caplog.text.lower()


def test_load_corpus_is_deterministic(tmp_path: Path) -> None:
    for name in ["b.md", "a/z.txt", "a/b.txt", "C.md"]:
        write(tmp_path / name, "Some text here.\n")
    first = load_corpus(tmp_path)
    assert [d.source for d in first.documents] == ["C.md", "a/b.txt", "a/z.txt", "b.md"]
    assert load_corpus(tmp_path) == first


def test_corpus_errors(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "missing")
    write(tmp_path / "file.md", "# x\n")
    with pytest.raises(CorpusError, match="is not a directory"):
        load_corpus(tmp_path / "file.md")
    bad = tmp_path / "bad"
    write(bad / "a.txt", b"\xff\xfe")
    write(bad / "b.pdf", b"%PDF")
    with pytest.raises(
        CorpusError, match=r"no readable documents in corpus folder .*2 files skipped"
    ):
        load_corpus(bad)


def test_supported_extensions_are_sorted_and_complete() -> None:
    assert SUPPORTED_EXTENSIONS == (
        ".htm",
        ".html",
        ".json",
        ".markdown",
        ".md",
        ".txt",
        ".yaml",
        ".yml",
    )


def test_a_subsection_names_the_sections_it_sits_under() -> None:
    """ "Facilities" under "Kingsbridge Central" are that station's facilities: a question
    naming the station must find them."""
    page = (
        "<html><body><h1>Our stations</h1><h2>Kingsbridge Central</h2><p>Eight platforms.</p>"
        "<h3>Facilities</h3><ul><li>Cafe on the concourse</li></ul>"
        "<h2>Harlow Cross</h2><p>Two platforms.</p></body></html>"
    )
    sections = [b.section for b in html.parse(page, "stations.html").blocks]
    assert sections == ["Kingsbridge Central", "Kingsbridge Central / Facilities", "Harlow Cross"]
    doc = markdown.parse("# Guide\n\n## Tickets\n\n### Refunds\n\nAsk us.\n", "guide.md")
    assert [b.section for b in doc.blocks] == ["Tickets / Refunds"]
