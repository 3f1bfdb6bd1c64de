"""Structured data: JobPosting on every open job, none on closed ones, Article on stories.

The expected data is worked out here from the source files (read as plain text, the way the
contract reads YAML), not by calling the generator's JSON-LD code: parsed back from the HTML it
must be exactly that, hostile characters (`</script>`, `<!--`, quotes, line separators) included.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import MKDOCS_YML, REPO, TODAY, Built, SiteSource

from generator.model.records import Job
from generator.render.markdown import job_html

pytest_plugins = ["browser_support"]

SAMPLE_URL = "https://careers.example.org/"
SAMPLE_ORG = {
    "@type": "Organization",
    "name": "Northwind Science",
    "sameAs": "https://www.example.org/",
}
COUNTRY_NAMES = {
    "US": "United States",
    "CA": "Canada",
    "GB": "United Kingdom",
    "DE": "Germany",
    "IN": "India",
}
HOSTILE = (
    "</script><script>alert(1)</script> <!-- x --> ]]> & \"quoted\" 'single' \\ \u2028\u2029 é 😀"
)


def read_yaml_as_text(path: Path) -> dict:
    """Every scalar as the text written (the contract's rule), as YAML's BaseLoader gives it."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def place(code: str) -> dict:
    country, region, city = (part.strip() for part in code.split(","))
    return {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": unicodedata.normalize("NFC", city),
            "addressRegion": region.upper(),
            "addressCountry": country.upper(),
        },
    }


def expected_posting(fields: dict, site_url: str, org: dict) -> dict:
    """The JobPosting the contract asks for, from a job's source fields."""
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": fields["title"],
        "description": job_html(Job.model_validate(fields)),
        "datePosted": fields["posted"],
        "employmentType": fields.get("employment_type", "FULL_TIME"),
        "hiringOrganization": org,
        "jobLocation": [place(code) for code in fields["locations"]],
        "identifier": {"@type": "PropertyValue", "name": org["name"], "value": fields["id"]},
        "url": f"{site_url}jobs/{fields['id']}/",
        # Applied for on the site itself, not at an outside applicant-tracking system.
        "directApply": urlsplit(fields["apply_url"]).hostname == urlsplit(site_url).hostname,
    }
    if "valid_through" in fields:
        data["validThrough"] = fields["valid_through"]
    salary = fields.get("salary")
    if salary:
        value = {
            "@type": "QuantitativeValue",
            "minValue": int(salary["min"]),
            "unitText": salary.get("unit", "YEAR"),
        }
        if "max" in salary:
            value["maxValue"] = int(salary["max"])
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": salary["currency"],
            "value": value,
        }
    if str(fields.get("remote", "false")).lower() == "true":
        data["jobLocationType"] = "TELECOMMUTE"
        countries = sorted({code.split(",")[0].strip().upper() for code in fields["locations"]})
        data["applicantLocationRequirements"] = [
            {"@type": "Country", "name": COUNTRY_NAMES[cc], "identifier": cc} for cc in countries
        ]
    return data


def scripts(built: Built, url: str) -> list[str]:
    """The raw text of every JSON-LD script element of a page."""
    return [s.text for s in built.html(url).xpath('//script[@type="application/ld+json"]')]


def assert_safe_script_text(text: str) -> None:
    """Nothing in the script text can end the element or open a comment in any HTML parser."""
    assert "<" not in text and ">" not in text
    assert "\u2028" not in json.dumps(json.loads(text), ensure_ascii=True)  # parses as JSON


# --- the sample site -----------------------------------------------------------------------------


def sample_jobs() -> list[dict]:
    return [read_yaml_as_text(path) for path in sorted((REPO / "jobs").rglob("*.yml"))]


def is_open(fields: dict) -> bool:
    return (
        fields.get("draft") != "true"
        and fields["posted"] <= TODAY
        and fields.get("valid_through", "9999-12-31") >= TODAY
    )


def test_every_open_sample_job_has_exactly_the_contracts_jobposting(sample: Built):
    jobs = sample_jobs()
    open_jobs = [job for job in jobs if is_open(job)]
    assert len(open_jobs) >= 10
    for fields in open_jobs:
        [text] = scripts(sample, f"jobs/{fields['id']}/")
        assert_safe_script_text(text)
        assert json.loads(text) == expected_posting(fields, SAMPLE_URL, SAMPLE_ORG), fields["id"]


def test_no_jobposting_on_closed_jobs(sample: Built):
    closed = [job for job in sample_jobs() if not is_open(job) and job.get("draft") != "true"]
    assert [job["id"] for job in closed] == ["iss-3001499"]
    for fields in closed:
        assert scripts(sample, f"jobs/{fields['id']}/") == []


def test_sample_remote_job_and_salary(sample: Built):
    [remote] = sample.jsonld("jobs/rai-3050220/")
    assert remote["jobLocationType"] == "TELECOMMUTE"
    assert remote["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "Canada", "identifier": "CA"},
        {"@type": "Country", "name": "United States", "identifier": "US"},
    ]
    [paid] = sample.jsonld("jobs/aai-3012345/")
    assert paid["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 136000,
            "maxValue": 260000,
            "unitText": "YEAR",
        },
    }
    assert "jobLocationType" not in paid


def test_sample_story_article(sample: Built):
    text = (REPO / "stories/2026/largest-class-of-science-interns.md").read_text(encoding="utf-8")
    front = yaml.load(text.split("---\n")[1], Loader=yaml.BaseLoader)
    [article] = sample.jsonld("stories/largest-class-of-science-interns/")
    assert article["@type"] == "Article"
    assert article["headline"] == front["title"]
    assert article["description"] == front["summary"]
    assert article["datePublished"] == front["date"]
    assert article["image"] == SAMPLE_URL + front["image"]["src"]
    names = [read_yaml_as_text(REPO / f"content/people/{p}.yml")["name"] for p in front["people"]]
    assert [person["name"] for person in article["about"]] == names
    assert [person["url"] for person in article["about"]] == [
        f"{SAMPLE_URL}people/{p}/" for p in front["people"]
    ]


# --- hostile characters --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Built, dict[str, dict]]:
    source = SiteSource(tmp_path_factory.mktemp("hostile") / "src")
    source.write(
        "mkdocs.yml",
        MKDOCS_YML.replace(
            "organization: Test Org", "organization: " + json.dumps('Org </script><!-- & "Co"')
        ),
    )
    jobs = {
        "evil-1": dict(
            title="Scientist " + HOSTILE,
            team="Team </script>",
            category="Cat <!--",
            locations=["US, MA, Bos</script>ton", "GB, LND, <!--London-->"],
            summary=HOSTILE,
            employment_type="INTERN",
            valid_through="2027-01-31",
            salary={"currency": "EUR", "min": "5000", "unit": "MONTH"},
            description="Para </script> and <!-- comment --> and `</script>` & <b>x</b>",
            responsibilities=["Item </script><!--"],
            about_team="We </SCRIPT >",
        ),
        "evil-2": dict(
            title="Remote <!-- -->",
            remote="true",
            locations=["US, WA, Seattle", "DE, BE, Berlin"],
            salary={"currency": "USD", "min": "100", "max": "200", "unit": "HOUR"},
        ),
    }
    written = {}
    for job_id, fields in jobs.items():
        path = source.job(job_id, **fields)
        written[job_id] = read_yaml_as_text(path)
    source.story("evil-story", title="Story " + HOSTILE, summary="Sum " + HOSTILE)
    return source.build(), written


def test_hostile_fields_parse_back_unchanged(hostile):
    built, written = hostile
    org = {
        "@type": "Organization",
        "name": 'Org </script><!-- & "Co"',
        "sameAs": "https://org.example.test/",
    }
    for job_id, fields in written.items():
        [text] = scripts(built, f"jobs/{job_id}/")
        assert_safe_script_text(text)
        data = json.loads(text)
        assert data == expected_posting(fields, "https://example.test/careers/", org)
    evil = json.loads(scripts(built, "jobs/evil-1/")[0])
    assert evil["title"] == "Scientist " + HOSTILE
    assert evil["jobLocation"][0]["address"]["addressLocality"] == "Bos</script>ton"
    assert "<script" not in evil["description"].lower()  # the untrusted HTML was cleaned
    assert "&lt;/script&gt;" in evil["description"]  # ... and the code span kept as text
    # the page goes on after the script: nothing broke out of it
    page = built.html("jobs/evil-1/")
    assert page.xpath("string(//article//h1)") == "Scientist " + HOSTILE
    assert page.xpath("//script[not(@type='application/ld+json')][contains(., 'alert(1)')]") == []


def test_hostile_story_article(hostile):
    built, _ = hostile
    [text] = scripts(built, "stories/evil-story/")
    assert_safe_script_text(text)
    article = json.loads(text)
    assert article["headline"] == "Story " + HOSTILE
    assert article["description"] == "Sum " + HOSTILE


def test_a_browser_reads_the_same_data(browser, hostile):
    """Chromium's own HTML parser and JSON.parse agree with what we wrote."""
    from browser_support import open_page

    built, written = hostile
    page = open_page(browser)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.set_content(built.text("jobs/evil-1/"))
        found = page.evaluate("""() => [...document.querySelectorAll(
            'script[type="application/ld+json"]')].map(s => JSON.parse(s.textContent))""")
        assert found == [json.loads(scripts(built, "jobs/evil-1/")[0])]
        assert found[0]["title"] == "Scientist " + HOSTILE
        assert dialogs == []  # no injected script ran
    finally:
        page.context.close()


def test_direct_apply_is_true_only_when_the_form_is_on_the_sites_host(source: SiteSource):
    apply_urls = {
        "https://example.test/careers/apply/da-1": True,  # the site's own host
        "https://EXAMPLE.test/apply?job=da-1": True,  # host names are case-blind
        "http://example.test:8443/apply": True,  # another scheme or port: still the host
        "https://jobs.example.test/da-1": False,  # an applicant-tracking system
        "https://example.test.ats.example/da-1": False,  # a look-alike host
    }
    for number, apply_url in enumerate(apply_urls):
        source.job(f"da-{number}", apply_url=apply_url)
    built = source.build()  # site_url https://example.test/careers/
    for number, direct in enumerate(apply_urls.values()):
        [text] = scripts(built, f"jobs/da-{number}/")
        assert json.loads(text)["directApply"] is direct, number
