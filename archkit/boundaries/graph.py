"""The service model as a networkx graph, and the graph questions the checks ask."""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:  # pragma: no cover
    from archkit.boundaries.model import SystemModel


def to_graph(model: SystemModel, *, sync_only: bool = False,
             services_only: bool = False) -> nx.DiGraph:
    """Nodes are element names (attribute ``element``); edges carry ``edge`` (the Edge)."""
    g = nx.DiGraph()
    for el in model.iter_elements():
        if services_only and not el.is_service:
            continue
        g.add_node(el.name, element=el)
    for e in model.edges:
        if sync_only and not e.sync:
            continue
        if e.source in g and e.target in g:
            g.add_edge(e.source, e.target, edge=e)
    return g


def service_call_graph(model: SystemModel, *, sync_only: bool = False) -> nx.DiGraph:
    """Only services, and the calls between them."""
    return to_graph(model, sync_only=sync_only, services_only=True)
