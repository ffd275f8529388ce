"""DecisionMatrix: loading, validation (bad input names file:line, option and criterion),
weighted-sum ranking with hand-computed values."""

from __future__ import annotations

import math
import textwrap

import pytest

from archkit.errors import InputError
from archkit.examples import path as example_path
from archkit.tradeoff import DecisionMatrix

GOOD = """\
title: Deployment
question: How to deploy?
scale: [1, 10]
criteria:
  - {name: scalability, weight: 0.35}
  - {name: cost, weight: 0.25, direction: cost}
  - {name: time_to_market, weight: 0.20}
  - {name: operability, weight: 0.20}
options:
  Modular monolith: {scalability: 6, cost: 3, time_to_market: 8, operability: 8}
  Microservices:    {scalability: 9, cost: 7, time_to_market: 6, operability: 5}
  Serverless:       {scalability: 8, cost: 5, time_to_market: 7, operability: 4}
notes:
  Microservices: {good: [independent scaling], bad: [operational load]}
"""


def load(text: str, name: str = "d.yaml") -> DecisionMatrix:
    return DecisionMatrix.from_text(textwrap.dedent(text), name)


def test_attributes_of_a_loaded_decision():
    m = load(GOOD)
    assert m.title == "Deployment" and m.question == "How to deploy?"
    assert m.scale == (1.0, 10.0)
    assert m.criteria == ["scalability", "cost", "time_to_market", "operability"]
    assert m.options == ["Modular monolith", "Microservices", "Serverless"]
    assert m.directions["cost"] == "cost" and m.directions["scalability"] == "benefit"
    assert m.weights.sum() == pytest.approx(1.0)
    assert m.scores.loc["Serverless", "cost"] == 5
    assert m.notes["Microservices"]["good"] == ["independent scaling"]
    assert m.notes["Microservices"]["neutral"] == []
    assert m.ahp_result is None


def test_weighted_sum_by_hand():
    # Modular monolith: r = (5/9, 7/9, 7/9, 7/9) -> 0.35*5/9 + 0.25*7/9 + 0.4*7/9 = 6.3/9 = 0.7
    # Microservices:    r = (8/9, 3/9, 5/9, 4/9) -> (2.8 + 0.75 + 1.0 + 0.8)/9 = 5.35/9
    # Serverless:       r = (7/9, 5/9, 6/9, 3/9) -> (2.45 + 1.25 + 1.2 + 0.6)/9 = 5.5/9
    r = load(GOOD).rank()
    assert list(r.index) == ["Modular monolith", "Serverless", "Microservices"]
    assert r["score"].tolist() == pytest.approx([6.3 / 9, 5.5 / 9, 5.35 / 9], abs=1e-12)
    assert r["rank"].tolist() == [1, 2, 3]
    assert "fixed-scale" in r.attrs["normalisation"]


def test_weights_need_not_sum_to_one():
    a = load(GOOD)
    b = load(GOOD.replace("0.35", "35").replace("0.25", "25").replace("0.20", "20"))
    assert b.weights.tolist() == pytest.approx(a.weights.tolist())
    assert b.rank()["score"].tolist() == pytest.approx(a.rank()["score"].tolist())


def test_ties_share_a_rank():
    m = load("""\
        scale: [0, 1]
        criteria: [{name: a, weight: 1}]
        options: {X: {a: 0.5}, Y: {a: 0.5}, Z: {a: 0}}
        """)
    r = m.rank()
    assert list(r.index) == ["X", "Y", "Z"] and r["rank"].tolist() == [1, 1, 3]


def test_example_decisions_load():
    for stem in ("deployment", "datastore"):
        m = DecisionMatrix.from_yaml(example_path("shopfront") / "decisions" / f"{stem}.yaml")
        assert len(m.options) >= 3 and m.name == stem
        assert all(m.notes.get(o) for o in m.options)
    ds = DecisionMatrix.from_yaml(example_path("shopfront") / "decisions" / "datastore.yaml")
    assert ds.ahp_result is not None and ds.ahp_result.consistent


def test_with_weights_and_options():
    m = load(GOOD)
    w = m.with_weights(cost=0, scalability=1, time_to_market=0, operability=0)
    assert w.winner() == "Microservices"
    assert m.winner() == "Modular monolith"  # the original is unchanged
    assert m.without_option("Serverless").options == ["Modular monolith", "Microservices"]
    added = m.with_option("Monolith+", {"scalability": 7, "cost": 3, "time_to_market": 8,
                                        "operability": 8})
    assert added.winner() == "Monolith+"
    with pytest.raises(InputError, match="unknown criterion 'speed'"):
        m.with_weights(speed=1)


def test_from_dict_without_positions():
    m = DecisionMatrix.from_dict({
        "title": "t", "scale": [0, 10], "criteria": [{"name": "a", "weight": 1}],
        "options": {"A": {"a": 1}, "B": {"a": 2}}})
    assert m.winner() == "B" and m.source is None
    with pytest.raises(InputError) as e:
        DecisionMatrix.from_dict({"scale": [0, 10], "criteria": [{"name": "a", "weight": 1}],
                                  "options": {"A": {"a": 11}, "B": {"a": 2}}})
    assert "option 'A', criterion 'a'" in e.value.message


# -- bad input: one InputError naming file:line:col, option and criterion ----------------
BAD = [
    ("Modular monolith: {scalability: 6, cost: 3, time_to_market: 8, operability: 8}",
     "Modular monolith: {scalability: 6, cost: 3, time_to_market: 8}",
     10, "option 'Modular monolith': missing score for criterion 'operability'"),
    ("scalability: 9, cost: 7", "scalability: 12, cost: 7",
     11, "option 'Microservices', criterion 'scalability': score 12 is outside the scale [1, 10]"),
    ("scalability: 9, cost: 7", "scalability: 9, speed: 3, cost: 7",
     11, "option 'Microservices': unknown criterion 'speed'"),
    ("{name: cost, weight: 0.25, direction: cost}", "{name: cost, weight: -0.25, direction: cost}",
     6, "criterion 'cost': weight -0.25 is negative"),
    ("scalability: 8, cost: 5", "scalability: .nan, cost: 5",
     12, "option 'Serverless', criterion 'scalability': score is nan"),
    ("scalability: 8, cost: 5", "scalability: .inf, cost: 5",
     12, "score is inf"),
    ("{name: time_to_market, weight: 0.20}", "{name: time_to_market, weight: .inf}",
     7, "criterion 'time_to_market': weight is inf"),
    ("scalability: 8, cost: 5", "scalability: high, cost: 5",
     12, "score 'high' is not a number"),
    ("  Serverless:       {scalability: 8, cost: 5, time_to_market: 7, operability: 4}\n",
     "  Microservices:    {scalability: 8, cost: 5, time_to_market: 7, operability: 4}\n",
     12, "duplicate key 'Microservices' (first defined on line 11)"),
    ("direction: cost}", "direction: costly}", 6, "direction 'costly' must be benefit or cost"),
    ("scale: [1, 10]", "scale: [10, 1]", 3, "scale [10, 1] is empty"),
    ("notes:\n  Microservices:", "notes:\n  Micro services:", 14,
     "notes for unknown option 'Micro services'"),
]


@pytest.mark.parametrize("old,new,line,message", BAD, ids=[b[3][:40] for b in BAD])
def test_bad_input_names_file_line_option_and_criterion(old, new, line, message):
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    with pytest.raises(InputError) as e:
        DecisionMatrix.from_text(text, "decisions/deployment.yaml")
    err = e.value
    assert err.path == "decisions/deployment.yaml"
    assert err.line == line, str(err)
    assert message in err.message, str(err)
    assert err.col is not None


def test_weight_beyond_any_float_is_bad_input():
    text = GOOD.replace("0.35", "9" * 400, 1)
    assert text != GOOD
    with pytest.raises(InputError, match="weights must be finite numbers") as e:
        DecisionMatrix.from_text(text, "d.yaml")
    assert e.value.line is not None


def test_all_weights_zero():
    text = (GOOD.replace("0.35", "0").replace("0.25", "0").replace("0.20", "0"))
    with pytest.raises(InputError, match="all weights are zero") as e:
        DecisionMatrix.from_text(text, "d.yaml")
    assert e.value.line == 5


def test_one_option_only():
    with pytest.raises(InputError, match="at least two options") as e:
        load("""\
            scale: [1, 5]
            criteria: [{name: a, weight: 1}]
            options:
              Only: {a: 3}
            """)
    assert e.value.line == 4


@pytest.mark.parametrize("text,message", [
    ("- a\n- b\n", "must be a mapping"),
    ("scale: [1, 5]\ncriteria: [{name: a, weight: 1}]\n", "missing 'options:'"),
    ("scale: [1, 5]\ncriteria: []\noptions: {A: {}, B: {}}\n", "non-empty list"),
    ("scale: [1, 5]\ncriteria: [{name: a, weight: true}]\noptions: {A: {a: 1}, B: {a: 2}}\n",
     "weight true is not a number"),
    ("scale: [1, 5]\ncriteria: [{name: a}]\noptions: {A: {a: 1}, B: {a: 2}}\n",
     "criterion 'a' has no weight"),
    (("scale: [1, 5]\ncriteria: [{name: a, weight: 1}, {name: a, weight: 1}]\n"
      "options: {A: {a: 1}, B: {a: 2}}\n"), "criterion 'a' is listed twice"),
    ("scale: [1, 5]\ncriteria: [{name: a, weight: 1, wieght: 2}]\noptions: {A: {a: 1}, B: {a: 2}}\n",
     "unknown field 'wieght'"),
    ("scale: [1, 5]\ncriteria: [{name: a, weight: 1}]\noptions: {A: 3, B: {a: 2}}\n",
     "expected a mapping of criterion: score"),
    ("scale: 10\ncriteria: [{name: a, weight: 1}]\noptions: {A: {a: 1}, B: {a: 2}}\n",
     "scale must be [lo, hi]"),
    ("title: [unclosed\n", "invalid YAML"),
    ("scenarios: {P1: {attribute: x}}\n", "this is a quality-attribute file"),
])
def test_more_bad_input(text, message):
    with pytest.raises(InputError) as e:
        DecisionMatrix.from_text(text, "x.yaml")
    assert message in e.value.message
    assert e.value.path == "x.yaml" and e.value.line is not None


def test_missing_file_and_wrong_suffix(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        DecisionMatrix.from_yaml(tmp_path / "nope.yaml")
    (tmp_path / "d.txt").write_text(GOOD)
    with pytest.raises(InputError, match="expected a .yaml"):
        DecisionMatrix.from_yaml(tmp_path / "d.txt")


def test_html_repr_shows_scores_and_weights():
    html = load(GOOD)._repr_html_()
    assert "Modular monolith" in html and "w=0.35" in html and "(cost)" in html
    assert math.isclose(load(GOOD).rank()["score"].iloc[0], 0.7)


def test_scientific_notation_is_a_number(tmp_path):
    f = tmp_path / "sci.yaml"
    f.write_text("scale: [1e0, 1e1]\n"
                 "criteria: [{name: a, weight: 2.5e-1}, {name: b, weight: 7.5E-1}]\n"
                 "options:\n  X: {a: 1e0, b: 5e0}\n  Y: {a: 1e1, b: 1}\n")
    m = DecisionMatrix.from_yaml(f)
    assert m.scale == (1.0, 10.0)
    assert m.weights.tolist() == pytest.approx([0.25, 0.75])
    assert m.scores.loc["X"].tolist() == [1.0, 5.0]


def test_names_are_read_as_written_not_as_numbers(tmp_path):
    # {name: 1e3} was the float 1000.0 ("criterion name 1000.0 must be non-empty text"),
    # an option 2024: the int 2024 ("option name 2024 must be text"); the scores stay numbers
    f = tmp_path / "names.yaml"
    f.write_text("title: 2024\nquestion: yes\nscale: [1, 1e1]\n"
                 "criteria:\n  - {name: 1e3}\n  - 2024\n  - {name: no}\n"
                 "ahp:\n  1e3: {2024: 3, no: 1}\n  2024: {no: 1/3}\n"
                 "options:\n  2024: {1e3: 5e0, 2024: 3, no: 1}\n  yes: {1e3: 3, 2024: 5, no: 2}\n"
                 "  1.0: {1e3: 1, 2024: 1, no: 1}\n"
                 "notes:\n  2024: {good: [1e3, yes], bad: 2024}\n"
                 "ignore:\n  - {rule: AK-DEC004, reason: 1e3}\n")
    m = DecisionMatrix.from_yaml(f)
    assert (m.title, m.question) == ("2024", "yes")
    assert m.criteria == ["1e3", "2024", "no"] and m.options == ["2024", "yes", "1.0"]
    assert m.scores.loc["2024"].tolist() == [5.0, 3.0, 1.0]
    assert m.notes["2024"]["good"] == ["1e3", "yes"] and m.notes["2024"]["bad"] == ["2024"]
    assert m.suppressions[0].reason == "1e3"
    assert m.position("criterion", "1e3") == (5, 5)
    f.write_text("scale: [1, 10]\ncriteria: [{name: 1e3, weight: 1}, {name: b, weight: 1}]\n"
                 "options:\n  X: {1e3: 1, b: 2}\n  Y: {b: 2, 1e3: 11}\n")
    with pytest.raises(InputError) as exc:
        DecisionMatrix.from_yaml(f)
    assert exc.value.message == ("option 'Y', criterion '1e3': score 11 is outside the "
                                 "scale [1, 10]") and exc.value.line == 5


@pytest.mark.parametrize("written", ["~", "null", ""])
def test_a_null_name_is_called_null_as_written_not_none(written):
    text = (f"scale: [1, 5]\ncriteria:\n  - {{name: {written}}}\n  - b\n"
            "options:\n  X: {b: 1}\n  Y: {b: 2}\n")
    with pytest.raises(InputError, match="criterion name null must be non-empty text"):
        DecisionMatrix.from_text(text, "d.yaml")


def test_a_dominated_option_names_the_first_option_that_dominates_it():
    # AK-DEC004 compared every pair in Python (2,000 options: 23 s; scout AU); one
    # comparison per option now, naming the first dominating option in the file
    m = DecisionMatrix.from_dict({
        "title": "t", "scale": [1, 10],
        "criteria": [{"name": "speed", "weight": 1}, {"name": "cost", "weight": 1,
                                                      "direction": "cost"}],
        "options": {"A": {"speed": 5, "cost": 5}, "B": {"speed": 9, "cost": 2},
                    "C": {"speed": 6, "cost": 5}, "D": {"speed": 9, "cost": 2},
                    "E": {"speed": 1, "cost": 9}}})
    found = {f.object: f.message for f in m.check() if f.rule == "AK-DEC004"}
    assert sorted(found) == ["A", "C", "E"]          # B and D tie: neither dominates
    assert found["A"].startswith("A is dominated by B: no better on any criterion and worse "
                                 "on speed, cost")
    assert found["C"].startswith("C is dominated by B")
    assert found["E"].startswith("E is dominated by A: no better on any criterion and worse "
                                 "on speed, cost")


def test_a_misspelt_criterion_is_reported_where_it_is_misspelt(tmp_path):
    """A typo in the criteria list was reported at the first option, calling the name
    spelt right unknown; a typo in an option's scores gets "did you mean" (scout AV)."""
    p = tmp_path / "d.yaml"
    p.write_text("title: t\nscale: [1, 5]\ncriteria:\n  - {name: cost, weight: 1}\n"
                 "  - {name: scalabilty, weight: 1}\noptions:\n"
                 "  X: {cost: 1, scalability: 5}\n  Y: {cost: 5, scalability: 1}\n")
    with pytest.raises(InputError) as err:
        DecisionMatrix.from_yaml(p)
    assert (err.value.line, err.value.col) == (5, 5)
    assert err.value.message == ("criterion 'scalabilty' is scored by no option, and every "
                                 "option scores 'scalability', which is no criterion: one of "
                                 "the two is misspelt")
    p.write_text(p.read_text().replace("scalabilty", "scalability")
                 .replace("X: {cost: 1, scalability", "X: {cost: 1, scalabilty"))
    with pytest.raises(InputError, match=r"option 'X': unknown criterion 'scalabilty': did "
                                         r"you mean scalability\?"):
        DecisionMatrix.from_yaml(p)
