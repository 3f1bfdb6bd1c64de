"""One-line markers in a story (`[[card: REF]]`) are markers outside code, text inside it."""

from __future__ import annotations

from conftest import SiteSource

BODY = """\
Intro.

[[card: other]]

To place a card, write a line like this one:

```
[[card: a-card-that-does-not-exist]]
```

    [[card: indented-code-is-code-too]]

The end.
"""


def test_a_marker_in_code_is_shown_not_replaced(source: SiteSource):
    source.story("other")
    source.story("one", body=BODY)
    assert source.check() == (0, [])
    html = source.build().text("stories/one/")
    assert html.count('class="careers-card') >= 1  # the marker outside code became a card
    assert "[[card: a-card-that-does-not-exist]]" in html  # the sample stays as written
    assert "[[card: indented-code-is-code-too]]" in html


def test_an_unknown_card_outside_code_is_an_error_at_its_line(source: SiteSource):
    source.story("one", body="Intro.\n\n[[card: nowhere]]\n")
    code, errors = source.check()
    assert code == 1
    assert errors == [
        "stories/one.md:8: error: card marker: 'nowhere' is not a known story slug or "
        "related.yml id"
    ]
