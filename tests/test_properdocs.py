"""ProperDocs, the maintained fork of MkDocs 1.6, builds the sample into the same site.

How ProperDocs finds the plugin (checked below, not assumed): it reads the `mkdocs.plugins`
entry points as well as its own `properdocs.plugins`, and its command line imports
`properdocs.replacement`, which makes `import mkdocs.x` load `properdocs.x` inside that process
only. It installs no `mkdocs` package of its own, so MkDocs itself keeps working beside it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, TODAY, copy_sample

GENERATOR_META = re.compile(r'<meta name="generator" content="[^"]*">')


def _env() -> dict[str, str]:
    day = dt.datetime.fromisoformat(TODAY + "T12:00:00+00:00")
    return {
        **os.environ,
        "SOURCE_DATE_EPOCH": str(int(day.timestamp())),
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
    }


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(
        args,
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("properdocs")
    root = work / "src"
    copy_sample(root)
    with_mkdocs, with_properdocs = work / "mkdocs-site", work / "properdocs-site"
    _run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--root",
            str(root),
            "--site-dir",
            str(with_mkdocs),
        ],
        REPO,
    )
    _run(
        [
            sys.executable,
            "-m",
            "properdocs",
            "build",
            "-f",
            "mkdocs.yml",
            "-d",
            str(with_properdocs),
        ],
        root,
    )
    return with_mkdocs, with_properdocs


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_properdocs_built_the_site_itself(builds):
    _, with_properdocs = builds
    home = (with_properdocs / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<meta name="generator" content="[^"]*ProperDocs', home)
    job = (with_properdocs / "jobs/aai-3012345/index.html").read_text(encoding="utf-8")
    assert '"@type": "JobPosting"' in job or '"@type":"JobPosting"' in job


def test_same_pages_and_files(builds):
    with_mkdocs, with_properdocs = builds
    files = _files(with_mkdocs)
    assert files == _files(with_properdocs)
    pages = {f for f in files if f.endswith("index.html")}
    assert len(pages) > 50
    assert {
        "stories/index.html",
        "jobs/index.html",
        "jobs/locations/index.html",
        "people/index.html",
        "jobs/aai-3012345/index.html",
    } <= pages


def test_same_feeds_and_sitemap_byte_for_byte(builds):
    with_mkdocs, with_properdocs = builds
    feeds = sorted(
        f
        for f in _files(with_mkdocs)
        if f.endswith(("feed.xml", "atom.xml", "feed.json")) or f.startswith("sitemap")
    )
    assert "jobs/feed.xml" in feeds and "stories/atom.xml" in feeds
    for name in feeds:
        assert (with_mkdocs / name).read_bytes() == (with_properdocs / name).read_bytes(), name


def test_every_page_is_the_same_but_for_the_generator_tag(builds):
    with_mkdocs, with_properdocs = builds
    for name in sorted(_files(with_mkdocs)):
        left, right = (with_mkdocs / name).read_bytes(), (with_properdocs / name).read_bytes()
        if name.endswith(".html"):
            left = GENERATOR_META.sub("", left.decode("utf-8")).encode("utf-8")
            right = GENERATOR_META.sub("", right.decode("utf-8")).encode("utf-8")
        assert left == right, name


def test_how_properdocs_loads_the_plugin_and_leaves_mkdocs_alone():
    probe = (
        "import mkdocs, properdocs\n"
        "from properdocs.plugins import get_plugins\n"
        "careers = get_plugins()['careers']\n"
        "print(careers.group, careers.value)\n"
        "print(mkdocs.__name__, mkdocs.__version__)\n"
        "import properdocs.replacement, mkdocs.plugins\n"
        "print(mkdocs.plugins.__name__)\n"
    )
    out = _run([sys.executable, "-c", probe], REPO).stdout.split("\n")
    # the entry point we declare
    assert out[0] == "mkdocs.plugins generator.adapters.mkdocs.plugin:CareersPlugin"
    assert out[1] == "mkdocs 1.6.1"  # MkDocs itself, untouched by the ProperDocs install
    assert out[2] == "properdocs.plugins"  # after replacement, mkdocs.* is properdocs.*


def test_a_site_started_with_init_builds_every_way_with_env_and_inherit(tmp_path, monkeypatch):
    """Issue 15: a new site from `init`, its config split with INHERIT and given !ENV values,
    builds with `python -m generator build`, `mkdocs build` and `properdocs build` alike."""
    site = tmp_path / "new-site"
    _run([sys.executable, "-m", "generator", "init", str(site)], REPO)
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "base.yml").write_text(config, encoding="utf-8")
    (site / "properdocs.yml").write_text(
        "INHERIT: base.yml\nsite_name: !ENV [CAREERS_SITE_NAME, Fallback]\n", encoding="utf-8"
    )
    (site / "mkdocs.yml").write_text(
        "INHERIT: base.yml\nsite_name: !ENV [CAREERS_SITE_NAME, Fallback]\n", encoding="utf-8"
    )
    monkeypatch.setenv("CAREERS_SITE_NAME", "Env Named Careers")
    outputs = {
        "generator": [sys.executable, "-m", "generator", "build", "--site-dir"],
        "mkdocs": [sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d"],
        "properdocs": [sys.executable, "-m", "properdocs", "build", "-f", "properdocs.yml", "-d"],
    }
    for name, command in outputs.items():
        out = tmp_path / name
        _run([*command, str(out)], site)
        jobs = list((out / "jobs").glob("*/index.html"))
        assert jobs, name
        page = jobs[0].read_text(encoding="utf-8")
        assert "Env Named Careers" in page, name  # the !ENV value, through INHERIT
        assert (out / "jobs" / "feed.xml").is_file(), name
