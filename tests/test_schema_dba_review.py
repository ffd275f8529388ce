"""Findings a DBA would not defend, and defects missed, on real schemas (scout AK: pagila,
Chinook, Oracle's sample schemas, Lago's structure.sql, DuckDB and PostgreSQL keyword
lists). Each hint that changes a type was run on PostgreSQL 15."""

from __future__ import annotations

import pytest

from archkit.schema import check, load_schema

PARTITIONED = """
CREATE TABLE rental (rental_id integer PRIMARY KEY);
CREATE TABLE payment (
    payment_id integer NOT NULL,
    rental_id integer NOT NULL,
    payment_date timestamptz NOT NULL,
    PRIMARY KEY (payment_date, payment_id)
) PARTITION BY RANGE (payment_date);
CREATE TABLE payment_p2022_01 (
    payment_id integer NOT NULL,
    rental_id integer NOT NULL,
    payment_date timestamptz NOT NULL
);
ALTER TABLE ONLY payment ATTACH PARTITION payment_p2022_01 FOR VALUES FROM ('2022-01-01') TO ('2022-02-01');
ALTER TABLE ONLY payment_p2022_01
    ADD CONSTRAINT payment_p2022_01_rental_id_fkey FOREIGN KEY (rental_id) REFERENCES rental(rental_id);
"""


def found(sql: str, dialect: str, rule: str) -> dict[str, tuple[str, str | None]]:
    return {f.object: (f.message, f.hint) for f in check(sql, dialect=dialect,
                                                          select=[rule]).findings}


def test_a_key_declared_on_a_partition_alone_needs_an_index_there():
    # pg_dump's shape for pagila's payment_p2022_01..07(rental_id): no AK-IX006 at all,
    # and AK-FK005 said the parent's rental_id had no foreign key
    ix = found(PARTITIONED, "postgres", "AK-IX006")
    assert list(ix) == ["payment_p2022_01(rental_id)"]
    message, hint = ix["payment_p2022_01(rental_id)"]
    assert message == ("foreign key payment_p2022_01(rental_id) -> rental has no index on "
                       "its columns")
    assert hint == ("CREATE INDEX CONCURRENTLY payment_p2022_01_rental_id_idx ON "
                    "payment_p2022_01 (rental_id); -- or for every partition at once: "
                    "CREATE INDEX payment_rental_id_idx ON payment (rental_id);")
    assert found(PARTITIONED, "postgres", "AK-FK005") == {}


@pytest.mark.parametrize("index", [
    "CREATE INDEX p1_rental ON payment_p2022_01 (rental_id);",       # the partition's own
    "CREATE INDEX pay_rental ON payment (rental_id);",                # a partitioned index
])
def test_a_partition_key_served_by_its_or_its_parents_index_passes(index: str):
    assert found(PARTITIONED + index, "postgres", "AK-IX006") == {}


def test_a_key_on_the_parent_is_reported_once_on_the_parent():
    sql = PARTITIONED.replace(
        "    PRIMARY KEY (payment_date, payment_id)",
        "    PRIMARY KEY (payment_date, payment_id),\n"
        "    FOREIGN KEY (rental_id) REFERENCES rental (rental_id)")
    assert list(found(sql, "postgres", "AK-IX006")) == ["payment(rental_id)"]


def test_timetz_is_said_what_it_is_and_given_a_hint_postgres_runs():
    # "stores no time zone; use timestamptz": false (it stores an offset), and PostgreSQL
    # refuses the hint ('cannot be cast automatically'), even on an empty table
    sql = "CREATE TABLE shop (id bigint PRIMARY KEY, opens_at timetz NOT NULL);"
    message, hint = found(sql, "postgres", "AK-TY001")["shop.opens_at"]
    assert "fixed UTC offset, which cannot follow daylight-saving changes" in message
    assert "stores no time zone" not in message
    assert hint == ("ALTER TABLE shop ALTER COLUMN opens_at TYPE time; ALTER TABLE shop ADD "
                    "COLUMN opens_at_zone text; -- the zone's name, e.g. 'Europe/Paris'")


def test_a_timestamp_named_like_a_date_is_told_date_may_be_its_type():
    # Chinook's employee.birth_date timestamp: as timestamptz it shows the day before to
    # every reader west of UTC
    sql = ("CREATE TABLE person (id bigint PRIMARY KEY, birth_date timestamp NOT NULL,\n"
           "  seen_at timestamp NOT NULL);")
    got = found(sql, "postgres", "AK-TY001")
    message, hint = got["person.birth_date"]
    assert "named like a calendar date" in message and "then use date" in message
    assert hint.endswith("; calendar dates: TYPE date instead of timestamptz")
    assert "calendar date" not in got["person.seen_at"][0]


@pytest.mark.parametrize(("dialect", "name", "reserved"), [
    ("duckdb", "at", True), ("duckdb", "asof", True), ("duckdb", "user", False),
    ("duckdb", "values", False), ("postgres", "values", False), ("postgres", "set", False),
    ("postgres", "user", True), ("postgres", "left", True), ("postgres", "order", True)])
def test_reserved_words_are_those_the_engine_refuses(dialect: str, name: str, reserved: bool):
    # checked with duckdb_keywords() (DuckDB 2.0) and pg_get_keywords() (PostgreSQL 15):
    # DuckDB refused a column `at` unreported; `values` and `user` were called reserved
    sql = f'CREATE TABLE t (id bigint PRIMARY KEY, "{name}" int);'
    hits = found(sql, dialect, "AK-NM002")
    assert bool(hits) == reserved, hits


def test_an_enum_written_with_its_schema_is_an_enum():
    # pg_dump writes `rating public.mpaa_rating`: AK-TY005 never fired on pagila or Lago
    sql = ("CREATE TYPE public.mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');\n"
           "CREATE TABLE public.film (film_id bigint NOT NULL PRIMARY KEY,\n"
           "  rating public.mpaa_rating DEFAULT 'G'::public.mpaa_rating);")
    assert list(found(sql, "postgres", "AK-TY005")) == ["film.rating"]


@pytest.mark.parametrize("view", [
    "CREATE OR REPLACE VIEW v WITH (security_barrier) AS SELECT id, room_id FROM booking;",
    "CREATE VIEW v (a, b) WITH (security_barrier, check_option = local) AS "
    "SELECT id, room_id FROM booking;",
    "CREATE VIEW IF NOT EXISTS \"V\" WITH (security_invoker) AS WITH x AS "
    "(SELECT id FROM booking) SELECT * FROM x;"])
def test_view_options_postgres_takes_parse(view: str):
    sql = "CREATE TABLE booking (id bigint PRIMARY KEY, room_id bigint NOT NULL);\n" + view
    report = check(sql, dialect="postgres")
    assert not [f for f in report.findings if f.rule.startswith("AK-SQL")], report.findings


def test_sqlplus_line_continuation_joins_lines():
    # Oracle's own sample scripts (order_entry/oe_p_*.sql): 8,929 syntax errors
    sql = ("CREATE TABLE product_descriptions (product_id NUMBER(19) PRIMARY KEY,\n"
           "  language_id VARCHAR2(3), translated_name NVARCHAR2(50));\n"
           "INSERT INTO product_descriptions VALUES(1726-\n,'AR'-  \n,UNISTR(-\n"
           "'\\0634\\0627 LCD 11/PM'-\n));\n"
           "CREATE TABLE notes (id NUMBER(19) PRIMARY KEY,-\n body VARCHAR2(100) NOT NULL);\n"
           "CREATE TABLE n2 (id NUMBER(19) PRIMARY KEY, a NUMBER(19) DEFAULT 5 - 3 NOT NULL,\n"
           "  note VARCHAR2(20) DEFAULT 'a-\nb' NOT NULL);\n")
    report = check(sql, dialect="oracle")
    assert not [f for f in report.findings if f.rule == "AK-SQL001"], report.findings
    catalog = load_schema(sql, dialect="oracle")
    assert set(catalog.tables) >= {"PRODUCT_DESCRIPTIONS", "NOTES", "N2"}
    assert "BODY" in catalog.tables["NOTES"].columns


def test_unnamed_indexes_are_dropped_by_the_names_postgres_gave_them():
    # (the names checked on PostgreSQL 15; DROP INDEX looks only at tables whose name
    # starts the index's, as postgres names it: a dump's DROP blocks were quadratic)
    sql = ("CREATE TABLE a_very_long_table_name_for_testing_truncation_rules (id bigint "
           "PRIMARY KEY, some_extremely_long_column_name_that_goes_on bigint);\n"
           "CREATE INDEX ON a_very_long_table_name_for_testing_truncation_rules "
           "(some_extremely_long_column_name_that_goes_on);\n"
           "CREATE TABLE old (id bigint PRIMARY KEY, a int);\nCREATE INDEX ON old (a);\n"
           "ALTER TABLE old RENAME TO new;\n"
           "DROP INDEX a_very_long_table_name_for_te_some_extremely_long_column_na_idx;\n"
           "DROP INDEX old_a_idx;\nDROP INDEX no_such_idx;\n")
    catalog = load_schema(sql, dialect="postgres")
    assert {k: t.indexes for k, t in catalog.tables.items()} == {
        "a_very_long_table_name_for_testing_truncation_rules": [], "new": []}
    sql3 = [f.message for f in check(sql, dialect="postgres").findings if f.rule == "AK-SQL003"]
    assert len(sql3) == 1 and sql3[0].startswith("DROP INDEX no_such_idx:")


def test_mysql_refuses_a_partitioned_table_with_a_foreign_key():
    # MariaDB 10.11: ERROR 1506; MySQL 8: 'Foreign key clause is not yet supported in
    # conjunction with partitioning': archkit said nothing (exit 0)
    sql = ("CREATE TABLE users (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY) "
           "ENGINE=InnoDB;\n"
           "CREATE TABLE posts (\n  id bigint unsigned NOT NULL AUTO_INCREMENT,\n"
           "  user_id bigint unsigned NOT NULL,\n  created_at datetime NOT NULL,\n"
           "  PRIMARY KEY (id, created_at),\n  KEY posts_user_id_idx (user_id),\n"
           "  CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id)\n"
           ") ENGINE=InnoDB\nPARTITION BY RANGE COLUMNS (created_at) (PARTITION p2024 VALUES "
           "LESS THAN ('2025-01-01'), PARTITION pmax VALUES LESS THAN (MAXVALUE));\n")
    found3 = [f for f in check(sql, dialect="mysql").findings if f.rule == "AK-SQL003"]
    assert [(f.line, f.message) for f in found3] == [(8, (
        "posts is partitioned and has a foreign key (user_id) -> users: MySQL refuses "
        "foreign keys on partitioned tables (the table is not created)"))]
    unpartitioned = sql[:sql.index("\nPARTITION BY")] + ";\n"
    assert not [f for f in check(unpartitioned, dialect="mysql").findings
                if f.rule == "AK-SQL003"]
    keyless = sql.replace(",\n  CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES "
                          "users (id)", "")
    assert not [f for f in check(keyless, dialect="mysql").findings if f.rule == "AK-SQL003"]


def test_an_unindexed_key_beside_a_partial_index_says_why_that_index_does_not_serve():
    # supabase's oauth_consents(client_id): the reader looked for the index, found one
    sql = ("CREATE TABLE client (id bigint PRIMARY KEY);\n"
           "CREATE TABLE consent (id bigint PRIMARY KEY, client_id bigint NOT NULL "
           "REFERENCES client (id), revoked_at timestamptz);\n"
           "CREATE INDEX consent_client_live ON consent (client_id) WHERE revoked_at IS NULL;\n")
    [(message, _hint)] = found(sql, "postgres", "AK-IX006").values()
    assert message == ("foreign key consent(client_id) -> client has no index on its columns "
                       "that the key's checks can use: consent_client_live holds only the "
                       "rows WHERE revoked_at IS NULL")


def test_an_eight_bit_key_is_a_lookup_table_not_an_overflow():
    # Sakila's language / store / staff / category TINYINT keys, AdventureWorks' Shift:
    # nobody picks eight bits by accident; a SMALLINT payment key is still a real find
    sql = ("CREATE TABLE language (language_id TINYINT UNSIGNED NOT NULL AUTO_INCREMENT "
           "PRIMARY KEY, name CHAR(20) NOT NULL);\n"
           "CREATE TABLE payment (payment_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT "
           "PRIMARY KEY);\n")
    assert list(found(sql, "mysql", "AK-PK003")) == ["payment.payment_id"]
    oracle = ("CREATE TABLE regions (region_id NUMBER(2) PRIMARY KEY, name VARCHAR2(25));\n"
              "CREATE TABLE depts (dept_id NUMBER(4) PRIMARY KEY, name VARCHAR2(30));\n")
    assert list(found(oracle, "oracle", "AK-PK003")) == ["DEPTS.DEPT_ID"]


# -- scout AP's second pass on the above ------------------------------------------------
def test_enums_of_the_same_name_in_two_schemas_are_two_enums():
    # the lookup table of a.doc.st was filled with b.status's values; a composite
    # billing.mood was called an enum because public.mood is one
    sql = ("CREATE SCHEMA a;\nCREATE SCHEMA b;\nCREATE SCHEMA billing;\n"
           "CREATE TYPE a.status AS ENUM ('draft', 'sent');\n"
           "CREATE TYPE b.status AS ENUM ('red', 'green', 'blue');\n"
           "CREATE TYPE public.mood AS ENUM ('sad', 'ok');\n"
           "CREATE TYPE billing.mood AS (level int, note text);\n"
           "CREATE TABLE a.doc (id bigint PRIMARY KEY, st a.status NOT NULL);\n"
           "CREATE TABLE b.lamp (id bigint PRIMARY KEY, st b.status NOT NULL);\n"
           "CREATE TABLE billing.t (id bigint PRIMARY KEY, m billing.mood NOT NULL);\n"
           "CREATE TABLE u (id bigint PRIMARY KEY, m mood NOT NULL);\n")
    got = found(sql, "postgres", "AK-TY005")
    assert sorted(got) == ["a.doc.st", "b.lamp.st", "u.m"]
    assert "VALUES ('draft'), ('sent');" in got["a.doc.st"][1]
    assert "VALUES ('red'), ('green'), ('blue');" in got["b.lamp.st"][1]


def test_a_minus_between_two_operands_is_subtraction_not_a_continuation():
    sql = ("CREATE TABLE t1 (id NUMBER PRIMARY KEY, lo NUMBER NOT NULL, hi NUMBER NOT NULL,\n"
           "  CONSTRAINT t1_span CHECK (hi -\n    lo >= 0));\n"
           "CREATE TABLE t2 (id NUMBER PRIMARY KEY, due DATE DEFAULT SYSDATE -\n"
           "    1 NOT NULL);\n")
    report = check(sql, dialect="oracle")
    assert not [f for f in report.findings if f.rule.startswith("AK-SQL")], report.findings


def test_the_timetz_hint_names_a_column_the_table_does_not_have():
    sql = ("CREATE TABLE shift (id bigint PRIMARY KEY, starts timetz NOT NULL, "
           "starts_zone text);\nCREATE TABLE s2 (id bigint PRIMARY KEY, "
           "a_very_long_column_name_that_is_fifty_nine_bytes_long_xxxxxx timetz);\n")
    got = found(sql, "postgres", "AK-TY001")
    assert "ADD COLUMN starts_zone2 text;" in got["shift.starts"][1]
    long_hint = got["s2.a_very_long_column_name_that_is_fifty_nine_bytes_long_xxxxxx"][1]
    assert "ADD COLUMN a_very_long_column_name_that_is_fifty_nine_bytes_long_xxxx_zone " \
           "text;" in long_hint


def test_incremental_edits_of_an_index_on_a_parent_the_input_only_mentions():
    from archkit.schema.cache import IncrementalChecker

    sql = ("CREATE TABLE rental (rental_id int PRIMARY KEY);\n"
           "CREATE TABLE payment_p1 PARTITION OF payment FOR VALUES FROM ('2022-01-01') "
           "TO ('2022-02-01');\n"
           "ALTER TABLE ONLY payment_p1 ADD CONSTRAINT p1_rental_fk FOREIGN KEY (rental_id) "
           "REFERENCES rental(rental_id);\n"
           "CREATE INDEX payment_rental_idx ON payment (rental_id);\n")
    ic = IncrementalChecker(sql, dialect="postgres")
    edited = sql.replace("ON payment (rental_id)", "ON payment (paid)")
    got = ic.check(edited)

    def keys(r):
        return sorted((f.rule, f.object, f.line) for f in r.findings)
    assert keys(got) == keys(check(edited, dialect="postgres"))
    assert ("AK-IX006", "payment_p1(rental_id)") in {(f.rule, f.object) for f in got.findings}
