"""Charts (deterministic SVG text), the decisions step's results for later steps, and
the cheap import of ``archkit.tradeoff``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from archkit.examples import path as example_path
from archkit.tradeoff import DecisionMatrix, charts

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def datastore() -> DecisionMatrix:
    return DecisionMatrix.from_yaml(example_path("shopfront") / "decisions" / "datastore.yaml")


@pytest.mark.parametrize("draw", [charts.ranking_chart, charts.stability_chart,
                                  charts.win_probability_chart])
def test_charts_are_deterministic_svg_with_text(datastore, draw):
    a, b = draw(datastore), draw(datastore)
    assert a == b
    root = ElementTree.fromstring(a)
    assert root.tag.endswith("svg")
    assert "PostgreSQL (managed)" in a  # labels stay text (svg.fonttype none)
    assert "<dc:date>" not in a


def test_ranking_chart_topsis_says_its_normalisation(datastore):
    assert "vector normalisation" in charts.ranking_chart(datastore, method="topsis")
    assert "fixed-scale normalisation" in charts.ranking_chart(datastore)


def test_stability_chart_names_the_challengers(datastore):
    svg = charts.stability_chart(datastore)
    assert "CockroachDB" in svg and "DynamoDB" in svg


def test_quick_svgs_are_well_formed(datastore):
    for svg in (charts.quick_ranking_svg(datastore.rank()),
                charts.quick_stability_svg(datastore.weight_stability())):
        ElementTree.fromstring(svg)


def test_step_hands_matrices_to_later_steps(tmp_path):
    from archkit.run import RunContext
    from archkit.tradeoff.step import STEP
    from archkit.workspace import Workspace

    ws = Workspace.open(example_path("shopfront"))
    assert STEP.order == 10 and STEP.applies(ws)
    result = STEP.compute(RunContext(ws, tmp_path / "out"))
    assert set(result.objects["matrices"]) == {"datastore", "deployment"}
    assert isinstance(result.objects["matrices"]["deployment"], DecisionMatrix)
    assert result.objects["quality"].headline().startswith("quality: 7 scenarios")
    assert result.data["headline"][:2] == [
        "datastore: PostgreSQL (managed) first (0.92), wins 84 % of weightings",
        "deployment: Modular monolith first (0.75), wins 88 % of weightings"]
    paths = sorted(o.path.as_posix() for o in result.outputs)
    assert "decisions/deployment/stability.svg" in paths
    assert "decisions/quality/utility-tree.svg" in paths
    assert not (tmp_path / "out").exists()  # a step computes; run writes


def test_step_stops_on_a_bad_quality_file(tmp_path):
    import shutil

    from archkit.errors import InputError
    from archkit.run import RunContext
    from archkit.tradeoff.step import STEP
    from archkit.workspace import Workspace

    ws_dir = tmp_path / "ws"
    shutil.copytree(example_path("shopfront") / "decisions", ws_dir / "decisions")
    text = (example_path("shopfront") / "quality.yaml").read_text()
    (ws_dir / "quality.yaml").write_text(text.replace("Modular monolith: {P1",
                                                      "Modular monolit: {P1"))
    with pytest.raises(InputError, match="deployment has no option 'Modular monolit'"):
        STEP.compute(RunContext(Workspace.open(ws_dir), tmp_path / "out"))


def test_import_is_cheap():
    code = ("import sys, archkit.tradeoff, archkit.tradeoff.rules, archkit.commands.decide; "
            "print(sorted(m for m in ('numpy', 'pandas', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT)}, check=True).stdout
    assert out.strip() == "[]"


def test_run_without_graphviz_skips_only_the_utility_tree(tmp_path):
    """docs/diagrams.md: without Graphviz the run completes and says what was skipped."""
    import os
    import shutil

    ws = tmp_path / "ws"
    shutil.copytree(example_path("shopfront") / "decisions", ws / "decisions")
    shutil.copy(example_path("shopfront") / "quality.yaml", ws / "quality.yaml")
    bindir = tmp_path / "bin"                     # a PATH with python but without Graphviz
    bindir.mkdir()
    (bindir / "python").symlink_to(sys.executable)
    env = {**os.environ, "PATH": str(bindir), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "archkit", "run", str(ws)],
                          capture_output=True, text=True, env=env, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "quality: 7 scenarios" in proc.stdout
    assert "utility tree skipped" in proc.stdout and "apt-get install" in proc.stdout
    out = ws / "build"
    assert (out / "decisions" / "deployment" / "ranking.svg").is_file()
    assert not (out / "decisions" / "quality" / "utility-tree.svg").exists()
    summary = (out / "summary.md").read_text()
    assert "Utility tree skipped" in summary and "Trade-off points:" in summary
    assert "](decisions/quality/utility-tree.svg)" not in summary   # no dangling link


def test_quick_svgs_have_a_white_ground_for_dark_themes(datastore):
    # black text on a transparent ground could not be read in JupyterLab Dark (scout AF)
    for svg in (charts.quick_ranking_svg(datastore.rank()),
                charts.quick_stability_svg(datastore.weight_stability())):
        first = ElementTree.fromstring(svg)[0]
        assert first.tag.endswith("rect") and first.get("fill") == "white"
        assert (first.get("width"), first.get("height")) == ("100%", "100%")


def test_a_rival_label_stays_inside_the_plot():
    """A '<rival> ←' label of a flip point near 0 was drawn across the y axis, over the
    criterion names (scout AV F11, their broker decision: latency and running_cost flip
    to Kafka at 0.08). It goes inside the bar; every label is within the axes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from archkit.tradeoff import DecisionMatrix, charts

    m = DecisionMatrix.from_yaml(Path(__file__).parent / "fixtures" / "tradeoff" /
                                 "broker-ahp.yaml")
    fig = charts.stability_figure(m)
    renderer = FigureCanvasAgg(fig).get_renderer()
    [ax] = fig.axes
    box = ax.get_window_extent(renderer)
    labels = [t for t in ax.texts if "←" in t.get_text() or "→" in t.get_text()]
    assert len(labels) >= 6
    for t in labels:
        extent = t.get_window_extent(renderer)
        assert box.x0 <= extent.x0 and extent.x1 <= box.x1, t.get_text()
    moved = [t.get_text() for t in labels if t.get_ha() == "left" and "←" in t.get_text()]
    assert moved == ["Kafka ←", "Kafka ←"]
