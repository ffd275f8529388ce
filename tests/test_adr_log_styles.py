"""Edits and new records follow the log's own style (scout AA: F6, F7, F8, F9)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from archkit.adr import AdrLog
from archkit.adr.read import read
from tests.conftest import FIXTURES, run_cli

ADR = FIXTURES / "adr"
TODAY = dt.date.today().isoformat()

MADR2 = """# Use Plain JUnit5 for advanced test assertions

* Status: accepted
* Deciders: Oliver Kopp
* Date: 2017-12-01

## Context and Problem Statement

How to write readable test assertions?

## Considered Options

* Plain JUnit5
* Hamcrest

## Decision Outcome

Chosen option: "Plain JUnit5", because it is simple.

## Links

* Refined by [ADR-0002](0002-foo.md)
"""


# -- F6: MADR 2 ---------------------------------------------------------------------------
def test_madr2_link_uses_the_sections_list_marker_and_the_date_is_updated(tmp_path: Path):
    folder = tmp_path / "adr"
    folder.mkdir()
    (folder / "0001-use-plain-junit5.md").write_text(MADR2)
    (folder / "0002-foo.md").write_text(MADR2.replace("Use Plain JUnit5 for", "Foo")
                                        .replace("* Refined by [ADR-0002](0002-foo.md)",
                                                 "* Refines [ADR-0001](0001-use-plain-junit5.md)"))
    log = AdrLog(folder)
    new = log.new("Use AssertJ", supersedes=1, date="2026-01-02")
    old = (folder / "0001-use-plain-junit5.md").read_text()
    assert old == MADR2.replace("* Status: accepted", "* Status: superseded").replace(
        "* Date: 2017-12-01", f"* Date: {TODAY}").replace(
        "* Refined by [ADR-0002](0002-foo.md)\n",
        "* Refined by [ADR-0002](0002-foo.md)\n"
        f"* Superseded by [ADR-0003: Use AssertJ]({new.path.name})\n")
    assert read(folder / "0001-use-plain-junit5.md").date == TODAY


def test_madr2_without_a_date_gets_none_and_a_new_links_list_uses_its_bullets(tmp_path: Path):
    folder = tmp_path / "adr"
    folder.mkdir()
    text = MADR2.replace("* Date: 2017-12-01\n", "").split("## Links")[0].rstrip() + "\n"
    (folder / "0001-a.md").write_text(text)
    log = AdrLog(folder)
    log.new("B", amends=1)
    log.set_status(1, "deprecated")
    after = (folder / "0001-a.md").read_text()
    assert "Date" not in after and "* Status: deprecated" in after
    assert after.endswith("## Links\n\n* Amended by [ADR-0002: B](0002-b.md)\n")


# -- F7: log4brains, and the MADR site's front matter ------------------------------------
def test_new_in_a_log4brains_log_follows_its_style_and_supersedes_its_way(tmp_path: Path):
    folder = tmp_path / "l4b"
    shutil.copytree(ADR / "adr-log4brains", folder)
    log = AdrLog(folder)
    assert log.style() == "log4brains"
    old_path = folder / "20201103-use-lunr-for-search.md"
    before = old_path.read_text()
    new = log.new("Use Algolia", supersedes="20201103-use-lunr-for-search", date="2026-01-02")
    assert new.path.name == "20260102-use-algolia.md" and new.format == "log4brains"
    text = new.path.read_text()
    # the log's own template.md, as log4brains' `adr new` uses it: its title replaced,
    # and (archkit's promise for a new record) its status and date filled in
    template = (folder / "template.md").read_text()
    assert text.startswith("# Use Algolia\n\n- Status: proposed\n"
                           "- Deciders: [list everyone involved in the decision] <!-- optional -->\n"
                           "- Date: 2026-01-02\n")   # bare: log4brains reads no other date
    assert text.split("## Context and Problem Statement")[1] == \
        template.split("## Context and Problem Statement")[1].rstrip("\n") + \
        "\n- Supersedes [20201103-use-lunr-for-search](20201103-use-lunr-for-search.md)\n"
    assert "---" not in text
    # log4brains' own form: the successor in the status, the date updated, no Links line
    assert old_path.read_text() == before.replace(
        "- Status: accepted",
        "- Status: superseded by [20260102-use-algolia](20260102-use-algolia.md)").replace(
        "- Date: 2020-11-03", f"- Date: {TODAY}")
    old = read(old_path)
    assert old.status == "superseded"
    assert [(ln.type, ln.target) for ln in old.links_of("superseded-by")] == [
        ("superseded-by", "20260102-use-algolia.md")]
    rules = set(AdrLog(folder).lint(git=False).rules())
    assert not rules & {"AK-ADR002", "AK-ADR003", "AK-ADR004", "AK-ADR007", "AK-ADR011"}


def test_a_new_madr_record_gets_the_front_matter_every_record_has(tmp_path: Path):
    folder = tmp_path / "madr"
    shutil.copytree(ADR / "adr-madr", folder)
    new = AdrLog(folder).new("Use X", date="2026-01-02")
    assert new.number == 19
    assert new.front_matter["parent"] == "Decisions" and new.front_matter["nav_order"] == 19
    assert "AK-ADR007" not in AdrLog(folder).lint(git=False).rules()


def test_front_matter_keys_not_in_every_record_or_not_fillable_are_not_copied(tmp_path: Path):
    folder = tmp_path / "adr"
    folder.mkdir()
    (folder / "0001-a.md").write_text("---\nstatus: accepted\nparent: D\ntitle: A\n"
                                      "tags: [x]\nweight: 5\n---\n\n# A\n")
    (folder / "0002-b.md").write_text("---\nstatus: accepted\nparent: D\ntitle: B\n"
                                      "tags: [x]\n---\n\n# B\n")
    new = AdrLog(folder).new("C")
    assert {k: v for k, v in new.front_matter.items()
            if k in ("parent", "title", "tags", "weight")} == {"parent": "D"}


# -- F8 -----------------------------------------------------------------------------------
def test_convert_to_nygard_writes_no_empty_date_line(tmp_path: Path):
    folder = tmp_path / "adr"
    folder.mkdir()
    (folder / "0001-use-x.md").write_text(
        "---\nstatus: accepted\n---\n\n# Use X\n\n## Context and Problem Statement\n\nc\n\n"
        "## Decision Outcome\n\nd\n")
    out = AdrLog(folder).convert("nygard")[folder / "0001-use-x.md"]
    assert "Date" not in out and out.startswith("# 1. Use X\n\n## Status\n\nAccepted\n")


# -- F9 -----------------------------------------------------------------------------------
def test_list_json_targets_are_file_names_and_name_the_record(tmp_path: Path):
    folder = tmp_path / "adr"
    folder.mkdir()
    (folder / "0001-a.md").write_text("---\nstatus: superseded by ADR-0002\n---\n\n# A\n")
    (folder / "0002-b.md").write_text("---\nstatus: accepted\n---\n\n# B\n\n"
                                      "## More Information\n\n* Supersedes [A](0001-a.md)\n")
    (folder / "0003-c.md").write_text("---\nstatus: superseded by ADR-0009\n---\n\n# C\n")
    r = run_cli("adr", "list", "--format", "json", "--dir", str(folder), cwd=tmp_path)
    links = {d["id"]: d["links"] for d in json.loads(r.out)}
    assert links["0001"] == [{"type": "superseded-by", "target": "0002-b.md",
                              "record": "ADR-0002"}]
    assert links["0002"] == [{"type": "supersedes", "target": "0001-a.md",
                              "record": "ADR-0001"}]
    assert links["0003"] == [{"type": "superseded-by", "target": None, "record": None}]


def test_toc_link_text_holds_no_nested_link(tmp_path: Path):
    from markdown_it import MarkdownIt

    folder = tmp_path / "adr"
    folder.mkdir()
    (folder / "0001-x.md").write_text("# Title with [brackets](x.md) and more\n")
    toc = AdrLog(folder).toc()
    assert "[Title with (brackets)(x.md) and more](0001-x.md)" in toc
    tokens = MarkdownIt().enable("table").parse(toc)
    hrefs = [t.attrs.get("href") for tok in tokens if tok.children for t in tok.children
             if t.type == "link_open"]
    assert hrefs == ["0001-x.md"]
