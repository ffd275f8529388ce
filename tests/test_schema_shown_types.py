"""Column type findings (AK-TY002 .. AK-TY010) name tables and columns as the schema writes
them in SQL Server, SQLite and DuckDB, which keep names as written but compare them without
case: ``Sales.Customer.AccountNumber``, not the catalog's ``sales.customer.accountnumber``.
The finding's ``object`` stays the folded key; other dialects keep their text. SQL hints
for SQLite and DuckDB run on the engine after the schema."""

from __future__ import annotations

import pytest
from shown_support import run_on

from archkit.schema import check


def _found(sql: str, rule: str, dialect: str) -> list[tuple[str, str, str | None]]:
    return [(f.object, f.message, f.hint)
            for f in check(sql, dialect=dialect, select=[rule], cache=False)]


# -- AK-TY002 (SQL Server only: SQLite and DuckDB pad no CHAR) -------------------------
def test_fixed_char_names_the_column_as_written():
    sql = ("CREATE TABLE Sales.Customer (CustomerID int PRIMARY KEY, "
           "AccountNumber char(10) NOT NULL)\nGO\n")
    assert _found(sql, "AK-TY002", "tsql") == [(
        "sales.customer.accountnumber",
        "Sales.Customer.AccountNumber is CHAR(10): values are blank-padded to 10 characters",
        "ALTER TABLE Sales.Customer ALTER COLUMN AccountNumber varchar(10) NOT NULL;")]


# -- AK-TY004 ----------------------------------------------------------------------------
def test_imprecise_money_names_the_column_as_written():
    sql = "CREATE TABLE Sales.Product (ProductID int PRIMARY KEY, UnitPrice float NOT NULL)\nGO\n"
    assert _found(sql, "AK-TY004", "tsql") == [(
        "sales.product.unitprice",
        "Sales.Product.UnitPrice holds money as FLOAT, which is not exact",
        "ALTER TABLE Sales.Product ALTER COLUMN UnitPrice DECIMAL(12, 2) NOT NULL;")]
    lite = "CREATE TABLE Product (ProductID INTEGER PRIMARY KEY, UnitPrice REAL NOT NULL);\n"
    assert _found(lite, "AK-TY004", "sqlite") == [(
        "product.unitprice", "Product.UnitPrice holds money as REAL, which is not exact",
        "-- SQLite cannot change a column type: rebuild Product with UnitPrice NUMERIC(12, 2)")]


def test_imprecise_money_on_duckdb_runs_around_its_index():
    # (the index is dropped and made again around the ALTER: the placeholder of the table
    # the hint alters is read as the table)
    sql = ("CREATE TABLE Product (ProductID INTEGER PRIMARY KEY, UnitPrice DOUBLE NOT NULL);\n"
           "CREATE INDEX Product_Price ON Product (UnitPrice);\n")
    ((obj, message, hint),) = _found(sql, "AK-TY004", "duckdb")
    assert (obj, message) == ("product.unitprice",
                              "Product.UnitPrice holds money as DOUBLE, which is not exact")
    assert hint == ("DROP INDEX Product_Price; ALTER TABLE Product ALTER COLUMN UnitPrice TYPE "
                    "numeric(12, 2); CREATE INDEX Product_Price ON Product (UnitPrice);")
    run_on("duckdb", sql, hint)


# -- AK-TY005 ----------------------------------------------------------------------------
_TEN = ", ".join(f"'{c}'" for c in "abcdefghij")
_TEN_ROWS = ", ".join(f"('{c}')" for c in "abcdefghij")


def test_enum_column_names_the_column_as_written_on_duckdb():
    sql = ("CREATE TABLE Ticket (TicketID INTEGER PRIMARY KEY, "
           "Status ENUM('Open', 'Closed') NOT NULL);\n")
    ((obj, message, hint),) = _found(sql, "AK-TY005", "duckdb")
    assert (obj, message) == ("ticket.status", "Ticket.Status is an enumerated type "
                              "ENUM(2 values); a lookup table keeps the values as data")
    assert hint == (
        "CREATE TABLE status_value (code varchar(32) PRIMARY KEY); INSERT INTO status_value "
        "(code) VALUES ('Open'), ('Closed'); ALTER TABLE Ticket ALTER COLUMN Status TYPE "
        "varchar(32); -- DuckDB cannot add a foreign key to a table: rebuild Ticket with "
        "FOREIGN KEY (Status) REFERENCES status_value (code)")
    run_on("duckdb", sql, hint)


def test_check_list_names_the_column_as_written():
    sql = (f"CREATE TABLE Sales.Ticket (TicketID int PRIMARY KEY, Status varchar(10) NOT NULL "
           f"CHECK (Status IN ({_TEN})))\nGO\n")
    assert _found(sql, "AK-TY005", "tsql") == [(
        "sales.ticket.status",
        "CHECK on Sales.Ticket.Status lists 10 allowed values; a lookup table keeps them as data",
        f"CREATE TABLE status_value (code varchar(32) PRIMARY KEY); INSERT INTO status_value "
        f"(code) VALUES {_TEN_ROWS}; ALTER TABLE Sales.Ticket ADD FOREIGN KEY (Status) "
        f"REFERENCES status_value (code);")]


@pytest.mark.parametrize(("engine", "title", "text"), [("sqlite", "SQLite", "TEXT"),
                                                       ("duckdb", "DuckDB", "VARCHAR")])
def test_check_list_lookup_table_runs_on_the_engine(engine, title, text):
    sql = (f"CREATE TABLE Ticket (TicketID INTEGER PRIMARY KEY, Status {text} NOT NULL "
           f"CHECK (Status IN ({_TEN})));\n")
    ((obj, message, hint),) = _found(sql, "AK-TY005", engine)
    assert (obj, message) == ("ticket.status", "CHECK on Ticket.Status lists 10 allowed "
                              "values; a lookup table keeps them as data")
    assert hint == (
        f"CREATE TABLE status_value (code varchar(32) PRIMARY KEY); INSERT INTO status_value "
        f"(code) VALUES {_TEN_ROWS}; -- {title} cannot add a foreign key to a table: rebuild "
        f"Ticket with FOREIGN KEY (Status) REFERENCES status_value (code)")
    run_on(engine, sql, hint)


# -- AK-TY008 ----------------------------------------------------------------------------
def test_inconsistent_type_names_the_columns_as_written():
    three = ("CREATE TABLE Sales.Orders (OrderID int PRIMARY KEY, CustomerRef bigint NOT NULL)\n"
             "GO\nCREATE TABLE Sales.Invoice (InvoiceID int PRIMARY KEY, "
             "CustomerRef bigint NOT NULL)\nGO\n"
             "CREATE TABLE Sales.Refund (RefundID int PRIMARY KEY, CustomerRef int NOT NULL)\nGO\n")
    assert _found(three, "AK-TY008", "tsql") == [(
        "sales.refund.customerref",
        "Sales.Refund.CustomerRef is integer but CustomerRef is bigint elsewhere "
        "(bigint in 2 table(s), integer in 1 table(s))",
        "ALTER TABLE Sales.Refund ALTER COLUMN CustomerRef BIGINT NOT NULL;")]
    # no majority: one finding naming both tables
    two = three.replace("CREATE TABLE Sales.Invoice (InvoiceID int PRIMARY KEY, "
                        "CustomerRef bigint NOT NULL)\nGO\n", "")
    assert _found(two, "AK-TY008", "tsql") == [(
        "sales.refund.customerref",
        "CustomerRef has 2 types across 2 tables (bigint in 1 table(s), integer in 1 table(s)); "
        "Sales.Refund.CustomerRef is integer but Sales.Orders.CustomerRef is bigint",
        "-- choose one type for CustomerRef in every table, e.g. ALTER TABLE Sales.Refund "
        "ALTER COLUMN CustomerRef BIGINT NOT NULL;")]
    # two kinds of value: a note
    kinds = three.replace("CustomerRef bigint", "LastNote int").replace(
        "CustomerRef int", "LastNote datetime2")
    assert _found(kinds, "AK-TY008", "tsql") == [(
        "sales.refund.lastnote",
        "Sales.Refund.LastNote is datetime2 but LastNote is integer elsewhere "
        "(datetime2 in 1 table(s), integer in 2 table(s))",
        "-- Sales.Refund.LastNote holds date/time values, integer elsewhere: if it is another "
        "thing, rename it; if the same, convert it with a USING / UPDATE written for the data")]


def test_inconsistent_type_on_sqlite_and_duckdb():
    tables = ("CREATE TABLE Orders (OrderID INTEGER PRIMARY KEY, CustomerRef {a} NOT NULL);\n"
              "CREATE TABLE Invoice (InvoiceID INTEGER PRIMARY KEY, CustomerRef {a} NOT NULL);\n"
              "CREATE TABLE Refund (RefundID INTEGER PRIMARY KEY, CustomerRef {b} NOT NULL);\n")
    lite = tables.format(a="INTEGER", b="TEXT")
    assert _found(lite, "AK-TY008", "sqlite") == [(
        "refund.customerref",
        "Refund.CustomerRef is text but CustomerRef is integer elsewhere "
        "(integer in 2 table(s), text in 1 table(s))",
        "-- Refund.CustomerRef holds text values, integer elsewhere: if it is another thing, "
        "rename it; if the same, convert it with a USING / UPDATE written for the data")]
    duck = tables.format(a="BIGINT", b="INTEGER")
    ((obj, message, hint),) = _found(duck, "AK-TY008", "duckdb")
    assert (obj, message) == ("refund.customerref", "Refund.CustomerRef is int but CustomerRef "
                              "is bigint elsewhere (bigint in 2 table(s), int in 1 table(s))")
    assert hint == "ALTER TABLE Refund ALTER COLUMN CustomerRef TYPE BIGINT;"
    run_on("duckdb", duck, hint)


# -- AK-TY009 ----------------------------------------------------------------------------
def test_all_nullable_names_the_table_as_written():
    sql = ("CREATE TABLE Sales.Person (PersonID int PRIMARY KEY, FirstName nvarchar(50), "
           "LastName nvarchar(50))\nGO\n")
    assert _found(sql, "AK-TY009", "tsql") == [(
        "sales.person", "every non-key column of Sales.Person is nullable (2 columns)",
        "ALTER TABLE Sales.Person ALTER COLUMN FirstName NVARCHAR(50) NOT NULL; "
        "-- for each column the business requires")]
    lite = "CREATE TABLE Person (PersonID INTEGER PRIMARY KEY, FirstName TEXT, LastName TEXT);\n"
    assert _found(lite, "AK-TY009", "sqlite") == [(
        "person", "every non-key column of Person is nullable (2 columns)",
        "-- SQLite cannot add NOT NULL in place: rebuild Person with FirstName NOT NULL "
        "-- for each column the business requires")]
    duck = lite.replace("TEXT", "VARCHAR")
    ((obj, message, hint),) = _found(duck, "AK-TY009", "duckdb")
    assert (obj, message) == ("person", "every non-key column of Person is nullable (2 columns)")
    assert hint == ("ALTER TABLE Person ALTER COLUMN FirstName SET NOT NULL; "
                    "-- for each column the business requires")
    run_on("duckdb", duck, hint)


# -- AK-TY010 ----------------------------------------------------------------------------
def test_repeating_columns_name_the_table_and_columns_as_written():
    sql = ("CREATE TABLE Sales.Customer (CustomerID int PRIMARY KEY, Phone1 nvarchar(20), "
           "Phone2 nvarchar(20), Phone3 nvarchar(20))\nGO\n")
    # (the child table and its columns are names the hint proposes: as archkit makes them)
    assert _found(sql, "AK-TY010", "tsql") == [(
        "sales.customer.phone", "Sales.Customer repeats phone as Phone1, Phone2, Phone3",
        "CREATE TABLE customer_phone (customerid INTEGER, position smallint, phone "
        "NVARCHAR(20), PRIMARY KEY (customerid, position), FOREIGN KEY (customerid) "
        "REFERENCES Sales.Customer (CustomerID));")]


@pytest.mark.parametrize(("engine", "text", "key"), [("sqlite", "TEXT", "INTEGER"),
                                                     ("duckdb", "VARCHAR", "INT")])
def test_repeating_columns_child_table_runs_on_the_engine(engine, text, key):
    sql = (f"CREATE TABLE Customer (CustomerID INTEGER PRIMARY KEY, Phone1 {text}, "
           f"Phone2 {text}, Phone3 {text});\n")
    ((obj, message, hint),) = _found(sql, "AK-TY010", engine)
    assert (obj, message) == ("customer.phone", "Customer repeats phone as Phone1, Phone2, Phone3")
    assert hint.endswith("FOREIGN KEY (customerid) REFERENCES Customer (CustomerID));")
    assert hint.startswith(f"CREATE TABLE customer_phone (customerid {key}, ")
    run_on(engine, sql, hint)


def test_entity_attribute_value_names_the_tables_and_columns_as_written():
    sql = ("CREATE TABLE Sales.Customer (CustomerID int PRIMARY KEY)\nGO\n"
           "CREATE TABLE Sales.CustomerProperty (Customer_ID int NOT NULL "
           "REFERENCES Sales.Customer (CustomerID), Attribute nvarchar(50) NOT NULL, "
           "Value nvarchar(200), PRIMARY KEY (Customer_ID, Attribute))\nGO\n")
    assert _found(sql, "AK-TY010", "tsql") == [(
        "sales.customerproperty",
        "Sales.CustomerProperty stores entity-attribute-value rows (Customer_ID, Attribute, "
        "Value): each attribute loses its type and constraints",
        "-- one typed column per frequent Attribute: ALTER TABLE Sales.Customer ADD COLUMN "
        "<attribute> <type>; then move its rows out of Sales.CustomerProperty")]
    # no table it refers to: the column named in the template
    alone = sql.split("GO\n", 1)[1].replace(" REFERENCES Sales.Customer (CustomerID)", "")
    ((_obj, _message, hint),) = _found(alone, "AK-TY010", "tsql")
    assert hint == ("-- one typed column per frequent Attribute: ALTER TABLE <the table "
                    "Customer_ID refers to> ADD COLUMN <attribute> <type>; then move its rows "
                    "out of Sales.CustomerProperty")


# -- other dialects keep their text ------------------------------------------------------
def test_postgres_fires_examples_keep_their_text():
    from archkit.schema.registry import SCHEMA_RULES

    expected = {
        "AK-TY002": ("person.name is CHAR(40): values are blank-padded to 40 characters",
                     "ALTER TABLE person ALTER COLUMN name TYPE varchar(40);"),
        "AK-TY004": ("invoice.total_amount holds money as DOUBLE PRECISION, which is not exact",
                     "ALTER TABLE invoice ALTER COLUMN total_amount TYPE numeric(12, 2);"),
        "AK-TY005": ("ticket.status is an enumerated type ENUM(2 values); a lookup table keeps "
                     "the values as data",
                     "CREATE TABLE status_value (code text PRIMARY KEY); INSERT INTO "
                     "status_value (code) VALUES ('open'), ('closed'); ALTER TABLE ticket ALTER "
                     "COLUMN status TYPE text; ALTER TABLE ticket ADD FOREIGN KEY (status) "
                     "REFERENCES status_value (code);"),
        "AK-TY008": ("user_id has 2 types across 2 tables (bigint in 1 table(s), int in 1 "
                     "table(s)); invoice.user_id is int but orders.user_id is bigint",
                     "-- choose one type for user_id in every table, e.g. ALTER TABLE invoice "
                     "ALTER COLUMN user_id TYPE BIGINT;"),
        "AK-TY009": ("every non-key column of person is nullable (2 columns)",
                     "ALTER TABLE person ALTER COLUMN name SET NOT NULL; -- for each column "
                     "the business requires"),
        "AK-TY010": ("person repeats phone as phone1, phone2, phone3",
                     "CREATE TABLE person_phone (person_id BIGINT, position smallint, phone "
                     "TEXT, PRIMARY KEY (person_id, position), FOREIGN KEY (person_id) "
                     "REFERENCES person (id));"),
    }
    for rule, (message, hint) in expected.items():
        fires = SCHEMA_RULES[rule].rule.fires
        assert [(m, h) for _o, m, h in _found(fires, rule, "postgres")] == [(message, hint)], rule


def test_incremental_edit_of_another_table_renames_it_in_kept_findings():
    # AK-TY008's finding on Refund names Orders; an edit of Orders alone respells it
    from archkit.schema.cache import IncrementalChecker

    sql = ("CREATE TABLE Sales.Orders (OrderID int PRIMARY KEY, CustomerRef bigint NOT NULL)\n"
           "GO\nCREATE TABLE Sales.Refund (RefundID int PRIMARY KEY, CustomerRef int NOT NULL)\n"
           "GO\n")
    ic = IncrementalChecker(sql, dialect="tsql")
    (before,) = [f.message for f in ic.report if f.rule == "AK-TY008"]
    assert before.endswith("but Sales.Orders.CustomerRef is bigint")
    got = ic.edit(0, "CREATE TABLE Sales.ORDERS (OrderID int PRIMARY KEY, "
                     "CUSTOMERREF bigint NOT NULL)")
    (after,) = [f for f in got if f.rule == "AK-TY008"]
    assert after.object == "sales.refund.customerref"
    assert after.message.endswith("but Sales.ORDERS.CUSTOMERREF is bigint")
    full = [f for f in check(ic.text, dialect="tsql") if f.rule == "AK-TY008"]
    assert [(f.message, f.hint) for f in full] == [(after.message, after.hint)]


# -- AK-TY002 on the codes a key holds, and MySQL's reading (scout AK) --------------------
def test_fixed_width_codes_in_keys_are_left_alone():
    # employees: departments.dept_no char(4) ('d001'...), its foreign keys, pubs' pub_id
    sql = ("CREATE TABLE departments (dept_no char(4) PRIMARY KEY, dept_name varchar(40));\n"
           "CREATE TABLE dept_emp (emp_no int, dept_no char(4) REFERENCES departments,\n"
           "  PRIMARY KEY (emp_no, dept_no));\n"
           "CREATE TABLE stores (stor_id char(4) PRIMARY KEY, isin char(12) UNIQUE,\n"
           "  stor_name char(40) UNIQUE, zip char(5));\n")
    for dialect in ("postgres", "mysql", "tsql"):
        got = [f.object for f in check(sql, dialect=dialect, select=["AK-TY002"], cache=False)]
        # (a 40-character name in a key is no code; a zip code outside a key is judged)
        assert got == ["stores.stor_name", "stores.zip"], dialect


def test_max_exempt_key_length_is_an_option(tmp_path):
    from archkit.workspace import Workspace

    sql = "CREATE TABLE departments (dept_no char(4) PRIMARY KEY, dept_name text);\n"
    (tmp_path / "archkit.toml").write_text('[schema."AK-TY002"]\nmax_exempt_key_length = 3\n')
    got = check(sql, select=["AK-TY002"], config=Workspace.open(tmp_path), cache=False)
    assert [f.object for f in got] == ["departments.dept_no"]


def test_mysql_says_it_strips_what_it_pads():
    # MySQL and MariaDB pad a CHAR(n) when they store it and strip trailing spaces when
    # they read it (unless PAD_CHAR_TO_FULL_LENGTH): "blank-padded" alone misled
    [(obj, message, _hint)] = _found(
        "CREATE TABLE person (id int PRIMARY KEY, name char(40) NOT NULL);", "AK-TY002", "mysql")
    assert message == ("person.name is CHAR(40): values are stored blank-padded to 40 "
                       "characters and read with trailing spaces stripped (a value's own "
                       "are lost)")
