"""SQL for reading claims: by article, by id, and full-text search."""

from __future__ import annotations

import re
from collections.abc import Iterator

from workbench.errors import WorkbenchError
from workbench.store.connection import Connection
from workbench.store.records import Claim

_CLAIM_COLUMNS = """
    c.id, c.article_id, c.ordinal, c.text, c.start, c."end", c.kinds, c.score,
    c.reasons, c."values", c.status,
    (SELECT v.label FROM verdicts v WHERE v.claim_id = c.id ORDER BY v.id DESC LIMIT 1)
        AS verdict
"""
CLAIM_ORDERS = {
    "score": "c.score DESC, c.article_id, c.ordinal",
    "article": "c.article_id, c.ordinal",
}
"""Orders of a claim list: most check-worthy first (ties in article order), or article order.

A reviewer before a deadline reads the top of the list first, so ``score`` is the
default wherever claims are listed for people."""
_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """Turn free text into a safe FTS5 query: each word quoted, all required.

    Quoting every token means user input can never be parsed as FTS5 syntax
    (``NEAR``, ``*``, column filters, unbalanced quotes).
    """
    words = _WORD.findall(text)
    return " ".join(f'"{w}"' for w in words)


class ClaimQueries(Connection):
    """Claims: list and fetch (full-text search is :meth:`ReviewQueries.search_page`)."""

    def claims(self, article_id: int | None = None, order: str = "article"
               ) -> Iterator[Claim]:
        """Claims of one article (or of all), streamed in ``order`` (see CLAIM_ORDERS)."""
        if order not in CLAIM_ORDERS:
            raise ValueError(f"unknown claim order {order!r}; one of {', '.join(CLAIM_ORDERS)}")
        where, params = (("WHERE c.article_id = ?", [article_id]) if article_id is not None
                         else ("", []))
        sql = f"SELECT {_CLAIM_COLUMNS} FROM claims c {where} ORDER BY {CLAIM_ORDERS[order]}"
        for row in self.query(sql, params):
            yield Claim.from_row(row)

    def claim(self, claim_id: int) -> Claim:
        """One claim, or a :class:`WorkbenchError` naming the unknown id."""
        for row in self.query(f"SELECT {_CLAIM_COLUMNS} FROM claims c WHERE c.id = ?",
                              [claim_id]):
            return Claim.from_row(row)
        raise WorkbenchError(f"no claim with id {claim_id}")
