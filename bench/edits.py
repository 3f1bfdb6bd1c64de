"""The rebuilds the benchmark times, each after one kind of change to the synthetic site.

Each edit changes the sources as an editor would and returns a check of the rebuilt output: a
rebuild is only counted as a success if its output shows the change (a rebuild that is fast
because it missed the edit is a failure, not a good time).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import synth
from generator.model.urls import job_url, story_url

# The output's problem, "" when it shows what the edit changed.
Check = Callable[[Path], str]

CLOSED_JOB_MARK = '<meta name="robots" content="noindex">'  # a closed job's page says so


def shows(url: str, text: str | None = None) -> Check:
    """A check that the page at `url` exists and (if given) holds `text`."""

    def check(site: Path) -> str:
        page = site / url / "index.html"
        if not page.is_file():
            return f"/{url} is missing"
        if text is not None and text not in page.read_text(encoding="utf-8"):
            return f"/{url} does not show {text!r}"
        return ""

    return check


def nothing(src: Path, round_: int) -> Check:
    return shows("")


def edit_job(src: Path, round_: int) -> Check:
    marker = f"Benchmark edit {round_ + 1} of this role."
    return shows(job_url(synth.edit_job(src, 5, marker).stem), marker)


def edit_story(src: Path, round_: int) -> Check:
    marker = f"Benchmark edit {round_ + 1} of this story."
    return shows(story_url(synth.edit_story(src, 2, marker).stem), marker)


def add_job(src: Path, round_: int) -> Check:
    path = synth.add_job(src, f"bench-new-{round_ + 1}")
    return shows(job_url(path.stem), synth.job_title(path))


def close_job(src: Path, round_: int) -> Check:
    # From j000030 on: the first open job there, so each round closes another one.
    return shows(job_url(synth.close_job(src, 30).stem), CLOSED_JOB_MARK)


@dataclass(frozen=True)
class Rebuild:
    name: str  # the key in the results
    label: str  # a column of the table
    edit: Callable[[Path, int], Check]  # (sources, round) -> check of the output


REBUILDS = (
    Rebuild("unchanged", "nothing changed", nothing),
    Rebuild("job_edited", "1 job edited", edit_job),
    Rebuild("story_edited", "1 story edited", edit_story),
    Rebuild("job_added", "1 job added", add_job),
    Rebuild("job_closed", "1 job closed", close_job),
)
