"""The views the input leaves, and the table columns each reads (PostgreSQL).

PostgreSQL refuses to change the type of a column a view or materialized view reads
("cannot alter type of a column used by a view or rule"): on the Sakila schema, 26 of the
type-change hints (AK-PK003's ``TYPE bigint``, AK-TY003's ``TYPE text``, AK-TY001's
``TYPE timestamptz``) failed so on PostgreSQL 15. A hint that changes such a column drops
the views first and makes them again after (:func:`views_reading`).

A view reads a column when its query names the column (by its name: a column of that name
in another table of the query counts too, which only makes a hint drop a view it need not)
or selects ``*`` from the table; a view built on such a view is dropped with it. The
catalog holds no views: they are read from the statements, the last definition of each
name that no later ``DROP VIEW`` removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlglot.errors import TokenError

from archkit.lazyre import LazyPattern
from archkit.schema.model import Catalog
from archkit.schema.parse import VIEW_KINDS

__all__ = ["Rule", "View", "Views", "rules", "rules_reading", "views", "views_reading"]


@dataclass(frozen=True)
class View:
    key: str                        # schema-qualified like table keys (default schema: bare)
    statement: int                  # index of its CREATE statement
    materialized: bool
    tables: frozenset[str]          # keys of the tables and views it reads
    columns: frozenset[str]         # column names it names
    star: bool                      # selects * (or t.*)
    sql: str                        # its definition as written, on one line


class Views(dict[str, View]):
    """Views by key, with ``readers``: table key -> the views that read it (a schema's
    thousands of type hints each ask about one table)."""

    readers: dict[str, list[View]]


def views(catalog: Catalog, default_schema: str | None = "public") -> Views:
    """The views (by key) the input defines and has not dropped again."""
    from sqlglot import exp

    out = Views()
    for st in catalog.statements:
        kind = st.kind
        if kind not in VIEW_KINDS or st.error is not None:
            continue
        tree = st.tree
        if isinstance(tree, exp.Drop):
            for t in tree.args.get("tables") or ():
                if isinstance(t, exp.Table):
                    out.pop(_key(t, default_schema), None)
            continue
        if not isinstance(tree, exp.Create) or not isinstance(tree.this, exp.Table):
            continue
        query = tree.expression
        if query is None:
            continue
        ctes = {c.alias_or_name.lower() for c in query.find_all(exp.CTE)}
        tables = frozenset(k for t in query.find_all(exp.Table)
                           if (k := _key(t, default_schema)) not in ctes)
        columns, star = set(), False
        for node in query.find_all(exp.Column, exp.Star):
            if isinstance(node, exp.Star) or isinstance(node.this, exp.Star):
                star = True
            elif isinstance(node.this, exp.Identifier):
                columns.add(node.name if node.this.quoted else node.name.lower())
        key = _key(tree.this, default_schema)
        out[key] = View(key, st.index, kind == "CREATE MATERIALIZED VIEW", tables,
                        frozenset(columns), star, one_line(st.sql))
    out.readers = {}
    for v in out.values():
        for t in v.tables:
            out.readers.setdefault(t, []).append(v)
    return out


def one_line(sql: str) -> str:
    """``sql`` as written, on one line: its tokens (literals and quoted names exactly as
    they are) joined by one space where the text had space or a comment between them.
    (sqlglot's own SQL would do, but it rewrites functions it knows: Sakila's own
    group_concat aggregate came out as STRING_AGG.)"""
    from sqlglot.dialects.dialect import Dialect

    tokens = Dialect.get_or_raise("postgres").tokenize(sql)
    out: list[str] = []
    end = None
    for tok in tokens:
        if end is not None and tok.start > end + 1:
            out.append(" ")
        out.append(sql[tok.start:tok.end + 1])
        end = tok.end
    return "".join(out)


def views_reading(all_views: Views, table: str, column: str) -> list[View]:
    """The views that read ``column`` of ``table``, and the views built on those, in the
    order they were made."""
    readers = all_views.readers
    hit = {v.key for v in readers.get(table, ()) if v.star or column in v.columns}
    todo = list(hit)
    while todo:
        for v in readers.get(todo.pop(), ()):
            if v.key not in hit:
                hit.add(v.key)
                todo.append(v.key)
    return sorted((all_views[k] for k in hit), key=lambda v: v.statement)


@dataclass(frozen=True)
class Rule:
    """A postgres rewrite rule (``CREATE RULE r AS ON INSERT TO t ... DO INSTEAD ...``):
    PostgreSQL refuses a type change of a column it reads, as for a view (Sakila's
    payment partitions: 2 hints). sqlglot keeps it as text, so what it reads is known by
    its words: every name in it counts (a hint may drop a rule it need not)."""

    name: str
    table: str                      # the table it is ON
    statement: int
    words: frozenset[str]           # every name in its text, lower case
    sql: str                        # as written, on one line


def rules(catalog: Catalog, default_schema: str | None = "public") -> list[Rule]:
    """The rules the input creates and does not drop again, in the order made."""
    out: dict[tuple[str, str], Rule] = {}
    for st in catalog.statements:
        if st.kind not in ("CREATE RULE", "DROP RULE") or st.error is not None:
            continue
        m = (_CREATE_RULE if st.kind == "CREATE RULE" else _DROP_RULE).match(st.sql)
        if m is None:
            continue
        name, table = _ident(m.group(1)), _table(m.group(2), default_schema)
        if st.kind == "DROP RULE":
            out.pop((name, table), None)
            continue
        try:
            sql = one_line(st.sql)
        except TokenError:      # (raw text sqlglot cannot tokenize: not made again)
            continue
        out[(name, table)] = Rule(name, table, st.index, frozenset(
            w.lower() for w in _WORD.findall(st.sql)), sql)
    return list(out.values())


def rules_reading(all_rules: list[Rule], tables: set[str], column: str) -> list[Rule]:
    """The rules whose text names ``column`` and one of ``tables`` (a table and those
    that inherit from it, whose columns change with it)."""
    names = {t.rsplit(".", 1)[-1] for t in tables}
    return [r for r in all_rules if column.lower() in r.words
            and (r.table in tables or names & r.words)]


_NAME = r'(?:"(?:[^"]|"")+"|[\w$]+)'
_CREATE_RULE = LazyPattern(r"(?is)\s*CREATE\s+(?:OR\s+REPLACE\s+)?RULE\s+(" + _NAME +
                          r")\s+AS\s+ON\s+\w+\s+TO\s+(" + _NAME + r"(?:\s*\.\s*" + _NAME + r")?)")
_DROP_RULE = LazyPattern(r"(?is)\s*DROP\s+RULE\s+(?:IF\s+EXISTS\s+)?(" + _NAME +
                        r")\s+ON\s+(" + _NAME + r"(?:\s*\.\s*" + _NAME + r")?)")
_WORD = LazyPattern(r"[A-Za-z_][\w$]*")
_PART = LazyPattern(_NAME)


def _ident(text: str) -> str:
    text = text.strip()
    return text[1:-1].replace('""', '"') if text.startswith('"') else text.lower()


def _table(text: str, default_schema: str | None) -> str:
    parts = [_ident(p) for p in _PART.findall(text)]
    if len(parts) == 2 and parts[0] != default_schema:
        return f"{parts[0]}.{parts[1]}"
    return parts[-1]


def _key(t: Any, default_schema: str | None) -> str:
    """A table node's key as the catalog writes it: unquoted names in lower case, the
    default schema left out."""
    def norm(ident: Any) -> str:
        return ident.this if getattr(ident, "quoted", False) else str(ident.this).lower()

    name = norm(t.this) if t.this is not None else ""
    db = t.args.get("db")
    schema = norm(db) if db is not None else None
    return name if schema is None or schema == default_schema else f"{schema}.{name}"
