"""Closing on time on static hosting (contract, section 2): a job page built while the job was
open shows it closed, with its apply links hidden, once the reader's own date is past
`valid_through`, and /jobs/ leaves it out, before any rebuild. Chromium with its clock moved."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SiteSource

pytest_plugins = ["browser_support"]
from browser_support import StaticServer, open_page  # noqa: E402


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    source = SiteSource(tmp_path_factory.mktemp("closing") / "src")
    source.job("closes-soon", valid_through="2026-12-31", title="Closes at the year's end")
    source.job("stays-open", title="Has no closing date")
    with StaticServer(source.build().dir) as server:
        yield server.url


def _visit(browser, url: str, day: dt.datetime):
    page = open_page(browser)
    page.clock.set_fixed_time(day)
    page.goto(url)
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize(
    ("day", "closed"),
    [(dt.datetime(2026, 12, 31, 23, 0), False), (dt.datetime(2027, 1, 1, 9, 0), True)],
    ids=["on-its-last-day", "the-day-after"],
)
def test_the_page_closes_itself_on_the_readers_date(browser, site_url, day, closed):
    page = _visit(browser, site_url + "jobs/closes-soon/", day)
    notice = page.locator("[data-careers-closes]")
    assert notice.is_visible() is closed
    assert page.locator(".careers-apply").is_visible() is not closed
    if closed:
        assert "Applications for this role are closed" in notice.inner_text()
    assert page.log.errors == []
    page.context.close()


def test_a_role_without_a_closing_date_stays_open(browser, site_url):
    page = _visit(browser, site_url + "jobs/stays-open/", dt.datetime(2030, 1, 1))
    assert page.locator(".careers-apply").is_visible()
    assert page.locator("[data-careers-closes]").count() == 0
    page.context.close()


def test_the_jobs_page_leaves_out_a_role_past_its_last_day(browser, site_url):
    page = _visit(browser, site_url + "jobs/", dt.datetime(2027, 1, 2))
    page.wait_for_selector("#careers-filters[data-ready=true]")  # the script's own results
    links = page.locator("#careers-results a.careers-job__title").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert any("stays-open" in link for link in links)
    assert not any("closes-soon" in link for link in links)
    page.context.close()
