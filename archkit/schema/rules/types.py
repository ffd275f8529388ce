"""Column types (AK-TY001..AK-TY010): time zones, fixed chars, money, enums, json,
deprecated MySQL types, consistency across tables, nullability, repeating groups."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from archkit.findings import Finding
from archkit.lazyre import LazyPattern
from archkit.schema.domains import TEXT_TYPE
from archkit.schema.model import Table
from archkit.schema.registry import SchemaContext, schema_rule
from archkit.schema.rules._dependents import partition_columns, with_dependents
from archkit.schema.rules._support import (
    FLOAT_TYPES,
    INT_TYPES,
    add_column_sql,
    add_foreign_key_sql,
    alter_type_sql,
    base_type,
    cached,
    column_pos,
    columns_of_type,
    comparable_type,
    dialect_fact,
    emit,
    engine_fk_name,
    facts,
    fit_name,
    index,
    q,
    quoter,
    reference_stem,
    restate_foreign_key_sql,
    said_type,
    set_not_null_sql,
    shown_c,
    shown_cs,
    shown_name,
    shown_t,
    shown_tc,
    sql_c,
    sql_cs,
    sql_t,
    table_named,
    table_names_for,
    tables,
    type_sql,
    value_family,
    where,
    with_foreign_keys,
    wrapped_type,
)


def _alter(ctx: SchemaContext, table: Table, column: str, new_type: str) -> str:
    return with_foreign_keys(ctx, table, column, new_type,
                             alter_type_sql(ctx, table, column, new_type))


def _child_table(ctx: SchemaContext, table: Table, child: str, middle: str,
                 extra_key: str | None) -> str:
    """``CREATE TABLE child (...)`` for rows split out of ``table``: a column for each of
    its key's columns, then ``middle`` (column definitions), the key (those columns and
    ``extra_key``) and a table-level foreign key to the whole key. (The first version
    referenced the first column of a key of three with an inline REFERENCES, which MySQL
    ignores and MariaDB refuses: DolphinScheduler's Quartz tables, scout P.)"""
    pk = tuple(table.primary_key.columns) if table.primary_key else ("id",)
    qq = quoter(ctx)           # (one finding a table for AK-TY010: q's look-ups add up)
    refs = []
    low = table.name.lower()
    for c in pk:
        col = table.columns.get(c)
        name = c if c.lower().startswith(low) else f"{table.name}_{c}"
        refs.append((qq(name), type_sql(col) if col is not None else "bigint"))
    cols = ", ".join([f"{n} {t}" for n, t in refs])
    mine = ", ".join([n for n, _t in refs])
    return (f"CREATE TABLE {qq(child)} ({cols}, {middle}, PRIMARY KEY "
            f"({mine + (', ' + qq(extra_key) if extra_key else '')}), FOREIGN KEY "
            f"({mine}) REFERENCES {sql_t(ctx, table.key)} "
            f"({sql_cs(ctx, table.key, pk)}));")


# -- AK-TY001 ----------------------------------------------------------------------------
@schema_rule(
    "AK-TY001", "timestamp-without-time-zone", "warning",
    summary="postgres timestamp/timetz, or a mysql DATETIME that stores an instant",
    like="squawk prefer-timestamptz", dialects=("postgres", "mysql", "mariadb"),
    why="""A timestamp without time zone stores wall-clock digits, not an instant: the
same value means different moments for sessions in different zones, and daylight-saving
changes make some values ambiguous. PostgreSQL's timestamptz stores an instant (UTC)
and converts on the way out; timetz cannot handle DST at all. MySQL has no such type:
TIMESTAMP converts to UTC but ends on 2038-01-19, so the usual choice is DATETIME holding
UTC (every session at time_zone '+00:00'). There the rule is a reminder (info) on
DATETIME columns named like instants, not advice to switch types. A PostgreSQL timestamp
named like a calendar date (birth_date, due_on: `date_names`) may hold a date, not an
instant: converted to timestamptz it would show the day before to every reader west of
UTC, so the finding says date would then be the type; a timetz (a time of day with a
fixed offset) is better kept as time with the zone's name beside it.""",
    fires="CREATE TABLE event (id bigint PRIMARY KEY, happened_at timestamp NOT NULL);",
    passes="CREATE TABLE event (id bigint PRIMARY KEY, happened_at timestamptz NOT NULL);",
    options={"instant_names": r"(_at|_on|_time|_ts|_date|_datetime|timestamp|^created|^updated|^modified|^deleted|^last_update)$|^(created|updated|modified|deleted)",
             "date_names": r"(^|_)(date|day|dob)$|^(birth|dob)|_on$"},
)
def timestamp_without_time_zone(ctx: SchemaContext) -> Iterator[Finding]:
    f = facts(ctx)
    if not f.naive_timestamps:
        return
    instant = re.compile(str(ctx.option("instant_names")), re.IGNORECASE)
    dated = re.compile(str(ctx.option("date_names")), re.IGNORECASE)
    better = str(dialect_fact(ctx, "instant_type", "timestamptz"))
    together: dict[str, tuple[str, tuple[str, ...]]] = {}
    grouped: Table | None = None
    for table, name, col in columns_of_type(ctx, f.naive_timestamps):
        t = base_type(col)
        if f.naive_needs_instant_name and not instant.search(name):
            continue
        if f.naive_hint:        # no better type to switch to (mysql)
            message = f"{table.key}.{name} is {said_type(col, t)}, which stores no time zone{f.naive_note}"
            hint = f.naive_hint.format(c=f"{table.key}.{name}")
        elif t == "timetz" and ctx.dialect.name == "postgres":
            # it stores an offset, not a zone: it cannot follow DST; and a time of day is
            # no instant (ALTER ... TYPE timestamptz: "cannot be cast automatically")
            message = (f"{table.key}.{name} is {said_type(col, t)}: a time of day with a fixed "
                       "UTC offset, which cannot follow daylight-saving changes; keep the "
                       "local time as time and the zone's name beside it")
            zone = _free_column(ctx, table, name, "_zone")
            hint = (_alter(ctx, table, name, "time") + " "
                    + add_column_sql(ctx, table.key, zone, "text")
                    + " -- the zone's name, e.g. 'Europe/Paris'")
        else:
            message = (f"{table.key}.{name} is {said_type(col, t)}, which stores no time zone; "
                       f"use {better}{f.naive_note}")
            # the stored digits are read as UTC, said so: without USING PostgreSQL reads
            # them in the session's time zone (New York: 12:00 became 17:00 UTC; Prisma
            # writes UTC; scout T). timetz has no such conversion.
            using = f" USING {q(ctx, name)} AT TIME ZONE 'UTC'" \
                if ctx.dialect.name == "postgres" and better == "timestamptz" \
                and t == "timestamp" and not col.generated else ""   # (recomputed: no USING)
            if using and grouped is not table:
                grouped, together = table, _compared_in_indexes(ctx, table)
            if using and name in together:
                hint = _converted_together(ctx, table, name, *together[name])
            else:
                hint = _alter(ctx, table, name, better + using)
            if using and not hint.startswith("--") and name not in together:
                valued = _compared_with_value(ctx, table, name)
                hint += (f" -- {valued + ' ' if valued else ''}the values are taken as UTC: "
                         "name the zone they were written in")
            if using and dated.search(name):
                # (birth_date as timestamptz shows the day before west of UTC; rental_date
                # holds instants: the reader knows which, scout AK)
                message += ("; named like a calendar date, it may hold one (a birth date, a "
                            "due day): then use date, since as timestamptz a date shows as "
                            "the day before west of UTC")
                hint += f"; calendar dates: TYPE date instead of {better}"
        yield ctx.rule.finding(message, object=f"{table.key}.{name}", hint=hint,
                               severity=f.naive_severity, **where(column_pos(table, name)))


_WORD = LazyPattern(r'"((?:[^"]|"")+)"|([A-Za-z_][\w$]*)')


def _index_texts(ix: Any) -> list[str]:
    """An index's predicate (first, "" when none) and its expressions, as SQL."""
    return [ix.where or ""] + [c.expr for c in ix.columns if c.is_expression]


def _names_in(ctx: SchemaContext, text: str) -> set[str]:
    """The names (normalised as the catalog keys columns) an index text mentions."""
    return {ctx.dialect.normalise(quoted.replace('""', '"'), True) if quoted
            else ctx.dialect.normalise(plain) for quoted, plain in _WORD.findall(text)}


def _compared_in_indexes(ctx: SchemaContext,
                         table: Table) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Column -> (index, columns) for the postgres timestamp columns of ``table`` that an
    index's predicate or expressions name together. Converted one at a time, the first
    leaves the index comparing timestamptz with timestamp, a STABLE cast, and PostgreSQL
    refuses the change ('functions in index predicate must be marked IMMUTABLE';
    GitLab's merge_request_metrics WHERE merged_at > created_at, scout V); converted in
    one ALTER TABLE, the index is made again on both."""
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    naive = {n for n, c in table.columns.items()
             if base_type(c) == "timestamp" and not c.generated}
    if len(naive) < 2:
        return out
    for ix in table.indexes:
        named = naive.intersection(set().union(*(_names_in(ctx, t) for t in _index_texts(ix))))
        if len(named) < 2:
            continue
        group = tuple(n for n in table.columns if n in named or n in out)
        for n in group:
            out[n] = (ix.name or f"{table.key}({', '.join(ix.column_names)})", group)
    return out


def _compared_with_value(ctx: SchemaContext, table: Table, name: str) -> str | None:
    """A note on the index whose predicate or expression compares timestamp column ``name``
    with a written value (``WHERE merged_at > '2020-01-01'``, pg_dump's ``'...'::timestamp
    without time zone``): converted, the column would be compared across types by a
    STABLE cast, which PostgreSQL refuses in an index (checked on PostgreSQL 15)."""
    found: list[tuple[str, str]] = []
    for ix in table.indexes:
        for i, text in enumerate(_index_texts(ix)):
            if "'" in text and name in _names_in(ctx, text):
                found.append((ix.name or f"{table.key}({', '.join(ix.column_names)})",
                              "expression" if i else "predicate"))
                break
    if not found:
        return None
    names = ", ".join(n for n, _w in found[:6]) + \
        (f" and {len(found) - 6} more" if len(found) > 6 else "")
    one = len(found) == 1
    return (f"{'index' if one else 'indexes'} {names} compare{'s' if one else ''} {name} with "
            "a timestamp value, and PostgreSQL refuses the change while "
            f"{'it does' if one else 'they do'} ('functions in index {found[0][1]} must be "
            f"marked IMMUTABLE'): drop {'it' if one else 'them'} first and make "
            f"{'it' if one else 'them'} again with timestamptz values after;")


def _with_partners(ctx: SchemaContext, table: Table, name: str) -> str | None:
    """AK-TY008's note for a timestamp column an index compares with others of the table
    (:func:`_compared_in_indexes`): AK-TY001's hint converts them together."""
    found = _compared_in_indexes(ctx, table).get(name)
    if found is None:
        return None
    index, group = found
    return (f"-- converted with {', '.join(c for c in group if c != name)} by AK-TY001's hint "
            f"on {table.key}.{group[0]} (index {index} compares them)")


def _converted_together(ctx: SchemaContext, table: Table, name: str, index: str,
                        group: tuple[str, ...]) -> str:
    """AK-TY001's hint for a column an index compares with others: the first column's
    finding converts them all in one statement, the others' name it (run twice, a
    conversion AT TIME ZONE 'UTC' would shift the values again)."""
    if name != group[0]:
        return (f"-- converted with {table.key}.{group[0]} (its hint changes "
                f"{', '.join(group)} together: index {index} compares them)")
    return (f"ALTER TABLE {q(ctx, table.key)} " + ", ".join(
        f"ALTER COLUMN {q(ctx, c)} TYPE timestamptz USING {q(ctx, c)} AT TIME ZONE 'UTC'"
        for c in group) + f"; -- together: index {index} compares them, and PostgreSQL refuses "
        "an index that compares timestamptz with timestamp; the values are taken as UTC: name "
        "the zone they were written in")


# -- AK-TY002 ----------------------------------------------------------------------------
@schema_rule(
    "AK-TY002", "fixed-char", "warning",
    summary="a char(n) column (blank-padded, fixed width)",
    like="squawk ban-char-field",
    why="""char(n) pads every value with spaces to n characters: storage is never
smaller, comparisons and LENGTH() behave surprisingly (trailing spaces are dropped or
significant depending on the operator), and a value longer than n is an error. MySQL and
MariaDB strip trailing spaces when they read a char(n) value, so a value's own trailing
spaces are lost. Use varchar(n)/text. Very short codes (ISO country or currency codes) are
exempt up to `max_exempt_length`, and so are the fixed-width codes a key holds: a
char(n) primary key, foreign key or unique column up to `max_exempt_key_length`
(employees' dept_no char(4), pubs' pub_id char(4)), and UUIDs kept as text: a char(36)
or char(32) key, foreign key or column named *id / *uuid / *guid always holds a
full-width value, so nothing is padded (Ory Kratos keeps every id so).""",
    fires="CREATE TABLE person (id bigint PRIMARY KEY, name char(40) NOT NULL);",
    passes=("CREATE TABLE dept (dept_no char(4) PRIMARY KEY, name text NOT NULL, "
            "country char(2));"),
    options={"max_exempt_length": 3, "max_exempt_key_length": 12},
)
def fixed_char(ctx: SchemaContext) -> Iterator[Finding]:
    if not facts(ctx).char_pads:
        return
    exempt = int(ctx.option("max_exempt_length", 3))
    exempt_key = int(ctx.option("max_exempt_key_length", 12))
    strips = ctx.dialect.name in ("mysql", "mariadb")
    for table, name, col in columns_of_type(ctx, ("char", "nchar")):
        n = int(col.params[0]) if col.params and col.params[0].isdigit() else 1
        if n <= exempt or (n in (32, 36) and _uuid_text(table, name)) or (
                n <= exempt_key and _in_a_key(table, name)):
            continue
        national = base_type(col) == "nchar" or (col.raw_type or "").lower().startswith("n")
        var = "nvarchar" if national else "varchar"
        said = (f"values are stored blank-padded to {n} characters and read with trailing "
                "spaces stripped (a value's own are lost)") if strips else \
            f"values are blank-padded to {n} characters"
        yield ctx.rule.finding(
            f"{shown_tc(ctx, table.key, name)} is {said_type(col, 'char')}: {said}",
            object=f"{table.key}.{name}",
            hint=_alter(ctx, table, name, f"{var}({n})"), **where(column_pos(table, name)))


def _uuid_text(table: Table, name: str) -> bool:
    """A char(36) / char(32) column that holds a UUID: named so, or in a key."""
    return name.lower().endswith(("id", "uuid", "guid")) or _in_a_key(table, name)


def _in_a_key(table: Table, name: str) -> bool:
    """Whether column ``name`` is in the table's primary key, a foreign key or a unique
    constraint."""
    pk = table.primary_key.columns if table.primary_key else ()
    return name in pk or any(name in fk.columns for fk in table.foreign_keys) or \
        any(name in u.columns for u in table.uniques)


# -- AK-TY003 ----------------------------------------------------------------------------
@schema_rule(
    "AK-TY003", "varchar-length-on-postgres", "info",
    summary="a postgres varchar(n) where text plus a CHECK serves",
    like="squawk prefer-text-field", dialects=("postgres",),
    why="""In PostgreSQL varchar(n) and text are stored identically; the length limit
is the only difference, and changing it later takes an ACCESS EXCLUSIVE lock (and
rewrites the table when shrinking). A CHECK (char_length(c) <= n) states the same rule
and can be replaced with NOT VALID + VALIDATE without blocking writes. A column whose
CHECK lists its values (c IN (...)) is left alone: its length never needs to change.""",
    fires="CREATE TABLE person (id bigint PRIMARY KEY, email varchar(255) NOT NULL);",
    passes=("CREATE TABLE person (id bigint PRIMARY KEY, email text NOT NULL "
            "CHECK (char_length(email) <= 255));"),
)
def varchar_length_on_postgres(ctx: SchemaContext) -> Iterator[Finding]:
    qq = quoter(ctx)
    for table, name, col in columns_of_type(ctx, ("varchar",)):
        if not col.params:
            continue
        if table.checks and any(ck.columns == (name,) and _IN_LIST.search(ck.expression)
                                for ck in table.checks):
            continue    # its CHECK lists the values: the length never needs to change
                        # (Hibernate's enum columns, varchar(255) CHECK (c IN (...)); scout W)
        n = col.params[0]
        tbl, c = qq(table.key), qq(name)
        yield emit(
            ctx, f"{table.key}.{name} is {said_type(col, 'varchar(' + n + ')')}; text with a "
            f"CHECK is as fast and easier to change", column_pos(table, name),
            f"{table.key}.{name}",
            with_dependents(ctx, table, name, "text",
                            f"ALTER TABLE {tbl} ALTER COLUMN {c} TYPE text;")
            + f" ALTER TABLE {tbl} ADD "
            f"CONSTRAINT {qq(fit_name(ctx, f'{table.name}_{name}_length'))} "
            f"CHECK (char_length({c}) <= {n});" if ctx.hints else None)


_IN_LIST = LazyPattern(r"(?i)\bIN\s*\(")


# -- AK-TY004 ----------------------------------------------------------------------------
@schema_rule(
    "AK-TY004", "imprecise-money", "error",
    summary="a float/real/double or money column named like an amount, price, cost, total or balance",
    like="skeema has-float, sqlcheck",
    why="""Binary floating point cannot represent 0.10 exactly: sums drift by cents and
equality tests fail. PostgreSQL's money type depends on the lc_monetary setting and has
one fixed scale. Store amounts as numeric/decimal with an explicit scale (or integer
minor units) and the currency alongside. A word of the name (unit_price, UnitPrice,
subtotal) must end in one of `money_names`; a name that also has a unit or count word
(total_slot_ms, total_bytes, discount_pct, tax_rate, cost_factor) measures something
else, and so does a name whose only money word is a leading total
(total_precipitation). A bare
discount is not in the list: as a float it is nearly always a fraction (Northwind's
order_details.discount is 0.05); discount_amount still counts.""",
    fires="CREATE TABLE invoice (id bigint PRIMARY KEY, total_amount double precision NOT NULL);",
    passes="CREATE TABLE invoice (id bigint PRIMARY KEY, total_amount numeric(12, 2) NOT NULL);",
    options={"money_names": r"amount|price|cost|total|balance|fee|salary|wage|tax|charge|payment|revenue|budget"},
)
def imprecise_money(ctx: SchemaContext) -> Iterator[Finding]:
    money = re.compile(rf"(?:{ctx.option('money_names')})(?:e?s)?\Z", re.IGNORECASE)
    f = facts(ctx)
    for table, name, col in columns_of_type(ctx, FLOAT_TYPES | f.bad_money_types):
        t = base_type(col)
        order = _word_list(col.original or name)
        words = frozenset(order)
        hits = [w for w in order if money.search(w)]
        if not hits or not _NOT_MONEY.isdisjoint(words) or (
                hits == [w for w in hits if w in _MODIFIERS] and hits[-1] != order[-1]):
            # (total_precipitation, total_distance_km: "total" of something else)
            continue
        why = ("which is not exact" if t in FLOAT_TYPES else
               "whose scale and formatting depend on the server's lc_monetary setting")
        yield ctx.rule.finding(
            f"{shown_tc(ctx, table.key, name)} holds money as {said_type(col, t)}, {why}",
            object=f"{table.key}.{name}",
            hint=_alter(ctx, table, name, f.decimal) if ctx.hints else None,
            **where(column_pos(table, name)))


# words that make a money-like name a measure of something else
_NOT_MONEY = frozenset("""ms msec millis us ns sec secs second seconds min mins minute
minutes hour hours hr hrs day days time duration bytes byte kb mb gb tb count cnt num
number pct percent percentage ratio rate qty quantity units weight size length score
points slots rows factor factors multiplier multipliers coefficient coef""".split())
_WORD_SPLIT = LazyPattern(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")


# money words that are also plain adjectives: money only as the name's last word or
# beside another money word (total, order_total, total_amount; not total_precipitation)
_MODIFIERS = frozenset({"total", "totals", "subtotal", "subtotals"})


def _word_list(name: str) -> list[str]:
    """The lower-case words of a name in order: unit_price, UnitPrice -> unit, price."""
    return [w.lower() for w in _WORD_SPLIT.split(name) if w]


def _words(name: str) -> frozenset[str]:
    """The lower-case words of a name: unit_price, UnitPrice, "unit price" -> unit, price."""
    return frozenset(_word_list(name))


# -- AK-TY005 ----------------------------------------------------------------------------
def _lookup_table(ctx: SchemaContext, table: Table, name: str, values: tuple[str, ...],
                  enum_type: str | None = None, retype: bool = True) -> str:
    """AK-TY005's way from an enumerated type (or a CHECK IN list) to a lookup table:
    create it, fill it with the values (the type's, else those the rows hold), change the
    column to text of the same values where it has an enum type, and add the foreign key.
    (The first version only created the table and added the key: PostgreSQL refused it on
    Sakila's film.rating, an mpaa_rating enum: 'foreign key constraint ... cannot be
    implemented'; and any table with rows would have failed the key.) Run on PostgreSQL 15
    and MariaDB 10.11."""
    lt, t, c = q(ctx, name + "_value"), sql_t(ctx, table.key), sql_c(ctx, table.key, name)
    width = max([32, *(len(v) for v in values)])
    col = table.columns.get(name)
    options = ""
    if facts(ctx).restate == "full" and col is not None:
        # MySQL: the key's two columns need one character set and collation, and a new
        # table takes the database's (MariaDB's latin1 beside Sakila's utf8mb4 film:
        # errno 150 "Foreign key constraint is incorrectly formed")
        charset = col.charset or table.charset
        options = (f" DEFAULT CHARSET={charset}" if charset else "") + (
            f" COLLATE={col.collation}" if col.collation else "")
    # (postgres: text, as AK-TY003 advises; the key's column changes to what it references)
    code = "text" if ctx.dialect.name == "postgres" else f"varchar({width})"
    out = [f"CREATE TABLE {lt} (code {code} PRIMARY KEY){options};"]
    if values:
        out.append(f"INSERT INTO {lt} (code) VALUES "
                   + ", ".join("('" + v.replace("'", "''") + "')" for v in values) + ";")
    else:
        out.append(f"INSERT INTO {lt} (code) SELECT DISTINCT {c} FROM {t} "
                   f"WHERE {c} IS NOT NULL;")
    if retype:
        if enum_type is not None and ctx.dialect.name == "postgres":
            # USING: an enum has no assignment cast to text; a default of the enum type
            # cannot be cast automatically ('default for column ... cannot be cast')
            default = _enum_literal(col.default) if col is not None and col.default else None
            alter = f"ALTER TABLE {t} " + (f"ALTER COLUMN {c} DROP DEFAULT, " if col is not None
                                            and col.default else "") + \
                f"ALTER COLUMN {c} TYPE {code} USING {c}::text" + (
                    f", ALTER COLUMN {c} SET DEFAULT {default}" if default else "") + ";"
            out.append(with_dependents(ctx, table, name, code, alter))
        else:
            out.append(alter_type_sql(ctx, table, name, code))
    out.append(add_foreign_key_sql(ctx, table.key, (name,), name + "_value", ("code",))
               if facts(ctx).add_foreign_key.startswith("--") else
               f"ALTER TABLE {t} ADD FOREIGN KEY ({c}) REFERENCES {lt} (code);")
    return " ".join(out)


_ENUM_LITERAL = LazyPattern(r"(?is)\s*(?:CAST\s*\(\s*('(?:[^']|'')*')\s+AS\s+[^()]+\)"
                           r"|('(?:[^']|'')*')(?:\s*::\s*[^()]+)?)\s*$")


def _enum_literal(default: str) -> str | None:
    """The text literal of an enum default (``'G'``, ``'G'::mpaa_rating``,
    ``CAST('G' AS ...)``); None for anything else (the default is dropped)."""
    m = _ENUM_LITERAL.match(default)
    return (m.group(1) or m.group(2)) if m is not None else None


def _free_column(ctx: SchemaContext, table: Table, base: str, suffix: str) -> str:
    """``base + suffix`` (then ``suffix2``, ``suffix3`` ...) cut to the identifier limit
    at ``base``'s end, the first no column of ``table`` has (a hint's new column:
    ``starts_zone`` beside an existing one was refused half-applied; scout AP)."""
    limit = dialect_fact(ctx, "max_identifier_bytes", None)
    taken = {c.lower() for c in table.columns}
    for k in range(1, 100):
        tail = suffix + (str(k) if k > 1 else "")
        head = base
        while limit and head and len((head + tail).encode()) > limit:
            head = head[:-1]
        name = fit_name(ctx, head + tail)
        if name.lower() not in taken:
            return name
    return fit_name(ctx, base + suffix)


def _enum_key(raw_type: str | None) -> str:
    """How :func:`_enum_types` keys the enum a column's written type names: ``schema.name``
    as written (pg_dump writes ``public.mpaa_rating``: never matched, scout AK), else the
    bare name; quotes dropped, lower case."""
    parts = [p.strip().strip('"').lower() for p in (raw_type or "").split(".")]
    return ".".join(parts[-2:])


def _enum_name(schema: str | None, name: str, default: str | None,
               seen: dict[str, set[str]]) -> str:
    """The qualified key of an enum ``schema.name``, its schema noted in ``seen`` under
    its bare name: :func:`_enum_types` keys the bare name too when it is in the default
    schema, or the one schema that has an enum of that name (two schemas' ``status``
    enums made one lookup table of the other's values, scout AP)."""
    s = (schema or default or "").lower()
    n = name.lower()
    seen.setdefault(n, set()).add(s)
    return f"{s}.{n}" if s else n


def _enum_types(ctx: SchemaContext) -> dict[str, tuple[str, ...]]:
    """CREATE TYPE ... AS ENUM types of the input (postgres): name -> values."""
    from sqlglot import exp

    norm = getattr(ctx.dialect, "normalise", None)
    default = getattr(ctx.dialect, "default_schema", None)
    out: dict[str, tuple[str, ...]] = {}
    seen: dict[str, set[str]] = {}
    for st in ctx.catalog.statements:
        # only CREATE TYPE (or raw text) can name an enum: do not read the other trees,
        # which on large inputs are parsed again lazily (Statement's performance contract)
        if st.kind != "CREATE TYPE" and not st.raw:
            continue
        tree = st.tree
        if isinstance(tree, exp.Create) and (tree.args.get("kind") or "").upper() == "TYPE":
            dt = tree.args.get("expression")
            if isinstance(dt, exp.DataType) and dt.this == exp.DataType.Type.ENUM:
                name = tree.this.name if tree.this is not None else ""
                db = tree.this.args.get("db") if isinstance(tree.this, exp.Table) else None
                values = tuple(e.this for e in dt.expressions if isinstance(e, exp.Literal))
                out[_enum_name(db.name if db is not None else None,
                               norm(name) if callable(norm) else name, default, seen)] = values
        elif st.raw and re.match(r"\s*CREATE\s+TYPE\s+(\S+)\s+AS\s+ENUM", st.sql, re.IGNORECASE):
            name = re.match(r"\s*CREATE\s+TYPE\s+(\S+)", st.sql, re.IGNORECASE).group(1)
            body = st.sql[st.sql.upper().index("ENUM"):]
            parts = [p.strip('"') for p in name.split(".")]
            values = tuple(v.replace("''", "'") for v in re.findall(r"'((?:[^']|'')*)'", body))
            out[_enum_name(parts[-2] if len(parts) > 1 else None, parts[-1], default,
                           seen)] = values
        elif st.kind == "ALTER TYPE" and (m := _ALTER_ENUM.match(st.sql)):
            # (ADD VALUE is how enums grow in migrations: a lookup table of the CREATE's
            # values failed its foreign key on the rows that hold the later ones; scout AS)
            parts = [p.strip('"').lower() for p in m.group(1).split(".")]
            schema = parts[-2] if len(parts) > 1 else (default or "").lower()
            key = f"{schema}.{parts[-1]}" if schema else parts[-1]
            if key in out:
                out[key] = _altered(out[key], m)
    for n, schemas in seen.items():       # the bare name: the default schema's, or the one
        s = (default or "").lower() if (default or "").lower() in schemas else \
            next(iter(schemas)) if len(schemas) == 1 else None
        if s is not None:
            out[n] = out[f"{s}.{n}" if s else n]
    return out


_ALTER_ENUM = LazyPattern(
    r"(?is)\s*ALTER\s+TYPE\s+(\S+)\s+(?:ADD\s+VALUE\s+(?:IF\s+NOT\s+EXISTS\s+)?'((?:[^']|'')*)'"
    r"(?:\s+(BEFORE|AFTER)\s+'((?:[^']|'')*)')?|RENAME\s+VALUE\s+'((?:[^']|'')*)'\s+TO\s+"
    r"'((?:[^']|'')*)')")


def _altered(values: tuple[str, ...], m: re.Match[str]) -> tuple[str, ...]:
    """An enum's values after ``ALTER TYPE ... ADD VALUE`` (at the end, or BEFORE/AFTER
    a value) or ``RENAME VALUE``."""
    def un(v: str) -> str:
        return v.replace("''", "'")
    if m.group(5) is not None:
        old, new = un(m.group(5)), un(m.group(6))
        return tuple(new if v == old else v for v in values)
    value = un(m.group(2))
    if value in values:
        return values            # (IF NOT EXISTS, or PostgreSQL refuses it)
    if m.group(3) and un(m.group(4)) in values:
        i = values.index(un(m.group(4))) + (m.group(3).upper() == "AFTER")
        return (*values[:i], value, *values[i:])
    return (*values, value)


def _in_lists(ctx: SchemaContext, sql: str) -> list[tuple[str, int, tuple[str, ...]]]:
    """(column, number of values, the values when all are literals, else ()) of each
    ``column IN (...)`` of a CHECK."""
    import sqlglot
    from sqlglot import exp

    try:
        tree = sqlglot.parse_one(sql, read=ctx.dialect.sqlglot or ctx.catalog.dialect)
    except Exception:  # noqa: BLE001
        return []
    return [(node.this.name, len(node.expressions),
             tuple(str(e.this) for e in node.expressions)
             if all(isinstance(e, exp.Literal) for e in node.expressions) else ())
            for node in tree.find_all(exp.In)
            if isinstance(node.this, exp.Column) and node.expressions]


@schema_rule(
    "AK-TY005", "enum-type", "info",
    summary="ENUM/SET columns, or CHECK (c IN (...)) lists of 10 or more values",
    like="skeema has-enum, sqlcheck",
    why="""Adding, renaming or removing an enum value is a schema change (in MySQL a
table rebuild when the list is reordered; in PostgreSQL values cannot be removed), the
list is invisible to foreign keys, and application code copies it. A small lookup table
with a foreign key keeps the values as data.""",
    fires="CREATE TABLE ticket (id BIGINT PRIMARY KEY, status ENUM('open', 'closed') NOT NULL);",
    passes=("CREATE TABLE ticket_status (code VARCHAR(16) PRIMARY KEY);\n"
            "CREATE TABLE ticket (id BIGINT PRIMARY KEY, status VARCHAR(16) NOT NULL,\n"
            "  FOREIGN KEY (status) REFERENCES ticket_status (code));"),
    example_dialect="mysql",
    options={"max_in_values": 10},
)
def enum_type(ctx: SchemaContext) -> Iterator[Finding]:
    limit = int(ctx.option("max_in_values", 10))
    enums = cached(ctx, "_archkit_enums", _enum_types)
    for table, name, col in columns_of_type(ctx, ("enum", "set", "user-defined", "userdefined")):
        t = base_type(col)
        if t in {"enum", "set"} or col.enum_values or _enum_key(col.raw_type) in enums:
            values = col.enum_values
            what = f"{t.upper()}({len(values)} values)" if values else said_type(col, t)
            if t == "set":   # many values per row: a child table, not a foreign key
                hint = _child_table(ctx, table, f"{table.name}_{name}",
                                    f"{q(ctx, name)} varchar(32)", name)
            else:
                named = enums.get(_enum_key(col.raw_type))
                hint = _lookup_table(ctx, table, name, values or named or (),
                                     enum_type=col.raw_type if named is not None else None)
            yield ctx.rule.finding(
                f"{shown_tc(ctx, table.key, name)} is an enumerated type {what}; a lookup "
                f"table keeps the values as data", object=f"{table.key}.{name}", hint=hint,
                **where(column_pos(table, name)))
    for table in tables(ctx):
        for ck in table.checks:
            if " in " not in ck.expression.lower() and " in(" not in ck.expression.lower():
                continue
            for cname, n, listed in _in_lists(ctx, ck.expression):
                if n < limit:
                    continue
                if cname not in table.columns:     # as the CHECK spells it: the column's
                    cname = next((k for k in table.columns if k.lower() == cname.lower()),
                                 cname)            # key (Bareos' VolStatus is volstatus)
                yield ctx.rule.finding(
                    f"CHECK on {shown_tc(ctx, table.key, cname)} lists {n} allowed values; a "
                    f"lookup table keeps them as data", object=f"{table.key}.{cname}",
                    # (the values the CHECK allows, not the rows' values: on an empty
                    # database the key then refused every one; scout W)
                    hint=_lookup_table(ctx, table, cname, () if ck.not_valid else listed,
                                       retype=False),
                    **where(ck.pos if ck.pos.line is not None else column_pos(table, cname)))


# -- AK-TY006 ----------------------------------------------------------------------------
@schema_rule(
    "AK-TY006", "json-not-jsonb", "warning",
    summary="a postgres json column (jsonb serves)",
    like="pg-index-health", dialects=("postgres",),
    why="""json stores the text as written and re-parses it on every access; it has no
equality operator (so no DISTINCT, GROUP BY or UNIQUE) and no GIN indexing. jsonb is
parsed once, indexable and almost always what is meant; keep json only when the exact
text (key order, duplicate keys, whitespace) must survive.""",
    fires="CREATE TABLE event (id bigint PRIMARY KEY, payload json NOT NULL);",
    passes="CREATE TABLE event (id bigint PRIMARY KEY, payload jsonb NOT NULL);",
)
def json_not_jsonb(ctx: SchemaContext) -> Iterator[Finding]:
    for table, name, col in columns_of_type(ctx, ("json",)):
        yield ctx.rule.finding(
            f"{table.key}.{name} is json: it is re-parsed on every access and cannot "
            f"be indexed with GIN", object=f"{table.key}.{name}",
            hint=with_dependents(ctx, table, name, "jsonb",
                                 f"ALTER TABLE {q(ctx, table.key)} ALTER COLUMN {q(ctx, name)} "
                                 f"TYPE jsonb USING {q(ctx, name)}::jsonb;"),
            **where(column_pos(table, name)))


# -- AK-TY007 ----------------------------------------------------------------------------
_ZERO_DATE = LazyPattern(r"^'?0000-00-00")


@schema_rule(
    "AK-TY007", "deprecated-mysql-type", "warning",
    summary="int display widths, zero-date defaults, utf8/utf8mb3 or a non-InnoDB engine (MySQL)",
    like="skeema", dialects=("mysql", "mariadb"), example_dialect="mysql",
    why="""MySQL 8 deprecates integer display widths (INT(11) means INT), rejects
'0000-00-00' under the default sql_mode (NO_ZERO_DATE), treats utf8 as the deprecated
3-byte utf8mb3 (no emoji, many CJK characters), and only InnoDB has transactions,
foreign keys and crash safety. In MariaDB (dialect mariadb) display widths are not
deprecated and are not reported, and a zero date passes the default sql_mode but is
still no date: clients read it as NULL or fail.""",
    fires="CREATE TABLE person (id INT(11) NOT NULL PRIMARY KEY, name VARCHAR(50)) ENGINE=MyISAM DEFAULT CHARSET=utf8;",
    passes="CREATE TABLE person (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(50)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;",
)
def deprecated_mysql_type(ctx: SchemaContext) -> Iterator[Finding]:
    f = facts(ctx)
    collation = f.utf8mb4_collation
    zero_date = ("rejected by NO_ZERO_DATE" if f.zero_dates_rejected else
                 "which is no date: clients read it as NULL or fail, and NO_ZERO_DATE rejects it")
    for table in tables(ctx):
        tbl = q(ctx, table.key)
        engine = (table.engine or "").lower()
        if engine and engine != "innodb":
            yield ctx.rule.finding(
                f"table {table.key} uses ENGINE={table.engine}: no transactions, foreign "
                f"keys or crash recovery", object=table.key,
                hint=f"ALTER TABLE {tbl} ENGINE=InnoDB;", **where(table.pos))
        if (table.charset or "").lower() in {"utf8", "utf8mb3"}:
            yield ctx.rule.finding(
                f"table {table.key} uses CHARSET={table.charset} (3-byte utf8mb3)",
                object=table.key, hint=_convert_sql(ctx, table, collation),
                **where(table.pos))
        for name, col in table.columns.items():
            t = base_type(col)
            c = q(ctx, name)
            pos = where(column_pos(table, name))
            if f.display_widths_deprecated and t in INT_TYPES and col.params and \
                    not (t in {"tinyint", "utinyint"} and col.params == ("1",)):
                fixed = re.sub(r"\(\s*\d+\s*\)", "", col.raw_type or t.upper())
                key = _widened_key(ctx, table, name, t)
                yield ctx.rule.finding(
                    f"{table.key}.{name} has a display width ({col.raw_type}), deprecated "
                    f"and ignored", object=f"{table.key}.{name}",
                    # (both hints run in order, INT undid AK-PK003's BIGINT, or MariaDB
                    # refused it on a referenced key, ERROR 1833; scout W)
                    hint=f"-- AK-PK003's hint on {key} makes it BIGINT, which drops the width "
                    f"too" if key else alter_type_sql(ctx, table, name, fixed.strip()), **pos)
            if col.default and _ZERO_DATE.match(col.default.strip()):
                yield ctx.rule.finding(
                    f"{table.key}.{name} defaults to a zero date ({col.default}), {zero_date}",
                    object=f"{table.key}.{name}",
                    hint=f"ALTER TABLE {tbl} ALTER COLUMN {c} DROP DEFAULT; -- or make it NULL",
                    **pos)
            if (col.charset or "").lower() in {"utf8", "utf8mb3"}:
                yield ctx.rule.finding(
                    f"{table.key}.{name} uses CHARACTER SET {col.charset} (3-byte utf8mb3)",
                    object=f"{table.key}.{name}",
                    hint=alter_type_sql(
                        ctx, table, name, f"{said_type(col, t)} CHARACTER SET utf8mb4"
                        + (f" COLLATE {utf8mb4_collation(col.collation, collation)}"
                           if col.collation else "")),
                    **pos)


_NARROW_INTS = frozenset({"int", "uint", "mediumint", "umediumint", "smallint", "usmallint"})


def _widened_key(ctx: SchemaContext, table: Table, name: str, t: str) -> str | None:
    """The key AK-PK003 widens to BIGINT with this column (the table's own single-column
    or generated key, or the key it references), as ``table.column``; else None."""
    if t not in _NARROW_INTS:
        return None
    col = table.columns[name]
    pk = table.primary_key.columns if table.primary_key else ()
    if name in pk and (len(pk) == 1 or col.identity):
        return f"{table.key}.{name}"
    for fk in table.foreign_keys:
        if len(fk.columns) != 1 or fk.columns[0] != name:
            continue
        target = table_named(ctx, fk.ref_table)
        tpk = target.primary_key.columns if target is not None and target.primary_key else ()
        if len(tpk) != 1 or tuple(fk.ref_columns or tpk) != tpk:
            continue
        key = target.columns.get(tpk[0])
        if key is not None and base_type(key) in _NARROW_INTS:
            return f"{target.key}.{tpk[0]}"
    return None


def _convert_sql(ctx: SchemaContext, table: Table, collation: str) -> str:
    """``ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4``. MySQL and MariaDB refuse it while
    a foreign key joins one of t's text columns (ERROR 1832 / 1833, even with
    FOREIGN_KEY_CHECKS=0; Camunda's 23 of 49 tables, scout R; Flowable), and a key cannot
    join text columns of two character sets: the tables that text foreign keys join to t,
    near or far, convert together. The first of them to be reported gets the whole
    script (drop those keys, convert every table, add the keys back, as written); the
    others say whose hint converts them. Run on MariaDB 10.11."""
    def convert(t: Table) -> str:
        return (f"ALTER TABLE {q(ctx, t.key)} CONVERT TO CHARACTER SET utf8mb4 COLLATE "
                f"{utf8mb4_collation(table_collation(t), collation)};")

    group, keys = cached(ctx, "_archkit_text_key_groups", _text_key_groups).get(
        table.key, ([table], []))
    if not keys:
        return convert(table)
    lead = next((t for t in group if (t.charset or "").lower() in {"utf8", "utf8mb3"}), table)
    if lead is not table:
        others = len(group) - 1
        return (f"-- converted by the hint for {lead.key}, with the {others} other "
                f"table{'s' if others > 1 else ''} that text foreign keys join to it (MySQL "
                "refuses to convert one while such a key stands)")
    # (a key's own name as written, shown_name; else the engine's)
    named = [(t, fk, shown_name(ctx, t, fk.name) or engine_fk_name(ctx, t, fk))
             for t, fk in keys]
    return " ".join(
        [f"ALTER TABLE {q(ctx, t.key)} DROP FOREIGN KEY {q(ctx, name)};"
         for t, _fk, name in named if name]
        + [convert(t) for t in group]
        + [restate_foreign_key_sql(ctx, t, fk, name) + ";" for t, fk, name in named if name])


def _text_key_groups(ctx: SchemaContext) -> dict[str, tuple[list[Table], list[Any]]]:
    """Table key -> (the tables that foreign keys on text columns join to it, near or far,
    in the catalog's order; those keys). MySQL ignores an inline REFERENCES."""
    import networkx as nx

    tables = ctx.catalog.tables
    pk_of = {k: (t.primary_key.columns if t.primary_key else ()) for k, t in tables.items()}

    def texty(t: Table, cols: Any) -> bool:
        return any(TEXT_TYPE.search(t.columns[c].raw_type or t.columns[c].type or "")
                   for c in cols if c in t.columns)

    graph = nx.Graph()
    keys: list[tuple[Table, Any]] = []
    for t in tables.values():
        for fk in t.foreign_keys:
            ref = tables.get(fk.ref_table)
            if fk.inline or ref is None or not (
                    texty(t, fk.columns) or texty(ref, fk.ref_columns or pk_of[ref.key])):
                continue
            keys.append((t, fk))
            graph.add_edge(t.key, ref.key)
    order = {k: i for i, k in enumerate(tables)}
    out: dict[str, tuple[list[Table], list[Any]]] = {}
    for seen in nx.connected_components(graph):
        group = [tables[k] for k in sorted(seen, key=order.__getitem__)]
        entry = (group, [(t, fk) for t, fk in keys if t.key in seen])
        for k in seen:
            out[k] = entry
    return out


def table_collation(table: Table) -> str | None:
    """The COLLATE of a MySQL table's options (``COLLATE=utf8_bin``), lower case."""
    for p in table.options.get("properties") or ():
        m = _TABLE_COLLATE.match(p)
        if m is not None:
            return m.group(1).lower()
    return None


_TABLE_COLLATE = LazyPattern(r"(?i)^\s*(?:DEFAULT\s+)?COLLATE\s*=?\s*['\"`]?(\w+)")


def utf8mb4_collation(written: str | None, default: str) -> str:
    """The utf8mb4 collation that sorts and compares as ``written`` (a utf8 / utf8mb3
    collation) did: utf8_bin -> utf8mb4_bin. A hint that turned a case-sensitive utf8_bin
    key into utf8mb4_0900_ai_ci would refuse rows that differ only in case (MariaDB:
    ERROR 1062 on DolphinScheduler's Quartz tables; scout P). None: ``default``."""
    if written:
        for old in ("utf8mb3_", "utf8_"):
            if written.startswith(old):
                return "utf8mb4_" + written[len(old):]
        if written.startswith("utf8mb4_"):
            return written
    return default


# -- AK-TY008 ----------------------------------------------------------------------------
def _fk_tables(ctx: SchemaContext) -> tuple[set[int], dict[str, set[int]]]:
    """The ``id`` of every table of the catalog, and each column name in a foreign key ->
    the ``id`` of the tables with such a key (so that the columns of one name are
    filtered in one pass, not a lookup per table)."""
    out: dict[str, set[int]] = {}
    for t in ctx.catalog.tables.values():
        for fk in t.foreign_keys:
            for c in fk.columns:
                hit = out.get(c)
                if hit is None:
                    out[c] = {id(t)}
                else:
                    hit.add(id(t))
    return {id(t) for t in ctx.catalog.tables.values()}, out


def _keyed_on(table: Table, name: str) -> bool:
    """Whether one of ``table``'s foreign keys has column ``name``."""
    return any(name in fk.columns for fk in table.foreign_keys)


_NO_TYPE = ("user-defined", "userdefined")
_NO_TYPE_KEYS = ("", None, "user-defined", "userdefined")


@schema_rule(
    "AK-TY008", "inconsistent-column-type", "warning",
    summary="the same column name has different types in different tables (user_id int vs bigint)",
    like="pg-index-health",
    why="""A column name is a promise: user_id is the same thing wherever it appears.
When its type differs between tables, joins cast (and may skip indexes), values that fit
in one table overflow in another, and the smaller one is usually a mistake waiting for
the day the ids grow. Only names that appear in at least `min_tables` tables count;
generic names that mean something different in each table (type, status, state, key,
path, version ...) are left out by `ignore_names`.""",
    fires=("CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL);\n"
           "CREATE TABLE invoice (id bigint PRIMARY KEY, user_id integer NOT NULL);"),
    passes=("CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL);\n"
            "CREATE TABLE invoice (id bigint PRIMARY KEY, user_id bigint NOT NULL);"),
    options={"min_tables": 2, "ignore_names": [
        "id", "name", "description", "value", "data", "type", "kind", "status", "state",
        "position", "version", "key", "path"]},
)
def inconsistent_column_type(ctx: SchemaContext) -> Iterator[Finding]:
    ignore = {str(n).lower() for n in (ctx.option("ignore_names") or ())}
    min_tables = int(ctx.option("min_tables", 2))
    by_affinity = facts(ctx).type_affinity
    # (the catalog's tables, and a name -> those with a foreign key on it)
    keyed: tuple[set[int], dict[str, set[int]]] | None = None
    for name, cols in index(ctx).by_name.items():
        if len(cols) < min_tables or name.lower() in ignore:
            continue
        if not by_affinity and cols[0][2] == cols[-1][2] \
                and len({stored for _t, _c, stored in cols}) == 1:
            continue     # one stored type everywhere: nothing differs
        # a foreign-key column's type follows the key it references (AK-FK002), not a
        # column of the same name elsewhere (Spring Security ACL: acl_entry.sid, a bigint
        # key to acl_sid.id, beside acl_sid.sid, a name: the hint dropped the key on MariaDB
        # and failed; scout S)
        if keyed is None:
            keyed = cached(ctx, "_archkit_fk_tables", _fk_tables)
        known, drop = keyed[0], keyed[1].get(name, ())
        # (a row of a table the catalog does not hold, as the incremental checker's rows
        # of an unchanged table may be: asked directly)
        cols = [r for r in cols if (id(r[0]) not in drop if id(r[0]) in known
                                    else not _keyed_on(r[0], name))]
        if len(cols) < min_tables:
            continue
        if by_affinity:
            uses = [(table, comparable_type(ctx, col)) for table, col, stored in cols
                    if stored and stored not in _NO_TYPE]
            counts = Counter(map(itemgetter(1), uses))
            n_uses = len(uses)
        else:
            # count in C first; the (table, type) pairs are listed only when reported
            counts = Counter(map(itemgetter(2), cols))
            for missing in _NO_TYPE_KEYS:
                counts.pop(missing, None)
            n_uses = sum(counts.values())
            uses = None
        if n_uses < min_tables or len(counts) < 2:
            continue
        # the (table, type) pairs
        if uses is None:
            uses = [(table, stored) for table, _col, stored in cols
                    if stored and stored not in _NO_TYPE]
        # each type as the input spells it (mysql TIMESTAMP, not archkit's timestamptz),
        # where it is first found; sqlite compares affinities (INTEGER, TEXT ...), which
        # are its own words
        first = {ty: tb for tb, ty in reversed(uses)}
        shown: dict[str, str] = {ty: ty if by_affinity else _spelled(tb.columns[name], ty)
                                 for ty, tb in first.items()}
        others = ", ".join(f"{shown[t]} in {counts[t]} table(s)" for t in sorted(counts))
        majority, top = counts.most_common(1)[0]
        if top * 2 > n_uses:
            # a clear majority: each column that differs gets its own fix
            example = next(tb for tb, ty in uses if ty == majority).columns[name]
            for table, t in uses:
                if t != majority:
                    worse = _worse(ctx, majority, t)
                    if worse is not None:
                        # the others should follow this one: the majority's type is the one
                        # AK-TY001 / AK-TY003 advise against (GitLab: 7 hints back to
                        # timestamp, 42 back to varchar; scout V)
                        hint = (f"-- {shown_tc(ctx, table.key, name)} is {shown[t]}, which "
                                f"{worse}: change the {top} columns of {shown[majority]} "
                                "instead")
                    elif _converts(t, majority) and not _generated_key(table.columns[name]) \
                            and _fits_text(t, example):
                        hint = _retype(ctx, table, name, t, majority, example)
                    else:
                        hint = _two_meanings(ctx, table, name, t, shown[majority])
                    yield ctx.rule.finding(
                        f"{shown_tc(ctx, table.key, name)} is "
                        f"{t if by_affinity else _spelled(table.columns[name], t)} but "
                        f"{shown_c(ctx, table.key, name)} is {shown[majority]} elsewhere "
                        f"({others})",
                        object=f"{table.key}.{name}", hint=hint,
                        **where(column_pos(table, name)))
            continue
        # no majority: one finding for the name, at the first column that differs
        first_table, first_type = uses[0]
        table, t = next((tb, ty) for tb, ty in uses if ty != first_type)
        fix = _alter(ctx, table, name, type_sql(first_table.columns[name])) \
            if _converts(t, first_type) and not _generated_key(table.columns[name]) and \
            _fits_text(t, first_table.columns[name]) else "--"
        if _worse(ctx, first_type, t) and _converts(first_type, t) and \
                _fits_text(first_type, table.columns[name]) and \
                not _generated_key(first_table.columns[name]):
            # the example goes toward the type the other rules advise, not away from it
            fix = _retype(ctx, first_table, name, first_type, t, table.columns[name])
        yield ctx.rule.finding(
            f"{shown_c(ctx, table.key, name)} has {len(counts)} types across {n_uses} tables "
            f"({others}); {shown_tc(ctx, table.key, name)} is "
            f"{t if by_affinity else _spelled(table.columns[name], t)} but "
            f"{shown_tc(ctx, first_table.key, name)} is {shown[first_type]}",
            object=f"{table.key}.{name}",
            hint=(f"-- choose one type for {shown_c(ctx, table.key, name)} in every table"
                  + ("" if fix.startswith("--") else f", e.g. {fix}")),
            **where(column_pos(table, name)))


def _retype(ctx: SchemaContext, table: Table, name: str, stored: str, target: str,
            example: Any) -> str:
    """AK-TY008's change of ``table.name`` from type ``stored`` to ``target``, written as
    ``example`` (another table's column) has it. To timestamptz on postgres as AK-TY001
    converts: the stored digits read as UTC (without USING, in the session's time zone),
    and together with the columns an index compares it with (:func:`_with_partners`)."""
    sql = type_sql(example)
    if ctx.dialect.name == "postgres" and target == "timestamptz" and stored == "timestamp" \
            and not table.columns[name].generated:
        return _with_partners(ctx, table, name) or _alter(
            ctx, table, name, f"{sql} USING {q(ctx, name)} AT TIME ZONE 'UTC'")
    return _alter(ctx, table, name, sql)


def _worse(ctx: SchemaContext, stored: str, other: str) -> str | None:
    """Why another rule advises type ``other`` over ``stored`` (timestamptz over timestamp:
    AK-TY001; postgres text over varchar: AK-TY003), else None."""
    f = facts(ctx)
    if stored in f.naive_timestamps and not f.naive_hint and other == "timestamptz":
        return "AK-TY001 prefers (it keeps the time zone)"
    if "text" in f.no_rewrite_types and stored in ("varchar", "char", "bpchar") and \
            other == "text":
        return "AK-TY003 prefers (no length to outgrow)"
    return None


def _two_meanings(ctx: SchemaContext, table: Table, name: str, stored: str,
                  elsewhere: str) -> str:
    """AK-TY008's hint where the types hold different kinds of value (a timestamp
    last_notification beside a notification number: Icinga, scout O): an ALTER of the type
    fails there without a conversion, and the name may mean two things."""
    return (f"-- {shown_tc(ctx, table.key, name)} holds {value_family(stored)} values, "
            f"{elsewhere} elsewhere: if it is another thing, rename it; if the same, convert it "
            "with a USING / UPDATE written for the data")


def _converts(stored: str, target: str) -> bool:
    """Whether a column of type ``stored`` takes ``ALTER ... TYPE target`` without a
    conversion written for it and without losing values: within one kind of value (an
    integer only to one as wide, and a signed one never to unsigned: phpBB's folder_id
    holds -1 .. -4, which MariaDB refused or, without strict mode, made 0), or to text
    from plain values (PostgreSQL refuses timestamp -> int and text -> int
    "automatically"; jsonb -> text loses what its indexes read: Conductor, scout S)."""
    to, have = value_family(target), value_family(stored)
    if to == "text":
        return have in ("text", "number", "date/time", "uuid")
    if have != to:
        return False
    return have != "number" or _int_fits(stored, target)


# the characters a value of each kind takes as text (a timestamp with its fraction and
# zone; an integer of each width with its sign)
_TEXT_WIDTH = {"uuid": 36, "date/time": 35}
_INT_TEXT = {"tinyint": 4, "smallint": 6, "smallserial": 6, "mediumint": 8, "int": 11,
             "serial": 11, "bigint": 20, "bigserial": 20, "int64": 20}


def _fits_text(stored: str, target: Any) -> bool:
    """Whether every value of type ``stored`` fits the length of ``target``, a column
    whose type a hint would copy (SQL Server's EfrpgTest: a uniqueidentifier Code was to
    become NVARCHAR(20) like the other Code columns, 36 characters into 20; scout W)."""
    if value_family(base_type(target)) != "text" or not target.params or \
            not str(target.params[0]).isdigit():
        return True
    have = value_family(stored)
    need = _TEXT_WIDTH.get(have) or (_INT_TEXT.get(stored, 40) if have == "number" else 0)
    return int(target.params[0]) >= need


def _generated_key(col: Any) -> bool:
    """An identity / serial / AUTO_INCREMENT column: its numbers are made by the engine,
    so it changes to no other kind (Flowable's ACT_HI_TSK_LOG.ID_ bigint auto_increment
    beside varchar ID_s: MariaDB, 'Incorrect column specifier'; scout S follow-up)."""
    return bool(col.identity or col.serial)


_INT_RANK = {"tinyint": 1, "smallint": 2, "smallserial": 2, "mediumint": 3, "int": 4,
             "serial": 4, "bigint": 5, "bigserial": 5, "int64": 5}


def _int_fits(stored: str, target: str) -> bool:
    """Every value of integer type ``stored`` fits ``target`` (other numbers: True)."""
    su, tu = stored.startswith("u"), target.startswith("u")
    a, b = _INT_RANK.get(stored[1:] if su else stored), _INT_RANK.get(target[1:] if tu else target)
    if a is None and b is not None and stored not in _INT_RANK:
        return False           # a fraction into an integer (GitLab's risk_score double
                               # beside a smallint one: TYPE SMALLINT truncated; scout V)
    if a is None or b is None:
        return True
    if su == tu:
        return b >= a
    return su and b > a        # unsigned into a wider signed type; never signed -> unsigned


def _spelled(col: Any, compared: str) -> str:
    """A column's type as the input spells it, without parameters (they are not compared:
    mysql TIMESTAMP, INT UNSIGNED, DECIMAL), or the type it was compared as when it was
    written with none (sqlite)."""
    raw = " ".join(_TYPE_PARAMS.sub(" ", wrapped_type(col.raw_type or "")).split()).lower()
    return raw or compared


_TYPE_PARAMS = re.compile(r"\([^()]*\)")


# -- AK-TY009 ----------------------------------------------------------------------------
@schema_rule(
    "AK-TY009", "all-nullable", "info",
    summary="every non-key column of a table is nullable",
    like="pg-index-health",
    why="""When nothing but the key is required, every query must handle NULL in every
column and the table can hold rows that mean nothing. Usually some columns are
required by the business and should say so with NOT NULL.""",
    fires="CREATE TABLE person (id bigint PRIMARY KEY, name text, email text);",
    passes="CREATE TABLE person (id bigint PRIMARY KEY, name text NOT NULL, email text);",
    options={"min_columns": 2},
)
def all_nullable(ctx: SchemaContext) -> Iterator[Finding]:
    min_cols = int(ctx.option("min_columns", 2))
    f = facts(ctx)
    for table in tables(ctx):
        pk = table.primary_key.columns if table.primary_key else ()
        rest, first, col = 0, None, None
        for n, c in table.columns.items():    # stops at the first required column
            if n in pk:
                continue
            if not c.nullable:
                break
            if first is None:
                first, col = n, c
            rest += 1
        else:
            if rest >= min_cols:
                yield _all_nullable(ctx, f, table, rest, first, col)


def _all_nullable(ctx: SchemaContext, f: Any, table: Table, rest: int, first: str,
                  col: Any) -> Finding:
    return ctx.rule.finding(
        f"every non-key column of {shown_t(ctx, table.key)} is nullable ({rest} columns)",
        object=table.key,
        hint=set_not_null_sql(ctx, table, first) + " -- for each column the business requires",
        **where(table.pos))


# -- AK-TY010 ----------------------------------------------------------------------------
_NUMBERED = re.compile(r"^(?P<stem>[a-z_]*?[a-z])_?(?P<n>\d+)$")
_ATTR_NAMES = frozenset({"attribute", "attr", "attribute_name", "attr_name", "property",
                         "property_name", "field", "field_name", "key", "param", "parameter"})
_VALUE_NAMES = frozenset({"value", "val", "attribute_value", "attr_value", "property_value",
                          "field_value"})


def _name_kind(name: str) -> tuple[str | None, int, bool]:
    """(stem of a numbered name, 1 attribute / 2 value / 0 neither, names an entity)."""
    low = name.lower()
    stem, kind = None, 0
    if low[-1:].isdigit():
        m = _NUMBERED.match(low)
        if m:
            stem = m.group("stem")
    elif low in _ATTR_NAMES:
        kind = 1
    elif low in _VALUE_NAMES:
        kind = 2
    return stem, kind, low.endswith("_id") or low == "entity"


@schema_rule(
    "AK-TY010", "repeating-columns", "warning",
    summary="numbered columns x1, x2, x3... or attribute/value pairs (EAV)",
    like="sqlcheck",
    why="""Numbered columns are a repeating group: the fourth phone number needs a
schema change, queries must OR over every copy, and nothing keeps them consistent.
Entity-attribute-value tables give up types, constraints and foreign keys for every
attribute. Both want a child table with one row per item.""",
    fires="CREATE TABLE person (id bigint PRIMARY KEY, phone1 text, phone2 text, phone3 text);",
    passes=("CREATE TABLE person (id bigint PRIMARY KEY);\n"
            "CREATE TABLE person_phone (person_id bigint REFERENCES person, phone text, "
            "PRIMARY KEY (person_id, phone));"),
    options={"min_repeats": 3},
)
def repeating_columns(ctx: SchemaContext) -> Iterator[Finding]:
    min_repeats = int(ctx.option("min_repeats", 3))
    # what each column name says, worked out once per distinct name (they repeat):
    # its stem when numbered ("" when not), and whether it is an EAV name
    stem_of: dict[str, str] = {}
    special: dict[str, tuple[int, bool]] = {}
    qq = quoter(ctx)
    for table in tables(ctx):
        groups: dict[str, list[str]] = {}
        attrs: list[str] = []
        values: list[str] = []
        entity: list[str] = []
        for name in table.columns:     # one pass, dict lookups: this runs on every column
            stem = stem_of.get(name)
            if stem is None:
                found, kind, is_entity = _name_kind(name)
                stem = stem_of[name] = found or ""
                if kind or is_entity:
                    special[name] = (kind, is_entity)
            if stem:
                group = groups.get(stem)
                if group is None:
                    groups[stem] = [name]
                else:
                    group.append(name)
            if name in special:
                kind, is_entity = special[name]
                if kind and not stem:
                    (attrs if kind == 1 else values).append(name)
                if is_entity:
                    entity.append(name)
        for stem, names in groups.items():
            if len(names) < min_repeats:
                continue
            yield emit(
                ctx, f"{shown_t(ctx, table.key)} repeats {stem} as "
                f"{shown_cs(ctx, table.key, names)}",
                column_pos(table, names[0]), f"{table.key}.{stem}",
                _child_table(ctx, table, f"{table.name}_{stem}",
                             f"position smallint, {qq(stem)} "
                             f"{type_sql(table.columns[names[0]])}", "position")
                if ctx.hints else None)
        if attrs and values and entity:
            ent = _entity_column(table, entity)
            owner = _entity_table(ctx, table, ent)
            key, attr = table.key, shown_c(ctx, table.key, attrs[0])
            yield ctx.rule.finding(
                f"{shown_t(ctx, key)} stores entity-attribute-value rows "
                f"({shown_cs(ctx, key, (ent, attrs[0], values[0]))}): each attribute loses "
                "its type and constraints",
                object=key,
                # (a template, so written as a comment: run as it stood, it was a syntax
                # error at '<')
                hint=(f"-- one typed column per frequent {attr}: ALTER TABLE " + (
                      sql_t(ctx, owner) if owner else
                      f"<the table {shown_c(ctx, key, ent)} refers to>")
                      + f" ADD COLUMN <attribute> <type>; then move its rows out of "
                      f"{shown_t(ctx, key)}"),
                **where(column_pos(table, attrs[0])))


def _entity_column(table: Table, entity: list[str]) -> str:
    """Which of an EAV table's id columns names the entity: one in a foreign key, not
    the partition key (GitLab's p_ci_pipeline_variables(partition_id, pipeline_id, key,
    value): pipeline_id, not partition_id; scout V)."""
    part = set(partition_columns(table))
    plain = [e for e in entity if e not in part and not e.lower().startswith("partition")]
    keyed = [e for e in plain if any(e in fk.columns for fk in table.foreign_keys)]
    return (keyed or plain or entity)[0]


def _entity_table(ctx: SchemaContext, table: Table, column: str) -> str | None:
    """The table an EAV table's entity column refers to: its foreign key's, else the
    table the column is named after (project_id: project, else projects), None when the
    schema has no such table (GitLab's ci_group_variables.group_id: its groups are rows of
    namespaces; the hint had named a table "group" that does not exist)."""
    fk = next((fk for fk in table.foreign_keys if column in fk.columns), None)
    if fk is not None:
        return fk.ref_table
    stem = reference_stem(column)
    for name in table_names_for(stem) if stem else ():
        hit = table_named(ctx, ctx.dialect.normalise(name))
        if hit is not None and hit is not table:
            return hit.key
    return None
