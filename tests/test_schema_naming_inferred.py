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
