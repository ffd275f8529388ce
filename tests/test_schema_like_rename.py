"""CREATE TABLE ... LIKE / CLONE copies another table, and MySQL's RENAME TABLE renames
one or several (the copy-and-swap of online schema changes, scout A's repro-16/17)."""

from __future__ import annotations

from archkit.schema import load_schema
from archkit.schema.check import check


def rules(findings, rule):
    return sorted(f.object for f in findings if f.rule == rule)


MYSQL_SWAP = """\
CREATE TABLE users (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, email varchar(191) NOT NULL,
  team_id bigint, UNIQUE KEY uq_email (email), KEY ix_team (team_id),
  CONSTRAINT fk_team FOREIGN KEY (team_id) REFERENCES teams (id)) ENGINE=InnoDB;
CREATE TABLE users_new LIKE users;
ALTER TABLE users_new ADD COLUMN name varchar(100) NULL;
RENAME TABLE users TO users_old, users_new TO users;
DROP TABLE users_old;
"""


def test_mysql_like_copies_columns_keys_and_indexes_but_not_foreign_keys():
    cat = load_schema(MYSQL_SWAP.split("RENAME")[0], "mysql")
    t = cat.tables["users_new"]
    assert list(t.columns) == ["id", "email", "team_id", "name"]
    assert t.columns["id"].identity and not t.columns["email"].nullable
    assert t.primary_key.columns == ("id",)
    assert [u.name for u in t.uniques] + [i.name for i in t.indexes] == ["uq_email", "ix_team"]
    assert all(i.table == "users_new" for i in t.indexes)
    assert t.foreign_keys == []
    # the copied columns are at the LIKE, not at the source's lines
    assert {c.pos.line for c in t.columns.values()} == {4, 5}


def test_rename_table_swap_is_applied_in_order_and_is_no_migration_noise():
    cat = load_schema(MYSQL_SWAP, "mysql")
    assert sorted(cat.tables) == ["users"]
    assert "name" in cat.tables["users"].columns           # the new table took the name
    found = check(MYSQL_SWAP, dialect="mysql", cache=False)
    assert rules(found, "AK-PK001") + rules(found, "AK-SQL002") == []
    # users_old is the users table this input created: dropping it is no data loss here
    assert rules(found, "AK-MG001") == []
    # on tables of an earlier migration: the swap keeps the name users; users_new goes
    swap = check("RENAME TABLE users TO users_old, users_new TO users;", dialect="mysql",
                 cache=False)
    assert rules(swap, "AK-MG002") == ["users_new"]


def test_like_of_a_table_the_input_lacks_leaves_its_columns_and_keys_unknown():
    found = check("CREATE TABLE users_new LIKE users;", dialect="mysql", cache=False)
    assert rules(found, "AK-PK001") == []
    # postgres copies no keys without INCLUDING INDEXES: no key is a finding
    found = check("CREATE TABLE c (LIKE base, note text);", cache=False)
    assert rules(found, "AK-PK001") == ["c"]
    assert rules(check("CREATE TABLE c (LIKE base INCLUDING ALL);", cache=False),
                 "AK-PK001") == []


def test_postgres_like_copies_what_its_including_options_say():
    base = ("CREATE TABLE base (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
            "tags text[] NOT NULL DEFAULT '{}', n int CHECK (n > 0));\n"
            "CREATE INDEX base_tags_ix ON base USING gin (tags);\n")
    plain = load_schema(base + "CREATE TABLE c (LIKE base, extra int);").tables["c"]
    assert list(plain.columns) == ["id", "tags", "n", "extra"]
    assert not plain.columns["tags"].nullable and plain.columns["tags"].default is None
    assert not plain.columns["id"].identity
    assert plain.primary_key is None and plain.checks == [] and plain.indexes == []
    full = load_schema(base + "CREATE TABLE c (LIKE base INCLUDING ALL EXCLUDING INDEXES);"
                       ).tables["c"]
    assert full.columns["tags"].default is not None and full.columns["id"].identity
    assert len(full.checks) == 1 and full.primary_key is None
    every = load_schema(base + "CREATE TABLE c (LIKE base INCLUDING ALL);").tables["c"]
    # postgres names the copies after the new table: c_pkey, c_tags_idx
    assert every.primary_key.name is None and [i.name for i in every.indexes] == [None]
    assert every.indexes[0].method == "gin" and every.indexes[0].table == "c"
    found = check(base + "CREATE TABLE c (LIKE base INCLUDING ALL);", cache=False)
    assert rules(found, "AK-PK001") == [] and rules(found, "AK-SQL003") == []


def test_warehouse_like_and_clone():
    src = "CREATE TABLE s (id INT64 NOT NULL, name STRING);\n"
    t = load_schema(src + "CREATE TABLE t LIKE s;", "bigquery").tables["t"]
    assert list(t.columns) == ["id", "name"]
    sf = ("CREATE TABLE p (id int PRIMARY KEY);\n"
          "CREATE TABLE s (id int PRIMARY KEY, p_id int REFERENCES p (id));\n")
    clone = load_schema(sf + "CREATE TABLE t CLONE s;", "snowflake").tables["T"]   # (folded)
    assert clone.primary_key is not None and len(clone.foreign_keys) == 1


def test_drop_schema_if_exists_before_its_create_is_an_install_script():
    sql = ("DROP SCHEMA IF EXISTS sakila;\nCREATE SCHEMA sakila;\nUSE sakila;\n"
           "CREATE TABLE a (id bigint PRIMARY KEY);\nDROP DATABASE IF EXISTS other;\n"
           "DROP SCHEMA IF EXISTS `Shop`;\nCREATE DATABASE IF NOT EXISTS `Shop`;\n")
    found = check(sql, dialect="mysql", cache=False)
    assert rules(found, "AK-MG001") == ["other"]       # dropped, never created again


def test_naming_rules_judge_a_renamed_column_by_its_new_name():
    sql = ('CREATE TABLE "t" ("id" int PRIMARY KEY, "userId" int NOT NULL, "ok" int);\n'
           'ALTER TABLE "t" RENAME COLUMN "userId" TO "user_id";\n'
           'ALTER TABLE "t" RENAME COLUMN "ok" TO "badName";\n')
    found = check(sql, cache=False)
    assert rules(found, "AK-NM004") == ["t.badName"]       # (it was t.user_id: 'userId')
    col = load_schema(sql).tables["t"].columns["user_id"]
    assert (col.original, col.quoted) == ("user_id", True)
