"""The what-if widgets of notebook 04, driven from Python as a user drives the sliders."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("ipywidgets")

from archkit import reliability as rel
from archkit.ui.reliability import (
    ErlangC,
    ExtraNine,
    LittlesLaw,
    PercentileChain,
    TailAtScale,
    figure_chain,
    figure_erlang,
    figure_fanout,
)


def cell(html: str, label: str) -> str:
    m = re.search(re.escape(label) + r".*?<b>(.*?)</b>", html)
    assert m, (label, html)
    return m.group(1)


def test_tail_at_scale_updates_live():
    t = TailAtScale(p=0.01, n=100)
    assert cell(t.result.value, "requests that meet a slow leaf") == "63.4%"
    t.n.value = 1
    assert cell(t.result.value, "requests that meet a slow leaf") == "1.0%"
    assert cell(t.result.value, "leaf percentile") == "p99"


def test_tail_at_scale_names_the_leaf_percentile_it_needs_past_p99_99():
    # at N = 1006 the leaf must be 0.99^(1/1006) = 0.9999900: it read "p100"
    t = TailAtScale(p=0.01, n=1006)
    assert cell(t.result.value, "leaf percentile") == "p99.999"
    t.n.value = 2000
    assert cell(t.result.value, "leaf percentile") == "p99.999"     # 0.99999497


def test_the_percentile_chain_slider_holds_the_p99_it_is_given():
    # step 5 from 1 could not hold 120: the browser moved it to 121 before anyone touched
    # it. Every whole millisecond is a value of the slider now.
    c = PercentileChain(hops=4, p50=20, p99=120)
    s = c.p99
    assert (120 - s.min) % s.step == 0 and s.value == 120
    assert cell(c.result.value, "adding up the p99s") == "480 ms"


def test_extra_nine_replicas_and_chain():
    x = ExtraNine(availability=0.999, replicas=1, chain=1)
    # the entry point's own downtime, beside what the SLO (99.99 %) allows
    assert cell(x.result.value, "expected downtime") == "43.2 min"
    assert cell(x.result.value, "the SLO 99.9900% allows") == "4.3 min"
    x.replicas.value = 2                       # 1 - 0.001^2 = 0.999999
    assert cell(x.result.value, "one service") == "99.999900%"
    x.chain.value = 10
    assert cell(x.result.value, "meets the SLO") == "yes"
    x.replicas.value = 1
    assert cell(x.result.value, "meets the SLO") == "no"


def test_littles_law():
    little = LittlesLaw(rate=200, response_ms=150)
    assert cell(little.result.value, "requests in flight") == "30.0"
    little.rate.value = 1000
    assert cell(little.result.value, "requests in flight") == "150.0"


def test_erlang_c_matches_the_queue_and_reports_instability():
    e = ErlangC(rate=80, service_ms=10, servers=1)        # M/M/1, mu = 100
    assert cell(e.result.value, "mean response") == "50.0 ms"
    assert cell(e.result.value, "p99 response") == "230.3 ms"
    e.rate.value = 150
    assert "unstable" in e.result.value and "c ≥ 2" in e.result.value
    e.servers.value = 2
    assert cell(e.result.value, "P(a request waits)") == f"{rel.mmc(150, 100, 2).p_wait:.1%}"


def test_percentile_chain_shows_the_sum_is_pessimistic():
    c = PercentileChain(hops=4, p50=20, p99=120, samples=20_000)
    simulated = float(cell(c.result.value, "request p99").split()[0])
    added = float(cell(c.result.value, "adding up the p99s").split()[0])
    assert added == 480 and simulated < added * 0.8
    c.parallel.value = True
    assert "p99 of one service" in c.result.value


def test_figures_draw():
    for fig in (figure_chain(samples=2000), figure_fanout(), figure_erlang()):
        assert fig.axes and fig.axes[0].get_xlabel()
