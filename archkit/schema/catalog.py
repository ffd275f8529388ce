"""Build the :class:`~archkit.schema.model.Catalog` from parsed DDL statements.

``load_schema(sql, dialect)`` splits and parses the text and replays the statements in
order: CREATE TABLE, CREATE INDEX, ALTER TABLE (add/drop/alter column, add/drop
constraint, renames), COMMENT ON, DROP. Names are folded the way the dialect compares
them (:meth:`~archkit.schema.dialects.Dialect.normalise`); tables are keyed
``schema.table`` with the dialect's default schema left out.

Statements that did not parse (AK-SQL001) or that sqlglot kept as raw text (AK-SQL002)
change nothing here: their findings say so.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlglot import exp

from archkit.schema.dialects import Dialect, get_dialect
from archkit.schema.model import (
    Catalog,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    IndexColumn,
    Position,
    PrimaryKey,
    Statement,
    Table,
    UniqueConstraint,
)

__all__ = ["SchemaInput", "build_catalog", "load_schema"]

SchemaInput = Any   # str (SQL text) | path | list of paths | list of SqlSource


def load_schema(sql: SchemaInput, dialect: str = "postgres", *, path: str | None = None) -> Catalog:
    """A Catalog from SQL text (or from ``.sql`` files: a path or a list of paths)."""
    from archkit.schema.parse import SqlSource, parse_sql, read_sources

    facts = get_dialect(dialect)
    sources = _as_sources(sql, path)
    if sources and not isinstance(sources[0], SqlSource):
        sources = read_sources(sources)
    statements: list[Statement] = []
    for src in sources:
        statements += parse_sql(src.text, facts, src.path, first_index=len(statements))
    return build_catalog(statements, facts)


def _as_sources(sql: SchemaInput, path: str | None) -> list[Any]:
    from archkit.schema.parse import SqlSource

    if isinstance(sql, str):
        return [SqlSource(sql, path)]
    if isinstance(sql, (os.PathLike,)):
        return [sql]
    if isinstance(sql, SqlSource):
        return [sql]
    items = list(sql)
    if items and all(isinstance(i, SqlSource) for i in items):
        return items
    return [Path(i) for i in items]


def build_catalog(statements: Sequence[Statement], dialect: str | Dialect = "postgres") -> Catalog:
    facts = dialect if isinstance(dialect, Dialect) else get_dialect(dialect)
    builder = _Builder(facts)
    for stmt in statements:
        builder.catalog.statements.append(stmt)
        if stmt.raw or stmt.error is not None or stmt.kind not in CATALOG_KINDS:
            continue
        fragment = getattr(stmt, "fragment", None)
        if isinstance(fragment, Table):      # a CREATE TABLE already turned into a Table
            builder.add_table(replace_table(fragment))
        elif isinstance(fragment, Index):
            builder.add_index(stmt, fragment)
        elif stmt.tree is not None:
            builder.apply(stmt)
    return builder.catalog


# the statement kinds (parse.classify) that change the catalog
CATALOG_KINDS = frozenset({"CREATE TABLE", "CREATE INDEX", "ALTER TABLE", "COMMENT",
                           "DROP TABLE", "DROP INDEX"})


def fragment(stmt: Statement, dialect: Dialect) -> Table | Index | None:
    """What a CREATE TABLE or CREATE INDEX statement makes on its own, as model objects.

    Lets worker processes send back small dataclasses instead of syntax trees (pickling
    a tree costs more than parsing it). None when the statement depends on others."""
    if stmt.kind == "CREATE INDEX" and isinstance(stmt.tree, exp.Create):
        return _builder(dialect).make_index(stmt, stmt.tree)
    return table_fragment(stmt, dialect)


_BUILDERS: dict[str, _Builder] = {}


def _builder(dialect: Dialect) -> _Builder:
    """A builder reused for fragments (make_table / make_index read no catalog state)."""
    b = _BUILDERS.get(dialect.name)
    if b is None or b.d is not dialect:
        b = _BUILDERS[dialect.name] = _Builder(dialect)
    return b


def table_fragment(stmt: Statement, dialect: Dialect) -> Table | None:
    """The Table a CREATE TABLE statement makes on its own (None when it depends on
    other tables, e.g. ``LIKE``): lets worker processes send back a small Table instead
    of a syntax tree, which is expensive to pickle."""
    tree = stmt.tree
    if not isinstance(tree, exp.Create) or (tree.args.get("kind") or "").upper() != "TABLE":
        return None
    target = tree.this
    if isinstance(target, exp.Schema) and any(isinstance(e, exp.LikeProperty)
                                              for e in target.expressions):
        return None
    return _builder(dialect).make_table(stmt, tree)


def replace_table(t: Table) -> Table:
    """A copy whose containers can be changed without touching ``t`` (cached fragments)."""
    return replace(t, columns=dict(t.columns), uniques=list(t.uniques),
                   foreign_keys=list(t.foreign_keys), checks=list(t.checks),
                   indexes=list(t.indexes), options=dict(t.options))


# -- helpers -----------------------------------------------------------------------------
_ACTION = re.compile(r"ON\s+(DELETE|UPDATE)\s+(CASCADE|RESTRICT|NO\s+ACTION|SET\s+NULL|SET\s+DEFAULT)",
                     re.IGNORECASE)
_MATCH = re.compile(r"MATCH\s+(FULL|SIMPLE|PARTIAL)", re.IGNORECASE)


def position(stmt: Statement, node: Any) -> Position:
    """File position of a node's first identifier (start of the token) in ``stmt``."""
    ident = node
    if not isinstance(node, exp.Identifier):
        ident = None
        if node is not None:
            for i in node.find_all(exp.Identifier):
                if i.meta.get("start") is not None:
                    ident = i
                    break
    start = ident.meta.get("start") if ident is not None else None
    if start is None:
        return Position(stmt.path, stmt.line, stmt.col)
    sql = stmt.sql
    nl = sql.rfind("\n", 0, start)
    if nl < 0:
        return Position(stmt.path, stmt.line, stmt.col + start)
    return Position(stmt.path, stmt.line + sql.count("\n", 0, start), start - nl)


_TYPE_NAME = {t: t.value for t in exp.DataType.Type}   # enum .value is slow in a hot loop


def _simple_type_sql(kind: Any) -> str | None:
    """``VARCHAR(120)`` for a plain type without generating SQL (the generator is slow)."""
    if not isinstance(kind, exp.DataType) or kind.args.get("nested") or \
            kind.args.get("values") or kind.args.get("kind"):
        return None
    name = _TYPE_NAME.get(kind.this)
    if not name or name in ("USERDEFINED", "ENUM", "SET", "ARRAY", "STRUCT", "MAP") or \
            name.startswith(("U", "TIMESTAMP", "TIME", "INTERVAL", "DATETIME")) and name not in (
                "TIMESTAMP", "TIMESTAMPTZ", "TIME", "DATETIME", "UUID"):
        return None
    params = []
    for e in kind.expressions:
        v = e.this if isinstance(e, exp.DataTypeParam) else e
        if not isinstance(v, (exp.Literal, exp.Var)):
            return None
        params.append(str(v.this))
    return f"{name}({', '.join(params)})" if params else name


class _Builder:
    def __init__(self, dialect: Dialect) -> None:
        self.d = dialect
        self.catalog = Catalog(dialect=dialect.name)
        self._sg = dialect.sqlglot or dialect.name
        self._gen: Any = None

    # names ---------------------------------------------------------------------------
    def ident(self, node: Any) -> str:
        if node is None:
            return ""
        if isinstance(node, exp.Identifier):
            return self.d.normalise(node.this, bool(node.args.get("quoted")))
        if isinstance(node, exp.Column):
            return self.ident(node.this)
        if isinstance(node, str):
            return self.d.normalise(node)
        if isinstance(node, exp.Expression) and isinstance(node.this, exp.Identifier):
            return self.ident(node.this)
        return self.d.normalise(node.name)

    def table_key(self, table: Any) -> tuple[str, str | None]:
        """(name, schema) of an exp.Table, normalised; default schema -> None."""
        if isinstance(table, exp.Schema):
            table = table.this
        name = self.ident(table.this) if table is not None else ""
        db = table.args.get("db") if table is not None else None
        schema = self.ident(db) if db is not None else None
        if schema is not None and self.d.default_schema is not None and \
                schema == self.d.normalise(self.d.default_schema):
            schema = None
        return name, schema

    def key(self, table: Any) -> str:
        name, schema = self.table_key(table)
        return f"{schema}.{name}" if schema else name

    def find_table(self, table: Any) -> Table | None:
        key = self.key(table)
        t = self.catalog.tables.get(key)
        if t is None and "." not in key:
            return None
        return t

    def sql(self, node: Any) -> str:
        if isinstance(node, exp.Literal):
            return "'" + node.this.replace("'", "''") + "'" if node.is_string else str(node.this)
        if self._gen is None:
            from sqlglot.dialects.dialect import Dialect as SqlglotDialect
            self._gen = SqlglotDialect.get_or_raise(self._sg).generator()
        try:
            return self._gen.generate(node, copy=False)
        except Exception:  # noqa: BLE001 - a generator gap must not stop the catalog
            return str(node)

    def columns_of(self, nodes: Iterable[Any]) -> tuple[str, ...]:
        out = []
        for n in nodes or ():
            if isinstance(n, exp.Ordered):
                n = n.this
            out.append(self.ident(n))
        return tuple(out)

    # dispatch ------------------------------------------------------------------------
    def apply(self, stmt: Statement) -> None:
        tree = stmt.tree
        if isinstance(tree, exp.Create):
            kind = (tree.args.get("kind") or "").upper()
            if kind == "TABLE":
                self.create_table(stmt, tree)
            elif kind == "INDEX":
                self.create_index(stmt, tree)
        elif isinstance(tree, exp.Alter):
            if (tree.args.get("kind") or "TABLE").upper() == "TABLE":
                self.alter_table(stmt, tree)
        elif isinstance(tree, exp.Comment):
            self.comment(stmt, tree)
        elif isinstance(tree, exp.Drop):
            self.drop(stmt, tree)

    # CREATE TABLE --------------------------------------------------------------------
    def create_table(self, stmt: Statement, tree: Any) -> None:
        table = self.make_table(stmt, tree)
        if table is not None:
            self.add_table(table)

    def add_table(self, table: Table) -> None:
        key = table.key
        self.catalog.tables[key] = table
        self.catalog.created.add(key)
        self.catalog.dropped.discard(key)

    def make_table(self, stmt: Statement, tree: Any) -> Table | None:
        target = tree.this
        table_node = target.this if isinstance(target, exp.Schema) else target
        if not isinstance(table_node, exp.Table):
            return None
        name, schema = self.table_key(table_node)
        ident = table_node.this
        table = Table(name=name, schema=schema,
                      quoted=bool(isinstance(ident, exp.Identifier) and ident.args.get("quoted")),
                      original=ident.this if isinstance(ident, exp.Identifier) else name,
                      statement=stmt.index, pos=position(stmt, ident))
        if tree.args.get("expression") is not None:
            table.options["as_select"] = True
        props = tree.args.get("properties")
        if props is not None:
            self.table_properties(table, props)
        if isinstance(target, exp.Schema):
            for item in target.expressions:
                self.table_element(stmt, table, item)
        return table

    def table_properties(self, table: Table, props: Any) -> None:
        for p in props.expressions:
            if isinstance(p, exp.EngineProperty):
                table.engine = self.sql(p.this).strip("'\"`")
            elif isinstance(p, exp.CharacterSetProperty):
                table.charset = self.sql(p.this).strip("'\"`").lower()
            elif isinstance(p, exp.SchemaCommentProperty):
                table.comment = p.this.name if isinstance(p.this, exp.Literal) else self.sql(p.this)
            elif isinstance(p, exp.TemporaryProperty):
                table.options["temporary"] = True
            elif isinstance(p, exp.UnloggedProperty):
                table.options["unlogged"] = True
            elif isinstance(p, exp.PartitionedByProperty):
                table.options["partitioned_by"] = self.sql(p.this)
            else:
                table.options.setdefault("properties", []).append(self.sql(p))

    def table_element(self, stmt: Statement, table: Table, item: Any) -> None:
        if isinstance(item, exp.ColumnDef):
            self.add_column(stmt, table, item)
        elif isinstance(item, exp.Identifier):        # sqlite: a column without a type
            self.add_column(stmt, table, exp.ColumnDef(this=item))
        elif isinstance(item, exp.LikeProperty):
            src = self.catalog.tables.get(self.key(item.this))
            if src is not None:
                for c in src.columns.values():
                    table.columns[c.name] = replace(c)
            table.options["like"] = self.key(item.this)
        else:
            self.add_constraint(stmt, table, item)

    def add_column(self, stmt: Statement, table: Table, cd: Any) -> Column:
        ident = cd.this
        col = Column(name=self.ident(ident), type="", pos=position(stmt, ident),
                     quoted=bool(isinstance(ident, exp.Identifier) and ident.args.get("quoted")),
                     original=ident.this if isinstance(ident, exp.Identifier) else str(ident))
        self.set_type(col, cd.args.get("kind"))
        table.columns[col.name] = col
        for cc in cd.args.get("constraints") or ():
            self.column_constraint(stmt, table, col, cc)
        return col

    def set_type(self, col: Column, kind: Any) -> None:
        if kind is None:
            col.type, col.raw_type, col.params = "", "", ()
            return
        raw = _simple_type_sql(kind)
        if raw is None:
            raw = self.sql(kind)
        col.raw_type = raw
        if isinstance(kind, exp.DataType):
            t = kind.this
            tname = (_TYPE_NAME.get(t) or str(t)).lower()
            if tname in ("serial", "bigserial", "smallserial"):
                col.serial = True
            if tname.startswith("u") and tname[1:] in ("int", "bigint", "smallint", "tinyint",
                                                        "mediumint"):
                tname = tname[1:]
            if tname == "userdefined":
                tname = raw.lower()
            if tname in ("enum", "set", "enum8", "enum16"):
                col.enum_values = tuple(e.name for e in kind.expressions
                                        if isinstance(e, exp.Literal))
                tname = "enum" if tname.startswith("enum") else "set"
                col.params = ()
            else:
                params = []
                for e in kind.expressions:
                    v = e.this if isinstance(e, exp.DataTypeParam) else e
                    if isinstance(v, exp.DataType) and not kind.args.get("nested"):
                        params.append(self.sql(v))
                    elif isinstance(v, exp.DataType):
                        continue
                    else:
                        params.append(v.name if isinstance(v, (exp.Literal, exp.Var)) else self.sql(v))
                col.params = tuple(params) if not kind.args.get("nested") else ()
            col.type = self.d.base_type(tname)
        else:
            col.type = self.d.base_type(raw.split("(")[0].strip().lower())

    def column_constraint(self, stmt: Statement, table: Table, col: Column, cc: Any) -> None:
        kind = cc.args.get("kind") if isinstance(cc, exp.ColumnConstraint) else cc
        cname = self.ident(cc.this) if isinstance(cc, exp.ColumnConstraint) and cc.this else None
        if isinstance(kind, exp.NotNullColumnConstraint):
            col.nullable = bool(kind.args.get("allow_null"))
        elif isinstance(kind, exp.PrimaryKeyColumnConstraint):
            table.primary_key = PrimaryKey((col.name,), cname, col.pos)
            col.nullable = False
        elif isinstance(kind, exp.UniqueColumnConstraint):
            table.uniques.append(UniqueConstraint((col.name,), cname, col.pos))
        elif isinstance(kind, exp.DefaultColumnConstraint):
            col.default = self.sql(kind.this)
        elif isinstance(kind, exp.AutoIncrementColumnConstraint):
            col.identity = True
        elif isinstance(kind, exp.GeneratedAsIdentityColumnConstraint):
            if kind.args.get("expression") is not None:
                col.generated = self.sql(kind.args["expression"])
            else:
                col.identity = True
                col.nullable = False
        elif isinstance(kind, exp.ComputedColumnConstraint):
            col.generated = self.sql(kind.this)
            col.stored = bool(kind.args.get("persisted"))
        elif isinstance(kind, exp.GeneratedAsRowColumnConstraint):
            col.generated = self.sql(kind)
        elif isinstance(kind, exp.Reference):
            fk = self.reference(stmt, (col.name,), kind, cname, cc)
            fk.inline = True
            table.foreign_keys.append(fk)
        elif isinstance(kind, exp.CheckColumnConstraint):
            table.checks.append(CheckConstraint(self.sql(kind.this), (col.name,), cname,
                                                pos=col.pos))
        elif isinstance(kind, exp.CommentColumnConstraint):
            col.comment = kind.this.name if isinstance(kind.this, exp.Literal) else self.sql(kind.this)
        elif isinstance(kind, exp.CharacterSetColumnConstraint):
            col.charset = self.sql(kind.this).strip("'\"`").lower()

    def reference(self, stmt: Statement, columns: tuple[str, ...], ref: Any, name: str | None,
                  node: Any, fk_node: Any = None) -> ForeignKey:
        target = ref.this
        table_node = target.this if isinstance(target, exp.Schema) else target
        ref_cols = self.columns_of(target.expressions) if isinstance(target, exp.Schema) else ()
        fk = ForeignKey(columns=columns, ref_table=self.key(table_node), ref_columns=ref_cols,
                        name=name, statement=stmt.index, pos=position(stmt, node))
        texts = [self.sql(o) if not isinstance(o, str) else o for o in ref.args.get("options") or ()]
        if fk_node is not None:
            for key in ("delete", "update"):
                v = fk_node.args.get(key)
                if v:
                    texts.append(f"ON {key.upper()} {v if isinstance(v, str) else self.sql(v)}")
            texts += [o if isinstance(o, str) else self.sql(o) for o in fk_node.args.get("options") or ()]
        for text in texts:
            for m in _ACTION.finditer(text):
                action = " ".join(m.group(2).lower().split())
                if m.group(1).upper() == "DELETE":
                    fk.on_delete = action
                else:
                    fk.on_update = action
            mm = _MATCH.search(text)
            if mm:
                fk.match = mm.group(1).lower()
        return fk

    def add_constraint(self, stmt: Statement, table: Table, item: Any, not_valid: bool = False) -> None:
        name = None
        inner = [item]
        if isinstance(item, exp.Constraint):
            name = self.ident(item.this)
            inner = list(item.expressions)
        for c in inner:
            pos = position(stmt, item if name else c)
            if isinstance(c, exp.PrimaryKey):
                cols = self.columns_of(c.expressions)
                table.primary_key = PrimaryKey(cols, name, pos)
                for cn in cols:
                    if cn in table.columns:
                        table.columns[cn] = replace(table.columns[cn], nullable=False)
            elif isinstance(c, exp.ForeignKey):
                cols = self.columns_of(c.expressions)
                ref = c.args.get("reference")
                if ref is None:
                    continue
                fk = self.reference(stmt, cols, ref, name, item if name else c, c)
                fk.not_valid = not_valid
                table.foreign_keys.append(fk)
            elif isinstance(c, exp.UniqueColumnConstraint):
                target = c.this
                cname = name
                if isinstance(target, exp.Schema):
                    if target.this is not None and cname is None:
                        cname = self.ident(target.this)
                    cols = self.columns_of(target.expressions)
                else:
                    cols = self.columns_of(c.expressions) if c.expressions else ()
                table.uniques.append(UniqueConstraint(cols, cname, pos))
            elif isinstance(c, exp.CheckColumnConstraint):
                cols = tuple(dict.fromkeys(self.ident(col) for col in c.this.find_all(exp.Column)))
                table.checks.append(CheckConstraint(self.sql(c.this), cols, name, not_valid, pos))
            elif isinstance(c, exp.IndexColumnConstraint):
                self.inline_index(stmt, table, c)
            elif isinstance(c, exp.PrimaryKeyColumnConstraint):  # PRIMARY KEY without columns
                continue

    def inline_index(self, stmt: Statement, table: Table, c: Any) -> None:
        """mysql ``KEY ix (a, b)`` / ``FULLTEXT KEY`` inside CREATE TABLE or ADD INDEX."""
        kind = (c.args.get("kind") or "").lower()
        method = "btree"
        if kind in ("fulltext", "spatial"):
            method = kind
        params = c.args.get("index_type")
        if isinstance(params, (exp.Var, exp.Identifier)):
            method = params.name.lower()
        cols = tuple(self.index_column(e) for e in c.expressions)
        table.indexes.append(Index(name=self.ident(c.this) if c.this else None, table=table.key,
                                   columns=cols, method=method, inline=True,
                                   statement=stmt.index, pos=position(stmt, c)))

    def index_column(self, node: Any) -> IndexColumn:
        desc = False
        nulls = None
        if isinstance(node, exp.Ordered):
            desc = bool(node.args.get("desc"))
            nf = node.args.get("nulls_first")
            # sqlglot fills nulls_first with the dialect's default; only report it when it
            # differs from the default for the direction
            if nf is not None and bool(nf) != desc:
                nulls = "first" if nf else "last"
            node = node.this
        if isinstance(node, exp.Paren):
            node = node.this
        if isinstance(node, (exp.Column, exp.Identifier)) and not (
                isinstance(node, exp.Column) and node.args.get("table")):
            return IndexColumn(self.ident(node), False, desc, nulls)
        return IndexColumn(self.sql(node), True, desc, nulls)

    # CREATE INDEX --------------------------------------------------------------------
    def create_index(self, stmt: Statement, tree: Any) -> None:
        index = self.make_index(stmt, tree)
        if index is not None:
            self.add_index(stmt, index)

    def add_index(self, stmt: Statement, index: Index) -> None:
        table = self.catalog.tables.get(index.table)
        if table is None:
            schema, _, name = index.table.rpartition(".")
            table = Table(name=name, schema=schema or None, original=name, statement=-1,
                          pos=index.pos, options={"external": True})
            self.catalog.tables[table.key] = table
        table.indexes.append(index)

    def make_index(self, stmt: Statement, tree: Any) -> Index | None:
        ix = tree.this
        if not isinstance(ix, exp.Index):
            return None
        table_node = ix.args.get("table")
        if table_node is None:
            return None
        key = self.key(table_node)
        params = ix.args.get("params")
        method, cols, where, include = "btree", (), None, ()
        if params is not None:
            using = params.args.get("using")
            if using is not None:
                method = (using.name if hasattr(using, "name") else str(using)).lower() or "btree"
            cols = tuple(self.index_column(c) for c in params.args.get("columns") or ())
            w = params.args.get("where")
            if w is not None:
                where = self.sql(w.this if isinstance(w, exp.Where) else w)
            include = self.columns_of(params.args.get("include") or ())
        name_node = ix.this
        index = Index(name=self.ident(name_node) if name_node is not None else None, table=key,
                      columns=cols, unique=bool(tree.args.get("unique")), method=method,
                      where=where, include=include,
                      concurrently=bool(tree.args.get("concurrently")),
                      statement=stmt.index,
                      pos=position(stmt, name_node if name_node is not None else table_node))
        return index

    def placeholder(self, stmt: Statement, table_node: Any) -> Table:
        """A table altered or indexed but not created in this input (a migration)."""
        name, schema = self.table_key(table_node)
        table = Table(name=name, schema=schema, original=name, statement=-1,
                      pos=position(stmt, table_node), options={"external": True})
        self.catalog.tables[table.key] = table
        return table

    # ALTER TABLE ---------------------------------------------------------------------
    def alter_table(self, stmt: Statement, tree: Any) -> None:
        table_node = tree.this
        key = self.key(table_node)
        table = self.catalog.tables.get(key) or self.placeholder(stmt, table_node)
        not_valid = bool(tree.args.get("not_valid"))
        for action in tree.args.get("actions") or ():
            if isinstance(action, exp.ColumnDef):
                self.add_column(stmt, table, action)
            elif isinstance(action, exp.AddConstraint):
                for c in action.expressions:
                    self.add_constraint(stmt, table, c, not_valid)
            elif isinstance(action, (exp.Constraint, exp.PrimaryKey, exp.ForeignKey,
                                     exp.UniqueColumnConstraint, exp.CheckColumnConstraint)):
                self.add_constraint(stmt, table, action, not_valid)
            elif isinstance(action, exp.Drop):
                kind = (action.args.get("kind") or "").upper()
                for target in action.args.get("tables") or action.expressions or ():
                    name = self.ident(target.this if isinstance(target, (exp.Column, exp.Table))
                                      else target)
                    if kind == "COLUMN":
                        self.drop_column(table, name)
                    elif kind in ("CONSTRAINT", "INDEX", "KEY", "FOREIGN KEY"):
                        self.drop_constraint(table, name)
                    elif kind == "PRIMARY KEY":
                        table.primary_key = None
            elif isinstance(action, exp.AlterColumn):
                self.alter_column(stmt, table, action)
            elif isinstance(action, exp.RenameColumn):
                old = self.ident(action.this)
                new = self.ident(action.args.get("to"))
                self.rename_column(table, old, new)
            elif isinstance(action, exp.AlterRename):
                name, schema = self.table_key(action.this)
                self.rename_table(table, name, schema if schema is not None else table.schema)
            elif hasattr(exp, "ModifyColumn") and isinstance(action, exp.ModifyColumn):
                cd = action.this
                old = action.args.get("rename_from")
                if old is not None:
                    self.rename_column(table, self.ident(old), self.ident(cd.this))
                existing = table.columns.get(self.ident(cd.this))
                col = self.add_column(stmt, table, cd)
                if existing is not None:
                    col.pos = existing.pos

    def alter_column(self, stmt: Statement, table: Table, action: Any) -> None:
        name = self.ident(action.this)
        col = table.columns.get(name)
        if col is None:
            return
        col = replace(col)
        if action.args.get("dtype") is not None:
            self.set_type(col, action.args["dtype"])
        if action.args.get("allow_null") is not None:
            col.nullable = bool(action.args["allow_null"])
        if action.args.get("default") is not None:
            col.default = self.sql(action.args["default"])
        elif action.args.get("drop") and action.args.get("allow_null") is None:
            col.default = None
        rename = action.args.get("rename_to")
        table.columns[name] = col
        if rename is not None:
            self.rename_column(table, name, self.ident(rename))

    def drop_column(self, table: Table, name: str) -> None:
        table.columns.pop(name, None)
        if table.primary_key and name in table.primary_key.columns:
            table.primary_key = None
        table.uniques = [u for u in table.uniques if name not in u.columns]
        table.foreign_keys = [f for f in table.foreign_keys if name not in f.columns]
        table.checks = [c for c in table.checks if name not in c.columns]
        table.indexes = [i for i in table.indexes if name not in i.column_names]

    def drop_constraint(self, table: Table, name: str) -> None:
        if table.primary_key is not None and table.primary_key.name == name:
            table.primary_key = None
        table.uniques = [u for u in table.uniques if u.name != name]
        table.foreign_keys = [f for f in table.foreign_keys if f.name != name]
        table.checks = [c for c in table.checks if c.name != name]
        table.indexes = [i for i in table.indexes if i.name != name]

    def rename_column(self, table: Table, old: str, new: str) -> None:
        if old not in table.columns:
            return
        cols = {}
        for k, c in table.columns.items():
            cols[new if k == old else k] = replace(c, name=new) if k == old else c

        def ren(names: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(new if n == old else n for n in names)

        table.columns = cols
        if table.primary_key:
            table.primary_key = replace(table.primary_key, columns=ren(table.primary_key.columns))
        table.uniques = [replace(u, columns=ren(u.columns)) for u in table.uniques]
        table.foreign_keys = [replace(f, columns=ren(f.columns)) for f in table.foreign_keys]
        table.checks = [replace(c, columns=ren(c.columns)) for c in table.checks]
        table.indexes = [replace(i, columns=tuple(
            replace(c, expr=new) if (not c.is_expression and c.expr == old) else c
            for c in i.columns)) for i in table.indexes]
        for t in self.catalog.tables.values():
            if any(f.ref_table == table.key and old in f.ref_columns for f in t.foreign_keys):
                t.foreign_keys = [replace(f, ref_columns=ren(f.ref_columns))
                                  if f.ref_table == table.key else f for f in t.foreign_keys]

    def rename_table(self, table: Table, name: str, schema: str | None) -> None:
        old = table.key
        self.catalog.tables.pop(old, None)
        table.name, table.schema = name, schema
        new = table.key
        self.catalog.tables[new] = table
        if old in self.catalog.created:
            self.catalog.created.discard(old)
            self.catalog.created.add(new)
        table.indexes = [replace(ix, table=new) for ix in table.indexes]
        for t in self.catalog.tables.values():
            for i, f in enumerate(t.foreign_keys):
                if f.ref_table == old:
                    t.foreign_keys[i] = replace(f, ref_table=new)

    # COMMENT / DROP ------------------------------------------------------------------
    def comment(self, stmt: Statement, tree: Any) -> None:
        kind = (tree.args.get("kind") or "").upper()
        text_node = tree.args.get("expression")
        text = text_node.name if isinstance(text_node, exp.Literal) else None
        target = tree.this
        if kind == "TABLE":
            table = self.catalog.tables.get(self.key(target))
            if table is not None:
                table.comment = text
        elif kind == "COLUMN" and isinstance(target, exp.Column):
            tnode = exp.Table(this=target.args.get("table"), db=target.args.get("db"))
            table = self.catalog.tables.get(self.key(tnode))
            if table is not None:
                name = self.ident(target.this)
                if name in table.columns:
                    table.columns[name] = replace(table.columns[name], comment=text)

    def drop(self, stmt: Statement, tree: Any) -> None:
        kind = (tree.args.get("kind") or "").upper()
        for target in tree.args.get("tables") or ():
            if kind == "TABLE":
                key = self.key(target)
                if self.catalog.tables.pop(key, None) is not None or key not in self.catalog.created:
                    self.catalog.dropped.add(key)
                self.catalog.created.discard(key)
            elif kind == "INDEX":
                name = self.ident(target.this)
                for t in self.catalog.tables.values():
                    t.indexes = [i for i in t.indexes if i.name != name]
