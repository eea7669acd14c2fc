"""The review screen: claim list beside the detail pane; one key sets a verdict.

Assembled from one class per concern: :class:`ReviewBase` (state, list and detail
loading), :class:`VerdictFlow`, :class:`SourceActions`, :class:`MatchActions` and
:class:`LiveFollowing`; this module adds the layout, filters, order and navigation.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, Static

from workbench.extraction.model import KINDS
from workbench.text_safety import printable
from workbench.tui.keymap import textual_bindings
from workbench.tui.screens.prompts import ChoicePrompt, TextPrompt
from workbench.tui.screens.review.base import ReviewBase
from workbench.tui.screens.review.matches import MatchActions
from workbench.tui.screens.review.sources import SourceActions
from workbench.tui.screens.review.team import LiveFollowing
from workbench.tui.screens.review.verdicts import VerdictFlow
from workbench.tui.widgets.claim_list import ClaimList
from workbench.tui.widgets.detail import ClaimDetail
from workbench.tui.widgets.top_bar import TopBar


class ReviewScreen(VerdictFlow, SourceActions, MatchActions, LiveFollowing, ReviewBase):
    """One article's claims: review them with single keys."""

    SCOPE = "review"
    BINDINGS = textual_bindings("review")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    """Below 100 columns the list takes more of the width (``workbench.tcss``)."""

    def compose(self) -> ComposeResult:
        yield TopBar(self.app.identity, f"article {self.article_id}", id="review-top")
        yield Static(id="review-status")
        yield Static(self._legend(), id="review-legend")
        with Horizontal(id="review-main"):
            yield ClaimList(id="claim-list")
            yield ClaimDetail(id="claim-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.order = self.app.review_order
        self.query_one(ClaimList).focus()
        self.load_rows(keep_claim_id=self.focus_claim_id)

    def _legend(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for n, label in enumerate(self.app.config.scale[:9], start=1):
            key = self.app.key_display(f"verdict-{n}")
            text.append(f"{key}", style="bold reverse")
            text.append(f" {printable(label)}  ")
        return text

    # Filters and navigation ------------------------------------------------------------

    def action_filter(self, kind: str, value: str | None = None) -> None:
        self.filter_kind, self.filter_value = kind, value
        self.load_rows()

    def action_filter_kind(self) -> None:
        self.app.push_screen(ChoicePrompt("Show claims of kind", KINDS),
                             lambda kind: kind and self.action_filter("kind", kind))

    def action_filter_verdict(self) -> None:
        self.app.push_screen(ChoicePrompt("Show claims with verdict", self.app.config.scale),
                             lambda label: label and self.action_filter("verdict", label))

    def action_toggle_sort(self) -> None:
        """Most check-worthy first ⇄ article order; the cursor stays on its claim."""
        self.order = "article" if self.order == "score" else "score"
        self.app.review_order = self.order  # the next article opens in the same order
        self.load_rows()

    def action_jump(self) -> None:
        total = self.progress[1]

        def problem(value: str) -> str | None:
            if not value.isdigit() or not 1 <= int(value) <= total:
                return f"give a claim number from 1 to {total}"
            return None

        self.app.push_screen(TextPrompt(f"Jump to claim number (1–{total})", validate=problem),
                             lambda value: value and self._jump(int(value)))

    def _jump(self, ordinal: int) -> None:
        claim_list = self.claim_list
        index = next((i for i, r in enumerate(claim_list.rows) if r.ordinal == ordinal), None)
        if index is not None:
            claim_list.cursor = index
            return
        self.filter_kind, self.filter_value = "all", None
        self.load_rows(ordinal=ordinal)

    def action_refresh(self) -> None:
        self.load_rows()  # the reloaded list puts its cursor back: the detail follows

    def action_back(self) -> None:
        self.app.set_presence(None)  # browsing again, on no claim
        self.app.pop_screen()

    def action_search(self) -> None:
        self.app.open_search()

    def action_export_csv(self) -> None:
        self.app.prompt_export(self.article_id)

    # Clipboard -------------------------------------------------------------------------

    def action_copy_claim(self) -> None:
        row = self.claim_list.current
        if row is not None:
            self.app.copy_to_clipboard(printable(row.text))
            self.notify(f"copied claim {row.ordinal} to the clipboard (OSC 52)")

    def action_copy_url(self) -> None:
        url = self.current_sources[-1] if self.current_sources else self.article_url
        if not url:
            self.notify("no source or article URL to copy", severity="warning")
            return
        self.app.copy_to_clipboard(printable(url))
        self.notify("copied the URL to the clipboard (OSC 52)")
