"""Split SQL text into statements, with positions, without parsing it.

Parsing a whole file with sqlglot is several times slower than parsing its statements
one by one (and one bad statement would hide the rest), so the input is split first.
A naive split on ``;`` is wrong; this scanner knows:

- strings ``'...'`` (``''`` escapes; backslash escapes where the dialect has them),
  quoted identifiers ``"..."``, ```...``` and ``[...]`` (tsql);
- comments ``-- ...``, ``# ...`` (mysql), ``/* ... */`` (nested in postgres);
- dollar quotes ``$$ ... $$`` / ``$tag$ ... $tag$`` (postgres, duckdb, snowflake);
- ``BEGIN ... END`` bodies of triggers, functions and procedures (sqlite, mysql,
  tsql, oracle), where ``;`` ends an inner statement, not the outer one;
- the mysql client's ``DELIMITER //`` lines, tsql's ``GO`` and oracle's ``/`` lines;
- psql's backslash commands (``\\connect db``, pg_dump's ``\\restrict key``, ``\\gexec``),
  which run to the end of their line, and the data rows after ``COPY ... FROM stdin;``
  up to the ``\\.`` line (a pg_dump with data);
- SQL*Plus commands (``REM``, ``PROMPT``, ``SET ECHO OFF``, ``CONNECT u/p``, ``@script``,
  ``DEFINE``, ``SPOOL`` ...), which run to the end of their line (oracle);
- the sqlite3 shell's ``.mode`` / ``.read`` dot-commands and ``#`` comment lines between
  statements (sqlite).

It is a regex-driven scanner: it only visits the characters that can change its
state, which keeps it linear and fast (a 1 MB file in a few tens of milliseconds).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from archkit.lazyre import LazyPattern
from archkit.schema.search_path import SWITCHING, follow_schema_switches

__all__ = ["STRING_LITERAL", "LazyPattern", "LineIndex", "RawStatement", "blank", "split_sql"]


_NOT_LINE_BREAK = LazyPattern(r"[^\r\n]")


# a SQL string literal ('it''s', N'...'): what names and keywords inside it are not
STRING_LITERAL = LazyPattern(r"N?'(?:[^']|'')*'")


def blank(text: str, start: int = 0, end: int | None = None) -> str:
    """``text`` with ``text[start:end]`` turned into spaces, line breaks kept: every later
    character keeps its offset, line and column (for parsing past a clause sqlglot lacks,
    or leaving out part of a file, with positions still those of the file)."""
    end = len(text) if end is None else end
    return text[:start] + _NOT_LINE_BREAK.sub(" ", text[start:end]) + text[end:]


@dataclass(frozen=True)
class RawStatement:
    sql: str                      # the statement text, without its terminator
    start: int                    # offset of its first character in the input
    end: int                      # offset just past its last character
    line: int                     # 1-based position of the first character
    col: int
    end_line: int                 # line of the terminator (or of the last character)
    lead: str = ""                # comments between the previous statement and this one
    lead_line: int = 0            # first line of ``lead``
    trailer: str = ""             # a comment after the terminator, on the same line
    unterminated: tuple[int, str] | None = None   # (offset in input, "string"...) if it runs off the end
    element_of: str | None = None  # a schema element: the schema (as written) of the
                                   # CREATE SCHEMA s CREATE TABLE t ... it is part of
    home: str | None = None        # the schema the file's first USE names, whose tables
                                   # are named unqualified (search_path.py)
    wrapped: bool = False          # one of the statements a DO block wraps (_do_blocks)
    trailer_col: int = 0           # column of the trailer's first character (0: unknown)


class LineIndex:
    """Offset -> (line, col), 1-based; columns count characters.

    The table of line starts is built on first use: ``split_sql`` counts lines as it
    goes and never needs it."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            starts = [0]
            starts.extend(m.end() for m in re.finditer("\n", self._text))
            self._starts = starts
        return self._starts

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def line(self, offset: int) -> int:
        return bisect_right(self.starts, offset)


@dataclass(frozen=True)
class _Syntax:
    backslash_strings: bool = False   # '\'' escapes (mysql, bigquery)
    double_quote_strings: bool = False
    hash_comments: bool = False
    nested_comments: bool = False
    dollar_quotes: bool = False
    bracket_identifiers: bool = False
    backticks: bool = False
    go_batches: bool = False          # tsql GO lines
    slash_lines: bool = False         # oracle / lines
    delimiter_command: bool = False   # mysql DELIMITER
    routine_blocks: bool = True       # BEGIN ... END bodies of routines
    declare_sections: bool = False    # oracle: declarations (with ;) before BEGIN
    declare_blocks: bool = False      # snowflake: DECLARE <declarations;> BEGIN ... END;
    psql_commands: bool = False       # psql \commands and COPY ... FROM stdin data
    sqlplus_commands: bool = False    # oracle SQL*Plus REM, PROMPT, SET, CONNECT ... lines
    sqlcmd_commands: bool = False     # tsql sqlcmd / SSMS SQLCMD mode :setvar, :r ... lines
    shell_lines: bool = False         # sqlite3 shell: .dot-command and # comment lines
    if_blocks: bool = False           # tsql IF / WHILE ... BEGIN ... END at the top level
    implicit_ends: bool = False       # tsql: a line that starts a statement ends the one
                                      # before it (the ; terminator is optional)
    triple_quotes: bool = False       # bigquery '''...''' and """...""" strings (JS UDF bodies)
    script_blocks: bool = False       # bigquery scripting: FOR / WHILE / LOOP / REPEAT / IF /
                                      # CASE ... END <kind> and BEGIN ... END at the top level


_SYNTAX = {
    "postgres": _Syntax(nested_comments=True, dollar_quotes=True, psql_commands=True),
    "redshift": _Syntax(dollar_quotes=True, psql_commands=True),
    "materialize": _Syntax(nested_comments=True, dollar_quotes=True, psql_commands=True),
    "risingwave": _Syntax(nested_comments=True, dollar_quotes=True, psql_commands=True),
    "duckdb": _Syntax(dollar_quotes=True),
    "snowflake": _Syntax(dollar_quotes=True, backslash_strings=True, declare_blocks=True),
    "mysql": _Syntax(backslash_strings=True, double_quote_strings=True, hash_comments=True,
                     backticks=True, delimiter_command=True),
    "doris": _Syntax(backslash_strings=True, hash_comments=True, backticks=True,
                     delimiter_command=True),
    "starrocks": _Syntax(backslash_strings=True, hash_comments=True, backticks=True,
                         delimiter_command=True),
    "sqlite": _Syntax(backticks=True, bracket_identifiers=True, shell_lines=True),
    "tsql": _Syntax(bracket_identifiers=True, go_batches=True, if_blocks=True,
                    implicit_ends=True, sqlcmd_commands=True),
    "fabric": _Syntax(bracket_identifiers=True, go_batches=True, if_blocks=True,
                      implicit_ends=True, sqlcmd_commands=True),
    "oracle": _Syntax(slash_lines=True, declare_sections=True, sqlplus_commands=True),
    "bigquery": _Syntax(backslash_strings=True, double_quote_strings=True, hash_comments=True,
                        backticks=True, script_blocks=True, triple_quotes=True),
    "spark": _Syntax(backslash_strings=True, double_quote_strings=True, backticks=True),
    "databricks": _Syntax(backslash_strings=True, double_quote_strings=True, backticks=True),
    "hive": _Syntax(backslash_strings=True, double_quote_strings=True, backticks=True),
    "clickhouse": _Syntax(backslash_strings=True, backticks=True),
}
_SYNTAX["mariadb"] = _SYNTAX["mysql"]
_DEFAULT = _Syntax()


_PATTERNS: dict[tuple[int, str, bool], tuple[_Syntax, re.Pattern[str], LazyPattern]] = {}


def _pattern(syntax: _Syntax, delimiter: str,
             keywords: bool | str) -> tuple[re.Pattern[str], LazyPattern]:
    """(a fast search for characters that may start something, the full matcher).

    Cached by the identity of the syntax table (hashing the frozen dataclass once per
    statement cost more than the search itself)."""
    hit = _PATTERNS.get((id(syntax), delimiter, keywords))
    if hit is not None and hit[0] is syntax:
        return hit[1], hit[2]
    if len(_PATTERNS) > 256:
        _PATTERNS.clear()
    fast, full = _make_pattern(syntax, delimiter, keywords)
    _PATTERNS[(id(syntax), delimiter, keywords)] = (syntax, fast, full)
    return fast, full


def _plain_pattern(syntax: _Syntax) -> re.Pattern[str]:
    """Everything up to the first ``;`` when no character before it can start a string,
    comment, quoted name or other construct (what ``_scan_statement`` would find too)."""
    hit = _PLAIN.get(id(syntax))
    if hit is not None and hit[0] is syntax:
        return hit[1]
    fast, _full = _pattern(syntax, ";", False)
    plain = re.compile(fast.pattern[:1] + "^" + fast.pattern[1:] + "*;")
    _PLAIN[id(syntax)] = (syntax, plain)
    return plain


_PLAIN: dict[int, tuple[_Syntax, re.Pattern[str]]] = {}


def _make_pattern(syntax: _Syntax, delimiter: str,
                  keywords: bool | str) -> tuple[re.Pattern[str], LazyPattern]:
    sq = r"'(?:[^'\\]|\\.|'')*'" if syntax.backslash_strings else r"'(?:[^']|'')*'"
    parts = [
        r"(?P<tq>'''(?:[^\\]|\\.)*?'''|\"\"\"(?:[^\\]|\\.)*?\"\"\")" if syntax.triple_quotes else "",
        rf"(?P<str>{sq})",
        r'(?P<dq>"(?:[^"\\]|\\.|"")*")' if syntax.double_quote_strings else r'(?P<dq>"(?:[^"]|"")*")',
        r"(?P<line>--[^\n]*)",
        r"(?P<open>/\*)",
    ]
    first = "'\"/-"
    if syntax.backticks:
        parts.append(r"(?P<bt>`(?:[^`]|``)*`)")
        first += "`"
    if syntax.bracket_identifiers:
        parts.append(r"(?P<br>\[[^\]\n]*\])")
        first += "["
    if syntax.hash_comments:
        parts.append(r"(?P<hash>#[^\n]*)")
        first += "#"
    if syntax.dollar_quotes:
        parts.append(r"(?P<dollar>\$(?:[A-Za-z_\x80-\uffff][A-Za-z_0-9\x80-\uffff]*)?\$)")
        first += "$"
    if syntax.go_batches:
        # GO [count] alone on its line (indented, CRLF line ends); the scanner checks that
        # only blanks stand before it on its line
        parts.append(r"(?P<go>(?im:GO(?:[ \t]+\d+)?[ \t]*(?:--[^\n]*)?\r?$))")
        first += "Gg"
    if syntax.slash_lines:
        parts.append(r"(?P<slash>(?m:^[ \t]*/[ \t]*\r?$))")
    if syntax.psql_commands:
        # outside strings and comments a backslash is no postgres SQL: a psql command
        parts.append(r"(?P<meta>\\[^\n]*)")
        first += "\\"
    if syntax.implicit_ends and keywords != "script":
        # a line break before a word that starts a statement (see _implicit_end)
        # (after block comments on that line too: /* note */ CREATE INDEX ...; scout AZ)
        parts.append(r"(?P<nl>\n(?=[ \t]*" + _BLOCK_COMMENTS + r"(?i:" + "|".join(_NL_STARTERS)
                     + r")\b))")
        first += "\n"
    parts.append(rf"(?P<delim>{re.escape(delimiter)})")
    first += delimiter[0]
    if keywords == "script":
        # bigquery scripting: the words that open, close or separate statements in a block
        parts.append(r"(?P<kw>(?i:\b(?:BEGIN|END|CASE|IF|FOR|WHILE|LOOP|REPEAT|THEN|ELSE|DO)\b))")
        first += "BbEeCcIiFfWwLlRrTtDd"
    elif keywords:
        parts.append(r"(?P<kw>(?i:\b(?:BEGIN|END|CASE)\b))")
        first += "BbEeCc"
    # an opening quote the patterns above could not close: it runs to the end of input
    parts.append(r"(?P<unterminated>['\"`])")
    chars = "".join(sorted(set(first)))
    # (the full matcher, ~6 ms to compile, only for statements the plain pattern does not
    # end: none in inputs without strings, comments or quoted names before a ';')
    return re.compile("[" + re.escape(chars) + "]"), LazyPattern(
        "|".join(p for p in parts if p), re.DOTALL)


# tsql: words that start a statement and, at the start of a line, seldom continue the one
# before it (SELECT and WITH do: INSERT ... SELECT, CREATE VIEW ... AS SELECT)
_STARTERS = ("CREATE", "ALTER", "DROP", "INSERT", "UPDATE", "DELETE", "MERGE", "SET", "PRINT",
             "EXEC", "EXECUTE", "GRANT", "DENY", "REVOKE", "USE", "BULK", "DECLARE",
             "RAISERROR", "TRUNCATE", "DBCC", "IF", "WHILE", "BEGIN", "COMMIT", "ROLLBACK",
             "THROW", "WAITFOR", "CHECKPOINT", "RECONFIGURE")
# ... unless the statement so far starts with one of these words and has none of the
# words that would have completed it (ALTER TABLE t <newline> DROP COLUMN c, UPDATE t
# <newline> SET ..., INSERT INTO t (a) <newline> EXEC p, GRANT <newline> INSERT ON t):
# ALTER TABLE t DROP CONSTRAINT fk <newline> DROP TABLE u is two statements
_ALTER_ACTION = (r"(?is)\b(?:ADD|DROP|ALTER|SET|SWITCH|REBUILD|REORGANIZE|DISABLE|ENABLE|MODIFY"
                 r"|CHECK|NOCHECK)\b")
_ANYTHING = r"(?s)\S"
_CONTINUES = {
    "DROP": {"ALTER": _ALTER_ACTION}, "ALTER": {"ALTER": _ALTER_ACTION},
    "SET": {"ALTER": _ALTER_ACTION, "UPDATE": r"(?is)\bSET\b"},
    "INSERT": dict.fromkeys(("GRANT", "DENY", "REVOKE"), _ANYTHING),
    "UPDATE": dict.fromkeys(("GRANT", "DENY", "REVOKE"), _ANYTHING),
    "DELETE": dict.fromkeys(("GRANT", "DENY", "REVOKE"), _ANYTHING),
    "EXEC": {"INSERT": r"(?is)\b(?:VALUES|SELECT|EXEC|EXECUTE)\b",
             **dict.fromkeys(("GRANT", "DENY", "REVOKE"), _ANYTHING)},
}
_CONTINUES["EXECUTE"] = _CONTINUES["EXEC"]
# a SELECT at the start of a line starts a statement once the one before is complete
# (INSERT INTO t <newline> SELECT ... is one; INSERT ... SELECT ... <newline> SELECT * FROM
# t is two, as Bitwarden's migrations write them); UNION, AS, ( before it continue
# (_OPEN_END), and WITH ... / MERGE never end there (_implicit_end)
_CONTINUES["SELECT"] = {"INSERT": r"(?is)\b(?:VALUES|SELECT|EXEC|EXECUTE)\b",
                        **dict.fromkeys(("GRANT", "DENY", "REVOKE"), _ANYTHING)}
_CTE = LazyPattern(r'(?is)\bWITH\s+(?:\[[^\]]*\]|"[^"]*"|\w+)(?:\s*\([^)]*\))?\s+AS\s*\(')
# (not in _STARTERS: an IF whose condition holds a SELECT has not started its body)
_NL_STARTERS = (*_STARTERS, "SELECT")
# ... or the line before ends with a word or sign that needs more (AS, THEN, a comma ...)
_OPEN_END = LazyPattern(
    r"(?is).*(?:[,(=+*/-]|\b(?:AS|THEN|ELSE|FOR|AFTER|OF|ON|INTO|UNION|ALL|EXCEPT|INTERSECT|AND"
    r"|OR|NOT|BEGIN|WITH|FROM|WHERE|BY|IN|IS|BETWEEN|TO|ADD))\s*\Z")
# a tsql IF / WHILE whose body (a statement, or BEGIN) has started
_BODY_WORD = LazyPattern(r"(?i)\b(?:" + "|".join(_STARTERS) + r")\b")
_BLOCK_HEAD = LazyPattern(r"(?i)(?:IF|WHILE|BEGIN)\b")


def _implicit_end(text: str, start: int, at: int, word: str, code: int, comment: int) -> int:
    """tsql: where the statement that began at ``start`` ends if the line after offset
    ``at`` (a line break) starts a new one with ``word``; -1 if it continues instead.
    ``code`` is where the statement's code ends (a run of comments after it, up to ``at``,
    starts there), ``comment`` the end of that run's first comment. A comment after the
    code on its line stays with the statement; comment lines below it are the next one's
    lead."""
    head = _FIRST_WORD.match(text, start)
    if head is None:
        return -1
    first = head.group().upper()
    if first in ("WITH", "MERGE"):
        return -1        # a CTE's statement follows it; MERGE must end with ;
    blocker = _CONTINUES.get(word.upper(), {}).get(first)
    if blocker is not None and re.search(blocker, text[head.end():code]) is None:
        return -1
    if word.upper() == "SELECT" and _CTE.search(text, head.end(), code) is not None:
        return -1        # CREATE VIEW v AS WITH x AS (...) <newline> SELECT: the CTE's query
    before = text[max(start, code - 40):code]
    if not before.strip() or _OPEN_END.match(before) and not (
            first == "SET" and _SET_OPTION.match(text, start, code) is not None):
        return -1
    if code < at:
        last = start + len(text[start:code].rstrip())
        if "\n" not in text[last:code]:
            return comment          # the first comment is on the code's line
        return last
    return at


# SET ANSI_NULLS ON / SET QUOTED_IDENTIFIER, ANSI_PADDING ON: complete at the ON (SSMS
# scripts put one before each CREATE TABLE, without GO: Apache Ranger's)
_SET_OPTION = LazyPattern(r"(?is)SET\s+\w+(?:\s*,\s*\w+)*\s+(?:ON|OFF)\s*\Z")
_FIRST_WORD = LazyPattern(r"[A-Za-z_]+")
# block comments, each followed by blanks, before a word on a line (not nested)
_BLOCK_COMMENTS = r"(?:/\*[^*]*\*+(?:[^/*][^*]*\*+)*/[ \t]*)*"
_NL_WORD = LazyPattern(r"\s*" + _BLOCK_COMMENTS + r"([A-Za-z_]+)")
_ROUTINE_HEAD = re.compile(
    r"(?is)(?:CREATE\s+(?:(?:OR\s+(?:REPLACE|ALTER)|DEFINER\s*=\s*(?:`[^`]*`|'[^']*'|[^\s@]+)"
    r"(?:@(?:`[^`]*`|'[^']*'|\S+))?|TEMP|TEMPORARY|CONSTRAINT|EDITIONABLE|NONEDITIONABLE|SECURE"
    r"|SQL\s+SECURITY\s+\w+|AGGREGATE)\s+)*"
    r"(?:TRIGGER|FUNCTION|PROCEDURE|PROC|PACKAGE|EVENT|TYPE\s+BODY|TASK)\b"
    r"|ALTER\s+(?:FUNCTION|PROCEDURE|PROC|TRIGGER)\b|DECLARE\b|BEGIN\b|DO\b)")
_DELIMITER_LINE = LazyPattern(r"(?im)[ \t]*DELIMITER[ \t]+(\S+)[ \t]*(?:\r?\n|$)")
_COPY_FROM_STDIN = LazyPattern(r"(?is)COPY\b.*\bFROM\s+STDIN\b")
_END_OF_COPY = LazyPattern(r"(?m)^\\\.[ \t]*\r?$")
# SQL*Plus commands a script may hold between statements (with their usual
# abbreviations), @file / @@file / !cmd, and a "." line (ends a buffer); SET only when
# not the SQL SET TRANSACTION / ROLE / CONSTRAINT(S)
_SQLPLUS_LINE = LazyPattern(
    r"(?i)(?:@|!|\.[ \t]*(?:\r?\n|$)|(?:REM|REMARK|PRO|PROMPT|CONN|CONNECT|DISC|DISCONNECT|SPO|SPOOL"
    r"|DEF|DEFINE|UNDEF|UNDEFINE|DESC|DESCRIBE|COL|COLUMN|EXEC|EXECUTE|VAR|VARIABLE|SHO|SHOW"
    r"|ACC|ACCEPT|PAU|PAUSE|TTITLE|BTITLE|CLEAR|BREAK|COMPUTE|TIMING|HOST|STA|START|WHENEVER"
    r"|EXIT|QUIT|PRINT|PASSWORD|STARTUP|SHUTDOWN)(?:[ \t]|\r?\n|$|;)"
    r"|SET[ \t]+(?!(?:TRANSACTION|ROLE|CONSTRAINTS?)\b))")
# the mysql client's own commands a script may hold: source FILE (\\. FILE), \\! shell,
# tee / notee, warnings, charset (datacharmer's employees.sql loads its rows with source)
_MYSQL_CLIENT_LINE = LazyPattern(
    r"(?i)(?:source[ \t]+[^\s;]|\\[.!][ \t]|(?:tee|notee|warnings|nowarning|rehash|charset)\b"
    r"[^\n;]*(?:;|\r?\n|$))")
# sqlcmd (and SSMS in SQLCMD mode) commands: a line the client runs, never sent as SQL
_SQLCMD_LINE = LazyPattern(
    r"(?i)(?:!!|:(?:setvar|r|on[ \t]+error|connect|out|error|exit|quit|listvar|reset|ed"
    r"|serverlist|help|xml|perftrace)\b)")
# tsql: IF EXISTS (...) BEGIN DROP TABLE t; END is one statement, not "IF ... DROP" + "END"
_IF_HEAD = LazyPattern(r"(?is)(?:IF|WHILE)\b")
_PLSQL_UNIT = LazyPattern(
    r"(?is)CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:EDITIONABLE|NONEDITIONABLE)\s+)?"
    r"(?:PACKAGE|TYPE\s+BODY|PROCEDURE|FUNCTION|TRIGGER)\b")
_SLASH_LINE = LazyPattern(r"(?m)^[ \t]*/[ \t]*\r?$")
_END_QUALIFIER = LazyPattern(r"(?is)\s*(IF|LOOP|WHILE|REPEAT|FOR|CASE)\b")
_END_QUALIFIER_SAME_LINE = LazyPattern(r"(?i)[ \t]*(IF|LOOP|WHILE|REPEAT|FOR|CASE)\b")
# ``BEGIN;`` / ``BEGIN TRANSACTION`` is a statement of its own, not a body
_BEGIN_TXN_AT = LazyPattern(
    r"(?is)BEGIN\b\s*(?:TRANSACTION|WORK|TRAN|DEFERRED|IMMEDIATE|EXCLUSIVE)?\s*(?:;|$)")
_NESTED = LazyPattern(r"/\*|\*/")
# tsql: BEGIN TRAN[SACTION] (with or without a name, a ; or a line break after it), BEGIN
# DISTRIBUTED TRANSACTION and Service Broker's BEGIN DIALOG / CONVERSATION TIMER open no
# block, and DECLARE @v ... is a plain statement (tsql has no DECLARE ... BEGIN blocks)
_TSQL_NO_BLOCK = LazyPattern(
    r"(?is)(?:BEGIN\s+(?:DISTRIBUTED\s+)?TRAN(?:SACTION)?|BEGIN\s+(?:DIALOG|CONVERSATION)|DECLARE)\b")
# bigquery: a statement that opens a script block (FOR x IN (...) DO ... END FOR; IF ...
# END IF; BEGIN ... EXCEPTION WHEN ERROR THEN ... END; ...) or a routine with a body
# (a routine, CREATE PROCEDURE ... BEGIN ... END, is scanned the same way)
_SCRIPT_HEAD = LazyPattern(r"(?i)(?:FOR|WHILE|LOOP|REPEAT|IF|CASE|BEGIN)\b")
_SCRIPT_OPENERS = frozenset({"IF", "FOR", "WHILE", "LOOP", "REPEAT"})
# a labelled block: label: BEGIN | LOOP | WHILE | REPEAT | FOR ... END [kind] [label]
_SCRIPT_LABEL = LazyPattern(r"(?i)[A-Za-z_]\w*[ \t]*:\s*(?:BEGIN|LOOP|WHILE|REPEAT|FOR)\b")
_LABEL_GAP = LazyPattern(r"[A-Za-z_]\w*\s*:")
_SCRIPT_PREFIXES = frozenset({"FO", "WH", "LO", "RE", "IF", "CA", "BE"})   # (a cheap first test)


def _skip_block_comment(text: str, pos: int, nested: bool) -> int:
    """``pos`` is just past ``/*``; return the offset past the matching ``*/`` (or -1)."""
    if not nested:
        end = text.find("*/", pos)
        return -1 if end < 0 else end + 2
    depth = 1
    for m in _NESTED.finditer(text, pos):
        depth += 1 if m.group() == "/*" else -1
        if depth == 0:
            return m.end()
    return -1


def split_sql(text: str, dialect: str = "postgres", lines: LineIndex | None = None) -> list[RawStatement]:
    """Split ``text`` into statements (empty ones and pure comments are dropped)."""
    syntax = _SYNTAX.get(dialect, _DEFAULT)
    if dialect in ("databricks", "spark") and text.startswith(_NOTEBOOK):
        text = notebook_cells(text)
    if dialect in ("mysql", "mariadb") and "/*" in text:
        from archkit.schema.executable import run_executable_comments

        text = run_executable_comments(text, dialect == "mariadb")   # (/*!50705 code */)
    # (``lines`` is accepted for callers that have one; lines are counted here as the
    # scan advances, which costs less than building the table of line starts)
    out: list[RawStatement] = []
    append = out.append
    n = len(text)
    delimiter = ";"
    pos = 0
    lead_start = 0
    at, at_line, at_line_start = 0, 1, 0   # an offset, its line, where that line starts
    count, rfind = text.count, text.rfind

    def line_of(offset: int) -> int:
        """The line of ``offset``, counting the newlines passed since the last call:
        offsets only grow (lead_start <= start <= last < the next lead_start; a lead
        start past ``start`` is on its line)."""
        nonlocal at, at_line, at_line_start
        if offset > at:
            k = count("\n", at, offset)
            if k:
                at_line += k
                at_line_start = rfind("\n", at, offset) + 1
            at = offset
        return at_line

    new, fields = _new_raw, _RAW_FIELDS
    plain: re.Pattern[str] | None = _plain_pattern(syntax)
    routine_blocks = syntax.routine_blocks
    script_blocks = syntax.script_blocks
    while pos < n:
        # between statements: skip space and comments (kept as the next one's lead)
        start = _next_significant(text, pos, syntax)
        if start >= n:
            break
        if syntax.psql_commands and text.startswith("\\", start):
            # a psql command on its own line (\connect db, pg_dump's \restrict key):
            # no statement, like a DELIMITER line
            eol = text.find("\n", start)
            pos = lead_start = n if eol < 0 else eol + 1
            continue
        if syntax.shell_lines and text[start] in ".#" and (start == 0 or text[start - 1] == "\n"):
            # the sqlite3 shell's own lines between statements: a .dot-command (.mode,
            # .read file) or a # comment (phpBB's sqlite schema heads each table with one)
            eol = text.find("\n", start)
            pos = lead_start = n if eol < 0 else eol + 1
            continue
        if syntax.sqlplus_commands and _SQLPLUS_LINE.match(text, start) is not None:
            # a SQL*Plus command: the rest of its line, no statement; a line ending in "-"
            # goes on on the next (HOST sqlldr ... -, Oracle's long2lob.sql: the next line
            # had started a statement that swallowed two CREATE TABLEs; scout U)
            eol = text.find("\n", start)
            while eol >= 0 and text[start:eol].rstrip().endswith("-") and \
                    not text[start:eol].rstrip().endswith("--"):
                eol = text.find("\n", eol + 1)
            pos = lead_start = n if eol < 0 else eol + 1
            continue
        if syntax.sqlcmd_commands and text.startswith((":", "!!"), start) and \
                _SQLCMD_LINE.match(text, start) is not None:
            # a sqlcmd command (:setvar, :r file, :on error exit, !! shell): no statement
            eol = text.find("\n", start)
            pos = lead_start = n if eol < 0 else eol + 1
            continue
        if syntax.delimiter_command and text[start] in "sStTwWnNrRcC\\" and \
                _MYSQL_CLIENT_LINE.match(text, start) is not None:
            # a mysql client command (source file.dump): the rest of its line, no statement
            eol = text.find("\n", start)
            pos = lead_start = n if eol < 0 else eol + 1
            continue
        if syntax.delimiter_command:
            m = _DELIMITER_LINE.match(text, start)
            if m:
                delimiter = m.group(1)
                plain = _plain_pattern(syntax) if delimiter == ";" else None
                pos = lead_start = m.end()
                continue
        m = plain.match(text, start) if plain is not None else None
        if script_blocks and (text[start:start + 2].upper() in _SCRIPT_PREFIXES and
                              _SCRIPT_HEAD.match(text, start) is not None and
                              _BEGIN_TXN_AT.match(text, start) is None
                              or 0 <= text.find(":", start, start + 64) and
                              _SCRIPT_LABEL.match(text, start) is not None):
            stmt_end, next_pos, unterminated = _scan_script(text, start, syntax)
        elif m is not None and not (routine_blocks and _ROUTINE_HEAD.match(text, start)):
            # the common case: no quote, comment or keyword that matters before the ";"
            next_pos = m.end()
            stmt_end, unterminated = next_pos - 1, None
        elif script_blocks and _ROUTINE_HEAD.match(text, start) is not None:
            stmt_end, next_pos, unterminated = _scan_script(text, start, syntax)
        else:
            stmt_end, next_pos, unterminated = _scan_statement(text, start, syntax, delimiter)
        body = text[start:stmt_end].rstrip()
        if body:
            lead_line = line_of(lead_start)
            line = line_of(start)
            col = start - at_line_start + 1
            end_line = line_of(max(start, min(n, next_pos) - 1))
            trailer_end = text.find("\n", next_pos)
            trailer = text[next_pos:n if trailer_end < 0 else trailer_end]
            if trailer and not trailer.lstrip().startswith(("--", "#", "/*")):
                trailer = ""
            lead = text[lead_start:start]
            raw = new(RawStatement)
            raw.__dict__.update(zip(fields, (
                body, start, start + len(body), line, col, end_line, lead if lead.strip() else "", lead_line, trailer, unterminated)))
            if trailer:                 # where its suppression markers are (rare)
                raw.__dict__["trailer_col"] = next_pos - text.rfind("\n", 0, next_pos)
            if delimiter != ";" and ";" in body:
                out.extend(_batch(raw, dialect))
            else:
                append(raw)
            pos = lead_start = next_pos
            if trailer:
                lead_start = next_pos + len(trailer)
            if syntax.psql_commands and body[:4].upper() == "COPY" and \
                    _COPY_FROM_STDIN.match(body):
                # the rows that follow are data up to a line "\.", not SQL
                m = _END_OF_COPY.search(text, next_pos)
                pos = lead_start = n if m is None else m.end()
        else:
            pos = lead_start = next_pos
            if out and out[-1].trailer:
                lead_start = next_pos + len(out[-1].trailer)
    if ("SCHEMA" in text or "schema" in text or "Schema" in text) and out:
        out = _schema_elements(out, text, syntax)
    if syntax.psql_commands and out:
        out = _do_blocks(out, dialect)
    if out and dialect in SWITCHING:
        # USE SCHEMA s / SET search_path TO s ...: later unqualified names are s's
        from archkit.schema.dialects import get_dialect

        out = follow_schema_switches(out, dialect, get_dialect(dialect).default_schema, text)
    return out


# -- Databricks notebooks exported as .sql --------------------------------------------------
_NOTEBOOK = "-- Databricks notebook source"
_CELL = LazyPattern(r"(?m)^-- COMMAND -{10}[ \t]*$")


def notebook_cells(text: str) -> str:
    """A Databricks notebook exported as SQL (``-- Databricks notebook source``, cells
    between ``-- COMMAND ----------`` lines): each cell's last statement ends at the
    line after it, as the notebook runs it, with or without a ``;``. The line is
    written ``;-- COMMAND ---------`` (the same length: positions stay)."""
    return _CELL.sub(lambda m: ";" + m.group(0)[:-1], text)


# -- CREATE SCHEMA s CREATE TABLE t ... CREATE VIEW v ... (schema elements) ---------------
_CREATE_SCHEMA = LazyPattern(
    r'(?is)CREATE\s+SCHEMA\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:AUTHORIZATION\s+("[^"]*"|\[[^\]]*\]|[\w$#@]+)'
    r'|("[^"]*"|\[[^\]]*\]|[\w$#@]+)(?:\s+AUTHORIZATION\s+(?:"[^"]*"|\[[^\]]*\]|[\w$#@]+))?)')
_ELEMENT_SCAN = LazyPattern(
    r"""'(?:[^']|'')*'|"[^"]*"|\[[^\]]*\]|--[^\n]*|/\*.*?\*/|\$(\w*)\$.*?\$\1\$|([()])"""
    r"""|\b(CREATE|GRANT)\b""", re.IGNORECASE | re.DOTALL)
_ELEMENT_KINDS = LazyPattern(r"(?i)(?:CREATE\s+(?:OR\s+ALTER\s+)?(?:TABLE|VIEW|INDEX|SEQUENCE|"
                            r"TRIGGER|UNIQUE|CLUSTERED|NONCLUSTERED)|GRANT|REVOKE|DENY)\b")


def _schema_elements(out: list[RawStatement], text: str, syntax: _Syntax) -> list[RawStatement]:
    """Statements inside a ``CREATE SCHEMA s`` as statements of their own, each marked as
    an element of ``s`` (``element_of``): postgres and SQL Server create the tables,
    views and indexes written after ``CREATE SCHEMA s [AUTHORIZATION r]`` in that schema
    (AdventureWorks-for-Postgres defines every table so; read as one statement, its
    tables were lost). In postgres the elements are one statement up to the ``;``; in
    SQL Server they follow on their own lines up to ``GO`` or a ``;``."""
    result: list[RawStatement] = []
    batch_schema: str | None = None      # tsql: the schema whose elements may follow
    for raw in out:
        body = raw.sql
        head = _CREATE_SCHEMA.match(body) if body[:6].upper() == "CREATE" else None
        if syntax.go_batches:
            if head is not None:
                result.append(raw)
                between_end = raw.end
                batch_schema = head.group(2) or head.group(1)
                continue
            if batch_schema is not None:
                gap = text[between_end:raw.start]
                if ";" not in gap and not _GO_IN.search(gap) and _ELEMENT_KINDS.match(body):
                    result.append(replace(raw, element_of=batch_schema))
                    between_end = raw.end
                    continue
                batch_schema = None
            result.append(raw)
            continue
        if head is None:
            result.append(raw)
            continue
        cuts = [m.start(3) for m in _top_level_words(body, head.end())]
        if not cuts:
            result.append(raw)
            continue
        schema = head.group(2) or head.group(1)
        bounds = [0, *cuts, len(body)]
        for i in range(len(bounds) - 1):
            a, b = bounds[i], bounds[i + 1]
            piece = body[a:b].rstrip()
            first_line = body.count("\n", 0, a)
            line = raw.line + first_line
            col = raw.col + a if first_line == 0 else a - body.rfind("\n", 0, a)
            last = i == len(bounds) - 2
            result.append(RawStatement(
                piece, raw.start + a, raw.start + a + len(piece), line, col,
                raw.end_line if last else raw.line + body.count("\n", 0, a + len(piece)),
                raw.lead if i == 0 else "", raw.lead_line if i == 0 else 0,
                raw.trailer if last else "", raw.unterminated if last else None,
                schema if i else None, trailer_col=raw.trailer_col if last else 0))
    return result


_GO_IN = LazyPattern(r"(?im)^[ \t]*GO\b")


# -- DO $$ BEGIN <DDL>; EXCEPTION WHEN duplicate_object THEN null; END $$ ---------------------
_DO_HEAD = LazyPattern(r"(?is)DO\s+(?:LANGUAGE\s+\w+\s+)?(\$\w*\$)")
_DO_BODY = LazyPattern(
    r"(?is)\s*BEGIN\b(.*?)(?:\bEXCEPTION\s+(?:WHEN\s+[\w\s]+?\s+THEN\s+NULL\s*;\s*)+)?"
    r"END\s*;?\s*\Z")
_DO_GUARD = LazyPattern(r"(?is)\s*IF\s+(?:NOT\s+)?EXISTS\s*\(.*?\)\s*THEN\b(.*)\bEND\s+IF\s*;\s*\Z")
_DO_DDL = LazyPattern(r"(?is)\s*(?:CREATE|ALTER|DROP|COMMENT)\b")


def _do_blocks(out: list[RawStatement], dialect: str) -> list[RawStatement]:
    """The DDL inside a postgres ``DO`` block that only wraps it, as statements of
    their own (exact positions), the block gone: Drizzle writes every enum type and
    foreign key as ``DO $$ BEGIN <DDL>; EXCEPTION WHEN duplicate_object THEN null; END $$``,
    and EF Core's Npgsql scripts every migration as ``DO $EF$ BEGIN IF NOT EXISTS(SELECT
    ... "__EFMigrationsHistory" ...) THEN <DDL>; END IF; END $EF$``; read as one raw
    statement, all of it was lost (AK-SQL002). A block with anything else in it (a
    variable, a loop, EXECUTE, a handler that does something) stays procedural code."""
    result: list[RawStatement] | None = None
    for i, raw in enumerate(out):
        sql = raw.sql
        if sql[:2].upper() != "DO":
            if result is not None:
                result.append(raw)
            continue
        inner = _unwrap_do(raw, dialect)
        if inner is None:
            if result is not None:
                result.append(raw)
            continue
        if result is None:
            result = out[:i]
        result.extend(inner)
    return out if result is None else result


def _unwrap_do(raw: RawStatement, dialect: str) -> list[RawStatement] | None:
    sql = raw.sql
    head = _DO_HEAD.match(sql)
    if head is None:
        return None
    tag = head.group(1)
    close = sql.find(tag, head.end())
    if close < 0 or sql[close + len(tag):].strip() and not re.fullmatch(
            r"(?is)\s*LANGUAGE\s+\w+\s*", sql[close + len(tag):]):
        return None
    body_at = head.end()
    m = _DO_BODY.match(sql, body_at, close)
    if m is None:
        return None
    a, b = m.start(1), m.end(1)
    guard = _DO_GUARD.match(sql, a, b)
    if guard is not None:
        a, b = guard.start(1), guard.end(1)
    pieces = split_sql(sql[a:b], dialect)
    if not pieces or any(_DO_DDL.match(p.sql) is None or p.unterminated for p in pieces):
        return None
    out = []
    for p in pieces:
        start = a + p.start
        line = raw.line + sql.count("\n", 0, start)
        nl = sql.rfind("\n", 0, start)
        col = raw.col + start if nl < 0 else start - nl
        out.append(RawStatement(p.sql, raw.start + start, raw.start + start + len(p.sql),
                                line, col, raw.line + sql.count("\n", 0, start + len(p.sql)),
                                raw.lead if not out else "", raw.lead_line if not out else 0,
                                "", None, raw.element_of, wrapped=True))
    return out


def _top_level_words(body: str, start: int) -> list[re.Match[str]]:
    """The CREATE / GRANT words of ``body`` from ``start`` outside strings, comments and
    parentheses."""
    depth = 0
    found = []
    for m in _ELEMENT_SCAN.finditer(body, start):
        paren = m.group(2)
        if paren:
            depth += 1 if paren == "(" else -1
        elif m.group(3) and depth == 0:
            found.append(m)
    return found


def _batch(raw: RawStatement, dialect: str) -> list[RawStatement]:
    """The statements of the text between two client delimiters (mysql ``DELIMITER //``).

    The mysql client sends that text as one query with multi-statements on, and the
    server runs each ``;``-separated statement in it: a dump that says ``DELIMITER //``
    once and goes on with ``;`` (Cacti's cacti.sql) is a file of many statements, not
    one. A routine body (``BEGIN ... END``) stays one statement, as the ``;`` scan knows
    routine blocks."""
    parts = split_sql(raw.sql, dialect)
    if len(parts) <= 1:
        return [raw]
    base, line0, col0 = raw.start, raw.line - 1, raw.col - 1
    out = []
    for i, p in enumerate(parts):
        first = p.line == 1
        lead = p.lead
        if i == 0:
            lead = raw.lead + lead if raw.lead or lead.strip() else ""
        # the last one ends at the block's delimiter, unless it has a comment of its own
        # after its ';' (it took the block's: a marker on the block's last statement was lost)
        own = p.trailer or i < len(parts) - 1
        out.append(RawStatement(
            p.sql, base + p.start, base + p.end, p.line + line0, p.col + (col0 if first else 0),
            p.end_line + line0 if own else raw.end_line,
            lead, raw.lead_line if i == 0 and raw.lead else p.lead_line + line0,
            p.trailer if own else raw.trailer, p.unterminated and (
                base + p.unterminated[0], p.unterminated[1]),
            trailer_col=p.trailer_col + (col0 if p.end_line == 1 and p.trailer_col else 0)
            if own else raw.trailer_col))
    return out


# RawStatement is a frozen dataclass: its generated __init__ sets each field through
# object.__setattr__, which costs more than the rest of the splitter's work on a
# statement. Filling the instance dict directly gives the same object (eq, hash, repr,
# replace all read the fields), about twice as fast.
_new_raw = object.__new__
_RAW_FIELDS = tuple(RawStatement.__dataclass_fields__)

_SKIP_BETWEEN = re.compile(r"(?:\s+|--[^\n]*|;)*")
_SKIP_BETWEEN_HASH = LazyPattern(r"(?:\s+|--[^\n]*|#[^\n]*|;)*")


def _next_significant(text: str, pos: int, syntax: _Syntax) -> int:
    """Offset of the next character that is not space, a comment or an empty statement
    (an unterminated block comment is the bad statement itself)."""
    skip = _SKIP_BETWEEN_HASH if syntax.hash_comments else _SKIP_BETWEEN
    while True:
        pos = skip.match(text, pos).end()  # type: ignore[union-attr]
        if text.startswith("/*", pos):
            end = _skip_block_comment(text, pos + 2, syntax.nested_comments)
            if end < 0:
                return pos
            pos = end
        else:
            return pos


def _scan_statement(text: str, start: int, syntax: _Syntax,
                    delimiter: str) -> tuple[int, int, tuple[int, str] | None]:
    """Return (end of statement text, offset after its terminator, unterminated)."""
    n = len(text)
    pos = start
    depth = 0               # BEGIN/CASE ... END nesting inside a routine body
    routine = bool(syntax.routine_blocks and delimiter == ";"
                   and (_ROUTINE_HEAD.match(text, start)
                        or (syntax.if_blocks and _IF_HEAD.match(text, start)))
                   and not _BEGIN_TXN_AT.match(text, start)
                   and not (syntax.implicit_ends and _TSQL_NO_BLOCK.match(text, start)))
    fast, pat = _pattern(syntax, delimiter, routine)
    opened = False          # a routine body was opened (oracle: declarations before it)
    # snowflake scripting: an anonymous block's declarations end with ";" before BEGIN
    declare = syntax.declare_blocks and text[start:start + 7].upper() == "DECLARE"
    # tsql: the comments at the end of the text scanned so far (their run starts at
    # run, its first comment ends at first_end, the last at run_end)
    implicit = syntax.implicit_ends
    run = first_end = run_end = -1
    # tsql IF / WHILE / BEGIN blocks end where the next statement starts once the body
    # is complete; a routine's body (CREATE PROCEDURE ... AS ...) runs to GO
    block_head = routine and implicit and _BLOCK_HEAD.match(text, start) is not None
    # tsql CREATE / ALTER PROCEDURE, FUNCTION, TRIGGER must be alone in their batch: the
    # body (with or without BEGIN ... END) runs to GO, past every ;
    whole_batch = routine and implicit and not block_head
    if routine and syntax.slash_lines and _PLSQL_UNIT.match(text, start) is not None and \
            _SLASH_LINE.search(text, start) is not None:
        # oracle, in a SQL*Plus script (it has / lines): a PL/SQL unit (a package body of
        # several subprograms, a type body) runs to its / line, past every END;
        whole_batch = True
    while True:
        c = fast.search(text, pos)
        if c is None:
            return _before_semicolons(text, start, n) if whole_batch else n, n, None
        m = pat.match(text, c.start())
        if m is None:       # e.g. a lone '-' or '/', or a letter that starts no keyword
            pos = c.start() + 1
            continue
        kind = m.lastgroup
        if kind == "delim":
            if depth == 0 and not whole_batch and not (not opened and routine and (
                    declare or (syntax.declare_sections
                                and _in_declare(text, start, m.start())))):
                return m.start(), m.end(), None
            pos = m.end()
        elif kind == "kw":
            word = m.group().upper()
            if routine:
                if word == "BEGIN" and syntax.implicit_ends and \
                        _TSQL_NO_BLOCK.match(text, m.start()) is not None:
                    pass             # tsql BEGIN TRAN inside a body: no block
                elif word == "BEGIN":
                    depth += 1
                    opened = True
                elif word == "CASE":
                    if depth > 0:
                        depth += 1
                elif depth > 0:      # END
                    # (tsql has no END IF / END WHILE: an IF or WHILE on a later line
                    # starts the next statement)
                    q = (_END_QUALIFIER_SAME_LINE if implicit else _END_QUALIFIER).match(
                        text, m.end())
                    if q is None or q.group(1).upper() == "CASE":
                        depth -= 1
                        if q is not None:
                            pos = q.end()
                            continue
                else:                # END of an oracle package spec (no BEGIN)
                    opened = True
            pos = m.end()
        elif kind == "open":
            end = _skip_block_comment(text, m.end(), syntax.nested_comments)
            if end < 0:
                return n, n, (m.start(), "comment")
            pos = end
            if implicit:
                if run_end < 0 or text[run_end:m.start()].strip():
                    run, first_end = m.start(), end
                run_end = end
        elif kind == "line" and implicit:
            pos = m.end()
            if run_end < 0 or text[run_end:m.start()].strip():
                run, first_end = m.start(), pos
            run_end = pos
        elif kind == "dollar":
            tag = m.group()
            end = text.find(tag, m.end())
            if end < 0:
                return n, n, (m.start(), "dollar-quoted string")
            pos = end + len(tag)
        elif kind == "str" and syntax.dollar_quotes and m.start() > 0 \
                and text[m.start() - 1] in "Ee" and "\\" in m.group():
            pos = _skip_escape_string(text, m.start())   # postgres E'...\'...'
            if pos < 0:
                return n, n, (m.start() - 1, "string")
        elif kind == "meta":
            # a psql command ends the statement before it (\g, \gexec send it)
            return m.start(), m.end(), None
        elif kind in ("go", "slash"):
            if kind == "go" and text[text.rfind("\n", 0, m.start()) + 1:m.start()].strip(" \t"):
                pos = m.start() + 1      # GO ending a word or a line (ARGO, ... GO)
                continue
            # a GO line ends the batch wherever it stands (sqlcmd sends the text before
            # it, open blocks or not); an oracle / line ends the PL/SQL block
            return (_before_semicolons(text, start, m.start()) if whole_batch else m.start(),
                    m.end(), None)
        elif kind == "nl":
            pos = m.end()
            if routine and (depth > 0 or not block_head):
                continue
            at = m.start()
            code = run if run_end >= 0 and not text[run_end:at].strip() else at
            if routine and not opened and not any(
                    w.upper() not in ("IF", "WHILE")
                    for w in _BODY_WORD.findall(text, start + 2, code)):
                continue     # IF cond <newline> statement: the line starts the body
            end = _implicit_end(text, start, at, _NL_WORD.match(text, pos).group(1),
                                code, first_end)
            if end >= 0:
                return end, end, None
        elif kind == "unterminated":
            what = {"'": "string", '"': "quoted identifier", "`": "quoted identifier"}[m.group()]
            return n, n, (m.start(), what)
        else:   # a string, quoted identifier or line comment: skip it whole
            pos = m.end()
        if pos >= n:
            return n, n, None


def _before_semicolons(text: str, start: int, end: int) -> int:
    """``end`` moved back over the blanks and ``;`` that close a tsql routine's batch."""
    while end > start and text[end - 1] in " \t\r\n;":
        end -= 1
    return end


def _scan_script(text: str, start: int,
                 syntax: _Syntax) -> tuple[int, int, tuple[int, str] | None]:
    """A bigquery script block or procedure: (end of statement text, offset after its
    ``;``, unterminated).

    Blocks nest: ``BEGIN`` (not ``BEGIN TRANSACTION``) and ``CASE`` open one, and so do
    ``IF``, ``FOR``, ``WHILE``, ``LOOP`` and ``REPEAT`` where a statement starts (after
    ``;``, ``DO``, ``THEN``, ``ELSE``, ``BEGIN``, ``LOOP``, ``REPEAT`` or the block's
    start: not the ``IF(...)`` function or ``FOR SYSTEM_TIME AS OF``); ``END [IF | LOOP
    | ...]`` closes one. ``THEN`` and ``ELSE`` of a CASE expression start no statement.
    The statement ends at the first ``;`` outside every block."""
    n = len(text)
    fast, pat = _pattern(syntax, ";", "script")
    stack: list[str] = []     # open blocks: BEGIN, CASE (statement), EXPR (case expression), IF ...
    boundary = start          # where the current inner statement may start
    pos = start
    while True:
        c = fast.search(text, pos)
        if c is None:
            return n, n, None
        m = pat.match(text, c.start())
        if m is None:
            pos = c.start() + 1
            continue
        kind = m.lastgroup
        gap = text[boundary:m.start()].strip()
        # (a label before a block: outer: LOOP, blk: BEGIN)
        at_start = not gap or (kind == "kw" and _LABEL_GAP.fullmatch(gap) is not None)
        if kind == "delim":
            if not stack:
                return m.start(), m.end(), None
            boundary = pos = m.end()
            continue
        if kind == "kw":
            word = m.group().upper()
            pos = m.end()
            if word == "END":
                q = _END_QUALIFIER.match(text, pos)
                if q is not None:
                    pos = q.end()
                if stack:
                    stack.pop()
            elif word == "BEGIN":
                if _BEGIN_TXN_AT.match(text, m.start()) is None:
                    stack.append("BEGIN")
                    boundary = pos
            elif word == "CASE":
                stack.append("CASE" if at_start else "EXPR")
            elif word in _SCRIPT_OPENERS:
                if at_start:
                    stack.append(word)
                    if word in ("LOOP", "REPEAT"):
                        boundary = pos
            elif word in ("THEN", "ELSE"):
                if not stack or stack[-1] != "EXPR":
                    boundary = pos
            else:   # DO
                boundary = pos
            continue
        if kind == "open":
            end = _skip_block_comment(text, m.end(), syntax.nested_comments)
            if end < 0:
                return n, n, (m.start(), "comment")
            pos = end
        elif kind == "unterminated":
            what = {"'": "string", '"': "quoted identifier", "`": "quoted identifier"}[m.group()]
            return n, n, (m.start(), what)
        else:   # a string, quoted identifier or comment: skip it whole
            pos = m.end()
        if at_start and kind in ("open", "line", "hash"):
            boundary = pos    # a comment before a statement: it still starts after it
        if pos >= n:
            return n, n, None


_ESCAPE_STRING = LazyPattern(r"'(?:[^'\\]|\\.|'')*'", re.DOTALL)


def _skip_escape_string(text: str, at: int) -> int:
    m = _ESCAPE_STRING.match(text, at)
    return -1 if m is None else m.end()


def _in_declare(text: str, start: int, at: int) -> bool:
    """Oracle: inside ``CREATE PROCEDURE ... AS|IS <declarations>`` before BEGIN."""
    head = text[start:at]
    return bool(re.search(r"(?is)\b(?:AS|IS|DECLARE)\b", head))
