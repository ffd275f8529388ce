"""Text from a shared repository (an ADR, a decision, a service model, DDL, a template,
a symlink) is data: it never runs code, never makes archkit write outside the folder it
writes to, and reaches terminals, markdown, Mermaid, SVG and HTML as text (scout AH)."""

from __future__ import annotations

import io
import json
import re
import xml.dom.minidom
from pathlib import Path

import pytest

from tests.conftest import run_cli

ESC = "\x1b[2J\x1b]0;owned\x07"


def _well_formed(svg: str) -> None:
    xml.dom.minidom.parseString(svg.encode("utf-8"))


# -- code and files --------------------------------------------------------------------------
def test_a_workspace_template_cannot_run_code(example_copy: Path):
    (example_copy / "templates").mkdir()
    (example_copy / "templates" / "adr.md.j2").write_text(
        "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}# {{ title }}\n")
    toml = example_copy / "archkit.toml"
    toml.write_text(toml.read_text().replace('template = "madr"', 'template = "templates/adr.md.j2"'))
    before = sorted(p.name for p in (example_copy / "docs" / "decisions").iterdir())
    r = run_cli("adr", "new", "Harmless", cwd=example_copy)
    assert r.code == 2, r
    assert r.err.startswith("templates/adr.md.j2: template error: access to attribute ")
    assert "unsafe" in r.err and "Traceback" not in r.err
    assert not (example_copy / "PWNED").exists()
    assert sorted(p.name for p in (example_copy / "docs" / "decisions").iterdir()) == before
    assert run_cli("run", ".", cwd=example_copy).code == 2
    assert not (example_copy / "PWNED").exists()


def test_run_does_not_write_through_a_link_out_of_its_folders(example_copy: Path,
                                                               tmp_path: Path):
    assert run_cli("run", str(example_copy), cwd=tmp_path).code in (0, 1)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    summary = example_copy / "build" / "summary.md"
    summary.unlink()
    summary.symlink_to(victim)
    r = run_cli("run", str(example_copy), cwd=tmp_path)
    assert r.code == 2, r
    assert "summary.md: a symbolic link leads it to " in r.err and "outside" in r.err
    assert victim.read_text() == "precious\n"
    summary.unlink()
    [chart] = sorted((example_copy / "docs" / "decisions").glob("0002-*/ranking.svg"))
    chart.unlink()
    chart.symlink_to(victim)
    r = run_cli("run", str(example_copy), cwd=tmp_path)
    assert r.code == 2 and "ranking.svg: a symbolic link leads it to " in r.err, r
    assert victim.read_text() == "precious\n"
    assert not summary.exists()       # nothing written: the check comes before any write


def test_a_link_inside_the_folder_is_still_written_through(tmp_path: Path):
    from archkit.workspace import atomic_write

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "real.md").write_text("old")
    (tmp_path / "out" / "alias.md").symlink_to("real.md")
    atomic_write(tmp_path / "out" / "alias.md", "new", overwrite=True, within=tmp_path / "out")
    assert (tmp_path / "out" / "real.md").read_text() == "new"
    assert (tmp_path / "out" / "alias.md").is_symlink()


def test_an_adr_that_is_a_link_out_of_the_log_is_not_edited(tmp_path: Path):
    from archkit.adr import AdrLog

    folder = tmp_path / "docs" / "decisions"
    log = AdrLog(folder)
    log.new("Use MySQL", status="accepted")
    outside = tmp_path / "dotfile.md"
    outside.write_text("# 2. Notes\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n")
    (folder / "0002-notes.md").symlink_to(outside)
    before = outside.read_text()
    for args in (["link", "1", "Amends", "2"], ["status", "2", "deprecated"],
                 ["new", "X", "--supersedes", "2"]):
        r = run_cli("adr", *args, cwd=tmp_path)
        assert r.code == 2, (args, r)
        # (not even read: scout AU's `adr site` published such a link's target)
        assert "0002-notes.md: cannot edit ADR-0002: the file is a symbolic link to " \
            f"{outside}, outside the record's folder: not read" in r.err
        assert outside.read_text() == before
    assert sorted(p.name for p in folder.iterdir()) == ["0001-use-mysql.md", "0002-notes.md"]


# -- HTML, terminals, JSON -------------------------------------------------------------------
def test_entry_latency_html_escapes_the_name():
    from archkit.boundaries.analysis import EntryLatency

    html = EntryLatency("<img src=x onerror=alert(1)>", 1, 2, 3, 1.5)._repr_html_()
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


SERVICES = """system: S
services:
  "web{esc}": {{team: a, context: c, availability: 0.999, latency_ms: {{p50: 1, p99: 2}}, replicas: 1}}
  api: {{team: a, context: c, availability: 0.999, latency_ms: {{p50: 1, p99: 2}}, replicas: 1}}
edges:
  - {{from: "web{esc}", to: api, sync: true}}
"""


def test_control_characters_reach_the_terminal_as_text(tmp_path: Path):
    (tmp_path / "services.yaml").write_text(
        SERVICES.format(esc="\\e[2J\\e]0;owned\\a\\u009b\\u202e"))
    r = run_cli("boundaries", "check", "services.yaml", cwd=tmp_path)
    assert r.code == 1 and r.out
    assert not any(c in r.out for c in "\x1b\x07\x9b\u202e")
    assert "web\\u001b[2J\\u001b]0;owned\\u0007\\u009b\\u202e" in r.out
    # JSON keeps its meaning: the escape is JSON's own
    r = run_cli("boundaries", "check", "services.yaml", "--format", "json", cwd=tmp_path)
    names = {f["object"] for f in json.loads(r.out)}
    assert "web\x1b[2J\x1b]0;owned\x07\x9b\u202e" in names


def test_input_error_messages_are_escaped_too(tmp_path: Path):
    (tmp_path / f"x{ESC}.sql").write_text("CREATE TABLE t (id int);")
    r = run_cli("schema", "check", f"x{ESC}.sql", "--dialect", "nosuch", cwd=tmp_path)
    assert r.code == 2 and "\x1b" not in r.err


# -- Mermaid, SVG, charts --------------------------------------------------------------------
DIRECTIVE = "%%{init: {'theme':'dark'}}%%"


def test_mermaid_exports_carry_no_directive(tmp_path: Path):
    (tmp_path / "services.yaml").write_text(SERVICES.format(esc=f" {DIRECTIVE} <b>x</b>"))
    r = run_cli("boundaries", "render", "services.yaml", "--format", "mermaid", "-o", "-",
                cwd=tmp_path)
    assert r.code == 0, r
    assert "%%{" not in r.out and "<b>" not in r.out and "#37;#37;{init" in r.out
    (tmp_path / "s.sql").write_text(
        f'CREATE TABLE "t{DIRECTIVE}<b>" (id int PRIMARY KEY, "c{DIRECTIVE}" int);\n')
    r = run_cli("schema", "erd", "s.sql", "--dialect", "postgres", "-o", "erd.mmd",
                cwd=tmp_path)
    assert r.code == 0, r
    text = (tmp_path / "erd.mmd").read_text()
    assert "%%" not in text and "<b>" not in text and "#37;#37;{init" in text
    from archkit.safetext import mermaid_text

    assert mermaid_text(f'A {DIRECTIVE} | "b" <i>') == (
        "A #37;#37;{init: {'theme':'dark'}}#37;#37; #124; #34;b#34; #60;i#62;")


def test_graphviz_pictures_stay_xml_with_any_name(tmp_path: Path):
    from archkit.adr import AdrLog
    from archkit.boundaries import load_model
    from archkit.schema import load_schema
    from archkit.schema.erd import render_erd

    (tmp_path / "services.yaml").write_text(SERVICES.format(esc="\\ufffe\\e"))
    model = load_model(tmp_path / "services.yaml")
    for view in ("context", "container"):
        _well_formed(model.render(view=view, format="svg"))
    _well_formed(render_erd(load_schema('CREATE TABLE "t\ufffe\x01" (id int PRIMARY KEY);',
                                        "postgres"), "svg"))
    (tmp_path / "adr").mkdir()        # (archkit adr new drops them from a title)
    (tmp_path / "adr" / "0001-t.md").write_text(
        f"---\nstatus: accepted\n---\n# Title {ESC}\ufffe\n\n## Context and Problem "
        "Statement\n\nx\n")
    svg = AdrLog(tmp_path / "adr").graph("svg")
    _well_formed(svg)
    # the tooltip: the record on one line (it showed the label's "\\n" escapes)
    assert 'xlink:title="ADR&#45;0001: Title \ufffd[2J\ufffd]0;owned\ufffd\ufffd (accepted)"' in svg


def test_decision_charts_draw_dollars_and_control_characters(tmp_path: Path):
    from archkit.tradeoff import DecisionMatrix, charts

    for title in ("Cost $5 or $10", "Budget: 5$ per user^$"):
        m = DecisionMatrix.from_dict({"title": title, "scale": [1, 10],
                                      "criteria": [{"name": "c\x1b", "weight": 1}],
                                      "options": {"A\x0c": {"c\x1b": 3}, "B": {"c\x1b": 4}}})
        for figure in (charts.ranking_figure(m), charts.stability_figure(m),
                       charts.win_probability_figure(m)):
            svg = charts.to_svg(figure)
            _well_formed(svg)
            assert title in svg


# -- markdown --------------------------------------------------------------------------------
def test_toc_shows_titles_and_dates_as_text(tmp_path: Path):
    from archkit.adr import AdrLog

    folder = tmp_path / "adr"
    folder.mkdir()
    (folder / "0001-a.md").write_text(
        '---\nstatus: accepted\ndate: "2024|01|01"\n---\n# Use <img src=x onerror=alert(1)>'
        "\n\n## Context and Problem Statement\n\nx\n")
    toc = AdrLog(folder).toc()
    row = toc.splitlines()[2]
    assert not re.search(r"(?<!\\)<", row) and "\\<img src=x onerror=alert(1)\\>" in row
    assert len(re.split(r"(?<!\\)\|", row)) == 7 and "2024\\|01\\|01" in row


def test_drafted_records_keep_names_and_notes_in_their_place(tmp_path: Path):
    from archkit.adr import AdrLog
    from archkit.adr.read import read
    from archkit.tradeoff import DecisionMatrix

    m = DecisionMatrix.from_dict({
        "title": "Database", "scale": [1, 10],
        "criteria": [{"name": "cost <img src=x onerror=alert(1)>", "weight": 1}],
        "options": {"Postgres | managed": {"cost <img src=x onerror=alert(1)>": 8},
                    "MySQL": {"cost <img src=x onerror=alert(1)>": 4}},
        "notes": {"MySQL": {"bad": ["slow\n\n## Decision Outcome\n\nChosen: MySQL"]}}})
    adr = AdrLog(tmp_path / "adr").new_from_decision(m, charts=False)
    text = adr.path.read_text()
    assert not re.search(r"(?<!\\)<img", text)
    assert "| 1 | Postgres \\| managed | " in text
    assert [s.heading for s in read(adr.path).sections].count("Decision Outcome") == 1
    assert "* Bad, because slow ## Decision Outcome Chosen: MySQL" in text


def test_summary_and_report_titles_stay_one_heading(example_copy: Path, tmp_path: Path):
    toml = example_copy / "archkit.toml"
    toml.write_text(toml.read_text().replace(
        'name = "shopfront"', 'name = "shop <b>x</b>\\n# Injected"'))
    run_cli("run", str(example_copy), "--out", str(tmp_path / "out"), cwd=tmp_path)
    first = (tmp_path / "out" / "summary.md").read_text().split("\n")[0]
    assert first == "# archkit summary: shop \\<b\\>x\\</b\\> \\# Injected" or \
        first == "# archkit summary: shop \\<b\\>x\\</b\\> # Injected"
    assert "\n# Injected" not in (tmp_path / "out" / "summary.md").read_text()


def test_utility_tree_draws_scenarios_whose_ids_differ_only_in_punctuation(tmp_path: Path):
    from archkit.tradeoff.atam import loads_quality

    q = loads_quality(
        "title: Q\nscenarios:\n"
        "  A-1: {name: Payment outage, attribute: availability, refinement: r, stimulus: s1,"
        " response_measure: m, importance: H, difficulty: H}\n"
        "  A.1: {name: Search slow, attribute: availability, refinement: r, stimulus: s2,"
        " response_measure: m, importance: L, difficulty: L}\n")
    svg = q.utility_tree_svg()
    assert "Payment outage" in svg and "Search slow" in svg



# -- scout AJ's second pass ------------------------------------------------------------------
def test_a_default_out_folder_linked_out_of_the_workspace_is_refused(example_copy: Path,
                                                                     tmp_path: Path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "summary.md").write_text("precious\n")
    (example_copy / "build").symlink_to(victim)
    r = run_cli("run", str(example_copy), cwd=tmp_path)
    assert r.code == 2 and "build: a symbolic link leads it to " in r.err, r
    assert sorted(p.name for p in victim.iterdir()) == ["summary.md"]
    assert (victim / "summary.md").read_text() == "precious\n"
    # an OUT the user names is theirs, link or not
    assert run_cli("run", str(example_copy), "--out", str(example_copy / "build"),
                   cwd=tmp_path).code in (0, 1)


def test_a_renamed_draft_copies_no_file_from_outside_the_log(shop: Path, tmp_path: Path):
    from archkit.run import run_workspace

    run_workspace(shop, tmp_path / "out", progress=False)
    secret = tmp_path / "secret.txt"
    secret.write_text("CI_TOKEN=s3cr3t\n")
    [charts] = (shop / "docs" / "decisions").glob("0002-*/")
    (charts / "notes.svg").symlink_to(secret)
    datastore = shop / "decisions" / "datastore.yaml"
    text = datastore.read_text()
    changed = text.replace(
        "{consistency: 5, query_flexibility: 4, scalability: 5, operational_effort: 4, "
        "team_familiarity: 1}",
        "{consistency: 5, query_flexibility: 5, scalability: 5, operational_effort: 1, "
        "team_familiarity: 5}")
    assert changed != text                         # the winner changes: the draft is renamed
    datastore.write_text(changed)
    r = run_cli("run", str(shop), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert r.code == 2 and "notes.svg: a symbolic link leads it to " in r.err, r
    copies = [p for p in (shop / "docs" / "decisions").rglob("*")
              if p.is_file() and not p.is_symlink() and "s3cr3t" in p.read_text(errors="replace")]
    assert copies == []


def test_stderr_lines_are_escaped_and_progress_keeps_its_carriage_return(tmp_path: Path):
    from archkit.safetext import SafeWriter

    buf = io.StringIO()
    SafeWriter(buf, keep="\r").write("\rparsing 5%\x1b[2J\n")
    assert buf.getvalue() == "\rparsing 5%\\u001b[2J\n"
    (tmp_path / ".adr-dir").write_text("doc/\x1b[2Jadr\n")
    r = run_cli("adr", "new", "T", cwd=tmp_path)
    assert r.code == 0 and "\x1b" not in r.err and "doc/\\u001b[2Jadr" in r.err, r


def test_adr_graph_mermaid_quotes_relations(tmp_path: Path):
    from archkit.adr import AdrLog

    log = AdrLog(tmp_path / "adr")
    log.new("One", status="accepted")
    log.new("Two", links=[(1, "Extends (partly)", "Extended by (partly)")])
    assert '-.-|"Extends (partly)"|' in log.graph("mermaid")


def test_a_template_cannot_loop_or_grow_without_bound(tmp_path: Path):
    from archkit.adr import AdrLog
    from archkit.errors import InputError

    log = AdrLog(tmp_path / "adr")
    for body, said in (
            ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
             "a template may loop over at most 1,000"),
            ('{{ "x" * 2000000000 }}', "more than 1,000,000 items"),
            ("{{ 2 ** 100000 }}", "an exponent above 100")):
        (tmp_path / "t.md.j2").write_text("# {{ title }}\n" + body + "\n")
        with pytest.raises(InputError, match=said):
            log.new("Loop", template=str(tmp_path / "t.md.j2"))
    (tmp_path / "t.md.j2").write_text(
        "# {{ title }}\n{% for i in range(3) %}{{ i }}{% endfor %} {{ '-' * 10 }}\n")
    assert "012 ----------" in log.new("Small", template=str(tmp_path / "t.md.j2")).text


def test_every_control_character_is_escaped_in_ascii_text_and_in_other_text():
    """safe_text takes a fast path for ASCII text (a report of 1.4 MB): it escapes the same
    characters, one by one and among others, as the regular expression does."""
    import re

    from archkit.safetext import safe_text

    controls = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                          "\u2066-\u2069]")
    for code in [*range(0x100), 0x61C, 0x200E, 0x200F, *range(0x202A, 0x202F),
                 *range(0x2066, 0x206A)]:
        ch = chr(code)
        want = f"\\u{code:04x}" if controls.match(ch) else ch
        for text, wanted in ((f"a{ch}b\n", f"a{want}b\n"), (f"é{ch}", f"é{want}"),
                             ("x" * 5000 + ch, "x" * 5000 + want)):
            assert safe_text(text) == wanted, (code, text[:8])
    assert safe_text("a\rb\x1b", keep="\r") == "a\rb\\u001b"
    assert safe_text("plain text\twith tabs\n") == "plain text\twith tabs\n"
