"""A proposal that supersedes a record and is then rejected replaces nothing: the record
it superseded is back in force, as it was written before (scout AG, finding 7). A log
left superseded by a rejected record is reported and can be repaired."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from archkit.adr import AdrLog
from archkit.errors import InputError
from tests.conftest import run_cli


def _ids(findings, rule: str) -> list[str]:
    return [f.message for f in findings if f.rule == rule]


@pytest.mark.parametrize("template", ["madr", "madr-minimal", "nygard", "log4brains"])
def test_rejecting_the_successor_puts_the_old_record_back_as_it_was(tmp_path: Path,
                                                                    template: str):
    log = AdrLog(tmp_path / "adr")
    old = log.new("Use MySQL", template=template, status="accepted", date="2024-01-01")
    before = old.path.read_bytes()
    new = log.new("Use PostgreSQL", template=template, supersedes=old)
    assert log.reload().get(1).status == "superseded"      # the contract: at once
    log.set_status(new.number, "rejected", date="2024-01-01")
    again = log.reload().get(1)
    assert again.status == "accepted" and again.links == []
    if template == "nygard":         # a Nygard date is the creation date: nothing changed
        assert old.path.read_bytes() == before
    else:                            # MADR's date is the last update's: today
        assert old.path.read_text().replace(again.date, "2024-01-01") == before.decode()
    # the rejected record keeps what it proposed, and lint is content with both
    assert log.get(2).links_of("supersedes")[0].target == old.path.name
    report = log.lint(git=False)
    assert not [f for f in report.findings if f.rule in ("AK-ADR003", "AK-ADR004")]


def test_a_log4brains_status_holding_the_successor_is_accepted_again(tmp_path: Path):
    d = tmp_path / "adr"
    d.mkdir()
    (d / "20240101-use-mysql.md").write_text(
        "# Use MySQL\n\n- Status: accepted\n- Date: 2024-01-01\n\n## Context and Problem "
        "Statement\n\nc\n")
    log = AdrLog(d)
    new = log.new("Use PostgreSQL", supersedes="20240101-use-mysql")
    assert "- Status: superseded by [" in (d / "20240101-use-mysql.md").read_text()
    log.set_status(new.id, "rejected")
    text = (d / "20240101-use-mysql.md").read_text()
    assert "- Status: accepted\n" in text and "superseded" not in text


def test_only_the_rejected_successor_is_unlinked_when_another_is_in_force(tmp_path: Path):
    d = tmp_path / "adr"
    d.mkdir()
    (d / "0001-use-mysql.md").write_text(
        "# 1. Use MySQL\n\nDate: 2024-01-01\n\n## Status\n\n"
        "Superseded by [2. Use PostgreSQL](0002-use-postgresql.md)\n\n"
        "Superseded by [3. Use SQLite](0003-use-sqlite.md)\n\n## Context\n\nc\n")
    (d / "0002-use-postgresql.md").write_text(
        "# 2. Use PostgreSQL\n\nDate: 2024-01-02\n\n## Status\n\nProposed\n\n"
        "Supersedes [1. Use MySQL](0001-use-mysql.md)\n\n## Context\n\nc\n")
    (d / "0003-use-sqlite.md").write_text(
        "# 3. Use SQLite\n\nDate: 2024-01-03\n\n## Status\n\nAccepted\n\n"
        "Supersedes [1. Use MySQL](0001-use-mysql.md)\n\n## Context\n\nc\n")
    log = AdrLog(d)
    log.set_status(2, "rejected")
    first = log.reload().get(1)
    assert first.status == "superseded"           # ADR-0003 still replaces it
    assert [ln.target for ln in first.links] == ["0003-use-sqlite.md"]
    assert (d / "0001-use-mysql.md").read_text() == (
        "# 1. Use MySQL\n\nDate: 2024-01-01\n\n## Status\n\n"
        "Superseded by [3. Use SQLite](0003-use-sqlite.md)\n\n## Context\n\nc\n")


def test_rejecting_a_proposal_that_superseded_nothing_touches_no_other_record(tmp_path):
    log = AdrLog(tmp_path / "adr")
    log.new("Use MySQL", status="accepted")
    log.new("Use Redis", status="accepted", amends=1)
    before = (tmp_path / "adr" / "0001-use-mysql.md").read_bytes()
    log.new("Use Memcached", amends=1)
    after_amend = (tmp_path / "adr" / "0001-use-mysql.md").read_bytes()
    assert after_amend != before                     # an amendment links back at once
    log.set_status(3, "rejected")
    assert (tmp_path / "adr" / "0001-use-mysql.md").read_bytes() == after_amend
    assert log.reload().get(1).status == "accepted"


LEGACY = {   # the state archkit left before: superseded by a proposal later rejected
    "0001-use-mysql.md": "---\nstatus: superseded\ndate: 2024-01-02\n---\n\n# Use MySQL\n\n"
                         "## Context and Problem Statement\n\nc\n\n## More Information\n\n"
                         "* Superseded by [ADR-0002](0002-use-postgresql.md)\n",
    "0002-use-postgresql.md": "---\nstatus: rejected\ndate: 2024-01-03\n---\n\n"
                              "# Use PostgreSQL\n\n## Context and Problem Statement\n\nc\n\n"
                              "## More Information\n\n"
                              "* Supersedes [ADR-0001](0001-use-mysql.md)\n",
}


def test_a_record_superseded_only_by_a_rejected_one_is_reported_and_can_be_restored(
        tmp_path: Path):
    d = tmp_path / "docs" / "decisions"
    d.mkdir(parents=True)
    for name, text in LEGACY.items():
        (d / name).write_text(text)
    r = run_cli("adr", "lint", "--select", "AK-ADR003,AK-ADR004", cwd=tmp_path)
    assert r.code == 0, r           # a warning: the default failing severity is error
    assert r.out.startswith("docs/decisions/0001-use-mysql.md:2: AK-ADR004 warning ADR-0001 "
                            "is superseded only by rejected record ADR-0002: no decision on "
                            "its question is in force"), r.out
    r = run_cli("adr", "status", "1", "accepted", cwd=tmp_path)
    assert r.code == 0, r
    text = (d / "0001-use-mysql.md").read_text()
    assert text.startswith("---\nstatus: accepted\ndate: ")
    assert "Superseded by" not in text and "## More Information" not in text
    assert text.endswith("## Context and Problem Statement\n\nc\n")
    r = run_cli("adr", "lint", "--select", "AK-ADR003,AK-ADR004", cwd=tmp_path)
    assert r.code == 0 and r.out.strip() == "0 findings", r


def test_superseded_by_a_record_in_force_stays_final(tmp_path: Path):
    log = AdrLog(tmp_path / "adr")
    log.new("Use MySQL", status="accepted")
    log.new("Use PostgreSQL", supersedes=1, status="accepted")
    before = (tmp_path / "adr" / "0001-use-mysql.md").read_bytes()
    with pytest.raises(InputError, match="final"):
        log.set_status(1, "accepted")
    assert (tmp_path / "adr" / "0001-use-mysql.md").read_bytes() == before
    log.set_status(2, "deprecated")                 # deprecating the successor revives nothing
    assert log.reload().get(1).status == "superseded"


def test_the_cli_says_which_record_is_back_in_force(tmp_path: Path):
    log = AdrLog(tmp_path / "docs" / "decisions")
    log.new("Use MySQL", status="accepted")
    log.new("Use PostgreSQL", supersedes=1)
    r = run_cli("adr", "status", "2", "rejected", cwd=tmp_path)
    assert r.code == 0, r
    assert r.out == "docs/decisions/0002-use-postgresql.md: rejected\n"
    assert r.err == ("docs/decisions/0001-use-mysql.md: accepted again "
                     "(ADR-0002 is rejected)\n")


@pytest.mark.skipif(shutil.which("adr") is None,
                    reason="adr-tools is not installed: scripts/system-deps.sh adr-tools")
def test_adr_tools_sees_the_record_accepted_again(tmp_path: Path):
    """The repro of scout AG: an adr-tools log, `archkit adr new --supersedes 2`, the
    proposal rejected; adr-tools' own toc and archkit's list agree ADR 2 is in force."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    subprocess.run(["adr", "init"], cwd=tmp_path, env=env, check=True, capture_output=True)
    subprocess.run(["adr", "new", "Use", "MySQL"], cwd=tmp_path, env=env, check=True,
                   capture_output=True)
    assert run_cli("adr", "new", "Use PostgreSQL", "--supersedes", "2", cwd=tmp_path).code == 0
    assert run_cli("adr", "status", "3", "rejected", cwd=tmp_path).code == 0
    second = (tmp_path / "doc" / "adr" / "0002-use-mysql.md").read_text()
    assert "## Status\n\nAccepted\n\n## Context" in second
    r = run_cli("adr", "list", "--format", "json", cwd=tmp_path)
    import json
    statuses = {a["number"]: a["status"] for a in json.loads(r.out)}
    assert statuses == {1: "accepted", 2: "accepted", 3: "rejected"}
    # adr-tools can supersede it again, as it could before the proposal
    subprocess.run(["adr", "new", "-s", "2", "Use", "SQLite"], cwd=tmp_path, env=env,
                   check=True, capture_output=True)
    assert AdrLog(tmp_path / "doc" / "adr").get(2).status == "superseded"


def test_the_toc_and_the_graph_show_no_successor_after_a_rejection(tmp_path: Path):
    """(scout AI) the toc's "Superseded by" column kept the rejected proposal."""
    log = AdrLog(tmp_path / "adr")
    log.new("Use MySQL", status="accepted")
    log.new("Use PostgreSQL", supersedes=1)
    assert "[ADR-0002](0002-use-postgresql.md) |" in log.toc().splitlines()[2]
    log.set_status(2, "rejected")
    log.reload()
    first = log.toc().splitlines()[2]
    assert first.startswith("| ADR-0001 |") and first.endswith("| accepted | "
                                                              f"{log.get(1).date} |  |")
    from archkit.adr.graph import build_graph

    edge = build_graph(log).edges["0002", "0001"]
    assert edge == {"kind": "relates", "relation": "proposed to supersede"}
    assert 'style=dotted' in log.graph("dot")


def _nygard(n: int, title: str, status: str) -> str:
    return f"# {n}. {title}\n\nDate: 2024-01-0{n}\n\n## Status\n\n{status}\n\n## Context\n\nc\n"


@pytest.mark.parametrize("first", ["Proposed", "Accepted on 2020-01-01 by the board"])
def test_a_status_paragraph_adr_tools_left_says_the_status_again(tmp_path: Path, first: str):
    """(scout AJ) adr-tools removes only an exact "Accepted" line: "Proposed" or
    "Accepted on …" stays above "Superseded by". It is the status again, once."""
    d = tmp_path / "adr"
    d.mkdir()
    (d / "0001-one.md").write_text(_nygard(1, "One", f"{first}\n\nSuperseded by [2. Two](0002-two.md)"))
    (d / "0002-two.md").write_text(_nygard(2, "Two", "Proposed\n\nSupersedes [1. One](0001-one.md)"))
    AdrLog(d).set_status(2, "rejected")
    assert (d / "0001-one.md").read_text() == _nygard(1, "One", first)
    assert AdrLog(d).get(1).status == ("proposed" if first == "Proposed" else "accepted")


def test_rejecting_the_last_live_successor_drops_the_rejected_ones_too(tmp_path: Path):
    d = tmp_path / "adr"
    d.mkdir()
    (d / "0001-one.md").write_text(_nygard(1, "One", "Superseded by [2. Two](0002-two.md)\n\n"
                                                     "Superseded by [3. Three](0003-three.md)"))
    (d / "0002-two.md").write_text(_nygard(2, "Two", "Rejected\n\nSupersedes [1. One](0001-one.md)"))
    (d / "0003-three.md").write_text(_nygard(3, "Three",
                                             "Proposed\n\nSupersedes [1. One](0001-one.md)"))
    AdrLog(d).set_status(3, "rejected")
    assert (d / "0001-one.md").read_text() == _nygard(1, "One", "Accepted")


def test_a_successor_that_is_rejected_is_no_successor_in_toc_and_graph(tmp_path: Path):
    d = tmp_path / "adr"
    d.mkdir()
    (d / "0001-one.md").write_text(_nygard(1, "One", "Superseded by [2. Two](0002-two.md)"))
    (d / "0002-two.md").write_text(_nygard(2, "Two", "Rejected\n\nSupersedes [1. One](0001-one.md)"))
    log = AdrLog(d)
    assert log.toc().splitlines()[2].endswith("| superseded | 2024-01-01 |  |")
    assert "style=dotted" in log.graph("dot") and "style=solid" not in log.graph("dot")


def test_a_superseded_record_that_names_no_successor_can_be_given_one(tmp_path: Path):
    """(scout AJ) AK-ADR004's hint named a command that refused: superseded is final."""
    log = AdrLog(tmp_path / "adr")
    log.new("One", status="accepted")
    log.new("Two", status="accepted")
    log.set_status(1, "superseded")
    [f] = [f for f in log.lint(git=False).findings if f.rule == "AK-ADR004"]
    assert f.hint.startswith("'archkit adr link M Supersedes 1' names the record M")
    log.link(2, 1, "Supersedes")
    log.reload()
    assert [ln.target for ln in log.get(1).links_of("superseded-by")] == ["0002-two.md"]
    assert not {"AK-ADR003", "AK-ADR004"} & set(log.lint(git=False).rules())
    with pytest.raises(InputError, match="final"):      # and then it has one
        log.new("Three", supersedes=1)
