"""Hints PostgreSQL 15 refused on GitLab's db/structure.sql (scout V: 1,401 tables, 4,987
distinct hints run), and DuckDB on a real course schema (scout U), in small shapes."""

from __future__ import annotations

from archkit.schema import check


def hints(sql: str, rule: str, dialect: str = "postgres", config=None) -> dict[str, str]:
    return {f.object: f.hint for f in check(sql, dialect=dialect, cache=False, config=config)
            if f.rule == rule}


PARTITIONED = (
    "CREATE TABLE audit_events (id bigint NOT NULL, created_at timestamp NOT NULL,\n"
    "  PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);\n"
    "CREATE TABLE jobs (partition_id bigint NOT NULL, id bigint NOT NULL,\n"
    "  PRIMARY KEY (partition_id, id)) PARTITION BY LIST (partition_id);\n"
    "CREATE TABLE job_meta (partition_id bigint NOT NULL, job_id bigint NOT NULL,\n"
    "  PRIMARY KEY (partition_id, job_id)) PARTITION BY LIST (partition_id);\n"
    "ALTER TABLE job_meta ADD CONSTRAINT fk_meta_job FOREIGN KEY (partition_id, job_id)\n"
    "  REFERENCES jobs (partition_id, id) ON DELETE CASCADE;\n")


def test_a_partition_key_column_keeps_its_type():
    # 'cannot alter column "created_at" because it is part of the partition key of
    # relation "audit_events"'
    hint = hints(PARTITIONED, "AK-TY001")["audit_events.created_at"]
    assert hint.startswith("-- PostgreSQL cannot change the type of created_at, a partition "
                           "key column of audit_events: create the table again partitioned "
                           "on created_at timestamptz and move the rows")


def test_no_not_valid_foreign_key_on_a_partitioned_table(tmp_path):
    # 'cannot add NOT VALID foreign key on partitioned table "p_ci_build_trace_metadata"'
    chain = PARTITIONED + (
        "CREATE TABLE job_notes (partition_id bigint NOT NULL, job_id bigint NOT NULL,\n"
        "  note text) PARTITION BY LIST (partition_id);\n"
        "ALTER TABLE job_notes ADD CONSTRAINT fk_notes_meta FOREIGN KEY (partition_id, job_id)\n"
        "  REFERENCES job_meta (partition_id, job_id) ON DELETE CASCADE;\n")
    fk007 = hints(chain, "AK-FK007", config={"schema": {"AK-FK007": {"max_cascade_depth": 1}}})
    assert fk007 and all("NOT VALID" not in h and "VALIDATE" not in h for h in fk007.values())
    assert all("ON DELETE RESTRICT" in h for h in fk007.values())
    # a migration adding one (--since: the table is the schema's) is told so instead
    (tmp_path / "V1__schema.sql").write_text(PARTITIONED)
    (tmp_path / "V2__fk.sql").write_text(
        "CREATE TABLE audit_refs (partition_id bigint NOT NULL, job_id bigint NOT NULL);\n"
        "ALTER TABLE job_meta ADD CONSTRAINT fk_meta_job2 FOREIGN KEY (partition_id, job_id) "
        "REFERENCES jobs (partition_id, id);\n")
    files = sorted(str(p) for p in tmp_path.glob("*.sql"))
    mg005 = [f for f in check(files, cache=False, since=files[1]) if f.rule == "AK-MG005"]
    assert [f.hint.startswith("-- PostgreSQL adds no NOT VALID foreign key to a partitioned "
                              "table") for f in mg005] == [True]


def test_a_sequence_other_columns_draw_from_stays():
    # 'cannot drop sequence packages_packages_id_seq because other objects depend on it'
    sql = ("CREATE SEQUENCE packages_packages_id_seq;\n"
           "CREATE TABLE packages_packages (id bigint DEFAULT "
           "nextval('packages_packages_id_seq'::regclass) NOT NULL PRIMARY KEY);\n"
           "CREATE TABLE packages_composer_packages (id bigint DEFAULT "
           "nextval('packages_packages_id_seq'::regclass) NOT NULL PRIMARY KEY);\n"
           "CREATE TABLE tags (id bigserial PRIMARY KEY);\n")
    got = hints(sql, "AK-PK004")
    assert "DROP SEQUENCE" not in got["packages_packages.id"]
    assert got["packages_packages.id"].endswith(
        "packages_packages_id_seq stays: packages_composer_packages.id draws from it too")
    assert "DROP SEQUENCE tags_id_seq;" in got["tags.id"]


def test_no_foreign_key_is_proposed_between_values_of_other_kinds():
    # gpg_key_subkeys.keyid bytea beside keys(id bigint): 'Key columns "keyid" and "id" are
    # of incompatible types: bytea and bigint'
    sql = ("CREATE TABLE keys (id bigint PRIMARY KEY);\n"
           "CREATE TABLE gpg_key_subkeys (id bigint PRIMARY KEY, keyid bytea, key_id bigint);\n")
    assert list(hints(sql, "AK-FK005")) == ["gpg_key_subkeys.key_id"]


def test_a_table_with_an_id_column_but_no_key_is_keyed_by_it():
    # DuckDB: 'Column with name "id" already exists!' (the hint added another id)
    import duckdb

    sql = ("CREATE SEQUENCE id_seq START 1;\n"
           "CREATE TABLE course (id INTEGER DEFAULT nextval('id_seq'), word VARCHAR);\n")
    hint = hints(sql, "AK-PK001", "duckdb")["course"]
    assert hint == ("ALTER TABLE course ALTER COLUMN id SET NOT NULL; "
                    "ALTER TABLE course ADD PRIMARY KEY (id);")
    db = duckdb.connect()
    db.execute(sql)
    db.execute(hint)
    assert db.execute("SELECT constraint_type FROM duckdb_constraints() "
                      "WHERE table_name = 'course'").fetchall().count(("PRIMARY KEY",)) == 1


def test_incremental_checker_follows_a_sequence_another_table_starts_to_share():
    from archkit.schema.cache import IncrementalChecker

    sql = ("CREATE SEQUENCE pp_id_seq;\n"
           "CREATE TABLE pp (id bigint DEFAULT nextval('pp_id_seq'::regclass) NOT NULL PRIMARY KEY);\n"
           "CREATE TABLE pc (id bigint NOT NULL PRIMARY KEY);\n")
    ic = IncrementalChecker(sql)
    assert "DROP SEQUENCE pp_id_seq" in next(f.hint for f in ic.report if f.object == "pp.id")
    i = next(k for k, st in enumerate(ic.statements) if "TABLE pc" in st.sql)
    ic.edit(i, "CREATE TABLE pc (id bigint DEFAULT nextval('pp_id_seq'::regclass) NOT NULL "
               "PRIMARY KEY)")
    hint = next(f.hint for f in ic.report if f.object == "pp.id")
    assert "DROP SEQUENCE" not in hint and "pc.id draws from it too" in hint
