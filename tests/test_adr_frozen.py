"""A record a team froze (chmod 444) is not changed: every write renames a temporary file
over the record, which replaced a read-only one for anyone who may write the folder
(scout AU). The operation stops before its first write, so nothing is half done."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from archkit.adr import AdrLog
from archkit.errors import InputError


@pytest.fixture
def log(tmp_path: Path) -> AdrLog:
    log = AdrLog(tmp_path / "docs" / "decisions", template="nygard")
    log.new("Use Postgres", status="accepted")
    log.new("Use Redis", status="proposed")
    return log


def freeze(p: Path) -> bytes:
    p.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return p.read_bytes()


@pytest.mark.parametrize("operation", ["link", "supersede", "status", "convert"])
def test_a_frozen_record_is_left_as_it_is_and_nothing_else_is_written(log, operation):
    first = log.records[0].path
    frozen = freeze(first)
    others = {p: p.read_bytes() for p in log.dir.iterdir() if p != first}
    with pytest.raises(InputError, match=r"the record is read-only \(mode 444\)") as err:
        if operation == "link":
            log.link(2, 1, "Amends")
        elif operation == "supersede":
            log.new("Use CockroachDB", supersedes=1)
        elif operation == "status":
            log.set_status(1, "deprecated")
        else:
            from archkit.adr.convert import convert_log

            convert_log(log, "madr", write=True)
    assert err.value.path == first or str(first) in str(err.value)
    assert first.read_bytes() == frozen
    assert {p: p.read_bytes() for p in log.dir.iterdir() if p != first} == others


def test_cli_says_which_record_and_exits_2(cli, log):
    freeze(log.records[0].path)
    res = cli("adr", "status", "1", "deprecated", cwd=log.dir.parent.parent)
    assert res.code == 2 and "Traceback" not in res.err
    assert res.err.strip().endswith("0001-use-postgres.md: the record is read-only (mode "
                                    "444): archkit does not change a record a team froze; "
                                    "make it writable (chmod u+w) to allow this")
    log.records[0].path.chmod(0o644)
    assert cli("adr", "status", "1", "deprecated", cwd=log.dir.parent.parent).code == 0
