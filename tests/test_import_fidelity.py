"""What the importers read of each system, as its public API documents it: Greenhouse's pay
ranges and offices, Lever's optional fields, and kinds of employment the operators map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.sources.strict_yaml import parse
from tests.conftest import REPO, TODAY, SiteSource

FIXTURES = Path(__file__).parent / "fixtures" / "ats"
GREENHOUSE_JOB = json.loads((FIXTURES / "greenhouse.json").read_text())["jobs"][0]
LEVER_POSTING = json.loads((FIXTURES / "lever.json").read_text())[0]


@pytest.fixture
def site(source: SiteSource) -> SiteSource:
    source.write("import/locations.yml", (REPO / "import/locations.yml").read_text())
    return source


def run(site: SiteSource, system: str, export: object, *extra: str) -> tuple[int, str, str]:
    path = site.root.parent / "export.json"
    path.write_text(json.dumps(export, indent=2), encoding="utf-8")
    return site.run("import", system, str(path), "--today", TODAY, *extra)


def job(site: SiteSource, rel: str) -> dict:
    return parse((site.root / rel).read_text(encoding="utf-8"))


def test_greenhouse_pay_ranges_keep_their_interval_and_every_title(site):
    ranges = [
        {"min_cents": 4500, "max_cents": 6000, "currency_type": "usd", "title": "Hourly, US",
         "blurb": "<p>Paid every two weeks.</p>"},
        {"min_cents": 5000000, "max_cents": 6000000, "currency_type": "EUR", "title": "Germany",
         "blurb": ""},
    ]  # fmt: skip
    code, _, err = run(
        site, "greenhouse", {"jobs": [dict(GREENHOUSE_JOB, pay_input_ranges=ranges)]}
    )
    assert code == 0, err
    imported = job(site, "jobs/greenhouse/gh-4012345.yml")
    assert dict(imported["salary"]) == {"currency": "USD", "min": "45", "max": "60", "unit": "HOUR"}
    assert (
        imported["description"]
        .rstrip()
        .endswith(
            "<h3>Pay ranges</h3>\n<ul>\n<li>Hourly, US: USD 45–60 per hour</li>\n"
            "<li>Germany: EUR 50,000–60,000 per year</li>\n</ul>"
        )
    )
    assert site.check() == (0, [])


def test_greenhouse_offices_map_by_name_or_by_their_location(site):
    offices = [
        {"id": 1, "name": "HQ", "location": "Seattle, WA", "parent_id": None, "child_ids": []},
        {"id": 2, "name": "Bengaluru", "location": {"name": "Karnataka, India"}},
    ]
    posting = dict(GREENHOUSE_JOB, location={"name": ""}, offices=offices)
    code, _, err = run(site, "greenhouse", {"jobs": [posting]})
    assert code == 0, err
    assert job(site, "jobs/greenhouse/gh-4012345.yml")["locations"] == [
        "US, WA, Seattle",
        "IN, KA, Bengaluru",
    ]
    offices[0]["location"] = "Atlantis"
    code, _, err = run(site, "greenhouse", {"jobs": [posting]})
    assert code == 1 and "place 'HQ' is not in import/locations.yml" in err


def test_lever_without_created_at_keeps_the_first_day_it_was_seen(site):
    posting = {k: v for k, v in LEVER_POSTING.items() if k not in ("createdAt", "hostedUrl")}
    posting["salaryDescriptionPlain"] = "Plus equity and a signing bonus."
    code, _, err = run(site, "lever", [posting])
    assert code == 0, err
    rel = f"jobs/lever/lever-{posting['id']}.yml"
    imported = job(site, rel)
    assert imported["posted"] == TODAY  # the day of the first import ...
    assert imported["apply_url"] == posting["applyUrl"]  # no hostedUrl: the application form
    assert (
        imported["description"]
        .rstrip()
        .endswith("Plus equity and a signing bonus.\n\nNorthwind is an equal opportunity employer.")
    )
    code, out, _ = site.run("import", "lever", str(site.root.parent / "export.json"))
    assert code == 0 and "1 unchanged" in out
    assert job(site, rel)["posted"] == TODAY  # ... kept by every later one, whatever the date


def test_kinds_of_employment_the_operators_map(site):
    posting = dict(
        LEVER_POSTING, categories={**LEVER_POSTING["categories"], "commitment": "Postdoc"}
    )
    code, _, err = run(site, "lever", [posting])
    assert code == 1
    assert (
        "kind of employment 'Postdoc' is not one the site knows (full-time, part-time, intern, "
        'contract, temporary): add a line such as "Postdoc": TEMPORARY to import/employment.yml'
    ) in err
    site.write("import/employment.yml", "postdoc: TEMPORARY\nWorking Student: PART_TIME\n")
    code, _, err = run(site, "lever", [posting])
    assert code == 0, err
    assert job(site, f"jobs/lever/lever-{posting['id']}.yml")["employment_type"] == "TEMPORARY"
    site.write("import/employment.yml", "Postdoc: POSTDOC\n")
    code, _, err = run(site, "lever", [posting])
    assert code == 1
    assert "import/employment.yml:1: error: 'Postdoc': one of FULL_TIME, PART_TIME" in err


def test_a_greenhouse_board_of_one_department_level_and_no_custom_fields(site):
    posting = dict(
        GREENHOUSE_JOB,
        metadata=None,  # as the API writes a board without custom fields
        departments=[{"id": 7, "name": "Economics", "parent_id": None, "child_ids": []}],
    )
    code, _, err = run(site, "greenhouse", {"jobs": [posting]})
    assert code == 0, err
    imported = job(site, "jobs/greenhouse/gh-4012345.yml")
    assert (imported["team"], imported["category"]) == ("Economics", "Economics")


@pytest.mark.parametrize(
    ("system", "export", "rel", "tagged"),
    [
        (
            "greenhouse",
            {"jobs": [GREENHOUSE_JOB]},
            "jobs/greenhouse/gh-4012345.yml",
            "https://boards.example.org/northwind/jobs/4012345?gh_src=careers-site",
        ),
        (
            "lever",
            [dict(LEVER_POSTING, hostedUrl=LEVER_POSTING["hostedUrl"] + "?lever-source=old")],
            f"jobs/lever/lever-{LEVER_POSTING['id']}.yml",
            LEVER_POSTING["hostedUrl"] + "?lever-source=careers-site",  # replaced, not added
        ),
    ],
)
def test_apply_links_can_name_this_site_as_the_source(site, system, export, rel, tagged):
    code, out, err = run(site, system, export)
    assert code == 0, err
    assert "careers-site" not in job(site, rel)["apply_url"]  # off by default
    code, out, err = run(site, system, export, "--source-tag", "careers-site")
    assert code == 0 and "1 updated" in out, err
    assert job(site, rel)["apply_url"] == tagged
    code, out, _ = run(site, system, export, "--source-tag", "careers-site")
    assert code == 0 and "1 unchanged" in out  # the same tag again changes nothing


def test_lever_country_tells_apart_places_of_the_same_name(site):
    remote_canada = '"Remote, CA":\n  locations: CA, ON, Toronto\n  remote: true\n'
    site.write("import/locations.yml", (REPO / "import/locations.yml").read_text() + remote_canada)
    categories = {**LEVER_POSTING["categories"], "location": "Remote", "allLocations": ["Remote"]}
    posting = dict(LEVER_POSTING, categories=categories, country="CA")
    code, _, err = run(site, "lever", [posting])
    assert code == 0, err
    imported = job(site, f"jobs/lever/lever-{posting['id']}.yml")
    assert imported["locations"] == ["CA, ON, Toronto"] and imported["remote"] == "true"
    code, _, err = run(site, "lever", [dict(posting, country=None)])
    assert code == 1 and "place 'Remote' is not in import/locations.yml" in err


def test_greenhouse_requisition_and_language_reach_the_job_page(site):
    posting = dict(GREENHOUSE_JOB, requisition_id="REQ-2026-118", language="de-DE")
    code, _, err = run(site, "greenhouse", {"jobs": [posting]})
    assert code == 0, err
    imported = job(site, "jobs/greenhouse/gh-4012345.yml")
    assert imported["requisition_id"] == "REQ-2026-118"
    assert imported["language"] == "de"  # ISO 639-1, as the schema holds it
    html = site.build().html("jobs/gh-4012345/")
    requisition = html.xpath("//dt[.='Requisition']/following-sibling::dd[1]")
    assert [dd.text_content() for dd in requisition] == ["REQ-2026-118"]
    assert html.xpath('//div[@class="careers-job-text"]/@lang') == ["de"]
    unknown = dict(GREENHOUSE_JOB, language="Klingon")
    assert run(site, "greenhouse", {"jobs": [unknown]})[0] == 0
    assert "language" not in job(site, "jobs/greenhouse/gh-4012345.yml")  # not a code: left out


def test_a_language_that_is_not_iso_639_1_is_an_error_at_its_line(source: SiteSource):
    source.job("one", language="english")
    code, errors = source.check()
    assert code == 1
    assert errors == [
        "jobs/one.yml:10: error: language: 'english' is not an ISO 639-1 language code such as "
        "en, de or hi"
    ]
