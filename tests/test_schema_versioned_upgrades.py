"""Forms of versioned schema upgrades (Temporal's and Cadence's mysql, postgres and sqlite
lines; scout H's report): each read as the engine reads it."""

from __future__ import annotations

from archkit.schema import load_schema
from archkit.schema.check import check


def findings(sql: str, dialect: str, rule: str | None = None) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in check(sql, dialect=dialect, cache=False)
            if rule is None or f.rule == rule]


def test_mysql_fulltext_and_spatial_indexes():
    # Temporal's visibility schema: CREATE FULLTEXT / SPATIAL INDEX were AK-SQL002 and
    # lost, and a DROP INDEX of one a migration of an unknown table (AK-MG007)
    sql = ("CREATE TABLE csa (\n  namespace_id CHAR(64) NOT NULL,\n  run_id CHAR(64) NOT NULL,\n"
           "  Text01 TEXT,\n  Geo01 GEOMETRY NOT NULL SRID 4326,\n"
           "  PRIMARY KEY (namespace_id, run_id)\n);\n"
           "CREATE FULLTEXT INDEX by_text_01 ON csa (Text01);\n"
           "CREATE SPATIAL INDEX by_geo_01 ON csa (Geo01);\n")
    ix = load_schema(sql, "mysql").tables["csa"].indexes
    assert [(i.name, i.method, i.column_names, i.pos.line) for i in ix] == [
        ("by_text_01", "fulltext", ("Text01",), 8), ("by_geo_01", "spatial", ("Geo01",), 9)]
    dropped = sql + "DROP INDEX by_text_01 ON csa;\n"
    assert [r for r in findings(dropped, "mysql") if r[0].startswith(("AK-SQL", "AK-MG"))] == []


def test_mysql_modify_of_a_key_column_keeps_it_not_null():
    # Temporal v1.8: MODIFY COLUMN signal_id VARCHAR(255) on a key column; MySQL keeps a
    # primary key's columns NOT NULL whatever MODIFY says
    sql = ("CREATE TABLE s (shard_id INT NOT NULL, signal_id VARCHAR(64) NOT NULL,\n"
           "  PRIMARY KEY (shard_id, signal_id));\n"
           "ALTER TABLE s MODIFY COLUMN signal_id VARCHAR(255);\n")
    col = load_schema(sql, "mysql").tables["s"].columns["signal_id"]
    assert (col.raw_type, col.nullable) == ("VARCHAR(255)", False)


def test_sqlite_auto_increment_is_a_type_name():
    # Temporal's sqlite buffered_events: 'id BIGINT AUTO_INCREMENT': sqlite3 reads the
    # words as the type name and fills nothing in (it takes rows with a NULL id); only an
    # INTEGER PRIMARY KEY numbers rows
    sql = ("CREATE TABLE buffered_events (\n  shard_id INT NOT NULL,\n  id BIGINT AUTO_INCREMENT"
           " UNIQUE,\n  PRIMARY KEY (shard_id, id)\n);\n"
           "CREATE TABLE q (id INTEGER PRIMARY KEY AUTOINCREMENT, x int);\n")
    cat = load_schema(sql, "sqlite")
    assert not cat.tables["buffered_events"].columns["id"].identity
    assert cat.tables["q"].columns["id"].identity
    from archkit.schema.sniff import fits, sniff_dialect

    assert fits(sniff_dialect(sql), "sqlite")     # no note telling to read it as MySQL


def test_type_changes_to_text_and_mysql_varchar_widening():
    # PostgreSQL 15: varchar -> text kept the table's relfilenode, numeric -> text did not;
    # a migration alone does not say which it was
    [f] = [f for f in check("ALTER TABLE orders ALTER COLUMN amount TYPE text;", cache=False)
           if f.rule == "AK-MG006"]
    assert f.message.endswith("rewrites the table, unless the column was a varchar or "
                              "char: those become TEXT in the catalog only")
    # MySQL widens a varchar in place only while its length bytes stay (WL#6554)
    [g] = [f for f in check("ALTER TABLE m MODIFY COLUMN rpc_address VARCHAR(128) NOT NULL;",
                            dialect="mysql", cache=False) if f.rule == "AK-MG006"]
    assert "a longer varchar that stays under 256 bytes, or was 256 bytes or more " \
           "already" in g.message
