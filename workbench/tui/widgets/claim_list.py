"""A virtual claim list: draws only the visible lines, whatever the row count.

A DataTable builds per-row state and takes seconds at 100,000 rows; this list
keeps plain :class:`ClaimRow` records and renders the few lines on screen through
Textual's Line API (the approach of Textualize/toolong), so first paint and cursor
moves cost the same for 20 rows or 100,000.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.store.review import ClaimRow
from workbench.store.team import ReviewState
from workbench.tui.render import COMPACT_BELOW, row_text


class ClaimList(ScrollView, can_focus=True):
    """Claims, one line each, with a cursor. Posts :class:`Highlighted` on moves."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "to(0)", "First", show=False),
        Binding("end", "to(-1)", "Last", show=False),
    ]
    COMPONENT_CLASSES = {"claim-list--cursor"}

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Highlighted(Message):
        """The cursor moved onto ``row`` (None when the list is empty)."""

        def __init__(self, claim_list: ClaimList, index: int, row: ClaimRow | None) -> None:
            super().__init__()
            self.claim_list = claim_list
            self.index = index
            self.row = row

    class NearEnd(Message):
        """The cursor is close to the last loaded row: time to fetch another page."""

    def __init__(self, *, with_article: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ClaimRow] = []
        self.with_article = with_article
        self.empty_text = "no claims"
        self.states: dict[int, ReviewState] | None = None
        """Two-person review states by claim id, shown instead of raw verdicts (None: off)."""
        self.matched: set[int] = set()
        """Claims with earlier checked claims that resemble them (marked in the list)."""

    # Data ------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[ClaimRow], cursor: int = 0) -> None:
        """Replace every row and put the cursor on ``cursor`` (clamped)."""
        self.rows = list(rows)
        self.virtual_size = Size(self.size.width, len(self.rows))
        self.refresh()
        self.cursor = max(0, min(cursor, len(self.rows) - 1))

    def append_rows(self, rows: Sequence[ClaimRow]) -> None:
        """Add a page of rows at the end (search results)."""
        self.rows.extend(rows)
        self.virtual_size = Size(self.size.width, len(self.rows))
        self.refresh()

    def set_states(self, states: dict[int, ReviewState] | None) -> None:
        """Show review states (two-person review) instead of raw verdicts; redraw."""
        self.states = states
        self.refresh()

    def set_state(self, state: ReviewState) -> None:
        """One claim's review state changed: redraw its line."""
        if self.states is not None:
            self.states[state.claim_id] = state
            index = self.index_of(state.claim_id)
            if index is not None:
                self._refresh_index(index)

    def mark_matched(self, claim_ids: set[int]) -> None:
        self.matched |= claim_ids
        self.refresh()

    def replace_row(self, row: ClaimRow) -> None:
        """Redraw the line of the claim with ``row.id`` with new contents."""
        for index, old in enumerate(self.rows):
            if old.id == row.id:
                self.rows[index] = row
                self._refresh_index(index)
                return

    @property
    def current(self) -> ClaimRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def index_of(self, claim_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.id == claim_id), None)

    # Cursor ----------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_index(old)
        self._refresh_index(new)
        self.scroll_to_visible_line(new)
        self.post_message(self.Highlighted(self, new, self.current))
        if self.rows and new >= len(self.rows) - 50:
            self.post_message(self.NearEnd())

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def action_cursor(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height - 1)

    def action_to(self, index: int) -> None:
        self.cursor = index if index >= 0 else len(self.rows) - 1

    def scroll_to_visible_line(self, index: int) -> None:
        height = self.scrollable_content_region.height or 1
        top = int(self.scroll_offset.y)
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False, immediate=True)

    def _refresh_index(self, index: int) -> None:
        y = index - int(self.scroll_offset.y)
        if 0 <= y < self.size.height:
            self.refresh_line(y)

    # Rendering -------------------------------------------------------------------------

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + int(self.scroll_offset.y)
        base = self.rich_style
        if not self.rows:
            if y == 0:
                return Strip([Segment(self.empty_text, base + Style(dim=True))]).adjust_cell_length(
                    width, base)
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        state = self.states.get(row.id) if self.states is not None else None
        if state is None and self.states is not None and row.verdict:
            state = _UNKNOWN_STATE  # never the raw label while review states are shown
        text = row_text(row, with_article=self.with_article, state=state,
                        matched=row.id in self.matched, compact=width < COMPACT_BELOW)
        text.truncate(width, overflow="ellipsis", pad=True)
        style = base
        if index == self.cursor:
            style = base + self.get_component_rich_style("claim-list--cursor")
        segments = list(text.render(self.app.console))
        strip = Strip(segments).adjust_cell_length(width, style)
        return strip.apply_style(style) if index != self.cursor else _over(strip, style)


_UNKNOWN_STATE = ReviewState(0, 0, None, None, None, None, None, "pending", hidden=True)


def _over(strip: Strip, style: Style) -> Strip:
    """Apply the cursor style on top of each segment's own style."""
    return Strip([Segment(s.text, (s.style or Style()) + style, s.control) for s in strip])
