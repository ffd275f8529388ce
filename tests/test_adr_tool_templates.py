"""The templates the ADR tools keep in a log: log4brains' ``template.md`` (in its ADR
folder) is what ``archkit adr new`` fills there, as log4brains' own ``adr new`` does; and
text left from a tool's template is lint's AK-ADR006, as MADR's ``{placeholders}`` are."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from archkit.adr import AdrLog
from archkit.adr.read import read
from tests.conftest import FIXTURES, run_cli
from tests.test_adr_draft_styles import adr_tools, drafts, needs_adr_tools

L4B = FIXTURES / "adr" / "adr-log4brains"


@pytest.fixture
def l4b_project(tmp_path: Path) -> Path:
    """A log4brains project as `log4brains init` leaves it: .log4brains.yml, and the ADR
    folder with its template.md, index.md and records."""
    (tmp_path / ".log4brains.yml").write_text(
        "project:\n  name: p\n  tz: Europe/Paris\n  adrFolder: ./docs/adr\n")
    shutil.copytree(L4B, tmp_path / "docs" / "adr")
    return tmp_path


def test_adr_new_in_a_log4brains_project_fills_its_template(l4b_project: Path):
    folder = l4b_project / "docs" / "adr"
    r = run_cli("adr", "new", "Use Rust for the CLI", "--amends",
                "20201103-use-lunr-for-search", cwd=l4b_project)
    assert r.code == 0, r.err
    [made] = folder.glob("2*-use-rust-for-the-cli.md")
    text = made.read_text()
    template = (folder / "template.md").read_text()
    # log4brains replaces the first title; archkit also fills the status and the date
    first, rest = text.split("\n", 1)
    assert first == "# Use Rust for the CLI"
    assert rest.startswith("\n- Status: proposed\n- Deciders: [list everyone")
    assert "\n- Tags: [space and/or comma separated list of tags] <!-- optional -->\n" in text
    assert "Technical Story: [description | ticket/issue URL]" in text      # the team's own
    assert text.count("## Links") == 1 and text.endswith(
        "- Amends [20201103-use-lunr-for-search](20201103-use-lunr-for-search.md)\n")
    assert text.split("## Context and Problem Statement")[1].startswith(
        template.split("## Context and Problem Statement")[1].split("## Links")[0])
    adr = read(made)
    assert (adr.format, adr.status, adr.title) == ("log4brains", "proposed",
                                                   "Use Rust for the CLI")
    # and what it left of the template is reported, as log4brains' own record would be
    r = run_cli("adr", "lint", "--select", "AK-ADR006", "--format", "json", cwd=l4b_project)
    findings = json.loads(r.out)
    found = [f for f in findings if f["path"].endswith(made.name)]
    messages = " ".join(f["message"] for f in found)
    assert "'[Describe the context and problem statem'" in messages
    assert "'[option 1]'" in messages and "'[Link type][link to adr]'" in messages
    assert "'Technical Story: [description | ticket/i'" in messages
    # the records people wrote are not: no template line is in them
    assert found == findings


def test_a_template_named_with_template_is_filled_the_same_way(tmp_path: Path):
    (tmp_path / "adr").mkdir()
    shutil.copy(L4B / "template.md", tmp_path / "team-template.md")
    r = run_cli("adr", "new", "--dir", str(tmp_path / "adr"), "Use Go", "--status",
                "accepted", "--template", str(tmp_path / "team-template.md"))
    assert r.code == 0, r.err
    [made] = (tmp_path / "adr").glob("0001-*.md")
    text = made.read_text()
    assert text.startswith("# Use Go\n\n- Status: accepted\n")
    assert read(made).status == "accepted"


def test_drafts_from_decisions_in_a_log4brains_log_keep_archkits_format(shop: Path):
    """The team's template has no place for the evidence: a draft is written in the
    log4brains format archkit knows (its sections hold the ranking and the verdict)."""
    toml = shop / "archkit.toml"
    toml.write_text(toml.read_text().replace('template = "madr"\n', ""))
    folder = shop / "docs" / "decisions"
    for p in folder.glob("*.md"):
        p.unlink()
    for p in L4B.glob("*.md"):
        shutil.copy(p, folder / p.name)
    made = drafts(shop)
    text = made["deployment"].read_text()
    assert text.startswith("# Deployment architecture for Shopfront: Modular monolith\n\n"
                           "- Status: proposed\n")
    assert "## Decision Drivers" in text and "Technical Story" not in text
    assert "[option 1]" not in text


def test_template_lines_in_a_record_fire_and_real_text_passes(tmp_path: Path):
    folder = tmp_path / "adr"
    shutil.copytree(L4B, folder)
    real = folder / "20201103-use-lunr-for-search.md"
    assert "AK-ADR006" not in AdrLog(folder).lint(git=False).rules()
    text = real.read_text()
    real.write_text(text.replace("## Decision Outcome\n",
                                 "## Decision Outcome\n\n- Good, because [argument a]\n", 1))
    [finding] = [f for f in AdrLog(folder).lint(git=False).findings if f.rule == "AK-ADR006"]
    assert finding.message.endswith("still holds template text 'Good, because [argument a]'")
    assert finding.line == text.split("\n").index("## Decision Outcome") + 3
    assert finding.hint == "replace the template's text with the real text"


@needs_adr_tools
def test_adr_tools_default_template_text_is_reported(tmp_path: Path):
    adr_tools(tmp_path, "init")
    adr_tools(tmp_path, "new", "Use Rust")
    folder = tmp_path / "doc" / "adr"
    found = [f for f in AdrLog(folder).lint(git=False).findings if f.rule == "AK-ADR006"]
    assert [(Path(f.path).name, f.message.split("template text ")[1][1:30]) for f in found] == [
        ("0002-use-rust.md", "The issue motivating this dec"),
        ("0002-use-rust.md", "The change that we're proposi"),
        ("0002-use-rust.md", "What becomes easier or more d")]
    # adr init's own first record is real text: nothing there
    record = folder / "0002-use-rust.md"
    record.write_text(record.read_text()
                      .replace("The issue motivating this decision, and any context that "
                               "influences or constrains the decision.", "Go is slow to start.")
                      .replace("The change that we're proposing or have agreed to "
                               "implement.", "We use Rust.")
                      .replace("What becomes easier or more difficult to do and any risks "
                               "introduced by the change that will need to be mitigated.",
                               "Builds are slower."))
    assert "AK-ADR006" not in AdrLog(folder).lint(git=False).rules()



def test_a_template_with_front_matter_keeps_it_and_fills_its_bullets(l4b_project: Path):
    """(scout AJ) the status went into the front matter, a YAML comment was taken for
    the title, and the bullets kept their placeholders."""
    folder = l4b_project / "docs" / "adr"
    fm = "---\n# tags for the site\ntags: [a]\n---\n\n"
    (folder / "template.md").write_text(
        fm + "# [title]\n\n- Status: [draft | proposed]\n- Date: [YYYY-MM-DD]\n\n"
        "## Context and Problem Statement\n\n[ctx]\n")
    r = run_cli("adr", "new", "New Thing", cwd=l4b_project)
    assert r.code == 0, r.err
    text = (l4b_project / r.out.strip()).read_text()
    assert text.startswith(fm + "# New Thing\n\n- Status: proposed\n- Date: 20")
    adr = read(l4b_project / r.out.strip())
    assert (adr.title, adr.status) == ("New Thing", "proposed")


def test_markers_meant_to_stay_are_no_template_text(l4b_project: Path):
    """(scout AJ) "[[_TOC_]]", "[TOC]" and "> [!NOTE]" stay in every record."""
    folder = l4b_project / "docs" / "adr"
    (folder / "template.md").write_text(
        "# [title]\n\n- Status: [draft]\n- Date: [YYYY-MM-DD]\n\n[[_TOC_]]\n\n[TOC]\n\n"
        "## Context and Problem Statement\n\n> [!NOTE]\n> Keep this short.\n\n[context]\n")
    record = folder / "20260101-use-kafka.md"
    record.write_text("# Use Kafka\n\n- Status: accepted\n- Date: 2026-01-01\n\n[[_TOC_]]\n\n"
                      "[TOC]\n\n## Context and Problem Statement\n\n> [!NOTE]\n"
                      "> Keep this short.\n\nWe need events.\n")

    def template_findings() -> list[str]:
        return [f.message for f in AdrLog(folder).lint(git=False).findings
                if f.rule == "AK-ADR006" and f.path.endswith(record.name)
                and "template text" in f.message]

    assert template_findings() == []
    record.write_text(record.read_text().replace("We need events.", "[context]"))
    assert template_findings() == [
        "section 'Context and Problem Statement' of 20260101-use-kafka still holds "
        "template text '[context]'"]
