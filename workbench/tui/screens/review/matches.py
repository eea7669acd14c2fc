"""The matches panel: suggestions for the shown claim, confirm/reject/reuse."""

from __future__ import annotations

from typing import Any

from workbench.store import Store
from workbench.store.review import ClaimRow
from workbench.text_safety import printable
from workbench.tui.screens.review.base import ReviewBase, WriteResult
from workbench.tui.widgets.detail import MatchesPanel


class MatchActions(ReviewBase):
    """Fills the matches panel and links the highlighted match."""

    def show_matches(self, claim_id: int, matches: list | None, error: str | None) -> None:
        """Matches for ``claim_id`` arrived; shown only if it is still the claim shown
        on a screen still open (a lookup can outlive the screen that asked)."""
        if self.dismissed or claim_id != self.shown_claim_id:
            return
        panel = self.query_one(MatchesPanel)
        if error is not None:
            panel.show_unavailable(error)
        else:
            keep = getattr(panel.highlighted, "corpus_id", None)
            panel.show_matches(matches or [], keep=keep)
            if matches:
                self.claim_list.mark_matched({claim_id})

    def mark_matched(self, claim_ids: set[int]) -> None:
        self.claim_list.mark_matched(claim_ids)

    def _highlighted_match(self) -> tuple[ClaimRow, Any] | None:
        row = self.claim_list.current
        match = self.query_one(MatchesPanel).highlighted
        if row is None or match is None or row.id != self.shown_claim_id:
            self.notify("no match highlighted for this claim", severity="warning")
            return None
        return row, match

    def action_match_next(self) -> None:
        self.query_one(MatchesPanel).move(1)

    def action_match_confirm(self) -> None:
        self._link("confirm")

    def action_match_reject(self) -> None:
        self._link("reject")

    def action_match_reuse(self) -> None:
        self._link("reuse")

    def _link(self, how: str) -> None:
        target = self._highlighted_match()
        if target is None:
            return
        row, match = target
        if how == "reuse" and not match.verdict:
            self.notify("this match has no verdict to reuse", severity="warning")
            return

        def write(store: Store) -> WriteResult:
            if how == "confirm":
                store.confirm_match(row.id, match.corpus_id, match.relation, match.score)
            elif how == "reject":
                store.reject_match(row.id, match.corpus_id, match.relation, match.score)
            else:
                self._saw_verdicts([(row.id, store.reuse_verdict(row.id, match.corpus_id))])
            return self._read_back(store, row.id)

        def done(result: WriteResult) -> None:
            self._after_write(*result)  # reloads the detail, so the panel shows the decision
            said = {"confirm": "confirmed", "reject": "rejected (no longer suggested)",
                    "reuse": f"reused its verdict “{printable(match.verdict or '')}” and sources"}
            self.notify(f"claim {row.ordinal}: match {match.corpus_id} {said[how]}")

        self.app.submit_write(write, done)

