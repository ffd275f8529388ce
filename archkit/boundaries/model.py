"""The service model: what ``services.yaml`` says, validated, as plain dataclasses.

``load_model(path)`` / ``loads_model(text)`` read a model; every problem with the
file (an edge to an unknown name, a name used twice, an availability outside (0, 1],
a value of the wrong type, a missing field, an unknown key) is an
:class:`~archkit.errors.InputError` carrying the YAML line and column.

The dataclasses are the contract shared by the checks, the metrics, the reliability
analysis and the renderer: fields are only ever added, never renamed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archkit.errors import InputError, finite_number
from archkit.yamlio import YList, YMap, as_written, load_yaml, loads_yaml

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from archkit.findings import Report

Pos = tuple[int, int]

SERVICE = "service"
STORE = "store"
EXTERNAL = "external"
CATEGORIES = (SERVICE, STORE, EXTERNAL)
SECTIONS = {"services": SERVICE, "stores": STORE, "external": EXTERNAL}

ENTRY_KINDS = ("frontend", "gateway")          # default entry points
ACCESS = ("read", "write", "readwrite")
TRANSLATION_PATTERNS = ("acl", "ohs", "published-language")
PATTERNS = (*TRANSLATION_PATTERNS, "conformist", "shared-kernel", "partnership",
            "customer-supplier", "separate-ways")

#: store kinds that are message channels, not databases: sharing them is the point
#: (AK-SVC002/003 skip them; diagrams draw them as queues)
MESSAGING_KINDS = frozenset({
    "kafka", "redpanda", "msk", "rabbitmq", "amqp", "sqs", "sns", "queue", "topic", "stream",
    "events", "broker", "message-broker", "nats", "pubsub", "kinesis", "eventbus", "event-bus",
    "eventbridge", "activemq", "zeromq", "pulsar", "redis-streams"})


def _kind_key(value: str | None) -> str | None:
    """``Redis Streams`` -> ``redis-streams``: how kinds are compared."""
    key = str(value or "").strip().lower().replace("_", "-").replace(" ", "-")
    return key or None


def is_message_channel(kind: str | None, tech: str | None = None) -> bool:
    """Whether a store of this ``kind`` (or, without a kind, this ``tech``) carries messages.

    The one test the checks, the icons and the exports share: whole words, never
    substrings (``eventstoredb`` and ``timestream`` are databases). ``tech`` is read only
    when ``kind`` is missing, by its first word (``kafka 3.7`` is kafka).
    """
    if _kind_key(kind) is not None:
        return _kind_key(kind) in MESSAGING_KINDS
    words = str(tech or "").split()
    return bool(words) and (_kind_key(tech) in MESSAGING_KINDS
                            or _kind_key(words[0]) in MESSAGING_KINDS)

_ELEMENT_KEYS = {"kind", "team", "context", "tech", "availability", "latency_ms",
                 "replicas", "owner", "description", "ignore", "tags", "url"}
MAX_CALLS = 10_000          # calls per request on one edge
MAX_REPLICAS = 100_000      # running copies of one service
MAX_LATENCY_MS = 86_400_000  # one day: a latency beyond it is a typo (1e300 overflowed the
                             # lognormal into a 300-digit p95 and a numpy warning; scout AQ)
_EDGE_KEYS = {"from", "to", "sync", "calls", "timeout_ms", "retries", "circuit_breaker",
              "protocol", "access", "pattern", "description", "parallel", "optional",
              "ignore", "tags"}
_TOP_KEYS = {"system", "description", "services", "stores", "external", "edges", "teams",
             "contexts", "entrypoints"}


@dataclass(frozen=True)
class Ignore:
    """``ignore: [{rule: AK-SVC004, reason: ...}]`` on an element or an edge."""

    rule: str
    reason: str
    line: int | None = None
    col: int | None = None


@dataclass(frozen=True)
class Latency:
    """Service latency in milliseconds: median and 99th percentile."""

    p50: float
    p99: float


@dataclass
class Element:
    """A service, a store or an external system (``category`` says which)."""

    name: str
    category: str = SERVICE
    kind: str | None = None
    team: str | None = None
    context: str | None = None
    tech: str | None = None
    availability: float | None = None
    latency_ms: Latency | None = None
    replicas: int | None = None
    owner: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    url: str | None = None
    ignore: list[Ignore] = field(default_factory=list)
    line: int | None = None
    col: int | None = None
    positions: dict[str, Pos] = field(default_factory=dict, repr=False)

    @property
    def is_service(self) -> bool:
        return self.category == SERVICE

    @property
    def is_store(self) -> bool:
        return self.category == STORE

    @property
    def is_external(self) -> bool:
        return self.category == EXTERNAL

    def pos(self, key: str | None = None) -> Pos | tuple[None, None]:
        """(line, col) of one of its fields, else of the element itself."""
        if key is not None and key in self.positions:
            return self.positions[key]
        return (self.line, self.col)


@dataclass
class Edge:
    """A dependency ``source -> target``: a call, a message, or access to a store."""

    source: str
    target: str
    sync: bool = True
    calls: float = 1.0                # calls per request to the source
    timeout_ms: float | None = None
    retries: int = 0
    circuit_breaker: bool = False
    protocol: str | None = None
    access: str | None = None         # read | write | readwrite (edges to stores)
    pattern: str | None = None        # context-mapping pattern (acl, ohs, ...)
    description: str | None = None
    parallel: bool = False            # made concurrently with the source's other parallel calls
    optional: bool = False            # the source answers without it when it fails (a fallback)
    tags: tuple[str, ...] = ()
    ignore: list[Ignore] = field(default_factory=list)
    index: int = 0                    # position in the edges list
    line: int | None = None
    col: int | None = None
    positions: dict[str, Pos] = field(default_factory=dict, repr=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.target)

    @property
    def label(self) -> str:
        return f"{self.source} -> {self.target}"

    @property
    def writes(self) -> bool:
        return self.access in ("write", "readwrite")

    @property
    def reads(self) -> bool:
        return self.access in (None, "read", "readwrite")

    def pos(self, key: str | None = None) -> Pos | tuple[None, None]:
        if key is not None and key in self.positions:
            return self.positions[key]
        return (self.line, self.col)


@dataclass
class Team:
    name: str
    description: str | None = None
    line: int | None = None


@dataclass
class Context:
    name: str
    description: str | None = None
    line: int | None = None


@dataclass
class SystemModel:
    """A validated service model. Dicts keep the file's order."""

    system: str
    services: dict[str, Element] = field(default_factory=dict)
    stores: dict[str, Element] = field(default_factory=dict)
    external: dict[str, Element] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    teams: dict[str, Team] = field(default_factory=dict)
    contexts: dict[str, Context] = field(default_factory=dict)
    entrypoints: list[str] = field(default_factory=list)
    description: str | None = None
    path: str | None = None
    entrypoints_explicit: bool = False

    # -- lookups --------------------------------------------------------------------
    @property
    def elements(self) -> dict[str, Element]:
        """Every element by name: services, then stores, then external systems."""
        return {**self.services, **self.stores, **self.external}

    def element(self, name: str) -> Element:
        for group in (self.services, self.stores, self.external):
            if name in group:
                return group[name]
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return name in self.services or name in self.stores or name in self.external

    def iter_elements(self) -> Iterator[Element]:
        yield from self.services.values()
        yield from self.stores.values()
        yield from self.external.values()

    def edges_from(self, name: str) -> list[Edge]:
        return [e for e in self.edges if e.source == name]

    def edges_to(self, name: str) -> list[Edge]:
        return [e for e in self.edges if e.target == name]

    def edge(self, source: str, target: str) -> Edge | None:
        for e in self.edges:
            if e.source == source and e.target == target:
                return e
        return None

    # -- analyses (imported lazily: loading a model stays cheap) ---------------------
    def graph(self, *, sync_only: bool = False):
        """The model as a ``networkx.DiGraph`` (nodes carry ``element``, edges ``edge``)."""
        from archkit.boundaries.graph import to_graph

        return to_graph(self, sync_only=sync_only)

    def check(self, thresholds: Mapping[str, Any] | None = None,
              slo: Mapping[str, Any] | None = None,
              reports: Callable[[str], bool] | None = None) -> Report:
        """Every AK-SVC rule over the model (thresholds as in ``archkit.toml [boundaries]``;
        ``reports``: the rules whose findings are reported, ``Workspace.reports``)."""
        from archkit.boundaries.checks import check

        return check(self, thresholds=thresholds, slo=slo, reports=reports)

    def metrics(self) -> pd.DataFrame:
        """Per-service coupling metrics (fan-in, fan-out, instability, Ca×Ce)."""
        from archkit.boundaries.metrics import service_metrics

        return service_metrics(self)

    def system_metrics(self) -> dict[str, Any]:
        """System-wide metrics: density, bidirectional pairs, cycles, longest sync path."""
        from archkit.boundaries.metrics import system_metrics

        return system_metrics(self)

    def entrypoint_table(self, slo: Mapping[str, Any] | None = None, *,
                         samples: int = 10_000, seed: int = 0) -> pd.DataFrame:
        """Composite availability and Monte-Carlo p50/p95/p99 latency per entry point."""
        from archkit.boundaries.analysis import entrypoint_table

        return entrypoint_table(self, slo=slo, samples=samples, seed=seed)

    def capacity(self, rate: float | Mapping[str, float], **kw: Any) -> pd.DataFrame:
        """Replicas each service needs (M/G/c) for ``rate`` requests/s at the entry points."""
        from archkit.boundaries.analysis import capacity_table

        return capacity_table(self, rate, **kw)

    def render(self, view: str = "container", format: str = "svg", **kw: Any) -> str | bytes:
        """Draw the model (``view`` context|container; ``format`` svg|png|dot|mermaid|structurizr)."""
        from archkit.boundaries.render import render

        return render(self, view=view, format=format, **kw)

    def save(self, path: str | Path | None = None) -> Path:
        """Write the model back to its services.yaml (or ``path``), keeping comments."""
        from archkit.boundaries.yamledit import save_model

        return save_model(self, path)

    def __repr__(self) -> str:
        return (f"SystemModel({self.system!r}: {len(self.services)} services, "
                f"{len(self.stores)} stores, {len(self.external)} external, "
                f"{len(self.edges)} edges, entry points {self.entrypoints})")

    def _repr_html_(self) -> str:
        import html

        rows = "".join(
            f"<tr><td>{html.escape(e.name)}</td><td>{e.category}</td>"
            f"<td>{html.escape(e.kind or '')}</td><td>{html.escape(e.team or '')}</td>"
            f"<td>{html.escape(e.context or '')}</td></tr>"
            for e in self.iter_elements())
        return (f"<p><b>{html.escape(self.system)}</b>: {len(self.services)} services, "
                f"{len(self.stores)} stores, {len(self.external)} external systems, "
                f"{len(self.edges)} edges; entry points: "
                f"{html.escape(', '.join(self.entrypoints) or 'none')}</p>"
                "<table><thead><tr><th>name</th><th>category</th><th>kind</th><th>team</th>"
                f"<th>context</th></tr></thead><tbody>{rows}</tbody></table>")


# -- loading ------------------------------------------------------------------------------
def load_model(path: str | Path) -> SystemModel:
    """Read and validate a ``services.yaml``."""
    return model_from_data(load_yaml(path), str(path))


def loads_model(text: str, path: str | Path = "services.yaml") -> SystemModel:
    """Validate a services.yaml given as text (``path`` names it in errors)."""
    return model_from_data(loads_yaml(text, path), str(path))


class _Ctx:
    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, message: str, where: Any = None, key: Any = None, value: bool = False) -> None:
        line, col = None, None
        if isinstance(where, YMap):
            if key is None:
                line, col = where.start
            else:
                line, col = where.value_pos(key) if value else where.pos(key)
        elif isinstance(where, YList):
            line, col = where.pos(key) if isinstance(key, int) else where.start
        elif isinstance(where, tuple):
            line, col = where
        raise InputError(message, self.path, line, col)


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def model_from_data(data: Any, path: str = "services.yaml") -> SystemModel:
    """Validate parsed YAML (``YMap``/plain dicts) into a :class:`SystemModel`."""
    cx = _Ctx(path)
    if data is None:
        cx.fail("the file is empty: expected a mapping with 'system' and 'services'", (1, 1))
    if not isinstance(data, dict):
        cx.fail(f"expected a mapping with 'system' and 'services', got {_type_name(data)}",
                getattr(data, "start", (1, 1)))
    for key in data:
        if key not in _TOP_KEYS:
            cx.fail(f"unknown key {key!r}: expected one of {', '.join(sorted(_TOP_KEYS))}", data, key)
    if "system" not in data:
        cx.fail("missing required field 'system' (the system's name)", data)
    system = as_written(data, "system")
    if not isinstance(system, str) or not system.strip():
        cx.fail(f"'system' must be a non-empty name, got {_type_name(system)}", data, "system", True)
    if "services" not in data:
        cx.fail("missing required field 'services' (a mapping of service name to its details)",
                data)
    model = SystemModel(system=system.strip(), path=path,
                        description=_opt_str(cx, data, "description"))

    seen: dict[str, Pos] = {}
    for section, category in SECTIONS.items():
        group = data.get(section)
        if group is None:
            if section in data and section == "services":
                cx.fail("'services' is empty: name at least one service", data, section, True)
            continue
        if not isinstance(group, dict):
            cx.fail(f"'{section}' must be a mapping of name to details, got {_type_name(group)}",
                    data, section, True)
        target = getattr(model, section)
        for name, spec in group.items():
            npos = group.pos(name) if isinstance(group, YMap) else (None, None)
            if not isinstance(name, str):
                cx.fail(f"a name in '{section}' must be text, got {_type_name(name)}", npos)
            if not name.strip():
                cx.fail(f"a name in '{section}' is empty: give every element a name", npos)
            if name in seen:
                cx.fail(f"duplicate name {name!r} (first defined on line {seen[name][0]}); "
                        "names are unique across services, stores and external systems", npos)
            seen[name] = npos
            target[name] = _element(cx, name, category, spec, group, npos)
        if section == "services" and not group:
            cx.fail("'services' is empty: name at least one service", data, section, True)

    for el in model.iter_elements():
        if el.owner is not None and el.owner not in model.services:
            cx.fail(f"{el.name}: owner {el.owner!r} is not a service in this model", el.pos("owner"))

    edges = data.get("edges")
    if edges is not None:
        if not isinstance(edges, list):
            cx.fail(f"'edges' must be a list, got {_type_name(edges)}", data, "edges", True)
        first: dict[tuple[str, str], int | None] = {}
        for i, spec in enumerate(edges):
            edge = _edge(cx, i, spec, edges, model)
            if edge.key in first:
                cx.fail(f"duplicate edge {edge.label} (first on line {first[edge.key]}): "
                        "merge them into one edge", (edge.line, edge.col))
            first[edge.key] = edge.line
            model.edges.append(edge)

    model.teams = _named_groups(cx, data, "teams", Team,
                                [e.team for e in model.iter_elements() if e.team])
    model.contexts = _named_groups(cx, data, "contexts", Context,
                                   [e.context for e in model.iter_elements() if e.context])
    model.entrypoints, model.entrypoints_explicit = _entrypoints(cx, data, model)
    return model


def _opt_str(cx: _Ctx, m: Any, key: str) -> str | None:
    if key not in m or m[key] is None:
        return None
    v = as_written(m, key)      # "owner: 2024", "team: 1e3": the names as written
    if isinstance(v, bool) or not isinstance(v, (str, int, float)):
        cx.fail(f"'{key}' must be text, got {_type_name(v)}", m, key, True)
    return str(v)


def _opt_bool(cx: _Ctx, m: Any, key: str, default: bool) -> bool:
    if key not in m or m[key] is None:
        return default
    if not isinstance(m[key], bool):
        cx.fail(f"'{key}' must be true or false, got {m[key]!r}", m, key, True)
    return m[key]


def _did_you_mean(key: Any, known: Any) -> str:
    """`` (did you mean replicas?)`` for a key close to one of ``known``, else ''."""
    import difflib

    close = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.75)
    return f" (did you mean {close[0]}?)" if close else ""


def _opt_number(cx: _Ctx, m: Any, key: str, *, what: str, low: float = 0.0,
                low_open: bool = True, integer: bool = False,
                high: float | None = None) -> float | int | None:
    if key not in m or m[key] is None:
        return None
    v = m[key]
    if high is not None and finite_number(v) and v > high:
        cx.fail(f"'{key}' must be at most {high:,.0f} ({what}), got {v!r}", m, key, True)
    if not finite_number(v) or (integer and (float(v) != int(v))):
        kind = "a whole number" if integer else "a number"
        cx.fail(f"'{key}' must be {kind} ({what}), got {v!r}", m, key, True)
    if (v <= low) if low_open else (v < low):
        bound = f"greater than {low:g}" if low_open else f"at least {low:g}"
        cx.fail(f"'{key}' must be {bound} ({what}), got {v!r}", m, key, True)
    return int(v) if integer else float(v)


def _tags(cx: _Ctx, m: Any, key: str = "tags") -> tuple[str, ...]:
    v = m.get(key)
    if v is None:
        return ()
    if isinstance(v, str):
        return (v,)
    if not isinstance(v, list) or not all(isinstance(t, str) for t in v):
        cx.fail(f"'{key}' must be a list of words", m, key, True)
    return tuple(v)


def _ignores(cx: _Ctx, m: Any) -> list[Ignore]:
    v = m.get("ignore")
    if v is None:
        return []
    if isinstance(v, dict):
        v_list: list[Any] = [v]
        where = None
    elif isinstance(v, list):
        v_list, where = v, v
    else:
        cx.fail("'ignore' must be a list of {rule: AK-SVC..., reason: ...}", m, "ignore", True)
    out = []
    for i, item in enumerate(v_list):
        pos = where.pos(i) if isinstance(where, YList) else (m.value_pos("ignore")
                                                             if isinstance(m, YMap) else (None, None))
        if isinstance(item, str):   # shorthand: ignore: [AK-SVC018] (no reason: AK-SUP001)
            rule, reason = item, ""
        elif isinstance(item, dict):
            for k in item:
                if k not in ("rule", "reason"):
                    cx.fail(f"unknown key {k!r} in ignore: expected 'rule' and 'reason'", item, k)
            rule = item.get("rule")
            reason = item.get("reason") or ""
            if not isinstance(reason, str):
                cx.fail("the reason of an ignore must be text", item, "reason", True)
        else:
            cx.fail("each ignore entry must be {rule: AK-SVC..., reason: ...}", pos)
        if not isinstance(rule, str) or not rule.strip():
            cx.fail("an ignore entry needs 'rule' (a rule id such as AK-SVC004)", pos)
        out.append(Ignore(rule.strip().upper(), reason.strip(), pos[0], pos[1]))
    return out


def _positions(spec: Any) -> dict[str, Pos]:
    if isinstance(spec, YMap):
        return {str(k): spec.value_pos(k) for k in spec}
    return {}


def _element(cx: _Ctx, name: str, category: str, spec: Any, group: Any, npos: Any) -> Element:
    if spec is None:
        spec = YMap()
    if not isinstance(spec, dict):
        cx.fail(f"{name}: expected a mapping of details (team, kind, availability, ...), "
                f"got {_type_name(spec)}", group, name, True)
    for key in spec:
        if key not in _ELEMENT_KEYS:
            cx.fail(f"{name}: unknown key {key!r}{_did_you_mean(key, _ELEMENT_KEYS)}: expected "
                    f"one of {', '.join(sorted(_ELEMENT_KEYS))}", spec, key)
    availability = spec.get("availability")
    if availability is not None:
        if not finite_number(availability):
            cx.fail(f"{name}: 'availability' must be a number in (0, 1], e.g. 0.999, "
                    f"got {availability!r}", spec, "availability", True)
        if not 0 < availability <= 1:
            hint = " (write a fraction: 99.9 % is 0.999)" if 1 < availability <= 100 else ""
            cx.fail(f"{name}: availability {availability!r} is outside (0, 1]{hint}",
                    spec, "availability", True)
        availability = float(availability)
    latency = None
    if spec.get("latency_ms") is not None:
        lat = spec["latency_ms"]
        if not isinstance(lat, dict):
            cx.fail(f"{name}: 'latency_ms' must be a mapping {{p50: ..., p99: ...}}, "
                    f"got {_type_name(lat)}", spec, "latency_ms", True)
        for k in lat:
            if k not in ("p50", "p99"):
                cx.fail(f"{name}: unknown key {k!r} in latency_ms: expected p50 and p99", lat, k)
        for k in ("p50", "p99"):
            if k not in lat:
                cx.fail(f"{name}: latency_ms needs {k} (milliseconds)", spec, "latency_ms", True)
        p50 = _opt_number(cx, lat, "p50", what="milliseconds", high=MAX_LATENCY_MS)
        p99 = _opt_number(cx, lat, "p99", what="milliseconds", high=MAX_LATENCY_MS)
        if p50 is None or p99 is None:
            cx.fail(f"{name}: latency_ms needs numbers for p50 and p99", spec, "latency_ms", True)
        if p99 < p50:
            cx.fail(f"{name}: latency p99 ({p99:g} ms) is below p50 ({p50:g} ms)", lat, "p99", True)
        latency = Latency(float(p50), float(p99))
    replicas = _opt_number(cx, spec, "replicas", what="running copies", low=1, low_open=False,
                           integer=True, high=MAX_REPLICAS)
    owner = _opt_str(cx, spec, "owner")
    if owner is not None and category == SERVICE:
        cx.fail(f"{name}: 'owner' is for stores and external systems (the service that owns it)",
                spec, "owner")
    line, col = npos if isinstance(npos, tuple) else (None, None)
    return Element(
        name=name, category=category, kind=_opt_str(cx, spec, "kind"),
        team=_opt_str(cx, spec, "team"), context=_opt_str(cx, spec, "context"),
        tech=_opt_str(cx, spec, "tech"), availability=availability, latency_ms=latency,
        replicas=replicas, owner=owner,  # type: ignore[arg-type]
        description=_opt_str(cx, spec, "description"), tags=_tags(cx, spec),
        url=_opt_str(cx, spec, "url"), ignore=_ignores(cx, spec), line=line, col=col,
        positions=_positions(spec))


def _edge(cx: _Ctx, i: int, spec: Any, edges: Any, model: SystemModel) -> Edge:
    pos = edges.pos(i) if isinstance(edges, YList) else (None, None)
    if not isinstance(spec, dict):
        cx.fail(f"edge {i + 1}: expected a mapping {{from: ..., to: ...}}, got {_type_name(spec)}", pos)
    for key in spec:
        if key not in _EDGE_KEYS:
            cx.fail(f"edge {i + 1}: unknown key {key!r}: expected one of "
                    f"{', '.join(sorted(_EDGE_KEYS))}", spec, key)
    ends = []
    for key in ("from", "to"):
        if key not in spec:
            cx.fail(f"edge {i + 1}: missing required field {key!r}", pos)
        v = spec[key]
        if not isinstance(v, str):
            # "to: 2024" names the service "2024:" (keys are names as written)
            written = as_written(spec, key)
            if not (isinstance(written, str) and written in model):
                cx.fail(f"edge {i + 1}: {key!r} must be a name, got {_type_name(v)}", spec, key,
                        True)
            v = written
        if v not in model:
            known = sorted(model.elements)
            close = [k for k in known if k.lower() == v.lower() or k.startswith(v[:3])][:3]
            extra = f" (did you mean {', '.join(close)}?)" if close else ""
            cx.fail(f"edge {i + 1}: {key!r} names {v!r}, which is not a service, store or "
                    f"external system in this model{extra}", spec, key, True)
        ends.append(v)
    source, target = ends
    if source == target:
        cx.fail(f"edge {i + 1}: {source!r} depends on itself", spec, "to", True)
    if source in model.stores:
        cx.fail(f"edge {i + 1}: a store ({source!r}) cannot call anything; draw the edge "
                f"from the service that reads or writes it", spec, "from", True)
    access = _opt_str(cx, spec, "access")
    if access is not None and access not in ACCESS:
        cx.fail(f"edge {i + 1}: access must be one of {', '.join(ACCESS)}, got {access!r}",
                spec, "access", True)
    if access is not None and target not in model.stores:
        cx.fail(f"edge {i + 1}: 'access' is for edges to stores; {target!r} is not a store",
                spec, "access")
    pattern = _opt_str(cx, spec, "pattern")
    if pattern is not None and pattern not in PATTERNS:
        cx.fail(f"edge {i + 1}: pattern must be one of {', '.join(PATTERNS)}, got {pattern!r}",
                spec, "pattern", True)
    # a bound that no real fan-out reaches: the latency simulation draws every call
    calls = _opt_number(cx, spec, "calls", what="calls per request", high=MAX_CALLS)
    timeout = _opt_number(cx, spec, "timeout_ms", what="milliseconds")
    retries = _opt_number(cx, spec, "retries", what="extra attempts after a failure", low=0,
                          low_open=False, integer=True)
    return Edge(
        source=source, target=target, sync=_opt_bool(cx, spec, "sync", True),
        calls=1.0 if calls is None else float(calls), timeout_ms=timeout,
        retries=0 if retries is None else int(retries),
        circuit_breaker=_opt_bool(cx, spec, "circuit_breaker", False),
        protocol=_opt_str(cx, spec, "protocol"), access=access, pattern=pattern,
        description=_opt_str(cx, spec, "description"),
        parallel=_opt_bool(cx, spec, "parallel", False),
        optional=_opt_bool(cx, spec, "optional", False), tags=_tags(cx, spec),
        ignore=_ignores(cx, spec), index=i, line=pos[0], col=pos[1], positions=_positions(spec))


def _named_groups(cx: _Ctx, data: Any, key: str, cls: type, used: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    spec = data.get(key)
    if spec is not None:
        if isinstance(spec, list):
            spec_items = [(as_written(spec, j), None) for j in range(len(spec))]
        elif isinstance(spec, dict):
            spec_items = list(spec.items())
        else:
            cx.fail(f"'{key}' must be a mapping of name to description, got {_type_name(spec)}",
                    data, key, True)
        for n, desc in spec_items:
            if not isinstance(n, str):
                cx.fail(f"a name in '{key}' must be text, got {_type_name(n)}", data, key, True)
            if isinstance(desc, dict):
                d = desc.get("description")
            else:
                d = desc
            line = spec.pos(n)[0] if isinstance(spec, YMap) else None
            out[n] = cls(n, None if d is None else str(d), line)
    for n in used:
        out.setdefault(n, cls(n))
    return out


def _entrypoints(cx: _Ctx, data: Any, model: SystemModel) -> tuple[list[str], bool]:
    if data.get("entrypoints") is not None:
        eps = data["entrypoints"]
        if isinstance(eps, str):
            eps = YList([eps])
        if not isinstance(eps, list):
            cx.fail("'entrypoints' must be a list of service names", data, "entrypoints", True)
        out = []
        default = data.value_pos("entrypoints") if isinstance(data, YMap) else (None, None)
        for i in range(len(eps)):
            n = as_written(eps, i)
            pos = eps.pos(i) if getattr(eps, "_items", None) else default
            if not isinstance(n, str) or n not in model.services:
                cx.fail(f"entry point {n!r} is not a service in this model", pos)
            if n not in out:
                out.append(n)
        return out, True
    by_kind = [n for n, s in model.services.items() if (s.kind or "").lower() in ENTRY_KINDS]
    if by_kind:
        return by_kind, False
    called_from_outside = [n for n in model.services
                           if any(e.source in model.external for e in model.edges_to(n))]
    if called_from_outside:
        return called_from_outside, False
    # no hint at all: services nobody inside the system calls synchronously
    roots = [n for n in model.services
             if not any(e.sync and e.source in model.services for e in model.edges_to(n))
             and model.edges_from(n)]
    return roots, False
