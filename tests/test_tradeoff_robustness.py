"""Weight stability (closed form, hand-derived flip points as fractions), win
probability, rank reversal, TOPSIS against pymcdm, the verdict, and hypothesis
properties of the weighted sum."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archkit.examples import path as example_path
from archkit.tradeoff import DecisionMatrix


def matrix(options: dict, weights: dict, scale=(0, 1), cost=()) -> DecisionMatrix:
    return DecisionMatrix.from_dict({
        "title": "t", "scale": list(scale),
        "criteria": [{"name": c, "weight": w, **({"direction": "cost"} if c in cost else {})}
                     for c, w in weights.items()],
        "options": {o: dict(zip(weights, s)) for o, s in options.items()}})


THREE = matrix({"P": (1, 0, 0), "Q": (0, 1, 0.5)}, {"a": 0.5, "b": 0.3, "c": 0.2})


def test_flip_points_by_hand():
    # P wins 0.5 to 0.4. Vary one weight t, the others keep their ratios:
    #  a: S_P = t, S_Q = 0.8 (1 - t)                         -> flip at t = 4/9 (Q below)
    #  b: S_P = 5(1 - t)/7, S_Q = t + (1 - t)/7              -> flip at t = 4/11 (Q above)
    #  c: S_P = 5(1 - t)/8, S_Q = 3(1 - t)/8 + t/2           -> flip at t = 1/3 (Q above)
    s = THREE.weight_stability()
    assert s.attrs["winner"] == "P"
    assert s.loc["a", "low"] == pytest.approx(float(Fraction(4, 9)), abs=1e-12)
    assert s.loc["a", "high"] == 1.0
    assert (s.loc["a", "challenger_low"], s.loc["a", "challenger_high"]) == ("Q", None)
    assert s.loc["b", "low"] == 0.0 and s.loc["b", "challenger_low"] is None
    assert s.loc["b", "high"] == pytest.approx(float(Fraction(4, 11)), abs=1e-12)
    assert s.loc["b", "challenger_high"] == "Q"
    assert s.loc["c", "high"] == pytest.approx(float(Fraction(1, 3)), abs=1e-12)
    assert s["weight"].tolist() == pytest.approx([0.5, 0.3, 0.2])
    assert list(s.columns) == ["weight", "low", "high", "challenger_low", "challenger_high"]


def test_compromise_winner_has_two_sided_interval():
    # X = (1, 0), Y = (0, 1), Z = (0.6, 0.6): Z wins while 0.4 <= w_a <= 0.6
    m = matrix({"X": (1, 0), "Y": (0, 1), "Z": (0.6, 0.6)}, {"a": 1, "b": 1})
    s = m.weight_stability()
    assert s.loc["a", ["low", "high"]].tolist() == pytest.approx([2 / 5, 3 / 5])
    assert (s.loc["a", "challenger_low"], s.loc["a", "challenger_high"]) == ("Y", "X")
    assert s.loc["b", ["low", "high"]].tolist() == pytest.approx([2 / 5, 3 / 5])
    assert m.verdict(samples=20_000) == (
        "Z ranks first (0.60); it stays first unless the weight of a falls below 0.4 or of "
        "a rises above 0.6; it wins in 20 % of uniformly drawn weightings.")


def test_flip_point_is_where_the_winner_changes():
    s = THREE.weight_stability()
    for c in THREE.criteria:
        for bound, rival, step in ((s.loc[c, "low"], s.loc[c, "challenger_low"], -1e-6),
                                   (s.loc[c, "high"], s.loc[c, "challenger_high"], 1e-6)):
            if rival is None:
                continue
            rest = THREE.weights.drop(c) / THREE.weights.drop(c).sum()
            inside = {**(rest * (1 - bound + step)).to_dict(), c: bound - step}
            outside = {**(rest * (1 - bound - step)).to_dict(), c: bound + step}
            assert THREE.with_weights(inside).winner() == "P"
            assert THREE.with_weights(outside).winner() == rival


def test_win_probability_uniform_on_the_simplex():
    # two criteria: w_a ~ U(0, 1). X wins for w_a > 0.6, Y for w_a < 0.4, Z in between.
    m = matrix({"X": (1, 0), "Y": (0, 1), "Z": (0.6, 0.6)}, {"a": 1, "b": 1})
    p = m.win_probability(samples=100_000, seed=3)
    assert p["X"] == pytest.approx(0.4, abs=0.01)
    assert p["Y"] == pytest.approx(0.4, abs=0.01)
    assert p["Z"] == pytest.approx(0.2, abs=0.01)
    assert p.sum() == pytest.approx(1.0)
    assert p.equals(m.win_probability(samples=100_000, seed=3))  # seeded: reproducible


def test_win_probability_concentrated_around_the_chosen_weights():
    m = matrix({"X": (1, 0), "Y": (0, 1), "Z": (0.6, 0.6)}, {"a": 1, "b": 1})
    tight = m.win_probability(samples=20_000, concentration=1000)
    assert tight["Z"] > 0.99  # Beta(500, 500) around 0.5 almost never leaves [0.4, 0.6]
    assert "Dirichlet" in tight.attrs["weights"]
    with pytest.raises(ValueError):
        m.win_probability(concentration=0)


@pytest.mark.parametrize("alpha", [None, np.array([0.5, 1.0, 2.0, 3.0, 0.2])])
def test_win_counts_do_not_depend_on_the_block_size(alpha):
    # blocks follow the generator's stream in order: any block size gives the same counts,
    # also when the last block is partial and when BLAS chunks a block into row slices
    from archkit.tradeoff import methods
    R = np.random.default_rng(1).random((7, 5))
    counts = [methods.win_counts(R, 10_001, np.random.default_rng(0), alpha, block=b)
              for b in (1, 7, 1024, 10_001, 50_000)]
    assert counts[0].sum() == 10_001
    for c in counts[1:]:
        assert c.tolist() == counts[0].tolist()


def test_rank_reversal_wsm_never_topsis_can():
    m = matrix({"P": (5, 2), "Q": (3, 4), "R": (1, 2)}, {"a": 1, "b": 1}, scale=(1, 5))
    assert not m.rank_reversal("wsm")["reversed"].any()
    t = m.rank_reversal("topsis").set_index("removed")
    assert m.rank("topsis").index.tolist() == ["P", "Q", "R"]
    assert t.loc["R", "reversed"] and t.loc["R", "order_after"] == "Q > P"
    assert not t.loc["P", "reversed"]


def test_topsis_by_hand():
    # two benefit criteria, equal weights, X = (3, 4), Y = (4, 3): symmetric -> 0.5 each
    m = matrix({"X": (3, 4), "Y": (4, 3)}, {"a": 1, "b": 1}, scale=(1, 5))
    assert m.rank("topsis")["score"].tolist() == pytest.approx([0.5, 0.5])
    # a cost criterion flips which end is ideal
    c = matrix({"X": (3, 4), "Y": (4, 4)}, {"a": 1, "b": 1}, scale=(1, 5), cost=("a",))
    assert c.rank("topsis")["score"].tolist() == pytest.approx([1.0, 0.0])
    assert c.winner("topsis") == "X"


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("shape", [(3, 2), (5, 4), (10, 15)])
def test_topsis_matches_pymcdm(shape):
    from pymcdm.methods import TOPSIS
    from pymcdm.normalizations import vector_normalization

    rng = np.random.default_rng(sum(shape))
    X = rng.integers(1, 11, size=shape).astype(float)
    w = rng.random(shape[1])
    cost = rng.random(shape[1]) < 0.4
    m = matrix({f"o{i}": tuple(X[i]) for i in range(shape[0])},
               {f"c{j}": float(w[j]) for j in range(shape[1])}, scale=(1, 10),
               cost={f"c{j}" for j in range(shape[1]) if cost[j]})
    ours = m.scores_for("topsis")
    theirs = TOPSIS(vector_normalization)(X, w / w.sum(), np.where(cost, -1, 1))
    assert ours == pytest.approx(theirs, abs=1e-9)


def test_verdict_when_nothing_changes_the_winner():
    m = matrix({"A": (1, 1), "B": (0, 0.5)}, {"a": 1, "b": 1})
    assert "it stays first whatever weight any single criterion gets" in m.verdict()
    assert "wins in 100 %" in m.verdict()


def test_verdict_for_a_tie():
    m = matrix({"A": (1, 0), "B": (0, 1)}, {"a": 1, "b": 1})
    assert m.verdict().startswith("A and B tie for first (0.50)")


# -- properties --------------------------------------------------------------------------
scores = st.integers(min_value=1, max_value=10)


@st.composite
def decisions(draw, min_options=2):
    n = draw(st.integers(min_options, 6))
    k = draw(st.integers(1, 5))
    weights = draw(st.lists(st.floats(0.01, 10), min_size=k, max_size=k))
    cost = draw(st.lists(st.booleans(), min_size=k, max_size=k))
    rows = draw(st.lists(st.tuples(*[scores] * k), min_size=n, max_size=n))
    crit = [f"c{j}" for j in range(k)]
    return DecisionMatrix.from_dict({
        "title": "p", "scale": [1, 10],
        "criteria": [{"name": c, "weight": w, "direction": "cost" if d else "benefit"}
                     for c, w, d in zip(crit, weights, cost)],
        "options": {f"o{i}": dict(zip(crit, r)) for i, r in enumerate(rows)}})


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(decisions(), st.floats(0.01, 1000))
def test_scaling_all_weights_keeps_the_ranking(m, factor):
    scaled = m.with_weights({c: w * factor for c, w in m.weights.items()})
    assert scaled.rank().index.tolist() == m.rank().index.tolist()
    assert scaled.rank()["score"].tolist() == pytest.approx(m.rank()["score"].tolist())


@FAST
@given(decisions(), st.lists(scores, min_size=5, max_size=5))
def test_adding_an_option_never_changes_the_others_weighted_sums(m, new):
    before = m.rank()["score"]
    after = m.with_option("newcomer", dict(zip(m.criteria, new))).rank()["score"]
    assert after.drop("newcomer").sort_index().tolist() == pytest.approx(
        before.sort_index().tolist(), abs=1e-12)


@FAST
@given(decisions())
def test_the_winner_is_inside_its_own_stability_interval(m):
    s = m.weight_stability()
    assert s.attrs["winner"] == m.winner()
    assert ((s["low"] <= s["weight"] + 1e-12) & (s["weight"] <= s["high"] + 1e-12)).all()
    assert ((0 <= s["low"]) & (s["high"] <= 1)).all()


@FAST
@given(decisions(min_options=3))
def test_weighted_sum_never_reverses_ranks(m):
    assert not m.rank_reversal("wsm")["reversed"].any()


def test_verdict_names_how_the_weightings_were_drawn():
    m = matrix({"X": (1, 0), "Y": (0, 1), "Z": (0.6, 0.6)}, {"a": 1, "b": 1})
    p = m.win_probability(samples=5_000, concentration=1000)
    from archkit.tradeoff.robustness import verdict

    text = verdict(m, probability=p)
    assert text.endswith("of weightings drawn from Dirichlet(concentration=1000 x weights).")


def _move(m: DecisionMatrix, c: str, t: float) -> DecisionMatrix:
    rest = m.weights.drop(c)
    rest = rest / rest.sum() if rest.sum() > 0 else rest + 1 / len(rest)
    return m.with_weights({**(rest * (1 - t)).to_dict(), c: t})


@FAST
@given(decisions())
def test_flip_points_are_exactly_where_the_winner_changes(m):
    s = m.normalised_array @ m.weight_array
    top = np.sort(s)[::-1]
    if len(m.criteria) < 2 or top[0] - top[1] < 1e-6:
        return  # ties: no unique winner to follow
    st_ = m.weight_stability()
    winner = st_.attrs["winner"]
    eps = 1e-6
    for c, r in st_.iterrows():
        if r["challenger_high"] is not None and r["high"] + eps < 1:
            assert _move(m, c, r["high"] - eps).winner() == winner
            assert _move(m, c, r["high"] + eps).winner() != winner
        if r["challenger_low"] is not None and r["low"] - eps > 0:
            assert _move(m, c, r["low"] + eps).winner() == winner
            assert _move(m, c, r["low"] - eps).winner() != winner


@FAST
@given(decisions())
def test_probabilities_and_closeness_are_proper(m):
    p = m.win_probability(samples=500)
    assert p.sum() == pytest.approx(1.0) and (p >= 0).all()
    c = m.rank("topsis")["score"]
    assert ((c >= -1e-12) & (c <= 1 + 1e-12)).all()


@pytest.mark.parametrize("alpha", [None, np.array([0.5, 1.0, 2.0, 3.0, 0.2])])
def test_topsis_win_counts_are_full_topsis_on_the_same_weightings(alpha):
    from archkit.tradeoff import methods
    rng = np.random.default_rng(4)
    X = rng.integers(1, 11, size=(6, 5)).astype(float)
    benefit = np.array([True, False, True, True, False])
    samples = 3_001
    draws = np.random.default_rng(0)          # the draws win_counts makes, one at a time
    W = (draws.standard_exponential((samples, 5)) if alpha is None
         else draws.standard_gamma(np.broadcast_to(alpha, (samples, 5))))
    expected = np.bincount([methods.order(methods.topsis(X, w / w.sum(), benefit))[0]
                            for w in W], minlength=6)
    for b in (1, 7, 1024, 50_000):
        got = methods.win_counts_topsis(X, benefit, samples, np.random.default_rng(0), alpha,
                                        block=b)
        assert got.tolist() == expected.tolist()


def test_win_probability_and_verdict_by_topsis():
    m = matrix({"E": (10, 0), "P": (4.5, 4.5), "T": (1, 1)}, {"a": 0.5, "b": 0.5},
               scale=(0, 10))
    assert m.winner("wsm") == "E" and m.winner("topsis") == "P"
    p = m.win_probability(method="topsis")
    assert p.index[0] == "P" and p.attrs["method"] == "topsis" and p.sum() == pytest.approx(1)
    v = m.verdict(method="topsis")
    assert v.startswith(f"By TOPSIS, P ranks first (closeness 0.67) and is first in "
                        f"{p['P'] * 100:.0f} % of uniformly drawn weightings; weight stability "
                        "is defined for the weighted sum only: there E ranks first (0.50) and "
                        "it stays first unless")
    from archkit.tradeoff.robustness import verdict
    with pytest.raises(ValueError, match="win probability is by wsm"):
        verdict(m, probability=m.win_probability(), method="topsis")
    with pytest.raises(ValueError, match="unknown method"):
        m.win_probability(method="ahp")


def test_verdict_takes_the_method_first_as_rank_does():
    """``m.verdict("topsis")`` raised a TypeError: its first parameter was ``samples``
    (scout AV). The method now comes first, as in rank(), winner() and rank_reversal()."""
    m = DecisionMatrix.from_yaml(example_path("shopfront") / "decisions" / "deployment.yaml")
    assert m.verdict("topsis") == m.verdict(method="topsis")
    assert m.verdict("topsis").startswith(f"By TOPSIS, {m.winner('topsis')} ranks first")
    assert m.verdict("wsm", samples=2_000, seed=1) == m.verdict(samples=2_000, seed=1)
    with pytest.raises(ValueError, match="unknown method 'ahp'"):
        m.verdict("ahp")
    with pytest.raises(TypeError, match=r"win_probability\(method='topsis'\)"):
        m.win_probability("topsis")
    with pytest.raises(TypeError, match=r"give the samples by name, verdict\(samples=5000\)"):
        m.verdict(5000)                # (the old order: samples first; scout AY)
    with pytest.raises(TypeError, match=r"method='wsm' or 'topsis'"):
        m.win_probability("300")
