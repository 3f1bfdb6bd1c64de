"""`python -m generator check --links [--external]`: every link and image of the built site.

`check` alone validates the sources. `--links` then builds the site into a temporary folder with
MkDocs in strict mode and link validation turned up (missing pages, missing anchors, absolute
links, unrecognised links: see VALIDATION), and checks what MkDocs cannot see: every `href` and
`src` of every page written, the generator's own HTML included, against the files and `id`s of
the output. It also refuses malformed URLs in related cards, profile links and apply links, and
site-relative related cards that lead to no page. `--external` also asks every outside server
linked from the pages' content (not the theme's own links), related cards and profiles, once per
URL (HEAD, then GET when HEAD is refused), each within `--timeout` seconds; it is off by
default and in CI, as it needs the network.

Each problem names the source file and line that holds the link (`PATH:LINE: error: ...`).
This module knows nothing of MkDocs: the strict build is a function handed in by the command
line (adapters/mkdocs/theme.py `link_warnings`), which reports each link it found wrong.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import posixpath
import re
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.problems import Problem
from generator.sources.load import load_sources
from generator.sources.strict_yaml import YList, YMap

SKIP_SCHEMES = ("mailto:", "tel:", "data:", "javascript:")
LINK_ATTRIBUTES = {"a": "href", "img": "src", "link": "href", "script": "src", "source": "src"}
USER_AGENT = "careers-generator link check"

# (prepared, output folder, today) -> the theme's link warnings (.message, .doc, .link)
StrictBuild = Callable[..., list]


def add_options(command) -> None:
    command.add_argument(
        "--links",
        action="store_true",
        help="also build into a temporary folder with MkDocs strict link and anchor validation "
        "and check every internal link and image",
    )
    command.add_argument(
        "--external",
        action="store_true",
        help="also check links to other sites over the network (implies --links; off by default)",
    )
    command.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        help="seconds to wait for each outside server with --external (default: 10)",
    )


def run(args, root: Path, today: dt.date, prepared, strict_build: StrictBuild) -> int:
    problems = check_site(root, today, prepared, strict_build, args.external, args.timeout)
    for problem in sorted(set(problems)):
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(set(problems))} link problem(s).", file=sys.stderr)
        return 1
    print("ok: every link and image resolves" + (", outside links too" if args.external else ""))
    return 0


def check_site(
    root: Path,
    today: dt.date,
    prepared,
    strict_build: StrictBuild,
    external: bool = False,
    timeout: float = 10,
) -> list[Problem]:
    docs_dir = prepared.site.config.docs_dir
    sources = SourceText(root, docs_dir)
    records = load_sources(root, docs_dir).records
    problems = malformed_urls(records)
    site_url = prepared.site.config.site_url
    with tempfile.TemporaryDirectory(prefix="careers-links-") as tmp:
        out = Path(tmp) / "site"
        warnings = strict_build(prepared, out, today)
        pages = {page.url: page.source for page in prepared.plan.pages}
        pages.update(_hand_written(prepared.hand_written))
        reported: set[tuple[str, str]] = set()
        for warning in warnings:
            problem, key = _from_warning(warning, sources, prepared)
            problems.append(problem)
            if key:
                reported.add(key)
                if "#" in key[1] and "anchor" in problem.message:
                    reported.add((key[0], "#" + key[1].partition("#")[2]))
        site = BuiltSite(out, site_url)
        for page_url, ref, _line, message in site.broken_links():
            source = _source_file(pages.get(page_url), root)
            fragment = "#" + ref.partition("#")[2] if "#" in ref else None
            if (source, ref) in reported or (fragment and (source, fragment) in reported):
                continue
            problems.append(_attribute(sources, source, page_url, ref, message))
        problems += _related_targets(records, site)
        if external:
            problems += _external(site, sources, pages, root, records, timeout)
    return problems


# ---------------------------------------------------------------- malformed URLs


def url_problem(url: str) -> str | None:
    """Why `url` is not a well-formed absolute http(s) or site-relative URL, or None."""
    if any(ch.isspace() or not ch.isprintable() for ch in url) or "\\" in url:
        return "holds spaces, backslashes or invisible characters"
    if re.search(r"%(?![0-9A-Fa-f]{2})", url):
        return "holds a '%' that starts no %XX escape"
    if url.startswith("/") and not url.startswith("//"):
        if ".." in urlsplit(url).path.split("/"):
            return "climbs out of the site with '..'"
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as err:
        return f"is not a valid URL ({err})"
    if parts.scheme not in ("http", "https"):
        return "must start with http:// or https:// (or / for a page of this site)"
    if parts.username is not None or parts.password is not None:
        return "must not carry a user name or password"
    if port == 0:
        return "has port 0"
    host = parts.hostname or ""
    return _host_problem(host)


def _host_problem(host: str) -> str | None:
    if not host:
        return "has no host name"
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return f"has an invalid host name '{host}'"
    labels = ascii_host.rstrip(".").split(".")
    if len(ascii_host) > 253 or not all(
        re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", label, re.I) for label in labels
    ):
        return f"has an invalid host name '{host}'"
    if len(labels) < 2 and ascii_host != "localhost":
        return f"has a host name without a domain, '{host}'"
    if labels[-1].isdigit():
        return f"has an invalid host name '{host}'"
    return None


def malformed_urls(records) -> list[Problem]:
    """URLs of related cards, profile links and apply links that are not well-formed."""
    problems = []
    for record in records:
        for line, url in _urls_of(record):
            why = url_problem(url)
            if why:
                problems.append(Problem(record.path, line, f"URL '{url}' {why}"))
    return problems


def _urls_of(record) -> Iterable[tuple[int, str]]:
    data = record.data
    if record.kind == "related" and isinstance(data, YList):
        for card in data:
            yield from _key_url(card, "url")
    elif (
        record.kind == "person" and isinstance(data, YMap) and isinstance(data.get("links"), YList)
    ):
        for link in data["links"]:
            yield from _key_url(link, "url")
    elif record.kind == "job":
        yield from _key_url(data, "apply_url")


def _key_url(data, key: str) -> Iterable[tuple[int, str]]:
    if isinstance(data, YMap) and isinstance(data.get(key), str):
        yield data.key_lines[key], data[key]


def _related_targets(records, site: BuiltSite) -> list[Problem]:
    """A site-relative related card must lead to a page, even where no story shows it yet."""
    problems = []
    for record in records:
        if record.kind != "related" or not isinstance(record.data, YList):
            continue
        for line, url in (pair for card in record.data for pair in _key_url(card, "url")):
            if url.startswith("/") and not url.startswith("//") and not url_problem(url):
                why = site.resolve("", url.lstrip("/"))  # site-relative: from site_url on
                if why:
                    problems.append(Problem(record.path, line, f"URL '{url}' {why}"))
    return problems


# ---------------------------------------------------------------- the strict build's warnings


def _from_warning(warning, sources: SourceText, prepared) -> tuple[Problem, tuple | None]:
    """A warning of the strict build as a problem at the source file and line of the link."""
    if warning.doc is None:
        quoted = re.search(r"'([^']+)'", warning.message)
        where = sources.find(quoted.group(1), "mkdocs.yml") if quoted else ("mkdocs.yml", 1)
        return Problem(*where, warning.message), None
    generated = {page.url + "index.md": page.source for page in prepared.plan.pages}
    source = generated.get(warning.doc) or f"{prepared.site.config.docs_dir}/{warning.doc}"
    path, line = sources.find(warning.link, source)
    return Problem(path, line, f"link '{warning.link}': {warning.message}"), (source, warning.link)


def _hand_written(published: dict[str, str]) -> dict[str, str]:
    """Site URL -> source file of the hand-written Markdown pages."""
    return {
        output.removesuffix("index.html"): source
        for output, source in published.items()
        if source.endswith(".md")
    }


def _source_file(source: str | None, root: Path) -> str | None:
    return source if source and (root / source).is_file() else None


def _attribute(sources: SourceText, source: str | None, page_url: str, ref: str, message: str):
    if source:
        path, line = sources.find(ref, source)
        return Problem(path, line, message)
    return Problem("mkdocs.yml", 1, f"page /{page_url}: {message}")


# ---------------------------------------------------------------- the built output


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, int]] = []  # (tag, value, line)
        self.content_refs: set[str] = set()  # values inside <article>: the page's own content
        self.articles = 0

    def handle_endtag(self, tag):
        if tag == "article" and self.articles:
            self.articles -= 1

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.articles += 1
        values = dict(attrs)
        for name in ("id", "name"):
            if values.get(name) and (name == "id" or tag == "a"):
                self.ids.add(values[name])
        attribute = LINK_ATTRIBUTES.get(tag)
        if attribute and values.get(attribute) is not None:
            self.refs.append((tag, values[attribute].strip(), self.getpos()[0]))
            if self.articles:
                self.content_refs.add(values[attribute].strip())


@dataclass
class BuiltSite:
    out: Path
    site_url: str

    def __post_init__(self):
        self._parsed: dict[str, _Page] = {}
        self.prefix = urlsplit(self.site_url).path or "/"

    def pages(self) -> list[str]:
        """Site URLs of every HTML page ("" for the home page, "about/" ...; 404.html as is)."""
        found = []
        for path in sorted(self.out.rglob("*.html")):
            rel = path.relative_to(self.out).as_posix()
            found.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        return found

    def parsed(self, page_url: str) -> _Page:
        if page_url not in self._parsed:
            path = self.out / (
                page_url + "index.html" if page_url.endswith("/") or not page_url else page_url
            )
            parser = _Page()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            self._parsed[page_url] = parser
        return self._parsed[page_url]

    def broken_links(self) -> Iterable[tuple[str, str, int, str]]:
        """(page URL, reference, line in the page, message) for every internal link that fails."""
        for page_url in self.pages():
            for tag, ref, line in self.parsed(page_url).refs:
                if not ref or "//" in ref.split("#")[0][:8] or ref.startswith(SKIP_SCHEMES):
                    continue
                if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", ref):
                    continue
                why = self.resolve(page_url, ref)
                if why:
                    what = "image" if tag == "img" else "link"
                    yield page_url, ref, line, f"{what} '{ref}' {why}"

    def resolve(self, page_url: str, ref: str) -> str | None:
        """Why `ref`, written on the page at `page_url`, leads nowhere in the output, or None."""
        target, _, fragment = ref.partition("#")
        target = unquote(target.split("?", 1)[0])
        base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
        if target.startswith("/"):
            if not target.startswith(self.prefix) and target + "/" != self.prefix:
                return f"points outside the site (its URLs start with {self.prefix})"
            joined = target[len(self.prefix) :]
        elif target:
            joined = posixpath.join(base, target)
        else:
            joined = page_url
        normal = posixpath.normpath("/" + joined).lstrip("/")
        if ".." in joined.split("/") and posixpath.normpath(joined).startswith(".."):
            return "climbs out of the site"
        path = self.out / normal if normal not in ("", ".") else self.out
        if path.is_dir():
            if not (path / "index.html").is_file():
                return "leads to a folder with no page"
            page = (normal.rstrip("/") + "/") if normal not in ("", ".") else ""
        elif path.is_file():
            page = normal if normal.endswith(".html") else None
        else:
            return "leads to no page or file of the site"
        if fragment and page is not None and unquote(fragment) not in self.parsed(page).ids:
            return f"names an anchor '#{fragment}' that its page does not have"
        return None

    def external(self) -> dict[str, str]:
        """Every outside http(s) URL that a page's content (not the theme) links or shows, with
        the first page that has it."""
        found: dict[str, str] = {}
        own = self.site_url.rstrip("/")
        for page_url in self.pages():
            parsed = self.parsed(page_url)
            for tag, ref, _ in parsed.refs:
                outside = ref.startswith(("http://", "https://")) and not ref.startswith(own)
                if tag in ("a", "img") and outside and ref in parsed.content_refs:
                    found.setdefault(ref.split("#")[0], page_url)
        return found


# ---------------------------------------------------------------- outside links


def fetch_status(url: str, timeout: float) -> str | None:
    """None when the URL answers below 400 (after redirects), else why it is broken."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                if method == "GET":
                    response.read(1024)
                return None
        except urllib.error.HTTPError as err:
            if method == "HEAD" and err.code in (403, 405, 501):
                continue  # some servers refuse HEAD: ask once more with GET
            return f"answers HTTP {err.code}"
        except TimeoutError:
            return f"gave no answer within {timeout:g} s"
        except (urllib.error.URLError, OSError, ValueError) as err:
            reason = getattr(err, "reason", err)
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                return f"gave no answer within {timeout:g} s"
            return f"cannot be reached ({reason})"
    return None


def _external(site: BuiltSite, sources: SourceText, pages: dict, root: Path, records, timeout):
    targets = site.external()
    for record in records:  # related cards not shown on any page yet
        for _, url in _urls_of(record):
            if url.startswith(("http://", "https://")):
                targets.setdefault(url.split("#")[0], "")
    urls = sorted(targets)
    with ThreadPoolExecutor(max_workers=8) as pool:
        verdicts = list(pool.map(lambda url: fetch_status(url, timeout), urls))
    problems = []
    for url, why in zip(urls, verdicts, strict=True):
        if why:
            source = _source_file(pages.get(targets[url]), root)
            problems.append(
                _attribute(sources, source, targets[url], url, f"outside link '{url}' {why}")
            )
    return problems


# ---------------------------------------------------------------- finding the line


class SourceText:
    """The text of the site's sources, to find the file and line where a link is written."""

    def __init__(self, root: Path, docs_dir: str):
        self.root = root
        self.folders = (docs_dir, "stories", "jobs")
        self._lines: dict[str, list[str]] = {}

    def lines(self, rel: str) -> list[str]:
        if rel not in self._lines:
            try:
                text = (self.root / rel).read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            self._lines[rel] = text.splitlines()
        return self._lines[rel]

    def all_files(self) -> list[str]:
        found = []
        for folder in self.folders:
            base = self.root / folder
            for path in sorted(base.rglob("*")) if base.is_dir() else []:
                if path.suffix in (".md", ".yml") and path.is_file():
                    found.append(path.relative_to(self.root).as_posix())
        return found

    def find(self, needle: str, preferred: str | None = None) -> tuple[str, int]:
        """(file, line) of the first line holding `needle`: in `preferred` first, then anywhere."""
        candidates = [preferred] if preferred else []
        if not preferred or preferred == "mkdocs.yml":
            candidates += self.all_files()
        for rel in candidates:
            for number, line in enumerate(self.lines(rel), start=1):
                if needle in line:
                    return rel, number
        return (preferred or "mkdocs.yml"), 1
