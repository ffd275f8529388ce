"""The service model as a networkx graph, and the graph questions the checks ask.

Paths are asked of the *synchronous* graph made acyclic: a depth-first search from the
entry points (then every other element, in file order) drops the edges that close a
cycle (cycles are reported on their own by AK-SVC001), so longest-path questions have
an answer in linear time instead of enumerating simple paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:  # pragma: no cover
    from archkit.boundaries.model import Edge, SystemModel


def to_graph(model: SystemModel, *, sync_only: bool = False,
             services_only: bool = False, needed_only: bool = False) -> nx.DiGraph:
    """Nodes are element names (attribute ``element``); edges carry ``edge`` (the Edge).
    ``needed_only``: the synchronous edges whose failure fails the caller (not those
    marked ``optional: true``, which the caller answers without)."""
    g = nx.DiGraph()
    for el in model.iter_elements():
        if services_only and not el.is_service:
            continue
        g.add_node(el.name, element=el)
    for e in model.edges:
        if ((sync_only or needed_only) and not e.sync) or (needed_only and e.optional):
            continue
        if e.source in g and e.target in g:
            g.add_edge(e.source, e.target, edge=e)
    return g


def service_call_graph(model: SystemModel, *, sync_only: bool = False) -> nx.DiGraph:
    """Only services, and the calls between them."""
    return to_graph(model, sync_only=sync_only, services_only=True)


def order_index(model: SystemModel) -> dict[str, int]:
    """Elements by their order in the file (for deterministic traversals)."""
    return {name: i for i, name in enumerate(model.elements)}


def acyclic(g: nx.DiGraph, roots: Iterable[str], order: dict[str, int]) -> tuple[nx.DiGraph, list]:
    """A copy of ``g`` without the edges that close a cycle, and the edges dropped."""
    dag = g.copy()
    state: dict[str, int] = {}          # 1 on the stack, 2 done
    dropped = []
    starts = list(dict.fromkeys([*roots, *sorted(g.nodes, key=lambda n: order.get(n, 0))]))
    for start in starts:
        if start in state or start not in g:
            continue
        state[start] = 1
        stack = [(start, iter(sorted(g.successors(start), key=lambda n: order.get(n, 0))))]
        while stack:
            node, it = stack[-1]
            for nxt in it:
                s = state.get(nxt)
                if s == 1:
                    dropped.append((node, nxt))
                    dag.remove_edge(node, nxt)
                elif s is None:
                    state[nxt] = 1
                    stack.append((nxt, iter(sorted(g.successors(nxt),
                                                   key=lambda n: order.get(n, 0)))))
                    break
            else:
                state[node] = 2
                stack.pop()
    return dag, dropped


def best_paths(dag: nx.DiGraph, score: Callable[[Edge], float],
               combine: Callable[[float, float], float], unit: float,
               order: dict[str, int]) -> dict[str, tuple[float, list[str]]]:
    """For every node, the path to a leaf maximising ``combine``-d edge scores.

    ``combine`` is ``+`` for hop counts (``unit`` 0) or ``*`` for retry products
    (``unit`` 1). Ties go to the successor that comes first in the file.
    """
    best: dict[str, tuple[float, str | None]] = {}
    for node in reversed(list(nx.topological_sort(dag))):
        value, nxt = unit, None
        for succ in sorted(dag.successors(node), key=lambda n: order.get(n, 0)):
            v = combine(score(dag.edges[node, succ]["edge"]), best[succ][0])
            if v > value:
                value, nxt = v, succ
        best[node] = (value, nxt)
    out = {}
    for node, (value, _) in best.items():
        path, cur = [node], best[node][1]
        while cur is not None:
            path.append(cur)
            cur = best[cur][1]
        out[node] = (value, path)
    return out


def sync_roots(model: SystemModel) -> list[str]:
    """Where synchronous paths start: the entry points, then services no service calls."""
    called = {e.target for e in model.edges if e.sync and e.source in model.services}
    return list(dict.fromkeys([*model.entrypoints,
                               *(n for n in model.services if n not in called)]))


def sync_reachable(model: SystemModel, g: nx.DiGraph, entry: str) -> list[str]:
    """Elements an entry point needs synchronously (itself included), in file order."""
    order = order_index(model)
    return sorted(nx.descendants(g, entry) | {entry}, key=lambda n: order[n])
