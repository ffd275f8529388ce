"""Markdown tables as a reader sees them, for tests of markdown output."""

from __future__ import annotations

import pytest


def table_rows(markdown: str) -> list[list[str]]:
    """Every table row (the header first) as the text its cells render to, by CommonMark
    with GitHub's tables and strikethrough; markup that is not text (emphasis, links, raw
    HTML) shows as ``<type>``, a code span as its text."""
    markdown_it = pytest.importorskip("markdown_it")
    md = markdown_it.MarkdownIt("commonmark").enable("table").enable("strikethrough")
    rows, cur = [], None
    for t in md.parse(markdown):
        if t.type == "tr_open":
            cur = []
        elif t.type == "inline" and cur is not None:
            cur.append("".join(c.content if c.type in ("text", "code_inline") else
                               f"<{c.type}>" for c in t.children or []))
        elif t.type == "tr_close":
            rows.append(cur)
            cur = None
    return rows
