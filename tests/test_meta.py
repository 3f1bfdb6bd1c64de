"""Meta for shared links on every page: description, canonical URL, Open Graph and Twitter cards.

Generated pages and hand-written ones (content/*.md) alike; a story's image becomes the card
image; values hold whatever characters the source holds; only closed jobs are `noindex`.
"""

from __future__ import annotations

import lxml.html
import pytest
from conftest import MKDOCS_YML, Built, SiteSource

SAMPLE_URL = "https://careers.example.org/"
SAMPLE_NAME = "Northwind Science Careers"
SAMPLE_DESCRIPTION = "Stories of our interns and scientists, and every open science role."
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'


def head_values(document, xpath: str) -> list[str]:
    return [value for value in document.xpath(xpath)]


def meta(document) -> dict[str, list[str]]:
    """Every shared-link value of a page, as lists (so a duplicate shows)."""
    found = {
        "description": head_values(document, '//head/meta[@name="description"]/@content'),
        "canonical": head_values(document, '//head/link[@rel="canonical"]/@href'),
        "robots": head_values(document, '//head/meta[@name="robots"]/@content'),
    }
    for prop in ("title", "description", "url", "site_name", "type", "image"):
        found[f"og:{prop}"] = head_values(document, f'//head/meta[@property="og:{prop}"]/@content')
    for name in ("card", "title", "description", "image"):
        xpath = f'//head/meta[@name="twitter:{name}"]/@content'
        found[f"twitter:{name}"] = head_values(document, xpath)
    return found


def page_urls(built: Built) -> list[str]:
    """Every published HTML page's URL (site-relative), except the 404 page."""
    urls = []
    for path in sorted(built.dir.rglob("index.html")):
        rel = path.relative_to(built.dir).parent.as_posix()
        if rel.startswith(("assets", "search")):
            continue
        urls.append("" if rel == "." else rel + "/")
    return urls


def test_every_sample_page_has_one_of_each_tag(sample: Built):
    urls = page_urls(sample)
    assert len(urls) > 40 and "" in urls and "about/" in urls and "jobs/aai-3012345/" in urls
    for url in urls:
        tags = meta(lxml.html.fromstring(sample.path(url).read_bytes()))
        canonical = SAMPLE_URL + url
        assert tags["canonical"] == [canonical], url
        assert tags["og:url"] == [canonical], url
        assert len(tags["description"]) == 1 and tags["description"][0].strip(), url
        assert tags["og:description"] == tags["description"], url
        assert tags["twitter:description"] == tags["description"], url
        assert len(tags["og:title"]) == 1 and tags["og:title"][0].strip(), url
        assert tags["twitter:title"] == [f"{tags['og:title'][0]} - {SAMPLE_NAME}"], url
        assert tags["og:site_name"] == [SAMPLE_NAME], url
        assert tags["og:type"] in (["website"], ["article"]), url
        assert tags["robots"] == (["noindex"] if url == "jobs/iss-3001499/" else []), url
        # every page: one og:image, a PNG or a JPEG (the contract: social networks show no SVG)
        assert len(tags["og:image"]) == 1 and tags["og:image"][0].endswith((".png", ".jpg")), url
        assert tags["twitter:card"] == ["summary_large_image"], url
        assert tags["twitter:image"] == tags["og:image"], url
        assert tags["og:image"][0].startswith(SAMPLE_URL), url
        picture = sample.path(tags["og:image"][0][len(SAMPLE_URL) :], "")
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", url  # really a PNG


def test_story_shares_its_image_and_standfirst(sample: Built):
    tags = meta(sample.html("stories/largest-class-of-science-interns/"))
    assert tags["og:type"] == ["article"]
    assert tags["og:title"] == ["Northwind Science hosts its largest class of science interns"]
    assert tags["og:image"] == [SAMPLE_URL + "social.png"]  # its picture is an SVG: the default
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["description"][0].startswith("More than 1,800 students are interning")


def test_hand_written_pages_of_the_sample(sample: Built):
    home = meta(sample.html(""))
    assert home["description"] == [SAMPLE_DESCRIPTION]  # the home page: the site's description
    assert home["og:title"] == ["Science careers at Northwind Science"]  # its heading
    assert home["canonical"] == [SAMPLE_URL]
    about = meta(sample.html("about/"))
    assert about["og:title"] == ["About"]
    assert about["description"][0].startswith("Northwind Science is the research and applied")
    assert len(about["description"][0]) <= 160


def test_job_and_listing_pages(sample: Built):
    job = meta(sample.html("jobs/aai-3012345/"))
    assert job["og:title"] == ["Applied Scientist, Multimodal Model Alignment"]
    assert job["description"] == [
        "Help align large language and multimodal models so they stay safe without losing their "
        "usefulness."
    ]
    city = meta(sample.html("jobs/locations/us/ma/boston/"))
    assert city["og:title"] == ["Open roles in Boston"]
    assert city["description"] == ["2 open roles: Boston, Massachusetts, United States."]


@pytest.fixture
def written(source: SiteSource) -> Built:
    source.write(
        "mkdocs.yml",
        MKDOCS_YML.replace(
            "docs_dir: content", "site_description: The site's own words.\ndocs_dir: content"
        ),
    )
    source.write("content/images/team.svg", SVG)
    source.write("content/index.md", "# Welcome <home>\n\n[[places]]\n\nFirst words of home.\n")
    source.write(
        "content/about.md",
        '---\ndescription: Chosen "words" & <more>\n'
        "image: images/team.svg\n---\n# About us\n\nNot this paragraph.\n",
    )
    source.write(
        "content/faq.md",
        "# FAQ\n\n![a picture](images/team.svg)\n\n- a list item\n\n"
        "See the [about page](about.md) for **more** about us.\n",
    )
    source.write("content/empty.md", "# Empty\n")
    source.job("sea-1", title='Scientist "Deep" <Learning> & Co')
    return source.build()


def test_hand_written_pages_get_the_same_tags(written: Built):
    base = "https://example.test/careers/"
    home = meta(written.html(""))
    assert home["og:title"] == ["Welcome <home>"]
    assert home["description"] == ["The site's own words."]
    about = meta(written.html("about/"))
    assert about["description"] == ['Chosen "words" & <more>']
    assert about["og:description"] == ['Chosen "words" & <more>']
    assert about["og:image"] == [base + "social.png"] == about["twitter:image"]  # an SVG: default
    assert about["twitter:card"] == ["summary_large_image"]
    assert about["canonical"] == about["og:url"] == [base + "about/"]
    faq = meta(written.html("faq/"))
    assert faq["description"] == ["See the about page for more about us."]
    assert faq["og:title"] == ["FAQ"]
    empty = meta(written.html("empty/"))
    assert empty["description"] == ["The site's own words."]


def test_values_keep_their_characters(written: Built):
    job = meta(written.html("jobs/sea-1/"))
    assert job["og:title"] == ['Scientist "Deep" <Learning> & Co']
    assert job["twitter:title"] == ['Scientist "Deep" <Learning> & Co - Test Careers']


def test_a_raster_image_or_the_sites_social_image_is_shared(source: SiteSource):
    source.write("content/images/hero.jpg", b"\xff\xd8\xff\xe0 a jpeg")
    source.write("content/images/card.png", b"\x89PNG\r\n\x1a\n a png")
    source.story("one", image={"src": "images/hero.jpg", "alt": "A hero"})
    source.job("sea-1")
    source.write(
        "mkdocs.yml", MKDOCS_YML.replace("organization: Test Org", "social_image: images/card.png")
    )
    built = source.build()
    base = "https://example.test/careers/"
    assert meta(built.html("stories/one/"))["og:image"] == [base + "images/hero.jpg"]
    assert meta(built.html("jobs/sea-1/"))["og:image"] == [base + "images/card.png"]
    assert not built.exists("", "social.png")  # the site's own picture replaces the default


def test_a_social_image_that_is_not_a_png_or_jpeg_is_refused(source: SiteSource):
    source.write(
        "mkdocs.yml", MKDOCS_YML.replace("organization: Test Org", "social_image: images/x.svg")
    )
    code, errors = source.check()
    assert code == 1 and "is not a PNG or JPEG file" in errors[0]
