"""Drafts from decisions in the log's own template (Nygard, log4brains, MADR, a workspace's
template), what people and tools add to a proposed draft surviving its regeneration, and
the tool Nygard logs are kept with (adr-tools) reading and editing archkit's drafts."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from archkit.adr.edit import set_status
from archkit.adr.read import parse, read
from archkit.run import run_workspace
from tests.conftest import run_cli


def configure(ws: Path, template: str | None) -> None:
    toml = ws / "archkit.toml"
    line = f'template = "{template}"\n' if template else ""
    toml.write_text(toml.read_text().replace('template = "madr"\n', line))


def drafts(ws: Path) -> dict[str, Path]:
    """decision stem -> its draft's file, as the last run's ADR step reports them."""
    summary = run_workspace(ws, ws.parent / "out", progress=False)
    step = next(r for r in summary.results if r.name == "adr")
    return {r["decision"]: ws / "docs" / "decisions" / r["record"] for r in step.data["drafts"]}


def actions(ws: Path) -> dict[str, str]:
    summary = run_workspace(ws, ws.parent / "out", progress=False)
    step = next(r for r in summary.results if r.name == "adr")
    return {r["decision"]: r["action"] for r in step.data["drafts"]}


def revise(ws: Path, stem: str = "datastore") -> None:
    """Change a decision's evidence (its question) so that its draft is regenerated."""
    f = ws / "decisions" / f"{stem}.yaml"
    text = f.read_text()
    assert "\nquestion: " in text
    f.write_text(text.replace("\nquestion: ", "\nquestion: (revised) ", 1))


# -- the log's template --------------------------------------------------------------------
def test_a_nygard_workspace_gets_nygard_drafts_named_by_a_comment_line(shop: Path):
    configure(shop, "nygard")
    made = drafts(shop)
    text = made["deployment"].read_text()
    # adr-tools reads a record's title from its first line: no front matter above it
    assert text.splitlines()[0] == "# 3. Deployment architecture for Shopfront: Modular monolith"
    assert "\n## Status\n\nProposed\n" in text and "\n## Decision\n" in text
    assert text.rstrip("\n").splitlines()[-1] == "<!-- archkit-decision: deployment -->"
    adr = read(made["deployment"])
    assert adr.format == "nygard" and adr.status == "proposed"
    assert adr.front_matter == {"archkit-decision": "deployment"}
    # the sections Nygard has no place for keep their MADR headings
    assert "\n## Decision Drivers\n" in text and "\n## Pros and Cons of the Options\n" in text
    assert "<!--" not in (adr.section("more").body if adr.section("more") else "")
    # known again on the next run: nothing rewritten, nothing drafted twice
    before = {p: p.read_bytes() for p in made["deployment"].parent.rglob("*") if p.is_file()}
    assert actions(shop) == {"datastore": "unchanged", "deployment": "unchanged"}
    assert {p: p.read_bytes() for p in made["deployment"].parent.rglob("*")
            if p.is_file()} == before


def test_without_a_configured_template_drafts_follow_the_logs_records(shop: Path):
    configure(shop, None)
    folder = shop / "docs" / "decisions"
    [first] = folder.glob("0001-*.md")
    first.write_text("# 1. Record architecture decisions\n\nDate: 2026-03-12\n\n## Status\n\n"
                     "Accepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\nq\n")
    made = drafts(shop)
    assert {read(p).format for p in made.values()} == {"nygard"}
    assert run_cli("adr", "lint", "--dir", str(folder)).code == 0


def test_the_configured_template_wins_over_the_logs_style(shop: Path):
    configure(shop, "log4brains")
    text = drafts(shop)["deployment"].read_text()
    assert "\n- Status: proposed\n" in text
    # log4brains' bullets are "-": drivers, options, consequences, pros and cons
    assert "\n- Modular monolith\n- Serverless functions\n" in text
    assert "\n- Good, because " in text and "\n* " not in text
    assert read(drafts(shop)["deployment"]).status == "proposed"


def test_madr_drafts_are_unchanged_by_default(shop: Path):
    text = drafts(shop)["deployment"].read_text()
    assert text.startswith("---\nstatus: proposed\n") and "archkit-decision: deployment\n" in text
    assert "\n* Modular monolith\n" in text and "<!-- archkit-decision" not in text


def test_a_workspace_template_without_front_matter_keeps_its_drafts_known(shop: Path):
    (shop / "tpl").mkdir()
    (shop / "tpl" / "ours.md.j2").write_text(
        "# {{ title }}\n\nStatus: {{ status }}\n\n## Why\n\n{{ body('context') }}\n\n"
        "## What\n\n{{ body('decision') }}\n")
    configure(shop, "tpl/ours.md.j2")
    made = drafts(shop)
    text = made["datastore"].read_text()
    assert text.startswith("# Primary datastore") and "\n## Why\n" in text
    assert text.rstrip("\n").endswith("<!-- archkit-decision: datastore -->")
    assert read(made["datastore"]).status == "proposed"       # its "Status:" line
    assert actions(shop) == {"datastore": "unchanged", "deployment": "unchanged"}
    revise(shop)
    assert actions(shop) == {"datastore": "updated", "deployment": "unchanged"}
    assert len(list((shop / "docs" / "decisions").glob("*.md"))) == 3
    # accepted with `adr status`: its "Status:" line changes, and runs leave it alone
    assert run_cli("adr", "status", "--dir", str(shop / "docs" / "decisions"), "2",
                   "accepted").code == 0
    assert "\nStatus: accepted\n" in made["datastore"].read_text()
    assert not made["datastore"].read_text().startswith("---")
    revise(shop)
    assert actions(shop)["datastore"] == "kept"


# -- what people add to a proposed draft survives its regeneration --------------------------
def test_a_regenerated_draft_keeps_its_people_links_and_own_front_matter(shop: Path):
    made = drafts(shop)
    ds = made["datastore"]
    ds.write_text(ds.read_text().replace("decision-makers:\n", "decision-makers: Alice, Bob\n")
                  .replace("informed:\n", "informed: [ops, finance]\nnav_order: 2\n"))
    folder = shop / "docs" / "decisions"
    r = run_cli("adr", "new", "Read replicas for the catalogue", "--amends", "2",
                "--status", "accepted", cwd=shop)
    assert r.code == 0, r.err
    assert "Amended by" in ds.read_text()
    revise(shop)
    assert actions(shop)["datastore"] == "updated"
    adr = read(ds)
    assert "(revised)" in adr.section("context").body                # the evidence's text
    assert adr.meta["decision-makers"] == "Alice, Bob"
    assert adr.meta["informed"] == ["ops", "finance"]
    assert adr.front_matter["nav_order"] == 2
    assert [(ln.type, ln.target) for ln in adr.links] == [
        ("amended-by", "0004-read-replicas-for-the-catalogue.md")]
    lint = run_cli("adr", "lint", "--dir", str(folder), "--format", "json")
    assert "AK-ADR003" not in lint.out                              # both sides still linked
    assert actions(shop)["datastore"] == "unchanged"


# -- reading what adr-tools writes -------------------------------------------------------
NYGARD = ("# 3. Use Kafka\n\nDate: 2026-01-02\n\n## Status\n\n{status}\n\n## Context\n\nc\n\n"
          "## Decision\n\nd\n\n## Consequences\n\nq\n")


def test_a_proposed_record_adr_tools_supersedes_is_superseded():
    # adr-tools adds "Superseded by" and removes only an "Accepted" line
    adr = parse(NYGARD.format(status="Proposed\n\nSuperseded by [4. Use Pulsar]"
                                     "(0004-use-pulsar.md)"), "0003-use-kafka.md")
    assert adr.status == "superseded"
    assert [(ln.type, ln.target) for ln in adr.links] == [("superseded-by",
                                                           "0004-use-pulsar.md")]
    amended = parse(NYGARD.format(status="Accepted\n\nAmended by [5. X](0005-x.md)"),
                    "0003-use-kafka.md")
    assert amended.status == "accepted"


@pytest.mark.parametrize("line, status, written", [
    ("Status: Accepted", "accepted", "Status: Deprecated"),
    ("**Status:** proposed", "proposed", "**Status:** deprecated"),
])
def test_a_status_line_under_the_title_is_read_and_edited_in_place(line, status, written):
    text = f"# Use Kafka\n\n{line}\n\n## Context\n\nc\n"
    adr = parse(text, "0003-use-kafka.md")
    assert adr.status == status and adr.status_line == 3
    assert set_status(adr, "deprecated").splitlines()[2] == written


def test_the_decision_comment_line_is_not_read_inside_a_code_block():
    adr = parse("# 3. Use Kafka\n\n## Status\n\nAccepted\n\n## Context\n\n```\n"
                "<!-- archkit-decision: broker -->\n```\n", "0003-use-kafka.md")
    assert not adr.front_matter


# -- with adr-tools itself -----------------------------------------------------------------
ADR = shutil.which("adr")
needs_adr_tools = pytest.mark.skipif(
    ADR is None, reason="adr-tools is absent: sudo apt-get install -y adr-tools "
                        "(bash scripts/system-deps.sh adr-tools)")


def adr_tools(ws: Path, *args: str) -> str:
    env = {**os.environ, "EDITOR": "true", "VISUAL": "true"}
    r = subprocess.run([ADR or "adr", *args], cwd=ws, env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


@needs_adr_tools
def test_adr_tools_reads_and_edits_archkits_nygard_drafts(shop: Path):
    configure(shop, "nygard")
    (shop / ".adr-dir").write_text("docs/decisions\n")
    made = drafts(shop)
    toc = adr_tools(shop, "generate", "toc")
    assert ("* [3. Deployment architecture for Shopfront: Modular monolith]"
            f"({made['deployment'].name})") in toc
    # adr-tools supersedes the proposed deployment draft: archkit sees it superseded, and
    # runs leave it alone from then on
    adr_tools(shop, "new", "-s", "3", "Microservices after all")
    assert read(made["deployment"]).status == "superseded"
    assert actions(shop)["deployment"] == "kept"
    # adr-tools amends the datastore draft: the back-link survives the draft's update
    adr_tools(shop, "new", "-l", "2:Amends:Amended by", "Read replicas")
    revise(shop)
    assert actions(shop)["datastore"] == "updated"
    text = made["datastore"].read_text()
    assert "(revised)" in text
    assert "\nAmended by [5. Read replicas](0005-read-replicas.md)\n" in text
    assert text.splitlines()[0].startswith("# 2. Primary datastore")
    lint = run_cli("adr", "lint", "--dir", str(shop / "docs" / "decisions"))
    assert lint.code == 0 and "AK-ADR003" not in lint.out, lint.out
    listed = adr_tools(shop, "list").split()
    assert [Path(p).name for p in listed][:3] == [
        "0001-record-architecture-decisions.md", made["datastore"].name,
        made["deployment"].name]


# -- log4brains: what its tools read ---------------------------------------------------------
def test_a_log4brains_draft_keeps_its_header_list_under_the_title(shop: Path):
    # log4brains reads "- Status:" from the list right after the title: front matter above
    # hid it (it showed proposed drafts as accepted, and a supersede it wrote was undone)
    configure(shop, "log4brains")
    made = drafts(shop)
    text = made["datastore"].read_text()
    assert text.startswith("# Primary datastore for Shopfront: PostgreSQL (managed)\n\n"
                           "- Status: proposed\n")
    assert text.rstrip("\n").endswith("<!-- archkit-decision: datastore -->")
    # log4brains supersedes it: its status line names the successor; runs leave it alone
    ds = made["datastore"]
    ds.write_text(ds.read_text().replace(
        "- Status: proposed", "- Status: superseded by [20261127-use-cockroachdb]"
                              "(20261127-use-cockroachdb.md)"))
    assert read(ds).status == "superseded"
    assert actions(shop)["datastore"] == "kept"


def test_a_renamed_log4brains_draft_is_linked_by_its_new_slug(tmp_path: Path):
    # log4brains reads a successor from the link's text, the slug: the old one was kept
    import yaml

    from archkit.adr import AdrLog
    from archkit.tradeoff import DecisionMatrix

    folder = tmp_path / "adr"
    folder.mkdir()
    (folder / "20200101-use-mysql.md").write_text(
        "# Use MySQL\n\n- Status: accepted\n- Date: 2020-01-01\n\n"
        "## Context and Problem Statement\n\nc\n\n## Decision Outcome\n\nd\n")
    spec = {"title": "Datastore", "scale": [1, 10],      # (A first: not a tie)
            "criteria": [{"name": "speed", "weight": 1.2}, {"name": "cost", "weight": 1}],
            "options": {"A": {"speed": 9, "cost": 2}, "B": {"speed": 2, "cost": 9}}}
    f = tmp_path / "datastore.yaml"
    f.write_text(yaml.safe_dump(spec))
    log = AdrLog(folder)
    assert log.template == "log4brains"
    draft = log.new_from_decision(DecisionMatrix.from_yaml(f), date="2026-11-27")
    assert draft.path.name == "20261127-datastore-a.md"
    assert run_cli("adr", "link", "--dir", str(folder), "20200101-use-mysql",
                   "Superseded by", draft.path.stem).code == 0
    spec["criteria"][0]["weight"] = 0.2                    # now B wins: renamed
    f.write_text(yaml.safe_dump(spec))
    renamed = log.new_from_decision(DecisionMatrix.from_yaml(f), date="2026-11-27")
    assert renamed.path.name == "20261127-datastore-b.md"
    old = (folder / "20200101-use-mysql.md").read_text()
    assert ("- Status: superseded by [20261127-datastore-b](20261127-datastore-b.md)"
            in old), old
    assert "datastore-a" not in old


def test_a_link_goes_under_log4brains_commented_links_heading(tmp_path: Path):
    folder = tmp_path / "adr"
    folder.mkdir()
    record = folder / "20200101-use-redis.md"
    record.write_text("# Use Redis\n\n- Status: accepted\n- Date: 2020-01-01\n\n"
                      "## Context and Problem Statement\n\nc\n\n## Decision Outcome\n\nd\n\n"
                      "## Links <!-- optional -->\n\n- [Redis docs](https://redis.io)\n")
    (folder / "20200102-use-valkey.md").write_text(
        "# Use Valkey\n\n- Status: accepted\n- Date: 2020-01-02\n\n"
        "## Context and Problem Statement\n\nc\n\n## Decision Outcome\n\nd\n")
    r = run_cli("adr", "link", "--dir", str(folder), "20200102-use-valkey", "Amends",
                "20200101-use-redis", "Amended by")
    assert r.code == 0, r.err
    text = record.read_text()
    assert text.count("## Links") == 1
    assert text.endswith("- [Redis docs](https://redis.io)\n"
                         "- Amended by [20200102-use-valkey](20200102-use-valkey.md)\n")


L4B_NEW = ("# Use Kafka\n\n- Status: [draft | proposed | rejected | accepted | deprecated | … | "
           "superseded by [xxx](yyyymmdd-xxx.md)] <!-- optional -->\n"
           "- Deciders: [list everyone involved in the decision] <!-- optional -->\n"
           "- Date: [YYYY-MM-DD when the decision was last updated] <!-- optional. -->\n\n"
           "## Context and Problem Statement\n\nWe need events.\n\n"
           "## Decision Outcome\n\nKafka.\n")


def test_log4brains_records_as_its_tools_write_them_lint_without_errors(tmp_path: Path):
    folder = tmp_path / "adr"
    folder.mkdir()
    (folder / "20261127-use-kafka.md").write_text(L4B_NEW)           # `log4brains adr new`
    (folder / "20261126-use-redis.md").write_text(
        L4B_NEW.replace("Use Kafka", "Use Redis").replace(
            L4B_NEW.splitlines()[2], "- Status: draft").replace(
            L4B_NEW.splitlines()[4], "- Date: 2026-11-20"))
    (folder / "20261125-use-vault.md").write_text(
        L4B_NEW.replace("Use Kafka", "Use Vault").replace(
            L4B_NEW.splitlines()[2], "- Status: accepted").replace(
            L4B_NEW.splitlines()[4], "- Date: 27/11/2026"))
    from archkit.adr import AdrLog

    log = AdrLog(folder)
    got = {a.path.stem: (a.status, a.date) for a in log.records}
    assert got == {"20261127-use-kafka": ("draft", None),                 # as log4brains reads
                   "20261126-use-redis": ("draft", "2026-11-20"),
                   "20261125-use-vault": ("accepted", "2026-11-27")}       # DD/MM/YYYY
    report = log.lint()
    assert [(f.rule, f.severity.value, f.line) for f in report] == [
        ("AK-ADR006", "warning", 3), ("AK-ADR006", "warning", 5)]
    assert all("20261127-use-kafka" in f.path for f in report)
    assert "still holds template text '[draft | proposed" in report.findings[0].message
    # a draft moves on like a proposal
    assert run_cli("adr", "status", "--dir", str(folder), "20261126-use-redis",
                   "proposed").code == 0
    assert "- Status: proposed\n" in (folder / "20261126-use-redis.md").read_text()


# -- adr-tools: a supersede chain ------------------------------------------------------------
def test_a_record_adr_tools_supersedes_after_it_superseded_another_is_superseded(tmp_path):
    # adr-tools removes only "Accepted": the status section starts with "Supersedes [..]"
    folder = tmp_path / "doc" / "adr"
    folder.mkdir(parents=True)
    (folder / "0003-use-postgresql.md").write_text(NYGARD.replace("3. Use Kafka",
                                                                  "3. Use PostgreSQL").format(
        status="Supersedes [2. Use MySQL](0002-use-mysql.md)\n\n"
               "Superseded by [4. Use CockroachDB](0004-use-cockroachdb.md)"))
    (folder / "0002-use-mysql.md").write_text(NYGARD.replace("3. Use Kafka", "2. Use MySQL")
                                              .format(status="Superseded by [3. Use PostgreSQL]"
                                                             "(0003-use-postgresql.md)"))
    (folder / "0004-use-cockroachdb.md").write_text(
        NYGARD.replace("3. Use Kafka", "4. Use CockroachDB").format(
            status="Accepted\n\nSupersedes [3. Use PostgreSQL](0003-use-postgresql.md)"))
    adr = read(folder / "0003-use-postgresql.md")
    assert adr.status == "superseded" and adr.status_line == 9     # its "Superseded by"
    lint = run_cli("adr", "lint", "--dir", str(folder))
    assert "AK-ADR005" not in lint.out
    before = (folder / "0003-use-postgresql.md").read_text()
    r = run_cli("adr", "status", "--dir", str(folder), "3", "accepted")
    assert r.code == 2 and "superseded" in r.err          # final: refused, nothing written
    assert (folder / "0003-use-postgresql.md").read_text() == before
    links_only = parse(NYGARD.format(status="Supersedes [2. Use MySQL](0002-use-mysql.md)"),
                       "0003-use-kafka.md")
    assert links_only.status is None                       # a link line is no status
    text = set_status(links_only, "accepted")
    assert "Accepted\n\nSupersedes [2. Use MySQL](0002-use-mysql.md)" in text


# -- adr-tools' own template -----------------------------------------------------------------
ADR_TOOLS_TEMPLATE = ("# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\n"
                      "## Options considered\n\n## Decision\n\n## Consequences\n\n## Review\n\n"
                      "Reviewed by:\n")


def adr_tools_log(tmp_path: Path) -> Path:
    folder = tmp_path / "doc" / "adr"
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "template.md").write_text(ADR_TOOLS_TEMPLATE)
    (folder / "0001-record-architecture-decisions.md").write_text(
        NYGARD.replace("3. Use Kafka", "1. Record architecture decisions").format(
            status="Accepted"))
    return folder


def test_adr_new_in_an_adr_tools_log_uses_its_template(tmp_path: Path):
    # adr-new: "If the ADR directory contains a file templates/template.md, this is used"
    folder = adr_tools_log(tmp_path)
    r = run_cli("adr", "new", "--dir", str(folder), "Use Go", "--supersedes", "1")
    assert r.code == 0, r.err
    [made] = folder.glob("0002-*.md")
    text = made.read_text()
    assert text.startswith("# 2. Use Go\n\nDate: ")
    assert "\n## Status\n\nProposed\n\nSupersedes [1. Record architecture decisions]" \
           "(0001-record-architecture-decisions.md)\n" in text
    assert "\n## Options considered\n" in text and text.endswith("Reviewed by:\n")
    adr = read(made)
    assert (adr.format, adr.status, adr.title) == ("nygard", "proposed", "Use Go")
    back = (folder / "0001-record-architecture-decisions.md").read_text()
    assert "Superseded by [2. Use Go](0002-use-go.md)" in back
    # named with --template, the same file is filled the same way (it was taken as
    # Jinja2: "# NUMBER. TITLE" written out)
    r = run_cli("adr", "new", "--dir", str(folder), "Use Zig", "--template",
                str(folder / "templates" / "template.md"))
    assert r.code == 0, r.err
    assert next(folder.glob("0003-*.md")).read_text().startswith("# 3. Use Zig\n")


@needs_adr_tools
def test_adr_tools_reads_a_record_archkit_wrote_with_its_template(tmp_path: Path):
    folder = adr_tools_log(tmp_path)
    (tmp_path / ".adr-dir").write_text("doc/adr\n")
    assert run_cli("adr", "new", "--dir", str(folder), "Use Go").code == 0
    adr_tools(tmp_path, "new", "Use Rust")                      # adr-tools' own, after it
    toc = adr_tools(tmp_path, "generate", "toc")
    assert "* [2. Use Go](0002-use-go.md)" in toc and "* [3. Use Rust](0003-use-rust.md)" in toc
    ours = (folder / "0002-use-go.md").read_text()
    theirs = (folder / "0003-use-rust.md").read_text()
    assert ours.replace("Use Go", "X").replace("Proposed", "Accepted") == \
        theirs.replace("Use Rust", "X").replace("# 3.", "# 2.")


def test_drafts_in_an_adr_tools_log_with_a_template_are_nygard(shop: Path):
    configure(shop, None)
    folder = shop / "docs" / "decisions"
    for p in folder.glob("*.md"):
        p.unlink()
    (folder / "templates").mkdir()
    (folder / "templates" / "template.md").write_text(ADR_TOOLS_TEMPLATE)
    (folder / "0001-record-architecture-decisions.md").write_text(
        NYGARD.replace("3. Use Kafka", "1. Record architecture decisions").format(
            status="Accepted"))
    made = drafts(shop)
    text = made["deployment"].read_text()
    # the template has no place for the evidence: adr-tools' own format carries it
    assert text.startswith("# 3. Deployment architecture") and "## Decision Drivers" in text
    assert "Reviewed by" not in text


def test_the_log_is_where_log4brains_keeps_it(tmp_path: Path):
    (tmp_path / ".log4brains.yml").write_text(
        "project:\n  name: p\n  tz: Europe/Paris\n  adrFolder: ./architecture/adr\n")
    (tmp_path / "architecture" / "adr").mkdir(parents=True)
    r = run_cli("adr", "new", "Use Kafka", cwd=tmp_path)
    assert r.code == 0, r.err
    assert [p.parent.relative_to(tmp_path).as_posix()
            for p in tmp_path.rglob("*.md")] == ["architecture/adr"]
    (tmp_path / ".log4brains.yml").write_text("project: [broken\n")   # log4brains' to report
    assert run_cli("adr", "list", cwd=tmp_path).code == 2            # no log found: as before
