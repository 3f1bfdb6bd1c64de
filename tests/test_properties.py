"""Property: any text in any string field of a job, a story and a profile gives either a site
with well-formed HTML that shows the text literally, valid feeds and JSON-LD that parses back, or
`PATH:LINE: error:` lines. Never a traceback, never markup or script from the text.

Most examples run load -> validate -> plan -> render -> feeds in-process (fast); a few run the
whole build, MkDocs included, and read the files it wrote.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator import build
from generator.config import load_site_config
from generator.model.records import MAX_NAME
from generator.pages.kinds import JobPage, PersonPage, StoryPage
from generator.problems import SourceErrors
from generator.render.feeds import FeedRenderer
from generator.sources.strict_yaml import FORBIDDEN
from tests.conftest import MKDOCS_YML, SiteSource

TODAY = dt.date(2026, 11, 25)
SOURCE_FILES = ("jobs/j.yml", "stories/s.md", "content/people/p.yml")
PROBLEM_LINE = re.compile(
    r"(?:jobs/j\.yml|stories/s\.md|content/people/p\.yml):[1-9]\d*: error: \S.*"
)

# Text that has broken generators before: markup, Markdown, template syntax, feed and script
# terminators, our own markers, YAML syntax, control, invisible and bidi characters, paths.
NASTY = [
    "<b>x</b>",
    "*x*",
    "_x_",
    "**",
    "`",
    "# ",
    "- ",
    "1. ",
    "> ",
    "[x](javascript:alert(1))",
    "</script>",
    "<script>alert(1)</script>",
    "<!--",
    "-->",
    "<img src=x onerror=alert(1)>",
    "]]>",
    "<![CDATA[",
    "&amp;",
    "&",
    "&#0;",
    '"',
    "'",
    "{{ x }}",
    "{% raw %}",
    "${x}",
    "[[card: x]]",
    "[[latest-stories]]",
    "<!--careers:body-->",
    "<!--careers:head-->",
    "---",
    "...",
    ": ",
    "!!python/object",
    "&a",
    "*a",
    "%TAG",
    "@",
    "|",
    "~",
    "null",
    "yes",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "\u00a0",
    "\u2028",
    "\u2029",
    "\x85",
    "\x00",
    "\x1b",
    "\x7f",
    "\ufeff",
    "\u200b",
    "\u202e",
    "\ufffe",
    "\U0001d518",
    "\U0001f642",
    "é",
    "e\u0301",
    "\\",
    "/",
    "../",
    "..",
    "C:\\",
    "con",
    'https://example.test/?a=1&b="2"',
]
ANY_TEXT = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=6)), max_size=5).map("".join)
# Text a valid source can hold: no control characters, surrogates or non-characters (refused, see
# the bad-inputs corpus), never blank. Markup, Markdown, bidi and invisible characters stay in.
PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff")
SAFE_TEXT = (
    st.lists(st.one_of(st.sampled_from(NASTY), st.text(PRINTABLE, max_size=6)), max_size=5)
    .map(lambda pieces: "".join(p for p in pieces if not STRIPPED.search(p)))
    .map(lambda text: text if text.strip() else text + "x")
)
STRIPPED = FORBIDDEN  # what no source may hold, noncharacters of every plane included
SAFE_ID = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,20}", fullmatch=True)


@st.composite
def site_sources(draw) -> dict[str, object]:
    """One job, one story about it, one profile in the story. In half the examples any field may
    hold anything at all; in the other half fields hold text a valid site may hold, so that the
    build gets through and its output is checked."""
    hostile = draw(st.booleans())
    text = ANY_TEXT if hostile else SAFE_TEXT

    def field(default: str, fit=lambda t: t):
        return draw(st.one_of(st.just(default), text.map(fit)))

    def items(default: str, fit=lambda t: t):
        return draw(st.lists(st.one_of(st.just(default), text.map(fit)), max_size=3))

    def named(prefix: str):  # a name that becomes a URL slug: some letters in it
        return lambda t: t if hostile else f"{prefix} {t}"

    def city(t: str) -> str:  # no invisible characters, no commas (see places.parse_location)
        kept = "".join(c for c in t if c != "," and unicodedata.category(c) != "Cf")
        return t if hostile else "Seattle " + kept

    def url_part(t: str) -> str:
        return t if hostile else "".join(t.split())

    def exact(default: str, strategy=None):  # a field with a format: random only when hostile
        return field(default) if hostile else (default if strategy is None else draw(strategy))

    job = {
        "id": exact("j-1", SAFE_ID),
        "title": field("Applied Scientist"),
        "locations": ["US, WA, " + field("Seattle", city)],
        "team": field("Search Science", named("Team")),
        "category": field("Applied Science", named("Category")),
        "posted": exact("2026-11-01"),
        "apply_url": "https://jobs.example.test/" + field("apply?id=1&x=2", url_part),
        "description": field("Build **models**."),
        "summary": field("A teaser."),
        "responsibilities": items("Ship *models*"),
        "basic_qualifications": items("A degree"),
        "about_team": field("We search."),
        "employment_type": exact("FULL_TIME"),
        "salary": {"currency": exact("USD"), "min": "100000", "max": "200000"},
    }
    story = {
        "title": field("A story"),
        "date": "2026-10-01",
        "summary": field("About it."),
        "image": {"src": "images/x.svg", "alt": field("A picture")},
        "people": ["p"],
        "series": field("Intern stories"),
        "topics": items("Machine learning", named("Topic")),
        "teams": [job["team"]],
    }
    person = {
        "name": field("Ada Lovelace"),
        "role": field("Applied science intern"),
        "affiliation": field("A university"),
        "program": field("Internship"),
        "team": field("Search Science"),
        "bio": field("Likes *maths*."),
        "quotes": items("Great team."),
        "interests": items("Graphs"),
        "links": [{"title": field("Home page"), "url": "https://ada.example.test/"}],
        "photo": {"src": "images/x.svg", "alt": field("Ada")},
    }
    body = field("The body, with a [link](https://example.test/).\n")
    return {"job": job, "story": story, "person": person, "body": body}


class _Dumper(yaml.SafeDumper):
    """PyYAML writes YAML 1.1, where U+0085, U+2028 and U+2029 break lines (and a raw one in a
    quoted scalar is folded); the sources are YAML 1.2, where they are text. A string holding one
    is written double-quoted, so PyYAML escapes them, as a YAML 1.2 tool writes them."""


def _string(dumper: yaml.SafeDumper, value: str):
    style = '"' if any(ch in value for ch in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _string)


def dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def write_sources(root: Path, drawn: dict) -> None:
    """The drawn site as files, written as an editor's tool would (YAML as text, UTF-8)."""
    files = {
        "mkdocs.yml": MKDOCS_YML,
        "content/index.md": "# Welcome\n",
        "content/images/x.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
        "jobs/j.yml": dump(drawn["job"]),
        "stories/s.md": "---\n" + dump(drawn["story"]) + "---\n" + drawn["body"],
        "content/people/p.yml": dump(drawn["person"]),
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", "surrogatepass"))  # a lone surrogate stays broken


# -- checks on what was produced -------------------------------------------------------------

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class Balance(HTMLParser):
    """Well-formed HTML: every non-void element closed, in order; no script or handler sneaks in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()

    def _check(self, tag, attrs):
        names = {name for name, _ in attrs}
        values = dict(attrs)
        if tag == "script" and values.get("type") != "application/ld+json":
            self.errors.append(f"<script {attrs}>")
        if tag in ("iframe", "object", "embed", "form", "style", "svg", "math", "base"):
            self.errors.append(f"<{tag}>")
        if any(name.startswith("on") for name in names) or "style" in names:
            self.errors.append(f"<{tag} {attrs}>")
        for name in ("href", "src"):
            value = (values.get(name) or "").strip().lower()
            if value.startswith(("javascript:", "data:", "vbscript:")):
                self.errors.append(f"<{tag} {name}={value!r}>")


def assert_well_formed(html: str, where: str) -> None:
    checker = Balance()
    checker.feed(html)
    checker.close()
    assert not checker.errors, f"{where}: {checker.errors[:5]}"
    assert not checker.open, f"{where}: unclosed {checker.open}"


def shown(text: str) -> str:
    """What a reader sees of `text` in HTML: runs of ASCII white space (CR and LF included) are
    one space. Every other character, U+2028 and U+00A0 too, must come through as it was."""
    return re.sub(r"[ \t\n\r\f]+", " ", text).strip(" ")


def parsed(text: str) -> str:
    """`text` as an HTML or XML parser gives it back: CR LF and lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_of(html: str, xpath: str) -> list[str]:
    tree = lxml.html.fromstring(f"<div>{html}</div>")
    return [element.text_content() for element in tree.xpath(xpath)]


def check_rendered(prepared: build.Prepared) -> None:
    renderer = prepared.renderer
    job = prepared.site.jobs[0]
    story = prepared.site.stories[0]
    person = prepared.site.people["p"]
    seen = set()
    for page in prepared.plan.pages:
        body = renderer.body(page)
        head = renderer.head(page, with_description_and_canonical=not page.via_mkdocs)
        assert_well_formed(body, page.url)
        assert_well_formed(head, page.url + " head")
        document = lxml.html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
        og_title = document.xpath('//meta[@property="og:title"]/@content')
        assert og_title == [parsed(page.title)], page.url  # attribute text comes back exactly
        scripts = document.xpath('//script[@type="application/ld+json"]')
        structured = renderer.structured_data(page)
        if structured is None:
            assert scripts == []
        else:
            assert len(scripts) == 1
            assert json.loads(scripts[0].text) == structured, page.url
        for title in text_of(body, "//h1"):
            assert shown(title) == shown(page.title), page.url
        if isinstance(page, JobPage | StoryPage | PersonPage):
            seen.add(type(page).__name__)
    assert seen == {"JobPage", "StoryPage", "PersonPage"}
    job_page = prepared.plan.page(f"jobs/{job.id}/")
    job_html = renderer.body(job_page)
    assert shown(job.team) in [shown(t) for t in text_of(job_html, "//dd/a")]
    assert "Apply now" in job_html
    apply = lxml.html.fromstring(job_html).xpath('//a[contains(@class, "careers-apply")]/@href')
    assert apply == [parsed(job.apply_url)]
    story_html = renderer.body(prepared.plan.page(f"stories/{story.slug}/"))
    assert [shown(s) for s in text_of(story_html, '//p[@class="careers-standfirst"]')] == [
        shown(story.summary)
    ]
    person_html = renderer.body(prepared.plan.page(f"people/{person.id}/"))
    quotes = [shown(q) for q in text_of(person_html, '//blockquote[@class="careers-quote"]/p')]
    assert quotes == [shown(f"“{quote}”") for quote in person.quotes]


def check_feeds(prepared: build.Prepared) -> None:
    renderer = FeedRenderer(prepared.site.config)
    job = prepared.site.jobs[0]
    for feed in prepared.plan.feeds:
        files = renderer.render(feed)
        for name in ("feed.xml", "atom.xml"):
            result = feedparser.parse(files[name])
            assert not result.bozo, f"{feed.url}{name}: {result.get('bozo_exception')}"
        data = json.loads(files["feed.json"])
        rss = lxml.etree.fromstring(files["feed.xml"])
        titles = rss.xpath("//item/title/text()")
        assert len(titles) == len(data["items"]) == len(feed.items)
        if feed.url == "jobs/":
            assert titles == [job.title]  # XML text comes back exactly (CR as &#13;)
            assert data["items"][0]["title"] == job.title


def check_problems(err: SourceErrors) -> None:
    assert err.problems
    for problem in err.problems:
        line = str(problem)
        assert PROBLEM_LINE.fullmatch(line), line
        assert len(line.splitlines()) == 1, line


# -- the properties --------------------------------------------------------------------------


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=site_sources())
def test_any_text_builds_safely_or_fails_with_path_line_errors(drawn):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_sources(root, drawn)
        config, problems = load_site_config(root / "mkdocs.yml")
        assert problems == []
        try:
            prepared = build.prepare(root, config, TODAY)
        except SourceErrors as err:
            check_problems(err)
            event("refused: " + min(err.problems).message.split(":")[0][:30])
            return
        event("built")
        job = prepared.site.jobs[0]
        assert job.title == drawn["job"]["title"]  # scalars keep the exact text written
        assert prepared.site.stories[0].body == drawn["body"]
        check_rendered(prepared)
        check_feeds(prepared)


def full_build_checks(source: SiteSource, drawn: dict, site_dir: Path) -> int:
    code, out, err = source.run("build", "--today", TODAY.isoformat(), "--site-dir", str(site_dir))
    assert "Traceback" not in err
    if code != 0:
        assert code == 1, err
        lines = [line for line in err.splitlines() if ": error: " in line]
        assert lines and all(PROBLEM_LINE.fullmatch(line) for line in lines), err
        assert not site_dir.exists()
        return code
    pages = {
        "jobs/" + drawn["job"]["id"] + "/": drawn["job"]["title"],
        "stories/s/": drawn["story"]["title"],
        "people/p/": drawn["person"]["name"],
    }
    for url, title in pages.items():
        html = (site_dir / url / "index.html").read_text(encoding="utf-8")
        assert_well_formed_document(html, url)
        document = lxml.html.fromstring(html)
        assert shown(document.findtext(".//title")) == shown(f"{title} - Test Careers"), url
        assert [shown(h) for h in text_of(html, "//h1")][:1] == [shown(title)], url
        description = document.xpath('//meta[@name="description"]/@content')
        assert len(description) == 1, url
    for path in site_dir.rglob("*.xml"):
        if path.name in ("feed.xml", "atom.xml"):
            assert not feedparser.parse(path.read_bytes()).bozo, path
    return code


def assert_well_formed_document(html: str, where: str) -> None:
    """A whole page, Material's markup included: nothing from the text became markup or script."""
    document = lxml.html.fromstring(html)
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in ("iframe", "object", "embed"), where
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (where, element.tag, name)
            if name in ("href", "src"):
                assert not value.strip().lower().startswith(("javascript:", "data:text")), where
        if element.tag == "script" and element.get("type") == "application/ld+json":
            json.loads(element.text)  # data, parsed back in check_rendered
        elif element.tag == "script":
            assert "alert(1)" not in (element.text or ""), where


@settings(
    max_examples=6,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(drawn=site_sources())
def test_whole_builds_with_random_text(drawn, tmp_path_factory):
    work = tmp_path_factory.mktemp("prop")
    source = SiteSource(work / "src")
    write_sources(source.root, drawn)
    code = full_build_checks(source, drawn, work / "site")
    event("whole build: " + ("built" if code == 0 else "refused"))


def test_a_whole_build_with_the_nastiest_text_succeeds_and_shows_it_literally(tmp_path):
    """The same checks on one fixed example that must build: every printable nasty piece at once."""
    nasty = "".join(piece for piece in NASTY if piece.isprintable() and piece not in ("\ufeff",))

    def name(prefix: str) -> str:  # names (teams, topics, roles) have a length limit
        return (prefix + nasty)[:MAX_NAME]

    drawn = {
        "job": {
            "id": "j-1",
            "title": "T " + nasty,
            "locations": ["US, WA, Seattle"],
            "team": name("Team "),
            "category": name("Cat "),
            "posted": "2026-11-01",
            "apply_url": 'https://jobs.example.test/?a="1"&b=<2>',
            "description": nasty,
            "summary": nasty,
            "about_team": nasty,
            "responsibilities": [nasty],
        },
        "story": {
            "title": "S " + nasty,
            "date": "2026-10-01",
            "summary": nasty,
            "people": ["p"],
            "topics": [name("Topic ")],
            "teams": [name("Team ")],
            "image": {"src": "images/x.svg", "alt": nasty},
        },
        "person": {"name": name("P "), "role": name(""), "quotes": [nasty], "bio": nasty},
        "body": "Body.\n",
    }
    source = SiteSource(tmp_path / "src")
    write_sources(source.root, drawn)
    code, _, err = source.run("check", "--today", TODAY.isoformat())
    assert code == 0, err
    assert full_build_checks(source, drawn, tmp_path / "site") == 0
    assert (tmp_path / "site" / "jobs" / "j-1" / "index.html").is_file()
