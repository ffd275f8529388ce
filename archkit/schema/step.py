"""The ``schema`` step of ``archkit run``: check ``schema/*.sql`` (with ``workload/*.sql``)
and draw the ER diagram. Writes ``schema/findings.json`` and ``schema/erd.svg``."""

from __future__ import annotations

from pathlib import Path

from archkit.run import Output, RunContext, Step, StepResult, register_step
from archkit.workspace import Workspace


def applies(ws: Workspace) -> bool:
    return bool(ws.schema_files())


def compute(ctx: RunContext) -> StepResult:
    from archkit.errors import ToolMissingError
    from archkit.schema.catalog import build_catalog
    from archkit.schema.check import CheckConfig, check_catalog, to_sources
    from archkit.schema.dialects import get_dialect
    from archkit.schema.erd import render_erd
    from archkit.schema.parallel import parse_sources

    ws = ctx.workspace
    conf = CheckConfig.make(None, ws)
    d = get_dialect(conf.dialect)
    sources = to_sources([_rel(p, ws.root) for p in ws.schema_files()], conf.encoding)
    statements = parse_sources(sources, d)
    catalog = build_catalog(statements, d)
    if ws.workload_files():
        catalog.workload = parse_sources(to_sources(ws.workload_files(), conf.encoding), d,
                                         workers=1)
    report = check_catalog(catalog, conf, d)
    shown = ws.shown(report)        # (as the run reports it: [rules] applied)
    outputs = [Output(Path("schema/findings.json"), shown.to_json())]
    note = ""
    if catalog.tables:
        try:
            outputs.append(Output(Path("schema/erd.svg"), render_erd(catalog, "svg")))
        except ToolMissingError as exc:
            note = f"\n\nNo ER diagram: {exc.message}"
    n = len(sources)
    headline = [(f"schema: {len(catalog.tables)} tables in {n} file{'s' if n != 1 else ''} "
                 f"({d.title}), {shown.summary_line()}")]
    md = [(f"{len(catalog.tables)} tables in {n} file(s), dialect `{d.name}`: "
           f"{shown.summary_line()}.{note}"), ""]
    if len(shown):
        md.append(shown.to_markdown())
    return StepResult(
        name="schema", report=report, outputs=outputs, summary_md="\n".join(md),
        data={"dialect": d.name, "files": n, "tables": len(catalog.tables),
              "counts": shown.counts(), "headline": headline},
        objects={"catalog": catalog},
    )


def _rel(p: Path, root: Path) -> Path:
    """Show paths relative to the working directory when the workspace is under it."""
    try:
        return p.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return p


register_step(Step("schema", "Schema checks", 30, applies, compute,
                   inputs="schema/*.sql"))
