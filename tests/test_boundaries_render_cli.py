"""``archkit boundaries render`` as users run it: real subprocesses, real Graphviz."""

from __future__ import annotations

import html
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from archkit.commands.boundaries_render import output_format
from archkit.errors import InputError
from tests.conftest import ROOT


def red_ids(svg: str) -> set[str]:
    root = ET.fromstring(svg.encode())
    return {g.get("id") for g in root.iter("{http://www.w3.org/2000/svg}g")
            if {"archkit-error", "archkit-warning"} & set((g.get("class") or "").split())}


@pytest.fixture
def services(example_copy):
    return example_copy / "services.yaml"


def test_svg_with_findings_outlined(cli, services, tmp_path):
    out = tmp_path / "c.svg"
    r = cli("boundaries", "render", str(services), "-o", str(out))
    assert r.code == 0, r.err
    svg = out.read_text()
    assert svg.startswith("<?xml") and "site-packages" not in svg
    assert "AK-SVC002" in html.unescape(svg)                        # shop-db is shared
    assert "store_shop_db" in red_ids(svg)
    r = cli("boundaries", "render", str(services), "-o", str(out), "--no-findings")
    assert red_ids(out.read_text()) == set()


@pytest.mark.parametrize("suffix,start", [(".dot", "digraph"), (".mmd", "---"),
                                          (".dsl", "workspace"), (".png", "\x89PNG")])
def test_format_from_the_suffix(cli, services, tmp_path, suffix, start):
    out = tmp_path / f"d{suffix}"
    r = cli("boundaries", "render", str(services), "--view", "context", "-o", str(out))
    assert r.code == 0, r.err
    assert out.read_bytes().decode("latin-1").startswith(start)


def test_stdout_and_options(cli, services):
    r = cli("boundaries", "render", str(services), "--format", "mermaid", "--focus",
            "checkout", "--hops", "1", "--no-async", "--group-by", "team")
    assert r.code == 0, r.err
    assert "svc_checkout" in r.out and "svc_web" in r.out
    assert "svc_notifications" not in r.out and "-.->" not in r.out
    assert "(team)" in r.out


def test_output_format_rules():
    assert output_format(None, None) == "svg"
    assert output_format(None, "x.GV") == "dot"
    assert output_format("png", "x.svg") == "png"                  # --format wins
    with pytest.raises(InputError, match="cannot tell the format"):
        output_format(None, "diagram.pdf")


@pytest.mark.parametrize("args,message", [
    (["-o", "x.pdf"], "cannot tell the format from the suffix '.pdf'"),
    (["--focus", "chekout"], "did you mean checkout"),
    (["--hops", "-1", "--focus", "web"], "--hops must be 0 or more"),
])
def test_bad_input_is_one_line_and_exit_2(cli, services, tmp_path, args, message):
    r = cli("boundaries", "render", str(services), *args, cwd=tmp_path)
    assert r.code == 2 and message in r.err
    assert "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1


def test_bad_yaml_names_file_and_line(cli, tmp_path):
    f = tmp_path / "services.yaml"
    f.write_text("system: S\nservices:\n  a: {}\nedges:\n  - {from: a, to: nowhere}\n")
    r = cli("boundaries", "render", str(f), "-o", str(tmp_path / "x.svg"))
    assert r.code == 2 and "services.yaml:5" in r.err and "nowhere" in r.err
    assert not (tmp_path / "x.svg").exists()


def test_missing_graphviz_gives_the_install_command(services, tmp_path):
    bindir = tmp_path / "bin"              # a PATH with python but without Graphviz
    bindir.mkdir()
    (bindir / "python").symlink_to(sys.executable)
    env = {**os.environ, "PATH": str(bindir), "PYTHONPATH": str(ROOT)}
    out = tmp_path / "x.svg"
    proc = subprocess.run([sys.executable, "-m", "archkit", "boundaries", "render",
                           str(services), "-o", str(out)], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert proc.returncode == 2
    assert "apt-get install -y graphviz" in proc.stderr and "brew install graphviz" in proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()
    proc = subprocess.run([sys.executable, "-m", "archkit", "boundaries", "render",
                           str(services), "--format", "mermaid"], capture_output=True,
                          text=True, env=env, timeout=120, check=False)
    assert proc.returncode == 0 and "flowchart LR" in proc.stdout   # no Graphviz needed


def test_run_step_writes_both_diagrams_with_findings(example_copy, monkeypatch, tmp_path):
    from archkit.boundaries import step
    from archkit.run import RunContext
    from archkit.workspace import Workspace

    ctx = RunContext(Workspace.open(example_copy), tmp_path / "out")
    result = step.compute(ctx)
    svgs = {str(o.path): o.data for o in result.outputs if str(o.path).endswith(".svg")}
    assert set(svgs) == {"boundaries/container.svg", "boundaries/context.svg"}
    assert "store_shop_db" in red_ids(svgs["boundaries/container.svg"])
    assert red_ids(svgs["boundaries/context.svg"]) >= {"system"}
    assert "![containers](boundaries/container.svg)" in result.summary_md
    monkeypatch.setenv("PATH", str(tmp_path))             # no Graphviz: the step still runs
    result = step.compute(ctx)
    assert not [o for o in result.outputs if str(o.path).endswith(".svg")]
    assert any("diagrams skipped" in line and "apt-get install" in line
               for line in result.data["headline"])


def test_rule_levels_from_the_config_decide_what_is_red(cli, services, tmp_path):
    cfg = tmp_path / "quiet.toml"
    cfg.write_text('[rules]\nAK-SVC002 = "off"\nAK-SVC003 = "off"\nAK-SVC015 = "off"\n'
                   'AK-SVC004 = "info"\n')
    out = tmp_path / "q.svg"
    r = cli("boundaries", "render", str(services), "-o", str(out), "--config", str(cfg))
    assert r.code == 0, r.err
    assert "store_shop_db" not in red_ids(out.read_text())
    r = cli("boundaries", "render", str(services), "--config", str(tmp_path / "nope.toml"))
    assert r.code == 2 and "no such configuration file" in r.err


@pytest.mark.parametrize("edges, warned", [(500, False), (501, True)])
def test_a_flowchart_mermaid_refuses_is_said(cli, tmp_path, edges, warned):
    # Mermaid refuses a flowchart of more than 500 edges ("Edge limit exceeded", a secure
    # setting no diagram can raise; 500 draws, 501 does not, checked with Mermaid 11.17 in
    # Chromium): the file was written without a word (scout AT)
    n = 40
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)][:edges]
    lines = ["system: Big", "services:", *(f"  s{i:02d}: {{tech: go}}" for i in range(n)),
             "edges:", *(f"  - {{from: s{a:02d}, to: s{b:02d}, protocol: http}}"
                         for a, b in pairs)]
    (tmp_path / "services.yaml").write_text("\n".join(lines) + "\n")
    r = cli("boundaries", "render", "services.yaml", "-o", "big.mmd", "--no-findings",
            cwd=tmp_path)
    assert r.code == 0, r.err
    said = f"archkit: Mermaid will not draw this flowchart of {edges:,} edges (Mermaid " \
           "draws at most 500)"
    assert (said in r.err) is warned
    import re

    assert len(re.findall(r"(?m)^\s+\S+ -->", (tmp_path / "big.mmd").read_text())) == edges
