"""The plainest CREATE INDEX statements read without sqlglot.

``CREATE [UNIQUE] INDEX name ON table (a, b, ...)`` with unquoted names only: two thirds
of the statements of a schema that indexes its tables apart from creating them (4,273 of
gen_schema's 6,645), where sqlglot's tokenizer and parser cost ~40 us a statement and
the catalog fragment built from the tree more again. A pattern tells whether the
statement has that form (white space only between the words, as sqlglot's tokenizer
skips it: no comment) and no name is a word sqlglot's tokenizer or parser reads as more
than a name (its keywords: :func:`_reserved`); if so, the
:class:`~archkit.schema.model.Index` is made from the words as
:meth:`~archkit.schema.catalog._Builder.make_index` makes it from the tree, and the
statement is a :class:`~archkit.schema.parse.LazyStatement`, whose tree is parsed if a
rule ever reads it (as for a statement a worker process parsed). Anything else (a quoted
or qualified name, USING, DESC, WHERE, INCLUDE, a comment, an expression, another
dialect) is parsed as before. Tests check that the two agree.
"""

from __future__ import annotations

import re

from archkit.schema.catalog import _builder, offset_position
from archkit.schema.dialects import Dialect
from archkit.schema.model import Index, IndexColumn, Statement
from archkit.schema.parse import _TOOLS, _sqlglot_tools, lazy_statement, statement_suppressions
from archkit.schema.split import RawStatement

__all__ = ["PLAIN_INDEX_DIALECTS", "plain_index", "reserved_words"]

# the dialects whose parse of such a statement has no dialect-specific step (parse_text)
PLAIN_INDEX_DIALECTS = frozenset({"postgres"})


def plain_index(raw: RawStatement, dialect: Dialect, path: str | None, index: int,
                kind: str) -> tuple[Statement, Index] | None:
    """(the statement, the index it creates) for a CREATE INDEX of the plain form, else
    None (then parse it)."""
    sg = dialect.sqlglot or dialect.name
    if kind != "CREATE INDEX" or sg not in PLAIN_INDEX_DIALECTS or sg != dialect.name or \
            raw.unterminated is not None or raw.element_of is not None or raw.home is not None:
        return None
    words = _names(raw.sql, sg)
    if words is None:
        return None
    unique, name, table, columns = words
    st = lazy_statement(raw, path, index, kind, dialect.name, None,
                        statement_suppressions(raw, path))
    norm = _builder(dialect)._norm[0]
    written = name[0]
    folded = norm(written)
    ix = Index(folded, norm(table), tuple(IndexColumn(norm(c), False, False, None)
                                          for c in columns),
               unique, "btree", None, (), False, False, False,
               written if written != folded else "", index, offset_position(st, name[1]))
    return st, ix


def _names(sql: str, sg: str) -> tuple[bool, tuple[str, int], str, list[str]] | None:
    """(unique, (index name, its offset), table, columns) of a plain CREATE INDEX, or None."""
    m = _PLAIN.match(sql)
    if m is None:
        return None
    name, table, cols = m.group(2), m.group(3), _COMMA.split(m.group(4))
    reserved = reserved_words(sg)
    if name.upper() in reserved or table.upper() in reserved:
        return None
    for c in cols:
        if c.upper() in reserved:
            return None
    return m.group(1) is not None, (name, m.start(2)), table, cols


# the form, in the blanks sqlglot's tokenizer skips (no comment, no other white space)
_WORD = r"[A-Za-z_][A-Za-z0-9_]*"
_PLAIN = re.compile(r"(?i)CREATE[ \t\r\n]+(UNIQUE[ \t\r\n]+)?INDEX[ \t\r\n]+(" + _WORD
                    + r")[ \t\r\n]+ON[ \t\r\n]+(" + _WORD + r")[ \t\r\n]*\([ \t\r\n]*("
                    + _WORD + r"(?:[ \t\r\n]*,[ \t\r\n]*" + _WORD
                    + r")*)[ \t\r\n]*\)[ \t\r\n]*\Z")
_COMMA = re.compile(r"[ \t\r\n]*,[ \t\r\n]*")

# per sqlglot dialect: the words that are no plain name to its tokenizer and parser
_RESERVED: dict[str, frozenset[str]] = {}


def reserved_words(sg: str) -> frozenset[str]:
    """The upper-case words that are no plain name to sqlglot's ``sg`` (see below)."""
    reserved = _RESERVED.get(sg)
    if reserved is None:
        reserved = _RESERVED[sg] = _reserved(sg)
    return reserved


def _reserved(sg: str) -> frozenset[str]:
    """Upper-case words a plain name must not be: the tokenizer's keywords and the first
    words of its keywords of several words (DOUBLE PRECISION), which it reads as one
    token, and the words the parser reads as a function without parentheses
    (NO_PAREN_FUNCTION_PARSERS: a column named "any" or "if")."""
    _d, tokenizer, parser = _TOOLS.get(sg) or _sqlglot_tools(sg)
    words = set(tokenizer.KEYWORDS)
    words.update(k.split()[0] for k in tokenizer.KEYWORDS if " " in k)
    words.update(parser.NO_PAREN_FUNCTION_PARSERS)
    # words the parser matches as text, no keyword of the tokenizer: CREATE INDEX
    # CONCURRENTLY ON t (a) makes an unnamed index, not one named concurrently (scout BB,
    # who compared 1,358 candidate words: this one alone)
    words.add("CONCURRENTLY")
    return frozenset(w.upper() for w in words)
