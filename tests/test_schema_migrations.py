"""Migration folders: down migrations and dbmate / goose down sections do not build the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archkit.schema import check
from archkit.schema.migrations import forward_files, is_down_migration, without_down_sections


@pytest.mark.parametrize("name, down", [
    ("000002_add_email.down.sql", True),        # golang-migrate, sqlx
    ("000002_add_email.up.sql", False),
    ("20240101_add_email_down.sql", False),      # without its up twin: an up migration
    ("V3__scale_down.sql", False),
    ("0042_tear-down.sql", False),
    ("down.sql", True),                          # diesel: <version>_<name>/down.sql
    ("up.sql", False),
    ("U2__add_email.sql", True),                 # Flyway undo
    ("V2__add_email.sql", False),
    ("U2_1__fix.sql", True),
    ("countdown.sql", False),                    # a word ending in "down" is not a marker
    ("001_shutdown_log.sql", False),
    ("Users.sql", False),
])
def test_down_migration_names(name, down):
    assert is_down_migration(name) is down


def test_underscore_down_is_a_down_migration_beside_its_up_twin():
    files = [Path("m/20240101_add_email_down.sql"), Path("m/20240101_add_email_up.sql"),
             Path("m/1700000000-add-email-down.sql"), Path("m/1700000000-add-email-up.sql"),
             Path("m/V3__scale_down.sql")]
    kept, down = forward_files(files)
    assert down == [files[0], files[2]]
    assert kept == [files[1], files[3], files[4]]
    # the twin must be in the same folder
    assert not is_down_migration("a/x_down.sql", ["b/x_up.sql"])


def test_down_files_are_left_out_only_beside_up_files():
    files = [Path("1.down.sql"), Path("1.up.sql"), Path("2.up.sql")]
    assert forward_files(files) == ([Path("1.up.sql"), Path("2.up.sql")], [Path("1.down.sql")])
    alone = [Path("1.down.sql"), Path("2.down.sql")]
    assert forward_files(alone) == (alone, [])


def test_dbmate_down_sections_are_blanked_in_place():
    text = ("-- migrate:up\nCREATE TABLE a (id int);\n\n-- migrate:down\nDROP TABLE a;\n"
            "-- migrate:up\nCREATE TABLE b (id int);\n-- migrate:down\nDROP TABLE b;")
    out = without_down_sections(text)
    assert len(out) == len(text) and out.count("\n") == text.count("\n")
    assert "DROP" not in out and "CREATE TABLE a" in out and "CREATE TABLE b" in out
    assert out.splitlines()[6] == "CREATE TABLE b (id int);"    # positions kept
    plain = "CREATE TABLE a (id int);\n-- migrate:down is mentioned, no up marker\nDROP TABLE a;"
    assert without_down_sections(plain) == plain


def _golang_migrate(folder: Path) -> list[Path]:
    files = {
        "000001_init.up.sql": "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);\n",
        "000001_init.down.sql": "DROP TABLE users;\n",
        "000002_email.up.sql": "ALTER TABLE users ADD COLUMN email text;\n",
        "000002_email.down.sql": "ALTER TABLE users DROP COLUMN email;\n",
        "000003_index.up.sql": "CREATE INDEX users_email_idx ON users (email);\n",
        "000003_index.down.sql": "DROP INDEX users_email_idx;\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text)
    return sorted(folder.glob("*.sql"))


def test_golang_migrate_folder_checks_as_its_up_migrations(tmp_path):
    report = check(_golang_migrate(tmp_path))
    assert report.by_rule("AK-SQL003") == [] and report.by_rule("AK-MG001") == []
    ups = check(sorted(tmp_path.glob("*.up.sql")))
    assert [f.to_dict() for f in report] == [f.to_dict() for f in ups]


def test_diesel_folders_check_as_their_up_files(tmp_path):
    for version, up, down in [
            ("2024-01-01-000000_init", "CREATE TABLE users (id bigint PRIMARY KEY);",
             "DROP TABLE users;"),
            ("2024-02-01-000000_email", "ALTER TABLE users ADD COLUMN email text;",
             "ALTER TABLE users DROP COLUMN email;")]:
        (tmp_path / version).mkdir()
        (tmp_path / version / "up.sql").write_text(up + "\n")
        (tmp_path / version / "down.sql").write_text(down + "\n")
    report = check(sorted(tmp_path.glob("*/*.sql")))
    assert report.by_rule("AK-SQL003") == [] and report.by_rule("AK-MG001") == []


def test_dbmate_file_checks_its_up_sections_at_their_lines(tmp_path):
    p = tmp_path / "20240101_init.sql"
    p.write_text("-- migrate:up\nCREATE TABLE users (id int PRIMARY KEY);\n\n"
                 "-- migrate:down\nDROP TABLE users;\n")
    report = check([p])
    assert report.by_rule("AK-MG001") == []
    (f,) = report.by_rule("AK-PK003")
    assert (f.line, f.col) == (2, 21)


def test_cli_says_which_down_migrations_it_left_out(cli, tmp_path):
    files = [str(p) for p in _golang_migrate(tmp_path)]
    res = cli("schema", "check", "--format", "json", "--no-cache", *files)
    assert res.code in (0, 1)
    json.loads(res.out)                      # the note does not touch the report
    assert "left out 3 down migrations (000001_init.down.sql, 000002_email.down.sql, " \
           "000003_index.down.sql)" in res.err
    res = cli("schema", "check", "--no-cache", str(tmp_path / "000002_email.down.sql"))
    assert "left out" not in res.err and "AK-MG001" in res.out


def test_cli_names_diesel_down_files_by_their_migration(cli, tmp_path):
    for version, up, down in [("2024-01-01-000000_init", "CREATE TABLE u (id bigint PRIMARY KEY);",
                               "DROP TABLE u;")]:
        (tmp_path / version).mkdir()
        (tmp_path / version / "up.sql").write_text(up + "\n")
        (tmp_path / version / "down.sql").write_text(down + "\n")
    res = cli("schema", "check", "--no-cache", *map(str, sorted(tmp_path.glob("*/*.sql"))))
    assert "left out 1 down migration (2024-01-01-000000_init/down.sql)" in res.err


def test_numbers_in_file_names_are_compared_as_numbers(tmp_path):
    # Flyway applies V2 before V10 (and V20); name order put V20 before V2, so an
    # index V20 makes on a column V2 adds was reported as naming a missing column
    files = {"V1__init.sql": "CREATE TABLE account (id bigint PRIMARY KEY, name text);\n",
             "V2__email.sql": "ALTER TABLE account ADD COLUMN email text;\n",
             "V20__email_idx.sql": "CREATE INDEX account_email_idx ON account (email);\n"}
    for i in range(3, 20):
        files[f"V{i}__t{i}.sql"] = f"CREATE TABLE t{i} (id bigint PRIMARY KEY);\n"
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    paths = sorted(tmp_path / n for n in files)
    assert [f for f in check(paths, select=["AK-SQL003"])] == []
    from archkit.schema.parse import read_sources
    names = [Path(s.path).name for s in read_sources(paths)]
    assert names[:3] == ["V1__init.sql", "V2__email.sql", "V3__t3.sql"]
    assert names[-1] == "V20__email_idx.sql"


def test_padded_and_timestamped_names_keep_their_order():
    from archkit.schema.parse import file_order
    names = ["000010_c.up.sql", "000002_b.up.sql", "000001_a.up.sql",
             "20240102093000_y.sql", "20240101120000_x.sql"]
    assert sorted(names, key=lambda n: file_order(Path(n))) == sorted(names)


def test_flyway_names_are_read_in_flyway_order():
    # V1.1__ and V1_1__ (version 1.1) were read before V1__, and repeatable R__ files,
    # which Flyway applies after every versioned one, first (scout AS)
    from archkit.schema.parse import file_order
    names = ["R__customer_view.sql", "V1.1__hotfix.sql", "V1_2__orders.sql", "V10__x.sql",
             "V1__init.sql", "V2__y.sql"]
    assert sorted(names, key=lambda n: file_order(Path(n))) == [
        "V1__init.sql", "V1.1__hotfix.sql", "V1_2__orders.sql", "V2__y.sql", "V10__x.sql",
        "R__customer_view.sql"]


def test_version_folders_are_read_one_after_the_other(tmp_path):
    # Temporal's versioned/v1.0/schema.sql, v1.2/blob_size.sql ... v1.17/...: ordered by
    # file name first, the versions' files were interleaved (v1.17's before v1.2's, and
    # v1.2's ALTER before v1.0's CREATE: 22 false AK-SQL003 on its MySQL folder; scout AS)
    versions = {"v1.0": ("schema.sql", "CREATE TABLE namespaces (id int PRIMARY KEY);\n"),
                "v1.2": ("blob_size.sql", "ALTER TABLE namespaces ADD COLUMN size int;\n"),
                "v1.10": ("add_data.sql", "ALTER TABLE namespaces ADD COLUMN data blob;\n"),
                "v1.17": ("add_chasm.sql", "ALTER TABLE namespaces DROP COLUMN size;\n")}
    for version, (name, text) in versions.items():
        (tmp_path / version).mkdir()
        (tmp_path / version / name).write_text(text)
    files = list(tmp_path.glob("*/*.sql"))
    report = check(files, dialect="mysql", cache=False)
    assert report.by_rule("AK-SQL003") == []
    from archkit.schema.parse import read_sources
    assert [Path(s.path).parent.name for s in read_sources(files)] == list(versions)


def test_goose_down_sections_are_blanked_in_place(tmp_path):
    # goose keeps up and down in one file (-- +goose Up / -- +goose Down, any case):
    # the down sections were read forward, so a later migration altering a table the
    # previous file's down section drops was AK-SQL003 "the table was dropped"
    text = ("-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE a (id bigint PRIMARY KEY);\n"
            "-- +goose StatementEnd\n\n-- +goose Down\n-- +goose StatementBegin\n"
            "DROP TABLE a;\n-- +goose StatementEnd\n")
    out = without_down_sections(text)
    assert len(out) == len(text) and out.count("\n") == text.count("\n")
    assert "DROP" not in out and "CREATE TABLE a" in out
    assert without_down_sections(text.lower()).count("drop") == 0
    only_up = "-- +goose Up\nCREATE TABLE a (id int);\n"
    assert without_down_sections(only_up) == only_up
    (tmp_path / "20240101000000_init.sql").write_text(text)
    (tmp_path / "20240201000000_email.sql").write_text(
        "-- +goose Up\nALTER TABLE a ADD COLUMN email text;\n"
        "-- +goose Down\nALTER TABLE a DROP COLUMN email;\n")
    report = check(sorted(tmp_path.glob("*.sql")))
    assert report.by_rule("AK-SQL003") == [] and report.by_rule("AK-MG001") == []


def test_drizzle_files_its_journal_does_not_list_are_left_out(cli, tmp_path):
    # Dokploy's drizzle folder holds 0130_abandoned_dagger.sql, which meta/_journal.json
    # does not list (drizzle never runs it); its ADD COLUMN, made again by a listed
    # migration later, was AK-SQL003 "column already exists"
    (tmp_path / "meta").mkdir()
    (tmp_path / "meta" / "_journal.json").write_text(json.dumps({"version": "7", "dialect": "postgresql", "entries": [
        {"idx": 0, "tag": "0000_init", "breakpoints": True},
        {"idx": 1, "tag": "0001_email", "breakpoints": True}]}))
    (tmp_path / "0000_init.sql").write_text(
        'CREATE TABLE "domain" ("id" text PRIMARY KEY NOT NULL);\n')
    (tmp_path / "0001_abandoned.sql").write_text('ALTER TABLE "domain" ADD COLUMN "host" text;\n')
    (tmp_path / "0001_email.sql").write_text(
        'ALTER TABLE "domain" ADD COLUMN "port" integer;--> statement-breakpoint\n'
        'ALTER TABLE "domain" ADD COLUMN "host" text;\n')
    files = sorted(tmp_path.glob("*.sql"))
    assert check(files).by_rule("AK-SQL003") == []
    res = cli("schema", "check", "--no-cache", *map(str, files))
    assert "left out 1 file (0001_abandoned.sql) that drizzle's meta/_journal.json does " \
           "not list" in res.err and "AK-SQL003" not in res.out
    # given alone, an unlisted file is the input; without a journal nothing is left out
    assert check([tmp_path / "0001_abandoned.sql"], select=["AK-MG007"]).by_rule("AK-MG007")
    (tmp_path / "meta" / "_journal.json").unlink()
    assert len(check(files).by_rule("AK-SQL003")) == 1


def test_same_named_files_in_version_folders_keep_the_versions_order():
    # Cadence's schema/mysql/v8/versioned/v0.2/schema.sql ... v0.10/schema.sql: the path
    # compared as text put v0.10 first, so its ALTER ran before the CREATE (scout Q)
    from archkit.schema.parse import file_order
    paths = [Path("s/v0.10/schema.sql"), Path("s/v0.2/schema.sql"), Path("s/v0.1/schema.sql")]
    assert [str(p) for p in sorted(paths, key=file_order)] == [
        "s/v0.1/schema.sql", "s/v0.2/schema.sql", "s/v0.10/schema.sql"]


def test_mariadb_migrations_are_reviewed_as_mysql_ones(tmp_path):
    # sqlglot has no 'mariadb' dialect: a MODIFY under review (--since, or a migration
    # checked alone) exited 3, 'Unknown dialect', for the ways the docs review migrations
    # in CI (scout AS)
    (tmp_path / "001_init.sql").write_text(
        "CREATE TABLE t (id int PRIMARY KEY, a varchar(10) NOT NULL,\n"
        "  status varchar(10) CHECK (status IN ('new', 'paid')));\n")
    (tmp_path / "002_alter.sql").write_text("ALTER TABLE t MODIFY a varchar(100) NULL;\n")
    files = sorted(tmp_path.glob("*.sql"))
    for dialect in ("mysql", "mariadb"):
        under_review = check(files, dialect=dialect, since=files[1], cache=False)
        assert {f.rule for f in under_review} >= {"AK-MG006"}, dialect
        alone = check([files[1]], dialect=dialect, cache=False)
        assert "AK-MG006" in {f.rule for f in alone}, dialect
    assert {f.rule for f in check(files, dialect="mariadb", cache=False)} == \
        {f.rule for f in check(files, dialect="mysql", cache=False)}


def test_drop_index_hints_keep_the_index_schema(tmp_path):
    # DROP INDEX app.orders_status_idx got 'DROP INDEX CONCURRENTLY orders_status_idx':
    # PostgreSQL 15 'index "orders_status_idx" does not exist', or another schema's index
    # of that name dropped (scout AS)
    (tmp_path / "001.sql").write_text(
        "CREATE SCHEMA app;\nCREATE TABLE app.orders (id bigint PRIMARY KEY, status text);\n"
        "CREATE INDEX orders_status_idx ON app.orders (status);\n"
        "CREATE TABLE session_devices (id bigint PRIMARY KEY, device text);\n"
        "CREATE INDEX unique_session_device ON session_devices (device);\n")
    (tmp_path / "002.sql").write_text(
        "DROP INDEX app.orders_status_idx;\n"
        "DROP INDEX IF EXISTS session_devices.unique_session_device;\n"
        "DROP INDEX IF EXISTS app.orders_status_idx CASCADE;\n")
    files = sorted(tmp_path.glob("*.sql"))
    found = [f for f in check(files, since=files[1], cache=False) if f.rule == "AK-MG004"]
    assert [(f.line, f.message, f.hint) for f in found] == [
        (1, "DROP INDEX app.orders_status_idx takes an ACCESS EXCLUSIVE lock on its table",
         "DROP INDEX CONCURRENTLY app.orders_status_idx;"),
        # (MySQL's table.index: PostgreSQL reads session_devices as a schema)
        (2, "DROP INDEX session_devices.unique_session_device names no index of table "
            "session_devices: PostgreSQL reads session_devices as a schema, so it drops "
            "nothing",
         "-- an index is named alone, or with its table's schema: DROP INDEX CONCURRENTLY "
         "IF EXISTS unique_session_device;"),
        # (CONCURRENTLY takes no CASCADE: the hint drops the one index)
        (3, "DROP INDEX app.orders_status_idx takes an ACCESS EXCLUSIVE lock on its table",
         "DROP INDEX CONCURRENTLY IF EXISTS app.orders_status_idx;")]


def test_set_not_null_after_a_validated_check_is_the_safe_pattern(tmp_path):
    # AK-MG003's own advice (a NOT VALID CHECK, validated, then SET NOT NULL) was flagged:
    # PostgreSQL 15 says 'existing constraints on column "orders.status" are sufficient to
    # prove that it does not contain nulls' and neither scans nor fails (scout AS)
    (tmp_path / "V1.sql").write_text(
        "CREATE TABLE orders (id bigint PRIMARY KEY, status text, note text, kind text);\n")
    (tmp_path / "V2.sql").write_text(
        "ALTER TABLE orders ADD CONSTRAINT orders_status_nn CHECK (status IS NOT NULL) NOT VALID;\n"
        "ALTER TABLE orders VALIDATE CONSTRAINT orders_status_nn;\n"
        "ALTER TABLE orders ALTER COLUMN status SET NOT NULL;\n"
        "ALTER TABLE orders DROP CONSTRAINT orders_status_nn;\n"
        "ALTER TABLE orders ADD CONSTRAINT orders_note_nn CHECK (note IS NOT NULL) NOT VALID;\n"
        "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;\n"          # not validated yet
        "ALTER TABLE orders ALTER COLUMN kind SET NOT NULL;\n")
    files = sorted(tmp_path.glob("*.sql"))
    found = check(files, since=files[1], select=["AK-MG003"], cache=False)
    assert [(f.line, f.object) for f in found] == [(6, "orders.note"), (7, "orders.kind")]


def test_an_index_created_with_a_long_name_is_dropped_by_the_name_postgres_kept(tmp_path):
    # PostgreSQL cuts identifiers to 63 bytes wherever they are written: Lemmy creates a
    # 64-byte index name and drops it by the 63-byte one; archkit kept the long name and
    # called the DROP refused (AK-SQL003; scout AS). PostgreSQL 15 applies both files.
    long = "idx_post_aggregates_featured_community_newest_comment_time_necro"
    assert len(long) == 64
    (tmp_path / "001.sql").write_text(
        "CREATE TABLE post_aggregates (id int PRIMARY KEY, featured bool, t timestamptz);\n"
        f"CREATE INDEX {long} ON post_aggregates (featured DESC, t DESC);\n")
    for dropped in (long[:63], long, long + "_x"):
        (tmp_path / "002.sql").write_text(f"DROP INDEX {dropped};\n")
        files = sorted(tmp_path.glob("*.sql"))
        assert check(files, cache=False).by_rule("AK-SQL003") == [], dropped
        from archkit.schema import load_schema
        assert load_schema(files, "postgres").tables["post_aggregates"].indexes == []
    # a name that is not the index's stays refused
    (tmp_path / "002.sql").write_text(f"DROP INDEX {long[:60]};\n")
    assert check(sorted(tmp_path.glob("*.sql")), cache=False).by_rule("AK-SQL003")


def test_names_postgres_gave_keep_after_their_column_is_renamed():
    # PostgreSQL names an unnamed key, CHECK or index after its column when it makes it,
    # and keeps the name when the column is renamed; archkit derived it from the new
    # name, so a DROP by the real name was AK-SQL003 (Lemmy's
    # community_person_ban_community_id_person_id_key; scout AS: PostgreSQL 15 accepts
    # each DROP below)
    base = ("CREATE TABLE a (id int PRIMARY KEY, x int REFERENCES a, y int CHECK (y > 0),\n"
            "  w int, v int, UNIQUE (w, v));\nCREATE INDEX ON a (w);\n")
    renames = ("ALTER TABLE a RENAME COLUMN x TO x2;\nALTER TABLE a RENAME COLUMN y TO y2;\n"
               "ALTER TABLE a RENAME COLUMN w TO w2;\n")
    drops = ("ALTER TABLE a DROP CONSTRAINT a_x_fkey;\nALTER TABLE a DROP CONSTRAINT a_y_check;\n"
             "ALTER TABLE a DROP CONSTRAINT a_w_v_key;\nDROP INDEX a_w_idx;\n")
    assert check(base + renames + drops, cache=False).by_rule("AK-SQL003") == []
    from archkit.schema import load_schema
    t = load_schema(base + renames + drops, "postgres").tables["a"]
    assert (t.foreign_keys, t.checks, t.uniques, t.indexes) == ([], [], [], [])
    # the names derived from the new columns are none of theirs
    wrong = "ALTER TABLE a DROP CONSTRAINT a_x2_fkey;\n"
    assert check(base + renames + wrong, cache=False).by_rule("AK-SQL003")
