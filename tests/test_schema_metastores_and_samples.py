"""Forms in Apache Ranger's, Hive's and Ambari's metastore DDL (scout L), Microsoft's SQL
Server samples and their ports (scout M) and Supabase's and Lemmy's migrations (scout N):
each read as the engine reads it, with no finding a DBA would not defend."""

from __future__ import annotations

from schema_rule_helpers import rule_lines as findings

from archkit.schema import load_schema
from archkit.schema.check import check
from archkit.schema.split import split_sql


def test_tsql_set_options_and_check_constraint_without_go_end_their_statements():
    # Ranger's ranger_core_db_sqlserver.sql (SSMS style, no GO): 75 of its 83 tables had
    # no columns and 121 of its foreign keys were lost, without a finding
    sql = ("SET ANSI_NULLS ON\nSET QUOTED_IDENTIFIER ON\n"
           "CREATE TABLE [dbo].[p](\n  [id] [bigint] IDENTITY(1,1) NOT NULL,\n"
           "PRIMARY KEY CLUSTERED ([id] ASC)\n) ON [PRIMARY]\n"
           "SET ANSI_NULLS ON\nSET QUOTED_IDENTIFIER, ANSI_PADDING ON\n"
           "CREATE TABLE [dbo].[t](\n  [id] [bigint] IDENTITY(1,1) NOT NULL,\n"
           "  [p_id] [bigint] NULL,\nPRIMARY KEY CLUSTERED ([id] ASC)\n) ON [PRIMARY]\n"
           "ALTER TABLE [dbo].[t]  WITH CHECK ADD  CONSTRAINT [t_FK_p] FOREIGN KEY([p_id])\n"
           "REFERENCES [dbo].[p] ([id])\n"
           "ALTER TABLE [dbo].[t] CHECK CONSTRAINT [t_FK_p]\n"
           "ALTER TABLE [dbo].[t]  WITH CHECK ADD  CONSTRAINT [t_FK_p2] FOREIGN KEY([p_id])\n"
           "REFERENCES [dbo].[p] ([id])\n")
    assert [r.line for r in split_sql(sql, "tsql")] == [1, 2, 3, 7, 8, 9, 14, 16, 17]
    cat = load_schema(sql, "tsql")
    assert list(cat.tables["t"].columns) == ["id", "p_id"]
    assert [f.name for f in cat.tables["t"].foreign_keys] == ["t_fk_p", "t_fk_p2"]
    assert cat.tables["p"].primary_key is not None
    # a SET whose value continues on the next line is still one statement
    assert len(split_sql("SET @x =\n  1\nSELECT @x\n", "tsql")) == 2


def test_a_partial_index_on_not_null_fk_columns_serves_the_foreign_key():
    # Lemmy: 12 false AK-IX006; PostgreSQL plans the RI lookup "WHERE post_id = $1" on
    # the partial index (EXPLAIN, scout N): equality implies IS NOT NULL
    base = ("CREATE TABLE post (id bigint PRIMARY KEY, k int NOT NULL, UNIQUE (id, k));\n"
            "CREATE TABLE notification (id bigint PRIMARY KEY,\n"
            "  post_id bigint REFERENCES post (id) ON DELETE CASCADE, post_k int,\n"
            "  flag bool, FOREIGN KEY (post_id, post_k) REFERENCES post (id, k));\n")
    served = base + ("CREATE INDEX a ON notification (post_id) WHERE post_id IS NOT NULL;\n"
                     "CREATE INDEX b ON notification (post_id, post_k)\n"
                     "  WHERE post_id IS NOT NULL AND post_k IS NOT NULL;\n")
    assert [r for r in findings(served) if r[0] == "AK-IX006"] == []
    # a predicate the lookup does not imply leaves both foreign keys unserved
    other = base + ("CREATE INDEX a ON notification (post_id) WHERE flag;\n"
                    "CREATE INDEX b ON notification (post_id, post_k) WHERE post_k IS NULL;\n")
    assert [r[0] for r in findings(other) if r[0] == "AK-IX006"] == ["AK-IX006"] * 2


def test_postgres_keeps_constraint_names_made_before_a_table_rename():
    # Lemmy: after RENAME TO, the unnamed UNIQUE is still comment_reply_..._key and the
    # key comment_reply_pkey (PostgreSQL 15, scout N); the new table's name finds nothing
    sql = ("CREATE TABLE comment_reply (id bigint PRIMARY KEY, recipient_id bigint NOT NULL,\n"
           "  comment_id bigint NOT NULL, UNIQUE (recipient_id, comment_id));\n"
           "ALTER TABLE comment_reply RENAME TO notification;\n"
           "ALTER TABLE notification DROP CONSTRAINT comment_reply_recipient_id_comment_id_key;\n"
           "ALTER TABLE notification DROP CONSTRAINT notification_pkey;\n")
    t = load_schema(sql).tables["notification"]
    assert t.uniques == [] and t.primary_key is not None
    assert [r for r in findings(sql) if r[0] == "AK-PK001"] == []


def test_mysql_backquoted_and_bare_names_are_one_table():
    # Hive's MySQL metastore scripts write PACKAGES and `PACKAGES`: they were two tables,
    # the foreign key on an empty phantom (false AK-FK001 / AK-FK005; scout L): a name
    # is the same backquoted or not (unquoted names kept their case, quoted ones were
    # folded); MySQL keeps them as written
    sql = ("CREATE TABLE DBS (DB_ID BIGINT NOT NULL PRIMARY KEY);\n"
           "CREATE TABLE PACKAGES (`PKG_ID` BIGINT NOT NULL, `DB_ID` BIGINT NOT NULL,\n"
           "  PRIMARY KEY (`PKG_ID`), KEY PACKAGES_N1 (DB_ID));\n"
           "ALTER TABLE `PACKAGES` ADD CONSTRAINT `PACKAGES_FK1` FOREIGN KEY (`DB_ID`) "
           "REFERENCES DBS (`DB_ID`);\n")
    cat = load_schema(sql, "mysql")
    assert sorted(cat.tables) == ["DBS", "PACKAGES"]
    assert [f.ref_table for f in cat.tables["PACKAGES"].foreign_keys] == ["DBS"]
    assert list(cat.tables["PACKAGES"].columns) == ["PKG_ID", "DB_ID"]
    assert [r for r in findings(sql, "mysql") if r[0].startswith(("AK-FK", "AK-SQL"))] == []


MIXED_CASE = (
    "CREATE TABLE p (ID int PRIMARY KEY);\n"
    "CREATE TABLE t (Id int, DB_ID int, Note varchar(20), PRIMARY KEY (id), KEY k1 (db_id),\n"
    "  UNIQUE KEY u1 (note), CONSTRAINT fk1 FOREIGN KEY (`db_id`) REFERENCES p (id));\n")


def test_mysql_keys_and_indexes_name_columns_as_the_table_spells_them():
    # MySQL and MariaDB find columns without case and store a key's columns as the table
    # spells them (MariaDB 10.11's SHOW CREATE TABLE of this script: PRIMARY KEY (`Id`),
    # KEY `k1` (`DB_ID`), FOREIGN KEY (`DB_ID`) REFERENCES `p` (`ID`); `Id` NOT NULL).
    # The catalog kept the spelling of the clause: the key left Id nullable (a false
    # AK-TY009), and AK-FK001 said p.id does not exist (a false error)
    t = load_schema(MIXED_CASE, "mysql").tables["t"]
    assert t.primary_key.columns == ("Id",)
    assert not t.columns["Id"].nullable
    assert [ix.column_names for ix in t.indexes] == [("DB_ID",)]
    assert [u.columns for u in t.uniques] == [("Note",)]
    assert [(fk.columns, fk.ref_columns) for fk in t.foreign_keys] == [(("DB_ID",), ("ID",))]
    assert [r for r in findings(MIXED_CASE, "mysql")
            if r[0].startswith(("AK-FK", "AK-SQL", "AK-IX"))] == []
    # a reference to the parent created later, and an ALTER's key, are resolved too
    later = ("CREATE TABLE c (Id int NOT NULL, P_ID int);\n"
             "ALTER TABLE c ADD PRIMARY KEY (id), ADD FOREIGN KEY (p_id) REFERENCES p2 (Id);\n"
             "CREATE INDEX c_p ON c (P_id);\n"
             "CREATE TABLE p2 (ID int PRIMARY KEY);\n")
    c = load_schema(later, "mysql").tables["c"]
    assert c.primary_key.columns == ("Id",)
    assert [(fk.columns, fk.ref_columns) for fk in c.foreign_keys] == [(("P_ID",), ("ID",))]
    assert [ix.column_names for ix in c.indexes] == [("P_ID",)]
    # postgres folds unquoted names: nothing to resolve, and a quoted name stays apart
    pg = load_schema('CREATE TABLE p (id int PRIMARY KEY);\n'
                     'CREATE TABLE t (p_id int REFERENCES p ("ID"));', "postgres")
    assert pg.tables["t"].foreign_keys[0].ref_columns == ("ID",)


def test_a_dropped_materialized_view_takes_its_indexes_along():
    # Lemmy rebuilds its materialized views: the index names were never freed (11 false
    # AK-SQL003, scout N); PostgreSQL 15 runs this script without an error
    sql = ("CREATE TABLE t (id bigint PRIMARY KEY, v text);\n"
           "CREATE MATERIALIZED VIEW mv1 AS SELECT * FROM t;\n"
           "CREATE UNIQUE INDEX idx_mv1_id ON mv1 (id);\n"
           "DROP MATERIALIZED VIEW mv1;\n"
           "CREATE MATERIALIZED VIEW mv1 AS SELECT * FROM t;\n"
           "CREATE UNIQUE INDEX idx_mv1_id ON mv1 (id);\n"
           "CREATE VIEW v2 AS SELECT id, v FROM t;\n"
           "CREATE MATERIALIZED VIEW mv2 AS SELECT * FROM v2;\n"
           "CREATE UNIQUE INDEX idx_mv2_id ON mv2 (id);\n"
           "DROP VIEW v2 CASCADE;\n"
           "CREATE VIEW v2 AS SELECT id, v FROM t;\n"
           "CREATE MATERIALIZED VIEW mv2 AS SELECT * FROM v2;\n"
           "CREATE UNIQUE INDEX idx_mv2_id ON mv2 (id);\n")
    assert [r for r in findings(sql) if r[0] == "AK-SQL003"] == []
    # an index name still in use is still one
    twice = sql + "CREATE INDEX idx_mv1_id ON t (v);\n"
    assert [r for r in findings(twice) if r[0] == "AK-SQL003"] == [("AK-SQL003", 14)]


def test_tsql_alter_column_without_not_null_makes_the_column_nullable():
    # Ranger's patch 051 widens group_name so: SQL Server ("ANSI_NULL defaults are always
    # on for ALTER COLUMN; if not specified, the column is nullable") leaves it nullable
    sql = ("CREATE TABLE x_group (id bigint NOT NULL PRIMARY KEY,\n"
           "  group_name varchar(767) NOT NULL, note varchar(10) NOT NULL);\nGO\n"
           "ALTER TABLE [dbo].[x_group] ALTER COLUMN group_name nvarchar(767);\n"
           "ALTER TABLE x_group ALTER COLUMN note varchar(20) NOT NULL;\n"
           "ALTER TABLE x_group ALTER COLUMN id bigint;\nGO\n")
    cols = load_schema(sql, "tsql").tables["x_group"].columns
    assert (cols["group_name"].nullable, cols["note"].nullable, cols["id"].nullable) == \
        (True, False, False)
    found = [f for f in check(sql, dialect="tsql", cache=False) if f.rule == "AK-MG008"]
    assert [(f.line, f.object) for f in found] == [(4, "x_group.group_name")]
    assert found[0].hint == ("ALTER TABLE x_group ALTER COLUMN group_name NVARCHAR(767) "
                             "NOT NULL;")


def test_tsql_persisted_not_null_computed_column():
    # AdventureWorks' PurchaseOrderHeader.TotalDue (scout M)
    sql = ("CREATE TABLE dbo.PurchaseOrderHeader (\n"
           "  PurchaseOrderID int NOT NULL CONSTRAINT PK_POH PRIMARY KEY,\n"
           "  SubTotal money NOT NULL, TaxAmt money NOT NULL,\n"
           "  TotalDue AS ISNULL(SubTotal + TaxAmt, 0) PERSISTED NOT NULL,\n"
           "  Other AS (SubTotal * 2));\nGO\n")
    cols = load_schema(sql, "tsql").tables["purchaseorderheader"].columns
    assert (cols["totaldue"].nullable, cols["totaldue"].stored) == (False, True)
    assert cols["other"].nullable and not cols["other"].stored


def test_fk_types_number_scale_zero_and_string_lengths():
    # Ranger's Oracle core: NUMBER(20) referencing NUMBER(20,0) is one type (17 false
    # AK-FK002 errors); Ranger's and Ambari's MySQL: VARCHAR lengths may differ ("the
    # length of string types need not be the same", MySQL manual): a warning, not an error
    ora = ("CREATE TABLE p (id NUMBER(20,0) NOT NULL PRIMARY KEY);\n"
           "CREATE TABLE c (id NUMBER(20) NOT NULL PRIMARY KEY, p_id NUMBER(20) NOT NULL,\n"
           "  CONSTRAINT c_fk FOREIGN KEY (p_id) REFERENCES p (id));\n")
    assert [r for r in findings(ora, "oracle") if r[0] == "AK-FK002"] == []
    assert [r for r in findings(ora.replace("NUMBER(20) NOT NULL,", "NUMBER(19) NOT NULL,"),
                                "oracle") if r[0] == "AK-FK002"] == [("AK-FK002", 2)]
    my = ("CREATE TABLE u (id BIGINT NOT NULL PRIMARY KEY, user_name VARCHAR(767) NOT NULL,\n"
          "  UNIQUE KEY u_name (user_name));\n"
          "CREATE TABLE z (id BIGINT NOT NULL PRIMARY KEY, user_name VARCHAR(255) NOT NULL,\n"
          "  CONSTRAINT z_fk FOREIGN KEY (user_name) REFERENCES u (user_name));\n")
    (f,) = [f for f in check(my, dialect="mysql", cache=False) if f.rule == "AK-FK002"]
    assert f.severity.value == "warning" and "another length" in f.message
    # a DECIMAL of another precision is still refused by MySQL: an error
    dec = my.replace("VARCHAR(767)", "DECIMAL(12,2)").replace("VARCHAR(255)", "DECIMAL(10,2)")
    (f,) = [f for f in check(dec, dialect="mysql", cache=False) if f.rule == "AK-FK002"]
    assert f.severity.value == "error"


def test_tsql_unnamed_unique_before_default_or_check():
    # WideWorldImporters / AdventureWorks forms (scout M): the CHECK and the function
    # default were AK-SQL001 (table lost), the (0) default was dropped
    sql = ("CREATE TABLE dbo.U1 (ID int NOT NULL PRIMARY KEY, Code int NOT NULL UNIQUE DEFAULT (0));\n"
           "GO\nCREATE TABLE dbo.U2 (ID int NOT NULL PRIMARY KEY,\n"
           "  Code int NOT NULL UNIQUE CHECK (Code > 0));\nGO\n"
           "CREATE TABLE dbo.U3 (ID int NOT NULL PRIMARY KEY, RG uniqueidentifier ROWGUIDCOL\n"
           "  NOT NULL UNIQUE DEFAULT NEWSEQUENTIALID());\nGO\n")
    assert [r for r in findings(sql, "tsql") if r[0].startswith("AK-SQL")] == []
    cat = load_schema(sql, "tsql")
    assert cat.tables["u1"].columns["code"].default == "(0)"
    assert [u.columns for u in cat.tables["u2"].uniques] == [("code",)]
    assert len(cat.tables["u2"].checks) == 1
    assert cat.tables["u3"].columns["rg"].default == "NEWSEQUENTIALID()"
    # positions stay where the text has them
    assert cat.tables["u2"].columns["code"].pos.line == 4


def test_oracle_rowdependencies_and_identity_options():
    # Hive 4.1.0's Oracle transaction tables (scout L): ) ROWDEPENDENCIES kept the table as
    # raw text (7 tables lost); AS IDENTITY (ORDER) / (... CACHE 20 NOORDER) was AK-SQL001
    sql = ("CREATE TABLE COMPACTION_METRICS_CACHE (\n  CMC_DATABASE varchar(128) NOT NULL,\n"
           "  CMC_METRIC_VALUE number(10) NOT NULL\n) ROWDEPENDENCIES;\n"
           "CREATE TABLE T2 (ID NUMBER(19) NOT NULL PRIMARY KEY) NOROWDEPENDENCIES;\n"
           "CREATE TABLE TXNS (\n"
           "  TXN_ID NUMBER(19) GENERATED BY DEFAULT AS IDENTITY (ORDER) PRIMARY KEY,\n"
           "  TXN_STATE char(1) NOT NULL);\n"
           "CREATE TABLE T3 (ID NUMBER(19) GENERATED ALWAYS AS IDENTITY\n"
           "  (START WITH 1 CACHE 20 NOORDER) PRIMARY KEY, N NUMBER(10));\n")
    assert [r for r in findings(sql, "oracle") if r[0].startswith("AK-SQL")] == []
    cat = load_schema(sql, "oracle")
    assert sorted(cat.tables) == ["COMPACTION_METRICS_CACHE", "T2", "T3", "TXNS"]
    assert cat.tables["TXNS"].columns["TXN_ID"].identity
    assert cat.tables["T3"].columns["ID"].identity
    assert cat.tables["T3"].columns["N"].pos.line == 10


def test_tsql_guarded_drop_index():
    # Ranger's patch 051 (scout L): the guarded DROP INDEX was ignored, so the index made
    # again after it was 'already used' (a false AK-SQL003)
    sql = ("CREATE TABLE t (id int NOT NULL PRIMARY KEY, u nvarchar(10) NULL);\n"
           "CREATE NONCLUSTERED INDEX [t_u] ON [t] ([u] ASC);\nGO\n"
           "IF EXISTS(SELECT * FROM sys.indexes WHERE name = 't_u' AND object_id = OBJECT_ID('t'))\n"
           "BEGIN\n DROP INDEX t_u ON [dbo].[t];\nEND\nGO\n"
           " ALTER TABLE [dbo].[t] ALTER COLUMN u nvarchar(767);\n"
           " CREATE NONCLUSTERED INDEX [t_u] ON [t] ([u] ASC);\nGO\n")
    assert [r for r in findings(sql, "tsql") if r[0] == "AK-SQL003"] == []
    (ix,) = load_schema(sql, "tsql").tables["t"].indexes
    assert ix.pos.line == 10


def test_postgres_merges_a_unique_repeating_a_key_in_one_create_table():
    # Supabase Auth's users (scout N): PostgreSQL 15 makes users_pkey and users_email_key2
    # only (checked in pg_constraint); an ALTER TABLE ADD UNIQUE makes a second one
    sql = ("CREATE TABLE users (id uuid NOT NULL UNIQUE, email text UNIQUE,\n"
           "  CONSTRAINT users_pkey PRIMARY KEY (id), CONSTRAINT users_email_key2 UNIQUE (email));\n"
           "CREATE TABLE u3 (id int, UNIQUE (id), UNIQUE (id));\n"
           "CREATE TABLE u5 (id int PRIMARY KEY);\nALTER TABLE u5 ADD UNIQUE (id);\n")
    cat = load_schema(sql)
    assert [(u.name, u.columns) for u in cat.tables["users"].uniques] == \
        [("users_email_key2", ("email",))]
    assert [u.columns for u in cat.tables["u3"].uniques] == [("id",)]
    assert [u.columns for u in cat.tables["u5"].uniques] == [("id",)]
    assert [r for r in findings(sql) if r[0] == "AK-IX003"] == [("AK-IX003", 5)]


def test_postgres_alter_with_an_unnamed_check_among_other_actions():
    # Lemmy's 0264 (scout N): one unnamed ADD CHECK made sqlglot keep the whole ALTER as
    # raw text, and the column, its UNIQUE and its foreign key were lost
    sql = ("CREATE TABLE community_report (id bigint PRIMARY KEY);\n"
           "CREATE TABLE report_combined (id bigint PRIMARY KEY, post_report_id bigint,\n"
           "  CONSTRAINT report_combined_check CHECK (post_report_id IS NOT NULL));\n"
           "ALTER TABLE report_combined\n"
           "    ADD COLUMN community_report_id bigint UNIQUE REFERENCES community_report\n"
           "      ON UPDATE CASCADE ON DELETE CASCADE,\n"
           "    DROP CONSTRAINT report_combined_check,\n"
           "    ALTER CONSTRAINT report_combined_post_fkey DEFERRABLE,\n"
           "    ADD CHECK (num_nonnulls (post_report_id, community_report_id) = 1);\n")
    assert [r for r in findings(sql) if r[0].startswith("AK-SQL")] == []
    t = load_schema(sql).tables["report_combined"]
    assert list(t.columns) == ["id", "post_report_id", "community_report_id"]
    assert t.columns["community_report_id"].pos.line == 5
    assert [(f.ref_table, f.on_delete) for f in t.foreign_keys] == [("community_report", "cascade")]
    assert [u.columns for u in t.uniques] == [("community_report_id",)]
    assert [c.name for c in t.checks] == [None]
    # an action still not read keeps the statement raw text, as before
    raw = sql.replace("ALTER CONSTRAINT report_combined_post_fkey DEFERRABLE",
                      "VALIDATE CONSTRAINT c WITH FROB")
    assert [s.raw for s in load_schema(raw).statements] == [False, False, True]


def test_drop_column_drops_expression_and_partial_indexes_on_it():
    # Lemmy's idx_user_email_lower stayed after DROP COLUMN email (scout N); PostgreSQL 15
    # drops all three indexes with the column
    sql = ("CREATE TABLE person (id bigint PRIMARY KEY, name text NOT NULL, email text);\n"
           "CREATE UNIQUE INDEX idx_person_email_lower ON person (lower(email));\n"
           "CREATE INDEX idx_person_name_email ON person (name, email);\n"
           "CREATE INDEX idx_person_name_partial ON person (name) WHERE email IS NOT NULL;\n"
           "CREATE INDEX keep_literal ON person (name) WHERE name <> 'email';\n"
           "CREATE INDEX keep_expr ON person (lower(name));\n"
           "ALTER TABLE person DROP COLUMN email;\n")
    assert [i.name for i in load_schema(sql).tables["person"].indexes] == \
        ["keep_literal", "keep_expr"]


def test_migration_rules_read_quoted_names_with_spaces():
    # Northwind's "Order Details" (scout M): the name was cut at the space, so the ALTER
    # looked like a migration of a table 'order' the input never created (AK-MG007)
    sql = ('CREATE TABLE "Order Details" (OrderID int NOT NULL PRIMARY KEY)\ngo\n'
           'ALTER TABLE "Order Details" NOCHECK CONSTRAINT ALL\ngo\n'
           "ALTER TABLE [Order Details] CHECK CONSTRAINT ALL\ngo\n")
    assert [r for r in findings(sql, "tsql") if r[0].startswith("AK-MG")] == []
    assert ("AK-MG007", 1) in findings("ALTER TABLE [Order Details] CHECK CONSTRAINT ALL\n",
                                       "tsql")


def test_sqlite_primary_key_columns_take_null_unless_rowid_or_without_rowid():
    # sqlite3 stores two NULL CustomerIDs in the Northwind port (scout M): only an INTEGER
    # PRIMARY KEY (the rowid) or a WITHOUT ROWID table's key is NOT NULL (sqlite.org)
    sql = ("CREATE TABLE Customers (CustomerID TEXT, CompanyName TEXT NOT NULL,\n"
           "  PRIMARY KEY (CustomerID));\n"
           "CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT);\n"
           "CREATE TABLE b (id TEXT PRIMARY KEY, x TEXT) WITHOUT ROWID;\n"
           "CREATE TABLE c (id INT PRIMARY KEY);\n"
           "CREATE TABLE d (id TEXT NOT NULL PRIMARY KEY);\n"
           "CREATE TABLE e (a INTEGER, b INTEGER, PRIMARY KEY (a, b));\n"
           'CREATE TABLE f ("id" integer, PRIMARY KEY ("id"));\n')
    cat = load_schema(sql, "sqlite")
    nullable = {k: [c.nullable for c in t.columns.values()] for k, t in cat.tables.items()}
    assert nullable == {"customers": [True, False], "a": [False, True], "b": [False, True],
                        "c": [True], "d": [False], "e": [True, True], "f": [False]}
    # every other engine: a key's columns are NOT NULL
    assert not load_schema("CREATE TABLE c (id INT PRIMARY KEY);").tables["c"].columns["id"].nullable


def test_tsql_sp_addtype_alias_types():
    # pubs (scout M): EXEC sp_addtype was not read, so tid columns had no type and lost
    # the NOT NULL the alias gives a column that says neither NULL nor NOT NULL
    sql = ("EXECUTE sp_addtype tid, 'varchar(6)', 'NOT NULL'\nGO\n"
           "EXEC sp_addtype @typename = id_code, @phystype = 'char(4)'\nGO\n"
           "CREATE TABLE titles (title_id tid CONSTRAINT UPKCL_titleidind PRIMARY KEY CLUSTERED,\n"
           "  title varchar(80) NOT NULL)\nGO\n"
           "CREATE TABLE roysched (title_id tid REFERENCES titles(title_id), royalty int NULL,\n"
           "  a tid NULL, b id_code)\nGO\n")
    cols = load_schema(sql, "tsql").tables["roysched"].columns
    assert (cols["title_id"].type, cols["title_id"].params, cols["title_id"].nullable) == \
        ("varchar", ("6",), False)
    assert cols["a"].nullable and cols["b"].nullable and cols["b"].type == "char"
    assert [r for r in findings(sql, "tsql") if r[0] in ("AK-TY009", "AK-FK002")] == []


def test_postgres_alter_table_set_schema_moves_the_table():
    # scout N: SET SCHEMA was raw text, so the table stayed under its old name (a false
    # 'already created' when the name was used again) and its later changes were taken
    # for migrations of a table the input did not create (AK-MG002 / MG004)
    sql = ("CREATE SCHEMA s2;\nCREATE TABLE ex (id bigint PRIMARY KEY, v text NOT NULL);\n"
           "ALTER TABLE ex SET SCHEMA s2;\nALTER TABLE s2.ex ADD COLUMN w text;\n"
           "CREATE INDEX ex_w_idx ON s2.ex (w);\nALTER TABLE s2.ex RENAME COLUMN v TO v2;\n"
           "CREATE TABLE ex (id bigint PRIMARY KEY);\n")
    assert [r for r in findings(sql) if r[0].startswith(("AK-SQL", "AK-MG"))] == []
    cat = load_schema(sql)
    assert list(cat.tables["s2.ex"].columns) == ["id", "v2", "w"]
    assert [i.table for i in cat.tables["s2.ex"].indexes] == ["s2.ex"]
    assert list(cat.tables["ex"].columns) == ["id"]


def test_migration_rules_follow_alter_index_rename():
    # Lemmy's 0192 (scout N): an index this input made, renamed, then dropped is no
    # migration of a live table (AK-MG004 / MG007 were raised on the drop)
    sql = ("CREATE TABLE comment_like (id bigint PRIMARY KEY, person_id bigint);\n"
           "CREATE INDEX idx_comment_like_user ON comment_like (person_id);\n"
           "ALTER INDEX idx_comment_like_user RENAME TO idx_comment_like_person;\n"
           "DROP INDEX idx_comment_like_person;\n")
    assert [r for r in findings(sql) if r[0].startswith("AK-MG")] == []
    # an index the input did not make is still a migration when dropped
    assert ("AK-MG004", 1) in findings("ALTER INDEX other_ix RENAME TO x;\nDROP INDEX x;\n"
                                       .split("\n", 1)[1])


def test_ddl_inside_a_routine_body_is_noted():
    # Ranger's postgres patches (scout L): a function adds a column and a key, and is then
    # called; the catalog does not follow the body, and now says so (AK-SQL002, info)
    sql = ("CREATE TABLE x_user (id bigint PRIMARY KEY, user_name text NOT NULL);\n"
           "CREATE OR REPLACE FUNCTION add_column_in_x_user()\nRETURNS void AS $$\n"
           "BEGIN\n  ALTER TABLE x_user ADD COLUMN sync_source TEXT;\nEND;\n"
           "$$ LANGUAGE plpgsql;\nselect add_column_in_x_user();\n"
           "CREATE FUNCTION touch() RETURNS trigger AS $$\nBEGIN\n"
           "  CREATE TEMP TABLE scratch (x int);\n  NEW.updated = now(); RETURN NEW;\n"
           "END;\n$$ LANGUAGE plpgsql;\n")
    found = [f for f in check(sql, cache=False) if f.rule == "AK-SQL002" and " runs " in f.message]
    assert [(f.line, f.severity.value) for f in found] == [(2, "info")]
    assert "runs ALTER TABLE" in found[0].message     # (a TEMP TABLE changes no schema)


def test_tsql_secondary_xml_indexes_are_not_duplicates_of_the_primary():
    # AdventureWorks (scout M): USING XML INDEX p FOR PATH / VALUE was blanked, so the
    # secondary indexes looked like copies of the primary one (3 AK-IX001 hints to drop
    # them)
    sql = ("CREATE TABLE dbo.Person (BusinessEntityID int NOT NULL CONSTRAINT PK_Person\n"
           "  PRIMARY KEY CLUSTERED, Demographics xml NULL);\nGO\n"
           "CREATE PRIMARY XML INDEX PXML_Person_Demographics ON dbo.Person (Demographics);\nGO\n"
           "CREATE XML INDEX XMLPATH_Person_Demographics ON dbo.Person (Demographics)\n"
           "USING XML INDEX PXML_Person_Demographics FOR PATH;\nGO\n"
           "CREATE XML INDEX XMLVALUE_Person_Demographics ON dbo.Person (Demographics)\n"
           "USING XML INDEX PXML_Person_Demographics FOR VALUE;\nGO\n")
    assert [r for r in findings(sql, "tsql") if r[0].startswith("AK-IX")] == []
    methods = [i.method for i in load_schema(sql, "tsql").tables["person"].indexes]
    assert methods == ["xml", "xml path", "xml value"]
    # the same secondary index twice is still a duplicate
    twice = sql + ("CREATE XML INDEX X2 ON dbo.Person (Demographics)\n"
                   "USING XML INDEX PXML_Person_Demographics FOR VALUE;\nGO\n")
    assert [r[0] for r in findings(twice, "tsql") if r[0] == "AK-IX001"] == ["AK-IX001"]


def test_pk003_on_sql_server_keys():
    # scout M: SQL Server refuses ALTER COLUMN of a key's column, so the hint drops and
    # re-adds the key around it. (A tinyint key is a lookup table's, not reported: scout AK)
    sql = ("CREATE TABLE t (id int NOT NULL CONSTRAINT PK_t PRIMARY KEY, x int)\nGO\n"
           "CREATE TABLE s (id smallint NOT NULL PRIMARY KEY)\nGO\n"
           "CREATE TABLE u (id tinyint NOT NULL PRIMARY KEY)\nGO\n")
    t, s = [f for f in check(sql, dialect="tsql", cache=False) if f.rule == "AK-PK003"]
    assert t.hint.startswith("ALTER TABLE t DROP CONSTRAINT PK_t; ALTER TABLE t ALTER COLUMN "
                             "id BIGINT NOT NULL; ALTER TABLE t ADD CONSTRAINT PK_t PRIMARY KEY (id);")
    assert "2^15 values" in s.message and "ADD PRIMARY KEY (id)" in s.hint
    (my,) = [f for f in check("CREATE TABLE s (id smallint NOT NULL PRIMARY KEY);",
                              dialect="mysql", cache=False) if f.rule == "AK-PK003"]
    assert "2^15 values" in my.message and my.hint.startswith("ALTER TABLE s MODIFY")


def test_oracle_refuses_types_it_does_not_have():
    # Ambari's Oracle script writes BIGINT (scout L): ORA-00902 invalid datatype; sqlglot
    # reads BIGINT, and TEXT as a CLOB, so nothing was said
    sql = ("CREATE TABLE registries (\n id BIGINT NOT NULL,\n registy_name VARCHAR(255) NOT NULL,\n"
           " CONSTRAINT PK_registries PRIMARY KEY (id));\n"
           "CREATE TABLE t2 (id NUMBER(19) NOT NULL PRIMARY KEY, note TEXT);\n"
           "CREATE TABLE ok (id NUMBER(19) PRIMARY KEY, text_col VARCHAR2(10),\n"
           "  note VARCHAR2(10) DEFAULT 'TEXT', bigint_flag NUMBER(1));\n")
    found = [f for f in check(sql, dialect="oracle", cache=False) if f.rule == "AK-SQL003"]
    assert [(f.line, f.object) for f in found] == [(2, "REGISTRIES.ID"), (5, "T2.NOTE")]
    assert "ORA-00902" in found[0].message and "NUMBER(19)" in found[0].hint
    # the same types are fine elsewhere
    assert not [f for f in check(sql.replace("NUMBER", "NUMERIC").replace("VARCHAR2", "VARCHAR"),
                                 dialect="mysql", cache=False) if f.rule == "AK-SQL003"]


def test_a_table_key_named_after_itself_is_no_reference_to_its_namesake():
    # WideWorldImporters' OnDisk / InMemory VehicleLocations (scout M): each table's own key
    # was taken for a missing foreign key to the other schema's table (AK-FK005)
    sql = ("CREATE SCHEMA OnDisk;\nCREATE SCHEMA InMemory;\n"
           "CREATE TABLE OnDisk.VehicleLocations (VehicleLocationID bigint PRIMARY KEY);\n"
           "CREATE TABLE InMemory.VehicleLocations (VehicleLocationID bigint PRIMARY KEY);\n"
           "CREATE TABLE Trips (id bigint PRIMARY KEY, VehicleLocationID bigint);\n")
    assert [f.object for f in check(sql, cache=False) if f.rule == "AK-FK005"] == \
        ["trips.vehiclelocationid"]


def test_snowflake_limited_keywords_are_not_reserved():
    # scout N: Snowflake-Labs' app names columns DATABASE, SCHEMA and USER unquoted and
    # deploys; Snowflake limits DATABASE / SCHEMA only in SHOW commands
    sql = ("CREATE OR REPLACE TABLE METADATA.SOURCES (SOURCE_ID INT PRIMARY KEY,\n"
           "  DATABASE VARCHAR(255), SCHEMA VARCHAR(255), USER VARCHAR, QUALIFY INT);\n")
    assert [f.object for f in check(sql, dialect="snowflake", cache=False)
            if f.rule == "AK-NM002"] == ["METADATA.SOURCES.QUALIFY"]


def test_a_table_renamed_in_its_schema_then_moved_is_still_the_inputs_own():
    # found by the A/B: RENAME TO keeps the schema (app.app_users2), so the SET SCHEMA
    # after it moves a table this input made (no AK-MG002)
    sql = ("CREATE SCHEMA app;\nCREATE TABLE app.users (id bigint PRIMARY KEY);\n"
           "ALTER TABLE app.users RENAME TO app_users2;\n"
           "ALTER TABLE app.app_users2 SET SCHEMA public;\n")
    assert [r for r in findings(sql) if r[0].startswith("AK-MG")] == []
    assert list(load_schema(sql).tables) == ["app_users2"]


def test_ddl_text_in_a_string_is_no_routine_ddl():
    # tSQLt's functions build DROP TABLE commands as strings (the A/B): not noted
    sql = ("CREATE FUNCTION dbo.GetDropItemCmd (@Name NVARCHAR(MAX)) RETURNS TABLE AS\n"
           "RETURN SELECT 'DROP TABLE ' + @Name + ';' AS cmd;\nGO\n")
    assert not [f for f in check(sql, dialect="tsql", cache=False) if " runs " in f.message]


def test_tsql_always_encrypted_columns_and_execute_as():
    # WideWorldImporters (scout M): ENCRYPTED WITH (...) lost the table (AK-SQL001);
    # EXECUTE AS USER = '...' was AK-SQL001 too; both are valid and change no schema
    sql = ("CREATE TABLE dbo.Supplier_PrivateDetails (\n"
           "  SupplierID int NOT NULL CONSTRAINT PK_Supplier_PrivateDetails PRIMARY KEY,\n"
           "  NationalID nvarchar(30) COLLATE Latin1_General_BIN2\n"
           "    ENCRYPTED WITH (COLUMN_ENCRYPTION_KEY = WWI_ColumnEncryptionKey,\n"
           "                    ENCRYPTION_TYPE = DETERMINISTIC,\n"
           "                    ALGORITHM = 'AEAD_AES_256_CBC_HMAC_SHA_256') NULL);\nGO\n"
           "EXECUTE AS USER = 'GreatLakesUser';\nGO\nREVERT;\nGO\n")
    assert [r for r in findings(sql, "tsql") if r[0].startswith("AK-SQL")] == []
    cols = load_schema(sql, "tsql").tables["supplier_privatedetails"].columns
    assert list(cols) == ["supplierid", "nationalid"] and cols["nationalid"].nullable


def test_tsql_refuses_a_key_on_a_nullable_column_and_an_index_on_a_max_column():
    # scout M: both passed silently (archkit made ACode NOT NULL, as postgres would)
    sql = ("CREATE TABLE dbo.B (BID int NOT NULL, ACode nvarchar(20) NULL, Body nvarchar(max) NULL);\n"
           "GO\nALTER TABLE dbo.B ADD CONSTRAINT PK_B PRIMARY KEY (ACode);\nGO\n"
           "CREATE INDEX IX_B_Body ON dbo.B (Body);\nGO\n"
           "CREATE INDEX IX_B_Inc ON dbo.B (BID) INCLUDE (Body);\nGO\n")
    found = [f for f in check(sql, dialect="tsql", cache=False) if f.rule == "AK-SQL003"]
    assert [f.line for f in found] == [3, 5]
    assert "refuses a key on a nullable column" in found[0].message
    assert "refuses as an index key" in found[1].message
    t = load_schema(sql, "tsql").tables["b"]
    assert t.primary_key is None and t.columns["acode"].nullable
    assert [i.name for i in t.indexes] == ["ix_b_inc"]
    # postgres makes the column NOT NULL instead
    pg = load_schema(sql.replace("nvarchar(max)", "text").replace("GO\n", ""), "postgres")
    b = pg.tables["dbo.b"]
    assert b.primary_key is not None and not b.columns["acode"].nullable


def test_temporary_tables_in_a_procedure_are_no_routine_ddl():
    # tSQLt's runner makes #temporary tables (the final A/B): not noted
    sql = ("CREATE PROCEDURE dbo.RunTest AS\nBEGIN\n  CREATE TABLE #TestMessage(Msg NVARCHAR(MAX));\n"
           "  DROP TABLE IF EXISTS #TestMessage;\nEND;\nGO\n"
           "CREATE PROCEDURE dbo.Widen AS\nBEGIN\n  ALTER TABLE dbo.t ADD c int;\nEND;\nGO\n")
    found = [f.line for f in check(sql, dialect="tsql", cache=False) if " runs " in f.message]
    assert found == [7]


def test_tsql_add_of_several_constraints_with_default_for_is_read_item_by_item():
    # FreeRADIUS' mssql schema (SSMS style): one ADD of named defaults and the primary key;
    # sqlglot kept it raw, so all 8 tables had a false AK-PK001 error and ~45 defaults
    # were lost (scout O)
    sql = ("CREATE TABLE [radcheck] (\n\t[id] [int] IDENTITY (1, 1) NOT NULL ,\n"
           "\t[username] [varchar] (64) NOT NULL ,\n\t[op] [char] (2) NULL\n) ON [PRIMARY]\nGO\n"
           "ALTER TABLE [radcheck] WITH NOCHECK ADD\n"
           "\tCONSTRAINT [DF_radcheck_username] DEFAULT ('') FOR [username],\n"
           "\tCONSTRAINT [DF_radcheck_op] DEFAULT (N'==') FOR [op],\n"
           "\tCONSTRAINT [PK_radcheck] PRIMARY KEY NONCLUSTERED\n\t(\n\t\t[id]\n\t) ON [PRIMARY]\nGO\n")
    t = load_schema(sql, "tsql").tables["radcheck"]
    assert t.primary_key.columns == ("id",) and t.primary_key.pos.line == 10
    assert (t.columns["username"].default, t.columns["op"].default) == ("('')", "(N'==')")
    assert [r for r in findings(sql, "tsql") if r[0] in ("AK-PK001", "AK-SQL002")] == []


def test_oracle_default_on_null_is_read_and_makes_the_column_not_null():
    # FreeRADIUS' ippool schema (Oracle 12c): DEFAULT ON NULL seq.NEXTVAL was AK-SQL001 and
    # the table was lost (scout O); ON NULL implies NOT NULL (Oracle's CREATE TABLE)
    sql = ("CREATE SEQUENCE fr_ippool_seq START WITH 1 INCREMENT BY 1;\n"
           "CREATE TABLE fr_ippool (\n\tid INT DEFAULT ON NULL fr_ippool_seq.NEXTVAL PRIMARY KEY,\n"
           "\tpool_name VARCHAR(30) NOT NULL,\n"
           "\thits NUMBER DEFAULT ON NULL FOR INSERT AND UPDATE 0,\n\tnote VARCHAR2(20) DEFAULT 'x'\n);\n"
           "ALTER TABLE fr_ippool ADD (k NUMBER DEFAULT ON NULL FOR INSERT ONLY 5);\n")
    t = load_schema(sql, "oracle").tables["FR_IPPOOL"]
    assert {n: (c.nullable, c.default) for n, c in t.columns.items()} == {
        "ID": (False, "fr_ippool_seq.NEXTVAL"), "POOL_NAME": (False, None),
        "HITS": (False, "0"), "NOTE": (True, "'x'"), "K": (False, "5")}
    assert [r for r in findings(sql, "oracle") if r[0].startswith("AK-SQL")] == []


def test_oracle_refuses_a_second_index_on_an_indexed_column_list():
    # FreeRADIUS' oracle schema indexes a UNIQUE column again: ORA-01408 "such column list
    # already indexed" (Oracle's CREATE INDEX); it was an AK-IX003 warning (scout O)
    sql = ("CREATE TABLE radgroupcheck (id INT PRIMARY KEY, groupname VARCHAR(64) NOT NULL UNIQUE,\n"
           "  attribute VARCHAR(64));\n"
           "CREATE INDEX radgroupcheck_idx1 ON radgroupcheck(groupname);\n"
           "CREATE INDEX radgroupcheck_idx2 ON radgroupcheck(attribute);\n"
           "CREATE INDEX radgroupcheck_idx3 ON radgroupcheck(attribute);\n"
           "CREATE INDEX radgroupcheck_idx4 ON radgroupcheck(attribute) INVISIBLE;\n"
           "CREATE BITMAP INDEX radgroupcheck_bm ON radgroupcheck(attribute);\n"
           "CREATE INDEX radgroupcheck_idx5 ON radgroupcheck(attribute, groupname);\n")
    assert [r for r in findings(sql, "oracle") if r[0] in ("AK-SQL003", "AK-IX003")] == [
        ("AK-SQL003", 3), ("AK-SQL003", 5)]
    t = load_schema(sql, "oracle").tables["RADGROUPCHECK"]
    assert [ix.name for ix in t.indexes] == ["RADGROUPCHECK_IDX2", "RADGROUPCHECK_IDX4",
                                             "RADGROUPCHECK_BM", "RADGROUPCHECK_IDX5"]
    # other engines take it, and AK-IX003 says it repeats the key
    assert ("AK-IX003", 3) in findings(sql, "postgres")


def test_sql_server_extended_property_descriptions_are_comments():
    # AdventureWorks (positional) and WideWorldImporters (named, 'Description') describe
    # every table and column with sp_addextendedproperty: AK-DOC001 ignored them, and its
    # hint named schema dbo for any table
    sql = ("CREATE TABLE [Person].[Address] ([AddressID] int NOT NULL PRIMARY KEY,\n"
           "  [City] nvarchar(30) NOT NULL, [Supplier Key] int NULL);\nGO\n"
           "EXEC sys.sp_addextendedproperty @name=N'MS_Description', @value=N'Street address "
           "of the customer''s home.' , @level0type=N'SCHEMA',@level0name=N'Person', "
           "@level1type=N'TABLE',@level1name=N'Address'\nGO\n"
           "EXECUTE [sys].[sp_addextendedproperty] N'MS_Description', N'Name of the city.', "
           "N'SCHEMA', [Person], N'TABLE', [Address], N'COLUMN', [City];\nGO\n"
           "EXECUTE sp_addextendedproperty @name = N'Description', @value = 'DW key', "
           "@level0type = N'SCHEMA', @level0name = N'Person', @level1type = N'TABLE', "
           "@level1name = N'Address', @level2type = N'COLUMN', @level2name = N'Supplier Key';\n"
           "GO\nEXECUTE sp_addextendedproperty @name = N'Description', @value = 'an index', "
           "@level0type = N'SCHEMA', @level0name = N'Person', @level1type = N'TABLE', "
           "@level1name = N'Address', @level2type = N'INDEX', @level2name = N'IX';\n"
           "CREATE TABLE [Sales].[Orders] ([OrderID] bigint NOT NULL PRIMARY KEY);\n")
    t = load_schema(sql, "tsql").tables["person.address"]
    assert t.comment == "Street address of the customer's home."
    assert {n: c.comment for n, c in t.columns.items()} == {
        "addressid": None, "city": "Name of the city.", "supplier key": "DW key"}
    found = check(sql, dialect="tsql", config={"rules": {"AK-DOC001": "info"}}, cache=False)
    [doc] = [f for f in found if f.rule == "AK-DOC001"]
    assert doc.object == "sales.orders"
    assert doc.hint == ("EXEC sp_addextendedproperty 'MS_Description', 'One row per orders ...', "
                        "'SCHEMA', 'Sales', 'TABLE', 'Orders';")
    assert not [f for f in found if f.rule == "AK-SQL002"]
