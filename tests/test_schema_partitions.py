"""Postgres declarative partitioning: partitions drawn inside their parent in the ER
diagrams (Graphviz and Mermaid, whole or focused)."""

from __future__ import annotations

import re

from archkit.schema import load_schema
from archkit.schema.erd import erd_dot, erd_mermaid, render_erd, select_tables


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
    assert dot.count('PORT="c') == 2 + 5 + 3                      # each column once
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
CREATE TABLE lone_2024 PARTITION OF elsewhere FOR VALUES IN ('a');
"""


def test_edges_to_and_from_partitions_end_at_their_rows():
    cat = load_schema(PARTS)
    dot = erd_dot(cat)
    ids = dict(re.findall(r'^\s*(t\d+) \[label=<<TABLE.*?<B>(.*?)</B>', dot, re.MULTILINE))
    t = {v: k for k, v in ids.items()}
    assert set(t) == {"shop", "visit", "visit_note", "lone_2024"}
    # visit_2024_a is a partition of visit_2024, drawn as the first row of visit
    assert f"{t['visit_note']}:c1 -> {t['visit']}:p0" in dot
    assert "2 partitions of its own" in dot
    # a partition's own foreign key starts at its row
    assert f"{t['visit']}:p1 -> {t['shop']}:c0" in dot
    assert dot.count(f"-> {t['shop']}:c0") == 2
    assert "v&lt;&amp;&gt;&quot;x" in dot                      # escaped for the label
    assert "partition of elsewhere: IN (&#x27;a&#x27;)" in dot
    assert "<svg" in render_erd(cat, "svg")                     # dot accepts all of it
    mmd = erd_mermaid(cat)
    assert 'visit_note }o--o| visit : "visit_id, visit_at -> visit_2024_a"' in mmd
    assert "visit }o--|| shop : \"v<&>'x: id\"" in mmd
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
