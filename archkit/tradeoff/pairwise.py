"""The Analytic Hierarchy Process: weights from pairwise judgements, and how consistent
those judgements are.

``ahp(pairwise, labels)`` takes a reciprocal matrix of judgements on Saaty's 1..9 scale
(``a[i][j] = 3``: i is moderately more important than j; ``a[j][i] = 1/3``) and returns
the principal-eigenvector weights, lambda_max, CI = (lambda_max - n)/(n - 1) and
CR = CI / RI(n) with Saaty's 1980 random-index table. Judgements are consistent enough
when CR <= 0.10.

When they are not, :meth:`AhpResult.culprits` names, for each judgement, the value the
*other* judgements imply (weights of the matrix with that one judgement left out, by
Harker's method for incomplete matrices), the value on Saaty's scale that lowers CR most
when that judgement alone changes, and the CR it reaches. Only changes to another value
that lower CR are listed, the lowest CR first. :func:`advice` turns them into the
AK-DEC001 message and hint, and says so when no single change is enough.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from archkit.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# Saaty (1980) random consistency index by matrix size; n <= 2 is always consistent.
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41,
                9: 1.45, 10: 1.49}
CR_THRESHOLD = 0.10
SAATY_VALUES = tuple(sorted({*range(1, 10), *(Fraction(1, k) for k in range(2, 10))}))
_RECIPROCAL_TOL = 1e-2  # judgements like 0.333 for 1/3 are reciprocal enough


@dataclass(frozen=True)
class Culprit:
    """A judgement that disagrees with the rest, and the value that would agree."""

    row: str
    col: str
    given: float
    implied: float           # w_row / w_col from all other judgements
    suggested: str           # the Saaty value with the lowest CR here, as text ("3", "1/5")
    cr_if_changed: float     # the matrix's CR with this judgement set to ``suggested``
    deviation: float         # |ln(given / implied)|

    @property
    def enough(self) -> bool:
        """Whether this one change makes the judgements consistent (CR <= 0.10)."""
        return self.cr_if_changed <= CR_THRESHOLD

    def sentence(self) -> str:
        still = "" if self.enough else f", still above {CR_THRESHOLD:.2f}"
        return (f"{self.row} vs {self.col} is {format_judgement(self.given)}; the other "
                f"judgements imply {self.implied:.2f} (use {self.suggested}, CR would be "
                f"{self.cr_if_changed:.3f}{still})")


@dataclass(frozen=True)
class AhpResult:
    """Weights and consistency of a pairwise comparison matrix."""

    labels: tuple[str, ...]
    matrix: np.ndarray = field(repr=False)
    weight_values: np.ndarray = field(repr=False)
    lambda_max: float
    ci: float
    cr: float

    @property
    def weights(self) -> pd.Series:
        import pandas as pd

        return pd.Series(self.weight_values, index=list(self.labels), name="weight")

    @property
    def consistent(self) -> bool:
        return self.cr <= CR_THRESHOLD

    @property
    def n(self) -> int:
        return len(self.labels)

    def frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.matrix, index=list(self.labels), columns=list(self.labels))

    def culprits(self, top: int | None = 3) -> list[Culprit]:
        """For each judgement (upper triangle), the change of that judgement alone that
        lowers CR most: the value on Saaty's scale, other than the one given, with the
        lowest CR (ties: the value nearest to what all the other judgements imply).
        Judgements that no such change would improve are left out: a suggestion always
        differs from the judgement given and lowers CR. Ordered by the CR each change
        reaches, lowest first (ties: the judgement that disagrees most with the others)."""
        n = self.n
        if n < 3:
            return []
        out = []
        for i in range(n):
            for j in range(i + 1, n):
                given = float(self.matrix[i, j])
                w = harker_weights(self.matrix, missing=(i, j))
                implied = float(w[i] / w[j])
                best = _best_single_change(self.matrix, i, j, implied)
                changed = self.matrix.copy()
                changed[i, j], changed[j, i] = float(best), float(1 / best)
                cr = consistency(changed)[3]
                if cr >= self.cr - 1e-12:
                    continue        # the judgement given is already the best on the scale
                out.append(Culprit(
                    row=self.labels[i], col=self.labels[j], given=given,
                    implied=implied, suggested=format_judgement(best), cr_if_changed=cr,
                    deviation=abs(math.log(given / implied))))
        # rounded so that equal CRs and deviations (up to float noise) tie
        out.sort(key=lambda c: (round(c.cr_if_changed, 9), -round(c.deviation, 9), c.row,
                                c.col))
        return out if top is None else out[:top]

    def summary(self) -> str:
        verdict = (f"consistent: within the {CR_THRESHOLD:.2f} limit" if self.consistent
                   else f"inconsistent: above the {CR_THRESHOLD:.2f} limit")
        return (f"lambda_max = {self.lambda_max:.4f}, CI = {self.ci:.4f}, CR = {self.cr:.4f} "
                f"({verdict})")

    def _repr_html_(self) -> str:
        import html

        rows = "".join(f"<tr><th>{html.escape(lbl)}</th><td>{w:.4f}</td></tr>"
                       for lbl, w in zip(self.labels, self.weight_values))
        colour = "#1e6b30" if self.consistent else "#9b1c1c"
        return (f"<div class='archkit-ahp'><table><thead><tr><th>criterion</th><th>weight</th>"
                f"</tr></thead><tbody>{rows}</tbody></table><p style='color:{colour}'>"
                f"{html.escape(self.summary())}</p></div>")

    def __repr__(self) -> str:
        ws = ", ".join(f"{lbl}={w:.4f}" for lbl, w in zip(self.labels, self.weight_values))
        return f"AhpResult({ws}; {self.summary()})"


def _best_single_change(A: np.ndarray, i: int, j: int, implied: float) -> Fraction:
    """The Saaty value other than ``A[i, j]`` that, put at (i, j) alone, gives the lowest
    lambda_max (so CR); ties go to the value nearest to ``implied`` on a log scale."""
    given = float(A[i, j])
    values = [v for v in SAATY_VALUES if abs(math.log(float(v) / given)) > _RECIPROCAL_TOL]
    x = np.array([float(v) for v in values])
    batch = np.repeat(A[None, :, :], len(values), axis=0)
    batch[:, i, j], batch[:, j, i] = x, 1 / x
    lam = np.linalg.eigvals(batch).real.max(axis=1)   # Perron root: the largest, and real
    k = min(range(len(values)),
            key=lambda k: (round(float(lam[k]), 9), abs(math.log(x[k] / implied))))
    return values[k]


def advice(culprits: Sequence[Culprit]) -> tuple[str, str]:
    """(detail, hint) of AK-DEC001 for ``culprits`` as :meth:`AhpResult.culprits` orders
    them: the changes with the CR each reaches, and what to do. When no single change
    brings CR to the limit, both say so plainly."""
    detail = "; ".join(c.sentence() for c in culprits)
    if culprits and culprits[0].enough:
        best = culprits[0]
        return detail, (f"change {best.row} vs {best.col} from {format_judgement(best.given)}"
                        f" to {best.suggested}")
    plainly = (f"no single change brings CR to {CR_THRESHOLD:.2f} or below: revisit "
               "several judgements")
    detail = f"{detail}; {plainly}" if detail else plainly
    if not culprits:
        return detail, "revisit the pairwise judgements together"
    best = culprits[0]
    return detail, (f"no single change is enough; change {best.row} vs {best.col} from "
                    f"{format_judgement(best.given)} to {best.suggested} (CR "
                    f"{best.cr_if_changed:.3f}), then revisit the others")


def principal_eigen(A: np.ndarray) -> tuple[np.ndarray, float]:
    """Principal eigenvector (normalised to sum 1, positive) and eigenvalue of ``A``."""
    vals, vecs = np.linalg.eig(A)
    k = int(np.argmax(vals.real))
    v = np.abs(vecs[:, k].real)
    return v / v.sum(), float(vals[k].real)


def consistency(A: np.ndarray) -> tuple[np.ndarray, float, float, float]:
    """(weights, lambda_max, CI, CR) of a positive reciprocal matrix."""
    n = A.shape[0]
    w, lam = principal_eigen(A)
    if n <= 2:
        return w, float(n), 0.0, 0.0
    ci = max((lam - n) / (n - 1), 0.0)  # rounding can give -1e-16 for a consistent matrix
    ri = RANDOM_INDEX.get(n)
    if ri is None:
        raise InputError(f"AHP with {n} criteria: Saaty's random index table covers "
                         "3..10; group criteria into a hierarchy")
    return w, lam, ci, ci / ri


def harker_weights(A: np.ndarray, missing: tuple[int, int]) -> np.ndarray:
    """Weights with judgement ``missing`` (and its reciprocal) left out (Harker 1987):
    zero the pair and add one to the diagonal of each affected row."""
    B = A.copy()
    i, j = missing
    B[i, j] = B[j, i] = 0.0
    B[i, i] += 1.0
    B[j, j] += 1.0
    return principal_eigen(B)[0]


def snap_to_scale(x: float) -> Fraction:
    """The Saaty value (1..9 or 1/2..1/9) nearest to ``x`` on a log scale."""
    lx = math.log(x)
    return min(SAATY_VALUES, key=lambda v: abs(math.log(v) - lx))


def format_judgement(x: float | Fraction) -> str:
    if x >= 1:
        r = round(float(x))
        return str(r) if abs(r - x) < 1e-9 else f"{float(x):g}"
    inv = 1 / float(x)
    r = round(inv)
    return f"1/{r}" if abs(r - inv) < 1e-6 * inv else f"{float(x):.3g}"


def parse_judgement(value: Any) -> float:
    """A judgement as a number; accepts ``3``, ``0.2`` and the text ``"1/5"``."""
    if isinstance(value, bool):  # callers turn ValueError into a positioned InputError
        raise ValueError("a judgement is a number from 1/9 to 9, not true/false")  # noqa: TRY004
    if isinstance(value, (int, float)):
        try:
            x = float(value)
        except OverflowError:       # an int with hundreds of digits
            sign = "-" if value < 0 else ""          # (str() of it may exceed Python's limit)
            raise ValueError(f"judgement {sign}1e{int(math.log10(abs(value)))} is outside "
                             "Saaty's scale 1/9 .. 9") from None
    elif isinstance(value, str) and ("/" in value or ":" in value):
        # (1/3, or the ratio 1:3 that AHP texts write)
        num, _, den = value.partition("/" if "/" in value else ":")
        try:
            x = float(num) / float(den)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"{value!r} is not a judgement: write 3, 1/3 or 0.5") from None
    elif isinstance(value, str):
        try:
            x = float(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a judgement: write 3, 1/3 or 0.5") from None
    else:
        raise ValueError(f"{value!r} is not a judgement: write 3, 1/3 or 0.5")
    if not math.isfinite(x) or x <= 0:
        raise ValueError(f"judgement {value!r} must be a positive finite number (1/9 .. 9)")
    # (as for reciprocals, a rounded decimal is close enough: 0.111 for 1/9, as 0.333 for 1/3)
    if not ((1 / 9) * (1 - _RECIPROCAL_TOL) <= x <= 9 * (1 + _RECIPROCAL_TOL)):
        raise ValueError(f"judgement {value!r} is outside Saaty's scale 1/9 .. 9")
    return x


def validate_pairwise(A: Any, labels: Sequence[str] | None = None) -> np.ndarray:
    """Check a pairwise matrix: square, positive, finite, unit diagonal, reciprocal, 1/9..9."""
    try:
        M = np.array(A, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise InputError("the pairwise matrix must be a square table of numbers") from None
    if M.ndim != 2 or M.shape[0] != M.shape[1] or M.shape[0] == 0:
        raise InputError(f"the pairwise matrix must be square, got shape {M.shape}")
    n = M.shape[0]
    names = list(labels) if labels is not None else [f"c{i + 1}" for i in range(n)]
    if len(names) != n:
        raise InputError(f"{len(names)} labels for a {n}x{n} pairwise matrix")
    if len(set(names)) != n:
        raise InputError("labels of the pairwise matrix must be unique")
    for i in range(n):
        for j in range(n):
            x = M[i, j]
            where = f"judgement {names[i]} vs {names[j]}"
            if not math.isfinite(x):
                raise InputError(f"{where} is {x}: judgements must be finite")
            if x <= 0:
                raise InputError(f"{where} is {x:g}: judgements must be positive (1/9 .. 9)")
            if not ((1 / 9) * (1 - _RECIPROCAL_TOL) <= x <= 9 * (1 + _RECIPROCAL_TOL)):
                raise InputError(f"{where} is {x:g}, outside Saaty's scale 1/9 .. 9")
        if abs(M[i, i] - 1) > 1e-9:
            raise InputError(f"judgement {names[i]} vs itself must be 1, got {M[i, i]:g}")
    for i in range(n):
        for j in range(i + 1, n):
            if abs(M[i, j] * M[j, i] - 1) > _RECIPROCAL_TOL:
                raise InputError(
                    f"judgements are not reciprocal: {names[i]} vs {names[j]} is "
                    f"{M[i, j]:g} but {names[j]} vs {names[i]} is {M[j, i]:g} "
                    f"(expected {format_judgement(1 / M[i, j])})")
    return M


def ahp(pairwise: Any, labels: Sequence[str] | None = None) -> AhpResult:
    """Weights (principal eigenvector), lambda_max, CI and CR of a pairwise matrix."""
    M = validate_pairwise(pairwise, labels)
    n = M.shape[0]
    names = tuple(labels) if labels is not None else tuple(f"c{i + 1}" for i in range(n))
    w, lam, ci, cr = consistency(M)
    return AhpResult(labels=tuple(str(x) for x in names), matrix=M, weight_values=w,
                     lambda_max=lam, ci=ci, cr=cr)


def from_judgements(judgements: dict[str, dict[str, float]], labels: Sequence[str]) -> np.ndarray:
    """Build the full reciprocal matrix from upper-triangle judgements
    ``{a: {b: 3}}`` (a is 3 times as important as b); raises ``KeyError((a, b))`` for a
    missing pair and ``ValueError`` for contradicting reciprocals."""
    idx = {lbl: i for i, lbl in enumerate(labels)}
    n = len(labels)
    M = np.full((n, n), np.nan)
    np.fill_diagonal(M, 1.0)
    for a, row in judgements.items():
        for b, x in row.items():
            i, j = idx[a], idx[b]
            if i == j:
                if abs(x - 1) > 1e-9:
                    raise ValueError(f"{a} vs itself must be 1")
                continue
            if not math.isnan(M[i, j]) and abs(M[i, j] * (1 / x) - 1) > _RECIPROCAL_TOL:
                raise ValueError(f"{a} vs {b} is given twice and the two disagree "
                                 f"({format_judgement(M[i, j])} and {format_judgement(x)})")
            M[i, j], M[j, i] = x, 1 / x
    for i in range(n):
        for j in range(i + 1, n):
            if math.isnan(M[i, j]):
                raise KeyError((labels[i], labels[j]))
    return M
