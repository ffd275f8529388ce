"""``archkit run`` step "boundaries" (order 20): findings, coupling metrics, the
availability/latency budget of every entry point of ``services.yaml`` and, with
``archkit.toml [capacity] rate_rps``, the replicas every service needs for that load.
Writes ``boundaries/findings.json``, the tables as CSV and the two diagrams."""

from __future__ import annotations

from pathlib import Path

from archkit.run import Output, RunContext, Step, StepResult, register_step
from archkit.workspace import Workspace

NAME = "boundaries"


def _applies(ws: Workspace) -> bool:
    return ws.services_file() is not None


def compute(ctx: RunContext) -> StepResult:
    from archkit.boundaries.model import load_model
    from archkit.boundaries.tables import (
        capacity_headline,
        model_tables,
        tables_json,
        tables_markdown,
    )

    ws = ctx.workspace
    path = ws.services_file()
    assert path is not None
    model = load_model(path)
    thresholds, slo = ws.section("boundaries"), ws.section("slo")
    report = model.check(thresholds, slo, ws.reports())
    shown = ws.shown(report)        # (as the run reports it: [rules] applied)
    try:
        t = model_tables(model, thresholds, slo, ws.section("capacity"))
    except ValueError as exc:
        raise ws.config_error("capacity", str(exc.args[-1]), exc.args[0]) from None

    headline = [(f"{model.system}: {len(model.services)} services, {len(model.edges)} edges, "
                 f"{shown.count_line()}")]
    for e, row in t.entrypoints.iterrows():
        headline.append(f"{e}: availability {row['availability']:.4%} "
                        f"(SLO {t.slo['availability']:.4%}), p95 {row['p95_ms']:.0f} ms, "
                        f"p99 {row['p99_ms']:.0f} ms")
    if t.capacity is not None:
        headline.append(capacity_headline(t.capacity))
    md = [f"Service model `{ws.relative(path)}`: {shown.summary_line()}", "",
          *tables_markdown(t)]
    outputs = [Output(Path(NAME) / "metrics.csv", t.services.to_csv()),
               Output(Path(NAME) / "entrypoints.csv", t.entrypoints.to_csv())]
    if t.capacity is not None:
        outputs.append(Output(Path(NAME) / "capacity.csv", t.capacity.table.to_csv()))
    outputs += _diagrams(model, shown, headline, md)
    # the findings themselves, as the schema step gives them: the counts alone in the
    # summary sent readers back to 'archkit boundaries check' (scout AC)
    outputs.append(Output(Path(NAME) / "findings.json", shown.to_json()))
    if len(shown):
        md += [shown.to_markdown(), ""]
    data = {"headline": headline, **tables_json(t)}
    return StepResult(NAME, report=report, outputs=outputs, summary_md="\n".join(md), data=data,
                      objects={"model": model, "metrics": t.services,
                               "entrypoints": t.entrypoints, "system": t.system,
                               "capacity": None if t.capacity is None else t.capacity.table})


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


STEP = register_step(Step(NAME, "Service boundaries", 20, _applies, compute,
                            inputs="services.yaml"))
