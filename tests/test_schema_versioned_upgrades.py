"""Forms of versioned schema upgrades (Temporal's and Cadence's mysql, postgres and sqlite
lines; scout H's report): each read as the engine reads it."""

from __future__ import annotations

from schema_rule_helpers import rule_lines as findings

from archkit.schema import load_schema
from archkit.schema.check import check


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


def test_mysql_varchar_widening_with_the_old_length_known(tmp_path):
    # --since gives the old lengths: MariaDB 10.11 took varchar(100) -> varchar(200) in
    # utf8mb4 (400 -> 800 bytes) with ALGORITHM=INSTANT, and varchar(40) -> varchar(100)
    # (160 -> 400 bytes) only with ALGORITHM=COPY (scout AS)
    base = ("CREATE TABLE orders (id bigint NOT NULL PRIMARY KEY, note varchar(100) NOT NULL,"
            " code varchar(40) NOT NULL, tag varchar(20), memo varchar(50)) ENGINE=InnoDB "
            "DEFAULT CHARSET={cs};\n")
    change = ("ALTER TABLE orders MODIFY note varchar(200) NOT NULL;\n"
              "ALTER TABLE orders MODIFY code varchar(100) NOT NULL;\n"
              "ALTER TABLE orders MODIFY tag varchar(40);\n"
              "ALTER TABLE orders MODIFY memo varchar(100);\n")

    def mg006(cs: str) -> dict[str, str]:
        (tmp_path / "V1__base.sql").write_text(base.format(cs=cs))
        (tmp_path / "V2__change.sql").write_text(change)
        report = check(sorted(tmp_path.glob("*.sql")), dialect="mysql", cache=False,
                       since=tmp_path / "V2__change.sql")
        return {f.object: f.message for f in report if f.rule == "AK-MG006"}

    utf8 = mg006("utf8mb4")
    assert sorted(utf8) == ["orders.code", "orders.memo"]
    assert utf8["orders.code"].endswith("rewrites the table (160 to 400 bytes in utf8mb4: its "
                                        "length prefix grows to two bytes, and InnoDB copies "
                                        "the table)")
    # latin1: 100 -> 200 bytes stays under 256, 50 -> 100 too
    assert sorted(mg006("latin1")) == []


def test_mysql_modify_that_drops_attributes():
    # Temporal v1.2 blob_size.sql: MODIFY COLUMN data MEDIUMBLOB on a BLOB NOT NULL column;
    # MySQL keeps only what MODIFY says ("attributes ... not specified for the new
    # definition are not carried forward"): the column becomes nullable
    sql = ("CREATE TABLE namespaces (id BINARY(16) NOT NULL PRIMARY KEY, data BLOB NOT NULL,\n"
           "  enc VARCHAR(16) NOT NULL DEFAULT 'json' COMMENT 'codec', n INT NOT NULL AUTO_INCREMENT UNIQUE);\n"
           "ALTER TABLE namespaces MODIFY COLUMN data MEDIUMBLOB;\n"
           "ALTER TABLE namespaces CHANGE enc encoding VARCHAR(32) NOT NULL;\n"
           "ALTER TABLE namespaces MODIFY n BIGINT NOT NULL;\n"
           "ALTER TABLE namespaces MODIFY id BINARY(16);\n")
    found = [f for f in check(sql, dialect="mysql", cache=False) if f.rule == "AK-MG008"]
    assert [(f.line, f.object) for f in found] == [
        (3, "namespaces.data"), (4, "namespaces.encoding"), (5, "namespaces.n")]
    assert found[0].hint == "ALTER TABLE namespaces MODIFY COLUMN data MEDIUMBLOB NOT NULL;"
    # the whole definition: what the statement said and what it left out
    assert found[1].hint == ("ALTER TABLE namespaces MODIFY COLUMN encoding VARCHAR(32) NOT NULL "
                             "DEFAULT 'json' COMMENT 'codec';")
    assert "does not restate DEFAULT 'json', COMMENT 'codec'" in found[1].message
    assert "AUTO_INCREMENT" in found[2].message
    # restated, or written NULL on purpose: nothing to say (the key column stays NOT NULL)
    ok = sql.split("ALTER")[0] + ("ALTER TABLE namespaces MODIFY COLUMN data MEDIUMBLOB NOT NULL;\n"
                                  "ALTER TABLE namespaces MODIFY COLUMN enc VARCHAR(32) NULL "
                                  "DEFAULT 'json' COMMENT 'codec';\n")
    assert [f for f in check(ok, dialect="mysql", cache=False) if f.rule == "AK-MG008"] == []
    # a DEFAULT NULL left out is no default lost
    assert [f for f in check("CREATE TABLE o (id int PRIMARY KEY, memo varchar(40) NULL DEFAULT "
                             "NULL);\nALTER TABLE o MODIFY memo varchar(60) NOT NULL;",
                             dialect="mysql", cache=False) if f.rule == "AK-MG008"] == []


def test_incremental_check_keeps_modify_findings():
    from archkit.schema.cache import IncrementalChecker

    sql = ("CREATE TABLE namespaces (id BIGINT PRIMARY KEY, data BLOB NOT NULL);\n"
           "CREATE TABLE other (id BIGINT PRIMARY KEY, x INT NOT NULL DEFAULT 1);\n"
           "ALTER TABLE namespaces MODIFY COLUMN data MEDIUMBLOB;\n"
           "ALTER TABLE other MODIFY x BIGINT;\n")
    ic = IncrementalChecker(sql, dialect="mysql")
    ic.recheck()
    report = ic.edit(1, "CREATE TABLE other (id BIGINT PRIMARY KEY, x INT NOT NULL)")
    full = check(ic.text if isinstance(ic.text, str) else ic.text(), dialect="mysql",
                 cache=False)
    assert [(f.rule, f.object) for f in report] == [(f.rule, f.object) for f in full]
    assert [f.object for f in report if f.rule == "AK-MG008"] == ["namespaces.data",
                                                                   "other.x"]


def test_a_scratch_table_dropped_again_is_no_destructive_drop():
    # OpenEMR's upgrade scripts: DROP TABLE IF EXISTS tmp; CREATE TABLE tmp ...; DROP
    # TABLE tmp: the table is the file's own (the catalog no longer has it at the end)
    sql = ("DROP TABLE IF EXISTS `tmp1`;\n"
           "CREATE TABLE `tmp1` (`id` int NOT NULL DEFAULT '0') ENGINE=InnoDB;\n"
           "INSERT INTO `tmp1` (`id`) VALUES (1);\nDROP TABLE `tmp1`;\n")
    assert [r for r in findings(sql, "mysql") if r[0].startswith("AK-MG")] == []
    assert ("AK-MG001", 1) in findings("DROP TABLE IF EXISTS t1;\n", "mysql")


def test_postgres_builtin_types_sqlglot_knows_by_name():
    # Temporal's visibility schema: Text01 TSVECTOR was typed 'user-defined', like an
    # enum the input defines; a type of the input's own stays so
    sql = ("CREATE TYPE mood AS ENUM ('a');\n"
           "CREATE TABLE t (doc tsvector, q TSQUERY, m mood, r regclass);\n")
    cols = load_schema(sql).tables["t"].columns
    assert [cols[c].type for c in ("doc", "q", "m", "r")] == [
        "tsvector", "tsquery", "user-defined", "regclass"]
