"""Rules that belong to no single area: how suppressions themselves are written."""

from __future__ import annotations

from archkit.findings import Report
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

UNUSED_SUPPRESSION = register(
    "AK-SUP003", "unused-suppression", "info", area="core",
    summary="an `archkit: ignore[...]` suppression silences nothing",
    why="""A suppression outlives the finding it was written for: the column got its index,
the table its key, the marker stayed. Left in place it reads as a known problem that is
not there, and it will silence the next finding of that rule on that statement, which
nobody has looked at. archkit reports each rule a suppression names that ran and
reported nothing where the suppression holds (rules switched off or left out by
--select/--ignore are not judged), as information: it fails no build unless `[rules]`
raises it.""",
    fires=("CREATE TABLE audit_log (id bigint PRIMARY KEY);"
           "  -- archkit: ignore[AK-PK001] append-only log\n"),
    passes=("CREATE TABLE audit_log (id bigint);"
            "  -- archkit: ignore[AK-PK001] append-only log\n"),
)


def _run_example(example: object, rule: object) -> Report:
    """The examples are SQL: the schema check, every rule on, judges them (a suppression is
    used or not by what the rules find)."""
    if rule is UNUSED_SUPPRESSION:
        from archkit.schema.check import check

        return check(str(example), dialect="postgres")
    return check_suppression_text(str(example), "example.sql")


register_example_runner("core", _run_example)
