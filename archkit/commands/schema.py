"""``archkit schema ...``: one subcommand group; each verb lives in its own module."""

from __future__ import annotations

import argparse

from archkit.commands.group import register_group

VERB_MODULES = ("archkit.commands.schema_check", "archkit.commands.schema_erd")


def register(sub: argparse._SubParsersAction) -> None:
    register_group(sub, "schema", "check SQL DDL and draw ER diagrams", VERB_MODULES)
