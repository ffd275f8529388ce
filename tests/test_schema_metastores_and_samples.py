"""Forms in Apache Ranger's, Hive's and Ambari's metastore DDL (scout L), Microsoft's SQL
Server samples and their ports (scout M) and Supabase's and Lemmy's migrations (scout N):
each read as the engine reads it, with no finding a DBA would not defend."""

from __future__ import annotations

from archkit.schema import load_schema
from archkit.schema.check import check
from archkit.schema.split import split_sql


def findings(sql: str, dialect: str = "postgres") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in check(sql, dialect=dialect, cache=False)]


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
    assert [r for r in findings(sql, "mysql") if r[0].startswith(("AK-FK", "AK-SQL"))] == []
