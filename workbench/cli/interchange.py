"""``workbench import-reviews FILE|URL``: fact-checks from other desks into the corpus."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from workbench.cli.main import AppContext, pass_app
from workbench.config import Config
from workbench.errors import WorkbenchError
from workbench.interchange.feeds import map_ratings, read_feed
from workbench.interchange.settings import max_import_bytes, rating_mapping
from workbench.text_safety import one_line, safe_json
from workbench.urls import require_http_url

SHOWN_SKIPS = 10


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def read_file(name: str, limit: int) -> bytes:
    """A local feed (``-``: stdin), refused by size before a byte is parsed."""
    if name == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        path = Path(name)
        if path.is_dir():
            raise WorkbenchError(f"{name} is a directory")
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise WorkbenchError(f"no such file: {name}") from None
        except OSError as err:
            raise WorkbenchError(f"cannot read {name}: {err.strerror or err}") from None
        if size > limit:
            raise WorkbenchError(f"{name} is {_megabytes(size)}, over the {_megabytes(limit)}"
                                 " import limit ([claimreview] max_import_mb); nothing imported")
        try:
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
        except OSError as err:
            raise WorkbenchError(f"cannot read {name}: {err.strerror or err}") from None
    if len(data) > limit:
        raise WorkbenchError(f"{name} is over the {_megabytes(limit)} import limit"
                             " ([claimreview] max_import_mb); nothing imported")
    return data


def read_url(url: str, limit: int, config: Config) -> bytes:
    """A feed fetched through the sources' guarded client (same SSRF rules, size cap)."""
    from workbench.fetch.client import FetchLimits, fetch
    from workbench.fetch.service import guard_from_config

    url = require_http_url(url, "feed URL")
    result = fetch(url, guard_from_config(config),
                   FetchLimits(max_bytes=limit, total_timeout=60.0))
    if not result.ok or result.body is None:
        raise WorkbenchError(f"cannot fetch {url}: {result.reason}; nothing imported")
    return result.body


def is_url(text: str) -> bool:
    """Whether SOURCE names a URL to fetch rather than a file (checked in full later)."""
    return text.strip().lower().startswith(("http://", "https://"))


@click.command("import-reviews")
@click.argument("source")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@pass_app
def import_reviews(app: AppContext, source: str, as_json: bool) -> None:
    """Load fact-checks published elsewhere into the matching corpus.

    SOURCE is a file (- for stdin) or an http(s) URL holding ClaimReview JSON-LD (one,
    an array or a @graph), an HTML page with ClaimReview script tags, a Google Fact
    Check Tools API response or a Data Commons fact-check feed. Ratings are mapped
    to our scale ([claimreview.import_ratings]); unknown ones are kept verbatim and
    flagged. Importing the same feed again adds nothing.
    """
    limit = max_import_bytes(app.config)
    mapping = rating_mapping(app.config)
    data = read_url(source, limit, app.config) if is_url(source) else read_file(source, limit)
    feed = read_feed(data, source)
    del data  # the records are parsed: let a 100 MB feed's bytes go before the writes
    if not feed.reviews:
        first = feed.skipped[0]
        raise WorkbenchError(f"{source}: none of {len(feed.skipped)} records could be read "
                             f"(first: {one_line(str(first))}); nothing imported")
    mapped = map_ratings(feed, mapping)
    counts = app.store.import_reviews(mapped, feed=feed.shape, origin=source)
    flagged = Counter(m.verdict for m in mapped if m.flag)
    if as_json:
        click.echo(safe_json({
            "shape": feed.shape, "read": len(mapped), "added": counts.added,
            "updated": counts.updated, "unchanged": counts.unchanged,
            "skipped": [{"where": s.where, "reason": s.reason} for s in feed.skipped],
            "flagged_ratings": dict(flagged),
        }))
        return
    click.echo(f"{source} ({feed.shape}): {counts.added} added, {counts.updated} updated, "
               f"{counts.unchanged} unchanged, {len(feed.skipped)} skipped")
    for skip in feed.skipped[:SHOWN_SKIPS]:
        click.echo(f"  skipped {one_line(str(skip))}", err=True)
    if len(feed.skipped) > SHOWN_SKIPS:
        click.echo(f"  … and {len(feed.skipped) - SHOWN_SKIPS} more skipped", err=True)
    if flagged:
        listed = ", ".join(f"{one_line(str(label))!r} ×{n}" for label, n in flagged.most_common(5))
        click.echo(f"  {sum(flagged.values())} ratings not on our scale, kept verbatim and "
                   f"flagged: {listed}", err=True)


COMMANDS = [import_reviews]
