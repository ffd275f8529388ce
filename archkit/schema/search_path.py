"""The schema a script switches to: ``SET search_path TO s`` (postgres), ``USE SCHEMA s``
(Snowflake), ``USE db`` (MySQL: a database is its schema), ``ALTER SESSION SET
CURRENT_SCHEMA = s`` (Oracle), ``USE s`` / ``SET schema = 's'`` (DuckDB).

Unqualified tables after such a statement are that schema's: Snowflake's sf-samples
create ORDERS in SF1, SF10, SF100 and SF1000 one after the other, which were one table
to the catalog. The statements after a switch are marked as in that schema
(``RawStatement.element_of``, as the elements of a ``CREATE SCHEMA``), which qualifies
their unqualified table names.

Two cases keep the names unqualified, as before: the first schema a file switches to
when the dialect has no default schema (every mysqldump starts with ``USE db``; the
Oracle scripts of one schema start with ``ALTER SESSION``), and the dialect's default
schema itself (``public``). Of a postgres path of several schemas (``SET search_path
TO app, public``) the first is taken: CREATE TABLE puts a table there, and a reference
is most often to a table of it (one to a table of a later schema is then read as one
of the first: the engine looks the name up at run time).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from archkit.lazyre import LazyPattern

__all__ = ["SWITCHING", "follow_schema_switches", "schema_switch"]

_IDENT = r'(?:"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[\w$]+)'
_PG_SET = LazyPattern(
    r"(?is)\s*SET\s+(?:SESSION\s+|LOCAL\s+)?search_path\s*(?:TO|=)\s*(.*?)\s*;?\s*\Z")
_PG_SET_CONFIG = LazyPattern(
    r"(?is)\s*SELECT\s+(?:pg_catalog\s*\.\s*)?set_config\s*\(\s*'search_path'\s*,\s*'([^']*)'")
_PG_RESET = LazyPattern(r"(?is)\s*RESET\s+search_path\s*;?\s*\Z")
_USE_SCHEMA = LazyPattern(r"(?is)\s*USE\s+SCHEMA\s+(" + _IDENT + r"(?:\s*\.\s*" + _IDENT
                         + r")?)\s*;?\s*\Z")
_USE = LazyPattern(r"(?is)\s*USE\s+(?:DATABASE\s+)?(" + _IDENT + r"(?:\s*\.\s*" + _IDENT
                  + r")?)\s*;?\s*\Z")
_USE_DATABASE = LazyPattern(r"(?is)\s*USE\s+DATABASE\b")
_ORACLE = LazyPattern(r"(?is)\s*ALTER\s+SESSION\s+SET\s+CURRENT_SCHEMA\s*=\s*(" + _IDENT
                     + r")\s*;?\s*\Z")
_DUCK_SET = LazyPattern(r"(?is)\s*SET\s+(?:schema|search_path)\s*(?:=|TO)\s*'([^']*)'\s*;?\s*\Z")
_PARTS = LazyPattern(_IDENT)
_NONE = ""            # a switch back to the default: no schema to qualify with


def _last(name: str) -> str:
    return _PARTS.findall(name)[-1]


def _single_path(value: str) -> str:
    """The first schema of a search path value (quotes kept), where CREATE TABLE puts a
    table; ``_NONE`` for the default or an empty path."""
    items = [v.strip() for v in re.split(r"\s*,\s*", value.strip().strip("'")) if v.strip()]
    items = [v for v in items if v.strip("'\"").lower() not in ("$user", "pg_catalog")]
    if not items or items[0].upper() == "DEFAULT":
        return _NONE
    return items[0].strip("'")


def schema_switch(sql: str, dialect: str) -> str | None:
    """The schema (as written) a statement switches to, ``""`` for a switch back to the
    default, None when the statement is no switch (or one not followed)."""
    head = sql[:4].upper()
    if dialect in ("postgres", "redshift"):
        if head.startswith("SET"):
            m = _PG_SET.match(sql)
            return _single_path(m.group(1)) if m else None
        if head == "RESE":
            return _NONE if _PG_RESET.match(sql) else None
        if head == "SELE" and "search_path" in sql:
            m = _PG_SET_CONFIG.match(sql)
            return _single_path(m.group(1)) if m else None
        return None
    if dialect == "snowflake" and head.startswith("USE"):
        m = _USE_SCHEMA.match(sql)
        if m:
            return _last(m.group(1))
        # USE [DATABASE] db: that database's PUBLIC schema (USE ROLE / WAREHOUSE: no
        # switch)
        m = _USE.match(sql)
        if m and (_USE_DATABASE.match(sql) or m.group(1).upper() not in ("ROLE", "WAREHOUSE")):
            return _NONE if "." not in m.group(1) else _last(m.group(1))
        return None
    if dialect in ("mysql", "mariadb") and head.startswith("USE"):
        m = _USE.match(sql)
        return _last(m.group(1)) if m else None
    if dialect == "duckdb":
        if head.startswith("USE"):
            m = _USE.match(sql)
            return _last(m.group(1)) if m else None
        if head.startswith("SET"):
            m = _DUCK_SET.match(sql)
            return _single_path(m.group(1)) if m else None
        return None
    if dialect == "oracle" and head == "ALTE":
        m = _ORACLE.match(sql)
        return m.group(1) if m else None
    return None


_HEADS = ("SET", "USE", "RES", "SEL", "ALT")


# words one of which a file that switches schema has (a literal search: 0.1 ms a MB)
_WORDS = {"postgres": ("search_path", "SEARCH_PATH"),
          "snowflake": ("USE", "use", "Use"), "mysql": ("USE", "use", "Use"),
          "duckdb": ("USE", "use", "Use", "schema", "SCHEMA", "search_path", "SEARCH_PATH"),
          "oracle": ("CURRENT_SCHEMA", "current_schema", "Current_Schema")}
_WORDS["redshift"] = _WORDS["postgres"]
_WORDS["mariadb"] = _WORDS["mysql"]
SWITCHING = frozenset(_WORDS)        # the dialects whose scripts switch schema


def follow_schema_switches(out: list[Any], dialect: str, default_schema: str | None,
                           text: str) -> list[Any]:
    """``out`` (the split statements of ``text``, one file) with each statement after a schema switch
    marked as in that schema (see the module's note)."""
    if dialect not in SWITCHING or not any(w in text for w in _WORDS[dialect]):
        return out
    current: str | None = None
    home: str | None = None
    if dialect == "snowflake":
        default_schema = "public"     # (a database's schema before any USE SCHEMA)
    default = (default_schema or "").lower()
    result = out
    if default_schema is None:
        # the file's own schema (the first it switches to), whose tables are named
        # unqualified: a name qualified with it is the same table, before the USE as after
        # it (Workbench writes CREATE TABLE mydb.t, USE mydb, then ALTER TABLE t; they were
        # two tables, and the ALTER a migration of one the input did not create; scout W)
        first = next((t for raw in out if raw.sql[:3].upper() in _HEADS
                      and (t := schema_switch(raw.sql, dialect)) is not None), None)
        written = (first or "").strip('"`[]')
        if written:
            home = written.lower()
            result = [replace(raw, home=written) for raw in out]
    for i, raw in enumerate(out):
        sql = raw.sql
        if sql[:3].upper() in _HEADS:
            target = schema_switch(sql, dialect)
            if target is not None:
                bare = target.strip('"`[]').lower()
                if not target or bare == default or bare == home:
                    current = None        # (home: names stay unqualified)
                else:
                    current = target
                continue
        if current is not None and raw.element_of is None:
            if result is out:
                result = list(out)
            result[i] = replace(result[i], element_of=current)
    return result
