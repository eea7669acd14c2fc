"""The review screen: claim list beside the detail pane; one key sets a verdict.

Reads run in exclusive thread workers (a newer cursor move or filter supersedes an
older read). Writes go through :meth:`WorkbenchApp.submit_write`, which runs them
in order on worker threads; the list is updated at once (optimistically) so the
reviewer never waits on the database between two verdict keys.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from workbench.extraction.model import KINDS
from workbench.store import Store
from workbench.store.review import ClaimRow
from workbench.text_safety import printable
from workbench.tui.keymap import textual_bindings
from workbench.tui.screens.prompts import ChoicePrompt, SourceForm, TextPrompt
from workbench.tui.widgets.claim_list import ClaimList
from workbench.tui.widgets.detail import ClaimDetail, ClaimDetails, MatchesPanel
from workbench.tui.widgets.top_bar import TopBar

DETAIL_DELAY = 0.04
"""Seconds the cursor must rest before the detail pane loads (holding ↓ stays smooth)."""


def filter_label(kind: str, value: str | None) -> str:
    return {"all": "all claims", "unreviewed": "unreviewed"}.get(kind, f"{kind}: {value}")


class ReviewScreen(Screen):
    """One article's claims: review them with single keys."""

    SCOPE = "review"
    BINDINGS = textual_bindings("review")

    def __init__(self, article_id: int, focus_claim_id: int | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.focus_claim_id = focus_claim_id
        self.filter_kind = "all"
        self.filter_value: str | None = None
        self.article_title = ""
        self.article_url: str | None = None
        self.article_text: str | None = None
        self.progress = (0, 0)
        self.pending_note: str | None = None
        self.my_verdicts: list[int] = []
        self.shown_claim_id: int | None = None
        self.current_sources: list[str] = []
        self._detail_timer: Timer | None = None
        self._first_load = True

    def compose(self) -> ComposeResult:
        yield TopBar(self.app.identity, f"article {self.article_id}", id="review-top")
        yield Static(id="review-status")
        yield Static(self._legend(), id="review-legend")
        with Horizontal(id="review-main"):
            yield ClaimList(id="claim-list")
            yield ClaimDetail(id="claim-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ClaimList).focus()
        self.load_rows(keep_claim_id=self.focus_claim_id)

    @property
    def claim_list(self) -> ClaimList:
        return self.query_one(ClaimList)

    # Status ----------------------------------------------------------------------------

    def _legend(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for n, label in enumerate(self.app.config.scale[:9], start=1):
            key = self.app.key_display(f"verdict-{n}")
            text.append(f"{key}", style="bold reverse")
            text.append(f" {printable(label)}  ")
        return text

    def _update_status(self) -> None:
        reviewed, total = self.progress
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{reviewed}/{total} reviewed", style="bold")
        text.append(f" · showing {filter_label(self.filter_kind, self.filter_value)}"
                    f" ({len(self.claim_list.rows)})")
        if self.pending_note:
            text.append(" · note pending", style="italic")
        self.query_one("#review-status", Static).update(text)

    # Loading ---------------------------------------------------------------------------

    def load_rows(self, keep_claim_id: int | None = None, ordinal: int | None = None) -> None:
        self._load_rows(self.filter_kind, self.filter_value, keep_claim_id, ordinal)

    @work(thread=True, exclusive=True, group="review-rows")
    def _load_rows(self, kind: str, value: str | None, keep_claim_id: int | None,
                   ordinal: int | None) -> None:
        store: Store = self.app.store
        if self.article_text is None:
            article = store.article(self.article_id)
            self.article_title = article.title or "(untitled)"
            self.article_url = article.url
            self.article_text = store.article_text(self.article_id)
        rows = store.claim_rows(
            self.article_id,
            status="unreviewed" if kind == "unreviewed" else None,
            kind=value if kind == "kind" else None,
            verdict=value if kind == "verdict" else None,
        )
        progress = store.review_progress(self.article_id)
        self.app.call_from_thread(self._rows_loaded, rows, progress, keep_claim_id, ordinal)

    def _rows_loaded(self, rows: list[ClaimRow], progress: tuple[int, int],
                     keep_claim_id: int | None, ordinal: int | None) -> None:
        self.progress = progress
        self.query_one("#review-top", TopBar).set_context(
            f"article {self.article_id}: {self.article_title}")
        claim_list = self.claim_list
        claim_list.empty_text = f"no claims ({filter_label(self.filter_kind, self.filter_value)})"
        cursor = 0
        if keep_claim_id is None and claim_list.current is not None and not self._first_load:
            keep_claim_id = claim_list.current.id
        if ordinal is not None:
            cursor = next((i for i, r in enumerate(rows) if r.ordinal == ordinal), 0)
        elif keep_claim_id is not None:
            cursor = next((i for i, r in enumerate(rows) if r.id == keep_claim_id), 0)
        elif self._first_load:
            cursor = next((i for i, r in enumerate(rows) if r.status != "reviewed"), 0)
        self._first_load = False
        claim_list.set_rows(rows, cursor)
        self._update_status()
        if not rows:
            self.shown_claim_id = None

    def on_claim_list_highlighted(self, event: ClaimList.Highlighted) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
        if event.row is not None:
            claim_id = event.row.id
            self._detail_timer = self.set_timer(DETAIL_DELAY, lambda: self.load_detail(claim_id))

    def load_detail(self, claim_id: int) -> None:
        self._load_detail(claim_id)

    @work(thread=True, exclusive=True, group="review-detail")
    def _load_detail(self, claim_id: int) -> None:
        store: Store = self.app.store
        details = ClaimDetails(
            claim=store.claim(claim_id), article_text=self.article_text or "",
            sources=store.sources(claim_id), history=store.verdict_history(claim_id),
        )
        self.app.call_from_thread(self._detail_loaded, details)

    def _detail_loaded(self, details: ClaimDetails) -> None:
        self.shown_claim_id = details.claim.id
        self.current_sources = [s.url for s in details.sources]
        detail = self.query_one(ClaimDetail)
        detail.show(details, self.progress[1])
        detail.show_pending_note(self.pending_note)
        self.app.find_matches(self, details.claim)

    def show_matches(self, claim_id: int, matches: list | None, error: str | None) -> None:
        """Matches for ``claim_id`` arrived; shown only if it is still the claim shown."""
        if claim_id != self.shown_claim_id:
            return
        panel = self.query_one(MatchesPanel)
        if error is not None:
            panel.show_unavailable(error)
        else:
            panel.show_matches(matches or [])

    def _after_write(self, row: ClaimRow | None, progress: tuple[int, int]) -> None:
        """A write landed: redraw its row, the progress line and (if shown) the detail."""
        self.progress = progress
        if row is not None:
            self.claim_list.replace_row(row)
            if row.id == self.shown_claim_id:
                self.load_detail(row.id)
        self._update_status()

    # Verdicts --------------------------------------------------------------------------

    def action_verdict(self, number: int) -> None:
        scale = self.app.config.scale
        row = self.claim_list.current
        if row is None:
            return
        if number > len(scale):
            self.notify(f"the verdict scale has {len(scale)} labels; key {number} is unused",
                        severity="warning")
            return
        label, note = scale[number - 1], self.pending_note
        self.pending_note = None
        self.query_one(ClaimDetail).show_pending_note(None)
        if row.status != "reviewed":
            self.progress = (self.progress[0] + 1, self.progress[1])
        self.claim_list.replace_row(replace(row, verdict=label, status="reviewed"))
        self.my_verdicts.append(row.id)
        self._move_to_next_unreviewed()
        self._update_status()
        article_id = self.article_id

        def write(store: Store) -> tuple[ClaimRow | None, tuple[int, int]]:
            store.add_verdict(row.id, label, note)
            return store.claim_row(row.id), store.review_progress(article_id)

        self.app.submit_write(write, lambda result: self._after_write(*result),
                              failed=self.load_rows)

    def _move_to_next_unreviewed(self) -> None:
        claim_list = self.claim_list
        rows, start = claim_list.rows, claim_list.cursor
        order = list(range(start + 1, len(rows))) + list(range(0, start))
        nxt = next((i for i in order if rows[i].status != "reviewed"), None)
        if nxt is None:
            reviewed, total = self.progress
            self.notify(f"every claim shown is reviewed ({reviewed}/{total} in the article)")
            if start + 1 < len(rows):
                claim_list.cursor = start + 1
        else:
            claim_list.cursor = nxt

    def action_next_unreviewed(self) -> None:
        self._move_to_next_unreviewed()

    def action_undo(self) -> None:
        claim_list = self.claim_list
        if self.my_verdicts:
            claim_id = self.my_verdicts.pop()
        elif claim_list.current is not None and claim_list.current.verdict:
            claim_id = claim_list.current.id
        else:
            self.notify("nothing to undo: you set no verdict here yet", severity="warning")
            return
        index = claim_list.index_of(claim_id)
        if index is not None:
            claim_list.cursor = index
        article_id = self.article_id

        def write(store: Store) -> tuple[ClaimRow | None, tuple[int, int], str | None]:
            restored = store.undo_verdict(claim_id)
            return store.claim_row(claim_id), store.review_progress(article_id), restored.label

        def done(result: tuple[ClaimRow | None, tuple[int, int], str | None]) -> None:
            row, progress, label = result
            self._after_write(row, progress)
            ordinal = row.ordinal if row else "?"
            now = f"now “{printable(label)}”" if label else "now unreviewed"
            self.notify(f"undid the verdict on claim {ordinal}: {now}")

        self.app.submit_write(write, done, failed=self.load_rows)

    def action_note(self) -> None:
        row = self.claim_list.current
        if row is None:
            return
        title = (f"Note for the verdict “{printable(row.verdict)}” of claim {row.ordinal}"
                 if row.verdict else f"Note for the next verdict you set (claim {row.ordinal})")
        self.app.push_screen(
            TextPrompt(title, placeholder="why this verdict",
                       validate=lambda v: None if v else "the note is empty"),
            lambda note: self._note_given(row, note),
        )

    def _note_given(self, row: ClaimRow, note: str | None) -> None:
        if not note:
            return
        if not row.verdict:
            self.pending_note = note
            self.query_one(ClaimDetail).show_pending_note(note)
            self._update_status()
            return
        label, article_id = row.verdict, self.article_id

        def write(store: Store) -> tuple[ClaimRow | None, tuple[int, int]]:
            store.add_verdict(row.id, label, note)
            return store.claim_row(row.id), store.review_progress(article_id)

        def done(result: tuple[ClaimRow | None, tuple[int, int]]) -> None:
            self._after_write(*result)
            self.notify(f"note added: verdict of claim {row.ordinal} re-recorded with it")

        self.app.submit_write(write, done)

    # Sources ---------------------------------------------------------------------------

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
        article_id = self.article_id

        def write(store: Store) -> tuple[ClaimRow | None, tuple[int, int]]:
            store.add_source(row.id, url, note, quote)
            return store.claim_row(row.id), store.review_progress(article_id)

        def done(result: tuple[ClaimRow | None, tuple[int, int]]) -> None:
            self._after_write(*result)
            self.notify(f"source added to claim {row.ordinal}")

        self.app.submit_write(write, done)

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
        self.load_rows()

    def action_back(self) -> None:
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
