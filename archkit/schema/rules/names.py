"""Names (AK-NM001..AK-NM004): conventions, reserved words, length limits, quoting."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from archkit.findings import Finding
from archkit.lazyre import LazyPattern
from archkit.schema.autonames import pg_object_name
from archkit.schema.model import ForeignKey, Index, Position, PrimaryKey, Table
from archkit.schema.registry import SCHEMA_RULES, SchemaContext, schema_rule
from archkit.schema.rules._conventions import (
    INDEX_TEMPLATES,
    MIN_NAMES,
    UNIQUE_TEMPLATES,
    Inferred,
    infer_style,
    infer_template,
    restyle,
    says_fk,
)
from archkit.schema.rules._support import (
    cached,
    checked,
    column_pos,
    dialect_fact,
    emit,
    facts,
    fit_name,
    index,
    index_ref,
    partitions,
    q,
    quote_always,
    quoter,
    rename_column_sql,
    rename_table_sql,
    shown_c,
    shown_cs,
    shown_ix,
    shown_name,
    shown_t,
    sql_c,
    sql_t,
    table_named,
    tables,
    template,
    where,
    written_key,
)


@dataclass(frozen=True)
class NamedThing:
    kind: str            # table, column, index, constraint
    name: str            # normalised
    original: str        # as written ('' when unknown)
    quoted: bool
    object: str
    table: str | None
    pos: Position


def named_things(ctx: SchemaContext, keep: Callable[[str, bool], bool],
                 kinds: tuple[str, ...] = ("table", "column", "index", "constraint"),
                 quoted_only: bool = False, min_chars: int = 0) -> Iterator[NamedThing]:
    """Every name the schema defines (tables, partitions, columns, indexes, named
    constraints) for which ``keep(name_as_written, quoted)`` holds; the filter runs before
    anything is built.
    ``quoted_only`` and ``min_chars`` skip, without asking ``keep``, names it would reject
    anyway: unquoted ones, and those shorter than ``min_chars`` characters. Column names
    repeat across tables, so ``keep`` is asked once per distinct column name."""
    want_tables, want_cols = "table" in kinds, "column" in kinds
    want_ix, want_con = "index" in kinds, "constraint" in kinds
    for table in tables(ctx):
        if want_tables and (table.quoted or not quoted_only):
            original = table.original or table.name
            if len(original) >= min_chars and keep(original, table.quoted):
                yield NamedThing("table", table.name, original, table.quoted, table.key, None,
                                 table.pos)
        if quoted_only:
            continue      # index and constraint names count as unquoted
        if want_ix:
            for ix in table.indexes:
                if ix.name and len(ix.name) >= min_chars and keep(ix.name, False):
                    yield NamedThing("index", ix.name, ix.name, False, ix.name, table.key,
                                     ix.pos if ix.pos.line is not None else table.pos)
        if want_con:
            pk = table.primary_key
            for group in ((pk,) if pk else (), table.uniques, table.foreign_keys, table.checks):
                for c in group:
                    if c.name and len(c.name) >= min_chars and keep(c.name, False):
                        yield NamedThing("constraint", c.name, c.name, False, c.name,
                                         table.key,
                                         c.pos if c.pos.line is not None else table.pos)
    if want_tables:
        for table in partitions(ctx):      # their names only (see partitions)
            original = table.original or table.name
            if (table.quoted or not quoted_only) and len(original) >= min_chars and \
                    keep(original, table.quoted):
                yield NamedThing("table", table.name, original, table.quoted, table.key, None,
                                 table.pos)
    if not want_cols:
        return
    # columns by the name as written: each distinct name is judged once
    plain, quoted = index(ctx).written
    for is_quoted, groups in ((False, plain), (True, quoted)):
        if quoted_only and not is_quoted:
            continue
        for written, cols in groups.items():
            if len(written) < min_chars or not keep(written, is_quoted):
                continue
            for table, name, _col in cols:
                yield NamedThing("column", name, written, is_quoted, f"{table.key}.{name}",
                                 table.key, column_pos(table, name))


# -- AK-NM001 ----------------------------------------------------------------------------
_SNAKE = r"^[a-z][a-z0-9_]*$"
_PLAIN_LOWER = LazyPattern(r"^[a-z0-9_]+$")


@lru_cache(maxsize=4096)
def _colpart(cols: tuple[str, ...], sep: str = "_") -> str:
    return sep.join(c if _PLAIN_LOWER.match(c) else
                    re.sub(r"[^a-z0-9_]+", "_", c.lower()).strip("_") for c in cols)


# what an index name template may name: {columns} joins them with "_", {columns_and}
# with "_and_" (Rails: index_users_on_email_and_name), {schema} the table's schema
_IX_FIELDS = ("table", "columns", "columns_and", "schema")
_RAILS = "index_{table}_on_{columns_and}"
_RAILS_BYTES = 62          # ActiveRecord's max_index_name_size, in every adapter


def _index_name_ok(name: str, table: str, cols: tuple[str, ...], patterns: list[str],
                   max_len: int | None, schema: str | None = None) -> bool:
    """Compared without case: every engine here takes an unquoted index name in any case
    (postgres folds it to lower case, oracle and snowflake to capitals, SQL Server, MySQL
    and SQLite compare without case), so ``IX_{table}_{columns}`` judges the words of
    ``IX_Address_StateProvinceID``, which the catalog holds folded."""
    lname = name.lower()
    return any(_fits(lname, table, cols, p, max_len, schema) for p in patterns)


@lru_cache(maxsize=256)
def _unschema(pattern: str) -> str:
    """``pattern`` for a table of the default schema: without its {schema} word."""
    return pattern.replace("{schema}_", "").replace("_{schema}", "").replace("{schema}", "")


def _expand(pattern: str, table: str, colpart: str, colpart_and: str,
            schema: str | None) -> str:
    return template(pattern if schema or "{schema}" not in pattern else _unschema(pattern),
                    _IX_FIELDS)(table, colpart, colpart_and, schema or "")


def _fits(lname: str, table: str, cols: tuple[str, ...], pattern: str,
          max_len: int | None, schema: str | None = None) -> bool:
    """Whether lower-case index name ``lname`` is what ``pattern`` makes of the table and
    its columns (joined by _ and by _and_), or, where that is too long, the name the
    engine or the framework makes of it (:func:`_shortened`, or the name cut to the
    identifier limit: PostgreSQL truncates long names)."""
    # (first the literal words the name must start and end with, whatever the table and
    # columns: most names tried against a template that is not theirs fail there, without
    # the template filled in; the inference tries a dozen on a schema's every index)
    head, tail = _ends(pattern, bool(schema))
    if head and not lname.startswith(head) and len(lname) >= len(head) and not (
            pattern == _RAILS and lname.startswith("idx_on_")):
        return False       # (Rails' shortened name starts idx_on_; a cut name keeps the start)
    if tail and not lname.endswith(tail) and not (
            max_len and max_len - 3 <= len(lname.encode()) <= max_len):
        return False       # (a name cut to the limit loses its end: only one of that length;
                           # PostgreSQL's shortened <table>_<columns>_<label> keeps it)
    colpart = _colpart(cols)
    want = _expand(pattern, table, colpart,
                   _colpart(cols, "_and_") if "{columns_and}" in pattern else "",
                   schema).lower()
    if lname == want:
        return True
    size = len(want.encode())
    if size <= _RAILS_BYTES and (not max_len or size <= max_len):
        return False
    if max_len and size > max_len and lname == want.encode()[:max_len].decode("utf-8", "ignore"):
        return True
    short = _shortened(pattern, want, table, colpart, max_len)
    return short is not None and lname == short.lower()


@lru_cache(maxsize=256)
def _ends(pattern: str, schema: bool) -> tuple[str, str]:
    """The literal text (lower case) before the first field of a name template (for a
    table with a schema or without, see :func:`_expand`) and after its last, which every
    name the template makes starts and ends with; ("", "") where the template does not
    parse or the text is not ASCII (whose case folding may depend on the letters beside
    it)."""
    import string

    if not schema and "{schema}" in pattern:
        pattern = _unschema(pattern)
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        return "", ""
    if not parts:
        return "", ""
    head = parts[0][0] or ""
    tail = (parts[-1][0] or "") if parts[-1][1] is None else ""
    if not (head + tail).isascii():
        return "", ""
    return head.lower(), tail.lower()


def _shortened(pattern: str, want: str, table: str, colpart: str,
               max_len: int | None) -> str | None:
    """The name that stands for ``want`` (``pattern`` made of a table and its columns,
    ``colpart``) where ``want`` is too long, as the tool that follows the pattern makes it:
    Rails 7.1 (``idx_on_<columns>_<hash>``, 62 bytes at most) or PostgreSQL's own names
    (``<table>_<columns>_idx``: the longer of table and columns cut, the suffix kept);
    None where neither applies."""
    if pattern == _RAILS:
        if len(want.encode()) <= _RAILS_BYTES:
            return None
        import hashlib

        hashed = "_" + hashlib.sha256(want.encode()).hexdigest()[:10]
        short = f"idx_on_{colpart}".encode()[:_RAILS_BYTES - len(hashed)]
        return short.decode("utf-8", "ignore") + hashed
    m = _PG_LABELLED.match(pattern)
    if m and max_len == 63 and len(want.encode()) > max_len:
        return pg_object_name(table, colpart, m.group(1))
    return None


# a template of PostgreSQL's own form: <table>_<columns>_<label>
_PG_LABELLED = LazyPattern(r"^\{table\}_\{columns\}_([A-Za-z]+)$")


def _expected_parts(table: Table, names: tuple[str, ...], table_re: re.Pattern[str],
                    column_re: re.Pattern[str]) -> tuple[str, str, str]:
    """The table and column parts of the index name to suggest: each as written where it
    follows its own pattern (SalesOrderHeader under a PascalCase convention), else its
    written words in snake_case (DocumentLevel -> document_level)."""
    written = table.original or table.name
    tpart = written if table_re.match(written) else _snake(written)
    parts = []
    for c in names:
        col = table.columns.get(c)
        w = (col.original or col.name) if col is not None else c
        # (Flowable's SCOPE_ID_: no doubled _ between the words of a name)
        parts.append((w if column_re.match(w) else _snake(w)).strip("_") or w)
    return tpart, "_".join(parts), "_and_".join(parts)


@dataclass(frozen=True)
class Conventions:
    """What AK-NM001 judges each kind of name by (see _conventions)."""
    tables: Inferred
    columns: Inferred
    indexes: Inferred
    unique_indexes: Inferred


_NM001_OPTIONS = ("table_pattern", "column_pattern", "index_patterns", "unique_index_patterns",
                  "infer_convention")


def conventions(ctx: SchemaContext) -> Conventions:
    """The conventions of this run: the options archkit.toml sets, and for a kind it sets
    none of, the one the schema's names follow where names keep their case
    (``_conventions``); read from the whole catalog, so the incremental checker's runs on
    some tables judge them alike (and it runs AK-NM001 whole when an edit changes them)."""
    return cached(ctx, _conventions_key(ctx), _conventions_of)


def _conventions_key(ctx: SchemaContext) -> str:
    given = tuple((k, repr(ctx.options[k])) for k in _NM001_OPTIONS if k in ctx.options)
    return f"_nm001_conventions{given}"


def new_index_name(ctx: SchemaContext, table: Table, columns: Sequence[str],
                   unique: bool = False) -> str:
    """The name for an index a hint creates on ``table`` (``columns``): as the schema
    names its indexes (the convention AK-NM001 infers, or archkit.toml's
    ``index_patterns``), else ``{table}_{columns}_idx``; cut to the identifier limit.
    (IX006's hints named rental_customer_id_idx in a schema of idx_{table}_{columns} names, so
    following the hint made an AK-NM001 finding.)"""
    # (AK-NM001's conventions: its default patterns, with the options of this run)
    conv = conventions(SchemaContext(catalog=ctx.catalog, dialect=ctx.dialect,
                                     rule=SCHEMA_RULES["AK-NM001"].rule,
                                     options=ctx.options))
    kind = conv.unique_indexes if unique else conv.indexes
    plain = f"{table.name}_{'_'.join(columns)}_idx"
    table_re = re.compile(conv.tables.patterns[0])
    column_re = re.compile(conv.columns.patterns[0])
    tpart, cpart, cpart_and = _expected_parts(table, tuple(columns), table_re, column_re)
    if kind.style not in (None, "template") or not kind.patterns:
        # (names that share only a prefix or a suffix, IX_StoreID beside IX_CustomerID:
        # what else goes in a new one is not known)
        return fit_name(ctx, plain)
    pattern = _closest(list(kind.patterns), plain, table, tuple(columns))
    return fit_name(ctx, _expand(pattern, tpart, cpart, cpart_and,
                                 table.options.get("schema_as_written") or table.schema))


def relations_moved(before: Any, after: Any, changed: set[str]) -> bool:
    """Whether the tables ``changed`` name their relations differently in the two
    catalogs: the names of the table, its indexes and keys (and, for those without a
    name, the columns the engine names them after). AK-NM001 (an index name it proposes
    may be taken elsewhere) and AK-NM003 (a long name may collide with another table's
    once cut) read every table's, so the incremental checker runs them whole then."""
    for k in changed:
        a, b = before.tables.get(k), after.tables.get(k)
        if a is None or b is None or _relation_names(a) != _relation_names(b):
            return True
    return False


def _relation_names(t: Table) -> tuple[Any, ...]:
    keys = (t.primary_key, *t.uniques) if t.primary_key is not None else tuple(t.uniques)
    return (t.name, t.schema, checked(t),
            tuple((ix.name, None if ix.name else ix.column_names) for ix in t.indexes),
            tuple((k.name, None if k.name else tuple(k.columns)) for k in keys))


def conventions_moved(before: SchemaContext, after: SchemaContext, changed: set[str]) -> bool:
    """Whether the conventions differ between two catalogs whose tables differ in
    ``changed`` only (the incremental checker's question). Where none of those tables
    changed a name the inference reads (an index's name or columns; table and column
    names where the engine keeps their case), they are the last catalog's, taken over
    without counting the schema's names again."""
    old = conventions(before)
    styled = _folding(after) is None
    nested = after.dialect.nested_columns if styled else None
    memo = before.catalog.__dict__.get("_nm001_records", {})
    share_records(before.catalog, after.catalog)
    same = True
    for k in changed:
        a, b = before.catalog.tables.get(k), after.catalog.tables.get(k)
        if a is None or b is None or checked(a) != checked(b):
            same = False
            break
        if not checked(a):
            continue
        ra = memo[k][1] if k in memo and memo[k][0] is a else _record(a, nested)
        rb = _record(b, nested)
        if ra[2:] != rb[2:] or (styled and ra[:2] != rb[:2]):
            same = False
            break
    if same:
        after.catalog.__dict__[_conventions_key(after)] = old
        return False
    return conventions(after) != old


def _conventions_of(ctx: SchemaContext) -> Conventions:
    table_p = str(ctx.option("table_pattern", _SNAKE))
    column_p = str(ctx.option("column_pattern", _SNAKE))
    ix_p = tuple(str(p) for p in ctx.option("index_patterns") or [])
    uq_p = tuple(str(p) for p in ctx.option("unique_index_patterns") or []) or ix_p
    given = Conventions(Inferred((table_p,)), Inferred((column_p,)), Inferred(ix_p),
                        Inferred(uq_p))
    if not ctx.option("infer_convention", True):
        return given
    base = getattr(ctx.catalog, "_archkit_base", ctx.catalog)
    records = _naming_records(base, ctx.dialect.nested_columns if _folding(ctx) is None
                              else None)
    tabs, cols = given.tables, given.columns
    # (where the engine folds unquoted names, CustomerId is customerid: the words run
    # together, and snake_case stands; an index template is the same in any case)
    styled = _folding(ctx) is None
    if styled and "table_pattern" not in ctx.options:
        tabs = infer_style(list(dict.fromkeys(r[0] for r in records)), table_p)
    if styled and "column_pattern" not in ctx.options:
        names: dict[str, None] = {}
        for r in records:
            names.update(r[1])
        cols = infer_style(list(names), column_p)
    max_len = dialect_fact(ctx, "max_identifier_bytes", None) \
        if dialect_fact(ctx, "truncates_long_identifiers", False) else None
    plain = [item for r in records for item in r[2]]
    unique = [item for r in records for item in r[3]]

    def fits(item: tuple[Any, ...], pattern: str) -> bool:
        return _fits(item[1], item[2], item[3], pattern, max_len, item[4])
    ixs, uqs = given.indexes, given.unique_indexes
    # (SQL Server's index names are known folded, as it compares them: a template's
    # words are then written as the tables are, IX_ beside PascalCase tables)
    capitals = tabs.style in ("PascalCase", "UPPER_SNAKE_CASE", "Pascal_Snake_Case") \
        if ctx.dialect.normalise("Ab") != "Ab" else None
    if "index_patterns" not in ctx.options and ix_p:
        ixs = infer_template(plain, ix_p, INDEX_TEMPLATES, fits, capitals)
    if "unique_index_patterns" not in ctx.options and uq_p:
        if len(unique) >= MIN_NAMES or ixs.style is None:
            uqs = infer_template(unique, uq_p, UNIQUE_TEMPLATES, fits, capitals)
        else:
            # (too few unique indexes to tell: they may be named as the others are)
            uqs = _with_unique_words(ixs) if ixs.affixes else Inferred((*uq_p, *ixs.patterns))
    return Conventions(tabs, cols, ixs, uqs)


def _with_unique_words(ixs: Inferred) -> Inferred:
    """The convention for unique indexes too few to tell their own, where the other
    indexes share prefixes or suffixes: theirs, or a word that says unique in their
    place (Oracle OE's ORDER_ITEMS_UK beside its _IX indexes)."""
    words = ("uk", "uq", "ux", "pk", "ak", "key", "unique")
    more = tuple(w + "_" if ixs.style == "prefix" else "_" + w for w in words)
    if ixs.affixes and ixs.affixes[0].isupper():
        more = tuple(m.upper() for m in more)
    return replace(ixs, affixes=tuple(dict.fromkeys((*ixs.affixes, *more))))


# what one table gives the inference: (its name as written, its column names as written,
# its plain and its unique indexes as (name, lower-case name, table, columns, schema))
_Record = tuple[str, dict[str, None], list[tuple[Any, ...]], list[tuple[Any, ...]]]


def _naming_records(catalog: Any, nested: bool | None) -> list[_Record]:
    """Every judged table's :data:`_Record`, remembered per table object on the catalog:
    the incremental checker hands the last catalog's to the next (:func:`share_records`),
    so a re-check makes them again for the edited tables only."""
    memo: dict[str, tuple[Table, _Record]] = catalog.__dict__.setdefault("_nm001_records", {})
    out = []
    for k, t in catalog.tables.items():
        if not checked(t):
            continue
        hit = memo.get(k)
        if hit is None or hit[0] is not t:
            hit = memo[k] = (t, _record(t, nested))
        out.append(hit[1])
    return out


def share_records(prev: Any, catalog: Any) -> None:
    """Give ``catalog`` the naming records ``prev`` made (see :func:`_naming_records`)."""
    old = prev.__dict__.get("_nm001_records")
    if old:
        catalog.__dict__.setdefault("_nm001_records", {}).update(
            (k, hit) for k, hit in old.items() if catalog.tables.get(k) is hit[0])


def _record(t: Table, nested: bool | None) -> _Record:
    """``nested``: whether column names have parts (BigQuery's a.b); None where column
    names are not read (engines that fold them: no style is inferred for them)."""
    names: dict[str, None] = {}
    inherited = t.options.get("inherited", ()) if "inherited" in t.options else ()
    for name, col in t.columns.items() if nested is not None else ():
        if name not in inherited:
            w = col.original or name
            if nested and "." in w:
                names.update(dict.fromkeys(_nested_parts(w)))
            else:
                names[w] = None
    plain: list[tuple[Any, ...]] = []
    unique: list[tuple[Any, ...]] = []
    exclusions = t.options.get("exclusions", ())
    for ix in t.indexes:
        name = ix.name
        if not name or name in exclusions or not ix.columns or _a_key_s(t, ix):
            continue
        cols = []
        for c in ix.columns:
            if c.is_expression:
                break
            cols.append(c.expr)
        else:
            (unique if ix.unique else plain).append((name, name.lower(), t.name, tuple(cols),
                                                     t.schema))
    return t.original or t.name, names, plain, unique


def _a_key_s(t: Table, ix: Index) -> bool:
    """Whether ``ix`` is a unique index named as the table's primary key or a unique
    constraint, or on just its columns: the index that key uses (Oracle's ``CREATE
    UNIQUE INDEX reg_id_pk`` then ``ADD CONSTRAINT reg_id_pk PRIMARY KEY``; OE's
    prd_desc_pk under product_descriptions_pk), named for the key, not as the indexes
    (elsewhere such an index repeats the key: AK-IX003 says so)."""
    if not ix.unique or ix.where is not None:
        return False
    low = ix.name.lower()
    cols = tuple(c.expr for c in ix.columns)
    return any(k is not None and ((k.name and k.name.lower() == low) or tuple(k.columns) == cols)
               for k in (t.primary_key, *t.uniques))


@schema_rule(
    "AK-NM001", "naming-convention", "info",
    summary="a name breaks the configured pattern for its kind (snake_case; indexes <table>_<cols>_idx)",
    like="Atlas naming, skeema name-case",
    why="""Names are read far more often than written: a consistent convention lets
people guess a table, column or index name without looking it up, and lets review tools
spot an index on the wrong columns by its name. Patterns are regular expressions
(tables, columns) and templates with {table} and {columns}, or {columns_and} for
columns joined by _and_ as Rails names them (indexes), in archkit.toml [schema]. Where
the engine folds unquoted names (postgres to lower case, oracle and snowflake to
capitals), an unquoted name in capitals is the same name in lower case and is judged
so; mixed case (customerId) is judged as written. Where archkit.toml sets no pattern
for a kind of name and fewer than 80% of the schema's names of that kind follow the
default, a convention at least 80% follow is the one they are judged by, and the
message says so: only the names that break the schema's own convention are reported.
Index names: templates such as IX_{table}_{columns}, {table}_{columns}_index,
index_{table}_on_{columns_and} (with Rails' shortened idx_on_ names) or
FK_{schema}_{table}_{columns}, or two or three together (FK_ for the indexes of foreign
keys, IX_ for the others), else shared prefixes (ACT_IDX_) or suffixes (_IX); a unique
index named as a key or on just its columns is the key's. Table and column names,
where the engine keeps their case (MySQL, SQL Server, SQLite, BigQuery, DuckDB):
PascalCase, camelCase, UPPER_SNAKE_CASE or Pascal_Snake_Case. infer_convention = false
keeps the default.""",
    fires=("CREATE TABLE orders (id bigint PRIMARY KEY, \"customerId\" bigint);\n"
           "CREATE INDEX by_customer ON orders (\"customerId\");"),
    passes=("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n"
            "CREATE INDEX orders_customer_id_idx ON orders (customer_id);"),
    options={"table_pattern": _SNAKE, "column_pattern": _SNAKE,
             "index_patterns": ["{table}_{columns}_idx"],
             "unique_index_patterns": ["{table}_{columns}_key", "{table}_{columns}_idx"],
             "infer_convention": True},
)
def naming_convention(ctx: SchemaContext) -> Iterator[Finding]:
    conv = conventions(ctx)
    table_re, column_re = re.compile(conv.tables.patterns[0]), re.compile(conv.columns.patterns[0])
    ix_patterns, uq_patterns = list(conv.indexes.patterns), list(conv.unique_indexes.patterns)
    limit = dialect_fact(ctx, "max_identifier_bytes", None)
    max_len = limit if dialect_fact(ctx, "truncates_long_identifiers", False) else None
    fold = _folding(ctx)
    nested = ctx.dialect.nested_columns
    hints = ctx.hints
    # column names repeat across tables (id, created_at, c1...): each is matched once
    for quoted, groups in enumerate(index(ctx).written):
        for written, cols in groups.items():
            if _name_ok(column_re, written, fold and not quoted) or (
                    nested and all(_name_ok(column_re, part, fold and not quoted)
                                   for part in _nested_parts(written))):
                continue
            if fold == "lower" and not quoted and (
                    _capitalised(written, column_re)
                    or (_new_name(ctx, written, "column") == written.lower()
                        and (written.isascii() or _name_ok(column_re, written.lower(), False)))):
                continue      # (Synapse's unquoted Lock: the column is lock, as the
                              # convention wants; the rename was to its own name)
            beyond = _beyond_ascii(written, "column")
            for table, name, _col in cols:
                # (the name judged as written; its table as written too, shown_t)
                yield emit(
                    ctx, f"column name {shown_t(ctx, table.key)}.{written} does not match "
                    f"{column_re.pattern}{conv.columns.note('column')}",
                    column_pos(table, name), f"{table.key}.{name}", None if not hints
                    else beyond or
                    # (an unquoted name is the one the engine folded it to: Ranger's
                    # jsonData is jsondata to PostgreSQL, '"jsonData" does not exist')
                    rename_column_sql(ctx, table.key,
                                      q(ctx, written if quoted or not fold else name),
                                      _new_name(ctx, written, "column", conv.columns.style)))
    rename_index = template(facts(ctx).rename_index, ("i", "t", "new"))

    def ix_ref(table: Table, name: str) -> str:
        return index_ref(ctx, table, name, facts(ctx).rename_index) if table.schema \
            else qq(name)
    qq = quoter(ctx)
    # (sp_rename takes the new name as a string: '[IX_a_b]' would be the name, brackets
    # and all)
    new_ref = str if "'{new}'" in facts(ctx).rename_index else qq
    # (per kind of index: what a message says of its convention)
    said = {False: (conv.indexes, ix_patterns, conv.indexes.note("index"),
                    conv.indexes.rule_text(ix_patterns)),
            True: (conv.unique_indexes, uq_patterns, conv.unique_indexes.note("index"),
                   conv.unique_indexes.rule_text(uq_patterns))}
    for table in partitions(ctx):          # their names only (see partitions)
        yield from _table_name(ctx, table, table_re, fold)
    for table in tables(ctx):
        yield from _table_name(ctx, table, table_re, fold, conv.tables)
        exclusions = table.options.get("exclusions", ())
        proposed: dict[str, str] = {}      # the names proposed for this table's indexes
        for at, ix in enumerate(table.indexes):
            if not ix.name or ix.name in exclusions:
                continue           # (an EXCLUDE constraint's index is named as the constraint)
            kind, patterns, whence, rule_text = said[bool(ix.unique)]
            if not patterns or _a_key_s(table, ix):
                continue
            names = []
            for c in ix.columns:
                if c.is_expression:
                    break      # an expression has no canonical name part
                names.append(c.expr)
            else:
                names = tuple(names)
                if not names:
                    continue   # (a clustered columnstore index: on no columns to name it by)
                if kind.affixed(ix.name) if kind.affixes else _index_name_ok(
                        ix.name, table.name, names, patterns, max_len, table.schema):
                    continue
                pattern = _closest(patterns, ix.name, table, names)
                tpart, cpart, cpart_and = _expected_parts(table, names, table_re, column_re)
                want = _expand(pattern, tpart, cpart, cpart_and,
                               table.options.get("schema_as_written") or table.schema)
                if want.lower() == ix.name.lower():
                    continue       # (the table's and columns' words as written: Bareos'
                                   # job_media_job_id_idx on JobMedia (JobId))
                short = _shortened(pattern, want, tpart, cpart, max_len)
                if short is not None:
                    # (what Rails or PostgreSQL names it: never a name cut short of its
                    # _idx, nor Rails' 63-byte index_..._on_... that Rails itself avoids;
                    # scout AK)
                    want = short
                elif limit and len(want.encode()) > limit:
                    if not max_len:
                        continue   # no name within the limit follows the pattern (MySQL:
                                   # ERROR 1059, too long; Ory Kratos, scout Q)
                    # postgres truncates it so: the name to write
                    want = want.encode()[:max_len].decode("utf-8", "ignore")
                if at and any(_twins(o, ix) for o in table.indexes[:at]):
                    continue       # a twin of an earlier index: AK-IX001 drops it (renamed,
                                   # it would take the name proposed for the first)
                holder = _holder(ctx, table, want, ix)
                shown = shown_ix(ctx, ix)      # (as written, in messages and hints)
                if holder is not None:
                    if _same_columns(holder, names):
                        continue   # a twin of a key or index: AK-IX001 / IX003 drop it
                    what = _holder_what(ctx, holder, table)
                    yield emit(
                        ctx, f"index name {shown} does not {rule_text}{whence} (expected "
                        f"{want}, taken by {what})",
                        ix.pos if ix.pos.line is not None else table.pos, ix.name,
                        f"-- {want} is the name of table {shown_t(ctx, holder.key)}: choose "
                        f"another name for {shown}" if isinstance(holder, Table) else
                        f"/* {want} is taken by {what}: rename it first */ "
                        + rename_index(ix_ref(table, shown), sql_t(ctx, table.key),
                                       new_ref(want)))
                    continue
                other = proposed.setdefault(want.lower(), shown)
                yield emit(
                    ctx, f"index name {shown} does not {rule_text}{whence} "
                    f"(expected {want})",
                    ix.pos if ix.pos.line is not None else table.pos, ix.name,
                    None if not hints else
                    rename_index(ix_ref(table, shown), sql_t(ctx, table.key), new_ref(want))
                    if other == shown else
                    # (cut to the identifier limit, two names can become one: GitLab's
                    # 215 renames to 90 names, 'relation ... already exists'; scout V)
                    f"-- {want} is the name proposed for {other} too: choose another name "
                    f"for {shown}")


def _backs_fk(table: Table, names: tuple[str, ...]) -> bool:
    """Whether an index on columns ``names`` serves one of the table's foreign keys."""
    return any(tuple(fk.columns) == names for fk in table.foreign_keys)


def _closest(patterns: list[str], name: str, table: Table, columns: tuple[str, ...]) -> str:
    """The template to propose for index ``name`` (on ``columns`` of ``table``), of a
    convention of several: one for a foreign key's index (its words say fk) where the
    index serves a foreign key, else one for the others; of those, the first whose
    literal start or end ``name`` has (IX_..., ..._idx), else the first (the one most
    names follow)."""
    if len(patterns) == 1:
        return patterns[0]
    low = name.lower()
    backs_fk = _backs_fk(table, columns)
    pool = [p for p in patterns if says_fk(p) == backs_fk] or patterns
    for p in pool:
        head, tail = p.split("{", 1)[0].lower(), p.rsplit("}", 1)[-1].lower()
        if (head and low.startswith(head)) or (tail and low.endswith(tail)):
            return p
    return pool[0]


def _twins(a: Index, b: Index) -> bool:
    return a.columns == b.columns and a.unique == b.unique and a.method == b.method \
        and a.where == b.where and a.include == b.include


def _holder(ctx: SchemaContext, table: Table, name: str, ix: Index) -> Any:
    """What already has index name ``name`` where the engine looks for it (another of the
    table's indexes, or its keys, by the engine's name when they have none; in postgres
    and SQLite, where indexes share a namespace with tables, also any relation of the
    schema), or None. PostgreSQL refused AK-NM001's rename of ``client_idx_id_uq`` to
    the name of the UNIQUE constraint beside it ('relation "client_id_key" already
    exists')."""
    low = name.lower()
    names, flat, unnamed = cached(ctx, "_nm001_relations", _relations)
    if low not in flat and not unnamed and "pkey" not in low and low != "primary":
        return None     # (most: a name nothing has, and no engine names to work out)
    if low == (ix.name or "").lower():
        return None
    if ctx.dialect.name in ("postgres", "sqlite"):      # one namespace per schema
        hit = names.get((table.schema, low))
        # (SQLite gives a key's index a name of its own, sqlite_autoindex_t_1: the key's
        # name takes no index name; run on SQLite)
        if hit is not None and hit is not ix and (
                ctx.dialect.name == "postgres" or isinstance(hit, (Table, Index))):
            return hit
    else:
        for other in table.indexes:
            if other is not ix and (other.name or "").lower() == low:
                return other
        for k in (table.primary_key, *table.uniques):
            if k is not None and (k.name or "").lower() == low:
                return k
    pk = table.primary_key
    if table.key in unnamed or (
            pk is not None and not pk.name and ("pkey" in low or low == "primary")):
        # (the names engines give keys and indexes made without one: the costly part,
        # only where there is one to give)
        from archkit.schema.autonames import engine_names

        named = engine_names(ctx.dialect.name, table).get(
            low if ctx.dialect.name != "postgres" else name)
        if named is not None and not isinstance(named, ForeignKey):
            return named
    return None


def _relations(ctx: SchemaContext) -> tuple[dict[tuple[str | None, str], Any], set[str],
                                            set[str]]:
    """Every table, index and named key of the catalog by (schema, lower-case name); those
    names alone; and the keys of the tables with a UNIQUE key or an index made without a
    name."""
    out: dict[tuple[str | None, str], Any] = {}
    unnamed: set[str] = set()
    for k, t in ctx.catalog.tables.items():
        out.setdefault((t.schema, t.name.lower()), t)
        for obj in (*t.indexes, t.primary_key, *t.uniques):
            if obj is None:
                continue
            if obj.name:
                out.setdefault((t.schema, obj.name.lower()), obj)
            elif obj is not t.primary_key:
                unnamed.add(k)
    return out, {name for _schema, name in out}, unnamed


def _same_columns(obj: Any, names: tuple[str, ...]) -> bool:
    cols = obj.column_names if isinstance(obj, Index) else getattr(obj, "columns", None)
    return cols is not None and set(cols) == set(names) and len(cols) == len(names)


def _holder_what(ctx: SchemaContext, obj: Any, table: Table) -> str:
    """How a message names what holds a name (``table``: the one whose index is judged;
    a key may be another table's where indexes share the schema's namespace)."""
    if isinstance(obj, Table):
        return f"table {shown_t(ctx, obj.key)}"
    if isinstance(obj, Index):
        return f"the index of {shown_t(ctx, obj.table)} " \
            f"({shown_cs(ctx, obj.table, obj.column_names)})"
    kind = "primary key" if isinstance(obj, PrimaryKey) else "UNIQUE constraint"
    owner = table.key if _holds(table, obj) else next(
        (k for k, t in ctx.catalog.tables.items() if _holds(t, obj)), "")
    return f"the {kind} ({shown_cs(ctx, owner, obj.columns)})"


def _holds(table: Table, key: Any) -> bool:
    return table.primary_key is key or any(u is key for u in table.uniques)


def _folding(ctx: SchemaContext) -> str | None:
    """"lower" or "upper" where the engine folds unquoted names (postgres; oracle,
    snowflake): there ``ORDERS`` and ``orders`` are one name, written in capitals or not,
    and the convention judges the words, not the case. None where names keep their case."""
    fold = dialect_fact(ctx, "fold", "lower")
    if fold in ("lower", "upper") and not dialect_fact(ctx, "fold_quoted", False):
        return str(fold)
    return None


def _name_ok(rx: re.Pattern[str], shown: str, folded: object) -> bool:
    """``shown`` matches, or (an unquoted name the engine folds) its all-capitals or
    all-lower-case spelling does: TRIP_ID is trip_id in snowflake. Mixed case (customerId)
    is judged as written: folded, its words run together."""
    if rx.match(shown):
        return True
    if folded:
        if shown.isupper():
            return rx.match(shown.lower()) is not None
        if shown.islower():
            return rx.match(shown.upper()) is not None
    return False


def _table_name(ctx: SchemaContext, table: Table, table_re: re.Pattern[str],
                fold: str | None = None, conv: Inferred | None = None) -> Iterator[Finding]:
    shown = table.original or table.name
    if not _name_ok(table_re, shown, fold and not table.quoted) and not (
            fold == "lower" and not table.quoted and _capitalised(shown, table_re)):
        yield ctx.rule.finding(
            f"table name {shown} does not match {table_re.pattern}"
            f"{conv.note('table') if conv else ''}", object=table.key,
            # (the table as the engine keeps it: Ambari's unquoted ClusterHostMapping is
            # clusterhostmapping to PostgreSQL, 'relation "ClusterHostMapping" does not
            # exist'; and in its schema)
            hint=_beyond_ascii(shown, "table") or
            rename_table_sql(ctx, q(ctx, written_key(ctx, table)),
                             _new_name(ctx, shown, "table", conv.style if conv else None)),
            **where(table.pos))


def _beyond_ascii(name: str, kind: str) -> str | None:
    """NM001's hint for a name in snake case but for letters outside a-z (MySQL's
    contraseña): a note, not a rename to the same name (scout W)."""
    if _snake(name) != name.lower() or name.isascii():
        return None
    return (f"-- {kind} {name} has letters outside a-z, which the pattern does not "
            "allow: rename it by hand, or widen the pattern")


def _capitalised(name: str, rx: re.Pattern[str]) -> bool:
    """One capital, first (``Lock``, ``Bool01``), and the name the engine folds it to
    follows the convention: nothing to rename. (``customerId``, ``NASIPAddress``: their
    words run together when folded; they are still reported.)"""
    return name[:1].isupper() and _PLAIN_LOWER.match(name[1:]) is not None \
        and rx.match(name.lower()) is not None


def _new_name(ctx: SchemaContext, name: str, kind: str, style: str | None = None) -> str:
    """The snake_case name a rename proposes (or the ``style`` of a convention read from
    the schema: _conventions.restyle); not a reserved word (Hatchet's "User" -> user:
    'syntax error at or near "user"'), which gets NM002's ending instead."""
    new = _snake(name)
    reserved = dialect_fact(ctx, "reserved", None)
    if reserved and new.lower() in reserved:
        new += "s" if kind == "table" else "_name"
    return restyle(new, style)


@lru_cache(maxsize=8192)
def _snake(name: str) -> str:
    if _PLAIN_LOWER.match(name) and not name[0].isdigit():
        return name
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)    # NASIPAddress: NASIP_Address
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    # (letters of any script stay: 'Код бренда' is код_бренда, not '_', which every
    # such name became, so the renames collided; scout W)
    s = re.sub(r"[\W_]+", "_", s).strip("_").lower()
    return s if s and not s[0].isdigit() else f"_{s}"


# -- AK-NM002 ----------------------------------------------------------------------------
@schema_rule(
    "AK-NM002", "reserved-word", "warning",
    summary="an identifier is a reserved word in the target dialect",
    like="skeema, sqlfluff",
    why="""A reserved word works only while it is quoted, everywhere, forever: every
hand-written query, ORM mapping and tool must remember. Some words become reserved in a
later version and break queries on upgrade. Pick another name.""",
    fires="CREATE TABLE \"order\" (id bigint PRIMARY KEY, \"user\" text);",
    passes="CREATE TABLE orders (id bigint PRIMARY KEY, user_name text);",
)
def reserved_word(ctx: SchemaContext) -> Iterator[Finding]:
    reserved = dialect_fact(ctx, "reserved", None)
    if not reserved:
        return
    as_written = dialect_fact(ctx, "fold_quoted", False)
    for thing in named_things(ctx, lambda n, _q: n.lower() in reserved, ("table", "column")):
        better = f"{thing.name}_name" if thing.kind == "column" else f"{thing.name}s"
        if thing.kind == "column":
            key = thing.table or ""
            shown = shown_c(ctx, key, thing.name)
            hint = rename_column_sql(ctx, key, sql_c(ctx, key, thing.name), better)
        else:
            # (in its schema, as written where names are kept so: SQL Server's
            # Sales.[Order] was '[order]', a table sp_rename does not find; postgres'
            # app."order" was "order", another table or none on the search path)
            table = ctx.catalog.tables.get(thing.object)
            shown = thing.original if as_written else thing.name
            hint = rename_table_sql(ctx, q(ctx, thing.name if table is None else
                                           written_key(ctx, table)), better)
        yield ctx.rule.finding(
            f"{thing.kind} name {shown} is a reserved word in {ctx.catalog.dialect}",
            object=thing.object, hint=hint, **where(thing.pos))


# -- AK-NM003 ----------------------------------------------------------------------------
@schema_rule(
    "AK-NM003", "identifier-too-long", "error",
    summary="an identifier is longer than the dialect allows (63 bytes postgres, 64 mysql, 128 tsql)",
    like="squawk",
    why="""PostgreSQL silently truncates identifiers to 63 bytes, so a name in the DDL is not
the name in the database (every later statement and tool must use the cut name), and
two long names that start alike become one: the second CREATE fails with 'already
exists'. MySQL, SQL Server and Oracle reject the statement instead. The limit counts
bytes, not characters. In postgres a cut name is a warning, and an error where two
names collide after the cut; elsewhere always an error.""",
    fires=("CREATE TABLE customer_loyalty_programme_membership_history_with_extra_detail_rows "
           "(id bigint PRIMARY KEY);"),
    passes="CREATE TABLE customer_loyalty_history (id bigint PRIMARY KEY);",
)
def identifier_too_long(ctx: SchemaContext) -> Iterator[Finding]:
    limit = dialect_fact(ctx, "max_identifier_bytes", None)
    if not limit:
        return
    cuts = bool(dialect_fact(ctx, "truncates_long_identifiers", False))
    # a character is at most 4 bytes: shorter names cannot be too long (nor, in postgres,
    # be what a long name is cut to: a cut name has at least limit - 3 bytes)
    low = limit - 3 if cuts else limit + 1

    def long_enough(name: str, _quoted: bool) -> bool:
        return len(name) * 4 >= low and len(name.encode("utf-8")) >= low

    things = list(named_things(ctx, long_enough, min_chars=low // 4))
    taken: dict[tuple[str, str, str], NamedThing] = {}
    if cuts:     # the names each namespace holds after the cut, first come first served:
        # a table's columns and constraints here; the relations of a schema (tables,
        # indexes, keys' indexes) from the whole catalog, which an incremental re-check of
        # a few tables does not go through (see cache.RULE_SCOPE)
        taken.update(cached(ctx, "_archkit_long_relations",
                            lambda c: _long_relations(c, limit)))
        for thing in sorted(things, key=_defined_order):
            for space in _namespaces(ctx, thing):
                if space[0] != "relation":
                    taken.setdefault((*space, _cut(thing.original, limit)), thing)
    for thing in things:
        size = len(thing.original.encode("utf-8"))
        if size <= limit:
            continue
        short = _cut(thing.original, limit)
        if not cuts:
            yield ctx.rule.finding(
                f"{thing.kind} name {_said(ctx, thing)} is {size} bytes; {ctx.catalog.dialect} "
                f"allows {limit}", object=thing.object,
                hint=f"-- rename it to at most {limit} bytes", **where(thing.pos))
            continue
        other = next((o for space in _namespaces(ctx, thing)
                      if (o := taken.get((*space, short))) is not None
                      and o.original != thing.original), None)
        if other is not None:
            yield ctx.rule.finding(
                f"{thing.kind} name {_said(ctx, thing)} is {size} bytes; postgres cuts it to "
                f"{short}, the name of {other.kind} {other.object}"
                f"{_place(other, thing)}: postgres refuses it ('already exists')",
                object=thing.object,
                hint=f"-- rename one of them to a name of at most {limit} bytes that differs "
                     f"in its first {limit}", **where(thing.pos))
        else:
            yield ctx.rule.finding(
                f"{thing.kind} name {_said(ctx, thing)} is {size} bytes; postgres cuts it to "
                f"{limit} without an error: in the database it is {short}",
                object=thing.object, severity="warning",
                hint=f"-- rename it to at most {limit} bytes (it would become {short})",
                **where(thing.pos))


def _said(ctx: SchemaContext, thing: NamedThing) -> str:
    """``thing``'s name for a message: a constraint's or an index's as written
    (``shown_name``, ``shown_ix``: SQL Server's PK_Customer, which the catalog holds
    folded), else ``thing.original``."""
    if thing.kind in ("constraint", "index"):
        table = ctx.catalog.tables.get(thing.table or "")
        if table is not None and thing.kind == "constraint":
            return shown_name(ctx, table, thing.original) or thing.original
        ix = next((i for i in table.indexes if i.name == thing.name), None) \
            if table is not None else None
        if ix is not None:
            return shown_ix(ctx, ix) or thing.original
    return thing.original


def _long_relations(ctx: SchemaContext, limit: int) -> dict[tuple[str, str, str], NamedThing]:
    """("relation", schema, name as postgres keeps it) -> the first table, index or key
    (its index) of that name, over the whole catalog (not the tables an incremental
    re-check is about); only names long enough to be what a longer one is cut to."""
    base = getattr(ctx.catalog, "_archkit_base", ctx.catalog)
    whole = ctx if base is ctx.catalog else replace(ctx, catalog=base)
    low = limit - 3

    def long(name: str, _quoted: bool) -> bool:
        n = len(name)                   # (the common case: a short ASCII name, no encode)
        return n >= low or (n * 4 >= low and not name.isascii()
                            and len(name.encode("utf-8")) >= low)

    out: dict[tuple[str, str, str], NamedThing] = {}
    things = named_things(whole, long, ("table", "index", "constraint"), min_chars=low // 4)
    for thing in sorted(things, key=_defined_order):
        for space in _namespaces(whole, thing):
            if space[0] == "relation":
                out.setdefault((*space, _cut(thing.original, limit)), thing)
    return out


def _cut(name: str, limit: int) -> str:
    """What postgres keeps of a long name: its first ``limit`` bytes, never half a
    character."""
    return name.encode("utf-8")[:limit].decode("utf-8", "ignore")


def _defined_order(thing: NamedThing) -> tuple[str, int, int]:
    pos = thing.pos
    return (pos.path or "", pos.line or 0, pos.col or 0)


def _place(other: NamedThing, here: NamedThing) -> str:
    pos = other.pos
    if pos.line is None:
        return ""
    return f" (line {pos.line})" if pos.path == here.pos.path else f" ({pos.path}:{pos.line})"


def _namespaces(ctx: SchemaContext, thing: NamedThing) -> list[tuple[str, str]]:
    """Where a postgres name must be unique: tables and indexes (and the index of a
    primary key or unique constraint, named as it) among the relations of a schema;
    constraints per table; columns per table."""
    if thing.kind == "column":
        return [("column", thing.table or "")]
    table = ctx.catalog.tables.get(thing.table or thing.object)
    schema = (table.schema if table is not None else None) or ""
    if thing.kind in ("table", "index"):
        return [("relation", schema)]
    spaces = [("constraint", thing.table or "")]
    if table is not None and (
            (table.primary_key is not None and table.primary_key.name == thing.name)
            or any(u.name == thing.name for u in table.uniques)):
        spaces.append(("relation", schema))
    return spaces


# -- AK-NM004 ----------------------------------------------------------------------------
# letters of any script, digits and _: PostgreSQL, MySQL, SQL Server, SQLite and Oracle
# (in a Unicode database) take them unquoted (MySQL's contraseña; scout W)
_PLAIN_CHARS = LazyPattern(r"^[^\W\d]\w*$")


def _ascii_case(name: str, fold: Any) -> str:
    """``name`` with its ASCII letters folded by ``fold`` and the others kept."""
    return "".join(fold(c) if c.isascii() else c for c in name)


def _nested_parts(name: str) -> list[str]:
    """``meta.key`` -> ["meta", "key"]; a name without a dot or with an empty part -> [""]
    (which no pattern accepts)."""
    parts = name.split(".")
    return parts if len(parts) > 1 and all(parts) else [""]


@schema_rule(
    "AK-NM004", "quoted-identifier", "warning",
    summary="a quoted name with mixed case or special characters that forces quoting forever",
    like="sqlfluff",
    why="""A name with spaces, dashes or (in dialects that fold case) capitals only
works quoted, exactly as written, in every query from then on; forgetting the quotes
gives 'relation does not exist' errors that are hard to explain to newcomers.""",
    fires="CREATE TABLE \"Order Items\" (id bigint PRIMARY KEY, \"unitPrice\" numeric(12, 2));",
    passes="CREATE TABLE order_items (id bigint PRIMARY KEY, unit_price numeric(12, 2));",
)
def quoted_identifier(ctx: SchemaContext) -> Iterator[Finding]:
    fold = dialect_fact(ctx, "fold", None)
    # engines that compare quoted names case-insensitively never need quotes for case
    case_matters = not dialect_fact(ctx, "fold_quoted", False)
    proposed: dict[str, set[str]] = {}      # table -> the column names proposed
    found: list[tuple[NamedThing, bool, Finding]] = []
    for thing in named_things(ctx, lambda _n, quoted: quoted, ("table", "column"),
                              quoted_only=True):
        raw = thing.original or thing.name
        special = not _PLAIN_CHARS.match(raw) and not (
            # ClickHouse Nested: meta.key is written meta.key in queries, no quotes
            thing.kind == "column" and ctx.dialect.nested_columns
            and all(_PLAIN_CHARS.match(p) for p in _nested_parts(raw)))
        # (engines fold ASCII letters only: PostgreSQL keeps an unquoted Код as written)
        cased = case_matters and ((fold == "lower" and raw != _ascii_case(raw, str.lower))
                                  or (fold == "upper" and raw != _ascii_case(raw, str.upper)))
        if not (special or cased):
            continue
        better = _new_name(ctx, raw, thing.kind)
        # ('$', '%' and '£' were all renamed to _: refused after the first, 'column "_"
        # already exists'; scout W). Columns: the table's own names and proposals (the
        # incremental checker runs this rule per table); tables: the schema's table names
        if thing.kind == "column":
            taken = proposed.setdefault(thing.table or "", set())
            clash = better in taken or (better != thing.name and better in
                                        ctx.catalog.tables[thing.table].columns)
            taken.add(better)
        else:
            clash = better != thing.name and table_named(ctx, better) is not None
        if better.strip("_") == "" or clash:
            better = ""
        # (Oracle's "lower_t" has no capitals to mix: it is lower case where names fold to
        # upper; scout U)
        why = "special characters" if special else "mixed case" \
            if raw != raw.lower() and raw != raw.upper() else \
            "lower case letters" if fold == "upper" else "capital letters"
        hint = (f"-- rename {thing.kind} {raw!r} to a name of letters, digits and _ (no "
                f"name follows from its characters)" if not better else
                rename_column_sql(ctx, thing.table, quote_always(ctx, raw), better)
                if thing.kind == "column" else
                rename_table_sql(ctx, quote_always(ctx, raw), better))
        found.append((thing, bool(better), ctx.rule.finding(
            f"{thing.kind} name {raw!r} has {why} and must be quoted in every query",
            object=thing.object, hint=hint, **where(thing.pos))))
    yield from _renamed_together(ctx, found)


def _renamed_together(ctx: SchemaContext,
                      found: list[tuple[NamedThing, bool, Finding]]) -> Iterator[Finding]:
    """AK-NM004's findings, where a table and some of its columns are renamed: the
    table's hint renames its columns first and then the table, and the columns' hints
    say so (run in report order, the table's rename came first and each column's then
    named a table that no longer existed; scout W)."""
    from dataclasses import replace

    columns: dict[str, list[Finding]] = {}
    for thing, renamed, f in found:
        if thing.kind == "column" and renamed:
            columns.setdefault(thing.table or "", []).append(f)
    grouped = {thing.object for thing, renamed, _f in found
               if thing.kind == "table" and renamed and thing.object in columns}
    for thing, renamed, f in found:
        if thing.kind == "table" and thing.object in grouped:
            # (in the table's column order: the order columns come in here depends on
            # the other tables, which an incremental re-check of this one does not see)
            cols = sorted(columns[thing.object], key=lambda c: (c.line or 0, c.col or 0))
            yield replace(f, hint=" ".join([*(c.hint for c in cols), f.hint or ""]))
        elif thing.kind == "column" and thing.table in grouped and renamed:
            yield replace(f, hint=f"-- renamed with table {shown_t(ctx, thing.table or '')}: "
                                  "its hint renames its columns, then the table")
        else:
            yield f
