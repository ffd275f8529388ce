"""``archkit run`` step "boundaries" (order 20): findings, coupling metrics, the
availability/latency budget of every entry point of ``services.yaml`` and, with
``archkit.toml [capacity] rate_rps``, the replicas every service needs for that load.
Writes ``boundaries/findings.json``, the tables as CSV and the two diagrams."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from archkit.findings import md_cell
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
    return "" if value is None else md_cell(value)


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
    report = model.check(thresholds, slo, ws.reports())
    shown = ws.shown(report)        # (as the run reports it: [rules] applied)
    metrics = model.metrics()
    system = model.system_metrics()
    mc = merge_numbers(DEFAULT_THRESHOLDS, thresholds, "boundaries")
    entries = entrypoint_table(model, slo, samples=int(mc["samples"]), seed=int(mc["seed"]))
    s = slo_values(slo)

    headline = [(f"{model.system}: {len(model.services)} services, {len(model.edges)} edges, "
                 f"{shown.count_line()}")]
    for e, row in entries.iterrows():
        headline.append(f"{e}: availability {row['availability']:.4%} "
                        f"(SLO {s['availability']:.4%}), p95 {row['p95_ms']:.0f} ms, "
                        f"p99 {row['p99_ms']:.0f} ms")
    md = [f"Service model `{ws.relative(path)}`: {shown.summary_line()}", "",
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
    capacity = _capacity(ws, model, headline, md)
    if capacity is not None:
        outputs.append(Output(Path(NAME) / "capacity.csv", capacity.to_csv()))
    outputs += _diagrams(model, shown, headline, md)
    # the findings themselves, as the schema step gives them: the counts alone in the
    # summary sent readers back to 'archkit boundaries check' (scout AC)
    outputs.append(Output(Path(NAME) / "findings.json", shown.to_json()))
    if len(shown):
        md += [shown.to_markdown(), ""]
    data = {"headline": headline, "system": system,
            "entrypoints": _jsonable(entries.reset_index().to_dict(orient="records")),
            "metrics": _jsonable(metrics.reset_index().to_dict(orient="records")),
            "capacity": None if capacity is None else
            _jsonable(capacity.reset_index().to_dict(orient="records"))}
    return StepResult(NAME, report=report, outputs=outputs, summary_md="\n".join(md), data=data,
                      objects={"model": model, "metrics": metrics, "entrypoints": entries,
                               "system": system, "capacity": capacity})


def _capacity(ws: Workspace, model: Any, headline: list[str], md: list[str]) -> Any:
    """The capacity table for ``[capacity]`` (None when no rate is set), with its
    headline and markdown section."""
    from archkit.boundaries.analysis import capacity_settings, capacity_table

    try:
        settings = capacity_settings(ws.section("capacity"), list(model.entrypoints))
    except ValueError as exc:
        raise ws.config_error("capacity", str(exc.args[-1]), exc.args[0]) from None
    if settings is None:
        md += ["### Capacity", "",
               "Set `[capacity] rate_rps` in archkit.toml (requests per second at the entry "
               "points) to see the replicas each service needs.", ""]
        return None
    rate, kw = settings
    table = capacity_table(model, rate, **kw)
    short = table[~table["enough"].astype(bool)]
    load = (f"{rate:g} req/s per entry point" if isinstance(rate, float) else
            ", ".join(f"{k} {v:g} req/s" for k, v in rate.items()))
    target = (f"p{kw['quantile'] * 100:g} response under {kw['max_response_ms']:g} ms"
              if kw.get("quantile") is not None else
              f"mean queueing under {kw.get('max_wait_ms', 10.0):g} ms")
    if short.empty:
        headline.append(f"capacity at {load}: every service has enough replicas ({target})")
    else:
        needs = "; ".join(f"{name} needs {_needed(row['replicas_needed'])}, has "
                          f"{int(row['replicas'])}" for name, row in short.iterrows())
        headline.append(f"capacity at {load}: {len(short)} service(s) short of replicas: {needs}")
    md += ["### Capacity", "",
           f"Load {load}; target: {target} ("
           + ("M/M/c" if kw.get("quantile") is not None else
              "M/G/c by Allen–Cunneen, with the variability of the fitted latency")
           + " per service, mean service time from its fitted latency; services only: "
           "stores and external systems are not sized).", "", markdown_table(table), ""]
    return table


def _needed(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "more than 100,000 (the target cannot be met)"
    return str(int(value))


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
