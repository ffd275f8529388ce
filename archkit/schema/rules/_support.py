"""Small helpers shared by the schema rule sections: dialect facts the rules need
beyond ``archkit.schema.dialects``, type families, identifier quoting for hints and
positions of sqlglot nodes inside a statement.

Cheap to import (sqlglot is imported inside the functions that need it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from archkit.findings import make_finding
from archkit.lazyre import LazyPattern
from archkit.schema.model import Column, ForeignKey, Position, Statement, Table, judged
from archkit.schema.shown import column as shown_c  # noqa: F401  (for the rules)
from archkit.schema.shown import columns as shown_cs  # noqa: F401
from archkit.schema.shown import table as shown_t  # noqa: F401
from archkit.schema.shown import table_column as shown_tc  # noqa: F401
from archkit.schema.shown import written_table

# -- facts the rules need that are about SQL *advice* rather than parsing ---------------
# (reserved words, identifier length, fk_creates_index, case folding live in
# archkit.schema.dialects; this table only holds what the hints and rule scopes need.)


@dataclass(frozen=True)
class RuleFacts:
    # integer types that overflow before 2^63 (sqlite stores every INTEGER in 64 bits)
    small_int_types: frozenset[str] = frozenset(
        {"int", "smallint", "tinyint", "mediumint", "serial", "smallserial",
         "uint", "usmallint", "utinyint", "umediumint"})
    # timestamp types that store wall-clock digits, not an instant (the replacement is
    # the dialect's instant_type); in MySQL only columns named like instants count
    naive_timestamps: frozenset[str] = frozenset()
    naive_needs_instant_name: bool = False
    char_pads: bool = True                 # CHAR(n) pads/fixes width
    lock_timeout: str | None = None        # statement that bounds lock waits
    lock_timeout_names: frozenset[str] = frozenset()
    alter_type: str = "ALTER TABLE {t} ALTER COLUMN {c} TYPE {ty};"
    # what an ALTER/MODIFY of the type must restate, or the column loses it:
    # "" nothing, "null" NULL/NOT NULL (SQL Server), "full" nullability, default,
    # auto-increment (MySQL MODIFY replaces the whole definition)
    restate: str = ""
    naive_note: str = ""
    naive_hint: str = ""                   # the hint instead of changing the type ({c}: column)
    naive_severity: str | None = None      # instead of the rule's
    set_not_null: str = "ALTER TABLE {t} ALTER COLUMN {c} SET NOT NULL;"
    identity: str = "bigint GENERATED ALWAYS AS IDENTITY"
    bigint: str = "bigint"
    timestamp_now: str = "timestamptz NOT NULL DEFAULT now()"
    comment_table: str = "COMMENT ON TABLE {t} IS '{text}';"
    drop_index: str = "DROP INDEX {i};"
    rename_index: str = "ALTER INDEX {i} RENAME TO {new};"
    drop_constraint: str = "ALTER TABLE {t} DROP CONSTRAINT {n};"
    # statements that add an ``id`` column the engine numbers ({t} table, {s} a sequence
    # name), where ADD COLUMN ... {identity} does not do (DuckDB: no identity columns)
    identity_column: str = ""
    # a table's indexes block every ALTER TABLE but ADD COLUMN (DuckDB: 'Cannot alter
    # entry ... because there are entries that depend on it'): hints drop them first and
    # make them again after (registry._finished, _dependents.around_indexes)
    indexes_block_alters: bool = False
    # SQL Server refuses ALTER COLUMN of a column a key, foreign key or index uses
    # ('The object ... is dependent on column ...'; SSMS's Northwind, scout W)
    keys_block_alters: bool = False
    # a foreign key may be declared MATCH FULL (postgres; SQL Server and Oracle have no
    # MATCH clause, MySQL and SQLite read it and ignore it)
    match_full: bool = False
    rename_column: str = "ALTER TABLE {t} RENAME COLUMN {c} TO {new};"
    rename_table: str = "ALTER TABLE {t} RENAME TO {new};"
    add_column: str = "ALTER TABLE {t} ADD COLUMN {c} {ty};"
    add_check: str = "ALTER TABLE {t} ADD CONSTRAINT {n} CHECK ({e});"
    add_primary_key: str = "ALTER TABLE {t} ADD PRIMARY KEY ({cols});"
    add_foreign_key: str = "ALTER TABLE {t} ADD FOREIGN KEY ({cols}) REFERENCES {r}{rc};"
    char_length: str = "char_length"       # the length of a string in characters
    quote: tuple[str, str] = ('"', '"')
    decimal: str = "numeric(12, 2)"
    # ALTER ... TYPE to these does not rewrite the table (binary coercible)
    no_rewrite_types: frozenset[str] = frozenset()
    # a column's type change rewrites the rows (not Oracle: MODIFY widens in the data
    # dictionary, or refuses a change the rows do not fit: ORA-01439, ORA-01441)
    type_change_rewrites: bool = True
    # what a longer varchar must keep to change the catalog only (MySQL: its length
    # bytes; crossing 255 bytes copies the table, WL#6554); "" where any longer one does
    varchar_widening: str = ""
    # more precision at the same scale changes the catalog only (postgres); MySQL copies
    # the table for any DECIMAL change
    numeric_widening_in_place: bool = False
    # a column's type may change only within its base type (a longer string, more
    # precision), or along these (old base, new base) pairs; None: any change (Snowflake:
    # 'Change a column data type to a different type' is unsupported; BigQuery: widening
    # coercions only)
    type_changes: frozenset[tuple[str, str]] | None = None
    # what ON DELETE says for "refuse while children exist" ("" where the clause is left
    # out for it: Oracle has only CASCADE and SET NULL, NO ACTION without the clause)
    on_delete_restrict: str = "restrict"
    # adding a stored generated column writes it into every row now (not ClickHouse: a
    # MATERIALIZED column is computed for old parts when read, until MATERIALIZE COLUMN)
    stored_column_rewrites: bool = True
    generated_stored_by_default: bool = False   # GENERATED ... AS (expr) is always STORED
    add_not_null_fills_implicit_default: bool = False   # MySQL: 0 / '' for existing rows
    # MySQL 8 deprecates INT(11)-style display widths and its default sql_mode rejects
    # '0000-00-00'; MariaDB does neither (AK-TY007)
    display_widths_deprecated: bool = True
    zero_dates_rejected: bool = True
    utf8mb4_collation: str = "utf8mb4_0900_ai_ci"      # MySQL 8's default (not in MariaDB)
    # a money type that is a trap here (postgres money follows lc_monetary; SQL Server's
    # MONEY is an exact scaled integer and is not reported)
    bad_money_types: frozenset[str] = frozenset()
    bool_true: str = "{c}"                 # predicate "the flag is set" in a partial index
    # columns store by type affinity (SQLite): INT, BIGINT and INTEGER are the same thing
    type_affinity: bool = False
    # text and varchar compare without a cast and share indexes (postgres: binary
    # coercible), so a foreign key between them is a consistency matter, not a fault
    strings_coerce: bool = False
    # a foreign key between decimals of other precisions is refused (MySQL: "the size of
    # fixed precision types must be the same"); elsewhere they compare without a cast
    precision_mismatch_refused: bool = False


_DEFAULT = RuleFacts()

FACTS: dict[str, RuleFacts] = {
    "postgres": RuleFacts(
        naive_timestamps=frozenset({"timestamp", "timetz"}),
        lock_timeout="SET lock_timeout = '5s';",
        lock_timeout_names=frozenset({"lock_timeout"}),
        no_rewrite_types=frozenset({"text"}),
        numeric_widening_in_place=True,
        generated_stored_by_default=True,
        match_full=True,
        bad_money_types=frozenset({"money"}),
        strings_coerce=True,
    ),
    "mysql": RuleFacts(
        varchar_widening="that stays under 256 bytes, or was 256 bytes or more already",
        naive_timestamps=frozenset({"datetime"}),
        naive_needs_instant_name=True,
        add_not_null_fills_implicit_default=True,
        # MySQL has no type for an instant without a catch: TIMESTAMP converts to UTC but
        # ends in 2038, so DATETIME holding UTC is the usual advice; a reminder, not a change
        naive_note=(": keep it in UTC (TIMESTAMP converts to UTC but ends on 2038-01-19, so "
                    "do not switch to it for dates that can pass that)"),
        naive_hint=("SET time_zone = '+00:00';  -- in every session that writes {c} "
                    "(or default_time_zone = '+00:00' in my.cnf), so it holds UTC"),
        naive_severity="info",
        restate="full",
        lock_timeout="SET SESSION lock_wait_timeout = 5;",
        lock_timeout_names=frozenset({"lock_wait_timeout"}),
        alter_type="ALTER TABLE {t} MODIFY COLUMN {c} {ty};",
        set_not_null="ALTER TABLE {t} MODIFY COLUMN {c} {ty} NOT NULL;",
        identity="BIGINT UNSIGNED NOT NULL AUTO_INCREMENT",
        bigint="BIGINT",
        timestamp_now="TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP",
        comment_table="ALTER TABLE {t} COMMENT = '{text}';",
        drop_index="DROP INDEX {i} ON {t};",
        rename_index="ALTER TABLE {t} RENAME INDEX {i} TO {new};",
        quote=("`", "`"),
        decimal="DECIMAL(12, 2)",
        precision_mismatch_refused=True,
    ),
    "sqlite": RuleFacts(
        small_int_types=frozenset(),
        type_affinity=True,
        char_pads=False,
        alter_type="-- SQLite cannot change a column type: rebuild {t} with {c} {ty}",
        set_not_null="-- SQLite cannot add NOT NULL in place: rebuild {t} with {c} NOT NULL",
        identity="INTEGER PRIMARY KEY",
        rename_index="-- SQLite cannot rename an index: DROP INDEX {i}; then create it again as {new}",
        bigint="INTEGER",
        timestamp_now="TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP",
        comment_table="-- SQLite has no table comments: document {t} in a comment above its CREATE TABLE",
        decimal="NUMERIC(12, 2)",
        add_check=("-- SQLite cannot add a constraint to a table: rebuild {t} with "
                   "CONSTRAINT {n} CHECK ({e})"),
        # (sqlite3: near "PRIMARY" / "FOREIGN": syntax error; PowerDNS, scout O)
        add_primary_key=("-- SQLite cannot add a primary key to a table: rebuild {t} with "
                         "PRIMARY KEY ({cols})"),
        add_foreign_key=("-- SQLite cannot add a foreign key to a table: rebuild {t} with "
                         "FOREIGN KEY ({cols}) REFERENCES {r}{rc}"),
        # (sqlite3: near "CONSTRAINT": syntax error; Synapse's receipts tables)
        drop_constraint="-- SQLite cannot drop a constraint: rebuild {t} without {n}",
        char_length="length",
    ),
    "tsql": RuleFacts(
        lock_timeout="SET LOCK_TIMEOUT 5000;",
        lock_timeout_names=frozenset({"lock_timeout"}),
        alter_type="ALTER TABLE {t} ALTER COLUMN {c} {ty};",
        set_not_null="ALTER TABLE {t} ALTER COLUMN {c} {ty} NOT NULL;",
        keys_block_alters=True,
        restate="null",
        add_column="ALTER TABLE {t} ADD {c} {ty};",
        bool_true="{c} = 1",
        identity="BIGINT IDENTITY(1, 1)",
        bigint="BIGINT",
        timestamp_now="DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET()",
        comment_table=("EXEC sp_addextendedproperty 'MS_Description', '{text}', "
                       "'SCHEMA', '{s}', 'TABLE', '{n}';"),
        drop_index="DROP INDEX {i} ON {t};",
        rename_index="EXEC sp_rename '{t}.{i}', '{new}', 'INDEX';",
        # (SQL Server has no ALTER TABLE ... RENAME)
        rename_column="EXEC sp_rename '{t}.{c}', '{new}', 'COLUMN';",
        rename_table="EXEC sp_rename '{t}', '{new}';",
        # (SQL Server has no RESTRICT: ON DELETE { NO ACTION | CASCADE | SET NULL | SET
        # DEFAULT }, NO ACTION refusing while children exist)
        on_delete_restrict="no action",
        quote=("[", "]"),
        decimal="DECIMAL(12, 2)",
        char_length="LEN",
    ),
    "oracle": RuleFacts(
        small_int_types=frozenset(),      # INTEGER and SMALLINT are NUMBER(38)
        alter_type="ALTER TABLE {t} MODIFY ({c} {ty});",
        add_column="ALTER TABLE {t} ADD ({c} {ty});",
        set_not_null="ALTER TABLE {t} MODIFY ({c} NOT NULL);",
        identity="NUMBER(19) GENERATED ALWAYS AS IDENTITY",
        bigint="NUMBER(19)",
        timestamp_now="TIMESTAMP WITH TIME ZONE DEFAULT SYSTIMESTAMP NOT NULL",
        decimal="NUMBER(12, 2)",
        char_length="LENGTH",
        type_change_rewrites=False,
        on_delete_restrict="",
    ),
    # (each refusal below is DuckDB 1.x's: 'No support for adding CHECK / FOREIGN_KEY
    # constraints with ALTER TABLE', 'No support for that ALTER TABLE option yet' (DROP
    # CONSTRAINT), ALTER INDEX: syntax error, GENERATED ... AS IDENTITY: syntax error)
    "duckdb": RuleFacts(
        char_pads=False, char_length="length",
        add_check=("-- DuckDB cannot add a constraint to a table: rebuild {t} with "
                   "CONSTRAINT {n} CHECK ({e})"),
        add_foreign_key=("-- DuckDB cannot add a foreign key to a table: rebuild {t} with "
                         "FOREIGN KEY ({cols}) REFERENCES {r}{rc}"),
        drop_constraint="-- DuckDB cannot drop a constraint: rebuild {t} without {n}",
        rename_index="-- DuckDB cannot rename an index: DROP INDEX {i}; then create it again as {new}",
        identity="BIGINT",
        identity_column="CREATE SEQUENCE {s}; ALTER TABLE {t} ADD COLUMN {c} BIGINT DEFAULT nextval('{s}');",
        indexes_block_alters=True,
    ),
    "snowflake": RuleFacts(small_int_types=frozenset(), char_pads=False,
                           alter_type="ALTER TABLE {t} ALTER COLUMN {c} SET DATA TYPE {ty};",
                           timestamp_now="TIMESTAMP_TZ NOT NULL DEFAULT CURRENT_TIMESTAMP()",
                           identity="NUMBER(38) IDENTITY",
                           rename_index=("-- Snowflake cannot rename an index: DROP INDEX {i}; "
                                         "then create it again as {new}"),
                           type_changes=frozenset()),
    # (BigQuery's DDL reference: ALTER COLUMN ... SET DATA TYPE for widening coercions,
    # DROP NOT NULL but no SET NOT NULL, keys only NOT ENFORCED, no identity columns)
    "bigquery": RuleFacts(small_int_types=frozenset(), char_pads=False,
                          identity="", bigint="INT64", quote=("`", "`"),
                          alter_type="ALTER TABLE {t} ALTER COLUMN {c} SET DATA TYPE {ty};",
                          set_not_null=("-- BigQuery cannot make a column NOT NULL (REQUIRED) "
                                        "in place: create {t} again with {c} NOT NULL"),
                          add_primary_key="ALTER TABLE {t} ADD PRIMARY KEY ({cols}) NOT ENFORCED;",
                          type_changes=frozenset({
                              ("bigint", "numeric"), ("bigint", "bignumeric"),
                              ("bigint", "double"), ("numeric", "bignumeric"),
                              ("numeric", "double"), ("bignumeric", "double"),
                              ("decimal", "bignumeric"), ("decimal", "double")})),
}


@dataclass
class ColumnIndex:
    """Columns of the defined tables grouped once per catalog, so that each type rule
    looks only at the columns of the types it cares about."""

    tables: list[Table]
    by_type: dict[str, list[tuple[Table, str, Column]]]
    by_name: dict[str, list[tuple[Table, Column, str]]]    # ..., storage type
    # by the name as written (``col.original or name``): unquoted names, quoted names;
    # naming rules look at each distinct name once
    written: tuple[dict[str, list[tuple[Table, str, Column]]],
                   dict[str, list[tuple[Table, str, Column]]]]
    serial: list[tuple[Table, str, Column]] = field(default_factory=list)  # col.serial set


def index(ctx: Any) -> ColumnIndex:
    """The catalog's :class:`ColumnIndex` (built on first use; catalogs are rebuilt, never
    edited, after a change, so it cannot go stale)."""
    cached = getattr(ctx.catalog, "_archkit_rule_index", None)
    if cached is not None:
        return cached
    built = column_index(tables(ctx))
    ctx.catalog._archkit_rule_index = built
    return built


def column_index(defined_tables: list[Table]) -> ColumnIndex:
    """The :class:`ColumnIndex` of these tables (in this order)."""
    by_type: dict[str, list[tuple[Table, str, Column]]] = {}
    by_name: dict[str, list[tuple[Table, Column, str]]] = {}
    types: dict[tuple[str, str], tuple[str, str]] = {}    # (type, raw) -> (base, storage)
    written: tuple[dict[str, list[tuple[Table, str, Column]]],
                   dict[str, list[tuple[Table, str, Column]]]] = ({}, {})
    plain, quoted = written
    serial: list[tuple[Table, str, Column]] = []
    for t in defined_tables:
        # (a postgres INHERITS child's inherited columns are judged in the parent)
        inherited = t.options.get("inherited") if "inherited" in t.options else None
        for name, col in t.columns.items():
            if inherited is not None and name in inherited:
                continue
            row = (t, name, col)          # one tuple for the type, name-as-written lists
            if col.serial:
                serial.append(row)
            as_written = quoted if col.quoted else plain
            w = col.original or name
            same_written = as_written.get(w)
            if same_written is None:
                as_written[w] = [row]
            else:
                same_written.append(row)
            k = (col.type, col.raw_type)
            bs = types.get(k)
            if bs is None:
                base = _base_type(col.type or "", col.raw_type or "")
                bs = types[k] = (base, _STORAGE.get(base, base))
            same_type = by_type.get(bs[0])
            if same_type is None:
                by_type[bs[0]] = [row]
            else:
                same_type.append(row)
            same_name = by_name.get(name)
            if same_name is None:
                by_name[name] = [(t, col, bs[1])]
            else:
                same_name.append((t, col, bs[1]))
    return ColumnIndex(defined_tables, by_type, by_name, written, serial)


def cached(ctx: Any, name: str, build: Any) -> Any:
    """``build(ctx)`` remembered on the catalog (or on the catalog a view was made from,
    see archkit.schema.cache): for what depends on the whole catalog, not on which of
    its tables a rule is asked about. Catalogs are rebuilt after a change, never edited."""
    cat = getattr(ctx.catalog, "_archkit_base", ctx.catalog)
    hit = cat.__dict__.get(name)
    if hit is None:
        hit = build(ctx)
        cat.__dict__[name] = hit
    return hit


def table_named(ctx: Any, name: str) -> Table | None:
    """``ctx.catalog.table(name)`` (by key, else by unqualified name when unambiguous)
    without scanning every table for each name that is not a key: the tables are grouped
    by name once per catalog, on the first such name."""
    tabs = ctx.catalog.tables
    hit = tabs.get(name)
    if hit is not None or name in tabs:
        return hit
    by_name = cached(ctx, "_archkit_tables_by_name", _tables_by_name)
    matches = by_name.get(name, ())
    return matches[0] if len(matches) == 1 else None


def reference_stem(name: str) -> str | None:
    """What a column named like a reference names (customer_id, CustomerId: customer),
    lower case; None for another name."""
    low = name.lower()
    stem = low[:-3] if low.endswith("_id") else low[:-2] if low.endswith("id") else None
    return stem or None


def table_names_for(stem: str) -> list[str]:
    """The table names a reference's stem may mean: customer, customers, categories."""
    out = [stem, stem + "s", stem + "es"]
    if stem.endswith("y"):
        out.append(stem[:-1] + "ies")
    return out


def _tables_by_name(ctx: Any) -> dict[str, list[Table]]:
    out: dict[str, list[Table]] = {}
    for t in ctx.catalog.tables.values():
        out.setdefault(t.name, []).append(t)
    return out


def tables(ctx: Any) -> list[Table]:
    """The tables the input defines (not stubs for tables it only mentions, nor postgres
    partitions: see :func:`checked`), in catalog order; cached per catalog, apart from
    the column index (rules that look only at tables do not pay for grouping every
    column)."""
    cat = ctx.catalog
    ix = getattr(cat, "_archkit_rule_index", None)
    if ix is not None:
        return ix.tables
    cached = getattr(cat, "_archkit_tables", None)
    if cached is None:
        cached = cat._archkit_tables = [t for t in cat.tables.values() if checked(t)]
    return cached


def partitions(ctx: Any) -> list[Table]:
    """The postgres partitions the input creates (``PARTITION OF``, ``ATTACH PARTITION``),
    in catalog order. The rules skip them (:func:`tables`): their columns, keys and
    indexes are the parent's and are reported there. Their own names are identifiers the
    user chose, though (postgres truncates a long one silently), so the name rules judge
    those, and only those; and AK-IX006 the foreign keys declared on a partition alone.

    When the incremental checker runs a rule on some tables only (``cache._view``),
    only the partitions among those (``_archkit_scope``)."""
    scope = getattr(ctx.catalog, "_archkit_scope", None)
    every = cached(ctx, "_archkit_partitions", lambda c: [
        (k, t) for k, t in c.catalog.tables.items()
        if t.options.get("partition_of") and not t.options.get("external")])
    return [t for k, t in every if scope is None or k in scope]


def partition_parents(ctx: Any, part: Table) -> tuple[Table, ...]:
    """The tables ``part`` is a partition of, nearest first (a partition may be
    partitioned again; a cycle of PARTITION OF stops at 32)."""
    out: list[Table] = []
    t: Table | None = part
    while t is not None and t.options.get("partition_of") and len(out) < 32:
        t = table_named(ctx, t.options["partition_of"])
        if t is not None:
            out.append(t)
    return tuple(out)


# whether the rules go through a table (model.judged: the incremental checker asks too)
checked = judged


def columns_of_type(ctx: Any, types: Iterable[str]) -> Iterator[tuple[Table, str, Column]]:
    by_type = index(ctx).by_type
    for t in sorted(set(types)):
        yield from by_type.get(t, ())


def defined(table: Table | None) -> bool:
    return table is not None and not table.options.get("external")


def add_column_sql(ctx: Any, table: str, column: str, type_sql_: str) -> str:
    """The dialect's ADD COLUMN; ``column`` as the schema writes it when the table has it
    in the end (one a migration adds, a rename's new name), else as given."""
    return facts(ctx).add_column.format(t=sql_t(ctx, table), c=sql_c(ctx, table, column),
                                        ty=type_sql_)


def fit_name(ctx: Any, name: str) -> str:
    """A name a hint makes up (``{table}_{columns}_idx``), cut to the dialect's identifier
    limit: MySQL refuses a longer one (ERROR 1059), PostgreSQL cuts it so itself and
    AK-NM003 would then report it (Ory Kratos and Hydra, scout Q). Where the engine folds
    names to upper case (Oracle, Snowflake) the name is upper case, so that it needs no
    quotes: ``"ACL_OBJECT_IDENTITY_OWNER_SID_idx"`` could be named quoted only, ever after
    (scout S)."""
    if dialect_fact(ctx, "fold", None) == "upper":
        name = name.upper()
    limit = dialect_fact(ctx, "max_identifier_bytes", None)
    if not limit or len(name.encode()) <= limit:
        return name
    return name.encode()[:limit].decode("utf-8", "ignore")


def add_primary_key_sql(ctx: Any, table_key: str, columns: Any) -> str:
    """The statement that gives table ``table_key`` a primary key on ``columns``."""
    return facts(ctx).add_primary_key.format(t=sql_t(ctx, table_key),
                                             cols=sql_cs(ctx, table_key, columns))


def drop_constraint_sql(ctx: Any, table_key: str, name: str) -> str:
    """The dialect's DROP CONSTRAINT of ``name`` (a SQLite rebuild note)."""
    return facts(ctx).drop_constraint.format(t=sql_t(ctx, table_key), n=q(ctx, name))


def rename_column_sql(ctx: Any, table_key: str, old: str, new: str) -> str:
    """The dialect's column rename; ``old`` as the statement writes it (quoted here or
    not), ``new`` a bare name."""
    table = table_named(ctx, table_key)
    sql = facts(ctx).rename_column.format(
        t=q(ctx, table_key if table is None else written_key(ctx, table)), c=old, new=new)
    if table is not None and (new in table.columns or new.lower() in table.columns) and \
            new.lower() != old.strip('"[]`').lower():
        # (documenso's Account has createdAt and created_at: 'column "created_at" of
        # relation "Account" already exists'; scout T)
        return (f"-- {new} is the name of another column of {table_key}: choose another "
                f"name for {old.strip(chr(34))}, or drop that column first")
    # (DuckDB refuses it while the table has indexes: the finding's hint drops them first
    # and makes them again on the new name after, _dependents.around_indexes)
    return sql


def written_key(ctx: Any, table: Table) -> str:
    """``table.key``, but as written where the engine compares names without case and
    keeps them as written (SQL Server, SQLite, DuckDB): a rename of SQL Server's Customer
    from 'customer' reads as a rename to itself, and finds nothing under a case-sensitive
    collation."""
    if not dialect_fact(ctx, "fold_quoted", False) or not table.original:
        return table.key
    return written_table(table)


def free_key_name(table: Table) -> str:
    """A name for a new key column that the table does not have yet: ``id``, else
    ``{table}_id``, else ``row_id`` (``ADD COLUMN id`` beside a key named id: 'column
    "id" of relation ... already exists'; scout AS)."""
    have = {c.lower() for c in table.columns}
    for name in ("id", f"{table.name}_id", "row_id"):
        if name.lower() not in have:
            return name
    n = 2
    while f"row_id_{n}" in have:
        n += 1
    return f"row_id_{n}"


def key_column_sql(ctx: Any, table: Table, name: str = "id") -> str:
    """Statements that add a column ``name`` the engine numbers (no key yet)."""
    f = facts(ctx)
    if f.identity_column:
        return f.identity_column.format(t=sql_t(ctx, table.key), c=q(ctx, name),
                                        s=fit_name(ctx, f"{table.name}_{name}_seq"))
    return add_column_sql(ctx, table.key, name, f.identity)


def rename_table_sql(ctx: Any, old: str, new: str) -> str:
    """The dialect's table rename; ``old`` as the statement writes it, ``new`` bare.
    SQLite compares table names without case, so a rename that changes only the case
    goes through a name of its own ('there is already another table or index with this
    name': Spring Batch's BATCH_JOB_INSTANCE, Chinook's Album)."""
    fmt = facts(ctx).rename_table
    if ctx.dialect.name in ("mysql", "mariadb") and "." in old and "." not in new:
        # (MySQL renames into the current database when the new name has none: the
        # table would move out of its own)
        new = f"{old.rsplit('.', 1)[0]}.{new}"
    last = old.rsplit(".", 1)[-1].strip('"[]`')
    if ctx.dialect.name == "sqlite" and last.lower() == new.strip('"[]`').lower():
        step = q(ctx, f"{last.lower()}_renamed")
        return fmt.format(t=old, new=step) + " " + fmt.format(t=step, new=new)
    return fmt.format(t=old, new=new)


def index_ref(ctx: Any, table: Table, name: str, fmt: str) -> str:
    """An index's name for statement ``fmt`` (``drop_index`` / ``rename_index``): where
    the statement does not name the table, schema-qualified as the table is (a postgres
    index lives in its table's schema: ``ALTER INDEX bname ...`` of supabase's
    ``storage.buckets`` index was 'relation "bname" does not exist')."""
    if table.schema and "{t}" not in fmt:
        return q(ctx, f"{table.schema}.{name}")
    return q(ctx, name)


def add_foreign_key_sql(ctx: Any, table_key: str, columns: Any, ref_table: str,
                        ref_columns: Any = ()) -> str:
    """The statement that adds a foreign key (``ref_columns`` empty: the target's key)."""
    return facts(ctx).add_foreign_key.format(
        t=sql_t(ctx, table_key), cols=sql_cs(ctx, table_key, columns),
        r=sql_t(ctx, ref_table),
        rc=f" ({sql_cs(ctx, ref_table, ref_columns)})" if ref_columns else "")


def with_foreign_keys(ctx: Any, table: Table, column: str, new_type: str, hint: str) -> str:
    """A MySQL / MariaDB type change of a column a foreign key uses: the keys that use it
    (its table's own, and other tables' that reference it) dropped first and added back
    after, the referencing columns changed too. MariaDB refuses the MODIFY alone (ERROR
    1832 / 1833 "Cannot change column ...: used in a foreign key constraint", even with
    FOREIGN_KEY_CHECKS=0; DolphinScheduler, Apollo, Ory Kratos: scouts P and Q); each
    sequence was run on MariaDB 10.11. Other dialects: ``hint`` as it is."""
    if facts(ctx).restate != "full":
        return hint
    drops: list[str] = []
    follow: list[str] = []
    adds: list[str] = []

    def move(t: Table, fk: ForeignKey, ref: tuple[str, ...]) -> None:
        name = shown_name(ctx, t, fk.name) or engine_fk_name(ctx, t, fk) or "<its name>"
        drops.append(f"ALTER TABLE {sql_t(ctx, t.key)} DROP FOREIGN KEY {q(ctx, name)};")
        adds.append(restate_foreign_key_sql(ctx, t, fk, fk.name) + ";")

    for fk in table.foreign_keys:         # its own keys through the column
        if column in fk.columns and not fk.inline:
            move(table, fk, tuple(fk.ref_columns))
    pk = tuple(table.primary_key.columns) if table.primary_key else ()
    for child in ctx.catalog.tables.values():     # keys of other tables that reference it
        for fk in child.foreign_keys:
            if fk.ref_table != table.key or fk.inline or (child is table and column in
                                                         fk.columns):
                continue
            ref = tuple(fk.ref_columns) or pk
            if column not in ref:
                continue
            move(child, fk, tuple(fk.ref_columns))
            mine = fk.columns[ref.index(column)] if len(fk.columns) == len(ref) else None
            if mine is not None and mine in child.columns and not (child is table
                                                                   and mine == column):
                follow.append(alter_type_sql(ctx, child, mine, new_type))
    if not drops:
        return hint
    return " ".join([*drops, hint, *follow, *adds])


def restate_foreign_key_sql(ctx: Any, table: Table, fk: ForeignKey, name: str | None) -> str:
    """``ALTER TABLE t ADD [CONSTRAINT name] FOREIGN KEY ...`` restating ``fk`` (no ';');
    ``name`` (``fk``'s own, or the engine's for it) as written (:func:`shown_name`)."""
    return (f"ALTER TABLE {sql_t(ctx, table.key)} ADD "
            + (f"CONSTRAINT {q(ctx, shown_name(ctx, table, name))} " if name else "")
            + f"FOREIGN KEY ({sql_cs(ctx, table.key, fk.columns)}) "
            + f"REFERENCES {sql_t(ctx, fk.ref_table)}"
            + (f" ({sql_cs(ctx, fk.ref_table, fk.ref_columns)})" if fk.ref_columns else "")
            + (f" MATCH {fk.match.upper()}" if fk.match and fk.match != "simple" else "")
            + (f" ON DELETE {fk.on_delete.upper()}" if fk.on_delete else "")
            + (f" ON UPDATE {fk.on_update.upper()}" if fk.on_update else ""))


def alter_type_sql(ctx: Any, table: Table, column: str, new_type: str,
                   col: Column | None = None, keys_moved: bool = False) -> str:
    """The statement that changes ``column``'s type, restating what the dialect needs
    (of ``col``, else of the table's column). ``keys_moved``: the caller drops and makes
    again the keys on the column (AK-PK003 on SQL Server)."""
    f = facts(ctx)
    if col is None:
        col = table.columns.get(column)
    tail = ""
    if col is not None and f.restate:
        tail = " NOT NULL" if not col.nullable else (" NULL" if f.restate == "null" else "")
        if f.restate == "full":
            # MySQL's MODIFY replaces the whole definition: what it leaves out is gone
            # (scouts O and P: hints that dropped NOT NULL, ON UPDATE and COMMENT)
            if col.generated:     # (MariaDB refuses to make it a stored column: ERROR 1907)
                tail = (f" GENERATED ALWAYS AS ({col.generated}) "
                        f"{'STORED' if col.stored else 'VIRTUAL'}") + tail
            if "character set" not in new_type.lower():
                tail = (f" CHARACTER SET {col.charset}" if col.charset else "") + \
                    (f" COLLATE {col.collation}" if col.collation else "") + tail
            if col.default is not None:
                tail += f" DEFAULT {col.default}"
            if col.on_update is not None:
                tail += f" ON UPDATE {col.on_update}"
            if col.identity:
                tail += " AUTO_INCREMENT"
            if col.comment:
                tail += " COMMENT '" + col.comment.replace("\\", "\\\\").replace("'", "''") + "'"
    if f.type_changes is not None and col is not None:
        old_base = base_type(col)
        new_base = _base_type(re.split(r"[\s(]", new_type.strip(), 1)[0], new_type)
        if old_base != new_base and (old_base, new_base) not in f.type_changes:
            c = shown_c(ctx, table.key, column)
            return (f"-- {ctx.dialect.title} cannot change {c} from {said_type(col)} to "
                    f"{new_type}: add a {new_type} column, copy the values, drop {c} and "
                    "rename the new one")
    sql = f.alter_type.format(t=sql_t(ctx, table.key), c=sql_c(ctx, table.key, column),
                              ty=new_type + tail)
    if f.keys_block_alters and not keys_moved:
        blocked = blocked_alter(ctx, table, column, sql)
        if blocked:
            return blocked
    if f.indexes_block_alters and any(
            column in k.columns for k in (table.primary_key, *table.uniques) if k is not None):
        # (DuckDB: 'Cannot change the type of a column that has a UNIQUE or PRIMARY KEY
        # constraint specified')
        return ("-- DuckDB cannot change the type of a key column: rebuild "
                f"{sql_t(ctx, table.key)} with {sql_c(ctx, table.key, column)} {new_type}")
    if ctx.dialect is not None and ctx.dialect.name == "postgres":
        from archkit.schema.rules._dependents import with_dependents

        return with_dependents(ctx, table, column, new_type, sql)
    return sql


def blocked_alter(ctx: Any, table: Table, column: str, sql: str) -> str | None:
    """Where the engine refuses ALTER COLUMN of a column a key, foreign key or index uses
    (SQL Server), a note naming them around ``sql``; else None."""
    if not facts(ctx).keys_block_alters:
        return None
    blockers = column_dependents(ctx, table, column)
    if not blockers:
        return None
    it = "it" if len(blockers) == 1 else "them"
    return (f"-- {ctx.dialect.title} cannot alter {shown_c(ctx, table.key, column)} while "
            f"{', '.join(blockers)} "
            f"use{'s' if len(blockers) == 1 else ''} it: drop {it}, run "
            f"{sql.strip().rstrip(';')}, and make {it} again")


def set_not_null_sql(ctx: Any, table: Table, column: str) -> str:
    """``ALTER ... SET NOT NULL`` of ``column`` (the note of :func:`blocked_alter` where
    the engine refuses it)."""
    col = table.columns[column]
    sql = facts(ctx).set_not_null.format(t=sql_t(ctx, table.key), c=sql_c(ctx, table.key, column),
                                         ty=type_sql(col))
    return blocked_alter(ctx, table, column, sql) or sql


def column_dependents(ctx: Any, table: Table, column: str) -> list[str]:
    """What uses ``column`` so that SQL Server refuses to alter it: the table's keys and
    indexes on it and its own foreign keys; a key's column is also what other tables'
    foreign keys reference, named as such (the table alone decides the note, as the
    incremental checker re-runs the rule for it alone)."""
    out = []
    pk = table.primary_key
    keyed = False
    if pk is not None and column in pk.columns:
        out.append(f"primary key {shown_name(ctx, table, pk.name)}" if pk.name
                   else "the primary key")
        keyed = True
    for u in table.uniques:
        if column in u.columns:
            out.append(f"unique constraint {shown_name(ctx, table, u.name)}" if u.name
                       else "a unique constraint")
            keyed = True
    for ix in table.indexes:
        if any(not c.is_expression and c.expr == column for c in ix.columns) or \
                column in (ix.include or ()):
            out.append(f"index {shown_ix(ctx, ix)}" if ix.name else "an index")
    for fk in table.foreign_keys:
        if column in fk.columns:
            out.append(f"foreign key {shown_name(ctx, table, fk.name)}" if fk.name
                       else "a foreign key")
    if keyed:
        out.append("any foreign key that references it")
    return out


def fks_by_target(ctx: Any) -> dict[str, list[tuple[Table, Any]]]:
    """Table key -> (table, foreign key) of the foreign keys that reference it."""
    out: dict[str, list[tuple[Table, Any]]] = {}
    for t in ctx.catalog.tables.values():
        for fk in t.foreign_keys:
            out.setdefault(fk.ref_table, []).append((t, fk))
    return out


FACTS["clickhouse"] = RuleFacts(stored_column_rewrites=False,
                                alter_type="ALTER TABLE {t} MODIFY COLUMN {c} {ty};")

# MariaDB: MySQL's facts, but for display widths, zero dates and utf8mb4 collations
FACTS["mariadb"] = replace(FACTS["mysql"], display_widths_deprecated=False,
                           zero_dates_rejected=False, utf8mb4_collation="utf8mb4_unicode_ci")


def facts(ctx: Any) -> RuleFacts:
    return FACTS.get(ctx.catalog.dialect, _DEFAULT)


def dialect_fact(ctx: Any, name: str, default: Any = None) -> Any:
    """A fact from the dialect table of ``archkit.schema.dialects`` (None-safe)."""
    return getattr(ctx.dialect, name, default) if ctx.dialect is not None else default


# -- type families -----------------------------------------------------------------------
_ALIASES = {
    "integer": "int", "int4": "int", "int2": "smallint", "int8": "bigint",
    "float4": "float", "float8": "double", "double precision": "double", "real": "float",
    "decimal": "numeric", "bool": "boolean", "character varying": "varchar",
    "character": "char", "timestamp without time zone": "timestamp",
    "timestamp with time zone": "timestamptz", "time with time zone": "timetz",
    "serial4": "serial", "serial8": "bigserial", "serial2": "smallserial",
}
_STORAGE = {"serial": "int", "bigserial": "bigint", "smallserial": "smallint"}
FLOAT_TYPES = frozenset({"float", "double", "real", "float4", "float8", "binary_float",
                         "binary_double", "smallmoney"})
MONEY_TYPES = frozenset({"money", "smallmoney"})
JSON_TYPES = frozenset({"json", "jsonb", "variant", "object"})
LOB_TYPES = frozenset({"text", "ntext", "clob", "nclob", "blob", "tinytext", "mediumtext",
                       "longtext", "tinyblob", "mediumblob", "longblob", "xml", "image",
                       "bytea", "varbinary", "binary"})
BOOL_TYPES = frozenset({"boolean", "bool", "bit"})
INT_TYPES = frozenset({"int", "bigint", "smallint", "tinyint", "mediumint", "serial",
                       "bigserial", "smallserial", "uint", "ubigint", "usmallint",
                       "utinyint", "umediumint", "int64", "number"})


NUMBER_TYPES = INT_TYPES | FLOAT_TYPES | frozenset({"numeric", "decimal", "number", "money",
                                                    "integer", "real"})
TEXT_TYPES = frozenset({"varchar", "char", "text", "nvarchar", "nchar", "varchar2", "nvarchar2",
                        "string", "citext", "tinytext", "mediumtext", "longtext", "clob",
                        "nclob", "ntext"})
TIME_TYPES = frozenset({"date", "time", "timetz", "timestamp", "timestamptz", "datetime",
                        "datetime2", "smalldatetime", "datetimeoffset", "timestamp_ntz",
                        "timestamp_ltz", "timestamp_tz", "year"})


def value_family(stored: str) -> str:
    """What kind of value a stored type (or a sqlite affinity) holds: "number", "text",
    "uuid", "date/time", else the type itself (AK-FK005 and AK-TY008 compare kinds)."""
    if stored in NUMBER_TYPES:
        return "number"
    if stored in TEXT_TYPES:
        return "text"
    if stored in ("uuid", "uniqueidentifier"):
        return "uuid"
    if stored in TIME_TYPES:
        return "date/time"
    return stored


def engine_fk_name(ctx: Any, table: Table, fk: ForeignKey) -> str | None:
    """A foreign key's name: as written, else the one the engine gave it (MySQL's
    ``<table>_ibfk_<n>``, postgres' ``<table>_<cols>_fkey``), else None."""
    from archkit.schema.autonames import name_of

    return name_of(ctx.dialect.name, table, fk)


def base_type(col: Column) -> str:
    return _base_type(col.type or "", col.raw_type or "")


def said_type(col: Column, default: str | None = None) -> str:
    """A column's type for a message: as written, and for a named type (a domain, an
    alias type) what it stands for: ``year (int)``."""
    said = col.raw_type or default or col.type
    return f"{said} ({col.type})" if col.domain else said


def wrapped_type(raw: str) -> str:
    """The type inside ClickHouse's Nullable(...) / LowCardinality(...) wrappers, as
    written: ``LowCardinality(Nullable(String))`` -> ``String``."""
    while raw[:9].lower() == "nullable(" or raw[:15].lower() == "lowcardinality(":
        raw = raw[raw.index("(") + 1:]
        raw = raw[:-1] if raw.endswith(")") else raw
    return raw


@lru_cache(maxsize=4096)
def _base_type(type_: str, raw: str) -> str:
    t = type_.strip().lower()
    t = _ALIASES.get(t, t)
    if t in INT_TYPES and not t.startswith("u"):
        low = wrapped_type(raw).lower()
        # MySQL INT UNSIGNED; DuckDB UINTEGER / UBIGINT, ClickHouse UInt32 / UInt64
        if "unsigned" in low or (low[:1] == "u" and low[1:2] in ("i", "b", "s", "t", "h")):
            t = "u" + t
    return t


def affinity(raw_type: str) -> str:
    """SQLite's type affinity for a declared type (https://sqlite.org/datatype3.html 3.1)."""
    t = raw_type.upper()
    if "INT" in t:
        return "integer"
    if "CHAR" in t or "CLOB" in t or "TEXT" in t:
        return "text"
    if "BLOB" in t or not t.strip():
        return "blob"
    if "REAL" in t or "FLOA" in t or "DOUB" in t:
        return "real"
    return "numeric"


def comparable_type(ctx: Any, col: Column) -> str:
    """What two columns must share to hold the same values in this dialect."""
    if facts(ctx).type_affinity:
        return affinity(col.raw_type or col.type or "")
    return storage_type(col)


def storage_type(col: Column) -> str:
    """The type a value is stored as (serial -> int), for comparing columns."""
    t = base_type(col)
    return _STORAGE.get(t, t)


def type_sql(col: Column) -> str:
    """SQL for the column's stored type, to put in a hint (serial -> int)."""
    t = storage_type(col)
    if col.raw_type and not col.serial and t not in {"serial", "bigserial", "smallserial"}:
        return col.raw_type
    if t.startswith("u") and t[1:] in INT_TYPES:
        return f"{t[1:]} unsigned"
    if col.params and t not in INT_TYPES:
        return f"{t}({', '.join(col.params)})"
    return t


def is_user_defined(col: Column) -> bool:
    """A type the input defines itself (enum, domain, composite): not comparable by name."""
    return base_type(col) in {"user-defined", "userdefined"}


def is_bool_column(col: Column) -> bool:
    t = base_type(col)
    if t in {"boolean", "bool"}:
        return True
    # mysql BOOLEAN is TINYINT(1); tsql BIT
    return (t in {"tinyint", "utinyint"} and col.params == ("1",)) or (t == "bit" and not col.params)


# -- templates ---------------------------------------------------------------------------
@lru_cache(maxsize=256)
def template(pattern: str, fields: tuple[str, ...]) -> Any:
    """``pattern.format(**dict(zip(fields, values)))`` as ``f(*values)``, without parsing
    the pattern on every call when it only names ``fields`` plainly (else str.format)."""
    import string

    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        parts = None
    plain = parts is not None and all(
        f is None or (f in fields and not spec and conv is None) for _t, f, spec, conv in parts)
    if not plain:
        return lambda *values: pattern.format(**dict(zip(fields, values)))
    # a lambda that concatenates the literal parts (as repr) and the arguments: no parsing
    # and no keyword dictionary per call
    args = [f"v{i}" for i in range(len(fields))]
    terms = []
    for text, f, _spec, _conv in parts:
        if text:
            terms.append(repr(text))
        if f is not None:
            terms.append(f"str({args[fields.index(f)]})")
    # (literals are repr()s, names are v0, v1...: nothing from the pattern runs)
    return eval(f"lambda {', '.join(args)}: {' + '.join(terms) or repr('')}")


# -- identifiers in hints ----------------------------------------------------------------
# names that need no quotes, by how the dialect folds unquoted identifiers
_PLAIN = {"lower": LazyPattern(r"^[a-z_][a-z0-9_]*$"), "upper": LazyPattern(r"^[A-Z_][A-Z0-9_]*$"),
          "none": LazyPattern(r"^[A-Za-z_][A-Za-z0-9_]*$")}


# quoted forms by (catalog dialect, the Dialect object), then by name: names repeat
# across findings (table keys in every hint), and the test below is the same each time
_QUOTED: dict[tuple[str, int], tuple[Any, dict[str, str]]] = {}


def _quoting(ctx: Any) -> tuple[Any, ...]:
    """(dialect, quoted names, reserved words, plain-name test, lower-case test or None,
    quote characters) for the context's dialect."""
    d = ctx.dialect
    slot = _QUOTED.get((ctx.catalog.dialect, id(d)))
    if slot is None or slot[0] is not d:
        # (where quoted names fold too, SQL Server's Customer needs no brackets)
        fold = "none" if dialect_fact(ctx, "fold_quoted", False) else \
            dialect_fact(ctx, "fold", "lower")
        slot = _QUOTED[(ctx.catalog.dialect, id(d))] = (
            d, {}, dialect_fact(ctx, "reserved", frozenset()) or frozenset(),
            _PLAIN.get(fold, _PLAIN["lower"]).match,
            _PLAIN["lower"].match if fold == "upper" else None, facts(ctx).quote)
    return slot


def _quote_new(slot: tuple[Any, ...], name: str) -> str:
    _d, names, reserved, plain, lower, (left, right) = slot
    if len(names) > 100_000:
        names.clear()
    if "." not in name:
        # in upper-folding dialects a lower-case name is one archkit proposes: leave it bare
        bare = plain(name) or (lower is not None and lower(name))
        quoted = names[name] = (name if bare and name.lower() not in reserved
                                else f"{left}{name}{right}")
        return quoted
    out = []
    for p in name.split("."):
        bare = plain(p) or (lower is not None and lower(p))
        out.append(p if bare and p.lower() not in reserved else f"{left}{p}{right}")
    quoted = names[name] = ".".join(out)
    return quoted


def q(ctx: Any, name: str) -> str:
    """Quote ``name`` for the dialect when it is not a plain lower-case identifier."""
    slot = _quoting(ctx)
    hit = slot[1].get(name)
    return hit if hit is not None else _quote_new(slot, name)


def quoter(ctx: Any) -> Any:
    """``q`` bound to ``ctx``, for rules that quote thousands of names: a name already
    quoted once is a single dictionary lookup."""
    slot = _quoting(ctx)
    get = slot[1].get

    def quote(name: str) -> str:
        hit = get(name)
        return hit if hit is not None else _quote_new(slot, name)
    return quote


def quote_always(ctx: Any, name: str) -> str:
    left, right = facts(ctx).quote
    return f"{left}{name}{right}"


def cols_sql(ctx: Any, cols: Iterable[str]) -> str:
    return ", ".join([q(ctx, c) for c in cols])


# -- names as written --------------------------------------------------------------------
# Messages name tables and columns with shown_t / shown_c / shown_tc / shown_cs (imported
# above from archkit.schema.shown), hints with these: in SQL Server, SQLite and DuckDB the
# report writes them as the schema does (Sales.SalesOrderHeader), elsewhere they are the
# catalog's names. ``object=`` stays the catalog's key.
def shown_ix(ctx: Any, ix: Any) -> str | None:
    """An index's name as written where the engine keeps it so and compares names
    without case (SQL Server, SQLite, DuckDB; ``IX_Orders_CustomerID``), for messages and
    hints alike; elsewhere the catalog's name. (It is the table's own: a finding about
    the table may read it directly.)"""
    d = ctx.dialect
    return ix.original if ix.original and d is not None and d.fold_quoted else ix.name


def shown_name(ctx: Any, table: Table, name: str | None) -> str | None:
    """A constraint's name (primary key, unique, foreign key, check) of ``table`` as
    written where the engine keeps it so and compares names without case (SQL Server,
    SQLite, DuckDB: ``PK_Customer``), for messages and hints; elsewhere ``name``."""
    d = ctx.dialect
    if not name or d is None or not d.fold_quoted:
        return name
    written = table.options.get("names_written")
    return written.get(name, name) if written else name


# (placeholders inline, as archkit.schema.shown writes them: these run for most hints)
def sql_t(ctx: Any, key: str) -> str:
    """Table ``key`` in a hint's SQL, quoted where needed, as written."""
    d = ctx.dialect
    return "\ue003" + key + "\ue001" if d is not None and d.fold_quoted else q(ctx, key)


def sql_c(ctx: Any, key: str, name: str) -> str:
    """Column ``name`` of table ``key`` in a hint's SQL, quoted where needed, as written."""
    d = ctx.dialect
    if d is not None and d.fold_quoted:
        return "\ue003" + key + "\ue002" + name + "\ue001"
    return q(ctx, name)


def sql_cs(ctx: Any, key: str, names: Iterable[str]) -> str:
    """``a, b``: columns of table ``key`` in a hint's SQL, quoted where needed, as written."""
    d = ctx.dialect
    if d is not None and d.fold_quoted:
        return ", ".join(["\ue003" + key + "\ue002" + n + "\ue001" for n in names])
    return cols_sql(ctx, names)


# -- positions ---------------------------------------------------------------------------
def column_pos(table: Table, column: str) -> Position:
    col = table.columns.get(column)
    if col is not None and col.pos.line is not None:
        return col.pos
    return table.pos


def node_pos(stmt: Statement, node: Any) -> Position:
    """File position of a sqlglot node (its first identifier) inside ``stmt``."""
    from sqlglot import exp

    ident = node if isinstance(node, exp.Identifier) else None
    if ident is None and node is not None:
        ident = next((i for i in node.find_all(exp.Identifier) if i.meta.get("line")), None)
    if ident is None or not ident.meta.get("line"):
        return Position(stmt.path, stmt.line, stmt.col, stmt)
    line, col = ident.meta["line"], ident.meta.get("col", 1)
    # sqlglot's col points at the END of the token: step back to its start
    text = ident.this if isinstance(ident.this, str) else ""
    width = len(text) + (2 if ident.args.get("quoted") else 0)
    col = max(1, col - width + 1)
    if line == 1:
        return Position(stmt.path, stmt.line, stmt.col + col - 1, stmt)
    return Position(stmt.path, stmt.line + line - 1, col, stmt)


def where(pos: Position) -> dict[str, Any]:
    return {"path": pos.path, "line": pos.line, "col": pos.col}


def emit(ctx: Any, message: str, pos: Position, object: str, hint: str) -> Any:
    """``ctx.rule.finding(message, object=, hint=, **where(pos))`` for rules that report
    thousands of findings: no keyword dictionaries on the way."""
    rule = ctx.rule
    return make_finding(rule.id, rule.name, rule.severity, message, pos.path, pos.line,
                        pos.col, object, hint)


# -- keys and indexes --------------------------------------------------------------------
def key_column_sets(table: Table) -> list[tuple[str, ...]]:
    """Ordered column lists that are guaranteed unique: PK, UNIQUE constraints and
    full (non-partial, column-only) unique indexes."""
    keys: list[tuple[str, ...]] = []
    if table.primary_key is not None:
        keys.append(tuple(table.primary_key.columns))
    keys += [tuple(u.columns) for u in table.uniques]
    for ix in table.indexes:
        if ix.unique and ix.where is None and not [c for c in ix.columns if c.is_expression]:
            keys.append(tuple([c.expr for c in ix.columns]))
    return keys
