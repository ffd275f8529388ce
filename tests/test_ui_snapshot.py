"""Where no kernel draws a widget (a saved notebook opened before it is run, GitHub, an
HTML export), its output names it and shows a static copy of what it showed, instead of
ipywidgets' ``VBox(children=(HTML(value=...`` repr (scout AF, P6)."""

from __future__ import annotations

import re

import pytest

from archkit.examples import path

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _bundle(obj) -> dict:
    from IPython.core.formatters import DisplayFormatter

    data, _meta = DisplayFormatter().format(obj)
    return data


@pytest.fixture(scope="module")
def matrix():
    from archkit.tradeoff import DecisionMatrix

    return DecisionMatrix.from_yaml(path("shopfront") / "decisions" / "deployment.yaml")


def test_the_trade_off_explorer_shows_its_ranking_without_a_kernel(matrix):
    from archkit.ui.tradeoff import TradeoffExplorer

    ui = TradeoffExplorer(matrix, samples=200)
    data = _bundle(ui)
    assert data[WIDGET_VIEW]["model_id"] == ui.widget.model_id     # the live view first
    assert data["text/plain"] == ("Trade-off explorer: Deployment architecture for "
                                  "Shopfront (interactive widget: run the cell in Jupyter "
                                  "to use it)")
    page = data["text/html"]
    assert "VBox" not in page and "<svg" not in _outside_images(page)   # sanitisers strip it
    assert "<b>scalability</b> 0.250" in page                    # the slider readouts
    assert "<b>method</b> weighted sum" in page                  # a toggle's label
    assert "<td>1</td><td>Modular monolith</td><td>0.750</td>" in page
    assert "ranks first" in page
    charts = _images(page)                     # the two quick charts, as images
    assert [c[:60] for c in charts] == ['<svg xmlns="http://www.w3.org/2000/svg" class="ak-quick-rank',
                                        '<svg xmlns="http://www.w3.org/2000/svg" class="ak-quick-stab']
    assert ">Modular monolith</text>" in charts[0]
    assert "reset weights" not in page                            # buttons do nothing there


def test_the_copy_is_of_the_state_the_cell_left(matrix):
    from archkit.ui.tradeoff import TradeoffExplorer

    ui = TradeoffExplorer(matrix, samples=200)
    ui.set_weights({"scalability": 1.0})
    page = _bundle(ui)["text/html"]
    assert "<b>scalability</b> 1.000" in page
    assert page.count("<td>1</td>") == 1
    first = re.search(r"<td>1</td><td>([^<]+)</td>", page)[1]
    assert first == ui.winner()


def test_reliability_widgets_copy_their_inputs_and_results():
    from archkit.ui import reliability as ui

    data = _bundle(ui.PercentileChain(hops=4, p50=20, p99=120))
    assert data["text/plain"].startswith("Percentile chain (interactive widget")
    page = data["text/html"]
    assert "<b>each p99 (ms)</b> 120.00" in page
    assert "<b>call them in parallel</b> no" in page              # a checkbox: yes / no
    assert "adding up the p99s</td><td style='text-align:right'><b>480 ms" in page
    assert _bundle(ui.ErlangC(rate=80, service_ms=10, servers=1))["text/plain"].startswith(
        "Erlang C queue")


def _outside_images(page: str) -> str:
    return re.sub(r"<img src='[^']*'[^>]*>", "", page)


def _images(page: str) -> list[str]:
    """The SVG documents of a page's ``<img src='data:image/svg+xml,...'>``."""
    from urllib.parse import unquote

    return [unquote(src) for src in re.findall(r"<img src='data:image/svg\+xml,([^']*)'", page)]


def test_diagram_widgets_copy_their_picture_as_an_image(tmp_path):
    from archkit.boundaries import load_model
    from archkit.ui.boundaries import AvailabilityWhatIf, DiagramExplorer

    model = load_model(path("shopfront") / "services.yaml")
    ui = DiagramExplorer(model)
    page = _bundle(ui)["text/html"]
    assert "<svg" not in _outside_images(page)
    assert _images(page) == [bytes(ui.picture.value).decode("utf-8")]   # the diagram shown
    assert "<b>view</b> container" in page and "<b>focus</b>" in page
    what_if = _bundle(AvailabilityWhatIf(model))
    assert what_if["text/plain"].startswith("Availability what-if (interactive widget")
    assert "<table" in what_if["text/html"]


def test_the_erd_and_ahp_widgets_are_named(matrix):
    from archkit.schema import load_schema
    from archkit.ui.schema import ErdExplorer
    from archkit.ui.tradeoff import TradeoffExplorer

    catalog = load_schema("CREATE TABLE a (id int PRIMARY KEY);", dialect="postgres")
    erd = _bundle(ErdExplorer(catalog))
    assert erd["text/plain"].startswith("ER diagram explorer")
    [svg] = _images(erd["text/html"])
    assert svg.startswith("<svg") and "xmlns=\"http://www.w3.org/2000/svg\"" in svg
    ahp = _bundle(TradeoffExplorer(matrix, samples=100).ahp_editor())
    assert ahp["text/plain"].startswith("AHP judgement editor")
    assert "Pairwise judgements" in ahp["text/html"]


def test_committed_notebooks_carry_the_copy():
    """The notebooks as committed (executed by nbconvert) hold the named text and the
    copy in every widget output."""
    import json
    from pathlib import Path

    seen = 0
    for nb in sorted(Path(__file__).parent.parent.glob("notebooks/0*.ipynb")):
        for cell in json.loads(nb.read_text())["cells"]:
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if WIDGET_VIEW in data:
                    seen += 1
                    plain = "".join(data["text/plain"])
                    assert "interactive widget" in plain and "VBox" not in plain, nb.name
                    assert "ak-snapshot" in "".join(data["text/html"]), nb.name
    assert seen >= 10


def test_a_choice_of_several_items_is_listed_a_range_is_a_range():
    import ipywidgets as W

    from archkit.ui.snapshot import snapshot_html

    box = W.VBox([W.SelectMultiple(options=["a", "b", "c"], value=("a", "c"), description="pick"),
                  W.IntRangeSlider(value=(2, 5), min=0, max=9, description="span")])
    page = snapshot_html(box, "T")
    assert "<b>pick</b> a, c" in page and "<b>span</b> 2 .. 5" in page


def test_inline_svg_without_a_namespace_and_png_pictures_become_images():
    import base64

    import ipywidgets as W

    from archkit.ui.snapshot import snapshot_html

    png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
    box = W.VBox([W.HTML("<p>before</p><svg width='10'><rect width='5' height='5'/></svg><p>after</p>"),
                  W.Image(value=png, format="png"), W.Image(format="png")])
    page = snapshot_html(box, "T")
    assert "<p>before</p><img src='data:image/svg+xml," in page and "<p>after</p>" in page
    assert _images(page) == ["<svg xmlns=\"http://www.w3.org/2000/svg\" width='10'>"
                             "<rect width='5' height='5'/></svg>"]
    assert page.count("data:image/png;base64,") == 1                # an empty Image: nothing
