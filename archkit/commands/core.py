"""``archkit init``, ``archkit run`` and ``archkit rules``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from archkit.commands.common import DEBUG_HELP, FAIL_ON, add_select_options, config_file
from archkit.errors import InputError
from archkit.examples import NAMES as EXAMPLES


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create a workspace (empty, or a copy of an example)",
                       description="Create a workspace folder. Existing files are never "
                                   "overwritten.")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--example", choices=EXAMPLES, help="copy this worked example")
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help=DEBUG_HELP)
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("run", help="run every analysis that has input in a workspace",
                       description="Run every analysis whose inputs exist in DIR; write "
                                   "reports, diagrams and summary.md / summary.json under "
                                   "OUT, and draft an ADR per decision into DIR's ADR "
                                   "folder (proposed drafts are kept up to date, accepted "
                                   "records never touched).")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("-o", "--out", metavar="OUT", help="output folder (default DIR/build)")
    p.add_argument("--format", choices=["text", "json", "sarif"], default="text",
                   help="what to print: a text summary (default), summary.json, or every "
                        "step's findings as one SARIF 2.1.0 log (for code scanning)")
    p.add_argument("--fail-on", choices=FAIL_ON, default="error",
                   help="exit 1 when a finding is at or above this severity "
                        "(default error; 'never' always exits 0)")
    add_select_options(p, "AK-IX,AK-SVC004")
    p.add_argument("--steps", metavar="NAMES", default=None,
                   type=lambda t: [n.strip() for n in t.split(",") if n.strip()],
                   help="run only these steps (comma-separated: decisions, boundaries, "
                        "schema, adr) and those they read: --steps adr drafts the ADRs "
                        "of the decisions, whatever else the workspace holds")
    p.add_argument("--config", metavar="archkit.toml", default=None,
                   help="configuration to use instead of DIR/archkit.toml (inputs are "
                        "still found in DIR)")
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help=DEBUG_HELP)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("rules", help="print the rule catalogue",
                       description="Print every rule: id, name, default severity, why, "
                                   "and an example that fires and one that passes.")
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    p.add_argument("rule", nargs="?", metavar="RULE", help="show one rule's page")
    p.add_argument("--page", choices=["schema"],
                   help="print an area's documentation page in Markdown "
                        "(schema: docs/schema-rules.md)")
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help=DEBUG_HELP)
    p.set_defaults(func=cmd_rules)


def cmd_init(args: argparse.Namespace) -> int:
    from archkit.workspace import create_workspace

    target = Path(args.dir)
    written, skipped = create_workspace(target, args.example)
    for p in written:
        print(p)
    for p in skipped:
        print(f"kept existing {p}", file=sys.stderr)
    print(f"workspace ready: {target} (next: archkit run {target})", file=sys.stderr)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from archkit.findings import Report
    from archkit.run import run_workspace

    summary = run_workspace(args.dir, args.out, select=args.select, ignore=args.ignore,
                            config=config_file(args.config), fail_on=args.fail_on,
                            only=args.steps)
    if args.format == "sarif":
        from archkit.commands.common import emit_report

        return emit_report(_from_here(summary.report, summary.workspace), args)
    if args.format == "json":
        print(json.dumps(summary.to_json(), indent=2, ensure_ascii=False))
    else:
        for r in summary.results:
            c = r.report.count_line() if r.report is not None \
                else "no checks"
            n = len(r.files)
            print(f"{r.name:<12} {r.status:<9} {c}; wrote {n} file{'' if n == 1 else 's'}")
            for line in r.data.get("headline", []):
                print(f"  {line}")
        # (a CI log shows why the run fails, path:line:col as the single commands say it:
        # the findings at or above --fail-on; every finding is in summary.md)
        failing = _from_here(Report(summary.failing), summary.workspace).sorted()
        for f in failing[:_SHOWN_FAILING]:
            print(f.to_text())
        if len(failing) > _SHOWN_FAILING:
            print(f"... and {len(failing) - _SHOWN_FAILING} more (all in "
                  f"{summary.out / 'summary.md'})")
        if summary.not_run:
            print(summary.not_run_line())
        print(summary.verdict())
        print(f"wrote {summary.out / 'summary.md'} and {summary.out / 'summary.json'}",
              file=sys.stderr)
    return summary.exit_code


_SHOWN_FAILING = 50


def _from_here(report, ws):
    """``report`` (a run's findings, their files named relative to the workspace root)
    with each file named from the current folder again, as SARIF locates them. A file
    outside the workspace keeps the name the run gave it (relative to the current folder
    already): one whose name does not exist under the root but does as given."""
    from dataclasses import replace

    from archkit.findings import Report

    def here(path: str) -> str:
        under = ws.root / path          # (an absolute path stays itself)
        if not under.exists() and Path(path).exists():
            return path
        try:                            # (named from here where it is below here)
            return under.resolve().relative_to(Path.cwd().resolve()).as_posix() \
                if under.is_absolute() else str(under)
        except ValueError:
            return str(under)

    return Report([replace(f, path=here(f.path)) if f.path else f for f in report],
                  title=report.title)


def cmd_rules(args: argparse.Namespace) -> int:
    from archkit import rules as registry

    if args.page:
        if args.rule or args.format == "json":
            raise InputError("--page prints a whole page in Markdown: give it without "
                             "RULE and without --format json")
        from archkit.schema.rules_page import schema_rules_page

        sys.stdout.write(schema_rules_page())
        return 0
    selected = registry.all_rules()
    if args.rule:
        selected = [r for r in selected if r.id == args.rule.upper() or r.name == args.rule]
        if not selected:
            raise InputError(f"unknown rule {args.rule!r} (see 'archkit rules')")
    if args.rule and args.format in ("text", "markdown"):   # one rule: just its page
        sys.stdout.write("\n".join(registry.rule_page(r) for r in selected))
        return 0
    render = {"text": registry.catalogue_text, "markdown": registry.catalogue_markdown,
              "json": registry.catalogue_json}[args.format]
    sys.stdout.write(render(selected))
    return 0
