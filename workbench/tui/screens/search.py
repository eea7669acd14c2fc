"""``/``: full-text search over the claims of every article, paged.

Results arrive a page at a time (``store.search_page``) into the virtual
:class:`ClaimList`; the next page is fetched when the cursor nears the end, so
100,000 matches cost one page of rows and one count to show.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from workbench.store import Store
from workbench.store.review import ClaimRow
from workbench.text_safety import printable
from workbench.tui.keymap import textual_bindings
from workbench.tui.widgets.claim_list import ClaimList
from workbench.tui.widgets.top_bar import TopBar

PAGE_SIZE = 200
TYPING_DELAY = 0.2


class SearchScreen(Screen):
    """A query box over a paged list of matching claims of all articles."""

    SCOPE = "search"
    BINDINGS = [*textual_bindings("search"),
                Binding("down", "focus_results", "Results", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.total = 0
        self._loading_page = False
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield TopBar(self.app.identity, "search claims of all articles")
        yield Input(placeholder="words that must all appear in the claim", id="search-input")
        yield Static(Text("type to search", style="dim"), id="search-status")
        yield ClaimList(with_article=True, id="search-results")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.query_one(ClaimList).empty_text = "no results"

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        value = event.value
        self._timer = self.set_timer(TYPING_DELAY, lambda: self.search(value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.search(event.value)
        self.query_one(ClaimList).focus()

    def action_focus_results(self) -> None:
        self.query_one(ClaimList).focus()

    def search(self, text: str) -> None:
        self.query_text = text
        self._search(text)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, text: str) -> None:
        store: Store = self.app.store
        total = store.count_search(text)
        rows = store.search_page(text, offset=0, limit=PAGE_SIZE)
        self.app.call_from_thread(self._first_page, text, total, rows)

    def _first_page(self, text: str, total: int, rows: list[ClaimRow]) -> None:
        if text != self.query_text:
            return
        self.total = total
        self.query_one(ClaimList).set_rows(rows)
        self._update_status()

    def _update_status(self) -> None:
        shown = len(self.query_one(ClaimList).rows)
        if not self.query_text.strip():
            status = Text("type to search", style="dim")
        else:
            status = Text(f"{self.total:,} claims match “{printable(self.query_text)}”"
                          f" · {shown:,} loaded · enter opens a claim in its article")
        self.query_one("#search-status", Static).update(status)

    def on_claim_list_near_end(self, event: ClaimList.NearEnd) -> None:
        claim_list = self.query_one(ClaimList)
        if self._loading_page or len(claim_list.rows) >= self.total:
            return
        self._loading_page = True
        self._next_page(self.query_text, len(claim_list.rows))

    @work(thread=True, exclusive=True, group="search-page")
    def _next_page(self, text: str, offset: int) -> None:
        rows = self.app.store.search_page(text, offset=offset, limit=PAGE_SIZE)
        self.app.call_from_thread(self._more, text, rows)

    def _more(self, text: str, rows: list[ClaimRow]) -> None:
        self._loading_page = False
        if text == self.query_text:
            self.query_one(ClaimList).append_rows(rows)
            self._update_status()

    def action_open_result(self) -> None:
        row = self.query_one(ClaimList).current
        if row is None:
            self.query_one(ClaimList).focus()
            return
        self.app.pop_screen()
        self.app.open_review(row.article_id, focus_claim_id=row.id)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_copy_claim(self) -> None:
        row = self.query_one(ClaimList).current
        if row is not None:
            self.app.copy_to_clipboard(printable(row.text))
            self.notify("copied the claim to the clipboard (OSC 52)")
