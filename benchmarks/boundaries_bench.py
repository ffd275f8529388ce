"""How fast the service-model analyses run on a large model.

Targets (issue 5), on a generated 200-service / 400-edge model:
* ``model.check()`` + ``model.metrics()`` ≤ 200 ms (all 19 AK-SVC rules, including the
  availability budget and a 10,000-sample latency estimate per entry point);
* Monte-Carlo latency for all entry points at 100,000 samples ≤ 1 s.

Peers, measured in the same run on the same model: the floor of what the libraries must
do anyway — networkx building the graph and finding its strongly connected components
and a topological order; numpy drawing 100,000 lognormal samples for every element the
entry points reach. Medians of a few runs; the machine is shared, so expect noise.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SERVICES, EDGES, ENTRIES, RUNS = 200, 400, 5, 5


def generate(seed: int = 7) -> str:
    """A services.yaml: 200 services (5 frontends), 20 stores, 400 edges, mostly downhill."""
    rnd = random.Random(seed)
    names = [f"svc-{i:03d}" for i in range(SERVICES)]
    lines = ["system: Bench", "services:"]
    for i, n in enumerate(names):
        p50 = rnd.choice([2, 5, 10, 20])
        kind = ", kind: frontend" if i < ENTRIES else ""
        lines.append(f"  {n}: {{context: ctx-{i % 12}, team: team-{i % 9}, replicas: "
                     f"{rnd.randint(1, 3)}, availability: 0.9995, latency_ms: "
                     f"{{p50: {p50}, p99: {p50 * rnd.choice([3, 5, 8])}}}{kind}}}")
    stores = [f"db-{i:02d}" for i in range(20)]
    lines.append("stores:")
    for i, s in enumerate(stores):
        lines.append(f"  {s}: {{kind: postgres, owner: {names[10 + i * 9]}, availability: 0.9999,"
                     " latency_ms: {p50: 1, p99: 8}}")
    lines.append("edges:")
    seen: set[tuple[str, str]] = set()
    while len(seen) < EDGES:
        a = rnd.randrange(SERVICES)
        if rnd.random() < 0.12:
            b = rnd.choice(stores)
        else:
            # calls mostly go to higher-numbered services (layers), a few go back up
            j = rnd.randrange(a + 1, SERVICES) if a < SERVICES - 1 and rnd.random() < 0.95 \
                else rnd.randrange(SERVICES)
            if j == a:
                continue
            b = names[j]
        if (names[a], b) in seen:
            continue
        seen.add((names[a], b))
        sync = "true" if rnd.random() < 0.75 else "false"
        calls = rnd.choice([1, 1, 1, 0.5, 2])
        par = ", parallel: true" if rnd.random() < 0.3 else ""
        lines.append(f"  - {{from: {names[a]}, to: {b}, sync: {sync}, calls: {calls}, "
                     f"protocol: grpc, timeout_ms: 500, retries: 1{par}}}")
    return "\n".join(lines) + "\n"


def median_s(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    import networkx as nx
    import numpy as np

    from archkit.boundaries.analysis import simulate_latency
    from archkit.boundaries.graph import to_graph
    from archkit.boundaries.model import loads_model

    model = loads_model(generate(), "bench.yaml")
    model.check(), model.metrics()               # warm imports and caches

    def check_and_metrics():
        model.check()
        model.metrics()

    def nx_floor():
        g = to_graph(model)
        list(nx.strongly_connected_components(g))
        list(nx.topological_sort(nx.condensation(g)))

    reached = set()
    sync = to_graph(model, sync_only=True)
    for e in model.entrypoints:
        reached |= nx.descendants(sync, e) | {e}

    def numpy_floor():
        rng = np.random.default_rng(0)
        for _ in reached:
            np.exp(rng.standard_normal(100_000))

    t_check = median_s(check_and_metrics)
    t_nx = median_s(nx_floor)
    t_mc = median_s(lambda: simulate_latency(model, samples=100_000, seed=0), runs=3)
    t_np = median_s(numpy_floor, runs=3)
    findings = len(model.check())
    rows = [
        ("check() + metrics()", t_check, t_nx, "networkx graph+SCC+topo", 0.200),
        (f"MC latency, {len(model.entrypoints)} entries x 100k", t_mc, t_np,
         f"numpy lognormal x {len(reached)} elements", 1.0),
    ]
    print(f"model: {len(model.services)} services, {len(model.stores)} stores, "
          f"{len(model.edges)} edges, {len(model.entrypoints)} entry points, "
          f"{findings} findings")
    print(f"{'measure':<36} {'ms':>8} {'peer ms':>8}  {'peer':<34} {'target ms':>9}  ok")
    for name, t, peer, peer_name, target in rows:
        print(f"{name:<36} {t * 1000:>8.1f} {peer * 1000:>8.1f}  {peer_name:<34} "
              f"{target * 1000:>9.0f}  {'yes' if t <= target else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
