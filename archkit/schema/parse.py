"""Read SQL files, split them into statements and parse each one with sqlglot at
``ErrorLevel.RAISE``.

One bad statement becomes a :class:`~archkit.schema.model.ParseProblem` on its
:class:`~archkit.schema.model.Statement` (AK-SQL001, at the start of the offending
token: sqlglot reports the column of its *end*), and the rest is still analysed.
Statements sqlglot keeps as raw text (``exp.Command``) are flagged ``raw`` (AK-SQL002)
and classified by their leading keywords so migration rules still see them; postgres
``ALTER TABLE ... ATTACH / DETACH PARTITION`` among them get a tree made for them.
What sqlglot lacks in each dialect, and the scanners that read past it, are in
:mod:`archkit.schema.gaps`.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from archkit.errors import InputError, byte_position
from archkit.schema.dialects import MYSQL_GRAMMAR, Dialect, get_dialect
from archkit.schema.gaps import (
    _INDEX_WORD,
    _MARIADB_EXTRAS,
    _ON_ONLY,
    _ORGANIZATION,
    _PARTITION_ACTION,
    _UNIQUE_THEN_NAMED,
    _VISIBILITY,
    ON_NULL,
    _index_schema,
    _inline_index_tree,
    _mariadb_fixups,
    _mariadb_table_extras,
    _oracle_modify,
    _partition_clause,
    _tsql_default_for,
    _tsql_inline_indexes,
    _tsql_special_index,
    _tsql_unique_last,
    blank_spans,
    clickhouse_alter,
    drop_index_list,
    keyword_columns,
    mysql_add_columns,
    mysql_index_visibility,
    names_back,
    oracle_default_on_null,
    oracle_on_null_columns,
    partition_alter,
    postgres_actions,
    postgres_repair,
    renamed_columns,
    reparse_guarded,
    sqlite_refused,
    tsql_add_items,
    tsql_block_semicolons,
    unnamed_check,
)
from archkit.schema.model import ParseProblem, Statement
from archkit.schema.split import LazyPattern, LineIndex, RawStatement, blank, split_sql

__all__ = [
    "DATA_PARSE_BYTES",
    "MAX_FILE_BYTES",
    "LazyStatement",
    "SqlSource",
    "classify",
    "parse_sql",
    "parse_statement",
    "read_sources",
]

MAX_FILE_BYTES = 64 * 1024 * 1024   # larger inputs are refused with a clear message
# AK-SQL001's message for a statement deeper than the parser's recursion reaches
TOO_DEEP = "statement is nested too deeply to parse"


def on_fresh_stack(fn: Any, *args: Any) -> Any:
    """``fn(*args)`` in a new thread, whose Python stack starts empty, and so the same
    however deep the caller is; RecursionError if it is too deep even there. What hits
    Python's recursion limit (sqlglot parses and writes nested expressions recursively)
    is thus judged alike from every caller: a run through the result cache, a worker
    process, a notebook (a statement at the limit parsed on one path and was AK-SQL001 on
    another; scout BC)."""
    if _FRESH.on:
        raise RecursionError("too deep on a fresh stack")
    out: list[Any] = []

    def run() -> None:
        _FRESH.on = True
        try:
            out.append((True, fn(*args)))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            out.append((False, exc))
    t = threading.Thread(target=run, name="archkit-fresh-stack")
    t.start()
    t.join()
    ok, value = out[0]
    if not ok:
        raise value
    return value


class _FreshStack(threading.local):
    on = False


_FRESH = _FreshStack()

logging.getLogger("sqlglot").setLevel(logging.ERROR)   # "falling back to Command" noise


@dataclass(frozen=True)
class SqlSource:
    """One input text and where it came from (``path`` None: a string given in Python)."""

    text: str
    path: str | None = None


_DIGITS = re.compile(r"(\d+)")


_FLYWAY = re.compile(r"^[Vv](\d+(?:[._]\d+)*)__")


def file_order(path: Path) -> tuple[Any, ...]:
    """Sort key of a migration file: its folders, then its name, each with runs of digits
    compared as numbers (``sort -V``'s order: Flyway's ``V2__`` before ``V10__``, as the
    tool applies them; zero-padded and timestamped names keep their order; Temporal's
    ``versioned/v1.2/`` before ``v1.10/`` and each version folder's files together,
    scouts Q and AS). A Flyway name is ordered by its version (``V1__`` before
    ``V1.1__`` and ``V1_1__``), and its repeatable ``R__`` migrations after every
    versioned one of their folder, as Flyway applies them."""
    return (*(_part_order(part) for part in path.parts), str(path))


def _part_order(part: str) -> tuple[Any, ...]:
    m = _FLYWAY.match(part)
    if m:
        return (0, tuple(int(n) for n in re.split(r"[._]", m.group(1))), _natural(part))
    if part[:3] in ("R__", "r__"):
        return (2, (), _natural(part))
    return (1, (), _natural(part))


def _natural(text: str) -> tuple[Any, ...]:
    return tuple(int(x) if i % 2 else x for i, x in enumerate(_DIGITS.split(text)))


STDIN = "-"                  # a file argument that means the standard input
STDIN_NAME = "<stdin>"      # the path its findings carry

# file extensions that say a file is not SQL: a glob that is too wide in CI would
# otherwise report each line of a YAML file as a syntax error (scout Z, P10)
NOT_SQL = {ext: what for what, exts in (
    ("a YAML file", ".yaml .yml"), ("a TOML file", ".toml"), ("a JSON file", ".json .jsonl"),
    ("a Markdown file", ".md .markdown"), ("a reStructuredText file", ".rst"),
    ("a Jupyter notebook", ".ipynb"), ("a Python file", ".py .pyc"),
    ("a JavaScript file", ".js"), ("a TypeScript file", ".ts"), ("a Java file", ".java"),
    ("a Go file", ".go"), ("a Ruby file", ".rb"), ("a Rust file", ".rs"),
    ("a C# file", ".cs"), ("a PHP file", ".php"), ("a shell script", ".sh .bash"),
    ("an INI file", ".ini .cfg"), ("an XML file", ".xml"), ("an HTML file", ".html .htm"),
    ("a CSV file", ".csv .tsv"), ("an image", ".svg .png .jpg .jpeg .gif"),
    ("a PDF file", ".pdf"), ("an archive", ".zip .gz .tar"), ("a lock file", ".lock"),
) for ext in exts.split()}

_STDIN_DATA: list[bytes] = []       # the standard input, once read (it cannot be re-read)


def _read_stdin() -> bytes:
    if not _STDIN_DATA:
        import sys

        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise InputError("no standard input to read", STDIN)
        _STDIN_DATA.append(stream.read())
    return _STDIN_DATA[0]


def not_sql(path: str | os.PathLike[str]) -> str | None:
    """What a file's extension says it is, when that is not SQL (``"a YAML file"``), else None
    (``.sql``, other extensions and none at all are read as SQL)."""
    return NOT_SQL.get(Path(path).suffix.lower())


def _file_key(p: Path) -> str:
    """What tells two file arguments apart: the file they resolve to (``ok.sql`` and
    ``./ok.sql`` and a symlink to it are one file)."""
    if str(p) == STDIN:
        return STDIN
    try:
        return os.path.normcase(str(p.resolve()))
    except (OSError, RuntimeError):
        return os.path.normcase(os.path.abspath(p))


def distinct_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files in reading order (path order, numbers compared as numbers: file_order), each
    once: the same file given twice (``ok.sql ./ok.sql``, overlapping globs) is one."""
    files = sorted((Path(p) for p in paths), key=file_order)
    seen: set[str] = set()
    out = []
    for p in files:
        key = _file_key(p)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _read_file(p: Path) -> bytes:
    """The bytes of one file argument, read once: ``-`` is the standard input; a pipe
    (``<(...)``), FIFO or device is read to its end like a file (its size is not known
    before)."""
    import stat

    if str(p) == STDIN:
        data = _read_stdin()
    else:
        try:
            st = p.stat()
        except FileNotFoundError:
            raise InputError("no such file", p) from None
        except PermissionError:
            raise InputError("permission denied", p) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", p) from None
        if stat.S_ISDIR(st.st_mode):
            raise InputError("is a directory: give the .sql files in it (e.g. schema/*.sql)", p)
        regular = stat.S_ISREG(st.st_mode)
        if regular and st.st_size > MAX_FILE_BYTES:
            raise InputError(f"file is {st.st_size / 1e6:.0f} MB: archkit reads SQL files up "
                             f"to {MAX_FILE_BYTES // (1024 * 1024)} MB", p)
        try:
            with open(p, "rb") as fh:
                data = fh.read() if regular else fh.read(MAX_FILE_BYTES + 1)
        except PermissionError:
            raise InputError("permission denied", p) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", p) from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"input is over {MAX_FILE_BYTES // (1024 * 1024)} MB: archkit reads "
                         f"SQL files up to {MAX_FILE_BYTES // (1024 * 1024)} MB", p)
    return data


def read_sources(paths: Iterable[str | os.PathLike[str]],
                 encoding: str | None = None) -> list[SqlSource]:
    """Read SQL files in path order (numbers in names compared as numbers: V2 before
    V10), each file once (however many times it is given); bad files are InputErrors
    naming the file, and so is a file whose extension says it is not SQL (``.yaml``,
    ``.json``, ``.py`` ...). ``-`` is the standard input (its findings' path is
    ``<stdin>``); pipes and FIFOs (``<(...)``) are read once, to their end.

    Down migrations given beside up migrations are left out, and dbmate and goose files
    lose their down sections (:mod:`archkit.schema.migrations`): they undo the schema the
    files build. The files of a drizzle folder that its ``meta/_journal.json`` does not
    list are left out too: drizzle never runs them."""
    from archkit.schema.migrations import drizzle_unlisted, forward_files, without_down_sections

    files = distinct_files(paths)
    if not files:
        raise InputError("no SQL files given")
    for p in files:
        kind = not_sql(p)
        if kind is not None:
            raise InputError(f"is {kind}, not SQL (by its name): give only SQL files, "
                             "e.g. schema/*.sql", p)
    if encoding is not None:
        encoding = known_encoding(encoding)
    files, _down = forward_files(files)
    unlisted = drizzle_unlisted(files)      # files drizzle's journal does not list
    if unlisted:
        skip = set(unlisted)
        files = [p for p in files if p not in skip]
    out = []
    for p in files:
        data = _read_file(p)
        name = STDIN_NAME if str(p) == STDIN else str(p)
        out.append(SqlSource(without_down_sections(decode_sql(data, name, encoding)), name))
    return out


def known_encoding(name: str) -> str:
    """Python's name for a text encoding (``cp1252``, ``latin-1``, ``shift_jis`` ...), or an
    InputError."""
    import codecs

    try:
        info = codecs.lookup(name)
    except LookupError:
        info = None
    # (base64, rot13, zlib ... are codecs Python knows, but not bytes -> text encodings)
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise InputError(f"unknown encoding {name!r}: give a name Python knows, e.g. "
                         "cp1252, latin-1, utf-16, shift_jis")
    return info.name


def decode_sql(data: bytes, path: str | None = None, encoding: str | None = None) -> str:
    """The text of a SQL file: UTF-8 (a BOM is dropped), or UTF-16 / UTF-32 when a byte
    order mark says so (SQL Server Management Studio saves scripts as UTF-16 by default),
    or ``encoding`` when given (a byte order mark still wins: it cannot be mistaken).
    Binary data and bytes that do not decode are InputErrors with their position."""
    bom = _bom_encoding(data)
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = None                 # a UTF-8 byte order mark wins over --encoding too
    if bom is not None or (encoding is not None and encoding not in ("utf-8", "utf_8")):
        encoding = bom or encoding
        assert encoding is not None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            line, col = _text_position(data[:exc.start].decode(encoding, errors="replace"))
            why = "the file starts with a byte order mark for it" if bom else "--encoding"
            raise InputError(f"not {encoding.upper()} text at byte {exc.start} ({why}); "
                             "save the file as UTF-8, or give its encoding", path, line,
                             col) from None
        nul = text.find("\x00")
        if nul >= 0:
            line, col = _text_position(text[:nul])
            raise InputError("binary data (a NUL character), not SQL text", path, line, col)
        if text.startswith("\ufeff"):
            text = text[1:]
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            line, col = byte_position(data, nul)
            if _looks_utf16(data):
                raise InputError("UTF-16 text without a byte order mark: save the file as "
                                 "UTF-8 (or as UTF-16 with a BOM)", path, line, col)
            raise InputError("binary data (a NUL byte), not SQL text", path, line, col)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line, col = byte_position(data, exc.start)
            raise InputError(f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file "
                             "as UTF-8, or give its encoding (--encoding cp1252, or [schema] "
                             "encoding in archkit.toml)", path, line, col) from None
    if "\ufeff" in text:
        # BOMs inside the text: files saved with one and joined (cat dbo/Tables/*.sql of an
        # SSDT project); a space keeps every offset
        text = text.replace("\ufeff", " ")
    return text


# longest first: a UTF-32 LE mark begins with the UTF-16 LE one
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _looks_utf16(data: bytes) -> bool:
    """ASCII text written as UTF-16 without a mark: every other byte of the start is 0."""
    head = data[:200]
    if len(head) < 4:
        return False
    for first in (0, 1):        # little endian: the zero bytes are odd; big endian: even
        zeros = head[1 - first::2]
        chars = head[first::2]
        if not zeros.strip(b"\x00") and chars and all(32 <= b < 127 or b in (9, 10, 13)
                                                      for b in chars):
            return True
    return False


def _text_position(before: str) -> tuple[int, int]:
    """1-based (line, column) just after ``before``."""
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


# -- statement kinds -----------------------------------------------------------------
_TWO_WORD = {"CREATE", "ALTER", "DROP", "COMMENT", "TRUNCATE", "GRANT", "REVOKE", "RENAME"}
_WORD = LazyPattern(r"[A-Za-z_][A-Za-z_0-9]*|\S")
_LEAD_NOISE = LazyPattern(r"(?:\s+|--[^\n]*|/\*.*?\*/)*", re.DOTALL)


# bigquery CREATE TABLE FUNCTION name(...): not a table named function (followed by "(",
# AS, LIKE ...)
_FUNCTION_WORDS = ("FUNCTION", "function", "Function")
_FUNCTION_NEXT = LazyPattern(r"(?i)\s*FUNCTION\s+(?!(?:AS|LIKE|CLONE|COPY)\b)[\w`\"\[]")
_COMMON_KIND = re.compile(
    r"(CREATE|ALTER|DROP)\s+(?:UNIQUE\s+)?(TABLE|INDEX|VIEW|SEQUENCE|SCHEMA|DOMAIN|EXTENSION)\s",
    re.IGNORECASE)


_EXEC_LITERAL = LazyPattern(r"(?is)\s*EXEC(?:UTE)?\s*\(\s*N?'((?:[^']|'')*)'\s*\)\s*;?\s*\Z")


# tsql: a GO written after a statement's closing parenthesis, on the same line
_GLUED_GO = LazyPattern(r"(?i)\)[ \t]*(GO)[ \t]*;?\s*\Z")


def exec_literal(sql: str) -> tuple[str, int] | None:
    """tsql ``EXEC(N'<statement>')`` with one string literal (EF Core writes every
    filtered unique index so): the statement, its quotes undone, and where its text
    starts in ``sql``; None for anything else (a string built with +, a procedure)."""
    if "'" not in sql[:40]:
        return None
    m = _EXEC_LITERAL.match(sql)
    if m is None:
        return None
    return m.group(1).replace("''", "'"), m.start(1)


def classify(sql: str) -> str:
    """The statement's kind by its keywords: "CREATE TABLE", "ALTER TABLE", "SET" ..."""
    m = _COMMON_KIND.match(sql)
    if m is not None:      # the common case, without scanning words
        verb, what = m.group(1, 2)
        if sql.startswith(_FUNCTION_WORDS, m.end()) and what.upper() == "TABLE" and \
                _FUNCTION_NEXT.match(sql, m.end()) is not None:
            return f"{verb.upper()} FUNCTION"     # bigquery CREATE TABLE FUNCTION
        return f"{verb.upper()} {what.upper()}"
    if sql[:1] == "/":          # oracle end;/ glued: the statement after it (_glued_slash)
        return classify(sql[1:].lstrip()) if sql[1:].strip() else "EMPTY"
    pos = _LEAD_NOISE.match(sql).end()  # type: ignore[union-attr]
    words = _WORD.findall(sql, pos, pos + 200)[:15]
    words = [w.upper() for w in words]
    if not words:
        return "EMPTY"
    first = words[0]
    if first == "(":
        return "SELECT"
    if first in ("EXEC", "EXECUTE"):
        literal = exec_literal(sql)
        if literal is not None:       # tsql EXEC(N'CREATE UNIQUE INDEX ...'): that statement
            return classify(literal[0])
    if first in ("COMMENT",):
        return "COMMENT"
    if len(words) > 2 and words[1] == ":" and words[2] in ("BEGIN", "LOOP", "WHILE", "REPEAT",
                                                            "FOR"):
        return words[2]     # a labelled block (bigquery, mysql): label: LOOP ... END LOOP label
    if first not in _TWO_WORD:
        return first
    if len(words) > 1 and words[1] in ("UNIQUE", "CLUSTERED", "NONCLUSTERED", "FULLTEXT",
                                       "SPATIAL", "BITMAP") and first == "CREATE" and \
            not (len(words) > 2 and words[2] in ("CATALOG", "STOPLIST")):
        return "CREATE INDEX"
    if len(words) > 2 and first == "CREATE" and words[1] == "FULLTEXT":
        return f"CREATE FULLTEXT {words[2]}"          # tsql full-text catalog / stoplist
    if len(words) > 3 and words[1:4] == ["XML", "SCHEMA", "COLLECTION"]:
        return f"{first} XML SCHEMA COLLECTION"        # tsql: not a schema
    for i, w in enumerate(words[1:], 1):
        if w in _OBJECTS and words[i - 1] not in ("=",):
            if w == "TABLE" and i + 2 < len(words) and words[i + 1] == "FUNCTION" and \
                    words[i + 2] not in ("(", "AS", "LIKE", "CLONE", "COPY"):
                return f"{first} FUNCTION"     # bigquery CREATE OR REPLACE TABLE FUNCTION
            if w == "TYPE" and i + 1 < len(words) and words[i + 1] == "BODY":
                return f"{first} TYPE BODY"
            if w == "MATERIALIZED" and i + 1 < len(words) and words[i + 1] == "VIEW":
                return f"{first} MATERIALIZED VIEW"
            return f"{first} {w}"
        if w == "(":
            break
    return first


_OBJECTS = frozenset({
    "TABLESPACE", "SCHEMA", "DATABASE", "TABLE", "INDEX", "VIEW", "SEQUENCE", "FUNCTION",
    "PROCEDURE", "TRIGGER", "TYPE", "DOMAIN", "EXTENSION", "ROLE", "USER", "EVENT", "PACKAGE",
    "POLICY", "RULE", "COLLATION", "PUBLICATION", "SUBSCRIPTION", "STAGE", "STREAM", "TASK",
    "WAREHOUSE", "SYNONYM", "MATERIALIZED", "PROC", "SERVER", "DATASET", "LANGUAGE",
    "AGGREGATE", "OPERATOR", "CAST", "CONVERSION", "STATISTICS", "DEFAULT", "KEY", "COLUMN",
    "MACRO", "SECRET", "INTEGRATION", "SERVICE", "ACCOUNT", "PIPE", "ALERT", "SHARE",
    "FILE", "MONITOR", "NETWORK"})

# statements that change ownership, privileges or session state only: nothing a schema
# rule could say about them, so AK-SQL002 stays quiet when the parser keeps them raw
# raw statements not worth an AK-SQL002: ownership, privileges, session settings, and the
# ALTER INDEX ... ATTACH PARTITION pg_dump writes for every partition's index (the
# catalog keeps a partitioned table's indexes on the parent), and its ALTER SEQUENCE ...
# OWNED BY for every serial-like column
_NO_SCHEMA_EFFECT = LazyPattern(
    r"(?is)\s*(?:ALTER\b[^;]*\bOWNER\s+TO\b|GRANT\b|REVOKE\b|SET\s+(?:search_path|client_\w+|"
    r"standard_conforming_strings|check_function_bodies|default_\w+|xmloption|row_security)\b|"
    # postgres: a session setting back to its default (RESET search_path, RESET ALL)
    r"RESET\s+[\w.]+\s*\Z|"
    # postgres: a value added to or renamed in an enum type (every Prisma and Drizzle
    # folder has them): no table's definition changes, and no rule reads the values
    r"ALTER\s+TYPE\s+(?:\"[^\"]*\"|[\w.]+)(?:\s*\.\s*(?:\"[^\"]*\"|\w+))?\s+(?:ADD|RENAME)\s+VALUE\b|"
    r"ALTER\s+INDEX\b[^;]*\bATTACH\s+PARTITION\b|ALTER\s+SEQUENCE\b[^;]*\bOWNED\s+BY\b|"
    # postgres: validating a NOT VALID constraint (what AK-MG005 advises) changes no
    # definition, like tsql's ALTER TABLE t CHECK CONSTRAINT below
    r"ALTER\s+TABLE\b[^;]*?\bVALIDATE\s+CONSTRAINT\b|"
    # mysql / sqlite REPLACE INTO: rows of data, as an INSERT (which no rule reads);
    # mysqldump's LOCK TABLES t WRITE / UNLOCK TABLES around each table's rows
    r"REPLACE\s+INTO\b|LOCK\s+TABLES\b|UNLOCK\s+TABLES?\b|"
    # mysql FLUSH LOGS / PRIVILEGES / TABLES: the server's caches and logs, no definition;
    # mysqldump's /*!40000 ALTER TABLE t DISABLE KEYS */ around a table's rows
    r"FLUSH\b|ALTER\s+TABLE\s+[`\w.]+\s+(?:DISABLE|ENABLE)\s+KEYS\s*\Z|"
    # postgres / oracle LOCK [TABLE] t IN ... MODE: a migration holding a table still
    # while it works (formbricks' Prisma folder), no definition
    r"LOCK\s+(?:TABLE\s+)?(?:ONLY\s+)?[\w.\"]+(?:\s*\*)?(?:\s*,\s*[\w.\"]+)*(?:\s+IN\s+[\w\s]+?\s+MODE)?"
    r"(?:\s+NOWAIT)?\s*;?\s*\Z|"
    # tsql: messages, session options, enabling / disabling existing constraints and
    # triggers (SSMS scripts follow every foreign key with ALTER TABLE t CHECK
    # CONSTRAINT fk), bulk data loads, ownership moves
    r"PRINT\b|RAISERROR\b|BULK\s+INSERT\b|INSERT\b[^;]*?\bEXEC(?:UTE)?\b|UPDATE\s+STATISTICS\b|CHECKPOINT\b|(?:ENABLE|DISABLE)\s+TRIGGER\b|"
    r"ALTER\s+TABLE\b[^;]*?\b(?:NO)?CHECK\s+CONSTRAINT\b|"
    r"SET\s+(?:NOCOUNT|ANSI_\w+|QUOTED_IDENTIFIER|IDENTITY_INSERT|XACT_ABORT|NOEXEC|"
    r"ARITHABORT|CONCAT_NULL_YIELDS_NULL|NUMERIC_ROUNDABORT|IMPLICIT_TRANSACTIONS|DATEFORMAT)\b|"
    r"SET\s+\w+(?:\s*,\s*\w+)+\s+(?:ON|OFF)\s*\Z|"
    r"ALTER\s+AUTHORIZATION\b|EXEC(?:UTE)?\s+AS\s+(?:USER|LOGIN|CALLER|OWNER|SELF)\b|REVERT\b|"
    # a database's files, sizes and options (SSMS scripts begin with CREATE DATABASE and
    # some 30 ALTER DATABASE ... SET lines; scout W): no table's definition
    r"(?:CREATE|ALTER)\s+DATABASE\b|"
    # mysql prepared statements: defining and freeing one (EXECUTE stays: it runs SQL)
    r"PREPARE\s+\S+\s+FROM\b|(?:DEALLOCATE|DROP)\s+PREPARE\b|"
    # postgres: how a column is stored or sampled, its only action (icingadb: 312 of them)
    r"ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?[\w.\"]+\s+ALTER\s+(?:COLUMN\s+)?[\w\"]+\s+SET\s+"
    r"(?:STORAGE|STATISTICS|COMPRESSION)\s+[\w-]+\s*\Z|"
    # tsql: a full-text catalog or stoplist (where full-text indexes live, which words
    # they skip), no table's definition
    r"CREATE\s+FULLTEXT\s+(?:CATALOG|STOPLIST)\b|"
    # tsql: the XSD an xml column is typed with (the column stays xml)
    r"(?:CREATE|ALTER)\s+XML\s+SCHEMA\s+COLLECTION\b|"
    # postgres: a label for a security provider (sepgsql), no definition
    r"SECURITY\s+LABEL\b|"
    # databricks: who may see which rows and values (Unity Catalog row filters, masks)
    r"ALTER\s+TABLE\b[^;]*?\b(?:(?:SET|DROP)\s+ROW\s+FILTER|(?:SET|DROP)\s+MASK)\b|"
    # a schema and its owner, nothing in it (SSMS: CREATE SCHEMA [Sales] AUTHORIZATION [dbo])
    r"CREATE\s+SCHEMA\s+(?:\[[^\]]+\]|\"[^\"]+\"|\w+)\s+AUTHORIZATION\s+(?:\[[^\]]+\]|\"[^\"]+\"|\w+)\s*;?\s*\Z|"
    # a DROP FUNCTION sqlglot could not read (parameter names in its signature): the
    # catalog keeps no routines, and the DROP FUNCTION f(int) it reads is silent
    r"DROP\s+(?:FUNCTION|PROCEDURE|ROUTINE)\b|"
    # snowflake: roles, compute and account settings, running or pausing a task,
    # integrations and resource monitors (account objects, not the schema)
    r"CREATE\s+(?:OR\s+REPLACE\s+)?ROLE\b|(?:CREATE\s+(?:OR\s+REPLACE\s+)?|ALTER\s+)WAREHOUSE\b|"
    r"ALTER\s+ACCOUNT\b|EXECUTE\s+TASK\b|ALTER\s+TASK\b[^;]*\b(?:RESUME|SUSPEND)\s*\Z|"
    r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:NOTIFICATION|STORAGE|API|SECURITY|EXTERNAL\s+ACCESS)\s+)?"
    r"INTEGRATION\b|CREATE\s+(?:OR\s+REPLACE\s+)?RESOURCE\s+MONITOR\b|"
    # clickhouse: building or clearing an index, column, projection or TTL of the parts
    # written before it (a mutation of the data), no definition
    r"ALTER\s+TABLE\s+[\w.`\"]+(?:\s+ON\s+CLUSTER\s+\S+)?\s+(?:MATERIALIZE|CLEAR)\s+"
    r"(?:INDEX|COLUMN|PROJECTION|STATISTICS?|TTL)\b(?:(?!\b(?:ADD|DROP|MODIFY|RENAME)\b)[^;])*\Z|"
    # duckdb: extensions and credentials
    r"LOAD\b|INSTALL\b|FORCE\s+INSTALL\b|CREATE\s+(?:OR\s+REPLACE\s+)?(?:PERSISTENT\s+|TEMPORARY\s+)?"
    r"SECRET\b)")


def no_schema_effect(sql: str) -> bool:
    return bool(_NO_SCHEMA_EFFECT.match(sql))


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
    if "archkit" not in raw.lead and "archkit" not in raw.sql and "archkit" not in raw.trailer:
        return []                       # (nearly every statement: no import, no scan)
    from archkit.suppress import Suppression, find_markers

    # the column each text starts at: the statement's own; the trailer's, as the splitter
    # found it (0: unknown); the lead's first line is the rest of the line the previous
    # statement ended on (blank: its comment would be that statement's trailer) or a
    # line's start, and a lead of one line ends where the statement starts
    lead_col = 1 if "\n" in raw.lead else raw.col - len(raw.lead)
    out = []
    for text, first, col in ((raw.lead, raw.lead_line, lead_col), (raw.sql, raw.line, raw.col),
                             (raw.trailer, raw.end_line, raw.trailer_col or None)):
        if text and "archkit" in text:
            for s in find_markers(text, first - 1, col):
                out.append(Suppression(s.rules, s.reason, s.line, min(s.line, raw.line),
                                       raw.end_line, col=s.col))
    return out


def parse_statement(raw: RawStatement, dialect: Dialect, path: str | None, index: int,
                    lines: LineIndex | None = None, kind: str | None = None) -> Statement:
    """Parse one statement at ErrorLevel.RAISE; never raises for bad SQL. ``kind``: its
    :func:`classify`, when the caller has it already."""
    sql = raw.sql
    kind = kind or classify(sql)
    if len(sql) > DATA_PARSE_BYTES and kind in ("INSERT", "REPLACE") and \
            raw.unterminated is None and _ROWS.search(sql, 0, 4096) is not None:
        return _bulk_rows(raw, dialect, path, index, kind)
    tree, raw_text, problem = parse_text(sql, dialect, raw, kind)
    if raw_text and problem is None and kind in _GLUE_KINDS:
        problem = _glued(sql, kind)
    if kind in _GLUE_KINDS and (problem is None or not problem.kept):
        # (another engine's DDL: said so at its first mark, also where the parser failed
        # on it, with "AttributeError: 'NoneType' ..." once; scout AV)
        problem = _foreign_marks(sql, dialect, kept=problem is None and not raw_text) \
            or problem
    if problem is None and tree is not None and _not_a_statement(tree) and \
            dialect.name not in ("tsql", "fabric"):     # (T-SQL: a batch's first line
                                                        # may be a procedure to EXEC)
        # ("hello world" parsed as a column with an alias: a file of prose passed, exit 0;
        # scout AR) every engine refuses a bare name or value
        problem = ParseProblem(f"{sql.split(None, 1)[0][:40]} is no SQL statement: a name or "
                               "value on its own (is this file SQL?)", 1, 1)
    if problem is not None:
        problem = _to_file_position(problem, raw)
    st = Statement(index, sql, path, raw.line, raw.col, raw.end_line, kind, tree, raw_text,
                   problem, statement_suppressions(raw, path), raw.start)
    if raw.element_of is not None:
        st.element_of = raw.element_of  # type: ignore[attr-defined]
        if tree is not None:
            in_schema(tree, raw.element_of, dialect)
    if raw.home is not None and tree is not None and raw.home.lower() in sql.lower():
        out_of_schema(tree, raw.home, dialect)
    return st


# what only one engine writes in a table's DDL, and the engines that refuse it: a
# statement that holds one is refused there, where sqlglot kept it as raw text (AK-SQL002
# info, exit 0, the table missing; scout AV) or failed on it with a message of its own
_FOREIGN_MARKS: tuple[tuple[str, str, frozenset[str], tuple[str, ...], Any, dict[str, str]],
                      ...] = (
    ("MySQL", "mysql", frozenset({"postgres", "oracle", "tsql"}),
     ("`", "auto_increment", "engine"),         # (a cheap first look: substrings)
     LazyPattern(r"(?i)(?P<quote>`)|\b(?P<auto>AUTO_INCREMENT)\b|\)\s*(?P<engine>ENGINE)\s*="),
     {"quote": "a name quoted with backticks", "auto": "AUTO_INCREMENT",
      "engine": "a table's ENGINE= option"}),
    ("SQL Server", "tsql", frozenset({"postgres", "oracle", "mysql", "mariadb"}),
     ("[", "identity(", "identity ("),
     # (a name's place: after TABLE, ON, a dot, "(" or ","; not PostgreSQL's arrays,
     # ARRAY[id] or path_tokens[level])
     LazyPattern(r"(?i)(?:\bTABLE|\bINDEX|\bON|[.(,])\s*(?P<bracket>\[)(?=[A-Za-z_@#])"
                 r"[^\]\n]*\]|"
                 r"\b(?P<identity>IDENTITY)\s*\(\s*\d+\s*,\s*\d+\s*\)"),
     {"bracket": "a name in [brackets]", "identity": "IDENTITY(seed, step)"}),
)
_COMMENT_OR_STRING = LazyPattern(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"",
                                 re.DOTALL)


def _foreign_marks(sql: str, dialect: Dialect, kept: bool) -> ParseProblem | None:
    """AK-SQL001 at the first mark of another engine's DDL in a statement of a dialect
    that refuses it (``kept``: sqlglot read the statement, which is still analysed)."""
    bare = None
    low = None
    for owner, name, refusers, quick, marks, words in _FOREIGN_MARKS:
        if dialect.name not in refusers:
            continue
        if low is None:
            low = sql.lower()
        for q in quick:     # (nearly every statement: a few substring tests, no regex)
            if q in low:
                break
        else:
            continue
        if bare is None:    # (not in a comment or a string: "-- `null = 1` returns null")
            bare = _COMMENT_OR_STRING.sub(lambda m: blank(m.group()), sql)
        m = marks.search(bare)
        if m is None or m.lastgroup is None:
            continue
        at = m.start(m.lastgroup)
        line = bare.count("\n", 0, at) + 1
        col = at - (bare.rfind("\n", 0, at) + 1) + 1
        return ParseProblem(f"{words[m.lastgroup]} is {owner}'s: {dialect.title} refuses "
                            f"the statement (if the file is {owner}'s, check it with "
                            f"--dialect {name})", line, col, kept)
    return None


def _not_a_statement(tree: Any) -> bool:
    """A name, value or operator expression on its own, which sqlglot parses (``hello
    world``: a column and its alias) and no engine runs."""
    global _BARE
    if _BARE is None:
        from sqlglot import exp

        _BARE = (exp.Column, exp.Alias, exp.Identifier, exp.Literal, exp.Boolean, exp.Null,
                 exp.Dot, exp.Paren, exp.Tuple, exp.Star, exp.Binary, exp.Neg, exp.Not)
    return isinstance(tree, _BARE)


_BARE: tuple[type, ...] | None = None


# DDL kinds that never hold another statement: one that starts a line inside them is a
# statement whose ';' is missing (Hibernate writes its scripts so unless a delimiter is
# configured: the whole file was one raw statement, AK-SQL002, exit 0; scout W)
_GLUE_KINDS = frozenset({"CREATE TABLE", "CREATE INDEX", "CREATE SEQUENCE", "ALTER TABLE",
                         "DROP TABLE", "DROP SEQUENCE", "CREATE UNIQUE"})
_GLUED = LazyPattern(r"(?im)\n[ \t]*((?:CREATE|ALTER|DROP)\s+(?:TABLE|(?:UNIQUE\s+)?INDEX|"
                     r"SEQUENCE)|INSERT\s+INTO)\b")


def _glued(sql: str, kind: str) -> ParseProblem | None:
    """AK-SQL001 at a statement that begins on a line of ``sql`` (kept as raw text): the
    ';' before it is missing."""
    m = _GLUED.search(sql)
    if m is None:
        return None
    at = m.start(1)
    line = sql.count("\n", 0, at) + 1
    col = at - sql.rfind("\n", 0, at)
    return ParseProblem(f"a {' '.join(m.group(1).split()).upper()} starts here, inside this "
                        f"{kind}: the ';' that ends it is missing", line, col)


# An INSERT ... VALUES longer than this is rows of data (mysqldump writes ~1 MB each) and
# is not parsed: no rule reads it, and sqlglot takes ~0.1 s per 250 KB of rows. Its tree
# is parsed if something asks for it (LazyStatement).
DATA_PARSE_BYTES = 16 * 1024
_ROWS = LazyPattern(r"(?i)\bVALUES\s*\(")


def _bulk_rows(raw: RawStatement, dialect: Dialect, path: str | None, index: int,
               kind: str) -> Statement:
    return lazy_statement(raw, path, index, kind, dialect.name, None,
                          statement_suppressions(raw, path))


_LAZY = object()


def lazy_statement(raw: RawStatement, path: str | None, index: int, kind: str, dialect: str,
                   error: ParseProblem | None, suppressions: list[Any]) -> LazyStatement:
    """A statement of ``raw`` whose tree is parsed on first access (rows of data; a
    statement a worker process parsed, whose tree stayed there)."""
    st = LazyStatement.__new__(LazyStatement)
    st.__dict__.update(index=index, sql=raw.sql, path=path, line=raw.line, col=raw.col,
                       end_line=raw.end_line, kind=kind, raw=False, error=error,
                       suppressions=suppressions, offset=raw.start, _tree=_LAZY,
                       _dialect=dialect)
    if raw.element_of is not None:
        st.__dict__["element_of"] = raw.element_of
    if raw.home is not None:
        st.__dict__["_home"] = raw.home
    return st


def has_tree(st: Statement) -> bool:
    """``st.tree is not None``, without parsing a :class:`LazyStatement` again to say so
    (a worker sent it back only because it had a tree)."""
    if type(st) is LazyStatement:
        return st.__dict__.get("_tree") is not None
    return st.tree is not None


class LazyStatement(Statement):
    """A Statement whose syntax tree is parsed again on first access."""

    @property  # type: ignore[override]
    def tree(self) -> Any:
        value = self.__dict__.get("_tree", None)
        if value is _LAZY:
            d = get_dialect(self.__dict__["_dialect"])
            value, _raw, _problem = parse_text(self.sql, d, None, self.kind)
            element_of = self.__dict__.get("element_of")
            if element_of is not None and value is not None:
                in_schema(value, element_of, d)
            home = self.__dict__.get("_home")
            if home is not None and value is not None and home.lower() in self.sql.lower():
                out_of_schema(value, home, d)
            self.__dict__["_tree"] = value
        return value

    @tree.setter
    def tree(self, value: Any) -> None:
        self.__dict__["_tree"] = value

    def __getstate__(self) -> dict[str, Any]:
        # never ship a tree between processes: it is parsed again if a rule needs it
        state = dict(self.__dict__)
        state["_tree"] = None
        state["_lazy"] = True
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        if state.pop("_lazy", False):
            state["_tree"] = _LAZY
        self.__dict__.update(state)


def in_schema(tree: Any, schema: str, dialect: Dialect) -> None:
    """Qualify the unqualified tables a schema element names with its schema: what
    ``CREATE SCHEMA s CREATE TABLE t (... REFERENCES u)`` creates is ``s.t``, and while
    the elements run the new schema leads the search path (postgres; SQL Server creates
    them there too), so ``u`` is ``s.u``."""
    from sqlglot import exp

    ident = exp.parse_identifier(schema, dialect=dialect.sqlglot or dialect.name)
    for t in tree.find_all(exp.Table):
        if t.args.get("db") is None and t.args.get("this") is not None:
            t.set("db", ident.copy())


def out_of_schema(tree: Any, schema: str, dialect: Dialect) -> None:
    """Unqualify the tables ``tree`` names in ``schema``, the file's own (its first USE):
    its tables are named unqualified, so ``schema.t`` is ``t`` (search_path.py)."""
    from sqlglot import exp

    home = dialect.normalise(schema)
    for t in tree.find_all(exp.Table):
        db = t.args.get("db")
        # (a table's schema only: DROP SCHEMA s is a Table with s as its db and no name)
        if isinstance(db, exp.Identifier) and t.args.get("catalog") is None and \
                t.args.get("this") is not None and \
                dialect.normalise(db.this, bool(db.args.get("quoted"))) == home:
            t.set("db", None)


# ALTER TABLE t RENAME a TO b renames a column here (COLUMN is optional); sqlglot reads
# it as renaming the table to "a" (in mysql it is a table rename: RENAME [TO|AS] b)
_RENAME_IS_COLUMN = frozenset({"postgres", "redshift", "duckdb", "materialize", "risingwave"})


def _rename_column_without_keyword(tree: Any, exp: Any) -> None:
    """``ALTER TABLE t RENAME a TO b`` (postgres: a column, COLUMN omitted), which sqlglot
    reads as a table rename to ``a`` with a stray ``TO b``, made the RenameColumn it is.
    Lemmy's migrations (``ALTER TABLE community RENAME actor_id TO ap_id``) gave the
    catalog a table per renamed column."""
    actions = tree.args.get("actions") or []
    options = tree.args.get("options") or []
    if len(actions) != 1 or not isinstance(actions[0], exp.AlterRename) or len(options) != 1 \
            or not isinstance(options[0], exp.ToTableProperty):
        return
    old, new = actions[0].this, options[0].this
    if not isinstance(old, exp.Table) or not isinstance(new, exp.Table) or old.args.get("db") \
            or new.args.get("db"):
        return
    tree.set("actions", [exp.RenameColumn(this=exp.Column(this=old.this),
                                          to=exp.Column(this=new.this), exists=False)])
    tree.set("options", [])


def _tsql_add_list(sql: str, dialect: Dialect, tokenizer: Any) -> Any:
    """An ``ALTER TABLE t ADD item, item ...`` that sqlglot keeps as raw text, read item by
    item (gaps.tsql_add_items) and joined into one ALTER; None when an item is not read."""
    items = tsql_add_items(sql, tokenizer)
    if items is None:
        return None
    exp = _SG[0]
    actions, table = [], None
    for text in items:
        tree, raw, problem = parse_text(text, dialect, kind="ALTER TABLE")
        if raw or problem is not None or not isinstance(tree, exp.Alter) or \
                not tree.args.get("actions"):
            return None
        table = table or tree.this
        actions.extend(tree.args["actions"])
    return exp.Alter(this=table, kind="TABLE", actions=actions)


def _sqlplus_continuations(sql: str, tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """The hyphens that end a line of an oracle statement (outside strings and comments:
    tokens) where no minus can stand: after ``(`` or ``,``, or before ``,``, ``)`` or
    the statement's end. SQL*Plus joins such a line with the next, and Oracle's own
    sample-schema scripts write ``VALUES(1726-`` / ``,'AR'-`` / ``UNISTR(-`` (8,929
    syntax errors, scout AK); a minus between two operands (``hi -`` / ``lo >= 0``,
    ``SYSDATE -`` / ``1``) is subtraction, valid through JDBC, Flyway or SQL Developer,
    and kept (scout AP)."""
    out = []
    n = len(tokens)
    for k, t in enumerate(tokens):
        if t.token_type.name != "DASH":
            continue
        after = sql[t.end + 1:t.end + 1 + 64].lstrip(" \t")
        if after[:1] not in ("\n", "\r"):
            continue
        before = tokens[k - 1].token_type.name if k else "L_PAREN"
        nxt = tokens[k + 1].token_type.name if k + 1 < n else "SEMICOLON"
        if before in ("L_PAREN", "COMMA") or nxt in ("COMMA", "R_PAREN", "SEMICOLON"):
            out.append((t.start, t.end))
    return out


def parse_text(sql: str, dialect: Dialect, raw: RawStatement | None = None,
               kind: str | None = None) -> tuple[Any, bool, ParseProblem | None]:
    """(tree, kept as raw text, problem with a position *inside* ``sql``)."""
    sg = dialect.sqlglot or dialect.name      # sqlglot's name for the dialect
    tools = _TOOLS.get(sg)
    if tools is None:
        tools = _sqlglot_tools(sg)
    _d, tokenizer, parser = tools
    # sqlglot's names, bound once (a function-level ``from sqlglot import ...`` runs the
    # import machinery on every call: ~10 us per statement)
    exp, ParseError, TokenError = _SG
    if sg in ("tsql", "fabric") and sql[:4].upper() == "EXEC":
        literal = exec_literal(sql)
        if literal is not None:
            return _parse_exec_literal(sql, literal, dialect, kind)
    if raw is not None and raw.unterminated is not None:
        at, what = raw.unterminated
        rel = at - raw.start
        line = sql.count("\n", 0, rel) + 1
        col = rel - (sql.rfind("\n", 0, rel) + 1) + 1
        return None, False, ParseProblem(f"unterminated {what} (it runs to the end of the input)",
                                         line, col)
    try:
        tokens = tokenizer.tokenize(sql)
    except TokenError as exc:
        # TokenError has no position, only the offsets of a context snippet that ends
        # where the tokenizer gave up: the culprit is the last opening quote or bracket
        end = exc.end if isinstance(exc.end, int) else len(sql)
        at = max(sql.rfind(c, 0, end + 1) for c in "'\"`[")
        if at < 0:
            at = exc.start if isinstance(exc.start, int) else 0
        line, col = _offset_to_line_col(sql, at)
        return None, False, ParseProblem(
            f"cannot tokenize from {sql[at:at + 12]!r}: an unclosed quote or bracket?", line, col)
    except Exception as exc:  # noqa: BLE001 - sqlglot bug on odd input: report, never crash
        return None, False, ParseProblem(f"cannot tokenize: {type(exc).__name__}: {exc}", 1, 1)
    kind = kind or classify(sql)
    written = sql, tokens          # (what the blanking and rewriting below start from)
    if sg == "oracle" and sql[:1] == "/":
        return _glued_slash(sql, dialect)
    if kind in dialect.script_kinds:
        # a procedural script block (bigquery IF ... END IF, FOR ... DO ... END FOR):
        # beyond sqlglot's grammar, like a routine body: not analysed, not an error
        return None, True, None
    # clauses of this dialect that sqlglot lacks and no rule reads (gaps.BLANK_BEFORE_PARSE):
    # blank them (offsets stay) and parse the rest
    spans = blank_spans(sg, kind, sql, tokens)
    if sg == "oracle" and ("-\n" in sql or "-\r" in sql or "- " in sql):
        spans.extend(_sqlplus_continuations(sql, tokens))
    special = None
    if kind == "CREATE INDEX" and sg == "tsql" and len(tokens) > 3 and \
            tokens[1].text.upper() in ("XML", "PRIMARY", "SPATIAL", "FULLTEXT"):
        # SQL Server XML / spatial / full-text indexes, raw text to sqlglot: read as an
        # index of that method on its table and columns (the method is set below)
        special = _tsql_special_index(tokens)
        if special is not None:
            spans.extend(special[1])
    inline: Sequence[Any] = ()
    if sg in ("tsql", "snowflake") and kind == "CREATE TABLE" and \
            _INDEX_WORD.search(sql) is not None:
        # indexes declared inside CREATE TABLE (tsql INDEX ix [NON]CLUSTERED (a), a
        # snowflake hybrid table's INDEX ix (a)), which sqlglot reads as a column named
        # INDEX or not at all: parsed apart, put back after parsing
        inline = _tsql_inline_indexes(tokens, sql)
        spans.extend((a, b) for a, b, _pieces in inline)
    if spans:
        for start, end in sorted(spans, reverse=True):
            sql = blank(sql, start, end + 1)
        tokens = tokenizer.tokenize(sql)
    if sg == "tsql" and kind in ("CREATE TABLE", "ALTER TABLE") and \
            _UNIQUE_THEN_NAMED.search(sql) is not None:
        sql = _tsql_unique_last(tokens, sql)        # (same length: offsets stay)
        tokens = tokenizer.tokenize(sql)
    if kind == "CREATE INDEX" and sg in MYSQL_GRAMMAR and _VISIBILITY.search(sql) is not None:
        spans = mysql_index_visibility(tokens)
        if spans:
            for start, end in reversed(spans):
                sql = blank(sql, start, end + 1)
            tokens = tokenizer.tokenize(sql)
    mariadb = None
    if kind in ("CREATE TABLE", "ALTER TABLE") and sg in MYSQL_GRAMMAR and \
            _MARIADB_EXTRAS.search(sql) is not None:
        # mariadb system versioning, periods, INET6, PERSISTENT ... (rewritten in place)
        sql, mariadb = _mariadb_table_extras(tokens, sql)
        tokens = tokenizer.tokenize(sql)
    on_null = None
    if sg == "oracle" and kind in ("CREATE TABLE", "ALTER TABLE") and \
            ON_NULL.search(sql) is not None:
        sql, on_null = oracle_default_on_null(tokens, sql)     # (blanked: offsets stay)
        tokens = tokenizer.tokenize(sql)
    if sg == "oracle" and kind in ("CREATE TABLE", "ALTER TABLE") and \
            _ORACLE_LONG.search(sql) is not None:
        sql = _oracle_long(tokens, sql)        # (same length: offsets stay)
        tokens = tokenizer.tokenize(sql)
    method = special[0] if special is not None else None     # tsql xml, spatial, fulltext
    partition_cut = False
    drop_many: bool | None = None      # postgres DROP INDEX a, b: was it CONCURRENTLY
    if kind == "CREATE INDEX" and sg in MYSQL_GRAMMAR and len(tokens) > 2 and \
            tokens[1].text.upper() in ("FULLTEXT", "SPATIAL"):
        # mysql CREATE FULLTEXT / SPATIAL INDEX: raw text to sqlglot, and lost (Temporal's
        # visibility schema). Blank the word (offsets stay); the method goes into the tree
        method = tokens[1].text.lower()
        sql = blank(sql, tokens[1].start, tokens[1].end + 1)
        tokens = tokenizer.tokenize(sql)
    if kind == "CREATE INDEX" and sg == "oracle" and \
            len(tokens) > 2 and tokens[1].text.upper() == "BITMAP":
        # oracle CREATE BITMAP INDEX: sqlglot keeps it as raw text. Blank the word (offsets
        # stay) and put the method into the tree: a bitmap index is no btree to any rule
        method = "bitmap"
        sql = blank(sql, tokens[1].start, tokens[1].end + 1)
        tokens = tokenizer.tokenize(sql)
    if kind == "CREATE INDEX" and sg in ("oracle", "sqlite"):
        span = _index_schema(tokens)
        if span is not None:
            # CREATE INDEX schema.ix ON t: oracle keeps it as raw text, and sqlite reads
            # "schema" as the index and "ix" as its table. Blank "schema." (offsets stay)
            sql = blank(sql, span[0], span[1] + 1)
            tokens = tokenizer.tokenize(sql)
    renamed: dict[int, str] | None = None     # keyword_columns: offset -> name as written
    unsplit: tuple[Any, str] | None = None     # a tsql block as written, before its ;s
    if sg in ("tsql", "fabric") and kind in ("IF", "WHILE"):
        split = tsql_block_semicolons(sql, tokens)
        if split is not None:
            # the statements of its BEGIN ... END, each ended by a ; (offsets stay): read
            # so first, the block as written if that fails. Without them sqlglot failed on
            # the block, or took what followed a PRINT or SET NOCOUNT ON for its text
            unsplit = (tokens, sql)
            sql, tokens = split, tokenizer.tokenize(split)
    # every repair below is made once or blanks (or joins) tokens, so there are fewer
    # tokens each time: as many attempts as tokens ends them all. (At most 8, a table
    # with eight of pg_dump's bit varying or interval(0) columns was an AK-SQL001 to
    # one process and read on two, whose parse goes one column at a time: scout CA)
    for _attempt in range(len(tokens) + 8):
        try:
            trees = parser.parse(tokens, sql)
            break
        except ParseError as exc:
            if unsplit is not None:
                tokens, sql = unsplit
                unsplit = None
                continue
            at = _error_token(exc, tokens)
            if renamed is None and kind in ("CREATE TABLE", "ALTER TABLE"):
                renamed = keyword_columns(tokens, sql)
                if renamed:
                    # a column named exclude (Zabbix's report_user): sqlglot reads the word
                    # as an EXCLUDE constraint. Written over with a plain name of the same
                    # length (offsets stay), given its name back after parsing
                    sql = renamed_columns(sql, renamed)
                    tokens = tokenizer.tokenize(sql)
                    continue
            if dialect.free_type_names and kind in ("CREATE TABLE", "ALTER TABLE") and \
                    _is_type_word(tokens, at):
                # sqlite: a column type is any sequence of names ("BLOB SUB_TYPE TEXT"); the
                # engine keeps the first as the type. Blank the extra word (offsets stay) and retry.
                tok = tokens[at]
                sql = blank(sql, tok.start, tok.end + 1)
                tokens = tokenizer.tokenize(sql)
                continue
            state = _state_words(tokens, at, dialect.constraint_states) if (
                dialect.constraint_states
                and kind in ("CREATE TABLE", "ALTER TABLE")) else None
            if state is not None:
                # constraint states (oracle ENABLE NOVALIDATE, DISABLE, RELY, a bare USING
                # INDEX; snowflake ENABLE ENFORCED VALIDATE RELY) that sqlglot reads
                # nowhere: blank them (offsets stay) and retry; no rule reads them
                first, last = tokens[state[0]], tokens[state[1]]
                sql = blank(sql, first.start, last.end + 1)
                tokens = tokenizer.tokenize(sql)
                continue
            if sg == "postgres" and kind in ("CREATE TABLE", "ALTER TABLE"):
                # bit varying, interval precision, NO INHERIT, SET NULL (col): same length
                repaired = postgres_repair(tokens, sql, at)
                if repaired is not None:
                    sql = repaired
                    tokens = tokenizer.tokenize(sql)
                    continue
            if sg == "postgres" and kind == "DROP INDEX" and drop_many is None:
                listed = drop_index_list(tokens, sql)
                if listed is not None:        # DROP INDEX a, b, c: read as a table list
                    sql, drop_many = listed
                    tokens = tokenizer.tokenize(sql)
                    continue
            moved = _USING_BEFORE_ON.search(sql) if kind == "CREATE INDEX" else None
            if moved is not None:
                # mysql/mariadb: CREATE INDEX ix USING BTREE ON t (a) is valid, but sqlglot
                # reads neither that nor a trailing USING: blank it (offsets stay) and put
                # the method into the tree after parsing
                method = moved.group(1).split()[-1]
                sql = blank(sql, moved.start(), moved.end())
                tokens = tokenizer.tokenize(sql)
                continue
            if kind == "ALTER TABLE" and sg in MYSQL_GRAMMAR:
                # ADD [COLUMN] (c ..., d ...): a form the manual lists, sqlglot refuses
                added = mysql_add_columns(sql, dialect)
                if added is not None:
                    return added, False, None
            pk_using = _PK_USING.search(sql) if kind in ("CREATE TABLE", "ALTER TABLE") \
                and sg in MYSQL_GRAMMAR else None
            if pk_using is not None:
                # mysql: PRIMARY KEY USING BTREE (a) (the index type before the columns,
                # as Cacti writes it) is valid; sqlglot reads it only after them. Blank
                # it (offsets stay): the primary key's btree is what every rule assumes
                sql = blank(sql, pk_using.start(1), pk_using.end(1))
                tokens = tokenizer.tokenize(sql)
                continue
            only = _ON_ONLY.search(sql) if kind == "CREATE INDEX" else None
            if only is not None:
                # postgres CREATE INDEX ... ON ONLY parent (pg_dump writes it for every
                # partitioned table's index): sqlglot reads no ONLY there. Blank the word
                # (offsets stay); the index is the parent's, as the catalog keeps it anyway
                sql = blank(sql, only.start(1), only.end(1))
                tokens = tokenizer.tokenize(sql)
                continue
            if kind == "CREATE TABLE" and not partition_cut and \
                    sg in _TRAILING_PARTITION:
                span = _partition_clause(tokens)
                if span is not None:
                    # mysql/mariadb and oracle partitioning sqlglot cannot read (oracle's
                    # VALUES LESS THAN, mysql's LIST COLUMNS or a partition's ENGINE =):
                    # no rule reads partitions; blank the clause (offsets stay) and retry
                    partition_cut = True
                    sql = blank(sql, span[0], span[1] + 1)
                    tokens = tokenizer.tokenize(sql)
                    continue
            if kind in ROUTINE_KINDS or kind in dialect.raw_kinds or kind in _DROP_ROUTINE or (
                    kind == "INSERT" and sg in ("tsql", "fabric")
                    and _INSERT_EXEC.match(sql) is not None) or (
                    # SET ANSI_NULLS, ANSI_PADDING, ... ON: several session options at
                    # once, the header of every script SSDT / SqlPackage writes
                    kind == "SET" and sg in ("tsql", "fabric")
                    and _TSQL_SET_OPTIONS.match(sql) is not None) or (
                    # EXEC('... ' + @name): dynamic SQL, built when it runs
                    kind in ("EXEC", "EXECUTE") and sg in ("tsql", "fabric")
                    and (_EXEC_DYNAMIC.match(sql) is not None
                         or _EXECUTE_AS.match(sql) is not None)):
                # procedural bodies and the dialect's statements sqlglot has no grammar
                # for (tsql BULK INSERT, DISABLE TRIGGER): not analysed, not an error.
                # Also a DROP FUNCTION whose signature names its parameters (postgres
                # DROP FUNCTION f(p_day date), as pg_dump and goose files write it):
                # sqlglot reads only bare types there
                return None, True, None
            return None, False, _parse_problem(exc, tokens, sql, at)
        except RecursionError:
            if not _FRESH.on:
                try:
                    return on_fresh_stack(parse_text, sql, dialect, raw, kind)
                except RecursionError:
                    pass
            return None, False, ParseProblem(TOO_DEEP, 1, 1)
        except Exception as exc:  # noqa: BLE001 - sqlglot fails inside on foreign syntax
            return None, False, ParseProblem(
                f"not valid {dialect.title} SQL (the parser stopped with {type(exc).__name__}: "
                f"{exc}); is it written for another dialect?", 1, 1)
    else:
        return None, False, ParseProblem("cannot parse this statement", 1, 1)
    for tree in trees:
        if tree is not None:
            break
    else:
        return None, False, None
    if renamed:
        names_back(tree, renamed)
    if partition_cut and sg in MYSQL_GRAMMAR and isinstance(tree, exp.Create):
        tree.meta["archkit_partitioned"] = True     # (read by the catalog: no FOREIGN KEY)
    if sg == "sqlite" and kind == "ALTER TABLE":
        refused = sqlite_refused(tree, sql)
        if refused is not None:      # what sqlite3 refuses is no change to the schema
            line, col = _offset_to_line_col(sql, refused[0])
            return None, False, ParseProblem(refused[1], line, col)
    if len(trees) > 1 and not isinstance(tree, exp.Command) and kind not in ROUTINE_KINDS \
            and sum(t is not None for t in trees) > 1:
        # sqlglot read several statements in what the splitter took for one (a ; inside
        # what looked like a block): analysing the first alone would lose the rest quietly
        semi = next((i for i, t in enumerate(tokens[:-1]) if t.token_type.name == "SEMICOLON"),
                    None)
        line, col = _offset_to_line_col(sql, tokens[semi + 1].start) if semi is not None \
            else (1, 1)
        return None, False, ParseProblem(
            "this reads as several statements (a ; inside what looked like one block): "
            "only a whole statement can be analysed; end the block, or check --dialect",
            line, col)
    if sg == "tsql" and isinstance(tree, exp.Alias) and isinstance(tree.this, exp.IfBlock) \
            and tree.alias.upper() == "END":
        # IF EXISTS (...) BEGIN DROP INDEX ix ON t END: sqlglot takes the block's END for
        # an alias of the whole IF (Bitwarden's index rebuilds: the DROP was lost)
        tree = tree.this
    if sg == "tsql" and isinstance(tree, (exp.IfBlock, exp.WhileBlock)):
        reparse_guarded(tree, sql, parser, tokenizer)     # IF ... BEGIN ALTER TABLE ... END
    if drop_many is not None and isinstance(tree, exp.Drop):
        tree.set("kind", "INDEX")            # (read as DROP TABLE a, b: drop_index_list)
        tree.set("concurrently", drop_many)
    if isinstance(tree, exp.Command):
        if kind == "ALTER TABLE" and sg == "postgres":
            again = unnamed_check(sql, parser, tokenizer)     # ADD CHECK (...), no name
            if again is None:                                  # ... among other actions
                again = postgres_actions(sql, parser, tokenizer)
            if again is not None:
                return again, False, None
        if sg == "tsql":
            glued = _GLUED_GO.search(sql)
            if glued is not None:
                # )GO: sqlcmd and SSMS end a batch only at a GO on a line of its own, so
                # the server gets the GO and refuses the batch (phpBB's mssql schema)
                line, col = _offset_to_line_col(sql, glued.start(1))
                # phpBB's installer splits its file on the text GO: the statement without
                # it is what runs there, and is analysed (not 63 tables left unchecked)
                tree, raw_text, problem = parse_text(sql[:glued.start(1)], dialect, None, kind)
                kept = tree is not None and not raw_text and problem is None
                return tree if kept else None, False, ParseProblem(
                    "GO ends a batch only on a line of its own: here sqlcmd and SSMS send it "
                    "to the server, which refuses it (Incorrect syntax near 'GO')"
                    + ("; the statement before it is still checked" if kept else ""),
                    line, col, kept)
        if kind == "ALTER TABLE" and sg == "clickhouse":
            again = clickhouse_alter(sql, dialect)
            if again is not None:
                return again, False, None
        if kind == "ALTER TABLE" and sg == "tsql":
            again = _tsql_default_for(sql, parser, tokenizer)
            if again is None:
                again = _tsql_add_list(sql, dialect, tokenizer)
            if again is not None:
                return again, False, None
        if kind == "ALTER TABLE" and sg == "postgres" and \
                _PARTITION_ACTION.search(sql) is not None:
            alter = partition_alter(tokens, sql)
            if alter is not None:
                return alter, False, None
        if kind == "ALTER TABLE" and sg in MYSQL_GRAMMAR:
            # ALTER TABLE t ADD PRIMARY KEY USING BTREE (a): sqlglot keeps it as raw text
            pk_using = _PK_USING.search(sql)
            if pk_using is not None:
                again, raw_again, problem = parse_text(
                    blank(sql, pk_using.start(1), pk_using.end(1)), dialect, None, kind)
                if again is not None and not raw_again and problem is None:
                    return again, False, None
        if kind == "CREATE TABLE" and sg in _TRAILING_PARTITION:
            # SUBPARTITION BY, PARTITION BY HASH (a) PARTITIONS 4: raw text, as above
            span = _partition_clause(tokens)
            if span is not None:
                again, raw_again, problem = parse_text(
                    blank(sql, span[0], span[1] + 1), dialect, None, kind)
                if again is not None and not raw_again and problem is None:
                    if mariadb is not None:
                        _mariadb_fixups(again, mariadb)
                    if sg in MYSQL_GRAMMAR and isinstance(again, exp.Create):
                        again.meta["archkit_partitioned"] = True
                    return again, False, None
        if kind == "ALTER TABLE" and sg == "oracle":
            again = _oracle_modify(sql, dialect)
            if again is not None:
                return again, False, None
        if kind in ("CREATE TABLE", "ALTER TABLE") and \
                sg == "oracle":
            # oracle ORGANIZATION INDEX / HEAP (an index-organized table, as the HR
            # sample's countries) and constraint states (... REFERENCES p (a) DISABLE):
            # sqlglot keeps the whole statement as raw text. How rows are stored and
            # whether a constraint is enforced change no rule: blank them (offsets stay)
            # and parse again
            blanked = _blank_oracle_extras(sql, tokens)
            if blanked != sql:
                again, raw_again, problem = parse_text(blanked, dialect, None, kind)
                if again is not None and not raw_again and problem is None:
                    return again, False, None
        return tree, True, None
    if kind != "CREATE INDEX" or sg != "tsql":
        pass
    elif isinstance(tree, exp.Create) and \
            (tree.args.get("kind") or "").upper() in ("CLUSTERED INDEX", "NONCLUSTERED INDEX"):
        # tsql CREATE [UNIQUE] [NON]CLUSTERED INDEX: sqlglot puts the word into the kind;
        # it is an index like any other to every rule (none reads the clustering)
        tree.set("kind", "INDEX")
    elif isinstance(tree, exp.Create) and \
            tree.args.get("clustered") is not None and isinstance(tree.this, exp.Index):
        # tsql CREATE [NON]CLUSTERED COLUMNSTORE INDEX (sqlglot marks it with "clustered"):
        # no btree, so it neither serves a foreign key nor makes a btree prefix redundant
        method = "columnstore"
        if not tree.this.args.get("params"):
            tree.this.set("params", exp.IndexParameters())
    if method is not None and isinstance(tree.this, exp.Index):
        if not tree.this.args.get("params"):
            tree.this.set("params", exp.IndexParameters())
        tree.this.args["params"].set("using", exp.Var(this=method))
    if mariadb is not None:
        _mariadb_fixups(tree, mariadb)
    if on_null:
        oracle_on_null_columns(tree, on_null)
    if kind == "ALTER TABLE" and sg in _RENAME_IS_COLUMN and isinstance(tree, exp.Alter):
        _rename_column_without_keyword(tree, exp)
    if inline and isinstance(tree, exp.Create):
        indexes = [ix for pieces in (p for _a, _b, p in inline)
                   if (ix := _inline_index_tree(pieces, parser, tokenizer)) is not None]
        if indexes:      # (meta: sqlglot's walks and generator never look there)
            tree.meta["inline_indexes"] = indexes
    if kind == "CREATE TABLE" and dialect.list_commas and \
            _COMMA_THEN.search(written[0]) is not None:
        return tree, False, stray_comma(written[1], written[0], dialect)
    return tree, False, None


# a comma, then (past blanks and comments) another or a closing bracket: the cheap test
# before stray_comma reads the tokens (the text may have them in strings or comments)
_COMMA_THEN = LazyPattern(r",(?:\s|--[^\n]*|/\*.*?\*/)*[,)]", re.S)


def stray_comma(tokens: Sequence[Any], sql: str, dialect: Dialect) -> ParseProblem | None:
    """AK-SQL001 at a comma the engine refuses in a CREATE TABLE that sqlglot reads past:
    an empty item (``a int,, b int``) or one before the closing bracket (``b int,)``, left
    behind when the last column is deleted). PostgreSQL, MySQL, SQLite and Oracle refuse
    both; DuckDB the first; SQL Server accepts the second (``Dialect.list_commas``). The
    table is still checked as if the comma were not there (``kept``). Not in a sqlite
    virtual table's module arguments, which the module reads (fts5, rtree)."""
    if len(tokens) > 1 and tokens[1].text.upper() == "VIRTUAL":
        return None
    for a, b in zip(tokens, tokens[1:]):
        if a.token_type.name != "COMMA":
            continue
        after = b.token_type.name
        if after == "COMMA" and "," in dialect.list_commas:
            what = "an empty item: nothing between this comma and the next"
        elif after == "R_PAREN" and ")" in dialect.list_commas:
            what = "a comma before ')' with no item after it"
        else:
            continue
        line, col = _offset_to_line_col(sql, a.start)
        return ParseProblem(
            f"{what}, which {dialect.title} refuses; the table is still checked as if the "
            f"comma were not there", line, col,
            kept=True)
    return None


# tsql EXECUTE AS USER = 'x' / LOGIN / CALLER / OWNER / SELF: whose rights the session
# uses from now on (WideWorldImporters' security demo; REVERT ends it)
_EXECUTE_AS = LazyPattern(r"(?is)\s*EXEC(?:UTE)?\s+AS\s+(?:USER|LOGIN|CALLER|OWNER|SELF)\b")
_EXEC_DYNAMIC = LazyPattern(r"(?is)\s*EXEC(?:UTE)?\s*\(")
_TSQL_SET_OPTIONS = LazyPattern(r"(?is)\s*SET\s+\w+(?:\s*,\s*\w+)+\s+(?:ON|OFF)\s*;?\s*\Z")
_INSERT_EXEC = LazyPattern(r"(?is)\s*INSERT\b[^;]*?\)?\s*\bEXEC(?:UTE)?\b")
_TRAILING_PARTITION = MYSQL_GRAMMAR | {"oracle"}
_PK_USING = LazyPattern(r"(?i)\bPRIMARY\s+KEY\s+(USING\s+(?:BTREE|HASH))\s*(?=\()")
_USING_BEFORE_ON = LazyPattern(r"(?i)\b(USING\s+(?:BTREE|HASH))\s+(?=ON\b)")

ROUTINE_KINDS = frozenset({"CREATE MACRO", "CREATE FUNCTION", "CREATE PROCEDURE", "CREATE PROC",
                           "CREATE TRIGGER", "CREATE PACKAGE", "CREATE TYPE BODY",
                           "CREATE EVENT", "ALTER FUNCTION", "ALTER PROCEDURE", "ALTER PROC",
                           "ALTER TRIGGER", "DO", "DECLARE", "BEGIN", "CREATE TASK",
                           "ALTER TASK"})
# dropping a routine: nothing the catalog keeps (a parsed DROP FUNCTION f(int) is silent too)
_DROP_ROUTINE = frozenset({"DROP FUNCTION", "DROP PROCEDURE", "DROP ROUTINE", "DROP PROC"})
# what AK-SQL002 calls procedural code: routines, and control flow at the top level of a
# script (bigquery IF ... END IF, tsql IF / WHILE around what sqlglot cannot read)
PROCEDURAL_KINDS = ROUTINE_KINDS | {"IF", "WHILE", "CASE", "LOOP", "REPEAT", "FOR", "THROW"}
# the statement kinds that change the catalog (catalog.py; here, where the split reads
# them before sqlglot is imported: parallel._kept_here)
CATALOG_KINDS = frozenset({"CREATE TABLE", "CREATE INDEX", "ALTER TABLE", "ALTER INDEX",
                           "COMMENT", "DROP TABLE", "DROP INDEX", "IF", "WHILE"})
# CREATE / DROP of a (materialized) view
VIEW_KINDS = frozenset({"CREATE VIEW", "CREATE MATERIALIZED VIEW", "DROP VIEW",
                        "DROP MATERIALIZED VIEW"})


def _error_token(exc: Any, tokens: Sequence[Any]) -> int | None:
    errors = getattr(exc, "errors", None) or []
    if not errors:
        return None
    line, col = errors[0].get("line"), errors[0].get("col")
    for i, tok in enumerate(tokens):
        if tok.line == line and tok.col == col:
            return i
    return None


_STATE_WORDS = frozenset({"ENABLE", "DISABLE", "VALIDATE", "NOVALIDATE", "RELY", "NORELY"})


def _blank_oracle_extras(sql: str, tokens: Sequence[Any]) -> str:
    """``sql`` with ``ORGANIZATION INDEX|HEAP`` and constraint state words blanked."""
    organization = _ORGANIZATION.search(sql)
    if organization is not None:
        sql = blank(sql, organization.start(), organization.end())
    prev = ""
    words = [t.text.upper() for t in tokens]
    for i, tok in enumerate(tokens):
        word = words[i]
        # a state word after a constraint: ") DISABLE", "NOT NULL ENABLE", "INDEX ENABLE",
        # or another state word (a column named enable follows "(" or ",": kept)
        if word in _STATE_WORDS and tok.token_type.name == "VAR" and \
                (prev in (")", "NULL", "INDEX", "CASCADE", "DEFERRABLE", "DEFERRED",
                          "IMMEDIATE") or prev in _STATE_WORDS):
            sql = blank(sql, tok.start, tok.end + 1)
        elif prev in (")", "CASCADE", "NULL") and (last := _not_deferrable(words, i)):
            sql = blank(sql, tok.start, tokens[last].end + 1)
        prev = word
    return sql


def _not_deferrable(words: Sequence[str], i: int) -> int | None:
    """The last word of ``NOT DEFERRABLE [INITIALLY IMMEDIATE | DEFERRED]`` starting at
    ``i``: oracle's default state, which Data Modeler writes after every key (scout W)."""
    if words[i] != "NOT" or words[i + 1:i + 2] != ["DEFERRABLE"]:
        return None
    return i + 3 if words[i + 2:i + 3] == ["INITIALLY"] and i + 3 < len(words) else i + 1


def _state_words(tokens: Sequence[Any], at: int | None,
                 states: frozenset[str]) -> tuple[int, int] | None:
    """(first, last) token of the constraint state clause the parser stopped at: words of
    ``states`` (``ENABLE``/``DISABLE``/``RELY``, ``[NO]VALIDATE``, snowflake's
    ``ENFORCED``), or oracle's ``USING INDEX`` with nothing of its own after it (a
    following ``(...)`` or storage clause is left alone)."""
    if at is None or at >= len(tokens):
        return None
    words = [t.text.upper() for t in tokens]
    i = at
    if words[i] == "USING" and i + 1 < len(words) and words[i + 1] == "INDEX" and \
            (i + 2 >= len(words) or words[i + 2] in states or words[i + 2] in (",", ")")):
        j = i + 1
    elif words[i] in states:
        j = i
    elif (last := _not_deferrable(words, i)):
        j = last
    else:
        return None
    while j + 1 < len(words) and words[j + 1] in states:
        j += 1
    return i, j


def _is_type_word(tokens: Sequence[Any], at: int | None) -> bool:
    from sqlglot.tokens import TokenType

    if at is None or at == 0:
        return False
    tok, prev = tokens[at], tokens[at - 1]
    words = (TokenType.VAR,)
    # (a STRICT table's ANY column, SQLite 3.37: blanked, it is a column without a type,
    # which stores any value as given, as ANY does)
    return (tok.token_type in words or tok.token_type.name in _TYPE_TOKEN_NAMES
            or tok.token_type.name == "ANY") and \
        tok.token_type.name != "R_PAREN" and \
        (prev.token_type in words or prev.token_type.name in _TYPE_TOKEN_NAMES)


_TYPE_TOKEN_NAMES = frozenset({
    "BLOB", "TEXT", "INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "VARCHAR", "CHAR",
    "NCHAR", "NVARCHAR", "REAL", "DOUBLE", "FLOAT", "DECIMAL", "NUMERIC", "BOOLEAN", "DATE",
    "DATETIME", "TIMESTAMP", "TIME", "BINARY", "VARBINARY", "MEDIUMINT", "JSON", "UUID", "R_PAREN"})


_TOOLS: dict[str, Any] = {}
_SG: tuple[Any, Any, Any] = (None, None, None)   # (sqlglot.exp, ParseError, TokenError)


def _sqlglot_tools(name: str) -> Any:
    """(sqlglot dialect, a tokenizer, a RAISE-level parser), made once per dialect:
    building them per statement costs more than tokenizing a short statement."""
    global _SG
    tools = _TOOLS.get(name)
    if tools is None:
        from sqlglot import exp
        from sqlglot.dialects.dialect import Dialect as SqlglotDialect
        from sqlglot.errors import ErrorLevel, ParseError, TokenError

        _SG = (exp, ParseError, TokenError)

        d = SqlglotDialect.get_or_raise(name)
        tools = _TOOLS[name] = (d, d.tokenizer(), d.parser(error_level=ErrorLevel.RAISE))
    return tools


def _parse_exec_literal(sql: str, literal: tuple[str, int], dialect: Dialect,
                        kind: str | None) -> tuple[Any, bool, ParseProblem | None]:
    """The statement inside ``EXEC(N'...')`` parsed as if written plainly, positions moved
    to where its text is in ``sql`` (exact up to the first doubled quote inside it)."""
    from sqlglot import exp

    inner, at = literal
    tree, raw_text, problem = parse_text(inner, dialect, None, kind if kind not in (
        "EXEC", "EXECUTE") else None)
    if problem is not None:
        off = _line_col_to_offset(inner, problem.line, problem.col)
        line, col = _offset_to_line_col(sql, at + off)
        return None, False, replace(problem, line=line, col=col)
    if tree is not None:
        for node in tree.find_all(exp.Identifier):
            meta = node._meta
            if meta and meta.get("start") is not None:
                meta["start"] += at
                meta["end"] = meta.get("end", meta["start"] - at) + at
    return tree, raw_text, None


_ORACLE_LONG = LazyPattern(r"(?i)\bLONG\b")


def _oracle_long(tokens: Sequence[Any], sql: str) -> str:
    """Oracle's legacy LONG (text up to 2 GB) and LONG RAW (bytes): sqlglot reads LONG as
    BIGINT and fails on LONG RAW ('Expecting )'; Oracle's product_media sample, scout U).
    Written as CLOB and BLOB, as Oracle says to migrate them, in place (same length)."""
    out = sql
    for i, tok in enumerate(tokens):
        if tok.text.upper() != "LONG" or tok.token_type.name in ("STRING", "IDENTIFIER") or \
                sql[tok.start:tok.end + 1].upper() != "LONG":
            continue        # (a quoted "LONG" is a name)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and nxt.text.upper() == "RAW" and \
                sql[nxt.start:nxt.end + 1].upper() == "RAW":
            span = nxt.end + 1 - tok.start
            out = out[:tok.start] + "BLOB".ljust(span) + out[nxt.end + 1:]
        else:
            out = out[:tok.start] + "CLOB" + out[tok.end + 1:]
    return out


def _glued_slash(sql: str, dialect: Dialect) -> tuple[Any, bool, ParseProblem]:
    """oracle: a statement that starts with the ``/`` of ``end;/`` (Ranger's patches end so,
    for jisql's ``-c /``). SQL*Plus and SQLcl run a PL/SQL block at a ``/`` on a line of
    its own; glued to ``end;`` it is text of the block, which then does not run. Reported
    (AK-SQL001 at the ``/``); a statement after it on the next lines is still checked."""
    message = ("a / runs a PL/SQL block only on a line of its own (SQL*Plus, SQLcl): after "
               "end; on the same line it is part of the block, which does not run there "
               "(jisql's -c / runs it)")
    rest = " " + sql[1:]                    # the / blanked: positions stay
    if not rest.strip():
        return None, False, ParseProblem(message, 1, 1)
    tree, raw_text, problem = parse_text(rest, dialect, None, None)
    if problem is not None:
        return None, False, problem
    return tree, raw_text, ParseProblem(message + "; the statement after it is still checked",
                                        1, 1, tree is not None and not raw_text)


def _line_col_to_offset(text: str, line: int, col: int) -> int:
    start = 0
    for _ in range(line - 1):
        nl = text.find("\n", start)
        if nl < 0:
            break
        start = nl + 1
    return start + col - 1


def _offset_to_line_col(sql: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(sql)))
    line = sql.count("\n", 0, offset) + 1
    return line, offset - (sql.rfind("\n", 0, offset) + 1) + 1


def _parse_problem(exc: Any, tokens: Sequence[Any], sql: str, at: int | None = None) -> ParseProblem:
    errors = getattr(exc, "errors", None) or []
    if not errors:
        return ParseProblem(str(exc).splitlines()[0] if str(exc) else "syntax error", 1, 1)
    err = errors[0]
    message = _required_keywords(errors, err) or err.get("description") or "syntax error"
    highlight = err.get("highlight") or ""
    line, col = err.get("line"), err.get("col")
    if line is None or col is None:
        return ParseProblem(message, 1, 1)
    # sqlglot's column is the token's END: find the token to report its start
    if at is not None:
        line, col = _offset_to_line_col(sql, tokens[at].start)
    else:
        col = max(1, col - len(highlight) + 1)
    message = _TOKEN_REPR.sub(_token_text, message)
    if highlight and highlight not in message:
        message = f"{message} (at {highlight!r})" if len(highlight) <= 40 else message
    return ParseProblem(message, line, col)


_REQUIRED = LazyPattern(r"Required keyword: '(\w+)' missing for <class '(?:[\w.]+\.)?(\w+)'>$")


def _required_keywords(errors: list[dict[str, Any]], first: dict[str, Any]) -> str | None:
    """sqlglot's "Required keyword: 'this' missing for <class 'sqlglot...If'>" errors of one
    node as one message, the keywords sorted: sqlglot checks them in the order of a set,
    so which one came first changed from run to run (hash seeds), and with it the finding."""
    m = _REQUIRED.match(first.get("description") or "")
    if m is None:
        return None
    node = m.group(2)
    names = set()
    for e in errors:
        if e.get("line") != first.get("line") or e.get("col") != first.get("col"):
            continue
        mm = _REQUIRED.match(e.get("description") or "")
        if mm is not None and mm.group(2) == node:
            names.add(mm.group(1))
    keys = ", ".join(f"'{n}'" for n in sorted(names))
    return f"{node} lacks required part{'s' if len(names) > 1 else ''} {keys}"


_TOKEN_REPR = LazyPattern(r"<Token token_type: TokenType\.(\w+), text: (.*?), line: \d+.*?>")


def _token_text(m: re.Match[str]) -> str:
    return "the end of the statement" if m.group(1) == "SENTINEL" else repr(m.group(2))


def _to_file_position(p: ParseProblem, raw: RawStatement) -> ParseProblem:
    """Positions inside the statement -> positions in its file."""
    line = raw.line + p.line - 1
    col = raw.col + p.col - 1 if p.line == 1 else p.col
    return ParseProblem(p.message, line, col, p.kept)
