"""A story's Markdown rendered as MkDocs renders a page's, without MkDocs: Python-Markdown with the
site's `markdown_extensions` (as MkDocs' loaded config gives them: its built-in ones first, tags
such as `!!python/name` resolved), and links to the site's files rewritten the way MkDocs rewrites
them (its `_RelativePathTreeprocessor`, mkdocs/structure/pages.py): a story is the page
`stories/<slug>/index.md`, so `[About](../../about.md#teams)` leads to `../../about/#teams`, and a
link to a file that is not there is left as it was, with MkDocs' own warning.

The settings are plain data (kept in the build state), so a build that does not run MkDocs renders
stories exactly as one that does. Nothing here imports MkDocs.
"""

from __future__ import annotations

import logging
import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit, urlunsplit

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

RELATIVE_TO_DOCS = -1  # validation.links.absolute_links: relative_to_docs (MkDocs' value)
DEFAULT_VALIDATION = {
    "not_found": logging.WARNING,
    "absolute_links": logging.INFO,
    "unrecognized_links": logging.INFO,
    "anchors": logging.INFO,
}  # MkDocs' defaults for validation.links


@dataclass(frozen=True)
class MarkdownSettings:
    """How the site's Markdown is rendered: what MkDocs' loaded config says."""

    extensions: tuple = ("toc", "tables", "fenced_code")
    configs: dict = field(default_factory=dict)  # extension -> its options
    validation: dict = field(default_factory=lambda: dict(DEFAULT_VALIDATION))  # levels


@dataclass
class Rendered:
    """A story's Markdown as HTML, with what MkDocs learns while rendering a page."""

    html: str
    warnings: list[tuple[int, str]]  # (logging level, message), MkDocs' wording
    links_to_anchors: dict[str, dict[str, str]]  # target file -> {anchor: the link as written}
    anchors: set[str]  # the ids its HTML holds
    error: str | None = None  # why Python-Markdown could not render it


class StoryMarkdown:
    """Renders stories: one Python-Markdown instance per process, reset for each story."""

    def __init__(self, settings: MarkdownSettings, documents: dict[str, str]):
        """`documents`: every file a link may lead to (docs-folder path, `x/index.md` for a
        page the engine writes) -> its URL."""
        self.settings = settings
        self.documents = documents
        self._md: markdown.Markdown | None = None
        self._links: _Links | None = None

    def render(self, page_url: str, text: str) -> Rendered:
        md, links = self._instance()
        links.start(page_url + "index.md", page_url)
        anchors = _Anchors()
        try:
            md.reset()
            html = md.convert(text)
        except Exception as error:  # RecursionError on deeply nested lists, for one
            return Rendered("", [], {}, set(), f"{type(error).__name__}: {error}")
        anchors.feed(html)
        return Rendered(html, links.warnings, links.links_to_anchors, anchors.ids)

    def _instance(self) -> tuple[markdown.Markdown, _Links]:
        if self._md is None:
            md = markdown.Markdown(
                extensions=list(self.settings.extensions),
                extension_configs=self.settings.configs,
            )
            self._links = _Links(md, self.documents, self.settings.validation)
            md.treeprocessors.register(self._links, "relpath", 0)  # where MkDocs puts its own
            self._md = md
        return self._md, self._links


class _Anchors(HTMLParser):
    """The ids of an HTML text (and `<a name>`), as MkDocs collects a page's anchors."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)


class _Links(Treeprocessor):
    """MkDocs' link rewriting (mkdocs/structure/pages.py `_RelativePathTreeprocessor.path_to_url`,
    with directory URLs), on the page `src_uri` at `url`."""

    def __init__(self, md, documents: dict[str, str], validation: dict):
        super().__init__(md)
        self.documents = documents
        self.validation = validation
        self.start("", "")

    def start(self, src_uri: str, url: str) -> None:
        self.src_uri, self.url = src_uri, url
        self.warnings: list[tuple[int, str]] = []
        self.links_to_anchors: dict[str, dict[str, str]] = {}

    def run(self, root):
        for element in root.iter():
            key = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            if key and element.get(key) is not None:
                element.set(key, self.path_to_url(element.get(key)))
        return root

    def path_to_url(self, url: str) -> str:
        scheme, netloc, path, query, anchor = urlsplit(url)
        absolute = None
        level, warning = 0, ""
        if scheme or netloc:
            return url
        if url.startswith(("/", "\\")):
            absolute = self.validation["absolute_links"]
            if absolute != RELATIVE_TO_DOCS:
                level = absolute
                warning = (
                    f"Doc file '{self.src_uri}' contains an absolute link '{url}', "
                    "it was left as is."
                )
        elif AMP_SUBSTITUTE in url:
            return url
        elif not path:
            if anchor:
                self.links_to_anchors.setdefault(self.src_uri, {}).setdefault(anchor, url)
            return url
        path = unquote(path)
        guesses = self._possible_targets(path)
        target_uri, target = url, None
        if not warning:
            target_uri = next(guesses)
            target = self.documents.get(target_uri)
        if target is None and not warning:
            if not posixpath.splitext(path)[-1] and absolute is None:
                level = self.validation["unrecognized_links"]
                warning = (
                    f"Doc file '{self.src_uri}' contains an unrecognized relative link '{url}', "
                    "it was left as is."
                )
            else:
                named = f" '{target_uri}'" if target_uri != url.lstrip("/") else ""
                level = self.validation["not_found"]
                warning = (
                    f"Doc file '{self.src_uri}' contains a link '{url}', "
                    f"but the target{named} is not found among documentation files."
                )
        if warning:
            if level > logging.DEBUG:
                warning += self._suggestion(guesses, url, query, anchor, absolute)
            self.warnings.append((level, warning))
            return url
        if anchor:
            self.links_to_anchors.setdefault(target_uri, {}).setdefault(anchor, url)
        return urlunsplit(("", "", relative_url(target, self.url), query, anchor))

    def _suggestion(self, guesses, url, query, anchor, absolute) -> str:
        for guess in guesses:
            if guess in self.documents:
                if anchor and guess == self.src_uri:
                    guess = ""
                elif absolute == RELATIVE_TO_DOCS:
                    guess = "/" + guess
                else:
                    guess = relative_url(guess, self.src_uri)
                return f" Did you mean '{urlunsplit(('', '', guess, query, anchor))}'?"
        if "@" in url and "." in url and "/" not in url:
            return f" Did you mean 'mailto:{url}'?"
        return ""

    def _possible_targets(self, path: str):
        """The file a link names, then guesses at what a wrong one meant (MkDocs' order)."""
        target = _target_uri(self.src_uri, path)
        yield target
        if posixpath.normpath(path) == ".":
            yield self.src_uri
            return
        tried = {target}
        prefixes = [target, _target_uri(self.url, path)]
        if prefixes[0] == prefixes[1]:
            prefixes.pop()
        suffixes = [lambda p: p]
        if not posixpath.splitext(target)[-1]:
            suffixes.append(lambda p: posixpath.join(p, "index.md"))
            suffixes.append(lambda p: posixpath.join(p, "README.md"))
        if not target.endswith(".") and not path.endswith(".md"):
            suffixes.append(lambda p: p.removesuffix(".html") + ".md")
        for prefix in prefixes:
            for suffix in suffixes:
                guess = posixpath.normpath(suffix(prefix))
                if guess not in tried and not guess.startswith("../"):
                    yield guess
                    tried.add(guess)


def _target_uri(src_path: str, dest_path: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_path), dest_path).lstrip("/"))


def relative_url(url: str, other: str) -> str:
    """`url` relative to `other`, both site paths (mkdocs.utils.get_relative_url)."""
    folder, _, name = other.rpartition("/")
    if "." in name:
        other = folder
    other_parts, parts = _parts(other), _parts(url)
    common = 0
    for one, two in zip(other_parts, parts, strict=False):
        if one != two:
            break
        common += 1
    relative = "/".join([".."] * (len(other_parts) - common) + parts[common:]) or "."
    return relative + "/" if url.endswith("/") else relative


def _parts(path: str) -> list[str]:
    path = posixpath.normpath(path if path.startswith("/") else "/" + path)[1:]
    return path.split("/") if path else []
