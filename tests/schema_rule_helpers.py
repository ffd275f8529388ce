"""Build small catalogs by hand and run one schema rule on them (no parser involved);
and ``rule_lines``: what a whole check of some SQL reports, as (rule, line) pairs."""

from __future__ import annotations

from archkit.schema.model import (
    Catalog,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    IndexColumn,
    Position,
    PrimaryKey,
    Table,
    UniqueConstraint,
)


def col(name: str, type: str = "bigint", *, null: bool = True, params: tuple[str, ...] = (),
        raw: str = "", **kw) -> Column:
    return Column(name=name, type=type, raw_type=raw or type, params=params, nullable=null,
                  original=kw.pop("original", name), **kw)


def ix(table: str, *cols: str, name: str | None = None, unique: bool = False,
       method: str = "btree", where: str | None = None, include: tuple[str, ...] = (),
       desc: tuple[str, ...] = (), exprs: tuple[str, ...] = ()) -> Index:
    columns = tuple(IndexColumn(c, is_expression=c in exprs, desc=c in desc) for c in cols)
    return Index(name=name or f"{table}_{'_'.join(cols)}_idx", table=table, columns=columns,
                 unique=unique, method=method, where=where, include=include,
                 pos=Position("schema.sql", 1, 1))


def table(name: str, *columns: Column, pk: tuple[str, ...] | None = ("id",),
          uniques: tuple[tuple[str, ...], ...] = (), fks: tuple[ForeignKey, ...] = (),
          indexes: tuple[Index, ...] = (), checks: tuple[CheckConstraint, ...] = (),
          **kw) -> Table:
    cols = {c.name: c for c in columns}
    if pk:
        for c in pk:
            cols.setdefault(c, col(c, null=False))
            cols[c].nullable = False
    return Table(name=name, columns=cols,
                 primary_key=PrimaryKey(tuple(pk)) if pk else None,
                 uniques=[UniqueConstraint(tuple(u)) for u in uniques],
                 foreign_keys=list(fks), indexes=list(indexes), checks=list(checks),
                 original=name, pos=Position("schema.sql", 1, 1), **kw)


def fk(cols: tuple[str, ...], ref: str, ref_cols: tuple[str, ...] = (), **kw) -> ForeignKey:
    return ForeignKey(columns=tuple(cols), ref_table=ref, ref_columns=tuple(ref_cols), **kw)


def catalog(*tables: Table, dialect: str = "postgres") -> Catalog:
    cat = Catalog(dialect=dialect, tables={t.key: t for t in tables})
    cat.created = set(cat.tables)
    return cat


def run_rule(rule_id: str, cat: Catalog, **options):
    import archkit.schema.rules  # noqa: F401 - registers the rules
    from archkit.schema.dialects import get_dialect
    from archkit.schema.registry import SCHEMA_RULES, SchemaContext

    sr = SCHEMA_RULES[rule_id]
    ctx = SchemaContext(cat, get_dialect(cat.dialect), sr.rule, options)
    return list(sr.check(ctx))


def rule_lines(sql: str, dialect: str = "postgres", rule: str | None = None) -> list[tuple[str, int]]:
    """(rule, line) of every finding a check of ``sql`` gives (of ``rule`` only, if given)."""
    from archkit.schema.check import check

    return [(f.rule, f.line) for f in check(sql, dialect=dialect, cache=False)
            if rule is None or f.rule == rule]
