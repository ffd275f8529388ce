"""Writing records: every template round-trips, file names are safe, writes are atomic."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archkit.adr import AdrLog
from archkit.adr.model import Adr, Link, Section
from archkit.adr.read import parse, read
from archkit.adr.slug import slugify
from archkit.adr.write import TEMPLATES, render
from archkit.errors import InputError
from archkit.workspace import atomic_write

FILLED = [
    Section("context", "Context", 2, "Orders need a durable store.\n\n```sql\n"
            "-- ## not a heading\nSELECT 1;\n```"),
    Section("drivers", "Decision Drivers", 2, "* consistency (weight 0.4)\n* cost"),
    Section("options", "Considered Options", 2, "* PostgreSQL\n* MongoDB"),
    Section("decision", "Decision", 2, 'Chosen option: "PostgreSQL", because it is consistent.'),
    Section("consequences", "Consequences", 3, "* Good, because joins work\n* Bad, because ops"),
    Section("pros_cons", "Pros and Cons of the Options", 2,
            "### PostgreSQL\n\n* Good, because ACID\n\n### MongoDB\n\n* Bad, because joins"),
    Section("other", "Notes", 2, "Reviewed by the platform team."),
]


def record(**kw) -> Adr:
    base = {
        "path": Path("0007-use-postgresql.md"), "number": 7, "id": "0007",
        "title": "Use PostgreSQL", "status": "accepted", "date": "2024-05-01",
        "links": [Link("supersedes", "0003-use-mysql.md", "ADR-0003: Use MySQL"),
                  Link("amended-by", "0009-tune-vacuum.md", "ADR-0009: Tune vacuum"),
                  Link("relates", "0004-use-kafka.md", "ADR-0004", relation="Clarifies")],
        "meta": {"decision-makers": "Ana, Bo", "consulted": "DBA team", "informed": "everyone"},
        "sections": list(FILLED),
    }
    base.update(kw)
    return Adr(**base)


@pytest.mark.parametrize("template", TEMPLATES)
def test_round_trip_every_template(template):
    adr = record()
    text = render(adr, template)
    back = parse(text, adr.path)
    assert back.problems == []
    assert (back.number, back.title, back.status, back.date) == (7, "Use PostgreSQL",
                                                                  "accepted", "2024-05-01")
    assert [(ln.type, ln.target) for ln in back.links] == [
        ("supersedes", "0003-use-mysql.md"), ("amended-by", "0009-tune-vacuum.md"),
        ("relates", "0004-use-kafka.md")]
    assert back.links[2].relation == "Clarifies"
    assert back.meta["decision-makers"] == "Ana, Bo"
    assert back.meta["consulted"] == "DBA team" and back.meta["informed"] == "everyone"
    bodies = {s.key if s.key != "other" else s.heading: s.body for s in back.sections}
    for s in FILLED:   # every section survives, text unchanged
        assert bodies[s.key if s.key != "other" else s.heading] == s.body
    # log4brains' bullets in a NNNN-name.md file read as MADR 2, whose header they share
    assert back.format == {"nygard": "nygard", "log4brains": "madr2"}.get(template, "madr4")
    # and writing what was read gives the same text again
    assert render(back, template) == text


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("status", ["proposed", "superseded", "on hold"])
def test_new_record_round_trip(template, status):
    adr = record(status=status, sections=[],
                 links=[Link("superseded-by", "0008-x.md", "ADR-0008: X")]
                 if status == "superseded" else [])
    back = parse(render(adr, template, new=True), adr.path)
    assert (back.title, back.status, back.date) == ("Use PostgreSQL", status, "2024-05-01")
    assert [(ln.type, ln.target) for ln in back.links] == [
        (ln.type, ln.target) for ln in adr.links]


def test_nygard_superseded_status_is_the_successor_link():
    adr = record(status="superseded", sections=[], links=[
        Link("superseded-by", "0008-use-cockroach.md", "8. Use Cockroach")])
    text = render(adr, "nygard", new=True)
    assert "## Status\n\nSuperseded by [8. Use Cockroach](0008-use-cockroach.md)\n" in text


def test_front_matter_values_are_quoted_safely():
    adr = record(meta={"decision-makers": "Ana: lead, #1 fan", "consulted": "yes",
                       "informed": ["a", "b: c"]}, sections=[])
    back = parse(render(adr, "madr"), adr.path)
    assert back.problems == []
    assert back.meta["decision-makers"] == "Ana: lead, #1 fan"
    assert back.meta["consulted"] == "yes"
    assert back.meta["informed"] == ["a", "b: c"]            # a list stays a list


@pytest.mark.parametrize("title", [
    "../../../etc/passwd", "a/b\\c", "..", "/absolute", '"quoted" \'title\'', "Über Café",
    "使用数据库", "🚀 launch 🔥", "tab\tnew\nline", "CON", "x" * 300, "   "])
def test_any_title_gives_a_safe_file_inside_the_folder(tmp_path: Path, title: str):
    log = AdrLog(tmp_path / "adr")
    if not title.strip():
        with pytest.raises(InputError):
            log.new(title)
        return
    adr = log.new(title)
    assert adr.path.parent == tmp_path / "adr"
    assert adr.path.resolve().parent == (tmp_path / "adr").resolve()
    name = adr.path.name
    assert name.startswith("0001-") and name.endswith(".md") and "/" not in name
    assert ".." not in name and "\\" not in name and len(name) <= 80
    assert sorted(os.listdir(tmp_path)) == ["adr"]       # nothing written elsewhere
    assert read(adr.path).title == " ".join(title.split())


def test_slugs():
    assert slugify("Use PostgreSQL for orders") == "use-postgresql-for-orders"
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("Über Café") == "uber-cafe"
    assert slugify("🚀🔥") == "decision"


def test_failure_mid_write_leaves_no_partial_file(tmp_path: Path, monkeypatch):
    log = AdrLog(tmp_path)
    log.new("First", date="2024-01-01")
    log.set_status(1, "accepted")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def boom(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(InputError, match="No space left on device"):   # one line, exit 2
        log.new("Second", supersedes=1)
    monkeypatch.undo()
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before          # no new record, no temp file, no lock, old record intact
    # and the number is free again
    assert log.reload().new("Second").number == 2


def test_atomic_write_never_overwrites_unless_asked(tmp_path: Path):
    p = tmp_path / "0001-x.md"
    atomic_write(p, "one")
    with pytest.raises(InputError):
        atomic_write(p, "two")
    assert p.read_text() == "one"


def test_workspace_template(tmp_path: Path):
    (tmp_path / "archkit.toml").write_text('[adr]\ndir = "adr"\ntemplate = "tpl/ours.md.j2"\n')
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "ours.md.j2").write_text(
        "# {{ number }}. {{ title }}\n\nDate: {{ date }}\n\n## Status\n\n{{ status_line }}\n\n"
        "## Context\n\n{{ body('context', 'Who asked, and why now?') }}\n\n"
        "## Decision\n\n{{ body('decision', 'TBD') }}\n\n## Consequences\n\n"
        "{{ body('consequences', 'TBD') }}\n\n## Review date\n\nIn six months.\n")
    log = AdrLog.discover(tmp_path)
    adr = log.new("Use our template", date="2024-02-02")
    assert adr.path == tmp_path / "adr" / "0001-use-our-template.md"
    text = adr.path.read_text()
    assert "Who asked, and why now?" in text and "## Review date" in text
    assert (adr.status, adr.date) == ("proposed", "2024-02-02")


def test_bad_template_is_an_input_error(tmp_path: Path):
    with pytest.raises(InputError, match="unknown ADR template"):
        AdrLog(tmp_path).new("X", template="no-such-template")
    (tmp_path / "bad.md.j2").write_text("# {{ title }\n")
    with pytest.raises(InputError, match="template syntax error"):
        AdrLog(tmp_path, root=tmp_path).new("X", template="bad.md.j2")
    assert not list(tmp_path.glob("0*.md"))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_slug_of_any_text_is_a_plain_file_name(title: str):
    slug = slugify(title)
    assert slug and len(slug) <= 60
    assert all(ch.isalnum() or ch == "-" for ch in slug)
    assert not slug.startswith("-") and not slug.endswith("-") and "--" not in slug
    assert "/" not in slug and "\\" not in slug and ".." not in slug
