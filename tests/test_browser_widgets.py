"""The notebook widgets in a real browser: Voilà serves them, Chromium drives them.

Each app notebook under tests/fixtures/widgets/ builds one archkit widget on the
shopfront example. The tests act as a user does (keyboard on a slider handle, clicks
on a toggle) and compare what the page shows with what the engine computes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests.browser_support import (  # noqa: F401  (fixtures)
    APPS,
    alive,
    browser,
    descendants,
    open_app,
    page,
    screenshot,
    start_voila,
    stop_voila,
    voila,
)

pytestmark = pytest.mark.browser


def test_machinery_plain_slider_updates_html(page, voila):  # noqa: F811
    open_app(page, voila, "plain")
    square = page.locator(".ak-plain-square")
    assert square.inner_text() == "n² = 9"
    page.locator(".ak-plain-slider .noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.locator(".ak-plain-square", has_text="n² = 25").wait_for(timeout=10_000)
    assert page.locator(".ak-plain-slider .widget-readout").inner_text() == "5"
    screenshot(page, "plain")


def test_a_notebook_error_is_reported_with_its_traceback(page, voila):  # noqa: F811
    with pytest.raises(AssertionError) as failure:
        open_app(page, voila, "broken")
    assert "failed in the kernel" in str(failure.value)
    assert "unknown example 'no-such-example'" in str(failure.value)


def test_voila_stops_with_its_kernels(browser):  # noqa: F811
    with tempfile.TemporaryDirectory(prefix="archkit-voila-") as tmp:
        server = start_voila(APPS, Path(tmp))
        try:
            context = browser.new_context()
            open_app(context.new_page(), server, "plain")
            kernels = descendants(server.process.pid)
            assert kernels, "the page's kernel runs under the server"
            context.close()
        finally:
            stop_voila(server)
        assert server.process.poll() is not None
        assert [pid for pid in kernels if alive(pid)] == []
