"""CREATE TABLE statements of column definitions, read one distinct definition at a time
(schema/plaintable.py), give the statement and the table that parsing the whole
statement and building its fragment give: every column, key, check and reference, with
its position."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archkit.schema.catalog import table_fragment
from archkit.schema.check import check
from archkit.schema.dialects import get_dialect
from archkit.schema.parse import _sqlglot_tools, classify
from archkit.schema.plaintable import plain_table
from archkit.schema.split import split_sql
from tests.plain_support import agree_with_parse

PG = get_dialect("postgres")
FIXTURES = Path(__file__).parent / "fixtures"


def _where(pos: Any) -> tuple[Any, ...]:
    return (pos.path, pos.line, pos.col)


def _table(t: Any) -> tuple[Any, ...]:
    """The table with every position spelt out (a Position compares by place already;
    this also says which one differs)."""
    return (t, _where(t.pos), [(c, _where(c.pos)) for c in t.columns.values()],
            t.primary_key and _where(t.primary_key.pos),
            [_where(u.pos) for u in t.uniques], [_where(f.pos) for f in t.foreign_keys],
            [_where(c.pos) for c in t.checks])


def _compare(text: str) -> int:
    """How many statements of ``text`` took the plain path; asserts each agrees with
    the parse."""
    return agree_with_parse(text, PG, plain_table, table_fragment, _table)


def test_tables_agree_with_the_parse():
    sql = """
CREATE TABLE parent (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, code text UNIQUE);
-- archkit: ignore[AK-PK001] kept
CREATE TABLE app.Child (
  id     bigint NOT NULL PRIMARY KEY,
  Name   character varying(45) NOT NULL,
  price  numeric(12,2) DEFAULT 0.00 CHECK (price >= 0) NOT NULL,
  note   text DEFAULT 'it''s, (so)',
  parent_id bigint REFERENCES parent (id) ON DELETE CASCADE,
  other bigint REFERENCES app.other ON UPDATE SET NULL
     CHECK ((other > 0) AND (other < 10)),
  code   text UNIQUE UNIQUE,
  total  numeric GENERATED ALWAYS AS (price * 2) STORED,
  at     timestamp without time zone DEFAULT now() NOT NULL,
  odd    int NOT NULL\u00a0DEFAULT 1);
CREATE TABLE film (film_id integer DEFAULT nextval('film_film_id_seq'::regclass) NOT NULL,
  other_id integer DEFAULT nextval('shared_seq'::regclass) NOT NULL, n serial, m bigserial);
CREATE TABLE public.in_public (a int);
CREATE TABLE Sales.Orders (a int);
create table T2(a int,b int,"""
    sql += "\n".join(f" c{i} bigint NOT NULL," for i in range(20)) + " z date)"
    assert _compare(sql) == 6


def test_sakila_tables_agree_with_the_parse():
    text = (FIXTURES / "sakila" / "postgres-schema.sql").read_text()
    assert _compare(text) >= 10        # (the others: INHERITS, an array type)


def test_references_to_other_tables_share_one_parse():
    """A definition that REFERENCES a table by a plain name is parsed once for all the
    tables it names; each copy refers to its own, positioned where it is written."""
    from archkit.schema.plaintable import _MEMO

    sql = "".join(f"CREATE TABLE c{i} (p bigint NOT NULL REFERENCES {name} (id) "
                  f"ON DELETE CASCADE);\n"
                  for i, name in enumerate(["a", "Parent", "a_much_longer_name", "b"]))
    sql += "CREATE TABLE c9 (p bigint NOT NULL REFERENCES s.a (id) ON DELETE CASCADE);\n"
    assert _compare(sql) == 5
    generic = "bigint NOT NULL REFERENCES ak_plain_referenced (id) ON DELETE CASCADE"
    assert generic in _MEMO["postgres"]


def test_a_definition_is_parsed_once_and_its_copies_are_apart():
    sql = ("CREATE TABLE a (x int NOT NULL, y int NOT NULL);\n"
           "CREATE TABLE b (y int NOT NULL, x int NOT NULL);\n")
    (ra, rb) = split_sql(sql, "postgres")
    _sa, a = plain_table(ra, PG, None, 0, "CREATE TABLE")
    _sb, b = plain_table(rb, PG, None, 1, "CREATE TABLE")
    assert a.columns["x"] is not b.columns["x"]
    a.columns["x"].nullable = True          # (a later ALTER changes one table's column)
    assert b.columns["x"].nullable is False and a.columns["y"].nullable is False
    assert _compare(sql) == 2


@pytest.mark.parametrize("sql", [
    "CREATE TABLE t (a int, PRIMARY KEY (a))",            # a table constraint
    "CREATE TABLE t (a int CONSTRAINT a_pk PRIMARY KEY)",  # a named one
    "CREATE TABLE t (a int, CONSTRAINT c CHECK (a > 0))",
    "CREATE TABLE t (LIKE s)",
    "CREATE TABLE t (a int PRIMARY KEY, b int PRIMARY KEY)",   # refused: whole
    "CREATE TABLE t (a int, a text)",                     # a name written twice
    "CREATE TABLE t (a int, A text)",
    'CREATE TABLE t ("a" int)',                           # quoted
    'CREATE TABLE "t" (a int)',
    "CREATE TABLE t (a int) INHERITS (p)",                # after the parentheses
    "CREATE TABLE t (a int) PARTITION BY RANGE (a)",
    "CREATE TABLE t (a int) WITH (fillfactor = 70)",
    "CREATE TABLE t PARTITION OF p FOR VALUES IN (1)",
    "CREATE TABLE IF NOT EXISTS t (a int)",
    "CREATE TEMP TABLE t (a int)",
    "CREATE UNLOGGED TABLE t (a int)",
    "CREATE TABLE t AS SELECT 1 AS a",
    "CREATE TABLE c.s.t (a int)",
    "CREATE TABLE t (a int -- note\n)",                   # comments
    "CREATE TABLE t (a int /* note */)",
    "CREATE TABLE t (a text DEFAULT $$x$$)",
    "CREATE TABLE t (a text DEFAULT E'\\n')",
    "CREATE TABLE t (a int[])",
    "CREATE TABLE t (a int CHECK ((((a > 0)))))",         # four deep
    "CREATE TABLE t ()",
    "CREATE TABLE t (a int,)",
    "CREATE TABLE t (a)",                                 # no type: sqlglot's to judge
    "CREATE TABLE t (a int AUTO_INCREMENT)",              # MySQL's: an AK-SQL001
    "CREATE TABLE t (ak_plain_column int, b int CHECK (ak_plain_column > b))",
    "CREATE TABLE t (a int REFERENCES)",                  # does not parse
    "CREATE TABLE select (a int)",                        # keywords as the table
    "CREATE TABLE t (a\u00a0int)",                        # other white space
])
def test_other_forms_are_parsed_whole(sql):
    (raw,) = split_sql(sql, "postgres")
    assert plain_table(raw, PG, None, 0, classify(raw.sql)) is None


def test_other_dialects_are_parsed_whole():
    (raw,) = split_sql("CREATE TABLE t (a int)", "mysql")
    assert plain_table(raw, get_dialect("mysql"), None, 0, "CREATE TABLE") is None


_KEYWORDS = sorted(_sqlglot_tools("postgres")[1].KEYWORDS)
_NAMES = st.one_of(
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,10}", fullmatch=True),
    st.sampled_from([w.lower() for w in _KEYWORDS if w.replace("_", "").isalnum()]),
    st.sampled_from(["id", "name", "type", "key", "value", "date", "user", "primary",
                     "constraint", "check", "like", "unique", "default", "not"]))
_TYPES = st.sampled_from(["int", "bigint", "text", "varchar(120)", "character varying(45)",
                          "numeric(12,2)", "timestamptz", "timestamp without time zone",
                          "double precision", "boolean", "uuid", "jsonb", "serial",
                          "bigserial", "real", "float", "money", "date", "int4", "bytea"])
_EXTRAS = st.sampled_from([
    "", " NOT NULL", " NULL", " PRIMARY KEY", " UNIQUE", " DEFAULT 0", " DEFAULT 'x'",
    " DEFAULT now()", " DEFAULT CURRENT_TIMESTAMP", " CHECK (c > 0)", " CHECK (length(c) < 9)",
    " REFERENCES p (id)", " REFERENCES s.p ON DELETE CASCADE", " REFERENCES p ON DELETE SET NULL",
    " REFERENCES a_much_longer_parent(id, code)", " REFERENCES Q", " REFERENCES user (id)",
    " REFERENCES p (id) MATCH FULL", " REFERENCES p DEFERRABLE INITIALLY DEFERRED",
    " DEFAULT 'REFERENCES x'", " REFERENCES\n  p\n  (id)", " REFERENCES ak_plain_referenced",
    " GENERATED ALWAYS AS IDENTITY", " GENERATED BY DEFAULT AS IDENTITY",
    " DEFAULT nextval('t_c_seq'::regclass)", " DEFAULT nextval('t_id_seq'::regclass)",
    " COLLATE C", " GENERATED ALWAYS AS (1 + 2) STORED", " UNIQUE NOT NULL", " DEFAULT (1, 2)"])
_BLANK = st.sampled_from([" ", "  ", "\n", "\n  ", "\t", "\r\n"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=st.sampled_from(["t", "s.t", "T", "orders"]),
       columns=st.lists(st.tuples(_NAMES, _TYPES, st.lists(_EXTRAS, max_size=3), _BLANK,
                                  _BLANK), min_size=1, max_size=6))
def test_generated_tables_agree_with_the_parse(table, columns):
    body = ",".join(f"{lead}{name} {ty}{''.join(extras)}{after}"
                    for name, ty, extras, lead, after in columns)
    _compare(f"CREATE TABLE filler (a int);\nCREATE TABLE {table} ({body});")


def test_generated_tables_mostly_take_the_plain_path():
    """(The property above is no vacuous one: such tables are read here.)"""
    sql = "".join(f"CREATE TABLE t{i} (id bigint PRIMARY KEY, c{i % 3} text NOT NULL, "
                  f"p bigint REFERENCES t0 (id) CHECK (p > {i}));\n" for i in range(30))
    assert _compare(sql) == 30


def test_a_large_input_checks_as_before():
    """Above the parallel threshold the plain path runs (this process and a worker);
    the findings are those of a check that parses every statement (one process: no
    fragments, every tree built)."""
    tables = "".join(
        f"CREATE TABLE t{i} (\n  id bigint PRIMARY KEY,\n  a int NOT NULL CHECK (a > 0),\n"
        f"  b varchar(20) UNIQUE,\n  amount float,\n  p{i % 7} bigint REFERENCES t{i // 2} (id),\n"
        f"  created timestamptz DEFAULT now()\n);\nCREATE INDEX t{i}_a ON t{i} (a);\n"
        for i in range(700))
    tables += "CREATE TABLE dup (a int PRIMARY KEY, b int PRIMARY KEY, a text);\n"
    fast = check(tables, workers=2)
    slow = check(tables, workers=1)
    assert [f.to_dict() for f in fast] == [f.to_dict() for f in slow]
    assert any(f.rule == "AK-SQL003" for f in fast)     # (dup's second key, parsed whole)


def test_a_small_input_takes_the_plain_path_in_one_process():
    """Below the parallel threshold, with the number of processes left to archkit, this
    process reads plain tables and indexes as a worker does; ``workers=1`` parses every
    statement whole. The findings are the same (Sakila's too)."""
    from archkit.schema.parallel import LazyStatement, parse_sources
    from archkit.schema.parse import SqlSource

    tables = "".join(
        f"CREATE TABLE t{i} (id bigint PRIMARY KEY, a int NOT NULL, b{i % 3} varchar(20),\n"
        f"  p bigint REFERENCES t0 (id), amount float);\nCREATE INDEX t{i}_a ON t{i} (a);\n"
        for i in range(40))
    tables += "ALTER TABLE t1 ADD COLUMN c text;\nCREATE VIEW v AS SELECT a FROM t1;\n"
    src = [SqlSource(tables, "s.sql")]
    auto, whole = parse_sources(src, PG), parse_sources(src, PG, workers=1)
    assert [s.kind for s in auto] == [s.kind for s in whole]
    lazy = [s.kind for s in auto if type(s) is LazyStatement]
    assert lazy.count("CREATE TABLE") == 40 and lazy.count("CREATE INDEX") == 40
    assert not any(type(s) is LazyStatement for s in whole)
    for sql in (tables, (FIXTURES / "sakila" / "postgres-schema.sql").read_text()):
        assert [f.to_dict() for f in check(sql)] == \
            [f.to_dict() for f in check(sql, workers=1)]


def test_checks_in_several_threads_keep_their_own_statements():
    """A notebook may check schemas from several threads at once: each check reads its
    own statements (none go through state shared at module level)."""
    from concurrent.futures import ThreadPoolExecutor

    texts = ["".join(f"CREATE TABLE s{k}_t{i} (id bigint PRIMARY KEY, c{k} int NOT NULL, "
                     f"v{i % 4} varchar({10 + k}));\nCREATE INDEX s{k}_i{i} ON s{k}_t{i} "
                     f"(c{k});\n" for i in range(60 + 20 * k)) for k in range(4)]
    alone = [[f.to_dict() for f in check(t, workers=1)] for t in texts]
    for _round in range(3):
        with ThreadPoolExecutor(4) as pool:
            together = list(pool.map(lambda t: [f.to_dict() for f in check(t)], texts))
        assert together == alone


def test_the_memo_is_bounded(monkeypatch):
    """A long-lived process (a notebook) that reads schema after schema does not keep
    every definition it ever read."""
    from archkit.schema import plaintable

    monkeypatch.setattr(plaintable, "_MEMO_LIMIT", 5)
    monkeypatch.setattr(plaintable, "_MEMO", {})
    sql = "".join(f"CREATE TABLE t{i} (a{i} numeric({i + 1}, 0) NOT NULL);\n" for i in range(20))
    assert _compare(sql) == 20
    assert len(plaintable._MEMO["postgres"]) <= 6


def test_a_table_with_many_repairs_is_read_on_one_process_as_on_two():
    """sqlglot stops at each of pg_dump's bit varying, interval(0), NO INHERIT and SET
    NULL (col), which are repaired and parsed again: after eight repairs one process gave
    up (an AK-SQL001 and no table), while two processes read the table one column at a
    time (scout CA)."""
    columns = ",\n".join([f"  f{i} bit varying(8)" for i in range(9)]
                         + [f"  d{i} interval second(0)" for i in range(4)]
                         + ["  c int CHECK (c > 0) NO INHERIT",
                            "  o bigint REFERENCES owner ON DELETE SET NULL (o)"])
    sql = ("CREATE TABLE owner (o bigint PRIMARY KEY);\n"
           f"CREATE TABLE flags (\n  id bigint PRIMARY KEY,\n{columns}\n);\n"
           "CREATE INDEX flags_f1 ON flags (f1);\n"
           + "".join(f"CREATE TABLE pad{i} (id int PRIMARY KEY);\n" for i in range(8)))
    one, two = (check(sql, dialect="postgres", workers=w) for w in (1, 2))
    assert not [f for f in one if f.rule == "AK-SQL001"]
    assert [f.to_dict() for f in one] == [f.to_dict() for f in two]
