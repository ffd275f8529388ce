"""Decision methods as plain functions over numpy arrays (pymcdm style).

Conventions: ``X`` is the raw score matrix (options x criteria), ``w`` the weight
vector (normalised to sum 1), ``benefit`` a boolean vector (True: more is better,
False: a cost criterion). No pandas, no hidden state: :class:`DecisionMatrix` wraps
these functions with labels.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

WSM_NORMALISATION = "fixed-scale linear: r = (x - lo)/(hi - lo), cost criteria (hi - x)/(hi - lo)"
TOPSIS_NORMALISATION = "vector: r = x / ||x column||2, ideal per criterion by direction"


def fixed_scale(X: Array, lo: float, hi: float, benefit: NDArray[np.bool_]) -> Array:
    """Map scores on the fixed scale [lo, hi] to [0, 1]; cost criteria are reversed.

    The mapping depends only on the scale, never on the other options: adding or
    removing an option cannot change anyone else's normalised score (no rank reversal).
    """
    X = np.asarray(X, dtype=float)
    # divided by the scale's magnitude first: the span of [-1e308, 1e308] is inf (NaN
    # scores); cost criteria as (hi - x)/(hi - lo), not 1 - r, which rounds small
    # differences away at large magnitudes
    if not np.isfinite(hi - lo):
        m = max(abs(lo), abs(hi))
        X, lo, hi = X / m, lo / m, hi / m
    span = hi - lo
    return np.where(benefit, (X - lo) / span, (hi - X) / span)


def wsm(R: Array, w: Array) -> Array:
    """Weighted sum of normalised scores: S_i = sum_j w_j r_ij."""
    return np.asarray(R, dtype=float) @ np.asarray(w, dtype=float)


def topsis(X: Array, w: Array, benefit: NDArray[np.bool_]) -> Array:
    """Classic TOPSIS (Hwang & Yoon 1981) with vector normalisation of the raw scores.

    r = x/||x_column||, v = w r, ideal = best per column by direction, anti-ideal = worst,
    closeness C = D- / (D+ + D-). A column of zeros stays zero (it discriminates nothing).
    Options that are all identical get C = 0.5 (equally far from both).
    """
    R = vector_normalise(X)
    V = R * np.asarray(w, dtype=float)
    vmax, vmin = V.max(axis=0), V.min(axis=0)
    ideal = np.where(benefit, vmax, vmin)
    anti = np.where(benefit, vmin, vmax)
    d_plus = np.sqrt(((V - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((V - anti) ** 2).sum(axis=1))
    total = d_plus + d_minus
    return np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)


def vector_normalise(X: Array) -> Array:
    """r = x / ||x column||2, each column divided by its largest magnitude first, as
    ``hypot`` does: x*x overflows past 1.3e154 and underflows below 1e-162, which made
    a column all zeros (a tie) although TOPSIS does not depend on the scores' scale. A
    column of zeros stays zero."""
    X = np.asarray(X, dtype=float)
    top = np.abs(X).max(axis=0) if X.size else np.zeros(X.shape[1])
    S = np.divide(X, top, out=np.zeros_like(X), where=top > 0)
    norms = np.sqrt((S * S).sum(axis=0))
    return np.divide(S, norms, out=np.zeros_like(S), where=norms > 0)


def order(scores: Array) -> NDArray[np.intp]:
    """Indices best first; ties keep input order (stable).

    Scores are compared at 12 decimals: BLAS may compute identical rows of a matrix
    product with different rounding (one ulp), which must not break a tie at random.
    """
    return np.argsort(-np.round(np.asarray(scores, dtype=float), 12), kind="stable")


def ranks(scores: Array, tol: float = 1e-12) -> NDArray[np.int64]:
    """Competition ranks (1 = best; equal scores share the better rank)."""
    s = np.asarray(scores, dtype=float)
    return 1 + (s[None, :] > s[:, None] + tol).sum(axis=1)


_EDGE = 1e-12     # weights closer than this are the same point


def stability_intervals(R: Array, w: Array, winner: int) -> tuple[Array, Array, NDArray[np.intp],
                                                                   NDArray[np.intp]]:
    """For each criterion k, the interval of its weight t over which ``winner`` stays first.

    When criterion k gets weight t, the others keep their ratios: w_j(t) = w_j (1-t)/(1-w_k).
    Every option's score is then linear in t: S_i(t) = t R_ik + (1-t) A_ik with
    A_ik = (S_i - w_k R_ik)/(1 - w_k). The winner's lead over rival i, D_i(t), is linear
    too, so it changes sign at most once, at t* = d0/(d0 - d1) (d0 = D_i(0), d1 = D_i(1)).
    Closed form, vectorised over criteria and rivals; no sweep.

    Returns ``(low, high, challenger_low, challenger_high)``; a challenger is -1 where the
    winner stays first up to the end of [0, 1].
    """
    R = np.asarray(R, dtype=float)
    w = np.asarray(w, dtype=float)
    n, m = R.shape
    S = R @ w
    rest = 1.0 - w
    # A criterion holding all the weight: the others have no ratios left; share equally.
    with np.errstate(divide="ignore", invalid="ignore"):
        A = np.where(rest > 1e-15, (S[:, None] - R * w) / rest, 0.0)
    if np.any(rest <= 1e-15):
        k = rest <= 1e-15
        others = (R.sum(axis=1, keepdims=True) - R) / max(m - 1, 1)
        A = np.where(k[None, :], others, A)
    d0 = A[winner][None, :] - A          # lead over each rival at t = 0   (n x m)
    d1 = R[winner][None, :] - R          # lead at t = 1
    slope = d1 - d0
    with np.errstate(divide="ignore", invalid="ignore"):
        t_star = np.where(np.abs(slope) > 1e-15, -d0 / slope, np.nan)
    rivals = np.arange(n) != winner
    # rival i overtakes below w_k when its lead grows with t (slope > 0) and crosses in [0, w_k)
    # (a crossing within 1e-12 of 0 or 1 is a tie at the end of the range, not a flip
    # point: rounding made 0 into 3.7e-16, and a warning of a weight "below 3.7e-16")
    below = rivals[:, None] & (slope > 0) & (t_star > _EDGE) & (t_star < w[None, :] + _EDGE)
    above = rivals[:, None] & (slope < 0) & (t_star < 1 - _EDGE) & (t_star > w[None, :] - _EDGE)
    lo_cand = np.where(below, t_star, -np.inf)
    hi_cand = np.where(above, t_star, np.inf)
    low = lo_cand.max(axis=0)
    high = hi_cand.min(axis=0)
    # rivals that cross at the same point: the one first past it is the one whose lead
    # grows fastest there (steepest slope), not the first listed
    ch_lo = np.argmax(np.where(below & (lo_cand >= low - _EDGE), slope, -np.inf), axis=0)
    ch_hi = np.argmin(np.where(above & (hi_cand <= high + _EDGE), slope, np.inf), axis=0)
    ch_lo = np.where(np.isfinite(low), ch_lo, -1)
    ch_hi = np.where(np.isfinite(high), ch_hi, -1)
    low = np.where(np.isfinite(low), low, 0.0)
    high = np.where(np.isfinite(high), high, 1.0)
    return low, high, ch_lo, ch_hi


# OpenBLAS runs a matrix product on several threads once M*N*K exceeds 65536 * 4; on a
# busy machine those threads wait for cores and a 10,000 x 15 x 10 product took 16 ms
# instead of 0.3 ms (measured here). Blocks below the threshold stay on one thread.
_BLAS_SINGLE_THREAD_MNK = 262_144


def _weightings(samples: int, m: int, rng: np.random.Generator, alpha: Array | None,
                block: int) -> Iterator[NDArray[np.float64]]:
    """``samples`` unnormalised random weightings of ``m`` criteria, ``block`` rows at a
    time, into one buffer reused for every block (each block is valid until the next):
    the draws :func:`win_counts` and :func:`win_counts_topsis` both score, in the same
    order from the same generator state."""
    W = np.empty((block, m))
    for start in range(0, samples, block):
        w = W[:min(block, samples - start)]
        if alpha is None:
            rng.standard_exponential(out=w)
        else:
            rng.standard_gamma(np.broadcast_to(alpha, w.shape), out=w)
        yield w


def win_counts(R: Array, samples: int, rng: np.random.Generator,
               alpha: Array | None = None, block: int = 1024) -> NDArray[Any]:
    """How often each option is first over random weightings (vectorised, no loop per sample);
    options with the same scores share their wins equally (then the counts are fractions).

    ``alpha=None`` draws weights uniformly on the simplex (Dirichlet(1, ..., 1), i.e.
    normalised exponentials); otherwise Dirichlet(alpha) via normalised gammas. The
    normalisation is skipped: scaling a weight vector never changes the argmax.
    Samples are drawn and scored in blocks of ``block`` rows into buffers allocated once
    per call: the draws follow the generator's stream in order, so the block size never
    changes the result. Small reused buffers stay in cache and below glibc's mmap
    threshold; one 10,000-row block was returned to the OS after every call and paid
    ~1.3 ms of page faults on the next one (measured here: 10 x 15, 10k samples,
    2.7 ms -> 1.5 ms in a fresh process; 50 x 30, 100k samples, 36 ms -> 26 ms).
    """
    R = np.asarray(R, dtype=float)
    R, copies = _distinct(R)
    n, m = R.shape
    RT = np.ascontiguousarray(R.T)
    rows = max(1, _BLAS_SINGLE_THREAD_MNK // max(n * m, 1))
    counts = np.zeros(n, dtype=np.int64)
    b = max(1, min(block, samples))
    S = np.empty((b, n))
    A = np.empty(b, dtype=np.intp)
    for w in _weightings(samples, m, rng, alpha, b):
        size = len(w)
        s = S[:size]
        for i in range(0, size, rows):
            np.matmul(w[i:i + rows], RT, out=s[i:i + rows])
        a = A[:size]
        np.argmax(s, axis=1, out=a)
        counts += np.bincount(a, minlength=n)
    return _shared(counts, copies)


def _distinct(R: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.intp] | None]:
    """The distinct rows of ``R`` (first occurrences, in order) and, when some repeat, the
    distinct row each row of ``R`` is. Options with the same scores tie under every
    weighting: they are scored once and share its wins (argmax gave them all to the first
    listed: an exact copy of an option won 0 %)."""
    _, first, inverse = np.unique(R, axis=0, return_index=True, return_inverse=True)
    if len(first) == len(R):
        return R, None
    keep = np.sort(first)                     # distinct rows in the options' order
    rank = np.empty(len(first), dtype=np.intp)
    rank[np.argsort(first)] = np.arange(len(first))
    return R[keep], rank[inverse.ravel()]


def _shared(counts: NDArray[np.int64], copies: NDArray[np.intp] | None) -> NDArray[Any]:
    """Wins per option from wins per distinct row: a row's wins split equally among the
    options that have it."""
    if copies is None:
        return counts
    return counts[copies] / np.bincount(copies)[copies]


def win_counts_topsis(X: Array, benefit: NDArray[np.bool_], samples: int,
                      rng: np.random.Generator, alpha: Array | None = None,
                      block: int = 1024) -> NDArray[Any]:
    """:func:`win_counts` for TOPSIS: how often each option has the highest closeness.

    The weightings are the very draws :func:`win_counts` makes with the same generator
    state (same blocks, same order), so the two methods are compared on the same
    weightings. Scaling a weight vector scales D+ and D- alike, so closeness needs no
    normalised weights either. Closeness is not linear in the weights: every sample is
    a full TOPSIS, vectorised over a chunk of samples (chunk x options x criteria).
    """
    R, copies = _distinct(vector_normalise(X))    # over every option, copies included
    n, m = R.shape
    rows = max(1, _BLAS_SINGLE_THREAD_MNK // max(n * m, 1))
    # best and worst normalised score per criterion, by direction; v = w r keeps the order
    best = np.where(benefit, R.max(axis=0), R.min(axis=0))
    worst = np.where(benefit, R.min(axis=0), R.max(axis=0))
    P = (R - best) ** 2            # (w (r - best))^2 = w^2 (r - best)^2
    M = (R - worst) ** 2
    counts = np.zeros(n, dtype=np.int64)
    for w in _weightings(samples, m, rng, alpha, max(1, min(block, samples))):
        size = len(w)
        w2 = w * w
        for i in range(0, size, rows):
            chunk = w2[i:i + rows]
            d_plus = np.sqrt(chunk @ P.T)          # (chunk x options)
            d_minus = np.sqrt(chunk @ M.T)
            total = d_plus + d_minus
            c = np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)
            counts += np.bincount(np.argmax(np.round(c, 12), axis=1), minlength=n)
    return _shared(counts, copies)
