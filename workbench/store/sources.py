"""SQL for sources attached to claims."""

from __future__ import annotations

import sqlite3

from workbench.store.connection import Connection, require_claim, utc_now
from workbench.store.records import Source


def insert_source(conn: sqlite3.Connection, claim_id: int, url: str, note: str | None,
                  quote: str | None, reviewer: str) -> int:
    """Attach a source to an existing claim inside the caller's transaction; its id."""
    require_claim(conn, claim_id)
    cursor = conn.execute(
        "INSERT INTO sources (claim_id, url, note, quote, added_by, added_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [claim_id, url, note, quote, reviewer, utc_now()],
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


class SourceQueries(Connection):
    """Sources: attach to a claim, list."""

    def add_source(
        self, claim_id: int, url: str, note: str | None = None, quote: str | None = None
    ) -> int:
        """Attach a source to a claim; return the source id."""
        with self.write() as conn:
            return insert_source(conn, claim_id, url, note, quote, self.reviewer)

    def sources(self, claim_id: int) -> list[Source]:
        """The sources of one claim, oldest first."""
        rows = self.query(
            "SELECT id, claim_id, url, note, quote, added_by, added_at FROM sources"
            " WHERE claim_id = ? ORDER BY id",
            [claim_id],
        )
        return [Source(**row) for row in rows]
