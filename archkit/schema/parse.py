"""Read SQL files, split them into statements and parse each one with sqlglot at
``ErrorLevel.RAISE``.

One bad statement becomes a :class:`~archkit.schema.model.ParseProblem` on its
:class:`~archkit.schema.model.Statement` (AK-SQL001, at the start of the offending
token: sqlglot reports the column of its *end*), and the rest is still analysed.
Statements sqlglot keeps as raw text (``exp.Command``) are flagged ``raw`` (AK-SQL002)
and classified by their leading keywords so migration rules still see them; postgres
``ALTER TABLE ... ATTACH / DETACH PARTITION`` among them get a tree made here
(:func:`partition_alter`).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archkit.errors import InputError, byte_position
from archkit.schema.dialects import Dialect, get_dialect
from archkit.schema.model import ParseProblem, Statement
from archkit.schema.split import LazyPattern, LineIndex, RawStatement, blank, split_sql

__all__ = [
    "MAX_FILE_BYTES",
    "SqlSource",
    "classify",
    "parse_sql",
    "parse_statement",
    "read_sources",
]

MAX_FILE_BYTES = 64 * 1024 * 1024   # larger inputs are refused with a clear message

logging.getLogger("sqlglot").setLevel(logging.ERROR)   # "falling back to Command" noise


@dataclass(frozen=True)
class SqlSource:
    """One input text and where it came from (``path`` None: a string given in Python)."""

    text: str
    path: str | None = None


_DIGITS = re.compile(r"(\d+)")


def file_order(path: Path) -> tuple[Any, ...]:
    """Sort key of a migration file: its name, with runs of digits compared as numbers
    (Flyway's ``V2__`` before ``V10__``, as the tool applies them; zero-padded and
    timestamped names keep their order), then the whole path."""
    parts = _DIGITS.split(path.name)
    return (tuple(int(x) if i % 2 else x for i, x in enumerate(parts)), path.name, str(path))


def read_sources(paths: Iterable[str | os.PathLike[str]]) -> list[SqlSource]:
    """Read SQL files in file-name order (numbers in names compared as numbers: V2 before
    V10); bad files are InputErrors naming the file.

    Down migrations given beside up migrations are left out, and dbmate and goose files
    lose their down sections (:mod:`archkit.schema.migrations`): they undo the schema the
    files build. The files of a drizzle folder that its ``meta/_journal.json`` does not
    list are left out too: drizzle never runs them."""
    from archkit.schema.migrations import drizzle_unlisted, forward_files, without_down_sections

    files = sorted((Path(p) for p in paths), key=file_order)
    if not files:
        raise InputError("no SQL files given")
    files, _down = forward_files(files)
    unlisted = drizzle_unlisted(files)      # files drizzle's journal does not list
    if unlisted:
        skip = set(unlisted)
        files = [p for p in files if p not in skip]
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
        out.append(SqlSource(without_down_sections(decode_sql(data, str(p))), str(p)))
    return out


def decode_sql(data: bytes, path: str | None = None) -> str:
    """UTF-8 text (a BOM is dropped); binary data is an InputError with its position."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = byte_position(data, nul)
        raise InputError("binary data (a NUL byte), not SQL text", path, line, col)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = byte_position(data, exc.start)
        raise InputError(f"not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                         "save the file as UTF-8", path, line, col) from None
    if "\ufeff" in text:
        # BOMs inside the text: files saved with one and joined (cat dbo/Tables/*.sql of an
        # SSDT project); a space keeps every offset
        text = text.replace("\ufeff", " ")
    return text


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


def classify(sql: str) -> str:
    """The statement's kind by its keywords: "CREATE TABLE", "ALTER TABLE", "SET" ..."""
    m = _COMMON_KIND.match(sql)
    if m is not None:      # the common case, without scanning words
        verb, what = m.group(1, 2)
        if sql.startswith(_FUNCTION_WORDS, m.end()) and what.upper() == "TABLE" and \
                _FUNCTION_NEXT.match(sql, m.end()) is not None:
            return f"{verb.upper()} FUNCTION"     # bigquery CREATE TABLE FUNCTION
        return f"{verb.upper()} {what.upper()}"
    pos = _LEAD_NOISE.match(sql).end()  # type: ignore[union-attr]
    words = _WORD.findall(sql, pos, pos + 200)[:15]
    words = [w.upper() for w in words]
    if not words:
        return "EMPTY"
    first = words[0]
    if first == "(":
        return "SELECT"
    if first in ("COMMENT",):
        return "COMMENT"
    if len(words) > 2 and words[1] == ":" and words[2] in ("BEGIN", "LOOP", "WHILE", "REPEAT",
                                                            "FOR"):
        return words[2]     # a labelled block (bigquery, mysql): label: LOOP ... END LOOP label
    if first not in _TWO_WORD:
        return first
    if len(words) > 1 and words[1] in ("UNIQUE", "CLUSTERED", "NONCLUSTERED", "FULLTEXT",
                                       "SPATIAL", "BITMAP") and first == "CREATE":
        return "CREATE INDEX"
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
    r"ALTER\s+INDEX\b[^;]*\bATTACH\s+PARTITION\b|ALTER\s+SEQUENCE\b[^;]*\bOWNED\s+BY\b|"
    # postgres: validating a NOT VALID constraint (what AK-MG005 advises) changes no
    # definition, like tsql's ALTER TABLE t CHECK CONSTRAINT below
    r"ALTER\s+TABLE\b[^;]*?\bVALIDATE\s+CONSTRAINT\b|"
    # mysql / sqlite REPLACE INTO: rows of data, as an INSERT (which no rule reads);
    # mysqldump's LOCK TABLES t WRITE / UNLOCK TABLES around each table's rows
    r"REPLACE\s+INTO\b|LOCK\s+TABLES\b|UNLOCK\s+TABLES?\b|"
    # tsql: messages, session options, enabling / disabling existing constraints and
    # triggers (SSMS scripts follow every foreign key with ALTER TABLE t CHECK
    # CONSTRAINT fk), bulk data loads, ownership moves
    r"PRINT\b|RAISERROR\b|BULK\s+INSERT\b|INSERT\b[^;]*?\bEXEC(?:UTE)?\b|UPDATE\s+STATISTICS\b|CHECKPOINT\b|(?:ENABLE|DISABLE)\s+TRIGGER\b|"
    r"ALTER\s+TABLE\b[^;]*?\b(?:NO)?CHECK\s+CONSTRAINT\b|"
    r"SET\s+(?:NOCOUNT|ANSI_\w+|QUOTED_IDENTIFIER|IDENTITY_INSERT|XACT_ABORT|NOEXEC|"
    r"ARITHABORT|CONCAT_NULL_YIELDS_NULL|NUMERIC_ROUNDABORT|IMPLICIT_TRANSACTIONS|DATEFORMAT)\b|"
    r"ALTER\s+AUTHORIZATION\b|"
    # a DROP FUNCTION sqlglot could not read (parameter names in its signature): the
    # catalog keeps no routines, and the DROP FUNCTION f(int) it reads is silent
    r"DROP\s+(?:FUNCTION|PROCEDURE|ROUTINE)\b|"
    # snowflake: roles, compute and account settings, running or pausing a task,
    # integrations and resource monitors (account objects, not the schema)
    r"CREATE\s+(?:OR\s+REPLACE\s+)?ROLE\b|(?:CREATE\s+(?:OR\s+REPLACE\s+)?|ALTER\s+)WAREHOUSE\b|"
    r"ALTER\s+ACCOUNT\b|EXECUTE\s+TASK\b|ALTER\s+TASK\b[^;]*\b(?:RESUME|SUSPEND)\s*\Z|"
    r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:NOTIFICATION|STORAGE|API|SECURITY|EXTERNAL\s+ACCESS)\s+)?"
    r"INTEGRATION\b|CREATE\s+(?:OR\s+REPLACE\s+)?RESOURCE\s+MONITOR\b|"
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
    sql = raw.sql
    kind = classify(sql)
    tree, raw_text, problem = parse_text(sql, dialect, raw, kind)
    if problem is not None:
        problem = _to_file_position(problem, raw)
    return Statement(index, sql, path, raw.line, raw.col, raw.end_line, kind, tree, raw_text,
                     problem,
                     statement_suppressions(raw, path) if "archkit" in raw.lead or
                     "archkit" in sql or "archkit" in raw.trailer else [],
                     raw.start)


def parse_text(sql: str, dialect: Dialect, raw: RawStatement | None = None,
               kind: str | None = None) -> tuple[Any, bool, ParseProblem | None]:
    """(tree, kept as raw text, problem with a position *inside* ``sql``)."""
    tools = _TOOLS.get(dialect.sqlglot or dialect.name)
    if tools is None:
        tools = _sqlglot_tools(dialect.sqlglot or dialect.name)
    _d, tokenizer, parser = tools
    # sqlglot's names, bound once (a function-level ``from sqlglot import ...`` runs the
    # import machinery on every call: ~10 us per statement)
    exp, ParseError, TokenError = _SG
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
    if kind in dialect.script_kinds:
        # a procedural script block (bigquery IF ... END IF, FOR ... DO ... END FOR):
        # beyond sqlglot's grammar, like a routine body: not analysed, not an error
        return None, True, None
    inline: Sequence[Any] = ()
    mariadb = None
    if kind in ("CREATE TABLE", "ALTER TABLE") and (dialect.sqlglot or dialect.name) == "tsql" \
            and _TSQL_EXTRAS.search(sql) is not None:
        spans = _tsql_table_extras(tokens)
        if kind == "CREATE TABLE" and _INDEX_WORD.search(sql) is not None:
            # indexes declared inside CREATE TABLE (INDEX ix [NON]CLUSTERED (a)), which
            # sqlglot reads as a column named INDEX: parsed apart, put back after parsing
            inline = _tsql_inline_indexes(tokens, sql)
            spans = sorted(spans + [(a, b) for a, b, _pieces in inline])
        if spans:
            # tsql table clauses sqlglot lacks and no rule reads (see _tsql_table_extras):
            # blank them (offsets stay) and parse the rest
            for start, end in reversed(spans):
                sql = blank(sql, start, end + 1)
            tokens = tokenizer.tokenize(sql)
    elif kind == "CREATE INDEX" and (dialect.sqlglot or dialect.name) == "tsql" \
            and _WHERE_THEN_WITH.search(sql) is not None:
        spans = _tsql_index_storage(tokens)
        if spans:
            for start, end in reversed(spans):
                sql = blank(sql, start, end + 1)
            tokens = tokenizer.tokenize(sql)
    elif kind in ("CREATE TABLE", "ALTER TABLE") and (dialect.sqlglot or dialect.name) == "duckdb" \
            and _DUCKDB_EXTRAS.search(sql) is not None:
        spans = _duckdb_table_extras(tokens)
        if spans:
            for start, end in reversed(spans):
                sql = blank(sql, start, end + 1)
            tokens = tokenizer.tokenize(sql)
    elif kind in ("CREATE TABLE", "ALTER TABLE", "CREATE INDEX") and \
            (dialect.sqlglot or dialect.name) == "oracle" and \
            _ORACLE_PHYSICAL.search(sql) is not None:
        spans = _oracle_physical(tokens)
        if spans:
            for start, end in reversed(spans):
                sql = blank(sql, start, end + 1)
            tokens = tokenizer.tokenize(sql)
    elif kind in ("CREATE TABLE", "ALTER TABLE") and \
            (dialect.sqlglot or dialect.name) in _MYSQL_FAMILY and \
            _MARIADB_EXTRAS.search(sql) is not None:
        # mariadb system versioning, periods, INET6, PERSISTENT ... (_mariadb_table_extras)
        sql, mariadb = _mariadb_table_extras(tokens, sql)
        tokens = tokenizer.tokenize(sql)
    elif kind == "CREATE TABLE" and (dialect.sqlglot or dialect.name) == "sqlite" and \
            _SQLITE_EXTRAS.search(sql) is not None:
        spans = _sqlite_table_extras(tokens)
        if spans:
            for start, end in reversed(spans):
                sql = blank(sql, start, end + 1)
            tokens = tokenizer.tokenize(sql)
    method = None
    partition_cut = False
    if kind == "CREATE INDEX" and (dialect.sqlglot or dialect.name) == "oracle" and \
            len(tokens) > 2 and tokens[1].text.upper() == "BITMAP":
        # oracle CREATE BITMAP INDEX: sqlglot keeps it as raw text. Blank the word (offsets
        # stay) and put the method into the tree: a bitmap index is no btree to any rule
        method = "bitmap"
        sql = blank(sql, tokens[1].start, tokens[1].end + 1)
        tokens = tokenizer.tokenize(sql)
    if kind == "CREATE INDEX" and (dialect.sqlglot or dialect.name) in ("oracle", "sqlite"):
        span = _index_schema(tokens)
        if span is not None:
            # CREATE INDEX schema.ix ON t: oracle keeps it as raw text, and sqlite reads
            # "schema" as the index and "ix" as its table. Blank "schema." (offsets stay)
            sql = blank(sql, span[0], span[1] + 1)
            tokens = tokenizer.tokenize(sql)
    for _attempt in range(8):
        try:
            trees = parser.parse(tokens, sql)
            break
        except ParseError as exc:
            at = _error_token(exc, tokens)
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
            moved = _USING_BEFORE_ON.search(sql) if kind == "CREATE INDEX" else None
            if moved is not None:
                # mysql/mariadb: CREATE INDEX ix USING BTREE ON t (a) is valid, but sqlglot
                # reads neither that nor a trailing USING: blank it (offsets stay) and put
                # the method into the tree after parsing
                method = moved.group(1).split()[-1]
                sql = blank(sql, moved.start(), moved.end())
                tokens = tokenizer.tokenize(sql)
                continue
            pk_using = _PK_USING.search(sql) if kind in ("CREATE TABLE", "ALTER TABLE") \
                and (dialect.sqlglot or dialect.name) in _MYSQL_FAMILY else None
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
                    (dialect.sqlglot or dialect.name) in _TRAILING_PARTITION:
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
                    kind == "INSERT" and dialect.raw_kinds
                    and _INSERT_EXEC.match(sql) is not None):
                # procedural bodies and the dialect's statements sqlglot has no grammar
                # for (tsql BULK INSERT, DISABLE TRIGGER): not analysed, not an error.
                # Also a DROP FUNCTION whose signature names its parameters (postgres
                # DROP FUNCTION f(p_day date), as pg_dump and goose files write it):
                # sqlglot reads only bare types there
                return None, True, None
            return None, False, _parse_problem(exc, tokens, sql, at)
        except RecursionError:
            return None, False, ParseProblem("statement is nested too deeply to parse", 1, 1)
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
    if isinstance(tree, exp.Command):
        if kind == "ALTER TABLE" and (dialect.sqlglot or dialect.name) == "tsql":
            again = _tsql_default_for(sql, parser, tokenizer)
            if again is not None:
                return again, False, None
        if kind == "ALTER TABLE" and (dialect.sqlglot or dialect.name) == "postgres" and \
                _PARTITION_ACTION.search(sql) is not None:
            alter = partition_alter(tokens, sql)
            if alter is not None:
                return alter, False, None
        if kind == "ALTER TABLE" and (dialect.sqlglot or dialect.name) in _MYSQL_FAMILY:
            # ALTER TABLE t ADD PRIMARY KEY USING BTREE (a): sqlglot keeps it as raw text
            pk_using = _PK_USING.search(sql)
            if pk_using is not None:
                again, raw_again, problem = parse_text(
                    blank(sql, pk_using.start(1), pk_using.end(1)), dialect, None, kind)
                if again is not None and not raw_again and problem is None:
                    return again, False, None
        if kind == "CREATE TABLE" and (dialect.sqlglot or dialect.name) in _TRAILING_PARTITION:
            # SUBPARTITION BY, PARTITION BY HASH (a) PARTITIONS 4: raw text, as above
            span = _partition_clause(tokens)
            if span is not None:
                again, raw_again, problem = parse_text(
                    blank(sql, span[0], span[1] + 1), dialect, None, kind)
                if again is not None and not raw_again and problem is None:
                    if mariadb is not None:
                        _mariadb_fixups(again, mariadb)
                    return again, False, None
        if kind == "ALTER TABLE" and (dialect.sqlglot or dialect.name) == "oracle":
            again = _oracle_modify(sql, dialect)
            if again is not None:
                return again, False, None
        if kind in ("CREATE TABLE", "ALTER TABLE") and \
                (dialect.sqlglot or dialect.name) == "oracle":
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
    if kind != "CREATE INDEX" or (dialect.sqlglot or dialect.name) != "tsql":
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
    if inline and isinstance(tree, exp.Create):
        indexes = [ix for pieces in (p for _a, _b, p in inline)
                   if (ix := _inline_index_tree(pieces, parser, tokenizer)) is not None]
        if indexes:      # (meta: sqlglot's walks and generator never look there)
            tree.meta["inline_indexes"] = indexes
    return tree, False, None


def token_words(tokens: Sequence[Any], quoted: str = "") -> list[str]:
    """Each token's text in capitals, for matching keywords; a string or quoted name is
    ``quoted`` instead (by default ""), so that no text inside one is taken for a word."""
    return [t.text.upper() if t.token_type.name not in ("STRING", "IDENTIFIER") else quoted
            for t in tokens]


_ON_ONLY = LazyPattern(r"(?i)\bON\s+(ONLY)\s")
_ORGANIZATION = LazyPattern(r"(?i)\bORGANIZATION\s+(?:INDEX|HEAP)\b")
_TSQL_EXTRAS = LazyPattern(
    r"(?i)CLUSTERED\b|ROWGUIDCOL|SPARSE|REPLICATION|TEXTIMAGE_ON|FILESTREAM|NOCHECK|MASKED"
    r"|\bWITH\s+CHECK\b|\bXML\]?\s*\(|\bUNIQUE\b[^;]*?\b(?:ASC|DESC)\b|\bINDEX\b")
_TSQL_COLUMN_FLAGS = frozenset({"ROWGUIDCOL", "SPARSE", "FILESTREAM"})
_INDEX_WORD = LazyPattern(r"(?i)\bINDEX\b")
_TSQL_NAME = r'(?:\[[^\]]*\]|"[^"]*"|[\w@#$]+)(?:\s*\.\s*(?:\[[^\]]*\]|"[^"]*"|[\w@#$]+))*'


def _tsql_inline_indexes(tokens: Sequence[Any], sql: str) -> list[tuple[int, int, list[Any]]]:
    """The indexes a tsql CREATE TABLE declares among its columns, as ``(start, end,
    pieces)``: the offsets to blank (a table-level ``, INDEX ix [UNIQUE] [NON]CLUSTERED
    [COLUMNSTORE | HASH] (a, b DESC) [INCLUDE (...)] [WHERE ...] [WITH (...)] [ON fg]``
    with its comma, or a column's own ``INDEX ix [NON]CLUSTERED``), and the pieces of an
    equivalent ``CREATE INDEX ix ON t (...)``: ``(text, offset in sql or None)``, so that
    the names in its tree keep their places in the statement."""
    n = len(tokens)
    words = token_words(tokens)
    # the table name: the last name before the column list's "("
    open_at = next((i for i, w in enumerate(words) if w == "("), None)
    if open_at is None or open_at < 3:
        return []
    first_name = 2 if words[2] not in ("IF",) else 5    # CREATE TABLE [IF NOT EXISTS] name
    table = (sql[tokens[first_name].start:tokens[open_at - 1].end + 1], tokens[first_name].start)
    out: list[tuple[int, int, list[Any]]] = []
    depth, element, column = 0, open_at + 1, open_at + 1
    i = open_at
    while i < n:
        w = words[i]
        if w == "(":
            depth += 1
        elif w == ")":
            depth -= 1
            if depth == 0:
                break
        elif w == "," and depth == 1:
            element = column = i + 1
        elif w == "INDEX" and depth == 1 and tokens[i].token_type.name == "INDEX" \
                and i + 1 < n:
            # to the end of the element: the next "," or ")" at this depth
            j, d = i + 1, 1
            while j < n:
                d += {"(": 1, ")": -1}.get(words[j], 0)
                if d == 0 or (d == 1 and words[j] == ","):
                    break
                j += 1
            last = j - 1
            name = tokens[i + 1]
            head = ["CREATE "]
            k = i + 2
            if k <= last and words[k] == "UNIQUE":
                head.append("UNIQUE ")
                k += 1
            while k <= last and words[k] in ("CLUSTERED", "NONCLUSTERED"):
                k += 1
            method = None
            if k <= last and words[k] in ("COLUMNSTORE", "HASH"):
                method = words[k].lower()
                k += 1
            pieces: list[Any] = ["".join(head) + "INDEX ", (sql[name.start:name.end + 1], name.start),
                                 " ON ", table, " "]
            if i == element:                     # a table-level INDEX element
                if k > last or words[k] != "(":
                    out.append((tokens[i - 1].start, tokens[last].end, []))
                    i = j
                    continue                     # CLUSTERED COLUMNSTORE: no column list
                # sqlglot reads WHERE or WITH (...) but not both: the storage options
                # (WITH (FILLFACTOR = 90), ON [PRIMARY]) after a filter, which no rule
                # reads, are left out (the index was lost)
                upto, d, where = last, 0, False
                for t in range(k, last + 1):
                    d += {"(": 1, ")": -1}.get(words[t], 0)
                    if d == 0 and words[t] == "WHERE":
                        where = True
                    elif d == 0 and where and words[t] in ("WITH", "ON") and t > k:
                        upto = t - 1
                        break
                pieces.append((sql[tokens[k].start:tokens[upto].end + 1], tokens[k].start))
                start = tokens[i - 1].start      # with the comma before it
            else:                                # a column's INDEX: on that column
                col = tokens[column]
                pieces += ["(", (sql[col.start:col.end + 1], col.start), ")"]
                start = tokens[i].start
            out.append((start, tokens[last].end, pieces + [method]))
            i = j
            continue
        i += 1
    return out


def _inline_index_tree(pieces: list[Any], parser: Any, tokenizer: Any) -> Any:
    """The CREATE INDEX tree of :func:`_tsql_inline_indexes`'s pieces, its identifiers
    moved to their offsets in the CREATE TABLE statement; None if it does not parse."""
    if not pieces:
        return None
    *parts, method = pieces
    tree = _parse_pieces(parts, parser, tokenizer)
    if not isinstance(tree, _SG[0].Create) or not isinstance(tree.this, _SG[0].Index):
        return None
    if method is not None:
        params = tree.this.args.get("params")
        if params is not None:
            params.set("using", _SG[0].Var(this=method))
    return tree


_DEFAULT_FOR = LazyPattern(
    r"(?is)(\s*ALTER\s+TABLE\s+" + _TSQL_NAME + r")\s+(?:WITH\s+(?:NO)?CHECK\s+)?ADD\s+"
    r"(?:CONSTRAINT\s+" + _TSQL_NAME + r"\s+)?DEFAULT\s+(.+?)\s+FOR\s+(" + _TSQL_NAME
    + r")\s*;?\s*\Z")


def _tsql_default_for(sql: str, parser: Any, tokenizer: Any) -> Any:
    """SSMS's ``ALTER TABLE t ADD CONSTRAINT df DEFAULT (0) FOR c`` (sqlglot keeps it as
    raw text) as the ``ALTER TABLE t ALTER COLUMN c SET DEFAULT (0)`` it amounts to, names
    at their places in ``sql``; None when it is not that statement."""
    m = _DEFAULT_FOR.match(sql)
    if m is None:
        return None
    tree = _parse_pieces([(m.group(1), 0), " ALTER COLUMN ", (m.group(3), m.start(3)),
                          " SET DEFAULT ", (m.group(2), m.start(2))], parser, tokenizer)
    return tree if isinstance(tree, _SG[0].Alter) else None


def _parse_pieces(parts: list[Any], parser: Any, tokenizer: Any) -> Any:
    """The tree of a statement put together from ``parts`` (text, or ``(text, offset in
    the statement written)``), its identifiers moved to where they are in the statement
    written (so findings point there); None if it does not parse."""
    text, where = "", []
    for part in parts:
        if isinstance(part, tuple):
            where.append((len(text), len(part[0]), part[1]))
            text += part[0]
        else:
            text += part
    try:
        tree = parser.parse(tokenizer.tokenize(text), text)[0]
    except Exception:  # noqa: BLE001 - what sqlglot cannot read stays out, as before
        return None
    if tree is None:
        return None
    for node in tree.find_all(_SG[0].Identifier):
        meta = node._meta
        start = meta.get("start") if meta else None
        if start is None:
            continue
        for at, size, orig in where:
            if at <= start < at + size:
                meta["start"] = orig + start - at
                meta["end"] = orig + meta.get("end", start) - at
                break
    return tree


def _tsql_table_extras(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """The (start, end) offsets of the tsql CREATE / ALTER TABLE words sqlglot reads
    nowhere (or only in some spellings), found from the tokens so that no string, comment
    or quoted name is touched. None of them changes what a rule reads:

    - ``CLUSTERED`` / ``NONCLUSTERED`` after PRIMARY KEY or UNIQUE: sqlglot reads it only
      in the ``CONSTRAINT name ... (cols)`` form (a column's ``id int PRIMARY KEY
      CLUSTERED`` and an unnamed ``PRIMARY KEY CLUSTERED (a)`` fail);
    - the column flags ``ROWGUIDCOL``, ``SPARSE``, ``FILESTREAM`` and ``NOT FOR
      REPLICATION`` (after IDENTITY (1, 1), CHECK or a foreign key);
    - ``TEXTIMAGE_ON fg`` / ``FILESTREAM_ON fg`` (where large values are stored);
    - ``ALTER TABLE t WITH NOCHECK | WITH CHECK ADD ...`` (whether existing rows are
      checked when the constraint is added: the constraint is there either way);
    - a typed ``xml(CONTENT schema_collection)``: the column stays ``xml``;
    - dynamic data masking, ``MASKED WITH (FUNCTION = 'default()')``;
    - ``ASC`` / ``DESC`` in a UNIQUE constraint's column list (SSMS writes
      ``UNIQUE NONCLUSTERED (a ASC)``); the key is the same set of columns either way.
    """
    spans = []
    n = len(tokens)
    words = token_words(tokens)
    unique_depth = -1       # the paren depth of a UNIQUE column list being read
    depth = 0
    for i in range(1, n):
        tok, w = tokens[i], words[i]
        if w == "(":
            depth += 1
            if words[i - 1] in ("UNIQUE", "CLUSTERED", "NONCLUSTERED") and unique_depth < 0 and \
                    (words[i - 1] == "UNIQUE" or words[i - 2] == "UNIQUE"):
                unique_depth = depth
            elif tokens[i - 1].text.upper() == "XML" and words[i - 2] not in ("(", ","):
                # (xml or [xml] after a column name)
                j, inner = i + 1, 1
                while j < n and inner:
                    inner += {"(": 1, ")": -1}.get(words[j], 0)
                    j += 1
                spans.append((tok.start, tokens[j - 1].end))
            continue
        if w == ")":
            if depth == unique_depth:
                unique_depth = -1
            depth -= 1
            continue
        if w in ("CLUSTERED", "NONCLUSTERED"):
            prev = tokens[i - 1]
            if prev.token_type.name in ("PRIMARY_KEY", "UNIQUE") or (
                    words[i - 1] == "KEY" and words[i - 2] == "PRIMARY"):
                spans.append((tok.start, tok.end))
                if i + 1 < n and words[i + 1] == "HASH":
                    # memory-optimized tables: PRIMARY KEY NONCLUSTERED HASH [(a)] WITH
                    # (BUCKET_COUNT = n); sqlglot failed on it (column) or lost the key
                    spans.append((tokens[i + 1].start, tokens[i + 1].end))
        elif w in _TSQL_COLUMN_FLAGS and words[i - 1] not in ("(", ",", ""):
            spans.append((tok.start, tok.end))
        elif w == "REPLICATION" and words[i - 1] == "FOR" and words[i - 2] == "NOT":
            spans.append((tokens[i - 2].start, tok.end))
        elif w in ("TEXTIMAGE_ON", "FILESTREAM_ON") and i + 1 < n:
            spans.append((tok.start, tokens[i + 1].end))
        elif w in ("NOCHECK", "CHECK") and words[i - 1] == "WITH" and i + 1 < n and \
                words[i + 1] == "ADD":
            spans.append((tokens[i - 1].start, tok.end))
        elif w == "MASKED" and i + 2 < n and words[i + 1] == "WITH" and words[i + 2] == "(" \
                and words[i - 1] not in ("(", ","):
            # dynamic data masking: MASKED WITH (FUNCTION = 'default()')
            j, inner = i + 3, 1
            while j < n and inner:
                inner += {"(": 1, ")": -1}.get(words[j], 0)
                j += 1
            spans.append((tok.start, tokens[j - 1].end))
        elif w in ("ASC", "DESC") and depth == unique_depth:
            spans.append((tok.start, tok.end))
    return spans


_WHERE_THEN_WITH = LazyPattern(r"(?is)\bWHERE\b.*\bWITH\s*\(")


def _tsql_index_storage(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """The offsets of a filtered tsql CREATE INDEX's storage options after its WHERE:
    ``WITH (FILLFACTOR = 90, ...)`` and ``ON filegroup`` (sqlglot reads a filter or WITH
    options, not both, and kept the index as raw text). No rule reads them."""
    words = token_words(tokens)
    n, depth, where = len(tokens), 0, False
    for i, w in enumerate(words):
        depth += {"(": 1, ")": -1}.get(w, 0)
        if depth == 0 and w == "WHERE":
            where = True
        elif depth == 0 and where and w == "WITH" and i + 1 < n and words[i + 1] == "(":
            return [(tokens[i].start, tokens[-1].end)]     # WITH (...) [ON fg] to the end
    return []


_DUCKDB_EXTRAS = LazyPattern(r"(?i)\bCOMPRESSION\b|\bVIRTUAL\b")


def _duckdb_table_extras(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """The offsets of the duckdb column clauses sqlglot reads nowhere, from the tokens:
    ``USING COMPRESSION name`` (the column's storage compression) and the ``VIRTUAL`` after
    ``GENERATED ALWAYS AS (expr)`` (duckdb's only kind of generated column, the default)."""
    spans = []
    words = token_words(tokens)
    for i in range(1, len(tokens)):
        w = words[i]
        if w == "COMPRESSION" and words[i - 1] == "USING" and i + 1 < len(tokens):
            spans.append((tokens[i - 1].start, tokens[i + 1].end))
        elif w == "VIRTUAL" and words[i - 1] == ")":
            spans.append((tokens[i].start, tokens[i].end))
    return spans


# -- mariadb table clauses sqlglot lacks ---------------------------------------------------
_MARIADB_EXTRAS = LazyPattern(
    r"(?i)\bSYSTEM\s+VERSIONING\b|\bPERIOD\s+FOR\b|\bAS\s+ROW\s+(?:START|END)\b|\bINET[46]\b"
    r"|\bPERSISTENT\b|\bCOMPRESSED\b|\bWITHOUT\s+OVERLAPS\b|\bFLOAT\b[^,]*?\bUNSIGNED\b"
    r"|\b(?:INDEX|KEY)\s+IF\s+NOT\s+EXISTS\b|\bNEXT\s+VALUE\s+FOR\b")
_NOT_A_TYPE_AFTER = frozenset({"(", ",", "ADD", "COLUMN", "MODIFY", "CHANGE", "KEY", "INDEX",
                               "TABLE", "EXISTS", "BY", "ON", "=", "."})


def _mariadb_table_extras(tokens: Sequence[Any], sql: str) -> tuple[str, Any]:
    """``sql`` with the mariadb table clauses sqlglot reads nowhere blanked or rewritten in
    place (offsets stay), and what to put back into the tree (:func:`_mariadb_fixups`):

    - ``WITH[OUT] SYSTEM VERSIONING`` (table and column), ``[GENERATED ALWAYS] AS ROW
      START|END``, ``PERIOD FOR name (a, b)``: system-versioned and application-time
      tables. The columns stay; no rule reads the history;
    - ``WITHOUT OVERLAPS`` in a key: the key's period name is put back as its two columns;
    - ``INET4`` / ``INET6`` column types: parsed as INET, then given their own name back;
    - ``PERSISTENT`` (mariadb's word for STORED), the ``COMPRESSED[=zlib]`` column
      attribute, and ``UNSIGNED`` after FLOAT (valid, but sqlglot refuses it);
    - ``ADD INDEX|KEY IF NOT EXISTS ix`` and ``FOREIGN KEY IF NOT EXISTS``: the index is
      marked, so that the catalog skips it when the table has one of that name;
    - ``DEFAULT (NEXT VALUE FOR s)``: rewritten in place as ``DEFAULT  NEXTVAL(   s)``,
      the same default in the form sqlglot reads."""
    words = token_words(tokens)
    n = len(tokens)
    edits: list[tuple[int, int, str | None]] = []    # (start, end inclusive, replacement)
    inets: list[str] = []
    periods: dict[str, tuple[str, str]] = {}
    guarded: set[str] = set()
    for i, w in enumerate(words):
        if w in ("WITH", "WITHOUT") and words[i + 1:i + 3] == ["SYSTEM", "VERSIONING"]:
            edits.append((tokens[i].start, tokens[i + 2].end, None))
        elif w == "AS" and i + 2 < n and words[i + 1] == "ROW" and words[i + 2] in ("START", "END"):
            first = i - 2 if words[i - 2:i] == ["GENERATED", "ALWAYS"] else i
            edits.append((tokens[first].start, tokens[i + 2].end, None))
        elif w == "PERIOD" and i + 6 < n and words[i + 1] == "FOR" and words[i + 3] == "(" \
                and words[i + 5] == "," and words[i + 7:i + 8] == [")"]:
            first = i - 1 if words[i - 1] == "," else i
            edits.append((tokens[first].start, tokens[i + 7].end, None))
            if words[i + 2] != "SYSTEM_TIME":
                periods[tokens[i + 2].text.lower()] = (tokens[i + 4].text, tokens[i + 6].text)
        elif w == "WITHOUT" and words[i + 1:i + 2] == ["OVERLAPS"]:
            edits.append((tokens[i].start, tokens[i + 1].end, None))
        elif w in ("INET4", "INET6") and i > 1 and words[i - 1] not in _NOT_A_TYPE_AFTER:
            edits.append((tokens[i].start, tokens[i].end, "INET "))
            inets.append(w.lower())
        elif w == "PERSISTENT" and words[i - 1] == ")":
            edits.append((tokens[i].start, tokens[i].end, "STORED    "))
        elif w == "COMPRESSED" and words[i - 1] != "=":
            last = i + 2 if words[i + 1:i + 2] == ["="] and i + 2 < n else i
            edits.append((tokens[i].start, tokens[last].end, None))
        elif w == "IF" and words[i + 1:i + 3] == ["NOT", "EXISTS"] and \
                words[i - 1] in ("INDEX", "KEY", "FOREIGN KEY"):
            edits.append((tokens[i].start, tokens[i + 2].end, None))
            if i + 3 < n:
                guarded.add(tokens[i + 3].text.lower())
        elif w == "NEXT" and words[i - 1] == "(" and words[i + 1:i + 3] == ["VALUE", "FOR"] \
                and (words[i + 4:i + 5] == [")"] or (words[i + 4:i + 5] == ["."]
                                                     and words[i + 6:i + 7] == [")"])):
            edits.append((tokens[i - 1].start, tokens[i - 1].end, " "))
            edits.append((tokens[i].start, tokens[i + 2].end, "NEXTVAL("))
        elif w == "UNSIGNED":
            j = i - 1
            if words[j] == ")":
                while j > 0 and words[j] != "(":
                    j -= 1
                j -= 1
            if j >= 0 and words[j] == "FLOAT":
                edits.append((tokens[i].start, tokens[i].end, None))
    for start, end, text in reversed(edits):
        sql = blank(sql, start, end + 1) if text is None else \
            sql[:start] + text.ljust(end + 1 - start) + sql[end + 1:]
    return sql, (inets, periods, guarded) if inets or periods or guarded else None


def _mariadb_fixups(tree: Any, fixups: Any) -> None:
    """Put back what :func:`_mariadb_table_extras` took out: the INET4/INET6 types (in
    the order of the columns), each ``WITHOUT OVERLAPS`` period as its two columns, and
    the mark of an index added IF NOT EXISTS."""
    from sqlglot import exp

    inets, periods, guarded = fixups
    if guarded:
        for ix in tree.find_all(exp.IndexColumnConstraint):
            if ix.this is not None and ix.this.name.lower() in guarded:
                ix.meta["if_not_exists"] = True
    if inets:
        names = iter(inets)
        for cd in tree.find_all(exp.ColumnDef):
            kind = cd.args.get("kind")
            if isinstance(kind, exp.DataType) and kind.this == exp.DataType.Type.INET:
                cd.set("kind", exp.DataType.build(next(names, "inet6"), udt=True))
    if periods:
        for key in tree.find_all(exp.PrimaryKey, exp.UniqueColumnConstraint):
            holder = key if isinstance(key, exp.PrimaryKey) else key.this
            if not isinstance(holder, (exp.PrimaryKey, exp.Schema)):
                continue
            parts = []
            for e in holder.expressions:
                cols = periods.get(e.name.lower()) if isinstance(e, (exp.Identifier, exp.Column)) \
                    else None
                if cols is None:
                    parts.append(e)
                else:
                    make = exp.to_identifier if isinstance(e, exp.Identifier) else exp.column
                    parts.extend(make(c) for c in cols)
            holder.set("expressions", parts)


# -- trailing PARTITION BY (mysql, oracle) -------------------------------------------------
def _partition_clause(tokens: Sequence[Any]) -> tuple[int, int] | None:
    """The offsets (start, end inclusive) of a CREATE TABLE's trailing ``PARTITION BY``
    clause, after its column list, to the end of the statement; None if there is none or
    the table is made AS SELECT (its columns would go with it)."""
    depth, seen = 0, False
    for i, tok in enumerate(tokens):
        name = tok.token_type.name
        if name == "L_PAREN":
            depth += 1
        elif name == "R_PAREN":
            depth -= 1
            seen = seen or depth == 0
        elif depth == 0 and seen and (name == "PARTITION_BY" or (
                tok.text.upper() == "PARTITION" and i + 1 < len(tokens)
                and tokens[i + 1].text.upper() == "BY")):
            if any(t.token_type.name == "SELECT" for t in tokens[i:]):
                return None
            end = len(tokens) - 1
            if tokens[end].token_type.name == "SEMICOLON":
                end -= 1
            return tok.start, tokens[end].end
    return None


# -- sqlite table clauses sqlglot lacks ----------------------------------------------------
_SQLITE_EXTRAS = LazyPattern(r"(?i)\bWITHOUT\s+ROWID\b|\bON\s+CONFLICT\b|\bVIRTUAL\s+TABLE\b")
_CONFLICT_ACTIONS = frozenset({"ROLLBACK", "ABORT", "FAIL", "IGNORE", "REPLACE"})


def _sqlite_table_extras(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """The offsets of the sqlite table clauses sqlglot cannot read: ``WITHOUT ROWID``
    (with its comma next to ``STRICT``), which sqlglot keeps as raw text, losing the
    table, and the ``ON CONFLICT action`` of a column's PRIMARY KEY / UNIQUE / NOT NULL
    or a table PRIMARY KEY. How rows are stored and what an insert does on a conflict
    change no rule."""
    words = token_words(tokens)
    spans = []
    for i, w in enumerate(words):
        if w == "WITHOUT" and words[i + 1:i + 2] == ["ROWID"]:
            first, last = i, i + 1
            if words[i - 1] == ",":
                first = i - 1
            elif words[i + 2:i + 3] == [","]:
                last = i + 2
            spans.append((tokens[first].start, tokens[last].end))
        elif w == "ON" and words[i + 1:i + 2] == ["CONFLICT"] and \
                words[i + 2:i + 3] and words[i + 2] in _CONFLICT_ACTIONS:
            spans.append((tokens[i].start, tokens[i + 2].end))
        elif w == "USING" and i > 3 and "VIRTUAL" in words[:i] and words[i + 2:i + 3] == ["("]:
            spans.extend(_module_options(tokens, words, i + 2))
            break
    return spans


def _module_options(tokens: Sequence[Any], words: Sequence[str], at: int) -> list[tuple[int, int]]:
    """The offsets of the ``key = value`` arguments (fts5 ``content='t'``,
    ``tokenize='porter'``) of a virtual table's module, whose ``(`` is token ``at``, with
    a comma next to each: sqlglot reads only bare names there (fts5's columns)."""
    args: list[tuple[int, int]] = []
    depth, first = 0, at + 1
    for j in range(at, len(tokens)):
        if words[j] == "(":
            depth += 1
        elif words[j] == ")":
            depth -= 1
            if depth == 0:
                args.append((first, j - 1))
                break
        elif words[j] == "," and depth == 1:
            args.append((first, j - 1))
            first = j + 1
    spans = []
    for k, (a, b) in enumerate(args):
        if b >= a and "=" in words[a:b + 1]:
            if k + 1 < len(args):
                b += 1                  # with the comma after it
            elif k > 0:
                a -= 1                  # the last argument: with the comma before it
            spans.append((tokens[a].start, tokens[b].end))
    return spans


# -- oracle physical attributes and MODIFY (...) -------------------------------------------
_ORACLE_PHYSICAL = LazyPattern(
    r"(?i)\b(?:SEGMENT\s+CREATION|PCTFREE|PCTUSED|INITRANS|MAXTRANS|STORAGE\s*\(|NOCOMPRESS"
    r"|COMPRESS|NOLOGGING|LOGGING|NOCACHE|PARALLEL|NOPARALLEL|MONITORING|NOMONITORING"
    r"|COMPUTE\s+STATISTICS|ROW\s+MOVEMENT|LOB\s*\(|NESTED\s+TABLE)\b")
_ORACLE_NUMBERED = frozenset({"PCTFREE", "PCTUSED", "INITRANS", "MAXTRANS", "PCTTHRESHOLD"})
_ORACLE_FLAGS = frozenset({"NOCOMPRESS", "LOGGING", "NOLOGGING", "CACHE", "NOCACHE",
                           "NOPARALLEL", "MONITORING", "NOMONITORING", "ROWDEPENDENCIES",
                           "NOROWDEPENDENCIES"})
_COMPRESS_WORDS = frozenset({"BASIC", "ADVANCED", "FOR", "OLTP", "QUERY", "ARCHIVE", "LOW",
                             "HIGH", "DIRECT_LOAD", "ALL", "OPERATIONS"})


def _oracle_physical(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """The offsets of oracle's physical attribute clauses after a table's column list, a
    key's columns (``USING INDEX PCTFREE 10 ... TABLESPACE "USERS"``) or an index's
    columns, as SQL Developer and DBMS_METADATA write them: ``SEGMENT CREATION ...``,
    ``PCTFREE n``, ``STORAGE (...)``, ``TABLESPACE t``, ``[NO]COMPRESS ...``,
    ``[NO]LOGGING``, ``COMPUTE STATISTICS``, ``LOB (c) STORE AS ... (...)``, ``NESTED TABLE c
    STORE AS t``, ``ENABLE ROW MOVEMENT``... sqlglot reads a few of them and keeps the rest
    as raw text (the table lost); where rows are stored changes no rule."""
    words = token_words(tokens, '"')
    n = len(words)

    def close(j: int) -> int:      # the token after the ")" matching the "(" at j
        depth = 0
        for k in range(j, n):
            if words[k] == "(":
                depth += 1
            elif words[k] == ")":
                depth -= 1
                if depth == 0:
                    return k + 1
        return n

    def name_at(j: int) -> bool:
        return j < n and (words[j] == '"' or tokens[j].token_type.name == "VAR")

    def clause(j: int) -> int:     # the end of the clause at j, or j if there is none
        if j >= n:
            return j
        w = words[j]
        nxt = words[j + 1] if j + 1 < n else ""
        if w == "SEGMENT" and nxt == "CREATION" and j + 2 < n:
            return j + 3
        if w in _ORACLE_NUMBERED and tokens[j + 1:j + 2] and \
                tokens[j + 1].token_type.name == "NUMBER":
            return j + 2
        if w in _ORACLE_FLAGS:
            return j + 1
        if w == "COMPUTE" and nxt == "STATISTICS":
            return j + 2
        if w == "PARALLEL":
            return j + 2 if tokens[j + 1:j + 2] and tokens[j + 1].token_type.name == "NUMBER" \
                else j + 1
        if w == "COMPRESS":
            k = j + 1
            if k < n and tokens[k].token_type.name == "NUMBER":
                return k + 1
            while k < n and words[k] in _COMPRESS_WORDS:
                k += 1
            return k
        if w == "STORAGE" and nxt == "(":
            return close(j + 1)
        if w == "TABLESPACE" and name_at(j + 1):
            return j + 2
        if w in ("ENABLE", "DISABLE") and nxt == "ROW" and words[j + 2:j + 3] == ["MOVEMENT"]:
            return j + 3
        if w == "USING" and nxt == "INDEX" and clause(j + 2) > j + 2:
            return j + 2
        k = j
        if w == "LOB" and nxt == "(":
            k = close(j + 1)
        elif w == "NESTED" and nxt == "TABLE" and name_at(j + 2):
            k = j + 3
        if k == j or words[k:k + 2] != ["STORE", "AS"]:
            return j
        k += 2
        if k < n and words[k] in ("SECUREFILE", "BASICFILE"):
            k += 1
        if name_at(k) and words[k] not in ("(", "RETURN"):
            k += 1
        if k < n and words[k] == "(":
            k = close(k)
        if k < n and words[k] == "RETURN":
            k += 2 if words[k + 1:k + 2] == ["AS"] else 1
            k += 1 if k < n and words[k] in ("LOCATOR", "VALUE") else 0
        return k

    spans = []
    i = 0
    while i < n:
        if words[i] == ")" or (words[i] == "INDEX" and words[i - 1] == "USING"):
            j = i + 1
            while j < n and (k := clause(j)) > j:
                j = k
            if j > i + 1:
                spans.append((tokens[i + 1].start, tokens[j - 1].end))
                i = j
                continue
        i += 1
    return spans


def _index_schema(tokens: Sequence[Any]) -> tuple[int, int] | None:
    """The offsets of ``schema.`` in ``CREATE [UNIQUE|BITMAP] INDEX [IF NOT EXISTS]
    schema.ix ON`` (oracle: DBMS_METADATA and SQL Developer qualify every index; sqlite
    ``main.ix``), which sqlglot cannot read: the index is the table's, in its schema."""
    words = [t.text.upper() for t in tokens[:11]]
    if "INDEX" not in words:
        return None
    i = words.index("INDEX")
    if words[i + 1:i + 4] == ["IF", "NOT", "EXISTS"]:
        i += 3
    if words[i + 2:i + 3] == ["."] and words[i + 4:i + 5] == ["ON"]:
        return tokens[i + 1].start, tokens[i + 2].end
    return None


_ORACLE_MODIFY = LazyPattern(r"(?is)\s*ALTER\s+TABLE\s+(.+?)\s+MODIFY(?:\s*(\()|\s+(?=\S))")


def _oracle_modify(sql: str, dialect: Dialect) -> Any | None:
    """oracle ``ALTER TABLE t MODIFY (c [type] [DEFAULT x] [CONSTRAINT n] [NOT] NULL, ...)``
    or ``MODIFY c ...`` (SQL Developer writes one ``MODIFY ("A" NOT NULL ENABLE)`` for every NOT NULL column),
    which sqlglot keeps as raw text: its items are read as the columns of a CREATE TABLE
    written over the same offsets, and become ALTER COLUMN actions. None for anything else
    (a key or a check in the list)."""
    from sqlglot import exp

    m = _ORACLE_MODIFY.match(sql)
    if m is None or m.end() < 16 or "\n" in sql[:14]:
        return None
    if m.group(2) is not None:          # MODIFY (c ..., d ...)
        text = "CREATE TABLE x" + blank(sql, 14, m.start(2))[14:]
    else:                               # MODIFY c ...: the "(" goes in the space before c
        p = m.end()
        text = "CREATE TABLE x" + blank(sql, 14, p - 1)[14:p - 1] + "(" + \
            sql[p:].rstrip().rstrip(";") + ")"
    tree, raw, problem = parse_text(text, dialect, None, "CREATE TABLE")
    if tree is None or raw or problem is not None or not isinstance(tree.this, exp.Schema):
        return None
    actions = []
    for item in tree.this.expressions:
        if not isinstance(item, exp.ColumnDef):
            return None
        allow_null = default = None
        for cc in item.args.get("constraints") or ():
            kind = cc.args.get("kind")
            if isinstance(kind, exp.NotNullColumnConstraint):
                allow_null = bool(kind.args.get("allow_null"))
            elif isinstance(kind, exp.DefaultColumnConstraint):
                default = kind.this
            else:
                return None
        actions.append(exp.AlterColumn(this=item.this, dtype=item.args.get("kind"),
                                       allow_null=allow_null, default=default))
    try:
        table = exp.to_table(m.group(1).strip(), dialect=dialect.sqlglot or dialect.name)
    except Exception:  # noqa: BLE001 - an odd name: leave the statement as it was
        return None
    return exp.Alter(this=table, kind="TABLE", actions=actions)


# -- postgres ALTER TABLE ... ATTACH / DETACH PARTITION ------------------------------------
_PARTITION_ACTION = LazyPattern(r"(?i)\b(?:ATTACH|DETACH)\s+PARTITION\b")
_BOUND_WORDS = frozenset({"FROM", "IN", "WITH"})
_DETACH_MODES = frozenset({"CONCURRENTLY", "FINALIZE"})


def partition_alter(tokens: Sequence[Any], sql: str) -> Any | None:
    """The syntax tree of a postgres ``ALTER TABLE [IF EXISTS] [ONLY] parent ATTACH
    PARTITION child {FOR VALUES ... | DEFAULT}`` or ``... DETACH PARTITION child
    [CONCURRENTLY | FINALIZE]``, which sqlglot keeps as raw text: an ``exp.Alter`` on the
    parent whose one action is ``exp.Attach(this=child, expressions=[bound])`` (the bound
    as written after FOR VALUES, or DEFAULT, in an ``exp.Var``) or ``exp.Detach(this=child,
    kind="PARTITION", mode=Var)``. The names are built from ``tokens`` (of ``sql``) with
    their positions, as the parser makes them. None for any other shape (the statement
    then stays raw text, AK-SQL002)."""
    from sqlglot import exp

    words = [t.text.upper() if t.token_type.name not in ("IDENTIFIER", "STRING") else ""
             for t in tokens]
    n = len(words)
    while n and words[n - 1] == ";":
        n -= 1
    if n < 6 or words[0] != "ALTER" or words[1] != "TABLE":
        return None
    i, exists, only = 2, False, False
    if words[i] == "IF" and words[i + 1] == "EXISTS":
        exists, i = True, i + 2
    if i < n and words[i] == "ONLY":
        only, i = True, i + 1
    parent, i = _qualified_name(tokens, words, i, n)
    if parent is None or i + 1 >= n or words[i] not in ("ATTACH", "DETACH") or \
            words[i + 1] != "PARTITION":
        return None
    attach = words[i] == "ATTACH"
    child, i = _qualified_name(tokens, words, i + 2, n)
    if child is None:
        return None
    rest = words[i:n]
    if attach:
        if rest == ["DEFAULT"]:
            bound = "DEFAULT"
        elif len(rest) > 3 and rest[:2] == ["FOR", "VALUES"] and rest[2] in _BOUND_WORDS \
                and _bound_values(rest[3:]) == (["TO"] if rest[2] == "FROM" else []):
            bound = _bound_text(tokens[i + 2:n], sql)
        else:
            return None
        action = exp.Attach(this=child, expressions=[exp.Var(this=bound)])
    else:
        if len(rest) > 1 or (rest and rest[0] not in _DETACH_MODES):
            return None
        action = exp.Detach(this=child, kind="PARTITION")
        if rest:
            action.set("mode", exp.Var(this=rest[0]))
    return exp.Alter(this=parent, kind="TABLE", actions=[action], exists=exists, only=only)


def _qualified_name(tokens: Sequence[Any], words: Sequence[str], i: int,
                    n: int) -> tuple[Any, int]:
    """(an exp.Table for the name ``a``, ``s.a`` or ``c.s.a`` at ``tokens[i]``, the index
    after it), or (None, i)."""
    from sqlglot import exp

    parts = []
    while i < n:
        tok = tokens[i]
        kind = tok.token_type.name
        quoted = kind == "IDENTIFIER"
        if not quoted and (kind == "STRING" or not _NAME_WORD.match(tok.text)):
            return None, i
        ident = exp.Identifier(this=tok.text, quoted=quoted)
        ident.update_positions(tok)
        parts.append(ident)
        i += 1
        if len(parts) == 3 or i >= n or words[i] != ".":
            break
        i += 1
    if not parts or words[i - 1] == ".":
        return None, i
    parts.reverse()
    return exp.Table(this=parts[0], db=parts[1] if len(parts) > 1 else None,
                     catalog=parts[2] if len(parts) > 2 else None), i


_NAME_WORD = LazyPattern(r"[^\W\d][\w$]*\Z")


_BOUND_KEYWORDS = frozenset({"FROM", "TO", "IN", "WITH", "MINVALUE", "MAXVALUE", "MODULUS",
                             "REMAINDER"})


def _bound_text(tokens: Sequence[Any], sql: str) -> str:
    """A partition bound as written, keywords in upper case and spaces collapsed (comments
    go): ``from ('a')  to ('b')`` -> ``FROM ('a') TO ('b')``, as a PARTITION OF's bound
    reads from sqlglot's generator."""
    out, end, prev = [], tokens[0].start, ""
    for t in tokens:
        text = sql[t.start:t.end + 1]
        if t.start > end and prev != "(" and text != ")":
            out.append(" ")
        out.append(text.upper() if text.upper() in _BOUND_KEYWORDS else text)
        end, prev = t.end + 1, text
    return "".join(out)


def _bound_values(words: Sequence[str]) -> list[str] | None:
    """The words between the parenthesised groups of a partition bound (``(a) TO (b)``:
    ["TO"]); None when the parentheses do not pair up or the text does not start with a
    group and end with one."""
    depth, between = 0, []
    if not words or words[0] != "(" or words[-1] != ")":
        return None
    for w in words:
        if w == "(":
            depth += 1
        elif w == ")":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0:
            between.append(w)
    return between if depth == 0 else None


# tsql INSERT INTO t [(cols)] EXEC p: rows from a procedure, which sqlglot cannot parse
_INSERT_EXEC = LazyPattern(r"(?is)\s*INSERT\b[^;]*?\)?\s*\bEXEC(?:UTE)?\b")
_MYSQL_FAMILY = frozenset({"mysql", "doris", "starrocks", "singlestore"})
_TRAILING_PARTITION = _MYSQL_FAMILY | {"oracle"}
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
    for tok in tokens:
        word = tok.text.upper()
        # a state word after a constraint: ") DISABLE", "NOT NULL ENABLE", "INDEX ENABLE",
        # or another state word (a column named enable follows "(" or ",": kept)
        if word in _STATE_WORDS and tok.token_type.name == "VAR" and \
                (prev in (")", "NULL", "INDEX", "CASCADE", "DEFERRABLE", "DEFERRED",
                          "IMMEDIATE") or prev in _STATE_WORDS):
            sql = blank(sql, tok.start, tok.end + 1)
        prev = word
    return sql


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
    return (tok.token_type in words or tok.token_type.name in _TYPE_TOKEN_NAMES) and \
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


def _offset_to_line_col(sql: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(sql)))
    line = sql.count("\n", 0, offset) + 1
    return line, offset - (sql.rfind("\n", 0, offset) + 1) + 1


def _parse_problem(exc: Any, tokens: Sequence[Any], sql: str, at: int | None = None) -> ParseProblem:
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
    if at is not None:
        line, col = _offset_to_line_col(sql, tokens[at].start)
    else:
        col = max(1, col - len(highlight) + 1)
    message = _TOKEN_REPR.sub(_token_text, message)
    if highlight and highlight not in message:
        message = f"{message} (at {highlight!r})" if len(highlight) <= 40 else message
    return ParseProblem(message, line, col)


_TOKEN_REPR = LazyPattern(r"<Token token_type: TokenType\.(\w+), text: (.*?), line: \d+.*?>")


def _token_text(m: re.Match[str]) -> str:
    return "the end of the statement" if m.group(1) == "SENTINEL" else repr(m.group(2))


def _to_file_position(p: ParseProblem, raw: RawStatement) -> ParseProblem:
    """Positions inside the statement -> positions in its file."""
    line = raw.line + p.line - 1
    col = raw.col + p.col - 1 if p.line == 1 else p.col
    return ParseProblem(p.message, line, col)
