"""Everyday tooling: the pre-commit hook, the GitHub Actions workflow, the Makefile shortcuts."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, SiteSource

WORKFLOW = REPO / ".github/workflows/site.yml"
PRE_COMMIT = REPO / ".pre-commit-config.yaml"
PUBLISHED_HOOKS = REPO / ".pre-commit-hooks.yaml"


def _hook() -> dict:
    """The repository's own hook (.pre-commit-config.yaml)."""
    config = yaml.safe_load(PRE_COMMIT.read_text())
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    (hook,) = repo["hooks"]
    return hook


def _published_hook() -> dict:
    """The hook other sites' repositories use (.pre-commit-hooks.yaml)."""
    (hook,) = yaml.safe_load(PUBLISHED_HOOKS.read_text())
    return hook


def test_both_hooks_run_the_console_script_once_per_commit():
    own, published = _hook(), _published_hook()
    assert own["id"] == published["id"] == "careers-check"
    assert own["entry"] == published["entry"] == "careers check"
    assert own["files"] == published["files"]
    for hook in (own, published):
        assert hook["pass_filenames"] is False and hook["require_serial"] is True
    # The published one installs the package; this repository's runs the one on PATH.
    assert (published["language"], own["language"]) == ("python", "system")


@pytest.mark.parametrize("hook", [_hook, _published_hook])
def test_pre_commit_hook_runs_the_check_on_changed_sources_only(hook):
    files = re.compile(hook()["files"])
    for changed in (
        "jobs/agi/aai-3012345.yml",
        "stories/2026/x.md",
        "content/people/a.yml",
        "content/related.yml",
        "content/images/x.svg",
        "mkdocs.yml",
        "import/locations.yml",
    ):
        assert files.search(changed), changed
    for changed in (
        "README.md",
        "generator/cli.py",
        "tests/test_links.py",
        "site/index.html",
        "bench/run.py",
        "my-jobs/x.yml",
    ):
        assert not files.search(changed), changed


def test_pre_commit_entry_stops_a_bad_commit(source: SiteSource):
    source.job("a-1", posted="2026-1-5")
    program, *args = shlex.split(_hook()["entry"])
    # The console script of this test's environment, as `careers` on PATH would be.
    command = [str(Path(sys.executable).parent / program), *args]
    result = subprocess.run(
        command,
        cwd=source.root,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        env=_env(),
    )
    assert result.returncode == 1
    lines = (source.root / "jobs/a-1.yml").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith("posted:"))
    assert f"jobs/a-1.yml:{line}: error: posted: '2026-1-5' is not a date" in result.stderr
    source.job("a-1")
    result = subprocess.run(
        command,
        cwd=source.root,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        env=_env(),
    )
    assert result.returncode == 0, result.stderr


def _env() -> dict:
    return {**os.environ, "SOURCE_DATE_EPOCH": "1795608000"}


def test_workflow_is_valid_against_the_github_workflow_schema():
    lint = Path(sys.executable).parent / "check-jsonschema"
    if not lint.exists():
        pytest.fail("check-jsonschema is pinned in the test extra: run `make test` to install it")
    result = subprocess.run(
        [str(lint), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_lint_catches_a_broken_workflow(tmp_path):
    lint = Path(sys.executable).parent / "check-jsonschema"
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on:", "runs_on:", 1))
    result = subprocess.run(
        [str(lint), "--builtin-schema", "vendor.github-workflows", str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1


def test_workflow_tests_builds_and_publishes_site_to_pages():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert {"push", "pull_request", "schedule"} <= set(triggers)
    build, deploy = workflow["jobs"]["test-and-build"], workflow["jobs"]["deploy"]
    runs = [step.get("run") for step in build["steps"]]
    assert runs.index("make test") < runs.index("make build")
    upload = next(
        s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@")
    )
    assert upload["with"]["path"] == "site"
    assert deploy["needs"] == "test-and-build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])
    assert "pull_request" in deploy["if"] and "refs/heads/main" in deploy["if"]
    assert workflow["permissions"] == {"contents": "read"}  # least privilege by default


def test_make_check_runs_the_link_check_and_new_shortcuts_exist():
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    dry = subprocess.run(
        [
            "make",
            "-n",
            "-o",
            ".venv/.installed-build",
            "check",
            "new-story",
            "new-job",
            "new-person",
            "ARGS=--title T",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    assert any(line.endswith("-m generator check --links") for line in lines)
    for kind in ("story", "job", "person"):
        assert any(line.endswith(f"-m generator new {kind} --title T") for line in lines), kind


def _make_dry_run(*targets: str) -> list[str]:
    """What `make TARGETS` would run on a fresh machine (-B: as if nothing were installed)."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    # Not as a sub-make of `make test`: none of its flags, and no "Entering directory" lines.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    dry = subprocess.run(
        ["make", "-n", "-B", *targets],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert dry.returncode == 0, dry.stderr
    return dry.stdout.splitlines()


def test_make_build_installs_only_the_build_lock_hash_checked():
    lines = _make_dry_run("build")
    installs = [line for line in lines if " -m pip install " in line]
    assert len(installs) == 2, installs
    assert installs[0].endswith("--require-hashes -r requirements/build.lock")
    assert installs[1].endswith("--no-deps --no-build-isolation -e .")
    assert not any("test.lock" in line or "[test" in line for line in lines)
    assert lines[-1].endswith("-m generator build")


def test_make_test_adds_the_test_lock_once_after_the_build_lock():
    lines = _make_dry_run("test")
    locks = [
        line.split(" -r ")[1] for line in lines if " -m pip install " in line and " -r " in line
    ]
    assert locks == ["requirements/build.lock", "requirements/test.lock"]
    assert all("--require-hashes" in line for line in lines if " -r requirements/" in line)
    assert lines[-1].endswith("-m pytest -q -n 2")  # the whole suite, on both cores


def test_readme_documents_the_commands():
    readme = (REPO / "README.md").read_text()
    assert readme.count("\n## Editors' and operators' commands\n") == 1
    assert readme.count("\n## Moving off MkDocs\n") == 1
    section = readme.split("\n## Editors' and operators' commands\n")[1].split("\n## ")[0]
    for command in (
        "make new-story",
        "make new-job",
        "make new-person",
        "make check",
        "--external",
        "import greenhouse",
        "import lever",
        "import/locations.yml",
    ):
        assert command in section, command


def test_the_repository_mapping_file_is_valid_and_outside_the_sources():
    from generator.importers import MAPPING, load_places

    assert not MAPPING.startswith(("content/", "stories/", "jobs/"))
    places, problems = load_places(REPO)
    assert problems == []
    assert places["seattle, wa"].codes == ("US, WA, Seattle",)
    assert places["remote - canada"].remote is True
