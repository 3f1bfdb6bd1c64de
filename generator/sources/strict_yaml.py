"""A strict YAML reader: every scalar stays the text that was written, and every key keeps its line.

Types come from the schema (see `schema`), never from YAML's guessing, so `id: 0123` is "0123" and
`country: NO` is Norway. Duplicate keys, anchors, aliases, tags and multiple documents are refused.
The result is plain dicts, lists and strings (an empty plain value is None), plus line numbers.
"""

from __future__ import annotations

import re

import yaml

MAX_BYTES = 1024 * 1024
# No source needs more than 4 levels; libyaml takes time quadratic in the depth ("[[[[..." of a
# mebibyte would take minutes), so reading stops at the first container deeper than this.
MAX_DEPTH = 20

# Unicode's noncharacters: U+FDD0-U+FDEF and the last two code points of every plane (U+FFFE,
# U+1FFFF ... U+10FFFF). Reserved for a program's internal use, never interchanged as text.
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
# What no source may hold, written as it is or as a YAML escape ("\0", "\x1b", "\uFFFE"): control
# characters other than tab, line feed and carriage return, lone surrogates and noncharacters.
# None of them is text a reader could see, and HTML and XML (pages, feeds, sitemaps) refuse them.
FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{NONCHARACTERS}]")

# YAML 1.1 (which libyaml and PyYAML follow) also breaks lines at U+0085, U+2028 and U+2029; YAML
# 1.2, editors, grep and git do not. U+0085 is a control character, refused at its line. The other
# two are text (the contract keeps scalars as written): before parsing, each is swapped for a
# noncharacter (which no source may hold, so nothing else can look like it) and swapped back in
# every scalar. The text stays what was written; line numbers count line feeds only.
_YAML11_BREAK = re.compile("[\x85\u2028\u2029]")
_HIDE_BREAKS = str.maketrans({"\u2028": "\ufdd0", "\u2029": "\ufdd1"})
_SHOW_BREAKS = str.maketrans({"\ufdd0": "\u2028", "\ufdd1": "\u2029"})

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C parser when available


class YamlError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


class YMap(dict):
    """A mapping that remembers the line of itself and of each of its keys."""

    line: int
    key_lines: dict[str, int]


class YList(list):
    """A sequence that remembers the line of itself and of each item."""

    line: int
    item_lines: list[int]


def decode(data: bytes, line_offset: int = 0) -> str:
    """Bytes to text, refusing oversized input and invalid UTF-8 with the line it is on."""
    if len(data) > MAX_BYTES:
        raise YamlError(1, f"file is {len(data)} bytes; the limit is {MAX_BYTES} (1 MiB)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise YamlError(line + line_offset, f"invalid UTF-8 (byte {err.start})") from None
    bad = FORBIDDEN.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1 + line_offset
        raise YamlError(line, forbidden_message(bad.group()))
    return text


def forbidden_message(char: str) -> str:
    code = ord(char)
    noncharacter = 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE
    kind = "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "not text" if noncharacter else ""
    return (
        f"character U+{code:04X} ({kind}) is not allowed"
        if kind
        else f"control character U+{code:04X} is not allowed"
    )


def parse(text: str, line_offset: int = 0):
    """One YAML document -> YMap / YList / str / None. `line_offset` shifts reported lines."""
    builder = _Builder(line_offset)
    if _YAML11_BREAK.search(text):
        text = _hide_yaml11_breaks(text, line_offset)
        builder.restore_breaks = True
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            builder.feed(event)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        raise YamlError(line, f"invalid YAML: {err.problem or err.context}") from None
    except yaml.reader.ReaderError as err:  # control characters: a position, not a line
        line = text.count("\n", 0, err.position) + 1 + line_offset
        code = err.character if isinstance(err.character, int) else ord(err.character)
        raise YamlError(line, f"control character U+{code:04X} is not allowed") from None
    except yaml.YAMLError as err:  # anything else the parser refuses: still a line, never a trace
        raise YamlError(1 + line_offset, f"invalid YAML: {err}") from None
    return builder.result


def _hide_yaml11_breaks(text: str, line_offset: int) -> str:
    # `decode` has refused U+0085 and the stand-ins already; `parse` may be given any text.
    bad = FORBIDDEN.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1 + line_offset
        raise YamlError(line, forbidden_message(bad.group()))
    return text.translate(_HIDE_BREAKS)


class _Builder:
    """Turns the parser's event stream into values, one container on the stack at a time."""

    def __init__(self, line_offset: int):
        self.offset = line_offset
        self.restore_breaks = False  # U+2028 and U+2029 were hidden from the parser
        self.stack: list[list] = []  # [container, pending key or None]
        self.result = None
        self.documents = 0

    def feed(self, event) -> None:
        line = event.start_mark.line + 1 + self.offset if event.start_mark else 1
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise YamlError(line, "only one YAML document is allowed in a file")
        elif isinstance(event, yaml.AliasEvent):
            raise YamlError(line, "aliases (*name) are not allowed")
        elif isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._check_node(event, line)
            if isinstance(event, yaml.ScalarEvent):
                self._add(_scalar(event, line, self.restore_breaks), line)
            else:
                container = YMap() if isinstance(event, yaml.MappingStartEvent) else YList()
                container.line = line
                if isinstance(container, YMap):
                    container.key_lines = {}
                else:
                    container.item_lines = []
                self._add(container, line)
                self.stack.append([container, None])
                if len(self.stack) > MAX_DEPTH:  # stop before the parser's quadratic cost bites
                    raise YamlError(line, f"lists and mappings nest deeper than {MAX_DEPTH} levels")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.stack.pop()

    @staticmethod
    def _check_node(event, line: int) -> None:
        if event.anchor is not None:
            raise YamlError(line, f"anchors (&{event.anchor}) are not allowed")
        if event.tag is not None and event.tag != "!":
            raise YamlError(line, f"tags such as {event.tag} are not allowed")

    def _add(self, value, line: int) -> None:
        if not self.stack:
            self.result = value
            return
        frame = self.stack[-1]
        container = frame[0]
        if isinstance(container, YList):
            container.append(value)
            container.item_lines.append(line)
        elif frame[1] is None:  # this value is a key
            if not isinstance(value, str):
                raise YamlError(line, "mapping keys must be plain text")
            if value in container:
                first = container.key_lines[value]
                raise YamlError(line, f"duplicate key '{value}' (first written on line {first})")
            container.key_lines[value] = line
            frame[1] = value
        else:
            container[frame[1]] = value
            frame[1] = None


def _scalar(event, line: int, restore_breaks: bool) -> str | None:
    if event.implicit[0] and event.value == "":
        return None  # `key:` with nothing after it
    value = event.value.translate(_SHOW_BREAKS) if restore_breaks else event.value
    bad = FORBIDDEN.search(value)  # written as an escape in a "double-quoted" scalar
    if bad:
        raise YamlError(line, forbidden_message(bad.group()))
    return value
