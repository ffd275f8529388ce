"""`archkit boundaries check` and the `archkit run` step, as users run them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
    assert step.status == "fails"       # (errors: at or above --fail-on error)
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


# -- capacity in `archkit run` ([capacity] in archkit.toml) ------------------------------
def _set_capacity(ws: Path, body: str) -> None:
    toml = ws / "archkit.toml"
    text = toml.read_text()
    head, sep, _rest = text.partition("[capacity]")
    assert sep, "the example configures [capacity]"
    toml.write_text(head + "[capacity]\n" + body)


def test_run_step_sizes_replicas_for_the_configured_load(example_copy: Path):
    summary = run_workspace(example_copy, progress=False)
    step = summary.step("boundaries")
    line = next(h for h in step.data["headline"] if h.startswith("capacity at 200 req/s"))
    short = [r for r in step.data["capacity"] if not r["enough"]]
    assert short and all(r["replicas_needed"] > r["replicas"] for r in short)
    assert f"{len(short)} service(s) short of replicas" in line
    assert f"{short[0]['service']} needs {short[0]['replicas_needed']}" in line
    csv = (example_copy / "build" / "boundaries" / "capacity.csv").read_text().splitlines()
    assert csv[0].startswith("service,rate_rps,") and len(csv) == len(step.data["capacity"]) + 1
    md = (example_copy / "build" / "summary.md").read_text()
    assert "### Capacity" in md and "mean queueing under 10 ms" in md
    # the same numbers as the Python API
    model = step.objects["model"]
    assert model.capacity(200, max_wait_ms=10)["replicas_needed"].tolist() == \
        [r["replicas_needed"] for r in step.data["capacity"]]


def test_run_step_capacity_per_entry_point_and_response_target(example_copy: Path):
    _set_capacity(example_copy, "rate_rps = {web = 10, api-gateway = 0}\n"
                                "quantile = 0.99\nmax_response_ms = 500\n")
    step = run_workspace(example_copy, progress=False).step("boundaries")
    line = next(h for h in step.data["headline"] if h.startswith("capacity at"))
    assert line == ("capacity at web 10 req/s, api-gateway 0 req/s: every service has enough "
                    "replicas (p99 response under 500 ms)")
    rates = {r["service"]: r["rate_rps"] for r in step.data["capacity"]}
    assert rates["web"] == 10


def test_run_step_without_a_rate_explains_how_to_get_capacity(example_copy: Path):
    toml = example_copy / "archkit.toml"
    toml.write_text(toml.read_text().partition("[capacity]")[0])
    step = run_workspace(example_copy, progress=False).step("boundaries")
    assert step.data["capacity"] is None
    assert not (example_copy / "build" / "boundaries" / "capacity.csv").exists()
    assert "Set `[capacity] rate_rps`" in (example_copy / "build" / "summary.md").read_text()


@pytest.mark.parametrize("body, message, key", [
    ("rate_rps = -5\n", "[capacity] rate_rps = -5: use a number > 0", "rate_rps"),
    ("rate_rps = 100\nmax_wait = 3\n", "[capacity] unknown key 'max_wait'", "max_wait"),
    ("rate_rps = {shop = 5}\n", "rate_rps names 'shop', which is not an entry point", "shop"),
    ("rate_rps = 100\nquantile = 0.99\n", "quantile and max_response_ms go together",
     "quantile"),
    ("rate_rps = 100\nconcurrency = 0\n", "concurrency = 0: use a whole number >= 1",
     "concurrency"),
    ("rate_rps = 100\nmax_utilisation = 1.5\n", "max_utilisation = 1.5: use a number > 0 and <= 1",
     "max_utilisation"),
])
def test_bad_capacity_settings_name_the_line_and_write_nothing(cli, example_copy: Path,
                                                               body, message, key):
    _set_capacity(example_copy, body)
    res = cli("run", str(example_copy))
    assert res.code == 2, res.err
    assert message in res.err and "Traceback" not in res.err
    lines = (example_copy / "archkit.toml").read_text().splitlines()
    section = lines.index("[capacity]")
    line = next(i for i, text in enumerate(lines, 1) if i > section and key in text)
    assert f"archkit.toml:{line}:" in res.err
    assert not (example_copy / "build").exists()


def test_a_config_error_points_at_the_key_inside_its_section(tmp_path: Path):
    from archkit.workspace import Workspace

    (tmp_path / "archkit.toml").write_text(
        '[slo]\np95_ms = 100   # quantile targets live in [capacity]\n\n'
        '[capacity]\nrate_rps = 100\nquantile = 0.99\n\n[rules]\n')
    ws = Workspace.open(tmp_path)
    err = ws.config_error("capacity", "quantile", "quantile and max_response_ms go together")
    assert (err.path, err.line) == (str(tmp_path / "archkit.toml"), 6)
    assert err.message.startswith("[capacity] quantile and")
    assert ws.config_error("capacity", "max_wait_ms", "x").line == 4   # not written: header


def test_check_help_gives_select_examples_of_its_own_rules(cli):
    res = cli("boundaries", "check", "--help")
    assert res.code == 0
    text = " ".join(res.out.split())
    assert "e.g. AK-SVC001,AK-SVC004" in text and "AK-IX" not in text and "AK-FK" not in text


def test_select_of_another_areas_rule_is_a_usage_error(cli, example_copy: Path):
    res = cli("boundaries", "check", str(example_copy / "services.yaml"), "--select", "AK-IX006")
    assert res.code == 2 and "AK-IX006 names schema rules" in res.err
    ok = cli("boundaries", "check", str(example_copy / "services.yaml"), "--select",
             "AK-SVC004,AK-SUP", "--fail-on", "never")
    assert ok.code == 0, ok.err


def test_config_names_a_file_or_a_folder_that_holds_one(cli, example_copy: Path, tmp_path: Path):
    # as run, decide and schema check take it; an error names the file it read
    other = tmp_path / "team"
    other.mkdir()
    (other / "archkit.toml").write_text("[boundaries]\nmax_sync_chain = 1\n[rules]\n"
                                        "AK-SVC010 = \"off\"\n")
    for given in (other, other / "archkit.toml"):
        res = cli("boundaries", "check", "services.yaml", "--config", str(given),
                  "--format", "json", cwd=example_copy)
        rules = {d["rule"] for d in json.loads(res.out)}
        assert "AK-SVC010" not in rules and "AK-SVC004" in rules, given
    empty = tmp_path / "empty"
    empty.mkdir()
    res = cli("boundaries", "check", "services.yaml", "--config", str(empty), cwd=example_copy)
    assert res.code == 2 and "Traceback" not in res.err and str(empty) in res.err
    (other / "archkit.toml").write_text("[boundaries]\nmax_sync_chain = 'x'\n")
    res = cli("boundaries", "check", "services.yaml", "--config", str(other), cwd=example_copy)
    assert res.code == 2 and str(other / "archkit.toml") in res.err, res.err
