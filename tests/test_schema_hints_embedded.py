"""Every SQL hint archkit gives for SQLite and DuckDB runs on that engine.

Both engines are embedded (Python's sqlite3, the duckdb package), so this runs wherever
the tests do: each rule's ``fires`` example that the engine loads, Sakila (SQLite) and a
few shapes that once failed are checked with ``--dialect sqlite`` / ``duckdb``, and
every hint that is SQL (not a ``--`` note, not prose) is executed on a copy of the loaded
database. (PostgreSQL 15 and MariaDB 10.11 were used the same way by hand, on the corpus
of real schemas: see docs/schema.md.) Hints this caught on SQLite: ``ADD COLUMN id
INTEGER PRIMARY KEY`` ('Cannot add a PRIMARY KEY column'), ``ADD UNIQUE`` (near
"UNIQUE": syntax error), ``DROP CONSTRAINT``, a table rename by case only ('there is
already another table or index with this name'); on DuckDB: identity columns, ALTER
INDEX, ADD / DROP CONSTRAINT, and type changes or renames of an indexed column ('an
index depends on it').
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


def _loaded(sql: str, engine: str = "sqlite"):
    """A fresh in-memory database of ``engine`` (sqlite, duckdb) holding ``sql``, or None
    when the engine refuses it."""
    if engine == "sqlite":
        db = sqlite3.connect(":memory:")
        run, error = db.executescript, sqlite3.Error
    else:
        import duckdb

        db = duckdb.connect()
        run, error = db.execute, duckdb.Error
    try:
        run(sql)
    except error:
        return None
    return db


def _refused(sql: str, rules: list[str] | None = None,
             engine: str = "sqlite") -> tuple[int, list[str]]:
    """(hints run, the ones the engine refused with its message), each hint on a fresh
    database loaded with ``sql``."""
    ran, refused = 0, []
    for f in check(sql, dialect=engine, select=rules).findings:
        hint = (f.hint or "").strip()
        if not _SQL.match(hint):          # a note, or prose ("review it by hand ...")
            continue
        db = _loaded(sql, engine)
        ran += 1
        try:
            db.executescript(hint) if engine == "sqlite" else db.execute(hint)
        except Exception as exc:  # noqa: BLE001 - sqlite3.Error / duckdb.Error
            refused.append(f"{f.rule} {f.object}: {hint} -> {str(exc).splitlines()[0]}")
    return ran, refused


def _examples(engine: str) -> tuple[int, int, list[str]]:
    """(examples the engine loads, hints run, hints refused) over each rule's ``fires``
    example that runs in ``engine``'s dialect."""
    loaded = ran = 0
    refused: list[str] = []
    for rid, sr in SCHEMA_RULES.items():
        if sr.dialects is not None and engine not in sr.dialects:
            continue
        if _loaded(sr.rule.fires, engine) is None:     # (another dialect's syntax)
            continue
        loaded += 1
        n, bad = _refused(sr.rule.fires, [rid], engine)
        ran += n
        refused += bad
    return loaded, ran, refused


def test_every_hint_for_the_rules_own_examples_runs_on_sqlite():
    loaded, ran, refused = _examples("sqlite")
    assert refused == []
    assert loaded >= 25 and ran >= 10


def test_every_hint_for_sakila_runs_on_sqlite():
    sql = SAKILA.read_text()
    assert _loaded(sql) is not None
    ran, refused = _refused(sql)
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
    assert _loaded(sql) is not None
    ran, refused = _refused(sql)
    assert refused == []


# -- DuckDB ------------------------------------------------------------------------------
def test_every_hint_for_the_rules_own_examples_runs_on_duckdb():
    loaded, ran, refused = _examples("duckdb")
    assert refused == []
    assert loaded >= 20 and ran >= 10


@pytest.mark.parametrize("sql", [
    "CREATE TABLE audit_log (event text);",
    "CREATE TABLE t (id int PRIMARY KEY, made timestamp, name varchar(20), n int);\n"
    "CREATE INDEX t_made ON t (made);\nCREATE INDEX t_name ON t (name);\n"
    "CREATE TABLE u (id bigint PRIMARY KEY, n bigint);\nCREATE TABLE v (id bigint PRIMARY KEY, n bigint);",
])
def test_hints_duckdb_once_refused(sql):
    assert _loaded(sql, "duckdb") is not None
    ran, refused = _refused(sql, engine="duckdb")
    assert refused == [] and ran >= 1


def test_duckdb_renames_an_indexed_column_only_after_its_indexes_go():
    # 'Dependency Error: Cannot alter entry "orders" because there are entries that
    # depend on it': the hint drops the table's indexes, renames, and makes them again,
    # the ones on the column on its new name
    sql = ('CREATE TABLE orders (id bigint PRIMARY KEY, "customerId" bigint, total int);\n'
           'CREATE INDEX by_customer ON orders ("customerId", total);\n'
           'CREATE INDEX by_total ON orders (total);')
    hints = {f.object: f.hint for f in check(sql, dialect="duckdb", select=["AK-NM001"]).findings}
    hint = hints["orders.customerid"]
    assert hint.startswith("DROP INDEX by_customer; DROP INDEX by_total; ALTER TABLE orders "
                           'RENAME COLUMN customerId TO customer_id; CREATE INDEX by_customer')
    db = _loaded(sql, "duckdb")
    db.execute(hint)
    made = dict(db.execute("SELECT index_name, sql FROM duckdb_indexes()").fetchall())
    assert set(made) == {"by_customer", "by_total"}
    assert "customer_id" in made["by_customer"] and "customerId" not in made["by_customer"]
    assert [r[0] for r in db.execute("SELECT column_name FROM duckdb_columns() "
                                     "WHERE table_name = 'orders'").fetchall()] == [
        "id", "customer_id", "total"]
