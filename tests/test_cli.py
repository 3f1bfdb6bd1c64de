"""The command line: exit codes, output-folder rules, no traceback for content errors."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO, leftovers


def run(*args, cwd=REPO):
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True
    )


def test_help_explains_the_commands():
    result = run("--help")
    assert result.returncode == 0
    assert "build" in result.stdout and "check" in result.stdout


def test_usage_errors_exit_2(source):
    assert run().returncode == 2
    assert run("build", "--bogus").returncode == 2
    assert source.run("check", "--today", "25/11/2026")[0] == 2
    result = run("check", "--root", str(source.root / "nowhere"))
    assert result.returncode == 2 and "has no mkdocs.yml" in result.stderr


def test_invalid_source_exits_1_without_traceback(source):
    source.write("jobs/bad.yml", "id: x\n")
    result = run("check", "--root", str(source.root))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "jobs/bad.yml:1: error: missing required key 'title'" in result.stderr.splitlines()


def test_check_passes_on_the_sample_site():
    result = run("check", "--today", "2026-11-25")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ")


def test_refuses_output_folders_that_hold_sources(source, tmp_path):
    source.job("a")
    for bad in (
        source.root,
        source.root / "content",
        source.root / "jobs" / "out",
        source.root.parent,
    ):
        code, _, err = source.run("build", "--site-dir", str(bad))
        assert code == 2, bad
        assert "refusing to build into" in err
    assert (source.root / "jobs" / "a.yml").exists()


def test_failed_build_leaves_previous_output_untouched(source, tmp_path):
    source.job("a")
    out = tmp_path / "out"
    source.build(site_dir=out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    source.write("jobs/b.yml", "id: b\n")
    code, _, err = source.run("build", "--site-dir", str(out))
    assert code == 1 and "jobs/b.yml:1: error:" in err
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert leftovers(out) == []  # no staging folder left


def test_mkdocs_build_works_through_the_plugin(source, tmp_path):
    source.job("a")
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "m")]
    result = subprocess.run(mkdocs, cwd=source.root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "m" / "jobs" / "a" / "index.html").is_file()
    assert (tmp_path / "m" / "jobs" / "feed.xml").is_file()
