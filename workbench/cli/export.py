"""``workbench export csv``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench.cli.main import AppContext, pass_app
from workbench.csv_export import write_csv
from workbench.errors import WorkbenchError


@click.group("export")
def export_group() -> None:
    """Export verdicts."""


@export_group.command("csv")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write to this file (default: stdout).")
@click.option("--article", "article_id", type=int, help="Only this article's claims.")
@pass_app
def export_csv(app: AppContext, output: Path | None, article_id: int | None) -> None:
    """One CSV row per claim with its current verdict, note, reviewer and sources."""
    if article_id is not None:
        app.store.article(article_id)
    rows = app.store.export_rows(article_id)
    if output is None:
        write_csv(rows, sys.stdout)
        return
    if output.is_dir():
        raise WorkbenchError(f"{output} is a directory")
    partial = output.with_name(output.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            count = write_csv(rows, handle)
        partial.replace(output)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise WorkbenchError(f"cannot write {output}: {err.strerror or err}") from None
    click.echo(f"exported {count} claims to {output}", err=True)


COMMANDS = [export_group]
