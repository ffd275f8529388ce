"""Loading services.yaml: the model users get, and every bad input as file:line:col."""

from __future__ import annotations

import textwrap

import pytest

from archkit.boundaries import Edge, SystemModel, load_model, loads_model
from archkit.errors import InputError
from archkit.examples import path as example_path

GOOD = """\
system: Shopfront
services:
  web:      {team: storefront, context: shopping, kind: frontend, availability: 0.9995, latency_ms: {p50: 30, p99: 200}, replicas: 2}
  checkout: {team: payments, context: ordering, tech: python, availability: 0.9995, latency_ms: {p50: 20, p99: 120}, replicas: 3}
stores:
  orders-db: {kind: postgres, owner: checkout, availability: 0.9999}
external:
  stripe: {kind: saas, availability: 0.9999}
edges:
  - {from: web, to: checkout, sync: true, calls: 1, timeout_ms: 800, circuit_breaker: true, protocol: https}
  - {from: checkout, to: orders-db, access: write}
  - {from: checkout, to: stripe, sync: false, protocol: kafka}
"""


def test_loads_the_documented_format():
    m = loads_model(GOOD)
    assert isinstance(m, SystemModel) and m.system == "Shopfront"
    assert list(m.services) == ["web", "checkout"]
    web = m.services["web"]
    assert (web.team, web.context, web.kind, web.availability, web.replicas) == (
        "storefront", "shopping", "frontend", 0.9995, 2)
    assert (web.latency_ms.p50, web.latency_ms.p99) == (30, 200)
    assert (web.line, web.col) == (3, 3)
    assert m.stores["orders-db"].owner == "checkout"
    assert m.external["stripe"].is_external
    e = m.edges[0]
    assert isinstance(e, Edge)
    assert (e.source, e.target, e.sync, e.calls, e.timeout_ms, e.circuit_breaker, e.protocol) == (
        "web", "checkout", True, 1.0, 800.0, True, "https")
    assert e.line == 10 and e.label == "web -> checkout"
    assert m.edges[1].access == "write" and m.edges[1].writes
    assert m.edges[2].sync is False
    assert m.entrypoints == ["web"] and not m.entrypoints_explicit   # kind: frontend
    assert set(m.teams) == {"storefront", "payments"}
    assert set(m.contexts) == {"shopping", "ordering"}
    assert "Shopfront" in m._repr_html_()


def test_defaults_of_an_edge():
    m = loads_model("system: s\nservices:\n  a: {}\n  b: {}\nedges:\n  - {from: a, to: b}\n")
    e = m.edges[0]
    assert (e.sync, e.calls, e.timeout_ms, e.retries, e.circuit_breaker, e.parallel) == (
        True, 1.0, None, 0, False, False)


def test_entrypoints_explicit_or_derived():
    m = loads_model("system: s\nservices:\n  a: {}\n  b: {}\nentrypoints: [b]\n"
                    "edges:\n  - {from: a, to: b}\n")
    assert m.entrypoints == ["b"] and m.entrypoints_explicit
    one = loads_model("system: s\nservices:\n  a: {}\nentrypoints: a\n")
    assert one.entrypoints == ["a"]
    with pytest.raises(InputError) as info:
        loads_model("system: s\nservices:\n  a: {}\nentrypoints: b\n")
    assert info.value.line == 4
    # no frontend/gateway: the services an external client calls
    m2 = loads_model("system: s\nservices:\n  a: {}\n  b: {}\nexternal:\n  app: {kind: client}\n"
                     "edges:\n  - {from: app, to: b}\n  - {from: b, to: a}\n")
    assert m2.entrypoints == ["b"]


def test_teams_and_contexts_with_descriptions():
    m = load_model(example_path("shopfront") / "services.yaml")
    assert m.teams["payments"].description == "Money in and out"
    assert m.contexts["fulfilment"].description == "Stock and shipping"
    assert m.stores["catalog-db"].ignore[0].rule == "AK-SVC002"


def test_the_example_loads():
    m = load_model(example_path("shopfront") / "services.yaml")
    assert len(m.services) >= 10 and len(m.stores) == 3 and len(m.external) == 2
    assert m.entrypoints == ["web", "api-gateway"]


# -- bad input: one InputError with the position of the cause ------------------------------
def err(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        loads_model(textwrap.dedent(text), "services.yaml")
    e = info.value
    assert e.path == "services.yaml"
    return e


def test_unknown_edge_target_names_its_line():
    e = err("""\
        system: s
        services:
          web: {}
          cart: {}
        edges:
          - {from: web, to: cart}
          - {from: web, to: chekout}
        """)
    assert (e.line, e.col) == (7, 21)
    assert "'chekout'" in e.message and "not a service" in e.message


def test_duplicate_name_across_sections():
    e = err("""\
        system: s
        services:
          orders: {}
        stores:
          orders: {kind: postgres}
        """)
    assert e.line == 5 and "duplicate name 'orders'" in e.message and "line 3" in e.message


def test_duplicate_key_in_yaml_is_refused():
    e = err("system: s\nservices:\n  a: {}\n  a: {}\n")
    assert e.line == 4 and "duplicate key" in e.message


@pytest.mark.parametrize("value", ["0", "1.5", "-0.2", "99.9", "'high'", ".nan", "true"])
def test_availability_outside_zero_one(value):
    e = err(f"system: s\nservices:\n  a: {{availability: {value}}}\n")
    assert (e.line, e.col) == (3, 21)
    assert "availability" in e.message


def test_availability_of_one_is_allowed():
    assert loads_model("system: s\nservices:\n  a: {availability: 1}\n").services["a"].availability == 1.0


@pytest.mark.parametrize("snippet, words", [
    ("a: {replicas: two}", "whole number"),
    ("a: {replicas: 0}", "at least 1"),
    ("a: {replicas: 1.5}", "whole number"),
    ("a: {replicas: 100000000000000000000000}", "at most 100,000"),
    ("a: {availability: %s}" % ("9" * 400), "(0, 1]"),        # beyond any float: no crash
    ("a: {latency_ms: 20}", "mapping"),
    ("a: {latency_ms: {p50: 20}}", "needs p99"),
    ("a: {latency_ms: {p50: 50, p99: 20}}", "below p50"),
    ("a: {latency_ms: {p50: 5, p95: 9, p99: 20}}", "p95"),
    ("a: {team: [x]}", "must be text"),
    ("a: {owner: b}", "owner"),
    ("a: {timeout_ms: 5}", "unknown key 'timeout_ms'"),
    ("a: [1, 2]", "expected a mapping"),
])
def test_wrong_types_in_elements(snippet, words):
    e = err(f"system: s\nservices:\n  b: {{}}\n  {snippet}\n")
    assert e.line == 4, e
    assert words in e.message


@pytest.mark.parametrize("edge, words", [
    ("{from: a}", "missing required field 'to'"),
    ("{to: a}", "missing required field 'from'"),
    ("{from: a, to: b, sync: yes please}", "true or false"),
    ("{from: a, to: b, calls: 0}", "greater than 0"),
    ("{from: a, to: b, calls: 1e9}", "at most 10,000"),     # each call is simulated: OOM
    ("{from: a, to: b, timeout_ms: -5}", "greater than 0"),
    ("{from: a, to: b, retries: -1}", "at least 0"),
    ("{from: a, to: b, retries: 0.5}", "whole number"),
    ("{from: a, to: b, access: delete}", "access must be one of"),
    ("{from: a, to: b, access: read}", "'access' is for edges to stores"),
    ("{from: a, to: b, pattern: magic}", "pattern must be one of"),
    ("{from: a, to: a}", "depends on itself"),
    ("{from: db, to: a}", "a store"),
    ("{from: a, to: b, timout_ms: 5}", "unknown key 'timout_ms'"),
    ("{from: a, to: 3}", "must be a name"),
    ("just-text", "expected a mapping"),
    ("{from: a, to: b, ignore: [{reason: x}]}", "needs 'rule'"),
])
def test_bad_edges(edge, words):
    e = err(f"system: s\nservices:\n  a: {{}}\n  b: {{}}\nstores:\n  db: {{}}\nedges:\n  - {edge}\n")
    assert e.line == 8, e
    assert words in e.message


def test_duplicate_edge():
    e = err("system: s\nservices:\n  a: {}\n  b: {}\nedges:\n  - {from: a, to: b}\n"
            "  - {from: a, to: b, sync: false}\n")
    assert e.line == 7 and "duplicate edge a -> b" in e.message and "line 6" in e.message


@pytest.mark.parametrize("text, line, words", [
    ("", 1, "empty"),
    ("- a\n- b\n", 1, "expected a mapping"),
    ("services:\n  a: {}\n", 1, "missing required field 'system'"),
    ("system: s\n", 1, "missing required field 'services'"),
    ("system: s\nservices:\n", 2, "'services' is empty"),
    ("system: s\nservices: [a, b]\n", 2, "must be a mapping"),
    ("system: s\nservices:\n  a: {}\nedges: {a: b}\n", 4, "'edges' must be a list"),
    ("system: s\nservices:\n  a: {}\nservise: {}\n", 4, "unknown key 'servise'"),
    ("system: s\nservices:\n  a: {}\nentrypoints: [nope]\n", 4, "entry point 'nope'"),
    ("system: s\nservices:\n  a: {x: [}\n", 3, "invalid YAML"),
])
def test_bad_documents(text, line, words):
    e = err(text)
    assert e.line == line, e
    assert words in e.message


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_model(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="directory"):
        load_model(tmp_path)


def test_ignore_entries_are_read_with_positions():
    m = loads_model("system: s\nservices:\n  a:\n    ignore:\n      - {rule: ak-svc018, reason: spare}\n"
                    "      - AK-SVC015\n")
    ig = m.services["a"].ignore
    assert [(i.rule, i.reason, i.line) for i in ig] == [("AK-SVC018", "spare", 5), ("AK-SVC015", "", 6)]


def test_scientific_notation_is_a_number(tmp_path):
    f = tmp_path / "services.yaml"
    f.write_text("system: s\nservices:\n  a: {availability: 9.995e-1}\n  b: {}\nedges:\n"
                 "  - {from: a, to: b, calls: 5e-1, timeout_ms: 2.5e3, retries: 2e0}\n")
    m = load_model(f)
    e = m.edges[0]
    assert (e.calls, e.timeout_ms, e.retries) == (0.5, 2500.0, 2)
    assert m.services["a"].availability == 0.9995


@pytest.mark.parametrize("text, pos, words", [
    ('system: s\nservices: {"": {}}\n', (2, 12), "a name in 'services' is empty"),
    ("system: s\nservices:\n  a: {}\nstores:\n  ' ': {}\n", (5, 3),
     "a name in 'stores' is empty"),
    ("system: s\nservices: {}\n", (2, 11), "'services' is empty: name at least one service"),
    ("system: s\nservices: {}\nstores: {db: {}}\n", (2, 11), "'services' is empty"),
])
def test_empty_names_and_no_services(tmp_path, cli, text, pos, words):
    f = tmp_path / "services.yaml"
    f.write_text(text)
    with pytest.raises(InputError) as exc:
        load_model(f)
    assert (exc.value.line, exc.value.col) == pos and words in exc.value.message
    assert "got text" not in exc.value.message
    res = cli("boundaries", "check", str(f))
    assert res.code == 2 and res.out == ""
    assert res.err.strip() == f"{f}:{pos[0]}:{pos[1]}: {exc.value.message}"


def test_merge_keys_are_overridden_as_yaml_says():
    # <<: *java-svc then replicas: 3 was 'duplicate key'; YAML's merge keys let the
    # mapping's own keys override the merged ones (PyYAML loads replicas 3; scout AQ)
    model = loads_model(
        "system: s\nservices:\n  orders: &java\n    tech: java\n    replicas: 2\n"
        "  payments:\n    <<: *java\n    replicas: 3\n  audit:\n    <<: *java\n"
        "edges:\n  - &guard {from: orders, to: payments, timeout_ms: 200, protocol: grpc}\n"
        "  - {<<: *guard, to: audit}\n", "services.yaml")
    assert [model.services[s].replicas for s in ("orders", "payments", "audit")] == [2, 3, 2]
    assert [(e.source, e.target, e.timeout_ms) for e in model.edges] == [
        ("orders", "payments", 200), ("orders", "audit", 200)]
    # a key written twice in the mapping itself is still refused
    e = err("system: s\nservices:\n  a: &d {replicas: 2}\n  b:\n    <<: *d\n    replicas: 3\n"
            "    replicas: 4\n")
    assert e.line == 7 and "duplicate key 'replicas'" in e.message


def test_a_key_one_letter_off_is_named():
    e = err("system: s\nservices:\n  a: {replica: 2}\n")
    assert "unknown key 'replica' (did you mean replicas?)" in e.message and e.line == 3


def test_a_latency_beyond_a_day_is_a_typo():
    # p99: 1e300 overflowed the lognormal: a numpy warning and a 300-digit p95 (scout AQ)
    e = err("system: s\nservices:\n  a: {latency_ms: {p50: 5, p99: 1e300}}\n")
    assert "'p99' must be at most 86,400,000 (milliseconds)" in e.message and e.line == 3
