"""SQL for the append-only verdict history."""

from __future__ import annotations

from workbench.errors import WorkbenchError
from workbench.store.connection import Connection, utc_now
from workbench.store.records import Verdict
from workbench.store.team import check_expected_verdict


class VerdictQueries(Connection):
    """Verdicts: append, undo, history. No statement here updates or deletes a row."""

    def _require_claim(self, conn, claim_id: int) -> None:  # noqa: ANN001 (sqlite3.Connection)
        if conn.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id]).fetchone() is None:
            raise WorkbenchError(f"no claim with id {claim_id}")

    def add_verdict(self, claim_id: int, label: str, note: str | None = None, *,
                    expected_verdict_id: int | None = None) -> int:
        """Append a verdict for a claim and mark it reviewed; return the new row's id.

        ``expected_verdict_id``: the verdict id the caller loaded (0: none) — if the
        claim's latest verdict is another one, :class:`VerdictConflict` is raised
        and nothing is written, so no colleague is silently overwritten.
        """
        with self.write() as conn:
            self._require_claim(conn, claim_id)
            check_expected_verdict(conn, claim_id, expected_verdict_id, label, note)
            cursor = conn.execute(
                "INSERT INTO verdicts (claim_id, label, note, reviewer, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [claim_id, label, note, self.reviewer, utc_now()],
            )
            conn.execute("UPDATE claims SET status = 'reviewed' WHERE id = ?", [claim_id])
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def undo_verdict(self, claim_id: int) -> Verdict:
        """Undo a claim's latest verdict by appending a row that restores the one before.

        History keeps both the undone verdict and the undo; undoing again walks further
        back. Returns the new row, whose label is None when no verdict is left.
        """
        with self.write() as conn:
            self._require_claim(conn, claim_id)
            rows = conn.execute(
                "SELECT id, label, note, undoes FROM verdicts WHERE claim_id = ? ORDER BY id",
                [claim_id],
            ).fetchall()
            standing = _standing_verdicts(rows)
            if not standing:
                raise WorkbenchError(f"claim {claim_id} has no verdict to undo")
            undone_id = standing.pop()[0]
            label, note = (standing[-1][1], standing[-1][2]) if standing else (None, None)
            cursor = conn.execute(
                "INSERT INTO verdicts (claim_id, label, note, reviewer, created_at, undoes)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [claim_id, label, note, self.reviewer, utc_now(), undone_id],
            )
            status = "unreviewed" if label is None else "reviewed"
            conn.execute("UPDATE claims SET status = ? WHERE id = ?", [status, claim_id])
            row = conn.execute(
                "SELECT id, claim_id, label, note, reviewer, created_at, undoes"
                " FROM verdicts WHERE id = ?",
                [cursor.lastrowid],
            ).fetchone()
            return Verdict(*row)

    def verdict_history(self, claim_id: int) -> list[Verdict]:
        """Every verdict row of a claim, oldest first (bounded: one claim's history)."""
        rows = self.query(
            "SELECT id, claim_id, label, note, reviewer, created_at, undoes FROM verdicts"
            " WHERE claim_id = ? ORDER BY id",
            [claim_id],
        )
        return [Verdict(**row) for row in rows]


def _standing_verdicts(rows: list[tuple]) -> list[tuple]:
    """The stack of verdicts still in force, from history rows oldest first.

    A row with ``undoes`` set pops the stack; any other row pushes onto it.
    """
    stack: list[tuple] = []
    for row in rows:
        if row[3] is None:
            stack.append(row)
        elif stack:
            stack.pop()
    return stack
