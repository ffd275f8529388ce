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


def test_a_second_primary_key_is_refused_as_the_engine_refuses_it():
    # MediaWiki's patch-categorylinks-pk.sql on a table that has a key: PostgreSQL 15
    # says 'multiple primary keys for table "categorylinks" are not allowed'; the
    # catalog replaced the key without a word
    sql = ("CREATE TABLE categorylinks (\n  cl_from INT DEFAULT 0 NOT NULL,\n"
           "  cl_to TEXT DEFAULT '' NOT NULL,\n  cl_target_id BIGINT NOT NULL,\n"
           "  PRIMARY KEY(cl_from, cl_target_id)\n);\n"
           "ALTER TABLE categorylinks\n ADD PRIMARY KEY (cl_from, cl_to);\n")
    [f] = [f for f in check(sql, cache=False) if f.rule == "AK-SQL003"]
    assert (f.line, f.object) == (8, "categorylinks")
    assert "it has one, (cl_from, cl_target_id) at line 5" in f.message
    assert "categorylinks_pkey" in f.hint
    assert load_schema(sql).tables["categorylinks"].primary_key.columns == (
        "cl_from", "cl_target_id")
    # in one CREATE TABLE too; after the old key is dropped, a new one is fine
    assert rules("CREATE TABLE t (id int PRIMARY KEY, a int, PRIMARY KEY (a));",
                 "AK-SQL003", "mysql") == [(1, "t")]
    assert rules("CREATE TABLE u (id int NOT NULL, CONSTRAINT u_pk PRIMARY KEY (id));\n"
                 "ALTER TABLE u DROP CONSTRAINT u_pk;\nALTER TABLE u ADD PRIMARY KEY (id);\n",
                 "AK-SQL003") == []


SQLITE_REBUILD = (
    "CREATE TEMPORARY TABLE /*_*/__temp__objectcache AS\nSELECT\n  keyname,\n  value,\n"
    "  exptime\nFROM /*_*/objectcache;\n\nDROP TABLE /*_*/objectcache;\n\n"
    "CREATE TABLE /*_*/objectcache (\n  keyname BLOB DEFAULT '' NOT NULL,\n"
    "  value BLOB DEFAULT NULL,\n  exptime BLOB NOT NULL,\n  PRIMARY KEY(keyname)\n);\n\n"
    "INSERT INTO /*_*/objectcache (keyname, value, exptime)\nSELECT\n  keyname,\n  value,\n"
    "  exptime\nFROM\n  /*_*/__temp__objectcache;\n\nDROP TABLE /*_*/__temp__objectcache;\n")


def test_sqlite_table_rebuild_keeps_the_rows():
    # MediaWiki's sqlite patches (SQLite's documented way to change a table): the rows
    # are copied out, the table dropped and created anew, the rows copied back. sqlite3
    # still returns them after the patch: no AK-MG001
    assert rules(SQLITE_REBUILD, "AK-MG001", "sqlite") == []
    # without the copy, the DROP loses them
    no_copy = SQLITE_REBUILD.split("DROP TABLE /*_*/objectcache;")[1]
    assert (1, "objectcache") in rules("DROP TABLE objectcache;" + no_copy, "AK-MG001",
                                       "sqlite")


def test_pg_dump_keys_of_partitions_are_not_second_keys():
    # pg_dump adds the parent's key with ALTER TABLE ONLY, then each partition's own
    # (GitLab's structure.sql): the catalog copies the parent's key to its partitions,
    # which is no key of their own to refuse a second one
    sql = ("CREATE TABLE ev (id bigint NOT NULL, kind text NOT NULL) PARTITION BY LIST (kind);\n"
           "CREATE TABLE ev_a PARTITION OF ev FOR VALUES IN ('a');\n"
           "ALTER TABLE ONLY ev ADD CONSTRAINT ev_pkey PRIMARY KEY (id, kind);\n"
           "ALTER TABLE ONLY ev_a ADD CONSTRAINT ev_a_pkey PRIMARY KEY (id, kind);\n"
           "ALTER INDEX ev_pkey ATTACH PARTITION ev_a_pkey;\n")
    assert rules(sql, "AK-SQL003") == []


def test_oracle_number_keys_of_few_digits_run_out():
    # phpBB's Oracle schema: NUMBER(8) keys hold 99,999,999 values, fewer than the int
    # keys AK-PK003 reports in the same schema's MySQL and postgres files
    sql = ("CREATE TABLE phpbb_posts (post_id number(8) NOT NULL, topic_id number(8) NOT NULL,\n"
           "  big_id NUMBER(10), amount_id NUMBER(8, 2),\n"
           "  CONSTRAINT pk_phpbb_posts PRIMARY KEY (post_id));\n")
    found = [f for f in check(sql, dialect="oracle", cache=False) if f.rule == "AK-PK003"]
    assert [(f.object, f.line) for f in found] == [
        ("PHPBB_POSTS.POST_ID", 1), ("PHPBB_POSTS.TOPIC_ID", 1)]
    assert found[0].message.endswith("is NUMBER(8): it runs out after 99,999,999 values")
    assert found[0].hint == "ALTER TABLE PHPBB_POSTS MODIFY (POST_ID NUMBER(19));"
    assert rules("CREATE TABLE t (id numeric(9, 0) PRIMARY KEY);", "AK-PK003") == [(1, "t.id")]


def test_sqlite_shell_comment_and_dot_command_lines():
    # phpBB's sqlite schema heads every table with '# Table: ...': the sqlite3 shell
    # skips such lines (and runs .dot-commands) between statements; every table was
    # AK-SQL001 and lost
    sql = ("# Table: 't'\nCREATE TABLE t (\n  id INTEGER PRIMARY KEY NOT NULL,\n"
           "  n varchar(255) NOT NULL DEFAULT ''\n);\n\n.mode column\n"
           "# Table: 'u'\nCREATE TABLE u (id INTEGER PRIMARY KEY);\n")
    assert rules(sql, "AK-SQL001", "sqlite") == []
    cat = load_schema(sql, "sqlite")
    assert sorted(cat.tables) == ["t", "u"]
    assert cat.tables["t"].columns["n"].pos.line == 4
    # inside a statement a # is no comment to SQLite, and other dialects keep theirs
    assert rules("CREATE TABLE v (id INTEGER PRIMARY KEY,\n# note\n  x int);", "AK-SQL001",
                 "sqlite") == [(2, "statement at line 1")]
    assert rules("# Table: t\nCREATE TABLE t (id int PRIMARY KEY);", "AK-SQL001") != []


def test_tsql_go_glued_to_a_statement_and_what_follows_it():
    # phpBB's mssql schema writes ')GO': sqlcmd and SSMS end a batch only at a GO on its
    # own line, so the server gets 'GO' and refuses the batch. It was AK-SQL002 (info),
    # the tables kept as keys without columns
    sql = ("CREATE TABLE [t1] (\n\t[id] [int] IDENTITY (1, 1) NOT NULL ,\n"
           "\t[name] [varchar] (255) DEFAULT ('') NOT NULL \n)GO\n\n"
           "ALTER TABLE [t1] WITH NOCHECK ADD \n\tCONSTRAINT [PK_t1] PRIMARY KEY  CLUSTERED \n"
           "\t(\n\t\t[id]\n\t)\nGO\n\nCREATE  INDEX [name] ON [t1]([name])\nGO\n")
    found = check(sql, dialect="tsql", cache=False)
    errors = [(f.rule, f.line, f.col) for f in found if f.rule.startswith("AK-SQL")]
    assert errors == [("AK-SQL001", 4, 2)]
    assert "the statement before it is still checked" in next(
        f.message for f in found if f.rule == "AK-SQL001")
    fixed = sql.replace(")GO", ")\nGO")
    assert [f.rule for f in check(fixed, dialect="tsql", cache=False)
            if f.rule.startswith("AK-SQL")] == []
    # phpBB's installer splits on the text GO: the table is checked as it runs there,
    # and the statements on it are not a migration of an existing table
    rest = [(f.rule, f.object) for f in found if not f.rule.startswith("AK-SQL")]
    assert rest and rest == [(f.rule, f.object) for f in check(fixed, dialect="tsql",
                                                               cache=False)]
    assert not [r for r, _o in rest if r.startswith("AK-MG")]


def test_words_the_engines_refuse_as_names_are_reserved():
    # PostgreSQL 15: 'syntax error at or near "collation"'; sqlite3: 'near "escape"'
    assert rules("CREATE TABLE t (id int PRIMARY KEY, collation text);", "AK-NM002") == [
        (1, "t.collation")]
    assert rules("CREATE TABLE t (id INTEGER PRIMARY KEY, escape TEXT);", "AK-NM002",
                 "sqlite") == [(1, "t.escape")]


def test_a_numbered_column_in_a_key_of_several_is_bounded_per_parent():
    # Oracle's OE sample: order_items (order_id, line_item_id NUMBER(3)): 999 lines per
    # order, not 999 rows; product_information.product_id NUMBER(6) does run out
    sql = ("CREATE TABLE orders (order_id NUMBER(12) PRIMARY KEY);\n"
           "CREATE TABLE order_items (order_id NUMBER(12) REFERENCES orders, "
           "line_item_id NUMBER(3) NOT NULL, CONSTRAINT oi_pk PRIMARY KEY (order_id, line_item_id));\n"
           "CREATE TABLE product_information (product_id NUMBER(6) PRIMARY KEY);\n")
    assert [o for _l, o in rules(sql, "AK-PK003", "oracle")] == ["PRODUCT_INFORMATION.PRODUCT_ID"]


def test_oracle_slash_glued_to_end_of_a_block():
    # Apache Ranger's Oracle patches end 'end;/' (their runner, jisql -c /, splits there);
    # SQL*Plus runs a block only at a / on a line of its own. It was 'Div lacks required
    # parts', and a statement on the lines after the / was lost
    sql = ("CREATE TABLE t (id NUMBER(19) PRIMARY KEY);\n"
           "DECLARE n number := 0;\nBEGIN\n  NULL;\nend;/\n"
           "CREATE TABLE u (id NUMBER(19) PRIMARY KEY, code VARCHAR2(10) NOT NULL UNIQUE);\n")
    found = check(sql, dialect="oracle", cache=False)
    err = [f for f in found if f.rule == "AK-SQL001"]
    assert [(f.line, f.col) for f in err] == [(5, 5)]
    assert "a / runs a PL/SQL block only on a line of its own" in err[0].message
    assert "the statement after it is still checked" in err[0].message
    from archkit.schema.catalog import load_schema

    assert set(load_schema(sql, "oracle").tables) == {"T", "U"}
    alone = check("BEGIN\n  NULL;\nend;/", dialect="oracle", cache=False)
    assert [f.message.split(":")[0] for f in alone if f.rule == "AK-SQL001"] == [
        "statement does not parse"]


def test_oracle_long_and_long_raw_columns():
    # Oracle's product_media sample: LONG was read as BIGINT, LONG RAW did not parse
    # ('Expecting )'), and the table was lost (scout U)
    from archkit.schema.catalog import load_schema

    sql = ('CREATE TABLE pm (id NUMBER(19) PRIMARY KEY, press_release LONG, photo LONG RAW, '
           '"LONG" NUMBER(5));\n')
    assert [f for f in check(sql, dialect="oracle", cache=False) if f.rule == "AK-SQL001"] == []
    cols = load_schema(sql, "oracle").tables["PM"].columns
    assert (cols["PRESS_RELEASE"].type, cols["PHOTO"].type, cols["LONG"].type) == (
        "text", "varbinary", "numeric")


def test_a_sqlplus_command_goes_on_after_a_trailing_hyphen():
    # Oracle's long2lob.sql: HOST sqlldr pm/&pm_pass - / control=... data=...; the second
    # line had started a statement that swallowed the CREATE TABLEs after it (scout U)
    from archkit.schema.catalog import load_schema

    sql = ("CREATE TABLE a (id NUMBER PRIMARY KEY);\nHOST sqlldr u/p -\n"
           "  control=x.ctl data=x.dat\nCREATE TABLE b (id NUMBER PRIMARY KEY);\n"
           "SET SERVEROUTPUT ON SIZE 1000000 -\n  FORMAT WRAPPED\n"
           "CREATE TABLE c (id NUMBER PRIMARY KEY);\n")
    assert [f for f in check(sql, dialect="oracle", cache=False) if f.rule == "AK-SQL001"] == []
    assert list(load_schema(sql, "oracle").tables) == ["A", "B", "C"]


def test_oracle_key_with_its_index_made_in_place():
    # PRIMARY KEY (a, b) USING INDEX (CREATE UNIQUE INDEX ...): the table was lost (scout U)
    from archkit.schema.catalog import load_schema

    sql = ("CREATE TABLE t3 (a NUMBER, b NUMBER,\n  CONSTRAINT t3_pk PRIMARY KEY (a, b) USING "
           "INDEX (CREATE UNIQUE INDEX t3_pk_ix ON t3 (a, b)));\n")
    assert [f for f in check(sql, dialect="oracle", cache=False) if f.rule == "AK-SQL001"] == []
    assert load_schema(sql, "oracle").tables["T3"].primary_key.columns == ("A", "B")
