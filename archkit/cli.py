"""The ``archkit`` command line (argparse).

Every subcommand lives in a module of ``archkit.commands`` that exposes
``register(subparsers)``; those modules import nothing heavy at module level, so
``archkit --help`` stays fast. Exit codes for every command: 0 done and nothing at or
above the failing severity; 1 findings at or above it (``--fail-on``); 2 bad input or
usage, reported as one line ``path:line:col: message`` on stderr (``--debug`` shows the
traceback); 3 an internal error (a bug: please report it, with ``--debug`` output).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from archkit import __version__
from archkit.errors import InputError

COMMAND_MODULES = (
    "archkit.commands.core",
    "archkit.commands.decide",
    "archkit.commands.boundaries",
    "archkit.commands.schema",
    "archkit.commands.adr",
)

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    """argparse whose usage errors are one line plus a pointer to --help (exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_INPUT, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="archkit",
        description="Decide, check and record software architecture: trade-offs, service "
                    "boundaries, schemas and decision records.",
        epilog="Exit codes: 0 ok, 1 findings at or above --fail-on, 2 bad input or usage, "
               "3 internal error (a bug: rerun with --debug and report it).",
    )
    parser.add_argument("--version", action="version", version=f"archkit {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # an area not built yet adds no command
            if exc.name != name:
                raise
            continue
        module.register(sub)
    _describe(parser)
    return parser


def _describe(parser: argparse.ArgumentParser) -> None:
    """Give every subcommand without a description its one-line help as one, so that
    ``archkit schema erd --help`` says what the command does, as ``archkit --help`` does."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {a.dest: a.help for a in action._choices_actions}
        for name, sub in action.choices.items():
            said = helps.get(name)
            if sub.description is None and said:
                sub.description = said[0].upper() + said[1:] + ("" if said.endswith(".") else ".")
            _describe(sub)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    from archkit.safetext import SafeWriter, safe_text

    # names from shared files reach the terminal as text only (stderr keeps the carriage
    # return a progress bar redraws itself with)
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = SafeWriter(stdout)         # type: ignore[assignment]
    sys.stderr = SafeWriter(stderr, keep="\r")     # type: ignore[assignment]
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        if debug:   # the traceback too, but the same exit code
            import traceback

            traceback.print_exc()
        print(safe_text(str(exc).splitlines()[0]) if str(exc) else "bad input",
              file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("archkit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `archkit ... | head`
        return EXIT_OK
    except Exception as exc:  # a bug: say so in one line, keep the traceback for --debug
        if debug:
            import traceback

            traceback.print_exc()
        print(safe_text(f"archkit: internal error: {type(exc).__name__}: {exc}")
              + ("" if debug else " (rerun with --debug for the traceback)"), file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        sys.stdout, sys.stderr = stdout, stderr


_FAST_EXIT = False


def exit_without_teardown() -> None:
    """Ask :func:`run` to leave with ``os._exit`` once the output is flushed.

    For commands that build large object graphs (a schema check keeps 2,000 tables and
    their syntax trees): freeing them one by one, then tearing the interpreter down,
    costs ~0.1 s and does nothing a finished process needs. Only the ``archkit``
    process itself does this (:func:`run`); ``main()`` called from Python returns."""
    global _FAST_EXIT
    _FAST_EXIT = True


def run() -> None:  # console-script entry point that exits with main's code
    code = main()
    if _FAST_EXIT:
        import os

        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (BrokenPipeError, OSError):  # `archkit ... | head`
            pass
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
