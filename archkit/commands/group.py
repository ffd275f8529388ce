"""A subcommand group (``archkit schema ...``) whose verbs live in their own modules."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence


def register_group(sub: argparse._SubParsersAction, name: str, help: str,
                   verb_modules: Sequence[str]) -> argparse.ArgumentParser:
    """Add group ``name``; each module in ``verb_modules`` adds its verb via ``register``."""
    p = sub.add_parser(name, help=help)
    verbs = p.add_subparsers(dest="verb", metavar="VERB", parser_class=type(p))
    p.set_defaults(func=lambda args: p.print_help(sys.stderr) or 2)
    for module_name in verb_modules:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:  # a verb not built yet
            if exc.name != module_name:
                raise
            continue
        module.register(verbs)
    return p
