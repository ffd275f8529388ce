"""Identity and sequence-backed columns as pg_dump (and Rails' structure.sql) write them.

pg_dump never writes ``serial`` or an inline ``GENERATED ... AS IDENTITY``: it creates
the table with ``id integer NOT NULL`` and then either

- ``ALTER TABLE t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME ...)``
  (an identity column), which sqlglot keeps as raw text, or
- ``CREATE SEQUENCE t_id_seq ...; ALTER SEQUENCE t_id_seq OWNED BY t.id;``
  ``ALTER TABLE t ALTER COLUMN id SET DEFAULT nextval('t_id_seq'::regclass)``
  (what ``serial`` expands to).

This module reads the first form (:func:`identity_change`) and recognises the default of
the second (:func:`nextval_sequence`), so the catalog knows such columns as identity and
serial columns, as it knows the forms written by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from archkit.lazyre import LazyPattern

__all__ = ["SEQUENCE_KINDS", "IdentityChange", "SequenceOwner", "identity_change",
           "nextval_sequence", "sequence_key", "sequence_of_default", "sequence_owner",
           "serial_default", "serial_sequence_name"]

# statement kinds (parse.classify) that may say which column owns a sequence
SEQUENCE_KINDS = frozenset({"CREATE SEQUENCE", "ALTER SEQUENCE"})

_IDENT = r'(?:"(?:[^"]|"")*"|[\w$]+)'
_NAME = _IDENT + r"(?:\s*\.\s*" + _IDENT + r"){0,2}"
_IDENTITY_ALTER = LazyPattern(
    r"(?is)\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(" + _NAME + r")(?:\s*\*)?\s+"
    r"ALTER\s+(?:COLUMN\s+)?(" + _IDENT + r")\s+"
    r"(?:(?P<add>ADD\s+GENERATED\s+(?:ALWAYS|BY\s+DEFAULT)\s+AS\s+IDENTITY"
    r"(?:\s*\((?:[^()']|'[^']*')*\))?)"
    r"|(?P<drop>DROP\s+IDENTITY(?:\s+IF\s+EXISTS)?)"
    # SET GENERATED ..., SET <sequence option>, RESTART: the column stays an identity
    r"|(?P<keep>(?:(?:SET\s+GENERATED\s+(?:ALWAYS|BY\s+DEFAULT)|SET\s+(?:INCREMENT|START|"
    r"MINVALUE|MAXVALUE|NO\s+MINVALUE|NO\s+MAXVALUE|CACHE|CYCLE|NO\s+CYCLE)\b[^;]*?|"
    r"RESTART(?:\s+(?:WITH\s+)?[-+]?\d+)?)\s*)+))\s*;?\s*\Z")


@dataclass(frozen=True, slots=True)
class IdentityChange:
    """``ALTER TABLE table ALTER COLUMN column ADD GENERATED ... / DROP IDENTITY / SET
    GENERATED ...``: ``identity`` is True (added), False (dropped) or None (its sequence
    options changed; the column stays what it is)."""

    table: str            # as written, possibly qualified and quoted
    column: str           # as written, possibly quoted
    identity: bool | None


def identity_change(sql: str) -> IdentityChange | None:
    """The identity change an ALTER TABLE statement makes, or None when it is not one
    (or changes something else too)."""
    upper = sql.upper()
    if "IDENTITY" not in upper and "GENERATED" not in upper and "RESTART" not in upper:
        return None
    m = _IDENTITY_ALTER.match(sql)
    if m is None:
        return None
    identity = True if m.group("add") else (False if m.group("drop") else None)
    return IdentityChange(m.group(1), m.group(2), identity)


_OWNED_BY = LazyPattern(
    r"(?is)\s*(?:CREATE|ALTER)\s+(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?SEQUENCE\s+"
    r"(?:IF\s+(?:NOT\s+)?EXISTS\s+)?(" + _NAME + r")\b.*?\bOWNED\s+BY\s+"
    r"(NONE\b|" + _NAME + r")")


@dataclass(frozen=True, slots=True)
class SequenceOwner:
    """``ALTER SEQUENCE s OWNED BY t.c`` (or CREATE SEQUENCE ... OWNED BY): the column whose
    sequence it is (dropped with it), or None for ``OWNED BY NONE``."""

    sequence: str               # :func:`sequence_key` of the sequence
    table: str | None           # as written, possibly qualified and quoted
    column: str | None


def sequence_owner(sql: str) -> SequenceOwner | None:
    """The owner a CREATE / ALTER SEQUENCE statement gives its sequence, if it names one."""
    m = _OWNED_BY.match(sql)
    if m is None:
        return None
    owner = m.group(2)
    if owner.upper() == "NONE":
        return SequenceOwner(sequence_key(m.group(1)), None, None)
    parts = re.findall(_IDENT, owner)
    if len(parts) < 2:
        return None
    return SequenceOwner(sequence_key(m.group(1)), ".".join(parts[:-1]), parts[-1])


_SEQUENCE_RENAME = LazyPattern(
    r"(?is)\s*ALTER\s+SEQUENCE\s+(?:IF\s+EXISTS\s+)?(" + _NAME + r")\s+RENAME\s+TO\s+("
    + _IDENT + r")\s*;?\s*\Z")


def sequence_rename(sql: str) -> tuple[str, str] | None:
    """``ALTER SEQUENCE s RENAME TO n``: (:func:`sequence_key` of s, n as written)."""
    m = _SEQUENCE_RENAME.match(sql)
    return None if m is None else (sequence_key(m.group(1)), m.group(2))


def sequence_key(name: str) -> str:
    """A sequence's name for comparing: its last part, unquoted (case kept) or folded."""
    last = re.findall(_IDENT, name)[-1] if re.search(_IDENT, name) else name
    return last[1:-1].replace('""', '"') if last.startswith('"') else last.lower()


def nextval_sequence(node: Any) -> str | None:
    """The sequence a default expression draws from, for ``nextval('s')`` and
    ``nextval('s'::regclass)`` (a sqlglot node); None for any other expression."""
    if type(node).__name__ != "Anonymous":      # (before importing: most defaults)
        return None
    from sqlglot import exp

    if not isinstance(node, exp.Anonymous) or str(node.this).lower() != "nextval":
        return None
    args = node.expressions
    if len(args) != 1:
        return None
    arg = args[0]
    if isinstance(arg, exp.Cast):
        arg = arg.this
    return arg.this if isinstance(arg, exp.Literal) and arg.is_string else None


def serial_sequence_name(table: str, column: str) -> str:
    """The name postgres gives the sequence of ``table.column serial``: ``t_c_seq``, cut
    to 63 bytes as postgres cuts it (:func:`~archkit.schema.autonames.pg_object_name`)."""
    from archkit.schema.autonames import pg_object_name

    return pg_object_name(table, column, "seq")


def created_sequence(table: Any, column: str) -> str:
    """The sequence postgres made for serial ``column`` of catalog table ``table`` when
    the table was made: named after the names the table and the column had then (Harbor's
    registry, created as replication_target, owns replication_target_id_seq; scout Q)."""
    made = str(table.options.get("created_as") or table.name).rpartition(".")[2]
    col_as = (table.options.get("serial_created_as") or {}).get(column, column)
    return serial_sequence_name(made, col_as)


def serial_default(node: Any, table: str, column: str) -> bool:
    """A default that is what ``serial`` expands to: ``nextval`` of the sequence postgres
    would have made for this column (pg_dump writes serial columns so). A sequence of
    another name may be shared by several tables, which one identity cannot replace."""
    seq = nextval_sequence(node)
    return seq is not None and sequence_key(seq) == serial_sequence_name(table, column)


_NEXTVAL_SQL = LazyPattern(r"(?is)\s*nextval\s*\(\s*(?:CAST\s*\(\s*)?'((?:[^']|'')*)'")


def sequence_of_default(default: str | None) -> str | None:
    """The sequence named by a column default's SQL text (``Column.default``) when it is
    a ``nextval(...)`` call."""
    if not default:
        return None
    m = _NEXTVAL_SQL.match(default)
    return m.group(1).replace("''", "'") if m else None
