"""Edge cases of the decision and reliability maths that a differential check found wrong
(scout AE, against independent implementations): rivals crossing the winner at the same
weight, a tie at the end of a weight's range, options with the same scores, load that
comes back round a cycle, and repeated calls in the latency simulation. Expected values
are derived by hand in each test."""

from __future__ import annotations

import math

import numpy as np
import pytest

from archkit.boundaries import analysis as an
from archkit.boundaries import loads_model
from archkit.tradeoff import DecisionMatrix
from archkit.tradeoff.checks import check_matrix


def matrix(criteria, options, scale=(0, 10)) -> DecisionMatrix:
    return DecisionMatrix.from_dict({"title": "t", "scale": list(scale),
                                     "criteria": criteria, "options": options})


def test_rivals_crossing_together_the_one_first_past_the_point_takes_over():
    # weight t on a, 1 - t on b: W = 1 - t, P = 0.5, Q = t. All meet at t = 0.5; above
    # it Q leads (t = 0.51: Q 0.51, P 0.50, W 0.49) and P is never first. P is listed
    # first, and argmax named it.
    m = matrix([{"name": "a", "weight": 0.3}, {"name": "b", "weight": 0.7}],
               {"W": {"a": 0, "b": 10}, "P": {"a": 5, "b": 5}, "Q": {"a": 10, "b": 0}})
    st = m.weight_stability()
    assert st.loc["a", "high"] == 0.5 and st.loc["a", "challenger_high"] == "Q"
    assert st.loc["b", "low"] == 0.5 and st.loc["b", "challenger_low"] == "Q"
    assert m.with_weights(a=0.51, b=0.49).rank().index[0] == "Q"
    # the rivals the other way round: still Q
    m2 = matrix([{"name": "a", "weight": 0.3}, {"name": "b", "weight": 0.7}],
                {"W": {"a": 0, "b": 10}, "Q": {"a": 10, "b": 0}, "P": {"a": 5, "b": 5}})
    assert m2.weight_stability().loc["a", "challenger_high"] == "Q"


def test_a_tie_at_weight_zero_is_no_flip_point():
    # W {a 5, b 0} weakly dominates R {a 2, b 0} (b a cost): they tie only at w_a = 0.
    # Rounding put the crossing at 3.7e-16 for weights 1:25 (not for 1:24), with a
    # challenger, a verdict "below 3.7e-16" and an AK-DEC003 warning.
    for b in (24, 25):
        m = matrix([{"name": "a", "weight": 1}, {"name": "b", "weight": b,
                                                  "direction": "cost"}],
                   {"W": {"a": 5, "b": 0}, "R": {"a": 2, "b": 0}}, scale=(0, 5))
        st = m.weight_stability()
        assert st.loc["a", "low"] == 0.0 and st.loc["a", "challenger_low"] is None
        assert not check_matrix(m).by_rule("AK-DEC003")


def test_options_with_the_same_scores_share_their_wins():
    # A and A-copy tie under every weighting: they are first in the same half of them
    # (B in the other), and share it; argmax gave A all of it and A-copy 0 %
    m = matrix([{"name": "a", "weight": 1}, {"name": "b", "weight": 1}],
               {"A": {"a": 7, "b": 3}, "A-copy": {"a": 7, "b": 3}, "B": {"a": 3, "b": 7}})
    p = m.win_probability(samples=20_000)
    assert p["A"] == p["A-copy"]
    assert abs(p["A"] + p["A-copy"] - 0.5) < 0.02 and abs(p["B"] - 0.5) < 0.02
    # (TOPSIS normalises by the column norms over all options: the copy moves B too)
    t = m.win_probability(samples=20_000, method="topsis")
    assert t["A"] == t["A-copy"] > 0 and abs(t.sum() - 1) < 1e-12
    same = matrix([{"name": "a", "weight": 1}, {"name": "b", "weight": 2}],
                  {"X": {"a": 4, "b": 6}, "Y": {"a": 4, "b": 6}, "Z": {"a": 4, "b": 6}})
    assert list(same.win_probability(samples=999)) == [1 / 3] * 3


CYCLE = """system: cycle-order
services:
  e: {{kind: gateway, latency_ms: {{p50: 1, p99: 2}}}}
  {first}: {{latency_ms: {{p50: 10, p99: 30}}}}
  {second}: {{latency_ms: {{p50: 10, p99: 30}}}}
entrypoints: [e]
edges:
{edges}"""
EDGES = ["  - {from: e, to: c, timeout_ms: 100, circuit_breaker: true}",
         "  - {from: e, to: o, timeout_ms: 100, circuit_breaker: true}",
         "  - {from: o, to: c, timeout_ms: 100, circuit_breaker: true}",
         "  - {from: c, to: o, sync: false, calls: 0.01}"]


def test_load_round_a_cycle_counts_whatever_the_order_of_the_file():
    # traffic equations, 100 req/s at e: L_c = 100 + L_o, L_o = 100 + 0.01 L_c
    # -> L_c = 200 / 0.99 = 202.02, L_o = 102.02. The depth-first search dropped
    # whichever edge it met last: the synchronous o -> c in one order (c 100 req/s).
    want_c, want_o = 200 / 0.99, 100 + 2 / 0.99
    for first, second in (("c", "o"), ("o", "c")):
        for edges in (EDGES, EDGES[::-1]):
            model = loads_model(CYCLE.format(first=first, second=second,
                                             edges="\n".join(edges)))
            load = an.request_rates(model, 100)
            assert math.isclose(load["c"], want_c) and math.isclose(load["o"], want_o)
            assert load["e"] == 100


def test_a_cycle_that_sends_back_all_it_gets_keeps_its_synchronous_edges():
    # c -> o async with calls 1: the load round the cycle has no steady state; the async
    # edge is the one left out, so o's synchronous call to c counts: c 200, o 100
    edges = EDGES[:3] + ["  - {from: c, to: o, sync: false}"]
    for order in (edges, edges[::-1]):
        load = an.request_rates(loads_model(CYCLE.format(first="c", second="o",
                                                         edges="\n".join(order))), 100)
        assert (load["c"], load["o"]) == (200, 100)


def test_repeated_calls_are_drawn_anew_so_percentiles_are_as_precise_as_the_samples():
    # a calls the leaf b 10 times. The 10 calls reused b's one set of draws (shifted):
    # no bias, but the percentiles' spread over seeds was 7-8x the variance of
    # independent draws. Reference: independent Monte Carlo with the same sample count.
    model = loads_model("system: v\nservices:\n  a: {latency_ms: {p50: 1, p99: 1.1}}\n"
                        "  b: {latency_ms: {p50: 10, p99: 100}}\nentrypoints: [a]\n"
                        "edges:\n  - {from: a, to: b, calls: 10, timeout_ms: 5000, "
                        "circuit_breaker: true}\n")
    z = 2.3263478740408408                       # the 99th percentile of N(0, 1)

    def lognormal(rng, p50, p99, n):
        return np.exp(math.log(p50) + (math.log(p99) - math.log(p50)) / z
                      * rng.standard_normal(n))

    n, seeds = 5_000, 60
    ours = [np.percentile(an.simulate_latency(model, samples=n, seed=s)["a"], 99)
            for s in range(seeds)]
    rng = np.random.default_rng(12345)
    independent = [np.percentile(lognormal(rng, 1, 1.1, n)
                                 + sum(lognormal(rng, 10, 100, n) for _ in range(10)), 99)
                   for _ in range(seeds)]
    ratio = np.var(ours, ddof=1) / np.var(independent, ddof=1)
    assert ratio < 2.5, ratio                     # it was 7.2 for p99
    assert abs(np.mean(ours) / np.mean(independent) - 1) < 0.03


def test_a_timeout_bounds_the_wait_and_timed_out_attempts_are_retried():
    # b: p50 20 ms, p99 1000 ms; the caller gives it 50 ms. p99 was 976 ms behind the
    # 50 ms timeout (scout AE). Now each attempt waits at most 50 ms; with retries: 2 a
    # request waits > 100 ms only when its first two attempts time out:
    # q = P(b > 50) = 1 - Phi(ln(50/20) / sigma), sigma = ln(1000/20) / 2.3263.
    def model(retries: int):
        return loads_model(
            "system: t\nservices:\n  a: {latency_ms: {p50: 1, p99: 2}}\n"
            "  b: {latency_ms: {p50: 20, p99: 1000}}\nentrypoints: [a]\nedges:\n"
            f"  - {{from: a, to: b, timeout_ms: 50, retries: {retries}, "
            "circuit_breaker: true}\n")

    from statistics import NormalDist

    q = 1 - NormalDist().cdf(math.log(50 / 20) / (math.log(1000 / 20) / 2.3263478740408408))
    once = an.simulate_latency(model(0), samples=100_000)["a"]
    assert once.max() < 50 + 10                    # a's own time is a few ms at most
    assert abs((once > 50).mean() - q) < 0.01       # (a adds > 0: the timed-out ones)
    thrice = an.simulate_latency(model(2), samples=100_000)["a"]
    assert thrice.max() < 150 + 10
    assert abs((thrice > 100).mean() - q * q) < 0.01
    assert abs((thrice > 150).mean() - q ** 3) < 0.01


def _nested_model(outer: str, inner: str, a=(10, 200), b=(50, 300)):
    return loads_model(
        "system: n\nservices:\n  api: {latency_ms: {p50: 1, p99: 2}}\n"
        f"  a: {{latency_ms: {{p50: {a[0]}, p99: {a[1]}}}}}\n"
        f"  b: {{latency_ms: {{p50: {b[0]}, p99: {b[1]}}}}}\n"
        "entrypoints: [api]\nedges:\n"
        f"  - {{from: api, to: a, circuit_breaker: true, {outer}}}\n"
        f"  - {{from: a, to: b, circuit_breaker: true, {inner}}}\n")


def _direct_failures(outer_ms, outer_tries, inner_ms, inner_tries, a, b, optional=False,
                     n=400_000, seed=11):
    """The share of api's requests timeouts fail, simulated request by request: each
    attempt of api -> a draws a's own time and a's attempts to b anew; an attempt over
    outer_ms is given up (what happened inside it does not count); the request fails
    when every attempt is given up, or the one answered carries a's failure (every
    attempt of a -> b timed out), unless a -> b is optional."""
    rng = np.random.default_rng(seed)

    def draw(p50, p99):
        s = (math.log(p99) - math.log(p50)) / 2.3263478740408408
        return np.exp(math.log(p50) + s * rng.standard_normal(n))

    ok, answered = np.zeros(n, bool), np.zeros(n, bool)
    for _ in range(outer_tries):
        waited, b_ok = np.zeros(n), np.zeros(n, bool)
        for _ in range(inner_tries):
            t = draw(*b)
            waited += np.where(b_ok, 0.0, np.minimum(t, inner_ms))
            b_ok |= t <= inner_ms
        in_time = (1 + draw(*a) + waited <= outer_ms) & ~answered
        ok |= in_time & (b_ok | optional)
        answered |= in_time
    return 1 - ok.mean()


def test_a_timed_call_inside_another_timed_calls_attempt_fails_the_request_once():
    # api -> a (150 ms, 2 retries), a -> b (100 ms, 1 retry). When a -> b times out
    # twice, a has waited 200 ms: api's attempt has timed out too and is made again. The
    # two shares were multiplied as if independent: 96.2 % for 99.6 % (scout AW).
    cases = [("timeout_ms: 150, retries: 2", "timeout_ms: 100, retries: 1",
              (150, 3, 100, 2, (10, 200), (50, 300)), 0.001),
             # the caller's timeout below the callee's: most attempts are given up
             ("timeout_ms: 95", "timeout_ms: 100", (95, 1, 100, 1, (20, 400), (80, 400)), 0.01),
             # no inversion, heavy tails
             ("timeout_ms: 300, retries: 1", "timeout_ms: 100, retries: 1",
              (300, 2, 100, 2, (20, 400), (60, 600)), 0.006),
             # an optional call's failure is answered without: only api -> a's timeouts
             ("timeout_ms: 150, retries: 2", "timeout_ms: 100, retries: 1, optional: true",
              (150, 3, 100, 2, (10, 200), (50, 300), True), 0.002)]
    for outer, inner, args, tol in cases:
        model = _nested_model(outer, inner, args[4], args[5])
        expected = _direct_failures(*args)
        row = an.entrypoint_table(model, samples=100_000).loc["api"]
        assert abs(row["timed_out"] - expected) < tol, (outer, inner, row["timed_out"], expected)
        assert row["availability"] == 1 - row["timed_out"]
    # an inner failure rarer than one in the samples drawn still counts (it was from a
    # leaf's lognormal exactly, and is): a waits for b's error well within api's timeout
    rare = _nested_model("timeout_ms: 5000", "timeout_ms: 100", (10, 20), (10, 40))
    q = an.lognormal_tail(10, 40, 100)
    assert 0 < q < 1e-4
    assert an.entrypoint_table(rare, samples=1000).loc["api", "timed_out"] == pytest.approx(q)
    # where no timed call is made inside another's attempt, the shares multiply exactly
    flat = loads_model("system: f\nservices:\n  api: {}\n  a: {latency_ms: {p50: 10, p99: 200}}\n"
                       "  b: {latency_ms: {p50: 10, p99: 200}}\nentrypoints: [api]\nedges:\n"
                       "  - {from: api, to: a, timeout_ms: 100, circuit_breaker: true}\n"
                       "  - {from: api, to: b, timeout_ms: 100, circuit_breaker: true}\n")
    q = an.lognormal_tail(10, 200, 100)
    assert an.entrypoint_table(flat).loc["api", "timed_out"] == pytest.approx(1 - (1 - q) ** 2)


def test_capacity_mean_wait_is_m_g_c_for_the_fitted_service_time():
    # report: p50 5 ms, p99 200 ms (sigma = ln 40 / 2.3263, cv^2 = e^sigma^2 - 1 = 11.4),
    # 200 req/s, mean wait <= 10 ms. M/M/c said 5 replicas (Wq 4.5 ms); a discrete-event
    # simulation of that lognormal queue (scout AE, 300k requests) waits 18.7 ms at 5 and
    # 4.2 ms at 6. Allen-Cunneen: Wq(M/M/c) x (1 + cv^2) / 2.
    from archkit import reliability as rel

    sigma = math.log(200 / 5) / 2.3263478740408408
    cv2 = math.expm1(sigma * sigma)
    mean = 5 * math.exp(sigma * sigma / 2) / 1000
    lam, mu = 200.0, 1 / mean
    assert rel.mmc(lam, mu, 5).wq * (1 + cv2) / 2 > 0.010 >= rel.mmc(lam, mu, 6).wq * (1 + cv2) / 2
    assert rel.servers_needed(lam, mu, max_wait=0.010) == 5                 # M/M/c
    assert rel.servers_needed(lam, mu, max_wait=0.010, service_cv2=cv2) == 6
    model = loads_model("system: c\nservices:\n  api: {kind: gateway}\n"
                        "  report: {latency_ms: {p50: 5, p99: 200}, replicas: 5}\n"
                        "entrypoints: [api]\nedges:\n  - {from: api, to: report, "
                        "timeout_ms: 1000, circuit_breaker: true}\n")
    row = an.capacity_table(model, 200, max_wait_ms=10).loc["report"]
    assert (row["replicas_needed"], bool(row["enough"])) == (6, False)
    # a steady service queues less than an exponential one: M/M/1 at 50 of 100 req/s
    # waits rho / (mu - lam) = 10 ms on average, M/D/1-like (cv^2 0.01) about half
    assert rel.servers_needed(50, 100, max_wait=0.006) == 2
    assert rel.servers_needed(50, 100, max_wait=0.006, service_cv2=0.01) == 1


# -- numerical edges (scout AL): overflow and underflow gave a wrong answer with exit 0 ----
def test_topsis_does_not_depend_on_the_scale_of_the_scores():
    # x*x overflowed past 1.3e154 (and underflowed below 1e-162): the column became all
    # zeros and X, Y tied at 0.5 / 0.5. Hwang & Yoon's vector normalisation is scale-free.
    from archkit.tradeoff import methods

    X = np.array([[1.0, 5.0], [9.0, 4.0]])
    w = np.array([0.5, 0.5])
    benefit = np.array([True, True])
    base = methods.topsis(X, w, benefit)
    assert np.allclose(base, [0.1502, 0.8498], atol=5e-5)
    for factor in (1e160, 1e-170, 1e300, 1e-300):
        assert np.allclose(methods.topsis(X * factor, w, benefit), base, rtol=1e-12), factor
        a = methods.win_counts_topsis(X * factor, benefit, 500, np.random.default_rng(3))
        b = methods.win_counts_topsis(X, benefit, 500, np.random.default_rng(3))
        assert np.array_equal(a, b), factor


def test_a_scale_whose_span_overflows_gives_finite_scores():
    # hi - lo of [-1e308, 1e308] is inf: every score was NaN, "a tie", 100 % wins for one
    m = matrix([{"name": "a", "weight": 1}, {"name": "b", "weight": 1, "direction": "cost"}],
               {"X": {"a": 1e307, "b": 1}, "Y": {"a": 1e308, "b": 1}}, scale=(-1e308, 1e308))
    r = m.rank()
    assert np.isfinite(r["score"]).all()
    assert list(r.index) == ["Y", "X"]
    assert r.loc["Y", "score"] == 0.75 and abs(r.loc["X", "score"] - 0.525) < 1e-12


def test_weights_whose_sum_overflows_are_normalised():
    # 1e308 + 1e308 = inf: both weights became 0, every score 0, "a tie"
    m = matrix([{"name": "a", "weight": 1e308}, {"name": "b", "weight": 1e308}],
               {"X": {"a": 2, "b": 8}, "Y": {"a": 6, "b": 6}})
    assert m.weights.to_dict() == {"a": 0.5, "b": 0.5}
    assert m.rank().index[0] == "Y"


def test_integers_beyond_any_float_are_input_errors(tmp_path):
    # float() / math.isfinite() of a 400-digit integer raised OverflowError: exit 3
    from archkit.errors import InputError
    from archkit.tradeoff import ahp
    from tests.conftest import run_cli

    big = "9" * 400
    d = tmp_path / "d.yaml"
    d.write_text(f"title: e\nscale: [0, 10]\ncriteria: [{{name: a}}, {{name: b}}]\n"
                 f"ahp:\n  a: {{b: {big}}}\noptions:\n  X: {{a: 4, b: 2}}\n  Y: {{a: 5, b: 3}}\n")
    r = run_cli("decide", str(d))
    assert r.code == 2 and r.err.startswith(f"{d}:5:10: ") and "outside Saaty's scale" in r.err
    try:
        ahp([[1, 10**400], [1, 1]])
    except InputError:
        pass
    else:
        raise AssertionError("a judgement of 10**400 was accepted")
    (tmp_path / "services.yaml").write_text(
        "system: T\nservices:\n  web: {kind: frontend, availability: 0.999, "
        "latency_ms: {p50: 10, p99: 50}}\n")
    for section, key in (("slo", "p95_ms"), ("capacity", "rate_rps"),
                         ("decisions", "fragile_margin"), ("boundaries", "samples")):
        (tmp_path / "archkit.toml").write_text(f"[{section}]\n{key} = {big}\n")
        r = run_cli("run", str(tmp_path), "--out", str(tmp_path / "out"))
        assert r.code == 2, (section, key, r.err)
        assert r.err.startswith(f"{tmp_path / 'archkit.toml'}:2:1: [{section}] {key} = "), r.err
        assert "Traceback" not in r.err and r.err.count("\n") == 1


def test_reliability_functions_refuse_targets_that_mean_nothing():
    import pytest

    from archkit import reliability as rel

    for kwargs in ({"max_utilisation": 0}, {"max_utilisation": math.nan},
                   {"max_utilisation": -1}, {"max_wait": -1}, {"max_wait": math.nan},
                   {"quantile": 1.5, "max_response": 10}):
        with pytest.raises(ValueError, match="must be"):     # was: 100,000 servers tried
            rel.servers_needed(10, 1, **kwargs)
    assert rel.servers_needed(10, 1, max_utilisation=0.5) == 20
    with pytest.raises(ValueError, match="do not determine"):
        rel.littles_law(arrival_rate=0, in_system=5)
    assert rel.littles_law(arrival_rate=2, in_system=5) == 2.5
    with pytest.raises(ValueError, match="both finite"):
        rel.lognormal_from_percentiles(5, math.nan)
    with pytest.raises(ValueError, match="whole number"):
        rel.fanout_slow_probability(0.5, 2.5)
    with pytest.raises(ValueError, match="finite"):
        rel.time_to_exhaustion(math.nan)


def test_a_literal_of_more_digits_than_python_reads_is_an_input_error(tmp_path):
    # PyYAML and tomllib raise ValueError themselves past 4,300 digits: exit 3 (scout AP)
    from tests.conftest import run_cli

    big = "1" + "0" * 5000
    d = tmp_path / "d.yaml"
    d.write_text("title: e\nscale: [0, 10]\ncriteria:\n  - {name: a, weight: " + big
                 + "}\n  - {name: b, weight: 1}\noptions:\n  X: {a: 4, b: 2}\n")
    r = run_cli("decide", str(d))
    assert r.code == 2 and r.err == f"{d}:4:23: a number of 5,001 digits: beyond any " \
                                     "number archkit can use\n"
    (tmp_path / "archkit.toml").write_text(f"[boundaries]\nmax_sync_chain = {big}\n")
    r = run_cli("run", str(tmp_path), "--out", str(tmp_path / "out"))
    assert r.code == 2 and r.err.startswith(f"{tmp_path / 'archkit.toml'}:2:18: a number of "
                                            "5,001 digits")


def test_entry_points_in_one_cycle_each_have_their_own_call_tree():
    """a -> b -> a, both entry points: made acyclic from both at once, b's call into a was
    cut (b's p50 56 ms for the 59 ms of b alone) and so were b -> a's timeouts, while b's
    availability walked b's own tree (scout AW F14)."""
    model = loads_model(
        "system: cycle\nservices:\n"
        "  a: {kind: gateway, availability: 0.999, latency_ms: {p50: 5, p99: 20}}\n"
        "  b: {kind: gateway, availability: 0.99, latency_ms: {p50: 5, p99: 20}}\n"
        "  c: {availability: 0.9, latency_ms: {p50: 50, p99: 500}}\n"
        "entrypoints: [a, b]\nedges:\n"
        "  - {from: a, to: b, calls: 0.5, timeout_ms: 100, circuit_breaker: true}\n"
        "  - {from: b, to: a, calls: 0.5, timeout_ms: 30, circuit_breaker: true}\n"
        "  - {from: b, to: c, calls: 1, timeout_ms: 200, circuit_breaker: true}\n")
    both = an.simulate_latency(model, samples=20_000)
    for e in ("a", "b"):
        assert np.array_equal(both[e], an.simulate_latency(model, [e], samples=20_000)[e])
    shares = an.timeout_failures(model)
    assert set(shares.timed_out) == {("a", "b"), ("b", "a"), ("b", "c")}
    assert shares.timed_out[("b", "a")] > 0          # a alone takes > 30 ms at times


def test_entry_points_in_a_longer_cycle_meet_their_own_trees_timeouts():
    """a -> b -> c -> a, entry points a and b: b's requests go b -> c -> a, and c -> a
    (15 ms against a's p50 of 10 ms) times out on a quarter of them. b's availability
    read each edge's shares from a's tree, where c calls no a: 99.97 % for the 75.2 %
    a request-by-request simulation gives (scout AX). Each entry point's own now."""
    model = loads_model(
        "system: cycle\nservices:\n"
        "  a: {kind: frontend, availability: 0.9999, latency_ms: {p50: 10, p99: 40}}\n"
        "  b: {kind: gateway, availability: 0.9999, latency_ms: {p50: 10, p99: 40}}\n"
        "  c: {availability: 0.9999, latency_ms: {p50: 20, p99: 100}}\n"
        "entrypoints: [a, b]\nedges:\n"
        "  - {from: a, to: b, timeout_ms: 300, circuit_breaker: true}\n"
        "  - {from: b, to: c, timeout_ms: 300, circuit_breaker: true}\n"
        "  - {from: c, to: a, timeout_ms: 15, circuit_breaker: true}\n")
    q = an.lognormal_tail(10, 40, 15)            # a, a leaf in b's tree, over 15 ms
    assert 0.2 < q < 0.3
    table = an.entrypoint_table(model, samples=20_000)
    assert table.loc["b", "timed_out"] == pytest.approx(q, abs=0.003)
    assert table.loc["b", "availability"] == pytest.approx((1 - q) * 0.9999 ** 3, abs=0.003)
    assert table.loc["a", "timed_out"] < 0.001   # a's tree: c makes no call back to a
    shares = an.timeout_failures(model)
    assert shares.of("b").failed[("b", "c")] == pytest.approx(q, abs=0.003)
    assert shares.of("a").failed[("b", "c")] < 0.001
    # the check says the same figure as the table
    from archkit.boundaries.checks import check as check_model

    found = {f.object: f.message for f in check_model(model) if f.rule == "AK-SVC016"}
    said = an.entrypoint_table(model).loc["b", "availability"]      # (the check's samples)
    assert f"{said:.4%} of the requests to entry point b" in found["b"]
