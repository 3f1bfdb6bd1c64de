"""The corpus of hostile and broken exports (tests/import_cases/), plus cases too big to keep.

Every case must end in exactly its expected `FILE:LINE: error: MESSAGE` lines and exit code, with
no traceback and no file of the site changed.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, TODAY, SiteSource

CORPUS = Path(__file__).parent / "import_cases"
CASES = sorted(path.name for path in CORPUS.iterdir() if (path / "expected.txt").is_file())
EXPECTED = re.compile(r"(?P<path>.+?):(?P<line>\d+): (?P<fragment>.+)")
ERROR = re.compile(r"(?P<path>.+?):(?P<line>\d+): error: (?P<message>.+)")


@pytest.fixture
def site(source: SiteSource) -> SiteSource:
    source.write("import/locations.yml", (REPO / "import/locations.yml").read_text())
    source.job("hand-1", team="Search Science")  # a hand-written job beside the imported ones
    return source


def files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def run_case(site: SiteSource, folder: Path, monkeypatch) -> tuple[int, str, str]:
    """Import the case's export from its own folder, so messages name it by its file name."""
    (export,) = folder.glob("*.json")
    monkeypatch.chdir(folder)
    return site.run("import", export.stem, export.name, "--today", TODAY)


def assert_reported(err: str, expected: list[str]) -> None:
    assert "Traceback" not in err, err
    reported = [ERROR.fullmatch(line) for line in err.splitlines() if ": error: " in line]
    assert all(reported), err
    for line in expected:
        want = EXPECTED.fullmatch(line)
        assert want, f"not FILE:LINE: FRAGMENT: {line!r}"
        assert any(
            m["path"] == want["path"]
            and m["line"] == want["line"]
            and want["fragment"] in m["message"]
            for m in reported
        ), f"no '{line}' in\n{err}"
    assert len(reported) == len(expected), f"unexpected problems:\n{err}"
    assert err.splitlines()[-1].endswith("nothing was written."), err


def test_the_corpus_covers_both_systems():
    assert len(CASES) >= 15
    assert {case.split("-")[0] for case in CASES} == {"greenhouse", "lever"}
    for path in CORPUS.iterdir():
        assert path.name == "README.md" or (path / "expected.txt").is_file(), path


@pytest.mark.parametrize("case", CASES)
def test_import_case(case: str, site: SiteSource, monkeypatch):
    folder = CORPUS / case
    if (folder / "site").is_dir():
        shutil.copytree(folder / "site", site.root, dirs_exist_ok=True)
    before = files(site.root)
    code, out, err = run_case(site, folder, monkeypatch)
    assert code == int((folder / "exit-code").read_text()), f"{case}: exit {code}\n{out}{err}"
    assert_reported(err, (folder / "expected.txt").read_text(encoding="utf-8").splitlines())
    assert files(site.root) == before


# Cases generated here: too big to keep as files.

JOB = json.loads((CORPUS / "greenhouse-team-slug-clash" / "greenhouse.json").read_text())["jobs"][0]
ROW = 'greenhouse.json:3: jobs[0] (id 101, "Applied Scientist, Forecasting"): '


def greenhouse_export(folder: Path, text: str) -> None:
    (folder / "greenhouse.json").write_text(text, encoding="utf-8")


def test_a_description_over_the_size_of_a_job_file(site: SiteSource, tmp_path, monkeypatch):
    job = dict(JOB, content="&lt;p&gt;" + "forecast " * 170_000 + "&lt;/p&gt;")  # 1.5 MB
    greenhouse_export(tmp_path, json.dumps({"jobs": [job]}, indent=2))
    before = files(site.root)
    code, _, err = run_case(site, tmp_path, monkeypatch)
    assert code == 1
    assert_reported(err, [ROW + "the job file it makes would be 1530"])
    assert "; the limit is 1048576 (1 MiB)" in err
    assert files(site.root) == before


def test_arrays_nested_100000_deep(site: SiteSource, tmp_path, monkeypatch):
    text = json.dumps({"jobs": [dict(JOB, metadata="DEEP")]}, indent=2)
    line = next(n for n, s in enumerate(text.splitlines(), start=1) if '"DEEP"' in s)
    greenhouse_export(tmp_path, text.replace('"DEEP"', "[" * 100_000 + "]" * 100_000))
    before = files(site.root)
    code, _, err = run_case(site, tmp_path, monkeypatch)
    assert code == 1
    assert_reported(err, [f"greenhouse.json:{line}: arrays and objects nested more than"])
    assert files(site.root) == before
