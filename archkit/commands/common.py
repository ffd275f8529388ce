"""Options and output shared by subcommands: --format, --fail-on, --select/--ignore."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from archkit.findings import Report

FAIL_ON = ("error", "warning", "info", "never")


def add_report_options(parser: argparse.ArgumentParser,
                       formats: Sequence[str] = ("text", "json", "sarif", "markdown"),
                       select: bool = False, select_example: str = "AK-IX,AK-FK001") -> None:
    """``--format``, ``--fail-on``, ``--debug`` and, with ``select``, ``--select/--ignore``
    whose help shows ``select_example`` (rule ids of the command's own area)."""
    parser.add_argument("--format", choices=list(formats), default=formats[0],
                        help=f"output format (default {formats[0]})")
    parser.add_argument("--fail-on", choices=FAIL_ON, default="error",
                        help="exit 1 when a finding is at or above this severity "
                             "(default error; 'never' always exits 0)")
    if select:
        parser.add_argument("--select", type=_ids, default=None, metavar="IDS",
                            help="only these rule ids or prefixes (comma-separated, "
                                 f"e.g. {select_example})")
        parser.add_argument("--ignore", type=_ids, default=None, metavar="IDS",
                            help="skip these rule ids or prefixes (comma-separated)")
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks for errors")


def _ids(text: str) -> list[str]:
    return [t.strip().upper() for t in text.split(",") if t.strip()]


def emit_report(report: Report, args: argparse.Namespace) -> int:
    """Print the report in ``args.format`` on stdout; return the exit code."""
    if getattr(args, "select", None) or getattr(args, "ignore", None):
        report = report.select(getattr(args, "select", None), getattr(args, "ignore", None))
    out = report.render(args.format)
    sys.stdout.write(out)
    if args.format != "text" and sys.stderr.isatty():
        print(report.summary_line(), file=sys.stderr)
    return report.exit_code(args.fail_on)


def write_or_print(data: str | bytes, out: str | None) -> None:
    """Write ``data`` to ``out`` atomically (overwriting), or print it on stdout."""
    if out is None or out == "-":
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data if data.endswith("\n") else data + "\n")
        return
    from archkit.workspace import atomic_write

    atomic_write(out, data, overwrite=True)
    print(f"wrote {out}", file=sys.stderr)
