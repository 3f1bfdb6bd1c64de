"""Run one command as a subprocess and measure it: wall time, CPU time and peak memory.

CPU time and the largest single process's peak RSS come from wait4's rusage (which counts the
children the command waited for, such as worker processes). The whole process tree's memory is
sampled from /proc every 100 ms as PSS (shared pages split among the processes sharing them),
since forked workers run side by side and their own memory adds up.
"""

from __future__ import annotations

import os
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


def folder_size(folder: Path) -> tuple[int, int, int, Path | None]:
    """(number of index.html pages, total bytes, largest .html bytes, largest .html path)."""
    pages = total = largest = 0
    largest_path = None
    for base, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(base, name)
            size = os.path.getsize(path)
            total += size
            if name == "index.html":
                pages += 1
            if name.endswith(".html") and size > largest:
                largest, largest_path = size, Path(path)
    return pages, total, largest, largest_path
