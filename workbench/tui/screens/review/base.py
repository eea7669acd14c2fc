"""The review screen's core: its state, the claim list and the detail pane loading.

Reads run in exclusive thread workers (a newer cursor move or filter supersedes an
older read, and a superseded read that still reports is not drawn). Writes go
through :meth:`WorkbenchApp.submit_write`, which runs them in order on worker
threads; the list is updated at once (optimistically) so the reviewer never waits
on the database between two verdict keys. The bookkeeping every write shares
(:meth:`ReviewBase._after_write`, the verdict ids shown) lives here.

A read runs on its own thread while a write of this screen may land: a read that
began before the write and reports after it would put the old row, verdict or
review state back over the write's own read-back. Each read therefore carries the
write epoch it was asked in (``_write_epoch``, moved by every landed write); one that
reports in a later epoch is read again instead of shown.

A screen can close while its work is in flight: a read reports late, or an app job
(a write, a refetch) calls back after the reviewer went back to the articles. The
thread workers get the app passed in rather than looking up ``self.app`` in their
thread (that walks up from the screen and fails with Textual's NoActiveAppError
once it is detached), and every report and reload first checks
:attr:`ReviewBase.dismissed`, so late work ends quietly.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from workbench.store import Store
from workbench.store.review import ClaimRow
from workbench.store.team import ReviewSettings, ReviewState
from workbench.tui.live import SourceMarks, report_marks
from workbench.tui.widgets.claim_list import ClaimList
from workbench.tui.widgets.detail import ClaimDetail, ClaimDetails
from workbench.tui.widgets.top_bar import TopBar

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp

DETAIL_DELAY = 0.04
"""Seconds the cursor must rest before the detail pane loads (holding ↓ stays smooth)."""


def filter_label(kind: str, value: str | None) -> str:
    return {"all": "all claims", "unreviewed": "unreviewed",
            "queue": "waiting for me"}.get(kind, f"{kind}: {value}")


ORDER_LABELS = {"score": "most check-worthy first", "article": "article order"}
"""How the progress line names each claim-list order (``CLAIM_ORDERS`` in the store)."""


WriteResult = tuple[ClaimRow | None, tuple[int, int], ReviewState | None]


class ReviewBase(Screen):
    """State and loading shared by the review screen's concerns (see ``screen.py``)."""

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
        self.shown_source_marks: SourceMarks = ()
        """Snapshot and flag ids of the sources drawn in the detail (see ``live.py``)."""
        self._detail_timer: Timer | None = None
        self._first_load = True
        self.settings = ReviewSettings(two_person=False, blind=False)
        self.states: dict[int, ReviewState] = {}
        self.verdict_ids: dict[int, int] = {}
        """The latest verdict id this screen has shown per claim: what a verdict expects."""
        self._ids_lock = threading.Lock()
        self._write_epoch = 0
        """Writes of this screen landed so far: a read asked for earlier may predate one."""
        self._rows_asked = 0
        """List reads asked for so far: only the latest one's report is drawn."""

    @property
    def claim_list(self) -> ClaimList:
        return self.query_one(ClaimList)

    @property
    def dismissed(self) -> bool:
        """Whether the screen has left the app: popped, or the app is exiting.

        Its widgets are then being removed (a query fails), and a worker started on
        it now would never be cancelled by Textual (that happens at unmount) and
        could not reach the app from its thread; reports and reloads that arrive
        after this are dropped. Only meaningful on the UI thread."""
        return not self.is_attached or self not in self.app.screen_stack

    # Status and loading -------------------------------------------------------------

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

    def load_rows(self, keep_claim_id: int | None = None, ordinal: int | None = None) -> None:
        if self.dismissed:  # e.g. a write's failure callback after the screen closed
            return
        self._rows_asked += 1
        self._load_rows(self.app, self.filter_kind, self.filter_value, self.order,
                        keep_claim_id, ordinal, self._rows_asked, self._write_epoch)

    @work(thread=True, exclusive=True, group="review-rows")
    def _load_rows(self, app: WorkbenchApp, kind: str, value: str | None, order: str,
                   keep_claim_id: int | None, ordinal: int | None, asked: int,
                   epoch: int) -> None:
        store: Store = app.store
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
        app.call_from_thread(self._rows_loaded, rows, progress, keep_claim_id, ordinal,
                             settings, states, asked, epoch)

    def _rows_loaded(self, rows: list[ClaimRow], progress: tuple[int, int],
                     keep_claim_id: int | None, ordinal: int | None,
                     settings: ReviewSettings, states: dict[int, ReviewState],
                     asked: int, epoch: int) -> None:
        if self.dismissed:
            return
        if asked != self._rows_asked:
            # Superseded (another filter, order, reload): the newer read is on its way;
            # an exclusive worker's cancel does not stop a thread that already reads.
            return
        if epoch != self._write_epoch:  # may predate a write that landed meanwhile
            self.load_rows(keep_claim_id, ordinal)
            return
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
        if self.dismissed:
            return
        self._load_detail(self.app, claim_id, self.settings.two_person,
                          self._write_epoch)

    @work(thread=True, exclusive=True, group="review-detail")
    def _load_detail(self, app: WorkbenchApp, claim_id: int, two_person: bool,
                     epoch: int) -> None:
        """Read one claim's details; the review settings are the list's (reloaded with
        it when they change), not read again on every cursor move."""
        store: Store = app.store
        sources = store.sources(claim_id)
        reports: list[Any] = []
        if sources:
            # Imported when a claim first has sources: nothing of fetching loads at start.
            from workbench.fetch.service import source_report

            reports = [source_report(store, s.id) for s in sources]
        details = ClaimDetails(
            claim=store.claim(claim_id), article_text=self.article_text or "",
            sources=sources, history=store.verdict_history(claim_id),
            state=store.review_state(claim_id) if two_person else None,
            reports=reports,
        )
        app.call_from_thread(self._detail_loaded, details, epoch)

    def _detail_loaded(self, details: ClaimDetails, epoch: int) -> None:
        if self.dismissed:
            return
        claim_id = details.claim.id
        current = self.claim_list.current
        if current is None or current.id != claim_id:
            # Superseded: the cursor moved on and its own read is on its way (an
            # exclusive worker's cancel does not stop a thread that already reads).
            return
        if epoch != self._write_epoch:  # may predate a write that landed meanwhile
            self.load_detail(claim_id)
            return
        moved = claim_id != self.shown_claim_id
        self.shown_claim_id = claim_id
        self.current_sources = [s.url for s in details.sources]
        self.shown_source_marks = report_marks(details.reports)
        if details.state is not None:
            self._set_state(details.state)
        detail = self.query_one(ClaimDetail)
        detail.show(details, self.progress[1])
        detail.show_pending_note(self.pending_note)
        if moved:
            detail.show_presence(self.app.others_on(claim_id))
            self.app.set_presence(claim_id, self)
        self.app.find_matches(self, details.claim)

    def reload_claims(self, claim_ids: list[int]) -> None:
        """Reread the list rows of ``claim_ids``, the progress and (if shown) the detail.

        Also called back by app jobs (a fetch, a refetch) that may end after the
        screen closed; then there is nothing to reread."""
        if self.dismissed:
            return
        self._reload_claims(self.app, claim_ids, self._write_epoch)

    @work(thread=True, group="review-reload")
    def _reload_claims(self, app: WorkbenchApp, claim_ids: list[int], epoch: int) -> None:
        store: Store = app.store
        rows = [row for row in (store.claim_row(c) for c in claim_ids) if row is not None]
        states = [store.review_state(c) for c in claim_ids]
        progress = store.review_progress(self.article_id)
        app.call_from_thread(self._claims_reread, claim_ids, epoch, rows, states, progress)

    def _claims_reread(self, claim_ids: list[int], epoch: int, rows: list[ClaimRow],
                       states: list[ReviewState], progress: tuple[int, int]) -> None:
        if self.dismissed:
            return
        if epoch != self._write_epoch:  # may predate a write that landed meanwhile
            self.reload_claims(claim_ids)
            return
        self._claims_reloaded(rows, states, progress)

    def _claims_reloaded(self, rows: list[ClaimRow], states: list[ReviewState],
                         progress: tuple[int, int]) -> None:
        """Redraw the rows and states read, the progress line and (if shown) the detail."""
        self.progress = progress
        self._saw_verdicts((s.claim_id, s.verdict_id or 0) for s in states)
        for state in states:
            self._set_state(state)
        for row in rows:
            self.claim_list.replace_row(row)
        if self.shown_claim_id in {r.id for r in rows}:
            self.load_detail(self.shown_claim_id)
        self._update_status()

    # What every write shares ------------------------------------------------------

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

    def _after_write(self, row: ClaimRow | None, progress: tuple[int, int],
                     state: ReviewState | None = None) -> None:
        """A write landed: redraw its row, the progress line and (if shown) the detail.

        ``row``, ``progress`` and ``state`` are read back by the write's own worker
        after it committed; any read asked for before now is read again. A write
        that lands after the screen closed is stored and shown nowhere: redrawing a
        closed screen failed in the write worker and took the app down."""
        if self.dismissed:
            return
        self._write_epoch += 1
        self._claims_reloaded([row] if row is not None else [],
                              [state] if state is not None else [], progress)

    def _read_back(self, store: Store, claim_id: int) -> WriteResult:
        """What a finished write changed, read on the worker thread."""
        state = store.review_state(claim_id)
        return store.claim_row(claim_id), store.review_progress(self.article_id), state

    def _set_state(self, state: ReviewState) -> None:
        """Show a claim's review state (an optimistic one too: no verdict id is noted)."""
        self.states[state.claim_id] = state
        self.claim_list.set_state(state)
