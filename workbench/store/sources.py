"""SQL for sources attached to claims."""

from __future__ import annotations

from workbench.store.connection import Connection, require_claim, utc_now
from workbench.store.records import Source


class SourceQueries(Connection):
    """Sources: attach to a claim, list."""

    def add_source(
        self, claim_id: int, url: str, note: str | None = None, quote: str | None = None
    ) -> int:
        """Attach a source to a claim; return the source id."""
        with self.write() as conn:
            require_claim(conn, claim_id)
            cursor = conn.execute(
                "INSERT INTO sources (claim_id, url, note, quote, added_by, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [claim_id, url, note, quote, self.reviewer, utc_now()],
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def sources(self, claim_id: int) -> list[Source]:
        """The sources of one claim, oldest first."""
        rows = self.query(
            "SELECT id, claim_id, url, note, quote, added_by, added_at FROM sources"
            " WHERE claim_id = ? ORDER BY id",
            [claim_id],
        )
        return [Source(**row) for row in rows]
