"""SQL for fact-checks imported from other desks (``workbench import-reviews``).

Each review becomes one corpus row of kind ``external`` (the matching engineer's
table, ``db/002_matching.sql``: imported fact-checks are one more row kind there, so
matching needs no second code path) plus one ``external_reviews`` row
(``db/005_interchange.sql``) with what the corpus has no column for.

Both rows are written here, in one transaction per batch, rather than through
:meth:`CorpusQueries.add_external_claims`, because the detail row needs the corpus
id in the same transaction and the import must tell *added* from *unchanged*: the
key ``(source, external_id)`` makes a second import of the same feed add nothing.
Batches keep each write lock short: a 100,000-review feed must not make other
reviewers' verdicts wait behind one long transaction. Parsing finishes before the
first batch, so bad input never leaves a partial import.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from workbench.interchange.claimreview_import import MappedReview
from workbench.store.connection import Connection, utc_now

BATCH = 2_000

_DETAIL_COLUMNS = (
    "rating", "rating_value", "best_rating", "worst_rating", "rating_flag", "publisher",
    "publisher_url", "review_date", "speaker_name", "speaker_role", "speaker_type",
    "claim_date", "appearance_url", "language",
)

_DETAIL_SELECT = (f"SELECT {', '.join(_DETAIL_COLUMNS)} FROM external_reviews"
                  " WHERE corpus_id = ?")
_DETAIL_WRITE_COLUMNS = ("corpus_id", *_DETAIL_COLUMNS, "feed", "origin", "imported_by",
                         "imported_at")
_DETAIL_INSERT = (f"INSERT OR REPLACE INTO external_reviews ({', '.join(_DETAIL_WRITE_COLUMNS)})"
                  f" VALUES ({', '.join('?' for _ in _DETAIL_WRITE_COLUMNS)})")


@dataclass
class ImportCounts:
    """What an import did: new reviews, changed ones (a re-rating), and repeats."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class ExternalReview:
    """An imported fact-check as stored: its corpus row joined with its details."""

    corpus_id: int
    source: str
    external_id: str
    url: str | None
    text: str
    title: str | None
    verdict: str | None
    rating: str | None
    rating_value: str | None
    best_rating: str | None
    worst_rating: str | None
    rating_flag: str | None
    publisher: str | None
    publisher_url: str | None
    review_date: str | None
    speaker_name: str | None
    speaker_role: str | None
    speaker_type: str | None
    claim_date: str | None
    appearance_url: str | None
    language: str | None
    feed: str
    origin: str
    imported_by: str
    imported_at: str


def _details(item: MappedReview) -> tuple[Any, ...]:
    r = item.review
    return (r.rating, r.rating_value, r.best_rating, r.worst_rating, item.flag, r.publisher,
            r.publisher_url, r.review_date, r.speaker_name, r.speaker_role, r.speaker_type,
            r.claim_date, r.appearance_url, r.language)


class ReviewImportQueries(Connection):
    """Imported fact-checks: write idempotently, read back."""

    def import_reviews(self, items: Iterable[MappedReview], *, feed: str,
                       origin: str) -> ImportCounts:
        """Add or refresh each review by its key; return added/updated/unchanged counts."""
        counts = ImportCounts()
        iterator = iter(items)
        while batch := list(islice(iterator, BATCH)):
            with self.write() as conn:
                for item in batch:
                    self._import_one(conn, item, feed, origin, counts)
        return counts

    def _import_one(self, conn: sqlite3.Connection, item: MappedReview, feed: str,
                    origin: str, counts: ImportCounts) -> None:
        review = item.review
        source, external_id = review.key()
        corpus = (review.url, review.claim_text, review.title, item.verdict)
        details = _details(item)
        now = utc_now()
        row = conn.execute(
            "SELECT id, url, text, title, verdict FROM corpus"
            " WHERE source = ? AND external_id = ?", [source, external_id],
        ).fetchone()
        if row is None:
            cursor = conn.execute(
                "INSERT INTO corpus (kind, source, external_id, url, text, title, verdict,"
                " added_at) VALUES ('external', ?, ?, ?, ?, ?, ?, ?)",
                [source, external_id, *corpus, now],
            )
            self._write_details(conn, cursor.lastrowid, details, feed, origin, now)
            counts.added += 1
            return
        corpus_id = row[0]
        stored = conn.execute(_DETAIL_SELECT, [corpus_id]).fetchone()
        if tuple(row[1:]) == corpus and stored is not None and tuple(stored) == details:
            counts.unchanged += 1
            return
        conn.execute(
            "UPDATE corpus SET url = ?, text = ?, title = ?, verdict = ? WHERE id = ?",
            [*corpus, corpus_id],
        )
        self._write_details(conn, corpus_id, details, feed, origin, now)
        counts.updated += 1

    def _write_details(self, conn: sqlite3.Connection, corpus_id: int | None,
                       details: Sequence[Any], feed: str, origin: str, now: str) -> None:
        conn.execute(_DETAIL_INSERT, [corpus_id, *details, feed, origin, self.reviewer, now])

    def external_reviews(self, flagged_only: bool = False) -> Iterator[ExternalReview]:
        """Imported fact-checks in import order, streamed; optionally only flagged ones."""
        where = "WHERE e.rating_flag IS NOT NULL" if flagged_only else ""
        sql = (
            "SELECT c.id AS corpus_id, c.source, c.external_id, c.url, c.text, c.title,"
            f" c.verdict, {', '.join('e.' + col for col in _DETAIL_COLUMNS)}, e.feed,"
            " e.origin, e.imported_by, e.imported_at"
            f" FROM external_reviews e JOIN corpus c ON c.id = e.corpus_id {where}"
            " ORDER BY c.id"
        )
        for row in self.query(sql):
            yield ExternalReview(**row)
