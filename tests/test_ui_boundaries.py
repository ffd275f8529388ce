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
from tests.browser_support import browser  # noqa: F401  (fixture)

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def model():
    return load_model(path("shopfront") / "services.yaml")


def shown(ex: DiagramExplorer) -> tuple[set[str], list[str]]:
    """(node ids, edge classes) of the explorer's current picture."""
    root = ET.fromstring(ex.svg.encode())
    nodes = {g.get("id") for g in root.iter(f"{SVG}g") if "node" in (g.get("class") or "").split()}
    edges = [g.get("class") for g in root.iter(f"{SVG}g")
             if "edge" in (g.get("class") or "").split()]
    return nodes, edges


def test_explorer_starts_with_the_container_view(model):
    ex = DiagramExplorer(model)
    assert ex.svg.startswith("<?xml") and ex.picture.format == "svg+xml"
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
    assert "(team)" in ex.svg and "(context)" not in ex.svg


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
    root = ET.fromstring(ex.svg.encode())
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
    # hand-derived: inventory's factor goes from 0.999 to 1 - 0.001² = 0.999999 in the
    # product (every element needed); per request it lifts the requests that use
    # inventory, so by at most that ratio
    from archkit.boundaries.analysis import composite_availability

    for entry, (_, now) in wi.results().items():
        floor = composite_availability(wi.model, entry, overrides=wi.overrides).floor
        was = composite_availability(wi.model, entry).floor
        assert floor == pytest.approx(was / 0.999 * 0.999999, rel=1e-12)
        assert before[entry] < now <= before[entry] / 0.999 * 0.999999 + 1e-12
    assert "inventory: replicas 2" in wi.table.value
    assert f"{wi.results()['web'][1]:.5%}" in wi.table.value


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


def test_setting_the_models_own_value_is_no_whatif(model):
    wi = AvailabilityWhatIf(model)
    wi.availability.value = 0.99951                 # the slider moves...
    wi.availability.value = 0.9995                  # ...and back to web's own value
    assert wi.overrides == {} and "nothing changed yet" in wi.table.value
    wi.set("inventory", replicas=1, availability=0.999)
    assert wi.overrides == {}


# -- in a real browser: Voilà serves an app notebook, Chromium drives it -----------------------
APP = '''from archkit.boundaries import load_model
from archkit.examples import path
from archkit.ui.boundaries import AvailabilityWhatIf, DiagramExplorer
import ipywidgets as w
model = load_model(path("shopfront") / "services.yaml")
ready = w.HTML("ready")
ready.add_class("ak-page-ready")
display(DiagramExplorer(model, findings=model.check()), AvailabilityWhatIf(model), ready)'''

PICTURE = """async () => {
    const img = document.querySelector('.ak-boundaries-picture');
    const text = await (await fetch(img.src)).text();
    return [img.tagName, (text.match(/class="node /g) || []).length,
            (text.match(/<use /g) || []).length];
}"""


@pytest.fixture(scope="module")
def boundaries_app(tmp_path_factory):
    import nbformat

    from tests.browser_support import chromium_missing_reason, start_voila, stop_voila

    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    root = tmp_path_factory.mktemp("apps")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(APP)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, root / "boundaries.ipynb")
    server = start_voila(root, tmp_path_factory.mktemp("voila"), timeout=180)
    try:
        yield server
    finally:
        stop_voila(server)


def _picture(page, want_nodes: int) -> list:
    import time

    deadline = time.monotonic() + 30
    while True:
        shown_now = page.evaluate(PICTURE)
        if shown_now[1] == want_nodes or time.monotonic() > deadline:
            return shown_now
        page.wait_for_timeout(250)


@pytest.mark.browser
@pytest.mark.slow
def test_widgets_in_a_browser(boundaries_app, browser, model):  # noqa: F811
    from tests.browser_support import open_app

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(60_000)            # a shared machine can be slow
    try:
        page = open_app(context.new_page(), boundaries_app, "boundaries")
        # the picture is an image with its icons inlined (Voilà's kernels set SERVER_NAME)
        tag, nodes, uses = _picture(page, len(model.elements))
        assert (tag, nodes) == ("IMG", len(model.elements)) and uses > 0
        page.locator(".ak-boundaries-focus select").select_option("payments")
        assert _picture(page, 3)[1] == 3
        # what-if: nothing changed until the user moves a slider
        table = page.locator(".ak-whatif-table")
        assert "nothing changed yet" in table.inner_text()
        page.locator(".ak-whatif-element select").select_option("inventory")
        # wait for the kernel to load inventory's values (web runs 4 replicas, it 1)
        page.locator(".ak-whatif-replicas .widget-readout", has_text="1").wait_for()
        page.locator(".ak-whatif-replicas .noUi-handle").focus()
        page.keyboard.press("ArrowRight")
        table.filter(has_text="inventory: replicas 2").wait_for()
        wi = AvailabilityWhatIf(model)
        wi.set("inventory", replicas=2)
        assert f"{wi.results()['web'][1]:.5%}" in table.inner_text()
    finally:
        context.close()


def test_the_what_if_slider_reaches_the_models_own_availability():
    # 0.985 showed as 0.99000 (the slider's floor), and one nudge recorded 0.985 -> 0.99001
    from archkit.boundaries import loads_model

    m = loads_model("system: t\nservices:\n  web: {kind: frontend, availability: 0.999}\n"
                    "  search: {availability: 0.985}\n  cat: {availability: 0.999995}\n"
                    "edges:\n  - {from: web, to: search, timeout_ms: 100, circuit_breaker: true}\n"
                    "  - {from: web, to: cat, timeout_ms: 100, circuit_breaker: true}\n")
    ui = AvailabilityWhatIf(m)
    for name, shown in (("search", 0.985), ("cat", 0.999995), ("web", 0.999)):
        ui.element.value = name
        assert ui.availability.value == shown
        assert ui.availability.min <= shown <= ui.availability.max
    assert ui.overrides == {}                       # looking changes nothing
    ui.element.value = "search"
    ui.availability.value = 0.986
    assert ui.overrides == {"search": {"availability": 0.986}}
