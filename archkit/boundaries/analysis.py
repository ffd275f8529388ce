"""Per-entry-point reliability of a service model: composite availability, Monte-Carlo
latency percentiles, and the replicas each service needs for a request rate.

Conventions (also in docs/boundaries.md):

* ``availability`` of an element is that of one replica; ``replicas`` (default 1) are
  redundant copies, so the element is up when at least ``k`` (default 1) are up.
* An entry point needs every element reachable from it over synchronous edges; each
  is counted once (it is down for all its callers at once). Async edges are excluded,
  and so are edges marked ``optional: true`` (the caller answers without them).
* A request succeeds when every element it uses is up and no call it makes times out
  on every attempt: the calls it makes are drawn as the latency model draws them
  (``calls``: whole calls always, a fractional part with that probability, each call's
  own calls anew), so its availability is the mean, over the drawn requests, of the
  product of the availabilities of the elements each used and of the chances its timed
  calls answer in time (a timed call fails when every attempt times out, or when the
  attempt that answered carries the failure of a timed call made inside it). The
  floor is that for a request making every call it may; with no fractional call and no
  timeout, both are the product over every element.
* ``latency_ms`` is an element's *own* time (p50/p99), without its downstream calls.
  It is fitted to a lognormal: ``μ = ln p50``, ``σ = (ln p99 − ln p50)/z₀.₉₉``.
* A request to a node takes its own time, plus for every synchronous outgoing edge
  ``calls`` calls (a fractional part is a call made that often), one after another,
  except edges marked ``parallel: true``, which run concurrently (the slowest decides).
* Each node's simulated latencies are computed once and reused by every caller with a
  random circular shift, which keeps callers' draws independent of each other.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import networkx as nx
import numpy as np

from archkit import reliability as rel
from archkit.boundaries.graph import acyclic, order_index, sync_reachable, to_graph
from archkit.errors import finite_number

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from archkit.boundaries.model import Element, SystemModel

Z99 = rel.Z99


# -- availability ----------------------------------------------------------------------------
def element_availability(el: Element, *, needed: int = 1,
                         overrides: Mapping[str, Mapping[str, Any]] | None = None) -> float:
    """One element's availability with its replicas as ``needed``-of-``replicas``."""
    o = (overrides or {}).get(el.name, {})
    a = o.get("availability", el.availability)
    r = int(o.get("replicas", el.replicas or 1))
    if a is None:
        return 1.0
    return rel.k_of_n(min(needed, r), r, float(a))


# a share that shows as 0.0000 % is not said
SHOWN_SHARE = 5e-7


@dataclass
class EntryAvailability:
    """An entry point's availability: ``availability`` the share of requests that find
    every element they use up and no call timed out on every attempt, ``floor`` that
    when every request makes every call it may (equal when no call is fractional),
    ``timed_out`` the share that timeouts alone fail."""

    entry: str
    availability: float
    elements: list[str]
    per_element: dict[str, float]
    unknown: list[str] = field(default_factory=list)   # elements without an availability
    floor: float | None = None                         # None: equal to availability
    timed_out: float = 0.0      # share of requests a call failing every attempt by timeout fails

    def __post_init__(self) -> None:
        if self.floor is None:
            self.floor = self.availability

    @property
    def weakest(self) -> str | None:
        known = {n: a for n, a in self.per_element.items() if n not in self.unknown}
        return min(known, key=lambda n: known[n]) if known else None

    def _repr_html_(self) -> str:
        import html

        rows = "".join(
            f"<tr><td>{html.escape(n)}</td><td>{'unknown' if n in self.unknown else f'{a:.6%}'}"
            f"</td></tr>" for n, a in self.per_element.items())
        floor = "" if self.floor == self.availability else \
            f", {self.floor:.4%} if every request made every call it may"
        if self.timed_out >= SHOWN_SHARE:
            floor += f"; timeouts fail {self.timed_out:.4%} of the requests"
        return (f"<p><b>{html.escape(self.entry)}</b>: availability per request "
                f"{self.availability:.4%} ({rel.nines(self.availability):.2f} nines, "
                f"{rel.downtime(self.availability)} per 30 days{floor}); weakest: "
                f"{html.escape(self.weakest or '-')}</p><table><thead><tr><th>element</th>"
                f"<th>with its replicas</th></tr></thead><tbody>{rows}</tbody></table>")


class Timeouts(NamedTuple):
    """What timeouts fail, per synchronous edge with a timeout, from one latency
    simulation (:func:`timeout_failures`)."""

    timed_out: dict[tuple[str, str], float]  # share of its calls timing out every attempt
    failed: dict[tuple[str, str], float]     # that, or answered with a failure from below
    # entry point -> its own shares, where entry points in a cycle were simulated each
    # from its own call tree (an edge's shares differ between them: in a -> b -> c -> a,
    # b -> c fails with c -> a's timeouts for b's requests, not for a's)
    by_entry: dict[str, Timeouts] | None = None

    def of(self, entry: str) -> Timeouts:
        """The shares ``entry``'s requests meet: its own tree's, where it has one."""
        own = self.by_entry.get(entry) if self.by_entry else None
        return own if own is not None else self


def composite_availability(model: SystemModel, entry: str, *,
                           overrides: Mapping[str, Mapping[str, Any]] | None = None,
                           graph: nx.DiGraph | None = None, samples: int = 20_000,
                           seed: int = 0, timeouts: Timeouts | None = None
                           ) -> EntryAvailability:
    """Availability of an entry point: the share of its requests that find every element
    they use up and get every answer in time (:func:`request_availability`), and its
    floor, every request making every call it may (with no fractional calls and no
    timeouts, the product over its synchronous dependency tree).

    ``overrides`` maps element names to ``{"availability": .., "replicas": ..}`` for
    what-if questions without editing the model; ``graph`` is the graph of needed calls
    (``to_graph(model, needed_only=True)``); ``timeouts`` what timeouts fail
    (:func:`timeout_failures`; computed when not given).
    """
    g = graph if graph is not None else to_graph(model, needed_only=True)
    names = sync_reachable(model, g, entry)
    per = {n: element_availability(model.element(n), overrides=overrides) for n in names}
    unknown = [n for n in names if model.element(n).availability is None
               and "availability" not in (overrides or {}).get(n, {})]
    if timeouts is None:
        timeouts = timeout_failures(model, seed=seed, overrides=overrides)
    share = request_availability(g, entry, per, samples, seed, timeouts.of(entry).failed)
    return EntryAvailability(entry, share.availability, names, per, unknown, share.floor,
                             share.timed_out)


class RequestShare(NamedTuple):
    """What :func:`request_availability` finds for one entry point."""

    availability: float     # share of requests that succeed
    floor: float            # that if every request made every call it may
    timed_out: float        # share of requests timeouts alone fail


# calls counted into one node per request: beyond, any fractional call it makes is made
# (1 - (1 - f)^count is 1 for every f a model can give), and products of calls along a
# path stay far from int64's end
_MAX_COUNTED = 1_000_000


def request_availability(g: nx.DiGraph, entry: str, per: Mapping[str, float],
                         samples: int = 20_000, seed: int = 0,
                         timeouts: Mapping[tuple[str, str], float] | None = None
                         ) -> RequestShare:
    """The share of ``entry``'s requests that succeed: that find every element they use
    up (elements up independently with the availabilities ``per``: every element
    ``entry`` reaches in ``g``, the graph of needed calls) and get every answer in time
    (``timeouts``: per edge with a timeout, the share of its calls that fail,
    :attr:`Timeouts.failed`).

    Which calls a request makes is drawn ``samples`` times (seed ``seed``) as the
    latency model draws them: an edge's whole calls always, its fractional part with
    that probability, each call's own calls anew (so the calls reaching a node are
    counted, and its edge's fractional call is made at least once with probability
    1 - (1 - f)^count). The mean of the success probability of each drawn request is
    exact in expectation with no noise from drawing elements up or down
    (Rao-Blackwell). The floor counts every call a request may make (a fractional call
    as made); with no fractional call every request makes them all.

    A call with a timeout fails when every attempt timed out or the attempt that
    answered carries the failure of a call made inside it; that share includes what
    fails below it, so the calls below a timed call are not counted again for the
    requests that reach them through it (an inner call's failure in an attempt the
    caller gave up on failed nothing: multiplying the shares of nested calls gave 96.2 %
    for 99.6 %; scout AW). Different calls fail independently."""
    sub = g.subgraph(per)
    timed = {k: p for k, p in (timeouts or {}).items() if sub.has_edge(*k)}
    fractional = any(not float(d["edge"].calls).is_integer() or d["edge"].calls < 1
                     for _, _, d in sub.edges(data=True))
    if not fractional and not any(timed.values()):
        product = math.prod(per.values())
        return RequestShare(product, product, 0.0)
    order = {n: i for i, n in enumerate(per)}
    dag, _ = acyclic(sub, [entry], order)
    most_ok, most_to = _request_logs(dag, entry, order, per, timed, None, 1)
    floor = float(np.exp(most_ok[0]))
    if not fractional:
        return RequestShare(floor, floor, 1.0 - float(np.exp(most_to[0])))
    log_ok, log_to = _request_logs(dag, entry, order, per, timed,
                                   np.random.default_rng(seed), samples)
    return RequestShare(float(np.exp(log_ok).mean()), floor,
                        1.0 - float(np.exp(log_to).mean()))


def _request_logs(dag: nx.DiGraph, entry: str, order: Mapping[str, int],
                  per: Mapping[str, float], timed: Mapping[tuple[str, str], float],
                  rng: np.random.Generator | None, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(log of each request's success probability, log of its probability of no call
    failing by timeout) for ``n`` requests: calls drawn with ``rng``, or with none every
    call a request may make. ``timed``: the share of the calls of each edge with a
    timeout that fail; what fails below such a call is in its share, so a node's calls
    are counted twice over: all of them (``counts``, the elements they find up) and
    those no timed call encloses (``exposed``, whose timed calls fail the request)."""
    counts: dict[str, np.ndarray] = {entry: np.ones(n, dtype=np.int64)}
    # (without timed calls nothing is exposed: the calls are drawn once, as before)
    exposed: dict[str, np.ndarray] = {entry: np.ones(n, dtype=np.int64)} if timed else {}
    log_ok, log_to = np.zeros(n), np.zeros(n)

    def drawn(calls: np.ndarray, whole: int, frac: float, ceil: int) -> np.ndarray:
        if rng is None:
            made = calls * ceil
        else:
            made = calls * whole
            if frac > 1e-12:
                made = made + rng.binomial(calls, frac)
        return np.minimum(made, _MAX_COUNTED, out=made)

    def add(into: dict[str, np.ndarray], node: str, made: np.ndarray) -> None:
        if node in into:
            into[node] += made
        else:
            into[node] = made

    for node in nx.lexicographical_topological_sort(dag, key=lambda x: order[x]):
        reached = counts.pop(node, None)
        if reached is None:
            continue
        bare = exposed.pop(node, None)
        a = per[node]
        if a < 1.0:
            log_ok += np.where(reached > 0, math.log(a) if a > 0 else -np.inf, 0.0)
        for succ in sorted(dag.successors(node), key=lambda x: order[x]):
            calls = float(dag.edges[node, succ]["edge"].calls)
            whole, frac, ceil = int(calls), calls - int(calls), math.ceil(calls)
            # (the calls from exposed callers and from the others drawn apart: together
            # they are the calls from all of them)
            out = drawn(bare, whole, frac, ceil) if bare is not None else None
            rest = drawn(reached - bare if bare is not None else reached, whole, frac, ceil)
            made = rest if out is None else rest + out
            np.minimum(made, _MAX_COUNTED, out=made)
            add(counts, succ, made)
            if out is None:
                continue
            if (node, succ) not in timed:
                add(exposed, succ, out)
                continue
            p = timed[(node, succ)]
            if p > 0:
                lost = out * math.log1p(-p) if p < 1 else np.where(out > 0, -np.inf, 0.0)
                log_ok += lost
                log_to += lost
    return log_ok, log_to


def timeout_failures(model: SystemModel, *, samples: int = 10_000, seed: int = 0,
                     overrides: Mapping[str, Mapping[str, Any]] | None = None) -> Timeouts:
    """What timeouts fail, per synchronous edge with a timeout: the share of its calls
    that time out on every attempt (the simulated latency of the callee with its own
    calls above ``timeout_ms``, to the power of the attempts) and the share that fail,
    those or answered with the failure of a call below (:func:`simulate_latency`)."""
    out = Timeouts({}, {}, {})
    if model.entrypoints and any(e.sync and e.timeout_ms is not None for e in model.edges):
        simulate_latency(model, samples=samples, seed=seed, overrides=overrides,
                         timed_out=out.timed_out, failed=out.failed, by_entry=out.by_entry)
    return out


# -- latency ---------------------------------------------------------------------------------
def lognormal_params(p50: float, p99: float) -> tuple[float, float]:
    """(μ, σ) of the lognormal with these median and 99th percentile."""
    return rel.lognormal_from_percentiles(p50, p99)


def lognormal_quantile(p50: float, p99: float, q: float) -> float:
    from statistics import NormalDist

    mu, sigma = lognormal_params(p50, p99)
    return math.exp(mu + sigma * NormalDist().inv_cdf(q))


def lognormal_tail(p50: float, p99: float, limit: float) -> float:
    """P(X > limit) for the lognormal with this median and 99th percentile."""
    mu, sigma = lognormal_params(p50, p99)
    if sigma <= 0:
        return 1.0 if math.exp(mu) > limit else 0.0
    return 0.5 * math.erfc((math.log(limit) - mu) / (sigma * math.sqrt(2)))


def lognormal_mean(p50: float, p99: float) -> float:
    mu, sigma = lognormal_params(p50, p99)
    return math.exp(mu + sigma * sigma / 2)


# a repeated call's subtree is drawn anew while that costs at most this many draws per
# sample (calls x the subtree's elements); above it, the stored draws are reused, shifted
FRESH_DRAWS = 16


def _attempts(edge: Any) -> int:
    """Draws of the callee one call may need: 1, or with a timeout 1 + its retries."""
    return 1 + edge.retries if edge.timeout_ms is not None else 1


def simulate_latency(model: SystemModel, entries: list[str] | None = None, *,
                     samples: int = 100_000, seed: int = 0,
                     overrides: Mapping[str, Mapping[str, Any]] | None = None,
                     timed_out: dict[tuple[str, str], float] | None = None,
                     failed: dict[tuple[str, str], float] | None = None,
                     by_entry: dict[str, Timeouts] | None = None
                     ) -> dict[str, np.ndarray]:
    """Simulated end-to-end latency (ms) per entry point: ``samples`` draws, fixed seed.
    ``timed_out``, when given, receives for each synchronous edge with a timeout the
    share of its calls that time out on every attempt (the callee's simulated latency
    with its calls above the timeout, to the power of the attempts); ``failed`` the
    share of them that fail: every attempt timed out, or the attempt that answered in
    time carries the failure of a call the callee made that is not ``optional`` (what
    happened in an attempt that timed out does not count: the caller gave up on it).
    With ``q`` the share of attempts that time out and ``f`` that of attempts answered
    in time with a failure (the callee's failures, calls failing independently, times
    the share of them its draws show answered in time), a call with ``r`` retries fails
    with ``q^(r+1) + f (1 + q + ... + q^r)``. ``by_entry``, when given, receives each
    entry point's own shares where entry points in a cycle are simulated apart (then
    ``timed_out`` and ``failed`` hold each edge's from the first entry point whose tree
    keeps it: figures per edge, not what any one entry point's requests meet)."""
    entries = list(model.entrypoints if entries is None else entries)
    if len(entries) > 1:
        g = to_graph(model, sync_only=True)
        reach: set[str] = set()
        for e in entries:
            reach |= nx.descendants(g, e) | {e}
        if not nx.is_directed_acyclic_graph(g.subgraph(reach)):
            # each entry point's latency from its own call tree, made acyclic from it
            # alone: made acyclic from all at once, a cycle was cut where another entry
            # point enters it (a -> b -> a: b's call into a was left out of b's latency,
            # p50 56 ms for 59; scout AW); an edge's timeout shares from the first entry
            # point whose tree keeps it (b -> a's were none: a's tree left it out), and
            # each entry point's own in ``by_entry`` (its availability reads them: in
            # a -> b -> c -> a, b's requests fail with c -> a's timeouts; scout AX)
            out = {}
            for e in entries:
                shares: tuple[dict, dict] = ({}, {})
                out[e] = _simulate(model, [e], samples, seed, overrides, *shares)[e]
                if by_entry is not None:
                    by_entry[e] = Timeouts(*shares)
                for into, got in zip((timed_out, failed), shares):
                    for k, v in got.items():
                        if into is not None:
                            into.setdefault(k, v)
            return out
    return _simulate(model, entries, samples, seed, overrides, timed_out, failed)


def _simulate(model: SystemModel, entries: list[str], samples: int, seed: int,
              overrides: Mapping[str, Mapping[str, Any]] | None,
              timed_out: dict[tuple[str, str], float] | None,
              failed: dict[tuple[str, str], float] | None) -> dict[str, np.ndarray]:
    """:func:`simulate_latency` over one call graph made acyclic from ``entries``."""
    if samples < 1:
        raise ValueError("samples must be >= 1")
    order = order_index(model)
    g = to_graph(model, sync_only=True)
    needed: set[str] = set()
    for e in entries:
        needed |= nx.descendants(g, e) | {e}
    dag, _ = acyclic(g.subgraph(needed), entries, order)
    rng = np.random.default_rng(seed)
    remaining = {n: dag.in_degree(n) for n in dag}
    keep = set(entries)
    totals: dict[str, np.ndarray] = {}
    # per node, whether each stored draw carries a failure (None: none can)
    fails: dict[str, np.ndarray | None] = {}
    topo = list(nx.lexicographical_topological_sort(dag, key=lambda n: order[n]))
    n = samples
    # draws per sample to simulate a node's subtree on its own (every call drawn anew)
    cost: dict[str, int] = {}
    for node in reversed(topo):
        cost[node] = 1 + sum(math.ceil(dag.edges[node, s]["edge"].calls)
                             * _attempts(dag.edges[node, s]["edge"]) * cost[s]
                             for s in dag.successors(node))

    Draw = tuple[np.ndarray, "np.ndarray | None"]

    def stored(node: str) -> Draw:
        """``node``'s stored draws, cyclically shifted (its failures with them)."""
        if n == 1:
            return totals[node].copy(), fails.get(node)
        k = int(rng.integers(1, n))
        f = fails.get(node)
        return np.roll(totals[node], k), (np.roll(f, k) if f is not None else None)

    def latency(node: str) -> tuple[float, float] | None:
        """(p50, p99) of ``node``'s own time, the what-if's where it gives one."""
        lat = (overrides or {}).get(node, {}).get("latency_ms", model.element(node).latency_ms)
        if lat is None:
            return None
        return (lat.p50, lat.p99) if hasattr(lat, "p50") else (lat[0], lat[1])

    def own(node: str) -> np.ndarray:
        lat = latency(node)
        if lat is None:
            return np.zeros(n)
        mu, sigma = lognormal_params(*lat)
        return np.exp(mu + sigma * rng.standard_normal(n))

    def simulate(node: str, fresh: bool) -> Draw:
        """One draw per sample of ``node``'s latency with its calls (and, when failures
        are followed, whether a call it needs failed). A callee's draws are its stored
        ones, cyclically shifted (independent of the caller's other callees), except
        where the calls of one edge are several and cheap to draw anew (``fresh`` below
        them): a stored draw summed into one sample k times made the percentiles as
        noisy as far fewer samples (calls: 10 into a leaf: 7-8x the variance)."""
        total = own(node)
        bad: np.ndarray | None = None
        par: np.ndarray | None = None
        for succ in sorted(dag.successors(node), key=lambda s: order[s]):
            edge = dag.edges[node, succ]["edge"]
            whole, frac = int(edge.calls), edge.calls - int(edge.calls)
            if whole == 0 and frac <= 1e-12:
                continue
            times = whole + (frac > 1e-12)
            # (retries of a timed-out attempt reuse the stored draws: they touch the few
            # samples that timed out)
            anew = fresh or (times > 1 and times * _attempts(edge) * cost[succ] <= FRESH_DRAWS)
            # one call's draw at a time (calls may be thousands): summed one after
            # another, or the slowest of them when the calls run in parallel
            slowest: np.ndarray | None = None
            for i in range(times):
                called = rng.random(n) < frac if i >= whole else None
                d, f = simulate(succ, True) if anew else stored(succ)
                if edge.timeout_ms is not None:
                    d, f = waited(edge, d, f, lambda s=succ: simulate(s, True) if anew
                                  else stored(s))
                if called is not None:
                    d = np.where(called, d, 0.0)
                    f = f & called if f is not None else None
                if f is not None and not edge.optional:
                    bad = f if bad is None else bad | f
                if not edge.parallel:
                    total += d
                elif slowest is None:
                    slowest = d
                else:
                    np.maximum(slowest, d, out=slowest)
            if slowest is not None:
                par = slowest if par is None else np.maximum(par, slowest)
        if par is not None:
            total += par
        return total, bad

    def waited(edge: Any, d: np.ndarray, f: np.ndarray | None, again: Any) -> Draw:
        """How long the caller waits for one call with a timeout: at most timeout_ms per
        attempt, and a timed-out attempt is made again (with a new draw) up to
        ``retries`` times; the time of a call that fails every attempt counts too (the
        caller waited for its error). Backoff between attempts is not modelled. With
        failures followed, the call fails when every attempt timed out or the attempt
        that answered carries a failure."""
        limit = float(edge.timeout_ms)
        out = np.minimum(d, limit)
        pending = d > limit
        bad = f & ~pending if f is not None else None
        for _ in range(edge.retries):
            if not pending.any():
                break
            d, f = again()
            out += np.where(pending, np.minimum(d, limit), 0.0)
            if f is not None:
                answered = f & pending & (d <= limit)
                bad = answered if bad is None else bad | answered
            pending &= d > limit
        if failed is None:
            return out, None
        return out, (pending if bad is None else bad | pending)

    # per node, the chance its answer carries no failure of a call below (calls fail
    # independently: a timed one by its share, an untimed one as its callee)
    clean: dict[str, float] = {}
    call_failed: dict[tuple[str, str], float] = {}
    for node in reversed(topo):
        totals[node], fails[node] = simulate(node, False)
        if failed is not None:
            ok = 1.0
            for succ in dag.successors(node):
                edge = dag.edges[node, succ]["edge"]
                if edge.optional:
                    continue
                c = 1.0 - call_failed[(node, succ)] if edge.timeout_ms is not None \
                    else clean[succ]
                whole, frac = int(edge.calls), edge.calls - int(edge.calls)
                ok *= c ** whole * (1.0 - frac + frac * c)
            clean[node] = ok
        if timed_out is not None or failed is not None:
            for pred in dag.predecessors(node):
                edge = dag.edges[pred, node]["edge"]
                if edge.timeout_ms is None:
                    continue
                # (a leaf's share from its lognormal exactly: a share of 10,000 draws
                # is noise at the shares an SLO of four nines cares about)
                lat, limit = latency(node), float(edge.timeout_ms)
                over = (lognormal_tail(*lat, limit) if lat else 0.0) \
                    if dag.out_degree(node) == 0 \
                    else float(np.count_nonzero(totals[node] > limit)) / n
                if timed_out is not None:
                    timed_out[(pred, node)] = over ** (1 + edge.retries)
                if failed is not None:
                    # attempts answered in time with a failure: the callee's failures
                    # (exact, above) times the share of its drawn failures that came in
                    # time (all, when none was drawn): the draws alone lose a failure
                    # rarer than one in ``samples``
                    f = fails[node]
                    seen = 0 if f is None else int(np.count_nonzero(f))
                    in_time = 1.0 if not seen else \
                        float(np.count_nonzero(f & (totals[node] <= limit))) / seen
                    answered = (1.0 - clean[node]) * in_time
                    call_failed[(pred, node)] = failed[(pred, node)] = \
                        over ** (1 + edge.retries) + answered * sum(
                            over ** k for k in range(1 + edge.retries))
        for succ in dag.successors(node):
            remaining[succ] -= 1
            if remaining[succ] == 0 and succ not in keep:
                del totals[succ]
                fails.pop(succ, None)
    return {e: totals[e] for e in entries}


@dataclass
class EntryLatency:
    entry: str
    p50: float
    p95: float
    p99: float
    mean: float

    def _repr_html_(self) -> str:
        return (f"<p><b>{html.escape(self.entry)}</b>: p50 {self.p50:.1f} ms, p95 {self.p95:.1f} ms, "
                f"p99 {self.p99:.1f} ms (mean {self.mean:.1f} ms)</p>")


def latency_percentiles(model: SystemModel, entries: list[str] | None = None, *,
                        samples: int = 100_000, seed: int = 0,
                        overrides: Mapping[str, Mapping[str, Any]] | None = None
                        ) -> dict[str, EntryLatency]:
    return percentiles(simulate_latency(model, entries, samples=samples, seed=seed,
                                        overrides=overrides))


def percentiles(sims: Mapping[str, np.ndarray]) -> dict[str, EntryLatency]:
    """p50/p95/p99 and mean of each entry point's simulated latencies."""
    out = {}
    for e, x in sims.items():
        p50, p95, p99 = np.percentile(x, [50, 95, 99])
        out[e] = EntryLatency(e, float(p50), float(p95), float(p99), float(x.mean()))
    return out


# -- the table --------------------------------------------------------------------------------
def slo_values(slo: Mapping[str, Any] | None) -> dict[str, float]:
    from archkit.boundaries.rules import DEFAULT_SLO

    out = dict(DEFAULT_SLO)
    for k, v in (slo or {}).items():
        if k in out and v is not None:
            out[k] = float(v)
    return out


def entrypoint_table(model: SystemModel, slo: Mapping[str, Any] | None = None, *,
                     samples: int = 10_000, seed: int = 0,
                     overrides: Mapping[str, Mapping[str, Any]] | None = None) -> pd.DataFrame:
    """One row per entry point: availability per request (and its floor, every element
    needed), downtime, p50/p95/p99 vs the SLO."""
    import pandas as pd

    s = slo_values(slo)
    g = to_graph(model, needed_only=True)
    timeouts = Timeouts({}, {}, {})
    sims = simulate_latency(model, samples=samples, seed=seed, overrides=overrides,
                            timed_out=timeouts.timed_out, failed=timeouts.failed,
                            by_entry=timeouts.by_entry)
    lat = percentiles(sims)
    rows = []
    for e in model.entrypoints:
        av = composite_availability(model, e, overrides=overrides, graph=g, seed=seed,
                                    timeouts=timeouts)
        le = lat[e]
        rows.append({
            "entrypoint": e,
            "availability": av.availability,
            "availability_floor": av.floor,
            "timed_out": av.timed_out,
            "nines": rel.nines(av.availability),
            "downtime_min_per_30d": rel.downtime(av.availability).total_seconds() / 60,
            "elements": len(av.elements),
            "weakest": av.weakest,
            "p50_ms": le.p50, "p95_ms": le.p95, "p99_ms": le.p99,
            "meets_availability": av.availability >= s["availability"],
            "meets_latency": le.p95 <= s["p95_ms"] and le.p99 <= s["p99_ms"],
        })
    cols = ["availability", "availability_floor", "timed_out", "nines", "downtime_min_per_30d",
            "elements",
            "weakest", "p50_ms", "p95_ms", "p99_ms", "meets_availability", "meets_latency"]
    return pd.DataFrame(rows, columns=["entrypoint", *cols]).set_index("entrypoint")


# -- capacity ---------------------------------------------------------------------------------
def request_rates(model: SystemModel, rate: float | Mapping[str, float]) -> dict[str, float]:
    """Requests per second reaching each element, from entry-point rates × calls per request.

    A single number is the rate of every entry point. Async edges carry load too. The
    loads solve the traffic equations L = r + Pᵀ L (P: calls per request along each edge),
    so load that comes back round a cycle counts, however the file lists it; while a
    cycle sends back less than it receives (the calls round it multiply to < 1). A cycle
    that sends back as much or more has no steady load: its edges that close it are left
    out, asynchronous ones first (AK-SVC001 reports the cycle).
    """
    rates = ({e: float(rate) for e in model.entrypoints} if not isinstance(rate, Mapping)
             else {k: float(v) for k, v in rate.items()})
    order = order_index(model)
    g = to_graph(model)
    load = {n: 0.0 for n in g}
    for k, v in rates.items():
        if k not in load:
            raise KeyError(f"{k!r} is not an element of the model")
        load[k] += v
    if not nx.is_directed_acyclic_graph(g):
        solved = _traffic_equations(g, load)
        if solved is not None:
            return solved
    dag = _without_cycles(g, list(rates), order)
    for node in nx.lexicographical_topological_sort(dag, key=lambda n: order[n]):
        for succ in dag.successors(node):
            load[succ] += load[node] * dag.edges[node, succ]["edge"].calls
    return load


def _traffic_equations(g: nx.DiGraph, external: dict[str, float]) -> dict[str, float] | None:
    """L = r + Pᵀ L solved for L; None when the calls round a cycle multiply to >= 1 (the
    spectral radius of P is not below 1: no finite steady load)."""
    nodes = list(g.nodes)
    at = {n: i for i, n in enumerate(nodes)}
    P = np.zeros((len(nodes), len(nodes)))
    for u, v, data in g.edges(data=True):
        P[at[u], at[v]] += data["edge"].calls
    if max(abs(np.linalg.eigvals(P)), default=0.0) >= 1 - 1e-9:
        return None
    r = np.array([external[n] for n in nodes])
    L = np.linalg.solve(np.eye(len(nodes)) - P.T, r)
    return {n: float(max(L[at[n]], 0.0)) for n in nodes}


def _without_cycles(g: nx.DiGraph, roots: list[str], order: dict[str, int]) -> nx.DiGraph:
    """``g`` without edges that close a cycle: asynchronous edges inside a cycle go first
    (a synchronous call is the load a request surely brings), then :func:`acyclic` drops
    what still closes one; the asynchronous edges that close none come back."""
    in_cycle = {n for c in nx.strongly_connected_components(g) if len(c) > 1 for n in c}
    spare = [(u, v) for u, v, d in g.edges(data=True)
             if not d["edge"].sync and u in in_cycle and v in in_cycle]
    sync_only = g.copy()
    sync_only.remove_edges_from(spare)
    dag, _ = acyclic(sync_only, roots, order)
    for u, v in sorted(spare, key=lambda e: (order.get(e[0], 0), order.get(e[1], 0))):
        if not nx.has_path(dag, v, u):
            dag.add_edge(u, v, **g.edges[u, v])
    return dag


MAX_RATE = 1e9              # requests per second at one entry point
MAX_CONCURRENCY = 10_000    # requests one replica serves at once
_ERLANG_LIMIT = 100_000     # servers (replicas x concurrency) for which p_wait is computed
_CAPACITY_KEYS = ("rate_rps", "max_wait_ms", "quantile", "max_response_ms", "max_utilisation",
                  "concurrency")


def capacity_settings(section: Mapping[str, Any] | None, entrypoints: Sequence[str]
                      ) -> tuple[float | dict[str, float], dict[str, Any]] | None:
    """``archkit.toml [capacity]`` as ``(rate, capacity_table keyword arguments)``; None
    when no ``rate_rps`` is set. A bad value raises ``ValueError(message, key)``, with
    ``rate_rps`` or without.

    ``rate_rps`` is requests per second at every entry point, or a table of them per entry
    point; the other keys are :func:`capacity_table`'s targets."""
    section = dict(section or {})
    for key in section:
        if key not in _CAPACITY_KEYS:
            raise ValueError(f"unknown key {key!r}: use {', '.join(_CAPACITY_KEYS)}", key)
    def number(key: str, low: float, high: float = math.inf, low_open: bool = True) -> float:
        v = section[key]
        if not finite_number(v) or v > high or (v <= low if low_open else v < low):
            bound = f"{'>' if low_open else '>='} {low:g}" + (f" and <= {high:g}"
                                                              if high < math.inf else "")
            raise ValueError(f"{key} = {v!r}: use a number {bound}", key)
        return float(v)

    raw = section.get("rate_rps")
    rate: float | dict[str, float] = 0.0
    if raw is None:
        pass      # no capacity table; the other settings are still checked
    elif isinstance(raw, Mapping):
        unknown = [k for k in raw if k not in entrypoints]
        if unknown:
            raise ValueError(f"rate_rps names {unknown[0]!r}, which is not an entry point "
                             f"(entry points: {', '.join(entrypoints) or 'none'})", unknown[0])
        rate = {}
        for k, v in raw.items():
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= MAX_RATE:
                raise ValueError(f"rate_rps.{k} = {v!r}: use a number >= 0 and <= "
                                 f"{MAX_RATE:g}", k)
            rate[str(k)] = float(v)
    else:
        # bounded: multiplied by calls along the graph, 1e308 became inf (an internal error)
        rate = number("rate_rps", 0.0, MAX_RATE)
    kw: dict[str, Any] = {}
    if "max_wait_ms" in section:
        kw["max_wait_ms"] = number("max_wait_ms", 0.0)
    if "quantile" in section:
        kw["quantile"] = number("quantile", 0.0, 1.0)
        if kw["quantile"] >= 1.0:
            raise ValueError(f"quantile = {section['quantile']!r}: use a number > 0 and < 1",
                             "quantile")
    if "max_response_ms" in section:
        kw["max_response_ms"] = number("max_response_ms", 0.0)
    if ("quantile" in kw) != ("max_response_ms" in kw):
        raise ValueError("quantile and max_response_ms go together (the quantile of the "
                         "response time that must stay under max_response_ms)",
                         "quantile" if "quantile" in kw else "max_response_ms")
    if "quantile" in kw and "max_wait_ms" not in kw:
        kw["max_wait_ms"] = None          # the response-time target replaces the default
    if "max_utilisation" in section:
        kw["max_utilisation"] = number("max_utilisation", 0.0, 1.0)
    if "concurrency" in section:
        c = section["concurrency"]
        if isinstance(c, bool) or not isinstance(c, int) or not 1 <= c <= MAX_CONCURRENCY:
            raise ValueError(f"concurrency = {c!r}: use a whole number >= 1 and <= "
                             f"{MAX_CONCURRENCY:,}", "concurrency")
        kw["concurrency"] = c
    return None if raw is None else (rate, kw)


def capacity_table(model: SystemModel, rate: float | Mapping[str, float], *,
                   max_wait_ms: float | None = 10.0, quantile: float | None = None,
                   max_response_ms: float | None = None,
                   max_utilisation: float = 1.0, concurrency: int = 1) -> pd.DataFrame:
    """Replicas each service needs (M/G/c) for ``rate`` req/s at the entry points.

    A replica serves ``concurrency`` requests at once, each taking the mean of the
    service's fitted latency. Targets: mean queueing time ``max_wait_ms`` (M/G/c by
    Allen–Cunneen with the fitted lognormal's cv²: a heavy-tailed service queues far
    more than an exponential one), or the ``quantile`` of the response time under
    ``max_response_ms`` (M/M/c); a utilisation ceiling.
    """
    import pandas as pd

    loads = request_rates(model, rate)
    rows = []
    for name, el in model.services.items():
        lam = loads.get(name, 0.0)
        if el.latency_ms is None or lam <= 0:
            continue
        mean_s = lognormal_mean(el.latency_ms.p50, el.latency_ms.p99) / 1000.0
        mu = 1.0 / mean_s
        sigma = lognormal_params(el.latency_ms.p50, el.latency_ms.p99)[1]
        try:
            servers = rel.servers_needed(
                lam, mu, max_wait=None if max_wait_ms is None else max_wait_ms / 1000.0,
                quantile=quantile,
                max_response=None if max_response_ms is None else max_response_ms / 1000.0,
                max_utilisation=max_utilisation, service_cv2=math.expm1(sigma * sigma))
        except ValueError:          # the target cannot be met, or not with a sane count
            servers = None
        needed = None if servers is None else math.ceil(servers / concurrency)
        have = el.replicas or 1
        q = rel.mmc(lam, mu, have * concurrency)
        if not q.stable:
            p_wait = 1.0
        elif have * concurrency <= _ERLANG_LIMIT:
            p_wait = q.p_wait
        else:                      # Erlang C is O(servers): left out past the limit
            p_wait = math.nan
        rows.append({"service": name, "rate_rps": lam, "mean_service_ms": mean_s * 1000,
                     "replicas": have, "replicas_needed": needed,
                     "utilisation_now": q.utilisation,
                     "p_wait_now": p_wait,
                     "enough": needed is not None and have >= needed})
    cols = ["rate_rps", "mean_service_ms", "replicas", "replicas_needed", "utilisation_now",
            "p_wait_now", "enough"]
    return pd.DataFrame(rows, columns=["service", *cols]).set_index("service")
