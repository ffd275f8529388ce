"""fork_map and fork_chunks: parts computed in forked children come back equal, in
order; a child that dies or cannot send its result is recomputed here; nothing is left
running. And the schema check gives the same report on one process and on several."""

from __future__ import annotations

import os
import signal

import pytest

from archkit.schema.forkjoin import can_fork, fork_chunks, fork_map

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs os.fork")


def square_with_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def test_parts_come_back_in_order_from_other_processes():
    out = fork_map(square_with_pid, [1, 2, 3, 4])
    assert [v for v, _pid in out] == [1, 4, 9, 16]
    assert out[0][1] == os.getpid()                       # the first part runs here
    assert all(pid != os.getpid() for _v, pid in out[1:])  # the others in children


def test_a_child_that_dies_is_recomputed_here():
    parent = os.getpid()

    def fn(x: int) -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)          # the child dies mid-way
        return x + 1

    assert fork_map(fn, [1, 2, 3]) == [2, 3, 4]


def test_a_result_that_cannot_be_pickled_is_recomputed_here():
    assert [f() for f in fork_map(lambda x: (lambda: x), [5, 6])] == [5, 6]


def test_an_error_here_stops_the_children_and_propagates(tmp_path):
    parent = os.getpid()
    mark = tmp_path / "child.pid"

    def fn(x: int) -> int:
        import time
        if os.getpid() == parent:
            while not mark.exists():          # the child has started
                time.sleep(0.01)
            raise ValueError("boom")
        tmp = tmp_path / "child.tmp"
        tmp.write_text(str(os.getpid()))
        tmp.rename(mark)                      # appears whole
        time.sleep(30)                        # would outlive the parent
        return x

    with pytest.raises(ValueError, match="boom"):
        fork_map(fn, [1, 2])
    child = int(mark.read_text())
    with pytest.raises(ChildProcessError):    # killed and reaped: no zombie left
        os.waitpid(child, os.WNOHANG)
    assert not os.path.exists(f"/proc/{child}")


def test_an_error_in_a_child_is_raised_here():
    def fn(x: int) -> int:
        if x == 2:
            raise KeyError(x)
        return x

    with pytest.raises(KeyError):
        fork_map(fn, [1, 2])


def _schema(tables: int) -> str:
    parts = []
    for i in range(tables):
        ref = f",\n  parent_id int REFERENCES t{i - 1} (id)" if i else ""
        parts.append(f"CREATE TABLE t{i} (\n  id int PRIMARY KEY,\n  Name varchar(20),\n"
                     f"  created timestamp{ref}\n);\nCREATE INDEX t{i}_name ON t{i} (Name);\n"
                     f"CREATE INDEX t{i}_name2 ON t{i} (Name, created);")
    parts.append("ALTER TABLE t3 ADD COLUMN extra json;")
    return "\n".join(parts)


@pytest.mark.parametrize("workers", [2, 3])
def test_check_on_several_processes_equals_one(workers):
    from archkit.schema.check import CheckConfig, check_sources
    from archkit.schema.parse import SqlSource

    src = [SqlSource(_schema(60), "s.sql")]
    conf = CheckConfig.make("postgres")
    one = check_sources(src, conf, workers=1)
    many = check_sources(src, conf, workers=workers)
    assert len(one.findings) > 100
    assert many.findings == one.findings
    assert many.to_text() == one.to_text()


def test_rules_are_shared_out_when_the_catalog_is_large():
    """Chunk 0 is this process's: the rules that look across tables or read statements;
    the others follow, costliest first, each rule in exactly one chunk, the cheap ones a
    few to a chunk."""
    import importlib

    from archkit.schema.cache import RULE_SCOPE
    from archkit.schema.check import CheckConfig, enabled_rules

    check_module = importlib.import_module("archkit.schema.check")
    rules = enabled_rules(CheckConfig.make("postgres"))
    chunks = check_module._rule_chunks(rules, 2)
    assert len(chunks) > 5
    ids = [r.rule.id for c in chunks for r in c]
    assert sorted(ids) == sorted(r.rule.id for r in rules)
    # the cross-table and statement-reading rules stay in this process
    assert {"AK-MG001", "AK-TY008"} <= {r.rule.id for r in chunks[0]}
    assert all(r.rule.id not in RULE_SCOPE for r in chunks[0])
    assert all(r.rule.id in RULE_SCOPE for c in chunks[1:] for r in c)
    cost = [sum(check_module._RULE_COST.get(r.rule.id, 1.0) for r in c) for c in chunks[1:]]
    assert chunks[1][0].rule.id == "AK-NM001" and len(chunks[1]) == 1    # the costliest
    # (a chunk closes once it reaches _RULE_CHUNK: the rule that took it there is cheaper)
    assert all(len(c) == 1 or x < 2 * check_module._RULE_CHUNK
               for c, x in zip(chunks[1:], cost))
    assert max(len(c) for c in chunks) > 1              # cheap rules travel together
    # one process, or nothing to share: one chunk, every rule
    assert check_module._rule_chunks(rules, 1) == [rules]
    assert check_module._rule_chunks(rules[:1], 2) == [rules[:1]]


def test_rules_shared_out_on_request_give_the_same_report():
    from archkit.schema.catalog import build_catalog
    from archkit.schema.check import CheckConfig, check_catalog
    from archkit.schema.dialects import get_dialect
    from archkit.schema.parallel import parse_sources
    from archkit.schema.parse import SqlSource

    d = get_dialect("postgres")
    cat = build_catalog(parse_sources([SqlSource(_schema(60), "s.sql")], d, workers=1), d)
    conf = CheckConfig.make("postgres")
    one = check_catalog(cat, conf, d, workers=1)
    two = check_catalog(cat, conf, d, workers=2)
    assert len(one.findings) > 100 and two.findings == one.findings


# -- fork_chunks: chunks claimed from a shared queue ------------------------------------


def _pid_of(i: int) -> tuple[int, int]:
    return i * 10, os.getpid()


def test_chunks_come_back_in_order_and_are_shared_out():
    out = fork_chunks(12, _pid_of, _pid_of, lambda v: v, workers=3)
    assert [v for v, _pid in out] == [i * 10 for i in range(12)]
    assert out[0][1] == os.getpid()                       # chunk 0 runs here
    assert out[1][1] != os.getpid() and out[2][1] != os.getpid()   # child k starts with k
    assert len({pid for _v, pid in out}) == 3


def test_a_child_result_travels_as_there_and_comes_back_through_back():
    here = []
    out = fork_chunks(6, lambda i: ("here", i), lambda i: [i, i], lambda v: ("back", v[0]),
                      workers=2, done=lambda i, v: here.append(i))
    assert out[0] == ("here", 0) and out[1] == ("back", 1)
    assert all(v[1] == i for i, v in enumerate(out))
    assert sorted(here) == list(range(6))                # every chunk reported once


def test_results_too_large_for_shared_memory_go_through_the_pipe():
    def big(i: int) -> bytes:
        return bytes([i]) * 200_000                      # more than a 64 KiB pipe buffer

    out = fork_chunks(5, big, big, lambda v: v, workers=2, shared_bytes=1_000)
    assert out == [big(i) for i in range(5)]


def test_a_child_that_dies_has_its_chunks_computed_here():
    parent = os.getpid()

    def there(i: int) -> int:
        if i == 1:                                        # the child's first chunk
            os.kill(os.getpid(), signal.SIGKILL)
        return i

    out = fork_chunks(8, lambda i: (i, os.getpid()), there, lambda v: (v, -1), workers=2)
    assert [v for v, _ in out] == list(range(8))
    assert out[1] == (1, parent)                          # redone here


def test_a_chunk_result_that_cannot_be_pickled_is_computed_here():
    out = fork_chunks(4, lambda i: i, lambda i: (lambda: i), lambda f: f(), workers=2)
    assert out == [0, 1, 2, 3]


def test_an_error_in_a_child_chunk_is_raised_here():
    def fn(i: int) -> int:
        if i == 1:
            raise KeyError(i)
        return i

    with pytest.raises(KeyError):
        fork_chunks(3, fn, fn, lambda v: v, workers=2)


def test_an_error_here_stops_the_chunk_children(tmp_path):
    mark = tmp_path / "child.pid"

    def here(i: int) -> int:
        import time
        while not mark.exists():
            time.sleep(0.01)
        raise ValueError("boom")

    def there(i: int) -> int:
        import time
        tmp = tmp_path / "child.tmp"
        tmp.write_text(str(os.getpid()))
        tmp.rename(mark)
        time.sleep(30)
        return i

    with pytest.raises(ValueError, match="boom"):
        fork_chunks(2, here, there, lambda v: v, workers=2)
    child = int(mark.read_text())
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)
    assert not os.path.exists(f"/proc/{child}")


def test_one_worker_or_one_chunk_stays_here():
    assert fork_chunks(3, _pid_of, _pid_of, lambda v: v, workers=1) == \
        [(0, os.getpid()), (10, os.getpid()), (20, os.getpid())]
    assert fork_chunks(1, _pid_of, _pid_of, lambda v: v, workers=4) == [(0, os.getpid())]


def test_without_shared_memory_results_come_through_the_pipe(monkeypatch):
    import mmap

    def no_memory(*_a, **_k):
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(mmap, "mmap", no_memory)
    out = fork_chunks(6, _pid_of, _pid_of, lambda v: v, workers=2)
    assert [v for v, _pid in out] == [i * 10 for i in range(6)]
    assert out[1][1] != os.getpid()                       # still computed by the child


def _mixed_schema(tables: int) -> str:
    """Every kind of statement a chunk may hold: tables, indexes, ALTERs, comments, a
    syntax error, raw routines, suppressions, a statement of another dialect."""
    parts = []
    for i in range(tables):
        parts.append(f"CREATE TABLE t{i} (id int PRIMARY KEY, Name varchar(20), amount float"
                     + (f", p int REFERENCES t{i - 1} (id)" if i else "") + ");")
        parts.append(f"CREATE INDEX t{i}_name ON t{i} (Name);")
        if i % 7 == 3:
            parts.append(f"CREATE TABLE broken{i} (id int PRIMARY KEY, x int;")  # AK-SQL001
        if i % 9 == 4:
            parts.append(f"CREATE FUNCTION f{i}() RETURNS int AS $$ BEGIN RETURN {i}; END; $$ "
                         "LANGUAGE plpgsql;")
            parts.append(f"CREATE RULE r{i} AS ON INSERT TO t{i} DO NOTHING;")  # AK-SQL002
        if i % 5 == 2:
            parts.append(f"-- archkit: ignore[AK-TY004] legacy amounts\n"
                         f"ALTER TABLE t{i} ADD COLUMN total float;")
        if i % 11 == 6:
            parts.append(f"COMMENT ON TABLE t{i} IS 'table {i}';")
        if i % 13 == 8:
            parts.append(f"ALTER TABLE t{i - 1} DROP COLUMN Name;")
    return "\n".join(parts)


@pytest.mark.parametrize("workers", [2, 3])
def test_small_chunks_of_mixed_statements_give_the_one_process_report(workers, monkeypatch):
    from archkit.schema import parallel
    from archkit.schema.check import CheckConfig, check_sources
    from archkit.schema.parse import SqlSource

    monkeypatch.setattr(parallel, "CHUNK_BYTES", 400)     # dozens of chunks
    src = [SqlSource(_mixed_schema(80), "m.sql")]
    conf = CheckConfig.make("postgres")
    one = check_sources(src, conf, workers=1)
    many = check_sources(src, conf, workers=workers)
    rules = {f.rule for f in one.findings}
    assert {"AK-SQL001", "AK-SQL002", "AK-TY004"} <= rules
    assert many.findings == one.findings
    assert many.to_text() == one.to_text()


def test_a_child_that_stalls_is_stopped_and_its_chunks_computed_here():
    import time

    parent = os.getpid()

    def there(i: int) -> int:
        if i == 1:
            time.sleep(60)                                # hangs (a lock it never gets)
        return i

    start = time.monotonic()
    out = fork_chunks(4, lambda i: (i, os.getpid()), there, lambda v: (v, -1), workers=2,
                      stall_seconds=0.5)
    assert time.monotonic() - start < 10
    assert [v for v, _ in out] == [0, 1, 2, 3]
    assert out[1] == (1, parent)


def test_statements_the_catalog_reads_are_parsed_here_once_and_the_rest_shared(monkeypatch):
    """An ALTER, COMMENT or DROP a worker parsed came back without its tree and was parsed
    again here while the catalog was built: they are this process's own first chunk now.
    The CREATE TABLEs are still shared out (some come back from the worker as fragments)."""
    from archkit.schema import parallel
    from archkit.schema.dialects import get_dialect
    from archkit.schema.parse import LazyStatement, SqlSource

    monkeypatch.setattr(parallel, "CHUNK_BYTES", 400)
    sql = _mixed_schema(80)
    out = parallel.parse_sources([SqlSource(sql, "m.sql")], get_dialect("postgres"), workers=2)
    assert [s.index for s in out] == list(range(len(out)))        # in input order
    here_kinds = {"ALTER TABLE", "COMMENT"}
    assert sum(s.kind in here_kinds for s in out) > 20
    for s in out:
        if s.kind in here_kinds:
            assert type(s) is not LazyStatement, s.sql
            assert s.__dict__.get("tree") is not None or s.tree is not None
    assert any(type(s) is LazyStatement and s.kind == "CREATE TABLE" for s in out)
    one = parallel.parse_sources([SqlSource(sql, "m.sql")], get_dialect("postgres"), workers=1)
    assert [(s.kind, s.error, s.raw, s.line) for s in out] == \
        [(s.kind, s.error, s.raw, s.line) for s in one]


_SHARING = """
import importlib, json, sys, threading
import archkit.schema.forkjoin as fj
from archkit.schema.check import CheckConfig, check_sources
from archkit.schema.parse import SqlSource

check_module = importlib.import_module("archkit.schema.check")
parts = []
real = fj.fork_chunks

def counted(n, here, there, back, workers, **kw):
    parts.append(min(workers, n))
    return real(n, here, there, back, workers, **kw)

fj.fork_chunks = counted
src = [SqlSource(sys.stdin.read(), "s.sql")]
conf = CheckConfig.make("postgres")
out = {}

def run(label, **kw):
    before = len(parts)
    report = check_sources(src, conf, **kw)
    out[label] = [parts[before:], report.to_text(), threading.active_count()]

check_module.PARALLEL_RULES_MIN_STATEMENTS = 10_000
run("small")
check_module.PARALLEL_RULES_MIN_STATEMENTS = 100
run("auto")
run("one", workers=1)
stop = threading.Event()
other = threading.Thread(target=stop.wait)
other.start()
run("thread")
stop.set()
other.join()
run("progress", progress=True)
print(json.dumps(out))
"""


def test_a_large_check_shares_its_rules_out_by_itself():
    """With the number of processes left to archkit, a check of 2,000 statements or more
    (here the threshold is lowered to this input's size) runs its rules in two processes
    and reports exactly what one process does; not in a process with another thread
    running (a notebook kernel's), and a progress bar starts no such thread. (In a fresh
    process: threads earlier tests leave behind must not decide it.)"""
    import json
    import subprocess
    import sys

    from archkit.schema.forkjoin import usable_cores

    if usable_cores() < 2:
        pytest.skip("one core: the rules stay in one process")
    res = subprocess.run([sys.executable, "-c", _SHARING], input=_schema(60),
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["small"][0] == []                 # a small input: one process
    assert out["auto"][0] == [2]                 # shared out to one child
    assert out["one"][0] == []                   # workers=1: one process
    assert out["thread"][0] == [] and out["thread"][2] == 2
    assert out["progress"][0] == [2] and out["progress"][2] == 1
    texts = {label: text for label, (_parts, text, _threads) in out.items()}
    assert texts["one"].count("\n") > 100
    assert len(set(texts.values())) == 1         # the same report every way


def test_rules_of_a_child_that_dies_are_run_here(monkeypatch):
    """A child sharing the rules that dies: its rules run in this process, the report is
    the same (the findings come back as rows in either case)."""
    from archkit.schema.catalog import build_catalog
    from archkit.schema.check import CheckConfig, check_catalog
    from archkit.schema.dialects import get_dialect
    from archkit.schema.parallel import parse_sources
    from archkit.schema.parse import SqlSource

    d = get_dialect("postgres")
    cat = build_catalog(parse_sources([SqlSource(_schema(40), "s.sql")], d, workers=1), d)
    conf = CheckConfig.make("postgres")
    one = check_catalog(cat, conf, d, workers=1)
    parent = os.getpid()
    import importlib

    check_module = importlib.import_module("archkit.schema.check")
    real = check_module._run_group

    def dying(group, here, *rest):
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(group, here, *rest)

    monkeypatch.setattr(check_module, "_run_group", dying)
    two = check_catalog(cat, conf, d, workers=2)
    assert len(one.findings) > 50 and two.findings == one.findings
