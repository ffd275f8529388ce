"""Constraint names (primary key, UNIQUE, foreign key, CHECK) as written in the findings
of the keys rules (archkit/schema/rules/keys.py: AK-PK001, AK-PK003, AK-FK004, AK-FK007,
AK-CK001), where the engine keeps names as written and compares them without case (SQL
Server, SQLite, DuckDB: ``FK_SalesOrder_Store``, not ``fk_salesorder_store``;
``_support.shown_name``). ``object`` stays the catalog's key; postgres gives the text it
gave before. In SQLite and DuckDB these hints are rebuild notes, not SQL: the schema is
run on the engines, the notes name the constraints as written."""

from __future__ import annotations

import sqlite3

import pytest
from shown_support import checked

RULES = ["AK-PK001", "AK-PK003", "AK-FK004", "AK-FK007", "AK-CK001"]

SCHEMA = """
CREATE TABLE Sales.OrderHeader (OrderID int NOT NULL,
  CONSTRAINT PK_OrderHeader_OrderID PRIMARY KEY (OrderID));
CREATE TABLE Sales.Store (StoreID bigint NOT NULL, CONSTRAINT PK_Store PRIMARY KEY (StoreID));
CREATE TABLE Sales.SalesOrder (OrderID bigint NOT NULL CONSTRAINT PK_SalesOrder PRIMARY KEY,
  StoreID bigint, Login varchar(50) NOT NULL,
  CONSTRAINT FK_SalesOrder_Store FOREIGN KEY (StoreID) REFERENCES Sales.Store (StoreID),
  CONSTRAINT FK_SalesOrder_Store_Again FOREIGN KEY (StoreID) REFERENCES Sales.Store (StoreID),
  CONSTRAINT CK_SalesOrder_Login CHECK (Login IS NOT NULL));
CREATE TABLE Sales.A (AID bigint PRIMARY KEY);
CREATE TABLE Sales.B (BID bigint PRIMARY KEY, AID bigint,
  CONSTRAINT FK_B_A FOREIGN KEY (AID) REFERENCES Sales.A (AID) ON DELETE CASCADE);
CREATE TABLE Sales.C (CID bigint PRIMARY KEY, BID bigint,
  CONSTRAINT FK_C_B FOREIGN KEY (BID) REFERENCES Sales.B (BID) ON DELETE CASCADE);
CREATE TABLE Sales.D (DID bigint PRIMARY KEY, CID bigint,
  CONSTRAINT FK_D_C FOREIGN KEY (CID) REFERENCES Sales.C (CID) ON DELETE CASCADE);
CREATE TABLE Sales.Tag (Code varchar(10) NOT NULL, CONSTRAINT UQ_Tag_Code UNIQUE (Code));
"""

PLAIN = SCHEMA.replace("Sales.", "")

CHAIN = "sales.a -> sales.b -> sales.c -> sales.d"


def _found(sql: str, dialect: str) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(rule, object) -> (message, hint) of the keys rules' findings."""
    return {(f.rule, f.object): (f.message, f.hint) for f in checked(sql, dialect, select=RULES)}


def test_keys_rules_name_constraints_as_written_tsql():
    found = _found(SCHEMA, "tsql")
    # AK-PK003: SQL Server's key goes and comes back around the ALTER COLUMN
    assert found[("AK-PK003", "sales.orderheader.orderid")] == (
        "primary key Sales.OrderHeader.OrderID is INTEGER: it runs out after 2^31 values",
        "ALTER TABLE Sales.OrderHeader DROP CONSTRAINT PK_OrderHeader_OrderID; ALTER TABLE "
        "Sales.OrderHeader ALTER COLUMN OrderID BIGINT NOT NULL; ALTER TABLE "
        "Sales.OrderHeader ADD CONSTRAINT PK_OrderHeader_OrderID PRIMARY KEY (OrderID); -- "
        "drop the foreign keys that reference it first, and widen their columns too")
    assert found[("AK-FK004", "sales.salesorder(storeid) -> sales.store")] == (
        "foreign key FK_SalesOrder_Store_Again on Sales.SalesOrder duplicates "
        "FK_SalesOrder_Store to Sales.Store",
        "ALTER TABLE Sales.SalesOrder DROP CONSTRAINT FK_SalesOrder_Store_Again;")
    assert found[("AK-FK007", CHAIN)] == (
        "deleting from Sales.A cascades 3 levels deep: Sales.A -> Sales.B -> Sales.C -> "
        "Sales.D",
        "ALTER TABLE Sales.D DROP CONSTRAINT FK_D_C; ALTER TABLE Sales.D ADD CONSTRAINT "
        "FK_D_C FOREIGN KEY (CID) REFERENCES Sales.C (CID) ON DELETE NO ACTION;")
    assert found[("AK-CK001", "sales.salesorder.login")] == (
        "CHECK (NOT Login IS NULL) on Sales.SalesOrder repeats the NOT NULL of Login",
        "ALTER TABLE Sales.SalesOrder DROP CONSTRAINT CK_SalesOrder_Login;")
    # (AK-PK001 names the UNIQUE constraint it promotes in postgres only)
    assert found[("AK-PK001", "sales.tag")][1] == "ALTER TABLE Sales.Tag ADD PRIMARY KEY (Code);"


def test_keys_rules_name_constraints_as_written_bracketed_tsql():
    # [FK_D_C]: quoted the SQL Server way, the same spelling
    sql = SCHEMA.replace("CONSTRAINT FK_D_C", "CONSTRAINT [FK_D_C]").replace(
        "CONSTRAINT CK_SalesOrder_Login", "CONSTRAINT [CK_SalesOrder_Login]")
    found = _found(sql, "tsql")
    assert found[("AK-FK007", CHAIN)][1].startswith(
        "ALTER TABLE Sales.D DROP CONSTRAINT FK_D_C; ALTER TABLE Sales.D ADD CONSTRAINT "
        "FK_D_C FOREIGN KEY")
    assert found[("AK-CK001", "sales.salesorder.login")][1] == (
        "ALTER TABLE Sales.SalesOrder DROP CONSTRAINT CK_SalesOrder_Login;")


@pytest.mark.parametrize("dialect,title", [("sqlite", "SQLite"), ("duckdb", "DuckDB")])
def test_keys_rules_rebuild_notes_name_constraints_as_written(dialect, title):
    if dialect == "sqlite":
        sqlite3.connect(":memory:").executescript(PLAIN)     # the schema runs there
    else:   # (DuckDB refuses ON DELETE CASCADE: AK-FK007 is checked in SQLite only)
        duckdb = pytest.importorskip("duckdb")
        duckdb.connect().execute(PLAIN.replace(" ON DELETE CASCADE", ""))
    found = _found(PLAIN, dialect)
    assert found[("AK-FK004", "salesorder(storeid) -> store")] == (
        "foreign key FK_SalesOrder_Store_Again on SalesOrder duplicates FK_SalesOrder_Store "
        "to Store",
        f"-- {title} cannot drop a constraint: rebuild SalesOrder without "
        "FK_SalesOrder_Store_Again")
    if dialect == "sqlite":
        assert found[("AK-FK007", "a -> b -> c -> d")][1] == (
            "-- SQLite cannot change a foreign key in place: rebuild D with FK_D_C ON DELETE "
            "RESTRICT")
    assert found[("AK-CK001", "salesorder.login")][1] == (
        f"-- {title} cannot drop a constraint: rebuild SalesOrder without "
        "CK_SalesOrder_Login")


def test_keys_rules_postgres_text_unchanged():
    # postgres folds unquoted names: the findings name the constraints as the engine does
    found = _found(SCHEMA, "postgres")
    assert found[("AK-FK004", "sales.salesorder(storeid) -> sales.store")] == (
        "foreign key fk_salesorder_store_again on sales.salesorder duplicates "
        "fk_salesorder_store to sales.store",
        "ALTER TABLE sales.salesorder DROP CONSTRAINT fk_salesorder_store_again;")
    assert found[("AK-FK007", CHAIN)][1] == (
        "ALTER TABLE sales.d DROP CONSTRAINT fk_d_c; ALTER TABLE sales.d ADD CONSTRAINT "
        "fk_d_c FOREIGN KEY (cid) REFERENCES sales.c (cid) ON DELETE RESTRICT NOT VALID; "
        "ALTER TABLE sales.d VALIDATE CONSTRAINT fk_d_c;")
    assert found[("AK-CK001", "sales.salesorder.login")] == (
        "CHECK (Login IS NOT NULL) on sales.salesorder repeats the NOT NULL of login",
        "ALTER TABLE sales.salesorder DROP CONSTRAINT ck_salesorder_login;")
    assert found[("AK-PK001", "sales.tag")][1] == (
        "ALTER TABLE sales.tag DROP CONSTRAINT uq_tag_code, ADD PRIMARY KEY (code);")
    # quoted names keep their case in postgres, and were quoted before too
    quoted = SCHEMA.replace("CONSTRAINT UQ_Tag_Code", 'CONSTRAINT "UQ_Tag_Code"').replace(
        "CONSTRAINT FK_D_C", 'CONSTRAINT "FK_D_C"')
    found = _found(quoted, "postgres")
    assert found[("AK-PK001", "sales.tag")][1] == (
        'ALTER TABLE sales.tag DROP CONSTRAINT "UQ_Tag_Code", ADD PRIMARY KEY (code);')
    assert found[("AK-FK007", CHAIN)][1] == (
        'ALTER TABLE sales.d DROP CONSTRAINT "FK_D_C"; ALTER TABLE sales.d ADD CONSTRAINT '
        '"FK_D_C" FOREIGN KEY (cid) REFERENCES sales.c (cid) ON DELETE RESTRICT NOT VALID; '
        'ALTER TABLE sales.d VALIDATE CONSTRAINT "FK_D_C";')
