"""`archkit boundaries metrics`: the entry-point budget, coupling and capacity tables of a
service model from the command line, the same figures `archkit run` writes (a CI user
could read them only through a workspace run or Python; scout AQ)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from archkit.boundaries import load_model
from archkit.boundaries.tables import model_tables
from archkit.cli import main
from archkit.run import run_workspace
from archkit.workspace import Workspace


def metrics(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["boundaries", "metrics", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_gives_each_entry_points_figures_as_the_run_does(example_copy: Path, capsys,
                                                               monkeypatch):
    monkeypatch.chdir(example_copy)
    code, out, _ = metrics(capsys, "services.yaml")
    assert code == 0
    step = next(s for s in run_workspace(example_copy, example_copy.parent / "out",
                                         progress=False).to_json()["steps"]
                if s["name"] == "boundaries")
    entries = out.split("Coupling per service")[0]
    rows = {line.split()[0]: line.split() for line in entries.splitlines()
            if line.startswith(("  web ", "  api-gateway "))}
    assert set(rows) == {"web", "api-gateway"}
    for e in step["data"]["entrypoints"]:
        row = rows[e["entrypoint"]]
        # availability, floor (as percentages) and p95 as the run's summary.json says them
        assert row[1] == f"{e['availability']:.4%}"
        assert row[2] == f"{e['availability_floor']:.4%}"
        assert row[6] == f"{e['p95_ms']:,.0f}"
        assert row[8:10] == ["no", "no"]            # the example misses its SLO on purpose
    assert "SLO: availability 99.9900%, p95 100 ms, p99 1000 ms." in out   # its archkit.toml
    assert "Coupling per service" in out and "longest synchronous path 5 hops" in out
    # [capacity] rate_rps = 200 in the example's archkit.toml: the replicas short of it
    cap = {line.split()[0]: line.split() for line in out.split("Capacity (")[1].splitlines()
           if line.startswith("  ") and line.split()[-1] in ("yes", "no")}
    short = {r["service"] for r in step["data"]["capacity"] if not r["enough"]}
    assert short and {s for s, r in cap.items() if r[-1] == "no"} == short


def test_json_is_what_summary_json_holds(example_copy: Path, capsys):
    code, out, _ = metrics(capsys, str(example_copy / "services.yaml"), "--format", "json")
    assert code == 0
    data = json.loads(out)
    step = next(s for s in run_workspace(example_copy, example_copy.parent / "out",
                                         progress=False).to_json()["steps"]
                if s["name"] == "boundaries")["data"]
    assert data == {k: step[k] for k in ("system", "entrypoints", "metrics", "capacity")}
    code, out, _ = metrics(capsys, str(example_copy / "services.yaml"), "--format", "json",
                           "--table", "services")
    assert json.loads(out) == {"services": step["metrics"]}


def test_rate_sizes_the_replicas_for_that_load(example_copy: Path, capsys):
    model = load_model(example_copy / "services.yaml")
    code, out, _ = metrics(capsys, str(example_copy / "services.yaml"), "--rate", "50",
                           "--table", "capacity", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    want = model.capacity(50, max_wait_ms=10)          # the example's max_wait_ms
    assert [r["service"] for r in rows] == list(want.index)
    assert [int(r["replicas_needed"]) for r in rows] == want["replicas_needed"].tolist()
    # per entry point: the other entry point takes no load
    code, out, _ = metrics(capsys, str(example_copy / "services.yaml"), "--rate", "web=10",
                           "--table", "capacity", "--format", "csv")
    rows = {r["service"]: r for r in csv.DictReader(io.StringIO(out))}
    assert "api-gateway" not in rows and float(rows["web"]["rate_rps"]) == 10.0


def test_without_a_load_capacity_says_how_to_get_one(tmp_path: Path, example_copy: Path,
                                                     capsys):
    model = tmp_path / "services.yaml"         # no archkit.toml next to it: no [capacity]
    model.write_text((example_copy / "services.yaml").read_text())
    code, out, _ = metrics(capsys, str(model))
    assert code == 0
    assert out.rstrip().splitlines()[-1] == (
        "Capacity: give --rate RPS (or [capacity] rate_rps in archkit.toml) to see the "
        "replicas each service needs.")
    assert "SLO: availability 99.9900%, p95 100 ms, p99 1000 ms." in out   # the default
    code, out, err = metrics(capsys, str(model), "--table", "capacity")
    assert code == 2 and "no load to size for: give --rate RPS" in err


@pytest.mark.parametrize("args, message", [
    (["--rate", "lots"], "--rate lots: use a number of requests per second > 0 and <= 1e+09"),
    (["--rate", "0"], "--rate 0: use a number of requests per second > 0 and <= 1e+09"),
    (["--rate", "-1"], "--rate -1: use a number of requests per second > 0 and <= 1e+09"),
    (["--rate", "web=-1"], "--rate web=-1: use a number of requests per second >= 0 and "
                           "<= 1e+09"),
    (["--rate", "1e300"], "--rate 1e300: use a number of requests per second > 0 and "
                          "<= 1e+09"),
    (["--rate", "web=2e9"], "--rate web=2e9: use a number of requests per second >= 0 and "
                            "<= 1e+09"),
    (["--rate", "checkout=5"], "--rate checkout=5: 'checkout' is not an entry point "
                               "(entry points: web, api-gateway)"),
    (["--rate", "web=5", "--rate", "9"], "--rate 9: give one number for every entry point"),
    (["--format", "csv"], "--format csv prints one table: add --table "
                          "entrypoints|services|capacity"),
])
def test_bad_options_are_one_line_and_exit_2(example_copy: Path, capsys, args, message):
    code, out, err = metrics(capsys, str(example_copy / "services.yaml"), *args)
    assert code == 2 and out == ""
    assert err.startswith("archkit: error: " + message) and len(err.splitlines()) == 1


def test_a_bad_capacity_setting_names_its_line(example_copy: Path, capsys):
    toml = example_copy / "archkit.toml"
    toml.write_text(toml.read_text().replace("max_wait_ms = 10", "max_wait_ms = -1"))
    line = toml.read_text().splitlines().index("max_wait_ms = -1") + 1
    code, _, err = metrics(capsys, str(example_copy / "services.yaml"), "--rate", "5")
    assert code == 2
    assert err.strip() == f"{toml}:{line}:1: [capacity] max_wait_ms = -1: use a number > 0"


def test_as_users_run_it(cli, example_copy: Path, tmp_path: Path):
    res = cli("boundaries", "metrics", "services.yaml", "--format", "markdown",
              "-o", str(tmp_path / "m.md"), cwd=example_copy)
    assert res.code == 0 and res.out == ""
    md = (tmp_path / "m.md").read_text()
    t = model_tables(load_model(example_copy / "services.yaml"),
                     *(Workspace.open(example_copy).section(s)
                       for s in ("boundaries", "slo", "capacity")))
    from archkit.boundaries.tables import tables_markdown

    assert md == "\n".join(tables_markdown(t))       # (ends in one newline)
    res = cli("boundaries", "metrics", "nowhere.yaml", cwd=tmp_path)
    assert res.code == 2 and "Traceback" not in res.err and "nowhere.yaml" in res.err
