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


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A new virtual environment holding the locked packages and the wheel: (its bin/, env)."""
    work = tmp_path_factory.mktemp("wheel")
    env = _clean_env(work)
    source = work / "source"  # a copy, so that building writes nothing into the repository
    for name in PACKAGED:
        if (REPO / name).is_dir():
            shutil.copytree(
                REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(REPO / name, source / name)
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
