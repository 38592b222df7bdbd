"""Markdown loader: walks markdown-it tokens into paragraphs, items, table rows and FAQ entries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from app.parse.common import BlockCollector, format_row, humanise_stem, join_label, normalise
from app.types import Document

_MD = MarkdownIt("commonmark").enable("table")
# Jekyll/Hugo-style front matter, which markdown-it would otherwise read as a setext heading.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass
class _Item:
    """A list item being read: its own paragraphs, up to any nested list."""

    parts: list[str] = field(default_factory=list)
    label: str | None = None
    emitted: bool = False


def parse(text: str, source: str) -> Document:
    """Parse a Markdown file into a document."""
    text, meta_title = _strip_front_matter(text)
    tokens = _MD.parse(text)
    title_at = next(
        (i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"), None
    )
    title = normalise(_inline_text(tokens[title_at + 1])) if title_at is not None else ""
    title = title or meta_title or humanise_stem(source)

    out = BlockCollector()
    items: list[_Item] = []
    headers: list[str] = []
    cells: list[str] = []
    in_head = False
    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind == "heading_open":
            level = int(tok.tag[1:])
            # The H1 that gives the title is not a section; later H1s are.
            out.heading(level, _inline_text(tokens[i + 1]), is_section=i != title_at)
        elif kind == "paragraph_open":
            inline = tokens[i + 1]
            if items:
                item = items[-1]
                if not item.parts:
                    item.label = _leading_bold(inline)
                item.parts.append(_inline_text(inline))
            else:
                out.paragraph(_inline_text(inline))
        elif kind == "list_item_open":
            items.append(_Item())
        elif kind in ("bullet_list_open", "ordered_list_open") and items:
            # Emit the parent item before its nested items, keeping reading order.
            _emit_item(out, items[-1])
        elif kind == "list_item_close":
            _emit_item(out, items.pop())
        elif kind == "table_open":
            headers = []
        elif kind in ("thead_open", "thead_close"):
            in_head = kind == "thead_open"
        elif kind == "tr_open":
            cells = []
        elif kind in ("th_open", "td_open"):
            cells.append(_inline_text(tokens[i + 1]))
        elif kind == "tr_close":
            if in_head:
                headers = cells
            else:
                out.row(format_row(headers, cells))
        # fence, code_block and html_block fall through: code and raw HTML are not prose.
    return Document(source=source, title=title, blocks=out.finish())


def _emit_item(out: BlockCollector, item: _Item) -> None:
    """Add an item's text once; paragraphs after a nested list become a further item."""
    if item.parts:
        label = item.label if not item.emitted else None
        out.item(join_label(label, " ".join(item.parts)))
    item.parts = []
    item.emitted = True


def _inline_text(token: Token) -> str:
    """Plain text of an inline token: link text and code content kept, markup dropped."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        # Images (alt text) and inline HTML are not prose.
    return normalise("".join(parts))


def _leading_bold(token: Token) -> str | None:
    """The text of a bold span that opens the inline content, if there is one."""
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content)]
    if not children or children[0].type != "strong_open":
        return None
    label: list[str] = []
    for child in children[1:]:
        if child.type == "strong_close":
            return normalise("".join(label))
        if child.type in ("text", "code_inline"):
            label.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            label.append(" ")
    return None


def _strip_front_matter(text: str) -> tuple[str, str]:
    """Remove YAML front matter, returning the rest and its title (or "")."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text, ""
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        meta = None
    if not isinstance(meta, dict):
        return text, ""  # not front matter after all ("---" rule then a heading): keep it
    title = meta.get("title")
    return text[match.end() :], normalise(title) if isinstance(title, str) else ""
