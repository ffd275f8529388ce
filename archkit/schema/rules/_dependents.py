"""Hints that change or drop what other PostgreSQL objects depend on, with those objects
moved out of the way and back (each sequence was run on PostgreSQL 15):

- foreign keys resting on a unique index or key that a hint drops (:mod:`archkit.schema.fkindex`;
  AK-IX001, AK-IX003): dropped first, added back ``NOT VALID`` and validated;
- generated columns computed from a column whose type a hint changes: dropped and added back
  in the same ALTER, their indexes made again;
- views, materialized views and rules that read that column (:mod:`archkit.schema.viewdeps`):
  dropped first, made again from their definitions as written.

And for DuckDB, which refuses every ALTER TABLE but ADD COLUMN of a table with indexes:
the indexes dropped first and made again after (:func:`around_indexes`, applied to every
rule's findings by ``registry._finished``). Other dialects get the hint as it is.
"""

from __future__ import annotations

import re
from typing import Any

from archkit.lazyre import LazyPattern
from archkit.schema.model import Table
from archkit.schema.rules._support import (
    cached,
    engine_fk_name,
    facts,
    q,
    restate_foreign_key_sql,
    shown_ix,
    shown_name,
)

__all__ = ["around_indexes", "concurrently", "drop_index_format", "with_dependents",
           "with_generated", "with_keys_moved", "with_views"]


def with_keys_moved(ctx: Any, table: Table, obj: Any, hint: str) -> str:
    """A postgres hint that drops ``obj`` (a key or unique index of ``table``) when foreign
    keys rest on it (:mod:`archkit.schema.fkindex`): PostgreSQL refuses the drop alone
    ("cannot drop index ... because other objects depend on it"), so the keys are dropped
    first and added back after, where they rest on the key that stays. Added ``NOT VALID``
    and validated apart, the key blocks writes only for a moment (AK-MG005's advice).
    Other dialects, or nothing resting on it: ``hint`` as it is."""
    if ctx.dialect.name != "postgres":
        return hint
    from archkit.schema.fkindex import referring, resting_keys

    resting = resting_keys(ctx.catalog, table, obj,
                           cached(ctx, "_archkit_referring", lambda c: referring(c.catalog)))
    if not resting:
        return hint
    drops, adds = [], []
    for child, fk in resting:
        # (a key's own name as written, shown_name; else the engine's)
        name = shown_name(ctx, child, fk.name) or engine_fk_name(ctx, child, fk)
        if name is None:
            return hint
        tq = q(ctx, child.key)
        drops.append(f"ALTER TABLE {tq} DROP CONSTRAINT {q(ctx, name)};")
        adds.append(f"{restate_foreign_key_sql(ctx, child, fk, name)};" if partitioned(child)
                    else f"{restate_foreign_key_sql(ctx, child, fk, name)} NOT VALID; "
                    f"ALTER TABLE {tq} VALIDATE CONSTRAINT {q(ctx, name)};")
    return " ".join([*drops, hint, *adds])


def with_dependents(ctx: Any, table: Table, column: str, new_type: str, sql: str) -> str:
    """A postgres type change ``sql`` of ``column``, with what PostgreSQL needs around it:
    the generated columns computed from it re-made (:func:`with_generated`), the views
    that read it dropped and made again (:func:`with_views`). A partition-key column's
    type cannot change ('cannot alter column "created_at" because it is part of the
    partition key of relation "audit_events"'; GitLab, scout V): a note."""
    if column in partition_columns(table):
        return (f"-- PostgreSQL cannot change the type of {column}, a partition key column "
                f"of {table.key}: create the table again partitioned on {column} "
                f"{re.split(r'(?i) USING ', new_type)[0]} and move the rows")
    return with_views(ctx, table, column, with_generated(ctx, table, column, new_type, sql))


def partitioned(table: Table) -> bool:
    """A postgres partitioned table or partition: PostgreSQL 15 adds no NOT VALID foreign
    key to one ('cannot add NOT VALID foreign key on partitioned table'; GitLab's
    p_ci_build_trace_metadata, scout V)."""
    return "partitioned_by" in table.options or "partition_of" in table.options


def concurrently(ctx: Any, table: Table, leaf: bool = False) -> str:
    """``" CONCURRENTLY"`` for a hint's CREATE / DROP INDEX on a postgres table, which
    then takes no lock that blocks writes while the index builds (AK-MG004 reports the
    plain form on an existing table); ``""`` elsewhere, on a partitioned table or a
    partition, where PostgreSQL 15 refuses it ('cannot create index on partitioned table
    ... concurrently', 'cannot drop partitioned index ... concurrently'), and, with
    ``--since``, on a table the migrations under review create. ``leaf``: a CREATE
    INDEX on a partition that is not partitioned itself, which PostgreSQL builds
    CONCURRENTLY (checked on PostgreSQL 15)."""
    if not ctx.dialect.supports_concurrent_index or (partitioned(table) and not (
            leaf and "partitioned_by" not in table.options)):
        return ""
    review = getattr(ctx.catalog, "review_from", None)
    if review is not None and table.statement >= review:
        return ""      # --since: a table the migrations under review create holds no rows,
                       # and CONCURRENTLY fails in their transaction (Flyway; scout W)
    return " CONCURRENTLY"


def drop_index_format(ctx: Any, table: Table) -> str:
    """The dialect's DROP INDEX template ({i}, {t}) for an index of ``table``, with
    CONCURRENTLY where :func:`concurrently` says so."""
    fmt = facts(ctx).drop_index
    online = concurrently(ctx, table)
    return fmt.replace("DROP INDEX ", f"DROP INDEX{online} ", 1) if online else fmt


def partition_columns(table: Table) -> list[str]:
    """The columns a postgres PARTITION BY RANGE / LIST / HASH (a, b) names."""
    by = table.options.get("partitioned_by")
    if not by:
        return []
    return [c for c in re.findall(r"[A-Za-z_][\w$]*", by.split("(", 1)[-1])
            if c in table.columns]


def with_views(ctx: Any, table: Table, column: str, sql: str) -> str:
    """``sql`` (a postgres type change of ``column``) between dropping the views that read
    the column, and the views built on them, and making them again from their definitions
    (:mod:`archkit.schema.viewdeps`): PostgreSQL refuses the change while they exist
    ("cannot alter type of a column used by a view or rule"; 26 of Sakila's hints)."""
    found_views, found_rules = cached(ctx, "_archkit_views", _views_and_rules)
    if not found_views and not found_rules:
        return sql      # (most schemas: asked for every type change a hint makes)
    from archkit.schema.viewdeps import rules_reading, views_reading

    changed = _with_heirs(ctx, table.key)   # (ALTER ... TYPE recurses to INHERITS children)
    deps = sorted({v.key: v for t in changed for v in views_reading(found_views, t, column)
                   }.values(), key=lambda v: v.statement)
    on = rules_reading(found_rules, changed, column)
    if not deps and not on:
        return sql
    drops = [f"DROP RULE {q(ctx, r.name)} ON {q(ctx, r.table)};" for r in on]
    drops += [f"DROP {'MATERIALIZED ' if v.materialized else ''}VIEW {q(ctx, v.key)};"
              for v in reversed(deps)]
    makes = [v.sql + ";" for v in deps] + [r.sql + ";" for r in on]
    what = [f"{'view' if len(deps) == 1 else 'views'} {', '.join(v.key for v in deps)}"
            ] if deps else []
    what += [f"{'rule' if len(on) == 1 else 'rules'} {', '.join(r.name for r in on)}"
             ] if on else []
    return " ".join([*drops, sql, *makes]) + (
        f" /* {' and '.join(what)} read {column}: PostgreSQL refuses the change while they "
        "exist; grant their privileges again */")


def _views_and_rules(ctx: Any) -> tuple[Any, Any]:
    """The catalog's views and postgres rewrite rules (:mod:`archkit.schema.viewdeps`)."""
    from archkit.schema.viewdeps import rules, views

    return (views(ctx.catalog, ctx.dialect.default_schema),
            rules(ctx.catalog, ctx.dialect.default_schema))


def _with_heirs(ctx: Any, key: str) -> set[str]:
    """``key`` and the tables that inherit from it, at any depth (postgres INHERITS)."""
    children = cached(ctx, "_archkit_heirs", _heirs)
    out, todo = {key}, [key]
    while todo:
        for ck in children.get(todo.pop(), ()):
            if ck not in out:
                out.add(ck)
                todo.append(ck)
    return out


def _heirs(ctx: Any) -> dict[str, list[str]]:
    """Parent table key -> the keys of the tables that inherit from it directly."""
    out: dict[str, list[str]] = {}
    for ck, t in ctx.catalog.tables.items():
        for parent in t.options.get("inherits") or ():
            out.setdefault(parent, []).append(ck)
    return out


def around_indexes(ctx: Any, findings: list[Any]) -> list[Any]:
    """DuckDB: each finding whose hint alters a table that has indexes (other than ADD
    COLUMN) drops those indexes first and makes them again from their statements after
    (a key's own index does not block an ALTER). Notes (``--``) are left as they are."""
    from dataclasses import replace

    from archkit.schema.rules._support import table_named

    out = []
    for f in findings:
        hint = f.hint or ""
        m = _ALTER.match(hint)
        if m is None or hint.lstrip().startswith("--") or \
                re.match(r"(?i)ADD\s+COLUMN\b", m.group(2)):
            out.append(f)
            continue
        written = m.group(1)
        table = table_named(ctx, written[1:-1] if written.startswith("\ue003") else
                            ".".join(p.strip('"').replace('""', '"').lower()
                                     for p in _PART.findall(written)))
        if table is None or not table.indexes:
            out.append(f)
            continue
        # a column renamed: the indexes on it are made again on its new name; the table
        # renamed: they are made again on the table's new name
        renamed = _RENAME.search(hint)
        moved = _MOVED.match(m.group(2) + hint[m.end(2):])
        drops, makes = [], []
        for ix in table.indexes:
            make = _index_sql(ctx, ix)
            if make is None:
                continue            # (a key's own index: it does not block ALTERs)
            if renamed is not None:
                make = _on_renamed(ctx, ix, make, *renamed.groups())
            elif moved is not None:
                make = _on_moved(ctx, ix, make, moved.group(1))
            drops.append(f"DROP INDEX {q(ctx, shown_ix(ctx, ix))};")
            makes.append(make)
        if drops:
            main, sep, note = hint.strip().partition(" -- ")   # (a note ends the line)
            f = replace(f, hint=" ".join([*drops, main, *makes]) + (sep + note if sep else ""))
        out.append(f)
    return out


def _index_sql(ctx: Any, ix: Any) -> str | None:
    """The CREATE INDEX statement that made ``ix``, to make it again after a drop; None
    for an index made otherwise (a key's, one inside CREATE TABLE) or without a name."""
    statements = ctx.catalog.statements
    st = statements[ix.statement] if 0 <= ix.statement < len(statements) else None
    if st is None or st.kind != "CREATE INDEX" or not ix.name:
        return None
    sql = st.sql.strip().rstrip(";").strip()
    if ("--" in sql or "#" in sql) and st.tree is not None:
        # (a line comment in it would take the rest of the one-line hint, its ';' too:
        # the statement as sqlglot writes it, comments as /* */; scout AZ)
        return st.tree.sql(dialect=ctx.dialect.sqlglot or ctx.dialect.name) + ";"
    return sql + ";"


def _on_renamed(ctx: Any, ix: Any, make: str, old: str, new: str) -> str:
    """``make`` (an index's CREATE INDEX) with the column ``old`` (as a hint writes it)
    called ``new``: the statement's tree with those column names replaced, as SQL."""
    from sqlglot import exp

    if old.startswith("\ue003"):        # a column's placeholder: KEY \ue002 NAME
        old = old[1:-1].rpartition("\ue002")[2]
    name = old.strip('"').replace('""', '"').lower()   # (DuckDB compares names without case)
    st = ctx.catalog.statements[ix.statement]
    tree = st.tree
    if tree is None or not any(isinstance(c, exp.Identifier) and c.name.lower() == name
                               for col in tree.find_all(exp.Column) for c in col.args.values()):
        return make
    tree = tree.copy()
    for col in tree.find_all(exp.Column):
        ident = col.args.get("this")
        if isinstance(ident, exp.Identifier) and ident.name.lower() == name:
            col.set("this", exp.to_identifier(new.strip('"').replace('""', '"')))
    return tree.sql(dialect=ctx.dialect.sqlglot or ctx.dialect.name) + ";"


def _on_moved(ctx: Any, ix: Any, make: str, new: str) -> str:
    """``make`` (an index's CREATE INDEX) on the table's ``new`` name (bare or quoted as
    a hint writes it; the schema stays)."""
    from sqlglot import exp

    tree = ctx.catalog.statements[ix.statement].tree
    target = tree.args.get("this") if tree is not None else None
    table = target.args.get("table") if isinstance(target, exp.Index) else None
    if not isinstance(table, exp.Table):
        return make
    tree = tree.copy()
    tree.args["this"].args["table"].set("this", exp.to_identifier(
        new.strip('"').replace('""', '"'), quoted=new.startswith('"')))
    return tree.sql(dialect=ctx.dialect.sqlglot or ctx.dialect.name) + ";"


_MOVED = LazyPattern(r'(?is)RENAME\s+TO\s+("(?:[^"]|"")+"|[\w$]+)')
# (a name may be a placeholder the report fills in with the name as written: shown.py)
_RENAME = LazyPattern(r'(?is)\bRENAME\s+COLUMN\s+("(?:[^"]|"")+"|[\w$]+|\ue003[^\ue001]*\ue001)'
                     r'\s+TO\s+("(?:[^"]|"")+"|[\w$]+)')
_ALTER = LazyPattern(r'(?is)\s*ALTER\s+TABLE\s+(\ue003[^\ue001]*\ue001|(?:"(?:[^"]|"")+"|[\w$]+)'
                    r'(?:\s*\.\s*(?:"(?:[^"]|"")+"|[\w$]+))?)\s+(\w+\s*\w*)')
_PART = LazyPattern(r'"(?:[^"]|"")+"|[\w$]+')


def with_generated(ctx: Any, table: Table, column: str, new_type: str, sql: str) -> str:
    """A postgres type change of a column that generated columns are computed from:
    PostgreSQL refuses it ("cannot alter type of a column used by a generated column";
    Ory Hydra's ``requested_at``, scout Q), so the generated columns are dropped and added
    back in the same ALTER (one table rewrite; they move to the end of the table), and the
    indexes on them, which DROP COLUMN takes along, are made again. Run on PostgreSQL 15."""
    if table.key not in cached(ctx, "_archkit_generated", _with_generated_columns):
        return sql
    gens = [c for c in table.columns.values()
            if c.generated and c.name != column and column in _expr_columns(ctx, c.generated)]
    if not gens:
        return sql
    tq = q(ctx, table.key)
    head = f"ALTER TABLE {tq} "
    zoned = new_type.lower().startswith(("timestamptz", "timestamp with time zone"))
    adds = [f"ADD COLUMN {q(ctx, g.name)} {g.raw_type or g.type} GENERATED ALWAYS AS "
            f"({_at_utc(g.generated, column) if zoned else g.generated}) STORED" for g in gens]
    drops = [f"DROP COLUMN {q(ctx, g.name)}" for g in gens]
    if sql.startswith(head) and sql.endswith(";") and sql.count(";") == 1:
        out = head + ", ".join([*drops, sql[len(head):-1], *adds]) + ";"
    else:
        out = " ".join([*(f"{head}{d};" for d in drops), sql, *(f"{head}{a};" for a in adds)])
    names = {g.name for g in gens}
    for ix in table.indexes:
        used = set(ix.column_names) | set(ix.include)
        if ix.where or any(c.is_expression for c in ix.columns):
            used |= _expr_columns(ctx, " AND ".join(
                [ix.where or "TRUE", *(c.expr for c in ix.columns if c.is_expression)]))
        if not used & names:
            continue
        make = _index_sql(ctx, ix)
        if make is not None:
            out += " " + make
        else:
            out += f" /* and make index {ix.name or '(' + ', '.join(ix.column_names) + ')'} again */"
    note = "generated from " + column
    if zoned:
        note += (", now read AT TIME ZONE 'UTC' (timestamptz arithmetic and casts depend on "
                 "the session time zone, and PostgreSQL refuses them in a generated column: "
                 "'generation expression is not immutable')")
    # (a block comment: rules append statements to this one)
    return f"{out} /* {', '.join(sorted(names))} {'is' if len(names) == 1 else 'are'} {note} */"


def _at_utc(sql: str, column: str) -> str:
    """A postgres expression with every reference to ``column`` (now timestamptz) read
    as the UTC timestamp it holds: immutable again, as a generated column needs."""
    import sqlglot
    from sqlglot import exp

    try:
        tree = sqlglot.parse_one(sql, read="postgres")
    except Exception:  # noqa: BLE001 - left as written; the note says what to do
        return sql

    def utc(node: Any) -> Any:
        if isinstance(node, exp.Column) and isinstance(node.this, exp.Identifier) and \
                (node.name if node.this.quoted else node.name.lower()) == column:
            return exp.Paren(this=exp.AtTimeZone(this=node.copy(), zone=exp.Literal.string("UTC")))
        return node

    return tree.transform(utc).sql(dialect="postgres")


def _with_generated_columns(ctx: Any) -> frozenset[str]:
    """The keys of the tables that have generated columns (few: asked per type hint)."""
    return frozenset(k for k, t in ctx.catalog.tables.items()
                     if any(c.generated for c in t.columns.values()))


def _expr_columns(ctx: Any, sql: str) -> set[str]:
    """The column names a postgres expression reads, as the catalog keys them."""
    import sqlglot
    from sqlglot import exp

    try:
        tree = sqlglot.parse_one(sql, read="postgres")
    except Exception:  # noqa: BLE001 - sqlglot raises several kinds: read it as words
        return set(re.findall(r"[A-Za-z_][A-Za-z0-9_$]*", sql.lower()))
    return {c.name if c.this.quoted else c.name.lower() for c in tree.find_all(exp.Column)
            if isinstance(c.this, exp.Identifier)}
