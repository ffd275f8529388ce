"""`archkit adr ...` as users run it: real subprocesses in a temporary workspace."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from archkit.adr import AdrLog
from tests.conftest import FIXTURES, ROOT, run_cli

ADR = FIXTURES / "adr"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    (tmp_path / "docs" / "decisions").mkdir(parents=True)
    return tmp_path


def test_new_list_status_round(ws: Path):
    r = run_cli("adr", "new", "Use MySQL", "--template", "nygard", "--date", "2024-01-02",
                cwd=ws)
    assert (r.code, r.out) == (0, "docs/decisions/0001-use-mysql.md\n")
    assert run_cli("adr", "status", "1", "accepted", cwd=ws).code == 0
    r = run_cli("adr", "new", "Use PostgreSQL", "--supersedes", "1", cwd=ws)
    assert (r.code, r.out) == (0, "docs/decisions/0002-use-postgresql.md\n")
    r = run_cli("adr", "list", "--format", "json", cwd=ws)
    data = json.loads(r.out)
    assert [set(d) for d in data] == [{"number", "id", "title", "status", "date", "path",
                                      "links"}] * 2
    assert data[0] == {"number": 1, "id": "0001", "title": "Use MySQL", "status": "superseded",
                       "date": "2024-01-02", "path": "docs/decisions/0001-use-mysql.md",
                       "links": [{"type": "superseded-by",
                                  "target": "0002-use-postgresql.md",
                                  "record": "ADR-0002"}]}
    assert data[1]["links"] == [{"type": "supersedes", "target": "0001-use-mysql.md",
                                 "record": "ADR-0001"}]
    table = run_cli("adr", "list", cwd=ws).out.splitlines()
    assert table[0].split() == ["ADR", "STATUS", "DATE", "TITLE"]
    assert table[1].split()[:2] == ["ADR-0001", "superseded"]


def test_twenty_parallel_new_get_twenty_numbers(ws: Path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))

    def one(i: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "archkit", "adr", "new",
                               f"Parallel decision {i}"], cwd=ws, env=env,
                              capture_output=True, text=True, timeout=120, check=False)

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(one, range(20)))
    assert [r.returncode for r in results] == [0] * 20, [r.stderr for r in results]
    paths = sorted(r.stdout.strip() for r in results)
    files = sorted(p.name for p in (ws / "docs" / "decisions").iterdir())
    assert len(files) == 20 and not [f for f in files if f.startswith(".")]   # no locks left
    numbers = sorted(int(f[:4]) for f in files)
    assert numbers == list(range(1, 21))
    assert sorted(Path(p).name for p in paths) == files
    # every file holds the title its own process asked for
    titles = {a.title for a in AdrLog(ws / "docs" / "decisions").records}
    assert titles == {f"Parallel decision {i}" for i in range(20)}


@pytest.mark.parametrize("args, message", [
    (["adr", "status", "9", "accepted"], "no record '9'"),
    (["adr", "status", "1", "deprecated"], "cannot become deprecated"),
    (["adr", "status", "1", "finished"], "unknown status 'finished'"),
    (["adr", "new", "X", "--supersedes", "42"], "no record '42'"),
    (["adr", "new", "X", "--supersedes", "1", "--amends", "1"],
     "archkit: error: a new record cannot both supersede and amend ADR-0001"),
    (["adr", "new", "X", "--amends", "ADR-0001", "--link", "1:Supersedes"],
     "cannot both supersede and amend ADR-0001"),
    (["adr", "new", "X", "--link", "1"], "--link '1'"),
    (["adr", "new", "X", "--link", "1:Clarifies"],
     "say how record 1 links back, e.g. 1:\"Clarifies:Clarified by\""),
    (["adr", "new", "X", "--template", "fancy"], "unknown ADR template 'fancy'"),
    (["adr", "new", "X", "--date", "tomorrow"], "not an ISO 8601 date"),
    (["adr", "list", "--dir", "nowhere"], "nowhere: no such folder"),
    (["adr", "lint", "--dir", "nowhere"], "nowhere: no such folder"),
    (["adr", "convert", "--to", "madr", "nowhere"], "nowhere: no such folder"),
    (["adr", "toc", "--update", "README.md"], "no such file to update"),
])
def test_bad_input_is_one_line_and_exit_2(ws: Path, args: list[str], message: str):
    assert run_cli("adr", "new", "First", cwd=ws).code == 0
    before = sorted(p.name for p in (ws / "docs" / "decisions").iterdir())
    r = run_cli(*args, cwd=ws)
    assert r.code == 2, r
    assert message in r.err and len(r.err.strip().splitlines()) == 1
    assert "Traceback" not in r.err
    assert sorted(p.name for p in (ws / "docs" / "decisions").iterdir()) == before


def test_missing_dir_in_empty_workspace(tmp_path: Path):
    r = run_cli("adr", "list", cwd=tmp_path)
    assert r.code == 2 and r.err.startswith("docs/decisions: no ADR folder here")


def test_lint_formats_and_exit_codes(tmp_path: Path):
    shutil.copytree(ADR / "adr-viewer" / "doc", tmp_path / "doc" / "adr")
    ok = run_cli("adr", "lint", "--no-git", cwd=tmp_path)
    assert (ok.code, ok.out) == (0, "0 findings\n")
    dup = tmp_path / "doc" / "adr" / "0006-duplicate.md"
    dup.write_text("# 6. Duplicate\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n## Context\n\n"
                   "c\n\n## Decision\n\nd\n\n## Consequences\n\nq\n")
    bad = run_cli("adr", "lint", "--format", "json", cwd=tmp_path)
    assert bad.code == 1
    found = json.loads(bad.out)
    assert [f["rule"] for f in found] == ["AK-ADR001"]
    assert found[0]["path"] == "doc/adr/0006-duplicate.md" and found[0]["line"] == 1
    sarif = json.loads(run_cli("adr", "lint", "--format", "sarif", cwd=tmp_path).out)
    assert sarif["runs"][0]["results"][0]["ruleId"] == "AK-ADR001"
    (tmp_path / "archkit.toml").write_text('[rules]\nAK-ADR001 = "warning"\n')
    assert run_cli("adr", "lint", cwd=tmp_path).code == 0


def test_toc_update_graph_site_convert(tmp_path: Path):
    shutil.copytree(ADR / "adr-viewer" / "doc", tmp_path / "docs" / "adr")
    readme = tmp_path / "README.md"
    readme.write_text("# Decisions\n\n<!-- archkit:adr-toc -->\n<!-- archkit:adr-toc -->\n")
    assert run_cli("adr", "toc", "--update", "README.md", cwd=tmp_path).code == 0
    assert "[Use same colour for all headers](docs/adr/0003-use-same-colour-for-all-headers" \
           ".md) | superseded | 2018-09-09 | [ADR-0004](docs/adr/0004-" in readme.read_text()
    g = run_cli("adr", "graph", "--format", "mermaid", cwd=tmp_path)
    assert g.code == 0 and g.out.startswith("flowchart RL")
    svg = run_cli("adr", "graph", "--format", "svg", "-o", "g.svg", cwd=tmp_path)
    assert svg.code == 0 and "<svg" in (tmp_path / "g.svg").read_text()
    site = run_cli("adr", "site", "-o", "out/index.html", cwd=tmp_path)
    assert site.code == 0 and "id='adr-0004'" in (tmp_path / "out" / "index.html").read_text()
    preview = run_cli("adr", "convert", "--to", "madr", "docs/adr", cwd=tmp_path)
    assert preview.code == 0 and preview.out.count("==> ") == 6 and "---\nstatus:" in preview.out
    assert (tmp_path / "docs/adr/0001-record-architecture-decisions.md").read_text() \
        .startswith("# 1.")
    done = run_cli("adr", "convert", "--to", "madr", "docs/adr", "--write", cwd=tmp_path)
    assert done.code == 0
    assert (tmp_path / "docs/adr/0001-record-architecture-decisions.md").read_text() \
        .startswith("---\nstatus: accepted\n")


def test_help_lists_every_verb():
    r = run_cli("adr", "--help")
    for verb in ("new", "list", "toc", "graph", "lint", "status", "convert", "site"):
        assert verb in r.out


def test_link_two_records_both_ways(ws: Path):
    for title in ("Use MySQL", "Use PostgreSQL", "Use SQLite"):
        assert run_cli("adr", "new", title, cwd=ws).code == 0
    assert run_cli("adr", "status", "1", "accepted", cwd=ws).code == 0
    r = run_cli("adr", "link", "2", "Supersedes", "1", cwd=ws)
    assert (r.code, r.out) == (0, ("docs/decisions/0002-use-postgresql.md\n"
                                  "docs/decisions/0001-use-mysql.md\n"))
    r = run_cli("adr", "link", "3", "Clarifies", "2", "Clarified by", cwd=ws)
    assert r.code == 0, r.err
    log = AdrLog(ws / "docs" / "decisions")
    assert log.get(1).status == "superseded"
    assert [(ln.type, ln.target) for ln in log.get(1).links] == \
        [("superseded-by", "0002-use-postgresql.md")]
    two = {(ln.type, ln.target) for ln in log.get(2).links}
    assert two == {("supersedes", "0001-use-mysql.md"), ("relates", "0003-use-sqlite.md")}
    assert "Clarified by [ADR-0003" in log.get(2).path.read_text()
    assert "Clarifies [ADR-0002" in log.get(3).path.read_text()


@pytest.mark.parametrize("args, message", [
    (["9", "Amends", "1"], "no record '9'"),
    (["1", "Amends", "1"], "cannot link to itself"),
    (["2", "Supersedes", "1"], "only an accepted record can be superseded"),
    (["2", "Clarifies", "1"], ('no known reverse: give REVERSE-LINK, e.g. archkit adr link 2 '
                               '"Clarifies" 1 "Clarified by"')),
])
def test_bad_links_exit_2_and_write_nothing(ws: Path, args, message):
    for title in ("Use MySQL", "Use PostgreSQL"):
        assert run_cli("adr", "new", title, cwd=ws).code == 0
    folder = ws / "docs" / "decisions"
    before = {p.name: p.read_text() for p in folder.iterdir()}
    r = run_cli("adr", "link", *args, cwd=ws)
    assert r.code == 2 and message in r.err and "Traceback" not in r.err
    assert {p.name: p.read_text() for p in folder.iterdir()} == before


def test_out_option_is_spelled_like_every_other_command(tmp_path: Path):
    shutil.copytree(ADR / "adr-viewer" / "doc", tmp_path / "docs" / "adr")
    for verb, extra in (("graph", ["--format", "mermaid"]), ("site", [])):
        for spelling in ("-o", "--out", "--output"):      # --output: the old, hidden one
            out = tmp_path / f"{verb}{spelling}.txt"
            r = run_cli("adr", verb, *extra, spelling, str(out), cwd=tmp_path)
            assert r.code == 0 and out.stat().st_size > 0, (verb, spelling, r.err)
        helped = run_cli("adr", verb, "--help").out
        assert "-o OUT, --out OUT" in helped and "--output" not in helped
    r = run_cli("adr", "site", cwd=tmp_path)
    assert r.code == 2 and "required: -o/--out" in r.err


def test_lint_select_help_names_adr_rules():
    helped = run_cli("adr", "lint", "--help").out
    assert "AK-ADR" in helped and "AK-IX" not in helped


def test_new_in_an_adr_tools_log_writes_nygard(tmp_path: Path):
    shutil.copytree(ADR / "adr-viewer" / "doc", tmp_path / "doc" / "adr")
    r = run_cli("adr", "new", "Keep the format", cwd=tmp_path)
    assert (r.code, r.out) == (0, "doc/adr/0007-keep-the-format.md\n")
    text = (tmp_path / r.out.strip()).read_text()
    assert text.startswith("# 7. Keep the format\n\nDate: ") and "\n## Status\n\nProposed\n" in text


def test_verbs_find_the_log_in_a_parent_folder(example_copy: Path):
    schema = example_copy / "schema"
    r = run_cli("adr", "new", "Index the orders table", cwd=schema)
    assert (r.code, r.out) == (0, "../docs/decisions/0002-index-the-orders-table.md\n"), r.err
    assert not (schema / "docs").exists()
    listed = run_cli("adr", "list", "--format", "json", cwd=schema)
    assert listed.code == 0
    assert [d["path"] for d in json.loads(listed.out)] == [
        "../docs/decisions/0001-record-architecture-decisions.md",
        "../docs/decisions/0002-index-the-orders-table.md"]
    assert run_cli("adr", "status", "2", "accepted", cwd=schema).code == 0
    inside = example_copy / "docs" / "decisions"
    r = run_cli("adr", "list", cwd=inside)
    assert r.code == 0 and "ADR-0002  accepted" in r.out
    assert not (inside / "docs").exists()


def test_without_a_log_up_to_the_git_top_new_starts_one_and_list_exits_2(tmp_path: Path):
    (tmp_path / "docs" / "decisions").mkdir(parents=True)      # outside the repository
    sub = tmp_path / "repo" / "src"
    sub.mkdir(parents=True)
    (tmp_path / "repo" / ".git").mkdir()
    r = run_cli("adr", "list", cwd=sub)
    assert r.code == 2 and r.err.startswith("docs/decisions: no ADR folder here or in a "
                                            "parent folder")
    assert sorted(p.name for p in sub.iterdir()) == []
    r = run_cli("adr", "new", "First", cwd=sub)                   # as adr-tools: here
    assert (r.code, r.out) == (0, "docs/decisions/0001-first.md\n")
    assert "starting a new ADR log in docs/decisions" in r.err
    assert list((tmp_path / "docs" / "decisions").iterdir()) == []
    assert run_cli("adr", "list", cwd=sub).code == 0


# records that cannot be read as written: (file name, bytes, where the problem is)
UNREADABLE = {
    "unclosed": ("0008-unterminated.md", b"---\nstatus: accepted\n\n# Unterminated\n",
                 "docs/decisions/0008-unterminated.md:1:1:", "never closed"),
    "list": ("0014-fmlist.md", b"---\n- a\n- b\n---\n\n# FM is a list\n",
             "docs/decisions/0014-fmlist.md:2:1:", "not a mapping"),
    "binary": ("0016-binary.md", b"---\nstatus: accepted\n---\n\n# B\x00\x01inary\n",
               "docs/decisions/0016-binary.md:5:4:", "not text"),
    "latin1": ("0006-latin1.md",
               b"# 6. Latin1 caf\xe9\n\nDate: 2026-01-01\n\n## Status\n\nAccepted\n",
               "docs/decisions/0006-latin1.md:1:16:", "not valid UTF-8"),
    "yaml": ("0002-broken.md", b"---\nstatus: [accepted\ndate: 2026-01-01\n---\n\n# Broken\n",
             "docs/decisions/0002-broken.md:3:5:", "not valid YAML"),
    "duplicate": ("0017-dup.md", b"---\nstatus: accepted\nstatus: rejected\n---\n\n# Dup\n",
                  "docs/decisions/0017-dup.md:3:1:", "the key 'status' twice"),
}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("kind", sorted(UNREADABLE))
def test_edits_refuse_a_record_they_cannot_read(ws: Path, kind: str):
    folder = ws / "docs" / "decisions"
    (folder / "0001-good.md").write_text("---\nstatus: accepted\n---\n\n# Good\n")
    name, data, where, message = UNREADABLE[kind]
    (folder / name).write_bytes(data)
    n = str(int(name[:4]))
    before = _snapshot(folder)
    for args in (["status", n, "deprecated"], ["status", n, "accepted"],
                 ["link", n, "Clarifies", "1", "Clarified by"],
                 ["link", "1", "Clarifies", n, "Clarified by"], ["link", "1", "Amends", n],
                 ["new", "X", "--supersedes", n], ["new", "X", "--amends", n],
                 ["new", "X", "--link", f"{n}:Clarifies:Clarified by"]):
        r = run_cli("adr", *args, cwd=ws)
        assert r.code == 2, (args, r)
        assert r.err.startswith(where) and message in r.err, (args, r.err)
        assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
        assert _snapshot(folder) == before, args     # nothing written, no new record


def test_convert_writes_nothing_when_a_record_cannot_be_read(ws: Path):
    folder = ws / "docs" / "decisions"
    (folder / "0001-good.md").write_text("---\nstatus: accepted\n---\n\n# Good\n")
    for kind in ("latin1", "yaml", "unclosed"):
        name, data, _, _ = UNREADABLE[kind]
        (folder / name).write_bytes(data)
    before = _snapshot(folder)
    for extra in (["--write"], []):
        r = run_cli("adr", "convert", "docs/decisions", "--to", "nygard", *extra, cwd=ws)
        assert r.code == 2 and "Traceback" not in r.err, r
        assert len(r.err.strip().splitlines()) == 1 and r.out == ""
        assert r.err.startswith("docs/decisions/0002-broken.md:3:5: cannot convert ADR-0002")
        # every record that cannot be read is named, at its line
        assert "docs/decisions/0006-latin1.md:1:16: the file is not valid UTF-8" in r.err
        assert "docs/decisions/0008-unterminated.md:1:1: front matter opened" in r.err
        assert _snapshot(folder) == before


def test_lint_reports_a_duplicate_front_matter_key_at_its_line(ws: Path):
    folder = ws / "docs" / "decisions"
    (folder / "0001-dup.md").write_text("---\nstatus: accepted\ndate: 2024-01-02\n"
                                        "status: rejected\n---\n\n# Dup\n")
    r = run_cli("adr", "lint", "--no-git", "--format", "json", cwd=ws)
    assert r.code == 1
    (found,) = [f for f in json.loads(r.out) if f["rule"] == "AK-ADR007"]
    assert (found["line"], found["col"]) == (4, 1)
    assert "'status' twice (first on line 2)" in found["message"]


def test_a_template_that_is_not_utf8_or_not_jinja_is_bad_input(tmp_path: Path):
    (tmp_path / "l1.j2").write_bytes(b"# {{ title }}\n\ncaf\xe9\n")
    r = run_cli("adr", "new", "Y", "--template", "l1.j2", cwd=tmp_path)
    assert r.code == 2 and "Traceback" not in r.err, r
    assert r.err.strip().splitlines()[-1] == ("l1.j2:3:4: the template is not UTF-8 text "
                                              "(byte 0xe9); save it as UTF-8")
    assert not (tmp_path / "docs").exists()          # a bad template starts no log
    assert "new ADR log" not in r.err
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "main.j2").write_text('# {{ title }}\n\n{% include "inc.j2" %}\n')
    inc = tmp_path / "tpl" / "inc.j2"
    for include, message in [
        (b"a\nb \xff\n", "tpl/inc.j2:2:3: the template is not UTF-8 text (byte 0xff)"),
        (b"a\n{% if %}\n", "tpl/inc.j2:2: template syntax error: Expected an expression"),
        (None, "tpl/main.j2: template includes 'inc.j2', which is not there"),
    ]:
        inc.unlink(missing_ok=True)
        if include is not None:
            inc.write_bytes(include)
        r = run_cli("adr", "new", "Y", "--template", "tpl/main.j2", cwd=tmp_path)
        assert r.code == 2 and "Traceback" not in r.err, r
        assert r.err.strip().splitlines()[-1].startswith(message), r.err
        assert not list(tmp_path.glob("docs/decisions/*"))
    # a helper called wrongly fails inside the template: its line, exit 2 (was exit 3)
    (tmp_path / "calls.j2").write_text("# {{ title }}\n\n{{ body(1, 2, 3) }}\n")
    r = run_cli("adr", "new", "Y", "--template", "calls.j2", cwd=tmp_path)
    assert r.code == 2 and "Traceback" not in r.err, r
    assert r.err.strip().splitlines()[-1].startswith(
        "calls.j2:3: template failed: TypeError: body() takes"), r.err
    assert not list(tmp_path.glob("docs/decisions/*"))


def test_edits_keep_the_final_newline(ws: Path):
    folder = ws / "docs" / "decisions"
    texts = {"0001-good.md": "---\nstatus: proposed\n---\n\n# Good\n",
             "0002-ny.md": "# 2. Ny\n\nDate: 2024-01-01\n\n## Status\n\nProposed\n",
             "0003-bare.md": "# Bare\n\nSome text.\n\n",
             "0004-no-newline.md": "---\nstatus: proposed\n---\n\n# No newline"}
    for name, text in texts.items():
        (folder / name).write_text(text)
    for args in (["status", "1", "accepted"], ["status", "2", "accepted"],
                 ["status", "4", "accepted"], ["link", "3", "Amends", "1"],
                 ["link", "4", "Relates to", "3"], ["link", "2", "Relates to", "3"]):
        assert run_cli("adr", *args, cwd=ws).code == 0, args
    ends = {p.name: p.read_text()[-1] for p in folder.iterdir()}
    assert ends == {"0001-good.md": "\n", "0002-ny.md": "\n", "0003-bare.md": "\n",
                    "0004-no-newline.md": ")"}     # one without a newline still has none
    assert "Relates to [ADR-0003: Bare](0003-bare.md)" in (folder / "0004-no-newline.md") \
        .read_text()
    for to in ("nygard", "madr"):
        assert run_cli("adr", "convert", "docs/decisions", "--to", to, "--write",
                       cwd=ws).code == 0
        assert all(p.read_text().endswith("\n") for p in folder.iterdir())   # as written


def test_toc_update_refuses_a_file_that_is_not_utf8(ws: Path):
    assert run_cli("adr", "new", "First", cwd=ws).code == 0
    readme = ws / "README.md"
    data = b"# D\xe9cisions\n\n<!-- archkit:adr-toc -->\n<!-- archkit:adr-toc -->\n"
    readme.write_bytes(data)
    r = run_cli("adr", "toc", "--update", "README.md", cwd=ws)
    assert r.code == 2 and "Traceback" not in r.err, r
    assert r.err.startswith("README.md:1:4: not UTF-8 text (byte 0xe9)")
    assert readme.read_bytes() == data


@pytest.mark.parametrize("newline", ["\r\n", "\n"], ids=["crlf", "lf"])
@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
def test_toc_update_keeps_the_files_line_endings_and_bom(ws: Path, newline: str, bom: bool):
    # a README from a Windows checkout: the table's lines end with CRLF like the others,
    # and nothing outside the markers changes, its byte-order mark included
    for title in ("First", "Second"):
        assert run_cli("adr", "new", title, cwd=ws).code == 0
    marker = "<!-- archkit:adr-toc -->"
    before = ("\ufeff" if bom else "") + newline.join(["# Decisions", "", "Intro.", "", ""])
    after = newline.join(["", "", "Footer.", ""])
    readme = ws / "README.md"
    readme.write_bytes((before + marker + newline + "old table" + newline + marker + after)
                       .encode())
    r = run_cli("adr", "toc", "--update", "README.md", cwd=ws)
    assert r.code == 0, r
    data = readme.read_bytes()
    assert data.startswith((before + marker + newline + "| ADR |").encode())
    assert data.endswith((marker + after).encode()) and b"old table" not in data
    text = data.decode()
    assert text.count(newline) == 4 + 4 + 2 + 2      # before, the table's, markers, after
    assert ("\r" in text) == (newline == "\r\n")     # no CR in an LF file, no bare LF in a
    assert "\n" not in text.replace("\r\n", "") or newline == "\n"     # CRLF one
    assert "| ADR-0002 | [Second](docs/decisions/0002-second.md) | proposed |" in text
    assert run_cli("adr", "toc", "--update", "README.md", cwd=ws).code == 0
    assert readme.read_bytes() == data                # idempotent


def _style(data: bytes) -> tuple[bool, bool, bool]:
    """(BOM, any CRLF, any bare LF) of a file's bytes."""
    return (data.startswith(b"\xef\xbb\xbf"), b"\r\n" in data,
            b"\n" in data.replace(b"\r\n", b""))


def test_new_records_follow_a_crlf_log_and_a_new_log_stays_lf(ws: Path):
    folder = ws / "docs" / "decisions"
    # records from a Windows checkout, each with a byte-order mark
    (folder / "0001-use-postgresql.md").write_bytes(
        b"\xef\xbb\xbf---\r\nstatus: accepted\r\ndate: 2026-01-01\r\n---\r\n\r\n"
        b"# Use PostgreSQL\r\n\r\n## Context and Problem Statement\r\n\r\nWe need one.\r\n")
    (folder / "0002-use-redis.md").write_bytes(
        b"\xef\xbb\xbf# 2. Use Redis\r\n\r\nDate: 2026-01-02\r\n\r\n## Status\r\n\r\n"
        b"Accepted\r\n\r\n## Context\r\n\r\nCaching.\r\n")
    made = []
    for args in (["Use Kafka"], ["Use MySQL", "--supersedes", "1"],
                 ["Use Valkey", "--amends", "2", "--template", "nygard"],
                 ["Partition by tenant", "--link", "3:Clarifies:Clarified by"]):
        r = run_cli("adr", "new", *args, cwd=ws)
        assert r.code == 0, r
        made.append(ws / r.out.strip())
    assert [p.name for p in made] == ["0003-use-kafka.md", "0004-use-mysql.md",
                                      "0005-use-valkey.md", "0006-partition-by-tenant.md"]
    for p in sorted(folder.glob("*.md")):
        assert _style(p.read_bytes()) == (True, True, False), p.name
    r = run_cli("adr", "list", "--format", "json", cwd=ws)
    records = {a["number"]: a for a in json.loads(r.out)}
    assert records[1]["status"] == "superseded" and records[4]["title"] == "Use MySQL"
    assert records[5]["title"] == "Use Valkey" and records[6]["status"] == "proposed"
    r = run_cli("adr", "lint", "--format", "json", cwd=ws)
    assert not [f for f in json.loads(r.out) if f["rule"] in ("AK-ADR003", "AK-ADR007")], r.out
    # a brand-new log (and a new record in it) is LF without a mark
    fresh = ws / "fresh"
    fresh.mkdir()
    r = run_cli("adr", "new", "First", "--dir", "log", cwd=fresh)
    assert r.code == 0, r
    assert _style((fresh / r.out.strip()).read_bytes()) == (False, False, True)


def test_convert_to_madr_shows_no_empty_people_keys(ws: Path):
    folder = ws / "docs" / "decisions"
    # a MADR 3 record (deciders): converted to MADR 4, the people it names and no others
    text = ("---\nstatus: accepted\ndate: 2026-01-01\ndeciders: Ana\n---\n\n"
            "# Use PostgreSQL\n\nWe need one.\n\n## Decision Outcome\n\nPostgreSQL.\n")
    (folder / "0001-use-postgresql.md").write_text(text)
    r = run_cli("adr", "convert", "docs/decisions", "--to", "madr", cwd=ws)
    assert r.code == 0, r
    assert "decision-makers: Ana\n---\n" in r.out
    assert "consulted:" not in r.out and "informed:" not in r.out


def test_convert_leaves_records_already_in_the_target_format_alone(ws: Path):
    folder = ws / "docs" / "decisions"
    text = ("---\nparent: Decisions\nstatus: accepted\n---\n# Use PostgreSQL\n\n"
            "## Context and Problem Statement\n\nWe need one.\n\n## Decision Outcome\n\n"
            "PostgreSQL.\n")
    (folder / "0001-use-postgresql.md").write_text(text)
    r = run_cli("adr", "convert", "docs/decisions", "--to", "madr", "--write", cwd=ws)
    assert r.code == 0, r
    assert "converted 0 of 1 records to madr (1 was madr already)" in r.err
    assert (folder / "0001-use-postgresql.md").read_text() == text
