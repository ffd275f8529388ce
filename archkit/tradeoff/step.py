"""The ``decisions`` step of ``archkit run``: rank every ``decisions/*.yaml``, test how
robust each winner is, draw the pictures, and check the quality scenarios
(``quality.yaml``) when present.

Every decision is read and validated before anything is returned, so one bad file
stops the whole run with its ``path:line:col`` and nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from archkit.run import Output, RunContext, Step, StepResult, register_step
from archkit.workspace import Workspace

WIN_SAMPLES = 10_000


def applies(ws: Workspace) -> bool:
    return bool(ws.decision_files()) or ws.quality_file() is not None


METHOD_NAMES = {"wsm": "weighted sum", "topsis": "TOPSIS"}
SCORE_NAMES = {"wsm": "weighted sum", "topsis": "TOPSIS closeness"}


def analyse(m: Any, method: str = "wsm", samples: int = WIN_SAMPLES) -> dict[str, Any]:
    """Ranking, stability, win probability and verdict of one matrix (JSON-able parts
    plus the frames, reused by the charts and the markdown). Ranking, win probability
    and verdict use ``method``; the weight stability is the weighted sum's (the only
    method whose scores are linear in the weights)."""
    from archkit.tradeoff.robustness import verdict

    ranking = m.rank(method)
    stability = m.weight_stability()
    probability = m.win_probability(samples=samples, seed=0, method=method)
    return {"method": method, "ranking": ranking, "stability": stability,
            "probability": probability,
            "verdict": verdict(m, stability=stability, probability=probability, method=method)}


def _md(value: Any) -> str:
    """Text from the decision file (a name, a title, the verdict that quotes names) as
    it reads, in a table cell or elsewhere: escaped as the findings table escapes it."""
    from archkit.findings import md_cell

    return md_cell(value)


def decision_markdown(m: Any, a: dict[str, Any], charts: dict[str, str] | None = None) -> str:
    """A markdown section: ranking table, stability table, verdict, chart links. Every
    name is escaped (``|``, emphasis, code, links, raw HTML), as in the findings table."""
    from archkit.tradeoff.robustness import taken_over_by

    ranking, st, p = a["ranking"], a["stability"], a["probability"]
    lines = [f"### {_md(m.title)}", ""]
    if m.question:
        lines += [f"*{_md(m.question)}*", ""]
    method = a.get("method", "wsm")
    by = "" if method == "wsm" else f" by {METHOD_NAMES[method]}"
    lines += [f"| rank | option | {SCORE_NAMES[method]} | wins{by} (uniform weights) |",
              "|---|---|---|---|"]
    for o, row in ranking.iterrows():
        lines.append(f"| {int(row['rank'])} | {_md(o)} | {row['score']:.3f} | "
                     f"{p.get(o, 0.0) * 100:.0f} % |")
    ahp_note = f" (from AHP judgements, CR = {m.ahp_result.cr:.3f})" if m.ahp_result else ""
    lines += ["", (f"Normalisation: {ranking.attrs['normalisation']}; weights normalised to "
                   f"sum 1{ahp_note}."),
              "", (f"| criterion | weight | {_md(st.attrs['winner'])} stays first"
                   f"{'' if method == 'wsm' else ' by weighted sum'} for weights | "
                   "taken over by |"), "|---|---|---|---|"]
    for c, row in st.iterrows():
        lines.append(f"| {_md(c)} | {row['weight']:.3f} | {row['low']:.3f} .. {row['high']:.3f} | "
                     f"{taken_over_by(row, _md)} |")
    lines += ["", f"**Verdict:** {_md(a['verdict'])}", ""]
    for label, rel in (charts or {}).items():
        lines.append(f"![{label}]({rel.replace(' ', '%20')})")
    return "\n".join(lines).rstrip() + "\n"


def decision_data(m: Any, a: dict[str, Any], file: str | None = None) -> dict[str, Any]:
    """The decision's figures for JSON; ``file`` names its source (default: as it was read)."""
    ranking, st, p = a["ranking"], a["stability"], a["probability"]
    return {
        "file": file if file is not None else str(m.source) if m.source else None,
        "title": m.title,
        "method": a.get("method", "wsm"),
        "normalisation": ranking.attrs["normalisation"],
        "weights": {c: round(float(w), 6) for c, w in m.weights.items()},
        "ahp_cr": round(float(m.ahp_result.cr), 6) if m.ahp_result else None,
        "ranking": [{"option": str(o), "score": round(float(r["score"]), 6),
                     "rank": int(r["rank"])} for o, r in ranking.iterrows()],
        "winner": str(ranking.index[0]),
        "win_probability": {str(o): round(float(v), 4) for o, v in p.items()},
        "stability_method": "wsm",    # closed form: scores are linear in the weights
        "stability": [{"criterion": str(c), "weight": round(float(r["weight"]), 6),
                       "low": round(float(r["low"]), 6), "high": round(float(r["high"]), 6),
                       "challenger_low": r["challenger_low"],
                       "challenger_high": r["challenger_high"]} for c, r in st.iterrows()],
        "verdict": a["verdict"],
    }


def headline(m: Any, a: dict[str, Any]) -> str:
    ranking, p = a["ranking"], a["probability"]
    first = str(ranking.index[0])
    return (f"{m.name}: {first} first ({ranking['score'].iloc[0]:.2f}), wins "
            f"{p.get(first, 0.0) * 100:.0f} % of weightings")


def compute(ctx: RunContext) -> StepResult:
    from archkit.errors import ToolMissingError
    from archkit.findings import Report
    from archkit.tradeoff import charts
    from archkit.tradeoff.checks import check_matrix, options_from_config
    from archkit.tradeoff.matrix import DecisionMatrix

    ws = ctx.workspace
    rule_options = options_from_config(ws.section("decisions"), ws.config_path)
    matrices = {p.stem: DecisionMatrix.from_yaml(p) for p in ws.decision_files()}
    quality = None
    qfile = ws.quality_file()
    if qfile is not None:
        from archkit.tradeoff.atam import load_quality

        quality = load_quality(qfile, options=matrices)
    report = Report(title="decisions")
    outputs: list[Output] = []
    sections: list[str] = []
    data: dict[str, Any] = {"decisions": [], "headline": []}
    for stem, m in matrices.items():
        a = analyse(m)
        base = Path("decisions") / stem
        pictures = {
            "ranking": (base / "ranking.svg", charts.to_svg(charts.ranking_figure(m, "wsm",
                                                                                  a["ranking"]))),
            "weight stability": (base / "stability.svg",
                                 charts.to_svg(charts.stability_figure(m, a["stability"]))),
            "win probability": (base / "win-probability.svg",
                                charts.to_svg(charts.win_probability_figure(m, a["probability"]))),
        }
        outputs += [Output(rel, svg) for rel, svg in pictures.values()]
        sections.append(decision_markdown(m, a, {k: v[0].as_posix() for k, v in pictures.items()}))
        data["decisions"].append(decision_data(   # (relative to the workspace: not to cwd)
            m, a, ws.relative(m.source) if m.source else None))
        data["headline"].append(headline(m, a))
        report.extend(check_matrix(m, rule_options, ws.reports()).findings)
    if quality is not None:
        report.extend(quality.check().findings)
        tree = Path("decisions") / "quality" / "utility-tree.svg"
        try:
            outputs.append(Output(tree, quality.utility_tree_svg()))
        except ToolMissingError as exc:    # the tables and findings do not need Graphviz
            sections.append(quality.to_markdown(tree=None)
                            + f"\nUtility tree skipped: {exc.message}.\n")
            data["headline"] += [quality.headline(), f"utility tree skipped: {exc.message}"]
        else:
            sections.append(quality.to_markdown(tree=tree.as_posix()))
            data["headline"].append(quality.headline())
        data["quality"] = quality.summary_data()
    configured = ws.shown(report)
    outputs.append(Output(Path("decisions") / "findings.json", configured.to_json()))
    if len(configured):
        sections.append(configured.to_markdown())
    return StepResult(name="decisions", report=report, outputs=outputs,
                      summary_md="\n".join(sections), data=data,
                      objects={"matrices": matrices, "quality": quality})


STEP = register_step(Step(name="decisions", title="Trade-off decisions", order=10,
                          applies=applies, compute=compute, inputs="decisions/*.yaml"))
