"""Untrusted text in every output context: the allow-list sanitiser for job Markdown and HTML,
and escaping in HTML text and attributes, Markdown, XML feeds, JSON-LD, the search index, URLs."""

from __future__ import annotations

import json

import feedparser
import lxml.etree
import lxml.html
import pytest

from generator.render.markdown import safe_markdown
from tests.conftest import Built, SiteSource

# -- the sanitiser -----------------------------------------------------------------------------

KEPT = [
    ("Para one.\n\nPara two.", "<p>Para one.</p>\n<p>Para two.</p>"),
    ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
    ("1. a\n2. b", "<ol>\n<li>a</li>\n<li>b</li>\n</ol>"),
    ("*em* **strong**", "<p><em>em</em> <strong>strong</strong></p>"),
    ("<b>b</b> <i>i</i>", "<p><b>b</b> <i>i</i></p>"),
    ("### Three\n\n#### Four", "<h4>Three</h4>\n<h4>Four</h4>"),
    ("line  \nbreak", "<p>line<br>\nbreak</p>"),
    ("<p>a<br/>b</p>", "<p>a<br>b</p>"),
    (
        "[web](https://example.test/a?b=1&c=2)",
        '<p><a href="https://example.test/a?b=1&amp;c=2" rel="noopener nofollow ugc">web</a></p>',
    ),
    (
        "[plain](http://example.test/)",
        '<p><a href="http://example.test/" rel="noopener nofollow ugc">plain</a></p>',
    ),
    (
        "[mail](mailto:jobs@example.test)",
        '<p><a href="mailto:jobs@example.test" rel="noopener nofollow ugc">mail</a></p>',
    ),
]


@pytest.mark.parametrize(("markdown", "html"), KEPT)
def test_the_sanitiser_keeps_the_allowed_markup(markdown, html):
    assert safe_markdown(markdown) == html


def test_top_level_headings_step_down_to_h3_and_deep_ones_up_to_h4():
    assert safe_markdown("# One\n\n## Two\n\n##### Five\n\n###### Six") == (
        "<h3>One</h3>\n<h3>Two</h3>\n<h4>Five</h4>\n<h4>Six</h4>"
    )


REMOVED = {
    "script": ("<script>alert(1)</script>Text", ["<script", "alert"]),
    "script in markdown": (
        "Text <script src=https://evil.test/x.js></script>",
        ["<script", "evil.test"],
    ),
    "event handler": (
        '<p onclick="alert(1)" onmouseover=alert(2)>Text</p>',
        ["onclick", "onmouseover", "alert"],
    ),
    "img onerror": ("<img src=x onerror=alert(1)>Text", ["<img", "onerror"]),
    "svg onload": ("<svg onload=alert(1)><circle/></svg>Text", ["<svg", "onload"]),
    "javascript link": ("[Text](javascript:alert(1))", ["<a", 'href="javascript']),  # left as text
    "javascript href": ('<a href="javascript:alert(1)">Text</a>', ["javascript:"]),
    "mixed-case scheme": ('<a href="JaVaScRiPt:alert(1)">Text</a>', ["javascript", "JaVaScRiPt"]),
    "entity-encoded scheme": (
        '<a href="&#106;avascript:alert(1)">Text</a>',
        ["avascript", "&#106;"],
    ),
    "tab in scheme": ('<a href="java&#x09;script:alert(1)">Text</a>', ["script:", "alert"]),
    "vbscript": ('<a href="vbscript:msgbox(1)">Text</a>', ["vbscript"]),
    "data url": (
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Text</a>',
        ["data:"],
    ),
    "data link": (
        "[Text](data:text/html,<script>alert(1)</script>)",
        ["<a", 'href="data', "<script"],
    ),
    "iframe": ('<iframe src="https://evil.test/"></iframe>Text', ["<iframe", "evil.test"]),
    "object": ('<object data="https://evil.test/x.swf"></object>Text', ["<object", "evil.test"]),
    "embed": ('<embed src="https://evil.test/x.swf">Text', ["<embed", "evil.test"]),
    "form": (
        '<form action="https://evil.test/"><input name=p><button>Go</button></form>Text',
        ["<form", "<input", "<button", "evil.test"],
    ),
    "inline style": ('<p style="position:fixed;top:0">Text</p>', ["style", "position"]),
    "style element": ("<style>body{display:none}</style>Text", ["<style", "display"]),
    "meta refresh": (
        '<meta http-equiv="refresh" content="0;url=https://evil.test/">Text',
        ["<meta", "evil.test"],
    ),
    "base": ('<base href="https://evil.test/">Text', ["<base", "evil.test"]),
    "link target": (
        '<a href="https://example.test/" target="_blank" class="x" id="y">Text</a>',
        ["target", "class=", "id="],
    ),
    "comment": ("<!-- <script>alert(1)</script> -->Text", ["<!--", "alert"]),
    "noscript trick": (
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>Text',
        ["<img", "onerror=alert"],
    ),
    "headings h1 h2 kept only as h3": ("<h1>Text</h1><h2>Text</h2>", ["<h1", "<h2"]),
    "tables": ("<table><tr><td>Text</td></tr></table>", ["<table", "<td"]),
    "code and quotes are not on the list": (
        "> Text `code`\n\n    pre",
        ["<blockquote", "<code", "<pre"],
    ),
}


@pytest.mark.parametrize("name", REMOVED)
def test_the_sanitiser_removes_what_is_not_allowed(name):
    markdown, gone = REMOVED[name]
    html = safe_markdown(markdown)
    for fragment in gone:
        assert fragment not in html, f"{name}: {fragment!r} survived in {html!r}"
    assert "Text" in html  # the reader keeps the words


def test_sanitised_output_has_only_allowed_elements_and_attributes():
    everything = "\n\n".join(markdown for markdown, _ in REMOVED.values())
    tree = lxml.html.fromstring(f"<div>{safe_markdown(everything)}</div>")
    allowed = {"div", "p", "br", "ul", "ol", "li", "em", "strong", "b", "i", "h3", "h4", "a"}
    for element in tree.iter():
        assert element.tag in allowed, element.tag
        assert set(element.attrib) <= ({"href", "title", "rel"} if element.tag == "a" else set())
        href = element.get("href")
        if href is not None:
            assert href.startswith(("http://", "https://", "mailto:", "/")), href


# -- a site full of hostile text ----------------------------------------------------------------

TITLE = '<b>x</b> *y* _z_ `c` [l](https://e.test) </title></script><!-- & &amp; "q" \'s ]]>'
SCRIPT = '<script>alert("pwned")</script>'
BAD_DESCRIPTION = (
    f"{SCRIPT}\n\nIntro <b>bold</b>.\n\n<img src=x onerror=alert(1)>\n\n"
    '[click](javascript:alert(1)) <a href="data:text/html,x">data</a>\n\n'
    '<iframe src="https://evil.test/"></iframe><form action="https://evil.test/"><input></form>\n\n'
    '<p style="color:red" onclick="alert(1)">styled</p>\n\n[ok](https://ok.test/)'
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[SiteSource, Built]:
    work = tmp_path_factory.mktemp("hostile")
    source = SiteSource(work / "src")
    source.job(
        "evil-1",
        title=TITLE,
        summary=TITLE,
        team="Team " + TITLE,
        category="Cat " + TITLE,
        description=BAD_DESCRIPTION,
        about_team=BAD_DESCRIPTION,
        responsibilities=[BAD_DESCRIPTION],
        locations=["US, WA, Seattle <b>x</b>"],
        apply_url="https://jobs.example.test/apply?a=\"1\"&b=<2>&c='3'",
    )
    source.person(
        "ann",
        name=TITLE,
        role=TITLE,
        quotes=[TITLE],
        bio=BAD_DESCRIPTION,
        links=[{"title": TITLE, "url": 'https://ann.example.test/?q="x"&y=<z>'}],
    )
    source.story(
        "evil",
        body="The body.\n",
        title=TITLE,
        summary=TITLE,
        people=["ann"],
        topics=["Topic " + TITLE],
        teams=["Team " + TITLE],
        series=TITLE,
    )
    return source, source.build(site_dir=work / "site")


PAGES = {
    "jobs/evil-1/": TITLE,  # written directly
    "stories/evil/": TITLE,  # rendered by MkDocs
    "people/ann/": TITLE,  # rendered by MkDocs
}


@pytest.mark.parametrize("url", PAGES)
def test_titles_show_literally_in_title_h1_and_meta_tags(hostile, url):
    _, built = hostile
    page = built.html(url)
    title = PAGES[url]
    assert page.findtext(".//title") == f"{title} - Test Careers"
    assert [h.text_content() for h in page.iter("h1")] == [title]
    assert page.xpath('//meta[@property="og:title"]/@content') == [title]
    assert page.xpath('//meta[@name="twitter:title"]/@content') == [f"{title} - Test Careers"]
    descriptions = page.xpath('//meta[@name="description"]/@content')
    assert len(descriptions) == 1
    assert "<" not in built.text(url).split("<title>")[1].split("</title>")[0]


def test_markdown_in_titles_stays_text_on_every_page_that_shows_it(hostile):
    _, built = hostile
    for url in ["jobs/", "stories/", "people/", "jobs/evil-1/", "stories/evil/", "people/ann/"]:
        page = built.html(url)
        assert not page.xpath('//*[self::h1 or self::h3 or self::a or self::li]//b[text()="x"]'), (
            url
        )
        assert not page.xpath('//em[text()="y"] | //em[text()="z"]'), url
        assert TITLE in page.text_content(), url


def test_no_script_or_handler_from_the_sources_reaches_any_page(hostile):
    _, built = hostile
    for path in built.dir.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert SCRIPT not in html, path
        assert "alert(1)</script>" not in html, path
        document = lxml.html.fromstring(html)
        for element in document.iter():
            if not isinstance(element.tag, str):
                continue
            assert element.tag not in ("iframe", "object", "embed"), path
            for name, value in element.attrib.items():
                assert "evil.test" not in value, (path, element.tag, name)  # forms, frames, links
                assert not name.startswith("on"), (path, element.tag, name)
                assert not value.strip().lower().startswith(("javascript:", "data:text")), path
            if element.tag == "script" and element.get("type") != "application/ld+json":
                assert "pwned" not in (element.text or ""), path


def test_job_text_is_sanitised_on_the_page(hostile):
    _, built = hostile
    text = built.html("jobs/evil-1/").xpath('//div[@class="careers-job-text"]')[0]
    html = lxml.html.tostring(text, encoding="unicode")
    for gone in (
        "<script",
        "onerror",
        "onclick",
        'href="javascript',
        "data:text",
        "<iframe",
        "<form",
        "<input",
        "style=",
    ):
        assert gone not in html, gone
    assert "<b>bold</b>" in html and "styled" in html
    assert 'href="https://ok.test/"' in html


def test_urls_with_quotes_and_brackets_stay_inside_their_attribute(hostile):
    _, built = hostile
    page = built.html("jobs/evil-1/")
    hrefs = page.xpath('//a[contains(@class, "careers-apply")]/@href')
    assert hrefs == ["https://jobs.example.test/apply?a=\"1\"&b=<2>&c='3'"]
    person = built.html("people/ann/")
    assert person.xpath('//ul[@class="careers-links"]//a/@href') == [
        'https://ann.example.test/?q="x"&y=<z>'
    ]


def test_json_ld_parses_back_to_the_exact_text(hostile):
    _, built = hostile
    (posting,) = built.jsonld("jobs/evil-1/")
    assert posting["title"] == TITLE
    assert posting["jobLocation"][0]["address"]["addressLocality"] == "Seattle <b>x</b>"
    assert "<script" not in posting["description"] and "onerror" not in posting["description"]
    (article,) = built.jsonld("stories/evil/")
    assert article["headline"] == TITLE and article["description"] == TITLE
    assert article["about"][0]["name"] == TITLE
    for url in ("jobs/evil-1/", "stories/evil/"):
        html = built.text(url)
        start = html.index('<script type="application/ld+json">') + len(
            '<script type="application/ld+json">'
        )
        data = html[start : html.index("</script>", start)]
        assert "<" not in data and ">" not in data  # no </script> or <!-- can start in there
        json.loads(data)


def test_feeds_carry_the_exact_text_and_stay_valid(hostile):
    _, built = hostile
    for url in (
        "jobs/",
        "stories/",
        "jobs/teams/team-b-x-b-y-z-c-l-https-e-test-title-script-q-s/",
    ):
        for name in ("feed.xml", "atom.xml"):
            assert not feedparser.parse(built.path(url, name).read_bytes()).bozo, url + name
    rss = lxml.etree.fromstring(built.path("jobs/", "feed.xml").read_bytes())
    assert rss.findtext("channel/item/title") == TITLE
    categories = [c.text for c in rss.iterfind("channel/item/category")]
    assert "Team " + TITLE in categories and "Cat " + TITLE in categories
    atom = lxml.etree.fromstring(built.path("stories/", "atom.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.findtext("a:entry/a:title", namespaces=ns) == TITLE
    assert json.loads(built.text("jobs/", "feed.json"))["items"][0]["title"] == TITLE


def test_the_search_index_holds_titles_as_escaped_html(hostile):
    """Material's search shows index titles as HTML: a title must be escaped there too."""
    _, built = hostile
    index = json.loads(built.text("search/", "search_index.json"))
    for entry in index["docs"]:
        assert "<script" not in entry["title"] and "<b>" not in entry["title"], entry["location"]
        assert "<script" not in entry["text"], entry["location"]
    titles = {entry["location"]: entry["title"] for entry in index["docs"]}
    shown = lxml.html.fromstring(f"<div>{titles['stories/evil/']}</div>").text_content()
    assert shown == TITLE


def test_yaml_lookalike_scalars_stay_the_text_that_was_written(source: SiteSource, tmp_path):
    """No YAML guessing: `yes`, `NO`, `1e3`, `~`, `null`, `0x1F`, `.inf`, `1.10` are text."""
    source.write(
        "jobs/j.yml",
        "id: 0123\ntitle: yes\nlocations:\n  - NO, 03, Oslo\nteam: 1e3\ncategory: 0x1F\n"
        "posted: 2026-11-01\napply_url: https://jobs.example.test/0123\ndescription: ~ null\n"
        "summary: .inf\nresponsibilities:\n  - 1.10\n  - off\n",
    )
    built = source.build(site_dir=tmp_path / "site")
    page = built.html("jobs/0123/")
    assert [h.text_content() for h in page.iter("h1")] == ["yes"]
    facts = page.xpath('//section[@class="careers-facts"]//dd')
    texts = [dd.text_content().strip() for dd in facts]
    assert "1e3" in texts and "0x1F" in texts and "0123" in texts
    assert "Oslo" in texts[0] and "Norway" in texts[0]
    items = [li.text_content() for li in page.xpath('//div[@class="careers-job-text"]//li')]
    assert items == ["1.10", "off"]
    assert page.xpath('//meta[@name="description"]/@content') == [".inf"]
    (posting,) = built.jsonld("jobs/0123/")
    assert posting["identifier"]["value"] == "0123"
    assert posting["jobLocation"][0]["address"]["addressCountry"] == "NO"


def test_line_and_paragraph_separators_are_text_on_every_page_and_feed(
    source: SiteSource, tmp_path
):
    """YAML 1.2 reads U+2028 and U+2029 as text, not as line breaks: a title holding them (raw,
    plain or quoted, after a comment, in a block) is published exactly as written."""
    title = "Applied\u2028Scientist\u2029Routing"
    source.write(
        "jobs/sep.yml",
        "# Copied\u2028from a word processor\n"
        f"id: sep-1\ntitle: {title}\nlocations:\n  - US, WA, Seattle\nteam: Search Science\n"
        "category: Applied Science\nposted: 2026-11-01\napply_url: https://jobs.example.test/s\n"
        "description: |\n  First\u2028line.\n\n  Second\u2029paragraph.\n"
        f'summary: "{title}"\n',
    )
    built = source.build(site_dir=tmp_path / "site")
    page = built.html("jobs/sep-1/")
    assert [h.text_content() for h in page.iter("h1")] == [title]
    (posting,) = built.jsonld("jobs/sep-1/")
    assert posting["title"] == title
    assert "First\u2028line." in posting["description"]
    rss = lxml.etree.fromstring(built.path("jobs/", "feed.xml").read_bytes())
    assert rss.findtext("channel/item/title") == title
    assert title in rss.findtext("channel/item/description")
    assert not feedparser.parse(built.path("jobs/", "atom.xml").read_bytes()).bozo
    assert json.loads(built.text("jobs/", "feed.json"))["items"][0]["title"] == title
