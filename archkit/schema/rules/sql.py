"""Statement-level rules (AK-SQL001, AK-SQL002, AK-SQL003) and the schema area's example
runner.

The findings of AK-SQL001/002 are made by :func:`archkit.schema.check.parse_findings` from
the parse results (their decorated functions only register the rules); AK-SQL003 reports
the conflicts the catalog builder met (``Catalog.conflicts``). Cheap to import: the runner
imports the checker when it runs.
"""

from __future__ import annotations

from collections.abc import Iterable

from archkit.findings import Finding, Report
from archkit.lazyre import LazyPattern
from archkit.rules import Rule, register_example_runner
from archkit.schema.registry import SCHEMA_RULES, SchemaContext, schema_rule


@schema_rule(
    "AK-SQL001", "syntax-error", "error",
    summary="a statement does not parse in the dialect",
    why="""A statement that does not parse would fail when the migration runs, and archkit
cannot check what it cannot read. Each statement is parsed on its own, so one syntax
error is reported at the exact line and column of the offending token and the rest of
the file is still analysed.""",
    fires="CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  total numeric(12, 2) NOT NULLL\n);",
    passes="CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  total numeric(12, 2) NOT NULL\n);",
)
def syntax_error(ctx: SchemaContext) -> Iterable[Finding]:
    return ()


@schema_rule(
    "AK-SQL002", "unanalysed-statement", "info",
    summary="the parser kept a statement as raw text, so no rule looked inside it",
    why="""Some valid statements (CREATE RULE, ALTER TYPE ... ADD VALUE, vendor
extensions) are kept by the parser as raw text without a syntax tree. archkit says so
instead of passing them silently: no rule has checked them, so a person should. (CREATE
DOMAIN and SQL Server's CREATE TYPE ... FROM, also raw text to the parser, are read by
archkit itself: their columns get the underlying type.)""",
    fires="CREATE RULE payment_insert AS ON INSERT TO payment DO INSTEAD NOTHING;",
    passes="CREATE TABLE payments (id bigint PRIMARY KEY, amount numeric(12, 2) CHECK (amount > 0));",
)
def unanalysed_statement(ctx: SchemaContext) -> Iterable[Finding]:
    return ()


@schema_rule(
    "AK-SQL003", "schema-conflict", "error",
    summary=("a statement contradicts the schema the statements before it built: a table, "
             "column or index name created twice, or a missing column or dropped table used"),
    why="""The database runs DDL in order and refuses a statement that contradicts what the
statements before it built: a table created twice, a column defined twice, an index name
already taken, an index, ALTER or COMMENT naming a column the table does not have, a
table used after it was dropped, or a foreign key to a table the same file creates only
later (PostgreSQL, SQL Server, Oracle, DuckDB, MySQL and MariaDB refuse it, MySQL unless
after SET FOREIGN_KEY_CHECKS = 0 as dumps run; SQLite checks keys when rows change; across
files the deploy tool's order decides). The migration stops there, often half applied. Columns
are checked only on tables this input creates (a migration may alter tables defined
elsewhere), and IF [NOT] EXISTS is honoured as the database does.""",
    fires=("CREATE TABLE customer (id bigint PRIMARY KEY, email text);\n"
           "CREATE INDEX customer_mail_idx ON customer (mail);"),
    passes=("CREATE TABLE customer (id bigint PRIMARY KEY, email text);\n"
            "CREATE INDEX customer_email_idx ON customer (email);"),
)
def schema_conflict(ctx: SchemaContext) -> Iterable[Finding]:
    for c in ctx.catalog.conflicts:
        hint = c.hint
        if hint and _RUNNABLE.match(hint) is None:
            hint = f"-- {hint}"     # prose ("drop it by the name it has, or ..."): a note,
                                    # as every hint that is not SQL (psql: syntax error)
        yield ctx.rule.finding(c.message, object=c.object, hint=hint, **ctx.where(c.pos))


# a hint that is SQL to run: a statement in capitals, or a note already
_RUNNABLE = LazyPattern(r"--|(?:ALTER|CREATE|DROP|COMMENT|EXEC|UPDATE|DELETE|INSERT|SET|"
                       r"PRAGMA|BEGIN|REINDEX|RENAME)\s+[A-Z]")


SYNTAX_ERROR = SCHEMA_RULES["AK-SQL001"].rule
UNANALYSED_STATEMENT = SCHEMA_RULES["AK-SQL002"].rule


def run_example(example: object, rule: Rule) -> Report:
    """Check a rule's example SQL in the rule's example dialect, with the rule switched on."""
    from archkit.schema.check import CheckConfig, check_sources
    from archkit.schema.parse import SqlSource

    sr = SCHEMA_RULES.get(rule.id)
    dialect = sr.example_dialect if sr is not None else "postgres"
    conf = CheckConfig.make(dialect, {"rules": {rule.id: rule.severity.value}}, select=[rule.id])
    return check_sources([SqlSource(str(example), "example.sql")], conf)


register_example_runner("schema", run_example)
