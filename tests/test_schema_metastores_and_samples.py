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
