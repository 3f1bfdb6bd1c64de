"""Reading an export: the JSON of a job board, each job with the line of the export it starts on
(so an error names `FILE:LINE` of the job's row)."""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass

from generator.importers.common import System


@dataclass
class Row:
    label: str  # "jobs[3]", "data[3]" or "[3]": where the job sits in the export
    line: int
    data: dict

    def where(self) -> str:
        ident = self.data.get("id") if isinstance(self.data, dict) else None
        title = (
            (self.data.get("title") or self.data.get("text"))
            if isinstance(self.data, dict)
            else None
        )
        parts = [f"id {ident}"] if ident is not None else []
        if isinstance(title, str) and title:
            parts.append(json.dumps(title, ensure_ascii=False))
        return f"{self.label} ({', '.join(parts)})" if parts else self.label


class ExportError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


def read_rows(text: str, system: System) -> list[Row]:
    """The jobs of an export with the line each starts on: the list at `system.jobs_key` of an
    object, or (when the system allows it) a bare list of jobs."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ExportError(err.lineno, f"not valid JSON: {err.msg}") from None
    if isinstance(data, list) and system.bare_list:
        key = None
    elif isinstance(data, dict) and isinstance(data.get(system.jobs_key), list):
        key = system.jobs_key
    else:
        raise ExportError(1, f"a {system.name} export is {system.shape}")
    starts = _item_starts(text, key)
    newlines = [index for index, char in enumerate(text) if char == "\n"]
    items = data[key] if key else data
    return [
        Row(f"{key or ''}[{index}]", bisect.bisect_left(newlines, start) + 1, item)
        for index, (item, start) in enumerate(zip(items, starts, strict=True))
    ]


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
