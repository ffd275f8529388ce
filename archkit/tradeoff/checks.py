"""The checks behind the AK-DEC rules: pure functions from a DecisionMatrix to findings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from archkit.findings import Finding, Report
from archkit.tradeoff import rules as R
from archkit.tradeoff.matrix import DecisionMatrix


def check_text(text: str, path: str | Path = "<input>") -> Report:
    """Check a decision given as YAML text (used by the rule examples)."""
    return check_matrix(DecisionMatrix.from_text(text, path))


# archkit.toml [decisions] keys -> (rule id, option name)
CONFIG_KEYS = {"fragile_margin": ("AK-DEC003", "fragile_margin"),
               "max_weight": ("AK-DEC005", "max_weight")}


def options_from_config(section: dict, path: str | Path | None = None) -> dict[str, dict]:
    """Rule options from ``archkit.toml [decisions]`` (fragile_margin, max_weight)."""
    from archkit.errors import InputError

    out: dict[str, dict] = {}
    for key, value in section.items():
        if key not in CONFIG_KEYS:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
            raise InputError(f"[decisions] {key} = {value!r}: use a number in (0, 1]", path)
        rule, name = CONFIG_KEYS[key]
        out.setdefault(rule, {})[name] = float(value)
    return out


def check_matrix(m: DecisionMatrix, options: dict[str, dict] | None = None,
                 reports: Callable[[str], bool] | None = None) -> Report:
    """Every AK-DEC finding for ``m``; ``options`` overrides rule options by rule id;
    ``reports``: the rules whose findings are reported (``Workspace.reports``: not off,
    kept by --select / --ignore), whose suppressions alone can silence nothing."""
    from archkit.suppress import apply

    opts = {r.id: {**r.options, **((options or {}).get(r.id, {}))} for r in R.RULES}
    findings: list[Finding] = []
    findings += inconsistent_ahp(m)
    findings += non_discriminating(m)
    findings += fragile_winner(m, float(opts["AK-DEC003"]["fragile_margin"]))
    findings += dominated_options(m)
    findings += dominant_criterion(m, float(opts["AK-DEC005"]["max_weight"]))
    findings += methods_disagree(m)
    findings += options_without_notes(m)
    report = Report(findings, title=f"decision: {m.title}")
    if m.suppressions:      # (a suppression of a reported rule that silences nothing: AK-SUP003)
        report = apply(report, m.suppressions, m.path_text,
                       judged=[r.id for r in R.RULES if reports is None or reports(r.id)],
                       scope="in this decision")
    return report


def _line(m: DecisionMatrix, *key: object) -> dict:
    line, col = m.position(*key)
    return {"path": m.path_text, "line": line, "col": col}


def inconsistent_ahp(m: DecisionMatrix) -> list[Finding]:
    from archkit.tradeoff.pairwise import advice

    a = m.ahp_result
    if a is None or a.consistent:
        return []
    culprits = a.culprits(top=3)
    worst = culprits[0] if culprits else None
    where = (_line(m, "judgement", worst.row, worst.col) if worst and
             m.position("judgement", worst.row, worst.col)[0] else
             _line(m, "judgement", worst.col, worst.row) if worst else _line(m, "ahp"))
    if where["line"] is None:
        where = _line(m, "ahp")
    detail, hint = advice(culprits)     # lowest CR first; says when no one change is enough
    return [R.INCONSISTENT_AHP.finding(
        f"AHP judgements are inconsistent (CR = {a.cr:.3f} > 0.10): {detail}",
        object=f"{worst.row} vs {worst.col}" if worst else "ahp", hint=hint, **where)]


def non_discriminating(m: DecisionMatrix) -> list[Finding]:
    X = m.scores.to_numpy(float)
    out = []
    for k, c in enumerate(m.criteria):
        col = X[:, k]
        if np.all(col == col[0]):
            out.append(R.NON_DISCRIMINATING.finding(
                f"every option scores {col[0]:g} on {c}, so its weight "
                f"({m.weights[c]:.2f}) cannot change the ranking",
                object=c, hint=f"score what actually differs between the options on {c}, "
                               f"or remove {c} from the criteria", **_line(m, "criterion", c)))
    return out


def fragile_winner(m: DecisionMatrix, margin: float) -> list[Finding]:
    st = m.weight_stability()
    winner = st.attrs["winner"]
    ranking = m.rank()
    tied = list(ranking.index[ranking["rank"] == 1])
    if len(tied) > 1:
        return [R.FRAGILE_WINNER.finding(
            f"{' and '.join(tied)} tie for first place: the weights do not separate them",
            object=winner, hint="add the criterion that really separates them, or rescore "
                                "them with a finer scale", **_line(m, "option", winner))]
    best = None
    for c, row in st.iterrows():
        for side, bound, rival in (("falls", row["low"], row["challenger_low"]),
                                   ("rises", row["high"], row["challenger_high"])):
            if rival is None:
                continue
            gap = abs(row["weight"] - bound)
            if gap < margin and (best is None or gap < best[0]):
                best = (gap, c, side, bound, rival, row["weight"])
    if best is None:
        return []
    gap, c, side, bound, rival, w = best
    return [R.FRAGILE_WINNER.finding(
        f"{winner} wins, but if the weight of {c} {side} from {w:.3f} to {bound:.3f} "
        f"(by {gap:.3f}) {rival} ranks first",
        object=winner,
        hint=f"check the scores of {winner} and {rival} on {c} and say in the ADR why the "
             f"weight of {c} is {'at least' if side == 'falls' else 'at most'} {bound:.2f}",
        **_line(m, "criterion", c))]


def dominated_options(m: DecisionMatrix) -> list[Finding]:
    N = m.normalised.to_numpy()
    out = []
    opts = m.options
    for j, o in enumerate(opts):
        # the options no worse anywhere and better somewhere, the first in the file named
        # (one comparison of every option at once: a Python pair loop took 128 s on 5,000
        # options; scout AU)
        dominating = (N >= N[j]).all(axis=1) & (N > N[j]).any(axis=1)
        if not dominating.any():
            continue
        i = int(np.argmax(dominating))
        other = opts[i]
        worse = [c for k, c in enumerate(m.criteria) if N[i, k] > N[j, k]]
        out.append(R.DOMINATED_OPTION.finding(
            f"{o} is dominated by {other}: no better on any criterion and worse on "
            f"{', '.join(worse)}; it cannot win under any weights",
            object=o, hint=f"drop {o}, or add the criterion on which {o} is better "
                           f"than {other} (the reason it is on the list)",
            **_line(m, "option", o)))
    return out


def dominant_criterion(m: DecisionMatrix, max_weight: float) -> list[Finding]:
    c = str(m.weights.idxmax())
    w = float(m.weights[c])
    if w <= max_weight or len(m.criteria) < 2:
        return []
    return [R.DOMINANT_CRITERION.finding(
        f"{c} carries {w * 100:.0f} % of the weight: the other criteria can only break ties",
        object=c, hint=f"split {c} into the concerns it stands for, or lower its weight to at "
                       f"most {max_weight:.2f}", **_line(m, "criterion", c))]


def methods_disagree(m: DecisionMatrix) -> list[Finding]:
    w, t = m.winner("wsm"), m.winner("topsis")
    if w == t:
        return []
    return [R.METHODS_DISAGREE.finding(
        f"the weighted sum ranks {w} first but TOPSIS ranks {t} first",
        object=m.name, hint=f"compare {w} and {t} criterion by criterion and record in the "
                            "ADR which method the decision uses and why",
        **_line(m, "option", t))]


def options_without_notes(m: DecisionMatrix) -> list[Finding]:
    out = []
    for o in m.options:
        note = m.notes.get(o)
        if not note or not any(note.values()):
            out.append(R.OPTION_WITHOUT_NOTES.finding(
                f"option {o} has no notes: the ADR will show its scores without reasons",
                object=o, hint=f"add under notes: '{o}: {{good: [...], bad: [...]}}'",
                **_line(m, "option", o)))
    return out
