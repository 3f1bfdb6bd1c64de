"""Progress on stderr for long builds: stage, count, rate and ETA, on one rewritten line.

Shown only when stderr is a terminal and the build has run for a few seconds (CI logs and short
builds stay quiet). CAREERS_PROGRESS=1 forces it on, =0 off.
"""

from __future__ import annotations

import os
import sys
import time

START = time.monotonic()  # the build started about when the generator was imported
QUIET_FOR = 3.0  # seconds: shorter builds show nothing
EVERY = 0.25  # seconds between two updates


def wanted() -> bool:
    forced = os.environ.get("CAREERS_PROGRESS", "")
    if forced in ("0", "1"):
        return forced == "1"
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def restart() -> None:
    """Count "a few seconds" from now (a new build in a long-lived process, such as serve)."""
    global START
    START = time.monotonic()


class Meter:
    """Counts the items of one stage; prints `stage: done/total (rate/s, ETA)` now and then."""

    def __init__(self, stage: str, total: int):
        self.stage = stage
        self.total = total
        self.done_count = 0
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = False
        self.enabled = wanted() and total > 0

    def advance(self, count: int = 1) -> None:
        self.done_count += count
        if not self.enabled:
            return
        now = time.monotonic()
        if now - START < QUIET_FOR or now - self.last < EVERY:
            return
        self.last = now
        self._show(now)

    def _show(self, now: float, final: bool = False) -> None:
        elapsed = max(now - self.started, 1e-6)
        rate = self.done_count / elapsed
        if final:
            tail = f"done in {elapsed:.1f} s"
        else:
            left = (self.total - self.done_count) / rate if rate > 0 else 0
            tail = f"ETA {left:.0f} s"
        line = f"{self.stage}: {self.done_count:,}/{self.total:,} ({rate:,.0f}/s, {tail})"
        sys.stderr.write("\r\033[K" + line + ("\n" if final else ""))
        sys.stderr.flush()
        self.shown = True

    def done(self) -> None:
        if self.enabled and self.shown:
            self._show(time.monotonic(), final=True)


def note(text: str) -> None:
    """A one-line stage message (reading sources, MkDocs pages ...), on the same terms."""
    if wanted() and time.monotonic() - START >= QUIET_FOR:
        sys.stderr.write("\r\033[K" + text + "\n")
        sys.stderr.flush()
