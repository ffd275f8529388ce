"""Findings name tables and columns as the schema writes them where the engine keeps names
as written and compares them without case (SQL Server, SQLite, DuckDB): the report fills
in the rules' placeholders from the catalog it ends with (archkit/schema/shown.py). Here:
the filling itself, and that a re-check after a table is spelt anew (its key unchanged)
gives what a fresh check gives, also in findings about other tables that name it."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import pytest

from archkit.findings import Finding
from archkit.schema import check
from archkit.schema.cache import IncrementalChecker
from archkit.schema.catalog import load_schema
from archkit.schema.dialects import get_dialect
from archkit.schema.rules._support import sql_c, sql_t
from archkit.schema.shown import column, columns, fill, table, table_column

TSQL = """
CREATE TABLE Sales.Customer (CustomerID int NOT NULL PRIMARY KEY, Name nvarchar(50));
CREATE TABLE Sales.[Order] (OrderID bigint PRIMARY KEY,
    CustomerID int REFERENCES Sales.Customer (CustomerID));
"""


def _ctx(dialect: str) -> SimpleNamespace:
    return SimpleNamespace(dialect=get_dialect(dialect))


def _finding(message: str, hint: str = "") -> Finding:
    return Finding("AK-X001", "x", "info", message, "t.sql", 1, 1, "sales.customer", hint)


def test_placeholders_are_filled_from_the_catalog_as_written():
    cat = load_schema(TSQL, "tsql")
    ctx = _ctx("tsql")
    f = _finding(f"foreign key {table(ctx, 'sales.order')}"
                 f"({columns(ctx, 'sales.order', ['customerid'])}) -> "
                 f"{table_column(ctx, 'sales.customer', 'customerid')} "
                 f"({column(ctx, 'sales.customer', 'name')})",
                 f"CREATE INDEX ix ON {sql_t(ctx, 'sales.order')} "
                 f"({sql_c(ctx, 'sales.order', 'customerid')});")
    [out] = fill([f], cat, get_dialect("tsql"))
    assert out.message == ("foreign key Sales.Order(CustomerID) -> Sales.Customer.CustomerID "
                           "(Name)")
    # quoted for SQL where the name needs it: Order is a reserved word
    assert out.hint == "CREATE INDEX ix ON Sales.[Order] (CustomerID);"
    assert out.object == "sales.customer"          # the identity stays the catalog's key


def test_names_the_catalog_does_not_know_are_shown_as_they_are():
    cat = load_schema(TSQL, "tsql")
    ctx = _ctx("tsql")
    f = _finding(f"{table(ctx, 'sales.invoice')} {column(ctx, 'sales.customer', 'gone')}")
    assert fill([f], cat, get_dialect("tsql"))[0].message == "sales.invoice gone"


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "oracle", "snowflake"])
def test_other_dialects_get_the_catalog_names_and_no_placeholders(dialect):
    ctx = _ctx(dialect)
    assert table(ctx, "s.t") == "s.t"
    assert column(ctx, "s.t", "c") == "c"
    assert table_column(ctx, "s.t", "c") == "s.t.c"
    assert columns(ctx, "s.t", ["a", "b"]) == "a, b"
    ctx.catalog = SimpleNamespace(dialect=dialect)
    assert sql_t(ctx, "s.t") == "s.t" and sql_c(ctx, "s.t", "order") in ('"order"', "`order`")


@pytest.mark.parametrize("dialect", ["tsql", "sqlite", "duckdb"])
def test_a_whole_check_names_tables_and_columns_as_written(dialect):
    sql = """
CREATE TABLE Customer (CustomerID bigint NOT NULL PRIMARY KEY, Name varchar(50));
CREATE TABLE Invoice (InvoiceID bigint PRIMARY KEY,
    CustomerID bigint REFERENCES Customer (CustomerID));
"""
    report = check(sql, dialect=dialect, config={"rules": {"AK-DOC001": "info"}})
    text = "\n".join(f"{f.message} | {f.hint}" for f in report)
    assert "\ue000" not in text and "\ue003" not in text and "\ue001" not in text
    doc = [f for f in report if f.rule == "AK-DOC001"]
    assert {f.message for f in doc} == {"table Customer has no comment",
                                        "table Invoice has no comment"}
    assert {f.object for f in doc} == {"customer", "invoice"}


def _key(report):
    return Counter((f.rule, f.severity, f.message, f.path, f.line, f.col, f.object, f.hint)
                   for f in report)


@pytest.mark.parametrize("dialect", ["tsql", "sqlite"])     # (DuckDB indexes its keys)
def test_a_table_spelt_anew_is_named_so_in_other_tables_findings_after_an_edit(dialect):
    # Invoice's foreign key has no index (AK-IX006): its finding names Customer, whose
    # statement is the one edited; Invoice's findings are kept from the last run
    sql = """
CREATE TABLE Customer (CustomerID bigint NOT NULL PRIMARY KEY, Name varchar(50));
CREATE TABLE Invoice (InvoiceID bigint PRIMARY KEY,
    CustomerID bigint REFERENCES Customer (CustomerID));
"""
    ic = IncrementalChecker(sql, dialect=dialect)
    assert any("-> Customer" in f.message for f in ic.report if f.rule == "AK-IX006")
    edited = ic.edit(0, "CREATE TABLE CUSTOMER (CUSTOMERID bigint NOT NULL PRIMARY KEY, "
                        "Name varchar(50))")
    assert any("-> CUSTOMER" in f.message for f in edited if f.rule == "AK-IX006")
    assert _key(edited) == _key(check(ic.text, dialect=dialect))
    assert [f.message for f in edited] == [f.message for f in check(ic.text, dialect=dialect)]


def test_a_migration_names_the_tables_it_alters_and_drops_as_it_writes_them():
    # no CREATE TABLE in the input: the tables are known only from the statements
    sql = ("ALTER TABLE Sales.Customer ADD Tier int NOT NULL;\n"
           "DROP TABLE Sales.OldThing;\n")
    found = {f.rule: f for f in check(sql, dialect="tsql")}
    assert found["AK-MG003"].message.startswith(
        "adding NOT NULL column Sales.Customer.Tier without a default")
    assert found["AK-MG001"].message == "DROP TABLE Sales.OldThing destroys the table and its data"
    assert found["AK-MG001"].object == "sales.oldthing"


def test_what_a_migration_drops_or_renames_is_named_as_it_was_written(tmp_path):
    # reviewed with since: the schema before the migration spells what it drops
    (tmp_path / "V1__base.sql").write_text(
        "CREATE TABLE Sales.Customer (CustomerID int PRIMARY KEY, MiddleName nvarchar(20),\n"
        "  EMail nvarchar(50));\nCREATE TABLE Sales.OldThing (ThingID int PRIMARY KEY);\n")
    (tmp_path / "V2__change.sql").write_text(
        "ALTER TABLE Sales.Customer DROP COLUMN MiddleName;\n"
        "EXEC sp_rename 'Sales.Customer.EMail', 'MailAddress', 'COLUMN';\n"
        "DROP TABLE Sales.OldThing;\n")
    files = [str(tmp_path / "V1__base.sql"), str(tmp_path / "V2__change.sql")]
    messages = {f.message for f in check(files, dialect="tsql", since=files[1])}
    assert "DROP TABLE Sales.OldThing destroys the table and its data" in messages
    assert any(m.startswith("dropping column Sales.Customer.MiddleName destroys") for m in messages)
    assert any(m.startswith("renaming column Sales.Customer.EMail to MailAddress")
               for m in messages)


@pytest.mark.parametrize("dialect", ["sqlite", "duckdb"])
def test_columns_a_migration_renames_or_drops_on_a_table_it_does_not_create(dialect):
    sql = ("ALTER TABLE AuditLog RENAME TO AuditTrail;\n"
           "ALTER TABLE Customer RENAME COLUMN EMail TO MailAddress;\n"
           "ALTER TABLE Customer DROP COLUMN MiddleName;\n")
    messages = {f.message for f in check(sql, dialect=dialect)}
    assert "renaming table AuditLog to AuditTrail breaks code that uses the old name" in messages
    assert "renaming column Customer.EMail to MailAddress breaks code that uses the old name" \
        in messages
    assert any(m.startswith("dropping column Customer.MiddleName destroys") for m in messages)
