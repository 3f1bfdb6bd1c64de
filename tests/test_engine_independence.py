"""The engine (sources, model, validate, pages, render, output, importers, tools) imports
nothing from MkDocs or Material: only the adapter (generator/adapters/mkdocs/) does, and cli.py
imports it lazily, inside the functions that need a theme. So the engine keeps working when the
renderer changes: the whole build runs here with a stand-in theme and MkDocs unimportable."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import generator
from tests.conftest import REPO, TODAY

PACKAGE = Path(generator.__file__).parent
ADAPTER = PACKAGE / "adapters" / "mkdocs"  # the one place that knows MkDocs and Material
RENDERERS = ("mkdocs", "material", "properdocs", "pymdownx")
MODULES = sorted(
    ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
    for p in PACKAGE.rglob("*.py")
    if ADAPTER not in p.parents and p.stem != "__main__"
)


def _imports(tree: ast.AST):
    """(module name, at module level?) for every import statement in the tree."""
    functions = [
        node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]
    nested = {id(inner) for fn in functions for inner in ast.walk(fn) if inner is not fn}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            yield name, id(node) not in nested


def test_only_the_plugin_imports_a_renderer():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if ADAPTER in path.parents:
            continue
        for name, _ in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if name.split(".")[0] in RENDERERS:
                offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_the_plugin_is_imported_lazily_and_only_by_the_cli():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for name, top_level in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if name.startswith("generator.adapters.mkdocs") and ADAPTER not in path.parents:
                found.append((path.name, top_level))
    assert found and {name for name, _ in found} == {"cli.py"}
    assert not any(top_level for _, top_level in found), (
        "cli.py must import plugin.py in a function"
    )


def test_the_plugin_is_the_one_module_that_does_import_mkdocs():
    tree = ast.parse((ADAPTER / "plugin.py").read_text(encoding="utf-8"))
    assert any(name.split(".")[0] == "mkdocs" for name, top in _imports(tree) if top)


BLOCKER = textwrap.dedent(
    """
    import importlib.abc, sys
    BLOCKED = {blocked!r}

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"{{name}} is not available to the engine")
            return None

    sys.meta_path.insert(0, Block())
    """
).format(blocked=RENDERERS)


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", BLOCKER + textwrap.dedent(code)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def test_every_engine_module_imports_with_mkdocs_unavailable():
    result = _run(f"""
        import importlib, sys
        for name in {MODULES!r}:
            importlib.import_module("generator." + name)
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in {RENDERERS!r})
        print("loaded:", loaded)
    """)
    assert result.returncode == 0, result.stderr
    assert "loaded: []" in result.stdout


def test_the_one_build_function_builds_the_whole_sample_with_another_theme(tmp_path):
    """build.build() with a stand-in theme (plain shells, pages filled with the engine's HTML):
    every stage from config to commit runs without MkDocs."""
    result = _run(f"""
        import datetime as dt
        from pathlib import Path
        from generator import build
        from generator.output.write import Drawn, shell_depths
        from generator.pages.kinds import StoryPage

        class Plain:
            def __init__(self, depth):
                self.depth = depth

            def fill(self, title, head, body):
                head = f"<head>{{head}}<title>{{title}}</title></head>"
                return f"<html>{{head}}<body>{{body}}</body></html>"

        class StandIn:
            # Shells only: the engine writes every page, a story in its own Markdown way.

            def hand_written(self, root, config):
                return {{"index.html": "content/index.md"}}

            def draw(self, prepared, run):
                shells = {{depth: Plain(depth) for depth in shell_depths(prepared.plan)}}
                return Drawn(shells, [""], set())

        root = Path({str(REPO)!r})
        out = Path({str(tmp_path / "out")!r})
        request = build.BuildRequest(root, out, dt.date.fromisoformat({TODAY!r}), incremental=False)
        run = build.build(request, StandIn())
        jobs = sorted(p.parent.name for p in (out / "jobs").glob("*/index.html"))
        feeds = len(list(out.rglob("feed.xml")))
        stories = [p.url for p in run.prepared.plan.pages if isinstance(p, StoryPage)]
        print("jobs", len(jobs), "feeds", feeds, "stories", len(stories))
        print("sitemap", (out / "sitemap.xml").is_file())
    """)
    assert result.returncode == 0, result.stderr
    assert "sitemap True" in result.stdout
    words = result.stdout.split()
    assert int(words[words.index("jobs") + 1]) >= 10 and int(words[words.index("feeds") + 1]) > 5
    assert int(words[words.index("stories") + 1]) >= 3
    job_page = (tmp_path / "out/jobs/aai-3012345/index.html").read_text(encoding="utf-8")
    assert '"@type": "JobPosting"' in job_page or '"@type":"JobPosting"' in job_page
    story = (tmp_path / "out/stories/largest-class-of-science-interns/index.html").read_text()
    assert "<h2>Many seasons, many projects</h2>" in story  # its Markdown, the engine's way


def test_the_check_command_runs_with_mkdocs_unavailable():
    result = _run(f"""
        from generator.cli import main
        code = main(["check", "--root", {str(REPO)!r}, "--today", {TODAY!r}])
        print("check", code)
    """)
    assert result.returncode == 0, result.stderr
    assert "check 0" in result.stdout
