"""One import, as a whole: every job of the export -> its file, jobs that left the export closed,
and nothing written unless every job made a valid file.

Re-running an import on the same export changes no byte and rewrites no file. A job imported
before that has left the export is closed, not deleted: its `valid_through` becomes the day before
today, so its page stays with the "applications closed" notice and it leaves every listing and
feed. A job that comes back is written afresh (open again).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.build import prepare, read_config
from generator.config import SiteConfig
from generator.importers.common import (
    RowError,
    System,
    check_characters,
    employment,
    job_yaml,
)
from generator.importers.export import ExportError, Row, read_rows
from generator.importers.fetch import Page
from generator.importers.places import MAPPING, Place, load_employment, load_places, place_key
from generator.model.records import JOB_ID, Job
from generator.model.site import job_is_open
from generator.problems import Problem, SourceErrors
from generator.sources import strict_yaml
from generator.sources.cache import SourceCache
from generator.sources.load import read_record, source_folders
from generator.validate import typed


@dataclass
class Outcome:
    writes: dict[str, str] = field(default_factory=dict)  # rel path -> new text
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # never published, left the export
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Imported:
    """A file already in the system's folder."""

    text: str
    job: Job | None  # None when the file is not a valid job (the check of the site says why)


SHRINK_SHARE = 0.2  # an export closing more of the open imported jobs needs --allow-shrink


@dataclass(frozen=True)
class Options:
    today: dt.date
    allow_empty: bool = False  # an export with no jobs may close every imported job
    allow_shrink: bool = False  # an export may close more than SHRINK_SHARE of them
    source_tag: str = ""  # added to apply links as the system's source parameter (gh_src ...)
    # the theme's files published from the docs folder (Theme.hand_written), for the check
    hand_written: Callable[[Path, SiteConfig], dict[str, str]] | None = None


def plan_import(root: Path, system: System, pages: list[Page], options: Options) -> Outcome:
    """Everything the import would write, or the problems that stop it. Writes nothing."""
    today = options.today
    outcome = Outcome()
    places, outcome.problems = load_places(root)
    kinds, found = load_employment(root)
    outcome.problems += found
    if not (root / MAPPING).is_file():
        outcome.problems.append(
            Problem(
                MAPPING,
                1,
                "the place mapping does not exist: create it "
                "with lines such as '\"Seattle, WA\": US, WA, Seattle'",
            )
        )
    rows: list[Row] = []
    for page in pages:
        try:
            rows += read_rows(page.text, system, page.name)
        except ExportError as err:
            outcome.problems.append(Problem(page.name, err.line, str(err)))
    if len(rows) == 0 and outcome.problems:
        return outcome
    if system.listed:  # jobs the board does not show are not in the export
        rows = [row for row in rows if not isinstance(row.data, dict) or system.listed(row.data)]
    run = _Run(root, system, places, kinds, outcome, options)
    for row, others in _posts_of_one_job(rows, system):
        run.add(row, others)
    gone = [rel for rel in run.existing if rel not in run.produced]
    export_name = pages[0].name
    if not rows and gone and not options.allow_empty:
        outcome.problems.append(
            Problem(
                export_name,
                1,
                f"the export holds no jobs: closing all "
                f"{len(gone)} jobs imported from {system.name} needs --allow-empty",
            )
        )
    elif rows and not options.allow_shrink:
        outcome.problems += _shrink(run, gone, today, export_name)
    for rel in gone:
        run.close(rel, today)
    if not outcome.problems:
        outcome.problems = run.site_problems(root, options)
    return outcome


def _posts_of_one_job(rows: list[Row], system: System) -> list[tuple[Row, list[Row]]]:
    """Rows grouped by `system.job_of` (Greenhouse posts one job once per location, say): the
    row of the smallest id stands for the job, the others add their places."""
    groups: dict[object, list[Row]] = {}
    for index, row in enumerate(rows):
        key = system.job_of(row.data) if system.job_of and isinstance(row.data, dict) else None
        groups.setdefault(index if key is None else ("job", key), []).append(row)
    found = []
    for group in groups.values():
        if len(group) == 1:
            found.append((group[0], []))
            continue
        ids = [row.data.get("id") for row in group]
        ordered = all(isinstance(i, int) and not isinstance(i, bool) for i in ids)
        first = ids.index(min(ids)) if ordered else 0
        found.append((group[first], group[:first] + group[first + 1 :]))
    return found


def _shrink(run: _Run, gone: list[str], today: dt.date, export_name: str) -> list[Problem]:
    """Refuse an export that would close more than SHRINK_SHARE of the open imported jobs (a
    partial fetch, a filtered board), unless only one job closes."""
    open_now = [rel for rel, old in run.existing.items() if old.job and job_is_open(old.job, today)]
    closing = [rel for rel in gone if rel in open_now]
    if len(closing) <= max(1, SHRINK_SHARE * len(open_now)):
        return []
    share = round(100 * SHRINK_SHARE)
    return [
        Problem(
            export_name,
            1,
            f"the export would close {len(closing)} of the {len(open_now)} open jobs imported "
            f"from {run.system.name} (more than {share}%): is it complete? "
            "--allow-shrink accepts it",
        )
    ]


class _Run:
    """The state of one import while it reads the export's rows."""

    def __init__(self, root: Path, system: System, places, kinds, outcome: Outcome, options):
        self.system = system
        self.today: dt.date = options.today
        self.source_tag: str = options.source_tag
        self.places: dict[str, Place] = places
        self.kinds: dict[str, str] = kinds  # import/employment.yml
        self.outcome = outcome
        self.existing = _existing(root, system.folder, outcome.problems)
        self.elsewhere = _ids_elsewhere(root, system.folder)
        self.seen: dict[str, Row] = {}  # job id -> the row that gave it
        self.produced: set[str] = set()  # files of the jobs in the export
        self.rows: dict[str, Row] = {}  # file -> the row it is made from

    def add(self, row: Row, others: list[Row]) -> None:
        """Plan the file of one job of the export (or add the problem that stops it)."""
        try:
            rel, text = self._job_file(row, others)
        except RowError as err:
            for message in err.args:
                self.outcome.problems.append(
                    Problem(row.source, row.line, f"{row.where()}: {message}")
                )
            return
        old = self.existing[rel].text if rel in self.existing else None
        if old == text:
            self.outcome.unchanged.append(rel)
        else:
            self.outcome.writes[rel] = text
            (self.outcome.updated if old is not None else self.outcome.new).append(rel)

    def _job_file(self, row: Row, others: list[Row]) -> tuple[str, str]:
        if not isinstance(row.data, dict):
            raise RowError("a job is an object")
        job_id = self._job_id(row)
        rel = f"{self.system.folder}/{job_id}.yml"
        self.rows[rel] = row
        imported = self.existing.get(rel)
        posted = imported.job.posted.isoformat() if imported and imported.job else None
        draft, free_places = self.system.convert(row.data, posted)
        draft["id"] = job_id
        draft["posted"] = draft.get("posted") or posted or self.today.isoformat()
        if self.source_tag:
            draft["apply_url"] = with_query(
                draft["apply_url"], self.system.source_param, self.source_tag
            )
        for other in others:  # more posts of the same job: their places join
            try:
                free_places += self.system.convert(other.data, None)[1]
            except RowError as err:
                raise RowError(
                    *(f"{other.where()}, a post of this job: {m}" for m in err.args)
                ) from None
        codes: list[str] = []
        for free in free_places:
            place = self._place(free)
            codes += place.codes
            draft["remote"] = draft.get("remote") or place.remote
        draft["locations"] = list(dict.fromkeys(codes))
        if draft.get("employment_type"):
            draft["employment_type"] = employment(draft["employment_type"], self.kinds)
        check_characters(draft)
        text = job_yaml(draft, self.system.name)
        size = len(text.encode("utf-8"))
        if size > strict_yaml.MAX_BYTES:
            raise RowError(
                f"the job file it makes would be {size} bytes; "
                f"the limit is {strict_yaml.MAX_BYTES} (1 MiB)"
            )
        errors: list[Problem] = []
        typed(Job, read_record("job", rel, text.encode("utf-8")), errors)
        if errors:
            raise RowError(*(f"the job it makes is invalid: {error.message}" for error in errors))
        return rel, text

    def _job_id(self, row: Row) -> str:
        """The system's prefix + the id exactly as the export writes it (never trimmed: the id
        is the file's name and the page's URL, one rule for both)."""
        ident = self.system.job_id(row.data) if self.system.job_id else row.data.get("id")
        if ident is None or ident == "":
            raise RowError("id is missing or empty")
        if isinstance(ident, bool) or not isinstance(ident, int | str):
            raise RowError("id must be a number or text")
        job_id = self.system.prefix + str(ident)
        if not JOB_ID.fullmatch(job_id):
            raise RowError(
                f"id '{job_id}' cannot be a job id (letters, digits, '-', '_', at most 64)"
            )
        if job_id in self.seen:
            raise RowError(f"id {ident} is also the id of {self.seen[job_id].label}")
        self.seen[job_id] = row
        self.produced.add(f"{self.system.folder}/{job_id}.yml")
        if job_id in self.elsewhere:
            raise RowError(f"job id '{job_id}' is already used by {self.elsewhere[job_id]}")
        return job_id

    def _place(self, free: str | tuple[str, ...]) -> Place:
        """The mapping's place for `free` (or for the first of several spellings it knows)."""
        spellings = (free,) if isinstance(free, str) else free
        if not any(spellings):
            raise RowError("the job has no location (location.name, offices, categories.location)")
        place = next((self.places[k] for k in map(place_key, spellings) if k in self.places), None)
        free = spellings[0]
        if place is None:
            raise RowError(
                f"place '{free}' is not in {MAPPING}; add a line such as "
                f"{json.dumps(free, ensure_ascii=False)}: CC, REGION, City"
            )
        return place

    def close(self, rel: str, today: dt.date) -> None:
        """Close a job that left the export (unless it is closed already); one that was never
        published (posted after today) has no page to keep, so its file goes."""
        imported = self.existing[rel]
        if imported.job is not None and imported.job.posted > today:
            self.outcome.removed.append(rel)
        elif imported.job is None or job_is_open(imported.job, today):
            self.outcome.writes[rel] = close_text(imported.text, today - dt.timedelta(days=1))
            self.outcome.closed.append(rel)

    def site_problems(self, root: Path, options: Options) -> list[Problem]:
        """Every problem of the site the import would leave (as `check` finds them), those of
        the files it writes named by the export's row."""
        found = []
        writes, removes = self.outcome.writes, self.outcome.removed
        for problem in site_problems(root, writes, removes, options):
            row = self.rows.get(problem.path)
            if row is not None:
                problem = Problem(row.source, row.line, f"{row.where()}: {problem.message}")
            found.append(problem)
        return found


def site_problems(
    root: Path, writes: dict[str, str], removes: list[str], options: Options
) -> list[Problem]:
    """Validate, as a whole, the site `root` would be with `writes` written and `removes`
    removed, as `check` does: its sources are staged in a temporary folder (hard links where the
    file system allows, so a big site costs little) and go through the build's own `prepare`."""
    try:
        config = read_config(root)
    except SourceErrors as err:
        return err.problems
    # The theme's hand-written pages (which an imported job's page must not collide with) are
    # the site's own: an import does not change them.
    hand_written = options.hand_written(root, config) if options.hand_written else {}
    with tempfile.TemporaryDirectory(prefix="careers-import-") as staging:
        stage = Path(staging)
        for folder in source_folders(config.docs_dir):
            if (root / folder).is_dir() and folder not in (".", ""):
                shutil.copytree(root / folder, stage / folder, symlinks=True, copy_function=_link)
        for rel in removes:
            (stage / rel).unlink()
        for rel, text in writes.items():
            path = stage / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.unlink(missing_ok=True)  # never write through a hard link into the site
            path.write_bytes(text.encode("utf-8"))
        cache = SourceCache(root)  # the site's parse cache, read only: unchanged files are known
        cache.persist = False
        try:
            prepare(stage, config, options.today, hand_written, source_cache=cache)
        except SourceErrors as err:
            return err.problems
    return []


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _existing(root: Path, folder: str, problems: list[Problem]) -> dict[str, Imported]:
    """Files already imported: rel -> what they hold."""
    found = {}
    base = root / folder
    for path in sorted(base.glob("*.yml")) if base.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        try:
            text = strict_yaml.decode(path.read_bytes())
            record = read_record("job", rel, text.encode("utf-8"))
        except (OSError, strict_yaml.YamlError) as err:
            problems.append(
                Problem(rel, getattr(err, "line", 1), f"cannot read an imported job: {err}")
            )
            continue
        found[rel] = Imported(text, typed(Job, record, []))
    return found


def _ids_elsewhere(root: Path, folder: str) -> dict[str, str]:
    """Job ids of job files outside the import's own folder."""
    ids = {}
    for path in sorted((root / "jobs").rglob("*.yml")) if (root / "jobs").is_dir() else []:
        rel = path.relative_to(root).as_posix()
        if rel.startswith(folder + "/"):
            continue
        try:
            data = strict_yaml.parse(strict_yaml.decode(path.read_bytes()))
        except (OSError, strict_yaml.YamlError):
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            ids.setdefault(data["id"], rel)
    return ids


def with_query(url: str, name: str, value: str) -> str:
    """`url` with `name=value` in its query (replacing a value it had)."""
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)]
    query = [(k, v) for k, v in query if k != name] + [(name, value)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def close_text(text: str, day: dt.date) -> str:
    """The job file with `valid_through: DAY` (replacing any top-level valid_through)."""
    line = f"valid_through: {day.isoformat()}"
    if re.search(r"^valid_through:.*$", text, flags=re.M):
        return re.sub(r"^valid_through:.*$", line, text, count=1, flags=re.M)
    return text.rstrip("\n") + "\n" + line + "\n"


def apply(root: Path, outcome: Outcome) -> None:
    """Write the planned files, each atomically (a reader never sees half a file)."""
    for rel, text in sorted(outcome.writes.items()):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    for rel in outcome.removed:
        (root / rel).unlink(missing_ok=True)
