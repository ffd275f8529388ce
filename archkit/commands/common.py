"""Options and output shared by subcommands: --format, --fail-on, --select/--ignore."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from archkit.findings import Report

FAIL_ON = ("error", "warning", "info", "never")


# the one help text of --debug, on every command
DEBUG_HELP = "show tracebacks for errors"


def add_report_options(parser: argparse.ArgumentParser,
                       formats: Sequence[str] = ("text", "json", "sarif", "markdown"),
                       select: bool = False, examples: str = "AK-IX,AK-FK001",
                       area: str | None = None) -> None:
    """--format, --fail-on, --debug and (``select``) --select/--ignore; ``examples`` are
    the rule ids the --select help shows, from the command's own rules, and ``area``
    (schema, boundaries, adr) the rules an id must name: another area's id would select
    nothing and pass."""
    parser.add_argument("--format", choices=list(formats), default=formats[0],
                        help=f"output format (default {formats[0]})")
    parser.add_argument("--fail-on", choices=FAIL_ON, default="error",
                        help="exit 1 when a finding is at or above this severity "
                             "(default error; 'never' always exits 0)")
    if select:
        add_select_options(parser, examples, area)
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help=DEBUG_HELP)


def add_select_options(parser: argparse.ArgumentParser, examples: str,
                       area: str | None = None) -> None:
    """--select/--ignore: rule ids or prefixes, comma-separated, each naming a rule of
    ``area`` (any area when None) or a core rule (see :func:`_ids`)."""
    def ids(text: str) -> list[str]:
        return _ids(text, area)
    parser.add_argument("--select", type=ids, default=None, metavar="IDS",
                        help="only these rule ids or prefixes (comma-separated, "
                             f"e.g. {examples})")
    parser.add_argument("--ignore", type=ids, default=None, metavar="IDS",
                        help="skip these rule ids or prefixes (comma-separated)")


def config_file(value: str | None):  # -> Path | None
    """The archkit.toml a ``--config`` names: the file, or a folder that holds one; an
    InputError (exit 2) naming it when there is none."""
    from pathlib import Path

    from archkit.errors import InputError
    from archkit.workspace import CONFIG_NAME

    if value is None:
        return None
    path = Path(value)
    if path.is_dir() and (path / CONFIG_NAME).is_file():
        return path / CONFIG_NAME
    if not path.is_file():
        raise InputError(f"is a directory without {CONFIG_NAME}" if path.is_dir() else
                         "no such configuration file", path)
    return path


def _ids(text: str, area: str | None = None) -> list[str]:
    """Rule ids or prefixes for --select/--ignore; one that names no rule (of ``area``, or
    the suppression rule every area reports) is a usage error: a typo in CI would
    otherwise select nothing and pass."""
    ids = [t.strip().upper() for t in text.split(",") if t.strip()]
    if ids:
        from archkit.rules import all_rules

        rules = all_rules()
        known = [r.id for r in rules if area is None or r.area in (area, "core")]
        for i in ids:
            if not any(k.startswith(i) for k in known):
                other = [r for r in rules if r.id.startswith(i)]
                if other:
                    families = sorted({k.rstrip("0123456789") for k in known})
                    raise argparse.ArgumentTypeError(
                        f"{i} names {other[0].area} rules; this command reports "
                        f"{area} rules ({', '.join(families)})")
                from archkit.errors import did_you_mean

                raise argparse.ArgumentTypeError(f"{i} names no rule" + did_you_mean(
                    i, known, " ('archkit rules' lists them)"))
    return ids


def positive_seconds(text: str) -> float:
    """A --timeout: a finite number of seconds above zero."""
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text}: give a number of seconds above 0")
    return value


def emit_report(report: Report, args: argparse.Namespace) -> int:
    """Print the report in ``args.format`` on stdout; return the exit code."""
    if getattr(args, "select", None) or getattr(args, "ignore", None):
        report = report.select(getattr(args, "select", None), getattr(args, "ignore", None))
    out = report.to_sarif(sarif_category(args)) if args.format == "sarif" else \
        report.render(args.format)
    sys.stdout.write(out)
    if args.format != "text" and sys.stderr.isatty():
        print(report.summary_line(), file=sys.stderr)
    return report.exit_code(args.fail_on)


def sarif_category(args: argparse.Namespace) -> str:
    """The code-scanning category of a command's SARIF: ``archkit/<command>/``
    (``archkit/schema-check/``, ``archkit/run/``)."""
    words = [w for w in (getattr(args, "command", None), getattr(args, "verb", None)) if w]
    return "archkit/" + "-".join(words) + "/"


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
