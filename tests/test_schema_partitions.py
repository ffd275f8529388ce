"""Postgres declarative partitioning: partitions drawn inside their parent in the ER
diagrams (Graphviz and Mermaid, whole or focused), ``ALTER TABLE ... ATTACH / DETACH
PARTITION`` understood by the parser and the catalog (also on several processes and in
the incremental checker), and partition names judged by the name rules."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from archkit.schema import load_schema
from archkit.schema.catalog import build_catalog
from archkit.schema.check import check
from archkit.schema.dialects import get_dialect
from archkit.schema.erd import erd_dot, erd_mermaid, render_erd, select_tables
from archkit.schema.parse import parse_sql


def _monthly(n: int = 24) -> str:
    lines = ["CREATE TABLE account (id bigint PRIMARY KEY, name text NOT NULL);",
             ("CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL,\n"
             "  account_id bigint NOT NULL REFERENCES account (id), kind text NOT NULL,\n"
             "  payload jsonb, PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);")]
    for i in range(n):
        y, m = 2024 + i // 12, i % 12 + 1
        ny, nm = (y, m + 1) if m < 12 else (y + 1, 1)
        lines.append(f"CREATE TABLE events_{y}_{m:02d} PARTITION OF events\n"
                     f"  FOR VALUES FROM ('{y}-{m:02d}-01') TO ('{ny}-{nm:02d}-01');")
    lines.append("CREATE TABLE event_tag (event_id bigint NOT NULL, event_at timestamptz NOT NULL,\n"
                 "  tag text NOT NULL, PRIMARY KEY (event_id, event_at, tag),\n"
                 "  FOREIGN KEY (event_id, event_at) REFERENCES events (id, created_at));")
    return "\n".join(lines) + "\n"


MONTHLY = _monthly()


# -- 1. ER diagrams ----------------------------------------------------------------------
def test_partitions_are_rows_of_their_parents_node_not_tables():
    cat = load_schema(MONTHLY)
    dot = erd_dot(cat)
    assert len(re.findall(r"^\s*t\d+ \[", dot, re.MULTILINE)) == 3       # account, events, event_tag
    assert dot.count('PORT="c') == 2 * (2 + 5 + 3)                # each column once (two ends)
    assert "partitioned by RANGE (created_at): 24 partitions" in dot
    # the first and last three, and a count of those between
    shown = re.findall(r'PORT="p(\d+)">(\w+)<', dot)
    assert shown == [("0", "events_2024_01"), ("1", "events_2024_02"), ("2", "events_2024_03"),
                     ("21", "events_2025_10"), ("22", "events_2025_11"),
                     ("23", "events_2025_12")]
    assert "... 18 more: events_2024_04 ... events_2025_09" in dot
    assert "FROM (&#x27;2024-01-01&#x27;) TO (&#x27;2024-02-01&#x27;)" in dot
    assert len(re.findall(r"^\s*t\d+\S* -> ", dot, re.MULTILINE)) == 2    # foreign keys, from parents
    svg = render_erd(cat, "svg")
    assert "events_2025_12" in svg and "events_2024_07" not in svg


def test_mermaid_lists_partitions_as_rows_of_the_parent():
    mmd = erd_mermaid(load_schema(MONTHLY))
    assert "events_2024_05 {" not in mmd and mmd.count("{") == 3
    assert '        partition events_2024_01 "FROM (\'2024-01-01\') TO (\'2024-02-01\')"' in mmd
    assert '        partition _18_more "events_2024_04 ... events_2025_09"' in mmd
    assert "events }o--|| account" in mmd and "event_tag }o--|| events" in mmd
    assert len(re.findall(r"--", mmd)) == 2
    few = erd_mermaid(load_schema(_monthly(8)))
    assert few.count("        partition events_") == 8 and "_more" not in few


def test_focus_on_a_partition_draws_its_parent():
    cat = load_schema(MONTHLY)
    parts = {k for k in cat.tables if k.startswith("events_")}
    assert set(select_tables(cat, "events_2024_03", 0)) == {"events"} | parts
    assert set(select_tables(cat, "events_2024_03", 1)) == {"events", "account", "event_tag"} | parts
    assert set(select_tables(cat, "account", 1)) == {"account", "events"} | parts
    mmd = erd_mermaid(cat, focus="events_2024_03", hops=0)
    assert mmd.startswith("erDiagram\n    events {") and "account {" not in mmd
    dot = erd_dot(cat, focus="events_2024_03", hops=1)
    assert len(re.findall(r"^\s*t\d+ \[", dot, re.MULTILINE)) == 3


PARTS = """
CREATE TABLE shop (id bigint PRIMARY KEY);
CREATE TABLE visit (id bigint NOT NULL, at timestamptz NOT NULL, shop_id bigint REFERENCES shop,
  PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE visit_2024 PARTITION OF visit FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
  PARTITION BY LIST (shop_id);
CREATE TABLE visit_2024_a PARTITION OF visit_2024 FOR VALUES IN (1, 2);
CREATE TABLE visit_2024_b PARTITION OF visit_2024 DEFAULT;
CREATE TABLE "v<&>""x" PARTITION OF visit (CONSTRAINT own_fk FOREIGN KEY (id) REFERENCES shop (id))
  FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE visit_note (id bigint PRIMARY KEY, visit_id bigint, visit_at timestamptz,
  FOREIGN KEY (visit_id, visit_at) REFERENCES visit_2024_a (id, at));
CREATE TABLE visit_2025 (id bigint NOT NULL, at timestamptz NOT NULL, shop_id bigint REFERENCES shop);
ALTER TABLE visit ATTACH PARTITION visit_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE lone_2024 PARTITION OF elsewhere FOR VALUES IN ('a');
"""


def test_edges_to_and_from_partitions_end_at_their_rows():
    cat = load_schema(PARTS)
    dot = erd_dot(cat)
    ids = dict(re.findall(r'^\s*(t\d+) \[label=<<TABLE.*?<B>(.*?)</B>', dot, re.MULTILINE))
    t = {v: k for k, v in ids.items()}
    assert set(t) == {"shop", "visit", "visit_note", "lone_2024"}
    # visit_2024_a is a partition of visit_2024, drawn as the first row of visit
    assert f"{t['visit_note']}:c1e:e -> {t['visit']}:p0" in dot
    assert "2 partitions of its own" in dot
    # a partition's own foreign key starts at its row; a copy of the parent's is not drawn
    assert f"{t['visit']}:p1 -> {t['shop']}:c0w:w" in dot
    assert dot.count(f"-> {t['shop']}:c0w:w") == 2
    assert "v&lt;&amp;&gt;&quot;x" in dot                      # escaped for the label
    assert "partition of elsewhere: IN (&#x27;a&#x27;)" in dot
    assert "<svg" in render_erd(cat, "svg")                     # dot accepts all of it
    mmd = erd_mermaid(cat)
    assert 'visit_note }o--o| visit : "visit_id, visit_at -> visit_2024_a"' in mmd
    assert 'visit }o--|| shop : "v#60;#38;>#34;x: id"' in mmd     # (drawn v<&>"x)
    assert '        partition_of elsewhere "IN (\'a\')"' in mmd
    assert "        partition v____x" in mmd


def test_without_columns_the_parent_says_how_many_partitions():
    cat = load_schema(MONTHLY)
    dot = erd_dot(cat, columns=False)
    assert "24 partitions" in dot and 'PORT="p' not in dot and ">events_2024_01<" not in dot
    assert erd_mermaid(cat, columns=False).splitlines()[1:4] == [
        "    account", "    events", "    event_tag"]


def test_a_schema_without_partitions_draws_as_before():
    from archkit.examples import path

    shop = load_schema(sorted((path("shopfront") / "schema").glob("*.sql")))
    assert "partition" not in erd_dot(shop) + erd_mermaid(shop)
    assert select_tables(shop) == list(shop.tables)


# -- 2. ATTACH / DETACH PARTITION ------------------------------------------------------------
@pytest.mark.parametrize("sql, parent, child, bound", [
    ("ALTER TABLE events ATTACH PARTITION e1 FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')",
     "events", "e1", "FROM ('2024-01-01') TO ('2024-02-01')"),
    ("ALTER TABLE ONLY public.events ATTACH PARTITION public.e1 DEFAULT", "events", "e1",
     "DEFAULT"),
    ('alter table if exists only s."Ev" attach partition s.e1 for values in ( 1, \'a( b\' )',
     "s.Ev", "s.e1", "IN (1, 'a( b')"),
    ("ALTER TABLE h ATTACH PARTITION h0 FOR VALUES WITH (MODULUS 4, REMAINDER 0)", "h", "h0",
     "WITH (MODULUS 4, REMAINDER 0)"),
    ("ALTER TABLE events DETACH PARTITION e1", "events", "e1", None),
    ("ALTER TABLE events DETACH PARTITION e1 CONCURRENTLY", "events", "e1", None),
    ("ALTER TABLE events DETACH PARTITION e1 FINALIZE", "events", "e1", None),
])
def test_attach_and_detach_partition_are_parsed(sql, parent, child, bound):
    from sqlglot import exp

    from archkit.schema.catalog import _builder

    (st,) = parse_sql(sql + ";", "postgres")
    assert st.kind == "ALTER TABLE" and not st.raw and st.error is None
    assert isinstance(st.tree, exp.Alter)
    (action,) = st.tree.args["actions"]
    b = _builder(get_dialect("postgres"))
    assert (b.key(st.tree.this), b.key(action.this)) == (parent, child)
    if bound is None:
        assert isinstance(action, exp.Detach)
    else:
        assert isinstance(action, exp.Attach) and action.expressions[0].name == bound
    # names carry their positions, as the parser's do
    assert sql[action.this.this.meta["start"]:].startswith(child.split(".")[-1])


@pytest.mark.parametrize("sql", [
    "ALTER INDEX events_pkey ATTACH PARTITION events_2024_pkey",
    "ALTER TABLE events ATTACH PARTITION 2019 DEFAULT",            # ClickHouse-like
    "ALTER TABLE events ATTACH PARTITION 'e1' DEFAULT",
    "ALTER TABLE events ATTACH PARTITION e1 DEFAULT now",
    "ALTER TABLE events ATTACH PARTITION e1 FOR VALUES FROM (1)",
    "ALTER TABLE events DETACH PARTITION e1 LATER",
])
def test_other_shapes_stay_raw_text(sql):
    (st,) = parse_sql(sql + ";", "postgres")
    assert st.raw and st.error is None


ATTACHED = """
CREATE TABLE measurement (city_id bigint NOT NULL, logdate date NOT NULL, peaktemp int,
  PRIMARY KEY (city_id, logdate)) PARTITION BY RANGE (logdate);
CREATE INDEX measurement_peaktemp_idx ON measurement (peaktemp);
CREATE TABLE city (id bigint PRIMARY KEY);
ALTER TABLE measurement ADD FOREIGN KEY (city_id) REFERENCES city (id);
CREATE TABLE measurement_y2024 (logdate date NOT NULL, city_id bigint NOT NULL, peaktemp int);
ALTER TABLE measurement ATTACH PARTITION measurement_y2024
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measurement_y2023 PARTITION OF measurement
  FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
ALTER TABLE measurement DETACH PARTITION measurement_y2023;
"""


def test_an_attached_table_is_a_partition_and_a_detached_one_is_not():
    cat = load_schema(ATTACHED)
    p = cat.tables["measurement_y2024"]
    assert p.options["partition_of"] == "measurement"
    assert p.options["partition_bound"] == "FROM ('2024-01-01') TO ('2025-01-01')"
    assert list(p.columns) == ["logdate", "city_id", "peaktemp"]      # its own, kept
    assert p.primary_key.columns == ("city_id", "logdate")             # the parent's
    d = cat.tables["measurement_y2023"]
    assert "partition_of" not in d.options and "partition_bound" not in d.options
    assert d.primary_key.columns == ("city_id", "logdate")
    # postgres leaves the partition's copies of the parent's foreign keys and indexes
    assert [(f.columns, f.ref_table) for f in d.foreign_keys] == [(("city_id",), "city")]
    assert [(ix.name, ix.column_names) for ix in d.indexes] == [(None, ("peaktemp",))]
    assert cat.tables["measurement_y2023"].options == {}
    report = check(ATTACHED)
    assert [f for f in report if f.rule == "AK-SQL002"] == []
    # the attached table is checked as a partition (nothing on it), the detached one again
    assert not [f for f in report if f.object.startswith("measurement_y2024")]
    assert not [f for f in report if f.rule == "AK-PK001"]


def test_pg_dump_partitions_are_known_to_the_catalog():
    # pg_dump writes each partition as a table and attaches it afterwards
    sql = [("CREATE TABLE public.payment (payment_id integer NOT NULL, payment_date timestamp "
           "with time zone NOT NULL) PARTITION BY RANGE (payment_date);")]
    for m in range(1, 7):
        sql.append(f"CREATE TABLE public.payment_p2022_{m:02d} (payment_id integer NOT NULL, "
                   "payment_date timestamp with time zone NOT NULL);")
    for m in range(1, 7):
        sql.append(f"ALTER TABLE ONLY public.payment ATTACH PARTITION public.payment_p2022_{m:02d} "
                   f"FOR VALUES FROM ('2022-{m:02d}-01 00:00:00+00') TO "
                   f"('2022-{m + 1:02d}-01 00:00:00+00');")
    text = "\n".join(sql)
    cat = load_schema(text)
    assert sorted(k for k, t in cat.tables.items() if t.options.get("partition_of") == "payment") \
        == [f"payment_p2022_{m:02d}" for m in range(1, 7)]
    report = check(text)
    assert not [f for f in report if f.rule == "AK-SQL002" or "p2022" in f.object]
    dot = erd_dot(cat)
    assert len(re.findall(r"^\s*t\d+ \[", dot, re.MULTILINE)) == 1 and "6 partitions" in dot


@pytest.mark.parametrize("sql, message", [
    (("CREATE TABLE p (id int, at date);\nCREATE TABLE c (id int, at date);\n"
     "ALTER TABLE p ATTACH PARTITION c DEFAULT;"),
     "ATTACH PARTITION c: p is not partitioned (created at line 1 without PARTITION BY)"),
    (("CREATE TABLE p (id int, at date) PARTITION BY LIST (id);\n"
     "CREATE TABLE c (id int, day date, x int);\nALTER TABLE p ATTACH PARTITION c DEFAULT;"),
     ("ATTACH PARTITION c: a partition has exactly the columns of its parent, and c has no "
     "column at; p has no column day, x")),
    (("CREATE TABLE p (id int) PARTITION BY LIST (id);\nCREATE TABLE q (id int) PARTITION BY "
     "LIST (id);\nCREATE TABLE c PARTITION OF q DEFAULT;\nALTER TABLE p ATTACH PARTITION c DEFAULT;"),
     "ATTACH PARTITION c: c is already a partition of q"),
    (("CREATE TABLE p (id int) PARTITION BY LIST (id);\n"
     "CREATE TABLE c PARTITION OF p FOR VALUES IN (1) PARTITION BY LIST (id);\n"
     "ALTER TABLE c ATTACH PARTITION p DEFAULT;"),
     "ATTACH PARTITION p: a table cannot be a partition of its own partition c"),
    (("CREATE TABLE p (id int) PARTITION BY LIST (id);\nCREATE TABLE c (id int);\n"
     "ALTER TABLE p DETACH PARTITION c;"), "DETACH PARTITION c: c is not a partition of p"),
    (("CREATE TABLE p (id int) PARTITION BY LIST (id);\nCREATE TABLE c (id int);\nDROP TABLE c;\n"
     "ALTER TABLE p ATTACH PARTITION c DEFAULT;"),
     "ATTACH PARTITION c: the table was dropped at line 3"),
])
def test_what_postgres_refuses_is_a_conflict_and_changes_nothing(sql, message):
    conflicts = [f for f in check(sql) if f.rule == "AK-SQL003"]
    assert [f.message for f in conflicts] == [message]
    assert conflicts[0].line == sql.count("\n", 0, sql.rindex("ALTER")) + 1
    cat = load_schema(sql)
    before = load_schema(sql[:sql.rindex("ALTER")])
    assert {k: t.options for k, t in cat.tables.items()} == \
        {k: t.options for k, t in before.tables.items()}


def test_a_migration_attaching_to_tables_made_elsewhere():
    sql = ("ALTER TABLE ONLY archive.logs ATTACH PARTITION archive.logs_2020 DEFAULT;\n"
           "ALTER TABLE events DETACH PARTITION events_2019;")
    cat = load_schema(sql)
    assert cat.tables["archive.logs_2020"].options == {
        "external": True, "partition_of": "archive.logs", "partition_bound": "DEFAULT"}
    assert "events_2019" not in cat.tables and cat.conflicts == []
    rules = Counter(f.rule for f in check(sql))
    assert rules == Counter({"AK-MG007": 1})          # a lock, without a lock timeout


def test_attach_on_several_processes_equals_one(monkeypatch):
    from archkit.schema import parallel
    from archkit.schema.check import CheckConfig, check_sources
    from archkit.schema.forkjoin import can_fork
    from archkit.schema.parse import SqlSource

    if not can_fork():
        pytest.skip("needs os.fork")
    parts = []
    for i in range(40):
        parts.append(f"CREATE TABLE p{i} (id bigint NOT NULL, at date NOT NULL, note text,\n"
                     f"  PRIMARY KEY (id, at)) PARTITION BY RANGE (at);")
        parts.append(f"CREATE TABLE p{i}_a (id bigint NOT NULL, at date NOT NULL, note text);")
        parts.append(f"ALTER TABLE ONLY p{i} ATTACH PARTITION p{i}_a "
                     f"FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');")
        parts.append(f"CREATE TABLE p{i}_b PARTITION OF p{i} DEFAULT;")
        if i % 3 == 0:
            parts.append(f"ALTER TABLE p{i} DETACH PARTITION p{i}_b;")
    monkeypatch.setattr(parallel, "CHUNK_BYTES", 400)
    src = [SqlSource("\n".join(parts), "p.sql")]
    conf = CheckConfig.make("postgres")
    one = check_sources(src, conf, workers=1)
    two = check_sources(src, conf, workers=2)
    assert two.findings == one.findings and "AK-SQL002" not in {f.rule for f in one}
    d = get_dialect("postgres")
    cat = build_catalog(parallel.parse_sources(src, d, workers=2), d)
    assert cat.tables["p4_a"].options["partition_of"] == "p4"
    assert "partition_of" not in cat.tables["p3_b"].options
    assert cat.tables["p4_b"].options["partition_of"] == "p4"


def _key(f):
    return (f.rule, f.severity, f.message, f.path, f.line, f.col, f.object, f.hint)


def _same_as_full_check(ic):
    full = build_catalog(ic.statements, ic.dialect)
    assert list(ic.catalog.tables.items()) == list(full.tables.items())
    assert Counter(map(_key, ic.report)) == Counter(map(_key, check(ic.text)))


INCREMENTAL = """
CREATE TABLE city (id bigint PRIMARY KEY, name text);
CREATE TABLE measurement (city_id bigint NOT NULL REFERENCES city, logdate date NOT NULL,
  peaktemp int, PRIMARY KEY (city_id, logdate)) PARTITION BY RANGE (logdate);
CREATE TABLE measurement_y2024_with_a_name_that_postgres_would_cut_short_silently (
  city_id bigint NOT NULL, logdate date NOT NULL, peaktemp int);
ALTER TABLE measurement ATTACH PARTITION measurement_y2024_with_a_name_that_postgres_would_cut_short_silently
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE "select" (city_id bigint NOT NULL, logdate date NOT NULL, peaktemp int);
CREATE TABLE "Measurement Y2023" PARTITION OF measurement FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE station (id bigint PRIMARY KEY, city_id bigint REFERENCES city);
"""


def test_incremental_edits_around_attach_equal_a_full_check():
    from archkit.schema.cache import IncrementalChecker

    ic = IncrementalChecker(INCREMENTAL)
    _same_as_full_check(ic)
    long = "measurement_y2024_with_a_name_that_postgres_would_cut_short_silently"
    assert {f.rule for f in ic.report if f.object == long} == {"AK-NM003"}
    attach = next(i for i, s in enumerate(ic.statements) if "ATTACH" in s.sql)
    sel = ic.statement_of("select")
    edits = [
        (sel, lambda s: s.replace("peaktemp int", "peaktemp bigint")),            # a table
        (attach, lambda s: s.replace("'2025-01-01'", "'2024-07-01'")),             # the bound
        (attach, lambda s: s.replace("ATTACH", "DETACH").split("\n")[0] + "\n"),   # detach
        (attach, lambda s: s.replace("DETACH", "ATTACH").rstrip() + " DEFAULT"),   # again
        (sel, lambda s: s.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS")),  # moves
        (ic.statement_of("station"), lambda s: s.replace("city_id bigint", "city_id int")),
        (ic.statement_of("measurement"), lambda s: s.replace("peaktemp int", "peaktemp numeric")),
        (ic.statement_of(long), lambda s: s.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS")),
    ]
    for i, change in edits:
        new = change(ic.statements[i].sql)
        assert new != ic.statements[i].sql
        ic.edit(i, new)
        _same_as_full_check(ic)
    # turn a table into a partition by editing its CREATE TABLE (the name stays)
    i = ic.statement_of("select")
    ic.edit(i, 'CREATE TABLE IF NOT EXISTS "select" PARTITION OF measurement '
               "FOR VALUES FROM ('2022-01-01') TO ('2023-01-01')")
    _same_as_full_check(ic)
    assert ic.catalog.tables["select"].options["partition_of"] == "measurement"
    assert [f.rule for f in ic.report if f.object == "select"] == ["AK-NM002"]
    assert "AK-SQL002" not in {f.rule for f in ic.report}


# -- 3. names of partitions ------------------------------------------------------------------
NAMES = """
CREATE TABLE events (id bigint NOT NULL, "createdAt" timestamptz NOT NULL,
  PRIMARY KEY (id, "createdAt")) PARTITION BY RANGE ("createdAt");
CREATE TABLE events_partition_for_the_first_quarter_of_two_thousand_and_twenty_four
  PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2024-04-01');
CREATE TABLE "Events 2024 Q2" PARTITION OF events FOR VALUES FROM ('2024-04-01') TO ('2024-07-01');
CREATE TABLE "order" PARTITION OF events FOR VALUES FROM ('2024-07-01') TO ('2024-10-01');
CREATE TABLE events_2024_q4 PARTITION OF events FOR VALUES FROM ('2024-10-01') TO ('2025-01-01');
"""


def test_name_rules_judge_partition_names_not_their_columns():
    report = check(NAMES, config={"rules": {"AK-NM001": "info"}})
    got = sorted((f.rule, f.object, f.line) for f in report if f.rule.startswith("AK-NM"))
    long = "events_partition_for_the_first_quarter_of_two_thousand_and_twenty_four"
    assert got == sorted([
        ("AK-NM004", "events.createdAt", 2),          # the column, once: on the parent
        # (AK-NM001's snake_case findings on these two names repeat AK-NM004's: dropped)
        ("AK-NM003", long, 4),
        ("AK-NM004", "Events 2024 Q2", 6),
        ("AK-NM002", "order", 7),
    ])
    hint = next(f.hint for f in report if f.rule == "AK-NM003")
    assert "events_partition_for_the_first_quarter_of_two_thousand_and_twe" in hint


def test_incremental_checker_keeps_partition_names_right():
    from archkit.schema.cache import IncrementalChecker

    ic = IncrementalChecker(NAMES)
    _same_as_full_check(ic)
    i = ic.statement_of("order")
    ic.edit(i, ic.statements[i].sql.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"))
    _same_as_full_check(ic)
    assert [f.col for f in ic.report if f.object == "order"] == [28]
    i = ic.statement_of("events_2024_q4")
    ic.edit(i, "CREATE TABLE events_2024_q4 (id bigint)")        # no longer a partition
    _same_as_full_check(ic)


def test_dropping_a_partitioned_table_drops_its_partitions():
    cat = load_schema(MONTHLY + "DROP TABLE event_tag;\nDROP TABLE events;\n")
    assert sorted(cat.tables) == ["account"]
    # and a partition used afterwards is a table that was dropped (AK-SQL003)
    again = MONTHLY + ("DROP TABLE event_tag;\nDROP TABLE events;\n"
                       "ALTER TABLE events_2024_01 ADD COLUMN x int;\n")
    assert [f.message for f in check(again, select=["AK-SQL003"])] == [
        f"ALTER TABLE events_2024_01: the table was dropped at line {again.count(chr(10)) - 1}"]


def test_pg_dump_index_attach_partition_is_not_reported_as_unanalysed():
    sql = MONTHLY + ("CREATE INDEX events_kind_idx ON ONLY events (kind);\n"
                     "CREATE INDEX events_2024_01_kind_idx ON events_2024_01 (kind);\n"
                     "ALTER INDEX public.events_kind_idx ATTACH PARTITION "
                     "public.events_2024_01_kind_idx;\n")
    assert check(sql, select=["AK-SQL002"]).findings == []


def test_editing_a_table_into_a_partition_after_another_edit_equals_a_full_check():
    from archkit.schema.cache import IncrementalChecker

    ic = IncrementalChecker(
        "CREATE TABLE p (id bigint NOT NULL, at date NOT NULL, note text,\n"
        "  PRIMARY KEY (id, at)) PARTITION BY RANGE (at);\n"
        "CREATE TABLE a (id bigint PRIMARY KEY);\n"
        "CREATE TABLE b (id bigint PRIMARY KEY, x int);\n")
    ic.edit(1, "CREATE TABLE a (id bigint PRIMARY KEY, y int)")        # a plan is made
    ic.edit(2, "CREATE TABLE b PARTITION OF p FOR VALUES FROM ('2024-01-01') "
               "TO ('2025-01-01')")
    assert list(ic.catalog.tables["b"].columns) == ["id", "at", "note"]
    _same_as_full_check(ic)


def test_pg_dump_create_index_on_only_the_parent_parses():
    sql = MONTHLY + ("CREATE INDEX events_kind_idx ON ONLY public.events USING btree (kind);\n"
                     "CREATE UNIQUE INDEX events_id_idx ON ONLY events (id, created_at);\n")
    report = check(sql, select=["AK-SQL"])
    assert report.findings == []
    cat = load_schema(sql)
    assert [ix.name for ix in cat.tables["events"].indexes] == ["events_kind_idx", "events_id_idx"]
    # a real error after ONLY is still reported where it is
    (f,) = check("CREATE TABLE t (a int);\nCREATE INDEX t_a ON ONLY t (a) WHERE;",
                 select=["AK-SQL001"])
    assert (f.line, f.col) == (2, 32)
