"""The package as a new user gets it: the wheel, installed into a new virtual environment outside
the repository with its dependencies from the build lock, starts a site that checks and builds.

Slow (it builds and installs): `pytest -m "not slow"` leaves it out. pip takes the locked
packages from its cache, which `make build` filled with the same files.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import lxml.html
import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

TODAY = "2026-11-25"
EPOCH = "1795608000"  # 2026-11-25T12:00:00Z
# What the wheel is built from: the files pyproject.toml packages (nothing else is copied).
PACKAGED = ("pyproject.toml", "README.md", "LICENSE", "generator")


def _run(args: list, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=600,
    )
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def _clean_env(tmp_path: Path) -> dict[str, str]:
    """The caller's environment without anything that points at the repository or its .venv."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME") and not key.startswith("CAREERS_")
    }
    env.update(
        SOURCE_DATE_EPOCH=EPOCH,
        CAREERS_CACHE_DIR=str(tmp_path / "careers-cache"),  # never the user's home
        NO_MKDOCS_2_WARNING="1",
        DISABLE_MKDOCS_2_WARNING="true",
    )
    return env


def _copy_packaged(source: Path, *extra: str) -> Path:
    """The files the package is made from (and `extra` ones), copied from the repository."""
    source.mkdir()
    for name in (*PACKAGED, *extra):
        if (REPO / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(REPO / name, source / name, ignore=ignore)
        else:
            shutil.copy2(REPO / name, source / name)
    return source


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A new virtual environment holding the locked packages and the wheel: (its bin/, env)."""
    work = tmp_path_factory.mktemp("wheel")
    env = _clean_env(work)
    # A copy, so that building writes nothing into the repository.
    source = _copy_packaged(work / "source")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    # Built by the locked setuptools of this environment, with nothing downloaded.
    _run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", work, source],
        work,
        env,
    )
    (wheel,) = work.glob("careers_generator-*.whl")
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], work, env)
    target = [*pip, "--python", venv / "bin" / "python"]
    _run(
        [*target, "install", "--require-hashes", "-r", REPO / "requirements/build.lock"], work, env
    )
    _run([*target, "install", "--no-deps", "--no-index", wheel], work, env)
    _run([*target, "check"], work, env)  # the lock's versions meet every range of the wheel
    return venv / "bin", env


def test_the_wheel_is_what_the_environment_imports(installed, tmp_path):
    bin_dir, env = installed
    where = _run(
        [bin_dir / "python", "-c", "import generator; print(generator.__file__)"], tmp_path, env
    )
    assert Path(where.stdout.strip()).is_relative_to(bin_dir.parent / "lib")


def test_careers_init_check_and_build_a_new_site(installed, tmp_path):
    bin_dir, env = installed
    _run([bin_dir / "careers", "init", "mysite"], tmp_path, env)
    site = tmp_path / "mysite"
    assert (site / "mkdocs.yml").is_file() and (site / "content/index.md").is_file()
    checked = _run([bin_dir / "careers", "check"], site, env)
    assert "ok: 1 jobs (1 open), 1 published stories, 1 people" in checked.stdout
    _run([bin_dir / "careers", "build"], site, env)
    _assert_published(site / "site")


def test_mkdocs_builds_the_new_site_through_the_plugin_entry_point(installed, tmp_path):
    bin_dir, env = installed
    _run([bin_dir / "python", "-m", "generator", "init", "mysite"], tmp_path, env)
    site = tmp_path / "mysite"
    _run([bin_dir / "mkdocs", "build", "--strict", "--site-dir", tmp_path / "out"], site, env)
    _assert_published(tmp_path / "out")


def _assert_published(out: Path) -> None:
    job = lxml.html.fromstring((out / "jobs/brw-1001/index.html").read_text(encoding="utf-8"))
    (posting,) = [
        json.loads(script.text)
        for script in job.xpath('//script[@type="application/ld+json"]')
        if json.loads(script.text).get("@type") == "JobPosting"
    ]
    assert posting["title"] == "Data Scientist, River Forecasting"
    assert posting["datePosted"].startswith(TODAY)
    assert posting["hiringOrganization"]["name"] == "Bramblewood Research"
    assert posting["jobLocation"][0]["address"]["addressLocality"] == "Vancouver"
    jobs_feed = feedparser.parse((out / "jobs/feed.xml").read_bytes())
    assert not jobs_feed.bozo
    assert [entry.link for entry in jobs_feed.entries] == [
        "https://careers.example.com/jobs/brw-1001/"
    ]
    stories_feed = feedparser.parse((out / "stories/atom.xml").read_bytes())
    assert not stories_feed.bozo
    assert [entry.title for entry in stories_feed.entries] == ["A summer forecasting rivers"]
    for page in (
        "index.html",
        "stories/a-summer-forecasting-rivers/index.html",
        "people/noor-haddad/index.html",
        "jobs/locations/ca/bc/vancouver/index.html",
    ):
        assert (out / page).is_file(), page


def test_another_sites_repository_uses_the_published_pre_commit_hook(tmp_path):
    """A site's repository names this one in its .pre-commit-config.yaml, as the README says."""
    env = _clean_env(tmp_path)
    env.update(
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Editor",
        GIT_AUTHOR_EMAIL="editor@example.com",
        GIT_COMMITTER_NAME="Editor",
        GIT_COMMITTER_EMAIL="editor@example.com",
    )
    hooks = _copy_packaged(tmp_path / "careers-generator", ".pre-commit-hooks.yaml")
    _run(["git", "init", "-q"], hooks, env)
    _run(["git", "add", "-A"], hooks, env)
    _run(["git", "commit", "-q", "-m", "release"], hooks, env)
    rev = _run(["git", "rev-parse", "HEAD"], hooks, env).stdout.strip()

    site = tmp_path / "site"
    _run([sys.executable, "-m", "generator", "init", site], tmp_path, env)
    (site / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: careers-check\n"
    )
    _run(["git", "init", "-q"], site, env)
    _run(["git", "add", "-A"], site, env)
    pre_commit = [Path(sys.executable).parent / "pre-commit", "run"]
    passed = _run([*pre_commit, "--all-files"], site, env)
    assert "check the careers site's sources" in passed.stdout and "Passed" in passed.stdout
    _run(["git", "commit", "-q", "-m", "a new site"], site, env)

    job = site / "jobs/data-science/brw-1001.yml"
    job.write_text(job.read_text().replace("posted: ", "posted: 2026-1-5 #"))
    _run(["git", "add", job], site, env)
    failed = subprocess.run(
        [str(arg) for arg in pre_commit],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=600,
    )
    assert failed.returncode == 1, failed.stdout + failed.stderr
    line = job.read_text().splitlines().index("posted: 2026-1-5 #" + TODAY) + 1
    assert f"jobs/data-science/brw-1001.yml:{line}: error: posted: '2026-1-5'" in failed.stdout

    _run(["git", "checkout", "--", job], site, env)
    _run(["git", "reset", "-q"], site, env)
    (site / "NOTES.txt").write_text("not a source\n")
    _run(["git", "add", "NOTES.txt"], site, env)
    skipped = _run(pre_commit, site, env)
    assert "(no files to check)Skipped" in skipped.stdout
