"""The migration rules (AK-MG001..AK-MG008) name tables and columns as the schema writes
them where the engine keeps names as written and compares them without case (SQL Server,
SQLite, DuckDB; archkit/schema/shown.py). The migrations are reviewed with ``since``
against the schema the files before them build, whose spelling the report takes. A name
the schema no longer has in the end (a dropped column, a table renamed away) is shown as
the catalog keys it. Elsewhere (postgres) the text is what it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from archkit.schema import check

TSQL_V1 = """CREATE TABLE Sales.Customer (CustomerID int PRIMARY KEY, MiddleName nvarchar(20),
    EMail nvarchar(50), Nick nvarchar(20), Total decimal(10, 2));
CREATE TABLE Sales.AuditLog (LogID int PRIMARY KEY, Body nvarchar(max));
CREATE TABLE Sales.[Order] (OrderID int PRIMARY KEY);
CREATE TABLE Sales.OldThing (ThingID int PRIMARY KEY);
"""
TSQL_V2 = """ALTER TABLE Sales.Customer DROP COLUMN MiddleName;
ALTER TABLE Sales.Customer ADD Tier nvarchar(10) NOT NULL;
ALTER TABLE Sales.Customer ADD Token uniqueidentifier DEFAULT NEWID();
ALTER TABLE Sales.Customer ADD TotalX2 AS (Total * 2) PERSISTED;
ALTER TABLE Sales.Customer ALTER COLUMN Total decimal(14, 2);
ALTER TABLE Sales.Customer ADD CONSTRAINT UQ_Customer_EMail UNIQUE (EMail);
EXEC sp_rename 'Sales.Customer.EMail', 'MailAddress', 'COLUMN';
EXEC sp_rename 'Sales.Customer.Nick', 'NICK', 'COLUMN';
EXEC sp_rename 'Sales.AuditLog', 'AuditTrail';
TRUNCATE TABLE Sales.[Order];
DROP TABLE Sales.OldThing;
"""

LITE_V1 = """CREATE TABLE Customer (CustomerId INTEGER PRIMARY KEY, MiddleName TEXT, EMail TEXT,
    Total NUMERIC(10, 2));
CREATE TABLE AuditLog (LogId INTEGER PRIMARY KEY, Body TEXT);
CREATE TABLE OldStuff (Id INTEGER PRIMARY KEY);
"""
LITE_V2 = """ALTER TABLE Customer DROP COLUMN MiddleName;
ALTER TABLE Customer ADD COLUMN Tier TEXT NOT NULL;
ALTER TABLE Customer ADD COLUMN Token TEXT DEFAULT (random());
ALTER TABLE Customer ADD COLUMN TotalX2 NUMERIC GENERATED ALWAYS AS (Total * 2) STORED;
CREATE UNIQUE INDEX Customer_Mail ON Customer (EMail);
ALTER TABLE Customer RENAME COLUMN EMail TO MailAddress;
ALTER TABLE AuditLog RENAME TO AuditTrail;
DROP TABLE OldStuff;
"""

DUCK_V1 = """CREATE TABLE Customer (CustomerId INTEGER PRIMARY KEY, MiddleName TEXT, EMail TEXT,
    Total DECIMAL(10, 2), Nick TEXT);
CREATE TABLE AuditLog (LogId INTEGER PRIMARY KEY, Body TEXT);
"""
DUCK_V2 = """ALTER TABLE Customer DROP COLUMN MiddleName;
ALTER TABLE Customer ADD COLUMN Tier TEXT NOT NULL;
ALTER TABLE Customer ALTER COLUMN Total TYPE DECIMAL(14, 2);
ALTER TABLE Customer ALTER COLUMN Nick SET NOT NULL;
ALTER TABLE Customer ADD COLUMN Token UUID DEFAULT (gen_random_uuid());
ALTER TABLE Customer RENAME COLUMN EMail TO MailAddress;
ALTER TABLE AuditLog RENAME TO AuditTrail;
TRUNCATE AuditTrail;
"""


def _reviewed(tmp_path: Path, dialect: str, v1: str, v2: str,
              rules: dict[str, str] | None = None) -> dict[tuple[str, str], tuple[str, str]]:
    """(rule, object) -> (message, hint) of the AK-MG findings on ``v2`` run on ``v1``."""
    (tmp_path / "V1__schema.sql").write_text(v1)
    (tmp_path / "V2__change.sql").write_text(v2)
    files = sorted(str(p) for p in tmp_path.glob("*.sql"))
    report = check(files, dialect=dialect, since=tmp_path / "V2__change.sql", cache=False,
                   config={"rules": rules} if rules else None)
    found = {}
    for f in report:
        if f.rule.startswith("AK-MG"):
            assert (f.rule, f.object) not in found
            found[(f.rule, f.object)] = (f.message, f.hint)
    return found


# -- SQL Server --------------------------------------------------------------------------
def test_sql_server_migration_findings_name_tables_and_columns_as_written(tmp_path: Path):
    found = _reviewed(tmp_path, "tsql", TSQL_V1, TSQL_V2)
    # (the object stays the catalog's key: the finding's identity)
    assert found[("AK-MG007", "sales.customer")][0] == (
        "this migration takes locks on Sales.Customer without a lock timeout: a blocked DDL "
        "statement queues every query behind it")
    # MG001: the dropped column is gone from the schema: named as the schema before the
    # migrations under review writes it
    msg, hint = found[("AK-MG001", "sales.customer.middlename")]
    assert msg.startswith("dropping column Sales.Customer.MiddleName destroys its data")
    assert hint.endswith(": ALTER TABLE Sales.Customer DROP COLUMN MiddleName;")
    # Order is a reserved word: quoted in the SQL, not in the message
    assert found[("AK-MG001", "sales.order")] == (
        "TRUNCATE Sales.Order deletes every row",
        "-- delete only the rows you mean: DELETE FROM Sales.[Order] WHERE ...;")
    assert found[("AK-MG001", "sales.oldthing")][0] == (
        "DROP TABLE Sales.OldThing destroys the table and its data")
    # MG002
    assert found[("AK-MG002", "sales.customer.email")] == (
        "renaming column Sales.Customer.EMail to MailAddress breaks code that uses the old name",
        "ALTER TABLE Sales.Customer ADD MailAddress <type of EMail>; -- copy and keep in sync, "
        "move readers, then drop EMail")
    msg, hint = found[("AK-MG002", "sales.auditlog")]
    assert msg == ("renaming table Sales.AuditLog to Sales.AuditTrail breaks code that uses "
                   "the old name")
    assert hint == ("EXEC sp_rename 'Sales.AuditLog', 'AuditTrail'; CREATE VIEW Sales.AuditLog "
                    "AS SELECT * FROM Sales.AuditTrail; -- until every reader uses the new name")
    # MG003
    assert found[("AK-MG003", "sales.customer.tier")] == (
        "adding NOT NULL column Sales.Customer.Tier without a default fails if Sales.Customer "
        "has rows",
        "ALTER TABLE Sales.Customer ADD Tier NVARCHAR(10) NOT NULL DEFAULT <value>;")
    assert found[("AK-MG003", "sales.customer.uq_customer_email")] == (
        "adding UNIQUE to Sales.Customer fails if existing rows contain duplicates",
        "SELECT EMail, count(*) FROM Sales.Customer GROUP BY EMail HAVING count(*) > 1; "
        "-- must return no rows first")
    # MG006
    assert found[("AK-MG006", "sales.customer.total")] == (
        "changing the type of Sales.Customer.Total to NUMERIC(14, 2) rewrites the table",
        "ALTER TABLE Sales.Customer ADD total_new NUMERIC(14, 2); -- backfill in batches, "
        "then switch readers and drop Total")
    assert found[("AK-MG006", "sales.customer.token")] == (
        "adding Sales.Customer.Token with the per-row default NEWID() rewrites the table",
        "ALTER TABLE Sales.Customer ADD Token <type>; -- without the default, then UPDATE "
        "Sales.Customer SET Token = NEWID() in batches")
    assert found[("AK-MG006", "sales.customer.totalx2")] == (
        "adding the stored generated column Sales.Customer.TotalX2 rewrites the table",
        "-- add TotalX2 as a plain column, backfill it in batches, then keep it in sync "
        "((Total * 2))")


def test_a_rename_that_changes_only_the_case_is_no_breaking_rename(tmp_path: Path):
    # SQL Server compares names without case: Nick -> NICK (and AuditLog -> AUDITLOG)
    # breaks no reader; it was reported as 'renaming column sales.customer.nick to nick'
    v2 = ("EXEC sp_rename 'Sales.Customer.Nick', 'NICK', 'COLUMN';\n"
          "EXEC sp_rename 'Sales.AuditLog', 'AUDITLOG';\n")
    found = _reviewed(tmp_path, "tsql", TSQL_V1, v2)
    assert not [k for k in found if k[0] == "AK-MG002"]
    assert ("AK-MG007", "sales.customer") in found         # (it still takes locks)


@pytest.mark.parametrize("dialect", ["sqlite", "duckdb"])
def test_a_case_only_rename_is_no_breaking_rename_in_sqlite_and_duckdb(dialect):
    sql = "ALTER TABLE album RENAME TO Album;\nALTER TABLE track RENAME COLUMN name TO Name;\n"
    assert not [f for f in check(sql, dialect=dialect, cache=False) if f.rule == "AK-MG002"]


def test_sql_server_alter_column_without_not_null_names_the_column_as_written():
    sql = ("CREATE TABLE Sales.Customer (CustomerID int PRIMARY KEY, "
           "EMail nvarchar(50) NOT NULL);\n"
           "ALTER TABLE Sales.Customer ALTER COLUMN EMail nvarchar(80);\n")
    [f] = [f for f in check(sql, dialect="tsql", cache=False) if f.rule == "AK-MG008"]
    assert f.object == "sales.customer.email"
    assert f.message == ("ALTER COLUMN of Sales.Customer.EMail does not restate NOT NULL: "
                         "SQL Server makes the column nullable")
    assert f.hint == "ALTER TABLE Sales.Customer ALTER COLUMN EMail NVARCHAR(80) NOT NULL;"


# -- SQLite ------------------------------------------------------------------------------
def test_sqlite_migration_findings_name_tables_and_columns_as_written(tmp_path: Path):
    found = _reviewed(tmp_path, "sqlite", LITE_V1, LITE_V2)
    msg, drop_column = found[("AK-MG001", "customer.middlename")]
    assert msg.startswith("dropping column Customer.MiddleName destroys")
    assert found[("AK-MG003", "customer.tier")] == (
        "adding NOT NULL column Customer.Tier without a default fails if Customer has rows",
        "ALTER TABLE Customer ADD COLUMN Tier TEXT NOT NULL DEFAULT <value>;")
    msg, unique = found[("AK-MG003", "customer.Customer_Mail")]
    assert msg == ("creating a UNIQUE index on Customer fails if existing rows contain "
                   "duplicates")
    assert found[("AK-MG006", "customer.token")] == (
        "adding Customer.Token with the per-row default (RANDOM()) rewrites the table",
        "ALTER TABLE Customer ADD COLUMN Token <type>; -- without the default, then UPDATE "
        "Customer SET Token = (RANDOM()) in batches")
    assert found[("AK-MG006", "customer.totalx2")][0] == (
        "adding the stored generated column Customer.TotalX2 rewrites the table")
    assert found[("AK-MG002", "customer.email")] == (
        "renaming column Customer.EMail to MailAddress breaks code that uses the old name",
        "ALTER TABLE Customer ADD COLUMN MailAddress <type of EMail>; -- copy and keep in "
        "sync, move readers, then drop EMail")
    msg, rename = found[("AK-MG002", "auditlog")]
    assert msg == "renaming table AuditLog to AuditTrail breaks code that uses the old name"
    assert rename == ("ALTER TABLE AuditLog RENAME TO AuditTrail; CREATE VIEW AuditLog AS "
                      "SELECT * FROM AuditTrail; -- until every reader uses the new name")
    msg, drop_table = found[("AK-MG001", "oldstuff")]
    # the hints that are SQL run on SQLite, each on the schema before the migration
    for sql in (unique, rename, drop_table, drop_column.split(" release: ", 1)[1]):
        db = sqlite3.connect(":memory:")
        db.executescript(LITE_V1)
        db.executescript(sql)
        db.close()


# -- DuckDB ------------------------------------------------------------------------------
def test_duckdb_migration_findings_name_tables_and_columns_as_written(tmp_path: Path):
    duckdb = pytest.importorskip("duckdb")
    found = _reviewed(tmp_path, "duckdb", DUCK_V1, DUCK_V2)
    msg, drop_column = found[("AK-MG001", "customer.middlename")]
    assert msg.startswith("dropping column Customer.MiddleName destroys")
    assert found[("AK-MG001", "audittrail")] == (
        "TRUNCATE AuditTrail deletes every row",
        "-- delete only the rows you mean: DELETE FROM AuditTrail WHERE ...;")
    assert found[("AK-MG003", "customer.tier")][0] == (
        "adding NOT NULL column Customer.Tier without a default fails if Customer has rows")
    msg, not_null = found[("AK-MG003", "customer.nick")]
    assert msg == ("SET NOT NULL on Customer.Nick fails if any row is NULL and scans the "
                   "table under lock")
    assert not_null == "SELECT count(*) FROM Customer WHERE Nick IS NULL; -- must be 0 first"
    assert found[("AK-MG006", "customer.total")] == (
        "changing the type of Customer.Total to DECIMAL(14, 2) rewrites the table",
        "ALTER TABLE Customer ADD COLUMN total_new DECIMAL(14, 2); -- backfill in batches, "
        "then switch readers and drop Total")
    assert found[("AK-MG006", "customer.token")][0] == (
        "adding Customer.Token with the per-row default (UUID()) rewrites the table")
    assert found[("AK-MG002", "customer.email")][0] == (
        "renaming column Customer.EMail to MailAddress breaks code that uses the old name")
    rename = found[("AK-MG002", "auditlog")][1]
    assert rename.startswith("ALTER TABLE AuditLog RENAME TO AuditTrail; CREATE VIEW AuditLog "
                             "AS SELECT * FROM AuditTrail;")
    for sql in (not_null, rename, drop_column.split(" release: ", 1)[1]):
        db = duckdb.connect()
        db.execute(DUCK_V1)
        db.execute(sql)
        db.close()


# -- elsewhere: the text it was ----------------------------------------------------------
PG = """ALTER TABLE "Sales"."Customer" DROP COLUMN "MiddleName";
ALTER TABLE "Sales"."Customer" ADD COLUMN "Tier" text NOT NULL;
ALTER TABLE "Sales"."Customer" ALTER COLUMN "Nick" SET NOT NULL;
ALTER TABLE "Sales"."Customer" ALTER COLUMN "Total" TYPE numeric(14, 2);
ALTER TABLE "Sales"."Customer" ADD COLUMN "Token" uuid DEFAULT gen_random_uuid();
ALTER TABLE "Sales"."Customer" RENAME COLUMN "EMail" TO "MailAddress";
ALTER TABLE "Sales"."AuditLog" RENAME TO "AuditTrail";
CREATE UNIQUE INDEX "Customer_Mail" ON "Sales"."Customer" ("MailAddress");
TRUNCATE "Sales"."AuditTrail";
DROP TABLE "Sales"."OldThing";
"""
C = '"Sales"."Customer"'
PG_FOUND = [
    ("AK-MG007", "this migration takes locks on Sales.Customer without a lock timeout: a "
     "blocked DDL statement queues every query behind it",
     "SET lock_timeout = '5s'; -- before the first DDL"),
    ("AK-MG001", "dropping column Sales.Customer.MiddleName destroys its data and breaks code "
     "that still reads it",
     "-- stop reading and writing MiddleName first, back it up, then drop it in a later "
     f'release: ALTER TABLE {C} DROP COLUMN "MiddleName";'),
    ("AK-MG003", "adding NOT NULL column Sales.Customer.Tier without a default fails if "
     "Sales.Customer has rows",
     f'ALTER TABLE {C} ADD COLUMN "Tier" TEXT NOT NULL DEFAULT <value>;'),
    ("AK-MG003", "SET NOT NULL on Sales.Customer.Nick fails if any row is NULL and scans the "
     "table under lock",
     f'ALTER TABLE {C} ADD CONSTRAINT "Customer_Nick_not_null" CHECK ("Nick" IS NOT NULL) '
     f'NOT VALID; ALTER TABLE {C} VALIDATE CONSTRAINT "Customer_Nick_not_null";'),
    ("AK-MG006", "changing the type of Sales.Customer.Total to DECIMAL(14, 2) rewrites the "
     "table, unless it only widens the column (more precision, the same scale): that changes "
     "the catalog only",
     f'ALTER TABLE {C} ADD COLUMN "Total_new" DECIMAL(14, 2); -- backfill in batches, then '
     "switch readers and drop Total"),
    ("AK-MG006", "adding Sales.Customer.Token with the per-row default GEN_RANDOM_UUID() "
     "rewrites the table",
     f'ALTER TABLE {C} ADD COLUMN "Token" <type>; -- without the default, then UPDATE {C} '
     'SET "Token" = GEN_RANDOM_UUID() in batches'),
    ("AK-MG002", "renaming column Sales.Customer.EMail to MailAddress breaks code that uses "
     "the old name",
     f'ALTER TABLE {C} ADD COLUMN "MailAddress" <type of EMail>; -- copy and keep in sync, '
     "move readers, then drop EMail"),
    ("AK-MG002", "renaming table Sales.AuditLog to AuditTrail breaks code that uses the old "
     "name",
     'ALTER TABLE "Sales"."AuditLog" RENAME TO "AuditTrail"; CREATE VIEW "Sales"."AuditLog" '
     'AS SELECT * FROM "Sales"."AuditTrail"; -- until every reader uses the new name'),
    ("AK-MG003", "creating a UNIQUE index on Sales.Customer fails if existing rows contain "
     "duplicates",
     f'SELECT "MailAddress", count(*) FROM {C} GROUP BY "MailAddress" HAVING count(*) > 1; '
     "-- must return no rows first"),
    ("AK-MG004", "CREATE INDEX Customer_Mail on Sales.Customer blocks writes to it while the "
     "index builds",
     f'CREATE UNIQUE INDEX CONCURRENTLY "Customer_Mail" ON {C} ("MailAddress");'),
    ("AK-MG001", "TRUNCATE Sales.AuditTrail deletes every row",
     '-- delete only the rows you mean: DELETE FROM "Sales"."AuditTrail" WHERE ...;'),
    ("AK-MG001", "DROP TABLE Sales.OldThing destroys the table and its data",
     'ALTER TABLE "Sales"."OldThing" RENAME TO "OldThing_deprecated"; -- drop it in a later '
     "release, after a backup"),
]


def test_postgres_migration_findings_are_what_they_were():
    got = [(f.rule, f.message, f.hint) for f in check(PG, dialect="postgres", cache=False)
           if f.rule.startswith("AK-MG")]
    assert got == PG_FOUND


@pytest.mark.parametrize(("rule", "dialect", "message"), [
    ("AK-MG001", "postgres", "dropping column customer.middle_name destroys its data and "
     "breaks code that still reads it"),
    ("AK-MG002", "postgres", "renaming column customer.mail to email breaks code that uses "
     "the old name"),
    ("AK-MG003", "postgres", "adding NOT NULL column customer.tier without a default fails "
     "if customer has rows"),
    ("AK-MG004", "postgres", "CREATE INDEX orders_status_idx on orders blocks writes to it "
     "while the index builds"),
    ("AK-MG005", "postgres", "adding FOREIGN KEY orders_customer_fk to orders checks every "
     "row while blocking writes"),
    ("AK-MG007", "postgres", "this migration takes locks on orders without a lock timeout: a "
     "blocked DDL statement queues every query behind it"),
    ("AK-MG008", "mysql", "MODIFY of namespaces.data does not restate NOT NULL: MySQL drops "
     "what MODIFY / CHANGE leave out"),
])
def test_the_rules_own_examples_give_the_messages_they_gave(rule, dialect, message):
    import archkit.schema.rules  # noqa: F401  (registers the rules)
    from archkit.schema.registry import SCHEMA_RULES

    fires = SCHEMA_RULES[rule].rule.fires
    got = [f.message for f in check(fires, dialect=dialect, cache=False,
                                    config={"rules": {rule: "warning"}}) if f.rule == rule]
    assert got == [message]
