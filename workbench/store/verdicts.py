"""SQL for the append-only verdict history."""

from __future__ import annotations

import sqlite3

from workbench.errors import WorkbenchError
from workbench.store.connection import Connection, require_claim, utc_now
from workbench.store.records import Verdict
from workbench.store.team import check_expected_verdict


class VerdictQueries(Connection):
    """Verdicts: append, undo, history. No statement here updates or deletes a row."""

    def add_verdict(self, claim_id: int, label: str, note: str | None = None, *,
                    expected_verdict_id: int | None = None) -> int:
        """Append a verdict for a claim and mark it reviewed; return the new row's id.

        ``expected_verdict_id``: the verdict id the caller loaded (0: none) — if the
        claim's latest verdict is another one, :class:`VerdictConflict` is raised
        and nothing is written, so no colleague is silently overwritten.
        """
        with self.write() as conn:
            require_claim(conn, claim_id)
            check_expected_verdict(conn, claim_id, expected_verdict_id, label, note)
            cursor = conn.execute(
                "INSERT INTO verdicts (claim_id, label, note, reviewer, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [claim_id, label, note, self.reviewer, utc_now()],
            )
            conn.execute("UPDATE claims SET status = 'reviewed' WHERE id = ?", [claim_id])
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def undo_verdict(self, claim_id: int, *, expected_verdict_id: int | None = None
                     ) -> Verdict:
        """Undo your latest verdict on a claim by appending a row that restores the one
        before it; return the new row (label None when no verdict is left).

        History keeps both the undone verdict and the undo; undoing again walks further
        back. Rules, checked inside the write transaction:

        * ``expected_verdict_id`` (as for :meth:`add_verdict`: the verdict id the caller
          loaded, 0 for none) raises :class:`VerdictConflict` if the claim's latest
          verdict row is another one, so an undo never removes a verdict the caller
          has not seen.
        * Only the author of the verdict in force may undo it: an undo is a correction
          of one's own work, not a way to withdraw a colleague's verdict silently
          (they can be overruled openly with a verdict of one's own, which the history
          and the audit log show as such).
        * In two-person review, an undo that would put back a *colleague's* verdict is
          refused. The restoring row is written by (and audited as) the reviewer who
          ran undo, and review state reads the author of a verdict from its row; so the
          colleague could then "second" their own verdict. Attributing restored rows to
          their original author would need every reader of review state (the team
          queries, the export's PUBLISHED rule, the corpus triggers) to walk the undo
          chain; refusing keeps "a verdict row's reviewer is its author" true for
          review purposes. Set the verdict you mean instead (it is then yours and
          needs a second reviewer like any other). Restoring one's own earlier verdict,
          or withdrawing the only one, is allowed; the restored verdict is pending
          again (the row is new), so it needs a second review even if the original had
          one.
        """
        with self.write() as conn:
            require_claim(conn, claim_id)
            rows = conn.execute(
                "SELECT id, label, note, undoes, reviewer FROM verdicts WHERE claim_id = ?"
                " ORDER BY id",
                [claim_id],
            ).fetchall()
            standing = _standing_verdicts(rows)
            restored = standing[-2] if len(standing) > 1 else None
            label, note = (restored[1], restored[2]) if restored else (None, None)
            check_expected_verdict(conn, claim_id, expected_verdict_id, label, note)
            if not standing:
                raise WorkbenchError(f"claim {claim_id} has no verdict to undo")
            undone_id, _, _, _, author = standing[-1]
            if author != self.reviewer:
                raise WorkbenchError(
                    f"the verdict on claim {claim_id} (verdict {undone_id}) is {author}'s; "
                    "you can undo only your own — set a verdict of your own instead"
                )
            if restored is not None and restored[4] != self.reviewer and _two_person(conn):
                raise WorkbenchError(
                    f"undo on claim {claim_id} would restore {restored[4]}'s verdict "
                    f"{restored[1]!r} under your name, and two-person review needs its "
                    "author to be known; set the verdict you mean instead"
                )
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


def _two_person(conn: sqlite3.Connection) -> bool:
    """Whether the database requires two-person review, read in the caller's transaction."""
    row = conn.execute(
        "SELECT value FROM team_settings WHERE key = 'two_person_review'").fetchone()
    return bool(row and row[0] == "on")


def _standing_verdicts(rows: list[tuple]) -> list[tuple]:
    """The stack of verdicts still in force, from history rows oldest first.

    A row with ``undoes`` set pops the stack; any other row pushes onto it, so the
    stack holds only rows written as verdicts, each with its true author.
    """
    stack: list[tuple] = []
    for row in rows:
        if row[3] is None:
            stack.append(row)
        elif stack:
            stack.pop()
    return stack
