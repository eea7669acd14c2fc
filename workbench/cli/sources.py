"""``workbench source add`` and ``workbench source list``."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import click

from workbench.cli.main import AppContext, pass_app
from workbench.errors import WorkbenchError
from workbench.text_safety import one_line


def check_url(url: str) -> str:
    """An http(s) URL with a host, or a one-line error."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise WorkbenchError(f"{url!r} is not an http(s) URL")
    return url.strip()


@click.group("source")
def source_group() -> None:
    """Sources attached to claims."""


@source_group.command("add")
@click.argument("claim_id", type=int)
@click.argument("url")
@click.option("--note", help="What the source shows.")
@click.option("--quote", help="The passage of the source that bears on the claim.")
@pass_app
def source_add(app: AppContext, claim_id: int, url: str, note: str | None,
               quote: str | None) -> None:
    """Attach the source URL to CLAIM_ID."""
    source_id = app.store.add_source(claim_id, check_url(url), note, quote)
    click.echo(f"source {source_id} added to claim {claim_id}")


@source_group.command("list")
@click.argument("claim_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_app
def source_list(app: AppContext, claim_id: int, as_json: bool) -> None:
    """List the sources of CLAIM_ID."""
    app.store.claim(claim_id)
    rows = app.store.sources(claim_id)
    if as_json:
        click.echo(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(f"claim {claim_id} has no sources yet")
    for r in rows:
        extra = " — ".join(one_line(x) for x in (r.note, r.quote) if x)
        click.echo(f"{r.id:>4}  {one_line(r.url)}" + (f"  {extra}" if extra else ""))


COMMANDS = [source_group]
