"""Other reviewers: live updates from other connections and presence."""

from __future__ import annotations

from workbench.store import Presence
from workbench.tui.live import LiveUpdate
from workbench.tui.screens.review.base import ReviewBase
from workbench.tui.widgets.detail import ClaimDetail


class LiveFollowing(ReviewBase):
    """Reloads what another process committed; shows who else is here."""

    def show_presence(self, claim_id: int | None, others: list[Presence]) -> None:
        """Others on ``claim_id`` (from the app's presence worker)."""
        if claim_id is not None and claim_id == self.shown_claim_id:
            self.query_one(ClaimDetail).show_presence(others)

    def live_update(self, update: LiveUpdate) -> None:
        """Another process committed: reload what it changed (from the app's poll)."""
        detail = self.query_one(ClaimDetail)
        detail.show_presence(self.app.others_on(self.shown_claim_id))
        if update.settings_changed:
            self.load_rows()  # the reloaded list puts its cursor back: the detail follows
            return
        if update.changed:
            listed = {r.id for r in self.claim_list.rows}
            self.reload_claims([c for c in update.claim_ids if c in listed])
