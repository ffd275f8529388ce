"""The schema catalog model: plain dataclasses the schema rules and the ER diagram read.

Built from DDL by ``archkit.schema.catalog.load_schema`` (sqlglot parses; this module
imports nothing heavy). Names are normalised per dialect (``Dialect.normalise``) and
tables are keyed by their qualified name (``schema.table``; the dialect's default schema
is omitted: ``orders`` not ``public.orders``). Positions are 1-based and point at the
identifier that names the object, in the file given by ``path``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Position:
    path: str | None = None
    line: int | None = None
    col: int | None = None


@dataclass
class Column:
    name: str                          # normalised
    type: str                          # normalised base type: int, bigint, text, varchar, timestamptz ...
    raw_type: str = ""                 # the type as written (SQL), e.g. "VARCHAR(255)"
    params: tuple[str, ...] = ()       # type parameters: ("255",), ("10", "2")
    nullable: bool = True
    default: str | None = None         # SQL text of the default
    identity: bool = False             # GENERATED ... AS IDENTITY / AUTO_INCREMENT / AUTOINCREMENT
    serial: bool = False               # postgres serial / bigserial / smallserial
    generated: str | None = None       # expression of a generated column
    stored: bool = False               # generated column is STORED
    enum_values: tuple[str, ...] = ()  # mysql ENUM/SET values
    charset: str | None = None
    comment: str | None = None
    quoted: bool = False               # the name was written quoted
    original: str = ""                 # the name as written
    pos: Position = field(default_factory=Position)


@dataclass
class IndexColumn:
    expr: str                          # column name (normalised) or expression SQL
    is_expression: bool = False
    desc: bool = False
    nulls: str | None = None           # "first" / "last" when written


@dataclass
class Index:
    name: str | None
    table: str                         # qualified table key
    columns: tuple[IndexColumn, ...]
    unique: bool = False
    method: str = "btree"              # btree, hash, gin, gist, brin, fulltext, spatial ...
    where: str | None = None           # partial-index predicate (normalised SQL)
    include: tuple[str, ...] = ()
    concurrently: bool = False
    inline: bool = False               # declared inside CREATE TABLE (mysql KEY/INDEX)
    statement: int = -1                # index into Catalog.statements
    pos: Position = field(default_factory=Position)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.expr for c in self.columns)


@dataclass
class PrimaryKey:
    columns: tuple[str, ...]
    name: str | None = None
    pos: Position = field(default_factory=Position)


@dataclass
class UniqueConstraint:
    columns: tuple[str, ...]
    name: str | None = None
    pos: Position = field(default_factory=Position)


@dataclass
class ForeignKey:
    columns: tuple[str, ...]
    ref_table: str                     # qualified, normalised key of the referenced table
    ref_columns: tuple[str, ...] = ()  # empty: the referenced table's primary key
    name: str | None = None
    on_delete: str | None = None       # "cascade", "set null", "restrict", "no action", "set default"
    on_update: str | None = None
    match: str | None = None           # "full", "simple", "partial"
    not_valid: bool = False
    inline: bool = False               # written as a column constraint: col ... REFERENCES t(c)
    statement: int = -1
    pos: Position = field(default_factory=Position)


@dataclass
class CheckConstraint:
    expression: str                    # SQL text
    columns: tuple[str, ...] = ()      # columns it references
    name: str | None = None
    not_valid: bool = False
    pos: Position = field(default_factory=Position)


@dataclass
class Table:
    name: str                          # normalised, unqualified
    schema: str | None = None          # None: the dialect's default schema
    columns: dict[str, Column] = field(default_factory=dict)   # in declaration order
    primary_key: PrimaryKey | None = None
    uniques: list[UniqueConstraint] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    checks: list[CheckConstraint] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    comment: str | None = None
    engine: str | None = None          # mysql ENGINE=
    charset: str | None = None         # mysql DEFAULT CHARSET=
    options: dict[str, Any] = field(default_factory=dict)      # WITHOUT ROWID, TEMPORARY ...
    quoted: bool = False
    original: str = ""
    statement: int = -1                # the CREATE TABLE statement
    pos: Position = field(default_factory=Position)

    @property
    def key(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name


@dataclass
class ParseProblem:
    message: str
    line: int
    col: int


@dataclass
class Statement:
    """One statement of the input, as split and parsed.

    Performance contract for rules: on large inputs the statements are parsed in worker
    processes and ``tree`` is parsed *again, lazily,* the first time it is read (syntax
    trees cost more to send between processes than to parse). Test ``kind`` (cheap,
    from the leading keywords: "CREATE TABLE", "ALTER TABLE", "CREATE INDEX", "SET",
    "DROP TABLE", "TRUNCATE", "CREATE TYPE" ...) before reading ``tree``; the tables a
    CREATE TABLE makes are in ``Catalog.created`` / ``Table.statement`` without it.
    """

    index: int
    sql: str                           # the statement's text
    path: str | None
    line: int                          # first line of the statement in its file
    col: int
    end_line: int
    kind: str                          # "CREATE TABLE", "CREATE INDEX", "ALTER TABLE", "DROP TABLE",
                                       # "COMMENT", "SET", "INSERT", "SELECT", ... (by keyword)
    tree: Any = None                   # sqlglot expression, or None
    raw: bool = False                  # parser kept it as raw text (exp.Command): AK-SQL002
    error: ParseProblem | None = None  # did not parse: AK-SQL001
    suppressions: list[Any] = field(default_factory=list)   # archkit.suppress.Suppression
    offset: int = 0                    # offset of the statement's first character in its file


@dataclass
class Catalog:
    dialect: str
    tables: dict[str, Table] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    created: set[str] = field(default_factory=set)   # table keys created in this input
    dropped: set[str] = field(default_factory=set)
    workload: list[Statement] = field(default_factory=list)   # parsed --workload queries

    def table(self, name: str) -> Table | None:
        """Look a table up by key, or by unqualified name when that is unambiguous."""
        if name in self.tables:
            return self.tables[name]
        matches = [t for t in self.tables.values() if t.name == name]
        return matches[0] if len(matches) == 1 else None

    def all_indexes(self) -> list[Index]:
        return [ix for t in self.tables.values() for ix in t.indexes]
