"""The figures of a service model, computed once for every shell that shows them: the
entry-point budget (availability per request, its floor, p50/p95/p99 latency, SLO
verdicts), coupling per service, system metrics and, given a load, the replicas each
service needs. ``archkit run``'s boundaries step writes them to summary.md, summary.json
and CSV; ``archkit boundaries metrics`` prints them; notebooks show the DataFrames."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from archkit.findings import md_cell


@dataclass
class Capacity:
    """The capacity table for one load, with the words that say what it was sized for."""

    table: Any                   # pandas DataFrame, one row per service
    load: str                    # "200 req/s per entry point" / "web 150 req/s, api 50 req/s"
    target: str                  # "mean queueing under 10 ms" / "p99 response under 300 ms"
    method: str                  # the queueing model behind the replicas

    def short(self) -> Any:
        return self.table[~self.table["enough"].astype(bool)]


@dataclass
class ModelTables:
    entrypoints: Any             # DataFrame: entrypoint_table()
    services: Any                # DataFrame: per-service coupling metrics
    system: dict[str, Any]       # density, cycles, bidirectional pairs, longest sync path
    slo: dict[str, float]        # the SLO the entry points are judged against
    capacity: Capacity | None    # None when no load was given


def model_tables(model: Any, boundaries: Mapping[str, Any] | None = None,
                 slo: Mapping[str, Any] | None = None,
                 capacity: Mapping[str, Any] | None = None) -> ModelTables:
    """The figures of ``model`` under ``archkit.toml``'s ``[boundaries]`` (samples, seed),
    ``[slo]`` and ``[capacity]`` sections. A bad ``[capacity]`` value raises
    ``ValueError(message, key)`` as :func:`capacity_settings` does."""
    from archkit.boundaries.analysis import entrypoint_table, slo_values
    from archkit.boundaries.checks import merge_numbers
    from archkit.boundaries.rules import DEFAULT_THRESHOLDS

    mc = merge_numbers(DEFAULT_THRESHOLDS, dict(boundaries or {}), "boundaries")
    entries = entrypoint_table(model, dict(slo or {}), samples=int(mc["samples"]),
                               seed=int(mc["seed"]))
    return ModelTables(entries, model.metrics(), model.system_metrics(),
                       slo_values(dict(slo or {})), capacity_for(model, capacity))


def capacity_for(model: Any, section: Mapping[str, Any] | None) -> Capacity | None:
    """The capacity table ``[capacity]`` asks for (None without ``rate_rps``)."""
    from archkit.boundaries.analysis import capacity_settings, capacity_table

    settings = capacity_settings(section, list(model.entrypoints))
    if settings is None:
        return None
    rate, kw = settings
    load = (f"{rate:g} req/s per entry point" if isinstance(rate, float) else
            ", ".join(f"{k} {v:g} req/s" for k, v in rate.items()))
    target = (f"p{kw['quantile'] * 100:g} response under {kw['max_response_ms']:g} ms"
              if kw.get("quantile") is not None else
              f"mean queueing under {kw.get('max_wait_ms', 10.0):g} ms")
    method = ("M/M/c" if kw.get("quantile") is not None else
              "M/G/c by Allen–Cunneen, with the variability of the fitted latency")
    return Capacity(capacity_table(model, rate, **kw), load, target, method)


def needed(value: Any) -> str:
    """A ``replicas_needed`` cell in words (NaN: no number of replicas meets the target)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "more than 100,000 (the target cannot be met)"
    return str(int(value))


def capacity_headline(c: Capacity) -> str:
    short = c.short()
    if short.empty:
        return f"capacity at {c.load}: every service has enough replicas ({c.target})"
    needs = "; ".join(f"{name} needs {needed(row['replicas_needed'])}, has "
                      f"{int(row['replicas'])}" for name, row in short.iterrows())
    return f"capacity at {c.load}: {len(short)} service(s) short of replicas: {needs}"


def capacity_basis(c: Capacity) -> str:
    """What the capacity table was computed for, in one sentence."""
    return (f"Load {c.load}; target: {c.target} ({c.method} per service, mean service time "
            "from its fitted latency; services only: stores and external systems are not "
            "sized).")


def slo_line(slo: Mapping[str, float]) -> str:
    return (f"SLO: availability {slo['availability']:.4%}, p95 {slo['p95_ms']:g} ms, "
            f"p99 {slo['p99_ms']:g} ms.")


def system_line(system: Mapping[str, Any]) -> str:
    return (f"Density {system['density']:.3f}; longest synchronous path "
            f"{system['longest_sync_path']} hops "
            f"({' -> '.join(system['longest_sync_path_elements'])}); cycles: "
            f"{'; '.join(', '.join(c) for c in system['cycles']) or 'none'}; bidirectional "
            f"pairs: {'; '.join(' <-> '.join(p) for p in system['bidirectional_pairs']) or 'none'}.")


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.4g}"
    return "" if value is None else md_cell(value)


def markdown_table(frame: Any) -> str:
    """A pandas DataFrame as a GitHub markdown table (index first)."""
    cols = [frame.index.name or "", *map(str, frame.columns)]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for idx, row in frame.iterrows():
        lines.append("| " + " | ".join([_fmt(idx), *(_fmt(v) for v in row.tolist())]) + " |")
    return "\n".join(lines)


def tables_markdown(t: ModelTables) -> list[str]:
    """The entry points, coupling, system and capacity sections as markdown lines."""
    md = ["### Entry points", "", slo_line(t.slo), "", markdown_table(t.entrypoints), "",
          "### Coupling per service", "", markdown_table(t.services), "",
          system_line(t.system), "", "### Capacity", ""]
    if t.capacity is None:
        md += ["Set `[capacity] rate_rps` in archkit.toml (requests per second at the entry "
               "points) to see the replicas each service needs.", ""]
    else:
        md += [capacity_basis(t.capacity), "", markdown_table(t.capacity.table), ""]
    return md


def jsonable(rows: list[dict]) -> list[dict]:
    """DataFrame records with numpy scalars as Python ones and NaN/inf as None."""
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


def tables_json(t: ModelTables) -> dict[str, Any]:
    """The figures as summary.json's boundaries step holds them."""
    def records(frame: Any) -> list[dict]:
        return jsonable(frame.reset_index().to_dict(orient="records"))

    return {"system": t.system, "entrypoints": records(t.entrypoints),
            "metrics": records(t.services),
            "capacity": None if t.capacity is None else records(t.capacity.table)}
