"""Accessibility: axe-core (axe-playwright-python) in Debian's Chromium on the sample site.

The home page, a story, an open and a closed job, a city page and /jobs/ (with its filters
loaded, unfiltered and filtered) at desktop and phone widths: no violations, except the few
below that belong to the Material theme itself, each with the reason it is accepted.
"""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("browser_support")

from browser_support import open_page  # noqa: E402

pytest_plugins = ["browser_support"]

# (axe rule, CSS selector the node's target starts with): why it is the theme's, not ours.
THEME_ALLOWED = {
    (
        "aria-dialog-name",
        ".md-search",
    ): "Material's search overlay is a role=dialog without a name (its partial, not our markup); "
    "its input is labelled, and the dialog only opens on demand.",
    (
        "color-contrast",
        ".md-tabs__link",
    ): "Material draws inactive navigation tabs at 70% opacity on the primary colour (4.0:1) to "
    "mark the active one; the same links are in the drawer and the footer at full contrast.",
    (
        "color-contrast",
        ".md-copyright",
    ): "Material's footer credit ('Made with Material for MkDocs') in its muted footer colour.",
}

PAGES = {
    "home": "",
    "story": "stories/largest-class-of-science-interns/",
    "job": "jobs/aai-3012345/",
    "closed job": "jobs/iss-3001499/",
    "city": "jobs/locations/us/ma/boston/",
    "jobs": "jobs/",
    "jobs filtered": "jobs/?city=us-ma-boston&text=scientist",
}
WIDTHS = {"desktop": 1280, "phone": 390}
allowed_seen: set[tuple[str, str]] = set()


def allowed(rule: str, target: list) -> tuple[str, str] | None:
    for key in THEME_ALLOWED:
        if key[0] == rule and all(isinstance(t, str) and t.startswith(key[1]) for t in target):
            return key
    return None


def own_violations(results: dict) -> list[str]:
    found = []
    for violation in results["violations"]:
        for node in violation["nodes"]:
            key = allowed(violation["id"], node["target"])
            if key:
                allowed_seen.add(key)
            else:
                found.append(
                    f"{violation['id']} ({violation['impact']}): {node['target']} "
                    f"{node.get('failureSummary', '')}"
                )
    return found


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_no_accessibility_violations(browser, site_url, url, width):
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(browser, width=width)
    try:
        page.goto(site_url + url)
        page.wait_for_load_state("networkidle")
        if url.startswith("jobs/?") or url == "jobs/":
            page.wait_for_selector("#careers-filters[data-ready=true]")
        results = Axe().run(page).response
        assert results["passes"] or results["violations"] is not None
        assert own_violations(results) == []
        assert page.log.foreign_requests() == []  # axe itself is injected, never fetched
    finally:
        page.context.close()


def test_axe_does_report_a_violation_we_introduce(browser, site_url):
    """The check can fail: an unlabelled control added to /jobs/ is reported."""
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(browser)
    try:
        page.goto(site_url + "jobs/")
        page.wait_for_selector("#careers-filters[data-ready=true]")
        page.evaluate(
            "document.querySelector('#careers-filters form')"
            ".appendChild(document.createElement('select'))"
        )
        problems = own_violations(Axe().run(page).response)
        assert any(problem.startswith(("select-name", "label")) for problem in problems)
    finally:
        page.context.close()


def test_every_allowed_theme_violation_is_still_needed():
    """Keep the allow-list honest: an entry no page needs any more should be removed."""
    if not allowed_seen:
        pytest.skip("run with the page checks above")
    assert set(THEME_ALLOWED) - allowed_seen == set()
