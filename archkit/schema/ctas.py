"""The columns of a table made from a query: ``CREATE TABLE t AS SELECT ...`` and
``SELECT ... INTO t``.

The engine names each column after its select item and gives it the item's type; the
catalog takes the names and, where they can be told from the statement, the types: a
column of a table this input made (through subqueries, UNION branches and the aggregates
that keep their argument's type), a CAST, a count, a comparison. What cannot be told
stays unknown (an empty type), and the table stays one whose columns are not all known
(no rule says a column is missing from it).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from archkit.lazyre import LazyPattern
from archkit.schema.model import Column

if TYPE_CHECKING:
    from archkit.schema.model import Position, Statement, Table

# aggregates and functions whose value has their (first) argument's type
_SAME_TYPE = (exp.Max, exp.Min, exp.Coalesce, exp.AnyValue, exp.First, exp.Last, exp.Paren,
              exp.Abs)
# PostgreSQL: functions whose value has the common type of their arguments (as a UNION's
# columns), and aggregates whose value has their argument's type without its modifier
_PG_COMMON = (exp.Coalesce, exp.Greatest, exp.Least)
_PG_AGGREGATE = (exp.Max, exp.Min)
# PostgreSQL's numeric types, each taking the ones before it (a common type is the last)
_PG_NUMERIC = ("smallint", "int", "bigint", "numeric", "real", "double")
_PG_STRING = frozenset({"varchar", "text"})
# what a comparison is in the engines with a boolean type
_BOOLEAN_RESULT = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Is, exp.In,
                   exp.Like, exp.ILike, exp.And, exp.Or, exp.Not, exp.Exists, exp.Between)
_HAS_BOOLEAN = frozenset({"postgres", "duckdb", "snowflake", "bigquery", "redshift",
                          "databricks", "spark", "trino", "presto"})
# where a column copied by CREATE TABLE AS / SELECT INTO keeps its NOT NULL
_KEEPS_NOT_NULL = frozenset({"mysql", "mariadb", "tsql"})
_DEPTH = 8      # subqueries followed
_INTO = LazyPattern(r"(?i)\bINTO\b")
# where the engine refuses a query that makes a table with one column name twice
_REFUSES_TWICE = frozenset({"postgres", "mysql", "mariadb", "tsql"})


@dataclass(slots=True)
class _Unknown(Column):
    """PostgreSQL's ``unknown``: the type of a quoted literal or NULL, which takes the
    other inputs' type in a UNION or COALESCE ('a' UNION varchar(40) is varchar), and is
    text where nothing else decides (a column of its own, every input unknown)."""


def _known(col: Column) -> Column:
    """``col`` as a column of a table: an unknown literal's is text."""
    if not isinstance(col, _Unknown):
        return col
    return Column(**{f.name: getattr(col, f.name) for f in fields(Column)})


def into_table(stmt: Statement) -> Any | None:
    """The table ``SELECT ... INTO t`` creates (an ``exp.Table``), or None: read from the
    statement's tree only when its text says INTO (a SELECT parsed in a worker process is
    parsed again to read its tree). Also ``WITH ... SELECT ... INTO t`` and ``SELECT ...
    INTO t ... UNION SELECT ...`` (the INTO on the first SELECT), which made no table
    before: it was then taken as one that existed, with data (scout AW)."""
    return query_into_table(stmt.tree) if into_clause(stmt) is not None else None


def query_into_table(query: Any) -> Any | None:
    """The table a ``SELECT ... INTO t`` syntax tree makes (an ``exp.Table``), or None:
    for a query read inside another statement (a tsql IF's guarded block)."""
    first = _leftmost(query)
    into = first.args.get("into") if first is not None else None
    node = into.this if isinstance(into, exp.Into) else None
    return node if isinstance(node, exp.Table) and isinstance(node.this, exp.Identifier) \
        else None


def into_clause(stmt: Statement) -> Any | None:
    """The ``exp.Into`` of a ``SELECT ... INTO`` statement, or None."""
    if stmt.kind not in ("SELECT", "WITH") or stmt.error is not None or stmt.raw or \
            _INTO.search(stmt.sql) is None:
        return None
    first = _leftmost(stmt.tree)
    into = first.args.get("into") if first is not None else None
    return into if isinstance(into, exp.Into) else None


def query_columns(builder: Any, stmt: Statement, table: Table, query: Any,
                  pos: Position) -> None:
    """Add the columns ``query`` gives to ``table``, made by ``stmt`` at ``pos``."""
    from archkit.schema.catalog import position

    before = set(table.columns)
    # (MySQL, MariaDB and SQL Server compare column names without case: id, ID is 1060)
    fold = str.lower if builder.d.name in _KEEPS_NOT_NULL else str
    made = {fold(n) for n in table.columns}
    for name, quoted, original, col, ident in _outputs(builder, query, _DEPTH):
        if name in table.columns or fold(name) in made:
            if builder.d.name in _REFUSES_TWICE and name not in before:
                # (PostgreSQL: ERROR: column "id" specified more than once; scout AW;
                # MySQL and MariaDB: 1060 Duplicate column name; SQL Server: 2705)
                builder.conflict(stmt, position(stmt, ident) if ident is not None else pos,
                                 f"column {name} is specified more than once in the query "
                                 f"that makes {table.name}: the engine refuses the "
                                 f"statement", f"{table.name}.{name}",
                                 "-- give one of them another name: ... AS other_name")
            continue
        made.add(fold(name))
        table.columns[name] = replace(
            _known(col), name=name, quoted=quoted, original=original,
            pos=position(stmt, ident) if ident is not None else pos, default=None,
            identity=False, serial=False, generated=None, stored=False, comment=None,
            on_update=None)


def _leftmost(query: Any) -> Any:
    while isinstance(query, (exp.SetOperation, exp.Subquery)):
        query = query.this if isinstance(query, exp.Subquery) else query.left
    return query if isinstance(query, exp.Select) else None


# a common table expression in scope, by name: its query and the scope it was defined in
Ctes = dict[str, tuple[Any, "Ctes"]]


def _scope(builder: Any, query: Any, outer: Ctes) -> Ctes:
    """``outer`` with the WITH of ``query`` (each CTE sees those before it)."""
    with_ = query.args.get("with_") or query.args.get("with")
    if not isinstance(with_, exp.With):
        return outer
    scope = dict(outer)
    for cte in with_.expressions:
        scope[builder.ident(cte.alias)] = (cte.this, dict(scope))
    return scope


def _outputs(builder: Any, query: Any, depth: int, ctes: Ctes | None = None
             ) -> list[tuple[str, bool, str, Column, Any]]:
    """(name, quoted, as written, column with its type, name node) of each output column of
    ``query`` that can be named; an item that cannot (``*`` of an unknown table, an
    expression without an alias where the engine's name for it is its own) is left out.
    ``ctes``: the common table expressions in scope around it (a subquery sees its outer
    query's, and a WITH on a UNION is the whole union's: a CTE named like a table read
    from either was the table; scout AW)."""
    scope = _scope(builder, query, ctes or {})
    out, at, first = _first_outputs(builder, query, depth, scope)
    if first is None or first is query:
        return out
    if builder.d.name == "postgres":
        return _union(builder, query, depth, scope, out, at, first)
    if builder.d.name in _KEEPS_NOT_NULL:
        return _union_nulls(builder, query, depth, scope, out, at, first)
    return out


Outputs = list[tuple[str, bool, str, Column, Any]]


def _first_outputs(builder: Any, query: Any, depth: int, scope: Ctes
                   ) -> tuple[Outputs, list[int | None], Any]:
    """:func:`_outputs` of the first SELECT of ``query`` (its leftmost branch), with the
    place of each among the SELECT's result columns (a ``*`` expanded, an unnamed item
    counted; None after a ``*`` of an unknown source, whose columns are left out) and
    that SELECT (None where there is none)."""
    node = query
    while isinstance(node, (exp.SetOperation, exp.Subquery)):
        node = node.this if isinstance(node, exp.Subquery) else node.left
        scope = _scope(builder, node, scope)
    select = node if isinstance(node, exp.Select) else None
    if select is None or depth <= 0:
        return [], [], None
    sources = _sources(builder, select, depth, scope)
    out = []
    at: list[int | None] = []       # each output's place among the result columns
    place: int | None = 0
    for item in select.expressions:
        inner = _unaliased(item)
        if _is_star(inner):
            cols, whole = _star_columns(builder, inner, select, sources)
            if not whole:
                place = None        # (an unknown source's columns are left out: the
                                    # places from here on are unknown)
            for c in cols:
                out.append((c.name, c.quoted, c.original or c.name,
                            c if builder.d.name in _KEEPS_NOT_NULL
                            else replace(c, nullable=True), None))
                at.append(place)
                place = None if place is None else place + 1
            continue
        place = None if place is None else place + 1
        ident = item.args.get("alias") if isinstance(item, exp.Alias) else \
            inner.this if isinstance(inner, exp.Column) else \
            inner.this.this if isinstance(inner, (exp.Cast, exp.TryCast)) and \
            isinstance(inner.this, exp.Column) else None      # (id::bigint is named id)
        if isinstance(ident, exp.Identifier):
            original, quoted = ident.this, bool(ident.args.get("quoted"))
        elif isinstance(inner, exp.Func) and builder.d.name == "postgres" and \
                _function_name(inner) is not None:
            # postgres names an unnamed function call after the function: max(read) -> max
            original, quoted = _function_name(inner), False
            ident = None
        else:
            continue
        out.append((builder.ident(ident) if ident is not None else original, quoted,
                    original, _item_column(builder, inner, sources, depth), ident))
        at.append(None if place is None else place - 1)
    return out, at, select


def _item_column(builder: Any, inner: Any, sources: dict[str, dict[str, Column] | None],
                 depth: int) -> Column:
    """The column an item of a SELECT list makes: its type, and its nullability where
    made columns keep NOT NULL."""
    col = _typed(builder, inner, sources, depth) or Column("", "")
    return replace(col, nullable=builder.d.name not in _KEEPS_NOT_NULL
                   or _nullable(builder, inner, sources, depth))


def _is_star(inner: Any) -> bool:
    return isinstance(inner, exp.Star) or (isinstance(inner, exp.Column)
                                           and isinstance(inner.this, exp.Star))


def _star_columns(builder: Any, inner: Any, select: Any,
                  sources: dict[str, dict[str, Column] | None]) -> tuple[list[Column], bool]:
    """The columns a ``*`` (or ``t.*``) gives, in order, of the sources that are known,
    and whether all are. A column the sources are joined by (USING, NATURAL JOIN) comes
    once: ``SELECT * FROM a JOIN b USING (id)`` makes one id (it was two, a false
    AK-SQL003; scout AY)."""
    qual = builder.ident(inner.args["table"]) if isinstance(inner, exp.Column) and \
        inner.args.get("table") else ""
    merged = set() if qual else _joined_by(builder, select, sources)
    out, seen, whole = [], set(), True
    for alias, cols in sources.items():
        if qual and alias != qual:
            continue
        if cols is None:
            whole = False
            continue
        for c in cols.values():
            if c.name in merged:
                if c.name in seen:
                    continue
                seen.add(c.name)
            out.append(c)
    return out, whole


def _joined_by(builder: Any, select: Any, sources: dict[str, dict[str, Column] | None]
               ) -> set[str]:
    """The column names a SELECT's sources are joined by: USING's, and a NATURAL JOIN's
    (the names its sides share)."""
    names: set[str] = set()
    for j in select.args.get("joins") or ():
        for u in j.args.get("using") or ():
            ident = u.this if isinstance(u, exp.Column) else u
            if isinstance(ident, exp.Identifier):
                names.add(builder.ident(ident))
        if str(j.args.get("method") or "").upper() == "NATURAL":
            counts: dict[str, int] = {}
            for cols in sources.values():
                for name in cols or ():
                    counts[name] = counts.get(name, 0) + 1
            names |= {n for n, k in counts.items() if k > 1}
    return names


def _by_place(builder: Any, branch: Any, depth: int, scope: Ctes) -> list[Column] | None:
    """The result columns of a UNION's branch by place (a ``*`` expanded), each with its
    type and nullability; None where they cannot all be told apart."""
    while isinstance(branch, exp.Subquery):
        branch = branch.this
    if not isinstance(branch, exp.Select):
        return None
    sources = _sources(builder, branch, depth, _scope(builder, branch, scope))
    out: list[Column] = []
    for item in branch.expressions:
        inner = _unaliased(item)
        if _is_star(inner):
            cols, whole = _star_columns(builder, inner, branch, sources)
            if not whole:
                return None
            out.extend(cols)
        else:
            out.append(_item_column(builder, inner, sources, depth))
    return out


def _union_nulls(builder: Any, query: Any, depth: int, scope: Ctes, out: Outputs,
                 at: list[int | None], first: Any) -> Outputs:
    """A UNION's columns where made columns keep NOT NULL: each nullable if it may be NULL
    in any branch (the first branch's NOT NULL was kept: ``SELECT 1 ... UNION SELECT
    NULL`` made k NOT NULL, MariaDB makes it nullable; scout AX)."""
    others = [_by_place(builder, b, depth, scope) for b in _branches(query)[1:]]
    if not others:              # (a parenthesised SELECT: no other branch)
        return out
    result = []
    for (name, quoted, original, col, ident), i in zip(out, at):
        if not col.nullable and (i is None or any(o is None or i >= len(o) or o[i].nullable
                                                   for o in others)):
            col = replace(col, nullable=True)
        result.append((name, quoted, original, col, ident))
    return result


def _unaliased(item: Any) -> Any:
    return item.unalias() if isinstance(item, exp.Alias) else item


# functions whose name sqlglot gives back as PostgreSQL names the column: others it
# renames (now() -> current_timestamp, substr -> substring, string_agg -> group_concat:
# false columns, and false AK-NM002 reserved words on them; scout AW), so a column made
# by one of those is left out, as an unnamed expression is
_PG_FUNCTION_NAMES = frozenset({
    "max", "min", "count", "sum", "avg", "coalesce", "lower", "upper", "round", "abs",
    "greatest", "least", "nullif", "array_agg", "concat", "length", "trim", "floor", "ceil"})


def _union(builder: Any, query: Any, depth: int, scope: Ctes, out: Outputs,
           at: list[int | None], first: Any) -> Outputs:
    """A PostgreSQL UNION's columns: named by its first branch (``out``), each of the
    type the engine resolves, two inputs at a time as the set operations nest (int UNION
    bigint is bigint, numeric(10,2) UNION numeric(12,4) numeric; the first branch's type
    was taken; scout AW): ``'a' UNION 'b' UNION varchar`` is text, as ``'a' UNION 'b'``
    is text before the varchar comes (scout AY). Where a branch's columns cannot be
    told apart, the first branch's types."""
    def resolved(node: Any) -> list[Column | None] | None:
        if isinstance(node, exp.Subquery) and isinstance(node.this, exp.SetOperation) \
                and not node.alias:
            return resolved(node.this)
        if isinstance(node, exp.SetOperation):
            left, right = resolved(node.left), resolved(node.expression)
            if left is None or right is None or len(left) != len(right):
                return None
            return [_common([a, b]) if a is not None and b is not None else None
                    for a, b in zip(left, right)]
        return _by_place(builder, node, depth, scope)

    types = resolved(query)
    if types is None:
        return out
    result = []
    for (name, quoted, original, col, ident), i in zip(out, at):
        common = types[i] if i is not None and i < len(types) else None
        result.append((name, quoted, original, replace(common, nullable=True) if common
                       else Column("", ""), ident))
    return result


def _branches(query: Any) -> list[Any]:
    """The SELECTs of a UNION / INTERSECT / EXCEPT, left to right, parenthesised ones
    included (``a UNION (b UNION c)``: c was left out of the common type; scout AX)."""
    branches = []
    todo = [query]
    while todo:
        node = todo.pop()
        if isinstance(node, exp.SetOperation):
            todo += [node.expression, node.left]
        elif isinstance(node, exp.Subquery) and isinstance(node.this, exp.SetOperation) \
                and not node.alias:
            todo.append(node.this)
        else:
            branches.append(node)
    return branches


def _common(cols: list[Column | None]) -> Column | None:
    """PostgreSQL's common type of ``cols`` (None where one cannot be told), as the
    engine resolves a UNION's or COALESCE's (its manual, "UNION, CASE, and Related
    Constructs"): unknown inputs (quoted literals, NULL) take the others' type, text when
    all are unknown; one type is itself, with its modifier only when every input has the
    same one; numeric types the widest; varchar and text the first one's (each casts to
    the other: the first stays); None for other mixtures."""
    if not cols or any(c is None or not c.type for c in cols):
        return None
    known = [c for c in cols if not isinstance(c, _Unknown)]
    if not known:
        return Column("", "text", "TEXT")
    first = known[0]
    types = {c.type for c in known}
    if len(types) == 1:
        if len(known) == len(cols) and all(c.params == first.params for c in known):
            return first
        return Column("", first.type, first.type.upper())
    if types <= set(_PG_NUMERIC):
        top = max(types, key=_PG_NUMERIC.index)
        return Column("", top, "DOUBLE PRECISION" if top == "double" else top.upper())
    if types <= _PG_STRING:
        return Column("", first.type, first.type.upper())
    return None


def _function_name(node: Any) -> str | None:
    """The name PostgreSQL gives an unnamed call of ``node``: as written for a function
    sqlglot does not know, its name where sqlglot keeps it, else None (not known)."""
    if isinstance(node, exp.Anonymous) and isinstance(node.this, str):
        return node.this.lower()
    name = node.sql_name().lower()
    return name if name in _PG_FUNCTION_NAMES else None


def _sources(builder: Any, select: Any, depth: int, ctes: Ctes
             ) -> dict[str, dict[str, Column] | None]:
    """The FROM and JOIN sources of ``select`` by the name a column is qualified with:
    their columns (a table of the catalog, a common table expression's or a subquery's
    outputs), or None where unknown. ``ctes``: those in scope."""
    found: dict[str, dict[str, Column] | None] = {}
    from_ = select.args.get("from_") or select.args.get("from")
    nodes = [from_.this] if isinstance(from_, exp.From) else []
    joins = list(select.args.get("joins") or ())
    nodes += [j.this for j in joins]
    sides = [""] * (len(nodes) - len(joins)) + [str(j.args.get("side") or "").upper()
                                                for j in joins]
    keys = []
    for node in nodes:
        alias = builder.ident(node.alias) if node.alias else ""
        if isinstance(node, exp.Table) and isinstance(node.this, exp.Identifier):
            name = builder.ident(node.this)
            if name in ctes and not node.args.get("db"):
                body, defined_in = ctes[name]
                cols = _named(_outputs(builder, body, depth - 1, defined_in))
            else:
                table = builder.catalog.tables.get(builder.key(node))
                cols = dict(table.columns) if table is not None else None
            slot = alias or name
            found[slot] = cols
        elif isinstance(node, exp.Subquery):
            slot = alias
            found[slot] = _named(_outputs(builder, node.this, depth - 1, ctes))
        else:
            slot = alias or str(id(node))
            found[slot] = None
        renamed = node.args.get("alias")
        if isinstance(renamed, exp.TableAlias) and renamed.columns and found.get(slot):
            # src AS s(a, b): the first columns take those names (they were ignored)
            found[slot] = _renamed(builder, found[slot], renamed.columns)
        keys.append(slot)
    # the outer side of a join has no row where the other side has one: NULLs there
    # (a LEFT JOIN's NOT NULL columns were copied NOT NULL; MariaDB makes them
    # nullable; scout AW)
    outer: set[str] = set()
    for i, side in enumerate(sides):
        if side in ("LEFT", "FULL"):
            outer.add(keys[i])
        if side in ("RIGHT", "FULL"):
            outer.update(keys[:i])
    for key in outer:
        cols = found.get(key)
        if cols:
            found[key] = {n: replace(c, nullable=True) for n, c in cols.items()}
    return found


def _renamed(builder: Any, cols: dict[str, Column], names: list[Any]) -> dict[str, Column]:
    out = {}
    for i, (name, col) in enumerate(cols.items()):
        if i < len(names):
            ident = names[i]
            name = builder.ident(ident)
            col = replace(col, name=name, quoted=bool(ident.args.get("quoted")),
                          original=ident.this)
        out[name] = col
    return out


def _named(outputs: list[tuple[str, bool, str, Column, Any]]) -> dict[str, Column]:
    """A subquery's output columns by name, each named as the subquery names it."""
    return {name: replace(_known(col), name=name, quoted=quoted, original=original)
            for name, quoted, original, col, _ in outputs}


def _nullable(builder: Any, node: Any, sources: dict[str, dict[str, Column] | None],
              depth: int) -> bool:
    """Whether ``node``'s value may be NULL, where a made column keeps NOT NULL (MySQL,
    MariaDB, SQL Server): a column as its source says, a constant or a count never,
    COALESCE only if every argument may be (MariaDB 10.11 made 'x', 7, COUNT(*) and
    COALESCE(qty, 0) NOT NULL; they were nullable; scout AW)."""
    if isinstance(node, exp.Column):
        col = _typed(builder, node, sources, depth)
        return col is None or col.nullable
    if isinstance(node, (exp.Literal, exp.Count)):
        return False
    if isinstance(node, exp.Paren):
        return _nullable(builder, node.this, sources, depth)
    if isinstance(node, exp.Coalesce):
        return all(_nullable(builder, a, sources, depth)
                   for a in [node.this, *node.expressions])
    if builder.d.name in ("mysql", "mariadb"):
        # MariaDB 10.11 made -qty, TRUE, qty + 1 and CAST(qty AS SIGNED) of NOT NULL
        # columns NOT NULL (a division may be NULL: by zero; scout AX)
        if isinstance(node, exp.Boolean):
            return False
        if isinstance(node, exp.Is):
            return False                    # (x IS NULL is true or false)
        if isinstance(node, (exp.Neg, exp.Not)):
            return _nullable(builder, node.this, sources, depth)
        if isinstance(node, (exp.Add, exp.Sub, exp.Mul, exp.EQ, exp.NEQ, exp.GT, exp.GTE,
                             exp.LT, exp.LTE, exp.And, exp.Or, exp.In, exp.Between)):
            # (a comparison of NOT NULL values is true or false: MariaDB 10.11; scout AY)
            args = [node.this, node.args.get("expression"), node.args.get("low"),
                    node.args.get("high"), *(node.args.get("expressions") or ())]
            return any(_nullable(builder, a, sources, depth) for a in args if a is not None)
        if isinstance(node, exp.Cast) and not isinstance(node, exp.TryCast) and \
                _numeric_cast(node):
            return _nullable(builder, node.this, sources, depth)
    return True


def _numeric_cast(node: Any) -> bool:
    """Whether a CAST is to an integer or a decimal, which MariaDB 10.11 keeps NOT NULL
    (a text to a date may be NULL; so, there, may a cast to DOUBLE or FLOAT; scout AY)."""
    to = node.args.get("to")
    return isinstance(to, exp.DataType) and (
        to.is_type(*exp.DataType.INTEGER_TYPES)
        or to.is_type(exp.DataType.Type.DECIMAL, exp.DataType.Type.UDECIMAL))


def _typed(builder: Any, node: Any, sources: dict[str, dict[str, Column] | None],
           depth: int) -> Column | None:
    """A column with the type of ``node``'s value, or None where it cannot be told."""
    if isinstance(node, exp.Column) and isinstance(node.this, exp.Identifier):
        name = builder.ident(node.this)
        qual = builder.ident(node.args["table"]) if node.args.get("table") else None
        for alias, cols in sources.items():
            if cols is not None and (qual is None or alias == qual) and name in cols:
                return cols[name]
        return None
    if isinstance(node, (exp.Cast, exp.TryCast)):
        raw, typ, params, _serial, enums = builder.type_info(node.args.get("to"))
        return Column("", typ, raw, params or (), enum_values=enums or ())
    if builder.d.name == "postgres":
        if isinstance(node, _PG_COMMON):
            args = [node.this, *node.expressions]
            if isinstance(node, exp.Coalesce):
                # the engine drops a COALESCE's NULLs before typing it (coalesce(numeric
                # (10,2), NULL) keeps the modifier; greatest(numeric(10,2), NULL) does not)
                args = [a for a in args if not isinstance(a, exp.Null)] or args
            return _common([_typed(builder, a, sources, depth) for a in args])
        if isinstance(node, exp.Null):
            return _Unknown("", "text", "TEXT")
        if isinstance(node, _PG_AGGREGATE):
            # max(varchar(40)) is text, min(numeric(10,2)) numeric: resolved as max(text),
            # min(numeric), which keep no modifier
            col = _typed(builder, node.this, sources, depth)
            if col is None:
                return None
            if col.type in _PG_STRING:
                return Column("", "text", "TEXT")
            return col if not col.params else Column("", col.type, col.type.upper())
    if isinstance(node, _SAME_TYPE):
        return _typed(builder, node.this, sources, depth)
    if isinstance(node, exp.Count):
        raw = "bigint" if builder.d.name != "sqlite" else "integer"
        return Column("", builder.d.base_type(raw), raw.upper())
    if isinstance(node, exp.Literal) and builder.d.name == "postgres":
        # postgres 10+: an untyped string is text (unknown, beside other inputs); a number
        # integer, bigint or numeric
        text = str(node.this)
        if node.is_string:
            return _Unknown("", builder.d.base_type("text"), "TEXT")
        raw = "numeric" if not text.isdigit() else \
            "integer" if int(text) < 2 ** 31 else "bigint" if int(text) < 2 ** 63 else "numeric"
        return Column("", builder.d.base_type(raw), raw.upper())
    if isinstance(node, _BOOLEAN_RESULT) and builder.d.name in _HAS_BOOLEAN:
        return Column("", builder.d.base_type("boolean"), "BOOLEAN")
    return None
