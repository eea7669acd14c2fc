"""SQL for the audit log: every change, who, when, before and after.

Rows are written by triggers (``db/004_team_review.sql``), so every code path that
changes reviewed data is logged in the same transaction, including paths written
later by someone who never heard of the log. Triggers cannot know the OS account of
a process, so for changes whose row does not name its author (an edit, a delete)
the store records the writer in ``audit_actor`` for the duration of each write
transaction. The log itself is append-only, enforced by triggers.

Blind two-person review applies to the log as to every other view: while a claim's
current verdict is hidden from this reviewer (pending, by someone else, blind mode
on: the rule of :mod:`workbench.store.blind`), the labels and notes in that claim's
verdict and review entries read ``(blind)``. All of the claim's entries, not only
the hidden verdict's own: an earlier verdict or an undo by the same author would
otherwise give the hidden label away (``workbench history`` refuses for the same
reason).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from workbench.store.blind import BLIND, BLIND_MODE_SQL, pending_by_other_sql
from workbench.store.connection import Connection

# 1 when audit row ``a`` shows a verdict hidden from reviewer :me by blind review
# (:mod:`workbench.store.blind`): its claim's current verdict is pending and by
# someone else. The settings subquery is uncorrelated (evaluated once per
# statement), so with blind mode off no row pays for the rest.
_HIDDEN_SQL = f"""(
    {BLIND_MODE_SQL}
    AND a.entity IN ('verdicts', 'reviews') AND a.claim_id IS NOT NULL
    AND EXISTS (
        SELECT 1 FROM verdicts v
        WHERE v.id = (SELECT max(id) FROM verdicts WHERE claim_id = a.claim_id)
          AND {pending_by_other_sql("v")}))"""
_MASKED_KEYS = ("label", "note")


@dataclass(frozen=True)
class Change:
    """One audit-log row; ``before``/``after`` are decoded JSON (None: nothing)."""

    id: int
    at: str
    reviewer: str
    action: str
    entity: str
    entity_id: int | None
    claim_id: int | None
    before: Any
    after: Any
    hidden: bool = False  # labels and notes masked by blind review

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Change:
        hidden = bool(row.get("hidden"))
        decoded = {k: _masked(json.loads(row[k]), hidden) if row[k] is not None else None
                   for k in ("before", "after")}
        return cls(**{**row, **decoded, "hidden": hidden})


def _masked(value: Any, hidden: bool) -> Any:
    """A before/after value with its verdict label and note replaced by ``(blind)``."""
    if not hidden or not isinstance(value, dict):
        return value
    return {k: BLIND if k in _MASKED_KEYS and v is not None else v for k, v in value.items()}


class AuditQueries(Connection):
    """The audit log: read it, follow it, and name the writer for its triggers."""

    def _begin_write(self, conn: sqlite3.Connection) -> None:
        """Name this reviewer as the writer of the transaction just begun."""
        conn.execute("INSERT OR REPLACE INTO audit_actor (id, reviewer) VALUES (1, ?)",
                     [self.reviewer])

    def _end_write(self, conn: sqlite3.Connection) -> None:
        """Forget the writer before COMMIT, so a change made outside workbench is
        never attributed to the last reviewer who used it."""
        conn.execute("DELETE FROM audit_actor")

    def audit_log(
        self,
        *,
        claim_id: int | None = None,
        reviewer: str | None = None,
        since: str | None = None,
        after_id: int = 0,
        limit: int | None = None,
    ) -> Iterator[Change]:
        """Audit rows, oldest first, filtered; streamed, never fetched whole.

        ``since`` is a timestamp as made by
        :func:`workbench.timestamps.normalise_since`. Entries of a claim
        whose verdict blind review hides from this reviewer have their labels and
        notes masked (``hidden`` set), in SQL, so following the log stays one query.
        """
        where = ["a.id > :after_id"]
        params: dict[str, Any] = {"after_id": after_id, "me": self.reviewer}
        if claim_id is not None:
            where.append("a.claim_id = :claim_id")
            params["claim_id"] = claim_id
        if reviewer is not None:
            where.append("a.reviewer = :reviewer")
            params["reviewer"] = reviewer
        if since is not None:
            where.append("a.at >= :since")
            params["since"] = since
        sql = ("SELECT a.id, a.at, a.reviewer, a.action, a.entity, a.entity_id, a.claim_id,"
               f" a.before, a.after, {_HIDDEN_SQL} AS hidden"
               f" FROM audit_log a WHERE {' AND '.join(where)} ORDER BY a.id")
        if limit is not None:
            sql += " LIMIT :limit"
            params["limit"] = limit
        for row in self.query(sql, params):
            yield Change.from_row(row)

    def latest_change_id(self) -> int:
        """The id of the newest audit row (0 if none): the cursor to start following."""
        for row in self.query("SELECT coalesce(max(id), 0) AS id FROM audit_log"):
            return row["id"]
        return 0

    def changes_since(self, change_id: int, limit: int = 1000) -> tuple[list[Change], int]:
        """Changes after cursor ``change_id`` and the new cursor.

        For live views: when :meth:`data_version` moves, call this with the last
        cursor and reload only the claims named in the changes (``claim_id``).
        Presence (who is on which claim) is not logged; re-read :meth:`presence`.
        """
        changes = list(self.audit_log(after_id=change_id, limit=limit))
        return changes, (changes[-1].id if changes else change_id)
