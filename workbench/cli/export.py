"""``workbench export csv`` and ``workbench export claimreview``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import click

from workbench.cli.main import AppContext, pass_app
from workbench.csv_export import normalise_since, write_csv
from workbench.errors import WorkbenchError
from workbench.interchange.claimreview_export import write_claim_reviews
from workbench.interchange.settings import organisation, rating_scale
from workbench.store.export import STATUSES


@contextmanager
def _output(output: Path | None, encoding: str = "utf-8") -> Iterator[TextIO]:
    """stdout, or a file written as ``NAME.partial`` and renamed only when complete,
    so an interrupted export never leaves a truncated file under the real name."""
    if output is None:
        yield sys.stdout
        return
    if output.is_dir():
        raise WorkbenchError(f"{output} is a directory")
    partial = output.with_name(output.name + ".partial")
    try:
        with partial.open("w", encoding=encoding, newline="") as handle:
            yield handle
        partial.replace(output)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise WorkbenchError(f"cannot write {output}: {err.strerror or err}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


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
@click.option("--article", "article_id", type=int, help="Only this article's claims.")
@click.option("--status", type=click.Choice(STATUSES), help="Only claims in this state.")
@click.option("--verdict", help="Only claims whose current verdict is this label.")
@click.option("--since", metavar="DATE", help="Only verdicts given on or after DATE.")
@click.option("--excel", is_flag=True, help="Start with a UTF-8 byte-order mark for Excel.")
@pass_app
def export_csv(app: AppContext, output: Path | None, article_id: int | None,
               status: str | None, verdict: str | None, since: str | None,
               excel: bool) -> None:
    """One CSV row per claim: article, claim, values, verdict, approval, sources, matches."""
    label = app.config.canonical_label(verdict) if verdict is not None else None
    since_at = normalise_since(since) if since is not None else None
    if article_id is not None:
        app.store.article(article_id)
    rows = app.store.export_rows(article_id, status=status, verdict=label, since=since_at)
    _run(output, lambda handle: write_csv(rows, handle, bom=excel), "claims")


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
