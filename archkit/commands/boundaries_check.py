"""``archkit boundaries check services.yaml``: the AK-SVC findings of a service model.

Thresholds (``[boundaries]``), SLOs (``[slo]``) and rule levels (``[rules]``) come from
the ``archkit.toml`` next to the model, or the one named with ``--config``.
"""

from __future__ import annotations

import argparse

from archkit.commands.common import add_report_options, emit_report


def register(verbs: argparse._SubParsersAction) -> None:
    p = verbs.add_parser("check", help="find architecture smells and reliability budget "
                                       "problems in services.yaml (AK-SVC rules)")
    p.add_argument("model", metavar="services.yaml", help="the service model")
    p.add_argument("--config", metavar="archkit.toml", default=None,
                   help="configuration (default: archkit.toml next to the model, if any)")
    add_report_options(p, ("text", "json", "sarif", "markdown"), select=True,
                       examples="AK-SVC001,AK-SVC004", area="boundaries")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from archkit.boundaries.model import load_model
    from archkit.commands.common import config_file
    from archkit.workspace import Workspace

    model = load_model(args.model)
    cfg_path = config_file(args.config)        # (a file, or a folder holding one)
    if cfg_path is not None:
        ws = Workspace.configured_by(cfg_path)
    else:
        ws = Workspace.open(Path(args.model).parent)
    report = model.check(ws.section("boundaries"), ws.section("slo"),
                         ws.reports(args.select, args.ignore))
    return emit_report(ws.apply_rule_config(report), args)
