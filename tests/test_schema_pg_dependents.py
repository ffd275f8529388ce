"""PostgreSQL objects that depend on others, and the hints that must respect them.

- A foreign key rests on one unique index of the table it references (the oldest that
  fits when the key was made), and PostgreSQL refuses to drop that index while the key
  exists, even beside a UNIQUE constraint on the same columns (scout Q: AK-IX003 proposed
  ``DROP INDEX hydra_client_idx_id_uq``, refused with 'other objects depend on it').
- A generated column's source column cannot change type ('cannot alter type of a column
  used by a generated column': Hydra's ``requested_at``), and timestamptz arithmetic is
  not immutable ('generation expression is not immutable').
- An index name is one relation name in its schema: AK-NM001 must not propose a name
  another index or key has ('relation "client_id_key" already exists').

Every expected hint below was run on PostgreSQL 15.20 after the schema it comes from, and
succeeded; every refusal quoted is the engine's message. (The engine is not needed here:
the tests pin what it answered.)
"""

from __future__ import annotations

from schema_rule_helpers import rule_lines

from archkit.schema import check, load_schema
from archkit.schema.cache import IncrementalChecker
from archkit.schema.fkindex import resting_keys, rests_on

CLIENT = (
    "CREATE TABLE client (pk bigint PRIMARY KEY, id varchar(255) NOT NULL);\n"
    "CREATE UNIQUE INDEX client_idx_id_uq ON client (id);\n"
    "CREATE TABLE token (sig text PRIMARY KEY, client_id varchar(255) NOT NULL\n"
    "  REFERENCES client (id) ON DELETE CASCADE);\n"
    "CREATE INDEX token_client_id_idx ON token (client_id);\n"
    "ALTER TABLE client ADD CONSTRAINT client_id_key UNIQUE (id);\n")


def _hints(sql: str, rule: str) -> list[str]:
    return [f.hint for f in check(sql, dialect="postgres", select=[rule]).findings
            if f.rule == rule]


# -- which index a key rests on -------------------------------------------------------
def test_a_foreign_key_rests_on_the_oldest_fitting_unique_index_made_before_it():
    cat = load_schema(CLIENT, "postgres")
    client, fk = cat.tables["client"], cat.tables["token"].foreign_keys[0]
    # pg_constraint.conindid of token_client_id_fkey: client_idx_id_uq
    assert rests_on(cat, client, fk) is client.indexes[0]
    assert resting_keys(cat, client, client.uniques[0]) == []
    assert resting_keys(cat, client, client.indexes[0]) == [(cat.tables["token"], fk)]


def test_the_key_made_first_is_the_one_it_rests_on():
    made_first = ("CREATE TABLE client (pk bigint PRIMARY KEY, id text NOT NULL,\n"
                  "  CONSTRAINT client_id_key UNIQUE (id));\n"
                  "CREATE TABLE token (sig text PRIMARY KEY, client_id text REFERENCES client (id));\n"
                  "CREATE UNIQUE INDEX client_idx_id_uq ON client (id);\n")
    cat = load_schema(made_first, "postgres")
    client = cat.tables["client"]
    assert rests_on(cat, client, cat.tables["token"].foreign_keys[0]) is client.uniques[0]
    assert resting_keys(cat, client, client.indexes[0]) == []


def test_column_order_does_not_matter_and_no_columns_mean_the_primary_key():
    sql = ("CREATE TABLE p (a int, b int, PRIMARY KEY (a, b));\n"
           "CREATE UNIQUE INDEX p_ba ON p (b, a);\n"
           "CREATE TABLE c (x int, y int, FOREIGN KEY (y, x) REFERENCES p (b, a));\n"
           "CREATE TABLE d (x int, y int, FOREIGN KEY (x, y) REFERENCES p);\n")
    cat = load_schema(sql, "postgres")
    p = cat.tables["p"]
    assert rests_on(cat, p, cat.tables["c"].foreign_keys[0]) is p.primary_key
    assert rests_on(cat, p, cat.tables["d"].foreign_keys[0]) is p.primary_key
    assert resting_keys(cat, p, p.indexes[0]) == []


def test_a_partial_or_expression_index_serves_no_key():
    sql = ("CREATE TABLE p (id int NOT NULL, live bool);\n"
           "CREATE UNIQUE INDEX p_live ON p (id) WHERE live;\n"
           "CREATE UNIQUE INDEX p_id ON p (id);\n"
           "CREATE TABLE c (p_id int REFERENCES p (id));\n")
    cat = load_schema(sql, "postgres")
    p = cat.tables["p"]
    assert rests_on(cat, p, cat.tables["c"].foreign_keys[0]).name == "p_id"


# -- the catalog follows the refusal ----------------------------------------------------
def test_drop_index_a_key_rests_on_is_refused_beside_an_equal_constraint():
    # ERROR: cannot drop index client_idx_id_uq because other objects depend on it
    # DETAIL: constraint token_client_id_fkey on table token depends on index client_idx_id_uq
    sql = CLIENT + "DROP INDEX client_idx_id_uq;\n"
    found = check(sql, dialect="postgres", select=["AK-SQL003"]).findings
    assert [(f.line, f.message) for f in found] == [
        (7, "cannot drop index client_idx_id_uq because constraint token_client_id_fkey on "
            "table token requires it")]
    cat = load_schema(sql, "postgres")
    assert [i.name for i in cat.tables["client"].indexes] == ["client_idx_id_uq"]
    assert len(cat.tables["token"].foreign_keys) == 1


def test_drop_index_nothing_rests_on_goes_and_cascade_takes_the_keys():
    made_first = CLIENT.replace(
        "CREATE UNIQUE INDEX client_idx_id_uq ON client (id);\n", "") + \
        "CREATE UNIQUE INDEX client_idx_id_uq ON client (id);\nDROP INDEX client_idx_id_uq;\n"
    assert ("AK-SQL003", 7) not in rule_lines(made_first)
    cascade = CLIENT + "DROP INDEX client_idx_id_uq CASCADE;\n"
    cat = load_schema(cascade, "postgres")
    # NOTICE: drop cascades to constraint token_client_id_fkey on table token
    assert cat.tables["token"].foreign_keys == [] and cat.tables["client"].indexes == []


# -- hints that drop an index or key keys rest on ----------------------------------------
def test_redundant_index_hint_moves_the_keys_that_rest_on_it():
    assert _hints(CLIENT, "AK-IX003") == [
        "ALTER TABLE token DROP CONSTRAINT token_client_id_fkey; "
        "DROP INDEX CONCURRENTLY client_idx_id_uq; "
        "ALTER TABLE token ADD CONSTRAINT token_client_id_fkey FOREIGN KEY (client_id) "
        "REFERENCES client (id) ON DELETE CASCADE NOT VALID; "
        "ALTER TABLE token VALIDATE CONSTRAINT token_client_id_fkey;"]
    # (after it, pg_constraint.conindid of the key is client_id_key)


def test_redundant_unique_constraint_hint_moves_the_keys_too():
    sql = ("CREATE TABLE p (id bigint NOT NULL, CONSTRAINT p_id_key UNIQUE (id));\n"
           "CREATE TABLE c (p_id bigint CONSTRAINT c_p_fk REFERENCES p (id));\n"
           "ALTER TABLE p ADD PRIMARY KEY (id);\n")
    assert _hints(sql, "AK-IX003") == [
        "ALTER TABLE c DROP CONSTRAINT c_p_fk; ALTER TABLE p DROP CONSTRAINT p_id_key; "
        "ALTER TABLE c ADD CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID; "
        "ALTER TABLE c VALIDATE CONSTRAINT c_p_fk;"]


def test_duplicate_unique_index_drops_the_twin_nothing_rests_on():
    sql = ("CREATE TABLE p (id bigint NOT NULL);\n"
           "CREATE UNIQUE INDEX p_a ON p (id);\n"
           "CREATE TABLE c (p_id bigint REFERENCES p (id));\n"
           "CREATE UNIQUE INDEX p_b ON p (id);\n")
    assert _hints(sql, "AK-IX001") == ["DROP INDEX CONCURRENTLY p_b;"]


def test_other_dialects_keep_the_plain_drop():
    # (MySQL lets an index go while another serves the key: ERROR 1553 only otherwise)
    sql = CLIENT.replace("varchar(255)", "varchar(191)")
    hints = [f.hint for f in check(sql, dialect="mysql", select=["AK-IX003"]).findings]
    assert hints and all("FOREIGN KEY" not in h for h in hints)


def test_incremental_recheck_follows_a_key_added_to_the_referencing_table():
    base = CLIENT.replace(" ON DELETE CASCADE", "")
    inc = IncrementalChecker(base, dialect="postgres")
    edited = base.replace("  REFERENCES client (id));", "  REFERENCES client (id) ON DELETE CASCADE);")
    index = next(i for i, s in enumerate(inc.catalog.statements) if "token" in s.sql
                 and s.kind == "CREATE TABLE")
    stmt = inc.catalog.statements[index].sql.replace(
        "REFERENCES client (id))", "REFERENCES client (id) ON DELETE CASCADE)")
    got = inc.edit(index, stmt)
    want = check(edited, dialect="postgres")
    key = lambda f: (f.rule, f.line, f.message, f.hint)  # noqa: E731
    assert sorted(map(key, got.findings)) == sorted(map(key, want.findings))
    assert any("ON DELETE CASCADE NOT VALID" in (f.hint or "") for f in got.findings
               if f.rule == "AK-IX003")


# -- generated columns -----------------------------------------------------------------
FLOW = (
    "CREATE TABLE flow (\n"
    "  id bigint PRIMARY KEY,\n"
    "  requested_at timestamp NOT NULL DEFAULT now(),\n"
    "  expires_at timestamp GENERATED ALWAYS AS (requested_at + interval '1 hour') STORED\n"
    ");\n"
    "CREATE INDEX flow_expires_at_idx ON flow (expires_at);\n"
    "CREATE TABLE g2 (id bigint PRIMARY KEY, email varchar(200),\n"
    "  em text GENERATED ALWAYS AS (lower(email)) STORED);\n"
    "CREATE INDEX g2_em ON g2 (em) WHERE em <> '';\n")


def test_type_change_of_a_generated_columns_source_rebuilds_it_and_its_indexes():
    # the plain ALTER ... TYPE: 'cannot alter type of a column used by a generated column'
    tz = _hints(FLOW, "AK-TY001")
    assert tz[0] == (
        "ALTER TABLE flow DROP COLUMN expires_at, ALTER COLUMN requested_at TYPE timestamptz "
        "USING requested_at AT TIME ZONE 'UTC', "
        "ADD COLUMN expires_at TIMESTAMP GENERATED ALWAYS AS ((requested_at AT TIME ZONE "
        "'UTC') + INTERVAL '1 HOUR') STORED; "
        "CREATE INDEX flow_expires_at_idx ON flow (expires_at); "
        "/* expires_at is generated from requested_at, now read AT TIME ZONE 'UTC' "
        "(timestamptz arithmetic and casts depend on the session time zone, and PostgreSQL "
        "refuses them in a generated column: 'generation expression is not immutable') */ "
        "-- the values are taken as UTC: name the zone they were written in")
    # the generated column itself may change type alone
    assert tz[1] == "ALTER TABLE flow ALTER COLUMN expires_at TYPE timestamptz;"
    assert _hints(FLOW, "AK-TY003") == [
        "ALTER TABLE g2 DROP COLUMN em, ALTER COLUMN email TYPE text, ADD COLUMN em TEXT "
        "GENERATED ALWAYS AS (LOWER(email)) STORED; CREATE INDEX g2_em ON g2 (em) WHERE "
        "em <> ''; /* em is generated from email */ ALTER TABLE g2 ADD CONSTRAINT "
        "g2_email_length CHECK (char_length(email) <= 200);"]


def test_a_column_no_generated_column_reads_keeps_the_plain_alter():
    sql = ("CREATE TABLE t (id bigint PRIMARY KEY, at timestamp, note varchar(20),\n"
           "  n int GENERATED ALWAYS AS (id * 2) STORED);\n")
    assert _hints(sql, "AK-TY001") == [
        "ALTER TABLE t ALTER COLUMN at TYPE timestamptz USING at AT TIME ZONE 'UTC'; -- the "
        "values are taken as UTC: name the zone they were written in"]


# -- index names taken -------------------------------------------------------------------
def test_no_rename_to_the_name_of_the_constraint_the_index_repeats():
    # ALTER INDEX client_idx_id_uq RENAME TO client_id_key:
    # ERROR: relation "client_id_key" already exists
    assert _hints(CLIENT, "AK-NM001") == []


def test_a_name_another_object_holds_is_said_and_not_renamed_to_blindly():
    sql = ("CREATE TABLE client (pk bigint PRIMARY KEY, id text NOT NULL, name text);\n"
           "CREATE UNIQUE INDEX client_idx_id_uq ON client (id);\n"
           "CREATE UNIQUE INDEX client_id_key ON client (name);\n"
           "CREATE INDEX other_id ON client (pk, name);\n"
           "CREATE TABLE client_pk_name_idx (x int PRIMARY KEY);\n")
    found = {f.object: (f.message, f.hint)
             for f in check(sql, dialect="postgres", select=["AK-NM001"]).findings}
    assert found["client_idx_id_uq"] == (
        "index name client_idx_id_uq does not follow {table}_{columns}_key or "
        "{table}_{columns}_idx (expected "
        "client_id_key, taken by the index of client (name))",
        "/* client_id_key is taken by the index of client (name): rename it first */ "
        "ALTER INDEX client_idx_id_uq RENAME TO client_id_key;")
    assert found["client_id_key"][1] == "ALTER INDEX client_id_key RENAME TO client_name_key;"
    assert found["other_id"][1] == (
        "-- client_pk_name_idx is the name of table client_pk_name_idx: choose another name "
        "for other_id")
    # MySQL names indexes per table: a table of that name takes nothing
    my = check(sql.replace("text", "varchar(50)"), dialect="mysql",
               select=["AK-NM001"]).findings
    assert any(f.object == "other_id" and f.hint.startswith("ALTER TABLE") for f in my)


def test_index_hints_name_the_index_in_its_tables_schema_and_columns_as_folded():
    # supabase storage: 'relation "bname" does not exist' (the index is storage.bname);
    # Ranger: 'column "jsonData" does not exist' (unquoted, PostgreSQL keeps jsondata)
    sql = ("CREATE SCHEMA storage;\n"
           'CREATE TABLE storage.buckets (id text PRIMARY KEY, name text NOT NULL, "Owner" text,\n'
           "  jsonData text);\n"
           "CREATE UNIQUE INDEX bname ON storage.buckets (name);\n"
           "CREATE UNIQUE INDEX bname2 ON storage.buckets (name);\n")
    found = {(f.rule, f.object): f.hint for f in check(sql, dialect="postgres").findings}
    assert found[("AK-NM001", "bname")] == "ALTER INDEX storage.bname RENAME TO buckets_name_key;"
    assert found[("AK-IX001", "bname2")] == "DROP INDEX CONCURRENTLY storage.bname2;"
    assert found[("AK-NM001", "storage.buckets.jsondata")] == \
        "ALTER TABLE storage.buckets RENAME COLUMN jsondata TO json_data;"
    assert found[("AK-NM004", "storage.buckets.Owner")] == \
        'ALTER TABLE storage.buckets RENAME COLUMN "Owner" TO owner;'
    # MySQL names the table in the statement: the index name stays bare
    my = {(f.rule, f.object): f.hint for f in check(
        "CREATE TABLE s.t (id int PRIMARY KEY, a int);\nCREATE INDEX ta ON s.t (a);\n"
        "CREATE INDEX ta2 ON s.t (a);\n", dialect="mysql").findings}
    assert my[("AK-IX001", "ta2")] == "DROP INDEX ta2 ON s.t;"


def test_renames_start_from_the_folded_name_and_end_on_no_reserved_word():
    # Ambari: 'relation "ClusterHostMapping" does not exist' (unquoted: clusterhostmapping);
    # Hatchet: RENAME TO user, 'syntax error at or near "user"'
    sql = ('CREATE TABLE "User" (id int PRIMARY KEY, "firstName" text);\n'
           "CREATE TABLE ClusterHostMapping (id int PRIMARY KEY);\n"
           "CREATE SCHEMA app;\nCREATE TABLE app.OtherThing (id int PRIMARY KEY);\n")
    found = {(f.rule, f.object): f.hint for f in check(sql, dialect="postgres").findings}
    assert found[("AK-NM001", "clusterhostmapping")] == \
        "ALTER TABLE clusterhostmapping RENAME TO cluster_host_mapping;"
    assert found[("AK-NM001", "app.otherthing")] == \
        "ALTER TABLE app.otherthing RENAME TO other_thing;"
    # (the table's hint renames its quoted columns first: run after the table's rename,
    # theirs named a table that was gone)
    assert found[("AK-NM004", "User")] == ('ALTER TABLE "User" RENAME COLUMN "firstName" TO '
                                          'first_name; ALTER TABLE "User" RENAME TO users;')
    assert ("AK-NM001", "User") not in found        # AK-NM004 says it, with this hint
    assert found[("AK-NM004", "User.firstName")] == \
        '-- renamed with table User: its hint renames its columns, then the table'


def test_a_binary_key_length_is_checked_in_bytes():
    # Temporal's bytea keys: 'function char_length(bytea) does not exist'
    sql = "CREATE TABLE n (id bytea PRIMARY KEY);\nCREATE TABLE m (code text PRIMARY KEY);\n"
    found = {f.object: f.hint for f in check(sql, dialect="postgres", select=["AK-PK002"])}
    assert found == {"n.id": "ALTER TABLE n ADD CONSTRAINT n_id_length CHECK (octet_length(id) <= 64);",
                     "m.code": "ALTER TABLE m ADD CONSTRAINT m_code_length CHECK "
                               "(char_length(code) <= 64);"}


def test_an_unquoted_capitalised_name_is_already_the_snake_case_one():
    # Synapse's unquoted Lock column is lock to PostgreSQL: the hint renamed it to itself
    # ('column "lock" ... already exists'); customerId is customerid, words run together
    sql = "CREATE TABLE Users (id int PRIMARY KEY, Lock int, customerId int);\n"
    objects = [f.object for f in check(sql, dialect="postgres", select=["AK-NM001"]).findings]
    assert objects == ["users.customerid"]


def test_snake_case_splits_acronyms_and_sql_server_renames_with_sp_rename():
    # FreeRADIUS' NASIPAddress was renamed to nasipaddress, its own name ('already exists');
    # SQL Server has no ALTER TABLE ... RENAME (AdventureWorks' hints)
    sql = "CREATE TABLE radacct (id int PRIMARY KEY, NASIPAddress inet, BOMLevel int);\n"
    pg = {f.object: f.hint for f in check(sql, dialect="postgres", select=["AK-NM001"])}
    assert pg == {"radacct.nasipaddress":
                  "ALTER TABLE radacct RENAME COLUMN nasipaddress TO nasip_address;",
                  "radacct.bomlevel": "ALTER TABLE radacct RENAME COLUMN bomlevel TO bom_level;"}
    ts = ("CREATE TABLE [dbo].[AWBuildVersion] ([SystemInformationID] int PRIMARY KEY,\n"
          "  [user] int);\n")
    hints = {(f.rule, f.object): f.hint for f in check(ts, dialect="tsql").findings}
    assert hints[("AK-NM001", "awbuildversion")] == \
        "EXEC sp_rename 'AWBuildVersion', 'aw_build_version';"
    assert hints[("AK-NM001", "awbuildversion.systeminformationid")] == \
        "EXEC sp_rename 'AWBuildVersion.SystemInformationID', 'system_information_id', 'COLUMN';"
    assert hints[("AK-NM002", "awbuildversion.user")] == \
        "EXEC sp_rename 'AWBuildVersion.[user]', 'user_name', 'COLUMN';"


def test_sql_server_renames_start_from_the_schema_and_table_as_written():
    # under a case-sensitive collation 'dimension.city' is no object: the names as written
    sql = "CREATE TABLE [Dimension].[City] ([City Key] int NOT NULL PRIMARY KEY);\n"
    hints = {(f.rule, f.object): f.hint for f in check(sql, dialect="tsql").findings}
    assert hints[("AK-NM001", "dimension.city")] == "EXEC sp_rename 'Dimension.City', 'city';"
    assert hints[("AK-NM004", "dimension.city.city key")] == \
        "EXEC sp_rename 'Dimension.City.[City Key]', 'city_key', 'COLUMN';"
    # postgres folds unquoted names: the rename names the table as the engine keeps it
    pg = {f.object: f.hint for f in check("CREATE TABLE Sales.OrderLines (id bigint PRIMARY KEY);",
                                          dialect="postgres", select=["AK-NM001"])}
    assert pg == {"sales.orderlines": "ALTER TABLE sales.orderlines RENAME TO order_lines;"}


def test_a_twin_index_is_not_renamed_to_the_name_proposed_for_the_first():
    # both renames to buckets_name_key: the second would fail ('already exists'); the twin is
    # AK-IX001's to drop
    sql = ("CREATE TABLE buckets (id text PRIMARY KEY, name text NOT NULL);\n"
           "CREATE UNIQUE INDEX bname ON buckets (name);\n"
           "CREATE UNIQUE INDEX bname2 ON buckets (name);\n")
    found = [(f.rule, f.object) for f in check(sql, dialect="postgres").findings
             if f.rule in ("AK-NM001", "AK-IX001")]
    assert sorted(found) == [("AK-IX001", "bname2"), ("AK-NM001", "bname")]


def test_sqlite_renames_by_case_through_a_name_of_their_own_and_adds_no_key_column():
    # sqlite3: 'there is already another table or index with this name' (Spring Batch's
    # BATCH_JOB_INSTANCE, Chinook's Album) and 'Cannot add a PRIMARY KEY column' (Synapse);
    # the hints below ran on sqlite3 3.40
    sql = ("CREATE TABLE BATCH_JOB_INSTANCE (JOB_INSTANCE_ID INTEGER NOT NULL PRIMARY KEY);\n"
           "CREATE TABLE users (name text);\n")
    found = {(f.rule, f.object): f.hint for f in check(sql, dialect="sqlite").findings}
    assert found[("AK-NM001", "batch_job_instance")] == (
        "ALTER TABLE BATCH_JOB_INSTANCE RENAME TO batch_job_instance_renamed; "
        "ALTER TABLE batch_job_instance_renamed RENAME TO batch_job_instance;")
    assert found[("AK-PK001", "users")] == (
        "-- SQLite cannot add a primary key column: rebuild users with id INTEGER PRIMARY KEY")


def test_sqlite_cannot_drop_a_constraint():
    # sqlite3: near "CONSTRAINT": syntax error (Synapse's receipts tables, AK-IX005)
    sql = ("CREATE TABLE r (room text NOT NULL, kind text NOT NULL, usr text NOT NULL,\n"
           "  CONSTRAINT r_a UNIQUE (room, kind, usr), CONSTRAINT r_b UNIQUE (room, kind));\n")
    hints = [f.hint for f in check(sql, dialect="sqlite", select=["AK-IX005"]).findings]
    assert hints == ["-- SQLite cannot drop a constraint: rebuild r without r_a"]
    assert [f.hint for f in check(sql, dialect="postgres", select=["AK-IX005"]).findings] == [
        "ALTER TABLE r DROP CONSTRAINT r_a;"]


# -- timestamp columns an index compares ------------------------------------------------
METRICS = (
    "CREATE TABLE merge_request_metrics (id bigint PRIMARY KEY, merged_at timestamp,\n"
    "  created_at timestamp NOT NULL, closed_at timestamp, first_at timestamp);\n"
    "CREATE INDEX mrm_time_to_merge ON merge_request_metrics (id, merged_at)\n"
    "  WHERE (merged_at > created_at);\n"
    "CREATE INDEX mrm_open ON merge_request_metrics (id) WHERE closed_at IS NULL;\n"
    "CREATE INDEX mrm_recent ON merge_request_metrics (id) WHERE first_at > '2020-01-01';\n")


def test_timestamps_an_index_compares_are_converted_together():
    """GitLab's merge_request_metrics (scout V): converted alone, either column leaves the
    predicate comparing timestamptz with timestamp, and PostgreSQL 15 refuses ('functions
    in index predicate must be marked IMMUTABLE'); in one ALTER TABLE it took both."""
    hints = dict(zip(("merged_at", "created_at", "closed_at", "first_at"),
                     _hints(METRICS, "AK-TY001")))
    assert hints["merged_at"].startswith(
        "ALTER TABLE merge_request_metrics ALTER COLUMN merged_at TYPE timestamptz USING "
        "merged_at AT TIME ZONE 'UTC', ALTER COLUMN created_at TYPE timestamptz USING "
        "created_at AT TIME ZONE 'UTC'; -- together: index mrm_time_to_merge compares them")
    # (run twice, AT TIME ZONE 'UTC' would shift the values again: one hint converts)
    assert hints["created_at"].startswith("-- converted with merge_request_metrics.merged_at")
    # IS NULL compares nothing: the plain change (ran)
    assert hints["closed_at"] == (
        "ALTER TABLE merge_request_metrics ALTER COLUMN closed_at TYPE timestamptz USING "
        "closed_at AT TIME ZONE 'UTC'; -- the values are taken as UTC: name the zone they "
        "were written in")
    # a written value: the index must go first (the change alone was refused)
    assert "index mrm_recent compares first_at with a timestamp value" in hints["first_at"]


def test_inconsistent_type_hint_leaves_compared_timestamps_to_the_converting_hint():
    sql = METRICS + ("CREATE TABLE a (id bigint PRIMARY KEY, merged_at timestamptz,\n"
                     "  created_at timestamptz NOT NULL);\n"
                     "CREATE TABLE b (id bigint PRIMARY KEY, merged_at timestamptz,\n"
                     "  created_at timestamptz NOT NULL);\n")
    hints = {f.object: f.hint for f in check(sql, dialect="postgres").findings
             if f.rule == "AK-TY008"}
    assert hints["merge_request_metrics.merged_at"] == (
        "-- converted with created_at by AK-TY001's hint on merge_request_metrics.merged_at "
        "(index mrm_time_to_merge compares them)")


def test_an_index_expression_comparing_a_timestamp_with_a_value_is_named():
    # Temporal's visibility schema: (COALESCE(close_time, '9999-12-31 23:59:59')) DESC;
    # PostgreSQL 15: 'functions in index expression must be marked IMMUTABLE'
    sql = ("CREATE TABLE ev (ns int, close_time timestamp, start_time timestamp);\n"
           "CREATE INDEX default_idx ON ev (ns, (COALESCE(close_time, '9999-12-31 23:59:59'))"
           " DESC, start_time DESC);\n")
    hints = _hints(sql, "AK-TY001")
    assert "index default_idx compares close_time with a timestamp value" in hints[0]
    assert "'functions in index expression must be marked IMMUTABLE'" in hints[0]
    assert "default_idx" not in hints[1]          # start_time: a plain key column
