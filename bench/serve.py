"""Live preview: how long from an editor saving a job or a story to the new text being served.

`preview_latency` starts the preview server that `make serve` runs (`SERVE_COMMAND`) in the
site's folder on a free loopback port, waits for its first build, then saves an edit to a job
file and one to a story file in turn. After each save it polls that page over HTTP every 20 ms
and times from the save (the write returning) to the first response that holds the edit's text.

No browser: an open page shows new content by reloading, and a reload gets exactly the HTTP
response polled here, so the time measured is the server's; the browser's reload signal and
drawing (tens of milliseconds) are not counted.

`python -m bench.serve` measures it alone on a synthetic site.
"""

from __future__ import annotations

import argparse
import calendar
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from bench import synth
from generator.model.urls import job_url, story_url

# What `make serve` runs (the Makefile's `serve` target), as `python -m` arguments: change both
# together. {address} is 127.0.0.1:PORT.
SERVE_COMMAND = ("generator", "serve", "--dev-addr", "{address}")

POLL_SECONDS = 0.02
START_LIMIT = 1800.0  # seconds for the server's first build (minutes at 20,000 jobs)
EDIT_LIMIT = 120.0  # seconds from a save to its page served, after which it counts as never
SETTLE_SECONDS = 1.0  # between edits, so that each save is a change of its own


def described() -> str:
    """The preview command as a person would type it."""
    return " ".join(("python -m", *SERVE_COMMAND)).replace("{address}", "127.0.0.1:PORT")


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, text: str, limit: float, since: float | None = None) -> float | None:
    """Seconds from `since` (a perf_counter time; default now) until the page at `url` holds
    `text`, polling every POLL_SECONDS; None past `limit`."""
    start = time.perf_counter() if since is None else since
    while time.perf_counter() - start < limit:
        page = fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        time.sleep(POLL_SECONDS)
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_command(port: int) -> list[str]:
    address = f"127.0.0.1:{port}"
    return [sys.executable, "-m", *(arg.format(address=address) for arg in SERVE_COMMAND)]


def _edit_job(root: Path, round_: int, marker: str) -> str:
    return job_url(synth.edit_job(root, 15 + 10 * round_, marker).stem)


def _edit_story(root: Path, round_: int, marker: str) -> str:
    return story_url(synth.edit_story(root, 6 + round_, marker).stem)


# What each preview edit saves: (kind, edit(root, round, marker) -> the URL of the page to watch).
EDITS: tuple[tuple[str, Callable[[Path, int, str], str]], ...] = (
    ("job", _edit_job),
    ("story", _edit_story),
)


def _started(server: subprocess.Popen, url: str, limit: float) -> float | None:
    """Seconds until the server serves a whole page at `url`; None if it exits or takes longer
    than `limit`."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit and server.poll() is None:
        page = fetch(url)
        if page is not None and "</html>" in page:
            return time.perf_counter() - start
        time.sleep(0.5)
    return None


def _stop(server: subprocess.Popen) -> None:
    """End the server and everything it started (its own process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _latencies(values: list[float | None]) -> dict:
    served = [value for value in values if value is not None]
    return {
        "median": statistics.median(served) if served else None,
        "best": min(served) if served else None,
        "runs": values,
        "ok": len(served) == len(values),
    }


def preview_latency(root: Path, edits: int, env: dict, log_path: Path) -> dict:
    """Start the preview server on the site at `root`, save `edits` edits of each kind and time
    each until served: {"first_build": s, "job": {...}, "story": {...}}, each kind with the
    median and best seconds and every run's (None: not served within EDIT_LIMIT). If the
    server does not serve its first page, {"skipped": why, "log": the end of its log}."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            server_command(port),
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            first = _started(server, base, START_LIMIT)
            if first is None:
                state = "exited" if server.poll() is not None else f"took over {START_LIMIT:.0f} s"
                tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
                why = f"`{described()}` {state} before serving a page"
                return {"skipped": why, "log": tail.strip()}
            found: dict[str, list[float | None]] = {kind: [] for kind, _ in EDITS}
            for round_ in range(edits):
                for kind, edit in EDITS:
                    time.sleep(SETTLE_SECONDS)
                    marker = f"Preview edit {round_ + 1} of a {kind}, {time.time_ns()}."
                    url = edit(root, round_, marker)
                    saved = time.perf_counter()
                    found[kind].append(wait_for(base + url, marker, EDIT_LIMIT, since=saved))
            return {"first_build": first} | {
                kind: _latencies(values) for kind, values in found.items()
            }
        finally:
            _stop(server)


def preview_env(cache: Path, base: dict | None = None) -> dict:
    """The server's environment: the build's cache folder, and "today" the synthetic site's
    (the server has no --today option)."""
    today = calendar.timegm(synth.TODAY.timetuple())
    return dict(
        base or os.environ,
        CAREERS_CACHE_DIR=str(cache),
        SOURCE_DATE_EPOCH=str(today),
        NO_MKDOCS_2_WARNING="1",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.serve", description=__doc__)
    parser.add_argument("--jobs", type=int, default=20000, help="site size (stories: a tenth)")
    parser.add_argument("--edits", type=int, default=3, help="edits of each kind")
    parser.add_argument("--root", help="an existing synthetic site (default: generate one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="careers-serve-") as work:
        root = Path(args.root) if args.root else Path(work) / "src"
        if not args.root:
            print(f"generating {args.jobs:,} jobs", file=sys.stderr)
            synth.generate(root, synth.size_for(args.jobs))
        env = preview_env(Path(work) / "cache")
        found = preview_latency(root, args.edits, env, Path(work) / "serve.log")
    if "skipped" in found:
        print(f"preview skipped: {found['skipped']}\n{found['log']}", file=sys.stderr)
        return 1
    for kind, _ in EDITS:
        values = ", ".join("never" if v is None else f"{v:.2f}" for v in found[kind]["runs"])
        median = found[kind]["median"]
        shown = "never" if median is None else f"{median:.2f} s"
        print(f"save a {kind} -> page served: median {shown} ({values})")
    return 0 if all(found[kind]["ok"] for kind, _ in EDITS) else 1


if __name__ == "__main__":
    sys.exit(main())
