"""Pictures of a decision for notebooks and ADRs: ranking bars, weight-stability
tornado, win-probability bars. Each returns SVG text, byte-for-byte reproducible
(fixed hash salt, no date metadata, text kept as text)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")  # never a GUI backend: charts are files and notebook output
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from archkit.safetext import label_text

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


def _t(text: object) -> str:
    """A name as text in a chart: ``$`` as itself (matplotlib reads ``$...$`` as maths:
    "Cost $5 or $10" drew "Cost 510", and an odd one failed), control characters as
    U+FFFD (the SVG would not be XML)."""
    return label_text(text).replace("$", r"\$")


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
    names = [_t(x) for x in r.index][::-1]
    vals = r["score"].to_numpy()[::-1]
    colours = [WINNER if i == len(names) - 1 else OTHER for i in range(len(names))]
    ax.barh(names, vals, color=colours)
    for y, v in enumerate(vals):
        ax.text(v + 0.01, y, f"{v:.3f}", va="center")
    ax.set_xlim(0, 1.1)
    label = "weighted sum (fixed-scale normalisation)" if method == "wsm" else \
        "TOPSIS closeness (vector normalisation)"
    ax.set_xlabel(label)
    ax.set_title(f"{_t(m.title)}: ranking", loc="left")
    return fig


def stability_figure(m: DecisionMatrix, stability: pd.DataFrame | None = None) -> Figure:
    st = m.weight_stability() if stability is None else stability
    fig, ax = _figure(len(st))
    names = [_t(x) for x in st.index][::-1]
    rows = st.iloc[::-1]
    for y, (_, row) in enumerate(rows.iterrows()):
        ax.barh(y, row["high"] - row["low"], left=row["low"], color=WINNER, alpha=0.35,
                height=0.6)
        ax.plot([row["weight"]], [y], marker="|", markersize=14, color="black")
        if row["challenger_low"] is not None:
            ax.text(row["low"] - 0.01, y, f"{_t(row['challenger_low'])} ←", ha="right",
                    va="center", color=RIVAL, fontsize=8)
        if row["challenger_high"] is not None:
            ax.text(row["high"] + 0.01, y, f"→ {_t(row['challenger_high'])}", ha="left",
                    va="center", color=RIVAL, fontsize=8)
    ax.set_yticks(range(len(names)), names)
    ax.set_xlim(-0.02, 1.02)
    _inside(fig, ax)
    ax.set_xlabel("weight of the criterion (others keep their ratios)")
    ax.set_title(f"{_t(m.title)}: where {_t(st.attrs.get('winner', 'the winner'))} stays first",
                 loc="left")
    return fig


def _inside(fig: Figure, ax: plt.Axes) -> None:
    """A rival's label with no room beside its bar end (a flip point near 0 or 1) goes
    inside the bar, from that end: it was drawn across the y axis, over the criterion
    names (scout AV)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with plt.rc_context(_RC):       # (measured in the fonts the SVG is drawn in)
        renderer = FigureCanvasAgg(fig).get_renderer()
        box = ax.get_window_extent(renderer)
        for t in ax.texts:
            extent = t.get_window_extent(renderer)
            x = t.get_position()[0]
            if t.get_ha() == "right" and extent.x0 < box.x0:
                t.set_x(x + 0.02)
                t.set_ha("left")
            elif t.get_ha() == "left" and extent.x1 > box.x1:
                t.set_x(x - 0.02)
                t.set_ha("right")


def win_probability_figure(m: DecisionMatrix, probability: pd.Series | None = None) -> Figure:
    p = m.win_probability() if probability is None else probability
    fig, ax = _figure(len(p))
    names = [_t(x) for x in p.index][::-1]
    vals = p.to_numpy()[::-1] * 100
    ax.barh(names, vals, color=[WINNER if i == len(names) - 1 else OTHER
                                for i in range(len(names))])
    for y, v in enumerate(vals):
        ax.text(v + 1, y, f"{v:.0f} %", va="center")
    ax.set_xlim(0, 110)
    ax.set_xlabel(f"% of {p.attrs.get('samples', '')} weightings "
                  f"({p.attrs.get('weights', 'uniform on the simplex')}) in which it is first")
    ax.set_title(f"{_t(m.title)}: win probability", loc="left")
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


# -- light charts for live widgets ---------------------------------------------------------
# matplotlib takes 100-400 ms per SVG here; a slider must answer in under 100 ms, so
# the widget draws its bars as a few SVG rectangles directly (same colours, same data).
def _esc(text: str) -> str:
    import html

    return html.escape(str(text), quote=True)


# a white ground under the quick charts, as the static ones have: their black text was
# unreadable on a dark JupyterLab theme
_BACKGROUND = '<rect width="100%" height="100%" fill="white"/>'


def quick_ranking_svg(ranking: pd.DataFrame, width: int = 420) -> str:
    """Ranking bars (best first) as a small SVG, built as text in well under a millisecond."""
    label_w, row_h = 190, 22
    bar_w = width - label_w - 50
    top = float(max(ranking["score"].max(), 1e-12))
    scale = 1.0 if top <= 1 else top
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" class="ak-quick-ranking" '
             f'width="{width}" height="{row_h * len(ranking) + 8}" font-family="sans-serif" '
             'font-size="12">'), _BACKGROUND]
    for i, (o, r) in enumerate(ranking.iterrows()):
        y = 4 + i * row_h
        w = max(0.0, float(r["score"])) / scale * bar_w
        colour = WINNER if i == 0 else OTHER
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{_esc(o)}</text>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" '
                     f'fill="{colour}"/><text x="{label_w + w + 4:.1f}" y="{y + 14}">'
                     f'{float(r["score"]):.3f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def quick_stability_svg(stability: pd.DataFrame, width: int = 420) -> str:
    """Weight-stability intervals with the current weight marked, as a small SVG."""
    label_w, row_h = 150, 20
    span = width - label_w - 20
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" class="ak-quick-stability" '
             f'width="{width}" height="{row_h * len(stability) + 8}" font-family="sans-serif" '
             'font-size="12">'), _BACKGROUND]
    for i, (c, r) in enumerate(stability.iterrows()):
        y = 4 + i * row_h
        x0 = label_w + float(r["low"]) * span
        x1 = label_w + float(r["high"]) * span
        xw = label_w + float(r["weight"]) * span
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{_esc(c)}</text>'
                     f'<rect x="{label_w}" y="{y + 8}" width="{span}" height="2" fill="#e2e8f0"/>'
                     f'<rect x="{x0:.1f}" y="{y + 3}" width="{max(x1 - x0, 1):.1f}" '
                     f'height="{row_h - 6}" fill="{WINNER}" fill-opacity="0.35"/>'
                     f'<rect x="{xw - 1:.1f}" y="{y + 1}" width="2" height="{row_h - 2}" '
                     'fill="black"/>')
    parts.append("</svg>")
    return "".join(parts)
