"""The DDL a PostgreSQL ``DO`` block runs, as statements the catalog can replay.

Migration tools write the changes they want applied only once inside ``DO $$ ... $$``:
``IF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'a') THEN EXECUTE 'ALTER
TABLE t RENAME CONSTRAINT a TO b'; END IF;`` (formbricks renames its Connector tables'
keys and indexes so: left unread, the catalog kept the old names, and findings and
hints named an index that no longer existed; scout T). :func:`block_ddl` finds, in a
PL/pgSQL body read with sqlglot's tokenizer:

- a DDL statement written in the body (``ALTER TABLE | INDEX``, ``CREATE [UNIQUE]
  INDEX | TABLE``, ``DROP INDEX | TABLE``) that starts a PL/pgSQL statement (at the
  start of the body, or after ``BEGIN``, ``THEN``, ``ELSE`` or ``LOOP``);
- ``EXECUTE '<one string literal>'`` of such a statement. A string built at run time
  (``'DROP INDEX ' || quote_ident(r.name)``, ``format(...)``) is not read.

The guards around them (``IF [NOT] EXISTS``) are what make the block safe to run twice;
the catalog applies each statement as far as it applies, as it does SQL Server's
``IF ... BEGIN ... END`` (:meth:`archkit.schema.catalog._Builder.do_block`).
"""

from __future__ import annotations

from archkit.lazyre import LazyPattern

__all__ = ["block_ddl"]

# DO [LANGUAGE plpgsql] $tag$ body $tag$ [LANGUAGE plpgsql]
_DO = LazyPattern(r"(?is)\A\s*DO\s+(?:LANGUAGE\s+(\w+)\s+)?(\$(\w*)\$)(.*?)\2\s*"
                 r"(?:LANGUAGE\s+(\w+)\s*)?;?\s*\Z")
_HAS_DDL = LazyPattern(r"(?i)\b(?:ALTER|CREATE|DROP)\b")
_DDL_TEXT = LazyPattern(r"(?is)\A(?:ALTER\s+(?:TABLE|INDEX)|CREATE\s+(?:UNIQUE\s+)?INDEX|"
                       r"CREATE\s+TABLE|DROP\s+(?:INDEX|TABLE))\b")
# what a PL/pgSQL statement can follow inside its piece of text between two semicolons
_STARTS = frozenset({"BEGIN", "THEN", "ELSE", "LOOP"})


def block_ddl(sql: str) -> tuple[tuple[str, int], ...]:
    """``(statement, offset of its text in sql)`` for each DDL statement the ``DO`` block
    ``sql`` runs, in order; () for anything else (another language, a body sqlglot's
    tokenizer cannot read, no DDL). An EXECUTE'd statement is the literal's text, its
    doubled quotes undone (its offset is exact up to the first of them)."""
    m = _DO.match(sql)
    if m is None:
        return ()
    language = (m.group(1) or m.group(5) or "plpgsql").lower()
    body, at = m.group(4), m.start(4)
    if language != "plpgsql" or _HAS_DDL.search(body) is None:
        return ()
    from sqlglot.dialects.postgres import Postgres
    from sqlglot.errors import TokenError

    try:
        tokens = Postgres().tokenizer().tokenize(body)
    except TokenError:
        return ()
    found: list[tuple[str, int]] = []
    piece: list = []
    for tok in [*tokens, None]:
        if tok is not None and tok.token_type.name != "SEMICOLON":
            piece.append(tok)
            continue
        statement = _statement(body, piece)
        if statement is not None:
            found.append((statement[0], at + statement[1]))
        piece = []
    return tuple(found)


def _statement(body: str, piece: list) -> tuple[str, int] | None:
    """The DDL statement that one piece of the body (the tokens between two semicolons)
    ends with, and its offset in ``body``; None when it has none."""
    for i, tok in enumerate(piece):
        if i and piece[i - 1].text.upper() not in _STARTS:
            continue
        kind = tok.token_type.name
        if kind == "EXECUTE":
            rest = piece[i + 1:]
            if len(rest) == 1 and rest[0].token_type.name == "STRING" and \
                    _DDL_TEXT.match(rest[0].text.lstrip()):
                text = rest[0].text
                lead = len(text) - len(text.lstrip())
                return text.strip(), rest[0].start + 1 + lead
            return None
        if kind in ("ALTER", "CREATE", "DROP"):
            text = body[tok.start:piece[-1].end + 1]
            return (text, tok.start) if _DDL_TEXT.match(text) else None
    return None
