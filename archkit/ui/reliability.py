"""What-if sliders for reliability and capacity (notebook 04).

Each class gathers numbers with sliders, calls a pure function of
:mod:`archkit.reliability`, and shows the result as HTML that updates live:

- :class:`PercentileChain` — why percentiles do not add along a chain of calls;
- :class:`TailAtScale` — the chance that a fan-out request meets a slow leaf;
- :class:`ExtraNine` — what replicas and dependencies do to availability and downtime;
- :class:`LittlesLaw` — requests in flight from arrival rate and response time;
- :class:`ErlangC` — queueing with c servers: utilisation, P(wait), mean and p99.

Callbacks are plain methods (``update``); tests set ``slider.value`` and read
``.result.value``. ``figure_*`` functions draw the matching matplotlib pictures.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from archkit import reliability as rel
from archkit.ui.snapshot import mimebundle

__all__ = [
    "ErlangC",
    "ExtraNine",
    "LittlesLaw",
    "PercentileChain",
    "TailAtScale",
    "figure_chain",
    "figure_erlang",
    "figure_fanout",
]

_STYLE = {"description_width": "150px"}
_LAYOUT = w.Layout(width="460px")


def _table(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><td style='text-align:left'>{html.escape(k)}</td>"
                   f"<td style='text-align:right'><b>{html.escape(v)}</b></td></tr>"
                   for k, v in rows)
    return f"<table>{body}</table>"


def _fmt_td(td) -> str:
    s = td.total_seconds()
    if s >= 86400:
        return f"{s / 86400:.1f} days"
    if s >= 3600:
        return f"{s / 3600:.1f} h"
    if s >= 60:
        return f"{s / 60:.1f} min"
    return f"{s:.1f} s"


def _percentile(q: float) -> str:
    """``p99.999`` for 0.99999: as many decimals as it takes not to round to p100."""
    for digits in range(0, 10):
        text = f"{q * 100:.{digits}f}"
        if float(text) < 100:
            return "p" + (text.rstrip("0").rstrip(".") if "." in text else text)
    return f"p{q * 100:.10f}"


class _WhatIf:
    """Sliders → ``compute()`` → an HTML table, redrawn on every change."""

    css = "ak-whatif"
    title = "What-if"

    def __init__(self, **sliders: Any) -> None:
        self.sliders = sliders
        for name, s in sliders.items():
            setattr(self, name, s)
            s.style, s.layout = _STYLE, _LAYOUT
            s.add_class(f"{self.css}-{name}")
            s.observe(lambda _change: self.update(), names="value")
        self.result = w.HTML()
        self.result.add_class(f"{self.css}-result")
        self.widget = w.VBox([*sliders.values(), self.result])
        self.widget.add_class(self.css)
        self.update()

    def values(self) -> dict[str, Any]:
        return {k: s.value for k, s in self.sliders.items()}

    def compute(self) -> list[tuple[str, str]]:  # pragma: no cover - abstract
        raise NotImplementedError

    def update(self) -> None:
        self.result.value = _table(self.compute())

    def _repr_mimebundle_(self, **_kw: Any) -> dict[str, Any]:
        return mimebundle(self.widget, self.title)


class PercentileChain(_WhatIf):
    """N services called one after another, each with the same p50/p99."""

    css = "ak-whatif-chain"
    title = "Percentile chain"

    def __init__(self, hops: int = 4, p50: float = 20, p99: float = 120,
                 samples: int = 50_000) -> None:
        self.samples = samples
        super().__init__(
            hops=w.IntSlider(value=hops, min=1, max=12, description="services in the chain"),
            p50=w.FloatSlider(value=p50, min=1, max=200, step=1, description="each p50 (ms)"),
            # (step 1: with step 5 from 1 the browser moved 120 to 121 before anyone touched it)
            p99=w.FloatSlider(value=p99, min=1, max=2000, step=1, description="each p99 (ms)"),
            parallel=w.Checkbox(value=False, description="call them in parallel"))

    def compute(self) -> list[tuple[str, str]]:
        import numpy as np

        v = self.values()
        p99 = max(v["p99"], v["p50"])
        x = rel.simulate_calls([(v["p50"], p99)] * v["hops"], parallel=v["parallel"],
                               samples=self.samples, seed=0)
        q50, q95, q99 = np.percentile(x, [50, 95, 99])
        naive = v["p99"] * (1 if v["parallel"] else v["hops"])
        return [("request p50 (simulated)", f"{q50:.0f} ms"),
                ("request p95 (simulated)", f"{q95:.0f} ms"),
                ("request p99 (simulated)", f"{q99:.0f} ms"),
                ("adding up the p99s" if not v["parallel"] else "p99 of one service",
                 f"{naive:.0f} ms")]


class TailAtScale(_WhatIf):
    """A request fans out to N leaves; each is slow with probability p."""

    css = "ak-whatif-tail"
    title = "Tail at scale"

    def __init__(self, p: float = 0.01, n: int = 100) -> None:
        super().__init__(
            p=w.FloatLogSlider(value=p, base=10, min=-5, max=-0.5, step=0.05,
                               description="P(one leaf slow)", readout_format=".5f"),
            n=w.IntSlider(value=n, min=1, max=2000, description="fan-out N"))

    def compute(self) -> list[tuple[str, str]]:
        v = self.values()
        slow = rel.fanout_slow_probability(v["p"], v["n"])
        leaf = rel.leaf_quantile(0.99, v["n"])
        return [("requests that meet a slow leaf", f"{slow:.1%}"),
                ("leaf percentile needed for a request p99", _percentile(leaf))]


class ExtraNine(_WhatIf):
    """An entry point needing k services in series, each with r replicas."""

    css = "ak-whatif-nine"
    title = "One more nine"

    def __init__(self, availability: float = 0.999, replicas: int = 1, chain: int = 5,
                 slo: float = 0.9999) -> None:
        self.slo = slo
        super().__init__(
            availability=w.FloatSlider(value=availability, min=0.9, max=0.99999, step=0.00001,
                                       readout_format=".5f", description="one replica"),
            replicas=w.IntSlider(value=replicas, min=1, max=5, description="replicas each"),
            chain=w.IntSlider(value=chain, min=1, max=20, description="services in series"))

    def compute(self) -> list[tuple[str, str]]:
        v = self.values()
        one = rel.k_of_n(1, v["replicas"], v["availability"])
        total = rel.serial([one] * v["chain"])
        return [("one service (with its replicas)", f"{one:.6%}"),
                ("the entry point", f"{total:.6%} ({rel.nines(total):.2f} nines)"),
                # what the entry point's availability means (scout AV: it was labelled
                # "allowed", which is the SLO's budget, the next row)
                ("expected downtime per 30 days", _fmt_td(rel.downtime(total))),
                (f"the SLO {self.slo:.4%} allows per 30 days", _fmt_td(rel.downtime(self.slo))),
                (f"meets the SLO {self.slo:.4%}", "yes" if total >= self.slo else "no")]


class LittlesLaw(_WhatIf):
    """L = λW: requests in flight from the arrival rate and the response time."""

    css = "ak-whatif-little"
    title = "Little's law"

    def __init__(self, rate: float = 200, response_ms: float = 150) -> None:
        super().__init__(
            rate=w.FloatSlider(value=rate, min=1, max=5000, step=1, description="requests / s"),
            response_ms=w.FloatSlider(value=response_ms, min=1, max=3000, step=1,
                                      description="response time (ms)"))

    def compute(self) -> list[tuple[str, str]]:
        v = self.values()
        inflight = rel.littles_law(arrival_rate=v["rate"], time_in_system=v["response_ms"] / 1000)
        return [("requests in flight on average (L = λW)", f"{inflight:.1f}"),
                ("threads/connections needed at least", f"{int(-(-inflight // 1))}")]


class ErlangC(_WhatIf):
    """M/M/c: arrival rate, service time per request, number of servers."""

    css = "ak-whatif-erlang"
    title = "Erlang C queue"

    def __init__(self, rate: float = 80, service_ms: float = 10, servers: int = 1) -> None:
        super().__init__(
            rate=w.FloatSlider(value=rate, min=1, max=2000, step=1, description="requests / s"),
            service_ms=w.FloatSlider(value=service_ms, min=1, max=500, step=1,
                                     description="service time (ms)"),
            servers=w.IntSlider(value=servers, min=1, max=200, description="servers c"))

    def queue(self) -> rel.Queue:
        v = self.values()
        return rel.mmc(v["rate"], 1000.0 / v["service_ms"], v["servers"])

    def compute(self) -> list[tuple[str, str]]:
        q = self.queue()
        if not q.stable:
            need = rel.servers_needed(q.lam, q.mu)
            return [("utilisation", f"{q.utilisation:.0%}"),
                    ("state", f"unstable: the queue grows without bound (need c ≥ {need})")]
        return [("utilisation", f"{q.utilisation:.1%}"),
                ("P(a request waits)", f"{q.p_wait:.1%}"),
                ("mean wait in queue", f"{q.wq * 1000:.1f} ms"),
                ("mean response", f"{q.w * 1000:.1f} ms"),
                ("p99 response", f"{q.wait_quantile(0.99) * 1000:.1f} ms")]


# -- pictures -------------------------------------------------------------------------------------
def figure_chain(hops: int = 4, p50: float = 20, p99: float = 120, samples: int = 100_000):
    """Histogram of one service's latency against a chain of ``hops`` of them."""
    import matplotlib.pyplot as plt
    import numpy as np

    one = rel.simulate_calls([(p50, p99)], samples=samples, seed=0)
    chain = rel.simulate_calls([(p50, p99)] * hops, samples=samples, seed=1)
    fig, ax = plt.subplots(figsize=(7, 3.2))
    bins = np.linspace(0, np.percentile(chain, 99.5), 120)
    ax.hist(one, bins=bins, alpha=0.6, label="one service")
    ax.hist(chain, bins=bins, alpha=0.6, label=f"chain of {hops}")
    ax.axvline(np.percentile(chain, 99), color="C1", ls="--", label="chain p99 (simulated)")
    ax.axvline(hops * p99, color="k", ls=":", label=f"{hops} × p99 (added)")
    ax.set_xlabel("latency (ms)")
    ax.set_yticks([])
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    plt.close(fig)
    return fig


def figure_fanout(ps: tuple[float, ...] = (0.01, 0.001, 0.0001), n_max: int = 2000):
    """P(request meets a slow leaf) against fan-out N."""
    import matplotlib.pyplot as plt
    import numpy as np

    n = np.unique(np.logspace(0, np.log10(n_max), 200).astype(int))
    fig, ax = plt.subplots(figsize=(7, 3.2))
    for p in ps:
        ax.plot(n, [rel.fanout_slow_probability(p, int(k)) for k in n], label=f"p = {p:g}")
    ax.set_xscale("log")
    ax.set_xlabel("fan-out N")
    ax.set_ylabel("P(request slow)")
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    plt.close(fig)
    return fig


def figure_erlang(rate: float = 800, service_ms: float = 10, servers: range = range(9, 21)):
    """Mean and p99 response time against the number of servers."""
    import matplotlib.pyplot as plt

    mu = 1000.0 / service_ms
    cs = [c for c in servers if rate < c * mu]
    qs = [rel.mmc(rate, mu, c) for c in cs]
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.plot(cs, [q.w * 1000 for q in qs], "o-", label="mean response")
    ax.plot(cs, [q.wait_quantile(0.99) * 1000 for q in qs], "s-", label="p99 response")
    ax.set_xlabel("servers c")
    ax.set_ylabel("ms")
    ax.set_yscale("log")
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    plt.close(fig)
    return fig
