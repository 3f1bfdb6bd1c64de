"""Stage 4, render: planned pages -> HTML via Jinja2; a story's Markdown by the theme's converter
(`page_body`), or the engine's own.

Job text is untrusted: its Markdown is rendered here and cleaned by an allow-list sanitiser (nh3).
Templates are autoescaped, so every other field shows literally whatever characters it holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from typing import NamedTuple

import jinja2
import markupsafe
from markupsafe import Markup

from generator.config import is_raster
from generator.model import urls
from generator.model.markers import Marker, replace_markers
from generator.model.site import Site
from generator.model.text import (
    EMPLOYMENT_LABELS,
    job_summary,
    long_date,
    plain_teaser,
    salary_text,
)
from generator.pages.kinds import HandWrittenPage, HomeBlocks, JobPage, Listing, Page, StoryPage
from generator.render import jsonld
from generator.render.markdown import job_html, job_lists, safe_markdown, story_html

BODY_SENTINEL = "<!--careers:body-->"


@jinja2.pass_context
def _url(context, target: str) -> str:
    page_url = context["page_url"]
    if isinstance(page_url, str):
        return urls.relative(page_url, target)
    return page_url.link(target)  # a stand-in: _PageBeingRendered or _LinkSlots


class _Environment(jinja2.Environment):
    def make_globals(self, d: dict | None) -> dict:
        """A template's globals as a plain dict, not Jinja's ChainMap over the environment's:
        every render and import walks them, and a ChainMap is slow to walk. Our globals are all
        set before the first template loads, so the copy misses no later change."""
        return {**self.globals, **(d or {})}


def make_environment() -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.PackageLoader("generator.render", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # the templates are the package's: never changed while it runs
    )
    env.filters.update(
        url=_url,
        date=long_date,
        money=salary_text,
        markdown=lambda t: jinja2.filters.Markup(safe_markdown(t)),
    )
    env.globals.update(
        employment=EMPLOYMENT_LABELS,
        job_summary=job_summary,
        job_lists=job_lists,
        urls=urls,
        named_once=named_once,
        place_name=place_name,
    )
    # What macros imported without the page's context see as `page_url` (Renderer.body sets it).
    env.globals["page_url"] = _PageBeingRendered()
    env.globals["reused"] = ReusedFragments(env)
    return env


def named_once(steps: list[tuple]) -> list[tuple]:
    """A trail's steps [(name, ...)] but those named as the step after them (in any case): a
    city-state's region and city share a name, and it shows once."""
    pairs = zip(steps, steps[1:], strict=False)
    return [step for step, after in pairs if step[0].lower() != after[0].lower()] + steps[-1:]


def place_name(listing: Listing) -> str:
    """A place listing's name from its breadcrumbs, most specific first: "Seattle, Washington,
    United States"; a city-state once: "Berlin, Germany"."""
    return ", ".join(name for name, _ in reversed(named_once(listing.breadcrumbs[2:])))


class _PageBeingRendered:
    """The page Renderer.body is rendering, where the macros' links start from.

    A template that imports `_macros.html` without its context gets one module, made once: with
    the context, Jinja makes a module for each page, a third of a small listing page's time.
    The macros then read `page_url` from the globals: this object, which Renderer.body points
    at each page in turn.
    """

    def __init__(self):
        self.url: str | None = None

    def link(self, target: str) -> str:
        if self.url is None:
            raise RuntimeError("macros imported without context, outside Renderer.body")
        return urls.relative(self.url, target)


class _LinkSlots:
    """The page URL a fragment is rendered with once, for every page that shows it: the `url`
    filter leaves a slot where each link goes and records the link's target."""

    # Autoescaping writes every "<" of a field as "&lt;": only a slot can hold this text.
    SLOT = "<careers:link>"

    def __init__(self):
        self.targets: list[str] = []

    def link(self, target: str) -> Markup:
        self.targets.append(target)
        return Markup(self.SLOT)


class _Fragment(NamedTuple):
    """A macro's HTML for one item, rendered once, to be linked from each page that shows it."""

    item: object  # kept, so that its id() names no other item while this lives
    texts: tuple[str, ...]  # the HTML before, between and after its links
    targets: tuple[str, ...]  # where its links go, site-relative

    def linked(self, page_url: str) -> str:
        pieces = [self.texts[0]]
        for target, text in zip(self.targets, self.texts[1:], strict=True):
            pieces += (markupsafe.escape(urls.relative(page_url, target)), text)
        return "".join(pieces)


class ReusedFragments:
    """`reused(macro, *items)` for templates: `_macros.<macro>(item)` for each item, joined.

    A job's row, a story's card or a place's trail is the same on every page that shows it (a
    row is on its city's, its team's ... listings, the bulk of a big site's pages) but for the
    relative links in it: each is rendered once, with slots for its links, and each page fills
    the slots with its own links. The macro stays the one definition of the fragment; it must
    read nothing but its item and the links.
    """

    def __init__(self, env: jinja2.Environment):
        self.env = env
        self.slots = _LinkSlots()
        self.macros = None
        self.done: dict[str, dict[int, _Fragment]] = {}  # macro -> id(item) -> its fragment

    @jinja2.pass_context
    def __call__(self, context, macro: str, *items) -> Markup:
        page_url = context["page_url"]
        if not isinstance(page_url, str):
            page_url = page_url.url
        done = self.done.setdefault(macro, {})
        html = []
        for item in items:
            fragment = done.get(id(item))
            if fragment is None or fragment.item is not item:
                fragment = done[id(item)] = self.render(macro, item)
            html.append(fragment.linked(page_url))
        return Markup("".join(html))

    def render(self, macro: str, item) -> _Fragment:
        if self.macros is None:
            self.macros = self.env.get_template("_macros.html").make_module(
                {"page_url": self.slots}
            )
        self.slots.targets = []
        texts = str(getattr(self.macros, macro)(item)).split(_LinkSlots.SLOT)
        if len(texts) != len(self.slots.targets) + 1:
            raise AssertionError(f"{macro} wrote {_LinkSlots.SLOT} itself")
        return _Fragment(item, tuple(texts), tuple(self.slots.targets))


class Renderer:
    """Typed pages -> HTML. A template receives the page's declared inputs and nothing else."""

    def __init__(self, site: Site):
        self.config = site.config
        self.env = make_environment()
        self._site_name = escape(self.config.site_name)
        self._site_name_tag = f'<meta property="og:site_name" content="{self._site_name}">'
        self._image_tags_of: dict[str | None, tuple[str, str]] = {}

    def body(self, page: Page) -> str:
        """The page's content as HTML; for a story, its Markdown body sits at BODY_SENTINEL."""
        template = self.env.get_template(page.template)
        being_rendered = self.env.globals["page_url"]
        being_rendered.url = page.url
        try:
            return template.render(page.inputs(), page=page, page_url=page.url)
        finally:
            being_rendered.url = None

    def _marker(self, page: StoryPage, marker: Marker) -> str:
        """The HTML that a one-line marker of the story's body stands for."""
        macros = self.env.get_template("_macros.html").make_module({"page_url": page.url})
        if marker.kind == "card":
            card = page.inline_cards.get(marker.ref)
            html = macros.related_card(card, inline=True) if card else ""
        elif marker.kind == "person":
            html = macros.featured_person(page.inline_people[marker.ref])
        else:
            person = page.inline_people[marker.ref]
            html = macros.pull_quote(person, person.quotes[marker.number - 1])
        return "\n" + _no_blank_lines(str(html)) + "\n" if html else ""

    def head(self, page: Page, with_description_and_canonical: bool) -> str:
        """Meta tags for the page's <head>: sharing tags, feed links and structured data, and
        (for a theme that does not write them itself) the description and canonical link."""
        canonical = escape(urls.absolute(self.config.site_url, page.url))
        title, description = escape(page.title), escape(page.description)
        tags = []
        if with_description_and_canonical:
            tags.append(f'<meta name="description" content="{description}">')
            tags.append(f'<link rel="canonical" href="{canonical}">')
        if page.noindex:
            tags.append('<meta name="robots" content="noindex">')
        tags += [
            f'<meta property="og:title" content="{title}">',
            f'<meta property="og:description" content="{description}">',
            f'<meta property="og:url" content="{canonical}">',
            self._site_name_tag,
            f'<meta property="og:type" content="{page.og_type}">',
            '<meta name="twitter:card" content="summary_large_image">',
            f'<meta name="twitter:title" content="{title} - {self._site_name}">',
            f'<meta name="twitter:description" content="{description}">',
            *self._image_tags(page.image),
        ]
        if page.feed_url:
            tags += feed_links(page.url, page.feed_url, page.title)
        tags += site_feed_links(page.url, page.feed_url)
        structured = self.structured_data(page)
        if structured:
            tags.append(jsonld.script_tag(structured))
        return "\n".join(tags)

    def _image_tags(self, image: str | None) -> tuple[str, str]:
        tags = self._image_tags_of.get(image)
        if tags is None:  # once an image: most pages share the site's picture
            shared = escape(urls.absolute(self.config.site_url, social_image(image, self.config)))
            tags = self._image_tags_of[image] = (
                f'<meta property="og:image" content="{shared}">',
                f'<meta name="twitter:image" content="{shared}">',
            )
        return tags

    def structured_data(self, page: Page) -> dict | None:
        if isinstance(page, JobPage) and page.is_open:
            return jsonld.job_posting(page.job, job_html(page.job), self.config)
        if isinstance(page, StoryPage):
            return jsonld.article(page.story, page.people, self.config)
        return None

    def home_block(self, template: str, page_url: str, blocks: HomeBlocks) -> str:
        """One of the home page's generated blocks, as HTML for its Markdown."""
        html = self.env.get_template(template).render(blocks.inputs(), page_url=page_url)
        return _no_blank_lines(html)


# A story's Markdown (its markers already replaced by their HTML) -> HTML, for the page `page`:
# the theme's (Drawn.pages), else the engine's own (render/markdown.py story_html).
StoryMarkdown = Callable[[Page, str], str]


def page_body(
    renderer: Renderer, page: Page, markdown: StoryMarkdown | None = None
) -> tuple[str, str]:
    """(body, own) of a page the engine writes: its body HTML, a story's Markdown rendered by
    `markdown`; and the part of it that is the page's own content, for a site search: a story
    without what follows its text (its people, related cards, more stories, open roles)."""
    body = renderer.body(page)
    if not isinstance(page, StoryPage):
        return body, body
    before, _, after = body.partition(BODY_SENTINEL)
    text = replace_markers(page.story.body, lambda marker: renderer._marker(page, marker))
    own = before + (markdown(page, text) if markdown else story_html(text))
    return own + after, own


_HEADING_LINE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def hand_written_page(
    url: str, title: str, markdown_text: str, meta: dict, site_description: str, home: bool = False
) -> HandWrittenPage:
    """A page an editor wrote under content/, as a Page whose `head` gives the shared-link tags.

    Title: the page's first `# heading`, else its MkDocs title. Description: front matter
    `description`, else the first paragraph of text (160 characters at most), else the site
    description (the home page takes the site description first). Image: front matter `image`
    (`images/x.jpg` or `{src, alt}`).
    """
    heading = _HEADING_LINE.search(markdown_text)
    found = [str(meta.get("description") or "").strip(), _first_paragraph(markdown_text)]
    found.insert(1 if home else 2, site_description.strip())
    description = next((text for text in found if text), "")
    image = meta.get("image")
    image = image.get("src") if isinstance(image, dict) else image
    return HandWrittenPage(
        url=url,
        title=heading.group(1) if heading else title,
        description=description,
        source=f"content page /{url}",
        image=image.lstrip("/") if isinstance(image, str) and image.strip() else None,
    )


def _first_paragraph(markdown_text: str) -> str:
    for block in re.split(r"\n[ \t]*\n", markdown_text):
        text = block.strip()
        if not text or re.match(r"#|<|\[\[|!|\||```|~~~|---|:::|\?\?\?|[-*+]\s|\d+\.\s|>", text):
            continue  # a heading, HTML, a marker, an image, a table, a fence, a list, a quote
        text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](link) -> text
        return plain_teaser(text, 160)
    return ""


def social_image(image: str | None, config) -> str:
    """What a shared page shows: its own image when that is a PNG or JPEG (social networks show
    no SVG), else the site's `social_image`, else the generator's own picture."""
    if image and is_raster(image):
        return image
    return config.options.social_image or urls.SOCIAL_IMAGE


def feed_links(page_url: str, feed_url: str, title: str) -> list[str]:
    rss, atom, json_feed = (
        escape(urls.relative(page_url, feed_url + name)) for name in urls.FEED_FILES
    )
    name = escape(title)
    return [
        f'<link rel="alternate" type="application/rss+xml" title="{name} (RSS)" href="{rss}">',
        f'<link rel="alternate" type="application/atom+xml" title="{name} (Atom)" href="{atom}">',
        f'<link rel="alternate" type="application/feed+json" title="{name} (JSON Feed)" '
        f'href="{json_feed}">',
    ]


# The site-wide feeds every page advertises (the theme's 404 page names them itself).
SITE_FEEDS = ((urls.JOBS_URL, "All open roles"), (urls.STORIES_URL, "Stories"))


def site_feed_links(page_url: str, own_feed: str | None) -> list[str]:
    """RSS links to the site-wide feeds, but the page's own: `feed_links` lists that one."""
    return [
        f'<link rel="alternate" type="application/rss+xml" title="{escape(title)} (RSS)" '
        f'href="{escape(urls.relative(page_url, feed + "feed.xml"))}">'
        for feed, title in SITE_FEEDS
        if feed != own_feed
    ]


def _no_blank_lines(html: str) -> str:
    """Python-Markdown ends a raw HTML block at a blank line; ours must stay one block.

    Lines end at "\\n" only, as Markdown's do: splitlines() would also break a title at U+2028 or
    U+0085 and drop a line holding only such a character, changing the text a reader sees."""
    return "\n".join(line for line in html.split("\n") if line.strip(" \t\r\f"))
