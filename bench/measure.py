"""Run one command as a subprocess and measure it: wall time, CPU time and peak memory.

CPU time and the largest single process's peak RSS come from wait4's rusage (which counts the
children the command waited for, such as worker processes). The whole process tree's memory is
sampled from /proc every 100 ms as PSS (shared pages split among the processes sharing them),
since forked workers run side by side and their own memory adds up.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds, the command and its waited-for children
    max_rss: int  # bytes, the largest single process (its RSS, from wait4)
    tree_rss: int  # bytes, the largest sampled sum of PSS over the command's process tree
    code: int
    stderr: str
    problem: str = ""  # what a check of the output found wrong, though the command succeeded

    @property
    def peak(self) -> int:
        """The whole tree's peak (PSS), or the largest process's RSS if that is more."""
        return max(self.max_rss, self.tree_rss)


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _memory(pid: int) -> int:
    """Bytes of memory a process holds, shared pages split among their sharers (PSS): forked
    workers share most of the parent's memory, which their RSS would count again and again."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _tree_memory(pid: int) -> int:
    tree = _children()
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += _memory(current)
        todo += tree.get(current, [])
    return total


def run(command: list[str], cwd: Path | None = None, env: dict | None = None) -> Run:
    stderr_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-stderr-{os.getpid()}.txt"
    with open(stderr_path, "w+b") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.1):
                peak[0] = max(peak[0], _tree_memory(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    stderr_path.unlink(missing_ok=True)
    return Run(
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss * 1024,
        peak[0],
        process.returncode,
        text,
    )


def summary(runs: list[Run]) -> dict:
    """The median and the best of repeated runs of one kind (ratios use the medians), the
    largest peak, and whether every run succeeded."""
    walls = [r.wall for r in runs]
    cpus = [r.cpu for r in runs]
    return {
        "wall": statistics.median(walls),
        "wall_best": min(walls),
        "cpu": statistics.median(cpus),
        "cpu_best": min(cpus),
        "peak": max(r.peak for r in runs),
        "ok": all(r.code == 0 and not r.problem for r in runs),
        "runs": [
            {"wall": r.wall, "cpu": r.cpu, "peak": r.peak, "code": r.code, "problem": r.problem}
            for r in runs
        ],
    }


@dataclass
class Output:
    pages: int  # index.html files
    feed_files: int  # RSS, Atom and JSON Feed files
    total: int  # bytes
    largest_html: int  # bytes
    largest_html_path: Path | None


def output_size(folder: Path, feed_names: tuple[str, ...]) -> Output:
    """Count a built site's pages and feed files (named `feed_names`) and measure its size."""
    found = Output(0, 0, 0, 0, None)
    for base, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(base, name)
            size = os.path.getsize(path)
            found.total += size
            found.pages += name == "index.html"
            found.feed_files += name in feed_names
            if name.endswith(".html") and size > found.largest_html:
                found.largest_html, found.largest_html_path = size, Path(path)
    return found
