"""A check whose report is read without hints (the text format shows none): the rules that
report by the thousand leave their hints out, and nothing else in the report changes. A
report that shows hints (JSON, SARIF, markdown, the Python API) always has them, cached or
not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archkit.schema.check import check, import_rules
from archkit.schema.registry import SCHEMA_RULES

SAKILA = Path(__file__).parent / "fixtures" / "sakila"

# the rules that leave their hint out when it is not shown (the ones that report the
# most on large schemas: gen_schema's 2,000 tables give 9,096 findings, 8,685 of theirs)
LEFT_OUT = ("AK-NM001", "AK-TY003", "AK-TY004", "AK-TY010", "AK-IX001", "AK-IX002",
            "AK-IX006")


@pytest.mark.parametrize("rule_id", LEFT_OUT)
def test_a_rule_leaves_its_hint_out_only_when_it_is_not_shown(rule_id):
    import_rules()
    sr = SCHEMA_RULES[rule_id]
    shown = [f for f in check(sr.rule.fires, dialect=sr.example_dialect) if f.rule == rule_id]
    unshown = [f for f in check(sr.rule.fires, dialect=sr.example_dialect, hints=False)
               if f.rule == rule_id]
    assert shown and all(f.hint for f in shown)
    assert [f.hint for f in unshown] == [None] * len(shown)
    assert [f.to_text() for f in unshown] == [f.to_text() for f in shown]


def _without_hint(report):
    return [(f.rule, f.severity, f.message, f.path, f.line, f.col, f.object) for f in report]


def test_without_hints_the_report_is_the_same_but_for_the_left_out_hints():
    sql = (SAKILA / "postgres-schema.sql").read_text()
    full = check(sql, dialect="postgres")
    lean = check(sql, dialect="postgres", hints=False)
    assert _without_hint(lean) == _without_hint(full)
    assert lean.to_text() == full.to_text()
    for a, b in zip(full, lean):
        assert b.hint == (None if a.rule in LEFT_OUT else a.hint)


def test_a_large_input_without_hints_reports_the_same(tmp_path):
    """Many tables, each breaking the left-out rules (varchar, repeated columns, index
    names, a money float, a duplicate and a prefix index, an unindexed foreign key)."""
    parts = ["CREATE TABLE customer (id bigint PRIMARY KEY);"]
    for i in range(150):
        parts.append(
            f"CREATE TABLE t{i} (id bigint PRIMARY KEY, name varchar(40), phone1 text, "
            f"phone2 text, phone3 text, total_amount float, customer_id bigint REFERENCES "
            f"customer (id));\nCREATE INDEX by_name_{i} ON t{i} (name);\n"
            f"CREATE INDEX again_{i} ON t{i} (name);\n"
            f"CREATE INDEX wide_{i} ON t{i} (name, phone1);")
    sql = "\n".join(parts)
    full = check(sql, dialect="postgres")
    lean = check(sql, dialect="postgres", hints=False)
    assert {f.rule for f in full} >= set(LEFT_OUT)
    assert _without_hint(lean) == _without_hint(full)
    assert all(f.hint is None for f in lean if f.rule in LEFT_OUT)


@pytest.fixture()
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHKIT_CACHE_DIR", str(tmp_path / "cache"))


def test_json_after_a_text_run_of_the_same_input_has_every_hint(cli, tmp_path, _cache):
    """The text run caches a report without hints: a JSON run of the same input, answered
    from the cache or not, must not hand those out."""
    p = tmp_path / "s.sql"
    p.write_text("CREATE TABLE orders (id bigint PRIMARY KEY, note varchar(200));\n"
                 "CREATE INDEX by_note ON orders (note);\n")
    text = cli("schema", "check", str(p), "--fail-on", "never")
    assert text.code == 0 and "AK-TY003" in text.out and "AK-NM001" in text.out
    for _ in range(2):                    # cold for JSON, then warm
        res = cli("schema", "check", str(p), "--format", "json", "--fail-on", "never")
        data = json.loads(res.out)
        assert {d["rule"] for d in data} >= {"AK-TY003", "AK-NM001"}
        assert all(d["hint"] for d in data if d["rule"] in LEFT_OUT)
    again = cli("schema", "check", str(p), "--fail-on", "never")
    assert again.out == text.out
