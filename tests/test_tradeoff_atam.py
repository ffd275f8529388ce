"""ATAM quality model: scenarios, utility tree, sensitivity and trade-off points, risks,
checks and bad input."""

from __future__ import annotations

import pytest

from archkit.errors import InputError
from archkit.examples import path as example_path
from archkit.tradeoff.atam import load_quality, loads_quality
from archkit.tradeoff.matrix import DecisionMatrix

WS = example_path("shopfront")


@pytest.fixture(scope="module")
def quality():
    ms = {p.stem: DecisionMatrix.from_yaml(p) for p in sorted((WS / "decisions").glob("*.yaml"))}
    return load_quality(WS / "quality.yaml", ms)


def test_utility_tree_groups_attribute_refinement_scenario(quality):
    tree = quality.utility_tree()
    assert list(tree) == ["performance", "availability", "modifiability", "deployability",
                          "security"]
    assert [s.id for s in tree["performance"]["checkout latency"]] == ["P1"]
    p1 = quality.scenario("P1")
    assert p1.priority == "(H,H)" and p1.parts["environment"].startswith("20x")


def test_tradeoff_and_sensitivity_points(quality):
    tps = {a.name: (up, down) for a, up, down in quality.tradeoff_points()}
    assert tps["outbox table and retrying payment worker"] == (["availability"],
                                                               ["performance", "modifiability"])
    assert "read replica and CDN for the catalogue" not in tps  # helps two, hurts none
    assert [(a.name, attr) for a, attr in quality.sensitivity_points()] == [
        ("database connection pool of 20 per instance", "performance")]


def test_derived_risk_from_the_chosen_option(quality):
    assert quality.chosen == {"datastore": "PostgreSQL (managed)",
                              "deployment": "Modular monolith"}
    derived = [r for r in quality.risks() if r.derived]
    assert [(r.kind, r.scenarios) for r in derived] == [("risk", ("A1",))]
    assert "Modular monolith (chosen in deployment) works against A1" in derived[0].text
    assert quality.headline() == "quality: 7 scenarios, 7 trade-off points, 2 risks"


def test_example_has_no_findings_and_renders(quality):
    assert len(quality.check()) == 0
    svg = quality.utility_tree_svg()
    assert "<svg" in svg and "Checkout stays fast" in svg
    md = quality.to_markdown()
    assert "| P1 | (H,H) | performance / checkout latency |" in md
    assert quality.frame().loc["A2", "response_measure"].startswith("recovery within 60 s")
    assert quality.effects_frame().loc["Modular monolith", "A1"] == "-"
    assert "archkit-quality" in quality._repr_html_()


BASE = """\
scenarios:
  P1:
    attribute: performance
    refinement: latency
    source: user
    stimulus: clicks
    artifact: web
    environment: normal
    response: page shown
    response_measure: p99 under 1 s
    importance: H
    difficulty: M
approaches:
  cache: {effects: {P1: "+"}}
"""


def test_markdown_shows_the_files_text_as_written():
    # a | in a name split the row; <b> and *x* rendered as markup (scout AB)
    text = BASE.replace("refinement: latency", "refinement: latency | p99").replace(
        "response_measure: p99 under 1 s", "response_measure: \"<b>p99</b> *under* 1 s\"")
    md = loads_quality(text, "quality.yaml").to_markdown()
    row = next(line for line in md.splitlines() if line.startswith("| P1 |"))
    assert row.count(" | ") == 4                     # five cells, no more
    assert "latency \\| p99" in row and "\\<b\\>p99\\</b\\> \\*under\\* 1 s" in row


@pytest.mark.parametrize("old,new,line,message", [
    ("importance: H", "importance: X", 11, "importance must be H, M or L"),
    ("P1: \"+\"", "P9: \"+\"", 14, "unknown scenario 'P9'"),
    ("P1: \"+\"", "P1: \"+++\"", 14, "effect '+++' must be one of"),
    ("    refinement: latency\n", "", 2, "'refinement' is required"),
    ("    source: user", "    sorce: user", 5, "unknown field 'sorce'"),
])
def test_bad_quality_files(old, new, line, message):
    text = BASE.replace(old, new, 1)
    assert text != BASE
    with pytest.raises(InputError) as e:
        loads_quality(text, "quality.yaml")
    assert message in e.value.message and e.value.line == line, str(e.value)


def test_unknown_decision_option_is_an_error():
    ms = {"deployment": DecisionMatrix.from_yaml(WS / "decisions" / "deployment.yaml")}
    text = BASE + "decisions:\n  deployment:\n    Mainframe: {P1: \"+\"}\n"
    with pytest.raises(InputError, match="deployment has no option 'Mainframe'") as e:
        loads_quality(text, "quality.yaml", ms)
    assert e.value.line == 17
    with pytest.raises(InputError, match="no decision file decisions/deploy.yaml"):
        loads_quality(text.replace("  deployment:", "  deploy:"), "quality.yaml", ms)


def test_checks_fire_on_weak_scenarios():
    text = (BASE.replace("p99 under 1 s", "fast").replace("    environment: normal\n", "")
            .replace('P1: "+"', 'P1: "-"'))
    rules = loads_quality(text, "quality.yaml").check().rules()
    assert rules == ["AK-DEC010", "AK-DEC011", "AK-DEC012"]


def test_scenario_ids_and_texts_are_read_as_written():
    # an id 2024 or 1e3 in a list was the number 2024 / 1000.0: "unknown scenario 1000.0"
    q = loads_quality("title: 2024\nscenarios:\n"
                      "  1e3: {attribute: 2024, refinement: yes, response_measure: 1e3,"
                      " importance: H, difficulty: L}\n"
                      "  2024: {attribute: security, refinement: x, importance: M,"
                      " difficulty: M}\n"
                      "risks:\n  - {text: 1e3, scenarios: [1e3, 2024]}\n  - 2024\n")
    assert q.title == "2024"
    s = q.scenario("1e3")
    assert (s.attribute, s.refinement, s.parts["response_measure"]) == ("2024", "yes", "1e3")
    assert [(r.text, r.scenarios) for r in q.risks() if not r.derived] == [
        ("1e3", ("1e3", "2024")), ("2024", ())]


def test_an_unmeasurable_response_is_reported_at_its_measure():
    # AK-DEC011 pointed at the scenario's first line, not at the measure to rewrite
    # (scout AR)
    text = BASE.replace("p99 under 1 s", "quickly")
    [f] = loads_quality(text, "quality.yaml").check().by_rule("AK-DEC011")
    assert text.splitlines()[f.line - 1].strip().startswith("response_measure:")
