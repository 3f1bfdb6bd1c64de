"""A fresh `build` stops at once when nothing it depends on changed (output/uptodate.py), and
builds whenever anything did: a source, a config value read from the environment, the date, the
output folder itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SiteSource, file_tree

from generator.output.changes import changed_feeds

UP_TO_DATE = "is up to date"


def age(root: Path, seconds: int = 60) -> None:
    """Every file under `root` last changed a minute ago: out of the racy window, as an editor's
    files are by the time they build again."""
    moment = time.time() - seconds
    for base, _, names in os.walk(root):
        for name in names:
            os.utime(os.path.join(base, name), (moment, moment))


def build(source: SiteSource, site_dir: Path, today: str = "2026-11-25") -> str:
    code, out, err = source.run("build", "--today", today, "--site-dir", str(site_dir))
    assert code == 0, err
    return out


@pytest.fixture
def built(source: SiteSource, tmp_path: Path) -> Path:
    """A small site built from aged files: its stamp is one a later build may trust."""
    source.job("one-1")
    source.job("two-2", title="Second role")
    source.story("a-story")
    site_dir = tmp_path / "out"
    age(source.root)
    assert UP_TO_DATE not in build(source, site_dir)
    age(site_dir, 120)  # older than the edits below, as a real edit is newer than the output
    return site_dir


def test_nothing_changed_stops_at_once_and_keeps_the_output(source: SiteSource, built: Path):
    before = file_tree(built)
    inode = built.stat().st_ino
    assert UP_TO_DATE in build(source, built)
    assert file_tree(built) == before and built.stat().st_ino == inode
    assert changed_feeds(source.root, built) == []  # `ping` has nothing to send


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda s: s.job("one-1", title="Renamed role"), id="a job edited"),
        pytest.param(lambda s: s.job("three-3"), id="a job added"),
        pytest.param(lambda s: (s.root / "jobs" / "two-2.yml").unlink(), id="a job removed"),
        pytest.param(lambda s: s.story("a-story", body="New words.\n"), id="a story edited"),
        pytest.param(lambda s: s.write("content/index.md", "# Hi\n\nNew.\n"), id="a page edited"),
        pytest.param(lambda s: s.person("new-person"), id="a profile added"),
    ],
)
def test_any_source_change_builds(source: SiteSource, built: Path, change):
    before = file_tree(built)
    change(source)
    age(source.root, 30)  # a real edit, out of the racy window: only the stat says it changed
    assert UP_TO_DATE not in build(source, built)
    assert file_tree(built) != before
    assert UP_TO_DATE in build(source, built)


def test_a_file_saved_again_within_the_racy_window_is_read_again(source: SiteSource, built: Path):
    """A file saved twice in one clock tick, with one size, has one stat for both contents: the
    stamp keeps the content of such a fresh file, and the next check reads it again."""
    path = source.job("one-1", title="Saved once")  # mtime: now
    assert UP_TO_DATE not in build(source, built)
    assert UP_TO_DATE in build(source, built)  # the same content: nothing to do
    stat = path.stat()
    source.job("one-1", title="Saved anew")  # the same size, and the old stat put back
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert UP_TO_DATE not in build(source, built)
    assert "Saved anew" in (built / "jobs" / "one-1" / "index.html").read_text()


def test_another_date_builds(source: SiteSource, built: Path):
    assert UP_TO_DATE not in build(source, built, today="2026-11-26")


def test_a_config_value_from_the_environment_builds(
    source: SiteSource, tmp_path: Path, monkeypatch
):
    text = (source.root / "mkdocs.yml").read_text()
    named = "site_name: !ENV [CAREERS_TEST_NAME, 'Plain Careers']"
    source.write("mkdocs.yml", text.replace("site_name: Test Careers", named))
    site_dir = tmp_path / "out"
    age(source.root)
    build(source, site_dir)
    assert UP_TO_DATE in build(source, site_dir)
    monkeypatch.setenv("CAREERS_TEST_NAME", "Science Careers")
    assert UP_TO_DATE not in build(source, site_dir)
    assert "Science Careers" in (site_dir / "index.html").read_text()


def test_an_output_folder_replaced_by_hand_builds(source: SiteSource, built: Path):
    shutil.rmtree(built)
    built.mkdir()
    assert UP_TO_DATE not in build(source, built)
    assert (built / "jobs" / "one-1" / "index.html").is_file()


def test_no_cache_always_builds(source: SiteSource, built: Path, monkeypatch):
    monkeypatch.setenv("CAREERS_NO_CACHE", "1")
    assert UP_TO_DATE not in build(source, built)


def test_a_theme_hook_edited_reaches_every_page(source: SiteSource, tmp_path: Path):
    """A file the config names (hooks, custom_dir, watch) shapes the shells the engine's pages
    are cut from: editing it rebuilds them, though no source changed."""
    hook = "def on_post_page(output, page, config):\n    return output + '<!--hook {}-->'\n"
    text = (source.root / "mkdocs.yml").read_text()
    source.write("mkdocs.yml", text + "hooks:\n  - hooks.py\n")
    source.write("hooks.py", hook.format("one"))
    source.job("one-1")
    site_dir = tmp_path / "out"
    age(source.root)
    build(source, site_dir)
    age(site_dir, 120)
    assert "<!--hook one-->" in (site_dir / "jobs" / "one-1" / "index.html").read_text()
    source.write("hooks.py", hook.format("second"))  # another size: Python's .pyc check
    age(source.root, 30)
    # In a subprocess: MkDocs keeps a hook it loaded for the life of the process.
    command = [sys.executable, "-m", "generator", "build", "--root", str(source.root)]
    command += ["--today", "2026-11-25", "--site-dir", str(site_dir)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    assert UP_TO_DATE not in result.stdout
    assert "<!--hook second-->" in (site_dir / "jobs" / "one-1" / "index.html").read_text()
