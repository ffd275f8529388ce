"""Forms the install and upgrade scripts of Java frameworks use (Quartz, Spring Batch,
Spring Session, Flowable: one script per engine; scout G's report): each is read as the
engine reads it, and the migration rules judge what they really do."""

from __future__ import annotations

from archkit.schema import load_schema
from archkit.schema.check import check


def rules(sql: str, rule: str, dialect: str = "postgres") -> list[tuple[int, str]]:
    return sorted((f.line, f.object) for f in check(sql, dialect=dialect, cache=False)
                  if f.rule == rule)


def test_mysql_add_column_list():
    # Flowable's 7.0.0 -> 7.0.1 upgrade: ALTER TABLE t ADD [COLUMN] (c ..., d ...), a form
    # the MySQL and MariaDB manuals list; it was AK-SQL001, the columns lost, and every
    # index on them a false AK-SQL003
    sql = ("CREATE TABLE act_ru_task (id_ varchar(64) NOT NULL PRIMARY KEY) ENGINE=InnoDB;\n"
           "ALTER TABLE act_ru_task ADD COLUMN (state_ varchar(255), in_progress_time_ datetime(3));\n"
           "ALTER TABLE act_ru_task ADD (claimed_by_ varchar(255) NOT NULL);\n"
           "CREATE INDEX act_ru_task_state_idx ON act_ru_task (state_);\n")
    for dialect in ("mysql", "mariadb"):
        found = check(sql, dialect=dialect, cache=False)
        assert [f.rule for f in found if f.rule.startswith("AK-SQL")] == []
        cols = load_schema(sql, dialect).tables["act_ru_task"].columns
        assert list(cols) == ["id_", "state_", "in_progress_time_", "claimed_by_"]
        assert (cols["state_"].pos.line, cols["state_"].pos.col) == (2, 37)
        assert not cols["claimed_by_"].nullable
    # a list followed by another clause is not read (reported as unanalysed, as before)
    assert rules("CREATE TABLE t (id int PRIMARY KEY);\n"
                 "ALTER TABLE t ADD (a int), ADD INDEX ix (a);\n", "AK-SQL002", "mysql") == [
        (2, "ALTER TABLE at line 2")]


def test_oracle_rename_statement_renames_the_table():
    # Zabbix's history_pk_prepare.sql (RENAME history TO history_old, then a new history)
    # and Spring Batch's 6.0 migration: the old table kept its name, so the new CREATE
    # was a false "already created" (AK-SQL003) and the rename no AK-MG002
    sql = ("CREATE TABLE history (itemid number(20) NOT NULL, clock number(10) NOT NULL,\n"
           "  CONSTRAINT pk_history PRIMARY KEY (itemid, clock));\n"
           "RENAME history TO history_old;\n"
           "CREATE TABLE history (itemid number(20) NOT NULL, clock number(10) NOT NULL,\n"
           "  ns number(10) NOT NULL, CONSTRAINT pk_history2 PRIMARY KEY (itemid, clock, ns));\n")
    found = check(sql, dialect="oracle", cache=False)
    assert [f.rule for f in found if f.rule.startswith(("AK-SQL", "AK-MG"))] == []
    cat = load_schema(sql, "oracle")
    assert sorted(cat.tables) == ["HISTORY", "HISTORY_OLD"]
    assert cat.tables["HISTORY_OLD"].primary_key.name == "PK_HISTORY"
    # a table of an earlier migration: a breaking rename
    assert rules("RENAME history TO history_old;\n", "AK-MG002", "oracle") == [(1, "HISTORY")]


def test_tsql_add_default_for_without_a_space():
    # Flowable's mssql upgrade: ADD DEFAULT('') FOR c (SQL Server needs no space); it was
    # raw text, the default lost and the table made unjudged (no AK-SQL003 after it)
    sql = ("CREATE TABLE t (id int PRIMARY KEY, a nvarchar(10), b int, c int);\n"
           "alter table t add default('') for a;\n"
           "ALTER TABLE t ADD CONSTRAINT df_b DEFAULT(0)FOR b;\n"
           "ALTER TABLE t ADD DEFAULT 5 FOR c;\n"
           "CREATE INDEX t_nope_idx ON t (nope);\n")
    t = load_schema(sql, "tsql").tables["t"]
    assert {c.name: c.default for c in t.columns.values()} == {
        "id": None, "a": "('')", "b": "(0)", "c": "5"}
    assert "opaque" not in t.options
    assert rules(sql, "AK-SQL003", "tsql") == [(5, "t.nope")]


QUARTZ_TSQL = (
    "IF EXISTS (SELECT * FROM dbo.sysobjects WHERE id = OBJECT_ID(N'[dbo].[FK_B_A]') "
    "AND OBJECTPROPERTY(id, N'ISFOREIGNKEY') = 1)\n"
    "ALTER TABLE [dbo].[B] DROP CONSTRAINT FK_B_A\nGO\n"
    "IF EXISTS (SELECT * FROM dbo.sysobjects WHERE id = OBJECT_ID(N'[dbo].[A]') "
    "AND OBJECTPROPERTY(id, N'ISUSERTABLE') = 1)\nDROP TABLE [dbo].[A]\nGO\n"
    "IF EXISTS (SELECT * FROM dbo.sysobjects WHERE id = OBJECT_ID(N'[dbo].[B]') "
    "AND OBJECTPROPERTY(id, N'ISUSERTABLE') = 1)\nDROP TABLE [dbo].[B]\nGO\n"
    "CREATE TABLE [dbo].[A] ([ID] [INT] NOT NULL PRIMARY KEY)\nGO\n"
    "CREATE TABLE [dbo].[B] ([ID] [INT] NOT NULL PRIMARY KEY, [A_ID] [INT] NOT NULL)\nGO\n")


def test_install_scripts_that_drop_and_create_are_not_migrations():
    # Quartz's SQL Server script drops the foreign keys, then the tables, then creates
    # them, each guarded: the tables an earlier guarded ALTER named were AK-MG001 (5
    # false errors); the postgres form (ALTER TABLE IF EXISTS, DROP TABLE IF EXISTS)
    # was quiet already
    assert [f.rule for f in check(QUARTZ_TSQL, dialect="tsql", cache=False)
            if f.rule.startswith("AK-MG")] == []
    # Oracle before 23ai has no DROP TABLE IF EXISTS: a plain drop before the CREATE is
    # the only way to write the script (Quartz: 11 false errors per file)
    assert rules("drop table a;\ncreate table a (id number(19) primary key);\n",
                 "AK-MG001", "oracle") == []
    # where IF EXISTS exists, a plain DROP TABLE then CREATE TABLE still loses the rows
    assert rules("drop table a;\ncreate table a (id int primary key);\n", "AK-MG001") == [
        (1, "a")]
    # and a guarded ALTER of a table no later statement creates is a change
    assert rules("IF OBJECT_ID('dbo.C') IS NOT NULL\nALTER TABLE dbo.C DROP COLUMN x\n",
                 "AK-MG001", "tsql") == [(2, "c.x")]


def test_sqlite_alter_forms_sqlite_refuses_are_errors():
    # Spring Batch's migration-sqlite.sql (MySQL's MODIFY) and forms from other engines:
    # sqlite3 3.40 refuses each ('near "ALTER": syntax error', 'Cannot add a UNIQUE
    # column'); they passed quietly and changed the catalog
    sql = ("CREATE TABLE p (id INTEGER PRIMARY KEY, type_cd VARCHAR(6) NOT NULL, k TEXT);\n"
           "ALTER TABLE p ALTER COLUMN type_cd TYPE VARCHAR(100);\n"
           "ALTER TABLE p ADD CONSTRAINT p_k_uq UNIQUE (k);\n"
           "ALTER TABLE p ADD COLUMN code TEXT UNIQUE;\n"
           "ALTER TABLE p MODIFY COLUMN k parameter_name VARCHAR(100);\n"
           "ALTER TABLE p ALTER COLUMN k DROP DEFAULT;\n")
    found = [(f.line, f.col) for f in check(sql, dialect="sqlite", cache=False)
             if f.rule == "AK-SQL001"]
    assert found == [(2, 28), (3, 30), (4, 26), (5, 15), (6, 28)]
    t = load_schema(sql, "sqlite").tables["p"]
    assert t.columns["type_cd"].raw_type == "VARCHAR(6)" and t.uniques == []
    assert list(t.columns) == ["id", "type_cd", "k"]
    # what SQLite runs: renames, ADD / DROP COLUMN, and (newest releases) SET / DROP NOT
    # NULL and ADD CONSTRAINT ... CHECK
    ok = ("CREATE TABLE q (id INTEGER PRIMARY KEY, a TEXT);\n"
          "ALTER TABLE q ADD COLUMN b INTEGER REFERENCES q (id);\n"
          "ALTER TABLE q RENAME COLUMN a TO c;\nALTER TABLE q DROP COLUMN b;\n"
          "ALTER TABLE q ALTER COLUMN c SET NOT NULL;\n"
          "ALTER TABLE q ADD CONSTRAINT c_ck CHECK (length(c) > 0);\n"
          "ALTER TABLE q RENAME TO r;\n")
    assert [f for f in check(ok, dialect="sqlite", cache=False) if f.rule == "AK-SQL001"] == []
    # a column named change, added without a type (raw text to sqlglot), is no MODIFY
    assert rules("CREATE TABLE t (id INTEGER PRIMARY KEY);\n"
                 "ALTER TABLE t ADD COLUMN change DEFAULT 1;", "AK-SQL001", "sqlite") == []
    # other engines take them
    assert rules(sql.replace("MODIFY COLUMN k parameter_name", "ALTER COLUMN k TYPE"),
                 "AK-SQL001") == []


def test_type_changes_say_when_they_rewrite():
    # Spring Batch 5.0 widens varchar(6) to varchar(100): PostgreSQL 15 keeps the same
    # relfilenode (no rewrite). The old type is in an earlier migration, so the finding
    # stays, saying when it does not rewrite
    [f] = [f for f in check("ALTER TABLE batch_job_execution_params ALTER COLUMN type_cd "
                            "TYPE VARCHAR(100);", cache=False) if f.rule == "AK-MG006"]
    assert f.message.endswith("unless it only widens the column (a longer varchar): that "
                              "changes the catalog only")
    [g] = [f for f in check("ALTER TABLE t ALTER COLUMN c TYPE bigint;", cache=False)
           if f.rule == "AK-MG006"]
    assert g.message.endswith("rewrites the table")
    # Oracle's MODIFY widens in the data dictionary, or refuses what the rows do not fit
    assert rules("ALTER TABLE batch_job_execution MODIFY (job_name VARCHAR2(100 char));",
                 "AK-MG006", "oracle") == []


def test_a_column_added_renamed_and_retyped_in_one_migration():
    # Flowable 5.14 -> 5.15 (mysql): add a temporary column, copy, drop the old one, give
    # the new one the old name with the same type. Renaming a column no code knows yet
    # breaks nothing, and restating its type changes nothing
    sql = ("alter table ACT_RE_DEPLOYMENT add DEPLOY_TIME_TEMP_ timestamp(3);\n"
           "update ACT_RE_DEPLOYMENT set DEPLOY_TIME_TEMP_ = DEPLOY_TIME_;\n"
           "alter table ACT_RE_DEPLOYMENT drop COLUMN DEPLOY_TIME_;\n"
           "alter table ACT_RE_DEPLOYMENT CHANGE DEPLOY_TIME_TEMP_ DEPLOY_TIME_ timestamp(3);\n")
    found = [(f.rule, f.line) for f in check(sql, dialect="mysql", cache=False)
             if f.rule.startswith("AK-MG")]
    assert ("AK-MG001", 3) in found          # the old column's data goes (copied, but gone)
    assert [r for r in found if r[0] in ("AK-MG002", "AK-MG006")] == []
    # a column of an earlier migration: still a rename and a type change
    later = "alter table ACT_RE_DEPLOYMENT CHANGE DEPLOY_TIME_ DEPLOY_AT_ datetime(3);\n"
    assert {f.rule for f in check(later, dialect="mysql", cache=False)} >= {
        "AK-MG002", "AK-MG006"}
    # postgres: ADD then RENAME COLUMN, and a new type for the added column
    pg = ("ALTER TABLE t ADD COLUMN c_tmp bigint;\nALTER TABLE t RENAME COLUMN c_tmp TO c2;\n"
          "ALTER TABLE t ALTER COLUMN c2 TYPE bigint;\nALTER TABLE t ALTER COLUMN c2 TYPE text;\n")
    assert [(f.rule, f.line) for f in check(pg, cache=False)
            if f.rule in ("AK-MG002", "AK-MG006")] == [("AK-MG006", 4)]


def test_mysql_drop_primary_key_then_add_one():
    # Hydra's and the online-key-change form: DROP PRIMARY KEY (sqlglot's DropPrimaryKey
    # action) was not applied, so the new key silently replaced the old; with the second
    # key refused (AK-SQL003) it would have been a false error
    sql = ("CREATE TABLE orders (id int, created int, user_id int, PRIMARY KEY (id, created));\n"
           "ALTER TABLE orders DROP PRIMARY KEY, ADD PRIMARY KEY (id, created, user_id);\n"
           "CREATE TABLE h (id int PRIMARY KEY, x int);\nALTER TABLE h DROP PRIMARY KEY;\n")
    cat = load_schema(sql, "mysql")
    assert cat.tables["orders"].primary_key.columns == ("id", "created", "user_id")
    assert cat.tables["h"].primary_key is None and cat.conflicts == []
