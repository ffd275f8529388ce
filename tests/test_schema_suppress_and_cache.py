"""What a CI user met (scout Z): a cache folder that cannot be written failed the whole
check; a code change outside archkit.schema was answered from the cache; a suppression
naming no rule silenced nothing, without a word."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from archkit.schema.cache import _code_fingerprint
from archkit.schema.check import check

ROOT = Path(__file__).resolve().parents[1]


def _archkit(args, env):
    return subprocess.run([sys.executable, "-m", "archkit", *args], capture_output=True,
                          text=True, env=dict(os.environ, PYTHONPATH=str(ROOT), **env))


@pytest.mark.parametrize("where", ["a-file", "nonexistent-home"])
def test_a_cache_folder_that_cannot_be_written_does_not_fail_the_check(tmp_path, where):
    sql = tmp_path / "s.sql"
    sql.write_text("CREATE TABLE a (id int);\n")
    blocker = tmp_path / "notadir"       # (a file: not even root makes a folder in it)
    blocker.write_text("")
    env = {"ARCHKIT_CACHE_DIR": str(blocker)} if where == "a-file" else \
        {"ARCHKIT_CACHE_DIR": "", "XDG_CACHE_HOME": "", "HOME": str(blocker / "home")}
    for _ in range(2):
        res = _archkit(["schema", "check", str(sql)], env)
        assert res.returncode == 1, res.stderr          # AK-PK001: an error finding
        assert "AK-PK001" in res.stdout and res.stderr == ""


def test_the_cache_key_follows_the_package_modules_a_result_depends_on():
    """The stored text rendering is findings.py's, suppressions are suppress.py's: an
    editable install keeps its version across such edits."""
    parts = dict(p.rsplit(":", 1) for p in _code_fingerprint().split(";"))
    for module in ("findings.py", "suppress.py", "rules.py", "schema/check.py",
                   "schema/rules/names.py"):
        assert module in parts
    target = ROOT / "archkit" / "suppress.py"
    before = _code_fingerprint()
    st = target.stat()
    try:
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        assert _code_fingerprint() != before
    finally:
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))


@pytest.mark.parametrize("marker, hint", [
    ("ignore[AK-XX999] x", "-- archkit rules lists the rule ids"),
    ("ignore[AK-PK01] x", "-- did you mean AK-PK001? (archkit rules lists them)"),
    ("ignore[AK-PK001 AK-IX006] x", "-- separate the rule ids with commas: "
                                    "ignore[AK-PK001, AK-IX006]"),
    ("ignore[AK-PK] x", "-- a prefix for every rule it starts takes a *: ignore[AK-PK*]"),
])
def test_a_suppression_that_names_no_rule_is_reported(marker, hint):
    report = check(f"CREATE TABLE b (x int); -- archkit: {marker}\n", dialect="postgres")
    sup = [f for f in report if f.rule == "AK-SUP002"]
    assert len(sup) == 1 and sup[0].line == 1 and sup[0].hint == hint
    assert "which is no archkit rule: it silences nothing" in sup[0].message
    assert [f.rule for f in report if f.rule == "AK-PK001"] == ["AK-PK001"]   # not silenced


@pytest.mark.parametrize("marker", ["ignore[AK-PK001] log", "ignore[AK-PK*] log",
                                    "ignore[AK-PK001, AK-TY009] log"])
def test_a_suppression_of_known_rules_is_not(marker):
    report = check(f"CREATE TABLE b (x int); -- archkit: {marker}\n", dialect="postgres")
    assert not [f for f in report if f.rule in ("AK-SUP002", "AK-PK001")]


def _cwd_archkit(args, env, cwd):
    return subprocess.run([sys.executable, "-m", "archkit", *args], capture_output=True,
                          text=True, cwd=cwd,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), **env))


def test_since_is_matched_by_where_the_files_resolve_even_from_the_cache(tmp_path):
    """Run in X, then in Y with the same names and texts and --since naming X's file: the
    cache replayed X's review (exit 0) where a cold run says --since names no file checked
    (scout BC)."""
    env = {"ARCHKIT_CACHE_DIR": str(tmp_path / "cache")}
    for d in ("X", "Y"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "001.sql").write_text(
            "CREATE TABLE t (id int PRIMARY KEY, a varchar(20));\n")
        (tmp_path / d / "002.sql").write_text("ALTER TABLE t ALTER COLUMN a TYPE int;\n")
    files = ["schema", "check", "001.sql", "002.sql", "--fail-on", "never"]
    first = _cwd_archkit([*files, "--since", "002.sql"], env, tmp_path / "X")
    assert first.returncode == 0 and "AK-MG" in first.stdout, first.stderr
    since = str(tmp_path / "X" / "002.sql")
    for extra in ([], ["--no-cache"]):
        res = _cwd_archkit([*files, "--since", since, *extra], env, tmp_path / "Y")
        assert res.returncode == 2 and "--since names a file" in res.stderr


def _deeper(frames, fn):
    return fn() if frames == 0 else _deeper(frames - 1, fn)


def test_a_statement_at_the_recursion_limit_is_judged_alike_from_any_depth():
    """The same statement parsed, or was 'nested too deeply', by how deep the caller's
    stack was: a run through the result cache has one frame more than one without, so
    the cache stored an AK-SQL001 that a --no-cache run did not give (scout BC). It is
    parsed again on a fresh stack before it is called too deep."""
    def findings(n, frames=0):
        sql = "CREATE TABLE t (id bigint PRIMARY KEY, a int CHECK (" + "(" * n + "a" + \
              ")" * n + " IS NOT NULL));"
        return [(f.rule, f.message) for f in
                _deeper(frames, lambda: check(sql, dialect="postgres", workers=1))]
    n = 200
    while not any(m.endswith("nested too deeply to parse") for _r, m in findings(n)):
        n += 25
    n -= 25                               # parses at the top of the stack
    assert findings(n) == [] and findings(n, frames=400) == []
    assert findings(n + 25, frames=400) == findings(n + 25)
