"""The engine (load, validate, plan, render, feeds, JSON-LD, output, import, scaffold, links)
imports nothing from MkDocs: only plugin.py does, and cli.py imports plugin.py lazily, inside
the function that builds. So the engine keeps working when the renderer changes."""

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
    p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("plugin", "__main__", "__init__")
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


def test_the_engine_renders_the_whole_sample_without_mkdocs(tmp_path):
    result = _run(f"""
        import datetime as dt
        from pathlib import Path
        from generator import build
        from generator.render.feeds import render_feed
        from generator.config import load_site_config
        from generator.output.writer import SHELL_MARKERS

        root = Path({str(REPO)!r})
        config, problems = load_site_config(root / "mkdocs.yml")
        assert not problems, problems
        prepared = build.prepare(root, config, dt.date.fromisoformat({TODAY!r}))
        for page in prepared.mkdocs_pages:
            assert prepared.renderer.markdown(page).strip(), page.url
        head, title, body = SHELL_MARKERS
        shell = f"<html><head>{{head}}<title>{{title}}</title></head><body>{{body}}</body></html>"
        shells = {{depth: shell for depth in build.shell_depths(prepared)}}
        out = Path({str(tmp_path / "out")!r})
        build.write_output(prepared, out, shells, [page.url for page in prepared.mkdocs_pages])
        jobs = sorted(p.parent.name for p in (out / "jobs").glob("*/index.html"))
        feeds = sum(1 for f in prepared.plan.feeds for _ in render_feed(f, config))
        print("jobs", len(jobs), "feeds", feeds, "sitemap", (out / "sitemap.xml").is_file())
    """)
    assert result.returncode == 0, result.stderr
    assert "sitemap True" in result.stdout
    words = result.stdout.split()
    assert int(words[words.index("jobs") + 1]) >= 10 and int(words[words.index("feeds") + 1]) > 0
    assert (tmp_path / "out/jobs/aai-3012345/index.html").is_file()


def test_the_check_command_runs_with_mkdocs_unavailable():
    result = _run(f"""
        from generator.cli import main
        code = main(["check", "--root", {str(REPO)!r}, "--today", {TODAY!r}])
        print("check", code)
    """)
    assert result.returncode == 0, result.stderr
    assert "check 0" in result.stdout
