"""``archkit schema check`` as users run it: formats, exit codes, configuration, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SAKILA = Path(__file__).parent / "fixtures" / "sakila"


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHKIT_CACHE_DIR", str(tmp_path / "cache"))


def test_json_output_and_exit_codes(cli, tmp_path):
    p = tmp_path / "bad.sql"
    p.write_text("CREATE TABLE ok (id int PRIMARY KEY);\nCREATE TABLE t (id int PRIMARY KEY KEY);\n")
    res = cli("schema", "check", str(p), "--format", "json", "--select", "AK-SQL")
    assert res.code == 1, res.err
    data = json.loads(res.out)
    assert [d["rule"] for d in data] == ["AK-SQL001"]
    assert data[0]["line"] == 2 and data[0]["path"] == str(p)
    assert set(data[0]) == {"rule", "name", "severity", "message", "path", "line", "col",
                            "object", "hint"}
    res = cli("schema", "check", str(p), "--select", "AK-SQL", "--fail-on", "never")
    assert res.code == 0 and f"{p}:2:" in res.out


def test_sarif_and_markdown(cli):
    res = cli("schema", "check", str(SAKILA / "mysql-schema.sql"), "--dialect", "mysql",
              "--format", "sarif", "--select", "AK-SQL", "--fail-on", "never")
    assert res.code == 0 and json.loads(res.out)["version"] == "2.1.0"
    res = cli("schema", "check", str(SAKILA / "mysql-schema.sql"), "--dialect", "mysql",
              "--format", "markdown", "--select", "AK-SQL", "--fail-on", "never")
    assert res.code == 0 and "AK-SQL002" in res.out


def _fingerprints(out: str) -> list[tuple[str, int, str]]:
    run = json.loads(out)["runs"][0]
    return [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["partialFingerprints"]["archkitObject/v1"]) for r in run["results"]]


def test_sarif_fingerprints_follow_findings_when_lines_move(cli, tmp_path):
    """Code scanning matches alerts across commits by their fingerprints: an unparsable
    statement is named by its line in the report, but a line added above it must not
    make it a new alert (and two broken statements, or two files, must not share one)."""
    body = ("CREATE TABLE a (id int PRIMARY KEY KEY);\n"
            "CREATE TABLE b (id bigint PRIMARY KEY, amount float);\n"
            "CREATE TABLE c (id int PRIMARY KEY KEY);\n")
    p, other = tmp_path / "s.sql", tmp_path / "t.sql"
    p.write_text(body)
    other.write_text(body.replace("TABLE b ", "TABLE b2 "))     # (one schema: no clash)
    args = ("schema", "check", str(p), str(other), "--format", "sarif",
            "--select", "AK-SQL001,AK-TY004", "--fail-on", "never")
    before = _fingerprints(cli(*args).out)
    p.write_text("-- a comment added at the top\n\n" + body)
    after = _fingerprints(cli(*args).out)
    assert [line for _r, line, _f in after][:3] == [line + 2 for _r, line, _f in before][:3]
    assert [f for _r, _l, f in after] == [f for _r, _l, f in before]
    prints = [f for _r, _l, f in before]
    assert len(set(prints)) == len(prints) == 6
    assert f"AK-SQL001:{p}:statement #2" in prints and "AK-TY004:b.amount" in prints


def test_dialect_default_from_archkit_toml(cli, tmp_path):
    (tmp_path / "archkit.toml").write_text('[schema]\ndialect = "mysql"\n')
    (tmp_path / "schema").mkdir()
    p = tmp_path / "schema" / "a.sql"
    # only MySQL reads this as a table with an inline key; postgres refuses the backticks
    p.write_text("CREATE TABLE `t` (`id` int NOT NULL, PRIMARY KEY (`id`));\n")
    res = cli("schema", "check", str(p), "--select", "AK-SQL", "--format", "json")
    assert res.code == 0 and json.loads(res.out) == []
    res = cli("schema", "check", str(p), "--select", "AK-SQL", "--format", "json",
              "--dialect", "postgres")
    assert [d["rule"] for d in json.loads(res.out)] == ["AK-SQL001"]


@pytest.mark.parametrize("setup, message", [
    (lambda d: d / "missing.sql", "no such file"),
    (lambda d: d, "is a directory"),
    (lambda d: (d / "e.sql").write_text("") and d / "e.sql" or d / "e.sql", "no SQL statements"),
    (lambda d: (d / "b.sql").write_bytes(b"\x7fELF\x00\x00garbage") and d / "b.sql" or d / "b.sql",
     "binary data"),
])
def test_unusable_input_exits_2_with_one_clear_line(cli, tmp_path, setup, message):
    target = setup(tmp_path)
    res = cli("schema", "check", str(target))
    assert res.code == 2, res
    assert message in res.err and "Traceback" not in res.err
    assert len(res.err.strip().splitlines()) == 1 and res.out == ""


def test_unknown_dialect_exits_2(cli):
    res = cli("schema", "check", str(SAKILA / "sqlite-schema.sql"), "--dialect", "sqlitex")
    assert res.code == 2 and "unknown dialect 'sqlitex'" in res.err and "sqlite" in res.err


def test_unterminated_string_is_a_finding_not_a_crash(cli, tmp_path):
    p = tmp_path / "u.sql"
    p.write_text("CREATE TABLE a (id int PRIMARY KEY);\nINSERT INTO a VALUES ('oops);\n")
    res = cli("schema", "check", str(p), "--format", "json", "--select", "AK-SQL")
    data = json.loads(res.out)
    assert res.code == 1 and data[0]["rule"] == "AK-SQL001" and data[0]["line"] == 2
    assert "unterminated string" in data[0]["message"]


@pytest.mark.slow
def test_large_file_is_checked(cli, tmp_path):
    """A 20 MB file (tables documented at length) is read, split and parsed in full."""
    doc = "Lorem ipsum; dolor 'sit' amet. " * 330          # ~10 KB per comment
    doc = doc.replace("'", "''")
    p = tmp_path / "big.sql"
    with p.open("w") as fh:
        n = 0
        while fh.tell() < 20 * 1024 * 1024:     # every table its own name (AK-SQL003)
            fh.write(f"CREATE TABLE t{n} (id bigint PRIMARY KEY, note text);\n"
                     f"COMMENT ON TABLE t{n} IS '{doc}';\n")
            n += 1
    res = cli("schema", "check", str(p), "--select", "AK-SQL", "--format", "json",
              "--no-cache", timeout=600)
    assert res.code == 0 and json.loads(res.out) == [], res.err[-500:]


def test_help_lists_the_options(cli):
    res = cli("schema", "check", "--help")
    for opt in ("--dialect", "--workload", "--format", "--select", "--ignore", "--fail-on"):
        assert opt in res.out


def _process(args, tmp_path, popen=False, **kw):
    import os
    import subprocess
    import sys

    env = dict(os.environ, ARCHKIT_CACHE_DIR=str(tmp_path / "cache"),
               PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    start = subprocess.Popen if popen else subprocess.run
    return start([sys.executable, "-m", "archkit", *args], env=env, **kw)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_archkit_process_prints_everything_and_exits_with_its_code(tmp_path, jobs):
    # the command leaves without interpreter teardown: its output must still be whole
    sql = tmp_path / "s.sql"
    sql.write_text("".join(f"CREATE TABLE t{i} (id int, Name text);\n" for i in range(400)))
    for fmt in ("text", "json"):
        res = _process(["schema", "check", "--jobs", jobs, "--format", fmt, str(sql)], tmp_path,
                       capture_output=True, text=True)
        assert res.returncode == 1 and res.stderr == ""
        if fmt == "json":
            assert len(json.loads(res.stdout)) >= 800
        else:
            assert res.stdout.splitlines()[-1].startswith(f"{len(res.stdout.splitlines()) - 1} findings")
    bad = _process(["schema", "check", str(tmp_path / "missing.sql")], tmp_path,
                   capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stdout == "" and len(bad.stderr.splitlines()) == 1


def test_the_archkit_process_into_a_reader_that_stops_early(tmp_path):
    import subprocess

    sql = tmp_path / "s.sql"
    sql.write_text("".join(f"CREATE TABLE t{i} (id int, Name text);\n" for i in range(3000)))
    proc = _process(["schema", "check", str(sql)], tmp_path, popen=True, stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()                         # like `archkit schema check ... | head -1`
    proc.wait(timeout=60)
    err = proc.stderr.read().decode()
    assert first.startswith(str(sql).encode()) and "Traceback" not in err


def test_jobs_below_one_is_bad_input(cli):
    res = cli("schema", "check", "--jobs", "0", "x.sql")
    assert res.code == 2 and "--jobs 0" in res.err


def test_without_files_the_workspace_schema_is_checked_as_one(cli, tmp_path):
    # what the pre-commit hook runs: a migration alone would miss the tables it builds on
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "001_customers.sql").write_text(
        "CREATE TABLE customers (id bigint PRIMARY KEY);\n")
    (tmp_path / "schema" / "002_orders.sql").write_text(
        "CREATE TABLE orders (id bigint PRIMARY KEY,\n"
        "  customer_id bigint NOT NULL REFERENCES customers (id));\n"
        "CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n")
    alone = cli("schema", "check", "schema/002_orders.sql", "--format", "json", cwd=tmp_path)
    assert "AK-FK001" in {d["rule"] for d in json.loads(alone.out)}
    whole = cli("schema", "check", "--format", "json", cwd=tmp_path)
    assert whole.code == 0, whole.err
    assert "AK-FK001" not in {d["rule"] for d in json.loads(whole.out)}
    # the workload folder comes along: a query that does not parse is reported
    (tmp_path / "workload").mkdir()
    (tmp_path / "workload" / "q.sql").write_text("SELECT id FROM orders;\nSELEC FROM;\n")
    res = cli("schema", "check", "--format", "json", "--select", "AK-SQL", cwd=tmp_path)
    found = json.loads(res.out)
    assert res.code == 1 and [(d["rule"], Path(d["path"]).name, d["line"]) for d in found] == \
        [("AK-SQL001", "q.sql", 2)]


def test_without_files_outside_a_workspace_exits_2(cli, tmp_path):
    res = cli("schema", "check", cwd=tmp_path)
    assert res.code == 2 and "no FILE.sql given" in res.err and "Traceback" not in res.err


def test_workload_syntax_errors_are_findings(cli, tmp_path):
    s = tmp_path / "s.sql"
    s.write_text("CREATE TABLE t (id bigint PRIMARY KEY);\n")
    q = tmp_path / "q.sql"
    q.write_text("SELECT id FROM t WHERE id = 1;\n")
    assert cli("schema", "check", str(s), "--workload", str(q)).code == 0
    q.write_text("SELECT id FROM t;\n\nSELECT FROM WHERE (;\n")
    res = cli("schema", "check", str(s), "--workload", str(q), "--format", "json")
    assert res.code == 1
    assert [(d["rule"], d["path"], d["line"]) for d in json.loads(res.out)] == \
        [("AK-SQL001", str(q), 3)]


def test_the_pre_commit_hook_checks_the_whole_schema():
    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load(
        (Path(__file__).parents[1] / ".pre-commit-hooks.yaml").read_text())}
    hook = hooks["archkit-schema-check"]
    assert hook["entry"] == "archkit schema check" and hook["pass_filenames"] is False


@pytest.mark.parametrize("args, message", [
    (("--select", "NOPE"), "NOPE names no rule"),
    (("--ignore", "AK-TY9"), "did you mean AK-TY009?"),
    (("--select", "AK-SVC001"), "AK-SVC001 names boundaries rules; this command reports "
                                "schema rules"),
])
def test_select_or_ignore_naming_no_rule_is_a_usage_error(cli, args, message):
    # a typo in CI would otherwise select nothing and pass
    res = cli("schema", "check", str(SAKILA / "postgres-schema.sql"), *args)
    assert res.code == 2 and message in res.err and len(res.err.strip().splitlines()) == 1


@pytest.mark.parametrize("value", ["nan", "0", "-1", "inf", "soon"])
def test_erd_timeout_must_be_seconds_above_zero(cli, tmp_path, value):
    res = cli("schema", "erd", str(SAKILA / "postgres-schema.sql"), "--timeout", value,
              "-o", str(tmp_path / "x.svg"))
    assert res.code == 2 and "--timeout" in res.err and "Traceback" not in res.err
    assert not (tmp_path / "x.svg").exists()


def test_unknown_dialect_from_archkit_toml_points_at_its_line(cli, tmp_path):
    (tmp_path / "archkit.toml").write_text('[workspace]\nname = "x"\n\n[schema]\ndialect = "nosuch"\n')
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "a.sql").write_text("CREATE TABLE t (id int PRIMARY KEY);\n")
    res = cli("schema", "check", cwd=tmp_path)
    # named as the schema files are: relative to where archkit runs, not /tmp/.../archkit.toml
    assert res.code == 2 and res.err.startswith("archkit.toml:5:")
    assert "unknown dialect 'nosuch'" in res.err


def test_stdin_filename_names_what_the_standard_input_holds(cli, tmp_path):
    """An editor or hook pipes a buffer: findings, JSON and SARIF name the file it is
    (SARIF said "%3Cstdin%3E" under %SRCROOT%, a file no repository has; scout AR)."""
    (tmp_path / "schema").mkdir()
    (tmp_path / "archkit.toml").write_text('[rules]\nAK-PK003 = "off"\n')
    sql = "CREATE TABLE t (id int PRIMARY KEY, c_id int REFERENCES t2);\n"
    res = cli("schema", "check", "-", "--stdin-filename", "schema/001.sql", "--format",
              "sarif", cwd=tmp_path, input=sql)
    results = json.loads(res.out)["runs"][0]["results"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in results} == {"schema/001.sql"}
    assert "AK-PK003" not in {r["ruleId"] for r in results}   # its archkit.toml applies
    res = cli("schema", "check", "-", "--stdin-filename", "schema/001.sql", cwd=tmp_path,
              input=sql)
    assert res.out.startswith("schema/001.sql:1:")
    res = cli("schema", "check", "-", "--format", "sarif", cwd=tmp_path, input=sql)
    assert "give --stdin-filename PATH" in res.err and json.loads(res.out)["runs"]
    res = cli("schema", "check", "schema.sql", "--stdin-filename", "x.sql", cwd=tmp_path)
    assert res.code == 2 and "give '-' among the files" in res.err
