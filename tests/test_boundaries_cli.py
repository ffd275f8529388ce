"""`archkit boundaries check` and the `archkit run` step, as users run them."""

from __future__ import annotations

import json
from pathlib import Path

from archkit.run import run_workspace


def test_check_the_example_text(cli, example_copy: Path):
    res = cli("boundaries", "check", "services.yaml", cwd=example_copy)
    assert res.code == 1                                   # errors present
    assert "services.yaml:" in res.out and "AK-SVC002 error" in res.out
    assert "errors" in res.out.rstrip().splitlines()[-1]


def test_check_json_is_only_json(cli, example_copy: Path):
    res = cli("boundaries", "check", "services.yaml", "--format", "json", cwd=example_copy)
    data = json.loads(res.out)
    assert {d["rule"] for d in data} >= {"AK-SVC001", "AK-SVC004", "AK-SVC010"}
    assert set(data[0]) == {"rule", "name", "severity", "message", "path", "line", "col",
                            "object", "hint"}


def test_select_ignore_and_fail_on(cli, example_copy: Path):
    res = cli("boundaries", "check", "services.yaml", "--select", "AK-SVC018", cwd=example_copy)
    assert res.code == 0
    res = cli("boundaries", "check", "services.yaml", "--select", "AK-SVC00",
              "--ignore", "AK-SVC002", "--format", "json", cwd=example_copy)
    rules = {d["rule"] for d in json.loads(res.out)}
    assert rules and all(r.startswith("AK-SVC00") for r in rules) and "AK-SVC002" not in rules
    assert cli("boundaries", "check", "services.yaml", "--fail-on", "never",
               cwd=example_copy).code == 0


def test_configuration_next_to_the_model_is_used(cli, example_copy: Path):
    toml = example_copy / "archkit.toml"
    text = toml.read_text().replace("max_sync_chain = 3", "max_sync_chain = 9")
    assert "[rules]\n" in text
    toml.write_text(text.replace("[rules]\n", '[rules]\nAK-SVC016 = "off"\n'))
    res = cli("boundaries", "check", "services.yaml", "--format", "json", cwd=example_copy)
    rules = {d["rule"] for d in json.loads(res.out)}
    assert "AK-SVC004" not in rules and "AK-SVC016" not in rules and "AK-SVC010" in rules


def test_bad_model_exits_2_with_position(cli, tmp_path: Path):
    bad = tmp_path / "services.yaml"
    bad.write_text("system: s\nservices:\n  a: {}\nedges:\n  - {from: a, to: ghost}\n")
    res = cli("boundaries", "check", str(bad))
    assert res.code == 2 and "Traceback" not in res.err
    assert res.err.strip().startswith(f"{bad}:5:19:") and "ghost" in res.err
    missing = cli("boundaries", "check", str(tmp_path / "nope.yaml"))
    assert missing.code == 2 and "no such file" in missing.err


def test_run_step_reports_budgets_and_writes_tables(example_copy: Path):
    summary = run_workspace(example_copy, progress=False)
    step = summary.step("boundaries")
    assert step.status == "findings"
    assert any(f.rule == "AK-SVC013" for f in step.report)
    assert step.data["headline"][0].startswith("Shopfront: 12 services")
    assert any(line.startswith("web: availability") for line in step.data["headline"])
    md = (example_copy / "build" / "summary.md").read_text()
    assert "### Entry points" in md and "| web |" in md and "### Coupling per service" in md
    assert (example_copy / "build" / "boundaries" / "metrics.csv").read_text().startswith("service,")
    data = json.loads((example_copy / "build" / "summary.json").read_text())
    b = next(s for s in data["steps"] if s["name"] == "boundaries")
    assert b["data"]["system"]["cycles"] == [["orders", "customers"]]


def test_run_with_a_bad_model_writes_nothing(cli, example_copy: Path):
    (example_copy / "services.yaml").write_text("system: s\nservices:\n  a: {availability: 2}\n")
    res = cli("run", str(example_copy))
    assert res.code == 2 and "services.yaml:3" in res.err
    assert not (example_copy / "build").exists()
