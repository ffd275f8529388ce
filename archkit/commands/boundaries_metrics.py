"""``archkit boundaries metrics services.yaml``: the figures of a service model without a
workspace run: each entry point's availability per request (and its floor), p50/p95/p99
latency and SLO verdicts, coupling per service, system metrics and, with a load
(``--rate`` or ``archkit.toml [capacity]``), the replicas each service needs.

Text for people, markdown as summary.md has it, JSON as summary.json's boundaries step
has it, CSV for one table (``--table``). Findings are ``archkit boundaries check``'s job:
this command exits 0 unless its input is unusable (2).
"""

from __future__ import annotations

import argparse
import math
from typing import Any

TABLES = ("entrypoints", "services", "capacity")


def register(verbs: argparse._SubParsersAction) -> None:
    p = verbs.add_parser(
        "metrics", help="print each entry point's availability and latency, coupling per "
                        "service and (with a load) the replicas each service needs",
        description="Print the figures of services.yaml: per entry point the share of "
                    "requests that succeed, the floor (a request making every call it "
                    "may), p50/p95/p99 latency and whether the [slo] is met; coupling "
                    "per service; system metrics; and, with --rate or archkit.toml "
                    "[capacity] rate_rps, the replicas each service needs. The findings "
                    "are 'archkit boundaries check's.")
    p.add_argument("model", metavar="services.yaml", help="the service model")
    p.add_argument("--rate", action="append", metavar="RPS|ENTRY=RPS", default=None,
                   help="requests per second at every entry point, or at one (repeat for "
                        "several): sizes the replicas as [capacity] rate_rps does, with "
                        "its other settings")
    p.add_argument("--format", choices=["text", "markdown", "json", "csv"], default="text",
                   help="output format (default text; csv needs --table)")
    p.add_argument("--table", choices=TABLES, default=None,
                   help="print only this table (csv: required)")
    p.add_argument("-o", "--out", metavar="FILE", default=None,
                   help="write here (default: stdout)")
    p.add_argument("--config", metavar="archkit.toml", default=None,
                   help="[slo], [boundaries] samples/seed and [capacity] (default: "
                        "archkit.toml next to the model, if any)")
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help="show tracebacks for errors")
    p.set_defaults(func=run)


def parse_rates(values: list[str], entrypoints: list[str]) -> float | dict[str, float]:
    """``--rate`` values as ``[capacity] rate_rps`` takes them: one number for every entry
    point, or ``ENTRY=RPS`` pairs. Raises InputError for anything else."""
    from archkit.boundaries.analysis import MAX_RATE
    from archkit.errors import InputError

    def number(text: str, what: str, low: str) -> float:
        try:
            v = float(text)
        except ValueError:
            v = math.nan
        if not math.isfinite(v) or v < 0 or (low == "> 0" and v == 0) or v > MAX_RATE:
            # (one message for every value out of range: 1e10 said "use a number > 0
            # and <= 1e+09", -1 "... requests per second >= 0"; scout AW)
            raise InputError(f"--rate {what}: use a number of requests per second {low} "
                             f"and <= {MAX_RATE:g}")
        return v

    # (one rate for every entry point must load something; one of several may be 0)
    if len(values) == 1 and "=" not in values[0]:
        return number(values[0], values[0], "> 0")
    rates: dict[str, float] = {}
    for value in values:
        name, eq, text = value.partition("=")
        if not eq:
            raise InputError(f"--rate {value}: give one number for every entry point, or "
                             "ENTRY=RPS once per entry point")
        if name not in entrypoints:
            raise InputError(f"--rate {value}: {name!r} is not an entry point (entry points: "
                             f"{', '.join(entrypoints) or 'none'})")
        rates[name] = number(text, value, ">= 0")
    return rates


def run(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from archkit.boundaries.model import load_model
    from archkit.boundaries.tables import model_tables, tables_json, tables_markdown
    from archkit.commands.common import config_file, write_or_print
    from archkit.errors import InputError
    from archkit.workspace import Workspace

    if args.format == "csv" and args.table is None:
        raise InputError("--format csv prints one table: add --table "
                         f"{'|'.join(TABLES)}")
    model = load_model(args.model)
    cfg_path = config_file(args.config)
    ws = (Workspace.configured_by(cfg_path) if cfg_path is not None
          else Workspace.open(Path(args.model).parent))
    capacity = dict(ws.section("capacity"))
    rates = None
    if args.rate:
        rates = capacity["rate_rps"] = parse_rates(args.rate, list(model.entrypoints))
    try:
        t = model_tables(model, ws.section("boundaries"), ws.section("slo"), capacity)
    except ValueError as exc:
        key = str(exc.args[-1])
        if rates is not None and (key == "rate_rps" or
                                  (isinstance(rates, dict) and key in rates)):
            # (not the file's: "rate_rps = 1e+300: use a number ..." without the key)
            raise InputError(f"--rate {' '.join(args.rate)}: "
                             f"{exc.args[0].split(': ', 1)[-1]}") from None
        raise ws.config_error("capacity", key, exc.args[0]) from None
    if args.table == "capacity" and t.capacity is None:
        raise InputError("no load to size for: give --rate RPS (or [capacity] rate_rps in "
                         "archkit.toml)")
    if args.format == "json":
        data = tables_json(t)
        if args.table is not None:
            data = {args.table: data["metrics" if args.table == "services" else args.table]}
        text = json.dumps(data, indent=2, ensure_ascii=False)
    elif args.format == "csv":
        text = _frame(t, args.table).to_csv()
    elif args.format == "markdown":
        text = "\n".join(tables_markdown(t) if args.table is None else
                         _markdown_one(t, args.table))
    else:
        text = "\n".join(text_tables(t, args.table))
    write_or_print(text, args.out)
    return 0


def _frame(t: Any, table: str) -> Any:
    return {"entrypoints": t.entrypoints, "services": t.services,
            "capacity": None if t.capacity is None else t.capacity.table}[table]


def _markdown_one(t: Any, table: str) -> list[str]:
    from archkit.boundaries.tables import markdown_table

    return [markdown_table(_frame(t, table)), ""]


# -- text -----------------------------------------------------------------------------------
def _columns(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    """Rows as aligned columns (numbers right-aligned), indented two spaces."""
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  " + "  ".join(c.rjust(w) if i in right else c.ljust(w)
                                for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    return [line(headers), *(line(r) for r in rows)]


def _pct(v: float) -> str:
    return "" if v is None or math.isnan(v) else f"{v:.4%}"


def _ms(v: float) -> str:
    return "" if v is None or math.isnan(v) else f"{v:,.0f}"


def entrypoint_lines(t: Any) -> list[str]:
    from archkit.boundaries.tables import slo_line

    rows = [[str(e), _pct(r["availability"]), _pct(r["availability_floor"]),
             _pct(r["timed_out"]), f"{r['downtime_min_per_30d']:,.1f}", _ms(r["p50_ms"]),
             _ms(r["p95_ms"]), _ms(r["p99_ms"]),
             "yes" if r["meets_availability"] else "no",
             "yes" if r["meets_latency"] else "no", str(r["weakest"] or "")]
            for e, r in t.entrypoints.iterrows()]
    return ["Entry points (availability: share of requests that succeed; floor: a request "
            "making every call it may)", "  " + slo_line(t.slo),
            *_columns(["entry point", "availability", "floor", "timed out", "min down/30d",
                       "p50 ms", "p95 ms", "p99 ms", "meets availability", "meets latency",
                       "weakest"], rows, {1, 2, 3, 4, 5, 6, 7})]


def service_lines(t: Any) -> list[str]:
    from archkit.boundaries.tables import system_line

    rows = [[str(s), str(r["team"] or ""), str(r["context"] or ""), str(r["ca"]),
             str(r["ce"]), f"{r['instability']:.2f}", str(r["ca_x_ce"]), str(r["sync_out"])]
            for s, r in t.services.iterrows()]
    return ["Coupling per service (ca: services depending on it; ce: what it depends on)",
            *_columns(["service", "team", "context", "ca", "ce", "instability", "ca x ce",
                       "sync out"], rows, {3, 4, 5, 6, 7}),
            "  " + system_line(t.system)]


def capacity_lines(t: Any) -> list[str]:
    from archkit.boundaries.tables import capacity_basis, needed

    c = t.capacity
    if c is None:
        return ["Capacity: give --rate RPS (or [capacity] rate_rps in archkit.toml) to see "
                "the replicas each service needs."]
    rows = [[str(s), f"{r['rate_rps']:,.4g}", f"{r['mean_service_ms']:.2f}",
             str(int(r["replicas"])), needed(r["replicas_needed"]),
             f"{r['utilisation_now']:.0%}", _share(r["p_wait_now"]),
             "yes" if r["enough"] else "no"]
            for s, r in c.table.iterrows()]
    if not rows:
        return ["Capacity", "  " + capacity_basis(c),
                "  No service with a latency receives requests at this load."]
    return ["Capacity (busy now, waits now: with the replicas it has)",
            "  " + capacity_basis(c),
            *_columns(["service", "req/s", "mean ms", "replicas", "needed", "busy now",
                       "waits now", "enough"], rows, {1, 2, 3, 4, 5, 6})]


def _share(v: float) -> str:
    return "" if v is None or math.isnan(v) else f"{v:.1%}"


def text_tables(t: Any, table: str | None = None) -> list[str]:
    parts = {"entrypoints": entrypoint_lines, "services": service_lines,
             "capacity": capacity_lines}
    out: list[str] = []
    for name in ([table] if table else TABLES):
        if out:
            out.append("")
        out += parts[name](t)
    return out
