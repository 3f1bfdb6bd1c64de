"""The output folder: nothing is written outside it, a failed build leaves it byte-identical,
folders that are or hold sources are refused, and MkDocs' own build fails cleanly too."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import urls
from generator.output import commit
from generator.output.writer import UnsafePath, Writer, safe_join
from tests.conftest import TODAY, SiteSource, leftovers


def snapshot(folder: Path) -> dict[str, str]:
    """Every file, folder and link under `folder`, with the bytes of each file (as a hash)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "link -> " + os.readlink(path)
        elif path.is_dir():
            found[rel] = "folder"
        else:
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def build(source: SiteSource, site_dir: Path) -> tuple[int, str]:
    code, _, err = source.run("build", "--today", TODAY, "--site-dir", str(site_dir))
    assert "Traceback" not in err
    return code, err


# -- the sanitising join --------------------------------------------------------------------------

HOSTILE_SEGMENTS = [
    "..",
    ".",
    "../..",
    "../../etc",
    "/etc/passwd",
    "a/../../b",
    "..\\..\\windows",
    "C:\\x",
    "a\0b",
    " ..",
    ".. ",
    "\t",
    "",
    "//",
    "x/./y",
]


@pytest.mark.parametrize("url", HOSTILE_SEGMENTS)
def test_safe_join_refuses_or_stays_inside(url, tmp_path):
    site = tmp_path / "site"
    try:
        target = safe_join(site, url + "/", "index.html")
    except UnsafePath:
        return
    assert os.path.abspath(target).startswith(str(site) + os.sep)
    assert ".." not in target.relative_to(site).parts


@pytest.mark.parametrize(
    "name", ["con", "nul", "aux", "com1", "a" * 300, "\u202eexe.txt", "a\u200bb", "é"]
)
def test_safe_join_keeps_odd_but_harmless_names_inside(name, tmp_path):
    target = safe_join(tmp_path / "site", f"jobs/{name}/")
    assert target.parent.parent == tmp_path / "site" / "jobs"


@settings(max_examples=300, deadline=None)
@given(
    url=st.lists(st.one_of(st.sampled_from(HOSTILE_SEGMENTS), st.text(max_size=8)), max_size=4).map(
        "/".join
    )
)
def test_safe_join_never_leaves_the_folder(url):
    site = Path("/srv/site")
    try:
        target = safe_join(site, url, "index.html")
    except UnsafePath:
        return
    assert os.path.normpath(target).startswith("/srv/site/")
    assert os.path.normpath(target) == str(target)  # nothing left to resolve


@settings(max_examples=300, deadline=None)
@given(name=st.text(max_size=300))
def test_names_from_sources_become_safe_url_segments(name):
    """Teams, categories, topics and cities reach URLs only through `slug`: [a-z0-9-], <= 80."""
    slug = urls.slug(name)
    assert len(slug) <= 80
    assert all(c in "abcdefghijklmnopqrstuvwxyz0123456789-" for c in slug)
    for url in (urls.team_url(name), urls.category_url(name), urls.topic_url(name)):
        if slug:
            safe_join(Path("/srv/site"), url)  # does not raise


def test_writer_refuses_to_write_one_file_twice(tmp_path):
    writer = Writer(tmp_path)
    writer.write("jobs/a/", "index.html", "first", "jobs/a.yml")
    with pytest.raises(UnsafePath, match="jobs/b.yml and jobs/a.yml both write jobs/a/index.html"):
        writer.write("jobs/a/", "index.html", "second", "jobs/b.yml")
    assert (tmp_path / "jobs/a/index.html").read_text() == "first"


# -- hostile names end to end ---------------------------------------------------------------------


def test_hostile_names_build_inside_the_output_and_nowhere_else(source: SiteSource, tmp_path):
    names = {
        "../../../../../../tmp/pwned-team": "tmp-pwned-team",
        "..\\..\\windows\\system32": "windows-system32",
        "/etc/passwd": "etc-passwd",
        "con": "con",
        "\u202eexe.txt": "exe-txt",
        "Se\u200barch": "se-arch",
        "T" * 240: "t" * 80,  # within the 255 characters of a name; the slug keeps 80
    }
    for index, team in enumerate(names):
        city = team.replace("\u202e", "").replace("\u200b", "")  # invisible: refused in cities
        city = city[:90]  # a city name has at most 100 characters
        source.job(
            f"job-{index}",
            team=team,
            category=team + " category",
            locations=[f"US, WA, {city} city"],
        )
    source.story("hostile-story", topics=list(names), teams=list(names))
    before = set(os.listdir(tmp_path))
    site = tmp_path / "site"
    code, err = build(source, site)
    assert code == 0, err
    # no staging or old folder left behind; the spare the next build starts from
    assert set(os.listdir(tmp_path)) == before | {"site", ".site-spare"}
    assert not Path("/tmp/pwned-team").exists()
    for path in site.rglob("*"):
        assert os.path.realpath(path).startswith(str(site.resolve()) + os.sep), path
    for slug in names.values():
        assert (site / "jobs/teams" / slug / "index.html").is_file(), slug
        assert (site / "stories/topics" / slug / "index.html").is_file(), slug
    assert (site / "jobs/locations/us/wa/tmp-pwned-team-city/index.html").is_file()


# -- a failed build keeps the previous output -----------------------------------------------------


def break_with_yaml(source: SiteSource) -> str:
    source.write("jobs/ok-1.yml", "id: ok-1\nid: again\n")
    return "jobs/ok-1.yml:2: error: duplicate key 'id' (first written on line 1)"


def break_with_collision(source: SiteSource) -> str:
    source.job("locations")
    return (
        "jobs/locations.yml:1: error: would publish at /jobs/locations/, "
        "which locations index publishes too"
    )


def break_with_content_page(source: SiteSource) -> str:
    source.write("content/stories/one.md", "# Mine\n")
    return (
        "content/stories/one.md:1: error: would publish at /stories/one/, "
        "which stories/one.md publishes too"
    )


def break_while_mkdocs_renders(source: SiteSource) -> str:
    """Markdown that Python-Markdown cannot render (it recurses once per nested list marker):
    found only once MkDocs renders the story, after the sources were validated."""
    source.story("one", body="Intro.\n\n" + "- " * 3000 + "deep\n")
    return "stories/one.md:6: error: its Markdown could not be rendered (RecursionError"


def break_a_hand_written_page(source: SiteSource) -> str:
    source.write("content/about.md", "# About\n\n" + "- " * 3000 + "deep\n")
    return "content/about.md:1: error: its Markdown could not be rendered (RecursionError"


@pytest.mark.parametrize(
    "breaker",
    [
        break_with_yaml,
        break_with_collision,
        break_with_content_page,
        break_while_mkdocs_renders,
        break_a_hand_written_page,
    ],
)
def test_failed_build_leaves_the_previous_output_byte_identical(
    source: SiteSource, tmp_path, breaker
):
    source.job("ok-1")
    source.story("one")
    site = tmp_path / "site"
    assert build(source, site)[0] == 0
    (site / "extra-file-someone-put-there.txt").write_text("keep me")
    before = snapshot(site)
    expected = breaker(source)
    code, err = build(source, site)
    assert code == 1, err
    *problems, summary = err.splitlines()
    assert [line for line in problems if line.startswith(expected)], err
    assert all(re.fullmatch(r"\S[^:]*:[1-9]\d*: error: .+", line) for line in problems), err
    assert summary.startswith("1 problem(s);"), err  # and nothing else: no MkDocs log lines
    assert snapshot(site) == before
    assert leftovers(site) == []  # the staging folder is gone


def test_a_failed_swap_puts_the_previous_output_back(tmp_path, monkeypatch):
    """Where the system cannot exchange two folders in one step, the swap is two renames: a
    failure of the second puts the previous output back as it was."""
    site, staging = tmp_path / "site", tmp_path / ".site-building-x"
    (site / "jobs").mkdir(parents=True)
    (site / "jobs" / "index.html").write_text("old")
    staging.mkdir()
    (staging / "index.html").write_text("new")
    before = snapshot(site)
    real_rename = os.rename

    def failing_rename(source, target):
        if Path(source) == staging:
            raise OSError("disk full")
        return real_rename(source, target)

    monkeypatch.setattr(commit, "_renameat2", lambda: None)  # no atomic exchange here
    monkeypatch.setattr(commit.os, "rename", failing_rename)
    with pytest.raises(OSError, match="disk full"):
        commit.swap(staging, site)
    assert snapshot(site) == before


def test_the_swap_is_one_step_where_the_system_allows(tmp_path):
    site, staging = tmp_path / "site", tmp_path / ".site-building-x"
    site.mkdir()
    (site / "index.html").write_text("old")
    staging.mkdir()
    (staging / "index.html").write_text("new")
    if commit._renameat2() is None:
        pytest.skip("no renameat2 on this system")
    commit.swap(staging, site)
    assert (site / "index.html").read_text() == "new"
    assert (staging / "index.html").read_text() == "old"  # the old output, for the caller to drop


def test_a_failure_after_every_page_was_written_still_leaves_the_previous_output(
    source: SiteSource, tmp_path, monkeypatch
):
    """The latest possible failure, once MkDocs and the generator wrote every page of the new
    build (changed pages included): the previous output must not have been touched in place."""
    from generator import build as build_module
    from generator.problems import Problem, SourceErrors

    source.job("ok-1")
    source.story("one")
    site = tmp_path / "site"
    assert build(source, site)[0] == 0
    before = snapshot(site)
    source.job("ok-1", title="A new title on every page")
    source.story("one", body="A new body.\n")
    write_output = build_module.write_output

    def write_then_fail(*args, **kwargs):
        write_output(*args, **kwargs)
        raise SourceErrors([Problem("jobs/ok-1.yml", 2, "late failure")])

    monkeypatch.setattr(build_module, "write_output", write_then_fail)
    code, err = build(source, site)
    assert code == 1
    assert "jobs/ok-1.yml:2: error: late failure" in err
    assert snapshot(site) == before
    assert leftovers(site) == []


def test_a_removed_job_leaves_the_output(source: SiteSource, tmp_path):
    source.job("ok-1")
    source.job("ok-2")
    site = tmp_path / "site"
    assert build(source, site)[0] == 0
    (source.root / "jobs" / "ok-2.yml").unlink()
    assert build(source, site)[0] == 0
    assert not (site / "jobs/ok-2").exists()
    assert (site / "jobs/ok-1/index.html").is_file()


def test_a_symlinked_output_folder_is_rebuilt_where_it_points(source: SiteSource, tmp_path):
    source.job("ok-1")
    real = tmp_path / "www" / "careers"
    real.mkdir(parents=True)
    link = tmp_path / "site"
    link.symlink_to(real)
    assert build(source, link)[0] == 0
    assert link.is_symlink() and (real / "jobs/ok-1/index.html").is_file()


# -- output folders that are refused --------------------------------------------------------------


def refused_targets(root: Path, tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "link-to-root").symlink_to(root)
    (tmp_path / "link-to-jobs").symlink_to(root / "jobs")
    (tmp_path / "a-file").write_text("not a folder")
    return {
        "the root": root,
        "the root, spelled with ..": root / "jobs" / "..",
        "content/": root / "content",
        "jobs/": root / "jobs",
        "stories/": root / "stories",
        "inside content/": root / "content" / "site",
        "inside jobs/": root / "jobs" / "2026" / "out",
        "the root's parent": root.parent,
        "/": Path("/"),
        "a link to the root": tmp_path / "link-to-root",
        "a link to jobs/": tmp_path / "link-to-jobs",
        "inside a link to jobs/": tmp_path / "link-to-jobs" / "out",
        "a file": tmp_path / "a-file",
    }


@pytest.mark.parametrize(
    "target",
    [
        "the root",
        "the root, spelled with ..",
        "content/",
        "jobs/",
        "stories/",
        "inside content/",
        "inside jobs/",
        "the root's parent",
        "/",
        "a link to the root",
        "a link to jobs/",
        "inside a link to jobs/",
        "a file",
    ],
)
def test_output_folders_that_are_or_hold_sources_are_refused(source: SiteSource, tmp_path, target):
    source.job("ok-1")
    source.story("one")
    site_dir = refused_targets(source.root, tmp_path)[target]
    before_root, before_tmp = snapshot(source.root), sorted(os.listdir(tmp_path))
    code, _, err = source.run("build", "--today", TODAY, "--site-dir", str(site_dir))
    assert code == 2, err
    assert err.startswith("error: refusing to build into "), err
    assert snapshot(source.root) == before_root
    assert sorted(os.listdir(tmp_path)) == before_tmp


def test_a_folder_beside_the_sources_is_fine(source: SiteSource, tmp_path):
    source.job("ok-1")
    assert build(source, source.root / "site")[0] == 0
    assert build(source, source.root / "contented")[0] == 0  # a prefix of "content", not inside it


# -- MkDocs' own build, through the plugin --------------------------------------------------------


def mkdocs_build(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CAREERS_NO_CACHE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", "site"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.mark.parametrize(
    "breaker",
    [break_with_yaml, break_with_collision, break_while_mkdocs_renders, break_a_hand_written_page],
)
def test_mkdocs_build_fails_cleanly_on_bad_sources(source: SiteSource, breaker):
    source.write(
        "mkdocs.yml",
        source.root.joinpath("mkdocs.yml")
        .read_text()
        .replace("  - careers:\n", f"  - careers:\n      today: '{TODAY}'\n"),
    )
    source.job("ok-1")
    source.story("one")
    first = mkdocs_build(source.root)
    assert first.returncode == 0, first.stderr
    before = snapshot(source.root / "site")
    expected = breaker(source)
    result = mkdocs_build(source.root)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert expected in result.stderr
    # MkDocs builds into a staging folder: whatever stage fails, site/ stays as it was (issue 14
    # #9: it emptied site/ when a story's Markdown could not be rendered)
    assert snapshot(source.root / "site") == before
    assert not [p for p in source.root.iterdir() if p.name.startswith(".site-")]


def test_the_output_folder_is_readable_by_a_web_server(source: SiteSource, tmp_path):
    """Issue 14 #2: every full build left site/ at mode 0700 (from its temporary folder)."""
    source.job("ok-1")
    old_umask = os.umask(0o022)
    try:
        site = tmp_path / "site"
        for _ in range(2):  # the first build, then a rebuild from a clone of it
            assert build(source, site)[0] == 0
            assert site.stat().st_mode & 0o777 == 0o755
            assert (site / "jobs").stat().st_mode & 0o777 == 0o755
    finally:
        os.umask(old_umask)
