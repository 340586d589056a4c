"""Report formatters: each a function ``render_<format>(report) -> str``."""

from __future__ import annotations

from collections.abc import Callable

from ..types import AuditReport

FORMATS = ("text", "json", "markdown", "html")


def get_renderer(name: str) -> Callable[[AuditReport], str]:
    """The renderer for ``name`` (imported lazily: HTML and Markdown are optional extras of batch)."""
    if name == "text":
        from .text import render_text

        return render_text
    if name == "json":
        from .json import render_json

        return render_json
    if name == "markdown":
        from .markdown import render_markdown

        return render_markdown
    if name == "html":
        from .html import render_html

        return render_html
    raise ValueError(f"unknown report format {name!r}; choose from {', '.join(FORMATS)}")
