"""Reading an export: the JSON of a job board, each job with the line of the export it starts on
(so an error names `FILE:LINE` of the job's row)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from generator.importers.common import System


@dataclass
class Row:
    label: str  # "jobs[3]", "data[3]" or "[3]": where the job sits in the export
    line: int
    data: dict
    source: str = ""  # the export's name: its file, <stdin> or the URL of its page

    def where(self) -> str:
        """ "jobs[3] (id 4012399, "Economist II")": the row, its id and title when it has them."""
        data = self.data if isinstance(self.data, dict) else {}
        ident, title = data.get("id"), data.get("title") or data.get("text") or data.get("name")
        parts = [f"id {_shorten(str(ident))}"] if ident is not None else []
        if isinstance(title, str) and title:
            parts.append(json.dumps(_shorten(title), ensure_ascii=False))
        return f"{self.label} ({', '.join(parts)})" if parts else self.label


def _shorten(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ExportError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


MAX_DEPTH = 500  # reported when Python's JSON reader runs out of stack (about 1,000 levels)


def read_rows(text: str, system: System, source: str = "") -> list[Row]:
    """The jobs of an export with the line each starts on: the list at `system.jobs_key` of an
    object, or (when the system allows it) a bare list of jobs."""
    data = parse_json(text)
    if system.one_job and system.one_job(data):  # a page of one job's details
        return [
            Row("posting", text.count("\n", 0, len(text) - len(text.lstrip())) + 1, data, source)
        ]
    if isinstance(data, list) and system.bare_list:
        key = None
    elif isinstance(data, dict) and isinstance(data.get(system.jobs_key), list):
        key = system.jobs_key
    else:
        raise ExportError(1, f"a {system.name} export is {system.shape}")
    items = data[key] if key else data
    rows, line, at = [], 1, 0
    for index, (item, start) in enumerate(zip(items, _item_starts(text, key), strict=True)):
        line, at = line + text.count("\n", at, start), start  # the starts only grow
        rows.append(Row(f"{key or ''}[{index}]", line, item, source))
    return rows


class _Duplicate(Exception):
    pass


def _object(pairs: list[tuple[str, object]]) -> dict:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _Duplicate
    return found


def parse_json(text: str):
    """JSON -> Python, refusing what `json.loads` lets through or cannot say where: a key given
    twice in one object (JSON leaves it undefined; Python keeps the last), nesting too deep for
    the reader, and numbers of more digits than Python converts."""
    try:
        return json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as err:
        raise ExportError(err.lineno, f"not valid JSON: {err.msg}") from None
    except (_Duplicate, RecursionError):
        at, message = _structure_problem(text)
        raise ExportError(_line(text, at), message) from None
    except ValueError as err:  # "Exceeds the limit (4300 digits) for integer string conversion"
        long_number = re.search(r"\d{4000,}", text)
        at = long_number.start() if long_number else 0
        raise ExportError(_line(text, at), f"a number too long to read ({err})") from None


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_COLON = re.compile(r"[ \t\n\r]*:")


def _structure_problem(text: str) -> tuple[int, str]:
    """Where the first duplicate key or too-deep nesting is, and what it is (slow: only called
    once the fast reader has refused the text)."""
    stack: list[set | None] = []  # a set of the keys seen for an object, None for an array
    for token in _TOKEN.finditer(text):
        char = token.group()[0]
        if char in "[{":
            stack.append(set() if char == "{" else None)
            if len(stack) > MAX_DEPTH:
                return token.start(), f"arrays and objects nested more than {MAX_DEPTH} deep"
        elif char in "]}":
            stack.pop()
        elif stack and stack[-1] is not None and _COLON.match(text, token.end()):
            key = json.loads(token.group())
            if key in stack[-1]:
                return token.start(), f"the key {key!r} is given twice in one object"
            stack[-1].add(key)
    return 0, "arrays and objects nested too deep to read"


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def _item_starts(text: str, key: str | None) -> list[int]:
    """Offsets where each item of the top-level list (or of the list at `key`) starts."""
    decoder = json.JSONDecoder()
    ws = re.compile(r"[ \t\n\r]*")
    at = ws.match(text, 0).end()
    if key is not None:  # walk the object's members to the list at `key`
        at = ws.match(text, at + 1).end()
        while text[at] != "}":
            name, at = decoder.raw_decode(text, at)
            at = ws.match(text, ws.match(text, at).end() + 1).end()  # past ':'
            if name == key:
                break
            _, at = decoder.raw_decode(text, at)
            at = ws.match(text, at).end()
            if text[at] == ",":
                at = ws.match(text, at + 1).end()
    starts = []
    at = ws.match(text, at + 1).end()  # past '['
    while text[at] != "]":
        starts.append(at)
        _, at = decoder.raw_decode(text, at)
        at = ws.match(text, at).end()
        if text[at] == ",":
            at = ws.match(text, at + 1).end()
    return starts
