"""Other reviewers: live updates from other connections and presence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from workbench.store import Presence, Store
from workbench.tui.live import LiveUpdate, SourceMarks
from workbench.tui.screens.review.base import ReviewBase
from workbench.tui.widgets.detail import ClaimDetail

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp


class LiveFollowing(ReviewBase):
    """Reloads what another process committed; shows who else is here."""

    def show_presence(self, claim_id: int | None, others: list[Presence]) -> None:
        """Others on ``claim_id`` (from the app's presence worker, maybe late)."""
        if self.dismissed:
            return
        if claim_id is not None and claim_id == self.shown_claim_id:
            self.query_one(ClaimDetail).show_presence(others)

    def live_update(self, update: LiveUpdate) -> None:
        """Another process committed: reload what it changed (from the app's poll,
        which may still list a screen the exiting app is removing)."""
        if self.dismissed:
            return
        detail = self.query_one(ClaimDetail)
        detail.show_presence(self.app.others_on(self.shown_claim_id))
        if update.settings_changed:
            self.load_rows()  # the reloaded list puts its cursor back: the detail follows
            return
        reloading: set[int] = set()
        if update.changed:
            listed = {r.id for r in self.claim_list.rows}
            reloading = {c for c in update.claim_ids if c in listed}
            self.reload_claims(sorted(reloading))
        shown = self.shown_claim_id
        if shown is not None and shown not in reloading and self.shown_source_marks:
            self._check_sources(self.app, shown, self.shown_source_marks)

    @work(thread=True, exclusive=True, group="review-sources", exit_on_error=False)
    def _check_sources(self, app: WorkbenchApp, claim_id: int, drawn: SourceMarks) -> None:
        """A refetch elsewhere logs nothing: compare the shown claim's snapshot and
        flag ids with the drawn ones, and read the detail again only if they moved.
        ``app`` comes from the UI thread (see :attr:`ReviewBase.dismissed`). Run on
        other sessions' commits, unasked: like the poll, a failed look ends quietly
        and the next commit looks again."""
        store: Store = app.store
        if store.source_marks(claim_id) != drawn:
            app.call_from_thread(self._sources_moved, claim_id)

    def _sources_moved(self, claim_id: int) -> None:
        if not self.dismissed and claim_id == self.shown_claim_id:
            self.load_detail(claim_id)
