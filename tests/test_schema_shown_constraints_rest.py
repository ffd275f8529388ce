"""Constraint names (primary key, UNIQUE, foreign key, CHECK) as written in the findings
of the index, naming, type and migration rules and the shared hint helpers, where the
engine keeps names as written and compares them without case (SQL Server, SQLite,
DuckDB: ``UQ_Store_Code``, not ``uq_store_code``; ``_support.shown_name``). ``object``
stays the catalog's key; other dialects' text is what it was."""

from __future__ import annotations

import sqlite3

from shown_support import checked

import archkit.schema.rules  # noqa: F401  (registers the rules)
from archkit.schema import check


def _found(sql: str, dialect: str, rule: str) -> dict:
    return {f.object: f for f in checked(sql, dialect) if f.rule == rule}


TSQL_KEYS = """
CREATE TABLE Sales.Store (StoreID int NOT NULL, Code nvarchar(10) NOT NULL, Name nvarchar(50),
  CONSTRAINT PK_Store PRIMARY KEY (StoreID),
  CONSTRAINT UQ_Store_StoreID UNIQUE (StoreID),
  CONSTRAINT UQ_Store_Code UNIQUE (Code),
  CONSTRAINT UQ_Store_Code_Name UNIQUE (Code, Name));
CREATE INDEX IX_Store_Code ON Sales.Store (Code);
"""

# the same without a schema, for the engines
PLAIN_KEYS = """
CREATE TABLE Store (StoreID int NOT NULL, Code varchar(10) NOT NULL, Name varchar(50),
  CONSTRAINT PK_Store PRIMARY KEY (StoreID),
  CONSTRAINT UQ_Store_StoreID UNIQUE (StoreID),
  CONSTRAINT UQ_Store_Code UNIQUE (Code),
  CONSTRAINT UQ_Store_Code_Name UNIQUE (Code, Name));
"""


# -- AK-IX003 ----------------------------------------------------------------------------
def test_redundant_to_key_names_the_unique_constraint_as_written_tsql():
    found = _found(TSQL_KEYS, "tsql", "AK-IX003")
    u = found["sales.store(storeid)"]
    assert u.message == ("UNIQUE constraint UQ_Store_StoreID (StoreID) on Sales.Store "
                         "repeats the primary key")
    assert u.hint == "ALTER TABLE Sales.Store DROP CONSTRAINT UQ_Store_StoreID;"
    # an index that repeats a UNIQUE constraint names the constraint as written too
    ix = found["ix_store_code"]
    assert ix.message == ("index IX_Store_Code (Code) repeats the UNIQUE constraint "
                          "UQ_Store_Code (Code) of Sales.Store")


def test_redundant_to_key_rebuild_notes_name_it_as_written_sqlite_duckdb():
    import duckdb

    sqlite3.connect(":memory:").executescript(PLAIN_KEYS)       # the schema runs there
    duckdb.connect().execute(PLAIN_KEYS)
    for dialect, title in (("sqlite", "SQLite"), ("duckdb", "DuckDB")):
        u = _found(PLAIN_KEYS, dialect, "AK-IX003")["store(storeid)"]
        assert u.message == ("UNIQUE constraint UQ_Store_StoreID (StoreID) on Store "
                             "repeats the primary key"), dialect
        assert u.hint == (f"-- {title} cannot drop a constraint: rebuild Store without "
                          "UQ_Store_StoreID"), dialect


def test_redundant_to_key_postgres_unchanged():
    sql = ("CREATE TABLE Store (StoreID int PRIMARY KEY, Code text,\n"
           "  CONSTRAINT UQ_Store_Code UNIQUE (Code));\n"
           "CREATE INDEX IX_Store_Code ON Store (Code);\n")
    ix = _found(sql, "postgres", "AK-IX003")["ix_store_code"]
    assert ix.message == ("index ix_store_code (code) repeats the UNIQUE constraint "
                          "uq_store_code (code) of store")
    assert ix.hint == "DROP INDEX CONCURRENTLY ix_store_code;"


# -- AK-IX005 ----------------------------------------------------------------------------
def test_over_constrained_unique_names_both_as_written_tsql():
    f = _found(TSQL_KEYS, "tsql", "AK-IX005")["sales.store(code, name)"]
    assert f.message == ("UNIQUE UQ_Store_Code_Name (Code, Name) on Sales.Store is implied "
                         "by the UNIQUE UQ_Store_Code (Code)")
    assert f.hint == "ALTER TABLE Sales.Store DROP CONSTRAINT UQ_Store_Code_Name;"


def test_over_constrained_unique_sqlite_duckdb():
    for dialect, title in (("sqlite", "SQLite"), ("duckdb", "DuckDB")):
        f = _found(PLAIN_KEYS, dialect, "AK-IX005")["store(code, name)"]
        assert f.message == ("UNIQUE UQ_Store_Code_Name (Code, Name) on Store is implied "
                             "by the UNIQUE UQ_Store_Code (Code)"), dialect
        assert f.hint == (f"-- {title} cannot drop a constraint: rebuild Store without "
                          "UQ_Store_Code_Name"), dialect


def test_over_constrained_unique_postgres_unchanged():
    f = _found(PLAIN_KEYS, "postgres", "AK-IX005")["store(code, name)"]
    assert f.message == ("UNIQUE uq_store_code_name (code, name) on store is implied by the "
                         "UNIQUE uq_store_code (code)")
    assert f.hint == "ALTER TABLE store DROP CONSTRAINT uq_store_code_name;"


# -- AK-NM003 ----------------------------------------------------------------------------
LONG = "CK_Customer_" + "Tier" * 30          # 132 bytes


def test_identifier_too_long_names_the_constraint_as_written_tsql():
    sql = f"CREATE TABLE dbo.Customer (CustomerID int PRIMARY KEY, Tier int,\n" \
          f"  CONSTRAINT {LONG} CHECK (Tier > 0));\n"
    (f,) = _found(sql, "tsql", "AK-NM003").values()
    assert f.object == LONG.lower()
    assert f.message == f"constraint name {LONG} is 132 bytes; tsql allows 128"


def test_identifier_too_long_postgres_unchanged():
    long = "ck_customer_" + "tier" * 14          # 68 bytes
    sql = f"CREATE TABLE customer (id int PRIMARY KEY, tier int,\n" \
          f"  CONSTRAINT {long.upper()} CHECK (tier > 0));\n"
    (f,) = _found(sql, "postgres", "AK-NM003").values()
    assert f.message == (f"constraint name {long} is 68 bytes; postgres cuts it to 63 without "
                         f"an error: in the database it is {long[:63]}")


# -- what blocks an ALTER COLUMN on SQL Server (_support.column_dependents) -------------
# (keys wider than a code: AK-TY002 leaves a key's char(n) up to 12 alone)
TSQL_BLOCKED = """
CREATE TABLE dbo.Customer (CustomerID nchar(15) NOT NULL, Code nchar(15) NOT NULL,
  CONSTRAINT PK_Customer PRIMARY KEY (CustomerID),
  CONSTRAINT UQ_Customer_Code UNIQUE (Code));
CREATE TABLE dbo.Visit (VisitID int NOT NULL PRIMARY KEY, CustomerID nchar(15) NULL,
  CONSTRAINT FK_Visit_Customer FOREIGN KEY (CustomerID) REFERENCES dbo.Customer (CustomerID));
"""


def test_blocked_alter_names_the_keys_as_written_tsql():
    found = _found(TSQL_BLOCKED, "tsql", "AK-TY002")
    assert found["customer.customerid"].hint == (
        "-- SQL Server cannot alter CustomerID while primary key PK_Customer, any foreign key "
        "that references it use it: drop them, run ALTER TABLE Customer ALTER COLUMN "
        "CustomerID nvarchar(15) NOT NULL, and make them again")
    assert found["customer.code"].hint.startswith(
        "-- SQL Server cannot alter Code while unique constraint UQ_Customer_Code, any "
        "foreign key that references it use it")
    assert found["visit.customerid"].hint == (
        "-- SQL Server cannot alter CustomerID while foreign key FK_Visit_Customer uses it: "
        "drop it, run ALTER TABLE Visit ALTER COLUMN CustomerID nvarchar(15) NULL, and make "
        "it again")


# -- MySQL / postgres helpers: names kept as they were ----------------------------------
def test_mysql_foreign_key_moves_unchanged():
    # (_support.with_foreign_keys, restate_foreign_key_sql: MySQL keeps the case itself)
    sql = ("CREATE TABLE Customer (id INT PRIMARY KEY) ENGINE=InnoDB;\n"
           "CREATE TABLE Visit (id BIGINT PRIMARY KEY, customer_id INT,\n"
           "  CONSTRAINT FK_Visit_Customer FOREIGN KEY (customer_id) REFERENCES Customer (id))"
           " ENGINE=InnoDB;\n")
    hints = [f.hint for f in check(sql, dialect="mysql", cache=False)
             if "DROP FOREIGN KEY" in (f.hint or "")]
    assert hints and all("DROP FOREIGN KEY FK_Visit_Customer;" in h and
                         "ADD CONSTRAINT FK_Visit_Customer FOREIGN KEY" in h for h in hints)


def test_identifier_too_long_names_an_index_as_written_tsql():
    long = "IX_" + "Customer" * 16                 # 131 bytes: SQL Server allows 128
    sql = f"CREATE TABLE T (ID int PRIMARY KEY);\nCREATE INDEX {long} ON T (ID);\n"
    [f] = [f for f in check(sql, dialect="tsql") if f.rule == "AK-NM003"]
    assert f.message.startswith(f"index name {long} is 131 bytes")
    assert f.object == long.lower()
