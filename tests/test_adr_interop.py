"""archkit's records as the other tools of an ADR log read them, and theirs as archkit reads
them (scout AO: log4brains 1.1, adr-tools 3.0, pyadr, adr-log and markdownlint run on
archkit's output). Each test names what the other tool did with the record before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archkit.adr import AdrLog
from archkit.adr.read import parse, read
from tests.conftest import run_cli

ADR = Path(__file__).parent / "fixtures" / "adr"
L4B_TEMPLATE = ("# [short title of solved problem and solution]\n\n"
                "- Status: [draft | proposed | rejected | accepted | deprecated | … | "
                "superseded by [xxx](yyyymmdd-xxx.md)] <!-- optional -->\n"
                "- Deciders: [list everyone involved in the decision] <!-- optional -->\n"
                "- Date: [YYYY-MM-DD when the decision was last updated] <!-- optional. To "
                "customize the ordering without relying on Git history -->\n"
                "- Tags: [space and/or comma separated list of tags] <!-- optional -->\n\n"
                "## Context and Problem Statement\n\n[Describe the context]\n\n"
                "## Decision Outcome\n\nChosen option: \"[option 1]\"\n\n"
                "## Links <!-- optional -->\n\n- [Link type] [Link to ADR] <!-- example: "
                "Refined by [xxx](yyyymmdd-xxx.md) -->\n")


def log4brains_project(root: Path, template: bool = True) -> Path:
    (root / ".log4brains.yml").write_text(
        "---\nproject:\n  name: p\n  tz: Europe/Paris\n  adrFolder: ./docs/adr\n")
    folder = root / "docs" / "adr"
    folder.mkdir(parents=True)
    if template:
        (folder / "template.md").write_text(L4B_TEMPLATE)
    return folder


# -- titles --------------------------------------------------------------------------------
@pytest.mark.parametrize(("heading", "title"), [
    ("# Use C#", "Use C#"), ("# Adopt F# for pricing", "Adopt F# for pricing"),
    ("# Use C# #", "Use C#"), ("# Closed heading ##", "Closed heading"),
    ("# 3. Use C#", "Use C#")])
def test_a_title_keeps_a_hash_that_is_part_of_it(heading: str, title: str):
    # CommonMark drops a closing run of # only after a space: "Use C#" was read "Use C",
    # in list, toc, link labels, and `convert --write` wrote the loss into the file
    assert parse(f"{heading}\n\n## Status\n\nAccepted\n", Path("0003-x.md")).title == title


def test_a_superseding_record_links_the_title_with_its_hash(tmp_path: Path):
    log = AdrLog(tmp_path / "adr")
    log.new("Use C#", status="accepted")
    new = log.new("Use F#", supersedes=1)
    assert "[ADR-0001: Use C#](0001-use-c.md)" in new.path.read_text()
    assert read(tmp_path / "adr" / "0001-use-c.md").title == "Use C#"


# -- a log's own template, from a subfolder ----------------------------------------------
def test_new_from_a_subfolder_uses_log4brains_template(tmp_path: Path):
    folder = log4brains_project(tmp_path)
    deep = tmp_path / "src" / "deep"
    deep.mkdir(parents=True)
    r = run_cli("adr", "new", "From a subfolder", cwd=deep)
    assert r.code == 0, r.err          # was: unknown ADR template '../../docs/adr/template.md'
    [made] = [p for p in folder.glob("2*.md")]
    assert made.read_text().startswith("# From a subfolder\n\n- Status: proposed\n")
    found = [[(f["rule"], Path(f["path"]).name, f["line"], f["message"])
              for f in json.loads(run_cli("adr", "lint", "--format", "json", cwd=cwd).out)]
             for cwd in (tmp_path, deep)]
    assert found[0] == found[1] and "AK-ADR006" in {f[0] for f in found[0]}


def test_new_from_a_subfolder_uses_adr_tools_template(tmp_path: Path):
    folder = tmp_path / "doc" / "adr"
    (folder / "templates").mkdir(parents=True)
    (tmp_path / ".adr-dir").write_text("doc/adr\n")
    (folder / "0001-record-architecture-decisions.md").write_text(
        "# 1. Record architecture decisions\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n"
        "## Context\n\nx\n\n## Decision\n\ny\n\n## Consequences\n\nz\n")
    (folder / "templates" / "template.md").write_text(
        "# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\nOur own.\n\n"
        "## Decision\n\n## Consequences\n")
    (tmp_path / "src").mkdir()
    r = run_cli("adr", "new", "From src", cwd=tmp_path / "src")
    assert r.code == 0, r.err
    assert "Our own." in (folder / "0002-from-src.md").read_text()


# -- log4brains projects ---------------------------------------------------------------------
def test_an_empty_log4brains_project_gets_records_log4brains_reads(tmp_path: Path):
    # MADR 4 front matter (log4brains reads none: a proposed record showed accepted) and
    # numbered names (log4brains' are dated) made the log archkit's own for good
    folder = log4brains_project(tmp_path, template=False)
    log = AdrLog.find(tmp_path)
    assert log.style() == "log4brains" and log.dated
    adr = log.new("First decision", date="2026-11-27")
    assert adr.path.name == "20261127-first-decision.md"
    assert adr.path.read_text().startswith("# First decision\n\n- Status: proposed\n")
    assert adr.format == "log4brains" and not adr.front_matter
    # a folder that is not the project's adrFolder is no log4brains log
    other = AdrLog(tmp_path / "elsewhere", root=tmp_path)
    assert other.style() == "madr" and not other.dated
    assert folder.is_dir()


def test_a_numbered_record_of_a_log4brains_project_is_superseded_as_log4brains_reads_it(
        tmp_path: Path):
    # log4brains takes what follows "superseded" in the status for the successor's slug:
    # a bare "superseded" (with the link under Links, as MADR 2 has it) named a record
    # "superseded", and `log4brains build` wrote no site (and exited 0)
    folder = log4brains_project(tmp_path)
    (folder / "0001-use-mysql.md").write_text(
        "# Use MySQL\n\n- Status: accepted\n- Date: 2026-01-01\n\n"
        "## Context and Problem Statement\n\nx\n")
    log = AdrLog.find(tmp_path)
    log.new("Use MariaDB", supersedes=1, date="2026-11-27")
    old = (folder / "0001-use-mysql.md").read_text()
    # the link's text is the slug log4brains reads the successor from
    assert "- Status: superseded by [0002-use-mariadb](0002-use-mariadb.md)" in old, old
    assert "## Links" not in old


def test_log4brains_records_are_not_marked_superseded_without_a_successor(tmp_path: Path):
    folder = log4brains_project(tmp_path)
    (folder / "20261101-use-redis.md").write_text(
        "# Use Redis\n\n- Status: accepted\n- Date: 2026-11-01\n\n## Context and Problem "
        "Statement\n\nx\n")
    before = (folder / "20261101-use-redis.md").read_text()
    r = run_cli("adr", "status", "20261101-use-redis", "superseded", cwd=tmp_path)
    assert r.code == 2 and r.err.count("\n") == 1, r.err
    assert "docs/adr/20261101-use-redis.md:3:" in r.err
    assert "archkit adr link NEW Supersedes 20261101-use-redis" in r.err
    assert (folder / "20261101-use-redis.md").read_text() == before
    # a MADR log may still say so (AK-ADR004 asks for the successor there)
    madr = AdrLog(tmp_path / "madr")
    madr.new("Use Redis", status="accepted")
    assert madr.set_status(1, "superseded").status == "superseded"


def test_the_date_bullet_holds_only_the_date(tmp_path: Path):
    # log4brains reads "- Date:" only when it holds nothing but a date: the template's
    # "<!-- optional ... -->" left beside it hid every date archkit wrote
    folder = log4brains_project(tmp_path)
    log = AdrLog.find(tmp_path)
    adr = log.new("Use Kafka", date="2026-11-27")
    lines = adr.path.read_text().splitlines()
    assert "- Date: 2026-11-27" in lines
    log.set_status(adr.path.stem, "accepted", date="2026-11-28")
    assert "- Date: 2026-11-28" in adr.path.read_text().splitlines()
    assert folder.is_dir()


# -- tags --------------------------------------------------------------------------------
L4B_TAGGED = ("# Use Kafka\n\n- Status: accepted\n- Deciders: Ann\n- Date: 2026-01-01\n"
              "- Tags: backend, db\n\nTechnical Story: TS-1\n\n"
              "## Context and Problem Statement\n\nWe need events.\n\n"
              "## Decision Outcome\n\nKafka.\n")


def test_convert_carries_log4brains_tags(tmp_path: Path):
    folder = tmp_path / "adr"
    folder.mkdir()
    f = folder / "20260101-use-kafka.md"
    f.write_text(L4B_TAGGED)
    r = run_cli("adr", "convert", "--to", "madr", "--write", str(folder), cwd=tmp_path)
    assert r.code == 0, r.err
    madr = f.read_text()
    assert madr.startswith("---\nstatus: accepted\ndate: 2026-01-01\ndecision-makers: Ann\n"
                           "tags: [backend, db]\n---\n")
    assert read(f).meta["tags"] == ["backend", "db"]
    f.write_text(L4B_TAGGED)
    r = run_cli("adr", "convert", "--to", "nygard", "--write", str(folder), cwd=tmp_path)
    assert r.code == 0, r.err
    assert "\nTags: backend, db\n" in f.read_text()
    assert read(f).meta["tags"] == "backend, db"           # and read back as the tags


def test_a_regenerated_log4brains_draft_keeps_its_tags(shop: Path):
    from tests.test_adr_draft_styles import configure, drafts, revise

    configure(shop, "log4brains")
    ds = drafts(shop)["datastore"]
    ds.write_text(ds.read_text().replace("- Date:", "- Tags: platform, db\n- Date:", 1))
    revise(shop)
    text = drafts(shop)["datastore"].read_text()
    assert "\n- Tags: platform, db\n" in text


# -- links in HTML comments ------------------------------------------------------------
def test_links_in_html_comments_are_no_links(tmp_path: Path):
    # pyadr's template: "* [Link type] [Link to ADR] <!-- example: Refined by [ADR-0005]
    # (0005-example.md) -->": every record archkit appended a link to had an AK-ADR002 error
    folder = tmp_path / "adr"
    folder.mkdir()
    (folder / "0001-one.md").write_text("# 1. One\n\n## Status\n\nAccepted\n")
    (folder / "0002-two.md").write_text(
        "# 2. Two\n\n## Status\n\nAccepted\n\n## Links\n\n"
        "* [Link type] [Link to ADR] <!-- example: Refined by [ADR-0005](0005-example.md) -->\n"
        "<!--\nSupersedes [ADR-0001](0001-one.md)\n-->\n"
        "* Relates to [ADR-0001](0001-one.md) <!-- kept: after the comment -->\n")
    two = read(folder / "0002-two.md")
    assert [(ln.type, ln.target) for ln in two.links] == [("relates", "0001-one.md")]
    r = run_cli("adr", "lint", "--dir", str(folder), "--format", "json", cwd=tmp_path)
    assert "AK-ADR002" not in r.out and "AK-ADR003" not in r.out, r.out


# -- numbers taken by a tool that takes no lock ----------------------------------------------
def test_a_number_adr_tools_takes_meanwhile_is_not_taken_twice(tmp_path: Path):
    # adr-tools' `adr new` takes max+1 with no lock: archkit looked for a record of its
    # number when it claimed it, not when it wrote (two 0002 records in 40 races of 2)
    log = AdrLog(tmp_path / "adr")
    log.new("One")
    raced: list[int | None] = []

    def compose(path: Path, number: int | None) -> tuple[str, dict[Path, str]]:
        raced.append(number)
        if len(raced) == 1:       # adr-tools writes 0002 between the claim and the write
            (tmp_path / "adr" / "0002-from-adr-tools.md").write_text("# 2. From adr-tools\n")
        return f"# {number}. Two\n\n## Status\n\nProposed\n", {}

    adr = log.new("Two", compose=compose)
    assert raced == [2, 3] and adr.path.name == "0003-two.md"
    assert sorted(p.name for p in (tmp_path / "adr").glob("*.md")) == [
        "0001-one.md", "0002-from-adr-tools.md", "0003-two.md"]
    assert not list((tmp_path / "adr").glob(".archkit-adr-*.lock"))


# -- markdownlint (MADR's own config) -----------------------------------------------------
def test_tables_have_padded_delimiter_rows(tmp_path: Path):
    # MD060 (table-column-style) failed on "|---|---|" under a padded header row
    from archkit.adr.toc import toc_markdown

    log = AdrLog(tmp_path / "adr")
    log.new("One")
    table = toc_markdown(log).splitlines()
    assert table[1] == "| --- | --- | --- | --- | --- |"


def test_the_log4brains_corpus_log_reads_as_before():
    log = AdrLog(ADR / "adr-log4brains")
    assert log.style() == "log4brains" and log.dated
    assert all(a.title and "#" not in a.title[-1:] for a in log.records)



# -- log4brains monorepos: packages with logs of their own -----------------------------
def test_a_log4brains_package_has_its_own_log_and_links_to_it_are_no_broken_links(
        tmp_path: Path):
    (tmp_path / ".log4brains.yml").write_text(
        "project:\n  name: p\n  tz: Europe/Paris\n  adrFolder: ./docs/adr\n  packages:\n"
        "    - name: backend\n      path: ./packages/backend\n"
        "      adrFolder: ./packages/backend/adr\n")
    glob_dir = tmp_path / "docs" / "adr"
    pkg_dir = tmp_path / "packages" / "backend" / "adr"
    glob_dir.mkdir(parents=True)
    pkg_dir.mkdir(parents=True)
    (pkg_dir / "20261101-backend-uses-postgres.md").write_text(
        "# Backend uses Postgres\n\n- Status: accepted\n- Date: 2026-11-01\n\n"
        "## Context and Problem Statement\n\nx\n\n## Decision Outcome\n\ny\n")
    (glob_dir / "20261102-global-decision.md").write_text(
        "# Global decision\n\n- Status: accepted\n- Date: 2026-11-02\n\n"
        "## Context and Problem Statement\n\nx\n\n## Decision Outcome\n\ny\n\n## Links\n\n"
        "- Relates to [backend/20261101-backend-uses-postgres]"
        "(../../packages/backend/adr/20261101-backend-uses-postgres.md)\n"
        "- Relates to [gone](../../packages/backend/adr/20261103-gone.md)\n")
    r = run_cli("adr", "lint", "--format", "json", cwd=tmp_path)
    broken = [f["object"] for f in json.loads(r.out) if f["rule"] == "AK-ADR002"]
    assert broken == ["20261102-global-decision -> ../../packages/backend/adr/20261103-gone.md"]
    # inside the package, its log (as `log4brains adr new -p backend`)
    src = tmp_path / "packages" / "backend" / "src"
    src.mkdir()
    r = run_cli("adr", "new", "Backend uses pgbouncer", cwd=src)
    assert r.code == 0, r.err
    made = src / r.out.strip()
    assert made.resolve().parent == pkg_dir.resolve()
    assert made.read_text().startswith("# Backend uses pgbouncer\n\n- Status: proposed\n")
    assert AdrLog.find(tmp_path).dir.resolve() == glob_dir.resolve()   # at the root: global


def test_superseding_a_log4brains_record_whose_successor_is_linked_names_it_in_the_status(
        tmp_path: Path):
    # `status N superseded` wrote a bare "- Status: superseded" when the successor was
    # linked in a Links bullet: log4brains build failed on it (scout AP)
    folder = log4brains_project(tmp_path, template=False)
    (folder / "20240101-old.md").write_text(
        "# Old\n\n- Status: accepted\n- Date: 2024-01-01\n\n## Context and Problem Statement"
        "\n\nx\n\n## Links\n\n- Superseded by [20240202-new](20240202-new.md)\n")
    (folder / "20240202-new.md").write_text(
        "# New\n\n- Status: accepted\n- Date: 2024-02-02\n\n## Context and Problem Statement"
        "\n\nx\n\n## Links\n\n- Supersedes [20240101-old](20240101-old.md)\n")
    r = run_cli("adr", "status", "20240101-old", "superseded", cwd=tmp_path)
    assert r.code == 0, r.err
    assert (folder / "20240101-old.md").read_text().splitlines()[2] == \
        "- Status: superseded by [20240202-new](20240202-new.md)"


@pytest.mark.parametrize("before", [
    "Use `<!--` to start a comment.",        # inline code
    "See the form <!-- here.",               # never closed on its line: text
    "\\<!-- not a comment",                  # escaped
    "x <!--> y",                             # a whole, empty comment
    "<!--\n```\n-->",                        # a comment holding a fence line
])
def test_a_comment_opener_that_opens_no_comment_hides_no_link(before: str):
    # CommonMark (markdown-it) shows the link in each: archkit dropped every link after
    text = f"# 3. C\n\n## Status\n\nAccepted\n\n{before}\n\n- Supersedes [ADR 2](0002-b.md)\n"
    assert [(ln.type, ln.target) for ln in parse(text, Path("0003-c.md")).links] == [
        ("supersedes", "0002-b.md")]


def test_a_title_ending_in_a_spaced_hash_is_written_so_that_it_reads_back(tmp_path: Path):
    # "# Use C #": CommonMark reads the trailing " #" as the heading's closing sequence,
    # and so did archkit: the title read back "Use C" (scout AP)
    log = AdrLog(tmp_path / "adr")
    adr = log.new("Use C #")
    assert "\n# Use C \\#\n" in "\n" + adr.path.read_text()
    assert adr.title == "Use C #" and read(adr.path).title == "Use C #"
    assert log.new("Support F# ##").title == "Support F# ##"
    from markdown_it import MarkdownIt

    tokens = MarkdownIt().parse(adr.path.read_text())
    heading = next(tokens[i + 1] for i, t in enumerate(tokens)
                   if t.type == "heading_open" and t.tag == "h1")
    assert MarkdownIt().renderInline(heading.content) == "Use C #"


def test_front_matter_tags_that_look_like_numbers_stay_text(tmp_path: Path):
    # the tag 1e3 was written unquoted: js-yaml (YAML 1.2) reads the number 1000
    from archkit.adr.write import yaml_value

    assert yaml_value(["1e3", "db", "0x1F", "2"]) == '["1e3", db, "0x1F", "2"]'
    assert yaml_value("2026-01-02") == "2026-01-02"          # a date, meant as one
