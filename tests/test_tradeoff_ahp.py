"""AHP: weights, lambda_max, CI, CR against hand-derived values; culprit judgements;
bad pairwise matrices; ``ahp:`` blocks in decision YAML."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from archkit.errors import InputError
from archkit.tradeoff import DecisionMatrix, ahp
from archkit.tradeoff.pairwise import RANDOM_INDEX, harker_weights, parse_judgement, snap_to_scale


def test_saaty_example_from_field_notes():
    r = ahp([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]], labels=["a", "b", "c"])
    assert r.weights.tolist() == pytest.approx([0.6370, 0.2583, 0.1047], abs=5e-5)
    assert r.lambda_max == pytest.approx(3.0385, abs=5e-5)
    assert r.ci == pytest.approx((r.lambda_max - 3) / 2)
    assert r.cr == pytest.approx(0.0332, abs=5e-5)
    assert r.consistent
    assert list(r.weights.index) == ["a", "b", "c"]


def test_consistent_matrix_has_cr_zero_and_exact_weights():
    w = np.array([5, 3, 2]) / 10  # a_ij = w_i / w_j is perfectly consistent
    r = ahp(w[:, None] / w[None, :])
    assert r.weights.tolist() == pytest.approx([0.5, 0.3, 0.2], abs=1e-12)
    assert r.lambda_max == pytest.approx(3.0, abs=1e-12)
    assert r.cr == pytest.approx(0.0, abs=1e-12)
    for i, j in ((0, 1), (0, 2), (1, 2)):   # each judgement is what the others imply
        w_ = harker_weights(r.matrix, missing=(i, j))
        assert w_[i] / w_[j] == pytest.approx(r.matrix[i, j])
    assert r.culprits() == []               # and no change could lower a CR of 0


def test_cyclic_judgements_are_rejected_as_inconsistent():
    # a > b (3), b > c (3), c > a (3): a preference cycle
    r = ahp([[1, 3, 1 / 3], [1 / 3, 1, 3], [3, 1 / 3, 1]])
    assert not r.consistent
    assert r.cr > 1.0
    assert r.weights.tolist() == pytest.approx([1 / 3] * 3)  # the cycle cancels out


def test_two_criteria_are_always_consistent():
    r = ahp([[1, 7], [1 / 7, 1]])
    assert r.weights.tolist() == pytest.approx([7 / 8, 1 / 8])
    assert r.cr == 0 and r.consistent


def test_culprit_is_the_perturbed_judgement_with_the_value_the_rest_imply():
    # w = (8, 4, 2, 1) gives a consistent matrix; then a vs d is turned from 8 into 1/2
    w = np.array([8, 4, 2, 1.0])
    A = w[:, None] / w[None, :]
    A[0, 3], A[3, 0] = 1 / 2, 2
    r = ahp(A, labels=["a", "b", "c", "d"])
    assert not r.consistent
    worst = r.culprits()[0]
    assert (worst.row, worst.col) == ("a", "d")
    assert worst.implied == pytest.approx(8.0)  # what b, c and the other judgements say
    assert worst.suggested == "8"
    assert worst.cr_if_changed == pytest.approx(0.0, abs=1e-9)
    assert "a vs d is 1/2; the other judgements imply 8.00 (use 8" in worst.sentence()


def test_random_index_table_is_saatys():
    assert [RANDOM_INDEX[n] for n in range(3, 11)] == [0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
                                                       1.45, 1.49]


@pytest.mark.parametrize("matrix,message", [
    ([[1, 3], [3, 1]], "not reciprocal"),
    ([[1, -3], [-1 / 3, 1]], "must be positive"),
    ([[1, 0], [0, 1]], "must be positive"),
    ([[1, 12], [1 / 12, 1]], "outside Saaty's scale"),
    ([[1, float("nan")], [1, 1]], "must be finite"),
    ([[1, float("inf")], [0, 1]], "must be finite"),
    ([[2, 1], [1, 1]], "vs itself must be 1"),
    ([[1, 2, 3], [1 / 2, 1, 2]], "must be square"),
    ([["x", 1], [1, 1]], "square table of numbers"),
])
def test_bad_pairwise_matrices(matrix, message):
    with pytest.raises(InputError, match=message):
        ahp(matrix)


def test_judgement_parsing_and_snapping():
    assert parse_judgement("1/3") == pytest.approx(1 / 3)
    assert parse_judgement(5) == 5
    for bad in ("1/0", "ten", True, 0, -2, 10, "1/10", float("nan")):
        with pytest.raises(ValueError):
            parse_judgement(bad)
    assert snap_to_scale(7.77) == 8 and snap_to_scale(0.3) == Fraction(1, 3)


AHP_DECISION = """\
title: Cache
scale: [1, 5]
criteria: [{name: speed}, {name: cost, direction: cost}, {name: effort}]
ahp:
  speed: {cost: 3, effort: 5}
  cost: {effort: 3}
options:
  Redis: {speed: 5, cost: 2, effort: 3}
  Memcached: {speed: 4, cost: 1, effort: 4}
"""


def test_ahp_block_gives_the_weights():
    m = DecisionMatrix.from_text(AHP_DECISION, "cache.yaml")
    assert m.ahp_result is not None
    assert m.weights.tolist() == pytest.approx([0.6370, 0.2583, 0.1047], abs=5e-5)
    assert m.check().rules() == [] or "AK-DEC001" not in m.check().rules()


def test_inconsistent_ahp_block_finding_points_at_the_judgement():
    text = AHP_DECISION.replace("speed: {cost: 3, effort: 5}", "speed: {cost: 3, effort: 1/5}")
    m = DecisionMatrix.from_text(text, "cache.yaml")
    f = m.check().by_rule("AK-DEC001")
    assert len(f) == 1
    assert f[0].severity.value == "error"
    assert f[0].path == "cache.yaml" and f[0].line in (5, 6)
    assert "CR = " in f[0].message and f[0].hint.startswith("change ")


@pytest.mark.parametrize("old,new,line,message", [
    ("cost: {effort: 3}", "cost: {effort: 3, speed: 3}", 6, "given twice and the two disagree"),
    ("cost: {effort: 3}", "cost: {}", 5, "no judgement for cost vs effort"),
    ("effort: 5}", "effort: 12}", 5, "outside Saaty's scale"),
    ("effort: 5}", "effort: -5}", 5, "positive finite"),
    ("effort: 5}", "effort: .nan}", 5, "positive finite"),
    ("effort: 5}", "efort: 5}", 5, "unknown criterion 'efort'"),
    ("[{name: speed}", "[{name: speed, weight: 1}", 3, "'ahp:' is given too"),
])
def test_bad_ahp_blocks(old, new, line, message):
    text = AHP_DECISION.replace(old, new, 1)
    assert text != AHP_DECISION
    with pytest.raises(InputError) as e:
        DecisionMatrix.from_text(text, "cache.yaml")
    assert message in e.value.message
    assert e.value.line == line, str(e.value)


def test_ahp_with_more_criteria_than_the_random_index_covers():
    names = [f"c{i}" for i in range(11)]
    lines = ["scale: [1, 5]", "criteria: [" + ", ".join(f"{{name: {n}}}" for n in names) + "]",
             "ahp:"]
    for i, a in enumerate(names[:-1]):
        lines.append(f"  {a}: {{" + ", ".join(f"{b}: 1" for b in names[i + 1:]) + "}")
    lines += ["options:", "  A: {" + ", ".join(f"{n}: 1" for n in names) + "}",
              "  B: {" + ", ".join(f"{n}: 2" for n in names) + "}"]
    with pytest.raises(InputError, match="random index table covers 3..10") as e:
        DecisionMatrix.from_text("\n".join(lines) + "\n", "big.yaml")
    assert e.value.path == "big.yaml" and e.value.line == 4


@pytest.mark.parametrize("judgement", ["5", "1"])
def test_a_criterion_compared_with_itself_is_its_own_error(tmp_path, judgement):
    f = tmp_path / "cache.yaml"
    f.write_text(AHP_DECISION.replace("speed: {cost: 3,", f"speed: {{speed: {judgement}, cost: 3,"))
    with pytest.raises(InputError) as e:
        DecisionMatrix.from_yaml(f)
    assert "speed vs speed compares a criterion with itself" in e.value.message
    assert "given twice" not in e.value.message
    assert (e.value.path, e.value.line, e.value.col) == (str(f), 5, 11)


def test_a_rounded_decimal_ninth_is_on_the_scale_like_a_rounded_third():
    # 0.333 passed for 1/3 and 0.111 was "outside Saaty's scale" for 1/9 (scout AE)
    assert parse_judgement("0.111") == pytest.approx(0.111)
    assert parse_judgement(0.333) == pytest.approx(0.333)
    # a and c equal, each 9 times b: weights 9/19, 1/19, 9/19 (0.111 is 1/9 to 0.1 %)
    w = ahp([[1, 9, 1], [0.111, 1, 0.111], [1, 9, 1]]).weight_values
    assert list(w) == pytest.approx([9 / 19, 1 / 19, 9 / 19], rel=2e-3)
    with pytest.raises(ValueError, match="outside Saaty's scale"):
        parse_judgement("0.1")                   # 1/10: not a judgement of the scale
    with pytest.raises(InputError, match="outside Saaty's scale"):
        ahp([[1, 9.5], [1 / 9.5, 1]])
