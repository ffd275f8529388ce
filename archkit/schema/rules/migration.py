"""Migration safety (AK-MG001..AK-MG007): statements that change an existing schema.

These rules read the statements in input order (``catalog.statements``) and apply only
to ALTER/DROP/TRUNCATE/CREATE INDEX on tables *not* created earlier in the same input:
a script that creates a table and then alters it is building a schema, not migrating
one. One walk (:func:`changes`) classifies every statement; each rule filters it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from archkit.findings import Finding
from archkit.lazyre import LazyPattern
from archkit.schema.gaps import guarded_nodes
from archkit.schema.model import Index, Position, Statement, Table
from archkit.schema.parse import ROUTINE_KINDS
from archkit.schema.registry import SchemaContext, schema_rule
from archkit.schema.rules._dependents import partitioned
from archkit.schema.rules._support import (
    add_column_sql,
    alter_type_sql,
    cached,
    dialect_fact,
    facts,
    node_pos,
    q,
    rename_table_sql,
    shown_c,
    shown_name,
    shown_t,
    shown_tc,
    sql_c,
    sql_t,
    tables,
    where,
)

# Functions whose value differs per row: as an ADD COLUMN default they force a rewrite.
_VOLATILE = frozenset({
    "random", "rand", "uuid", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc",
    "uuid_generate_v4", "clock_timestamp", "timeofday", "nextval", "newid",
    "newsequentialid", "uuid_short", "sys_guid",
})


@dataclass
class Change:
    """One schema change found in a statement."""

    kind: str                   # drop-table, drop-column, drop-schema, truncate, rename-table,
                                # rename-column, add-unique, add-pk, set-not-null,
                                # add-not-null-column, create-index, drop-index, add-fk,
                                # add-check, alter-type, volatile-default, stored-generated,
                                # lock-timeout, locking
    statement: Statement
    table: str | None = None
    target: str | None = None   # column, index, constraint or new name
    pos: Position = field(default_factory=Position)
    detail: dict[str, Any] = field(default_factory=dict)


def _norm(ctx: SchemaContext, ident: Any) -> str:
    """Normalise one identifier the way the catalog does."""
    norm = getattr(ctx.dialect, "normalise", None)
    args = getattr(ident, "args", None)
    if args is not None:
        name = ident.name
        quoted = bool(args.get("quoted"))
    else:
        name = ident.name if hasattr(ident, "name") else str(ident)
        quoted = False
    if callable(norm):
        try:
            return norm(name, quoted)
        except TypeError:
            return norm(name)
    return name if quoted else name.lower()


_SCHEMA_NODE: list[type] = []      # sqlglot's exp.Schema, imported on first use


def _table_key(ctx: SchemaContext, table: Any) -> str:
    if not _SCHEMA_NODE:
        from sqlglot import exp

        _SCHEMA_NODE.append(exp.Schema)
    if isinstance(table, _SCHEMA_NODE[0]):
        table = table.this
    name = _norm(ctx, table.this) if table.this is not None else ""
    db = table.args.get("db")
    schema = _norm(ctx, db) if db is not None else None
    default = dialect_fact(ctx, "default_schema", None)
    if schema and schema != default:
        return f"{schema}.{name}"
    return name


def _col_name(ctx: SchemaContext, node: Any) -> str:
    from sqlglot import exp

    if isinstance(node, exp.Column):
        node = node.this
    return _norm(ctx, node)


def _func_names(node: Any) -> set[str]:
    from sqlglot import exp

    out = set()
    for f in node.find_all(exp.Func):
        if isinstance(f, exp.Anonymous):
            out.add(str(f.this).lower())
        else:
            out.add(f.sql_name().lower())
            out.update(n.lower() for n in getattr(f, "_sql_names", ()) or ())
    return out


def _set_names(tree: Any) -> set[str]:
    from sqlglot import exp

    names = set()
    for item in tree.find_all(exp.SetItem):
        target = item.this.this if isinstance(item.this, exp.EQ) else item.this
        if isinstance(target, (exp.Column, exp.Identifier, exp.Var)):
            names.add(target.name.lower())
    return names


def changes(ctx: SchemaContext) -> list[Change]:
    """Every change the input makes to tables it did not create itself (cached per catalog)."""
    cache = getattr(ctx.catalog, "_archkit_changes", None)
    if cache is not None:
        return cache
    out = _walk(ctx)
    ctx.catalog._archkit_changes = out   # catalogs are rebuilt after a change, never edited
    return out


_CHANGE_WORDS = frozenset({"CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME", "SET", "IF",
                           "EXEC", "EXECUTE", "SELECT", "WITH"})


def _walk(ctx: SchemaContext) -> list[Change]:
    from sqlglot import exp

    created: set[str] = set()
    created_indexes: set[str] = set()
    lock_names = facts(ctx).lock_timeout_names
    out: list[Change] = []
    # the catalog already knows which statement created each table it still has, and
    # the name that statement gave it (a table renamed later, drizzle's user_temp ->
    # user, is changed under its first name until the rename)
    creates = {t.statement: t.options.get("created_as") or t.key
               for t in ctx.catalog.tables.values() if t.statement >= 0}
    changes_kind: dict[str, bool] = {}      # statement kind -> can change a table
    touched: set[str] = set()               # tables earlier changes were about
    # (table, column) -> type SQL of the columns this input added to existing tables: a
    # column added, copied into and renamed in one migration breaks no code (Flowable's
    # swap: ADD c_temp; UPDATE; DROP c; CHANGE c_temp c <same type>)
    added: dict[tuple[str, str], str] = {}
    # statements the engine refuses (AK-SQL003: a DROP INDEX a key rests on, a second
    # primary key ...) change nothing: no migration finding beside the error; nor do the
    # statements on a table before its CREATE TABLE (Camunda's files in name order)
    reviewing = False
    refused, early = _refused(ctx)
    seen = 0
    review_from = ctx.catalog.review_from
    for st in ctx.catalog.statements:
        if not reviewing and review_from is not None and st.index >= review_from:
            # --since: the tables the files before it made are the schema the migrations
            # under review run on, holding data
            created.clear()
            created_indexes.clear()
            reviewing = True
        if len(out) > seen:
            touched.update(c.table for c in out[seen:] if c.table)
            seen = len(out)
        kind = st.kind
        may = changes_kind.get(kind)
        if may is None:
            may = changes_kind[kind] = kind.split(" ", 1)[0] in _CHANGE_WORDS
        if not may or (refused and st.index in refused and kind != "CREATE TABLE"):
            continue
        if st.error is not None:
            if kind.startswith("CREATE"):
                # a CREATE TABLE that does not parse (AK-SQL001) still says the table is
                # this input's: what follows on it is no migration of an existing table
                _raw_changes(ctx, st, created)
            continue
        key = creates.get(st.index)
        if key is not None and kind == "CREATE TABLE":
            created.add(key)
            continue
        # (a missing attribute through getattr with a default raises and catches inside)
        attrs = getattr(st, "__dict__", None)
        frag = attrs.get("fragment") if attrs is not None else getattr(st, "fragment", None)
        if kind == "CREATE INDEX" and isinstance(frag, Index):
            # an index on a table made earlier in this input changes nothing: known from
            # the catalog's fragment without reading the tree (a statement parsed in a
            # worker process would be parsed again). The fragment's table is keyed as
            # _table_key keys it: names normalised, the default schema dropped.
            if frag.name:
                created_indexes.add(frag.name)
            if frag.table in created:
                continue
        if kind in ("EXEC", "EXECUTE"):
            out += _sp_rename_changes(ctx, st, created)
            continue
        if kind in ("SELECT", "WITH"):
            # SELECT ... INTO t creates t (tsql's SELECT ... INTO #work, Bitwarden's
            # scripts; postgres too): dropping it later destroys nothing of the schema's
            from archkit.schema.ctas import into_table

            made = into_table(st)
            if made is not None:
                created.add(_table_key(ctx, made))
            continue
        if kind in ROUTINE_KINDS and not st.raw:
            continue    # a routine's tree names no table it creates or changes (a raw one
                        # is read below); one a worker parsed is not parsed again to see it
        tree = st.tree
        if tree is None or isinstance(tree, exp.Command):
            out += _raw_changes(ctx, st, created)
            continue
        trees = [tree]
        if st.index in getattr(ctx.catalog, "skipped_blocks", ()):
            continue                # (IF OBJECT_ID('t') IS NULL with t there: not run)
        if isinstance(tree, (exp.IfBlock, exp.WhileBlock)):   # tsql guarded DDL: the
            trees = []                                          # statements it guards
            for node in guarded_nodes(tree):
                if isinstance(node, (exp.Drop, exp.Alter)) and not node.args.get("exists"):
                    node = node.copy()      # IF OBJECT_ID(...) IS NOT NULL DROP ...: the
                    node.set("exists", True)    # guard is what IF EXISTS says (and an
                trees.append(node)              # ALTER guarded so is ALTER ... IF EXISTS)
        for tree in trees:
            if isinstance(tree, exp.Query):
                # a guarded SELECT ... INTO t (IF OBJECT_ID('t') IS NULL BEGIN ... END)
                # makes t, as one outside a block does
                from archkit.schema.ctas import query_into_table

                made = query_into_table(tree)
                if made is not None:
                    created.add(_table_key(ctx, made))
                continue
            if isinstance(tree, exp.Set):
                if _set_names(tree) & lock_names:
                    out.append(Change("lock-timeout", st, pos=Position(st.path, st.line, st.col, st)))
                continue
            if isinstance(tree, exp.Create):
                kind = (tree.args.get("kind") or "").upper()
                if kind != "INDEX" and isinstance(tree.this, (exp.Table, exp.Schema)):
                    # tables, and sequences/views that ALTER TABLE may also name
                    created.add(_table_key(ctx, tree.this))
                elif kind == "INDEX":
                    ix = tree.this
                    tbl = ix.args.get("table") if isinstance(ix, exp.Index) else None
                    # names resolved once per statement: the incremental checker keeps
                    # unchanged statements (and their trees) from one check to the next
                    memo = st.__dict__.get("_archkit_index_names")
                    if memo is None or memo[0] is not ctx.dialect or memo[1] is not tree:
                        memo = (ctx.dialect, tree,
                                _table_key(ctx, tbl) if tbl is not None else None,
                                _norm(ctx, ix.this) if ix is not None and ix.this is not None
                                else None)
                        st.__dict__["_archkit_index_names"] = memo
                    key = memo[2]
                    if memo[3] is not None:
                        created_indexes.add(memo[3])
                    if key is None or key in created:
                        continue
                    pos = node_pos(st, ix.this if ix.this is not None else tbl)
                    params = ix.args.get("params")
                    out.append(Change("create-index", st, key, ix.name or None, pos, {
                        "concurrently": bool(tree.args.get("concurrently")),
                        "unique": bool(tree.args.get("unique")),
                        "columns": _column_texts(ctx, params.args.get("columns")
                                                 if params is not None else ())}))
                    out.append(Change("locking", st, key, pos=pos,
                                      detail={"concurrently": bool(tree.args.get("concurrently"))}))
                continue
            if isinstance(tree, exp.Drop):
                out += _drop_changes(ctx, st, tree, created, created_indexes, touched)
                continue
            if isinstance(tree, exp.TruncateTable):
                for t in tree.expressions:
                    key = _table_key(ctx, t)
                    if key not in created:
                        out.append(Change("truncate", st, key, pos=node_pos(st, t)))
                        out.append(Change("locking", st, key, pos=node_pos(st, t)))
                continue
            if isinstance(tree, exp.Alter) and (tree.args.get("kind") or "").upper() == "INDEX":
                # ALTER INDEX a RENAME TO b: an index this input made keeps being its own
                old = tree.this.this if isinstance(tree.this, exp.Table) else None
                if old is not None and _norm(ctx, old) in created_indexes:
                    for action in tree.args.get("actions") or []:
                        new = action.this.this if isinstance(action, exp.AlterRename) and \
                            isinstance(action.this, exp.Table) else None
                        if new is not None:
                            created_indexes.add(_norm(ctx, new))
                continue
            if isinstance(tree, exp.Alter) and (tree.args.get("kind") or "").upper() == "TABLE":
                key = _table_key(ctx, tree.this)
                if key in created:
                    for action in tree.args.get("actions") or []:
                        if isinstance(action, exp.AlterRename) and action.this is not None:
                            new = _table_key(ctx, action.this)      # still this input's,
                            if "." in key and "." not in new:       # in its schema (RENAME
                                new = f"{key.rsplit('.', 1)[0]}.{new}"  # TO keeps it)
                            created.add(new)
                    continue
                if tree.args.get("exists") and _created_later(ctx, st, key):
                    # ALTER TABLE IF EXISTS t DROP CONSTRAINT IF EXISTS ... before the file
                    # creates t (pg_dump --clean --if-exists): nothing there to change yet
                    continue
                out.append(Change("locking", st, key, pos=node_pos(st, tree.this)))
                for action in tree.args.get("actions") or []:
                    out += _alter_changes(ctx, st, tree, key, action, added)
    if early:
        out = [c for c in out if c.table not in early or c.statement.index > early[c.table]]
    if review_from:       # --since: the files before it are the schema, not under review
        out = [c for c in out if c.statement.index >= review_from]
    return out


def _refused(ctx: SchemaContext) -> tuple[set[int], dict[str, int]]:
    """The statements the catalog found the engine refuses, and the tables used before
    their CREATE TABLE -> that CREATE's statement (the conflict is reported at the first
    use, and is kept with the statement that showed it)."""
    refused: set[int] = set()
    early: dict[str, int] = {}
    statements = ctx.catalog.statements
    for c in ctx.catalog.conflicts:
        st = statements[c.statement] if 0 <= c.statement < len(statements) else None
        if st is not None and st.kind == "CREATE TABLE" and (
                c.pos.path != st.path or (c.pos.line or 0) < st.line):
            early[c.object] = c.statement
        else:
            refused.add(c.statement)
    return refused, early


# a name part: quoted ("Order Details", [Order Details], `a b`: spaces allowed) or bare
_PART = r'(?:"(?:[^"]|"")+"|`[^`]+`|\[[^\]]+\]|[^\s.`"\[\];]+)'
_NAME = r"(" + _PART + r"(?:\." + _PART + r")?)"


def _raw_key(ctx: SchemaContext, text: str) -> str:
    """Table key of a (possibly quoted, schema-qualified) name written in raw SQL."""
    parts = []
    for part in re.findall(_PART, text):
        quoted = part[:1] in ("`", '"', "[")
        parts.append(_norm(ctx, _Ident(part.strip('`"[]'), quoted)))
    if len(parts) == 2 and parts[0] == dialect_fact(ctx, "default_schema", None):
        parts = parts[1:]
    return ".".join(parts)


@dataclass
class _Ident:
    name: str
    quoted: bool

    @property
    def args(self) -> dict[str, Any]:
        return {"quoted": self.quoted}


def _sp_rename_changes(ctx: SchemaContext, st: Statement, created: set[str]) -> list[Change]:
    """SQL Server ``EXEC sp_rename``: a table or column renamed (AK-MG002 when the input
    did not create it); other EXECs change nothing the rules follow."""
    from archkit.schema.catalog import sp_rename

    found = sp_rename(st.sql)
    if found is None:
        return []
    parts, new, kind = found
    pos = Position(st.path, st.line, st.col, st)
    if kind == "OBJECT":
        old = _raw_key(ctx, ".".join(f"[{p}]" for p in parts))
        renamed = _raw_key(ctx, ".".join([*(f"[{p}]" for p in parts[:-1]), f"[{new}]"]))
        if old in created:
            created.add(renamed)
            return []
        return [Change("rename-table", st, old, renamed, pos), Change("locking", st, old, pos=pos)]
    if kind == "COLUMN" and len(parts) >= 2:
        table = _raw_key(ctx, ".".join(f"[{p}]" for p in parts[:-1]))
        if table in created:
            return []
        return [Change("rename-column", st, table, _norm(ctx, parts[-1]), pos,
                       {"to": _norm(ctx, new)}),
                Change("locking", st, table, pos=pos)]
    return []


def _raw_changes(ctx: SchemaContext, st: Statement, created: set[str]) -> list[Change]:
    """Statements sqlglot keeps as text: classify them by keyword."""
    text = " ".join(st.sql.split())
    pos = Position(st.path, st.line, st.col, st)
    m = re.match(r"(?i)CREATE\s+(?:OR\s+REPLACE\s+)?(?:\w+\s+)*?(?:TABLE|SEQUENCE|VIEW)\s+"
                 r"(?:IF\s+NOT\s+EXISTS\s+)?" + _NAME, text)
    if m:
        created.add(_raw_key(ctx, m.group(1)))
        return []
    # (oracle: RENAME a TO b)
    m = re.match(r"(?i)RENAME\s+(?:TABLE\s+)?" + _NAME + r"\s+TO\s+" + _NAME, text)
    if m:
        from archkit.schema.catalog import table_renames

        out = []
        # RENAME TABLE a TO b, c TO d: each in turn; a table this input made stays this
        # input's. The swap of an online schema change (users TO users_old, users_new TO
        # users) keeps the name users: renaming it away breaks no code that uses it
        pairs = [(_raw_key(ctx, a), _raw_key(ctx, b))
                 for a, b in table_renames(text) or [(m.group(1), m.group(2))]]
        taken = {new for _old, new in pairs}
        for old, new in pairs:
            if old in created:
                created.add(new)
                continue
            if old not in taken:
                out.append(Change("rename-table", st, old, new, pos))
            out.append(Change("locking", st, old, pos=pos))
        return out
    if st.kind in ("ALTER SCHEMA", "ALTER TABLE"):
        from archkit.schema.catalog import schema_transfer, set_schema

        moved = schema_transfer(text) if st.kind == "ALTER SCHEMA" else set_schema(text)
        if moved is not None:
            # SQL Server ALTER SCHEMA s TRANSFER x.t: t is s.t from now on, a rename
            old = _raw_key(ctx, moved[1])
            new = _raw_key(ctx, f"{moved[0]}.{moved[1].rsplit('.', 1)[-1]}")
            if old in created:
                created.add(new)
                return []
            return [Change("rename-table", st, old, new, pos),
                    Change("locking", st, old, pos=pos)]
    m = re.match(r"(?i)ALTER\s+TABLE\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?" + _NAME, text)
    if m:
        table = _raw_key(ctx, m.group(1))
        if table in created:
            return []
        return [Change("locking", st, table, pos=pos)]
    return []


def _drop_changes(ctx, st, tree, created, created_indexes, touched=frozenset()) -> list[Change]:
    from sqlglot import exp

    kind = (tree.args.get("kind") or "").upper()
    out: list[Change] = []
    for t in tree.args.get("tables") or tree.expressions:
        pos = node_pos(st, t)
        if kind == "TABLE":
            key = _table_key(ctx, t)
            views = cached(ctx, "_archkit_view_creates", _view_creates)
            if tree.args.get("exists") and any(i > st.index and path == st.path
                                               for i, path in views.get(key, ())):
                continue    # (DROP TABLE IF EXISTS v; DROP VIEW IF EXISTS v; ... CREATE VIEW v:
                            # Ranger's install script clearing the name for a view it makes)
            if key not in created and not _rebuilds(ctx, st, tree, key, touched):
                out += [Change("drop-table", st, key, pos=pos), Change("locking", st, key, pos=pos)]
        elif kind in ("SCHEMA", "DATABASE"):
            name = t.args.get("db") or t.this
            norm = _norm(ctx, name) if name else ""
            if tree.args.get("exists") and _schema_created_later(ctx, st, norm):
                continue     # (DROP SCHEMA IF EXISTS s; CREATE SCHEMA s: an install script)
            out.append(Change("drop-schema", st, None, norm, pos, {"kind": kind}))
        elif kind == "INDEX":
            name = _norm(ctx, t.this) if t.this is not None else ""
            if name in created_indexes or (tree.args.get("exists")
                                           and _index_created_later(ctx, st, name)):
                continue     # (DROP INDEX IF EXISTS before the file creates it: a rebuild)
            on = tree.args.get("cluster")
            on = on.this if on is not None and not isinstance(on, exp.Table) else on
            if isinstance(on, exp.Table) and _table_key(ctx, on) in created:
                continue     # mysql DROP INDEX ix ON t, t made by this input (Hydra; scout Q)
            if cached(ctx, "_archkit_self_contained", _self_contained):
                continue     # every table is this input's: no index of an existing one
            conc = bool(tree.args.get("concurrently"))
            schema = t.args.get("db")
            out += [Change("drop-index", st, None, name, pos,
                           {"concurrently": conc, "exists": bool(tree.args.get("exists")),
                            "schema": _norm(ctx, schema) if schema is not None else None,
                            "cascade": bool(tree.args.get("cascade")),
                            "many": len(tree.expressions) > 1}),
                    Change("locking", st, None, pos=pos, detail={"concurrently": conc})]
    return out


def _self_contained(ctx: SchemaContext) -> bool:
    """Whether the input creates every table it names (a schema, or a migration chain
    from its first file): then a DROP INDEX drops an index of one of its own tables, or
    nothing (Hydra's DROP INDEX IF EXISTS of indexes whose CREATE is commented out).
    Tables it dropped count when it created them too (Hydra's chain replaces four tables:
    PostgreSQL 15 answered its 10 DROP INDEX CONCURRENTLY hints 'index ... does not
    exist', scout Q)."""
    cat = ctx.catalog
    if cat.review_from is not None:
        return False      # --since: the files before it made tables that exist
    if not cat.created or any(k not in cat.created or t.options.get("external")
                              for k, t in cat.tables.items()):
        return False
    if not cat.dropped:
        return True
    made = cached(ctx, "_archkit_creates", _creates)
    return all(k in made for k in cat.dropped)


def _rebuilds(ctx: SchemaContext, st: Statement, tree: Any, key: str,
              touched: set[str]) -> bool:
    """``DROP TABLE IF EXISTS t`` in the file that creates ``t`` next, with nothing before
    it about ``t``: how mysqldump, pg_dump --clean and hand-written setup scripts build a
    schema from scratch, not a migration destroying a table (one that the input built or
    changed before the DROP is still reported). A plain ``DROP TABLE t`` counts so where
    the dialect has no IF EXISTS (Quartz's Oracle script), and wherever the file copied
    ``t``'s rows out before the DROP (sqlite's table rebuild: CREATE TEMPORARY TABLE x AS
    SELECT ... FROM t, DROP TABLE t, CREATE TABLE t ..., INSERT INTO t SELECT ... FROM x;
    MediaWiki's sqlite patches; or sqlite.org's recipe: CREATE TABLE new_t ..., INSERT
    INTO new_t SELECT ... FROM t, DROP TABLE t, ALTER TABLE new_t RENAME TO t; PowerDNS'
    upgrades)."""
    if not _created_later(ctx, st, key):
        return _copied_out(ctx, st, tree) and _renamed_into_later(ctx, st, key)
    if _copied_out(ctx, st, tree):
        return True
    if not (tree.args.get("exists") or not ctx.dialect.drop_if_exists) or key in touched:
        return False
    return True


def _renamed_into_later(ctx: SchemaContext, st: Statement, key: str) -> bool:
    """A later statement of ``st``'s file renames another table to ``key``."""
    from sqlglot import exp

    for later in ctx.catalog.statements[st.index + 1:]:
        if later.path != st.path or later.kind != "ALTER TABLE" or later.error is not None:
            continue
        tree = later.tree
        if not isinstance(tree, exp.Alter):
            continue
        for action in tree.args.get("actions") or ():
            if isinstance(action, exp.AlterRename) and action.this is not None:
                new = _table_key(ctx, action.this)
                old = _table_key(ctx, tree.this)
                if "." in old and "." not in new:      # (RENAME TO keeps the schema)
                    new = f"{old.rsplit('.', 1)[0]}.{new}"
                if new == key:
                    return True
    return False


def _copied_out(ctx: SchemaContext, st: Statement, tree: Any) -> bool:
    """An earlier statement of ``st``'s file reads the rows of the table ``tree`` drops
    into another (CREATE TABLE ... AS SELECT / INSERT ... SELECT ... FROM t)."""
    from sqlglot import exp

    tables = tree.args.get("tables") or tree.expressions
    if len(tables) != 1 or not isinstance(tables[0], exp.Table) or not tables[0].name:
        return False
    reads = cached(ctx, "_archkit_rows_read", _rows_read).get(tables[0].name.lower(), ())
    return any(i < st.index and path == st.path for i, path in reads)


# the tables a SELECT inside a statement reads rows from: FROM [schema.]name
_FROM = LazyPattern(r'(?i)\bFROM\s+(?:/\*.*?\*/\s*)?(?:[\w"`\[\]]+\s*\.\s*)?[\"`\[]?([\w$]+)')
_SELECT = LazyPattern(r"(?i)\bSELECT\b")


def _rows_read(ctx: SchemaContext) -> dict[str, list[tuple[int, str | None]]]:
    """Table name (lower case) -> the statements (index, path) that copy its rows into
    another: CREATE TABLE ... AS SELECT and INSERT ... SELECT. Once per check: each DROP
    TABLE asks (a dump of 600 tables asked 600 times over every earlier statement)."""
    out: dict[str, list[tuple[int, str | None]]] = {}
    for s in ctx.catalog.statements:
        if s.kind not in ("CREATE TABLE", "INSERT"):
            continue
        sql = s.sql
        head = _SELECT.search(sql, 0, 4096)      # (rows of data: VALUES, no SELECT early)
        if head is None:
            continue
        for name in set(_FROM.findall(sql, head.end())):
            out.setdefault(name.lower(), []).append((s.index, s.path))
    return out


_CREATE_SCHEMA = LazyPattern(r'(?is)\s*CREATE\s+(?:SCHEMA|DATABASE)\s+(?:IF\s+NOT\s+EXISTS\s+)?'
                            r'(?:/\*.*?\*/\s*)?("[^"]*"|`[^`]*`|\[[^\]]*\]|[\w$#@]+)')


def _schema_created_later(ctx: SchemaContext, st: Statement, name: str) -> bool:
    """A later statement of the same file creates schema (database) ``name``: the DROP
    SCHEMA IF EXISTS before it starts an install script (Sakila, Chinook), as DROP TABLE
    IF EXISTS before a CREATE TABLE does."""
    later = cached(ctx, "_archkit_schema_creates", _schema_creates).get(name)
    return later is not None and any(i > st.index and p == st.path for i, p in later)


def _schema_creates(ctx: SchemaContext) -> dict[str, list[tuple[int, str | None]]]:
    from sqlglot import exp

    out: dict[str, list[tuple[int, str | None]]] = {}
    for s in ctx.catalog.statements:
        if s.kind not in ("CREATE SCHEMA", "CREATE DATABASE"):
            continue
        m = _CREATE_SCHEMA.match(s.sql)
        if m is None:
            continue
        raw = m.group(1)
        quoted = raw[:1] in "\"`["
        ident = exp.Identifier(this=raw[1:-1] if quoted else raw, quoted=quoted)
        out.setdefault(_norm(ctx, ident), []).append((s.index, s.path))
    return out


def _created_later(ctx: SchemaContext, st: Statement, key: str) -> bool:
    """Table ``key`` is created by a later statement of the same file (and not before),
    under that name (a table renamed afterwards, RENAME TABLE users TO app_users, too;
    a scratch table the file drops again at its end, which the catalog no longer has)."""
    t = ctx.catalog.tables.get(key)
    if t is None or t.options.get("created_as", key) != key:
        t = cached(ctx, "_archkit_created_as", _tables_by_created_name).get(key)
    if t is not None:
        return t.statement > st.index and t.pos.path == st.path
    if key not in ctx.catalog.dropped:
        return False
    return any(i > st.index and path == st.path
               for i, path in cached(ctx, "_archkit_creates", _creates).get(key, ()))


def _creates(ctx: SchemaContext) -> dict[str, list[tuple[int, str | None]]]:
    """Table key -> the CREATE TABLE statements (index, path) of the tables the input
    dropped again (its scratch tables)."""
    from sqlglot import exp

    dropped = ctx.catalog.dropped
    out: dict[str, list[tuple[int, str | None]]] = {}
    for s in ctx.catalog.statements:
        if s.kind != "CREATE TABLE" or s.error is not None:
            continue
        frag = s.__dict__.get("fragment")
        if isinstance(frag, Table):
            key = frag.key
        else:
            tree = s.tree
            if not isinstance(tree, exp.Create) or not isinstance(
                    tree.this, (exp.Table, exp.Schema)):
                continue
            key = _table_key(ctx, tree.this)
        if key in dropped:
            out.setdefault(key, []).append((s.index, s.path))
    return out


def _view_creates(ctx: SchemaContext) -> dict[str, list[tuple[int, str | None]]]:
    """View key -> the CREATE [MATERIALIZED] VIEW statements (index, path) making it."""
    from sqlglot import exp

    out: dict[str, list[tuple[int, str | None]]] = {}
    for s in ctx.catalog.statements:
        if s.kind not in ("CREATE VIEW", "CREATE MATERIALIZED VIEW") or s.error is not None:
            continue
        tree = s.tree
        if isinstance(tree, exp.Create) and isinstance(tree.this, exp.Table):
            out.setdefault(_table_key(ctx, tree.this), []).append((s.index, s.path))
    return out


def _tables_by_created_name(ctx: SchemaContext) -> dict[str, Any]:
    return {t.options.get("created_as") or k: t for k, t in ctx.catalog.tables.items()}


def _index_created_later(ctx: SchemaContext, st: Statement, name: str) -> bool:
    """An index named ``name`` is created by a later statement of the same file: a
    ``DROP INDEX IF EXISTS`` before it rebuilds the schema (pg_dump --clean), it does not
    take an index away from a running database."""
    later = cached(ctx, "_archkit_index_statements", _index_statements).get(name)
    return later is not None and later[0] > st.index and later[1] == st.path


def _index_statements(ctx: SchemaContext) -> dict[str, tuple[int, str | None]]:
    out: dict[str, tuple[int, str | None]] = {}
    for t in ctx.catalog.tables.values():
        for ix in t.indexes:
            if ix.name and ix.statement >= 0:
                out.setdefault(ix.name, (ix.statement, ix.pos.path))
    return out


def _alter_changes(ctx, st, tree, key, action, added=None) -> list[Change]:
    """The changes one ALTER TABLE action makes; ``added``: the walk's columns added by
    this input (see _walk), kept up to date."""
    from sqlglot import exp

    out: list[Change] = []
    pos = node_pos(st, action)
    added = {} if added is None else added
    if isinstance(action, exp.Drop):
        kind = (action.args.get("kind") or "").upper()
        for t in action.args.get("tables") or action.expressions:
            if kind == "COLUMN":
                name = _col_name(ctx, t)
                # (a column this input added holds only rows this input put there)
                if added.pop((key, name), None) is None:
                    out.append(Change("drop-column", st, key, name, node_pos(st, t)))
    elif isinstance(action, exp.AlterRename):
        out.append(Change("rename-table", st, key, _table_key(ctx, action.this), pos))
    elif isinstance(action, exp.RenameColumn):
        old, new = _col_name(ctx, action.this), _col_name(ctx, action.args.get("to"))
        if (key, old) in added:      # a column this input added: no code uses its name yet
            added[(key, new)] = added.pop((key, old))
        else:
            out.append(Change("rename-column", st, key, old, pos, {"to": new}))
    elif isinstance(action, exp.ModifyColumn):
        cdef = action.this
        old = action.args.get("rename_from")
        new = _norm(ctx, cdef.this)
        was = new
        if old is not None and _norm(ctx, old) != new:
            was = _norm(ctx, old)
            if (key, was) not in added:
                out.append(Change("rename-column", st, key, was, pos, {"to": new}))
        dtype = cdef.args.get("kind")
        typ = dtype.sql(dialect=_sqlglot(ctx)) if dtype is not None else ""
        if dtype is not None and added.get((key, was)) != typ:
            # (a rename restating the type of a column this input added: no change)
            out.append(Change("alter-type", st, key, new, pos, {
                "type": typ, "modify": True, "old": _old_type(ctx, added, key, was),
                **_type_detail(dtype)}))
        if added.pop((key, was), None) is not None:
            added[(key, new)] = typ
        elif dtype is not None and ctx.catalog.review_from is not None:
            _retyped(ctx)[(key, new)] = typ
    elif isinstance(action, exp.AlterColumn):
        col = _col_name(ctx, action.this)
        dtype = action.args.get("dtype")
        # (SQL Server restates NOT NULL with every type change: only a bare SET NOT NULL counts)
        if action.args.get("allow_null") is False and not action.args.get("drop") \
                and dtype is None:
            out.append(Change("set-not-null", st, key, col, pos))
        if dtype is not None:
            typ = dtype.sql(dialect=_sqlglot(ctx))
            if added.get((key, col)) != typ:
                out.append(Change("alter-type", st, key, col, pos,
                                  {"type": typ, "old": _old_type(ctx, added, key, col),
                                   **_type_detail(dtype)}))
            if (key, col) in added:
                added[(key, col)] = typ
            elif ctx.catalog.review_from is not None:
                _retyped(ctx)[(key, col)] = typ
    elif isinstance(action, exp.ColumnDef):
        out += _add_column(ctx, st, key, action)
        dtype = action.args.get("kind")
        added[(key, _norm(ctx, action.this))] = dtype.sql(dialect=_sqlglot(ctx)) \
            if dtype is not None else ""
    elif isinstance(action, exp.AddConstraint):
        for c in action.expressions:
            inner = c.expressions if isinstance(c, exp.Constraint) else [c]
            cname = _norm(ctx, c.this) if isinstance(c, exp.Constraint) and c.this else None
            for i, part in enumerate(inner):
                if isinstance(part, (exp.UniqueColumnConstraint,)):
                    out.append(Change("add-unique", st, key, cname, pos, {"sql": part.sql(
                        dialect=_sqlglot(ctx)), "columns": _key_columns(ctx, inner, i)}))
                elif isinstance(part, (exp.PrimaryKey, exp.PrimaryKeyColumnConstraint)):
                    out.append(Change("add-pk", st, key, cname, pos, {"sql": part.sql(
                        dialect=_sqlglot(ctx)), "columns": _key_columns(ctx, inner, i)}))
                elif isinstance(part, exp.ForeignKey):
                    out.append(Change("add-fk", st, key, cname, pos, {
                        "not_valid": bool(tree.args.get("not_valid")),
                        "sql": part.sql(dialect=_sqlglot(ctx))}))
                elif isinstance(part, exp.CheckColumnConstraint):
                    out.append(Change("add-check", st, key, cname, pos, {
                        "not_valid": bool(tree.args.get("not_valid")),
                        "sql": part.sql(dialect=_sqlglot(ctx))}))
    return out


def _old_type(ctx: SchemaContext, added: dict[tuple[str, str], str], key: str,
              col: str) -> str | None:
    """The column's type before a change (SQL): as this input added it, as an earlier
    change under review left it, or (``--since``) as the schema before the review has
    it; None when not known."""
    if (key, col) in added:
        return added[(key, col)]
    before = ctx.catalog.before
    if before is None:
        return None
    if (key, col) in _retyped(ctx):
        return _retyped(ctx)[(key, col)]
    table = before.tables.get(key)
    column = table.columns.get(col) if table is not None else None
    return (column.raw_type or None) if column is not None else None


def _retyped(ctx: SchemaContext) -> dict[tuple[str, str], str]:
    """Types the migrations under review gave columns of the schema before them (filled
    by the walk)."""
    return cached(ctx, "_archkit_retyped", lambda _ctx: {})


def _type_detail(dtype: Any) -> dict[str, Any]:
    """What AK-MG006 reads of a new column type: its base name, whether it is sized, and
    its sizes (varchar(50): (50,); numeric(14, 2): (14, 2); None when not numbers)."""
    return {"base": dtype.this.value.lower() if hasattr(dtype.this, "value") else "",
            "sized": bool(dtype.expressions), "sizes": _sizes(dtype)}


def _sizes(dtype: Any) -> tuple[int, ...] | None:
    try:
        return tuple(int(e.this.this if hasattr(e.this, "this") else e.this)
                     for e in dtype.expressions) or None
    except (TypeError, ValueError, AttributeError):
        return None


def _widens(ctx: SchemaContext, old: str, detail: dict[str, Any]) -> bool:
    """Whether the new type (``detail``) only widens the column's old type (SQL text): a
    longer varchar, or a numeric of more precision at the same scale."""
    from sqlglot import exp

    try:
        was = exp.DataType.build(old, dialect=_sqlglot(ctx))
    except Exception:  # noqa: BLE001 - a type sqlglot cannot read: not known to widen
        return False
    base, new, before = detail.get("base"), detail.get("sizes"), _sizes(was)
    if not new or not before or base not in _WIDENS or \
            (was.this.value.lower() if hasattr(was.this, "value") else "") != base:
        return False
    if base in ("decimal", "numeric"):
        scale_new = new[1] if len(new) > 1 else 0
        scale_old = before[1] if len(before) > 1 else 0
        return scale_new == scale_old and new[0] >= before[0]
    return len(new) == len(before) == 1 and new[0] >= before[0]


# bytes per character of MySQL/MariaDB character sets (the most a character takes)
_CHARSET_BYTES = {"latin1": 1, "ascii": 1, "binary": 1, "utf8mb3": 3, "utf8": 3,
                  "utf8mb4": 4, "ucs2": 2, "utf16": 4, "utf32": 4, "gbk": 2, "big5": 2,
                  "sjis": 2, "cp1250": 1, "cp1251": 1, "latin2": 1, "euckr": 2, "gb2312": 2}


def _length_prefix_grows(ctx: SchemaContext, c: Change, old: str) -> str | bool | None:
    """A longer MySQL/MariaDB varchar changes the catalog only while its length prefix
    stays one byte (under 256 bytes) or was two already; else InnoDB copies the table.
    With the old length known (``--since``): False where it stays, why it copies where
    it grows, None where the character set leaves it open (MariaDB 10.11 took
    varchar(100) -> varchar(200) in utf8mb4 with ALGORITHM=INSTANT, varchar(40) ->
    varchar(100) only with COPY; scout AS)."""
    from sqlglot import exp

    try:
        was = _sizes(exp.DataType.build(old, dialect=_sqlglot(ctx)))
    except Exception:  # noqa: BLE001 - widening was read from the same text
        return None
    new = c.detail.get("sizes")
    if not was or not new:
        return None
    table = ctx.catalog.tables.get(c.table or "")
    col = table.columns.get(c.target or "") if table is not None else None
    charset = (col.charset if col is not None and col.charset else
               table.charset if table is not None else None)
    widths = [_CHARSET_BYTES[charset]] if charset in _CHARSET_BYTES else [1, 2, 3, 4]
    grows = {was[0] * w < 256 <= new[0] * w for w in widths}
    if grows == {False}:
        return False
    if grows == {True}:
        w = widths[0]
        return (f"{was[0] * w} to {new[0] * w} bytes in {charset}: its length prefix grows "
                f"to two bytes, and InnoDB copies the table")
    return None


def _add_column(ctx, st, key, cdef) -> list[Change]:
    from sqlglot import exp

    out: list[Change] = []
    col = _norm(ctx, cdef.this)
    pos = node_pos(st, cdef)
    kinds = [c.args.get("kind") for c in cdef.args.get("constraints") or []]
    not_null = any(isinstance(k, exp.NotNullColumnConstraint) and not k.args.get("allow_null")
                   for k in kinds)
    default = next((k for k in kinds if isinstance(k, exp.DefaultColumnConstraint)), None)
    generated = any(isinstance(k, (exp.GeneratedAsIdentityColumnConstraint,
                                   exp.ComputedColumnConstraint, exp.AutoIncrementColumnConstraint))
                    for k in kinds)
    dtype = cdef.args.get("kind")
    serial = dtype is not None and dtype.this in (exp.DataType.Type.SERIAL,
                                                  exp.DataType.Type.BIGSERIAL,
                                                  exp.DataType.Type.SMALLSERIAL)
    if not_null and default is None and not generated and not serial:
        out.append(Change("add-not-null-column", st, key, col, pos,
                          {"type": dtype.sql(dialect=_sqlglot(ctx)) if dtype else ""}))
    if default is not None and _func_names(default) & _VOLATILE:
        out.append(Change("volatile-default", st, key, col, pos,
                          {"default": default.this.sql(dialect=_sqlglot(ctx))}))
    if serial:
        out.append(Change("volatile-default", st, key, col, pos, {"default": "nextval(...)"}))
    for k in kinds:
        if isinstance(k, exp.ComputedColumnConstraint) and _stored(ctx, k):
            out.append(Change("stored-generated", st, key, col, pos,
                              {"expr": k.this.sql(dialect=_sqlglot(ctx))}))
    return out


def _stored(ctx: SchemaContext, k: Any) -> bool:
    persisted = k.args.get("persisted")
    if persisted is not None:
        return bool(persisted)
    # PostgreSQL (before 18) only has STORED generated columns
    return facts(ctx).generated_stored_by_default


def _where(c: Change) -> dict[str, Any]:
    return where(c.pos)


def _obj(c: Change) -> str:
    if c.table and c.target:
        return f"{c.table}.{c.target}"
    return c.table or c.target or ""


# -- AK-MG001 ----------------------------------------------------------------------------
@schema_rule(
    "AK-MG001", "destructive-change", "error",
    summary="DROP TABLE/COLUMN/SCHEMA/DATABASE or TRUNCATE of something this input did not create",
    like="squawk ban-drop-table/ban-drop-column, Atlas DS",
    why="""Dropping a table, column or schema, or truncating a table, destroys data that
no rollback of the deployment brings back, and running application code that still
reads it starts failing at once. Deprecate first (stop writing, stop reading, back up),
drop in a later release, and suppress this finding with the reason when you do. A DROP
TABLE IF EXISTS that its file follows with the CREATE TABLE, nothing before it touching
the table, builds a schema from scratch (mysqldump, pg_dump --clean) and is not reported.""",
    fires="ALTER TABLE customer DROP COLUMN middle_name;",
    passes="ALTER TABLE customer ADD COLUMN middle_name text;",
)
def destructive_change(ctx: SchemaContext) -> Iterator[Finding]:
    for c in changes(ctx):
        if c.kind == "drop-table":
            msg = f"DROP TABLE {shown_t(ctx, c.table)} destroys the table and its data"
            # (RENAME TO takes a bare name: the table stays in its schema)
            hint = (rename_table_sql(ctx, sql_t(ctx, c.table),
                                     q(ctx, c.table.rsplit(".", 1)[-1] + "_deprecated"))
                    + " -- drop it in a later release, after a backup")
        elif c.kind == "drop-column":
            msg = (f"dropping column {shown_tc(ctx, c.table, c.target)} destroys its data and "
                   f"breaks code that still reads it")
            hint = (f"-- stop reading and writing {shown_c(ctx, c.table, c.target)} first, back "
                    f"it up, then drop it in a later release: ALTER TABLE {sql_t(ctx, c.table)} "
                    f"DROP COLUMN {sql_c(ctx, c.table, c.target)};")
        elif c.kind == "drop-schema":
            kind = c.detail.get("kind", "SCHEMA")
            msg = f"DROP {kind} {c.target} destroys every object in it"
            hint = f"-- back up {c.target} and drop it by hand, not in a migration"
        elif c.kind == "truncate":
            msg = f"TRUNCATE {shown_t(ctx, c.table)} deletes every row"
            hint = f"-- delete only the rows you mean: DELETE FROM {sql_t(ctx, c.table)} WHERE ...;"
        else:
            continue
        yield ctx.rule.finding(msg, object=_obj(c) or c.target, hint=hint, **_where(c))


# -- AK-MG002 ----------------------------------------------------------------------------
@schema_rule(
    "AK-MG002", "breaking-rename", "warning",
    summary="RENAME of an existing table or column",
    like="squawk renaming-table/renaming-column, Atlas BC",
    why="""A rename is instant in the database and breaks every running instance of the
application that uses the old name, until all of them are deployed again. Add the new
name alongside (a view or a new column kept in sync), move the readers, then drop the
old one.""",
    fires="ALTER TABLE customer RENAME COLUMN mail TO email;",
    passes="ALTER TABLE customer ADD COLUMN email text;",
)
def breaking_rename(ctx: SchemaContext) -> Iterator[Finding]:
    # (SQL Server, SQLite and DuckDB compare names without case: a rename that changes
    # only the case keeps the name every reader uses)
    fold_quoted = dialect_fact(ctx, "fold_quoted", False)
    for c in changes(ctx):
        if c.kind == "rename-table":
            if fold_quoted and c.target == c.table:
                continue
            # the table keeps its schema: the view reads it there
            bare = (c.target or "").rsplit(".", 1)[-1]
            schema = c.table.rsplit(".", 1)[0] + "." if "." in c.table else ""
            old, new = sql_t(ctx, c.table), sql_t(ctx, schema + bare)
            if schema and fold_quoted:      # (the name as the rename writes it)
                renamed = ctx.catalog.tables.get(schema + bare)
                bare = renamed.original if renamed is not None and renamed.original else bare
            yield ctx.rule.finding(
                f"renaming table {shown_t(ctx, c.table)} to {shown_t(ctx, c.target or '')} "
                f"breaks code that uses the old name",
                object=c.table,
                # (RENAME TO takes the bare name: as written when that is the table's key)
                hint=(rename_table_sql(ctx, old, new if not schema else q(ctx, bare))
                      + f" CREATE VIEW {old} AS SELECT * FROM {new}; "
                      f"-- until every reader uses the new name"), **_where(c))
        elif c.kind == "rename-column":
            to = c.detail.get("to")
            if fold_quoted and to == c.target:
                continue
            was = shown_c(ctx, c.table, c.target)
            yield ctx.rule.finding(
                f"renaming column {shown_tc(ctx, c.table, c.target)} to "
                f"{shown_c(ctx, c.table, to)} breaks code that uses the old name",
                object=_obj(c),
                hint=(add_column_sql(ctx, c.table, to, f"<type of {was}>")
                      + f" -- copy and keep in sync, move readers, then drop {was}"),
                **_where(c))


# -- AK-MG003 ----------------------------------------------------------------------------
@schema_rule(
    "AK-MG003", "data-dependent-change", "warning",
    summary="ADD UNIQUE/PRIMARY KEY, SET NOT NULL or ADD COLUMN NOT NULL without a default on an existing table",
    like="Atlas MF, squawk adding-required-field",
    why="""These succeed or fail depending on the rows already in the table: one
duplicate or one NULL in production makes the migration fail halfway through a deploy
(and SET NOT NULL scans the whole table under an exclusive lock meanwhile). Check the
data first, add a default, or add a NOT VALID CHECK and validate it separately: a SET NOT
NULL after a validated CHECK (c IS NOT NULL) is not reported, since PostgreSQL 12 and
later prove the column has no NULL from it, without a scan.""",
    fires="ALTER TABLE customer ADD COLUMN tier text NOT NULL;",
    passes="ALTER TABLE customer ADD COLUMN tier text NOT NULL DEFAULT 'basic';",
)
def data_dependent_change(ctx: SchemaContext) -> Iterator[Finding]:
    proven = _proven_not_null(ctx)
    for c in changes(ctx):
        kind = c.kind
        if kind not in _DATA_DEPENDENT and not (kind == "create-index" and c.detail.get("unique")):
            continue
        if kind == "set-not-null" and (c.table, c.target) in proven.get(c.statement.index, ()):
            continue     # (a validated CHECK (c IS NOT NULL) before it: PostgreSQL 12+
                         # proves the column has no NULL without a scan, and it cannot
                         # fail; the pattern this rule's text recommends; scout AS)
        t = sql_t(ctx, c.table) if c.table else ""
        if kind == "add-not-null-column":
            msg = (f"adding NOT NULL column {shown_tc(ctx, c.table, c.target)} without a default "
                   + ("fills existing rows with the type's implicit default (0, '')"
                      if facts(ctx).add_not_null_fills_implicit_default else
                      f"fails if {shown_t(ctx, c.table)} has rows"))
            hint = add_column_sql(ctx, c.table, c.target,
                                   f"{c.detail.get('type') or '<type>'} NOT NULL DEFAULT <value>")
        elif kind == "set-not-null":
            msg = (f"SET NOT NULL on {shown_tc(ctx, c.table, c.target)} fails if any row is NULL "
                   f"and scans the table under lock")
            col = sql_c(ctx, c.table, c.target)
            if dialect_fact(ctx, "supports_not_valid", False):
                name = q(ctx, c.table.split(".")[-1] + "_" + c.target + "_not_null")
                hint = (f"ALTER TABLE {t} ADD CONSTRAINT {name} CHECK ({col} IS NOT NULL) "
                        f"NOT VALID; ALTER TABLE {t} VALIDATE CONSTRAINT {name};")
            else:
                hint = f"SELECT count(*) FROM {t} WHERE {col} IS NULL; -- must be 0 first"
        elif kind in ("add-unique", "add-pk"):
            what = "UNIQUE" if kind == "add-unique" else "PRIMARY KEY"
            msg = (f"adding {what} to {shown_t(ctx, c.table)} fails if existing rows contain "
                   f"duplicates")
            hint = _duplicates_query(t, c.detail.get("columns"))
        else:       # a UNIQUE index
            msg = (f"creating a UNIQUE index on {shown_t(ctx, c.table)} fails if existing rows "
                   f"contain duplicates")
            hint = _duplicates_query(t, c.detail.get("columns"))
        yield ctx.rule.finding(msg, object=_obj(c), hint=hint, **_where(c))


_DATA_DEPENDENT = frozenset({"add-not-null-column", "set-not-null", "add-unique", "add-pk"})


# -- AK-MG004 ----------------------------------------------------------------------------
@schema_rule(
    "AK-MG004", "blocking-index-build", "warning",
    summary="postgres CREATE/DROP INDEX on an existing table without CONCURRENTLY",
    like="squawk require-concurrent-index-creation, Atlas PG101",
    dialects=("postgres",),
    why="""A plain CREATE INDEX holds a SHARE lock that blocks every INSERT, UPDATE and
DELETE on the table for as long as the build takes (minutes on a large table); DROP
INDEX takes an ACCESS EXCLUSIVE lock. CONCURRENTLY avoids both (outside a transaction
block).""",
    fires="CREATE INDEX orders_status_idx ON orders (status);",
    passes="CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);",
)
def blocking_index_build(ctx: SchemaContext) -> Iterator[Finding]:
    for c in changes(ctx):
        if c.kind == "create-index" and not c.detail.get("concurrently"):
            sql = c.statement.sql.strip().rstrip(";")
            fixed = re.sub(r"(?i)^(CREATE\s+(?:UNIQUE\s+)?INDEX)\s+", r"\1 CONCURRENTLY ", sql, 1)
            yield ctx.rule.finding(
                f"CREATE INDEX{' ' + c.target if c.target else ''} on {shown_t(ctx, c.table)} "
                f"blocks writes to it while the index builds", object=c.target or c.table,
                hint=fixed + ";" + _outside_transaction(ctx, c.statement), **_where(c))
        elif c.kind == "drop-index" and not c.detail.get("concurrently"):
            schema = c.detail.get("schema")
            named = f"{schema}.{c.target}" if schema else c.target
            if schema and _a_table_not_a_schema(ctx, schema):
                # (MySQL's table.index habit: PostgreSQL reads the table as a schema, and
                # drops nothing, or refuses without IF EXISTS; Kratos, scout AS)
                yield ctx.rule.finding(
                    f"DROP INDEX {named} names no index of table {schema}: PostgreSQL reads "
                    f"{schema} as a schema, so it drops nothing"
                    + ("" if c.detail.get("exists") else " and fails"),
                    object=named,
                    hint=f"-- an index is named alone, or with its table's schema: DROP INDEX "
                         f"CONCURRENTLY {'IF EXISTS ' if c.detail.get('exists') else ''}"
                         f"{q(ctx, c.target)};", **_where(c))
                continue
            sql = c.statement.sql.strip().rstrip(";")
            if c.detail.get("cascade") or c.detail.get("many") or not re.match(
                    r"(?is)^DROP\s+INDEX\s+", sql):
                # (CONCURRENTLY drops one index and no dependents: PostgreSQL refuses
                # CASCADE and lists with it)
                fixed = (f"DROP INDEX CONCURRENTLY {'IF EXISTS ' if c.detail.get('exists') else ''}"
                         f"{q(ctx, schema) + '.' if schema else ''}{q(ctx, c.target)}")
            else:       # the statement as written, its schema and IF EXISTS kept
                fixed = re.sub(r"(?is)^DROP\s+INDEX\s+", "DROP INDEX CONCURRENTLY ", sql, 1)
            yield ctx.rule.finding(
                f"DROP INDEX {named} takes an ACCESS EXCLUSIVE lock on its table",
                object=c.target,
                hint=fixed + ";" + _outside_transaction(ctx, c.statement),
                **_where(c))


def _outside_transaction(ctx: SchemaContext, st: Statement) -> str:
    """A note for a CONCURRENTLY hint when ``st`` runs inside the file's own BEGIN ...
    COMMIT: PostgreSQL refuses CONCURRENTLY in a transaction block (Bareos' update
    scripts; scout S)."""
    if not _in_transaction(ctx, st):
        return ""
    return (" -- CONCURRENTLY cannot run inside a transaction block: move it after the "
            "file's COMMIT")


def _in_transaction(ctx: SchemaContext, st: Statement) -> bool:
    """``st`` comes after a BEGIN / START TRANSACTION of its file with no COMMIT between."""
    for prev in reversed(ctx.catalog.statements[:st.index]):
        if prev.path != st.path or prev.kind in ("COMMIT", "ROLLBACK", "END"):
            return False
        if prev.kind in ("BEGIN", "START"):
            return True
    return False


_NOT_NULL_CHECK = LazyPattern(r'(?is)^\s*CHECK\s*\(\s*\(?\s*("?)([^\s()"]+)\1\s+IS\s+NOT\s+NULL'
                             r'\s*\)?\s*\)\s*$')


_VALIDATE = LazyPattern(r'(?is)\bVALIDATE\s+CONSTRAINT\s+("?)([^\s;"]+)\1')


def _proven_not_null(ctx: SchemaContext) -> dict[int, set[tuple[str | None, str]]]:
    """For each SET NOT NULL statement on postgres, the (table, column)s a validated
    ``CHECK (column IS NOT NULL)`` proves before it: one added without NOT VALID, or one
    added NOT VALID and validated (``VALIDATE CONSTRAINT``) since. PostgreSQL 12+ then
    sets NOT NULL without scanning the table."""
    found = changes(ctx)
    if ctx.dialect.name != "postgres" or not any(c.kind == "set-not-null" for c in found):
        return {}
    checks: dict[tuple[str | None, str], str] = {}     # (table, constraint) -> column
    proven: set[tuple[str | None, str]] = set()
    out: dict[int, set[tuple[str | None, str]]] = {}
    by_statement: dict[int, list[Change]] = {}
    for c in found:
        by_statement.setdefault(c.statement.index, []).append(c)
    for st in ctx.catalog.statements:
        if st.kind == "ALTER TABLE" and checks and (m := _VALIDATE.search(st.sql)):
            name = m.group(2) if m.group(1) else m.group(2).lower()
            proven.update((table, col) for (table, cname), col in checks.items()
                          if cname == name)
        for c in by_statement.get(st.index, ()):
            if c.kind == "add-check" and (m := _NOT_NULL_CHECK.match(c.detail.get("sql", ""))):
                col = m.group(2) if m.group(1) else m.group(2).lower()
                checks[(c.table, (c.target or "").lower())] = col
                if not c.detail.get("not_valid"):
                    proven.add((c.table, col))
            elif c.kind == "set-not-null":
                out[st.index] = set(proven)
    return out


# -- AK-MG005 ----------------------------------------------------------------------------
@schema_rule(
    "AK-MG005", "validate-constraint-later", "warning",
    summary="postgres ADD FOREIGN KEY/CHECK on an existing table without NOT VALID",
    like="squawk adding-foreign-key-constraint, constraint-missing-not-valid",
    dialects=("postgres",),
    why="""Adding a foreign key or CHECK validates every existing row while holding a
lock that blocks writes (for a foreign key, on both tables). Add it NOT VALID (instant:
new rows are checked) and run VALIDATE CONSTRAINT afterwards, which only takes a SHARE
UPDATE EXCLUSIVE lock.""",
    fires="ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customer (id);",
    passes=("ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) "
            "REFERENCES customer (id) NOT VALID;"),
)
def validate_constraint_later(ctx: SchemaContext) -> Iterator[Finding]:
    for c in changes(ctx):
        if c.kind not in ("add-fk", "add-check") or c.detail.get("not_valid"):
            continue
        what = "FOREIGN KEY" if c.kind == "add-fk" else "CHECK"
        name = c.target or f"{c.table.split('.')[-1]}_{'fkey' if c.kind == 'add-fk' else 'check'}"
        t = sql_t(ctx, c.table)
        # the same ALTER dropping the old one first (Bareos: DROP CONSTRAINT IF EXISTS c,
        # ADD CONSTRAINT c ...): the hint keeps the drop, else 'already exists' (scout S)
        drop = re.search(r"(?is)\bDROP\s+CONSTRAINT\s+(?:IF\s+EXISTS\s+)?\"?"
                         + re.escape(name) + r"\b", c.statement.sql)
        table = ctx.catalog.tables.get(c.table or "")
        # (the name as written where names fold without case; a made-up one as it is)
        said = shown_name(ctx, table, name) if table is not None and c.target else name
        if c.kind == "add-fk" and table is not None and partitioned(table):
            hint = (f"-- PostgreSQL adds no NOT VALID foreign key to a partitioned table: "
                    f"add {said} when {shown_t(ctx, c.table)} is quiet, or to its partitions "
                    "one by one")
        else:
            hint = ((f"ALTER TABLE {t} DROP CONSTRAINT IF EXISTS {q(ctx, said)}; " if drop else "")
                    + f"ALTER TABLE {t} ADD CONSTRAINT {q(ctx, said)} {c.detail.get('sql', '')} "
                    f"NOT VALID; ALTER TABLE {t} VALIDATE CONSTRAINT {q(ctx, said)};"
                    + (" -- VALIDATE after the file's COMMIT: in its transaction the ADD's lock "
                       "is held while it validates" if _in_transaction(ctx, c.statement) else ""))
        yield ctx.rule.finding(
            f"adding {what} {said} to {shown_t(ctx, c.table)} checks every row while blocking "
            "writes",
            object=f"{c.table}.{name}", hint=hint, **_where(c))


# -- AK-MG006 ----------------------------------------------------------------------------
@schema_rule(
    "AK-MG006", "table-rewrite", "warning",
    summary="a column type change, a volatile default or a stored generated column added to an existing table",
    like="squawk changing-column-type, adding-field-with-default; Atlas PG3",
    why="""These rewrite every row of the table (and rebuild its indexes) under an
exclusive lock: reads and writes wait for minutes on a large table. Add a new column,
backfill it in batches and switch over instead; fill per-row values with an UPDATE
after adding the column without a default.""",
    fires="ALTER TABLE orders ALTER COLUMN total TYPE numeric(14, 2);",
    passes="ALTER TABLE orders ADD COLUMN total_v2 numeric(14, 2);",
)
def table_rewrite(ctx: SchemaContext) -> Iterator[Finding]:
    no_rewrite = facts(ctx).no_rewrite_types
    rewrites = facts(ctx).type_change_rewrites
    for c in changes(ctx):
        if c.kind == "alter-type":
            base = c.detail.get("base", "")
            old = c.detail.get("old")        # known when this input added the column
            free_from_strings = base in no_rewrite or (
                base == "varchar" and not c.detail.get("sized") and "text" in no_rewrite)
            if not rewrites or (free_from_strings and old is not None
                                and _STRING_TYPE.match(old) is not None):
                continue
            widens = old is not None and _widens(ctx, old, c.detail)
            in_place = base in ("decimal", "numeric") and facts(ctx).numeric_widening_in_place \
                or base not in ("decimal", "numeric")
            prefix = None
            if widens and base == "varchar" and facts(ctx).varchar_widening:
                prefix = _length_prefix_grows(ctx, c, old)
                if prefix is False:
                    continue    # (MariaDB 10.11: ALGORITHM=INSTANT takes it)
            elif widens and in_place:
                continue       # (PostgreSQL 15: the same relfilenode: the catalog only)
            msg = (f"changing the type of {shown_tc(ctx, c.table, c.target)} to "
                   f"{c.detail.get('type')} rewrites the table")
            if prefix:
                msg += f" ({prefix})"
            elif free_from_strings and old is None:
                # (PostgreSQL 15: varchar -> text kept the relfilenode, numeric -> text
                # did not)
                msg += (", unless the column was a varchar or char: those become "
                        f"{c.detail.get('type')} in the catalog only")
            elif c.detail.get("sized") and base in _WIDENS and in_place and \
                    (old is None or widens):
                # the old type is not in this input: a longer varchar or a numeric of
                # more precision (same scale) only changes the catalog (PostgreSQL 15:
                # same relfilenode after ALTER ... TYPE varchar(100) from varchar(6))
                wider = _WIDENS[base]
                if base == "varchar" and facts(ctx).varchar_widening:
                    wider += " " + facts(ctx).varchar_widening
                msg += (f", unless it only widens the column ({wider}): that changes the "
                        f"catalog only")
            hint = (add_column_sql(ctx, c.table, c.target + "_new", str(c.detail.get("type")))
                    + " -- backfill in batches, then switch readers and drop "
                    + shown_c(ctx, c.table, c.target))
        elif c.kind == "volatile-default":
            msg = (f"adding {shown_tc(ctx, c.table, c.target)} with the per-row default "
                   f"{c.detail.get('default')} rewrites the table")
            hint = (add_column_sql(ctx, c.table, c.target, "<type>")
                    + f" -- without the default, then UPDATE {sql_t(ctx, c.table)} SET "
                      f"{sql_c(ctx, c.table, c.target)} = {c.detail.get('default')} in batches")
        elif c.kind == "stored-generated":
            if not facts(ctx).stored_column_rewrites:
                continue
            msg = (f"adding the stored generated column {shown_tc(ctx, c.table, c.target)} "
                   f"rewrites the table")
            hint = (f"-- add {shown_c(ctx, c.table, c.target)} as a plain column, backfill it in "
                    f"batches, then keep it in sync ({c.detail.get('expr')})")
        else:
            continue
        yield ctx.rule.finding(msg, object=_obj(c), hint=hint, **_where(c))


# a string type, which text takes without a rewrite (postgres: binary coercible)
_STRING_TYPE = LazyPattern(r"(?i)\s*(?:n?var)?char|character|text|string")
# types a wider version of which is a catalog change only, and what "wider" means
_WIDENS = {
    "varchar": "a longer varchar", "nvarchar": "a longer nvarchar",
    "varbinary": "a longer varbinary", "bit varying": "a longer varbit",
    "decimal": "more precision, the same scale", "numeric": "more precision, the same scale",
}


def _duplicates_query(table_sql: str, columns: list[str] | None) -> str:
    """The query that must return no rows before a key on ``columns`` can be added: grouped
    by every column of the key (``GROUP BY 1`` grouped by the first alone: PostgreSQL
    refuses it for a key of two columns, MariaDB reports pairs that are no duplicates)."""
    if not columns:
        return (f"-- check for duplicates on the key's columns of {table_sql} before deploying: "
                f"SELECT ..., count(*) FROM {table_sql} GROUP BY ... HAVING count(*) > 1;")
    cols = ", ".join(columns)
    return (f"SELECT {cols}, count(*) FROM {table_sql} GROUP BY {cols} HAVING count(*) > 1; "
            "-- must return no rows first")


def _column_texts(ctx: SchemaContext, nodes: Any) -> list[str]:
    """Key or index columns as SQL, without ASC / DESC, operator classes or lengths."""
    from sqlglot import exp

    out = []
    for n in nodes or ():
        while isinstance(n, (exp.Ordered, exp.Opclass)):
            n = n.this
        out.append(n.sql(dialect=_sqlglot(ctx)))
    return out


def _key_columns(ctx: SchemaContext, parts: list[Any], i: int) -> list[str]:
    """The columns of the PRIMARY KEY / UNIQUE ``parts[i]`` of an ADD CONSTRAINT (SQL
    Server's PRIMARY KEY [NON]CLUSTERED (a, b) keeps them in the part after it)."""
    from sqlglot import exp

    part = parts[i]
    if isinstance(part, exp.PrimaryKey):
        return _column_texts(ctx, part.expressions)
    target = part.this if isinstance(part, exp.UniqueColumnConstraint) else None
    if isinstance(target, exp.Schema):
        return _column_texts(ctx, target.expressions)
    if part.expressions:
        return _column_texts(ctx, part.expressions)
    clustering = (exp.ClusteredColumnConstraint, exp.NonClusteredColumnConstraint)
    nxt = parts[i + 1] if i + 1 < len(parts) else None
    holder = nxt if isinstance(nxt, clustering) else \
        target if isinstance(target, clustering) else None
    if holder is None:
        return []
    cols = holder.this
    return _column_texts(ctx, cols if isinstance(cols, list) else
                         getattr(cols, "expressions", None) or [cols])


# -- AK-MG008 ----------------------------------------------------------------------------
@schema_rule(
    "AK-MG008", "modify-drops-attributes", "warning",
    summary="a MySQL MODIFY / CHANGE that does not restate the column's NOT NULL, DEFAULT, ON UPDATE, AUTO_INCREMENT or COMMENT (SQL Server: an ALTER COLUMN that does not restate NOT NULL)",
    like="MySQL manual, ALTER TABLE", dialects=("mysql", "mariadb", "tsql"), example_dialect="mysql",
    why="""MODIFY and CHANGE replace the whole column definition: "attributes present in
the original definition but not specified for the new definition are not carried
forward" (MySQL manual). A MODIFY written to widen a type silently makes a NOT NULL
column nullable, drops its default, its ON UPDATE CURRENT_TIMESTAMP or its
AUTO_INCREMENT: a database upgraded by the migrations then differs from one created
fresh (Temporal's upgrades left 22 columns nullable). A zero-date default left out is
not reported: dropping it is what such a MODIFY is for. Restate every attribute, or use ALTER COLUMN ... SET DEFAULT for a default
alone. SQL Server's ALTER COLUMN does the same to NOT NULL: "if not specified, the
column is nullable" (ALTER TABLE, Transact-SQL).""",
    fires=("CREATE TABLE namespaces (id BIGINT PRIMARY KEY, data BLOB NOT NULL);\n"
           "ALTER TABLE namespaces MODIFY COLUMN data MEDIUMBLOB;"),
    passes=("CREATE TABLE namespaces (id BIGINT PRIMARY KEY, data BLOB NOT NULL);\n"
            "ALTER TABLE namespaces MODIFY COLUMN data MEDIUMBLOB NOT NULL;"),
)
def modify_drops_attributes(ctx: SchemaContext) -> Iterator[Finding]:
    for table in tables(ctx):
        for _index, col, raw_type, lost, pos, fixed in table.options.get("modify_drops", ()):
            if ctx.dialect.name == "tsql":
                yield ctx.rule.finding(
                    f"ALTER COLUMN of {shown_tc(ctx, table.key, col)} does not restate NOT "
                    f"NULL: SQL Server makes the column nullable", object=f"{table.key}.{col}",
                    hint=f"ALTER TABLE {sql_t(ctx, table.key)} ALTER COLUMN "
                         f"{sql_c(ctx, table.key, col)} {raw_type} NOT NULL;", **where(pos))
                continue
            yield ctx.rule.finding(
                f"MODIFY of {shown_tc(ctx, table.key, col)} does not restate "
                f"{', '.join(lost)}: MySQL drops what MODIFY / CHANGE leave out",
                object=f"{table.key}.{col}",
                hint=alter_type_sql(ctx, table, col, raw_type, fixed),
                **where(pos))


# -- AK-MG007 ----------------------------------------------------------------------------
@schema_rule(
    "AK-MG007", "missing-lock-timeout", "info",
    summary="a migration takes locks (ALTER/DROP/CREATE INDEX on existing tables) without setting a lock timeout first",
    like="squawk require-timeout-settings", dialects=("postgres", "mysql", "mariadb", "tsql"),
    why="""A DDL statement waiting for its lock queues every later query on the table
behind it: one long-running SELECT plus one ALTER is an outage. A short lock timeout
makes the migration fail fast (and be retried) instead. Each file is judged on its own:
a migration is applied on its own, so a timeout set in an earlier file does not cover it.""",
    fires="ALTER TABLE orders ADD COLUMN note text;",
    passes="SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;",
)
def missing_lock_timeout(ctx: SchemaContext) -> Iterator[Finding]:
    statement = facts(ctx).lock_timeout
    if not statement:
        return
    # per file: each migration is applied on its own (the ones before it ran on an
    # earlier deploy), so a timeout set in one file does not cover the next
    done: set[str | None] = set()
    for c in changes(ctx):
        path = c.statement.path
        if path in done:
            continue
        if c.kind == "lock-timeout":
            done.add(path)
        elif c.kind == "locking":
            done.add(path)
            yield ctx.rule.finding(
                f"this migration takes locks{' on ' + shown_t(ctx, c.table) if c.table else ''} "
                f"without a lock timeout: a blocked DDL statement queues every query behind it",
                object=c.table or c.statement.kind, hint=statement + " -- before the first DDL",
                **_where(c))


def _sqlglot(ctx: SchemaContext) -> str:
    """sqlglot's name of the run's dialect (MariaDB is its MySQL grammar: 'mariadb' made
    exit 3, 'Unknown dialect', on a migration's MODIFY; scout AS)."""
    return ctx.dialect.sqlglot or ctx.catalog.dialect


def _a_table_not_a_schema(ctx: SchemaContext, name: str) -> bool:
    """Whether ``name``, a DROP INDEX's qualifier, is a table of the schema and no schema
    the input names."""
    tables = ctx.catalog.tables.values()
    return name != ctx.dialect.default_schema and not any(t.schema == name for t in tables) \
        and any(t.name == name for t in tables)
