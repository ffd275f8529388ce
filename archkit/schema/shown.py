"""Tables and columns in schema findings as the schema writes them (index and constraint
names, each its own table's, are read directly: ``rules._support.shown_ix``, ``shown_name``).

SQL Server, SQLite and DuckDB keep a name as written (``Sales.SalesOrderHeader``) and
compare names without case, so the catalog keys them folded (``sales.salesorderheader``).
A finding's ``object`` stays the folded key (it is the finding's identity, the same
however the name is spelt), but its message and hint name the table as the user wrote
it: ``foreign key Sales.SalesOrderHeader(CreditCardID) -> Sales.CreditCard``.

A rule cannot simply look the spelling up: a finding about one table may name another
(its foreign key's target), and the incremental checker keeps a table's findings while
only another table changes; rules shared out to other processes see only part of the
catalog. So in these dialects a rule writes a *placeholder* for each name (``table``,
``column``, ``table_column`` ... below, which return the plain key elsewhere) and the
report fills them in from the catalog it ends with (:func:`fill`): the one place that
sees every table as it is now.

Placeholders: ``\\ue000KEY\\ue001`` a table, ``\\ue000KEY\\ue002COLUMN\\ue001`` one of
its columns; with ``\\ue003`` instead of ``\\ue000`` the name is quoted for the dialect
where it needs to be (hints: SQL; ``sql_t``, ``sql_c``, ``sql_cs`` in
archkit.schema.rules._support write those). A key the catalog does not know is shown as
the schema before the migrations under review writes it, if there is one (``--since``),
else as the input wrote it before dropping or renaming it (``Catalog.gone``), else as it
is (a missing foreign key target).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from archkit.findings import Finding
from archkit.lazyre import LazyPattern

__all__ = ["column", "columns", "fill", "table", "table_column", "written_table"]

_NAME, _SQL, _COL, _END = "\ue000", "\ue003", "\ue002", "\ue001"
_MARK = LazyPattern("([\ue000\ue003])([^\ue001\ue002]*)(?:\ue002([^\ue001]*))?\ue001")


def _marks(ctx: Any) -> bool:
    d = ctx.dialect
    return d is not None and d.fold_quoted


# (the first two are called for most findings: no call inside)
def table(ctx: Any, key: str) -> str:
    """Table ``key`` as written, for a message."""
    d = ctx.dialect
    return f"{_NAME}{key}{_END}" if d is not None and d.fold_quoted else key


def column(ctx: Any, key: str, name: str) -> str:
    """Column ``name`` of table ``key`` as written, for a message."""
    d = ctx.dialect
    return f"{_NAME}{key}{_COL}{name}{_END}" if d is not None and d.fold_quoted else name


def table_column(ctx: Any, key: str, name: str) -> str:
    """``table.column`` as written, for a message."""
    if not _marks(ctx):
        return f"{key}.{name}"
    return f"{_NAME}{key}{_END}.{_NAME}{key}{_COL}{name}{_END}"


def columns(ctx: Any, key: str, names: Iterable[str], sep: str = ", ") -> str:
    """Columns of table ``key`` as written, joined by ``sep``, for a message."""
    if not _marks(ctx):
        return sep.join(names)
    return sep.join([f"{_NAME}{key}{_COL}{n}{_END}" for n in names])


def written_table(t: Any) -> str:
    """A catalog table's qualified name as written (the schema's spelling too)."""
    name = t.original or t.name
    schema = t.options.get("schema_as_written") or t.schema
    return f"{schema}.{name}" if schema else name


def fill(findings: Sequence[Finding], catalog: Any, dialect: Any) -> list[Finding]:
    """``findings`` with their placeholders filled in from ``catalog`` (a new list; the
    findings without placeholders are the same objects)."""
    if dialect is None or not dialect.fold_quoted:
        return list(findings)
    tables = catalog.tables
    # (a table or column the input drops is found in the schema before the migrations
    # under review, when there is one: --since)
    before = getattr(catalog, "before", None)
    earlier = before.tables if before is not None else {}
    gone = catalog.gone      # (else what the input dropped or renamed, as it was written)
    quote = _quoter(catalog, dialect)
    memo: dict[tuple[str, str, str | None], str] = {}

    def named(m: re.Match[str]) -> str:
        key = (m[1], m[2], m[3])
        hit = memo.get(key)
        if hit is None:
            t = tables.get(m[2]) or earlier.get(m[2])
            if m[3] is None:
                text = written_table(t) if t is not None else gone.get((m[2], None), m[2])
            else:
                c = t.columns.get(m[3]) if t is not None else None
                if c is None and m[2] in earlier:
                    c = earlier[m[2]].columns.get(m[3])
                text = (c.original or c.name) if c is not None else \
                    gone.get((m[2], m[3]), m[3])
            hit = memo[key] = quote(text) if m[1] == _SQL else text
        return hit

    out = []
    for f in findings:
        message, hint = f.message, f.hint
        marked_message = _END in message
        marked_hint = hint is not None and _END in hint
        if marked_message or marked_hint:
            f = replace(f, message=_MARK.sub(named, message) if marked_message else message,
                        hint=_MARK.sub(named, hint) if marked_hint else hint)
        out.append(f)
    return out


def _quoter(catalog: Any, dialect: Any) -> Any:
    from types import SimpleNamespace

    from archkit.schema.rules._support import quoter

    return quoter(SimpleNamespace(catalog=catalog, dialect=dialect))
