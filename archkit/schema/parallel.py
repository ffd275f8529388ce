"""Parse many statements, on every core when the input is large.

Small inputs are parsed in this process. Large ones (``PARALLEL_MIN_BYTES``) are split
here and parsed by a pool of worker processes, one chunk of statements each.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from archkit.schema.dialects import Dialect
from archkit.schema.model import Statement
from archkit.schema.parse import parse_statement
from archkit.schema.split import LineIndex, split_sql

__all__ = ["parse_sources"]


def parse_sources(sources: Sequence[Any], dialect: Dialect, workers: int | None = None,
                  progress: bool = False) -> list[Statement]:
    """Statements of every source, in order, numbered across files."""
    out: list[Statement] = []
    for src in sources:
        lines = LineIndex(src.text)
        for raw in split_sql(src.text, dialect.name, lines):
            out.append(parse_statement(raw, dialect, src.path, len(out), lines))
    return out
