"""``?``: every binding of the active keymap, grouped by screen, plus the badge legend."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.tui.keymap import Keymap
from workbench.tui.keytable import rows
from workbench.tui.render import KIND_BADGES


def badge_legend() -> Text:
    """What the claim list's kind badges mean: first on the help screen, always seen."""
    text = Text()
    text.append("Kind badges in the claim list: ", style="bold")
    text.append("  ".join(f"{badge} {kind}" for kind, badge in KIND_BADGES.items()))
    text.append(" (below 56 columns the list leaves badges and score to the detail pane)",
                style="dim")
    return text


class HelpScreen(ModalScreen[None]):
    """A scrollable table of keys; Escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", show=False),
        Binding("up", "scroll('up')", show=False),
        Binding("down", "scroll('down')", show=False),
    ]

    def __init__(self, keymap: Keymap, scale: Sequence[str]) -> None:
        super().__init__()
        self.keymap = keymap
        self.scale = scale

    def compose(self) -> ComposeResult:
        table = Table(expand=True, box=None, show_edge=False, pad_edge=False)
        table.add_column("screen", style="dim", ratio=2)
        table.add_column("keys", style="bold", ratio=1)
        table.add_column("action", ratio=5)
        for screens, keys, action_id, text in rows(self.keymap, self.scale):
            if text.startswith("(unused"):
                continue
            table.add_row(Text(screens), Text(keys), Text(f"{text} [{action_id}]"))
        table.add_row(Text("lists"), Text("↑ ↓ PgUp PgDn Home End"), Text("Move the cursor"))
        table.add_row(Text("forms"), Text("⏎ / esc"), Text("Next field or save / cancel"))
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys (esc closes)"
            yield Static(badge_legend(), id="help-legend")
            yield Static(table)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one(VerticalScroll)
        if direction == "up":
            scroll.scroll_up(animate=False)
        else:
            scroll.scroll_down(animate=False)
