"""Saving a changed model back to services.yaml keeps comments and changes only what changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from archkit.boundaries import load_model
from archkit.boundaries.model import Edge, Element, Latency
from archkit.errors import InputError

TEXT = """\
# The shop. Comments must survive a save.
system: Shop
services:
  web: {kind: frontend, replicas: 2}   # the site
  cart:
    replicas: 1
    latency_ms: {p50: 5, p99: 40}
stores:
  cart-db: {kind: redis, owner: cart}
edges:
  # pages
  - {from: web, to: cart, protocol: https, timeout_ms: 300}
  - {from: cart, to: cart-db, access: readwrite, protocol: redis}
"""


@pytest.fixture
def services(tmp_path: Path) -> Path:
    p = tmp_path / "services.yaml"
    p.write_text(TEXT)
    return p


def test_unchanged_model_saves_the_same_text(services: Path):
    load_model(services).save()
    assert services.read_text() == TEXT


def test_changes_are_written_and_comments_kept(services: Path):
    m = load_model(services)
    m.services["cart"].replicas = 3
    m.edge("web", "cart").circuit_breaker = True
    m.services["pricing"] = Element("pricing", latency_ms=Latency(2, 9))
    m.edges.append(Edge("cart", "pricing", protocol="grpc", timeout_ms=50, retries=1))
    m.save()
    text = services.read_text()
    for comment in ("# The shop. Comments must survive a save.", "# the site", "# pages"):
        assert comment in text
    again = load_model(services)
    assert again.services["cart"].replicas == 3
    assert again.edge("web", "cart").circuit_breaker is True
    assert again.services["pricing"].latency_ms == Latency(2, 9)
    e = again.edge("cart", "pricing")
    assert (e.protocol, e.timeout_ms, e.retries, e.sync) == ("grpc", 50, 1, True)
    assert "  web: {kind: frontend, replicas: 2}   # the site\n" in text


def test_removing_elements_and_edges(services: Path):
    m = load_model(services)
    m.edges = [e for e in m.edges if e.label != "web -> cart"]
    m.save()
    text = services.read_text()
    assert "from: web" not in text and "# pages" in text
    assert [e.label for e in load_model(services).edges] == ["cart -> cart-db"]


def test_fixing_a_smell_makes_its_finding_go(services: Path):
    m = load_model(services)
    assert m.check().by_rule("AK-SVC009")
    m.edge("web", "cart").circuit_breaker = True
    m.save()
    assert not load_model(services).check().by_rule("AK-SVC009")


def test_an_invalid_change_is_refused_and_nothing_is_written(services: Path):
    m = load_model(services)
    m.edges.append(Edge("web", "ghost"))
    with pytest.raises(InputError, match="ghost"):
        m.save()
    assert services.read_text() == TEXT


def test_save_to_a_new_file(services: Path, tmp_path: Path):
    m = load_model(services)
    out = m.save(tmp_path / "copy.yaml")
    again = load_model(out)
    assert list(again.services) == ["web", "cart"] and len(again.edges) == 2
    fresh = tmp_path / "fresh.yaml"
    m.path = None
    m.save(fresh)
    assert load_model(fresh).stores["cart-db"].owner == "cart"


def test_only_the_entries_that_changed_are_rewritten(shop: Path):
    """ruamel joins a flow mapping written over several lines: two changed values in the
    example rewrote 65 lines, 13 of them now over 120 characters (scout AR). Every element
    and edge whose data did not change comes back exactly as it was written."""
    import difflib

    path = shop / "services.yaml"
    before = path.read_text()
    m = load_model(path)
    m.edge("cart", "pricing").circuit_breaker = True
    m.services["inventory"].replicas = 2
    m.save()
    after = path.read_text()
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                     lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert len(changed) == 6        # inventory's three lines joined into one, cart -> pricing
    assert all("inventory" in line or "pricing" in line or line.startswith("-    ")
               for line in changed)
    again = load_model(path)
    assert again.services["inventory"].replicas == 2
    assert again.edge("cart", "pricing").circuit_breaker is True
    web = before[before.index("  web:"):before.index("\n  api-gateway:")]
    assert web.count("\n") >= 2 and web in after      # untouched, over several lines


def test_edges_at_the_margin_are_kept_as_written(tmp_path: Path):
    # a sequence written without indentation: ruamel's dump indents it; kept, or the
    # whole result as dumped when the two would not mean the same
    p = tmp_path / "services.yaml"
    p.write_text("system: s\nservices:\n  a: {}\n  b: {}\n  c: {}\nedges:\n"
                 "- {from: a, to: b, protocol: grpc}\n- {from: b, to: c, protocol: grpc}\n")
    m = load_model(p)
    m.edge("b", "c").timeout_ms = 100
    m.save()
    again = load_model(p)
    assert again.edge("b", "c").timeout_ms == 100 and again.edge("a", "b").timeout_ms is None
