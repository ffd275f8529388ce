"""Named column types: postgres ``CREATE DOMAIN`` and SQL Server alias types
(``CREATE TYPE Name FROM nvarchar(50) NOT NULL``).

sqlglot keeps both as raw text, so a column declared ``amount positive_amount`` or
``[Name] [Name]`` had no type the rules could judge (a float money column behind an
alias passed AK-TY004; an ``int`` key behind a domain passed AK-PK003). archkit reads the
definition itself: the name, the underlying type (parsed by sqlglot as a type) and
whether it forbids NULL. Once every statement is read, each column of such a type gets
the underlying type (``Column.type``, ``params``) and the type's name in
``Column.domain``; ``raw_type`` stays as written, so diagrams and messages show the name
the schema uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from archkit.lazyre import LazyPattern
from archkit.schema.model import Catalog, Position

__all__ = ["TYPE_KINDS", "Domain", "DomainDef", "dropped_types", "read_domain", "reads_type",
           "resolve_domains", "type_keys"]

# statement kinds (parse.classify) that define or drop a named column type
TYPE_KINDS = frozenset({"CREATE DOMAIN", "CREATE TYPE", "DROP DOMAIN", "DROP TYPE"})

# a column type with a character set (mysql): char, varchar, text, enum, set ...
TEXT_TYPE = LazyPattern(r"(?i)char|text|enum|set\b")

_NAME = r'(?:"[^"]*"|\[[^\]]*\]|`[^`]*`|[\w$#@]+)(?:\s*\.\s*(?:"[^"]*"|\[[^\]]*\]|`[^`]*`|[\w$#@]+))?'
_PG_DOMAIN = LazyPattern(
    r"(?is)\s*CREATE\s+DOMAIN\s+(?:IF\s+NOT\s+EXISTS\s+)?(" + _NAME + r")\s+(?:AS\s+)?(.*?)\s*;?\s*\Z")
_TSQL_ALIAS = LazyPattern(
    r"(?is)\s*CREATE\s+TYPE\s+(" + _NAME + r")\s+FROM\s+(.*?)\s*;?\s*\Z")
_DROP = LazyPattern(
    r"(?is)\s*DROP\s+(?:DOMAIN|TYPE)\s+(?:IF\s+EXISTS\s+)?(" + _NAME + r"(?:\s*,\s*" + _NAME + r")*)")
# where a domain's type ends: its clauses (postgres)
_CLAUSE = LazyPattern(r"(?i)\s+(?:COLLATE|DEFAULT|CONSTRAINT|NOT\s+NULL|NULL|CHECK)\b")
_NOT_NULL = LazyPattern(r"(?i)\bNOT\s+NULL\b")
_PARENS = LazyPattern(r"\([^()]*\)")


@dataclass(frozen=True)
class DomainDef:
    """A definition as written: the type's name, its underlying type's SQL, NOT NULL."""

    name: str
    type_sql: str
    not_null: bool


@dataclass(frozen=True)
class Domain:
    """A named type in the catalog: the underlying type as archkit normalises it."""

    name: str                           # as written (without quotes)
    raw_type: str                       # the underlying type as written, e.g. "numeric(12,2)"
    type: str                           # archkit's base type of it, e.g. "decimal"
    params: tuple[str, ...]
    not_null: bool
    statement: int = -1
    pos: Position = field(default_factory=Position)


# SQL Server's older form: EXEC sp_addtype tid, 'varchar(6)', 'NOT NULL' (pubs)
SP_ADDTYPE = LazyPattern(
    r"(?is)\s*EXEC(?:UTE)?\s+(?:\[?\w+\]?\s*\.\s*)*\[?sp_addtype\]?\s+"
    r"(?:@typename\s*=\s*)?N?'?(\[[^\]]+\]|[\w$#@]+)'?\s*,\s*(?:@phystype\s*=\s*)?N?'([^']+)'"
    r"(?:\s*,\s*(?:@nulltype\s*=\s*)?N?'([^']*)')?\s*;?\s*\Z")


def read_domain(sql: str) -> DomainDef | None:
    """The definition in a ``CREATE DOMAIN``, ``CREATE TYPE ... FROM`` or ``EXEC
    sp_addtype`` statement, or None (another statement, or a type archkit cannot read)."""
    added = SP_ADDTYPE.match(sql)
    if added is not None:
        null = (added.group(3) or "").strip().upper()
        return DomainDef(_unquote(added.group(1)), added.group(2).strip(),
                         null.replace(" ", "") == "NOTNULL")
    m = _PG_DOMAIN.match(sql)
    if m is not None:
        rest = m.group(2)
        cut = _CLAUSE.search(" " + rest)
        type_sql = (rest if cut is None else (" " + rest)[:cut.start()]).strip()
        clauses = "" if cut is None else (" " + rest)[cut.start():]
        while True:                      # NOT NULL inside CHECK (VALUE IS NOT NULL) is
            bare = _PARENS.sub("", clauses)    # a check, not the domain's NOT NULL
            if bare == clauses:
                break
            clauses = bare
        not_null = _NOT_NULL.search(clauses) is not None
    else:
        m = _TSQL_ALIAS.match(sql)
        if m is None:
            return None
        rest = m.group(2)
        nn = re.search(r"(?i)\s+(NOT\s+)?NULL\s*\Z", rest)
        type_sql = rest[:nn.start()].strip() if nn else rest.strip()
        # SSMS writes the base type bracketed: [nvarchar](16), [sys].[int]
        type_sql = re.sub(r"^(?:\[sys\]\s*\.\s*)?\[([^\]]+)\]", r"\1", type_sql)
        not_null = bool(nn and nn.group(1))
    if not type_sql:
        return None
    return DomainDef(_unquote(m.group(1)), type_sql, not_null)


def dropped_types(sql: str) -> list[str]:
    """The names a ``DROP DOMAIN`` / ``DROP TYPE`` statement drops (as written)."""
    m = _DROP.match(sql)
    if m is None:
        return []
    return [_unquote(n) for n in re.findall(_NAME, m.group(1))]


def reads_type(kind: str, sql: str) -> bool:
    """Whether archkit reads this statement (of a kind in TYPE_KINDS) as a named type's
    definition or drop, which the parser keeps as raw text."""
    if kind.startswith("DROP"):
        return bool(dropped_types(sql))
    return read_domain(sql) is not None


def _unquote(name: str) -> str:
    parts = re.findall(r'"([^"]*)"|\[([^\]]*)\]|`([^`]*)`|([\w$#@]+)', name)
    return ".".join(next(p for p in groups if p) for groups in parts)


def type_keys(name: str, fold: Any, default_schema: str | None) -> list[str]:
    """The keys a type is found by: its folded name, qualified and not (a column may
    write ``public.year`` or ``year``, ``[dbo].[Name]`` or ``Name``)."""
    parts = [fold(p) for p in _unquote(name).split(".")]
    keys = [".".join(parts)]
    if len(parts) == 2 and (default_schema is None or parts[0] == fold(default_schema)):
        keys.append(parts[1])
    return keys


def resolve_domains(catalog: Catalog, fold: Any, default_schema: str | None,
                    enforced_not_null: bool, tables: Any = None) -> None:
    """Give every column typed with one of ``catalog.domains`` its underlying type.

    Columns are replaced, not changed in place: they may be shared with cached
    fragments of the statements that made them. ``enforced_not_null``: a NOT NULL
    domain forbids NULL in its columns whatever they say (postgres); a SQL Server
    alias's NOT NULL is only the default of a column that says neither NULL nor NOT NULL
    (``table.options["null_unsaid"]``)."""
    domains = catalog.domains
    for t in (catalog.tables.values() if tables is None else tables):
        for name, c in list(t.columns.items()):
            if c.type != "user-defined" or c.domain is not None:
                continue
            d = None
            for key in type_keys(c.raw_type, fold, default_schema):
                d = domains.get(key)
                if d is not None:
                    break
            if d is None:
                continue
            # (a SQL Server alias's NOT NULL: the default of a column that says neither)
            unsaid = name in t.options.get("null_unsaid", ())
            t.columns[name] = replace(
                c, type=d.type, params=c.params or d.params, domain=d.name,
                nullable=False if d.not_null and (enforced_not_null or unsaid) else c.nullable)
