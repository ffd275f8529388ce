"""The service-boundary rules AK-SVC001…019: metadata and examples only.

Cheap to import (no networkx, no numpy): the checks live in
:mod:`archkit.boundaries.checks` and are imported by the example runner when it runs.
Thresholds are the rules' ``options`` and can be changed in ``archkit.toml``
under ``[boundaries]``; the SLOs of AK-SVC016/017 under ``[slo]``.
"""

from __future__ import annotations

from archkit.rules import Rule, register, register_example_runner

AREA = "boundaries"

#: ``archkit.toml [boundaries]`` keys and their defaults.
DEFAULT_THRESHOLDS: dict[str, float] = {
    "max_sync_chain": 3,        # AK-SVC004: hops
    "hub_fan_in": 6,            # AK-SVC005
    "greedy_fan_out": 6,        # AK-SVC006
    "chatty_calls": 3,          # AK-SVC008: calls per request
    "max_retry_product": 10,    # AK-SVC011: attempts multiplied along a path
    "samples": 10_000,          # AK-SVC017: Monte-Carlo samples per entry point
    "seed": 0,
}

#: ``archkit.toml [slo]`` keys and their defaults (our standards).
DEFAULT_SLO: dict[str, float] = {"availability": 0.9999, "p95_ms": 100.0, "p99_ms": 1000.0}

_HEAD = "system: Example\n"


def _svc(id: str, name: str, severity: str, *, summary: str, why: str, fires: str,
         passes: str, like: str = "", options: dict | None = None) -> Rule:
    return register(id, name, severity, area=AREA, summary=summary, why=why,
                    fires=_HEAD + fires.lstrip("\n"), passes=_HEAD + passes.lstrip("\n"),
                    like=like, options=options)


DEPENDENCY_CYCLE = _svc(
    "AK-SVC001", "dependency-cycle", "error",
    summary="services form a directed cycle (error when every edge in it is synchronous, "
            "warning otherwise)",
    like="Taibi & Lenarduzzi 2018 (cyclic dependency); Arcan",
    why="""Services in a cycle cannot be deployed, versioned or reasoned about on their own:
a change ripples all the way round, and a synchronous cycle can deadlock or amplify a
failure into an outage of every member. A cycle made only of synchronous calls is a
distributed monolith. Break it by inverting one dependency (publish an event instead of
calling back) or by merging services that are really one.""",
    fires="""
services:
  orders: {}
  billing: {}
  shipping: {}
edges:
  - {from: orders, to: billing, protocol: grpc, timeout_ms: 300, retries: 1}
  - {from: billing, to: shipping, protocol: grpc, timeout_ms: 200, retries: 1}
  - {from: shipping, to: orders, protocol: grpc, timeout_ms: 100, retries: 1}
""",
    passes="""
services:
  orders: {}
  billing: {}
  shipping: {}
edges:
  - {from: orders, to: billing, protocol: grpc, timeout_ms: 300, retries: 1}
  - {from: billing, to: shipping, protocol: grpc, timeout_ms: 200, retries: 1}
  - {from: orders, to: shipping, protocol: grpc, timeout_ms: 100, retries: 1}
""")

SHARED_DATABASE = _svc(
    "AK-SVC002", "shared-database", "error",
    summary="a store is written by more than one service (read-only sharing: warning)",
    like="microFreshener (shared persistence); Taibi 2018",
    why="""Two services writing one database are coupled through its schema: neither can
change a table, migrate or scale on its own, and invariants are enforced by nobody. Give
the data one owner and let the others ask that owner (an API or events). Sharing read-only
is less harmful but still couples the readers to the schema.""",
    fires="""
services:
  orders: {}
  invoicing: {}
stores:
  main-db: {kind: postgres}
edges:
  - {from: orders, to: main-db, access: write, protocol: sql}
  - {from: invoicing, to: main-db, access: write, protocol: sql}
""",
    passes="""
services:
  orders: {}
  invoicing: {}
stores:
  orders-db: {kind: postgres, owner: orders}
  invoices-db: {kind: postgres, owner: invoicing}
edges:
  - {from: orders, to: orders-db, access: write, protocol: sql}
  - {from: invoicing, to: invoices-db, access: write, protocol: sql}
""")

PRIVATE_STORE_ACCESS = _svc(
    "AK-SVC003", "private-store-access", "warning",
    summary="a service reads or writes a store whose `owner` is another service",
    like="inappropriate intimacy",
    why="""A store with an owner is that service's private state. Reaching into it from
another service bypasses the owner's rules and makes the owner's schema a public API
without anyone agreeing to it. Ask the owner instead, or subscribe to its events.""",
    fires="""
services:
  catalog: {}
  search: {}
stores:
  catalog-db: {kind: postgres, owner: catalog}
edges:
  - {from: catalog, to: catalog-db, access: write, protocol: sql}
  - {from: search, to: catalog-db, access: read, protocol: sql}
""",
    passes="""
services:
  catalog: {}
  search: {}
stores:
  catalog-db: {kind: postgres, owner: catalog}
edges:
  - {from: catalog, to: catalog-db, access: write, protocol: sql}
  - {from: search, to: catalog, protocol: https, timeout_ms: 200, retries: 1}
""")

LONG_SYNC_CHAIN = _svc(
    "AK-SVC004", "long-synchronous-chain", "warning",
    summary="a synchronous call path is longer than `max_sync_chain` hops (default 3)",
    like="cimet (chain length)",
    options={"max_sync_chain": DEFAULT_THRESHOLDS["max_sync_chain"]},
    why="""Every synchronous hop multiplies failure probability and adds its latency tail
to the request: a long chain is only as available as the product of its links and as fast
as the sum of their slow moments. Shorten it: let a service keep a copy of the data it
needs (events), call in parallel instead of in sequence, or answer asynchronously.""",
    fires="""
services:
  web: {kind: frontend}
  a: {}
  b: {}
  c: {}
  d: {}
edges:
  - {from: web, to: a, protocol: https, timeout_ms: 900, retries: 1}
  - {from: a, to: b, protocol: grpc, timeout_ms: 400, retries: 1}
  - {from: b, to: c, protocol: grpc, timeout_ms: 200, retries: 1}
  - {from: c, to: d, protocol: grpc, timeout_ms: 100, retries: 1}
""",
    passes="""
services:
  web: {kind: frontend}
  a: {}
  b: {}
  c: {}
  d: {}
edges:
  - {from: web, to: a, protocol: https, timeout_ms: 900, retries: 1}
  - {from: a, to: b, protocol: grpc, timeout_ms: 400, retries: 1}
  - {from: b, to: c, protocol: grpc, timeout_ms: 200, retries: 1}
  - {from: c, to: d, protocol: kafka, sync: false}
""")

HUB_SERVICE = _svc(
    "AK-SVC005", "hub-service", "info",
    summary="a service has fan-in of at least `hub_fan_in` (default 6)",
    like="cimet (hub-like dependency)",
    options={"hub_fan_in": DEFAULT_THRESHOLDS["hub_fan_in"]},
    why="""A service many others depend on is a hub: its outages and breaking changes reach
everyone. That can be right (an identity service) but should be deliberate: give it the
highest availability, versioned APIs and generous capacity, or split what it does.""",
    fires="""
services:
  users: {}
  a: {}
  b: {}
  c: {}
  d: {}
  e: {}
  f: {}
edges:
  - {from: a, to: users, sync: false, protocol: kafka}
  - {from: b, to: users, sync: false, protocol: kafka}
  - {from: c, to: users, sync: false, protocol: kafka}
  - {from: d, to: users, sync: false, protocol: kafka}
  - {from: e, to: users, sync: false, protocol: kafka}
  - {from: f, to: users, sync: false, protocol: kafka}
""",
    passes="""
services:
  users: {}
  a: {}
  b: {}
edges:
  - {from: a, to: users, sync: false, protocol: kafka}
  - {from: b, to: users, sync: false, protocol: kafka}
""")

GREEDY_SERVICE = _svc(
    "AK-SVC006", "greedy-service", "info",
    summary="a service has fan-out of at least `greedy_fan_out` (default 6)",
    like="cimet (greedy service)",
    options={"greedy_fan_out": DEFAULT_THRESHOLDS["greedy_fan_out"]},
    why="""A service that depends on many others knows too much: it breaks when any of them
changes and is only as available as all of them together. It is often an orchestrator
that grew, or a boundary drawn around a screen instead of a capability.""",
    fires="""
services:
  bff: {}
  a: {}
  b: {}
  c: {}
  d: {}
  e: {}
  f: {}
edges:
  - {from: bff, to: a, sync: false, protocol: kafka}
  - {from: bff, to: b, sync: false, protocol: kafka}
  - {from: bff, to: c, sync: false, protocol: kafka}
  - {from: bff, to: d, sync: false, protocol: kafka}
  - {from: bff, to: e, sync: false, protocol: kafka}
  - {from: bff, to: f, sync: false, protocol: kafka}
""",
    passes="""
services:
  bff: {}
  a: {}
  b: {}
edges:
  - {from: bff, to: a, sync: false, protocol: kafka}
  - {from: bff, to: b, sync: false, protocol: kafka}
""")

UNSTABLE_DEPENDENCY = _svc(
    "AK-SVC007", "unstable-dependency", "info",
    summary="a service depends on a service less stable than itself "
            "(instability I = Ce/(Ca+Ce))",
    like="Martin's stable-dependencies principle",
    why="""Depend in the direction of stability. A service with many dependents and few
dependencies (low I) is hard to change; if it depends on a service that depends on much
and is depended on by little (high I), every change to the volatile one puts the stable one
at risk.""",
    fires="""
services:
  pricing: {}
  cart: {}
  web: {}
  promo: {}
  feeds: {}
edges:
  - {from: cart, to: pricing, protocol: kafka, sync: false}
  - {from: web, to: pricing, protocol: kafka, sync: false}
  - {from: pricing, to: promo, protocol: kafka, sync: false}
  - {from: promo, to: feeds, protocol: kafka, sync: false}
""",
    passes="""
services:
  pricing: {}
  cart: {}
  web: {}
edges:
  - {from: cart, to: pricing, protocol: kafka, sync: false}
  - {from: web, to: pricing, protocol: kafka, sync: false}
""")

CHATTY_INTERFACE = _svc(
    "AK-SVC008", "chatty-interface", "warning",
    summary="an edge makes at least `chatty_calls` calls per request (default 3)",
    like="Chatty I/O (Azure architecture anti-patterns)",
    options={"chatty_calls": DEFAULT_THRESHOLDS["chatty_calls"]},
    why="""Many calls per request multiply network latency and the chance that one of them
is slow or fails. Batch them into one call, or return what the caller needs in one
response.""",
    fires="""
services:
  cart: {}
  pricing: {}
edges:
  - {from: cart, to: pricing, calls: 5, protocol: grpc, timeout_ms: 100, retries: 1}
""",
    passes="""
services:
  cart: {}
  pricing: {}
edges:
  - {from: cart, to: pricing, calls: 1, protocol: grpc, timeout_ms: 100, retries: 1}
""")

UNGUARDED_SYNC_CALL = _svc(
    "AK-SVC009", "unguarded-sync-call", "warning",
    summary="a synchronous call has no timeout, or neither a circuit breaker nor a retry "
            "budget",
    like="microFreshener (wobbly service interaction)",
    why="""Without a timeout a slow dependency holds the caller's threads until the caller
falls over too; without a circuit breaker (or at least a bounded retry budget) the caller
keeps hammering a dependency that is already down. Give every synchronous call a timeout
and a circuit breaker.""",
    fires="""
services:
  checkout: {}
  payments: {}
edges:
  - {from: checkout, to: payments, protocol: https}
""",
    passes="""
services:
  checkout: {}
  payments: {}
edges:
  - {from: checkout, to: payments, protocol: https, timeout_ms: 800, circuit_breaker: true}
""")

TIMEOUT_INVERSION = _svc(
    "AK-SVC010", "timeout-inversion", "error",
    summary="what a callee may wait for its own calls (their timeouts, retries and calls "
            "in turn) plus its latency exceeds the timeout its caller gives it, or its own "
            "median alone does",
    like="practitioner rule (timeouts shrink towards the leaves)",
    why="""If A gives B 500 ms but B waits up to 2 s for C, A gives up while B is still
working: B's work is wasted, A may retry and double the load, and the user sees a timeout
for a request that would have succeeded. Timeouts must shrink along the call path: the
caller's timeout should cover the callee's latency plus the callee's own worst wait: each
call's timeout times its attempts, for its calls one after another (as the latency model
runs them; of calls marked parallel: true the slowest). A callee (a service, store or
external system) whose own median is above the timeout fails most calls by timeout, with
or without calls of its own. Calls that time out on every attempt fail their requests:
AK-SVC016 counts them.""",
    fires="""
services:
  web: {latency_ms: {p50: 20, p99: 100}}
  orders: {latency_ms: {p50: 30, p99: 150}}
  stock: {latency_ms: {p50: 10, p99: 50}}
edges:
  - {from: web, to: orders, protocol: https, timeout_ms: 500, circuit_breaker: true}
  - {from: orders, to: stock, protocol: grpc, timeout_ms: 2000, circuit_breaker: true}
""",
    passes="""
services:
  web: {latency_ms: {p50: 20, p99: 100}}
  orders: {latency_ms: {p50: 30, p99: 150}}
  stock: {latency_ms: {p50: 10, p99: 50}}
edges:
  - {from: web, to: orders, protocol: https, timeout_ms: 500, circuit_breaker: true}
  - {from: orders, to: stock, protocol: grpc, timeout_ms: 200, circuit_breaker: true}
""")

RETRY_AMPLIFICATION = _svc(
    "AK-SVC011", "retry-amplification", "warning",
    summary="the product of attempts (1 + retries) along a synchronous path exceeds "
            "`max_retry_product` (default 10)",
    like="practitioner rule (retry storms)",
    options={"max_retry_product": DEFAULT_THRESHOLDS["max_retry_product"]},
    why="""Retries multiply down a call path: three layers that each try 3 times send 27
requests to the last service when it is slow, which turns a brief slowdown into an
overload. Retry at one layer only (usually the edge), and use retry budgets.""",
    fires="""
services:
  web: {}
  api: {}
  orders: {}
  db-proxy: {}
edges:
  - {from: web, to: api, protocol: https, timeout_ms: 3000, retries: 2}
  - {from: api, to: orders, protocol: grpc, timeout_ms: 900, retries: 2}
  - {from: orders, to: db-proxy, protocol: grpc, timeout_ms: 250, retries: 2}
""",
    passes="""
services:
  web: {}
  api: {}
  orders: {}
  db-proxy: {}
edges:
  - {from: web, to: api, protocol: https, timeout_ms: 3000, retries: 2}
  - {from: api, to: orders, protocol: grpc, timeout_ms: 900, circuit_breaker: true}
  - {from: orders, to: db-proxy, protocol: grpc, timeout_ms: 250, circuit_breaker: true}
""")

NO_GATEWAY = _svc(
    "AK-SVC012", "no-gateway", "warning",
    summary="an external client calls more than one internal service directly",
    like="microFreshener (no API gateway)",
    why="""A client that calls several internal services directly couples itself to the
internal split: every boundary change becomes a client release, and authentication, rate
limits and TLS are repeated in every service. Put a gateway or a backend-for-frontend in
front.""",
    fires="""
external:
  mobile-app: {kind: client}
services:
  catalog: {}
  orders: {}
edges:
  - {from: mobile-app, to: catalog, protocol: https}
  - {from: mobile-app, to: orders, protocol: https}
""",
    passes="""
external:
  mobile-app: {kind: client}
services:
  gateway: {kind: gateway}
  catalog: {}
  orders: {}
edges:
  - {from: mobile-app, to: gateway, protocol: https}
  - {from: gateway, to: catalog, protocol: https, timeout_ms: 300, circuit_breaker: true}
  - {from: gateway, to: orders, protocol: https, timeout_ms: 300, circuit_breaker: true}
""")

BIDIRECTIONAL_COUPLING = _svc(
    "AK-SVC013", "bidirectional-coupling", "warning",
    summary="two services call each other",
    like="Bogner et al. (bidirectional dependency)",
    why="""When A calls B and B calls A, neither can change its API without coordinating
with the other, and the two can only be deployed together: they are one service in two
processes. Let one side publish events the other consumes, or merge them.""",
    fires="""
services:
  orders: {}
  customers: {}
edges:
  - {from: orders, to: customers, protocol: https, timeout_ms: 200, circuit_breaker: true}
  - {from: customers, to: orders, protocol: kafka, sync: false}
""",
    passes="""
services:
  orders: {}
  customers: {}
edges:
  - {from: orders, to: customers, protocol: https, timeout_ms: 200, circuit_breaker: true}
""")

CROSS_CONTEXT = _svc(
    "AK-SVC014", "cross-context-without-translation", "info",
    summary="an edge crosses bounded contexts without `pattern: acl|ohs|published-language`",
    like="Context Mapper",
    why="""Where two bounded contexts meet, one model leaks into the other unless something
translates: an anticorruption layer (acl) on the consumer side, an open host service
(ohs) or a published language on the provider side. Say which one the edge uses.""",
    fires="""
services:
  orders: {context: ordering}
  shipping: {context: fulfilment}
edges:
  - {from: orders, to: shipping, protocol: kafka, sync: false}
""",
    passes="""
services:
  orders: {context: ordering}
  shipping: {context: fulfilment}
edges:
  - {from: orders, to: shipping, protocol: kafka, sync: false, pattern: published-language}
""")

SINGLE_POINT_OF_FAILURE = _svc(
    "AK-SVC015", "single-point-of-failure", "warning",
    summary="a service with one replica (or a store without a replica) is on a synchronous "
            "path of an entry point",
    like="reliability engineering",
    why="""A request is only as available as every element it synchronously needs. One
replica means every deploy, crash or node failure is an outage of the entry points that
reach it. Run at least two replicas (replicas default to 1 when not given). A call marked
`optional: true` (the caller answers without it) needs nothing behind it.""",
    fires="""
services:
  web: {kind: frontend, replicas: 3}
  orders: {replicas: 1}
edges:
  - {from: web, to: orders, protocol: https, timeout_ms: 500, circuit_breaker: true}
""",
    passes="""
services:
  web: {kind: frontend, replicas: 3}
  orders: {replicas: 2}
edges:
  - {from: web, to: orders, protocol: https, timeout_ms: 500, circuit_breaker: true}
""")

AVAILABILITY_BUDGET = _svc(
    "AK-SVC016", "availability-budget", "error",
    summary="the share of an entry point's requests that find every element they call "
            "up and get every answer in time is below the SLO in `archkit.toml [slo]` "
            "(default 0.9999)",
    like="Treynor et al. 2017, The Calculus of Service Availability",
    options={"availability": DEFAULT_SLO["availability"]},
    why="""A request succeeds only when every element it synchronously calls is up: the
product of their availabilities (replicas as redundant copies, asynchronous edges and
calls marked `optional: true` excluded), computed before anyone measures it; and when no
call it makes times out on every attempt (the callee's simulated latency, with its own
calls, above the caller's `timeout_ms`). An SLO counts requests, and a call made for some
requests only (`calls` below 1) fails those only: the figure is the share of requests
that succeed, their calls drawn as the latency model draws them, and the message gives
beside it the figure for a request that makes every call it may. The hint says the
availability each element would need to meet the SLO whatever a request calls (the SLO
to the power 1/n), and the calls that time out most. Add replicas, make calls
asynchronous, give calls the time they need, or add a fallback (`optional: true`); or
agree a lower SLO.""",
    fires="""
services:
  web: {kind: frontend, availability: 0.999, replicas: 1}
""",
    passes="""
services:
  web: {kind: frontend, availability: 0.999, replicas: 3}
""")

LATENCY_BUDGET = _svc(
    "AK-SVC017", "latency-budget", "error",
    summary="an entry point's estimated p95 or p99 latency exceeds the SLO in "
            "`archkit.toml [slo]` (defaults p95 100 ms, p99 1000 ms)",
    like="Dean & Barroso 2013, The Tail at Scale",
    options={"p95_ms": DEFAULT_SLO["p95_ms"], "p99_ms": DEFAULT_SLO["p99_ms"]},
    why="""Percentiles do not add along a call chain, and a fan-out makes the slowest leaf
decide. archkit fits a lognormal to each service's p50/p99, simulates the synchronous call
tree (calls per request, parallel or sequential) with a fixed seed, and compares the
entry point's p95/p99 with the SLO. Cut hops, call in parallel, or cache.""",
    fires="""
services:
  web: {kind: frontend, latency_ms: {p50: 40, p99: 300}}
  search: {latency_ms: {p50: 60, p99: 900}}
edges:
  - {from: web, to: search, protocol: https, timeout_ms: 2000, circuit_breaker: true}
""",
    passes="""
services:
  web: {kind: frontend, latency_ms: {p50: 10, p99: 40}}
  search: {latency_ms: {p50: 15, p99: 50}}
edges:
  - {from: web, to: search, protocol: https, timeout_ms: 200, circuit_breaker: true}
""")

ORPHAN_ELEMENT = _svc(
    "AK-SVC018", "orphan-element", "info",
    summary="a service or store has no edge",
    like="Structurizr inspections",
    why="""An element nothing talks to is either dead or the model is missing its edges;
either way the diagram and every analysis built on it are wrong about it.""",
    fires="""
services:
  web: {}
  legacy-reports: {}
stores:
  web-db: {owner: web}
edges:
  - {from: web, to: web-db, access: write, protocol: sql}
""",
    passes="""
services:
  web: {}
stores:
  web-db: {owner: web}
edges:
  - {from: web, to: web-db, access: write, protocol: sql}
""")

UNDOCUMENTED_EDGE = _svc(
    "AK-SVC019", "undocumented-edge", "info",
    summary="an edge has neither a `protocol` nor a `description`",
    like="Structurizr inspections",
    why="""An arrow without a protocol or a word of description tells the reader that two
things are related but not how: HTTP or a queue, a read or a write. Diagrams and reviews
need that.""",
    fires="""
services:
  web: {}
  cart: {}
edges:
  - {from: web, to: cart, timeout_ms: 300, circuit_breaker: true}
""",
    passes="""
services:
  web: {}
  cart: {}
edges:
  - {from: web, to: cart, protocol: https, timeout_ms: 300, circuit_breaker: true}
""")


def _run_example(example, rule: Rule):
    """Check an example services.yaml with default thresholds; only ``rule``'s findings."""
    from archkit.boundaries.model import loads_model

    report = loads_model(str(example), "services.yaml").check()
    return report.select([rule.id])


register_example_runner(AREA, _run_example)
