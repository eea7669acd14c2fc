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

    def claims(self, article_id: int | None = None) -> Iterator[Claim]:
        """Claims of one article (or of all), in article order."""
        if article_id is None:
            sql = f"SELECT {_CLAIM_COLUMNS} FROM claims c ORDER BY c.article_id, c.ordinal"
            params: list[object] = []
        else:
            sql = (f"SELECT {_CLAIM_COLUMNS} FROM claims c WHERE c.article_id = ?"
                   " ORDER BY c.ordinal")
            params = [article_id]
        for row in self.query(sql, params):
            yield Claim.from_row(row)

    def claim(self, claim_id: int) -> Claim:
        """One claim, or a :class:`WorkbenchError` naming the unknown id."""
        for row in self.query(f"SELECT {_CLAIM_COLUMNS} FROM claims c WHERE c.id = ?",
                              [claim_id]):
            return Claim.from_row(row)
        raise WorkbenchError(f"no claim with id {claim_id}")
