"""Documentation (AK-DOC001, AK-DOC002): table comments and required audit columns.
Both are off by default; enable them in archkit.toml ``[rules]``."""

from __future__ import annotations

from collections.abc import Iterator

from archkit.findings import Finding
from archkit.schema.registry import SchemaContext, schema_rule
from archkit.schema.rules._support import add_column_sql, facts, shown_t, sql_t, tables, where


@schema_rule(
    "AK-DOC001", "missing-comment", "info", enabled=False,
    summary="a table has no COMMENT (off by default)",
    like="tbls",
    why="""A one-line comment on each table (what one row is, who owns it) is what
schema browsers, ER diagrams and data catalogues show; without it every reader reverse-
engineers the meaning from column names.""",
    fires="CREATE TABLE shipment (id bigint PRIMARY KEY);",
    passes=("CREATE TABLE shipment (id bigint PRIMARY KEY);\n"
            "COMMENT ON TABLE shipment IS 'One parcel handed to a carrier';"),
)
def missing_comment(ctx: SchemaContext) -> Iterator[Finding]:
    template = facts(ctx).comment_table
    for table in tables(ctx):
        if table.comment:
            continue
        yield ctx.rule.finding(
            f"table {shown_t(ctx, table.key)} has no comment", object=table.key,
            # ({s}, {n}: schema and name as values, for SQL Server's procedure)
            hint=template.format(t=sql_t(ctx, table.key), text=f"One row per {table.name} ...",
                                 s=(table.options.get("schema_as_written") or table.schema
                                    or ctx.dialect.default_schema or "dbo").replace("'", "''"),
                                 n=(table.original or table.name).replace("'", "''")),
            **where(table.pos))


@schema_rule(
    "AK-DOC002", "missing-audit-columns", "info", enabled=False,
    summary="a table lacks the configured audit columns, e.g. created_at (off by default)",
    like="tbls",
    why="""When did this row appear, and when did it last change? Audit columns answer
the first question of every incident and data fix. Set the list with `audit_columns` in
archkit.toml [schema].""",
    fires="CREATE TABLE shipment (id bigint PRIMARY KEY);",
    passes=("CREATE TABLE shipment (id bigint PRIMARY KEY, "
            "created_at timestamptz NOT NULL DEFAULT now(), "
            "updated_at timestamptz NOT NULL DEFAULT now());"),
    options={"audit_columns": ["created_at", "updated_at"]},
)
def missing_audit_columns(ctx: SchemaContext) -> Iterator[Finding]:
    wanted = [str(c).lower() for c in (ctx.option("audit_columns") or [])]
    if not wanted:
        return
    col_type = facts(ctx).timestamp_now
    for table in tables(ctx):
        have = {c.lower() for c in table.columns}
        missing = [c for c in wanted if c not in have]
        if not missing:
            continue
        yield ctx.rule.finding(
            f"table {shown_t(ctx, table.key)} lacks audit column(s) {', '.join(missing)}",
            object=table.key,
            hint=" ".join(add_column_sql(ctx, table.key, c, col_type) for c in missing),
            **where(table.pos))
