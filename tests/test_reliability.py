"""Reliability maths against hand-derived values, and the properties users rely on."""

from __future__ import annotations

import math
from datetime import timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archkit import reliability as rel

prob = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
probs = st.lists(prob, min_size=1, max_size=8)


# -- availability: oracles ------------------------------------------------------------------
def test_serial_and_parallel_by_hand():
    # 0.9999 * 0.9999 = 0.99980001 ; 1 - 0.01 * 0.01 = 0.9999
    assert rel.serial(0.9999, 0.9999) == pytest.approx(0.99980001, abs=1e-15)
    assert rel.parallel(0.99, 0.99) == pytest.approx(0.9999, abs=1e-15)
    assert rel.serial([0.9, 0.8, 0.5]) == pytest.approx(0.36)
    assert rel.parallel([0.9, 0.8]) == pytest.approx(1 - 0.1 * 0.2)


def test_k_of_n_by_hand():
    # 2 of 3 at a = 0.99: a^3 + 3 a^2 (1 - a) = 0.970299 + 0.029403 = 0.999702
    assert rel.k_of_n(2, 3, 0.99) == pytest.approx(0.999702, abs=1e-12)
    # 3 of 3 is serial, 1 of 3 is parallel
    assert rel.k_of_n(3, 3, 0.9) == pytest.approx(0.729)
    assert rel.k_of_n(1, 3, 0.9) == pytest.approx(0.999)
    assert rel.k_of_n(0, 3, 0.2) == 1.0


def test_k_of_n_is_accurate_close_to_one():
    # P(fewer than 2 of 3 up) = (1 - a)^3 + 3 a (1 - a)^2: about 3e-8, kept to 6 digits
    assert 1 - rel.k_of_n(2, 3, 0.9999) == pytest.approx(3 * 0.9999 * 1e-8 + 1e-12, rel=1e-6)


def test_downtime_and_nines():
    # (1 - 0.9999) * 30 days = 0.0001 * 43200 min = 4.32 min
    assert rel.downtime(0.9999) == timedelta(minutes=4.32)
    assert rel.downtime(0.999, days=365).total_seconds() / 3600 == pytest.approx(8.76)
    assert rel.nines(0.999) == pytest.approx(3.0)
    assert rel.nines(1.0) == math.inf


def test_fanout_tail_by_hand():
    # 1 - 0.99^100 = 0.63397...
    assert rel.fanout_slow_probability(p=0.01, n=100) == pytest.approx(0.6339676587, abs=1e-9)
    assert rel.fanout_slow_probability(p=0.01, n=1) == pytest.approx(0.01)
    assert rel.fanout_slow_probability(p=0.5, n=0) == 0.0
    # 0.99 ** (1/100) = 0.999899...: each leaf must meet its p99.99 for the request's p99
    assert rel.leaf_quantile(q=0.99, n=100) == pytest.approx(0.9998995017, abs=1e-9)


def test_error_budget_and_burn_rate():
    b = rel.error_budget(0.999, days=30, requests=1_000_000)
    assert b.fraction == pytest.approx(0.001)
    assert b.downtime == timedelta(minutes=43.2)
    assert b.failed_requests == pytest.approx(1000)
    # 200 failures of 1,000,000 use 20 % of the budget
    assert b.remaining(200, 1_000_000) == pytest.approx(0.8)
    # an error rate of 1.44 % against 99.9 % burns 14.4x: the budget lasts 30/14.4 days
    assert rel.burn_rate(0.0144, 0.999) == pytest.approx(14.4)
    assert rel.time_to_exhaustion(14.4).total_seconds() / 3600 == pytest.approx(50.0)
    with pytest.raises(ValueError):
        rel.error_budget(1.0)


def test_bad_probabilities_are_refused():
    for bad in (-0.1, 1.5, float("nan")):
        with pytest.raises(ValueError):
            rel.serial(bad)
    with pytest.raises(ValueError):
        rel.k_of_n(4, 3, 0.9)


# -- availability: properties --------------------------------------------------------------
@given(probs)
def test_parallel_never_below_best_component(a):
    assert rel.parallel(a) >= max(a) - 1e-12


@given(probs)
def test_serial_never_above_worst_component(a):
    assert rel.serial(a) <= min(a) + 1e-12


@given(st.integers(min_value=1, max_value=12), prob)
def test_one_of_n_equals_parallel(n, a):
    assert rel.k_of_n(1, n, a) == pytest.approx(rel.parallel([a] * n), abs=1e-12)


@given(st.integers(min_value=1, max_value=12), prob)
def test_n_of_n_equals_serial(n, a):
    assert rel.k_of_n(n, n, a) == pytest.approx(rel.serial([a] * n), abs=1e-12)


@given(st.integers(min_value=2, max_value=10), st.data())
def test_k_of_n_decreases_in_k(n, data):
    a = data.draw(prob)
    values = [rel.k_of_n(k, n, a) for k in range(n + 1)]
    assert all(x >= y - 1e-12 for x, y in pairwise(values))


# -- queues: oracles --------------------------------------------------------------------------
def test_mm1_by_hand():
    q = rel.mm1(80, 100)
    assert q.utilisation == pytest.approx(0.8)
    assert q.p_wait == pytest.approx(0.8)         # M/M/1: P(wait) = rho
    assert q.w == pytest.approx(0.05)             # 1/(100 - 80)
    assert q.wq == pytest.approx(0.04)            # rho/(mu - lambda)
    assert q.l == pytest.approx(4.0)              # Little: 80 * 0.05
    assert q.lq == pytest.approx(3.2)
    assert q.wait_quantile(0.99) == pytest.approx(math.log(100) / 20)   # 0.2303 s
    assert q.wait_quantile(0.99) == pytest.approx(0.2302585, abs=1e-6)


def test_mmc_erlang_c_by_hand():
    # c = 3, a = 2: C = (8/6 * 3) / (1 + 2 + 2 + 4) = 4/9
    q = rel.mmc(2, 1, 3)
    assert q.p_wait == pytest.approx(4 / 9)
    assert q.wq == pytest.approx((4 / 9) / (3 - 2))
    assert q.w == pytest.approx(4 / 9 + 1)
    # c = 2, a = 1: C = (1/2 * 2) / (1 + 1 + 1) = 1/3; Wq = (1/3)/(2 - 1)
    q2 = rel.mmc(1, 1, 2)
    assert q2.p_wait == pytest.approx(1 / 3)
    assert q2.wq == pytest.approx(1 / 3)
    assert rel.erlang_b(2, 1) == pytest.approx(0.2)   # (1/2)/(1 + 1 + 1/2)


def test_mmc_with_one_server_is_mm1():
    a, b = rel.mmc(80, 100, 1), rel.mm1(80, 100)
    assert (a.p_wait, a.wq, a.w) == pytest.approx((b.p_wait, b.wq, b.w))


def test_mmc_response_quantile_matches_its_distribution():
    q = rel.mmc(2, 1, 3)
    t = q.wait_quantile(0.99)
    assert q.response_survival(t) == pytest.approx(0.01, abs=1e-9)
    # the queueing-only quantile: P(Wq > t) = C e^{-(c mu - lambda) t} = 0.01
    assert q.queue_wait_quantile(0.99) == pytest.approx(math.log((4 / 9) / 0.01))
    assert q.queue_wait_quantile(0.5) == 0.0       # most requests never wait (C < 0.5)


def test_erlang_c_is_stable_for_a_thousand_servers():
    q = rel.mmc(950, 1, 1000)
    assert 0 < q.p_wait < 1 and math.isfinite(q.wq)
    # the recursion agrees with the exact formula computed with logarithms
    c, a = 1000, 950.0
    log_terms = [k * math.log(a) - math.lgamma(k + 1) for k in range(c)]
    top = c * math.log(a) - math.lgamma(c + 1) + math.log(c / (c - a))
    m = max(log_terms + [top])
    exact = math.exp(top - m) / (sum(math.exp(t - m) for t in log_terms) + math.exp(top - m))
    assert q.p_wait == pytest.approx(exact, rel=1e-9)


def test_unstable_queue_reports_infinite_times():
    q = rel.mmc(120, 100, 1)
    assert not q.stable and q.w == math.inf and q.wait_quantile(0.5) == math.inf
    assert "unstable" in q._repr_html_()
    with pytest.raises(ValueError):
        rel.mmc(1, 0, 1)
    with pytest.raises(ValueError):
        rel.mmc(1, 1, 0)


def test_littles_law():
    assert rel.littles_law(arrival_rate=80, time_in_system=0.05) == pytest.approx(4)
    assert rel.littles_law(arrival_rate=80, in_system=4) == pytest.approx(0.05)
    assert rel.littles_law(time_in_system=0.05, in_system=4) == pytest.approx(80)
    with pytest.raises(ValueError):
        rel.littles_law(arrival_rate=1)


def test_servers_needed():
    # 2 req/s at 1 req/s per server: 3 servers give Wq = 4/9 s; 4 give less
    assert rel.servers_needed(2, 1, max_wait=0.5) == 3
    four = rel.mmc(2, 1, 4).wq
    assert rel.servers_needed(2, 1, max_wait=four) == 4
    assert rel.servers_needed(2, 1, max_wait=four - 1e-9) == 5
    assert rel.servers_needed(90, 1, max_utilisation=0.5) == 180
    # p99 response: 3 servers give 5.89 s, 4 give 4.76 s (checked against the distribution)
    assert rel.servers_needed(2, 1, quantile=0.99, max_response=6.0) == 3
    assert rel.servers_needed(2, 1, quantile=0.99, max_response=5.0) == 4
    with pytest.raises(ValueError):
        rel.servers_needed(2, 1, quantile=0.99, max_response=0.1)  # service alone is slower


def test_k_of_n_with_more_components_than_a_float_binomial_holds():
    # C(1030, 515) is beyond a float: 1,030 replicas crashed the boundaries check
    assert rel.k_of_n(1, 1030, 0.9995) == 1.0
    assert rel.k_of_n(50_000, 100_000, 0.5) == pytest.approx(0.5, abs=0.002)
    # the log-space terms agree with the exact ones where both work
    assert rel._binomial_term(1000, 990, 0.999) == pytest.approx(
        math.comb(1000, 990) * 0.999**990 * 0.001**10, rel=1e-9)
    assert rel.k_of_n(1001, 1001, 0.9) == pytest.approx(0.9**1001, rel=1e-9)


def test_servers_needed_refuses_a_load_beyond_its_limit_at_once():
    # 1e12 req/s used to step an O(c) recursion towards a trillion servers (a hang)
    import time

    t = time.perf_counter()
    with pytest.raises(ValueError, match="more than 100000 servers"):
        rel.servers_needed(1e12, 1.0)
    assert time.perf_counter() - t < 1.0


# -- queues: properties ------------------------------------------------------------------------
rates = st.floats(min_value=0.01, max_value=1000, allow_nan=False)


@settings(max_examples=60)
@given(rates, st.floats(min_value=0.05, max_value=0.98), st.integers(1, 200),
       st.floats(min_value=0.01, max_value=0.98), st.floats(min_value=0.001, max_value=0.0199))
def test_wait_quantile_monotone_in_p(mu, rho, c, p, dp):
    q = rel.mmc(rho * c * mu, mu, c)
    assert q.wait_quantile(p) <= q.wait_quantile(min(p + dp, 0.999)) + 1e-12


@settings(max_examples=60)
@given(rates, st.floats(min_value=0.05, max_value=0.95), st.integers(1, 300))
def test_erlang_c_is_a_probability_and_more_servers_wait_less(mu, rho, c):
    lam = rho * c * mu
    q, bigger = rel.mmc(lam, mu, c), rel.mmc(lam, mu, c + 1)
    assert 0.0 <= q.p_wait <= 1.0
    assert bigger.wq <= q.wq + 1e-12
    assert q.w == pytest.approx(q.wq + 1 / mu)
