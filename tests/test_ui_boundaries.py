"""Boundary widgets driven from Python: set a control's value, the callback runs at once,
then read the picture or the table."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from archkit import reliability as rel
from archkit.boundaries import load_model
from archkit.examples import path
from archkit.findings import Finding, Report
from archkit.ui.boundaries import WHOLE_SYSTEM, AvailabilityWhatIf, DiagramExplorer

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def model():
    return load_model(path("shopfront") / "services.yaml")


def shown(ex: DiagramExplorer) -> tuple[set[str], list[str]]:
    """(node ids, edge classes) of the explorer's current picture."""
    root = ET.fromstring(ex.picture.value.encode())
    nodes = {g.get("id") for g in root.iter(f"{SVG}g") if "node" in (g.get("class") or "").split()}
    edges = [g.get("class") for g in root.iter(f"{SVG}g")
             if "edge" in (g.get("class") or "").split()]
    return nodes, edges


def test_explorer_starts_with_the_container_view(model):
    ex = DiagramExplorer(model)
    assert ex.picture.value.startswith("<svg")
    nodes, edges = shown(ex)
    assert len(nodes) == len(model.elements) and len(edges) == len(model.edges)
    assert ex.hops.disabled


def test_choosing_the_context_view(model):
    ex = DiagramExplorer(model)
    ex.view.value = "context"
    nodes, _ = shown(ex)
    assert nodes == {"system", "person_mobile_app", "ext_stripe"}   # a client is a person
    assert "svc_checkout" not in nodes
    assert ex.group_by.disabled


def test_grouping_by_team(model):
    ex = DiagramExplorer(model)
    ex.group_by.value = "team"
    assert "(team)" in ex.picture.value and "(context)" not in ex.picture.value


def test_toggling_async_edges(model):
    ex = DiagramExplorer(model)
    ex.show_async.value = False
    _, edges = shown(ex)
    assert len(edges) == sum(e.sync for e in model.edges)
    assert not any("archkit-async" in c for c in edges)
    ex.show_async.value = True
    assert len(shown(ex)[1]) == len(model.edges)


def test_focus_and_hops(model):
    ex = DiagramExplorer(model)
    ex.focus.value = "payments"
    assert not ex.hops.disabled
    assert shown(ex)[0] == {"svc_payments", "svc_checkout", "ext_stripe"}
    ex.hops.value = 2
    two = shown(ex)[0]
    assert {"svc_web", "svc_api_gateway", "svc_cart", "svc_orders"} <= two
    ex.focus.value = WHOLE_SYSTEM
    assert len(shown(ex)[0]) == len(model.elements) and ex.hops.disabled


def test_findings_are_drawn(model):
    rep = Report([Finding("AK-SVC002", "shared-database", "error", "m", object="shop-db")])
    ex = DiagramExplorer(model, findings=rep)
    root = ET.fromstring(ex.picture.value.encode())
    red = [g.get("id") for g in root.iter(f"{SVG}g") if "archkit-error" in (g.get("class") or "")]
    assert red == ["store_shop_db"]


def test_missing_graphviz_is_a_message_not_an_exception(model, monkeypatch, tmp_path):
    ex = DiagramExplorer(model)
    monkeypatch.setenv("PATH", str(tmp_path))
    ex.view.value = "context"
    assert "apt-get install -y graphviz" in ex.message.value


def test_key_widgets_have_css_classes(model):
    ex, wi = DiagramExplorer(model), AvailabilityWhatIf(model)
    assert "ak-boundaries-focus" in ex.focus._dom_classes
    assert "ak-boundaries-picture" in ex.picture._dom_classes
    assert "ak-whatif-replicas" in wi.replicas._dom_classes
    assert "ak-whatif-table" in wi.table._dom_classes


# -- what-if ------------------------------------------------------------------------------------
def test_whatif_starts_at_the_model(model):
    wi = AvailabilityWhatIf(model)
    for base, now in wi.results().values():
        assert base == now
    assert "nothing changed yet" in wi.table.value


def test_a_second_inventory_replica_lifts_every_entry_point(model):
    wi = AvailabilityWhatIf(model)
    before = {e: b for e, (b, _) in wi.results().items()}
    wi.element.value = "inventory"                 # 1 replica at 0.999, on every sync path
    assert wi.replicas.value == 1 and wi.availability.value == pytest.approx(0.999)
    wi.replicas.value = 2
    # hand-derived: inventory's factor goes from 0.999 to 1 - 0.001² = 0.999999
    for entry, (_, now) in wi.results().items():
        assert now == pytest.approx(before[entry] / 0.999 * 0.999999, rel=1e-12)
    assert "inventory: replicas 2" in wi.table.value
    assert f"{before['web'] / 0.999 * 0.999999:.5%}" in wi.table.value


def test_availability_slider_and_reset(model):
    wi = AvailabilityWhatIf(model)
    base = wi.results()["web"][0]
    wi.element.value = "web"                        # 4 replicas at 0.9995
    wi.availability.value = 0.99
    a_old = rel.k_of_n(1, 4, 0.9995)
    a_new = 1 - 0.01 ** 4
    assert wi.results()["web"][1] == pytest.approx(base / a_old * a_new, rel=1e-12)
    assert wi.results()["api-gateway"][1] == wi.results()["api-gateway"][0]  # web not on it
    wi.element.value = "inventory"
    wi.element.value = "web"                         # the sliders remember the what-if
    assert wi.availability.value == pytest.approx(0.99)
    wi.reset.click()
    assert wi.overrides == {} and wi.availability.value == pytest.approx(0.9995)
    assert all(b == n for b, n in wi.results().values())


def test_slo_in_the_table(model):
    wi = AvailabilityWhatIf(model, slo={"availability": 0.99})
    assert "meets 99.0000%" in wi.table.value
    wi = AvailabilityWhatIf(model)
    assert "misses 99.9900%" in wi.table.value
