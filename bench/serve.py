"""`python -m bench.serve`: how long `mkdocs serve --dirty` (what `make serve` runs) takes from an
editor saving a story to the rebuilt page being served, on a synthetic site.

It starts the server on a loopback port, waits for the first build, then edits a story (and a
job) a few times, each time polling the page until the new text is there; prints the median.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench import synth


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, text: str, limit: float) -> float | None:
    """Seconds until the page at `url` holds `text` (None past `limit`)."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        page = fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        time.sleep(0.05)
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.serve", description=__doc__)
    parser.add_argument("--jobs", type=int, default=20000, help="site size (stories: a tenth)")
    parser.add_argument(
        "--edits", type=int, default=3, help="edits of each kind; the median counts"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--root", help="an existing synthetic site (default: generate one)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="careers-serve-"))
    root = Path(args.root) if args.root else work / "src"
    if not args.root:
        print(f"generating {args.jobs:,} jobs", file=sys.stderr)
        synth.generate(root, synth.size_for(args.jobs))
    base = f"http://127.0.0.1:{args.port}/"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--dirty",
        "--dev-addr",
        f"127.0.0.1:{args.port}",
    ]
    log = open(work / "serve.log", "wb")  # noqa: SIM115 (closed in `finally`)
    server = subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True
    )
    try:
        start = time.perf_counter()
        first = wait_for(base, "</html>", 900)
        if first is None:
            print((work / "serve.log").read_text()[-3000:], file=sys.stderr)
            return 1
        print(f"first build served after {time.perf_counter() - start:.1f} s", file=sys.stderr)
        results = {"story": [], "job": []}
        for round_ in range(args.edits):
            time.sleep(1.0)
            marker = f"Edited in round {round_} at {time.time_ns()}"
            story = synth.story_path(root, 3 + round_)
            slug = story.stem
            with story.open("a", encoding="utf-8") as handle:
                handle.write(f"\n{marker}\n")
            took = wait_for(f"{base}stories/{slug}/", marker, 120)
            results["story"].append(took)
            print(
                f"story edit {round_ + 1}: {took if took is None else round(took, 2)} s",
                file=sys.stderr,
            )
            time.sleep(1.0)
            job = next((root / "jobs").glob(f"*/j{20 + round_:06d}.yml"))
            data = job.read_text(encoding="utf-8")
            job.write_text(
                data.replace("description: |\n", f"description: |\n  {marker}\n\n", 1),
                encoding="utf-8",
            )
            took = wait_for(f"{base}jobs/{job.stem}/", marker, 120)
            results["job"].append(took)
            print(
                f"job edit {round_ + 1}: {took if took is None else round(took, 2)} s",
                file=sys.stderr,
            )
        for kind, values in results.items():
            found = [value for value in values if value is not None]
            median = f"{statistics.median(found):.2f} s" if found else "never"
            print(
                f"{args.jobs:,} jobs: save a {kind} -> page served: median {median} "
                f"({', '.join(f'{v:.2f}' if v is not None else 'timeout' for v in values)})"
            )
        return 0
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
