"""The lifecycle of a record when it is superseded or deprecated: only a record in force
(accepted, or with no status at all, which is read as accepted) can be, and superseded is
final — a record has one successor, whichever way the second supersede is asked for."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from archkit.adr import AdrLog
from archkit.errors import InputError
from tests.conftest import run_cli

MADR = ("---\nstatus: {status}\ndate: 2024-01-01\n---\n\n# {title}\n\n"
        "## Context and Problem Statement\n\nc\n\n## Considered Options\n\n* a\n\n"
        "## Decision Outcome\n\nChosen option: a.\n")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    d = tmp_path / "docs" / "decisions"
    d.mkdir(parents=True)
    (d / "0001-use-mysql.md").write_text(MADR.format(status="on hold", title="Use MySQL"))
    (d / "0002-use-redis.md").write_text(MADR.format(status="accepted", title="Use Redis"))
    return tmp_path


@pytest.mark.parametrize("args", [
    ["new", "Use PostgreSQL", "--supersedes", "1"],
    ["new", "Use PostgreSQL", "--link", "1:Supersedes"],
    ["link", "2", "Supersedes", "1"],
    ["link", "1", "Superseded by", "2"],
    ["status", "1", "deprecated"],
    ["status", "1", "superseded"],
])
def test_a_record_on_hold_is_not_superseded_or_deprecated(ws: Path, args: list[str]):
    folder = ws / "docs" / "decisions"
    before = _snapshot(folder)
    r = run_cli("adr", *args, cwd=ws)
    assert r.code == 2, r
    assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
    assert r.err.startswith("docs/decisions/0001-use-mysql.md:2: ADR-0001 is on hold: only an "
                            "accepted record can be ")
    assert "archkit adr status 1 accepted" in r.err
    assert _snapshot(folder) == before             # nothing written, no new record


def test_a_record_on_hold_can_still_be_accepted_and_then_superseded(ws: Path):
    log = AdrLog(ws / "docs" / "decisions")
    assert log.set_status(1, "accepted").status == "accepted"
    log.new("Use PostgreSQL", supersedes=1)
    assert log.reload().get(1).status == "superseded"


def test_a_record_without_a_status_is_read_as_accepted(tmp_path: Path):
    # MADR 4 allows a record without a status: a recorded decision is taken to be in force
    bare = "---\ndate: 2024-01-01\n---\n\n# {title}\n\n## Decision Outcome\n\nWe do it.\n"
    (tmp_path / "0001-use-mysql.md").write_text(bare.format(title="Use MySQL"))
    (tmp_path / "0002-use-redis.md").write_text(bare.format(title="Use Redis"))
    (tmp_path / "0003-use-kafka.md").write_text(bare.format(title="Use Kafka"))
    log = AdrLog(tmp_path)
    for status in ("proposed", "rejected"):       # not "proposed" and "accepted" at once
        with pytest.raises(InputError, match=r"ADR-0001 has no status \(read as accepted\): "
                                             rf"it cannot become {status} \(allowed: "
                                             r"deprecated, superseded\)"):
            log.set_status(1, status)
    assert "status" not in (tmp_path / "0001-use-mysql.md").read_text()
    assert log.set_status(1, "accepted").status == "accepted"     # writes it down
    assert "status: accepted" in (tmp_path / "0001-use-mysql.md").read_text()
    assert log.set_status(2, "deprecated").status == "deprecated"
    log.new("Use Pulsar", supersedes=3)
    assert log.reload().get(3).status == "superseded"


def test_a_superseded_record_is_not_superseded_again(tmp_path: Path):
    d = tmp_path / "docs" / "decisions"
    d.mkdir(parents=True)
    (d / "0001-use-mysql.md").write_text(MADR.format(status="accepted", title="Use MySQL"))
    assert run_cli("adr", "new", "Use PostgreSQL", "--supersedes", "1", cwd=tmp_path).code == 0
    assert run_cli("adr", "new", "Use SQLite", cwd=tmp_path).code == 0
    before = _snapshot(d)
    for args in (["new", "Use DuckDB", "--supersedes", "1"],
                 ["new", "Use DuckDB", "--link", "1:Supersedes"],
                 ["link", "3", "Supersedes", "1"],
                 ["link", "1", "Superseded by", "3"],
                 ["status", "1", "deprecated"]):
        r = run_cli("adr", *args, cwd=tmp_path)
        assert r.code == 2, (args, r)
        assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
        assert r.err.startswith("docs/decisions/0001-use-mysql.md:2: ADR-0001 is superseded"), r
        assert _snapshot(d) == before, args
    r = run_cli("adr", "new", "Use DuckDB", "--supersedes", "1", cwd=tmp_path)
    assert "it is final; ADR-0002 replaced it: supersede that one instead" in r.err
    # its successor can be superseded, as the message says
    log = AdrLog(d)
    log.set_status(2, "accepted")
    log.new("Use DuckDB", supersedes=2)
    assert [ln.target for ln in log.reload().get(1).links_of("superseded-by")] == [
        "0002-use-postgresql.md"]


def test_parallel_supersedes_of_one_record_let_exactly_one_through(tmp_path: Path):
    from tests.test_adr_concurrency import _parallel

    d = tmp_path / "docs" / "decisions"
    d.mkdir(parents=True)
    (d / "0001-use-mysql.md").write_text(MADR.format(status="accepted", title="Use MySQL"))
    results = _parallel(tmp_path, [["new", f"Successor {i}", "--supersedes", "1"]
                                   for i in range(6)])
    codes = sorted(r[0] for r in results)
    assert codes == [0, 2, 2, 2, 2, 2], [r[2] for r in results]
    for code, _, err in results:
        if code == 2:
            assert "ADR-0001 is superseded" in err and len(err.strip().splitlines()) == 1
    winner = next(out.strip() for code, out, _ in results if code == 0)
    # no orphan record, no lock file: the refused runs wrote nothing
    assert sorted(os.listdir(d)) == ["0001-use-mysql.md", Path(winner).name]
    first = AdrLog(d).get(1)
    assert first.status == "superseded"
    assert [ln.target for ln in first.links_of("superseded-by")] == [Path(winner).name]
