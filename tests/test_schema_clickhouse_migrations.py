"""ClickHouse migrations as Langfuse and Uptrace write them, and Langfuse's Prisma key
switch (scout I's report): each read as the engine reads it."""

from __future__ import annotations

from schema_rule_helpers import rule_lines

from archkit.schema import load_schema
from archkit.schema.check import check


def findings(sql: str, dialect: str = "clickhouse") -> list[tuple[str, int]]:
    return rule_lines(sql, dialect)


TRACES = ("CREATE TABLE traces (\n    id String,\n    project_id String,\n"
          "    user_id Nullable(String),\n    metadata Map(LowCardinality(String), String),\n"
          "    created_at DateTime64(3) DEFAULT now(),\n    updated_at DateTime64(3),\n"
          "    INDEX idx_id id TYPE bloom_filter(0.001) GRANULARITY 1,\n"
          "    INDEX idx_user_id user_id TYPE bloom_filter(0.01) GRANULARITY 1,\n"
          "    INDEX idx_res_metadata_key mapKeys(metadata) TYPE bloom_filter(0.01) GRANULARITY 1,\n"
          "    INDEX idx_created_at created_at TYPE minmax GRANULARITY 1,\n"
          "    INDEX idx_updated_at updated_at TYPE minmax GRANULARITY 1\n"
          ") ENGINE = MergeTree\nORDER BY (project_id, id);\n")


def test_data_skipping_indexes_keep_their_expression_and_type():
    # Langfuse's traces: every INDEX name expr TYPE t GRANULARITY n had no columns and
    # was a btree, so each was a duplicate of the first (20 false AK-IX001)
    ix = load_schema(TRACES, "clickhouse").tables["traces"].indexes
    assert [(i.name, i.method, i.column_names) for i in ix] == [
        ("idx_id", "bloom_filter", ("id",)), ("idx_user_id", "bloom_filter", ("user_id",)),
        ("idx_res_metadata_key", "bloom_filter", ("mapKeys(metadata)",)),
        ("idx_created_at", "minmax", ("created_at",)),
        ("idx_updated_at", "minmax", ("updated_at",))]
    assert [r for r in findings(TRACES) if r[0] == "AK-IX001"] == []


def test_alter_add_index_guarded_or_with_settings_and_materialize():
    # Langfuse 0005 ... 0043: ADD INDEX IF NOT EXISTS and a trailing SETTINGS were raw
    # text (13 indexes lost); MATERIALIZE INDEX builds an index's data, no definition
    sql = (TRACES + "ALTER TABLE traces ADD INDEX IF NOT EXISTS idx_session_id user_id "
           "TYPE bloom_filter() GRANULARITY 1;\n"
           "ALTER TABLE traces ON CLUSTER default ADD INDEX idx_c2 created_at TYPE minmax "
           "GRANULARITY 1 SETTINGS alter_sync = 2;\n"
           "ALTER TABLE traces MATERIALIZE INDEX IF EXISTS idx_session_id SETTINGS "
           "mutations_sync = 2;\nALTER TABLE traces ADD INDEX IF NOT EXISTS idx_id id TYPE "
           "bloom_filter(0.001) GRANULARITY 1;\n")
    ix = load_schema(sql, "clickhouse").tables["traces"].indexes
    assert [i.name for i in ix][-2:] == ["idx_session_id", "idx_c2"]
    assert len([i for i in ix if i.name == "idx_id"]) == 1        # IF NOT EXISTS: kept one
    assert [r for r in findings(sql) if r[0].startswith("AK-SQL")] == []


def test_modify_column_to_and_from_nullable():
    # Langfuse 0014: MODIFY COLUMN trace_id Nullable(String) (with SETTINGS)
    sql = ("CREATE TABLE scores (id String, trace_id String, comment Nullable(String),\n"
           "  env LowCardinality(Nullable(String))) ENGINE = MergeTree ORDER BY id;\n"
           "ALTER TABLE scores ON CLUSTER default MODIFY COLUMN trace_id Nullable(String) "
           "SETTINGS mutations_sync = 2;\nALTER TABLE scores MODIFY COLUMN comment String;\n")
    cols = load_schema(sql, "clickhouse").tables["scores"].columns
    assert (cols["trace_id"].nullable, cols["comment"].nullable, cols["env"].nullable) == (
        True, False, True)
    # never Nullable(LowCardinality(...)), which ClickHouse refuses
    assert cols["env"].raw_type == "LowCardinality(Nullable(String))"


def test_adding_a_materialized_column_rewrites_nothing():
    # ClickHouse computes it for old parts when read, until MATERIALIZE COLUMN
    sql = "ALTER TABLE scores ADD COLUMN id_hash UInt64 MATERIALIZED cityHash64(id);\n"
    assert [r for r in findings(sql) if r[0] == "AK-MG006"] == []
    assert [r for r in findings("ALTER TABLE o ADD COLUMN g int GENERATED ALWAYS AS (a * 2) "
                                "STORED;", "postgres") if r[0] == "AK-MG006"] == [("AK-MG006", 1)]


def test_clickhouse_files_read_as_another_dialect_say_so():
    from archkit.schema.sniff import sniff_dialect

    seen = sniff_dialect("CREATE TABLE spans (\n  id UInt64,\n  n Int64,\n  s Nullable(String)\n"
                         ") ENGINE = MergeTree ORDER BY id;")
    assert (seen.dialect, seen.evidence, seen.line) == ("clickhouse", "a Nullable(...) type", 4)


def test_prisma_key_switch_in_one_alter():
    # Langfuse's dataset_items switch: DROP CONSTRAINT t_pkey, ADD CONSTRAINT t_pkey
    # PRIMARY KEY USING INDEX ix; PostgreSQL 15 renames the index to t_pkey, the key is
    # (id, p, v). It was AK-SQL002 and the old key was kept (a false AK-IX005)
    sql = ("CREATE TABLE t (id text NOT NULL, p text NOT NULL, v timestamptz NOT NULL, "
           "CONSTRAINT t_pkey PRIMARY KEY (id, p));\n"
           "CREATE UNIQUE INDEX t_id_p_v_key ON t (id, p, v);\n"
           "ALTER TABLE t DROP CONSTRAINT t_pkey,\n"
           "ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_id_p_v_key;\n")
    t = load_schema(sql).tables["t"]
    assert (t.primary_key.name, t.primary_key.columns, t.indexes) == (
        "t_pkey", ("id", "p", "v"), [])
    assert [r for r in findings(sql, "postgres") if r[0] in ("AK-SQL002", "AK-IX005")] == []


def test_create_table_as_another_copies_its_columns():
    # Uptrace's tracing_data and every *_dist table: CREATE TABLE t AS other ENGINE = ...
    # has other's structure (it had no columns); a Distributed / Merge table holds other
    # tables' rows, so the rules judge those tables, not it
    sql = ("CREATE TABLE logs_data (project_id UInt32, trace_id UUID, id UInt64, "
           "data String DEFAULT '')\nENGINE = MergeTree ORDER BY (trace_id, id);\n"
           "CREATE OR REPLACE TABLE tracing_data AS logs_data ENGINE = Merge(currentDatabase(), "
           "'^(spans|logs)_data$');\n"
           "CREATE TABLE logs_data_dist AS logs_data ENGINE = Distributed(c, currentDatabase(), "
           "logs_data, rand());\n"
           "CREATE TABLE logs_copy AS logs_data ENGINE = MergeTree ORDER BY id;\n")
    cat = load_schema(sql, "clickhouse")
    for name in ("tracing_data", "logs_data_dist", "logs_copy"):
        assert list(cat.tables[name].columns) == ["project_id", "trace_id", "id", "data"]
    assert cat.tables["logs_copy"].columns["data"].default == "''"
    judged = {f.object.split(".")[0] for f in check(sql, dialect="clickhouse", cache=False)}
    assert judged & {"tracing_data", "logs_data_dist"} == set()
    assert "logs_copy" in judged                     # a table of its own


def test_decimal_widths_are_decimals_and_types_are_named_as_written():
    # Langfuse: total_cost Nullable(Decimal64(12)) in one table, Decimal(18, 12) in
    # another: the same type (Decimal64(S) is Decimal(18, S)); labels were garbled
    # ('nullable(decimal64 )') and the hint a type ClickHouse refuses
    sql = ("CREATE TABLE c (id String, amount Decimal64(4)) ENGINE = MergeTree ORDER BY id;\n"
           "CREATE TABLE d (id String, amount Decimal(18, 4)) ENGINE = MergeTree ORDER BY id;\n"
           "CREATE TABLE e (id UInt64, env LowCardinality(Nullable(String))) "
           "ENGINE = MergeTree ORDER BY id;\n"
           "CREATE TABLE f (id UInt64, env UInt8) ENGINE = MergeTree ORDER BY id;\n")
    [f] = [f for f in check(sql, dialect="clickhouse", cache=False) if f.rule == "AK-TY008"]
    assert f.message.endswith("f.env is uint8 but e.env is string")
    assert f.hint.endswith("ALTER TABLE f MODIFY COLUMN env LowCardinality(Nullable(String));")


def test_sorting_keys_keep_their_expressions():
    # Langfuse's traces: PRIMARY KEY (project_id, toStartOfMinute(start_time), ...) was
    # ('project_id', '', 'xxHash32'); ORDER BY is the sorting key when both are given
    sql = ("CREATE TABLE t (project_id String, start_time DateTime, trace_id String, "
           "ts DateTime) ENGINE = MergeTree PRIMARY KEY (project_id, xxHash32(trace_id)) "
           "ORDER BY (project_id, xxHash32(trace_id), ts);\n"
           "CREATE TABLE u (a String) ENGINE = MergeTree ORDER BY tuple();\n"
           "CREATE TABLE w (a String, ts DateTime) ENGINE = MergeTree ORDER BY toDate(ts);\n")
    cat = load_schema(sql, "clickhouse")
    assert cat.tables["t"].options["sorting_key"] == ("project_id", "xxHash32(trace_id)", "ts")
    assert cat.tables["u"].options["sorting_key"] == ()
    assert cat.tables["w"].options["sorting_key"] == ("toDate(ts)",)


def test_statements_clickhouse_refuses_on_key_columns_and_missing_columns():
    # error 524 'ALTER of key column'; an index on a column the table lacks
    sql = ("CREATE TABLE t (id UInt64, project_id String, ts DateTime) "
           "ENGINE = MergeTree ORDER BY (project_id, id);\n"
           "ALTER TABLE t RENAME COLUMN project_id TO pid;\nALTER TABLE t DROP COLUMN id;\n"
           "ALTER TABLE t ADD INDEX idx_missing no_such_column TYPE minmax GRANULARITY 1;\n"
           "ALTER TABLE t DROP COLUMN ts;\n")
    assert [(r, line) for r, line in findings(sql) if r == "AK-SQL003"] == [
        ("AK-SQL003", 2), ("AK-SQL003", 3), ("AK-SQL003", 4)]
    cols = load_schema(sql, "clickhouse").tables["t"].columns
    assert list(cols) == ["id", "project_id"]          # refused changes not applied
    # mysql: an index on a column the same ALTER adds is fine
    my = ("CREATE TABLE m (id int PRIMARY KEY, a int);\n"
          "ALTER TABLE m ADD INDEX ix_b (b), ADD COLUMN b int;\nALTER TABLE m ADD INDEX ix_c (c);\n")
    assert [(r, line) for r, line in findings(my, "mysql") if r == "AK-SQL003"] == [
        ("AK-SQL003", 3)]


def test_an_alter_of_several_kinds_of_action():
    # ADD with DROP or MODIFY in one ALTER was raw text: the added columns were lost
    sql = ("CREATE TABLE t (id UInt64, v Nullable(String)) ENGINE = MergeTree ORDER BY id;\n"
           "ALTER TABLE t ADD COLUMN a String, DROP COLUMN v;\n"
           "ALTER TABLE t ON CLUSTER c ADD COLUMN b String, MODIFY COLUMN a LowCardinality(String);\n")
    cols = load_schema(sql, "clickhouse").tables["t"].columns
    assert [(c.name, c.pos.line, c.pos.col) for c in cols.values()] == [
        ("id", 1, 17), ("a", 2, 26), ("b", 3, 39)]
    assert cols["a"].raw_type == "LowCardinality(String)"
    assert [r for r in findings(sql) if r[0].startswith("AK-SQL")] == []


def test_create_table_as_another_has_its_columns_on_two_processes():
    """A worker process has no catalog to copy from: the statement is made in the parent
    (``dst`` had no columns on two processes; scout BB)."""
    sql = ("CREATE TABLE src (id UInt64, amount Float64) ENGINE = MergeTree ORDER BY id;\n"
           "CREATE TABLE dst AS src ENGINE = MergeTree ORDER BY id;\n"
           + "".join(f"CREATE TABLE p{i} (id UInt64) ENGINE = MergeTree ORDER BY id;\n"
                     for i in range(8)))
    one, two = (check(sql, dialect="clickhouse", workers=w) for w in (1, 2))
    key = [(f.rule, f.line, f.object) for f in one]
    assert [(f.rule, f.line, f.object) for f in two] == key
    assert ("AK-TY004", 2, "dst.amount") in key
