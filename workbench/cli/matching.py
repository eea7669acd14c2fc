"""``workbench match``, ``matches``, ``link`` and ``unlink``: previously checked claims.

Thin: parsing and printing only; the work is in :mod:`workbench.matching.service` and
the store. JSON shapes are documented in the README ("Matching previously checked
claims") and kept stable.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import IO, Any

import click

from workbench.cli.main import ROW_ID, AppContext, pass_app
from workbench.errors import WorkbenchError
from workbench.matching.service import (
    MAX_LIMIT,
    Match,
    Thresholds,
    match_text,
    matches_for_claim,
)
from workbench.text_safety import one_line, safe_json

MAX_BATCH_BYTES = 64 * 1024 * 1024


def _thresholds(app: AppContext) -> Thresholds:
    return Thresholds(suggest=app.config.match_suggest, auto_link=app.config.match_auto_link)


def _print_matches(matches: list[Match]) -> None:
    if not matches:
        click.echo("no previously checked claim matches")
        return
    for m in matches:
        where = (f"claim {m.claim_id} (article {m.article_id})" if m.kind == "claim"
                 else f"fact-check {one_line(m.title or '')}".rstrip())
        verdict = one_line(m.verdict) if m.verdict else "no verdict"
        link = f" [{m.link}]" if m.link else ""
        click.echo(f"{m.rank}. match {m.corpus_id}  {m.relation}  {m.score:.2f}  "
                   f"{verdict}  {where}{link}")
        click.echo(f"   {one_line(m.text)}")
        for difference in m.differences:
            click.echo(f"   ≠ {one_line(difference)}")


def _read_batch(handle: IO[str], name: str) -> list[tuple[Any, str]]:
    """Every ``{"id", "text"}`` line, validated before any matching starts."""
    queries: list[tuple[Any, str]] = []
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except (json.JSONDecodeError, RecursionError):  # RecursionError: [[[[…]]]]
            raise WorkbenchError(f"{name} line {number}: not valid JSON") from None
        if not isinstance(item, dict) or "id" not in item or not isinstance(item.get("text"), str):
            raise WorkbenchError(
                f'{name} line {number}: expected an object with "id" and a string "text"'
            )
        queries.append((item["id"], item["text"]))
    return queries


def _open_batch(path: str) -> tuple[IO[str], str]:
    if path == "-":
        return sys.stdin, "stdin"
    file = Path(path)
    if not file.is_file():
        raise WorkbenchError(f"{path}: no such file")
    if file.stat().st_size > MAX_BATCH_BYTES:
        raise WorkbenchError(f"{path}: larger than {MAX_BATCH_BYTES // 2**20} MB")
    try:
        return file.open(encoding="utf-8"), path
    except OSError as err:
        raise WorkbenchError(f"{path}: cannot read: {err.strerror or err}") from None


@click.command("match")
@click.argument("text", required=False)
@click.option("--limit", default=5, show_default=True, help=f"Matches to show (1-{MAX_LIMIT}).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--batch", "batch", metavar="FILE",
              help='JSONL of {"id", "text"} ("-" for stdin); prints JSONL {"id", "matches"}.')
@pass_app
def match_command(app: AppContext, text: str | None, limit: int, as_json: bool,
                  batch: str | None) -> None:
    """Find previously checked claims that match TEXT."""
    if (text is None) == (batch is None):
        raise WorkbenchError("give either TEXT or --batch FILE")
    if not 1 <= limit <= MAX_LIMIT:
        raise WorkbenchError(f"--limit must be between 1 and {MAX_LIMIT}, not {limit}")
    thresholds = _thresholds(app)
    if batch is not None:
        handle, name = _open_batch(batch)
        try:
            queries = _read_batch(handle, name)
        except UnicodeDecodeError:
            raise WorkbenchError(f"{name}: not UTF-8 text") from None
        for query_id, query_text in queries:
            found = match_text(app.store, query_text, limit=limit, thresholds=thresholds)
            line = {"id": query_id, "matches": [m.as_json() for m in found]}
            click.echo(safe_json(line))
        return
    assert text is not None
    if not text.strip():
        raise WorkbenchError("the text to match is empty")
    found = match_text(app.store, text, limit=limit, thresholds=thresholds)
    if as_json:
        click.echo(safe_json([m.as_json() for m in found], indent=2))
    else:
        _print_matches(found)


@click.command("matches")
@click.argument("claim_id", type=ROW_ID)
@click.option("--limit", default=5, show_default=True, help=f"Matches to show (1-{MAX_LIMIT}).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--auto-link", is_flag=True,
              help="Link `same` matches above the auto_link threshold.")
@pass_app
def matches_command(app: AppContext, claim_id: int, limit: int, as_json: bool,
                    auto_link: bool) -> None:
    """Suggested previously checked claims for CLAIM_ID (above the suggest threshold)."""
    found = matches_for_claim(app.store, claim_id, limit=limit, thresholds=_thresholds(app),
                              auto_link=auto_link)
    if as_json:
        click.echo(safe_json([m.as_json() for m in found], indent=2))
    else:
        _print_matches(found)


@click.command("link")
@click.argument("claim_id", type=ROW_ID)
@click.argument("match_id", type=ROW_ID)
@click.option("--reuse", is_flag=True, help="Also copy the match's verdict and sources.")
@pass_app
def link_command(app: AppContext, claim_id: int, match_id: int, reuse: bool) -> None:
    """Confirm MATCH_ID (a match's corpus_id) as the same claim as CLAIM_ID."""
    if reuse:
        verdict_id = app.store.reuse_verdict(claim_id, match_id)
        click.echo(f"claim {claim_id}: linked to match {match_id}, verdict reused "
                   f"(verdict {verdict_id})")
    else:
        app.store.confirm_match(claim_id, match_id)
        click.echo(f"claim {claim_id}: linked to match {match_id}")


@click.command("unlink")
@click.argument("claim_id", type=ROW_ID)
@click.argument("match_id", type=ROW_ID)
@pass_app
def unlink_command(app: AppContext, claim_id: int, match_id: int) -> None:
    """Reject MATCH_ID for CLAIM_ID: it is no longer suggested (history keeps both)."""
    app.store.reject_match(claim_id, match_id)
    click.echo(f"claim {claim_id}: match {match_id} rejected")


@click.command("embed")
@pass_app
def embed_command(app: AppContext) -> None:
    """Embed the matching corpus for the optional re-ranker (needs the extra:
    pip install 'workbench[embeddings]'); rerun after large imports."""
    from workbench.matching import embeddings

    if not embeddings.available():
        raise WorkbenchError(
            "the embeddings extra is not installed: pip install 'workbench[embeddings]'"
        )
    started = time.perf_counter()
    count = embeddings.index_corpus(
        app.store, progress=lambda n: click.echo(f"\r{n} rows embedded", nl=False, err=True))
    click.echo(f"\n{count} rows embedded with {embeddings.MODEL} in "
               f"{time.perf_counter() - started:.1f} s", err=True)


COMMANDS = [match_command, matches_command, link_command, unlink_command, embed_command]
