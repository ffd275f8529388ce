"""Which dialect a SQL text is written in, by the marks only one engine's scripts carry.

Read as the wrong dialect, a script can fail loudly (hundreds of AK-SQL001) or, worse,
quietly: a SQL Server script without semicolons read as postgres is one long ``SET
NOCOUNT ON ...`` statement, a session setting, and the check says "0 findings". The
command line therefore looks for marks no other dialect writes (a ``GO`` line, a mysql
``DELIMITER`` line, ``VARCHAR2`` ...) and, when they name another dialect than the one
the file is read as, says so on stderr. Only unambiguous marks count: a file without
any is never questioned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from archkit.lazyre import LazyPattern

__all__ = ["Sniffed", "sniff_dialect", "fits"]


class Sniffed(NamedTuple):
    dialect: str          # archkit's dialect name
    evidence: str         # what was seen, for a message: "a GO batch separator"
    line: int             # 1-based line of the first mark


# (dialect, what the mark is, a literal every match holds, pattern): both on the text in
# lower case, so the literal is found by str.find and the pattern runs only from the
# first place it could match (13 case-insensitive patterns over 256 KB cost ~40 ms, this
# ~1 ms: a check pays it on every run)
# ClickHouse's own words: where one is in a file, its Int64 and ENGINE = are ClickHouse's
# too, not BigQuery's or MySQL's marks (Langfuse's and Uptrace's migrations)
_CLICKHOUSE: tuple[tuple[str, str, str, re.Pattern[str]], ...] = (
    ("clickhouse", "a MergeTree table engine", "mergetree",
     LazyPattern(r"\bengine\s*=\s*\w*mergetree\b")),
    ("clickhouse", "a Nullable(...) type", "nullable(", LazyPattern(r"\bnullable\(")),
    ("clickhouse", "a LowCardinality(...) type", "lowcardinality(",
     LazyPattern(r"\blowcardinality\(")),
)
_TITLES = {"clickhouse": "ClickHouse"}

_MARKS: tuple[tuple[str, str, str, re.Pattern[str]], ...] = (
    ("tsql", "a GO batch separator", "go",
     LazyPattern(r"(?m)^[ \t]*go[ \t]*(?:\d+[ \t]*)?(?:--[^\n]*)?\r?$")),
    ("tsql", "a sqlcmd :setvar line", ":setvar", LazyPattern(r"(?m)^[ \t]*:setvar\b")),
    ("mariadb", "a mariadb-dump header", "-- mariadb dump", LazyPattern(r"(?m)^-- mariadb dump\b")),
    ("mysql", "a mysqldump header", "-- mysql dump", LazyPattern(r"(?m)^-- mysql dump\b")),
    ("mysql", "a DELIMITER line", "delimiter", LazyPattern(r"(?m)^[ \t]*delimiter[ \t]+\S")),
    ("mysql", "a /*!NNNNN executable comment", "/*!", LazyPattern(r"/\*!\d{5}")),
    ("mysql", "a table's ENGINE= option", "engine", LazyPattern(r"\)\s*engine\s*=\s*\w")),
    ("postgres", "a pg_dump header", "-- postgresql database dump",
     LazyPattern(r"(?m)^-- postgresql database dump\b")),
    ("postgres", "a psql \\connect line", "\\c", LazyPattern(r"(?m)^\\(?:connect|c)[ \t]")),
    ("postgres", "a DO $$ block", "do", LazyPattern(r"(?m)^[ \t]*do[ \t]*(?:\r?\n[ \t]*)?\$\w*\$")),
    ("postgres", "a plpgsql routine", "plpgsql", LazyPattern(r"\blanguage\s+'?plpgsql\b")),
    ("mysql", "an AUTO_INCREMENT column", "auto_increment",
     LazyPattern(r"\bauto_increment\b(?!\s*=)")),
    ("oracle", "an [N]VARCHAR2 type", "varchar2", LazyPattern(r"\bn?varchar2\s*\(")),
    # (not PL/SQL's PRAGMA AUTONOMOUS_TRANSACTION ... inside an Oracle routine: scout O)
    ("sqlite", "a PRAGMA", "pragma", LazyPattern(
        r"(?m)^[ \t]*pragma[ \t]+(?!(?:autonomous_transaction|exception_init|"
        r"serially_reusable|restrict_references|inline|udf|deprecate)\b)\w")),
    ("bigquery", "an INT64 type", "int64", LazyPattern(r"\bint64\b")),
    ("bigquery", "a FLOAT64 type", "float64", LazyPattern(r"\bfloat64\b")),
    ("snowflake", "a TIMESTAMP_NTZ type", "timestamp_ntz", LazyPattern(r"\btimestamp_ntz\b")),
    ("snowflake", "a TIMESTAMP_LTZ type", "timestamp_ltz", LazyPattern(r"\btimestamp_ltz\b")),
)

# dialects that read a mark's dialect's scripts as their own
_FAMILY: dict[str, frozenset[str]] = {
    "tsql": frozenset({"tsql", "fabric"}),
    "mysql": frozenset({"mysql", "mariadb", "doris", "starrocks", "singlestore"}),
    "mariadb": frozenset({"mysql", "mariadb"}),
    "postgres": frozenset({"postgres", "redshift", "materialize", "risingwave"}),
    "oracle": frozenset({"oracle"}),
    "sqlite": frozenset({"sqlite", "duckdb"}),      # (duckdb has PRAGMAs too)
    "bigquery": frozenset({"bigquery"}),
    "snowflake": frozenset({"snowflake"}),
}

# marks another dialect takes too: sqlite reads AUTO_INCREMENT as part of a type name
# (Temporal's sqlite schema writes BIGINT AUTO_INCREMENT: a MySQL habit, not a MySQL file)
_ALSO_FITS: dict[str, frozenset[str]] = {"an AUTO_INCREMENT column": frozenset({"sqlite"})}

HEAD_CHARS = 256 * 1024        # marks are looked for in the start of a file


def sniff_dialect(text: str) -> Sniffed | None:
    """The dialect the earliest unambiguous mark in ``text`` names, or None."""
    head = text[:HEAD_CHARS]
    low = head.lower()
    found = _earliest(low, _CLICKHOUSE)
    return found if found is not None else _earliest(low, _MARKS)


def _earliest(low: str, marks: Any) -> Sniffed | None:
    best: Sniffed | None = None
    best_at = len(low) + 1
    for dialect, evidence, needle, pattern in marks:
        i = low.find(needle, 0, best_at)
        if i < 0:
            continue
        m = pattern.search(low, low.rfind("\n", 0, i) + 1, best_at)
        if m is not None and m.start() < best_at:
            best_at = m.start()
            best = Sniffed(dialect, evidence, low.count("\n", 0, m.start()) + 1)
    return best


def fits(sniffed: Sniffed, dialect: str) -> bool:
    """Whether reading the text as ``dialect`` suits what the mark says. Only archkit's
    own dialects (those with a facts table) are questioned: the marks are unambiguous
    among them, not among every dialect sqlglot knows (ClickHouse writes ENGINE = and
    Float64 too)."""
    from archkit.schema.dialects import BUILTIN

    if dialect not in BUILTIN:
        return True
    return dialect in _FAMILY.get(sniffed.dialect, frozenset({sniffed.dialect})) or \
        dialect in _ALSO_FITS.get(sniffed.evidence, ())


def dialect_note(files: list[str], dialect: str, source: str,
                 encoding: str | None = None) -> str | None:
    """The warning to print when a file's marks name another dialect than ``dialect``
    (``source``: how it was chosen: "--dialect", "archkit.toml", "the default"), for the
    first such file; None when every file fits (or cannot be read: the check says why)."""

    from archkit.errors import InputError
    from archkit.schema.parse import decode_sql

    def heads() -> Iterator[tuple[str, str]]:
        for f in files:
            try:
                with open(f, "rb") as fh:
                    data = fh.read(HEAD_CHARS)
            except OSError:
                continue                    # (the check says why)
            try:
                text = decode_sql(data, f, encoding)
            except InputError:              # binary, or the head cut a character in two
                text = data.decode("utf-8", "replace")
            yield f, text
    return texts_note(heads(), dialect, source)


def texts_note(texts: Iterable[tuple[str, str]], dialect: str, source: str) -> str | None:
    """:func:`dialect_note` for texts already read, as ``(path, text)``: only the first
    ``HEAD_CHARS`` characters of each are looked at."""
    from archkit.schema.dialects import get_dialect

    for f, text in texts:
        seen = sniff_dialect(text[:HEAD_CHARS])
        if seen is None or fits(seen, dialect):
            continue
        title = _TITLES.get(seen.dialect) or get_dialect(seen.dialect).title
        where = f"{f}:{seen.line}"
        fix = (f"pass --dialect {seen.dialect}, or set [schema] dialect = \"{seen.dialect}\" "
               "in archkit.toml" if source == "the default" else
               f"if it is {title}, pass --dialect {seen.dialect}")
        return (f"archkit: {f} looks like {title} ({seen.evidence} at {where}) "
                f"but is read as {dialect} ({source}): {fix}")
    return None
