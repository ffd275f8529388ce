"""Engine syntax sqlglot 30 cannot read, found in vendors' own samples (scout B): SQL
Server graph tables, Oracle 23ai vectors, Databricks notebooks, masks and expectations."""

from __future__ import annotations

from archkit.schema import load_schema
from archkit.schema.check import check


def rules(findings, rule):
    return sorted(f.object for f in findings if f.rule == rule)


GRAPH = """\
CREATE TABLE dbo.Person (ID INTEGER PRIMARY KEY, name VARCHAR(100)) AS NODE;
CREATE TABLE dbo.City (ID INTEGER PRIMARY KEY, name VARCHAR(100)) AS NODE;
CREATE TABLE dbo.livesIn (
  since DATE,
  CONSTRAINT EC_LivesIn CONNECTION (dbo.Person TO dbo.City) ON DELETE CASCADE
) AS EDGE;
CREATE TABLE dbo.friends AS EDGE;
CREATE TABLE dbo.bought (CONSTRAINT ec CONNECTION (Person TO City, City TO City), qty int)
AS EDGE;
"""


def test_sql_server_graph_tables():
    found = check(GRAPH, dialect="tsql", cache=False)
    assert rules(found, "AK-SQL001") == []
    # an edge (or a node) is identified by its $edge_id (unique index of its own)
    assert rules(found, "AK-PK001") == []
    cat = load_schema(GRAPH, "tsql")
    assert {k: t.options.get("graph") for k, t in cat.tables.items()} == {
        "person": "node", "city": "node", "livesin": "edge", "friends": "edge",
        "bought": "edge"}
    assert list(cat.tables["livesin"].columns) == ["since"]
    assert list(cat.tables["bought"].columns) == ["qty"]
    # AS SELECT stays what it is; a table named node is a table
    assert load_schema("CREATE TABLE t AS SELECT * FROM node;", "tsql"
                       ).tables["t"].options.get("as_select")


def test_oracle_vector_columns():
    sql = ("CREATE TABLE docs (\n  id NUMBER PRIMARY KEY,\n  embedding VECTOR(384, FLOAT32),\n"
           "  any_vec VECTOR(*, *),\n  plain VECTOR\n);")
    assert rules(check(sql, dialect="oracle", cache=False), "AK-SQL001") == []
    cols = load_schema(sql, "oracle").tables["DOCS"].columns
    assert [c.type for c in cols.values()] == ["numeric", "vector", "vector", "vector"]


NOTEBOOK = """\
-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Users and orders

-- COMMAND ----------

CREATE TABLE users (id BIGINT NOT NULL, email STRING, CONSTRAINT users_pk PRIMARY KEY (id))

-- COMMAND ----------

CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, user_id BIGINT)
"""


def test_databricks_notebook_cells_end_their_statements():
    cat = load_schema(NOTEBOOK, "databricks")
    assert list(cat.tables) == ["users", "orders"]
    assert cat.tables["orders"].columns["user_id"].pos.line == 11
    found = check(NOTEBOOK, dialect="databricks", cache=False)
    assert rules(found, "AK-SQL001") + rules(found, "AK-SQL002") == []
    # a file that is no notebook export keeps its text as it is
    plain = "CREATE TABLE a (id BIGINT)\n-- COMMAND ----------\nCREATE TABLE b (id BIGINT)\n"
    assert list(load_schema(plain, "databricks").tables) == []     # (one statement: AK-SQL001)


def test_databricks_masks_expectations_and_row_filters():
    sql = ("CREATE OR REPLACE TABLE patient_ssn (\n  name STRING,\n  mask STRING,\n"
           "  ssn STRING MASK main.sec.simple_mask USING COLUMNS (name)\n);\n"
           "CREATE STREAMING TABLE churn_users (\n  CONSTRAINT user_valid_id EXPECT "
           "(user_id IS NOT NULL) ON VIOLATION DROP ROW\n)\nAS SELECT id AS user_id FROM "
           "STREAM(churn_users_bronze);\n"
           "ALTER TABLE patient_ssn ALTER COLUMN ssn DROP MASK;\n"
           "ALTER TABLE patient_ssn SET ROW FILTER region_filter ON (name);\n")
    found = check(sql, dialect="databricks", cache=False)
    assert rules(found, "AK-SQL001") + rules(found, "AK-SQL002") == []
    cat = load_schema(sql, "databricks")
    assert list(cat.tables["patient_ssn"].columns) == ["name", "mask", "ssn"]
    assert "churn_users" in cat.tables
