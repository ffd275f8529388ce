"""An ADR folder that cannot be used — a file where the folder should be, a folder that
cannot be written, one that does not exist — is bad input: one line ``path: message``,
exit 2, nothing written (exit 3 is for archkit's own bugs). And `convert` carries no
empty section over."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from archkit.adr import AdrLog
from archkit.errors import InputError
from tests.conftest import FIXTURES, run_cli


def _one_line(r) -> str:
    assert r.code == 2, r
    assert len(r.err.strip().splitlines()) == 1 and "internal error" not in r.err, r.err
    return r.err.strip()


def test_new_with_dir_naming_a_file_exits_2(tmp_path: Path):
    (tmp_path / "afile").write_text("not a folder\n")
    r = run_cli("adr", "new", "X", "--dir", "afile", cwd=tmp_path)
    assert _one_line(r) == ("afile: not a folder (a file of that name is there): cannot start "
                            "an ADR log in it")
    r = run_cli("adr", "new", "X", "--dir", "afile/sub", cwd=tmp_path)
    assert _one_line(r).startswith("afile/sub: cannot create the ADR folder: ")
    assert sorted(os.listdir(tmp_path)) == ["afile"]
    assert (tmp_path / "afile").read_text() == "not a folder\n"


def test_new_in_a_folder_that_cannot_be_written(tmp_path: Path, monkeypatch):
    # root ignores chmod: refuse the lock file the way a read-only folder does
    (tmp_path / "0001-use-mysql.md").write_text("# 1. Use MySQL\n\n## Status\n\nAccepted\n")
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        if Path(path).name.startswith(".archkit-adr-") and flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(InputError) as exc:
        AdrLog(tmp_path).new("Use PostgreSQL", supersedes=1)
    assert str(exc.value) == f"{tmp_path}: cannot write a record here: Permission denied"
    assert sorted(os.listdir(tmp_path)) == ["0001-use-mysql.md"]
    assert "Superseded" not in (tmp_path / "0001-use-mysql.md").read_text()


def test_new_where_the_folder_cannot_be_created(tmp_path: Path, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(InputError, match="cannot create the ADR folder: Permission denied"):
        AdrLog(tmp_path / "docs" / "decisions").new("X")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root writes into a read-only folder")
def test_new_in_a_read_only_folder_on_disk(tmp_path: Path):  # pragma: no cover - not root
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        r = run_cli("adr", "new", "X", "--dir", "ro", cwd=tmp_path)
        assert _one_line(r) == "ro: cannot write a record here: Permission denied"
        assert os.listdir(ro) == []
    finally:
        ro.chmod(0o755)


@pytest.mark.parametrize("verb", [["list"], ["lint"], ["toc"], ["graph"],
                                  ["status", "1", "accepted"], ["site", "-o", "out.html"]])
def test_dir_naming_a_missing_folder_says_so(tmp_path: Path, verb: list[str]):
    r = run_cli("adr", *verb, "--dir", "does-not-exist", cwd=tmp_path)
    assert _one_line(r) == ("does-not-exist: no such folder; check the path, or start a log "
                            "there with 'archkit adr new TITLE --dir does-not-exist'")
    (tmp_path / "afile").write_text("")
    r = run_cli("adr", *verb, "--dir", "afile", cwd=tmp_path)
    assert _one_line(r) == "afile: not a folder: give the folder that holds the records"
    assert sorted(os.listdir(tmp_path)) == ["afile"]


def test_convert_to_madr_leaves_no_empty_links_heading(tmp_path: Path):
    # log4brains' "## Links" holds only links: they move to "More Information"
    shutil.copytree(FIXTURES / "adr" / "adr-log4brains", tmp_path / "log")
    name = "20201016-use-the-adr-slug-as-its-unique-id.md"
    assert "## Links" in (tmp_path / "log" / name).read_text()
    r = run_cli("adr", "convert", "--to", "madr", "log", "--write", cwd=tmp_path)
    assert r.code == 0, r.err
    text = (tmp_path / "log" / name).read_text()
    assert "## Links" not in text
    assert "## More Information\n\n* Supersedes [20200926-use-the-adr-number-as-its-unique-id" \
        in text
    for path in (tmp_path / "log").glob("2*.md"):
        lines = path.read_text().split("\n")
        heads = [i for i, line in enumerate(lines) if line.startswith(("# ", "## "))]
        for a, b in zip(heads, heads[1:] + [len(lines)], strict=True):
            # no section with nothing in it (MADR's two mandatory ones are always written)
            if lines[a].startswith("## ") and lines[a][3:] not in (
                    "Context and Problem Statement", "Decision Outcome"):
                assert any(line.strip() for line in lines[a + 1:b]), (path.name, lines[a])


def test_a_record_linking_out_of_the_folder_is_not_read(tmp_path: Path):
    # scout AU: 0003-env.md -> /proc/self/environ put the process environment (a CI's
    # secrets) into `adr site`; writes through such links were refused, reads were not
    folder = tmp_path / "docs" / "decisions"
    log = AdrLog(folder)
    log.new("Use PostgreSQL")
    secret = tmp_path / "secret.txt"
    secret.write_text("# A title\n\nTOP-SECRET-TOKEN=abc123\n")
    os.symlink(secret, folder / "0002-notes.md")
    os.symlink("/proc/self/environ", folder / "0003-env.md")
    os.symlink(folder / "0001-use-postgresql.md", folder / "0004-same.md")   # inside: read
    from archkit.adr.site import render_site

    page = render_site(AdrLog(folder))
    assert "TOP-SECRET" not in page and "PATH=" not in page
    found = {f.object: f.message for f in AdrLog(folder).lint(git=False)
             if f.rule == "AK-ADR007"}
    assert found["0002-notes.md"] == (f"the file is a symbolic link to {secret}, outside the "
                                      "record's folder: not read")
    assert "/proc/self/environ" in found["0003-env.md"]
    assert "0004-same.md" not in found
    assert AdrLog(folder).get("0004-same.md").title == "Use PostgreSQL"
    res = run_cli("adr", "status", "2", "accepted", "--dir", str(folder))
    assert res.code == 2 and "symbolic link" in res.err
    assert secret.read_text() == "# A title\n\nTOP-SECRET-TOKEN=abc123\n"


@pytest.mark.parametrize("size, said", [
    (0, "docs/decisions: cannot write a record here: File too large"),      # the claim
    (2, "docs/decisions/0002-use-kafka.md: cannot write: File too large"),  # the record
])
def test_a_write_that_runs_out_of_space_leaves_no_claim(tmp_path: Path, size: int, said: str):
    # scout AU: on a full disk `adr new` exited 3 ("internal error") and left a number
    # claim behind each time: the next records skipped those numbers for good. A file
    # size limit fails the same writes (EFBIG) as a full disk (ENOSPC).
    import resource
    import subprocess
    import sys

    folder = tmp_path / "docs" / "decisions"
    AdrLog(folder).new("Use PostgreSQL")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent),
           "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-m", "archkit", "adr", "new", "Use Kafka",
                           "--dir", str(folder)], capture_output=True, text=True, env=env,
                          preexec_fn=limit, check=False)
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"{tmp_path / said}\n"
    assert sorted(p.name for p in folder.iterdir()) == ["0001-use-postgresql.md"]
    assert AdrLog(folder).new("Use Kafka").path.name == "0002-use-kafka.md"


def test_writers_that_died_leave_no_temporary_files_for_long(tmp_path: Path):
    # scout AU: kill -9 during a write left whole records as hidden .NAME.XXXX.tmp files
    # that no later command removed
    import time

    folder = tmp_path / "docs" / "decisions"
    log = AdrLog(folder)
    log.new("Use PostgreSQL")
    stale = folder / ".0001-use-postgresql.md.k2wt96e.tmp"
    fresh = folder / ".0001-use-postgresql.md.a81xq0p.tmp"     # a writer at work now
    for p in (stale, fresh):
        p.write_text("# a record being written\n")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    log.new("Use Kafka")
    assert not stale.exists() and fresh.exists()
