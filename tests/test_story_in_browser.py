"""The flagship story in Chromium at both widths: the featured person and the pull quote stand
inside the text where the editor's markers put them, read as highlights, and fit a phone."""

from __future__ import annotations

import pytest

pytest_plugins = ["browser_support"]
from browser_support import open_page  # noqa: E402

STORY = "stories/largest-class-of-science-interns/"


@pytest.mark.parametrize("width", [1280, 390])
def test_markers_stand_in_the_text_and_read_as_highlights(browser, site_url, width):
    page = open_page(browser, width=width)
    page.goto(site_url + STORY)
    body = page.locator(".careers-story-body")
    person = body.locator("figure.careers-person")
    quote = body.locator("figure.careers-pullquote")
    assert person.is_visible() and quote.is_visible()
    assert "Elias Okoye" in person.locator("figcaption").inner_text()
    assert quote.locator("figcaption").inner_text().endswith("Elias Okoye, Applied science intern")
    order = page.evaluate(
        """() => [...document.querySelectorAll('.careers-story-body > *')]
               .map(e => e.matches('figure') ? e.className : e.tagName)"""
    )
    assert order.index("careers-person") < order.index("careers-pullquote")  # as written
    size = page.evaluate(
        """() => [document.querySelector('.careers-pullquote blockquote'),
                  document.querySelector('.careers-story-body > p')]
               .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert size[0] > size[1]  # a pull quote is set larger than the text around it
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow
    names = page.locator(".careers-profiles .careers-profile__name").all_inner_texts()
    assert "Elias Okoye" not in names  # featured inside the story: not repeated at its end
    assert page.log.errors == [] and page.log.foreign_requests() == []
    page.context.close()
