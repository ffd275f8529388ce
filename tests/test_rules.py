"""The rule registry: every rule is documented and its two examples really fire/pass."""

from __future__ import annotations

import json
import re

import pytest

from archkit.rules import all_rules, run_example

RULES = all_rules()
IDS = [r.id for r in RULES]


def test_rule_ids_are_unique_and_well_formed():
    assert len(IDS) == len(set(IDS))
    for r in RULES:
        assert re.fullmatch(r"AK-[A-Z]+\d{3}", r.id), r.id
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.name), r.name
        assert len(r.why) > 40, f"{r.id}: 'why' should explain the rule"
        assert r.fires and r.passes, f"{r.id}: needs both examples"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_fires_example_fires(rule):
    report = run_example(rule, "fires")
    hits = report.by_rule(rule.id)
    assert hits, f"{rule.id} did not fire on its own 'fires' example:\n{report.to_text()}"
    for f in hits:
        assert f.message and f.object, f"{rule.id}: findings need a message and an object"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_passes_example_passes(rule):
    report = run_example(rule, "passes")
    assert not report.by_rule(rule.id), (
        f"{rule.id} fired on its 'passes' example:\n{report.to_text()}")


def test_catalogue_renders(cli):
    res = cli("rules", "--format", "json")
    assert res.code == 0
    data = json.loads(res.out)
    assert [d["id"] for d in data] == IDS
    md = cli("rules", "--format", "markdown")
    assert md.code == 0 and all(f"### {i}" in md.out for i in IDS)
    one = cli("rules", "AK-SUP001")
    assert one.code == 0 and "unexplained-suppression" in one.out
    bad = cli("rules", "AK-NOPE999")
    assert bad.code == 2 and "unknown rule" in bad.err and "Traceback" not in bad.err
