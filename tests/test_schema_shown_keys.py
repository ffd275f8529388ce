"""Keys and constraints findings (archkit/schema/rules/keys.py: AK-PK*, AK-FK*, AK-CK001)
name tables and columns as the schema writes them where the engine keeps names as
written and compares them without case (SQL Server, SQLite, DuckDB); ``object`` stays
the folded key, and other dialects give the text they gave before. Hints that are SQL
for SQLite or DuckDB are run on the engine after the schema."""

from __future__ import annotations

import pytest
from shown_support import checked, run_on

from archkit.schema import check
from archkit.schema.cache import IncrementalChecker
from archkit.schema.registry import SCHEMA_RULES


def _found(sql: str, rule: str, dialect: str, **kw) -> dict[str, tuple[str, str | None]]:
    """object -> (message, hint) of ``rule``'s findings."""
    return {f.object: (f.message, f.hint) for f in checked(sql, dialect, select=[rule], **kw)
            if f.rule == rule}


# -- AK-PK001 ----------------------------------------------------------------------------
PK001_TSQL = """
CREATE TABLE Sales.AuditLog (EventName nvarchar(50), HappenedAt datetime2);
CREATE TABLE Sales.Tag (TagName nvarchar(20) NOT NULL UNIQUE, Label nvarchar(50));
CREATE TABLE Sales.Counter (CounterNo int IDENTITY(1, 1) NOT NULL, Label nvarchar(10));
CREATE TABLE Sales.Note (ID int, Body nvarchar(100));
CREATE TABLE Sales.Customer (CustomerID bigint NOT NULL PRIMARY KEY);
CREATE TABLE Sales.Product (ProductID bigint NOT NULL PRIMARY KEY);
CREATE TABLE Sales.CustomerProduct (
  CustomerID bigint NOT NULL REFERENCES Sales.Customer (CustomerID),
  ProductID bigint NOT NULL REFERENCES Sales.Product (ProductID));
CREATE TABLE Sales.CustomerPhoto (CustomerID bigint NOT NULL PRIMARY KEY
  REFERENCES Sales.Customer (CustomerID), Photo nvarchar(10));
CREATE TABLE Sales.CustomerNote (CustomerID bigint NOT NULL PRIMARY KEY
  REFERENCES Sales.Customer (CustomerID), Note nvarchar(10));
CREATE TABLE Sales.CustomerExtra (CustomerID bigint NOT NULL
  REFERENCES Sales.Customer (CustomerID), Extra nvarchar(10));
"""


def test_pk001_names_tables_and_columns_as_written_tsql():
    found = _found(PK001_TSQL, "AK-PK001", "tsql")
    assert found == {
        "sales.auditlog": (
            "table Sales.AuditLog has no primary key",
            "ALTER TABLE Sales.AuditLog ADD id BIGINT IDENTITY(1, 1) PRIMARY KEY;"),
        "sales.tag": (
            "table Sales.Tag has no primary key; its NOT NULL unique key (TagName) could be "
            "promoted", "ALTER TABLE Sales.Tag ADD PRIMARY KEY (TagName);"),
        "sales.counter": (
            "table Sales.Counter has no primary key; its CounterNo is numbered by the engine "
            "and could be the key", "ALTER TABLE Sales.Counter ADD PRIMARY KEY (CounterNo);"),
        "sales.note": (
            "table Sales.Note has no primary key",
            "ALTER TABLE Sales.Note ALTER COLUMN ID INTEGER NOT NULL; "
            "ALTER TABLE Sales.Note ADD PRIMARY KEY (ID);"),
        "sales.customerproduct": (
            "table Sales.CustomerProduct has no primary key; it links Sales.Customer and "
            "Sales.Product: key it by (CustomerID, ProductID), which also keeps each link once",
            "ALTER TABLE Sales.CustomerProduct ADD PRIMARY KEY (CustomerID, ProductID);"),
        "sales.customerextra": (
            "table Sales.CustomerExtra has no primary key; if it holds one row per "
            "Sales.Customer, as Sales.CustomerPhoto and Sales.CustomerNote do, key it by the "
            "columns that reference Sales.Customer (CustomerID)",
            "ALTER TABLE Sales.CustomerExtra ADD PRIMARY KEY (CustomerID);"),
    }


PK001_PLAIN = """
CREATE TABLE AuditLog (EventName varchar(50), HappenedAt timestamp);
CREATE TABLE Tag (TagName varchar(20) NOT NULL UNIQUE, Label varchar(50));
CREATE TABLE Note (ID integer, Body varchar(100));
CREATE TABLE "Order" ("Group" varchar(20) NOT NULL UNIQUE, "Line Note" varchar(50));
"""


def test_pk001_names_as_written_sqlite():
    found = _found(PK001_PLAIN, "AK-PK001", "sqlite")
    assert found == {
        "auditlog": ("table AuditLog has no primary key",
                     "-- SQLite cannot add a primary key column: rebuild AuditLog with id "
                     "INTEGER PRIMARY KEY"),
        "tag": ("table Tag has no primary key; its NOT NULL unique key (TagName) could be "
                "promoted", "-- SQLite cannot add a primary key to a table: rebuild Tag with "
                "PRIMARY KEY (TagName)"),
        "note": ("table Note has no primary key",
                 "-- SQLite cannot add a primary key in place: rebuild Note with ID NOT NULL "
                 "PRIMARY KEY"),
        "order": ("table Order has no primary key; its NOT NULL unique key (Group) could be "
                  "promoted", '-- SQLite cannot add a primary key to a table: rebuild "Order" '
                  'with PRIMARY KEY ("Group")'),
    }


def test_pk001_names_as_written_duckdb_and_the_hints_run():
    found = _found(PK001_PLAIN, "AK-PK001", "duckdb")
    assert {k: m for k, (m, _h) in found.items()} == {
        "auditlog": "table AuditLog has no primary key",
        "tag": "table Tag has no primary key; its NOT NULL unique key (TagName) could be "
               "promoted",
        "note": "table Note has no primary key",
        "order": "table Order has no primary key; its NOT NULL unique key (Group) could be "
                 "promoted",
    }
    assert found["auditlog"][1] == (
        "CREATE SEQUENCE auditlog_id_seq; ALTER TABLE AuditLog ADD COLUMN id BIGINT DEFAULT "
        "nextval('auditlog_id_seq'); ALTER TABLE AuditLog ADD PRIMARY KEY (id);")
    assert found["tag"][1] == "ALTER TABLE Tag ADD PRIMARY KEY (TagName);"
    assert found["note"][1] == ("ALTER TABLE Note ALTER COLUMN ID SET NOT NULL; "
                                "ALTER TABLE Note ADD PRIMARY KEY (ID);")
    assert found["order"][1] == 'ALTER TABLE "Order" ADD PRIMARY KEY ("Group");'
    for _m, hint in found.values():
        run_on("duckdb", PK001_PLAIN, hint)


# -- AK-PK002, AK-PK003 ------------------------------------------------------------------
def test_pk002_names_the_key_column_as_written():
    sql = "CREATE TABLE Sales.Rate (RateValue float PRIMARY KEY, Label nvarchar(10));"
    assert _found(sql, "AK-PK002", "tsql") == {"sales.rate.ratevalue": (
        "primary key column Sales.Rate.RateValue is FLOAT: rounds, so equal-looking keys "
        "differ", "ALTER TABLE Sales.Rate ADD id BIGINT IDENTITY(1, 1); -- make it the "
        "primary key and keep RateValue as a UNIQUE attribute")}
    plain = "CREATE TABLE Rate (RateValue double PRIMARY KEY, Label varchar(10));"
    found = _found(plain, "AK-PK002", "duckdb")
    message, hint = found["rate.ratevalue"]
    assert message == ("primary key column Rate.RateValue is DOUBLE: rounds, so "
                       "equal-looking keys differ")
    assert hint.endswith("-- make it the primary key and keep RateValue as a UNIQUE attribute")
    run_on("duckdb", plain, hint)
    assert _found(plain, "AK-PK002", "sqlite")["rate.ratevalue"][1] == (
        "-- SQLite cannot add a primary key column: rebuild Rate with id INTEGER PRIMARY KEY "
        "as its key and RateValue as a UNIQUE attribute")


def test_pk002_length_check_names_the_column_as_written_duckdb():
    sql = ("CREATE TABLE Region (CountryCode text NOT NULL, RegionCode varchar(10) NOT NULL,\n"
           "  PRIMARY KEY (CountryCode, RegionCode));")
    found = _found(sql, "AK-PK002", "duckdb")
    assert found["region.countrycode"] == (
        "primary key column Region.CountryCode is TEXT: it has no length limit: a value of "
        "any length goes into every index on it and every row that references it",
        "-- DuckDB cannot add a constraint to a table: rebuild Region with CONSTRAINT "
        "region_countrycode_length CHECK (length(CountryCode) <= 64)")


def test_pk003_names_the_key_as_written_tsql():
    sql = ("CREATE TABLE Sales.Customer (CustomerID int NOT NULL,\n"
           "  CONSTRAINT PK_Customer PRIMARY KEY (CustomerID));")
    assert _found(sql, "AK-PK003", "tsql") == {"sales.customer.customerid": (
        "primary key Sales.Customer.CustomerID is INTEGER: it runs out after 2^31 values",
        "ALTER TABLE Sales.Customer DROP CONSTRAINT PK_Customer; ALTER TABLE Sales.Customer "
        "ALTER COLUMN CustomerID BIGINT NOT NULL; ALTER TABLE Sales.Customer ADD CONSTRAINT "
        "PK_Customer PRIMARY KEY (CustomerID); -- drop the foreign keys that reference it "
        "first, and widen their columns too")}
    plain = "CREATE TABLE Parent (ParentID int PRIMARY KEY, Label varchar(10));"
    assert _found(plain, "AK-PK003", "duckdb") == {"parent.parentid": (
        "primary key Parent.ParentID is INT: it runs out after 2^31 values",
        "-- DuckDB cannot change the type of a key column: rebuild Parent with ParentID "
        "bigint")}


# -- AK-FK001 ----------------------------------------------------------------------------
FK001_TSQL = """
CREATE TABLE Sales.Customer (CustomerID bigint NOT NULL PRIMARY KEY, Email nvarchar(100) NOT NULL);
CREATE TABLE Sales.Lookup (Code nvarchar(10) NOT NULL);
CREATE TABLE Sales.Invoice (InvoiceID bigint PRIMARY KEY,
  CustomerEmail nvarchar(100) REFERENCES Sales.Customer (Email),
  CustomerNo bigint REFERENCES Sales.Customer (CustomerNo),
  LookupCode nvarchar(10) REFERENCES Sales.Lookup,
  ShipperID int REFERENCES Sales.Shipper (ShipperID),
  PartA bigint, PartB bigint,
  CONSTRAINT FK_Parts FOREIGN KEY (PartA, PartB) REFERENCES Sales.Customer (CustomerID));
"""


def test_fk001_names_tables_and_columns_as_written_tsql():
    found = _found(FK001_TSQL, "AK-FK001", "tsql")
    assert found == {
        "sales.invoice(customeremail) -> sales.customer": (
            "foreign key Sales.Invoice(CustomerEmail) -> Sales.Customer references (Email), "
            "which is not the primary key or a UNIQUE constraint of Sales.Customer",
            "ALTER TABLE Sales.Customer ADD UNIQUE (Email);"),
        # (a column the target lacks, a table the schema lacks: as REFERENCES writes them)
        "sales.invoice(customerno) -> sales.customer": (
            "foreign key Sales.Invoice(CustomerNo) -> Sales.Customer references "
            "Sales.Customer.CustomerNo, which does not exist",
            "ALTER TABLE Sales.Invoice ADD FOREIGN KEY (CustomerNo) REFERENCES Sales.Customer "
            "(CustomerID);"),
        "sales.invoice(lookupcode) -> sales.lookup": (
            "foreign key Sales.Invoice(LookupCode) -> Sales.Lookup names no columns and "
            "Sales.Lookup has no primary key",
            "ALTER TABLE Sales.Lookup ADD PRIMARY KEY (...);"),
        "sales.invoice(shipperid) -> sales.shipper": (
            "foreign key Sales.Invoice(ShipperID) -> Sales.Shipper references table "
            "Sales.Shipper, which this schema does not define",
            "CREATE TABLE Sales.Shipper (...); -- before Sales.Invoice, or fix the table name"),
        "sales.invoice(parta, partb) -> sales.customer": (
            "foreign key Sales.Invoice(PartA, PartB) -> Sales.Customer has 2 column(s) but "
            "references 1",
            "ALTER TABLE Sales.Invoice ADD FOREIGN KEY (PartA, PartB) REFERENCES "
            "Sales.Customer (CustomerID);"),
    }


def test_fk001_unique_index_hint_names_the_columns_as_written_and_runs_on_sqlite():
    sql = ("CREATE TABLE Customer (CustomerID integer PRIMARY KEY, Email varchar(100) NOT NULL);\n"
           "CREATE TABLE Invoice (InvoiceID integer PRIMARY KEY,\n"
           "  CustomerEmail varchar(100) REFERENCES Customer (Email));\n")
    found = _found(sql, "AK-FK001", "sqlite")
    message, hint = found["invoice(customeremail) -> customer"]
    assert message == ("foreign key Invoice(CustomerEmail) -> Customer references (Email), "
                       "which is not the primary key or a UNIQUE constraint of Customer")
    assert hint == "CREATE UNIQUE INDEX customer_email_key ON Customer (Email);"
    run_on("sqlite", sql, hint)


# -- AK-FK002 .. AK-FK005, AK-FK008 ------------------------------------------------------
def test_fk002_names_both_columns_as_written_tsql():
    sql = ("CREATE TABLE Sales.Customer (CustomerID bigint NOT NULL PRIMARY KEY);\n"
           "CREATE TABLE Sales.Invoice (InvoiceID bigint PRIMARY KEY,\n"
           "  CustomerID int REFERENCES Sales.Customer (CustomerID));\n"
           "CREATE TABLE Sales.Parent (ParentID int NOT NULL PRIMARY KEY);\n"
           "CREATE TABLE Sales.Child (ChildID bigint PRIMARY KEY,\n"
           "  ParentID bigint REFERENCES Sales.Parent (ParentID));\n")
    found = _found(sql, "AK-FK002", "tsql")
    assert found["sales.invoice.customerid"] == (
        "Sales.Invoice.CustomerID is INTEGER but references Sales.Customer.CustomerID of "
        "type BIGINT",
        "-- SQL Server cannot alter CustomerID while a foreign key uses it: drop it, run "
        "ALTER TABLE Sales.Invoice ALTER COLUMN CustomerID BIGINT NULL, and make it again")
    message, hint = found["sales.child.parentid"]
    assert message.startswith("Sales.Child.ParentID is BIGINT but references "
                              "Sales.Parent.ParentID of type INTEGER (a wider integer")
    assert hint == ("-- to make them alike, widen Sales.Parent.ParentID to BIGINT rather "
                    "than narrow Sales.Child.ParentID")


def test_fk003_names_the_key_and_columns_as_written():
    sql = ("CREATE TABLE Sales.Region (CountryCode nchar(2) NOT NULL, RegionCode nvarchar(10)\n"
           "  NOT NULL, PRIMARY KEY (CountryCode, RegionCode));\n"
           "CREATE TABLE Sales.Store (StoreID bigint PRIMARY KEY, CountryCode nchar(2) NOT NULL,\n"
           "  RegionCode nvarchar(10), FOREIGN KEY (CountryCode, RegionCode)\n"
           "  REFERENCES Sales.Region (CountryCode, RegionCode));\n")
    assert _found(sql, "AK-FK003", "tsql") == {
        "sales.store(countrycode, regioncode) -> sales.region": (
            "composite foreign key Sales.Store(CountryCode, RegionCode) -> Sales.Region has "
            "nullable column(s) RegionCode: rows with a NULL there skip the check",
            "-- SQL Server cannot alter RegionCode while a foreign key uses it: drop it, run "
            "ALTER TABLE Sales.Store ALTER COLUMN RegionCode NVARCHAR(10) NOT NULL, and make "
            "it again")}
    plain = sql.replace("Sales.", "").replace("nchar", "char").replace("nvarchar", "varchar")
    found = _found(plain, "AK-FK003", "duckdb")
    message, hint = found["store(countrycode, regioncode) -> region"]
    assert message == ("composite foreign key Store(CountryCode, RegionCode) -> Region has "
                       "nullable column(s) RegionCode: rows with a NULL there skip the check")
    assert hint == "ALTER TABLE Store ALTER COLUMN RegionCode SET NOT NULL;"
    run_on("duckdb", plain, hint)


def test_fk004_names_the_table_and_columns_as_written():
    sql = ("CREATE TABLE Sales.Store (StoreID bigint PRIMARY KEY);\n"
           "CREATE TABLE Sales.SalesOrder (OrderID bigint PRIMARY KEY, StoreID bigint,\n"
           "  CONSTRAINT FK_Order_Store FOREIGN KEY (StoreID) REFERENCES Sales.Store (StoreID),\n"
           "  CONSTRAINT FK_Order_Store2 FOREIGN KEY (StoreID) REFERENCES Sales.Store (StoreID));\n"
           "CREATE TABLE Sales.Refund (RefundID bigint PRIMARY KEY, StoreID bigint,\n"
           "  FOREIGN KEY (StoreID) REFERENCES Sales.Store (StoreID),\n"
           "  FOREIGN KEY (StoreID) REFERENCES Sales.Store (StoreID));\n")
    assert _found(sql, "AK-FK004", "tsql") == {
        # (constraint names as written too)
        "sales.salesorder(storeid) -> sales.store": (
            "foreign key FK_Order_Store2 on Sales.SalesOrder duplicates FK_Order_Store to "
            "Sales.Store", "ALTER TABLE Sales.SalesOrder DROP CONSTRAINT FK_Order_Store2;"),
        "sales.refund(storeid) -> sales.store": (
            "foreign key (StoreID) on Sales.Refund duplicates (StoreID) to Sales.Store",
            "-- remove the FOREIGN KEY (StoreID) clause from Sales.Refund"),
    }


def test_fk005_names_the_column_and_the_key_as_written():
    sql = ("CREATE TABLE Sales.Customer (CustomerID bigint NOT NULL PRIMARY KEY);\n"
           "CREATE TABLE Sales.Invoice (InvoiceID bigint PRIMARY KEY, CustomerID bigint);\n")
    assert _found(sql, "AK-FK005", "tsql") == {"sales.invoice.customerid": (
        "Sales.Invoice.CustomerID looks like a reference to Sales.Customer(CustomerID) but "
        "has no foreign key",
        "ALTER TABLE Sales.Invoice ADD FOREIGN KEY (CustomerID) REFERENCES Sales.Customer "
        "(CustomerID);")}
    plain = sql.replace("Sales.", "")
    assert _found(plain, "AK-FK005", "sqlite") == {"invoice.customerid": (
        "Invoice.CustomerID looks like a reference to Customer(CustomerID) but has no "
        "foreign key",
        "-- SQLite cannot add a foreign key to a table: rebuild Invoice with FOREIGN KEY "
        "(CustomerID) REFERENCES Customer (CustomerID)")}


def test_fk008_names_the_key_columns_and_tables_as_written():
    sql = ("CREATE TABLE Sales.Customer (CustomerID bigint NOT NULL PRIMARY KEY);\n"
           "CREATE TABLE Sales.Invoice (InvoiceID bigint PRIMARY KEY, CustomerID bigint NOT NULL\n"
           "  REFERENCES Sales.Customer (CustomerID) ON DELETE SET NULL);\n")
    assert _found(sql, "AK-FK008", "tsql") == {
        "sales.invoice(customerid) -> sales.customer": (
            "foreign key Sales.Invoice(CustomerID) -> Sales.Customer sets CustomerID to NULL "
            "ON DELETE, but CustomerID is NOT NULL: deleting a Sales.Customer row that "
            "Sales.Invoice rows reference fails",
            # (SQL Server has no RESTRICT: NO ACTION refuses while children exist)
            "-- make CustomerID nullable, or declare the foreign key ON DELETE NO ACTION (or "
            "ON DELETE CASCADE)")}


# -- AK-FK007 ----------------------------------------------------------------------------
CHAIN = """
CREATE TABLE Sales.A (AID bigint PRIMARY KEY);
CREATE TABLE Sales.B (BID bigint PRIMARY KEY,
  AID bigint REFERENCES Sales.A (AID) ON DELETE CASCADE);
CREATE TABLE Sales.C (CID bigint PRIMARY KEY,
  BID bigint REFERENCES Sales.B (BID) ON DELETE CASCADE);
CREATE TABLE Sales.D (DID bigint PRIMARY KEY, CID bigint,
  CONSTRAINT FK_D_C FOREIGN KEY (CID) REFERENCES Sales.C (CID) ON DELETE CASCADE);
CREATE TABLE Sales.Tree (NodeID bigint PRIMARY KEY,
  ParentID bigint REFERENCES Sales.Tree (NodeID) ON DELETE CASCADE);
CREATE TABLE Sales.P (PID bigint PRIMARY KEY, QID bigint);
CREATE TABLE Sales.Q (QID bigint PRIMARY KEY,
  PID bigint REFERENCES Sales.P (PID) ON DELETE CASCADE);
ALTER TABLE Sales.P ADD CONSTRAINT FK_P_Q FOREIGN KEY (QID) REFERENCES Sales.Q (QID)
  ON DELETE CASCADE;
"""


def test_fk007_names_chains_cycles_and_self_references_as_written_tsql():
    found = _found(CHAIN, "AK-FK007", "tsql",
                   config={"schema": {"AK-FK007": {"self_references": True}}})
    assert found["sales.a -> sales.b -> sales.c -> sales.d"] == (
        "deleting from Sales.A cascades 3 levels deep: Sales.A -> Sales.B -> Sales.C -> Sales.D",
        "ALTER TABLE Sales.D DROP CONSTRAINT FK_D_C; ALTER TABLE Sales.D ADD CONSTRAINT FK_D_C "
        "FOREIGN KEY (CID) REFERENCES Sales.C (CID) ON DELETE NO ACTION;")
    assert found["sales.tree(parentid) -> sales.tree"] == (
        "Sales.Tree cascades deletes to itself: deleting one row deletes its whole subtree",
        "-- declare Sales.Tree(ParentID) ON DELETE NO ACTION and delete subtrees explicitly")
    assert found["sales.p <-> sales.q"] == (
        "cascading foreign keys form a cycle: Sales.P, Sales.Q",
        "-- change one of the ON DELETE CASCADE foreign keys among Sales.P, Sales.Q to "
        "ON DELETE NO ACTION")       # (SQL Server has no RESTRICT)


@pytest.mark.parametrize("dialect", ["sqlite", "duckdb"])
def test_fk007_names_an_unnamed_chain_as_written(dialect):
    sql = "CREATE TABLE A (AID integer PRIMARY KEY);\n" + "".join(
        f"CREATE TABLE {t} ({t}ID integer PRIMARY KEY,\n"
        f"  {p}ID integer REFERENCES {p} ({p}ID) ON DELETE CASCADE);\n"
        for p, t in (("A", "B"), ("B", "C"), ("C", "D")))
    found = _found(sql, "AK-FK007", dialect)
    assert found["a -> b -> c -> d"] == (
        "deleting from A cascades 3 levels deep: A -> B -> C -> D",
        "-- declare D(CID) -> C ON DELETE RESTRICT")


# -- AK-CK001 ----------------------------------------------------------------------------
CK001_PLAIN = """
CREATE TABLE Customer (CustomerID integer PRIMARY KEY,
  Email varchar(100) NOT NULL CHECK (Email IS NOT NULL));
CREATE TABLE Account (AccountID integer PRIMARY KEY, Login varchar(50) NOT NULL,
  CONSTRAINT CK_Login CHECK (Login IS NOT NULL));
"""


@pytest.mark.parametrize("dialect", ["tsql", "sqlite", "duckdb"])
def test_ck001_finds_and_names_a_mixed_case_column(dialect):
    # (the predicate's Email is the column the catalog keys email: it was not found, so a
    # mixed-case column's redundant CHECK went unreported in these dialects)
    found = _found(CK001_PLAIN, "AK-CK001", dialect)
    assert found["customer.email"] == (
        "CHECK (NOT Email IS NULL) on Customer repeats the NOT NULL of Email",
        "-- remove CHECK (NOT Email IS NULL) from Customer")
    message, hint = found["account.login"]
    assert message == "CHECK (NOT Login IS NULL) on Account repeats the NOT NULL of Login"
    assert hint == {"tsql": "ALTER TABLE Account DROP CONSTRAINT CK_Login;",
                    "sqlite": "-- SQLite cannot drop a constraint: rebuild Account without "
                              "CK_Login",
                    "duckdb": "-- DuckDB cannot drop a constraint: rebuild Account without "
                              "CK_Login"}[dialect]


@pytest.mark.parametrize("dialect", ["tsql", "sqlite"])
def test_ck001_partial_index_names_the_table_and_column_as_written(dialect):
    sql = ("CREATE TABLE Customer (CustomerID integer PRIMARY KEY, Email varchar(100) NOT NULL);\n"
           "CREATE INDEX IX_Email ON Customer (Email) WHERE Email IS NOT NULL;\n")
    found = _found(sql, "AK-CK001", dialect)
    message, hint = found["ix_email"]
    where = "NOT Email IS NULL"
    assert message == (f"partial index IX_Email on Customer has WHERE {where}, but Email is "
                       "NOT NULL: it indexes every row")
    drop = "DROP INDEX IX_Email ON Customer;" if dialect == "tsql" else "DROP INDEX IX_Email;"
    assert hint == f"{drop} CREATE INDEX IX_Email ON Customer (Email);"
    if dialect == "sqlite":
        run_on("sqlite", sql, hint)


# -- quoting, and no placeholder left over -----------------------------------------------
def test_a_name_that_needs_quotes_is_quoted_as_written_in_hints():
    sql = "CREATE TABLE Sales.[Order] ([Group] nvarchar(20) NOT NULL UNIQUE, Note nvarchar(50));"
    assert _found(sql, "AK-PK001", "tsql") == {"sales.order": (
        "table Sales.Order has no primary key; its NOT NULL unique key (Group) could be "
        "promoted", "ALTER TABLE Sales.[Order] ADD PRIMARY KEY ([Group]);")}


@pytest.mark.parametrize("dialect", ["tsql", "sqlite", "duckdb"])
@pytest.mark.parametrize("sql", [PK001_TSQL, FK001_TSQL, CHAIN, CK001_PLAIN])
def test_no_placeholder_is_left_in_a_whole_check(dialect, sql):
    if dialect != "tsql":
        sql = sql.replace("Sales.", "").replace("nvarchar", "varchar")
    report = check(sql, dialect=dialect,
                   config={"schema": {"AK-FK007": {"self_references": True}}})
    for f in report:
        text = f.message + (f.hint or "")
        assert not set("\ue000\ue001\ue002\ue003") & set(text), f


def test_an_edit_that_spells_a_referenced_table_anew_is_shown_in_other_findings():
    # Invoice's AK-FK005 finding names Customer, whose statement is the one edited
    sql = ("CREATE TABLE Customer (CustomerID bigint NOT NULL PRIMARY KEY);\n"
           "CREATE TABLE Invoice (InvoiceID bigint PRIMARY KEY, CustomerID bigint);\n")
    ic = IncrementalChecker(sql, dialect="tsql")
    assert any("reference to Customer(CustomerID)" in f.message
               for f in ic.report if f.rule == "AK-FK005")
    edited = ic.edit(0, "CREATE TABLE CUSTOMER (CUSTOMERID bigint NOT NULL PRIMARY KEY)")
    fresh = check(ic.text, dialect="tsql")
    assert any("reference to CUSTOMER(CUSTOMERID)" in f.message
               for f in edited if f.rule == "AK-FK005")
    assert sorted((f.rule, f.object, f.message, f.hint) for f in edited) == sorted(
        (f.rule, f.object, f.message, f.hint) for f in fresh)


# -- other dialects: the text they gave before --------------------------------------------
BEFORE = {
    "AK-PK001": ("table audit_log has no primary key",
                 "ALTER TABLE audit_log ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY "
                 "PRIMARY KEY;"),
    "AK-PK002": ("primary key column rate.value is DOUBLE PRECISION: rounds, so equal-looking "
                 "keys differ",
                 "ALTER TABLE rate ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY; -- make "
                 "it the primary key and keep value as a UNIQUE attribute"),
    "AK-PK003": ("primary key orders.id is INT: it runs out after 2^31 values",
                 "ALTER TABLE orders ALTER COLUMN id TYPE bigint;"),
    "AK-PK004": ("tag.id is BIGSERIAL; an identity column keeps its sequence with it",
                 "ALTER TABLE tag ALTER COLUMN id DROP DEFAULT; DROP SEQUENCE tag_id_seq; "
                 "ALTER TABLE tag ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY; "
                 "SELECT setval(pg_get_serial_sequence('tag', 'id'), coalesce(max(id), 0) + 1, "
                 "false) FROM tag;"),
    "AK-FK001": ("foreign key orders(customer_email) -> customer references (email), which is "
                 "not the primary key or a UNIQUE constraint of customer",
                 "ALTER TABLE customer ADD UNIQUE (email);"),
    "AK-FK002": ("orders.customer_id is INT but references customer.id of type BIGINT",
                 "ALTER TABLE orders ALTER COLUMN customer_id TYPE BIGINT;"),
    "AK-FK003": ("composite foreign key store(country, code) -> region has nullable column(s) "
                 "code: rows with a NULL there skip the check",
                 "ALTER TABLE store ALTER COLUMN code SET NOT NULL; -- or declare MATCH FULL"),
    "AK-FK004": ("foreign key orders_customer_fk2 on orders duplicates orders_customer_fk to "
                 "customer", "ALTER TABLE orders DROP CONSTRAINT orders_customer_fk2;"),
    "AK-FK005": ("orders.customer_id looks like a reference to customer(customer_id) but has "
                 "no foreign key",
                 "ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customer "
                 "(customer_id);"),
    "AK-FK006": ("inline REFERENCES on orders.customer_id is ignored by MySQL: no foreign key "
                 "is created",
                 "ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customer (id);"),
    "AK-FK007": ("deleting from a cascades 3 levels deep: a -> b -> c -> d",
                 "-- declare d(c_id) -> c ON DELETE RESTRICT"),
    "AK-FK008": ("foreign key orders(customer_id) -> customers sets customer_id to NULL ON "
                 "DELETE, but customer_id is NOT NULL: deleting a customers row that orders "
                 "rows reference fails",
                 "-- make customer_id nullable, or declare the foreign key ON DELETE RESTRICT "
                 "(or ON DELETE CASCADE)"),
    "AK-CK001": ("CHECK (email IS NOT NULL) on account repeats the NOT NULL of email",
                 "-- remove CHECK (email IS NOT NULL) from account"),
}


@pytest.mark.parametrize("rule", sorted(BEFORE))
def test_the_fires_example_gives_the_text_it_gave_before(rule):
    sr = SCHEMA_RULES[rule]
    found = _found(sr.rule.fires, rule, sr.example_dialect)
    assert list(found.values()) == [BEFORE[rule]]


def test_postgres_quoted_names_give_the_text_they_gave_before():
    sql = ('CREATE TABLE "Tag" ("Id" bigserial PRIMARY KEY, name text);\n'
           'CREATE TABLE "Order" ("Id" bigint PRIMARY KEY, "Tag_id" bigint);\n')
    assert _found(sql, "AK-PK004", "postgres") == {"Tag.Id": (
        "Tag.Id is BIGSERIAL; an identity column keeps its sequence with it",
        'ALTER TABLE "Tag" ALTER COLUMN "Id" DROP DEFAULT; DROP SEQUENCE "Tag_Id_seq"; '
        'ALTER TABLE "Tag" ALTER COLUMN "Id" ADD GENERATED BY DEFAULT AS IDENTITY; SELECT '
        """setval(pg_get_serial_sequence('"Tag"', 'Id'), coalesce(max("Id"), 0) + 1, false) """
        'FROM "Tag";')}
    assert _found(sql, "AK-FK005", "postgres") == {"Order.Tag_id": (
        "Order.Tag_id looks like a reference to Tag(Id) but has no foreign key",
        'ALTER TABLE "Order" ADD FOREIGN KEY ("Tag_id") REFERENCES "Tag" ("Id");')}


def test_fk001_names_a_missing_target_as_the_foreign_key_writes_it():
    # no table of the schema spells it, so the reference itself does (Wide World
    # Importers' facts reference Dimension tables of another file)
    sql = ("CREATE TABLE Fact.[Order] (OrderKey bigint PRIMARY KEY, SupplierKey int,\n"
           "  CONSTRAINT FK_S FOREIGN KEY (SupplierKey) REFERENCES Dimension.Supplier "
           "(SupplierKey));\n"
           "CREATE TABLE Invoice (ID int PRIMARY KEY, CustID int REFERENCES dbo.Customer (ID));\n")
    found = _found(sql, "AK-FK001", "tsql")
    assert found["fact.order(supplierkey) -> dimension.supplier"] == (
        "foreign key Fact.Order(SupplierKey) -> Dimension.Supplier references table "
        "Dimension.Supplier, which this schema does not define",
        "CREATE TABLE Dimension.Supplier (...); -- before Fact.Order, or fix the table name")
    assert found["invoice(custid) -> customer"][0].startswith(
        "foreign key Invoice(CustID) -> dbo.Customer references table dbo.Customer,")
    # postgres folds the name: the catalog's key is how the database knows it
    pg = _found(sql.replace("[Order]", "orders"), "AK-FK001", "postgres")
    assert "references table dimension.supplier," in pg[
        "fact.orders(supplierkey) -> dimension.supplier"][0]
