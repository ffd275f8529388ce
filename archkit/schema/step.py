"""The ``schema`` step of ``archkit run``: check ``schema/*.sql`` (and ``workload/*.sql``)."""

from __future__ import annotations

from archkit.run import Output, RunContext, Step, StepResult, register_step
from archkit.workspace import Workspace


def applies(ws: Workspace) -> bool:
    return bool(ws.schema_files())


def compute(ctx: RunContext) -> StepResult:
    from archkit.schema.check import CheckConfig, check_sources, to_sources

    ws = ctx.workspace
    conf = CheckConfig.make(None, ws.config)
    sources = to_sources(ws.schema_files())
    workload = to_sources(ws.workload_files()) if ws.workload_files() else []
    report = check_sources(sources, conf, workload)
    counts = report.counts()
    headline = [f"schema: {len(sources)} file{'s' if len(sources) != 1 else ''} "
                f"({conf.dialect}), {report.summary_line()}"]
    md = [f"Dialect `{conf.dialect}`, {len(sources)} file(s). {report.summary_line()}.", ""]
    if len(report):
        md += [report.to_markdown()]
    return StepResult(
        name="schema", report=report,
        outputs=[Output(__import__("pathlib").Path("schema/findings.json"), report.to_json())],
        summary_md="\n".join(md),
        data={"dialect": conf.dialect, "files": len(sources), "counts": counts,
              "headline": headline},
    )


register_step(Step("schema", "Schema checks", 30, applies, compute))
