"""`import SYSTEM --board NAME | --url URL | -`: jobs from the system's public API (replayed by a
server of the test's own on 127.0.0.1, answering as each system documents), from standard input,
and the guard against an export that shrank."""

from __future__ import annotations

import io
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.importers import ashby, fetch, greenhouse, lever, smartrecruiters, workable
from generator.sources.strict_yaml import parse
from tests.conftest import REPO, TODAY, SiteSource

FIXTURES = Path(__file__).parent / "fixtures" / "ats"
GREENHOUSE = json.loads((FIXTURES / "greenhouse.json").read_text())
LEVER = json.loads((FIXTURES / "lever.json").read_text())


class Board:
    """A replayed job-board API: path and query -> (status, body, delay); records requests."""

    def __init__(self):
        self.answers: dict[str, list[tuple[int, str, float]]] = {}
        self.requests: list[str] = []
        board = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the name http.server calls)
                board.requests.append(self.path)
                queue = board.answers.get(self.path) or [(404, '{"error": "not found"}', 0)]
                status, body, delay = queue.pop(0) if len(queue) > 1 else queue[0]
                time.sleep(delay)
                data = body.encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up waiting

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, path: str, body: object, status: int = 200, delay: float = 0) -> str:
        text = body if isinstance(body, str) else json.dumps(body, indent=2)
        self.answers.setdefault(path, []).append((status, text, delay))
        return self.url + path


@pytest.fixture
def board(monkeypatch):
    monkeypatch.setattr(fetch, "RETRY_PAUSE", 0)
    served = Board()
    yield served
    served.server.shutdown()
    served.server.server_close()


@pytest.fixture
def site(source: SiteSource) -> SiteSource:
    source.write("import/locations.yml", (REPO / "import/locations.yml").read_text())
    return source


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.yml"))}


def greenhouse_answer() -> dict:
    """The list as Greenhouse documents it: `jobs` and `meta.total`."""
    return {**GREENHOUSE, "meta": {"total": len(GREENHOUSE["jobs"])}}


def test_a_greenhouse_board_imports_as_its_saved_export_does(site, board, monkeypatch, tmp_path):
    board.answer("/v1/boards/northwind/jobs?content=true", greenhouse_answer())
    monkeypatch.setattr(greenhouse, "API", board.url + "/v1/boards")
    code, out, err = site.run("import", "greenhouse", "--board", "northwind", "--today", TODAY)
    assert code == 0, err
    assert "greenhouse: 4 new" in out
    fetched = files(site.root / "jobs/greenhouse")
    other = SiteSource(tmp_path / "saved")
    other.write("import/locations.yml", (REPO / "import/locations.yml").read_text())
    assert other.run("import", "greenhouse", str(FIXTURES / "greenhouse.json"))[0] == 0
    assert files(other.root / "jobs/greenhouse") == fetched
    assert site.check()[0] == 0


def lever_pages(size: int) -> list[str]:
    """Serve the Lever postings `size` a page, as `?mode=json&skip=N&limit=M` answers."""
    return [
        f"/v0/postings/northwind?mode=json&skip={skip}&limit={size}" for skip in range(0, 4, size)
    ]


def test_lever_pages_are_followed_to_the_last(site, board):
    paths = lever_pages(2)
    board.answer(paths[0], LEVER[:2])
    board.answer(paths[1], LEVER[2:])
    code, out, err = site.run("import", "lever", "--url", board.url + paths[0], "--today", TODAY)
    assert code == 0, err
    assert "lever: 3 new" in out
    assert board.requests == paths  # page 2 held fewer than `limit`: the last one


def test_lever_board_name_asks_for_pages_of_100(site, board, monkeypatch):
    monkeypatch.setattr(lever, "API", board.url + "/v0/postings")
    board.answer("/v0/postings/northwind?mode=json&skip=0&limit=100", LEVER)
    code, out, err = site.run("import", "lever", "--board", "northwind", "--today", TODAY)
    assert code == 0, err
    assert "lever: 3 new" in out


def test_a_problem_names_the_page_and_its_line(site, board):
    paths = lever_pages(2)
    board.answer(paths[0], LEVER[:2])
    bad = dict(LEVER[2], categories={**LEVER[2]["categories"], "allLocations": ["Atlantis"]})
    board.answer(paths[1], [bad])
    code, _, err = site.run("import", "lever", "--url", board.url + paths[0], "--today", TODAY)
    assert code == 1
    assert f"{board.url}{paths[1]}:2: error: [0] (id c3d2e1f0" in err
    assert "place 'Atlantis' is not in import/locations.yml" in err
    assert not (site.root / "jobs").exists()


def test_a_slow_answer_is_retried_once(site, board):
    path = "/v1/boards/northwind/jobs?content=true"
    board.answer(path, greenhouse_answer(), delay=3)  # longer than the timeout
    board.answer(path, greenhouse_answer())
    url = board.url + path
    code, out, err = site.run("import", "greenhouse", "--url", url, "--timeout", "0.5")
    assert code == 0, err
    assert board.requests == [path, path]


@pytest.mark.parametrize(
    ("status", "requests", "message"),
    [
        (503, 2, "the server answered 503 Service Unavailable; tried twice"),
        (404, 1, "cannot fetch the board: the server answered 404 Not Found"),
    ],
)
def test_a_failing_server_is_an_error_and_writes_nothing(site, board, status, requests, message):
    path = "/v1/boards/northwind/jobs?content=true"
    board.answer(path, '{"error": "down"}', status=status)
    code, _, err = site.run("import", "greenhouse", "--url", board.url + path)
    assert code == 1
    assert f"{board.url}{path}:1: error: " in err and message in err
    assert len(board.requests) == requests
    assert not (site.root / "jobs").exists()


def test_no_server_at_all_is_an_error(site, board):
    url = board.url + "/v1/boards/northwind/jobs"
    board.server.shutdown()
    board.server.server_close()  # nothing listens on the port any more
    code, _, err = site.run("import", "greenhouse", "--url", url, "--timeout", "2")
    assert code == 1
    assert f"{url}:1: error: cannot fetch the board (" in err and "tried twice" in err
    assert "Traceback" not in err


def test_standard_input(site, monkeypatch):
    text = (FIXTURES / "lever.json").read_text()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    code, out, err = site.run("import", "lever", "-", "--today", TODAY)
    assert code == 0, err
    assert "lever: 3 new" in out
    broken = text.replace('"text": "Economist, Marketplace Design",', '"text": [5],')
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(broken.encode("utf-8"))))
    code, _, err = site.run("import", "lever", "-", "--today", TODAY)
    assert code == 1 and "<stdin>:48: error: [1] (id 0b9e6d42" in err


def test_one_origin_only(site):
    assert site.run("import", "lever")[0] == 2
    assert site.run("import", "lever", "x.json", "--board", "northwind")[0] == 2


def test_an_export_that_shrank_is_refused_unless_allowed(site, tmp_path):
    assert site.run("import", "greenhouse", str(FIXTURES / "greenhouse.json"))[0] == 0
    before = files(site.root / "jobs/greenhouse")
    half = tmp_path / "half.json"
    half.write_text(json.dumps({"jobs": GREENHOUSE["jobs"][:2]}))
    code, _, err = site.run("import", "greenhouse", str(half), "--today", TODAY)
    assert code == 1
    assert (
        f"{half}:1: error: the export would close 2 of the 4 open jobs imported from greenhouse "
        "(more than 20%): is it complete? --allow-shrink accepts it"
    ) in err
    assert files(site.root / "jobs/greenhouse") == before
    code, out, err = site.run("import", "greenhouse", str(half), "--allow-shrink", "--today", TODAY)
    assert code == 0 and "2 closed" in out, err


def test_next_page_of_lever_keeps_the_query():
    url = "https://api.eu.lever.co/v0/postings/acme?mode=json&team=Science&skip=0&limit=2"
    assert lever.next_page(url, [{}, {}]) == (
        "https://api.eu.lever.co/v0/postings/acme?mode=json&team=Science&skip=2&limit=2"
    )
    assert lever.next_page(url, [{}]) is None
    assert urllib.parse.urlsplit(
        lever.next_page(url.replace("&limit=2", ""), [{}] * 100)
    ).query == ("mode=json&team=Science&skip=100&limit=100")


ASHBY = json.loads((FIXTURES / "ashby.json").read_text())
ASHBY_IDS = ["7458d4e9-da2e-47bd-98cb-adfda43d42b2", "0b9e6d42-7c11-4f3a-8e2d-5a4b3c2d1e0f"]


def test_an_ashby_board_with_compensation(site, board, monkeypatch):
    """As Ashby's job posting API documents it: one answer, addresses, compensation tiers."""
    site.write(
        "import/locations.yml",
        (REPO / "import/locations.yml").read_text()
        + (
            '"Berlin, Berlin, Germany": DE, BE, Berlin\n'  # a secondary location, by its address
        ),
    )
    monkeypatch.setattr(ashby, "API", board.url + "/posting-api/job-board")
    board.answer("/posting-api/job-board/northwind?includeCompensation=true", ASHBY)
    code, out, err = site.run("import", "ashby", "--board", "northwind", "--today", TODAY)
    assert code == 0, err
    assert "ashby: 2 new" in out  # the unlisted job is not on the board
    assert sorted(p.stem for p in (site.root / "jobs/ashby").glob("*.yml")) == sorted(
        f"ashby-{i}" for i in ASHBY_IDS
    )
    forecasting = parse((site.root / f"jobs/ashby/ashby-{ASHBY_IDS[0]}.yml").read_text())
    assert forecasting["locations"] == ["US, WA, Seattle", "DE, BE, Berlin"]
    assert (forecasting["team"], forecasting["category"]) == (
        "Forecasting Science",
        "Applied Science",
    )
    assert forecasting["posted"] == "2026-10-05"
    assert forecasting["employment_type"] == "FULL_TIME"
    assert dict(forecasting["salary"]) == {
        "currency": "USD",
        "min": "150000",
        "max": "220000",
        "unit": "YEAR",
    }
    assert "steal" not in forecasting["description"]
    assert forecasting["apply_url"] == ASHBY["jobs"][0]["jobUrl"]
    intern = parse((site.root / f"jobs/ashby/ashby-{ASHBY_IDS[1]}.yml").read_text())  # no `id`
    assert intern["remote"] == "true" and intern["employment_type"] == "INTERN"
    assert intern["team"] == "Research Science"  # no team: the department
    assert intern["description"] == r"Twelve weeks on \*speech\* models."
    assert dict(intern["salary"]) == {"currency": "CAD", "min": "38", "max": "45", "unit": "HOUR"}
    assert site.check()[0] == 0
    code, out, _ = site.run("import", "ashby", "--board", "northwind", "--today", TODAY)
    assert code == 0 and "0 new, 0 updated, 2 unchanged" in out


SMART = FIXTURES / "smartrecruiters"


def test_a_smartrecruiters_board_page_by_page_then_each_posting(site, board):
    """As its Posting API documents it: pages of postings (offset, limit, totalFound), the text
    of each in its details."""
    listing = json.loads((SMART / "postings.json").read_text())
    base = "/v1/companies/Northwind/postings"
    for offset, posting in enumerate(listing["content"]):
        page = {**listing, "offset": offset, "limit": 1, "content": [posting]}
        board.answer(f"{base}?limit=1&offset={offset}", page)
        board.answer(f"{base}/{posting['id']}", (SMART / f"{posting['id']}.json").read_text())
    code, out, err = site.run(
        "import",
        "smartrecruiters",
        "--url",
        f"{board.url}{base}?limit=1&offset=0",
        "--today",
        TODAY,
    )
    assert code == 0, err
    assert "smartrecruiters: 2 new" in out
    assert board.requests == [
        f"{base}?limit=1&offset=0",
        f"{base}?limit=1&offset=1",  # 1 + 1 = totalFound: the last page
        f"{base}/744000012345",
        f"{base}/744000012399",
    ]
    routing = parse((site.root / "jobs/smartrecruiters/sr-744000012345.yml").read_text())
    assert routing["locations"] == ["US, WA, Seattle"]  # "Seattle, WA"
    assert (routing["team"], routing["category"]) == ("Routing Science", "Applied Science")
    assert routing["posted"] == "2026-10-07" and routing["employment_type"] == "FULL_TIME"
    assert list(routing["basic_qualifications"]) == ["PhD in operations research", "Python"]
    assert "steal" not in routing["description"]
    assert routing["description"].rstrip().endswith("<p>Equal opportunity employer.</p>")
    assert routing["about_team"].strip() == "<p>Northwind moves parcels.</p>"
    assert routing["apply_url"].startswith(
        "https://jobs.smartrecruiters.com/Northwind/744000012345-"
    )
    intern = parse((site.root / "jobs/smartrecruiters/sr-744000012399.yml").read_text())
    assert intern["remote"] == "true" and intern["locations"] == ["CA, ON, Toronto"]
    assert intern["employment_type"] == "INTERN"
    assert "<h3>Qualifications</h3>" in intern["description"]  # not a list: stays text
    assert site.check()[0] == 0


def test_a_smartrecruiters_problem_names_the_posting_and_its_line(site, board, monkeypatch):
    monkeypatch.setattr(smartrecruiters, "API", board.url + "/v1/companies")
    base = "/v1/companies/Northwind/postings"
    listing = json.loads((SMART / "postings.json").read_text())
    board.answer(f"{base}?limit=100&offset=0", listing)
    board.answer(f"{base}/744000012345", (SMART / "744000012345.json").read_text())
    broken = json.loads((SMART / "744000012399.json").read_text())
    broken["location"]["fullLocation"] = "Atlantis"
    broken["location"]["city"] = "Atlantis"
    board.answer(f"{base}/744000012399", broken)
    code, _, err = site.run("import", "smartrecruiters", "--board", "Northwind", "--today", TODAY)
    assert code == 1
    assert f"{board.url}{base}/744000012399:1: error: posting (id 744000012399" in err
    assert "place 'Atlantis' is not in import/locations.yml" in err


WORKABLE = json.loads((FIXTURES / "workable.json").read_text())


def test_a_workable_account(site, board, monkeypatch):
    """The jobs of a Workable account as its public endpoint gives them (`?details=true`)."""
    site.write(
        "import/locations.yml",
        (REPO / "import/locations.yml").read_text()
        + '"Berlin, Berlin": DE, BE, Berlin\n"Toronto, Ontario": CA, ON, Toronto\n',
    )
    monkeypatch.setattr(workable, "API", board.url + "/api/accounts")
    board.answer("/api/accounts/northwind?details=true", WORKABLE)
    code, out, err = site.run("import", "workable", "--board", "northwind", "--today", TODAY)
    assert code == 0, err
    assert "workable: 2 new" in out
    economist = parse((site.root / "jobs/workable/wk-9F2A61B0C4.yml").read_text())
    assert economist["locations"] == ["DE, BE, Berlin"]  # London is hidden
    assert (economist["team"], economist["category"]) == ("Pricing Economics", "Economics")
    assert economist["posted"] == "2026-10-09" and economist["employment_type"] == "FULL_TIME"
    assert "PhD in economics" in economist["description"]  # the full description
    assert "onerror" not in economist["description"] and "steal" not in economist["description"]
    intern = parse((site.root / "jobs/workable/wk-1C0FFEE123.yml").read_text())
    assert intern["locations"] == ["CA, ON, Toronto"]  # no locations[]: the job's own city
    assert intern["remote"] == "true" and intern["employment_type"] == "INTERN"
    assert intern["category"] == "Speech Science"  # no function: the department
    assert site.check()[0] == 0
    broken = json.loads(json.dumps(WORKABLE))
    del broken["jobs"][1]["shortcode"]
    url = board.answer("/api/accounts/broken?details=true", broken)
    code, _, err = site.run("import", "workable", "--url", url, "--today", TODAY)
    assert code == 1
    served = json.dumps(broken, indent=2).splitlines()  # as Board.answer serves it
    line = served.index('      "title": "Research Intern, Speech",')  # the row's "{" is above
    assert f'{url}:{line}: error: jobs[1] ("Research Intern, Speech"): id is missing' in err
