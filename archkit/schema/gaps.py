"""What sqlglot 30 cannot read in each dialect, and how archkit reads past it.

Token scanners that find, in a statement sqlglot refuses or keeps as raw text, the
clauses no rule reads (tsql ``ROWGUIDCOL``, oracle ``PCTFREE`` / ``STORAGE (...)``,
mariadb ``WITH SYSTEM VERSIONING``, sqlite ``WITHOUT ROWID`` ...), so that
:func:`~archkit.schema.parse.parse_text` blanks them (offsets stay, so positions are
those of the file) and parses the rest; and builders of the trees sqlglot cannot make
(tsql indexes declared inside CREATE TABLE, ``ADD CONSTRAINT df DEFAULT (0) FOR c``,
postgres ``ATTACH / DETACH PARTITION``, oracle ``MODIFY (...)``). Each is gated by its
dialect in ``parse_text``: the common path of every dialect pays nothing for them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from archkit.schema.dialects import Dialect
from archkit.schema.split import LazyPattern, blank


def token_words(tokens: Sequence[Any], quoted: str = "") -> list[str]:
    """Each token's text in capitals, for matching keywords; a string or quoted name is
    ``quoted`` instead (by default ""), so that no text inside one is taken for a word."""
    return [t.text.upper() if t.token_type.name not in ("STRING", "IDENTIFIER") else quoted
            for t in tokens]


def closing(words: Sequence[str], at: int) -> int | None:
    """The index of the ``)`` that closes the ``(`` at ``words[at]``, or None when the
    statement ends first."""
    depth = 0
    for j in range(at, len(words)):
        w = words[j]
        if w == "(":
            depth += 1
        elif w == ")":
            depth -= 1
            if depth == 0:
                return j
    return None


class Literals:
    """A Blanker trigger made of plain substrings, looked for in the statement in lower
    case, instead of a case-insensitive regex: for clauses of a dialect every input has.
    On 2,000 tables a case-insensitive ``\\bVIRTUAL\\b|...`` search over every CREATE
    TABLE cost 28 ms, one ``lower()`` and a few ``in`` ~2 ms. A false hit only costs
    the token scan that follows."""

    __slots__ = ("words",)

    def __init__(self, *words: str) -> None:
        self.words = tuple(w.lower() for w in words)

    def search(self, sql: str) -> bool | None:
        low = sql.lower()
        for w in self.words:
            if w in low:
                return True
        return None


_ON_ONLY = LazyPattern(r"(?i)\bON\s+(ONLY)\s")
_ORGANIZATION = LazyPattern(r"(?i)\bORGANIZATION\s+(?:INDEX|HEAP)\b(?:\s+(?:INCLUDING\s+\w+\s+)?OVERFLOW\b)?")
_TSQL_EXTRAS = LazyPattern(
    r"(?i)CLUSTERED\b|ROWGUIDCOL|SPARSE|REPLICATION|TEXTIMAGE_ON|FILESTREAM|NOCHECK|MASKED|ENCRYPTED"
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
    # CREATE [OR REPLACE] [HYBRID] TABLE [IF NOT EXISTS] name
    t_at = next((i for i in range(1, open_at) if words[i] == "TABLE"), 1)
    first_name = t_at + 1 if words[t_at + 1] != "IF" else t_at + 4
    if first_name >= open_at:
        return []
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
    from sqlglot import exp

    if not pieces:
        return None
    *parts, method = pieces
    tree = _parse_pieces(parts, parser, tokenizer)
    if not isinstance(tree, exp.Create) or not isinstance(tree.this, exp.Index):
        return None
    if method is not None:
        params = tree.this.args.get("params")
        if params is not None:
            params.set("using", exp.Var(this=method))
    return tree


_DEFAULT_FOR = LazyPattern(
    r"(?is)(\s*ALTER\s+TABLE\s+" + _TSQL_NAME + r")\s+(?:WITH\s+(?:NO)?CHECK\s+)?ADD\s+"
    r"(?:CONSTRAINT\s+" + _TSQL_NAME + r"\s+)?DEFAULT\s*(\(.+?|(?<=\s).+?)\s*(?<=[\s)])FOR\s+(" + _TSQL_NAME
    + r")\s*;?\s*\Z")


def _tsql_default_for(sql: str, parser: Any, tokenizer: Any) -> Any:
    """SSMS's ``ALTER TABLE t ADD CONSTRAINT df DEFAULT (0) FOR c`` (sqlglot keeps it as
    raw text) as the ``ALTER TABLE t ALTER COLUMN c SET DEFAULT (0)`` it amounts to, names
    at their places in ``sql``; None when it is not that statement."""
    from sqlglot import exp

    m = _DEFAULT_FOR.match(sql)
    if m is None:
        return None
    tree = _parse_pieces([(m.group(1), 0), " ALTER COLUMN ", (m.group(3), m.start(3)),
                          " SET DEFAULT ", (m.group(2), m.start(2))], parser, tokenizer)
    return tree if isinstance(tree, exp.Alter) else None


_TSQL_ADD_HEAD = LazyPattern(
    r"(?is)\s*ALTER\s+TABLE\s+" + _TSQL_NAME + r"\s+(?:WITH\s+(?:NO)?CHECK\s+)?ADD\s+")
_TSQL_ADD_WORDS = frozenset({"CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "DEFAULT"})


def tsql_add_items(sql: str, tokenizer: Any) -> list[str] | None:
    """SSMS's ``ALTER TABLE t WITH NOCHECK ADD CONSTRAINT df DEFAULT ('') FOR c, CONSTRAINT
    pk PRIMARY KEY NONCLUSTERED (id)``, which sqlglot keeps as raw text (FreeRADIUS' mssql
    schema lost its 8 primary keys so; scout O): one statement per item, each the
    statement written with the other items blanked, so offsets stay; None for one item."""
    head = _TSQL_ADD_HEAD.match(sql)
    spans = _action_spans(sql, head.end(), tokenizer, _TSQL_ADD_WORDS) if head else None
    if spans is None:
        return None
    out = []
    for a, b in spans:
        out.append(sql[:head.end()] + " " * (a - head.end()) + sql[a:b]
                   + "".join(c if c == "\n" else " " for c in sql[b:]))
    return out


def _parse_pieces(parts: list[Any], parser: Any, tokenizer: Any) -> Any:
    """The tree of a statement put together from ``parts`` (text, or ``(text, offset in
    the statement written)``), its identifiers moved to where they are in the statement
    written (so findings point there); None if it does not parse."""
    from sqlglot import exp

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
    for node in tree.find_all(exp.Identifier):
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
                end = closing(words, i)
                spans.append((tok.start, tokens[n - 1 if end is None else end].end))
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
        elif w in _TSQL_COLUMN_FLAGS and words[i - 1] not in ("(", ","):
            # (after a type, bracketed or not: SSMS writes [Id] [uniqueidentifier] ROWGUIDCOL)
            spans.append((tok.start, tok.end))
        elif w == "REPLICATION" and words[i - 1] == "FOR" and words[i - 2] == "NOT":
            spans.append((tokens[i - 2].start, tok.end))
        elif w in ("TEXTIMAGE_ON", "FILESTREAM_ON") and i + 1 < n:
            spans.append((tok.start, tokens[i + 1].end))
        elif w in ("NOCHECK", "CHECK") and words[i - 1] == "WITH" and i + 1 < n and \
                words[i + 1] == "ADD":
            spans.append((tokens[i - 1].start, tok.end))
        elif w in ("MASKED", "ENCRYPTED") and i + 2 < n and words[i + 1] == "WITH" \
                and words[i + 2] == "(" and words[i - 1] not in ("(", ","):
            # (Always Encrypted: ENCRYPTED WITH (COLUMN_ENCRYPTION_KEY = k, ...): how the
            # client encrypts the values, WideWorldImporters' Supplier_PrivateDetails)
            # dynamic data masking: MASKED WITH (FUNCTION = 'default()')
            end = closing(words, i + 2)
            spans.append((tok.start, tokens[n - 1 if end is None else end].end))
        elif w in ("ASC", "DESC") and depth == unique_depth:
            spans.append((tok.start, tok.end))
    return spans


# a column's UNIQUE before a named constraint: sqlglot reads no constraint after UNIQUE
# CONSTRAINT (AdventureWorks: rowguid ... NOT NULL UNIQUE CONSTRAINT [DF_x] DEFAULT (NEWID()))
_UNIQUE_THEN_NAMED = LazyPattern(r"(?i)\bUNIQUE\s+(?:CONSTRAINT|DEFAULT|CHECK)\b")


def _tsql_unique_last(tokens: Sequence[Any], sql: str) -> str:
    """``UNIQUE [CONSTRAINT name] DEFAULT (x)`` (or ``CHECK (x)``) rewritten in place, at the
    same length, as ``[CONSTRAINT name] DEFAULT (x) UNIQUE``, the order sqlglot reads (it
    refuses the CHECK after UNIQUE, drops the DEFAULT: AdventureWorks, WideWorldImporters).
    Only the constraint moves (by the length of the word UNIQUE): the column keeps its
    place."""
    words = token_words(tokens)
    n = len(tokens)
    moves = []
    for i in range(n - 2):
        if words[i] != "UNIQUE":
            continue
        k = i + 3 if words[i + 1] == "CONSTRAINT" else i + 1    # DEFAULT / CHECK
        if k + 1 >= n or words[k] not in ("DEFAULT", "CHECK"):
            continue
        j: int | None = k + 1           # the constraint's value: a token, f(...) or (...)
        if words[j] != "(" and j + 1 < n and words[j + 1] == "(":
            j += 1                      # NEWSEQUENTIALID(), GETDATE()
        if j < n and words[j] == "(":
            j = closing(words, j)
        if j is None or j >= n or words[k] == "CHECK" and words[k + 1] != "(":
            continue
        moves.append((tokens[i].start, tokens[i].end + 1, tokens[i + 1].start, tokens[j].end + 1))
    for u_start, u_end, c_start, c_end in reversed(moves):
        sql = (sql[:u_start] + sql[c_start:c_end] + sql[u_end:c_start] + sql[u_start:u_end]
               + sql[c_end:])
    return sql


# CREATE [PRIMARY] XML / SPATIAL / FULLTEXT INDEX: kept raw by sqlglot
_SPECIAL_INDEX = {"XML": "xml", "SPATIAL": "spatial", "FULLTEXT": "fulltext"}
_FULLTEXT_COLUMN_WORDS = frozenset({"TYPE", "LANGUAGE", "STATISTICAL_SEMANTICS"})


def _tsql_special_index(tokens: Sequence[Any]) -> tuple[str, list[tuple[int, int]]] | None:
    """SQL Server's XML, spatial and full-text indexes as a plain CREATE INDEX (method,
    spans to blank), or None: the words before INDEX, a full-text column's ``TYPE COLUMN
    c`` / ``LANGUAGE n`` / ``STATISTICAL_SEMANTICS``, and everything after the column
    list (``USING XML INDEX p FOR PATH``, a tessellation scheme, ``KEY INDEX pk``,
    ``WITH (...)``, ``ON filegroup``): the index stays, on its table and columns, with
    its kind as the method (no btree: it serves no foreign key)."""
    words = token_words(tokens)
    n = len(tokens)
    if n < 4 or words[0] != "CREATE":
        return None
    at = 2 if words[1] == "PRIMARY" and words[2] == "XML" else 1
    method = _SPECIAL_INDEX.get(words[at])
    if method is None or at + 1 >= n or words[at + 1] != "INDEX":
        return None
    spans = [(tokens[1].start, tokens[at].end)]
    i = at + 2
    while i < n and words[i] != "(":
        i += 1
    depth, j = 0, i
    while j < n:
        if words[j] == "(":
            depth += 1
        elif words[j] == ")":
            depth -= 1
            if depth == 0:
                break
        elif depth == 1 and words[j] in _FULLTEXT_COLUMN_WORDS:
            k = j + 1
            if words[j] == "TYPE" and k < n and words[k] == "COLUMN":
                k += 1
            if words[j] != "STATISTICAL_SEMANTICS":
                k += 1                 # the column or language after the words
            spans.append((tokens[j].start, tokens[min(k, n) - 1].end))
            j = k
            continue
        j += 1
    if method == "xml" and at == 1:
        # a secondary XML index (USING XML INDEX p FOR PATH | VALUE | PROPERTY) is another
        # index than its primary one: its own method (AdventureWorks: 3 false AK-IX001)
        kind = next((words[k + 1] for k in range(j, n - 1) if words[k] == "FOR"
                     and words[k + 1] in ("PATH", "VALUE", "PROPERTY")), None)
        if kind is not None:
            method = f"xml {kind.lower()}"
    if j >= n - 1:
        return method, spans
    last = n - 1 if words[n - 1] != ";" else n - 2
    if last > j:
        spans.append((tokens[j + 1].start, tokens[last].end))
    return method, spans


_TABLE_OPTIONS = LazyPattern(r"(?i)\bLEDGER\b|\bSYSTEM_VERSIONING\b")


def _tsql_table_options(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """The table options of a CREATE TABLE's ``WITH (...)`` that sqlglot cannot read beside
    the ones it can: ``LEDGER = ON [(APPEND_ONLY = ON)]`` anywhere, and any option beside
    ``SYSTEM_VERSIONING = ON (...)`` (sqlglot reads that one only alone or last; the
    ledger samples write ``WITH (SYSTEM_VERSIONING = ON, LEDGER = ON)``, temporal tables
    ``..., DATA_COMPRESSION = PAGE``). Blanked with their commas; no rule reads them, and
    the system versioning (history tables) is kept."""
    words = token_words(tokens)
    n = len(tokens)
    depth = 0
    for i in range(n - 1):
        w = words[i]
        if w == "(":
            depth += 1
        elif w == ")":
            depth -= 1
        elif w == "WITH" and depth == 0 and words[i + 1] == "(":
            items: list[tuple[int, int]] = []      # token ranges of the options
            commas: list[int] = []
            j, inner, first = i + 2, 0, i + 2
            while j < n:
                if words[j] == "(":
                    inner += 1
                elif words[j] == ")":
                    if inner == 0:
                        break
                    inner -= 1
                elif words[j] == "," and inner == 0:
                    items.append((first, j - 1))
                    commas.append(j)
                    first = j + 1
                j += 1
            if j >= n or first > j - 1:
                return []
            items.append((first, j - 1))
            names = [words[a] for a, _b in items]
            versioned = "SYSTEM_VERSIONING" in names
            drop = [k for k, name in enumerate(names)
                    if name == "LEDGER" or (versioned and name != "SYSTEM_VERSIONING")]
            if not drop:
                return []
            if len(drop) == len(items):                  # nothing left: the whole WITH
                return [(tokens[i].start, tokens[j].end)]
            spans = []
            for k in drop:
                a, b = items[k]
                kept_before = any(m < k and m not in drop for m in range(len(items)))
                if kept_before:
                    spans.append((tokens[commas[k - 1]].start, tokens[b].end))
                else:
                    spans.append((tokens[a].start, tokens[commas[k]].end))
            return spans
    return []


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


# -- postgres 18 clauses sqlglot lacks ------------------------------------------------------
_POSTGRES_EXTRAS = Literals("virtual", "overlaps", "period", "distinct", "deferrable")


def _postgres_table_extras(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """The offsets of PostgreSQL 18's table clauses sqlglot reads nowhere, from the tokens
    (pagila's schema has them): ``VIRTUAL`` after ``GENERATED ALWAYS AS (expr)`` (the
    column stays generated, not stored, as sqlglot reads it without a keyword), and the
    temporal keys' ``WITHOUT OVERLAPS`` after a key's last column and ``PERIOD`` before a
    foreign key's last column, inside a key's column list only (the key keeps its
    columns; a column named period stays)."""
    spans = []
    words = token_words(tokens)
    keys: list[bool] = []            # per open parenthesis: a key's column list?
    for i in range(1, len(tokens)):
        w = words[i]
        if w == "(":
            before = words[i - 1]
            keys.append(before.endswith("KEY") or before == "UNIQUE"
                        or (i >= 2 and words[i - 2] == "REFERENCES")
                        or (i >= 4 and words[i - 4] == "REFERENCES" and words[i - 2] == "."))
        elif w == ")":
            if keys:
                keys.pop()
        elif w == "VIRTUAL" and words[i - 1] == ")":
            spans.append((tokens[i].start, tokens[i].end))
        elif w == "DEFERRABLE" and not keys and "EXCLUDE" in words[:i]:
            # an exclusion constraint's [NOT] DEFERRABLE [INITIALLY DEFERRED | IMMEDIATE]
            # (GitLab's sprints: the ALTER was raw text, the table opaque; scout V)
            start = tokens[i - 1].start if words[i - 1] == "NOT" else tokens[i].start
            end = tokens[i].end
            if i + 2 < len(tokens) and words[i + 1] == "INITIALLY" and \
                    words[i + 2] in ("DEFERRED", "IMMEDIATE"):
                end = tokens[i + 2].end
            spans.append((start, end))
        elif not keys or not keys[-1]:
            continue
        elif w == "WITHOUT" and i + 1 < len(tokens) and words[i + 1] == "OVERLAPS":
            spans.append((tokens[i].start, tokens[i + 1].end))
        elif w == "PERIOD" and words[i - 1] in ("(", ",") and i + 1 < len(tokens) \
                and words[i + 1] not in (",", ")"):
            spans.append((tokens[i].start, tokens[i].end))
    return spans




def _nulls_not_distinct(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """A unique index's or constraint's ``NULLS NOT DISTINCT`` (PostgreSQL 15: NULLs count
    as equal), which sqlglot reads nowhere: the index or key was kept as raw text and
    lost (lago-api's structure.sql); the key's columns are what every rule reads."""
    words = token_words(tokens)
    return [(tokens[i].start, tokens[i + 2].end) for i in range(len(tokens) - 2)
            if words[i] == "NULLS" and words[i + 1] == "NOT" and words[i + 2] == "DISTINCT"]


_FOR_PORTION = Literals("portion")


def _for_portion_of(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """``UPDATE t FOR PORTION OF period FROM a TO b SET ...`` and ``DELETE FROM t FOR
    PORTION OF ...`` (PostgreSQL temporal tables): the clause, up to SET / WHERE / the
    end, sqlglot reads nowhere; no rule reads rows of data either."""
    words = token_words(tokens)
    n = len(tokens)
    for i in range(n - 2):
        if words[i] == "FOR" and words[i + 1] == "PORTION" and words[i + 2] == "OF":
            depth, j = 0, i + 3
            while j < n:
                if words[j] == "(":
                    depth += 1
                elif words[j] == ")":
                    depth -= 1
                elif depth == 0 and words[j] in ("SET", "WHERE", "RETURNING", ";"):
                    break
                j += 1
            return [(tokens[i].start, tokens[j - 1].end)]
    return []


_VIEW_OPTIONS = Literals("with")


def _view_options(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """``CREATE VIEW v [(cols)] WITH (security_barrier, check_option = local) AS ...``:
    the options list before AS, which sqlglot reads only as ``name = value`` (a bare
    ``security_barrier``, valid PostgreSQL, was a syntax error; scout AK). No rule reads
    a view's options. A WITH after AS (a CTE) is the query's, and kept."""
    words = token_words(tokens, quoted="name")
    n = len(tokens)
    i = next((k for k, w in enumerate(words) if w == "VIEW"), None)
    if i is None:
        return []
    i += 1
    if i < n and words[i] == "IF":                 # IF NOT EXISTS
        i += 3
    while i < n and (words[i] not in ("(", "WITH", "AS") or words[i] == "name"):
        i += 1                                     # the view's (qualified) name
    if i < n and words[i] == "(":                  # its column names
        end = closing(words, i)
        if end is None:
            return []
        i = end + 1
    if i + 1 < n and words[i] == "WITH" and words[i + 1] == "(":
        end = closing(words, i + 1)
        if end is not None:
            return [(tokens[i].start, tokens[end].end)]
    return []


_INTERVAL_FIELDS = frozenset({"YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"})
_REPAIR_WORDS = frozenset({"VARYING", "NO", "("})


def postgres_repair(tokens: Sequence[Any], sql: str, at: int | None) -> str | None:
    """``sql`` with the postgres syntax sqlglot stopped at (token ``at``) made readable,
    offsets kept; None when it is none of these (all valid postgres, all in pg_dump's
    output):

    - ``bit varying(n)``: written ``varbit(n)``, the name postgres also takes;
    - an interval's precision, ``interval day to second(0)`` / ``interval second(3)``:
      blanked (no rule reads it);
    - ``CHECK (...) NO INHERIT``: blanked (the check holds on the table all the same);
    - ``ON DELETE SET NULL (col)`` / ``SET DEFAULT (col)`` (PostgreSQL 15: only these
      columns are set): the column list blanked, the action kept.

    Every other place in the statement written in one of these shapes *strictly* is
    made readable in the same pass: ``bit varying`` anywhere, ``NO INHERIT`` right after
    a closing parenthesis, an interval precision right after ``INTERVAL field [TO
    field]``, a column list right after ``ON DELETE|UPDATE SET NULL|DEFAULT`` (so a
    function named ``second()`` or ``ALTER TABLE t NO INHERIT parent`` is left as
    written). One at a time, each repair was a parse of the whole statement: a table of
    1,000 ``bit varying`` columns took 24 s (scout CB)."""
    n = len(tokens)
    if at is None or not 0 < at < n:      # (sqlglot did not say where it stopped)
        return None
    words = token_words(tokens)
    first = _pg_repair(tokens, words, sql, at, strict=False)
    if first is None:
        return None
    edits = [first]
    for i in range(1, n):
        if i != at and words[i] in _REPAIR_WORDS:
            edit = _pg_repair(tokens, words, sql, i, strict=True)
            if edit is not None:
                edits.append(edit)
    edits.sort(key=lambda e: e[0])      # (by where each starts: no two start together)
    out: list[str] = []
    done = 0
    for start, end, text in edits:
        if start < done:                  # (inside one made already: a column list)
            continue
        out.append(sql[done:start])
        # (blanked with its line breaks kept: the lines after it, and so the place of an
        # error sqlglot finds there, stay where they are; scout DA)
        out.append(blank(sql[start:end]) if text is None else text)
        done = end
    out.append(sql[done:])
    return "".join(out)


def _pg_repair(tokens: Sequence[Any], words: Sequence[str], sql: str, at: int,
               strict: bool) -> tuple[int, int, str | None] | None:
    """The repair of :func:`postgres_repair` at token ``at``: (start, end, the text to
    write there, or None to blank it). ``strict``: only the unambiguous shapes, for the
    places sqlglot did not stop at (yet)."""
    n = len(words)
    w, before = words[at], words[at - 1]
    if w == "VARYING" and before == "BIT":
        bit, varying = tokens[at - 1], tokens[at]
        if varying.token_type.name != "VAR" or varying.end + 1 - varying.start != 7:
            return None        # (bit E'varying': a typed literal, no type)
        if strict and at >= 2 and words[at - 2] in ("(", ","):
            return None        # (a column named bit, of a type named varying)
        return bit.start, varying.end + 1, (" " * (bit.end + 1 - bit.start)
                                            + sql[bit.end + 1:varying.start] + "varbit ")
    if w == "NO" and at + 1 < n and words[at + 1] == "INHERIT":
        if strict and before != ")":      # CHECK (...) NO INHERIT, not ALTER TABLE's
            return None
        return tokens[at].start, tokens[at + 1].end + 1, None
    if w != "(":
        return None
    if strict:
        head = at - 2 if at >= 2 and words[at - 2] == "INTERVAL" else at - 4 if (
            at >= 4 and words[at - 2] == "TO" and words[at - 3] in _INTERVAL_FIELDS
            and words[at - 4] == "INTERVAL") else None
        # (the type of a column, a cast or ALTER COLUMN ... TYPE: not INTERVAL second(1)
        # in an expression, which sqlglot reads as a call of second())
        interval = before in _INTERVAL_FIELDS and head is not None and head >= 1 and (
            words[head - 1] in ("::", "TYPE", "AS")
            or tokens[head - 1].token_type.name in ("VAR", "IDENTIFIER"))
        columns = before in ("NULL", "DEFAULT") and at >= 4 and words[at - 2] == "SET" \
            and words[at - 3] in ("DELETE", "UPDATE") and words[at - 4] == "ON"
        if not (interval or columns):
            return None
    elif not (before in _INTERVAL_FIELDS or
              (before in ("NULL", "DEFAULT") and at >= 2 and words[at - 2] == "SET")):
        return None
    end = closing(words, at)
    if end is None:
        return None
    return tokens[at].start, tokens[end].end + 1, None


def drop_index_list(tokens: Sequence[Any], sql: str) -> tuple[str, bool] | None:
    """postgres ``DROP INDEX [CONCURRENTLY] [IF EXISTS] a, b, c`` (Lemmy's migrations),
    which sqlglot reads for one index only: the text with INDEX written TABLE (the same
    length; sqlglot reads a list of tables) and CONCURRENTLY blanked, and whether it was
    there, for the tree to be made an index drop again; None when it is not that."""
    words = token_words(tokens)
    if len(words) < 4 or words[0] != "DROP" or words[1] != "INDEX" or "," not in words:
        return None
    idx = tokens[1]
    out = sql[:idx.start] + "TABLE" + sql[idx.end + 1:]
    concurrently = words[2] == "CONCURRENTLY"
    if concurrently:
        out = blank(out, tokens[2].start, tokens[2].end + 1)
    return out, concurrently


_UNNAMED_CHECK = LazyPattern(
    r"(?is)(\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?" + _TSQL_NAME + r")\s+ADD\s+CHECK\s*"
    r"(\(.*\))(\s+NOT\s+VALID)?(?:\s+NO\s+INHERIT)?\s*;?\s*\Z")


def unnamed_check(sql: str, parser: Any, tokenizer: Any) -> Any:
    """``ALTER TABLE t ADD CHECK (...)``, a check without a name (sqlglot keeps it as raw
    text): the ALTER TABLE tree of ``ADD CONSTRAINT CHECK (...)`` without a name (the
    catalog knows it by the engine's name when it is dropped), names at their places;
    None when it is not that statement."""
    from sqlglot import exp

    m = _UNNAMED_CHECK.match(sql)
    if m is None:
        return None
    parts: list[Any] = [(m.group(1), 0), " ADD CONSTRAINT c CHECK ", (m.group(2), m.start(2))]
    if m.group(3):
        parts.append(" NOT VALID")
    tree = _parse_pieces(parts, parser, tokenizer)
    if not isinstance(tree, exp.Alter):
        return None
    actions = tree.args.get("actions") or []
    if len(actions) != 1 or not isinstance(actions[0], exp.AddConstraint) or \
            len(actions[0].expressions) != 1 or \
            not isinstance(actions[0].expressions[0], exp.Constraint):
        return None
    actions[0].expressions[0].set("this", None)          # (the stand-in name)
    return tree


_PG_ALTER_HEAD = LazyPattern(
    r"(?is)\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?" + _TSQL_NAME + r"\s*\*?\s+")
_PG_ACTION_WORDS = frozenset({"ADD", "DROP", "ALTER", "RENAME", "VALIDATE", "SET", "RESET",
                              "OWNER", "ENABLE", "DISABLE", "CLUSTER", "INHERIT", "NO",
                              "REPLICA", "FORCE", "OF", "NOT"})
_PIECE_CHECK = LazyPattern(r"(?is)ADD\s+CHECK\s*(\(.*\))(\s+NOT\s+VALID)?(?:\s+NO\s+INHERIT)?\s*\Z")
_PIECE_NOOP = LazyPattern(r"(?is)ALTER\s+CONSTRAINT\b")


def _action_spans(sql: str, start: int, tokenizer: Any,
                  action_words: frozenset[str]) -> list[tuple[int, int]] | None:
    """The (start, end) offsets of the actions of an ALTER TABLE whose actions begin at
    ``start``: cut at the commas outside parentheses that an action word follows. None
    for one action only, or text the tokenizer refuses (an unterminated string)."""
    try:
        tokens = tokenizer.tokenize(sql)
    except Exception:  # noqa: BLE001 - leave it raw
        return None
    words = token_words(tokens)
    cuts, depth = [], 0
    for i, w in enumerate(words):
        depth += (w == "(") - (w == ")")
        if w == "," and depth == 0 and tokens[i].start > start and \
                i + 1 < len(words) and words[i + 1] in action_words:
            cuts.append(i)
    if not cuts:
        return None
    starts = [start] + [tokens[i + 1].start for i in cuts]
    ends = [tokens[i].start for i in cuts] + [len(sql.rstrip().rstrip(";").rstrip())]
    return list(zip(starts, ends))


def postgres_actions(sql: str, parser: Any, tokenizer: Any) -> Any | None:
    """A postgres ALTER TABLE of several actions that sqlglot keeps as raw text for one of
    them (an unnamed ``ADD CHECK (...)``, an ``ALTER CONSTRAINT c DEFERRABLE``): each action
    read as an ALTER of its own, names at their places, joined into one tree (Lemmy's
    migration 0264 lost a column, its UNIQUE and its foreign key so). An ALTER CONSTRAINT
    changes nothing the catalog holds and is left out; None when another action is still
    not read."""
    from sqlglot import exp

    head = _PG_ALTER_HEAD.match(sql)
    spans = _action_spans(sql, head.end(), tokenizer, _PG_ACTION_WORDS) if head else None
    if spans is None:
        return None
    actions, table = [], None
    for a, b in spans:
        piece = sql[a:b]
        if _PIECE_NOOP.match(piece):
            continue
        check = _PIECE_CHECK.match(piece)
        if check is not None:
            parts: list[Any] = [sql[:head.end()], " ADD CONSTRAINT c CHECK ",
                                (check.group(1), a + check.start(1))]
            if check.group(2):
                parts.append(" NOT VALID")
        else:
            parts = [sql[:head.end()], (piece, a)]
        tree = _parse_pieces(parts, parser, tokenizer)
        if not isinstance(tree, exp.Alter) or not tree.args.get("actions"):
            return None
        if check is not None:
            for con in tree.find_all(exp.Constraint):
                con.set("this", None)                 # (the stand-in name)
        table = table or tree.this
        actions.extend(tree.args["actions"])
    if table is None:
        return None
    return exp.Alter(this=table, kind="TABLE", actions=actions)


# -- redshift distribution and sort keys -------------------------------------------------
_REDSHIFT_EXTRAS = LazyPattern(r"(?i)\b(?:DISTKEY|SORTKEY)\b")


def _redshift_table_extras(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """The offsets of the Redshift key clauses sqlglot reads nowhere (AWS's TICKIT sample
    writes the first): a column's own ``DISTKEY`` / ``SORTKEY``, ``SORTKEY AUTO`` and the
    ``INTERLEAVED`` of an interleaved sort key (the table-level ``SORTKEY (a, b)`` and
    ``DISTKEY (a)`` it reads). None changes a key, column or type a rule reads."""
    spans = []
    words = token_words(tokens)
    n = len(tokens)
    for i in range(1, n):
        w = words[i]
        if w not in ("DISTKEY", "SORTKEY"):
            continue
        nxt = words[i + 1] if i + 1 < n else ""
        if nxt == "AUTO":
            spans.append((tokens[i].start, tokens[i + 1].end))
        elif nxt != "(":
            spans.append((tokens[i].start, tokens[i].end))     # a column's own key
        elif words[i - 1] == "INTERLEAVED":
            spans.append((tokens[i - 1].start, tokens[i - 1].end))
    return spans


# -- mariadb table clauses sqlglot lacks ---------------------------------------------------
_MARIADB_EXTRAS = LazyPattern(
    r"(?i)\bSYSTEM\s+VERSIONING\b|\bPERIOD\s+FOR\b|\bAS\s+ROW\s+(?:START|END)\b|\bINET[46]\b"
    r"|\bPERSISTENT\b|\bCOMPRESSED\b|\bWITHOUT\s+OVERLAPS\b|\bFLOAT\b[^,]*?\bUNSIGNED\b"
    r"|\b(?:INDEX|KEY)\s+IF\s+NOT\s+EXISTS\b|\bNEXT\s+VALUE\s+FOR\b"
    r"|\b(?:POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|GEOMETRYCOLLECTION"
    r"|GEOMCOLLECTION|SRID)\b")
# mysql/mariadb spatial column types sqlglot reads nowhere (only GEOMETRY)
_SPATIAL_TYPES = frozenset({"POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING",
                            "MULTIPOLYGON", "GEOMETRYCOLLECTION", "GEOMCOLLECTION"})
_NOT_A_TYPE_AFTER = frozenset({"(", ",", "ADD", "COLUMN", "MODIFY", "CHANGE", "KEY", "INDEX",
                               "TABLE", "EXISTS", "BY", "ON", "=", "."})


def _mariadb_table_extras(tokens: Sequence[Any], sql: str) -> tuple[str, Any]:
    """``sql`` with the mariadb table clauses sqlglot reads nowhere blanked or rewritten in
    place (offsets stay), and what to put back into the tree (:func:`_mariadb_fixups`):

    - ``WITH[OUT] SYSTEM VERSIONING`` (table and column), ``[GENERATED ALWAYS] AS ROW
      START|END``, ``PERIOD FOR name (a, b)``: system-versioned and application-time
      tables. The columns stay; no rule reads the history;
    - ``WITHOUT OVERLAPS`` in a key: the key's period name is put back as its two columns;
    - ``INET4`` / ``INET6`` and the spatial column types (``POINT``, ``POLYGON`` ...):
      parsed as INET, then given their own name back; MySQL 8's ``SRID n`` attribute;
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
        elif (w in ("INET4", "INET6") or w in _SPATIAL_TYPES) and i > 1 and \
                words[i - 1] not in _NOT_A_TYPE_AFTER:
            # (spatial types too: POINT, POLYGON ... with INET as the stand-in, named back
            # after parsing; GIS schemas lost every such table)
            edits.append((tokens[i].start, tokens[i].end, "INET "))
            inets.append(w.lower())
        elif w == "SRID" and i + 1 < n and tokens[i + 1].text.isdigit() and \
                words[i - 1] not in _NOT_A_TYPE_AFTER:
            edits.append((tokens[i].start, tokens[i + 1].end, None))     # mysql 8 SRID 4326
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


_VISIBILITY = LazyPattern(r"(?i)\b(?:IN)?VISIBLE\b")


def mysql_index_visibility(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """The offsets of a MySQL 8 ``CREATE INDEX ... (cols) VISIBLE | INVISIBLE``: sqlglot
    reads the word inline (``INDEX i (a) INVISIBLE`` in CREATE / ALTER TABLE) but keeps a
    CREATE INDEX that has it as raw text, and the index was lost (MySQL Workbench writes
    every separate CREATE INDEX so; scout W). An invisible index is still an index that
    every write maintains, which is what the rules judge."""
    words = token_words(tokens)
    depth, seen_list = 0, False
    spans = []
    for i, w in enumerate(words):
        if w == "(":
            depth += 1
        elif w == ")":
            depth -= 1
            seen_list = seen_list or depth == 0
        elif depth == 0 and seen_list and w in ("VISIBLE", "INVISIBLE"):
            spans.append((tokens[i].start, tokens[i].end))
    return spans


ON_NULL = LazyPattern(r"(?i)\bDEFAULT\s+ON\s+NULL\b")


def oracle_default_on_null(tokens: Sequence[Any], sql: str) -> tuple[str, list[int]]:
    """Oracle 12c's ``DEFAULT ON NULL [FOR INSERT ONLY | FOR INSERT AND UPDATE] expr``,
    which sqlglot refuses (FreeRADIUS' ippool schema lost its table; scout O): the words
    after DEFAULT blanked (offsets stay), and where each was, for
    :func:`oracle_on_null_columns` to make the column NOT NULL, as ON NULL does ("the NOT
    NULL constraint ... implicitly specified", Oracle's CREATE TABLE)."""
    words = token_words(tokens)
    at = []
    n = len(tokens)
    for i in range(1, n - 2):
        if words[i] == "DEFAULT" and words[i + 1] == "ON" and words[i + 2] == "NULL":
            j = i + 3
            if j + 1 < n and words[j] == "FOR" and words[j + 1] == "INSERT":
                j += 2
                if j < n and words[j] == "ONLY":
                    j += 1
                elif j + 1 < n and words[j] == "AND" and words[j + 1] == "UPDATE":
                    j += 2
            sql = blank(sql, tokens[i + 1].start, tokens[j - 1].end + 1)
            at.append(tokens[i].start)
    return sql, at


def oracle_on_null_columns(tree: Any, at: list[int]) -> None:
    """The columns whose DEFAULT was ``ON NULL`` (offsets from
    :func:`oracle_default_on_null`) get their implied NOT NULL."""
    from sqlglot import exp

    defs = [(cd.this._meta.get("start") if cd.this is not None and cd.this._meta else None, cd)
            for cd in tree.find_all(exp.ColumnDef)]
    defs = sorted(((s, cd) for s, cd in defs if s is not None), key=lambda x: x[0])
    for offset in at:
        owner = None
        for start, cd in defs:
            if start > offset:
                break
            owner = cd
        if owner is not None:
            owner.append("constraints", exp.ColumnConstraint(kind=exp.NotNullColumnConstraint()))


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
    r"(?i)\b(?:USING\s+INDEX\s*\(\s*CREATE|SEGMENT\s+CREATION|PCTFREE|PCTUSED|INITRANS|MAXTRANS|STORAGE\s*\(|NOCOMPRESS"
    r"|COMPRESS|NOLOGGING|LOGGING|NOCACHE|PARALLEL|NOPARALLEL|MONITORING|NOMONITORING"
    r"|COMPUTE\s+STATISTICS|ROW\s+MOVEMENT|LOB\s*\(|NESTED\s+TABLE|ROWDEPENDENCIES|NOROWDEPENDENCIES"
    r"|INVISIBLE|VISIBLE|ONLINE)\b")
_ORACLE_NUMBERED = frozenset({"PCTFREE", "PCTUSED", "INITRANS", "MAXTRANS", "PCTTHRESHOLD"})
_ORACLE_FLAGS = frozenset({"NOCOMPRESS", "LOGGING", "NOLOGGING", "CACHE", "NOCACHE",
                           "NOPARALLEL", "MONITORING", "NOMONITORING", "ROWDEPENDENCIES",
                           "NOROWDEPENDENCIES", "INVISIBLE", "VISIBLE", "ONLINE"})
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
        if w == "USING" and nxt == "INDEX" and words[j + 2:j + 4] == ["(", "CREATE"]:
            # a key's own index made in place: USING INDEX (CREATE UNIQUE INDEX ix ON t
            # (a, b)) (Oracle's using_index_clause; the table was lost, scout U)
            return close(j + 2)
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
    from archkit.schema.parse import parse_text

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


# -- columns named like a table constraint's keyword ----------------------------------------
# words sqlglot takes for the start of a table constraint wherever a column may start, but
# which no engine here reserves: postgres' EXCLUDE constraint needs USING or "(" next
_CONSTRAINT_WORDS = frozenset({"EXCLUDE"})


def keyword_columns(tokens: Sequence[Any], sql: str) -> dict[int, str]:
    """Columns named by such a word (``exclude integer NOT NULL``), as {offset: the name as
    written}: an item of a CREATE TABLE's list or of ``ADD [COLUMN]``, followed by a word
    (its type), not by USING or ``(``."""
    words = token_words(tokens)
    out: dict[int, str] = {}
    for i in range(1, len(words) - 1):
        if words[i] in _CONSTRAINT_WORDS and words[i - 1] in ("(", ",", "ADD", "COLUMN") \
                and words[i + 1] not in ("USING", "(", ",", ")", ";") and words[i + 1]:
            tok = tokens[i]
            out[tok.start] = sql[tok.start:tok.end + 1]
    return out


def renamed_columns(sql: str, renamed: dict[int, str]) -> str:
    """``sql`` with each name of :func:`keyword_columns` written over by a plain name of
    the same length."""
    for at, name in renamed.items():
        sql = sql[:at] + "z" * len(name) + sql[at + len(name):]
    return sql


def names_back(tree: Any, renamed: dict[int, str]) -> None:
    """Give the identifiers :func:`renamed_columns` wrote over their names back."""
    from sqlglot import exp

    for node in tree.find_all(exp.Identifier):
        meta = node._meta
        start = meta.get("start") if meta else None
        if start in renamed:
            node.set("this", renamed[start])


# -- sqlite: the ALTER TABLE forms the engine refuses ----------------------------------------
_SQLITE_REFUSED = LazyPattern(r'(?is)\s*ALTER\s+TABLE\s+(?:"[^"]*"|`[^`]*`|\[[^\]]*\]|[\w$]+)'
                              r'(?:\s*\.\s*(?:"[^"]*"|`[^`]*`|\[[^\]]*\]|[\w$]+))?\s+(MODIFY|CHANGE)\s')
_SQLITE_CAN = ("SQLite's ALTER TABLE can only rename a table or a column and add or drop a "
               "column: rebuild the table instead (CREATE TABLE new_t ..., INSERT INTO new_t "
               "SELECT ..., DROP TABLE t, ALTER TABLE new_t RENAME TO t)")


def sqlite_refused(tree: Any, sql: str) -> tuple[int, str] | None:
    """Where an ALTER TABLE does what SQLite's refuses (sqlite3 3.40: 'near "ALTER":
    syntax error', 'Cannot add a UNIQUE column'), and what: (offset, message); None when
    SQLite runs it. ``tree`` None: the statement is raw text (MODIFY, CHANGE)."""
    from sqlglot import exp

    if tree is None or isinstance(tree, exp.Command):
        m = _SQLITE_REFUSED.match(sql)
        return (m.start(1), f"{m.group(1).upper()} is MySQL's; {_SQLITE_CAN}") if m else None
    if not isinstance(tree, exp.Alter):
        return None
    for action in tree.args.get("actions") or ():
        what = None
        if isinstance(action, exp.AlterColumn) and (
                action.args.get("dtype") is not None or action.args.get("default") is not None
                or (action.args.get("drop") and action.args.get("allow_null") is None)):
            # (SET / DROP NOT NULL: SQLite's newest releases take it)
            what = "changing a column's type or default"
        elif isinstance(action, exp.AddConstraint) and any(
                isinstance(e, (exp.PrimaryKey, exp.UniqueColumnConstraint, exp.ForeignKey))
                or isinstance(e, exp.Constraint) and any(
                    isinstance(k, (exp.PrimaryKey, exp.UniqueColumnConstraint, exp.ForeignKey))
                    for k in e.expressions)
                for e in action.expressions):
            what = "adding a primary key, unique or foreign key constraint"
        elif isinstance(action, exp.ColumnDef) and any(
                isinstance(c.args.get("kind"), (exp.PrimaryKeyColumnConstraint,
                                                exp.UniqueColumnConstraint))
                for c in action.args.get("constraints") or ()):
            what = "adding a PRIMARY KEY or UNIQUE column"
        if what is not None:
            start = _first_offset(action)
            return (start if start is not None else 0,
                    f"SQLite refuses {what}; {_SQLITE_CAN}")
    return None


def _first_offset(node: Any) -> int | None:
    """The offset in the statement of the first identifier under ``node``."""
    from sqlglot import exp

    starts = [i._meta["start"] for i in node.find_all(exp.Identifier)
              if i._meta and i._meta.get("start") is not None]
    return min(starts) if starts else None


# -- clickhouse ALTER TABLE clauses sqlglot refuses -------------------------------------------
_CH_INDEX_GUARD = LazyPattern(r"(?i)\bADD\s+INDEX\s+(IF\s+NOT\s+EXISTS)\s")
_CH_SETTINGS_TAIL = LazyPattern(r"(?is)\s(SETTINGS\s+\w+\s*=\s*[^,;]+(?:,\s*\w+\s*=\s*[^,;]+)*)\s*;?\s*\Z")


def clickhouse_alter(sql: str, dialect: Dialect) -> Any | None:
    """A ClickHouse ALTER TABLE sqlglot keeps as raw text for a clause no rule reads, its
    tree read without it: ``ADD INDEX IF NOT EXISTS i ...`` (Langfuse's migrations; the
    index is then marked so, and skipped where the table has one) and a trailing
    ``SETTINGS alter_sync = 2`` / ``mutations_sync = 2``. None when it still is raw."""
    from sqlglot import exp

    guard = _CH_INDEX_GUARD.search(sql)
    tail = _CH_SETTINGS_TAIL.search(sql)
    if guard is None and tail is None:
        return _clickhouse_actions(sql, dialect)
    text = sql
    if guard is not None:
        text = blank(text, guard.start(1), guard.end(1))
    if tail is not None:
        text = blank(text, tail.start(1), tail.end(1))
    from archkit.schema.parse import parse_text

    tree, raw, problem = parse_text(text, dialect, None, "ALTER TABLE")
    if tree is None or raw or problem is not None or not isinstance(tree, exp.Alter):
        return None
    if guard is not None:
        for ix in tree.find_all(exp.IndexColumnConstraint):
            ix.meta["if_not_exists"] = True
    return tree


_CH_ACTION_WORDS = frozenset({"ADD", "DROP", "MODIFY", "RENAME", "COMMENT", "CLEAR",
                              "MATERIALIZE", "ALTER"})
_CH_ALTER_HEAD = LazyPattern(r"(?is)\s*ALTER\s+TABLE\s+\S+(?:\s+ON\s+CLUSTER\s+\S+)?\s+")


def _clickhouse_actions(sql: str, dialect: Dialect) -> Any | None:
    """``ALTER TABLE t ADD COLUMN a String, DROP COLUMN v``: sqlglot reads several actions
    of one kind, not a mix (raw text: the columns were lost). Each action is read as an
    ALTER of its own, names at their places, and the actions joined into one tree; None
    when any of them is still not read."""
    from sqlglot import exp
    from sqlglot.dialects.dialect import Dialect as SqlglotDialect

    head = _CH_ALTER_HEAD.match(sql)
    if head is None:
        return None
    sg = SqlglotDialect.get_or_raise(dialect.sqlglot or dialect.name)
    parser, tokenizer = sg.parser(), sg.tokenizer()
    spans = _action_spans(sql, head.end(), tokenizer, _CH_ACTION_WORDS)
    if spans is None:
        return None
    actions = []
    table = None
    for a, b in spans:
        tree = _parse_pieces([sql[:head.end()], (sql[a:b], a)], parser, tokenizer)
        if not isinstance(tree, exp.Alter) or not tree.args.get("actions"):
            return None
        table = table or tree.this
        actions.extend(tree.args["actions"])
    return exp.Alter(this=table, kind="TABLE", actions=actions)


# -- mysql ALTER TABLE t ADD [COLUMN] (c ..., d ...) ---------------------------------------
_MYSQL_ADD_LIST = LazyPattern(r"(?is)\s*ALTER\s+(?:ONLINE\s+|IGNORE\s+)*TABLE\s+(.+?)\s+ADD\s+"
                              r"(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(\()")


def mysql_add_columns(sql: str, dialect: Dialect) -> Any | None:
    """mysql / mariadb ``ALTER TABLE t ADD [COLUMN] (c type ..., d type ...)``, a form the
    MySQL manual lists and sqlglot refuses (Flowable's upgrade scripts add columns so):
    the list is read as the columns of a CREATE TABLE written over the same offsets, and
    each becomes an ADD COLUMN. None for anything else (more clauses after the list)."""
    from sqlglot import exp

    m = _MYSQL_ADD_LIST.match(sql)
    if m is None or m.start(2) < 14 or "\n" in sql[:14]:
        return None
    text = "CREATE TABLE x" + blank(sql, 14, m.start(2))[14:]
    from archkit.schema.parse import parse_text

    tree, raw, problem = parse_text(text, dialect, None, "CREATE TABLE")
    if tree is None or raw or problem is not None or not isinstance(tree.this, exp.Schema):
        return None
    items = tree.this.expressions
    if not items or not all(isinstance(i, exp.ColumnDef) for i in items):
        return None
    try:
        table = exp.to_table(m.group(1).strip(), dialect=dialect.sqlglot or dialect.name)
    except Exception:  # noqa: BLE001 - an odd name: leave the statement as it was
        return None
    return exp.Alter(this=table, kind="TABLE", actions=list(items))


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


# -- SQL Server graph tables and Oracle 23ai vectors ----------------------------------------
_EDGE_CONNECTION = LazyPattern(r"(?i)\bCONNECTION\s*\(")


def _tsql_edge_constraints(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """An edge table's ``[CONSTRAINT c] CONNECTION (a TO b[, ...]) [ON DELETE CASCADE |
    NO ACTION]`` (SQL Server graph), which sqlglot reads nowhere, with its comma: which
    node tables an edge may join, not a column or key of the edge."""
    words = token_words(tokens)
    n = len(tokens)
    spans = []
    for i in range(1, n - 1):
        if words[i] != "CONNECTION" or words[i + 1] != "(":
            continue
        start = i - 2 if i >= 2 and words[i - 2] == "CONSTRAINT" else i
        end = closing(words, i + 1)
        if end is None:
            continue
        if end + 3 < n and words[end + 1] == "ON" and words[end + 2] == "DELETE":
            end += 4 if words[end + 3] == "NO" else 3
        start, end = _with_comma(words, start, min(end, n - 1))
        spans.append((tokens[start].start, tokens[end].end))
    return spans


def _with_comma(words: Sequence[str], start: int, end: int) -> tuple[int, int]:
    """A list element's token span (``start``..``end``) with the comma that separates it
    from its neighbours: the one before it, or else the one after it."""
    if words[start - 1] == ",":
        return start - 1, end
    if end + 1 < len(words) and words[end + 1] == ",":
        return start, end + 1
    return start, end


_VECTOR = Literals("vector")


def _oracle_vector_dimensions(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """Oracle 23ai ``VECTOR(384, FLOAT32)`` / ``VECTOR(*, *)``: the dimensions and format,
    which sqlglot cannot read (plain ``VECTOR`` it can); no rule reads them."""
    words = token_words(tokens)
    spans = []
    for i in range(1, len(tokens) - 1):
        if words[i] == "VECTOR" and words[i + 1] == "(" and words[i - 1] not in ("(", "."):
            end = closing(words, i + 1)
            if end is not None:
                spans.append((tokens[i + 1].start, tokens[end].end))
    return spans


_GENERATED = Literals("generated")


def _oracle_virtual_columns(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """An Oracle virtual column's ``GENERATED ALWAYS`` before ``AS (expr)``: sqlglot reads
    ``c [type] AS (expr) [VIRTUAL]`` but not the column without a type or with VIRTUAL
    after the long form (the datatype is optional there); what is left means the same."""
    words = token_words(tokens)
    return [(tokens[i].start, tokens[i + 1].end) for i in range(len(tokens) - 3)
            if words[i] == "GENERATED" and words[i + 1] == "ALWAYS" and words[i + 2] == "AS"
            and words[i + 3] == "("]


def _oracle_identity_options(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """``GENERATED ... AS IDENTITY (START WITH 1 CACHE 20 NOORDER)``: the sequence options,
    of which sqlglot reads a few (not CACHE, ORDER, NOCYCLE: Hive's TXNS was AK-SQL001);
    a column is an identity or not whatever they say."""
    words = token_words(tokens)
    spans = []
    for i in range(1, len(tokens) - 1):
        if words[i] == "IDENTITY" and words[i - 1] == "AS" and words[i + 1] == "(":
            end = closing(words, i + 1)
            if end is not None:
                spans.append((tokens[i + 1].start, tokens[end].end))
    return spans


# -- Databricks: column masks and pipeline expectations ----------------------------------
_MASK_EXPECT = LazyPattern(r"(?i)\bMASK\b|\bEXPECT\b")


def _databricks_extras(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """Unity Catalog's column mask ``ssn STRING MASK f [USING COLUMNS (a, b)]`` and a
    pipeline's expectation ``CONSTRAINT c EXPECT (expr) [ON VIOLATION DROP ROW | FAIL
    UPDATE]`` (with its comma), which sqlglot reads nowhere: who may see a value and
    which rows a pipeline keeps, not the table's columns or keys."""
    words = token_words(tokens)
    n = len(tokens)
    spans = []
    for i in range(1, n - 1):
        w = words[i]
        if w == "MASK" and words[i - 1] not in ("(", ",", "") and words[i + 1] not in (
                ",", ")", ""):
            j = i + 1
            while j + 2 < n and words[j + 1] == ".":        # a qualified function name
                j += 2
            if j + 2 < n and words[j + 1] == "USING" and words[j + 2] == "COLUMNS" and \
                    j + 3 < n and words[j + 3] == "(":
                end = closing(words, j + 3)
                j = end if end is not None else j
            spans.append((tokens[i].start, tokens[j].end))
        elif w == "EXPECT" and words[i + 1] == "(" and i >= 2 and words[i - 2] == "CONSTRAINT":
            end = closing(words, i + 1)
            if end is None:
                continue
            if end + 3 < n and words[end + 1] == "ON" and words[end + 2] == "VIOLATION":
                end = min(end + 4, n - 1)            # DROP ROW / FAIL UPDATE
            start, end = _with_comma(words, i - 2, end)
            spans.append((tokens[start].start, tokens[end].end))
    return spans


# -- SQL Server: statements sqlglot keeps as text inside IF ... BEGIN ... END ----------------
_BLOCK_END = LazyPattern(r"(?is)\s*\bEND\s*;?\s*\Z")
_HEAD_WORDS = {w: LazyPattern(rf"(?i)\b{w}\b") for w in ("ALTER", "CREATE", "DROP")}
# what follows ALTER / CREATE / DROP when it starts a statement (ALTER TABLE t ALTER COLUMN
# and ALTER TABLE t DROP CONSTRAINT x are one statement)
_OBJECT_WORDS = frozenset({"TABLE", "INDEX", "VIEW", "PROCEDURE", "PROC", "FUNCTION",
                           "TRIGGER", "SCHEMA", "SEQUENCE", "TYPE", "SYNONYM", "UNIQUE",
                           "CLUSTERED", "NONCLUSTERED", "STATISTICS", "DATABASE", "OR"})
_STATEMENT_WORDS = frozenset({"EXEC", "EXECUTE", "PRINT", "UPDATE", "INSERT", "DELETE",
                              "DECLARE", "RAISERROR", "THROW"})
# a word before UPDATE / DELETE / INSERT that makes it part of the statement (ON DELETE
# CASCADE, FOR INSERT, INSTEAD OF UPDATE); SET starts no statement here (UPDATE t SET,
# ON DELETE SET NULL)
_CLAUSE_BEFORE = frozenset({"ON", "FOR", "OF", ",", "AFTER", "NOT"})


def _statement_starts(text: str, tokenizer: Any) -> list[int]:
    """Where the statements of ``text`` after its first begin: SQL Server needs no ``;``
    between two statements (``ALTER TABLE t ADD c int`` then ``ALTER TABLE t ADD
    CONSTRAINT ...`` on the next line, as SSMS writes them), so a statement starts at a
    word that can only start one, outside parentheses."""
    try:
        tokens = tokenizer.tokenize(text)
    except Exception:  # noqa: BLE001 - text sqlglot cannot read is kept whole
        return []
    words = token_words(tokens)
    starts, depth, cases = [], 0, 0
    for i, w in enumerate(words):
        if w == "(":
            depth += 1
        elif w == ")":
            depth -= 1
        elif w == "CASE":
            cases += 1
        elif w == "END" and cases:
            cases -= 1              # (a computed column's CASE ... END)
        elif i and depth == 0:
            after = words[i + 1] if i + 1 < len(words) else ""
            if (w in ("ALTER", "CREATE", "DROP") and after in _OBJECT_WORDS) or \
                    (w in _STATEMENT_WORDS and words[i - 1] not in _CLAUSE_BEFORE) or \
                    (w in _BLOCK_WORDS and not cases):    # (not a CASE's ELSE)
                starts.append(tokens[i].start)
    return starts


# words before SELECT that make it part of the statement being read (INSERT ... SELECT,
# UNION SELECT, CREATE VIEW ... AS SELECT, a cursor's FOR SELECT, MERGE's THEN)
_SELECT_JOINED = frozenset({"UNION", "ALL", "EXCEPT", "INTERSECT", "AS", "THEN", "FOR",
                            "DISTINCT", "(", ","})
_SET_OPTION_WORDS = frozenset({"NOCOUNT", "XACT_ABORT", "IDENTITY_INSERT", "ANSI_NULLS",
                               "QUOTED_IDENTIFIER", "ANSI_PADDING", "ANSI_WARNINGS",
                               "ARITHABORT", "CONCAT_NULL_YIELDS_NULL", "LOCK_TIMEOUT",
                               "NUMERIC_ROUNDABORT", "DEADLOCK_PRIORITY", "TRANSACTION"})


class _At(NamedTuple):
    """A token of the text after a command word, at its place in the whole statement."""
    text: str
    token_type: Any
    start: int
    end: int


def _command_tails(sql: str, tokens: list[Any]) -> list[Any]:
    """``tokens`` with the text a COMMAND token's string swallowed (``PRINT 'x' ALTER
    ...`` is PRINT and one string to the end) tokenized again, at its places in ``sql``."""
    for i, t in enumerate(tokens):
        if t.token_type.name == "COMMAND" and i + 1 < len(tokens):
            start = t.end + 1
            try:
                rest = _tsql_tokenizer().tokenize(sql[start:])
            except Exception:  # noqa: BLE001 - text sqlglot cannot read is kept whole
                return tokens
            return tokens[:i + 1] + _command_tails(sql, [
                _At(r.text, r.token_type, r.start + start, r.end + start) for r in rest])
    return tokens


@lru_cache(maxsize=1)
def _tsql_tokenizer() -> Any:
    from sqlglot.dialects.dialect import Dialect

    return Dialect.get_or_raise("tsql").tokenizer()


def tsql_block_semicolons(sql: str, tokens: Sequence[Any]) -> str | None:
    """``sql`` with a ``;`` before each statement of a ``BEGIN ... END`` block that follows
    another one without it, or None where none is missing. SQL Server needs none between
    statements; sqlglot reads an IF's or a WHILE's block only with them (``IF
    OBJECT_ID('t') IS NULL BEGIN SELECT ... INTO t FROM s CREATE INDEX ... ON t ... END``
    failed whole, and t had no columns; scout AW). The ``;`` takes the place of the
    whitespace just after the statement before (so a comment there stays after it), or
    of the statement's indentation, so every offset stays. The statement an IF, WHILE or
    ELSE guards gets none (``IF x IS NULL CREATE ...`` is one statement). What sqlglot's
    tokenizer swallows after a command word (``PRINT 'x'`` took the rest of the block for
    its text, and the ALTER after it was lost; scout AY) is read too."""
    tokens = _command_tails(sql, list(tokens))
    words = token_words(tokens)
    out: list[str] | None = None
    depth = cases = blocks = 0
    guarded = False         # the next statement is an IF's, WHILE's or ELSE's own
    current = ""            # the first word of the block's statement being read
    prev = ""
    n = len(words)
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < n else ""
        start = False
        if w == "(":
            depth += 1
        elif w == ")":
            depth -= 1
        elif depth > 0:
            pass
        elif w == "CASE":
            cases += 1
        elif w == "END" and cases:
            cases -= 1
        elif w == "BEGIN" and nxt in ("TRAN", "TRANSACTION", "DISTRIBUTED"):
            start = True
        elif w == "BEGIN":
            blocks += 1
            guarded, current = False, ""
        elif w in ("COMMIT", "ROLLBACK", "MERGE"):
            start = True            # (a MERGE after a SELECT was read as its alias; AY)
        elif w == "END":
            blocks -= 1
            current = ""
        elif w in ("IF", "WHILE", "ELSE"):
            start = w != "ELSE"
        elif w in ("ALTER", "CREATE", "DROP"):
            start = nxt in _OBJECT_WORDS
        elif w in _STATEMENT_WORDS:
            start = prev not in _CLAUSE_BEFORE and prev != "THEN" and not (
                w in ("EXEC", "EXECUTE") and current == "INSERT")
        elif w == "SELECT":
            start = prev not in _SELECT_JOINED and current not in ("INSERT", "WITH")
        elif w == "SET":
            start = current not in ("UPDATE", "MERGE") and prev not in ("DELETE", "UPDATE") \
                and (nxt.startswith("@") or nxt in _SET_OPTION_WORDS)
        elif w == ";":
            current = ""
        if start:
            if guarded:
                guarded = False
            elif blocks > 0 and current and prev != ";":
                # the whitespace just after the statement before (a comment after it
                # is after the ;), else the indentation of the statement's own line
                gap = tokens[i - 1].end + 1
                if not sql[gap:gap + 1].isspace():
                    gap = tokens[i].start - 1
                    if sql[gap:gap + 1] not in (" ", "\t"):
                        gap = -1
                if gap >= 0:
                    if out is None:
                        out = list(sql)
                    out[gap] = ";"
            current = w
            if w in ("IF", "WHILE"):
                guarded, current = True, ""
        elif w == "ELSE" and depth == 0 and not cases:
            guarded, current = True, ""
        prev = w
    return None if out is None else "".join(out)


# the words of a tsql block that sqlglot keeps inside one statement's text: an IF's ELSE
# branch (IF ... BEGIN ALTER ... END ELSE BEGIN ALTER ... END lost the first ALTER and
# applied the second in its place) or a nested IF (both ALTERs lost; scout AW); each
# starts a piece, and a piece of block words and an IF's condition alone is no statement
_BLOCK_WORDS = frozenset({"END", "ELSE", "BEGIN", "IF"})
_CONTROL_PIECE = LazyPattern(r"(?is)\A(?:\s|;|\bBEGIN\b|\bEND\b|\bELSE\b)*"
                             r"(?:\bIF\b.*)?\Z")


def object_id_unset(tree: Any) -> str | None:
    """The name in ``IF OBJECT_ID('name'[, type]) IS NULL`` (a tsql IF block's guard: run
    the block when there is no such object), else None."""
    from sqlglot import exp

    cond = tree.this if isinstance(tree, exp.IfBlock) else None
    if isinstance(cond, exp.Paren):
        cond = cond.this
    if not isinstance(cond, exp.Is) or not isinstance(cond.expression, exp.Null):
        return None
    fn = cond.this
    arg = fn.this if isinstance(fn, exp.ObjectId) else None
    return str(arg.this) if isinstance(arg, exp.Literal) and arg.is_string else None


def guarded_nodes(tree: Any) -> list[Any]:
    """The statements a tsql ``IF`` guards (its first branch) or a ``WHILE`` loops over
    (run as the loop runs: archkit takes a loop's DDL as made, as a guarded statement)."""
    from sqlglot import exp

    body = tree.args.get("body" if isinstance(tree, exp.WhileBlock) else "true")
    if body is None:
        return []
    return list(body.expressions) if isinstance(body, exp.Block) else [body]


def reparse_guarded(tree: Any, sql: str, parser: Any, tokenizer: Any, at: int = 0) -> None:
    """The ``ALTER``, ``CREATE`` and ``DROP`` statements of a tsql ``IF ... BEGIN ... END``
    that sqlglot keeps as raw text there (with the block's ``END`` swallowed: ``IF
    COL_LENGTH('t', 'c') IS NULL BEGIN ALTER TABLE t ADD c int END``, how SQL Server
    migrations add a column once), parsed on their own and put back, names at their places
    in ``sql``; the statements that follow one without a ``;`` (which sqlglot keeps in its
    text) are parsed too."""
    from sqlglot import exp

    ddl = (exp.Alter, exp.Create, exp.Drop)
    # (a WHILE's body too: its ALTER was lost without a word; scout AW)
    for branch in ("body",) if isinstance(tree, exp.WhileBlock) else ("true", "false"):
        body = tree.args.get(branch)
        nodes = body.expressions if isinstance(body, exp.Block) else [body]
        out, changed = [], False
        for node in nodes:
            if isinstance(node, (exp.IfBlock, exp.WhileBlock)):   # inside: its own
                reparse_guarded(node, sql, parser, tokenizer, at)
            word = str(node.this).upper() if isinstance(node, exp.Command) else ""
            if word not in _HEAD_WORDS or not isinstance(node.expression, str):
                out.append(node)
                continue
            rest = node.expression
            start = sql.find(rest, at)
            # (the word just before the text sqlglot kept, in any case)
            heads = [m.start() for m in _HEAD_WORDS[word].finditer(sql, at, start)] \
                if start >= 0 else []
            head = heads[-1] if heads else -1
            if head < 0 or sql[head + len(word):start].strip():
                out.append(node)
                continue
            at = start + len(rest)
            cut = _BLOCK_END.search(rest)
            text = sql[head:start] + (rest[:cut.start()] if cut else rest)
            bounds = [0, *_statement_starts(text, tokenizer), len(text)]
            parsed = []
            for a, b in zip(bounds, bounds[1:]):
                if _CONTROL_PIECE.match(text[a:b]):
                    continue        # END / ELSE / BEGIN, or a nested IF's condition
                again = _parse_pieces([(text[a:b], head + a)], parser, tokenizer)
                if isinstance(again, ddl) or (again is not None and a):
                    parsed.append(again)
            if parsed and isinstance(parsed[0], ddl):
                out.extend(parsed)
                changed = True
            else:
                out.append(node)
        if not changed:
            continue
        if isinstance(body, exp.Block):
            body.set("expressions", out)
        elif len(out) == 1:
            tree.set(branch, out[0])
        else:
            # IF ... ALTER TABLE ... <next statement>: the statements after the first
            # run whatever the guard says; applied as far as they apply, as guarded ones
            tree.set(branch, exp.Block(expressions=out))


# -- clauses blanked before parsing, per dialect ----------------------------------------
class Blanker(NamedTuple):
    """Clauses sqlglot lacks in some statements of one dialect: in a statement of one of
    ``kinds`` whose text ``trigger`` finds, ``spans(tokens)`` gives the (start, end)
    offsets to blank before parsing."""

    kinds: frozenset[str]
    trigger: Any                  # LazyPattern or Literals: .search(sql) finds a hint
    spans: Callable[[Sequence[Any]], list[tuple[int, int]]]


_TABLE_DDL = frozenset({"CREATE TABLE", "ALTER TABLE"})


_HYBRID = LazyPattern(r"(?i)\bHYBRID\s+TABLE\b")


_BIGLAKE = LazyPattern(r"(?i)\bWITH\s+(?:CONNECTION|PARTITION\s+COLUMNS)\b")


def _bigquery_external(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """A BigQuery external table's ``WITH CONNECTION name`` (BigLake) and ``WITH PARTITION
    COLUMNS [(...)]`` (hive partitioning), which sqlglot reads nowhere: where its files
    are and how they are partitioned, not what its columns are."""
    words = token_words(tokens)
    n = len(tokens)
    spans = []
    i = 0
    while i < n - 1:
        if words[i] == "WITH" and words[i + 1] in ("CONNECTION", "PARTITION"):
            j = i + 2
            if words[i + 1] == "PARTITION":
                j = i + 3                                   # PARTITION COLUMNS
                if j < n and words[j] == "(":
                    end = closing(words, j)
                    j = n if end is None else end + 1
            else:
                while j < n and words[j] not in ("OPTIONS", "WITH", ";", "AS"):
                    j += 1
            spans.append((tokens[i].start, tokens[min(j, n) - 1].end))
            i = j
            continue
        i += 1
    return spans


def _snowflake_hybrid(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """``CREATE HYBRID TABLE``'s word HYBRID (Snowflake's row-store tables, the one kind
    with enforced keys and indexes: their INDEX elements are read like SQL Server's)."""
    words = token_words(tokens)
    for i in range(1, min(len(tokens) - 1, 6)):
        if words[i] == "HYBRID" and words[i + 1] == "TABLE":
            return [(tokens[i].start, tokens[i].end)]
    return []


# by sqlglot's dialect name; a dialect not here pays one dict lookup per statement
BLANK_BEFORE_PARSE: dict[str, tuple[Blanker, ...]] = {
    "tsql": (Blanker(_TABLE_DDL, _TSQL_EXTRAS, _tsql_table_extras),
             Blanker(_TABLE_DDL, _EDGE_CONNECTION, _tsql_edge_constraints),
             Blanker(frozenset({"CREATE TABLE"}), _TABLE_OPTIONS, _tsql_table_options),
             Blanker(frozenset({"CREATE INDEX"}), _WHERE_THEN_WITH, _tsql_index_storage)),
    "duckdb": (Blanker(_TABLE_DDL, _DUCKDB_EXTRAS, _duckdb_table_extras),),
    "redshift": (Blanker(_TABLE_DDL, _REDSHIFT_EXTRAS, _redshift_table_extras),),
    # (one trigger for the table and index clauses: every statement is lowered once)
    "postgres": (Blanker(_TABLE_DDL | {"CREATE INDEX"}, _POSTGRES_EXTRAS,
                         lambda tokens: _postgres_table_extras(tokens) + _nulls_not_distinct(tokens)),
                 Blanker(frozenset({"UPDATE", "DELETE"}), _FOR_PORTION, _for_portion_of),
                 Blanker(frozenset({"CREATE VIEW"}), _VIEW_OPTIONS, _view_options)),
    "oracle": (Blanker(_TABLE_DDL | {"CREATE INDEX"}, _ORACLE_PHYSICAL, _oracle_physical),
               Blanker(_TABLE_DDL, _VECTOR, _oracle_vector_dimensions),
               Blanker(_TABLE_DDL, _GENERATED, lambda tokens: _oracle_virtual_columns(tokens)
                       + _oracle_identity_options(tokens))),
    "snowflake": (Blanker(frozenset({"CREATE TABLE"}), _HYBRID, _snowflake_hybrid),),
    "bigquery": (Blanker(frozenset({"CREATE TABLE"}), _BIGLAKE, _bigquery_external),),
    "databricks": (Blanker(_TABLE_DDL, _MASK_EXPECT, _databricks_extras),),
    "sqlite": (Blanker(frozenset({"CREATE TABLE"}), _SQLITE_EXTRAS, _sqlite_table_extras),),
}


def blank_spans(dialect: str, kind: str, sql: str, tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """The offsets of the clauses :data:`BLANK_BEFORE_PARSE` finds in a statement of
    ``kind`` in ``dialect`` (sqlglot's name), found from its ``tokens``."""
    spans: list[tuple[int, int]] = []
    for b in BLANK_BEFORE_PARSE.get(dialect, ()):
        if kind in b.kinds and b.trigger.search(sql) is not None:
            spans.extend(b.spans(tokens))
    return spans
