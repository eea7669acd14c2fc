"""SQL for exports: one streamed row per claim with its current verdict and sources."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from workbench.store.connection import Connection

_EXPORT_SQL = """
SELECT
    c.id AS claim_id, a.id AS article_id, a.title AS article_title, a.url AS article_url,
    a.outlet AS article_outlet, a.published AS article_published,
    c.ordinal, c.text AS claim_text, c.kinds, c."values", c.score, c.status,
    v.label AS verdict, v.note AS verdict_note, v.reviewer AS reviewer,
    v.created_at AS reviewed_at,
    (SELECT group_concat(s.url, ' ') FROM (
        SELECT url FROM sources WHERE claim_id = c.id ORDER BY id) s) AS sources
FROM claims c
JOIN articles a ON a.id = c.article_id
LEFT JOIN verdicts v ON v.id = (
    SELECT id FROM verdicts WHERE claim_id = c.id ORDER BY id DESC LIMIT 1)
{where}
ORDER BY c.article_id, c.ordinal
"""


class ExportQueries(Connection):
    """Rows for CSV and other exports, streamed from the cursor."""

    def export_rows(self, article_id: int | None = None) -> Iterator[dict[str, Any]]:
        """One dict per claim (optionally of one article), never fetched whole."""
        if article_id is None:
            yield from self.query(_EXPORT_SQL.format(where=""))
        else:
            yield from self.query(_EXPORT_SQL.format(where="WHERE c.article_id = ?"), [article_id])
