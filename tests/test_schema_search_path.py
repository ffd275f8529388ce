"""Statements after a schema switch (USE SCHEMA, SET search_path, USE db, ALTER SESSION
SET CURRENT_SCHEMA) are in that schema: sf-samples' tpcxai setup made 12 tables in 4
schemas, which were 3 to the catalog (scout B #7)."""

from __future__ import annotations

from archkit.schema import load_schema
from archkit.schema.cache import IncrementalChecker
from archkit.schema.check import check
from archkit.schema.search_path import schema_switch


def tables(sql, dialect="postgres"):
    return list(load_schema(sql, dialect).tables)


def test_snowflake_use_schema():
    sql = ("CREATE SCHEMA IF NOT EXISTS SF1;\nUSE SCHEMA SF1;\n"
           "CREATE OR REPLACE TABLE ORDERS (O_ORDER_ID INT PRIMARY KEY, STORE INT);\n"
           "CREATE SCHEMA IF NOT EXISTS SF10;\nUSE SCHEMA demo.SF10;\n"
           "CREATE OR REPLACE TABLE ORDERS (O_ORDER_ID INT PRIMARY KEY, STORE INT);\n"
           "USE DATABASE demo;\nCREATE TABLE T (ID INT PRIMARY KEY);\n")
    assert tables(sql, "snowflake") == ["SF1.ORDERS", "SF10.ORDERS", "T"]
    assert schema_switch("USE ROLE SYSADMIN", "snowflake") is None
    assert schema_switch("USE WAREHOUSE wh", "snowflake") is None


def test_postgres_search_path():
    sql = ("SET search_path TO app;\nCREATE TABLE users (id bigint PRIMARY KEY);\n"
           "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));\n"
           "ALTER TABLE app.orders ADD COLUMN note text;\n"
           "SET search_path TO \"$user\", public;\nCREATE TABLE a (id bigint PRIMARY KEY);\n"
           "SET search_path = \"Billing\", public;\nCREATE TABLE b (id bigint PRIMARY KEY);\n"
           "RESET search_path;\nCREATE TABLE c (id bigint PRIMARY KEY);\n"
           "SELECT pg_catalog.set_config('search_path', '', false);\n"
           "CREATE TABLE d (id bigint PRIMARY KEY);\n")
    cat = load_schema(sql)
    assert list(cat.tables) == ["app.users", "app.orders", "a", "Billing.b", "c", "d"]
    assert cat.tables["app.orders"].foreign_keys[0].ref_table == "app.users"
    assert "note" in cat.tables["app.orders"].columns     # the qualified name is the same
    found = check(sql, cache=False)
    assert [f for f in found if f.rule in ("AK-FK001", "AK-SQL002", "AK-SQL003")] == []


def test_mysql_use_database_keeps_the_first_unqualified():
    # every mysqldump starts with USE db: one database keeps its plain names
    sql = ("USE sakila;\nCREATE TABLE a (id int PRIMARY KEY);\nUSE other;\n"
           "CREATE TABLE a (id int PRIMARY KEY);\n"
           "CREATE TABLE b (a_id int, FOREIGN KEY (a_id) REFERENCES a (id));\n"
           "USE sakila;\nCREATE TABLE c (id int PRIMARY KEY);\n")
    cat = load_schema(sql, "mysql")
    assert list(cat.tables) == ["a", "other.a", "other.b", "c"]
    assert cat.tables["other.b"].foreign_keys[0].ref_table == "other.a"


def test_oracle_current_schema():
    sql = ("ALTER SESSION SET CURRENT_SCHEMA = HR;\nCREATE TABLE a (id NUMBER PRIMARY KEY);\n"
           "ALTER SESSION SET CURRENT_SCHEMA = OE;\nCREATE TABLE b (id NUMBER PRIMARY KEY);\n")
    assert tables(sql, "oracle") == ["A", "OE.B"]


def test_incremental_edit_of_a_switch_moves_the_tables_after_it():
    sql = ("SET search_path TO app;\nCREATE TABLE t (id bigint PRIMARY KEY);\n"
           "CREATE TABLE u (id bigint PRIMARY KEY);\n")
    ic = IncrementalChecker(sql)
    ic.recheck()
    assert list(ic.catalog.tables) == ["app.t", "app.u"]
    ic.edit(0, "SET search_path TO other")
    assert list(ic.catalog.tables) == ["other.t", "other.u"]
    ic.edit(1, "CREATE TABLE t (id bigint PRIMARY KEY, note text)")
    assert list(ic.catalog.tables) == ["other.t", "other.u"]
    assert "note" in ic.catalog.tables["other.t"].columns
