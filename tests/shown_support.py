"""What the tests of names as written share (tests/test_schema_shown*.py): a check whose
placeholders are all filled in, and a hint run on the real engine."""

from __future__ import annotations

import sqlite3

from archkit.findings import Report
from archkit.schema import check

PLACEHOLDERS = "\ue000\ue001\ue002\ue003"     # archkit/schema/shown.py


def checked(sql: str, dialect: str, **kw) -> Report:
    """``check(sql)`` with every name placeholder filled in, in messages and hints."""
    report = check(sql, dialect=dialect, cache=False, **kw)
    text = "".join(f"{f.message}{f.hint or ''}" for f in report)
    assert not set(PLACEHOLDERS) & set(text), "a placeholder is left in a finding"
    return report


def run_on(engine: str, schema: str, hint: str) -> None:
    """``hint`` runs on a fresh ``engine`` (sqlite, duckdb) database holding ``schema``
    (a ``--`` note at its end is a comment)."""
    if engine == "sqlite":
        db = sqlite3.connect(":memory:")
        db.executescript(schema)
        db.executescript(hint)
    else:
        import duckdb

        db = duckdb.connect()
        db.execute(schema)
        db.execute(hint)
