"""``workbench source add|list|show|refresh``: sources, their archived pages, evidence."""

from __future__ import annotations

import click

from workbench.cli import source_render as render
from workbench.cli.main import ROW_ID, AppContext, pass_app
from workbench.errors import WorkbenchError
from workbench.fetch import service
from workbench.text_safety import one_line, safe_json
from workbench.urls import require_http_url


@click.group("source")
def source_group() -> None:
    """Sources attached to claims."""


@source_group.command("add")
@click.argument("claim_id", type=ROW_ID)
@click.argument("url")
@click.option("--note", help="What the source shows.")
@click.option("--quote", help="The passage of the source that bears on the claim.")
@click.option("--no-fetch", is_flag=True,
              help="Only record the URL; do not fetch and archive the page.")
@pass_app
def source_add(app: AppContext, claim_id: int, url: str, note: str | None,
               quote: str | None, no_fetch: bool) -> None:
    """Attach the source URL to CLAIM_ID, fetching and archiving the page.

    A failed fetch is still recorded, with its reason; paste the passage with
    --quote and say what it shows with --note.
    """
    url = require_http_url(url)
    if no_fetch:
        source_id = app.store.add_source(claim_id, url, note, quote)
        click.echo(f"source {source_id} added to claim {claim_id} (not fetched)")
        return
    added = service.add_fetched_source(
        app.store, claim_id, url, note, quote, guard=service.guard_from_config(app.config),
    )
    click.echo(f"source {added.source_id} added to claim {claim_id}: "
               f"{render.snapshot_line(added.snapshot)}")
    if added.snapshot.outcome == "failed" and not quote:
        click.echo("  paste the passage with `workbench source add … --no-fetch --quote …`")
    elif added.snapshot.outcome == "extracted":
        report = service.source_report(app.store, added.source_id)
        click.echo("  " + render.evidence_summary(report))


@source_group.command("list")
@click.argument("claim_id", type=ROW_ID)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_app
def source_list(app: AppContext, claim_id: int, as_json: bool) -> None:
    """List the sources of CLAIM_ID."""
    app.store.claim(claim_id)
    rows = app.store.sources(claim_id)
    if as_json:
        click.echo(safe_json([r.__dict__ for r in rows], indent=2))
        return
    if not rows:
        click.echo(f"claim {claim_id} has no sources yet")
    for r in rows:
        extra = " — ".join(one_line(x) for x in (r.note, r.quote) if x)
        click.echo(f"{r.id:>4}  {one_line(r.url)}" + (f"  {extra}" if extra else ""))


@source_group.command("show")
@click.argument("source_id", type=ROW_ID)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@pass_app
def source_show(app: AppContext, source_id: int, as_json: bool) -> None:
    """Show SOURCE_ID: its latest fetch, archived text, and the claim's evidence in it."""
    report = service.source_report(app.store, source_id)
    if as_json:
        # ASCII-only JSON: page text may hold C1 or bidi characters, escaped here.
        click.echo(safe_json(render.report_json(report), indent=2))
        return
    for line in render.report_lines(report):
        click.echo(line)


@source_group.command("refresh")
@click.argument("claim_id", type=ROW_ID, required=False)
@click.option("--all", "refresh_all", is_flag=True, help="Refetch the sources of every claim.")
@pass_app
def source_refresh(app: AppContext, claim_id: int | None, refresh_all: bool) -> None:
    """Refetch the sources of CLAIM_ID (or --all) and flag verdicts whose sources moved."""
    if (claim_id is None) == (not refresh_all):
        raise WorkbenchError("give either a CLAIM_ID or --all, not both or neither")
    guard = service.guard_from_config(app.config)
    results = service.refresh_sources(app.store, None if refresh_all else claim_id, guard=guard)
    if not results:
        click.echo("no sources to refresh")
    for item in results:
        click.echo(render.refresh_line(item))


COMMANDS = [source_group]
