"""AK-NM001 judges names by the convention most of the schema's names follow, where
archkit.toml names none and the engine keeps names' case: a PascalCase SQL Server
database, UPPER_SNAKE_CASE Flowable tables on MySQL, Entity Framework's IX_ indexes and
Laravel's _index / _unique are conventions, not a finding per name (Flowable's MySQL
script had 1,031 AK-NM001 findings of 1,119)."""

from __future__ import annotations

from collections import Counter

import pytest

from archkit.schema.cache import IncrementalChecker
from archkit.schema.check import check
from archkit.schema.rules._conventions import infer_style, infer_template, restyle

PASCAL = """
CREATE TABLE Customer (CustomerId int PRIMARY KEY, FirstName varchar(50), LastName varchar(50),
  Email varchar(100), created_at datetime);
CREATE TABLE SalesOrder (SalesOrderId int PRIMARY KEY,
  CustomerId int REFERENCES Customer (CustomerId), OrderDate datetime, TotalDue decimal(10,2));
CREATE TABLE OrderLine (OrderLineId int PRIMARY KEY, SalesOrderId int, ProductId int, Qty int);
CREATE TABLE Product (ProductId int PRIMARY KEY, Name varchar(50), ListPrice decimal(10,2));
CREATE TABLE product_photo (ProductPhotoId int PRIMARY KEY, ProductId int);
CREATE INDEX IX_SalesOrder_CustomerId ON SalesOrder (CustomerId);
CREATE INDEX IX_OrderLine_SalesOrderId ON OrderLine (SalesOrderId);
CREATE INDEX IX_OrderLine_ProductId ON OrderLine (ProductId);
CREATE INDEX IX_product_photo_ProductId ON product_photo (ProductId);
CREATE INDEX by_date ON SalesOrder (OrderDate);
CREATE INDEX IX_Product_Name ON Product (Name);
CREATE UNIQUE INDEX IX_Customer_Email ON Customer (Email);
"""


def _nm001(sql, dialect, config=None):
    return [f for f in check(sql, dialect=dialect, select=["AK-NM001"], config=config)]


@pytest.mark.parametrize("dialect", ["tsql", "mysql"])
def test_a_pascalcase_schema_reports_only_the_names_that_break_it(dialect):
    found = _nm001(PASCAL, dialect)
    assert sorted(f.message.split(" does not")[0] for f in found) == [
        "column name Customer.created_at",       # (as written in both)
        "index name by_date",
        "table name product_photo",
    ]
    by = {f.message.split(" ")[0]: f for f in found}
    assert "^[A-Z][a-zA-Z0-9]*$, the PascalCase convention most of the schema's column names " \
        "follow" in by["column"].message
    assert by["column"].hint.endswith("'CreatedAt', 'COLUMN';" if dialect == "tsql"
                                      else "RENAME COLUMN created_at TO CreatedAt;")
    assert "ProductPhoto" in by["table"].hint
    # the template's IX_ in capitals (SQL Server's catalog keeps index names folded: as
    # the tables are written), and sp_rename's new name a string, not [IX_...]
    assert "follow IX_{table}_{columns}, the convention most of the schema's index names " \
        "follow (expected IX_SalesOrder_OrderDate)" in by["index"].message
    assert "'IX_SalesOrder_OrderDate'" in by["index"].hint if dialect == "tsql" else \
        by["index"].hint.endswith("RENAME INDEX by_date TO IX_SalesOrder_OrderDate;")
    # the unique index is too alone to tell its own template: named as the others, it passes


def test_where_the_engine_folds_names_the_default_stands():
    """postgres: an unquoted CustomerId is customerid in the database, its words run
    together, which is what the rule is for."""
    found = _nm001(PASCAL, "postgres")
    assert len(found) > 15
    assert all(", the " not in f.message for f in found if not f.message.startswith("index"))
    # an index template is the same in any case: IX_ is still read from the schema
    assert [f.object for f in found if f.message.startswith("index")] == ["by_date"]
    assert any(f.message.startswith("column name customer.CustomerId does not match "
                                    "^[a-z][a-z0-9_]*$") for f in found)


def test_a_pattern_archkit_toml_sets_is_kept_and_inference_can_be_switched_off():
    conf = {"schema": {"AK-NM001": {"table_pattern": "^[a-z][a-z0-9_]*$"}}}
    found = _nm001(PASCAL, "mysql", conf)
    tables = sorted(f.object for f in found if f.message.startswith("table name"))
    assert tables == ["Customer", "OrderLine", "Product", "SalesOrder"]
    # the columns' convention is still read from the schema
    assert [f.object for f in found if f.message.startswith("column")] == ["Customer.created_at"]
    off = _nm001(PASCAL, "mysql", {"schema": {"AK-NM001": {"infer_convention": False}}})
    assert len(off) > 15 and all(", the " not in f.message for f in off)


def test_no_convention_most_names_follow_leaves_the_default():
    sql = """
    CREATE TABLE Customer (id int PRIMARY KEY, firstName text, last_name text);
    CREATE TABLE sales_order (id int PRIMARY KEY, OrderDate text, total_due int);
    CREATE TABLE ORDER_LINE (id int PRIMARY KEY, qty int, unitPrice int);
    CREATE TABLE product (id int PRIMARY KEY, Name text);
    CREATE TABLE ProductPhoto (id int PRIMARY KEY);
    """
    found = _nm001(sql, "mysql")
    assert all(", the " not in f.message for f in found)
    assert {f.object for f in found} >= {"Customer", "ORDER_LINE", "ProductPhoto",
                                         "Customer.firstName", "sales_order.OrderDate"}


def test_upper_snake_case_tables_as_flowable_writes_them():
    sql = "\n".join(
        f"CREATE TABLE ACT_RU_{n} (ID_ varchar(64) PRIMARY KEY, REV_ int, NAME_ varchar(255), "
        f"{n}_KEY_ varchar(64));"
        for n in ("TASK", "JOB", "EXECUTION", "VARIABLE", "TIMER_JOB")) + \
        "\nCREATE TABLE act_ge_bytearray (ID_ varchar(64) PRIMARY KEY, Bytes_ blob);"
    found = _nm001(sql, "mysql")
    assert sorted(f.object for f in found) == ["act_ge_bytearray", "act_ge_bytearray.Bytes_"]
    table = next(f for f in found if f.object == "act_ge_bytearray")
    assert "UPPER_SNAKE_CASE" in table.message
    assert table.hint == "ALTER TABLE act_ge_bytearray RENAME TO ACT_GE_BYTEARRAY;"


def test_laravel_index_names_on_mysql():
    sql = "\n".join(
        f"CREATE TABLE {t} (id bigint PRIMARY KEY, user_id bigint, slug varchar(100), "
        f"KEY {t}_user_id_index (user_id), UNIQUE KEY {t}_slug_unique (slug));"
        for t in ("posts", "pages", "tags", "comments", "media")) + \
        "\nCREATE INDEX posts_slug_idx ON posts (slug, user_id);"
    found = _nm001(sql, "mysql")
    assert [(f.object, f.message.split("(expected ")[-1]) for f in found] == [
        ("posts_slug_idx", "posts_slug_user_id_index)")]
    assert "does not follow {table}_{columns}_index, the convention" in found[0].message


def test_an_edit_that_changes_the_convention_is_rechecked_like_a_full_check():
    """13 of the 14 column names are PascalCase: that is the convention. An edit of one
    table's columns makes it 10 of 14, and the default judges every table's columns
    again: the incremental checker runs the rule whole, not on the edited table only."""
    ic = IncrementalChecker(PASCAL, "mysql")
    before = ic.recheck()
    edited = PASCAL.replace("FirstName varchar(50), LastName varchar(50),\n  Email",
                            "first_name varchar(50), last_name varchar(50),\n  email")
    assert edited != PASCAL

    def key(fs):
        return Counter((f.rule, f.message, f.line, f.col, f.object, f.hint) for f in fs)
    for new in (edited, PASCAL):
        got = ic.check(new)
        assert key(got) == key(check(new, dialect="mysql"))
    assert key(got) == key(before)
    columns = [f.object for f in check(edited, dialect="mysql", select=["AK-NM001"])
               if f.message.startswith("column name")]
    assert "SalesOrder.OrderDate" in columns and len(columns) == 14


def test_inference_helpers():
    assert infer_style(["id", "name", "userId", "createdAt", "isActive"],
                       "^[a-z][a-z0-9_]*$").style == "camelCase"
    # too few names to tell: the default
    assert infer_style(["UserId", "Name"], "^[a-z][a-z0-9_]*$").style is None
    # the default fits 80%: kept
    assert infer_style(["id", "name", "email", "user_id", "userId"],
                       "^[a-z][a-z0-9_]*$").style is None
    items = [(f"ix_{t}_a", t, ("a",)) for t in "pqrst"]
    got = infer_template(items, ["{table}_{columns}_idx"], ["ix_{table}_{columns}"],
                         lambda it, p: it[0] == p.format(table=it[1], columns="_".join(it[2])))
    assert got.patterns == ("ix_{table}_{columns}",) and got.style == "template"
    assert restyle("user_name", "PascalCase") == "UserName"
    assert restyle("user_name", "camelCase") == "userName"
    assert restyle("user_name", "UPPER_SNAKE_CASE") == "USER_NAME"
    assert restyle("user_name", "Pascal_Snake_Case") == "User_Name"
    assert restyle("user_name", None) == "user_name"
    # PascalCase words joined by _: where plain PascalCase or UPPER_SNAKE_CASE fits as many
    # names, they are the convention (the order of STYLES breaks the tie)
    wwi = ["Cities", "Cities_Archive", "Countries", "Countries_Archive", "People", "Orders"]
    assert infer_style(wwi, "^[a-z][a-z0-9_]*$").style == "Pascal_Snake_Case"
    assert infer_style(["Cities", "Countries", "People", "Orders", "StockItems"],
                       "^[a-z][a-z0-9_]*$").style == "PascalCase"
    assert infer_style(["ACT_RU_TASK", "ACT_RU_JOB", "ACT_GE_BYTEARRAY", "ACT_HI_TASKINST",
                        "ACT_ID_USER"], "^[a-z][a-z0-9_]*$").style == "UPPER_SNAKE_CASE"


def test_wide_world_importers_tables_beside_their_archives():
    sql = "\n".join(f"CREATE TABLE [Application].[{t}] ([{t[:-1]}ID] int PRIMARY KEY, "
                     f"[ValidFrom] datetime2 NOT NULL);"
                     for t in ("Cities", "Cities_Archive", "Countries", "Countries_Archive",
                               "DeliveryMethods", "DeliveryMethods_Archive", "People"))
    sql += "\nCREATE TABLE [Application].[payment_methods] ([PaymentMethodID] int PRIMARY KEY);"
    found = _nm001(sql, "tsql")
    [table] = [f for f in found if f.message.startswith("table name")]
    assert table.object == "application.payment_methods"
    assert "the Pascal_Snake_Case convention most of the schema's table names follow" \
        in table.message
    assert "'Payment_Methods'" in table.hint


def test_rails_index_names_on_postgres_and_a_shared_prefix():
    """Index templates are read in every dialect (a template is the same in any case);
    where none fits, a prefix most names share is the convention (Flowable's ACT_IDX_)."""
    rails = "\n".join(
        f"CREATE TABLE {t} (id bigint PRIMARY KEY, user_id bigint, slug text);\n"
        f"CREATE INDEX index_{t}_on_user_id_and_slug ON {t} (user_id, slug);"
        for t in ("posts", "pages", "tags", "comments", "media")) + \
        "\nCREATE INDEX posts_by_slug ON posts (slug);"
    found = _nm001(rails, "postgres")
    assert [(f.object, f.message) for f in found] == [(
        "posts_by_slug", "index name posts_by_slug does not follow index_{table}_on_"
        "{columns_and}, the convention most of the schema's index names follow (expected "
        "index_posts_on_slug)")]
    flowable = "\n".join(
        f"CREATE TABLE ACT_RU_{t} (ID_ varchar(64) PRIMARY KEY, PROC_INST_ID_ varchar(64), "
        f"{t}_KEY_ varchar(64));\n"
        f"CREATE INDEX ACT_IDX_{t[:3]}_PROC ON ACT_RU_{t} (PROC_INST_ID_);\n"
        f"CREATE INDEX ACT_IDX_{t[:3]}_KEY ON ACT_RU_{t} ({t}_KEY_);"
        for t in ("TASK", "JOB", "EXECUTION", "VARIABLE", "TIMER_JOB")) + \
        "\nCREATE INDEX TASK_BY_PROC ON ACT_RU_TASK (ID_, PROC_INST_ID_);" \
        "\nCREATE INDEX ACT_IDC_EXEC_ROOT ON ACT_RU_EXECUTION (ID_, PROC_INST_ID_);"
    for dialect in ("postgres", "mysql"):
        found = _nm001(flowable, dialect)
        # (ACT_IDC_: Flowable's typo; ACT_ alone is not the convention, not every name
        # has it)
        assert [f.object for f in found] == (
            ["TASK_BY_PROC", "ACT_IDC_EXEC_ROOT"] if dialect == "mysql"
            else ["task_by_proc", "act_idc_exec_root"])
        assert "does not start with act_idx_, the convention most of the schema's index " \
            "names follow (expected " in found[0].message.lower()
        # (no doubled _ after Flowable's trailing one)
        assert found[0].message.lower().endswith("(expected act_idx_act_ru_task_id_proc_inst_id)")


def test_sakila_names_its_indexes_idx_and_one_breaks_it():
    """Sakila's indexes are idx_<...> (idx_fk_<column> for its foreign keys, idx_unq_...,
    idx_title): the one-word prefix every index shares is the convention, not idx_fk_,
    which most but not all have."""
    from pathlib import Path

    sql = (Path(__file__).parent / "fixtures" / "sakila" / "postgres-schema.sql").read_text()
    found = _nm001(sql, "postgres")
    assert [(f.object, f.message.split(", the ")[0]) for f in found] == [
        ("film_fulltext_idx", "index name film_fulltext_idx does not start with idx_")]
    assert found[0].hint == "ALTER INDEX film_fulltext_idx RENAME TO idx_film_fulltext;"


def test_infer_convention_is_an_option_archkit_toml_takes(tmp_path):
    """The documented switch was refused as an unknown key of [schema."AK-NM001"]."""
    from archkit.workspace import Workspace

    (tmp_path / "archkit.toml").write_text('[schema."AK-NM001"]\ninfer_convention = false\n')
    off = check(PASCAL, dialect="mysql", select=["AK-NM001"], config=Workspace.open(tmp_path))
    assert len(off) > 15 and all(", the " not in f.message for f in off)
    (tmp_path / "archkit.toml").write_text('[schema."AK-NM001"]\ninfer_convention = "no"\n')
    from archkit.errors import InputError

    with pytest.raises(InputError, match="use true or false"):
        check(PASCAL, dialect="mysql", config=Workspace.open(tmp_path))


# -- conventions of several templates, schema segments, suffixes, long names (scout AK) ---
def _wwi_like(extra: str = "") -> str:
    """Wide World Importers' convention: a foreign key's index FK_<schema>_<table>_<column>,
    the other indexes IX_<schema>_<table>_<columns>."""
    out = []
    for schema, table in (("Sales", "Orders"), ("Sales", "Invoices"), ("Sales", "OrderLines"),
                          ("Purchasing", "Suppliers"), ("Purchasing", "PurchaseOrders"),
                          ("Application", "Cities")):
        out.append(f"CREATE TABLE [{schema}].[{table}] ([{table}ID] int PRIMARY KEY, "
                   f"[CustomerID] int REFERENCES [Sales].[Customers] ([CustomerID]), "
                   f"[PersonID] int REFERENCES [Application].[People] ([PersonID]), "
                   f"[LastEditedWhen] datetime2);")
        out.append(f"CREATE INDEX [FK_{schema}_{table}_CustomerID] ON [{schema}].[{table}] "
                   f"([CustomerID]);")
        out.append(f"CREATE INDEX [FK_{schema}_{table}_PersonID] ON [{schema}].[{table}] "
                   f"([PersonID]);")
    out.append("CREATE TABLE [Sales].[Customers] ([CustomerID] int PRIMARY KEY);")
    out.append("CREATE TABLE [Application].[People] ([PersonID] int PRIMARY KEY, "
               "[FullName] nvarchar(50));")
    for table in ("Orders", "Invoices", "OrderLines"):
        out.append(f"CREATE INDEX [IX_Sales_{table}_LastEditedWhen] ON [Sales].[{table}] "
                   f"([LastEditedWhen]);")
    return "\n".join(out) + "\n" + extra


def test_a_convention_of_two_templates_with_the_schema_in_them():
    assert _nm001(_wwi_like(), "tsql") == []
    found = _nm001(_wwi_like(
        "CREATE INDEX [by_edit] ON [Purchasing].[Suppliers] ([LastEditedWhen]);\n"
        "CREATE TABLE [Sales].[Refunds] ([RefundID] int PRIMARY KEY, [CustomerID] int "
        "REFERENCES [Sales].[Customers] ([CustomerID]));\n"
        "CREATE INDEX [refunds_customer] ON [Sales].[Refunds] ([CustomerID]);\n"), "tsql")
    by = {f.object: f for f in found}
    assert sorted(by) == ["by_edit", "refunds_customer"]
    # each proposal in the template for its kind of index, with the schema as written
    assert by["by_edit"].message == (
        "index name by_edit does not follow FK_{schema}_{table}_{columns} or "
        "IX_{schema}_{table}_{columns}, the convention most of the schema's index names "
        "follow (expected IX_Purchasing_Suppliers_LastEditedWhen)")
    assert by["refunds_customer"].message.endswith("(expected FK_Sales_Refunds_CustomerID)")
    assert by["refunds_customer"].hint == (
        "EXEC sp_rename 'Sales.Refunds.refunds_customer', 'FK_Sales_Refunds_CustomerID', "
        "'INDEX';")


def test_prefixes_the_names_share_where_no_templates_fit_enough():
    # (WWI's IX_ indexes are named for what they serve, not their columns: FK_ and IX_
    # begin 95% of its index names; its clustered CX_ ones are the exceptions)
    sql = _wwi_like().replace("_LastEditedWhen] ON", "_Recent] ON")
    sql += ("CREATE INDEX [IX_Sales_Orders_Perf_20160301] ON [Sales].[Orders] ([OrdersID], "
            "[LastEditedWhen]);\n"
            "CREATE CLUSTERED INDEX [CX_Sales_Invoices] ON [Sales].[Invoices] "
            "([LastEditedWhen], [InvoicesID]);\n")
    found = _nm001(sql, "tsql")
    assert [(f.object, f.message) for f in found] == [(
        "cx_sales_invoices", "index name CX_Sales_Invoices does not start with FK_ or IX_, "
        "the convention most of the schema's index names follow (expected "
        "IX_Sales_Invoices_LastEditedWhen_InvoicesID)")]


def test_oracle_sample_schemas_conventions_are_conventions():
    # CO: <TABLE>_<COLUMNS>_I; HR: <abbreviation>_<words>_IX, and the unique index each
    # primary key uses named as the key (REG_ID_PK): 24 findings on names a DBA chose
    co = ("CREATE TABLE customers (customer_id NUMBER PRIMARY KEY, email VARCHAR2(255), "
          "full_name VARCHAR2(255));\n"
          "CREATE TABLE stores (store_id NUMBER PRIMARY KEY, store_name VARCHAR2(255));\n"
          "CREATE TABLE orders (order_id NUMBER PRIMARY KEY, customer_id NUMBER, "
          "store_id NUMBER, order_status VARCHAR2(10));\n"
          "CREATE TABLE shipments (shipment_id NUMBER PRIMARY KEY, store_id NUMBER, "
          "customer_id NUMBER);\n"
          "CREATE INDEX customers_name_i ON customers (full_name);\n"
          "CREATE INDEX orders_customer_id_i ON orders (customer_id);\n"
          "CREATE INDEX orders_store_id_i ON orders (store_id);\n"
          "CREATE INDEX shipments_store_id_i ON shipments (store_id);\n"
          "CREATE INDEX shipments_customer_id_i ON shipments (customer_id);\n"
          "CREATE INDEX orders_order_status_i ON orders (order_status);\n")
    [f] = _nm001(co, "oracle")
    assert f.object == "CUSTOMERS_NAME_I"
    assert "follow {table}_{columns}_i, the convention most" in f.message
    assert f.message.endswith("(expected customers_full_name_i)")
    hr = ("CREATE TABLE regions (region_id NUMBER NOT NULL, region_name VARCHAR2(25));\n"
          "CREATE UNIQUE INDEX reg_id_pk ON regions (region_id);\n"
          "ALTER TABLE regions ADD (CONSTRAINT reg_id_pk PRIMARY KEY (region_id));\n"
          "CREATE TABLE employees (employee_id NUMBER(6) NOT NULL, last_name VARCHAR2(25), "
          "first_name VARCHAR2(20), job_id VARCHAR2(10), manager_id NUMBER(6), "
          "department_id NUMBER(4));\n"
          "CREATE UNIQUE INDEX emp_emp_id_pk ON employees (employee_id);\n"
          "ALTER TABLE employees ADD (CONSTRAINT emp_emp_id_pk PRIMARY KEY (employee_id));\n"
          "CREATE INDEX emp_department_ix ON employees (department_id);\n"
          "CREATE INDEX emp_job_ix ON employees (job_id);\n"
          "CREATE INDEX emp_manager_ix ON employees (manager_id);\n"
          "CREATE INDEX emp_name_ix ON employees (last_name, first_name);\n"
          "CREATE INDEX reg_name_ix ON regions (region_name);\n")
    # (OE: the index a differently named primary key uses; a unique index named _UK)
    hr += ("CREATE TABLE product_descriptions (product_id NUMBER(6), language_id VARCHAR2(3));\n"
           "CREATE UNIQUE INDEX prd_desc_pk ON product_descriptions (product_id, language_id);\n"
           "ALTER TABLE product_descriptions ADD (CONSTRAINT product_descriptions_pk "
           "PRIMARY KEY (product_id, language_id));\n"
           "CREATE UNIQUE INDEX emp_job_manager_uk ON employees (job_id, manager_id);\n")
    assert _nm001(hr, "oracle") == []
    [f] = _nm001(hr + "CREATE INDEX by_first_name ON employees (first_name);\n", "oracle")
    assert f.message == (
        "index name BY_FIRST_NAME does not end with _ix, the convention most of the "
        "schema's index names follow (expected employees_first_name_ix)")
    # a unique index named as no key is judged as before
    [u] = _nm001(hr + "CREATE UNIQUE INDEX emp_last ON employees (last_name);\n", "oracle")
    assert u.object == "EMP_LAST"


def _rails(n: int = 5) -> str:
    tables = ("posts", "pages", "tags", "comments", "media", "notes", "links")[:n]
    return "\n".join(
        f"CREATE TABLE {t} (id bigint PRIMARY KEY, user_id bigint, slug text);\n"
        f"CREATE INDEX index_{t}_on_user_id_and_slug ON {t} (user_id, slug);"
        for t in tables) + "\n"


def test_rails_7_1_shortened_index_names_follow_the_rails_template():
    """Rails names an index whose index_<table>_on_<columns> would pass 62 bytes
    idx_on_<columns>_<10 hex of its SHA-256> (Lago: 141 of them, each an AK-NM001 that
    proposed a name cut to 63 bytes, which Rails avoids)."""
    import hashlib

    long_table = "billing_entities_invoice_custom_sections"
    sql = _rails() + (
        f"CREATE TABLE {long_table} (id uuid PRIMARY KEY, billing_entity_id uuid, "
        "invoice_custom_section_id uuid);\n"
        f"CREATE INDEX idx_on_billing_entity_id_724373e5ae ON {long_table} (billing_entity_id);\n")
    full = f"index_{long_table}_on_billing_entity_id"
    assert hashlib.sha256(full.encode()).hexdigest()[:10] == "724373e5ae"   # (Lago's own)
    assert _nm001(sql, "postgres") == []
    # a hand-named index there: the name Rails would give it, not index_..._on_... cut
    [f] = _nm001(sql + f"CREATE INDEX by_section ON {long_table} (invoice_custom_section_id);\n",
                 "postgres")
    digest = hashlib.sha256(
        f"index_{long_table}_on_invoice_custom_section_id".encode()).hexdigest()[:10]
    assert f.message.endswith(f"(expected idx_on_invoice_custom_section_id_{digest})")
    # ... the same in MySQL, which would refuse the 70-byte name (ERROR 1059)
    [m] = _nm001(sql.replace("uuid", "char(36)").replace(" text", " varchar(20)")
                 + f"CREATE INDEX by_section ON {long_table} (invoice_custom_section_id);\n",
                 "mysql")
    assert m.message.endswith(f"(expected idx_on_invoice_custom_section_id_{digest})")


def test_postgres_names_a_long_index_as_postgres_would():
    # the default template on a long table: the name PostgreSQL gives CREATE INDEX ON
    # (makeObjectName: the longer part cut, _idx kept), not the name cut before _idx
    t = "billing_entities_invoice_custom_sections"
    [f] = _nm001(f"CREATE TABLE {t} (id uuid PRIMARY KEY, invoice_custom_section_id uuid);\n"
                 f"CREATE INDEX by_section ON {t} (invoice_custom_section_id);\n", "postgres")
    assert f.message.endswith("(expected billing_entities_invoice_custom_s_invoice_custom_section_id_idx)")
    # and that name, or the long one PostgreSQL cuts, is the convention followed
    for name in ("billing_entities_invoice_custom_s_invoice_custom_section_id_idx",
                 f"{t}_invoice_custom_section_id_idx"):
        assert _nm001(f"CREATE TABLE {t} (id uuid PRIMARY KEY, invoice_custom_section_id uuid);\n"
                      f"CREATE INDEX {name} ON {t} (invoice_custom_section_id);\n",
                      "postgres") == []


def test_template_cover_helper():
    from archkit.schema.rules._conventions import infer_template

    def fits(it, p):
        return it[0] == p.format(table=it[1], columns="_".join(it[2]))
    items = ([(f"fk_{t}_a", t, ("a",)) for t in "pqrstuv"]
             + [(f"ix_{t}_b", t, ("b",)) for t in "pqr"])
    got = infer_template(items, ["{table}_{columns}_idx"],
                         ["ix_{table}_{columns}", "fk_{table}_{columns}"], fits)
    assert got.patterns == ("fk_{table}_{columns}", "ix_{table}_{columns}")
    assert got.style == "template"
    # a template that only one name in ten follows is no part of a convention
    few = items[:7] + [(f"odd{i}", "p", ("a",)) for i in range(2)] + [("ix_q_b", "q", ("b",))]
    got = infer_template(few, ["{table}_{columns}_idx"],
                         ["ix_{table}_{columns}", "fk_{table}_{columns}"], fits)
    assert got.style != "template"
