"""``workbench export csv`` and ``workbench export claimreview``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import click

from workbench.atomic_file import atomic_text_file
from workbench.cli.main import ROW_ID, AppContext, pass_app
from workbench.csv_export import export_csv
from workbench.interchange.claimreview_export import write_claim_reviews
from workbench.interchange.settings import organisation, rating_scale
from workbench.store.export import STATUSES
from workbench.timestamps import normalise_since


@contextmanager
def _output(output: Path | None, encoding: str = "utf-8") -> Iterator[TextIO]:
    """stdout, or ``output`` written whole or not at all (see :mod:`workbench.atomic_file`)."""
    if output is None:
        yield sys.stdout
        return
    with atomic_text_file(output, overwrite=True, encoding=encoding) as handle:
        yield handle


def _run(output: Path | None, write: Callable[[TextIO], int], what: str) -> None:
    with _output(output) as handle:
        count = write(handle)
    if output is not None:
        click.echo(f"exported {count} {what} to {output}", err=True)


@click.group("export")
def export_group() -> None:
    """Export verdicts (CSV, ClaimReview JSON-LD)."""


@export_group.command("csv")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write to this file (default: stdout).")
@click.option("--article", "article_id", type=ROW_ID, help="Only this article's claims.")
@click.option("--status", type=click.Choice(STATUSES), help="Only claims in this state.")
@click.option("--verdict", help="Only claims whose current verdict is this label.")
@click.option("--since", metavar="DATE", help="Only verdicts given on or after DATE.")
@click.option("--excel", is_flag=True, help="Start with a UTF-8 byte-order mark for Excel.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Processes to share a large export (default: up to 2 cores,"
                   " from 50,000 claims).")
@pass_app
def export_csv_command(app: AppContext, output: Path | None, article_id: int | None,
                       status: str | None, verdict: str | None, since: str | None,
                       excel: bool, jobs: int | None) -> None:
    """One CSV row per claim: article, claim, values, verdict, approval, sources, matches."""
    label = app.config.canonical_label(verdict) if verdict is not None else None
    since_at = normalise_since(since) if since is not None else None
    if article_id is not None:
        app.store.article(article_id)
    scratch = output.resolve().parent if output is not None else None
    terminal = output is None and sys.stdout.isatty()
    _run(output, lambda handle: export_csv(
        app.store, handle, article_id=article_id, status=status, verdict=label,
        since=since_at, bom=excel, jobs=jobs, scratch_dir=scratch, terminal=terminal),
        "claims")


@export_group.command("claimreview")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write to this file (default: stdout).")
@pass_app
def export_claimreview(app: AppContext, output: Path | None) -> None:
    """A JSON array of schema.org ClaimReviews, one per claim with a published verdict.

    Needs [organisation] name and url and [claimreview] claim_url_base in config.toml.
    """
    org = organisation(app.config)
    scale = rating_scale(app.config)
    rows = app.store.published_claim_reviews()
    _run(output, lambda handle: write_claim_reviews(rows, handle, org, scale), "ClaimReviews")


COMMANDS = [export_group]
