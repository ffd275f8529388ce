"""Rules that belong to no single area: how suppressions themselves are written."""

from __future__ import annotations

from archkit.rules import register, register_example_runner
from archkit.suppress import check_suppression_text

UNEXPLAINED_SUPPRESSION = register(
    "AK-SUP001", "unexplained-suppression", "warning", area="core",
    summary="an `archkit: ignore[...]` suppression gives no reason",
    why="""A suppression hides a finding from everyone who reads the report later. Without a
reason nobody can tell a considered exception from a silenced problem, so archkit asks
for one sentence after the rule list and reports suppressions that have none.""",
    fires="CREATE TABLE audit_log (id bigint);  -- archkit: ignore[AK-PK001]\n",
    passes=("CREATE TABLE audit_log (id bigint);"
            "  -- archkit: ignore[AK-PK001] append-only log, rows are never updated\n"),
)

UNKNOWN_SUPPRESSED_RULE = register(
    "AK-SUP002", "unknown-suppressed-rule", "warning", area="core",
    summary="an `archkit: ignore[...]` suppression names a rule archkit does not have",
    why="""A suppression that names no rule silences nothing, and nobody notices: the finding
it was written for is still reported (or, worse, the reader believes it is handled). The
usual causes are a typo (AK-PK01), ids separated by spaces instead of commas, and a
prefix without its * (AK-PK for every AK-PK rule is written AK-PK*).""",
    fires="CREATE TABLE audit_log (id bigint);  -- archkit: ignore[AK-PK01] append-only log\n",
    passes="CREATE TABLE audit_log (id bigint);  -- archkit: ignore[AK-PK001] append-only log\n",
)

register_example_runner("core", lambda ex, rule: check_suppression_text(str(ex), "example.sql"))
