"""How schema rules are declared: metadata, examples and the check function together.

::

    @schema_rule("AK-PK001", "missing-primary-key", "error", why=..., summary=...,
                 fires="CREATE TABLE t (a int);", passes="CREATE TABLE t (a int PRIMARY KEY);")
    def missing_primary_key(ctx: SchemaContext) -> Iterable[Finding]:
        for table in ctx.catalog.tables.values():
            ...
            yield ctx.rule.finding(..., object=table.key, hint="ALTER TABLE ...", **ctx.where(table.pos))

A check receives a :class:`SchemaContext` (the catalog, the dialect's facts, the rule's
options merged with ``archkit.toml [schema]``) and yields findings. ``example_dialect``
says in which dialect the rule's examples are written (default postgres);
``dialects`` restricts where the rule runs (None: everywhere).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from archkit.findings import Finding
from archkit.rules import Rule, register
from archkit.schema.model import Catalog, Position


@dataclass
class SchemaContext:
    catalog: Catalog
    dialect: Any                      # archkit.schema.dialects.Dialect (facts table)
    rule: Rule
    options: Mapping[str, Any] = field(default_factory=dict)
    # False when the report will not show hints (the text format): a rule that reports
    # by the thousand may then leave them out (None), which is most of what it costs
    hints: bool = True

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, self.rule.options.get(name, default))

    @staticmethod
    def where(pos: Position) -> dict[str, Any]:
        return {"path": pos.path, "line": pos.line, "col": pos.col}


CheckFn = Callable[[SchemaContext], Iterable[Finding]]


@dataclass(frozen=True)
class SchemaRule:
    rule: Rule
    check: CheckFn
    dialects: tuple[str, ...] | None = None
    example_dialect: str = "postgres"


SCHEMA_RULES: dict[str, SchemaRule] = {}


def _finished(fn: CheckFn) -> CheckFn:
    """``fn``'s findings with what the dialect needs around every hint: DuckDB refuses
    any ALTER TABLE but ADD COLUMN of a table that has indexes ('Cannot alter entry ...
    because there are entries that depend on it'), so such a hint drops them first and
    makes them again after (:func:`archkit.schema.rules._dependents.around_indexes`).
    Every way a rule runs (a whole check, the incremental checker) goes through here."""
    @functools.wraps(fn)      # (its module says which section of the rules page holds it)
    def check(ctx: SchemaContext) -> Iterable[Finding]:
        found = fn(ctx)
        if ctx.catalog.dialect != "duckdb":
            return found
        from archkit.schema.rules._dependents import around_indexes

        return around_indexes(ctx, list(found or ()))

    return check


def schema_rule(
    id: str, name: str, severity: str, *, why: str, fires: str, passes: str,
    summary: str = "", like: str = "", enabled: bool = True,
    options: Mapping[str, Any] | None = None, dialects: Iterable[str] | None = None,
    example_dialect: str = "postgres",
) -> Callable[[CheckFn], CheckFn]:
    def decorate(fn: CheckFn) -> CheckFn:
        rule = register(id, name, severity, why=why, area="schema", fires=fires,
                        passes=passes, summary=summary, like=like, enabled=enabled,
                        options=options)
        SCHEMA_RULES[id] = SchemaRule(rule, _finished(fn), tuple(dialects) if dialects else None,
                                      example_dialect)
        return fn
    return decorate
