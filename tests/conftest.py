"""Shared helpers: build small sites in temporary folders and read what they publish."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
from pathlib import Path

import lxml.html
import pytest
import yaml

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"

MKDOCS_YML = """\
site_name: Test Careers
site_url: https://example.test/careers/
docs_dir: content
theme:
  name: material
  font: false
nav:
  - Home: index.md
  - Stories: stories/index.md
  - People: people/index.md
  - Jobs: jobs/index.md
  - Locations: jobs/locations/index.md
plugins:
  - search
  - careers:
      organization: Test Org
      organization_url: https://org.example.test/
"""


def job_fields(job_id: str, **overrides) -> dict:
    fields = {
        "id": job_id,
        "title": f"Applied Scientist {job_id}",
        "locations": ["US, WA, Seattle"],
        "team": "Search Science",
        "category": "Applied Science",
        "posted": "2026-11-01",
        "apply_url": f"https://jobs.example.test/{job_id}",
        "description": "Build **models** that help people.",
    }
    fields.update(overrides)
    return {key: value for key, value in fields.items() if value is not None}


class Built:
    """A built site: read pages by URL (relative to site_url)."""

    def __init__(self, site_dir: Path):
        self.dir = site_dir

    def path(self, url: str, filename: str = "index.html") -> Path:
        return self.dir / url / filename

    def exists(self, url: str, filename: str = "index.html") -> bool:
        return self.path(url, filename).is_file()

    def text(self, url: str, filename: str = "index.html") -> str:
        return self.path(url, filename).read_text(encoding="utf-8")

    def html(self, url: str):
        return lxml.html.fromstring(self.text(url))

    def jsonld(self, url: str) -> list[dict]:
        scripts = self.html(url).xpath('//script[@type="application/ld+json"]')
        return [json.loads(script.text) for script in scripts]


class SiteSource:
    """A site's source tree in a temporary folder, written file by file by a test."""

    def __init__(self, root: Path):
        self.root = root
        self.write("mkdocs.yml", MKDOCS_YML)
        self.write("content/index.md", "# Welcome\n\nHello.\n")

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def job(self, job_id: str, folder: str = "jobs", **overrides) -> Path:
        return self.write(
            f"{folder}/{job_id}.yml",
            yaml.safe_dump(job_fields(job_id, **overrides), sort_keys=False),
        )

    def story(
        self, slug: str, body: str = "A story body.\n", folder: str = "stories", **front
    ) -> Path:
        fields = {"title": f"Story {slug}", "date": "2026-10-01", "summary": f"About {slug}."}
        fields.update(front)
        fields = {key: value for key, value in fields.items() if value is not None}
        return self.write(
            f"{folder}/{slug}.md",
            "---\n" + yaml.safe_dump(fields, sort_keys=False) + "---\n" + body,
        )

    def person(self, person_id: str, **fields) -> Path:
        data = {
            "name": person_id.replace("-", " ").title(),
            "role": "Applied science intern",
            **fields,
        }
        return self.write(f"content/people/{person_id}.yml", yaml.safe_dump(data, sort_keys=False))

    def related(self, cards: list[dict]) -> Path:
        return self.write("content/related.yml", yaml.safe_dump(cards, sort_keys=False))

    def run(self, *args: str) -> tuple[int, str, str]:
        """Run `python -m generator ARGS --root ROOT` in-process: (exit code, stdout, stderr)."""
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([*args, "--root", str(self.root)])
            except SystemExit as exit_:
                code = exit_.code
        return code, out.getvalue(), err.getvalue()

    def build(self, today: str = TODAY, site_dir: Path | None = None) -> Built:
        site_dir = site_dir or self.root.parent / "out"
        code, _, err = self.run("build", "--today", today, "--site-dir", str(site_dir))
        assert code == 0, err
        return Built(site_dir)

    def check(self, today: str = TODAY) -> tuple[int, list[str]]:
        code, _, err = self.run("check", "--today", today)
        return code, [line for line in err.splitlines() if ": error: " in line]


def file_tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative path -> bytes): two outputs compare byte for byte."""
    found = {}
    for base, _, names in os.walk(folder):
        for name in names:
            path = Path(base) / name
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def leftovers(site: Path) -> list[str]:
    """What builds left beside the output, but the spare (kept by design, output/commit.py)."""
    spare = f".{site.name}-spare"
    return sorted(
        p.name
        for p in site.parent.iterdir()
        if p.name.startswith(f".{site.name}-") and p.name != spare
    )


def fresh_tree(source: SiteSource, site_dir: Path) -> dict[str, bytes]:
    """What a build from scratch (no cache, no earlier output) writes into `site_dir`."""
    os.environ["CAREERS_NO_CACHE"] = "1"
    try:
        return file_tree(source.build(site_dir=site_dir).dir)
    finally:
        del os.environ["CAREERS_NO_CACHE"]


def copy_sample(root: Path) -> Path:
    """The repository's sample sources (content/, stories/, jobs/, mkdocs.yml) copied to `root`."""
    for name in ("content", "stories", "jobs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(autouse=True, scope="session")
def cache_outside_home(tmp_path_factory):
    """The generator's caches go to a temporary folder: tests never write into the user's home
    (subprocesses inherit the variable)."""
    folder = tmp_path_factory.mktemp("careers-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAREERS_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture
def source(tmp_path) -> SiteSource:
    return SiteSource(tmp_path / "src")


@pytest.fixture(scope="session")
def sample(tmp_path_factory) -> Built:
    """The repository's own sample site, built once for the session."""
    work = tmp_path_factory.mktemp("sample")
    root = work / "src"
    copy_sample(root)
    site = SiteSource.__new__(SiteSource)
    site.root = root
    return site.build(site_dir=work / "site")


# The fast tier (`make test-fast`) leaves out what drives a browser or builds many sites.
SLOW_MODULES = {
    "test_properdocs",
    "test_properties",
    "test_import_properties",
    "test_browser",
    "test_accessibility",
}


def pytest_collection_modifyitems(items):
    for item in items:
        module = item.module.__name__.rpartition(".")[2]
        if "browser" in getattr(item, "fixturenames", ()) or module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
