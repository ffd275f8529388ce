"""The schema catalog model: plain dataclasses the schema rules and the ER diagram read.

Built from DDL by ``archkit.schema.catalog.load_schema`` (sqlglot parses; this module
imports nothing heavy). Names are normalised per dialect (``Dialect.normalise``) and
tables are keyed by their qualified name (``schema.table``; the dialect's default schema
is omitted: ``orders`` not ``public.orders``). Positions are 1-based and point at the
identifier that names the object, in the file given by ``path``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from archkit.schema.migrations import TOOL_TABLES

_EXPR = attrgetter("expr")


class Position:
    """Where an object is named: file, 1-based line and column.

    ``at``: the statement it is in (made from it, as the catalog builder and the rules
    make positions). Its line is then kept relative to the statement's, so that it
    follows the statement when an edit above adds or removes lines: the incremental
    checker moves the statements after such an edit, not each of the tens of thousands
    of positions tables, fragments and caches hold (:mod:`archkit.schema.shift`). Equal
    positions are at the same place, whatever they are relative to; a copy (pickled for
    another process) is at the same place, relative to nothing."""

    __slots__ = ("path", "_line", "col", "_at")

    def __init__(self, path: str | None = None, line: int | None = None,
                 col: int | None = None, at: Any = None) -> None:
        self.path = path
        self.col = col
        if at is None or line is None:
            self._line, self._at = line, None
        else:
            self._line, self._at = line - at.line, at

    @property
    def line(self) -> int | None:
        at = self._at
        return self._line if at is None else at.line + self._line

    @line.setter
    def line(self, value: int | None) -> None:
        self._line, self._at = value, None

    def __eq__(self, other: object) -> bool:
        if type(other) is not Position:
            return NotImplemented
        return self.path == other.path and self.line == other.line and self.col == other.col

    __hash__ = None  # type: ignore[assignment]   # (mutable, as the dataclass it was)

    def __repr__(self) -> str:
        return f"Position(path={self.path!r}, line={self.line!r}, col={self.col!r})"


@dataclass(slots=True)
class Column:
    """A column of a table, its type normalised per dialect."""

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
    domain: str | None = None          # the named type (CREATE DOMAIN, tsql alias type)
                                       # behind ``type``; raw_type is then its name
    on_update: str | None = None       # mysql ON UPDATE CURRENT_TIMESTAMP (SQL text)
    collation: str | None = None       # COLLATE written on the column (lower case)
    pos: Position = field(default_factory=Position)


@dataclass(slots=True)
class IndexColumn:
    """One key of an index: a column name or an expression."""

    expr: str                          # column name (normalised) or expression SQL
    is_expression: bool = False
    desc: bool = False
    nulls: str | None = None           # "first" / "last" when written and not the dialect's
                                       # default for the direction (a written default
                                       # orders the same as none)
    prefix: int | None = None          # mysql KEY (name(191)): the first characters only
    opclass: str | None = None         # postgres operator class (varchar_pattern_ops ...)


@dataclass(slots=True)
class Index:
    """An index (CREATE INDEX, or declared inside CREATE TABLE)."""

    name: str | None
    table: str                         # qualified table key
    columns: tuple[IndexColumn, ...]
    unique: bool = False
    method: str = "btree"              # btree, hash, gin, gist, brin, fulltext, spatial ...
    where: str | None = None           # partial-index predicate (normalised SQL)
    include: tuple[str, ...] = ()
    concurrently: bool = False
    inline: bool = False               # declared inside CREATE TABLE (mysql KEY/INDEX)
    if_not_exists: bool = False        # CREATE INDEX IF NOT EXISTS
    original: str = ""                 # the name as written ("" when it is ``name``)
    statement: int = -1                # index into Catalog.statements
    pos: Position = field(default_factory=Position)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(map(_EXPR, self.columns))


@dataclass(slots=True)
class PrimaryKey:
    """A table's primary key."""

    columns: tuple[str, ...]
    name: str | None = None
    pos: Position = field(default_factory=Position)


@dataclass(slots=True)
class UniqueConstraint:
    """A UNIQUE constraint."""

    columns: tuple[str, ...]
    name: str | None = None
    pos: Position = field(default_factory=Position)


@dataclass(slots=True)
class ForeignKey:
    """A foreign key and its referential actions."""

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


@dataclass(slots=True)
class CheckConstraint:
    """A CHECK constraint."""

    expression: str                    # SQL text
    columns: tuple[str, ...] = ()      # columns it references
    name: str | None = None
    not_valid: bool = False
    pos: Position = field(default_factory=Position)


@dataclass
class Table:
    """A table: columns in declaration order, keys, constraints and indexes."""

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


def judged(table: Table) -> bool:
    """Whether the rules go through ``table``: not a stub for a table the input only
    mentions (``external``), nor a postgres partition (``PARTITION OF parent``), whose
    columns, keys, foreign keys and indexes are the parent's and are reported there
    (the catalog copies the columns and keys, so that lookups by name still see them),
    nor a sqlite virtual table (fts5, rtree: a module's, with no keys or types to judge)
    or one of sqlite's own tables (sqlite_sequence, printed by ``.schema``), nor a
    ClickHouse Distributed / Merge / Buffer table (``proxy``: other tables' rows), nor a
    migration tool's bookkeeping table (``schema_migrations``, ``__EFMigrationsHistory``,
    ``_prisma_migrations`` ...: the tool's design, not the team's)."""
    options = table.options
    return not options.get("external") and not options.get("partition_of") \
        and not options.get("virtual") and not options.get("internal") \
        and not options.get("proxy") \
        and table.name.lower() not in TOOL_TABLES


def all_columns_known(table: Table) -> bool:
    """Whether the catalog knows every column of ``table``: not a table made LIKE another
    (uncopied), AS SELECT, INHERITS (uncopied) or as a partition (its parent's columns),
    nor one a routine or dynamic SQL changed (``opaque``), nor a stub or virtual table."""
    options = table.options
    if not options:
        return True
    if options.get("external") or options.get("as_select") or \
            ("like" in options and not options.get("like_copied")) \
            or "partition_of" in options or options.get("opaque") or options.get("virtual"):
        return False
    return "inherits" not in options or bool(options.get("inherits_copied"))


@dataclass(slots=True)
class ParseProblem:
    """Why a statement did not parse, at a position inside it."""

    message: str
    line: int
    col: int
    # the statement is still analysed, as written without the fault (a tsql ")GO": what
    # the tool that wrote it runs): reported, and the table still checked
    kept: bool = False


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


@dataclass(slots=True)
class Conflict:
    """A statement that cannot apply to the schema the statements before it built: it
    creates a table, column or index name that exists, or alters, indexes, comments or
    drops a column (or a dropped table) that does not (AK-SQL003)."""

    message: str
    object: str
    hint: str
    statement: int                     # index into Catalog.statements
    pos: Position = field(default_factory=Position)


@dataclass
class Catalog:
    """Every table the input defines (by key), and its statements in order."""

    dialect: str
    tables: dict[str, Table] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    created: set[str] = field(default_factory=set)   # table keys created in this input
    dropped: set[str] = field(default_factory=set)
    workload: list[Statement] = field(default_factory=list)   # parsed --workload queries
    conflicts: list[Conflict] = field(default_factory=list)   # statements that cannot apply
    # named column types (postgres CREATE DOMAIN, tsql CREATE TYPE ... FROM) by folded
    # name, qualified and not: archkit.schema.domains.Domain
    domains: dict[str, Any] = field(default_factory=dict)
    # --since: index of the first statement under review; the statements before it build
    # the schema the migrations under review run on (their tables exist, with data)
    review_from: int | None = None
    before: Catalog | None = None     # --since: the catalog of the statements before it
    # where names fold without case (SQL Server, SQLite, DuckDB): tables and columns the
    # catalog does not have (renamed, or dropped from tables the input does not create),
    # as the input wrote them, by (table key, column or None); the findings about them
    # name them so (archkit.schema.shown)
    gone: dict[tuple[str, str | None], str] = field(default_factory=dict)
    # tsql IF blocks the engine skips: IF OBJECT_ID('t') IS NULL with t there (statement
    # indexes; the migration rules skip them too)
    skipped_blocks: set[int] = field(default_factory=set)

    def table(self, name: str) -> Table | None:
        """Look a table up by key, or by unqualified name when that is unambiguous."""
        if name in self.tables:
            return self.tables[name]
        matches = [t for t in self.tables.values() if t.name == name]
        return matches[0] if len(matches) == 1 else None

    def all_indexes(self) -> list[Index]:
        return [ix for t in self.tables.values() for ix in t.indexes]


# -- pickling ---------------------------------------------------------------------------
# Worker processes send catalog fragments (tables, indexes) back to the parent. Pickled
# the default way every object costs a dict of attribute names; here a table travels
# as one flat tuple of values (read by C-level attrgetters, positions inlined), which
# is several times cheaper to write and read. Objects rebuilt are equal to the originals.

def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


_POS_TAIL = ("pos.path", "pos.line", "pos.col")
_PLAIN: dict[type, Any] = {}
_FLAT: dict[type, Any] = {}
for _cls in (Column, PrimaryKey, UniqueConstraint, ForeignKey, CheckConstraint, Index):
    _n = _names(_cls)
    assert _n[-1] == "pos"
    _PLAIN[_cls] = attrgetter(*_n)
    _FLAT[_cls] = attrgetter(*_n[:-1], *_POS_TAIL)
_PLAIN[Position] = attrgetter("path", "line", "col")        # (absolute: see Position)
_PLAIN[IndexColumn] = attrgetter(*_names(IndexColumn))
_PLAIN[ParseProblem] = attrgetter(*_names(ParseProblem))
_INDEX_FLAT = attrgetter(*[n for n in _names(Index)[:-1] if n != "columns"], *_POS_TAIL)
assert _names(Index)[:3] == ("name", "table", "columns")
_COLUMN = _FLAT[Column]
_POS = attrgetter("pos")
_JUST_COLUMN = {Column}
_JUST_POSITION = {Position}
_INDEX_COLUMN = _PLAIN[IndexColumn]
_TABLE_NAMES = _names(Table)
_TABLE_PLAIN = attrgetter(*_TABLE_NAMES)
_TABLE_HEAD = attrgetter("name", "schema")
_TABLE_TAIL = attrgetter("primary_key", "uniques", "foreign_keys", "checks", "indexes",
                         "comment", "engine", "charset", "options", "quoted", "original",
                         "statement", *_POS_TAIL)


def _with_pos(cls: type, values: tuple[Any, ...]) -> Any:
    return cls(*values[:-3], Position(values[-3], values[-2], values[-1]))


def _reduce_plain(self: Any) -> tuple[Any, ...]:
    return type(self), _PLAIN[type(self)](self)


def _reduce_with_pos(self: Any) -> tuple[Any, ...]:
    cls = type(self)
    if type(self.pos) is Position:
        return _with_pos, (cls, _FLAT[cls](self))
    return cls, _PLAIN[cls](self)


def _index(v: tuple[Any, ...], columns: tuple[tuple[Any, ...], ...]) -> Index:
    return Index(v[0], v[1], tuple([IndexColumn(*c) for c in columns]), *v[2:-3],
                 Position(v[-3], v[-2], v[-1]))


def _reduce_index(self: Index) -> tuple[Any, ...]:
    if type(self.pos) is Position and type(self.columns) is tuple and \
            all(type(c) is IndexColumn for c in self.columns):
        return _index, (_INDEX_FLAT(self), tuple(map(_INDEX_COLUMN, self.columns)))
    return Index, _PLAIN[Index](self)


def _table(head: tuple[Any, ...], keys: tuple[str, ...], columns: tuple[tuple[Any, ...], ...],
           tail: tuple[Any, ...], state: dict[str, Any] | None) -> Table:
    position = Position
    cols = [Column(*c[:-3], position(c[-3], c[-2], c[-1])) for c in columns]
    t = Table(*head, dict(zip(keys, cols)), *tail[:-3], position(tail[-3], tail[-2], tail[-1]))
    if state:
        t.__dict__.update(state)
    return t


def _reduce_table(self: Table) -> tuple[Any, ...]:
    extra = self.__dict__.keys() - _TABLE_NAMES
    try:
        values = self.columns.values()
        if type(self.pos) is not Position or type(self.columns) is not dict or \
                values and ({*map(type, values)} != _JUST_COLUMN or
                            {*map(type, map(_POS, values))} != _JUST_POSITION):
            raise TypeError
        return _table, (_TABLE_HEAD(self), tuple(self.columns),
                        tuple(map(_COLUMN, self.columns.values())), _TABLE_TAIL(self),
                        {k: self.__dict__[k] for k in extra} if extra else None)
    except (TypeError, AttributeError):
        return Table, _TABLE_PLAIN(self), {k: self.__dict__[k] for k in extra} if extra else None


Position.__reduce__ = _reduce_plain            # type: ignore[method-assign,assignment]
IndexColumn.__reduce__ = _reduce_plain         # type: ignore[method-assign,assignment]
ParseProblem.__reduce__ = _reduce_plain        # type: ignore[method-assign,assignment]
for _cls in (Column, PrimaryKey, UniqueConstraint, ForeignKey, CheckConstraint):
    _cls.__reduce__ = _reduce_with_pos          # type: ignore[attr-defined]
Index.__reduce__ = _reduce_index               # type: ignore[method-assign,assignment]
Table.__reduce__ = _reduce_table               # type: ignore[method-assign,assignment]
