"""Hints and findings a scout checked against real engines on inputs nobody here wrote
(Quartz, Bareos, phpBB, Spring Security ACL, Spring Session, Netflix Conductor; scout S),
each as the engine answered: PostgreSQL 15, MariaDB 10.11. The engines are not needed
here: these tests pin what they said."""

from __future__ import annotations

from archkit.schema import check, load_schema
from archkit.schema.cache import IncrementalChecker


def _found(sql: str, rule: str, dialect: str = "postgres") -> dict[str, str]:
    return {f.object: f.hint for f in check(sql, dialect=dialect, select=[rule]).findings}


# -- AK-TY008 ----------------------------------------------------------------------------
def test_a_foreign_key_column_is_not_compared_with_a_namesake():
    # Spring Security ACL: acl_entry.sid is a bigint key to acl_sid.id; acl_sid.sid is a
    # name. The hint to make acl_entry.sid varchar failed on PostgreSQL, and on MariaDB
    # left the table without its foreign key
    sql = ("create table acl_sid(id bigint primary key, principal boolean not null,\n"
           "  sid varchar(100) not null);\n"
           "create table acl_entry(id bigint primary key, sid bigint not null,\n"
           "  constraint foreign_fk_5 foreign key(sid) references acl_sid(id));\n")
    assert _found(sql, "AK-TY008") == {}
    assert _found(sql, "AK-TY008", "mysql") == {}


def test_no_conversion_that_loses_values_or_structure():
    # Conductor: json_data jsonb (full-text indexed) beside text elsewhere: PostgreSQL
    # refused the ALTER to text; phpBB: folder_id int holds -1 .. -4, which MEDIUMINT
    # UNSIGNED refuses (strict) or turns to 0
    jsonb = ("CREATE TABLE workflow (workflow_id varchar(255) PRIMARY KEY, json_data text);\n"
             "CREATE TABLE task (task_id varchar(255) PRIMARY KEY, json_data text);\n"
             "CREATE TABLE workflow_index (workflow_id varchar(255) PRIMARY KEY,\n"
             "  json_data jsonb);\n")
    hint = _found(jsonb, "AK-TY008")["workflow_index.json_data"]
    assert hint.startswith("-- workflow_index.json_data holds jsonb values") and "ALTER" not in hint
    signed = ("CREATE TABLE folder (folder_id mediumint(8) UNSIGNED NOT NULL auto_increment,\n"
              "  PRIMARY KEY (folder_id));\n"
              "CREATE TABLE msg_to (msg_id int NOT NULL PRIMARY KEY, folder_id int(11) NOT NULL);\n")
    assert list(_found(signed, "AK-TY008", "mysql").values()) == [
        "-- choose one type for folder_id in every table"]
    # widening stays a concrete change
    wider = ("CREATE TABLE a (id int PRIMARY KEY, n bigint);\nCREATE TABLE b (id int PRIMARY KEY, n bigint);\n"
             "CREATE TABLE c (id int PRIMARY KEY, n int);\n")
    assert _found(wider, "AK-TY008")["c.n"] == "ALTER TABLE c ALTER COLUMN n TYPE BIGINT;"


# -- names as the engine keeps them ------------------------------------------------------
def test_a_check_list_lookup_table_uses_the_column_postgres_keeps():
    # Bareos: 'column "VolStatus" does not exist' (unquoted: volstatus)
    values = ", ".join(f"'{c}'" for c in "abcdefghij")
    sql = f"CREATE TABLE media (id bigint PRIMARY KEY, VolStatus text NOT NULL CHECK (VolStatus IN ({values})));\n"
    assert _found(sql, "AK-TY005") == {"media.volstatus": (
        "CREATE TABLE volstatus_value (code text PRIMARY KEY); INSERT INTO "
        f"volstatus_value (code) VALUES {', '.join(f'({v})' for v in values.split(', '))}; "
        "ALTER TABLE media ADD FOREIGN KEY (volstatus) REFERENCES volstatus_value (code);")}


def test_an_index_named_after_the_words_as_written_is_not_renamed_to_itself():
    # Bareos: job_media_job_id_idx on JobMedia (JobId): the hint renamed it to its own name
    sql = ("CREATE TABLE JobMedia (id bigint PRIMARY KEY, JobId bigint NOT NULL);\n"
           "CREATE INDEX job_media_job_id_idx ON JobMedia (JobId);\n")
    assert "job_media_job_id_idx" not in _found(sql, "AK-NM001")


# -- DDL run from strings ----------------------------------------------------------------
def test_an_index_dropped_from_a_string_may_be_made_again_under_its_name():
    # Conductor's Flyway V6: SET @s := IF(..., 'ALTER TABLE ... DROP INDEX ...', ...);
    # PREPARE; EXECUTE; CREATE INDEX of the same name: MariaDB runs the chain
    sql = ("CREATE TABLE queue_message (id bigint NOT NULL PRIMARY KEY,\n"
           "  queue_name varchar(255) NOT NULL, priority tinyint DEFAULT 0,\n"
           "  popped boolean DEFAULT false, KEY combo_queue_message (queue_name, popped));\n"
           "SET @sqlstmt := IF(@exist > 0, 'ALTER TABLE `queue_message` DROP INDEX "
           "`combo_queue_message`', 'SELECT 1');\n"
           "PREPARE stmt FROM @sqlstmt;\nEXECUTE stmt;\n"
           "CREATE INDEX combo_queue_message ON queue_message (queue_name, priority, popped);\n")
    assert _found(sql, "AK-SQL003", "mysql") == {}
    ix = load_schema(sql, "mysql").tables["queue_message"].indexes
    assert [(i.name, i.column_names) for i in ix] == [
        ("combo_queue_message", ("queue_name", "priority", "popped"))]


# -- migrations in a transaction -----------------------------------------------------------
def test_concurrently_hints_say_when_the_file_runs_them_in_a_transaction():
    # Bareos' update scripts: BEGIN; ... COMMIT; PostgreSQL refuses CONCURRENTLY inside,
    # and the DROP hint had lost IF EXISTS ('index ... does not exist')
    sql = ("BEGIN;\nDROP INDEX IF EXISTS file_jobid_idx;\n"
           "CREATE INDEX job_media_media_id_job_id_idx ON jobmedia (mediaid, jobid);\nCOMMIT;\n"
           "CREATE INDEX later_idx ON jobmedia (jobid);\n")
    hints = _found(sql, "AK-MG004")
    note = " -- CONCURRENTLY cannot run inside a transaction block: move it after the file's COMMIT"
    assert hints == {
        "file_jobid_idx": "DROP INDEX CONCURRENTLY IF EXISTS file_jobid_idx;" + note,
        "job_media_media_id_job_id_idx": "CREATE INDEX CONCURRENTLY job_media_media_id_job_id_idx "
                                         "ON jobmedia (mediaid, jobid);" + note,
        "later_idx": "CREATE INDEX CONCURRENTLY later_idx ON jobmedia (jobid);"}


# -- AK-PK001 ----------------------------------------------------------------------------
PROMOTE = ("CREATE TABLE a (x int NOT NULL, y text);\nCREATE UNIQUE INDEX a_x ON a (x);\n"
           "CREATE TABLE b (x int NOT NULL, CONSTRAINT b_x UNIQUE (x));\n"
           "CREATE TABLE c (id int PRIMARY KEY, b_x int REFERENCES b (x));\n")


def test_a_promoted_key_takes_over_the_unique_index_instead_of_building_another():
    # phpBB: ADD PRIMARY KEY (x) beside a unique index on x made a second index, which
    # AK-IX003 then reported; both hints ran on PostgreSQL 15
    assert _found(PROMOTE, "AK-PK001") == {
        "a": "ALTER TABLE a ADD PRIMARY KEY USING INDEX a_x;",
        "b": "ALTER TABLE c DROP CONSTRAINT c_b_x_fkey; ALTER TABLE b DROP CONSTRAINT b_x, "
             "ADD PRIMARY KEY (x); ALTER TABLE c ADD CONSTRAINT c_b_x_fkey FOREIGN KEY (b_x) "
             "REFERENCES b (x) NOT VALID; ALTER TABLE c VALIDATE CONSTRAINT c_b_x_fkey;"}
    assert _found(PROMOTE, "AK-PK001", "mysql")["a"] == "ALTER TABLE a ADD PRIMARY KEY (x);"


def test_incremental_recheck_follows_the_keys_resting_on_a_promoted_unique():
    inc = IncrementalChecker(PROMOTE, dialect="postgres")
    index = next(i for i, s in enumerate(inc.catalog.statements) if "TABLE c" in s.sql)
    got = inc.edit(index, "CREATE TABLE c (id int PRIMARY KEY, b_x int)")
    want = check(PROMOTE.replace(" REFERENCES b (x)", ""), dialect="postgres")
    key = lambda f: (f.rule, f.line, f.message, f.hint)  # noqa: E731
    assert sorted(map(key, got.findings)) == sorted(map(key, want.findings))
    assert [f.hint for f in got.findings if f.rule == "AK-PK001" and f.object == "b"] == [
        "ALTER TABLE b DROP CONSTRAINT b_x, ADD PRIMARY KEY (x);"]


def test_sqlite_text_keys_are_no_more_unbounded_than_varchar_ones():
    # SQLite enforces no declared length: Conductor's 26 TEXT keys were reported, its
    # VARCHAR(n) keys, which hold as much, were not
    sql = ("CREATE TABLE a (k TEXT PRIMARY KEY);\nCREATE TABLE b (k VARCHAR(64) PRIMARY KEY);\n")
    assert _found(sql, "AK-PK002", "sqlite") == {}
    assert list(_found(sql, "AK-PK002", "postgres")) == ["a.k"]


def test_a_replaced_constraint_keeps_its_drop_and_validates_after_the_transaction():
    # Bareos 2240 -> 2250: DROP CONSTRAINT IF EXISTS c, ADD CONSTRAINT c CHECK ... inside
    # BEGIN ... COMMIT; the hint without the drop failed ('already exists')
    sql = ("BEGIN;\nALTER TABLE media\n  DROP CONSTRAINT IF EXISTS media_volstatus_check,\n"
           "  ADD CONSTRAINT media_volstatus_check CHECK (volstatus IN ('Unlabeled', 'Full'));\n"
           "COMMIT;\n")
    assert _found(sql, "AK-MG005") == {"media.media_volstatus_check": (
        "ALTER TABLE media DROP CONSTRAINT IF EXISTS media_volstatus_check; ALTER TABLE media "
        "ADD CONSTRAINT media_volstatus_check CHECK (volstatus IN ('Unlabeled', 'Full')) NOT "
        "VALID; ALTER TABLE media VALIDATE CONSTRAINT media_volstatus_check; -- VALIDATE after "
        "the file's COMMIT: in its transaction the ADD's lock is held while it validates")}


def test_an_auto_increment_column_is_not_turned_into_text():
    # Flowable: ACT_HI_TSK_LOG.ID_ bigint auto_increment beside varchar ID_ elsewhere;
    # MariaDB: 'Incorrect column specifier for column ID_' (a varchar AUTO_INCREMENT)
    sql = ("create table a (ID_ varchar(64) not null, primary key (ID_));\n"
           "create table b (ID_ varchar(64) not null, primary key (ID_));\n"
           "create table log (ID_ bigint auto_increment, primary key (ID_));\n")
    hint = _found(sql, "AK-TY008", "mariadb")["log.ID_"]
    assert hint.startswith("--") and "MODIFY" not in hint


# -- scout T: Prisma chains (documenso, rallly, formbricks, typebot) on PostgreSQL 15 ------
def test_widening_a_serial_key_widens_its_sequence():
    # 'nextval: reached maximum value of sequence "User_id_seq" (2147483647)' after the
    # column alone became bigint; an identity column's sequence follows by itself
    sql = ('CREATE TABLE "User" (id SERIAL PRIMARY KEY, n int);\n'
           "CREATE TABLE b (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);\n")
    assert _found(sql, "AK-PK003") == {
        "User.id": 'ALTER TABLE "User" ALTER COLUMN id TYPE bigint; '
                   'ALTER SEQUENCE "User_id_seq" AS bigint;',
        "b.id": "ALTER TABLE b ALTER COLUMN id TYPE bigint;"}


def test_a_cascade_is_replaced_not_just_dropped():
    # the re-add was a comment: the hint left the table with no foreign key at all
    sql = ("CREATE TABLE a (id int PRIMARY KEY);\n"
           "CREATE TABLE b (id int PRIMARY KEY, a_id int, CONSTRAINT b_a FOREIGN KEY (a_id)\n"
           "  REFERENCES a (id) ON DELETE CASCADE);\n"
           "CREATE TABLE c (id int PRIMARY KEY, b_id int, CONSTRAINT c_b FOREIGN KEY (b_id)\n"
           "  REFERENCES b (id) ON DELETE CASCADE);\n"
           "CREATE TABLE d (id int PRIMARY KEY, c_id int, CONSTRAINT d_c FOREIGN KEY (c_id)\n"
           "  REFERENCES c (id) ON DELETE CASCADE);\n")
    assert list(_found(sql, "AK-FK007").values()) == [
        "ALTER TABLE d DROP CONSTRAINT d_c; ALTER TABLE d ADD CONSTRAINT d_c FOREIGN KEY (c_id) "
        "REFERENCES c (id) ON DELETE RESTRICT NOT VALID; ALTER TABLE d VALIDATE CONSTRAINT d_c;"]
    assert list(_found(sql, "AK-FK007", "sqlite").values()) == [
        "-- SQLite cannot change a foreign key in place: rebuild d with d_c ON DELETE RESTRICT"]


def test_timestamptz_keeps_the_stored_instants():
    # without USING, PostgreSQL reads the digits in the session's zone (New York: 12:00
    # became 17:00 UTC); Prisma writes UTC
    sql = 'CREATE TABLE "Post" (id text PRIMARY KEY, "createdAt" timestamp(3) NOT NULL);\n'
    assert _found(sql, "AK-TY001") == {"Post.createdAt": (
        'ALTER TABLE "Post" ALTER COLUMN "createdAt" TYPE timestamptz USING "createdAt" AT TIME '
        "ZONE 'UTC'; -- the values are taken as UTC: name the zone they were written in")}


def test_a_rename_to_a_column_the_table_has_is_not_proposed():
    # documenso's Account has createdAt and created_at: 'column "created_at" ... already exists'
    sql = 'CREATE TABLE "Account" (id text PRIMARY KEY, "createdAt" timestamptz, created_at timestamptz);\n'
    assert _found(sql, "AK-NM001")["Account.createdAt"] == (
        "-- created_at is the name of another column of Account: choose another name for "
        "createdAt, or drop that column first")


def test_hints_that_are_not_sql_read_as_notes():
    # every engine: 'syntax error at or near "review"'
    sql = "CREATE TABLE t (id int PRIMARY KEY);\nCREATE EXTENSION pgcrypto;\nCREATE TABLE (;\n"
    hints = [f.hint for f in check(sql, dialect="postgres", select=["AK-SQL"]).findings]
    assert hints and all(h.startswith("--") for h in hints)
    # AK-SQL003's advice too (psql: 'syntax error at or near "it"'; scout AS)
    conflicts = ("CREATE TABLE t (id int PRIMARY KEY, email text);\n"
                 "ALTER TABLE t DROP CONSTRAINT nope;\nCREATE INDEX t_mail ON t (mail);\n"
                 "ALTER TABLE t ADD PRIMARY KEY (email);\nCREATE TABLE t (id int);\n")
    hints = [f.hint for f in check(conflicts, dialect="postgres", select=["AK-SQL003"])]
    assert len(hints) == 4 and all(h.startswith("-- ") for h in hints)
    assert "-- drop the old key first (ALTER TABLE t DROP CONSTRAINT t_pkey;), or make " \
           "this one UNIQUE" in hints


def test_dropping_a_constraint_a_created_table_does_not_have_is_refused():
    # PostgreSQL 15: 'constraint "nope" of relation "t" does not exist'; IF EXISTS skips,
    # and names postgres gave unnamed constraints are found (t_a_key, t_b_check, t_pkey)
    sql = ("CREATE TABLE t (id int PRIMARY KEY, a int UNIQUE, b int CHECK (b > 0));\n"
           "ALTER TABLE t DROP CONSTRAINT nope;\nALTER TABLE t DROP CONSTRAINT t_a_key;\n"
           "ALTER TABLE t DROP CONSTRAINT t_b_check;\nALTER TABLE t DROP CONSTRAINT IF EXISTS nope2;\n"
           "ALTER TABLE t DROP CONSTRAINT t_pkey;\n")
    found = check(sql, dialect="postgres", select=["AK-SQL003"]).findings
    assert [(f.line, f.object) for f in found] == [(2, "t.nope")]
    # a table the input does not make: its constraints are unknown, nothing said
    assert check("ALTER TABLE other DROP CONSTRAINT nope;", dialect="postgres",
                 select=["AK-SQL003"]).findings == []


def test_dropping_or_renaming_an_index_no_table_of_the_input_has_is_refused():
    # PostgreSQL 15, this very input: 'index "t_x_idx" does not exist', 'relation
    # "t_a_idx" does not exist' (renamed before); IF EXISTS skips; the names postgres
    # gave an unnamed index (t_b_idx) and an unnamed key (t_pkey) are found
    sql = ("CREATE TABLE t (id bigint PRIMARY KEY, a int, b int, CONSTRAINT t_b_key UNIQUE (b));\n"
           "CREATE INDEX t_a_idx ON t (a);\nCREATE INDEX ON t (b);\nDROP INDEX t_b_idx;\n"
           "DROP INDEX t_x_idx;\nDROP INDEX IF EXISTS t_y_idx;\n"
           "ALTER INDEX t_a_idx RENAME TO t_a2_idx;\nALTER INDEX t_a_idx RENAME TO t_a3_idx;\n"
           "ALTER INDEX IF EXISTS t_q_idx RENAME TO t_a3_idx;\n"
           "ALTER INDEX t_pkey RENAME TO t_pk;\nDROP INDEX t_pk;\n")
    found = check(sql, dialect="postgres", select=["AK-SQL003"]).findings
    assert [(f.line, f.col, f.object) for f in found] == [
        (5, 12, "t_x_idx"), (8, 13, "t_a_idx"), (11, 12, "t_pk")]
    assert found[0].message.startswith('DROP INDEX t_x_idx: index "t_x_idx" does not exist')
    assert found[1].message.startswith('ALTER INDEX t_a_idx: relation "t_a_idx" does not exist')
    assert "constraint t_pk" in found[2].message        # (refused for another reason)
    # an index the input may not know: a table from before it, code archkit does not
    # follow, a statement that did not parse, a partition: nothing said
    for before in ("ALTER TABLE other ADD COLUMN c int;",
                   "CREATE INDEX o_idx ON other (c);",
                   "DO $$ BEGIN EXECUTE 'CREATE INDEX ' || 'x_idx ON t (a)'; END $$;",
                   "CREATE FUNCTION f() RETURNS void AS $$ CREATE INDEX x_idx ON t (a) $$ "
                   "LANGUAGE sql;",
                   "CREATE INDEX x_idx ON t (a;",
                   "CREATE TABLE p PARTITION OF t2 FOR VALUES IN (1);"):
        sql = ("CREATE TABLE t (id bigint PRIMARY KEY, a int);\n"
               "CREATE TABLE t2 (id bigint, k int) PARTITION BY LIST (k);\n"
               f"{before}\nDROP INDEX x_idx;\n")
        found = check(sql, dialect="postgres", select=["AK-SQL003"]).findings
        assert not [f for f in found if f.object == "x_idx"], before
    # other dialects: not judged here (SQL Server and MySQL name the table)
    assert check("CREATE TABLE t (a int);\nDROP INDEX x ON t;", dialect="mysql",
                 select=["AK-SQL003"]).findings == []


def test_a_duckdb_table_rename_makes_its_indexes_again_on_the_new_name():
    # DuckDB refuses to rename a table that has indexes, so the hint drops them first;
    # they were made again on the old name ('Table with name Order does not exist')
    import duckdb

    sql = ('CREATE TABLE "Order" (id bigint PRIMARY KEY, total int);\n'
           'CREATE INDEX order_total_idx ON "Order" (total);')
    [hint] = {f.hint for f in check(sql, dialect="duckdb") if f.rule in ("AK-NM001", "AK-NM002")}
    assert hint.endswith("RENAME TO orders; CREATE INDEX order_total_idx ON orders(total);")
    con = duckdb.connect()
    con.execute(sql)
    con.execute(hint)
    assert con.execute("SELECT index_name, table_name FROM duckdb_indexes()").fetchall() == \
        [("order_total_idx", "orders")]


def test_a_reserved_table_name_is_renamed_in_its_schema():
    # AK-NM002 renamed "order", not app."order": another table, or none, on the path
    pg = _found('CREATE TABLE app."order" (id bigint PRIMARY KEY);', "AK-NM002")
    assert pg == {"app.order": 'ALTER TABLE app."order" RENAME TO orders;'}
    # MySQL renames into the current database when the new name has none
    my = _found("CREATE TABLE shop.`order` (id bigint PRIMARY KEY);", "AK-NM002", "mysql")
    assert my == {"shop.order": "ALTER TABLE shop.`order` RENAME TO shop.orders;"}
    my1 = _found("CREATE TABLE shop.Orders (id bigint PRIMARY KEY);", "AK-NM001", "mysql")
    assert my1["shop.Orders"] == "ALTER TABLE shop.Orders RENAME TO shop.orders;"
    # the qualified rename runs on DuckDB
    import duckdb

    sql = 'CREATE TABLE main."order" (id bigint PRIMARY KEY);'
    [hint] = _found(sql, "AK-NM002", "duckdb").values()
    con = duckdb.connect()
    con.execute(sql)
    con.execute(hint)
    assert con.execute("SELECT table_name FROM duckdb_tables()").fetchall() == [("orders",)]


def test_two_foreign_keys_on_one_column_widen_it_once():
    sql = ("CREATE TABLE store (storeid int PRIMARY KEY);\n"
           "CREATE TABLE sale (id bigint PRIMARY KEY, storeid int,\n"
           "  CONSTRAINT fk_a FOREIGN KEY (storeid) REFERENCES store (storeid),\n"
           "  CONSTRAINT fk_b FOREIGN KEY (storeid) REFERENCES store (storeid));")
    assert _found(sql, "AK-PK003") == {"store.storeid": (
        "ALTER TABLE store ALTER COLUMN storeid TYPE bigint; "
        "ALTER TABLE sale ALTER COLUMN storeid TYPE bigint;")}


def test_an_enum_s_lookup_table_holds_the_values_migrations_added():
    # ALTER TYPE ... ADD VALUE / RENAME VALUE were not followed: the hint's lookup table
    # had the CREATE TYPE's values, and its foreign key failed on rows holding the later
    # ones (Lemmy's community_visibility; scout AS). Checked on PostgreSQL 15: the hint
    # runs on a table holding 'archived', 'done' and 'draft'.
    from archkit.schema import check

    sql = ("CREATE TYPE state AS ENUM ('open', 'closed');\n"
           "CREATE TABLE ticket (id bigint PRIMARY KEY, state state NOT NULL);\n"
           "ALTER TYPE state ADD VALUE 'archived';\n"
           "ALTER TYPE public.state ADD VALUE IF NOT EXISTS 'draft' BEFORE 'open';\n"
           "ALTER TYPE state ADD VALUE IF NOT EXISTS 'open';\n"
           "ALTER TYPE state RENAME VALUE 'closed' TO 'done';\n")
    [f] = check(sql, select=["AK-TY005"], cache=False)
    assert "VALUES ('draft'), ('open'), ('done'), ('archived');" in f.hint


def test_a_renamed_serial_sequence_is_the_one_the_hints_name():
    # Lemmy: user_ became person and ALTER SEQUENCE user__id_seq RENAME TO person_id_seq;
    # AK-PK003's and AK-PK004's hints named user__id_seq ('relation "user__id_seq" does
    # not exist'; scout AS). Both hints below ran on PostgreSQL 15 after the migration.
    sql = ("CREATE TABLE user_ (id serial PRIMARY KEY, name text NOT NULL);\n"
           "ALTER TABLE user_ RENAME TO person;\n"
           "ALTER SEQUENCE user__id_seq RENAME TO person_id_seq;\n")
    found = {f.rule: f for f in check(sql, cache=False)}
    assert found["AK-PK003"].hint == ("ALTER TABLE person ALTER COLUMN id TYPE bigint; "
                                      "ALTER SEQUENCE person_id_seq AS bigint;")
    assert "DROP SEQUENCE person_id_seq;" in found["AK-PK004"].hint
    assert "AK-SQL002" not in found          # (the rename is followed, not set aside)


# -- AK-PK002 on boolean keys ------------------------------------------------------------
def test_a_boolean_key_is_a_one_row_table_or_a_flag_beside_a_key():
    """Lemmy's previously_run_sql (id boolean PRIMARY KEY, one row): the hint added a
    column id beside the key named id ('column "id" ... already exists', scout AS); a
    boolean beside the user's id keys two rows per user, not two in all."""
    pinned = ("CREATE TABLE a (id boolean PRIMARY KEY CHECK (id), v text);\n"
              "CREATE TABLE b (id boolean PRIMARY KEY DEFAULT true, v text);\n"
              "CREATE TABLE c (id boolean PRIMARY KEY, v text, CHECK (id IS TRUE));\n"
              "CREATE TABLE d (user_id bigint, is_billing boolean, line text,\n"
              "  PRIMARY KEY (user_id, is_billing));\n")
    assert _found(pinned, "AK-PK002") == {}
    sql = "CREATE TABLE runs (id boolean PRIMARY KEY, runs_id int, content text);\n"
    assert _found(sql, "AK-PK002") == {"runs.id": (
        "ALTER TABLE runs ADD CONSTRAINT runs_one_row CHECK (id); -- for one row; to hold "
        "more, key it by a numbered column: ALTER TABLE runs ADD COLUMN row_id bigint "
        "GENERATED ALWAYS AS IDENTITY;")}
    # T-SQL has no boolean expressions: CHECK (id) is 'An expression of non-boolean type'
    assert _found("CREATE TABLE s (id bit PRIMARY KEY, v int);", "AK-PK002", "tsql") == {
        "s.id": "ALTER TABLE s ADD CONSTRAINT s_one_row CHECK (id = 1); -- for one row; to "
                "hold more, key it by a numbered column: ALTER TABLE s ADD s_id BIGINT "
                "IDENTITY(1, 1);"}
    # a float key named id: the new key column takes a free name
    assert _found("CREATE TABLE r (id double precision PRIMARY KEY);", "AK-PK002") == {
        "r.id": "ALTER TABLE r ADD COLUMN r_id bigint GENERATED ALWAYS AS IDENTITY; -- make "
                "it the primary key and keep id as a UNIQUE attribute"}


# -- new indexes named as the schema names its indexes -----------------------------------
NAMED_IDX = """CREATE TABLE customer (id bigint PRIMARY KEY, name text, email text);
CREATE TABLE store (id bigint PRIMARY KEY, name text, city text);
CREATE TABLE staff (id bigint PRIMARY KEY, store_id bigint REFERENCES store, name text);
CREATE INDEX idx_staff_store_id ON staff (store_id);
CREATE INDEX idx_customer_name ON customer (name);
CREATE INDEX idx_customer_email ON customer (email);
CREATE INDEX idx_store_city ON store (city);
CREATE INDEX idx_staff_name ON staff (name);
CREATE INDEX idx_store_name ON store (name);
CREATE TABLE rental (id bigint PRIMARY KEY, customer_id bigint REFERENCES customer);
"""


def test_a_hint_names_a_new_index_as_the_schema_names_its_indexes():
    """The hint said rental_customer_id_idx in a schema of idx_<table>_<columns> names:
    following it made an AK-NM001 finding."""
    (hint,) = _found(NAMED_IDX, "AK-IX006").values()
    assert hint == ("CREATE INDEX CONCURRENTLY idx_rental_customer_id ON rental "
                    "(customer_id);")
    fixed = NAMED_IDX + "CREATE INDEX idx_rental_customer_id ON rental (customer_id);\n"
    assert [f.rule for f in check(fixed, select=["AK-IX006", "AK-NM001"],
                                  cache=False)] == []
    # archkit.toml's pattern wins over what the schema does
    conf = {"schema": {"index_patterns": ["ix_{table}_{columns}"]}}
    (f,) = check(NAMED_IDX, select=["AK-IX006"], cache=False, config=conf)
    assert "ix_rental_customer_id ON rental" in f.hint


def test_an_edit_that_changes_the_convention_changes_the_hints_as_a_full_check_does():
    from archkit.schema.cache import IncrementalChecker

    ic = IncrementalChecker(NAMED_IDX)
    assert "idx_rental_customer_id" in ic.report.by_rule("AK-IX006")[0].hint
    # five of the six indexes renamed to <table>_<columns>_idx in one edit each: the
    # convention moves back to the default, and rental's hint with it
    for old in ("idx_staff_store_id", "idx_customer_name", "idx_customer_email",
                "idx_store_city", "idx_staff_name"):
        i = next(j for j, s in enumerate(ic.statements) if f"INDEX {old} " in s.sql)
        table, cols = {"idx_staff_store_id": ("staff", "store_id"),
                       "idx_customer_name": ("customer", "name"),
                       "idx_customer_email": ("customer", "email"),
                       "idx_store_city": ("store", "city"),
                       "idx_staff_name": ("staff", "name")}[old]
        report = ic.edit(i, f"CREATE INDEX {table}_{cols}_idx ON {table} ({cols})")
        assert report.findings == check(ic.text).findings
    assert "rental_customer_id_idx" in report.by_rule("AK-IX006")[0].hint
