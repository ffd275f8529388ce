"""The command line as users run it: real subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_help_and_version(cli):
    res = cli("--help")
    assert res.code == 0
    for cmd in ("init", "run", "rules", "decide", "boundaries", "schema", "adr"):
        assert cmd in res.out
    v = cli("--version")
    assert v.code == 0 and v.out.startswith("archkit ")


def test_no_command_prints_help_and_exits_2(cli):
    res = cli()
    assert res.code == 2 and "usage:" in res.err


def test_usage_error_is_one_line_exit_2(cli):
    res = cli("run")
    assert res.code == 2 and "Traceback" not in res.err
    assert len(res.err.strip().splitlines()) == 1


def test_debug_adds_the_traceback_but_keeps_the_exit_code(cli, tmp_path):
    missing = str(tmp_path / "nonexistent.yaml")
    plain = cli("decide", missing)
    assert plain.code == 2 and "Traceback" not in plain.err
    dbg = cli("--debug", "decide", missing)
    assert dbg.code == 2 and "Traceback" in dbg.err
    assert dbg.err.strip().splitlines()[-1] == plain.err.strip()


def test_output_in_an_impossible_place_exits_2_naming_it(cli, tmp_path):
    blocker = tmp_path / "plain-file"
    blocker.write_text("")
    out = blocker / "site.html"
    res = cli("init", str(blocker / "ws"))
    assert res.code == 2 and "Traceback" not in res.err and "internal error" not in res.err
    assert str(blocker / "ws") in res.err
    ws = tmp_path / "ws"
    assert cli("init", str(ws), "--example", "shopfront").code == 0
    res = cli("boundaries", "render", str(ws / "services.yaml"), "-o", str(out))
    assert res.code == 2 and str(out) in res.err and ".tmp" not in res.err
    assert len(res.err.strip().splitlines()) == 1


def test_import_archkit_is_light():
    code = ("import sys, archkit; heavy = [m for m in ('pandas', 'numpy', 'sqlglot', 'diagrams', "
            "'matplotlib', 'networkx', 'ipywidgets', 'yaml', 'jinja2') if m in sys.modules]; "
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout.strip()
    assert out == "", f"import archkit pulled in heavy modules: {out}"


def test_help_does_not_import_heavy_modules():
    code = ("import sys\nfrom archkit.cli import build_parser\nbuild_parser()\n"
            "print(','.join(m for m in ('pandas', 'numpy', 'sqlglot', 'diagrams', 'matplotlib',"
            " 'networkx', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout.strip()
    assert out == "", f"archkit --help imports {out}"


def test_init_empty_workspace(cli, tmp_path):
    ws = tmp_path / "ws"
    res = cli("init", str(ws))
    assert res.code == 0
    assert (ws / "archkit.toml").is_file() and (ws / "decisions").is_dir()
    (ws / "archkit.toml").write_text("# mine\n")
    again = cli("init", str(ws))
    assert again.code == 0 and "kept existing" in again.err
    assert (ws / "archkit.toml").read_text() == "# mine\n"


def test_init_example_copies_every_input(cli, tmp_path):
    ws = tmp_path / "shop"
    assert cli("init", str(ws), "--example", "shopfront").code == 0
    for rel in ("archkit.toml", "services.yaml", "decisions", "schema", "workload",
                "docs/decisions/0001-record-architecture-decisions.md"):
        assert (ws / rel).exists(), rel


def test_run_on_a_folder_with_no_inputs_exits_2_and_writes_nothing(cli, tmp_path):
    out = tmp_path / "out"
    res = cli("run", str(tmp_path), "--out", str(out))
    assert res.code == 2 and "no inputs found" in res.err and "Traceback" not in res.err
    assert not out.exists()


def test_run_on_a_missing_folder(cli, tmp_path):
    res = cli("run", str(tmp_path / "nope"))
    assert res.code == 2 and res.err.count("\n") == 1 and "no such workspace" in res.err


def test_run_example_writes_summaries(cli, example_copy: Path, tmp_path):
    out = tmp_path / "out"
    res = cli("run", str(example_copy), "--out", str(out))
    assert res.code in (0, 1), res.err
    summary = json.loads((out / "summary.json").read_text())
    names = [s["name"] for s in summary["steps"]]
    assert names[0] == "decisions"
    for step in summary["steps"]:
        assert set(step["counts"]) == {"error", "warning", "info"}
        for f in step["files"]:
            assert (out / f).exists(), f
    md = (out / "summary.md").read_text()
    assert md.startswith("# archkit summary: shopfront")
    never = cli("run", str(example_copy), "--out", str(out), "--fail-on", "never")
    assert never.code == 0
    js = cli("run", str(example_copy), "--out", str(out), "--format", "json")
    assert json.loads(js.out)["workspace"] == "shopfront"


def test_python_dash_m_matches_console_script():
    exe = Path(sys.executable).parent / "archkit"
    if not exe.exists():  # running without the console script installed
        return
    a = subprocess.run([str(exe), "--version"], capture_output=True, text=True)
    assert a.returncode == 0 and a.stdout.startswith("archkit ")


def test_every_output_option_is_spelt_dash_o_or_out(cli):
    # one spelling across commands: -o/--out
    for cmd in (("run",), ("boundaries", "render"), ("schema", "erd"), ("adr", "graph"),
                ("adr", "site")):
        res = cli(*cmd, "--help")
        assert res.code == 0 and "-o OUT, --out OUT" in res.out, (cmd, res.out)


def test_run_writes_every_steps_findings_and_counts_the_log_it_leaves(cli, example_copy: Path,
                                                                      tmp_path):
    # the boundaries and decisions findings were counted in summary.md but listed nowhere,
    # and the ADR log was counted before the drafts were added (scout AC)
    toml = example_copy / "archkit.toml"
    toml.write_text(toml.read_text().replace("[rules]\n", '[rules]\nAK-SVC019 = "off"\n', 1))
    out = tmp_path / "out"
    cli("run", str(example_copy), "--out", str(out))
    printed = json.loads(cli("boundaries", "check", str(example_copy / "services.yaml"),
                             "--format", "json", cwd=example_copy).out)
    written = json.loads((out / "boundaries" / "findings.json").read_text())
    assert [f["rule"] for f in written] == [f["rule"] for f in printed] and written
    assert {f["path"] for f in written} == {"services.yaml"}
    assert not any(f["rule"] == "AK-SVC019" for f in written)        # [rules] off
    assert json.loads((out / "decisions" / "findings.json").read_text()) == []
    md = (out / "summary.md").read_text()
    assert "| error | AK-SVC002 shared-database | services.yaml:73:3 | shop-db |" in md
    records = len(list((example_copy / "docs" / "decisions").glob("0*.md")))
    assert f"ADR log `docs/decisions`: {records} records;" in md


def test_every_command_says_what_it_is_and_what_debug_does(cli):
    # 'init --debug', 'rules --debug' had no help; 'schema check' no description (scout AC)
    for cmd in (("init",), ("run",), ("rules",), ("decide",), ("boundaries", "check"),
                ("boundaries", "render"), ("schema", "check"), ("schema", "erd"),
                ("adr", "list"), ("adr", "new")):
        out = cli(*cmd, "--help").out
        assert "--debug     " in out or "--debug  " in out, cmd
        assert "show tracebacks for errors" in out, cmd
        body = out.split("\n\n", 1)[1]
        assert not body.startswith(("positional arguments", "options")), cmd
