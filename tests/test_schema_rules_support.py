"""Helpers the schema rules share for speed: compiled hint templates, bound quoting."""

from __future__ import annotations

import pytest

from archkit.schema.catalog import load_schema
from archkit.schema.dialects import get_dialect
from archkit.schema.registry import SCHEMA_RULES, SchemaContext
from archkit.schema.rules import _support
from archkit.schema.rules._support import q, quoter, template


@pytest.mark.parametrize("pattern", [
    "{table}_{columns}_idx", "{columns}", "idx_{table}", "x{{y}}{table}", "{table!r}_{columns}",
    "{table:>12}_{columns}", "plain", "", "{table}{table}",
    "x'); import os; ('{table}", 'a"""b\\{columns}\n',       # literals stay literals
])
def test_template_formats_like_str_format(pattern):
    fields, values = ("table", "columns"), ("orders", "customer_id")
    assert template(pattern, fields)(*values) == pattern.format(**dict(zip(fields, values)))


@pytest.mark.parametrize("pattern, error", [("{other}", KeyError), ("{}", IndexError),
                                            ("{table", ValueError)])
def test_template_fails_like_str_format(pattern, error):
    with pytest.raises(error):
        pattern.format(table="t", columns="c")
    with pytest.raises(error):
        template(pattern, ("table", "columns"))("t", "c")


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "tsql", "oracle", "sqlite"])
def test_bound_quoting_equals_q(dialect):
    catalog = load_schema("CREATE TABLE t (a int);", dialect)
    rule = SCHEMA_RULES["AK-NM001"].rule
    ctx = SchemaContext(catalog=catalog, dialect=get_dialect(dialect), rule=rule)
    names = ["orders", "Order", "select", "user", "a.b", "s.order", "x y", "ORDERS", "_x1",
             "1abc", "naïve"]
    _support._QUOTED.clear()
    by_q = [q(ctx, n) for n in names]
    _support._QUOTED.clear()
    bound = quoter(ctx)
    assert [bound(n) for n in names] == by_q
    assert [bound(n) for n in names] == by_q      # from the cache the second time
    assert q(ctx, "select") != "select"          # reserved everywhere
    assert bound("x y") != "x y"
    if dialect == "postgres":
        assert by_q[:4] == ["orders", '"Order"', '"select"', '"user"']


def test_table_named_finds_what_catalog_table_finds():
    from archkit.schema.rules._support import table_named

    catalog = load_schema("CREATE TABLE a (id int);\nCREATE TABLE s1.b (id int);\n"
                          "CREATE TABLE s1.c (id int);\nCREATE TABLE s2.c (id int);\n"
                          "CREATE INDEX d_idx ON s3.d (x);", "postgres")
    ctx = SchemaContext(catalog=catalog, dialect=get_dialect("postgres"),
                        rule=SCHEMA_RULES["AK-FK001"].rule)
    names = ["a", "b", "s1.b", "c", "s1.c", "s2.c", "d", "s3.d", "missing", "s9.a"]
    assert [table_named(ctx, n) for n in names] == [catalog.table(n) for n in names]
    assert table_named(ctx, "b") is catalog.tables["s1.b"]
    assert table_named(ctx, "c") is None          # two schemas have one: ambiguous
