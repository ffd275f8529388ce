"""The name rules (AK-NM001..AK-NM004) name tables and columns as the schema writes them
where the engine keeps names as written and compares them without case (SQL Server,
SQLite, DuckDB): ``column name Sales.Customer.snake_col``, not ``sales.customer.snake_col``
(archkit/schema/shown.py). The hints that are SQL run on SQLite and DuckDB; other
dialects' text is what it was."""

from __future__ import annotations

import pytest
from shown_support import checked, run_on

import archkit.schema.rules  # noqa: F401  (registers the rules)
from archkit.schema.registry import SCHEMA_RULES


def _found(sql: str, dialect: str, rule: str, config=None) -> list:
    return [f for f in checked(sql, dialect, config=config) if f.rule == rule]


def _by_object(sql: str, dialect: str, rule: str, config=None) -> dict:
    return {f.object: f for f in _found(sql, dialect, rule, config)}


# -- AK-NM001 ----------------------------------------------------------------------------
PASCAL = """
CREATE TABLE Sales.Customer (CustomerID int PRIMARY KEY, FirstName varchar(50),
  LastName varchar(50), StoreID int, snake_col int);
CREATE TABLE Sales.Store (StoreID int PRIMARY KEY, StoreName varchar(50));
"""


def test_nm001_names_the_column_s_table_as_written_on_sql_server():
    [f] = [f for f in _found(PASCAL, "tsql", "AK-NM001") if f.object.endswith("snake_col")]
    assert f.message.startswith("column name Sales.Customer.snake_col does not match "
                                "^[A-Z][a-zA-Z0-9]*$")
    assert f.hint == "EXEC sp_rename 'Sales.Customer.snake_col', 'SnakeCol', 'COLUMN';"
    assert f.object == "sales.customer.snake_col"


@pytest.mark.parametrize("engine", ["sqlite", "duckdb"])
def test_nm001_column_and_table_as_written_on_sqlite_and_duckdb(engine):
    schema = PASCAL.replace("Sales.", "")
    found = _by_object(schema, engine, "AK-NM001")
    col = found["customer.snake_col"]
    assert col.message.startswith("column name Customer.snake_col does not match")
    assert col.hint == "ALTER TABLE Customer RENAME COLUMN snake_col TO SnakeCol;"
    run_on(engine, schema, col.hint)
    table = found["customer"]
    assert table.message.startswith("table name Customer does not match")
    run_on(engine, schema, table.hint)


def test_nm001_index_rename_names_the_table_as_written_on_sql_server():
    sql = PASCAL + "CREATE INDEX by_store ON Sales.Customer (StoreID);\n"
    f = _by_object(sql, "tsql", "AK-NM001")["by_store"]
    assert f.hint.startswith("EXEC sp_rename 'Sales.Customer.by_store', ")


# (column names most of which are PascalCase: the proposed index names keep their words)
COLUMNS = "CREATE TABLE Person (PersonID int PRIMARY KEY, FirstName int, LastName int);\n"


def test_nm001_what_holds_a_proposed_index_name_is_named_as_written():
    # SQLite: an index name is taken by a table of that name, or another index
    sql = (COLUMNS + "CREATE TABLE Customer (CustomerID int PRIMARY KEY, StoreID int, "
           "CreatedAt int);\n"
           "CREATE TABLE customer_StoreID_idx (ID int PRIMARY KEY);\n"
           "CREATE INDEX IX_Customer_StoreID ON Customer (StoreID);\n"
           "CREATE INDEX customer_CreatedAt_idx ON Customer (StoreID, CreatedAt);\n"
           "CREATE INDEX IX_Customer_CreatedAt ON Customer (CreatedAt);\n")
    found = _by_object(sql, "sqlite", "AK-NM001")
    table = found["ix_customer_storeid"]
    assert "taken by table customer_StoreID_idx)" in table.message
    assert table.hint.startswith("-- customer_StoreID_idx is the name of table "
                                 "customer_StoreID_idx: ")
    index = found["ix_customer_createdat"]
    assert "taken by the index of Customer (StoreID, CreatedAt))" in index.message
    assert index.hint.startswith("/* customer_CreatedAt_idx is taken by the index of Customer "
                                 "(StoreID, CreatedAt): rename it first */")


def test_nm001_a_sqlite_constraint_name_takes_no_index_name():
    # SQLite names a key's index sqlite_autoindex_store_1: CONSTRAINT customer_Region_idx
    # leaves that name free (it said 'taken by the UNIQUE constraint')
    sql = (COLUMNS + "CREATE TABLE Customer (CustomerID int PRIMARY KEY, Region int);\n"
           "CREATE TABLE Store (StoreID int, Region int,\n"
           "  CONSTRAINT customer_Region_idx UNIQUE (StoreID, Region));\n"
           "CREATE INDEX IX_Customer_Region ON Customer (Region);\n")
    f = _by_object(sql, "sqlite", "AK-NM001")["ix_customer_region"]
    assert "taken by" not in f.message and "(expected customer_Region_idx)" in f.message
    run_on("sqlite", sql, "DROP INDEX ix_customer_region; "
                         "CREATE INDEX customer_Region_idx ON Customer (Region);")


# -- AK-NM002 ----------------------------------------------------------------------------
def test_nm002_names_a_reserved_word_as_written_in_its_schema_on_sql_server():
    sql = "CREATE TABLE Sales.[Order] (ID int PRIMARY KEY, [User] int);\n"
    found = _by_object(sql, "tsql", "AK-NM002")
    table, col = found["sales.order"], found["sales.order.user"]
    assert table.message == "table name Order is a reserved word in tsql"
    # (it was '[order]': no schema, and sp_rename found no such table)
    assert table.hint == "EXEC sp_rename 'Sales.[Order]', 'orders';"
    assert col.message == "column name User is a reserved word in tsql"
    assert col.hint == "EXEC sp_rename 'Sales.[Order].[User]', 'user_name', 'COLUMN';"


@pytest.mark.parametrize("engine", ["sqlite", "duckdb"])
def test_nm002_renames_run_on_sqlite_and_duckdb(engine):
    schema = 'CREATE TABLE "Order" (OrderID int PRIMARY KEY, "Group" int);\n'
    found = _by_object(schema, engine, "AK-NM002")
    table, col = found["order"], found["order.group"]
    assert table.message == f"table name Order is a reserved word in {engine}"
    assert table.hint == 'ALTER TABLE "Order" RENAME TO orders;'
    assert col.message == f"column name Group is a reserved word in {engine}"
    assert col.hint == 'ALTER TABLE "Order" RENAME COLUMN "Group" TO group_name;'
    run_on(engine, schema, table.hint)
    run_on(engine, schema, col.hint)


# -- AK-NM003 ----------------------------------------------------------------------------
def test_nm003_names_a_long_name_as_written():
    name = "Customer" + "LoyaltyProgrammeMembership" * 5
    f = _by_object(f"CREATE TABLE Sales.{name} (ID int PRIMARY KEY);\n", "tsql",
                   "AK-NM003")[f"sales.{name.lower()}"]
    assert f.message == f"table name {name} is {len(name)} bytes; tsql allows 128"


# -- AK-NM004 ----------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ["tsql", "sqlite", "duckdb"])
def test_nm004_a_column_renamed_with_its_table_names_the_table_as_written(engine):
    schema = 'CREATE TABLE "Line Items" (LineID int PRIMARY KEY, "Unit Cost" int);\n'
    if engine == "tsql":
        schema = schema.replace('"Line Items"', "[Line Items]").replace('"Unit Cost"',
                                                                        "[Unit Cost]")
    found = _by_object(schema, engine, "AK-NM004")
    assert found["line items.unit cost"].hint == (
        "-- renamed with table Line Items: its hint renames its columns, then the table")
    table = found["line items"]
    assert table.message == ("table name 'Line Items' has special characters and must be "
                             "quoted in every query")
    if engine != "tsql":
        assert table.hint == ('ALTER TABLE "Line Items" RENAME COLUMN "Unit Cost" TO unit_cost; '
                              'ALTER TABLE "Line Items" RENAME TO line_items;')
        run_on(engine, schema, table.hint)


# -- other dialects: as before -----------------------------------------------------------
POSTGRES = {
    "AK-NM001": [("index name by_customer does not follow {table}_{columns}_idx (expected "
                  "orders_customer_id_idx)",
                  "ALTER INDEX by_customer RENAME TO orders_customer_id_idx;")],
    "AK-NM002": [("table name order is a reserved word in postgres",
                  'ALTER TABLE "order" RENAME TO orders;'),
                 ("column name user is a reserved word in postgres",
                  'ALTER TABLE "order" RENAME COLUMN "user" TO user_name;')],
    "AK-NM003": [("table name customer_loyalty_programme_membership_history_with_extra_detail_"
                  "rows is 68 bytes; postgres cuts it to 63 without an error: in the database "
                  "it is customer_loyalty_programme_membership_history_with_extra_detail",
                  "-- rename it to at most 63 bytes (it would become customer_loyalty_"
                  "programme_membership_history_with_extra_detail)")],
    "AK-NM004": [("table name 'Order Items' has special characters and must be quoted in every "
                  "query", 'ALTER TABLE "Order Items" RENAME COLUMN "unitPrice" TO unit_price; '
                  'ALTER TABLE "Order Items" RENAME TO order_items;'),
                 ("column name 'unitPrice' has mixed case and must be quoted in every query",
                  "-- renamed with table Order Items: its hint renames its columns, then the "
                  "table")],
}


@pytest.mark.parametrize("rule", sorted(POSTGRES))
def test_postgres_text_of_the_fires_examples_is_unchanged(rule):
    found = _found(SCHEMA_RULES[rule].rule.fires, "postgres", rule)
    assert [(f.message, f.hint) for f in found] == POSTGRES[rule]

