"""The review screen: claim list beside the detail pane; one key sets a verdict.

Reads run in exclusive thread workers (a newer cursor move or filter supersedes an
older read). Writes go through :meth:`WorkbenchApp.submit_write`, which runs them
in order on worker threads; the list is updated at once (optimistically) so the
reviewer never waits on the database between two verdict keys.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from workbench.extraction.model import KINDS
from workbench.store import Presence, Store, VerdictConflict
from workbench.store.review import ClaimRow
from workbench.store.team import ReviewSettings, ReviewState
from workbench.text_safety import one_line, printable
from workbench.tui.keymap import textual_bindings
from workbench.tui.live import LiveUpdate
from workbench.tui.screens.prompts import ChoicePrompt, ConflictDialog, SourceForm, TextPrompt
from workbench.tui.widgets.claim_list import ClaimList
from workbench.tui.widgets.detail import ClaimDetail, ClaimDetails, MatchesPanel
from workbench.tui.widgets.top_bar import TopBar

DETAIL_DELAY = 0.04
"""Seconds the cursor must rest before the detail pane loads (holding ↓ stays smooth)."""


def filter_label(kind: str, value: str | None) -> str:
    return {"all": "all claims", "unreviewed": "unreviewed",
            "queue": "waiting for me"}.get(kind, f"{kind}: {value}")


ORDER_LABELS = {"score": "most check-worthy first", "article": "article order"}
"""How the progress line names each claim-list order (``CLAIM_ORDERS`` in the store)."""


WriteResult = tuple[ClaimRow | None, tuple[int, int], ReviewState | None]


class ReviewScreen(Screen):
    """One article's claims: review them with single keys."""

    SCOPE = "review"
    BINDINGS = textual_bindings("review")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    """Below 100 columns the list takes more of the width (``workbench.tcss``)."""

    def __init__(self, article_id: int, focus_claim_id: int | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.focus_claim_id = focus_claim_id
        self.filter_kind = "all"
        self.filter_value: str | None = None
        self.order = "score"
        """The list order, a key of ``CLAIM_ORDERS``: ``score`` or ``article``."""
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
        self.settings = ReviewSettings(two_person=False, blind=False)
        self.states: dict[int, ReviewState] = {}
        self.verdict_ids: dict[int, int] = {}
        """The latest verdict id this screen has shown per claim: what a verdict expects."""
        self._ids_lock = threading.Lock()

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
        if self.settings.two_person:
            text.append(" · two-person" + (", blind" if self.settings.blind else ""),
                        style="italic")
        text.append(f" · {filter_label(self.filter_kind, self.filter_value)}"
                    f" ({len(self.claim_list.rows)})")
        text.append(f" · {ORDER_LABELS[self.order]}", style="bold")
        text.append(f" ({self.app.key_display('toggle-sort')} switches)", style="dim")
        if self.pending_note:
            text.append(" · note pending", style="italic")
        self.query_one("#review-status", Static).update(text)

    # Loading ---------------------------------------------------------------------------

    def load_rows(self, keep_claim_id: int | None = None, ordinal: int | None = None) -> None:
        self._load_rows(self.filter_kind, self.filter_value, self.order, keep_claim_id, ordinal)

    @work(thread=True, exclusive=True, group="review-rows")
    def _load_rows(self, kind: str, value: str | None, order: str, keep_claim_id: int | None,
                   ordinal: int | None) -> None:
        store: Store = self.app.store
        if self.article_text is None:
            article = store.article(self.article_id)
            self.article_title = article.title or "(untitled)"
            self.article_url = article.url
            self.article_text = store.article_text(self.article_id)
        settings = store.review_settings()
        rows = store.claim_rows(
            self.article_id,
            status="unreviewed" if kind == "unreviewed" else None,
            kind=value if kind == "kind" else None,
            verdict=value if kind == "verdict" else None,
            order=order,
        )
        states = {s.claim_id: s for s in store.review_states(self.article_id)}
        if kind == "queue":
            pending, disputes = store.review_queue() if settings.two_person else ([], [])
            waiting = {s.claim_id for s in [*pending, *disputes]}
            rows = [r for r in rows if r.id in waiting]
        elif kind == "verdict" and settings.two_person:
            rows = [r for r in rows if not (r.id in states and states[r.id].hidden)]
        progress = store.review_progress(self.article_id)
        self.app.call_from_thread(self._rows_loaded, rows, progress, keep_claim_id, ordinal,
                                  settings, states)

    def _rows_loaded(self, rows: list[ClaimRow], progress: tuple[int, int],
                     keep_claim_id: int | None, ordinal: int | None,
                     settings: ReviewSettings, states: dict[int, ReviewState]) -> None:
        self.progress = progress
        self.settings = settings
        self.states = states
        self._saw_verdicts((s.claim_id, s.verdict_id or 0) for s in states.values())
        self.claim_list.set_states(dict(states) if settings.two_person else None)
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
        sources = store.sources(claim_id)
        reports: list[Any] = []
        if sources:
            # Imported when a claim first has sources: nothing of fetching loads at start.
            from workbench.fetch.service import source_report

            reports = [source_report(store, s.id) for s in sources]
        settings = store.review_settings()
        details = ClaimDetails(
            claim=store.claim(claim_id), article_text=self.article_text or "",
            sources=sources, history=store.verdict_history(claim_id),
            state=store.review_state(claim_id) if settings.two_person else None,
            reports=reports,
        )
        self.app.call_from_thread(self._detail_loaded, details)

    def _detail_loaded(self, details: ClaimDetails) -> None:
        claim_id = details.claim.id
        moved = claim_id != self.shown_claim_id
        self.shown_claim_id = claim_id
        self.current_sources = [s.url for s in details.sources]
        if details.state is not None:
            self.states[claim_id] = details.state
            self.claim_list.set_state(details.state)
        detail = self.query_one(ClaimDetail)
        detail.show(details, self.progress[1])
        detail.show_pending_note(self.pending_note)
        if moved:
            detail.show_presence(self.app.others_on(claim_id))
            self.app.set_presence(claim_id, self)
        self.app.find_matches(self, details.claim)

    def show_presence(self, claim_id: int | None, others: list[Presence]) -> None:
        """Others on ``claim_id`` (from the app's presence worker)."""
        if claim_id is not None and claim_id == self.shown_claim_id:
            self.query_one(ClaimDetail).show_presence(others)

    def _saw_verdicts(self, pairs: Iterable[tuple[int, int]]) -> None:
        """Remember verdict ids shown; ids only grow, so a stale read never wins."""
        with self._ids_lock:
            for claim_id, verdict_id in pairs:
                if verdict_id >= self.verdict_ids.get(claim_id, 0):
                    self.verdict_ids[claim_id] = verdict_id

    def _expected_id(self, row: ClaimRow) -> int | None:
        """The verdict id a write on ``row`` expects (None: unknown, so unchecked)."""
        with self._ids_lock:
            if row.id in self.verdict_ids:
                return self.verdict_ids[row.id]
        return None if row.verdict else 0

    # Live updates ----------------------------------------------------------------------

    def live_update(self, update: LiveUpdate) -> None:
        """Another process committed: reload what it changed (from the app's poll)."""
        detail = self.query_one(ClaimDetail)
        detail.show_presence(self.app.others_on(self.shown_claim_id))
        if update.settings_changed:
            self.load_rows()
            if self.shown_claim_id is not None:
                self.load_detail(self.shown_claim_id)
            return
        if update.changed:
            listed = {r.id for r in self.claim_list.rows}
            self.reload_claims([c for c in update.claim_ids if c in listed])

    def reload_claims(self, claim_ids: list[int]) -> None:
        """Reread the list rows of ``claim_ids``, the progress and (if shown) the detail."""
        self._reload_claims(claim_ids)

    @work(thread=True, group="review-reload")
    def _reload_claims(self, claim_ids: list[int]) -> None:
        store: Store = self.app.store
        rows = [row for row in (store.claim_row(c) for c in claim_ids) if row is not None]
        states = [store.review_state(c) for c in claim_ids]
        progress = store.review_progress(self.article_id)
        self.app.call_from_thread(self._claims_reloaded, rows, states, progress)

    def _claims_reloaded(self, rows: list[ClaimRow], states: list[ReviewState],
                         progress: tuple[int, int]) -> None:
        self.progress = progress
        self._saw_verdicts((s.claim_id, s.verdict_id or 0) for s in states)
        for state in states:
            self.states[state.claim_id] = state
            self.claim_list.set_state(state)
        for row in rows:
            self.claim_list.replace_row(row)
        if self.shown_claim_id in {r.id for r in rows}:
            self.load_detail(self.shown_claim_id)
        self._update_status()

    def show_matches(self, claim_id: int, matches: list | None, error: str | None) -> None:
        """Matches for ``claim_id`` arrived; shown only if it is still the claim shown."""
        if claim_id != self.shown_claim_id:
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

    def _after_write(self, row: ClaimRow | None, progress: tuple[int, int],
                     state: ReviewState | None = None) -> None:
        """A write landed: redraw its row, the progress line and (if shown) the detail."""
        self.progress = progress
        if state is not None:
            self.states[state.claim_id] = state
            self.claim_list.set_state(state)
            self._saw_verdicts([(state.claim_id, state.verdict_id or 0)])
        if row is not None:
            self.claim_list.replace_row(row)
            if row.id == self.shown_claim_id:
                self.load_detail(row.id)
        self._update_status()

    def _read_back(self, store: Store, claim_id: int) -> WriteResult:
        """What a finished write changed, read on the worker thread."""
        state = store.review_state(claim_id)
        return store.claim_row(claim_id), store.review_progress(self.article_id), state

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
        mode = self._write_mode(row)
        me = self.app.store.reviewer
        state = self.states.get(row.id)
        if mode == "verdict":
            if row.status != "reviewed":
                self.progress = (self.progress[0] + 1, self.progress[1])
            self.claim_list.replace_row(replace(row, verdict=label, status="reviewed"))
            self.my_verdicts.append(row.id)
            if self.settings.two_person:
                self._set_state(ReviewState(row.id, row.article_id, None, label, me, None,
                                            None, "pending"))
        elif state is not None:  # a second review or a resolution: not mine to redo
            self._set_state(replace(state, second_reviewer=me, second_label=label))
        self._move_to_next_unreviewed()
        self._update_status()
        self.submit_verdict(row, label, note, mode)

    def _set_state(self, state: ReviewState) -> None:
        self.states[state.claim_id] = state
        self.claim_list.set_state(state)

    def needs_me(self, row: ClaimRow) -> bool:
        """Whether the claim waits for this reviewer: unreviewed, or (two-person
        review) someone else's verdict to second or dispute to resolve."""
        if not self.settings.two_person:
            return row.status != "reviewed"
        state = self.states.get(row.id)
        if state is None or state.state == "unreviewed":
            return row.status != "reviewed"
        return self._write_mode(row) != "verdict"

    def _write_mode(self, row: ClaimRow) -> str:
        """``verdict``, ``approve`` (second review) or ``resolve`` (a third reviewer)."""
        state = self.states.get(row.id)
        if not self.settings.two_person or state is None:
            return "verdict"
        me = self.app.store.reviewer
        if state.second_reviewer == me:
            return "verdict"
        if state.state == "pending" and (state.hidden or state.reviewer != me):
            return "approve"
        if state.state == "disputed" and me not in (state.reviewer, state.second_reviewer):
            return "resolve"
        return "verdict"

    def submit_verdict(self, row: ClaimRow, label: str | None, note: str | None,
                       mode: str = "verdict", expected: int | None = None) -> None:
        """Write a verdict (or a second review, or a resolution) in order, guarded by
        the verdict id shown; a colleague's newer verdict opens the conflict dialog."""
        blind = self.settings.blind

        def write(store: Store) -> tuple[VerdictConflict | None, WriteResult, str]:
            try:
                if mode == "approve":
                    shown = None if blind or label is not None else self._expected_id(row)
                    state = store.approve_verdict(row.id, label, note,
                                                  expected_verdict_id=shown)
                    outcome = ("published: you agree" if state.state == "published" else
                               f"disputed: {state.label} vs yours; queued for a third reviewer")
                elif mode == "resolve":
                    store.resolve_dispute(row.id, label or "", note)
                    outcome = "dispute resolved and published"
                else:
                    shown = expected if expected is not None else self._expected_id(row)
                    verdict_id = store.add_verdict(row.id, label or "", note,
                                                   expected_verdict_id=shown)
                    self._saw_verdicts([(row.id, verdict_id)])
                    outcome = ""
            except VerdictConflict as conflict:
                return conflict, self._read_back(store, row.id), ""
            return None, self._read_back(store, row.id), outcome

        def done(result: tuple[VerdictConflict | None, WriteResult, str]) -> None:
            conflict, read_back, outcome = result
            self._after_write(*read_back)
            if conflict is not None:
                self._conflicted(row, conflict, mode)
            elif outcome:
                self.notify(f"claim {row.ordinal}: {outcome}")

        self.app.submit_write(write, done, failed=self.load_rows)

    def _conflicted(self, row: ClaimRow, conflict: VerdictConflict, mode: str) -> None:
        if row.id in self.my_verdicts:
            self.my_verdicts.reverse()
            self.my_verdicts.remove(row.id)
            self.my_verdicts.reverse()
        if mode != "verdict":
            self.notify(f"claim {row.ordinal} changed since you saw it; look again",
                        severity="warning")
            return

        def chosen(choice: str | None) -> None:
            if choice == "yours":
                self.my_verdicts.append(row.id)
                self.submit_verdict(row, conflict.yours_label, conflict.yours_note,
                                    expected=conflict.current_id)
            else:
                self._saw_verdicts([(row.id, conflict.current_id)])
                self.notify(f"kept {self._who(conflict)} verdict on claim {row.ordinal}")

        self.app.push_screen(ConflictDialog(row.ordinal, conflict), chosen)

    @staticmethod
    def _who(conflict: VerdictConflict) -> str:
        return f"{one_line(conflict.theirs.reviewer)}'s" if conflict.theirs else "the"

    def action_approve(self) -> None:
        row = self.claim_list.current
        if row is None:
            return
        if not self.settings.two_person:
            self.notify("two-person review is off for this database "
                        "(workbench review-mode --two-person)", severity="warning")
            return
        state = self.states.get(row.id)
        if state is None or self._write_mode(row) != "approve":
            what = state.state if state else "unknown"
            self.notify(f"claim {row.ordinal} is {what}: no verdict of someone else "
                        "waits for your second review", severity="warning")
            return
        if self.settings.blind or state.hidden:
            self.app.push_screen(
                ChoicePrompt(f"Your own verdict for claim {row.ordinal} (blind review)",
                             self.app.config.scale),
                lambda label: label and self._approve(row, label))
            return
        self._approve(row, None)

    def _approve(self, row: ClaimRow, label: str | None) -> None:
        state = self.states.get(row.id)
        if state is not None:
            self._set_state(replace(state, second_reviewer=self.app.store.reviewer))
        self._move_to_next_unreviewed()
        self.submit_verdict(row, label, None, "approve")

    def _move_to_next_unreviewed(self) -> None:
        claim_list = self.claim_list
        rows, start = claim_list.rows, claim_list.cursor
        order = list(range(start + 1, len(rows))) + list(range(0, start))
        nxt = next((i for i in order if self.needs_me(rows[i])), None)
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
            self._saw_verdicts([(claim_id, restored.id)])
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
        state = self.states.get(row.id)
        if state is not None and state.hidden:
            self.notify("blind review: give your note with your own verdict (press n "
                        "after setting it)", severity="warning")
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
        self.submit_verdict(row, row.verdict, note)

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
        self.app.fetch_source(row.id, url, note, quote, lambda _: self.reload_claims([row.id]))

    def action_refresh_sources(self) -> None:
        row = self.claim_list.current
        if row is not None:
            self.app.refresh_sources(row.id, lambda _: self.reload_claims([row.id]))

    # Matches ---------------------------------------------------------------------------

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
            self._after_write(*result)
            if row.id == self.shown_claim_id and how != "reuse":
                self.load_detail(row.id)  # redraws the panel with the decision
            said = {"confirm": "confirmed", "reject": "rejected (no longer suggested)",
                    "reuse": f"reused its verdict “{printable(match.verdict or '')}” and sources"}
            self.notify(f"claim {row.ordinal}: match {match.corpus_id} {said[how]}")

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
        self.load_rows()
        if self.shown_claim_id is not None:
            self.load_detail(self.shown_claim_id)

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
