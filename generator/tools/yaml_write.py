"""Writing source YAML that the strict reader (`strict_yaml`) reads back as exactly the same text.

Scaffolding and the applicant-tracking importers write job, story and profile files through
these helpers, so a value holding `: `, `#`, quotes, a leading `-` or several lines never changes
meaning. Output is deterministic: the same values always give the same bytes.
"""

from __future__ import annotations

import functools
import json
import re

import yaml

INDENT = "  "
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml's C parser when available
_PLAIN_SAFE = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*")


def scalar(value: str) -> str:
    """One line of text as a YAML scalar: plain when that reads back unchanged, else quoted."""
    if _plain_ok(value):
        return value
    # A JSON string is a YAML double-quoted scalar; escape what is not printable (line breaks
    # such as U+0085 and U+2028 included) so the reader cannot fold it.
    quoted = json.dumps(value, ensure_ascii=False)
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in quoted)


@functools.lru_cache(maxsize=4096)  # an import writes the same team, place or date many times
def _plain_ok(value: str) -> bool:
    if not value or value != value.strip() or "\n" in value or not _PLAIN_SAFE.fullmatch(value):
        return False
    if ": " in value or " #" in value or value.endswith(":") or "\t" in value:
        return False
    if not value.isprintable():
        return False
    try:
        parsed = yaml.load(f"k: {value}\n", Loader=_LOADER)
    except yaml.YAMLError:
        return False
    return parsed == {"k": value}


def key_value(key: str, value: str, indent: str = "") -> str:
    """`key: value` (one line) or `key: |` and an indented block for text of several lines."""
    if "\n" in value.strip("\n") and _block_ok(value):
        return f"{indent}{key}: |\n" + block(value, indent + INDENT)
    return f"{indent}{key}: {scalar(value)}\n"


def _block_ok(value: str) -> bool:
    lines = value.strip("\n").split("\n")
    return (
        not lines[0][:1].isspace()
        and all(line == line.rstrip() for line in lines)
        and all(line.isprintable() for line in lines)
    )


def block(value: str, indent: str) -> str:
    """The lines of a literal block scalar (`|`), which keeps one final newline."""
    lines = value.strip("\n").split("\n")
    return "".join(f"{indent}{line}\n" if line else "\n" for line in lines)


def item(value: str, indent: str = INDENT) -> str:
    """One `- item` line of a list (a multi-line item becomes a literal block)."""
    if "\n" in value.strip("\n") and _block_ok(value):
        return f"{indent}- |\n" + block(value, indent + INDENT * 2)
    return f"{indent}- {scalar(value)}\n"


def key_list(key: str, values: list[str], indent: str = "") -> str:
    return f"{indent}{key}:\n" + "".join(item(value, indent + INDENT) for value in values)


def commented(text: str) -> str:
    """Comment out every line of `text` (an optional field shown to the editor)."""
    return "".join(f"# {line}".rstrip() + "\n" for line in text.splitlines())


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
