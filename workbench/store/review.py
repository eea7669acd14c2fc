"""SQL for the review TUI: filtered claim lists, progress counts and paged search.

The TUI reads an article's claims as light rows (no article text, no JSON parsing
of values it doesn't show) so a 2,000-claim article lists in milliseconds, and
pages search results with LIMIT/OFFSET so 100,000 matches never load at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from workbench.store.claims import CLAIM_ORDERS, fts_query
from workbench.store.connection import Connection

_LATEST_VERDICT = (
    "(SELECT v.label FROM verdicts v WHERE v.claim_id = c.id ORDER BY v.id DESC LIMIT 1)"
)
_ROW_COLUMNS = f"""
    c.id, c.article_id, c.ordinal, c.text, c.kinds, c.score, c.status,
    {_LATEST_VERDICT} AS verdict
"""


@dataclass(frozen=True)
class ClaimRow:
    """One line of a claim list: enough to draw it, not the claim's details."""

    id: int
    article_id: int
    ordinal: int
    text: str
    kinds: tuple[str, ...]
    score: float
    status: str
    verdict: str | None

    @classmethod
    def from_row(cls, row: dict) -> ClaimRow:
        return cls(
            id=row["id"], article_id=row["article_id"], ordinal=row["ordinal"],
            text=row["text"], kinds=tuple(json.loads(row["kinds"])), score=row["score"],
            status=row["status"], verdict=row["verdict"],
        )


class ReviewQueries(Connection):
    """Reads shaped for the review screens."""

    def claim_rows(
        self,
        article_id: int,
        *,
        status: str | None = None,
        kind: str | None = None,
        verdict: str | None = None,
        order: str = "article",
    ) -> list[ClaimRow]:
        """An article's claims, optionally only one status, kind or verdict.

        ``order`` is a key of :data:`CLAIM_ORDERS`: ``article`` (by ordinal) or
        ``score`` (check-worthiness descending, ties by ordinal). Bounded by one
        article's size, so returned whole.
        """
        if order not in CLAIM_ORDERS:
            raise ValueError(f"unknown claim order {order!r}; one of {', '.join(CLAIM_ORDERS)}")
        where = ["c.article_id = ?"]
        params: list[object] = [article_id]
        if status is not None:
            where.append("c.status = ?")
            params.append(status)
        if kind is not None:
            where.append("EXISTS (SELECT 1 FROM json_each(c.kinds) k WHERE k.value = ?)")
            params.append(kind)
        if verdict is not None:
            where.append(f"{_LATEST_VERDICT} = ?")
            params.append(verdict)
        sql = (f"SELECT {_ROW_COLUMNS} FROM claims c WHERE {' AND '.join(where)}"
               f" ORDER BY {CLAIM_ORDERS[order]}")
        return [ClaimRow.from_row(row) for row in self.query(sql, params)]

    def claim_row(self, claim_id: int) -> ClaimRow | None:
        """One claim's list row (after a write, to redraw just that line)."""
        for row in self.query(f"SELECT {_ROW_COLUMNS} FROM claims c WHERE c.id = ?", [claim_id]):
            return ClaimRow.from_row(row)
        return None

    def review_progress(self, article_id: int) -> tuple[int, int]:
        """``(reviewed, total)`` claims of an article, for the "12/27 reviewed" line."""
        for row in self.query(
            "SELECT count(*) AS total, coalesce(sum(status = 'reviewed'), 0) AS reviewed"
            " FROM claims WHERE article_id = ?",
            [article_id],
        ):
            return row["reviewed"], row["total"]
        return 0, 0

    def count_search(self, text: str) -> int:
        """How many claims of all articles contain every word of ``text``."""
        query = fts_query(text)
        if not query:
            return 0
        for row in self.query(
            "SELECT count(*) AS n FROM claims_fts WHERE claims_fts MATCH ?", [query]
        ):
            return row["n"]
        return 0

    def search_page(self, text: str, *, offset: int = 0, limit: int = 200) -> list[ClaimRow]:
        """One page of search results, newest articles first, in article order.

        Ordered by claim id rather than FTS rank: ranking must score every match
        before the first page appears, which on 100,000 matches costs seconds.
        """
        query = fts_query(text)
        if not query:
            return []
        sql = f"""
            SELECT {_ROW_COLUMNS} FROM claims_fts f JOIN claims c ON c.id = f.rowid
            WHERE claims_fts MATCH ? ORDER BY f.rowid DESC LIMIT ? OFFSET ?
        """
        return [ClaimRow.from_row(row) for row in self.query(sql, [query, limit, offset])]
