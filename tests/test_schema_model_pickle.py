"""Catalog model objects survive pickling (worker processes send them back) unchanged,
and travel as flat tuples rather than per-object attribute dicts."""

from __future__ import annotations

import pickle

from archkit.schema import load_schema, parallel
from archkit.schema.model import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    IndexColumn,
    ParseProblem,
    Position,
    PrimaryKey,
    Statement,
    Table,
    UniqueConstraint,
)
from archkit.schema.parse import SqlSource
from archkit.schema.split import LineIndex, split_sql

PG = """\
CREATE TABLE sales.orders (
  id bigserial,
  customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  total numeric(12, 2) NOT NULL DEFAULT 0 CHECK (total >= 0),
  "Note" text COLLATE "C",
  placed_at timestamp with time zone DEFAULT now(),
  CONSTRAINT orders_pk PRIMARY KEY (id),
  CONSTRAINT orders_ref_uq UNIQUE (customer_id, placed_at)
);
CREATE UNIQUE INDEX orders_open_idx ON sales.orders USING btree
  (customer_id, placed_at DESC NULLS LAST, lower("Note")) INCLUDE (total)
  WHERE placed_at IS NOT NULL;
"""

MY = """\
CREATE TABLE film (
  film_id int unsigned NOT NULL AUTO_INCREMENT,
  rating ENUM('G','PG','R') DEFAULT 'G',
  title varchar(255) NOT NULL COMMENT 'the title',
  PRIMARY KEY (film_id),
  KEY idx_title (title),
  FULLTEXT KEY ft (title)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
"""


def roundtrip(obj):
    return pickle.loads(pickle.dumps(obj, pickle.HIGHEST_PROTOCOL))


def test_tables_and_indexes_round_trip_equal():
    for sql, dialect in ((PG, "postgres"), (MY, "mysql")):
        cat = load_schema(sql, dialect)
        for table in cat.tables.values():
            back = roundtrip(table)
            assert back == table and repr(back) == repr(table)
            assert type(back.columns) is dict and list(back.columns) == list(table.columns)
            for ix in table.indexes:
                assert roundtrip(ix) == ix
            for col in table.columns.values():
                assert roundtrip(col) == col


def test_every_model_class_round_trips():
    pos = Position("a.sql", 3, 7)
    objs = [pos, Column("a", "int", pos=pos), IndexColumn("lower(a)", True, True, "first"),
            Index("ix", "t", (IndexColumn("a"),), unique=True, where="a > 0", pos=pos),
            PrimaryKey(("a",), "pk", pos), UniqueConstraint(("a", "b"), None, pos),
            ForeignKey(("a",), "s.t", ("id",), "fk", "cascade", None, "full", True, True, 4, pos),
            CheckConstraint("a > 0", ("a",), "ck", True, pos), ParseProblem("bad", 1, 2),
            Table("t", "s", {"a": Column("a", "int")}, options={"temporary": True}, pos=pos)]
    for obj in objs:
        back = roundtrip(obj)
        assert type(back) is type(obj) and back == obj and repr(back) == repr(obj)


def test_unusual_objects_fall_back_to_plain_pickling():
    # a position that is not a Position, an extra attribute on a table: still equal
    col = Column("a", "int", pos=None)  # type: ignore[arg-type]
    assert roundtrip(col) == col
    ix = Index("ix", "t", [IndexColumn("a")], pos=Position())  # type: ignore[arg-type]
    assert roundtrip(ix) == ix and isinstance(roundtrip(ix).columns, list)
    t = Table("t", columns={"a": col})
    t.note = "kept"  # type: ignore[attr-defined]
    back = roundtrip(t)
    assert back == t and back.note == "kept"
    t2 = Table("t2", columns={"b": Column("b", "int")})
    t2.memo = [1, 2]  # type: ignore[attr-defined]
    assert roundtrip(t2).memo == [1, 2]


def test_flat_pickles_are_smaller_than_attribute_dicts():
    cat = load_schema(PG)
    table = cat.tables["sales.orders"]
    flat = len(pickle.dumps(table, 5))
    # what the default protocol writes: a dict of attribute names per object
    default = len(pickle.dumps(table.__dict__, 5)) + sum(
        len(pickle.dumps({n: getattr(c, n) for n in c.__slots__}, 5)) for c in table.columns.values())
    assert flat < default


def test_statements_from_a_worker_chunk_round_trip():
    text = PG + "ALTER TABLE sales.orders ADD COLUMN x int;\nSELECT 1;\n"
    src = SqlSource(text, "in.sql")
    work = [(r, src.path) for r in split_sql(text, "postgres", LineIndex(text))]
    out = parallel._parse_chunk(work, (0, len(work)))
    back = roundtrip(out)
    assert len(back) == len(out) == 4
    for a, b in zip(out, back):
        assert isinstance(b, Statement)
        for name in Statement.__dataclass_fields__:
            if name != "tree":
                assert getattr(a, name) == getattr(b, name), name
        assert getattr(a, "fragment", None) == getattr(b, "fragment", None)
        assert (a.tree is None) == (b.tree is None)
        if a.tree is not None:
            assert a.tree.sql() == b.tree.sql()    # parsed again on first access
