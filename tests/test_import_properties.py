"""Property: any JSON value in any field of a job of any system the importers read gives either a
valid import, after which `check` passes on the site, or `FILE:LINE: error:` lines, exit 1 and no
file changed. Never a traceback, never a site that fails `check`.

The examples call the command in-process (fast); two end-to-end runs start
`python -m generator import` as a process and read what it prints.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, TODAY, SiteSource

CASES = Path(__file__).parent / "import_cases"
GREENHOUSE_JOB = json.loads((CASES / "greenhouse-team-slug-clash" / "greenhouse.json").read_text())[
    "jobs"
][0]
LEVER_JOB = json.loads((CASES / "lever-lists-a-number" / "lever.json").read_text())[0]
LEVER_JOB["lists"] = [{"text": "Basic qualifications", "content": "<li>Python</li>"}]
PROBLEM = re.compile(r"(?:export\.json:[1-9]\d*|import/locations\.yml:\d+|jobs/\S+:\d+): error: .+")

ASHBY_JOB = json.loads((Path(__file__).parent / "fixtures/ats/ashby.json").read_text())["jobs"][0]

SMART_JOB = json.loads(
    (Path(__file__).parent / "fixtures/ats/smartrecruiters/744000012345.json").read_text()
)

WORKABLE_JOB = json.loads((Path(__file__).parent / "fixtures/ats/workable.json").read_text())[
    "jobs"
][0]

# Where a value may go: every field the importers read, some of their parents, and a new key.
GREENHOUSE_PATHS = [
    ("id",),
    ("title",),
    ("updated_at",),
    ("first_published",),
    ("location",),
    ("location", "name"),
    ("absolute_url",),
    ("metadata",),
    ("metadata", 0),
    ("metadata", 0, "name"),
    ("metadata", 0, "value"),
    ("content",),
    ("departments",),
    ("departments", 0),
    ("departments", 0, "id"),
    ("departments", 0, "name"),
    ("departments", 0, "parent_id"),
    ("offices",),
    ("offices", 0, "name"),
    ("pay_input_ranges",),
    ("pay_input_ranges", 0, "min_cents"),
    ("pay_input_ranges", 0, "max_cents"),
    ("pay_input_ranges", 0, "currency_type"),
    ("unknown_field",),
]
LEVER_PATHS = [
    ("id",),
    ("text",),
    ("categories",),
    ("categories", "location"),
    ("categories", "team"),
    ("categories", "department"),
    ("categories", "commitment"),
    ("categories", "allLocations"),
    ("categories", "allLocations", 0),
    ("createdAt",),
    ("workplaceType",),
    ("descriptionPlain",),
    ("description",),
    ("lists",),
    ("lists", 0),
    ("lists", 0, "text"),
    ("lists", 0, "content"),
    ("additionalPlain",),
    ("hostedUrl",),
    ("salaryRange",),
    ("salaryRange", "min"),
    ("salaryRange", "max"),
    ("salaryRange", "currency"),
    ("salaryRange", "interval"),
    ("unknown_field",),
]

ASHBY_PATHS = [
    ("id",),
    ("title",),
    ("location",),
    ("secondaryLocations",),
    ("secondaryLocations", 0),
    ("secondaryLocations", 0, "location"),
    ("secondaryLocations", 0, "address"),
    ("secondaryLocations", 0, "address", "addressLocality"),
    ("department",),
    ("team",),
    ("isListed",),
    ("isRemote",),
    ("workplaceType",),
    ("descriptionHtml",),
    ("descriptionPlain",),
    ("publishedAt",),
    ("employmentType",),
    ("address",),
    ("address", "postalAddress"),
    ("jobUrl",),
    ("applyUrl",),
    ("compensation",),
    ("compensation", "summaryComponents"),
    ("compensation", "summaryComponents", 0),
    ("compensation", "summaryComponents", 0, "interval"),
    ("compensation", "summaryComponents", 0, "minValue"),
    ("compensation", "summaryComponents", 0, "currencyCode"),
    ("compensation", "compensationTiers"),
    ("unknown_field",),
]

SMART_PATHS = [
    ("id",),
    ("name",),
    ("location",),
    ("location", "city"),
    ("location", "region"),
    ("location", "remote"),
    ("location", "fullLocation"),
    ("department",),
    ("department", "label"),
    ("function", "label"),
    ("typeOfEmployment",),
    ("typeOfEmployment", "label"),
    ("releasedDate",),
    ("postingUrl",),
    ("jobAd",),
    ("jobAd", "sections"),
    ("jobAd", "sections", "jobDescription"),
    ("jobAd", "sections", "jobDescription", "text"),
    ("jobAd", "sections", "qualifications", "text"),
    ("jobAd", "sections", "companyDescription"),
    ("unknown_field",),
]

WORKABLE_PATHS = [
    ("title",),
    ("shortcode",),
    ("employment_type",),
    ("telecommuting",),
    ("department",),
    ("function",),
    ("url",),
    ("application_url",),
    ("published_on",),
    ("created_at",),
    ("city",),
    ("locations",),
    ("locations", 0),
    ("locations", 0, "city"),
    ("locations", 0, "region"),
    ("locations", 0, "hidden"),
    ("description",),
    ("full_description",),
    ("unknown_field",),
]

# Text that has broken importers and YAML writers: escapes, markup, line breaks, places.
NASTY = st.sampled_from(
    [
        "",
        " ",
        "777 ",
        "\x00",
        "\ud800",
        "\u2028",
        "\ufffe",
        "a: b",
        "- x",
        "#",
        "'",
        '"',
        "&lt;p&gt;x&lt;/p&gt;",
        "<script>x</script>",
        "Seattle, WA",
        "Remote - Canada",
        "Full-time",
        "Intern",
        "per-hour-wage",
        "USD",
        "https://example.org/x",
        "2026-10-01T09:00:00Z",
        "Forecasting-Science!",
        "x" * 70,
    ]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.sampled_from([0, 1, 10**18, -(10**16), 1790000000000, 15000000])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | NASTY
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def put(job: dict, path: tuple, value) -> None:
    """Set `value` at `path` where the path exists (a list index past the end is skipped)."""
    *parents, last = path
    target = job
    for part in parents:
        if not _holds(target, part) or not isinstance(target[part], dict | list):
            return
        target = target[part]
    if isinstance(target, dict) or _holds(target, last):
        target[last] = value


def _holds(container, part) -> bool:
    if isinstance(container, list):
        return isinstance(part, int) and part < len(container)
    return part in container


def new_site(folder: Path) -> SiteSource:
    site = SiteSource(folder / "site")
    places = (REPO / "import/locations.yml").read_text()
    extra = '"Berlin, Berlin, Germany": DE, BE, Berlin\n"Berlin, Berlin": DE, BE, Berlin\n'
    site.write("import/locations.yml", places + extra)
    site.job("hand-1", team="Search Science")
    return site


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def import_once(site: SiteSource, system: str, export: object) -> None:
    """Import `export`; assert the property; leave the site as it was before."""
    path = site.root.parent / "export.json"
    path.write_text(json.dumps(export, indent=1, ensure_ascii=True), encoding="utf-8")
    before = files(site.root)
    code, out, err = site.run("import", system, str(path), "--today", TODAY)
    assert "Traceback" not in err
    if code == 0:
        event("imported")
        check, problems = site.check()
        assert check == 0, problems
    else:
        event("refused")
        assert code == 1, (code, out, err)
        lines = err.splitlines()
        assert lines[-1].endswith("; nothing was written."), err
        for line in lines[:-1]:
            assert PROBLEM.fullmatch(line.replace(str(path), "export.json")), line
        assert files(site.root) == before
    shutil.rmtree(site.root / "jobs" / system, ignore_errors=True)


SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
CHANGES = st.lists(st.tuples(st.integers(min_value=0), VALUES), min_size=1, max_size=3)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> SiteSource:
    return new_site(tmp_path_factory.mktemp("import-properties"))


@pytest.mark.parametrize(
    ("system", "job", "paths"),
    [
        ("greenhouse", GREENHOUSE_JOB, GREENHOUSE_PATHS),
        ("lever", LEVER_JOB, LEVER_PATHS),
        ("ashby", ASHBY_JOB, ASHBY_PATHS),
        ("smartrecruiters", SMART_JOB, SMART_PATHS),
        ("workable", WORKABLE_JOB, WORKABLE_PATHS),
    ],
)
@SETTINGS
@given(changes=CHANGES)
def test_any_value_in_any_field_imports_or_is_refused_cleanly(site, system, job, paths, changes):
    changed = copy.deepcopy(job)
    for index, value in changes:
        put(changed, paths[index % len(paths)], value)
    export = {"lever": [changed], "smartrecruiters": changed}.get(system, {"jobs": [changed]})
    import_once(site, system, export)


@SETTINGS
@given(value=VALUES)
def test_any_value_as_the_whole_export_or_a_whole_job(site, value):
    import_once(site, "greenhouse", {"jobs": [value]})
    import_once(site, "greenhouse", value)
    import_once(site, "lever", value)
    import_once(site, "ashby", {"jobs": [value]})
    import_once(site, "smartrecruiters", value)
    import_once(site, "smartrecruiters", {"content": [value], "offset": 0, "totalFound": 1})
    import_once(site, "workable", {"jobs": [value]})


def test_the_unchanged_jobs_import(tmp_path):
    """The jobs the properties start from are valid: the properties test the changes."""
    site = new_site(tmp_path)
    for system, export in (
        ("greenhouse", {"jobs": [GREENHOUSE_JOB]}),
        ("lever", [LEVER_JOB]),
        ("ashby", {"jobs": [ASHBY_JOB]}),
        ("smartrecruiters", SMART_JOB),
        ("workable", {"jobs": [WORKABLE_JOB]}),
    ):
        path = tmp_path / f"{system}.json"
        path.write_text(json.dumps(export))
        code, out, err = site.run("import", system, str(path), "--today", TODAY)
        assert code == 0, err
    assert site.check() == (0, [])


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Applied Scientist", 0),
        ("Applied \ud800 Scientist", 1),  # a lone surrogate, which stderr cannot encode as is
    ],
)
def test_end_to_end_in_a_process(tmp_path, title, expected):
    site = new_site(tmp_path)
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"jobs": [dict(GREENHOUSE_JOB, title=title)]}), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "import", "greenhouse", str(export)]
        + ["--root", str(site.root), "--today", TODAY],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "CAREERS_NO_CACHE": "1"},
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == expected, done.stderr
    assert "Traceback" not in done.stderr
    if expected:
        assert f"{export}:1: error: jobs[0] (id 101, " in done.stderr
        assert "title: character U+D800 (a lone surrogate) is not allowed" in done.stderr
    else:
        assert (site.root / "jobs/greenhouse/gh-101.yml").is_file()
