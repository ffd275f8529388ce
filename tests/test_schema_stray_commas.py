"""A stray comma in CREATE TABLE (``a int,, b int``, ``b int,)``): sqlglot reads past it,
the engine refuses the statement. AK-SQL001 at the comma, where the engine refuses it
(``Dialect.list_commas``), and the table is still checked. SQLite and DuckDB are asked
for real: what they refuse is reported, what they accept is not."""

from __future__ import annotations

import sqlite3

import duckdb
import pytest

from archkit.schema import load_schema
from archkit.schema.check import check
from archkit.schema.parse import parse_sql

EMPTY_ITEM = "CREATE TABLE a (\n  id bigint PRIMARY KEY,, x int\n);"
TRAILING = "CREATE TABLE b (\n  id bigint PRIMARY KEY,\n  x int,\n);"
# a comment between the comma and the bracket is still a trailing comma
TRAILING_COMMENT = "CREATE TABLE c (\n  id bigint PRIMARY KEY,\n  x int, -- y int\n);"
CLEAN = [
    "CREATE TABLE d (id bigint PRIMARY KEY, x int);",
    # commas in strings and comments are not the list's
    "CREATE TABLE e (id bigint PRIMARY KEY, x text DEFAULT ',,)' CHECK (x <> ',)'));",
    "CREATE TABLE f (\n  id bigint PRIMARY KEY -- , x int,\n);",
    "CREATE TABLE g (id bigint PRIMARY KEY /* a int,, */, x int);",
]


def _sql001(sql: str, dialect: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.col, f.message) for f in check(sql, dialect=dialect, cache=False)
            if f.rule == "AK-SQL001"]


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "mariadb", "sqlite", "oracle",
                                     "redshift"])
def test_empty_item_and_trailing_comma_are_reported_at_the_comma(dialect):
    (found,) = _sql001(EMPTY_ITEM, dialect)
    assert found[:2] == (2, 24)
    assert "empty item" in found[2] and "refuses" in found[2]
    (found,) = _sql001(TRAILING, dialect)
    assert found[:2] == (3, 8) and "a comma before ')'" in found[2]
    (found,) = _sql001(TRAILING_COMMENT, dialect)
    assert found[:2] == (3, 8)


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "sqlite", "duckdb", "tsql"])
@pytest.mark.parametrize("sql", CLEAN)
def test_commas_the_engine_accepts_are_not_reported(sql, dialect):
    assert _sql001(sql, dialect) == []


def test_sql_server_accepts_a_trailing_comma_and_duckdb_too():
    assert _sql001(TRAILING, "tsql") == []
    assert _sql001(TRAILING, "duckdb") == []
    assert len(_sql001(EMPTY_ITEM, "duckdb")) == 1


def test_the_table_is_still_checked():
    (stmt,) = parse_sql(TRAILING, "postgres", "t.sql")
    assert stmt.error is not None and stmt.error.kept and stmt.tree is not None
    cat = load_schema(TRAILING, "postgres")
    assert list(cat.tables["b"].columns) == ["id", "x"]
    rules = {f.rule for f in check(
        "CREATE TABLE b (\n  id int PRIMARY KEY,\n  x int,\n);", dialect="postgres",
        cache=False)}
    assert {"AK-SQL001", "AK-PK003"} <= rules      # the int key is still judged


def test_sqlite_virtual_table_arguments_are_the_modules():
    sql = ("CREATE VIRTUAL TABLE docs USING fts5 (\n  body,\n  content='t',\n"
           "  tokenize=\"unicode61 remove_diacritics 2\"\n);")
    assert _sql001(sql, "sqlite") == []


@pytest.mark.parametrize("sql", [EMPTY_ITEM, TRAILING, TRAILING_COMMENT, *CLEAN])
def test_reported_exactly_when_sqlite_and_duckdb_refuse_it(sql):
    for dialect, run in (("sqlite", lambda s: sqlite3.connect(":memory:").execute(s)),
                         ("duckdb", lambda s: duckdb.connect(":memory:").execute(s))):
        try:
            run(sql)
            refused = False
        except (sqlite3.Error, duckdb.Error):
            refused = True
        assert bool(_sql001(sql, dialect)) == refused, (dialect, sql)
