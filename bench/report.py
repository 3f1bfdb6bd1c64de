"""The benchmark's results as two Markdown tables: the measurements, and issue 11's targets.

A row (one site size) is the dict `python -m bench` builds and writes with `--json`: "runs"
holds a `measure.summary` for each of our builds ("cold" and the rebuilds of `edits.REBUILDS`)
and each baseline ("mkdocs", "hugo"), "preview" the live-preview latencies (`serve`).
"""

from __future__ import annotations

from bench.edits import REBUILDS

BASELINES = {"mkdocs": "plain MkDocs + Material cold", "hugo": "Hugo cold"}
LABELS = {"cold": "cold", **BASELINES, **{r.name: r.label for r in REBUILDS}}
OURS = ("cold", *(r.name for r in REBUILDS))  # the builds whose peak memory counts
PREVIEWS = {kind: f"live preview, {kind} saved → served" for kind in ("job", "story")}

# Issue 11's targets at 20,000 jobs: (ours, divided by, at most); ratios of the medians.
EDITS = tuple(r.name for r in REBUILDS if r.name != "unchanged")
EDIT_LIMIT = 0.3
RATIO_TARGETS = (
    ("cold", "mkdocs", 0.5),
    ("cold", "hugo", 2.5),
    ("unchanged", "hugo", 0.1),
    *((name, "hugo", EDIT_LIMIT) for name in EDITS),
)
PREVIEW_LIMIT = 1.0  # seconds
MEMORY_LIMIT = 1e9  # bytes (1 GB), the largest peak of our builds


def _target(label: str, value: float | None, limit: float, unit: str, note: str = "") -> dict:
    return {
        "target": label,
        "value": value,
        "limit": limit,
        "unit": unit,
        "met": None if value is None else value <= limit,
        "note": note,
    }


def targets(row: dict) -> list[dict]:
    """Each target of issue 11 with its value for this row: a ratio of medians, seconds or
    bytes; value None (with a note) when something it needs was not measured or failed."""
    runs, found = row["runs"], []
    for ours, over, limit in RATIO_TARGETS:
        measured = [runs.get(ours), runs.get(over)]
        value, note = None, ""
        if None in measured:
            note = "not measured"
        elif not all(summary["ok"] for summary in measured):
            note = "a run failed"
        else:
            value = measured[0]["wall"] / measured[1]["wall"]
        found.append(_target(f"{LABELS[ours]} ÷ {LABELS[over]}", value, limit, "", note))
    found.append(slowest_edit(runs))
    preview = row.get("preview", {})
    for kind, label in PREVIEWS.items():
        latency = preview.get(kind)
        if latency is None:
            found.append(_target(label, None, PREVIEW_LIMIT, " s", preview.get("skipped", "")))
        elif not latency["ok"]:
            found.append(_target(label, None, PREVIEW_LIMIT, " s", "an edit was never served"))
        else:
            found.append(_target(label, latency["median"], PREVIEW_LIMIT, " s"))
    peaks = [runs[name]["peak"] for name in OURS if name in runs]
    found.append(
        _target("peak memory of our builds (process tree)", max(peaks), MEMORY_LIMIT, " B")
    )
    return found


def slowest_edit(runs: dict) -> dict:
    """The medians would hide a slow run, such as the first rebuild after a cold build (the
    one that used to clone the output): the slowest edit of all rounds ÷ Hugo's median, held to
    the same 0.3."""
    label = f"slowest edit rebuild, any round ÷ {LABELS['hugo']}"
    edited = [runs.get(name) for name in EDITS]
    if None in edited or "hugo" not in runs:
        return _target(label, None, EDIT_LIMIT, "", "not measured")
    if not all(summary["ok"] for summary in [*edited, runs["hugo"]]):
        return _target(label, None, EDIT_LIMIT, "", "a run failed")
    slowest = max(run["wall"] for summary in edited for run in summary["runs"])
    return _target(label, slowest / runs["hugo"]["wall"], EDIT_LIMIT, "")


def _seconds(value: float) -> str:
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _mb(value: float) -> str:
    return f"{value / 1e6:,.0f} MB"


def _time(summary: dict | None, key: str = "wall", memory: bool = False) -> str:
    """The median seconds (best), and the peak memory if asked; marked if a run failed."""
    if summary is None:
        return "–"
    cell = f"{_seconds(summary[key])} s ({_seconds(summary[key + '_best'])})"
    if memory:
        cell += f", {_mb(summary['peak'])}"
    return cell if summary["ok"] else f"{cell} ✗ failed"


def _preview(row: dict, kind: str) -> str:
    preview = row.get("preview", {})
    latency = preview.get(kind)
    if latency is None:
        return "skipped"
    if latency["median"] is None:
        return "never served"
    cell = f"{_seconds(latency['median'])} s ({_seconds(latency['best'])})"
    return cell if latency["ok"] else f"{cell} ✗ some never served"


def _markdown(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


def table(rows: list[dict], rounds: int) -> str:
    head = [
        "jobs / stories",
        "pages",
        "feed files",
        "cold wall",
        "cold CPU",
        "cold peak memory",
        *(f"rebuild, {r.label}" for r in REBUILDS),
        *(PREVIEWS[kind].removeprefix("live ") for kind in PREVIEWS),
        *BASELINES.values(),
    ]
    body = []
    for row in rows:
        runs = row["runs"]
        body.append(
            [
                row["label"],
                f"{row['pages']:,}",
                f"{row['feed_files']:,}",
                _time(runs["cold"]),
                _time(runs["cold"], "cpu"),
                _mb(runs["cold"]["peak"]),
                *(_time(runs.get(r.name), memory=True) for r in REBUILDS),
                *(_preview(row, kind) for kind in PREVIEWS),
                *(_time(runs.get(name)) for name in BASELINES),
            ]
        )
    note = (
        f"Times: median (best) of {rounds} round{'s' if rounds != 1 else ''}, every build a "
        "fresh process; ours cold, MkDocs and Hugo run in turn, each cold run with empty caches "
        "and no output. Memory: the peak of the whole process tree (PSS, workers included). "
        "Preview: from the file's save to the page's HTTP response holding the edit."
    )
    return _markdown(head, body) + "\n\n" + note


def _verdict(target: dict) -> str:
    if target["value"] is None:
        return f"– ({target['note']})" if target["note"] else "–"
    value = target["value"]
    shown = _mb(value) if target["unit"] == " B" else f"{value:.2f}{target['unit']}"
    return f"{shown} {'✓' if target['met'] else '✗'}"


def _limit(target: dict) -> str:
    if target["unit"] == " B":
        return f"≤ {target['limit'] / 1e9:g} GB"
    return f"≤ {target['limit']:g}{target['unit']}"


def targets_table(rows: list[dict]) -> str:
    head = ["target (issue 11)", "at most", *(row["label"] for row in rows)]
    body = []
    for index, first in enumerate(rows[0]["targets"]):
        cells = [_verdict(row["targets"][index]) for row in rows]
        body.append([first["target"], _limit(first), *cells])
    return _markdown(head, body)
