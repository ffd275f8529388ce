"""``archkit schema ...``: one subcommand group; each verb lives in its own module."""

from __future__ import annotations

import argparse
import importlib

VERB_MODULES = ("archkit.commands.schema_check", "archkit.commands.schema_erd")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="check SQL DDL and draw ER diagrams")
    verbs = p.add_subparsers(dest="verb", metavar="VERB", parser_class=type(p))
    p.set_defaults(func=lambda args: p.print_help() or 2)
    for name in VERB_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a verb not built yet
            if exc.name != name:
                raise
            continue
        module.register(verbs)
