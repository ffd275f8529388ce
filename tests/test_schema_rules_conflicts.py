"""AK-SQL003: statements the database would refuse because of what came before them.

Each case that fires has a twin that passes: the same schema written so it applies.
"""

from __future__ import annotations

import pytest

from archkit.schema import check
from archkit.schema.cache import IncrementalChecker
from archkit.schema.catalog import load_schema


def conflicts(sql: str, dialect: str = "postgres"):
    return [f for f in check(sql, dialect=dialect, select=["AK-SQL003"])]


def messages(sql: str, dialect: str = "postgres") -> list[str]:
    return [f.message for f in conflicts(sql, dialect)]


BASE = "CREATE TABLE customer (id bigint PRIMARY KEY, email text, name text);\n"


@pytest.mark.parametrize("bad, good, expected", [
    # a column twice in one CREATE TABLE
    ("CREATE TABLE t (id bigint PRIMARY KEY, a text, a int);",
     "CREATE TABLE t (id bigint PRIMARY KEY, a text, b int);",
     "column t.a is defined twice in CREATE TABLE t (first at line 1)"),
    # a table twice
    (BASE + "CREATE TABLE customer (id bigint PRIMARY KEY);",
     BASE + "CREATE TABLE IF NOT EXISTS customer (id bigint PRIMARY KEY);",
     "table customer is already created at line 1"),
    (BASE + "DROP TABLE customer;\nCREATE TABLE customer (id bigint PRIMARY KEY);",
     BASE + "DROP TABLE customer;\nCREATE TABLE customer (id bigint PRIMARY KEY);",
     None),
    # index on a missing column, or INCLUDE of one
    (BASE + "CREATE INDEX customer_mail_idx ON customer (mail);",
     BASE + "CREATE INDEX customer_email_idx ON customer (email);",
     "index customer_mail_idx names customer.mail: customer has no column mail"),
    (BASE + "CREATE INDEX customer_email_idx ON customer (email) INCLUDE (nme);",
     BASE + "CREATE INDEX customer_email_idx ON customer (email) INCLUDE (name);",
     "index customer_email_idx names customer.nme: customer has no column nme"),
    # index name taken (postgres: per schema, across tables)
    (BASE + "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n"
            "CREATE INDEX by_customer ON customer (email);\n"
            "CREATE INDEX by_customer ON orders (customer_id);",
     BASE + "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n"
            "CREATE INDEX by_customer ON customer (email);\n"
            "CREATE INDEX IF NOT EXISTS by_customer ON orders (customer_id);",
     "index name by_customer is already used in schema public (index on customer at line 3)"),
    (BASE + "CREATE INDEX ix ON customer (email);\nCREATE INDEX ix ON customer (name);",
     BASE + "CREATE INDEX ix ON customer (email);\nDROP INDEX ix;\n"
            "CREATE INDEX ix ON customer (name);",
     "index name ix is already used in schema public (index on customer at line 2)"),
    # ALTER TABLE actions
    (BASE + "ALTER TABLE customer ADD COLUMN email text;",
     BASE + "ALTER TABLE customer ADD COLUMN IF NOT EXISTS email text;",
     "ADD COLUMN email: column customer.email already exists"),
    (BASE + "ALTER TABLE customer DROP COLUMN emial;",
     BASE + "ALTER TABLE customer DROP COLUMN IF EXISTS emial;",
     "DROP COLUMN customer.emial: customer has no column emial"),
    (BASE + "ALTER TABLE customer ALTER COLUMN nme SET NOT NULL;",
     BASE + "ALTER TABLE customer ALTER COLUMN name SET NOT NULL;",
     "ALTER COLUMN customer.nme: customer has no column nme"),
    (BASE + "ALTER TABLE customer RENAME COLUMN mail TO e_mail;",
     BASE + "ALTER TABLE customer RENAME COLUMN email TO e_mail;",
     "RENAME COLUMN customer.mail: customer has no column mail"),
    (BASE + "ALTER TABLE customer RENAME COLUMN email TO name;",
     BASE + "ALTER TABLE customer RENAME COLUMN email TO e_mail;",
     "RENAME COLUMN email TO name: column customer.name already exists"),
    (BASE + "COMMENT ON COLUMN customer.mail IS 'login';",
     BASE + "COMMENT ON COLUMN customer.email IS 'login';",
     "COMMENT ON COLUMN customer.mail: customer has no column mail"),
    # a table used after it was dropped
    (BASE + "DROP TABLE customer;\nALTER TABLE customer ADD COLUMN x int;",
     BASE + "ALTER TABLE customer ADD COLUMN x int;\nDROP TABLE customer;",
     "ALTER TABLE customer: the table was dropped at line 2"),
    (BASE + "DROP TABLE customer;\nCREATE INDEX ix ON customer (email);",
     BASE + "CREATE INDEX ix ON customer (email);\nDROP TABLE customer;",
     "index ix is on customer: the table was dropped at line 2"),
    (BASE + "DROP TABLE customer;\nDROP TABLE customer;",
     BASE + "DROP TABLE customer;\nDROP TABLE IF EXISTS customer;",
     "DROP TABLE customer: the table was dropped at line 2"),
    (BASE + "DROP TABLE customer;\nALTER TABLE customer ADD COLUMN x int;",
     BASE + "DROP TABLE customer;\nALTER TABLE IF EXISTS customer ADD COLUMN x int;",
     "ALTER TABLE customer: the table was dropped at line 2"),
])
def test_fires_and_its_twin_passes(bad, good, expected):
    if expected is None:            # a case that must pass both ways
        assert messages(bad) == []
    else:
        assert messages(bad) == [expected]
    assert messages(good) == []


def test_finding_points_at_the_offending_name_with_a_hint():
    sql = BASE + "ALTER TABLE customer\n  DROP COLUMN emial;"
    (f,) = conflicts(sql)
    assert (f.line, f.col, f.object, f.severity.value) == (3, 15, "customer.emial", "error")
    assert f.hint == "-- fix the column name: did you mean email?"
    (f,) = conflicts(BASE + "CREATE INDEX ix ON customer (zzz);")
    assert f.hint == "-- fix the column name (customer has id, email, name)"
    (f,) = conflicts("CREATE TABLE t (\n  a int,\n  b int,\n  a text\n);")
    assert (f.line, f.col) == (4, 3) and "first at line 2" in f.message


def test_conflicts_across_files_name_the_other_file(tmp_path):
    (tmp_path / "001.sql").write_text(BASE)
    (tmp_path / "002.sql").write_text("CREATE TABLE customer (id bigint PRIMARY KEY);\n")
    (f,) = check(sorted(tmp_path.glob("*.sql")), select=["AK-SQL003"])
    assert f.path.endswith("002.sql")
    assert f.message.startswith("table customer is already created at ") and \
        f.message.endswith("001.sql:1")


def test_a_migration_may_change_tables_defined_elsewhere():
    # nothing here creates orders: its columns are unknown, so nothing is reported
    sql = ("ALTER TABLE orders DROP COLUMN legacy;\n"
           "ALTER TABLE orders RENAME COLUMN a TO b;\n"
           "CREATE INDEX orders_x_idx ON orders (x);\n"
           "COMMENT ON COLUMN orders.y IS 'y';\n"
           "DROP TABLE audit;\n")
    assert messages(sql) == []


@pytest.mark.parametrize("sql", [
    # columns copied from elsewhere are not known column by column
    ("CREATE TABLE p (id bigint PRIMARY KEY, x int);\n"
    "CREATE TABLE c (extra int) INHERITS (p);\nCREATE INDEX c_x_idx ON c (x);"),
    "CREATE TABLE c (LIKE other);\nCREATE INDEX c_x_idx ON c (x);",
    "CREATE TABLE c AS SELECT 1 AS x;\nCREATE INDEX c_x_idx ON c (x);",
    # an expression index names no column of its own
    BASE + "CREATE INDEX customer_lower_idx ON customer (lower(email));",
])
def test_tables_whose_columns_are_not_all_known_are_not_judged(sql):
    assert messages(sql) == []


@pytest.mark.parametrize("dialect, sql", [
    # a copy of another table written without parentheses, or a clone: columns unknown
    ("mysql", "CREATE TABLE c LIKE other;\nCREATE INDEX c_x_idx ON c (x);"),
    ("mysql", ("CREATE TABLE p (id int, x int);\nCREATE TABLE c LIKE p;\n"
              "ALTER TABLE c DROP COLUMN x;")),
    ("snowflake", ("CREATE TABLE p (id int, x int);\nCREATE TABLE c LIKE p;\n"
                  "ALTER TABLE c RENAME COLUMN x TO y;")),
    ("snowflake", ("CREATE TABLE p (id int, x int);\nCREATE TABLE c CLONE p;\n"
                  "ALTER TABLE c DROP COLUMN x;")),
    ("bigquery", ("CREATE TABLE ds.p (id INT64, x INT64);\nCREATE TABLE ds.c COPY ds.p;\n"
                 "ALTER TABLE ds.c DROP COLUMN x;")),
    ("bigquery", ("CREATE TABLE ds.p (id INT64, x INT64);\nCREATE TABLE ds.c CLONE ds.p;\n"
                 "ALTER TABLE ds.c DROP COLUMN x;")),
    ("bigquery", ("CREATE TABLE ds.p (id INT64, x INT64);\nCREATE TABLE ds.c LIKE ds.p;\n"
                 "ALTER TABLE ds.c DROP COLUMN x;")),
])
def test_copies_and_clones_of_other_tables_are_not_judged(dialect, sql):
    assert messages(sql, dialect) == []


@pytest.mark.parametrize("dialect, sql", [
    # statements that change columns in a way the catalog does not replay: the tables
    # they name are no longer judged column by column
    ("tsql", ("CREATE TABLE [Blogs] ([Id] int NOT NULL, [Url] nvarchar(450));\n"
              "EXEC sp_rename N'[Blogs].[Url]', N'Uri', N'COLUMN';\n"      # EF Core
              "CREATE INDEX [IX_Blogs_Uri] ON [Blogs] ([Uri]);")),
    ("sqlite", ("CREATE TABLE u (x INTEGER PRIMARY KEY);\nALTER TABLE u ADD COLUMN z;\n"
                "CREATE INDEX uz ON u (z);")),
    ("mysql", ("CREATE TABLE orders (id int PRIMARY KEY, a int);\n"
               "CREATE TABLE orders_new (id int PRIMARY KEY, a int, b int);\n"
               "RENAME TABLE orders TO orders_old, orders_new TO orders;\n"
               "CREATE INDEX ob ON orders (b);")),
    ("oracle", ("CREATE TABLE t (a NUMBER, d NUMBER);\nALTER TABLE t DROP (d);\n"
                "ALTER TABLE t ADD (d NUMBER);")),
])
def test_tables_changed_by_statements_the_catalog_does_not_replay_are_not_judged(dialect, sql):
    assert messages(sql, dialect) == []


def test_a_key_to_a_column_of_a_table_made_as_select_is_no_missing_column():
    # the catalog does not derive a CREATE TABLE ... AS SELECT table's columns: a key to
    # one of them was a false AK-FK001 error ("references b.id, which does not exist")
    sql = ("CREATE TABLE a (id bigint PRIMARY KEY, name text NOT NULL);\n"
           "CREATE TABLE b AS SELECT id, name AS label FROM a;\n"
           "ALTER TABLE b ADD PRIMARY KEY (id);\n"
           "CREATE TABLE c (id bigint PRIMARY KEY, b_id bigint REFERENCES b (id),\n"
           "  b_label text REFERENCES b (label));\n")
    found = check(sql, dialect="postgres", select=["AK-FK001", "AK-SQL003"]).findings
    # (b_label -> b.label: a real missing key, said as such, not as a missing column)
    assert [(f.rule, f.line, "does not exist" in f.message) for f in found] == [
        ("AK-FK001", 5, False)]
    # a table whose columns are all known still has its missing column said
    known = sql.replace("CREATE TABLE b AS SELECT id, name AS label FROM a;",
                        "CREATE TABLE b (id bigint, note text);")
    assert any("b.label, which does not exist" in f.message
               for f in check(known, dialect="postgres", select=["AK-FK001"]).findings)


def test_statements_that_leave_columns_alone_keep_the_table_judged():
    sql = ("CREATE TABLE t (a int);\nALTER TABLE t OWNER TO postgres;\n"
           "ALTER TABLE t ENABLE ROW LEVEL SECURITY;\nCREATE INDEX ON t (zz);")
    assert messages(sql) == ["an index names t.zz: t has no column zz"]
    sql = ("CREATE TABLE t (a int);\nEXEC sp_rename 'other.a', 'b';\n"
           "CREATE INDEX ix ON t (zz);")
    assert messages(sql, "tsql") == ["index ix names t.zz: t has no column zz"]


def test_a_refused_statement_does_not_change_the_catalog():
    cat = load_schema(BASE + "ALTER TABLE customer ADD COLUMN email int;\n"
                      "CREATE INDEX ix ON customer (mail);\n"
                      "CREATE TABLE IF NOT EXISTS customer (id int);\n")
    t = cat.tables["customer"]
    assert t.columns["email"].type == "text"       # not replaced by the refused ADD
    assert t.indexes == []                         # the CREATE INDEX was refused
    assert list(t.columns) == ["id", "email", "name"]   # IF NOT EXISTS kept the first
    assert [c.statement for c in cat.conflicts] == [1, 2]


@pytest.mark.parametrize("dialect, sql, expected", [
    # mysql and SQL Server: index names are per table
    ("mysql", ("CREATE TABLE a (id bigint PRIMARY KEY, x int);\n"
              "CREATE TABLE b (id bigint PRIMARY KEY, x int);\n"
              "CREATE INDEX ix_x ON a (x);\nCREATE INDEX ix_x ON b (x);"), []),
    ("mysql", ("CREATE TABLE a (id bigint PRIMARY KEY, x int, KEY ix_x (x));\n"
              "CREATE INDEX ix_x ON a (id, x);"),
     ["index name ix_x is already used in table a (index on a at line 1)"]),
    ("tsql", ("CREATE TABLE a (id bigint PRIMARY KEY, x int);\n"
             "CREATE TABLE b (id bigint PRIMARY KEY, x int);\n"
             "CREATE INDEX ix_x ON a (x);\nCREATE INDEX ix_x ON b (x);"), []),
    # sqlite: per database, like postgres per schema
    ("sqlite", ("CREATE TABLE a (id integer PRIMARY KEY, x int);\n"
               "CREATE TABLE b (id integer PRIMARY KEY, x int);\n"
               "CREATE INDEX ix_x ON a (x);\nCREATE INDEX ix_x ON b (x);"),
     ["index name ix_x is already used in schema default (index on a at line 3)"]),
    # MySQL keeps names as written but compares column names without case
    ("mysql", ("CREATE TABLE a (id bigint PRIMARY KEY, Email text);\n"
              "ALTER TABLE a ADD COLUMN email text;"),
     ["ADD COLUMN email: column a.email already exists"]),
    ("mysql", ("CREATE TABLE a (id bigint PRIMARY KEY, Email text);\n"
              "CREATE INDEX a_email ON a (EMAIL);\nALTER TABLE a DROP COLUMN email;"), []),
    ("postgres", ('CREATE TABLE a (id bigint PRIMARY KEY, "Email" text);\n'
                 "CREATE INDEX a_email ON a (Email);"),
     ["index a_email names a.email: a has no column email"]),
    ("mysql", ("CREATE TABLE a (id bigint PRIMARY KEY, x int);\n"
              "ALTER TABLE a MODIFY COLUMN y bigint;"),
     ["MODIFY COLUMN a.y: a has no column y"]),
    ("mysql", ("CREATE TABLE a (id bigint PRIMARY KEY, x int);\n"
              "ALTER TABLE a MODIFY COLUMN x bigint;"), []),
    # ... and drops, renames and changes them the same way
    ("mysql", ("CREATE TABLE a (id bigint PRIMARY KEY, Email text);\n"
              "ALTER TABLE a DROP COLUMN email;\nALTER TABLE a ADD COLUMN EMAIL text;"), []),
    ("mysql", ("CREATE TABLE a (id bigint PRIMARY KEY, Email text);\n"
              "ALTER TABLE a CHANGE email mail text;\nALTER TABLE a MODIFY EMAIL text;"),
     ["MODIFY COLUMN a.EMAIL: a has no column EMAIL"]),
    ("bigquery", ("CREATE TABLE ds.a (id INT64, Email STRING);\n"
                  "ALTER TABLE ds.a RENAME COLUMN email TO mail;\n"
                  "ALTER TABLE ds.a ADD COLUMN EMAIL STRING;"), []),
    # oracle adds several columns (or a constraint) in parentheses
    ("oracle", ("CREATE TABLE a (id NUMBER PRIMARY KEY, x NUMBER);\n"
                "ALTER TABLE a ADD (y NUMBER, z NUMBER);\n"
                "ALTER TABLE a RENAME COLUMN y TO w;\nCREATE INDEX a_z ON a (z);"), []),
    ("oracle", ("CREATE TABLE a (id NUMBER PRIMARY KEY, x NUMBER);\n"
                "ALTER TABLE a ADD (x NUMBER);"),
     ["ADD COLUMN X: column A.X already exists"]),
    # CREATE OR REPLACE replaces the table (snowflake, duckdb, bigquery)
    ("snowflake", ("CREATE TABLE a (id int PRIMARY KEY);\n"
                   "CREATE OR REPLACE TABLE a (id int PRIMARY KEY, x int);"), []),
    ("snowflake", ("CREATE TABLE a (id int PRIMARY KEY);\n"
                   "CREATE TABLE a (id int PRIMARY KEY, x int);"),
     ["table A is already created at line 1"]),
])
def test_dialects(dialect, sql, expected):
    assert messages(sql, dialect) == expected


def test_suppressed_on_the_statement():
    sql = BASE + ("-- archkit: ignore[AK-SQL003] dropped by hand in production first\n"
                  "ALTER TABLE customer DROP COLUMN legacy;")
    assert messages(sql) == []


def test_sakila_in_every_dialect_has_no_conflicts():
    from pathlib import Path

    fixtures = Path(__file__).parent / "fixtures" / "sakila"
    files = {p.stem.split("-")[-1]: p for p in fixtures.glob("*.sql")}
    assert files, "sakila fixtures missing"
    for path in files.values():
        dialect = next(d for d in ("postgres", "mysql", "sqlite") if d in path.name)
        report = check([path], dialect=dialect, select=["AK-SQL003"])
        assert report.findings == [], (path.name, [f.message for f in report.findings])


def test_incremental_checker_agrees_with_a_full_check():
    ic = IncrementalChecker(BASE + "CREATE INDEX customer_email_idx ON customer (email);\n"
                            "CREATE TABLE orders (id bigint PRIMARY KEY, note text);\n")
    assert ic.report.by_rule("AK-SQL003") == []
    # the edit drops the column the index needs: the CREATE INDEX no longer applies
    report = ic.edit(0, "CREATE TABLE customer (id bigint PRIMARY KEY, mail text, name text)")
    assert [f.message for f in report.by_rule("AK-SQL003")] == [
        "index customer_email_idx names customer.email: customer has no column email"]
    assert report.findings == check(ic.text).findings
    report = ic.edit(0, "CREATE TABLE customer (id bigint PRIMARY KEY, email text, name text)")
    assert report.by_rule("AK-SQL003") == []
    assert report.findings == check(ic.text).findings
    report = ic.edit(2, "CREATE TABLE orders (id bigint PRIMARY KEY, note text, note int)")
    assert len(report.by_rule("AK-SQL003")) == 1
    assert report.findings == check(ic.text).findings


def test_parallel_parse_reports_the_same_conflicts(monkeypatch):
    from archkit.schema import parallel

    monkeypatch.setattr(parallel, "PARALLEL_MIN_STATEMENTS", 10)
    parts = []
    for i in range(40):
        parts.append(f"CREATE TABLE t{i} (id bigint PRIMARY KEY, a int, a text);")
        parts.append(f"CREATE INDEX t{i}_idx ON t{i} (b);")
    parts.append("CREATE TABLE t3 (id bigint PRIMARY KEY);")
    sql = "\n".join(parts)
    one = check(sql, select=["AK-SQL003"], workers=1)
    two = check(sql, select=["AK-SQL003"], workers=2)
    assert len(one.findings) == 81
    assert [f.to_dict() for f in two] == [f.to_dict() for f in one]


def test_renamed_indexes_free_their_old_name_and_take_the_new_one():
    sql = (BASE + "CREATE INDEX customer_email_key ON customer (email);\n"
           "ALTER INDEX customer_email_key RENAME TO customer_email_old;\n"
           "CREATE INDEX customer_email_key ON customer (lower(email));\n")
    assert messages(sql) == []
    assert messages(sql + "CREATE INDEX customer_email_old ON customer (name);") == [
        ("index name customer_email_old is already used in schema public "
        "(index on customer at line 2)")]
    cat = load_schema(sql)
    assert sorted(ix.name for ix in cat.tables["customer"].indexes) == [
        "customer_email_key", "customer_email_old"]
    mysql = ("CREATE TABLE t (id int PRIMARY KEY, a int, KEY ix_a (a));\n"
             "ALTER TABLE t RENAME INDEX ix_a TO ix_aa;\n"
             "CREATE INDEX ix_a ON t (id, a);\n")
    assert messages(mysql, "mysql") == []
    assert messages(mysql + "CREATE INDEX ix_aa ON t (a, id);", "mysql") == [
        "index name ix_aa is already used in table t (index on t at line 1)"]


def test_a_refused_statement_changes_nothing_at_all():
    # the second CREATE is refused: the first table (with b) is the one there is
    sql = ("CREATE TABLE t (id bigint PRIMARY KEY, b int);\n"
           "CREATE TABLE t (id bigint PRIMARY KEY);\n"
           "CREATE INDEX t_b_idx ON t (b);\n")
    assert messages(sql) == ["table t is already created at line 1"]
    # one refused action refuses the whole ALTER: x is not added by it
    sql = (BASE + "ALTER TABLE customer ADD COLUMN x int, ADD COLUMN email text;\n"
           "ALTER TABLE customer ADD COLUMN x int;\n")
    assert messages(sql) == ["ADD COLUMN email: column customer.email already exists"]
    assert "x" in load_schema(sql).tables["customer"].columns
    cat = load_schema(BASE + "ALTER TABLE customer DROP COLUMN name, DROP COLUMN nope;\n")
    assert list(cat.tables["customer"].columns) == ["id", "email", "name"]


@pytest.mark.parametrize("dialect", ["postgres", "sqlite"])
def test_temporary_tables_shadow_and_do_not_conflict(dialect):
    sql = ("CREATE TABLE t (id integer PRIMARY KEY, a int);\n"
           "CREATE TEMPORARY TABLE t (id integer PRIMARY KEY);\n"
           "CREATE INDEX t_a_idx ON t (a);\n")
    assert messages(sql, dialect) == []
    assert messages("CREATE TEMPORARY TABLE s (id integer PRIMARY KEY);\n"
                    "CREATE TABLE s (id integer PRIMARY KEY, b int);\n", dialect) == []


def test_a_missing_index_column_is_reported_where_it_is_named():
    sql = BASE + "CREATE INDEX CONCURRENTLY customer_emial_idx\n  ON customer (name, emial);"
    (f,) = conflicts(sql)
    assert (f.line, f.col) == (3, 22)
    (f,) = conflicts(BASE + 'CREATE INDEX ON customer ("Name");')
    assert (f.line, f.col) == (2, 27)


def test_sql_server_guarded_drop_and_create_are_replayed_as_if_exists():
    # the idiom SSMS and many SQL Server scripts write before each CREATE
    one = ("IF OBJECT_ID('dbo.t', 'U') IS NOT NULL DROP TABLE dbo.t;\nGO\n"
           "CREATE TABLE dbo.t (id bigint PRIMARY KEY, x int);\nGO\n")
    assert messages(one + one, "tsql") == []
    assert list(load_schema(one + one, "tsql").tables["t"].columns) == ["id", "x"]
    guarded = ("IF NOT EXISTS (SELECT * FROM sys.tables WHERE name = 'u')\n"
               "  CREATE TABLE dbo.u (id bigint PRIMARY KEY);\nGO\n")
    assert messages(guarded + guarded.replace("PRIMARY KEY)", "PRIMARY KEY, y int)"),
                    "tsql") == []
    # the second guarded CREATE does not run: u has no y
    assert messages(guarded + guarded.replace("PRIMARY KEY)", "PRIMARY KEY, y int)")
                    + "CREATE INDEX ix_y ON dbo.u (y);", "tsql") == [
        "index ix_y names u.y: u has no column y"]


@pytest.mark.parametrize("dialect, a, b", [
    ("bigquery", "p1.ds.t", "p2.ds.t"),
    ("snowflake", "db1.sch.t", "db2.sch.t"),
    ("tsql", "db1.dbo.t", "db2.dbo.t"),
])
def test_the_same_table_name_in_two_databases_is_not_a_conflict(dialect, a, b):
    sql = f"CREATE TABLE {a} (id INT64);\nCREATE TABLE {b} (id INT64);\n"
    if dialect != "bigquery":
        sql = sql.replace("INT64", "int")
    assert messages(sql, dialect) == []
    twice = sql.replace(b, a)
    assert len(messages(twice, dialect)) == 1


FORWARD = ("CREATE TABLE ciphers (id int PRIMARY KEY, folder_id int,\n"
           "  FOREIGN KEY (folder_id) REFERENCES folders (id));\n"
           "CREATE TABLE folders (id int PRIMARY KEY);\n")


@pytest.mark.parametrize("dialect, engine", [
    ("postgres", "PostgreSQL"), ("duckdb", "DuckDB"), ("tsql", "SQL Server"),
    ("mysql", "MySQL"), ("mariadb", "MariaDB")])
def test_a_foreign_key_to_a_table_created_later_in_the_file(dialect, engine):
    """The engine refuses a foreign key to a table that does not exist yet (vaultwarden's
    first migration, scout AS; PostgreSQL: 'relation "folders" does not exist')."""
    (f,) = conflicts(FORWARD, dialect)
    assert (f.line, f.col, f.object) == (2, 16, "ciphers.folder_id")   # (the key's columns)
    assert f.message == ("the foreign key (folder_id) of ciphers references folders, which "
                         f"is created later (at line 3), and {engine} refuses the statement")
    assert f.hint == ("-- create folders before ciphers, or add the foreign key with ALTER "
                      "TABLE once both exist")
    # the twin that applies: the referenced table first, or the key added after both
    assert conflicts("CREATE TABLE folders (id int PRIMARY KEY);\n"
                     "CREATE TABLE ciphers (id int PRIMARY KEY, folder_id int,\n"
                     "  FOREIGN KEY (folder_id) REFERENCES folders (id));", dialect) == []
    assert conflicts("CREATE TABLE ciphers (id int PRIMARY KEY, folder_id int);\n"
                     "CREATE TABLE folders (id int PRIMARY KEY);\n"
                     "ALTER TABLE ciphers ADD FOREIGN KEY (folder_id) REFERENCES folders (id);",
                     dialect) == []


def test_duckdb_itself_refuses_what_is_reported():
    import duckdb

    db = duckdb.connect()
    with pytest.raises(duckdb.CatalogException, match="folders does not exist"):
        for stmt in FORWARD.split(";")[:-1]:
            db.execute(stmt)


def test_engines_that_take_a_key_to_a_later_table_are_left_alone():
    # SQLite checks foreign keys when rows change
    assert conflicts(FORWARD, "sqlite") == []


@pytest.mark.parametrize("dialect", ["mysql", "mariadb"])
def test_mysql_without_foreign_key_checks_takes_a_key_to_a_later_table(dialect):
    # as every dump runs: /*!40014 SET ... FOREIGN_KEY_CHECKS=0 */ (an executable comment)
    off = "/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n"
    assert conflicts(off + FORWARD, dialect) == []
    # set back on: checked again
    assert len(conflicts(off + "SET FOREIGN_KEY_CHECKS = @OLD_FOREIGN_KEY_CHECKS;\n" + FORWARD,
                         dialect)) == 1


def test_an_inline_reference_to_a_later_table_fails_on_mariadb_only():
    """vaultwarden's first MySQL migration: MariaDB 10.5+ makes inline REFERENCES real
    keys, and refuses this one (errno 150, scout AS); MySQL ignores it (AK-FK006)."""
    sql = ("CREATE TABLE ciphers (id int PRIMARY KEY, folder_id int REFERENCES folders (id));\n"
           "CREATE TABLE folders (id int PRIMARY KEY);\n")
    assert [f.object for f in conflicts(sql, "mariadb")] == ["ciphers.folder_id"]
    assert conflicts(sql, "mysql") == []


def test_a_key_to_a_table_another_file_creates_is_left_alone(tmp_path):
    # one file per table (SSDT's WideWorldImporters): deployed in dependency order, not in
    # the order of the files' names
    (tmp_path / "a_ciphers.sql").write_text(FORWARD.split(";\n")[0] + ";\n")
    (tmp_path / "b_folders.sql").write_text(FORWARD.split(";\n")[1])
    assert check(sorted(tmp_path.glob("*.sql")), select=["AK-SQL003"]).findings == []


def test_an_edit_that_makes_a_forward_key_is_reported_as_a_full_check_does():
    ic = IncrementalChecker("CREATE TABLE ciphers (id int PRIMARY KEY, folder_id int);\n"
                            "CREATE TABLE folders (id int PRIMARY KEY);\n")
    assert ic.report.by_rule("AK-SQL003") == []
    report = ic.edit(0, FORWARD.split(";\n")[0])
    assert len(report.by_rule("AK-SQL003")) == 1
    assert report.findings == check(ic.text).findings


@pytest.mark.parametrize("setting", ["SET GLOBAL foreign_key_checks = 0;",
                                     "SET @@global.foreign_key_checks = 0;"])
def test_foreign_key_checks_off_for_new_sessions_only_still_checks_this_script(setting):
    # the GLOBAL value is for sessions to come: MariaDB 10.11 still refuses the key
    # (errno 150; scout AW)
    assert len(conflicts(setting + "\n" + FORWARD, "mariadb")) == 1
    assert conflicts("SET SESSION foreign_key_checks = 0;\n" + FORWARD, "mariadb") == []
