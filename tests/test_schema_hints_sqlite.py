"""Every SQL hint archkit gives for SQLite runs on SQLite.

The engine is Python's own sqlite3, so this runs everywhere the tests do: each rule's
``fires`` example that SQLite loads, and the Sakila schema, are checked with
``--dialect sqlite`` and every hint that is SQL (not a ``--`` note) is executed on a
copy of the loaded database. (PostgreSQL 15 and MariaDB 10.11 were used the same way by
hand, on the corpus of real schemas: see docs/schema.md.) Hints this caught: ``ADD
COLUMN id INTEGER PRIMARY KEY`` ('Cannot add a PRIMARY KEY column'), ``ADD UNIQUE``
(near "UNIQUE": syntax error), ``DROP CONSTRAINT``, and a table rename by case only
('there is already another table or index with this name').
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

import archkit.schema.rules  # noqa: F401  (registers the rules)
from archkit.schema import check
from archkit.schema.registry import SCHEMA_RULES

SAKILA = Path(__file__).parent / "fixtures" / "sakila" / "sqlite-schema.sql"
_SQL = re.compile(r"(?i)(ALTER|CREATE|DROP|INSERT|UPDATE|DELETE|PRAGMA|BEGIN|REINDEX)\b")


def _loaded(sql: str) -> sqlite3.Connection | None:
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(sql)
    except sqlite3.Error:
        return None
    return db


def _refused(db: sqlite3.Connection, sql: str, rules: list[str] | None = None) -> tuple[int, list[str]]:
    """(hints run, the ones sqlite3 refused with its message)."""
    ran, refused = 0, []
    for f in check(sql, dialect="sqlite", select=rules).findings:
        hint = (f.hint or "").strip()
        if not _SQL.match(hint):          # a note, or prose ("review it by hand ...")
            continue
        copy = sqlite3.connect(":memory:")
        db.backup(copy)
        ran += 1
        try:
            copy.executescript(hint)
        except sqlite3.Error as exc:
            refused.append(f"{f.rule} {f.object}: {hint} -> {exc}")
    return ran, refused


def test_every_hint_for_the_rules_own_examples_runs_on_sqlite():
    loaded = ran = 0
    refused: list[str] = []
    for rid, sr in SCHEMA_RULES.items():
        if sr.dialects is not None and "sqlite" not in sr.dialects:
            continue
        db = _loaded(sr.rule.fires)
        if db is None:          # (postgres-only syntax in the example)
            continue
        loaded += 1
        n, bad = _refused(db, sr.rule.fires, [rid])
        ran += n
        refused += bad
    assert refused == []
    assert loaded >= 25 and ran >= 10


def test_every_hint_for_sakila_runs_on_sqlite():
    sql = SAKILA.read_text()
    db = _loaded(sql)
    assert db is not None
    ran, refused = _refused(db, sql)
    assert refused == []
    assert ran >= 3


@pytest.mark.parametrize("sql", [
    # a rename by case only, a table without a key, a redundant UNIQUE, a float key, a
    # foreign key to a column with no unique key
    "CREATE TABLE BATCH_JOB (JOB_ID INTEGER NOT NULL PRIMARY KEY);",
    "CREATE TABLE users (name text);",
    "CREATE TABLE r (a text NOT NULL, b text NOT NULL, c text NOT NULL,\n"
    "  CONSTRAINT r_abc UNIQUE (a, b, c), CONSTRAINT r_ab UNIQUE (a, b));",
    "CREATE TABLE rate (value REAL PRIMARY KEY);",
    "CREATE TABLE customer (id INTEGER PRIMARY KEY, email text);\n"
    "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_email text REFERENCES customer (email));",
])
def test_hints_sqlite_once_refused(sql):
    db = _loaded(sql)
    assert db is not None
    ran, refused = _refused(db, sql)
    assert refused == []
