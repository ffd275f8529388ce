"""Engine syntax sqlglot 30 cannot read, found in vendors' own samples (scout B): SQL
Server graph tables, Oracle 23ai vectors, Databricks notebooks, masks and expectations."""

from __future__ import annotations

import pytest

from archkit.schema import load_schema
from archkit.schema.check import check


def rules(findings, rule):
    return sorted(f.object for f in findings if f.rule == rule)


GRAPH = """\
CREATE TABLE dbo.Person (ID INTEGER PRIMARY KEY, name VARCHAR(100)) AS NODE;
CREATE TABLE dbo.City (ID INTEGER PRIMARY KEY, name VARCHAR(100)) AS NODE;
CREATE TABLE dbo.livesIn (
  since DATE,
  CONSTRAINT EC_LivesIn CONNECTION (dbo.Person TO dbo.City) ON DELETE CASCADE
) AS EDGE;
CREATE TABLE dbo.friends AS EDGE;
CREATE TABLE dbo.bought (CONSTRAINT ec CONNECTION (Person TO City, City TO City), qty int)
AS EDGE;
"""


def test_sql_server_graph_tables():
    found = check(GRAPH, dialect="tsql", cache=False)
    assert rules(found, "AK-SQL001") == []
    # an edge (or a node) is identified by its $edge_id (unique index of its own)
    assert rules(found, "AK-PK001") == []
    cat = load_schema(GRAPH, "tsql")
    assert {k: t.options.get("graph") for k, t in cat.tables.items()} == {
        "person": "node", "city": "node", "livesin": "edge", "friends": "edge",
        "bought": "edge"}
    assert list(cat.tables["livesin"].columns) == ["since"]
    assert list(cat.tables["bought"].columns) == ["qty"]
    # AS SELECT stays what it is; a table named node is a table
    assert load_schema("CREATE TABLE t AS SELECT * FROM node;", "tsql"
                       ).tables["t"].options.get("as_select")


def test_oracle_vector_columns():
    sql = ("CREATE TABLE docs (\n  id NUMBER PRIMARY KEY,\n  embedding VECTOR(384, FLOAT32),\n"
           "  any_vec VECTOR(*, *),\n  plain VECTOR\n);")
    assert rules(check(sql, dialect="oracle", cache=False), "AK-SQL001") == []
    cols = load_schema(sql, "oracle").tables["DOCS"].columns
    assert [c.type for c in cols.values()] == ["numeric", "vector", "vector", "vector"]


NOTEBOOK = """\
-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Users and orders

-- COMMAND ----------

CREATE TABLE users (id BIGINT NOT NULL, email STRING, CONSTRAINT users_pk PRIMARY KEY (id))

-- COMMAND ----------

CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, user_id BIGINT)
"""


def test_databricks_notebook_cells_end_their_statements():
    cat = load_schema(NOTEBOOK, "databricks")
    assert list(cat.tables) == ["users", "orders"]
    assert cat.tables["orders"].columns["user_id"].pos.line == 11
    found = check(NOTEBOOK, dialect="databricks", cache=False)
    assert rules(found, "AK-SQL001") + rules(found, "AK-SQL002") == []
    # a file that is no notebook export keeps its text as it is
    plain = "CREATE TABLE a (id BIGINT)\n-- COMMAND ----------\nCREATE TABLE b (id BIGINT)\n"
    assert list(load_schema(plain, "databricks").tables) == []     # (one statement: AK-SQL001)


def test_databricks_masks_expectations_and_row_filters():
    sql = ("CREATE OR REPLACE TABLE patient_ssn (\n  name STRING,\n  mask STRING,\n"
           "  ssn STRING MASK main.sec.simple_mask USING COLUMNS (name)\n);\n"
           "CREATE STREAMING TABLE churn_users (\n  CONSTRAINT user_valid_id EXPECT "
           "(user_id IS NOT NULL) ON VIOLATION DROP ROW\n)\nAS SELECT id AS user_id FROM "
           "STREAM(churn_users_bronze);\n"
           "ALTER TABLE patient_ssn ALTER COLUMN ssn DROP MASK;\n"
           "ALTER TABLE patient_ssn SET ROW FILTER region_filter ON (name);\n")
    found = check(sql, dialect="databricks", cache=False)
    assert rules(found, "AK-SQL001") + rules(found, "AK-SQL002") == []
    cat = load_schema(sql, "databricks")
    assert list(cat.tables["patient_ssn"].columns) == ["name", "mask", "ssn"]
    assert "churn_users" in cat.tables


# -- SQL Server migrations as Bitwarden's util/Migrator writes them (scout D) -----------
def test_tsql_two_guarded_blocks_in_a_row_are_two_statements():
    sql = ("IF OBJECT_ID('dbo.a') IS NOT NULL\nBEGIN\n    DROP TABLE dbo.a\nEND\n\n"
           "IF OBJECT_ID('dbo.a') IS NULL\nBEGIN\n    CREATE TABLE dbo.a (id INT NOT NULL "
           "PRIMARY KEY, ref_id INT);\nEND\nGO\n")
    assert list(load_schema(sql, "tsql").tables) == ["a"]      # (the CREATE was lost)
    # a block ending in END IF stays one statement in the dialects that write it
    from archkit.schema.split import split_sql

    mysql = ("CREATE PROCEDURE p() BEGIN IF 1 THEN SELECT 1; END\nIF; END;\n")
    assert len(split_sql(mysql, "mysql")) == 1


def test_tsql_guarded_alter_table_and_index():
    sql = """\
CREATE TABLE [dbo].[User] ([Id] UNIQUEIDENTIFIER NOT NULL PRIMARY KEY);
GO
IF COL_LENGTH('[dbo].[User]', 'Kdf') IS NULL
BEGIN
    ALTER TABLE [dbo].[User] ADD [Kdf] TINYINT NULL
END
GO
ALTER TABLE [dbo].[User] ALTER COLUMN [Kdf] TINYINT NOT NULL
GO
IF COL_LENGTH('[dbo].[User]', 'Kdf') IS NULL
BEGIN
    ALTER TABLE [dbo].[User] ADD [Kdf] TINYINT NULL
END
GO
CREATE TABLE [dbo].[Policy] ([Id] UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    [UserId] UNIQUEIDENTIFIER NOT NULL,
    CONSTRAINT [FK_Policy_User] FOREIGN KEY ([UserId]) REFERENCES [dbo].[User] ([Id]));
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = 'IX_Policy_UserId')
BEGIN
    CREATE NONCLUSTERED INDEX [IX_Policy_UserId] ON [dbo].[Policy]([UserId]);
END
GO
"""
    found = check(sql, dialect="tsql", cache=False)
    # the column the guard adds is there (was AK-SQL003 on the ALTER COLUMN), the second
    # guarded ADD is what its guard skips (no AK-SQL003), and the index serves the FK
    assert rules(found, "AK-SQL003") + rules(found, "AK-SQL002") == []
    assert rules(found, "AK-IX006") == []
    kdf = load_schema(sql, "tsql").tables["user"].columns["kdf"]
    assert not kdf.nullable and (kdf.pos.line, kdf.pos.col) == (5, 34)


def test_tsql_guarded_block_of_statements_without_semicolons():
    # Bitwarden's 2025-02-07_00_AddOptionalNotificationTaskId.sql, written the SSMS way:
    # the first ALTER was lost without a note, and the index on the column it adds was a
    # false AK-SQL003 (scout AS)
    sql = """\
CREATE TABLE [dbo].[SecurityTask] ([Id] UNIQUEIDENTIFIER NOT NULL CONSTRAINT [PK_SecurityTask] PRIMARY KEY)
GO
CREATE TABLE [dbo].[Notification] ([Id] UNIQUEIDENTIFIER NOT NULL CONSTRAINT [PK_Notification] PRIMARY KEY)
GO
IF COL_LENGTH('[dbo].[Notification]', 'TaskId') IS NULL
BEGIN
    ALTER TABLE [dbo].[Notification]
        ADD [TaskId] UNIQUEIDENTIFIER NULL

    UPDATE [dbo].[Notification] SET [TaskId] = NULL WHERE [Id] IS NULL

    ALTER TABLE [dbo].[Notification]
        ADD CONSTRAINT [FK_Notification_SecurityTask] FOREIGN KEY ([TaskId])
        REFERENCES [dbo].[SecurityTask] ([Id]) ON DELETE SET NULL
    ALTER TABLE [dbo].[Notification] ALTER COLUMN [TaskId] UNIQUEIDENTIFIER NULL
END
GO
CREATE NONCLUSTERED INDEX [IX_Notification_TaskId] ON [dbo].[Notification] ([TaskId] ASC) WHERE TaskId IS NOT NULL;
GO
"""
    found = check(sql, dialect="tsql", cache=False)
    assert rules(found, "AK-SQL003") + rules(found, "AK-SQL002") == []
    t = load_schema(sql, "tsql").tables["notification"]
    assert (t.columns["taskid"].pos.line, t.columns["taskid"].pos.col) == (8, 13)
    (fk,) = t.foreign_keys
    assert (fk.columns, fk.ref_table, fk.on_delete) == (("taskid",), "securitytask", "set null")
    assert (fk.pos.line, fk.pos.col) == (13, 24)
    # one guarded ALTER in a block stays one statement: its ALTER COLUMN and DROP
    # CONSTRAINT are clauses, not statements
    one = sql.replace("ADD [TaskId] UNIQUEIDENTIFIER NULL",
                      "ADD [TaskId] UNIQUEIDENTIFIER NULL, [Kind] INT NULL")
    assert "kind" in load_schema(one, "tsql").tables["notification"].columns


def test_tsql_guarded_index_rebuild():
    # Bitwarden's index rebuilds: the guarded CREATE (END swallowed) was never made, the
    # guarded DROP ... ON t END read as an IF aliased "END" and lost: once the CREATE was
    # read, the CREATE after the DROP was a false AK-SQL003
    sql = """\
CREATE TABLE [dbo].[Collection] ([Id] UNIQUEIDENTIFIER NOT NULL PRIMARY KEY, [OrganizationId] UNIQUEIDENTIFIER NOT NULL)
GO
IF NOT EXISTS (SELECT * FROM sys.indexes WHERE [Name]='IX_Collection_OrganizationId_IncludeAll')
BEGIN
    CREATE NONCLUSTERED INDEX [IX_Collection_OrganizationId_IncludeAll]
        ON [dbo].[Collection]([OrganizationId] ASC)
END
GO
"""
    rebuild = """\
IF EXISTS(SELECT name FROM sys.indexes WHERE name = 'IX_Collection_OrganizationId_IncludeAll')
BEGIN
    DROP INDEX [IX_Collection_OrganizationId_IncludeAll] ON [dbo].[Collection]
END
GO
CREATE NONCLUSTERED INDEX [IX_Collection_OrganizationId_IncludeAll]
    ON [dbo].[Collection]([OrganizationId] ASC) INCLUDE ([Id])
GO
"""
    (ix,) = load_schema(sql, "tsql").tables["collection"].indexes
    assert ix.columns[0].expr == "organizationid" and ix.pos.line == 5
    assert rules(check(sql + rebuild, dialect="tsql", cache=False), "AK-SQL003") == []
    (ix,) = load_schema(sql + rebuild, "tsql").tables["collection"].indexes
    assert ix.include == ("id",)


def test_tsql_ssdt_header_and_a_key_after_a_column_without_comma():
    sql = ("SET ANSI_NULLS, ANSI_PADDING, ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL, "
           "QUOTED_IDENTIFIER ON;\nSET NUMERIC_ROUNDABORT OFF;\nGO\n"
           "CREATE TABLE [dbo].[OrganizationApiKey] (\n    [Id] UNIQUEIDENTIFIER,\n"
           "    [RevisionDate] DATETIME2(7) NOT NULL\n"
           "    CONSTRAINT [PK_OrganizationApiKey] PRIMARY KEY CLUSTERED ([Id] ASC)\n);\n")
    found = check(sql, dialect="tsql", cache=False)
    assert [f.rule for f in found if f.rule.startswith(("AK-SQL", "AK-PK001"))] == []
    t = load_schema(sql, "tsql").tables["organizationapikey"]
    assert t.primary_key.columns == ("id",) and not t.columns["id"].nullable
    assert not t.columns["revisiondate"].nullable


# -- Oracle (scout D) ----------------------------------------------------------------------
def test_oracle_package_and_type_bodies_run_to_their_slash_line():
    from archkit.schema.split import split_sql

    sql = ("CREATE OR REPLACE PACKAGE BODY emp_mgmt AS\n  FUNCTION hire (p_id NUMBER) RETURN "
           "NUMBER IS\n  BEGIN\n    RETURN p_id;\n  END;\n  PROCEDURE fire (p_id NUMBER) IS\n"
           "  BEGIN\n    DELETE FROM employees WHERE employee_id = p_id;\n  END;\n"
           "END emp_mgmt;\n/\nCREATE TYPE BODY catalog_typ AS\n  MEMBER FUNCTION a RETURN "
           "varchar2 IS\n  BEGIN\n    RETURN 'x';\n  END;\n  MEMBER FUNCTION b RETURN varchar2 "
           "IS\n  BEGIN\n    RETURN 'y';\n  END;\nEND;\n/\n"
           "CREATE TABLE t (id NUMBER(6) PRIMARY KEY);\n")
    assert [r.sql.split()[3] if r.sql.startswith("CREATE OR") else r.sql.split()[1]
            for r in split_sql(sql, "oracle")] == ["PACKAGE", "TYPE", "TABLE"]
    assert rules(check(sql, dialect="oracle", cache=False), "AK-SQL001") == []
    # without / lines (a tool that runs ;-separated statements) bodies end as before
    assert len(split_sql("CREATE PROCEDURE p IS BEGIN NULL; END;\nCREATE TABLE t (a int);",
                         "oracle")) == 2


def test_oracle_virtual_columns_with_or_without_a_type():
    sql = ("CREATE TABLE county (data_source_id NUMBER PRIMARY KEY, code_value "
           "VARCHAR2(500 CHAR),\n  country_code GENERATED ALWAYS AS (regexp_substr(code_value, "
           "'[^:]+')),\n  twice NUMBER GENERATED ALWAYS AS (data_source_id * 2) VIRTUAL,\n"
           "  seq NUMBER GENERATED ALWAYS AS IDENTITY);")
    assert rules(check(sql, dialect="oracle", cache=False), "AK-SQL001") == []
    cols = load_schema(sql, "oracle").tables["COUNTY"].columns
    assert cols["COUNTRY_CODE"].generated and cols["TWICE"].generated
    assert cols["SEQ"].identity and not cols["SEQ"].generated


def test_tsql_alter_schema_transfer_moves_the_table():
    sql = ("CREATE TABLE dbo.t (id int PRIMARY KEY);\n"
           "CREATE TABLE dbo.c (id int PRIMARY KEY, t_id int REFERENCES dbo.t (id));\nGO\n"
           "ALTER SCHEMA Sales TRANSFER dbo.t;\nALTER SCHEMA [Sales] TRANSFER OBJECT::[dbo].[c];\n")
    cat = load_schema(sql, "tsql")
    assert list(cat.tables) == ["sales.t", "sales.c"]
    assert cat.tables["sales.c"].foreign_keys[0].ref_table == "sales.t"
    assert rules(check(sql, dialect="tsql", cache=False), "AK-SQL002") == []
    # in a migration it is a rename the code sees (AK-MG002)
    mig = check("ALTER SCHEMA Sales TRANSFER dbo.t;", dialect="tsql", cache=False)
    assert rules(mig, "AK-MG002") == ["t"]
    # moving a type or an XML schema collection moves no table (still AK-SQL002)
    assert rules(check("ALTER SCHEMA Sales TRANSFER TYPE::dbo.x;", dialect="tsql",
                       cache=False), "AK-SQL002") == ["ALTER SCHEMA at line 1"]


def test_tsql_a_select_line_after_a_complete_statement_starts_the_next():
    from archkit.schema.split import split_sql

    def heads(sql):
        return [r.sql.split()[0] + ":" + str(r.line) for r in split_sql(sql, "tsql")]

    # Bitwarden: INSERT ... SELECT, then a SELECT without ;
    assert heads("INSERT INTO dbo.a\nSELECT id FROM dbo.b\n\nSELECT * FROM dbo.a\nGO\n") == [
        "INSERT:1", "SELECT:4"]
    # one statement each: INSERT INTO t <newline> SELECT, a CTE's query, UNION, a view,
    # a subquery after (, an IF's condition and body, GRANT <newline> SELECT
    for one in ("INSERT INTO dbo.a (id)\nSELECT id FROM dbo.b",
                "CREATE VIEW v AS\nWITH x AS (\n  SELECT 1 AS a\n)\nSELECT a FROM x",
                "SELECT 1\nUNION ALL\nSELECT 2",
                "CREATE VIEW v\nAS\nSELECT 1 AS a",
                "DELETE FROM t WHERE id IN (\nSELECT id FROM u)",
                "GRANT\nSELECT ON t TO u"):
        assert len(split_sql(one, "tsql")) == 1, one
    assert heads("IF EXISTS (SELECT 1 FROM sys.tables WHERE name = 't')\n"
                 "DROP TABLE t\nCREATE TABLE t (id int)\n") == ["IF:1", "CREATE:3"]


# -- Entity Framework Core and Alembic scripts for SQL Server (scout E) --------------------
def test_tsql_exec_of_one_string_is_that_statement():
    sql = ("CREATE TABLE [AspNetUsers] ([Id] nvarchar(450) NOT NULL, [NormalizedUserName] "
           "nvarchar(256) NULL, CONSTRAINT [PK_AspNetUsers] PRIMARY KEY ([Id]));\nGO\n"
           "EXEC(N'CREATE UNIQUE INDEX [UserNameIndex] ON [AspNetUsers] ([NormalizedUserName]) "
           "WHERE [NormalizedUserName] IS NOT NULL');\nGO\n")
    [ix] = load_schema(sql, "tsql").tables["aspnetusers"].indexes
    assert ix.unique and ix.where and (ix.pos.line, ix.pos.col) == (3, 28)
    assert [f.rule for f in check(sql, dialect="tsql", cache=False)
            if f.rule.startswith("AK-SQL")] == []
    # SQL built when it runs is procedural (AK-SQL002), not a syntax error
    dyn = "EXEC('alter table account drop constraint ' + @var_0);"
    assert [f.rule for f in check(dyn, dialect="tsql", cache=False)] == ["AK-SQL002"]


def test_tsql_sp_rename_and_ef_drop_column():
    sql = ("CREATE TABLE [Orders] ([Id] int NOT NULL IDENTITY, [CustName] nvarchar(100) NULL, "
           "CONSTRAINT [PK_Orders] PRIMARY KEY ([Id]));\nGO\n"
           "EXEC sp_rename N'[Orders].[CustName]', N'CustomerName', N'COLUMN';\nGO\n"
           "EXEC sp_rename N'[Orders]', N'SalesOrders';\nGO\n"
           "ALTER TABLE [SalesOrders] ADD [Total] decimal(18,2) NOT NULL DEFAULT 0.0;\nGO\n"
           "IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'x')\n"
           "BEGIN\n    DECLARE @var0 sysname;\n    SELECT @var0 = [d].[name] FROM "
           "[sys].[default_constraints] [d] WHERE [d].[parent_object_id] = "
           "OBJECT_ID(N'[SalesOrders]');\n"
           "    IF @var0 IS NOT NULL EXEC(N'ALTER TABLE [SalesOrders] DROP CONSTRAINT [' + "
           "@var0 + '];');\n    ALTER TABLE [SalesOrders] DROP COLUMN [Total];\nEND;\nGO\n")
    cat = load_schema(sql, "tsql")
    assert list(cat.tables) == ["salesorders"]
    t = cat.tables["salesorders"]
    assert list(t.columns) == ["id", "customername"] and t.primary_key.columns == ("id",)
    assert t.columns["customername"].original == "CustomerName"
    # in a migration of tables made before: renames the code sees (AK-MG002)
    mig = check("EXEC sp_rename N'[Orders].[CustName]', N'CustomerName', N'COLUMN';\nGO\n"
                "EXEC sp_rename N'[Orders]', N'SalesOrders';\n", dialect="tsql", cache=False)
    assert rules(mig, "AK-MG002") == ["orders", "orders.custname"]


ORDERS = ("CREATE TABLE dbo.Orders (Id INT NOT NULL CONSTRAINT PK_Orders PRIMARY KEY, "
          "CustomerId INT NOT NULL)\nGO\n")


IF_ELSE = """IF COL_LENGTH('dbo.Orders', 'Note') IS NULL
BEGIN
    ALTER TABLE dbo.Orders ADD Note NVARCHAR(200) NULL
END
ELSE
BEGIN
    ALTER TABLE dbo.Orders ADD Note2 NVARCHAR(10) NULL
END
"""
NESTED_IF = """IF COL_LENGTH('dbo.Orders', 'Note') IS NULL
BEGIN
    IF COL_LENGTH('dbo.Orders', 'Flag') IS NULL
    BEGIN
        ALTER TABLE dbo.Orders ADD Flag BIT NULL
    END
    ALTER TABLE dbo.Orders ADD Note NVARCHAR(200) NULL
END
"""

# a loop's ALTER was lost with no word at all (scout AW F09): run as the loop runs
WHILE_LOOP = """DECLARE @i INT = 0
WHILE @i < 1
BEGIN
    ALTER TABLE dbo.Orders ADD Note NVARCHAR(200) NULL
    SET @i = @i + 1
END
"""


@pytest.mark.parametrize("block, columns", [(IF_ELSE, ["note", "note2"]),
                                            (NESTED_IF, ["flag", "note"]),
                                            (WHILE_LOOP, ["note"])])
def test_tsql_blocks_without_semicolons_have_each_statement_read(block, columns):
    """sqlglot keeps IF ... BEGIN ALTER ... END ELSE BEGIN ALTER ... END in one text: the
    first ALTER was lost and the ELSE branch's applied in its place; an IF nested in a
    block lost both its ALTERs. The index on the column added was a false AK-SQL003 error
    (scout AW)."""
    sql = ORDERS + block + "GO\nCREATE INDEX IX_Orders_Note ON dbo.Orders (Note)\nGO\n"
    assert list(load_schema(sql, "tsql").tables["orders"].columns) == [
        "id", "customerid", *columns]
    assert [f.rule for f in check(sql, dialect="tsql", cache=False)
            if f.rule.startswith("AK-SQL")] == []


# how SQL Server scripts make a work or archive table once (scout AW F09): the SELECT ...
# INTO and the index after it, with no ; between them, failed to parse as a whole (the
# IF was AK-SQL002), and with one the table had no columns
GUARDED_INTO = """IF OBJECT_ID('dbo.Archive') IS NULL
BEGIN
    SELECT Id, CustomerId INTO dbo.Archive FROM dbo.Orders{semi}
    CREATE INDEX IX_Archive_Customer ON dbo.Archive (CustomerId){semi}
END
GO
ALTER TABLE dbo.Archive ADD CONSTRAINT PK_Archive PRIMARY KEY (Id)
GO
"""


@pytest.mark.parametrize("semi", ["", ";"])
def test_a_guarded_select_into_makes_its_table(semi):
    sql = ORDERS + GUARDED_INTO.format(semi=semi)
    archive = load_schema(sql, "tsql").tables["archive"]
    assert list(archive.columns) == ["id", "customerid"]
    assert not archive.columns["id"].nullable          # (SQL Server keeps NOT NULL)
    assert [i.name for i in archive.indexes] == ["ix_archive_customer"]
    assert archive.primary_key is not None
    # a table this script makes: its index and key are no migration of a table in use,
    # and the IF is read, not left as AK-SQL002
    found = {f.rule for f in check(sql, dialect="tsql", cache=False)}
    assert not found & {"AK-SQL001", "AK-SQL002", "AK-MG003", "AK-MG007"}, found


def test_a_guarded_select_into_of_a_table_there_already_changes_nothing():
    sql = ORDERS + ("CREATE TABLE dbo.Archive (Id INT NOT NULL, Note NVARCHAR(20) NULL)\nGO\n"
                    + GUARDED_INTO.format(semi=""))
    assert list(load_schema(sql, "tsql").tables["archive"].columns) == ["id", "note"]


@pytest.mark.parametrize("block, table, columns", [
    # a PRINT or SET NOCOUNT ON first: sqlglot took the rest of the block for its text,
    # and the ALTER and the SELECT INTO were lost without a word (scout AY F04)
    ("IF COL_LENGTH('dbo.Orders', 'Extra') IS NULL\nBEGIN\n    PRINT 'adding Extra'\n"
     "    ALTER TABLE dbo.Orders ADD Extra int NULL\nEND\nGO\n", "orders",
     ["id", "customerid", "extra"]),
    ("IF OBJECT_ID('dbo.Arch') IS NULL\nBEGIN\n    SET NOCOUNT ON\n"
     "    SELECT Id, CustomerId INTO dbo.Arch FROM dbo.Orders\nEND\nGO\n", "arch",
     ["id", "customerid"]),
    # a MERGE after the SELECT INTO, no ; between: read as the SELECT's table alias
    ("IF OBJECT_ID('dbo.Arch') IS NULL\nBEGIN\n    SELECT Id, CustomerId INTO dbo.Arch "
     "FROM dbo.Orders\n    MERGE INTO dbo.Arch AS a USING dbo.Orders AS o ON a.Id = o.Id "
     "WHEN NOT MATCHED THEN INSERT (Id, CustomerId) VALUES (o.Id, o.CustomerId);\nEND\nGO\n",
     "arch", ["id", "customerid"]),
    # a comment with trailing spaces after the SELECT INTO: the ; went inside it (F10)
    ("IF OBJECT_ID('dbo.Arch') IS NULL\nBEGIN\nSELECT Id, CustomerId INTO dbo.Arch "
     "FROM dbo.Orders -- copy the rows   \nCREATE INDEX IX_Arch_C ON dbo.Arch (CustomerId)"
     "\nEND\nGO\n", "arch", ["id", "customerid"]),
])
def test_a_block_s_statements_are_read_whatever_comes_first(block, table, columns):
    sql = ORDERS + block
    assert list(load_schema(sql, "tsql").tables[table].columns) == columns
    assert [f.rule for f in check(sql, dialect="tsql", cache=False)
            if f.rule.startswith("AK-SQL")] == []


def test_a_block_its_guard_skips_changes_nothing():
    """IF OBJECT_ID('dbo.Archive') IS NULL with it there: the engine skips the block.
    archkit skipped its SELECT INTO but made the index after it on the table there: a
    false AK-SQL003 error (scout AY F03)."""
    sql = ORDERS + ("CREATE TABLE dbo.Archive (Id INT NOT NULL, Other INT)\nGO\n"
                    + GUARDED_INTO.format(semi=""))
    arch = load_schema(sql, "tsql").tables["archive"]
    assert list(arch.columns) == ["id", "other"] and arch.indexes == []
    assert arch.primary_key is not None           # (the ALTER after the block is run)
    found = {f.rule for f in check(sql, dialect="tsql", cache=False)}
    assert not found & {"AK-SQL003", "AK-MG007"}, found


def test_statements_of_a_block_are_split_where_they_start():
    """The ;s put between a block's statements: not inside INSERT ... SELECT, a UNION, an
    UPDATE's SET or before the statement a nested IF or ELSE guards; every offset stays."""
    from sqlglot.dialects.dialect import Dialect

    from archkit.schema.gaps import tsql_block_semicolons

    sql = ("IF x IS NULL\nBEGIN\n  INSERT INTO t (a) SELECT a FROM s\n"
           "  IF y IS NULL CREATE TABLE u (a int)\n  ELSE DROP TABLE v\n"
           "  UPDATE t SET a = 1\n  SELECT 1 UNION SELECT 2\n  BEGIN TRAN\n"
           "  INSERT INTO t EXEC p\nEND")
    out = tsql_block_semicolons(sql, Dialect.get_or_raise("tsql").tokenizer().tokenize(sql))
    assert len(out) == len(sql)
    # (each ; just after the statement before it: a comment after that is after the ;)
    assert out == ("IF x IS NULL\nBEGIN\n  INSERT INTO t (a) SELECT a FROM s;"
                   "  IF y IS NULL CREATE TABLE u (a int)\n  ELSE DROP TABLE v;"
                   "  UPDATE t SET a = 1;  SELECT 1 UNION SELECT 2;  BEGIN TRAN;"
                   "  INSERT INTO t EXEC p\nEND")
    merge = "IF x IS NULL\nBEGIN\n  SELECT a INTO t FROM s\n  MERGE INTO t USING s ON 1 = 1;\nEND"
    assert tsql_block_semicolons(merge, Dialect.get_or_raise("tsql").tokenizer().tokenize(
        merge)) == merge.replace("FROM s\n", "FROM s;")        # (not the SELECT's alias)
    one = "IF x IS NULL\nBEGIN\n  DROP TABLE v;\n  DROP TABLE w\nEND"
    assert tsql_block_semicolons(one, Dialect.get_or_raise("tsql").tokenizer().tokenize(one)) \
        is None


def test_a_computed_column_s_case_end_is_not_a_block_end():
    sql = ORDERS + """IF COL_LENGTH('dbo.Orders', 'Big') IS NULL
BEGIN
    ALTER TABLE dbo.Orders ADD Big AS CASE WHEN CustomerId > 9 THEN 1 ELSE 0 END
    ALTER TABLE dbo.Orders ADD Note NVARCHAR(20) NULL
END
GO
"""
    assert list(load_schema(sql, "tsql").tables["orders"].columns) == [
        "id", "customerid", "big", "note"]
