"""MySQL's executable comments: ``/*! code */`` and ``/*!50705 code */`` are comments to
other databases and code to MySQL (of that version or later) and MariaDB; ``/*M!100101
code */`` is code to MariaDB only.

mysqldump writes ``/*!40014 SET FOREIGN_KEY_CHECKS=0 */``, its views as ``/*!50001 CREATE
... VIEW ... */`` and sakila-mv's schema declares ``/*!50705 location GEOMETRY NOT NULL,*/``
and the spatial index on it: read as comments, the column was missing from the catalog.
:func:`run_executable_comments` turns each such comment's markers into spaces, so its code
is read as the engine reads it, every character at its offset, line and column."""

from __future__ import annotations

import re

# what the scan must step over (quoted text, ordinary comments) or act on (an opener, a
# closer); MySQL's strings take backslash escapes and doubled quotes. MySQL reads /*M! as
# an ordinary comment, MariaDB as code.
_TOKENS = r"""
    '(?:[^'\\]|\\.|'')*'?           # a string
  | "(?:[^"\\]|\\.|"")*"?           # a double-quoted string
  | `(?:[^`]|``)*`?                 # a quoted name
  | --[ \t][^\n]* | --$ | \#[^\n]*  # line comments
  | (?P<open>/\*{m}!\d{{0,6}})         # an executable comment's opener
  | /\*.*?(?:\*/|\Z)                # an ordinary comment
  | (?P<close>\*/)                  # a closer (of an executable comment, when in one)
"""
_FLAGS = re.VERBOSE | re.DOTALL | re.MULTILINE
_MYSQL = re.compile(_TOKENS.format(m=""), _FLAGS)
_MARIADB = re.compile(_TOKENS.format(m="M?"), _FLAGS)


def run_executable_comments(text: str, mariadb: bool = False) -> str:
    """``text`` with the markers of its executable comments made spaces (the same length:
    positions stay). ``/*M! ... */`` is code only for MariaDB (``mariadb``), a comment to
    MySQL, as each engine reads it."""
    if "/*!" not in text and not (mariadb and "/*M!" in text):
        return text
    out: list[str] = []
    last = 0
    inside = False
    for m in (_MARIADB if mariadb else _MYSQL).finditer(text):
        if m.group("open") is not None and not inside:
            out += [text[last:m.start()], " " * (m.end() - m.start())]
            last, inside = m.end(), True
        elif m.group("close") is not None and inside:
            out += [text[last:m.start()], "  "]
            last, inside = m.end(), False
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)
