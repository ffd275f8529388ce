"""Forms in the schemas applications ship for several engines (Zabbix, MediaWiki, phpBB;
scout F's report): each read as the engine reads it, checked on PostgreSQL 15 and
sqlite3 where the report says so."""

from __future__ import annotations

import pytest

from archkit.schema import load_schema
from archkit.schema.check import check


def rules(sql: str, rule: str, dialect: str = "postgres") -> list[tuple[int, str]]:
    return sorted((f.line, f.object) for f in check(sql, dialect=dialect, cache=False)
                  if f.rule == rule)


REPORT_USER = ("CREATE TABLE report_user (\n\treportuserid bigint NOT NULL,\n"
               "\texclude integer DEFAULT '0' NOT NULL,\n\tPRIMARY KEY (reportuserid)\n);\n"
               "CREATE INDEX report_user_1 ON report_user (exclude);\n")


@pytest.mark.parametrize("dialect", ["postgres", "sqlite", "oracle", "duckdb", "tsql", "mysql"])
def test_a_column_named_exclude(dialect):
    # Zabbix 6.0's report_user: sqlglot read the word as an EXCLUDE constraint, and the
    # table was AK-SQL001 with no columns (PostgreSQL 15 and sqlite3 create it)
    assert rules(REPORT_USER, "AK-SQL001", dialect) == []
    t = next(iter(load_schema(REPORT_USER, dialect).tables.values()))
    col = t.columns["EXCLUDE" if dialect == "oracle" else "exclude"]
    assert (col.type, col.nullable, col.pos.line, col.pos.col) == ("int", False, 3, 2)
    assert col.original == "exclude"


def test_exclude_constraints_and_added_columns_named_exclude():
    sql = ("CREATE TABLE r (id int PRIMARY KEY, during tsrange,\n"
           "  EXCLUDE USING gist (during WITH &&), exclude int);\n"
           "CREATE TABLE u (id int PRIMARY KEY);\n"
           "ALTER TABLE u ADD exclude_x int, ADD COLUMN Exclude boolean;\n")
    cat = load_schema(sql)
    assert list(cat.tables["r"].columns) == ["id", "during", "exclude"]
    assert [i.method for i in cat.tables["r"].indexes] == ["gist"]
    assert list(cat.tables["u"].columns) == ["id", "exclude_x", "exclude"]
    assert rules(sql, "AK-SQL001") == []
