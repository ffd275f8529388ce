"""ClickHouse, read with sqlglot's grammar and the core facts: what its tables mean
(scout B #2: every column was nullable, every MergeTree table had AK-PK001)."""

from __future__ import annotations

from archkit.schema import load_schema
from archkit.schema.check import check

EVENTS = """\
CREATE TABLE events
(
    id UInt64,
    user_id UInt32,
    note Nullable(String),
    kind LowCardinality(Nullable(String))
)
ENGINE = MergeTree
PRIMARY KEY id
ORDER BY (id, user_id);
CREATE TABLE trades (sym LowCardinality(String), p Float64, t UInt64)
ENGINE = MergeTree ORDER BY (sym, t);
CREATE TABLE logs (line String) ENGINE = MergeTree ORDER BY tuple();
"""


def rules(findings, rule):
    return sorted(f.object for f in findings if f.rule == rule)


def test_only_nullable_types_hold_null():
    cols = load_schema(EVENTS, "clickhouse").tables["events"].columns
    assert {n: c.nullable for n, c in cols.items()} == {
        "id": False, "user_id": False, "note": True, "kind": True}
    assert cols["note"].raw_type.startswith("Nullable(")
    assert rules(check(EVENTS, dialect="clickhouse", cache=False), "AK-TY009") == []


def test_the_primary_key_is_a_sorting_key_not_a_unique_key():
    cat = load_schema(EVENTS, "clickhouse")
    events, trades = cat.tables["events"], cat.tables["trades"]
    # ORDER BY is the sorting key (PRIMARY KEY (id), a prefix of it, the sparse index)
    assert events.primary_key is None and events.options["sorting_key"] == ("id", "user_id")
    assert trades.options["sorting_key"] == ("sym", "t")
    found = check(EVENTS, dialect="clickhouse", cache=False)
    # no unique keys, no foreign keys in ClickHouse: nothing to ask for
    assert rules(found, "AK-PK001") + rules(found, "AK-PK002") + rules(found, "AK-FK005") == []


def test_unsigned_integers_run_out_at_their_own_limit():
    found = check(EVENTS, dialect="clickhouse", cache=False)
    [f] = [f for f in found if f.rule == "AK-PK003"]
    assert f.object == "events.user_id" and f.message.endswith("2^32 values")
    duck = check("CREATE TABLE t (id UINTEGER PRIMARY KEY);", dialect="duckdb", cache=False)
    assert [f.message.rsplit(" ", 2)[-2] for f in duck if f.rule == "AK-PK003"] == ["2^32"]


def test_clickhouse_files_are_not_called_mysql_or_bigquery():
    import tempfile
    from pathlib import Path

    from archkit.schema.sniff import dialect_note

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "ddl.sql"
        p.write_text(EVENTS)
        check(EVENTS, dialect="clickhouse", cache=False)      # (the dialect in use)
        assert dialect_note([str(p)], "clickhouse", "--dialect") is None
        assert "but is read as postgres" in dialect_note([str(p)], "postgres", "the default")


def test_wrappers_are_no_type_of_their_own():
    # LowCardinality(T) is an encoding of T, Nullable(T) is T with NULL (scout C: false
    # AK-TY008 "site_id is nullable but site_id is uint64 elsewhere")
    sql = ("CREATE TABLE counters (site_id Nullable(UInt64), domain LowCardinality(String), "
           "value UInt64) ENGINE = MergeTree ORDER BY value;\n"
           "CREATE TABLE visitors (site_id UInt64, domain String, visitors UInt64) "
           "ENGINE = MergeTree ORDER BY (site_id);\n")
    assert rules(check(sql, dialect="clickhouse", cache=False), "AK-TY008") == []
    assert load_schema(sql, "clickhouse").tables["counters"].columns["domain"].type == "text"


def test_nested_columns_are_named_by_their_parts():
    # ClickHouse Nested: `meta.key` is queried as meta.key, no quotes (scout C, plausible)
    sql = ("CREATE TABLE events (`timestamp` DateTime, `meta.key` Array(String), "
           "`meta.Value` Array(String), `a b` Int32) ENGINE = MergeTree ORDER BY timestamp;")
    found = check(sql, dialect="clickhouse", cache=False)
    assert rules(found, "AK-NM004") == ["events.a b"]
    # (`a b` breaks snake_case too, but AK-NM004 already reports it with the same rename)
    assert rules(found, "AK-NM001") == ["events.meta.Value"]
    # elsewhere a dot in a name is a special character to quote
    assert rules(check('CREATE TABLE t ("meta.key" int);', cache=False), "AK-NM004") == [
        "t.meta.key"]
