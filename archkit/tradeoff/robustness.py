"""How sure is the winner? Weight stability, win probability, rank reversal, verdict.

All three work on the weighted sum (fixed-scale normalisation), where every option's
score is linear in the weights; that is what makes the stability interval a closed
form and the win probability one matrix product over all sampled weightings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from archkit.tradeoff import methods

if TYPE_CHECKING:  # pragma: no cover
    from archkit.tradeoff.matrix import DecisionMatrix


def weight_stability(m: DecisionMatrix) -> pd.DataFrame:
    """Per criterion: its weight, the interval [low, high] of that weight (others keep
    their ratios) over which the current weighted-sum winner stays first, and the rival
    that takes over just below ``low`` / above ``high`` (None when it never loses).
    """
    R = m.normalised_array
    w = m.weight_array
    winner = int(methods.order(R @ w)[0])
    low, high, ch_lo, ch_hi = methods.stability_intervals(R, w, winner)
    opts = m.options
    challengers = np.array([None, *opts], dtype=object)  # index 0: nobody (-1 + 1)
    index = pd.Index(m.criteria, name="criterion")
    out = pd.DataFrame({"weight": w, "low": low, "high": high,
                        # object dtype keeps None for "nobody" (pandas would make it NaN)
                        "challenger_low": pd.Series(challengers[ch_lo + 1], index=index,
                                                    dtype=object),
                        "challenger_high": pd.Series(challengers[ch_hi + 1], index=index,
                                                     dtype=object)},
                       index=index)
    out.attrs["winner"] = opts[winner]
    return out


def win_probability(m: DecisionMatrix, samples: int = 10_000, seed: int | None = 0,
                    concentration: float | None = None) -> pd.Series:
    """P(first) per option over random weightings, best first.

    Default: weights uniform on the simplex (every weighting equally likely). With
    ``concentration=k``: Dirichlet(k w) around the chosen weights w (larger k, closer).
    """
    if samples < 1:
        raise ValueError("samples must be at least 1")
    rng = np.random.default_rng(seed)
    alpha = None
    if concentration is not None:
        if not (concentration > 0 and np.isfinite(concentration)):
            raise ValueError("concentration must be a positive finite number")
        # a zero weight would make Dirichlet undefined: give it a sliver of mass
        alpha = np.maximum(concentration * m.weight_array, 1e-3)
    share = methods.win_counts(m.normalised_array, samples, rng, alpha) / samples
    idx = methods.order(share)
    opts = m.options
    p = pd.Series(share[idx], index=pd.Index([opts[i] for i in idx], name="option"),
                  name="win_probability")
    p.attrs["samples"] = samples
    p.attrs["seed"] = seed
    p.attrs["weights"] = ("uniform on the simplex" if concentration is None
                          else f"Dirichlet(concentration={concentration:g} x weights)")
    return p


def rank_reversal(m: DecisionMatrix, method: str = "wsm") -> pd.DataFrame:
    """Remove each option in turn: does the order of the others change?

    Fixed-scale normalisation (wsm) makes each score independent of the other options,
    so it never reverses; TOPSIS normalises by column norms over the options present,
    so removing one can swap two others.
    """
    full = list(m.rank(method).index)
    rows = []
    for gone in m.options:
        if len(m.options) <= 2:
            break
        before = [o for o in full if o != gone]
        after = list(m.without_option(gone).rank(method).index)
        rows.append({"removed": gone, "order_before": " > ".join(before),
                     "order_after": " > ".join(after), "reversed": before != after})
    out = pd.DataFrame(rows, columns=["removed", "order_before", "order_after", "reversed"])
    out.attrs["method"] = method
    return out


def _fmt(x: float) -> str:
    return f"{x:.3f}".rstrip("0").rstrip(".") if x >= 0.001 else f"{x:.2g}"


def verdict(m: DecisionMatrix, samples: int = 10_000, seed: int = 0,
            stability: pd.DataFrame | None = None, probability: pd.Series | None = None) -> str:
    """One sentence for the ADR: who wins, what would change it, how often it wins."""
    ranking = m.rank()
    first = str(ranking.index[0])
    score = float(ranking["score"].iloc[0])
    st = weight_stability(m) if stability is None else stability
    p = win_probability(m, samples, seed) if probability is None else probability
    ties = ranking.index[ranking["rank"] == 1]
    if len(ties) > 1:
        head = (f"{' and '.join(str(t) for t in ties)} tie for first ({score:.2f}); "
                "the weights do not separate them")
        return f"{head}; {first} wins in {p.get(first, 0.0) * 100:.0f} % of {_drawn(p)}."
    below = st[st["challenger_low"].notna()]
    above = st[st["challenger_high"].notna()]
    clauses = []
    if len(below):
        k = (below["weight"] - below["low"]).idxmin()
        clauses.append(f"the weight of {k} falls below {_fmt(below.loc[k, 'low'])}")
    if len(above):
        k = (above["high"] - above["weight"]).idxmin()
        clauses.append(f"{'of' if clauses else 'the weight of'} {k} rises above "
                       f"{_fmt(above.loc[k, 'high'])}")
    stays = ("it stays first unless " + " or ".join(clauses) if clauses
             else "it stays first whatever weight any single criterion gets")
    share = p.get(first, 0.0) * 100
    return f"{first} ranks first ({score:.2f}); {stays}; it wins in {share:.0f} % of {_drawn(p)}."


def _drawn(p: pd.Series) -> str:
    how = p.attrs.get("weights", "uniform on the simplex")
    return ("uniformly drawn weightings" if how == "uniform on the simplex"
            else f"weightings drawn from {how}")
