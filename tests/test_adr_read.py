"""Reading real ADR folders in every common format, and malformed records."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archkit.adr import AdrLog
from archkit.adr.read import normalise_status, parse
from tests.conftest import FIXTURES

ADR = FIXTURES / "adr"


def by_name(log: AdrLog) -> dict[str, object]:
    return {a.path.name: a for a in log.records}


def test_adr_viewer_nygard_statuses_and_links():
    log = AdrLog(ADR / "adr-viewer" / "doc")
    recs = by_name(log)
    assert [a.number for a in log.records] == [1, 2, 3, 4, 5, 6]
    assert {n: a.status for n, a in recs.items()} == {
        "0001-record-architecture-decisions.md": "accepted",
        "0002-expose-command-line-interface.md": "accepted",
        "0003-use-same-colour-for-all-headers.md": "superseded",
        "0004-distinguish-superseded-records-with-colour.md": "accepted",
        "0005-distinguish-amendments-to-records-with-colour.md": "accepted",
        "0006-accessibility-as-a-first-class-concern.md": "accepted",
    }
    links = {n: [(ln.type, ln.target) for ln in a.links] for n, a in recs.items()}
    assert links["0003-use-same-colour-for-all-headers.md"] == [
        ("superseded-by", "0004-distinguish-superseded-records-with-colour.md")]
    # adr-tools spells it "Supercedes"
    assert links["0004-distinguish-superseded-records-with-colour.md"] == [
        ("supersedes", "0003-use-same-colour-for-all-headers.md"),
        ("amended-by", "0005-distinguish-amendments-to-records-with-colour.md")]
    assert links["0005-distinguish-amendments-to-records-with-colour.md"] == [
        ("amends", "0004-distinguish-superseded-records-with-colour.md")]
    assert all(not links[n] for n in links if n.startswith(("0001", "0002", "0006")))
    first = log.get(1)
    assert first.title == "Record architecture decisions"   # "1. " stripped
    assert first.date == "2018-09-02" and first.format == "nygard"
    assert not any(a.problems for a in log.records)


def test_adr_viewer_test_folder_odd_statuses_and_a_non_record():
    log = AdrLog(ADR / "adr-viewer" / "test")
    statuses = {a.number: a.status for a in log.records}
    assert statuses == {1: "a bloogy woogy woo", 2: "pending", 3: None, 4: "proposed",
                        5: "accepted"}
    bad = log.get(3)
    assert bad.title == "Bad formatting"        # from the file name
    assert [p.rule for p in bad.problems] == ["AK-ADR006"]
    mermaid = log.get(5)
    # headings inside fenced code blocks are not sections
    assert [s.heading for s in mermaid.sections if s.level == 2] == [
        "Status", "Context", "Decision", "Consequences"]


def test_log4brains_slug_ids_statuses_and_links():
    log = AdrLog(ADR / "adr-log4brains")
    names = [a.path.name for a in log.records]
    assert "README.md" not in names and "index.md" not in names and "template.md" not in names
    assert len(log.records) == 9
    assert all(a.number is None and a.id == a.path.stem for a in log.records)
    assert all(a.format == "log4brains" for a in log.records)
    old = log.get("20200926-use-the-adr-number-as-its-unique-id")
    new = log.get("20201016-use-the-adr-slug-as-its-unique-id")
    assert old.status == "superseded" and old.date == "2020-09-26"
    assert [(ln.type, ln.target) for ln in old.links] == [
        ("superseded-by", "20201016-use-the-adr-slug-as-its-unique-id.md")]
    assert [(ln.type, ln.target) for ln in new.links] == [
        ("supersedes", "20200926-use-the-adr-number-as-its-unique-id.md")]
    others = [a for a in log.records if a not in (old, new)]
    assert {a.status for a in others} == {"accepted"}
    assert all(not a.links for a in others)


def test_madr_repository_front_matter_without_status():
    log = AdrLog(ADR / "adr-madr")
    assert [a.number for a in log.records] == list(range(19))
    statuses = {a.number: a.status for a in log.records}
    assert statuses[3] == "on hold"
    assert all(s is None for n, s in statuses.items() if n != 3)
    assert all(a.format == "madr4" for a in log.records)
    assert log.get(1).title == "Dual License the Work"
    # mentions of other records in running text are "relates" links
    assert [(ln.type, ln.target) for ln in log.get(13).links] == [
        ("relates", "0008-add-status-field.md")]
    assert [(ln.type, ln.target) for ln in log.get(8).links] == [
        ("relates", "0013-use-yaml-front-matter-for-meta-data.md")]
    # a link inside a fenced code block is an example, not a link
    assert log.get(9).links == []
    assert not any(a.problems for a in log.records)


def test_madr2_bullet_header_and_madr3_front_matter():
    madr2 = parse("# Use Kafka\n\n* Status: accepted\n* Deciders: Ana, Bo\n* Date: 2019-03-01\n\n"
                  "## Context and Problem Statement\n\nEvents.\n\n## Considered Options\n\n"
                  "* Kafka\n\n## Decision Outcome\n\nChosen option: \"Kafka\".\n\n## Links\n\n"
                  "* Refined by [ADR-0005](0005-partitioning.md)\n", "0004-use-kafka.md")
    assert (madr2.format, madr2.status, madr2.date) == ("madr2", "accepted", "2019-03-01")
    assert madr2.meta["decision-makers"] == "Ana, Bo"
    assert [(ln.type, ln.relation, ln.target) for ln in madr2.links] == [
        ("relates", "Refined by", "0005-partitioning.md")]
    madr3 = parse("---\nstatus: superseded by [ADR-0009](0009-use-pulsar.md)\ndeciders: Ana\n"
                  "date: 2021-01-02\n---\n# Use Kafka\n\n## Context and Problem Statement\n\nx\n",
                  "0004-use-kafka.md")
    assert (madr3.format, madr3.status, madr3.date) == ("madr3", "superseded", "2021-01-02")
    assert [(ln.type, ln.target) for ln in madr3.links] == [
        ("superseded-by", "0009-use-pulsar.md")]
    textual = parse("---\nstatus: superseded by ADR-0123\n---\n# X\n", "0001-x.md")
    assert [(ln.type, ln.target) for ln in textual.links] == [("superseded-by", "ADR-0123")]


@pytest.mark.parametrize("status, expected", [
    ("Accepted", "accepted"), ("Superceded by [4. x](0004-x.md)", "superseded"),
    ("Superseded", "superseded"), ("**Proposed**", "proposed"), ("accepted.", "accepted"),
    ("Deprecated by 7", "deprecated"), ("On hold", "on hold"), ("", None), (None, None)])
def test_status_normalisation(status, expected):
    assert normalise_status(status) == expected


def test_malformed_records_are_read_with_findings():
    broken_yaml = parse("---\nstatus: [accepted\n---\n# Use X\n", "0001-use-x.md")
    assert broken_yaml.title == "Use X"
    f = broken_yaml.problems[0]
    assert (f.rule, f.line) == ("AK-ADR007", 3) and "not valid YAML" in f.message
    unclosed = parse("---\nstatus: accepted\n# Use X\n", "0002-use-x.md")
    assert [p.rule for p in unclosed.problems] == ["AK-ADR007"]
    bad_date = parse("# 1. Use X\n\nDate: 3rd of May\n\n## Status\n\nAccepted\n", "0001-use-x.md")
    assert bad_date.status == "accepted"
    assert [(p.rule, p.line) for p in bad_date.problems] == [("AK-ADR007", 3)]
    scalar = parse("---\njust a string\n---\n# T\n", "0003-t.md")
    assert [p.rule for p in scalar.problems] == ["AK-ADR007"]


def test_binary_file_does_not_crash(tmp_path: Path):
    (tmp_path / "0001-binary.md").write_bytes(b"\xff\xfe# \x00\x81 title\n")
    log = AdrLog(tmp_path)
    (adr,) = log.records
    assert adr.number == 1 and adr.problems


_PIECES = list("#-*:`~[]()\n 0123.>{}ab") + [
    "## Status\n", "---\n", "```\n", "# ", "Superseded by ", "[a](0002-a.md)", "status: ",
    "- Status: ", "Date: ", "## Decision\n", "\ufeff", "\r\n", "<!--", "-->"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=80).map("".join))
def test_reading_never_raises(text):
    adr = parse(text, "0001-anything.md")
    assert adr.number == 1 and isinstance(adr.title, str)


@pytest.mark.parametrize("fm", [
    "status: accepted\ndate: 2024-01-02\ndecision-makers: Ana, Bo\nconsulted:\n",
    "parent: Decisions\nnav_order: 13\n# a comment\ntitle: ADR Template\n",
    "status: superseded by ADR-0005\ninformed: everyone in eng.\n",
    'status: "superseded by [ADR-0005](0005-x.md)"\n',
    "status: on hold\nflag: yes\n", "a: 007\n", "a: 0\nb: 12\n", "tags: [a, b]\n",
    "status: accepted # reviewed\n",
])
def test_fast_front_matter_agrees_with_yaml(fm: str):
    import datetime as dt

    import yaml

    from archkit.adr.read import _parse_front_matter

    expected = {k: (v.isoformat() if isinstance(v, dt.date) else v)
                for k, v in yaml.safe_load(fm).items()}
    assert _parse_front_matter(fm, Path("x.md"), []) == expected


def test_duplicate_front_matter_keys_are_a_finding_and_unreadable():
    adr = parse("---\nstatus: accepted\ntags: {a: 1, a: 2}\n---\n# T\n", "0001-t.md")
    (f,) = adr.problems
    assert (f.rule, f.line, f.col) == ("AK-ADR007", 3, 14) and "'a' twice" in f.message
    assert adr.unreadable == [f]
    top = parse("---\nstatus: accepted\nstatus: rejected\n---\n# T\n", "0001-t.md")
    assert [(p.line, p.col) for p in top.unreadable] == [(3, 1)]
    assert top.status is None      # neither value is believed
    merged = parse("---\nbase: &b {x: 1}\nmore:\n  <<: *b\n  y: 2\nstatus: accepted\n---\n# T\n",
                   "0001-t.md")
    assert merged.problems == [] and merged.front_matter["more"] == {"x": 1, "y": 2}


def test_bytes_that_are_not_utf8_text_are_located(tmp_path: Path):
    from archkit.adr.read import read

    (tmp_path / "0001-a.md").write_bytes(b"# A\n\nna\xc3\xafve caf\xe9\n")
    (f,) = read(tmp_path / "0001-a.md").unreadable
    assert (f.rule, f.line, f.col) == ("AK-ADR007", 3, 10) and "0xe9" in f.message
    (tmp_path / "0002-b.md").write_bytes(b"# B\n\x00")
    (f,) = read(tmp_path / "0002-b.md").unreadable
    assert (f.line, f.col) == (2, 1) and "not text" in f.message
    (tmp_path / "0003-c.md").write_bytes(b"---\nstatus: accepted\n---\n# C\n\nDate: x\n")
    c = read(tmp_path / "0003-c.md")
    assert c.unreadable == [] and [p.rule for p in c.problems] == ["AK-ADR007"]   # a date
