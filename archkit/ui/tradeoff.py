"""Widgets for trade-offs: weight sliders with a live ranking, stability table and chart,
and an AHP judgement editor that shows the consistency ratio as you edit.

Glue only: every callback builds a new :class:`~archkit.tradeoff.DecisionMatrix` (or
calls :func:`~archkit.tradeoff.ahp`) and displays what the engine returns. Each widget
carries a CSS class (``ak-...``) so browser tests can find it.

    from archkit.ui.tradeoff import TradeoffExplorer
    TradeoffExplorer(m)            # in a notebook cell
"""

from __future__ import annotations

import html
import math
import time
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import ipywidgets as W

from archkit.errors import InputError
from archkit.tradeoff import charts
from archkit.tradeoff.matrix import DecisionMatrix
from archkit.tradeoff.pairwise import SAATY_VALUES, AhpResult, ahp, format_judgement, snap_to_scale
from archkit.tradeoff.robustness import taken_over_by, verdict
from archkit.ui.snapshot import mimebundle

METHODS = (("weighted sum", "wsm"), ("TOPSIS", "topsis"))


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]], cls: str) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>"
                   for r in rows)
    return f"<table class='{cls}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class TradeoffExplorer:
    """One slider per criterion weight, a method toggle, and live results."""

    def __init__(self, matrix: DecisionMatrix, samples: int = 2_000) -> None:
        self.base = matrix
        self.samples = samples
        self.matrix: DecisionMatrix | None = matrix
        self.last_update_ms = 0.0
        self.sliders: dict[str, W.FloatSlider] = {}
        for c in matrix.criteria:
            s = W.FloatSlider(value=round(float(matrix.weights[c]), 3), min=0.0, max=1.0,
                              step=0.005, description=c, continuous_update=False,
                              readout_format=".3f", style={"description_width": "140px"},
                              layout=W.Layout(width="420px"))
            s.add_class("ak-weight-slider")
            s.add_class(f"ak-weight-{_css(c)}")
            s.observe(self._changed, names="value")
            self.sliders[c] = s
        self.method = W.ToggleButtons(options=METHODS, value="wsm", description="method")
        self.method.add_class("ak-method")
        self.method.observe(self._changed, names="value")
        self.ranking = W.HTML().add_class("ak-ranking")
        self.stability = W.HTML().add_class("ak-stability")
        self.chart = W.HTML().add_class("ak-chart")
        self.verdict = W.HTML().add_class("ak-verdict")
        self.error = W.HTML().add_class("ak-error")
        self.reset = W.Button(description="reset weights", icon="undo")
        self.reset.add_class("ak-reset")
        self.reset.on_click(lambda _: self.set_weights(dict(self.base.weights.items())))
        self._silent = False
        self.widget = W.VBox([
            W.HTML(f"<b>{html.escape(matrix.title)}</b>"),
            # the sliders keep their width; the results wrap below them on a narrow page
            # instead of squeezing them (the table once covered the slider readouts)
            W.HBox([W.VBox(list(self.sliders.values()) + [self.method, self.reset],
                           layout=W.Layout(flex="0 0 auto", width="440px")),
                    W.VBox([self.ranking, self.verdict],
                           layout=W.Layout(flex="1 1 360px", min_width="360px"))],
                   layout=W.Layout(flex_flow="row wrap", width="100%")),
            self.error, self.stability, self.chart,
        ]).add_class("ak-tradeoff")
        self.update()

    # -- state ------------------------------------------------------------------------------
    def weights(self) -> dict[str, float]:
        return {c: s.value for c, s in self.sliders.items()}

    def set_weights(self, weights: dict[str, float]) -> None:
        """Move several sliders at once, then update once."""
        self._silent = True
        try:
            for c, w in weights.items():
                self.sliders[c].value = round(float(w), 3)
        finally:
            self._silent = False
        self.update()

    def _changed(self, _change: dict) -> None:
        if not self._silent:
            self.update()

    def update(self) -> None:
        start = time.perf_counter()
        try:
            m = self.base.with_weights(self.weights())
        except InputError as exc:
            self.matrix = None
            self.error.value = f"<p style='color:#9b1c1c'>{html.escape(exc.message)}</p>"
            # nothing of the last weights stays on screen beside the error (a ranking that
            # contradicts the sliders)
            for out in (self.ranking, self.verdict, self.stability, self.chart):
                out.value = ""
            return
        self.error.value = ""
        self.matrix = m
        method = self.method.value
        ranking = m.rank(method)
        st = m.weight_stability()
        p = m.win_probability(samples=self.samples, seed=0, method=method)
        self.ranking.value = _table(
            ["rank", "option", "score", "wins"],
            [(int(r["rank"]), o, f"{r['score']:.3f}", f"{p.get(o, 0) * 100:.0f} %")
             for o, r in ranking.iterrows()], "ak-ranking-table") + (
            f"<small>{html.escape(ranking.attrs['normalisation'])}</small>")
        basis = ("" if method == "wsm" else " Wins and verdict are TOPSIS figures, on the "
                 "same random weightings; the stability ranges are the weighted sum's: it is "
                 "linear in the weights, TOPSIS is not.")
        by = "" if method == "wsm" else " (weighted sum)"
        sliders = self.weights()
        self.stability.value = _table(
            ["criterion", "weight", f"{st.attrs['winner']} first for{by}", "on its slider",
             "taken over by"],
            [(c, f"{r['weight']:.3f}", f"{r['low']:.3f} .. {r['high']:.3f}",
              slider_range(sliders, c, r["low"], r["high"]), taken_over_by(r))
             for c, r in st.iterrows()], "ak-stability-table")
        self.verdict.value = (f"<p>{html.escape(verdict(m, stability=st, probability=p, method=method))}</p>"
                              f"<p><i>Sliders set relative importance; the weights are "
                              f"normalised to sum 1 (the verdict's figures are weights; "
                              f"the table gives each range on its slider too, the other "
                              f"sliders where they are).{basis}</i></p>")
        self.chart.value = (charts.quick_ranking_svg(ranking) + "<br>"
                            + charts.quick_stability_svg(st))
        self.last_update_ms = (time.perf_counter() - start) * 1000

    def winner(self) -> str | None:
        return None if self.matrix is None else self.matrix.winner(self.method.value)

    def ahp_editor(self) -> AhpEditor:
        """An AHP editor over this decision's criteria; "use these weights" moves the sliders
        (once the judgements are consistent: CR ≤ 0.10)."""
        start = self.base.ahp_result.matrix if self.base.ahp_result is not None else None
        return AhpEditor(self.base.criteria, start, on_apply=self.set_weights)

    def _repr_mimebundle_(self, **_kw: Any) -> dict[str, Any]:
        return mimebundle(self.widget, f"Trade-off explorer: {self.base.title}")


class AhpEditor:
    """One selection slider per pair of criteria (Saaty's 1/9..9); CR shown live."""

    def __init__(self, labels: Sequence[str], matrix: Any = None,
                 on_apply: Any = None) -> None:
        self.labels = list(labels)
        self.on_apply = on_apply
        values = [format_judgement(v) for v in SAATY_VALUES]
        self.judgements: dict[tuple[str, str], W.SelectionSlider] = {}
        n = len(self.labels)
        for i in range(n):
            for j in range(i + 1, n):
                start = "1" if matrix is None else format_judgement(
                    snap_to_scale(float(matrix[i][j])))
                s = W.SelectionSlider(options=values, value=start, continuous_update=False,
                                      description=f"{self.labels[i]} vs {self.labels[j]}",
                                      style={"description_width": "260px"},
                                      layout=W.Layout(width="560px"))
                s.add_class("ak-judgement")
                s.add_class(f"ak-judgement-{_css(self.labels[i])}-{_css(self.labels[j])}")
                s.observe(lambda _c: self.update(), names="value")
                self.judgements[(self.labels[i], self.labels[j])] = s
        self.cr = W.HTML().add_class("ak-cr")
        self.weights = W.HTML().add_class("ak-ahp-weights")
        self.apply = W.Button(description="use these weights", icon="check",
                              layout=W.Layout(width="auto"))   # (148 px cut the label)
        self.apply.add_class("ak-ahp-apply")
        self.apply.on_click(lambda _: self.apply_weights())
        self.result: AhpResult | None = None
        self.widget = W.VBox([W.HTML("<b>Pairwise judgements</b> (3: the left criterion "
                                     "matters moderately more; 1/3: the right one does)"),
                              *self.judgements.values(), self.cr, self.weights,
                              self.apply]).add_class("ak-ahp")
        self.update()

    def matrix(self) -> list[list[float]]:
        n = len(self.labels)
        M = [[1.0] * n for _ in range(n)]
        for (a, b), s in self.judgements.items():
            i, j = self.labels.index(a), self.labels.index(b)
            v = float(Fraction(s.value))
            M[i][j], M[j][i] = v, 1 / v
        return M

    def update(self) -> None:
        try:
            r = ahp(self.matrix(), labels=self.labels)
        except InputError as exc:  # e.g. more criteria than the random index table covers
            self.result = None
            self.cr.value = f"<p style='color:#9b1c1c'>{html.escape(exc.message)}</p>"
            self.weights.value = ""
            self._allow(False, exc.message)
            return
        self.result = r
        # weights from judgements that fail the consistency check are what AK-DEC001
        # reports as an error: the button waits until the judgements are revised
        self._allow(r.consistent, f"CR {r.cr:.3f} is above 0.10: revise the judgements "
                                  "first (the advice above says which)")
        colour = "#1e6b30" if r.consistent else "#9b1c1c"
        text = f"CR = {r.cr:.3f}: " + ("consistent enough (CR ≤ 0.10)" if r.consistent
                                       else "inconsistent (CR > 0.10)")
        worst = ""
        if not r.consistent:
            from archkit.tradeoff.pairwise import advice

            culprits = r.culprits(top=2)
            # (what to do, as AK-DEC001 says it: also when no single change is enough)
            worst = "<ul>" + "".join(f"<li>{html.escape(c.sentence())}</li>"
                                     for c in culprits) + \
                f"</ul><div class='ak-advice'>{html.escape(advice(culprits)[1])}</div>"
        self.cr.value = f"<p style='color:{colour}'>{html.escape(text)}</p>{worst}"
        self.weights.value = _table(["criterion", "weight"],
                                    [(c, f"{w:.3f}") for c, w in r.weights.items()],
                                    "ak-ahp-weights-table")

    def _allow(self, ok: bool, why: str) -> None:
        self.apply.disabled = not ok
        self.apply.tooltip = "move the explorer's sliders to these weights" if ok else why

    def apply_weights(self) -> None:
        """Hand the weights to ``on_apply``: only consistent ones (CR ≤ 0.10)."""
        if self.on_apply is not None and self.result is not None and self.result.consistent:
            self.on_apply(dict(self.result.weights.items()))

    def _repr_mimebundle_(self, **_kw: Any) -> dict[str, Any]:
        return mimebundle(self.widget, "AHP judgement editor")


def slider_range(sliders: dict[str, float], criterion: str, low: float, high: float) -> str:
    """The values of ``criterion``'s slider, the others where they are, for which its
    normalised weight stays in ``low .. high``: moving one slider alone scales the other
    weights together, as weight stability varies them, so weight w is slider value
    w R / (1 - w), R the sum of the other sliders (the verdict's "above 0.374" was
    checked on a slider that reads relative importance: the winner changed at 0.557;
    scout AV)."""
    rest = sum(v for c, v in sliders.items() if c != criterion)
    if rest <= 0:
        return "any"        # the only weight: it is 1 wherever the slider is

    def at(w: float) -> float:
        return math.inf if w >= 1 else w * rest / (1 - w)

    hi = at(high)     # (the slider is in the range: the winner is first where it is)
    return f"{at(low):.3f} .. " + (f"{hi:.3f}" if hi <= 1 else "1")


def _css(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name.lower())
