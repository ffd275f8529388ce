"""``archkit boundaries ...``: one subcommand group; each verb lives in its own module."""

from __future__ import annotations

import argparse

from archkit.commands.group import register_group

VERB_MODULES = ("archkit.commands.boundaries_check", "archkit.commands.boundaries_metrics",
                "archkit.commands.boundaries_render")


def register(sub: argparse._SubParsersAction) -> None:
    register_group(sub, "boundaries", "check and draw the service model (services.yaml)", VERB_MODULES)
