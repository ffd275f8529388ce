"""The catalog memoises type and small-expression renderings per dialect: the results
must be what rendering each node afresh gives, in every dialect, in any order."""

from __future__ import annotations

import sqlglot

from archkit.schema import load_schema
from archkit.schema.catalog import _Builder, _sql_key, _type_key
from archkit.schema.dialects import get_dialect


def test_the_same_type_normalises_per_dialect_whichever_runs_first():
    sql = "CREATE TABLE t (a timestamp, b int64, c float64, d varchar(10), e numeric(9, 3));"
    for order in (("bigquery", "postgres"), ("postgres", "bigquery")):
        got = {d: load_schema(sql, d).tables for d in order}
        bq = next(iter(got["bigquery"].values())).columns
        pg = next(iter(got["postgres"].values())).columns
        assert bq["a"].type == "timestamptz" and pg["a"].type == "timestamp"
        assert bq["b"].type == "bigint" and bq["c"].type == "double"
        assert pg["d"].params == ("10",) and pg["e"].params == ("9", "3")
        assert pg["e"].raw_type == "DECIMAL(9, 3)"


def test_memoised_renderings_equal_fresh_ones():
    exprs = ["now()", "CURRENT_TIMESTAMP", "CURRENT_DATE", "a >= 0", "-1", "TRUE", "NULL",
             "t.a <> 'x'", "a = -2.5", "a > 0 /* note */", "lower(a)", "'a b'"]
    for dialect in ("postgres", "mysql", "sqlite", "tsql", "oracle", "bigquery"):
        b = _Builder(get_dialect(dialect))
        for text in exprs:
            for _ in range(2):       # the second call is answered from the memo
                node = sqlglot.parse_one(text, read=dialect)
                fresh = _Builder(get_dialect(dialect))._generate(node.copy())
                assert b.sql(node) == fresh, (dialect, text)


def test_keys_tell_apart_what_renders_differently():
    a, b = (sqlglot.parse_one(x, read="postgres") for x in ("a >= 0", "a >= '0'"))
    assert _sql_key(a) != _sql_key(b)
    commented = sqlglot.parse_one("a >= 0 /* why */", read="postgres")
    assert _sql_key(commented) is None       # comments are rendered: never memoised
    t1, t2, t3 = (sqlglot.parse_one(f"CAST(x AS {t})", read="postgres").to
                  for t in ("varchar(10)", "varchar(12)", "varchar"))
    assert len({_type_key(t1), _type_key(t2), _type_key(t3)}) == 3
    arr = sqlglot.parse_one("CAST(x AS int[])", read="postgres").to
    assert _type_key(arr) is None or _type_key(arr) != _type_key(
        sqlglot.parse_one("CAST(x AS int)", read="postgres").to)


def test_repeated_defaults_and_checks_keep_their_text():
    cols = ",\n".join(f"  c{i} int NOT NULL DEFAULT now() CHECK (c{i} >= 0)" for i in range(5))
    cat = load_schema(f"CREATE TABLE t (\n{cols}\n);")
    t = cat.tables["t"]
    assert {c.default for c in t.columns.values()} == {"CURRENT_TIMESTAMP"}
    assert [c.expression for c in t.checks] == [f"c{i} >= 0" for i in range(5)]
    assert [c.pos.line for c in t.columns.values()] == [2, 3, 4, 5, 6]


def test_comments_inside_a_type_are_not_lost_to_the_memo():
    # the same type once with a comment inside it: the renderings differ, in either order
    plain = "s ENUM('open', 'closed')"
    noted = "t ENUM('open',  -- why\n 'closed')"
    for cols in ((plain, noted), (noted, plain)):
        t = load_schema(f"CREATE TABLE x ({cols[0]}, {cols[1]});", "mysql").tables["x"]
        assert t.columns["s"].raw_type == "ENUM('open', 'closed')"
        assert t.columns["t"].raw_type == "ENUM('open' /* why */, 'closed')"
        assert t.columns["s"].enum_values == t.columns["t"].enum_values == ("open", "closed")


def test_type_memo_belongs_to_one_dialect_object():
    from dataclasses import replace

    from archkit.schema.catalog import build_catalog
    from archkit.schema.parse import parse_sql

    pg = get_dialect("postgres")
    sql = "CREATE TABLE t (a text, b int4);"
    for aliases, want in (({"text": "clob"}, "clob"), ({}, "text"), ({"text": "string"}, "string")):
        d = replace(pg, type_aliases=aliases)          # same name, other facts
        cat = build_catalog(parse_sql(sql, d), d)
        assert cat.tables["t"].columns["a"].type == want
        assert cat.tables["t"].columns["b"].type == "int"
