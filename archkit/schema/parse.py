"""Read SQL files, split them into statements and parse each one with sqlglot at
``ErrorLevel.RAISE``.

One bad statement becomes a :class:`~archkit.schema.model.ParseProblem` on its
:class:`~archkit.schema.model.Statement` (AK-SQL001, at the start of the offending
token: sqlglot reports the column of its *end*), and the rest is still analysed.
Statements sqlglot keeps as raw text (``exp.Command``) are flagged ``raw`` (AK-SQL002)
and classified by their leading keywords so migration rules still see them.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archkit.errors import InputError
from archkit.schema.dialects import Dialect, get_dialect
from archkit.schema.model import ParseProblem, Statement
from archkit.schema.split import LineIndex, RawStatement, split_sql

__all__ = ["SqlSource", "read_sources", "parse_sql", "parse_statement", "classify",
           "MAX_FILE_BYTES"]

MAX_FILE_BYTES = 64 * 1024 * 1024   # larger inputs are refused with a clear message

logging.getLogger("sqlglot").setLevel(logging.ERROR)   # "falling back to Command" noise


@dataclass(frozen=True)
class SqlSource:
    """One input text and where it came from (``path`` None: a string given in Python)."""

    text: str
    path: str | None = None


def read_sources(paths: Iterable[str | os.PathLike[str]]) -> list[SqlSource]:
    """Read SQL files in file-name order; bad files are InputErrors naming the file."""
    files = sorted((Path(p) for p in paths), key=lambda p: (p.name, str(p)))
    if not files:
        raise InputError("no SQL files given")
    out = []
    for p in files:
        if not p.exists():
            raise InputError("no such file", p)
        if p.is_dir():
            raise InputError("is a directory: give the .sql files in it (e.g. schema/*.sql)", p)
        try:
            size = p.stat().st_size
            if size > MAX_FILE_BYTES:
                raise InputError(f"file is {size / 1e6:.0f} MB: archkit reads SQL files up to "
                                 f"{MAX_FILE_BYTES // (1024 * 1024)} MB", p)
            data = p.read_bytes()
        except PermissionError:
            raise InputError("permission denied", p) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", p) from None
        out.append(SqlSource(decode_sql(data, str(p)), str(p)))
    return out


def decode_sql(data: bytes, path: str | None = None) -> str:
    """UTF-8 text (a BOM is dropped); binary data is an InputError with its position."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _byte_pos(data, nul)
        raise InputError("binary data (a NUL byte), not SQL text", path, line, col)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _byte_pos(data, exc.start)
        raise InputError(f"not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                         "save the file as UTF-8", path, line, col) from None
    return text


def _byte_pos(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


# -- statement kinds -----------------------------------------------------------------
_MODIFIERS = {"OR", "REPLACE", "ALTER", "UNIQUE", "TEMP", "TEMPORARY", "GLOBAL", "LOCAL",
              "UNLOGGED", "MATERIALIZED", "RECURSIVE", "CLUSTERED", "NONCLUSTERED", "FULLTEXT",
              "SPATIAL", "BITMAP", "TRANSIENT", "VOLATILE", "SECURE", "EXTERNAL", "FOREIGN",
              "CONSTRAINT", "DEFINER", "ONLINE", "OFFLINE", "IGNORE", "AGGREGATE", "TRUSTED",
              "EDITIONABLE", "NONEDITIONABLE", "FORCE", "NOFORCE", "VIRTUAL"}
_TWO_WORD = {"CREATE", "ALTER", "DROP", "COMMENT", "TRUNCATE", "GRANT", "REVOKE", "RENAME"}
_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*|\S")
_LEAD_NOISE = re.compile(r"(?:\s+|--[^\n]*|/\*.*?\*/)*", re.DOTALL)


def classify(sql: str) -> str:
    """The statement's kind by its keywords: "CREATE TABLE", "ALTER TABLE", "SET" ..."""
    pos = _LEAD_NOISE.match(sql).end()  # type: ignore[union-attr]
    words = []
    for m in _WORD.finditer(sql, pos):
        words.append(m.group().upper())
        if len(words) > 8:
            break
    if not words:
        return "EMPTY"
    first = words[0]
    if first == "(":
        return "SELECT"
    if first in ("COMMENT",):
        return "COMMENT"
    if first not in _TWO_WORD:
        return first
    rest = words[1:]
    i = 0
    while i < len(rest) and (rest[i] in _MODIFIERS or rest[i] == "=" or
                             (i > 0 and rest[i - 1] in ("=", "DEFINER"))):
        i += 1
    if i < len(rest) and rest[i] == "IF":
        i += 1
    obj = rest[i] if i < len(rest) else ""
    if obj == "TYPE" and i + 1 < len(rest) and rest[i + 1] == "BODY":
        obj = "TYPE BODY"
    if obj in ("TABLESPACE", "SCHEMA", "DATABASE", "TABLE", "INDEX", "VIEW", "SEQUENCE",
               "FUNCTION", "PROCEDURE", "TRIGGER", "TYPE", "DOMAIN", "EXTENSION", "ROLE",
               "USER", "EVENT", "PACKAGE", "TYPE BODY", "POLICY", "RULE", "COLLATION",
               "PUBLICATION", "SUBSCRIPTION", "STAGE", "STREAM", "TASK", "WAREHOUSE",
               "SYNONYM", "MATERIALIZED", "KEY", "PROC", "COLUMN", "SERVER", "DATASET"):
        return f"{first} {obj}"
    return first


# -- parsing ---------------------------------------------------------------------------
def parse_sql(text: str, dialect: str | Dialect = "postgres", path: str | None = None,
              first_index: int = 0, workers: int | None = None) -> list[Statement]:
    """Split ``text`` and parse every statement (see :func:`parse_statement`)."""
    facts = dialect if isinstance(dialect, Dialect) else get_dialect(dialect)
    lines = LineIndex(text)
    raws = split_sql(text, facts.name, lines)
    return [parse_statement(r, facts, path, first_index + i, lines) for i, r in enumerate(raws)]


def statement_suppressions(raw: RawStatement, path: str | None = None) -> list[Any]:
    """``archkit: ignore[...]`` markers above the statement, in it, or after it on its last line."""
    from archkit.suppress import Suppression, find_markers

    out = []
    for text, first in ((raw.lead, raw.lead_line), (raw.sql, raw.line), (raw.trailer, raw.end_line)):
        if text and "archkit" in text:
            for s in find_markers(text, first - 1):
                out.append(Suppression(s.rules, s.reason, s.line, min(s.line, raw.line),
                                       raw.end_line))
    return out


def parse_statement(raw: RawStatement, dialect: Dialect, path: str | None, index: int,
                    lines: LineIndex | None = None) -> Statement:
    """Parse one statement at ErrorLevel.RAISE; never raises for bad SQL."""
    stmt = Statement(index=index, sql=raw.sql, path=path, line=raw.line, col=raw.col,
                     end_line=raw.end_line, kind=classify(raw.sql))
    stmt.offset = raw.start  # type: ignore[attr-defined]
    if "archkit" in raw.lead or "archkit" in raw.sql or "archkit" in raw.trailer:
        stmt.suppressions = statement_suppressions(raw, path)
    tree, raw_text, problem = parse_text(raw.sql, dialect, raw)
    stmt.tree, stmt.raw, stmt.error = tree, raw_text, problem
    if problem is not None:
        stmt.error = _to_file_position(problem, raw)
    return stmt


def parse_text(sql: str, dialect: Dialect, raw: RawStatement | None = None
               ) -> tuple[Any, bool, ParseProblem | None]:
    """(tree, kept as raw text, problem with a position *inside* ``sql``)."""
    from sqlglot import exp
    from sqlglot.errors import ErrorLevel, ParseError, TokenError

    d = _sqlglot_dialect(dialect.sqlglot or dialect.name)
    if raw is not None and raw.unterminated is not None:
        at, what = raw.unterminated
        rel = at - raw.start
        line = sql.count("\n", 0, rel) + 1
        col = rel - (sql.rfind("\n", 0, rel) + 1) + 1
        return None, False, ParseProblem(f"unterminated {what} (it runs to the end of the input)",
                                         line, col)
    try:
        tokens = d.tokenize(sql)
    except TokenError as exc:
        line, col = _offset_to_line_col(sql, exc.start or 0)
        return None, False, ParseProblem(f"cannot tokenize: {exc}", line, col)
    except Exception as exc:  # sqlglot bug on odd input: report, never crash
        return None, False, ParseProblem(f"cannot tokenize: {type(exc).__name__}: {exc}", 1, 1)
    try:
        trees = d.parser(error_level=ErrorLevel.RAISE).parse(tokens, sql)
    except ParseError as exc:
        return None, False, _parse_problem(exc, tokens, sql)
    except RecursionError:
        return None, False, ParseProblem("statement is nested too deeply to parse", 1, 1)
    except Exception as exc:
        return None, False, ParseProblem(f"cannot parse: {type(exc).__name__}: {exc}", 1, 1)
    trees = [t for t in trees if t is not None]
    if not trees:
        return None, False, None
    tree = trees[0]
    if isinstance(tree, exp.Command):
        return tree, True, None
    return tree, False, None


_DIALECT_CACHE: dict[str, Any] = {}


def _sqlglot_dialect(name: str) -> Any:
    d = _DIALECT_CACHE.get(name)
    if d is None:
        from sqlglot.dialects.dialect import Dialect as SqlglotDialect
        d = _DIALECT_CACHE[name] = SqlglotDialect.get_or_raise(name)
    return d


def _offset_to_line_col(sql: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(sql)))
    line = sql.count("\n", 0, offset) + 1
    return line, offset - (sql.rfind("\n", 0, offset) + 1) + 1


def _parse_problem(exc: Any, tokens: Sequence[Any], sql: str) -> ParseProblem:
    errors = getattr(exc, "errors", None) or []
    if not errors:
        return ParseProblem(str(exc).splitlines()[0] if str(exc) else "syntax error", 1, 1)
    err = errors[0]
    message = err.get("description") or "syntax error"
    highlight = err.get("highlight") or ""
    line, col = err.get("line"), err.get("col")
    if line is None or col is None:
        return ParseProblem(message, 1, 1)
    # sqlglot's column is the token's END: find the token to report its start
    for tok in tokens:
        if tok.line == line and tok.col == col:
            line, col = _offset_to_line_col(sql, tok.start)
            break
    else:
        col = max(1, col - len(highlight) + 1)
    if highlight and highlight not in message:
        message = f"{message} (at {highlight!r})" if len(highlight) <= 40 else message
    return ParseProblem(message, line, col)


def _to_file_position(p: ParseProblem, raw: RawStatement) -> ParseProblem:
    """Positions inside the statement -> positions in its file."""
    line = raw.line + p.line - 1
    col = raw.col + p.col - 1 if p.line == 1 else p.col
    return ParseProblem(p.message, line, col)
