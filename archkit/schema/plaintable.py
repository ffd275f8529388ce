"""CREATE TABLE statements made of column definitions, read one distinct definition at
a time.

A large schema repeats its column definitions: ``created_at timestamptz NOT NULL
DEFAULT now()`` in every table, ``c3 bigint NOT NULL`` in hundreds (pg_dump's output,
gen_schema's; GitLab's structure.sql). Parsing every CREATE TABLE whole costs sqlglot
~45 us a column (tokenizer and parser, the catalog fragment from the tree another
~10 us), most of a cold check of such a schema. Here a CREATE TABLE whose parentheses
hold column definitions only is cut at its top-level commas (outside parentheses and
strings), and each definition *after its column's name* is parsed once, by
:func:`~archkit.schema.parse.parse_statement` and the catalog builder as a table of one
column named :data:`PLACEHOLDER`; what that column, its key, checks and references are
is kept, and every definition of the same text gets a copy with its own name and
positions. A definition that REFERENCES a table by a plain name is parsed with
:data:`REFERENCED` in the name's place, once for every table it may name. So every
column and constraint comes from the code that makes it from a whole tree; only the
cutting, and the table's own name (plain words), are done here.

That holds where a definition means the same whatever table it is in and whatever is
around it. So: PostgreSQL only (as :mod:`~archkit.schema.plainindex`), nothing but
white space after the closing parenthesis, no comment, no quoted name, no dollar quote,
no backslash; plain words for the table and column names; and a definition whose
one-column table has nothing but the column, an inline PRIMARY KEY, UNIQUE, CHECK and
REFERENCES without a constraint name. A column name that is a keyword of sqlglot's is
parsed as written (in a column's place it is mostly read as a name: ``name text``), and
a ``DEFAULT nextval(...)`` under its table's and column's names (whether the column is
serial depends on them). Anything else, and a name written twice or a second key, is
parsed whole as before. The statement is a :class:`~archkit.schema.parse.LazyStatement`
(tree parsed if a rule reads it), as one a worker process parsed. Used where statements
are parsed in chunks (:mod:`~archkit.schema.parallel`); tests compare each table with
the one the whole tree makes.
"""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Any

from archkit.schema.catalog import _builder, _merged_uniques, offset_position, table_fragment
from archkit.schema.dialects import Dialect
from archkit.schema.model import (
    CheckConstraint,
    Column,
    ForeignKey,
    Position,
    PrimaryKey,
    Statement,
    Table,
    UniqueConstraint,
)
from archkit.schema.parse import lazy_statement, parse_statement, statement_suppressions
from archkit.schema.plainindex import PLAIN_INDEX_DIALECTS, reserved_words
from archkit.schema.split import RawStatement

__all__ = ["PLACEHOLDER", "plain_table"]

# the name a definition is parsed under (a definition that mentions it is parsed whole)
PLACEHOLDER = "ak_plain_column"
_WRAP_TABLE = "ak_plain_table"           # the table it is parsed in
REFERENCED = "ak_plain_referenced"       # the table a REFERENCES is parsed with

_BLANK = "[ \t\r\n]"
_WORD = r"[A-Za-z_][A-Za-z0-9_]*"
_HEAD = re.compile(r"(?i)CREATE" + _BLANK + r"+TABLE" + _BLANK + r"+(" + _WORD + r")(?:\.("
                   + _WORD + r"))?" + _BLANK + r"*\(")
_TAIL = re.compile(r"\)" + _BLANK + r"*\Z")
# what the cutting below does not read as sqlglot does: comments, quoted names, dollar
# quotes, escapes (E'\''), a terminator inside, brackets and backticks of other dialects
_UNCUT = re.compile(r'["$\\;`\[\]{}#]|--|/\*')
# one element: a name, then anything up to a comma outside strings ('it''s') and
# parentheses (three deep: numeric(12,2), CHECK ((a > 0)), default f(g(1)); deeper
# is parsed whole); its name and what follows it are groups 1 and 2, the comma group 3
_STRING = r"'(?:[^']|'')*'"
_GROUP = r"\((?:[^()']|" + _STRING + r")*\)"
for _ in range(2):
    _GROUP = r"\((?:[^()']|" + _STRING + "|" + _GROUP + r")*\)"
_ELEMENT = re.compile(_BLANK + "*(" + _WORD + ")" + _BLANK + r"+((?:[^(),']|" + _STRING
                      + "|" + _GROUP + r")+)(?:(,)|\Z)")
# REFERENCES and the table it names, unqualified (also found in a string, where the
# definition with REFERENCED then has no foreign key to it: the statement is parsed whole)
_REFERENCES = re.compile(r"(?i)\bREFERENCES" + _BLANK + "+(" + _WORD + r")(?![A-Za-z0-9_$.])")

# the fields a copy takes from its definition: all but the name, as written, position
_COLUMN_FIELDS = [f.name for f in fields(Column)]
_ORIGINAL = _COLUMN_FIELDS.index("original")
_FK_FIELDS = [f.name for f in fields(ForeignKey)]
_CHECK_FIELDS = [f.name for f in fields(CheckConstraint)]
assert _COLUMN_FIELDS[0] == "name" and _COLUMN_FIELDS[-1] == "pos"
assert _FK_FIELDS[0] == "columns" and _FK_FIELDS[-2:] == ["statement", "pos"]
assert _CHECK_FIELDS[:2] == ["expression", "columns"] and _CHECK_FIELDS[-1] == "pos"


class _Definition:
    """A column definition after its name, as the builder makes it on its own: the
    field values of its column, foreign keys and checks that every copy shares."""

    __slots__ = ("column", "key", "uniques", "references", "checks", "more")

    def __init__(self, column: tuple[tuple[Any, ...], tuple[Any, ...]], key: bool,
                 uniques: int, references: list[tuple[tuple[Any, ...], int]],
                 checks: list[tuple[Any, tuple[Any, ...]]]) -> None:
        self.column = column              # (fields before original, fields after it)
        self.key = key                    # an inline PRIMARY KEY
        self.uniques = uniques            # inline UNIQUEs
        self.references = references      # (FK fields after columns, offset after the name)
        self.checks = checks              # (expression, fields after columns)
        self.more = bool(key or uniques or references or checks)


class _Refers:
    """A definition that REFERENCES a table by a plain name: the definition with
    :data:`REFERENCED` in its place is parsed instead (one parse for every table it may
    name), and its foreign key gets the table back."""

    __slots__ = ("rest", "table", "at", "shift")

    def __init__(self, rest: str, table: str, at: int, shift: int) -> None:
        self.rest = rest                  # the definition with REFERENCED for the name
        self.table = table                # the table's key: the name, folded
        self.at = at + len(REFERENCED)    # offsets from here on in ``rest`` ...
        self.shift = shift                # ... are this much further in the statement


def _refers(rest: str, reserved: frozenset[str], dialect: Dialect) -> _Refers | None:
    """The definition to parse for one that REFERENCES an unqualified table name (not a
    keyword) once, else None."""
    found = list(_REFERENCES.finditer(rest))
    if len(found) != 1 or REFERENCED in rest.lower():
        return None
    m = found[0]
    name = m.group(1)
    if name.upper() in reserved:
        return None
    at = m.start(1)
    return _Refers(rest[:at] + REFERENCED + rest[m.end(1):], _builder(dialect)._norm[0](name), at,
                   len(name) - len(REFERENCED))


# per process and sqlglot dialect: definition after the name (or (that, table, name),
# where it is parsed under its names) -> _Definition, None when it must be parsed in its
# statement, or _NAMED when it is parsed under its names
_MEMO: dict[str, dict[Any, Any]] = {}
# (a notebook's process checks schema after schema: started afresh past this many)
_MEMO_LIMIT = 100_000
_NAMED = object()


def plain_table(raw: RawStatement, dialect: Dialect, path: str | None, index: int,
                kind: str) -> tuple[Statement, Table] | None:
    """(the statement, the table it creates) for a CREATE TABLE of column definitions
    only, made from its definitions' parses; else None (then parse it whole)."""
    sg = dialect.sqlglot or dialect.name
    if kind != "CREATE TABLE" or sg not in PLAIN_INDEX_DIALECTS or sg != dialect.name or \
            raw.unterminated is not None or raw.element_of is not None or raw.home is not None:
        return None
    sql = raw.sql
    head = _HEAD.match(sql)
    if head is None or _UNCUT.search(sql) is not None:
        return None
    tail = _TAIL.search(sql, head.end())
    if tail is None:
        return None
    reserved = reserved_words(sg)
    words = [w for w in head.group(1, 2) if w is not None]
    if any(w.upper() in reserved for w in words):
        return None
    qualified = None
    memo = _MEMO.get(sg)
    if memo is None or len(memo) > _MEMO_LIMIT:
        memo = _MEMO[sg] = {}
    st = lazy_statement(raw, path, index, kind, dialect.name, None,
                        statement_suppressions(raw, path))
    table = _table(st, dialect, words, head.start(head.lastindex or 1))
    norm = _builder(dialect)._norm[0]
    columns = table.columns
    line, col0 = st.line, st.col
    # positions as catalog.offset_position makes them, the lines counted as they go
    seen, lines, nl = 0, 0, -1
    at, end = head.end(), tail.start()
    element = _ELEMENT.match
    while True:
        m = element(sql, at, end)
        if m is None:
            return None               # (an element of another shape, or none)
        written, rest = m.group(1, 2)
        rest = rest.rstrip()
        found = memo.get(rest, memo) if written.upper() not in reserved else _NAMED
        if found is memo:
            found = memo[rest] = _NAMED if "nextval" in rest.lower() or not rest else \
                _refers(rest, reserved, dialect) or _definition(dialect, rest)
        refers = None
        if type(found) is _Refers:
            refers = found
            found = memo.get(refers.rest, memo)
            if found is memo:
                found = memo[refers.rest] = _definition(dialect, refers.rest)
        elif found is _NAMED:
            # whether nextval's sequence is the one postgres names for this table's
            # column, which makes the column serial: parsed under both names; a name
            # that is a keyword (in a column's place mostly read as a name: ``name
            # text``): parsed as it is written
            table_name = _WRAP_TABLE
            if "nextval" in rest.lower():
                if qualified is None:
                    qualified = sql[head.start(1):head.end(head.lastindex or 1)]
                table_name = qualified
            key = (rest, table_name, written)
            found = memo.get(key, memo)
            if found is memo:
                found = memo[key] = _definition(dialect, *key) if rest else None
        if found is None:
            return None
        name = norm(written)
        if name in columns:
            return None                   # (what the builder reports: parse it whole)
        if name == written:
            name = written                # (one string object, as the builder keeps it)
        start = m.start(1)
        n = sql.count("\n", seen, start)
        if n:
            lines += n
            nl = sql.rfind("\n", seen, start)
        seen = start
        pos = Position(path, line + lines, start - nl if lines else col0 + start, st)
        before, after = found.column
        columns[name] = Column(name, *before, written, *after, pos)
        if found.more:                    # (its key, uniques, references, checks)
            one = (name,)
            if found.key:
                if table.primary_key is not None:
                    return None           # (a second key, refused: parse it whole)
                table.primary_key = PrimaryKey(one, None, pos)
            for _ in range(found.uniques):
                table.uniques.append(UniqueConstraint(one, None, pos))
            rest_at = m.start(2)
            for fk, offset in found.references:
                if refers is not None:    # (the table it names, where it names it)
                    if offset >= refers.at:
                        offset += refers.shift
                    fk = (refers.table, *fk[1:])
                offset += rest_at
                n = sql.count("\n", seen, offset)
                if n:
                    lines += n
                    nl = sql.rfind("\n", seen, offset)
                seen = offset
                table.foreign_keys.append(ForeignKey(one, *fk, index, Position(
                    path, line + lines, offset - nl if lines else col0 + offset, st)))
            for expression, fields_after in found.checks:
                table.checks.append(CheckConstraint(expression, one, *fields_after, pos))
        if m.group(3) is None:
            break                     # (the last: no comma after it)
        at = m.end()
    if table.uniques:
        table.uniques = _merged_uniques(table)
    return st, table


def _definition(dialect: Dialect, rest: str, table: str = _WRAP_TABLE,
                column: str = PLACEHOLDER) -> _Definition | None:
    """What the builder makes of ``column rest`` as the one column of ``table``, if that
    is all column-local (see the module's docstring); else None."""
    if column == PLACEHOLDER and PLACEHOLDER in rest.lower():
        return None
    head = f"CREATE TABLE {table} ("
    wrapper = f"{head}{column} {rest})"
    raw = RawStatement(wrapper, 0, len(wrapper), 1, 1, 1 + wrapper.count("\n"))
    s = parse_statement(raw, dialect, None, -1, kind="CREATE TABLE")
    if s.error is not None or s.raw or s.tree is None or s.suppressions:
        return None
    t = table_fragment(s, dialect)
    name = dialect.normalise(column)
    if t is None or list(t.columns) != [name] or t.indexes or t.options or \
            t.comment is not None or t.engine is not None or t.charset is not None:
        return None
    col = t.columns[name]
    pos = col.pos
    if col.original != column or _offset(wrapper, pos) != len(head):
        return None
    one = (name,)
    pk = t.primary_key
    if pk is not None and (pk.columns != one or pk.name is not None or pk.pos is not pos):
        return None
    if any(u.columns != one or u.name is not None or u.pos is not pos for u in t.uniques):
        return None
    if any(c.columns != one or c.name is not None or c.pos is not pos for c in t.checks):
        return None
    rest_at = len(head) + len(column) + 1
    references = []
    if REFERENCED in rest and (len(t.foreign_keys) != 1
                               or t.foreign_keys[0].ref_table != REFERENCED):
        return None
    for fk in t.foreign_keys:
        at = _offset(wrapper, fk.pos) - rest_at
        if fk.columns != one or fk.name is not None or fk.statement != -1 or at < 0:
            return None
        references.append((tuple(getattr(fk, f) for f in _FK_FIELDS[1:-2]), at))
    values = [getattr(col, f) for f in _COLUMN_FIELDS]
    checks = [(c.expression, tuple(getattr(c, f) for f in _CHECK_FIELDS[2:-1]))
              for c in t.checks]
    return _Definition((tuple(values[1:_ORIGINAL]), tuple(values[_ORIGINAL + 1:-1])),
                       pk is not None, len(t.uniques), references, checks)


def _offset(text: str, pos: Any) -> int:
    """The offset in ``text`` (a statement at line 1, column 1) of a position in it."""
    line, col = pos.line, pos.col
    if line is None or col is None:
        return -1
    at = 0
    for _ in range(line - 1):
        at = text.index("\n", at) + 1
    return at + col - 1


def _table(st: Statement, dialect: Dialect, words: list[str], name_at: int) -> Table:
    """The table ``CREATE TABLE [schema.]name`` makes before its columns, as the
    builder's ``make_table`` makes it from a tree of plain names in PostgreSQL (tests
    compare the two)."""
    norm = _builder(dialect)._norm[0]
    written = words[-1]
    name = norm(written)
    schema = norm(words[0]) if len(words) == 2 else None
    if schema is not None and dialect.default_schema is not None and \
            schema == norm(dialect.default_schema):
        schema = None
    table = Table(name=name, schema=schema, quoted=False, original=written,
                  statement=st.index, pos=offset_position(st, name_at))
    if schema is not None and words[0] != schema:
        table.options["schema_as_written"] = words[0]     # Sales, folded to sales (ERD)
    return table
