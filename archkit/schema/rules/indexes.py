"""Indexes, from the catalog alone (AK-IX001..AK-IX008).

Every rule is linear in the number of indexes (hashing definitions and their prefixes),
so a 2,000-table schema costs milliseconds. Two index definitions are compared by
their *key*: columns or expressions with direction and NULLS order, access method,
partial predicate and INCLUDE list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from archkit.findings import Finding
from archkit.lazyre import LazyPattern
from archkit.schema.model import ForeignKey, Index, Table
from archkit.schema.registry import SchemaContext, schema_rule
from archkit.schema.rules._dependents import (
    concurrently,
    drop_index_format,
    partition_columns,
    with_keys_moved,
)
from archkit.schema.rules._support import (
    cached,
    checked,
    column_pos,
    dialect_fact,
    drop_constraint_sql,
    emit,
    facts,
    index_ref,
    is_bool_column,
    key_column_sets,
    partition_parents,
    partitions,
    q,
    shown_c,
    shown_cs,
    shown_ix,
    shown_name,
    shown_t,
    shown_tc,
    sql_c,
    sql_cs,
    sql_t,
    table_named,
    tables,
    where,
)
from archkit.schema.rules.names import new_index_name

ColKey = tuple[str, bool, str]          # expression, descending, nulls


def _cols(ix: Index) -> tuple[ColKey, ...]:
    return tuple([(_part(c), c.desc, c.nulls or "") for c in ix.columns])


_FLIP_NULLS = {"first": "last", "last": "first", "": ""}


def _flip(cols: tuple[ColKey, ...]) -> tuple[ColKey, ...]:
    """The same columns scanned backwards (a btree serves both directions)."""
    return tuple([(e, not d, _FLIP_NULLS.get(n, n)) for e, d, n in cols])


def _part(c: Any) -> str:
    """A key part as compared: the column, with its prefix length (mysql name(75) and
    name(191) are different keys) and its operator class (postgres: (name) serves
    ``<``, (name text_pattern_ops) serves ``LIKE 'x%'``)."""
    part = c.expr if c.prefix is None else f"{c.expr}({c.prefix})"
    return part if c.opclass is None else f"{part} {c.opclass}"


def _has_expression(ix: Index) -> bool:
    for c in ix.columns:
        if c.is_expression:
            return True
    return False


def _has_opclass(ix: Index) -> bool:
    for c in ix.columns:
        if c.opclass is not None:
            return True
    return False


def _method(ix: Index) -> str:
    return (ix.method or "btree").lower()


def _definition(ix: Index) -> tuple:
    return (tuple([(_part(c), c.desc, c.nulls or "") for c in ix.columns]),
            (ix.method or "btree").lower(), ix.where or "",
            tuple(sorted(ix.include)) if ix.include else ())


def _may_repeat(ctx: SchemaContext) -> Any:
    """Whether a table has two indexes that start alike (see _shared_leads): the only
    tables where AK-IX001 and AK-IX002 can find anything. Remembered per catalog and
    table, shared by both rules; worked out only for the tables asked about."""
    memo: dict[int, tuple[Table, bool]] = cached(ctx, "_archkit_shared_leads", lambda _c: {})

    def may(table: Table) -> bool:
        hit = memo.get(id(table))
        if hit is None or hit[0] is not table:
            hit = memo[id(table)] = (table, len(table.indexes) >= 2
                                     and _shared_leads(table.indexes))
        return hit[1]
    return may


def _shared_leads(indexes: list[Index]) -> bool:
    """Whether two of ``indexes`` start with the same column or expression (or both have
    none): two definitions can only be equal, or one a prefix of the other, if so."""
    seen: set[str | None] = set()
    for ix in indexes:
        lead = ix.columns[0].expr if ix.columns else None
        if lead in seen:
            return True
        seen.add(lead)
    return False


def _ix_name(table: Table, ix: Index) -> str:
    """An index's name, or its table and columns: the finding's ``object``."""
    return ix.name or f"{table.key}({', '.join(ix.column_names)})"


def _ix_shown(ctx: SchemaContext, table: Table, ix: Index) -> str:
    """:func:`_ix_name` for a message: the table and columns as written."""
    if ix.name:
        return shown_ix(ctx, ix)
    return f"{shown_t(ctx, table.key)}({shown_cs(ctx, table.key, ix.column_names)})"


def _ix_pos(table: Table, ix: Index):
    return ix.pos if ix.pos.line is not None else table.pos


def _drop(ctx: SchemaContext, table: Table, ix: Index) -> str:
    from archkit.schema.autonames import name_of

    # (unnamed: the name the engine gave it, postgres t_a_idx, mysql a: scout O)
    name = shown_ix(ctx, ix) if ix.name else name_of(ctx.dialect.name, table, ix)
    if name:
        fmt = drop_index_format(ctx, table)
        return with_keys_moved(ctx, table, ix, fmt.format(
            i=index_ref(ctx, table, name, fmt), t=sql_t(ctx, table.key)))
    return (f"-- remove the unnamed index ({shown_cs(ctx, table.key, ix.column_names)}) "
            f"from {shown_t(ctx, table.key)}")


def _describe(ctx: SchemaContext, table: Table, ix: Index) -> str:
    """An index's definition for a message, its columns as written."""
    parts = []
    for c in ix.columns:
        part = _part(c)        # (it starts with the column: its prefix, opclass follow)
        if not c.is_expression:
            part = shown_c(ctx, table.key, c.expr) + part[len(c.expr):]
        parts.append(part + (" DESC" if c.desc else "") +
                     (f" NULLS {c.nulls.upper()}" if c.nulls else ""))
    s = f"({', '.join(parts)})"
    if _method(ix) != "btree":
        s = f"USING {_method(ix)} " + s
    if ix.include:
        s += f" INCLUDE ({shown_cs(ctx, table.key, ix.include)})"
    if ix.where:
        s += f" WHERE {ix.where}"
    return s


# -- AK-IX001 ----------------------------------------------------------------------------
@schema_rule(
    "AK-IX001", "duplicate-index", "warning",
    summary="two indexes with the same definition (columns, order, direction, method, predicate, INCLUDE)",
    like="skeema dupe-index, pt-duplicate-key-checker, splinter",
    why="""A second identical index serves no query the first cannot, yet every insert,
update and delete maintains both, vacuum scans both, and both take memory from the
cache. Keep the unique one (if either is) and drop the other.""",
    fires=("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n"
           "CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n"
           "CREATE INDEX orders_customer_idx ON orders (customer_id);"),
    passes=("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n"
            "CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n"
            "CREATE INDEX orders_customer_id_open_idx ON orders (customer_id) WHERE id > 0;"),
)
def duplicate_index(ctx: SchemaContext) -> Iterator[Finding]:
    may_repeat = _may_repeat(ctx)
    for table in tables(ctx):
        if not may_repeat(table):
            continue
        first: dict[tuple, Index] = {}
        for ix in table.indexes:
            d = _definition(ix)
            if d not in first:
                first[d] = ix
                continue
            kept = first[d]
            # keep the unique one: report the non-unique twin; of two unique twins, keep
            # the one postgres foreign keys rest on (fkindex)
            victim, other = (kept, ix) if ix.unique and not kept.unique else (ix, kept)
            if victim.unique and other.unique and ctx.dialect.name == "postgres":
                from archkit.schema.fkindex import referring, resting_keys

                if resting_keys(ctx.catalog, table, victim, cached(
                        ctx, "_archkit_referring", lambda c: referring(c.catalog))):
                    victim, other = other, victim
            if victim is kept:
                first[d] = ix
            yield ctx.rule.finding(
                f"index {_ix_shown(ctx, table, victim)} on {shown_t(ctx, table.key)} "
                f"duplicates {_ix_shown(ctx, table, other)} {_describe(ctx, table, ix)}",
                object=_ix_name(table, victim),
                hint=_drop(ctx, table, victim) if ctx.hints else None,
                **where(_ix_pos(table, victim)))


# -- AK-IX002 ----------------------------------------------------------------------------
def _covered_include(short: Index, long: Index) -> bool:
    have = set(long.column_names) | set(long.include)
    return set(short.include) <= have


@schema_rule(
    "AK-IX002", "redundant-prefix-index", "warning",
    summary="a non-unique btree index whose columns are a left prefix of another btree index with the same predicate",
    like="skeema, pt-duplicate-key-checker",
    why="""A btree on (a, b) serves every lookup and range scan on a alone, in either
direction, so a separate index on (a) only costs writes and cache. Unique indexes are
kept (they enforce something), as are indexes whose INCLUDE columns the longer one lacks.""",
    fires=("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, created_at timestamptz);\n"
           "CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n"
           "CREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at);"),
    passes=("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, created_at timestamptz);\n"
            "CREATE INDEX orders_created_at_idx ON orders (created_at);\n"
            "CREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at);"),
)
def redundant_prefix_index(ctx: SchemaContext) -> Iterator[Finding]:
    may_repeat = _may_repeat(ctx)
    for table in tables(ctx):
        if not may_repeat(table):
            continue
        btrees = [ix for ix in table.indexes if _method(ix) == "btree"]
        if len(btrees) < 2 or not _shared_leads(btrees):
            continue
        # every proper prefix of every btree (both scan directions) -> the longer index
        prefixes: dict[tuple, Index] = {}
        for ix in btrees:
            cols = _cols(ix)
            for n in range(1, len(cols)):
                for variant in (cols[:n], _flip(cols[:n])):
                    prefixes.setdefault((variant, ix.where or ""), ix)
        # a unique index on a key's columns is that key's (Oracle enforces a key added
        # later with it): AK-IX003 reports a prefix of it against the key, once
        keys = {tuple(k.columns) for k in (table.primary_key, *table.uniques) if k is not None}
        for ix in btrees:
            if ix.unique:
                continue
            longer = prefixes.get((_cols(ix), ix.where or ""))
            if longer is None or longer is ix or not _covered_include(ix, longer):
                continue
            if longer.unique and not longer.where and tuple(longer.column_names) in keys:
                continue
            yield emit(
                ctx, f"index {_ix_shown(ctx, table, ix)} {_describe(ctx, table, ix)} is a "
                f"left prefix of {_ix_shown(ctx, table, longer)} "
                f"{_describe(ctx, table, longer)}", _ix_pos(table, ix),
                _ix_name(table, ix), _drop(ctx, table, ix) if ctx.hints else None)


# -- AK-IX003 ----------------------------------------------------------------------------
@schema_rule(
    "AK-IX003", "redundant-to-key", "warning",
    summary="an index equal to, or a left prefix of, the primary key or a UNIQUE constraint",
    like="skeema, pt-duplicate-key-checker",
    why="""PRIMARY KEY and UNIQUE constraints are enforced with their own btree index.
An extra index on the same leading columns duplicates it: all of the write cost, none
of the benefit.""",
    fires=("CREATE TABLE film_actor (actor_id bigint, film_id bigint, PRIMARY KEY (actor_id, film_id));\n"
           "CREATE INDEX film_actor_actor_id_idx ON film_actor (actor_id);"),
    passes=("CREATE TABLE film_actor (actor_id bigint, film_id bigint, PRIMARY KEY (actor_id, film_id));\n"
            "CREATE INDEX film_actor_film_id_idx ON film_actor (film_id);"),
)
def redundant_to_key(ctx: SchemaContext) -> Iterator[Finding]:
    for table in tables(ctx):
        if not table.indexes and len(table.uniques) + (table.primary_key is not None) < 2:
            continue
        keys: list[tuple[str, tuple[str, ...]]] = []
        if table.primary_key is not None:
            keys.append(("primary key", tuple(table.primary_key.columns)))
        prefixes: dict[tuple[str, ...], tuple[str, tuple[str, ...]]] = {}
        exact: dict[tuple[str, ...], tuple[str, tuple[str, ...]]] = {k[1]: k for k in keys}
        for u in table.uniques:
            cols = tuple(u.columns)
            label = f"UNIQUE constraint {shown_name(ctx, table, u.name)}" if u.name \
                else "UNIQUE constraint"
            if cols in exact:   # a UNIQUE that repeats the primary key or another UNIQUE
                other = exact[cols][0]
                yield ctx.rule.finding(
                    f"{label} ({shown_cs(ctx, table.key, cols)}) on "
                    f"{shown_t(ctx, table.key)} repeats the {other}",
                    object=f"{table.key}({', '.join(cols)})",
                    hint=(with_keys_moved(ctx, table, u, drop_constraint_sql(
                        ctx, table.key, shown_name(ctx, table, u.name)))
                          if u.name else f"-- remove UNIQUE ({shown_cs(ctx, table.key, cols)}) "
                                         f"from {shown_t(ctx, table.key)}"),
                    **where(u.pos if u.pos.line is not None else table.pos))
                continue
            keys.append((label, cols))
            exact[cols] = (label, cols)
        # an index can only repeat a key, or be a prefix of one, if it starts with the
        # key's first column
        firsts = {cols[0] for _label, cols in keys if cols}
        built = False
        adopts = dialect_fact(ctx, "key_adopts_index", False)
        for ix in table.indexes:
            if ix.columns and ix.columns[0].expr not in firsts:
                continue
            if _method(ix) != "btree" or ix.where or ix.include \
                    or _has_expression(ix) or _has_opclass(ix):
                continue      # (a key's index has the default operator classes)
            if not built:
                for label, cols in keys:
                    exact.setdefault(cols, (label, cols))
                    for n in range(1, len(cols) + 1):
                        prefixes.setdefault(cols[:n], (label, cols))
                built = True
            dirs = {c.desc for c in ix.columns}
            if len(dirs) > 1 or [c for c in ix.columns if c.nulls]:
                continue  # mixed directions serve orderings the key cannot
            names = ix.column_names
            hit = exact.get(names) if ix.unique else prefixes.get(names)
            if hit is None:
                continue
            label, cols = hit
            if names == cols and adopts and _before_key(ctx, table, ix, label, cols):
                continue   # oracle: CREATE INDEX then ADD PRIMARY KEY: the key's own index
            rel = "repeats" if names == cols else "is a left prefix of"
            yield ctx.rule.finding(
                f"index {_ix_shown(ctx, table, ix)} ({shown_cs(ctx, table.key, names)}) {rel} "
                f"the {label} ({shown_cs(ctx, table.key, cols)}) of {shown_t(ctx, table.key)}",
                object=_ix_name(table, ix),
                hint=_drop(ctx, table, ix), **where(_ix_pos(table, ix)))


def _before_key(ctx: SchemaContext, table: Table, ix: Index, label: str,
                cols: tuple[str, ...]) -> bool:
    """Whether ``ix`` was created before the key ``label`` on ``cols`` was declared (an
    oracle key then adopts the index; an index made after it is refused, ORA-01408)."""
    if label == "primary key":
        key_pos = table.primary_key.pos if table.primary_key is not None else None
    else:
        key_pos = next((u.pos for u in table.uniques if tuple(u.columns) == cols), None)
    ix_pos = ix.pos
    if key_pos is None or key_pos.line is None or ix_pos.line is None or ix.inline:
        return False
    if key_pos.path != ix_pos.path:
        files = list(dict.fromkeys(s.path for s in ctx.catalog.statements))
        if key_pos.path not in files or ix_pos.path not in files:
            return False
        return files.index(ix_pos.path) < files.index(key_pos.path)
    return (ix_pos.line, ix_pos.col or 0) < (key_pos.line, key_pos.col or 0)


# -- AK-IX004 ----------------------------------------------------------------------------
@schema_rule(
    "AK-IX004", "innodb-pk-suffix", "info",
    summary="a MySQL secondary index that ends with the primary-key columns (InnoDB appends them anyway)",
    like="pt-duplicate-key-checker", dialects=("mysql", "mariadb"), example_dialect="mysql",
    why="""Every InnoDB secondary index stores the primary key as its row pointer, so an
index on (a) already behaves as (a, id). Spelling the key out makes the index look
different to people and tools but stores the same thing; unique indexes are exempt
because the columns change what is unique.""",
    fires=("CREATE TABLE orders (id BIGINT PRIMARY KEY, status VARCHAR(16),\n"
           "  KEY orders_status_id_idx (status, id)) ENGINE=InnoDB;"),
    passes=("CREATE TABLE orders (id BIGINT PRIMARY KEY, status VARCHAR(16),\n"
            "  KEY orders_status_idx (status)) ENGINE=InnoDB;"),
)
def innodb_pk_suffix(ctx: SchemaContext) -> Iterator[Finding]:
    for table in tables(ctx):
        if not dialect_fact(ctx, "secondary_index_includes_pk", False):
            return
        if table.primary_key is None or (table.engine or "innodb").lower() != "innodb":
            continue
        pk = tuple(table.primary_key.columns)
        for ix in table.indexes:
            names = ix.column_names
            if ix.unique or _method(ix) != "btree" or len(names) <= len(pk) \
                    or names[-len(pk):] != pk or any(c.is_expression for c in ix.columns):
                continue
            keep = names[:-len(pk)]
            name = shown_ix(ctx, ix) or new_index_name(ctx, table, keep)
            yield ctx.rule.finding(
                f"index {_ix_shown(ctx, table, ix)} ({shown_cs(ctx, table.key, names)}) ends "
                f"with the primary key ({shown_cs(ctx, table.key, pk)}), which InnoDB appends "
                "anyway", object=_ix_name(table, ix),
                hint=(f"ALTER TABLE {sql_t(ctx, table.key)} DROP INDEX {q(ctx, name)}, "
                      f"ADD INDEX {q(ctx, name)} ({sql_cs(ctx, table.key, keep)});"),
                **where(_ix_pos(table, ix)))


# -- AK-IX005 ----------------------------------------------------------------------------
def _referenced_keys(ctx: SchemaContext) -> set[tuple[str, frozenset[str]]]:
    """(table key, columns) of the keys a foreign key names by its columns: they are there
    on purpose. From every table of the catalog, not only those a re-check is about (the
    key of one table is referenced from another: Ambari's VIEWINSTANCEDATA)."""
    referenced: set[tuple[str, frozenset[str]]] = set()
    for t in ctx.catalog.tables.values():
        if not checked(t):
            continue
        for fk in t.foreign_keys:
            if fk.ref_columns:
                target = table_named(ctx, fk.ref_table)
                referenced.add((target.key if target else fk.ref_table, frozenset(fk.ref_columns)))
    return referenced


@schema_rule(
    "AK-IX005", "over-constrained-unique", "info",
    summary="UNIQUE(a, b) where UNIQUE(a) (or the primary key) already holds",
    like="pt-duplicate-key-checker",
    why="""If a alone is unique, every (a, b) pair is unique too: the wider constraint
checks nothing new but keeps its own index, which serves no lookup the narrower key's
index does not. Not reported: a UNIQUE that a composite foreign key references (it must
exist for the FK), and one that does not lead with the narrower key's columns (UNIQUE
(b, a) is also an index by b).""",
    fires=("CREATE TABLE account (id bigint PRIMARY KEY, email text UNIQUE, tenant_id bigint,\n"
           "  UNIQUE (email, tenant_id));"),
    passes=("CREATE TABLE account (id bigint PRIMARY KEY, email text, tenant_id bigint,\n"
            "  UNIQUE (email, tenant_id));"),
)
def over_constrained_unique(ctx: SchemaContext) -> Iterator[Finding]:
    referenced = cached(ctx, "_archkit_referenced_keys", _referenced_keys)
    for table in tables(ctx):
        n = (table.primary_key is not None) + len(table.uniques)
        if n < 2:
            for ix in table.indexes:
                n += ix.unique
                if n >= 2:
                    break
            else:
                continue      # one key cannot imply another
        keys: list[tuple[str, frozenset[str], object]] = []
        if table.primary_key is not None:
            keys.append(("primary key", frozenset(table.primary_key.columns), table.primary_key))
        for u in table.uniques:
            keys.append((f"UNIQUE {shown_name(ctx, table, u.name) or ''}".strip(),
                         frozenset(u.columns), u))
        for ix in table.indexes:
            if ix.unique and ix.where is None and not _has_expression(ix):
                keys.append((f"unique index {shown_ix(ctx, ix) or ''}".strip(),
                             frozenset(ix.column_names), ix))
        if len(keys) < 2:
            continue
        for label, cols, obj in keys:
            if obj is table.primary_key or (table.key, cols) in referenced:
                continue
            name = getattr(obj, "name", None)
            ordered = getattr(obj, "columns", ())
            ordered = [c.expr for c in ordered] if isinstance(obj, Index) else list(ordered)
            # only a key that leads with the smaller one: UNIQUE (level, node) beside
            # UNIQUE (node) is an index by level that no other serves (AdventureWorks'
            # breadth-first hierarchyid index), not a redundant constraint
            smaller = next(((l2, _declared(o2)) for l2, c2, o2 in keys
                            if c2 < cols and c2 == frozenset(ordered[:len(c2)])), None)
            if smaller is None:
                continue
            if isinstance(obj, Index):
                hint = _drop(ctx, table, obj)
            elif name:
                hint = drop_constraint_sql(ctx, table.key, shown_name(ctx, table, name))
            else:
                hint = (f"-- remove UNIQUE ({shown_cs(ctx, table.key, ordered)}) from "
                        f"{shown_t(ctx, table.key)}")
            pos = obj.pos if obj.pos.line is not None else table.pos
            yield ctx.rule.finding(
                f"{label} ({shown_cs(ctx, table.key, ordered)}) on {shown_t(ctx, table.key)} "
                f"is implied by the {smaller[0]} ({shown_cs(ctx, table.key, smaller[1])})",
                object=f"{table.key}({', '.join(ordered)})", hint=hint, **where(pos))


def _declared(key: Any) -> list[str]:
    """A key's columns in the order it declares them."""
    return list(key.column_names) if isinstance(key, Index) else list(key.columns)


# -- AK-IX006 ----------------------------------------------------------------------------
def _served(table: Table) -> set[frozenset[str]]:
    """The column sets some key or plain btree/hash index of ``table`` leads with: a
    foreign key (a, b) is served by an index (b, a, c)."""
    served: set[frozenset[str]] = set()
    leads: list[tuple[str, ...]] = list(key_column_sets(table))
    partial: list[tuple[tuple[str, ...], frozenset[str]]] = []
    for ix in table.indexes:
        if _method(ix) in ("btree", "hash"):
            cols = tuple([c.expr for c in ix.columns])
            if ix.where is None:
                leads.append(cols)
            else:
                needs = _not_null_only(ix.where)
                if needs is not None:
                    partial.append((cols, needs))
    for cols in leads:
        if len(cols) == 1:
            served.add(frozenset(cols))
            continue
        for n in range(1, len(cols) + 1):
            served.add(frozenset(cols[:n]))
    for cols, needs in partial:     # serves a lookup by columns its predicate names
        for n in range(1, len(cols) + 1):
            if needs <= set(cols[:n]):
                served.add(frozenset(cols[:n]))
    return served


_NOT_NULL_TERM = LazyPattern(r'(?is)\(?\s*(NOT\s+)?("(?:[^"]|"")+"|`[^`]+`|\[[^\]]+\]|[\w$]+)'
                            r"\s+IS\s+(NOT\s+)?NULL\s*\)?")


def _not_null_only(where: str) -> frozenset[str] | None:
    """The columns a partial index's predicate requires to be non-null, when that is all it
    says (``WHERE post_id IS NOT NULL [AND ...]``, sqlglot's ``NOT post_id IS NULL``): a
    foreign-key lookup ``WHERE post_id = $1`` implies it, so the index serves the lookup
    (PostgreSQL uses it: EXPLAIN, checked on Lemmy's notification table); else None."""
    out: set[str] = set()
    text = where.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    for term in re.split(r"(?i)\s+AND\s+", text):
        m = _NOT_NULL_TERM.fullmatch(term.strip())
        if m is None:
            return None
        # (the NOT before the name, not the first letters of note_id: GitLab's five
        # *_user_mentions.note_id indexes WHERE note_id IS NOT NULL went unseen; scout V)
        negated = bool(m.group(1))
        if negated == bool(m.group(3)):     # NOT x IS NOT NULL / x IS NULL: not implied
            return None
        name = m.group(2)
        out.add(name[1:-1] if name[0] in '"`[' else name)
    return frozenset(out)


def _lead_firsts(table: Table) -> set[str]:
    """The first columns of the keys and plain btree/hash indexes of ``table``."""
    firsts = {cols[0] for cols in key_column_sets(table) if cols}
    for ix in table.indexes:
        if ix.columns and _method(ix) in ("btree", "hash") and (
                ix.where is None or _not_null_only(ix.where) in (
                    frozenset(), frozenset({ix.columns[0].expr}))):
            firsts.add(ix.columns[0].expr)
    return firsts


def _beside_partition_key(ctx: SchemaContext, fk: Any) -> tuple[str, ...]:
    """The columns of a foreign key to a partitioned table that reference none of its
    partition-key columns (``()`` when that is all of them, or the target is not
    partitioned). A partition key has one value per partition; the other columns find the
    parent's rows, so an index on them serves the key's lookups (GitLab's
    ci_job_variables(partition_id, job_id) -> p_ci_builds, indexed on job_id: 27 such
    keys were reported; scout V)."""
    target = table_named(ctx, fk.ref_table)
    if target is None or "partitioned_by" not in target.options:
        return ()
    keys = set(partition_columns(target))
    ref = fk.ref_columns or (target.primary_key.columns if target.primary_key else ())
    if not keys or len(ref) != len(fk.columns):
        return ()
    rest = tuple(c for c, r in zip(fk.columns, ref) if r not in keys)
    return rest if len(rest) < len(fk.columns) else ()


@schema_rule(
    "AK-IX006", "unindexed-foreign-key", "warning",
    summary="foreign-key columns are not the leading columns of any index (not MySQL, which creates one)",
    like="splinter, pg-index-health, tbls", dialects=("postgres", "sqlite", "tsql", "oracle"),
    why="""Deleting or re-keying a parent row makes the database look for children by
the foreign-key columns. Without an index that is a full scan of the child table per
parent row, holding locks meanwhile; joins from parent to children suffer the same way.
PostgreSQL, SQLite, SQL Server and Oracle do not create this index for you. A key to a
partitioned table is served by an index on its columns other than those that reference
the partition key (one value per partition: the others find the rows). On
PostgreSQL the hint builds it CONCURRENTLY, which blocks no writes but cannot run inside
a transaction block (a migration tool's transaction included); on a partitioned table,
where PostgreSQL refuses CONCURRENTLY, it is a plain CREATE INDEX.""",
    fires=("CREATE TABLE customer (id bigint PRIMARY KEY);\n"
           "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customer (id));"),
    passes=("CREATE TABLE customer (id bigint PRIMARY KEY);\n"
            "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customer (id));\n"
            "CREATE INDEX orders_customer_id_idx ON orders (customer_id);"),
)
def unindexed_foreign_key(ctx: SchemaContext) -> Iterator[Finding]:
    if dialect_fact(ctx, "fk_creates_index", False):
        return
    for table in tables(ctx):
        if table.foreign_keys:
            yield from _unindexed(ctx, table, table.foreign_keys, (table,))
    for part in partitions(ctx):
        # a key declared on a partition alone (pg_dump writes one per partition when
        # they were made so: pagila's payment_p2022_01..07(rental_id)) is the
        # partition's to serve: with its own indexes or its parents' (a partitioned
        # index is built on every partition)
        chain = partition_parents(ctx, part)
        inherited = {(fk.columns, fk.ref_table) for t in chain for fk in t.foreign_keys}
        own = [fk for fk in part.foreign_keys if (fk.columns, fk.ref_table) not in inherited]
        if own:
            yield from _unindexed(ctx, part, own, (part, *chain))


def _unindexed(ctx: SchemaContext, table: Table, fks: Any,
               indexed: tuple[Table, ...]) -> Iterator[Finding]:
    """AK-IX006 for the foreign keys ``fks`` of ``table`` that no key or index of the
    tables ``indexed`` serves."""
    served: set[frozenset[str]] | None = None
    firsts: set[str] | None = None
    for fk in fks:
        if len(fk.columns) == 1:
            # one column: served by any key or index that starts with it
            if firsts is None:
                firsts = set().union(*(_lead_firsts(t) for t in indexed))
            if fk.columns[0] in firsts:
                continue
        else:
            if served is None:
                served = set().union(*(_served(t) for t in indexed))
            if frozenset(fk.columns) in served:
                continue
            rest = _beside_partition_key(ctx, fk)
            if rest and frozenset(rest) in served:
                continue
        pos = fk.pos if fk.pos.line is not None else column_pos(table, fk.columns[0])
        partial = next((ix for t in indexed for ix in t.indexes if ix.where is not None
                        and {c.expr for c in ix.columns[:len(fk.columns)]} == set(fk.columns)),
                       None)
        # (a partial index is there, and the reader went looking for it: say why it does
        # not serve; supabase's oauth_consents(client_id) WHERE revoked_at IS NULL)
        why = (f"has no index on its columns that the key's checks can use: "
               f"{shown_ix(ctx, partial) if partial.name else 'the index'} "
               f"holds only the rows WHERE {partial.where}" if partial is not None
               else "has no index on its columns")
        hint = _fk_index_sql(ctx, table, fk, indexed) if ctx.hints else None
        yield emit(
            ctx, f"foreign key {shown_t(ctx, table.key)}"
            f"({shown_cs(ctx, table.key, fk.columns)}) -> {shown_t(ctx, fk.ref_table)} "
            f"{why}", pos, f"{table.key}({', '.join(fk.columns)})", hint)


def _fk_index_sql(ctx: SchemaContext, table: Table, fk: ForeignKey,
                  indexed: tuple[Table, ...]) -> str:
    """AK-IX006's hint: the index a foreign key's checks can use, named as the schema names
    its indexes (``indexed``: the table and the partitioned tables above it)."""
    name = new_index_name(ctx, table, fk.columns)    # (as the schema names them)
    hint = (f"CREATE INDEX{concurrently(ctx, table, leaf=True)} {q(ctx, name)} ON "
            f"{sql_t(ctx, table.key)} ({sql_cs(ctx, table.key, fk.columns)});")
    top = indexed[-1] if len(indexed) > 1 else None
    if top is not None and "partitioned_by" in top.options and \
            set(fk.columns) <= set(top.columns):
        # a partition's key: one index on the partitioned table is built on every
        # partition (pg_dump's 3,000 partitions gave 3,000 hints; scout AP)
        whole = new_index_name(ctx, top, fk.columns)
        hint += (f" -- or for every partition at once: CREATE INDEX {q(ctx, whole)} ON "
                 f"{sql_t(ctx, top.key)} ({sql_cs(ctx, top.key, fk.columns)});")
    return hint


# -- AK-IX007 ----------------------------------------------------------------------------
@schema_rule(
    "AK-IX007", "too-many-indexes", "info",
    summary="a table has more than `max_indexes` indexes (default 8)",
    like="sqlcheck",
    why="""Each index is maintained on every write and competes for cache; past a
handful, write throughput and vacuum suffer while most indexes serve rare queries.
Review which ones the workload uses (AK-WL002) and merge the rest. The count includes
the primary key and UNIQUE constraints.""",
    fires=("CREATE TABLE t (id bigint PRIMARY KEY, a int, b int, c int, d int, e int, f int,\n"
           "  g int, h int);\n" + "".join(f"CREATE INDEX t_{c}_idx ON t ({c});\n"
                                          for c in "abcdefgh")),
    passes=("CREATE TABLE t (id bigint PRIMARY KEY, a int, b int, c int);\n"
            "CREATE INDEX t_a_idx ON t (a);\nCREATE INDEX t_b_idx ON t (b);"),
    options={"max_indexes": 8},
)
def too_many_indexes(ctx: SchemaContext) -> Iterator[Finding]:
    limit = int(ctx.option("max_indexes", 8))
    for table in tables(ctx):
        count = len(table.indexes) + len(table.uniques) + (table.primary_key is not None)
        if count <= limit:
            continue
        yield ctx.rule.finding(
            f"table {shown_t(ctx, table.key)} has {count} indexes (limit {limit})",
            object=table.key,
            hint=f"-- review the indexes of {shown_t(ctx, table.key)}: drop the ones no query "
                 "uses, merge those sharing leading columns",
            **where(table.pos))


# -- AK-IX008 ----------------------------------------------------------------------------
@schema_rule(
    "AK-IX008", "low-selectivity-index", "info",
    summary="a single-column index on a boolean column (a partial index serves better)",
    like="pg-index-health",
    why="""A boolean has two values, so an index on it alone selects half the table and
the planner ignores it; it still costs every write. When queries look for the rare
value, a partial index on that value (or on the column you sort by, WHERE the flag) is
small and fast.""",
    fires=("CREATE TABLE task (id bigint PRIMARY KEY, done boolean NOT NULL);\n"
           "CREATE INDEX task_done_idx ON task (done);"),
    passes=("CREATE TABLE task (id bigint PRIMARY KEY, done boolean NOT NULL);\n"
            "CREATE INDEX task_open_idx ON task (id) WHERE NOT done;"),
)
def low_selectivity_index(ctx: SchemaContext) -> Iterator[Finding]:
    partial = dialect_fact(ctx, "supports_partial_index", False)
    for table in tables(ctx):
        for ix in table.indexes:
            if len(ix.columns) != 1 or ix.where or ix.columns[0].is_expression or ix.unique:
                continue   # (a UNIQUE one is a rule, not a search path: GitLab's ai_settings
                           # keeps one row by UNIQUE (singleton) with CHECK (singleton IS TRUE);
                           # the hint dropped it and two rows went in; scout V)
            col = table.columns.get(ix.columns[0].expr)
            if col is None or not is_bool_column(col):
                continue
            pk = table.primary_key.columns if table.primary_key else (col.name,)
            if partial:
                hint = (f"{_drop(ctx, table, ix)} CREATE INDEX{concurrently(ctx, table)} "
                        f"{q(ctx, table.name + '_' + col.name + '_true_idx')} ON "
                        f"{sql_t(ctx, table.key)} ({sql_cs(ctx, table.key, pk)}) WHERE "
                        f"{facts(ctx).bool_true.format(c=sql_c(ctx, table.key, col.name))};")
            else:
                hint = (f"{_drop(ctx, table, ix)} -- or put {shown_c(ctx, table.key, col.name)} "
                        "after a selective column in a composite index")
            yield ctx.rule.finding(
                f"index {_ix_shown(ctx, table, ix)} is on boolean column "
                f"{shown_tc(ctx, table.key, col.name)}: it selects half the table",
                object=_ix_name(table, ix), hint=hint,
                **where(_ix_pos(table, ix)))
