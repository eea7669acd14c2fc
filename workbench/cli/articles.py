"""``workbench import``, ``workbench articles`` and ``workbench claims``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import click

from workbench.cli.main import ROW_ID, AppContext, pass_app
from workbench.cli.render import claims_table
from workbench.importing import decode_article, import_article, read_article_bytes
from workbench.store import Claim, Store
from workbench.store.claims import CLAIM_ORDERS
from workbench.text_safety import one_line, safe_json
from workbench.urls import require_http_url


@click.command("import")
@click.argument("file", type=str)
@click.option("--title", help="Article title (default: its first line).")
@click.option("--outlet", help="Publishing outlet.")
@click.option("--url", help="Where the article was published.")
@click.option("--published", metavar="YYYY-MM-DD",
              help="Publication date; relative dates ('on Friday') resolve against it.")
@click.option("--json", "as_json", is_flag=True, help='Print {"article_id": …, "claims": N}.')
@pass_app
def import_command(
    app: AppContext, file: str, title: str | None, outlet: str | None, url: str | None,
    published: str | None, as_json: bool,
) -> None:
    """Import an article FILE (plain text or Markdown; - reads stdin) and extract its claims."""
    if url is not None:
        url = require_http_url(url, "--url")
    data, name = read_article_bytes(file)
    text = decode_article(data, name)
    result = import_article(app.store, text, title=title, outlet=outlet, url=url,
                            published=published)
    if as_json:
        click.echo(safe_json({"article_id": result.article_id, "claims": result.claims}))
    else:
        click.echo(f"imported article {result.article_id} from {Path(name).name}: "
                   f"{result.claims} claims")


@click.command("articles")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_app
def articles_command(app: AppContext, as_json: bool) -> None:
    """List imported articles with their review progress."""
    articles = list(app.store.articles())
    if as_json:
        click.echo(safe_json([a.__dict__ for a in articles], indent=2))
        return
    if not articles:
        click.echo("no articles yet; import one with `workbench import FILE`")
        return
    click.echo(f"{'id':>4}  {'reviewed':>9}  title")
    for a in articles:
        progress = f"{a.reviewed_count}/{a.claim_count}"
        click.echo(f"{a.id:>4}  {progress:>9}  {one_line(a.title or '(untitled)')}")


@click.command("claims")
@click.option("--article", "article_id", type=ROW_ID, help="Only this article's claims.")
@click.option("--order", type=click.Choice(sorted(CLAIM_ORDERS)), default="score",
              show_default=True, help="Most check-worthy first, or article order.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of claims.")
@pass_app
def claims_command(app: AppContext, article_id: int | None, order: str, as_json: bool) -> None:
    """List claims with their kinds, score, reasons and values."""
    store = app.store
    if article_id is not None:
        store.article(article_id)  # a clear error for an unknown id
    claims = blind_masked(store, store.claims(article_id, order), article_id)
    if as_json:
        # Streamed: one element at a time, so a large database never sits in memory.
        click.echo("[", nl=False)
        for i, claim in enumerate(claims):
            prefix = "," if i else ""
            click.echo(prefix + "\n  " + safe_json(claim.as_json()),
                       nl=False)
        click.echo("\n]")
        return
    empty = True
    for line in claims_table(claims):
        empty = False
        click.echo(line)
    if empty:
        click.echo("no claims yet; import an article with `workbench import FILE`")


BLIND_LABEL = "(blind)"


def blind_masked(store: Store, claims: Iterable[Claim], article_id: int | None
                 ) -> Iterator[Claim]:
    """Claims as this reviewer may see them: in blind two-person review, a colleague's
    pending verdict reads ``(blind)`` until this reviewer has entered their own."""
    if not store.review_settings().blind:
        yield from claims
        return
    hidden = {s.claim_id for s in store.review_states(article_id) if s.hidden}
    for claim in claims:
        yield replace(claim, verdict=BLIND_LABEL) if claim.id in hidden else claim


COMMANDS = [import_command, articles_command, claims_command]
