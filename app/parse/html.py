"""HTML loader: the page's main content as paragraphs, items, table rows and FAQ entries."""

from __future__ import annotations

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PreformattedString, Tag

from app.parse.common import (
    BlockCollector,
    format_row,
    humanise_stem,
    is_question,
    join_label,
    normalise,
)
from app.types import Document

# Page furniture and non-prose elements, removed before reading.
_DROP = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "svg", "iframe", "button", "select", "textarea", "canvas",
)  # fmt: skip
_INLINE = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike",
    "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
})  # fmt: skip
_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
# Structures read on their own, so an item's text leaves them out.
_NESTED = ("ul", "ol", "table", "dl", "pre")


def parse(text: str, source: str) -> Document:
    """Parse an HTML file into a document."""
    soup = BeautifulSoup(text, "lxml")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    h1 = root.find("h1") or soup.find("h1")
    title = _text(h1) if isinstance(h1, Tag) else ""
    if not title and isinstance(soup.title, Tag):
        title = _text(soup.title)
    reader = _Reader(h1 if isinstance(h1, Tag) else None)
    reader.walk(root)
    return Document(source=source, title=title or humanise_stem(source), blocks=reader.out.finish())


class _Reader:
    """Walks the element tree, turning block-level elements into blocks."""

    def __init__(self, title_h1: Tag | None) -> None:
        self.out = BlockCollector()
        self._title_h1 = title_h1

    def walk(self, node: Tag) -> None:
        """Read a container: runs of loose inline content become paragraphs."""
        run: list[str] = []
        for child in node.children:
            if isinstance(child, PreformattedString):
                continue  # comments, CDATA, doctype
            if isinstance(child, NavigableString):
                run.append(str(child))
            elif isinstance(child, Tag):
                if child.name in _INLINE:
                    run.append(" " if child.name == "br" else _text(child, keep_space=True))
                    continue
                self.out.paragraph("".join(run))
                run = []
                self._element(child)
        self.out.paragraph("".join(run))

    def _element(self, tag: Tag) -> None:
        name = tag.name
        if name in _HEADINGS:
            # The H1 that gives the title is not a section; later H1s are.
            self.out.heading(int(name[1]), _text(tag), is_section=tag is not self._title_h1)
        elif name == "p":
            self.out.paragraph(_text(tag))
        elif name in ("ul", "ol"):
            for li in tag.find_all("li", recursive=False):
                self._item(li)
        elif name == "li":
            self._item(tag)
        elif name == "table":
            self._table(tag)
        elif name == "dl":
            self._definitions(tag)
        elif name == "details":
            self._details(tag)
        elif name not in ("pre", "hr"):  # code blocks are not prose
            self.walk(tag)

    def _item(self, li: Tag) -> None:
        self.out.item(join_label(_leading_bold(li), _text(li, skip=_NESTED)))
        for nested in _outermost(li, _NESTED):
            self._element(nested)

    def _table(self, table: Tag) -> None:
        rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
        headers: list[str] = []
        head = table.find("thead")
        if rows:
            first = rows[0]
            cells = first.find_all(["th", "td"], recursive=False)
            in_head = isinstance(head, Tag) and first.find_parent("thead") is head
            if in_head or all(c.name == "th" for c in cells):
                headers = [_text(c) for c in cells]
                rows = rows[1:]
        for tr in rows:
            cells = tr.find_all(["th", "td"], recursive=False)
            self.out.row(format_row(headers, [_text(c) for c in cells]))

    def _definitions(self, dl: Tag) -> None:
        pairs: list[tuple[str, list[str]]] = []
        for el in dl.find_all(["dt", "dd"]):
            if el.find_parent("dl") is not dl:
                continue
            if el.name == "dt":
                pairs.append((_text(el), []))
            elif pairs:
                pairs[-1][1].append(_text(el))
        for term, definitions in pairs:
            answer = " ".join(definitions)
            if is_question(term):
                self.out.faq(term, answer)
            elif answer:
                self.out.item(f"{term.rstrip(':')}: {answer}" if term else answer)
            else:
                self.out.item(term)

    def _details(self, details: Tag) -> None:
        summary = details.find("summary")
        question = _text(summary) if isinstance(summary, Tag) else ""
        if is_question(question):
            self.out.faq(question, _text(details, skip=("summary",)))
        else:
            self.walk(details)


def _text(node: Tag, skip: tuple[str, ...] = (), *, keep_space: bool = False) -> str:
    """Plain text of an element, block-level children separated by spaces."""
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, PreformattedString):
            continue
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag) and child.name not in skip:
            if child.name == "br":
                parts.append(" ")
            elif child.name in _INLINE:
                parts.append(_text(child, skip, keep_space=True))
            else:
                parts.append(f" {_text(child, skip)} ")
    text = "".join(parts)
    # Inline content keeps its edge spaces so "a <b>b</b> c" does not become "abc".
    return text if keep_space else normalise(text)


def _leading_bold(node: Tag) -> str | None:
    """The text of a <strong>/<b> that opens an element (looking into a leading <p>)."""
    for child in node.children:
        if isinstance(child, PreformattedString):
            continue
        if isinstance(child, NavigableString):
            if child.strip():
                return None
            continue
        if not isinstance(child, Tag):
            return None
        if child.name in ("strong", "b"):
            return _text(child)
        if child.name in ("p", "span", "div"):
            return _leading_bold(child)
        return None
    return None


def _outermost(node: Tag, names: tuple[str, ...]) -> list[Tag]:
    """Descendants named `names` that are not inside another such descendant."""
    found: list[Tag] = []
    for tag in node.find_all(names):
        parent = tag.parent
        while parent is not None and parent is not node and parent.name not in names:
            parent = parent.parent
        if parent is node:
            found.append(tag)
    return found
