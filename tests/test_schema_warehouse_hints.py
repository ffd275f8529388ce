"""Hints in the DDL BigQuery, Snowflake and Oracle take (scout U, from their references:
no engine here): BigQuery's SET DATA TYPE for widening coercions only, no SET NOT NULL,
keys NOT ENFORCED and no identity; Snowflake changes a column only within its type and
renames no index; Oracle has no ON DELETE RESTRICT."""

from __future__ import annotations

from archkit.schema import check


def hints(sql: str, dialect: str) -> dict[tuple[str, str], str]:
    return {(f.rule, f.object): f.hint for f in check(sql, dialect=dialect, cache=False)}


def test_bigquery():
    sql = ("CREATE TABLE ds.product (ProductID INT64 NOT NULL, Name STRING, ListPrice FLOAT64,"
           " qty INT64, PRIMARY KEY (ProductID) NOT ENFORCED);\n"
           "CREATE TABLE ds.metrics (day DATE NOT NULL, country STRING, ratio FLOAT64);\n"
           "CREATE TABLE ds.a (id INT64 NOT NULL, qty NUMERIC, PRIMARY KEY (id) NOT ENFORCED);\n"
           "CREATE TABLE ds.b (id INT64 NOT NULL, qty NUMERIC, PRIMARY KEY (id) NOT ENFORCED);\n")
    got = hints(sql, "bigquery")
    assert got[("AK-PK001", "ds.metrics")] == (
        "-- BigQuery numbers no rows: declare the columns that identify a row: "
        "ALTER TABLE ds.metrics ADD PRIMARY KEY (<columns>) NOT ENFORCED;")
    assert got[("AK-TY004", "ds.product.ListPrice")].startswith(
        "-- BigQuery cannot change ListPrice from FLOAT64 to ")
    assert got[("AK-TY009", "ds.product")].startswith(
        "-- BigQuery cannot make a column NOT NULL (REQUIRED) in place")
    # a widening coercion (INT64 -> NUMERIC) is SET DATA TYPE
    assert got[("AK-TY008", "ds.product.qty")] == (
        "ALTER TABLE ds.product ALTER COLUMN qty SET DATA TYPE NUMERIC;")


def test_snowflake():
    sql = ("CREATE TABLE hr.product (ProductID INT NOT NULL, ListPrice FLOAT NOT NULL, "
           "PRIMARY KEY (ProductID));\n"
           "CREATE HYBRID TABLE hr.scores (id INT PRIMARY KEY, difficulty VARCHAR(10),"
           " INDEX idx_scores_difficulty (difficulty));\n")
    got = hints(sql, "snowflake")
    assert got[("AK-TY004", "HR.PRODUCT.LISTPRICE")].startswith(
        "-- Snowflake cannot change LISTPRICE from ")
    renames = [h for (r, _o), h in got.items() if r == "AK-NM001" and "INDEX" in h.upper()
               and "IDX_SCORES" in h.upper()]
    assert renames and all(h.startswith("-- Snowflake cannot rename an index") for h in renames)


def test_oracle_has_no_on_delete_restrict():
    sql = ("CREATE TABLE customers (customer_id NUMBER(19) PRIMARY KEY);\n"
           "CREATE TABLE orders (order_id NUMBER(19) PRIMARY KEY, customer_id NUMBER(19) NOT NULL,"
           " CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers "
           "(customer_id) ON DELETE SET NULL);\n")
    got = hints(sql, "oracle")
    hint = got[("AK-FK008", "ORDERS(CUSTOMER_ID) -> CUSTOMERS")]
    assert "RESTRICT" not in hint and "without ON DELETE (NO ACTION)" in hint


def test_bigquery_table_names_keep_their_case_and_columns_do_not():
    # BigQuery: dataset and table names are case-sensitive, column names are not; a quoted
    # `proj.ds.Events` beside `proj.ds.events` was a false AK-SQL003 (scout U)
    from archkit.schema.catalog import load_schema

    sql = ("CREATE TABLE `proj.ds.Events` (Id INT64 NOT NULL, PRIMARY KEY (id) NOT ENFORCED);\n"
           "CREATE TABLE `proj.ds.events` (id INT64 NOT NULL, PRIMARY KEY (ID) NOT ENFORCED);\n")
    assert not [f for f in check(sql, dialect="bigquery", cache=False)
                if f.rule.startswith("AK-SQL")]
    cat = load_schema(sql, "bigquery")
    assert sorted(cat.tables) == ["ds.Events", "ds.events"]
    assert cat.tables["ds.Events"].primary_key.columns == ("Id",)


def test_snowflake_makes_indexes_on_hybrid_tables_only():
    """CREATE INDEX "creates a new secondary index in an existing hybrid table": on a
    standard table Snowflake refuses it (scout U), so the index is not in the catalog and
    no index rule judges it."""
    from archkit.schema.check import check

    sql = ("CREATE OR REPLACE HYBRID TABLE scores (id INT PRIMARY KEY, difficulty INT);\n"
           "CREATE INDEX scores_difficulty_idx ON scores (difficulty);\n"
           "CREATE TABLE events (id NUMBER PRIMARY KEY, flag BOOLEAN);\n"
           "CREATE INDEX events_flag_idx ON events (flag);\n")
    report = check(sql, dialect="snowflake")
    refused = [f for f in report if f.rule == "AK-SQL003"]
    assert [(f.line, f.object) for f in refused] == [(4, "EVENTS_FLAG_IDX")]
    assert "EVENTS is a standard table" in refused[0].message
    assert not [f for f in report if f.rule == "AK-IX008"]     # no index left to judge
