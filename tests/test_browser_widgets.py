"""The notebook widgets in a real browser: Voilà serves them, Chromium drives them.

Each app notebook under tests/fixtures/widgets/ builds one archkit widget on the
shopfront example. The tests act as a user does (keyboard on a slider handle, clicks
on a toggle) and compare what the page shows with what the engine computes.
"""

from __future__ import annotations

import time

import pytest

from tests import browser_support as support
from tests.browser_support import app_page, covering_element, open_app, screenshot

# pytest finds fixtures by their names in the test module.
browser, page, voila = support.browser, support.page, support.voila

pytestmark = pytest.mark.browser


def test_machinery_plain_slider_updates_html(page, voila):
    open_app(page, voila, "plain")
    square = page.locator(".ak-plain-square")
    assert square.inner_text() == "n² = 9"
    page.locator(".ak-plain-slider .noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.locator(".ak-plain-square", has_text="n² = 25").wait_for(timeout=10_000)
    assert page.locator(".ak-plain-slider .widget-readout").inner_text() == "5"
    screenshot(page, "plain")


def test_a_notebook_error_is_reported_with_its_traceback(page, voila):
    with pytest.raises(AssertionError) as failure:
        open_app(page, voila, "broken")
    assert "failed in the kernel" in str(failure.value)
    assert "unknown example 'no-such-example'" in str(failure.value)


# -- the trade-off explorer ------------------------------------------------------------------
@pytest.fixture(scope="module")
def tradeoff_app(browser, voila):
    with app_page(browser, voila, "tradeoff") as page:
        yield page


def _ranking_rows(page) -> list[tuple[str, ...]]:
    """(rank, option, score) as the page shows them, best first."""
    rows = page.locator(".ak-ranking .ak-ranking-table tbody tr")
    return [tuple(rows.nth(i).locator("td").all_inner_texts()[:3]) for i in range(rows.count())]


def _expected_rows(ranking) -> list[tuple[str, ...]]:
    return [(str(int(r["rank"])), option, f"{r['score']:.3f}") for option, r in ranking.iterrows()]


def _eventually(read, expected, timeout_s: float = 15.0):
    """``read()`` once it returns ``expected``, or its last value after the timeout: the
    kernel answers a change asynchronously."""
    deadline = time.monotonic() + timeout_s
    value = read()
    while value != expected and time.monotonic() < deadline:
        time.sleep(0.1)
        value = read()
    return value


def _readout(slider, text: str) -> None:
    from playwright.sync_api import expect

    expect(slider.locator(".widget-readout")).to_have_text(text, timeout=10_000)


def test_tradeoff_weight_readouts_are_visible(tradeoff_app):
    covered = {c: covering_element(tradeoff_app.locator(f".ak-weight-{c} .widget-readout"))
               for c in ("scalability", "running-cost", "time-to-market")}
    assert covered == dict.fromkeys(covered)


def test_tradeoff_weight_slider_and_method_toggle(tradeoff_app):
    from archkit.examples import path
    from archkit.tradeoff import DecisionMatrix

    page = tradeoff_app
    matrix = DecisionMatrix.from_yaml(path("shopfront") / "decisions" / "deployment.yaml")
    assert _ranking_rows(page) == _expected_rows(matrix.rank())

    # The keyboard on the scalability slider's handle: End moves it to its maximum, 1.0.
    slider = page.locator(".ak-weight-scalability")
    slider.locator(".noUi-handle").focus()
    page.keyboard.press("End")
    _readout(slider, "1.000")
    heavy = matrix.with_weights(scalability=1.0)
    wsm = _expected_rows(heavy.rank())
    assert wsm[0][1] != matrix.winner(), "the oracle itself must show a new winner"
    assert _eventually(lambda: _ranking_rows(page), wsm) == wsm

    page.locator(".ak-method button", has_text="TOPSIS").click()
    topsis_ranking = heavy.rank("topsis")
    topsis = _expected_rows(topsis_ranking)
    assert topsis != wsm
    assert _eventually(lambda: _ranking_rows(page), topsis) == topsis
    # The table names the normalisation its scores come from.
    assert page.locator(".ak-ranking small").inner_text() == topsis_ranking.attrs["normalisation"]
    screenshot(page, "tradeoff")

    # "reset weights" puts the slider back; the method stays TOPSIS.
    page.locator(".ak-reset").click()
    _readout(slider, f"{matrix.weights['scalability']:.3f}")
    back = _expected_rows(matrix.rank("topsis"))
    assert _eventually(lambda: _ranking_rows(page), back) == back


def test_tradeoff_ahp_editor_shows_cr_live_and_sets_the_weights(tradeoff_app):
    from archkit.examples import path
    from archkit.tradeoff import DecisionMatrix, ahp

    page = tradeoff_app
    matrix = DecisionMatrix.from_yaml(path("shopfront") / "decisions" / "deployment.yaml")
    page.locator(".ak-method button", has_text="weighted sum").click()
    labels = list(matrix.criteria)

    # "scalability matters extremely more than running_cost" (9): End on that judgement.
    judgement = page.locator(".ak-judgement-scalability-running-cost")
    judgement.locator(".noUi-handle").focus()
    page.keyboard.press("End")
    _readout(judgement, "9")
    pairwise = [[1.0] * len(labels) for _ in labels]
    pairwise[0][1], pairwise[1][0] = 9.0, 1 / 9
    result = ahp(pairwise, labels=labels)
    assert not result.consistent            # (CR 0.148)
    cr_text = f"CR = {result.cr:.3f}: inconsistent (CR > 0.10)"
    assert _eventually(lambda: page.locator(".ak-cr p").inner_text(), cr_text) == cr_text
    # weights AK-DEC001 reports as an error are not applied: the button waits
    apply = page.locator(".ak-ahp-apply")
    assert _eventually(apply.is_disabled, True) is True

    # four steps down, to 5 ("strongly more"): consistent, and the button is back
    for _ in range(4):
        page.keyboard.press("ArrowLeft")
    _readout(judgement, "5")
    pairwise[0][1], pairwise[1][0] = 5.0, 1 / 5
    result = ahp(pairwise, labels=labels)
    assert result.consistent                # (CR 0.075)
    cr_text = f"CR = {result.cr:.3f}: consistent enough (CR ≤ 0.10)"
    assert _eventually(lambda: page.locator(".ak-cr p").inner_text(), cr_text) == cr_text
    assert _eventually(apply.is_disabled, False) is False

    # "use these weights" moves the explorer's sliders, and the ranking follows.
    apply.click()
    weights = {c: round(float(w), 3) for c, w in result.weights.items()}
    for c, w in weights.items():
        _readout(page.locator(f".ak-weight-{c.replace('_', '-')}"), f"{w:.3f}")
    ranked = _expected_rows(matrix.with_weights(weights).rank())
    assert ranked != _expected_rows(matrix.rank()), "the oracle itself must move"
    assert _eventually(lambda: _ranking_rows(page), ranked) == ranked
    screenshot(page, "tradeoff-ahp")


# -- the availability what-if ----------------------------------------------------------------
@pytest.fixture(scope="module")
def whatif_app(browser, voila):
    with app_page(browser, voila, "whatif") as page:
        yield page


def _availability_rows(page) -> dict[str, str]:
    """Entry point -> the what-if availability the page shows."""
    rows = page.locator(".ak-whatif-table tbody tr")
    return {rows.nth(i).locator("td").first.inner_text():
            rows.nth(i).locator(".ak-whatif-now").inner_text() for i in range(rows.count())}


def test_whatif_page_load_changes_nothing(whatif_app):
    note = whatif_app.locator(".ak-whatif-table small").inner_text()
    assert note == "What-if: nothing changed yet"


def test_whatif_replicas_and_availability_update_composite_availability(whatif_app):
    from archkit.boundaries import load_model
    from archkit.boundaries.analysis import composite_availability
    from archkit.examples import path

    page = whatif_app
    model = load_model(path("shopfront") / "services.yaml")

    def expected(overrides):
        return {e: f"{composite_availability(model, e, overrides=overrides).availability:.5%}"
                for e in model.entrypoints}

    assert _availability_rows(page) == expected({})
    page.locator(".ak-whatif-element select").select_option("search")
    replicas = page.locator(".ak-whatif-replicas")
    _readout(replicas, str(model.element("search").replicas))

    # One replica of search fewer: the arrow key on the replicas slider.
    replicas.locator(".noUi-handle").focus()
    page.keyboard.press("ArrowLeft")
    _readout(replicas, str(model.element("search").replicas - 1))
    fewer = {"search": {"replicas": model.element("search").replicas - 1}}
    assert expected(fewer) != expected({}), "the oracle itself must move"
    assert _eventually(lambda: _availability_rows(page), expected(fewer)) == expected(fewer)

    # And a worse replica: Home takes the availability slider to its minimum, 0.99.
    availability = page.locator(".ak-whatif-availability")
    availability.locator(".noUi-handle").focus()
    page.keyboard.press("Home")
    _readout(availability, "0.99000")
    worse = {"search": {**fewer["search"], "availability": 0.99}}
    assert expected(worse) != expected(fewer)
    assert _eventually(lambda: _availability_rows(page), expected(worse)) == expected(worse)
    screenshot(page, "whatif")

    page.locator(".ak-whatif-reset").click()
    _readout(replicas, str(model.element("search").replicas))
    assert _eventually(lambda: _availability_rows(page), expected({})) == expected({})
