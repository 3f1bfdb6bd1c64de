"""The bad-inputs corpus (tests/bad_inputs/), plus inputs too big or too odd to keep as files.

Every case must cost exactly the expected `PATH:LINE: error: MESSAGE` lines and exit code 1: no
traceback, no silent acceptance, no extra noise.
"""

from __future__ import annotations

import re
import shutil
import time
import tracemalloc
from pathlib import Path

import pytest

from generator.model import records, urls
from generator.model.text import plain_teaser
from generator.sources import strict_yaml
from generator.sources.load import load_sources, read_record
from tests.conftest import SiteSource

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = sorted(path.name for path in CORPUS.iterdir() if (path / "expected.txt").is_file())
EXPECTED = re.compile(r"(?P<path>.+?):(?P<line>\d+): (?P<fragment>.+)")
ERROR = re.compile(r"(?P<path>.+?):(?P<line>\d+): error: (?P<message>.+)")


def expected_problems(case: str) -> list[tuple[str, int, str]]:
    lines = (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    found = []
    for line in lines:
        match = EXPECTED.fullmatch(line)
        assert match, f"{case}/expected.txt: not PATH:LINE: FRAGMENT: {line!r}"
        found.append((match["path"], int(match["line"]), match["fragment"]))
    return found


def copy_case(case: str, source: SiteSource) -> None:
    for path in sorted((CORPUS / case).rglob("*")):
        if path.is_file() and path.name != "expected.txt":
            source.write(path.relative_to(CORPUS / case).as_posix(), path.read_bytes())


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES)
def test_bad_input(case: str, source: SiteSource):
    copy_case(case, source)
    code, out, err = source.run("check", "--today", "2026-11-25")
    assert code == 1, f"{case}: exit {code}\n{out}{err}"
    assert "Traceback" not in err
    reported = [ERROR.fullmatch(line) for line in err.splitlines() if ": error: " in line]
    assert all(reported), err
    expected = expected_problems(case)
    for path, line, fragment in expected:
        assert any(
            m["path"] == path and int(m["line"]) == line and fragment in m["message"]
            for m in reported
        ), f"{case}: no '{path}:{line}: error: ...{fragment}...' in\n{err}"
    assert len(reported) == len(expected), f"{case}: unexpected problems:\n{err}"


def test_a_bad_input_fails_the_build_too_and_writes_nothing(source: SiteSource, tmp_path):
    copy_case("job-id-takes-locations-index", source)
    code, _, err = source.run("build", "--today", "2026-11-25", "--site-dir", str(tmp_path / "out"))
    assert code == 1
    assert "jobs/locations.yml:1: error: would publish at /jobs/locations/" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


# Inputs generated here: too big to keep as files, or made of file-system objects.


def test_oversized_file_is_refused_without_being_read(source: SiteSource):
    path = source.root / "jobs" / "huge.yml"
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:  # sparse: 64 MiB that take no disk and must take no memory
        handle.truncate(64 * 1024 * 1024)
    tracemalloc.start()
    started = time.perf_counter()
    sources = load_sources(source.root, "content")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [str(p) for p in sources.problems] == [
        "jobs/huge.yml:1: error: file is 67108864 bytes; the limit is 1048576 (1 MiB)"
    ]
    assert peak < 4 * 1024 * 1024, f"peak {peak} bytes: the file was read"
    assert elapsed < 5, elapsed


def test_the_limit_is_exactly_one_mebibyte(source: SiteSource):
    head = b"---\ntitle: Long\ndate: 2026-10-01\nsummary: A long story.\n---\n"
    source.write("stories/long.md", head + b"a" * (strict_yaml.MAX_BYTES - len(head)))
    assert source.check() == (0, [])
    source.write("stories/long.md", head + b"a" * (strict_yaml.MAX_BYTES + 1 - len(head)))
    code, lines = source.check()
    assert code == 1
    assert lines == [
        "stories/long.md:1: error: file is 1048577 bytes; the limit is 1048576 (1 MiB)"
    ]


def billion_laughs(levels: int = 30) -> bytes:
    lines = ['a0: &a0 "lol"']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return ("\n".join(lines) + "\n").encode()


def test_alias_bomb_is_refused_quickly_with_little_memory():
    data = billion_laughs()  # 9**29 "lol"s if expanded
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(strict_yaml.YamlError) as caught:
        read_record("job", "jobs/bomb.yml", data)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (caught.value.line, caught.value.message) == (1, "anchors (&a0) are not allowed")
    assert elapsed < 2, elapsed
    assert peak < 2 * 1024 * 1024, peak


def test_aliases_without_anchors_in_the_file_are_refused_too():
    with pytest.raises(strict_yaml.YamlError) as caught:
        read_record("job", "jobs/x.yml", b"id: x\ntitle: *undefined\n")
    assert caught.value.line == 2


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param(lambda n: "[" * (n // 2) + "]" * (n // 2), id="deep-flow-lists"),
        pytest.param(
            lambda n: "".join("  " * i + "-\n" for i in range(1000)), id="deep-block-lists"
        ),
        pytest.param(lambda n: "k: " + "x" * n, id="one-long-line"),
        pytest.param(lambda n: "".join(f"k{i}: v\n" for i in range(n // 12)), id="many-keys"),
        pytest.param(lambda n: '"' + "\\t" * (n // 2) + '"', id="many-escapes"),
    ],
)
def test_worst_case_yaml_near_the_limit_finishes_fast(shape):
    text = shape(strict_yaml.MAX_BYTES - 64)
    data = text.encode()
    assert len(data) <= strict_yaml.MAX_BYTES
    started = time.perf_counter()
    try:
        read_record("job", "jobs/x.yml", data)
    except strict_yaml.YamlError as err:  # refused: must still name a line
        assert err.line >= 1
    elapsed = time.perf_counter() - started
    assert elapsed < 20, f"{elapsed:.1f}s"  # loose: a regression to quadratic time takes minutes


def test_worst_case_job_text_builds_in_reasonable_time(source: SiteSource, tmp_path):
    """Unclosed tags, brackets, links and emphasis: regex and parser traps for the teaser, the
    Markdown renderer and the sanitiser (all linear now; the teaser's regexes were quadratic)."""
    size = 100_000
    source.job("trap-1", description="<" * size, about_team="[" * size, summary=None)
    source.job("trap-2", description="(https://" * (size // 9), summary=None)
    source.job("trap-3", description="*a" * (size // 2), summary=None)
    started = time.perf_counter()
    built = source.build(site_dir=tmp_path / "site")
    elapsed = time.perf_counter() - started
    assert built.exists("jobs/trap-1/")
    assert elapsed < 60, f"{elapsed:.1f}s"  # loose: quadratic time takes many minutes here


@pytest.mark.parametrize("text", ["<" * 1_000_000, "(https://" * 110_000, "<a" * 500_000])
def test_the_teaser_of_a_megabyte_of_unclosed_markup_is_quick(text):
    """A job without a summary gets one from its description: linear time, whatever it holds
    (it was quadratic: a mebibyte of "<" took minutes)."""
    started = time.perf_counter()
    teaser = plain_teaser(text, 160)
    assert len(teaser) <= 160
    assert time.perf_counter() - started < 5


def test_symlink_to_a_file_outside_the_root_is_refused(source: SiteSource, tmp_path):
    outside = tmp_path / "outside.yml"
    outside.write_text("id: stolen\n")
    (source.root / "jobs").mkdir(parents=True)
    (source.root / "jobs" / "link.yml").symlink_to(outside)
    code, lines = source.check()
    assert code == 1
    assert lines == [
        "jobs/link.yml:1: error: is a link to a file outside the site root; copy the file instead"
    ]


REAL_FOLDERS = "sources must be real folders"


def test_symlink_to_a_folder_is_reported_not_skipped(source: SiteSource, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "a.yml").write_text("id: a\n")
    (source.root / "stories").mkdir(parents=True)
    (source.root / "stories" / "2026").symlink_to(outside)
    (source.root / "stories" / "loop").symlink_to(source.root)
    code, lines = source.check()
    assert code == 1
    assert lines == [
        "stories/2026:1: error: is a link to a folder outside the site root; " + REAL_FOLDERS,
        "stories/loop:1: error: is a link to a folder inside the site root; " + REAL_FOLDERS,
    ]


def test_broken_symlink_is_reported(source: SiteSource):
    (source.root / "jobs").mkdir(parents=True)
    (source.root / "jobs" / "gone.yml").symlink_to(source.root / "jobs" / "missing.yml")
    code, lines = source.check()
    assert (code, lines) == (1, ["jobs/gone.yml:1: error: is a broken link"])


def test_symlink_inside_the_root_is_read(source: SiteSource):
    source.job("real-1")
    (source.root / "jobs" / "alias.yml").symlink_to("real-1.yml")
    code, lines = source.check()
    assert code == 1
    assert lines == ["jobs/real-1.yml:1: error: job id 'real-1' is already used by jobs/alias.yml"]


def test_corpus_folders_hold_only_cases():
    for path in CORPUS.iterdir():
        assert path.name == "README.md" or (path / "expected.txt").is_file(), path


def test_reserved_device_names_stay_inside_the_output(source: SiteSource, tmp_path):
    """`con`, `nul`, `aux` are fine names on the servers we build on; they land in their folder."""
    for name in ("con", "nul", "aux", "lpt1"):
        source.job(name, team=name.upper(), category=name)
    built = source.build(site_dir=tmp_path / "out")
    for name in ("con", "nul", "aux", "lpt1"):
        assert built.exists(f"jobs/{name}/")
        assert built.exists(f"jobs/teams/{name}/")
        assert built.exists(f"jobs/categories/{name}/")
    shutil.rmtree(tmp_path / "out")


def test_ten_thousand_locations_cost_one_error_at_the_locations_line(source: SiteSource, tmp_path):
    """The issue's case: 10,000 locations (220 KB, accepted) wrote 25 GB in 122 s."""
    source.job("everywhere", locations=[f"US, WA, City {n}" for n in range(10_000)])
    started = time.perf_counter()
    code, _, err = source.run("build", "--today", "2026-11-25", "--site-dir", str(tmp_path / "out"))
    assert time.perf_counter() - started < 30  # loose: it wrote for minutes
    assert code == 1
    assert err.splitlines()[0] == (
        "jobs/everywhere.yml:3: error: locations: 10000 items, more than the 50 allowed: "
        "split the role into several jobs, e.g. one per country or region"
    )
    assert not (tmp_path / "out").exists()


def at_most(limit: int, word: str = "Word") -> str:
    """Text of exactly `limit` characters."""
    return (f"{word} " * limit)[: limit - 1] + "x"


def test_every_page_and_feed_stays_small_with_every_value_at_its_limit(
    source: SiteSource, tmp_path
):
    """Listings are paginated, feeds hold 100 items, and each row, card and profile shown on
    another page is bounded by the schema's limits: whatever the sources, no page or feed grows
    past a few megabytes (the job with 10,000 locations made 10,000 pages of 10,000 rows)."""
    city = "US, WA, " + at_most(records.MAX_CITY, "Seattle")
    team, category = at_most(records.MAX_NAME, "Team"), at_most(records.MAX_NAME, "Category")
    for number in range(51):  # one more than a listing page holds
        source.job(
            f"big-{number}",
            title=at_most(records.MAX_TITLE, "Title"),
            summary=at_most(records.MAX_SUMMARY, "Summary"),
            locations=[city] * records.MAX_LOCATIONS,  # every row shows all of them
            team=team,
            category=category,
        )
    refs = range(records.MAX_REFERENCES)
    for n in refs:
        source.person(
            f"p{n}",
            name=at_most(records.MAX_NAME, "Name"),
            role=at_most(records.MAX_NAME, "Role"),
            affiliation=at_most(records.MAX_NAME, "Affiliation"),
            quotes=[at_most(records.MAX_SUMMARY, "Quote")] * 2,
        )
    source.related(
        [
            {
                "id": f"r{n}",
                "title": at_most(records.MAX_TITLE, "Title"),
                "summary": at_most(records.MAX_SUMMARY, "Summary"),
                "url": "https://example.test/",
            }
            for n in refs
        ]
    )
    source.story(
        "crowd",
        title=at_most(records.MAX_TITLE, "Title"),
        summary=at_most(records.MAX_SUMMARY, "Summary"),
        people=[f"p{n}" for n in refs],
        related=[f"r{n}" for n in refs],
        topics=[f"{n} " + at_most(records.MAX_NAME - 3, "Topic") for n in refs],
        teams=[team],
    )
    built = source.build(site_dir=tmp_path / "site")
    assert built.exists("jobs/page/2/") and built.exists(urls.team_url(team) + "page/2/")
    sizes = {
        path.relative_to(built.dir).as_posix(): path.stat().st_size
        for path in built.dir.rglob("*")
        if path.suffix in (".html", ".xml", ".json") and path.name != "search_index.json"
    }
    largest = max(sizes, key=sizes.get)
    assert sizes[largest] < 2_000_000, (largest, sizes[largest])
    pages = {name: size for name, size in sizes.items() if name.endswith(".html")}
    largest_page = max(pages, key=pages.get)
    assert pages[largest_page] < 1_000_000, (largest_page, pages[largest_page])
