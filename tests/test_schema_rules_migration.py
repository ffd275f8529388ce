"""Migration-safety rules through the real parser and ``check()``."""

from __future__ import annotations

import pytest

from archkit.schema import check


def found(sql: str, rule: str, dialect: str = "postgres"):
    return [f for f in check(sql, dialect=dialect) if f.rule == rule]


def test_changes_to_tables_created_in_the_same_input_are_not_migrations():
    sql = """
    CREATE TABLE t (id bigint PRIMARY KEY, a text);
    ALTER TABLE t DROP COLUMN a;
    ALTER TABLE t RENAME COLUMN id TO t_id;
    CREATE INDEX t_a_idx ON t (a);
    ALTER TABLE t ADD COLUMN b text NOT NULL;
    DROP TABLE t;
    """
    for rule in ("AK-MG001", "AK-MG002", "AK-MG003", "AK-MG004", "AK-MG006", "AK-MG007"):
        assert found(sql, rule) == [], rule


def test_tables_this_input_creates_and_renames_later_are_still_its_own():
    # drizzle: CREATE TABLE "user_temp" ... then, migrations later, RENAME TO "user". The
    # walk took each table's last name for the statement that created it, so every
    # change under the first name (the rename itself, a foreign key, an index) was
    # reported as a change to an existing table
    sql = """
    CREATE TABLE "user_temp" (id text PRIMARY KEY);
    CREATE TABLE "session_temp" (id text PRIMARY KEY, user_id text NOT NULL);
    ALTER TABLE "session_temp" ADD CONSTRAINT s_fk FOREIGN KEY (user_id) REFERENCES "user_temp" (id);
    CREATE INDEX s_user_idx ON "session_temp" (user_id);
    ALTER TABLE "user_temp" RENAME TO "user";
    ALTER TABLE "session_temp" RENAME TO "session";
    ALTER TABLE "user" ADD COLUMN email text NOT NULL;
    CREATE INDEX s_user2_idx ON "session" (id, user_id);
    """
    mg = [f.rule for f in check(sql) if f.rule.startswith("AK-MG")]
    assert mg == []
    # mysql RENAME TABLE (raw text) of a table this input made
    sql = ("CREATE TABLE a (id bigint PRIMARY KEY);\nRENAME TABLE a TO b;\n"
           "ALTER TABLE b ADD COLUMN c int NOT NULL;\n")
    assert [f.rule for f in check(sql, dialect="mysql") if f.rule.startswith("AK-MG")] == []
    # a table the input did not make is still reported under either name
    assert [f.rule for f in found("ALTER TABLE t RENAME TO u;\nALTER TABLE u ADD COLUMN "
                                  "c int NOT NULL;", "AK-MG003")] == ["AK-MG003"]


def test_destructive_changes_each_reported_with_position():
    sql = ("DROP TABLE old_orders;\n"
           "ALTER TABLE customer DROP COLUMN fax;\n"
           "TRUNCATE audit_log;\n"
           "DROP SCHEMA legacy CASCADE;\n")
    hits = found(sql, "AK-MG001")
    assert [(f.object, f.line) for f in hits] == [
        ("old_orders", 1), ("customer.fax", 2), ("audit_log", 3), ("legacy", 4)]
    assert hits[1].col == 34            # the column name, not the statement start


def test_renames_including_mysql_change_and_rename_table():
    assert [f.object for f in found("ALTER TABLE a RENAME TO b;", "AK-MG002")] == ["a"]
    mysql = "ALTER TABLE t CHANGE mail email VARCHAR(100);\nRENAME TABLE t TO u;"
    assert sorted(f.object for f in found(mysql, "AK-MG002", "mysql")) == ["t", "t.mail"]


@pytest.mark.parametrize("sql, hit", [
    ("ALTER TABLE t ADD COLUMN b text NOT NULL;", True),
    ("ALTER TABLE t ADD COLUMN b text NOT NULL DEFAULT '';", False),
    ("ALTER TABLE t ADD COLUMN b bigint GENERATED ALWAYS AS IDENTITY NOT NULL;", False),
    ("ALTER TABLE t ALTER COLUMN b SET NOT NULL;", True),
    ("ALTER TABLE t ALTER COLUMN b DROP NOT NULL;", False),
    ("ALTER TABLE t ADD CONSTRAINT t_b_key UNIQUE (b);", True),
    ("ALTER TABLE t ADD PRIMARY KEY (b);", True),
    ("CREATE UNIQUE INDEX CONCURRENTLY t_b_key ON t (b);", True),
])
def test_data_dependent(sql, hit):
    assert bool(found(sql, "AK-MG003")) is hit


def test_blocking_index_build_hint_adds_concurrently():
    hits = found("CREATE INDEX orders_status_idx ON orders (status);", "AK-MG004")
    assert hits[0].hint == "CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);"
    assert found("DROP INDEX CONCURRENTLY orders_status_idx;", "AK-MG004") == []
    assert found("DROP INDEX orders_status_idx;", "AK-MG004")[0].hint == \
        "DROP INDEX CONCURRENTLY orders_status_idx;"
    # an index created earlier in the same input may be dropped plainly
    assert found("CREATE INDEX CONCURRENTLY i ON t (a);\nDROP INDEX i;", "AK-MG004") == []
    # not postgres: no CONCURRENTLY to ask for
    assert found("CREATE INDEX s_idx ON orders (status);", "AK-MG004", "mysql") == []


def test_not_valid_constraints_pass():
    assert found("ALTER TABLE o ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;", "AK-MG005") == []
    hit = found("ALTER TABLE o ADD CONSTRAINT c CHECK (total >= 0);", "AK-MG005")[0]
    assert "NOT VALID; ALTER TABLE o VALIDATE CONSTRAINT c;" in hit.hint


@pytest.mark.parametrize("sql, hit", [
    ("ALTER TABLE o ALTER COLUMN total TYPE numeric(14, 2);", True),
    # binary coercible from varchar, a rewrite from numeric: the message says which
    ("ALTER TABLE o ALTER COLUMN note TYPE text;", True),
    ("ALTER TABLE o ADD COLUMN token uuid DEFAULT gen_random_uuid();", True),
    ("ALTER TABLE o ADD COLUMN seen_at timestamptz DEFAULT now();", False),  # stable: no rewrite
    ("ALTER TABLE o ADD COLUMN n bigserial;", True),
    ("ALTER TABLE o ADD COLUMN g int GENERATED ALWAYS AS (a * 2) STORED;", True),
])
def test_table_rewrite(sql, hit):
    assert bool(found(sql, "AK-MG006")) is hit


def test_mysql_virtual_generated_column_does_not_rewrite():
    assert found("ALTER TABLE o ADD COLUMN g INT AS (a * 2);", "AK-MG006", "mysql") == []
    assert found("ALTER TABLE o ADD COLUMN g INT AS (a * 2) STORED;", "AK-MG006", "mysql")


def test_lock_timeout_must_come_before_the_first_locking_statement():
    assert len(found("ALTER TABLE o ADD COLUMN n text;\nALTER TABLE p ADD COLUMN n text;",
                     "AK-MG007")) == 1
    assert found("SET lock_timeout = '2s';\nALTER TABLE o ADD COLUMN n text;", "AK-MG007") == []
    late = "ALTER TABLE o ADD COLUMN n text;\nSET lock_timeout = '2s';"
    assert [f.line for f in found(late, "AK-MG007")] == [1]
    assert found("SET SESSION lock_wait_timeout = 5;\nALTER TABLE o ADD COLUMN n TEXT;",
                 "AK-MG007", "mysql") == []
    assert found("ALTER TABLE o ADD COLUMN n TEXT;", "AK-MG007", "sqlite") == []


def test_lock_timeout_is_judged_file_by_file(tmp_path):
    # each migration is applied on its own: V1's SET does not cover V2 (a folder of
    # migrations showed one finding at most, for the first file)
    (tmp_path / "V1__a.sql").write_text("SET lock_timeout = '2s';\nALTER TABLE o ADD COLUMN n text;\n")
    (tmp_path / "V2__b.sql").write_text("ALTER TABLE p ADD COLUMN n text;\nALTER TABLE q ADD COLUMN n text;\n")
    (tmp_path / "V3__c.sql").write_text("CREATE INDEX q_n_idx ON q (n);\n")
    got = [(f.path.rsplit("/", 1)[-1], f.line) for f in check(sorted(map(str, tmp_path.iterdir())))
           if f.rule == "AK-MG007"]
    assert got == [("V2__b.sql", 1), ("V3__c.sql", 1)]


def test_suppression_on_the_statement_silences_a_migration_finding():
    sql = ("-- archkit: ignore[AK-MG001] archived in ticket OPS-12\n"
           "DROP TABLE old_orders;\n"
           "DROP TABLE other;\n")
    assert [f.object for f in found(sql, "AK-MG001")] == ["other"]


def test_sql_server_type_change_restating_not_null_is_not_set_not_null():
    sql = "ALTER TABLE dbo.t ALTER COLUMN c BIGINT NOT NULL;"
    assert found(sql, "AK-MG003", "tsql") == []
    assert found(sql, "AK-MG006", "tsql")


def test_mysql_add_not_null_column_explains_the_implicit_default():
    hit = found("ALTER TABLE t ADD COLUMN z INT NOT NULL;", "AK-MG003", "mysql")[0]
    assert "implicit default" in hit.message


@pytest.mark.parametrize("dialect", ["mysql", "sqlite", "postgres"])
def test_a_dump_that_drops_and_recreates_each_table_is_not_destructive(dialect):
    # mysqldump, pg_dump --clean, Chinook's scripts: DROP TABLE IF EXISTS t; CREATE TABLE t
    dump = ("DROP TABLE IF EXISTS album;\n"
            "CREATE TABLE album (album_id integer PRIMARY KEY, title text NOT NULL);\n"
            "DROP TABLE IF EXISTS track;\n"
            "CREATE TABLE track (track_id integer PRIMARY KEY, album_id integer);\n")
    assert found(dump, "AK-MG001", dialect) == []
    assert found(dump, "AK-MG007", dialect) == []
    # still destructive: without IF EXISTS, with no CREATE after it, or after the input
    # changed the table (a migration folder)
    assert len(found(dump.replace("IF EXISTS album", "album"), "AK-MG001", dialect)) == 1
    assert len(found("DROP TABLE IF EXISTS album;\n", "AK-MG001", dialect)) == 1
    migration = ("ALTER TABLE album ADD COLUMN note text;\n" + dump)
    assert [f.object for f in found(migration, "AK-MG001", dialect)] == ["album"]


def test_a_drop_in_one_file_and_the_create_in_another_is_still_reported(tmp_path):
    (tmp_path / "001_drop.sql").write_text("DROP TABLE IF EXISTS album;\n")
    (tmp_path / "002_create.sql").write_text("CREATE TABLE album (id integer PRIMARY KEY);\n")
    report = check(sorted(tmp_path.glob("*.sql")))
    assert [f.object for f in report.by_rule("AK-MG001")] == ["album"]


def test_sql_server_guarded_statements_are_judged_like_plain_ones():
    rebuild = ("IF OBJECT_ID('dbo.album', 'U') IS NOT NULL DROP TABLE dbo.album;\nGO\n"
               "CREATE TABLE dbo.album (album_id int PRIMARY KEY);\nGO\n")
    assert found(rebuild, "AK-MG001", "tsql") == []
    setup = ("IF EXISTS (SELECT name FROM master.dbo.sysdatabases WHERE name = N'Chinook')\n"
             "BEGIN\n  DROP DATABASE [Chinook];\nEND\nGO\n")
    (f,) = found(setup, "AK-MG001", "tsql")
    assert (f.line, f.col, f.object) == (3, 17, "chinook")
    guarded = ("IF COL_LENGTH('dbo.customer', 'fax') IS NOT NULL\n"
               "  ALTER TABLE dbo.customer DROP COLUMN fax;\n")
    assert [f.object for f in found(guarded, "AK-MG001", "tsql")] == ["customer.fax"]


def test_tsql_work_tables_a_script_makes_are_its_own():
    # Bitwarden's DbScripts (scout AS): 3 of its 4 AK-MG001 errors were on tables the
    # script itself made, by SELECT ... INTO #t or behind an INFORMATION_SCHEMA guard
    into = ("SELECT Id INTO #TempOrg FROM dbo.Organization WHERE Enabled = 1;\n"
            "DROP TABLE #TempOrg;\n")
    assert found(into, "AK-MG001", "tsql") == []
    assert found(into.replace("INTO #TempOrg ", ""), "AK-MG001", "tsql") != []
    assert found("SELECT id INTO archive FROM orders;\nDROP TABLE archive;\n",
                 "AK-MG001") == []
    guarded = ("IF NOT EXISTS (SELECT * FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = "
               "'CompletedIds')\nBEGIN\n    CREATE TABLE [CompletedIds] ([Id] "
               "UNIQUEIDENTIFIER PRIMARY KEY)\nEND\nGO\nTRUNCATE TABLE [CompletedIds]\nGO\n")
    assert found(guarded, "AK-MG001", "tsql") == []
    from archkit.schema import load_schema

    table = load_schema(guarded, "tsql").tables["completedids"]
    assert list(table.columns) == ["id"] and table.primary_key.columns == ("id",)
    # a table the script did not make is still destroyed
    (f,) = found(guarded.split("GO\n", 1)[1], "AK-MG001", "tsql")
    assert f.object == "completedids"


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql"])
def test_changes_to_a_table_created_here_and_renamed_later_are_not_migrations(dialect):
    # the catalog keeps the table under its last name: the ALTERs before the rename
    # were reported as renames and drops of an existing table (AK-MG001/MG002)
    sql = ("CREATE TABLE c (id integer PRIMARY KEY);\n"
           "ALTER TABLE c ADD COLUMN note text;\n"
           "ALTER TABLE c RENAME COLUMN note TO memo;\n"
           "ALTER TABLE c DROP COLUMN memo;\n"
           "ALTER TABLE c RENAME TO c2;\n")
    def rules(text):
        return [f.rule for f in check(text, dialect=dialect)
                if f.rule in ("AK-MG001", "AK-MG002")]

    assert rules(sql) == []
    # a table this input did not create is still a migration; but the column this input
    # added is its own (no code uses it yet): only the table's rename is reported
    assert rules(sql.split("\n", 1)[1]) == ["AK-MG002"]
    assert rules("ALTER TABLE c RENAME COLUMN note TO memo;\nALTER TABLE c DROP COLUMN memo;\n"
                 ) == ["AK-MG002", "AK-MG001"]


def test_duplicate_check_groups_by_every_key_column():
    # GROUP BY 1 grouped by the first column alone: PostgreSQL refuses the query for a key
    # of two columns, MariaDB lists (1,1),(1,2) as duplicates (Guacamole's upgrades; scout O)
    hints = [f.hint for f in found("ALTER TABLE perm ADD PRIMARY KEY (entity_id, connection_id);\n"
                                   "CREATE UNIQUE INDEX ix ON perm (lower(email) DESC, tenant);",
                                   "AK-MG003")]
    assert hints == [
        "SELECT entity_id, connection_id, count(*) FROM perm GROUP BY entity_id, connection_id "
        "HAVING count(*) > 1; -- must return no rows first",
        "SELECT LOWER(email), tenant, count(*) FROM perm GROUP BY LOWER(email), tenant "
        "HAVING count(*) > 1; -- must return no rows first"]
    tsql = found("ALTER TABLE [dbo].[perm] ADD CONSTRAINT [PK_perm] PRIMARY KEY NONCLUSTERED "
                 "([entity_id], [connection_id]);", "AK-MG003", "tsql")
    assert tsql[0].hint.startswith("SELECT [entity_id], [connection_id], count(*) FROM perm "
                                   "GROUP BY [entity_id], [connection_id] HAVING")


def test_sqlite_rebuild_recipe_that_renames_the_copy_back_is_no_data_loss():
    # sqlite.org's 12-step ALTER (PowerDNS' 4.2.0 -> 4.3.0 upgrade): the rows are copied
    # into the new table, the old one dropped, the new one renamed to the old name; the
    # rows survive (sqlite3: 1|5|1, 2|7|1), so no AK-MG001
    recipe = ("CREATE TABLE cryptokeys_temp (id INTEGER PRIMARY KEY, flags INT NOT NULL,\n"
              "  published BOOL DEFAULT 1);\n"
              "INSERT INTO cryptokeys_temp SELECT id, flags, 1 FROM cryptokeys;\n"
              "DROP TABLE cryptokeys;\n"
              "ALTER TABLE cryptokeys_temp RENAME TO cryptokeys;\n")
    assert found(recipe, "AK-MG001", "sqlite") == []
    # without the copy, the DROP loses the rows whatever is renamed into the name after
    lost = recipe.replace("INSERT INTO cryptokeys_temp SELECT id, flags, 1 FROM cryptokeys;\n", "")
    assert [f.line for f in found(lost, "AK-MG001", "sqlite")] == [3]


def test_drop_table_if_exists_of_a_name_the_file_then_makes_a_view_is_no_data_loss():
    # Ranger's MySQL install script: DROP TABLE IF EXISTS vx_trx_log; DROP VIEW IF EXISTS
    # vx_trx_log; ... CREATE VIEW vx_trx_log (the AK-MG001 hint renamed a view: ERROR 1347)
    sql = ("DROP TABLE IF EXISTS v;\nDROP VIEW IF EXISTS v;\n"
           "CREATE TABLE t (id int PRIMARY KEY);\nCREATE VIEW v AS SELECT id FROM t;\n")
    for dialect in ("mysql", "postgres"):
        assert found(sql, "AK-MG001", dialect) == []
    # no view made after it, or no IF EXISTS: a table dropped
    assert found("DROP TABLE IF EXISTS v;\n", "AK-MG001")
    assert found(sql.replace("DROP TABLE IF EXISTS v", "DROP TABLE v"), "AK-MG001")


def test_table_rename_hints_keep_the_schema_and_use_the_dialects_rename():
    # 'ALTER TABLE app.orders RENAME TO app.orders_deprecated' is a syntax error in
    # PostgreSQL (RENAME TO takes a bare name), and the view must read app.client, not a
    # client on the search path; SQL Server renames with sp_rename (all run on PostgreSQL 15)
    sql = "DROP TABLE app.orders;\nALTER TABLE app.customer RENAME TO client;\n"
    pg = {f.rule: f.hint for f in check(sql, dialect="postgres")
          if f.rule in ("AK-MG001", "AK-MG002")}
    assert pg == {
        "AK-MG001": "ALTER TABLE app.orders RENAME TO orders_deprecated; -- drop it in a "
                    "later release, after a backup",
        "AK-MG002": "ALTER TABLE app.customer RENAME TO client; CREATE VIEW app.customer AS "
                    "SELECT * FROM app.client; -- until every reader uses the new name"}
    ts = {f.rule: f.hint for f in check(sql, dialect="tsql") if f.rule == "AK-MG001"}
    assert ts["AK-MG001"].startswith("EXEC sp_rename 'app.orders', 'orders_deprecated';")
