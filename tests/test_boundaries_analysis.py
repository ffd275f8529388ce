"""Entry-point availability, Monte-Carlo latency and capacity against hand-derived values."""

from __future__ import annotations

import math
import re
from statistics import NormalDist

import numpy as np
import pytest

from archkit.boundaries import load_model, loads_model
from archkit.boundaries.analysis import (
    capacity_table,
    composite_availability,
    entrypoint_table,
    latency_percentiles,
    lognormal_mean,
    lognormal_params,
    lognormal_quantile,
    request_rates,
    simulate_latency,
)
from archkit.examples import path as example_path

Z = NormalDist().inv_cdf


def model(body: str):
    return loads_model("system: t\n" + body, "services.yaml")


# -- availability ----------------------------------------------------------------------------
AV = """
services:
  web: {kind: frontend, availability: 0.999, replicas: 2}
  orders: {availability: 0.99, replicas: 3}
  mailer: {availability: 0.5}
stores:
  db: {availability: 0.9995, owner: orders}
external:
  psp: {availability: 0.999}
edges:
  - {from: web, to: orders, protocol: grpc}
  - {from: orders, to: db, protocol: sql, access: write}
  - {from: orders, to: psp, protocol: https}
  - {from: orders, to: mailer, protocol: kafka, sync: false}
"""


def test_composite_availability_by_hand():
    m = model(AV)
    av = composite_availability(m, "web")
    web = 1 - 0.001 ** 2            # 0.999999
    orders = 1 - 0.01 ** 3          # 0.999999
    expected = web * orders * 0.9995 * 0.999   # the async mailer is excluded
    assert av.availability == pytest.approx(expected, rel=1e-12)
    assert av.elements == ["web", "orders", "db", "psp"]
    assert av.weakest == "psp"


def test_shared_dependency_counts_once():
    m = model("""
services:
  web: {kind: frontend}
  a: {}
  b: {}
stores:
  db: {availability: 0.99}
edges:
  - {from: web, to: a, protocol: grpc}
  - {from: web, to: b, protocol: grpc}
  - {from: a, to: db, protocol: sql}
  - {from: b, to: db, protocol: sql}
""")
    assert composite_availability(m, "web").availability == pytest.approx(0.99)


# scout AQ's r01: 99 % of the requests need gw and browse only, 1 % also admin and its
# database; the SLO counts requests
PER_REQUEST = """
services:
  gw: {kind: gateway, availability: 0.999}
  browse: {availability: 0.999}
  admin: {availability: 0.999}
stores:
  admin-db: {availability: 0.999, owner: admin}
edges:
  - {from: gw, to: browse, protocol: grpc}
  - {from: gw, to: admin, protocol: grpc, calls: 0.01}
  - {from: admin, to: admin-db, protocol: sql}
"""


def test_availability_per_request_weighs_calls():
    m = model(PER_REQUEST)
    av = composite_availability(m, "gw")
    by_hand = 0.99 * 0.999 ** 2 + 0.01 * 0.999 ** 4          # 99.798 %
    assert av.availability == pytest.approx(by_hand, abs=2e-5)
    assert av.floor == pytest.approx(0.999 ** 4, rel=1e-12)   # every element needed
    assert av.elements == ["gw", "browse", "admin", "admin-db"]
    # the same seed gives the same figure; whole calls give the product exactly
    assert composite_availability(m, "gw").availability == av.availability
    whole = model(PER_REQUEST.replace("calls: 0.01", "calls: 3"))
    assert composite_availability(whole, "gw").availability == 0.999 ** 4


def test_a_fractional_call_made_several_times_is_made_at_least_once_more_often():
    # b is called twice per request, and each of its calls calls c half of the time:
    # c is used by 1 - 0.5² = 75 % of the requests
    m = model("services:\n  a: {kind: frontend}\n  b: {}\n  c: {availability: 0.9}\n"
              "edges:\n  - {from: a, to: b, protocol: grpc, calls: 2}\n"
              "  - {from: b, to: c, protocol: grpc, calls: 0.5}\n")
    assert composite_availability(m, "a").availability == pytest.approx(
        0.25 + 0.75 * 0.9, abs=2e-3)


OPTIONAL = """
services:
  frontend: {kind: frontend, availability: 0.9999, replicas: 2, latency_ms: {p50: 5, p99: 20}}
  ads: {availability: 0.99, latency_ms: {p50: 40, p99: 80}}
  cart: {availability: 0.9999, replicas: 2}
edges:
  - {from: frontend, to: ads, protocol: grpc, timeout_ms: 100, circuit_breaker: true, optional: true}
  - {from: frontend, to: cart, protocol: grpc, timeout_ms: 100, circuit_breaker: true}
"""


def test_optional_calls_fail_no_request():
    # Online Boutique's frontend answers without an ad when adservice fails: the error
    # and the single-point-of-failure warning were false (scout AQ)
    m = model(OPTIONAL)
    av = composite_availability(m, "frontend")
    assert av.elements == ["frontend", "cart"]
    assert av.availability == pytest.approx((1 - 0.0001 ** 2) ** 2, rel=1e-12)
    report = m.check()
    assert not report.by_rule("AK-SVC015") and not report.by_rule("AK-SVC016")
    # the call is still made: its time counts
    assert latency_percentiles(m, samples=2000)["frontend"].p50 > 40
    required = model(OPTIONAL.replace(", optional: true", ""))
    assert [f.object for f in required.check().by_rule("AK-SVC015")] == ["ads"]
    assert composite_availability(required, "frontend").elements == ["frontend", "ads", "cart"]


def test_what_if_overrides_do_not_touch_the_model():
    m = model(AV)
    av = composite_availability(m, "web", overrides={"psp": {"availability": 0.99999},
                                                     "db": {"replicas": 2}})
    expected = (1 - 0.001 ** 2) * (1 - 0.01 ** 3) * (1 - 0.0005 ** 2) * 0.99999
    assert av.availability == pytest.approx(expected, rel=1e-12)
    assert m.stores["db"].replicas is None


# -- latency -----------------------------------------------------------------------------------
def test_lognormal_fit_by_hand():
    mu, sigma = lognormal_params(20, 120)
    assert mu == pytest.approx(math.log(20)) and sigma == pytest.approx(math.log(6) / Z(0.99))
    assert lognormal_quantile(20, 120, 0.5) == pytest.approx(20)
    assert lognormal_quantile(20, 120, 0.99) == pytest.approx(120)
    assert lognormal_mean(20, 120) == pytest.approx(20 * math.exp(sigma ** 2 / 2))


def test_single_service_recovers_its_own_percentiles():
    m = model("services:\n  web: {kind: frontend, latency_ms: {p50: 20, p99: 120}}\n")
    le = latency_percentiles(m, samples=200_000, seed=1)["web"]
    assert le.p50 == pytest.approx(20, rel=0.02)
    assert le.p95 == pytest.approx(lognormal_quantile(20, 120, 0.95), rel=0.02)
    assert le.p99 == pytest.approx(120, rel=0.03)


TWO = """
services:
  web: {kind: frontend}
  a: {latency_ms: {p50: 10, p99: 50}}
  b: {latency_ms: {p50: 10, p99: 50}}
edges:
  - {from: web, to: a, protocol: grpc%s}
  - {from: web, to: b, protocol: grpc%s}
"""


def test_parallel_calls_take_the_slowest():
    # max of two independent copies: P(max <= t) = F(t)^2, so its q-quantile is F^-1(sqrt(q))
    m = model(TWO % (", parallel: true", ", parallel: true"))
    le = latency_percentiles(m, samples=200_000, seed=2)["web"]
    assert le.p50 == pytest.approx(lognormal_quantile(10, 50, math.sqrt(0.5)), rel=0.02)
    assert le.p99 == pytest.approx(lognormal_quantile(10, 50, math.sqrt(0.99)), rel=0.03)


def test_sequential_calls_add_up_and_percentiles_do_not():
    m = model(TWO % ("", ""))
    x = simulate_latency(m, samples=200_000, seed=3)["web"]
    assert x.mean() == pytest.approx(2 * lognormal_mean(10, 50), rel=0.01)
    p99 = np.percentile(x, 99)
    assert p99 < 2 * 50 * 0.95       # the sum's p99 is well below the sum of the p99s
    assert p99 > 50                  # and above either one's


def test_calls_per_request_including_fractions():
    base = ("services:\n  web: {kind: frontend}\n  a: {latency_ms: {p50: 10, p99: 50}}\n"
            "edges:\n  - {from: web, to: a, protocol: grpc, calls: %s}\n")
    mean_a = lognormal_mean(10, 50)
    three = simulate_latency(model(base % "3"), samples=100_000, seed=4)["web"].mean()
    assert three == pytest.approx(3 * mean_a, rel=0.01)
    half = simulate_latency(model(base % "0.5"), samples=200_000, seed=4)["web"]
    assert half.mean() == pytest.approx(0.5 * mean_a, rel=0.02)
    assert (half == 0).mean() == pytest.approx(0.5, abs=0.01)


def test_async_edges_add_no_latency_and_seed_makes_it_reproducible():
    body = ("services:\n  web: {kind: frontend, latency_ms: {p50: 5, p99: 20}}\n"
            "  slow: {latency_ms: {p50: 900, p99: 5000}}\n"
            "edges:\n  - {from: web, to: slow, protocol: kafka, sync: false}\n")
    a = latency_percentiles(model(body), samples=10_000, seed=7)["web"]
    b = latency_percentiles(model(body), samples=10_000, seed=7)["web"]
    assert a == b and a.p99 < 25


def test_latency_tree_with_a_cycle_terminates():
    m = model("services:\n  web: {kind: frontend}\n  a: {latency_ms: {p50: 1, p99: 2}}\n"
              "  b: {latency_ms: {p50: 1, p99: 2}}\nedges:\n  - {from: web, to: a, protocol: grpc}\n"
              "  - {from: a, to: b, protocol: grpc}\n  - {from: b, to: a, protocol: grpc}\n")
    assert latency_percentiles(m, samples=1000)["web"].p50 > 1.5


def test_entrypoint_table_of_the_example():
    m = load_model(example_path("shopfront") / "services.yaml")
    t = entrypoint_table(m)
    assert list(t.index) == ["web", "api-gateway"]
    assert list(t.columns[:5]) == ["availability", "availability_floor", "timed_out", "nines",
                                   "downtime_min_per_30d"]
    # web's checkout calls may wait 5.3 s behind its 2.5 s: some time out
    assert 0 < t.loc["web", "timed_out"] < 0.001
    assert (t["availability"] < 0.9999).all() and not t["meets_availability"].any()
    # web calls search, cart and checkout for some requests only
    assert (t["availability_floor"] <= t["availability"]).all()
    assert t.loc["web", "availability_floor"] < t.loc["web", "availability"]
    assert (t["p50_ms"] < t["p95_ms"]).all() and (t["p95_ms"] < t["p99_ms"]).all()
    assert t.loc["web", "weakest"] == "inventory"


# -- capacity ----------------------------------------------------------------------------------
def test_request_rates_follow_calls():
    m = model("""
services:
  web: {kind: frontend}
  a: {}
  b: {}
edges:
  - {from: web, to: a, protocol: grpc, calls: 2}
  - {from: a, to: b, protocol: kafka, sync: false, calls: 0.5}
  - {from: web, to: b, protocol: grpc}
""")
    r = request_rates(m, 100)
    assert (r["web"], r["a"], r["b"]) == (100, 200, 100 + 100)


def test_capacity_table_by_hand():
    # mean service time of lognormal(p50=10, p99=10) is exactly 10 ms: mu = 100/s per replica
    m = model("services:\n  web: {kind: frontend, latency_ms: {p50: 10, p99: 10}, replicas: 2}\n")
    t = capacity_table(m, 150, max_wait_ms=None, max_utilisation=0.8)
    assert t.loc["web", "mean_service_ms"] == pytest.approx(10)
    assert t.loc["web", "replicas_needed"] == 2          # 150/(2*100) = 0.75 <= 0.8
    assert t.loc["web", "utilisation_now"] == pytest.approx(0.75)
    t2 = capacity_table(m, 170, max_wait_ms=None, max_utilisation=0.8)
    assert t2.loc["web", "replicas_needed"] == 3 and not t2.loc["web", "enough"]
    # with a wait target: Erlang C decides, scaled by Allen-Cunneen's (1 + cv^2)/2: this
    # service never varies (p50 = p99: cv^2 = 0), so it queues half as long as M/M/c
    t3 = capacity_table(m, 150, max_wait_ms=1.0)
    from archkit import reliability as rel
    c = t3.loc["web", "replicas_needed"]
    assert rel.mmc(150, 100, c).wq / 2 <= 0.001 < rel.mmc(150, 100, c - 1).wq / 2


def test_results_render_in_notebooks():
    m = model(AV)
    html = composite_availability(m, "web")._repr_html_()
    assert "<b>web</b>" in html and "psp" in html and "99.9" in html
    assert "p99" in latency_percentiles(m, samples=100)["web"]._repr_html_()
    assert m.capacity(10, max_wait_ms=None).columns[0] == "rate_rps"


@pytest.mark.parametrize("section, message", [
    ({"rate_rps": 1e308}, "rate_rps = 1e+308: use a number > 0 and <= 1e+09"),   # was inf
    ({"rate_rps": {"web": 1e308}}, "rate_rps.web = 1e+308"),
    ({"rate_rps": 10, "concurrency": 1_000_000_000}, "<= 10,000"),              # hung
])
def test_capacity_settings_bound_what_the_maths_can_take(section, message):
    from archkit.boundaries.analysis import capacity_settings

    with pytest.raises(ValueError, match=re.escape(message)):
        capacity_settings(section, ["web"])


def test_capacity_table_with_a_huge_fleet_stays_quick(tmp_path):
    # 100,000 replicas x 10,000 concurrent requests: p_wait is left out, not computed
    import time

    from archkit.boundaries import load_model
    from archkit.boundaries.analysis import capacity_table

    f = tmp_path / "s.yaml"
    f.write_text("system: s\nservices:\n  web:\n    replicas: 100000\n"
                 "    latency_ms: {p50: 10, p99: 50}\nentrypoints: [web]\n")
    t = time.perf_counter()
    table = capacity_table(load_model(f), 200.0, concurrency=10_000)
    assert time.perf_counter() - t < 5
    assert bool(table.loc["web", "enough"]) and math.isnan(table.loc["web", "p_wait_now"])
