"""``archkit run DIR`` takes the options every checker takes: ``--select`` / ``--ignore``
(rule ids or prefixes; only those rules are reported, in every step's findings.json, in
summary.md and summary.json, on screen, in SARIF and in the exit code, and only their
suppressions are judged, AK-SUP003) and ``--config FILE`` (that archkit.toml instead of
DIR's)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archkit.cli import main

# one suppression per area that silences nothing: AK-SUP003 three times, unless the rule
# it names is left out of the run
SCHEMA = ("CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);\n"
          "CREATE TABLE audit_log (id bigint PRIMARY KEY, note text);"
          "  -- archkit: ignore[AK-PK001] append-only log\n"
          "CREATE TABLE orders (id bigint PRIMARY KEY,\n"
          "  customer_id bigint NOT NULL REFERENCES customers (id));\n")       # AK-IX006
SERVICES = ("system: t\nservices:\n  a:\n    ignore: [{rule: AK-SVC004, reason: batch path}]\n"
            "  b: {}\nedges:\n  - {from: a, to: b, protocol: grpc, timeout_ms: 100}\n")
DECISION = ("title: t\nscale: [1, 5]\ncriteria:\n  - {name: cost, weight: 1}\n"
            "  - {name: speed, weight: 1}\noptions:\n  X: {cost: 1, speed: 5}\n"
            "  Y: {cost: 5, speed: 1}\nignore:\n  - {rule: AK-DEC004, reason: kept for "
            "comparison}\n")
UNUSED = {"AK-PK001", "AK-SVC004", "AK-DEC004"}     # what the AK-SUP003 findings name


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    (ws / "schema").mkdir(parents=True)
    (ws / "decisions").mkdir()
    (ws / "schema" / "001.sql").write_text(SCHEMA)
    (ws / "services.yaml").write_text(SERVICES)
    (ws / "decisions" / "m.yaml").write_text(DECISION)
    return ws


def run(ws: Path, out: Path, capsys, *options: str) -> tuple[int, str]:
    code = main(["run", str(ws), "--out", str(out), *options])
    return code, capsys.readouterr().out


def written(out: Path) -> dict[str, list[str]]:
    """Each step's findings.json, as its rule ids."""
    return {step: sorted(f["rule"] for f in json.loads((out / step / "findings.json")
                                                       .read_text()))
            for step in ("decisions", "boundaries", "schema")}


def sarif_rules(text: str) -> list[str]:
    return sorted(r["ruleId"] for r in json.loads(text)["runs"][0]["results"])


def test_run_select_reports_only_those_rules_everywhere(ws, tmp_path, capsys):
    out = tmp_path / "out"
    code, text = run(ws, out, capsys)
    assert code == 0 and {"AK-IX006", "AK-SUP003", "AK-SVC009", "AK-DEC003"} <= set(
        sum(written(out).values(), []))
    code, text = run(ws, out, capsys, "--select", "AK-IX", "--fail-on", "warning")
    assert code == 1                                        # the AK-IX006 warning
    assert written(out) == {"decisions": [], "boundaries": [], "schema": ["AK-IX006"]}
    steps = {s["name"]: s["counts"] for s in
             json.loads((out / "summary.json").read_text())["steps"]}
    assert steps["schema"] == {"error": 0, "warning": 1, "info": 0}
    assert steps["boundaries"] == steps["decisions"] == {"error": 0, "warning": 0, "info": 0}
    assert "boundaries   ok        0 errors, 0 warnings, 0 info" in text
    # (the warning fails the run: --fail-on warning)
    assert "schema       fails     0 errors, 1 warning, 0 info" in text
    md = (out / "summary.md").read_text()
    assert "AK-IX006" in md and not any(r in md for r in ("AK-SVC", "AK-DEC", "AK-SUP"))
    code, text = run(ws, out, capsys, "--select", "AK-IX", "--format", "sarif")
    assert code == 0 and sarif_rules(text) == ["AK-IX006"]
    # prefixes and comma lists, any area's rules, as the checkers take them
    code, text = run(ws, out, capsys, "--select", "ak-dec007, AK-SVC00", "--format", "sarif",
                     "--fail-on", "warning")
    assert sarif_rules(text) == ["AK-DEC007", "AK-DEC007", "AK-SVC009"] and code == 1
    code, text = run(ws, out, capsys, "--select", "AK-DEC007", "--fail-on", "warning")
    assert code == 0                                        # info only
    code, text = run(ws, out, capsys, "--ignore", "AK-SVC,AK-DEC,AK-SUP", "--format", "json")
    assert [s["counts"] for s in json.loads(text)["steps"][:3]] == [
        {"error": 0, "warning": 0, "info": 0}, {"error": 0, "warning": 0, "info": 0},
        {"error": 0, "warning": 1, "info": 0}]


@pytest.mark.parametrize("options, judged", [
    ((), UNUSED),
    (("--ignore", "AK-PK001,AK-SVC004"), {"AK-DEC004"}),
    (("--select", "AK-IX,AK-SUP,AK-DEC"), {"AK-DEC004"}),
    (("--ignore", "AK-SUP003"), set()),
])
def test_run_judges_only_the_suppressions_of_the_rules_it_reports(ws, tmp_path, capsys,
                                                                  options, judged):
    # a suppression of a rule --select / --ignore leave out silences nothing because the
    # rule did not run: no AK-SUP003, in any step (as boundaries check, schema check and
    # decide judge them)
    code, text = run(ws, tmp_path / "out", capsys, *options, "--format", "sarif")
    results = json.loads(text)["runs"][0]["results"]
    named = {r["message"]["text"].split()[2] for r in results if r["ruleId"] == "AK-SUP003"}
    assert named == judged


def test_run_select_and_ignore_take_only_rule_ids(cli, ws, tmp_path):
    res = cli("run", str(ws), "--out", str(tmp_path / "out"), "--select", "AK-XX")
    assert res.code == 2 and res.err.count("\n") == 1 and "AK-XX names no rule" in res.err
    assert "Traceback" not in res.err and not (tmp_path / "out").exists()
    res = cli("run", str(ws), "--ignore", "AK-PK001,")
    assert res.code == 0, res.err                           # an empty item is no id


def test_run_config_is_used_instead_of_the_workspace_archkit_toml(ws, tmp_path, capsys):
    (ws / "archkit.toml").write_text('[rules]\nAK-IX006 = "off"\n')
    other = tmp_path / "team.toml"
    other.write_text('[workspace]\nname = "elsewhere"\n\n[rules]\nAK-IX006 = "error"\n')
    out = tmp_path / "out"
    code, _ = run(ws, out, capsys)
    assert code == 0 and "AK-IX006" not in written(out)["schema"]
    code, text = run(ws, out, capsys, "--config", str(other), "--format", "json")
    assert code == 1                                        # AK-IX006, an error there
    assert json.loads(text)["workspace"] == "elsewhere"
    [f] = [f for f in json.loads((out / "schema" / "findings.json").read_text())
           if f["rule"] == "AK-IX006"]
    assert f["severity"] == "error" and f["path"] == "schema/001.sql"
    # with --select too: the file's levels for the rules kept
    code, text = run(ws, out, capsys, "--config", str(other), "--select", "AK-IX",
                     "--format", "sarif")
    assert code == 1 and sarif_rules(text) == ["AK-IX006"]


def test_run_config_errors_name_that_file(cli, ws, tmp_path):
    out = tmp_path / "out"
    res = cli("run", str(ws), "--out", str(out), "--config", "missing.toml", cwd=tmp_path)
    assert (res.code, res.err) == (2, "missing.toml: no such configuration file\n")
    assert not out.exists()
    (tmp_path / "team.toml").write_text("[capacity]\nrate_rps = {nosuch = 5}\n")
    res = cli("run", str(ws), "--out", str(out), "--config", "team.toml", cwd=tmp_path)
    # a value the run rejects is shown where it is: in the file given, not DIR/archkit.toml
    assert res.code == 2 and res.err.startswith("team.toml:2:13: [capacity] rate_rps"), res.err
    assert res.err.count("\n") == 1 and not out.exists()


# -- what a CI log and a CI tool read (scout AR) -------------------------------------------
def test_run_says_why_it_fails_in_its_log_and_its_summary(ws, tmp_path, capsys, monkeypatch):
    """The console named counts only: a CI log had no path:line:col to point at, every
    step said ok while --fail-on info failed the run, and summary.json had no verdict."""
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    code, text = run(ws, out, capsys, "--fail-on", "info", "--select", "AK-DEC007")
    lines = text.splitlines()
    assert code == 1
    # a step with a finding at or above the threshold says so, an info one too
    assert lines[0].startswith("decisions    fails     0 errors, 0 warnings, 2 info")
    assert [line for line in lines if line.startswith("schema ")] == [
        "schema       ok        0 errors, 0 warnings, 0 info; wrote 2 files"]
    # the findings that fail the run, named from here as the single commands name them
    assert [line for line in lines if " AK-DEC007 " in line] == [
        "ws/decisions/m.yaml:7:3: AK-DEC007 info option X has no notes: the ADR will show "
        "its scores without reasons [X]",
        "ws/decisions/m.yaml:8:3: AK-DEC007 info option Y has no notes: the ADR will show "
        "its scores without reasons [Y]"]
    assert lines[-1] == "fails: 2 findings at or above info (--fail-on info)"
    data = json.loads((out / "summary.json").read_text())
    assert (data["fail_on"], data["failing"], data["exit_code"]) == ("info", 2, 1)
    assert "The run fails: 2 findings at or above info (--fail-on info)." in \
        (out / "summary.md").read_text()
    # the default threshold: the same findings pass, and the steps say ok
    code, text = run(ws, out, capsys, "--select", "AK-DEC007")
    assert code == 0 and "AK-DEC007" not in text
    assert text.splitlines()[-1] == "passes: no finding at or above error (--fail-on error)"
    assert all(" ok " in line for line in text.splitlines() if line.startswith(
        ("decisions ", "boundaries ", "schema ")))
    data = json.loads((out / "summary.json").read_text())
    assert (data["fail_on"], data["failing"], data["exit_code"]) == ("error", 0, 0)
    code, text = run(ws, out, capsys, "--fail-on", "never")
    assert code == 0 and text.splitlines()[-1] == "passes: --fail-on never"


def test_run_shows_at_most_fifty_failing_findings(tmp_path, capsys, monkeypatch):
    ws = tmp_path / "ws"
    (ws / "schema").mkdir(parents=True)
    (ws / "schema" / "001.sql").write_text("".join(
        f"CREATE TABLE t{i} (note text);\n" for i in range(60)))        # AK-PK001 x 60
    monkeypatch.chdir(tmp_path)
    code, text = run(ws, tmp_path / "out", capsys)
    lines = text.splitlines()
    assert code == 1 and sum(" AK-PK001 error " in line for line in lines) == 50
    assert f"... and 10 more (all in {tmp_path / 'out' / 'summary.md'})" in lines
    assert lines[-1] == "fails: 60 findings at or above error (--fail-on error)"


def test_run_workspace_refuses_a_threshold_it_does_not_know(ws):
    from archkit.run import run_workspace

    with pytest.raises(ValueError, match="use error, warning, info or never"):
        run_workspace(ws, fail_on="warnings")


def test_summary_json_is_the_same_from_any_folder(ws, monkeypatch):
    """summary.json names the workspace and OUT relative to each other and each decision
    file relative to the workspace: `archkit run ws` from its parent and `archkit run .`
    inside it wrote "ws" / "." and "ws/decisions/m.yaml" / "decisions/m.yaml", so a
    committed build/ changed with the folder the run started in (scout AU)."""
    monkeypatch.chdir(ws.parent)
    main(["run", "ws"])
    main(["run", "ws"])     # (the first drafts the ADR: the second finds it up to date)
    first = (ws / "build" / "summary.json").read_text()
    monkeypatch.chdir(ws / "schema")
    main(["run", ".."])
    assert (ws / "build" / "summary.json").read_text() == first
    data = json.loads(first)
    assert (data["root"], data["out"]) == ("..", "build")
    assert [d["file"] for d in data["steps"][0]["data"]["decisions"]] == ["decisions/m.yaml"]
    main(["run", str(ws), "--out", str(ws.parent / "elsewhere")])
    data = json.loads((ws.parent / "elsewhere" / "summary.json").read_text())
    assert (data["root"], data["out"]) == ("../ws", "../elsewhere")


def test_steps_runs_only_those_and_what_they_read(ws: Path, tmp_path: Path):
    """--steps adr drafts the decisions' ADRs however the rest of the workspace is: a
    YAML slip in services.yaml stopped every run before it (scout AV F18: there was no
    other way from the command line to draft one decision's record)."""
    from tests.conftest import run_cli

    (ws / "services.yaml").write_text("services:\n  a: {}\n   b: {}\n")     # bad YAML
    out = tmp_path / "out"
    assert run_cli("run", str(ws), "-o", str(out)).code == 2
    r = run_cli("run", str(ws), "-o", str(out), "--steps", "adr")
    assert r.code == 0, r.err
    assert [line.split()[0] for line in r.out.splitlines()
            if line and not line.startswith(" ")][:2] == ["decisions", "adr"]
    assert "ADR-0001 drafted: t: " in r.out
    summary = json.loads((out / "summary.json").read_text())
    assert [s["name"] for s in summary["steps"]] == ["decisions", "adr"]
    assert len(list((ws / "docs" / "decisions").glob("0001-t-*.md"))) == 1
    # the steps left out are said, so that OUT's older files are not taken for this
    # run's (summary.md listed only the steps run, beside an earlier run's files)
    assert summary["not_run"] == ["boundaries", "schema"]
    said = ("Not run this time (--steps): boundaries, schema; their files in this folder, "
            "if any, are from an earlier run.")
    assert said in r.out.splitlines()
    assert said in (out / "summary.md").read_text().splitlines()
    # a step on its own, the order the run gives them, not the order named
    r = run_cli("run", str(ws), "-o", str(out), "--steps", "schema,decisions",
                "--format", "json")
    assert [s["name"] for s in json.loads(r.out)["steps"]] == ["decisions", "schema"]
    (ws / "services.yaml").write_text(SERVICES)
    r = run_cli("run", str(ws), "-o", str(out), "--format", "json")
    assert "not_run" not in json.loads(r.out)          # a whole run leaves nothing out
    assert "Not run this time" not in (out / "summary.md").read_text()


@pytest.mark.parametrize("steps, said", [
    ("adrs", "archkit: error: --steps: no step 'adrs' (did you mean 'adr'?): use "
             "decisions, boundaries, schema, adr"),
    ("ADR", "archkit: error: --steps: no step 'ADR' (did you mean 'adr'?): use "
            "decisions, boundaries, schema, adr"),
    (",", "archkit: error: --steps: name one step or more: decisions, boundaries, schema, "
          "adr"),
    ("boundaries", "{ws}: --steps: step 'boundaries' has no input here (boundaries: "
                   "services.yaml)"),
])
def test_steps_that_cannot_run_are_one_line_and_exit_2(ws: Path, tmp_path: Path, steps, said):
    from tests.conftest import run_cli

    (ws / "services.yaml").unlink()
    r = run_cli("run", str(ws), "-o", str(tmp_path / "out"), "--steps", steps)
    assert (r.code, r.err.strip()) == (2, said.format(ws=ws))
    assert not (tmp_path / "out").exists()


def test_the_help_names_every_step():
    from archkit.run import steps
    from tests.conftest import run_cli

    names = [s.name for s in steps()]
    assert all(s.inputs for s in steps())       # (said when --steps names one without)
    help_text = " ".join(run_cli("run", "--help").out.split())
    assert f"(comma-separated: {', '.join(names)})" in help_text
