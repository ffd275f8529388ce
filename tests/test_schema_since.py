"""``--since FILE``: review the migrations from FILE on against the schema the files before
it build (scout S: a baseline plus its upgrades in one run got no migration finding, as
every table counted as made by the input)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from archkit.schema import check

V1 = """CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id), total numeric(12,2), note varchar(20));
CREATE INDEX orders_user_id_idx ON orders (user_id);
"""
V2 = """ALTER TABLE users ADD COLUMN email text NOT NULL;
CREATE INDEX users_email_idx ON users (email);
DROP INDEX orders_user_id_idx;
CREATE TABLE coupons (code varchar(20) PRIMARY KEY, pct int);
CREATE INDEX coupons_pct_idx ON coupons (pct);
"""


@pytest.fixture
def chain(tmp_path: Path) -> Path:
    (tmp_path / "V1__init.sql").write_text(V1)
    (tmp_path / "V2__email.sql").write_text(V2)
    return tmp_path


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "archkit", "schema", "check", *args,
                           "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_migrations_under_review_are_judged_against_the_schema_before_them(chain: Path):
    files = sorted(str(p) for p in chain.glob("*.sql"))
    whole = check(files, cache=False)
    assert not [f for f in whole if f.rule.startswith("AK-MG")]      # every table is new
    got = check(files, cache=False, since=chain / "V2__email.sql")
    rules = sorted((f.rule, Path(f.path).name, f.line) for f in got)
    assert ("AK-MG003", "V2__email.sql", 1) in rules      # NOT NULL column, no default
    assert ("AK-MG004", "V2__email.sql", 2) in rules      # CREATE INDEX, not CONCURRENTLY
    assert ("AK-MG004", "V2__email.sql", 3) in rules      # DROP INDEX, not CONCURRENTLY
    # the new table's own index is no migration of an existing table
    assert not [f for f in got if f.rule == "AK-MG004" and "coupons" in f.object]
    # V1's own findings (orders.note VARCHAR) are not V2's: left out; the foreign key that
    # V2 leaves without an index is V2's doing, reported where the key is
    assert not [f for f in got if f.rule == "AK-TY003" and "orders" in f.object]
    ix006 = [f for f in got if f.rule == "AK-IX006"]
    assert [(Path(f.path).name, f.line) for f in ix006] == [("V1__init.sql", 3)]
    assert not [f for f in check(files[:1], cache=False) if f.rule == "AK-IX006"]
    # reviewing from the first file: no schema before it, every table is the input's,
    # new and empty, so an index hint needs no CONCURRENTLY (the only difference)
    first = check(files, cache=False, since=files[0])
    assert sorted(map(str, first)) == sorted(
        str(replace(f, hint=f.hint.replace(" CONCURRENTLY", "") if f.hint else f.hint))
        for f in whole)


def test_since_on_the_command_line(chain: Path):
    out = _run("V1__init.sql", "V2__email.sql", "--since", "V2__email.sql", "--format",
               "json", cwd=chain)
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    assert {"AK-MG003", "AK-MG004"} <= {f["rule"] for f in found}
    bad = _run("V1__init.sql", "V2__email.sql", "--since", "V3__next.sql", cwd=chain)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "V3__next.sql" in bad.stderr and "--since names a file" in bad.stderr


def test_the_result_cache_keeps_reviews_apart(chain: Path, tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    files = sorted(str(p) for p in chain.glob("*.sql"))
    plain = check(files, cache=cache)
    review = check(files, cache=cache, since=files[1])
    again = check(files, cache=cache)
    assert [str(f) for f in again] == [str(f) for f in plain]
    assert {f.rule for f in review} != {f.rule for f in plain}


def test_a_type_change_under_review_knows_the_type_it_changes(tmp_path: Path):
    # PostgreSQL 15 keeps the relfilenode for a longer varchar and for more precision at
    # the same scale (the catalog only); another scale rewrites the table
    (tmp_path / "V1__init.sql").write_text(
        "CREATE TABLE orders (id bigint PRIMARY KEY, name varchar(100), total numeric(12,2));\n")
    (tmp_path / "V2__widen.sql").write_text(
        "ALTER TABLE orders ALTER COLUMN name TYPE varchar(200);\n"
        "ALTER TABLE orders ALTER COLUMN total TYPE numeric(14,2);\n"
        "ALTER TABLE orders ALTER COLUMN total TYPE numeric(16,3);\n"
        "ALTER TABLE orders ALTER COLUMN name TYPE varchar(50);\n")
    files = sorted(str(p) for p in tmp_path.glob("*.sql"))
    got = [(f.line, f.message) for f in check(files, cache=False, since=files[1])
           if f.rule == "AK-MG006"]
    assert [line for line, _m in got] == [3, 4]
    assert all("unless" not in m for _l, m in got)      # the old type is known: no guess
    # alone, the migration does not know the old types: each change may widen
    alone = [f for f in check(files[1], cache=False) if f.rule == "AK-MG006"]
    assert len(alone) == 4 and all("unless it only widens" in f.message for f in alone)
    # MySQL copies the table for any DECIMAL change
    (tmp_path / "V1__init.sql").write_text(
        "CREATE TABLE orders (id bigint PRIMARY KEY, total decimal(12,2));\n")
    (tmp_path / "V2__widen.sql").write_text(
        "ALTER TABLE orders MODIFY total decimal(14,2);\n")
    my = [f for f in check(files, dialect="mysql", cache=False, since=files[1])
          if f.rule == "AK-MG006"]
    assert len(my) == 1 and "unless" not in my[0].message


def test_index_hints_build_concurrently_only_on_tables_that_hold_rows(tmp_path):
    # a table the reviewed migration creates holds no rows, and CONCURRENTLY fails inside
    # the transaction Flyway or Django runs a migration in (scout W); the tables the
    # files before it made are live: no write may wait for the build
    (tmp_path / "V1__init.sql").write_text(
        "CREATE TABLE users (id bigint PRIMARY KEY);\n"
        "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));\n")
    (tmp_path / "V2__coupons.sql").write_text(
        "CREATE TABLE coupons (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));\n")
    files = [str(tmp_path / "V1__init.sql"), str(tmp_path / "V2__coupons.sql")]
    hints = {f.object: f.hint for f in check(files, cache=False, since=files[1])
             if f.rule == "AK-IX006"}
    assert hints["coupons(user_id)"] == "CREATE INDEX coupons_user_id_idx ON coupons (user_id);"
    whole = {f.object: f.hint for f in check(files, cache=False) if f.rule == "AK-IX006"}
    assert whole["orders(user_id)"].startswith("CREATE INDEX CONCURRENTLY")
    assert whole["coupons(user_id)"].startswith("CREATE INDEX CONCURRENTLY")
