"""Reliability and capacity maths: availability, error budgets, fan-out tails, queues.

Plain functions over floats (numpy only where arrays help). Formulas:

* serial ``Π a``; parallel ``1 − Π(1 − a)``; k-of-n ``Σ_{i≥k} C(n,i) aⁱ(1−a)^{n−i}``.
* allowed downtime ``(1 − SLO) × period``: 99.99 % → 4.32 min per 30 days.
* fan-out: ``P(request slow) = 1 − (1 − p)^N``; leaf quantile for a request quantile q
  is ``q^(1/N)``.
* Little ``L = λW``; M/M/1 ``W = 1/(μ − λ)``; M/M/c through Erlang C computed with
  the stable Erlang-B recursion ``B_k = a·B_{k−1}/(k + a·B_{k−1})``,
  ``C = c·B_c/(c − a(1 − B_c))``, ``Wq = C/(cμ − λ)`` (``a = λ/μ``).

Times are in the unit of the rates (per second rates → seconds).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

__all__ = [
    "ErrorBudget",
    "Queue",
    "burn_rate",
    "downtime",
    "erlang_b",
    "erlang_c",
    "error_budget",
    "fanout_slow_probability",
    "k_of_n",
    "leaf_quantile",
    "littles_law",
    "lognormal_from_percentiles",
    "mm1",
    "mmc",
    "nines",
    "parallel",
    "percentiles",
    "serial",
    "servers_needed",
    "simulate_calls",
    "time_to_exhaustion",
]


def _flat(values: tuple) -> list[float]:
    out: list[float] = []
    for v in values:
        if isinstance(v, Iterable) and not isinstance(v, (str, bytes)):
            out.extend(float(x) for x in v)
        else:
            out.append(float(v))
    for a in out:
        if not (0.0 <= a <= 1.0) or math.isnan(a):
            raise ValueError(f"availability {a!r} is not a probability in [0, 1]")
    return out


def serial(*availabilities: float | Iterable[float]) -> float:
    """All components must be up: ``Π a``. Accepts numbers or one iterable."""
    return math.prod(_flat(availabilities))


def parallel(*availabilities: float | Iterable[float]) -> float:
    """At least one component up: ``1 − Π(1 − a)``."""
    return 1.0 - math.prod(1.0 - a for a in _flat(availabilities))


def k_of_n(k: int, n: int, availability: float) -> float:
    """At least ``k`` of ``n`` identical components up (binomial tail)."""
    if not (isinstance(k, numbers.Integral) and isinstance(n, numbers.Integral)) \
            or n < 1 or not 0 <= k <= n:
        raise ValueError(f"need whole numbers 0 <= k <= n, n >= 1 (got k={k}, n={n})")
    k, n = int(k), int(n)
    a = _flat((availability,))[0]
    if k == 0:
        return 1.0
    # the complement sum is the more accurate one when a is close to 1
    term = _binomial_term if n > 1000 else \
        (lambda n, i, a: math.comb(n, i) * a**i * (1 - a) ** (n - i))
    fail = sum(term(n, i, a) for i in range(k))
    up = sum(term(n, i, a) for i in range(k, n + 1))
    return up if up < 0.5 else 1.0 - fail


def _binomial_term(n: int, i: int, a: float) -> float:
    """C(n, i) a^i (1-a)^(n-i) in logs: past ~1,030 components C(n, i) is beyond a float."""
    if a <= 0.0 or a >= 1.0:
        return float(i == (n if a >= 1.0 else 0))
    return math.exp(math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1)
                    + i * math.log(a) + (n - i) * math.log1p(-a))


def _period(days: float | None, period: timedelta | None) -> timedelta:
    if period is not None:
        return period
    return timedelta(days=30 if days is None else days)


def downtime(availability: float, days: float | None = None, *,
             period: timedelta | None = None) -> timedelta:
    """Allowed downtime for an availability over a period (default 30 days)."""
    a = _flat((availability,))[0]
    return (1.0 - a) * _period(days, period)


def nines(availability: float) -> float:
    """Number of nines: 0.999 → 3.0, 0.9995 → 3.3."""
    a = _flat((availability,))[0]
    return math.inf if a >= 1.0 else -math.log10(1.0 - a)


def fanout_slow_probability(p: float, n: int) -> float:
    """Chance that a request fanning out to ``n`` leaves meets at least one slow leaf."""
    p = _flat((p,))[0]
    if isinstance(n, bool) or n != int(n) or n < 0:
        raise ValueError(f"n is a number of leaves (a whole number >= 0), got {n!r}")
    return -math.expm1(n * math.log1p(-p)) if p < 1 else (1.0 if n > 0 else 0.0)


def leaf_quantile(q: float, n: int) -> float:
    """The quantile each of ``n`` leaves must meet for the request to meet quantile ``q``."""
    q = _flat((q,))[0]
    if n < 1:
        raise ValueError("n must be >= 1")
    return q ** (1.0 / n)


# -- error budgets ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ErrorBudget:
    """What an SLO allows over a period."""

    slo: float
    period: timedelta
    requests: float | None = None

    @property
    def fraction(self) -> float:
        return 1.0 - self.slo

    @property
    def downtime(self) -> timedelta:
        return self.fraction * self.period

    @property
    def failed_requests(self) -> float | None:
        return None if self.requests is None else self.fraction * self.requests

    def remaining(self, bad: float, total: float) -> float:
        """Share of the budget left after ``bad`` of ``total`` requests failed (may go < 0)."""
        if total <= 0:
            return 1.0
        return 1.0 - (bad / total) / self.fraction

    def _repr_html_(self) -> str:
        req = ("" if self.requests is None else
               f", {self.failed_requests:,.0f} failed requests of {self.requests:,.0f}")
        return (f"<p>SLO {self.slo:.4%}: error budget {self.fraction:.4%} = "
                f"{self.downtime} of downtime per {self.period.days} days{req}</p>")


def error_budget(slo: float, days: float | None = None, *, requests: float | None = None,
                 period: timedelta | None = None) -> ErrorBudget:
    slo = _flat((slo,))[0]
    if slo >= 1.0:
        raise ValueError("an SLO of 100 % leaves no error budget: use e.g. 0.999")
    return ErrorBudget(slo, _period(days, period), requests)


def burn_rate(error_rate: float, slo: float) -> float:
    """How fast the budget burns: observed error rate / allowed error rate (1 = on budget)."""
    error_rate, slo = _flat((error_rate, slo))
    if slo >= 1.0:
        raise ValueError("an SLO of 100 % leaves no error budget")
    return error_rate / (1.0 - slo)


def time_to_exhaustion(rate: float, days: float | None = None, *,
                       period: timedelta | None = None) -> timedelta:
    """At a constant burn rate, how long a full budget for the period lasts."""
    if not math.isfinite(rate):
        raise ValueError(f"the burn rate must be a finite number, got {rate!r}")
    if rate <= 0:
        return timedelta.max
    return _period(days, period) / rate


# -- queues ----------------------------------------------------------------------------------
def littles_law(*, arrival_rate: float | None = None, time_in_system: float | None = None,
                in_system: float | None = None) -> float:
    """L = λW: give two of the three, get the third."""
    given = [x is not None for x in (arrival_rate, time_in_system, in_system)]
    if sum(given) != 2:
        raise ValueError("give exactly two of arrival_rate, time_in_system, in_system")
    for name, x in (("arrival_rate", arrival_rate), ("time_in_system", time_in_system),
                    ("in_system", in_system)):
        if x is not None and not (math.isfinite(x) and x >= 0):
            raise ValueError(f"{name} must be a finite number >= 0, got {x!r}")
    if in_system is None:
        return arrival_rate * time_in_system  # type: ignore[operator]
    divisor = arrival_rate if time_in_system is None else time_in_system
    if divisor == 0:
        raise ValueError("with nothing arriving (or no time in the system) the other two "
                         "do not determine the third")
    return in_system / divisor  # type: ignore[operator]


def erlang_b(c: int, a: float) -> float:
    """Erlang B blocking probability by the stable recursion (no factorials)."""
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(c: int, a: float) -> float:
    """Probability that an arrival waits in M/M/c with offered load ``a = λ/μ`` (< c)."""
    if a >= c:
        return 1.0
    b = erlang_b(c, a)
    return c * b / (c - a * (1.0 - b))


@dataclass(frozen=True)
class Queue:
    """An M/M/c queue: arrival rate λ, service rate μ per server, c servers."""

    lam: float
    mu: float
    c: int = 1

    @property
    def offered_load(self) -> float:
        return self.lam / self.mu

    @property
    def utilisation(self) -> float:
        return self.lam / (self.c * self.mu)

    @property
    def stable(self) -> bool:
        return self.utilisation < 1.0

    @cached_property
    def p_wait(self) -> float:
        """Probability that a request has to queue (Erlang C)."""
        return erlang_c(self.c, self.offered_load)

    @property
    def _theta(self) -> float:
        return self.c * self.mu - self.lam

    @property
    def wq(self) -> float:
        """Mean time waiting in the queue."""
        return self.p_wait / self._theta if self.stable else math.inf

    @property
    def w(self) -> float:
        """Mean time in the system (waiting + service): the mean response time."""
        return self.wq + 1.0 / self.mu

    @property
    def lq(self) -> float:
        return self.lam * self.wq

    @property
    def l(self) -> float:  # noqa: E743  (Little's law: L = λW)
        return self.lam * self.w

    def queue_wait_quantile(self, p: float) -> float:
        """p-quantile of the time spent queueing (0 when the request never waits)."""
        _check_p(p)
        if not self.stable:
            return math.inf
        pw = self.p_wait
        if 1.0 - p >= pw:
            return 0.0
        return math.log(pw / (1.0 - p)) / self._theta

    def response_survival(self, t: float) -> float:
        """P(time in system > t): service Exp(μ) plus, with prob. C, an Exp(cμ − λ) wait."""
        if not self.stable:
            return 1.0
        mu, th, pw = self.mu, self._theta, self.p_wait
        s_service = math.exp(-mu * t)
        if abs(th - mu) < 1e-12 * mu:
            s_hypo = (1.0 + mu * t) * math.exp(-mu * t)
        else:
            s_hypo = (th * math.exp(-mu * t) - mu * math.exp(-th * t)) / (th - mu)
        return (1.0 - pw) * s_service + pw * s_hypo

    def wait_quantile(self, p: float) -> float:
        """p-quantile of the response time (queueing + service) a request waits for.

        M/M/1: exactly ``−ln(1 − p)/(μ − λ)``; M/M/c: solved from the exact
        distribution by bisection. Monotone in ``p``.
        """
        _check_p(p)
        if not self.stable:
            return math.inf
        if self.c == 1:
            return -math.log1p(-p) / self._theta
        target = 1.0 - p
        lo, hi = 0.0, 1.0 / min(self.mu, self._theta)
        while self.response_survival(hi) > target:
            hi *= 2.0
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            if self.response_survival(mid) > target:
                lo = mid
            else:
                hi = mid
            if hi - lo <= 1e-12 * hi:
                break
        return 0.5 * (lo + hi)

    def _repr_html_(self) -> str:
        if not self.stable:
            return (f"<p>M/M/{self.c}: λ={self.lam:g}, μ={self.mu:g}: utilisation "
                    f"{self.utilisation:.0%} — <b>unstable</b>, the queue grows without bound</p>")
        return (f"<p>M/M/{self.c}: λ={self.lam:g}/s, μ={self.mu:g}/s, utilisation "
                f"{self.utilisation:.1%}, P(wait) {self.p_wait:.1%}, mean wait "
                f"{self.wq * 1000:.1f} ms, mean response {self.w * 1000:.1f} ms, p99 response "
                f"{self.wait_quantile(0.99) * 1000:.1f} ms</p>")


def _check_p(p: float) -> None:
    if not 0.0 <= p < 1.0:
        raise ValueError(f"quantile p must be in [0, 1), got {p!r}")


def _check_rates(lam: float, mu: float, c: int) -> None:
    if isinstance(c, bool) or not (isinstance(c, numbers.Integral) and c >= 1):
        raise ValueError(f"c (servers) must be a whole number >= 1, got {c!r}")
    if not (lam >= 0 and math.isfinite(lam)):
        raise ValueError(f"arrival rate must be >= 0, got {lam!r}")
    if not (mu > 0 and math.isfinite(mu)):
        raise ValueError(f"service rate must be > 0, got {mu!r}")


def mm1(lam: float, mu: float) -> Queue:
    """One server. ``mm1(80, 100).w`` → 0.05 s; unstable when λ ≥ μ (times are inf)."""
    _check_rates(lam, mu, 1)
    return Queue(float(lam), float(mu), 1)


def mmc(lam: float, mu: float, c: int) -> Queue:
    """``c`` servers sharing one queue (Erlang C); stable to c in the thousands."""
    _check_rates(lam, mu, c)
    return Queue(float(lam), float(mu), int(c))


def servers_needed(lam: float, mu: float, *, max_wait: float | None = None,
                   quantile: float | None = None, max_response: float | None = None,
                   max_utilisation: float = 1.0, limit: int = 100_000,
                   service_cv2: float = 1.0) -> int:
    """Fewest servers so the queue is stable and meets every target given.

    ``max_wait``: mean queueing time (``wq``); ``max_response`` with ``quantile``: the
    response-time quantile (e.g. p99 ≤ 0.2 s); ``max_utilisation``: a ceiling on ρ.
    ``service_cv2``: the squared coefficient of variation of the service time (1 for an
    exponential one, M/M/c). Another value makes the mean wait M/G/c's by the
    Allen–Cunneen approximation, Wq ≈ Wq(M/M/c)·(1 + cv²)/2: a steady service queues
    less, a heavy-tailed one more (a lognormal's cv² = e^σ² − 1). The response-time
    quantile stays M/M/c's.
    """
    _check_rates(lam, mu, 1)
    if not (service_cv2 >= 0 and math.isfinite(service_cv2)):
        raise ValueError(f"service_cv2 must be a finite number >= 0, got {service_cv2!r}")
    wait_factor = (1.0 + service_cv2) / 2.0
    if not (0 < max_utilisation <= 1):        # (NaN fails too)
        raise ValueError(f"max_utilisation must be above 0 and at most 1, got "
                         f"{max_utilisation!r}")
    for name, target in (("max_wait", max_wait), ("max_response", max_response)):
        if target is not None and not (target >= 0 and math.isfinite(target)):
            raise ValueError(f"{name} must be a finite number >= 0, got {target!r}")
    if quantile is not None and not (0 < quantile < 1):
        raise ValueError(f"quantile must be between 0 and 1 (0.99 for p99), got {quantile!r}")
    if quantile is not None and max_response is None:
        raise ValueError("quantile needs max_response (the target for that quantile)")
    if max_response is not None and max_response < 1.0 / mu * -math.log1p(-(quantile or 0.5)):
        raise ValueError("no number of servers can meet that response time: the service "
                         "time alone exceeds it")
    a = lam / mu
    c = max(1, math.floor(a / max_utilisation))
    if c > limit:                    # before the O(c) recursion: 1e12 req/s must not hang
        raise ValueError(f"more than {limit} servers needed (offered load {a:.4g} Erlangs)")
    b = erlang_b(c, a)               # then stepped with the recursion: O(c) overall
    while c <= limit:
        q = Queue(float(lam), float(mu), c)
        q.__dict__["p_wait"] = 1.0 if a >= c else c * b / (c - a * (1.0 - b))
        ok = q.stable and q.utilisation <= max_utilisation
        if ok and max_wait is not None:
            ok = q.wq * wait_factor <= max_wait
        if ok and max_response is not None:
            ok = q.wait_quantile(quantile if quantile is not None else 0.5) <= max_response
        if ok:
            return c
        c += 1
        b = a * b / (c + a * b)
    raise ValueError(f"more than {limit} servers needed")


# -- latency distributions ---------------------------------------------------------------------
Z99 = 2.3263478740408408   # standard normal 0.99 quantile


def lognormal_from_percentiles(p50: float, p99: float) -> tuple[float, float]:
    """(μ, σ) of the lognormal whose median is ``p50`` and 99th percentile ``p99``."""
    if not (0 < p50 <= p99 and math.isfinite(p99)):       # (NaN fails too)
        raise ValueError(f"need 0 < p50 <= p99, both finite, got p50={p50}, p99={p99}")
    return math.log(p50), (math.log(p99) - math.log(p50)) / Z99


def simulate_calls(stages: Iterable[tuple[float, float]], *, parallel: bool = False,
                   samples: int = 100_000, seed: int = 0):
    """Latency of a request that calls every stage (p50, p99): in sequence (sum) or in
    parallel (slowest). Returns a numpy array of ``samples`` draws (fixed seed)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    total = np.zeros(samples)
    for p50, p99 in stages:
        mu, sigma = lognormal_from_percentiles(p50, p99)
        x = np.exp(mu + sigma * rng.standard_normal(samples))
        total = np.maximum(total, x) if parallel else total + x
    return total


def percentiles(samples, qs: Iterable[float] = (50, 95, 99), *, digits: int | None = 1
                ) -> dict[str, float]:
    """``{"p50": .., "p95": .., "p99": ..}`` of an array of latencies (rounded to ``digits``)."""
    import numpy as np

    qs = list(qs)
    values = np.percentile(np.asarray(samples), qs)
    return {f"p{q:g}": (float(v) if digits is None else round(float(v), digits))
            for q, v in zip(qs, values)}
