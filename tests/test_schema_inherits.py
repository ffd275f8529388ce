"""postgres table inheritance (``CREATE TABLE c (...) INHERITS (a, b)``): the child's
columns are its parents' and its own, as PostgreSQL 15 builds them (every expected
catalog below is what ``pg_attribute`` held after the same script, checked), later ALTERs
of a parent reach its children, and what postgres refuses is AK-SQL003."""

from __future__ import annotations

from collections import Counter

import pytest

from archkit.schema import load_schema
from archkit.schema.catalog import build_catalog
from archkit.schema.check import check
from archkit.schema.erd import erd_mermaid
from archkit.schema.inherits import follow, inherit, only_dropped
from archkit.schema.model import Column, Table

# the script replayed against PostgreSQL 15; d and e are refused (type conflicts), and so
# are c's DROP COLUMN name / w and RENAME COLUMN w
SCRIPT = """\
CREATE TABLE a (id bigint PRIMARY KEY, name varchar(10) NOT NULL, x int);
CREATE TABLE b (y int, id bigint);
CREATE TABLE c (z int, x int NOT NULL DEFAULT 5, name varchar(10)) INHERITS (a, b);
CREATE TABLE d (name varchar(20)) INHERITS (a);
CREATE TABLE e (x bigint) INHERITS (a);
ALTER TABLE a ADD COLUMN w int;
ALTER TABLE a DROP COLUMN x;
ALTER TABLE c DROP COLUMN name;
ALTER TABLE c DROP COLUMN w;
ALTER TABLE c RENAME COLUMN w TO w2;
ALTER TABLE a RENAME COLUMN w TO w3;
ALTER TABLE a ALTER COLUMN w3 SET NOT NULL;
ALTER TABLE a ALTER COLUMN w3 TYPE bigint;
CREATE TABLE g (q int) INHERITS (c);
ALTER TABLE a ADD COLUMN last text;
"""

# pg_attribute after SCRIPT: (name, type, NOT NULL) in column order
PG15 = {
    "a": [("id", "BIGINT", True), ("name", "VARCHAR(10)", True), ("w3", "BIGINT", True),
          ("last", "TEXT", False)],
    "b": [("y", "INT", False), ("id", "BIGINT", False)],
    "c": [("id", "BIGINT", True), ("name", "VARCHAR(10)", True), ("x", "INT", True),
          ("y", "INT", False), ("z", "INT", False), ("w3", "BIGINT", True),
          ("last", "TEXT", False)],
    "g": [("id", "BIGINT", True), ("name", "VARCHAR(10)", True), ("x", "INT", True),
          ("y", "INT", False), ("z", "INT", False), ("w3", "BIGINT", True),
          ("q", "INT", False), ("last", "TEXT", False)],
}


def _columns(cat, key):
    return [(n, c.raw_type, not c.nullable) for n, c in cat.tables[key].columns.items()]


def test_the_catalog_equals_postgres_after_creates_and_alters_of_parents():
    cat = load_schema(SCRIPT, "postgres")
    for key, expected in PG15.items():
        assert _columns(cat, key) == expected, key
    # c's own x kept its default; g inherits it, as postgres' \d g shows
    assert cat.tables["c"].columns["x"].default == "5"
    assert cat.tables["g"].columns["x"].default == "5"
    # nothing is inherited but the columns: no key on c, no index
    assert cat.tables["c"].primary_key is None and cat.tables["c"].indexes == []


def test_what_postgres_refuses_is_sql003_and_changes_nothing():
    found = [(f.line, f.message) for f in check(SCRIPT, cache=False, select=["AK-SQL003"])]
    lines = [line for line, _ in found]
    assert lines == [4, 5, 8, 9, 10]
    msgs = dict(found)
    assert "column d.name has a type conflict: varchar(20) here, varchar(10) in a" in msgs[4]
    assert "column e.x has a type conflict: bigint here, int in a" in msgs[5]
    assert "DROP COLUMN c.name: the column is inherited from a," in msgs[8]
    assert "refuses to drop an inherited column" in msgs[8]
    assert "RENAME COLUMN c.w: the column is inherited from a," in msgs[10]
    assert "refuses to rename an inherited column" in msgs[10]


def test_a_parent_with_children_is_not_dropped_without_cascade():
    sql = SCRIPT + "DROP TABLE a;\n"
    cat = load_schema(sql, "postgres")
    assert "a" in cat.tables and "c" in cat.tables
    found = [f for f in check(sql, cache=False, select=["AK-SQL003"]) if f.line == 16]
    # (d and e were refused: they do not exist)
    assert len(found) == 1 and "c, g inherit from it" in found[0].message
    assert "DROP TABLE a CASCADE" in found[0].hint
    assert {"d", "e"}.isdisjoint(cat.tables)
    # CASCADE drops the children and theirs (PostgreSQL 15: 'drop cascades to table c')
    cat = load_schema(SCRIPT + "DROP TABLE b CASCADE;\n", "postgres")
    assert set(cat.tables) == {"a"}
    # dropping the children first, or in the same statement, is fine
    sql = SCRIPT + "DROP TABLE g, c, a;\n"
    assert not [f for f in check(sql, cache=False, select=["AK-SQL003"]) if f.line == 16]
    assert set(load_schema(sql, "postgres").tables) == {"b"}


def test_an_alter_only_of_the_parent_does_not_reach_children():
    # PostgreSQL 15: c.id stays nullable, takes the default given without ONLY, and keeps
    # t, which ONLY dropped from a, as its own column (it can drop it now)
    sql = ("CREATE TABLE a (id bigint, t text);\nCREATE TABLE c () INHERITS (a);\n"
           "ALTER TABLE ONLY a ALTER COLUMN id SET NOT NULL;\n"
           "ALTER TABLE a ALTER COLUMN id SET DEFAULT 1;\n"
           "ALTER TABLE a ADD COLUMN w int;\n"
           "ALTER TABLE ONLY a DROP COLUMN t;\n")
    cat = load_schema(sql, "postgres")
    c = cat.tables["c"]
    assert (c.columns["id"].nullable, c.columns["id"].default) == (True, "1")
    assert list(c.columns) == ["id", "t", "w"] and list(cat.tables["a"].columns) == ["id", "w"]
    assert not [f for f in check(sql + "ALTER TABLE c DROP COLUMN t;\n", cache=False)
                if f.rule == "AK-SQL003"]


def test_a_rename_of_the_parent_column_reaches_grandchildren_and_their_keys():
    sql = ("CREATE TABLE a (id bigint, code text);\n"
           "CREATE TABLE c (PRIMARY KEY (id)) INHERITS (a);\n"
           "CREATE TABLE g (UNIQUE (code)) INHERITS (c);\n"
           "CREATE INDEX g_code ON g (code);\n"
           "ALTER TABLE a RENAME COLUMN code TO label;\n")
    cat = load_schema(sql, "postgres")
    assert list(cat.tables["g"].columns) == ["id", "label"]
    assert cat.tables["g"].uniques[0].columns == ("label",)
    assert cat.tables["g"].indexes[0].column_names == ("label",)
    assert cat.tables["c"].primary_key.columns == ("id",)


def test_a_parent_dropping_a_column_drops_the_childs_index_on_it():
    sql = ("CREATE TABLE a (id bigint, code text);\nCREATE TABLE c () INHERITS (a);\n"
           "CREATE INDEX c_code ON c (code);\nALTER TABLE a DROP COLUMN code;\n")
    cat = load_schema(sql, "postgres")
    assert list(cat.tables["c"].columns) == ["id"] and cat.tables["c"].indexes == []


def test_child_columns_are_checked_like_any_table_and_judged_once():
    sql = ("CREATE TABLE cities (id bigint PRIMARY KEY, name varchar(80) NOT NULL);\n"
           "CREATE TABLE capitals (id bigint PRIMARY KEY, state char(2) NOT NULL, "
           "note varchar(20)) INHERITS (cities);\n"
           "CREATE INDEX capitals_name_idx ON capitals (nmae);\n")
    found = check(sql, cache=False)
    sql003 = [f for f in found if f.rule == "AK-SQL003"]
    # a typo in a column the child inherits was unknown before (its columns were unknown)
    assert len(sql003) == 1 and "capitals has no column nmae" in sql003[0].message
    assert "did you mean name" in sql003[0].hint
    # the inherited varchar(80) is reported once, on cities, not again on capitals, whose
    # own columns are judged
    assert [f.object for f in found if f.rule == "AK-TY003"] == ["cities.name",
                                                                 "capitals.note"]


def test_a_parent_outside_the_input_leaves_the_child_columns_unknown():
    sql = "CREATE TABLE capitals (state char(2) NOT NULL) INHERITS (cities);\n" \
          "CREATE INDEX ON capitals (name);\n"
    cat = load_schema(sql, "postgres")
    assert list(cat.tables["capitals"].columns) == ["state"]
    assert not [f for f in check(sql, cache=False) if f.rule == "AK-SQL003"]


def test_the_er_diagram_shows_inherited_columns():
    text = erd_mermaid(load_schema(SCRIPT, "postgres"))
    block = text.split("g {", 1)[1].split("}", 1)[0]
    assert [line.split()[1] for line in block.strip().splitlines()] == \
        ["id", "name", "x", "y", "z", "w3", "q", "last"]


def test_inherit_keeps_order_and_merges_not_null():
    def col(name, ty="int", nullable=True, default=None):
        return Column(name=name, type=ty, raw_type=ty.upper(), nullable=nullable,
                      default=default)

    p1 = Table(name="p1", columns={"a": col("a"), "b": col("b", nullable=False)})
    p2 = Table(name="p2", columns={"b": col("b"), "c": col("c", nullable=False)})
    child = Table(name="c", columns={"z": col("z"), "a": col("a", nullable=False,
                                                               default="1")})
    got = inherit(child, [p1, p2])
    assert list(got.columns) == ["a", "b", "c", "z"]
    assert [not c.nullable for c in got.columns.values()] == [True, True, True, False]
    assert got.columns["a"].default == "1"
    assert got.inherited == {"a", "b", "c"} and got.merged == {"a"} and not got.conflicts
    child.options.update(inherited=got.inherited, merged=got.merged)
    child.columns = got.columns
    # p1 drops a (the child's own too: kept) and b (p2 still has it); then p2 adds d and
    # makes c nullable
    before = p1.columns
    p1.columns = {}
    again = follow(child, [p1, p2], before, p1.columns)
    assert list(again.columns) == ["a", "b", "c", "z"]
    assert again.inherited == {"b", "c"} and again.merged == set()
    child.options.update(inherited=again.inherited, merged=again.merged)
    child.columns = again.columns
    before = p2.columns
    p2.columns = {**p2.columns, "c": col("c"), "d": col("d")}
    last = follow(child, [p1, p2], before, p2.columns)
    assert list(last.columns) == ["a", "b", "c", "z", "d"] and last.columns["c"].nullable
    # ONLY: a column the parent drops stays, the child's own
    assert only_dropped(child, [Table(name="p2")], {"c": col("c")}, {}).inherited == {"b"}
    assert inherit(Table(name="x", columns={"c": col("c", "bigint")}), [p2]).conflicts


@pytest.mark.parametrize("edit", [
    ("CREATE TABLE a", "name varchar(10) NOT NULL", "name varchar(12) NOT NULL"),
    ("CREATE TABLE a", "x int", "x int, extra text"),
    ("CREATE TABLE c", "z int,", "z int, zz int,"),
    ("CREATE TABLE c", "INHERITS (a, b)", "INHERITS (a)"),
])
def test_incremental_edits_of_parents_and_children_equal_a_full_check(edit):
    from archkit.schema.cache import IncrementalChecker

    def key(f):
        return (f.rule, f.line, f.col, f.message)

    ic = IncrementalChecker(SCRIPT)
    what, old, new = edit
    i = next(k for k, s in enumerate(ic.statements) if s.sql.startswith(what))
    ic.edit(i, ic.statements[i].sql.replace(old, new))
    full = build_catalog(ic.statements, ic.dialect)
    assert list(ic.catalog.tables.items()) == list(full.tables.items())
    assert Counter(map(key, ic.report)) == Counter(map(key, check(ic.text, cache=False)))


def test_alter_table_inherit_and_no_inherit_as_postgres_15():
    sql = """\
CREATE TABLE a (id bigint PRIMARY KEY, t text);
CREATE TABLE c (id bigint, t text, x int);
ALTER TABLE c INHERIT a;
CREATE TABLE c2 (id bigint NOT NULL, x int);
ALTER TABLE c2 INHERIT a;
CREATE TABLE c3 (id int NOT NULL, t text);
ALTER TABLE c3 INHERIT a;
CREATE TABLE c4 (x int, t text, id bigint NOT NULL);
ALTER TABLE c4 INHERIT a;
ALTER TABLE a ADD COLUMN w int;
"""
    found = check(sql, cache=False)
    # PostgreSQL 15's three refusals; the statements are read (no AK-SQL002)
    assert [(f.rule, f.line) for f in found if f.rule.startswith("AK-SQL")] == \
        [("AK-SQL003", 3), ("AK-SQL003", 5), ("AK-SQL003", 7)]
    msgs = [f.message for f in found if f.rule == "AK-SQL003"]
    assert "c.id is nullable, a.id NOT NULL" in msgs[0]
    assert "c2 has no column t, which a has" in msgs[1]
    assert "c3.id is int, a.id bigint" in msgs[2]
    cat = load_schema(sql, "postgres")
    assert list(cat.tables["c4"].columns) == ["x", "t", "id", "w"]    # w came from a
    assert "inherits" not in cat.tables["c"].options                  # refused
    # NO INHERIT: w stays, c4's own, which it may drop (\d c4 in PostgreSQL 15: x, t, id)
    more = sql + "ALTER TABLE c4 NO INHERIT a;\nALTER TABLE a ADD COLUMN v int;\n" \
                 "ALTER TABLE c4 DROP COLUMN w;\n"
    assert [f.line for f in check(more, cache=False) if f.rule == "AK-SQL003"] == [3, 5, 7]
    assert list(load_schema(more, "postgres").tables["c4"].columns) == ["x", "t", "id"]


@pytest.mark.parametrize("script, line, says", [
    # found by a differential fuzz against PostgreSQL 15 (random INHERITS scripts)
    ("CREATE TABLE p (a text);\nCREATE TABLE q (a int);\nCREATE TABLE c () INHERITS (p, q);\n",
     3, "inherited column a has a type conflict (text in p, int in q)"),
    ("CREATE TABLE p (a int);\nCREATE TABLE c () INHERITS (p);\n"
     "ALTER TABLE ONLY p ADD COLUMN b int;\n", 3, "refuses a column added to the parent only"),
    ("CREATE TABLE p (a int);\nCREATE TABLE c (b int) INHERITS (p);\n"
     "ALTER TABLE p ADD COLUMN b varchar(10);\n", 3, "c, which inherits from p, has a column b"),
    ("CREATE TABLE p (a int);\nCREATE TABLE c () INHERITS (p);\n"
     "ALTER TABLE ONLY p RENAME COLUMN a TO b;\n", 3, "refuses to change it in the parent only"),
    ("CREATE TABLE p (a int);\nCREATE TABLE c () INHERITS (p);\n"
     "ALTER TABLE ONLY p ALTER COLUMN a TYPE bigint;\n", 3, "c inherit a from it"),
    ("CREATE TABLE p (a int);\nCREATE TABLE c () INHERITS (p);\nALTER TABLE p INHERIT c;\n",
     3, "refuses circular inheritance"),
    ("CREATE TABLE p (a int);\nALTER TABLE p INHERIT p;\n", 2, "circular inheritance"),
    ("CREATE TABLE p (a int);\nDROP TABLE p;\nCREATE TABLE c () INHERITS (p);\n",
     3, "the table was dropped at line 2"),
])
def test_what_postgres_refuses_found_by_the_fuzz(script, line, says):
    found = [f for f in check(script, cache=False) if f.rule == "AK-SQL003"]
    assert [f.line for f in found] == [line] and says in found[0].message, found


def test_a_refused_change_leaves_parent_and_children_as_they_were():
    sql = ("CREATE TABLE p (a int);\nCREATE TABLE c (b int) INHERITS (p);\n"
           "ALTER TABLE p ADD COLUMN b varchar(10);\nALTER TABLE ONLY p ADD COLUMN z int;\n"
           "CREATE TABLE q (a text);\nCREATE TABLE d () INHERITS (p, q);\n")
    cat = load_schema(sql, "postgres")
    assert list(cat.tables["p"].columns) == ["a"] and list(cat.tables["c"].columns) == ["a", "b"]
    assert "d" not in cat.tables


def test_a_parent_column_change_recurses_even_when_the_parent_had_it_already():
    # PostgreSQL 15: DROP NOT NULL of a nullable parent column still drops the NOT NULL
    # of the child's merged column; SET DEFAULT likewise
    sql = ("CREATE TABLE p (a bigint, b int);\nCREATE TABLE c (a bigint NOT NULL) INHERITS (p);\n"
           "ALTER TABLE p ALTER COLUMN a DROP NOT NULL;\n")
    assert load_schema(sql, "postgres").tables["c"].columns["a"].nullable


def test_a_parent_rename_that_collides_in_a_child_is_refused():
    # found by the fuzz (seed 1058): PostgreSQL 15 refuses it, the child has the name
    sql = ("CREATE TABLE p (b text, d bigint);\nCREATE TABLE c (e bigint) INHERITS (p);\n"
           "ALTER TABLE p RENAME COLUMN b TO e;\n")
    found = [f for f in check(sql, cache=False) if f.rule == "AK-SQL003"]
    assert [f.line for f in found] == [3] and "c, which inherits b from p" in found[0].message
    cat = load_schema(sql, "postgres")
    assert list(cat.tables["p"].columns) == ["b", "d"]
    assert list(cat.tables["c"].columns) == ["b", "d", "e"]
