"""`python -m generator init DIR`: a new site that `check` and `build` accept at once."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from generator.cli import main
from generator.tools import init
from tests.conftest import TODAY, Built


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_init_writes_a_site_that_checks_and_builds(tmp_path):
    root = tmp_path / "new" / "mysite"  # parents are created too
    code, out, err = _run("init", str(root), "--today", TODAY)
    assert code == 0, err
    assert f"created a new site in {root}" in out
    assert set(_files(root)) == {
        ".gitignore",
        "mkdocs.yml",
        "content/index.md",
        "content/about.md",
        "content/related.yml",
        "content/people/noor-haddad.yml",
        "content/images/noor-haddad.svg",
        "content/images/river-forecast.svg",
        "stories/a-summer-forecasting-rivers.md",
        "jobs/data-science/brw-1001.yml",
    }
    assert f"posted: {TODAY}\n" in (root / "jobs/data-science/brw-1001.yml").read_text()
    assert not any("$" in text.decode() for text in _files(root).values())

    code, out, err = _run("check", "--links", "--root", str(root), "--today", TODAY)
    assert (code, err) == (0, "")
    assert "ok: 1 jobs (1 open), 1 published stories, 1 people" in out

    code, _, err = _run("build", "--root", str(root), "--today", TODAY)
    assert code == 0, err
    built = Built(root / "site")
    (posting,) = [d for d in built.jsonld("jobs/brw-1001/") if d["@type"] == "JobPosting"]
    assert posting["hiringOrganization"]["name"] == "Bramblewood Research"
    story = built.html("stories/a-summer-forecasting-rivers/")
    links = story.xpath("//a/@href")
    # The story shows its profile, its related card (inline and at the end) and the open role.
    assert any("people/noor-haddad/" in href for href in links)
    assert "https://www.example.com/blog/soil-moisture-field-notes" in links
    assert any(href.rstrip("/").endswith("about") for href in links)
    assert any("jobs/brw-1001/" in href for href in links)
    home = built.text("")
    assert "[[" not in home and "A summer forecasting rivers" in home
    assert built.exists("jobs/locations/ca/bc/vancouver/", "feed.xml")


def test_init_into_an_existing_empty_folder(tmp_path, monkeypatch):
    (tmp_path / "site").mkdir()
    monkeypatch.chdir(tmp_path / "site")
    code, _, err = _run("init", ".", "--today", TODAY)
    assert code == 0, err
    assert (tmp_path / "site/mkdocs.yml").is_file()


@pytest.mark.parametrize("holding", ["README.md", ".git/HEAD", "empty-folder/"])
def test_init_refuses_a_folder_that_is_not_empty(tmp_path, holding):
    root = tmp_path / "site"
    entry = root / holding.rstrip("/")
    if holding.endswith("/"):
        entry.mkdir(parents=True)
    else:
        entry.parent.mkdir(parents=True)
        entry.write_text("mine\n")
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    code, out, err = _run("init", str(root))
    assert code == 2 and out == ""
    assert f"error: {root} is not empty (it holds {holding.split('/')[0]})" in err
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_init_refuses_a_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("mine\n")
    code, _, err = _run("init", str(path))
    assert code == 2
    assert f"error: {path} is a file: init needs a new or empty folder" in err
    assert path.read_text() == "mine\n"


def test_a_failed_init_leaves_nothing_behind(tmp_path, monkeypatch):
    real = init.starter_files

    def failing_late():  # the last file cannot be written: its folder is a file
        files = real()
        return [*files, ("mkdocs.yml/cannot-be-here.md", files[0][1])]

    monkeypatch.setattr(init, "starter_files", failing_late)
    root = tmp_path / "a" / "b"
    code, _, err = _run("init", str(root))
    assert code == 2
    assert f"error: could not write the new site into {root}: " in err
    assert list(tmp_path.iterdir()) == []

    root.mkdir(parents=True)  # an existing empty folder stays, empty
    code, _, _ = _run("init", str(root))
    assert code == 2
    assert list(root.iterdir()) == []


def test_init_is_the_only_command_that_needs_no_mkdocs_yml(tmp_path):
    code, _, err = _run("check", "--root", str(tmp_path))
    assert code == 2 and "has no mkdocs.yml" in err
    code, _, err = _run("init", str(tmp_path / "x"), "--today", "2026-13-01")
    assert code == 2 and "--today must be YYYY-MM-DD" in err
    assert not (tmp_path / "x").exists()
