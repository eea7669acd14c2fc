"""Matching in workers: the matches panel and the scan after an import."""

from __future__ import annotations

from typing import Any

from textual import work

from workbench.store import Claim
from workbench.tui.screens.review import ReviewScreen


class MatchJobs:
    """Mixed into :class:`~workbench.tui.app.WorkbenchApp`."""

    def thresholds(self) -> Any:
        from workbench.matching.service import Thresholds

        return Thresholds(self.config.match_suggest, self.config.match_auto_link)

    def find_matches(self, screen: ReviewScreen, claim: Claim) -> None:
        """Fill the matches panel of ``screen`` for ``claim`` (in a worker)."""
        self._matches_worker(screen, claim.id)

    @work(thread=True, exclusive=True, group="matches")
    def _matches_worker(self, screen: ReviewScreen, claim_id: int) -> None:
        try:
            # Imported on first use: nothing of matching loads at start.
            from workbench.matching.service import matches_for_claim

            matches = matches_for_claim(self.store, claim_id, thresholds=self.thresholds())
        except Exception as err:  # noqa: BLE001 - the panel reports it; review goes on
            self.call_from_thread(screen.show_matches, claim_id, None, str(err))
            return
        self.call_from_thread(screen.show_matches, claim_id, matches, None)

    def scan_matches(self, article_id: int) -> None:
        """After an import: look for earlier checked claims like each new claim (in a
        worker), link the near-certain ones, and mark the claims that have matches."""
        self._scan_worker(article_id)

    @work(thread=True, group="match-scan", exit_on_error=False)
    def _scan_worker(self, article_id: int) -> None:
        try:
            from workbench.matching.service import matches_for_claim

            thresholds = self.thresholds()
            found: set[int] = set()
            claims = [row.id for row in self.store.claim_rows(article_id)]
            for claim_id in claims:
                if matches_for_claim(self.store, claim_id, thresholds=thresholds,
                                     auto_link=True):
                    found.add(claim_id)
        except Exception as err:  # noqa: BLE001 - matching is advice; review goes on
            self.call_from_thread(self.notify, f"matching unavailable: {err}",
                                  severity="warning")
            return
        self.call_from_thread(self._scanned, article_id, found, len(claims))

    def _scanned(self, article_id: int, found: set[int], total: int) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen) and screen.article_id == article_id:
                screen.mark_matched(found)
        if found:
            self.notify(f"earlier checked claims resemble {len(found)} of {total} new claims "
                        "(marked ≈)")
