"""`python -m generator import greenhouse|lever FILE`: exports -> jobs/<source>/*.yml."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.importers import clean_html, plain_markdown, read_rows
from generator.sources.strict_yaml import parse
from tests.conftest import REPO, TODAY, SiteSource

FIXTURES = Path(__file__).parent / "fixtures" / "ats"
GREENHOUSE = FIXTURES / "greenhouse.json"
LEVER = FIXTURES / "lever.json"
GH_IDS = ["gh-4012345", "gh-4012399", "gh-4012400", "gh-4012411"]
LEVER_IDS = [
    "lever-5f8a3c1e-2b7d-4e9a-9c41-0d6e2f7a1b23",
    "lever-0b9e6d42-7c11-4f3a-8e2d-5a4b3c2d1e0f",
    "lever-c3d2e1f0-1a2b-4c3d-9e8f-7a6b5c4d3e2f",
]


@pytest.fixture
def site(source: SiteSource) -> SiteSource:
    source.write("import/locations.yml", (REPO / "import/locations.yml").read_text())
    return source


def run_import(site: SiteSource, kind: str, export: Path, *extra: str, today: str = TODAY):
    return site.run("import", kind, str(export), "--today", today, *extra)


def job(site: SiteSource, rel: str) -> dict:
    return parse((site.root / rel).read_text(encoding="utf-8"))


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.glob("*.yml"))}


def line_of(export: Path, needle: str) -> int:
    lines = export.read_text().splitlines()
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


def test_greenhouse_export_becomes_valid_jobs(site):
    code, out, err = run_import(site, "greenhouse", GREENHOUSE)
    assert code == 0, err
    assert "greenhouse: 4 new, 0 updated, 0 unchanged, 0 closed" in out
    assert sorted(p.stem for p in (site.root / "jobs/greenhouse").glob("*.yml")) == sorted(GH_IDS)
    forecasting = job(site, "jobs/greenhouse/gh-4012345.yml")
    assert forecasting["title"] == "Senior Applied Scientist, Forecasting"
    assert forecasting["locations"] == ["US, WA, Seattle"]
    assert forecasting["team"] == "Forecasting Science"  # the child department
    assert forecasting["category"] == "Applied Science"  # the "Category" custom field
    assert forecasting["posted"] == "2026-09-30"  # first_published, not updated_at
    assert forecasting["apply_url"] == "https://boards.example.org/northwind/jobs/4012345"
    assert forecasting["employment_type"] == "FULL_TIME"
    assert dict(forecasting["salary"]) == {
        "currency": "USD",
        "min": "150000",
        "max": "220000",
        "unit": "YEAR",
    }
    description = forecasting["description"]
    assert "<strong>Forecasting Science</strong>" in description  # unescaped, kept
    assert (
        "&lt;" not in description and "script" not in description and "onclick" not in description
    )
    assert "Northwind's" in description
    economist = job(site, "jobs/greenhouse/gh-4012399.yml")
    assert economist["locations"] == ["DE, BE, Berlin"]  # "Berlin,  Germany": spaces ignored
    assert economist["posted"] == "2026-10-20"  # updated_at, no first_published
    assert "employment_type" not in economist
    speech = job(site, "jobs/greenhouse/gh-4012400.yml")
    assert speech["remote"] == "true" and speech["locations"] == ["CA, ON, Toronto"]
    assert speech["category"] == "Research Science"  # "Job Family", a multi-select
    assert speech["employment_type"] == "CONTRACTOR"
    intern = job(site, "jobs/greenhouse/gh-4012411.yml")
    assert intern["locations"] == ["IN, KA, Bengaluru", "US, WA, Seattle"]  # from offices
    assert intern["employment_type"] == "INTERN"
    assert site.check() == (0, [])


def test_lever_export_becomes_valid_jobs(site):
    code, out, err = run_import(site, "lever", LEVER)
    assert code == 0, err
    assert "lever: 3 new" in out
    ranking = job(site, f"jobs/lever/{LEVER_IDS[0]}.yml")
    assert ranking["team"] == "Search Science" and ranking["category"] == "Applied Science"
    assert ranking["posted"] == "2026-09-21"  # createdAt 1790000000000 ms, UTC
    assert ranking["apply_url"].endswith("5f8a3c1e-2b7d-4e9a-9c41-0d6e2f7a1b23")
    assert list(ranking["responsibilities"]) == [
        "Build learning-to-rank models",
        "Run <b>online</b> experiments &amp; read them",
    ]
    assert list(ranking["basic_qualifications"])[1] == "Python"
    assert list(ranking["preferred_qualifications"]) == ["Publications at SIGIR, KDD or WSDM"]
    assert r"own the \*relevance\* model of our #1 surface" in ranking["description"]
    assert "### Benefits\n\n- Relocation support" in ranking["description"]
    assert ranking["description"].rstrip().endswith("equal opportunity employer.")
    assert "remote" not in ranking
    economist = job(site, f"jobs/lever/{LEVER_IDS[1]}.yml")
    assert economist["locations"] == ["GB, LND, London", "DE, BE, Berlin"]  # allLocations
    assert list(economist["basic_qualifications"]) == [
        "PhD in economics",
        "Experience with field experiments",
    ]
    assert economist["salary"]["currency"] == "GBP"
    intern = job(site, f"jobs/lever/{LEVER_IDS[2]}.yml")
    assert intern["remote"] == "true" and intern["employment_type"] == "INTERN"
    assert dict(intern["salary"]) == {"currency": "CAD", "min": "38", "max": "45", "unit": "HOUR"}
    assert site.check() == (0, [])
    built = site.build()
    html = built.text(f"jobs/{LEVER_IDS[0]}/")
    assert "<em>relevance</em>" not in html and "*relevance*" in html  # shown as written
    (posting,) = [d for d in built.jsonld(f"jobs/{LEVER_IDS[2]}/") if d["@type"] == "JobPosting"]
    assert posting["jobLocationType"] == "TELECOMMUTE"


@pytest.mark.parametrize(("kind", "export"), [("greenhouse", GREENHOUSE), ("lever", LEVER)])
def test_reimporting_changes_no_byte_and_rewrites_no_file(site, kind, export):
    assert run_import(site, kind, export)[0] == 0
    before = snapshot(site.root / "jobs" / kind)
    code, out, err = run_import(site, kind, export)
    assert code == 0, err
    assert "0 new, 0 updated" in out and "0 closed" in out and "wrote 0 file(s)" in out
    assert snapshot(site.root / "jobs" / kind) == before  # same bytes, same mtimes


def test_both_sample_exports_import_twice_into_the_sample_site(tmp_path):
    root = tmp_path / "sample"
    for name in ("content", "stories", "jobs", "import"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    site = SiteSource.__new__(SiteSource)
    site.root = root
    for kind, export in (("greenhouse", GREENHOUSE), ("lever", LEVER)):
        assert run_import(site, kind, export)[0] == 0
    first = snapshot(root / "jobs/greenhouse") | snapshot(root / "jobs/lever")
    for kind, export in (("greenhouse", GREENHOUSE), ("lever", LEVER)):
        code, out, _ = run_import(site, kind, export)
        assert code == 0 and "0 new, 0 updated" in out
    assert snapshot(root / "jobs/greenhouse") | snapshot(root / "jobs/lever") == first
    assert site.check()[0] == 0


def test_a_job_that_left_the_export_is_closed_not_deleted(site, tmp_path):
    assert run_import(site, "greenhouse", GREENHOUSE)[0] == 0
    data = json.loads(GREENHOUSE.read_text())
    economist = data["jobs"].pop(1)
    smaller = tmp_path / "smaller.json"
    smaller.write_text(json.dumps(data, indent=2))
    code, out, err = run_import(site, "greenhouse", smaller, today="2026-12-10")
    assert code == 0, err
    assert "closed: jobs/greenhouse/gh-4012399.yml" in out and "1 closed" in out
    closed = job(site, "jobs/greenhouse/gh-4012399.yml")
    assert closed["valid_through"] == "2026-12-09"  # the day before today
    assert closed["title"] == "Economist II"  # the rest is kept
    built = site.build(today="2026-12-10")
    assert built.exists("jobs/gh-4012399/")  # its page stays ...
    assert 'name="robots" content="noindex"' in built.text("jobs/gh-4012399/")
    assert "gh-4012399" not in built.text("jobs/", "feed.xml")  # ... but it leaves the feeds
    assert "gh-4012345" in built.text("jobs/", "feed.xml")
    # Importing the same export again the next day leaves the closed job as it is.
    before = snapshot(site.root / "jobs/greenhouse")
    code, out, _ = run_import(site, "greenhouse", smaller, today="2026-12-11")
    assert code == 0 and "0 closed" in out
    assert snapshot(site.root / "jobs/greenhouse") == before
    # A job that comes back is open again.
    data["jobs"].append(economist)
    smaller.write_text(json.dumps(data, indent=2))
    code, out, _ = run_import(site, "greenhouse", smaller, today="2026-12-12")
    assert code == 0 and "updated: jobs/greenhouse/gh-4012399.yml" in out
    assert "valid_through" not in job(site, "jobs/greenhouse/gh-4012399.yml")


def test_an_unmapped_place_names_the_row_and_writes_nothing(site):
    site.write("import/locations.yml", '"Seattle, WA": US, WA, Seattle\n')
    code, _, err = run_import(site, "greenhouse", GREENHOUSE)
    assert code == 1
    lines = [line for line in err.splitlines() if ": error: " in line]
    name = str(GREENHOUSE)
    start = line_of(GREENHOUSE, '"id": 4012399') - 1  # the row's "{" opens the line before
    assert (
        f'{name}:{start}: error: jobs[1] (id 4012399, "Economist II"): place '
        "'Berlin, Germany' is not in import/locations.yml"
    ) in err
    assert any(
        line.startswith(f"{name}:") and "jobs[2]" in line and "Remote - Canada" in line
        for line in lines
    )
    assert any("jobs[3]" in line and "'Bengaluru'" in line for line in lines)
    assert not any("jobs[0]" in line for line in lines)
    assert "nothing was written" in err
    assert not (site.root / "jobs").exists()


def test_an_unmapped_lever_place_names_the_row(site):
    site.write(
        "import/locations.yml", '"Seattle, WA": US, WA, Seattle\n"London, UK": GB, LND, London\n'
    )
    code, _, err = run_import(site, "lever", LEVER)
    assert code == 1
    start = line_of(LEVER, '"id": "0b9e6d42') - 1
    assert f"{LEVER}:{start}: error: [1] (id 0b9e6d42-7c11-4f3a-8e2d-5a4b3c2d1e0f" in err
    assert "'Berlin, Germany' is not in import/locations.yml" in err
    assert not (site.root / "jobs").exists()


def test_a_bad_mapping_file_is_reported_at_its_line(site):
    site.write(
        "import/locations.yml",
        '"Seattle, WA": US, WA, Seattle\n"Berlin, Germany": DE, ZZ, Berlin\n'
        "seattle,   wa: US, WA, Seattle\n",
    )
    code, _, err = run_import(site, "greenhouse", GREENHOUSE)
    assert code == 1
    assert "import/locations.yml:2: error: 'Berlin, Germany': unknown ISO 3166-2 region 'ZZ'" in err
    assert "import/locations.yml:3: error: 'seattle,   wa' and 'Seattle, WA' (line 1)" in err
    assert not (site.root / "jobs").exists()


def test_a_missing_mapping_file_says_how_to_create_it(source):
    code, _, err = run_import(source, "lever", LEVER)
    assert code == 1
    assert "import/locations.yml:1: error: the place mapping does not exist" in err


def test_an_empty_export_does_not_close_everything_by_accident(site, tmp_path):
    assert run_import(site, "lever", LEVER)[0] == 0
    empty = tmp_path / "empty.json"
    empty.write_text("[]\n")
    code, _, err = run_import(site, "lever", empty)
    assert code == 1 and "needs --allow-empty" in err
    assert all("valid_through" not in job(site, f"jobs/lever/{i}.yml") for i in LEVER_IDS)
    code, out, _ = run_import(site, "lever", empty, "--allow-empty")
    assert code == 0 and "3 closed" in out


def test_dry_run_writes_nothing(site):
    code, out, _ = run_import(site, "greenhouse", GREENHOUSE, "--dry-run")
    assert code == 0 and "would write 4 file(s)" in out
    assert not (site.root / "jobs").exists()


def test_an_id_clash_with_a_hand_written_job_is_an_error(site):
    site.job("gh-4012345", folder="jobs/hand")
    code, _, err = run_import(site, "greenhouse", GREENHOUSE)
    assert code == 1 and "job id 'gh-4012345' is already used by jobs/hand/gh-4012345.yml" in err


def test_posted_stays_when_the_export_only_moves_updated_at(site, tmp_path):
    assert run_import(site, "greenhouse", GREENHOUSE)[0] == 0
    data = json.loads(GREENHOUSE.read_text())
    data["jobs"][1]["updated_at"] = "2026-11-20T09:00:00+01:00"
    data["jobs"][1]["title"] = "Economist II, Pricing"
    later = tmp_path / "later.json"
    later.write_text(json.dumps(data))
    code, out, _ = run_import(site, "greenhouse", later)
    assert code == 0 and "updated: jobs/greenhouse/gh-4012399.yml" in out
    economist = job(site, "jobs/greenhouse/gh-4012399.yml")
    assert economist["posted"] == "2026-10-20" and economist["title"] == "Economist II, Pricing"


def test_invalid_json_and_wrong_shapes_are_errors_with_lines(site, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "jobs": [\n    {"id": 1,}\n  ]\n}\n')
    code, _, err = run_import(site, "greenhouse", broken)
    assert code == 1 and f"{broken}:3: error: not valid JSON" in err
    code, _, err = run_import(site, "greenhouse", LEVER)
    assert code == 1 and "a greenhouse export is an object with a 'jobs' list" in err


def test_row_lines_of_a_minified_export_are_all_line_one():
    rows = read_rows(json.dumps(json.loads(GREENHOUSE.read_text())), "greenhouse")
    assert [row.line for row in rows] == [1, 1, 1, 1]
    pretty = read_rows(GREENHOUSE.read_text(), "greenhouse")
    assert [row.line for row in pretty] == [
        line_of(GREENHOUSE, f'"id": {i[3:]}') - 1 for i in GH_IDS
    ]


def test_clean_html_unescapes_once_and_removes_unsafe_markup():
    escaped = (
        "&lt;p&gt;A &amp;amp; B&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;"
        "&lt;p onclick=&quot;y()&quot;&gt;C&lt;/p&gt;"
    )
    assert clean_html(escaped) == "<p>A &amp; B</p>\n<p>C</p>"
    assert clean_html("<p>5 &lt; 6</p>") == "<p>5 &lt; 6</p>"  # real HTML is not unescaped twice


def test_plain_text_shows_as_written():
    assert plain_markdown("# not a heading\n*stars* and [brackets]") == (
        "\\# not a heading\n\\*stars\\* and \\[brackets\\]"
    )


def test_an_import_that_would_leave_an_invalid_site_writes_nothing(site):
    # A hand-written job whose team makes the URL of Greenhouse's "Forecasting Science".
    site.job("hand-1", team="Forecasting-Science!")
    code, _, err = run_import(site, "greenhouse", GREENHOUSE)
    assert code == 1
    clash = "team 'Forecasting-Science!' and 'Forecasting Science' (jobs/greenhouse/gh-4012345.yml"
    assert "jobs/hand-1.yml:" in err and clash in err
    assert "nothing was written" in err and not (site.root / "jobs/greenhouse").exists()


def test_a_job_never_published_that_left_the_export_is_removed(site, tmp_path):
    data = json.loads(GREENHOUSE.read_text())
    data["jobs"][0]["first_published"] = "2027-01-15T09:00:00Z"  # after today
    later = tmp_path / "later.json"
    later.write_text(json.dumps(data))
    assert run_import(site, "greenhouse", later)[0] == 0
    del data["jobs"][0]
    later.write_text(json.dumps(data))
    code, out, err = run_import(site, "greenhouse", later)
    assert code == 0, err
    assert "removed: jobs/greenhouse/gh-4012345.yml" in out and "1 removed" in out
    assert not (site.root / "jobs/greenhouse/gh-4012345.yml").exists()
    assert site.check()[0] == 0


def test_an_imported_job_page_must_not_take_the_url_of_a_hand_written_page(site):
    site.write("content/jobs/gh-4012345.md", "# A page an editor wrote\n")
    code, _, err = run_import(site, "greenhouse", GREENHOUSE)
    assert code == 1, err
    assert "content/jobs/gh-4012345.md" in err and "jobs/gh-4012345/" in err
    assert not (site.root / "jobs/greenhouse").exists()
