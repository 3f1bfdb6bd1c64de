"""One test per validation rule: the exact message and the line it names."""

from __future__ import annotations

import pytest

from generator.sources.strict_yaml import MAX_BYTES
from tests.conftest import MKDOCS_YML

GOOD_JOB = """\
id: j1
title: Applied Scientist
locations:
  - US, WA, Seattle
team: Search Science
category: Applied Science
posted: 2026-11-01
apply_url: https://jobs.example.test/j1
description: Build models.
"""


def job_text(**replace: str) -> str:
    text = GOOD_JOB
    for key, line in replace.items():
        lines = text.splitlines()
        index = next(i for i, existing in enumerate(lines) if existing.startswith(f"{key}:"))
        lines[index] = line
        text = "\n".join(lines) + "\n"
    return text


def errors_for(source, rel: str, text: str | bytes) -> list[str]:
    source.write(rel, text)
    code, errors = source.check()
    assert code == 1, "the check should fail"
    return errors


def test_valid_job_passes(source):
    source.write("jobs/j1.yml", GOOD_JOB)
    assert source.check() == (0, [])


def test_scalars_keep_their_text(source):
    source.write(
        "jobs/j1.yml",
        job_text(id="id: 0123", title="title: 1.10").replace("US, WA, Seattle", "NO, 03, Oslo"),
    )
    built = source.build()
    page = built.html("jobs/0123/")
    assert page.xpath("//h1")[0].text_content() == "1.10"
    assert built.exists("jobs/locations/no/03/oslo/")
    assert "Norway" in built.text("jobs/locations/no/")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (GOOD_JOB + "title: Again\n", 10, "duplicate key 'title' (first written on line 2)"),
        (GOOD_JOB + "titel: Typo\n", 10, "unknown key 'titel'; did you mean 'title'?"),
        (GOOD_JOB + "extra: !!python/object:os.system x\n", 10, "tags such as"),
        (
            GOOD_JOB.replace("team: Search Science", "team: &t Search Science"),
            5,
            "anchors (&t) are not allowed",
        ),
        (
            job_text(posted="posted: 2026-1-5"),
            7,
            "posted: '2026-1-5' is not a date written YYYY-MM-DD",
        ),
        (job_text(posted="posted: 2026-02-30"), 7, "posted: '2026-02-30' is not a real date"),
        (
            job_text(apply_url="apply_url: ftp://x.test/a"),
            8,
            "apply_url: 'ftp://x.test/a' is not an absolute http(s) URL",
        ),
        (job_text(id="id: bad id"), 1, "id: 'bad id' is not a valid job id"),
        (GOOD_JOB.replace("title: Applied Scientist\n", ""), 1, "missing required key 'title'"),
        (
            GOOD_JOB.replace("US, WA, Seattle", "US, WX, Seattle"),
            4,
            "unknown ISO 3166-2 region 'WX' for United States",
        ),
        (
            GOOD_JOB.replace("US, WA, Seattle", "ZZ, WA, Seattle"),
            4,
            "unknown ISO 3166-1 country code 'ZZ'",
        ),
        (GOOD_JOB.replace("US, WA, Seattle", "Seattle"), 4, "must be 'COUNTRY, REGION, City'"),
        (
            GOOD_JOB + "employment_type: SOMETIMES\n",
            10,
            "employment_type: 'SOMETIMES' is not one of",
        ),
        (GOOD_JOB + "remote: yes\n", 10, "remote: 'yes' is not true or false"),
        (
            GOOD_JOB + "salary:\n  currency: USD\n  min: lots\n",
            12,
            "salary.min: 'lots' is not a whole number",
        ),
        (
            GOOD_JOB + "salary:\n  currency: USD\n  min: 1\n  per: YEAR\n",
            13,
            "salary: unknown key 'per'",
        ),
        (
            GOOD_JOB + "salary:\n  currency: XYZ\n  min: 1\n",
            11,
            "salary.currency: 'XYZ' is not an ISO 4217 currency code such as USD, EUR or INR",
        ),
        (
            GOOD_JOB + "salary:\n  max: 90000\n  currency: EUR\n  min: 120000\n",
            11,
            "salary.max: 90000 is below min (120000)",
        ),
        (
            GOOD_JOB + "valid_through: 2026-10-31\n",
            10,
            "valid_through: 2026-10-31 is before posted (2026-11-01)",
        ),
        (
            job_text(locations="locations: []").replace("  - US, WA, Seattle\n", ""),
            3,
            "locations: needs at least one item",
        ),
        (GOOD_JOB + "responsibilities: Do things\n", 10, "responsibilities: must be a list"),
        ("- just\n- a list\n", 1, "expected a mapping of keys for a job"),
        ("id: [unclosed\n", 2, "invalid YAML"),
    ],
)
def test_job_rules(source, text, line, message):
    errors = errors_for(source, "jobs/j1.yml", text)
    assert any(e.startswith(f"jobs/j1.yml:{line}: error: ") and message in e for e in errors), (
        errors
    )


def test_values_that_meet_at_the_boundary_agree(source):
    """`valid_through` on the day of `posted`, `max` equal to `min`, `updated` on the story's
    `date`: each is the earliest value that does not contradict the other."""
    salary = "salary:\n  currency: INR\n  min: 1800000\n  max: 1800000\n  unit: YEAR\n"
    source.write("jobs/j1.yml", GOOD_JOB + "valid_through: 2026-11-01\n" + salary)
    source.write("stories/a.md", STORY.format(extra="updated: 2026-10-01\n"))
    assert source.check(today="2026-11-01") == (0, [])


def test_unknown_key_lists_allowed_keys(source):
    (error,) = errors_for(source, "jobs/j1.yml", GOOD_JOB + "colour: red\n")
    assert "allowed: id, title, locations" in error
    assert "did you mean" not in error


def test_aliases_are_refused(source):
    text = GOOD_JOB.replace("team: Search Science", "team: &t Search Science") + "category2: *t\n"
    errors = errors_for(source, "jobs/j1.yml", text)
    assert errors == ["jobs/j1.yml:5: error: anchors (&t) are not allowed"]


def test_oversized_file_is_refused(source):
    text = GOOD_JOB + "about_team: " + "x" * MAX_BYTES + "\n"
    assert errors_for(source, "jobs/j1.yml", text) == [
        f"jobs/j1.yml:1: error: file is {len(text)} bytes; the limit is {MAX_BYTES} (1 MiB)"
    ]


def test_invalid_utf8_names_its_line(source):
    errors = errors_for(source, "jobs/j1.yml", GOOD_JOB.encode() + b"summary: caf\xe9\n")
    assert errors == ["jobs/j1.yml:10: error: invalid UTF-8 (byte " + str(len(GOOD_JOB) + 12) + ")"]


def test_control_character_names_its_line(source):
    errors = errors_for(source, "jobs/j1.yml", GOOD_JOB + "summary: a\x07b\n")
    assert errors == ["jobs/j1.yml:10: error: control character U+0007 is not allowed"]


def test_job_ids_are_unique_across_files(source):
    source.write("jobs/a.yml", GOOD_JOB)
    errors = errors_for(source, "jobs/sub/b.yml", GOOD_JOB)
    assert errors == ["jobs/sub/b.yml:1: error: job id 'j1' is already used by jobs/a.yml"]


def test_every_problem_of_the_run_is_reported(source):
    source.write("jobs/a.yml", job_text(posted="posted: soon"))
    source.write("jobs/b.yml", GOOD_JOB.replace("j1", "j2") + "titel: x\n")
    source.story("s1", people=["nobody"])
    code, errors = source.check()
    assert code == 1
    assert [e.split(":")[0] for e in errors] == ["jobs/a.yml", "jobs/b.yml", "stories/s1.md"]


STORY = "---\ntitle: A story\ndate: 2026-10-01\nsummary: Short.\n{extra}---\nBody\n"


@pytest.mark.parametrize(
    ("extra", "line", "message"),
    [
        ("people:\n  - ghost\n", 6, "people: 'ghost' is not a known profile"),
        (
            "related:\n  - nowhere\n",
            6,
            "related: 'nowhere' is not a known story slug or related.yml id",
        ),
        (
            "teams:\n  - Serch Science\n",
            6,
            "teams: 'Serch Science' is not a known team of any job; did you mean 'Search Science'?",
        ),
        (
            "image:\n  src: images/missing.jpg\n  alt: Nothing\n",
            6,
            "image 'images/missing.jpg' does not exist under content/",
        ),
        ("image:\n  src: images/x.jpg\n", 5, "image: missing required key 'alt'"),
        ("date: 2026-10-02\n", 5, "duplicate key 'date'"),
        ("topic: ML\n", 5, "unknown key 'topic'; did you mean 'topics'?"),
        ("updated: 2026-09-30\n", 5, "updated: 2026-09-30 is before date (2026-10-01)"),
    ],
)
def test_story_rules(source, extra, line, message):
    source.write("jobs/j1.yml", GOOD_JOB)
    errors = errors_for(source, "stories/2026/a-story.md", STORY.format(extra=extra))
    assert any(
        e.startswith(f"stories/2026/a-story.md:{line}: error: ") and message in e for e in errors
    ), errors


def test_story_without_front_matter(source):
    errors = errors_for(source, "stories/plain.md", "# Just Markdown\n")
    assert errors == [
        "stories/plain.md:1: error: a story starts with front matter: a line '---', YAML, '---'"
    ]


def test_story_file_name_must_be_a_slug(source):
    errors = errors_for(source, "stories/My Story.md", STORY.format(extra=""))
    assert "must be a slug" in errors[0] and errors[0].startswith("stories/My Story.md:1: error:")


def test_story_slugs_are_unique_across_year_folders(source):
    source.write("stories/2025/same.md", STORY.format(extra=""))
    errors = errors_for(source, "stories/2026/same.md", STORY.format(extra=""))
    assert errors == [
        "stories/2026/same.md:1: error: story slug 'same' is already used by stories/2025/same.md"
    ]


def test_inline_card_marker_must_name_a_known_card(source):
    errors = errors_for(source, "stories/s.md", STORY.format(extra="") + "\n[[card: ghost]]\n")
    assert errors == [
        "stories/s.md:8: error: card marker: 'ghost' is not a known story slug or related.yml id"
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("name: Ada\n", 1, "missing required key 'role'"),
        (
            "name: Ada\nrole: Intern\nlocation: US, XX, Nowhere\n",
            3,
            "unknown ISO 3166-2 region 'XX'",
        ),
        (
            "name: Ada\nrole: Intern\nlinks:\n  - title: Site\n    url: javascript:alert(1)\n",
            5,
            "is not an absolute http(s) URL",
        ),
        ("name: Ada\nrole: Intern\nquotes: Just one\n", 3, "quotes: must be a list"),
    ],
)
def test_person_rules(source, text, line, message):
    errors = errors_for(source, "content/people/ada.yml", text)
    assert any(
        e.startswith(f"content/people/ada.yml:{line}: error: ") and message in e for e in errors
    ), errors


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "- id: a\n  title: A\n  summary: S\n  url: /a/\n"
            "- id: a\n  title: B\n  summary: S\n  url: /b/\n",
            5,
            "related id 'a' is used twice",
        ),
        (
            "- id: a\n  title: A\n  summary: S\n  url: www.example.com\n",
            4,
            "url: 'www.example.com' is not an absolute http(s) URL",
        ),
        ("id: a\n", 1, "related.yml holds a list of cards"),
    ],
)
def test_related_rules(source, text, line, message):
    errors = errors_for(source, "content/related.yml", text)
    assert any(
        e.startswith(f"content/related.yml:{line}: error: ") and message in e for e in errors
    ), errors


def test_two_cities_that_slug_alike_are_an_error(source):
    source.job("a", locations=["DE, NW, Köln"])
    source.job("b", locations=["DE, NW, Koln"])
    code, errors = source.check()
    assert code == 1
    assert errors == [
        "jobs/b.yml:4: error: city 'Koln' and 'Köln' (jobs/a.yml:4) "
        "would share the URL slug 'koln'; use one spelling"
    ]


def test_missing_site_url_is_an_error(source):
    source.write("mkdocs.yml", "site_name: X\ndocs_dir: content\nplugins:\n  - careers\n")
    code, errors = source.check()
    assert code == 1
    assert errors == [
        "mkdocs.yml:1: error: site_url is required and must be an absolute http(s) URL: "
        "feeds and JSON-LD need it"
    ]


def test_salary_required_in_is_met_by_a_salary_with_min_and_max(source):
    source.write("mkdocs.yml", MKDOCS_YML + "      salary_required_in: [US-CO, GB]\n")
    salary = "salary:\n  currency: USD\n  min: 120000\n  max: 180000\n"
    remote = GOOD_JOB.replace("id: j1", "id: j2") + "remote: true\n" + salary
    denver = GOOD_JOB.replace("id: j1", "id: j3").replace("US, WA, Seattle", "US, CO, Denver")
    source.write("jobs/remote.yml", remote)
    source.write("jobs/denver.yml", denver + salary)
    source.write("jobs/seattle.yml", GOOD_JOB)  # not remote, not in a listed place
    assert source.check() == (0, [])
    source.write("jobs/remote.yml", remote.replace("  max: 180000\n", ""))
    assert source.check() == (
        1,
        [
            "jobs/remote.yml:3: error: locations: applicants may live in Colorado (US-CO), where "
            "salary_required_in (mkdocs.yml) asks for a salary with both min and max"
        ],
    )
