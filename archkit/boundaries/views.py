"""What a diagram shows, decided once for every output format.

:func:`build_view` turns a :class:`~archkit.boundaries.model.SystemModel` into a
:class:`View` — boxes, clusters, arrows and the findings marked on them — without
drawing anything. The Graphviz renderer (``render.py``) and the Mermaid and Structurizr
writers (``export.py``) only translate a ``View``, so the same model gives the same
picture in every format.

Ids are deterministic (derived from names, in the file's order) and use only
``[a-z0-9_]``: they are safe as DOT, Mermaid and Structurizr identifiers. Names are
kept as they are and escaped by each writer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from archkit.boundaries.icons import Icon, icon_for, is_person
from archkit.boundaries.model import is_message_channel
from archkit.errors import InputError
from archkit.findings import Finding, Report, Severity

if TYPE_CHECKING:  # pragma: no cover
    from archkit.boundaries.model import Edge, Element, SystemModel

__all__ = [
    "GROUPINGS",
    "VIEWS",
    "View",
    "ViewCluster",
    "ViewEdge",
    "ViewNode",
    "build_view",
    "element_ids",
]

VIEWS = ("container", "context")
GROUPINGS = ("context", "team")

SYSTEM_ID = "system"
USERS_ID = "person_users"

# node roles
SERVICE, STORE, EXTERNAL, PERSON, SYSTEM = "service", "store", "external", "person", "system"

_PREFIX = {"service": "svc", "store": "store", "external": "ext", "person": "person"}
_SHOWN = (Severity.ERROR, Severity.WARNING)   # what is marked red on the picture


@dataclass(frozen=True)
class ViewNode:
    id: str
    name: str
    role: str                         # service | store | external | person | system
    cluster: str | None = None        # ViewCluster.id
    technology: str | None = None     # shown under the name
    description: str | None = None
    icon: Icon | None = None          # None: drawn as a C4 box
    channel: bool = False             # a store that is a message channel (a queue)


@dataclass(frozen=True)
class ViewCluster:
    id: str
    label: str
    parent: str | None = None
    kind: str = "group"               # system | group


@dataclass(frozen=True)
class ViewEdge:
    id: str
    source: str                       # ViewNode.id
    target: str
    sync: bool
    label: str
    pairs: tuple[tuple[str, str], ...]  # the model edges (source name, target name) it draws
    description: str | None = None    # the model edge's own words (tooltips, DSL)
    technology: str | None = None     # its protocol(s)
    access: str | None = None         # read | write | readwrite, to a store


@dataclass
class View:
    """One diagram: nodes, clusters (parents listed before children), edges, marks."""

    kind: str
    title: str
    system: str
    nodes: list[ViewNode] = field(default_factory=list)
    clusters: list[ViewCluster] = field(default_factory=list)
    edges: list[ViewEdge] = field(default_factory=list)
    marks: dict[str, list[Finding]] = field(default_factory=dict)   # node/edge id -> findings
    checked: bool = False             # findings were given (the legend says what red means)

    def node(self, node_id: str) -> ViewNode:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    def severity(self, item_id: str) -> Severity | None:
        return max((f.severity for f in self.marks.get(item_id, ())), default=None)


# -- ids ---------------------------------------------------------------------------------
def _slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return s or "x"


def element_ids(model: SystemModel) -> dict[str, str]:
    """Element name -> deterministic diagram id (``svc_checkout``, ``store_orders_db``)."""
    ids: dict[str, str] = {}
    used: set[str] = {SYSTEM_ID, USERS_ID}
    for el in model.iter_elements():
        role = _role(el)
        base = f"{_PREFIX[role]}_{_slug(el.name)}"
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}_{n}", n + 1
        used.add(candidate)
        ids[el.name] = candidate
    return ids


def _role(el: Element) -> str:
    if el.is_service:
        return SERVICE
    if el.is_store:
        return STORE
    return PERSON if is_person(el.kind) else EXTERNAL


# -- the two views -------------------------------------------------------------------------
def build_view(model: SystemModel, view: str = "container", *, group_by: str = "context",
               show_async: bool = True, focus: str | None = None, hops: int = 1,
               findings: Report | Iterable[Finding] | None = None) -> View:
    """Decide what the ``view`` of ``model`` shows (see the module docstring)."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}: use one of {', '.join(VIEWS)}")
    if group_by not in GROUPINGS:
        raise ValueError(f"unknown group_by {group_by!r}: use one of {', '.join(GROUPINGS)}")
    if isinstance(hops, bool) or not isinstance(hops, int) or hops < 0:
        raise ValueError(f"hops must be a whole number ≥ 0, got {hops!r}")
    edges = [e for e in model.edges if show_async or e.sync]
    names = _focus(model, edges, focus, hops) if focus is not None else None
    if names is not None:
        edges = [e for e in edges if e.source in names and e.target in names]
    ids = element_ids(model)
    if view == "container":
        out = _container(model, ids, edges, names, group_by)
    else:
        out = _context(model, ids, edges, names)
    if focus is not None:
        out.title += f" — around {focus} ({hops} hop{'s' if hops != 1 else ''})"
    if findings is not None:
        out.checked = True
        _mark(out, model, ids, findings)
    return out


def _focus(model: SystemModel, edges: list[Edge], focus: str, hops: int) -> set[str]:
    """Names within ``hops`` edges of ``focus``, in either direction."""
    import networkx as nx

    if focus not in model:
        import difflib

        close = difflib.get_close_matches(focus, list(model.elements), n=3)
        extra = f" (did you mean {', '.join(close)}?)" if close else ""
        raise InputError(f"focus {focus!r} is not a service, store or external system of "
                         f"this model{extra}", model.path)
    g = nx.Graph()
    g.add_nodes_from(model.elements)
    g.add_edges_from((e.source, e.target) for e in edges)
    return set(nx.single_source_shortest_path_length(g, focus, cutoff=hops))


def _container(model: SystemModel, ids: dict[str, str], edges: list[Edge],
               names: set[str] | None, group_by: str) -> View:
    v = View("container", f"{model.system} — containers", model.system)
    v.clusters.append(ViewCluster("boundary", model.system, None, "system"))
    groups: dict[str, str] = {}

    def group_of(el: Element) -> str | None:
        value = getattr(el, group_by)
        if value is None and el.owner is not None and el.owner in model.services:
            value = getattr(model.services[el.owner], group_by)
        if value is None:
            return "boundary"
        if value not in groups:
            groups[value] = f"{group_by}_{len(groups)}"
            v.clusters.append(ViewCluster(groups[value], f"{value} ({group_by})",
                                          "boundary"))
        return groups[value]

    for el in model.iter_elements():
        if names is not None and el.name not in names:
            continue
        role = _role(el)
        if role == SERVICE:
            tech = ", ".join(x for x in (el.tech, el.kind) if x) or None
            v.nodes.append(ViewNode(ids[el.name], el.name, role, group_of(el), tech,
                                    el.description, icon_for("service", kind=el.kind,
                                                             tech=el.tech)))
        elif role == STORE:
            v.nodes.append(ViewNode(ids[el.name], el.name, role, group_of(el),
                                    el.tech or el.kind, el.description,
                                    icon_for("store", kind=el.kind, tech=el.tech),
                                    is_message_channel(el.kind, el.tech)))
        else:
            v.nodes.append(ViewNode(ids[el.name], el.name, role, None, el.kind,
                                    el.description))
    for e in edges:
        v.edges.append(ViewEdge(f"edge_{e.index}", ids[e.source], ids[e.target], e.sync,
                                _edge_label(e), ((e.source, e.target),), e.description,
                                e.protocol, e.access))
    return v


def _edge_label(e: Edge) -> str:
    words = [w for w in (e.protocol, e.access) if w]
    label = " ".join(words)
    if e.calls and e.calls != 1:
        label += f" ×{e.calls:g}"
    if e.optional:
        label += " (optional)"
    return label.strip()


def _context(model: SystemModel, ids: dict[str, str], edges: list[Edge],
             names: set[str] | None) -> View:
    v = View("context", f"{model.system} — system context", model.system)
    inside = set(model.services) | set(model.stores)
    size = (f"{len(model.services)} service{'s' if len(model.services) != 1 else ''}, "
            f"{len(model.stores)} store{'s' if len(model.stores) != 1 else ''}")
    v.nodes.append(ViewNode(SYSTEM_ID, model.system, SYSTEM, None, size, model.description))
    for el in model.external.values():
        if names is not None and el.name not in names:
            continue
        v.nodes.append(ViewNode(ids[el.name], el.name, _role(el), None, el.kind, el.description))
    shown = {n.id for n in v.nodes}
    # one arrow per (from, to) between the system and each outside element
    arrows: dict[tuple[str, str], list[Edge]] = {}
    for e in edges:
        src = SYSTEM_ID if e.source in inside else ids[e.source]
        dst = SYSTEM_ID if e.target in inside else ids[e.target]
        if src == dst or src not in shown or dst not in shown:
            continue
        arrows.setdefault((src, dst), []).append(e)
    if not any(n.role == PERSON for n in v.nodes) and model.entrypoints and names is None:
        # C4 context diagrams start from people: without a client in the model, the
        # entry points are what its users reach
        v.nodes.insert(1, ViewNode(USERS_ID, "Users", PERSON, None, None,
                                   "reach " + ", ".join(model.entrypoints)))
        v.edges.append(ViewEdge("edge_users", USERS_ID, SYSTEM_ID, True, "uses", ()))
    for i, ((src, dst), group) in enumerate(arrows.items()):
        protocols = sorted({e.protocol for e in group if e.protocol})
        said = list(dict.fromkeys(e.description for e in group if e.description))
        v.edges.append(ViewEdge(f"edge_ctx_{i}", src, dst, any(e.sync for e in group),
                                ", ".join(protocols), tuple((e.source, e.target) for e in group),
                                "; ".join(said) or None, ", ".join(protocols) or None))
    return v


# -- findings on the picture --------------------------------------------------------------
def _mark(v: View, model: SystemModel, ids: dict[str, str],
          findings: Report | Iterable[Finding]) -> None:
    """Attach error/warning findings to the nodes and edges their ``object`` names."""
    node_of = {n.name: n.id for n in v.nodes if n.role not in (SYSTEM,) and n.id != USERS_ID}
    edges_of: dict[tuple[str, str], list[str]] = {}
    for e in v.edges:
        for pair in e.pairs:
            edges_of.setdefault(pair, []).append(e.id)
    inside = set(model.services) | set(model.stores)
    system_shown = any(n.id == SYSTEM_ID for n in v.nodes)
    for f in findings:
        if f.severity not in _SHOWN or not f.object:
            continue
        targets: list[str] = []
        for name in _object_names(f.object, model):
            if name in node_of:
                targets.append(node_of[name])
            elif system_shown and name in inside:
                targets.append(SYSTEM_ID)
        for pair in _object_pairs(f.object, model):
            if pair in edges_of:
                targets.extend(edges_of[pair])
            elif system_shown and pair[0] in inside and pair[1] in inside:
                targets.append(SYSTEM_ID)   # an edge inside the system box
        for t in dict.fromkeys(targets):
            v.marks.setdefault(t, []).append(f)


def _object_names(obj: str, model: SystemModel) -> list[str]:
    """The element a finding is about, when its object is one element's name."""
    return [obj] if obj in model else []


def _object_pairs(obj: str, model: SystemModel) -> list[tuple[str, str]]:
    """Consecutive pairs of ``a -> b -> c`` (an edge or a path), when all are elements."""
    if obj in model or " -> " not in obj:
        return []
    parts = [p.strip() for p in obj.split(" -> ")]
    if not all(p in model for p in parts):
        return []
    return list(pairwise(parts))


