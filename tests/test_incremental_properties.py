"""Correct by construction: after any sequence of edits, additions, deletions and closings, an
incremental build's output is byte for byte what a clean build of the same sources gives."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import SiteSource, file_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow

JOBS = [f"job-{n}" for n in range(6)]
STORIES = ["first", "second", "third"]
CITIES = ["US, WA, Seattle", "US, NY, New York", "DE, BE, Berlin", "IN, KA, Bengaluru"]
TEAMS = ["Search Science", "Ads Science"]

edits = st.one_of(
    st.tuples(
        st.just("job"),
        st.sampled_from(JOBS),
        st.sampled_from(CITIES),
        st.sampled_from(TEAMS),
        st.integers(1, 20),
    ),
    st.tuples(st.just("close"), st.sampled_from(JOBS)),
    st.tuples(st.just("delete-job"), st.sampled_from(JOBS)),
    st.tuples(
        st.just("story"),
        st.sampled_from(STORIES),
        st.sampled_from(TEAMS),
        st.sampled_from(["Intro.\n", "New words.\n\n## A part\n\nMore.\n"]),
    ),
    st.tuples(st.just("delete-story"), st.sampled_from(STORIES)),
    st.tuples(st.just("person"), st.sampled_from(TEAMS)),
    st.tuples(st.just("home"), st.sampled_from(["# Hi\n", "# Hello\n\n[[newest-roles]]\n"])),
)


def apply(source: SiteSource, edit: tuple) -> None:
    kind = edit[0]
    if kind == "job":
        _, job_id, city, team, day = edit
        source.job(
            job_id,
            locations=[city],
            team=team,
            posted=f"2026-11-{day:02d}",
            title=f"Scientist {job_id} {day}",
        )
    elif kind == "close":
        path = source.root / "jobs" / f"{edit[1]}.yml"
        if path.exists():
            source.job(edit[1], valid_through="2026-11-20")
    elif kind == "delete-job":
        (source.root / "jobs" / f"{edit[1]}.yml").unlink(missing_ok=True)
    elif kind == "story":
        _, slug, team, body = edit
        source.story(
            slug,
            body=body,
            teams=[team] if _has_team(source, team) else None,
            people=["ada"],
            series="Intern stories",
        )
    elif kind == "delete-story":
        (source.root / "stories" / f"{edit[1]}.md").unlink(missing_ok=True)
    elif kind == "person":
        source.person("ada", team=edit[1])
    else:
        source.write("content/index.md", edit[1])


def _has_team(source: SiteSource, team: str) -> bool:
    return any(team in path.read_text() for path in (source.root / "jobs").glob("*.yml"))



@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(st.lists(edits, min_size=1, max_size=3), min_size=1, max_size=2))
def test_incremental_builds_equal_clean_builds(steps):
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = SiteSource(work / "src")
        source.person("ada")
        for job_id in JOBS[:3]:
            source.job(job_id)
        source.story("first", teams=["Search Science"], people=["ada"])
        site = work / "site"
        source.build(site_dir=site)
        for batch in steps:
            for edit in batch:
                apply(source, edit)
            code, _, err = source.run("build", "--today", "2026-11-25", "--site-dir", str(site))
            if code != 0:  # an edit made the sources invalid (a story about a gone team)
                assert ": error: " in err
                continue
            clean = work / "clean"
            shutil.rmtree(clean, ignore_errors=True)
            os.environ["CAREERS_NO_CACHE"] = "1"
            try:
                source.build(site_dir=clean)
            finally:
                del os.environ["CAREERS_NO_CACHE"]
            incremental, fresh = file_tree(site), file_tree(clean)
            assert sorted(incremental) == sorted(fresh)
            for name, data in fresh.items():
                assert incremental[name] == data, name
