"""Lint checks on logs that tools and people get wrong: a record with two successors
(AK-ADR011), a heading number that is not the file's (AK-ADR008), and the wording of a
one-sided "superseded by" (AK-ADR003)."""

from __future__ import annotations

from pathlib import Path

from archkit.adr import AdrLog
from tests.conftest import run_cli


def _nygard(n: int, title: str, status: str, *, heading: int | None = None,
            extra: str = "") -> str:
    return (f"# {heading if heading is not None else n}. {title}\n\nDate: 2024-01-0{n}\n\n"
            f"## Status\n\n{status}\n" + (f"\n{extra}\n" if extra else "")
            + "\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\nq\n")


def test_a_record_with_two_successors_is_reported(tmp_path: Path):
    (tmp_path / "0001-use-mysql.md").write_text(_nygard(
        1, "Use MySQL", "Superseded by [2. Use PostgreSQL](0002-use-postgresql.md)",
        extra="Superseded by [3. Use SQLite](0003-use-sqlite.md)\n\n"
              "Superseded by [2. Use PostgreSQL](0002-use-postgresql.md)"))
    for n, title in ((2, "Use PostgreSQL"), (3, "Use SQLite")):
        (tmp_path / f"0{n:03d}-{title.lower().replace(' ', '-')}.md").write_text(_nygard(
            n, title, "Accepted", extra="Supersedes [1. Use MySQL](0001-use-mysql.md)"))
    found = AdrLog(tmp_path).lint(git=False).by_rule("AK-ADR011")
    assert len(found) == 1          # one finding per record, each successor named once
    f = found[0]
    assert (f.path, f.line, f.object) == (str(tmp_path / "0001-use-mysql.md"), 9, "ADR-0001")
    assert f.message == "ADR-0001 says it is superseded by 2 records: ADR-0002 and ADR-0003"
    assert f.severity.name.lower() == "warning" and "keep the link" in f.hint


def test_the_cli_lints_what_two_supersedes_used_to_leave(tmp_path: Path):
    # the state two `new --supersedes 1` used to leave (and a merge of two branches can)
    d = tmp_path / "docs" / "decisions"
    d.mkdir(parents=True)
    assert run_cli("adr", "new", "Use MySQL", cwd=tmp_path).code == 0
    assert run_cli("adr", "status", "1", "accepted", cwd=tmp_path).code == 0
    assert run_cli("adr", "new", "Use PostgreSQL", "--supersedes", "1", cwd=tmp_path).code == 0
    record = d / "0001-use-mysql.md"
    record.write_text(record.read_text()
                      + "* Superseded by [ADR-0003: Use SQLite](0003-use-sqlite.md)\n")
    r = run_cli("adr", "lint", "--select", "AK-ADR011", cwd=tmp_path)
    assert r.code == 0 and r.out.startswith("docs/decisions/0001-use-mysql.md:")
    assert "AK-ADR011 warning ADR-0001 says it is superseded by 2 records" in r.out


def test_a_heading_number_that_is_not_the_file_number_is_reported(tmp_path: Path):
    (tmp_path / "0001-use-mysql.md").write_text(_nygard(1, "Use MySQL", "Accepted"))
    (tmp_path / "0004-foo.md").write_text(_nygard(4, "Foo", "Accepted", heading=7))
    found = AdrLog(tmp_path).lint(git=False).by_rule("AK-ADR008")
    assert [(Path(f.path).name, f.line, f.col) for f in found] == [("0004-foo.md", 1, 3)]
    assert found[0].message == ("heading number 7 is not the file's number 0004: the record "
                                "is ADR-0004")
    assert found[0].hint.startswith("write '# 4. Foo'")
    r = run_cli("adr", "lint", "--dir", str(tmp_path), "--select", "AK-ADR008")
    assert "0004-foo.md:1:3: AK-ADR008 info heading number 7" in r.out


def test_one_sided_superseded_by_reads_as_english(tmp_path: Path):
    (tmp_path / "0001-a.md").write_text(_nygard(1, "A", "Accepted"))
    (tmp_path / "0002-b.md").write_text(_nygard(
        2, "B", "Superseded by [1. A](0001-a.md)"))
    (tmp_path / "0003-c.md").write_text(_nygard(3, "C", "Amended by [1. A](0001-a.md)"))
    messages = sorted(f.message for f in AdrLog(tmp_path).lint(git=False)
                      .by_rule("AK-ADR003"))
    assert messages == ["ADR-0002 says it is superseded by ADR-0001, but ADR-0001 does not "
                        "link back",
                        "ADR-0003 says it is amended by ADR-0001, but ADR-0001 does not "
                        "link back"]
