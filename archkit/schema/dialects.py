"""Per-dialect facts, one table per dialect. Rules look facts up here; they never test
dialect names inline (``if ctx.dialect.fk_creates_index`` instead of ``if dialect ==
"mysql"``).

Each :class:`Dialect` says how unquoted (and quoted) identifiers fold, the identifier
length limit, which words are reserved, whether a foreign key creates its own index,
the default schema, and how type names normalise (aliases map the dialect's spelling to
archkit's base type names: ``int4`` -> ``int``, ``timestamp with time zone`` ->
``timestamptz``, ``double precision`` -> ``double``).

This module imports nothing heavy.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from archkit.errors import InputError

__all__ = ["Dialect", "DIALECTS", "get_dialect", "known_dialects"]

# SQL:2016 reserved words that every dialect rejects or treats specially as bare names.
_CORE_RESERVED = frozenset("""
all alter and any as asc between by case cast check column constraint create cross
current_date current_time current_timestamp current_user default delete desc distinct
drop else end exists false fetch for foreign from full grant group having in inner
insert intersect into is join leading left like limit natural not null on or order outer
primary references right select set table then to trailing true union unique update user
using values when where with
""".split())

# PostgreSQL's reserved key words and those reserved but allowed as a function or type
# name ("R" and "T" of pg_get_keywords(), PostgreSQL 15, and system_user, reserved since
# 16): neither can name a table or column unquoted. Others of SQL's (values, between,
# exists, set, update ...) may (scout AK: Lago's `values` columns were called reserved).
_POSTGRES_RESERVED = frozenset("""
all analyse analyze and any array as asc asymmetric authorization binary both case cast
check collate collation column concurrently constraint create cross current_catalog
current_date current_role current_schema current_time current_timestamp current_user
default deferrable desc distinct do else end except false fetch for foreign freeze from
full grant group having ilike in initially inner intersect into is isnull join lateral
leading left like limit localtime localtimestamp natural not notnull null offset on only
or order outer overlaps placing primary references returning right select session_user
similar some symmetric system_user table tablesample then to trailing true union unique
user using variadic verbose when where window with
""".split())

# core words that MySQL and SQLite do not reserve: `CREATE TABLE user` runs on both
# (mysql's own grant table is mysql.user; MediaWiki's user table), as do end, full, any
_MYSQL_RESERVED = (_CORE_RESERVED - {"any", "cast", "end", "full", "user"}) | frozenset("""
accessible add analyze before bigint binary blob both call cascade change char character
condition continue convert cube current_role cursor database databases day_hour
day_microsecond day_minute day_second dec decimal declare delayed describe deterministic
distinctrow div double dual each elseif empty enclosed escaped except exit explain
float float4 float8 force fulltext function generated get groups high_priority
hour_microsecond hour_minute hour_second if ignore index infile inout insensitive int int1
int2 int3 int4 int8 integer interval iterate key keys kill lag lateral lead leave linear
lines load localtime localtimestamp lock long longblob longtext loop low_priority
master_bind match maxvalue mediumblob mediumint mediumtext middleint minute_microsecond
minute_second mod modifies no_write_to_binlog numeric optimize optimizer_costs option
optionally out outfile over partition precision procedure purge range rank read reads
read_write real recursive regexp release rename repeat replace require resignal restrict
return revoke rlike row rows schema schemas second_microsecond sensitive separator show
signal smallint spatial specific sql sql_big_result sql_calc_found_rows sql_small_result
sqlexception sqlstate sqlwarning ssl starting stored straight_join system terminated
tinyblob tinyint tinytext trigger undo unlock unsigned usage use utc_date utc_time
utc_timestamp varbinary varchar varcharacter varying virtual while window write xor
year_month zerofill
""".split())

_SQLITE_RESERVED = (_CORE_RESERVED - {"any", "current_user", "false", "fetch", "grant",
                                       "leading", "trailing", "true", "user"}) | frozenset("""
abort action add after analyze attach autoincrement before begin cascade collate commit
conflict database deferrable deferred detach each escape except exclusive explain fail filter
following glob if ignore immediate index indexed initially instead intersect isnull key
match no notnull nothing of offset over partition plan pragma preceding query raise range
recursive regexp reindex release rename replace restrict returning rollback row rows
savepoint temp temporary transaction trigger unbounded vacuum view virtual window without
""".split())

_TSQL_RESERVED = _CORE_RESERVED | frozenset("""
add authorization backup begin break browse bulk cascade checkpoint close clustered
coalesce collate commit compute contains containstable continue convert current
current_timestamp cursor database dbcc deallocate declare deny disk distributed double dump
errlvl escape except exec execute exit external file fillfactor freetext freetexttable
function goto holdlock identity identity_insert identitycol if index intersect key kill
lineno load merge national nocheck nonclustered nullif of off offsets open opendatasource
openquery openrowset openxml option over percent pivot plan precision print proc
procedure public raiserror read readtext reconfigure replication restore restrict return
revert revoke rollback rowcount rowguidcol rule save schema securityaudit
semantickeyphrasetable session_user setuser shutdown some statistics system_user
tablesample textsize top tran transaction trigger truncate try_convert tsequal unpivot
updatetext use varying view waitfor while within writetext
""".split())

_ORACLE_RESERVED = _CORE_RESERVED | frozenset("""
access add audit char cluster comment compress connect current date decimal exclusive file
float identified immediate increment index initial integer level lock long maxextents minus
mlslabel mode modify noaudit nocompress nowait number of offline online option pctfree
prior privileges public raw rename resource row rowid rownum rows session share size
smallint start successful synonym sysdate trigger uid validate varchar varchar2 view
whenever
""".split())

_BIGQUERY_RESERVED = _CORE_RESERVED | frozenset("""
array assert_rows_modified at collate contains cube define enum escape except exclude
extract following groups hash if ignore interval lateral lookup merge new no nulls of
over partition preceding proto qualify range recursive respect rollup rows some struct
tablesample treat unbounded unnest window within
""".split())

# (ACCOUNT, CONNECTION, DATABASE, ORGANIZATION, SCHEMA are "limited": only not an
# identifier in a SHOW command, docs.snowflake.com/en/sql-reference/reserved-keywords;
# USER is not on that list: Snowflake-Labs' apps name columns so, unquoted)
_SNOWFLAKE_RESERVED = (_CORE_RESERVED - {"user"}) | frozenset("""
connect gscluster ilike increment issue lateral localtime localtimestamp minus of qualify
regexp revoke rlike row rows sample some start trigger try_cast view whenever
""".split())

# DuckDB's "reserved" and "type_function" key words (duckdb_keywords(), DuckDB 2.0): both
# refuse to name a table or column unquoted (`at`, `semi`, `asof`...), while user and
# values may (scout AK).
_DUCKDB_RESERVED = frozenset("""
all analyse analyze and anti any array as asc asof asymmetric at authorization binary
both by case cast check collate collation column columns concurrently constraint create
cross default deferrable desc describe distinct do else end except false fetch for
foreign freeze from full generated glob group having ilike in initially inner intersect
into is isnull join lambda lateral leading left like limit map natural not notnull null
offset on only or order outer overlaps pivot pivot_longer pivot_wider placing positional
primary qualify references returning right select semi show similar some struct
summarize symmetric table tablesample then to trailing true try_cast tuple union unique
unpack unpivot using variadic verbose when where window with
""".split())

# tsql statements sqlglot cannot parse: BULK INSERT (data loading), ENABLE / DISABLE
# TRIGGER, RAISERROR ... WITH LOG, DBCC, BACKUP / RESTORE, CHECKPOINT, WAITFOR, RECONFIGURE;
# IF / WHILE control flow whose body sqlglot cannot read (IF db_name() <> 'x' RAISERROR ...)
# valid postgres statements sqlglot has no grammar for (CLUSTER t USING ix, as
# AdventureWorks-for-Postgres writes after each primary key; SECURITY LABEL ON ...)
_POSTGRES_RAW_KINDS = frozenset({"CLUSTER", "SECURITY", "CREATE OPERATOR"})
# mysql: prepared statements (vaultwarden's migrations: DEALLOCATE PREPARE was AK-SQL001)
# (FLUSH BINARY LOGS: the employees sample's flush /*!50503 binary */ logs, read as code)
_MYSQL_RAW_KINDS = frozenset({"PREPARE", "DEALLOCATE", "DROP PREPARE", "FLUSH"})
# oracle: LOCK TABLE t IN EXCLUSIVE MODE (sqlglot has no grammar for it)
_ORACLE_RAW_KINDS = frozenset({"LOCK"})
_TSQL_RAW_KINDS = frozenset({"BULK", "ENABLE", "DISABLE", "RAISERROR", "DBCC", "BACKUP",
                             "RESTORE", "CHECKPOINT", "WAITFOR", "RECONFIGURE", "SETUSER",
                             "REVERT", "THROW", "IF", "WHILE",
                             # SSMS's header: files and sizes (SIZE = 8192KB), no table
                             "CREATE DATABASE", "ALTER DATABASE"})
# constraint states: enforced or not, existing rows checked or not, trusted by the optimizer
_CONSTRAINT_STATES = frozenset({"ENABLE", "DISABLE", "VALIDATE", "NOVALIDATE", "RELY", "NORELY"})

# dialect spelling -> archkit base type (after sqlglot's own normalisation to a DataType)
_COMMON_TYPES = {
    "int": "int", "integer": "int", "int4": "int", "mediumint": "mediumint",
    "bigint": "bigint", "int8": "bigint", "smallint": "smallint", "int2": "smallint",
    "tinyint": "tinyint", "serial": "int", "bigserial": "bigint", "smallserial": "smallint",
    "decimal": "numeric", "numeric": "numeric", "bigdecimal": "numeric",
    "float": "real", "real": "real", "double": "double", "money": "money",
    "smallmoney": "money", "boolean": "boolean", "bit": "bit",
    "char": "char", "nchar": "char", "varchar": "varchar", "nvarchar": "varchar",
    "text": "text", "ntext": "text", "mediumtext": "text", "longtext": "text", "tinytext": "text",
    "name": "text", "citext": "text", "string": "text",
    "date": "date", "time": "time", "timetz": "timetz", "timestamp": "timestamp",
    "timestamptz": "timestamptz", "timestampltz": "timestamptz", "timestampntz": "timestamp",
    "datetime": "datetime", "datetime2": "datetime", "smalldatetime": "datetime",
    "datetimeoffset": "timestamptz", "interval": "interval", "year": "year",
    "json": "json", "jsonb": "jsonb", "uuid": "uuid", "uniqueidentifier": "uuid",
    "binary": "binary", "varbinary": "varbinary", "blob": "blob", "bytea": "bytea",
    "longblob": "blob", "mediumblob": "blob", "tinyblob": "blob", "image": "blob",
    "enum": "enum", "set": "set", "array": "array", "xml": "xml", "inet": "inet",
    "geography": "geography", "geometry": "geometry", "variant": "variant",
    "object": "object", "struct": "struct", "tsvector": "tsvector",
}


@dataclass(frozen=True)
class Dialect:
    """The facts archkit needs about one SQL dialect."""

    name: str
    title: str
    fold: str = "lower"                 # unquoted identifiers: "lower", "upper", "none"
    fold_quoted: bool = False           # quoted identifiers fold too (case-insensitive engines)
    max_identifier_bytes: int | None = None   # None: no practical limit
    truncates_long_identifiers: bool = False  # postgres: silently truncates at 63 bytes
    fk_creates_index: bool = False      # mysql/InnoDB indexes FK columns itself
    default_schema: str | None = None
    reserved: frozenset[str] = _CORE_RESERVED
    type_aliases: dict[str, str] = field(default_factory=dict)
    has_timestamptz: bool = False       # a zone-aware timestamp type exists
    instant_type: str = "timestamp"     # the type to recommend for instants
    text_type: str = "text"             # unbounded text type to recommend
    supports_concurrent_index: bool = False
    supports_not_valid: bool = False    # ADD CONSTRAINT ... NOT VALID
    supports_partial_index: bool = False
    supports_include: bool = False      # CREATE INDEX ... INCLUDE (...)
    supports_identity: bool = False     # GENERATED ... AS IDENTITY
    supports_comments: bool = False     # COMMENT ON / COMMENT=
    transactional_ddl: bool = False
    pk_is_clustered: bool = False       # InnoDB, tsql (default), sqlite WITHOUT ROWID
    secondary_index_includes_pk: bool = False   # InnoDB appends the PK to every index
    free_type_names: bool = False       # sqlite: a type is any sequence of names
    key_adopts_index: bool = False      # oracle: a key uses an index on its exact columns
                                        # (and refuses a second one: ORA-01408)
    drop_refuses_referenced: bool = False   # DROP TABLE of a table other tables' foreign
                                        # keys reference fails without CASCADE (postgres,
                                        # tsql, oracle)
    fk_needs_target: bool = False       # a foreign key to a table not created yet fails
                                        # (postgres, tsql, oracle, duckdb, mysql unless
                                        # foreign_key_checks = 0 as dumps run; not sqlite)
    drop_if_exists: bool = True         # DROP TABLE IF EXISTS exists (not oracle before
                                        # 23ai: an install script drops plainly, then creates)
    index_names_per_table: bool = False  # index names are unique per table (mysql, tsql),
                                         # not per schema (postgres, sqlite, oracle ...)
    raw_kinds: frozenset[str] = frozenset()  # statement kinds (by leading keyword) the
                                        # engine runs but sqlglot has no grammar for: kept
                                        # as raw text (AK-SQL002), never a syntax error
    keys_indexed: bool = True           # a key is enforced through an index, so a wide key
                                        # widens it (not bigquery, snowflake: unenforced
                                        # metadata, no index)
    nested_columns: bool = False        # ClickHouse Nested: a column meta.key is queried
                                        # as meta.key, without quotes
    unique_keys: bool = True            # PRIMARY KEY / UNIQUE refuse a repeated key
                                        # (not ClickHouse: a sorting index; nor foreign keys)
    constraint_states: frozenset[str] = frozenset()  # words of constraint state clauses
                                         # sqlglot lacks (oracle ENABLE NOVALIDATE, snowflake
                                         # ENFORCED VALIDATE RELY): blanked and parsed again
    script_kinds: frozenset[str] = frozenset()  # statement kinds that are procedural script
                                         # blocks (bigquery IF ... END IF, LOOP, FOR ... DO):
                                         # not parsed, reported as procedural code
    list_commas: str = ""               # what the engine refuses that sqlglot reads past in
                                        # a CREATE TABLE: "," an empty item (a int,, b int),
                                        # ")" a comma before the closing bracket (a int,)
    sqlglot: str = ""                   # sqlglot's dialect name

    def normalise(self, name: str, quoted: bool = False) -> str:
        """Fold an identifier the way the engine compares it."""
        if quoted and not self.fold_quoted:
            return name
        if self.fold == "lower" or (quoted and self.fold_quoted):
            return name.lower()
        if self.fold == "upper":
            return name.upper()
        return name

    def base_type(self, name: str) -> str:
        """archkit's base type name for a (lower-case, sqlglot-normalised) type name."""
        key = name.lower()
        return self.type_aliases.get(key) or _COMMON_TYPES.get(key, key)

    def is_reserved(self, name: str) -> bool:
        return name.lower() in self.reserved

    def too_long(self, name: str) -> bool:
        return self.max_identifier_bytes is not None and \
            len(name.encode("utf-8")) > self.max_identifier_bytes


_MYSQL = Dialect("mysql", "MySQL", fold="none", max_identifier_bytes=64,
                 fk_creates_index=True, reserved=_MYSQL_RESERVED,
                 type_aliases={"datetime": "datetime", "tinyint": "tinyint"},
                 instant_type="timestamp", supports_comments=True, pk_is_clustered=True,
                 secondary_index_includes_pk=True, index_names_per_table=True,
                 raw_kinds=_MYSQL_RAW_KINDS, list_commas=",)", sqlglot="mysql",
                 fk_needs_target=True)     # (unless SET FOREIGN_KEY_CHECKS = 0, as dumps do)

# sqlglot dialects that read MySQL's grammar (and its quirks archkit reads past)
MYSQL_GRAMMAR = frozenset({"mysql", "doris", "starrocks", "singlestore"})

DIALECTS: dict[str, Dialect] = {d.name: d for d in (
    Dialect("postgres", "PostgreSQL", max_identifier_bytes=63, truncates_long_identifiers=True,
            drop_refuses_referenced=True, fk_needs_target=True,
            default_schema="public", reserved=_POSTGRES_RESERVED, has_timestamptz=True,
            instant_type="timestamptz", supports_concurrent_index=True, supports_not_valid=True,
            supports_partial_index=True, supports_include=True, supports_identity=True,
            supports_comments=True, transactional_ddl=True, raw_kinds=_POSTGRES_RAW_KINDS,
            list_commas=",)", sqlglot="postgres"),
    _MYSQL,
    # MariaDB reads as MySQL (sqlglot has one grammar for both) with the same facts here;
    # the rules' own facts differ where the engines do (rules._support.FACTS["mariadb"]:
    # display widths, zero dates, utf8mb4 collations)
    replace(_MYSQL, name="mariadb", title="MariaDB"),
    Dialect("sqlite", "SQLite", fold="lower", fold_quoted=True, reserved=_SQLITE_RESERVED,
            instant_type="text (ISO 8601 with offset) or integer (unix epoch)",
            supports_partial_index=True, transactional_ddl=True, free_type_names=True,
            list_commas=",)", sqlglot="sqlite"),
    Dialect("tsql", "SQL Server", fold="lower", fold_quoted=True, max_identifier_bytes=128,
            drop_refuses_referenced=True, fk_needs_target=True,
            default_schema="dbo", reserved=_TSQL_RESERVED, has_timestamptz=True,
            instant_type="datetimeoffset", text_type="nvarchar(max)",
            supports_partial_index=True, supports_include=True, transactional_ddl=True,
            pk_is_clustered=True, index_names_per_table=True, raw_kinds=_TSQL_RAW_KINDS,
            sqlglot="tsql"),
    Dialect("oracle", "Oracle", fold="upper", max_identifier_bytes=128, reserved=_ORACLE_RESERVED,
            drop_refuses_referenced=True, fk_needs_target=True,
            has_timestamptz=True, instant_type="timestamp with time zone", text_type="clob",
            supports_identity=True, supports_comments=True, key_adopts_index=True,
            constraint_states=_CONSTRAINT_STATES, raw_kinds=_ORACLE_RAW_KINDS,
            drop_if_exists=False, list_commas=",)", sqlglot="oracle"),
    Dialect("bigquery", "BigQuery", fold="none", max_identifier_bytes=300,
            reserved=_BIGQUERY_RESERVED, has_timestamptz=True, instant_type="timestamp",
            text_type="string", type_aliases={"timestamp": "timestamptz", "int64": "bigint",
                                              "float64": "double"},
            supports_comments=True, keys_indexed=False,
            script_kinds=frozenset({"IF", "CASE", "LOOP", "REPEAT", "WHILE", "FOR"}),
            sqlglot="bigquery"),
    Dialect("snowflake", "Snowflake", fold="upper", max_identifier_bytes=255,
            reserved=_SNOWFLAKE_RESERVED, has_timestamptz=True, instant_type="timestamp_tz",
            text_type="varchar", supports_identity=True, supports_comments=True,
            transactional_ddl=False, keys_indexed=False,
            constraint_states=_CONSTRAINT_STATES | {"ENFORCED"},
            sqlglot="snowflake"),
    # Redshift: PostgreSQL 8's grammar and folding; keys are declared, not enforced, and
    # no index backs them (distribution and sort keys do that work)
    Dialect("redshift", "Amazon Redshift", max_identifier_bytes=127, default_schema="public",
            reserved=_POSTGRES_RESERVED, has_timestamptz=True, instant_type="timestamptz",
            supports_identity=True, supports_comments=True, transactional_ddl=True,
            keys_indexed=False, list_commas=",)", sqlglot="redshift"),
    Dialect("duckdb", "DuckDB", fold="lower", fold_quoted=True, reserved=_DUCKDB_RESERVED,
            fk_needs_target=True,
            has_timestamptz=True, instant_type="timestamptz", supports_identity=False,
            supports_comments=True, transactional_ddl=True, default_schema="main",
            list_commas=",", sqlglot="duckdb"),
)}

# the dialects with facts of their own (get_dialect adds the rest of sqlglot's as it
# meets them, with the core facts)
BUILTIN = frozenset(DIALECTS)

_NO_UNIQUE_KEYS = frozenset({"clickhouse", "druid"})
# ClickHouse Decimal32(S) ... Decimal256(S) are Decimal(P, S) of a fixed P
_CLICKHOUSE_ALIASES = {f"decimal{n}": "numeric" for n in (32, 64, 128, 256)}

# names people type for the same dialect
ALIASES = {"postgresql": "postgres", "pg": "postgres", "psql": "postgres", "mssql": "tsql",
           "sqlserver": "tsql", "sql_server": "tsql", "maria": "mariadb", "sqlite3": "sqlite"}


def known_dialects() -> list[str]:
    """Every dialect name accepted: archkit's tables plus the rest of sqlglot's."""
    try:
        from sqlglot.dialects.dialect import Dialects
        extra = {d.value for d in Dialects if d.value}
    except Exception:  # noqa: BLE001  # pragma: no cover - sqlglot is a dependency
        extra = set()
    return sorted(set(DIALECTS) | extra)


def get_dialect(name: str | None) -> Dialect:
    """The facts table for ``name``; a name sqlglot does not know is an InputError.

    sqlglot dialects without a table of their own (trino, spark, ...) get the core
    facts with sqlglot's folding, so they can still be parsed and checked.
    """
    key = (name or "postgres").strip().lower()
    key = ALIASES.get(key, key)
    if key in DIALECTS:
        return DIALECTS[key]
    known = known_dialects()
    if key not in known:
        raise InputError(f"unknown dialect {name!r}: use one of {', '.join(known)}")
    fold = "lower"
    try:
        from sqlglot.dialects.dialect import Dialect as SqlglotDialect
        from sqlglot.dialects.dialect import NormalizationStrategy
        strategy = SqlglotDialect.get_or_raise(key).NORMALIZATION_STRATEGY
        fold = {NormalizationStrategy.UPPERCASE: "upper",
                NormalizationStrategy.CASE_SENSITIVE: "none"}.get(strategy, "lower")
    except Exception:  # noqa: BLE001, S110  # pragma: no cover - keep the default fold
        pass
    # ClickHouse (and the engines like it) have no unique keys: a MergeTree PRIMARY KEY
    # is a sparse index over sorted rows; no row is refused for repeating it
    d = Dialect(key, key, fold=fold, sqlglot=key, unique_keys=key not in _NO_UNIQUE_KEYS,
                nested_columns=key == "clickhouse",
                type_aliases=_CLICKHOUSE_ALIASES if key == "clickhouse" else {})
    DIALECTS[key] = d
    return d
