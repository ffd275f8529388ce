"""Constraints declared without a name, dropped by the name the engine gave them."""

from __future__ import annotations

from pathlib import Path

from archkit.schema import load_schema
from archkit.schema.autonames import engine_names
from archkit.schema.check import check

FIX = Path(__file__).parent / "fixtures" / "autonames"


def rules(findings, rule):
    return sorted(f.object for f in findings if f.rule == rule)


def test_postgres_names_are_the_ones_postgres_15_gave():
    # pg15_names.txt: pg_constraint / pg_index of pg_unnamed.sql run on PostgreSQL 15.18
    # (long names cut to 63 bytes, a CHECK on one column or several, taken names + 1)
    cat = load_schema((FIX / "pg_unnamed.sql").read_text())
    ours = sorted(f"{t.name}|{n}" for t in cat.tables.values()
                  for n in engine_names("postgres", t))
    expected = (FIX / "pg15_names.txt").read_text().split()
    # (postgres makes one constraint of UNIQUE (a) written twice, inline and as a table
    # constraint, and so does the catalog)
    assert ours == expected


def test_postgres_drop_constraint_by_generated_name_then_re_add():
    sql = """\
CREATE TABLE users (uuid char(36) PRIMARY KEY);
CREATE TABLE sso_users (
  user_uuid  char(36) NOT NULL PRIMARY KEY,
  identifier text NOT NULL UNIQUE,
  FOREIGN KEY (user_uuid) REFERENCES users (uuid)
);
ALTER TABLE sso_users
  DROP CONSTRAINT sso_users_user_uuid_fkey,
  ADD CONSTRAINT sso_users_user_uuid_fkey FOREIGN KEY (user_uuid) REFERENCES users (uuid) ON DELETE CASCADE;
ALTER TABLE sso_users DROP CONSTRAINT sso_users_identifier_key;
ALTER TABLE sso_users DROP CONSTRAINT sso_users_pkey;
"""
    t = load_schema(sql).tables["sso_users"]
    assert [(f.name, f.on_delete) for f in t.foreign_keys] == [("sso_users_user_uuid_fkey",
                                                                "cascade")]
    assert t.uniques == [] and t.primary_key is None
    assert rules(check(sql, cache=False), "AK-FK004") == []     # (was a duplicate FK)


def test_mysql_drop_foreign_key_ibfk_and_index_named_after_its_column():
    sql = """\
CREATE TABLE users (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;
CREATE TABLE sessions (
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id bigint NOT NULL,
  other_id bigint,
  token varchar(64) NOT NULL UNIQUE,
  KEY (token, id),
  FOREIGN KEY (user_id) REFERENCES users (id),
  FOREIGN KEY (other_id) REFERENCES users (id)
) ENGINE=InnoDB;
"""
    t = load_schema(sql, "mysql").tables["sessions"]
    assert sorted(engine_names("mysql", t)) == ["sessions_ibfk_1", "sessions_ibfk_2", "token",
                                                "token_2"]
    dropped = sql + ("ALTER TABLE sessions DROP FOREIGN KEY sessions_ibfk_1;\n"
                     "ALTER TABLE sessions ADD CONSTRAINT fk_sessions_user FOREIGN KEY (user_id) "
                     "REFERENCES users (id) ON DELETE CASCADE;\n"
                     "ALTER TABLE sessions DROP INDEX TOKEN;\n")
    t = load_schema(dropped, "mysql").tables["sessions"]
    assert sorted(f.name or "-" for f in t.foreign_keys) == ["-", "fk_sessions_user"]
    assert [f.columns for f in t.foreign_keys if not f.name] == [("other_id",)]
    assert t.uniques == [] and len(t.indexes) == 1
    assert rules(check(dropped, dialect="mysql", cache=False), "AK-FK004") == []


def test_a_name_no_constraint_has_drops_nothing_and_other_dialects_do_not_guess():
    sql = ("CREATE TABLE p (id int PRIMARY KEY);\n"
           "CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p (id));\n")
    t = load_schema(sql + "ALTER TABLE c DROP CONSTRAINT c_other_fkey;").tables["c"]
    assert len(t.foreign_keys) == 1 and t.primary_key is not None
    # SQL Server names them PK__c__3213E83F...: no script knows it, nothing is matched
    t = load_schema(sql + "ALTER TABLE c DROP CONSTRAINT c_p_id_fkey;", "tsql").tables["c"]
    assert len(t.foreign_keys) == 1
    # a constraint named by the script is dropped by that name only
    named = ("CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (id int, p_id int, "
             "CONSTRAINT mine FOREIGN KEY (p_id) REFERENCES p (id));\n"
             "ALTER TABLE c DROP CONSTRAINT c_p_id_fkey;")
    assert len(load_schema(named).tables["c"].foreign_keys) == 1
