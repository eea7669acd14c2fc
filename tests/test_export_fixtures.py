"""Helpers shared by the export and interchange tests (no tests of its own).

Claims are written straight through the store with chosen values (speakers), so
these tests depend on the store, not on the extractor's heuristics.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from workbench.cli import cli
from workbench.extraction.model import ExtractedClaim
from workbench.store import Store

CONFIG = """
[organisation]
name = "Example Fact Desk"
url = "https://factdesk.example.org"

[claimreview]
claim_url_base = "https://factdesk.example.org/checks"
"""


def run(db: Path, *args: str, input: str | bytes | None = None) -> Result:
    """The real CLI, in-process, on a real database file."""
    return CliRunner().invoke(cli, ["--db", str(db), *args], input=input,
                              catch_exceptions=False)


def add_article(
    store: Store,
    sentences: Sequence[str],
    speakers: Sequence[dict[str, Any] | None] | None = None,
    *,
    title: str | None = "Border talks fail",
    url: str | None = "https://news.example/talks",
    outlet: str | None = "Example News",
    published: str | None = "2025-11-08",
) -> list[int]:
    """Store an article made of ``sentences`` (one claim each); return the claim ids."""
    speakers = speakers or [None] * len(sentences)
    claims, start = [], 0
    for i, (sentence, speaker) in enumerate(zip(sentences, speakers, strict=True)):
        claims.append(ExtractedClaim(
            ordinal=i + 1, text=sentence, start=start, end=start + len(sentence),
            kinds=("quantity",), score=0.5, reasons=("a number",),
            values={"speaker": speaker, "places": ["Istanbul"]},
        ))
        start += len(sentence) + 1
    article_id = store.insert_article(" ".join(sentences), claims, title=title, url=url,
                                      outlet=outlet, published=published)
    return [c.id for c in store.claims(article_id)]


def db_rows(db: Path) -> list[tuple]:
    """Every row of every table, to prove a refused command changed nothing."""
    if not db.exists():
        return []
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'"
        " AND name NOT LIKE '%vocab%' ORDER BY name")]
    rows = [(t, *r) for t in tables for r in conn.execute(f'SELECT * FROM "{t}"')]
    conn.close()
    return rows
