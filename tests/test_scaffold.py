"""`python -m generator new story|job|person`: a valid file with every field, never an overwrite."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from generator.cli import parser
from generator.model.records import Job, Person, Story
from generator.sources.load import read_record
from generator.sources.strict_yaml import parse
from generator.tools import scaffold
from generator.validate import typed
from tests.conftest import REPO, TODAY

STORY = ["new", "story", "--title", "Forecasting the first mile", "--summary", "Maya's summer."]
JOB = [
    "new", "job", "--id", "shp-3100001", "--title", "Applied Scientist, Routing",
    "--location", "US, WA, Seattle", "--location", "DE, BE, Berlin",
    "--team", "Shipping Science", "--category", "Applied Science",
    "--apply-url", "https://jobs.example.test/shp-3100001",
    "--description", "Plan **routes** for a continent.\n\nSecond paragraph.",
]  # fmt: skip
PERSON = ["new", "person", "--id", "ada-lovelace", "--name", "Ada Lovelace",
          "--role", "Applied science intern"]  # fmt: skip


def keys_written(text: str) -> tuple[set[str], set[str]]:
    """(top-level keys written, top-level keys commented out) of a scaffolded file."""
    written = set(re.findall(r"^([a-z_]+):", text, flags=re.M))
    commented = set(re.findall(r"^# ([a-z_]+):", text, flags=re.M))
    return written, commented


def front_matter(text: str) -> str:
    return text.split("---\n")[1]


@pytest.mark.parametrize(
    ("args", "rel", "model"),
    [
        (STORY, "stories/2026/forecasting-the-first-mile.md", Story),
        (JOB, "jobs/shipping-science/shp-3100001.yml", Job),
        (PERSON, "content/people/ada-lovelace.yml", Person),
    ],
)
def test_writes_every_field_required_ones_set_optional_ones_commented(source, args, rel, model):
    code, out, err = source.run(*args, "--today", TODAY)
    assert code == 0, err
    assert f"wrote {rel}" in out
    text = (source.root / rel).read_text(encoding="utf-8")
    written, commented = keys_written(front_matter(text) if model is Story else text)
    required = {name for name, info in model.model_fields.items() if info.is_required()}
    if model is Story:
        required |= {"date"}  # required, filled with today
    assert required <= written
    assert written | commented == set(model.model_fields), "every field, written or commented"
    assert not (written & commented)


def test_story_passes_check_and_builds(source):
    source.person("maya-okafor")
    code, _, err = source.run(
        *STORY,
        "--person",
        "maya-okafor",
        "--topic",
        "Forecasting",
        "--date",
        "2026-08-26",
        "--today",
        TODAY,
    )
    assert code == 0, err
    text = (source.root / "stories/2026/forecasting-the-first-mile.md").read_text()
    assert "people:\n  - maya-okafor\n" in text and "# series:" in text
    assert source.check() == (0, [])
    built = source.build()
    page = built.html("stories/forecasting-the-first-mile/")
    assert page.xpath("//h1")[0].text_content().strip() == "Forecasting the first mile"
    assert built.exists("stories/topics/forecasting/")


def test_job_passes_check_and_builds_with_its_values(source):
    code, _, err = source.run(
        *JOB,
        "--salary",
        "USD:136000-260000:YEAR",
        "--remote",
        "--employment-type",
        "INTERN",
        "--today",
        TODAY,
    )
    assert code == 0, err
    assert source.check() == (0, [])
    built = source.build()
    (posting,) = [d for d in built.jsonld("jobs/shp-3100001/") if d.get("@type") == "JobPosting"]
    assert posting["title"] == "Applied Scientist, Routing"
    assert posting["datePosted"].startswith(TODAY)
    assert posting["employmentType"] == "INTERN"
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["baseSalary"]["value"]["minValue"] == 136000
    assert built.exists("jobs/locations/de/be/berlin/")


def test_person_passes_check(source):
    code, _, err = source.run(
        *PERSON,
        "--location",
        "GB, LND, London",
        "--link",
        "Thesis=https://example.test/ada",
        "--today",
        TODAY,
    )
    assert code == 0, err
    text = (source.root / "content/people/ada-lovelace.yml").read_text()
    assert "links:\n  - title: Thesis\n    url: https://example.test/ada\n" in text
    assert source.check() == (0, [])


@pytest.mark.parametrize(
    ("args", "kind", "model"),
    [(STORY, "story", Story), (JOB, "job", Job), (PERSON, "person", Person)],
)
def test_uncommenting_every_optional_key_still_fits_the_schema(source, args, kind, model):
    source.run(*args, "--today", TODAY)
    (path,) = [
        p
        for p in source.root.rglob("*")
        if p.suffix in (".md", ".yml")
        and p.parent.name not in ("src",)
        and "content/index.md" not in p.as_posix()
    ]
    text = re.sub(r"^# (?=[a-z_]+:|  )", "", path.read_text(), flags=re.M)
    record = read_record(kind, path.relative_to(source.root).as_posix(), text.encode())
    problems: list = []
    assert typed(model, record, problems) is not None, problems


def test_values_with_yaml_syntax_stay_text(source):
    title = 'Economist: "pricing" #1 - yes'
    code, _, err = source.run(
        "new",
        "story",
        "--title",
        title,
        "--slug",
        "pricing",
        "--summary",
        "- starts like a list: and has # signs",
        "--today",
        TODAY,
    )
    assert code == 0, err
    data = parse(front_matter((source.root / "stories/2026/pricing.md").read_text()), 1)
    assert data["title"] == title
    assert data["summary"] == "- starts like a list: and has # signs"
    assert source.check() == (0, [])


def test_refuses_to_overwrite_an_existing_file(source):
    path = source.story("forecasting-the-first-mile", folder="stories/2026", title="Original")
    before = path.read_bytes()
    code, _, err = source.run(*STORY, "--today", TODAY)
    assert code == 1
    assert "already used by stories/2026/forecasting-the-first-mile.md" in err
    assert "nothing was written" in err
    assert path.read_bytes() == before


def test_refuses_a_story_slug_used_in_another_year(source):
    source.story("forecasting-the-first-mile", folder="stories/2025")
    code, _, err = source.run(*STORY, "--today", TODAY)
    assert code == 1 and "stories/2025/forecasting-the-first-mile.md" in err
    assert not (source.root / "stories/2026").exists()


def test_refuses_a_job_id_already_used_elsewhere(source):
    source.job("shp-3100001", folder="jobs/other")
    code, _, err = source.run(*JOB, "--today", TODAY)
    assert code == 1
    assert "job id 'shp-3100001' is already used by jobs/other/shp-3100001.yml" in err
    assert not (source.root / "jobs/shipping-science").exists()


def test_refuses_an_existing_profile(source):
    path = source.person("ada-lovelace", role="Economist")
    before = path.read_bytes()
    code, _, err = source.run(*PERSON, "--today", TODAY)
    assert code == 1 and "content/people/ada-lovelace.yml already exists" in err
    assert path.read_bytes() == before


def test_missing_required_values_without_a_terminal_is_a_usage_error(source):
    code, _, err = source.run("new", "job", "--id", "x-1", "--title", "T", "--today", TODAY)
    assert code == 2
    assert "missing --location, --team, --category, --apply-url, --description" in err
    assert not (source.root / "jobs").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--location", "US, XX, Seattle"], "unknown ISO 3166-2 region 'XX'"),
        (["--posted", "2026-13-01"], "--posted must be a date written YYYY-MM-DD"),
        (["--apply-url", "ftp://x.test/"], "is not an absolute http(s) URL"),
        (["--employment-type", "SOMETIMES"], "is not one of"),
    ],
)
def test_invalid_values_are_refused_and_nothing_is_written(source, extra, message):
    args = list(JOB)
    for flag in ("--location", "--apply-url"):
        if flag in extra:  # replace the flag's value(s) in the base command
            while flag in args:
                at = args.index(flag)
                del args[at : at + 2]
    code, _, err = source.run(*args, *extra, "--today", TODAY)
    assert code == 2, err
    assert message in err and "nothing was written" in err
    assert not list(source.root.glob("jobs/**/*.yml"))


@pytest.mark.parametrize("bad_id", ["../../outside", "a/b", "-x", ""])
def test_an_id_that_is_no_file_name_is_refused(source, bad_id):
    args = list(JOB)
    args[args.index("--id") + 1] = bad_id
    code, _, err = source.run(*args, "--today", TODAY)
    assert code == 2, err
    assert not list(source.root.parent.rglob("outside*")) and not (source.root / "jobs").exists()


def test_unknown_profile_in_a_story_is_refused(source):
    code, _, err = source.run(*STORY, "--person", "nobody", "--today", TODAY)
    assert code == 2
    assert "people: 'nobody' is not a known profile" in err
    assert not list(source.root.glob("stories/**/*.md"))


def test_asks_for_missing_values_in_a_terminal(source):
    args = parser().parse_args(["new", "story", "--slug", "asked", "--root", str(source.root)])
    answers = iter(["An asked-for title", "Asked summary."])
    prompts = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    import datetime as dt

    assert scaffold.run_new(args, source.root, dt.date(2026, 11, 25), ask=ask) == 0
    assert [p.split(" ")[0] for p in prompts] == ["title", "summary"]
    text = (source.root / "stories/2026/asked.md").read_text()
    assert "title: An asked-for title\n" in text and "summary: Asked summary.\n" in text
    assert source.check() == (0, [])


def test_make_new_story_shortcut_writes_the_file(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    root = tmp_path / "site"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "content", root / "content")
    args = f'--root {root} --title "Made by make" --summary "From the shortcut." --today {TODAY}'
    result = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed-build", "new-story", f"ARGS={args}"],
        cwd=REPO, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (root / "stories/2026/made-by-make.md").is_file()


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--title", "Applied\x07Scientist", "--title: control character U+0007 is not allowed"),
        ("--description", "Plan\n\x1b[31mroutes", "--description: control character U+001B"),
        ("--summary", "A \x00 teaser", "--summary: control character U+0000 is not allowed"),
        ("--location", "US, WA, Sea\x85ttle", "--location: control character U+0085"),
        ("--responsibility", "Lead \ufdd0", "--responsibility: character U+FDD0 (not text)"),
    ],
)
def test_a_value_no_source_may_hold_is_refused_with_its_flag(source, flag, value, message):
    """The README promises the reason and exit 2 (it was a YamlError traceback)."""
    code, out, err = source.run(*JOB, flag, value, "--today", TODAY)
    assert code == 2, err
    assert message in err and "nothing was written" in err
    assert "Traceback" not in err and "wrote" not in out
    assert not (source.root / "jobs").exists()


def test_a_control_character_typed_at_the_prompt_is_refused(source):
    args = parser().parse_args(["new", "person", "--id", "ada", "--root", str(source.root)])
    answers = iter(["Ada\x1b[2J Lovelace", "Intern"])
    import datetime as dt

    code = scaffold.run_new(args, source.root, dt.date(2026, 11, 25), ask=lambda _: next(answers))
    assert code == 2
    assert not (source.root / "content/people/ada.yml").exists()


def test_a_profile_goes_to_the_docs_folder_of_mkdocs_yml(source):
    """MkDocs' default docs_dir is docs/ (issue 15): `new person` must not write to content/."""
    config = source.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("docs_dir: content\n", ""))
    (source.root / "content").rename(source.root / "docs")
    code, out, err = source.run(*PERSON, "--today", TODAY)
    assert code == 0, err
    assert "wrote docs/people/ada-lovelace.yml" in out
    text = (source.root / "docs/people/ada-lovelace.yml").read_text()
    assert "# photo:\n#   src: images/ada-lovelace.jpg   # a file under docs/\n" in text
    assert not (source.root / "content").exists()
    code, _, err = source.run(*STORY, "--person", "ada-lovelace", "--today", TODAY)
    assert code == 0, err  # the story's reference finds the profile in docs/people/
    assert source.check() == (0, [])


def test_new_refuses_to_guess_the_docs_folder_from_a_broken_config(source):
    (source.root / "mkdocs.yml").write_text("site_name: x\nsite_url: [not, a, url]\n")
    code, _, err = source.run(*PERSON, "--today", TODAY)
    assert code == 1
    assert "mkdocs.yml:2: error: site_url is required" in err and "nothing was written" in err
    assert not list(source.root.rglob("ada-lovelace.yml"))
