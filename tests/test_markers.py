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


def test_a_person_and_a_pull_quote_stand_where_the_editor_put_them(source: SiteSource):
    source.person("ada", name="Ada Lovelace", quotes=["Numbers first.", "Then the engine."])
    source.person("bo", name="Bo Lin")
    body = "Intro.\n\n[[person: ada]]\n\nMiddle.\n\n[[quote: ada 2]]\n\nEnd.\n"
    source.story("one", body=body, people=["ada", "bo"])
    html = source.build().html("stories/one/")
    text = [p.text_content().strip() for p in html.xpath('//div[@class="careers-story-body"]/*')]
    person = html.xpath('//figure[@class="careers-person"]')[0]
    assert person.xpath(".//figcaption")[0].text_content() == "Ada Lovelace, Applied science intern"
    assert person.xpath(".//blockquote")[0].text_content() == "“Numbers first.”"
    quote = html.xpath('//figure[@class="careers-pullquote"]')[0]
    assert quote.xpath(".//blockquote")[0].text_content() == "Then the engine."
    assert quote.xpath(".//figcaption")[0].text_content() == "Ada Lovelace, Applied science intern"
    assert text.index("Intro.") < text.index("Middle.") < text.index("End.")
    # placed inside the story, Ada is not repeated at its end; Bo, not placed, is there
    at_end = html.xpath('//section[@class="careers-profiles"]//p[@class="careers-profile__name"]')
    assert [name.text_content() for name in at_end] == ["Bo Lin"]


def test_unknown_people_and_quotes_are_errors_at_their_line(source: SiteSource):
    source.person("ada", quotes=["Only one."])
    source.story("one", body="[[person: adda]]\n\n[[quote: ada 2]]\n\n[[quote: nobody]]\n")
    code, errors = source.check()
    assert code == 1
    assert errors == [
        "stories/one.md:6: error: person marker: 'adda' is not a known profile; did you mean "
        "'ada'?",
        "stories/one.md:8: error: quote marker: profile 'ada' has 1 quote(s), so quote 2 is none",
        "stories/one.md:10: error: quote marker: 'nobody' is not a known profile",
    ]
