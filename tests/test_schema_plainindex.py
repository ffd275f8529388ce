"""Plain CREATE INDEX statements read without sqlglot (schema/plainindex.py) give the
statement and the index that parsing the statement and building its fragment give."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archkit.schema.catalog import fragment
from archkit.schema.check import check
from archkit.schema.dialects import get_dialect
from archkit.schema.parse import _sqlglot_tools, classify
from archkit.schema.plainindex import plain_index
from archkit.schema.split import split_sql
from tests.plain_support import agree_with_parse

PG = get_dialect("postgres")


def _index(ix: Any) -> tuple[Any, ...] | None:
    if ix is None:
        return None
    return (ix.name, ix.table, ix.columns, ix.unique, ix.method, ix.where, ix.include,
            ix.concurrently, ix.inline, ix.if_not_exists, ix.original, ix.statement,
            (ix.pos.path, ix.pos.line, ix.pos.col))


def _compare(text: str, dialect: Any = PG) -> int:
    """How many statements of ``text`` took the plain path; asserts each agrees with
    the parse."""
    return agree_with_parse(text, dialect, plain_index, fragment, _index)


def test_plain_statements_agree_with_the_parse():
    sql = ("CREATE TABLE t (a int, b int);\n"
           "CREATE INDEX t_a_idx ON t (a);\n"
           "create unique index T_AB\n   on T(a ,b);\n"
           "-- archkit: ignore[AK-NM001] kept\nCREATE INDEX  Mixed_Case  ON  t\t(\n a,\n b\n);\n"
           "CREATE UNIQUE\r\nINDEX _u ON t (_a);\n")
    assert _compare(sql) == 4


@pytest.mark.parametrize("sql", [
    'CREATE INDEX "q" ON t (a)',             # quoted
    "CREATE INDEX s.ix ON t (a)",            # qualified
    "CREATE INDEX ix ON s.t (a)",
    "CREATE INDEX ix ON t USING gin (a)",
    "CREATE INDEX ix ON t (a DESC)",
    "CREATE INDEX ix ON t (lower(a))",
    "CREATE INDEX ix ON t (a) WHERE a > 0",
    "CREATE INDEX ix ON t (a) INCLUDE (b)",
    "CREATE INDEX CONCURRENTLY ix ON t (a)",
    "CREATE INDEX concurrently ON t (a)",     # unnamed, concurrent: no index "concurrently"
    "CREATE INDEX IF NOT EXISTS ix ON t (a)",
    "CREATE INDEX ON t (a)",                 # no name
    "CREATE INDEX ix ON t (a) -- note",
    "CREATE INDEX ix /* c */ ON t (a)",
    "CREATE INDEX ix ON t (select)",         # a keyword: an error to sqlglot
    "CREATE INDEX ix ON t (any)",            # a function without parentheses
    "CREATE INDEX ix ON t (double)",         # DOUBLE PRECISION's first word
    "CREATE INDEX\u00a0ix ON t (a)",        # other white space: to sqlglot to judge
])
def test_other_forms_are_parsed(sql):
    (raw,) = split_sql(sql, "postgres")
    assert plain_index(raw, PG, None, 0, classify(raw.sql)) is None


def test_other_dialects_are_parsed():
    (raw,) = split_sql("CREATE INDEX ix ON t (a)", "mysql")
    assert plain_index(raw, get_dialect("mysql"), None, 0, "CREATE INDEX") is None


_KEYWORDS = sorted(_sqlglot_tools("postgres")[1].KEYWORDS)
_WORDS = st.one_of(
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,12}", fullmatch=True),
    st.sampled_from([w.lower() for w in _KEYWORDS if w.replace("_", "").isalnum()]),
    st.sampled_from(["id", "next", "if", "any", "variadic", "value", "date", "user", "key",
                     "index", "on", "only", "precision", "character", "varying"]))
_BLANK = st.sampled_from([" ", "  ", "\n", "\n  ", "\t", "\r\n"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unique=st.booleans(), name=_WORDS, table=_WORDS,
       columns=st.lists(_WORDS, min_size=1, max_size=4), blanks=st.lists(_BLANK, min_size=6,
                                                                         max_size=6))
def test_generated_statements_agree_with_the_parse(unique, name, table, columns, blanks):
    sql = (f"CREATE{blanks[0]}{'UNIQUE' + blanks[1] if unique else ''}INDEX{blanks[2]}{name}"
           f"{blanks[3]}ON{blanks[4]}{table}({blanks[5]}{', '.join(columns)});")
    _compare("CREATE TABLE filler (a int);\n" + sql)


def test_a_large_input_checks_as_before():
    """Above the parallel threshold the plain path runs (this process and a worker);
    the findings are those of a check that parses every statement (one process: no
    fragments, every tree built)."""
    tables = "".join(f"CREATE TABLE t{i} (id bigint PRIMARY KEY, a int, b text);\n"
                     f"CREATE INDEX t{i}_a ON t{i} (a);\nCREATE INDEX ix{i} ON t{i} (b, a);\n"
                     for i in range(700))
    fast = check(tables, workers=2)
    slow = check(tables, workers=1)
    assert [f.to_dict() for f in fast] == [f.to_dict() for f in slow]


def test_an_unnamed_concurrent_index_is_the_same_on_two_processes():
    """Read as plain, ``concurrently`` was the index's name: an AK-SQL003 'already used'
    on two processes that one process did not give (scout BB)."""
    sql = ("CREATE TABLE t (id int PRIMARY KEY, a int, b int);\n"
           "CREATE INDEX concurrently ON t (a);\nCREATE INDEX concurrently ON t (b);\n"
           + "".join(f"CREATE TABLE p{i} (id int PRIMARY KEY);\n" for i in range(8)))
    one, two = (check(sql, dialect="postgres", workers=w) for w in (1, 2))
    assert [f.rule for f in two] == [f.rule for f in one]
    assert not [f for f in two if f.rule in ("AK-SQL003", "AK-NM001")]
