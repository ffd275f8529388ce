"""The AK-SVC checks: one small function per rule over a validated :class:`SystemModel`.

``check(model, thresholds, slo)`` runs them all, applies the ``ignore:`` suppressions
written on elements and edges, and returns a sorted :class:`~archkit.findings.Report`.
A suppression on an element covers findings about it and about the edges and paths
that start at it; one on an edge covers that edge and the paths that start with it.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import networkx as nx

from archkit.boundaries import rules as R
from archkit.boundaries.graph import acyclic, best_paths, order_index, sync_roots, to_graph
from archkit.boundaries.model import (
    TRANSLATION_PATTERNS,
    Edge,
    SystemModel,
    is_message_channel,
)
from archkit.errors import InputError
from archkit.findings import Finding, Report
from archkit.suppress import Suppression, apply, names_rule, unknown_rules, unused

if TYPE_CHECKING:  # pragma: no cover
    from archkit.boundaries.analysis import Timeouts


@dataclass
class Ctx:
    """What every check needs: the model, thresholds, SLO and shared graph views."""

    model: SystemModel
    thresholds: dict[str, float]
    slo: dict[str, float]
    order: dict[str, int] = field(init=False)
    g: nx.DiGraph = field(init=False)
    sync: nx.DiGraph = field(init=False)
    needs: nx.DiGraph = field(init=False)     # sync, without optional calls
    _sync_dag: nx.DiGraph | None = field(default=None, init=False)
    _simulated: tuple[dict[str, Any], Timeouts] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.order = order_index(self.model)
        self.g = to_graph(self.model)
        self.sync = to_graph(self.model, sync_only=True)
        self.needs = to_graph(self.model, needed_only=True)

    @property
    def path(self) -> str | None:
        return self.model.path

    @property
    def simulated(self) -> tuple[dict[str, Any], Timeouts]:
        """The latency simulation of the entry points, once for the checks that read it:
        (latencies per entry point, what timeouts fail)."""
        if self._simulated is None:
            from archkit.boundaries.analysis import Timeouts, simulate_latency

            timeouts = Timeouts({}, {}, {})
            sims = simulate_latency(self.model, samples=int(self.thresholds["samples"]),
                                    seed=int(self.thresholds["seed"]),
                                    timed_out=timeouts.timed_out, failed=timeouts.failed,
                                    by_entry=timeouts.by_entry) \
                if self.model.entrypoints else {}
            self._simulated = (sims, timeouts)
        return self._simulated

    @property
    def sync_dag(self) -> nx.DiGraph:
        if self._sync_dag is None:
            self._sync_dag, _ = acyclic(self.sync, sync_roots(self.model), self.order)
        return self._sync_dag

    def at_element(self, rule, name: str, message: str, hint: str, key: str | None = None,
                   **kw: Any) -> Finding:
        line, col = self.model.element(name).pos(key)
        return rule.finding(message, path=self.path, line=line, col=col, object=name,
                            hint=hint, **kw)

    def at_edge(self, rule, edge: Edge, message: str, hint: str, key: str | None = None,
                object: str | None = None, **kw: Any) -> Finding:
        line, col = edge.pos(key)
        return rule.finding(message, path=self.path, line=line, col=col,
                            object=object or edge.label, hint=hint, **kw)

    def edge(self, a: str, b: str) -> Edge:
        return self.g.edges[a, b]["edge"]


def _n(x: float) -> str:
    return f"{x:g}"


# -- AK-SVC001 ----------------------------------------------------------------------------
def dependency_cycle(cx: Ctx) -> Iterator[Finding]:
    services = cx.g.subgraph(cx.model.services)
    for scc in sorted(nx.strongly_connected_components(services),
                      key=lambda c: min(cx.order[n] for n in c)):
        if len(scc) < 2:
            continue
        start = min(scc, key=lambda n: cx.order[n])
        sub = services.subgraph(scc)
        sync_sub = nx.DiGraph((a, b) for a, b in sub.edges if cx.edge(a, b).sync)
        try:
            cyc = nx.find_cycle(sync_sub, source=start if start in sync_sub else None)
            all_sync = True
        except nx.NetworkXNoCycle:
            cyc = nx.find_cycle(sub, source=start)
            all_sync = False
        names = [a for a, _ in cyc] + [cyc[0][0]]
        members = sorted(scc, key=lambda n: cx.order[n])
        label = " -> ".join(names)
        first = cx.edge(*cyc[0])
        extra = (f" ({len(scc)} services are tangled: {', '.join(members)})"
                 if len(scc) > len(cyc) else "")
        if all_sync:
            yield cx.at_edge(R.DEPENDENCY_CYCLE, first,
                             f"synchronous dependency cycle {label}: a distributed monolith{extra}",
                             "break the cycle: make one of these calls an event the other side "
                             "consumes (sync: false), or merge the services", object=label)
        else:
            yield cx.at_edge(R.DEPENDENCY_CYCLE, first,
                             f"dependency cycle {label} (partly asynchronous){extra}",
                             "invert one dependency so that changes flow one way, e.g. let "
                             f"{names[-2]} publish what {names[-1]} needs",
                             object=label, severity="warning")


# -- AK-SVC002, AK-SVC003 ---------------------------------------------------------------------
def _is_messaging(el) -> bool:
    return is_message_channel(el.kind, el.tech)


def shared_database(cx: Ctx) -> Iterator[Finding]:
    for name, store in cx.model.stores.items():
        if _is_messaging(store):
            continue
        users = [cx.edge(src, name) for src in cx.g.predecessors(name)
                 if src in cx.model.services]
        writers = sorted({e.source for e in users if e.writes}, key=cx.order.get)
        accessors = sorted({e.source for e in users}, key=cx.order.get)
        owner = store.owner or (writers[0] if len(writers) == 1 else None)
        if len(writers) > 1:
            keeper = owner or writers[0]
            others = ', '.join(w for w in writers if w != keeper)
            # (an API and its own worker: one team, one bounded context, one database,
            # as eShop's ordering-api and order-processor; a warning, not a distributed
            # monolith's error; scout AQ)
            els = [cx.model.services[w] for w in writers]
            one_unit = all(e.team and e.context for e in els) and \
                len({(e.team, e.context) for e in els}) == 1
            yield cx.at_element(
                R.SHARED_DATABASE, name,
                f"store {name} is written by {len(writers)} services ({', '.join(writers)})"
                + (f" of one team and bounded context ({els[0].team}, {els[0].context})"
                   if one_unit else ""),
                (f"let {others} write through the API or events of {keeper}"
                 if store.owner else
                 f"give {name} one owner (owner: {keeper}) and let {others} write through "
                 "that owner's API or events")
                + (", or model them as one service with several processes" if one_unit
                   else ""),
                **({"severity": "warning"} if one_unit else {}))
        elif len(accessors) > 1:
            readers = [a for a in accessors if a not in writers]
            # (one writer and readers: not "shared read-only", which said nobody writes)
            yield cx.at_element(
                R.SHARED_DATABASE, name,
                f"store {name} is written by {writers[0]} and read by {', '.join(readers)}"
                if writers else f"store {name} is shared read-only by {len(accessors)} "
                f"services ({', '.join(accessors)})",
                f"let the readers ask {owner or 'its owner'} or keep their own read model "
                "fed by events", severity="warning")


def private_store_access(cx: Ctx) -> Iterator[Finding]:
    for e in cx.model.edges:
        store = cx.model.stores.get(e.target)
        if store is None or store.owner is None or e.source == store.owner:
            continue
        if _is_messaging(store) or e.source not in cx.model.services:
            continue
        what = "writes to" if e.writes else "reads"
        yield cx.at_edge(R.PRIVATE_STORE_ACCESS, e,
                         f"{e.source} {what} {e.target}, which belongs to {store.owner}",
                         f"replace this edge with a call to {store.owner} "
                         f"(from: {e.source}, to: {store.owner}) or consume its events")


# -- AK-SVC004, AK-SVC011: paths ------------------------------------------------------------
def _maximal(paths: list[tuple[float, list[str]]]) -> list[tuple[float, list[str]]]:
    """Drop paths that are contiguous parts of another (longer) reported path."""
    parts: set[tuple[str, ...]] = set()
    for _, q in paths:
        for i in range(len(q)):
            for j in range(i + 1, len(q) + 1):
                if j - i < len(q):
                    parts.add(tuple(q[i:j]))
    return [(v, p) for v, p in paths if tuple(p) not in parts]


def _path_findings(cx: Ctx, threshold: float, score: Callable[[Edge], float],
                   combine: Callable[[float, float], float],
                   unit: float) -> list[tuple[float, list[str]]]:
    """The highest scoring path (edge scores ``combine``-d from ``unit``) from each root
    through each of its callees, above ``threshold``: one chain per first hop, so every
    route of an entry point into a long chain is reported, not only the longest
    (Train-Ticket's dashboard starts 17 such routes; one was reported; scout AQ); parts
    of a longer reported path are dropped."""
    seen, out = set(), []
    dag = cx.sync_dag
    best = best_paths(dag, score, combine, unit, cx.order)
    for root in sync_roots(cx.model):
        if root not in dag:
            continue
        for succ in sorted(dag.successors(root), key=lambda n: cx.order.get(n, 0)):
            value = combine(score(dag.edges[root, succ]["edge"]), best[succ][0])
            path = [root, *best[succ][1]]
            if value > threshold and tuple(path) not in seen:
                seen.add(tuple(path))
                out.append((value, path))
    return _maximal(out)


def long_synchronous_chain(cx: Ctx) -> Iterator[Finding]:
    limit = cx.thresholds["max_sync_chain"]
    for hops, path in _path_findings(cx, limit, lambda _e: 1, operator.add, 0):
        label = " -> ".join(path)
        # (the hop to make asynchronous is one between services: a service's read of its
        # own database or cache cannot be; scout AQ)
        later = [(a, b) for a, b in pairwise(path[1:]) if b in cx.model.services]
        a, b = later[-1] if later else (path[-2], path[-1])
        yield cx.at_edge(R.LONG_SYNC_CHAIN, cx.edge(path[0], path[1]),
                         f"synchronous call chain of {int(hops)} hops (limit {_n(limit)}): {label}",
                         f"cut it to {_n(limit)} hops: make a later call asynchronous "
                         f"(e.g. {a} -> {b} with sync: false) or let "
                         f"{path[1]} keep a copy of the data it fetches downstream",
                         object=label)


def retry_amplification(cx: Ctx) -> Iterator[Finding]:
    limit = cx.thresholds["max_retry_product"]
    for product, path in _path_findings(cx, limit, lambda e: 1 + e.retries, operator.mul, 1):
        label = " -> ".join(path)
        retrying = [f"{a} -> {b} ({cx.edge(a, b).retries})" for a, b in pairwise(path)
                    if cx.edge(a, b).retries]
        yield cx.at_edge(R.RETRY_AMPLIFICATION, cx.edge(path[0], path[1]),
                         f"retries multiply to {int(product)} attempts at {path[-1]} along "
                         f"{label} (limit {_n(limit)})",
                         "retry at one layer only (usually the outermost) and set retries: 0 "
                         f"with circuit_breaker: true on the others: {', '.join(retrying)}",
                         object=label)


# -- AK-SVC005..008 -------------------------------------------------------------------------
def _fan_in(cx: Ctx, name: str) -> int:
    return cx.g.in_degree(name)


def _fan_out(cx: Ctx, name: str) -> int:
    return cx.g.out_degree(name)


def hub_service(cx: Ctx) -> Iterator[Finding]:
    limit = cx.thresholds["hub_fan_in"]
    for name in cx.model.services:
        n = _fan_in(cx, name)
        if n >= limit:
            callers = sorted(cx.g.predecessors(name), key=cx.order.get)
            yield cx.at_element(R.HUB_SERVICE, name,
                                f"{n} elements depend on {name} (hub threshold {_n(limit)}): "
                                f"{', '.join(callers)}",
                                f"treat {name} as critical (replicas >= 3, versioned API) or "
                                "split it by capability so dependents need only a part")


def greedy_service(cx: Ctx) -> Iterator[Finding]:
    limit = cx.thresholds["greedy_fan_out"]
    for name in cx.model.services:
        n = _fan_out(cx, name)
        if n >= limit:
            deps = sorted(cx.g.successors(name), key=cx.order.get)
            yield cx.at_element(R.GREEDY_SERVICE, name,
                                f"{name} depends on {n} elements (greedy threshold {_n(limit)}): "
                                f"{', '.join(deps)}",
                                f"move the orchestration of {name} into events or split it; "
                                "does it need all of these to answer a request?")


def instability(cx: Ctx, name: str) -> float | None:
    ca, ce = _fan_in(cx, name), _fan_out(cx, name)
    return None if ca + ce == 0 else ce / (ca + ce)


def unstable_dependency(cx: Ctx) -> Iterator[Finding]:
    for e in cx.model.edges:
        if e.source not in cx.model.services or e.target not in cx.model.services:
            continue
        i_src, i_dst = instability(cx, e.source), instability(cx, e.target)
        if i_src is not None and i_dst is not None and i_dst > i_src + 1e-12:
            yield cx.at_edge(R.UNSTABLE_DEPENDENCY, e,
                             f"{e.source} (I={i_src:.2f}) depends on the less stable "
                             f"{e.target} (I={i_dst:.2f})",
                             f"depend on an abstraction: let {e.target} consume an interface or "
                             f"events that {e.source} owns, or reduce {e.target}'s own "
                             "dependencies")


def chatty_interface(cx: Ctx) -> Iterator[Finding]:
    limit = cx.thresholds["chatty_calls"]
    for e in cx.model.edges:
        if e.calls >= limit:
            yield cx.at_edge(R.CHATTY_INTERFACE, e,
                             f"{e.label} makes {_n(e.calls)} calls per request "
                             f"(limit {_n(limit)})",
                             f"batch them into one call (calls: 1) returning everything "
                             f"{e.source} needs", key="calls")


# -- AK-SVC009, AK-SVC010 -----------------------------------------------------------------------
def _needs_guard(cx: Ctx, e: Edge) -> bool:
    """A synchronous call a service makes to another service or an external system."""
    return e.sync and e.source in cx.model.services and e.target not in cx.model.stores


def _suggested_timeout(cx: Ctx, e: Edge) -> str:
    lat = cx.model.element(e.target).latency_ms
    return f"{_n(round(2 * lat.p99))}" if lat else "<2 x the callee's p99>"


def unguarded_sync_call(cx: Ctx) -> Iterator[Finding]:
    for e in cx.model.edges:
        if not _needs_guard(cx, e):
            continue
        missing, fixes = [], []
        if e.timeout_ms is None:
            missing.append("no timeout")
            fixes.append(f"timeout_ms: {_suggested_timeout(cx, e)}")
        if not e.circuit_breaker and e.retries == 0:
            missing.append("neither a circuit breaker nor a retry budget")
            fixes.append("circuit_breaker: true")
        if missing:
            yield cx.at_edge(R.UNGUARDED_SYNC_CALL, e,
                             f"synchronous call {e.label} has {' and '.join(missing)}",
                             f"add {', '.join(fixes)} to this edge")


def _longest_wait(cx: Ctx, name: str) -> tuple[float, list[tuple[Any, int, float]]]:
    """How long ``name`` may wait for its synchronous calls that have a timeout, as the
    latency model runs them: each edge's ``calls`` one after another (a fractional call
    counts: it may happen), edges after each other, except ``parallel: true`` ones, of
    which the slowest counts; every call ``timeout_ms`` × (1 + retries). (total, [(edge,
    calls counted, its wait)] longest first.)"""
    seq, par = [], []
    for succ in cx.sync.successors(name):
        out = cx.sync.edges[name, succ]["edge"]
        if out.timeout_ms is None or out.calls <= 0:
            continue
        one = out.timeout_ms * (1 + out.retries)
        if out.parallel:
            par.append((out, 1, one))
        else:
            n = math.ceil(out.calls)
            seq.append((out, n, one * n))
    parts = seq + ([max(par, key=lambda p: p[2])] if par else [])
    parts.sort(key=lambda p: -p[2])
    return sum(p[2] for p in parts), parts


def _wait_text(out: Any, n: int) -> str:
    retry = f" x {1 + out.retries} attempts" if out.retries else ""
    calls = f"{n} calls x " if n > 1 else ""
    return f"{calls}{_n(out.timeout_ms)} ms{retry} for {out.target}"


def timeout_inversion(cx: Ctx) -> Iterator[Finding]:
    for e in cx.model.edges:
        if not e.sync or e.timeout_ms is None:
            continue
        callee = cx.model.element(e.target)
        worst, parts = _longest_wait(cx, e.target) if e.target in cx.model.services \
            else (0.0, [])
        own = callee.latency_ms.p50 if callee.latency_ms else 0.0
        if not parts or own > e.timeout_ms:
            # (its own median over the timeout: no timeout of its calls can help; the
            # hint said "lower report -> b timeout_ms below 1"; scout AW)
            if own > e.timeout_ms and callee.latency_ms is not None:
                # (a callee slower than the timeout most of the time, with no timed calls
                # of its own, or an external system: it was never reported; scout AQ:
                # stripe's p50 180 ms behind a 100 ms timeout)
                yield cx.at_edge(
                    R.TIMEOUT_INVERSION, e,
                    f"{e.source} gives {e.target} {_n(e.timeout_ms)} ms, but {e.target}'s own "
                    f"median is {_n(own)} ms: most calls time out",
                    f"raise this timeout_ms above {e.target}'s p99 "
                    f"({_n(callee.latency_ms.p99)} ms), or make {e.target} faster",
                    key="timeout_ms")
            continue
        if worst + own <= e.timeout_ms:
            continue
        (first, n, _w), *more = parts
        if not more and n == 1:
            yield cx.at_edge(R.TIMEOUT_INVERSION, e,
                             f"{e.source} gives {e.target} {_n(e.timeout_ms)} ms, but {e.target} "
                             f"may wait {_wait_text(first, n)} plus its own {_n(own)} ms",
                             f"lower {first.label} timeout_ms below "
                             f"{_n(max(1.0, (e.timeout_ms - own) / (1 + first.retries)))} "
                             f"or raise this timeout_ms above {_n(worst + own)}",
                             key="timeout_ms")
            continue
        # (several calls, one after another: each under the caller's timeout, together
        # over it, and per edge nothing was found; scout AB)
        yield cx.at_edge(R.TIMEOUT_INVERSION, e,
                         f"{e.source} gives {e.target} {_n(e.timeout_ms)} ms, but {e.target} "
                         f"may wait {_n(worst)} ms for its calls "
                         f"({'; '.join(_wait_text(o, k) for o, k, _w in parts)}) plus its own "
                         f"{_n(own)} ms",
                         f"raise this timeout_ms above {_n(worst + own)}, or bring "
                         f"{e.target}'s calls under {_n(max(1.0, e.timeout_ms - own))} ms in "
                         "all (lower their timeout_ms or retries, or mark independent calls "
                         "parallel: true)", key="timeout_ms")


# -- AK-SVC012..014 ---------------------------------------------------------------------------
def no_gateway(cx: Ctx) -> Iterator[Finding]:
    for name in cx.model.external:
        targets = sorted((t for t in cx.g.successors(name) if t in cx.model.services),
                         key=cx.order.get)
        if len(targets) > 1:
            yield cx.at_element(R.NO_GATEWAY, name,
                                f"external {name} calls {len(targets)} internal services "
                                f"directly ({', '.join(targets)})",
                                f"route {name} through one gateway or backend-for-frontend "
                                "service (kind: gateway)")


def bidirectional_coupling(cx: Ctx) -> Iterator[Finding]:
    done = set()
    for e in cx.model.edges:
        if e.source not in cx.model.services or e.target not in cx.model.services:
            continue
        pair = frozenset(e.key)
        if pair in done or not cx.g.has_edge(e.target, e.source):
            continue
        back = cx.edge(e.target, e.source)
        done.add(pair)
        yield cx.at_edge(R.BIDIRECTIONAL_COUPLING, e,
                         f"{e.source} and {e.target} depend on each other "
                         f"({e.label} and {back.label})",
                         f"keep one direction: e.g. {e.target} publishes events that "
                         f"{e.source} consumes instead of calling it, or merge the two")


def cross_context_without_translation(cx: Ctx) -> Iterator[Finding]:
    for e in cx.model.edges:
        a, b = cx.model.element(e.source), cx.model.element(e.target)
        if not (a.context and b.context) or a.context == b.context:
            continue
        if e.pattern in TRANSLATION_PATTERNS:
            continue
        yield cx.at_edge(R.CROSS_CONTEXT, e,
                         f"{e.label} crosses from context {a.context} to {b.context} "
                         "without a translation pattern",
                         "say how the models are translated: pattern: acl (the caller "
                         "translates), ohs or published-language (the callee publishes)")


# -- AK-SVC015..017 ---------------------------------------------------------------------------
def single_point_of_failure(cx: Ctx) -> Iterator[Finding]:
    needed_by: dict[str, list[str]] = {}
    for entry in cx.model.entrypoints:
        # (an optional call's callee fails no request: Online Boutique's ads; scout AQ)
        for n in nx.descendants(cx.needs, entry) | {entry}:
            needed_by.setdefault(n, []).append(entry)
    for name in sorted(needed_by, key=cx.order.get):
        el = cx.model.element(name)
        if el.is_external or (el.replicas or 1) >= 2:
            continue
        what = "1 replica" if el.is_service else "no replica"
        yield cx.at_element(R.SINGLE_POINT_OF_FAILURE, name,
                            f"{name} runs with {what} and "
                            + (f"entry point {needed_by[name][0]} needs"
                               if len(needed_by[name]) == 1 else
                               f"entry points {', '.join(needed_by[name])} need")
                            + " it synchronously",
                            f"set replicas: 2 or more on {name}"
                            + ("" if el.is_service else " (a standby or a replica set)"),
                            key="replicas")


def availability_budget(cx: Ctx) -> Iterator[Finding]:
    from archkit.boundaries.analysis import SHOWN_SHARE, composite_availability

    target = cx.slo["availability"]
    for entry in cx.model.entrypoints:
        av = composite_availability(cx.model, entry, graph=cx.needs,
                                    seed=int(cx.thresholds["seed"]),
                                    timeouts=cx.simulated[1])
        if av.availability < target:
            # (the SLO counts requests: a call made for some requests only (calls < 1)
            # fails those only; the product, every element needed by every request, was
            # the figure, said as an upper bound, "at most", and the hint named the first
            # of equals; scout AQ)
            n = len(av.elements)
            values = [av.per_element.get(e, 1.0) for e in av.elements]
            weakest = av.weakest
            each = target ** (1 / n) if n else target
            which = (f"each has {values[0]:.4%}" if len(set(values)) == 1 else
                     f"the weakest, {weakest}, has {av.per_element.get(weakest, 1):.4%}")
            timed_out = av.timed_out if av.timed_out >= SHOWN_SHARE else 0.0
            if av.floor == av.availability and not timed_out:
                said = (f"entry point {entry} is {av.availability:.4%} available when every "
                        f"request needs all {n} elements of its synchronous call tree (itself "
                        f"included)")
                need = f"to meet the SLO each of the {n} needs {each:.4%} or more"
            else:
                said = (f"{av.availability:.4%} of the requests to entry point {entry} find "
                        f"every element they call up"
                        + (" and every answer in time" if timed_out else "")
                        + (f" ({av.floor:.4%} if each made every call it may, to all {n} "
                           f"elements of its synchronous call tree, itself included)"
                           if av.floor != av.availability else ""))
                if timed_out:
                    said += (f"; calls that time out on every attempt fail "
                             f"{timed_out:.4%} of them")
                need = (f"with {each:.4%} or more each of the {n} meet the SLO whatever a "
                        f"request calls")
            slow = ""
            if av.timed_out >= 0.1 * (1 - target):     # a tenth of the error budget or more
                inside = set(av.elements)
                worst = sorted(((p, u, v) for (u, v), p in
                                cx.simulated[1].of(entry).timed_out.items()
                                if u in inside and v in inside and cx.needs.has_edge(u, v)
                                and p >= SHOWN_SHARE), key=lambda t: (-t[0], cx.order[t[1]]))
                worst = [w for w in worst if w[0] >= worst[0][0] / 10][:3] if worst else []
                slow = ("give calls the time their callee needs with its own calls (timeout_ms "
                        "above that p99: " + ", ".join(
                            f"{u} -> {v} times out {p:.{2 if p >= 5e-5 else 4}%} of its calls"
                            for p, u, v in worst)
                        + "), ")
            yield cx.at_element(
                R.AVAILABILITY_BUDGET, entry, f"{said}; the SLO is {target:.4%}",
                f"{slow}{need} ({which}): add replicas, make calls asynchronous (or optional: "
                "true where the caller answers without them), or agree a lower SLO in "
                "archkit.toml [slo] availability" if weakest else
                f"{slow}agree a lower SLO in archkit.toml [slo] availability")


def latency_budget(cx: Ctx) -> Iterator[Finding]:
    from archkit.boundaries.analysis import percentiles

    if not cx.model.entrypoints:
        return
    lat = percentiles(cx.simulated[0])
    for entry in cx.model.entrypoints:
        le = lat[entry]
        over = []
        if le.p95 > cx.slo["p95_ms"]:
            over.append(f"p95 {le.p95:.0f} ms > {_n(cx.slo['p95_ms'])} ms")
        if le.p99 > cx.slo["p99_ms"]:
            over.append(f"p99 {le.p99:.0f} ms > {_n(cx.slo['p99_ms'])} ms")
        if over:
            yield cx.at_element(
                R.LATENCY_BUDGET, entry,
                f"entry point {entry} is estimated at {', '.join(over)} (Monte Carlo over its "
                "synchronous call tree)",
                "shorten the synchronous call tree, run independent calls in parallel "
                "(parallel: true), or cache the slowest dependency's answers")


# -- AK-SVC018, AK-SVC019 -----------------------------------------------------------------------
def orphan_element(cx: Ctx) -> Iterator[Finding]:
    for name in [*cx.model.services, *cx.model.stores]:
        if cx.g.degree(name) == 0:
            kind = "service" if name in cx.model.services else "store"
            yield cx.at_element(R.ORPHAN_ELEMENT, name,
                                f"{kind} {name} has no edges: nothing uses it and it uses nothing",
                                f"add the edges to and from {name}, or remove it from the model")


def undocumented_edge(cx: Ctx) -> Iterator[Finding]:
    for e in cx.model.edges:
        if not e.protocol and not e.description:
            guess = "sql" if e.target in cx.model.stores else ("https" if e.sync else "kafka")
            yield cx.at_edge(R.UNDOCUMENTED_EDGE, e,
                             f"edge {e.label} says neither its protocol nor what it is for",
                             f"add protocol: {guess} (or a description) to the edge")


CHECKS: tuple[tuple[str, Callable[[Ctx], Iterator[Finding]]], ...] = (
    ("AK-SVC001", dependency_cycle),
    ("AK-SVC002", shared_database),
    ("AK-SVC003", private_store_access),
    ("AK-SVC004", long_synchronous_chain),
    ("AK-SVC005", hub_service),
    ("AK-SVC006", greedy_service),
    ("AK-SVC007", unstable_dependency),
    ("AK-SVC008", chatty_interface),
    ("AK-SVC009", unguarded_sync_call),
    ("AK-SVC010", timeout_inversion),
    ("AK-SVC011", retry_amplification),
    ("AK-SVC012", no_gateway),
    ("AK-SVC013", bidirectional_coupling),
    ("AK-SVC014", cross_context_without_translation),
    ("AK-SVC015", single_point_of_failure),
    ("AK-SVC016", availability_budget),
    ("AK-SVC017", latency_budget),
    ("AK-SVC018", orphan_element),
    ("AK-SVC019", undocumented_edge),
)


# -- configuration and suppressions ------------------------------------------------------------
def merge_numbers(defaults: Mapping[str, float], given: Mapping[str, Any] | None,
                  section: str) -> dict[str, float]:
    out = dict(defaults)
    for key, value in (given or {}).items():
        if key not in defaults:
            continue   # other keys of the section belong to other features
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(f"[{section}] {key} must be a number, got {value!r}", "archkit.toml")
        out[key] = float(value)
    return out


def _anchors(obj: str | None) -> tuple[str | None, str | None]:
    """(first element, first edge label) of a finding's object."""
    if not obj:
        return None, None
    parts = obj.split(" -> ")
    return parts[0], (" -> ".join(parts[:2]) if len(parts) > 1 else None)


def _suppressing(f: Finding, model: SystemModel, edges_by_label: dict[str, Edge]) -> list[Any]:
    """The ``ignore:`` entries that silence ``f``: those of the first element (or edge)
    its object names, for its rule."""
    first, edge_label = _anchors(f.object)
    ignores = []
    if first in model:
        ignores += model.element(first).ignore
    if edge_label in edges_by_label:
        ignores += edges_by_label[edge_label].ignore
    return [i for i in ignores if names_rule(i.rule, f.rule)]


def apply_ignores(report: Report, model: SystemModel,
                  judged: Collection[str] | None = None) -> Report:
    """Drop findings covered by ``ignore:`` entries; AK-SUP001 for those without a reason,
    AK-SUP002 for rule ids no rule has, and (``judged``: the rules that ran) AK-SUP003 for
    entries that silence nothing."""
    edges_by_label = {e.label: e for e in model.edges}
    used: set[int] = set()
    kept = []
    for f in report:
        silencing = _suppressing(f, model, edges_by_label)
        used.update(map(id, silencing))
        if not silencing:
            kept.append(f)
    entries = [(i, el.name) for el in model.iter_elements() for i in el.ignore]
    entries += [(i, e.label) for e in model.edges for i in e.ignore]
    sups = [Suppression((i.rule,), i.reason, i.line or 0, object=name, col=i.col)
            for i, name in entries]
    # only the reasonless ones: ``apply`` adds AK-SUP001 (and AK-SUP002) for them and
    # removes nothing else here; the others are checked for rule ids no rule has
    out = apply(Report(kept, title=report.title), [s for s in sups if not s.reason], model.path)
    extra = unknown_rules([s for s in sups if s.reason], model.path)
    if judged is not None:
        extra += unused(sups, {(n, i.rule) for n, (i, _name) in enumerate(entries)
                               if id(i) in used}, judged, model.path)
    return Report([*out.findings, *extra], title=out.title) if extra else out


def check(model: SystemModel, thresholds: Mapping[str, Any] | None = None,
          slo: Mapping[str, Any] | None = None, *,
          select: list[str] | None = None,
          reports: Callable[[str], bool] | None = None) -> Report:
    """Run every AK-SVC rule (or those in ``select``, and of them those ``reports`` keeps:
    ``Workspace.reports``) over ``model``."""
    from archkit.boundaries.analysis import slo_values
    from archkit.findings import selected

    cx = Ctx(model, merge_numbers(R.DEFAULT_THRESHOLDS, thresholds, "boundaries"),
             slo_values(merge_numbers(R.DEFAULT_SLO, slo, "slo")))
    judged = [rule_id for rule_id, _fn in CHECKS if selected(rule_id, select)
              and (reports is None or reports(rule_id))]
    findings: list[Finding] = []
    for rule_id, fn in CHECKS:
        if rule_id in judged:
            findings.extend(fn(cx))
    report = Report(findings, title=f"Service boundaries of {model.system}")
    return apply_ignores(report, model, judged).sorted()
