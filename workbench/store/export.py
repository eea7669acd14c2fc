"""SQL for exports: one streamed row per claim with its verdict, provenance and matches.

Rows come straight off the cursor (:meth:`Connection.query`), never ``fetchall``:
an export of a million claims holds one row in memory at a time. Sources, approvals
and matches are sparse, so each correlated subquery hides behind an ``EXISTS``
probe: a claim with none of them pays an index lookup, not an aggregate. Sources, their
latest snapshot hash and drift flags, and confirmed matches are folded into JSON
cells by SQLite itself, so each claim is one row without a second query per claim.

*Published* is decided in one place, :data:`PUBLISHED` (used by
:meth:`ExportQueries.published_claim_reviews` and ``--status published``): a
current verdict is published when the database does not require two-person review,
or when a second reviewer agreed with it (same label) or a third resolved a dispute
(``db/004_team_review.sql``) — the same rule as the ``published`` state of
:mod:`workbench.store.team`.

Blind review holds in exports too: a current verdict hidden from the exporting
reviewer (pending, by someone else, blind mode on — :mod:`workbench.store.blind`) is
exported as ``(blind)`` with no note, author or time, and does not match a
``verdict`` filter. It is decided per row in SQL (:data:`_HIDDEN`), so the export
stays one streamed query. ``status`` and ``approved_by`` are unaffected: a pending
verdict is ``reviewed`` and has no approval whoever looks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from workbench.errors import WorkbenchError
from workbench.store.blind import BLIND, BLIND_MODE_SQL, pending_by_other_sql
from workbench.store.connection import Connection

# The columns of an export row, in order: the aliases of _EXPORT_SQL's select list.
EXPORT_COLUMNS = (
    "claim_id", "article_id", "article_title", "article_url", "article_outlet",
    "article_published", "ordinal", "claim_text", "kinds", "values", "score", "status",
    "verdict", "verdict_note", "reviewer", "reviewed_at", "approved_by", "sources",
    "matches",
)
# A claim's place in export order: (article id, ordinal), unique per claim.
ClaimKey = tuple[int, int]

# The current verdict of claim c, joined as v (NULL when none, or withdrawn by undo).
_CURRENT_VERDICT = """
LEFT JOIN verdicts v ON v.id = (SELECT max(id) FROM verdicts WHERE claim_id = c.id)
    AND v.label IS NOT NULL
"""
# A second review agreeing with verdict v, or a third resolving a dispute on it.
_APPROVAL = ("r.verdict_id = v.id"
             " AND (r.kind = 'third' OR (r.kind = 'second' AND r.label = v.label))")

PUBLISHED = f"""(v.id IS NOT NULL AND (
    coalesce((SELECT value = 'on' FROM team_settings WHERE key = 'two_person_review'), 0) = 0
    OR EXISTS (SELECT 1 FROM reviews r WHERE {_APPROVAL})))"""
"""SQL: the current verdict ``v`` of claim ``c`` is published (the one switch to change)."""

STATUSES = ("unreviewed", "reviewed", "published")

# The exporter's view of the settings, computed once per statement (joined as ``bs``).
_BLIND_SETTING = f"CROSS JOIN (SELECT {BLIND_MODE_SQL} AS blind) bs"
# The current verdict v is hidden from reviewer :me by blind review (pending, by
# someone else: workbench.store.blind). Two index probes at most, only when blind
# mode is on.
_HIDDEN = f"(bs.blind AND v.id IS NOT NULL AND {pending_by_other_sql('v')})"

_EXPORT_SQL = f"""
SELECT
    c.id AS claim_id, a.id AS article_id, a.title AS article_title, a.url AS article_url,
    a.outlet AS article_outlet, a.published AS article_published,
    c.ordinal, c.text AS claim_text, c.kinds, c."values", c.score, c.status,
    CASE WHEN {_HIDDEN} THEN '{BLIND}' ELSE v.label END AS verdict,
    CASE WHEN {_HIDDEN} THEN NULL ELSE v.note END AS verdict_note,
    CASE WHEN {_HIDDEN} THEN NULL ELSE v.reviewer END AS reviewer,
    CASE WHEN {_HIDDEN} THEN NULL ELSE v.created_at END AS reviewed_at,
    CASE WHEN EXISTS (SELECT 1 FROM reviews r WHERE r.verdict_id = v.id) THEN
        (SELECT r.reviewer FROM reviews r WHERE {_APPROVAL} ORDER BY r.id DESC LIMIT 1)
    END AS approved_by,
    CASE WHEN EXISTS (SELECT 1 FROM sources WHERE claim_id = c.id) THEN
    (SELECT json_group_array(json_object(
        'url', s.url,
        'sha256', (SELECT ss.sha256 FROM source_snapshots ss
                   WHERE ss.source_id = s.id AND ss.sha256 IS NOT NULL
                   ORDER BY ss.id DESC LIMIT 1),
        'flag', (SELECT group_concat(f.flag, '; ') FROM source_flags f
                 WHERE f.verdict_id = v.id AND f.source_id = s.id)))
     FROM (SELECT id, url FROM sources WHERE claim_id = c.id ORDER BY id) s)
    END AS sources,
    CASE WHEN EXISTS (SELECT 1 FROM match_links WHERE claim_id = c.id) THEN
    (SELECT nullif(json_group_array(json_object(
        'match', m.corpus_id, 'relation', m.relation, 'claim_id', k.claim_id,
        'url', k.url, 'verdict', k.verdict)), '[]')
     FROM match_links m JOIN corpus k ON k.id = m.corpus_id
     WHERE m.claim_id = c.id AND m.action IN ('confirmed', 'reused')
       AND m.id = (SELECT max(l.id) FROM match_links l
                   WHERE l.claim_id = c.id AND l.corpus_id = m.corpus_id))
    END AS matches
FROM claims c
JOIN articles a ON a.id = c.article_id
{_CURRENT_VERDICT}
{_BLIND_SETTING}
{{where}}
ORDER BY c.article_id, c.ordinal
"""
# Bounds of a part of an export (a range of claim keys); the index serves both.
_AFTER = "(c.article_id, c.ordinal) > (:after_article, :after_ordinal)"
_UPTO = "(c.article_id, c.ordinal) <= (:upto_article, :upto_ordinal)"


@dataclass(frozen=True)
class ExportQuery:
    """One export statement and its parameters: plain text and JSON-able values, so
    a helper process (:mod:`workbench.csv_export_worker`) can run it on its own
    connection. Rows come in :data:`EXPORT_COLUMNS` order."""

    sql: str
    params: dict[str, Any]


_CLAIM_REVIEW_SQL = f"""
SELECT
    c.id AS claim_id, c.text AS claim_text, c."values", v.label AS verdict,
    coalesce((SELECT r.created_at FROM reviews r WHERE {_APPROVAL}
              ORDER BY r.id DESC LIMIT 1), v.created_at) AS published_at,
    a.url AS article_url, a.title AS article_title, a.outlet AS article_outlet,
    a.published AS article_published
FROM claims c
JOIN articles a ON a.id = c.article_id
{_CURRENT_VERDICT}
WHERE {PUBLISHED}
ORDER BY c.article_id, c.ordinal
"""


class ExportQueries(Connection):
    """Rows for CSV and ClaimReview exports, streamed from the cursor."""

    def export_query(
        self,
        article_id: int | None = None,
        *,
        status: str | None = None,
        verdict: str | None = None,
        since: str | None = None,
        after: ClaimKey | None = None,
        upto: ClaimKey | None = None,
    ) -> ExportQuery:
        """The export of the claims selected, in article order.

        ``status`` is one of :data:`STATUSES`; ``verdict`` a label (exact spelling);
        ``since`` an ISO timestamp or date: only verdicts given at or after it.
        A verdict blind review hides from this reviewer reads ``(blind)`` (see the
        module docstring) and is not selected by ``verdict`` or ``since``.
        ``after`` and ``upto`` bound a part of it by claim key (see
        :meth:`export_split_keys`): keys above ``after``, up to and including ``upto``.
        """
        where: list[str] = []
        params: dict[str, Any] = {"me": self.reviewer}
        if article_id is not None:
            where.append("c.article_id = :article_id")
            params["article_id"] = article_id
        if status == "published":
            where.append(PUBLISHED)
        elif status is not None:
            if status not in STATUSES:
                raise WorkbenchError(f"unknown status {status!r}; choose one of: "
                                     + ", ".join(STATUSES))
            where.append("c.status = :status")
            params["status"] = status
        if verdict is not None:
            where.append(f"v.label = :verdict AND NOT {_HIDDEN}")
            params["verdict"] = verdict
        if since is not None:
            where.append(f"v.created_at >= :since AND NOT {_HIDDEN}")
            params["since"] = since
        if after is not None:
            where.append(_AFTER)
            params["after_article"], params["after_ordinal"] = after
        if upto is not None:
            where.append(_UPTO)
            params["upto_article"], params["upto_ordinal"] = upto
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        return ExportQuery(_EXPORT_SQL.format(where=clause), params)

    def export_split_keys(self, article_id: int | None, parts: int, *,
                          min_claims: int = 0) -> list[ClaimKey]:
        """Claim keys cutting the claims (of one article, or all) into ``parts`` runs
        of equal size, for :meth:`export_query`'s ``after``/``upto``; fewer when there
        are fewer claims than parts, none below ``min_claims`` claims. Index walks
        only, no table rows read (40 ms for a million claims)."""
        where, params = ("WHERE article_id = ?", [article_id]) if article_id is not None \
            else ("", [])
        with self.read() as conn:
            total = conn.execute(f"SELECT count(*) FROM claims {where}", params).fetchone()[0]
            runs = min(parts, total) if total >= min_claims else 0
            keys: list[ClaimKey] = []
            for run in range(1, runs):  # the last key of each run but the last
                key = conn.execute(
                    f"SELECT article_id, ordinal FROM claims {where}"
                    " ORDER BY article_id, ordinal LIMIT 1 OFFSET ?",
                    [*params, total * run // runs - 1]).fetchone()
                keys.append((key[0], key[1]))
        return keys

    def export_tuples(self, query: ExportQuery) -> Iterator[tuple[Any, ...]]:
        """The rows of ``query`` as tuples (:data:`EXPORT_COLUMNS` order), streamed:
        a CSV export of a million claims skips building a million dicts."""
        yield from self.tuples(query.sql, query.params)

    def export_rows(
        self,
        article_id: int | None = None,
        *,
        status: str | None = None,
        verdict: str | None = None,
        since: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """One dict per claim, in article order, optionally filtered (see
        :meth:`export_query`); never fetched whole."""
        query = self.export_query(article_id, status=status, verdict=verdict, since=since)
        yield from self.query(query.sql, query.params)

    def published_claim_reviews(self) -> Iterator[dict[str, Any]]:
        """The claims whose current verdict is published (see :data:`PUBLISHED`), with
        what a ClaimReview needs, in article order, streamed."""
        yield from self.query(_CLAIM_REVIEW_SQL)
