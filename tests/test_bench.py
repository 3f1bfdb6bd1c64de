"""The benchmark (`python -m bench`, `make bench`) end to end on a tiny synthetic site: every
build of issue 11's table runs, succeeds and shows its change; both tables and the JSON hold
every row. No timing is asserted (the machine is shared)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import edits, report, synth
from bench.__main__ import main
from tests.conftest import REPO

pytestmark = pytest.mark.slow  # a minute: some twenty builds and a preview server

JOBS = 60
BUILDS = {"cold", "mkdocs", "hugo", *(rebuild.name for rebuild in edits.REBUILDS)}


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    """One run of the benchmark at 60 jobs, one round; its work folder is kept."""
    work = tmp_path_factory.mktemp("bench")
    home = work / "home"  # whatever a yardstick would write into the user's home lands here
    home.mkdir()
    env = dict(os.environ, HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"))
    command = [sys.executable, "-m", "bench", "--sizes", str(JOBS), "--rounds", "1"]
    command += ["--work", str(work / "w"), "--json", str(work / "bench.json")]
    result = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=1200
    )
    assert result.returncode == 0, result.stderr[-5000:]
    results = json.loads((work / "bench.json").read_text(encoding="utf-8"))
    return result.stdout, results, work / "w" / f"jobs-{JOBS}"


def test_every_build_runs_once_a_round_and_succeeds(bench):
    _, results, _ = bench
    assert results["rounds"] == 1
    [row] = results["rows"]
    assert (row["jobs"], row["stories"]) == (JOBS, 10)
    assert row["pages"] > JOBS and row["feed_files"] > 0
    assert set(row["runs"]) == BUILDS
    for name, measured in row["runs"].items():
        assert measured["ok"], (name, measured)
        assert [run["code"] for run in measured["runs"]] == [0], name
        assert measured["runs"][0]["problem"] == "", name
        assert measured["wall"] > 0 and measured["peak"] > 0, name
    assert row["ok"]


def test_the_live_preview_serves_each_saved_edit(bench):
    _, results, _ = bench
    preview = results["rows"][0]["preview"]
    assert "skipped" not in preview, preview
    for kind in report.PREVIEWS:
        assert preview[kind]["ok"] and len(preview[kind]["runs"]) == 1, preview
        assert preview[kind]["median"] is not None


def test_every_target_of_the_issue_has_a_value_and_a_verdict(bench):
    _, results, _ = bench
    found = results["rows"][0]["targets"]
    assert [target["target"] for target in found] == [
        "cold ÷ plain MkDocs + Material cold",
        "cold ÷ Hugo cold",
        "nothing changed ÷ Hugo cold",
        "1 job edited ÷ Hugo cold",
        "1 story edited ÷ Hugo cold",
        "1 job added ÷ Hugo cold",
        "1 job closed ÷ Hugo cold",
        "slowest edit rebuild, any round ÷ Hugo cold",
        "live preview, job saved → served",
        "live preview, story saved → served",
        "peak memory of our builds (process tree)",
    ]
    limits = [0.5, 2.5, 0.1, 0.3, 0.3, 0.3, 0.3, 0.3, 1, 1, 1e9]
    assert [target["limit"] for target in found] == limits
    for target in found:
        assert target["value"] is not None and target["met"] in (True, False), target
    runs = results["rows"][0]["runs"]
    assert found[0]["value"] == runs["cold"]["wall"] / runs["mkdocs"]["wall"]
    slowest = max(run["wall"] for name in report.EDITS for run in runs[name]["runs"])
    assert found[7]["value"] == slowest / runs["hugo"]["wall"]


def test_the_slowest_edit_counts_every_round_not_the_median():
    def measured(*walls: float) -> dict:
        return {
            "wall": sorted(walls)[len(walls) // 2],
            "ok": True,
            "runs": [{"wall": w} for w in walls],
        }

    runs = {name: measured(2.0, 2.5, 3.0) for name in report.EDITS}
    runs["job_edited"] = measured(9.0, 2.0, 2.2)  # the first round: slow
    runs["hugo"] = measured(30.0, 40.0, 50.0)
    slowest = report.slowest_edit(runs)
    assert slowest["value"] == 9.0 / 40.0 and slowest["met"] is True
    runs["job_closed"] = measured(2.0, 13.0, 2.0)
    assert report.slowest_edit(runs)["value"] == 13.0 / 40.0
    assert report.slowest_edit(runs)["met"] is False
    del runs["hugo"]
    assert report.slowest_edit(runs)["note"] == "not measured"


def test_the_tables_print_every_column_and_target(bench):
    stdout, results, _ = bench
    measured, targets = stdout.split("\n\n| target", 1)
    head, rule, row = [line for line in measured.splitlines() if line.startswith("|")]
    columns = [cell.strip() for cell in head.strip("|").split("|")]
    assert columns[:6] == [
        "jobs / stories",
        "pages",
        "feed files",
        "cold wall",
        "cold CPU",
        "cold peak memory",
    ]
    assert columns[6:] == [
        *(f"rebuild, {rebuild.label}" for rebuild in edits.REBUILDS),
        "preview, job saved → served",
        "preview, story saved → served",
        "plain MkDocs + Material cold",
        "Hugo cold",
    ]
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert len(cells) == len(columns) and cells[0] == f"{JOBS} / 10"
    assert cells[1] == f"{results['rows'][0]['pages']:,}"
    assert not any("failed" in cell or cell in ("–", "skipped") for cell in cells), cells
    lines = [line for line in targets.splitlines() if line.startswith("| ")]  # no head, rule
    assert len(lines) == 11
    assert all(line.rstrip(" |").endswith(("✓", "✗")) for line in lines), lines


def test_a_rebuild_that_missed_its_edit_would_fail(bench):
    """Each rebuild's check finds the output unchanged when the edit was not built."""
    _, _, folder = bench
    src, site = folder / "src", folder / "out" / "site"
    for rebuild in edits.REBUILDS:
        if rebuild.name == "unchanged":
            continue
        check = rebuild.edit(src, 1)  # the second round's edit, never built
        assert check(site), rebuild.name


def test_sizes_must_be_job_counts():
    for wrong in ("many", "5", ""):
        with pytest.raises(SystemExit) as stopped:
            main(["--sizes", wrong])
        assert stopped.value.code == 2
    with pytest.raises(SystemExit):
        main(["--sizes", "60", "--rounds", "0"])


def test_closing_a_job_with_a_later_deadline_moves_its_deadline(tmp_path: Path):
    """A closed job has one last day, the day before "today" (a second `valid_through` key
    would be an error), and an added job is open: posted before today, no deadline, no draft."""
    src = tmp_path / "src"
    synth.generate(src, synth.size_for(40))
    later = next(
        path
        for path in sorted((src / "jobs").glob("*/j*.yml"), key=lambda p: p.stem)
        if "valid_through: 2026-12" in path.read_text(encoding="utf-8")
        and "draft:" not in path.read_text(encoding="utf-8")
    )
    closed = synth.close_job(src, int(later.stem[1:]))
    assert closed == later
    text = closed.read_text(encoding="utf-8")
    assert text.count("valid_through:") == 1 and "valid_through: 2026-11-24\n" in text
    added = synth.add_job(src, "bench-new-x").read_text(encoding="utf-8")
    assert "posted: 2026-11-18\n" in added
    assert "valid_through:" not in added and "draft:" not in added
    with pytest.raises(FileExistsError):
        synth.add_job(src, "bench-new-x")
