"""Two things must never publish at one URL: two sources, or a source and a hand-written file.
Such a clash is an error naming both, never a silent overwrite. Pure: no I/O."""

from __future__ import annotations

from generator.pages.kinds import Page
from generator.problems import Problem


def url_collisions(pages: list[Page]) -> list[Problem]:
    """Two sources that would publish at one URL are an error naming both, never an overwrite.

    The blame goes to a source file (a job, a story) rather than to a listing, at the line that
    names the page. URLs are compared case-blind: on macOS and Windows they would be one folder.
    """
    seen: dict[str, Page] = {}
    problems = []
    for page in pages:
        other = seen.setdefault(page.url.casefold(), page)
        if other is page:
            continue
        blamed, against = page, other
        if _is_file(other.source) and not _is_file(page.source):
            blamed, against = other, page
        where = ""
        if against.url != blamed.url:
            where = f" (at /{against.url}: URLs differing only in case share one folder)"
        text = f"would publish at /{blamed.url}, which {against.source} publishes too{where}"
        problems.append(Problem(blamed.source, blamed.line, text))
    return problems


def _is_file(source: str) -> bool:
    return "/" in source and not source.startswith("listing ")


def content_collisions(
    pages: list[Page], hand_written: dict[str, str], outputs: dict[str, str]
) -> list[Problem]:
    """Hand-written files (output path -> their source, relative to the root) that would land on
    a file the generator writes: a page, or one of `outputs` (output path -> what writes it:
    feeds, the jobs index, the sitemap)."""
    generated = {page.url.casefold() + "index.html": page.source for page in pages}
    generated.update((name.casefold(), source) for name, source in outputs.items())
    problems = []
    for output, source in sorted(hand_written.items(), key=lambda item: item[1]):
        other = generated.get(output.casefold())
        if other is not None:
            url = output.removesuffix("index.html")
            text = f"would publish at /{url}, which {other} publishes too"
            problems.append(Problem(source, 1, text))
    return problems
