"""The live preview, `python -m generator serve`: a saved job or story is served at once from the
plan in memory (its first paint), then the full build follows; an invalid save shows its
`PATH:LINE: error:` lines in the terminal and over the open pages, and the fix recovers.

The first paint plans a page from the few jobs and stories it reads, looked up in the last
build's indexes: the tests hold it to the page a whole new plan gives after the same save."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import TODAY, SiteSource

from generator import build, serve
from generator.output.incremental import Fingerprints
from generator.output.write import Drawn

pytest_plugins = ["browser_support"]
from browser_support import open_page  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402

# A server in its own process builds a site, waits for saves and builds again: out of
# `make test-fast` (conftest's SLOW_MODULES would take this module's quick tests out too).
SERVER = pytest.mark.slow
WAIT = 120.0  # seconds: a page or a state the server must reach (a build under a loaded CI)


def small_site(source: SiteSource) -> SiteSource:
    """Jobs in two teams (one closed), stories of a series that name jobs' teams, cards and a
    person: every kind of context a job's or a story's page shows."""
    source.person("ada-lovelace", quotes=["Models should help people."], team="Search Science")
    source.job("job-a", title="Applied Scientist, Ranking")
    source.job("job-b", posted="2026-11-03")
    source.job("job-c", team="Ads Science", posted="2026-11-05")
    source.job("job-d", posted="2026-10-01", valid_through="2026-10-31")  # closed
    source.story("first-story", series="Intern stories", date="2026-09-01")
    source.story("third-story", series="Intern stories", date="2026-08-01")  # named by none
    source.story(
        "second-story",
        body="Our interns.\n\n[[card: first-story]]\n\n[[quote: ada-lovelace]]\n",
        series="Intern stories",
        teams=["Search Science"],
        people=["ada-lovelace"],
        related=["first-story"],
    )
    return source


def today() -> dt.date:
    return dt.date.fromisoformat(TODAY)


def prepared_now(root: Path) -> build.Prepared:
    return build.prepare(root, build.read_config(root), today())


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# The first paint, in process: the page it plans, the problems it finds.

EDITS = [  # (file, kind, old text, new text, the page's URL)
    ("jobs/job-a.yml", "job", "Applied Scientist, Ranking", "Principal Scientist", "jobs/job-a/"),
    ("jobs/job-d.yml", "job", "help people", "help everyone", "jobs/job-d/"),
    ("jobs/job-b.yml", "job", "Search Science", "Ads Science", "jobs/job-b/"),
    ("stories/second-story.md", "story", "Our interns.", "Our largest class.", None),
    ("stories/second-story.md", "story", "Search Science", "Ads Science", None),
]


@pytest.mark.parametrize(("rel", "kind", "old", "new", "url"), EDITS)
def test_the_first_paint_plans_the_page_a_whole_build_plans(source, rel, kind, old, new, url):
    small_site(source)
    before = prepared_now(source.root)
    snapshot = serve.snapshot_of(before, Drawn({}, []))
    edit(source.root / rel, old, new)
    paint = serve.first_paint(snapshot, source.root, rel, kind)
    assert paint is not None and paint.problems == []
    after = prepared_now(source.root)
    url = url or "stories/second-story/"
    planned = after.plan.page(url)
    fingerprints = Fingerprints(after.digests, "")
    assert paint.page.url == url
    assert fingerprints.page(paint.page) == fingerprints.page(planned)
    was = Fingerprints(before.digests, "").page(before.plan.page(url))
    assert was != fingerprints.page(planned)  # the save changed the page


BAD_SAVES = [  # (file, kind, old text, new text)
    ("jobs/job-a.yml", "job", "title: Applied Scientist, Ranking", "title: [Applied"),
    ("jobs/job-a.yml", "job", "posted: '2026-11-01'", "posted: '2026-13-01'"),
    ("jobs/job-a.yml", "job", "team: Search Science", "teem: Search Science"),
    ("stories/second-story.md", "story", "- ada-lovelace", "- ada-lovelase"),
    ("stories/second-story.md", "story", "[[card: first-story]]", "[[card: no-such-story]]"),
]


@pytest.mark.parametrize(("rel", "kind", "old", "new"), BAD_SAVES)
def test_a_bad_save_gives_the_problems_check_gives(source, rel, kind, old, new):
    small_site(source)
    snapshot = serve.snapshot_of(prepared_now(source.root), Drawn({}, []))
    edit(source.root / rel, old, new)
    paint = serve.first_paint(snapshot, source.root, rel, kind)
    code, checked = source.check()
    assert code == 1
    assert paint is not None and paint.page is None
    assert [str(problem) for problem in paint.problems] == checked
    assert all(re.match(rf"{re.escape(rel)}:\d+: error: ", line) for line in checked)


def test_a_job_whose_id_another_file_has_waits_for_the_full_build(source):
    small_site(source)
    snapshot = serve.snapshot_of(prepared_now(source.root), Drawn({}, []))
    edit(source.root / "jobs/job-a.yml", "id: job-a", "id: job-b")
    assert serve.first_paint(snapshot, source.root, "jobs/job-a.yml", "job") is None


def test_only_pages_are_injected_and_no_path_leaves_the_output():
    assert serve._output_file("/jobs/a/") == "jobs/a/index.html"
    assert serve._output_file("/") == "index.html"
    assert serve._output_file("/jobs/feed.xml") is None
    assert serve._output_file("/../../etc/passwd.html") is None
    assert serve._output_file("/jobs/%2e%2e/x.html") is None
    html = serve.inject(b"<html><body><p>x</p></body></html>", b"<script></script>")
    assert html == b"<html><body><p>x</p><script></script></body></html>"


# The server, in its own process, as an editor runs it.


class Server:
    def __init__(self, source: SiteSource, log: Path):
        self.root = source.root
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--root", str(source.root)]
            + ["--dev-addr", "127.0.0.1:0", "--today", TODAY],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log.open("wb"),
            start_new_session=True,
            env=dict(os.environ, CAREERS_PROGRESS="0"),
        )
        self.url = self._address()

    def _address(self) -> str:
        start = time.monotonic()
        while time.monotonic() - start < WAIT and self.process.poll() is None:
            found = re.search(r"serving the preview on (http://\S+/)", self.terminal())
            if found:
                return found.group(1)
            time.sleep(0.1)
        raise AssertionError(f"the preview did not start:\n{self.terminal()}")

    def terminal(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def status(self) -> dict:
        return json.loads(self.get(serve.STATUS_PATH.lstrip("/")))

    def wait_for(self, what: str, check) -> object:
        start = time.monotonic()
        while time.monotonic() - start < WAIT:
            with contextlib.suppress(urllib.error.URLError, OSError):
                found = check()
                if found:
                    return found
            time.sleep(0.05)
        raise AssertionError(f"never {what}:\n{self.terminal()}")

    def page_holding(self, path: str, text: str) -> str:
        return self.wait_for(f"served {text!r} at /{path}", lambda: _holding(self.get(path), text))

    def settled(self, builds: int) -> dict:
        """The status once more than `builds` builds ran and nothing is under way."""
        return self.wait_for("settled", lambda: _settled(self.status(), builds) and self.status())

    def first_event(self) -> dict:
        """The event stream's greeting: the version served and the problems now."""
        with urllib.request.urlopen(self.url + serve.EVENTS_PATH.lstrip("/"), timeout=30) as r:
            lines = [r.readline().decode() for _ in range(2)]
        assert lines[0] == "event: hello\n"
        return json.loads(lines[1].removeprefix("data: "))

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def _holding(page: str, text: str) -> str | None:
    return page if text in page else None


def _settled(status: dict, builds: int) -> bool:
    return status["builds"] > builds and not status["busy"]


@pytest.fixture
def server(source, tmp_path):
    small_site(source)
    running = Server(source, tmp_path / "serve.log")
    try:
        yield running
    finally:
        running.stop()


def _without_version(page: str) -> str:
    return re.sub(r"let version = \"[^\"]*\"", "", page)


@SERVER
def test_a_saved_job_and_story_are_served_then_built(server):
    job = server.root / "jobs/job-a.yml"
    assert "Applied Scientist, Ranking" in server.get("jobs/job-a/")
    builds = server.settled(0)["builds"]
    edit(job, "Applied Scientist, Ranking", "Principal Scientist, Ranking")
    first = server.page_holding("jobs/job-a/", "Principal Scientist, Ranking")
    assert serve.EVENTS_PATH in first  # the page listens for the next change
    server.settled(builds)
    built = server.get("jobs/job-a/")
    assert _without_version(built) == _without_version(first)  # the build wrote what it showed
    assert "Principal Scientist, Ranking" in server.get("jobs/")  # and the listings follow
    edit(server.root / "stories/second-story.md", "Our interns.", "Our largest class of interns.")
    url = "stories/second-story/"
    story = server.page_holding(url, "Our largest class of interns.")
    assert "[[card:" not in story and "Story first-story" in story  # its markers drawn
    shown = re.findall(r"^(\S+): /(\S+) shown in", server.terminal(), re.M)  # first paints
    assert shown == [("jobs/job-a.yml", "jobs/job-a/"), ("stories/second-story.md", url)]


@SERVER
def test_a_bad_save_is_reported_and_the_fix_recovers(server):
    job = server.root / "jobs/job-a.yml"
    builds = server.settled(0)["builds"]
    edit(job, "posted: '2026-11-01'", "posted: '2026-11-31'")
    problems = server.wait_for("reported the problem", lambda: server.status()["problems"])
    assert len(problems) == 1 and problems[0].startswith("jobs/job-a.yml:7: error: posted")
    assert server.first_event()["problems"] == problems  # what every open page is told
    status = server.settled(builds)
    assert status["problems"] == problems  # the full build found the same
    assert "Applied Scientist, Ranking" in server.get("jobs/job-a/")  # the last good page
    assert problems[0] in server.terminal()
    edit(job, "posted: '2026-11-31'", "posted: '2026-11-02'")
    edit(job, "Applied Scientist, Ranking", "Fixed Scientist")
    server.page_holding("jobs/job-a/", "Fixed Scientist")
    assert server.settled(status["builds"])["problems"] == []
    edit(job, "title: Fixed Scientist", "title: [Fixed")
    line = server.wait_for("reported the YAML error", lambda: server.status()["problems"])[0]
    assert re.match(r"jobs/job-a\.yml:\d+: error: invalid YAML", line)


@SERVER
def settled_evaluate(page, script: str):
    """`page.evaluate`, once a reload under way (the preview's second one) has finished."""
    for _ in range(50):
        page.wait_for_load_state()
        try:
            return page.evaluate(script)
        except PlaywrightError as error:
            if "context was destroyed" not in str(error):
                raise
    raise AssertionError("the page kept reloading")


def test_the_open_page_reloads_by_itself_and_shows_the_problems(server, browser):
    job = server.root / "jobs/job-a.yml"
    page = open_page(browser)
    try:
        page.goto(server.url + "jobs/job-a/")
        page.wait_for_function("document.title.includes('Applied Scientist, Ranking')")
        builds = server.settled(0)["builds"]
        settled_evaluate(page, "window.stillTheSamePage = true")
        edit(job, "Applied Scientist, Ranking", "Reloaded Scientist")
        page.wait_for_function("document.title.includes('Reloaded Scientist')")
        server.settled(builds)  # the full build too: a page it changed reloads once more
        assert settled_evaluate(page, "window.stillTheSamePage") is None  # it was loaded again
        settled_evaluate(page, "window.stillTheSamePage = true")
        edit(job, "posted: '2026-11-01'", "posted: '2026-11-31'")
        overlay = page.locator(f"#{serve.OVERLAY_ID}")
        overlay.wait_for()
        assert "jobs/job-a.yml:7: error: posted" in overlay.inner_text()
        assert page.evaluate("window.stillTheSamePage")  # the last good page stays, unreloaded
        assert "Reloaded Scientist" in page.title()
        edit(job, "posted: '2026-11-31'", "posted: '2026-11-02'")
        overlay.wait_for(state="detached")
        assert page.log.foreign_requests() == []
    finally:
        page.context.close()


@SERVER
def test_a_site_broken_at_the_start_is_served_once_fixed(source, tmp_path):
    job = small_site(source).root / "jobs/job-a.yml"
    edit(job, "posted: '2026-11-01'", "posted: '2026-11-31'")
    _, checked = source.check()
    server = Server(source, tmp_path / "serve.log")
    try:
        status = server.settled(0)
        assert status["problems"] == checked and len(checked) == 1
        with pytest.raises(urllib.error.HTTPError) as missing:
            server.get("jobs/job-a/")  # nothing was ever built: a page that shows the problems
        assert missing.value.code == 404
        assert serve.EVENTS_PATH in missing.value.read().decode()
        edit(job, "posted: '2026-11-31'", "posted: '2026-11-01'")
        server.page_holding("jobs/job-a/", "Applied Scientist, Ranking")
        assert server.settled(status["builds"])["problems"] == []
    finally:
        server.stop()
