"""Helpers shared by the team, audit and concurrency tests (no tests of its own).

Claims are written straight through the store rather than extracted from an
article, so these tests depend only on the store, not on extraction heuristics.
"""

from __future__ import annotations

from pathlib import Path

from workbench.extraction.model import ExtractedClaim
from workbench.store import Store


def open_as(db: Path, reviewer: str, **kwargs: object) -> Store:
    """A store acting as ``reviewer`` (the internal, test-only constructor parameter:
    the CLI always uses the OS account)."""
    return Store(db, _reviewer=reviewer, **kwargs)


def seed_claims(db: Path, count: int = 4, title: str = "Talks", salt: str = "") -> list[int]:
    """Create an article with ``count`` claims; return their ids in order."""
    sentences = [f"Report {salt}{i} says {i + 3} people attended the talks." for i in range(count)]
    text = " ".join(sentences)
    claims, start = [], 0
    for i, sentence in enumerate(sentences):
        claims.append(ExtractedClaim(ordinal=i + 1, text=sentence, start=start,
                                     end=start + len(sentence), kinds=("quantity",),
                                     score=0.5, reasons=("a number",), values={}))
        start += len(sentence) + 1
    store = Store(db)
    try:
        article_id = store.insert_article(text, claims, title=title)
        return [c.id for c in store.claims(article_id)]
    finally:
        store.close()
