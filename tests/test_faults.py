"""Old site or new site, never a mix: full and incremental builds interrupted at many points (a
write that fails, a kill) leave the output byte for byte as the old or the new complete site,
and the next build succeeds and leaves no staging folder behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, TODAY, SiteSource, file_tree, leftovers

from generator.output import commit, incremental, write, writer

pytestmark = pytest.mark.slow


def small_site(source: SiteSource, jobs: int) -> None:
    source.person("ada", team="Search Science")
    for number in range(jobs):
        source.job(
            f"job-{number}",
            posted=f"2026-10-{number % 28 + 1:02d}",
            locations=["US, WA, Seattle"] if number % 2 else ["DE, BE, Berlin"],
        )
    source.story("one", people=["ada"], teams=["Search Science"])


def edit(source: SiteSource) -> None:
    source.job("job-1", title="A new title", locations=["IN, KA, Bengaluru"])
    source.job("job-new", posted="2026-11-20")
    (source.root / "jobs" / "job-2.yml").unlink()
    source.story("one", body="A new body.\n", people=["ada"], teams=["Search Science"])


def new_site(source: SiteSource, tmp_path: Path) -> dict[str, bytes]:
    """What a complete build of the sources as they are gives."""
    return file_tree(source.build(site_dir=tmp_path / "expected").dir)


class Failing:
    """Makes the Nth call of a function raise OSError, counting calls."""

    def __init__(self, function, fail_at: int | None):
        self.function, self.fail_at, self.calls = function, fail_at, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.calls == self.fail_at:
            raise OSError(28, "No space left on device")
        return self.function(*args, **kwargs)


def old_site(tmp_path: Path, name: str, jobs: int) -> tuple[SiteSource, Path]:
    """A site built from the old sources, then the sources edited: the next build changes it."""
    source = SiteSource(tmp_path / name / "src")
    small_site(source, jobs)
    site = tmp_path / name / "site"
    source.build(site_dir=site)
    edit(source)
    return source, site


def expected_sites(tmp_path: Path, jobs: int) -> tuple[dict, dict]:
    """The complete old and new outputs (the same for every copy of the sources)."""
    source, site = old_site(tmp_path, "reference", jobs)
    return file_tree(site), file_tree(source.build(site_dir=tmp_path / "reference" / "new").dir)


@pytest.mark.parametrize("incremental", [False, True], ids=["full", "incremental"])
def test_a_write_failing_anywhere_leaves_the_old_site(tmp_path: Path, monkeypatch, incremental):
    old, new = expected_sites(tmp_path, 12)
    if not incremental:
        monkeypatch.setenv("CAREERS_NO_CACHE", "1")  # no state: a full build
    source, site = old_site(tmp_path, "count", 12)
    counter = Failing(writer.replace_file, None)
    monkeypatch.setattr(writer, "replace_file", counter)
    source.build(site_dir=site)
    total = counter.calls
    assert total > 5
    for fail_at in sorted({1, 2, total // 2, total - 1, total}):
        source, site = old_site(tmp_path, f"fail-{fail_at}", 12)
        failing = Failing(writer.replace_file, fail_at)
        monkeypatch.setattr(writer, "replace_file", failing)
        code, _, err = source.run("build", "--today", TODAY, "--site-dir", str(site))
        assert failing.calls >= fail_at
        assert code == 1 and file_tree(site) == old, f"a failed write {fail_at} of {total}"
        assert "No space left on device; it was left as it was" in err
        monkeypatch.setattr(writer, "replace_file", counter.function)
        source.build(site_dir=site)
        assert file_tree(site) == new
        assert leftovers(site) == []


def folders_and_inodes(folder: Path) -> tuple[set[Path], dict[Path, int]]:
    """The folders under `folder` and each file's inode, by relative path."""
    folders, files = set(), {}
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if path.is_dir():
            folders.add(rel)
        else:
            files[rel] = path.stat().st_ino
    return folders, files


def test_a_build_from_empty_makes_its_spare_as_it_writes(tmp_path, monkeypatch):
    """The spare is the output's exact copy (the same folders, for each file the same inode,
    linked by the helper processes too), so the next build starts from it without a clone."""
    source = SiteSource(tmp_path / "src")
    small_site(source, 8)
    monkeypatch.setattr(write, "PARALLEL_MIN", 1)  # helpers write, and link, their share
    monkeypatch.setattr(write, "CHUNK", 2)
    site = source.build(site_dir=tmp_path / "site").dir
    assert folders_and_inodes(commit.spare_path(site)) == folders_and_inodes(site)
    assert leftovers(site) == []
    edit(source)
    monkeypatch.setattr(commit, "clone_tree", Failing(commit.clone_tree, 1))
    source.build(site_dir=site)
    assert file_tree(site) == new_site(source, tmp_path)


@pytest.mark.parametrize("earlier", [False, True], ids=["nothing-before", "an-output-before"])
def test_a_link_failing_while_making_the_spare_leaves_what_was_there(
    tmp_path, monkeypatch, earlier
):
    """A build from empty (no state of an earlier build) whose link into the spare fails: an
    output that was there stays as it was, and nothing is left beside it."""
    source = SiteSource(tmp_path / "src")
    small_site(source, 8)
    counter = Failing(writer.link_file, None)
    monkeypatch.setattr(writer, "link_file", counter)
    source.build(site_dir=tmp_path / "count")
    monkeypatch.undo()
    assert counter.calls > 20
    for fail_at in (1, counter.calls // 2, counter.calls):
        site = tmp_path / f"fail-{fail_at}"
        if earlier:
            source.build(site_dir=site)
            incremental.state_path(source.root, site).unlink()  # its state lost: from empty
            source.job("job-0", title=f"Edited before failure {fail_at}")
        old = file_tree(site) if earlier else None
        monkeypatch.setattr(writer, "link_file", Failing(writer.link_file, fail_at))
        code, _, err = source.run("build", "--today", TODAY, "--site-dir", str(site))
        monkeypatch.undo()
        assert code == 1 and "No space left on device" in err, fail_at
        if earlier:
            assert file_tree(site) == old
        else:
            assert not site.exists() and not commit.spare_path(site).exists()
        assert leftovers(site) == []


@pytest.mark.parametrize("target, spare", [("swap", True), ("swap", False), ("clone_tree", False)])
def test_a_failing_swap_or_clone_leaves_the_old_site(tmp_path, monkeypatch, target, spare):
    old, new = expected_sites(tmp_path, 6)
    source, site = old_site(tmp_path, target, 6)
    if not spare:
        shutil.rmtree(commit.spare_path(site))  # the build clones the output
    monkeypatch.setattr(commit, target, Failing(getattr(commit, target), 1))
    code, _, err = source.run("build", "--today", TODAY, "--site-dir", str(site))
    assert code == 1 and "error: cannot write the output" in err
    assert file_tree(site) == old
    monkeypatch.undo()
    source.build(site_dir=site)
    assert file_tree(site) == new and leftovers(site) == []


def test_incremental_builds_start_from_the_spare_not_a_clone(tmp_path, monkeypatch):
    source = SiteSource(tmp_path / "src")
    small_site(source, 6)
    site = tmp_path / "site"
    source.build(site_dir=site)  # from empty: it makes the spare as it writes
    source.job("job-3", title="First edit")
    source.build(site_dir=site)  # from that spare; the output it replaced is the next spare
    assert commit.spare_path(site).is_dir()
    edit(source)
    monkeypatch.setattr(commit, "clone_tree", Failing(commit.clone_tree, 1))
    source.build(site_dir=site)  # from the spare, its delta redone: no clone
    assert file_tree(site) == new_site(source, tmp_path)


def test_a_new_day_renders_every_page_but_writes_only_what_changed(tmp_path, monkeypatch):
    """Another build date changes the global inputs: no fingerprint counts, every page is
    rendered, yet the build still starts from the spare and replaces only files whose bytes
    changed (a job page's file keeps its inode)."""
    source = SiteSource(tmp_path / "src")
    small_site(source, 6)
    site = tmp_path / "site"
    source.build(site_dir=site)
    source.job("job-3", title="First edit")
    source.build(site_dir=site)
    page = site / "jobs" / "job-4" / "index.html"
    inode = page.stat().st_ino
    monkeypatch.setattr(commit, "clone_tree", Failing(commit.clone_tree, 1))
    source.build(today="2026-11-26", site_dir=site)
    assert page.stat().st_ino == inode
    expected = file_tree(source.build(today="2026-11-26", site_dir=tmp_path / "fresh").dir)
    assert file_tree(site) == expected


def test_a_failure_while_redoing_the_spare_leaves_the_old_site(tmp_path, monkeypatch):
    source = SiteSource(tmp_path / "src")
    small_site(source, 6)
    site = tmp_path / "site"
    source.build(site_dir=site)
    source.job("job-3", title="First edit")
    old = file_tree(source.build(site_dir=site).dir)
    edit(source)
    monkeypatch.setattr(commit, "mirror", Failing(commit.mirror, 2))
    code, _, err = source.run("build", "--today", TODAY, "--site-dir", str(site))
    assert code == 1 and "error: cannot write the output" in err
    assert file_tree(site) == old and leftovers(site) == []
    monkeypatch.undo()
    source.build(site_dir=site)  # the spare went with the failed build: a clone again
    assert file_tree(site) == new_site(source, tmp_path) and leftovers(site) == []


def _build_process(root: Path, site: Path) -> subprocess.Popen:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "generator", "build", "--root", str(root)]
    command += ["--site-dir", str(site), "--today", TODAY]
    return subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


@pytest.mark.parametrize("incremental", [False, True], ids=["full", "incremental"])
def test_a_kill_at_any_moment_leaves_the_old_or_the_new_site(
    tmp_path: Path, monkeypatch, incremental: bool
):
    old, new = expected_sites(tmp_path, 150)
    if not incremental:
        monkeypatch.setenv("CAREERS_NO_CACHE", "1")
    source, site = old_site(tmp_path, "timed", 150)
    started = time.monotonic()
    _build_process(source.root, site).wait(timeout=300)
    duration = time.monotonic() - started
    outcomes = set()
    for fraction in (0.2, 0.5, 0.75, 0.9, 0.98):
        source, site = old_site(tmp_path, f"kill-{fraction}", 150)
        process = _build_process(source.root, site)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        now = file_tree(site)
        assert now in (old, new), f"a mix after a kill at {fraction:.0%} of the build"
        outcomes.add("new" if now == new else "old")
        source.build(site_dir=site)
        assert file_tree(site) == new
        assert leftovers(site) == []
    assert "old" in outcomes
