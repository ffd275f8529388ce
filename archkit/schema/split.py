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
- the mysql client's ``DELIMITER //`` lines, tsql's ``GO`` and oracle's ``/`` lines.

It is a regex-driven scanner: it only visits the characters that can change its
state, which keeps it linear and fast (a 1 MB file in a few tens of milliseconds).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["LineIndex", "RawStatement", "split_sql"]


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


class LineIndex:
    """Offset -> (line, col), 1-based; columns count characters."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        self.starts.extend(m.end() for m in re.finditer("\n", text))

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


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


_SYNTAX = {
    "postgres": _Syntax(nested_comments=True, dollar_quotes=True),
    "redshift": _Syntax(dollar_quotes=True),
    "materialize": _Syntax(nested_comments=True, dollar_quotes=True),
    "risingwave": _Syntax(nested_comments=True, dollar_quotes=True),
    "duckdb": _Syntax(dollar_quotes=True),
    "snowflake": _Syntax(dollar_quotes=True, backslash_strings=True),
    "mysql": _Syntax(backslash_strings=True, double_quote_strings=True, hash_comments=True,
                     backticks=True, delimiter_command=True),
    "doris": _Syntax(backslash_strings=True, hash_comments=True, backticks=True,
                     delimiter_command=True),
    "starrocks": _Syntax(backslash_strings=True, hash_comments=True, backticks=True,
                         delimiter_command=True),
    "sqlite": _Syntax(backticks=True, bracket_identifiers=True),
    "tsql": _Syntax(bracket_identifiers=True, go_batches=True),
    "fabric": _Syntax(bracket_identifiers=True, go_batches=True),
    "oracle": _Syntax(slash_lines=True, declare_sections=True),
    "bigquery": _Syntax(backslash_strings=True, double_quote_strings=True, hash_comments=True,
                        backticks=True),
    "spark": _Syntax(backslash_strings=True, double_quote_strings=True, backticks=True),
    "databricks": _Syntax(backslash_strings=True, double_quote_strings=True, backticks=True),
    "hive": _Syntax(backslash_strings=True, double_quote_strings=True, backticks=True),
    "clickhouse": _Syntax(backslash_strings=True, backticks=True),
}
_DEFAULT = _Syntax()


@lru_cache(maxsize=64)
def _pattern(syntax: _Syntax, delimiter: str, keywords: bool) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a fast search for characters that may start something, the full matcher)."""
    sq = r"'(?:[^'\\]|\\.|'')*'" if syntax.backslash_strings else r"'(?:[^']|'')*'"
    parts = [
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
        parts.append(r"(?P<go>(?im:^[ \t]*GO[ \t]*(?:--[^\n]*)?$))")
        first += "Gg"
    if syntax.slash_lines:
        parts.append(r"(?P<slash>(?m:^[ \t]*/[ \t]*$))")
    parts.append(rf"(?P<delim>{re.escape(delimiter)})")
    first += delimiter[0]
    if keywords:
        parts.append(r"(?P<kw>(?i:\b(?:BEGIN|END|CASE)\b))")
        first += "BbEeCc"
    # an opening quote the patterns above could not close: it runs to the end of input
    parts.append(r"(?P<unterminated>['\"`])")
    chars = "".join(sorted(set(first)))
    return re.compile("[" + re.escape(chars) + "]"), re.compile("|".join(parts), re.DOTALL)


_ROUTINE_HEAD = re.compile(
    r"(?is)(?:CREATE\s+(?:(?:OR\s+(?:REPLACE|ALTER)|DEFINER\s*=\s*(?:`[^`]*`|'[^']*'|[^\s@]+)"
    r"(?:@(?:`[^`]*`|'[^']*'|\S+))?|TEMP|TEMPORARY|CONSTRAINT|EDITIONABLE|NONEDITIONABLE|SECURE"
    r"|SQL\s+SECURITY\s+\w+|AGGREGATE)\s+)*"
    r"(?:TRIGGER|FUNCTION|PROCEDURE|PROC|PACKAGE|EVENT|TYPE\s+BODY)\b"
    r"|ALTER\s+(?:FUNCTION|PROCEDURE|PROC|TRIGGER)\b|DECLARE\b|BEGIN\b|DO\b)")
_SKIP_SPACE = re.compile(r"\s+")
_DELIMITER_LINE = re.compile(r"(?im)[ \t]*DELIMITER[ \t]+(\S+)[ \t]*(?:\r?\n|$)")
_END_QUALIFIER = re.compile(r"(?is)\s*(IF|LOOP|WHILE|REPEAT|FOR|CASE)\b")
# ``BEGIN;`` / ``BEGIN TRANSACTION`` is a statement of its own, not a body
_BEGIN_TXN_AT = re.compile(
    r"(?is)BEGIN\b\s*(?:TRANSACTION|WORK|TRAN|DEFERRED|IMMEDIATE|EXCLUSIVE)?\s*(?:;|$)")
_NESTED = re.compile(r"/\*|\*/")


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
    lines = lines or LineIndex(text)
    out: list[RawStatement] = []
    n = len(text)
    delimiter = ";"
    pos = 0
    lead_start = 0
    while pos < n:
        # between statements: skip space and comments (kept as the next one's lead)
        start = _next_significant(text, pos, syntax)
        if start >= n:
            break
        if syntax.delimiter_command:
            m = _DELIMITER_LINE.match(text, start)
            if m:
                delimiter = m.group(1)
                pos = lead_start = m.end()
                continue
        stmt_end, next_pos, unterminated = _scan_statement(text, start, syntax, delimiter)
        body = text[start:stmt_end].rstrip()
        if body:
            line, col = lines.line_col(start)
            end_line = lines.line(max(start, min(next_pos, n) - 1))
            trailer_end = text.find("\n", next_pos)
            trailer_end = n if trailer_end < 0 else trailer_end
            trailer = text[next_pos:trailer_end]
            trailer = trailer if trailer.lstrip().startswith(("--", "#", "/*")) else ""
            lead = text[lead_start:start]
            out.append(RawStatement(body, start, start + len(body), line, col, end_line,
                                    lead if lead.strip() else "", lines.line(lead_start),
                                    trailer, unterminated))
        pos = lead_start = next_pos
        if out and out[-1].trailer:
            lead_start = next_pos + len(out[-1].trailer)
    return out


_SPACE_OR_COMMENT = re.compile(r"\s+|--[^\n]*|/\*")


def _next_significant(text: str, pos: int, syntax: _Syntax) -> int:
    n = len(text)
    while pos < n:
        c = text[pos]
        if c.isspace():
            m = _SKIP_SPACE.match(text, pos)
            pos = m.end()  # type: ignore[union-attr]
        elif text.startswith("--", pos) or (syntax.hash_comments and c == "#"):
            nl = text.find("\n", pos)
            pos = n if nl < 0 else nl + 1
        elif text.startswith("/*", pos):
            end = _skip_block_comment(text, pos + 2, syntax.nested_comments)
            if end < 0:
                return pos  # an unterminated comment is the (bad) statement itself
            pos = end
        elif c == ";":
            pos += 1   # an empty statement
        else:
            return pos
    return n


def _scan_statement(text: str, start: int, syntax: _Syntax,
                    delimiter: str) -> tuple[int, int, tuple[int, str] | None]:
    """Return (end of statement text, offset after its terminator, unterminated)."""
    n = len(text)
    pos = start
    depth = 0               # BEGIN/CASE ... END nesting inside a routine body
    routine = bool(syntax.routine_blocks and delimiter == ";" and _ROUTINE_HEAD.match(text, start)
                   and not _BEGIN_TXN_AT.match(text, start))
    fast, pat = _pattern(syntax, delimiter, routine)
    opened = False          # a routine body was opened (oracle: declarations before it)
    while True:
        c = fast.search(text, pos)
        if c is None:
            return n, n, None
        m = pat.match(text, c.start())
        if m is None:       # e.g. a lone '-' or '/', or a letter that starts no keyword
            pos = c.start() + 1
            continue
        kind = m.lastgroup
        if kind == "delim":
            if depth == 0 and not (syntax.declare_sections and routine and not opened
                                   and _in_declare(text, start, m.start())):
                return m.start(), m.end(), None
            pos = m.end()
        elif kind == "kw":
            word = m.group().upper()
            if routine:
                if word == "BEGIN":
                    depth += 1
                    opened = True
                elif word == "CASE":
                    if depth > 0:
                        depth += 1
                elif depth > 0:      # END
                    q = _END_QUALIFIER.match(text, m.end())
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
        elif kind in ("go", "slash"):
            if depth == 0 or kind == "slash":
                return m.start(), m.end(), None
            pos = m.end()
        elif kind == "unterminated":
            what = {"'": "string", '"': "quoted identifier", "`": "quoted identifier"}[m.group()]
            return n, n, (m.start(), what)
        else:   # a string, quoted identifier or line comment: skip it whole
            pos = m.end()
        if pos >= n:
            return n, n, None


_ESCAPE_STRING = re.compile(r"'(?:[^'\\]|\\.|'')*'", re.DOTALL)


def _skip_escape_string(text: str, at: int) -> int:
    m = _ESCAPE_STRING.match(text, at)
    return -1 if m is None else m.end()


def _in_declare(text: str, start: int, at: int) -> bool:
    """Oracle: inside ``CREATE PROCEDURE ... AS|IS <declarations>`` before BEGIN."""
    head = text[start:at]
    return bool(re.search(r"(?is)\b(?:AS|IS|DECLARE)\b", head))
