"""`python -m generator ping`: tell the WebSub hub (`websub_hub`) which feeds the last build
changed.

For each feed file the last `build` into the output folder changed (see output/changes.py), one
form-encoded POST of `hub.mode=publish` and `hub.url=<the feed's absolute URL>`; the hub then
fetches the feed and pushes it to its subscribers. Exit 0 when the hub accepted every one (a 2xx
answer), 1 when it refused or could not be reached for any (each named), 2 when there is nothing
to ask: no `websub_hub` in the site's settings, or no build of that output folder recorded.
Redirects are not followed: a POST redirected becomes a GET that publishes nothing.
"""

from __future__ import annotations

import datetime as dt
import sys
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator.config import find_config_file, load_site_config
from generator.model import urls
from generator.output.changes import changed_feeds

USER_AGENT = "careers-generator (WebSub publisher)"
WORKERS = 8  # requests in flight at once


def add_parser(commands) -> None:
    text = "notify the WebSub hub (websub_hub) of every feed the last build changed"
    command = commands.add_parser("ping", help=text, description=text + ".")
    command.add_argument("--root", default=".", help="the site's folder (default: .)")
    command.add_argument("--site-dir", help="the output folder that was built (default: ROOT/site)")
    command.add_argument(
        "--timeout", type=float, default=10, help="seconds to wait for each answer (default: 10)"
    )
    command.set_defaults(run=run, today=None)


def run(args, root: Path, today: dt.date) -> int:
    if not args.timeout > 0:
        print(f"error: --timeout must be above 0 seconds, not {args.timeout:g}", file=sys.stderr)
        return 2
    config_file = find_config_file(root) or root / "mkdocs.yml"
    config, problems = load_site_config(config_file)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    hub = config.options.websub_hub
    if not hub:
        print(
            f"error: websub_hub is not set in {config_file.name} (plugins: careers: websub_hub:"
            " https://your.hub/): there is no hub to notify",
            file=sys.stderr,
        )
        return 2
    site_dir = (Path(args.site_dir) if args.site_dir else root / "site").resolve()
    changed = changed_feeds(root, site_dir)
    if changed is None:
        print(
            f"error: no build of {site_dir} is recorded: run `python -m generator build` first",
            file=sys.stderr,
        )
        return 2
    if not changed:
        print(f"no feed changed in the last build of {site_dir}: nothing to tell {hub}")
        return 0
    feeds = [urls.absolute(config.site_url, url) for url in changed]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        failures = list(pool.map(lambda feed: publish(hub, feed, args.timeout), feeds))
    for feed, failure in zip(feeds, failures, strict=True):
        if failure:
            print(f"error: {feed}: {failure}", file=sys.stderr)
    failed = sum(1 for failure in failures if failure)
    if failed:
        print(f"{hub} refused {failed} of {len(feeds)} feed(s)", file=sys.stderr)
        return 1
    print(f"{hub} accepted all {len(feeds)} changed feed(s)")
    return 0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError with the 3xx answer


_OPENER = urllib.request.build_opener(_NoRedirect)


def publish(hub: str, feed: str, timeout: float) -> str | None:
    """POST hub.mode=publish for `feed`; None when the hub answered 2xx, else why not."""
    body = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": feed}).encode("ascii")
    request = urllib.request.Request(
        hub,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "User-Agent": USER_AGENT,
        },
    )
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            response.read(65536)
            status = response.status
    except urllib.error.HTTPError as err:
        body_text = " ".join(err.read(300).decode("utf-8", "replace").split())  # the hub's why
        where = f" (to {err.headers.get('Location')})" if 300 <= err.code < 400 else ""
        return f"the hub answered {err.code} {err.reason}{where}" + (
            f": {body_text}" if body_text else ""
        )
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            return f"the hub gave no answer within {timeout:g} s"
        return f"could not reach the hub: {reason}"
    if not 200 <= status < 300:
        return f"the hub answered {status}"
    return None
