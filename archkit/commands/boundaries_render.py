"""``archkit boundaries render services.yaml``: draw the service model.

Imports nothing heavy at module level: the model, diagrams and Graphviz are loaded by
the handler.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archkit.commands.common import positive_seconds
from archkit.lazyre import LazyPattern

FORMATS = ("svg", "png", "dot", "mermaid", "structurizr")
SUFFIXES = {".svg": "svg", ".png": "png", ".dot": "dot", ".gv": "dot", ".mmd": "mermaid",
            ".mermaid": "mermaid", ".dsl": "structurizr"}


def register(verbs: argparse._SubParsersAction) -> None:
    p = verbs.add_parser(
        "render", help="draw the service model (SVG, PNG, DOT, Mermaid, Structurizr DSL)",
        description="Draw services.yaml as a C4-style container or system-context "
                    "diagram. Nodes and edges with an error or warning from "
                    "'archkit boundaries check' are outlined in red. The format comes "
                    "from --format, else from OUT's suffix (.svg .png .dot .mmd .dsl), "
                    "else SVG. SVG and PNG need Graphviz's 'dot'.")
    p.add_argument("file", metavar="services.yaml")
    p.add_argument("--view", choices=["container", "context"], default="container",
                   help="container (services and stores by bounded context or team; "
                        "default) or context (the system, its people, external systems)")
    p.add_argument("-o", "--out", metavar="OUT", help="write here (default: stdout)")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="output format (default: from OUT's suffix, else svg)")
    p.add_argument("--group-by", choices=["context", "team"], default="context",
                   help="cluster the container view by bounded context (default) or team")
    p.add_argument("--no-async", dest="show_async", action="store_false",
                   help="leave asynchronous edges out")
    p.add_argument("--focus", metavar="NAME", help="draw only NAME and its neighbours")
    p.add_argument("--hops", type=int, default=1, metavar="N",
                   help="with --focus: how many edges away to reach (default 1)")
    p.add_argument("--no-findings", dest="findings", action="store_false",
                   help="do not outline elements that have findings")
    p.add_argument("--config", metavar="archkit.toml", default=None,
                   help="thresholds, SLOs and rule levels for the findings "
                        "(default: archkit.toml next to the model, if any)")
    p.add_argument("--timeout", type=positive_seconds, default=60.0, metavar="SECONDS",
                   help="give up on Graphviz after this long (default 60)")
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help="show tracebacks for errors")
    p.set_defaults(func=cmd_render)


def output_format(fmt: str | None, out: str | None) -> str:
    """--format if given, else the one OUT's suffix names, else svg."""
    from archkit.errors import InputError

    if fmt is not None:
        return fmt
    if out is None or out == "-":
        return "svg"
    suffix = Path(out).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"cannot tell the format from the suffix {suffix or '(none)'!r}: "
                         f"use one of {', '.join(SUFFIXES)} or pass --format", out)
    return SUFFIXES[suffix]


def cmd_render(args: argparse.Namespace) -> int:
    from archkit.boundaries import load_model
    from archkit.boundaries.render import render
    from archkit.errors import InputError

    fmt = output_format(args.format, args.out)
    if args.hops < 0:
        raise InputError(f"--hops must be 0 or more, got {args.hops}")
    if args.timeout <= 0:
        raise InputError(f"--timeout must be more than 0 seconds, got {args.timeout:g}")
    if fmt == "png" and (args.out is None or args.out == "-") and sys.stdout.isatty():
        raise InputError("PNG is binary: write it to a file with -o OUT.png")
    model = load_model(args.file)
    findings = model_findings(model, Path(args.file), args.config) if args.findings else None
    data = render(model, view=args.view, format=fmt, group_by=args.group_by,
                  show_async=args.show_async, focus=args.focus, hops=args.hops,
                  findings=findings, timeout=args.timeout)
    from archkit.commands.common import write_or_print

    write_or_print(data, args.out)
    if fmt == "png":
        from archkit.fonts import tofu_note, undrawable

        missing = undrawable(render(model, view=args.view, format="dot",
                                    group_by=args.group_by, show_async=args.show_async,
                                    focus=args.focus, hops=args.hops, findings=findings))
        if missing:
            print(tofu_note(missing), file=sys.stderr)
    if fmt == "mermaid":
        # (Mermaid refuses a flowchart of more than 500 edges, "Edge limit exceeded", a
        # secure setting no diagram can raise, and draws only "Maximum text size in
        # diagram exceeded" above 50,000 characters; it was written silently: scout AT)
        links = sum(1 for line in str(data).splitlines() if _MERMAID_LINK.search(line))
        over = [f"{links:,} edges (Mermaid draws at most {MERMAID_MAX_EDGES})"
                if links > MERMAID_MAX_EDGES else "",
                f"{len(data):,} characters (at most {MERMAID_MAX_TEXT:,} unless its "
                "maxTextSize is raised)" if len(data) > MERMAID_MAX_TEXT else ""]
        if any(over):
            print(f"archkit: Mermaid will not draw this flowchart of "
                  f"{' and '.join(o for o in over if o)}: draw less (--focus NAME --hops N, "
                  "--no-async, --view context), or write --format structurizr",
                  file=sys.stderr)
    return 0


# Mermaid's flowchart limits: maxEdges (500, which a diagram cannot raise) and the
# default maxTextSize
MERMAID_MAX_EDGES = 500
MERMAID_MAX_TEXT = 50_000
_MERMAID_LINK = LazyPattern(r"^\s+\S+ (?:-->|-\.->)")


def model_findings(model, path: Path, config: str | None = None):
    """The model's findings as ``archkit boundaries check`` reports them: thresholds,
    SLOs and rule levels from ``config`` or the ``archkit.toml`` next to the model."""
    from archkit.commands.common import config_file
    from archkit.workspace import Workspace

    if config is not None:
        ws = Workspace.configured_by(config_file(config))
    else:
        ws = Workspace.open(path.parent)
    report = model.check(ws.section("boundaries"), ws.section("slo"), ws.reports())
    return ws.apply_rule_config(report)
