"""Render answers through jinja2 templates: plain text, Markdown, HTML (autoescaped)."""

from __future__ import annotations

import re
from typing import Literal

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from app.types import Answer

Format = Literal["text", "markdown", "html"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "html")
_SUFFIX = {"text": "txt", "markdown": "md", "html": "html"}


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def md_escape(text: str) -> str:
    """Escape Markdown syntax and raw HTML so source text renders literally."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def make_environment() -> Environment:
    """The template environment; HTML templates are autoescaped, the others are not."""
    env = Environment(
        loader=PackageLoader("app", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # templates ship with the package; no stat() per render
    )
    env.filters["md_escape"] = md_escape
    return env


class Renderer:
    """Renders an Answer in one of the output formats."""

    def __init__(self, env: Environment | None = None) -> None:
        self.env = env or make_environment()
        # Looked up once: every answer is rendered at least twice (body, then a format).
        self._body = self.env.get_template("answer/body.txt.j2")
        self._full = {f: self.env.get_template(f"answer/full.{s}.j2") for f, s in _SUFFIX.items()}
        self._chat = self.env.get_template("answer/chat.txt.j2")

    def body(self, answer: Answer) -> str:
        """The plain answer text: cited sentences, or the honest 'not in the documents' line."""
        return self._body.render(a=answer).strip()

    def chat(self, kind: str, titles: list[str]) -> str:
        """The reply to a greeting, thanks or "what can you do?", naming the documents."""
        return self._chat.render(kind=kind, titles=titles).strip()

    def render(self, answer: Answer, fmt: Format) -> str:
        """The whole answer (text, sources, suggestions) in the given format."""
        template = self._full.get(fmt)
        if template is None:
            raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        return template.render(a=answer).strip()
