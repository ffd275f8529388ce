"""The names engines give constraints and indexes that were declared without one.

A migration drops such a constraint by the name the engine chose:
``ALTER TABLE sso_users DROP CONSTRAINT sso_users_user_uuid_fkey`` (postgres),
``ALTER TABLE sessions DROP FOREIGN KEY sessions_ibfk_1`` or ``DROP INDEX token``
(MySQL). The catalog holds those constraints without a name, so it needs the engine's
rule to know which one goes:

- postgres (``ChooseConstraintName`` / ``makeObjectName``): ``<table>_pkey``,
  ``<table>_<columns>_key`` (UNIQUE), ``<table>_<columns>_fkey``, ``<table>_<column>_check``
  (a CHECK on one column; ``<table>_check`` otherwise), ``<table>_<columns>_idx`` (an index);
  the longer of table and columns is cut until the name fits 63 bytes, and a name
  already taken gets ``1``, ``2`` ... appended;
- MySQL / MariaDB (InnoDB): ``<table>_ibfk_<n>`` for foreign keys, numbered in order, and
  an index or UNIQUE key is named after its first column (``<column>_2`` ... when taken).

SQL Server and Oracle name them with generated numbers (``PK__t__3213E83F...``,
``SYS_C0012345``) no script can know in advance; they are not matched.
"""

from __future__ import annotations

from typing import Any

from archkit.schema.model import Table

__all__ = ["engine_names", "name_of", "pg_object_name"]

_PG_NAME_BYTES = 63          # NAMEDATALEN - 1


def pg_object_name(name1: str, name2: str | None, label: str) -> str:
    """postgres's ``makeObjectName``: ``name1_name2_label``, the longer of the two names
    cut (by bytes) until the whole fits 63 bytes."""
    a = name1.encode()
    b = name2.encode() if name2 else b""
    overhead = len(label) + 1 + (1 if name2 else 0)
    while len(a) + len(b) > _PG_NAME_BYTES - overhead:
        if len(a) > len(b):
            a = a[:-1]
        else:
            b = b[:-1]
    parts = [a.decode(errors="ignore")]
    if name2:
        parts.append(b.decode(errors="ignore"))
    return "_".join([*parts, label])


def _pg_choose(name1: str, name2: str | None, label: str, taken: set[str]) -> str:
    """``ChooseConstraintName``: the name, or with a number appended when taken."""
    name = pg_object_name(name1, name2, label)
    n = 0
    while name in taken:
        n += 1
        name = pg_object_name(name1, name2, f"{label}{n}")
    taken.add(name)
    return name


def _pg_names(table: Table) -> dict[str, Any]:
    # postgres names a constraint when it is made and keeps that name when the table is
    # renamed (PostgreSQL 15: comment_reply_pkey after RENAME TO notification; Lemmy):
    # the name of the CREATE TABLE (unnamed constraints added after a rename, rarer, would
    # have the new one)
    t = table.options.get("created_as") or table.name
    if "." in t:
        t = t.rsplit(".", 1)[1]
    taken = {c.name for c in (table.primary_key, *table.uniques, *table.foreign_keys,
                              *table.checks, *table.indexes) if c is not None and c.name}
    out: dict[str, Any] = {}
    pk = table.primary_key
    if pk is not None and not pk.name:
        out[_pg_choose(t, None, "pkey", taken)] = pk
    for u in table.uniques:
        if not u.name:
            out[_pg_choose(t, "_".join(u.columns), "key", taken)] = u
    for ix in table.indexes:
        if not ix.name:
            cols = "_".join("expr" if c.is_expression else c.expr for c in ix.columns)
            out[_pg_choose(t, cols, "idx", taken)] = ix
    for fk in table.foreign_keys:
        if not fk.name:
            out[_pg_choose(t, "_".join(fk.columns), "fkey", taken)] = fk
    for ck in table.checks:
        if not ck.name:
            cols = sorted(set(ck.columns))
            out[_pg_choose(t, cols[0] if len(cols) == 1 else None, "check", taken)] = ck
    return out


def _mysql_names(table: Table, inline_ignored: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {}
    n = 0
    for fk in table.foreign_keys:
        # (inline REFERENCES are ignored by MySQL; MariaDB 10.5+ makes them keys)
        if not fk.name and not (fk.inline and inline_ignored):
            n += 1
            out[f"{table.name}_ibfk_{n}".lower()] = fk
    taken = {"primary"} | {c.name.lower() for c in (*table.uniques, *table.indexes) if c.name}
    for key in (*table.uniques, *table.indexes):
        if key.name:
            continue
        cols = key.columns
        first = cols[0] if cols else None
        if first is None:
            continue
        first = first if isinstance(first, str) else (None if first.is_expression else first.expr)
        if first is None:
            continue
        name, i = first.lower(), 1
        while name in taken:
            i += 1
            name = f"{first.lower()}_{i}"
        taken.add(name)
        out[name] = key
    return out


def name_of(dialect: str, table: Table, obj: Any) -> str | None:
    """``obj``'s name (a key, constraint or index of ``table``): as written, else the one
    the engine gave it, else None (an engine whose names no script can know)."""
    name = getattr(obj, "name", None)
    if name:
        return name
    return next((k for k, v in engine_names(dialect, table).items() if v is obj), None)


def engine_names(dialect: str, table: Table) -> dict[str, Any]:
    """The name the engine gave each of ``table``'s unnamed constraints and indexes (the
    catalog's objects, by name: lower case for MySQL, whose index names ignore case)."""
    if dialect == "postgres":
        return _pg_names(table)
    if dialect in ("mysql", "mariadb"):
        return _mysql_names(table, dialect == "mysql")
    return {}
