"""The index rules (AK-IX001..AK-IX008) name tables and columns as the schema writes them
where the engine keeps names as written and compares them without case (SQL Server,
SQLite, DuckDB): ``foreign key Sales.Order(CustomerID) -> Sales.Customer``, not
``sales.order(customerid) -> sales.customer`` (archkit/schema/shown.py); ``object`` stays
the catalog's key. The hints that are SQL run on SQLite and DuckDB; other dialects' text
is what it was."""

from __future__ import annotations

import pytest
from shown_support import checked, run_on

import archkit.schema.rules  # noqa: F401  (registers the rules)
from archkit.schema.registry import SCHEMA_RULES


def _found(sql: str, dialect: str, rule: str, config=None) -> list:
    return [f for f in checked(sql, dialect, config=config) if f.rule == rule]


def _by_object(sql: str, dialect: str, rule: str, config=None) -> dict:
    return {f.object: f for f in _found(sql, dialect, rule, config)}


TSQL = """
CREATE TABLE Sales.Customer (CustomerID int PRIMARY KEY, StoreID int, CreatedAt int,
  IsActive bit, Email varchar(50), TenantID int, UNIQUE (Email), UNIQUE (Email, TenantID));
CREATE TABLE Sales.[Order] (OrderID int PRIMARY KEY,
  CustomerID int REFERENCES Sales.Customer (CustomerID));
CREATE INDEX IX_StoreID ON Sales.Customer (StoreID);
CREATE INDEX IX_StoreID_Again ON Sales.Customer (StoreID);
CREATE INDEX IX_StoreID_CreatedAt ON Sales.Customer (StoreID, CreatedAt) INCLUDE (TenantID);
CREATE INDEX IX_CustomerID ON Sales.Customer (CustomerID);
CREATE INDEX IX_IsActive ON Sales.Customer (IsActive);
"""

# the same without schemas, for the engines: SQLite's Sales. is an attached database
PLAIN = """
CREATE TABLE Customer (CustomerID int PRIMARY KEY, StoreID int, CreatedAt int,
  IsActive boolean, Email varchar(50), TenantID int, UNIQUE (Email), UNIQUE (Email, TenantID));
CREATE TABLE Invoice (InvoiceID int PRIMARY KEY, CustomerID int REFERENCES Customer (CustomerID));
CREATE INDEX IX_StoreID ON Customer (StoreID);
CREATE INDEX IX_StoreID_Again ON Customer (StoreID);
CREATE INDEX IX_StoreID_CreatedAt ON Customer (StoreID, CreatedAt);
CREATE INDEX IX_CustomerID ON Customer (CustomerID);
CREATE INDEX IX_IsActive ON Customer (IsActive);
"""


# -- AK-IX001 ----------------------------------------------------------------------------
def test_ix001_on_sql_server():
    f = _by_object(TSQL, "tsql", "AK-IX001")["ix_storeid_again"]
    assert f.message == "index IX_StoreID_Again on Sales.Customer duplicates IX_StoreID (StoreID)"
    assert f.hint == "DROP INDEX IX_StoreID_Again ON Sales.Customer;"


@pytest.mark.parametrize("engine", ["sqlite", "duckdb"])
def test_ix001_on_sqlite_and_duckdb(engine):
    f = _by_object(PLAIN, engine, "AK-IX001")["ix_storeid_again"]
    assert f.message == "index IX_StoreID_Again on Customer duplicates IX_StoreID (StoreID)"
    run_on(engine, PLAIN, f.hint)


# -- AK-IX002 ----------------------------------------------------------------------------
def test_ix002_on_sql_server_include_columns_too():
    f = _by_object(TSQL, "tsql", "AK-IX002")["ix_storeid"]
    assert f.message == ("index IX_StoreID (StoreID) is a left prefix of IX_StoreID_CreatedAt "
                         "(StoreID, CreatedAt) INCLUDE (TenantID)")


@pytest.mark.parametrize("engine", ["sqlite", "duckdb"])
def test_ix002_on_sqlite_and_duckdb(engine):
    found = _by_object(PLAIN, engine, "AK-IX002")
    f = found["ix_storeid"]
    assert f.message == ("index IX_StoreID (StoreID) is a left prefix of IX_StoreID_CreatedAt "
                         "(StoreID, CreatedAt)")
    run_on(engine, PLAIN, f.hint)


# -- AK-IX003 ----------------------------------------------------------------------------
@pytest.mark.parametrize("dialect", ["tsql", "sqlite", "duckdb"])
def test_ix003_an_index_and_a_unique_that_repeat_the_primary_key(dialect):
    sql = TSQL if dialect == "tsql" else PLAIN
    table = "Sales.Customer" if dialect == "tsql" else "Customer"
    f = _by_object(sql, dialect, "AK-IX003")["ix_customerid"]
    assert f.message == (f"index IX_CustomerID (CustomerID) repeats the primary key "
                         f"(CustomerID) of {table}")
    if dialect != "tsql":
        run_on(dialect, sql, f.hint)
    twin = "CREATE TABLE Sales.Store (StoreID int PRIMARY KEY, UNIQUE (StoreID));\n"
    [u] = _found(twin, "tsql", "AK-IX003")
    assert u.message == "UNIQUE constraint (StoreID) on Sales.Store repeats the primary key"
    assert u.hint == "-- remove UNIQUE (StoreID) from Sales.Store"
    assert u.object == "sales.store(storeid)"


# -- AK-IX005 ----------------------------------------------------------------------------
@pytest.mark.parametrize("dialect", ["tsql", "sqlite", "duckdb"])
def test_ix005_names_the_keys_columns_as_written(dialect):
    sql = TSQL if dialect == "tsql" else PLAIN
    table = "Sales.Customer" if dialect == "tsql" else "Customer"
    [f] = _found(sql, dialect, "AK-IX005")
    assert f.message == f"UNIQUE (Email, TenantID) on {table} is implied by the UNIQUE (Email)"
    assert f.hint == f"-- remove UNIQUE (Email, TenantID) from {table}"
    assert f.object == f"{table.lower()}(email, tenantid)"


# -- AK-IX006 ----------------------------------------------------------------------------
def test_ix006_on_sql_server():
    f = _by_object(TSQL, "tsql", "AK-IX006")["sales.order(customerid)"]
    assert f.message == ("foreign key Sales.Order(CustomerID) -> Sales.Customer has no index "
                         "on its columns")
    # (the new index's name is the one archkit makes up: as it was)
    assert f.hint == "CREATE INDEX order_customerid_idx ON Sales.[Order] (CustomerID);"


def test_ix006_on_sqliterun_on():
    f = _by_object(PLAIN, "sqlite", "AK-IX006")["invoice(customerid)"]
    assert f.message == ("foreign key Invoice(CustomerID) -> Customer has no index on its "
                         "columns")
    assert f.hint == "CREATE INDEX invoice_customerid_idx ON Invoice (CustomerID);"
    run_on("sqlite", PLAIN, f.hint)


def test_ix006_a_target_that_is_not_there_is_named_as_referenced():
    sql = ("CREATE TABLE Sales.[Order] (OrderID int PRIMARY KEY,\n"
           "  CustomerID int REFERENCES Sales.Customer (CustomerID));\n")
    [f] = _found(sql, "tsql", "AK-IX006")
    assert f.message == ("foreign key Sales.Order(CustomerID) -> sales.customer has no index "
                         "on its columns")


# -- AK-IX007 ----------------------------------------------------------------------------
@pytest.mark.parametrize("dialect", ["tsql", "sqlite", "duckdb"])
def test_ix007_names_the_table_as_written(dialect):
    sql = TSQL if dialect == "tsql" else PLAIN
    table = "Sales.Customer" if dialect == "tsql" else "Customer"
    f = _by_object(sql, dialect, "AK-IX007",
                   {"schema": {"AK-IX007": {"max_indexes": 3}}})[table.lower()]
    assert f.message.startswith(f"table {table} has ")
    assert f.hint.startswith(f"-- review the indexes of {table}: ")


# -- AK-IX008 ----------------------------------------------------------------------------
def test_ix008_on_sql_server():
    f = _by_object(TSQL, "tsql", "AK-IX008")["ix_isactive"]
    assert f.message == ("index IX_IsActive is on boolean column Sales.Customer.IsActive: it "
                         "selects half the table")
    assert f.hint == ("DROP INDEX IX_IsActive ON Sales.Customer; CREATE INDEX "
                      "customer_isactive_true_idx ON Sales.Customer (CustomerID) WHERE "
                      "IsActive = 1;")


@pytest.mark.parametrize("engine", ["sqlite", "duckdb"])
def test_ix008_on_sqlite_and_duckdb(engine):
    f = _by_object(PLAIN, engine, "AK-IX008")["ix_isactive"]
    assert f.message == ("index IX_IsActive is on boolean column Customer.IsActive: it "
                         "selects half the table")
    if engine == "sqlite":
        assert f.hint == ("DROP INDEX IX_IsActive; CREATE INDEX customer_isactive_true_idx ON "
                          "Customer (CustomerID) WHERE IsActive;")
        run_on(engine, PLAIN, f.hint)
    else:
        assert f.hint.endswith("-- or put IsActive after a selective column in a composite "
                               "index")


# -- other dialects: as before -----------------------------------------------------------
POSTGRES = {
    "AK-IX001": ("index orders_customer_idx on orders duplicates orders_customer_id_idx "
                 "(customer_id)", "DROP INDEX CONCURRENTLY orders_customer_idx;"),
    "AK-IX002": ("index orders_customer_id_idx (customer_id) is a left prefix of "
                 "orders_customer_id_created_at_idx (customer_id, created_at)",
                 "DROP INDEX CONCURRENTLY orders_customer_id_idx;"),
    "AK-IX003": ("index film_actor_actor_id_idx (actor_id) is a left prefix of the primary key "
                 "(actor_id, film_id) of film_actor",
                 "DROP INDEX CONCURRENTLY film_actor_actor_id_idx;"),
    "AK-IX005": ("UNIQUE (email, tenant_id) on account is implied by the UNIQUE (email)",
                 "-- remove UNIQUE (email, tenant_id) from account"),
    "AK-IX006": ("foreign key orders(customer_id) -> customer has no index on its columns",
                 "CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);"),
    "AK-IX007": ("table t has 9 indexes (limit 8)", "-- review the indexes of t: drop the ones "
                 "no query uses, merge those sharing leading columns"),
    "AK-IX008": ("index task_done_idx is on boolean column task.done: it selects half the table",
                 "DROP INDEX CONCURRENTLY task_done_idx; CREATE INDEX CONCURRENTLY "
                 "task_done_true_idx ON task (id) WHERE done;"),
}


@pytest.mark.parametrize("rule", sorted(POSTGRES))
def test_postgres_text_of_the_fires_examples_is_unchanged(rule):
    [f] = _found(SCHEMA_RULES[rule].rule.fires, "postgres", rule)
    assert (f.message, f.hint) == POSTGRES[rule]


def test_mysql_text_of_the_ix004_example_is_unchanged():
    [f] = _found(SCHEMA_RULES["AK-IX004"].rule.fires, "mysql", "AK-IX004")
    assert (f.message, f.hint) == (
        "index orders_status_id_idx (status, id) ends with the primary key (id), which InnoDB "
        "appends anyway",
        "ALTER TABLE orders DROP INDEX orders_status_id_idx, ADD INDEX orders_status_id_idx "
        "(status);")
