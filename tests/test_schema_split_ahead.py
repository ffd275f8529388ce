"""A large input is split in a child forked before sqlglot is imported, while this
process imports it (parallel._split_ahead, forkjoin.fork_bytes): the statements that
come back are the ones the split makes here, a child that fails is made up for here,
and the report is the same either way."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archkit.schema import parallel
from archkit.schema.dialects import get_dialect
from archkit.schema.forkjoin import can_fork, fork_bytes, usable_cores
from archkit.schema.parse import SqlSource

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs os.fork")

SAKILA = Path(__file__).parent / "fixtures" / "sakila"


# -- fork_bytes ---------------------------------------------------------------------------
def test_the_childs_bytes_come_back():
    pending = fork_bytes(lambda: b"x" * 100_000 + str(os.getpid()).encode())
    assert pending is not None
    got = pending.result()
    assert got is not None and got.startswith(b"x" * 100_000)
    assert int(got[100_000:]) != os.getpid()              # made in the child


def test_bytes_larger_than_the_shared_memory_come_through_the_pipe():
    data = bytes(range(256)) * 4_000                       # 1 MB, room for 1 KB
    pending = fork_bytes(lambda: data, room=1024)
    assert pending is not None and pending.result() == data


def test_a_child_that_fails_or_dies_gives_none():
    def fails() -> bytes:
        raise ValueError("no")

    def dies() -> bytes:
        os.kill(os.getpid(), signal.SIGKILL)
        return b"never"

    for fn in (fails, dies):
        pending = fork_bytes(fn)
        assert pending is not None and pending.result() is None


def test_a_pending_child_can_be_stopped():
    pending = fork_bytes(lambda: time.sleep(30) or b"late")
    assert pending is not None
    pid = pending.pid
    started = time.monotonic()
    pending.close(kill=True)
    assert time.monotonic() - started < 5
    with pytest.raises(ChildProcessError):                 # reaped: no zombie left
        os.waitpid(pid, os.WNOHANG)
    assert pending.result() is None


# -- what the split sends back ------------------------------------------------------------
EDGES = """-- a comment before
CREATE TABLE a (id bigint PRIMARY KEY, note text DEFAULT 'it''s'); -- trailing note
CREATE SCHEMA s CREATE TABLE b (id int) CREATE VIEW bv AS SELECT id FROM b;
SET search_path TO s;
CREATE TABLE c (id int);
DO $$ BEGIN CREATE TABLE d (id int); EXCEPTION WHEN duplicate_table THEN NULL; END $$;
ALTER TABLE a ADD COLUMN x int;
COMMENT ON TABLE a IS 'the a';
CREATE INDEX a_x ON a (x);
CREATE TABLE e (id int, name text DEFAULT 'open
"""


MYSQL_EDGES = """USE shop;
CREATE TABLE t (id int PRIMARY KEY, v varchar(10));
DELIMITER //
CREATE PROCEDURE p() BEGIN SELECT 1; END //
DELIMITER ;
CREATE TABLE u (id int);
"""


@pytest.mark.parametrize("dialect, sources, fields", [
    ("postgres", [SqlSource(EDGES, "edges.sql"), SqlSource("CREATE TABLE z (id int);", "z.sql")],
     ("element_of", "wrapped", "unterminated", "lead", "trailer", "trailer_col")),
    ("mysql", [SqlSource(MYSQL_EDGES, "edges.sql")], ("home",)),
    ("postgres", [SqlSource((SAKILA / "postgres-schema.sql").read_text(), "pg.sql")], ()),
    ("mysql", [SqlSource((SAKILA / "mysql-schema.sql").read_text(), "my.sql")], ()),
    ("sqlite", [SqlSource((SAKILA / "sqlite-schema.sql").read_text(), None)], ()),
])
def test_the_statements_sent_back_are_the_split_made_here(dialect, sources, fields):
    d = get_dialect(dialect)
    work, kept = parallel._from_ahead(parallel._ahead_bytes(sources, d), sources)
    here = parallel._split(sources, d)
    assert [w[1] for w in work] == [h[1] for h in here]            # paths
    assert [w[0] for w in work] == [h[0] for h in here]            # every field
    mine, shared, kinds = parallel._kept_here(here)
    assert (kept[0], list(kept[1]), kept[2]) == (mine, list(shared), kinds)
    for name in fields:          # (the inputs have statements with each of these set)
        assert any(getattr(w[0], name) for w in work), name


# -- the whole check, in a fresh process (sqlglot not imported yet) -------------------------
_AHEAD = """
import json, sys
import archkit.schema.forkjoin as fj
import archkit.schema.parallel as par
from archkit.schema.check import CheckConfig, check_sources
from archkit.schema.parse import SqlSource

calls = []
real = fj.fork_bytes

def counted(fn, room=64 << 20):
    calls.append("sqlglot" in sys.modules)
    return real(fn, room)

fj.fork_bytes = counted
if sys.argv[1] == "fail":
    def fails(sources, dialect):
        raise RuntimeError("the child fails")
    par._ahead_bytes = fails
src = [SqlSource(sys.stdin.read(), "s.sql")]
conf = CheckConfig.make("postgres")
first = check_sources(src, conf).to_text()
again = check_sources(src, conf).to_text()         # (sqlglot imported now: split here)
print(json.dumps([calls, first == again, first.count("\\n")]))
"""


def _schema(tables: int) -> str:
    return "".join(
        f"CREATE TABLE t{i} (id int PRIMARY KEY, name varchar(20) NOT NULL, note text,\n"
        f"  t{i - 1}_id int REFERENCES t{max(i - 1, 0)} (id), created timestamp);\n"
        f"CREATE INDEX t{i}_name ON t{i} (name);\n"
        f"ALTER TABLE t{i} ADD CONSTRAINT t{i}_note_uq UNIQUE (note);\n"
        for i in range(tables))


@pytest.mark.parametrize("mode", ["ok", "fail"])
def test_a_large_check_splits_ahead_and_reports_the_same(mode):
    """Over SPLIT_AHEAD_MIN_CHARS, before sqlglot is imported, the split runs in a child
    (once: the second check, sqlglot imported, splits here), and the report is the same;
    a child that fails leaves the split to this process, with the same report."""
    if usable_cores() < 2:
        pytest.skip("one core: nothing runs beside the import")
    sql = _schema(1_800)
    assert len(sql) > parallel.SPLIT_AHEAD_MIN_CHARS
    res = subprocess.run([sys.executable, "-c", _AHEAD, mode], input=sql,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    calls, same, lines = json.loads(res.stdout)
    assert calls == [False]            # forked once, before sqlglot was imported
    assert same and lines > 1_000
