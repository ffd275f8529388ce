"""How sure is the winner? Weight stability, win probability, rank reversal, verdict.

Weight stability works on the weighted sum (fixed-scale normalisation) only, where every
option's score is linear in the weights; that is what makes the stability interval a
closed form. The win probability is one matrix product over all sampled weightings for
the weighted sum, and a full TOPSIS per sample (two matrix products) for ``topsis``; the
verdict says which method each of its figures comes from when it is not the weighted sum.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

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


#: what a text or markdown "taken over by" cell says when no option ever takes the first
#: place over (JSON says null, the DataFrame None)
NO_CHALLENGER = "none"


def taken_over_by(row: Any, name: Callable[[Any], str] = str) -> str:
    """The "taken over by" cell of a weight-stability row: ``"X below; Y above"`` (the
    rivals that take the first place just outside [low, high], each written by ``name``,
    an escaper for markdown or HTML), or :data:`NO_CHALLENGER`."""
    rivals = [f"{name(row[col])} {side}" for col, side in (("challenger_low", "below"),
                                                         ("challenger_high", "above"))
              if row[col] is not None]
    return "; ".join(rivals) or NO_CHALLENGER


def win_probability(m: DecisionMatrix, samples: int = 10_000, seed: int | None = 0,
                    concentration: float | None = None, method: str = "wsm") -> pd.Series:
    """P(first) per option over random weightings, best first, by ``method`` (``wsm`` or
    ``topsis``; both see the same weightings for the same seed).

    Default: weights uniform on the simplex (every weighting equally likely). With
    ``concentration=k``: Dirichlet(k w) around the chosen weights w (larger k, closer).
    """
    if method not in ("wsm", "topsis"):
        raise ValueError(f"unknown method {method!r}: use wsm or topsis")
    if isinstance(samples, str):
        said = f"win_probability(method={samples!r})" if samples in ("wsm", "topsis") \
            else "win_probability(method='wsm' or 'topsis')"
        raise TypeError(f"samples must be a number, not {samples!r}: give the method by "
                        f"name, {said}")
    if samples < 1:
        raise ValueError("samples must be at least 1")
    rng = np.random.default_rng(seed)
    alpha = None
    if concentration is not None:
        if not (concentration > 0 and np.isfinite(concentration)):
            raise ValueError("concentration must be a positive finite number")
        # a zero weight would make Dirichlet undefined: give it a sliver of mass
        alpha = np.maximum(concentration * m.weight_array, 1e-3)
    if method == "topsis":
        counts = methods.win_counts_topsis(m.scores.to_numpy(float), m.benefit, samples, rng,
                                           alpha)
    else:
        counts = methods.win_counts(m.normalised_array, samples, rng, alpha)
    share = counts / samples
    idx = methods.order(share)
    opts = m.options
    p = pd.Series(share[idx], index=pd.Index([opts[i] for i in idx], name="option"),
                  name="win_probability")
    p.attrs["method"] = method
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
            stability: pd.DataFrame | None = None, probability: pd.Series | None = None,
            method: str = "wsm") -> str:
    """One sentence for the ADR: who wins, what would change it, how often it wins.

    With ``method="topsis"`` the winner, its closeness and its win probability are
    TOPSIS figures, said so; the weight stability (defined for the weighted sum only)
    follows as a labelled weighted-sum clause. ``probability`` must come from the same
    method.
    """
    if isinstance(method, (int, float)) and not isinstance(method, bool):
        # (verdict(5000): samples came first until the method did, as in rank())
        raise TypeError(f"verdict({method!r}): the method comes first now (wsm or "
                        f"topsis); give the samples by name, verdict(samples={method!r})")
    if method not in ("wsm", "topsis"):
        raise ValueError(f"unknown method {method!r}: use wsm or topsis")
    ranking = m.rank(method)
    first = str(ranking.index[0])
    score = float(ranking["score"].iloc[0])
    st = weight_stability(m) if stability is None else stability
    p = (win_probability(m, samples, seed, method=method) if probability is None
         else probability)
    if p.attrs.get("method", "wsm") != method:
        raise ValueError(f"the win probability is by {p.attrs.get('method', 'wsm')}, "
                         f"the verdict by {method}")
    if method == "topsis":
        return _topsis_verdict(m, ranking, st, p)
    ties = ranking.index[ranking["rank"] == 1]
    if len(ties) > 1:
        head = (f"{' and '.join(str(t) for t in ties)} tie for first ({score:.2f}); "
                "the weights do not separate them")
        return f"{head}; {first} wins in {p.get(first, 0.0) * 100:.0f} % of {_drawn(p)}."
    return (f"{first} ranks first ({score:.2f}); {_stays(st)}; it wins in "
            f"{p.get(first, 0.0) * 100:.0f} % of {_drawn(p)}.")


def _topsis_verdict(m: DecisionMatrix, ranking: pd.DataFrame, st: pd.DataFrame,
                    p: pd.Series) -> str:
    first = str(ranking.index[0])
    score = float(ranking["score"].iloc[0])
    ties = ranking.index[ranking["rank"] == 1]
    if len(ties) > 1:
        head = (f"By TOPSIS, {' and '.join(str(t) for t in ties)} tie for first (closeness "
                f"{score:.2f})")
    else:
        head = f"By TOPSIS, {first} ranks first (closeness {score:.2f})"
    head += f" and is first in {p.get(first, 0.0) * 100:.0f} % of {_drawn(p)}"
    wsm = m.rank("wsm")
    w_ties = [str(t) for t in wsm.index[wsm["rank"] == 1]]
    if len(w_ties) > 1:
        return (f"{head}; weight stability is defined for the weighted sum only, where "
                f"{' and '.join(w_ties)} tie for first.")
    who = "it also" if w_ties[0] == first else w_ties[0]
    return (f"{head}; weight stability is defined for the weighted sum only: there {who} "
            f"ranks first ({float(wsm['score'].iloc[0]):.2f}) and {_stays(st)}.")


def _stays(st: pd.DataFrame) -> str:
    """"it stays first unless ..." from a weight-stability table."""
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
    return ("it stays first unless " + " or ".join(clauses) if clauses
            else "it stays first whatever weight any single criterion gets")


def _drawn(p: pd.Series) -> str:
    how = p.attrs.get("weights", "uniform on the simplex")
    return ("uniformly drawn weightings" if how == "uniform on the simplex"
            else f"weightings drawn from {how}")
