"""Beside other MkDocs plugins a company's site may run: mkdocs-redirects can lead to pages the
generator writes (a job), and mkdocs-static-i18n is refused at start-up with the reason."""

from __future__ import annotations

import subprocess
import sys

from conftest import MKDOCS_YML, TODAY, SiteSource, file_tree

REDIRECTS = """\
  - redirects:
      redirect_maps:
        old-role.md: jobs/sea-1/
        old-role-page.md: jobs/sea-1/index.md#apply
        old-about.md: about.md
"""


def _mkdocs(source: SiteSource, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", *args],
        cwd=source.root,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "HOME": str(source.root)},
    )


def test_redirects_may_lead_to_a_job_page(source: SiteSource, tmp_path):
    config = MKDOCS_YML.replace("plugins:\n", "plugins:\n" + REDIRECTS)
    config = config.replace("  - careers:\n", f"  - careers:\n      today: '{TODAY}'\n")
    source.write("mkdocs.yml", config)
    source.write("content/about.md", "# About\n")
    source.job("sea-1")
    result = _mkdocs(source, "--strict", "-d", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    role = (site / "old-role" / "index.html").read_text(encoding="utf-8")
    assert 'content="0; url=https://example.test/careers/jobs/sea-1/"' in role
    page = (site / "old-role-page" / "index.html").read_text(encoding="utf-8")
    assert "https://example.test/careers/jobs/sea-1/#apply" in page
    assert (site / "old-about" / "index.html").is_file()  # an ordinary redirect, as before
    assert (site / "jobs" / "sea-1" / "index.html").is_file()


def test_redirect_pages_outlive_the_next_build(source: SiteSource, tmp_path):
    """mkdocs-redirects writes its pages itself, outside MkDocs' list of files: a build from
    empty copies them into the spare too, so the next build (which starts from the spare and
    does not run MkDocs: the theme did not change) still publishes them."""
    config = MKDOCS_YML.replace("plugins:\n", "plugins:\n" + REDIRECTS)
    source.write("mkdocs.yml", config)
    source.write("content/about.md", "# About\n")
    source.job("sea-1")
    site = source.build(site_dir=tmp_path / "site").dir
    assert (site / "old-role" / "index.html").is_file()
    source.job("sea-1", title="A renamed role")
    source.build(site_dir=site)
    assert file_tree(site) == file_tree(source.build(site_dir=tmp_path / "fresh").dir)
    assert (site / "old-role" / "index.html").is_file()


def test_static_i18n_is_refused_at_start_up_with_the_reason(source: SiteSource, tmp_path):
    i18n = (
        "  - i18n:\n      languages:\n"
        "        - locale: en\n          name: English\n          default: true\n"
    )
    source.write("mkdocs.yml", MKDOCS_YML.replace("plugins:\n", "plugins:\n" + i18n))
    source.job("sea-1")
    result = _mkdocs(source, "-d", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "cannot run beside mkdocs-static-i18n" in result.stderr
    assert "Build one site per language" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()
