"""Pictures of a decision for notebooks and ADRs: ranking bars, weight-stability
tornado, win-probability bars. Each returns SVG text, byte-for-byte reproducible
(fixed hash salt, no date metadata, text kept as text)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")  # never a GUI backend: charts are files and notebook output
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from archkit.tradeoff.matrix import DecisionMatrix

WINNER, OTHER, RIVAL = "#2b6cb0", "#a0aec0", "#c05621"
_RC = {"svg.hashsalt": "archkit", "svg.fonttype": "none", "font.size": 9,
       "axes.spines.top": False, "axes.spines.right": False}


def to_svg(fig: Figure) -> str:
    buf = io.StringIO()
    with plt.rc_context(_RC):
        fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _figure(rows: int) -> tuple[Figure, plt.Axes]:
    with plt.rc_context(_RC):
        fig = Figure(figsize=(6.4, 0.5 + 0.38 * max(rows, 2)))
        ax = fig.add_subplot()
        ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def ranking_figure(m: DecisionMatrix, method: str = "wsm",
                   ranking: pd.DataFrame | None = None) -> Figure:
    r = m.rank(method) if ranking is None else ranking
    fig, ax = _figure(len(r))
    names = [str(x) for x in r.index][::-1]
    vals = r["score"].to_numpy()[::-1]
    colours = [WINNER if i == len(names) - 1 else OTHER for i in range(len(names))]
    ax.barh(names, vals, color=colours)
    for y, v in enumerate(vals):
        ax.text(v + 0.01, y, f"{v:.3f}", va="center")
    ax.set_xlim(0, 1.1)
    label = "weighted sum (fixed-scale normalisation)" if method == "wsm" else \
        "TOPSIS closeness (vector normalisation)"
    ax.set_xlabel(label)
    ax.set_title(f"{m.title}: ranking", loc="left")
    return fig


def stability_figure(m: DecisionMatrix, stability: pd.DataFrame | None = None) -> Figure:
    st = m.weight_stability() if stability is None else stability
    fig, ax = _figure(len(st))
    names = [str(x) for x in st.index][::-1]
    rows = st.iloc[::-1]
    for y, (_, row) in enumerate(rows.iterrows()):
        ax.barh(y, row["high"] - row["low"], left=row["low"], color=WINNER, alpha=0.35,
                height=0.6)
        ax.plot([row["weight"]], [y], marker="|", markersize=14, color="black")
        if row["challenger_low"] is not None:
            ax.text(row["low"] - 0.01, y, f"{row['challenger_low']} ←", ha="right",
                    va="center", color=RIVAL, fontsize=8)
        if row["challenger_high"] is not None:
            ax.text(row["high"] + 0.01, y, f"→ {row['challenger_high']}", ha="left",
                    va="center", color=RIVAL, fontsize=8)
    ax.set_yticks(range(len(names)), names)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel("weight of the criterion (others keep their ratios)")
    ax.set_title(f"{m.title}: where {st.attrs.get('winner', 'the winner')} stays first",
                 loc="left")
    return fig


def win_probability_figure(m: DecisionMatrix, probability: pd.Series | None = None) -> Figure:
    p = m.win_probability() if probability is None else probability
    fig, ax = _figure(len(p))
    names = [str(x) for x in p.index][::-1]
    vals = p.to_numpy()[::-1] * 100
    ax.barh(names, vals, color=[WINNER if i == len(names) - 1 else OTHER
                                for i in range(len(names))])
    for y, v in enumerate(vals):
        ax.text(v + 1, y, f"{v:.0f} %", va="center")
    ax.set_xlim(0, 110)
    ax.set_xlabel(f"% of {p.attrs.get('samples', '')} weightings "
                  f"({p.attrs.get('weights', 'uniform on the simplex')}) in which it is first")
    ax.set_title(f"{m.title}: win probability", loc="left")
    return fig


def ranking_chart(m: DecisionMatrix, method: str = "wsm") -> str:
    """Ranking bars as SVG text."""
    return to_svg(ranking_figure(m, method))


def stability_chart(m: DecisionMatrix) -> str:
    """Weight-stability tornado as SVG text."""
    return to_svg(stability_figure(m))


def win_probability_chart(m: DecisionMatrix) -> str:
    """Win-probability bars as SVG text."""
    return to_svg(win_probability_figure(m))
