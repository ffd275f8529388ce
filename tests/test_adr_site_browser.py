"""The static ADR site in a real Chromium: search filters, links jump, nothing external."""

from __future__ import annotations

from pathlib import Path

import pytest

from archkit.adr import AdrLog
from tests.browser_support import browser, page  # noqa: F401  (fixtures)
from tests.conftest import FIXTURES

pytestmark = pytest.mark.browser


@pytest.fixture
def site(tmp_path: Path) -> Path:
    out = tmp_path / "site.html"
    out.write_text(AdrLog(FIXTURES / "adr" / "adr-viewer" / "doc").site(), encoding="utf-8")
    return out


def visible_ids(page) -> list[str]:  # noqa: F811
    return page.eval_on_selector_all("article:not(.hidden)", "els => els.map(e => e.id)")


def test_site_search_filter_and_links(page, site: Path):  # noqa: F811
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site.as_uri())
    assert len(visible_ids(page)) == 6
    assert page.inner_text("#count") == "6 of 6 records"
    page.fill("#search", "greying out")
    assert visible_ids(page) == ["adr-0004"]
    assert page.inner_text("#count") == "1 of 6 records"
    page.fill("#search", "")
    page.select_option("#status", "superseded")
    assert visible_ids(page) == ["adr-0003"]
    page.select_option("#status", "")
    # "Superseded by [4. ...](0004-...md)" in record 3 jumps to record 4 on this page
    page.click("#adr-0003 a[href='#adr-0004']")
    assert page.evaluate("location.hash") == "#adr-0004"
    # status colours: superseded records have their own header colour
    colour = page.eval_on_selector("#adr-0003 h2", "e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(233, 227, 247)"
    assert all(u.startswith("file://") for u in requests), requests
