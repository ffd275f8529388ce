"""Concurrent writers of one ADR log: every back-link and status change lands, because
changes to existing records are read, checked and written under the folder's lock; the
lock itself (waiting, giving up with a clear message, its lock-file fallback)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from archkit.adr import AdrLog
from archkit.errors import InputError
from archkit.workspace import folder_lock
from tests.conftest import ROOT, run_cli


@pytest.fixture
def log_dir(tmp_path: Path) -> Path:
    d = tmp_path / "docs" / "decisions"
    d.mkdir(parents=True)
    log = AdrLog(d)
    log.new("Use MySQL", date="2024-01-02")
    log.set_status(1, "accepted")
    return d


def _archkit(cwd: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "archkit", "adr", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _parallel(cwd: Path, commands: list[list[str]]) -> list[tuple[int, str, str]]:
    def one(args: list[str]) -> tuple[int, str, str]:
        p = _archkit(cwd, *args)
        out, err = p.communicate(timeout=120)
        return p.returncode, out, err

    with ThreadPoolExecutor(max_workers=len(commands)) as pool:
        return list(pool.map(one, commands))


def test_parallel_amends_keep_every_back_link(log_dir: Path):
    ws = log_dir.parent.parent
    results = _parallel(ws, [["new", f"Amendment {i}", "--amends", "1"] for i in range(8)])
    assert [r[0] for r in results] == [0] * 8, [r[2] for r in results]
    log = AdrLog(log_dir)
    first = log.get(1)
    back = sorted(ln.target for ln in first.links if ln.type == "amended-by")
    assert back == sorted(a.path.name for a in log.records if a.number != 1)
    assert len(back) == 8
    assert not [p for p in os.listdir(log_dir) if p.startswith(".")]     # nothing left behind


def test_parallel_supersedes_one_lands_the_rest_are_refused(log_dir: Path):
    # superseded is final: the status is checked under the lock, so the first writer wins
    # and the others read "superseded" (see also test_adr_lifecycle.py)
    ws = log_dir.parent.parent
    results = _parallel(ws, [["new", f"Successor {i}", "--supersedes", "1"] for i in range(5)])
    assert sorted(r[0] for r in results) == [0, 2, 2, 2, 2], [r[2] for r in results]
    first = AdrLog(log_dir).get(1)
    assert first.status == "superseded"
    assert len([ln for ln in first.links if ln.type == "superseded-by"]) == 1
    assert first.text.lower().count("status: superseded") == 1
    assert len(os.listdir(log_dir)) == 2       # no orphan record, no lock file


def test_a_writer_waits_for_the_lock_and_then_reads_what_was_written(log_dir: Path):
    ws = log_dir.parent.parent
    record = AdrLog(log_dir).get(1).path
    with folder_lock(log_dir):
        p = _archkit(ws, "new", "Use PostgreSQL", "--amends", "1")
        time.sleep(1.0)
        assert p.poll() is None                        # waiting for the lock
        # another writer's change, made while it waits
        record.write_text(record.read_text() + "\nA note added by another writer.\n")
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    text = record.read_text()
    assert "A note added by another writer." in text   # not lost
    assert "0002-use-postgresql.md" in text            # and the back-link is there


def test_status_change_waits_for_the_lock(log_dir: Path):
    ws = log_dir.parent.parent
    with folder_lock(log_dir):
        p = _archkit(ws, "status", "1", "deprecated")
        time.sleep(0.5)
        assert p.poll() is None
    assert p.wait(timeout=120) == 0
    assert AdrLog(log_dir).get(1).status == "deprecated"


def test_a_custom_supersedes_link_marks_the_record_superseded(log_dir: Path):
    ws = log_dir.parent.parent
    r = run_cli("adr", "new", "Use PostgreSQL", "--link", "1:Supersedes", cwd=ws)
    assert r.code == 0, r.err
    log = AdrLog(log_dir)
    assert log.get(1).status == "superseded"
    assert [ln.type for ln in log.get(2).links] == ["supersedes"]
    # like --supersedes: only an accepted record can be superseded, and nothing is written
    log.new("Use SQLite")                                   # 0003, proposed
    before = sorted(os.listdir(log_dir))
    r = run_cli("adr", "new", "Use DuckDB", "--link", "3:Supersedes", cwd=ws)
    assert r.code == 2 and "only an accepted record can be superseded" in r.err
    assert sorted(os.listdir(log_dir)) == before


def test_link_supersedes_between_existing_records_marks_the_target(log_dir: Path):
    log = AdrLog(log_dir)
    log.new("Use PostgreSQL")
    log.link(2, 1, "Supersedes")
    log.reload()
    assert log.get(1).status == "superseded"
    assert [ln.type for ln in log.get(1).links] == ["superseded-by"]
    assert [ln.type for ln in log.get(2).links] == ["supersedes"]
    log.new("Use SQLite")
    text = log.get(2).path.read_text()
    with pytest.raises(InputError, match="only an accepted record"):
        log.link(3, 2, "Supersedes")                    # 2 is proposed
    assert log.get(2).path.read_text() == text and not log.get(3).links


def test_a_stale_record_object_is_read_again_before_it_is_changed(log_dir: Path):
    log = AdrLog(log_dir)
    stale = log.get(1)
    other = AdrLog(log_dir)
    other.new("Use PostgreSQL", amends=1)               # another writer adds a back-link
    log.new("Use SQLite", amends=stale)                 # given the old object
    links = [ln.target for ln in AdrLog(log_dir).get(1).links]
    assert sorted(links) == ["0002-use-postgresql.md", "0003-use-sqlite.md"]   # none lost


# -- the lock itself ---------------------------------------------------------------------
def _hold(folder: Path, seconds: float) -> subprocess.Popen[str]:
    code = ("import sys, time; from archkit.workspace import folder_lock\n"
            "with folder_lock(sys.argv[1]):\n"
            "    print('locked', flush=True); time.sleep(float(sys.argv[2]))\n")
    p = subprocess.Popen([sys.executable, "-c", code, str(folder), str(seconds)],
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.PIPE,
                         text=True)
    assert p.stdout is not None and p.stdout.readline() == "locked\n"
    return p


def test_the_lock_gives_up_after_its_timeout_with_a_clear_message(tmp_path: Path):
    holder = _hold(tmp_path, 30)
    try:
        start = time.monotonic()
        with pytest.raises(InputError, match="another archkit process") as exc:
            with folder_lock(tmp_path, timeout=0.3):
                pass
        assert 0.3 <= time.monotonic() - start < 5
        assert exc.value.path == str(tmp_path)
    finally:
        holder.kill()
        holder.wait()
    with folder_lock(tmp_path, timeout=1):     # released by the kernel when its holder died
        pass


def test_without_flock_a_lock_file_is_used_and_removed(tmp_path: Path, monkeypatch):
    import fcntl

    def refused(fd: int, op: int) -> None:
        raise OSError(37, "No locks available")

    monkeypatch.setattr(fcntl, "flock", refused)
    with folder_lock(tmp_path):
        assert (tmp_path / ".archkit-lock").exists()
        with pytest.raises(InputError):
            with folder_lock(tmp_path, timeout=0.1):
                pass
    assert not (tmp_path / ".archkit-lock").exists()
    # a lock file its holder left long ago is taken over
    (tmp_path / ".archkit-lock").write_text("")
    os.utime(tmp_path / ".archkit-lock", (time.time() - 3600, time.time() - 3600))
    with folder_lock(tmp_path, timeout=0.5):
        pass
    assert not (tmp_path / ".archkit-lock").exists()
