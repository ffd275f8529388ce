"""A file read as another dialect than its own is named on stderr: a SQL Server script
without semicolons read as postgres was one long SET statement and "0 findings"."""

from __future__ import annotations

import json

import pytest

from archkit.schema.sniff import fits, sniff_dialect

SAKILA = __import__("pathlib").Path(__file__).parent / "fixtures" / "sakila"

TSQL = ("/* pubs */\nSET NOCOUNT ON\nGO\nCREATE TABLE authors (au_id varchar(11) NOT NULL,\n"
        "  au_lname varchar(40) NOT NULL)\nGO\nCREATE TABLE titles (title_id int)\nGO\n")


@pytest.mark.parametrize("text, dialect, line", [
    (TSQL, "tsql", 3),
    (":setvar DatabaseName \"AW\"\nCREATE TABLE t (id int);", "tsql", 1),
    ("-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB\nCREATE TABLE t (id int);", "mariadb", 1),
    ("CREATE TABLE `t` (\n  `id` int\n) ENGINE=InnoDB;", "mysql", 3),
    ("DELIMITER //\nCREATE PROCEDURE p() BEGIN END//\nDELIMITER ;", "mysql", 1),
    ("--\n-- PostgreSQL database dump\n--\nCREATE TABLE t (id int);", "postgres", 2),
    ("\\connect shop\nCREATE TABLE t (id int);", "postgres", 1),
    ("CREATE TABLE t (\n  name VARCHAR2(40)\n);\n/", "oracle", 2),
    ("CREATE TABLE t (\n  id number(20),\n  name nvarchar2(255)\n);", "oracle", 3),   # Zabbix
    ("CREATE TABLE t (\n  id INT UNSIGNED AUTO_INCREMENT NOT NULL PRIMARY KEY\n);", "mysql", 2),
    ("PRAGMA foreign_keys = ON;\nCREATE TABLE t (id INTEGER PRIMARY KEY);", "sqlite", 1),
    ("CREATE TABLE d.t (id INT64, x FLOAT64);", "bigquery", 1),
    ("CREATE TABLE t (at TIMESTAMP_NTZ);", "snowflake", 1),
])
def test_marks_name_their_dialect(text, dialect, line):
    seen = sniff_dialect(text)
    assert (seen.dialect, seen.line) == (dialect, line)
    assert fits(seen, dialect) and not fits(seen, "tsql" if dialect != "tsql" else "postgres")


@pytest.mark.parametrize("text", [
    "CREATE TABLE t (id bigint PRIMARY KEY, name text NOT NULL);",
    "CREATE TABLE go (id int);\nINSERT INTO go VALUES (1);",      # a table named go
    "CREATE TABLE t (note text DEFAULT 'ENGINE = x');",            # not after a table's )
    "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);",      # sqlite's own word
    "",
])
def test_plain_sql_names_no_dialect(text):
    assert sniff_dialect(text) is None


def test_dialects_without_a_facts_table_are_not_questioned():
    # ClickHouse writes ENGINE = MergeTree and Float64: neither is a MySQL or BigQuery mark
    seen = sniff_dialect("CREATE TABLE t (x Float64) ENGINE = MergeTree ORDER BY x;")
    assert seen is not None and fits(seen, "clickhouse") and not fits(seen, "postgres")
    # also once the dialect was used (get_dialect keeps a core-facts entry for it): the
    # note still printed for a --dialect clickhouse check (scout B)
    from archkit.schema.dialects import get_dialect

    get_dialect("clickhouse")
    assert fits(seen, "clickhouse")


def test_mysql_family_and_duckdb_pragmas_fit():
    assert fits(sniff_dialect("CREATE TABLE t (id int) ENGINE=InnoDB;"), "mariadb")
    assert fits(sniff_dialect("-- MariaDB dump 10.19\n"), "mysql")
    assert fits(sniff_dialect("PRAGMA threads=4;"), "duckdb")


def test_cli_says_which_dialect_a_file_looks_like(cli, tmp_path):
    f = tmp_path / "instpubs.sql"
    f.write_text(TSQL)
    r = cli("schema", "check", "--no-cache", "--format", "json", str(f))
    assert r.code == 0
    json.loads(r.out)                    # stdout stays the report
    # the file as the user named it, as the findings name it
    assert (f"archkit: {f} looks like SQL Server (a GO batch separator at {f}:3) "
            "but is read as postgres (the default): pass --dialect tsql") in r.err
    ok = cli("schema", "check", "--no-cache", "--dialect", "tsql", str(f))
    assert "looks like" not in ok.err
    mysql = cli("schema", "check", "--no-cache", "--dialect", "postgres",
                str(SAKILA / "mysql-schema.sql"))
    assert "looks like MySQL" in mysql.err and "if it is MySQL, pass --dialect mysql" in mysql.err
    # the dialect archkit.toml names counts as chosen
    (tmp_path / "archkit.toml").write_text('[schema]\ndialect = "tsql"\n')
    assert "looks like" not in cli("schema", "check", "--no-cache", str(f)).err
    erd = cli("schema", "erd", "--dialect", "postgres", "-o", str(tmp_path / "x.dot"), str(f))
    assert "looks like SQL Server" in erd.err


def test_plsql_pragmas_are_no_sqlite_mark():
    # FreeRADIUS' ippool/oracle/procedure.sql: PRAGMA AUTONOMOUS_TRANSACTION inside a
    # routine printed "looks like SQLite" (scout O)
    body = ("CREATE OR REPLACE FUNCTION f RETURN NUMBER IS\n"
            "  PRAGMA AUTONOMOUS_TRANSACTION;\nBEGIN\n  RETURN 1;\nEND;\n/\n")
    assert sniff_dialect(body) is None
    assert sniff_dialect("  pragma exception_init(e, -20001);") is None
    assert sniff_dialect("PRAGMA journal_mode = WAL;").dialect == "sqlite"
