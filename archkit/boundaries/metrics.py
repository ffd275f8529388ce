"""Coupling metrics of a service model (a table, not findings).

Per service: fan-in Ca (elements that depend on it), fan-out Ce (elements it depends on,
stores and external systems included), instability I = Ce/(Ca+Ce) (empty when both are
0) and Ca×Ce. For the system: density E/(N(N−1)) over services, bidirectional pairs,
cycles (strongly connected groups of services), the longest synchronous path.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Any

import networkx as nx

from archkit.boundaries.graph import acyclic, best_paths, order_index, sync_roots, to_graph

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from archkit.boundaries.model import SystemModel


def service_metrics(model: SystemModel) -> pd.DataFrame:
    """DataFrame indexed by service: team, context, ca, ce, instability, ca_x_ce, sync_out."""
    import pandas as pd

    g = to_graph(model)
    rows = []
    for name, el in model.services.items():
        ca, ce = g.in_degree(name), g.out_degree(name)
        rows.append({
            "service": name, "team": el.team, "context": el.context,
            "ca": ca, "ce": ce,
            "instability": (ce / (ca + ce)) if ca + ce else float("nan"),
            "ca_x_ce": ca * ce,
            "sync_out": sum(1 for t in g.successors(name) if g.edges[name, t]["edge"].sync),
        })
    cols = ["team", "context", "ca", "ce", "instability", "ca_x_ce", "sync_out"]
    return pd.DataFrame(rows, columns=["service", *cols]).set_index("service")


def system_metrics(model: SystemModel) -> dict[str, Any]:
    """Density, bidirectional pairs, cycles and longest synchronous path."""
    order = order_index(model)
    g = to_graph(model)
    services = g.subgraph(model.services)
    n, e = services.number_of_nodes(), services.number_of_edges()
    pairs = sorted({tuple(sorted((a, b), key=order.get)) for a, b in services.edges
                    if services.has_edge(b, a)}, key=lambda p: (order[p[0]], order[p[1]]))
    cycles = [sorted(c, key=order.get) for c in nx.strongly_connected_components(services)
              if len(c) > 1]
    cycles.sort(key=lambda c: order[c[0]])
    sync = to_graph(model, sync_only=True)
    dag, _ = acyclic(sync, sync_roots(model), order)
    best = best_paths(dag, lambda _e: 1, operator.add, 0, order)
    longest = max(best.values(), key=lambda vp: vp[0], default=(0, []))
    return {
        "services": n,
        "stores": len(model.stores),
        "external": len(model.external),
        "edges": len(model.edges),
        "density": e / (n * (n - 1)) if n > 1 else 0.0,
        "bidirectional_pairs": [list(p) for p in pairs],
        "cycles": cycles,
        "longest_sync_path": int(longest[0]),
        "longest_sync_path_elements": longest[1],
    }
