"""Attaching and refetching a claim's sources from the review screen."""

from __future__ import annotations

from workbench.store.review import ClaimRow
from workbench.tui.screens.prompts import SourceForm
from workbench.tui.screens.review.base import ReviewBase


class SourceActions(ReviewBase):
    """``s`` attaches a source (fetched behind a dialog), ``f`` refetches."""

    def action_add_source(self) -> None:
        row = self.claim_list.current
        if row is None:
            return
        self.app.push_screen(SourceForm(), lambda result: self._source_given(row, result))

    def _source_given(self, row: ClaimRow, result: tuple[str, str | None, str | None] | None
                      ) -> None:
        if result is None:
            return
        url, note, quote = result
        self.app.fetch_source(row.id, url, note, quote, lambda _: self.reload_claims([row.id]))

    def action_refresh_sources(self) -> None:
        row = self.claim_list.current
        if row is not None:
            self.app.refresh_sources(row.id, lambda _: self.reload_claims([row.id]))

