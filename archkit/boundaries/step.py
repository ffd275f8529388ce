"""``archkit run`` step "boundaries" (order 20): findings, coupling metrics and the
availability/latency budget of every entry point of ``services.yaml``."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from archkit.run import Output, RunContext, Step, StepResult, register_step
from archkit.workspace import Workspace

NAME = "boundaries"


def _applies(ws: Workspace) -> bool:
    return ws.services_file() is not None


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.4g}"
    return "" if value is None else str(value).replace("|", "\\|")


def markdown_table(frame) -> str:
    """A pandas DataFrame as a GitHub markdown table (index first)."""
    cols = [frame.index.name or "", *map(str, frame.columns)]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for idx, row in frame.iterrows():
        lines.append("| " + " | ".join([_fmt(idx), *(_fmt(v) for v in row.tolist())]) + " |")
    return "\n".join(lines)


def compute(ctx: RunContext) -> StepResult:
    from archkit.boundaries.analysis import entrypoint_table, slo_values
    from archkit.boundaries.checks import merge_numbers
    from archkit.boundaries.model import load_model
    from archkit.boundaries.rules import DEFAULT_THRESHOLDS

    ws = ctx.workspace
    path = ws.services_file()
    assert path is not None
    model = load_model(path)
    thresholds, slo = ws.section("boundaries"), ws.section("slo")
    report = model.check(thresholds, slo)
    metrics = model.metrics()
    system = model.system_metrics()
    mc = merge_numbers(DEFAULT_THRESHOLDS, thresholds, "boundaries")
    entries = entrypoint_table(model, slo, samples=int(mc["samples"]), seed=int(mc["seed"]))
    s = slo_values(slo)

    c = report.counts()
    headline = [(f"{model.system}: {len(model.services)} services, {len(model.edges)} edges, "
                 f"{c['error']} errors, {c['warning']} warnings, {c['info']} info")]
    for e, row in entries.iterrows():
        headline.append(f"{e}: availability {row['availability']:.4%} "
                        f"(SLO {s['availability']:.4%}), p95 {row['p95_ms']:.0f} ms, "
                        f"p99 {row['p99_ms']:.0f} ms")
    md = [f"Service model `{ws.relative(path)}`: {report.summary_line()}", "",
          "### Entry points", "",
          (f"SLO: availability {s['availability']:.4%}, p95 {s['p95_ms']:g} ms, "
           f"p99 {s['p99_ms']:g} ms."), "", markdown_table(entries), "",
          "### Coupling per service", "", markdown_table(metrics), "",
          (f"Density {system['density']:.3f}; longest synchronous path "
           f"{system['longest_sync_path']} hops "
           f"({' -> '.join(system['longest_sync_path_elements'])}); cycles: "
           f"{'; '.join(', '.join(c) for c in system['cycles']) or 'none'}; bidirectional "
           f"pairs: {'; '.join(' <-> '.join(p) for p in system['bidirectional_pairs']) or 'none'}."),
          ""]
    outputs = [Output(Path(NAME) / "metrics.csv", metrics.to_csv()),
               Output(Path(NAME) / "entrypoints.csv", entries.to_csv())]
    outputs += _diagrams(model, ws.apply_rule_config(report), headline, md)
    data = {"headline": headline, "system": system,
            "entrypoints": _jsonable(entries.reset_index().to_dict(orient="records")),
            "metrics": _jsonable(metrics.reset_index().to_dict(orient="records"))}
    return StepResult(NAME, report=report, outputs=outputs, summary_md="\n".join(md), data=data,
                      objects={"model": model, "metrics": metrics, "entrypoints": entries,
                               "system": system})


def _diagrams(model, report, headline: list[str], md: list[str]) -> list[Output]:
    """Container and context SVGs with the findings outlined; skipped without Graphviz."""
    from archkit.boundaries.render import render
    from archkit.errors import ToolMissingError

    try:
        svgs = {view: render(model, view=view, findings=report)
                for view in ("container", "context")}
    except ToolMissingError as exc:
        headline.append(f"diagrams skipped: {exc.message}")
        md += [f"Diagrams skipped: {exc.message}.", ""]
        return []
    md += ["### Diagrams", "", f"![containers]({NAME}/container.svg)", "",
           f"![system context]({NAME}/context.svg)", ""]
    return [Output(Path(NAME) / f"{view}.svg", svg) for view, svg in svgs.items()]


def _jsonable(rows: list[dict]) -> list[dict]:
    import math

    out = []
    for r in rows:
        d = {}
        for k, v in r.items():
            if hasattr(v, "item"):
                v = v.item()
            if isinstance(v, float) and not math.isfinite(v):
                v = None
            d[k] = v
        out.append(d)
    return out


STEP = register_step(Step(NAME, "Service boundaries", 20, _applies, compute))
