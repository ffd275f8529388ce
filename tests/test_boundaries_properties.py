"""Properties of the model analyses on random models (hypothesis)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from archkit.boundaries.analysis import (
    composite_availability,
    latency_percentiles,
    simulate_latency,
)
from archkit.boundaries.model import model_from_data


@st.composite
def models(draw):
    n = draw(st.integers(min_value=1, max_value=8))
    names = [f"s{i}" for i in range(n)]
    services = {}
    for i, name in enumerate(names):
        services[name] = {
            "availability": draw(st.floats(min_value=0.9, max_value=1.0)),
            "replicas": draw(st.integers(min_value=1, max_value=3)),
            "latency_ms": {"p50": 5, "p99": draw(st.sampled_from([5, 20, 50]))},
            **({"kind": "frontend"} if i == 0 else {}),
        }
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                          max_size=3 * n, unique=True))
    edges = [{"from": names[a], "to": names[b], "sync": draw(st.booleans()),
              "calls": draw(st.sampled_from([0.5, 1, 2])), "protocol": "grpc",
              "timeout_ms": draw(st.sampled_from([50, 200, 1000])),
              "retries": draw(st.integers(0, 3)), "parallel": draw(st.booleans())}
             for a, b in pairs if a != b]
    return model_from_data({"system": "random", "services": services, "edges": edges})


@settings(max_examples=40, deadline=None)
@given(models())
def test_check_never_crashes_and_findings_are_positioned(m):
    report = m.check()
    for f in report:
        assert f.rule.startswith(("AK-SVC", "AK-SUP")) and f.object and f.hint


@settings(max_examples=40, deadline=None)
@given(models())
def test_composite_never_above_any_element_it_needs(m):
    av = composite_availability(m, "s0")
    # the floor (every element needed) is at most each element's; a request succeeds
    # at least that often and at most as often as the entry point itself is up
    assert all(av.floor <= a + 1e-12 for a in av.per_element.values())
    assert av.floor - 1e-12 <= av.availability <= av.per_element["s0"] + 1e-12
    assert 0.0 <= av.availability <= 1.0


@settings(max_examples=40, deadline=None)
@given(models(), st.integers(0, 7))
def test_a_replica_more_never_lowers_availability(m, i):
    name = f"s{i % len(m.services)}"
    before = composite_availability(m, "s0").availability
    after = composite_availability(
        m, "s0", overrides={name: {"replicas": (m.services[name].replicas or 1) + 1}}).availability
    assert after >= before - 1e-12


@settings(max_examples=25, deadline=None)
@given(models())
def test_entry_latency_is_ordered_and_never_below_its_own(m):
    le = latency_percentiles(m, samples=2000, seed=0)["s0"]
    assert le.p50 <= le.p95 <= le.p99 and math.isfinite(le.p99)
    # with no spread (p99 = p50 = 5 ms everywhere) every request takes at least s0's own 5 ms,
    # and exactly that when s0 makes no synchronous call
    for el in m.services.values():
        el.latency_ms = type(el.latency_ms)(5.0, 5.0)
    x = simulate_latency(m, samples=500, seed=0)["s0"]
    assert x.min() >= 5.0 - 1e-9
    if not any(e.sync for e in m.edges_from("s0")):
        assert abs(x.max() - 5.0) < 1e-9


# -- any document: a model or one InputError, never another exception ----------------------------
_scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=True),
                     st.sampled_from(["a", "b", "db", "x", "frontend", "read", "write", ""]))
_keys = st.sampled_from(["system", "services", "stores", "external", "edges", "entrypoints",
                         "teams", "contexts", "a", "b", "db", "from", "to", "kind", "owner",
                         "availability", "replicas", "latency_ms", "p50", "p99", "calls",
                         "timeout_ms", "retries", "sync", "access", "pattern", "ignore", "rule",
                         "reason", "tags"])
_docs = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_keys, inner, max_size=5)), max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_keys, _docs, max_size=6))
def test_any_document_is_a_model_or_an_input_error(doc):
    import yaml

    from archkit.boundaries.model import loads_model
    from archkit.errors import InputError

    text = yaml.safe_dump(doc)
    try:
        m = loads_model(text)
    except InputError as exc:
        assert exc.path == "services.yaml" and exc.message
        return
    m.check()
