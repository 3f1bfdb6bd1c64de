"""The shortcuts taken for large sites give exactly what the long way gives."""

from __future__ import annotations

import posixpath
import random

from generator.adapters.mkdocs.search_index import trim_doc
from generator.model.urls import relative, relative_path
from generator.render import markdown


def test_plain_text_shortcut_matches_markdown():
    rng = random.Random(5)
    alphabet = "abcXY019 ,.;:'()/%?+-*_`<>&#!\\[]\""
    samples = ["1. item", "2) item", "10.", "Plain words, and more.", "a  b", "x ", "(c) 2026"]
    samples += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))) for _ in range(3000)
    ]
    for text in samples:
        assert markdown.safe_markdown(text) == markdown.markdown_html(text), text


def test_plain_prose_shortcut_matches_markdown():
    rng = random.Random(3)
    pieces = [
        "a",
        "B",
        "0",
        "1.",
        "2)",
        " ",
        ",",
        ".",
        "'",
        "(",
        ")",
        "-",
        "+",
        "**",
        "*",
        "**x**",
        "**a b**",
        "** a**",
        "**b **",
        "\n",
        "\n\n",
        "\n\n\n",
        "  \n",
        "#",
        ">",
        "=",
        "---",
        "_",
        "`",
        "y z",
        "**y**z",
    ]
    shortcut = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        if markdown.plain_prose_html(text) is not None:
            shortcut += 1
            assert markdown.safe_markdown(text) == markdown.markdown_html(text), text
    assert shortcut > 500


def test_relative_links_match_posixpath():
    rng = random.Random(7)
    parts = ["a", "b", "jobs", "", ".", "..", "x y"]
    for _ in range(5000):
        target = "/".join(rng.choice(parts) for _ in range(rng.randint(0, 4))) + rng.choice(
            ["", "/"]
        )
        start = "/".join(rng.choice(parts) for _ in range(rng.randint(0, 4))) + rng.choice(
            ["", "/"]
        )
        assert relative_path(target, start) == posixpath.relpath("/" + target, "/" + start)


def _relative_the_long_way(from_url: str, to_url: str) -> str:
    """urls.relative as it was written before its shortcut for plain URLs."""
    if "://" in to_url or to_url.startswith(("mailto:", "#")):
        return to_url
    target = to_url.lstrip("/")
    rel = posixpath.relpath("/" + target, "/" + from_url)
    if rel == ".":
        return "./"
    if target.endswith("/") or target == "":
        rel += "/"
    return rel


def test_relative_links_match_the_long_way():
    rng = random.Random(11)
    parts = ["a", "b", "jobs", "", ".", "..", ".well-known", "feed.xml", "a.", "x y", "#top"]
    samples = [
        ("jobs/locations/us/wa/seattle/", "jobs/j1/"),
        ("jobs/teams/ml/page/2/", "jobs/teams/ml/feed.xml"),
        ("jobs/x/", "jobs"),  # a file named as one of the page's folders: "..", not "../"
        ("jobs/x/", "/jobs/x/"),
        ("", ""),
        ("jobs/", "https://example.test/jobs/"),
        ("jobs/", "mailto:jobs@example.test"),
    ]
    for _ in range(20000):
        urls = [
            "/".join(rng.choice(parts) for _ in range(rng.randint(0, 5))) + rng.choice(["", "/"])
            for _ in range(2)
        ]
        samples.append((urls[0], rng.choice(["", "/"]) + urls[1]))
    for start, target in samples:
        assert relative(start, target) == _relative_the_long_way(start, target), (start, target)


def test_search_entries_are_trimmed_with_balanced_tags():
    doc = {
        "location": "stories/x/",
        "title": "X",
        "text": "<p>" + "word " * 100 + "</p><p>next</p>",
    }
    trimmed = trim_doc(doc, 60)
    assert len(trimmed["text"]) < 80
    assert trimmed["text"].endswith("…</p>")
    assert trim_doc(doc, 10_000) is doc
