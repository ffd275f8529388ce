"""What the tests of the statements read without a whole parse share (plainindex.py,
plaintable.py): each such statement and the object it makes must be what parsing the
statement and building its catalog fragment give."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from archkit.schema.parse import classify, parse_statement
from archkit.schema.split import split_sql


def statement_fields(s: Any) -> tuple[Any, ...]:
    return (s.index, s.sql, s.path, s.line, s.col, s.end_line, s.kind, s.raw, s.error,
            s.suppressions, s.offset)


def agree_with_parse(text: str, dialect: Any, read: Callable[..., Any],
                     fragment_of: Callable[[Any, Any], Any],
                     shape: Callable[[Any], Any]) -> int:
    """How many statements of ``text`` ``read`` took (``read(raw, dialect, path, index,
    kind)``: (statement, object) or None); asserts that each statement and
    ``shape(object)`` are what the parse and ``fragment_of(parsed, dialect)`` give."""
    taken = 0
    for i, raw in enumerate(split_sql(text, dialect.name)):
        kind = classify(raw.sql)
        plain = read(raw, dialect, "x.sql", i, kind)
        if plain is None:
            continue
        taken += 1
        parsed = parse_statement(raw, dialect, "x.sql", i, kind=kind)
        assert parsed.error is None and not parsed.raw, raw.sql
        assert statement_fields(plain[0]) == statement_fields(parsed), raw.sql
        assert shape(plain[1]) == shape(fragment_of(parsed, dialect)), raw.sql
        assert plain[0].tree == parsed.tree      # (parsed when read)
    return taken
